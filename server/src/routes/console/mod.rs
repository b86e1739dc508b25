//! `/api/v1/console/...`: the township centre's reconciliation console. Only a township
//! centre (over its township) and a county administrator (over the county) may use it.
//!
//! Every edit the console makes (a review, a resolved conflict) is written into the
//! record's own document and stored as an ordinary change without a device, so it
//! reaches the official's phones by the next sync like any other change.

mod conflicts;
mod devices;
mod history;
mod months;
mod reviews;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::routing::{get, post};
use baolian_shared::api::{Role, UserInfo};
use baolian_shared::conflict::conflicts;
use baolian_shared::inspection::Inspection;
use baolian_shared::{ErrorCode, InspectionDoc};
use rusqlite::Connection;

use crate::AppState;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::scope::Scope;
use crate::store::records::{self, Flags, Origin};
use crate::store::{StoreError, local_date, now_ms};

/// The console's routes, to nest under `/api/v1/console`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/devices", get(devices::list))
        .route("/devices/{id}/revoke", post(devices::revoke))
        .route("/reviews", get(reviews::list))
        .route("/records/{id}/review", post(reviews::review))
        .route("/conflicts", get(conflicts::list))
        .route("/records/{id}/resolve", post(conflicts::resolve_field))
        .route("/records/{id}/history", get(history::history))
        .route("/months/{month}", get(months::ledger))
        .route("/months/{month}/close", post(months::close))
}

/// A township centre or county administrator, with its scope at the request's time.
#[derive(Debug, Clone)]
pub struct ConsoleUser {
    /// The account.
    pub user: UserInfo,
    /// Its scope today.
    pub scope: Scope,
    /// The server's clock when the request arrived.
    pub now_ms: i64,
}

impl ConsoleUser {
    /// The township the account answers for: its own for a centre, `None` (the whole
    /// county) for an administrator.
    fn township(&self) -> Option<&str> {
        match self.user.role {
            Role::TownshipCentre => self.user.township_id.as_deref(),
            _ => None,
        }
    }
}

impl FromRequestParts<AppState> for ConsoleUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Authenticated { user, .. } = Authenticated::from_request_parts(parts, state).await?;
        let allowed = match user.role {
            // A centre account without its township would see nothing; refuse it plainly.
            Role::TownshipCentre => user.township_id.is_some(),
            Role::CountyAdmin => true,
            _ => false,
        };
        if !allowed {
            tracing::warn!(role = user.role.as_str(), "console refused to this account");
            return Err(ApiError::new(ErrorCode::AuthForbidden));
        }
        let now_ms = now_ms();
        let scope = Scope::of(&user, local_date(now_ms));
        Ok(ConsoleUser { user, scope, now_ms })
    }
}

/// Loads a record in scope as a document; a record outside the scope reads as absent,
/// so ids cannot be probed.
fn load_in_scope(conn: &Connection, scope: &Scope, id: &str) -> Result<InspectionDoc, ApiError> {
    let stored = records::load(conn, id)?.ok_or(StoreError::NotFound)?;
    if !scope.contains(conn, &stored.unit_id, &stored.author)? {
        return Err(ApiError::new(ErrorCode::NotFound));
    }
    let doc = stored.load().map_err(|error| {
        tracing::error!(doc.id = %id, %error, "a stored document does not load");
        ApiError::new(ErrorCode::Internal)
    })?;
    Ok(InspectionDoc::from_automerge(doc))
}

/// Reads a stored document that must be a record; anything else is a server fault.
fn read_stored(doc: &InspectionDoc, id: &str) -> Result<Inspection, ApiError> {
    doc.read().map_err(|error| {
        tracing::error!(doc.id = %id, %error, "a stored record does not read");
        ApiError::new(ErrorCode::Internal)
    })
}

/// Stores what the console changed in the record `id` since `heads_before`, as a change
/// of the console's account without a device.
fn store_edit(
    conn: &Connection,
    console: &ConsoleUser,
    id: &str,
    doc: &mut InspectionDoc,
    heads_before: &[automerge::ChangeHash],
) -> Result<Inspection, ApiError> {
    let record = read_stored(doc, id)?;
    // A console edit is not a late edit of the content: the month's ledger already
    // shows the review, and an official's later correction is flagged by sync.
    let flags = Flags { conflicts: conflicts(doc.automerge()).len(), late_edit: false };
    let origin =
        Origin { username: &console.user.username, device_id: None, at_ms: console.now_ms };
    records::save(conn, &record, doc.automerge(), heads_before, origin, flags)?;
    Ok(record)
}
