// A sync client written from docs/sync-protocol.md alone, with the official JavaScript
// automerge library, to prove that a device of someone else's making can sync with the
// Baolian server.
//
//   node tests/js/sync-client.mjs http://127.0.0.1:PORT
//
// Expects a server started with `baolian serve --demo`. Each device first catches up
// with the records its scope already holds, as a new phone must. Prints a JSON summary
// on stdout and exits 0; on any mismatch prints what differed on stderr and exits 1.

import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";

import * as Automerge from "@automerge/automerge";

const PASSWORD = "baolian2024";
const PROTOCOL = 2;
const MAX_ROUNDS = 8;
const MAX_DOCS_PER_REQUEST = 200;
const APP_VERSION = "js-sync-client/0.1.0";

// The monthly self-inspection checklist (TWN-SELF), in the order officials walk it.
const ITEMS = [
  "fire-lanes",
  "evacuation-routes",
  "safety-exits",
  "indoor-hydrants",
  "evacuation-signs",
  "emergency-lighting",
  "extinguishers",
  "wiring",
  "e-bikes",
];
const WIRING_NOTE = "二楼仓库私拉电线";
const EDITED_NOTE = "二楼仓库私拉电线，已当场要求拆除";
const SUGGESTIONS = "请于本周内拆除二楼仓库私拉的电线。";

class Mismatch extends Error {}

function check(condition, message) {
  if (!condition) throw new Mismatch(message);
}

function same(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  check(a === e, `${what}: expected ${e}, got ${a}`);
}

// ---- the protocol's hashes -------------------------------------------------------------

const sha256Hex = (text) => createHash("sha256").update(text, "utf8").digest("hex");

/** Heads as the wire carries them: lowercase hex, sorted. */
const sortedHeads = (heads) => [...heads].map((h) => h.toLowerCase()).sort();

/** First 16 hex digits of SHA-256 over the sorted heads joined by ","; "" for none. */
function headsHash(heads) {
  const sorted = sortedHeads(heads);
  return sorted.length === 0 ? "" : sha256Hex(sorted.join(",")).slice(0, 16);
}

/** SHA-256 over `id SP heads_hash LF` of each record in ascending id order, hex. */
function digest(records) {
  const lines = [...records]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r) => `${r.id} ${headsHash(r.heads)}\n`);
  return sha256Hex(lines.join(""));
}

const toBase64 = (bytes) => Buffer.from(bytes).toString("base64");
const fromBase64 = (text) => new Uint8Array(Buffer.from(text, "base64"));

// ---- HTTP ------------------------------------------------------------------------------

async function post(base, path, body, token) {
  const headers = { "Content-Type": "application/json", "Accept-Language": "en" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers,
    body: JSON.stringify(body),
  });
  const text = await response.text();
  check(response.ok, `POST ${path} answered ${response.status}: ${text}`);
  try {
    return JSON.parse(text);
  } catch {
    throw new Mismatch(`POST ${path} answered a body that is not JSON: ${text}`);
  }
}

async function login(base, username, deviceName) {
  const answer = await post(base, "/api/v1/login", {
    username,
    password: PASSWORD,
    device: { previous_id: null, name: deviceName, app_version: APP_VERSION },
  });
  check(/^[0-9a-f]{64}$/.test(answer.token ?? ""), `login of ${username}: token ${answer.token}`);
  check(/^[0-9a-f]{24}$/.test(answer.device_id ?? ""), `login: device_id ${answer.device_id}`);
  same(answer.user?.username, username, "login: the user");
  return answer.token;
}

/** One round: POST /api/v1/sync with protocol 2; checks the answer's shape. */
async function syncRound(base, token, { docs = [], digest: d, wantManifest = false }) {
  const request = {
    protocol: PROTOCOL,
    docs,
    want_manifest: wantManifest,
    pending_changes: docs.filter((doc) => doc.changes).length,
    app_version: APP_VERSION,
  };
  if (d !== undefined) request.digest = d;
  const answer = await post(base, "/api/v1/sync", request, token);
  same(answer.protocol, PROTOCOL, "sync: the answer's protocol");
  check(Array.isArray(answer.docs), `sync: the answer has no docs: ${JSON.stringify(answer)}`);
  same(
    answer.docs.map((doc) => doc.id),
    docs.map((doc) => doc.id),
    "sync: one reply per document, in request order",
  );
  for (const reply of answer.docs) {
    check(Array.isArray(reply.heads), `sync: reply for ${reply.id} has no heads array`);
    same(reply.heads, sortedHeads(reply.heads), `sync: heads of ${reply.id} are sorted hex`);
  }
  if (d !== undefined) {
    check(typeof answer.in_sync === "boolean", "sync: a digest was sent but in_sync is absent");
  } else {
    check(answer.in_sync === undefined, "sync: no digest was sent but in_sync is present");
  }
  return answer;
}

// ---- the record document ---------------------------------------------------------------

// Strings are scalar strings, not collaborative text: automerge 3 turns a plain JS
// string into text, so every string goes through ImmutableString.
const str = (text) => new Automerge.ImmutableString(text);

/** The local date (China Standard Time, UTC+8) of an instant. */
const chinaDate = (ms) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);

/** A new inspection document of `unit` by `author`, every key written in one change. */
function newRecord({ id, unit, author, status, suggestions, answers, scalarStrings = true }) {
  const s = scalarStrings ? str : (text) => text;
  const now = Date.now();
  return Automerge.change(Automerge.init(), "create inspection", (d) => {
    d.type = s("inspection");
    d.schema = new Automerge.Uint(2);
    d.id = s(id);
    d.unit_id = s(unit);
    d.activity = s("TWN-SELF");
    d.template = s("twn-self/1");
    d.author = s(author);
    d.date = s(chinaDate(now));
    d.created_at_ms = now;
    d.status = s(status);
    d.suggestions = s(suggestions);
    d.review_state = s("none");
    d.review_reason = s("");
    d.reviewed_by = s("");
    d.reviewed_at_ms = 0;
    d.items = {};
    for (const item of ITEMS) {
      const [result, note] = answers(item);
      d.items[item] = { note: s(note) };
      if (result) d.items[item].result = s(result);
    }
  });
}

/** The answers of the record under test: all pass, wiring fails with a note. */
const answers = (item) => (item === "wiring" ? ["fail", WIRING_NOTE] : ["pass", ""]);

/** A plain-JSON view of a record document, with every scalar string as a JS string. */
function plain(doc) {
  const walk = (value, path) => {
    if (Automerge.isImmutableString(value)) return value.toString();
    if (typeof value === "bigint") return Number(value); // a uint, such as schema
    if (typeof value === "string") {
      throw new Mismatch(`${path} is collaborative text, not a scalar string`);
    }
    if (value !== null && typeof value === "object" && !(value instanceof Uint8Array)) {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((key) => [key, walk(value[key], `${path}.${key}`)]),
      );
    }
    return value;
  };
  return walk(Automerge.toJS(doc), "ROOT");
}

const heads = (doc) => sortedHeads(Automerge.getHeads(doc));

// A new device catching up: ask for the manifest, then fetch every listed record with
// sync messages, many records per request. Returns the documents by id.
async function catchUp(base, token, round) {
  const held = new Map();
  const first = await round(base, token, { digest: digest([]), wantManifest: true });
  if (first.in_sync) return held;
  check(Array.isArray(first.manifest), "catch-up: no manifest though the digests differ");
  const sessions = new Map(
    first.manifest.map((e) => [e.id, { doc: Automerge.init(), state: Automerge.initSyncState() }]),
  );
  for (let r = 0; r < MAX_ROUNDS; r += 1) {
    const docs = [];
    for (const [id, session] of sessions) {
      let message;
      [session.state, message] = Automerge.generateSyncMessage(session.doc, session.state);
      if (message) docs.push({ id, message: toBase64(message) });
    }
    if (docs.length === 0) break;
    for (let i = 0; i < docs.length; i += MAX_DOCS_PER_REQUEST) {
      const answer = await round(base, token, { docs: docs.slice(i, i + MAX_DOCS_PER_REQUEST) });
      for (const reply of answer.docs) {
        check(!reply.error, `catch-up of ${reply.id} refused: ${JSON.stringify(reply.error)}`);
        if (!reply.message) continue;
        const session = sessions.get(reply.id);
        [session.doc, session.state] = Automerge.receiveSyncMessage(
          session.doc,
          session.state,
          fromBase64(reply.message),
        );
      }
    }
  }
  for (const entry of first.manifest) {
    const doc = sessions.get(entry.id).doc;
    same(headsHash(heads(doc)), entry.heads, `catch-up: heads_hash of ${entry.id}`);
    held.set(entry.id, doc);
  }
  const settled = await round(base, token, { digest: digest(listHeld(held)) });
  same(settled.in_sync, true, "catch-up: in_sync once every listed record is fetched");
  return held;
}

const listHeld = (held) => [...held].map(([id, doc]) => ({ id, heads: heads(doc) }));

// ---- the session -----------------------------------------------------------------------

async function main() {
  const base = (process.argv[2] ?? "").replace(/\/+$/, "");
  check(/^https?:\/\/[^/]+$/.test(base), "usage: node sync-client.mjs http://HOST:PORT");
  const { version } = JSON.parse(
    readFileSync(new URL("./node_modules/@automerge/automerge/package.json", import.meta.url)),
  );
  const summary = { server: base, automerge: version, rounds: 0 };
  const round = async (...args) => {
    summary.rounds += 1;
    return syncRound(...args);
  };

  // The first device: wangfang's phone.
  const official = await login(base, "wangfang", "Node.js sync client (official)");
  const before = listHeld(await catchUp(base, official, round));
  summary.caught_up = before.length;

  const recordId = randomUUID();
  let record = newRecord({
    id: recordId,
    unit: "U001",
    author: "wangfang",
    status: "submitted",
    suggestions: SUGGESTIONS,
    answers,
  });
  // Submitted with no item answered: breaks the completeness rules.
  const invalidId = randomUUID();
  const invalid = newRecord({
    id: invalidId,
    unit: "U001",
    author: "wangfang",
    status: "submitted",
    suggestions: "",
    answers: () => [null, ""],
  });
  // Otherwise valid, but written with plain JS strings, which automerge 3 makes text.
  const textId = randomUUID();
  const text = newRecord({
    id: textId,
    unit: "U001",
    author: "wangfang",
    status: "draft",
    suggestions: "",
    answers: () => [null, ""],
    scalarStrings: false,
  });

  // Round 1: upload the new record whole, with the digest of the rest (nothing).
  const created = Automerge.save(record);
  const upload = await round(base, official, {
    docs: [
      { id: recordId, changes: toBase64(created) },
      { id: invalidId, changes: toBase64(Automerge.save(invalid)) },
      { id: textId, changes: toBase64(Automerge.save(text)) },
    ],
    digest: digest(before),
  });
  const [accepted, refused, refusedText] = upload.docs;
  check(!accepted.error, `the new record was refused: ${JSON.stringify(accepted.error)}`);
  same(accepted.heads, heads(record), "round 1: the server's heads of the new record");
  check(accepted.message === undefined, "round 1: a message came back though none was sent");
  same(refused.error?.code, "record.invalid", "round 1: the error of the incomplete record");
  check(
    (refused.error?.details ?? []).length === ITEMS.length,
    `round 1: expected one detail per unanswered item, got ${JSON.stringify(refused.error)}`,
  );
  same(refused.heads, [], "round 1: heads of the refused record");
  same(refusedText.error?.code, "record.invalid", "round 1: the error of the text record");
  same(refusedText.heads, [], "round 1: heads of the text record");
  same(upload.in_sync, true, "round 1: in_sync of everything else the device holds");
  let acked = accepted.heads;

  // Round 2: edit one note and upload only what the server lacks.
  record = Automerge.change(record, "edit note", (d) => {
    d.items.wiring.note = str(EDITED_NOTE);
  });
  const since = Automerge.saveSince(record, acked);
  const edit = await round(base, official, {
    docs: [{ id: recordId, changes: toBase64(since) }],
    digest: digest(before),
  });
  check(!edit.docs[0].error, `the edit was refused: ${JSON.stringify(edit.docs[0].error)}`);
  same(edit.docs[0].heads, heads(record), "round 2: the server's heads after the edit");
  same(edit.in_sync, true, "round 2: in_sync");
  acked = edit.docs[0].heads;

  // Round 3: nothing new; the digest alone settles it.
  const held = [...before, { id: recordId, heads: acked }];
  const settle = await round(base, official, { digest: digest(held), wantManifest: true });
  same(settle.in_sync, true, "round 3: in_sync of a device holding the acknowledged record");
  check(settle.manifest === undefined, "round 3: a manifest came though the digests agree");

  // The second device: lijun, fire officer on U001's guidance group, holding nothing.
  const officer = await login(base, "lijun", "Node.js sync client (fire officer)");
  const officerHeld = await catchUp(base, officer, round);
  const ids = [...officerHeld.keys()];
  check(officerHeld.has(recordId), `second device: record ${recordId} was not in its scope`);
  check(
    !ids.includes(invalidId) && !ids.includes(textId),
    "second device: a refused record is in the manifest",
  );
  const copy = officerHeld.get(recordId);
  same(heads(copy), acked, "second device: heads of the fetched copy");
  same(plain(copy), plain(record), "second device: content of the fetched copy");
  const fetched = plain(copy);
  same(fetched.items.wiring, { note: EDITED_NOTE, result: "fail" }, "fetched wiring item");

  Object.assign(summary, {
    ok: true,
    record_id: recordId,
    heads: acked,
    heads_hash: headsHash(acked),
    changes_bytes: { create: created.length, edit: since.length },
    refused: {
      [invalidId]: refused.error,
      [textId]: refusedText.error,
    },
    officer_caught_up: officerHeld.size,
    items: Object.fromEntries(ITEMS.map((item) => [item, fetched.items[item].result])),
    wiring_note: fetched.items.wiring.note,
  });
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

main().catch((error) => {
  const text =
    error instanceof Mismatch
      ? `mismatch: ${error.message}`
      : `error: ${error.stack}${error.cause ? `\ncaused by: ${error.cause}` : ""}`;
  process.stderr.write(`sync-client: ${text}\n`);
  process.exit(1);
});
