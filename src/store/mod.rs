//! Persistence with diesel: one schema and one code path for PostgreSQL and SQLite.
//!
//! `DbConn` is a `diesel::MultiConnection` over both backends. The pool picks the backend from the
//! URL scheme (never by trial, which would hide the real connection error), applies the SQLite
//! pragmas on every new connection, and gives up quickly when the database does not answer.

pub mod audit;
pub mod catalogue;
pub mod feedback;
pub mod referrals;
pub mod schema;
pub mod upgrades;

use std::time::{Duration, Instant};

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection, R2D2Connection};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::config::DatabaseUrl;

pub const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");
pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

impl DbConn {
    pub fn backend(&self) -> &'static str {
        match self {
            DbConn::Pg(_) => "postgres",
            DbConn::Sqlite(_) => "sqlite",
        }
    }
}

pub type Pool = r2d2::Pool<ConnManager>;
pub type PooledConn = r2d2::PooledConnection<ConnManager>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot connect to the database: {0}")]
    Connection(#[from] diesel::ConnectionError),
    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("the database did not answer in time: {0}")]
    Pool(#[from] r2d2::PoolError),
    #[error("migration failed: {0}")]
    Migration(String),
    /// The work could not be run: the process is shutting down, or its blocking threads are gone.
    #[error("the database work could not be run")]
    Stopped,
}

/// Opens connections for the pool, choosing the backend by the URL's scheme.
#[derive(Debug)]
pub struct ConnManager {
    url: DatabaseUrl,
}

impl ConnManager {
    pub fn new(url: DatabaseUrl) -> Self {
        Self { url }
    }

    pub fn connect(url: &DatabaseUrl) -> Result<DbConn, diesel::ConnectionError> {
        match url {
            DatabaseUrl::Postgres(url) => {
                let mut conn = PgConnection::establish(url)?;
                conn.batch_execute("SET TIME ZONE 'UTC'")
                    .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
                Ok(DbConn::Pg(conn))
            }
            DatabaseUrl::Sqlite(path) => {
                if path != ":memory:" {
                    let parent = std::path::Path::new(path).parent();
                    if let Some(dir) = parent.filter(|d| !d.as_os_str().is_empty()) {
                        if !dir.is_dir() {
                            return Err(diesel::ConnectionError::BadConnection(format!(
                                "the directory {} of the SQLite file does not exist",
                                dir.display()
                            )));
                        }
                    }
                }
                let mut conn = SqliteConnection::establish(path)?;
                conn.batch_execute(
                    "PRAGMA busy_timeout = 10000;
                     PRAGMA journal_mode = WAL;
                     PRAGMA synchronous = NORMAL;
                     PRAGMA foreign_keys = ON;",
                )
                .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
                Ok(DbConn::Sqlite(conn))
            }
        }
    }
}

/// How long a connection that has just worked is handed out again without a `SELECT 1` first
/// (as HikariCP's `aliveBypassWindowMs`, 500 ms there too): under load a connection comes back
/// many times a second, and a check at each check-out would add a round trip to every request.
pub const PROVEN_FOR: Duration = Duration::from_millis(500);

/// A pooled connection, and when it last proved that it works (opened, answered the check, or
/// carried work that succeeded).
pub struct Pooled {
    conn: DbConn,
    proven: Option<Instant>,
}

impl Pooled {
    /// Records how the work on the connection went: a failure of any kind means the connection
    /// is checked before its next use (the work may have failed because the database went away).
    pub fn worked(&mut self, ok: bool) {
        self.proven = ok.then(Instant::now);
    }
}

impl std::ops::Deref for Pooled {
    type Target = DbConn;
    fn deref(&self) -> &DbConn {
        &self.conn
    }
}

impl std::ops::DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut DbConn {
        &mut self.conn
    }
}

impl ManageConnection for ConnManager {
    type Connection = Pooled;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<Pooled, r2d2::Error> {
        let conn = Self::connect(&self.url).map_err(r2d2::Error::ConnectionError)?;
        Ok(Pooled { conn, proven: Some(Instant::now()) })
    }

    /// A connection that worked within `PROVEN_FOR` is handed out as it is; any other answers a
    /// `SELECT 1` first, so one that died with the database is replaced at check-out.
    fn is_valid(&self, conn: &mut Pooled) -> Result<(), r2d2::Error> {
        if conn.proven.is_some_and(|at| at.elapsed() < PROVEN_FOR) {
            return Ok(());
        }
        conn.conn.ping().map_err(r2d2::Error::QueryError)?;
        conn.proven = Some(Instant::now());
        Ok(())
    }

    fn has_broken(&self, conn: &mut Pooled) -> bool {
        std::thread::panicking() || conn.conn.is_broken()
    }
}

/// Builds the pool. The first connection is opened at once so that a bad URL or a database that
/// is down stops start-up with the real error instead of an empty pool.
pub fn build_pool(url: &DatabaseUrl, size: u32) -> Result<Pool, StoreError> {
    // Fail with the real error, not r2d2's generic timeout.
    drop(ConnManager::connect(url)?);
    let pool = r2d2::Pool::builder()
        .max_size(size)
        .min_idle(Some(1.min(size)))
        .connection_timeout(Duration::from_secs(3))
        // A connection that died with the database is found at check-out and replaced, so the
        // service recovers by itself when the database returns (see `ConnManager::is_valid`).
        .test_on_check_out(true)
        .build_unchecked(ConnManager::new(url.clone()));
    Ok(pool)
}

/// Runs the pending migrations of the connection's backend and returns the names applied.
pub fn run_migrations(conn: &mut DbConn) -> Result<Vec<String>, StoreError> {
    let applied = match conn {
        DbConn::Pg(c) => {
            lock_migrations(c)?;
            let result = drop_invalid_builds(c).map_err(Into::into).and_then(|()| {
                c.run_pending_migrations(PG_MIGRATIONS).map(|v| v.iter().map(|m| m.to_string()).collect())
            });
            c.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))?;
            result
        }
        DbConn::Sqlite(c) => {
            c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.iter().map(|m| m.to_string()).collect())
        }
    }
    .map_err(|e| StoreError::Migration(e.to_string()))?;
    Ok(applied)
}

/// The key of the advisory lock that [`lock_migrations`] takes.
const MIGRATION_LOCK: i64 = 7461747;

/// The advisory lock that lets one instance at a time run the migrations (replicas starting
/// together must not race on them). It is tried every 100 ms, not waited for in one statement:
/// a statement waiting for the lock holds a snapshot, and a migration that builds an index
/// CONCURRENTLY waits for every older snapshot to end, so the waiting instance and the migrating
/// one would wait on each other until PostgreSQL's deadlock check aborted one of them.
fn lock_migrations(c: &mut PgConnection) -> Result<(), StoreError> {
    use diesel::sql_types::Bool;
    use diesel::RunQueryDsl;
    let mut waiting_since: Option<Instant> = None;
    loop {
        let locked: bool = diesel::select(diesel::dsl::sql::<Bool>(&format!("pg_try_advisory_lock({MIGRATION_LOCK})")))
            .get_result(c)?;
        if locked {
            if let Some(since) = waiting_since {
                log::info!("migrations: the lock was free after {} ms", since.elapsed().as_millis());
            }
            return Ok(());
        }
        if waiting_since.is_none() {
            log::info!("migrations: another instance is running them; waiting for its lock");
            waiting_since = Some(Instant::now());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The indexes that migrations build CONCURRENTLY (`metadata.toml`: outside a transaction). A
/// build that fails or is cut off (a migration Job past its deadline, say) leaves an invalid index
/// of its name behind, and the migration's next run would fail on the name. A test checks that
/// every index a PostgreSQL migration builds CONCURRENTLY is listed here.
pub const CONCURRENT_BUILDS: [&str; 2] = ["audit_log_by_referral", "audit_log_at_range"];

/// Drops what an earlier, unfinished run of a migration left of its CONCURRENTLY built index: an
/// index of that name that PostgreSQL marks invalid (a finished build is valid and stays). Called
/// with the migration lock held, so no other instance is building it: a run cut off on the client
/// side keeps its lock until its server session ends. An invalid index of these names whose
/// migration has already run (none is expected) is dropped too and not built again; PostgreSQL
/// used it for no query.
fn drop_invalid_builds(c: &mut PgConnection) -> diesel::QueryResult<()> {
    use diesel::sql_types::{Array, Text};
    use diesel::RunQueryDsl;

    #[derive(diesel::QueryableByName)]
    struct Invalid {
        #[diesel(sql_type = Text)]
        name: String,
    }
    let invalid: Vec<Invalid> = diesel::sql_query(
        "SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
         WHERE c.relnamespace = current_schema()::regnamespace AND NOT i.indisvalid AND c.relname = ANY($1)",
    )
    .bind::<Array<Text>, _>(&CONCURRENT_BUILDS[..])
    .load(c)?;
    for Invalid { name } in invalid {
        log::warn!("migrations: dropping the invalid index {name} that an unfinished build left; it is built again");
        c.batch_execute(&format!("DROP INDEX CONCURRENTLY \"{name}\""))?;
    }
    Ok(())
}

/// Reverts every applied migration (tests use it to prove that each `down.sql` works).
pub fn revert_all_migrations(conn: &mut DbConn) -> Result<Vec<String>, StoreError> {
    let reverted = match conn {
        DbConn::Pg(c) => c.revert_all_migrations(PG_MIGRATIONS),
        DbConn::Sqlite(c) => c.revert_all_migrations(SQLITE_MIGRATIONS),
    }
    .map_err(|e| StoreError::Migration(e.to_string()))?;
    Ok(reverted.iter().map(|v| v.to_string()).collect())
}

/// Runs `f` in a write transaction. On SQLite the transaction is `BEGIN IMMEDIATE`, so two writers
/// queue on the busy timeout instead of failing when a read lock would have to be upgraded.
pub fn write_tx<T, E>(conn: &mut DbConn, f: impl FnOnce(&mut DbConn) -> Result<T, E>) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    transaction(conn, None, f)
}

/// Runs `f` in a write transaction that holds the lock of `subject` (a client, say) until it ends,
/// so that two transactions of one subject run one after the other. On PostgreSQL that is a
/// transaction-level advisory lock on a hash of the subject, taken in the same round trip as
/// `BEGIN`; SQLite has one writer at a time anyway.
pub fn locked_write_tx<T, E>(
    conn: &mut DbConn,
    subject: &str,
    f: impl FnOnce(&mut DbConn) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    transaction(conn, Some(lock_key(subject)), f)
}

/// The advisory lock key of a subject: the first eight bytes of its SHA-256, the same in every
/// process and version.
fn lock_key(subject: &str) -> i64 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(subject.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

fn transaction<T, E>(conn: &mut DbConn, lock: Option<i64>, f: impl FnOnce(&mut DbConn) -> Result<T, E>) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    match (&mut *conn, lock) {
        (DbConn::Sqlite(c), _) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
        (DbConn::Pg(c), None) => AnsiTransactionManager::begin_transaction(c)?,
        // The key is a number formatted here, never text from a request.
        (DbConn::Pg(c), Some(key)) => {
            AnsiTransactionManager::begin_transaction_sql(c, &format!("BEGIN; SELECT pg_advisory_xact_lock({key})"))?
        }
    }
    match f(conn) {
        Ok(value) => match <DbConn as TransactionManager<DbConn>>::commit_transaction(conn) {
            Ok(()) => Ok(value),
            Err(commit_error) => {
                let _ = <DbConn as TransactionManager<DbConn>>::rollback_transaction(conn);
                Err(commit_error.into())
            }
        },
        Err(error) => {
            let _ = <DbConn as TransactionManager<DbConn>>::rollback_transaction(conn);
            Err(error)
        }
    }
}
