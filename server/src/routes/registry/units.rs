//! `/api/v1/registry/units`: key units in full ([`KeyUnit`]).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use baolian_shared::ErrorCode;
use baolian_shared::registry::KeyUnit;
use chrono::NaiveDate;
use serde::Deserialize;

use crate::AppState;
use crate::auth::Authenticated;
use crate::error::{ApiError, ApiJson, ApiQuery};
use crate::registry::{Admin, check_unit, id_mismatch, visible_units};
use crate::scope::Scope;
use crate::store::{StoreError, local_date, now_ms, units};

/// The day a write takes effect: a new unit is listed from it, and a changed level or
/// crowded-place flag holds from it. Today when absent.
#[derive(Debug, Deserialize)]
pub struct Effective {
    #[serde(default)]
    on: Option<NaiveDate>,
}

pub async fn list(
    State(state): State<AppState>,
    Authenticated { user, .. }: Authenticated,
) -> Result<Json<Vec<KeyUnit>>, ApiError> {
    let scope = Scope::of(&user, local_date(now_ms()));
    let listed = state
        .store
        .call(move |conn| {
            let visible = visible_units(conn, &scope)?;
            let all = units::list_key_units(conn)?;
            Ok(all.into_iter().filter(|u| visible.contains(&u.id)).collect())
        })
        .await?;
    Ok(Json(listed))
}

pub async fn detail(
    State(state): State<AppState>,
    Authenticated { user, .. }: Authenticated,
    Path(id): Path<String>,
) -> Result<Json<KeyUnit>, ApiError> {
    let scope = Scope::of(&user, local_date(now_ms()));
    // Outside the scope reads as absent, so ids cannot be probed.
    let unit = state
        .store
        .call(move |conn| {
            if !visible_units(conn, &scope)?.contains(&id) {
                return Err(StoreError::NotFound);
            }
            units::load_key_unit(conn, &id)?.ok_or(StoreError::NotFound)
        })
        .await?;
    Ok(Json(unit))
}

pub async fn create(
    State(state): State<AppState>,
    _: Admin,
    ApiQuery(effective): ApiQuery<Effective>,
    ApiJson(unit): ApiJson<KeyUnit>,
) -> Result<(StatusCode, Json<KeyUnit>), ApiError> {
    let on = effective.on.unwrap_or_else(|| local_date(now_ms()));

    let stored = state
        .store
        .call(move |conn| {
            let tx = conn.transaction()?;
            if units::load_key_unit(&tx, &unit.id)?.is_some() {
                return Ok(Err(ApiError::new(ErrorCode::RegistryConflict)));
            }
            if let Err(refused) = check_unit(&tx, &unit)? {
                return Ok(Err(refused));
            }
            units::save_key_unit(&tx, &unit, on)?;
            tx.commit()?;
            Ok(Ok(unit))
        })
        .await??;
    tracing::info!(unit.id = %stored.id, "unit registered");
    Ok((StatusCode::CREATED, Json(stored)))
}

pub async fn update(
    State(state): State<AppState>,
    _: Admin,
    Path(id): Path<String>,
    ApiQuery(effective): ApiQuery<Effective>,
    ApiJson(unit): ApiJson<KeyUnit>,
) -> Result<Json<KeyUnit>, ApiError> {
    if unit.id != id {
        return Err(id_mismatch());
    }
    let on = effective.on.unwrap_or_else(|| local_date(now_ms()));

    let stored = state
        .store
        .call(move |conn| {
            let tx = conn.transaction()?;
            if units::load_key_unit(&tx, &id)?.is_none() {
                return Err(StoreError::NotFound);
            }
            if let Err(refused) = check_unit(&tx, &unit)? {
                return Ok(Err(refused));
            }
            units::save_key_unit(&tx, &unit, on)?;
            tx.commit()?;
            Ok(Ok(unit))
        })
        .await??;
    Ok(Json(stored))
}

/// The body of `PUT /api/v1/registry/units/{id}/delisting`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delisting {
    /// The first day the unit is no longer on the register; `null` puts it back.
    on: Option<NaiveDate>,
}

/// Takes a unit off the register (it closed, or is no longer a key unit) from a day, or
/// puts it back. Nothing is deleted: its records and group remain as history, and the
/// schedule owes nothing after that day.
pub async fn delist(
    State(state): State<AppState>,
    _: Admin,
    Path(id): Path<String>,
    ApiJson(delisting): ApiJson<Delisting>,
) -> Result<StatusCode, ApiError> {
    let found = state.store.call(move |conn| units::set_delisted(conn, &id, delisting.on)).await?;
    if !found {
        return Err(ApiError::new(ErrorCode::NotFound));
    }
    Ok(StatusCode::NO_CONTENT)
}
