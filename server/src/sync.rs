//! The server side of one sync round: merge each document's sync message into the
//! master copy, validate the merged record, commit, and answer with the next message.
//!
//! The server keeps no sync state between rounds: each document starts from a fresh
//! automerge `sync::State`, which costs at most one extra Bloom filter and means a
//! device can resume from any point after a lost answer. Every document of a round is
//! written in one transaction and the answers are built only after it committed, so the
//! heads a device is shown are on disk.

use automerge::AutoCommit;
use automerge::sync::{Message, State, SyncDoc};
use baolian_shared::ErrorCode;
use baolian_shared::api::UserInfo;
use baolian_shared::error::Lang;
use baolian_shared::inspection::{Inspection, InspectionDoc, heads_to_hex, is_uuid};
use baolian_shared::sync::{DocMessage, DocReply};
use rusqlite::Connection;

use crate::error::{ApiError, Translated};
use crate::store::{StoreError, now_ms, records, units};

/// Runs one round for every document of a request, in request order.
pub fn run_round(
    conn: &mut Connection,
    user: &UserInfo,
    docs: Vec<DocMessage>,
    lang: Lang,
) -> Result<Vec<DocReply>, StoreError> {
    let tx = conn.transaction()?;
    let now = now_ms();
    let mut outcomes = Vec::with_capacity(docs.len());
    for doc in docs {
        let outcome = merge_one(&tx, user, &doc, now);
        outcomes.push((doc.id, outcome));
    }
    tx.commit()?;

    let replies = outcomes
        .into_iter()
        .map(|(id, outcome)| match outcome {
            Ok(merged) => DocReply {
                id,
                message: merged.reply,
                heads: merged.heads,
                error: None,
            },
            Err(error) => DocReply {
                id,
                message: None,
                heads: Vec::new(),
                error: Some(error.body(lang)),
            },
        })
        .collect();
    Ok(replies)
}

/// What merging one document produced.
struct Merged {
    /// The next sync message for the device.
    reply: Option<Vec<u8>>,
    /// The heads the server holds after this round.
    heads: Vec<String>,
}

fn merge_one(
    conn: &Connection,
    user: &UserInfo,
    doc: &DocMessage,
    now: i64,
) -> Result<Merged, ApiError> {
    if !is_uuid(&doc.id) {
        return Err(ApiError::new(ErrorCode::SyncBadDocumentId));
    }
    let message = Message::decode(&doc.message).map_err(|error| {
        tracing::debug!(doc.id = %doc.id, %error, "undecodable sync message");
        ApiError::new(ErrorCode::SyncBadMessage)
    })?;

    let stored = records::load(conn, &doc.id)?;
    let mut automerge = match &stored {
        Some(stored) => AutoCommit::load(&stored.bytes).map_err(|error| {
            tracing::error!(doc.id = %doc.id, %error, "a stored document does not load");
            ApiError::new(ErrorCode::Internal)
        })?,
        None => AutoCommit::new(),
    };
    let heads_before = automerge.get_heads();

    let mut state = State::new();
    automerge
        .sync()
        .receive_sync_message(&mut state, message)
        .map_err(|error| {
            tracing::debug!(doc.id = %doc.id, %error, "sync message refused by automerge");
            ApiError::new(ErrorCode::SyncBadMessage)
        })?;

    if automerge.get_heads() != heads_before {
        let mut merged = InspectionDoc::from_automerge(automerge);
        let record = check_merged(conn, user, &doc.id, &merged)?;
        let heads = merged.heads_hex();
        records::save(conn, &record, &merged.save(), &heads, now)?;
        tracing::debug!(doc.id = %doc.id, heads = heads.len(), "record stored");
        automerge = merged.into_automerge();
    }

    let reply = automerge
        .sync()
        .generate_sync_message(&mut state)
        .map(Message::encode);
    let heads = heads_to_hex(&automerge.get_heads());
    Ok(Merged { reply, heads })
}

/// Checks that the merged document is a valid record that this user may write.
fn check_merged(
    conn: &Connection,
    user: &UserInfo,
    id: &str,
    merged: &InspectionDoc,
) -> Result<Inspection, ApiError> {
    let record = merged.read().map_err(|error| {
        tracing::debug!(doc.id = %id, %error, "merged document is not an inspection");
        ApiError::new(ErrorCode::RecordInvalid).with_details(vec![Translated {
            zh: format!("记录结构错误：{error}"),
            en: format!("malformed record: {error}"),
        }])
    })?;

    if record.id != id {
        return Err(ApiError::new(ErrorCode::SyncBadDocumentId));
    }
    if let Err(violations) = record.validate() {
        let details = violations
            .iter()
            .map(|v| Translated {
                zh: v.message(Lang::Zh),
                en: v.message(Lang::En),
            })
            .collect();
        return Err(ApiError::new(ErrorCode::RecordInvalid).with_details(details));
    }
    if record.author != user.username {
        tracing::warn!(doc.id = %id, author = %record.author, "write to another author's record");
        return Err(ApiError::new(ErrorCode::RecordForbidden));
    }
    if !units::exists(conn, &record.unit_id)? {
        return Err(ApiError::new(ErrorCode::RecordUnknownUnit));
    }
    Ok(record)
}
