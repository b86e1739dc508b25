//! Sync protocol 2 through the router: digests, manifests, raw-change uploads, scopes
//! and device credentials.

use baolian_shared::sync::{DocMessage, heads_hash, scope_digest};

use super::*;
use crate::store::units::{self, NewUnit};

/// A unit of township T02 that no guidance group serves.
const LONELY_UNIT: &str = "UX01";

impl TestApp {
    fn add_lonely_unit(&self) {
        let unit = NewUnit {
            id: LONELY_UNIT,
            name: "无人包联的仓库",
            level: 2,
            crowded: false,
            township_id: "T02",
            address: "",
        };
        units::insert_if_missing(&self.store.lock(), &unit).unwrap();
    }

    /// Uploads a whole document as raw changes, with no digest, and returns the reply.
    async fn upload(&self, token: &str, doc: &mut InspectionDoc) -> baolian_shared::sync::DocReply {
        let id = doc.read().unwrap().id;
        let response = self.sync(token, &sync_request(&id, None, Some(doc.save()))).await;
        response.docs.into_iter().next().unwrap()
    }
}

fn digest_request(digest: String, want_manifest: bool) -> SyncRequest {
    SyncRequest { digest: Some(digest), want_manifest, ..request_of(Vec::new()) }
}

fn digest_of(docs: &mut [&mut InspectionDoc]) -> String {
    let mut entries: Vec<(String, String)> =
        docs.iter_mut().map(|d| (d.read().unwrap().id, heads_hash(&d.heads_hex()))).collect();
    entries.sort();
    scope_digest(entries.iter().map(|(id, hash)| (id.as_str(), hash.as_str())))
}

#[tokio::test]
async fn an_upload_of_raw_changes_is_acknowledged_in_one_round() {
    let app = TestApp::new();
    let token = app.login("wangfang").await;
    let mut doc = completed(RECORD_ID);

    let reply = app.upload(&token, &mut doc).await;
    assert_eq!(reply.error, None);
    assert_eq!(reply.heads, doc.heads_hex());

    // A later edit travels as only the changes after the acknowledged heads.
    let acked = doc.heads();
    doc.set_note("wiring", "已整改");
    let delta = doc.automerge().save_after(&acked);
    assert!(delta.len() < doc.save().len());
    let response = app.sync(&token, &sync_request(RECORD_ID, None, Some(delta))).await;
    assert_eq!(response.docs[0].heads, doc.heads_hex());
}

#[tokio::test]
async fn an_unchanged_device_settles_with_one_digest_round() {
    let app = TestApp::new();
    let token = app.login("wangfang").await;
    let mut doc = completed(RECORD_ID);
    app.upload(&token, &mut doc).await;

    let response = app.sync(&token, &digest_request(digest_of(&mut [&mut doc]), true)).await;
    assert_eq!(response.in_sync, Some(true));
    assert_eq!(response.manifest, None, "no manifest when the digests agree");
    assert!(response.docs.is_empty());

    let wrong = app.sync(&token, &digest_request(digest_of(&mut []), false)).await;
    assert_eq!(wrong.in_sync, Some(false));
    assert_eq!(wrong.manifest, None, "the manifest comes only when asked for");
}

#[tokio::test]
async fn a_device_missing_records_finds_them_in_the_manifest_and_fetches_them() {
    let app = TestApp::new();
    let author = app.login("wangfang").await;
    let mut doc = completed(RECORD_ID);
    app.upload(&author, &mut doc).await;

    // The fire officer of the same unit, on a fresh phone.
    let officer = app.login("lijun").await;
    let response = app.sync(&officer, &digest_request(digest_of(&mut []), true)).await;
    assert_eq!(response.in_sync, Some(false));
    let manifest = response.manifest.expect("a manifest");
    assert_eq!(manifest.len(), 1);
    assert_eq!(manifest[0].id, RECORD_ID);
    assert_eq!(manifest[0].heads, heads_hash(&doc.heads_hex()));

    let mut copy = AutoCommit::new();
    app.sync_doc(&officer, RECORD_ID, &mut copy).await;
    let mut copy = InspectionDoc::from_automerge(copy);
    assert_eq!(copy.read().unwrap(), doc.read().unwrap());
    let settled = app.sync(&officer, &digest_request(digest_of(&mut [&mut copy]), true)).await;
    assert_eq!(settled.in_sync, Some(true));
}

#[tokio::test]
async fn records_outside_the_scope_can_be_neither_written_nor_read() {
    let app = TestApp::new();
    app.add_lonely_unit();
    let official = app.login("wangfang").await;
    let mut outside = inspection("00000000-0000-4000-8000-00000000000a", "wangfang", LONELY_UNIT);
    let mut inside = completed(RECORD_ID);

    let docs = vec![
        DocMessage { id: outside.read().unwrap().id, message: None, changes: Some(outside.save()) },
        DocMessage { id: RECORD_ID.into(), message: None, changes: Some(inside.save()) },
    ];
    let response = app.sync(&official, &request_of(docs)).await;
    let codes: Vec<_> =
        response.docs.iter().map(|d| d.error.as_ref().map(|e| e.code.clone())).collect();
    assert_eq!(codes, [Some("record.out_of_scope".to_owned()), None], "the rest proceeds");

    // The county administrator may write it; the township centre of T01 can still not read it.
    let admin = app.login("admin").await;
    let id = outside.read().unwrap().id;
    let mut own = inspection(&id, "admin", LONELY_UNIT);
    assert_eq!(app.upload(&admin, &mut own).await.error, None);
    let centre = app.login("chenjing").await;
    let mut empty = AutoCommit::new();
    let message = empty.sync().generate_sync_message(&mut State::new()).unwrap();
    let response = app.sync(&centre, &sync_request(&id, Some(message.encode()), None)).await;
    assert_eq!(response.docs[0].error.as_ref().unwrap().code, "record.out_of_scope");
    let path = format!("/api/v1/inspections/{id}");
    let (status, _): (_, ErrorBody) = app.json(authorized(get(&path), &centre)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Listings follow the same scope.
    let listed = |token: String| {
        let app = &app;
        async move {
            let (_, list): (_, Vec<InspectionSummary>) =
                app.json(authorized(get("/api/v1/inspections"), &token)).await;
            list.into_iter().map(|r| r.id).collect::<Vec<_>>()
        }
    };
    assert!(listed(admin).await.contains(&id));
    let centre_list = listed(centre).await;
    assert!(!centre_list.contains(&id));
    assert!(centre_list.contains(&RECORD_ID.to_owned()), "the centre lists its township's records");
}

#[tokio::test]
async fn leaving_a_group_removes_the_units_records_from_the_next_manifest() {
    let app = TestApp::new();
    let author = app.login("wangfang").await;
    let mut doc = completed(RECORD_ID);
    app.upload(&author, &mut doc).await;

    let officer = app.login("lijun").await;
    let before = app.sync(&officer, &digest_request(String::new(), true)).await;
    assert_eq!(before.manifest.unwrap().len(), 1);

    // The officer left the group of U001 (the registry route replaces whole groups;
    // here only the one membership ends).
    let ended = app
        .store
        .lock()
        .execute(
            "UPDATE group_members SET until = '2000-01-01'
             WHERE unit_id = 'U001' AND official_id = 'O002'",
            [],
        )
        .unwrap();
    assert_eq!(ended, 1);
    let after = app.sync(&officer, &digest_request(String::new(), true)).await;
    assert_eq!(after.manifest.unwrap(), [], "the record left the officer's scope");
    let (_, units): (_, Vec<baolian_shared::api::UnitSummary>) =
        app.json(authorized(get("/api/v1/units"), &officer)).await;
    assert!(units.iter().all(|u| u.id != "U001"));
}

#[tokio::test]
async fn a_device_may_not_write_a_review_and_a_viewer_may_not_write_at_all() {
    let app = TestApp::new();
    let token = app.login("wangfang").await;
    let mut doc = completed(RECORD_ID);
    doc.set_review(&baolian_shared::review::Review {
        state: baolian_shared::review::ReviewState::Accepted,
        reason: String::new(),
        by: "wangfang".into(),
        at_ms: 1,
    });
    assert_eq!(app.upload(&token, &mut doc).await.error.unwrap().code, "record.forbidden");

    // A unit account writes only the signature of existing records (see `signature`).
    let unit = app.login("zhaomin").await;
    let mut doc = completed(RECORD_ID);
    assert_eq!(app.upload(&unit, &mut doc).await.error.unwrap().code, "record.forbidden");
}

#[tokio::test]
async fn a_revoked_device_is_refused_and_another_phone_keeps_working() {
    let app = TestApp::new();
    let lost = app.login("wangfang").await;
    let kept = app.login("wangfang").await;
    let device: String = app
        .store
        .lock()
        .query_row(
            "SELECT id FROM devices WHERE token_hash = ?1",
            [crate::auth::token_hash(&lost)],
            |row| row.get(0),
        )
        .unwrap();
    crate::store::devices::revoke(&app.store.lock(), &device, 1).unwrap();

    let request = authorized(post_json("/api/v1/sync", &request_of(Vec::new())), &lost);
    let (status, error): (_, ErrorBody) = app.json(request).await;
    assert_eq!((status, error.code.as_str()), (StatusCode::UNAUTHORIZED, "auth.device_revoked"));
    let response = app.sync(&kept, &request_of(Vec::new())).await;
    assert!(response.docs.is_empty());
}

#[tokio::test]
async fn every_change_is_kept_with_its_user_and_device() {
    let app = TestApp::new();
    let token = app.login("wangfang").await;
    let mut doc = completed(RECORD_ID);
    app.upload(&token, &mut doc).await;
    let acked = doc.heads();
    doc.set_suggestions("改为两周内整改");
    let delta = doc.automerge().save_after(&acked);
    app.sync(&token, &sync_request(RECORD_ID, None, Some(delta))).await;

    let history = crate::store::records::history(&app.store.lock(), RECORD_ID).unwrap();
    assert!(history.len() >= 2);
    assert!(history.iter().all(|c| c.username == "wangfang" && c.device_id.is_some()));
    let hashes: Vec<&str> = history.iter().map(|c| c.hash.as_str()).collect();
    for head in doc.heads_hex() {
        assert!(hashes.contains(&head.as_str()), "the last change {head} is in the history");
    }
}

#[tokio::test]
async fn a_credential_unused_for_half_a_year_has_expired() {
    let app = TestApp::new();
    let token = app.login("wangfang").await;
    let long_ago = crate::store::now_ms() - baolian_shared::api::DEVICE_IDLE_LIFETIME_MS - 1;
    app.store.lock().execute("UPDATE devices SET last_seen_ms = ?1", [long_ago]).unwrap();

    let request = authorized(post_json("/api/v1/sync", &request_of(Vec::new())), &token);
    let (status, error): (_, ErrorBody) = app.json(request).await;
    assert_eq!((status, error.code.as_str()), (StatusCode::UNAUTHORIZED, "auth.session_expired"));
}

mod garbage {
    //! Arbitrary bytes where automerge data belongs never panic the server and never
    //! disturb a valid document of the same round.

    use proptest::prelude::*;

    use super::*;
    use crate::scope::Scope;
    use crate::sync::{Peer, merge_round};

    fn peer_round(app: &TestApp, docs: Vec<DocMessage>) -> SyncResponse {
        let user =
            crate::store::accounts::find(&app.store.lock(), "wangfang").unwrap().unwrap().user;
        let scope = Scope::of(&user, crate::store::local_date(crate::store::now_ms()));
        let cache = app.store.docs();
        let peer =
            Peer { user: &user, device_id: "D-test", scope: &scope, now_ms: 1, cache: &cache };
        // The request carries no digest, so the round is all there is to answer.
        let (response, digest) =
            merge_round(&mut app.store.lock(), &peer, request_of(docs), Lang::En).unwrap();
        assert!(digest.is_none());
        response
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn random_bytes_are_refused_cleanly(
            changes in proptest::collection::vec(any::<u8>(), 0..300),
            message in proptest::collection::vec(any::<u8>(), 0..300),
        ) {
            // One database for every case keeps the test quick; the same good record
            // is re-sent each time, which must change nothing.
            static APP: std::sync::LazyLock<TestApp> = std::sync::LazyLock::new(TestApp::new);
            static GOOD: std::sync::LazyLock<(Vec<u8>, Vec<String>)> =
                std::sync::LazyLock::new(|| {
                    let mut good = completed(RECORD_ID);
                    (good.save(), good.heads_hex())
                });
            let (app, (good_bytes, good_heads)) = (&*APP, &*GOOD);
            let docs = vec![
                DocMessage {
                    id: "00000000-0000-4000-8000-0000000000ff".into(),
                    message: Some(message),
                    changes: Some(changes),
                },
                DocMessage { id: RECORD_ID.into(), message: None, changes: Some(good_bytes.clone()) },
            ];
            let response = peer_round(app, docs);
            prop_assert_eq!(response.docs.len(), 2);
            prop_assert_eq!(&response.docs[1].heads, good_heads);
            let listed = crate::store::records::list(&app.store.lock()).unwrap();
            prop_assert!(listed.iter().all(|r| r.id == RECORD_ID));
        }
    }
}

#[tokio::test]
async fn an_official_records_only_the_visits_of_their_own_role() {
    let app = TestApp::new();
    let township = app.login("wangfang").await;
    let fire_officer = app.login("lijun").await;
    const FIRE: &str = "00000000-0000-4000-8000-00000000f001";
    const MONTHLY: &str = "00000000-0000-4000-8000-00000000f002";
    const OWN_FIRE: &str = "00000000-0000-4000-8000-00000000f003";

    // The township member of U001's group owes no fire officer's visit.
    let reply = app.upload(&township, &mut fire_visit(FIRE, "wangfang", "U001")).await;
    assert_eq!(reply.error.map(|e| e.code).as_deref(), Some("record.wrong_activity"));
    assert!(reply.heads.is_empty());
    // Nor does the fire officer owe the township's monthly self-inspection.
    let reply = app.upload(&fire_officer, &mut inspection(MONTHLY, "lijun", "U001")).await;
    assert_eq!(reply.error.map(|e| e.code).as_deref(), Some("record.wrong_activity"));

    let mut own = fire_visit(OWN_FIRE, "lijun", "U001");
    let reply = app.upload(&fire_officer, &mut own).await;
    assert_eq!(reply.error, None);
    assert_eq!(reply.heads, own.heads_hex());

    let admin = app.login("admin").await;
    let (status, listed): (_, Vec<InspectionSummary>) =
        app.json(authorized(get("/api/v1/inspections"), &admin)).await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&str> = listed.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, [OWN_FIRE]);
}
