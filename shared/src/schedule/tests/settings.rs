//! Tests of the settings that answer the regulation's open questions: joint visits,
//! mid-period starts, the six-month gap, and changes of level or crowded flag.

use super::*;

#[test]
fn joint_police_and_clerk_visits_satisfy_both_and_solo_visits_one() {
    use OfficialRole::{FireClerk, PoliceOfficer};
    let units = [history("U1", UnitLevel::Three, false)];
    let status = |records: &[ActivityRecord], settings, role| {
        let schedule = run(
            &units,
            records,
            &DutyTable::henan_default(),
            settings,
            year(2024),
            date(2025, 1, 1),
        );
        rows(&schedule, POL_VISIT, role)[0].status
    };
    let joint = [record("r1", "U1", POL_VISIT, &[FireClerk, PoliceOfficer], date(2024, 6, 1))];
    let solo = [record("r1", "U1", POL_VISIT, &[PoliceOfficer], date(2024, 6, 1))];
    let on = ScheduleSettings::default();
    let off = ScheduleSettings { joint_visit_satisfies_both: false, ..on };

    assert_eq!(status(&joint, on, PoliceOfficer), DutyStatus::Done);
    assert_eq!(status(&joint, on, FireClerk), DutyStatus::Done);
    assert_eq!(status(&solo, on, PoliceOfficer), DutyStatus::Done);
    assert_eq!(status(&solo, on, FireClerk), DutyStatus::Overdue);
    // Off: only the author, the first listed, is credited.
    assert_eq!(status(&joint, off, FireClerk), DutyStatus::Done);
    assert_eq!(status(&joint, off, PoliceOfficer), DutyStatus::Overdue);
}

#[test]
fn a_unit_listed_part_way_owes_the_period_only_with_half_of_it_left() {
    let listed =
        |on: NaiveDate| UnitHistory { listed_on: on, ..history("U1", UnitLevel::Two, false) };
    let march = |unit: UnitHistory, settings| {
        let schedule =
            run(&[unit], &[], &DutyTable::henan_default(), settings, year(2024), date(2025, 1, 1));
        let monthly = rows(&schedule, TWN_SELF, OfficialRole::Township);
        assert_eq!(monthly[0].period, Period::Month(2024, 3), "nothing owed before listing");
        (monthly[0].status, monthly[0].not_owed)
    };
    let on = ScheduleSettings::default();
    // March has 31 days: listed on the 16th leaves 16, on the 17th 15.
    assert_eq!(march(listed(date(2024, 3, 16)), on), (DutyStatus::Overdue, None));
    assert_eq!(
        march(listed(date(2024, 3, 17)), on),
        (DutyStatus::NotApplicable, Some(NotOwed::PartPeriod))
    );
    let off = ScheduleSettings { half_period_rule: false, ..on };
    assert_eq!(march(listed(date(2024, 3, 31)), off), (DutyStatus::Overdue, None));

    // The year's drill is owed by a unit listed on 1 July (184 of 366 days left), not by
    // one listed on 3 July.
    for (day, owed_drill) in [(1, true), (3, false)] {
        let schedule =
            run_default(&[listed(date(2024, 7, day))], &[], year(2024), date(2025, 1, 1));
        let drill = rows(&schedule, TWN_DRILL, OfficialRole::Township)[0];
        assert_eq!(drill.status != DutyStatus::NotApplicable, owed_drill, "listed 2024-07-{day}");
    }
}

#[test]
fn a_role_assigned_late_owes_from_its_first_member() {
    let units = [history("U1", UnitLevel::Three, false)];
    let mut groups = vec![group(&units[0])];
    for member in &mut groups[0].members {
        if member.role == OfficialRole::PoliceOfficer {
            member.assigned_on = date(2024, 10, 1);
        }
    }
    let duties = DutyTable::henan_default();
    let scheduler = Scheduler::new(&units, &groups, &[], &duties, ScheduleSettings::default());
    let schedule = scheduler.unit("U1", year(2024), date(2025, 1, 1));
    let police = rows(&schedule, POL_VISIT, OfficialRole::PoliceOfficer)[0];
    assert_eq!(police.not_owed, Some(NotOwed::PartPeriod));
    let clerk = rows(&schedule, POL_VISIT, OfficialRole::FireClerk)[0];
    assert_eq!(clerk.status, DutyStatus::Overdue);
}

#[test]
fn a_delisted_unit_owes_nothing_after_it_leaves() {
    let unit = UnitHistory {
        delisted_on: Some(date(2024, 4, 10)),
        ..history("U1", UnitLevel::Two, false)
    };
    let schedule = run_default(&[unit], &[], year(2024), date(2025, 1, 1));
    let monthly = rows(&schedule, TWN_SELF, OfficialRole::Township);
    // April: covered 9 of 30 days, so not owed; nothing after.
    assert_eq!(monthly.len(), 4);
    assert_eq!(monthly[3].not_owed, Some(NotOwed::PartPeriod));
}

#[test]
fn consecutive_half_yearly_visits_more_than_six_months_apart_are_flagged() {
    use OfficialRole::FireOfficer;
    let crowded = [history("U1", UnitLevel::Two, true)];
    let visits = |second: NaiveDate| {
        [
            record("r1", "U1", FIRE_VISIT, &[FireOfficer], date(2024, 1, 10)),
            record("r2", "U1", FIRE_VISIT, &[FireOfficer], second),
        ]
    };
    let gaps = |units: &[UnitHistory], second, settings| {
        let schedule = run(
            units,
            &visits(second),
            &DutyTable::henan_default(),
            settings,
            year(2024),
            date(2025, 1, 1),
        );
        schedule
            .warnings
            .into_iter()
            .filter(|w| matches!(w, ScheduleWarning::SixMonthGap { .. }))
            .collect::<Vec<_>>()
    };
    let on = ScheduleSettings::default();

    assert_eq!(
        gaps(&crowded, date(2024, 7, 11), on),
        [ScheduleWarning::SixMonthGap {
            unit_id: "U1".into(),
            duty: FIRE_VISIT.into(),
            role: FireOfficer,
            previous: ("r1".into(), date(2024, 1, 10)),
            next: ("r2".into(), date(2024, 7, 11)),
        }]
    );
    assert_eq!(gaps(&crowded, date(2024, 7, 10), on), []);
    let off = ScheduleSettings { warn_six_month_gap: false, ..on };
    assert_eq!(gaps(&crowded, date(2024, 7, 11), off), []);
    // A yearly visit (not a crowded place) is not held to six months.
    assert_eq!(gaps(&[history("U1", UnitLevel::Two, false)], date(2024, 12, 1), on), []);
}

#[test]
fn a_change_of_level_takes_effect_from_the_next_period_by_default() {
    let mut unit = history("U1", UnitLevel::Two, false);
    unit.attributes.push(UnitAttributes {
        from: date(2024, 5, 1),
        level: UnitLevel::Three,
        crowded_place: false,
    });
    let range = DateRange::new(date(2024, 1, 1), date(2025, 12, 31)).unwrap();
    let owed_in = |settings, duty, role| {
        let schedule = run(
            &[unit.clone()],
            &[],
            &DutyTable::henan_default(),
            settings,
            range,
            date(2026, 1, 1),
        );
        owed(&schedule, duty, role)
    };
    use OfficialRole::{FireOfficer, PoliceOfficer};

    let start = ScheduleSettings::default();
    assert_eq!(owed_in(start, FIRE_VISIT, FireOfficer), [Period::Year(2024)]);
    assert_eq!(owed_in(start, POL_VISIT, PoliceOfficer), [Period::Year(2025)]);

    let end = ScheduleSettings { attributes_at: AttributeDate::PeriodEnd, ..start };
    assert_eq!(owed_in(end, FIRE_VISIT, FireOfficer), []);
    assert_eq!(owed_in(end, POL_VISIT, PoliceOfficer), [Period::Year(2024), Period::Year(2025)]);
}

#[test]
fn becoming_a_crowded_place_adds_half_yearly_visits_from_the_next_half() {
    let mut unit = history("U1", UnitLevel::One, false);
    unit.attributes.push(UnitAttributes {
        from: date(2024, 4, 1),
        level: UnitLevel::One,
        crowded_place: true,
    });
    let schedule = run_default(&[unit], &[], year(2024), date(2025, 1, 1));
    // The year opened with a yearly visit owed; the half-year from July is owed too.
    assert_eq!(
        owed(&schedule, FIRE_VISIT, OfficialRole::FireOfficer),
        [Period::Year(2024), Period::Half(2024, 2)]
    );
}
