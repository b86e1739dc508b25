//! Router tests without a socket: the real application on a temporary SQLite database.

use automerge::AutoCommit;
use automerge::sync::{Message, State, SyncDoc};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use baolian_shared::api::{ErrorBody, InspectionDetail, InspectionSummary, LoginResponse};
use baolian_shared::catalogue::{self, UnitTraits};
use baolian_shared::error::Lang;
use baolian_shared::inspection::{Checklist, NewInspection, heads_to_hex};
use baolian_shared::registry::UnitLevel;
use baolian_shared::sync::{DocMessage, PROTOCOL_VERSION, SyncRequest, SyncResponse};
use baolian_shared::{InspectionDoc, ItemResult, MONTHLY_ITEMS, RecordStatus};
use chrono::NaiveDate;
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use tower::ServiceExt;

use crate::store::{Store, local_date, now_ms};

mod console;
use crate::{AppState, app, demo};

const RECORD_ID: &str = "6f1c2b8e-4d3a-4b5c-9e7f-112233445566";

mod signature;
mod sync;

struct TestApp {
    router: Router,
    store: Store,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// The demo registry and accounts without their history, so each test starts with
    /// no records.
    fn new() -> TestApp {
        TestApp::with(demo::History::None)
    }

    /// The demo with a year of records up to today.
    fn with_history() -> TestApp {
        TestApp::with(demo::History::Year)
    }

    fn with(history: demo::History) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("data")).unwrap();
        demo::load_on(&mut store.lock(), local_date(now_ms()), history).unwrap();
        let assets = dir.path().join("dist");
        std::fs::create_dir_all(&assets).unwrap();
        std::fs::write(assets.join("index.html"), "<!doctype html><title>包联</title>").unwrap();
        std::fs::write(assets.join("baolian_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        TestApp { router: app(AppState { store: store.clone(), assets }), store, _dir: dir }
    }

    async fn send(&self, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
        (status, headers, body)
    }

    async fn json<T: DeserializeOwned>(&self, request: Request<Body>) -> (StatusCode, T) {
        let (status, _, body) = self.send(request).await;
        let value = serde_json::from_slice(&body)
            .unwrap_or_else(|e| panic!("{status}: {e}: {}", String::from_utf8_lossy(&body)));
        (status, value)
    }

    async fn login(&self, username: &str) -> String {
        self.enrol(username).await.token
    }

    /// Logs in as a new device and returns its credential and id.
    async fn enrol(&self, username: &str) -> LoginResponse {
        let body = serde_json::json!({ "username": username, "password": demo::DEMO_PASSWORD });
        let (status, login): (_, LoginResponse) =
            self.json(post_json("/api/v1/login", &body)).await;
        assert_eq!(status, StatusCode::OK);
        login
    }

    async fn sync(&self, token: &str, request: &SyncRequest) -> SyncResponse {
        let (status, response) =
            self.json(authorized(post_json("/api/v1/sync", request), token)).await;
        assert_eq!(status, StatusCode::OK);
        response
    }

    /// Runs the device side of the protocol to the end, as the PWA does.
    async fn sync_doc(&self, token: &str, id: &str, doc: &mut AutoCommit) -> SyncResponse {
        let mut state = State::new();
        let mut last = None;
        for _ in 0..8 {
            let Some(message) = doc.sync().generate_sync_message(&mut state) else {
                break;
            };
            let request = sync_request(id, Some(message.encode()), None);
            let response = self.sync(token, &request).await;
            if let Some(bytes) = &response.docs[0].message {
                let reply = Message::decode(bytes).unwrap();
                doc.sync().receive_sync_message(&mut state, reply).unwrap();
            }
            last = Some(response);
        }
        last.expect("at least one round")
    }
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

fn post_json(path: &str, body: &impl serde::Serialize) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_vec(body).unwrap()))
        .unwrap()
}

fn post_raw(path: &str, body: &'static str) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap()
}

fn authorized(mut request: Request<Body>, token: &str) -> Request<Body> {
    let value = format!("Bearer {token}").parse().unwrap();
    request.headers_mut().insert(header::AUTHORIZATION, value);
    request
}

fn sync_request(id: &str, message: Option<Vec<u8>>, changes: Option<Vec<u8>>) -> SyncRequest {
    request_of(vec![DocMessage { id: id.into(), message, changes }])
}

fn request_of(docs: Vec<DocMessage>) -> SyncRequest {
    SyncRequest {
        protocol: PROTOCOL_VERSION,
        docs,
        digest: None,
        want_manifest: false,
        pending_changes: 0,
        app_version: String::new(),
    }
}

fn new_inspection(id: &str, author: &str, unit: &str) -> NewInspection {
    NewInspection {
        id: id.into(),
        unit_id: unit.into(),
        author: author.into(),
        date: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
        created_at_ms: 1_764_720_000_000,
        checklist: Checklist::monthly(),
    }
}

fn inspection(id: &str, author: &str, unit: &str) -> InspectionDoc {
    InspectionDoc::create(&new_inspection(id, author, unit))
}

/// A fire officer's visit (FIRE-VISIT) to a unit without special premises, every item
/// passed, submitted.
fn fire_visit(id: &str, author: &str, unit: &str) -> InspectionDoc {
    let template = catalogue::template("fire-visit/1").unwrap();
    let traits = UnitTraits {
        level: UnitLevel::One,
        crowded_place: false,
        kind: Default::default(),
        features: Default::default(),
    };
    let mut doc = InspectionDoc::create(&NewInspection {
        checklist: Checklist::for_unit(template, &traits),
        ..new_inspection(id, author, unit)
    });
    let held: Vec<String> = doc.read().unwrap().items.into_keys().collect();
    for item in held {
        doc.set_result(&item, Some(ItemResult::Pass));
    }
    doc.set_status(RecordStatus::Submitted);
    doc
}

fn completed(id: &str) -> InspectionDoc {
    let mut doc = inspection(id, "wangfang", "U001");
    for item in MONTHLY_ITEMS {
        doc.set_result(item.id, Some(ItemResult::Pass));
    }
    doc.set_result("wiring", Some(ItemResult::Fail));
    doc.set_note("wiring", "二楼私拉电线");
    doc.set_suggestions("本周内整改");
    doc.set_status(RecordStatus::Submitted);
    doc
}

#[tokio::test]
async fn health_answers_once_the_database_is_open() {
    let app = TestApp::new();
    let (status, _, body) = app.send(get("/healthz")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, b"ok");
}

#[tokio::test]
async fn the_pwa_is_served_with_its_content_types() {
    let app = TestApp::new();
    let (status, headers, _) = app.send(get("/baolian_bg.wasm")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");

    let (status, headers, body) = app.send(get("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    assert!(String::from_utf8(body).unwrap().contains("包联"));

    // Any other path opens the app, so a deep link works.
    let (status, _, body) = app.send(get("/inspection/123")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(String::from_utf8(body).unwrap().contains("包联"));
}

#[tokio::test]
async fn login_checks_the_password() {
    let app = TestApp::new();
    let token = app.login("wangfang").await;
    assert_eq!(token.len(), 64);

    let wrong = serde_json::json!({ "username": "wangfang", "password": "nope" });
    let (status, body): (_, ErrorBody) = app.json(post_json("/api/v1/login", &wrong)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body.code, "auth.invalid_credentials");
    assert_eq!(body.message, "用户名或密码错误");

    let unknown = serde_json::json!({ "username": "nobody", "password": demo::DEMO_PASSWORD });
    let (status, body): (_, ErrorBody) = app.json(post_json("/api/v1/login", &unknown)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body.code, "auth.invalid_credentials");
}

#[tokio::test]
async fn errors_speak_the_language_asked_for() {
    let app = TestApp::new();
    let mut request = get("/api/v1/units");
    request.headers_mut().insert(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.8".parse().unwrap());
    let (status, body): (_, ErrorBody) = app.json(request).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body.code, "auth.required");
    assert_eq!(body.message, "please log in first");

    let (_, body): (_, ErrorBody) = app.json(get("/api/v1/units")).await;
    assert_eq!(body.message, "请先登录");
}

#[tokio::test]
async fn the_api_needs_a_live_session() {
    let app = TestApp::new();
    let (status, body): (_, ErrorBody) =
        app.json(authorized(get("/api/v1/inspections"), "forged")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body.code, "auth.required");

    let token = app.login("wangfang").await;
    let (status, units): (_, Vec<baolian_shared::api::UnitSummary>) =
        app.json(authorized(get("/api/v1/units"), &token)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(units.iter().any(|u| u.id == "U001" && u.name == "新华百货商场"));
}

#[tokio::test]
async fn an_unknown_api_path_is_a_json_not_found() {
    let app = TestApp::new();
    let (status, body): (_, ErrorBody) = app.json(get("/api/v1/nothing-here")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body.code, "not_found");
}

#[tokio::test]
async fn a_record_synced_from_a_device_is_stored_and_listed() {
    let app = TestApp::new();
    let token = app.login("wangfang").await;
    let mut doc = completed(RECORD_ID);
    let local_heads = doc.heads_hex();

    let last = app.sync_doc(&token, RECORD_ID, doc.automerge()).await;
    assert_eq!(last.docs[0].error, None);
    assert_eq!(last.docs[0].heads, local_heads, "the server acknowledges the device's heads");

    let (status, list): (_, Vec<InspectionSummary>) =
        app.json(authorized(get("/api/v1/inspections"), &token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].id.as_str(), list[0].unit_id.as_str()), (RECORD_ID, "U001"));
    assert_eq!(list[0].status, RecordStatus::Submitted);
    assert_eq!((list[0].answered, list[0].failed), (9, 1));

    let path = format!("/api/v1/inspections/{RECORD_ID}");
    let (status, detail): (_, InspectionDetail) = app.json(authorized(get(&path), &token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(detail.record, doc.read().unwrap());
    assert_eq!(detail.heads, local_heads);
}

#[tokio::test]
async fn edits_from_two_devices_merge_on_the_server() {
    let app = TestApp::new();
    let token = app.login("wangfang").await;
    let mut phone = inspection(RECORD_ID, "wangfang", "U001");
    app.sync_doc(&token, RECORD_ID, phone.automerge()).await;

    // A second device of the same official starts from the server's copy.
    let mut tablet = AutoCommit::new();
    app.sync_doc(&token, RECORD_ID, &mut tablet).await;
    let mut tablet = InspectionDoc::from_automerge(tablet);
    assert_eq!(tablet.read().unwrap().id, RECORD_ID);

    phone.set_result("fire-lanes", Some(ItemResult::Pass));
    tablet.set_note("wiring", "配电箱未上锁");
    app.sync_doc(&token, RECORD_ID, phone.automerge()).await;
    app.sync_doc(&token, RECORD_ID, tablet.automerge()).await;

    let path = format!("/api/v1/inspections/{RECORD_ID}");
    let (_, detail): (_, InspectionDetail) = app.json(authorized(get(&path), &token)).await;
    assert_eq!(detail.record.items["fire-lanes"].result, Some(ItemResult::Pass));
    assert_eq!(detail.record.items["wiring"].note, "配电箱未上锁");
}

#[tokio::test]
async fn a_device_with_nothing_new_changes_nothing() {
    let app = TestApp::new();
    let token = app.login("wangfang").await;
    let mut doc = completed(RECORD_ID);
    app.sync_doc(&token, RECORD_ID, doc.automerge()).await;

    // A fresh sync state, as after a lost answer: the same message twice is harmless.
    let message = doc.automerge().sync().generate_sync_message(&mut State::new()).unwrap();
    let request = sync_request(RECORD_ID, Some(message.encode()), None);
    let first = app.sync(&token, &request).await;
    let second = app.sync(&token, &request).await;
    assert_eq!(first, second);
    assert_eq!(first.docs[0].heads, heads_to_hex(&doc.heads()));
}

#[tokio::test]
async fn an_invalid_record_is_refused_and_the_rest_of_the_round_proceeds() {
    let app = TestApp::new();
    let token = app.login("wangfang").await;

    // Submitted with every item unanswered: breaks the completeness rules.
    let bad_id = "00000000-0000-4000-8000-000000000001";
    let mut bad = inspection(bad_id, "wangfang", "U001");
    bad.set_status(RecordStatus::Submitted);
    let mut good = completed(RECORD_ID);
    let mut other = inspection("00000000-0000-4000-8000-000000000002", "lijun", "U001");
    let mut unknown_unit = inspection("00000000-0000-4000-8000-000000000003", "wangfang", "U999");

    // Whole documents are sent at once, as changes after the server's empty heads.
    let mut docs = Vec::new();
    for doc in [&mut bad, &mut good, &mut other, &mut unknown_unit] {
        let id = doc.read().unwrap().id;
        let mut state = State::new();
        let automerge = doc.automerge();
        let _ = automerge.sync().generate_sync_message(&mut state);
        // Pretend the server said it has nothing, so the next message carries changes.
        let empty = AutoCommit::new().sync().generate_sync_message(&mut State::new()).unwrap();
        automerge.sync().receive_sync_message(&mut state, empty).unwrap();
        let message = automerge.sync().generate_sync_message(&mut state).unwrap();
        docs.push(DocMessage { id, message: Some(message.encode()), changes: None });
    }
    docs.push(DocMessage { id: "not-a-uuid".into(), message: Some(vec![1, 2, 3]), changes: None });
    let bad_message = "00000000-0000-4000-8000-000000000004";
    docs.push(DocMessage { id: bad_message.into(), message: Some(vec![0x42, 7]), changes: None });
    let bad_changes = "00000000-0000-4000-8000-000000000005";
    docs.push(DocMessage {
        id: bad_changes.into(),
        message: None,
        changes: Some(vec![0x85, 1, 2]),
    });

    let mut request = authorized(post_json("/api/v1/sync", &request_of(docs)), &token);
    request.headers_mut().insert(header::ACCEPT_LANGUAGE, "en".parse().unwrap());
    let (status, response): (_, SyncResponse) = app.json(request).await;
    assert_eq!(status, StatusCode::OK);
    let codes: Vec<Option<&str>> =
        response.docs.iter().map(|d| d.error.as_ref().map(|e| e.code.as_str())).collect();
    assert_eq!(
        codes,
        [
            Some("record.invalid"),
            None,
            Some("record.forbidden"),
            Some("record.unknown_unit"),
            Some("sync.bad_document_id"),
            Some("sync.bad_message"),
            Some("sync.bad_message"),
        ]
    );
    let invalid = response.docs[0].error.as_ref().unwrap();
    assert_eq!(invalid.message, "the record is not valid");
    assert_eq!(invalid.details.len(), MONTHLY_ITEMS.len(), "{:?}", invalid.details);
    assert_eq!(response.docs[1].heads, good.heads_hex());

    let (_, list): (_, Vec<InspectionSummary>) =
        app.json(authorized(get("/api/v1/inspections"), &token)).await;
    let ids: Vec<&str> = list.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, [RECORD_ID], "only the valid record is stored");
}

#[tokio::test]
async fn malformed_sync_requests_get_stable_codes() {
    let app = TestApp::new();
    let token = app.login("wangfang").await;
    let cases: [(&'static str, StatusCode, &str); 4] = [
        ("{\"protocol\":2,\"docs\":[", StatusCode::BAD_REQUEST, "request.malformed"),
        (
            "{\"protocol\":2,\"docs\":[{\"id\":\"a\",\"message\":\"!!\"}]}",
            StatusCode::BAD_REQUEST,
            "request.malformed",
        ),
        ("{\"protocol\":99,\"docs\":[]}", StatusCode::BAD_REQUEST, "sync.unsupported_protocol"),
        ("[1,2,3]", StatusCode::BAD_REQUEST, "request.malformed"),
    ];
    for (body, expected_status, expected_code) in cases {
        let (status, error): (_, ErrorBody) =
            app.json(authorized(post_raw("/api/v1/sync", body), &token)).await;
        assert_eq!((status, error.code.as_str()), (expected_status, expected_code), "{body}");
    }

    let docs = (0..=baolian_shared::sync::MAX_DOCS_PER_REQUEST)
        .map(|i| DocMessage { id: format!("{i}"), message: None, changes: None })
        .collect();
    let request = request_of(docs);
    let (status, error): (_, ErrorBody) =
        app.json(authorized(post_json("/api/v1/sync", &request), &token)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error.code, "sync.too_many_documents");

    let huge = vec![b'x'; crate::routes::MAX_BODY_BYTES + 1];
    let request = Request::post("/api/v1/sync")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(huge))
        .unwrap();
    let (status, error): (_, ErrorBody) = app.json(authorized(request, &token)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error.code, "request.too_large");
}

#[tokio::test]
async fn an_unknown_record_is_not_found() {
    let app = TestApp::new();
    let token = app.login("wangfang").await;
    let path = format!("/api/v1/inspections/{RECORD_ID}");
    let (status, error): (_, ErrorBody) = app.json(authorized(get(&path), &token)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error.code, "not_found");
}

fn put_json(path: &str, body: &impl serde::Serialize) -> Request<Body> {
    Request::put(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_vec(body).unwrap()))
        .unwrap()
}

fn english(mut request: Request<Body>) -> Request<Body> {
    request.headers_mut().insert(header::ACCEPT_LANGUAGE, "en".parse().unwrap());
    request
}

mod import;
mod registry;
mod schedule;
