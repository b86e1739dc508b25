//! Accounts: who may log in, in which role, and what they act for.

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

/// The columns [`user_from_row`] reads, in its order, for queries to prefix with a
/// table alias.
pub(crate) const USER_COLUMNS: &str =
    "username, display_name, role, body, official_id, unit_id, township_id";

/// Whether an account with this user name exists.
pub fn exists(conn: &Connection, username: &str) -> Result<bool, StoreError> {
    let found = conn
        .query_row("SELECT 1 FROM accounts WHERE username = ?1", [username], |_| Ok(()))
        .optional()?;
    Ok(found.is_some())
}

/// Adds an account unless one with the same user name exists; never overwrites.
pub fn insert_if_missing(conn: &Connection, account: &Account) -> Result<(), StoreError> {
    let user = &account.user;
    conn.execute(
        "INSERT INTO accounts (username, display_name, role, body, password_hash,
                               official_id, unit_id, township_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (username) DO NOTHING",
        params![
            user.username,
            user.display_name,
            user.role.as_str(),
            user.body,
            account.password_hash,
            user.official_id,
            user.unit_id,
            user.township_id,
        ],
    )?;
    Ok(())
}

/// Finds an account by user name, with its password hash, for logging in.
pub fn find(conn: &Connection, username: &str) -> Result<Option<Account>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS}, password_hash FROM accounts WHERE username = ?1");
    let row = conn
        .query_row(&sql, [username], |row| {
            Ok(Account { user: user_from_row(row, 0)?, password_hash: row.get(7)? })
        })
        .optional()?;
    Ok(row)
}

/// Reads the seven [`USER_COLUMNS`] of a row, starting at column `first`.
pub(crate) fn user_from_row(row: &Row<'_>, first: usize) -> rusqlite::Result<UserInfo> {
    let role: String = row.get(first + 2)?;
    let role = Role::parse(&role).ok_or_else(|| {
        let reason = format!("unknown role {role}");
        rusqlite::Error::FromSqlConversionFailure(
            first + 2,
            rusqlite::types::Type::Text,
            reason.into(),
        )
    })?;
    Ok(UserInfo {
        username: row.get(first)?,
        display_name: row.get(first + 1)?,
        role,
        body: row.get(first + 3)?,
        official_id: row.get(first + 4)?,
        unit_id: row.get(first + 5)?,
        township_id: row.get(first + 6)?,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::store::tests::temp_store;

    pub(crate) fn account(username: &str, display_name: &str) -> Account {
        Account {
            user: UserInfo {
                username: username.into(),
                display_name: display_name.into(),
                role: Role::Official,
                body: "城关镇人民政府".into(),
                official_id: Some("O-001".into()),
                unit_id: None,
                township_id: None,
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
        assert_eq!(found.user.official_id.as_deref(), Some("O-001"));
        assert!(exists(&conn, "wangfang").unwrap());
        assert!(!exists(&conn, "nobody").unwrap());
        assert!(find(&conn, "nobody").unwrap().is_none());
    }

    #[test]
    fn an_unknown_role_is_refused_by_the_schema() {
        let (_dir, store) = temp_store();
        let conn = store.lock();
        let inserted = conn.execute(
            "INSERT INTO accounts (username, display_name, role, body, password_hash)
             VALUES ('x', 'x', 'emperor', 'x', 'x')",
            [],
        );
        assert!(inserted.is_err());
    }
}
