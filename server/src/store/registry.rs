//! The registry beyond units: officials and the members of each unit's guidance group.

use rusqlite::{Connection, params};

use super::StoreError;

/// An official as written by the demo loader.
#[derive(Debug, Clone, Copy)]
pub struct NewOfficial<'a> {
    /// Stable official id.
    pub id: &'a str,
    /// Full name.
    pub name: &'a str,
    /// The body the official works for.
    pub body: &'a str,
    /// Stored form of the official's role.
    pub role: &'a str,
    /// Established, serving staff (在编在岗).
    pub established: bool,
    /// Contact phone.
    pub phone: &'a str,
    /// The full registry entry as JSON.
    pub data: &'a str,
}

/// Adds an official unless the id exists; never overwrites.
pub fn insert_official_if_missing(
    conn: &Connection,
    official: &NewOfficial<'_>,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO officials (id, name, body, role, established, phone, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING",
        params![
            official.id,
            official.name,
            official.body,
            official.role,
            official.established,
            official.phone,
            official.data
        ],
    )?;
    Ok(())
}

/// Adds an official to a unit's guidance group from `assigned_on` (`YYYY-MM-DD`)
/// unless that membership exists.
pub fn insert_member_if_missing(
    conn: &Connection,
    unit_id: &str,
    official_id: &str,
    role: &str,
    assigned_on: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO group_members (unit_id, official_id, role, assigned_on)
         VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
        params![unit_id, official_id, role, assigned_on],
    )?;
    Ok(())
}

/// Ends a membership: the official leaves the unit's group after `until`.
pub fn end_membership(
    conn: &Connection,
    unit_id: &str,
    official_id: &str,
    until: &str,
) -> Result<(), StoreError> {
    let changed = conn.execute(
        "UPDATE group_members SET until = ?3
         WHERE unit_id = ?1 AND official_id = ?2 AND until IS NULL",
        params![unit_id, official_id, until],
    )?;
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}
