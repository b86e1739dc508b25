//! Guidance groups and the accountable leaders of the bodies their members come from:
//! the composition rules of art. 2–5 that involve more than one registry entry.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{KeyUnit, Official, OfficialRole, RegistryViolation, stable_ids};
use crate::error::Lang;

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
            found.push(RegistryViolation::NoBodyLeader { body: body.into(), kind });
        } else if named > 1 {
            found.push(RegistryViolation::SeveralBodyLeaders { body: body.into(), count: named });
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
            let holders: Vec<String> =
                members.iter().filter(|m| m.role == role).map(|m| m.official_id.clone()).collect();
            let wanted = required.contains(&role);
            match holders.len() {
                0 if wanted => {
                    found.push(RegistryViolation::MissingRole { role, level: unit.level })
                }
                0 => {}
                _ if !wanted => found.extend(holders.into_iter().map(|official| {
                    RegistryViolation::RoleNotForLevel { official, role, level: unit.level }
                })),
                1 => {}
                _ => found.push(RegistryViolation::DuplicateRole { role, officials: holders }),
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
        return vec![RegistryViolation::UnknownOfficial { official: member.official_id.clone() }];
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
