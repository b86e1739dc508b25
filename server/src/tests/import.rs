//! Import and export of the registry through the router: well-formed CSV and XLSX
//! files, every kind of malformed file, and the upload limit.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use baolian_shared::api::{ErrorBody, ImportFailure, ImportReport, UnitSummary};
use baolian_shared::registry::{GuidanceGroup, KeyUnit};

use super::{TestApp, authorized, english, get};
use crate::routes::registry::MAX_IMPORT_BYTES;
use crate::transfer::table::{self, Format};

const UNIT_HEADER: &str = "单位编号,单位名称,等级,人员密集场所,人员密集依据,县（区）,乡镇（街道）,\
                           消防救援机构,派出所,行业主管部门,地址";

fn upload(path: &str, content_type: &str, body: Vec<u8>) -> Request<Body> {
    Request::post(path).header(header::CONTENT_TYPE, content_type).body(Body::from(body)).unwrap()
}

fn csv(path: &str, text: &str) -> Request<Body> {
    upload(path, "text/csv", text.as_bytes().to_vec())
}

async fn units(app: &TestApp, token: &str) -> Vec<UnitSummary> {
    app.json(authorized(get("/api/v1/units"), token)).await.1
}

#[tokio::test]
async fn a_csv_with_bom_creates_and_updates_units() {
    let app = TestApp::new();
    let admin = app.login("admin").await;
    let body = format!(
        "\u{feff}{UNIT_HEADER}\n\
         U200,城南商业街,二级,是,商业街（商场）,C01,城关镇,县消防救援大队,城关派出所,县商务局,南街 1 号\n\
         U001,新华百货商场,1,是,营业厅,C01,T01,县消防救援大队,城关派出所,县商务局,人民路 88 号\n"
    );
    let (status, report): (_, ImportReport) =
        app.json(authorized(csv("/api/v1/registry/import/units", &body), &admin)).await;
    assert_eq!(status, StatusCode::OK, "{report:?}");
    assert_eq!((report.rows, report.created, report.updated), (2, 1, 1));

    let listed = units(&app, &admin).await;
    let added = listed.iter().find(|u| u.id == "U200").expect("imported");
    assert_eq!(
        (added.level, added.township.as_str()),
        (2, "城关镇"),
        "a township by name is stored by id"
    );
}

#[tokio::test]
async fn an_xlsx_file_imports_like_a_csv() {
    let app = TestApp::new();
    let admin = app.login("admin").await;
    let headers: Vec<&str> = UNIT_HEADER.split(',').collect();
    let row: Vec<String> =
        "U201,南湖游船码头,3,否,,C01,T03,县消防救援大队,南湖派出所,县文化广电和旅游局,湖边"
            .split(',')
            .map(String::from)
            .collect();
    let bytes = table::write(Format::Xlsx, "重点单位", &headers, &[row]);
    let request = upload("/api/v1/registry/import/units", "application/octet-stream", bytes);
    let (status, report): (_, ImportReport) = app.json(authorized(request, &admin)).await;
    assert_eq!(status, StatusCode::OK, "{report:?}");
    assert_eq!(report.created, 1);
    assert!(units(&app, &admin).await.iter().any(|u| u.id == "U201" && u.level == 3));
}

#[tokio::test]
async fn wrong_columns_are_reported_on_the_header_row() {
    let app = TestApp::new();
    let admin = app.login("admin").await;
    let body = "单位编号,单位名称,星级,地址\nU300,某单位,五星,某处\n";
    let request = english(authorized(csv("/api/v1/registry/import/units", body), &admin));
    let (status, failure): (_, ImportFailure) = app.json(request).await;
    assert_eq!(
        (status, failure.code.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "import.invalid")
    );
    let errors = &failure.report.errors;
    assert!(errors.iter().all(|e| e.row == 1), "{errors:?}");
    assert_eq!(errors[0].column.as_deref(), Some("星级"));
    assert_eq!(errors[0].zh, "未知的列「星级」");
    let missing: Vec<&str> = errors[1..].iter().filter_map(|e| e.column.as_deref()).collect();
    assert_eq!(missing, ["等级", "人员密集场所", "县（区）", "乡镇（街道）", "行业主管部门"]);
    assert_eq!(failure.details[0], "row 1, column \"星级\": unknown column \"星级\"");
}

#[tokio::test]
async fn every_bad_row_is_reported_and_nothing_is_imported() {
    let app = TestApp::new();
    let admin = app.login("admin").await;
    let before = units(&app, &admin).await;
    let body = format!(
        "{UNIT_HEADER}\n\
         U400,好的一行,1,否,,C01,T01,县消防救援大队,城关派出所,县商务局,甲\n\
         U401,等级错误,四级,否,,C01,T01,县消防救援大队,城关派出所,县商务局,乙\n\
         U402,没有这个乡镇,2,否,,C01,T09,县消防救援大队,城关派出所,县商务局,丙\n\
         U400,重复的编号,2,否,,C01,T01,县消防救援大队,城关派出所,县商务局,丁\n\
         U403,缺少依据,3,是,,C01,T02,,东关派出所,县商务局,戊\n"
    );
    let request = authorized(csv("/api/v1/registry/import/units", &body), &admin);
    let (status, failure): (_, ImportFailure) = app.json(request).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let found: Vec<(usize, Option<&str>)> =
        failure.report.errors.iter().map(|e| (e.row, e.column.as_deref())).collect();
    assert_eq!(
        found,
        [
            (3, Some("等级")),
            (4, Some("乡镇（街道）")),
            (5, Some("单位编号")),
            (6, Some("人员密集依据")),
        ]
    );
    let duplicate = &failure.report.errors[2];
    assert_eq!(duplicate.en, "id \"U400\" repeats row 2");
    assert!(failure.report.errors[1].zh.contains("T09"));
    assert_eq!(failure.details[0], "第3行「等级」：「四级」无效，应为1、2、3 或 一级、二级、三级");
    assert_eq!(units(&app, &admin).await, before, "the good row was not imported either");
}

#[tokio::test]
async fn an_oversize_upload_is_413_and_a_large_one_is_read() {
    let app = TestApp::new();
    let admin = app.login("admin").await;

    let huge = vec![b'x'; 50 * 1024 * 1024];
    let request = upload("/api/v1/registry/import/units", "text/csv", huge);
    let (status, error): (_, ErrorBody) = app.json(authorized(request, &admin)).await;
    assert_eq!((status, error.code.as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "request.too_large"));

    // Above the 8 MiB of every other route and within the import's own limit: read, and
    // refused for what it holds rather than for its size.
    const { assert!(MAX_IMPORT_BYTES > crate::routes::MAX_BODY_BYTES + 1024 * 1024) };
    let mut large = format!("{UNIT_HEADER},备注\n").into_bytes();
    large.resize(crate::routes::MAX_BODY_BYTES + 1024 * 1024, b'x');
    let request = upload("/api/v1/registry/import/units", "text/csv", large);
    let (status, failure): (_, ImportFailure) = app.json(authorized(request, &admin)).await;
    assert_eq!(
        (status, failure.code.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "import.invalid")
    );
}

#[tokio::test]
async fn files_that_are_not_csv_or_xlsx_are_415() {
    let app = TestApp::new();
    let admin = app.login("admin").await;
    let cases = [
        upload(
            "/api/v1/registry/import/units",
            "application/vnd.ms-excel",
            vec![0xD0, 0xCF, 0x11, 0xE0, 0, 0],
        ),
        upload("/api/v1/registry/import/units", "image/png", b"\x89PNG\r\n".to_vec()),
        upload("/api/v1/registry/import/units?format=xlsx", "text/csv", b"a,b\n1,2\n".to_vec()),
        upload("/api/v1/registry/import/units?format=pdf", "text/csv", b"a,b\n".to_vec()),
    ];
    for request in cases {
        let (status, error): (_, ErrorBody) = app.json(authorized(request, &admin)).await;
        assert_eq!(
            (status, error.code.as_str()),
            (StatusCode::UNSUPPORTED_MEDIA_TYPE, "import.unsupported_format")
        );
    }

    // Excel's default CSV encoding in China is GBK: refused with advice, not garbled.
    let gbk = upload("/api/v1/registry/import/units", "text/csv", b"\xB5\xA5\xCE\xBB\n".to_vec());
    let (status, failure): (_, ImportFailure) = app.json(authorized(gbk, &admin)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(failure.report.errors[0].zh.contains("UTF-8"));
}

#[tokio::test]
async fn only_an_administrator_imports() {
    let app = TestApp::new();
    let lijun = app.login("lijun").await;
    let request = csv("/api/v1/registry/import/units", UNIT_HEADER);
    let (status, error): (_, ErrorBody) = app.json(authorized(request, &lijun)).await;
    assert_eq!((status, error.code.as_str()), (StatusCode::FORBIDDEN, "auth.forbidden"));
}

#[tokio::test]
async fn an_export_imports_back_unchanged_in_both_formats_and_languages() {
    let app = TestApp::new();
    let admin = app.login("admin").await;
    let (_, before): (_, Vec<KeyUnit>) =
        app.json(authorized(get("/api/v1/registry/units"), &admin)).await;

    for (kind, query, count) in [
        ("units", "", before.len()),
        ("units", "?format=xlsx&headers=en", before.len()),
        ("officials", "?format=xlsx", 23),
        ("officials", "?headers=en", 23),
    ] {
        let path = format!("/api/v1/registry/export/{kind}{query}");
        let (status, headers, bytes) = app.send(authorized(get(&path), &admin)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains(kind));
        let request =
            upload(&format!("/api/v1/registry/import/{kind}"), "application/octet-stream", bytes);
        let (status, report): (_, ImportReport) = app.json(authorized(request, &admin)).await;
        assert_eq!(status, StatusCode::OK, "{path}: {report:?}");
        assert_eq!((report.created, report.updated), (0, count), "{path}");
    }
    let (_, after): (_, Vec<KeyUnit>) =
        app.json(authorized(get("/api/v1/registry/units"), &admin)).await;
    assert_eq!(after, before);
}

#[tokio::test]
async fn groups_import_whole_and_a_broken_group_names_its_rule() {
    let app = TestApp::new();
    let admin = app.login("admin").await;
    let (_, before): (_, GuidanceGroup) =
        app.json(authorized(get("/api/v1/registry/groups/U005"), &admin)).await;

    // U005 is level 3: a fire officer has no place in its group.
    let body = "单位编号,人员编号,身份,任职日期,离任日期\n\
                U005,O010,,2026-01-01,\nU005,O003,,2026-01-01,\nU005,O021,,2026-01-01,\n\
                U005,O031,,2026-01-01,\nU005,O040,,2026-01-01,\nU005,O002,,2026-01-01,\n\
                U999,O001,,2026-01-01,\n";
    let request = english(authorized(csv("/api/v1/registry/import/groups", body), &admin));
    let (status, failure): (_, ImportFailure) = app.json(request).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let en: Vec<&str> = failure.report.errors.iter().map(|e| e.en.as_str()).collect();
    assert!(en.contains(&"no unit \"U999\""), "{en:?}");
    assert!(
        en.contains(
            &"guidance group of unit U005: art. 2: the guidance group of a level 3 unit \
                      has no place for a fire supervision officer (O002)"
        ),
        "{en:?}"
    );
    let (_, unchanged): (_, GuidanceGroup) =
        app.json(authorized(get("/api/v1/registry/groups/U005"), &admin)).await;
    assert_eq!(unchanged, before);

    let good = body.lines().take(6).collect::<Vec<_>>().join("\n");
    let request = authorized(csv("/api/v1/registry/import/groups", &good), &admin);
    let (status, report): (_, ImportReport) = app.json(request).await;
    assert_eq!(status, StatusCode::OK, "{report:?}");
    assert_eq!((report.rows, report.updated), (5, 1));
    let (_, replaced): (_, GuidanceGroup) =
        app.json(authorized(get("/api/v1/registry/groups/U005"), &admin)).await;
    assert_eq!(replaced.members.len(), 5);
}
