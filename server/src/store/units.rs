//! Townships and the fire-safety key units that lie in them.
//!
//! A unit is stored twice over: the whole [`KeyUnit`] as JSON in `data`, and the
//! columns that listings and scopes query (name, level, crowded, township, address).
//! [`save_key_unit`] writes both in one statement so they never disagree.

use baolian_shared::api::UnitSummary;
use baolian_shared::registry::{KeyUnit, UnitKind, UnitLevel};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::StoreError;

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// The entry was new.
    Created,
    /// The entry existed and was replaced.
    Updated,
}

/// A key unit as written by the demo loader (and, later, by an import).
#[derive(Debug, Clone, Copy)]
pub struct NewUnit<'a> {
    /// Stable unit id such as `U001`.
    pub id: &'a str,
    /// The unit's name.
    pub name: &'a str,
    /// Fire-safety level, 1 to 3.
    pub level: u8,
    /// Whether the premises are a crowded place.
    pub crowded: bool,
    /// Id of the township the unit lies in.
    pub township_id: &'a str,
    /// Street address.
    pub address: &'a str,
}

/// Adds a township unless its id exists; never overwrites.
pub fn insert_township_if_missing(
    conn: &Connection,
    id: &str,
    name: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO townships (id, name) VALUES (?1, ?2) ON CONFLICT (id) DO NOTHING",
        [id, name],
    )?;
    Ok(())
}

/// Adds a unit unless its id exists; never overwrites.
pub fn insert_if_missing(conn: &Connection, unit: &NewUnit<'_>) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO units (id, name, level, crowded, township_id, address)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO NOTHING",
        params![unit.id, unit.name, unit.level, unit.crowded, unit.township_id, unit.address],
    )?;
    Ok(())
}

/// Whether a unit with this id exists.
pub fn exists(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    let found = conn.query_row("SELECT 1 FROM units WHERE id = ?1", [id], |_| Ok(())).optional()?;
    Ok(found.is_some())
}

/// Every unit with its township's name, ordered by id.
pub fn list(conn: &Connection) -> Result<Vec<UnitSummary>, StoreError> {
    let sql = format!("{SUMMARY_SELECT} ORDER BY u.id");
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([], summary_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The start of a query for [`summary_from_row`]: units as `u`, townships as `t`.
pub(crate) const SUMMARY_SELECT: &str =
    "SELECT u.id, u.name, u.level, u.crowded, t.name, u.address, u.data
     FROM units u JOIN townships t ON t.id = u.township_id";

/// The part of a unit's stored JSON a summary carries; rows written before units had
/// JSON read with the defaults.
#[derive(Default, serde::Deserialize)]
#[serde(default)]
struct SummaryTraits {
    kind: UnitKind,
    features: baolian_shared::registry::UnitFeatures,
}

/// Reads a unit summary from a row of [`SUMMARY_SELECT`].
pub(crate) fn summary_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<UnitSummary> {
    let traits = match row.get::<_, Option<String>>(6)? {
        Some(data) => serde_json::from_str(&data).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(6, rusqlite::types::Type::Text, e.into())
        })?,
        None => SummaryTraits::default(),
    };
    Ok(UnitSummary {
        id: row.get(0)?,
        name: row.get(1)?,
        level: row.get(2)?,
        crowded: row.get(3)?,
        township: row.get(4)?,
        address: row.get(5)?,
        kind: traits.kind,
        features: traits.features,
    })
}

/// The id of a township given by id or by name, if it exists.
pub fn find_township(conn: &Connection, id_or_name: &str) -> Result<Option<String>, StoreError> {
    let found = conn
        .prepare_cached(
            "SELECT id FROM townships WHERE id = ?1 OR name = ?1 ORDER BY id = ?1 DESC",
        )?
        .query_row([id_or_name], |row| row.get(0))
        .optional()?;
    Ok(found)
}

/// Every township as `(id, name)`, ordered by id.
pub fn townships(conn: &Connection) -> Result<Vec<(String, String)>, StoreError> {
    let mut statement = conn.prepare_cached("SELECT id, name FROM townships ORDER BY id")?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Creates or replaces a unit, keeping the listing columns in step with its JSON.
///
/// A new unit is listed from `on`. When an existing unit's level or crowded-place flag
/// changes, the new attributes hold from `on`, so periods before it keep what they
/// owed. The township must exist (a foreign key); callers check it first to answer
/// with a clear error.
pub fn save_key_unit(
    conn: &Connection,
    unit: &KeyUnit,
    on: NaiveDate,
) -> Result<Written, StoreError> {
    let previous = load_key_unit(conn, &unit.id)?;
    let data = serde_json::to_string(unit).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    conn.prepare_cached(
        "INSERT INTO units (id, name, level, crowded, township_id, address, data, listed_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET
             name = excluded.name, level = excluded.level, crowded = excluded.crowded,
             township_id = excluded.township_id, address = excluded.address,
             data = excluded.data, listed_on = coalesce(units.listed_on, excluded.listed_on)",
    )?
    .execute(params![
        unit.id,
        unit.name,
        unit.level.number(),
        unit.crowded_place,
        unit.township_id,
        unit.address,
        data,
        day(on),
    ])?;

    let attributes = (unit.level, unit.crowded_place);
    let Some(old) = previous else {
        set_attributes(conn, &unit.id, on, attributes)?;
        return Ok(Written::Created);
    };
    if (old.level, old.crowded_place) != attributes {
        // A unit stored before attributes were tracked gets its old ones recorded first,
        // from long ago, so the periods before the change keep them.
        let tracked: bool = conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM unit_attributes WHERE unit_id = ?1)")?
            .query_row([&unit.id], |row| row.get(0))?;
        if !tracked {
            let since = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
            set_attributes(conn, &unit.id, since, (old.level, old.crowded_place))?;
        }
        set_attributes(conn, &unit.id, on, attributes)?;
    }
    Ok(Written::Updated)
}

fn set_attributes(
    conn: &Connection,
    unit_id: &str,
    from: NaiveDate,
    (level, crowded): (UnitLevel, bool),
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO unit_attributes (unit_id, from_date, level, crowded) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (unit_id, from_date) DO UPDATE SET
             level = excluded.level, crowded = excluded.crowded",
    )?
    .execute(params![unit_id, day(from), level.number(), crowded])?;
    Ok(())
}

/// The columns [`key_unit_from_row`] reads.
const KEY_UNIT_COLUMNS: &str = "id, name, level, crowded, township_id, address, data";

/// One unit as the registry holds it, if it exists.
pub fn load_key_unit(conn: &Connection, id: &str) -> Result<Option<KeyUnit>, StoreError> {
    let sql = format!("SELECT {KEY_UNIT_COLUMNS} FROM units WHERE id = ?1");
    let found = conn.prepare_cached(&sql)?.query_row([id], key_unit_from_row).optional()?;
    Ok(found)
}

/// Every unit as the registry holds it, ordered by id.
pub fn list_key_units(conn: &Connection) -> Result<Vec<KeyUnit>, StoreError> {
    let sql = format!("SELECT {KEY_UNIT_COLUMNS} FROM units ORDER BY id");
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([], key_unit_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A unit from its JSON, or, for a row written before units carried JSON, from its
/// columns with every other field empty.
fn key_unit_from_row(row: &Row<'_>) -> rusqlite::Result<KeyUnit> {
    if let Some(data) = row.get::<_, Option<String>>(6)? {
        return serde_json::from_str(&data).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(6, rusqlite::types::Type::Text, e.into())
        });
    }
    let level: u8 = row.get(2)?;
    Ok(KeyUnit {
        id: row.get(0)?,
        name: row.get(1)?,
        level: UnitLevel::from_number(level).unwrap_or(UnitLevel::Three),
        crowded_place: row.get(3)?,
        crowded_reason: String::new(),
        kind: UnitKind::Other,
        address: row.get(5)?,
        location: None,
        county: String::new(),
        township_id: row.get(4)?,
        police_station: String::new(),
        fire_authority: String::new(),
        industry_department: String::new(),
        industry_tier: Default::default(),
        industry_assignment: None,
        responsible_person: String::new(),
        manager: String::new(),
        commitment: String::new(),
        features: Default::default(),
    })
}

/// Takes a unit off the register from `on` (its first day no longer listed), or puts it
/// back with `None`. Its records and group stay as history; the schedule owes nothing
/// for the days after it left. Returns whether the unit exists.
pub fn set_delisted(
    conn: &Connection,
    id: &str,
    on: Option<NaiveDate>,
) -> Result<bool, StoreError> {
    let changed = conn
        .prepare_cached("UPDATE units SET delisted_on = ?2 WHERE id = ?1")?
        .execute(params![id, on.map(day)])?;
    Ok(changed == 1)
}

/// The day each unit was listed, as stored (`YYYY-MM-DD`), by unit id.
pub fn listed_dates(
    conn: &Connection,
) -> Result<std::collections::HashMap<String, String>, StoreError> {
    let mut statement =
        conn.prepare_cached("SELECT id, listed_on FROM units WHERE listed_on IS NOT NULL")?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A date as the database stores it.
pub(crate) fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::temp_store;

    #[test]
    fn units_list_in_id_order_with_their_township() {
        let (_dir, store) = temp_store();
        let conn = store.lock();
        insert_township_if_missing(&conn, "T1", "城关镇").unwrap();
        for (id, name) in [("U002", "县人民医院"), ("U001", "新华百货商场")] {
            let unit = NewUnit {
                id,
                name,
                level: 1,
                crowded: true,
                township_id: "T1",
                address: "人民路 88 号",
            };
            insert_if_missing(&conn, &unit).unwrap();
        }

        let units = list(&conn).unwrap();
        let ids: Vec<&str> = units.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids, ["U001", "U002"]);
        assert_eq!(units[0].township, "城关镇");
        assert!(exists(&conn, "U001").unwrap());
        assert!(!exists(&conn, "U999").unwrap());
    }

    #[test]
    fn a_key_unit_keeps_its_columns_in_step_and_its_level_history() {
        let (_dir, store) = temp_store();
        let conn = store.lock();
        insert_township_if_missing(&conn, "T1", "城关镇").unwrap();
        let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        let mut unit = key_unit_from_columns("U001");
        assert_eq!(save_key_unit(&conn, &unit, day("2026-01-01")).unwrap(), Written::Created);
        unit.level = UnitLevel::Three;
        unit.name = "改名商场".into();
        assert_eq!(save_key_unit(&conn, &unit, day("2026-07-01")).unwrap(), Written::Updated);

        assert_eq!(load_key_unit(&conn, "U001").unwrap(), Some(unit.clone()));
        let listed = &list(&conn).unwrap()[0];
        assert_eq!((listed.name.as_str(), listed.level), ("改名商场", 3));
        let history: Vec<(String, u8)> = conn
            .prepare("SELECT from_date, level FROM unit_attributes ORDER BY from_date")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(history, [("2026-01-01".to_owned(), 1), ("2026-07-01".to_owned(), 3)]);
        assert_eq!(listed_dates(&conn).unwrap()["U001"], "2026-01-01", "listing date kept");
    }

    /// A unit as an old row reads, with a township and a level 1 grade.
    fn key_unit_from_columns(id: &str) -> KeyUnit {
        KeyUnit {
            id: id.into(),
            name: "商场".into(),
            level: UnitLevel::One,
            crowded_place: false,
            crowded_reason: String::new(),
            kind: UnitKind::Market,
            address: String::new(),
            location: None,
            county: "C01".into(),
            township_id: "T1".into(),
            police_station: String::new(),
            fire_authority: "县消防救援大队".into(),
            industry_department: "县商务局".into(),
            industry_tier: Default::default(),
            industry_assignment: None,
            responsible_person: String::new(),
            manager: String::new(),
            commitment: String::new(),
            features: Default::default(),
        }
    }

    #[test]
    fn a_unit_needs_a_known_township_and_a_valid_level() {
        let (_dir, store) = temp_store();
        let conn = store.lock();
        let mut unit = NewUnit {
            id: "U001",
            name: "商场",
            level: 1,
            crowded: false,
            township_id: "nowhere",
            address: "",
        };
        assert!(insert_if_missing(&conn, &unit).is_err(), "foreign key must hold");

        insert_township_if_missing(&conn, "T1", "城关镇").unwrap();
        unit.township_id = "T1";
        unit.level = 4;
        assert!(insert_if_missing(&conn, &unit).is_err(), "level check must hold");
    }
}
