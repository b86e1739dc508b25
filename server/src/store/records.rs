//! Guidance records: the projection row that listings read and the automerge bytes.
//!
//! A record is written only whole, in one transaction: its projection columns and its
//! document bytes always describe the same heads.

use automerge::AutoCommit;
use baolian_shared::RecordStatus;
use baolian_shared::api::InspectionSummary;
use baolian_shared::inspection::{Inspection, heads_to_hex};
use baolian_shared::sync::heads_hash;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::StoreError;
use crate::scope::{RecordQuery, Scope};

/// How many changes a record keeps beside its snapshot before the snapshot is
/// rewritten. Appending a change is cheaper than rewriting the document; loading
/// replays at most this many.
pub const COMPACT_AFTER: i64 = 32;

/// A record's stored document and its heads.
#[derive(Debug, Clone)]
pub struct StoredDoc {
    /// The compacted automerge document.
    pub snapshot: Vec<u8>,
    /// Changes made after the snapshot, in order, each an automerge change chunk.
    pub changes: Vec<Vec<u8>>,
    /// Heads of the whole document, sorted hex.
    pub heads: Vec<String>,
    /// When the server last stored a change, milliseconds since the Unix epoch.
    pub updated_at_ms: i64,
    /// The unit the record is about, from its projection.
    pub unit_id: String,
    /// The record's author, from its projection.
    pub author: String,
}

impl StoredDoc {
    /// Loads the document: the snapshot, then the changes after it.
    pub fn load(&self) -> Result<AutoCommit, automerge::AutomergeError> {
        let mut doc = AutoCommit::load(&self.snapshot)?;
        for change in &self.changes {
            doc.load_incremental(change)?;
        }
        Ok(doc)
    }
}

/// Who sent the changes being stored.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// The account.
    pub username: &'a str,
    /// The device, if the change came through sync.
    pub device_id: Option<&'a str>,
    /// When the server received it.
    pub at_ms: i64,
}

/// What the projection of a record says beyond its content.
#[derive(Debug, Clone, Copy, Default)]
pub struct Flags {
    /// Fields holding concurrent values.
    pub conflicts: usize,
    /// Whether the change falls in a month its township has closed.
    pub late_edit: bool,
}

/// What the projection says of a record's document, without reading its bytes.
#[derive(Debug, Clone)]
pub struct RecordHead {
    /// Heads of the stored document, sorted hex.
    pub heads: Vec<String>,
    /// The unit the record is about.
    pub unit_id: String,
    /// The record's author.
    pub author: String,
    /// The duty the record fulfils.
    pub activity: String,
    /// How many fields held concurrent values when it was stored.
    pub conflicts: usize,
}

/// Reads a record's heads, unit, author, activity and conflict count, if the server
/// holds it.
pub fn head(conn: &Connection, id: &str) -> Result<Option<RecordHead>, StoreError> {
    let row = conn
        .prepare_cached(
            "SELECT heads, unit_id, author, activity, conflicts FROM records WHERE id = ?1",
        )?
        .query_row([id], |row| {
            Ok(RecordHead {
                heads: split_heads(&row.get::<_, String>(0)?),
                unit_id: row.get(1)?,
                author: row.get(2)?,
                activity: row.get(3)?,
                conflicts: usize::try_from(row.get::<_, i64>(4)?).unwrap_or(usize::MAX),
            })
        })
        .optional()?;
    Ok(row)
}

/// Reads a record's document, if the server holds it.
pub fn load(conn: &Connection, id: &str) -> Result<Option<StoredDoc>, StoreError> {
    let row = conn
        .prepare_cached(
            "SELECT b.bytes, r.heads, r.updated_at_ms, r.unit_id, r.author
             FROM records r JOIN record_bytes b ON b.id = r.id WHERE r.id = ?1",
        )?
        .query_row([id], |row| {
            let stored = StoredDoc {
                snapshot: row.get(0)?,
                changes: Vec::new(),
                heads: split_heads(&row.get::<_, String>(1)?),
                updated_at_ms: row.get(2)?,
                unit_id: row.get(3)?,
                author: row.get(4)?,
            };
            Ok(stored)
        })
        .optional()?;
    let Some(mut stored) = row else {
        return Ok(None);
    };
    let mut statement = conn.prepare_cached(
        "SELECT bytes FROM record_changes WHERE record_id = ?1 AND bytes IS NOT NULL
         ORDER BY seq, rowid",
    )?;
    stored.changes = statement.query_map([id], |row| row.get(0))?.collect::<Result<_, _>>()?;
    Ok(Some(stored))
}

/// Stores the changes `doc` has beyond `heads_before` with their origin, and the
/// projection of `record`; rewrites the snapshot when the record is new or has gathered
/// [`COMPACT_AFTER`] changes. Call inside a transaction so all rows change together.
pub fn save(
    conn: &Connection,
    record: &Inspection,
    doc: &mut AutoCommit,
    heads_before: &[automerge::ChangeHash],
    origin: Origin<'_>,
    flags: Flags,
) -> Result<(), StoreError> {
    let seq = next_seq(conn)?;
    let heads = heads_to_hex(&doc.get_heads());
    write_projection(conn, record, &heads, seq, origin.at_ms, flags)?;

    let mut insert = conn.prepare_cached(
        "INSERT INTO record_changes (record_id, hash, seq, actor, username, device_id,
                                     received_at_ms, change_time_ms, bytes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING",
    )?;
    for change in doc.get_changes(heads_before) {
        insert.execute(params![
            record.id,
            change.hash().to_string(),
            seq,
            change.actor_id().to_hex_string(),
            origin.username,
            origin.device_id,
            origin.at_ms,
            change.timestamp(),
            change.raw_bytes(),
        ])?;
    }

    let loose: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM record_changes WHERE record_id = ?1 AND bytes IS NOT NULL",
        )?
        .query_row([&record.id], |row| row.get(0))?;
    if heads_before.is_empty() || loose >= COMPACT_AFTER {
        conn.prepare_cached(
            "INSERT INTO record_bytes (id, bytes) VALUES (?1, ?2)
             ON CONFLICT (id) DO UPDATE SET bytes = excluded.bytes",
        )?
        .execute(params![record.id, doc.save()])?;
        conn.prepare_cached("UPDATE record_changes SET bytes = NULL WHERE record_id = ?1")?
            .execute([&record.id])?;
    }
    Ok(())
}

fn next_seq(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(seq), 0) + 1 FROM records")?
        .query_row([], |row| row.get(0))?)
}

fn write_projection(
    conn: &Connection,
    record: &Inspection,
    heads: &[String],
    seq: i64,
    now_ms: i64,
    flags: Flags,
) -> Result<(), StoreError> {
    let (answered, failed) = record.tally();
    let signed = record.signature.is_some();
    let changed_after_signing = record.signature.as_ref().is_some_and(|s| !s.covers(record));
    conn.prepare_cached(
        "INSERT INTO records (id, record_type, unit_id, activity, local_date, author, status,
                              answered, failed, heads, change_count, updated_at_ms, seq,
                              heads_hash, review_state, conflicts, late_edit, signed,
                              changed_after_signing)
         VALUES (?1, 'inspection', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10, ?11, ?12, ?13,
                 ?14, ?15, ?16, ?17)
         ON CONFLICT (id) DO UPDATE SET
             unit_id = excluded.unit_id, activity = excluded.activity,
             local_date = excluded.local_date, author = excluded.author,
             status = excluded.status, answered = excluded.answered,
             failed = excluded.failed, heads = excluded.heads,
             change_count = change_count + 1, updated_at_ms = excluded.updated_at_ms,
             seq = excluded.seq, heads_hash = excluded.heads_hash,
             review_state = excluded.review_state, conflicts = excluded.conflicts,
             late_edit = late_edit OR excluded.late_edit, signed = excluded.signed,
             changed_after_signing = excluded.changed_after_signing",
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
        seq,
        heads_hash(heads),
        record.review.state.as_str(),
        count(flags.conflicts),
        flags.late_edit,
        signed,
        changed_after_signing,
    ])?;
    Ok(())
}

pub use baolian_shared::console::ChangeEntry;

/// Every change of a record in the order the server received them.
pub fn history(conn: &Connection, id: &str) -> Result<Vec<ChangeEntry>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT hash, actor, username, device_id, received_at_ms, change_time_ms
         FROM record_changes WHERE record_id = ?1 ORDER BY seq, rowid",
    )?;
    let rows = statement.query_map([id], |row| {
        Ok(ChangeEntry {
            hash: row.get(0)?,
            actor: row.get(1)?,
            username: row.get(2)?,
            device_id: row.get(3)?,
            received_at_ms: row.get(4)?,
            change_time_ms: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Whether the month of `date` is closed in the township of `unit_id`.
pub fn month_closed(conn: &Connection, unit_id: &str, date: NaiveDate) -> Result<bool, StoreError> {
    let month = date.format("%Y-%m").to_string();
    let found = conn
        .prepare_cached(
            "SELECT 1 FROM month_closures c JOIN units u ON u.township_id = c.township_id
             WHERE u.id = ?1 AND c.month = ?2",
        )?
        .query_row([unit_id, &month], |_| Ok(()))
        .optional()?;
    Ok(found.is_some())
}

/// Every record, newest visit first.
pub fn list(conn: &Connection) -> Result<Vec<InspectionSummary>, StoreError> {
    let sql = format!("{SUMMARY_SELECT} ORDER BY {SUMMARY_ORDER}");
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([], summary_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every record of a scope, newest visit first.
pub fn list_in(conn: &Connection, scope: &Scope) -> Result<Vec<InspectionSummary>, StoreError> {
    let order = format!("ORDER BY {SUMMARY_ORDER}");
    let query = RecordQuery { select: SUMMARY_SELECT, condition: "1 = 1", order: &order };
    scope.query_records(conn, query, &[], summary_from_row)
}

/// The columns [`summary_from_row`] reads, from the records table as `r`.
const SUMMARY_SELECT: &str = "SELECT r.id, r.unit_id, r.local_date, r.author, r.status,
    r.answered, r.failed, r.updated_at_ms FROM records r";
const SUMMARY_ORDER: &str = "r.local_date DESC, r.updated_at_ms DESC";

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
    joined.split(',').filter(|h| !h.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::temp_store;
    use crate::store::units::{self, NewUnit};
    use baolian_shared::InspectionDoc;
    use baolian_shared::inspection::{Checklist, NewInspection};

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
            checklist: Checklist::monthly(),
        })
    }

    fn origin(at_ms: i64) -> Origin<'static> {
        Origin { username: "wangfang", device_id: Some("D1"), at_ms }
    }

    fn store_doc(
        conn: &Connection,
        doc: &mut InspectionDoc,
        before: &[automerge::ChangeHash],
        at: i64,
    ) {
        let record = doc.read().unwrap();
        save(conn, &record, doc.automerge(), before, origin(at), Flags::default()).unwrap();
    }

    #[test]
    fn a_saved_record_loads_back_and_lists() {
        let (_dir, store) = seeded();
        let conn = store.lock();
        let id = "0b7a5c1e-2d3f-4a5b-8c9d-0e1f2a3b4c5d";
        let mut doc = new_doc(id);
        doc.set_result("wiring", Some(baolian_shared::ItemResult::Fail));
        let heads = doc.heads_hex();
        store_doc(&conn, &mut doc, &[], 42);

        let stored = load(&conn, id).unwrap().expect("stored");
        assert_eq!(stored.heads, heads);
        assert_eq!(stored.updated_at_ms, 42);
        assert!(stored.changes.is_empty(), "a new record is stored as a snapshot");
        let mut loaded = InspectionDoc::from_automerge(stored.load().unwrap());
        assert_eq!(loaded.heads_hex(), heads);

        let listed = list(&conn).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].id, id);
        assert_eq!((listed[0].answered, listed[0].failed), (1, 1));
        assert_eq!(listed[0].date, NaiveDate::from_ymd_opt(2026, 3, 31).unwrap());
        assert!(load(&conn, "missing").unwrap().is_none());
    }

    #[test]
    fn later_changes_are_appended_then_compacted_and_always_load() {
        let (_dir, store) = seeded();
        let conn = store.lock();
        let id = "0b7a5c1e-2d3f-4a5b-8c9d-0e1f2a3b4c5d";
        let mut doc = new_doc(id);
        store_doc(&conn, &mut doc, &[], 1);

        for n in 1..=COMPACT_AFTER + 3 {
            let before = doc.heads();
            doc.set_note("wiring", &format!("edit {n}"));
            store_doc(&conn, &mut doc, &before, 1 + n);

            let stored = load(&conn, id).unwrap().unwrap();
            assert!(stored.changes.len() < COMPACT_AFTER as usize, "compacted by {n}");
            let loaded = InspectionDoc::from_automerge(stored.load().unwrap()).read().unwrap();
            assert_eq!(loaded.items["wiring"].note, format!("edit {n}"));
        }

        let history = history(&conn, id).unwrap();
        assert_eq!(history.len() as i64, 1 + COMPACT_AFTER + 3, "history keeps every change");
        assert!(
            history
                .iter()
                .all(|c| c.username == "wangfang" && c.device_id.as_deref() == Some("D1"))
        );
        let changes: i64 = conn
            .query_row("SELECT change_count FROM records WHERE id = ?1", [id], |r| r.get(0))
            .unwrap();
        assert_eq!(changes, 1 + COMPACT_AFTER + 3);
    }

    #[test]
    fn saving_again_replaces_the_projection() {
        let (_dir, store) = seeded();
        let conn = store.lock();
        let id = "0b7a5c1e-2d3f-4a5b-8c9d-0e1f2a3b4c5d";
        let mut doc = new_doc(id);
        store_doc(&conn, &mut doc, &[], 1);
        let before = doc.heads();
        doc.set_status(RecordStatus::Submitted);
        store_doc(&conn, &mut doc, &before, 2);

        let listed = list(&conn).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].status, RecordStatus::Submitted);
        let (hash, seq): (String, i64) = conn
            .query_row("SELECT heads_hash, seq FROM records WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(hash, heads_hash(&doc.heads_hex()));
        assert_eq!(seq, 2);
    }
}
