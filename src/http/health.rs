//! Health and version: for load balancers, Kubernetes probes and whoever wonders what runs.

use actix_web::{get, web, HttpResponse};
use diesel::connection::SimpleConnection;
use serde::Serialize;
use utoipa::ToSchema;

use super::errors::{AppError, Problem};
use crate::http::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// The database backends (the document's enumeration of `Readiness.database`).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Serialize, ToSchema)]
pub struct Readiness {
    #[schema(example = "ok")]
    pub status: &'static str,
    /// The database backend.
    #[schema(example = "postgres", value_type = Backend)]
    pub database: &'static str,
    /// Version of the catalogue snapshot this replica serves.
    #[schema(example = 3)]
    pub catalogue_version: i64,
    /// The Finnish morphological analyser that runs: `voikko <version>`, or `none` where Voikko
    /// is not installed (Finnish is then read with stems alone).
    #[schema(example = "voikko 4.3.1")]
    pub finnish_analyser: String,
}

#[derive(Serialize, ToSchema)]
pub struct VersionInfo {
    #[schema(example = "luotsi")]
    pub name: &'static str,
    #[schema(example = "0.1.0")]
    pub version: &'static str,
    /// The API's major version.
    #[schema(example = "v1")]
    pub api: &'static str,
    #[schema(example = "1")]
    pub need_taxonomy_version: String,
    #[schema(example = 3)]
    pub catalogue_version: i64,
}

/// The process is up.
#[utoipa::path(
    tag = "health",
    responses((status = 200, description = "The process answers", body = Health))
)]
#[get("/health/live")]
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The service can serve: the database answers.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "Ready", body = Readiness),
        (status = 503, description = "The database does not answer", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/health/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let database = state
        .db(|conn| {
            conn.batch_execute("SELECT 1").map_err(|_| AppError::Unavailable("the database does not answer".into()))?;
            Ok::<_, AppError>(conn.backend())
        })
        .await
        .map_err(|e| match e {
            AppError::Unavailable(_) => e,
            _ => AppError::Unavailable("the database does not answer".into()),
        })?;
    Ok(HttpResponse::Ok().json(Readiness {
        status: "ok",
        database,
        catalogue_version: state.catalogue.get().version,
        finnish_analyser: state.finnish.name().to_owned(),
    }))
}

/// What is running.
#[utoipa::path(
    tag = "health",
    responses((status = 200, description = "Name and versions", body = VersionInfo))
)]
#[get("/v1/version")]
pub async fn version(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(VersionInfo {
        name: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        api: "v1",
        need_taxonomy_version: crate::domain::needs::taxonomy().version.clone(),
        catalogue_version: state.catalogue.get().version,
    })
}
