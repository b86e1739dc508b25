//! The user interface language: Simplified Chinese first, English second.
//!
//! Texts are written inline as `tr(lang, "中文", "English")` pairs so each screen reads
//! in both languages at the place it is built. The choice is kept in local storage.

use baolian_shared::error::Lang;
use gloo::storage::{LocalStorage, Storage};

const LANG_KEY: &str = "baolian.lang";

/// Picks the text of the current language.
pub fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The language chosen on this device, Chinese unless English was picked.
pub fn saved_lang() -> Lang {
    match LocalStorage::get::<String>(LANG_KEY).as_deref() {
        Ok("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// Remembers the language on this device.
pub fn save_lang(lang: Lang) {
    let value = if lang == Lang::En { "en" } else { "zh" };
    // Losing the preference is harmless: the app falls back to Chinese.
    let _ = LocalStorage::set(LANG_KEY, value);
}
