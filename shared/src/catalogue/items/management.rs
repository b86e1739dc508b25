//! The control room, management, training and the mini fire station (research sections F to I).

use super::*;

pub(super) const MANAGEMENT: &[CheckItem] = &[
    // F-01. Sources: 国办发〔2017〕87号 art. 15(3), S7 art. 26, GB 25201 5.2.
    item(
        "control-room-staffing",
        ControlRoom,
        (
            "消防控制室24小时值班，每班不少于2人",
            "Control room staffed 24 h, at least two per shift",
        ),
        ("排班表和现场人数一致", "Roster and headcount agree"),
        &[F, E, P, C],
        HasControlRoom,
    ),
    // F-02. Sources: 61号令 art. 38, GB 25201 5.2.
    item(
        "control-room-certificates",
        ControlRoom,
        ("值班人员持证上岗", "Operators certified"),
        ("证书与排班表姓名一致", "Certificates match the names on the roster"),
        &[F, E, P, C],
        HasControlRoom,
    ),
    // F-03. Source: GB 25201 5.2.
    item(
        "control-room-log",
        ControlRoom,
        ("值班记录完整，每2小时记录设备运行情况", "Log complete, with equipment state every 2 h"),
        ("交接班和每2小时记录齐全", "Handover and 2-hourly entries all present"),
        &[F, E],
        HasControlRoom,
    ),
    // F-04. Source: GB 25201 5.2(c).
    item(
        "control-room-auto",
        ControlRoom,
        ("控制器、联动设备处于自动状态", "Panel and interlocks on AUTO"),
        ("面板显示自动", "Panel shows AUTO"),
        &[F, E],
        HasControlRoom,
    ),
    // F-05. Source: 消防控制室管理要求 (Rel B/C).
    item(
        "control-room-procedure",
        ControlRoom,
        ("值班人员熟悉火警处置程序", "Operators know the alarm-handling procedure"),
        ("能演示确认、切换、报警、启动预案", "Can show confirm, switch, call 119, start the plan"),
        &[F, E],
        HasControlRoom,
    ),
    // F-06. Source: S7 art. 26.
    item(
        "control-room-documents",
        ControlRoom,
        (
            "控制室存有平面图、系统图、维保记录和检测报告",
            "Plans, system diagrams, maintenance records and test reports kept",
        ),
        ("资料齐全", "All present"),
        &[F, E],
        HasControlRoom,
    ),
    // G-01. Sources: 消防法 art. 17, 61号令 art. 4–7; 58号 art. 8(2).
    item(
        "responsible-persons",
        Management,
        (
            "明确消防安全责任人、管理人和重点岗位职责",
            "Responsible person, manager and key-post duties named",
        ),
        ("有任命文件和岗位职责", "Appointments and job duties on file"),
        &[I, F, T, P],
        Always,
    ),
    // G-02. Sources: 120号令 art. 31(2), 消防法 art. 16(1); 58号 art. 8(2), 10(1), 11(1).
    item(
        "fire-safety-rules",
        Management,
        ("制定消防安全制度和操作规程", "Fire-safety rules and procedures in place"),
        ("制度文本齐全并执行", "Written rules exist and are followed"),
        &[P, C, I, F],
        Always,
    ),
    // G-03. Sources: 61号令 art. 25, GB/T 40248 7.3.
    item(
        "daily-patrols",
        Management,
        ("开展每日防火巡查并有签名记录", "Daily fire patrols with signed records"),
        (
            "巡查记录逐日签名，公众聚集场所营业期间每2小时",
            "Signed daily; every 2 h during business in public venues",
        ),
        &[F, P, C, T],
        Always,
    ),
    // G-04. Sources: 61号令 art. 26, 120号令 art. 31(3); 58号 art. 10(1), 11(1) (自查).
    item(
        "monthly-inspections",
        Management,
        ("每月开展防火检查并有签名记录", "Monthly fire inspections with signed records"),
        ("检查记录按月签名", "Signed monthly records"),
        &[F, P, C, T],
        Always,
    ),
    // G-05. Sources: 61号令 (隐患整改), S15.
    item(
        "hazard-ledger",
        Management,
        ("火灾隐患整改台账闭环", "Hazard rectification ledger closed"),
        (
            "每项隐患有责任人、措施、期限和复查",
            "Each hazard has an owner, a fix, a deadline and a re-check",
        ),
        ALL,
        Always,
    ),
    // G-06. Source: 61号令 art. 41–44.
    item(
        "fire-archive",
        Management,
        ("建立消防档案并及时更新", "Fire-safety archive complete and current"),
        ("基本情况和管理情况档案齐全", "Both parts of the archive complete"),
        &[F, I],
        Always,
    ),
    // G-07. Source: 消防法 art. 17(2).
    item(
        "key-fire-areas",
        Management,
        ("确定消防安全重点部位，设置防火标志", "Key fire-risk areas named and signed"),
        ("有重点部位清单，现场有标志", "A list exists; signs on site"),
        &[F, E],
        Always,
    ),
    // G-08. Sources: 消防法 art. 16(1); 58号 art. 10(2), 11(2).
    item(
        "emergency-plan",
        Management,
        (
            "制定灭火和应急疏散预案，明确承担任务的人员",
            "Firefighting and evacuation plan with named roles",
        ),
        ("预案有组织机构和具体人员", "The plan names its teams and people"),
        &[F, I, P, C],
        Always,
    ),
    // G-09. Source: S15.
    item(
        "responsible-awareness",
        Management,
        (
            "责任人、管理人熟知本场所火灾危险和法律责任",
            "Responsible person and manager know the hazards and their liability",
        ),
        ("询问能答出", "Answers questions correctly"),
        &[T, P, C, I],
        Always,
    ),
    // 58号 art. 10(1), 11(1): 自知、自查、自改 and 公示承诺制; the board of Attachment 1.
    item(
        "public-commitment",
        Management,
        ("责任公示牌和消防安全承诺书公开张贴", "Notice board and fire-safety commitment posted"),
        ("公示牌信息与登记一致", "Board matches the registry"),
        &[F, P, C, T],
        Always,
    ),
    // 58号 art. 8(2): 成立消防安全组织.
    item(
        "safety-organisation",
        Management,
        ("成立消防安全组织", "Fire-safety organisation set up"),
        ("有组织机构文件和成员", "Organisation documented with its members"),
        &[I],
        Always,
    ),
    // 58号 art. 8(2): 落实消防安全指南、火灾风险防范指南、火灾风险检查指引.
    item(
        "sector-guidelines",
        Management,
        (
            "落实本行业消防安全指南和火灾风险检查指引",
            "Sector fire-safety guidelines and risk checklists applied",
        ),
        ("有对照落实记录", "A record of applying them"),
        &[I],
        Always,
    ),
    // H-01. Sources: 61号令 art. 36, 120号令 art. 31(3).
    item(
        "pre-job-training",
        Training,
        ("员工岗前消防安全培训", "Pre-job fire-safety training"),
        ("新员工均有培训记录", "Every new hire has a training record"),
        &[I, P, C],
        Always,
    ),
    // H-02. Source: 61号令 art. 36.
    item(
        "staff-training",
        Training,
        (
            "全员年度消防培训，公众聚集场所每半年",
            "Yearly all-staff training; half-yearly in public venues",
        ),
        ("培训记录覆盖全员", "Training records cover all staff"),
        &[I, F],
        Always,
    ),
    // H-03. Source: S15.
    item(
        "staff-competence",
        Training,
        (
            "员工懂火灾危险性，会报警、会灭火、会逃生",
            "Staff know the hazards and can raise the alarm, fight a small fire and escape",
        ),
        ("抽问和灭火器演示合格", "Spot questions and an extinguisher demonstration pass"),
        &[T, P, C, F],
        Always,
    ),
    // H-04. Sources: 61号令 art. 40, 120号令 art. 31(3).
    item(
        "drills",
        Training,
        (
            "按预案每半年组织灭火和应急疏散演练",
            "Firefighting and evacuation drills every half-year per the plan",
        ),
        ("演练记录和照片齐全", "Drill records with photos"),
        &[I, F, P, C],
        Always,
    ),
    // H-06. Source: 61号令 art. 38.
    item(
        "operator-training",
        Training,
        (
            "控制室操作人员、管理人员接受专门培训",
            "Control-room operators and managers specially trained",
        ),
        ("有培训证明", "Training certificates on file"),
        &[F, E],
        HasControlRoom,
    ),
    // I-01. Source: S10 (微型消防站建设标准).
    item(
        "mini-station-staffing",
        MiniFireStation,
        (
            "微型消防站人员不少于6人，岗位齐全",
            "Mini fire station with at least six staff and every post",
        ),
        ("名册齐全，站长由管理人兼任", "Roster complete; the manager is its chief"),
        &[F, I],
        HasMiniFireStation,
    ),
    // I-03. Source: S10.
    item(
        "mini-station-equipment",
        MiniFireStation,
        ("站房和器材配备完好", "Station room and equipment complete"),
        ("器材清单与实物一致", "Inventory matches what is there"),
        &[F, E],
        HasMiniFireStation,
    ),
    // I-04. Source: S10.
    item(
        "mini-station-readiness",
        MiniFireStation,
        ("24小时值守，3分钟到场", "Staffed 24 h; on scene within 3 minutes"),
        ("抽查拉动3分钟内到场", "A spot call-out arrives within 3 minutes"),
        &[F, P, C],
        HasMiniFireStation,
    ),
];
