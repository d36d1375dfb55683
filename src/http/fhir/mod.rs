//! FHIR R4 for patient systems (`/fhir`, `application/fhir+json`): the closed-loop referral as a
//! ServiceRequest with its Task (after the HL7 Gravity SDOH referral pattern, with the Finnish
//! identity code of the HL7 Finland base profiles), the catalogue as HealthcareService, teams as
//! Organization, and the red-flag questions as a Questionnaire. The referral behind them is the
//! one of `/v1/referrals`: the same navigation, safety rules, recording, roles and audit. Errors
//! are OperationOutcome ([`outcomes`] turns every problem of a `/fhir` path into one).

pub mod directory;
pub mod referrals;

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::ToSchema;

use super::errors::{Problem, PROBLEM_JSON};

pub const FHIR_JSON: &str = "application/fhir+json";
/// The FHIR version this server speaks.
pub const FHIR_VERSION: &str = "4.0.1";
/// Canonical base of Luotsi's own FHIR definitions (code systems, questionnaire, extensions).
pub const CANONICAL: &str = "https://luotsi.fi/fhir";
/// The Finnish personal identity code (henkilötunnus), as HL7 Finland names it.
pub const HETU_SYSTEM: &str = "urn:oid:1.2.246.21";
/// The home municipality (kotikunta) extension of the HL7 Finland base profiles.
pub const MUNICIPALITY_EXT: &str = "https://hl7.fi/fhir/finnish-base-profiles/StructureDefinition/municipality-code";
/// Statistics Finland's municipality codes (kuntakoodisto, version 2003).
pub const MUNICIPALITY_SYSTEM: &str = "urn:oid:1.2.246.537.6.21";
pub const LANGUAGE_SYSTEM: &str = "urn:ietf:bcp:47";

pub fn needs_system() -> String {
    format!("{CANONICAL}/CodeSystem/needs")
}

pub fn extension_url(name: &str) -> String {
    format!("{CANONICAL}/StructureDefinition/{name}")
}

pub fn questionnaire_url() -> String {
    format!("{CANONICAL}/Questionnaire/red-flags")
}

/// A FHIR resource as JSON, with `ETag` and `Last-Modified`-free caching left to the version.
pub fn resource(status: StatusCode, body: &Value) -> HttpResponse {
    HttpResponse::build(status).insert_header((header::CONTENT_TYPE, HeaderValue::from_static(FHIR_JSON))).json(body)
}

/// The FHIR ETag of a version (`W/"3"`).
pub fn weak_etag(version: i64) -> String {
    format!("W/\"{version}\"")
}

/// The server's base URL as the client reached it, for `fullUrl` and paging links.
pub fn base_url(req: &HttpRequest) -> String {
    let info = req.connection_info();
    format!("{}://{}/fhir", info.scheme(), info.host())
}

/// A page of a search (`_count`, `page`), its bounds as the REST lists have them.
pub fn paging(page: Option<u32>, count: Option<u32>) -> Result<(u32, u32), super::errors::AppError> {
    use super::errors::{AppError, FieldError};
    super::paging::paging(page, count).map_err(|e| match e {
        AppError::Validation(errors) => AppError::Validation(
            errors.into_iter().map(|f| FieldError::new(f.field.replace("per_page", "_count"), f.message)).collect(),
        ),
        other => other,
    })
}

/// A `searchset` Bundle of a page, with `self`, `next` and `previous` links (`link(page)`).
pub fn searchset(entries: Vec<Value>, total: i64, page: u32, per_page: u32, link: impl Fn(u32) -> String) -> Value {
    let mut links = vec![json!({"relation": "self", "url": link(page)})];
    if i64::from(page) * i64::from(per_page) < total {
        links.push(json!({"relation": "next", "url": link(page + 1)}));
    }
    if page > 1 {
        links.push(json!({"relation": "previous", "url": link(page - 1)}));
    }
    json!({"resourceType": "Bundle", "type": "searchset", "total": total, "link": links, "entry": entries})
}

// ------------------------------------------------------------------------------------------------
// Data types read from requests (unknown elements of a data type are ignored, as FHIR allows).

#[derive(Deserialize, Serialize, ToSchema, Debug, Clone, Default)]
#[schema(as = fhir::Coding)]
pub struct Coding {
    pub system: Option<String>,
    pub code: Option<String>,
    pub display: Option<String>,
}

#[derive(Deserialize, Serialize, ToSchema, Debug, Clone, Default)]
#[schema(as = fhir::CodeableConcept)]
pub struct CodeableConcept {
    #[serde(default)]
    pub coding: Vec<Coding>,
    pub text: Option<String>,
}

#[derive(Deserialize, Serialize, ToSchema, Debug, Clone, Default)]
#[schema(as = fhir::Identifier)]
pub struct Identifier {
    pub system: Option<String>,
    pub value: Option<String>,
}

#[derive(Deserialize, Serialize, ToSchema, Debug, Clone, Default)]
#[schema(as = fhir::Reference)]
pub struct Reference {
    /// A literal reference: `HealthcareService/{id}`, `Organization/{id}`, or `#id` of a contained
    /// resource.
    pub reference: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub identifier: Option<Identifier>,
    pub display: Option<String>,
}

#[derive(Deserialize, Serialize, ToSchema, Debug, Clone, Default)]
#[schema(as = fhir::Annotation)]
pub struct Annotation {
    pub text: String,
}

#[derive(Deserialize, Serialize, ToSchema, Debug, Clone, Default)]
#[serde(rename_all = "camelCase")]
#[schema(as = fhir::Extension)]
pub struct Extension {
    pub url: String,
    pub value_boolean: Option<bool>,
    pub value_coding: Option<Coding>,
    pub value_code: Option<String>,
    pub value_string: Option<String>,
}

/// A FHIR R4 resource in JSON; `resourceType` names which (https://hl7.org/fhir/R4/).
#[derive(ToSchema)]
#[schema(as = fhir::Resource)]
#[allow(dead_code)]
pub struct FhirResource {
    #[schema(rename = "resourceType", example = "Task")]
    resource_type: String,
    id: Option<String>,
}

/// A FHIR R4 OperationOutcome: what went wrong (or, on success, what to know), issue by issue.
#[derive(ToSchema)]
#[schema(as = fhir::OperationOutcome, example = json!({
    "resourceType": "OperationOutcome",
    "issue": [{"severity": "error", "code": "invalid", "details": {"text": "the home municipality is missing"},
               "diagnostics": "/problems/validation", "expression": ["Patient.extension('municipality-code')"]}]
}))]
#[allow(dead_code)]
pub struct OperationOutcome {
    #[schema(rename = "resourceType", pattern = "^OperationOutcome$")]
    resource_type: String,
    issue: Vec<OutcomeIssue>,
}

/// How bad an issue is (FHIR `IssueSeverity`).
#[derive(serde::Serialize, ToSchema)]
#[schema(as = fhir::IssueSeverity)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum IssueSeverity {
    Fatal,
    Error,
    Warning,
    Information,
}

#[derive(ToSchema)]
#[schema(as = fhir::OperationOutcomeIssue)]
#[allow(dead_code)]
pub struct OutcomeIssue {
    #[schema(value_type = IssueSeverity)]
    severity: String,
    /// The FHIR issue type (invalid, forbidden, not-found, conflict, business-rule, ...).
    code: String,
    details: Option<CodeableConcept>,
    diagnostics: Option<String>,
    expression: Option<Vec<String>>,
}

// ------------------------------------------------------------------------------------------------
// Problems as OperationOutcome

/// The FHIR issue type of a problem: a safety rule (an emergency, the red-flag questions) is a
/// business rule; a status the loop does not allow from here, or a stale version, a conflict.
fn issue_code(problem: &Problem) -> &'static str {
    let safety = problem.kind.contains("safety-screen")
        || problem.context.as_ref().is_some_and(|c| c.get("emergency").is_some());
    match problem.status {
        401 => "login",
        403 => "forbidden",
        404 => "not-found",
        405 | 415 => "not-supported",
        409 if safety => "business-rule",
        409 | 412 => "conflict",
        413 => "too-costly",
        428 => "required",
        429 => "throttled",
        503 => "transient",
        s if s >= 500 => "exception",
        _ => "invalid",
    }
}

/// A problem as an OperationOutcome: one issue for the whole, or one per field that is wrong.
pub fn outcome_of(problem: &Problem) -> Value {
    let severity = if problem.status >= 500 { "fatal" } else { "error" };
    let code = issue_code(problem);
    let issues: Vec<Value> = if problem.errors.is_empty() {
        vec![json!({
            "severity": severity, "code": code,
            "details": {"text": problem.detail}, "diagnostics": problem.kind,
        })]
    } else {
        problem
            .errors
            .iter()
            .map(|e| {
                json!({
                    "severity": severity, "code": code,
                    "details": {"text": e.message}, "diagnostics": problem.kind,
                    "expression": [e.field],
                })
            })
            .collect()
    };
    json!({"resourceType": "OperationOutcome", "issue": issues})
}

/// An OperationOutcome of issues of one severity (warnings, information).
pub fn notes(severity: &str, code: &str, texts: &[String]) -> Value {
    let issues: Vec<Value> =
        texts.iter().map(|t| json!({"severity": severity, "code": code, "details": {"text": t}})).collect();
    json!({"resourceType": "OperationOutcome", "issue": issues})
}

/// The middleware: under `/fhir`, every problem+json answer becomes an OperationOutcome of the
/// same status and headers (`application/fhir+json`).
pub async fn outcomes(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    let fhir = req.path() == "/fhir" || req.path().starts_with("/fhir/");
    let res = next.call(req).await?;
    let is_problem =
        res.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if !fhir || !is_problem {
        return Ok(res.map_into_left_body());
    }
    let (request, response) = res.into_parts();
    let (head, body) = response.into_parts();
    let bytes = actix_web::body::to_bytes(body).await.unwrap_or_default();
    let outcome = match serde_json::from_slice::<Problem>(&bytes) {
        Ok(problem) => outcome_of(&problem),
        Err(_) => json!({"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "exception"}]}),
    };
    let mut converted = HttpResponse::build(head.status()).json(outcome);
    for (name, value) in head.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            converted.headers_mut().append(name.clone(), value.clone());
        }
    }
    converted.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(FHIR_JSON));
    Ok(ServiceResponse::new(request, converted).map_into_right_body())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::errors::{AppError, FieldError};

    #[test]
    fn a_problem_keeps_its_words_and_fields() {
        let problem = AppError::Validation(vec![
            FieldError::new("Patient.birthDate", "give the birth date"),
            FieldError::new("ServiceRequest.note", "say what is wrong"),
        ])
        .to_problem();
        let outcome = outcome_of(&problem);
        assert_eq!(outcome["issue"].as_array().map(Vec::len), Some(2));
        assert_eq!(outcome["issue"][0]["expression"][0], "Patient.birthDate");
        assert_eq!(outcome["issue"][1]["details"]["text"], "say what is wrong");
        let missing = AppError::NotFound("there is no referral x".into()).to_problem();
        assert_eq!(outcome_of(&missing)["issue"][0]["code"], "not-found");
    }
}
