//! The device's own storage: records and settings in IndexedDB.
//!
//! Object store `records` holds one entry per record, keyed by record id:
//! `{ bytes: Uint8Array, heads: string, synced: string, summary: string }`, where
//! `bytes` is the saved automerge document, `heads` its current heads, `synced` the
//! heads the server last acknowledged (comma-joined sorted hex), and `summary` a JSON
//! [`RecordSummary`] so lists need not load every document. Object store `kv` holds
//! small JSON values: the login session and the cached unit list.
//!
//! Every write of a record is a read-merge-write inside one IndexedDB transaction, so
//! the form and a running sync can both write the same record without either losing
//! the other's changes.

use automerge::AutoCommit;
use baolian_shared::inspection::{Inspection, heads_to_hex};
use idb::{Database, ObjectStore, TransactionMode};
use js_sys::{Reflect, Uint8Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

const DB_NAME: &str = "baolian";
const DB_VERSION: u32 = 1;
const RECORDS: &str = "records";
const KV: &str = "kv";

/// Why the device storage failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// IndexedDB refused an operation.
    #[error("indexeddb: {0}")]
    Idb(#[from] idb::Error),
    /// A stored value could not be read back.
    #[error("stored value is corrupt: {0}")]
    Corrupt(String),
}

/// What lists show of a record, kept beside its bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordSummary {
    /// Record id.
    pub id: String,
    /// The unit inspected.
    pub unit_id: String,
    /// The duty the record fulfils, for example `TWN-SELF`.
    #[serde(default = "default_activity")]
    pub activity: String,
    /// Local date of the visit, `YYYY-MM-DD`.
    pub date: String,
    /// `draft` or `submitted`.
    pub status: String,
    /// Items the record holds.
    #[serde(default = "default_item_count")]
    pub items: usize,
    /// Items answered.
    pub answered: usize,
    /// Items failed.
    pub failed: usize,
    /// Creation instant, for ordering.
    pub created_at_ms: i64,
    /// The township centre's review: `none`, `accepted` or `returned`.
    #[serde(default)]
    pub review_state: String,
    /// Why the centre returned the record; empty otherwise.
    #[serde(default)]
    pub review_reason: String,
}

/// Summaries stored before they named their activity were all monthly self-inspections.
fn default_activity() -> String {
    baolian_shared::checklist::TWN_SELF.to_owned()
}

/// Summaries stored before they counted their items held the nine monthly ones.
fn default_item_count() -> usize {
    baolian_shared::MONTHLY_ITEMS.len()
}

impl RecordSummary {
    fn of(record: &Inspection) -> RecordSummary {
        let (answered, failed) = record.tally();
        RecordSummary {
            id: record.id.clone(),
            unit_id: record.unit_id.clone(),
            activity: record.activity.clone(),
            date: record.date.to_string(),
            status: record.status.as_str().to_owned(),
            items: record.items.len(),
            answered,
            failed,
            created_at_ms: record.created_at_ms,
            review_state: record.review.state.as_str().to_owned(),
            review_reason: record.review.reason.clone(),
        }
    }
}

/// A record as the device holds it.
#[derive(Debug, Clone)]
pub struct StoredRecord {
    /// The saved automerge document.
    pub bytes: Vec<u8>,
    /// Current heads, comma-joined.
    pub heads: String,
    /// Heads the server acknowledged, comma-joined; empty if never synced.
    pub synced: String,
    /// List view of the record.
    pub summary: RecordSummary,
}

impl StoredRecord {
    /// Whether the device holds changes the server has not acknowledged.
    pub fn is_pending(&self) -> bool {
        self.heads != self.synced
    }
}

/// The device's database.
#[derive(Debug, Clone)]
pub struct Store {
    db: std::rc::Rc<Database>,
}

impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.db, &other.db)
    }
}

impl Store {
    /// Opens (and on first use creates) the database.
    pub async fn open() -> Result<Store, StoreError> {
        let db = Database::builder(DB_NAME)
            .version(DB_VERSION)
            .add_object_store(ObjectStore::builder(RECORDS))
            .add_object_store(ObjectStore::builder(KV))
            .build()
            .await?;
        Ok(Store { db: std::rc::Rc::new(db) })
    }

    /// Reads a small JSON value.
    pub async fn get_kv<T: for<'de> Deserialize<'de>>(
        &self,
        key: &str,
    ) -> Result<Option<T>, StoreError> {
        let tx = self.db.transaction(&[KV], TransactionMode::ReadOnly)?;
        let value = tx.object_store(KV)?.get(JsValue::from_str(key))?.await?;
        let Some(text) = value.and_then(|v| v.as_string()) else {
            return Ok(None);
        };
        serde_json::from_str(&text).map(Some).map_err(|e| StoreError::Corrupt(e.to_string()))
    }

    /// Writes a small JSON value, durably before returning.
    pub async fn put_kv<T: Serialize>(&self, key: &str, value: &T) -> Result<(), StoreError> {
        let text = serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let tx = self.db.transaction(&[KV], TransactionMode::ReadWrite)?;
        tx.object_store(KV)?.put(&JsValue::from_str(&text), Some(&JsValue::from_str(key)))?.await?;
        tx.await?;
        Ok(())
    }

    /// Removes a small value.
    pub async fn delete_kv(&self, key: &str) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[KV], TransactionMode::ReadWrite)?;
        tx.object_store(KV)?.delete(JsValue::from_str(key))?.await?;
        tx.await?;
        Ok(())
    }

    /// Reads one record.
    pub async fn get_record(&self, id: &str) -> Result<Option<StoredRecord>, StoreError> {
        let tx = self.db.transaction(&[RECORDS], TransactionMode::ReadOnly)?;
        let value = tx.object_store(RECORDS)?.get(JsValue::from_str(id))?.await?;
        value.map(|v| decode_record(&v)).transpose()
    }

    /// Reads every record on the device.
    pub async fn all_records(&self) -> Result<Vec<StoredRecord>, StoreError> {
        let tx = self.db.transaction(&[RECORDS], TransactionMode::ReadOnly)?;
        let values = tx.object_store(RECORDS)?.get_all(None, None)?.await?;
        values.iter().map(decode_record).collect()
    }

    /// Merges `doc` into the stored copy of its record (or stores it if new) and, when
    /// `acknowledged` is given, records those heads as acknowledged by the server.
    /// Returns the stored record. The transaction has completed when this returns.
    pub async fn merge_record(
        &self,
        record: &Inspection,
        doc: &mut AutoCommit,
        acknowledged: Option<&str>,
    ) -> Result<StoredRecord, StoreError> {
        let tx = self.db.transaction(&[RECORDS], TransactionMode::ReadWrite)?;
        let records = tx.object_store(RECORDS)?;
        let key = JsValue::from_str(&record.id);

        // No await between the read and the write but the read itself, so the
        // transaction stays active and no other writer can slip in between.
        let existing = records.get(key.clone())?.await?.map(|v| decode_record(&v)).transpose()?;
        let (bytes, heads, synced) = match existing {
            Some(existing) => {
                let mut merged = AutoCommit::load(&existing.bytes)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                merged.merge(doc).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                let heads = heads_to_hex(&merged.get_heads()).join(",");
                (merged.save(), heads, existing.synced)
            }
            None => (doc.save(), heads_to_hex(&doc.get_heads()).join(","), String::new()),
        };
        let stored = StoredRecord {
            bytes,
            heads,
            synced: acknowledged.map(str::to_owned).unwrap_or(synced),
            summary: RecordSummary::of(record),
        };
        records.put(&encode_record(&stored)?, Some(&key))?.await?;
        tx.await?;
        Ok(stored)
    }
}

impl Store {
    /// Deletes a record unless it holds changes the server has not acknowledged;
    /// returns whether it was deleted. Used when a record leaves the account's scope.
    pub async fn remove_if_synced(&self, id: &str) -> Result<bool, StoreError> {
        let tx = self.db.transaction(&[RECORDS], TransactionMode::ReadWrite)?;
        let records = tx.object_store(RECORDS)?;
        let key = JsValue::from_str(id);
        let existing = records.get(key.clone())?.await?.map(|v| decode_record(&v)).transpose()?;
        let removable = existing.is_some_and(|record| !record.is_pending());
        if removable {
            records.delete(key)?.await?;
        }
        tx.await?;
        Ok(removable)
    }
}

fn encode_record(record: &StoredRecord) -> Result<JsValue, StoreError> {
    let object = js_sys::Object::new();
    let summary =
        serde_json::to_string(&record.summary).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let fields: [(&str, JsValue); 4] = [
        ("bytes", Uint8Array::from(record.bytes.as_slice()).into()),
        ("heads", JsValue::from_str(&record.heads)),
        ("synced", JsValue::from_str(&record.synced)),
        ("summary", JsValue::from_str(&summary)),
    ];
    for (name, value) in fields {
        Reflect::set(&object, &JsValue::from_str(name), &value)
            .map_err(|_| StoreError::Corrupt(format!("cannot set {name}")))?;
    }
    Ok(object.into())
}

fn decode_record(value: &JsValue) -> Result<StoredRecord, StoreError> {
    let field = |name: &str| {
        Reflect::get(value, &JsValue::from_str(name))
            .map_err(|_| StoreError::Corrupt(format!("record without {name}")))
    };
    let text = |name: &str| {
        field(name)?.as_string().ok_or_else(|| StoreError::Corrupt(format!("{name} is not text")))
    };
    let bytes = Uint8Array::new(&field("bytes")?).to_vec();
    let summary =
        serde_json::from_str(&text("summary")?).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(StoredRecord { bytes, heads: text("heads")?, synced: text("synced")?, summary })
}
