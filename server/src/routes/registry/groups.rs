//! `/api/v1/registry/groups`: each unit's guidance group ([`GuidanceGroup`]), checked
//! against the composition rules of art. 2–5 before it is stored.

use axum::Json;
use axum::extract::{Path, State};
use baolian_shared::ErrorCode;
use baolian_shared::api::{Bilingual, GroupProblems};
use baolian_shared::registry::GuidanceGroup;

use crate::AppState;
use crate::auth::Authenticated;
use crate::error::{ApiError, ApiJson, Translated};
use crate::registry::{Admin, check_group, id_mismatch, visible_units};
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

/// Every unit the account may read whose group breaks a rule today or on a later day
/// its membership changes, or that no official serves today, in unit order.
pub async fn problems(
    State(state): State<AppState>,
    Authenticated { user, .. }: Authenticated,
) -> Result<Json<Vec<GroupProblems>>, ApiError> {
    let today = local_date(now_ms());
    let scope = Scope::of(&user, today);
    let listed = state
        .store
        .read(move |conn| {
            let visible = visible_units(conn, &scope)?;
            let mut found = Vec::new();
            for unit in units::list_key_units(conn)? {
                if !visible.contains(&unit.id) {
                    continue;
                }
                let group = registry::load_group(conn, &unit.id)?;
                let mut problems = match check_group(conn, &group, today)? {
                    Ok(()) => Vec::new(),
                    Err(problems) => problems,
                };
                if group.members_on(today).next().is_none() {
                    problems.insert(
                        0,
                        Translated {
                            zh: "目前没有包联指导组成员".into(),
                            en: "no guidance group member serves the unit today".into(),
                        },
                    );
                }
                if !problems.is_empty() {
                    found.push(GroupProblems {
                        unit_id: unit.id,
                        unit_name: unit.name,
                        problems: problems
                            .into_iter()
                            .map(|t| Bilingual { zh: t.zh, en: t.en })
                            .collect(),
                    });
                }
            }
            Ok(found)
        })
        .await?;
    Ok(Json(listed))
}

/// Replaces a unit's whole group, past members included.
pub async fn put(
    State(state): State<AppState>,
    _: Admin,
    Path(unit_id): Path<String>,
    ApiJson(group): ApiJson<GuidanceGroup>,
) -> Result<Json<GuidanceGroup>, ApiError> {
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
