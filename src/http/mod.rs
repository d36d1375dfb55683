//! The HTTP layer: handlers per resource, DTOs, extractors, problem+json errors and the OpenAPI
//! document. One list of routes ([`routes`]) feeds the server, the spec and Swagger UI.

pub mod auditing;
pub mod catalogue;
pub mod console;
mod contract;
pub mod errors;
pub mod extract;
pub mod feedback;
pub mod fhir;
pub mod health;
pub mod hsds;
pub mod input;
pub mod json;
pub mod metrics;
pub mod middleware;
pub mod navigation;
pub mod openapi;
pub mod paging;
pub mod referrals;
pub mod state;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpRequest, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::http::state::AppState;
use errors::{problem_response, AppError};

/// Every API route. The server, `luotsi openapi` and the spec test all register exactly these.
/// The router tries the routes in this order, and matches a path with parameters by a regular
/// expression, a fixed path by comparing strings. So the fixed paths come first, the busiest first,
/// then the busiest `{id}` routes: a worklist page used to be tried against ten patterns first,
/// 4% of the service's CPU for it (perf). One fixed path is also matched by a pattern
/// (`/v1/referrals/search` by `/v1/referrals/{id}`): it comes first and answers every method.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(health::live)
        .service(navigation::navigation)
        .service(referrals::create)
        .service(referrals::by_client)
        .service(referrals::search)
        // `/v1/referrals/search` is also the shape of `/v1/referrals/{id}`: its other methods are
        // answered here (405, `Allow: POST`), before the `{id}` routes see them.
        .map(|c| c.service(web::resource("/v1/referrals/search").default_service(web::to(unmatched))))
        .service(health::ready)
        .service(health::version)
        .service(metrics::metrics)
        .service(referrals::stats)
        .service(referrals::audit_log)
        .service(catalogue::list_needs)
        .service(catalogue::list_municipalities)
        .service(catalogue::list_services)
        .service(catalogue::create_service)
        .service(catalogue::list_teams)
        .service(catalogue::create_team)
        .service(hsds::root)
        .service(hsds::list)
        .service(hsds::list_organizations)
        .service(hsds::list_taxonomies)
        .service(hsds::list_taxonomy_terms)
        .service(hsds::list_service_at_locations)
        .service(fhir::directory::metadata)
        .service(fhir::referrals::create_service_request)
        .service(fhir::referrals::search_tasks)
        .service(fhir::directory::list_healthcare_services)
        .service(referrals::worklist)
        .service(referrals::get_one)
        .service(referrals::change_status)
        .service(referrals::record_feedback)
        .service(referrals::create_feedback_link)
        .service(catalogue::get_service)
        .service(catalogue::update_service)
        .service(catalogue::deactivate_service)
        .service(catalogue::create_point)
        .service(catalogue::update_point)
        .service(catalogue::get_team)
        .service(catalogue::update_team)
        .service(catalogue::deactivate_team)
        .service(hsds::get)
        .service(hsds::get_organization)
        .service(hsds::get_taxonomy)
        .service(hsds::get_taxonomy_term)
        .service(hsds::get_service_at_location)
        .service(fhir::referrals::read_task)
        .service(fhir::referrals::update_task)
        .service(fhir::referrals::read_service_request)
        .service(fhir::directory::read_healthcare_service)
        .service(fhir::directory::read_organization)
        .service(fhir::directory::read_questionnaire)
        .service(fhir::directory::read_code_system);
}

/// The OpenAPI document of the code, as served at `/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, api) = App::new().into_utoipa_app().openapi(openapi::base()).configure(routes).split_for_parts();
    openapi::finish(api)
}

/// The one App used by `luotsi serve`, the tests and the spec.
pub fn build_app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let (app, api) = App::new().into_utoipa_app().openapi(openapi::base()).configure(routes).split_for_parts();
    let api = openapi::finish(api);
    let route_table = RouteTable::from_spec(&api);
    let max_body = state.settings.max_body_bytes;
    app.app_data(web::Data::new(state.clone()))
        .app_data(web::Data::new(route_table))
        .app_data(web::Data::new(input::InputRules::from_spec(&api)))
        .app_data(web::JsonConfig::default().limit(max_body).error_handler(json_error))
        .app_data(web::PayloadConfig::default().limit(max_body))
        .app_data(web::QueryConfig::default().error_handler(query_error))
        .app_data(web::PathConfig::default().error_handler(path_error))
        .service(web::redirect("/swagger-ui", "/swagger-ui/"))
        .service(SwaggerUi::new("/swagger-ui/{_:.*}").url("/openapi.json", api))
        .configure(console::configure)
        // The client's feedback page: HTML for a person, outside the API and its document.
        .configure(feedback::configure)
        .default_service(web::to(unmatched))
        .wrap(from_fn(input::refuse_bad_parameters))
        .wrap(from_fn(middleware::timeout))
        .wrap(from_fn(middleware::rate_limit))
        .wrap(middleware::cors(&state.settings.cors_origins))
        .wrap(from_fn(middleware::problems))
        .wrap(from_fn(fhir::outcomes))
        .wrap(middleware::security_headers(state.settings.hsts()))
        .wrap(from_fn(middleware::access_log))
        .wrap(from_fn(middleware::request_id))
        .wrap(from_fn(middleware::measure))
}

fn json_error(err: actix_web::error::JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as E;
    let response = match &err {
        E::OverflowKnownLength { .. } | E::Overflow { .. } => {
            problem_response(StatusCode::PAYLOAD_TOO_LARGE, "the request body is too large")
        }
        E::ContentType => {
            problem_response(StatusCode::UNSUPPORTED_MEDIA_TYPE, "send JSON with Content-Type: application/json")
        }
        E::Deserialize(e) if e.is_data() => problem_response(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
        other => problem_response(StatusCode::BAD_REQUEST, format!("the body is not valid JSON: {other}")),
    };
    actix_web::error::InternalError::from_response(err, response).into()
}

fn query_error(err: actix_web::error::QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let detail = format!("the query string is not valid: {err}");
    actix_web::error::InternalError::from_response(err, problem_response(StatusCode::BAD_REQUEST, detail)).into()
}

fn path_error(err: actix_web::error::PathError, _req: &HttpRequest) -> actix_web::Error {
    let detail = format!("the path is not valid: {err}");
    actix_web::error::InternalError::from_response(err, problem_response(StatusCode::NOT_FOUND, detail)).into()
}

/// The paths of the spec with their methods, to tell 404 (no such path) from 405 (no such method).
pub struct RouteTable {
    routes: Vec<(actix_web::dev::ResourceDef, Vec<Method>)>,
}

impl RouteTable {
    pub fn from_spec(api: &utoipa::openapi::OpenApi) -> Self {
        let routes = api
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let mut methods = Vec::new();
                let ops = [
                    (Method::GET, item.get.is_some()),
                    (Method::POST, item.post.is_some()),
                    (Method::PUT, item.put.is_some()),
                    (Method::PATCH, item.patch.is_some()),
                    (Method::DELETE, item.delete.is_some()),
                ];
                for (method, present) in ops {
                    if present {
                        methods.push(method);
                    }
                }
                (actix_web::dev::ResourceDef::new(path.as_str()), methods)
            })
            .collect();
        Self { routes }
    }

    fn allowed(&self, path: &str) -> Option<Vec<String>> {
        // A fixed path (`/v1/referrals/search`) is its own resource, not an `{id}` of a pattern.
        let matching: Vec<&(actix_web::dev::ResourceDef, Vec<Method>)> =
            self.routes.iter().filter(|(def, _)| def.is_match(path)).collect();
        let fixed: Vec<_> =
            matching.iter().copied().filter(|(def, _)| !def.pattern().unwrap_or("").contains('{')).collect();
        let chosen = if fixed.is_empty() { matching } else { fixed };
        let found: Vec<String> = chosen.iter().flat_map(|(_, methods)| methods.iter().map(|m| m.to_string())).collect();
        (!found.is_empty()).then_some(found)
    }
}

async fn unmatched(req: HttpRequest, table: web::Data<RouteTable>) -> Result<HttpResponse, AppError> {
    match table.allowed(req.path()) {
        Some(mut allowed) if !allowed.iter().any(|m| m == req.method().as_str()) => {
            allowed.sort();
            allowed.dedup();
            Err(AppError::MethodNotAllowed(
                format!("{} is not allowed on {}; use {}", req.method(), req.path(), allowed.join(", ")),
                allowed,
            ))
        }
        _ => Err(AppError::NotFound(format!("there is nothing at {}", req.path()))),
    }
}
