//! Enrolled devices: each phone's own credential, its last sync and what it still holds.
//!
//! Logging in enrols a device. Its bearer token is stored only as a SHA-256, works
//! until it is revoked or goes unused for [`DEVICE_IDLE_LIFETIME_MS`], and is checked
//! on every request, so revoking a lost phone takes effect at its next request.

use baolian_shared::api::{DEVICE_IDLE_LIFETIME_MS, UserInfo};
use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use super::accounts::{USER_COLUMNS, user_from_row};

/// A request is not written back as "seen" more often than this, so reads stay reads.
const SEEN_GRANULARITY_MS: i64 = 60_000;

/// A device being enrolled.
#[derive(Debug, Clone)]
pub struct Enrolment<'a> {
    /// The device id.
    pub id: &'a str,
    /// The account it belongs to.
    pub username: &'a str,
    /// A name people recognise.
    pub name: &'a str,
    /// The app version.
    pub app_version: &'a str,
    /// SHA-256 of the credential.
    pub token_hash: &'a str,
}

/// What a credential turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceLookup {
    /// A live device of this account.
    Valid {
        /// The account.
        user: UserInfo,
        /// The device.
        device_id: String,
    },
    /// The device was revoked.
    Revoked,
    /// The device was not seen for too long.
    Expired,
    /// No device has this credential.
    Unknown,
}

pub use baolian_shared::console::DeviceSummary;

/// Whether `id` names a device of `username` (so a re-login may keep it).
pub fn belongs_to(conn: &Connection, id: &str, username: &str) -> Result<bool, StoreError> {
    let found = conn
        .query_row("SELECT 1 FROM devices WHERE id = ?1 AND username = ?2", [id, username], |_| {
            Ok(())
        })
        .optional()?;
    Ok(found.is_some())
}

/// Enrols a device, or gives an existing device of the same account a new credential
/// (which also lifts a revocation: the person proved the password again).
pub fn enrol(conn: &Connection, device: &Enrolment<'_>, now_ms: i64) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO devices (id, username, name, app_version, token_hash, enrolled_at_ms,
                              last_seen_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
         ON CONFLICT (id) DO UPDATE SET
             name = excluded.name, app_version = excluded.app_version,
             token_hash = excluded.token_hash, last_seen_ms = excluded.last_seen_ms,
             revoked_at_ms = NULL
         WHERE devices.username = excluded.username",
        params![
            device.id,
            device.username,
            device.name,
            device.app_version,
            device.token_hash,
            now_ms
        ],
    )?;
    Ok(())
}

/// Resolves a credential hash to its device and account without writing; the flag says
/// whether the device's last-seen time is old enough to [`touch`].
pub fn look_up(
    conn: &Connection,
    token_hash: &str,
    now_ms: i64,
) -> Result<(DeviceLookup, bool), StoreError> {
    let sql = format!(
        "SELECT d.id, d.last_seen_ms, d.revoked_at_ms, {}
         FROM devices d JOIN accounts a ON a.username = d.username
         WHERE d.token_hash = ?1",
        prefixed("a", USER_COLUMNS)
    );
    let row = conn
        .prepare_cached(&sql)?
        .query_row([token_hash], |row| {
            let id: String = row.get(0)?;
            let seen: i64 = row.get(1)?;
            let revoked: Option<i64> = row.get(2)?;
            Ok((id, seen, revoked, user_from_row(row, 3)?))
        })
        .optional()?;

    let Some((device_id, last_seen_ms, revoked, user)) = row else {
        return Ok((DeviceLookup::Unknown, false));
    };
    if revoked.is_some() {
        return Ok((DeviceLookup::Revoked, false));
    }
    if now_ms - last_seen_ms > DEVICE_IDLE_LIFETIME_MS {
        return Ok((DeviceLookup::Expired, false));
    }
    let stale = now_ms - last_seen_ms > SEEN_GRANULARITY_MS;
    Ok((DeviceLookup::Valid { user, device_id }, stale))
}

/// Notes that a device was seen now.
pub fn touch(conn: &Connection, device_id: &str, now_ms: i64) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE devices SET last_seen_ms = ?2 WHERE id = ?1")?
        .execute(params![device_id, now_ms])?;
    Ok(())
}

/// Notes a completed sync round and what the device reported.
///
/// The console shows the last sync to the minute, so a round within
/// [`SYNC_NOTE_GRANULARITY_MS`] of the last noted one that reports the same pending
/// count and app version writes nothing: a busy device does not rewrite its row at
/// every round.
pub fn record_sync(
    conn: &Connection,
    id: &str,
    now_ms: i64,
    pending_changes: u32,
    app_version: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE devices SET last_sync_ms = ?2, last_seen_ms = ?2, pending_changes = ?3,
                app_version = CASE WHEN ?4 = '' THEN app_version ELSE ?4 END
         WHERE id = ?1
           AND (last_sync_ms IS NULL OR last_sync_ms <= ?2 - ?5 OR pending_changes != ?3
                OR (?4 != '' AND app_version != ?4))",
    )?
    .execute(params![id, now_ms, pending_changes, app_version, SYNC_NOTE_GRANULARITY_MS])?;
    Ok(())
}

/// How stale the noted last sync of a device may be when nothing else about it changed.
pub const SYNC_NOTE_GRANULARITY_MS: i64 = 60 * 1000;

/// Revokes a device; its credential stops working at once.
pub fn revoke(conn: &Connection, id: &str, now_ms: i64) -> Result<(), StoreError> {
    let changed = conn.execute(
        "UPDATE devices SET revoked_at_ms = ?2 WHERE id = ?1 AND revoked_at_ms IS NULL",
        params![id, now_ms],
    )?;
    if changed == 0 && !exists(conn, id)? {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

fn exists(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    let found =
        conn.query_row("SELECT 1 FROM devices WHERE id = ?1", [id], |_| Ok(())).optional()?;
    Ok(found.is_some())
}

/// The devices of the given accounts, most recently seen first.
pub fn list_for(conn: &Connection, usernames: &[String]) -> Result<Vec<DeviceSummary>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT d.id, d.username, a.display_name, d.name, d.app_version, d.enrolled_at_ms,
                d.last_seen_ms, d.last_sync_ms, d.pending_changes, d.revoked_at_ms
         FROM devices d JOIN accounts a ON a.username = d.username
         WHERE d.username IN (SELECT value FROM json_each(?1))
         ORDER BY d.last_seen_ms DESC",
    )?;
    let names = serde_json::to_string(usernames).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let rows = statement.query_map([names], |row| {
        Ok(DeviceSummary {
            id: row.get(0)?,
            username: row.get(1)?,
            display_name: row.get(2)?,
            name: row.get(3)?,
            app_version: row.get(4)?,
            enrolled_at_ms: row.get(5)?,
            last_seen_ms: row.get(6)?,
            last_sync_ms: row.get(7)?,
            pending_changes: row.get(8)?,
            revoked_at_ms: row.get(9)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The accounts whose devices a township centre looks after: officials serving on
/// `today` in a guidance group of a unit of `township`, or every account of the county
/// when `township` is `None`.
pub fn accounts_serving(
    conn: &Connection,
    township: Option<&str>,
    today: &str,
) -> Result<Vec<String>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT a.username FROM accounts a
         WHERE ?1 IS NULL OR a.official_id IN (
             SELECT m.official_id FROM group_members m JOIN units u ON u.id = m.unit_id
             WHERE u.township_id = ?1 AND m.assigned_on <= ?2
               AND (m.until IS NULL OR m.until >= ?2))
         ORDER BY a.username",
    )?;
    let rows = statement.query_map(params![township, today], |row| row.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The account a device belongs to, if the device exists.
pub fn owner(conn: &Connection, id: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT username FROM devices WHERE id = ?1")?
        .query_row([id], |row| row.get(0))
        .optional()?)
}

/// `a.x, a.y, …` for a comma-separated column list.
fn prefixed(alias: &str, columns: &str) -> String {
    columns.split(", ").map(|c| format!("{alias}.{c}")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the request extractor does: look the credential up, then note the device
    /// as seen when that is due.
    fn authenticate(
        conn: &Connection,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<DeviceLookup, StoreError> {
        let (lookup, stale) = look_up(conn, token_hash, now_ms)?;
        if let (DeviceLookup::Valid { device_id, .. }, true) = (&lookup, stale) {
            touch(conn, device_id, now_ms)?;
        }
        Ok(lookup)
    }
    use crate::store::accounts::{insert_if_missing, tests::account};
    use crate::store::tests::temp_store;

    fn enrolment<'a>(id: &'a str, token_hash: &'a str) -> Enrolment<'a> {
        Enrolment { id, username: "wangfang", name: "手机", app_version: "0.1.0", token_hash }
    }

    #[test]
    fn a_credential_works_until_revoked() {
        let (_dir, store) = temp_store();
        let conn = store.lock();
        insert_if_missing(&conn, &account("wangfang", "王芳")).unwrap();
        enrol(&conn, &enrolment("D1", "hash-a"), 1_000).unwrap();

        match authenticate(&conn, "hash-a", 2_000).unwrap() {
            DeviceLookup::Valid { user, device_id } => {
                assert_eq!((user.username.as_str(), device_id.as_str()), ("wangfang", "D1"));
            }
            other => panic!("expected a valid device, got {other:?}"),
        }
        assert_eq!(authenticate(&conn, "other", 2_000).unwrap(), DeviceLookup::Unknown);

        revoke(&conn, "D1", 3_000).unwrap();
        assert_eq!(authenticate(&conn, "hash-a", 4_000).unwrap(), DeviceLookup::Revoked);
        assert!(matches!(revoke(&conn, "D9", 3_000), Err(StoreError::NotFound)));

        // Logging in again on the same phone issues a new credential and lifts the revocation.
        enrol(&conn, &enrolment("D1", "hash-b"), 5_000).unwrap();
        assert!(matches!(
            authenticate(&conn, "hash-b", 6_000).unwrap(),
            DeviceLookup::Valid { .. }
        ));
        assert_eq!(authenticate(&conn, "hash-a", 6_000).unwrap(), DeviceLookup::Unknown);
    }

    #[test]
    fn a_credential_lapses_only_after_a_long_silence() {
        let (_dir, store) = temp_store();
        let conn = store.lock();
        insert_if_missing(&conn, &account("wangfang", "王芳")).unwrap();
        enrol(&conn, &enrolment("D1", "h"), 0).unwrap();

        // Thirty days offline, then a request: still valid, and it moves the deadline.
        let month = 30 * 24 * 60 * 60 * 1000;
        assert!(matches!(authenticate(&conn, "h", month).unwrap(), DeviceLookup::Valid { .. }));
        let later = month + DEVICE_IDLE_LIFETIME_MS;
        assert!(matches!(authenticate(&conn, "h", later).unwrap(), DeviceLookup::Valid { .. }));
        let too_late = later + DEVICE_IDLE_LIFETIME_MS + 1;
        assert_eq!(authenticate(&conn, "h", too_late).unwrap(), DeviceLookup::Expired);
    }

    #[test]
    fn another_account_cannot_take_over_a_device_id() {
        let (_dir, store) = temp_store();
        let conn = store.lock();
        insert_if_missing(&conn, &account("wangfang", "王芳")).unwrap();
        insert_if_missing(&conn, &account("lijun", "李军")).unwrap();
        enrol(&conn, &enrolment("D1", "h1"), 0).unwrap();
        let theft = Enrolment { username: "lijun", ..enrolment("D1", "h2") };
        enrol(&conn, &theft, 1).unwrap();

        assert_eq!(authenticate(&conn, "h2", 2).unwrap(), DeviceLookup::Unknown);
        assert!(belongs_to(&conn, "D1", "wangfang").unwrap());
        assert!(!belongs_to(&conn, "D1", "lijun").unwrap());
    }

    #[test]
    fn syncs_are_listed_per_device() {
        let (_dir, store) = temp_store();
        let conn = store.lock();
        insert_if_missing(&conn, &account("wangfang", "王芳")).unwrap();
        enrol(&conn, &enrolment("D1", "h"), 0).unwrap();
        record_sync(&conn, "D1", 500, 3, "0.2.0").unwrap();

        let listed = list_for(&conn, &["wangfang".to_owned()]).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].last_sync_ms, Some(500));
        assert_eq!(listed[0].pending_changes, 3);
        assert_eq!(listed[0].app_version, "0.2.0");
        assert!(list_for(&conn, &["lijun".to_owned()]).unwrap().is_empty());
    }

    #[test]
    fn a_sync_is_noted_when_something_changed_or_a_minute_passed() {
        let (_dir, store) = temp_store();
        let conn = store.lock();
        insert_if_missing(&conn, &account("wangfang", "王芳")).unwrap();
        enrol(&conn, &enrolment("D1", "h"), 0).unwrap();
        let noted = |conn: &Connection| {
            let listed = list_for(conn, &["wangfang".to_owned()]).unwrap();
            (listed[0].last_sync_ms, listed[0].pending_changes, listed[0].app_version.clone())
        };

        record_sync(&conn, "D1", 1_000, 2, "0.2.0").unwrap();
        assert_eq!(noted(&conn), (Some(1_000), 2, "0.2.0".into()));
        // The same report within the minute writes nothing.
        record_sync(&conn, "D1", 30_000, 2, "0.2.0").unwrap();
        record_sync(&conn, "D1", 31_000, 2, "").unwrap();
        assert_eq!(noted(&conn), (Some(1_000), 2, "0.2.0".into()));
        // A new pending count or app version is noted at once, and so is a minute later.
        record_sync(&conn, "D1", 32_000, 0, "0.2.0").unwrap();
        assert_eq!(noted(&conn), (Some(32_000), 0, "0.2.0".into()));
        record_sync(&conn, "D1", 33_000, 0, "0.3.0").unwrap();
        assert_eq!(noted(&conn), (Some(33_000), 0, "0.3.0".into()));
        record_sync(&conn, "D1", 33_000 + SYNC_NOTE_GRANULARITY_MS, 0, "0.3.0").unwrap();
        assert_eq!(noted(&conn), (Some(33_000 + SYNC_NOTE_GRANULARITY_MS), 0, "0.3.0".into()));
    }
}
