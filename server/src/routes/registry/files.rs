//! `POST /api/v1/registry/import/{kind}` and `GET /api/v1/registry/export/{kind}`: the
//! registry as CSV or XLSX files (`docs/import-format.md`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use baolian_shared::ErrorCode;
use baolian_shared::api::{ImportFailure, ImportIssue, ImportReport, Role};
use baolian_shared::error::Lang;
use serde::Deserialize;

use crate::AppState;
use crate::auth::Authenticated;
use crate::error::{ApiError, ApiQuery, ClientLang};
use crate::registry::{Admin, visible_units};
use crate::scope::Scope;
use crate::store::{local_date, now_ms, registry, units};
use crate::transfer::table::Format;
use crate::transfer::{self, Entries, ImportError, Kind};

#[derive(Debug, Deserialize)]
pub struct ImportQuery {
    /// `csv` or `xlsx`; by default told from the file itself.
    #[serde(default)]
    format: Option<String>,
}

/// Imports one file. The administrator check runs before the body is read, so nobody
/// else can make the server buffer an upload.
pub async fn import(
    State(state): State<AppState>,
    Admin(user): Admin,
    ClientLang(lang): ClientLang,
    Path(kind): Path<String>,
    ApiQuery(query): ApiQuery<ImportQuery>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let kind = Kind::parse(&kind).ok_or(ApiError::new(ErrorCode::NotFound))?;
    let body = body.map_err(|rejection| {
        tracing::debug!(reason = %rejection.body_text(), "import body refused");
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(ErrorCode::RequestTooLarge),
            _ => ApiError::new(ErrorCode::RequestMalformed),
        }
    })?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let format = Format::of_upload(query.format.as_deref(), content_type, &body)
        .ok_or(ApiError::new(ErrorCode::ImportUnsupportedFormat))?;

    let today = local_date(now_ms());
    let outcome = state
        .store
        .call(move |conn| match transfer::import(conn, kind, format, &body, today) {
            Ok(report) => Ok(Some(report)),
            Err(ImportError::Unsupported) => Ok(None),
            Err(ImportError::Store(error)) => Err(error),
        })
        .await?;
    let report = outcome.ok_or(ApiError::new(ErrorCode::ImportUnsupportedFormat))?;

    tracing::info!(
        user.id = %user.username,
        import.kind = kind.as_str(),
        import.rows = report.rows,
        import.errors = report.errors.len(),
        "import"
    );
    if report.errors.is_empty() {
        return Ok(Json(report).into_response());
    }
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(failure(report, lang))).into_response())
}

/// The body of a refused import: the report, and one line per problem in `lang`.
fn failure(report: ImportReport, lang: Lang) -> ImportFailure {
    let code = ErrorCode::ImportInvalid;
    ImportFailure {
        code: code.as_str().into(),
        message: code.message(lang).into(),
        details: report.errors.iter().map(|issue| line(issue, lang)).collect(),
        report,
    }
}

fn line(issue: &ImportIssue, lang: Lang) -> String {
    match (lang, issue.row, &issue.column) {
        (Lang::Zh, 0, _) => format!("文件：{}", issue.zh),
        (Lang::Zh, row, Some(column)) => format!("第{row}行「{column}」：{}", issue.zh),
        (Lang::Zh, row, None) => format!("第{row}行：{}", issue.zh),
        (Lang::En, 0, _) => format!("file: {}", issue.en),
        (Lang::En, row, Some(column)) => format!("row {row}, column \"{column}\": {}", issue.en),
        (Lang::En, row, None) => format!("row {row}: {}", issue.en),
    }
}

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    /// `csv` (the default) or `xlsx`.
    #[serde(default)]
    format: Option<String>,
    /// `zh` (the default): Chinese headers and labels; `en`: English headers, stable ids.
    #[serde(default)]
    headers: Option<Lang>,
}

/// Exports what the account may read, in the import layout.
pub async fn export(
    State(state): State<AppState>,
    Authenticated { user, .. }: Authenticated,
    Path(kind): Path<String>,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> Result<Response, ApiError> {
    let kind = Kind::parse(&kind).ok_or(ApiError::new(ErrorCode::NotFound))?;
    let format = match query.format.as_deref() {
        None => Format::Csv,
        Some(name) => {
            Format::parse(name).ok_or(ApiError::new(ErrorCode::ImportUnsupportedFormat))?
        }
    };
    let lang = query.headers.unwrap_or_default();

    let scope = Scope::of(&user, local_date(now_ms()));
    let everyone = user.role == Role::CountyAdmin;
    let entries = state
        .store
        .call(move |conn| {
            let visible = visible_units(conn, &scope)?;
            Ok(Entries {
                units: units::list_key_units(conn)?
                    .into_iter()
                    .filter(|u| visible.contains(&u.id))
                    .collect(),
                listed: units::listed_dates(conn)?,
                officials: super::officials::visible(conn, &scope, everyone)?,
                groups: registry::list_groups(conn)?
                    .into_iter()
                    .filter(|g| visible.contains(&g.unit_id))
                    .collect(),
            })
        })
        .await?;

    let bytes = transfer::export(kind, format, &entries, lang);
    let disposition = format!("attachment; filename=\"{}.{}\"", kind.as_str(), format.extension());
    let headers = [
        (header::CONTENT_TYPE, format.content_type().to_owned()),
        (header::CONTENT_DISPOSITION, disposition),
    ];
    Ok((headers, bytes).into_response())
}
