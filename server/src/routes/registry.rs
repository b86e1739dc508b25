//! `/api/v1/registry/…`: the county's registry of key units, liaison officials, body
//! leaders and guidance groups, its import and export, and the county settings. Only a
//! county administrator writes; reads follow the account's scope.

mod files;
mod groups;
mod leaders;
mod officials;
mod settings;
mod units;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::AppState;

/// The largest import file accepted. Generous for a county's registry (a few thousand
/// rows take well under 1 MiB as CSV), and bounded so an upload cannot exhaust memory.
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;

/// The registry routes, to nest under `/registry`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/units", get(units::list).post(units::create))
        .route("/units/{id}", get(units::detail).put(units::update))
        .route("/units/{id}/delisting", axum::routing::put(units::delist))
        .route("/officials", get(officials::list).post(officials::create))
        .route("/officials/{id}", get(officials::detail).put(officials::update))
        .route("/body-leaders", get(leaders::list))
        .route("/body-leaders/{body}", axum::routing::put(leaders::put))
        .route("/groups", get(groups::list))
        .route("/groups/{unit_id}", get(groups::detail).put(groups::put))
        .route("/problems", get(groups::problems))
        .route("/import/{kind}", post(files::import).layer(DefaultBodyLimit::max(MAX_IMPORT_BYTES)))
        .route("/export/{kind}", get(files::export))
        .route("/settings/{county}", get(settings::get).put(settings::put))
}
