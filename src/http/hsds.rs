//! HSDS 3.0 read endpoints, so other directories and HSDS tools can consume the catalogue.

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use super::errors::{AppError, Problem};
use super::paging::{paging, utc};
use crate::domain::catalogue::{Service, ServiceFilter};
use crate::http::state::AppState;
use crate::import::hsds::export_service;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HsdsQuery {
    /// Words that must all appear in the name or description.
    pub search: Option<String>,
    /// A need taxonomy term: its id (as exported) or its code, e.g. `health.memory`.
    pub taxonomy_term_id: Option<String>,
    /// Only services modified after this instant (RFC 3339).
    pub modified_after: Option<DateTime<Utc>>,
    /// Page number, from 1 (at most 1,000,000).
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
    /// Items a page, 1-200 (default 20).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
}

/// An HSDS 3.0 `Page` of full services.
#[derive(Serialize, ToSchema)]
pub struct HsdsPage {
    pub total_items: usize,
    pub total_pages: usize,
    pub page_number: u32,
    pub size: usize,
    pub first_page: bool,
    pub last_page: bool,
    pub empty: bool,
    /// Full HSDS 3.0 services.
    #[schema(value_type = Vec<Object>)]
    pub contents: Vec<Value>,
}

fn term_matches(service: &Service, term: &str) -> bool {
    service.need_codes.iter().any(|n| {
        n.as_str() == term
            || uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, format!("urn:luotsi:need:v1:{n}").as_bytes()).to_string()
                == term
    })
}

/// Services as HSDS 3.0, paginated with the HSDS `Page` fields (active services only).
#[utoipa::path(
    tag = "hsds",
    params(HsdsQuery),
    responses(
        (status = 200, description = "A page of HSDS services", body = HsdsPage),
        (status = 422, description = "A parameter is not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/services")]
pub async fn list(state: web::Data<AppState>, query: web::Query<HsdsQuery>) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let (page, per_page) = paging(q.page, q.per_page)?;
    let cat = state.catalogue.get();
    // The same text search and order as GET /v1/services, over active services.
    let filter = ServiceFilter { text: q.search.filter(|t| !t.trim().is_empty()), ..ServiceFilter::default() };
    let found: Vec<&Service> = cat
        .search(&filter, chrono::Utc::now())
        .into_iter()
        .filter(|s| q.taxonomy_term_id.as_deref().is_none_or(|t| term_matches(s, t)))
        .filter(|s| q.modified_after.is_none_or(|after| utc(s.updated_at) > after))
        .collect();
    let total_items = found.len();
    let total_pages = total_items.div_ceil(per_page as usize);
    let start = ((page - 1) as usize) * per_page as usize;
    let contents: Vec<Value> =
        found.iter().skip(start).take(per_page as usize).map(|s| export_service(&cat, s)).collect();
    Ok(HttpResponse::Ok().json(HsdsPage {
        total_items,
        total_pages,
        page_number: page,
        size: contents.len(),
        first_page: page == 1,
        last_page: page as usize >= total_pages,
        empty: contents.is_empty(),
        contents,
    }))
}

/// One full HSDS 3.0 service.
#[utoipa::path(
    tag = "hsds",
    params(("id" = String, Path, description = "Service id")),
    responses(
        (status = 200, description = "The service as HSDS 3.0", body = Object),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/services/{id}")]
pub async fn get(state: web::Data<AppState>, id: web::Path<String>) -> Result<HttpResponse, AppError> {
    let cat = state.catalogue.get();
    let s = cat.service(&id).ok_or_else(|| AppError::NotFound(format!("there is no service {id}")))?;
    Ok(HttpResponse::Ok().json(export_service(&cat, s)))
}
