//! `GET /api/v1/units`: the key units in the account's scope, for the phone's list.

use axum::Json;
use axum::extract::State;
use baolian_shared::api::UnitSummary;

use crate::AppState;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::scope::Scope;
use crate::store::{local_date, now_ms};

pub async fn list(
    State(state): State<AppState>,
    Authenticated { user, .. }: Authenticated,
) -> Result<Json<Vec<UnitSummary>>, ApiError> {
    let scope = Scope::of(&user, local_date(now_ms()));
    Ok(Json(state.store.call(move |conn| scope.units(conn)).await?))
}
