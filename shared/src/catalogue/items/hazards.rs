//! Fire, power and gas use, and e-bikes (research sections D and E).

use super::*;

pub(super) const USE_AND_E_BIKES: &[CheckItem] = &[
    // D-03. Sources: S16; unnamed repository (Rel D).
    item(
        "distribution-boards",
        Electrical,
        (
            "配电箱接线规范、无裸露、周围无可燃物，漏电保护有效",
            "Distribution boards tidy, no bare conductors, nothing combustible near, RCD works",
        ),
        ("试验按钮能跳闸", "Test button trips the RCD"),
        &[E],
        Always,
    ),
    // D-05. Sources: S16, S23.
    item(
        "high-power-appliances",
        Electrical,
        ("未违规使用大功率电器、无认证插排", "No unapproved high-power appliances or power strips"),
        ("现场无违规电器", "None found on site"),
        &[T, P, C],
        Always,
    ),
    // D-06. Source: 61号令 art. 25(1), 26(5).
    item(
        "fire-and-power-use",
        Electrical,
        ("用火、用电无违章", "No breach of the rules on fire and electricity use"),
        ("现场无违章用火用电", "None found on site"),
        ALL,
        Always,
    ),
    // D-07. Sources: S16, S17(1).
    item(
        "hot-work",
        Electrical,
        (
            "动火作业有审批、专人监护，营业期间不动火动焊",
            "Hot work permitted and watched; none during business hours",
        ),
        ("有动火审批记录", "Hot-work permits on file"),
        &[F, I],
        Always,
    ),
    // D-08. Sources: unnamed repository (Rel D); 学校检查表 (Rel C).
    item(
        "gas-safety",
        Electrical,
        (
            "燃气管道阀门完好，有可燃气体报警和紧急切断，瓶装气存放合规",
            "Gas pipes sound; gas detection and shut-off fitted; cylinders stored properly",
        ),
        ("报警器和切断阀试验有效", "Detector and shut-off valve work on test"),
        &[E, I, F],
        UsesGas,
    ),
    // D-10. Sources: 120号令 art. 31(5), S15, S16.
    item(
        "hazmat-living-quarters",
        Electrical,
        (
            "无违规存放易燃易爆危险品，经营储存场所未与住人场所设在同一建筑",
            "No illegal hazardous goods; no storage or trade sharing a building with living quarters",
        ),
        ("现场未发现", "None found on site"),
        &[P, C, F, T],
        Always,
    ),
    // D-11. Sources: S16, S17(2).
    item(
        "combustible-decoration",
        Electrical,
        (
            "未使用易燃可燃材料装修，保温材料不低于B1级",
            "No combustible decoration; insulation at least class B1",
        ),
        ("材料有合格证明", "Materials certified"),
        &[F, E],
        Always,
    ),
    // D-12. Sources: S16, S23.
    item(
        "sandwich-panels",
        Electrical,
        ("未违章搭建易燃可燃夹芯彩钢板建筑", "No combustible sandwich-panel sheds"),
        ("现场未发现", "None found on site"),
        &[T, F],
        Always,
    ),
    // E-03. Sources: S13 (河南 2024 e-bike notice); 广东 rule (Rel C).
    item(
        "e-bikes-upstairs",
        EBikes,
        (
            "电动自行车及蓄电池未上楼入户、未进电梯",
            "No e-bikes or batteries taken upstairs or into lifts",
        ),
        ("楼内和电梯内未发现", "None found in the building or lifts"),
        &[T, P, C],
        Always,
    ),
    // E-04. Source: S7 art. 37.
    item(
        "e-bike-charging-area",
        EBikes,
        (
            "集中停放充电场所独立设置或防火分隔，配有灭火器材",
            "Central parking and charging area separated and equipped",
        ),
        ("场所分隔并配灭火器", "Area separated, extinguishers present"),
        &[I, F, E],
        Always,
    ),
    // E-05. Sources: S7 art. 37; 东海县公告 (Rel C).
    item(
        "charger-cutoff",
        EBikes,
        (
            "充电设施充满自动断电，具备过载、短路、漏电保护",
            "Chargers cut off when full, with overload, short-circuit and leakage protection",
        ),
        ("铭牌或试验证明具备保护功能", "Rating plate or test shows the protections"),
        &[E],
        HighRise,
    ),
    // E-06. Source: S16.
    item(
        "crowded-indoor-e-bikes",
        EBikes,
        (
            "室内无电动自行车停放充电，锂电池医疗设备和轮椅在指定区域充电",
            "No e-bikes indoors; lithium medical devices and wheelchairs charge in a set area",
        ),
        ("室内未发现，指定充电区在用", "None indoors; the designated charging area is used"),
        &[T, I, F],
        CrowdedPlace,
    ),
];
