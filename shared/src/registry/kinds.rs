//! The kinds of key unit, after the categories of 公安部令第61号 art. 13 and the crowded
//! places of 消防法 art. 73.

use serde::{Deserialize, Serialize};

use super::stable_ids;
use crate::error::Lang;

/// What kind of venue or organisation a key unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnitKind {
    /// 商场、市场.
    Market,
    /// 宾馆、饭店.
    Hotel,
    /// 体育场馆、会堂.
    Venue,
    /// 公共娱乐场所.
    Entertainment,
    /// 医院.
    Hospital,
    /// 养老院、福利院.
    ElderlyCare,
    /// 学校 (boarding or with dormitories, teaching buildings, canteens).
    School,
    /// 托儿所、幼儿园.
    Kindergarten,
    /// 国家机关.
    Government,
    /// 广播电台、电视台、邮政、通信枢纽.
    Communications,
    /// 客运车站、码头、民用机场.
    TransportHub,
    /// 公共图书馆、展览馆、博物馆、档案馆、文物保护单位.
    Culture,
    /// 旅游、宗教活动场所.
    TourismReligion,
    /// 发电厂（站）、电网经营企业.
    Power,
    /// 易燃易爆化学物品的生产、充装、储存、供应、销售单位.
    Hazmat,
    /// 服装、制鞋等劳动密集型企业.
    LabourIntensive,
    /// 重要的科研单位.
    Research,
    /// 高层公共建筑、地下公共建筑.
    PublicBuilding,
    /// 大型仓库、堆场.
    Warehouse,
    /// 重点工程施工现场.
    ConstructionSite,
    /// 其他.
    #[default]
    Other,
}

stable_ids!(UnitKind {
    Market = "market",
    Hotel = "hotel",
    Venue = "venue",
    Entertainment = "entertainment",
    Hospital = "hospital",
    ElderlyCare = "elderly-care",
    School = "school",
    Kindergarten = "kindergarten",
    Government = "government",
    Communications = "communications",
    TransportHub = "transport-hub",
    Culture = "culture",
    TourismReligion = "tourism-religion",
    Power = "power",
    Hazmat = "hazmat",
    LabourIntensive = "labour-intensive",
    Research = "research",
    PublicBuilding = "public-building",
    Warehouse = "warehouse",
    ConstructionSite = "construction-site",
    Other = "other",
});

impl UnitKind {
    /// The kind as officials name it.
    pub fn label(self, lang: Lang) -> &'static str {
        use UnitKind::*;
        match (self, lang) {
            (Market, Lang::Zh) => "商场、市场",
            (Hotel, Lang::Zh) => "宾馆、饭店",
            (Venue, Lang::Zh) => "体育场馆、会堂",
            (Entertainment, Lang::Zh) => "公共娱乐场所",
            (Hospital, Lang::Zh) => "医院",
            (ElderlyCare, Lang::Zh) => "养老院、福利院",
            (School, Lang::Zh) => "学校",
            (Kindergarten, Lang::Zh) => "托儿所、幼儿园",
            (Government, Lang::Zh) => "国家机关",
            (Communications, Lang::Zh) => "广播电视、邮政通信",
            (TransportHub, Lang::Zh) => "客运车站、码头、机场",
            (Culture, Lang::Zh) => "图书馆、展览馆、博物馆、档案馆、文物保护单位",
            (TourismReligion, Lang::Zh) => "旅游、宗教活动场所",
            (Power, Lang::Zh) => "发电厂（站）、电网企业",
            (Hazmat, Lang::Zh) => "易燃易爆危险品单位",
            (LabourIntensive, Lang::Zh) => "劳动密集型企业",
            (Research, Lang::Zh) => "重要科研单位",
            (PublicBuilding, Lang::Zh) => "高层、地下公共建筑",
            (Warehouse, Lang::Zh) => "大型仓库、堆场",
            (ConstructionSite, Lang::Zh) => "重点工程施工现场",
            (Other, Lang::Zh) => "其他",
            (Market, Lang::En) => "market or shopping centre",
            (Hotel, Lang::En) => "hotel or restaurant",
            (Venue, Lang::En) => "stadium or hall",
            (Entertainment, Lang::En) => "public entertainment venue",
            (Hospital, Lang::En) => "hospital",
            (ElderlyCare, Lang::En) => "elderly or welfare home",
            (School, Lang::En) => "school",
            (Kindergarten, Lang::En) => "nursery or kindergarten",
            (Government, Lang::En) => "government office",
            (Communications, Lang::En) => "broadcasting, post or telecoms hub",
            (TransportHub, Lang::En) => "station, port or airport",
            (Culture, Lang::En) => "library, exhibition hall, museum, archive or heritage site",
            (TourismReligion, Lang::En) => "tourist or religious site",
            (Power, Lang::En) => "power plant or grid operator",
            (Hazmat, Lang::En) => "flammable or explosive goods site",
            (LabourIntensive, Lang::En) => "labour-intensive factory",
            (Research, Lang::En) => "major research institute",
            (PublicBuilding, Lang::En) => "high-rise or underground public building",
            (Warehouse, Lang::En) => "large warehouse or yard",
            (ConstructionSite, Lang::En) => "major construction site",
            (Other, Lang::En) => "other",
        }
    }

    /// Whether units of this kind are usually crowded places under 消防法 art. 73: a
    /// suggestion for the registry form only. The flag on the unit stays the authority,
    /// because art. 73 qualifies parts of premises (a factory is crowded only through
    /// its workshop or dormitory), which a kind cannot tell.
    pub fn usually_crowded(self) -> bool {
        use UnitKind::*;
        matches!(
            self,
            Market
                | Hotel
                | Venue
                | Entertainment
                | Hospital
                | ElderlyCare
                | School
                | Kindergarten
                | TransportHub
                | Culture
                | TourismReligion
                | LabourIntensive
        )
    }
}
