//! The Open Referral HSDS 3.1 API over the catalogue: the root, services, organizations,
//! taxonomies, taxonomy terms and services at locations, so directories and HSDS tools can
//! read it. Read only and public, like the catalogue itself; active records only.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use super::errors::{AppError, FieldError, Problem};
use super::paging::{page_of, paging, utc};
use crate::domain::catalogue::{Catalogue, Service, ServiceFilter, ServicePoint};
use crate::domain::needs::taxonomy;
use crate::http::state::AppState;
use crate::import::hsds::{
    export_organization, export_point, export_service, need_term, service_class_term, taxonomies,
};

/// The HSDS version the API answers in.
pub const HSDS_VERSION: &str = "3.1";

/// How a list is returned: a `Page` (default) or every result, one JSON object a line.
#[derive(Clone, Copy, Debug, Default, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Json,
    Ndjson,
}

/// An HSDS `Page`.
#[derive(Serialize, ToSchema)]
pub struct HsdsPage {
    pub total_items: usize,
    pub total_pages: usize,
    pub page_number: u32,
    pub size: usize,
    pub first_page: bool,
    pub last_page: bool,
    pub empty: bool,
    /// The page's records as HSDS 3.1 objects.
    #[schema(value_type = Vec<Object>)]
    pub contents: Vec<Value>,
}

/// What `GET /hsds/` answers: the HSDS version and where the API is described.
#[derive(Serialize, ToSchema)]
pub struct HsdsRoot {
    /// The HSDS version of this API.
    pub version: String,
    /// The HSDS profile: none, so the specification itself.
    #[schema(format = "uri")]
    pub profile: String,
    /// This API's OpenAPI document.
    #[schema(format = "uri")]
    pub openapi_url: String,
}

/// The specification Luotsi follows without a profile of its own.
const HSDS_PROFILE: &str = "https://docs.openreferral.org/en/latest/hsds/overview.html";

/// A list answered as a page, or whole as NDJSON; only the records answered are exported.
fn answer<T>(
    items: Vec<T>,
    page: u32,
    per_page: u32,
    format: Option<Format>,
    export: impl Fn(T) -> Value,
) -> HttpResponse {
    if format.unwrap_or_default() == Format::Ndjson {
        let mut body = String::new();
        for item in items {
            body.push_str(&export(item).to_string());
            body.push('\n');
        }
        return HttpResponse::Ok().content_type("application/x-ndjson").body(body);
    }
    let total_items = items.len();
    let total_pages = total_items.div_ceil(per_page as usize);
    let contents: Vec<Value> = page_of(items, page, per_page).into_iter().map(export).collect();
    HttpResponse::Ok().json(HsdsPage {
        total_items,
        total_pages,
        page_number: page,
        size: contents.len(),
        first_page: page == 1,
        last_page: page as usize >= total_pages,
        empty: contents.is_empty(),
        contents,
    })
}

/// Whether every word of a search is in one of the texts (case-insensitive).
fn all_words_in(search: Option<&str>, texts: &[&str]) -> bool {
    let Some(search) = search else { return true };
    let haystack = texts.join(" ").to_lowercase();
    search.split_whitespace().all(|w| haystack.contains(&w.to_lowercase()))
}

fn searched(search: &Option<String>) -> Option<&str> {
    search.as_deref().filter(|s| !s.trim().is_empty())
}

/// A term filter, resolved once a request: a need code or a PTV service class.
enum Term {
    Need(String),
    Class(String),
}

/// A term given by its id or its code (`health.memory`, `P5.10`).
fn term(cat: &Catalogue, given: &str) -> Term {
    let code = all_terms(cat)
        .into_iter()
        .find(|t| t["id"] == given)
        .and_then(|t| t["code"].as_str().map(str::to_owned))
        .unwrap_or_else(|| given.to_owned());
    if taxonomy().contains(&code) {
        Term::Need(code)
    } else {
        Term::Class(code)
    }
}

/// Whether a service carries a term.
fn has_term(service: &Service, term: &Term) -> bool {
    match term {
        Term::Need(code) => service.need_codes.iter().any(|n| n.as_str() == code),
        Term::Class(code) => service.service_class.as_deref() == Some(code.as_str()),
    }
}

/// Whether a service carries a term of a taxonomy, given by its id (the needs', the classes').
fn has_taxonomy(service: &Service, taxonomy_id: &str) -> bool {
    let ids: Vec<Value> = taxonomies().into_iter().map(|t| t["id"].clone()).collect();
    (ids.first().is_some_and(|id| id == taxonomy_id) && !service.need_codes.is_empty())
        || (ids.get(1).is_some_and(|id| id == taxonomy_id) && service.service_class.is_some())
}

/// Every term of the catalogue: the whole need taxonomy, then the service classes in use.
fn all_terms(cat: &Catalogue) -> Vec<Value> {
    let mut terms: Vec<Value> = taxonomy().needs.iter().map(|n| need_term(&n.code)).collect();
    let mut classes: Vec<&str> =
        cat.services.iter().filter(|s| s.is_active()).filter_map(|s| s.service_class.as_deref()).collect();
    classes.sort_unstable();
    classes.dedup();
    terms.extend(classes.into_iter().map(service_class_term));
    terms
}

fn not_found(kind: &str, id: &str, listed: &str) -> AppError {
    AppError::NotFound(format!("there is no {kind} {id}; GET {listed} lists them"))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HsdsQuery {
    /// Words that must all appear in the name or description.
    pub search: Option<String>,
    /// A taxonomy term: its id or its code, e.g. `health.memory`.
    pub taxonomy_term_id: Option<String>,
    /// Only services with a term of this taxonomy (its id, from `GET /hsds/taxonomies`).
    pub taxonomy_id: Option<String>,
    /// Only the services of this organization.
    pub organization_id: Option<String>,
    /// Only services modified after this instant (RFC 3339).
    pub modified_after: Option<DateTime<Utc>>,
    /// Page number, from 1 (at most 1,000,000).
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
    /// Items a page, 1-200 (default 20).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
    /// `json` (a page, the default) or `ndjson` (every result, one a line, no paging).
    #[param(inline)]
    pub format: Option<Format>,
}

/// The API's HSDS version and where it is described (the one endpoint HSDS requires beside
/// the services).
#[utoipa::path(tag = "hsds", responses((status = 200, description = "This API and its relation to HSDS", body = HsdsRoot)))]
#[get("/hsds/")]
pub async fn root(req: HttpRequest) -> HttpResponse {
    let info = req.connection_info();
    let openapi_url = format!("{}://{}/openapi.json", info.scheme(), info.host());
    HttpResponse::Ok().json(HsdsRoot {
        version: HSDS_VERSION.to_owned(),
        profile: HSDS_PROFILE.to_owned(),
        openapi_url,
    })
}

/// Services as HSDS 3.1, paginated (active services only).
#[utoipa::path(
    tag = "hsds",
    params(HsdsQuery),
    responses(
        (status = 200, description = "A page of HSDS services, or all of them as NDJSON",
            content((HsdsPage = "application/json"), (String = "application/x-ndjson"))),
        (status = 422, description = "A parameter is not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/services")]
pub async fn list(state: web::Data<AppState>, query: web::Query<HsdsQuery>) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let (page, per_page) = paging(q.page, q.per_page)?;
    let cat = state.catalogue.get();
    // The same text search and order as GET /v1/services, over active services.
    let filter = ServiceFilter { text: searched(&q.search).map(str::to_owned), ..ServiceFilter::default() };
    let wanted = q.taxonomy_term_id.as_deref().map(|t| term(&cat, t));
    let found: Vec<&Service> = cat
        .search(&filter, chrono::Utc::now())
        .into_iter()
        .filter(|s| wanted.as_ref().is_none_or(|t| has_term(s, t)))
        .filter(|s| q.taxonomy_id.as_deref().is_none_or(|t| has_taxonomy(s, t)))
        .filter(|s| q.organization_id.as_deref().is_none_or(|o| s.organization_id == o))
        .filter(|s| q.modified_after.is_none_or(|after| utc(s.updated_at) > after))
        .collect();
    Ok(answer(found, page, per_page, q.format, |s| export_service(&cat, s)))
}

/// One full HSDS 3.1 service.
#[utoipa::path(
    tag = "hsds",
    params(("id" = String, Path, description = "Service id")),
    responses(
        (status = 200, description = "The service as HSDS 3.1", body = Object),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/services/{id}")]
pub async fn get(state: web::Data<AppState>, id: web::Path<String>) -> Result<HttpResponse, AppError> {
    let cat = state.catalogue.get();
    // An inactive service is still read by its id, with its HSDS status.
    let s = cat.service(&id).ok_or_else(|| not_found("service", &id, "/hsds/services"))?;
    Ok(HttpResponse::Ok().json(export_service(&cat, s)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganizationQuery {
    /// Words that must all appear in the name, Swedish name or description.
    pub search: Option<String>,
    /// With `true`, each organization with its full services.
    pub full_service: Option<bool>,
    /// With `true`, each organization fully nested: with its full services.
    pub full: Option<bool>,
    /// Page number, from 1 (at most 1,000,000).
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
    /// Items a page, 1-200 (default 20).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
    /// `json` (a page, the default) or `ndjson` (every result, one a line, no paging).
    #[param(inline)]
    pub format: Option<Format>,
}

/// An organization, with its active services when asked.
fn organization_record(cat: &Catalogue, org: &crate::domain::catalogue::Organization, nested: bool) -> Value {
    let mut out = export_organization(org);
    if nested {
        let mut services: Vec<&Service> =
            cat.services.iter().filter(|s| s.is_active() && s.organization_id == org.id).collect();
        services.sort_by(|a, b| a.name.fi.cmp(&b.name.fi).then_with(|| a.id.cmp(&b.id)));
        out["services"] = services.into_iter().map(|s| export_service(cat, s)).collect();
    }
    out
}

/// The organizations that provide the services, by name.
#[utoipa::path(
    tag = "hsds",
    params(OrganizationQuery),
    responses(
        (status = 200, description = "A page of HSDS organizations, or all of them as NDJSON",
            content((HsdsPage = "application/json"), (String = "application/x-ndjson"))),
        (status = 422, description = "A parameter is not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/organizations")]
pub async fn list_organizations(
    state: web::Data<AppState>,
    query: web::Query<OrganizationQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let (page, per_page) = paging(q.page, q.per_page)?;
    let cat = state.catalogue.get();
    let nested = q.full_service == Some(true) || q.full == Some(true);
    let mut orgs: Vec<_> = cat
        .organizations
        .iter()
        .filter(|o| {
            all_words_in(
                searched(&q.search),
                &[&o.name, o.name_sv.as_deref().unwrap_or_default(), o.description.as_deref().unwrap_or_default()],
            )
        })
        .collect();
    orgs.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    Ok(answer(orgs, page, per_page, q.format, |o| organization_record(&cat, o, nested)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OneOrganizationQuery {
    /// With `false`, the organization without its services (default: with them, in full).
    pub full_service: Option<bool>,
}

/// One organization, with its active services in full.
#[utoipa::path(
    tag = "hsds",
    params(("id" = String, Path, description = "Organization id"), OneOrganizationQuery),
    responses(
        (status = 200, description = "The organization as HSDS 3.1", body = Object),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/organizations/{id}")]
pub async fn get_organization(
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: web::Query<OneOrganizationQuery>,
) -> Result<HttpResponse, AppError> {
    let cat = state.catalogue.get();
    let org = cat.organization(&id).ok_or_else(|| not_found("organization", &id, "/hsds/organizations"))?;
    Ok(HttpResponse::Ok().json(organization_record(&cat, org, query.full_service != Some(false))))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaxonomyQuery {
    /// Words that must all appear in the name or description.
    pub search: Option<String>,
    /// Page number, from 1 (at most 1,000,000).
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
    /// Items a page, 1-200 (default 20).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
    /// `json` (a page, the default) or `ndjson` (every result, one a line, no paging).
    #[param(inline)]
    pub format: Option<Format>,
}

/// The taxonomies the services are classified by: Luotsi's need taxonomy and the PTV service
/// classes.
#[utoipa::path(
    tag = "hsds",
    params(TaxonomyQuery),
    responses(
        (status = 200, description = "A page of HSDS taxonomies, or all of them as NDJSON",
            content((HsdsPage = "application/json"), (String = "application/x-ndjson"))),
        (status = 422, description = "A parameter is not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/taxonomies")]
pub async fn list_taxonomies(query: web::Query<TaxonomyQuery>) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let (page, per_page) = paging(q.page, q.per_page)?;
    let records = taxonomies()
        .into_iter()
        .filter(|t| {
            all_words_in(
                searched(&q.search),
                &[t["name"].as_str().unwrap_or(""), t["description"].as_str().unwrap_or("")],
            )
        })
        .collect();
    Ok(answer(records, page, per_page, q.format, |r| r))
}

/// One taxonomy.
#[utoipa::path(
    tag = "hsds",
    params(("id" = String, Path, description = "Taxonomy id", example = "4bb483c8-6eef-5f85-9bb1-c9e0b66f9166")),
    responses(
        (status = 200, description = "The taxonomy as HSDS 3.1", body = Object),
        (status = 404, description = "No such taxonomy", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/taxonomies/{id}")]
pub async fn get_taxonomy(id: web::Path<String>) -> Result<HttpResponse, AppError> {
    let found = taxonomies().into_iter().find(|t| t["id"] == id.as_str());
    Ok(HttpResponse::Ok().json(found.ok_or_else(|| not_found("taxonomy", &id, "/hsds/taxonomies"))?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TermQuery {
    /// Words that must all appear in the code, name or description.
    pub search: Option<String>,
    /// Only the terms of this taxonomy (its id).
    pub taxonomy_id: Option<String>,
    /// Only terms without children. Both taxonomies are flat: every term has none.
    pub top_only: Option<bool>,
    /// Only the children of this term. Both taxonomies are flat: no term has a parent.
    pub parent_id: Option<String>,
    /// Page number, from 1 (at most 1,000,000).
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
    /// Items a page, 1-200 (default 20).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
    /// `json` (a page, the default) or `ndjson` (every result, one a line, no paging).
    #[param(inline)]
    pub format: Option<Format>,
}

/// The terms: every need of the need taxonomy, then the PTV service classes the services carry.
#[utoipa::path(
    tag = "hsds",
    params(TermQuery),
    responses(
        (status = 200, description = "A page of HSDS taxonomy terms, or all of them as NDJSON",
            content((HsdsPage = "application/json"), (String = "application/x-ndjson"))),
        (status = 422, description = "A parameter is not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/taxonomy_terms")]
pub async fn list_taxonomy_terms(
    state: web::Data<AppState>,
    query: web::Query<TermQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let (page, per_page) = paging(q.page, q.per_page)?;
    let cat = state.catalogue.get();
    let text = |t: &Value, k: &str| t[k].as_str().unwrap_or_default().to_owned();
    let records = all_terms(&cat)
        .into_iter()
        .filter(|t| q.taxonomy_id.as_deref().is_none_or(|id| t["taxonomy_id"] == id))
        // Flat taxonomies: no term is anyone's child.
        .filter(|_| q.parent_id.is_none())
        .filter(|t| all_words_in(searched(&q.search), &[&text(t, "code"), &text(t, "name"), &text(t, "description")]))
        .collect();
    Ok(answer(records, page, per_page, q.format, |r| r))
}

/// One taxonomy term.
#[utoipa::path(
    tag = "hsds",
    params(("id" = String, Path, description = "Taxonomy term id", example = "0ec95e8b-17cd-568a-848a-b511831a26b9")),
    responses(
        (status = 200, description = "The taxonomy term as HSDS 3.1", body = Object),
        (status = 404, description = "No such taxonomy term", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/taxonomy_terms/{id}")]
pub async fn get_taxonomy_term(state: web::Data<AppState>, id: web::Path<String>) -> Result<HttpResponse, AppError> {
    let cat = state.catalogue.get();
    let found = all_terms(&cat).into_iter().find(|t| t["id"] == id.as_str());
    Ok(HttpResponse::Ok().json(found.ok_or_else(|| not_found("taxonomy term", &id, "/hsds/taxonomy_terms"))?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LocationQuery {
    /// Words that must all appear in the point's name, address or city, or its service's name.
    pub search: Option<String>,
    /// Only the points of services with this taxonomy term (its id or code).
    pub taxonomy_term_id: Option<String>,
    /// Only the points of services with a term of this taxonomy (its id).
    pub taxonomy_id: Option<String>,
    /// Only the points of this organization's services.
    pub organization_id: Option<String>,
    /// Only points modified after this instant (RFC 3339).
    pub modified_after: Option<DateTime<Utc>>,
    /// With `true`, each with its full service.
    pub full: Option<bool>,
    /// Only the points at this postcode (five digits).
    pub postcode: Option<String>,
    /// Not supported: Luotsi has no postcode centroids to measure from. Refused with 422.
    pub proximity: Option<String>,
    /// Page number, from 1 (at most 1,000,000).
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
    /// Items a page, 1-200 (default 20).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
    /// `json` (a page, the default) or `ndjson` (every result, one a line, no paging).
    #[param(inline)]
    pub format: Option<Format>,
}

fn location_record(cat: &Catalogue, point: &ServicePoint, full: bool) -> Value {
    let mut out = export_point(point);
    if full {
        if let Some(s) = cat.service(&point.service_id) {
            out["service"] = export_service(cat, s);
        }
    }
    out
}

/// The active service points of active services, each a service at a location.
#[utoipa::path(
    tag = "hsds",
    params(LocationQuery),
    responses(
        (status = 200, description = "A page of HSDS services at locations, or all of them as NDJSON",
            content((HsdsPage = "application/json"), (String = "application/x-ndjson"))),
        (status = 422, description = "A parameter is not valid (`proximity` is not supported)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/service_at_locations")]
pub async fn list_service_at_locations(
    state: web::Data<AppState>,
    query: web::Query<LocationQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let (page, per_page) = paging(q.page, q.per_page)?;
    if q.proximity.is_some() {
        return Err(AppError::Validation(vec![FieldError::new(
            "proximity",
            "is not supported: Luotsi has no postcode centroids to measure from; filter by postcode alone",
        )]));
    }
    let cat = state.catalogue.get();
    let wanted = q.taxonomy_term_id.as_deref().map(|t| term(&cat, t));
    let mut points: Vec<(&ServicePoint, &Service)> = cat
        .points
        .iter()
        .filter(|p| p.active)
        .filter_map(|p| cat.service(&p.service_id).filter(|s| s.is_active()).map(|s| (p, s)))
        .filter(|(_, s)| wanted.as_ref().is_none_or(|t| has_term(s, t)))
        .filter(|(_, s)| q.taxonomy_id.as_deref().is_none_or(|t| has_taxonomy(s, t)))
        .filter(|(_, s)| q.organization_id.as_deref().is_none_or(|o| s.organization_id == o))
        .filter(|(p, _)| q.modified_after.is_none_or(|after| utc(p.updated_at) > after))
        .filter(|(p, _)| q.postcode.as_deref().is_none_or(|c| p.postal_code.as_deref() == Some(c.trim())))
        .filter(|(p, s)| {
            let fields =
                [p.name.as_str(), p.address.as_deref().unwrap_or(""), p.city.as_deref().unwrap_or(""), &s.name.fi];
            all_words_in(searched(&q.search), &fields)
        })
        .collect();
    points.sort_by(|(a, _), (b, _)| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    let full = q.full == Some(true);
    Ok(answer(points, page, per_page, q.format, |(p, _)| location_record(&cat, p, full)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OneLocationQuery {
    /// With `false`, without its service (default: with its full service).
    pub full: Option<bool>,
}

/// One service at a location.
#[utoipa::path(
    tag = "hsds",
    params(("id" = String, Path, description = "Service point id"), OneLocationQuery),
    responses(
        (status = 200, description = "The service at a location as HSDS 3.1", body = Object),
        (status = 404, description = "No such service at a location", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/service_at_locations/{id}")]
pub async fn get_service_at_location(
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: web::Query<OneLocationQuery>,
) -> Result<HttpResponse, AppError> {
    let cat = state.catalogue.get();
    let point = cat
        .points
        .iter()
        .find(|p| p.id == id.as_str() && p.active && cat.service(&p.service_id).is_some_and(|s| s.is_active()))
        .ok_or_else(|| not_found("service at a location", &id, "/hsds/service_at_locations"))?;
    Ok(HttpResponse::Ok().json(location_record(&cat, point, query.full != Some(false))))
}
