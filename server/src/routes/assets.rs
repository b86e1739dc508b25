//! The built PWA, served from the assets folder.
//!
//! Every file is sent with `Cache-Control: no-cache`: the service worker, not the HTTP
//! cache, decides what the phone keeps, and it must always see a new `sw.js` at once.
//! Paths that name no file get `index.html`, so the app can be opened at any path.

use std::path::Path;

use axum::http::{HeaderValue, header};
use tower::Layer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};

pub fn service(assets: &Path) -> SetResponseHeader<ServeDir<ServeFile>, HeaderValue> {
    let files = ServeDir::new(assets).fallback(ServeFile::new(assets.join("index.html")));
    SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))
        .layer(files)
}
