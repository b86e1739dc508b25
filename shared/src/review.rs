//! The township centre's review of a guidance record: accepted, or returned to its
//! official with a reason.
//!
//! The review lives in the record's own document (root scalars `review_state`,
//! `review_reason`, `reviewed_by`, `reviewed_at_ms`), so it reaches the official's
//! phone through the ordinary sync. Only the server writes these keys, on behalf of a
//! township centre or county administrator; it refuses a device change that touches
//! them.

use serde::{Deserialize, Serialize};

use crate::error::Lang;

/// Where a record stands in the centre's review.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewState {
    /// Not reviewed yet.
    #[default]
    None,
    /// Accepted into the township's ledger.
    Accepted,
    /// Returned to the official to correct.
    Returned,
}

impl ReviewState {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::None => "none",
            ReviewState::Accepted => "accepted",
            ReviewState::Returned => "returned",
        }
    }

    /// Parses the stored form.
    pub fn parse(value: &str) -> Option<ReviewState> {
        match value {
            "none" => Some(ReviewState::None),
            "accepted" => Some(ReviewState::Accepted),
            "returned" => Some(ReviewState::Returned),
            _ => None,
        }
    }

    /// The label shown to users.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ReviewState::None, Lang::Zh) => "待审核",
            (ReviewState::Accepted, Lang::Zh) => "已通过",
            (ReviewState::Returned, Lang::Zh) => "已退回",
            (ReviewState::None, Lang::En) => "awaiting review",
            (ReviewState::Accepted, Lang::En) => "accepted",
            (ReviewState::Returned, Lang::En) => "returned",
        }
    }
}

/// The review of one record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// The outcome.
    pub state: ReviewState,
    /// Why the record was returned; empty otherwise.
    pub reason: String,
    /// User name of the reviewer.
    pub by: String,
    /// When it was reviewed, milliseconds since the Unix epoch; 0 if never.
    pub at_ms: i64,
}
