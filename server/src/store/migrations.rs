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

/// Migration 2: the registry (officials, guidance groups, body leaders), account roles
/// with what each account acts for, enrolled devices instead of sessions, the change
/// history and sync columns of records, review, and month closing.
///
/// `accounts` is rebuilt to widen its role check; the store runs migrations with
/// foreign keys off and checks them afterwards, so the rebuild cascades nothing.
/// Every device must log in again: a device credential replaces the session token.
const V2: &str = "
CREATE TABLE accounts_v2 (
    username      TEXT PRIMARY KEY NOT NULL,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('official', 'unit', 'township_centre',
                      'county_admin', 'city_viewer', 'province_viewer')),
    body          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    official_id   TEXT,
    unit_id       TEXT,
    township_id   TEXT
) STRICT;
INSERT INTO accounts_v2 (username, display_name, role, body, password_hash)
    SELECT username, display_name, role, body, password_hash FROM accounts;
DROP TABLE sessions;
DROP TABLE accounts;
ALTER TABLE accounts_v2 RENAME TO accounts;

CREATE TABLE devices (
    id              TEXT PRIMARY KEY NOT NULL,
    username        TEXT NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    app_version     TEXT NOT NULL,
    token_hash      TEXT NOT NULL UNIQUE,
    enrolled_at_ms  INTEGER NOT NULL,
    last_seen_ms    INTEGER NOT NULL,
    last_sync_ms    INTEGER,
    pending_changes INTEGER NOT NULL DEFAULT 0,
    revoked_at_ms   INTEGER
) STRICT;
CREATE INDEX devices_by_username ON devices (username);

ALTER TABLE units ADD COLUMN data TEXT;

CREATE TABLE officials (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    body        TEXT NOT NULL,
    role        TEXT NOT NULL,
    established INTEGER NOT NULL CHECK (established IN (0, 1)),
    phone       TEXT NOT NULL,
    data        TEXT NOT NULL
) STRICT;

CREATE TABLE group_members (
    unit_id     TEXT NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    official_id TEXT NOT NULL REFERENCES officials (id),
    role        TEXT NOT NULL,
    assigned_on TEXT NOT NULL,
    until       TEXT,
    PRIMARY KEY (unit_id, official_id, assigned_on)
) STRICT;
CREATE INDEX group_members_by_official ON group_members (official_id, unit_id);

CREATE TABLE body_leaders (
    body      TEXT PRIMARY KEY NOT NULL,
    body_kind TEXT NOT NULL,
    name      TEXT NOT NULL,
    data      TEXT NOT NULL
) STRICT;

ALTER TABLE records ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE records ADD COLUMN heads_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE records ADD COLUMN review_state TEXT NOT NULL DEFAULT 'none';
ALTER TABLE records ADD COLUMN signed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE records ADD COLUMN conflicts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE records ADD COLUMN late_edit INTEGER NOT NULL DEFAULT 0;
CREATE INDEX records_manifest ON records (unit_id, id, heads_hash);
CREATE INDEX records_by_author ON records (author, id, heads_hash);
CREATE INDEX records_by_seq ON records (seq);

CREATE TABLE record_changes (
    record_id      TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    hash           TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    actor          TEXT NOT NULL,
    username       TEXT NOT NULL,
    device_id      TEXT,
    received_at_ms INTEGER NOT NULL,
    change_time_ms INTEGER NOT NULL,
    bytes          BLOB,
    PRIMARY KEY (record_id, hash)
) STRICT;
CREATE INDEX record_changes_by_seq ON record_changes (record_id, seq);

CREATE TABLE month_closures (
    township_id  TEXT NOT NULL REFERENCES townships (id),
    month        TEXT NOT NULL,
    closed_by    TEXT NOT NULL,
    closed_at_ms INTEGER NOT NULL,
    PRIMARY KEY (township_id, month)
) STRICT;
";

/// Migration 3: what the schedule needs beyond migration 2, and the county settings.
///
/// - `units.listed_on` / `delisted_on`: when a unit joined and left the mechanism;
///   `unit_attributes`: its level and crowded-place flag from each date on, so a
///   schedule of past periods uses the designation in force then.
/// - `county_settings`: a county's duty overrides and schedule settings as JSON (art.
///   15); a county without a row uses the Henan defaults.
/// - Role ids move to the registry's stable form (`fire-officer`, not `fire_officer`),
///   which the demo of migration 2 wrote differently.
const V3: &str = "
ALTER TABLE units ADD COLUMN listed_on TEXT;
ALTER TABLE units ADD COLUMN delisted_on TEXT;

CREATE TABLE unit_attributes (
    unit_id   TEXT NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    from_date TEXT NOT NULL,
    level     INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
    crowded   INTEGER NOT NULL CHECK (crowded IN (0, 1)),
    PRIMARY KEY (unit_id, from_date)
) STRICT;

CREATE TABLE county_settings (
    county        TEXT PRIMARY KEY NOT NULL,
    data          TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    updated_at_ms INTEGER NOT NULL
) STRICT;

UPDATE officials SET role = replace(role, '_', '-');
UPDATE group_members SET role = replace(role, '_', '-');
CREATE INDEX records_by_status_unit ON records (status, unit_id);
";

/// Version 4: the unit's signature.
///
/// - `records.changed_after_signing`: the record is signed and its content has changed
///   since, so the signature no longer covers it (`records.signed`, from migration 2,
///   says whether it is signed at all).
const V4: &str = "
ALTER TABLE records ADD COLUMN changed_after_signing INTEGER NOT NULL DEFAULT 0;
";

const MIGRATIONS: &[M<'static>] = &[M::up(V1), M::up(V2), M::up(V3), M::up(V4)];

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
