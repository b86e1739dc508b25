//! `GET /api/v1/console/conflicts` and `POST /api/v1/console/records/{id}/resolve`:
//! fields that two devices wrote concurrently, side by side with who wrote each value,
//! and keeping one of them; and signed records whose content changed after the unit
//! signed, with the signed and current content hashes and the changes since.

use std::collections::{HashMap, HashSet};

use axum::Json;
use axum::extract::{Path, State};
use baolian_shared::conflict::{ResolveError, conflicts, resolve};
use baolian_shared::console::{
    ChangeEntry, ConflictField, ConflictSide, ConsoleRecord, RecordConflicts, Resolution,
    SignatureMismatch,
};
use baolian_shared::signature::{content_hash, signing_change};
use baolian_shared::{ErrorCode, InspectionDoc};
use rusqlite::Connection;

use super::{ConsoleUser, load_in_scope, read_stored, store_edit};
use crate::AppState;
use crate::error::{ApiError, ApiJson};
use crate::store::{StoreError, ledger, records};

pub async fn list(
    State(state): State<AppState>,
    console: ConsoleUser,
) -> Result<Json<Vec<RecordConflicts>>, ApiError> {
    let listed = state
        .store
        .call(move |conn| {
            let mut listed = Vec::new();
            for record in ledger::with_conflicts(conn, &console.scope)? {
                match record_conflicts(conn, &console, record) {
                    Ok(found) => listed.push(found),
                    Err(error) => return Ok(Err(error)),
                }
            }
            Ok(Ok(listed))
        })
        .await??;
    Ok(Json(listed))
}

pub async fn resolve_field(
    State(state): State<AppState>,
    console: ConsoleUser,
    Path(id): Path<String>,
    ApiJson(resolution): ApiJson<Resolution>,
) -> Result<Json<RecordConflicts>, ApiError> {
    let resolved = state
        .store
        .call(move |conn| {
            let tx = conn.transaction()?;
            let outcome: Result<_, ApiError> = (|| {
                let mut doc = load_in_scope(&tx, &console.scope, &id)?;
                let before = doc.heads();
                resolve(doc.automerge(), &resolution.path, &resolution.value).map_err(|error| {
                    match error {
                        ResolveError::NoConflict => ApiError::new(ErrorCode::ConflictNotFound),
                        ResolveError::UnknownValue => {
                            ApiError::new(ErrorCode::ConflictUnknownValue)
                        }
                    }
                })?;
                store_edit(&tx, &console, &id, &mut doc, &before)?;
                let record = ledger::one(&tx, &console.scope, &id)?.ok_or(StoreError::NotFound)?;
                record_conflicts(&tx, &console, record)
            })();
            if outcome.is_ok() {
                tx.commit()?;
            }
            Ok(outcome)
        })
        .await??;
    tracing::info!(doc.id = %resolved.record.id, left = resolved.fields.len(), "conflict resolved");
    Ok(Json(resolved))
}

/// What the console shows of one listed record: its conflicting fields and, if it
/// changed after the unit signed, the signature's mismatch.
fn record_conflicts(
    conn: &Connection,
    console: &ConsoleUser,
    record: ConsoleRecord,
) -> Result<RecordConflicts, ApiError> {
    let mut doc = load_in_scope(conn, &console.scope, &record.id)?;
    let history = records::history(conn, &record.id)?;
    let fields = fields_of(&mut doc, &history);
    let signature = if record.changed_after_signing {
        mismatch_of(&mut doc, &record.id, history)?
    } else {
        None
    };
    Ok(RecordConflicts { record, fields, signature })
}

/// The signed and current content hashes of a record, and the changes the signature
/// does not cover: those that are not ancestors of the change that wrote it.
fn mismatch_of(
    doc: &mut InspectionDoc,
    id: &str,
    history: Vec<ChangeEntry>,
) -> Result<Option<SignatureMismatch>, ApiError> {
    let content = read_stored(doc, id)?;
    let Some(signature) = content.signature.clone() else {
        return Ok(None);
    };
    let after: HashSet<String> = match signing_change(doc.automerge()) {
        Some(signing) => {
            doc.automerge().get_changes(&[signing]).iter().map(|c| c.hash().to_string()).collect()
        }
        None => HashSet::new(),
    };
    Ok(Some(SignatureMismatch {
        signer: signature.signer,
        capacity: signature.capacity,
        signed_at_ms: signature.signed_at_ms,
        current_hash: content_hash(&content),
        signed_hash: signature.content_hash,
        changes_after: history.into_iter().filter(|c| after.contains(&c.hash)).collect(),
    }))
}

/// The conflicting fields of one record, each value with the change that brought it.
fn fields_of(doc: &mut InspectionDoc, history: &[ChangeEntry]) -> Vec<ConflictField> {
    let found = conflicts(doc.automerge());
    // The latest change of each actor tells who wrote its value: an actor is one
    // device's session of the app, so all its changes come from the same device.
    let mut by_actor: HashMap<String, ChangeEntry> = HashMap::new();
    for change in history {
        by_actor.insert(change.actor.clone(), change.clone());
    }
    found
        .into_iter()
        .map(|field| ConflictField {
            path: field.path,
            values: field
                .values
                .into_iter()
                .map(|value| {
                    let change = by_actor.get(&value.actor);
                    ConflictSide {
                        username: change.map(|c| c.username.clone()),
                        device_id: change.and_then(|c| c.device_id.clone()),
                        received_at_ms: change.map(|c| c.received_at_ms),
                        value: value.value,
                        actor: value.actor,
                    }
                })
                .collect(),
        })
        .collect()
}
