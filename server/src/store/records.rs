//! Guidance records: the projection row that listings read and the automerge bytes.
//!
//! A record is written only whole, in one transaction: its projection columns and its
//! document bytes always describe the same heads.

use baolian_shared::RecordStatus;
use baolian_shared::api::InspectionSummary;
use baolian_shared::inspection::Inspection;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::StoreError;

/// A record's stored document and its heads.
#[derive(Debug, Clone)]
pub struct StoredDoc {
    /// The compacted automerge document.
    pub bytes: Vec<u8>,
    /// Heads of `bytes`, sorted hex.
    pub heads: Vec<String>,
    /// When the server last stored a change, milliseconds since the Unix epoch.
    pub updated_at_ms: i64,
}

/// Reads a record's document, if the server holds it.
pub fn load(conn: &Connection, id: &str) -> Result<Option<StoredDoc>, StoreError> {
    let row = conn
        .prepare_cached(
            "SELECT b.bytes, r.heads, r.updated_at_ms
             FROM records r JOIN record_bytes b ON b.id = r.id WHERE r.id = ?1",
        )?
        .query_row([id], |row| {
            Ok(StoredDoc {
                bytes: row.get(0)?,
                heads: split_heads(&row.get::<_, String>(1)?),
                updated_at_ms: row.get(2)?,
            })
        })
        .optional()?;
    Ok(row)
}

/// Writes a record's document with the projection of its content, replacing any
/// earlier version. Call inside a transaction so both rows change together.
pub fn save(
    conn: &Connection,
    record: &Inspection,
    bytes: &[u8],
    heads: &[String],
    now_ms: i64,
) -> Result<(), StoreError> {
    let (answered, failed) = record.tally();
    conn.prepare_cached(
        "INSERT INTO records (id, record_type, unit_id, activity, local_date, author, status,
                              answered, failed, heads, change_count, updated_at_ms)
         VALUES (?1, 'inspection', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10)
         ON CONFLICT (id) DO UPDATE SET
             unit_id = excluded.unit_id, activity = excluded.activity,
             local_date = excluded.local_date, author = excluded.author,
             status = excluded.status, answered = excluded.answered,
             failed = excluded.failed, heads = excluded.heads,
             change_count = change_count + 1, updated_at_ms = excluded.updated_at_ms",
    )?
    .execute(params![
        record.id,
        record.unit_id,
        record.activity,
        record.date.format("%Y-%m-%d").to_string(),
        record.author,
        record.status.as_str(),
        count(answered),
        count(failed),
        heads.join(","),
        now_ms,
    ])?;
    conn.prepare_cached(
        "INSERT INTO record_bytes (id, bytes) VALUES (?1, ?2)
         ON CONFLICT (id) DO UPDATE SET bytes = excluded.bytes",
    )?
    .execute(params![record.id, bytes])?;
    Ok(())
}

/// Every record, newest visit first.
pub fn list(conn: &Connection) -> Result<Vec<InspectionSummary>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, unit_id, local_date, author, status, answered, failed, updated_at_ms
         FROM records ORDER BY local_date DESC, updated_at_ms DESC",
    )?;
    let rows = statement.query_map([], summary_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<InspectionSummary> {
    let date: String = row.get(2)?;
    let date = NaiveDate::parse_from_str(&date, "%Y-%m-%d").map_err(|e| conversion(2, e))?;
    let status: String = row.get(4)?;
    let status = RecordStatus::parse(&status)
        .ok_or_else(|| conversion(4, format!("unknown status {status}")))?;
    Ok(InspectionSummary {
        id: row.get(0)?,
        unit_id: row.get(1)?,
        date,
        author: row.get(3)?,
        status,
        answered: row.get::<_, u32>(5)? as usize,
        failed: row.get::<_, u32>(6)? as usize,
        updated_at_ms: row.get(7)?,
    })
}

fn conversion(
    column: usize,
    error: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, error.into())
}

/// A count of checklist items as stored; a checklist is far shorter than `u32::MAX`.
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn split_heads(joined: &str) -> Vec<String> {
    joined
        .split(',')
        .filter(|h| !h.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::temp_store;
    use crate::store::units::{self, NewUnit};
    use baolian_shared::InspectionDoc;
    use baolian_shared::inspection::NewInspection;

    fn seeded() -> (tempfile::TempDir, crate::store::Store) {
        let (dir, store) = temp_store();
        {
            let conn = store.lock();
            units::insert_township_if_missing(&conn, "T1", "城关镇").unwrap();
            let unit = NewUnit {
                id: "U001",
                name: "新华百货商场",
                level: 1,
                crowded: true,
                township_id: "T1",
                address: "人民路 88 号",
            };
            units::insert_if_missing(&conn, &unit).unwrap();
        }
        (dir, store)
    }

    fn new_doc(id: &str) -> InspectionDoc {
        InspectionDoc::create(&NewInspection {
            id: id.into(),
            unit_id: "U001".into(),
            author: "wangfang".into(),
            date: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
            created_at_ms: 1_000,
        })
    }

    #[test]
    fn a_saved_record_loads_back_and_lists() {
        let (_dir, store) = seeded();
        let conn = store.lock();
        let id = "0b7a5c1e-2d3f-4a5b-8c9d-0e1f2a3b4c5d";
        let mut doc = new_doc(id);
        doc.set_result("wiring", Some(baolian_shared::ItemResult::Fail));
        let heads = doc.heads_hex();
        save(&conn, &doc.read().unwrap(), &doc.save(), &heads, 42).unwrap();

        let stored = load(&conn, id).unwrap().expect("stored");
        assert_eq!(stored.heads, heads);
        assert_eq!(stored.updated_at_ms, 42);
        let mut loaded = InspectionDoc::load(&stored.bytes).unwrap();
        assert_eq!(loaded.heads_hex(), heads);

        let listed = list(&conn).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].id, id);
        assert_eq!((listed[0].answered, listed[0].failed), (1, 1));
        assert_eq!(
            listed[0].date,
            NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()
        );
        assert!(load(&conn, "missing").unwrap().is_none());
    }

    #[test]
    fn saving_again_replaces_the_projection_and_counts_changes() {
        let (_dir, store) = seeded();
        let conn = store.lock();
        let id = "0b7a5c1e-2d3f-4a5b-8c9d-0e1f2a3b4c5d";
        let mut doc = new_doc(id);
        save(
            &conn,
            &doc.read().unwrap(),
            &doc.save(),
            &doc.heads_hex(),
            1,
        )
        .unwrap();
        doc.set_status(RecordStatus::Submitted);
        save(
            &conn,
            &doc.read().unwrap(),
            &doc.save(),
            &doc.heads_hex(),
            2,
        )
        .unwrap();

        let listed = list(&conn).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].status, RecordStatus::Submitted);
        let changes: i64 = conn
            .query_row(
                "SELECT change_count FROM records WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(changes, 2);
    }
}
