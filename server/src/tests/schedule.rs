//! The schedule API on the demo county with a year of history.

use axum::http::StatusCode;
use baolian_shared::api::{ErrorBody, ScheduleContext};
use baolian_shared::duty::TWN_SELF;
use baolian_shared::period::DateRange;
use baolian_shared::schedule::{DutyStatus, Schedule, Scheduler, Scope};
use chrono::{Datelike, NaiveDate};

use super::{TestApp, authorized, get};
use crate::store::{local_date, now_ms};

fn this_year() -> (NaiveDate, NaiveDate) {
    let year = local_date(now_ms()).year();
    (NaiveDate::from_ymd_opt(year, 1, 1).unwrap(), NaiveDate::from_ymd_opt(year, 12, 31).unwrap())
}

#[tokio::test]
async fn the_county_schedule_shows_done_due_and_overdue_duties() {
    let app = TestApp::with_history();
    let admin = app.login("admin").await;
    let (from, to) = this_year();
    let path = format!("/api/v1/schedule?scope=county&from={from}&to={to}");
    let (status, schedule): (_, Schedule) = app.json(authorized(get(&path), &admin)).await;
    assert_eq!(status, StatusCode::OK);

    let units: std::collections::HashSet<&str> =
        schedule.obligations.iter().map(|o| o.unit_id.as_str()).collect();
    assert_eq!(units.len(), 40);
    let self_checks = schedule.obligations.iter().filter(|o| o.duty == TWN_SELF);
    let done = self_checks.clone().filter(|o| o.status == DutyStatus::Done).count();
    assert!(done > 200, "most monthly self-inspections are recorded: {done}");
    assert!(schedule.count(DutyStatus::Overdue) > 0);
    assert!(schedule.count(DutyStatus::Due) > 0, "the current month is in progress");
    assert!(schedule.next_deadline.is_some());
}

#[tokio::test]
async fn an_official_sees_their_own_obligations_and_the_phone_computes_the_same() {
    let app = TestApp::with_history();
    let wangfang = app.login("wangfang").await;
    let (from, to) = this_year();
    let path = format!("/api/v1/schedule?from={from}&to={to}");
    let (status, schedule): (_, Schedule) = app.json(authorized(get(&path), &wangfang)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!schedule.obligations.is_empty());
    assert!(schedule.obligations.iter().all(|o| o.official_id.as_deref() == Some("O001")));
    assert!(
        schedule.obligations.iter().any(|o| o.unit_id == "U001" && o.status == DutyStatus::Done)
    );

    let (status, context): (_, ScheduleContext) =
        app.json(authorized(get("/api/v1/schedule/context"), &wangfang)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(context.units.iter().any(|u| u.unit_id == "U001"));
    assert!(!context.units.iter().any(|u| u.unit_id == "U004"), "outside her groups");
    assert!(context.officials.iter().any(|o| o.id == "O001"));
    let scheduler = Scheduler::new(
        &context.units,
        &context.groups,
        &context.records,
        &context.table,
        context.settings,
    );
    let offline = scheduler.schedule(
        &Scope::Official("O001".into()),
        DateRange::new(from, to).unwrap(),
        local_date(now_ms()),
    );
    assert_eq!(offline, schedule, "the phone computes what the server does");
}

#[tokio::test]
async fn bad_schedule_queries_get_stable_codes() {
    let app = TestApp::new();
    let wangfang = app.login("wangfang").await;
    let cases = [
        ("/api/v1/schedule?scope=planet:X", StatusCode::BAD_REQUEST, "schedule.bad_query"),
        (
            "/api/v1/schedule?from=2026-12-31&to=2026-01-01",
            StatusCode::BAD_REQUEST,
            "schedule.bad_query",
        ),
        (
            "/api/v1/schedule?from=2000-01-01&to=2026-01-01",
            StatusCode::BAD_REQUEST,
            "schedule.bad_query",
        ),
        ("/api/v1/schedule?from=yesterday", StatusCode::BAD_REQUEST, "request.malformed"),
        ("/api/v1/schedule?scope=unit:U004", StatusCode::NOT_FOUND, "not_found"),
    ];
    for (path, expected_status, expected_code) in cases {
        let (status, error): (_, ErrorBody) = app.json(authorized(get(path), &wangfang)).await;
        assert_eq!((status, error.code.as_str()), (expected_status, expected_code), "{path}");
    }
}
