//! The master copy of everything: one SQLite database in the data folder.
//!
//! A single writer connection sits behind a mutex. That serialises writers, which is
//! what SQLite does anyway, and it also serialises the load-merge-save of one record, so
//! two devices syncing the same record at once can never overwrite each other's
//! changes. Work that only reads what is committed (authentication, scope digests) runs
//! on read-only connections beside it, as WAL allows. All database work runs on
//! tokio's blocking pool, never on the async executor.

pub mod accounts;
pub mod cache;
pub mod devices;
pub mod ledger;
mod migrations;
pub mod records;
pub mod registry;
pub mod schedule;
pub mod settings;
pub mod units;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

/// The database file inside the data folder.
pub const DATABASE_FILE: &str = "baolian.sqlite3";

/// Why a storage operation failed. Every case is a server fault except `NotFound`.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row asked for does not exist.
    #[error("not found")]
    NotFound,
    /// SQLite refused or failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The schema could not be brought up to date.
    #[error("migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// The data folder could not be created.
    #[error("data folder {path}: {source}")]
    Folder {
        /// The folder.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
    /// A stored value does not read back as what was written.
    #[error("corrupt stored data: {0}")]
    Corrupt(String),
    /// The blocking task running the work panicked or was cancelled.
    #[error("background task: {0}")]
    Task(String),
}

/// Handle on the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
    /// Admits one [`Store::call`] at a time to the blocking pool. Requests queue here as
    /// parked async tasks, in arrival order, rather than as blocking threads asleep on
    /// the connection's mutex: under load those would be hundreds of threads woken one
    /// by one, and the handover between them, not the database, would set the pace.
    gate: Arc<tokio::sync::Semaphore>,
    /// Read-only connections for [`Store::read`]; WAL lets them read the last commit
    /// while the writer works.
    readers: Arc<[Mutex<Connection>]>,
    docs: Arc<cache::DocCache>,
}

/// How many read-only connections [`Store::read`] shares out.
const READERS: usize = 2;

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir` and migrates it to the
    /// current schema.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir)
            .map_err(|source| StoreError::Folder { path: data_dir.to_owned(), source })?;
        let path = data_dir.join(DATABASE_FILE);
        let mut conn = Connection::open(&path)?;

        // WAL with synchronous=NORMAL keeps every committed transaction through a
        // process crash, which is the promise the sync acknowledgement makes; only a
        // power cut may lose the last commits, and phones keep their copy until then.
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Corrupt(format!("journal mode {mode} instead of wal")));
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(Duration::from_secs(5))?;

        // Migrations may rebuild a table; with foreign keys on, dropping the old one
        // would cascade into its children. Check every key once the schema is current.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        migrations::migrations().to_latest(&mut conn)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let broken: Option<String> =
            conn.query_row("PRAGMA foreign_key_check", [], |row| row.get(0)).optional()?;
        if let Some(table) = broken {
            return Err(StoreError::Corrupt(format!("broken foreign key in {table}")));
        }
        let readers = (0..READERS)
            .map(|_| {
                let reader = Connection::open_with_flags(
                    &path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                reader.busy_timeout(Duration::from_secs(5))?;
                Ok(Mutex::new(reader))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Store {
            conn: Arc::new(Mutex::new(conn)),
            gate: Arc::new(tokio::sync::Semaphore::new(1)),
            readers: readers.into(),
            docs: Arc::default(),
        })
    }

    /// Locks the connection. Blocks: call only from blocking code such as
    /// [`tokio::task::spawn_blocking`].
    ///
    /// A panic while the lock was held leaves SQLite consistent (an open transaction
    /// rolls back when dropped), so a poisoned lock is simply taken over.
    pub fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The cache of recently merged documents that sync rounds share.
    pub fn docs(&self) -> Arc<cache::DocCache> {
        self.docs.clone()
    }

    /// Runs `work` on the connection in the blocking pool, inside the caller's span.
    pub async fn call<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        let permit =
            self.gate.clone().acquire_owned().await.map_err(|e| StoreError::Task(e.to_string()))?;
        let store = self.clone();
        let span = tracing::Span::current();
        let task = tokio::task::spawn_blocking(move || {
            let _entered = span.enter();
            let _permit = permit;
            work(&mut store.lock())
        });
        task.await.map_err(|e| StoreError::Task(e.to_string()))?
    }
}

impl Store {
    /// Runs read-only `work` on a read connection in the blocking pool, inside the
    /// caller's span. It sees the last committed state and never waits for the writer;
    /// any write it attempts fails.
    pub async fn read<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        let readers = self.readers.clone();
        let span = tracing::Span::current();
        let task = tokio::task::spawn_blocking(move || {
            let _entered = span.enter();
            // The first idle reader, or else wait for the first.
            let reader = readers
                .iter()
                .find_map(|reader| reader.try_lock().ok())
                .unwrap_or_else(|| readers[0].lock().unwrap_or_else(PoisonError::into_inner));
            work(&reader)
        });
        task.await.map_err(|e| StoreError::Task(e.to_string()))?
    }
}

/// The current instant in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX)
}

/// The date in China Standard Time of an instant, the calendar every duty counts in.
pub fn local_date(ms_since_epoch: i64) -> chrono::NaiveDate {
    baolian_shared::period::local_date(ms_since_epoch).unwrap_or_default()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A store in a fresh temporary folder; keep the folder alive as long as the store.
    pub(crate) fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("temporary folder");
        let store = Store::open(dir.path()).expect("open store");
        (dir, store)
    }

    #[test]
    fn open_creates_the_folder_and_applies_the_schema() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let data = dir.path().join("nested").join("data");
        let store = Store::open(&data).expect("open store");
        assert!(data.join(DATABASE_FILE).is_file());

        let conn = store.lock();
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN \
                 ('accounts', 'devices', 'townships', 'units', 'records', 'record_bytes')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 6);
    }

    #[test]
    fn reads_see_the_last_commit_beside_an_open_write_and_cannot_write() {
        let (_dir, store) = temp_store();
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let townships = || {
            runtime.block_on(store.read(|conn| {
                Ok(conn.query_row("SELECT count(*) FROM townships", [], |r| r.get::<_, i64>(0))?)
            }))
        };
        let before = townships().unwrap();

        // The writer holds an open transaction with one more township.
        let mut writer = store.lock();
        let tx = writer.transaction().unwrap();
        tx.execute("INSERT INTO townships (id, name) VALUES ('TX', '测试镇')", []).unwrap();
        assert_eq!(townships().unwrap(), before, "an uncommitted row was seen");
        tx.commit().unwrap();
        drop(writer);
        assert_eq!(townships().unwrap(), before + 1);

        let write = runtime.block_on(
            store.read(|conn| Ok(conn.execute("DELETE FROM townships WHERE id = 'TX'", [])?)),
        );
        assert!(write.is_err(), "a read connection wrote: {write:?}");
        assert_eq!(townships().unwrap(), before + 1);
    }

    #[test]
    fn reopening_a_migrated_database_succeeds() {
        let (dir, store) = temp_store();
        drop(store);
        Store::open(dir.path()).expect("second open");
    }
}
