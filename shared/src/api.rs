//! Wire types of the JSON API under `/api/v1/`, shared by the server and the PWA.

use serde::{Deserialize, Serialize};

use crate::inspection::{Inspection, RecordStatus};

/// `POST /api/v1/login` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginRequest {
    /// The account's user name.
    pub username: String,
    /// The account's password, checked against its stored hash.
    pub password: String,
}

/// `POST /api/v1/login` answer: a bearer token and who it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginResponse {
    /// Sent as `Authorization: Bearer <token>` on every later request.
    pub token: String,
    /// When the token stops working, milliseconds since the Unix epoch.
    pub expires_at_ms: i64,
    /// The account.
    pub user: UserInfo,
}

/// The role an account acts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A liaison official who visits units.
    Official,
    /// A township fire-safety service centre.
    TownshipCentre,
    /// A county administrator.
    CountyAdmin,
}

impl Role {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Official => "official",
            Role::TownshipCentre => "township_centre",
            Role::CountyAdmin => "county_admin",
        }
    }

    /// Parses the stored form.
    pub fn parse(value: &str) -> Option<Role> {
        match value {
            "official" => Some(Role::Official),
            "township_centre" => Some(Role::TownshipCentre),
            "county_admin" => Some(Role::CountyAdmin),
            _ => None,
        }
    }

    /// The role's name in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Official => "包联人员",
            Role::TownshipCentre => "乡镇消防安全服务中心",
            Role::CountyAdmin => "县级管理员",
        }
    }
}

/// An account as shown to its owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    /// Login name.
    pub username: String,
    /// Full name.
    pub display_name: String,
    /// What the account does.
    pub role: Role,
    /// The body the person works for, for example a township government.
    pub body: String,
}

/// A key unit as listed to officials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitSummary {
    /// Stable unit id.
    pub id: String,
    /// The unit's name.
    pub name: String,
    /// Fire-safety level, 1 to 3.
    pub level: u8,
    /// Whether the premises are a crowded place.
    pub crowded: bool,
    /// The township the unit lies in.
    pub township: String,
    /// Street address.
    pub address: String,
}

/// One inspection in the server's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectionSummary {
    /// Record id.
    pub id: String,
    /// The unit inspected.
    pub unit_id: String,
    /// Local date of the visit.
    pub date: chrono::NaiveDate,
    /// User name of the author.
    pub author: String,
    /// Draft or submitted.
    pub status: RecordStatus,
    /// Items answered so far.
    pub answered: usize,
    /// Items failed.
    pub failed: usize,
    /// When the server last stored a change, milliseconds since the Unix epoch.
    pub updated_at_ms: i64,
}

/// One inspection as held by the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectionDetail {
    /// The record's content.
    pub record: Inspection,
    /// Heads of the stored document, sorted hex.
    pub heads: Vec<String>,
    /// When the server last stored a change, milliseconds since the Unix epoch.
    pub updated_at_ms: i64,
}

/// The body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Stable machine code, see [`crate::ErrorCode`].
    pub code: String,
    /// Message in the language the client asked for (Chinese by default).
    pub message: String,
    /// Per-field explanations, when the error is about a record's content.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
}
