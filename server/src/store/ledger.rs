//! The township centre's views of records: review queues, records with conflicts, and
//! each township's monthly ledger with its closing.
//!
//! Everything here reads the projection columns only; the documents are loaded by the
//! handlers that need a record's content.

use baolian_shared::RecordStatus;
use baolian_shared::console::{ConsoleRecord, MonthClosure};
use baolian_shared::review::ReviewState;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::StoreError;
use crate::scope::{RecordQuery, Scope};

const SELECT: &str = "SELECT r.id, r.unit_id, u.name, r.author, r.local_date, r.status,
                             r.review_state, r.failed, r.late_edit, r.conflicts,
                             r.updated_at_ms, r.signed, r.changed_after_signing, r.activity
                      FROM records r JOIN units u ON u.id = r.unit_id";

/// Submitted records in scope whose review is in `state`, oldest visit first so the
/// queue is worked in order.
pub fn by_review(
    conn: &Connection,
    scope: &Scope,
    state: ReviewState,
) -> Result<Vec<ConsoleRecord>, StoreError> {
    let query = RecordQuery {
        select: SELECT,
        condition: "r.status = 'submitted' AND r.review_state = :state",
        order: "ORDER BY r.local_date, r.id",
    };
    scope.query_records(conn, query, &[(":state", &state.as_str())], from_row)
}

/// Records in scope holding concurrent values or changed after the unit signed them,
/// most recently changed first.
pub fn with_conflicts(conn: &Connection, scope: &Scope) -> Result<Vec<ConsoleRecord>, StoreError> {
    let query = RecordQuery {
        select: SELECT,
        condition: "r.conflicts > 0 OR r.changed_after_signing",
        order: "ORDER BY r.updated_at_ms DESC, r.id",
    };
    scope.query_records(conn, query, &[], from_row)
}

/// One record in scope, as the console lists it.
pub fn one(
    conn: &Connection,
    scope: &Scope,
    id: &str,
) -> Result<Option<ConsoleRecord>, StoreError> {
    let query = RecordQuery { select: SELECT, condition: "r.id = :id", order: "" };
    Ok(scope.query_records(conn, query, &[(":id", &id)], from_row)?.into_iter().next())
}

/// Every record of `township` dated in `month` (`YYYY-MM`), oldest visit first.
pub fn month_records(
    conn: &Connection,
    township: &str,
    month: &str,
) -> Result<Vec<ConsoleRecord>, StoreError> {
    let sql = format!(
        "{SELECT} WHERE u.township_id = ?1 AND substr(r.local_date, 1, 7) = ?2
         ORDER BY r.local_date, r.id"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([township, month], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Who closed `month` in `township`, if anyone did.
pub fn closure(
    conn: &Connection,
    township: &str,
    month: &str,
) -> Result<Option<MonthClosure>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT closed_by, closed_at_ms FROM month_closures
             WHERE township_id = ?1 AND month = ?2",
        )?
        .query_row([township, month], |row| {
            Ok(MonthClosure { closed_by: row.get(0)?, closed_at_ms: row.get(1)? })
        })
        .optional()?)
}

/// Closes `month` in `township`; `false` if it was closed already.
pub fn close_month(
    conn: &Connection,
    township: &str,
    month: &str,
    closed_by: &str,
    now_ms: i64,
) -> Result<bool, StoreError> {
    let inserted = conn
        .prepare_cached(
            "INSERT INTO month_closures (township_id, month, closed_by, closed_at_ms)
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
        )?
        .execute(params![township, month, closed_by, now_ms])?;
    Ok(inserted == 1)
}

/// Whether a township exists.
pub fn township_exists(conn: &Connection, township: &str) -> Result<bool, StoreError> {
    let found = conn
        .prepare_cached("SELECT 1 FROM townships WHERE id = ?1")?
        .query_row([township], |_| Ok(()))
        .optional()?;
    Ok(found.is_some())
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<ConsoleRecord> {
    let date: String = row.get(4)?;
    let date = NaiveDate::parse_from_str(&date, "%Y-%m-%d").map_err(|e| conversion(4, e))?;
    let status: String = row.get(5)?;
    let status = RecordStatus::parse(&status)
        .ok_or_else(|| conversion(5, format!("unknown status {status}")))?;
    let review: String = row.get(6)?;
    let review_state = ReviewState::parse(&review)
        .ok_or_else(|| conversion(6, format!("unknown review state {review}")))?;
    Ok(ConsoleRecord {
        id: row.get(0)?,
        unit_id: row.get(1)?,
        unit_name: row.get(2)?,
        author: row.get(3)?,
        date,
        status,
        review_state,
        failed: row.get::<_, u32>(7)? as usize,
        late_edit: row.get(8)?,
        conflicts: row.get::<_, u32>(9)? as usize,
        updated_at_ms: row.get(10)?,
        signed: row.get(11)?,
        changed_after_signing: row.get(12)?,
        activity: row.get(13)?,
    })
}

fn conversion(
    column: usize,
    error: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, error.into())
}
