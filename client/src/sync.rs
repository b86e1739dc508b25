//! The device side of the sync protocol (see `docs/sync-protocol.md`).
//!
//! One sync session:
//! 1. uploads every record with unacknowledged changes as raw changes after the heads
//!    the server last acknowledged, together with a digest of every other record;
//! 2. when the server's heads of a record hold changes this device lacks, or the
//!    digests differ and the manifest shows records that differ, runs automerge's sync
//!    protocol for just those records, one HTTP round per step;
//! 3. drops records the manifest no longer lists (they left this account's scope),
//!    unless they still hold changes the server has not acknowledged.
//!
//! A record counts as synced only when the server's reply shows heads that contain
//! every local head: the server answers only after it committed. A device with
//! nothing new costs one round trip carrying a digest. Sync states live for one session
//! only; after any failure the next session starts fresh.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use automerge::sync::{Message, State, SyncDoc};
use automerge::{AutoCommit, ChangeHash};
use baolian_shared::error::Lang;
use baolian_shared::inspection::{InspectionDoc, heads_to_hex};
use baolian_shared::sync::{
    DocMessage, DocReply, MAX_DOCS_PER_REQUEST, MAX_ROUNDS, PROTOCOL_VERSION, SyncRequest,
    SyncResponse, heads_hash, scope_digest,
};

use crate::api::{self, ApiError};
use crate::store::{Store, StoreError, StoredRecord};

/// What one sync session achieved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncReport {
    /// Records whose changes the server now holds.
    pub synced: usize,
    /// Records received or updated from the server.
    pub received: usize,
    /// Records removed because they left this account's scope.
    pub removed: usize,
    /// Records the server refused, with its message.
    pub refused: Vec<(String, String)>,
}

/// Why a sync session stopped early.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncError {
    /// The server refused the whole request or could not be reached.
    Api(ApiError),
    /// The device storage failed.
    Store(String),
}

impl From<StoreError> for SyncError {
    fn from(error: StoreError) -> Self {
        SyncError::Store(error.to_string())
    }
}

/// A record this session works on.
struct Working {
    doc: AutoCommit,
    /// Set while an automerge sync exchange about the record runs.
    state: Option<State>,
    /// Raw changes still to upload.
    upload: Option<Vec<u8>>,
    /// Whether the document changed during the session and must be written back.
    changed: bool,
    /// Heads the server last reported, if it did this session.
    server_heads: Option<BTreeSet<String>>,
}

impl Working {
    fn new(doc: AutoCommit) -> Working {
        Working { doc, state: None, upload: None, changed: false, server_heads: None }
    }
}

/// Runs one sync session.
pub async fn sync_all(store: &Store, token: &str, lang: Lang) -> Result<SyncReport, SyncError> {
    let mut stored: BTreeMap<String, StoredRecord> =
        store.all_records().await?.into_iter().map(|r| (r.summary.id.clone(), r)).collect();
    let pending_changes = stored.values().filter(|r| r.is_pending()).count();
    let mut working = BTreeMap::new();
    for (id, record) in stored.iter().filter(|(_, r)| r.is_pending()) {
        let acked = parse_heads(&record.synced);
        let mut entry = Working::new(load(&record.bytes)?);
        let upload = if acked.is_empty() { entry.doc.save() } else { entry.doc.save_after(&acked) };
        entry.upload = Some(upload);
        working.insert(id.clone(), entry);
    }

    let mut report = SyncReport::default();
    let mut want_manifest = false;
    let mut manifest_seen = false;
    for _ in 0..MAX_ROUNDS {
        let docs = next_messages(&mut working);
        let digest = digest_without(&stored, &mut working, &docs);
        let request = SyncRequest {
            protocol: PROTOCOL_VERSION,
            docs,
            digest: Some(digest),
            want_manifest,
            pending_changes: u32::try_from(pending_changes).unwrap_or(u32::MAX),
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
        };
        let response = send(token, lang, request).await?;
        let in_sync = response.in_sync.unwrap_or(true);

        for reply in response.docs {
            apply_reply(&mut working, reply, &mut report)?;
        }
        if let Some(manifest) = response.manifest {
            manifest_seen = true;
            let listed: BTreeSet<String> = manifest.iter().map(|e| e.id.clone()).collect();
            for entry in manifest {
                let local = stored.get(&entry.id).map(|r| heads_hash(&split(&r.heads)));
                if local.as_deref() != Some(entry.heads.as_str())
                    && !working.contains_key(&entry.id)
                {
                    let doc = match stored.get(&entry.id) {
                        Some(record) => load(&record.bytes)?,
                        None => AutoCommit::new(),
                    };
                    let mut fetch = Working::new(doc);
                    fetch.state = Some(State::new());
                    working.insert(entry.id, fetch);
                }
            }
            for (id, record) in &stored {
                let gone =
                    !listed.contains(id) && !working.contains_key(id) && !record.is_pending();
                if gone && store.remove_if_synced(id).await? {
                    report.removed += 1;
                }
            }
        }

        // Keep what this round settled, so an interrupted session loses nothing of it.
        settle(store, &mut working, &mut stored, &mut report, false).await?;
        if !in_sync && !manifest_seen {
            want_manifest = true;
            continue;
        }
        if working.is_empty() {
            break;
        }
    }

    settle(store, &mut working, &mut stored, &mut report, true).await?;
    Ok(report)
}

/// Writes back the records no exchange is running for (all of them when `all`), and
/// stops working on them.
async fn settle(
    store: &Store,
    working: &mut BTreeMap<String, Working>,
    stored: &mut BTreeMap<String, StoredRecord>,
    report: &mut SyncReport,
    all: bool,
) -> Result<(), SyncError> {
    let done: Vec<String> = working
        .iter()
        .filter(|(_, w)| all || (w.state.is_none() && w.upload.is_none()))
        .map(|(id, _)| id.clone())
        .collect();
    for id in done {
        let Some(entry) = working.remove(&id) else { continue };
        if let Some(record) = persist(store, &id, entry, report).await? {
            stored.insert(id, record);
        }
    }
    Ok(())
}

/// Loads a stored document.
fn load(bytes: &[u8]) -> Result<AutoCommit, SyncError> {
    AutoCommit::load(bytes).map_err(|e| SyncError::Store(e.to_string()))
}

/// The sync messages and uploads of this round.
fn next_messages(working: &mut BTreeMap<String, Working>) -> Vec<DocMessage> {
    let mut docs = Vec::new();
    for (id, entry) in working.iter_mut() {
        let changes = entry.upload.take();
        let message = match entry.state.as_mut() {
            Some(state) => entry.doc.sync().generate_sync_message(state).map(|m| m.encode()),
            None => None,
        };
        if message.is_none() {
            entry.state = None;
        }
        if changes.is_some() || message.is_some() {
            docs.push(DocMessage { id: id.clone(), message, changes });
        }
    }
    docs
}

/// The digest of every record this device holds, except those the round is about.
fn digest_without(
    stored: &BTreeMap<String, StoredRecord>,
    working: &mut BTreeMap<String, Working>,
    docs: &[DocMessage],
) -> String {
    let sent: BTreeSet<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    let hashes: Vec<(&str, String)> = stored
        .iter()
        .filter(|(id, _)| !sent.contains(id.as_str()))
        .map(|(id, record)| {
            let heads = match working.get_mut(id) {
                Some(entry) => heads_to_hex(&entry.doc.get_heads()),
                None => split(&record.heads),
            };
            (id.as_str(), heads_hash(&heads))
        })
        .collect();
    scope_digest(hashes.iter().map(|(id, hash)| (*id, hash.as_str())))
}

/// Sends one round, in requests of at most [`MAX_DOCS_PER_REQUEST`] documents; the
/// digest travels with the last.
async fn send(
    token: &str,
    lang: Lang,
    mut request: SyncRequest,
) -> Result<SyncResponse, SyncError> {
    let mut docs = std::mem::take(&mut request.docs);
    let mut replies = Vec::with_capacity(docs.len());
    while docs.len() > MAX_DOCS_PER_REQUEST {
        let rest = docs.split_off(MAX_DOCS_PER_REQUEST);
        let part = SyncRequest { docs, digest: None, want_manifest: false, ..request.clone() };
        replies.extend(api::sync_round(token, lang, &part).await.map_err(SyncError::Api)?.docs);
        docs = rest;
    }
    request.docs = docs;
    let mut last = api::sync_round(token, lang, &request).await.map_err(SyncError::Api)?;
    replies.append(&mut last.docs);
    last.docs = replies;
    Ok(last)
}

/// Takes in the server's answer about one record.
fn apply_reply(
    working: &mut BTreeMap<String, Working>,
    reply: DocReply,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let Some(entry) = working.get_mut(&reply.id) else { return Ok(()) };
    if let Some(error) = reply.error {
        working.remove(&reply.id);
        report.refused.push((reply.id, error.message));
        return Ok(());
    }
    if let Some(bytes) = reply.message {
        let message =
            Message::decode(&bytes).map_err(|e| SyncError::Store(format!("bad reply: {e}")))?;
        let state = entry.state.get_or_insert_with(State::new);
        let before = entry.doc.get_heads();
        entry
            .doc
            .sync()
            .receive_sync_message(state, message)
            .map_err(|e| SyncError::Store(format!("bad reply: {e}")))?;
        entry.changed |= entry.doc.get_heads() != before;
    }
    // The server holds changes this device lacks: fetch them with a sync exchange.
    let lacking = reply.heads.iter().any(|h| {
        ChangeHash::from_str(h).map_or(true, |hash| entry.doc.get_change_by_hash(&hash).is_none())
    });
    if lacking && entry.state.is_none() {
        entry.state = Some(State::new());
    }
    entry.server_heads = Some(reply.heads.into_iter().collect());
    Ok(())
}

/// Writes a record back with what the session learnt; returns it as stored.
async fn persist(
    store: &Store,
    id: &str,
    mut entry: Working,
    report: &mut SyncReport,
) -> Result<Option<StoredRecord>, SyncError> {
    let heads = heads_to_hex(&entry.doc.get_heads());
    let acknowledged = entry
        .server_heads
        .as_ref()
        .is_some_and(|server| !heads.is_empty() && heads.iter().all(|h| server.contains(h)));
    let mut doc = InspectionDoc::from_automerge(entry.doc);
    let Ok(content) = doc.read() else {
        if !heads.is_empty() {
            gloo::console::warn!("a synced record does not read:", id);
        }
        return Ok(None);
    };
    let acked = acknowledged.then(|| heads.join(","));
    let record = store.merge_record(&content, doc.automerge(), acked.as_deref()).await?;
    if entry.changed {
        report.received += 1;
    }
    if acknowledged {
        report.synced += 1;
    }
    Ok(Some(record))
}

fn parse_heads(joined: &str) -> Vec<ChangeHash> {
    split(joined).iter().filter_map(|h| ChangeHash::from_str(h).ok()).collect()
}

fn split(joined: &str) -> Vec<String> {
    joined.split(',').filter(|h| !h.is_empty()).map(str::to_owned).collect()
}
