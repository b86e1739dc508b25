//! `GET /api/v1/console/records/{id}/history`: every change of a record with who sent
//! it, from which device, and when.

use axum::Json;
use axum::extract::{Path, State};
use baolian_shared::console::ChangeEntry;

use super::ConsoleUser;
use crate::AppState;
use crate::error::ApiError;
use crate::store::{StoreError, records};

pub async fn history(
    State(state): State<AppState>,
    console: ConsoleUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<ChangeEntry>>, ApiError> {
    let changes = state
        .store
        .call(move |conn| {
            let stored = records::load(conn, &id)?.ok_or(StoreError::NotFound)?;
            if !console.scope.contains(conn, &stored.unit_id, &stored.author)? {
                return Err(StoreError::NotFound);
            }
            records::history(conn, &id)
        })
        .await?;
    Ok(Json(changes))
}
