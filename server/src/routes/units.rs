//! `GET /api/v1/units`: the key units, for the phone's unit list.

use axum::Json;
use axum::extract::State;
use baolian_shared::api::UnitSummary;

use crate::AppState;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::store::units;

pub async fn list(
    State(state): State<AppState>,
    Authenticated(_user): Authenticated,
) -> Result<Json<Vec<UnitSummary>>, ApiError> {
    Ok(Json(state.store.call(|conn| units::list(conn)).await?))
}
