//! The registry beyond units: liaison officials, the accountable leaders of their
//! bodies, and the members of each unit's guidance group over time.
//!
//! Officials are read from their columns, which hold every field of
//! [`Official`]; `data` keeps the JSON as written, for fields added later.

use std::collections::BTreeMap;

use baolian_shared::registry::{BodyLeader, GroupMember, GuidanceGroup, Official, OfficialRole};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::StoreError;
use super::units::{Written, day};

/// Creates or replaces an official.
pub fn save_official(conn: &Connection, official: &Official) -> Result<Written, StoreError> {
    let existed = load_official(conn, &official.id)?.is_some();
    let data = serde_json::to_string(official).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    conn.prepare_cached(
        "INSERT INTO officials (id, name, body, role, established, phone, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET
             name = excluded.name, body = excluded.body, role = excluded.role,
             established = excluded.established, phone = excluded.phone, data = excluded.data",
    )?
    .execute(params![
        official.id,
        official.name,
        official.body,
        official.role.as_str(),
        official.established,
        official.phone,
        data
    ])?;
    Ok(if existed { Written::Updated } else { Written::Created })
}

/// Adds an official unless the id exists; never overwrites. Returns whether it was added.
pub fn insert_official_if_missing(
    conn: &Connection,
    official: &Official,
) -> Result<bool, StoreError> {
    if load_official(conn, &official.id)?.is_some() {
        return Ok(false);
    }
    save_official(conn, official)?;
    Ok(true)
}

const OFFICIAL_COLUMNS: &str = "id, name, body, role, established, phone";

/// One official, if registered.
pub fn load_official(conn: &Connection, id: &str) -> Result<Option<Official>, StoreError> {
    let sql = format!("SELECT {OFFICIAL_COLUMNS} FROM officials WHERE id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], official_from_row).optional()?)
}

/// Every official, ordered by id.
pub fn list_officials(conn: &Connection) -> Result<Vec<Official>, StoreError> {
    let sql = format!("SELECT {OFFICIAL_COLUMNS} FROM officials ORDER BY id");
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([], official_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn official_from_row(row: &Row<'_>) -> rusqlite::Result<Official> {
    Ok(Official {
        id: row.get(0)?,
        name: row.get(1)?,
        body: row.get(2)?,
        role: role_from(row, 3)?,
        established: row.get(4)?,
        phone: row.get(5)?,
    })
}

fn role_from(row: &Row<'_>, column: usize) -> rusqlite::Result<OfficialRole> {
    let role: String = row.get(column)?;
    OfficialRole::parse(&role).ok_or_else(|| {
        let reason = format!("unknown official role {role}");
        rusqlite::Error::FromSqlConversionFailure(
            column,
            rusqlite::types::Type::Text,
            reason.into(),
        )
    })
}

/// Creates or replaces the accountable leader of a body; a body has one (art. 3), so a
/// new leader replaces the old.
pub fn save_body_leader(conn: &Connection, leader: &BodyLeader) -> Result<Written, StoreError> {
    let existed: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM body_leaders WHERE body = ?1)")?
        .query_row([&leader.body], |row| row.get(0))?;
    let data = serde_json::to_string(leader).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    conn.prepare_cached(
        "INSERT INTO body_leaders (body, body_kind, name, data) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (body) DO UPDATE SET
             body_kind = excluded.body_kind, name = excluded.name, data = excluded.data",
    )?
    .execute(params![leader.body, leader.body_kind.as_str(), leader.name, data])?;
    Ok(if existed { Written::Updated } else { Written::Created })
}

/// Every body leader, ordered by body.
pub fn list_body_leaders(conn: &Connection) -> Result<Vec<BodyLeader>, StoreError> {
    let mut statement = conn.prepare_cached("SELECT data FROM body_leaders ORDER BY body")?;
    let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
    let mut leaders = Vec::new();
    for data in rows {
        let leader =
            serde_json::from_str(&data?).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        leaders.push(leader);
    }
    Ok(leaders)
}

/// Replaces the whole membership of a unit's guidance group, past members included.
pub fn replace_group(conn: &Connection, group: &GuidanceGroup) -> Result<Written, StoreError> {
    let removed = conn
        .prepare_cached("DELETE FROM group_members WHERE unit_id = ?1")?
        .execute([&group.unit_id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO group_members (unit_id, official_id, role, assigned_on, until)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for member in &group.members {
        insert.execute(params![
            group.unit_id,
            member.official_id,
            member.role.as_str(),
            day(member.assigned_on),
            member.until.map(day),
        ])?;
    }
    Ok(if removed > 0 { Written::Updated } else { Written::Created })
}

/// The guidance group of one unit; empty if none was named.
pub fn load_group(conn: &Connection, unit_id: &str) -> Result<GuidanceGroup, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT unit_id, official_id, role, assigned_on, until FROM group_members
         WHERE unit_id = ?1 ORDER BY assigned_on, role, official_id",
    )?;
    let rows = statement.query_map([unit_id], member_from_row)?;
    let members = rows.map(|row| row.map(|(_, member)| member)).collect::<Result<_, _>>()?;
    Ok(GuidanceGroup { unit_id: unit_id.to_owned(), members })
}

/// Every guidance group with at least one member, ordered by unit.
pub fn list_groups(conn: &Connection) -> Result<Vec<GuidanceGroup>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT unit_id, official_id, role, assigned_on, until FROM group_members
         ORDER BY unit_id, assigned_on, role, official_id",
    )?;
    let mut groups: BTreeMap<String, Vec<GroupMember>> = BTreeMap::new();
    for row in statement.query_map([], member_from_row)? {
        let (unit_id, member) = row?;
        groups.entry(unit_id).or_default().push(member);
    }
    Ok(groups.into_iter().map(|(unit_id, members)| GuidanceGroup { unit_id, members }).collect())
}

fn member_from_row(row: &Row<'_>) -> rusqlite::Result<(String, GroupMember)> {
    let member = GroupMember {
        official_id: row.get(1)?,
        role: role_from(row, 2)?,
        assigned_on: date_from(row, 3)?,
        until: match row.get::<_, Option<String>>(4)? {
            Some(_) => Some(date_from(row, 4)?),
            None => None,
        },
    };
    Ok((row.get(0)?, member))
}

/// A `YYYY-MM-DD` column.
pub(crate) fn date_from(row: &Row<'_>, column: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = row.get(column)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, e.into())
    })
}

#[cfg(test)]
mod tests {
    use baolian_shared::registry::BodyKind;

    use super::*;
    use crate::store::tests::temp_store;
    use crate::store::units;

    fn official(id: &str, role: OfficialRole) -> Official {
        Official {
            id: id.into(),
            name: "王芳".into(),
            body: "T01".into(),
            role,
            established: true,
            phone: "13800000000".into(),
        }
    }

    #[test]
    fn officials_and_leaders_are_created_then_replaced() {
        let (_dir, store) = temp_store();
        let conn = store.lock();
        let mut o = official("O001", OfficialRole::Township);
        assert_eq!(save_official(&conn, &o).unwrap(), Written::Created);
        o.phone = "13900000000".into();
        assert_eq!(save_official(&conn, &o).unwrap(), Written::Updated);
        assert!(
            !insert_official_if_missing(&conn, &official("O001", OfficialRole::Industry)).unwrap()
        );
        assert_eq!(list_officials(&conn).unwrap(), [o.clone()]);
        assert_eq!(load_official(&conn, "O001").unwrap(), Some(o));

        let leader = BodyLeader {
            body: "T01".into(),
            body_kind: BodyKind::Township,
            name: "张强".into(),
            post: "副镇长".into(),
            phone: String::new(),
        };
        assert_eq!(save_body_leader(&conn, &leader).unwrap(), Written::Created);
        assert_eq!(save_body_leader(&conn, &leader).unwrap(), Written::Updated);
        assert_eq!(list_body_leaders(&conn).unwrap(), [leader]);
    }

    #[test]
    fn a_group_is_replaced_whole_with_its_dates() {
        let (_dir, store) = temp_store();
        let conn = store.lock();
        units::insert_township_if_missing(&conn, "T01", "城关镇").unwrap();
        let unit = units::NewUnit {
            id: "U001",
            name: "商场",
            level: 1,
            crowded: false,
            township_id: "T01",
            address: "",
        };
        units::insert_if_missing(&conn, &unit).unwrap();
        save_official(&conn, &official("O001", OfficialRole::Township)).unwrap();
        save_official(&conn, &official("O009", OfficialRole::Township)).unwrap();

        let date = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        let group = GuidanceGroup {
            unit_id: "U001".into(),
            members: vec![
                GroupMember {
                    official_id: "O009".into(),
                    role: OfficialRole::Township,
                    assigned_on: date("2025-01-01"),
                    until: Some(date("2026-01-01")),
                },
                GroupMember {
                    official_id: "O001".into(),
                    role: OfficialRole::Township,
                    assigned_on: date("2026-01-01"),
                    until: None,
                },
            ],
        };
        assert_eq!(replace_group(&conn, &group).unwrap(), Written::Created);
        assert_eq!(load_group(&conn, "U001").unwrap(), group);
        assert_eq!(list_groups(&conn).unwrap(), std::slice::from_ref(&group));

        let shorter =
            GuidanceGroup { unit_id: "U001".into(), members: group.members[1..].to_vec() };
        assert_eq!(replace_group(&conn, &shorter).unwrap(), Written::Updated);
        assert_eq!(load_group(&conn, "U001").unwrap(), shorter);
        assert!(load_group(&conn, "U404").unwrap().members.is_empty());
    }
}
