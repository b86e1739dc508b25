//! `GET /api/v1/console/reviews?state=` and `POST /api/v1/console/records/{id}/review`:
//! the centre's review queue, and accepting or returning a record.
//!
//! The review is written into the record's document, so the official's phone receives
//! it by its next sync (its scope digest no longer matches).

use axum::Json;
use axum::extract::{Path, State};
use baolian_shared::console::{ConsoleRecord, ReviewDecision, ReviewFilter};
use baolian_shared::inspection::Inspection;
use baolian_shared::review::{Review, ReviewState};
use baolian_shared::{ErrorCode, RecordStatus};
use serde::Deserialize;

use super::{ConsoleUser, load_in_scope, read_stored, store_edit};
use crate::AppState;
use crate::error::{ApiError, ApiJson, ApiQuery};
use crate::store::ledger;

/// The query of the review queue.
#[derive(Debug, Deserialize)]
pub struct ReviewQuery {
    #[serde(default)]
    state: ReviewFilter,
}

pub async fn list(
    State(state): State<AppState>,
    console: ConsoleUser,
    ApiQuery(query): ApiQuery<ReviewQuery>,
) -> Result<Json<Vec<ConsoleRecord>>, ApiError> {
    let listed = state
        .store
        .call(move |conn| ledger::by_review(conn, &console.scope, query.state.state()))
        .await?;
    Ok(Json(listed))
}

pub async fn review(
    State(state): State<AppState>,
    console: ConsoleUser,
    Path(id): Path<String>,
    ApiJson(decision): ApiJson<ReviewDecision>,
) -> Result<Json<Inspection>, ApiError> {
    let (state_after, reason) = match decision {
        ReviewDecision::Accept => (ReviewState::Accepted, String::new()),
        ReviewDecision::Return { reason } => {
            let reason = reason.trim();
            if reason.is_empty() {
                return Err(ApiError::new(ErrorCode::ReviewReasonRequired));
            }
            (ReviewState::Returned, reason.to_owned())
        }
    };
    let review = Review {
        state: state_after,
        reason,
        by: console.user.username.clone(),
        at_ms: console.now_ms,
    };

    let record = state
        .store
        .call(move |conn| {
            let tx = conn.transaction()?;
            let outcome: Result<_, ApiError> = (|| {
                let mut doc = load_in_scope(&tx, &console.scope, &id)?;
                let current = read_stored(&doc, &id)?;
                if current.status != RecordStatus::Submitted {
                    return Err(ApiError::new(ErrorCode::ReviewNotSubmitted));
                }
                // The same decision again (a retry after a lost answer) changes nothing.
                if current.review.state == review.state && current.review.reason == review.reason {
                    return Ok(current);
                }
                let before = doc.heads();
                doc.set_review(&review);
                store_edit(&tx, &console, &id, &mut doc, &before)
            })();
            if outcome.is_ok() {
                tx.commit()?;
            }
            Ok(outcome)
        })
        .await??;
    tracing::info!(doc.id = %record.id, review = record.review.state.as_str(), "record reviewed");
    Ok(Json(record))
}
