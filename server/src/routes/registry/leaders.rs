//! `/api/v1/registry/body-leaders`: the leadership member each body names as
//! accountable for the mechanism (art. 3). Public, like the notice board.

use axum::Json;
use axum::extract::{Path, State};
use baolian_shared::registry::{BodyLeader, RegistryViolation};

use crate::AppState;
use crate::auth::Authenticated;
use crate::error::{ApiError, ApiJson};
use crate::registry::{Admin, id_mismatch, invalid};
use crate::store::registry;

pub async fn list(
    State(state): State<AppState>,
    _: Authenticated,
) -> Result<Json<Vec<BodyLeader>>, ApiError> {
    Ok(Json(state.store.call(|conn| registry::list_body_leaders(conn)).await?))
}

/// Names (or replaces) the leader of a body: one per body.
pub async fn put(
    State(state): State<AppState>,
    _: Admin,
    Path(body): Path<String>,
    ApiJson(leader): ApiJson<BodyLeader>,
) -> Result<Json<BodyLeader>, ApiError> {
    if leader.body != body {
        return Err(id_mismatch());
    }
    let empty: Vec<RegistryViolation> = [("body", &leader.body), ("name", &leader.name)]
        .into_iter()
        .filter(|(_, value)| value.trim().is_empty())
        .map(|(field, _)| RegistryViolation::EmptyField { field: field.into() })
        .collect();
    if !empty.is_empty() {
        return Err(invalid(&empty));
    }

    let stored = state
        .store
        .call(move |conn| {
            registry::save_body_leader(conn, &leader)?;
            Ok(leader)
        })
        .await?;
    Ok(Json(stored))
}
