use super::*;
use crate::checklist::{MONTHLY_ITEMS, TWN_SELF, TWN_SELF_TEMPLATE};
use crate::duty::{DutyTable, FIRE_VISIT, POL_VISIT};
use crate::registry::{IndustryTier, UnitFeatures, UnitLevel};

fn unit(level: UnitLevel, crowded: bool, features: UnitFeatures) -> KeyUnit {
    KeyUnit {
        id: "U001".into(),
        name: "测试单位".into(),
        level,
        crowded_place: crowded,
        crowded_reason: if crowded { "营业厅".into() } else { String::new() },
        kind: UnitKind::Other,
        address: String::new(),
        location: None,
        county: "c".into(),
        township_id: "t".into(),
        police_station: "p".into(),
        fire_authority: "f".into(),
        industry_department: "i".into(),
        industry_tier: IndustryTier::County,
        industry_assignment: None,
        responsible_person: String::new(),
        manager: String::new(),
        commitment: String::new(),
        features,
    }
}

#[test]
fn ids_are_unique_and_templates_resolve() {
    let catalogue = Catalogue::henan();
    for item in &catalogue.items {
        let same = catalogue.items.iter().filter(|other| other.id == item.id).count();
        assert_eq!(same, 1, "duplicate item {}", item.id);
        assert!(!item.roles.is_empty(), "{} is checked by nobody", item.id);
        assert!(!item.pass_zh.is_empty() && !item.pass_en.is_empty(), "{}", item.id);
    }
    let duties = DutyTable::henan_default();
    for template in &catalogue.templates {
        assert_eq!(catalogue.template(&template.id), Some(template));
        assert_eq!(super::template(&template.id), Some(template));
        assert_eq!(template_version(&template.id), Some(template.version));
        assert!(duties.get(&template.activity).is_some(), "{}", template.activity);
        for id in template.items.iter() {
            assert!(catalogue.item(id).is_some(), "{} names unknown {id}", template.id);
        }
    }
}

#[test]
fn every_item_of_a_template_is_checked_by_a_role_that_owes_the_activity() {
    let catalogue = Catalogue::henan();
    let duties = DutyTable::henan_default();
    for template in &catalogue.templates {
        let owing = &duties.get(&template.activity).unwrap().roles;
        for id in template.items.iter() {
            let item = catalogue.item(id).unwrap();
            assert!(
                item.roles.iter().any(|role| owing.contains(role)),
                "{} in {} is not checked by {owing:?}",
                item.id,
                template.id
            );
        }
    }
}

#[test]
fn the_monthly_template_is_the_nine_items_of_art_9_1_with_their_stored_ids() {
    let template = template(TWN_SELF_TEMPLATE).unwrap();
    assert_eq!(template.id, "twn-self/1");
    assert_eq!(template.activity, TWN_SELF);
    let ids: Vec<&str> = template.items.iter().map(|id| &**id).collect();
    assert_eq!(
        ids,
        [
            "fire-lanes",
            "evacuation-routes",
            "safety-exits",
            "indoor-hydrants",
            "evacuation-signs",
            "emergency-lighting",
            "extinguishers",
            "wiring",
            "e-bikes"
        ]
    );
    for monthly in &MONTHLY_ITEMS {
        let item = item(monthly.id).unwrap();
        assert_eq!((&*item.zh, &*item.en), (monthly.zh, monthly.en));
        assert_eq!(item.condition, Condition::Always);
        assert!(item.roles.contains(&OfficialRole::Township));
    }
    let plain = unit(UnitLevel::Three, false, UnitFeatures::default());
    assert_eq!(template.items_for(&Catalogue::henan(), &UnitTraits::from(&plain)).len(), 9);
}

#[test]
fn items_apply_only_where_their_condition_holds() {
    let catalogue = Catalogue::henan();
    let visit = catalogue.latest(FIRE_VISIT).unwrap();
    let plain = unit(UnitLevel::Two, false, UnitFeatures::default());
    let equipped = unit(
        UnitLevel::Two,
        true,
        UnitFeatures {
            control_room: true,
            mini_fire_station: true,
            gas: true,
            ..UnitFeatures::default()
        },
    );
    let ids = |unit: &KeyUnit| -> Vec<String> {
        visit
            .items_for(&catalogue, &UnitTraits::from(unit))
            .iter()
            .map(|i| i.id.to_string())
            .collect()
    };
    let (plain_ids, equipped_ids) = (ids(&plain), ids(&equipped));
    for conditional in
        ["control-room-staffing", "window-obstacles", "gas-safety", "mini-station-readiness"]
    {
        assert!(!plain_ids.iter().any(|id| id == conditional), "{conditional}");
        assert!(equipped_ids.iter().any(|id| id == conditional), "{conditional}");
    }
    assert_eq!(equipped_ids.len(), visit.items.len());

    let care = KeyUnit { kind: UnitKind::ElderlyCare, ..plain.clone() };
    assert!(Condition::CareFacility.holds(&UnitTraits::from(&care)));
    assert!(!Condition::CareFacility.holds(&UnitTraits::from(&plain)));
    assert!(Condition::FireSupervised.holds(&UnitTraits::from(&plain)));
    assert!(!Condition::PoliceSupervised.holds(&UnitTraits::from(&plain)));
    let level_3 = unit(UnitLevel::Three, false, UnitFeatures::default());
    assert!(Condition::PoliceSupervised.holds(&UnitTraits::from(&level_3)));
}

#[test]
fn a_new_template_version_leaves_the_old_one_and_its_items_readable() {
    let mut catalogue = Catalogue::henan();
    catalogue
        .add_item(CheckItem {
            id: "sockets".into(),
            category: Category::Electrical,
            zh: "插座、插排无过载".into(),
            en: "Sockets and power strips not overloaded".into(),
            pass_zh: "现场无串接插排".into(),
            pass_en: "No daisy-chained power strips".into(),
            roles: vec![OfficialRole::Township].into(),
            condition: Condition::Always,
        })
        .unwrap();
    // Version 2 replaces "wiring" with "sockets".
    let mut items: Vec<Cow<'static, str>> = template(TWN_SELF_TEMPLATE).unwrap().items.to_vec();
    items.retain(|id| id != "wiring");
    items.push("sockets".into());
    catalogue
        .add_template(Template {
            id: "twn-self/2".into(),
            activity: TWN_SELF.into(),
            version: 2,
            items: items.into(),
        })
        .unwrap();

    assert_eq!(catalogue.latest(TWN_SELF).unwrap().id, "twn-self/2");
    let old = catalogue.template("twn-self/1").unwrap();
    assert!(old.items.iter().any(|id| id == "wiring"));
    assert!(catalogue.template("twn-self/2").unwrap().items.iter().all(|id| id != "wiring"));
    // A record made with version 1 still reads every one of its items.
    for id in old.items.iter() {
        assert!(catalogue.item(id).is_some(), "{id}");
    }
    assert_eq!(catalogue.item("wiring").unwrap().zh, "无私拉乱接电线");
}

#[test]
fn templates_and_items_are_never_redefined() {
    let mut catalogue = Catalogue::henan();
    let again = catalogue.item("wiring").unwrap().clone();
    assert_eq!(catalogue.add_item(again), Err(CatalogueError::DuplicateItem("wiring".into())));
    let v1 = catalogue.template("twn-self/1").unwrap().clone();
    assert_eq!(
        catalogue.add_template(v1.clone()),
        Err(CatalogueError::DuplicateTemplate("twn-self/1".into()))
    );
    let mismatched = Template { id: "twn-self/3".into(), version: 4, ..v1.clone() };
    assert_eq!(
        catalogue.add_template(mismatched),
        Err(CatalogueError::BadTemplateId("twn-self/3".into()))
    );
    let unknown = Template {
        id: "twn-self/5".into(),
        version: 5,
        items: vec![Cow::Borrowed("ghost")].into(),
        ..v1
    };
    assert_eq!(
        catalogue.add_template(unknown),
        Err(CatalogueError::UnknownItem { template: "twn-self/5".into(), item: "ghost".into() })
    );
    assert_eq!(template_version("twn-self"), None);
    assert_eq!(template_version("/1"), None);
}

#[test]
fn the_catalogue_round_trips_through_json() {
    let catalogue = Catalogue::henan();
    let json = serde_json::to_string(&catalogue).unwrap();
    assert_eq!(serde_json::from_str::<Catalogue>(&json).unwrap(), catalogue);
    assert!(catalogue.latest(POL_VISIT).is_some());
    assert_eq!(Category::parse(Category::EBikes.as_str()), Some(Category::EBikes));
}

#[test]
fn each_role_records_the_visits_of_its_own_duties() {
    use crate::duty::TWN_VISIT;

    let table = DutyTable::henan_default();
    let activities = |role, level| -> Vec<String> {
        activities_for(&table, role, level).iter().map(|(duty, _)| duty.id.to_string()).collect()
    };

    // Every duty of every role has a template, so each can be recorded on the phone.
    for role in OfficialRole::ALL {
        for level in [UnitLevel::One, UnitLevel::Three] {
            let owed: Vec<String> = table
                .enabled()
                .filter(|d| d.roles.contains(role) && d.applies_to(level))
                .map(|d| d.id.to_string())
                .collect();
            assert_eq!(activities(*role, level), owed, "{role:?} at {level:?}");
        }
    }

    let township = activities(OfficialRole::Township, UnitLevel::Two);
    assert_eq!(township[..2], [TWN_SELF.to_string(), TWN_VISIT.to_string()]);
    let fire = activities(OfficialRole::FireOfficer, UnitLevel::One);
    assert_eq!(fire, [FIRE_VISIT, "FIRE-PLAN", "FIRE-TEACH", "FIRE-TRAIN"]);
    assert!(activities(OfficialRole::FireOfficer, UnitLevel::Three).is_empty());
    let police = activities(OfficialRole::PoliceOfficer, UnitLevel::Three);
    assert_eq!(police, [POL_VISIT, "POL-PLAN", "POL-TEACH", "POL-TRAIN"]);
    assert!(activities(OfficialRole::PoliceOfficer, UnitLevel::One).is_empty());
    for (duty, template) in activities_for(&table, OfficialRole::Industry, UnitLevel::One) {
        assert_eq!(template.activity, duty.id);
    }

    let mut off = table.clone();
    off.rules.iter_mut().filter(|r| r.id == FIRE_VISIT).for_each(|r| r.enabled = false);
    let left = activities_for(&off, OfficialRole::FireOfficer, UnitLevel::One);
    assert!(left.iter().all(|(duty, _)| duty.id != FIRE_VISIT));
}
