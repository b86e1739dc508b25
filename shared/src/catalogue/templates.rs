//! The built-in templates: which items each activity's form shows, per version.

use std::borrow::Cow;

use super::Template;
use crate::checklist::{MONTHLY_ITEMS, TWN_SELF, TWN_SELF_TEMPLATE};
use crate::duty::{
    FIRE_PLAN, FIRE_TEACH, FIRE_TRAIN, FIRE_VISIT, IND_MEET, IND_PERIOD, IND_VISIT, POL_PLAN,
    POL_TEACH, POL_TRAIN, POL_VISIT, TECH_JOIN, TECH_SERVICE, TECH_TRAIN, TWN_DRILL, TWN_EDU,
    TWN_VISIT,
};

/// Builds a template from its activity, version and item ids.
macro_rules! template {
    ($id:expr, $activity:expr, $version:literal, [$($item:expr),* $(,)?]) => {
        Template {
            id: Cow::Borrowed($id),
            activity: Cow::Borrowed($activity),
            version: $version,
            items: Cow::Borrowed(&[$(Cow::Borrowed($item)),*]),
        }
    };
}

/// Every template version. Append only: template ids are stored in records.
pub(super) static TEMPLATES: &[Template] = &[
    // Art. 9(1): exactly the nine items, with the ids existing records use.
    template!(
        TWN_SELF_TEMPLATE,
        TWN_SELF,
        1,
        [
            MONTHLY_ITEMS[0].id,
            MONTHLY_ITEMS[1].id,
            MONTHLY_ITEMS[2].id,
            MONTHLY_ITEMS[3].id,
            MONTHLY_ITEMS[4].id,
            MONTHLY_ITEMS[5].id,
            MONTHLY_ITEMS[6].id,
            MONTHLY_ITEMS[7].id,
            MONTHLY_ITEMS[8].id,
        ]
    ),
    // Art. 9(2): finding and removing hazards, per the township service centre guide;
    // the nine plus the small-venue quick checks (S23) and the unit's own records.
    template!(
        "twn-visit/1",
        TWN_VISIT,
        1,
        [
            "fire-lanes",
            "fire-lane-markings",
            "fire-lane-gates",
            "evacuation-routes",
            "safety-exits",
            "stairwells-clear",
            "window-obstacles",
            "indoor-hydrants",
            "hydrant-boxes-clear",
            "outdoor-hydrants",
            "evacuation-signs",
            "emergency-lighting",
            "extinguishers",
            "wiring",
            "high-power-appliances",
            "sandwich-panels",
            "hazmat-living-quarters",
            "e-bikes",
            "e-bikes-upstairs",
            "crowded-indoor-e-bikes",
            "daily-patrols",
            "monthly-inspections",
            "hazard-ledger",
            "responsible-awareness",
            "staff-competence",
        ]
    ),
    // Art. 8(2): organisation, accountable people, key posts, rules and sector
    // guidelines, with the records that show them working.
    template!(
        "ind-visit/1",
        IND_VISIT,
        1,
        [
            "safety-organisation",
            "responsible-persons",
            "fire-safety-rules",
            "sector-guidelines",
            "fire-archive",
            "hazard-ledger",
            "emergency-plan",
            "staff-training",
            "drills",
            "fire-and-power-use",
            "hot-work",
            "immobile-residents",
            "annual-facility-test",
            "e-bike-charging-area",
            "mini-station-staffing",
        ]
    ),
    // Art. 10(1): ignition, gas and power sources, decoration, hot work, patrols,
    // control-room duty, maintenance, self-check and public commitment.
    template!(
        "fire-visit/1",
        FIRE_VISIT,
        1,
        [
            "fire-safety-rules",
            "responsible-persons",
            "fire-and-power-use",
            "gas-safety",
            "combustible-decoration",
            "hot-work",
            "key-fire-areas",
            "daily-patrols",
            "monthly-inspections",
            "hazard-ledger",
            "control-room-staffing",
            "control-room-certificates",
            "control-room-log",
            "control-room-auto",
            "control-room-procedure",
            "control-room-documents",
            "annual-facility-test",
            "maintenance-contract",
            "fire-lanes",
            "fire-lane-clearance",
            "aerial-hardstanding",
            "evacuation-routes",
            "safety-exits",
            "exit-capacity",
            "fire-doors",
            "fire-shutters",
            "window-obstacles",
            "mini-station-staffing",
            "mini-station-readiness",
            "staff-competence",
            "public-commitment",
        ]
    ),
    // Art. 11(1): hydrants, signs, lighting, extinguishers, the "life passage",
    // self-check and commitment, within the police-station scope of 120号令 art. 31.
    template!(
        "pol-visit/1",
        POL_VISIT,
        1,
        [
            "fire-lanes",
            "evacuation-routes",
            "safety-exits",
            "stairwells-clear",
            "window-obstacles",
            "indoor-hydrants",
            "hydrant-boxes-clear",
            "evacuation-signs",
            "emergency-lighting",
            "extinguishers",
            "e-bikes",
            "e-bikes-upstairs",
            "hazmat-living-quarters",
            "fire-safety-rules",
            "daily-patrols",
            "monthly-inspections",
            "maintenance-contract",
            "control-room-staffing",
            "control-room-certificates",
            "pre-job-training",
            "drills",
            "public-commitment",
        ]
    ),
    // Art. 12(2): the facility status the technician reports while joining a visit.
    template!(
        "tech-join/1",
        TECH_JOIN,
        1,
        [
            "alarm-panel",
            "alarm-interlocks",
            "sprinklers-auto",
            "fire-pumps",
            "water-tanks",
            "hydrant-pressure",
            "valves-sealed",
            "emergency-lighting-duration",
            "annual-facility-test",
        ]
    ),
    // Art. 12(1): maintenance, testing and assessment; the technical module of the
    // generic key-unit record (S18).
    template!(
        "tech-service/1",
        TECH_SERVICE,
        1,
        [
            "hydrant-pressure",
            "fire-pumps",
            "water-tanks",
            "extinguisher-provision",
            "extinguisher-service-life",
            "emergency-lighting-duration",
            "alarm-panel",
            "alarm-devices",
            "alarm-interlocks",
            "sprinklers-auto",
            "sprinkler-valves",
            "sprinkler-end-test",
            "valves-sealed",
            "annual-facility-test",
            "maintenance-contract",
            "distribution-boards",
            "charger-cutoff",
            "mini-station-equipment",
            "operator-training",
        ]
    ),
    // The activities that are not inspections — meetings, education, drills, plans,
    // training — are recorded too, so that the phone can show them done. Their record
    // is an account of what was done (the record's text, required), with the items an
    // official can confirm on the occasion.
    // Art. 8(3): meeting the responsible person and manager.
    template!("ind-meet/1", IND_MEET, 1, ["responsible-awareness"]),
    // Art. 8(4): urging the unit's controls for key periods (holidays, events).
    template!("ind-period/1", IND_PERIOD, 1, []),
    // Art. 9(3): warning education of the unit's staff.
    template!("twn-edu/1", TWN_EDU, 1, ["staff-competence", "responsible-awareness"]),
    // Art. 9(4): the firefighting and evacuation drill the township organises.
    template!("twn-drill/1", TWN_DRILL, 1, ["staff-competence"]),
    // Art. 10(2) and 11(2): guiding the unit's firefighting and evacuation plan.
    template!("fire-plan/1", FIRE_PLAN, 1, ["emergency-plan"]),
    template!("pol-plan/1", POL_PLAN, 1, ["emergency-plan"]),
    // Art. 10(3) and 11(3): training the guidance group.
    template!("fire-teach/1", FIRE_TEACH, 1, []),
    template!("pol-teach/1", POL_TEACH, 1, []),
    // Art. 10(4) and 11(4): special training of the responsible person and manager.
    template!("fire-train/1", FIRE_TRAIN, 1, []),
    template!("pol-train/1", POL_TRAIN, 1, ["responsible-awareness"]),
    // Art. 12(3): training the unit's key-post staff.
    template!("tech-train/1", TECH_TRAIN, 1, []),
];
