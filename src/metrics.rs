//! Prometheus metrics: the one list of the series the service exports, their help texts and the
//! functions that record them (`GET /metrics` renders them, see [`crate::http::metrics`]).
//!
//! Every label value comes from a bounded set: route patterns (never the path as sent, which may
//! hold an id or an identity code), methods, status codes, the domain's enumerations and the
//! catalogue's teams. No free text, identity or client reference is ever a label.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use actix_web::http::{Method, StatusCode};
use metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram, Unit};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::domain::catalogue::Catalogue;
use crate::domain::emergency::EmergencyLevel;
use crate::domain::navigation::Answer;
use crate::domain::referral::Status;
use crate::domain::screen::Understood;
use crate::store::referrals::OpenCount;

pub const HTTP_REQUESTS: &str = "luotsi_http_requests_total";
pub const HTTP_DURATION: &str = "luotsi_http_request_duration_seconds";
pub const NAVIGATIONS: &str = "luotsi_navigations_total";
pub const REFERRALS: &str = "luotsi_referrals_total";
pub const REFERRALS_REFUSED: &str = "luotsi_referrals_refused_total";
pub const STATUS_CHANGES: &str = "luotsi_referral_status_changes_total";
pub const FEEDBACK: &str = "luotsi_feedback_total";
pub const FEEDBACK_LINKS: &str = "luotsi_feedback_links_total";
pub const OPEN_REFERRALS: &str = "luotsi_referrals_open";
pub const OVERDUE_REFERRALS: &str = "luotsi_referrals_overdue";
pub const POOL_CONNECTIONS: &str = "luotsi_db_pool_connections";
pub const POOL_MAX: &str = "luotsi_db_pool_max_connections";
pub const POOL_WAIT: &str = "luotsi_db_pool_wait_seconds";
pub const POOL_TIMEOUTS: &str = "luotsi_db_pool_timeouts_total";
pub const CATALOGUE_VERSION: &str = "luotsi_catalogue_version";
pub const CATALOGUE_REBUILDS: &str = "luotsi_catalogue_rebuilds_total";

/// Bucket bounds of the latency histograms, in seconds: 1 ms to 30 s (the request timeout).
const LATENCY_BUCKETS: [f64; 14] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process's recorder, installed at the first call (the `metrics` macros record into one
/// global recorder per process). `None` when another recorder was installed first.
pub fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE.get_or_init(install).as_ref()
}

fn install() -> Option<PrometheusHandle> {
    let installed = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &LATENCY_BUCKETS)
        .and_then(PrometheusBuilder::install_recorder);
    match installed {
        Ok(handle) => {
            describe();
            Some(handle)
        }
        Err(e) => {
            log::warn!("metrics are off: {e}");
            None
        }
    }
}

fn describe() {
    describe_counter!(HTTP_REQUESTS, "HTTP requests answered, by route pattern, method and status");
    describe_histogram!(HTTP_DURATION, Unit::Seconds, "Time to answer an HTTP request, by route pattern and method");
    describe_counter!(
        NAVIGATIONS,
        "Answers of POST /v1/navigation, by emergency (none, 116117, 112), safety screen (required or not) \
         and how well the description was understood (none, partial, clear)"
    );
    describe_counter!(
        REFERRALS,
        "POST /v1/referrals that recorded: created, joined the client's open referral, or replayed (Idempotency-Key)"
    );
    describe_counter!(
        REFERRALS_REFUSED,
        "POST /v1/referrals refused after the body was read: emergency, safety_screen, invalid or other"
    );
    describe_counter!(STATUS_CHANGES, "Referral status changes, by the status before and after");
    describe_counter!(FEEDBACK, "Clients' feedback answers recorded, by source (phone, link)");
    describe_counter!(FEEDBACK_LINKS, "One-time feedback links given out");
    describe_gauge!(
        OPEN_REFERRALS,
        "Open referrals each team leads (refreshed at a scrape, at most every 30 s unless they change)"
    );
    describe_gauge!(OVERDUE_REFERRALS, "Open referrals past their due time, by the team that leads them");
    describe_gauge!(POOL_CONNECTIONS, "Database connections of this process's pool, in use or idle");
    describe_gauge!(POOL_MAX, "Largest size of the database pool (LUOTSI_DB_POOL_SIZE)");
    describe_histogram!(POOL_WAIT, Unit::Seconds, "Time a request waited for a database connection");
    describe_counter!(POOL_TIMEOUTS, "Requests that got no database connection in time (answered 503)");
    describe_gauge!(CATALOGUE_VERSION, "Version of the catalogue snapshot this replica serves");
    describe_counter!(
        CATALOGUE_REBUILDS,
        "Catalogue snapshots built (at start, after a change here or on another replica)"
    );
}

/// Keeps the recorder's memory bounded when nobody scrapes (histogram samples are merged into
/// their buckets here as well as at a scrape).
pub fn spawn_upkeep() {
    if let Some(handle) = handle() {
        actix_web::rt::spawn(async move {
            let mut interval = actix_web::rt::time::interval(Duration::from_secs(5));
            loop {
                interval.tick().await;
                handle.run_upkeep();
            }
        });
    }
}

/// A method as a label: the standard ones by name, any other as `other` (a client may send any
/// token as a method).
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Records an answered request. `route` is the pattern that matched (`/v1/referrals/{id}`);
/// `None` (nothing matched) is `unmatched`.
pub fn http_request(route: Option<String>, method: &Method, status: StatusCode, took: Duration) {
    let route = route.unwrap_or_else(|| "unmatched".to_owned());
    let method = method_label(method);
    counter!(HTTP_REQUESTS, "route" => route.clone(), "method" => method, "status" => status.as_str().to_owned())
        .increment(1);
    histogram!(HTTP_DURATION, "route" => route, "method" => method).record(took.as_secs_f64());
}

/// Records the outcome of a navigation.
pub fn navigation(answer: &Answer) {
    let emergency = answer.emergency.as_ref().map_or("none", |e| match e.level {
        EmergencyLevel::Emergency => "112",
        EmergencyLevel::OnCall => "116117",
    });
    let screen = if answer.safety.required { "required" } else { "not_required" };
    let understood = match answer.understood {
        Understood::None => "none",
        Understood::Partial => "partial",
        Understood::Clear => "clear",
    };
    counter!(NAVIGATIONS, "emergency" => emergency, "screen" => screen, "understood" => understood).increment(1);
}

/// What a referral request recorded.
#[derive(Clone, Copy, Debug)]
pub enum ReferralOutcome {
    Created,
    Joined,
    Replayed,
}

pub fn referral(outcome: ReferralOutcome) {
    let outcome = match outcome {
        ReferralOutcome::Created => "created",
        ReferralOutcome::Joined => "joined",
        ReferralOutcome::Replayed => "replayed",
    };
    counter!(REFERRALS, "outcome" => outcome).increment(1);
}

/// Why a referral request recorded nothing.
#[derive(Clone, Copy, Debug)]
pub enum Refusal {
    /// An emergency, found in the text or in a red-flag answer (409).
    Emergency,
    /// The safety screen is required and was not answered (409).
    SafetyScreen,
    /// A field, header or Idempotency-Key reuse that is not valid (400, 422).
    Invalid,
    /// Anything else (a conflict, the database).
    Other,
}

pub fn referral_refused(reason: Refusal) {
    let reason = match reason {
        Refusal::Emergency => "emergency",
        Refusal::SafetyScreen => "safety_screen",
        Refusal::Invalid => "invalid",
        Refusal::Other => "other",
    };
    counter!(REFERRALS_REFUSED, "reason" => reason).increment(1);
}

pub fn status_change(from: Status, to: Status) {
    counter!(STATUS_CHANGES, "from" => from.as_str(), "to" => to.as_str()).increment(1);
}

/// A client's feedback answer was recorded.
pub fn feedback(source: crate::domain::feedback::Source) {
    counter!(FEEDBACK, "source" => source.as_str()).increment(1);
}

/// A feedback link was given out.
pub fn feedback_link() {
    counter!(FEEDBACK_LINKS).increment(1);
}

/// The pool as r2d2 sees it now.
pub fn pool(state: diesel::r2d2::State, max: u32) {
    let idle = state.idle_connections;
    gauge!(POOL_CONNECTIONS, "state" => "in_use").set(f64::from(state.connections.saturating_sub(idle)));
    gauge!(POOL_CONNECTIONS, "state" => "idle").set(f64::from(idle));
    gauge!(POOL_MAX).set(f64::from(max));
}

/// Time spent waiting for a connection (a turn at the pool, then r2d2's check-out).
pub fn pool_wait(took: Duration) {
    histogram!(POOL_WAIT).record(took.as_secs_f64());
}

pub fn pool_timeout() {
    counter!(POOL_TIMEOUTS).increment(1);
}

/// A catalogue snapshot was built and swapped in.
pub fn catalogue_rebuilt(version: i64) {
    counter!(CATALOGUE_REBUILDS).increment(1);
    // A version is a small counter; f64 holds it exactly up to 2^53.
    gauge!(CATALOGUE_VERSION).set(version as f64);
}

/// Sets the per-team gauges: every team of the catalogue (zero when it leads nothing open), by
/// its slug when it has one, else its id. Referrals led by a team no longer in the catalogue
/// are left out: the catalogue bounds the label values.
pub fn referral_gauges(catalogue: &Catalogue, counts: &HashMap<String, OpenCount>) {
    for team in &catalogue.teams {
        let label = team.slug.clone().unwrap_or_else(|| team.id.clone());
        let count = counts.get(&team.id).copied().unwrap_or_default();
        gauge!(OPEN_REFERRALS, "team" => label.clone()).set(count.open as f64);
        gauge!(OVERDUE_REFERRALS, "team" => label).set(count.overdue as f64);
    }
}

/// When the per-team referral gauges were last read from the database, and whether this process
/// has changed a referral since. A scrape reads them again when they changed here or are older
/// than [`ReferralGauges::MAX_AGE`] (another replica's changes, referrals falling overdue), so
/// the database is read at most once a scrape, and not at all between scrapes.
#[derive(Default)]
pub struct ReferralGauges {
    read_at: Mutex<Option<Instant>>,
    changed: AtomicBool,
}

impl ReferralGauges {
    pub const MAX_AGE: Duration = Duration::from_secs(30);

    /// A referral was created, joined or changed status here.
    pub fn changed(&self) {
        self.changed.store(true, Ordering::Relaxed);
    }

    /// Whether this scrape should read the gauges; when it says yes, it counts them as read now
    /// (a scrape that comes meanwhile does not read them too).
    pub fn take_due(&self) -> bool {
        let Ok(mut read_at) = self.read_at.lock() else { return false };
        let changed = self.changed.swap(false, Ordering::Relaxed);
        let due = changed || read_at.is_none_or(|at| at.elapsed() >= Self::MAX_AGE);
        if due {
            *read_at = Some(Instant::now());
        }
        due
    }

    /// The read failed: the next scrape tries again.
    pub fn failed(&self) {
        self.changed.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_outside_the_standard_set_are_other() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::from_bytes(b"BREW").unwrap()), "other");
    }

    #[test]
    fn the_gauges_are_read_first_then_on_change_or_when_old() {
        let gauges = ReferralGauges::default();
        assert!(gauges.take_due(), "never read");
        assert!(!gauges.take_due(), "just read, nothing changed");
        gauges.changed();
        assert!(gauges.take_due(), "a referral changed here");
        assert!(!gauges.take_due());
        gauges.failed();
        assert!(gauges.take_due(), "the last read failed");
        *gauges.read_at.lock().unwrap() = Some(Instant::now() - ReferralGauges::MAX_AGE);
        assert!(gauges.take_due(), "older than the longest age");
    }
}
