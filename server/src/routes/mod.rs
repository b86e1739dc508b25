//! The HTTP surface: one file per resource, assembled into one router here.

mod assets;
mod console;
mod health;
mod inspections;
mod login;
pub mod registry;
mod schedule;
mod sync;
mod units;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::routing::{get, post};
use tower_http::trace::TraceLayer;

use crate::AppState;
use crate::error::{api_not_found, render_errors};

/// The largest request body accepted, in bytes. A full sync round of
/// [`baolian_shared::sync::MAX_DOCS_PER_REQUEST`] new records is far below it.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Builds the whole application: API, health check and the PWA.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/login", post(login::login))
        .route("/units", get(units::list))
        .route("/inspections", get(inspections::list))
        .route("/inspections/{id}", get(inspections::detail))
        .route("/sync", post(sync::sync))
        .route("/schedule", get(schedule::schedule))
        .route("/schedule/context", get(schedule::context))
        .nest("/registry", registry::router())
        .nest("/console", console::router())
        .fallback(api_not_found);

    Router::new()
        .nest("/api/v1", api)
        .route("/healthz", get(health::healthz))
        .fallback_service(assets::service(&state.assets))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(render_errors))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}

/// One span per request, named by its route template rather than its raw path.
fn request_span(request: &Request) -> tracing::Span {
    let route = request.extensions().get::<MatchedPath>().map_or("(static)", MatchedPath::as_str);
    tracing::info_span!(
        "request",
        http.method = %request.method(),
        http.route = route,
        user.id = tracing::field::Empty,
        device.id = tracing::field::Empty,
    )
}
