use super::*;
use chrono::NaiveDate;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn unit(level: UnitLevel) -> KeyUnit {
    KeyUnit {
        id: "U001".into(),
        name: "金水商厦".into(),
        level,
        crowded_place: true,
        crowded_reason: "商场营业厅".into(),
        kind: UnitKind::Market,
        address: "郑州市金水区花园路1号".into(),
        location: Some(Location { lat: 34.77, lon: 113.68 }),
        county: "jinshui".into(),
        township_id: "T-huayuan".into(),
        police_station: "PS-huayuan".into(),
        fire_authority: "FA-jinshui".into(),
        industry_department: "commerce".into(),
        industry_tier: IndustryTier::County,
        industry_assignment: None,
        responsible_person: "李强".into(),
        manager: "赵敏".into(),
        commitment: "本单位承诺……".into(),
        features: UnitFeatures::default(),
    }
}

fn official(id: &str, role: OfficialRole) -> Official {
    let body = match role {
        OfficialRole::Industry => "commerce",
        OfficialRole::Township => "T-huayuan",
        OfficialRole::FireOfficer => "FA-jinshui",
        OfficialRole::PoliceOfficer => "PS-huayuan",
        OfficialRole::FireClerk => "PS-huayuan",
        OfficialRole::Technician => "安泰消防技术服务有限公司",
    };
    Official {
        id: id.into(),
        name: id.into(),
        body: body.into(),
        role,
        established: role.must_be_established(),
        phone: "13800000000".into(),
    }
}

/// One official per role, with ids named after the role.
fn officials() -> Vec<Official> {
    OfficialRole::ALL.iter().map(|&role| official(role.as_str(), role)).collect()
}

fn member(official_id: &str, role: OfficialRole) -> GroupMember {
    GroupMember {
        official_id: official_id.into(),
        role,
        assigned_on: date(2024, 10, 1),
        until: None,
    }
}

/// The complete group the level asks for.
fn group(level: UnitLevel) -> GuidanceGroup {
    GuidanceGroup {
        unit_id: "U001".into(),
        members: level.required_roles().iter().map(|&role| member(role.as_str(), role)).collect(),
    }
}

/// The day the groups are checked on.
fn on() -> NaiveDate {
    date(2025, 1, 1)
}

fn violations(group: &GuidanceGroup, unit: &KeyUnit) -> Vec<RegistryViolation> {
    group.validate(unit, &officials(), on()).err().unwrap_or_default()
}

#[test]
fn a_complete_group_of_each_level_is_valid() {
    for &level in UnitLevel::ALL {
        assert_eq!(group(level).validate(&unit(level), &officials(), on()), Ok(()));
    }
}

#[test]
fn art_2_groups_of_levels_1_and_2_have_four_members_and_level_3_five() {
    use OfficialRole::*;
    assert_eq!(UnitLevel::One.required_roles(), &[Industry, Township, FireOfficer, Technician]);
    assert_eq!(UnitLevel::Two.required_roles(), UnitLevel::One.required_roles());
    assert_eq!(
        UnitLevel::Three.required_roles(),
        &[Industry, Township, PoliceOfficer, FireClerk, Technician]
    );
}

#[test]
fn art_2_every_missing_role_is_named() {
    for &level in UnitLevel::ALL {
        for &role in level.required_roles() {
            let mut incomplete = group(level);
            incomplete.members.retain(|m| m.role != role);
            assert_eq!(
                violations(&incomplete, &unit(level)),
                vec![RegistryViolation::MissingRole { role, level }],
                "{level:?} without {role:?}"
            );
        }
    }
}

#[test]
fn art_2_a_level_3_group_has_no_fire_officer() {
    let mut with_fire = group(UnitLevel::Three);
    with_fire.members.push(member("fire-officer", OfficialRole::FireOfficer));
    assert_eq!(
        violations(&with_fire, &unit(UnitLevel::Three)),
        vec![RegistryViolation::RoleNotForLevel {
            official: "fire-officer".into(),
            role: OfficialRole::FireOfficer,
            level: UnitLevel::Three,
        }]
    );
}

#[test]
fn art_2_a_level_1_or_2_group_has_no_police_officer_or_fire_clerk() {
    for level in [UnitLevel::One, UnitLevel::Two] {
        for role in [OfficialRole::PoliceOfficer, OfficialRole::FireClerk] {
            let mut with_police = group(level);
            with_police.members.push(member(role.as_str(), role));
            assert_eq!(
                violations(&with_police, &unit(level)),
                vec![RegistryViolation::RoleNotForLevel {
                    official: role.as_str().into(),
                    role,
                    level,
                }]
            );
        }
    }
}

#[test]
fn art_2_a_role_is_held_by_one_official() {
    let mut officials = officials();
    officials.push(official("township-2", OfficialRole::Township));
    let mut doubled = group(UnitLevel::Two);
    doubled.members.push(member("township-2", OfficialRole::Township));

    let found = doubled.validate(&unit(UnitLevel::Two), &officials, on());
    assert_eq!(
        found,
        Err(vec![RegistryViolation::DuplicateRole {
            role: OfficialRole::Township,
            officials: vec!["township".into(), "township-2".into()],
        }])
    );
}

#[test]
fn art_3_industry_and_township_members_must_be_established() {
    for role in [OfficialRole::Industry, OfficialRole::Township] {
        let mut officials = officials();
        officials.iter_mut().find(|o| o.role == role).unwrap().established = false;
        let found = group(UnitLevel::One).validate(&unit(UnitLevel::One), &officials, on());
        assert_eq!(
            found,
            Err(vec![RegistryViolation::NotEstablished { official: role.as_str().into(), role }])
        );
    }
}

#[test]
fn art_3_other_roles_need_not_be_established() {
    let officials = officials();
    assert!(officials.iter().all(|o| o.established == o.role.must_be_established()));
    assert!(!OfficialRole::Technician.must_be_established());
    assert!(!OfficialRole::FireClerk.must_be_established());
    for &level in UnitLevel::ALL {
        assert_eq!(group(level).validate(&unit(level), &officials, on()), Ok(()));
    }
}

#[test]
fn art_3_the_lead_department_follows_the_level() {
    assert_eq!(lead_department(UnitLevel::One), LeadDepartment::FireAuthority);
    assert_eq!(lead_department(UnitLevel::Two), LeadDepartment::FireAuthority);
    assert_eq!(lead_department(UnitLevel::Three), LeadDepartment::Police);
    assert_eq!(unit(UnitLevel::Three).lead_department(), LeadDepartment::Police);
}

#[test]
fn art_3_each_body_names_one_accountable_leader() {
    let officials = officials();
    let leader = |body: &str, kind| BodyLeader {
        body: body.into(),
        body_kind: kind,
        name: "王伟".into(),
        post: "副局长".into(),
        phone: "13900000000".into(),
    };
    let mut leaders = vec![
        leader("commerce", BodyKind::IndustryDepartment),
        leader("T-huayuan", BodyKind::Township),
        leader("FA-jinshui", BodyKind::FireAuthority),
        leader("PS-huayuan", BodyKind::PoliceStation),
    ];
    assert_eq!(validate_body_leaders(&officials, &leaders), Ok(()));

    leaders.retain(|l| l.body != "PS-huayuan");
    leaders.push(leader("FA-jinshui", BodyKind::FireAuthority));
    assert_eq!(
        validate_body_leaders(&officials, &leaders),
        Err(vec![
            RegistryViolation::SeveralBodyLeaders { body: "FA-jinshui".into(), count: 2 },
            RegistryViolation::NoBodyLeader {
                body: "PS-huayuan".into(),
                kind: BodyKind::PoliceStation,
            },
        ])
    );
}

#[test]
fn art_4_a_county_assignment_must_give_its_reason() {
    let mut assigned = unit(UnitLevel::Two);
    assigned.industry_assignment =
        Some(IndustryAssignment { basis: AssignmentBasis::Nearest, reason: " ".into() });
    assert_eq!(
        assigned.validate(),
        Err(vec![RegistryViolation::AssignmentWithoutReason { unit: "U001".into() }])
    );

    assigned.industry_assignment = Some(IndustryAssignment {
        basis: AssignmentBasis::Nearest,
        reason: "金政〔2024〕12号：业务相近，由商务局分包".into(),
    });
    assert_eq!(assigned.validate(), Ok(()));
}

#[test]
fn art_4_and_5_members_come_from_the_bodies_of_the_unit() {
    let mut officials = officials();
    let industry = officials.iter_mut().find(|o| o.role == OfficialRole::Industry).unwrap();
    industry.body = "education".into();
    let found = group(UnitLevel::One).validate(&unit(UnitLevel::One), &officials, on());
    assert_eq!(
        found,
        Err(vec![RegistryViolation::WrongBody {
            official: "industry".into(),
            role: OfficialRole::Industry,
            body: "education".into(),
            expected: "commerce".into(),
        }])
    );

    // Art. 5: a department managed at city tier names its member from that tier; the
    // unit's record then names the city department, and the check follows it.
    let mut city = unit(UnitLevel::One);
    city.industry_department = "education".into();
    city.industry_tier = IndustryTier::City;
    assert_eq!(group(UnitLevel::One).validate(&city, &officials, on()), Ok(()));
}

#[test]
fn members_who_left_no_longer_count() {
    let mut replaced = group(UnitLevel::Two);
    replaced.members[0].until = Some(date(2024, 12, 1));
    let found = violations(&replaced, &unit(UnitLevel::Two));
    assert_eq!(
        found,
        vec![RegistryViolation::MissingRole {
            role: OfficialRole::Industry,
            level: UnitLevel::Two,
        }]
    );

    let mut successor = member("industry", OfficialRole::Industry);
    successor.assigned_on = date(2024, 12, 1);
    replaced.members.push(successor);
    assert_eq!(violations(&replaced, &unit(UnitLevel::Two)), vec![]);
}

#[test]
fn unknown_officials_wrong_roles_and_wrong_units_are_reported() {
    let mut odd = group(UnitLevel::One);
    odd.unit_id = "U999".into();
    odd.members[0].official_id = "ghost".into();
    odd.members[1].role = OfficialRole::Technician;
    let found = violations(&odd, &unit(UnitLevel::One));
    assert!(found.contains(&RegistryViolation::WrongUnit {
        group_unit: "U999".into(),
        unit: "U001".into()
    }));
    assert!(found.contains(&RegistryViolation::UnknownOfficial { official: "ghost".into() }));
    assert!(found.contains(&RegistryViolation::RoleMismatch {
        official: "township".into(),
        listed: OfficialRole::Technician,
        actual: OfficialRole::Township,
    }));
}

#[test]
fn unit_records_need_their_supervisor_and_reasons() {
    let mut blank = unit(UnitLevel::Three);
    blank.police_station = String::new();
    blank.crowded_reason = String::new();
    blank.location = Some(Location { lat: 134.0, lon: 0.0 });
    assert_eq!(
        blank.validate(),
        Err(vec![
            RegistryViolation::EmptyField { field: "police_station".into() },
            RegistryViolation::CrowdedWithoutReason { unit: "U001".into() },
            RegistryViolation::BadLocation { unit: "U001".into() },
        ])
    );
}

#[test]
fn messages_name_the_article_and_read_as_required() {
    let samples = [
        RegistryViolation::MissingRole { role: OfficialRole::FireOfficer, level: UnitLevel::One },
        RegistryViolation::RoleNotForLevel {
            official: "p1".into(),
            role: OfficialRole::PoliceOfficer,
            level: UnitLevel::Two,
        },
        RegistryViolation::DuplicateRole {
            role: OfficialRole::Township,
            officials: vec!["a".into(), "b".into()],
        },
        RegistryViolation::NotEstablished { official: "a".into(), role: OfficialRole::Industry },
        RegistryViolation::AssignmentWithoutReason { unit: "U1".into() },
        RegistryViolation::NoBodyLeader { body: "b".into(), kind: BodyKind::Township },
    ];
    for violation in &samples {
        let (zh, en) = (violation.message(Lang::Zh), violation.message(Lang::En));
        let article = violation.article().unwrap();
        assert!(en.starts_with(&format!("art. {article}")), "{en}");
        assert!(zh.starts_with(["第二条", "第三条", "第四条"][article as usize - 2]), "{zh}");
        assert!(!en.ends_with('.') && !zh.ends_with('。'), "{en}");
    }
    assert_eq!(
        samples[0].message(Lang::Zh),
        "第二条：一级重点单位的联合指导组缺少1名消防部门监督执法干部"
    );
    assert_eq!(
        samples[0].message(Lang::En),
        "art. 2: the guidance group of a level 1 unit has no fire supervision officer"
    );
}

#[test]
fn stable_ids_round_trip_and_match_serde() {
    fn check<T>(all: &[T], as_str: fn(T) -> &'static str, parse: fn(&str) -> Option<T>)
    where
        T: Copy + PartialEq + std::fmt::Debug + Serialize + for<'de> Deserialize<'de>,
    {
        for &value in all {
            assert_eq!(parse(as_str(value)), Some(value));
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(json, format!("\"{}\"", as_str(value)));
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value);
        }
        assert_eq!(parse("no-such-id"), None);
    }
    check(UnitLevel::ALL, UnitLevel::as_str, UnitLevel::parse);
    check(OfficialRole::ALL, OfficialRole::as_str, OfficialRole::parse);
    check(UnitKind::ALL, UnitKind::as_str, UnitKind::parse);
    check(AssignmentBasis::ALL, AssignmentBasis::as_str, AssignmentBasis::parse);
    check(IndustryTier::ALL, IndustryTier::as_str, IndustryTier::parse);
    check(BodyKind::ALL, BodyKind::as_str, BodyKind::parse);
    check(LeadDepartment::ALL, LeadDepartment::as_str, LeadDepartment::parse);

    for &role in OfficialRole::ALL {
        assert_ne!(role.label(Lang::Zh), role.label(Lang::En));
    }
}

#[test]
fn a_unit_round_trips_through_json() {
    let unit = unit(UnitLevel::One);
    let json = serde_json::to_string(&unit).unwrap();
    assert_eq!(serde_json::from_str::<KeyUnit>(&json).unwrap(), unit);
}
