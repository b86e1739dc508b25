use super::*;
use crate::inspection::{Checklist, InspectionDoc, NewInspection, Violation};
use crate::{ItemResult, MONTHLY_ITEMS, RecordStatus};
use chrono::NaiveDate;

fn submitted() -> InspectionDoc {
    let mut doc = InspectionDoc::create(&NewInspection {
        id: "4b0e7a52-3f0c-4c8e-9a51-0d2f4f1b9e01".into(),
        unit_id: "U001".into(),
        author: "wangfang".into(),
        date: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
        created_at_ms: 1_796_000_000_000,
        checklist: Checklist::monthly(),
    });
    for item in &MONTHLY_ITEMS {
        doc.set_result(item.id, Some(ItemResult::Pass));
    }
    doc.set_status(RecordStatus::Submitted);
    doc
}

fn signature_of(doc: &InspectionDoc) -> UnitSignature {
    UnitSignature {
        signer: "张伟".into(),
        capacity: SignerCapacity::Manager,
        signed_at_ms: 1_796_000_100_000,
        content_hash: content_hash(&doc.read().unwrap()),
        strokes: encode_strokes(&[vec![(1, 2), (3, 4), (500, 60_000)], vec![(7, 8)]]),
    }
}

#[test]
fn strokes_round_trip_and_bad_encodings_are_refused() {
    let strokes = vec![vec![(0, 0), (10, 20)], vec![(u16::MAX, 1)]];
    let bytes = encode_strokes(&strokes);
    assert_eq!(bytes.len(), 1 + 2 + 8 + 2 + 4);
    assert_eq!(decode_strokes(&bytes), Some(strokes));
    assert_eq!(decode_strokes(&encode_strokes(&[Vec::new()])), Some(Vec::new()));

    assert_eq!(decode_strokes(&[]), None);
    assert_eq!(decode_strokes(&[2]), None, "unknown version");
    assert_eq!(decode_strokes(&bytes[..bytes.len() - 1]), None, "truncated");
    assert_eq!(decode_strokes(&[STROKES_VERSION, 0, 0]), None, "empty stroke");
}

#[test]
fn a_new_record_is_unsigned_and_a_signature_reads_back() {
    let mut doc = submitted();
    assert_eq!(doc.read().unwrap().signature, None);
    assert_eq!(
        read_signature(&InspectionDoc::load(&doc.save()).unwrap().into_automerge()),
        Ok(None)
    );

    let signature = signature_of(&doc);
    doc.sign(&signature).unwrap();
    let loaded = InspectionDoc::load(&doc.save()).unwrap();
    let record = loaded.read().unwrap();
    assert_eq!(record.signature.as_ref(), Some(&signature));
    assert!(signature.covers(&record));
    assert_eq!(record.validate(), Ok(()));
    assert_eq!(read_signature(&loaded.into_automerge()), Ok(Some(signature)));
}

#[test]
fn a_draft_cannot_be_signed() {
    let mut doc = submitted();
    let signature = signature_of(&doc);
    doc.set_status(RecordStatus::Draft);
    assert_eq!(doc.sign(&signature), Err(Violation::SignedDraft));
    assert_eq!(doc.read().unwrap().signature, None);

    // A device that writes the keys anyway makes an invalid record.
    write_signature(doc.automerge(), Some(&signature)).unwrap();
    let violations = doc.read().unwrap().validate().unwrap_err();
    assert!(violations.contains(&Violation::SignedDraft), "{violations:?}");
    assert!(!Violation::SignedDraft.message(Lang::Zh).is_empty());
}

#[test]
fn a_signature_needs_a_name_and_a_drawing() {
    let mut doc = submitted();
    let mut signature = signature_of(&doc);
    signature.strokes = encode_strokes(&[]);
    doc.sign(&signature).unwrap();
    let violations = doc.read().unwrap().validate().unwrap_err();
    assert_eq!(violations, vec![Violation::SignatureIncomplete]);
}

#[test]
fn the_hash_covers_the_content_but_not_the_review_or_the_signature() {
    let mut doc = submitted();
    let signed = content_hash(&doc.read().unwrap());
    assert_eq!(signed.len(), 64);

    doc.sign(&signature_of(&doc)).unwrap();
    doc.set_review(&crate::review::Review {
        state: crate::review::ReviewState::Accepted,
        reason: String::new(),
        by: "chenjing".into(),
        at_ms: 5,
    });
    let record = doc.read().unwrap();
    assert_eq!(content_hash(&record), signed);
    assert!(record.signature.as_ref().unwrap().covers(&record));

    // A later content change is kept, but the signature no longer covers it.
    doc.set_note("wiring", "签字后补充");
    let record = doc.read().unwrap();
    assert_ne!(content_hash(&record), signed);
    assert!(!record.signature.as_ref().unwrap().covers(&record));
    assert_eq!(record.validate(), Ok(()), "a mismatch is not an error");
}

#[test]
fn the_hash_tells_fields_apart() {
    let mut a = submitted();
    let mut b = submitted();
    a.set_note("wiring", "ab");
    a.set_suggestions("");
    b.set_note("wiring", "a");
    b.set_suggestions("b");
    assert_ne!(content_hash(&a.read().unwrap()), content_hash(&b.read().unwrap()));
}

#[test]
fn the_signing_change_separates_later_changes() {
    let mut doc = submitted();
    assert_eq!(signing_change(doc.automerge()), None);
    doc.automerge().commit();
    doc.sign(&signature_of(&doc)).unwrap();
    let heads = doc.heads();
    let signing = signing_change(doc.automerge()).expect("a signing change");
    assert_eq!(heads, vec![signing]);

    doc.set_note("wiring", "之后");
    let later = doc.automerge().get_changes(&[signing]);
    assert_eq!(later.len(), 1);
    assert_eq!(signing_change(doc.automerge()), Some(signing));
}

#[test]
fn a_record_of_schema_2_reads_unsigned() {
    let mut doc = submitted();
    for key in [
        "signature_signer",
        "signature_capacity",
        "signature_at_ms",
        "signature_hash",
        "signature_strokes",
    ] {
        doc.automerge().delete(ROOT, key).unwrap();
    }
    doc.automerge().put(ROOT, "schema", 2_u64).unwrap();
    let record = InspectionDoc::load(&doc.save()).unwrap().read().unwrap();
    assert_eq!(record.signature, None);
}

#[test]
fn the_signature_serialises_with_its_capacity_in_snake_case() {
    let json = serde_json::to_value(SignerCapacity::ResponsiblePerson).unwrap();
    assert_eq!(json, "responsible_person");
    assert_eq!(SignerCapacity::parse("manager"), Some(SignerCapacity::Manager));
    assert_eq!(SignerCapacity::Manager.label(Lang::Zh), "消防安全管理人");
}
