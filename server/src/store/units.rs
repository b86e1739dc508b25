//! Townships and the fire-safety key units that lie in them.

use baolian_shared::api::UnitSummary;
use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;

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
    let mut statement = conn.prepare_cached(
        "SELECT u.id, u.name, u.level, u.crowded, t.name, u.address
         FROM units u JOIN townships t ON t.id = u.township_id
         ORDER BY u.id",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(UnitSummary {
            id: row.get(0)?,
            name: row.get(1)?,
            level: row.get(2)?,
            crowded: row.get(3)?,
            township: row.get(4)?,
            address: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
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
