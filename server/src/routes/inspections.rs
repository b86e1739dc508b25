//! `GET /api/v1/inspections` and `GET /api/v1/inspections/{id}`: the master records.

use axum::Json;
use axum::extract::{Path, State};
use baolian_shared::ErrorCode;
use baolian_shared::InspectionDoc;
use baolian_shared::api::{InspectionDetail, InspectionSummary};

use crate::AppState;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::scope::Scope;
use crate::store::{StoreError, local_date, now_ms, records};

pub async fn list(
    State(state): State<AppState>,
    Authenticated { user, .. }: Authenticated,
) -> Result<Json<Vec<InspectionSummary>>, ApiError> {
    let scope = Scope::of(&user, local_date(now_ms()));
    let listed = state.store.call(move |conn| records::list_in(conn, &scope)).await?;
    Ok(Json(listed))
}

pub async fn detail(
    State(state): State<AppState>,
    Authenticated { user, .. }: Authenticated,
    Path(id): Path<String>,
) -> Result<Json<InspectionDetail>, ApiError> {
    let scope = Scope::of(&user, local_date(now_ms()));
    // Outside the scope reads as absent, so ids cannot be probed.
    let stored = state
        .store
        .call(move |conn| {
            let stored = records::load(conn, &id)?.ok_or(StoreError::NotFound)?;
            match scope.contains(conn, &stored.unit_id, &stored.author)? {
                true => Ok(stored),
                false => Err(StoreError::NotFound),
            }
        })
        .await?;
    let record = stored
        .load()
        .map_err(|e| e.to_string())
        .and_then(|doc| InspectionDoc::from_automerge(doc).read().map_err(|e| e.to_string()))
        .map_err(|error| {
            tracing::error!(%error, "a stored record does not read");
            ApiError::new(ErrorCode::Internal)
        })?;
    Ok(Json(InspectionDetail { record, heads: stored.heads, updated_at_ms: stored.updated_at_ms }))
}
