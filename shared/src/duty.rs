//! The duties of art. 8–12 as data: who owes each one, how often, for which unit levels,
//! and the per-county settings that answer the questions the regulation leaves open.
//!
//! Frequencies are configuration, not constants: art. 15 lets each county refine the
//! duties, so the default table is [`DutyTable::henan_default`] and a county's table is
//! that one with its [`DutyOverride`]s applied.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::error::Lang;
use crate::period::PeriodKind;
use crate::registry::{OfficialRole, UnitLevel};

pub use crate::checklist::TWN_SELF;

mod henan;

/// 8(2): industry department on-site guidance.
pub const IND_VISIT: &str = "IND-VISIT";
/// 8(3): industry department meeting with the responsible person and manager.
pub const IND_MEET: &str = "IND-MEET";
/// 8(4): industry department urging controls for key periods.
pub const IND_PERIOD: &str = "IND-PERIOD";
/// 9(2): township on-site guidance.
pub const TWN_VISIT: &str = "TWN-VISIT";
/// 9(3): township warning education.
pub const TWN_EDU: &str = "TWN-EDU";
/// 9(4): township-organised drill.
pub const TWN_DRILL: &str = "TWN-DRILL";
/// 10(1): fire officer on-site guidance.
pub const FIRE_VISIT: &str = "FIRE-VISIT";
/// 10(2): fire officer guidance of the unit's plan.
pub const FIRE_PLAN: &str = "FIRE-PLAN";
/// 10(3): fire officer training of the group.
pub const FIRE_TEACH: &str = "FIRE-TEACH";
/// 10(4): fire officer special training of the responsible person and manager.
pub const FIRE_TRAIN: &str = "FIRE-TRAIN";
/// 11(1): police officer and fire clerk on-site guidance.
pub const POL_VISIT: &str = "POL-VISIT";
/// 11(2): police officer and fire clerk guidance of the unit's plan.
pub const POL_PLAN: &str = "POL-PLAN";
/// 11(3): police officer and fire clerk training of the group.
pub const POL_TEACH: &str = "POL-TEACH";
/// 11(4): police officer and fire clerk special training.
pub const POL_TRAIN: &str = "POL-TRAIN";
/// 12(1): technician services under the unit's contract.
pub const TECH_SERVICE: &str = "TECH-SERVICE";
/// 12(2): technician joining other members' guidance and patrols.
pub const TECH_JOIN: &str = "TECH-JOIN";
/// 12(3): technician training of key-post staff.
pub const TECH_TRAIN: &str = "TECH-TRAIN";

/// How often a duty is owed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "every", rename_all = "kebab-case")]
pub enum Frequency {
    /// At least `min` times each calendar month.
    PerMonth {
        /// The minimum count.
        min: u32,
    },
    /// At least `min` times each calendar quarter.
    PerQuarter {
        /// The minimum count.
        min: u32,
    },
    /// At least `min` times each calendar half-year.
    PerHalfYear {
        /// The minimum count.
        min: u32,
    },
    /// At least `min` times each calendar year.
    PerYear {
        /// The minimum count.
        min: u32,
    },
    /// "As needed, at least once" (art. 10(2), 11(2)). Owed once per calendar year: the
    /// regulation is a one-year trial, and a plan that was right once goes stale as the
    /// premises and staff change, so a yearly look is the reading that keeps it alive.
    AtLeastOnce,
    /// As needed: listed with its records, never due or overdue.
    AsNeeded,
    /// Each key period (两会, public holidays): the calendar of key periods is not in
    /// the regulation, so the duty is listed, never due or overdue.
    EachKeyPeriod,
    /// Per the unit's service contract, which the registry does not hold: listed, never
    /// due or overdue.
    PerContract,
    /// Together with other members' visits: listed with the visits the role took part
    /// in, never due or overdue.
    WithVisits,
}

impl Frequency {
    /// The kind of period the duty is counted in. Duties with no countable minimum are
    /// listed per year, so that a report shows what was done each year.
    pub fn period_kind(self) -> PeriodKind {
        match self {
            Frequency::PerMonth { .. } => PeriodKind::Month,
            Frequency::PerQuarter { .. } => PeriodKind::Quarter,
            Frequency::PerHalfYear { .. } => PeriodKind::Half,
            Frequency::PerYear { .. }
            | Frequency::AtLeastOnce
            | Frequency::AsNeeded
            | Frequency::EachKeyPeriod
            | Frequency::PerContract
            | Frequency::WithVisits => PeriodKind::Year,
        }
    }

    /// The number of records owed per period, or `None` when nothing countable is owed.
    pub fn minimum(self) -> Option<u32> {
        match self {
            Frequency::PerMonth { min }
            | Frequency::PerQuarter { min }
            | Frequency::PerHalfYear { min }
            | Frequency::PerYear { min } => Some(min),
            Frequency::AtLeastOnce => Some(1),
            Frequency::AsNeeded
            | Frequency::EachKeyPeriod
            | Frequency::PerContract
            | Frequency::WithVisits => None,
        }
    }

    /// The frequency as the regulation words it.
    pub fn label(self, lang: Lang) -> String {
        match (self, lang) {
            (Frequency::PerMonth { min }, Lang::Zh) => format!("每月至少{min}次"),
            (Frequency::PerQuarter { min }, Lang::Zh) => format!("每季度至少{min}次"),
            (Frequency::PerHalfYear { min }, Lang::Zh) => format!("每半年至少{min}次"),
            (Frequency::PerYear { min }, Lang::Zh) => format!("每年至少{min}次"),
            (Frequency::AtLeastOnce, Lang::Zh) => "根据需要，每年至少1次".into(),
            (Frequency::AsNeeded, Lang::Zh) => "根据需要".into(),
            (Frequency::EachKeyPeriod, Lang::Zh) => "重点时段".into(),
            (Frequency::PerContract, Lang::Zh) => "按服务合同".into(),
            (Frequency::WithVisits, Lang::Zh) => "随同指导巡查".into(),
            (Frequency::PerMonth { min }, Lang::En) => format!("at least {min} per month"),
            (Frequency::PerQuarter { min }, Lang::En) => format!("at least {min} per quarter"),
            (Frequency::PerHalfYear { min }, Lang::En) => {
                format!("at least {min} per half-year")
            }
            (Frequency::PerYear { min }, Lang::En) => format!("at least {min} per year"),
            (Frequency::AtLeastOnce, Lang::En) => "as needed, at least once a year".into(),
            (Frequency::AsNeeded, Lang::En) => "as needed".into(),
            (Frequency::EachKeyPeriod, Lang::En) => "each key period".into(),
            (Frequency::PerContract, Lang::En) => "per the service contract".into(),
            (Frequency::WithVisits, Lang::En) => "with other members' visits".into(),
        }
    }
}

/// One duty of the regulation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutyRule {
    /// Stable id, for example `TWN-SELF`; also the `activity` of the records that fulfil
    /// it.
    pub id: Cow<'static, str>,
    /// The roles that owe it. Each role owes it separately; a record by several of them
    /// may count for each (see [`ScheduleSettings::joint_visit_satisfies_both`]).
    pub roles: Cow<'static, [OfficialRole]>,
    /// Short name in Chinese.
    pub zh: Cow<'static, str>,
    /// Short name in English.
    pub en: Cow<'static, str>,
    /// Article and item of 豫政办〔2024〕58号, for example `9(1)`.
    pub article: Cow<'static, str>,
    /// How often it is owed.
    pub frequency: Frequency,
    /// How often it is owed by a crowded place, when that differs.
    pub crowded_frequency: Option<Frequency>,
    /// The unit levels it applies to.
    pub levels: Cow<'static, [UnitLevel]>,
    /// `false` when a county has switched the duty off.
    pub enabled: bool,
}

impl DutyRule {
    /// The frequency for a unit that is, or is not, a crowded place.
    pub fn frequency_for(&self, crowded_place: bool) -> Frequency {
        match self.crowded_frequency {
            Some(frequency) if crowded_place => frequency,
            _ => self.frequency,
        }
    }

    /// Whether the duty applies to units of a level.
    pub fn applies_to(&self, level: UnitLevel) -> bool {
        self.levels.contains(&level)
    }

    /// The duty's name in a language.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A county's change to one duty (art. 15). Fields left `None` keep the default.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DutyOverride {
    /// Id of the duty changed.
    pub duty: String,
    /// The new frequency.
    pub frequency: Option<Frequency>,
    /// The new frequency for crowded places.
    pub crowded_frequency: Option<Frequency>,
    /// `Some(false)` switches the duty off, `Some(true)` back on.
    pub enabled: Option<bool>,
}

/// Why a county's overrides were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DutyError {
    /// The override names a duty the table does not have.
    #[error("unknown duty {0}")]
    UnknownDuty(String),
    /// The override sets a minimum of zero, which would make the duty always done; switch
    /// the duty off instead.
    #[error("duty {0} has a minimum of zero")]
    ZeroMinimum(String),
}

/// The duties in force in one jurisdiction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutyTable {
    /// Every duty, enabled or not, in a stable order.
    pub rules: Vec<DutyRule>,
}

impl DutyTable {
    /// The duties of 豫政办〔2024〕58号 with the frequencies of the regulation.
    pub fn henan_default() -> DutyTable {
        DutyTable { rules: henan::HENAN_DUTIES.to_vec() }
    }

    /// This table with a county's overrides applied, in order; the table itself is left
    /// unchanged, so the provincial default can be shared.
    pub fn with_overrides(&self, overrides: &[DutyOverride]) -> Result<DutyTable, DutyError> {
        let mut table = self.clone();
        for change in overrides {
            let rule = table
                .rules
                .iter_mut()
                .find(|rule| rule.id == change.duty)
                .ok_or_else(|| DutyError::UnknownDuty(change.duty.clone()))?;
            let frequencies = [change.frequency, change.crowded_frequency];
            if frequencies.iter().flatten().any(|f| f.minimum() == Some(0)) {
                return Err(DutyError::ZeroMinimum(change.duty.clone()));
            }
            if let Some(frequency) = change.frequency {
                rule.frequency = frequency;
            }
            if let Some(frequency) = change.crowded_frequency {
                rule.crowded_frequency = Some(frequency);
            }
            if let Some(enabled) = change.enabled {
                rule.enabled = enabled;
            }
        }
        Ok(table)
    }

    /// Finds a duty by id, enabled or not.
    pub fn get(&self, id: &str) -> Option<&DutyRule> {
        self.rules.iter().find(|rule| rule.id == id)
    }

    /// The duties in force.
    pub fn enabled(&self) -> impl Iterator<Item = &DutyRule> {
        self.rules.iter().filter(|rule| rule.enabled)
    }
}

impl Default for DutyTable {
    fn default() -> DutyTable {
        DutyTable::henan_default()
    }
}

/// Which day's unit attributes (level, crowded-place flag) decide what a period owes
/// when they change part-way through it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttributeDate {
    /// The attributes in effect on the period's first day (or on the day the unit was
    /// listed, if later). The default: what a period owes is fixed when it opens, so an
    /// official knows on the first of the month, quarter, half or year what is owed, and
    /// a change takes effect from the next period of each kind instead of creating or
    /// removing an obligation with little time left. A unit moving from level 2 to 3
    /// keeps its fire officer's visit for the year in which it moved.
    #[default]
    PeriodStart,
    /// The attributes in effect on the period's last day: the latest designation
    /// decides, including for a period in progress.
    PeriodEnd,
}

/// The answers a county gives to the questions the regulation leaves open
/// (`duties.md`, "Questions the text leaves open"). [`Default`] gives the documented
/// defaults; every field defaults on its own when absent from stored JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScheduleSettings {
    /// A record counts for every official listed on it, so a joint visit by the police
    /// officer and the fire clerk satisfies both and a visit by one alone only that one.
    /// When off, a record counts only for its author, the first official listed.
    /// Default: on.
    pub joint_visit_satisfies_both: bool,
    /// A unit (or a role of its group) that starts part-way through a period owes that
    /// period only if at least half of its days remain; the same holds when it leaves
    /// the register part-way. When off, any day of cover makes the period owed.
    /// Default: on.
    pub half_period_rule: bool,
    /// Warns when two consecutive records of a half-yearly duty lie more than six
    /// calendar months apart, even though each half has its record. Default: on.
    pub warn_six_month_gap: bool,
    /// Which day's attributes decide a period. Default: the period's start.
    pub attributes_at: AttributeDate,
}

impl Default for ScheduleSettings {
    fn default() -> ScheduleSettings {
        ScheduleSettings {
            joint_visit_satisfies_both: true,
            half_period_rule: true,
            warn_six_month_gap: true,
            attributes_at: AttributeDate::PeriodStart,
        }
    }
}

#[cfg(test)]
mod tests;
