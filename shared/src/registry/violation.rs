//! The rules of art. 2–5 that a registry entry can break, with messages that name the
//! article and the missing or wrong member.

use serde::{Deserialize, Serialize};

use super::{BodyKind, OfficialRole, UnitLevel};
use crate::error::Lang;

/// One registry rule that a unit, a guidance group or the list of body leaders breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum RegistryViolation {
    /// A required field is empty.
    EmptyField {
        /// Name of the field.
        field: String,
    },
    /// A county assignment of an industry department gives no reason (art. 4).
    AssignmentWithoutReason {
        /// Id of the unit.
        unit: String,
    },
    /// A unit is flagged as a crowded place without saying why (消防法 art. 73).
    CrowdedWithoutReason {
        /// Id of the unit.
        unit: String,
    },
    /// A unit's location is not a valid latitude and longitude.
    BadLocation {
        /// Id of the unit.
        unit: String,
    },
    /// The group was checked against another unit than its own.
    WrongUnit {
        /// The unit the group names.
        group_unit: String,
        /// The unit it was checked against.
        unit: String,
    },
    /// A member is not in the list of officials.
    UnknownOfficial {
        /// Id of the member.
        official: String,
    },
    /// A member's role in the group differs from the official's own role.
    RoleMismatch {
        /// Id of the official.
        official: String,
        /// The role the group lists.
        listed: OfficialRole,
        /// The official's role.
        actual: OfficialRole,
    },
    /// The group lacks a member its unit's level requires (art. 2).
    MissingRole {
        /// The missing role.
        role: OfficialRole,
        /// The unit's level.
        level: UnitLevel,
    },
    /// A member's role does not belong in a group of this level (art. 2): a fire officer
    /// for level 3, a police officer or fire clerk for levels 1–2.
    RoleNotForLevel {
        /// Id of the official.
        official: String,
        /// The role.
        role: OfficialRole,
        /// The unit's level.
        level: UnitLevel,
    },
    /// More than one member holds a role that art. 2 gives to one person.
    DuplicateRole {
        /// The role.
        role: OfficialRole,
        /// Ids of the officials who hold it.
        officials: Vec<String>,
    },
    /// An industry or township member is not established, serving staff (art. 3).
    NotEstablished {
        /// Id of the official.
        official: String,
        /// The role.
        role: OfficialRole,
    },
    /// A member works for another body than the one the unit's record names for the
    /// role (art. 2–5).
    WrongBody {
        /// Id of the official.
        official: String,
        /// The role.
        role: OfficialRole,
        /// The official's body.
        body: String,
        /// The body the unit's record names.
        expected: String,
    },
    /// A body with liaison officials names no accountable leader (art. 3).
    NoBodyLeader {
        /// Id of the body.
        body: String,
        /// Its kind.
        kind: BodyKind,
    },
    /// A body names more than one accountable leader (art. 3 asks for one).
    SeveralBodyLeaders {
        /// Id of the body.
        body: String,
        /// How many it names.
        count: usize,
    },
}

impl RegistryViolation {
    /// The article of 豫政办〔2024〕58号 the rule comes from, if it comes from there.
    pub fn article(&self) -> Option<u8> {
        use RegistryViolation::*;
        match self {
            MissingRole { .. }
            | RoleNotForLevel { .. }
            | DuplicateRole { .. }
            | WrongBody { .. } => Some(2),
            NotEstablished { .. } | NoBodyLeader { .. } | SeveralBodyLeaders { .. } => Some(3),
            AssignmentWithoutReason { .. } => Some(4),
            EmptyField { .. }
            | CrowdedWithoutReason { .. }
            | BadLocation { .. }
            | WrongUnit { .. }
            | UnknownOfficial { .. }
            | RoleMismatch { .. } => None,
        }
    }

    /// Explains the violation to a user, naming the article and the member concerned.
    pub fn message(&self, lang: Lang) -> String {
        use RegistryViolation::*;
        let role = |role: &OfficialRole| role.label(lang);
        let level = |level: &UnitLevel| level.label(lang);
        match (self, lang) {
            (EmptyField { field }, Lang::Zh) => format!("字段 {field} 不能为空"),
            (EmptyField { field }, Lang::En) => format!("field {field} is empty"),
            (AssignmentWithoutReason { unit }, Lang::Zh) => {
                format!("第四条：单位 {unit} 由县级政府确定分包行业部门，须写明确定依据")
            }
            (AssignmentWithoutReason { unit }, Lang::En) => format!(
                "art. 4: unit {unit} has an industry department assigned by the county \
                 without a stated reason"
            ),
            (CrowdedWithoutReason { unit }, Lang::Zh) => {
                format!("单位 {unit} 标为人员密集场所，须写明依据（消防法第七十三条）")
            }
            (CrowdedWithoutReason { unit }, Lang::En) => format!(
                "unit {unit} is marked as a crowded place without a reason (fire law art. 73)"
            ),
            (BadLocation { unit }, Lang::Zh) => format!("单位 {unit} 的经纬度无效"),
            (BadLocation { unit }, Lang::En) => {
                format!("unit {unit} has an invalid latitude or longitude")
            }
            (WrongUnit { group_unit, unit }, Lang::Zh) => {
                format!("联合指导组属于单位 {group_unit}，不属于单位 {unit}")
            }
            (WrongUnit { group_unit, unit }, Lang::En) => {
                format!("the guidance group belongs to unit {group_unit}, not to unit {unit}")
            }
            (UnknownOfficial { official }, Lang::Zh) => format!("包保联系人员 {official} 不存在"),
            (UnknownOfficial { official }, Lang::En) => {
                format!("no liaison official {official}")
            }
            (RoleMismatch { official, listed, actual }, Lang::Zh) => {
                format!("{official} 在指导组中列为{}，但其身份为{}", role(listed), role(actual))
            }
            (RoleMismatch { official, listed, actual }, Lang::En) => format!(
                "{official} is listed as {} in the group but is {}",
                role(listed),
                role(actual)
            ),
            (MissingRole { role: r, level: l }, Lang::Zh) => {
                format!("第二条：{}重点单位的联合指导组缺少1名{}", level(l), role(r))
            }
            (MissingRole { role: r, level: l }, Lang::En) => {
                format!("art. 2: the guidance group of a {} unit has no {}", level(l), role(r))
            }
            (RoleNotForLevel { official, role: r, level: l }, Lang::Zh) => {
                format!("第二条：{}重点单位的联合指导组不设{}（{official}）", level(l), role(r))
            }
            (RoleNotForLevel { official, role: r, level: l }, Lang::En) => format!(
                "art. 2: the guidance group of a {} unit has no place for a {} ({official})",
                level(l),
                role(r)
            ),
            (DuplicateRole { role: r, officials }, Lang::Zh) => {
                format!("第二条：联合指导组只设1名{}，现有 {}", role(r), officials.join("、"))
            }
            (DuplicateRole { role: r, officials }, Lang::En) => format!(
                "art. 2: the guidance group has one {}, not several: {}",
                role(r),
                officials.join(", ")
            ),
            (NotEstablished { official, role: r }, Lang::Zh) => {
                format!("第三条：{}须为在编在岗人员（{official}）", role(r))
            }
            (NotEstablished { official, role: r }, Lang::En) => {
                format!("art. 3: the {} must be established, serving staff ({official})", role(r))
            }
            (WrongBody { official, role: r, body, expected }, Lang::Zh) => {
                format!("第二条至第五条：{}（{official}）应来自 {expected}，而非 {body}", role(r))
            }
            (WrongBody { official, role: r, body, expected }, Lang::En) => format!(
                "art. 2–5: the {} ({official}) should come from {expected}, not {body}",
                role(r)
            ),
            (NoBodyLeader { body, kind }, Lang::Zh) => {
                format!("第三条：{} {body} 须明确1名班子成员负责包保联系工作", kind.label(lang))
            }
            (NoBodyLeader { body, kind }, Lang::En) => format!(
                "art. 3: {} {body} names no leadership member accountable for the mechanism",
                kind.label(lang)
            ),
            (SeveralBodyLeaders { body, count }, Lang::Zh) => {
                format!("第三条：{body} 明确了 {count} 名班子成员，应为1名")
            }
            (SeveralBodyLeaders { body, count }, Lang::En) => format!(
                "art. 3: {body} names {count} accountable leadership members instead of one"
            ),
        }
    }
}
