//! What the schedule engine reads (unit histories, activity records) and what it
//! answers (obligations with their status, warnings), all serialisable so the server
//! can send a schedule as JSON and the PWA can cache it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::duty::Frequency;
use crate::period::Period;
use crate::registry::{KeyUnit, OfficialRole, UnitLevel};

/// A unit's level and crowded-place flag from a date on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitAttributes {
    /// The first day these attributes hold.
    pub from: NaiveDate,
    /// The unit's level.
    pub level: UnitLevel,
    /// Whether the unit is a crowded place.
    pub crowded_place: bool,
}

/// What the schedule needs to know of a unit: where it is, when it was on the register,
/// and how its level and crowded-place flag changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitHistory {
    /// Id of the unit.
    pub unit_id: String,
    /// Id of its county.
    pub county: String,
    /// Id of its township.
    pub township_id: String,
    /// The day the unit was listed in the mechanism (its guidance group named).
    pub listed_on: NaiveDate,
    /// The first day the unit is no longer listed, if it left the register.
    pub delisted_on: Option<NaiveDate>,
    /// Its attributes over time; at least one entry, in any order. Before the earliest
    /// entry the earliest applies.
    pub attributes: Vec<UnitAttributes>,
}

impl UnitHistory {
    /// The history of a unit whose level and flag never changed since it was listed.
    pub fn of_unit(unit: &KeyUnit, listed_on: NaiveDate) -> UnitHistory {
        UnitHistory {
            unit_id: unit.id.clone(),
            county: unit.county.clone(),
            township_id: unit.township_id.clone(),
            listed_on,
            delisted_on: None,
            attributes: vec![UnitAttributes {
                from: listed_on,
                level: unit.level,
                crowded_place: unit.crowded_place,
            }],
        }
    }

    /// The attributes in effect on a date: the latest entry starting on or before it, or
    /// the earliest entry for a date before them all. `None` only with no entries.
    pub fn attributes_on(&self, date: NaiveDate) -> Option<UnitAttributes> {
        let latest = self.attributes.iter().filter(|a| a.from <= date).max_by_key(|a| a.from);
        latest.or_else(|| self.attributes.iter().min_by_key(|a| a.from)).copied()
    }
}

/// An official who took part in an activity, with the role they acted in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    /// Id of the official.
    pub official_id: String,
    /// The role the official acted in.
    pub role: OfficialRole,
}

/// A completed activity, as the schedule counts it: typically a submitted guidance
/// record reduced to what matters here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityRecord {
    /// Id of the record.
    pub record_id: String,
    /// Id of the unit.
    pub unit_id: String,
    /// The duty it fulfils, for example `TWN-SELF`.
    pub activity: String,
    /// Who performed it; the first is its author.
    pub officials: Vec<Participant>,
    /// The local date (China Standard Time) on which it took place, not the day it
    /// synced; see [`crate::period::local_date`].
    pub date: NaiveDate,
}

/// Where one obligation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DutyStatus {
    /// Enough records in the period.
    Done,
    /// The period contains today and is not yet done.
    Due,
    /// The period has ended and was not done.
    Overdue,
    /// The period has not started yet.
    Upcoming,
    /// The duty has no countable minimum (as needed, per contract, with visits, each
    /// key period) and has no record in the period: listed, never due or overdue.
    Listed,
    /// Not owed; [`Obligation::not_owed`] says why.
    NotApplicable,
}

/// Why a listed period is not owed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotOwed {
    /// The duty does not apply to the unit's level (FIRE-* on level 3, POL-* on 1–2).
    Level,
    /// The unit or role started, or the unit left the register, with less than half of
    /// the period covered.
    PartPeriod,
}

/// One period owed (or listed) by one unit, for one duty, by one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Obligation {
    /// Id of the unit.
    pub unit_id: String,
    /// Id of the duty.
    pub duty: String,
    /// The role that owes it.
    pub role: OfficialRole,
    /// The member of that role responsible for the period; `None` when the role is
    /// vacant or the duty does not apply.
    pub official_id: Option<String>,
    /// The period.
    pub period: Period,
    /// The frequency in force for the period.
    pub frequency: Frequency,
    /// How many records are owed, `None` when nothing countable is.
    pub required: Option<u32>,
    /// The records that count toward the period, by date.
    pub records: Vec<String>,
    /// Where it stands.
    pub status: DutyStatus,
    /// The last day of the period.
    pub deadline: NaiveDate,
    /// Set when the status is [`DutyStatus::NotApplicable`].
    pub not_owed: Option<NotOwed>,
}

/// Something a reviewer should look at that is not a missed period.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "warning", rename_all = "snake_case")]
pub enum ScheduleWarning {
    /// Two consecutive records of a half-yearly duty lie more than six months apart.
    SixMonthGap {
        /// Id of the unit.
        unit_id: String,
        /// Id of the duty.
        duty: String,
        /// The role.
        role: OfficialRole,
        /// The earlier record and its date.
        previous: (String, NaiveDate),
        /// The later record and its date.
        next: (String, NaiveDate),
    },
    /// An owed period has no member of the role to answer for it.
    VacantRole {
        /// Id of the unit.
        unit_id: String,
        /// The role without a member.
        role: OfficialRole,
    },
}

/// The schedule of a unit, an official, a township, a county or everything.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Schedule {
    /// Every period owed or listed, by unit, duty, role and period.
    pub obligations: Vec<Obligation>,
    /// Warnings, sorted and without duplicates.
    pub warnings: Vec<ScheduleWarning>,
    /// The earliest deadline of a due obligation, or of an upcoming one if none is due.
    pub next_deadline: Option<NaiveDate>,
}

impl Schedule {
    /// How many obligations have a status.
    pub fn count(&self, status: DutyStatus) -> usize {
        self.obligations.iter().filter(|o| o.status == status).count()
    }

    /// Sorts the warnings and sets the next deadline, once every obligation is in.
    pub(super) fn finish(mut self) -> Schedule {
        let earliest = |status| {
            self.obligations.iter().filter(|o| o.status == status).map(|o| o.deadline).min()
        };
        self.next_deadline = earliest(DutyStatus::Due).or_else(|| earliest(DutyStatus::Upcoming));
        self.warnings.sort();
        self.warnings.dedup();
        self
    }
}

/// What a schedule covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "scope", content = "id", rename_all = "kebab-case")]
pub enum Scope {
    /// One unit.
    Unit(String),
    /// The obligations one official answers for.
    Official(String),
    /// Every unit of a township.
    Township(String),
    /// Every unit of a county.
    County(String),
    /// Every unit given to the scheduler.
    All,
}
