//! Calendar periods in China Standard Time: the months, quarters, half-years and years
//! that duties are counted in.
//!
//! China Standard Time is a fixed UTC+8 with no daylight saving, so a fixed offset is
//! exact and the crate needs no time-zone database. A record stored as a UTC instant
//! counts in the period of its local date: `2024-03-31T15:59:59Z` is 23:59:59 on
//! 31 March in China, `2024-03-31T16:00:00Z` is midnight on 1 April.

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::Lang;

/// Seconds east of UTC of China Standard Time.
pub const CST_OFFSET_SECONDS: i32 = 8 * 3600;

/// China Standard Time as a chrono offset.
pub fn cst() -> FixedOffset {
    FixedOffset::east_opt(CST_OFFSET_SECONDS).expect("UTC+8 is a valid offset")
}

/// The local date in China of an instant given in milliseconds since the Unix epoch;
/// `None` only for instants outside chrono's range.
pub fn local_date(utc_ms: i64) -> Option<NaiveDate> {
    DateTime::from_timestamp_millis(utc_ms).map(|utc| utc.with_timezone(&cst()).date_naive())
}

/// The length of period a duty is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PeriodKind {
    /// A calendar month.
    Month,
    /// A calendar quarter: Q1 is January to March.
    Quarter,
    /// A half-year: H1 is January to June, H2 July to December.
    Half,
    /// A calendar year.
    Year,
}

impl PeriodKind {
    /// Every kind, shortest first.
    pub const ALL: [PeriodKind; 4] =
        [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Half, PeriodKind::Year];

    /// The stable id used in CSV files and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Half => "half",
            PeriodKind::Year => "year",
        }
    }

    /// Parses a stable id.
    pub fn parse(id: &str) -> Option<PeriodKind> {
        PeriodKind::ALL.into_iter().find(|kind| kind.as_str() == id)
    }

    /// How many months a period of this kind spans.
    pub fn months(self) -> u32 {
        match self {
            PeriodKind::Month => 1,
            PeriodKind::Quarter => 3,
            PeriodKind::Half => 6,
            PeriodKind::Year => 12,
        }
    }
}

/// One calendar period. Its stable id (the form stored and sent as JSON) is `2024-03`,
/// `2024-Q1`, `2024-H1` or `2024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Period {
    /// A month: year and month 1–12.
    Month(i32, u32),
    /// A quarter: year and quarter 1–4.
    Quarter(i32, u32),
    /// A half-year: year and half 1–2.
    Half(i32, u32),
    /// A year.
    Year(i32),
}

impl Period {
    /// The period of the given kind that contains a local date.
    pub fn containing(kind: PeriodKind, date: NaiveDate) -> Period {
        let (year, month) = (date.year(), date.month());
        match kind {
            PeriodKind::Month => Period::Month(year, month),
            PeriodKind::Quarter => Period::Quarter(year, (month - 1) / 3 + 1),
            PeriodKind::Half => Period::Half(year, (month - 1) / 6 + 1),
            PeriodKind::Year => Period::Year(year),
        }
    }

    /// The kind of this period.
    pub fn kind(self) -> PeriodKind {
        match self {
            Period::Month(..) => PeriodKind::Month,
            Period::Quarter(..) => PeriodKind::Quarter,
            Period::Half(..) => PeriodKind::Half,
            Period::Year(_) => PeriodKind::Year,
        }
    }

    /// The year and first month of the period.
    fn first_month(self) -> (i32, u32) {
        match self {
            Period::Month(y, m) => (y, m),
            Period::Quarter(y, q) => (y, (q - 1) * 3 + 1),
            Period::Half(y, h) => (y, (h - 1) * 6 + 1),
            Period::Year(y) => (y, 1),
        }
    }

    /// The first local date of the period.
    pub fn start(self) -> NaiveDate {
        let (year, month) = self.first_month();
        NaiveDate::from_ymd_opt(year, month, 1).expect("periods are built from valid dates")
    }

    /// The last local date of the period, inclusive: the deadline of a duty owed in it.
    pub fn end(self) -> NaiveDate {
        self.next().start().pred_opt().expect("a period has a last day")
    }

    /// The number of days in the period.
    pub fn days(self) -> i64 {
        (self.end() - self.start()).num_days() + 1
    }

    /// Whether a local date falls in the period.
    pub fn contains(self, date: NaiveDate) -> bool {
        self.start() <= date && date <= self.end()
    }

    /// The period of the same kind that follows this one.
    pub fn next(self) -> Period {
        let (year, month) = self.first_month();
        let month0 = (month - 1) + self.kind().months();
        let date = NaiveDate::from_ymd_opt(year + (month0 / 12) as i32, month0 % 12 + 1, 1)
            .expect("periods are built from valid dates");
        Period::containing(self.kind(), date)
    }

    /// The label shown to users: `2024年3月`, `2024年第一季度`, `2024年上半年`, `2024年`
    /// in Chinese; `March 2024`, `Q1 2024`, `H1 2024`, `2024` in English.
    pub fn label(self, lang: Lang) -> String {
        const QUARTERS_ZH: [&str; 4] = ["一", "二", "三", "四"];
        const MONTHS_EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        match (self, lang) {
            (Period::Month(y, m), Lang::Zh) => format!("{y}年{m}月"),
            (Period::Month(y, m), Lang::En) => format!("{} {y}", MONTHS_EN[m as usize - 1]),
            (Period::Quarter(y, q), Lang::Zh) => {
                format!("{y}年第{}季度", QUARTERS_ZH[q as usize - 1])
            }
            (Period::Quarter(y, q), Lang::En) => format!("Q{q} {y}"),
            (Period::Half(y, 1), Lang::Zh) => format!("{y}年上半年"),
            (Period::Half(y, _), Lang::Zh) => format!("{y}年下半年"),
            (Period::Half(y, h), Lang::En) => format!("H{h} {y}"),
            (Period::Year(y), Lang::Zh) => format!("{y}年"),
            (Period::Year(y), Lang::En) => format!("{y}"),
        }
    }

    /// Parses a stable id such as `2024-03`, `2024-Q1`, `2024-H2` or `2024`.
    pub fn parse(id: &str) -> Option<Period> {
        let (year, rest) = match id.split_once('-') {
            Some((year, rest)) => (year, Some(rest)),
            None => (id, None),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let number = |digits: &str, max: u32| {
            let value: u32 = digits.parse().ok()?;
            (digits.bytes().all(|b| b.is_ascii_digit()) && (1..=max).contains(&value))
                .then_some(value)
        };
        match rest {
            None => Some(Period::Year(year)),
            Some(rest) if rest.len() == 2 && rest.starts_with('Q') => {
                number(&rest[1..], 4).map(|q| Period::Quarter(year, q))
            }
            Some(rest) if rest.len() == 2 && rest.starts_with('H') => {
                number(&rest[1..], 2).map(|h| Period::Half(year, h))
            }
            Some(rest) if rest.len() == 2 => number(rest, 12).map(|m| Period::Month(year, m)),
            Some(_) => None,
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Period::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Period::Half(y, h) => write!(f, "{y:04}-H{h}"),
            Period::Year(y) => write!(f, "{y:04}"),
        }
    }
}

impl From<Period> for String {
    fn from(period: Period) -> String {
        period.to_string()
    }
}

impl TryFrom<String> for Period {
    type Error = String;

    fn try_from(id: String) -> Result<Period, String> {
        Period::parse(&id).ok_or_else(|| format!("invalid period id {id}"))
    }
}

/// An inclusive range of local dates, such as the span a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    /// The first day.
    pub from: NaiveDate,
    /// The last day, inclusive.
    pub to: NaiveDate,
}

impl DateRange {
    /// The range from `from` to `to`, or `None` if `to` is before `from`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Option<DateRange> {
        (from <= to).then_some(DateRange { from, to })
    }

    /// The range of one whole period.
    pub fn of(period: Period) -> DateRange {
        DateRange { from: period.start(), to: period.end() }
    }

    /// Whether a date falls in the range.
    pub fn contains(self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// Every period of a kind that overlaps the range, in order.
    pub fn periods(self, kind: PeriodKind) -> Periods {
        Periods { next: Some(Period::containing(kind, self.from)), last: self.to }
    }
}

/// The periods of one kind that overlap a range; made by [`DateRange::periods`].
#[derive(Debug, Clone)]
pub struct Periods {
    next: Option<Period>,
    last: NaiveDate,
}

impl Iterator for Periods {
    type Item = Period;

    fn next(&mut self) -> Option<Period> {
        let period = self.next.filter(|p| p.start() <= self.last)?;
        self.next = Some(period.next());
        Some(period)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn utc_instants_count_on_their_china_local_date() {
        // 2024-03-31T15:59:59Z and 2024-03-31T16:00:00Z.
        let last_second = 1_711_900_799_000;
        assert_eq!(local_date(last_second), Some(date(2024, 3, 31)));
        assert_eq!(local_date(last_second + 1000), Some(date(2024, 4, 1)));
        assert_eq!(
            Period::containing(PeriodKind::Quarter, local_date(last_second).unwrap()),
            Period::Quarter(2024, 1)
        );
        assert_eq!(
            Period::containing(PeriodKind::Quarter, local_date(last_second + 1000).unwrap()),
            Period::Quarter(2024, 2)
        );
    }

    #[test]
    fn periods_have_calendar_bounds() {
        assert_eq!(Period::Month(2024, 2).end(), date(2024, 2, 29));
        assert_eq!(Period::Month(2024, 12).next(), Period::Month(2025, 1));
        assert_eq!(Period::Quarter(2024, 4).start(), date(2024, 10, 1));
        assert_eq!(Period::Quarter(2024, 4).next(), Period::Quarter(2025, 1));
        assert_eq!(Period::Half(2024, 1).end(), date(2024, 6, 30));
        assert_eq!(Period::Half(2024, 2).next(), Period::Half(2025, 1));
        assert_eq!(Period::Year(2024).days(), 366);
        assert_eq!(Period::containing(PeriodKind::Half, date(2024, 7, 1)), Period::Half(2024, 2));
    }

    #[test]
    fn labels_read_as_officials_write_them() {
        assert_eq!(Period::Month(2024, 3).label(Lang::Zh), "2024年3月");
        assert_eq!(Period::Quarter(2024, 1).label(Lang::Zh), "2024年第一季度");
        assert_eq!(Period::Half(2024, 1).label(Lang::Zh), "2024年上半年");
        assert_eq!(Period::Half(2024, 2).label(Lang::Zh), "2024年下半年");
        assert_eq!(Period::Year(2024).label(Lang::Zh), "2024年");
        assert_eq!(Period::Month(2024, 3).label(Lang::En), "March 2024");
        assert_eq!(Period::Quarter(2024, 1).label(Lang::En), "Q1 2024");
        assert_eq!(Period::Half(2024, 2).label(Lang::En), "H2 2024");
    }

    #[test]
    fn ids_round_trip_through_text_and_json() {
        let periods = [
            Period::Month(2024, 3),
            Period::Quarter(2024, 4),
            Period::Half(2025, 1),
            Period::Year(2026),
        ];
        for period in periods {
            assert_eq!(Period::parse(&period.to_string()), Some(period));
            let json = serde_json::to_string(&period).unwrap();
            assert_eq!(serde_json::from_str::<Period>(&json).unwrap(), period);
        }
        assert_eq!(serde_json::to_string(&Period::Month(2024, 3)).unwrap(), "\"2024-03\"");
        for bad in ["2024-13", "2024-Q5", "2024-H3", "24", "2024-3", "2024-Q0", "x"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_range_yields_every_overlapping_period() {
        let range = DateRange::new(date(2024, 3, 15), date(2024, 7, 1)).unwrap();
        let quarters: Vec<_> = range.periods(PeriodKind::Quarter).collect();
        assert_eq!(
            quarters,
            vec![Period::Quarter(2024, 1), Period::Quarter(2024, 2), Period::Quarter(2024, 3)]
        );
        assert_eq!(range.periods(PeriodKind::Month).count(), 5);
        assert_eq!(range.periods(PeriodKind::Year).count(), 1);
        assert_eq!(DateRange::new(date(2024, 2, 1), date(2024, 1, 1)), None);
    }
}
