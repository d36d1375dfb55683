//! What a running service keeps in memory between requests: the catalogue snapshot and the week's
//! team load.
//!
//! Navigation and the catalogue read endpoints read [`CatalogueCache`], never the database. A write
//! through this replica reloads it at once; a background task polls `catalogue_state.version` so a
//! change made through another replica arrives within `LUOTSI_CATALOGUE_POLL_MS`.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use crate::domain::catalogue::Catalogue;
use crate::domain::navigation::TeamContext;
use crate::domain::referral::existing_teams;
use crate::store::catalogue::LoadError;
use crate::store::referrals::StoredReferral;
use crate::store::{self};

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

    /// The client's referrals (newest first, at most 200, by any of their lookup hashes), the
    /// teams they already work with and the week's load: what routing needs to know of a client.
    pub fn client_context(
        &self,
        conn: &mut store::DbConn,
        client_keys: &[String],
    ) -> Result<(TeamContext, Vec<StoredReferral>), diesel::result::Error> {
        let history = store::referrals::of_client(conn, client_keys, 200)?;
        let existing_teams = existing_teams(history.iter().map(|s| &s.referral), store::catalogue::now());
        Ok((TeamContext { existing_teams, weekly_load: self.get(conn)? }, history))
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
        crate::metrics::catalogue_rebuilt(catalogue.version);
        let catalogue = Arc::new(catalogue);
        match self.current.write() {
            Ok(mut guard) => *guard = catalogue.clone(),
            Err(poisoned) => *poisoned.into_inner() = catalogue.clone(),
        }
        catalogue
    }

    /// Loads the whole catalogue and swaps it in.
    pub fn reload(&self, conn: &mut store::DbConn) -> Result<Arc<Catalogue>, LoadError> {
        Ok(self.set(Catalogue::new(store::catalogue::load(conn)?)))
    }

    /// Reloads when the stored version differs from the snapshot's; true when it did.
    pub fn refresh_if_changed(&self, conn: &mut store::DbConn) -> Result<bool, LoadError> {
        let stored = store::catalogue::version(conn)?;
        if stored == self.get().version {
            return Ok(false);
        }
        self.reload(conn)?;
        Ok(true)
    }
}
