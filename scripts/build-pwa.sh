#!/usr/bin/env bash
# Builds the PWA into client/dist: the client compiled to wasm32, its wasm-bindgen
# glue, the static shell, and a service worker that lists the shell with a version
# derived from the content, so every build that changes anything is a new cache.
#
# Usage: bash scripts/build-pwa.sh   (run scripts/setup.sh first on a fresh machine)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/wasm-env.sh

profile=wasm-release
out=client/dist

echo "==> compiling the client for wasm32 ($(wasm_route) route, profile $profile)"
wasm_cargo build -p baolian-client --profile "$profile"
wasm="$WASM_TARGET_DIR/$WASM_TARGET/$profile/baolian_client.wasm"

echo "==> wasm-bindgen"
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
wasm-bindgen --target web --no-typescript --out-dir "$out.tmp" --out-name baolian "$wasm"
if command -v wasm-opt >/dev/null 2>&1; then
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    -o "$out.tmp/baolian_bg.wasm" "$out.tmp/baolian_bg.wasm"
fi

echo "==> static shell and service worker"
cp client/static/index.html client/static/app.css client/static/manifest.webmanifest \
  client/static/icon.svg client/static/icon-192.png client/static/icon-512.png "$out.tmp/"
shell='["/index.html","/baolian.js","/baolian_bg.wasm","/app.css","/manifest.webmanifest","/icon.svg","/icon-192.png","/icon-512.png"]'
version="$(cat "$out.tmp"/* client/static/sw.js | sha256sum | cut -c1-16)"
sed -e "s|BUILD_VERSION|$version|" -e "s|SHELL_FILES|$shell|" client/static/sw.js >"$out.tmp/sw.js"

rm -rf "$out"
mv "$out.tmp" "$out"
raw=$(stat -c %s "$out/baolian_bg.wasm")
gz=$(gzip -9 -c "$out/baolian_bg.wasm" | wc -c)
echo "==> built $out (version $version; wasm $raw bytes, $gz gzipped)"
