//! Import and export of the registry as CSV and XLSX files (`docs/import-format.md`).
//!
//! An import reads the whole file, checks every row and reports every problem with its
//! row and column; it writes only when there is none, inside one transaction that is
//! rolled back on any failure, so a file is taken whole or not at all.

mod groups;
mod layout;
mod officials;
pub mod table;
mod units;

use baolian_shared::api::{ImportIssue, ImportReport};
use baolian_shared::error::Lang;
use baolian_shared::registry::{GuidanceGroup, KeyUnit, Official};
use chrono::NaiveDate;
use rusqlite::Connection;

use crate::store::StoreError;
use table::{Format, ReadError, Table};

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Key units.
    Units,
    /// Liaison officials.
    Officials,
    /// Guidance group memberships.
    Groups,
}

impl Kind {
    /// Parses the path segment: `units`, `officials` or `groups`.
    pub fn parse(name: &str) -> Option<Kind> {
        match name {
            "units" => Some(Kind::Units),
            "officials" => Some(Kind::Officials),
            "groups" => Some(Kind::Groups),
            _ => None,
        }
    }

    /// The path segment.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Units => "units",
            Kind::Officials => "officials",
            Kind::Groups => "groups",
        }
    }

    fn columns(self) -> &'static [layout::Column] {
        match self {
            Kind::Units => layout::UNIT_COLUMNS,
            Kind::Officials => layout::OFFICIAL_COLUMNS,
            Kind::Groups => layout::GROUP_COLUMNS,
        }
    }

    fn sheet(self) -> &'static str {
        match self {
            Kind::Units => "重点单位",
            Kind::Officials => "包保联系人员",
            Kind::Groups => "联合指导组",
        }
    }
}

/// The outcome of checking (and perhaps writing) the rows of one file.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    rows: usize,
    created: usize,
    updated: usize,
    issues: Vec<ImportIssue>,
}

impl Applied {
    fn refused(rows: usize, issues: Vec<ImportIssue>) -> Applied {
        Applied { rows, issues, ..Applied::default() }
    }
}

/// The issue for an id that an earlier row of the same file already used.
fn duplicate(row: usize, column: &str, what: &str, id: &str, first: usize) -> ImportIssue {
    table::issue(
        row,
        Some(column),
        format!("{what}「{id}」与第 {first} 行重复"),
        format!("id \"{id}\" repeats row {first}"),
    )
}

/// Why an import did not run at all.
#[derive(Debug)]
pub enum ImportError {
    /// Not a CSV or XLSX file.
    Unsupported,
    /// Storage failed.
    Store(StoreError),
}

impl From<StoreError> for ImportError {
    fn from(error: StoreError) -> ImportError {
        ImportError::Store(error)
    }
}

/// Imports a file; the report lists every problem, and a report with problems means
/// nothing was written.
pub fn import(
    conn: &mut Connection,
    kind: Kind,
    format: Format,
    body: &[u8],
    today: NaiveDate,
) -> Result<ImportReport, ImportError> {
    let mut report = ImportReport { kind: kind.as_str().into(), ..ImportReport::default() };
    let table = match table::read(format, body) {
        Ok(table) => table,
        Err(ReadError::Unsupported) => return Err(ImportError::Unsupported),
        Err(ReadError::Invalid(issue)) => {
            report.errors.push(issue);
            return Ok(report);
        }
    };
    let header = match layout::Header::map(kind.columns(), &table.headers, table.header_row) {
        Ok(header) => header,
        Err(issues) => {
            report.rows = table.rows.len();
            report.errors = issues;
            return Ok(report);
        }
    };

    let tx = conn.transaction().map_err(StoreError::from)?;
    let applied = apply(&tx, kind, &header, &table, today)?;
    if applied.issues.is_empty() {
        tx.commit().map_err(StoreError::from)?;
    }
    // A refused import drops the transaction, which rolls it back.
    report.rows = applied.rows;
    report.created = applied.created;
    report.updated = applied.updated;
    report.errors = applied.issues;
    report.errors.sort_by_key(|issue| issue.row);
    Ok(report)
}

fn apply(
    conn: &Connection,
    kind: Kind,
    header: &layout::Header,
    table: &Table,
    today: NaiveDate,
) -> Result<Applied, StoreError> {
    match kind {
        Kind::Units => units::import(conn, header, table, today),
        Kind::Officials => officials::import(conn, header, table),
        Kind::Groups => groups::import(conn, header, table, today),
    }
}

/// What an export holds: the registry entries an account may read.
#[derive(Debug, Clone, Default)]
pub struct Entries {
    /// Units.
    pub units: Vec<KeyUnit>,
    /// The day each unit was listed, by id.
    pub listed: std::collections::HashMap<String, String>,
    /// Officials.
    pub officials: Vec<Official>,
    /// Guidance groups.
    pub groups: Vec<GuidanceGroup>,
}

/// Writes an export file: Chinese headers and labels, or English headers and stable ids.
pub fn export(kind: Kind, format: Format, entries: &Entries, lang: Lang) -> Vec<u8> {
    let rows = match kind {
        Kind::Units => units::rows(&entries.units, &entries.listed, lang),
        Kind::Officials => officials::rows(&entries.officials, lang),
        Kind::Groups => groups::rows(&entries.groups, lang),
    };
    let headers = layout::headers(kind.columns(), lang);
    table::write(format, kind.sheet(), &headers, &rows)
}
