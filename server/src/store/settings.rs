//! A county's duty overrides and schedule settings (art. 15), stored as JSON so new
//! settings need no migration; a county without a row uses the Henan defaults.

use baolian_shared::api::CountySettingsUpdate;
use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;

/// The county's stored settings, or the defaults when it has none.
pub fn load(conn: &Connection, county: &str) -> Result<CountySettingsUpdate, StoreError> {
    let data: Option<String> = conn
        .prepare_cached("SELECT data FROM county_settings WHERE county = ?1")?
        .query_row([county], |row| row.get(0))
        .optional()?;
    match data {
        Some(data) => serde_json::from_str(&data).map_err(|e| StoreError::Corrupt(e.to_string())),
        None => Ok(CountySettingsUpdate::default()),
    }
}

/// Replaces the county's settings.
pub fn save(
    conn: &Connection,
    county: &str,
    settings: &CountySettingsUpdate,
    by: &str,
    at_ms: i64,
) -> Result<(), StoreError> {
    let data = serde_json::to_string(settings).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    conn.prepare_cached(
        "INSERT INTO county_settings (county, data, updated_by, updated_at_ms)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (county) DO UPDATE SET
             data = excluded.data, updated_by = excluded.updated_by,
             updated_at_ms = excluded.updated_at_ms",
    )?
    .execute(params![county, data, by, at_ms])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use baolian_shared::duty::{DutyOverride, Frequency, TWN_VISIT};

    use super::*;
    use crate::store::tests::temp_store;

    #[test]
    fn a_county_without_settings_gets_the_defaults_and_saved_ones_read_back() {
        let (_dir, store) = temp_store();
        let conn = store.lock();
        assert_eq!(load(&conn, "C01").unwrap(), CountySettingsUpdate::default());

        let mut settings = CountySettingsUpdate::default();
        settings.settings.half_period_rule = false;
        settings.overrides.push(DutyOverride {
            duty: TWN_VISIT.into(),
            frequency: Some(Frequency::PerMonth { min: 1 }),
            ..DutyOverride::default()
        });
        save(&conn, "C01", &settings, "admin", 1).unwrap();
        assert_eq!(load(&conn, "C01").unwrap(), settings);
        assert_eq!(load(&conn, "C02").unwrap(), CountySettingsUpdate::default());
    }
}
