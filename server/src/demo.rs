//! The demo data set: a small county with townships, key units and accounts, so a
//! newcomer can log in at once. Loading it adds what is missing and never overwrites.

use baolian_shared::api::{Role, UserInfo};
use rusqlite::Connection;

use crate::auth::hash_password;
use crate::store::StoreError;
use crate::store::accounts::{self, Account};
use crate::store::units::{self, NewUnit};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "baolian2024";

/// `(user name, name, role, body)` of each demo account.
pub const DEMO_ACCOUNTS: [(&str, &str, Role, &str); 4] = [
    ("wangfang", "王芳", Role::Official, "城关镇人民政府"),
    ("lijun", "李军", Role::Official, "县消防救援大队"),
    (
        "chenjing",
        "陈静",
        Role::TownshipCentre,
        "城关镇消防安全服务中心",
    ),
    ("admin", "县级管理员", Role::CountyAdmin, "县消防安全委员会"),
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

/// Adds every demo township, unit and account that is missing, in one transaction.
pub fn load(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    for (id, name) in TOWNSHIPS {
        units::insert_township_if_missing(&tx, id, name)?;
    }
    for (id, name, level, crowded, township_id, address) in UNITS {
        let unit = NewUnit {
            id,
            name,
            level,
            crowded,
            township_id,
            address,
        };
        units::insert_if_missing(&tx, &unit)?;
    }
    for (username, display_name, role, body) in DEMO_ACCOUNTS {
        // Hashing is slow; skip accounts that already exist.
        if accounts::exists(&tx, username)? {
            continue;
        }
        let user = UserInfo {
            username: username.into(),
            display_name: display_name.into(),
            role,
            body: body.into(),
        };
        accounts::insert_if_missing(
            &tx,
            &Account {
                user,
                password_hash: hash_password(DEMO_PASSWORD),
            },
        )?;
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
        conn.execute("UPDATE units SET name = '改名' WHERE id = 'U001'", [])
            .unwrap();
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
