//! The Baolian server: master records in SQLite, automerge sync with the phones, and
//! the PWA with its JSON API.
//!
//! [`app`] builds the whole HTTP application from an [`AppState`], so tests drive the
//! router without a socket; `main.rs` only parses flags, opens the store and listens.

pub mod auth;
pub mod config;
pub mod demo;
pub mod error;
pub mod registry;
pub mod routes;
pub mod schedule;
pub mod scope;
pub mod store;
pub mod sync;
pub mod transfer;

use std::path::PathBuf;

use axum::Router;

use crate::store::Store;

/// What every request handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The master records.
    pub store: Store,
    /// The folder of the built PWA.
    pub assets: PathBuf,
}

/// The whole application.
pub fn app(state: AppState) -> Router {
    routes::router(state)
}

#[cfg(test)]
mod tests;
