//! Baolian PWA (built for wasm32 only).
