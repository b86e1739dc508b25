//! What each account may see and change: its scope, as SQL over units and records.
//!
//! - an official: the units of the guidance groups they serve on today, with every
//!   record about them, plus any record they wrote themselves;
//! - a unit account: its own unit;
//! - a township centre: every unit of its township;
//! - a county administrator and the city and province viewers: everything this server
//!   holds.
//!
//! FIXME: a server holds one county today, so the county, city and province scopes are
//! the whole database; serving several counties needs a county column on units and a
//! county (or city) on accounts.
//!
//! The scope is computed at every request from the registry, so a unit that joins or
//! leaves an official's groups enters or leaves their next sync.

use baolian_shared::api::{Role, UnitSummary, UserInfo};
use chrono::NaiveDate;
use rusqlite::{Connection, Row, ToSql};

use crate::store::{StoreError, units};

/// The parts of a query over records in scope, for [`Scope::query_records`].
#[derive(Debug, Clone, Copy)]
pub struct RecordQuery<'a> {
    /// `SELECT … FROM records r …` with any joins.
    pub select: &'a str,
    /// A further condition; `1 = 1` for none.
    pub condition: &'a str,
    /// `ORDER BY …`, or empty.
    pub order: &'a str,
}

/// The scope of one account on one day.
#[derive(Debug, Clone)]
pub struct Scope {
    /// A condition on a unit id column, written as `{unit}`.
    units: &'static str,
    /// Records also in scope whatever their unit: those this user wrote.
    own_records: bool,
    username: String,
    key: String,
    today: String,
}

/// One record of a scope: its id and a hash of its heads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopedRecord {
    /// The record id.
    pub id: String,
    /// [`baolian_shared::sync::heads_hash`] of its stored heads.
    pub heads_hash: String,
}

impl Scope {
    /// The scope of `user` on the local date `today`.
    pub fn of(user: &UserInfo, today: NaiveDate) -> Scope {
        let (units, own_records, key) = match user.role {
            Role::Official => (
                "{unit} IN (SELECT unit_id FROM group_members WHERE official_id = :key \
                 AND assigned_on <= :today AND (until IS NULL OR until >= :today))",
                true,
                user.official_id.clone(),
            ),
            Role::Unit => ("{unit} = :key", false, user.unit_id.clone()),
            Role::TownshipCentre => (
                "{unit} IN (SELECT id FROM units WHERE township_id = :key)",
                false,
                user.township_id.clone(),
            ),
            Role::CountyAdmin | Role::CityViewer | Role::ProvinceViewer => {
                ("1 = 1", false, Some(String::new()))
            }
        };
        // An account missing what it acts for sees nothing rather than everything.
        let (units, key) = match key {
            Some(key) => (units, key),
            None => ("0 = 1", String::new()),
        };
        Scope {
            units,
            own_records,
            username: user.username.clone(),
            key,
            today: today.format("%Y-%m-%d").to_string(),
        }
    }

    fn record_clause(&self) -> String {
        let units = self.units.replace("{unit}", "r.unit_id");
        if self.own_records { format!("({units} OR r.author = :username)") } else { units }
    }

    fn params<'a>(&'a self, sql: &str) -> Vec<(&'static str, &'a dyn ToSql)> {
        [(":key", &self.key as &dyn ToSql), (":today", &self.today), (":username", &self.username)]
            .into_iter()
            .filter(|(name, _)| sql.contains(name))
            .collect()
    }

    /// Every record in scope, ordered by id.
    pub fn records(&self, conn: &Connection) -> Result<Vec<ScopedRecord>, StoreError> {
        let sql = format!(
            "SELECT r.id, r.heads_hash FROM records r WHERE {} ORDER BY r.id",
            self.record_clause()
        );
        let mut statement = conn.prepare_cached(&sql)?;
        let rows = statement.query_map(self.params(&sql).as_slice(), |row| {
            Ok(ScopedRecord { id: row.get(0)?, heads_hash: row.get(1)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Runs `{select} WHERE <in scope> AND ({condition}) {order}`, where `select` reads
    /// the records table as `r`; `extra` binds the condition's own named parameters.
    pub fn query_records<T>(
        &self,
        conn: &Connection,
        query: RecordQuery<'_>,
        extra: &[(&'static str, &dyn ToSql)],
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        let sql = format!(
            "{} WHERE {} AND ({}) {}",
            query.select,
            self.record_clause(),
            query.condition,
            query.order
        );
        let mut params = self.params(&sql);
        params.extend_from_slice(extra);
        let mut statement = conn.prepare_cached(&sql)?;
        let rows = statement.query_map(params.as_slice(), map)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether a record about `unit_id` written by `author` is in scope.
    pub fn contains(
        &self,
        conn: &Connection,
        unit_id: &str,
        author: &str,
    ) -> Result<bool, StoreError> {
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM (SELECT :unit_id AS unit_id, :author AS author) r \
             WHERE {})",
            self.record_clause()
        );
        let mut params = self.params(&sql);
        params.push((":unit_id", &unit_id));
        params.push((":author", &author));
        let found: bool =
            conn.prepare_cached(&sql)?.query_row(params.as_slice(), |row| row.get(0))?;
        Ok(found)
    }

    /// Whether `unit_id` itself is in scope. Writing needs this: an official keeps
    /// reading the records they wrote after leaving a unit's group, but writes only
    /// about the units they serve.
    pub fn covers_unit(&self, conn: &Connection, unit_id: &str) -> Result<bool, StoreError> {
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM (SELECT :unit_id AS id) u WHERE {})",
            self.units.replace("{unit}", "u.id")
        );
        let mut params = self.params(&sql);
        params.push((":unit_id", &unit_id));
        let found: bool =
            conn.prepare_cached(&sql)?.query_row(params.as_slice(), |row| row.get(0))?;
        Ok(found)
    }

    /// Every unit in scope with its township's name, ordered by id.
    pub fn units(&self, conn: &Connection) -> Result<Vec<UnitSummary>, StoreError> {
        let sql = format!(
            "{} WHERE {} ORDER BY u.id",
            units::SUMMARY_SELECT,
            self.units.replace("{unit}", "u.id")
        );
        let mut statement = conn.prepare_cached(&sql)?;
        let rows = statement.query_map(self.params(&sql).as_slice(), units::summary_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
