//! The checklist catalogue: every item an official may check on site, and the
//! versioned templates that pick items for each activity.
//!
//! Items and templates are data built from `checklist-research.md`. Records store item
//! ids and the template id with its version (`twn-self/1`), so both are permanent: a
//! new version of a template is added beside the old one, and an item that a newer
//! version drops stays in the catalogue, so that every stored record still resolves.

use std::borrow::Cow;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::duty::{DutyRule, DutyTable};
use crate::error::Lang;
use crate::registry::{KeyUnit, OfficialRole, UnitFeatures, UnitKind, UnitLevel, stable_ids};

mod items;
mod templates;

/// The part of the premises or of management an item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// 消防车通道: fire lanes.
    FireLanes,
    /// 疏散通道与安全出口: evacuation routes and exits.
    Evacuation,
    /// 消防设施器材: fire-protection systems and equipment.
    Facilities,
    /// 电气与用火用气: electricity, open flame and gas.
    Electrical,
    /// 电动自行车: e-bike parking and charging.
    EBikes,
    /// 消防控制室: the fire control room.
    ControlRoom,
    /// 消防安全管理: organisation, rules and records.
    Management,
    /// 培训演练: training and drills.
    Training,
    /// 微型消防站: the mini fire station.
    MiniFireStation,
}

stable_ids!(Category {
    FireLanes = "fire-lanes",
    Evacuation = "evacuation",
    Facilities = "facilities",
    Electrical = "electrical",
    EBikes = "e-bikes",
    ControlRoom = "control-room",
    Management = "management",
    Training = "training",
    MiniFireStation = "mini-fire-station",
});

impl Category {
    /// The category's heading.
    pub fn label(self, lang: Lang) -> &'static str {
        use Category::*;
        match (self, lang) {
            (FireLanes, Lang::Zh) => "消防车通道",
            (Evacuation, Lang::Zh) => "疏散通道与安全出口",
            (Facilities, Lang::Zh) => "消防设施器材",
            (Electrical, Lang::Zh) => "用火用电用气",
            (EBikes, Lang::Zh) => "电动自行车",
            (ControlRoom, Lang::Zh) => "消防控制室",
            (Management, Lang::Zh) => "消防安全管理",
            (Training, Lang::Zh) => "培训演练",
            (MiniFireStation, Lang::Zh) => "微型消防站",
            (FireLanes, Lang::En) => "Fire lanes",
            (Evacuation, Lang::En) => "Evacuation routes and exits",
            (Facilities, Lang::En) => "Fire-protection facilities",
            (Electrical, Lang::En) => "Fire, power and gas use",
            (EBikes, Lang::En) => "E-bikes",
            (ControlRoom, Lang::En) => "Fire control room",
            (Management, Lang::En) => "Fire-safety management",
            (Training, Lang::En) => "Training and drills",
            (MiniFireStation, Lang::En) => "Mini fire station",
        }
    }
}

/// When an item applies, judged against the unit's registry entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Condition {
    /// Every unit.
    Always,
    /// Crowded places only (人员密集场所).
    CrowdedPlace,
    /// Levels 1 and 2 only.
    FireSupervised,
    /// Level 3 only.
    PoliceSupervised,
    /// Units with a fire control room.
    HasControlRoom,
    /// Units with an automatic fire alarm system.
    HasAutomaticAlarm,
    /// Units with sprinklers.
    HasSprinklers,
    /// Units with a mini fire station.
    HasMiniFireStation,
    /// Units that use gas.
    UsesGas,
    /// High-rise buildings.
    HighRise,
    /// Hospitals and elderly homes, whose residents may not be able to walk out.
    CareFacility,
}

/// What decides which items apply to a unit: the part of a [`KeyUnit`] a phone also
/// holds, so that it picks the same items offline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitTraits {
    /// The unit's level.
    pub level: UnitLevel,
    /// Whether it is a crowded place.
    pub crowded_place: bool,
    /// What kind of venue it is.
    pub kind: UnitKind,
    /// Its premises and systems.
    pub features: UnitFeatures,
}

impl From<&KeyUnit> for UnitTraits {
    fn from(unit: &KeyUnit) -> UnitTraits {
        UnitTraits {
            level: unit.level,
            crowded_place: unit.crowded_place,
            kind: unit.kind,
            features: unit.features,
        }
    }
}

impl Condition {
    /// Whether the condition holds for a unit with these traits.
    pub fn holds(self, unit: &UnitTraits) -> bool {
        let features = &unit.features;
        match self {
            Condition::Always => true,
            Condition::CrowdedPlace => unit.crowded_place,
            Condition::FireSupervised => unit.level.fire_supervised(),
            Condition::PoliceSupervised => !unit.level.fire_supervised(),
            Condition::HasControlRoom => features.control_room,
            Condition::HasAutomaticAlarm => features.automatic_alarm,
            Condition::HasSprinklers => features.sprinklers,
            Condition::HasMiniFireStation => features.mini_fire_station,
            Condition::UsesGas => features.gas,
            Condition::HighRise => features.high_rise,
            Condition::CareFacility => {
                matches!(unit.kind, UnitKind::Hospital | UnitKind::ElderlyCare)
            }
        }
    }
}

/// One thing an official checks on site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckItem {
    /// Stable id stored in records; never reused for another meaning.
    pub id: Cow<'static, str>,
    /// Where it belongs.
    pub category: Category,
    /// The item in Chinese.
    pub zh: Cow<'static, str>,
    /// The item in English.
    pub en: Cow<'static, str>,
    /// What passing looks like, in Chinese.
    pub pass_zh: Cow<'static, str>,
    /// What passing looks like, in English.
    pub pass_en: Cow<'static, str>,
    /// The roles that check it.
    pub roles: Cow<'static, [OfficialRole]>,
    /// When it applies.
    pub condition: Condition,
}

impl CheckItem {
    /// The item's text in a language.
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// What passing looks like in a language.
    pub fn pass(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.pass_zh,
            Lang::En => &self.pass_en,
        }
    }
}

/// The items of one activity's form, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// Stable id with its version, for example `twn-self/1`; stored in records.
    pub id: Cow<'static, str>,
    /// The duty whose records use it, for example `TWN-SELF`.
    pub activity: Cow<'static, str>,
    /// The version, the number after the slash of `id`.
    pub version: u32,
    /// Item ids, in the order officials walk them.
    pub items: Cow<'static, [Cow<'static, str>]>,
}

impl Template {
    /// The template's items that apply to a unit, in order. Ids the catalogue lacks are
    /// skipped; [`Catalogue::add_template`] refuses them, so this happens only with a
    /// hand-built catalogue.
    pub fn items_for<'c>(&self, catalogue: &'c Catalogue, unit: &UnitTraits) -> Vec<&'c CheckItem> {
        self.items
            .iter()
            .filter_map(|id| catalogue.item(id))
            .filter(|item| item.condition.holds(unit))
            .collect()
    }

    /// Whether the template lists an item.
    pub fn lists(&self, item: &str) -> bool {
        self.items.iter().any(|id| id == item)
    }

    /// The items every record of this template must answer, whatever the unit: those
    /// that apply always. A record also answers every conditional item it holds.
    pub fn required_items(&self) -> impl Iterator<Item = &str> {
        self.items
            .iter()
            .filter(|id| item(id).is_some_and(|item| item.condition == Condition::Always))
            .map(|id| id.as_ref())
    }
}

/// Why an item or template was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueError {
    /// An item with this id exists: ids are permanent and never change meaning.
    #[error("item {0} already exists")]
    DuplicateItem(String),
    /// A template with this id exists: add a new version instead.
    #[error("template {0} already exists")]
    DuplicateTemplate(String),
    /// The template lists an item the catalogue lacks.
    #[error("template {template} names unknown item {item}")]
    UnknownItem {
        /// The template id.
        template: String,
        /// The item id.
        item: String,
    },
    /// The template id is not `<name>/<version>` with the template's version.
    #[error("template id {0} does not end in its version")]
    BadTemplateId(String),
}

/// The items and templates in force, with every older template version kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    /// Every item, old and new.
    pub items: Vec<CheckItem>,
    /// Every template version.
    pub templates: Vec<Template>,
}

impl Catalogue {
    /// The built-in catalogue for Henan.
    pub fn henan() -> Catalogue {
        Catalogue {
            items: items::all().cloned().collect(),
            templates: templates::TEMPLATES.to_vec(),
        }
    }

    /// The built-in catalogue, built once on first use.
    pub fn builtin() -> &'static Catalogue {
        static BUILTIN: LazyLock<Catalogue> = LazyLock::new(Catalogue::henan);
        &BUILTIN
    }

    /// Finds an item by id.
    pub fn item(&self, id: &str) -> Option<&CheckItem> {
        self.items.iter().find(|item| item.id == id)
    }

    /// Finds a template by its id with version, for example `twn-self/1`.
    pub fn template(&self, id: &str) -> Option<&Template> {
        self.templates.iter().find(|template| template.id == id)
    }

    /// The newest version of an activity's template, for a new record.
    pub fn latest(&self, activity: &str) -> Option<&Template> {
        self.templates
            .iter()
            .filter(|template| template.activity == activity)
            .max_by_key(|template| template.version)
    }

    /// Adds an item; its id must be new.
    pub fn add_item(&mut self, item: CheckItem) -> Result<(), CatalogueError> {
        if self.item(&item.id).is_some() {
            return Err(CatalogueError::DuplicateItem(item.id.into_owned()));
        }
        self.items.push(item);
        Ok(())
    }

    /// Adds a template version; its id must be new, end in `/<version>`, and name only
    /// items the catalogue has.
    pub fn add_template(&mut self, template: Template) -> Result<(), CatalogueError> {
        if self.template(&template.id).is_some() {
            return Err(CatalogueError::DuplicateTemplate(template.id.into_owned()));
        }
        if template_version(&template.id) != Some(template.version) {
            return Err(CatalogueError::BadTemplateId(template.id.into_owned()));
        }
        if let Some(item) = template.items.iter().find(|id| self.item(id).is_none()) {
            return Err(CatalogueError::UnknownItem {
                template: template.id.into_owned(),
                item: item.to_string(),
            });
        }
        self.templates.push(template);
        Ok(())
    }
}

impl Default for Catalogue {
    fn default() -> Catalogue {
        Catalogue::henan()
    }
}

/// The version at the end of a template id such as `twn-self/1`.
pub fn template_version(id: &str) -> Option<u32> {
    let (name, version) = id.rsplit_once('/')?;
    if name.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    version.parse().ok()
}

/// Finds a template of the built-in catalogue by its id with version, without building
/// the catalogue.
pub fn template(id: &str) -> Option<&'static Template> {
    templates::TEMPLATES.iter().find(|template| template.id == id)
}

/// The newest template of the built-in catalogue for an activity, for a new record.
pub fn latest(activity: &str) -> Option<&'static Template> {
    templates::TEMPLATES
        .iter()
        .filter(|template| template.activity == activity)
        .max_by_key(|template| template.version)
}

/// The activities an official of `role` records for a unit of `level`: the duties in
/// force that name the role, apply to the level and have a template, each with its
/// newest template, in the table's order.
pub fn activities_for(
    table: &DutyTable,
    role: OfficialRole,
    level: UnitLevel,
) -> Vec<(&DutyRule, &'static Template)> {
    table
        .enabled()
        .filter(|duty| duty.roles.contains(&role) && duty.applies_to(level))
        .filter_map(|duty| latest(&duty.id).map(|template| (duty, template)))
        .collect()
}

/// Finds an item of the built-in catalogue by id.
pub fn item(id: &str) -> Option<&'static CheckItem> {
    items::all().find(|item| item.id == id)
}

#[cfg(test)]
mod tests;
