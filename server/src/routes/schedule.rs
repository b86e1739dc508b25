//! `GET /api/v1/schedule` and `GET /api/v1/schedule/context`: what is done, due and
//! overdue, computed by the shared engine from the registry and the submitted records.

use std::collections::HashSet;

use axum::Json;
use axum::extract::State;
use baolian_shared::ErrorCode;
use baolian_shared::api::{Role, ScheduleContext, UserInfo};
use baolian_shared::period::DateRange;
use baolian_shared::schedule::{Schedule, Scope as ScheduleScope};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use crate::AppState;
use crate::auth::Authenticated;
use crate::error::{ApiError, ApiQuery};
use crate::registry::visible_units;
use crate::scope::Scope;
use crate::store::{StoreError, local_date, now_ms};

/// The longest range one request may ask for, in days: a few years of periods are
/// cheap, an unbounded range is not.
const MAX_RANGE_DAYS: i64 = 5 * 366;

#[derive(Debug, Deserialize)]
pub struct ScheduleQuery {
    /// `unit:ID`, `official:ID`, `township:ID`, `county` or `county:ID`; by default
    /// the account's own: its official, unit or township, or the county.
    #[serde(default)]
    scope: Option<String>,
    /// First day, `YYYY-MM-DD`; by default 1 January of this year.
    #[serde(default)]
    from: Option<NaiveDate>,
    /// Last day, `YYYY-MM-DD`; by default 31 December of this year.
    #[serde(default)]
    to: Option<NaiveDate>,
}

/// The schedule of a scope within the account's own scope: asking about a unit the
/// account may not see is answered as not found, and an official's or township's
/// schedule covers only the units the account may see.
pub async fn schedule(
    State(state): State<AppState>,
    Authenticated { user, .. }: Authenticated,
    ApiQuery(query): ApiQuery<ScheduleQuery>,
) -> Result<Json<Schedule>, ApiError> {
    let today = local_date(now_ms());
    let wanted = match &query.scope {
        Some(text) => parse_scope(text).ok_or(ApiError::new(ErrorCode::ScheduleBadQuery))?,
        None => own_scope(&user),
    };
    let range = range_of(&query, today)?;

    let scope = Scope::of(&user, today);
    let schedule = state
        .store
        .call(move |conn| {
            let visible = visible_units(conn, &scope)?;
            if let ScheduleScope::Unit(id) = &wanted
                && !visible.contains(id)
            {
                return Err(StoreError::NotFound);
            }
            crate::schedule::compute(conn, &visible, &wanted, range, today)
        })
        .await?;
    Ok(Json(schedule))
}

/// The input of the account's schedule, for the phone to compute it offline.
pub async fn context(
    State(state): State<AppState>,
    Authenticated { user, .. }: Authenticated,
) -> Result<Json<ScheduleContext>, ApiError> {
    let now = now_ms();
    let today = local_date(now);
    let scope = Scope::of(&user, today);
    let context = state
        .store
        .call(move |conn| {
            let visible: HashSet<String> = visible_units(conn, &scope)?;
            crate::schedule::context(conn, &visible, today, now)
        })
        .await?;
    Ok(Json(context))
}

fn parse_scope(text: &str) -> Option<ScheduleScope> {
    let (kind, id) = match text.split_once(':') {
        Some((kind, id)) => (kind, Some(id.trim()).filter(|id| !id.is_empty())),
        None => (text, None),
    };
    match (kind.trim(), id) {
        ("unit", Some(id)) => Some(ScheduleScope::Unit(id.into())),
        ("official", Some(id)) => Some(ScheduleScope::Official(id.into())),
        ("township", Some(id)) => Some(ScheduleScope::Township(id.into())),
        ("county", Some(id)) => Some(ScheduleScope::County(id.into())),
        // The account's own scope already bounds the units, so "county" is all of them.
        ("county", None) => Some(ScheduleScope::All),
        _ => None,
    }
}

fn own_scope(user: &UserInfo) -> ScheduleScope {
    let own = match user.role {
        Role::Official => user.official_id.clone().map(ScheduleScope::Official),
        Role::Unit => user.unit_id.clone().map(ScheduleScope::Unit),
        Role::TownshipCentre => user.township_id.clone().map(ScheduleScope::Township),
        Role::CountyAdmin | Role::CityViewer | Role::ProvinceViewer => None,
    };
    own.unwrap_or(ScheduleScope::All)
}

fn range_of(query: &ScheduleQuery, today: NaiveDate) -> Result<DateRange, ApiError> {
    let bad = || ApiError::new(ErrorCode::ScheduleBadQuery);
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).ok_or_else(bad)?;
    let year_end = NaiveDate::from_ymd_opt(today.year(), 12, 31).ok_or_else(bad)?;
    let (from, to) = (query.from.unwrap_or(year_start), query.to.unwrap_or(year_end));
    if (to - from).num_days() > MAX_RANGE_DAYS {
        return Err(bad());
    }
    DateRange::new(from, to).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_parse_and_bad_ones_do_not() {
        assert_eq!(parse_scope("unit:U001"), Some(ScheduleScope::Unit("U001".into())));
        assert_eq!(parse_scope("official:O001"), Some(ScheduleScope::Official("O001".into())));
        assert_eq!(parse_scope("township:T01"), Some(ScheduleScope::Township("T01".into())));
        assert_eq!(parse_scope("county"), Some(ScheduleScope::All));
        assert_eq!(parse_scope("county:C01"), Some(ScheduleScope::County("C01".into())));
        for bad in ["unit", "unit:", "planet:X", ""] {
            assert_eq!(parse_scope(bad), None, "{bad}");
        }
    }
}
