//! `GET /api/v1/console/months/{YYYY-MM}` and `POST .../close`: a township's monthly
//! ledger, and the centre confirming it. A record changed after its month was closed is
//! flagged by sync (`late_edit`) and listed in the ledger.
//!
//! A township centre works on its own township; a county administrator names one with
//! `?township=`.

use axum::Json;
use axum::extract::{Path, State};
use baolian_shared::ErrorCode;
use baolian_shared::console::{MonthLedger, is_month};
use rusqlite::Connection;
use serde::Deserialize;

use super::ConsoleUser;
use crate::AppState;
use crate::error::{ApiError, ApiQuery};
use crate::store::{StoreError, ledger};

/// The query of the month routes.
#[derive(Debug, Deserialize)]
pub struct MonthQuery {
    township: Option<String>,
}

pub async fn ledger(
    State(state): State<AppState>,
    console: ConsoleUser,
    Path(month): Path<String>,
    ApiQuery(query): ApiQuery<MonthQuery>,
) -> Result<Json<MonthLedger>, ApiError> {
    let township = township_of(&console, query, &month)?;
    let ledger = state
        .store
        .call(move |conn| {
            if !ledger::township_exists(conn, &township)? {
                return Err(StoreError::NotFound);
            }
            read_ledger(conn, township, month)
        })
        .await?;
    Ok(Json(ledger))
}

pub async fn close(
    State(state): State<AppState>,
    console: ConsoleUser,
    Path(month): Path<String>,
    ApiQuery(query): ApiQuery<MonthQuery>,
) -> Result<Json<MonthLedger>, ApiError> {
    let township = township_of(&console, query, &month)?;
    let username = console.user.username.clone();
    let closed = state
        .store
        .call(move |conn| {
            if !ledger::township_exists(conn, &township)? {
                return Err(StoreError::NotFound);
            }
            if !ledger::close_month(conn, &township, &month, &username, console.now_ms)? {
                return Ok(None);
            }
            tracing::info!(township.id = %township, month = %month, "month closed");
            read_ledger(conn, township, month).map(Some)
        })
        .await?;
    closed.map(Json).ok_or(ApiError::new(ErrorCode::MonthAlreadyClosed))
}

/// Checks the month and works out the township the request is about.
fn township_of(console: &ConsoleUser, query: MonthQuery, month: &str) -> Result<String, ApiError> {
    if !is_month(month) {
        return Err(ApiError::new(ErrorCode::RequestMalformed));
    }
    match (console.township(), query.township) {
        (Some(own), Some(asked)) if asked != own => {
            tracing::warn!(township.id = %asked, "a centre asked for another township");
            Err(ApiError::new(ErrorCode::AuthForbidden))
        }
        (Some(own), _) => Ok(own.to_owned()),
        (None, Some(asked)) => Ok(asked),
        (None, None) => Err(ApiError::new(ErrorCode::RequestMalformed)),
    }
}

fn read_ledger(
    conn: &Connection,
    township: String,
    month: String,
) -> Result<MonthLedger, StoreError> {
    let records = ledger::month_records(conn, &township, &month)?;
    let late_edits = records.iter().filter(|r| r.late_edit).map(|r| r.id.clone()).collect();
    let closed = ledger::closure(conn, &township, &month)?;
    Ok(MonthLedger { township_id: township, month, closed, records, late_edits })
}
