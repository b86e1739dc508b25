//! `/api/v1/registry/groups`: each unit's guidance group ([`GuidanceGroup`]), checked
//! against the composition rules of art. 2–5 before it is stored.

use axum::Json;
use axum::extract::{Path, State};
use baolian_shared::ErrorCode;
use baolian_shared::registry::GuidanceGroup;

use crate::AppState;
use crate::auth::Authenticated;
use crate::error::{ApiError, ApiJson};
use crate::registry::{check_group, id_mismatch, require_admin, visible_units};
use crate::scope::Scope;
use crate::store::{StoreError, local_date, now_ms, registry, units};

pub async fn list(
    State(state): State<AppState>,
    Authenticated { user, .. }: Authenticated,
) -> Result<Json<Vec<GuidanceGroup>>, ApiError> {
    let scope = Scope::of(&user, local_date(now_ms()));
    let listed = state
        .store
        .call(move |conn| {
            let visible = visible_units(conn, &scope)?;
            let all = registry::list_groups(conn)?;
            Ok(all.into_iter().filter(|g| visible.contains(&g.unit_id)).collect())
        })
        .await?;
    Ok(Json(listed))
}

pub async fn detail(
    State(state): State<AppState>,
    Authenticated { user, .. }: Authenticated,
    Path(unit_id): Path<String>,
) -> Result<Json<GuidanceGroup>, ApiError> {
    let scope = Scope::of(&user, local_date(now_ms()));
    let group = state
        .store
        .call(move |conn| {
            if !visible_units(conn, &scope)?.contains(&unit_id) {
                return Err(StoreError::NotFound);
            }
            registry::load_group(conn, &unit_id)
        })
        .await?;
    Ok(Json(group))
}

/// Replaces a unit's whole group, past members included.
pub async fn put(
    State(state): State<AppState>,
    Authenticated { user, .. }: Authenticated,
    Path(unit_id): Path<String>,
    ApiJson(group): ApiJson<GuidanceGroup>,
) -> Result<Json<GuidanceGroup>, ApiError> {
    require_admin(&user)?;
    if group.unit_id != unit_id {
        return Err(id_mismatch());
    }
    let today = local_date(now_ms());

    let stored = state
        .store
        .call(move |conn| {
            let tx = conn.transaction()?;
            if units::load_key_unit(&tx, &unit_id)?.is_none() {
                return Err(StoreError::NotFound);
            }
            if let Err(problems) = check_group(&tx, &group, today)? {
                let refused = ApiError::new(ErrorCode::RegistryInvalid).with_details(problems);
                return Ok(Err(refused));
            }
            registry::replace_group(&tx, &group)?;
            tx.commit()?;
            Ok(Ok(group))
        })
        .await??;
    tracing::info!(unit.id = %stored.unit_id, members = stored.members.len(), "group named");
    Ok(Json(stored))
}
