//! Liaison officials in files: one row per official.

use std::collections::HashMap;

use baolian_shared::error::Lang;
use baolian_shared::registry::{Official, OfficialRole};
use rusqlite::Connection;

use super::layout::{self, Header, RowReader, Wanted, labelled, yes_no_text};
use super::table::Table;
use super::{Applied, duplicate};
use crate::store::StoreError;
use crate::store::registry;
use crate::store::units::Written;

/// The parser of a role cell, shared with the group layout.
pub fn role_cell() -> impl Fn(&str) -> Result<OfficialRole, Wanted> {
    labelled(
        OfficialRole::ALL,
        OfficialRole::as_str,
        OfficialRole::label,
        Wanted {
            zh: "身份（如 乡镇（街道）工作人员、消防部门监督执法干部）",
            en: "a role such as township or fire-officer",
        },
    )
}

/// Checks every row and, if all are good, writes them.
pub fn import(conn: &Connection, header: &Header, table: &Table) -> Result<Applied, StoreError> {
    let mut issues = Vec::new();
    let mut parsed = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for line in &table.rows {
        let mut r = RowReader::new(header, line);
        let official = Official {
            id: r.required("id"),
            name: r.required("name"),
            body: r.required("body"),
            role: r.parse_required("role", role_cell()).unwrap_or(OfficialRole::Technician),
            established: r.parse_required("established", layout::yes_no).unwrap_or(false),
            phone: r.text("phone"),
        };
        if let Some(first) = seen.get(&official.id).filter(|_| !official.id.is_empty()) {
            issues.push(duplicate(
                line.number,
                header.name("id"),
                "人员编号",
                &official.id,
                *first,
            ));
        } else {
            seen.insert(official.id.clone(), line.number);
        }
        issues.extend(r.issues);
        parsed.push(official);
    }
    if !issues.is_empty() {
        return Ok(Applied::refused(parsed.len(), issues));
    }

    let mut applied = Applied::refused(parsed.len(), Vec::new());
    for official in &parsed {
        match registry::save_official(conn, official)? {
            Written::Created => applied.created += 1,
            Written::Updated => applied.updated += 1,
        }
    }
    Ok(applied)
}

/// The export rows of officials.
pub fn rows(officials: &[Official], lang: Lang) -> Vec<Vec<String>> {
    officials
        .iter()
        .map(|o| {
            let role = if lang == Lang::Zh { o.role.label(Lang::Zh) } else { o.role.as_str() };
            vec![
                o.id.clone(),
                o.name.clone(),
                o.body.clone(),
                role.to_owned(),
                yes_no_text(o.established, lang),
                o.phone.clone(),
            ]
        })
        .collect()
}
