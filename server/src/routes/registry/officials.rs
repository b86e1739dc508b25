//! `/api/v1/registry/officials`: liaison officials ([`Official`]). An administrator
//! reads them all; anyone else the members of the groups in their scope.

use std::collections::HashSet;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use baolian_shared::ErrorCode;
use baolian_shared::api::Role;
use baolian_shared::registry::{Official, RegistryViolation};
use rusqlite::Connection;

use crate::AppState;
use crate::auth::Authenticated;
use crate::error::{ApiError, ApiJson};
use crate::registry::{Admin, id_mismatch, invalid, visible_units};
use crate::scope::Scope;
use crate::store::{StoreError, local_date, now_ms, registry};

pub async fn list(
    State(state): State<AppState>,
    Authenticated { user, .. }: Authenticated,
) -> Result<Json<Vec<Official>>, ApiError> {
    let scope = Scope::of(&user, local_date(now_ms()));
    let everyone = user.role == Role::CountyAdmin;
    let listed = state.store.call(move |conn| visible(conn, &scope, everyone)).await?;
    Ok(Json(listed))
}

/// The officials an account may read.
pub(super) fn visible(
    conn: &Connection,
    scope: &Scope,
    everyone: bool,
) -> Result<Vec<Official>, StoreError> {
    let all = registry::list_officials(conn)?;
    if everyone {
        return Ok(all);
    }
    let units = visible_units(conn, scope)?;
    let serving: HashSet<String> = registry::list_groups(conn)?
        .into_iter()
        .filter(|g| units.contains(&g.unit_id))
        .flat_map(|g| g.members.into_iter().map(|m| m.official_id))
        .collect();
    Ok(all.into_iter().filter(|o| serving.contains(&o.id)).collect())
}

pub async fn detail(
    State(state): State<AppState>,
    Authenticated { user, .. }: Authenticated,
    Path(id): Path<String>,
) -> Result<Json<Official>, ApiError> {
    let scope = Scope::of(&user, local_date(now_ms()));
    let everyone = user.role == Role::CountyAdmin;
    let found = state
        .store
        .call(move |conn| {
            let listed = visible(conn, &scope, everyone)?;
            listed.into_iter().find(|o| o.id == id).ok_or(StoreError::NotFound)
        })
        .await?;
    Ok(Json(found))
}

pub async fn create(
    State(state): State<AppState>,
    _: Admin,
    ApiJson(official): ApiJson<Official>,
) -> Result<(StatusCode, Json<Official>), ApiError> {
    check(&official)?;
    let stored = state
        .store
        .call(move |conn| {
            let tx = conn.transaction()?;
            if !registry::insert_official_if_missing(&tx, &official)? {
                return Ok(Err(ApiError::new(ErrorCode::RegistryConflict)));
            }
            tx.commit()?;
            Ok(Ok(official))
        })
        .await??;
    Ok((StatusCode::CREATED, Json(stored)))
}

pub async fn update(
    State(state): State<AppState>,
    _: Admin,
    Path(id): Path<String>,
    ApiJson(official): ApiJson<Official>,
) -> Result<Json<Official>, ApiError> {
    if official.id != id {
        return Err(id_mismatch());
    }
    check(&official)?;
    let stored = state
        .store
        .call(move |conn| {
            let tx = conn.transaction()?;
            if registry::load_official(&tx, &id)?.is_none() {
                return Err(StoreError::NotFound);
            }
            registry::save_official(&tx, &official)?;
            tx.commit()?;
            Ok(official)
        })
        .await?;
    Ok(Json(stored))
}

/// The fields an official needs. Whether an official may sit in a group (established
/// staff, the right body) is checked with the group, where the rules of art. 2–5 apply.
fn check(official: &Official) -> Result<(), ApiError> {
    let empty: Vec<RegistryViolation> =
        [("id", &official.id), ("name", &official.name), ("body", &official.body)]
            .into_iter()
            .filter(|(_, value)| value.trim().is_empty())
            .map(|(field, _)| RegistryViolation::EmptyField { field: field.into() })
            .collect();
    if empty.is_empty() { Ok(()) } else { Err(invalid(&empty)) }
}
