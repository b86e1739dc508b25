//! Guidance groups in files: one row per membership. The rows of a unit are its whole
//! group, past members included, and replace what the registry held for it; units the
//! file does not name keep their groups.

use std::collections::BTreeMap;

use baolian_shared::error::Lang;
use baolian_shared::registry::{GroupMember, GuidanceGroup};
use chrono::NaiveDate;
use rusqlite::Connection;

use super::Applied;
use super::layout::{self, Header, RowReader};
use super::officials::role_cell;
use super::table::{Table, issue};
use crate::store::StoreError;
use crate::store::units::Written;
use crate::store::{registry, units};

/// Checks every row and every resulting group, and writes the groups if all are good.
pub fn import(
    conn: &Connection,
    header: &Header,
    table: &Table,
    today: NaiveDate,
) -> Result<Applied, StoreError> {
    let mut issues = Vec::new();
    // Each unit's group with the number of the first row naming it.
    let mut groups: BTreeMap<String, (usize, GuidanceGroup)> = BTreeMap::new();
    for line in &table.rows {
        let mut r = RowReader::new(header, line);
        let unit_id = r.required("unit_id");
        let official_id = r.required("official_id");
        let role = r.parse("role", role_cell());
        let assigned_on = r.parse_required("assigned_on", layout::date);
        let until = r.parse("until", layout::date);

        if !unit_id.is_empty() && units::load_key_unit(conn, &unit_id)?.is_none() {
            r.issue_at(
                "unit_id",
                format!("单位「{unit_id}」不存在"),
                format!("no unit \"{unit_id}\""),
            );
        }
        // An empty role is the official's own; a wrong one is caught by the group rules.
        let official = match official_id.is_empty() {
            true => None,
            false => registry::load_official(conn, &official_id)?,
        };
        if !official_id.is_empty() && official.is_none() {
            r.issue_at(
                "official_id",
                format!("包保联系人员「{official_id}」不存在"),
                format!("no liaison official \"{official_id}\""),
            );
        }
        let role = role.or(official.map(|o| o.role));
        let clean = r.issues.is_empty();
        issues.extend(r.issues);
        let (Some(role), Some(assigned_on), true) = (role, assigned_on, clean) else {
            continue;
        };
        let member = GroupMember { official_id, role, assigned_on, until };
        let entry = groups.entry(unit_id.clone()).or_insert_with(|| {
            (line.number, GuidanceGroup { unit_id: unit_id.clone(), members: Vec::new() })
        });
        entry.1.members.push(member);
    }

    for (row, group) in groups.values() {
        if let Err(problems) = crate::registry::check_group(conn, group, today)? {
            let unit = &group.unit_id;
            issues.extend(problems.into_iter().map(|p| {
                let zh = format!("单位 {unit} 的联合指导组：{}", p.zh);
                let en = format!("guidance group of unit {unit}: {}", p.en);
                issue(*row, None, zh, en)
            }));
        }
    }
    if !issues.is_empty() {
        return Ok(Applied::refused(table.rows.len(), issues));
    }

    let mut applied = Applied::refused(table.rows.len(), Vec::new());
    for (_, group) in groups.values() {
        match registry::replace_group(conn, group)? {
            Written::Created => applied.created += 1,
            Written::Updated => applied.updated += 1,
        }
    }
    Ok(applied)
}

/// The export rows of groups: one per membership.
pub fn rows(groups: &[GuidanceGroup], lang: Lang) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for group in groups {
        for m in &group.members {
            let role = if lang == Lang::Zh { m.role.label(Lang::Zh) } else { m.role.as_str() };
            out.push(vec![
                group.unit_id.clone(),
                m.official_id.clone(),
                role.to_owned(),
                m.assigned_on.to_string(),
                m.until.map(|d| d.to_string()).unwrap_or_default(),
            ]);
        }
    }
    out
}
