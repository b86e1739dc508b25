//! A year of plausible guidance records for a demo unit: a monthly self-inspection
//! (TWN-SELF) by its township member, with a few months missed and a few hazards found,
//! so a schedule shows duties done, due and overdue.
//!
//! Everything is derived from the unit id and the month, so two loads on the same day
//! make the same records with the same ids.

use baolian_shared::inspection::{Checklist, NewInspection};
use baolian_shared::{InspectionDoc, ItemResult, MONTHLY_ITEMS, RecordStatus};
use chrono::{Datelike, Months, NaiveDate, NaiveTime};
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::store::StoreError;
use crate::store::records::{self, Flags, Origin};

/// The unit whose check of the current month is always left to do.
pub const OPEN_UNIT: &str = "U001";

/// The first day of the demo's history: the first of the month a year before `today`'s.
pub fn start(today: NaiveDate) -> NaiveDate {
    let month = today.with_day(1).unwrap_or(today);
    month.checked_sub_months(Months::new(12)).unwrap_or(month)
}

/// A number drawn from the unit and the month, the same at every load.
fn draw(unit_id: &str, month: NaiveDate) -> [u8; 32] {
    Sha256::digest(format!("{unit_id}/{month}").as_bytes()).into()
}

/// A UUID (version 4 layout) made from drawn bytes.
fn uuid_of(bytes: &[u8; 32]) -> String {
    let hex = hex::encode(&bytes[..16]);
    format!("{}-{}-4{}-8{}-{}", &hex[0..8], &hex[8..12], &hex[13..16], &hex[17..20], &hex[20..32])
}

/// Stores the unit's monthly records from [`start`] until `today`, by `author`.
pub fn add(
    conn: &Connection,
    unit_id: &str,
    author: &str,
    today: NaiveDate,
) -> Result<usize, StoreError> {
    let mut month = start(today);
    let mut added = 0;
    while month <= today {
        let drawn = draw(unit_id, month);
        let current = month.year() == today.year() && month.month() == today.month();
        // About one month in nine is missed; in the month in progress, a third of the
        // units have done it already, but never the first unit, so that whoever opens
        // the demo as its township member finds this month's check still due.
        let done = match current {
            true => drawn[0].is_multiple_of(3) && unit_id != OPEN_UNIT,
            false => !drawn[0].is_multiple_of(9),
        };
        let date = month.with_day(3 + u32::from(drawn[1] % 20)).unwrap_or(month);
        if done && date <= today {
            save_one(conn, unit_id, author, date, &drawn)?;
            added += 1;
        }
        let Some(next) = month.checked_add_months(Months::new(1)) else {
            break;
        };
        month = next;
    }
    Ok(added)
}

fn save_one(
    conn: &Connection,
    unit_id: &str,
    author: &str,
    date: NaiveDate,
    drawn: &[u8; 32],
) -> Result<(), StoreError> {
    // Ten in the morning, China time.
    let at = date.and_time(NaiveTime::from_hms_opt(2, 0, 0).unwrap_or_default());
    let at_ms = at.and_utc().timestamp_millis();
    let mut doc = InspectionDoc::create(&NewInspection {
        id: uuid_of(drawn),
        unit_id: unit_id.into(),
        author: author.into(),
        date,
        created_at_ms: at_ms,
        checklist: Checklist::monthly(),
    });
    let failed = drawn[2]
        .is_multiple_of(4)
        .then(|| MONTHLY_ITEMS[usize::from(drawn[3]) % MONTHLY_ITEMS.len()].id);
    for item in MONTHLY_ITEMS {
        let fails = failed == Some(item.id);
        doc.set_result(item.id, Some(if fails { ItemResult::Fail } else { ItemResult::Pass }));
        if fails {
            doc.set_note(item.id, "检查发现问题，已当场指出并要求限期整改");
        }
    }
    doc.set_suggestions(if failed.is_some() {
        "请于七日内完成整改并报乡镇消防安全服务中心复查"
    } else {
        "继续保持，落实每日防火巡查"
    });
    doc.set_status(RecordStatus::Submitted);

    let record = doc.read().map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let origin = Origin { username: author, device_id: None, at_ms };
    records::save(conn, &record, doc.automerge(), &[], origin, Flags::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuids_and_stable() {
        let drawn = draw("U001", NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        let id = uuid_of(&drawn);
        assert!(baolian_shared::inspection::is_uuid(&id), "{id}");
        assert_eq!(id, uuid_of(&draw("U001", NaiveDate::from_ymd_opt(2026, 3, 1).unwrap())));
        assert_ne!(id, uuid_of(&draw("U002", NaiveDate::from_ymd_opt(2026, 3, 1).unwrap())));
    }

    #[test]
    fn history_starts_a_year_before_this_month() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        assert_eq!(start(today), NaiveDate::from_ymd_opt(2025, 12, 1).unwrap());
    }
}
