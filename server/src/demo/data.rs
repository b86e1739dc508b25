//! The demo county as data: townships, bodies, officials and the 40 key units, and the
//! rule that names each unit's guidance group from them.

use baolian_shared::registry::{
    AssignmentBasis, BodyKind, IndustryAssignment, KeyUnit, Official, OfficialRole, UnitFeatures,
    UnitKind, UnitLevel,
};

/// The demo county's id.
pub const COUNTY: &str = "C01";
/// The fire rescue authority that supervises every demo unit.
pub const FIRE_AUTHORITY: &str = "县消防救援大队";

/// `(id, name, police station)` of each township.
pub const TOWNSHIPS: [(&str, &str, &str); 3] = [
    ("T01", "城关镇", "城关派出所"),
    ("T02", "东关街道", "东关派出所"),
    ("T03", "南湖乡", "南湖派出所"),
];

/// `(id, name, body, role, phone)` of each official; all are established staff.
pub const OFFICIALS: [(&str, &str, &str, OfficialRole, &str); 23] = {
    use OfficialRole::*;
    [
        ("O001", "王芳", "T01", Township, "13803710001"),
        ("O002", "李军", FIRE_AUTHORITY, FireOfficer, "13803710002"),
        ("O003", "刘洋", "T02", Township, "13803710003"),
        ("O004", "孙丽", "T03", Township, "13803710004"),
        ("O005", "周刚", FIRE_AUTHORITY, FireOfficer, "13803710005"),
        ("O010", "吴敏", "县商务局", Industry, "13803710010"),
        ("O011", "郑华", "县卫生健康委员会", Industry, "13803710011"),
        ("O012", "冯涛", "县教育局", Industry, "13803710012"),
        ("O013", "陈红", "县民政局", Industry, "13803710013"),
        ("O014", "褚亮", "县文化广电和旅游局", Industry, "13803710014"),
        ("O015", "卫东", "县工业和信息化局", Industry, "13803710015"),
        ("O016", "蒋平", "县应急管理局", Industry, "13803710016"),
        ("O017", "沈超", "县住房和城乡建设局", Industry, "13803710017"),
        ("O020", "韩磊", "城关派出所", PoliceOfficer, "13803710020"),
        ("O021", "杨帆", "东关派出所", PoliceOfficer, "13803710021"),
        ("O022", "朱军", "南湖派出所", PoliceOfficer, "13803710022"),
        ("O030", "秦雪", "城关派出所", FireClerk, "13803710030"),
        ("O031", "尤佳", "东关派出所", FireClerk, "13803710031"),
        ("O032", "许静", "南湖派出所", FireClerk, "13803710032"),
        ("O040", "何伟", "豫安消防技术服务有限公司", Technician, "13803710040"),
        ("O041", "吕斌", "中原消防检测有限公司", Technician, "13803710041"),
        ("O042", "施强", "豫安消防技术服务有限公司", Technician, "13803710042"),
        ("O043", "张勇", "中原消防检测有限公司", Technician, "13803710043"),
    ]
};

/// `(body, kind, leader, post)`: the accountable leader of each body (art. 3).
pub const BODY_LEADERS: [(&str, BodyKind, &str, &str); 15] = {
    use BodyKind::*;
    [
        ("T01", Township, "高建国", "副镇长"),
        ("T02", Township, "林志强", "副主任"),
        ("T03", Township, "马晓东", "副乡长"),
        (FIRE_AUTHORITY, FireAuthority, "郭峰", "副大队长"),
        ("城关派出所", PoliceStation, "罗斌", "副所长"),
        ("东关派出所", PoliceStation, "梁涛", "副所长"),
        ("南湖派出所", PoliceStation, "宋杰", "副所长"),
        ("县商务局", IndustryDepartment, "唐明", "副局长"),
        ("县卫生健康委员会", IndustryDepartment, "许亮", "副主任"),
        ("县教育局", IndustryDepartment, "邓辉", "副局长"),
        ("县民政局", IndustryDepartment, "曹阳", "副局长"),
        ("县文化广电和旅游局", IndustryDepartment, "彭飞", "副局长"),
        ("县工业和信息化局", IndustryDepartment, "曾伟", "副局长"),
        ("县应急管理局", IndustryDepartment, "萧然", "副局长"),
        ("县住房和城乡建设局", IndustryDepartment, "田野", "副局长"),
    ]
};

/// `(id, name, level, crowded, township, address, kind)` of each unit. U001–U006 are
/// the units of the first demo and keep their ids, names and places.
pub const UNITS: [(&str, &str, u8, bool, &str, &str, UnitKind); 40] = {
    use UnitKind::*;
    [
        ("U001", "新华百货商场", 1, true, "T01", "人民路 88 号", Market),
        ("U002", "县人民医院", 1, true, "T01", "健康路 12 号", Hospital),
        ("U003", "县第一高级中学", 2, true, "T01", "文化路 5 号", School),
        ("U004", "宏达纺织有限公司", 2, false, "T02", "工业园区 3 号", LabourIntensive),
        ("U005", "东关农贸市场", 3, true, "T02", "东关大街 40 号", Market),
        ("U006", "福寿养老院", 3, true, "T02", "东关大街 101 号", ElderlyCare),
        ("U007", "金鼎大酒店", 1, true, "T01", "人民路 120 号", Hotel),
        ("U008", "县体育馆", 2, true, "T01", "体育路 1 号", Venue),
        ("U009", "星光 KTV", 2, true, "T01", "解放路 36 号", Entertainment),
        ("U010", "县中医院", 2, true, "T01", "健康路 30 号", Hospital),
        ("U011", "实验幼儿园", 2, true, "T01", "文化路 18 号", Kindergarten),
        ("U012", "县图书馆", 3, true, "T01", "文化路 2 号", Culture),
        ("U013", "城关加油站", 2, false, "T01", "环城北路 9 号", Hazmat),
        ("U014", "万家福超市", 3, true, "T01", "解放路 88 号", Market),
        ("U015", "县汽车客运站", 2, true, "T01", "车站路 1 号", TransportHub),
        ("U016", "城关第二小学", 3, true, "T01", "建设路 21 号", School),
        ("U017", "锦绣宾馆", 3, true, "T01", "人民路 66 号", Hotel),
        ("U018", "县城市综合体", 1, true, "T01", "中心大道 1 号", PublicBuilding),
        ("U019", "东关中学", 2, true, "T02", "东关大街 8 号", School),
        ("U020", "东关社区卫生服务中心", 3, true, "T02", "东关大街 55 号", Hospital),
        ("U021", "华美服装厂", 2, true, "T02", "工业园区 11 号", LabourIntensive),
        ("U022", "顺达物流仓库", 2, false, "T02", "工业园区 20 号", Warehouse),
        ("U023", "东关电影院", 2, true, "T02", "东关大街 70 号", Entertainment),
        ("U024", "康宁敬老院", 3, true, "T02", "东关二街 3 号", ElderlyCare),
        ("U025", "东关液化气站", 1, false, "T02", "东关外环 2 号", Hazmat),
        ("U026", "东关小学", 3, true, "T02", "东关二街 15 号", School),
        ("U027", "悦来饭店", 3, true, "T02", "东关大街 92 号", Hotel),
        ("U028", "东方购物广场", 1, true, "T02", "东关大街 120 号", Market),
        ("U029", "东关文化馆", 3, true, "T02", "东关二街 30 号", Culture),
        ("U030", "东关建材市场", 3, true, "T02", "东关外环 16 号", Market),
        ("U031", "南湖风景区游客中心", 2, true, "T03", "南湖大道 1 号", TourismReligion),
        ("U032", "南湖乡卫生院", 3, true, "T03", "南湖街 6 号", Hospital),
        ("U033", "南湖中学", 3, true, "T03", "南湖街 20 号", School),
        ("U034", "南湖制鞋厂", 2, true, "T03", "南湖工业区 4 号", LabourIntensive),
        ("U035", "南湖粮食储备库", 2, false, "T03", "南湖工业区 9 号", Warehouse),
        ("U036", "南湖敬老院", 3, true, "T03", "南湖街 40 号", ElderlyCare),
        ("U037", "南湖农家乐度假村", 3, true, "T03", "南湖大道 35 号", Hotel),
        ("U038", "南湖变电站", 2, false, "T03", "南湖大道 60 号", Power),
        ("U039", "南湖集贸市场", 3, true, "T03", "南湖街 2 号", Market),
        ("U040", "南湖寺", 3, true, "T03", "南湖山 1 号", TourismReligion),
    ]
};

/// The industry department of a kind of unit, and whether the county had to assign it
/// (art. 4): no department regulates a mixed-use complex or a temple's fire safety.
fn industry_of(kind: UnitKind) -> (&'static str, Option<IndustryAssignment>) {
    use UnitKind::*;
    let department = match kind {
        Market | Hotel => "县商务局",
        Hospital => "县卫生健康委员会",
        School | Kindergarten => "县教育局",
        ElderlyCare => "县民政局",
        Venue | Entertainment | Culture | TourismReligion => "县文化广电和旅游局",
        LabourIntensive | Power | Research => "县工业和信息化局",
        Hazmat | Warehouse => "县应急管理局",
        _ => "县住房和城乡建设局",
    };
    let assignment = match kind {
        PublicBuilding => Some(IndustryAssignment {
            basis: AssignmentBasis::Nearest,
            reason: "示范县消安委〔2025〕3号：综合体无单一主管部门，由职能相近的住建局分包".into(),
        }),
        TourismReligion => Some(IndustryAssignment {
            basis: AssignmentBasis::Primary,
            reason: "示范县消安委〔2025〕3号：以旅游经营为主，由文广旅局分包".into(),
        }),
        _ => None,
    };
    (department, assignment)
}

/// The official of a role for a department or body, from [`OFFICIALS`].
fn official_of(role: OfficialRole, body: &str) -> Option<&'static str> {
    OFFICIALS.iter().find(|o| o.3 == role && o.2 == body).map(|o| o.0)
}

/// Every demo official.
pub fn officials() -> Vec<Official> {
    OFFICIALS
        .iter()
        .map(|&(id, name, body, role, phone)| Official {
            id: id.into(),
            name: name.into(),
            body: body.into(),
            role,
            established: true,
            phone: phone.into(),
        })
        .collect()
}

/// The demo unit at `index` of [`UNITS`] as the registry holds it.
pub fn unit(index: usize) -> KeyUnit {
    let (id, name, level, crowded, township, address, kind) = UNITS[index];
    let (industry, assignment) = industry_of(kind);
    let station = TOWNSHIPS.iter().find(|t| t.0 == township).map_or("", |t| t.2);
    let level = match level {
        1 => UnitLevel::One,
        2 => UnitLevel::Two,
        _ => UnitLevel::Three,
    };
    KeyUnit {
        id: id.into(),
        name: name.into(),
        level,
        crowded_place: crowded,
        crowded_reason: if crowded {
            format!("{}（消防法第七十三条）", kind.label(baolian_shared::error::Lang::Zh))
        } else {
            String::new()
        },
        kind,
        address: address.into(),
        location: None,
        county: COUNTY.into(),
        township_id: township.into(),
        police_station: station.into(),
        fire_authority: FIRE_AUTHORITY.into(),
        industry_department: industry.into(),
        industry_tier: Default::default(),
        industry_assignment: assignment,
        responsible_person: format!("{name}法定代表人"),
        manager: format!("{name}消防安全管理人"),
        commitment: "本单位承诺：落实消防安全主体责任，做到自知、自查、自改。".into(),
        features: UnitFeatures {
            control_room: level != UnitLevel::Three,
            automatic_alarm: level != UnitLevel::Three,
            sprinklers: level == UnitLevel::One,
            mini_fire_station: true,
            gas: matches!(kind, UnitKind::Hotel | UnitKind::Hazmat | UnitKind::School),
            high_rise: matches!(kind, UnitKind::PublicBuilding | UnitKind::Hotel)
                && level == UnitLevel::One,
        },
    }
}

/// The members of a unit's guidance group as `(official, role)`: one of each role its
/// level requires (art. 2), each from the body the unit's record names.
pub fn members(index: usize, unit: &KeyUnit) -> Vec<(&'static str, OfficialRole)> {
    use OfficialRole::*;
    let technicians = ["O040", "O041", "O042", "O043"];
    let mut members = Vec::new();
    for &role in unit.level.required_roles() {
        let official = match role {
            Industry => official_of(Industry, &unit.industry_department),
            Township => official_of(Township, &unit.township_id),
            // 李军 serves the first demo's units and the town's; 周刚 the rest.
            FireOfficer if unit.township_id == "T01" || unit.id == "U004" => Some("O002"),
            FireOfficer => Some("O005"),
            PoliceOfficer => official_of(PoliceOfficer, &unit.police_station),
            FireClerk => official_of(FireClerk, &unit.police_station),
            Technician => Some(technicians[index % technicians.len()]),
        };
        members.extend(official.map(|o| (o, role)));
    }
    members
}
