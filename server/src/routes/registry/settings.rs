//! `/api/v1/registry/settings/{county}`: a county's refinement of the duties (art. 15)
//! and its answers to the questions the regulation leaves open.

use axum::Json;
use axum::extract::{Path, State};
use baolian_shared::ErrorCode;
use baolian_shared::api::{CountySettings, CountySettingsUpdate};
use baolian_shared::duty::{DutyError, DutyTable};

use crate::AppState;
use crate::auth::Authenticated;
use crate::error::{ApiError, ApiJson, Translated};
use crate::registry::Admin;
use crate::schedule::county_settings;
use crate::store::{now_ms, settings};

pub async fn get(
    State(state): State<AppState>,
    _: Authenticated,
    Path(county): Path<String>,
) -> Result<Json<CountySettings>, ApiError> {
    Ok(Json(state.store.call(move |conn| county_settings(conn, &county)).await?))
}

/// Replaces the county's overrides and settings; refused whole if an override does not
/// apply to the Henan table.
pub async fn put(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(county): Path<String>,
    ApiJson(update): ApiJson<CountySettingsUpdate>,
) -> Result<Json<CountySettings>, ApiError> {
    if let Err(error) = DutyTable::henan_default().with_overrides(&update.overrides) {
        let refused = ApiError::new(ErrorCode::SettingsInvalid).with_details(vec![explain(&error)]);
        return Err(refused);
    }

    let by = user.username.clone();
    let stored = state
        .store
        .call(move |conn| {
            settings::save(conn, &county, &update, &by, now_ms())?;
            county_settings(conn, &county)
        })
        .await?;
    tracing::info!(county = %stored.county, overrides = stored.overrides.len(), "county settings changed");
    Ok(Json(stored))
}

fn explain(error: &DutyError) -> Translated {
    match error {
        DutyError::UnknownDuty(duty) => Translated {
            zh: format!("没有编号为 {duty} 的职责"),
            en: format!("there is no duty {duty}"),
        },
        DutyError::ZeroMinimum(duty) => Translated {
            zh: format!("职责 {duty} 的最低次数不能为 0；如需取消，请停用该职责"),
            en: format!("duty {duty} cannot have a minimum of zero; switch it off instead"),
        },
    }
}
