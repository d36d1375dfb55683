//! Migrations: the same names on both backends, and each goes up, down and up again.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use luotsi::store;

fn names(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(format!("{}/migrations/{dir}", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn both_backends_have_the_same_migrations() {
    let pg = names("postgres");
    let sqlite = names("sqlite");
    assert!(!pg.is_empty());
    assert_eq!(pg, sqlite);
    for name in &pg {
        for backend in ["postgres", "sqlite"] {
            for file in ["up.sql", "down.sql"] {
                let path = format!("{}/migrations/{backend}/{name}/{file}", env!("CARGO_MANIFEST_DIR"));
                let sql = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{path} is missing"));
                assert!(!sql.trim().is_empty(), "{path} is empty");
            }
        }
    }
}

async fn up_down_up(db: TestDb) {
    let mut conn = store::ConnManager::connect(&db.url).unwrap();
    let applied = store::run_migrations(&mut conn).unwrap();
    assert_eq!(applied.len(), names("postgres").len());
    let reverted = store::revert_all_migrations(&mut conn).unwrap();
    assert_eq!(reverted.len(), applied.len());
    let again = store::run_migrations(&mut conn).unwrap();
    assert_eq!(again, applied);
    assert!(store::run_migrations(&mut conn).unwrap().is_empty());
}
db_test!(every_migration_goes_up_down_and_up, up_down_up);

/// The open statuses the worklist writes into its statements are the open statuses, and they are
/// written as in the predicate of the partial indexes: otherwise PostgreSQL would not use them.
#[test]
fn the_open_predicate_is_the_open_statuses_and_the_indexes_predicate() {
    use luotsi::domain::referral::Status;
    let sql = luotsi::store::referrals::IsOpen::SQL;
    let list = &sql[sql.find("IN (").expect("an IN list")..];
    let written: Vec<&str> =
        list.trim_start_matches("IN (").trim_end_matches(')').split(", ").map(|s| s.trim_matches('\'')).collect();
    let open: Vec<&str> = Status::ALL.iter().filter(|s| s.is_open()).map(|s| s.as_str()).collect();
    assert_eq!(written, open);
    for backend in ["postgres", "sqlite"] {
        for name in ["2026-11-23-000003_open_worklist", "2026-11-23-000004_open_count"] {
            let path = format!("{}/migrations/{backend}/{name}/up.sql", env!("CARGO_MANIFEST_DIR"));
            let up = std::fs::read_to_string(&path).unwrap();
            assert!(up.contains(&format!("WHERE status {list}")), "{path} does not have the predicate {list}");
        }
    }
}
