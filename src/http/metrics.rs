//! `GET /metrics`: the service's metrics in the Prometheus text format (see [`crate::metrics`]),
//! on the main address, or on `LUOTSI_METRICS_BIND` alone when that is set.

use actix_web::{get, web, App, HttpResponse};

use super::errors::{AppError, Problem};
use crate::http::state::AppState;
use crate::store::{self, StoreError};

/// The content type of the Prometheus text format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// The service's metrics in the Prometheus text format (no token).
///
/// Requests by route pattern, navigations and referrals by outcome, open and overdue referrals per
/// team, the database pool and the catalogue: counts and the catalogue's team slugs, never personal
/// data. When `LUOTSI_METRICS_BIND` is set, they are served on that address instead and this one
/// answers 404.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "The metrics (Prometheus text exposition format 0.0.4)", body = String,
            content_type = "text/plain; version=0.0.4"),
        (status = 404, description = "LUOTSI_METRICS_BIND is set: the metrics are served on that address",
            body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Metrics are off in this process", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    if state.settings.metrics_bind.is_some() {
        return Err(AppError::NotFound("the metrics are served on the address of LUOTSI_METRICS_BIND".into()));
    }
    render(&state).await
}

/// The App of `LUOTSI_METRICS_BIND`: `GET /metrics` and nothing else (problem+json 404).
pub fn metrics_app(
    state: AppState,
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(web::Data::new(state))
        .route("/metrics", web::get().to(|state: web::Data<AppState>| async move { render(&state).await }))
        .default_service(web::to(|| async {
            Err::<HttpResponse, _>(AppError::NotFound("this address serves GET /metrics only".into()))
        }))
}

/// Brings the gauges read at a scrape up to date and renders every series.
async fn render(state: &AppState) -> Result<HttpResponse, AppError> {
    let handle =
        crate::metrics::handle().ok_or_else(|| AppError::Unavailable("metrics are off in this process".into()))?;
    refresh_referral_gauges(state).await;
    crate::metrics::pool(state.pool.state(), state.pool.max_size());
    Ok(HttpResponse::Ok().content_type(CONTENT_TYPE).body(handle.render()))
}

/// Reads the open and overdue referrals per team when they are due (see
/// [`crate::metrics::ReferralGauges`]). A failed read keeps the last values and is logged; the
/// rest of the scrape is still served.
async fn refresh_referral_gauges(state: &AppState) {
    if !state.referral_gauges.take_due() {
        return;
    }
    let now = store::catalogue::now();
    let counts = state.db(move |conn| store::referrals::open_by_team(conn, now).map_err(StoreError::from)).await;
    match counts {
        Ok(counts) => crate::metrics::referral_gauges(&state.catalogue.get(), &counts),
        Err(e) => {
            state.referral_gauges.failed();
            log::warn!("metrics: reading the open referrals per team failed, keeping the last values: {e}");
        }
    }
}
