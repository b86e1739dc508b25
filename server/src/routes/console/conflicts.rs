//! `GET /api/v1/console/conflicts` and `POST /api/v1/console/records/{id}/resolve`:
//! fields that two devices wrote concurrently, side by side with who wrote each value,
//! and keeping one of them.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, State};
use baolian_shared::ErrorCode;
use baolian_shared::conflict::{ResolveError, conflicts, resolve};
use baolian_shared::console::{
    ChangeEntry, ConflictField, ConflictSide, RecordConflicts, Resolution,
};
use rusqlite::Connection;

use super::{ConsoleUser, load_in_scope, store_edit};
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
                match fields_of(conn, &console, &record.id) {
                    Ok(fields) => listed.push(RecordConflicts { record, fields }),
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
                let fields = fields_of(&tx, &console, &id)?;
                Ok(RecordConflicts { record, fields })
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

/// The conflicting fields of one record, each value with the change that brought it.
fn fields_of(
    conn: &Connection,
    console: &ConsoleUser,
    id: &str,
) -> Result<Vec<ConflictField>, ApiError> {
    let mut doc = load_in_scope(conn, &console.scope, id)?;
    let found = conflicts(doc.automerge());
    // The latest change of each actor tells who wrote its value: an actor is one
    // device's session of the app, so all its changes come from the same device.
    let mut by_actor: HashMap<String, ChangeEntry> = HashMap::new();
    for change in records::history(conn, id)? {
        by_actor.insert(change.actor.clone(), change);
    }
    Ok(found
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
        .collect())
}
