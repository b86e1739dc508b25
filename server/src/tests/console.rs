//! Router tests of the township centre's console: devices, reviews, conflicts, history
//! and month closing, with every refusal.

use automerge::AutoCommit;
use axum::http::StatusCode;
use baolian_shared::InspectionDoc;
use baolian_shared::api::{ErrorBody, InspectionDetail};
use baolian_shared::conflict::conflicts;
use baolian_shared::console::{
    ChangeEntry, ConsoleRecord, DeviceSummary, MonthLedger, RecordConflicts,
};
use baolian_shared::inspection::Inspection;
use baolian_shared::review::ReviewState;
use baolian_shared::sync::{SyncRequest, heads_hash, scope_digest};
use serde_json::json;

use super::*;

const CENTRE: &str = "chenjing";
const OTHER_TOWNSHIP_RECORD: &str = "7a2d3c9f-5e4b-4c6d-8f80-223344556677";

/// Uploads a whole document as raw changes, as the PWA does for a new record.
async fn upload(app: &TestApp, token: &str, doc: &mut InspectionDoc) -> SyncResponse {
    let id = doc.read().unwrap().id;
    let response = app.sync(token, &sync_request(&id, None, Some(doc.save()))).await;
    assert_eq!(response.docs[0].error, None);
    assert_eq!(response.docs[0].heads, doc.heads_hex());
    response
}

async fn get_as<T: DeserializeOwned>(app: &TestApp, token: &str, path: &str) -> (StatusCode, T) {
    app.json(authorized(get(path), token)).await
}

async fn post_as<T: DeserializeOwned>(
    app: &TestApp,
    token: &str,
    path: &str,
    body: &serde_json::Value,
) -> (StatusCode, T) {
    app.json(authorized(post_json(path, body), token)).await
}

fn review_path(id: &str) -> String {
    format!("/api/v1/console/records/{id}/review")
}

#[tokio::test]
async fn only_a_centre_or_the_county_may_use_the_console() {
    let app = TestApp::new();
    let routes: [(bool, String); 9] = [
        (false, "/api/v1/console/devices".into()),
        (true, "/api/v1/console/devices/abc/revoke".into()),
        (false, "/api/v1/console/reviews?state=awaiting".into()),
        (true, review_path(RECORD_ID)),
        (false, "/api/v1/console/conflicts".into()),
        (true, format!("/api/v1/console/records/{RECORD_ID}/resolve")),
        (false, format!("/api/v1/console/records/{RECORD_ID}/history")),
        (false, "/api/v1/console/months/2026-12".into()),
        (true, "/api/v1/console/months/2026-12/close".into()),
    ];
    let body = json!({ "decision": "accept", "path": ["suggestions"], "value": "x" });
    for username in ["wangfang", "zhaomin"] {
        let token = app.login(username).await;
        for (is_post, path) in &routes {
            let (status, error): (_, ErrorBody) = if *is_post {
                post_as(&app, &token, path, &body).await
            } else {
                get_as(&app, &token, path).await
            };
            assert_eq!(status, StatusCode::FORBIDDEN, "{username} {path}");
            assert_eq!(error.code, "auth.forbidden", "{username} {path}");
        }
    }
    for (is_post, path) in &routes {
        let request = if *is_post { post_json(path, &body) } else { get(path) };
        let (status, error): (_, ErrorBody) = app.json(request).await;
        assert_eq!((status, error.code.as_str()), (StatusCode::UNAUTHORIZED, "auth.required"));
    }
}

#[tokio::test]
async fn the_centre_lists_and_revokes_its_officials_devices() {
    let app = TestApp::new();
    let phone = app.enrol("wangfang").await;
    let fire_officer = app.enrol("lijun").await;
    let unit = app.enrol("zhaomin").await;
    let mut report = request_of(Vec::new());
    report.pending_changes = 3;
    report.app_version = "0.2.0".into();
    app.sync(&phone.token, &report).await;

    let centre = app.login(CENTRE).await;
    let (status, devices): (_, Vec<DeviceSummary>) =
        get_as(&app, &centre, "/api/v1/console/devices").await;
    assert_eq!(status, StatusCode::OK);
    let mut ids: Vec<&str> = devices.iter().map(|d| d.id.as_str()).collect();
    ids.sort();
    let mut expected = [phone.device_id.as_str(), fire_officer.device_id.as_str()];
    expected.sort();
    assert_eq!(ids, expected, "officials serving the township's units, nobody else");
    let listed = devices.iter().find(|d| d.id == phone.device_id).unwrap();
    assert_eq!((listed.username.as_str(), listed.pending_changes), ("wangfang", 3));
    assert_eq!(listed.app_version, "0.2.0");
    assert!(listed.last_sync_ms.is_some() && listed.revoked_at_ms.is_none());

    // The county sees every device, the unit's account included.
    let admin = app.login("admin").await;
    let (_, all): (_, Vec<DeviceSummary>) = get_as(&app, &admin, "/api/v1/console/devices").await;
    assert!(all.iter().any(|d| d.id == unit.device_id));

    // A device the centre does not look after reads as absent.
    let none = json!({});
    for id in [unit.device_id.as_str(), "no-such-device"] {
        let path = format!("/api/v1/console/devices/{id}/revoke");
        let (status, error): (_, ErrorBody) = post_as(&app, &centre, &path, &none).await;
        assert_eq!((status, error.code.as_str()), (StatusCode::NOT_FOUND, "not_found"), "{id}");
    }
    let (_, units): (_, Vec<baolian_shared::api::UnitSummary>) =
        get_as(&app, &unit.token, "/api/v1/units").await;
    assert_eq!(units.len(), 1, "the unit's device still works");

    let path = format!("/api/v1/console/devices/{}/revoke", phone.device_id);
    let (status, revoked): (_, DeviceSummary) = post_as(&app, &centre, &path, &none).await;
    assert_eq!(status, StatusCode::OK);
    assert!(revoked.revoked_at_ms.is_some());
    let (status, error): (_, ErrorBody) = get_as(&app, &phone.token, "/api/v1/units").await;
    assert_eq!((status, error.code.as_str()), (StatusCode::UNAUTHORIZED, "auth.device_revoked"));
}

#[tokio::test]
async fn a_returned_record_carries_its_reason_to_the_phone() {
    let app = TestApp::new();
    let official = app.login("wangfang").await;
    let mut phone = completed(RECORD_ID);
    upload(&app, &official, &mut phone).await;

    let centre = app.login(CENTRE).await;
    let (status, awaiting): (_, Vec<ConsoleRecord>) =
        get_as(&app, &centre, "/api/v1/console/reviews?state=awaiting").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(awaiting.len(), 1);
    assert_eq!(
        (awaiting[0].id.as_str(), awaiting[0].unit_name.as_str()),
        (RECORD_ID, "新华百货商场")
    );
    assert_eq!(awaiting[0].review_state, ReviewState::None);
    assert_eq!(awaiting[0].activity, "TWN-SELF");

    for body in [json!({ "decision": "return" }), json!({ "decision": "return", "reason": " " })] {
        let (status, error): (_, ErrorBody) =
            post_as(&app, &centre, &review_path(RECORD_ID), &body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error.code, "review.reason_required");
    }
    let (status, error): (_, ErrorBody) =
        post_as(&app, &centre, &review_path(RECORD_ID), &json!({ "decision": "maybe" })).await;
    assert_eq!((status, error.code.as_str()), (StatusCode::BAD_REQUEST, "request.malformed"));

    let reason = "二楼整改情况未拍照";
    let body = json!({ "decision": "return", "reason": reason });
    let (status, returned): (_, Inspection) =
        post_as(&app, &centre, &review_path(RECORD_ID), &body).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(returned.review.state, ReviewState::Returned);

    let (_, awaiting): (_, Vec<ConsoleRecord>) =
        get_as(&app, &centre, "/api/v1/console/reviews?state=awaiting").await;
    assert!(awaiting.is_empty());
    let (_, listed): (_, Vec<ConsoleRecord>) =
        get_as(&app, &centre, "/api/v1/console/reviews?state=returned").await;
    assert_eq!(listed.len(), 1);
    let (status, error): (_, ErrorBody) =
        get_as(&app, &centre, "/api/v1/console/reviews?state=lost").await;
    assert_eq!((status, error.code.as_str()), (StatusCode::BAD_REQUEST, "request.malformed"));

    // The review is in the record's document, as the official's API reads it.
    let path = format!("/api/v1/inspections/{RECORD_ID}");
    let (_, detail): (_, InspectionDetail) = get_as(&app, &official, &path).await;
    assert_eq!(detail.record.review.state, ReviewState::Returned);
    assert_eq!(detail.record.review.reason, reason);
    assert_eq!(detail.record.review.by, CENTRE);
    assert!(detail.record.review.at_ms > 0);

    // The phone learns of it from its digest, then fetches it by ordinary sync.
    let held = heads_hash(&phone.heads_hex());
    let mut check = request_of(Vec::new());
    check.digest = Some(scope_digest([(RECORD_ID, held.as_str())]));
    check.want_manifest = true;
    let answer = app.sync(&official, &check).await;
    assert_eq!(answer.in_sync, Some(false));
    let manifest = answer.manifest.expect("a manifest when the digests differ");
    assert_eq!(manifest.len(), 1);
    assert_ne!(manifest[0].heads, held);

    app.sync_doc(&official, RECORD_ID, phone.automerge()).await;
    let on_phone = phone.read().unwrap();
    assert_eq!(on_phone.review.state, ReviewState::Returned);
    assert_eq!(on_phone.review.reason, reason);
    assert_eq!(phone.heads_hex(), detail.heads);
}

#[tokio::test]
async fn only_submitted_records_in_scope_are_reviewed() {
    let app = TestApp::new();
    let official = app.login("wangfang").await;
    let mut draft = inspection(RECORD_ID, "wangfang", "U001");
    upload(&app, &official, &mut draft).await;
    let fire_officer = app.login("lijun").await;
    let mut elsewhere = fire_visit(OTHER_TOWNSHIP_RECORD, "lijun", "U004");
    upload(&app, &fire_officer, &mut elsewhere).await;

    let centre = app.login(CENTRE).await;
    let accept = json!({ "decision": "accept" });
    let (status, error): (_, ErrorBody) =
        post_as(&app, &centre, &review_path(RECORD_ID), &accept).await;
    assert_eq!((status, error.code.as_str()), (StatusCode::CONFLICT, "review.not_submitted"));

    // Another township's record, and no record at all, read as absent.
    for id in [OTHER_TOWNSHIP_RECORD, "00000000-0000-4000-8000-00000000000f"] {
        let (status, error): (_, ErrorBody) =
            post_as(&app, &centre, &review_path(id), &accept).await;
        assert_eq!((status, error.code.as_str()), (StatusCode::NOT_FOUND, "not_found"), "{id}");
    }
    let (_, awaiting): (_, Vec<ConsoleRecord>) =
        get_as(&app, &centre, "/api/v1/console/reviews").await;
    assert!(awaiting.is_empty(), "a draft and another township's record: {awaiting:?}");

    // The county reviews every township.
    let admin = app.login("admin").await;
    let (status, accepted): (_, Inspection) =
        post_as(&app, &admin, &review_path(OTHER_TOWNSHIP_RECORD), &accept).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (accepted.review.state, accepted.review.by.as_str()),
        (ReviewState::Accepted, "admin")
    );
    let (_, listed): (_, Vec<ConsoleRecord>) =
        get_as(&app, &admin, "/api/v1/console/reviews?state=accepted").await;
    assert_eq!(listed.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), [OTHER_TOWNSHIP_RECORD]);
}

/// Two devices of one official write the same note while apart; the centre sees both
/// values with their devices and keeps one, which every device then receives.
#[tokio::test]
async fn a_conflict_of_two_devices_is_listed_and_resolved() {
    let app = TestApp::new();
    let phone_login = app.enrol("wangfang").await;
    let tablet_login = app.enrol("wangfang").await;
    let mut phone = completed(RECORD_ID);
    app.sync_doc(&phone_login.token, RECORD_ID, phone.automerge()).await;
    let mut tablet = AutoCommit::new();
    app.sync_doc(&tablet_login.token, RECORD_ID, &mut tablet).await;
    let mut tablet = InspectionDoc::from_automerge(tablet);

    phone.set_note("wiring", "配电箱未上锁");
    tablet.set_note("wiring", "电线老化");
    app.sync_doc(&phone_login.token, RECORD_ID, phone.automerge()).await;
    app.sync_doc(&tablet_login.token, RECORD_ID, tablet.automerge()).await;
    // A later edit made knowing both values adds no conflict and keeps the one there.
    tablet.set_suggestions("本周内整改，下周复查");
    app.sync_doc(&tablet_login.token, RECORD_ID, tablet.automerge()).await;

    let centre = app.login(CENTRE).await;
    let (status, listed): (_, Vec<RecordConflicts>) =
        get_as(&app, &centre, "/api/v1/console/conflicts").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!((listed[0].record.id.as_str(), listed[0].record.conflicts), (RECORD_ID, 1));
    let field = &listed[0].fields[0];
    assert_eq!(field.path, ["items", "wiring", "note"]);
    let mut sides: Vec<(&str, Option<&str>, Option<&str>)> = field
        .values
        .iter()
        .map(|v| (v.value.as_str(), v.username.as_deref(), v.device_id.as_deref()))
        .collect();
    sides.sort();
    let mut expected = vec![
        ("配电箱未上锁", Some("wangfang"), Some(phone_login.device_id.as_str())),
        ("电线老化", Some("wangfang"), Some(tablet_login.device_id.as_str())),
    ];
    expected.sort();
    assert_eq!(sides, expected);
    assert!(field.values.iter().all(|v| v.received_at_ms.is_some()));

    let resolve = format!("/api/v1/console/records/{RECORD_ID}/resolve");
    let wrong_value = json!({ "path": ["items", "wiring", "note"], "value": "别的" });
    let (status, error): (_, ErrorBody) = post_as(&app, &centre, &resolve, &wrong_value).await;
    assert_eq!(
        (status, error.code.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "conflict.unknown_value")
    );
    let no_conflict = json!({ "path": ["suggestions"], "value": "本周内整改" });
    let (status, error): (_, ErrorBody) = post_as(&app, &centre, &resolve, &no_conflict).await;
    assert_eq!((status, error.code.as_str()), (StatusCode::CONFLICT, "conflict.not_found"));

    let choice = json!({ "path": ["items", "wiring", "note"], "value": "电线老化" });
    let (status, resolved): (_, RecordConflicts) = post_as(&app, &centre, &resolve, &choice).await;
    assert_eq!(status, StatusCode::OK);
    assert!(resolved.fields.is_empty());
    assert_eq!(resolved.record.conflicts, 0);
    let (_, listed): (_, Vec<RecordConflicts>) =
        get_as(&app, &centre, "/api/v1/console/conflicts").await;
    assert!(listed.is_empty(), "{listed:?}");

    // Both devices receive the choice as an ordinary change.
    for (login, doc) in [(&phone_login, &mut phone), (&tablet_login, &mut tablet)] {
        app.sync_doc(&login.token, RECORD_ID, doc.automerge()).await;
        assert!(conflicts(doc.automerge()).is_empty());
        assert_eq!(doc.read().unwrap().items["wiring"].note, "电线老化");
    }

    // The history names every writer: both devices, and the centre without a device.
    let path = format!("/api/v1/console/records/{RECORD_ID}/history");
    let (status, history): (_, Vec<ChangeEntry>) = get_as(&app, &centre, &path).await;
    assert_eq!(status, StatusCode::OK);
    let devices: Vec<Option<&str>> = history.iter().map(|c| c.device_id.as_deref()).collect();
    assert!(devices.contains(&Some(phone_login.device_id.as_str())));
    assert!(devices.contains(&Some(tablet_login.device_id.as_str())));
    let last = history.last().unwrap();
    assert_eq!((last.username.as_str(), last.device_id.as_deref()), (CENTRE, None));
}

#[tokio::test]
async fn the_history_of_a_record_outside_the_scope_is_not_found() {
    let app = TestApp::new();
    let fire_officer = app.login("lijun").await;
    let mut elsewhere = fire_visit(OTHER_TOWNSHIP_RECORD, "lijun", "U004");
    upload(&app, &fire_officer, &mut elsewhere).await;

    let centre = app.login(CENTRE).await;
    for id in [OTHER_TOWNSHIP_RECORD, RECORD_ID] {
        let path = format!("/api/v1/console/records/{id}/history");
        let (status, error): (_, ErrorBody) = get_as(&app, &centre, &path).await;
        assert_eq!((status, error.code.as_str()), (StatusCode::NOT_FOUND, "not_found"), "{id}");
        let resolve = format!("/api/v1/console/records/{id}/resolve");
        let body = json!({ "path": ["suggestions"], "value": "x" });
        let (status, _): (_, ErrorBody) = post_as(&app, &centre, &resolve, &body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{id}");
    }
    let admin = app.login("admin").await;
    let path = format!("/api/v1/console/records/{OTHER_TOWNSHIP_RECORD}/history");
    let (status, history): (_, Vec<ChangeEntry>) = get_as(&app, &admin, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(history.len(), elsewhere.automerge().get_changes(&[]).len());
    assert!(history.iter().all(|c| c.username == "lijun" && c.device_id.is_some()));
}

#[tokio::test]
async fn a_month_closes_once_and_lists_later_edits() {
    let app = TestApp::new();
    let official = app.login("wangfang").await;
    let mut record = completed(RECORD_ID);
    upload(&app, &official, &mut record).await;
    let centre = app.login(CENTRE).await;

    let (status, open): (_, MonthLedger) =
        get_as(&app, &centre, "/api/v1/console/months/2026-12").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((open.township_id.as_str(), open.closed.as_ref()), ("T01", None));
    assert_eq!(open.records.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), [RECORD_ID]);
    let (_, other_month): (_, MonthLedger) =
        get_as(&app, &centre, "/api/v1/console/months/2026-11").await;
    assert!(other_month.records.is_empty());

    let close = "/api/v1/console/months/2026-12/close";
    let (status, closed): (_, MonthLedger) = post_as(&app, &centre, close, &json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(closed.closed.as_ref().map(|c| c.closed_by.as_str()), Some(CENTRE));
    assert!(closed.late_edits.is_empty());
    let (status, error): (_, ErrorBody) = post_as(&app, &centre, close, &json!({})).await;
    assert_eq!((status, error.code.as_str()), (StatusCode::CONFLICT, "month.already_closed"));

    // The official corrects the record after the closing: the ledger lists it.
    let before = record.heads();
    record.set_suggestions("补充：消防通道已清理");
    let changes = record.automerge().save_after(&before);
    app.sync(&official, &sync_request(RECORD_ID, None, Some(changes))).await;
    let (_, later): (_, MonthLedger) =
        get_as(&app, &centre, "/api/v1/console/months/2026-12").await;
    assert_eq!(later.late_edits, [RECORD_ID]);
    assert!(later.records[0].late_edit);

    let refusals: [(&str, StatusCode, &str); 3] = [
        ("2026-13", StatusCode::BAD_REQUEST, "request.malformed"),
        ("december", StatusCode::BAD_REQUEST, "request.malformed"),
        ("2026-12?township=T02", StatusCode::FORBIDDEN, "auth.forbidden"),
    ];
    for (month, expected, code) in refusals {
        let path = format!("/api/v1/console/months/{month}");
        let (status, error): (_, ErrorBody) = get_as(&app, &centre, &path).await;
        assert_eq!((status, error.code.as_str()), (expected, code), "{path}");
        let close = match month.split_once('?') {
            Some((month, query)) => format!("/api/v1/console/months/{month}/close?{query}"),
            None => format!("/api/v1/console/months/{month}/close"),
        };
        let (status, error): (_, ErrorBody) = post_as(&app, &centre, &close, &json!({})).await;
        assert_eq!((status, error.code.as_str()), (expected, code), "{close}");
    }

    // The county names the township it means.
    let admin = app.login("admin").await;
    let (status, error): (_, ErrorBody) =
        get_as(&app, &admin, "/api/v1/console/months/2026-12").await;
    assert_eq!((status, error.code.as_str()), (StatusCode::BAD_REQUEST, "request.malformed"));
    let (status, error): (_, ErrorBody) =
        get_as(&app, &admin, "/api/v1/console/months/2026-12?township=T99").await;
    assert_eq!((status, error.code.as_str()), (StatusCode::NOT_FOUND, "not_found"));
    let (status, same): (_, MonthLedger) =
        get_as(&app, &admin, "/api/v1/console/months/2026-12?township=T01").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(same, later);
}

/// A device whose answer was lost sends the same request again: nothing is stored
/// twice, and the answer is the same.
#[tokio::test]
async fn a_request_retried_after_a_lost_answer_changes_nothing_twice() {
    let app = TestApp::new();
    let official = app.login("wangfang").await;
    let mut record = completed(RECORD_ID);
    let upload: SyncRequest = sync_request(RECORD_ID, None, Some(record.save()));
    let first = app.sync(&official, &upload).await;
    let centre = app.login(CENTRE).await;
    let history_path = format!("/api/v1/console/records/{RECORD_ID}/history");
    let (_, history): (_, Vec<ChangeEntry>) = get_as(&app, &centre, &history_path).await;
    let detail_path = format!("/api/v1/inspections/{RECORD_ID}");
    let (_, detail): (_, InspectionDetail) = get_as(&app, &official, &detail_path).await;

    let again = app.sync(&official, &upload).await;
    assert_eq!(again, first);
    let (_, history_again): (_, Vec<ChangeEntry>) = get_as(&app, &centre, &history_path).await;
    assert_eq!(history_again, history);
    let (_, detail_again): (_, InspectionDetail) = get_as(&app, &official, &detail_path).await;
    assert_eq!(detail_again, detail, "not even the time of the last change moves");

    // The same for an edit sent as changes after the acknowledged heads.
    let before = record.heads();
    record.set_suggestions("本月内整改");
    let edit = sync_request(RECORD_ID, None, Some(record.automerge().save_after(&before)));
    let first = app.sync(&official, &edit).await;
    let (_, history): (_, Vec<ChangeEntry>) = get_as(&app, &centre, &history_path).await;
    let again = app.sync(&official, &edit).await;
    assert_eq!(again, first);
    assert_eq!(first.docs[0].heads, record.heads_hex());
    let (_, history_again): (_, Vec<ChangeEntry>) = get_as(&app, &centre, &history_path).await;
    assert_eq!(history_again, history);

    // And for a review sent twice.
    let body = json!({ "decision": "return", "reason": "缺照片" });
    let (status, _): (_, Inspection) = post_as(&app, &centre, &review_path(RECORD_ID), &body).await;
    assert_eq!(status, StatusCode::OK);
    let (_, history): (_, Vec<ChangeEntry>) = get_as(&app, &centre, &history_path).await;
    let (status, _): (_, Inspection) = post_as(&app, &centre, &review_path(RECORD_ID), &body).await;
    assert_eq!(status, StatusCode::OK);
    let (_, history_again): (_, Vec<ChangeEntry>) = get_as(&app, &centre, &history_path).await;
    assert_eq!(history_again, history);
}
