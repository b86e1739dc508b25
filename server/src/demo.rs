//! The demo data set: a small county with townships, key units and accounts, so a
//! newcomer can log in at once. Loading it adds what is missing and never overwrites.

use baolian_shared::api::{Role, UserInfo};
use rusqlite::Connection;

use crate::auth::hash_password;
use crate::store::StoreError;
use crate::store::accounts::{self, Account};
use crate::store::registry::{self, NewOfficial};
use crate::store::units::{self, NewUnit};

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
pub const DEMO_ACCOUNTS: [DemoAccount; 5] = [
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
];

const TOWNSHIPS: [(&str, &str); 2] = [("T01", "城关镇"), ("T02", "东关街道")];

/// `(id, name, level, crowded, township, address)` of each demo unit.
const UNITS: [(&str, &str, u8, bool, &str, &str); 6] = [
    ("U001", "新华百货商场", 1, true, "T01", "人民路 88 号"),
    ("U002", "县人民医院", 1, true, "T01", "健康路 12 号"),
    ("U003", "县第一高级中学", 2, true, "T01", "文化路 5 号"),
    ("U004", "宏达纺织有限公司", 2, false, "T02", "工业园区 3 号"),
    ("U005", "东关农贸市场", 3, true, "T02", "东关大街 40 号"),
    ("U006", "福寿养老院", 3, true, "T02", "东关大街 101 号"),
];

/// `(id, name, body, role, established)` of each demo official.
const OFFICIALS: [(&str, &str, &str, &str, bool); 2] = [
    ("O001", "王芳", "城关镇人民政府", "township", true),
    ("O002", "李军", "县消防救援大队", "fire_officer", true),
];

/// `(unit, official, role)` of each guidance group membership, all from 2026-01-01.
const MEMBERS: [(&str, &str, &str); 5] = [
    ("U001", "O001", "township"),
    ("U002", "O001", "township"),
    ("U003", "O001", "township"),
    ("U001", "O002", "fire_officer"),
    ("U004", "O002", "fire_officer"),
];

/// Adds every demo township, unit, official, group member and account that is
/// missing, in one transaction.
pub fn load(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    for (id, name) in TOWNSHIPS {
        units::insert_township_if_missing(&tx, id, name)?;
    }
    for (id, name, level, crowded, township_id, address) in UNITS {
        let unit = NewUnit { id, name, level, crowded, township_id, address };
        units::insert_if_missing(&tx, &unit)?;
    }
    for (id, name, body, role, established) in OFFICIALS {
        let official = NewOfficial { id, name, body, role, established, phone: "", data: "{}" };
        registry::insert_official_if_missing(&tx, &official)?;
    }
    for (unit, official, role) in MEMBERS {
        registry::insert_member_if_missing(&tx, unit, official, role, "2026-01-01")?;
    }
    for account in DEMO_ACCOUNTS {
        // Hashing is slow; skip accounts that already exist.
        if accounts::exists(&tx, account.username)? {
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
        accounts::insert_if_missing(&tx, &Account { user, password_hash })?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::verify_password;
    use crate::store::tests::temp_store;

    #[test]
    fn loading_twice_adds_nothing_and_overwrites_nothing() {
        let (_dir, store) = temp_store();
        load(&mut store.lock()).unwrap();
        let conn = store.lock();
        conn.execute("UPDATE units SET name = '改名' WHERE id = 'U001'", []).unwrap();
        drop(conn);
        load(&mut store.lock()).unwrap();

        let conn = store.lock();
        let listed = units::list(&conn).unwrap();
        assert_eq!(listed.len(), UNITS.len());
        assert_eq!(listed[0].name, "改名");
        let account = accounts::find(&conn, "wangfang").unwrap().unwrap();
        assert!(verify_password(DEMO_PASSWORD, &account.password_hash));
    }
}
