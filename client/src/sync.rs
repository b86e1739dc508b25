//! The device side of the sync protocol (see `docs/sync-protocol.md`).
//!
//! One sync session takes every record with unacknowledged changes, runs automerge's
//! sync protocol for all of them together, one HTTP round per step, and ends when the
//! device has nothing more to send. A record counts as synced only when the server's
//! reply shows heads that contain every local head: the server answers only after it
//! committed, so those heads are on its disk. Sync states live only for one session;
//! after any failure the next session starts fresh, which automerge handles with one
//! extra round.

use std::collections::{BTreeMap, BTreeSet};

use automerge::AutoCommit;
use automerge::sync::{Message, State, SyncDoc};
use baolian_shared::error::Lang;
use baolian_shared::inspection::{InspectionDoc, heads_to_hex};
use baolian_shared::sync::{
    DocMessage, MAX_DOCS_PER_REQUEST, MAX_ROUNDS, PROTOCOL_VERSION, SyncRequest,
};

use crate::api::{self, ApiError};
use crate::store::{Store, StoreError};

/// What one sync session achieved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncReport {
    /// Records the server now fully holds.
    pub synced: usize,
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

struct Session {
    doc: AutoCommit,
    state: State,
    server_heads: BTreeSet<String>,
}

/// Syncs every record with changes the server has not acknowledged.
pub async fn sync_pending(store: &Store, token: &str, lang: Lang) -> Result<SyncReport, SyncError> {
    let mut sessions = BTreeMap::new();
    for record in store.all_records().await? {
        if !record.is_pending() {
            continue;
        }
        let doc = AutoCommit::load(&record.bytes).map_err(|e| SyncError::Store(e.to_string()))?;
        let session = Session {
            doc,
            state: State::new(),
            server_heads: BTreeSet::new(),
        };
        sessions.insert(record.summary.id.clone(), session);
    }

    let mut report = SyncReport::default();
    for _ in 0..MAX_ROUNDS {
        let docs = next_messages(&mut sessions);
        if docs.is_empty() {
            break;
        }
        for chunk in docs.chunks(MAX_DOCS_PER_REQUEST) {
            let request = SyncRequest {
                protocol: PROTOCOL_VERSION,
                docs: chunk.to_vec(),
            };
            let response = api::sync_round(token, lang, &request)
                .await
                .map_err(SyncError::Api)?;
            for reply in response.docs {
                let Some(session) = sessions.get_mut(&reply.id) else {
                    continue;
                };
                if let Some(error) = reply.error {
                    sessions.remove(&reply.id);
                    report.refused.push((reply.id, error.message));
                    continue;
                }
                session.server_heads = reply.heads.into_iter().collect();
                if let Some(bytes) = reply.message {
                    let message = Message::decode(&bytes)
                        .map_err(|e| SyncError::Store(format!("bad reply: {e}")))?;
                    session
                        .doc
                        .sync()
                        .receive_sync_message(&mut session.state, message)
                        .map_err(|e| SyncError::Store(format!("bad reply: {e}")))?;
                }
            }
        }
    }

    for (id, mut session) in sessions {
        let heads = heads_to_hex(&session.doc.get_heads());
        let acknowledged = heads.iter().all(|h| session.server_heads.contains(h));
        let mut record = InspectionDoc::from_automerge(session.doc);
        let Ok(content) = record.read() else { continue };
        let acked = acknowledged.then(|| heads.join(","));
        store
            .merge_record(&content, record.automerge(), acked.as_deref())
            .await?;
        if acknowledged {
            report.synced += 1;
        } else {
            gloo::console::warn!("record not yet acknowledged after sync:", id);
        }
    }
    Ok(report)
}

fn next_messages(sessions: &mut BTreeMap<String, Session>) -> Vec<DocMessage> {
    sessions
        .iter_mut()
        .filter_map(|(id, session)| {
            let message = session
                .doc
                .sync()
                .generate_sync_message(&mut session.state)?;
            Some(DocMessage {
                id: id.clone(),
                message: message.encode(),
            })
        })
        .collect()
}
