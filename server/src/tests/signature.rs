//! The unit's signature through the router: who may write it, the projection, and the
//! township centre's view of records changed after signing.

use baolian_shared::console::RecordConflicts;
use baolian_shared::signature::{SignerCapacity, UnitSignature, content_hash, encode_strokes};

use super::*;

impl TestApp {
    /// Sends the changes `doc` has beyond `heads` and returns the error code, if any.
    async fn push(
        &self,
        token: &str,
        doc: &mut InspectionDoc,
        heads: &[automerge::ChangeHash],
    ) -> Option<String> {
        let delta = doc.automerge().save_after(heads);
        let response = self.sync(token, &sync_request(RECORD_ID, None, Some(delta))).await;
        response.docs[0].error.as_ref().map(|e| e.code.clone())
    }

    fn projection(&self) -> (bool, bool) {
        self.store
            .lock()
            .query_row(
                "SELECT signed, changed_after_signing FROM records WHERE id = ?1",
                [RECORD_ID],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .unwrap()
    }

    async fn record(&self, token: &str) -> baolian_shared::Inspection {
        let path = format!("/api/v1/inspections/{RECORD_ID}");
        let (status, detail): (_, InspectionDetail) =
            self.json(authorized(get(&path), token)).await;
        assert_eq!(status, StatusCode::OK);
        detail.record
    }
}

fn signature_of(doc: &InspectionDoc) -> UnitSignature {
    UnitSignature {
        signer: "张伟".into(),
        capacity: SignerCapacity::ResponsiblePerson,
        signed_at_ms: 1_764_730_000_000,
        content_hash: content_hash(&doc.read().unwrap()),
        strokes: encode_strokes(&[vec![(10, 10), (40, 30), (80, 12)]]),
    }
}

/// wangfang's submitted record, stored on the server; returns the document.
async fn stored(app: &TestApp, official: &str) -> InspectionDoc {
    let mut doc = completed(RECORD_ID);
    assert_eq!(app.push(official, &mut doc, &[]).await, None);
    doc
}

#[tokio::test]
async fn the_manager_signs_on_the_officials_phone() {
    let app = TestApp::new();
    let official = app.login("wangfang").await;
    let mut doc = stored(&app, &official).await;
    assert_eq!(app.projection(), (false, false));

    let heads = doc.heads();
    let signature = signature_of(&doc);
    doc.sign(&signature).unwrap();
    assert_eq!(app.push(&official, &mut doc, &heads).await, None);

    assert_eq!(app.projection(), (true, false));
    let record = app.record(&official).await;
    assert_eq!(record.signature.as_ref(), Some(&signature));
    assert_eq!(content_hash(&record), signature.content_hash);
}

#[tokio::test]
async fn a_draft_signed_anyway_is_refused() {
    let app = TestApp::new();
    let official = app.login("wangfang").await;
    let mut doc = inspection(RECORD_ID, "wangfang", "U001");
    assert_eq!(app.push(&official, &mut doc, &[]).await, None);

    let heads = doc.heads();
    doc.set_status(RecordStatus::Submitted);
    let signature = signature_of(&doc);
    doc.sign(&signature).unwrap();
    doc.set_status(RecordStatus::Draft);
    assert_eq!(app.push(&official, &mut doc, &heads).await.as_deref(), Some("record.invalid"));
    assert_eq!(app.projection(), (false, false));
}

#[tokio::test]
async fn a_unit_account_writes_only_the_signature_of_its_own_records() {
    let app = TestApp::new();
    let official = app.login("wangfang").await;
    stored(&app, &official).await;

    // The unit's own account fetches the record and signs it.
    let unit = app.login("zhaomin").await;
    let mut copy = AutoCommit::new();
    app.sync_doc(&unit, RECORD_ID, &mut copy).await;
    let mut copy = InspectionDoc::from_automerge(copy);
    let heads = copy.heads();

    let mut meddled = InspectionDoc::from_automerge(copy.automerge().fork());
    meddled.set_note("wiring", "单位改的");
    meddled.sign(&signature_of(&meddled)).unwrap();
    assert_eq!(app.push(&unit, &mut meddled, &heads).await.as_deref(), Some("record.forbidden"));
    assert_eq!(app.projection(), (false, false));

    copy.sign(&signature_of(&copy)).unwrap();
    assert_eq!(app.push(&unit, &mut copy, &heads).await, None);
    assert_eq!(app.projection(), (true, false));
    assert_eq!(app.record(&official).await.signature.unwrap().signer, "张伟");

    // A unit never creates a record, not even a signed one.
    let mut own = completed("00000000-0000-4000-8000-00000000000b");
    own.sign(&signature_of(&own)).unwrap();
    let request = sync_request("00000000-0000-4000-8000-00000000000b", None, Some(own.save()));
    let response = app.sync(&unit, &request).await;
    assert_eq!(response.docs[0].error.as_ref().unwrap().code, "record.forbidden");
}

#[tokio::test]
async fn a_change_after_signing_is_kept_and_shown_to_the_centre() {
    let app = TestApp::new();
    let login = app.enrol("wangfang").await;
    let official = login.token;
    let mut doc = stored(&app, &official).await;
    let heads = doc.heads();
    let signature = signature_of(&doc);
    doc.sign(&signature).unwrap();
    app.push(&official, &mut doc, &heads).await;

    let centre = app.login("chenjing").await;
    let (_, listed): (_, Vec<RecordConflicts>) =
        app.json(authorized(get("/api/v1/console/conflicts"), &centre)).await;
    assert!(listed.is_empty(), "a record still covered by its signature is not listed");

    let heads = doc.heads();
    doc.set_note("wiring", "签字后改的");
    assert_eq!(app.push(&official, &mut doc, &heads).await, None, "the change is kept");
    assert_eq!(app.projection(), (true, true));
    let record = app.record(&official).await;
    assert_eq!(record.items["wiring"].note, "签字后改的");

    let (status, listed): (_, Vec<RecordConflicts>) =
        app.json(authorized(get("/api/v1/console/conflicts"), &centre)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert!(listed[0].record.signed && listed[0].record.changed_after_signing);
    assert!(listed[0].fields.is_empty());
    let mismatch = listed[0].signature.as_ref().expect("the signature mismatch");
    assert_eq!(mismatch.signer, "张伟");
    assert_eq!(mismatch.signed_hash, signature.content_hash);
    assert_eq!(mismatch.current_hash, content_hash(&record));
    assert_eq!(mismatch.changes_after.len(), 1, "{:?}", mismatch.changes_after);
    let change = &mismatch.changes_after[0];
    assert_eq!(change.username, "wangfang");
    assert_eq!(change.device_id.as_deref(), Some(login.device_id.as_str()));

    // Writing the signed content back makes the signature cover the record again.
    let heads = doc.heads();
    doc.set_note("wiring", "二楼私拉电线");
    app.push(&official, &mut doc, &heads).await;
    assert_eq!(app.projection(), (true, false));
}
