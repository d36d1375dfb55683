//! What a patient system reads before it refers: the CapabilityStatement, the catalogue as
//! HealthcareService, teams and providers as Organization, the red-flag Questionnaire and
//! Luotsi's code systems.

use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::IntoParams;

use super::referrals::answer_system;
use super::*;
use crate::domain::catalogue::{Catalogue, Service, Team};
use crate::domain::lang::Lang;
use crate::domain::needs::taxonomy;
use crate::domain::referral::Status;
use crate::domain::screen;
use crate::http::errors::AppError;
use crate::http::extract::{roles, Caller};
use crate::http::paging::utc;
use crate::http::state::AppState;

/// What this server supports, exactly: the interactions, search parameters and headers of each
/// resource type (public: a patient system reads it before it has a token).
#[utoipa::path(
    tag = "fhir",
    responses((status = 200, description = "The CapabilityStatement", body = FhirResource, content_type = "application/fhir+json"))
)]
#[get("/fhir/metadata")]
pub async fn metadata(req: HttpRequest) -> HttpResponse {
    resource(StatusCode::OK, &capability_statement(&base_url(&req)))
}

fn capability_statement(base: &str) -> Value {
    let read = json!({"code": "read"});
    let search = json!({"code": "search-type"});
    json!({
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-12-07",
        "publisher": "Luotsi",
        "kind": "instance",
        "software": {"name": "Luotsi", "version": env!("CARGO_PKG_VERSION")},
        "implementation": {"description": "Luotsi service navigation: closed-loop referrals of a wellbeing services county", "url": base},
        "fhirVersion": FHIR_VERSION,
        "format": ["json"],
        "rest": [{
            "mode": "server",
            "documentation": "The referral of /v1/referrals as a ServiceRequest and its Task (one id for both), after the HL7 Gravity SDOH referral pattern. Errors are OperationOutcome with the HTTP status. The README's section 'For patient systems' walks through the loop.",
            "security": {
                "service": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/restful-security-service", "code": "OAuth"}]}],
                "description": "A bearer JWT (Authorization: Bearer ...). ServiceRequest create: roles integration or call_centre. Reads: those and team_member of the referral's teams. Task update: the owning team (team_member, or integration with the team in team_ids). metadata, HealthcareService, Questionnaire and CodeSystem are public."
            },
            "resource": [
                {
                    "type": "ServiceRequest",
                    "documentation": "create records a referral: subject.identifier (urn:oid:1.2.246.21 or the patient system's) or a contained Patient with birthDate, the municipality-code extension of the HL7 Finland base profiles and communication.language; the client's words in note.text or reasonCode.text; need codes in code/reasonCode/category (CodeSystem/needs); performer HealthcareService/{id}; a contained QuestionnaireResponse to Questionnaire/red-flags in supportingInfo; a Practitioner requester as an urgency assessment at authoredOn; extensions consent, disclosure-prohibited and emergency-handled (StructureDefinition/ of the canonical base, valueBoolean). The answer is a collection Bundle of the ServiceRequest, its Task and any OperationOutcome. Idempotency-Key or If-None-Exist: identifier=system|value.",
                    "interaction": [{"code": "create"}, read],
                    "versioning": "versioned",
                    "conditionalCreate": true,
                    "referencePolicy": ["literal", "local"]
                },
                {
                    "type": "Task",
                    "documentation": "The referral's progress; update (PUT with If-Match: W/\"version\") sets status (requested from received, accepted, rejected, in-progress, completed, cancelled), owner (another team: a redirect) and statusReason.text (required to reject, cancel or redirect).",
                    "interaction": [read, {"code": "update"}, search],
                    "versioning": "versioned",
                    "updateCreate": false,
                    "searchParam": [
                        {"name": "owner", "type": "reference", "documentation": "Organization/{team id}: the team's Tasks by due date"},
                        {"name": "status", "type": "token", "documentation": "comma-separated Task statuses"},
                        {"name": "focus", "type": "reference", "documentation": "ServiceRequest/{id}"},
                        {"name": "_count", "type": "number", "documentation": "1-200, default 20; page=N for the next pages"}
                    ]
                },
                {"type": "HealthcareService", "documentation": "The region's service catalogue.", "interaction": [read, search],
                 "searchParam": [{"name": "_count", "type": "number", "documentation": "1-200, default 20; page=N for the next pages"}]},
                {"type": "Organization", "documentation": "The multiprofessional teams (Task.owner) and the service providers.", "interaction": [read]},
                {"type": "Questionnaire", "documentation": "red-flags: the safety screen's questions.", "interaction": [read]},
                {"type": "CodeSystem", "documentation": "needs (the need taxonomy), red-flag-answer, referral-status.", "interaction": [read]}
            ]
        }]
    })
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DirectoryPage {
    /// Resources a page, 1-200 (default 20).
    #[param(rename = "_count", minimum = 1, maximum = 200)]
    #[serde(rename = "_count")]
    pub count: Option<u32>,
    /// Page number, from 1 (at most 1,000,000).
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
}

fn coding(system: &str, code: &str, display: &str) -> Value {
    json!({"system": system, "code": code, "display": display})
}

/// A service of the catalogue as a HealthcareService: need codes as `type`, the PTV service
/// class as `category`, languages as `communication`, age limits as `eligibility`.
pub fn healthcare_service(cat: &Catalogue, s: &Service) -> Value {
    let needs = needs_system();
    let mut hs = json!({
        "resourceType": "HealthcareService",
        "id": s.id,
        "meta": {"versionId": s.version.to_string(), "lastUpdated": utc(s.updated_at).to_rfc3339()},
        "active": s.is_active(),
        "name": s.name.fi,
    });
    if let Some(org) = cat.organization(&s.organization_id) {
        hs["providedBy"] = json!({"reference": format!("Organization/{}", org.id), "display": org.name});
    }
    if let Some(class) = &s.service_class {
        hs["category"] =
            json!([{"coding": [{"system": "http://uri.suomi.fi/codelist/ptv/ptvserclass2", "code": class}]}]);
    }
    if !s.need_codes.is_empty() {
        hs["type"] = s
            .need_codes
            .iter()
            .map(|c| json!({"coding": [coding(&needs, c.as_str(), c.need().label(Lang::Fi))]}))
            .collect();
    }
    if let Some(d) = &s.description {
        hs["comment"] = json!(d.fi);
    }
    if !s.languages.is_empty() {
        hs["communication"] =
            s.languages.iter().map(|l| json!({"coding": [{"system": LANGUAGE_SYSTEM, "code": l.code()}]})).collect();
    }
    if s.min_age.is_some() || s.max_age.is_some() {
        let ages =
            format!("ages {}-{}", s.min_age.unwrap_or(0), s.max_age.map_or_else(|| "".into(), |a| a.to_string()));
        hs["eligibility"] = json!([{"code": {"text": "age"}, "comment": ages.trim_end_matches('-')}]);
    }
    if s.accepts_referrals {
        hs["referralMethod"] = json!([{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/service-referral-method", "code": "elec", "display": "Secure Messaging"}]}]);
    }
    hs
}

/// The region's services as a `searchset` Bundle, in catalogue order (public).
#[utoipa::path(
    tag = "fhir",
    params(DirectoryPage),
    responses((status = 200, description = "A searchset Bundle of HealthcareService", body = FhirResource, content_type = "application/fhir+json"))
)]
#[get("/fhir/HealthcareService")]
pub async fn list_healthcare_services(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<DirectoryPage>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let (page, per_page) = paging(q.page, q.count)?;
    let cat = state.catalogue.get();
    let base = base_url(&req);
    let total = cat.services.len();
    let start = ((page - 1) as usize).saturating_mul(per_page as usize).min(total);
    let end = start.saturating_add(per_page as usize).min(total);
    let entries: Vec<Value> = cat.services[start..end]
        .iter()
        .map(|s| {
            json!({"fullUrl": format!("{base}/HealthcareService/{}", s.id), "resource": healthcare_service(&cat, s), "search": {"mode": "match"}})
        })
        .collect();
    let link = |p: u32| format!("{base}/HealthcareService?_count={per_page}&page={p}");
    let bundle = searchset(entries, total as i64, page, per_page, link);
    Ok(resource(StatusCode::OK, &bundle))
}

/// A service of the catalogue (public).
#[utoipa::path(
    tag = "fhir",
    params(("id" = String, Path, description = "Service id", example = "8b670337-e038-5678-9098-4cdd5063d846")),
    responses(
        (status = 200, description = "The HealthcareService", body = FhirResource, content_type = "application/fhir+json"),
        (status = 404, description = "No such service", body = OperationOutcome, content_type = "application/fhir+json"),
    )
)]
#[get("/fhir/HealthcareService/{id}")]
pub async fn read_healthcare_service(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let cat = state.catalogue.get();
    let s = cat.service(&id).ok_or_else(|| AppError::NotFound(format!("there is no service {id}")))?;
    Ok(resource(StatusCode::OK, &healthcare_service(&cat, s)))
}

fn team_organization(t: &Team) -> Value {
    let mut org = json!({
        "resourceType": "Organization",
        "id": t.id,
        "meta": {"versionId": t.version.to_string(), "lastUpdated": utc(t.updated_at).to_rfc3339()},
        "active": t.active,
        "type": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/organization-type", "code": "team", "display": "Organizational team"}],
                  "text": "multiprofessional team"}],
        "name": t.name,
    });
    if let Some(slug) = &t.slug {
        org["identifier"] = json!([{"system": format!("{CANONICAL}/team-slug"), "value": slug}]);
    }
    if let Some(centre) = &t.sote_centre {
        org["alias"] = json!([centre]);
    }
    org
}

/// A team (the `owner` of a Task) or a service provider of the catalogue (any authenticated
/// caller, as `GET /v1/teams/{id}`).
#[utoipa::path(
    tag = "fhir",
    params(("id" = String, Path, description = "Team or organization id", example = "f9430aec-5766-5fe2-bdbf-ed7858e70bb5")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The Organization", body = FhirResource, content_type = "application/fhir+json"),
        (status = 404, description = "No such team or organization", body = OperationOutcome, content_type = "application/fhir+json"),
    )
)]
#[get("/fhir/Organization/{id}")]
pub async fn read_organization(
    state: web::Data<AppState>,
    _caller: Caller<roles::Anyone>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let cat = state.catalogue.get();
    if let Some(t) = cat.team(&id) {
        return Ok(resource(StatusCode::OK, &team_organization(t)));
    }
    let org =
        cat.organization(&id).ok_or_else(|| AppError::NotFound(format!("there is no team or organization {id}")))?;
    let mut body = json!({
        "resourceType": "Organization", "id": org.id, "active": true, "name": org.name,
        "type": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/organization-type", "code": "prov", "display": "Healthcare Provider"}],
                  "text": org.kind.as_str()}],
    });
    if let Some(sv) = &org.name_sv {
        body["alias"] = json!([sv]);
    }
    Ok(resource(StatusCode::OK, &body))
}

/// The red-flag questions of the safety screen, in Finnish with Swedish and English
/// translations; each is answered `yes`, `no` or `unknown` (public).
#[utoipa::path(
    tag = "fhir",
    params(("id" = String, Path, description = "red-flags", example = "red-flags")),
    responses(
        (status = 200, description = "The Questionnaire", body = FhirResource, content_type = "application/fhir+json"),
        (status = 404, description = "No such questionnaire", body = OperationOutcome, content_type = "application/fhir+json"),
    )
)]
#[get("/fhir/Questionnaire/{id}")]
pub async fn read_questionnaire(id: web::Path<String>) -> Result<HttpResponse, AppError> {
    if id.as_str() != "red-flags" {
        return Err(AppError::NotFound(format!("there is no questionnaire {id}; red-flags is the one")));
    }
    let screen = screen::shipped();
    let answers = answer_system();
    let options = json!([
        {"valueCoding": coding(&answers, "yes", "yes")},
        {"valueCoding": coding(&answers, "no", "no")},
        {"valueCoding": coding(&answers, "unknown", "unknown (counts as yes)")},
    ]);
    let translation = |lang: &str, text: &str| {
        json!({"url": "http://hl7.org/fhir/StructureDefinition/translation",
               "extension": [{"url": "lang", "valueCode": lang}, {"url": "content", "valueString": text}]})
    };
    let items: Vec<Value> = screen
        .questions
        .iter()
        .map(|q| {
            json!({
                "linkId": q.id, "type": "choice", "required": true,
                "text": q.text(Lang::Fi),
                "_text": {"extension": [translation("sv", q.text(Lang::Sv)), translation("en", q.text(Lang::En))]},
                "code": [{"system": format!("{CANONICAL}/CodeSystem/red-flag-level"), "code": q.level.as_str()}],
                "answerOption": options,
            })
        })
        .collect();
    let body = json!({
        "resourceType": "Questionnaire",
        "id": "red-flags",
        "url": questionnaire_url(),
        "version": screen.id,
        "name": "RedFlags",
        "title": "Red-flag questions (hälytysmerkit)",
        "status": "active",
        "subjectType": ["Patient"],
        "description": "Asked when a description is not clearly routine and no emergency was recognised: a yes or an unknown is an emergency (the code of each question: 112 or 116117). A patient system that has the answers sends them as a contained QuestionnaireResponse in ServiceRequest.supportingInfo; the ServiceRequest says which questions a navigation needs only after it, so answer all of them.",
        "item": items,
    });
    Ok(resource(StatusCode::OK, &body))
}

/// Luotsi's code systems: `needs` (the need taxonomy), `red-flag-answer` and `referral-status`
/// (public).
#[utoipa::path(
    tag = "fhir",
    params(("id" = String, Path, description = "needs, red-flag-answer or referral-status", example = "needs")),
    responses(
        (status = 200, description = "The CodeSystem", body = FhirResource, content_type = "application/fhir+json"),
        (status = 404, description = "No such code system", body = OperationOutcome, content_type = "application/fhir+json"),
    )
)]
#[get("/fhir/CodeSystem/{id}")]
pub async fn read_code_system(id: web::Path<String>) -> Result<HttpResponse, AppError> {
    let concepts: Vec<Value> = match id.as_str() {
        "needs" => taxonomy()
            .needs
            .iter()
            .map(|n| {
                json!({"code": n.code, "display": n.fi, "definition": n.definition,
                       "designation": [{"language": "sv", "value": n.sv}, {"language": "en", "value": n.en}]})
            })
            .collect(),
        "red-flag-answer" => ["yes", "no", "unknown"].iter().map(|c| json!({"code": c, "display": c})).collect(),
        "referral-status" => Status::ALL.iter().map(|s| json!({"code": s.as_str(), "display": s.as_str()})).collect(),
        other => {
            return Err(AppError::NotFound(format!(
                "there is no code system {other}; there are needs, red-flag-answer and referral-status"
            )))
        }
    };
    let version = if id.as_str() == "needs" { taxonomy().version.clone() } else { "1".into() };
    let body = json!({
        "resourceType": "CodeSystem",
        "id": id.as_str(),
        "url": format!("{CANONICAL}/CodeSystem/{}", id.as_str()),
        "version": version,
        "name": id.as_str().replace('-', "_"),
        "status": "active",
        "content": "complete",
        "caseSensitive": true,
        "count": concepts.len(),
        "concept": concepts,
    });
    Ok(resource(StatusCode::OK, &body))
}
