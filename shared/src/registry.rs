//! The registry of the liaison mechanism: key units, liaison officials, the accountable
//! leaders of their bodies, and the guidance groups, with the composition rules of
//! art. 2–5 of 豫政办〔2024〕58号.
//!
//! Enums carry stable string ids (`as_str`/`parse`, also their serde form) for CSV files
//! and the database; labels are for people and may be reworded.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Lang;

mod kinds;
mod violation;

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
    if level.fire_supervised() {
        LeadDepartment::FireAuthority
    } else {
        LeadDepartment::Police
    }
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
                found.push(RegistryViolation::EmptyField {
                    field: field.into(),
                });
            }
        }

        if let Some(assignment) = &self.industry_assignment
            && assignment.reason.trim().is_empty()
        {
            found.push(RegistryViolation::AssignmentWithoutReason {
                unit: self.id.clone(),
            });
        }
        if self.crowded_place && self.crowded_reason.trim().is_empty() {
            found.push(RegistryViolation::CrowdedWithoutReason {
                unit: self.id.clone(),
            });
        }
        if let Some(Location { lat, lon }) = self.location
            && !((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon))
        {
            found.push(RegistryViolation::BadLocation {
                unit: self.id.clone(),
            });
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

/// The kind of body that must name an accountable leader (art. 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BodyKind {
    /// 消防部门.
    FireAuthority,
    /// 行业主管部门.
    IndustryDepartment,
    /// 公安派出所.
    PoliceStation,
    /// 乡镇（街道）.
    Township,
}

stable_ids!(BodyKind {
    FireAuthority = "fire-authority",
    IndustryDepartment = "industry-department",
    PoliceStation = "police-station",
    Township = "township",
});

impl BodyKind {
    /// The body that employs officials of a role, if it is one that must name a leader;
    /// fire clerks and technicians have none of their own.
    pub fn of_role(role: OfficialRole) -> Option<BodyKind> {
        match role {
            OfficialRole::Industry => Some(BodyKind::IndustryDepartment),
            OfficialRole::Township => Some(BodyKind::Township),
            OfficialRole::FireOfficer => Some(BodyKind::FireAuthority),
            OfficialRole::PoliceOfficer => Some(BodyKind::PoliceStation),
            OfficialRole::FireClerk | OfficialRole::Technician => None,
        }
    }

    /// The body's kind as officials name it.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (BodyKind::FireAuthority, Lang::Zh) => "消防部门",
            (BodyKind::IndustryDepartment, Lang::Zh) => "行业主管部门",
            (BodyKind::PoliceStation, Lang::Zh) => "公安派出所",
            (BodyKind::Township, Lang::Zh) => "乡镇（街道）",
            (BodyKind::FireAuthority, Lang::En) => "fire authority",
            (BodyKind::IndustryDepartment, Lang::En) => "industry department",
            (BodyKind::PoliceStation, Lang::En) => "police station",
            (BodyKind::Township, Lang::En) => "township",
        }
    }
}

/// The leadership member (班子成员) a body names as accountable for the mechanism at
/// that body (art. 3): one per body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyLeader {
    /// Id of the body.
    pub body: String,
    /// What kind of body it is.
    pub body_kind: BodyKind,
    /// Full name.
    pub name: String,
    /// Post within the body, for example 副局长.
    pub post: String,
    /// Contact phone number.
    pub phone: String,
}

/// Checks art. 3's leader rule: each body that has officials in a guidance group names
/// exactly one accountable leader. Returns every violation found.
pub fn validate_body_leaders(
    officials: &[Official],
    leaders: &[BodyLeader],
) -> Result<(), Vec<RegistryViolation>> {
    let mut found = Vec::new();

    let mut bodies: Vec<(&str, BodyKind)> = officials
        .iter()
        .filter_map(|o| BodyKind::of_role(o.role).map(|kind| (o.body.as_str(), kind)))
        .collect();
    bodies.sort_by_key(|(body, _)| *body);
    bodies.dedup_by_key(|(body, _)| *body);

    for (body, kind) in bodies {
        let named = leaders.iter().filter(|l| l.body == body).count();
        if named == 0 {
            found.push(RegistryViolation::NoBodyLeader {
                body: body.into(),
                kind,
            });
        } else if named > 1 {
            found.push(RegistryViolation::SeveralBodyLeaders {
                body: body.into(),
                count: named,
            });
        }
    }

    if found.is_empty() { Ok(()) } else { Err(found) }
}

/// One official's place in a guidance group, with the dates that the schedule needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupMember {
    /// Id of the official.
    pub official_id: String,
    /// The part the official plays in this group; must equal the official's role.
    pub role: OfficialRole,
    /// The day the county assigned the official to the unit.
    pub assigned_on: NaiveDate,
    /// The first day the official no longer serves, if released or replaced.
    pub until: Option<NaiveDate>,
}

impl GroupMember {
    /// Whether the official serves the unit on a date.
    pub fn serves_on(&self, date: NaiveDate) -> bool {
        self.assigned_on <= date && self.until.is_none_or(|until| date < until)
    }
}

/// The guidance group (联合指导组) of one key unit: its liaison officials over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuidanceGroup {
    /// Id of the unit.
    pub unit_id: String,
    /// Current and past members.
    pub members: Vec<GroupMember>,
}

impl GuidanceGroup {
    /// The members serving on a date.
    pub fn members_on(&self, date: NaiveDate) -> impl Iterator<Item = &GroupMember> {
        self.members.iter().filter(move |m| m.serves_on(date))
    }

    /// Checks the group's composition on a date against the unit's level (art. 2–5):
    /// one member of each required role, no role foreign to the level, no duplicate,
    /// industry and township members established, and each member from the body that
    /// the unit's record names for that role. Returns every violation found, in a
    /// stable order.
    pub fn validate(
        &self,
        unit: &KeyUnit,
        officials: &[Official],
        on: NaiveDate,
    ) -> Result<(), Vec<RegistryViolation>> {
        let mut found = Vec::new();
        if self.unit_id != unit.id {
            found.push(RegistryViolation::WrongUnit {
                group_unit: self.unit_id.clone(),
                unit: unit.id.clone(),
            });
        }
        let members: Vec<&GroupMember> = self.members_on(on).collect();

        for member in &members {
            found.extend(check_member(member, unit, officials));
        }

        let required = unit.level.required_roles();
        for &role in OfficialRole::ALL {
            let holders: Vec<String> = members
                .iter()
                .filter(|m| m.role == role)
                .map(|m| m.official_id.clone())
                .collect();
            let wanted = required.contains(&role);
            match holders.len() {
                0 if wanted => found.push(RegistryViolation::MissingRole {
                    role,
                    level: unit.level,
                }),
                0 => {}
                _ if !wanted => found.extend(holders.into_iter().map(|official| {
                    RegistryViolation::RoleNotForLevel {
                        official,
                        role,
                        level: unit.level,
                    }
                })),
                1 => {}
                _ => found.push(RegistryViolation::DuplicateRole {
                    role,
                    officials: holders,
                }),
            }
        }

        if found.is_empty() { Ok(()) } else { Err(found) }
    }
}

/// The rules about one member on their own: known official, matching role, established
/// staff where art. 3 asks for it, and the body the unit's record names.
fn check_member(
    member: &GroupMember,
    unit: &KeyUnit,
    officials: &[Official],
) -> Vec<RegistryViolation> {
    let Some(official) = officials.iter().find(|o| o.id == member.official_id) else {
        return vec![RegistryViolation::UnknownOfficial {
            official: member.official_id.clone(),
        }];
    };
    let mut found = Vec::new();
    if official.role != member.role {
        found.push(RegistryViolation::RoleMismatch {
            official: official.id.clone(),
            listed: member.role,
            actual: official.role,
        });
    }
    if member.role.must_be_established() && !official.established {
        found.push(RegistryViolation::NotEstablished {
            official: official.id.clone(),
            role: member.role,
        });
    }

    // The member must come from the body that answers for the unit: its industry
    // department (the assigned one under art. 4, at the managing tier under art. 5), its
    // township, its fire authority or its police station. Clerks and technicians are
    // employed in too many ways to check.
    let expected = match member.role {
        OfficialRole::Industry => Some(&unit.industry_department),
        OfficialRole::Township => Some(&unit.township_id),
        OfficialRole::FireOfficer => Some(&unit.fire_authority),
        OfficialRole::PoliceOfficer => Some(&unit.police_station),
        OfficialRole::FireClerk | OfficialRole::Technician => None,
    };
    if let Some(expected) = expected
        && *expected != official.body
    {
        found.push(RegistryViolation::WrongBody {
            official: official.id.clone(),
            role: member.role,
            body: official.body.clone(),
            expected: expected.clone(),
        });
    }
    found
}

#[cfg(test)]
mod tests;
