//! Schedules on the server: the shared engine run on what the database holds, with each
//! county's own duty table and settings.

use std::collections::{BTreeMap, HashSet};

use baolian_shared::api::{CountySettings, CountySettingsUpdate, ScheduleContext};
use baolian_shared::duty::{DutyTable, ScheduleSettings};
use baolian_shared::period::DateRange;
use baolian_shared::schedule::{DutyStatus, Schedule, Scheduler, Scope, UnitHistory};
use chrono::NaiveDate;
use rusqlite::Connection;

use crate::store::{StoreError, schedule, settings};

/// A county's settings with the table they give. Stored overrides that no longer apply
/// (a duty removed from the table, say) fall back to the default table, logged, so a
/// schedule is always shown.
pub fn county_settings(conn: &Connection, county: &str) -> Result<CountySettings, StoreError> {
    let CountySettingsUpdate { overrides, settings } = settings::load(conn, county)?;
    let table = DutyTable::henan_default().with_overrides(&overrides).unwrap_or_else(|error| {
        tracing::error!(county, %error, "stored duty overrides no longer apply");
        DutyTable::henan_default()
    });
    Ok(CountySettings { county: county.to_owned(), overrides, settings, table })
}

/// The schedule of `scope` among the units `unit_ids`, each county with its own table.
pub fn compute(
    conn: &Connection,
    unit_ids: &HashSet<String>,
    scope: &Scope,
    range: DateRange,
    today: NaiveDate,
) -> Result<Schedule, StoreError> {
    let inputs = schedule::load(conn, unit_ids, today)?;
    let mut by_county: BTreeMap<String, Vec<UnitHistory>> = BTreeMap::new();
    for unit in inputs.units {
        by_county.entry(unit.county.clone()).or_default().push(unit);
    }

    let mut merged = Schedule::default();
    for (county, units) in &by_county {
        let CountySettings { table, settings, .. } = county_settings(conn, county)?;
        let scheduler = Scheduler::new(units, &inputs.groups, &inputs.records, &table, settings);
        let part = scheduler.schedule(scope, range, today);
        merged.obligations.extend(part.obligations);
        merged.warnings.extend(part.warnings);
    }
    Ok(finish(merged))
}

/// Sorts the warnings and sets the next deadline, as the engine does for one county.
fn finish(mut schedule: Schedule) -> Schedule {
    schedule.warnings.sort();
    schedule.warnings.dedup();
    let earliest = |status| {
        schedule.obligations.iter().filter(|o| o.status == status).map(|o| o.deadline).min()
    };
    schedule.next_deadline = earliest(DutyStatus::Due).or_else(|| earliest(DutyStatus::Upcoming));
    schedule
}

/// Everything a device needs to compute its schedule offline.
///
/// FIXME: the context carries one duty table, that of the county most of the units
/// belong to; a scope spanning counties with different settings (a city viewer's) gets
/// the others' schedules computed with it. Sending one table per county would fix it.
pub fn context(
    conn: &Connection,
    unit_ids: &HashSet<String>,
    today: NaiveDate,
    now_ms: i64,
) -> Result<ScheduleContext, StoreError> {
    let inputs = schedule::load(conn, unit_ids, today)?;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for unit in &inputs.units {
        *counts.entry(unit.county.as_str()).or_default() += 1;
    }
    let county = counts.iter().max_by_key(|(_, n)| **n).map(|(c, _)| c.to_string());
    let (table, settings) = match county {
        Some(county) => {
            let found = county_settings(conn, &county)?;
            (found.table, found.settings)
        }
        None => (DutyTable::henan_default(), ScheduleSettings::default()),
    };
    Ok(ScheduleContext {
        units: inputs.units,
        groups: inputs.groups,
        officials: inputs.officials,
        records: inputs.records,
        table,
        settings,
        generated_at_ms: now_ms,
    })
}
