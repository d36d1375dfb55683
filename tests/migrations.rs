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
        // The newest migration that builds the two indexes (the safety screen added triage_pending).
        let path =
            format!("{}/migrations/{backend}/2026-12-06-000009_safety_screen/up.sql", env!("CARGO_MANIFEST_DIR"));
        let up = std::fs::read_to_string(&path).unwrap();
        for index in ["referrals_open_worklist", "referrals_open_team"] {
            let at =
                up.find(&format!("CREATE INDEX {index}")).unwrap_or_else(|| panic!("{path} does not build {index}"));
            let statement = &up[at..up[at..].find(';').map_or(up.len(), |e| at + e)];
            assert!(
                statement.contains(&format!("WHERE status {list}")),
                "{path}: {index} does not have the predicate {list}"
            );
        }
    }
}

/// Three instances starting at once on an empty PostgreSQL database: one runs the migrations, the
/// others wait for its lock and then find none left. Two migrations build indexes CONCURRENTLY,
/// which waits for every older snapshot: an instance that held one while it waited would stall
/// the build until PostgreSQL's deadlock check aborted one side.
#[test]
fn instances_starting_together_migrate_once() {
    let Some(db) = TestDb::postgres() else { return };
    let starts: Vec<_> = (0..3)
        .map(|_| {
            let url = db.url.clone();
            std::thread::spawn(move || {
                let mut conn = store::ConnManager::connect(&url).unwrap();
                store::run_migrations(&mut conn)
            })
        })
        .collect();
    let applied: Vec<Vec<String>> =
        starts.into_iter().map(|s| s.join().unwrap().expect("every instance starts")).collect();
    let mut counts: Vec<usize> = applied.iter().map(Vec::len).collect();
    counts.sort_unstable();
    assert_eq!(counts, [0, 0, names("postgres").len()], "one instance applies them all: {applied:?}");
}

/// PostgreSQL's audit log has the three indexes the migrations leave (its key, the deduplicated
/// index by referral, the BRIN range index on time), all valid, and a page of one referral's
/// entries reads them through the index by referral.
#[test]
fn the_audit_log_indexes_on_postgres() {
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    use diesel::sql_types::Text;

    #[derive(QueryableByName)]
    struct Index {
        #[diesel(sql_type = Text)]
        line: String,
    }
    #[derive(QueryableByName)]
    struct Plan {
        #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
        line: String,
    }

    let Some(db) = TestDb::postgres() else { return };
    let mut conn = store::ConnManager::connect(&db.url).unwrap();
    store::run_migrations(&mut conn).unwrap();
    let indexes: Vec<String> = diesel::sql_query(
        "SELECT c.relname || ' ' || pg_get_indexdef(i.indexrelid) || ' valid=' || i.indisvalid AS line \
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
         WHERE i.indrelid = 'audit_log'::regclass ORDER BY c.relname",
    )
    .load::<Index>(&mut conn)
    .unwrap()
    .into_iter()
    .map(|r| r.line)
    .collect();
    assert_eq!(indexes.len(), 3, "{indexes:#?}");
    let expected = [
        ("audit_log_at_range ", "USING brin (at) valid=true"),
        ("audit_log_by_referral ", "USING btree (referral_id) valid=true"),
        ("audit_log_pkey ", "USING btree (id) valid=true"),
    ];
    for (line, (name, def)) in indexes.iter().zip(expected) {
        assert!(line.starts_with(name) && line.ends_with(def), "{line} is not {name}... {def}");
    }

    conn.batch_execute(
        "INSERT INTO audit_log (at, actor, roles, action, referral_id) \
         SELECT timestamp '2026-11-01' + g * interval '1 s', 'a', 'auditor', 'read', 'r-' || (g % 500) \
         FROM generate_series(1, 5000) g; ANALYZE audit_log",
    )
    .unwrap();
    let plan: Vec<String> =
        diesel::sql_query("EXPLAIN SELECT * FROM audit_log WHERE referral_id = 'r-7' ORDER BY id DESC LIMIT 50")
            .load::<Plan>(&mut conn)
            .unwrap()
            .into_iter()
            .map(|r| r.line)
            .collect();
    assert!(plan.iter().any(|l| l.contains("audit_log_by_referral")), "{plan:#?}");
}

/// A CONCURRENTLY built index whose build failed or was cut off stays behind as an invalid index of
/// its name; the next run of the migrations drops it and builds it again instead of failing on the
/// name (PostgreSQL).
#[test]
fn an_unfinished_concurrent_build_is_built_again() {
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    use diesel::sql_types::Bool;
    use diesel_migrations::MigrationHarness;

    #[derive(QueryableByName)]
    struct Valid {
        #[diesel(sql_type = Bool)]
        valid: bool,
    }
    let valid = |conn: &mut store::DbConn| -> Vec<bool> {
        diesel::sql_query(
            "SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
             WHERE c.relname = 'audit_log_by_referral'",
        )
        .load::<Valid>(conn)
        .unwrap()
        .into_iter()
        .map(|v| v.valid)
        .collect()
    };

    // The migration that builds audit_log_by_referral, and reverting back to before it.
    const BUILD: &str = "20261124000005";
    let revert_build = |conn: &mut store::DbConn| {
        let store::DbConn::Pg(pg) = conn else { unreachable!() };
        while pg.revert_last_migration(store::PG_MIGRATIONS).unwrap().to_string() != BUILD {}
    };

    let Some(db) = TestDb::postgres() else { return };
    let mut conn = store::ConnManager::connect(&db.url).unwrap();
    let all = store::run_migrations(&mut conn).unwrap();
    let from_build = &all[all.iter().position(|v| v == BUILD).unwrap()..];
    revert_build(&mut conn);
    let store::DbConn::Pg(pg) = &mut conn else { unreachable!() };
    // A build that fails half-way: a unique index on duplicate values, under the migration's name.
    pg.batch_execute(
        "INSERT INTO audit_log (at, actor, roles, action) VALUES (now(), 'a', 'auditor', 'read'), (now(), 'a', 'auditor', 'read')",
    )
    .unwrap();
    assert!(pg.batch_execute("CREATE UNIQUE INDEX CONCURRENTLY audit_log_by_referral ON audit_log (actor)").is_err());
    assert_eq!(valid(&mut conn), [false], "the failed build left an invalid index");

    let applied = store::run_migrations(&mut conn).unwrap();
    assert_eq!(applied, from_build);
    assert_eq!(valid(&mut conn), [true]);

    // A build that finished just before its migration could be recorded: kept, not built again.
    revert_build(&mut conn);
    conn.batch_execute("CREATE INDEX audit_log_by_referral ON audit_log (referral_id)").unwrap();
    let applied = store::run_migrations(&mut conn).unwrap();
    assert_eq!(applied, from_build);
    assert_eq!(valid(&mut conn), [true]);
}

/// Every index that a PostgreSQL migration builds CONCURRENTLY is one that the migrations' run
/// checks for an unfinished build ([`store::CONCURRENT_BUILDS`]), and such a migration runs
/// outside a transaction, as a statement alone.
#[test]
fn concurrent_builds_are_listed_and_run_alone() {
    let mut built = Vec::new();
    for name in names("postgres") {
        let dir = format!("{}/migrations/postgres/{name}", env!("CARGO_MANIFEST_DIR"));
        let up = std::fs::read_to_string(format!("{dir}/up.sql")).unwrap();
        let code: Vec<&str> =
            up.lines().filter(|l| !l.trim_start().starts_with("--") && !l.trim().is_empty()).collect();
        let Some(line) = code.iter().find(|l| l.contains("CONCURRENTLY") && l.contains("CREATE")) else { continue };
        // The index's name is the word before ON.
        let words: Vec<&str> = line.split_whitespace().collect();
        let on = words.iter().position(|w| *w == "ON").unwrap_or_else(|| panic!("{dir}/up.sql: no ON in {line}"));
        built.push(words[on - 1].to_string());
        assert_eq!(code.len(), 1, "{dir}/up.sql: a concurrent build must be the only statement");
        let metadata = std::fs::read_to_string(format!("{dir}/metadata.toml")).unwrap_or_default();
        assert!(
            metadata.contains("run_in_transaction = false"),
            "{dir} has no metadata.toml with run_in_transaction = false"
        );
    }
    built.sort();
    let mut listed: Vec<String> = store::CONCURRENT_BUILDS.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(built, listed);
}
