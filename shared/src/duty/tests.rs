use super::*;

/// One row of the duty table of `duties.md`.
type Row = (&'static str, &'static [OfficialRole], Frequency, Option<Frequency>, &'static str);

/// The table of `duties.md`: id, roles, minimum, crowded-place minimum, article.
#[test]
fn the_default_table_is_the_table_of_the_regulation() {
    use Frequency::*;
    use OfficialRole::*;
    let police: &[OfficialRole] = &[PoliceOfficer, FireClerk];
    let expected: [Row; 18] = [
        (IND_VISIT, &[Industry], PerHalfYear { min: 1 }, None, "8(2)"),
        (IND_MEET, &[Industry], PerHalfYear { min: 1 }, None, "8(3)"),
        (IND_PERIOD, &[Industry], EachKeyPeriod, None, "8(4)"),
        (TWN_SELF, &[Township], PerMonth { min: 1 }, None, "9(1)"),
        (TWN_VISIT, &[Township], PerQuarter { min: 1 }, None, "9(2)"),
        (TWN_EDU, &[Township], PerHalfYear { min: 1 }, None, "9(3)"),
        (TWN_DRILL, &[Township], PerYear { min: 1 }, None, "9(4)"),
        (FIRE_VISIT, &[FireOfficer], PerYear { min: 1 }, Some(PerHalfYear { min: 1 }), "10(1)"),
        (FIRE_PLAN, &[FireOfficer], AtLeastOnce, None, "10(2)"),
        (FIRE_TEACH, &[FireOfficer], AsNeeded, None, "10(3)"),
        (FIRE_TRAIN, &[FireOfficer], PerYear { min: 1 }, None, "10(4)"),
        (POL_VISIT, police, PerYear { min: 1 }, Some(PerHalfYear { min: 1 }), "11(1)"),
        (POL_PLAN, police, AtLeastOnce, None, "11(2)"),
        (POL_TEACH, police, AsNeeded, None, "11(3)"),
        (POL_TRAIN, police, PerYear { min: 1 }, None, "11(4)"),
        (TECH_SERVICE, &[Technician], PerContract, None, "12(1)"),
        (TECH_JOIN, &[Technician], WithVisits, None, "12(2)"),
        (TECH_TRAIN, &[Technician], AsNeeded, None, "12(3)"),
    ];
    let table = DutyTable::henan_default();
    assert_eq!(table.rules.len(), expected.len());
    for (rule, (id, roles, frequency, crowded, article)) in table.rules.iter().zip(expected) {
        assert_eq!(rule.id, id);
        assert_eq!(&*rule.roles, roles, "{id}");
        assert_eq!(rule.frequency, frequency, "{id}");
        assert_eq!(rule.crowded_frequency, crowded, "{id}");
        assert_eq!(rule.article, article, "{id}");
        assert!(rule.enabled);
        assert!(!rule.zh.is_empty() && !rule.en.is_empty());
    }
}

#[test]
fn fire_duties_apply_to_levels_1_and_2_and_police_duties_to_level_3() {
    let table = DutyTable::henan_default();
    for rule in &table.rules {
        let expected: &[UnitLevel] = if rule.id.starts_with("FIRE-") {
            &[UnitLevel::One, UnitLevel::Two]
        } else if rule.id.starts_with("POL-") {
            &[UnitLevel::Three]
        } else {
            UnitLevel::ALL
        };
        for &level in UnitLevel::ALL {
            assert_eq!(rule.applies_to(level), expected.contains(&level), "{} {level:?}", rule.id);
        }
    }
}

#[test]
fn a_crowded_place_owes_the_visits_of_art_10_and_11_every_half_year() {
    let table = DutyTable::henan_default();
    for id in [FIRE_VISIT, POL_VISIT] {
        let rule = table.get(id).unwrap();
        assert_eq!(rule.frequency_for(false), Frequency::PerYear { min: 1 });
        assert_eq!(rule.frequency_for(true), Frequency::PerHalfYear { min: 1 });
    }
    let drill = table.get(TWN_DRILL).unwrap();
    assert_eq!(drill.frequency_for(true), drill.frequency_for(false));
}

#[test]
fn art_15_a_county_can_change_or_disable_any_duty() {
    let default = DutyTable::henan_default();
    let county = default
        .with_overrides(&[
            DutyOverride {
                duty: TWN_VISIT.into(),
                frequency: Some(Frequency::PerMonth { min: 2 }),
                ..DutyOverride::default()
            },
            DutyOverride {
                duty: FIRE_VISIT.into(),
                crowded_frequency: Some(Frequency::PerQuarter { min: 1 }),
                ..DutyOverride::default()
            },
            DutyOverride {
                duty: TECH_TRAIN.into(),
                enabled: Some(false),
                ..DutyOverride::default()
            },
        ])
        .unwrap();

    assert_eq!(county.get(TWN_VISIT).unwrap().frequency, Frequency::PerMonth { min: 2 });
    assert_eq!(
        county.get(FIRE_VISIT).unwrap().frequency_for(true),
        Frequency::PerQuarter { min: 1 }
    );
    assert!(!county.get(TECH_TRAIN).unwrap().enabled);
    assert_eq!(county.enabled().count(), 17);
    // The provincial table is untouched.
    assert_eq!(default, DutyTable::henan_default());
}

#[test]
fn overrides_of_unknown_duties_or_zero_minimums_are_refused() {
    let table = DutyTable::henan_default();
    let unknown =
        DutyOverride { duty: "TWN-PARTY".into(), enabled: Some(false), ..DutyOverride::default() };
    assert_eq!(table.with_overrides(&[unknown]), Err(DutyError::UnknownDuty("TWN-PARTY".into())));
    let zero = DutyOverride {
        duty: TWN_SELF.into(),
        frequency: Some(Frequency::PerMonth { min: 0 }),
        ..DutyOverride::default()
    };
    assert_eq!(table.with_overrides(&[zero]), Err(DutyError::ZeroMinimum(TWN_SELF.into())));
    assert_eq!(DutyError::ZeroMinimum("X".into()).to_string(), "duty X has a minimum of zero");
}

#[test]
fn frequencies_count_in_their_periods() {
    assert_eq!(Frequency::PerMonth { min: 1 }.period_kind(), PeriodKind::Month);
    assert_eq!(Frequency::PerQuarter { min: 1 }.period_kind(), PeriodKind::Quarter);
    assert_eq!(Frequency::PerHalfYear { min: 1 }.period_kind(), PeriodKind::Half);
    assert_eq!(Frequency::AtLeastOnce.period_kind(), PeriodKind::Year);
    assert_eq!(Frequency::AtLeastOnce.minimum(), Some(1));
    for listed in [
        Frequency::AsNeeded,
        Frequency::EachKeyPeriod,
        Frequency::PerContract,
        Frequency::WithVisits,
    ] {
        assert_eq!(listed.minimum(), None);
        assert_eq!(listed.period_kind(), PeriodKind::Year);
    }
    assert_eq!(Frequency::PerHalfYear { min: 1 }.label(Lang::Zh), "每半年至少1次");
    assert_eq!(Frequency::PerMonth { min: 2 }.label(Lang::En), "at least 2 per month");
}

#[test]
fn settings_default_as_documented_and_read_partial_json() {
    let defaults = ScheduleSettings::default();
    assert!(defaults.joint_visit_satisfies_both);
    assert!(defaults.half_period_rule);
    assert!(defaults.warn_six_month_gap);
    assert_eq!(defaults.attributes_at, AttributeDate::PeriodStart);

    let stored: ScheduleSettings =
        serde_json::from_str(r#"{"half_period_rule":false,"attributes_at":"period-end"}"#).unwrap();
    assert!(!stored.half_period_rule);
    assert!(stored.joint_visit_satisfies_both);
    assert_eq!(stored.attributes_at, AttributeDate::PeriodEnd);
}

#[test]
fn the_table_and_overrides_round_trip_through_json() {
    let table = DutyTable::henan_default();
    let json = serde_json::to_string(&table).unwrap();
    assert_eq!(serde_json::from_str::<DutyTable>(&json).unwrap(), table);
    assert_eq!(
        serde_json::to_string(&Frequency::PerYear { min: 1 }).unwrap(),
        r#"{"every":"per-year","min":1}"#
    );
    let change: DutyOverride =
        serde_json::from_str(r#"{"duty":"TWN-EDU","frequency":{"every":"per-quarter","min":1}}"#)
            .unwrap();
    assert_eq!(change.frequency, Some(Frequency::PerQuarter { min: 1 }));
}
