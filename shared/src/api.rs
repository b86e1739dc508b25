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
    /// The device logging in; the login enrols it and returns its own credential.
    #[serde(default)]
    pub device: Option<DeviceInfo>,
}

/// What a device says about itself when it enrols.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    /// The id this device was given at an earlier login of the same account, to keep
    /// one entry per phone; a fresh id is issued otherwise.
    #[serde(default)]
    pub previous_id: Option<String>,
    /// A name people recognise, such as the browser and phone model.
    pub name: String,
    /// The version of the app.
    pub app_version: String,
}

/// `POST /api/v1/login` answer: the device's credential and who it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginResponse {
    /// Sent as `Authorization: Bearer <token>` on every later request. It is this
    /// device's own credential: it works until revoked, or until the device has not been
    /// seen for [`DEVICE_IDLE_LIFETIME_MS`].
    pub token: String,
    /// The enrolled device.
    #[serde(default)]
    pub device_id: String,
    /// When the credential lapses if the device is not seen again, milliseconds since
    /// the Unix epoch; every request moves it forward.
    pub expires_at_ms: i64,
    /// The account.
    pub user: UserInfo,
}

/// How long a device credential stays valid without being used: half a year, because
/// an official may spend weeks without a signal and must still be able to sync.
pub const DEVICE_IDLE_LIFETIME_MS: i64 = 183 * 24 * 60 * 60 * 1000;

/// The role an account acts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A liaison official who visits units.
    Official,
    /// A key unit's manager: sees and signs the unit's own records.
    Unit,
    /// A township fire-safety service centre.
    TownshipCentre,
    /// A county administrator.
    CountyAdmin,
    /// A city-level viewer (fire safety committee), read only.
    CityViewer,
    /// A province-level viewer, read only.
    ProvinceViewer,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 6] = [
        Role::Official,
        Role::Unit,
        Role::TownshipCentre,
        Role::CountyAdmin,
        Role::CityViewer,
        Role::ProvinceViewer,
    ];

    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Official => "official",
            Role::Unit => "unit",
            Role::TownshipCentre => "township_centre",
            Role::CountyAdmin => "county_admin",
            Role::CityViewer => "city_viewer",
            Role::ProvinceViewer => "province_viewer",
        }
    }

    /// Parses the stored form.
    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == value)
    }

    /// The role's name in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Official => "包联人员",
            Role::Unit => "重点单位",
            Role::TownshipCentre => "乡镇消防安全服务中心",
            Role::CountyAdmin => "县级管理员",
            Role::CityViewer => "市级查看",
            Role::ProvinceViewer => "省级查看",
        }
    }

    /// The role's name in English.
    pub fn label_en(self) -> &'static str {
        match self {
            Role::Official => "liaison official",
            Role::Unit => "key unit",
            Role::TownshipCentre => "township fire-safety centre",
            Role::CountyAdmin => "county administrator",
            Role::CityViewer => "city viewer",
            Role::ProvinceViewer => "province viewer",
        }
    }

    /// Whether the role only reads records and never changes them.
    pub fn read_only(self) -> bool {
        matches!(self, Role::CityViewer | Role::ProvinceViewer)
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
    /// The registry entry of an official's account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official_id: Option<String>,
    /// The unit of a unit account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<String>,
    /// The township of a township centre's account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub township_id: Option<String>,
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
    /// What kind of venue it is; with `features`, decides which checklist items apply.
    #[serde(default)]
    pub kind: crate::registry::UnitKind,
    /// Its premises and systems.
    #[serde(default)]
    pub features: crate::registry::UnitFeatures,
}

impl UnitSummary {
    /// What decides the checklist items of the unit's records; `None` for a level the
    /// regulation does not know.
    pub fn traits(&self) -> Option<crate::catalogue::UnitTraits> {
        Some(crate::catalogue::UnitTraits {
            level: crate::registry::UnitLevel::from_number(self.level)?,
            crowded_place: self.crowded,
            kind: self.kind,
            features: self.features,
        })
    }
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

/// `GET /api/v1/schedule/context`: everything a device needs to work out, offline and
/// with the same code as the server, what its account owes: the units and groups of
/// its scope, the officials in them, the completed activities, and the county's duty
/// table and settings. The PWA caches it; records made on the device since are added
/// to `records` locally.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleContext {
    /// The units in scope with their level and crowded-place history.
    pub units: Vec<crate::schedule::UnitHistory>,
    /// Their guidance groups.
    pub groups: Vec<crate::registry::GuidanceGroup>,
    /// The officials of those groups.
    pub officials: Vec<crate::registry::Official>,
    /// Completed activities about those units.
    pub records: Vec<crate::schedule::ActivityRecord>,
    /// The county's duty table, with its local overrides applied.
    pub table: crate::duty::DutyTable,
    /// The county's answers to the questions the regulation leaves open.
    pub settings: crate::duty::ScheduleSettings,
    /// When the server made this, milliseconds since the Unix epoch.
    pub generated_at_ms: i64,
}

/// One problem an import found: where it is and what is wrong, in both languages, so a
/// report can be shown or saved in either.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportIssue {
    /// The row of the sheet, counting the header row as 1; 0 for the file as a whole.
    pub row: usize,
    /// The column's header as the file has it, when the problem is in one cell or column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The problem in Simplified Chinese.
    pub zh: String,
    /// The problem in English.
    pub en: String,
}

/// What an import of units, officials or guidance groups did, or would have done.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ImportReport {
    /// What was imported: `units`, `officials` or `groups`.
    pub kind: String,
    /// Data rows read, not counting the header and empty rows.
    pub rows: usize,
    /// Entries created.
    pub created: usize,
    /// Entries that existed and were replaced.
    pub updated: usize,
    /// Every problem found, by row. An import with any problem changes nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ImportIssue>,
}

/// The body of a refused import (HTTP 422, code `import.invalid`): the usual error body
/// with the full report beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportFailure {
    /// `import.invalid`.
    pub code: String,
    /// Message in the language asked for.
    pub message: String,
    /// One line per problem in the language asked for, such as `第3行「等级」：…`.
    pub details: Vec<String>,
    /// The report, with each problem in both languages.
    pub report: ImportReport,
}

/// A county's local refinement of the duties (art. 15) and its answers to the questions
/// the regulation leaves open, as `GET /api/v1/registry/settings/{county}` returns them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountySettings {
    /// Id of the county.
    pub county: String,
    /// The county's changes to the Henan duty table, in order.
    pub overrides: Vec<crate::duty::DutyOverride>,
    /// The schedule settings.
    pub settings: crate::duty::ScheduleSettings,
    /// The duty table in force: the Henan default with the overrides applied.
    pub table: crate::duty::DutyTable,
}

/// `PUT /api/v1/registry/settings/{county}` body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CountySettingsUpdate {
    /// The county's changes to the Henan duty table, replacing any earlier ones.
    pub overrides: Vec<crate::duty::DutyOverride>,
    /// The schedule settings.
    pub settings: crate::duty::ScheduleSettings,
}

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bilingual {
    /// Simplified Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

/// A unit whose guidance group breaks a rule of art. 2–5 today or on a later day its
/// membership changes, or that has no group: what `GET /api/v1/registry/problems`
/// lists, so that a county administrator sees what a change of level, of a unit's
/// department or of an official's status left to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupProblems {
    /// The unit.
    pub unit_id: String,
    /// Its name.
    pub unit_name: String,
    /// Each broken rule, naming the rule and the member.
    pub problems: Vec<Bilingual>,
}
