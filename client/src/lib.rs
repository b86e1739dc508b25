//! Baolian PWA: the officials' phone app, compiled to WebAssembly.
//!
//! Everything an official does is written to the browser's IndexedDB first and synced
//! to the server when a connection exists; the service worker (`static/sw.js`) caches
//! the app shell so the app starts without a network. The crate is empty on targets
//! other than wasm32, so `cargo check --workspace` stays native-friendly.

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod i18n;
#[cfg(target_arch = "wasm32")]
mod pages;
#[cfg(target_arch = "wasm32")]
mod store;
#[cfg(target_arch = "wasm32")]
mod sync;

/// Entry point called by the wasm-bindgen glue once the module is instantiated.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
