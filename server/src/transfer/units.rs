//! Key units in files: one row per unit, every field of [`KeyUnit`].

use std::collections::HashMap;

use baolian_shared::api::ImportIssue;
use baolian_shared::error::Lang;
use baolian_shared::registry::{
    AssignmentBasis, IndustryAssignment, IndustryTier, KeyUnit, Location, RegistryViolation,
    UnitFeatures, UnitKind, UnitLevel,
};
use chrono::NaiveDate;
use rusqlite::Connection;

use super::layout::{self, Header, RowReader, UNIT_COLUMNS, Wanted, labelled, yes_no_text};
use super::table::{Table, issue};
use super::{Applied, duplicate};
use crate::store::StoreError;
use crate::store::units::{self, Written};

/// A unit read from a row.
#[derive(Debug, Clone)]
struct UnitRow {
    row: usize,
    unit: KeyUnit,
    listed_on: Option<NaiveDate>,
}

/// Checks every row and, if all are good, writes them.
pub fn import(
    conn: &Connection,
    header: &Header,
    table: &Table,
    today: NaiveDate,
) -> Result<Applied, StoreError> {
    let mut issues = Vec::new();
    let mut parsed = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for line in &table.rows {
        let mut reader = RowReader::new(header, line);
        let row = read_row(&mut reader);
        if let Some(first) = seen.get(&row.unit.id).filter(|_| !row.unit.id.is_empty()) {
            issues.push(duplicate(
                line.number,
                header.name("id"),
                "单位编号",
                &row.unit.id,
                *first,
            ));
        } else {
            seen.insert(row.unit.id.clone(), line.number);
        }
        issues.extend(reader.issues);
        parsed.push(row);
    }

    for row in &mut parsed {
        issues.extend(check(conn, header, row)?);
    }
    if !issues.is_empty() {
        return Ok(Applied::refused(parsed.len(), issues));
    }

    let mut applied = Applied::refused(parsed.len(), Vec::new());
    for row in &parsed {
        match units::save_key_unit(conn, &row.unit, row.listed_on.unwrap_or(today))? {
            Written::Created => applied.created += 1,
            Written::Updated => applied.updated += 1,
        }
    }
    Ok(applied)
}

fn read_row(r: &mut RowReader<'_>) -> UnitRow {
    let kind = labelled(
        UnitKind::ALL,
        UnitKind::as_str,
        UnitKind::label,
        Wanted {
            zh: "单位类别（见导入格式说明）", en: "a unit kind (see the import format)"
        },
    );
    let tier = labelled(
        IndustryTier::ALL,
        IndustryTier::as_str,
        IndustryTier::label,
        Wanted { zh: "省级、市级或县级", en: "province, city or county" },
    );
    let basis = labelled(
        AssignmentBasis::ALL,
        AssignmentBasis::as_str,
        AssignmentBasis::label,
        Wanted {
            zh: "谁主管谁分包、谁为主谁分包或谁靠近谁分包",
            en: "governs, primary or nearest",
        },
    );

    let flag = |r: &mut RowReader<'_>, key| r.parse(key, layout::yes_no).unwrap_or(false);
    let features = UnitFeatures {
        control_room: flag(r, "control_room"),
        automatic_alarm: flag(r, "automatic_alarm"),
        sprinklers: flag(r, "sprinklers"),
        mini_fire_station: flag(r, "mini_fire_station"),
        gas: flag(r, "gas"),
        high_rise: flag(r, "high_rise"),
    };

    let lat = r.parse("lat", layout::number_in(-90.0..=90.0));
    let lon = r.parse("lon", layout::number_in(-180.0..=180.0));
    if lat.is_some() != lon.is_some() {
        r.problem(
            if lat.is_some() { "lon" } else { "lat" },
            "须与经纬度另一项同时填写",
            "needs its pair",
        );
    }
    let assignment = r
        .parse("assignment_basis", basis)
        .map(|basis| IndustryAssignment { basis, reason: r.text("assignment_reason") });

    let unit = KeyUnit {
        id: r.required("id"),
        name: r.required("name"),
        level: r.parse_required("level", layout::level).unwrap_or(UnitLevel::Three),
        crowded_place: r.parse_required("crowded_place", layout::yes_no).unwrap_or(false),
        crowded_reason: r.text("crowded_reason"),
        kind: r.parse("kind", kind).unwrap_or_default(),
        address: r.text("address"),
        location: lat.zip(lon).map(|(lat, lon)| Location { lat, lon }),
        county: r.text("county"),
        township_id: r.text("township_id"),
        police_station: r.text("police_station"),
        fire_authority: r.text("fire_authority"),
        industry_department: r.text("industry_department"),
        industry_tier: r.parse("industry_tier", tier).unwrap_or_default(),
        industry_assignment: assignment,
        responsible_person: r.text("responsible_person"),
        manager: r.text("manager"),
        commitment: r.text("commitment"),
        features,
    };
    let listed_on = r.parse("listed_on", layout::date);
    UnitRow { row: r.row(), unit, listed_on }
}

/// The checks that need the database or the unit's own rules: the township exists
/// (given by id or name; a name is replaced by the id), and [`KeyUnit::validate`].
fn check(
    conn: &Connection,
    header: &Header,
    row: &mut UnitRow,
) -> Result<Vec<ImportIssue>, StoreError> {
    let mut found = Vec::new();
    let township = row.unit.township_id.clone();
    if !township.is_empty() {
        match units::find_township(conn, &township)? {
            Some(id) => row.unit.township_id = id,
            None => found.push(issue(
                row.row,
                Some(header.name("township_id")),
                format!("乡镇（街道）「{township}」不存在"),
                format!("no township \"{township}\""),
            )),
        }
    }
    if let Err(violations) = row.unit.validate() {
        for violation in violations {
            let key = column_of(&violation);
            found.push(issue(
                row.row,
                key.map(|k| header.name(k)),
                violation.message(Lang::Zh),
                violation.message(Lang::En),
            ));
        }
    }
    Ok(found)
}

/// The column a unit rule is about.
fn column_of(violation: &RegistryViolation) -> Option<&'static str> {
    match violation {
        RegistryViolation::EmptyField { field } => {
            UNIT_COLUMNS.iter().find(|c| c.key == field.as_str()).map(|c| c.key)
        }
        RegistryViolation::AssignmentWithoutReason { .. } => Some("assignment_reason"),
        RegistryViolation::CrowdedWithoutReason { .. } => Some("crowded_reason"),
        RegistryViolation::BadLocation { .. } => Some("lat"),
        _ => None,
    }
}

/// The export rows of units, in the layout's column order.
pub fn rows(units: &[KeyUnit], listed: &HashMap<String, String>, lang: Lang) -> Vec<Vec<String>> {
    let label = |zh: &'static str, id: &'static str| if lang == Lang::Zh { zh } else { id };
    units
        .iter()
        .map(|u| {
            let f = u.features;
            let yn = |b| yes_no_text(b, lang);
            let coordinate = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
            vec![
                u.id.clone(),
                u.name.clone(),
                label(u.level.label(Lang::Zh), u.level.as_str()).to_owned(),
                yn(u.crowded_place),
                u.crowded_reason.clone(),
                label(u.kind.label(Lang::Zh), u.kind.as_str()).to_owned(),
                u.address.clone(),
                coordinate(u.location.map(|l| l.lat)),
                coordinate(u.location.map(|l| l.lon)),
                u.county.clone(),
                u.township_id.clone(),
                u.police_station.clone(),
                u.fire_authority.clone(),
                u.industry_department.clone(),
                label(u.industry_tier.label(Lang::Zh), u.industry_tier.as_str()).to_owned(),
                u.industry_assignment
                    .as_ref()
                    .map(|a| label(a.basis.label(Lang::Zh), a.basis.as_str()).to_owned())
                    .unwrap_or_default(),
                u.industry_assignment.as_ref().map(|a| a.reason.clone()).unwrap_or_default(),
                u.responsible_person.clone(),
                u.manager.clone(),
                u.commitment.clone(),
                yn(f.control_room),
                yn(f.automatic_alarm),
                yn(f.sprinklers),
                yn(f.mini_fire_station),
                yn(f.gas),
                yn(f.high_rise),
                listed.get(&u.id).cloned().unwrap_or_default(),
            ]
        })
        .collect()
}
