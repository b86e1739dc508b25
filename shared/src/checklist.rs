//! The checklist of the township's monthly self-inspection duty (TWN-SELF).
//!
//! The nine items are the ones the regulation names for the monthly check: passages
//! and exits, fire-fighting facilities, wiring and electric bicycles. Each item has a
//! stable id that records store; the texts may be reworded without touching records.

use serde::Serialize;

/// One thing an official checks on site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    /// Stable identifier stored in records; never reused for another meaning.
    pub id: &'static str,
    /// The item as officials read it, in Simplified Chinese.
    pub zh: &'static str,
    /// The same item in English.
    pub en: &'static str,
}

/// The activity id of the monthly self-inspection that the nine items belong to.
pub const TWN_SELF: &str = "TWN-SELF";

/// The template (activity and version) a new monthly self-inspection is made with.
pub const TWN_SELF_TEMPLATE: &str = "twn-self/1";

/// The nine items of the monthly self-inspection, in the order officials walk them.
pub const MONTHLY_ITEMS: [ChecklistItem; 9] = [
    ChecklistItem { id: "fire-lanes", zh: "消防车通道畅通", en: "Fire lanes clear" },
    ChecklistItem {
        id: "evacuation-routes", zh: "疏散通道畅通", en: "Evacuation routes clear"
    },
    ChecklistItem {
        id: "safety-exits",
        zh: "安全出口畅通、未锁闭",
        en: "Exits clear and unlocked",
    },
    ChecklistItem {
        id: "indoor-hydrants",
        zh: "室内消火栓完好有效",
        en: "Indoor hydrants working",
    },
    ChecklistItem {
        id: "evacuation-signs",
        zh: "疏散指示标志完好有效",
        en: "Evacuation signs working",
    },
    ChecklistItem {
        id: "emergency-lighting",
        zh: "应急照明完好有效",
        en: "Emergency lighting working",
    },
    ChecklistItem { id: "extinguishers", zh: "灭火器完好有效", en: "Extinguishers working" },
    ChecklistItem { id: "wiring", zh: "无私拉乱接电线", en: "No improvised wiring" },
    ChecklistItem {
        id: "e-bikes",
        zh: "无电动自行车违规停放、充电",
        en: "No e-bikes parked or charging illegally",
    },
];

/// Finds an item of the monthly checklist by its id.
pub fn monthly_item(id: &str) -> Option<&'static ChecklistItem> {
    MONTHLY_ITEMS.iter().find(|item| item.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_ids_are_unique_and_findable() {
        for item in &MONTHLY_ITEMS {
            assert_eq!(monthly_item(item.id), Some(item));
            let same_id = MONTHLY_ITEMS.iter().filter(|other| other.id == item.id).count();
            assert_eq!(same_id, 1, "duplicate id {}", item.id);
        }
        assert_eq!(monthly_item("no-such-item"), None);
    }
}
