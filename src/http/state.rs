//! The state every handler shares: settings, the pool and its runner, keys, the in-memory
//! catalogue and team load, and the rate limiter.

use std::sync::Arc;

use actix_web::web;

use super::errors::AppError;
use crate::app::{CatalogueCache, TeamLoad};
use crate::auth::Verifier;
use crate::config::Settings;
use crate::store::{self, Pool, StoreError};

#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub pool: Pool,
    pub verifier: Arc<Verifier>,
    pub catalogue: Arc<CatalogueCache>,
    /// Keys for personal data at rest.
    pub crypto: Arc<crate::crypto::DataKeys>,
    pub rate_limiter: Arc<super::middleware::RateLimiter>,
    /// The week's load of each team, for routing.
    pub team_load: Arc<TeamLoad>,
    /// The Finnish morphological analyser (Voikko, or none where it is not installed).
    pub finnish: Arc<crate::domain::morphology::Finnish>,
    /// When the per-team referral gauges of `/metrics` were read, and whether they changed.
    pub referral_gauges: Arc<crate::metrics::ReferralGauges>,
    /// Turns at the pool, one per connection, given in the order they were asked for.
    db_turns: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    pub fn new(settings: Settings, pool: Pool, verifier: Verifier, crypto: crate::crypto::DataKeys) -> Self {
        let settings_rate = settings.rate_limit_per_minute;
        let pool_size = pool.max_size();
        // Installs the recorder before the first request, so every series counts from the start.
        crate::metrics::handle();
        Self {
            settings: Arc::new(settings),
            pool,
            verifier: Arc::new(verifier),
            catalogue: Arc::new(CatalogueCache::default()),
            crypto: Arc::new(crypto),
            rate_limiter: Arc::new(super::middleware::RateLimiter::new(settings_rate)),
            team_load: Arc::new(TeamLoad::default()),
            finnish: crate::voikko::shared(),
            referral_gauges: Arc::new(crate::metrics::ReferralGauges::default()),
            db_turns: Arc::new(tokio::sync::Semaphore::new(pool_size as usize)),
        }
    }

    /// Runs blocking database work on actix's blocking thread pool, never on a worker thread. The
    /// runner's own failures (no connection, no thread) come as the work's error type.
    pub async fn db<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut store::DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let asked = std::time::Instant::now();
        let turn = self.db_turns.clone().acquire_owned().await.map_err(|_| StoreError::Stopped)?;
        web::block(move || {
            // Released after the connection is back in the pool (locals drop in reverse order).
            let _turn = turn;
            let mut conn = pool.get().map_err(|e| {
                crate::metrics::pool_timeout();
                StoreError::Pool(e)
            })?;
            crate::metrics::pool_wait(asked.elapsed());
            let result = f(&mut conn);
            conn.worked(result.is_ok());
            result
        })
        .await
        .map_err(|_| StoreError::Stopped)?
    }
}

/// Polls the catalogue version until the process ends; errors are logged and retried.
pub fn spawn_catalogue_poller(state: AppState) {
    actix_web::rt::spawn(async move {
        let mut interval = actix_web::rt::time::interval(state.settings.catalogue_poll);
        loop {
            interval.tick().await;
            let cache = state.catalogue.clone();
            match state.db(move |conn| cache.refresh_if_changed(conn).map_err(AppError::from)).await {
                Ok(true) => log::info!("catalogue reloaded: version {}", state.catalogue.get().version),
                Ok(false) => {}
                Err(e) => log::warn!("catalogue poll failed, keeping the current snapshot: {e}"),
            }
        }
    });
}
