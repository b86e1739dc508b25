//! The column layouts of the import and export files (`docs/import-format.md`), the
//! matching of a file's headers to them, and the reading and writing of cell values.
//!
//! Headers are Chinese first; the English names are accepted too, in any case and with
//! spaces, hyphens or underscores. Values take the stable ids of the registry or their
//! Chinese and English labels, so a file exported in either language imports again.

use baolian_shared::api::ImportIssue;
use baolian_shared::error::Lang;
use chrono::NaiveDate;

use super::table::{Line, issue};

/// One column of a layout.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Internal key, also the field of the registry type it fills.
    pub key: &'static str,
    /// Chinese header.
    pub zh: &'static str,
    /// English header.
    pub en: &'static str,
    /// Whether a file must have the column.
    pub required: bool,
}

const fn col(key: &'static str, zh: &'static str, en: &'static str, required: bool) -> Column {
    Column { key, zh, en, required }
}

/// Key units, one per row.
pub const UNIT_COLUMNS: &[Column] = &[
    col("id", "单位编号", "id", true),
    col("name", "单位名称", "name", true),
    col("level", "等级", "level", true),
    col("crowded_place", "人员密集场所", "crowded_place", true),
    col("crowded_reason", "人员密集依据", "crowded_reason", false),
    col("kind", "单位类别", "kind", false),
    col("address", "地址", "address", false),
    col("lat", "纬度", "lat", false),
    col("lon", "经度", "lon", false),
    col("county", "县（区）", "county", true),
    col("township_id", "乡镇（街道）", "township", true),
    col("police_station", "派出所", "police_station", false),
    col("fire_authority", "消防救援机构", "fire_authority", false),
    col("industry_department", "行业主管部门", "industry_department", true),
    col("industry_tier", "行业部门层级", "industry_tier", false),
    col("assignment_basis", "分包原则", "assignment_basis", false),
    col("assignment_reason", "分包依据", "assignment_reason", false),
    col("responsible_person", "消防安全责任人", "responsible_person", false),
    col("manager", "消防安全管理人", "manager", false),
    col("commitment", "消防安全承诺", "commitment", false),
    col("control_room", "消防控制室", "control_room", false),
    col("automatic_alarm", "火灾自动报警系统", "automatic_alarm", false),
    col("sprinklers", "自动喷水灭火系统", "sprinklers", false),
    col("mini_fire_station", "微型消防站", "mini_fire_station", false),
    col("gas", "使用燃气", "gas", false),
    col("high_rise", "高层建筑", "high_rise", false),
    col("listed_on", "纳入日期", "listed_on", false),
];

/// Liaison officials, one per row.
pub const OFFICIAL_COLUMNS: &[Column] = &[
    col("id", "人员编号", "id", true),
    col("name", "姓名", "name", true),
    col("body", "所在单位", "body", true),
    col("role", "身份", "role", true),
    col("established", "在编在岗", "established", true),
    col("phone", "联系电话", "phone", false),
];

/// Guidance group memberships, one per row; the rows of a unit are its whole group.
pub const GROUP_COLUMNS: &[Column] = &[
    col("unit_id", "单位编号", "unit_id", true),
    col("official_id", "人员编号", "official_id", true),
    col("role", "身份", "role", false),
    col("assigned_on", "任职日期", "assigned_on", true),
    col("until", "离任日期", "until", false),
];

/// A file's headers matched to a layout.
#[derive(Debug, Clone)]
pub struct Header {
    columns: &'static [Column],
    /// For each layout column, its index among the file's cells.
    index: Vec<Option<usize>>,
    /// For each layout column, its header as the file writes it.
    names: Vec<String>,
    width: usize,
}

fn normalise(header: &str) -> String {
    header
        .trim()
        .trim_end_matches('*')
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

impl Header {
    /// Matches headers to columns; reports unknown, repeated and missing columns.
    pub fn map(
        columns: &'static [Column],
        headers: &[String],
        row: usize,
    ) -> Result<Header, Vec<ImportIssue>> {
        let mut index = vec![None; columns.len()];
        let mut names: Vec<String> = columns.iter().map(|c| c.zh.to_owned()).collect();
        let mut found = Vec::new();

        for (at, text) in headers.iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            let wanted = normalise(text);
            let matched = columns
                .iter()
                .position(|c| [c.zh, c.en, c.key].iter().any(|name| normalise(name) == wanted));
            match matched {
                Some(i) if index[i].is_some() => found.push(issue(
                    row,
                    Some(text),
                    format!("列「{text}」重复"),
                    format!("column \"{text}\" appears twice"),
                )),
                Some(i) => {
                    index[i] = Some(at);
                    names[i] = text.clone();
                }
                None => found.push(issue(
                    row,
                    Some(text),
                    format!("未知的列「{text}」"),
                    format!("unknown column \"{text}\""),
                )),
            }
        }
        for (i, column) in columns.iter().enumerate() {
            if column.required && index[i].is_none() {
                found.push(issue(
                    row,
                    Some(column.zh),
                    format!("缺少必填列「{}」", column.zh),
                    format!("required column \"{}\" ({}) is missing", column.en, column.zh),
                ));
            }
        }
        if found.is_empty() {
            Ok(Header { columns, index, names, width: headers.len() })
        } else {
            Err(found)
        }
    }

    /// The header of a column as the file writes it.
    pub fn name<'s>(&'s self, key: &'s str) -> &'s str {
        self.position(key).map_or(key, |i| self.names[i].as_str())
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }

    /// A row's cell for a column; empty when the file lacks the column or the cell.
    pub fn cell<'l>(&self, line: &'l Line, key: &str) -> &'l str {
        let at = self.position(key).and_then(|i| self.index[i]);
        at.and_then(|at| line.cells.get(at)).map_or("", String::as_str)
    }

    /// An issue when a row has filled cells beyond the header.
    pub fn overflow(&self, line: &Line) -> Option<ImportIssue> {
        let extra = line.cells.iter().skip(self.width).any(|c| !c.is_empty());
        extra.then(|| {
            issue(
                line.number,
                None,
                "本行的单元格多于表头的列".into(),
                "the row has more cells than the header has columns".into(),
            )
        })
    }
}

/// The header texts of a layout in a language.
pub fn headers(columns: &[Column], lang: Lang) -> Vec<&'static str> {
    columns.iter().map(|c| if lang == Lang::Zh { c.zh } else { c.en }).collect()
}

/// A cell value that did not parse: what was wanted, in both languages.
#[derive(Debug, Clone)]
pub struct Wanted {
    /// In Chinese.
    pub zh: &'static str,
    /// In English.
    pub en: &'static str,
}

/// Reads the cells of one row, gathering an issue for each bad one.
#[derive(Debug)]
pub struct RowReader<'a> {
    header: &'a Header,
    line: &'a Line,
    /// The problems found so far.
    pub issues: Vec<ImportIssue>,
}

impl<'a> RowReader<'a> {
    /// Starts on a row.
    pub fn new(header: &'a Header, line: &'a Line) -> RowReader<'a> {
        let issues = header.overflow(line).into_iter().collect();
        RowReader { header, line, issues }
    }

    /// The row's number.
    pub fn row(&self) -> usize {
        self.line.number
    }

    /// A text cell, possibly empty.
    pub fn text(&self, key: &str) -> String {
        self.header.cell(self.line, key).to_owned()
    }

    /// A text cell that must not be empty.
    pub fn required(&mut self, key: &str) -> String {
        let text = self.text(key);
        if text.is_empty() {
            self.problem(key, "不能为空", "is empty");
        }
        text
    }

    /// A cell parsed by `parse`; empty cells give `None` without an issue.
    pub fn parse<T>(&mut self, key: &str, parse: impl Fn(&str) -> Result<T, Wanted>) -> Option<T> {
        let text = self.header.cell(self.line, key);
        if text.is_empty() {
            return None;
        }
        match parse(text) {
            Ok(value) => Some(value),
            Err(wanted) => {
                let (zh, en) = (
                    format!("「{text}」无效，应为{}", wanted.zh),
                    format!("\"{text}\" is not valid, expected {}", wanted.en),
                );
                self.issue_at(key, zh, en);
                None
            }
        }
    }

    /// A cell that must parse and must not be empty.
    pub fn parse_required<T>(
        &mut self,
        key: &str,
        parse: impl Fn(&str) -> Result<T, Wanted>,
    ) -> Option<T> {
        if self.header.cell(self.line, key).is_empty() {
            self.problem(key, "不能为空", "is empty");
            return None;
        }
        self.parse(key, parse)
    }

    /// Records a problem with a column of this row.
    pub fn problem(&mut self, key: &str, zh: &str, en: &str) {
        let name = self.header.name(key).to_owned();
        self.issue_at(key, format!("「{name}」{zh}"), format!("\"{name}\" {en}"));
    }

    /// Records an issue with a column of this row, worded by the caller.
    pub fn issue_at(&mut self, key: &str, zh: String, en: String) {
        let name = self.header.name(key).to_owned();
        self.issues.push(issue(self.line.number, Some(&name), zh, en));
    }
}

/// A unit level: `1`, `一级`, `1级`, `level 1`.
pub fn level(text: &str) -> Result<baolian_shared::registry::UnitLevel, Wanted> {
    use baolian_shared::registry::UnitLevel;
    let wanted = Wanted { zh: "1、2、3 或 一级、二级、三级", en: "1, 2 or 3" };
    let text = normalise(text);
    let text = text.trim_start_matches("level").trim_end_matches('级');
    match text {
        "1" | "一" => Ok(UnitLevel::One),
        "2" | "二" => Ok(UnitLevel::Two),
        "3" | "三" => Ok(UnitLevel::Three),
        _ => Err(wanted),
    }
}

/// Yes or no: `是`/`否`, `有`/`无`, `true`/`false`, `yes`/`no`, `1`/`0`, `√`/`×`.
pub fn yes_no(text: &str) -> Result<bool, Wanted> {
    match normalise(text).as_str() {
        "是" | "有" | "true" | "yes" | "y" | "1" | "√" => Ok(true),
        "否" | "无" | "false" | "no" | "n" | "0" | "×" => Ok(false),
        _ => Err(Wanted { zh: "是或否", en: "yes or no" }),
    }
}

/// A date: `2026-01-31`, `2026/1/31` or `2026.1.31`.
pub fn date(text: &str) -> Result<NaiveDate, Wanted> {
    let text = text.replace(['/', '.'], "-");
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|_| Wanted { zh: "日期（如 2026-01-31）", en: "a date such as 2026-01-31" })
}

/// A number within `range`.
pub fn number_in(range: std::ops::RangeInclusive<f64>) -> impl Fn(&str) -> Result<f64, Wanted> {
    move |text| {
        text.parse::<f64>()
            .ok()
            .filter(|x| range.contains(x))
            .ok_or(Wanted { zh: "有效的经纬度数值", en: "a valid coordinate" })
    }
}

/// A value of a registry enum by its stable id or its label in either language.
pub fn labelled<T: Copy>(
    all: &'static [T],
    id: fn(T) -> &'static str,
    label: fn(T, Lang) -> &'static str,
    wanted: Wanted,
) -> impl Fn(&str) -> Result<T, Wanted> {
    move |text| {
        let text = normalise(text);
        all.iter()
            .copied()
            .find(|&v| {
                [id(v), label(v, Lang::Zh), label(v, Lang::En)].iter().any(|n| normalise(n) == text)
            })
            .ok_or(wanted.clone())
    }
}

/// Writes yes or no in a language.
pub fn yes_no_text(value: bool, lang: Lang) -> String {
    match (value, lang) {
        (true, Lang::Zh) => "是".into(),
        (false, Lang::Zh) => "否".into(),
        (value, Lang::En) => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use baolian_shared::registry::{OfficialRole, UnitLevel};

    fn line(cells: &[&str]) -> Line {
        Line { number: 2, cells: cells.iter().map(|c| c.to_string()).collect() }
    }

    #[test]
    fn headers_match_in_either_language_and_report_problems() {
        let headers: Vec<String> =
            ["人员编号", "Name", "BODY", "身份*", "established", "电话号码", "姓名"]
                .map(String::from)
                .into();
        let problems = Header::map(OFFICIAL_COLUMNS, &headers, 1).unwrap_err();
        let en: Vec<&str> = problems.iter().map(|p| p.en.as_str()).collect();
        assert_eq!(en, ["unknown column \"电话号码\"", "column \"姓名\" appears twice"]);

        let headers: Vec<String> = ["id", "name"].map(String::from).into();
        let problems = Header::map(OFFICIAL_COLUMNS, &headers, 1).unwrap_err();
        assert_eq!(problems.len(), 3, "body, role and established are missing");

        let headers: Vec<String> =
            ["人员编号", "姓名", "所在单位", "身份", "在编在岗"].map(String::from).into();
        let header = Header::map(OFFICIAL_COLUMNS, &headers, 1).unwrap();
        let row = line(&["O1", "王芳", "T01", "乡镇（街道）工作人员", "是"]);
        assert_eq!(header.cell(&row, "body"), "T01");
        assert_eq!(header.cell(&row, "phone"), "");
        assert!(header.overflow(&line(&["O1", "", "", "", "", "extra"])).is_some());
    }

    #[test]
    fn values_take_ids_and_labels() {
        assert_eq!(level("一级").ok(), Some(UnitLevel::One));
        assert_eq!(level("Level 2").ok(), Some(UnitLevel::Two));
        assert_eq!(level("3").ok(), Some(UnitLevel::Three));
        assert!(level("4").is_err());
        assert_eq!(yes_no("是").ok(), Some(true));
        assert_eq!(yes_no("FALSE").ok(), Some(false));
        assert!(yes_no("maybe").is_err());
        assert_eq!(date("2026/1/5").ok(), NaiveDate::from_ymd_opt(2026, 1, 5));
        assert!(date("2026-13-01").is_err());
        let role = labelled(
            OfficialRole::ALL,
            OfficialRole::as_str,
            OfficialRole::label,
            Wanted { zh: "身份", en: "role" },
        );
        assert_eq!(role("fire-officer").ok(), Some(OfficialRole::FireOfficer));
        assert_eq!(role("消防部门监督执法干部").ok(), Some(OfficialRole::FireOfficer));
        assert_eq!(role("Fire Clerk").ok(), Some(OfficialRole::FireClerk));
        assert!(role("mayor").is_err());
    }
}
