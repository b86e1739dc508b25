//! The database schema, as an ordered list of migrations that only ever grows.
//!
//! Never edit a migration that has shipped: phones may hold records for months, and a
//! server upgraded in place must reach the current schema from every earlier one.

use rusqlite_migration::{M, Migrations};

/// Migration 1: accounts and sessions, townships and units, inspection records.
///
/// Records are split in two tables: the small projection columns that listings read,
/// and the compacted automerge document, so that listing never drags blobs through
/// the page cache. Sessions keep only a SHA-256 of the token, so a copy of the
/// database does not let anyone log in.
const V1: &str = "
CREATE TABLE accounts (
    username      TEXT PRIMARY KEY NOT NULL,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('official', 'township_centre', 'county_admin')),
    body          TEXT NOT NULL,
    password_hash TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY NOT NULL,
    username      TEXT NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_by_username ON sessions (username);

CREATE TABLE townships (
    id   TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE units (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
    crowded     INTEGER NOT NULL CHECK (crowded IN (0, 1)),
    township_id TEXT NOT NULL REFERENCES townships (id),
    address     TEXT NOT NULL
) STRICT;

CREATE TABLE records (
    id            TEXT PRIMARY KEY NOT NULL,
    record_type   TEXT NOT NULL,
    unit_id       TEXT NOT NULL REFERENCES units (id),
    activity      TEXT NOT NULL,
    local_date    TEXT NOT NULL,
    author        TEXT NOT NULL,
    status        TEXT NOT NULL,
    answered      INTEGER NOT NULL,
    failed        INTEGER NOT NULL,
    heads         TEXT NOT NULL,
    change_count  INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX records_by_unit_date ON records (unit_id, local_date);

CREATE TABLE record_bytes (
    id    TEXT PRIMARY KEY NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    bytes BLOB NOT NULL
) STRICT;
";

const MIGRATIONS: &[M<'static>] = &[M::up(V1)];

/// Every migration, in order.
pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert_eq!(migrations().validate(), Ok(()));
    }
}
