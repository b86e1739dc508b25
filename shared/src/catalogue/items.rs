//! The built-in items. Each item cites its source as numbered in
//! `checklist-research.md` (S1–S24 and the named laws); the research id of the item
//! (A-01, C3-01…) is given too, so a reviewer can find the row it came from.
//!
//! Role letters follow the research: T township, I industry, F fire officer, P police
//! officer, C fire clerk, E technician.

use std::borrow::Cow;

use super::{Category, CheckItem, Condition};
use crate::checklist::MONTHLY_ITEMS;
use crate::registry::OfficialRole::{
    self, FireClerk as C, FireOfficer as F, Industry as I, PoliceOfficer as P, Technician as E,
    Township as T,
};

/// Every role, for items that any member checks.
const ALL: &[OfficialRole] = &[T, I, F, P, C, E];

const fn item(
    id: &'static str,
    category: Category,
    text: (&'static str, &'static str),
    pass: (&'static str, &'static str),
    roles: &'static [OfficialRole],
    condition: Condition,
) -> CheckItem {
    CheckItem {
        id: Cow::Borrowed(id),
        category,
        zh: Cow::Borrowed(text.0),
        en: Cow::Borrowed(text.1),
        pass_zh: Cow::Borrowed(pass.0),
        pass_en: Cow::Borrowed(pass.1),
        roles: Cow::Borrowed(roles),
        condition,
    }
}

/// One of the nine monthly items of `checklist.rs`, whose ids and texts records already
/// use; taking them from there keeps the two from drifting apart.
const fn monthly(
    index: usize,
    category: Category,
    pass: (&'static str, &'static str),
    roles: &'static [OfficialRole],
) -> CheckItem {
    let source = &MONTHLY_ITEMS[index];
    item(source.id, category, (source.zh, source.en), pass, roles, Condition::Always)
}

use Category::*;
use Condition::*;

mod facilities;
mod hazards;
mod management;
mod premises;

/// Every item, in groups that keep each file to one part of the research. Append only:
/// ids are stored in records.
pub(super) static GROUPS: &[&[CheckItem]] = &[
    MONTHLY,
    premises::LANES_AND_EXITS,
    facilities::FACILITIES,
    hazards::USE_AND_E_BIKES,
    management::MANAGEMENT,
];

/// Every item, in catalogue order.
pub(super) fn all() -> impl Iterator<Item = &'static CheckItem> {
    GROUPS.iter().flat_map(|group| group.iter())
}

/// The nine of art. 9(1), in its order. Sources: 58号 art. 9(1); 120号令 art. 31(4)
/// (the police-station scope the article reuses).
const MONTHLY: &[CheckItem] = &[
    // The nine of art. 9(1), in its order. Sources: 58号 art. 9(1); 120号令 art. 31(4)
    // (the police-station scope the article reuses).
    // A-01; also 消防法 art. 28.
    monthly(
        0,
        FireLanes,
        (
            "无车辆、摊位、堆物或固定障碍占用、堵塞、封闭",
            "No vehicles, stalls, goods or fixed barriers on the lane",
        ),
        &[T, P, C, F, I],
    ),
    // B-01; also 61号令 art. 25(2).
    monthly(
        1,
        Evacuation,
        (
            "通道内无堆放物品、家具、电动车、垃圾",
            "No goods, furniture, e-bikes or rubbish in the corridors",
        ),
        &[T, P, C, F, I],
    ),
    // B-02; also 61号令 art. 25(2), S16, S17.
    monthly(
        2,
        Evacuation,
        (
            "使用期间未锁闭，从内部无需工具即可开启",
            "Unlocked while in use; opens from inside without tools",
        ),
        &[T, P, C, F],
    ),
    // C1-01.
    monthly(
        3,
        Facilities,
        (
            "箱体在位，水带水枪齐全，阀门可开启",
            "Box in place, hose and nozzle complete, valve opens",
        ),
        &[T, P, C, F, E],
    ),
    // C5-01.
    monthly(
        4,
        Facilities,
        ("标志完好，指向正确，断电后仍亮", "Signs intact, pointing the right way, lit on battery"),
        &[T, P, C, F],
    ),
    // C4-01; also 61号令 art. 25(2).
    monthly(
        5,
        Facilities,
        ("按下试验按钮或断电后灯具点亮", "Lights come on at the test button or when mains is cut"),
        &[T, P, C, F],
    ),
    // C3-01; also 61号令 art. 26(4).
    monthly(
        6,
        Facilities,
        (
            "压力在绿区，铅封和保险销完好，喷管无损，筒体无锈蚀",
            "Gauge in the green, seal and pin intact, hose sound, no rust",
        ),
        &[T, P, C, F],
    ),
    // D-01; also S16, S23.
    monthly(7, Electrical, ("无私拉乱接、飞线", "No improvised or trailing wiring"), &[T, P, C, F]),
    // E-01 and E-02; also 应急管理部令第5号 art. 37 (S7), S12, S13.
    monthly(
        8,
        EBikes,
        (
            "门厅、走道、楼梯间、安全出口无电动自行车停放或充电",
            "No e-bike parked or charging in lobbies, corridors, stairs or exits",
        ),
        &[T, P, C, I],
    ),
];
