use super::*;
use crate::checklist::{MONTHLY_ITEMS, TWN_SELF};
use automerge::sync::{self, SyncDoc};

fn new_record() -> NewInspection {
    NewInspection {
        id: "4b0e7a52-3f0c-4c8e-9a51-0d2f4f1b9e01".into(),
        unit_id: "U001".into(),
        author: "wangfang".into(),
        date: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
        created_at_ms: 1_796_000_000_000,
        checklist: Checklist::monthly(),
    }
}

#[test]
fn a_new_record_reads_back_with_every_item_unanswered() {
    let mut doc = InspectionDoc::create(&new_record());
    let record = InspectionDoc::load(&doc.save()).unwrap().read().unwrap();

    assert_eq!(record.id, new_record().id);
    assert_eq!(record.unit_id, "U001");
    assert_eq!(record.activity, TWN_SELF);
    assert_eq!(record.date, new_record().date);
    assert_eq!(record.status, RecordStatus::Draft);
    assert_eq!(record.items.len(), MONTHLY_ITEMS.len());
    assert!(record.items.values().all(|e| e.result.is_none() && e.note.is_empty()));
    assert_eq!(record.validate(), Ok(()));
}

#[test]
fn edits_survive_save_and_load() {
    let mut doc = InspectionDoc::create(&new_record());
    doc.set_result("wiring", Some(ItemResult::Fail));
    doc.set_note("wiring", "二楼仓库私拉电线");
    doc.set_result("fire-lanes", Some(ItemResult::Pass));
    doc.set_result("fire-lanes", None);
    doc.set_suggestions("立即拆除私拉电线");

    let record = InspectionDoc::load(&doc.save()).unwrap().read().unwrap();
    assert_eq!(record.items["wiring"].result, Some(ItemResult::Fail));
    assert_eq!(record.items["wiring"].note, "二楼仓库私拉电线");
    assert_eq!(record.items["fire-lanes"].result, None);
    assert_eq!(record.suggestions, "立即拆除私拉电线");
    assert_eq!(record.tally(), (1, 1));
}

#[test]
fn a_submitted_record_must_be_complete() {
    let mut doc = InspectionDoc::create(&new_record());
    doc.set_status(RecordStatus::Submitted);
    let violations = doc.read().unwrap().validate().unwrap_err();
    assert_eq!(violations.len(), MONTHLY_ITEMS.len());
    assert!(matches!(&violations[0], Violation::Unanswered { item } if item == "fire-lanes"));

    for item in &MONTHLY_ITEMS {
        doc.set_result(item.id, Some(ItemResult::Pass));
    }
    doc.set_result("e-bikes", Some(ItemResult::Fail));
    let violations = doc.read().unwrap().validate().unwrap_err();
    assert_eq!(violations, vec![Violation::FailWithoutNote { item: "e-bikes".into() }]);

    doc.set_note("e-bikes", "楼道内充电");
    assert_eq!(doc.read().unwrap().validate(), Ok(()));
}

#[test]
fn validation_reports_every_broken_rule() {
    let mut record = InspectionDoc::create(&new_record()).read().unwrap();
    record.id = "not-a-uuid".into();
    record.unit_id = " ".into();
    record.activity = "XYZ".into();
    record.items.insert("ghost".into(), ItemEntry::default());
    record.items.get_mut("wiring").unwrap().note = "长".repeat(MAX_TEXT_CHARS + 1);

    let violations = record.validate().unwrap_err();
    assert!(violations.contains(&Violation::BadId));
    assert!(violations.contains(&Violation::EmptyField { field: "unit_id".into() }));
    assert!(violations.contains(&Violation::UnknownActivity { activity: "XYZ".into() }));
    assert!(violations.contains(&Violation::UnknownItem { item: "ghost".into() }));
    assert!(violations.contains(&Violation::TextTooLong { field: "wiring".into() }));
    for violation in &violations {
        assert!(!violation.message(Lang::Zh).is_empty());
        assert!(!violation.message(Lang::En).is_empty());
    }
}

#[test]
fn documents_that_are_not_inspections_are_refused() {
    assert!(matches!(InspectionDoc::load(b"garbage"), Err(SchemaError::Corrupt(_))));

    let mut other = AutoCommit::new();
    other.put(ROOT, "type", "notice-board").unwrap();
    assert_eq!(InspectionDoc::load(&other.save()).unwrap_err(), SchemaError::NotAnInspection);

    let mut doc = InspectionDoc::create(&new_record());
    doc.automerge().put(ROOT, "schema", 99_u64).unwrap();
    assert_eq!(InspectionDoc::load(&doc.save()).unwrap_err(), SchemaError::UnsupportedVersion(99));

    let mut doc = InspectionDoc::create(&new_record());
    doc.automerge().put(ROOT, "date", "3 Dec").unwrap();
    assert_eq!(InspectionDoc::load(&doc.save()).unwrap_err(), SchemaError::Invalid("date".into()));

    let mut doc = InspectionDoc::create(&new_record());
    let items = doc.automerge().get(ROOT, "items").unwrap().unwrap().1;
    let wiring = doc.automerge().get(&items, "wiring").unwrap().unwrap().1;
    doc.automerge().put(&wiring, "result", "maybe").unwrap();
    assert_eq!(
        InspectionDoc::load(&doc.save()).unwrap_err(),
        SchemaError::Invalid("items.wiring.result".into())
    );
}

/// Runs the sync protocol between two documents until neither has anything to send.
fn sync_pair(a: &mut InspectionDoc, b: &mut InspectionDoc) {
    let (mut sa, mut sb) = (sync::State::new(), sync::State::new());
    for _ in 0..10 {
        let to_b = a.automerge().sync().generate_sync_message(&mut sa);
        if let Some(message) = &to_b {
            b.automerge().sync().receive_sync_message(&mut sb, message.clone()).unwrap();
        }
        let to_a = b.automerge().sync().generate_sync_message(&mut sb);
        if let Some(message) = &to_a {
            a.automerge().sync().receive_sync_message(&mut sa, message.clone()).unwrap();
        }
        if to_a.is_none() && to_b.is_none() {
            return;
        }
    }
    panic!("sync did not settle");
}

#[test]
fn concurrent_edits_of_different_items_both_survive() {
    let mut phone = InspectionDoc::create(&new_record());
    let mut other = InspectionDoc::from_automerge(phone.automerge().fork());

    phone.set_result("wiring", Some(ItemResult::Fail));
    phone.set_note("wiring", "私拉电线");
    other.set_result("extinguishers", Some(ItemResult::Pass));
    other.set_note("wiring", "");
    other.set_result("wiring", None);
    other.set_note("e-bikes", "车棚充电桩正常");

    sync_pair(&mut phone, &mut other);
    let (a, b) = (phone.read().unwrap(), other.read().unwrap());
    assert_eq!(a, b);
    assert_eq!(a.items["extinguishers"].result, Some(ItemResult::Pass));
    assert_eq!(a.items["e-bikes"].note, "车棚充电桩正常");
    assert_eq!(phone.heads_hex(), other.heads_hex());
}

#[test]
fn uuid_check_accepts_only_the_canonical_form() {
    assert!(is_uuid("4b0e7a52-3f0c-4c8e-9a51-0d2f4f1b9e01"));
    assert!(!is_uuid("4b0e7a523f0c4c8e9a510d2f4f1b9e01"));
    assert!(!is_uuid("4b0e7a52-3f0c-4c8e-9a51-0d2f4f1b9e0g"));
    assert!(!is_uuid(""));
}

#[test]
fn a_snapshot_taken_between_edits_merges_back() {
    let mut doc = InspectionDoc::create(&new_record());
    doc.set_note("wiring", "first");
    let mut copy = doc.snapshot();
    doc.set_note("wiring", "second");
    copy.merge(doc.automerge()).expect("copies of one document merge");
    let merged = InspectionDoc::from_automerge(copy).read().unwrap();
    assert_eq!(merged.items["wiring"].note, "second");
}

fn plain_unit(level: crate::registry::UnitLevel) -> UnitTraits {
    UnitTraits {
        level,
        crowded_place: false,
        kind: crate::registry::UnitKind::Other,
        features: Default::default(),
    }
}

fn visit_record(template: &str, unit: &UnitTraits) -> InspectionDoc {
    let template = catalogue::template(template).unwrap();
    InspectionDoc::create(&NewInspection {
        checklist: Checklist::for_unit(template, unit),
        ..new_record()
    })
}

#[test]
fn a_visit_record_holds_its_templates_items_that_apply_to_the_unit() {
    let without_room = plain_unit(crate::registry::UnitLevel::One);
    let with_room = UnitTraits {
        features: crate::registry::UnitFeatures { control_room: true, ..Default::default() },
        ..without_room
    };

    let record = visit_record("fire-visit/1", &without_room).read().unwrap();
    assert_eq!(record.activity, crate::duty::FIRE_VISIT);
    assert_eq!(record.template, "fire-visit/1");
    assert!(record.items.contains_key("fire-lanes"));
    assert!(!record.items.contains_key("control-room-log"));
    assert_eq!(record.validate(), Ok(()));

    let record = visit_record("fire-visit/1", &with_room).read().unwrap();
    assert!(record.items.contains_key("control-room-log"));
}

#[test]
fn a_submitted_visit_record_answers_every_item_it_holds() {
    let mut doc = visit_record("pol-visit/1", &plain_unit(crate::registry::UnitLevel::Three));
    let held: Vec<String> = doc.read().unwrap().items.keys().cloned().collect();
    doc.set_status(RecordStatus::Submitted);
    let unanswered = doc.read().unwrap().validate().unwrap_err();
    assert_eq!(unanswered.len(), held.len());

    for id in &held {
        doc.set_result(id, Some(ItemResult::Pass));
    }
    assert_eq!(doc.read().unwrap().validate(), Ok(()));
}

#[test]
fn a_record_cannot_leave_out_an_item_that_applies_to_every_unit() {
    let mut empty = NewInspection { ..new_record() };
    empty.checklist.items.clear();
    let mut doc = InspectionDoc::create(&empty);
    doc.set_status(RecordStatus::Submitted);
    let violations = doc.read().unwrap().validate().unwrap_err();
    let missing: Vec<&str> = violations
        .iter()
        .filter_map(|v| match v {
            Violation::Unanswered { item } => Some(item.as_str()),
            _ => None,
        })
        .collect();
    let nine: Vec<&str> = MONTHLY_ITEMS.iter().map(|i| i.id).collect();
    assert_eq!(missing, nine);
}

#[test]
fn a_record_names_a_known_template_of_its_own_activity_and_only_its_items() {
    let mut record = InspectionDoc::create(&new_record()).read().unwrap();
    record.template = "twn-self/99".into();
    assert_eq!(
        record.validate(),
        Err(vec![Violation::UnknownTemplate { template: "twn-self/99".into() }])
    );

    let mut record = InspectionDoc::create(&new_record()).read().unwrap();
    record.activity = crate::duty::FIRE_VISIT.into();
    assert_eq!(
        record.validate(),
        Err(vec![Violation::UnknownActivity { activity: crate::duty::FIRE_VISIT.into() }])
    );

    // `daily-patrols` is in the catalogue and in other templates, not in the monthly one.
    let mut record = InspectionDoc::create(&new_record()).read().unwrap();
    record.items.insert("daily-patrols".into(), ItemEntry::default());
    assert_eq!(
        record.validate(),
        Err(vec![Violation::UnknownItem { item: "daily-patrols".into() }])
    );
}

#[test]
fn a_record_without_items_gives_an_account_of_the_activity() {
    let mut doc = visit_record("fire-teach/1", &plain_unit(crate::registry::UnitLevel::One));
    let record = doc.read().unwrap();
    assert_eq!(record.activity, crate::duty::FIRE_TEACH);
    assert!(record.items.is_empty());

    doc.set_status(RecordStatus::Submitted);
    assert_eq!(doc.read().unwrap().validate(), Err(vec![Violation::MissingAccount]));
    doc.set_suggestions("   ");
    assert_eq!(doc.read().unwrap().validate(), Err(vec![Violation::MissingAccount]));
    doc.set_suggestions("为指导组讲解消防安全检查要点，8人参加");
    assert_eq!(doc.read().unwrap().validate(), Ok(()));
}
