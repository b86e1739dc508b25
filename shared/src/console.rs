//! Wire types of the township centre's reconciliation console (`/api/v1/console/...`):
//! devices, reviews, conflicts, change history and month closing.
//!
//! Only a township centre (for its township) and a county administrator use these
//! routes; the PWA's console page reads the same types.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::inspection::RecordStatus;
use crate::review::ReviewState;
use crate::signature::SignerCapacity;

/// A device as listed to the township centre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceSummary {
    /// The device id.
    pub id: String,
    /// The account.
    pub username: String,
    /// The account's full name.
    pub display_name: String,
    /// The device's name.
    pub name: String,
    /// The app version it last reported.
    pub app_version: String,
    /// When it enrolled.
    pub enrolled_at_ms: i64,
    /// When it last made any request.
    pub last_seen_ms: i64,
    /// When it last completed a sync round.
    pub last_sync_ms: Option<i64>,
    /// Changes it reported as not yet acknowledged, at its last sync.
    pub pending_changes: u32,
    /// When it was revoked.
    pub revoked_at_ms: Option<i64>,
}

/// Which records `GET /api/v1/console/reviews?state=` lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewFilter {
    /// Submitted and not reviewed yet.
    #[default]
    Awaiting,
    /// Returned to their official.
    Returned,
    /// Accepted into the ledger.
    Accepted,
}

impl ReviewFilter {
    /// The review state the filter selects.
    pub fn state(self) -> ReviewState {
        match self {
            ReviewFilter::Awaiting => ReviewState::None,
            ReviewFilter::Returned => ReviewState::Returned,
            ReviewFilter::Accepted => ReviewState::Accepted,
        }
    }
}

/// One record as the console lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleRecord {
    /// Record id.
    pub id: String,
    /// The unit inspected.
    pub unit_id: String,
    /// The unit's name.
    pub unit_name: String,
    /// User name of the author.
    pub author: String,
    /// Local date of the visit.
    pub date: NaiveDate,
    /// Draft or submitted.
    pub status: RecordStatus,
    /// Where the record stands in the review.
    pub review_state: ReviewState,
    /// Items failed.
    pub failed: usize,
    /// Whether a change reached the server after its month was closed.
    pub late_edit: bool,
    /// Fields holding concurrent values.
    pub conflicts: usize,
    /// When the server last stored a change, milliseconds since the Unix epoch.
    pub updated_at_ms: i64,
    /// Whether the unit has signed the record.
    #[serde(default)]
    pub signed: bool,
    /// Whether its content changed after the unit signed it.
    #[serde(default)]
    pub changed_after_signing: bool,
    /// The duty the record fulfils, for example `TWN-SELF`.
    #[serde(default)]
    pub activity: String,
}

/// The body of `POST /api/v1/console/records/{id}/review`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "lowercase")]
pub enum ReviewDecision {
    /// Accept the record into the township's ledger.
    Accept,
    /// Return it to its official, who must be told why.
    Return {
        /// Why; must not be blank.
        #[serde(default)]
        reason: String,
    },
}

/// One value of a conflicting field, with who wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictSide {
    /// The value as text.
    pub value: String,
    /// Hex id of the automerge actor that wrote it.
    pub actor: String,
    /// The account that sent the actor's last change, if the server knows it.
    pub username: Option<String>,
    /// The device that sent it, if it came through sync.
    pub device_id: Option<String>,
    /// When the server received it.
    pub received_at_ms: Option<i64>,
}

/// One field with concurrent values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictField {
    /// Where the field is, as in [`crate::conflict::FieldConflict::path`].
    pub path: Vec<String>,
    /// The values side by side, the one automerge currently shows first.
    pub values: Vec<ConflictSide>,
}

/// A record with conflicting fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordConflicts {
    /// The record as listed.
    pub record: ConsoleRecord,
    /// Its conflicting fields.
    pub fields: Vec<ConflictField>,
    /// Set when the record changed after the unit signed it.
    #[serde(default)]
    pub signature: Option<SignatureMismatch>,
}

/// A signed record whose content no longer matches what the unit signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureMismatch {
    /// Who signed.
    pub signer: String,
    /// In what capacity.
    pub capacity: SignerCapacity,
    /// When, by the signing device's clock.
    pub signed_at_ms: i64,
    /// The content hash the unit signed.
    pub signed_hash: String,
    /// The content hash of the record as the server holds it now.
    pub current_hash: String,
    /// The changes that are not part of what was signed (made after signing, or
    /// concurrently with it), in the order the server received them: who changed the
    /// record after the unit signed.
    pub changes_after: Vec<ChangeEntry>,
}

/// The body of `POST /api/v1/console/records/{id}/resolve`: the value to keep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    /// The field, as listed.
    pub path: Vec<String>,
    /// One of its listed values.
    pub value: String,
}

/// One stored change of a record, for its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeEntry {
    /// The change hash, hex.
    pub hash: String,
    /// The automerge actor that made it, hex.
    pub actor: String,
    /// The account that sent it.
    pub username: String,
    /// The device that sent it, if it came through sync.
    pub device_id: Option<String>,
    /// When the server received it.
    pub received_at_ms: i64,
    /// The change's own timestamp, from the device's clock.
    pub change_time_ms: i64,
}

/// Who closed a month, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthClosure {
    /// User name of the township centre account.
    pub closed_by: String,
    /// When, milliseconds since the Unix epoch.
    pub closed_at_ms: i64,
}

/// `GET /api/v1/console/months/{YYYY-MM}`: one township's ledger of one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthLedger {
    /// The township.
    pub township_id: String,
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Set once the centre has confirmed the month.
    pub closed: Option<MonthClosure>,
    /// Every record of the township dated in the month, oldest visit first.
    pub records: Vec<ConsoleRecord>,
    /// Ids of those records changed after the month was closed.
    pub late_edits: Vec<String>,
}

/// Whether `month` is a month in the form `YYYY-MM`.
pub fn is_month(month: &str) -> bool {
    month.len() == 7 && NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_read_as_the_api_documents_them() {
        let accept: ReviewDecision = serde_json::from_str(r#"{"decision":"accept"}"#).unwrap();
        assert_eq!(accept, ReviewDecision::Accept);
        let back: ReviewDecision =
            serde_json::from_str(r#"{"decision":"return","reason":"缺照片"}"#).unwrap();
        assert_eq!(back, ReviewDecision::Return { reason: "缺照片".into() });
        let bare: ReviewDecision = serde_json::from_str(r#"{"decision":"return"}"#).unwrap();
        assert_eq!(bare, ReviewDecision::Return { reason: String::new() });
        assert!(serde_json::from_str::<ReviewDecision>(r#"{"decision":"maybe"}"#).is_err());
    }

    #[test]
    fn months_are_checked() {
        assert!(is_month("2026-03"));
        assert!(!is_month("2026-13"));
        assert!(!is_month("2026-3"));
        assert!(!is_month("2026-03-01"));
        assert!(!is_month("abcd-ef"));
    }
}
