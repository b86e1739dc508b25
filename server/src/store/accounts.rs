//! Accounts and their login sessions.

use baolian_shared::api::{Role, UserInfo};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::StoreError;

/// An account as stored, with its password hash.
#[derive(Debug, Clone)]
pub struct Account {
    /// Who the account is.
    pub user: UserInfo,
    /// Argon2 PHC string.
    pub password_hash: String,
}

/// What a session token turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionLookup {
    /// A live session of this account.
    Valid(UserInfo),
    /// A session that has run out; it has been deleted.
    Expired,
    /// No session has this token.
    Unknown,
}

/// Whether an account with this user name exists.
pub fn exists(conn: &Connection, username: &str) -> Result<bool, StoreError> {
    let found = conn
        .query_row(
            "SELECT 1 FROM accounts WHERE username = ?1",
            [username],
            |_| Ok(()),
        )
        .optional()?;
    Ok(found.is_some())
}

/// Adds an account unless one with the same user name exists; never overwrites.
pub fn insert_if_missing(conn: &Connection, account: &Account) -> Result<(), StoreError> {
    let user = &account.user;
    conn.execute(
        "INSERT INTO accounts (username, display_name, role, body, password_hash)
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (username) DO NOTHING",
        params![
            user.username,
            user.display_name,
            user.role.as_str(),
            user.body,
            account.password_hash
        ],
    )?;
    Ok(())
}

/// Finds an account by user name, with its password hash, for logging in.
pub fn find(conn: &Connection, username: &str) -> Result<Option<Account>, StoreError> {
    let row = conn
        .query_row(
            "SELECT username, display_name, role, body, password_hash
             FROM accounts WHERE username = ?1",
            [username],
            |row| {
                Ok(Account {
                    user: user_from_row(row)?,
                    password_hash: row.get(4)?,
                })
            },
        )
        .optional()?;
    Ok(row)
}

/// Records a new session. Only the hash of its token is stored.
pub fn create_session(
    conn: &Connection,
    token_hash: &str,
    username: &str,
    now_ms: i64,
    expires_at_ms: i64,
) -> Result<(), StoreError> {
    // Clearing out dead sessions here keeps the table small without a timer task.
    conn.execute("DELETE FROM sessions WHERE expires_at_ms <= ?1", [now_ms])?;
    conn.execute(
        "INSERT INTO sessions (token_hash, username, created_at_ms, expires_at_ms)
         VALUES (?1, ?2, ?3, ?4)",
        params![token_hash, username, now_ms, expires_at_ms],
    )?;
    Ok(())
}

/// Resolves a session token hash to its account, deleting the session if it expired.
pub fn session_user(
    conn: &Connection,
    token_hash: &str,
    now_ms: i64,
) -> Result<SessionLookup, StoreError> {
    let row = conn
        .query_row(
            "SELECT a.username, a.display_name, a.role, a.body, s.expires_at_ms
             FROM sessions s JOIN accounts a ON a.username = s.username
             WHERE s.token_hash = ?1",
            [token_hash],
            |row| Ok((user_from_row(row)?, row.get::<_, i64>(4)?)),
        )
        .optional()?;

    let Some((user, expires_at_ms)) = row else {
        return Ok(SessionLookup::Unknown);
    };
    if expires_at_ms <= now_ms {
        conn.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
        return Ok(SessionLookup::Expired);
    }
    Ok(SessionLookup::Valid(user))
}

/// Reads the first four columns (username, display_name, role, body) of a row.
fn user_from_row(row: &Row<'_>) -> rusqlite::Result<UserInfo> {
    let role: String = row.get(2)?;
    let role = Role::parse(&role).ok_or_else(|| {
        let reason = format!("unknown role {role}");
        rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, reason.into())
    })?;
    Ok(UserInfo {
        username: row.get(0)?,
        display_name: row.get(1)?,
        role,
        body: row.get(3)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::temp_store;

    fn account(username: &str, display_name: &str) -> Account {
        Account {
            user: UserInfo {
                username: username.into(),
                display_name: display_name.into(),
                role: Role::Official,
                body: "城关镇人民政府".into(),
            },
            password_hash: "$argon2id$placeholder".into(),
        }
    }

    #[test]
    fn insert_never_overwrites() {
        let (_dir, store) = temp_store();
        let conn = store.lock();
        insert_if_missing(&conn, &account("wangfang", "王芳")).unwrap();
        insert_if_missing(&conn, &account("wangfang", "someone else")).unwrap();

        let found = find(&conn, "wangfang").unwrap().expect("account");
        assert_eq!(found.user.display_name, "王芳");
        assert!(exists(&conn, "wangfang").unwrap());
        assert!(!exists(&conn, "nobody").unwrap());
        assert!(find(&conn, "nobody").unwrap().is_none());
    }

    #[test]
    fn sessions_expire_and_are_removed() {
        let (_dir, store) = temp_store();
        let conn = store.lock();
        insert_if_missing(&conn, &account("wangfang", "王芳")).unwrap();
        create_session(&conn, "hash-a", "wangfang", 1_000, 2_000).unwrap();

        match session_user(&conn, "hash-a", 1_999).unwrap() {
            SessionLookup::Valid(user) => assert_eq!(user.username, "wangfang"),
            other => panic!("expected a valid session, got {other:?}"),
        }
        assert_eq!(
            session_user(&conn, "hash-a", 2_000).unwrap(),
            SessionLookup::Expired
        );
        // The expired session is gone, so it now reads as unknown.
        assert_eq!(
            session_user(&conn, "hash-a", 1_500).unwrap(),
            SessionLookup::Unknown
        );
        assert_eq!(
            session_user(&conn, "other", 1_500).unwrap(),
            SessionLookup::Unknown
        );
    }

    #[test]
    fn creating_a_session_clears_expired_ones() {
        let (_dir, store) = temp_store();
        let conn = store.lock();
        insert_if_missing(&conn, &account("wangfang", "王芳")).unwrap();
        create_session(&conn, "old", "wangfang", 0, 10).unwrap();
        create_session(&conn, "new", "wangfang", 20, 1_000).unwrap();

        let count: i64 = conn
            .query_row("SELECT count(*) FROM sessions", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 1);
    }
}
