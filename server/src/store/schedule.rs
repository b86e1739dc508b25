//! What the schedule engine reads, loaded from the database: unit histories, guidance
//! groups, the officials in them, and the submitted records as completed activities.

use std::collections::{BTreeMap, HashSet};

use baolian_shared::registry::{GuidanceGroup, Official, OfficialRole, UnitLevel};
use baolian_shared::schedule::{ActivityRecord, Participant, UnitAttributes, UnitHistory};
use chrono::NaiveDate;
use rusqlite::Connection;

use super::StoreError;
use super::registry::{self, date_from};
use super::units;

/// The engine's input for a set of units.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// The units, with their history.
    pub units: Vec<UnitHistory>,
    /// Their guidance groups.
    pub groups: Vec<GuidanceGroup>,
    /// The officials of those groups.
    pub officials: Vec<Official>,
    /// The submitted records about those units.
    pub records: Vec<ActivityRecord>,
}

/// Loads the inputs for the units in `unit_ids`. A unit with no listing date (stored
/// before migration 3) counts as listed when its first member was assigned, or `today`
/// if its group is empty.
pub fn load(
    conn: &Connection,
    unit_ids: &HashSet<String>,
    today: NaiveDate,
) -> Result<Inputs, StoreError> {
    let groups: Vec<GuidanceGroup> = registry::list_groups(conn)?
        .into_iter()
        .filter(|g| unit_ids.contains(&g.unit_id))
        .collect();
    let units = histories(conn, unit_ids, &groups, today)?;

    let serving: HashSet<&str> =
        groups.iter().flat_map(|g| g.members.iter().map(|m| m.official_id.as_str())).collect();
    let officials = registry::list_officials(conn)?
        .into_iter()
        .filter(|o| serving.contains(o.id.as_str()))
        .collect();

    let records = activities(conn, unit_ids)?;
    Ok(Inputs { units, groups, officials, records })
}

fn histories(
    conn: &Connection,
    unit_ids: &HashSet<String>,
    groups: &[GuidanceGroup],
    today: NaiveDate,
) -> Result<Vec<UnitHistory>, StoreError> {
    let mut attributes: BTreeMap<String, Vec<UnitAttributes>> = BTreeMap::new();
    let mut statement = conn.prepare_cached(
        "SELECT unit_id, from_date, level, crowded FROM unit_attributes ORDER BY unit_id, from_date",
    )?;
    let rows = statement.query_map([], |row| {
        let level: u8 = row.get(2)?;
        let attributes = UnitAttributes {
            from: date_from(row, 1)?,
            level: UnitLevel::from_number(level).unwrap_or(UnitLevel::Three),
            crowded_place: row.get(3)?,
        };
        Ok((row.get::<_, String>(0)?, attributes))
    })?;
    for row in rows {
        let (unit_id, entry) = row?;
        attributes.entry(unit_id).or_default().push(entry);
    }

    let mut dates = conn.prepare_cached("SELECT id, listed_on, delisted_on FROM units")?;
    let mut listing: BTreeMap<String, (Option<String>, Option<String>)> = BTreeMap::new();
    for row in dates.query_map([], |row| Ok((row.get(0)?, (row.get(1)?, row.get(2)?))))? {
        let (id, dates) = row?;
        listing.insert(id, dates);
    }

    let mut out = Vec::new();
    for unit in units::list_key_units(conn)? {
        if !unit_ids.contains(&unit.id) {
            continue;
        }
        let first_member = groups
            .iter()
            .filter(|g| g.unit_id == unit.id)
            .flat_map(|g| g.members.iter().map(|m| m.assigned_on))
            .min();
        let (listed, delisted) = listing.remove(&unit.id).unwrap_or_default();
        let parse =
            |d: Option<String>| d.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        let listed_on = parse(listed).or(first_member).unwrap_or(today);
        let mut history = UnitHistory::of_unit(&unit, listed_on);
        history.delisted_on = parse(delisted);
        if let Some(tracked) = attributes.remove(&unit.id) {
            history.attributes = tracked;
        }
        out.push(history);
    }
    Ok(out)
}

/// Each submitted record about the units, credited to its author's official and role.
/// A record whose author has no registry entry (a unit account, say) credits no one.
fn activities(
    conn: &Connection,
    unit_ids: &HashSet<String>,
) -> Result<Vec<ActivityRecord>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT r.id, r.unit_id, r.activity, r.local_date, o.id, o.role
         FROM records r
         LEFT JOIN accounts a ON a.username = r.author
         LEFT JOIN officials o ON o.id = a.official_id
         WHERE r.status = 'submitted'
         ORDER BY r.unit_id, r.local_date, r.id",
    )?;
    let rows = statement.query_map([], |row| {
        let official: Option<String> = row.get(4)?;
        let role: Option<String> = row.get(5)?;
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get(2)?,
            date_from(row, 3)?,
            official,
            role,
        ))
    })?;

    let mut records = Vec::new();
    for row in rows {
        let (record_id, unit_id, activity, date, official, role) = row?;
        if !unit_ids.contains(&unit_id) {
            continue;
        }
        let officials = match (official, role.as_deref().and_then(OfficialRole::parse)) {
            (Some(official_id), Some(role)) => vec![Participant { official_id, role }],
            _ => Vec::new(),
        };
        records.push(ActivityRecord { record_id, unit_id, activity, officials, date });
    }
    Ok(records)
}
