// Service worker of the Baolian PWA: keeps the app shell in a cache so the app starts
// with no network. The build replaces BUILD_VERSION and SHELL_FILES; a new build is a
// new cache, and the old one is deleted once the new worker takes over.
const VERSION = "BUILD_VERSION";
const CACHE = `baolian-shell-${VERSION}`;
const SHELL = SHELL_FILES;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL.map((path) => new Request(path, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // The API is never cached: records live in IndexedDB, not in HTTP caches.
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) {
    return;
  }
  // Every page of the app is the same shell; the app decides what to show.
  const key = request.mode === "navigate" ? "/index.html" : url.pathname;
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(key).then((hit) => hit || fetch(request)),
    ),
  );
});
