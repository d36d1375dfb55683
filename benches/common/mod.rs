//! Set-up shared by the benches.

use chrono::Utc;
use luotsi::domain::catalogue::Catalogue;
use luotsi::import::{self, ImportInput};

/// A catalogue snapshot of an HSDS service list and a routing table, imported into a scratch
/// SQLite database with the demo municipalities, as the server loads it.
pub fn catalogue(hsds: &str, teams: &str) -> Catalogue {
    let dir = tempfile::tempdir().unwrap();
    let url = luotsi::config::DatabaseUrl::Sqlite(dir.path().join("bench.db").display().to_string());
    let mut conn = luotsi::store::ConnManager::connect(&url).unwrap();
    luotsi::store::run_migrations(&mut conn).unwrap();
    let input = ImportInput { hsds, ptv: &[], teams: Some(teams), municipalities: Some(import::demo::MUNICIPALITIES) };
    import::run(&mut conn, &input, false, Utc::now().naive_utc()).unwrap();
    Catalogue::new(luotsi::store::catalogue::load(&mut conn).unwrap())
}
