//! `GET /api/v1/console/devices` and `POST /api/v1/console/devices/{id}/revoke`: the
//! phones of the officials serving the township, and revoking a lost one.

use axum::Json;
use axum::extract::{Path, State};
use baolian_shared::ErrorCode;
use baolian_shared::console::DeviceSummary;
use rusqlite::Connection;

use super::ConsoleUser;
use crate::AppState;
use crate::error::ApiError;
use crate::store::{StoreError, devices, local_date};

pub async fn list(
    State(state): State<AppState>,
    console: ConsoleUser,
) -> Result<Json<Vec<DeviceSummary>>, ApiError> {
    let listed = state
        .store
        .call(move |conn| {
            let accounts = serving(conn, &console)?;
            devices::list_for(conn, &accounts)
        })
        .await?;
    Ok(Json(listed))
}

pub async fn revoke(
    State(state): State<AppState>,
    console: ConsoleUser,
    Path(id): Path<String>,
) -> Result<Json<DeviceSummary>, ApiError> {
    let revoked = state
        .store
        .call(move |conn| {
            // A device of someone the centre does not look after reads as absent.
            let Some(owner) = devices::owner(conn, &id)? else {
                return Ok(None);
            };
            if !serving(conn, &console)?.contains(&owner) {
                return Ok(None);
            }
            devices::revoke(conn, &id, console.now_ms)?;
            tracing::info!(device.id = %id, owner = %owner, "device revoked");
            let listed = devices::list_for(conn, &[owner])?;
            Ok(listed.into_iter().find(|d| d.id == id))
        })
        .await?;
    revoked.map(Json).ok_or(ApiError::new(ErrorCode::NotFound))
}

fn serving(conn: &Connection, console: &ConsoleUser) -> Result<Vec<String>, StoreError> {
    let today = local_date(console.now_ms).format("%Y-%m-%d").to_string();
    devices::accounts_serving(conn, console.township(), &today)
}
