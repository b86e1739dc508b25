//! The registry rules as the server applies them: who may change the registry, which
//! part of it an account may read, and the checks a guidance group must pass before it
//! is stored. The rules themselves live in `baolian_shared::registry`.

use std::collections::{BTreeSet, HashSet};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use baolian_shared::ErrorCode;
use baolian_shared::api::{Role, UserInfo};
use baolian_shared::error::Lang;
use baolian_shared::registry::{GuidanceGroup, KeyUnit, RegistryViolation};
use chrono::NaiveDate;
use rusqlite::Connection;

use crate::AppState;
use crate::auth::Authenticated;

use crate::error::{ApiError, Translated};
use crate::scope::Scope;
use crate::store::{StoreError, registry, units};

/// Refuses every account but a county administrator: the county government names the
/// liaison officials (art. 3), so only it changes the registry.
fn require_admin(user: &UserInfo) -> Result<(), ApiError> {
    if user.role == Role::CountyAdmin {
        return Ok(());
    }
    tracing::warn!(role = user.role.as_str(), "registry write by a non-administrator");
    Err(ApiError::new(ErrorCode::AuthForbidden))
}

/// Extractor for a county administrator's request, which every registry write takes:
/// refuses everyone else with `auth.forbidden` before the body is read.
#[derive(Debug, Clone)]
pub struct Admin(pub UserInfo);

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Authenticated { user, .. } = Authenticated::from_request_parts(parts, state).await?;
        require_admin(&user)?;
        Ok(Admin(user))
    }
}

/// A broken rule in both languages.
pub fn translate(violation: &RegistryViolation) -> Translated {
    Translated { zh: violation.message(Lang::Zh), en: violation.message(Lang::En) }
}

/// A `registry.invalid` answer listing every broken rule.
pub fn invalid(violations: &[RegistryViolation]) -> ApiError {
    ApiError::new(ErrorCode::RegistryInvalid)
        .with_details(violations.iter().map(translate).collect())
}

/// A `registry.invalid` answer for a body whose id differs from the path's.
pub fn id_mismatch() -> ApiError {
    ApiError::new(ErrorCode::RegistryInvalid).with_details(vec![Translated {
        zh: "请求内容中的编号与地址中的编号不一致".into(),
        en: "the id in the body differs from the id in the path".into(),
    }])
}

/// The ids of the units an account may read today.
pub fn visible_units(conn: &Connection, scope: &Scope) -> Result<HashSet<String>, StoreError> {
    Ok(scope.units(conn)?.into_iter().map(|u| u.id).collect())
}

/// Checks a unit's own record, and that its township exists.
pub fn check_unit(conn: &Connection, unit: &KeyUnit) -> Result<Result<(), ApiError>, StoreError> {
    if let Err(violations) = unit.validate() {
        return Ok(Err(invalid(&violations)));
    }
    if units::find_township(conn, &unit.township_id)?.as_deref() != Some(unit.township_id.as_str())
    {
        return Ok(Err(ApiError::new(ErrorCode::RegistryUnknownTownship)));
    }
    Ok(Ok(()))
}

/// Checks a guidance group against its unit and the registered officials.
///
/// The group's composition must hold today and on every later day its membership
/// changes; days on which nobody serves (a group not yet started, or dissolved) are
/// not checked, and neither is the past, which is history and may have had vacancies.
/// Also refuses memberships that end before they start or are listed twice.
pub fn check_group(
    conn: &Connection,
    group: &GuidanceGroup,
    today: NaiveDate,
) -> Result<Result<(), Vec<Translated>>, StoreError> {
    let Some(unit) = units::load_key_unit(conn, &group.unit_id)? else {
        let unknown = Translated {
            zh: format!("单位 {} 不存在", group.unit_id),
            en: format!("no unit {}", group.unit_id),
        };
        return Ok(Err(vec![unknown]));
    };
    let officials = registry::list_officials(conn)?;
    let mut found: Vec<Translated> = membership_problems(group);

    let mut days = BTreeSet::from([today]);
    for member in &group.members {
        days.extend([Some(member.assigned_on), member.until].into_iter().flatten());
    }
    let mut violations: Vec<RegistryViolation> = Vec::new();
    for day in days.into_iter().filter(|d| *d >= today) {
        if group.members_on(day).next().is_none() {
            continue;
        }
        if let Err(broken) = group.validate(&unit, &officials, day) {
            for violation in broken {
                if !violations.contains(&violation) {
                    violations.push(violation);
                }
            }
        }
    }
    found.extend(violations.iter().map(translate));
    Ok(if found.is_empty() { Ok(()) } else { Err(found) })
}

/// Problems with the dates of the membership list itself.
fn membership_problems(group: &GuidanceGroup) -> Vec<Translated> {
    let mut found = Vec::new();
    let mut seen = HashSet::new();
    for member in &group.members {
        let id = &member.official_id;
        if member.until.is_some_and(|until| until <= member.assigned_on) {
            found.push(Translated {
                zh: format!("{id} 的离任日期须晚于任职日期"),
                en: format!("{id} leaves on or before the day they are assigned"),
            });
        }
        if !seen.insert((id.clone(), member.assigned_on)) {
            found.push(Translated {
                zh: format!("{id} 自 {} 起的任职重复列出", member.assigned_on),
                en: format!("{id} is listed twice from {}", member.assigned_on),
            });
        }
    }
    found
}
