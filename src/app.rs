//! The shared state of a running service and the in-memory catalogue snapshot.
//!
//! Navigation and the catalogue read endpoints read [`CatalogueCache`], never the database. A write
//! through this replica reloads it at once; a background task polls `catalogue_state.version` so a
//! change made through another replica arrives within `LUOTSI_CATALOGUE_POLL_MS`.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use actix_web::web;

use crate::auth::Verifier;
use crate::config::Settings;
use crate::domain::catalogue::Catalogue;
use crate::store::{self, Pool, StoreError};

#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub pool: Pool,
    pub verifier: Arc<Verifier>,
    pub catalogue: Arc<CatalogueCache>,
    /// Keys for personal data at rest.
    pub crypto: Arc<crate::crypto::DataKeys>,
    pub rate_limiter: Arc<crate::http::middleware::RateLimiter>,
    /// The week's load of each team, for routing.
    pub team_load: Arc<TeamLoad>,
    /// Turns at the pool, one per connection, given in the order they were asked for.
    db_turns: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    pub fn new(settings: Settings, pool: Pool, verifier: Verifier, crypto: crate::crypto::DataKeys) -> Self {
        let settings_rate = settings.rate_limit_per_minute;
        let pool_size = pool.max_size();
        Self {
            settings: Arc::new(settings),
            pool,
            verifier: Arc::new(verifier),
            catalogue: Arc::new(CatalogueCache::default()),
            crypto: Arc::new(crypto),
            rate_limiter: Arc::new(crate::http::middleware::RateLimiter::new(settings_rate)),
            team_load: Arc::new(TeamLoad::default()),
            db_turns: Arc::new(tokio::sync::Semaphore::new(pool_size as usize)),
        }
    }

    /// Runs blocking database work on actix's blocking thread pool, never on a worker thread.
    pub async fn db<T, E, F>(&self, f: F) -> Result<T, crate::http::errors::AppError>
    where
        F: FnOnce(&mut store::DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: Into<crate::http::errors::AppError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let turn = self.db_turns.clone().acquire_owned().await.map_err(crate::http::errors::AppError::internal)?;
        web::block(move || {
            // Released after the connection is back in the pool (locals drop in reverse order).
            let _turn = turn;
            let mut conn = pool.get().map_err(StoreError::Pool).map_err(crate::http::errors::AppError::from)?;
            let result = f(&mut conn);
            conn.worked(result.is_ok());
            result.map_err(Into::into)
        })
        .await?
    }

    /// Reloads the snapshot from the database now.
    pub async fn reload_catalogue(&self) -> Result<Arc<Catalogue>, crate::http::errors::AppError> {
        let cache = self.catalogue.clone();
        self.db(move |conn| cache.reload(conn)).await
    }
}

/// How long the week's load read from the database is used before it is read again.
const TEAM_LOAD_TTL: std::time::Duration = std::time::Duration::from_secs(5);

/// The week's load of each team (referrals it has led in the last 7 days), for routing by free
/// capacity. Counting a week of referrals at every creation made creation cost grow with the
/// week's volume, so the count is read from the database at most every `TEAM_LOAD_TTL` and this
/// process adds its own creations in between; another replica's creations show within that time,
/// which is nothing against capacities counted by the week.
#[derive(Default)]
pub struct TeamLoad {
    snapshot: std::sync::Mutex<Option<(std::time::Instant, HashMap<String, u32>)>>,
}

impl TeamLoad {
    /// The current load: the snapshot, or a fresh count when it is older than the TTL.
    pub fn get(&self, conn: &mut store::DbConn) -> Result<HashMap<String, u32>, diesel::result::Error> {
        if let Ok(guard) = self.snapshot.lock() {
            if let Some((_, load)) = guard.as_ref().filter(|(read_at, _)| read_at.elapsed() < TEAM_LOAD_TTL) {
                return Ok(load.clone());
            }
        }
        let since = chrono::Utc::now().naive_utc() - chrono::Duration::days(7);
        let load = store::referrals::load_since(conn, since)?;
        if let Ok(mut guard) = self.snapshot.lock() {
            *guard = Some((std::time::Instant::now(), load.clone()));
        }
        Ok(load)
    }

    /// Counts a referral this process has just created for `team`.
    pub fn count(&self, team: &str) {
        if let Ok(mut guard) = self.snapshot.lock() {
            if let Some((_, load)) = guard.as_mut() {
                *load.entry(team.to_owned()).or_default() += 1;
            }
        }
    }
}

#[derive(Default)]
pub struct CatalogueCache {
    current: RwLock<Arc<Catalogue>>,
}

impl CatalogueCache {
    /// The current snapshot (a cheap clone of an `Arc`).
    pub fn get(&self) -> Arc<Catalogue> {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn set(&self, catalogue: Catalogue) -> Arc<Catalogue> {
        let catalogue = Arc::new(catalogue);
        match self.current.write() {
            Ok(mut guard) => *guard = catalogue.clone(),
            Err(poisoned) => *poisoned.into_inner() = catalogue.clone(),
        }
        catalogue
    }

    /// Loads the whole catalogue and swaps it in.
    pub fn reload(&self, conn: &mut store::DbConn) -> Result<Arc<Catalogue>, crate::http::errors::AppError> {
        let data = store::catalogue::load(conn).map_err(|e| match e {
            store::catalogue::LoadError::Db(db) => crate::http::errors::AppError::from(db),
            store::catalogue::LoadError::Corrupt(c) => crate::http::errors::AppError::internal(c),
        })?;
        Ok(self.set(Catalogue::new(data)))
    }

    /// Reloads when the stored version differs from the snapshot's; true when it did.
    pub fn refresh_if_changed(&self, conn: &mut store::DbConn) -> Result<bool, crate::http::errors::AppError> {
        let stored = store::catalogue::version(conn)?;
        if stored == self.get().version {
            return Ok(false);
        }
        self.reload(conn)?;
        Ok(true)
    }
}

/// Polls the catalogue version until the process ends; errors are logged and retried.
pub fn spawn_catalogue_poller(state: AppState) {
    actix_web::rt::spawn(async move {
        let mut interval = actix_web::rt::time::interval(state.settings.catalogue_poll);
        loop {
            interval.tick().await;
            let cache = state.catalogue.clone();
            match state.db(move |conn| cache.refresh_if_changed(conn)).await {
                Ok(true) => log::info!("catalogue reloaded: version {}", state.catalogue.get().version),
                Ok(false) => {}
                Err(e) => log::warn!("catalogue poll failed, keeping the current snapshot: {e}"),
            }
        }
    });
}
