//! `GET /api/v1/inspections` and `GET /api/v1/inspections/{id}`: the master records.

use axum::Json;
use axum::extract::{Path, State};
use baolian_shared::ErrorCode;
use baolian_shared::InspectionDoc;
use baolian_shared::api::{InspectionDetail, InspectionSummary};

use crate::AppState;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::store::{StoreError, records};

pub async fn list(
    State(state): State<AppState>,
    Authenticated(_user): Authenticated,
) -> Result<Json<Vec<InspectionSummary>>, ApiError> {
    Ok(Json(state.store.call(|conn| records::list(conn)).await?))
}

pub async fn detail(
    State(state): State<AppState>,
    Authenticated(_user): Authenticated,
    Path(id): Path<String>,
) -> Result<Json<InspectionDetail>, ApiError> {
    let stored = state
        .store
        .call(move |conn| records::load(conn, &id)?.ok_or(StoreError::NotFound))
        .await?;
    let record = InspectionDoc::load(&stored.bytes)
        .and_then(|doc| doc.read())
        .map_err(|error| {
            tracing::error!(%error, "a stored record does not read");
            ApiError::new(ErrorCode::Internal)
        })?;
    Ok(Json(InspectionDetail {
        record,
        heads: stored.heads,
        updated_at_ms: stored.updated_at_ms,
    }))
}
