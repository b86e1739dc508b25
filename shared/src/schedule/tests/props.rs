//! Property tests of the schedule engine.

use proptest::prelude::*;
use proptest::sample::{select, subsequence};

use super::*;

fn day(offset: i64) -> NaiveDate {
    date(2024, 1, 1) + chrono::Duration::days(offset)
}

fn arb_level() -> impl Strategy<Value = UnitLevel> {
    select(UnitLevel::ALL.to_vec())
}

fn arb_settings() -> impl Strategy<Value = ScheduleSettings> {
    (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(joint, half, gap, at_end)| ScheduleSettings {
            joint_visit_satisfies_both: joint,
            half_period_rule: half,
            warn_six_month_gap: gap,
            attributes_at: if at_end {
                AttributeDate::PeriodEnd
            } else {
                AttributeDate::PeriodStart
            },
        },
    )
}

/// A unit listed some time around 2024, possibly changing level or flag once.
fn arb_unit() -> impl Strategy<Value = UnitHistory> {
    let change = proptest::option::of((0..366i64, arb_level(), any::<bool>()));
    (arb_level(), any::<bool>(), -400..200i64, change).prop_map(
        |(level, crowded, listed, change)| {
            let mut unit = history("U1", level, crowded);
            unit.listed_on = day(listed);
            unit.attributes[0].from = day(listed);
            if let Some((offset, level, crowded_place)) = change {
                unit.attributes.push(UnitAttributes { from: day(offset), level, crowded_place });
            }
            unit
        },
    )
}

fn duty_ids() -> Vec<String> {
    DutyTable::henan_default().rules.iter().map(|r| r.id.to_string()).collect()
}

/// Records of any duty, by any roles in any order, during 2023–2025.
fn arb_records(max: usize) -> impl Strategy<Value = Vec<ActivityRecord>> {
    let one = (
        select(duty_ids()),
        subsequence(OfficialRole::ALL.to_vec(), 1..=3).prop_shuffle(),
        -365..730i64,
    );
    proptest::collection::vec(one, 0..max).prop_map(|list| {
        list.into_iter()
            .enumerate()
            .map(|(i, (duty, roles, offset))| {
                record(&format!("r{i:03}"), "U1", &duty, &roles, day(offset))
            })
            .collect()
    })
}

fn wide_range() -> DateRange {
    DateRange::new(date(2023, 7, 1), date(2025, 6, 30)).unwrap()
}

/// The UTC instant, in milliseconds, of midnight in China at the start of a date.
fn cst_midnight_ms(on: NaiveDate) -> i64 {
    on.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp_millis() - 8 * 3600 * 1000
}

proptest! {
    /// (i) Adding a record never makes any period's status worse.
    #[test]
    fn adding_a_record_never_makes_a_status_worse(
        unit in arb_unit(),
        records in arb_records(30),
        extra in arb_records(2),
        settings in arb_settings(),
        today in -100..800i64,
    ) {
        let duties = DutyTable::henan_default();
        let units = [unit];
        let before = run(&units, &records, &duties, settings, wide_range(), day(today));
        let mut more = records.clone();
        more.extend(extra.into_iter().map(|r| ActivityRecord { record_id: format!("x{}", r.record_id), ..r }));
        let after = run(&units, &more, &duties, settings, wide_range(), day(today));

        prop_assert_eq!(before.obligations.len(), after.obligations.len());
        for (old, new) in before.obligations.iter().zip(&after.obligations) {
            prop_assert_eq!((&old.duty, old.role, old.period), (&new.duty, new.role, new.period));
            prop_assert!(new.records.len() >= old.records.len());
            prop_assert!(
                new.status == old.status
                    || (new.status == DutyStatus::Done && old.status != DutyStatus::NotApplicable),
                "{} {} went from {:?} to {:?}", old.duty, old.period, old.status, new.status
            );
        }
    }

    /// (ii) Moving a record from 23:59:59 to 00:00:00 China time across a period
    /// boundary moves exactly one count from the period before to the period after.
    #[test]
    fn a_record_moved_across_midnight_moves_one_count(
        month in 2..=13u32,
        duty in select(duty_ids()),
        crowded in any::<bool>(),
        background in arb_records(20),
        settings in arb_settings(),
    ) {
        let boundary = if month == 13 { date(2025, 1, 1) } else { date(2024, month, 1) };
        let (late_ms, early_ms) = (cst_midnight_ms(boundary) - 1000, cst_midnight_ms(boundary));
        let (late, early) = (local_date(late_ms).unwrap(), local_date(early_ms).unwrap());
        prop_assert_eq!(late, boundary.pred_opt().unwrap());
        prop_assert_eq!(early, boundary);

        let duties = DutyTable::henan_default();
        let rule = duties.get(&duty).unwrap();
        let level = if rule.applies_to(UnitLevel::Two) { UnitLevel::Two } else { UnitLevel::Three };
        let role = rule.roles[0];
        let units = [history("U1", level, crowded)];
        let with = |on| {
            let mut records = background.clone();
            records.push(record("moved", "U1", &duty, &[role], on));
            run(&units, &records, &duties, settings, wide_range(), date(2026, 1, 1))
        };
        let (before, after) = (with(late), with(early));

        prop_assert_eq!(before.obligations.len(), after.obligations.len());
        for (old, new) in before.obligations.iter().zip(&after.obligations) {
            let moved = old.duty == duty && old.role == role && old.not_owed != Some(NotOwed::Level);
            let expected = if moved {
                i64::from(old.period.contains(early)) - i64::from(old.period.contains(late))
            } else {
                0
            };
            let change = new.records.len() as i64 - old.records.len() as i64;
            prop_assert_eq!(change, expected, "{} {:?} {}", old.duty, old.role, old.period);
        }
    }

    /// (iii) A level 3 unit never owes a fire officer's duty and a level 1–2 unit never
    /// owes a police duty, judged on the day the settings choose.
    #[test]
    fn fire_duties_are_owed_only_by_levels_1_2_and_police_duties_only_by_level_3(
        unit in arb_unit(),
        records in arb_records(30),
        settings in arb_settings(),
    ) {
        let duties = DutyTable::henan_default();
        let units = [unit];
        let schedule = run(&units, &records, &duties, settings, wide_range(), date(2025, 3, 1));
        for obligation in &schedule.obligations {
            let fire = obligation.duty.starts_with("FIRE-");
            let police = obligation.duty.starts_with("POL-");
            if obligation.status == DutyStatus::NotApplicable || !(fire || police) {
                continue;
            }
            let reference = match settings.attributes_at {
                AttributeDate::PeriodStart => obligation.period.start().max(units[0].listed_on),
                AttributeDate::PeriodEnd => obligation.period.end(),
            };
            let level = units[0].attributes_on(reference).unwrap().level;
            prop_assert_eq!(level.fire_supervised(), fire, "{} {}", obligation.duty, obligation.period);
            if units[0].attributes.len() == 1 {
                prop_assert_eq!(units[0].attributes[0].level.fire_supervised(), fire);
            }
        }
    }

    /// (iv) Under the joint-visit setting a record by the police officer and the fire
    /// clerk together counts for both, one by either alone only for its author; with the
    /// setting off, only the first listed is credited.
    #[test]
    fn joint_police_and_clerk_records_count_for_each_participant(
        crowded in any::<bool>(),
        visits in proptest::collection::vec((0..4usize, 0..366i64), 0..8),
        joint in any::<bool>(),
    ) {
        use OfficialRole::{FireClerk, PoliceOfficer};
        let combos: [&[OfficialRole]; 4] =
            [&[PoliceOfficer], &[FireClerk], &[PoliceOfficer, FireClerk], &[FireClerk, PoliceOfficer]];
        let records: Vec<ActivityRecord> = visits
            .iter()
            .enumerate()
            .map(|(i, &(combo, offset))| record(&format!("r{i}"), "U1", POL_VISIT, combos[combo], day(offset)))
            .collect();
        let settings = ScheduleSettings { joint_visit_satisfies_both: joint, ..ScheduleSettings::default() };
        let units = [history("U1", UnitLevel::Three, crowded)];
        let schedule = run(&units, &records, &DutyTable::henan_default(), settings, year(2024), date(2025, 1, 1));

        for role in [PoliceOfficer, FireClerk] {
            let periods = rows(&schedule, POL_VISIT, role);
            prop_assert_eq!(periods.len(), if crowded { 2 } else { 1 });
            for obligation in periods {
                let mut expected: Vec<&ActivityRecord> = records
                    .iter()
                    .filter(|r| obligation.period.contains(r.date))
                    .filter(|r| if joint {
                        r.officials.iter().any(|p| p.role == role)
                    } else {
                        r.officials[0].role == role
                    })
                    .collect();
                expected.sort_by_key(|r| (r.date, r.record_id.clone()));
                let ids: Vec<String> = expected.iter().map(|r| r.record_id.clone()).collect();
                prop_assert_eq!(&obligation.records, &ids);
                prop_assert_eq!(obligation.status == DutyStatus::Done, !ids.is_empty());
            }
        }
    }
}
