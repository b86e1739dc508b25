//! Fire lanes, evacuation routes and exits (research sections A and B).

use super::*;

pub(super) const LANES_AND_EXITS: &[CheckItem] = &[
    // Sources: S19 (中山 fire-lane notice), S18.
    item(
        "fire-lane-clearance",
        FireLanes,
        ("消防车通道净宽、净高不小于4米", "Fire lane at least 4 m wide and 4 m high"),
        (
            "实测净宽净高均不小于4米，上方无障碍",
            "Measured width and height both at least 4 m, nothing overhead",
        ),
        &[F, E],
        Always,
    ),
    // Source: S19.
    item(
        "fire-lane-markings",
        FireLanes,
        ("消防车通道标志标线、警示牌清晰", "Fire lane markings and warning signs legible"),
        ("入口有禁止占用标识，路面标线清楚", "No-parking signs at the entrances, markings clear"),
        &[T, F],
        Always,
    ),
    // Source: S19.
    item(
        "fire-lane-gates",
        FireLanes,
        ("封闭管理的出入口紧急时能立即开启", "Gated entrances open at once in an emergency"),
        (
            "道闸或大门有钥匙、遥控或专人值守",
            "Barrier or gate has a key, remote release or a guard",
        ),
        &[T, F],
        Always,
    ),
    // Sources: GB/T 40248-2021 7.3.7(a) (S9), S19.
    item(
        "aerial-hardstanding",
        FireLanes,
        ("消防车登高操作场地无障碍物", "Aerial-ladder hardstanding free of obstacles"),
        ("无树木、架空线、广告牌、停车", "No trees, overhead lines, billboards or parked cars"),
        &[F, E],
        Always,
    ),
    // B-03. Sources: S17(4), S16.
    item(
        "exit-capacity",
        Evacuation,
        ("安全出口、疏散楼梯数量和宽度满足要求", "Enough exits and stairs, wide enough"),
        (
            "与验收图纸一致，一般不少于2个安全出口",
            "Matches the approved drawings; normally at least two exits",
        ),
        &[F, E],
        Always,
    ),
    // B-04. Sources: 61号令 art. 25(4) (S4), GB/T 40248 7.3.6(c).
    item(
        "fire-doors",
        Evacuation,
        (
            "常闭式防火门保持关闭，闭门器、顺序器完好",
            "Normally-closed fire doors kept shut; closers work",
        ),
        ("门能自行关闭并锁舌到位", "Door closes and latches by itself"),
        &[F, E, C],
        Always,
    ),
    // B-05. Source: 61号令 art. 25(4).
    item(
        "fire-shutters",
        Evacuation,
        ("防火卷帘下无堆物，能正常升降", "Nothing under fire shutters; shutters run"),
        ("卷帘下方地面留空，试降正常", "Floor under the shutter clear; test descent works"),
        &[F, E],
        Always,
    ),
    // B-06. Sources: 消防法 art. 28 (S3), 国办发〔2017〕87号 art. 15(4) (S6), S17(5).
    item(
        "window-obstacles",
        Evacuation,
        (
            "门窗未设置影响逃生和灭火救援的障碍物",
            "No bars, grilles or billboards blocking doors and windows",
        ),
        (
            "无防盗网、铁栅栏、广告牌，或留有可开启逃生窗",
            "No bars, grilles or billboards, or an openable escape window",
        ),
        &[T, P, C, F],
        CrowdedPlace,
    ),
    // B-08. Sources: S7 art. 37; 人员密集场所排查整治标准 (Rel C).
    item(
        "stairwells-clear",
        Evacuation,
        (
            "楼梯间内无可燃物、无储藏间、不停放电动车",
            "Stairwells free of combustibles, storerooms and e-bikes",
        ),
        ("楼梯间内无杂物", "Nothing stored in the stairwells"),
        &[T, P, C],
        Always,
    ),
    // B-09. Source: S16.
    item(
        "immobile-residents",
        Evacuation,
        (
            "失能和行动不便人员安排在较低楼层，通道无加床",
            "Immobile patients or residents on lower floors; no beds in corridors",
        ),
        (
            "对照床位表，走道和楼梯间无加床",
            "Checked against the bed list; no beds in corridors or stairs",
        ),
        &[I, F],
        CareFacility,
    ),
];
