//! Fire-protection systems and equipment (research section C).

use super::*;

pub(super) const FACILITIES: &[CheckItem] = &[
    // C1-02. Sources: 消防法 art. 28, 120号令 art. 33(4) (S11).
    item(
        "hydrant-boxes-clear",
        Facilities,
        (
            "消火栓箱未被遮挡、圈占、埋压，箱门可开启",
            "Hydrant boxes not blocked or locked; doors open",
        ),
        ("箱前无遮挡，箱门能打开", "Nothing in front of the box; its door opens"),
        &[T, P, C],
        Always,
    ),
    // C1-03. Source: S18.
    item(
        "hydrant-pressure",
        Facilities,
        (
            "消火栓栓口压力、充实水柱满足要求，启泵按钮有效",
            "Hydrant pressure and jet adequate; pump-start button works",
        ),
        (
            "最不利点试水合格，按钮能启泵",
            "Test at the least favourable point passes; button starts the pump",
        ),
        &[E, F],
        Always,
    ),
    // C1-04. Sources: S18, GB 25201-2010 5.2 (S8).
    item(
        "fire-pumps",
        Facilities,
        (
            "消防水泵能手动、自动、远程启动，控制柜处于自动状态",
            "Fire pumps start manually, automatically and remotely; panel on AUTO",
        ),
        (
            "控制室远程启泵成功，控制柜在自动位",
            "Remote start from the control room works; panel set to AUTO",
        ),
        &[E, F],
        Always,
    ),
    // C1-05. Sources: S18; 维护管理制度 (Rel C).
    item(
        "water-tanks",
        Facilities,
        ("消防水池、高位水箱水量充足，出水阀门常开", "Fire tanks full; outlet valves open"),
        ("液位正常，阀门铅封或锁定在开启位", "Level normal; valves sealed or locked open"),
        &[E],
        Always,
    ),
    // C2-01. Sources: GB/T 40248 7.3.7(a), 120号令 art. 33(4).
    item(
        "outdoor-hydrants",
        Facilities,
        ("室外消火栓未被埋压、圈占、遮挡，能出水", "Outdoor hydrants accessible and working"),
        ("周围无占压，阀门可开启", "Nothing on or around it; valve opens"),
        &[T, F, E, P, C],
        Always,
    ),
    // C3-02. Sources: 61号令 art. 26(4), S23.
    item(
        "extinguisher-provision",
        Facilities,
        (
            "灭火器类型、数量与场所相符，设置明显便于取用",
            "Right type and number of extinguishers, visible and reachable",
        ),
        ("与配置设计一致，未锁闭或遮挡", "Matches the design; not locked away or hidden"),
        &[F, E],
        Always,
    ),
    // C3-03. Source: GB 50444 (clauses not retrieved).
    item(
        "extinguisher-service-life",
        Facilities,
        ("灭火器在维修、报废期限内", "Extinguishers within service and retirement dates"),
        ("标签日期在有效期内", "Label dates current"),
        &[E],
        Always,
    ),
    // C4-02. Sources: GB 51309 (not retrieved); unnamed repository (Rel D).
    item(
        "emergency-lighting-duration",
        Facilities,
        (
            "应急照明设置部位、照度、持续时间符合要求",
            "Emergency lighting placed, bright and lasting as required",
        ),
        (
            "断电后照度和持续时间达到设计值",
            "Illuminance and battery time reach the design values with mains cut",
        ),
        &[E, F],
        Always,
    ),
    // C6-01. Sources: S18, GB 25201 5.2.
    item(
        "alarm-panel",
        Facilities,
        (
            "火灾报警控制器无故障、无屏蔽点，处于正常监视状态",
            "Fire alarm panel normal: no faults, no isolated points",
        ),
        ("面板无故障、屏蔽显示", "Panel shows no fault or isolation"),
        &[E, F],
        HasAutomaticAlarm,
    ),
    // C6-02. Source: S18.
    item(
        "alarm-devices",
        Facilities,
        (
            "探测器、手动报警按钮完好、无遮挡，能报警",
            "Detectors and call points intact and working",
        ),
        ("抽检探测器和手报能报警", "Sampled detectors and call points raise an alarm"),
        &[E],
        HasAutomaticAlarm,
    ),
    // C6-03. Source: S18.
    item(
        "alarm-interlocks",
        Facilities,
        (
            "联动功能正常（警报、广播、切非、迫降、卷帘、防排烟）",
            "Interlocks work (sounders, PA, power cut-off, lifts, shutters, smoke control)",
        ),
        ("控制室联动试验正常", "Control-room interlock test passes"),
        &[E, F],
        HasAutomaticAlarm,
    ),
    // C7-01. Source: GB 25201 5.2(c).
    item(
        "sprinklers-auto",
        Facilities,
        ("自动喷水灭火系统处于自动状态", "Sprinkler system set to automatic"),
        ("泵控制柜和控制室均为自动", "Pump panel and control room both on AUTO"),
        &[E, F],
        HasSprinklers,
    ),
    // C7-02. Source: S18.
    item(
        "sprinkler-valves",
        Facilities,
        (
            "报警阀组压力正常、控制阀锁定常开、无渗漏",
            "Alarm valves at pressure, control valves locked open, no leaks",
        ),
        ("压力表正常，阀门锁定", "Gauges normal, valves locked"),
        &[E],
        HasSprinklers,
    ),
    // C7-03. Sources: S18; unnamed repository (Rel D).
    item(
        "sprinkler-end-test",
        Facilities,
        (
            "末端试水压力不低于0.05MPa，水流指示器、压力开关动作，喷淋泵启动",
            "End-of-line test at least 0.05 MPa; flow switch and pressure switch act; pump starts",
        ),
        ("试水后各部件动作、水泵启动", "Every part acts and the pump starts on test"),
        &[E],
        HasSprinklers,
    ),
    // C9-01. Sources: 消防法 art. 16(3), 国办发〔2017〕87号 art. 15(3), GB 25201 7.1.1.
    item(
        "annual-facility-test",
        Facilities,
        (
            "建筑消防设施每年至少全面检测一次",
            "Building fire facilities fully tested at least once a year",
        ),
        ("有12个月内的检测报告", "A test report dated within twelve months"),
        &[F, E, I],
        Always,
    ),
    // C9-02. Sources: 120号令 art. 31, S17(9)(10).
    item(
        "maintenance-contract",
        Facilities,
        (
            "设施定期维护保养，有维保合同和记录",
            "Facilities maintained under contract, with records",
        ),
        (
            "合同有效，维保报告按期出具，机构和人员有资质",
            "Contract current, reports on time, provider and staff qualified",
        ),
        &[P, C, F, E],
        Always,
    ),
    // C9-03. Source: 汕头 排查方案 (Rel C).
    item(
        "valves-sealed",
        Facilities,
        (
            "设施电源开关、管道阀门处于正常状态并铅封或锁定",
            "Facility power switches and valves set right and sealed",
        ),
        ("开关阀门位置正确，有铅封或锁", "Switches and valves in position, sealed or locked"),
        &[E],
        Always,
    ),
];
