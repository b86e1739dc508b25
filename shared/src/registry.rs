//! The registry of the liaison mechanism: key units, liaison officials, the accountable
//! leaders of their bodies, and the guidance groups, with the composition rules of
//! art. 2–5 of 豫政办〔2024〕58号.
//!
//! Enums carry stable string ids (`as_str`/`parse`, also their serde form) for CSV files
//! and the database; labels are for people and may be reworded.

use serde::{Deserialize, Serialize};

use crate::error::Lang;

mod group;
mod kinds;
mod violation;

pub use group::{BodyKind, BodyLeader, GroupMember, GuidanceGroup, validate_body_leaders};
pub use kinds::UnitKind;
pub use violation::RegistryViolation;

/// Implements `as_str`, `parse` and `ALL` for a fieldless enum from one table of ids, so
/// that the CSV form, the serde form and the list of variants cannot drift apart.
macro_rules! stable_ids {
    ($ty:ident { $($variant:ident = $id:literal),* $(,)? }) => {
        impl $ty {
            /// Every variant, in display order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),*];

            /// The stable id used in CSV files, the database and JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $id,)* }
            }

            /// Parses a stable id.
            pub fn parse(id: &str) -> Option<$ty> {
                match id { $($id => Some($ty::$variant),)* _ => None }
            }
        }
    };
}
pub(crate) use stable_ids;

/// The grade of a key unit, set by the fire authority (一级/二级/三级重点单位).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum UnitLevel {
    /// 一级: supervised by the fire and rescue authority.
    #[serde(rename = "1")]
    One,
    /// 二级: supervised by the fire and rescue authority.
    #[serde(rename = "2")]
    Two,
    /// 三级: routine supervision delegated to the police station.
    #[serde(rename = "3")]
    Three,
}

stable_ids!(UnitLevel { One = "1", Two = "2", Three = "3" });

impl UnitLevel {
    /// The level as officials name it: `一级` or `level 1`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (UnitLevel::One, Lang::Zh) => "一级",
            (UnitLevel::Two, Lang::Zh) => "二级",
            (UnitLevel::Three, Lang::Zh) => "三级",
            (UnitLevel::One, Lang::En) => "level 1",
            (UnitLevel::Two, Lang::En) => "level 2",
            (UnitLevel::Three, Lang::En) => "level 3",
        }
    }

    /// The level as a number, 1 to 3, as summaries and the database carry it.
    pub fn number(self) -> u8 {
        match self {
            UnitLevel::One => 1,
            UnitLevel::Two => 2,
            UnitLevel::Three => 3,
        }
    }

    /// The level of a number, 1 to 3.
    pub fn from_number(number: u8) -> Option<UnitLevel> {
        match number {
            1 => Some(UnitLevel::One),
            2 => Some(UnitLevel::Two),
            3 => Some(UnitLevel::Three),
            _ => None,
        }
    }

    /// Whether the fire authority supervises units of this level (levels 1 and 2).
    pub fn fire_supervised(self) -> bool {
        self != UnitLevel::Three
    }

    /// The members a guidance group of this level must have, one each (art. 2).
    pub fn required_roles(self) -> &'static [OfficialRole] {
        use OfficialRole::*;
        if self.fire_supervised() {
            &[Industry, Township, FireOfficer, Technician]
        } else {
            &[Industry, Township, PoliceOfficer, FireClerk, Technician]
        }
    }
}

/// The department that leads the mechanism for a unit (art. 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LeadDepartment {
    /// 消防部门: the fire and rescue authority.
    FireAuthority,
    /// 公安部门: the police.
    Police,
}

stable_ids!(LeadDepartment {
    FireAuthority = "fire-authority",
    Police = "police"
});

impl LeadDepartment {
    /// The department's name.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (LeadDepartment::FireAuthority, Lang::Zh) => "消防部门",
            (LeadDepartment::Police, Lang::Zh) => "公安部门",
            (LeadDepartment::FireAuthority, Lang::En) => "fire authority",
            (LeadDepartment::Police, Lang::En) => "police",
        }
    }
}

/// The department that leads the guidance groups of a level (art. 3): the fire
/// authority for levels 1 and 2, the police for level 3.
pub fn lead_department(level: UnitLevel) -> LeadDepartment {
    if level.fire_supervised() { LeadDepartment::FireAuthority } else { LeadDepartment::Police }
}

/// The part a liaison official plays in a guidance group (art. 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OfficialRole {
    /// 行业主管部门工作人员: staff of the industry department.
    Industry,
    /// 乡镇（街道）工作人员: staff of the township or sub-district.
    Township,
    /// 消防部门监督执法干部: fire supervision officer (levels 1 and 2).
    FireOfficer,
    /// 公安派出所民警: police officer of the local station (level 3).
    PoliceOfficer,
    /// 消防文员: fire clerk working with the police station (level 3).
    FireClerk,
    /// 专业技术人员: technician named by the unit.
    Technician,
}

stable_ids!(OfficialRole {
    Industry = "industry",
    Township = "township",
    FireOfficer = "fire-officer",
    PoliceOfficer = "police-officer",
    FireClerk = "fire-clerk",
    Technician = "technician",
});

impl OfficialRole {
    /// The role as the regulation names it, in Chinese; a lowercase gloss in English so
    /// it reads inside sentences.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (OfficialRole::Industry, Lang::Zh) => "行业主管部门工作人员",
            (OfficialRole::Township, Lang::Zh) => "乡镇（街道）工作人员",
            (OfficialRole::FireOfficer, Lang::Zh) => "消防部门监督执法干部",
            (OfficialRole::PoliceOfficer, Lang::Zh) => "公安派出所民警",
            (OfficialRole::FireClerk, Lang::Zh) => "消防文员",
            (OfficialRole::Technician, Lang::Zh) => "专业技术人员",
            (OfficialRole::Industry, Lang::En) => "industry department staff",
            (OfficialRole::Township, Lang::En) => "township staff",
            (OfficialRole::FireOfficer, Lang::En) => "fire supervision officer",
            (OfficialRole::PoliceOfficer, Lang::En) => "police officer",
            (OfficialRole::FireClerk, Lang::En) => "fire clerk",
            (OfficialRole::Technician, Lang::En) => "technician",
        }
    }

    /// Whether the role must be held by established, serving staff (在编在岗, art. 3).
    pub fn must_be_established(self) -> bool {
        matches!(self, OfficialRole::Industry | OfficialRole::Township)
    }
}

/// Whether a unit has no industry department of its own (art. 4) and how the county
/// chose the one that takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AssignmentBasis {
    /// 谁主管谁分包: the department that governs the activity takes it.
    Governs,
    /// 谁为主谁分包: the department whose business is primary there takes it.
    Primary,
    /// 谁靠近谁分包: the department whose functions are nearest takes it.
    Nearest,
}

stable_ids!(AssignmentBasis {
    Governs = "governs",
    Primary = "primary",
    Nearest = "nearest"
});

impl AssignmentBasis {
    /// The principle as art. 4 words it.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (AssignmentBasis::Governs, Lang::Zh) => "谁主管谁分包",
            (AssignmentBasis::Primary, Lang::Zh) => "谁为主谁分包",
            (AssignmentBasis::Nearest, Lang::Zh) => "谁靠近谁分包",
            (AssignmentBasis::Governs, Lang::En) => "whoever governs takes it",
            (AssignmentBasis::Primary, Lang::En) => "whoever is primary takes it",
            (AssignmentBasis::Nearest, Lang::En) => "whoever is nearest takes it",
        }
    }
}

/// The tier of government an industry department sits at (art. 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IndustryTier {
    /// 省级.
    Province,
    /// 市级.
    City,
    /// 县级: the usual case, so the default.
    #[default]
    County,
}

stable_ids!(IndustryTier {
    Province = "province",
    City = "city",
    County = "county"
});

impl IndustryTier {
    /// The tier's name.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (IndustryTier::Province, Lang::Zh) => "省级",
            (IndustryTier::City, Lang::Zh) => "市级",
            (IndustryTier::County, Lang::Zh) => "县级",
            (IndustryTier::Province, Lang::En) => "province",
            (IndustryTier::City, Lang::En) => "city",
            (IndustryTier::County, Lang::En) => "county",
        }
    }
}

/// How the county assigned an industry department to a unit that had none (art. 4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndustryAssignment {
    /// Which of the three principles of art. 4 the county applied.
    pub basis: AssignmentBasis,
    /// Why, in the county's words (for example the document number and the reasoning);
    /// required, because the principle alone does not say why this department.
    pub reason: String,
}

/// A point on a map, WGS-84 degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Latitude, −90 to 90.
    pub lat: f64,
    /// Longitude, −180 to 180.
    pub lon: f64,
}

/// What a unit has on its premises, for the checklist conditions of the catalogue.
/// Every flag defaults to `false` so that older stored units read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UnitFeatures {
    /// A fire control room (消防控制室).
    pub control_room: bool,
    /// An automatic fire alarm system (火灾自动报警系统).
    pub automatic_alarm: bool,
    /// An automatic sprinkler system (自动喷水灭火系统).
    pub sprinklers: bool,
    /// A mini fire station (微型消防站).
    pub mini_fire_station: bool,
    /// Piped gas or bottled LPG in use (燃气).
    pub gas: bool,
    /// A high-rise building (高层民用建筑), which the e-bike rules of 应急管理部令第5号
    /// art. 37 cover.
    pub high_rise: bool,
}

/// A key unit (消防安全重点单位) as the registry holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyUnit {
    /// Stable id.
    pub id: String,
    /// The unit's name as on its notice board.
    pub name: String,
    /// Its grade.
    pub level: UnitLevel,
    /// Whether its premises are a crowded place (人员密集场所, 消防法 art. 73); true if
    /// any part qualifies, which doubles some visit frequencies.
    pub crowded_place: bool,
    /// Which part of the premises makes it a crowded place and under which category of
    /// art. 73; required when `crowded_place` is set.
    pub crowded_reason: String,
    /// The kind of venue or organisation.
    pub kind: UnitKind,
    /// Street address.
    pub address: String,
    /// Where it is on a map, when known.
    pub location: Option<Location>,
    /// Id of the county (district) government that names its liaison officials.
    pub county: String,
    /// Id of the township (sub-district) it lies in.
    pub township_id: String,
    /// Id of the police station of its area.
    pub police_station: String,
    /// Id of the fire rescue authority (消防救援大队) that supervises it.
    pub fire_authority: String,
    /// Id of the industry department that regulates its sector.
    pub industry_department: String,
    /// The tier the industry department sits at (art. 5).
    #[serde(default)]
    pub industry_tier: IndustryTier,
    /// Present when the unit had no industry department and the county assigned one.
    pub industry_assignment: Option<IndustryAssignment>,
    /// Its fire-safety responsible person (消防安全责任人).
    pub responsible_person: String,
    /// Its fire-safety manager (消防安全管理人).
    pub manager: String,
    /// Its public fire-safety commitment (消防安全承诺书), printed on the notice board.
    pub commitment: String,
    /// What is on its premises.
    #[serde(default)]
    pub features: UnitFeatures,
}

impl KeyUnit {
    /// The department that leads its guidance group.
    pub fn lead_department(&self) -> LeadDepartment {
        lead_department(self.level)
    }

    /// Checks the unit's own record: required fields, the basis of a county assignment
    /// (art. 4) and the reason for a crowded-place flag. Returns every violation found.
    pub fn validate(&self) -> Result<(), Vec<RegistryViolation>> {
        let mut found = Vec::new();

        let supervisor = if self.level.fire_supervised() {
            ("fire_authority", &self.fire_authority)
        } else {
            ("police_station", &self.police_station)
        };
        let required = [
            ("id", &self.id),
            ("name", &self.name),
            ("county", &self.county),
            ("township_id", &self.township_id),
            ("industry_department", &self.industry_department),
            supervisor,
        ];
        for (field, value) in required {
            if value.trim().is_empty() {
                found.push(RegistryViolation::EmptyField { field: field.into() });
            }
        }

        if let Some(assignment) = &self.industry_assignment
            && assignment.reason.trim().is_empty()
        {
            found.push(RegistryViolation::AssignmentWithoutReason { unit: self.id.clone() });
        }
        if self.crowded_place && self.crowded_reason.trim().is_empty() {
            found.push(RegistryViolation::CrowdedWithoutReason { unit: self.id.clone() });
        }
        if let Some(Location { lat, lon }) = self.location
            && !((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon))
        {
            found.push(RegistryViolation::BadLocation { unit: self.id.clone() });
        }

        if found.is_empty() { Ok(()) } else { Err(found) }
    }
}

/// A liaison official.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Official {
    /// Stable id; also the user name the official signs records with.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Id of the body the official works for: the industry department, the township,
    /// the fire authority, the police station, or the technician's service provider.
    pub body: String,
    /// The part the official plays.
    pub role: OfficialRole,
    /// Established, serving staff (在编在岗); required of industry and township members.
    pub established: bool,
    /// Contact phone number.
    pub phone: String,
}

#[cfg(test)]
mod tests;
