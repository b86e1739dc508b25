//! The registry API: county administrators write, everyone reads within their scope, and
//! every write is checked against the rules of art. 2–5.

use axum::http::StatusCode;
use baolian_shared::api::{CountySettings, ErrorBody, GroupProblems, UnitSummary};
use baolian_shared::duty::{DutyOverride, Frequency, TWN_VISIT};
use baolian_shared::registry::{
    BodyKind, BodyLeader, GroupMember, GuidanceGroup, KeyUnit, Official, OfficialRole, UnitLevel,
};
use chrono::NaiveDate;

use super::{TestApp, authorized, english, get, post_json, put_json};

async fn unit(app: &TestApp, token: &str, id: &str) -> KeyUnit {
    let path = format!("/api/v1/registry/units/{id}");
    let (status, unit) = app.json(authorized(get(&path), token)).await;
    assert_eq!(status, StatusCode::OK);
    unit
}

#[tokio::test]
async fn an_administrator_registers_a_unit_and_the_unit_list_follows() {
    let app = TestApp::new();
    let admin = app.login("admin").await;
    let mut new = unit(&app, &admin, "U001").await;
    new.id = "U100".into();
    new.name = "新城购物中心".into();
    new.township_id = "T02".into();

    let request = authorized(post_json("/api/v1/registry/units", &new), &admin);
    let (status, created): (_, KeyUnit) = app.json(request).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(created, new);
    assert_eq!(unit(&app, &admin, "U100").await, new);

    // The listing columns follow the full record, so scopes and the phone's list see it.
    let (_, listed): (_, Vec<UnitSummary>) =
        app.json(authorized(get("/api/v1/units"), &admin)).await;
    let summary = listed.iter().find(|u| u.id == "U100").expect("listed");
    assert_eq!(
        (summary.name.as_str(), summary.township.as_str(), summary.level),
        ("新城购物中心", "东关街道", 1)
    );

    let again = authorized(post_json("/api/v1/registry/units", &new), &admin);
    let (status, error): (_, ErrorBody) = app.json(again).await;
    assert_eq!((status, error.code.as_str()), (StatusCode::CONFLICT, "registry.conflict"));

    new.level = UnitLevel::Three;
    let path = "/api/v1/registry/units/U100?on=2026-07-01";
    let (status, _): (_, KeyUnit) = app.json(authorized(put_json(path, &new), &admin)).await;
    assert_eq!(status, StatusCode::OK);
    let (_, listed): (_, Vec<UnitSummary>) =
        app.json(authorized(get("/api/v1/units"), &admin)).await;
    assert_eq!(listed.iter().find(|u| u.id == "U100").unwrap().level, 3);
}

#[tokio::test]
async fn a_unit_that_breaks_a_rule_is_refused_with_every_reason() {
    let app = TestApp::new();
    let admin = app.login("admin").await;
    let mut bad = unit(&app, &admin, "U001").await;
    bad.id = "U101".into();
    bad.county = " ".into();
    bad.crowded_reason = String::new();

    let request = english(authorized(post_json("/api/v1/registry/units", &bad), &admin));
    let (status, error): (_, ErrorBody) = app.json(request).await;
    assert_eq!(
        (status, error.code.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "registry.invalid")
    );
    assert_eq!(
        error.details,
        [
            "field county is empty",
            "unit U101 is marked as a crowded place without a reason (fire law art. 73)"
        ]
    );

    let mut nowhere = unit(&app, &admin, "U001").await;
    nowhere.id = "U102".into();
    nowhere.township_id = "T99".into();
    let request = authorized(post_json("/api/v1/registry/units", &nowhere), &admin);
    let (status, error): (_, ErrorBody) = app.json(request).await;
    assert_eq!(
        (status, error.code.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "registry.unknown_township")
    );

    let (status, _): (_, ErrorBody) =
        app.json(authorized(get("/api/v1/registry/units/U101"), &admin)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nothing was stored");
}

#[tokio::test]
async fn only_a_county_administrator_writes_and_reads_follow_the_scope() {
    let app = TestApp::new();
    let wangfang = app.login("wangfang").await;
    let mine = unit(&app, &wangfang, "U001").await;

    let writes = [
        post_json("/api/v1/registry/units", &mine),
        put_json("/api/v1/registry/units/U001", &mine),
        put_json(
            "/api/v1/registry/groups/U001",
            &GuidanceGroup { unit_id: "U001".into(), members: vec![] },
        ),
        put_json("/api/v1/registry/settings/C01", &serde_json::json!({})),
    ];
    for request in writes {
        let (status, error): (_, ErrorBody) = app.json(authorized(request, &wangfang)).await;
        assert_eq!((status, error.code.as_str()), (StatusCode::FORBIDDEN, "auth.forbidden"));
    }

    let (_, units): (_, Vec<KeyUnit>) =
        app.json(authorized(get("/api/v1/registry/units"), &wangfang)).await;
    let ids: Vec<&str> = units.iter().map(|u| u.id.as_str()).collect();
    assert!(ids.contains(&"U001") && ids.contains(&"U003"), "{ids:?}");
    assert!(!ids.contains(&"U004"), "U004 is in another township: {ids:?}");
    let (status, _): (_, ErrorBody) =
        app.json(authorized(get("/api/v1/registry/units/U004"), &wangfang)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (_, officials): (_, Vec<Official>) =
        app.json(authorized(get("/api/v1/registry/officials"), &wangfang)).await;
    assert!(officials.iter().any(|o| o.id == "O002"), "her groups' fire officer");
    assert!(!officials.iter().any(|o| o.id == "O004"), "南湖乡's township member");
    let admin = app.login("admin").await;
    let (_, all): (_, Vec<Official>) =
        app.json(authorized(get("/api/v1/registry/officials"), &admin)).await;
    assert!(all.len() > officials.len());
}

fn member(official: &str, role: OfficialRole) -> GroupMember {
    GroupMember {
        official_id: official.into(),
        role,
        assigned_on: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        until: None,
    }
}

#[tokio::test]
async fn a_group_that_breaks_art_2_to_5_is_refused_naming_each_rule() {
    let app = TestApp::new();
    let admin = app.login("admin").await;

    // A township member who is not established staff.
    let temp = Official {
        id: "O099".into(),
        name: "临时工".into(),
        body: "T01".into(),
        role: OfficialRole::Township,
        established: false,
        phone: String::new(),
    };
    let request = authorized(post_json("/api/v1/registry/officials", &temp), &admin);
    let (status, _): (_, Official) = app.json(request).await;
    assert_eq!(status, StatusCode::CREATED);

    // U001 is level 1: no fire officer, a police officer it may not have, O099 unestablished.
    let group = GuidanceGroup {
        unit_id: "U001".into(),
        members: vec![
            member("O010", OfficialRole::Industry),
            member("O099", OfficialRole::Township),
            member("O020", OfficialRole::PoliceOfficer),
            member("O040", OfficialRole::Technician),
        ],
    };
    for (english_too, expected) in [
        (
            true,
            vec![
                "art. 3: the township staff must be established, serving staff (O099)",
                "art. 2: the guidance group of a level 1 unit has no fire supervision officer",
                "art. 2: the guidance group of a level 1 unit has no place for a police officer (O020)",
            ],
        ),
        (
            false,
            vec![
                "第三条：乡镇（街道）工作人员须为在编在岗人员（O099）",
                "第二条：一级重点单位的联合指导组缺少1名消防部门监督执法干部",
                "第二条：一级重点单位的联合指导组不设公安派出所民警（O020）",
            ],
        ),
    ] {
        let mut request = authorized(put_json("/api/v1/registry/groups/U001", &group), &admin);
        if english_too {
            request = english(request);
        }
        let (status, error): (_, ErrorBody) = app.json(request).await;
        assert_eq!(
            (status, error.code.as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, "registry.invalid")
        );
        assert_eq!(error.details, expected);
    }

    let (_, stored): (_, GuidanceGroup) =
        app.json(authorized(get("/api/v1/registry/groups/U001"), &admin)).await;
    assert!(stored.members.iter().any(|m| m.official_id == "O001"), "the old group stands");

    // Replacing the technician keeps the group valid.
    let mut fixed = stored.clone();
    for m in &mut fixed.members {
        if m.role == OfficialRole::Technician {
            m.until = Some(NaiveDate::from_ymd_opt(2026, 6, 1).unwrap());
        }
    }
    fixed.members.push(GroupMember {
        official_id: "O043".into(),
        role: OfficialRole::Technician,
        assigned_on: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        until: None,
    });
    let request = authorized(put_json("/api/v1/registry/groups/U001", &fixed), &admin);
    let (status, saved): (_, GuidanceGroup) = app.json(request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(saved.members.len(), stored.members.len() + 1);
}

#[tokio::test]
async fn body_leaders_and_county_settings_are_kept_as_data() {
    let app = TestApp::new();
    let admin = app.login("admin").await;
    let leader = BodyLeader {
        body: "T01".into(),
        body_kind: BodyKind::Township,
        name: "新镇长".into(),
        post: "镇长".into(),
        phone: String::new(),
    };
    let request = authorized(put_json("/api/v1/registry/body-leaders/T01", &leader), &admin);
    let (status, _): (_, BodyLeader) = app.json(request).await;
    assert_eq!(status, StatusCode::OK);
    let (_, leaders): (_, Vec<BodyLeader>) =
        app.json(authorized(get("/api/v1/registry/body-leaders"), &admin)).await;
    assert_eq!(leaders.iter().filter(|l| l.body == "T01").collect::<Vec<_>>(), [&leader]);

    let (status, defaults): (_, CountySettings) =
        app.json(authorized(get("/api/v1/registry/settings/C01"), &admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(defaults.overrides.is_empty());
    assert_eq!(defaults.table, baolian_shared::duty::DutyTable::henan_default());

    let unknown = serde_json::json!({ "overrides": [{ "duty": "NO-SUCH" }] });
    let request = english(authorized(put_json("/api/v1/registry/settings/C01", &unknown), &admin));
    let (status, error): (_, ErrorBody) = app.json(request).await;
    assert_eq!(
        (status, error.code.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "settings.invalid")
    );
    assert_eq!(error.details, ["there is no duty NO-SUCH"]);

    let monthly = DutyOverride {
        duty: TWN_VISIT.into(),
        frequency: Some(Frequency::PerMonth { min: 1 }),
        ..DutyOverride::default()
    };
    let update =
        serde_json::json!({ "overrides": [monthly], "settings": { "half_period_rule": false } });
    let request = authorized(put_json("/api/v1/registry/settings/C01", &update), &admin);
    let (status, saved): (_, CountySettings) = app.json(request).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!saved.settings.half_period_rule);
    assert_eq!(saved.table.get(TWN_VISIT).unwrap().frequency, Frequency::PerMonth { min: 1 });
}

#[tokio::test]
async fn a_change_of_level_shows_what_the_group_now_lacks() {
    let app = TestApp::new();
    let admin = app.login("admin").await;
    let problems = |token: String| {
        let app = &app;
        async move {
            let request = authorized(get("/api/v1/registry/problems"), &token);
            let (status, found): (_, Vec<GroupProblems>) = app.json(request).await;
            assert_eq!(status, StatusCode::OK);
            found
        }
    };
    assert_eq!(problems(admin.clone()).await, [], "every demo group keeps the rules");

    // U001 becomes a level-3 unit: its fire officer no longer belongs, and the police
    // officer and fire clerk it now needs are missing.
    let mut u001 = unit(&app, &admin, "U001").await;
    assert_eq!(u001.level, UnitLevel::One);
    u001.level = UnitLevel::Three;
    u001.police_station = "城关派出所".into();
    let (status, _): (_, KeyUnit) =
        app.json(authorized(put_json("/api/v1/registry/units/U001", &u001), &admin)).await;
    assert_eq!(status, StatusCode::OK);

    let found = problems(admin.clone()).await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].unit_id.as_str(), found[0].unit_name.as_str()), ("U001", "新华百货商场"));
    let text: Vec<&str> = found[0].problems.iter().map(|p| p.zh.as_str()).collect();
    assert!(text.iter().all(|t| t.starts_with("第二条")), "{text:?}");
    assert!(text.iter().any(|t| t.contains("缺少")), "{text:?}");
    assert!(found[0].problems.iter().all(|p| !p.en.is_empty()));

    // An official of another township does not see U001.
    let liuyang = app.login("liuyang").await;
    assert_eq!(problems(liuyang).await, []);
}

#[tokio::test]
async fn a_delisted_unit_owes_nothing_after_it_left_and_can_be_listed_again() {
    use baolian_shared::schedule::{DutyStatus, Schedule};

    let app = TestApp::new();
    let admin = app.login("admin").await;
    let owed = |token: String| {
        let app = &app;
        async move {
            let request = authorized(get("/api/v1/schedule?scope=unit:U001"), &token);
            let (status, schedule): (_, Schedule) = app.json(request).await;
            assert_eq!(status, StatusCode::OK);
            schedule
                .obligations
                .iter()
                .filter(|o| matches!(o.status, DutyStatus::Due | DutyStatus::Overdue))
                .count()
        }
    };
    assert!(owed(admin.clone()).await > 0, "a unit without records owes its duties");

    let year = crate::store::local_date(crate::store::now_ms()).format("%Y").to_string();
    let path = "/api/v1/registry/units/U001/delisting";
    let from_january = serde_json::json!({ "on": format!("{year}-01-01") });
    let (status, _, _) = app.send(authorized(put_json(path, &from_january), &admin)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(owed(admin.clone()).await, 0, "a unit delisted on 1 January owes nothing");
    // Nothing is deleted: the unit and its group are still there.
    assert_eq!(unit(&app, &admin, "U001").await.id, "U001");

    let back = serde_json::json!({ "on": null });
    let (status, _, _) = app.send(authorized(put_json(path, &back), &admin)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(owed(admin.clone()).await > 0);

    let official = app.login("wangfang").await;
    let (status, error): (_, ErrorBody) =
        app.json(authorized(put_json(path, &from_january), &official)).await;
    assert_eq!((status, error.code.as_str()), (StatusCode::FORBIDDEN, "auth.forbidden"));
    let nowhere = "/api/v1/registry/units/U999/delisting";
    let (status, error): (_, ErrorBody) =
        app.json(authorized(put_json(nowhere, &from_january), &admin)).await;
    assert_eq!((status, error.code.as_str()), (StatusCode::NOT_FOUND, "not_found"));
    let garbled = serde_json::json!({ "on": "soon" });
    let (status, error): (_, ErrorBody) =
        app.json(authorized(put_json(path, &garbled), &admin)).await;
    assert_eq!((status.is_client_error(), error.code.as_str()), (true, "request.malformed"));
}
