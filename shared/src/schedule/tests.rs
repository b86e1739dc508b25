use super::*;
use crate::duty::*;
use crate::period::local_date;
use crate::registry::UnitLevel;

mod props;
mod settings;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn year(y: i32) -> DateRange {
    DateRange::of(Period::Year(y))
}

/// A unit listed since 2023 whose attributes never change.
fn history(id: &str, level: UnitLevel, crowded: bool) -> UnitHistory {
    UnitHistory {
        unit_id: id.into(),
        county: "jinshui".into(),
        township_id: "T1".into(),
        listed_on: date(2023, 1, 1),
        delisted_on: None,
        attributes: vec![UnitAttributes { from: date(2023, 1, 1), level, crowded_place: crowded }],
    }
}

/// The id of the official of a role in a unit's group.
fn official(unit: &str, role: OfficialRole) -> String {
    format!("{unit}-{}", role.as_str())
}

/// The complete group of a unit's level, assigned with the unit.
fn group(unit: &UnitHistory) -> GuidanceGroup {
    let level = unit.attributes[0].level;
    GuidanceGroup {
        unit_id: unit.unit_id.clone(),
        members: level
            .required_roles()
            .iter()
            .map(|&role| GroupMember {
                official_id: official(&unit.unit_id, role),
                role,
                assigned_on: unit.listed_on,
                until: None,
            })
            .collect(),
    }
}

fn record(
    id: &str,
    unit: &str,
    duty: &str,
    roles: &[OfficialRole],
    on: NaiveDate,
) -> ActivityRecord {
    ActivityRecord {
        record_id: id.into(),
        unit_id: unit.into(),
        activity: duty.into(),
        officials: roles
            .iter()
            .map(|&role| Participant { official_id: official(unit, role), role })
            .collect(),
        date: on,
    }
}

/// Runs the engine over some units, each with its complete group.
fn run(
    units: &[UnitHistory],
    records: &[ActivityRecord],
    duties: &DutyTable,
    settings: ScheduleSettings,
    range: DateRange,
    today: NaiveDate,
) -> Schedule {
    let groups: Vec<GuidanceGroup> = units.iter().map(group).collect();
    Scheduler::new(units, &groups, records, duties, settings).schedule(&Scope::All, range, today)
}

fn run_default(
    units: &[UnitHistory],
    records: &[ActivityRecord],
    range: DateRange,
    today: NaiveDate,
) -> Schedule {
    run(units, records, &DutyTable::henan_default(), ScheduleSettings::default(), range, today)
}

fn rows<'s>(schedule: &'s Schedule, duty: &str, role: OfficialRole) -> Vec<&'s Obligation> {
    schedule.obligations.iter().filter(|o| o.duty == duty && o.role == role).collect()
}

/// The periods a duty is owed in (not listed as not applicable).
fn owed(schedule: &Schedule, duty: &str, role: OfficialRole) -> Vec<Period> {
    rows(schedule, duty, role)
        .into_iter()
        .filter(|o| o.status != DutyStatus::NotApplicable)
        .map(|o| o.period)
        .collect()
}

fn months(y: i32) -> Vec<Period> {
    (1..=12).map(|m| Period::Month(y, m)).collect()
}

fn quarters(y: i32) -> Vec<Period> {
    (1..=4).map(|q| Period::Quarter(y, q)).collect()
}

fn halves(y: i32) -> Vec<Period> {
    vec![Period::Half(y, 1), Period::Half(y, 2)]
}

/// Art. 8–12: the periods each duty is owed in over 2024, per level and crowded flag.
#[test]
fn every_duty_is_owed_at_its_frequency() {
    use OfficialRole::*;
    let y = vec![Period::Year(2024)];
    let none: Vec<Period> = Vec::new();
    let cases: Vec<(&str, OfficialRole, UnitLevel, bool, Vec<Period>)> = vec![
        (IND_VISIT, Industry, UnitLevel::One, false, halves(2024)),
        (IND_MEET, Industry, UnitLevel::Three, false, halves(2024)),
        (IND_PERIOD, Industry, UnitLevel::Two, false, y.clone()),
        (TWN_SELF, Township, UnitLevel::Two, false, months(2024)),
        (TWN_SELF, Township, UnitLevel::Three, true, months(2024)),
        (TWN_VISIT, Township, UnitLevel::One, false, quarters(2024)),
        (TWN_EDU, Township, UnitLevel::Three, false, halves(2024)),
        (TWN_DRILL, Township, UnitLevel::Two, true, y.clone()),
        (FIRE_VISIT, FireOfficer, UnitLevel::One, false, y.clone()),
        (FIRE_VISIT, FireOfficer, UnitLevel::Two, true, halves(2024)),
        (FIRE_VISIT, FireOfficer, UnitLevel::Three, true, none.clone()),
        (FIRE_PLAN, FireOfficer, UnitLevel::Two, false, y.clone()),
        (FIRE_TEACH, FireOfficer, UnitLevel::Two, false, y.clone()),
        (FIRE_TRAIN, FireOfficer, UnitLevel::One, true, y.clone()),
        (FIRE_TRAIN, FireOfficer, UnitLevel::Three, false, none.clone()),
        (POL_VISIT, PoliceOfficer, UnitLevel::Three, false, y.clone()),
        (POL_VISIT, FireClerk, UnitLevel::Three, false, y.clone()),
        (POL_VISIT, PoliceOfficer, UnitLevel::Three, true, halves(2024)),
        (POL_VISIT, FireClerk, UnitLevel::Three, true, halves(2024)),
        (POL_VISIT, PoliceOfficer, UnitLevel::Two, true, none.clone()),
        (POL_PLAN, FireClerk, UnitLevel::Three, false, y.clone()),
        (POL_TEACH, PoliceOfficer, UnitLevel::Three, false, y.clone()),
        (POL_TRAIN, PoliceOfficer, UnitLevel::Three, false, y.clone()),
        (POL_TRAIN, FireClerk, UnitLevel::One, false, none.clone()),
        (TECH_SERVICE, Technician, UnitLevel::Two, false, y.clone()),
        (TECH_JOIN, Technician, UnitLevel::Three, false, y.clone()),
        (TECH_TRAIN, Technician, UnitLevel::One, false, y.clone()),
    ];
    for (duty, role, level, crowded, expected) in cases {
        let schedule =
            run_default(&[history("U1", level, crowded)], &[], year(2024), date(2025, 1, 10));
        assert_eq!(
            owed(&schedule, duty, role),
            expected,
            "{duty} {role:?} {level:?} crowded={crowded}"
        );
    }
}

#[test]
fn countable_duties_go_overdue_and_listed_ones_never_do() {
    let units = [history("U1", UnitLevel::Two, false)];
    let schedule = run_default(&units, &[], year(2024), date(2025, 1, 10));
    for obligation in &schedule.obligations {
        let rule = DutyTable::henan_default().get(&obligation.duty).unwrap().clone();
        let expected = match rule.frequency.minimum() {
            _ if !rule.applies_to(UnitLevel::Two) => DutyStatus::NotApplicable,
            Some(_) => DutyStatus::Overdue,
            None => DutyStatus::Listed,
        };
        assert_eq!(obligation.status, expected, "{} {}", obligation.duty, obligation.period);
    }
    // AtLeastOnce is owed once a year, so it goes overdue like a yearly duty.
    assert_eq!(rows(&schedule, FIRE_PLAN, OfficialRole::FireOfficer)[0].required, Some(1));
    assert_eq!(schedule.next_deadline, None);
}

#[test]
fn a_period_in_progress_is_due_and_later_ones_upcoming() {
    let units = [history("U1", UnitLevel::Two, false)];
    let records = [record("r1", "U1", TWN_SELF, &[OfficialRole::Township], date(2024, 2, 29))];
    let schedule = run_default(&units, &records, year(2024), date(2024, 5, 10));
    let monthly = rows(&schedule, TWN_SELF, OfficialRole::Township);
    let statuses: Vec<DutyStatus> = monthly.iter().map(|o| o.status).collect();
    use DutyStatus::*;
    assert_eq!(
        statuses,
        [
            Overdue, Done, Overdue, Overdue, Due, Upcoming, Upcoming, Upcoming, Upcoming, Upcoming,
            Upcoming, Upcoming
        ]
    );
    assert_eq!(monthly[1].records, ["r1"]);
    assert_eq!(monthly[4].deadline, date(2024, 5, 31));
    assert_eq!(monthly[4].official_id.as_deref(), Some("U1-township"));
    assert_eq!(schedule.next_deadline, Some(date(2024, 5, 31)));
}

#[test]
fn a_record_counts_in_the_period_of_its_china_local_date() {
    // 2024-03-31T15:59:59Z is 23:59:59 on 31 March in China; one second later is April.
    let last_second_of_march = 1_711_900_799_000;
    let units = [history("U1", UnitLevel::Two, false)];
    for (ms, month) in [(last_second_of_march, 3), (last_second_of_march + 1000, 4)] {
        let on = local_date(ms).unwrap();
        let records = [record("r1", "U1", TWN_SELF, &[OfficialRole::Township], on)];
        let schedule = run_default(&units, &records, year(2024), date(2025, 1, 1));
        let done: Vec<Period> = rows(&schedule, TWN_SELF, OfficialRole::Township)
            .into_iter()
            .filter(|o| o.status == DutyStatus::Done)
            .map(|o| o.period)
            .collect();
        assert_eq!(done, [Period::Month(2024, month)]);
    }
}

#[test]
fn art_15_a_county_override_changes_the_frequency() {
    let units = [history("U1", UnitLevel::Two, true)];
    let county = DutyTable::henan_default()
        .with_overrides(&[
            DutyOverride {
                duty: TWN_VISIT.into(),
                frequency: Some(Frequency::PerMonth { min: 1 }),
                ..DutyOverride::default()
            },
            DutyOverride {
                duty: TWN_SELF.into(),
                frequency: Some(Frequency::PerMonth { min: 2 }),
                ..DutyOverride::default()
            },
            DutyOverride { duty: TWN_EDU.into(), enabled: Some(false), ..DutyOverride::default() },
        ])
        .unwrap();
    let records = [record("r1", "U1", TWN_SELF, &[OfficialRole::Township], date(2024, 1, 5))];
    let schedule =
        run(&units, &records, &county, ScheduleSettings::default(), year(2024), date(2025, 1, 1));

    assert_eq!(owed(&schedule, TWN_VISIT, OfficialRole::Township), months(2024));
    assert!(rows(&schedule, TWN_EDU, OfficialRole::Township).is_empty());
    let january = rows(&schedule, TWN_SELF, OfficialRole::Township)[0];
    assert_eq!((january.required, january.status), (Some(2), DutyStatus::Overdue));
}

#[test]
fn the_responsible_official_follows_the_group_over_time() {
    let units = [history("U1", UnitLevel::Two, false)];
    let mut groups = vec![group(&units[0])];
    let township = groups[0].members.iter_mut().find(|m| m.role == OfficialRole::Township).unwrap();
    township.until = Some(date(2024, 7, 1));
    groups[0].members.push(GroupMember {
        official_id: "successor".into(),
        role: OfficialRole::Township,
        assigned_on: date(2024, 7, 1),
        until: None,
    });
    groups[0].members.retain(|m| m.role != OfficialRole::Industry);
    let duties = DutyTable::henan_default();
    let scheduler = Scheduler::new(&units, &groups, &[], &duties, ScheduleSettings::default());

    let schedule = scheduler.unit("U1", year(2024), date(2025, 1, 1));
    let monthly = rows(&schedule, TWN_SELF, OfficialRole::Township);
    assert_eq!(monthly[5].official_id.as_deref(), Some("U1-township"));
    assert_eq!(monthly[6].official_id.as_deref(), Some("successor"));
    assert!(
        rows(&schedule, IND_VISIT, OfficialRole::Industry).iter().all(|o| o.official_id.is_none())
    );
    assert!(schedule.warnings.contains(&ScheduleWarning::VacantRole {
        unit_id: "U1".into(),
        role: OfficialRole::Industry
    }));

    let successor = scheduler.official("successor", year(2024), date(2025, 1, 1));
    let periods: Vec<Period> =
        successor.obligations.iter().filter(|o| o.duty == TWN_SELF).map(|o| o.period).collect();
    assert_eq!(periods, (7..=12).map(|m| Period::Month(2024, m)).collect::<Vec<_>>());
    assert!(successor.obligations.iter().all(|o| o.official_id.as_deref() == Some("successor")));
}

#[test]
fn a_township_schedule_covers_its_units_only() {
    let mut elsewhere = history("U2", UnitLevel::Two, false);
    elsewhere.township_id = "T2".into();
    let units = [history("U1", UnitLevel::Two, false), elsewhere];
    let groups: Vec<GuidanceGroup> = units.iter().map(group).collect();
    let duties = DutyTable::henan_default();
    let scheduler = Scheduler::new(&units, &groups, &[], &duties, ScheduleSettings::default());
    let schedule = scheduler.township("T1", year(2024), date(2025, 1, 1));
    assert!(!schedule.obligations.is_empty());
    assert!(schedule.obligations.iter().all(|o| o.unit_id == "U1"));
    let county = scheduler.schedule(&Scope::County("jinshui".into()), year(2024), date(2025, 1, 1));
    assert_eq!(county.obligations.len(), 2 * schedule.obligations.len());
}

#[test]
fn a_technician_joining_a_visit_is_credited_with_tech_join() {
    use OfficialRole::{Technician, Township};
    let units = [history("U1", UnitLevel::Two, false)];
    let records = [
        record("r1", "U1", TWN_VISIT, &[Township, Technician], date(2024, 3, 1)),
        record("r2", "U1", TECH_SERVICE, &[Technician], date(2024, 4, 1)),
    ];
    let schedule = run_default(&units, &records, year(2024), date(2025, 1, 1));
    let join = rows(&schedule, TECH_JOIN, Technician)[0];
    assert_eq!((join.status, join.records.clone()), (DutyStatus::Done, vec!["r1".to_string()]));
    assert_eq!(rows(&schedule, TECH_SERVICE, Technician)[0].records, ["r2"]);
    assert_eq!(rows(&schedule, TWN_VISIT, Township)[0].status, DutyStatus::Done);
}

#[test]
fn a_township_of_500_units_is_scheduled_from_indexed_records() {
    let units: Vec<UnitHistory> = (0..500)
        .map(|i| {
            let level = [UnitLevel::One, UnitLevel::Two, UnitLevel::Three][i % 3];
            history(&format!("U{i}"), level, i % 2 == 0)
        })
        .collect();
    let records: Vec<ActivityRecord> = units
        .iter()
        .flat_map(|unit| {
            (1..=12).map(move |m| {
                record(
                    &format!("{}-{m}", unit.unit_id),
                    &unit.unit_id,
                    TWN_SELF,
                    &[OfficialRole::Township],
                    date(2024, m, 5),
                )
            })
        })
        .collect();
    let schedule = run_default(&units, &records, year(2024), date(2025, 1, 1));
    let monthly: Vec<&Obligation> =
        schedule.obligations.iter().filter(|o| o.duty == TWN_SELF).collect();
    assert_eq!(monthly.len(), 500 * 12);
    assert!(monthly.iter().all(|o| o.status == DutyStatus::Done && o.records.len() == 1));
}

#[test]
fn schedules_round_trip_through_json() {
    let units = [history("U1", UnitLevel::Two, true)];
    let records = [record("r1", "U1", FIRE_VISIT, &[OfficialRole::FireOfficer], date(2024, 3, 1))];
    let schedule = run_default(&units, &records, year(2024), date(2024, 6, 1));
    let json = serde_json::to_string(&schedule).unwrap();
    assert_eq!(serde_json::from_str::<Schedule>(&json).unwrap(), schedule);
    assert!(json.contains(r#""period":"2024-H1""#));
}
