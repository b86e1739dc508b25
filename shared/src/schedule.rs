//! The schedule engine: from the registry, the completed activities and a county's duty
//! table, what each unit, official or township owes in each period, and what is done,
//! due or overdue.
//!
//! The engine reads only what the caller passes in, "today" included, so the phone and
//! the server compute the same schedule from the same data. It indexes the records by
//! (unit, duty) once, in [`Scheduler::new`]; each period is then counted with two
//! binary searches, so a township of ~500 units over a year stays cheap on a phone.
//!
//! How obligations are decided:
//! - Each role a duty names owes it separately, per period of the duty's frequency;
//!   the row names the member of that role who serves the unit in the period (the one
//!   serving on the period's deadline, or today for a period in progress).
//! - A record counts toward the period of its local date (China Standard Time), and
//!   for each role that took part in it, or only its author's (see
//!   [`ScheduleSettings::joint_visit_satisfies_both`]). A record by any official of the
//!   role counts, so a colleague standing in for the member is credited to the unit.
//! - A role's obligation starts when the unit is listed or when the first official of
//!   that role is assigned to it, whichever is later; a role that never had a member
//!   owes from the listing, and its rows name no official (the county has a vacancy to
//!   fill, which the committee must see as overdue). A period the obligation covers
//!   only in part (a late start, or the unit leaving the register) is owed as
//!   [`ScheduleSettings::half_period_rule`] says.
//! - The unit's level and crowded-place flag on the day chosen by
//!   [`ScheduleSettings::attributes_at`] decide whether a duty applies and at which
//!   frequency.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Months, NaiveDate};

use crate::duty::{AttributeDate, DutyRule, DutyTable, Frequency, ScheduleSettings};
use crate::period::{DateRange, Period, PeriodKind};
use crate::registry::{GroupMember, GuidanceGroup, OfficialRole};

mod model;

pub use model::{
    ActivityRecord, DutyStatus, NotOwed, Obligation, Participant, Schedule, ScheduleWarning, Scope,
    UnitAttributes, UnitHistory,
};

/// The engine, holding its input and the indexes built from it.
#[derive(Debug)]
pub struct Scheduler<'a> {
    units: Vec<&'a UnitHistory>,
    duties: &'a DutyTable,
    settings: ScheduleSettings,
    // Ordered maps rather than hash maps: no random seed to draw, so the crate stays
    // free of anything the platform provides.
    members: BTreeMap<&'a str, Vec<&'a GroupMember>>,
    records: BTreeMap<(&'a str, &'a str), Vec<&'a ActivityRecord>>,
    records_by_unit: BTreeMap<&'a str, Vec<&'a ActivityRecord>>,
}

impl<'a> Scheduler<'a> {
    /// Indexes the input. Records of units, or for activities, that are not in the input
    /// are ignored.
    pub fn new(
        units: &'a [UnitHistory],
        groups: &'a [GuidanceGroup],
        records: &'a [ActivityRecord],
        duties: &'a DutyTable,
        settings: ScheduleSettings,
    ) -> Scheduler<'a> {
        let mut members: BTreeMap<&str, Vec<&GroupMember>> = BTreeMap::new();
        for group in groups {
            members.entry(&group.unit_id).or_default().extend(&group.members);
        }

        let mut by_duty: BTreeMap<(&str, &str), Vec<&ActivityRecord>> = BTreeMap::new();
        let mut by_unit: BTreeMap<&str, Vec<&ActivityRecord>> = BTreeMap::new();
        for record in records {
            by_duty.entry((&record.unit_id, &record.activity)).or_default().push(record);
            by_unit.entry(&record.unit_id).or_default().push(record);
        }
        let by_date = |a: &&ActivityRecord, b: &&ActivityRecord| {
            (a.date, &a.record_id).cmp(&(b.date, &b.record_id))
        };
        by_duty.values_mut().for_each(|list| list.sort_by(by_date));
        by_unit.values_mut().for_each(|list| list.sort_by(by_date));

        Scheduler {
            units: units.iter().collect(),
            duties,
            settings,
            members,
            records: by_duty,
            records_by_unit: by_unit,
        }
    }

    /// The schedule of a scope over a range of dates, as it stands on `today`.
    pub fn schedule(&self, scope: &Scope, range: DateRange, today: NaiveDate) -> Schedule {
        let mut schedule = Schedule::default();
        for unit in &self.units {
            let wanted = match scope {
                Scope::Unit(id) => unit.unit_id == *id,
                Scope::Township(id) => unit.township_id == *id,
                Scope::County(id) => unit.county == *id,
                Scope::Official(id) => self.unit_members(unit).any(|m| m.official_id == *id),
                Scope::All => true,
            };
            if wanted {
                self.unit_schedule(unit, range, today, &mut schedule);
            }
        }

        if let Scope::Official(id) = scope {
            schedule.obligations.retain(|o| o.official_id.as_ref() == Some(id));
            let slots: BTreeSet<(&str, OfficialRole)> =
                schedule.obligations.iter().map(|o| (o.unit_id.as_str(), o.role)).collect();
            schedule.warnings.retain(|w| match w {
                ScheduleWarning::SixMonthGap { unit_id, role, .. } => {
                    slots.contains(&(unit_id.as_str(), *role))
                }
                ScheduleWarning::VacantRole { .. } => false,
            });
        }
        schedule.finish()
    }

    /// The schedule of one unit.
    pub fn unit(&self, unit_id: &str, range: DateRange, today: NaiveDate) -> Schedule {
        self.schedule(&Scope::Unit(unit_id.into()), range, today)
    }

    /// The obligations one official answers for, across the units they serve.
    pub fn official(&self, official_id: &str, range: DateRange, today: NaiveDate) -> Schedule {
        self.schedule(&Scope::Official(official_id.into()), range, today)
    }

    /// The schedule of every unit of a township.
    pub fn township(&self, township_id: &str, range: DateRange, today: NaiveDate) -> Schedule {
        self.schedule(&Scope::Township(township_id.into()), range, today)
    }

    fn unit_members(&self, unit: &UnitHistory) -> impl Iterator<Item = &'a GroupMember> {
        self.members.get(unit.unit_id.as_str()).into_iter().flatten().copied()
    }

    fn unit_schedule(
        &self,
        unit: &UnitHistory,
        range: DateRange,
        today: NaiveDate,
        out: &mut Schedule,
    ) {
        for duty in self.duties.enabled() {
            for &role in duty.roles.iter() {
                let slot = Slot {
                    unit,
                    duty,
                    role,
                    members: self.unit_members(unit).filter(|m| m.role == role).collect(),
                    credited: self.credited(unit, duty, role),
                };
                self.slot_schedule(&slot, range, today, out);
            }
        }
    }

    /// The records that count for a role in a duty, by date: the duty's own records the
    /// role took part in and, for a duty done "with visits", every record of another
    /// role's duty that the role joined.
    fn credited(
        &self,
        unit: &UnitHistory,
        duty: &DutyRule,
        role: OfficialRole,
    ) -> Vec<&'a ActivityRecord> {
        let counts = |record: &&&ActivityRecord| self.credits(record, role);
        if duty.frequency != Frequency::WithVisits {
            let own = self.records.get(&(unit.unit_id.as_str(), &*duty.id));
            return own.into_iter().flatten().filter(counts).copied().collect();
        }
        let joined = |record: &&&ActivityRecord| {
            record.activity == duty.id
                || self
                    .duties
                    .get(&record.activity)
                    .is_some_and(|other| !other.roles.contains(&role))
        };
        let all = self.records_by_unit.get(unit.unit_id.as_str());
        all.into_iter().flatten().filter(joined).filter(counts).copied().collect()
    }

    /// Whether a record counts for a role under the joint-visit setting.
    fn credits(&self, record: &ActivityRecord, role: OfficialRole) -> bool {
        if self.settings.joint_visit_satisfies_both {
            record.officials.iter().any(|p| p.role == role)
        } else {
            record.officials.first().is_some_and(|p| p.role == role)
        }
    }

    fn slot_schedule(&self, slot: &Slot, range: DateRange, today: NaiveDate, out: &mut Schedule) {
        let unit = slot.unit;
        let start = slot.members.iter().map(|m| m.assigned_on).min();
        let start = start.map_or(unit.listed_on, |first| first.max(unit.listed_on));
        let mut kinds = vec![slot.duty.frequency.period_kind()];
        kinds.extend(slot.duty.crowded_frequency.map(Frequency::period_kind));
        kinds.dedup();

        let first_row = out.obligations.len();
        let mut owed_halves = Vec::new();
        for kind in kinds {
            for period in range.periods(kind) {
                let Some(cover) = cover_days(period, start, unit.delisted_on) else {
                    continue;
                };
                let reference = match self.settings.attributes_at {
                    AttributeDate::PeriodStart => period.start().max(unit.listed_on),
                    AttributeDate::PeriodEnd => period.end(),
                };
                let Some(attributes) = unit.attributes_on(reference) else {
                    continue;
                };
                let frequency = slot.duty.frequency_for(attributes.crowded_place);
                if frequency.period_kind() != kind {
                    continue;
                }

                let not_owed = if !slot.duty.applies_to(attributes.level) {
                    Some(NotOwed::Level)
                } else if self.settings.half_period_rule && 2 * cover < period.days() {
                    Some(NotOwed::PartPeriod)
                } else {
                    None
                };
                let obligation = slot.obligation(period, frequency, not_owed, today);
                if obligation.official_id.is_none() && not_owed.is_none() {
                    out.warnings.push(ScheduleWarning::VacantRole {
                        unit_id: unit.unit_id.clone(),
                        role: slot.role,
                    });
                }
                if kind == PeriodKind::Half && not_owed.is_none() {
                    owed_halves.push(period);
                }
                out.obligations.push(obligation);
            }
        }

        // A duty counted in two kinds of period (yearly, and half-yearly once the unit
        // is a crowded place) lists its periods in calendar order.
        out.obligations[first_row..].sort_by_key(|o| (o.period.start(), o.deadline));
        if self.settings.warn_six_month_gap {
            out.warnings.extend(slot.six_month_gaps(&owed_halves, range));
        }
    }
}

/// One unit's duty for one role, with what the schedule needs to judge its periods.
struct Slot<'s, 'a> {
    unit: &'s UnitHistory,
    duty: &'s DutyRule,
    role: OfficialRole,
    members: Vec<&'a GroupMember>,
    credited: Vec<&'a ActivityRecord>,
}

impl Slot<'_, '_> {
    fn obligation(
        &self,
        period: Period,
        frequency: Frequency,
        not_owed: Option<NotOwed>,
        today: NaiveDate,
    ) -> Obligation {
        let applies = not_owed != Some(NotOwed::Level);
        let records: Vec<String> = if applies {
            self.records_in(period).iter().map(|r| r.record_id.clone()).collect()
        } else {
            Vec::new()
        };
        let required = frequency.minimum();
        let status = match (not_owed, required) {
            (Some(_), _) => DutyStatus::NotApplicable,
            (None, None) if records.is_empty() => DutyStatus::Listed,
            (None, None) => DutyStatus::Done,
            (None, Some(min)) if records.len() >= min as usize => DutyStatus::Done,
            (None, Some(_)) if today > period.end() => DutyStatus::Overdue,
            (None, Some(_)) if today < period.start() => DutyStatus::Upcoming,
            (None, Some(_)) => DutyStatus::Due,
        };
        Obligation {
            unit_id: self.unit.unit_id.clone(),
            duty: self.duty.id.to_string(),
            role: self.role,
            official_id: applies.then(|| self.responsible(period, today)).flatten(),
            period,
            frequency,
            required,
            records,
            status,
            deadline: period.end(),
            not_owed,
        }
    }

    /// The credited records dated within a period, found by binary search.
    fn records_in(&self, period: Period) -> &[&ActivityRecord] {
        let from = self.credited.partition_point(|r| r.date < period.start());
        let to = self.credited.partition_point(|r| r.date <= period.end());
        &self.credited[from..to]
    }

    /// The member answering for a period: the one serving on its deadline (or today,
    /// for a period in progress), else the last one to join during the period.
    fn responsible(&self, period: Period, today: NaiveDate) -> Option<String> {
        let on = today.clamp(period.start(), period.end());
        let serving = self.members.iter().find(|m| m.serves_on(on));
        let during = || {
            self.members
                .iter()
                .filter(|m| m.assigned_on <= period.end())
                .filter(|m| m.until.is_none_or(|until| until > period.start()))
                .max_by_key(|m| m.assigned_on)
        };
        serving.or_else(during).map(|m| m.official_id.clone())
    }

    /// Consecutive credited records more than six months apart, where the later one
    /// falls in the range and in an owed half-year.
    fn six_month_gaps(&self, owed_halves: &[Period], range: DateRange) -> Vec<ScheduleWarning> {
        if owed_halves.is_empty() {
            return Vec::new();
        }
        let first = self.credited.partition_point(|r| r.date < range.from).max(1);
        let last = self.credited.partition_point(|r| r.date <= range.to);
        (first..last)
            .map(|i| (self.credited[i - 1], self.credited[i]))
            .filter(|(_, next)| {
                owed_halves.contains(&Period::containing(PeriodKind::Half, next.date))
            })
            .filter(|(previous, next)| {
                previous
                    .date
                    .checked_add_months(Months::new(6))
                    .is_some_and(|limit| next.date > limit)
            })
            .map(|(previous, next)| ScheduleWarning::SixMonthGap {
                unit_id: self.unit.unit_id.clone(),
                duty: self.duty.id.to_string(),
                role: self.role,
                previous: (previous.record_id.clone(), previous.date),
                next: (next.record_id.clone(), next.date),
            })
            .collect()
    }
}

/// How many days of a period an obligation covers, from `start` until `until`
/// (exclusive); `None` when it covers none.
fn cover_days(period: Period, start: NaiveDate, until: Option<NaiveDate>) -> Option<i64> {
    let first = period.start().max(start);
    let last = match until.and_then(|until| until.pred_opt()) {
        Some(last) => period.end().min(last),
        None => period.end(),
    };
    let days = (last - first).num_days() + 1;
    (days > 0).then_some(days)
}

#[cfg(test)]
mod tests;
