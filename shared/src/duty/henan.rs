//! The default duty table of Henan: the eighteen duties of art. 8–12 of
//! 豫政办〔2024〕58号 with the minimum frequencies of the regulation.

use std::borrow::Cow;

use super::*;
use crate::registry::{OfficialRole, UnitLevel};

const ALL_LEVELS: &[UnitLevel] = &[UnitLevel::One, UnitLevel::Two, UnitLevel::Three];
const FIRE_LEVELS: &[UnitLevel] = &[UnitLevel::One, UnitLevel::Two];
const POLICE_LEVELS: &[UnitLevel] = &[UnitLevel::Three];
const POLICE_AND_CLERK: &[OfficialRole] = &[OfficialRole::PoliceOfficer, OfficialRole::FireClerk];

const fn rule(
    id: &'static str,
    roles: &'static [OfficialRole],
    names: (&'static str, &'static str),
    article: &'static str,
    frequency: Frequency,
    levels: &'static [UnitLevel],
) -> DutyRule {
    DutyRule {
        id: Cow::Borrowed(id),
        roles: Cow::Borrowed(roles),
        zh: Cow::Borrowed(names.0),
        en: Cow::Borrowed(names.1),
        article: Cow::Borrowed(article),
        frequency,
        crowded_frequency: None,
        levels: Cow::Borrowed(levels),
        enabled: true,
    }
}

const fn crowded(mut rule: DutyRule, frequency: Frequency) -> DutyRule {
    rule.crowded_frequency = Some(frequency);
    rule
}

const ONE_PER_MONTH: Frequency = Frequency::PerMonth { min: 1 };
const ONE_PER_QUARTER: Frequency = Frequency::PerQuarter { min: 1 };
const ONE_PER_HALF: Frequency = Frequency::PerHalfYear { min: 1 };
const ONE_PER_YEAR: Frequency = Frequency::PerYear { min: 1 };

/// The eighteen duties of art. 8–12 with the minimum frequencies of the regulation, in
/// the order of `duties.md`.
pub(super) const HENAN_DUTIES: [DutyRule; 18] = {
    use OfficialRole::{FireOfficer, Industry, Technician, Township};
    [
        rule(
            IND_VISIT,
            &[Industry],
            ("实地指导", "on-site guidance"),
            "8(2)",
            ONE_PER_HALF,
            ALL_LEVELS,
        ),
        rule(
            IND_MEET,
            &[Industry],
            ("座谈会商", "meeting with the responsible person and manager"),
            "8(3)",
            ONE_PER_HALF,
            ALL_LEVELS,
        ),
        rule(
            IND_PERIOD,
            &[Industry],
            ("督促重点时段管控", "urge controls for key periods"),
            "8(4)",
            Frequency::EachKeyPeriod,
            ALL_LEVELS,
        ),
        rule(
            TWN_SELF,
            &[Township],
            ("督促自查自纠", "urge the monthly self-inspection"),
            "9(1)",
            ONE_PER_MONTH,
            ALL_LEVELS,
        ),
        rule(
            TWN_VISIT,
            &[Township],
            ("实地指导", "on-site guidance"),
            "9(2)",
            ONE_PER_QUARTER,
            ALL_LEVELS,
        ),
        rule(
            TWN_EDU,
            &[Township],
            ("消防安全警示教育", "warning education"),
            "9(3)",
            ONE_PER_HALF,
            ALL_LEVELS,
        ),
        rule(
            TWN_DRILL,
            &[Township],
            ("组织灭火和疏散演练", "organise the firefighting and evacuation drill"),
            "9(4)",
            ONE_PER_YEAR,
            ALL_LEVELS,
        ),
        crowded(
            rule(
                FIRE_VISIT,
                &[FireOfficer],
                ("实地指导", "on-site guidance"),
                "10(1)",
                ONE_PER_YEAR,
                FIRE_LEVELS,
            ),
            ONE_PER_HALF,
        ),
        rule(
            FIRE_PLAN,
            &[FireOfficer],
            ("指导制定灭火和应急疏散预案", "guide the firefighting and evacuation plan"),
            "10(2)",
            Frequency::AtLeastOnce,
            FIRE_LEVELS,
        ),
        rule(
            FIRE_TEACH,
            &[FireOfficer],
            ("指导组业务培训", "train the guidance group"),
            "10(3)",
            Frequency::AsNeeded,
            FIRE_LEVELS,
        ),
        rule(
            FIRE_TRAIN,
            &[FireOfficer],
            ("责任人、管理人专题培训", "special training of the responsible person and manager"),
            "10(4)",
            ONE_PER_YEAR,
            FIRE_LEVELS,
        ),
        crowded(
            rule(
                POL_VISIT,
                POLICE_AND_CLERK,
                ("实地指导", "on-site guidance"),
                "11(1)",
                ONE_PER_YEAR,
                POLICE_LEVELS,
            ),
            ONE_PER_HALF,
        ),
        rule(
            POL_PLAN,
            POLICE_AND_CLERK,
            (
                "共同指导制定灭火和应急疏散预案",
                "jointly guide the firefighting and evacuation plan",
            ),
            "11(2)",
            Frequency::AtLeastOnce,
            POLICE_LEVELS,
        ),
        rule(
            POL_TEACH,
            POLICE_AND_CLERK,
            ("共同开展指导组业务培训", "jointly train the guidance group"),
            "11(3)",
            Frequency::AsNeeded,
            POLICE_LEVELS,
        ),
        rule(
            POL_TRAIN,
            POLICE_AND_CLERK,
            (
                "共同组织责任人、管理人专题培训",
                "jointly give special training to the responsible person and manager",
            ),
            "11(4)",
            ONE_PER_YEAR,
            POLICE_LEVELS,
        ),
        rule(
            TECH_SERVICE,
            &[Technician],
            ("消防技术服务", "technical services"),
            "12(1)",
            Frequency::PerContract,
            ALL_LEVELS,
        ),
        rule(
            TECH_JOIN,
            &[Technician],
            ("配合指导巡查", "join guidance and patrols"),
            "12(2)",
            Frequency::WithVisits,
            ALL_LEVELS,
        ),
        rule(
            TECH_TRAIN,
            &[Technician],
            ("重点岗位人员培训", "train key-post staff"),
            "12(3)",
            Frequency::AsNeeded,
            ALL_LEVELS,
        ),
    ]
};
