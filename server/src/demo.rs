//! The demo data set: a county of three townships with 40 key units, their liaison
//! officials, full guidance groups, body leaders and accounts, and a year of guidance
//! records, so a newcomer can log in at once and see a schedule with duties done, due
//! and overdue. Loading adds what is missing and never overwrites; the history of a
//! unit is made only when the unit itself is first added, so a reload stays fast.

mod data;
mod history;

use baolian_shared::api::{Role, UserInfo};
use baolian_shared::registry::{BodyLeader, GroupMember, GuidanceGroup};
use chrono::NaiveDate;
use rusqlite::Connection;

use crate::auth::hash_password;
use crate::store::accounts::{self, Account};
use crate::store::{StoreError, local_date, now_ms, registry, units};

pub use data::COUNTY;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "baolian2024";

/// One demo account: user name, name, role, body, and what it acts for (an official
/// id, a unit id or a township id, by role).
#[derive(Debug, Clone, Copy)]
pub struct DemoAccount {
    /// Login name.
    pub username: &'static str,
    /// Full name.
    pub name: &'static str,
    /// Role.
    pub role: Role,
    /// The body the person works for.
    pub body: &'static str,
    /// The official, unit or township the account acts for.
    pub acts_for: Option<&'static str>,
}

/// The demo accounts, as the README lists them.
pub const DEMO_ACCOUNTS: [DemoAccount; 7] = [
    DemoAccount {
        username: "wangfang",
        name: "王芳",
        role: Role::Official,
        body: "城关镇人民政府",
        acts_for: Some("O001"),
    },
    DemoAccount {
        username: "lijun",
        name: "李军",
        role: Role::Official,
        body: "县消防救援大队",
        acts_for: Some("O002"),
    },
    DemoAccount {
        username: "chenjing",
        name: "陈静",
        role: Role::TownshipCentre,
        body: "城关镇消防安全服务中心",
        acts_for: Some("T01"),
    },
    DemoAccount {
        username: "zhaomin",
        name: "赵敏",
        role: Role::Unit,
        body: "新华百货商场",
        acts_for: Some("U001"),
    },
    DemoAccount {
        username: "admin",
        name: "县级管理员",
        role: Role::CountyAdmin,
        body: "县消防安全委员会",
        acts_for: None,
    },
    DemoAccount {
        username: "liuyang",
        name: "刘洋",
        role: Role::Official,
        body: "东关街道办事处",
        acts_for: Some("O003"),
    },
    DemoAccount {
        username: "sunli",
        name: "孙丽",
        role: Role::Official,
        body: "南湖乡人民政府",
        acts_for: Some("O004"),
    },
];

/// Whether to make the guidance records of newly added units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum History {
    /// A year of records up to the load day.
    Year,
    /// None: the registry and accounts only.
    None,
}

/// Loads the demo for today, with history, in one transaction.
pub fn load(conn: &mut Connection) -> Result<(), StoreError> {
    load_on(conn, local_date(now_ms()), History::Year)
}

/// Adds every demo township, body leader, official, unit, group, account (and, for
/// units added now, their history up to `today`) that is missing, in one transaction.
pub fn load_on(
    conn: &mut Connection,
    today: NaiveDate,
    history: History,
) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    for (id, name, _) in data::TOWNSHIPS {
        units::insert_township_if_missing(&tx, id, name)?;
    }
    for (body, body_kind, name, post) in data::BODY_LEADERS {
        if !registry::list_body_leaders(&tx)?.iter().any(|l| l.body == body) {
            let leader = BodyLeader {
                body: body.into(),
                body_kind,
                name: name.into(),
                post: post.into(),
                phone: String::new(),
            };
            registry::save_body_leader(&tx, &leader)?;
        }
    }
    for official in data::officials() {
        registry::insert_official_if_missing(&tx, &official)?;
    }
    add_accounts(&tx)?;

    let since = history::start(today);
    let mut records = 0;
    for index in 0..data::UNITS.len() {
        let unit = data::unit(index);
        if units::load_key_unit(&tx, &unit.id)?.is_some() {
            continue;
        }
        units::save_key_unit(&tx, &unit, since)?;
        let members = data::members(index, &unit);
        let group = GuidanceGroup {
            unit_id: unit.id.clone(),
            members: members
                .iter()
                .map(|&(official, role)| GroupMember {
                    official_id: official.into(),
                    role,
                    assigned_on: since,
                    until: None,
                })
                .collect(),
        };
        registry::replace_group(&tx, &group)?;
        if history == History::Year {
            let author = township_author(&unit.township_id);
            records += history::add(&tx, &unit.id, author, today)?;
        }
    }
    tx.commit()?;
    tracing::debug!(records, "demo loaded");
    Ok(())
}

/// The account of the township member who makes a township's monthly records.
fn township_author(township_id: &str) -> &'static str {
    match township_id {
        "T01" => "wangfang",
        "T02" => "liuyang",
        _ => "sunli",
    }
}

fn add_accounts(conn: &Connection) -> Result<(), StoreError> {
    for account in DEMO_ACCOUNTS {
        // Hashing is slow; skip accounts that already exist.
        if accounts::exists(conn, account.username)? {
            continue;
        }
        let acts_for =
            |role: Role| account.acts_for.filter(|_| account.role == role).map(String::from);
        let user = UserInfo {
            username: account.username.into(),
            display_name: account.name.into(),
            role: account.role,
            body: account.body.into(),
            official_id: acts_for(Role::Official),
            unit_id: acts_for(Role::Unit),
            township_id: acts_for(Role::TownshipCentre),
        };
        let password_hash = hash_password(DEMO_PASSWORD);
        accounts::insert_if_missing(conn, &Account { user, password_hash })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::verify_password;
    use crate::store::tests::temp_store;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    #[test]
    fn loading_twice_adds_nothing_and_overwrites_nothing() {
        let (_dir, store) = temp_store();
        load_on(&mut store.lock(), today(), History::Year).unwrap();
        let conn = store.lock();
        let records: i64 =
            conn.query_row("SELECT count(*) FROM records", [], |r| r.get(0)).unwrap();
        assert!(records > 300, "a year of monthly records for 40 units: {records}");
        conn.execute("UPDATE units SET name = '改名' WHERE id = 'U001'", []).unwrap();
        drop(conn);
        load_on(&mut store.lock(), today(), History::Year).unwrap();

        let conn = store.lock();
        let listed = units::list(&conn).unwrap();
        assert_eq!(listed.len(), 40);
        assert_eq!(listed[0].name, "改名");
        let again: i64 = conn.query_row("SELECT count(*) FROM records", [], |r| r.get(0)).unwrap();
        assert_eq!(again, records, "history is made only with the unit");
        let account = accounts::find(&conn, "wangfang").unwrap().unwrap();
        assert!(verify_password(DEMO_PASSWORD, &account.password_hash));
    }

    #[test]
    fn every_demo_group_passes_the_rules_and_the_old_ids_hold() {
        let (_dir, store) = temp_store();
        load_on(&mut store.lock(), today(), History::None).unwrap();
        let conn = store.lock();

        let groups = registry::list_groups(&conn).unwrap();
        assert_eq!(groups.len(), 40);
        for group in &groups {
            let checked = crate::registry::check_group(&conn, group, today()).unwrap();
            assert_eq!(checked, Ok(()), "{}", group.unit_id);
        }
        let officials = registry::list_officials(&conn).unwrap();
        let leaders = registry::list_body_leaders(&conn).unwrap();
        assert_eq!(baolian_shared::registry::validate_body_leaders(&officials, &leaders), Ok(()));

        let serves = |official: &str, unit: &str| {
            groups
                .iter()
                .any(|g| g.unit_id == unit && g.members.iter().any(|m| m.official_id == official))
        };
        for unit in ["U001", "U002", "U003"] {
            assert!(serves("O001", unit), "王芳 serves {unit}");
        }
        assert!(serves("O002", "U001"), "李军 serves U001");
        let levels: Vec<u8> = units::list(&conn).unwrap().iter().map(|u| u.level).collect();
        for level in 1..=3 {
            assert!(levels.contains(&level), "level {level} present");
        }
        let account = accounts::find(&conn, "zhaomin").unwrap().unwrap();
        assert_eq!(account.user.unit_id.as_deref(), Some("U001"));
    }
}
