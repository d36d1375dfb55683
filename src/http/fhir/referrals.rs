//! The referral as FHIR: `POST /fhir/ServiceRequest` records one as `POST /v1/referrals` does;
//! its Task (the same id) follows it through the closed loop, and `PUT /fhir/Task/{id}` moves it.

use std::collections::BTreeMap;

use actix_web::http::{header, StatusCode};
use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::*;
use crate::domain::lang::Lang;
use crate::domain::referral::Status;
use crate::domain::screen;
use crate::http::errors::{AppError, FieldError};
use crate::http::extract::{roles, Caller, IfMatch, IfMatchHeader};
use crate::http::json::JsonBody;
use crate::http::navigation::ClientInput;
use crate::http::referrals::{
    self as rest, ReferralDto, ReferralRequest, SafetyScreenAnswers, Slice, StatusChange, UrgencyAssessed,
};
use crate::http::state::AppState;

/// `resourceType` of a ServiceRequest.
#[derive(Deserialize, Serialize, ToSchema, Debug, Clone, Copy)]
#[schema(as = fhir::ServiceRequestType)]
pub enum ServiceRequestType {
    ServiceRequest,
}

/// A new referral is `active`.
#[derive(Deserialize, Serialize, ToSchema, Debug, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
#[schema(as = fhir::ServiceRequestStatus)]
pub enum RequestStatus {
    Active,
}

/// A referral is an `order`.
#[derive(Deserialize, Serialize, ToSchema, Debug, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
#[schema(as = fhir::ServiceRequestIntent)]
pub enum RequestIntent {
    Order,
}

/// routine (non-urgent, the default), urgent or asap (both urgent). `stat` is refused: an
/// emergency is a call to 112, not a referral.
#[derive(Deserialize, Serialize, ToSchema, Debug, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
#[schema(as = fhir::RequestPriority)]
pub enum RequestPriority {
    Routine,
    Urgent,
    Asap,
    Stat,
}

/// A referral from a patient system, as a FHIR R4 ServiceRequest.
///
/// - `subject`: the client: `identifier` (the identity code, system `urn:oid:1.2.246.21`, or the
///   patient system's own identifier) or `reference` `#id` to a contained Patient that has it.
/// - The contained Patient: `birthDate` (or the identity code's), the home municipality
///   (extension `municipality-code` of the HL7 Finland base profiles, `valueCoding.code`) and the
///   language served in (`communication.language`, fi, sv or en).
/// - What the client says: `note.text` and `reasonCode.text`; need codes: codings of
///   `https://luotsi.fi/fhir/CodeSystem/needs` in `code`, `reasonCode` or `category`.
/// - `performer`: chosen services (`HealthcareService/{id}`); the best of each need when missing.
/// - `supportingInfo`: `#id` of a contained QuestionnaireResponse answering
///   `https://luotsi.fi/fhir/Questionnaire/red-flags` (each item `yes`, `no` or `unknown`).
/// - `requester`: a Practitioner or PractitionerRole (with a `display` or `identifier`) who has
///   assessed the urgency: satisfies the safety screen, at `authoredOn`.
/// - Extensions of `https://luotsi.fi/fhir/StructureDefinition/`: `consent` (sharing between
///   social and health care, default false), `disclosure-prohibited` (default false) and
///   `emergency-handled` (an emergency was handled and the referral is still to be recorded).
#[derive(Deserialize, Validate, ToSchema, Debug)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schema(as = fhir::ServiceRequestIn, example = json!({
    "resourceType": "ServiceRequest",
    "contained": [{
        "resourceType": "Patient", "id": "client",
        "identifier": [{"system": "urn:oid:1.2.246.21", "value": "131052-308T"}],
        "extension": [{"url": "https://hl7.fi/fhir/finnish-base-profiles/StructureDefinition/municipality-code",
                       "valueCoding": {"system": "urn:oid:1.2.246.537.6.21", "code": "743"}}],
        "communication": [{"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "fi"}]}}]
    }],
    "extension": [{"url": "https://luotsi.fi/fhir/StructureDefinition/consent", "valueBoolean": true}],
    "status": "active", "intent": "order", "priority": "routine",
    "subject": {"reference": "#client"},
    "note": [{"text": "Mieliala on ollut kuukausia maassa, mikään ei kiinnosta. Itsetuhoisia ajatuksia ei ole."}]
}))]
pub struct ServiceRequestIn {
    pub resource_type: ServiceRequestType,
    /// Ignored: the server names the referral.
    pub id: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub meta: Option<Value>,
    #[schema(value_type = Option<Object>)]
    pub text: Option<Value>,
    /// The client (Patient) and the red-flag answers (QuestionnaireResponse); nothing else.
    #[serde(default)]
    #[schema(value_type = Vec<Object>, max_items = 5)]
    #[validate(length(max = 5))]
    pub contained: Vec<Value>,
    #[serde(default)]
    #[schema(max_items = 20)]
    #[validate(length(max = 20))]
    pub extension: Vec<Extension>,
    /// The sender's identifier of the request; with `If-None-Exist: identifier=system|value` a
    /// conditional create.
    #[serde(default)]
    #[schema(max_items = 5)]
    #[validate(length(max = 5))]
    pub identifier: Vec<Identifier>,
    pub status: RequestStatus,
    pub intent: RequestIntent,
    #[serde(default)]
    #[schema(max_items = 20)]
    #[validate(length(max = 20))]
    pub category: Vec<CodeableConcept>,
    pub priority: Option<RequestPriority>,
    pub code: Option<CodeableConcept>,
    #[serde(default)]
    #[schema(max_items = 50)]
    #[validate(length(max = 50))]
    pub reason_code: Vec<CodeableConcept>,
    pub subject: Reference,
    /// When the request was written (RFC 3339): the time of a practitioner's assessment.
    pub authored_on: Option<String>,
    pub requester: Option<Reference>,
    #[serde(default)]
    #[schema(max_items = 20)]
    #[validate(length(max = 20))]
    pub performer: Vec<Reference>,
    #[serde(default)]
    #[schema(max_items = 20)]
    #[validate(length(max = 20))]
    pub note: Vec<Annotation>,
    #[serde(default)]
    #[schema(max_items = 5)]
    #[validate(length(max = 5))]
    pub supporting_info: Vec<Reference>,
}

/// The parts of a contained Patient that Luotsi reads.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct PatientIn {
    id: Option<String>,
    #[serde(default)]
    identifier: Vec<Identifier>,
    birth_date: Option<String>,
    #[serde(default)]
    extension: Vec<Extension>,
    #[serde(default)]
    communication: Vec<Communication>,
}

#[derive(Deserialize, Default)]
struct Communication {
    language: CodeableConcept,
    preferred: Option<bool>,
}

#[derive(Deserialize, Default)]
struct QuestionnaireResponseIn {
    id: Option<String>,
    questionnaire: Option<String>,
    #[serde(default)]
    item: Vec<ResponseItem>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ResponseItem {
    link_id: String,
    #[serde(default)]
    answer: Vec<ResponseAnswer>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ResponseAnswer {
    value_coding: Option<Coding>,
    value_boolean: Option<bool>,
    value_string: Option<String>,
}

/// A ServiceRequest in the terms of `POST /v1/referrals`; each problem names its FHIR element.
fn translate(sr: ServiceRequestIn) -> Result<ReferralRequest, AppError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let mut patients: Vec<(String, PatientIn)> = Vec::new();
    let mut responses: Vec<(String, QuestionnaireResponseIn)> = Vec::new();
    for (i, resource) in sr.contained.iter().enumerate() {
        let at = format!("ServiceRequest.contained[{i}]");
        match resource.get("resourceType").and_then(Value::as_str) {
            Some("Patient") => match serde_json::from_value::<PatientIn>(resource.clone()) {
                Ok(p) => patients.push((p.id.clone().unwrap_or_default(), p)),
                Err(e) => errors.push(FieldError::new(at, format!("is not a Patient Luotsi can read: {e}"))),
            },
            Some("QuestionnaireResponse") => {
                match serde_json::from_value::<QuestionnaireResponseIn>(resource.clone()) {
                    Ok(r) => responses.push((r.id.clone().unwrap_or_default(), r)),
                    Err(e) => {
                        errors.push(FieldError::new(at, format!("is not a QuestionnaireResponse Luotsi can read: {e}")))
                    }
                }
            }
            _ => errors.push(FieldError::new(at, "Luotsi reads only a contained Patient and QuestionnaireResponse")),
        }
    }
    let local = |r: &Reference| r.reference.as_deref().and_then(|r| r.strip_prefix('#')).map(str::to_owned);

    // The client: who, where, which language, how old.
    let patient = match local(&sr.subject) {
        Some(id) => {
            let found = patients.iter().position(|(pid, _)| *pid == id);
            if found.is_none() {
                errors.push(FieldError::new(
                    "ServiceRequest.subject.reference",
                    format!("#{id} names no contained Patient"),
                ));
            }
            found.map(|i| patients.swap_remove(i).1)
        }
        None if sr.subject.reference.is_some() => {
            errors.push(FieldError::new(
                "ServiceRequest.subject.reference",
                "Luotsi keeps no Patient resources: give subject.identifier, or #id of a contained Patient",
            ));
            None
        }
        None => None,
    };
    let patient = patient.unwrap_or_default();
    let identifiers: Vec<&Identifier> = sr.subject.identifier.iter().chain(patient.identifier.iter()).collect();
    let hetu = identifiers.iter().find(|i| i.system.as_deref() == Some(HETU_SYSTEM)).and_then(|i| i.value.clone());
    let patient_ref = identifiers
        .iter()
        .find(|i| i.system.as_deref() != Some(HETU_SYSTEM))
        .and_then(|i| i.value.clone())
        .filter(|_| hetu.is_none());
    if hetu.is_none() && patient_ref.is_none() {
        errors.push(FieldError::new(
            "ServiceRequest.subject.identifier",
            format!("identify the client: the identity code (system {HETU_SYSTEM}) or the patient system's identifier"),
        ));
    }
    let municipality = patient
        .extension
        .iter()
        .find(|e| e.url == MUNICIPALITY_EXT)
        .and_then(|e| e.value_coding.as_ref().and_then(|c| c.code.clone()).or_else(|| e.value_code.clone()));
    if municipality.is_none() {
        errors.push(FieldError::new(
            "Patient.extension('municipality-code')",
            format!(
                "give the client's home municipality: a contained Patient (subject.reference #id) with the extension {MUNICIPALITY_EXT}, valueCoding.code the municipality code"
            ),
        ));
    }
    let birth_date = match patient.birth_date.as_deref() {
        Some(raw) => match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                errors.push(FieldError::new("Patient.birthDate", format!("{raw:?} is not a whole date (YYYY-MM-DD)")));
                None
            }
        },
        None => hetu.as_deref().and_then(|h| crate::domain::hetu::Hetu::parse(h).ok()).and_then(|h| h.birth_date()),
    };
    let preferred = patient.communication.iter().find(|c| c.preferred == Some(true)).or(patient.communication.first());
    let language = preferred
        .and_then(|c| c.language.coding.iter().find_map(|x| x.code.clone()).or_else(|| c.language.text.clone()));

    // What the client says, and the need codes.
    let needs = needs_system();
    let mut need_codes: Vec<String> = Vec::new();
    for concept in sr.code.iter().chain(sr.reason_code.iter()).chain(sr.category.iter()) {
        for coding in &concept.coding {
            if coding.system.as_deref() == Some(needs.as_str()) {
                match &coding.code {
                    Some(code) if !need_codes.contains(code) => need_codes.push(code.clone()),
                    Some(_) => {}
                    None => {
                        errors.push(FieldError::new("ServiceRequest.reasonCode.coding", "a need coding needs its code"))
                    }
                }
            }
        }
    }
    let mut words: Vec<&str> = Vec::new();
    for text in sr.note.iter().map(|n| n.text.as_str()).chain(sr.reason_code.iter().filter_map(|c| c.text.as_deref())) {
        if !text.trim().is_empty() && !words.contains(&text) {
            words.push(text);
        }
    }
    let description = words.join("\n");

    let urgency = match sr.priority {
        None | Some(RequestPriority::Routine) => None,
        Some(RequestPriority::Urgent | RequestPriority::Asap) => Some("urgent".to_owned()),
        Some(RequestPriority::Stat) => {
            errors.push(FieldError::new(
                "ServiceRequest.priority",
                "stat is an emergency: call 112 (or 116117 for on-call advice), not a referral; send urgent for a referral that cannot wait",
            ));
            None
        }
    };
    let mut service_ids = Vec::new();
    for (i, p) in sr.performer.iter().enumerate() {
        match p.reference.as_deref().and_then(|r| r.strip_prefix("HealthcareService/")) {
            Some(id) if !id.is_empty() => service_ids.push(id.to_owned()),
            _ => errors.push(FieldError::new(
                format!("ServiceRequest.performer[{i}]"),
                "name a service as HealthcareService/{id} (GET /fhir/HealthcareService lists them)",
            )),
        }
    }

    // The red-flag answers.
    let mut safety_screen = None;
    for (i, info) in sr.supporting_info.iter().enumerate() {
        let at = format!("ServiceRequest.supportingInfo[{i}]");
        let Some(id) = local(info) else {
            errors.push(FieldError::new(at, "name a contained QuestionnaireResponse as #id"));
            continue;
        };
        let Some(found) = responses.iter().position(|(rid, _)| *rid == id) else {
            errors.push(FieldError::new(at, format!("#{id} names no contained QuestionnaireResponse")));
            continue;
        };
        let (_, response) = responses.swap_remove(found);
        match screen_answers(&response) {
            Ok(answers) => safety_screen = Some(answers),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !responses.is_empty() {
        errors.push(FieldError::new(
            "ServiceRequest.supportingInfo",
            "a contained QuestionnaireResponse must be named in supportingInfo",
        ));
    }

    // A practitioner's own urgency assessment.
    let mut urgency_assessed = None;
    if let Some(requester) = &sr.requester {
        let practitioner = requester
            .reference
            .as_deref()
            .is_some_and(|r| r.starts_with("Practitioner/") || r.starts_with("PractitionerRole/"))
            || matches!(requester.kind.as_deref(), Some("Practitioner" | "PractitionerRole"));
        if practitioner {
            let by = requester
                .display
                .clone()
                .or_else(|| requester.identifier.as_ref().and_then(|i| i.value.clone()))
                .or_else(|| requester.reference.clone())
                .unwrap_or_default();
            let at = match sr.authored_on.as_deref() {
                None => Some(Utc::now()),
                Some(raw) => match DateTime::parse_from_rfc3339(raw) {
                    Ok(t) => Some(t.with_timezone(&Utc)),
                    Err(_) => {
                        errors.push(FieldError::new(
                            "ServiceRequest.authoredOn",
                            format!("{raw:?} is not an instant (RFC 3339, with its offset)"),
                        ));
                        None
                    }
                },
            };
            if let Some(at) = at {
                urgency_assessed = Some(UrgencyAssessed { by, at });
            }
        }
    }
    let flag = |name: &str| {
        let url = extension_url(name);
        sr.extension.iter().find(|e| e.url == url).and_then(|e| e.value_boolean).unwrap_or(false)
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    Ok(ReferralRequest {
        description,
        language: None,
        client: ClientInput {
            age: None,
            birth_date,
            municipality: municipality.unwrap_or_default(),
            language,
            digital_ability: None,
            client_ref: patient_ref.clone(),
        },
        need_codes,
        at: None,
        hetu,
        patient_ref,
        channel: "integration".into(),
        consent: flag("consent"),
        disclosure_prohibited: flag("disclosure-prohibited"),
        urgency,
        service_ids,
        emergency_handled: flag("emergency-handled"),
        safety_screen,
        triage_pending: false,
        urgency_assessed,
    })
}

/// The red-flag answers of a QuestionnaireResponse: `yes`, `no` or `unknown` codings (or true
/// and false) by question `linkId`.
fn screen_answers(response: &QuestionnaireResponseIn) -> Result<SafetyScreenAnswers, Vec<FieldError>> {
    let mut errors = Vec::new();
    let current = screen::shipped().id.clone();
    let screen_id = match response.questionnaire.as_deref().map(|q| q.split_once('|').unwrap_or((q, ""))) {
        Some((url, version)) if url == questionnaire_url() => {
            if version.is_empty() {
                current
            } else {
                version.to_owned()
            }
        }
        _ => {
            errors.push(FieldError::new(
                "QuestionnaireResponse.questionnaire",
                format!("answer {} (GET /fhir/Questionnaire/red-flags)", questionnaire_url()),
            ));
            current
        }
    };
    let mut answers = BTreeMap::new();
    for item in &response.item {
        let value = item.answer.first().and_then(|a| {
            a.value_coding
                .as_ref()
                .and_then(|c| c.code.clone())
                .or_else(|| a.value_boolean.map(|b| if b { "yes" } else { "no" }.to_owned()))
                .or_else(|| a.value_string.clone())
        });
        match value {
            Some(v) => {
                answers.insert(item.link_id.clone(), v);
            }
            None => errors.push(FieldError::new(
                format!("QuestionnaireResponse.item('{}')", item.link_id),
                "has no answer: yes, no or unknown",
            )),
        }
    }
    if errors.is_empty() {
        Ok(SafetyScreenAnswers { screen_id, answers })
    } else {
        Err(errors)
    }
}

/// The FHIR element of a field that `POST /v1/referrals` or a status change names.
fn element(field: &str) -> String {
    let mapped = match field {
        "hetu" | "patient_ref" | "client.client_ref" => "ServiceRequest.subject.identifier",
        "client.municipality" => "Patient.extension('municipality-code')",
        "client.age" | "client.birth_date" => "Patient.birthDate",
        "client.language" | "language" => "Patient.communication.language",
        "description" => "ServiceRequest.note.text",
        "urgency" => "ServiceRequest.priority",
        "urgency_assessed.by" => "ServiceRequest.requester",
        "urgency_assessed.at" => "ServiceRequest.authoredOn",
        "safety_screen.screen_id" => "QuestionnaireResponse.questionnaire",
        "safety_screen" | "safety_screen.answers" => "QuestionnaireResponse.item",
        "Idempotency-Key" => "Idempotency-Key",
        // A Task update's (`POST /v1/referrals/{id}/status` fields).
        "reason" => "Task.statusReason.text",
        "team_id" => "Task.owner",
        "status" => "Task.status",
        other if other.starts_with("need_codes") => "ServiceRequest.reasonCode.coding",
        other if other.starts_with("service_ids") => {
            return other.replace("service_ids", "ServiceRequest.performer");
        }
        other if other.starts_with("safety_screen.answers.") => {
            return format!("QuestionnaireResponse.item('{}')", &other["safety_screen.answers.".len()..]);
        }
        other => other,
    };
    mapped.to_owned()
}

fn in_fhir_terms(e: AppError) -> AppError {
    match e {
        AppError::Validation(errors) => {
            let mut errors: Vec<FieldError> =
                errors.into_iter().map(|f| FieldError::new(element(&f.field), f.message)).collect();
            // An identity code that is not one gives no birth date either: its own error says it.
            if errors.iter().any(|f| f.field == "ServiceRequest.subject.identifier") {
                errors.retain(|f| f.field != "Patient.birthDate" || !f.message.contains("age or birth_date"));
            }
            AppError::Validation(errors)
        }
        other => other,
    }
}

/// The idempotency key of a create: `If-None-Exist: identifier=system|value` (a conditional
/// create), else the `Idempotency-Key` header (checked either way).
fn create_key(req: &HttpRequest) -> Result<Option<String>, AppError> {
    let idempotency_key = rest::idempotency_key(req)?;
    let Some(raw) = req.headers().get("If-None-Exist") else { return Ok(idempotency_key) };
    if !(12..=211).contains(&raw.len()) {
        return Err(AppError::BadRequest("If-None-Exist must be 12-211 characters: identifier=system|value".into()));
    }
    let identifier = raw
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("identifier="))
        .filter(|v| !v.trim().is_empty() && !v.contains('&') && v.bytes().all(|b| (b' '..=b'~').contains(&b)));
    match identifier {
        Some(identifier) => Ok(Some(format!("fhir-identifier:{identifier}"))),
        None => Err(AppError::validation(
            "If-None-Exist",
            "Luotsi takes one conditional-create parameter: identifier=system|value (the request's identifier, printable ASCII)",
        )),
    }
}

// ------------------------------------------------------------------------------------------------
// Referral to resources

fn fhir_status(s: Status) -> &'static str {
    match s {
        Status::TriagePending => "received",
        Status::Requested | Status::Redirected => "requested",
        Status::Accepted => "accepted",
        Status::Rejected => "rejected",
        Status::InProgress => "in-progress",
        Status::Completed => "completed",
        Status::Cancelled => "cancelled",
    }
}

fn request_status(s: Status) -> &'static str {
    match s {
        Status::Completed => "completed",
        Status::Rejected | Status::Cancelled => "revoked",
        _ => "active",
    }
}

fn subject(dto: &ReferralDto) -> Value {
    match &dto.client {
        Some(c) => match (&c.hetu, &c.patient_ref) {
            (Some(h), _) => json!({"identifier": {"system": HETU_SYSTEM, "value": h}}),
            (None, Some(r)) => json!({"identifier": {"value": r}}),
            (None, None) => json!({"display": "client"}),
        },
        None => json!({"display": "not shown: a disclosure prohibition, or no consent to share"}),
    }
}

fn meta(dto: &ReferralDto) -> Value {
    json!({"versionId": dto.version.to_string(), "lastUpdated": dto.updated_at.to_rfc3339()})
}

fn priority(dto: &ReferralDto) -> &'static str {
    match dto.urgency {
        crate::domain::referral::Urgency::Urgent => "urgent",
        crate::domain::referral::Urgency::NonUrgent => "routine",
    }
}

/// The referral as a ServiceRequest: needs as `reasonCode`, services as `performer`, the
/// client's words as `note`, the red-flag answers as a contained QuestionnaireResponse.
pub fn service_request(dto: &ReferralDto) -> Value {
    let system = needs_system();
    let mut sr = json!({
        "resourceType": "ServiceRequest",
        "id": dto.id,
        "meta": meta(dto),
        "status": request_status(dto.status),
        "intent": "order",
        "priority": priority(dto),
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "3457005", "display": "Patient referral"}],
                 "text": "Palveluohjaus (service navigation referral)"},
        "subject": subject(dto),
        "authoredOn": dto.created_at.to_rfc3339(),
        "requester": {"display": dto.created_by},
        "occurrencePeriod": {"start": dto.created_at.to_rfc3339(), "end": dto.due_at.to_rfc3339()},
    });
    if !dto.needs.is_empty() {
        sr["reasonCode"] = dto
            .needs
            .iter()
            .map(|n| json!({"coding": [{"system": system, "code": n.code, "display": n.label}], "text": n.label}))
            .collect();
    }
    if !dto.services.is_empty() {
        sr["performer"] = dto
            .services
            .iter()
            .map(|s| json!({"reference": format!("HealthcareService/{}", s.service_id), "display": s.name}))
            .collect();
    }
    if let Some(d) = dto.description.as_deref().filter(|d| !d.is_empty()) {
        sr["note"] = json!([{"text": d}]);
    }
    if let Some(screen) = dto.safety_screen.as_ref().filter(|s| !s.answers.is_empty()) {
        let items: Vec<Value> = screen
            .answers
            .iter()
            .map(|(q, a)| json!({"linkId": q, "answer": [{"valueCoding": {"system": answer_system(), "code": a}}]}))
            .collect();
        sr["contained"] = json!([{
            "resourceType": "QuestionnaireResponse", "id": "red-flags",
            "questionnaire": format!("{}|{}", questionnaire_url(), screen.screen_id),
            "status": "completed", "authored": screen.asked_at.to_rfc3339(), "item": items,
        }]);
        sr["supportingInfo"] = json!([{"reference": "#red-flags"}]);
    }
    sr
}

pub fn answer_system() -> String {
    format!("{CANONICAL}/CodeSystem/red-flag-answer")
}

/// The referral's Task: `owner` the lead team, `status` the referral's, the due date as
/// `restriction.period.end`, the last status reason as `statusReason`.
pub fn task(dto: &ReferralDto) -> Value {
    let mut task = json!({
        "resourceType": "Task",
        "id": dto.id,
        "meta": meta(dto),
        "status": fhir_status(dto.status),
        "businessStatus": {"coding": [{"system": format!("{CANONICAL}/CodeSystem/referral-status"), "code": dto.status.as_str()}],
                           "text": dto.status.as_str()},
        "intent": "order",
        "priority": priority(dto),
        "code": {"coding": [{"system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "fulfill"}]},
        "focus": {"reference": format!("ServiceRequest/{}", dto.id)},
        "for": subject(dto),
        "authoredOn": dto.created_at.to_rfc3339(),
        "lastModified": dto.updated_at.to_rfc3339(),
        "requester": {"display": dto.created_by},
        "restriction": {"period": {"end": dto.due_at.to_rfc3339()}},
    });
    if let Some(team) = &dto.lead_team_id {
        task["owner"] = json!({"reference": format!("Organization/{team}"), "display": dto.lead_team_name});
    }
    let reason = dto.events.iter().flatten().rev().find(|e| e.kind == "status").and_then(|e| e.reason.clone());
    if let Some(reason) = reason {
        task["statusReason"] = json!({"text": reason});
    }
    task
}

fn versioned(status: StatusCode, version: i64, body: &Value) -> HttpResponse {
    let mut response = resource(status, body);
    if let Ok(v) = header::HeaderValue::from_str(&weak_etag(version)) {
        response.headers_mut().insert(header::ETAG, v);
    }
    response
}

// ------------------------------------------------------------------------------------------------
// Handlers

/// Records a referral from a patient system (roles `integration`, `call_centre`): the same
/// navigation, safety rules, joining and audit as `POST /v1/referrals`. The answer is a
/// `collection` Bundle: the ServiceRequest, its Task and, when there is something to know, an
/// OperationOutcome (the red-flag questions still to be asked of a triage-pending referral, or
/// that the needs joined the client's open referral). An emergency found in the text (or a
/// red-flag answer `yes` or `unknown`) is 409 with the instructions, nothing recorded; the
/// extension `emergency-handled` records it anyway. A screen-only case from a patient system is
/// recorded as triage pending (Task `received`), led by the nurse reception of the client's area.
/// `If-None-Exist: identifier=system|value` or `Idempotency-Key` makes a retry return the first
/// answer (200); the same key with another body is 422.
#[utoipa::path(
    tag = "fhir",
    request_body(content = ServiceRequestIn, content_type = "application/fhir+json"),
    params(
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 200, pattern = r"^[!-~]([ -~]*[!-~])?$",
            description = "Makes retries safe: the same key and body return the original referral"),
        ("If-None-Exist" = Option<String>, Header, min_length = 12, max_length = 211,
            description = "A conditional create: `identifier=system|value` (printable ASCII); a request with the same identifier returns the first referral. Another search is 422"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Recorded: a `collection` Bundle of the ServiceRequest, its Task and any OperationOutcome",
            body = FhirResource, content_type = "application/fhir+json", headers(("ETag" = String), ("Location" = String))),
        (status = 200, description = "The needs joined the client's open referral, or a replay of the same request",
            body = FhirResource, content_type = "application/fhir+json", headers(("ETag" = String), ("Location" = String))),
        (status = 409, description = "Nothing was recorded: an emergency (found in the text, or a red-flag answer yes or unknown): handle it first (112 or 116117), or, for call-centre staff, the red-flag questions are still to be asked",
            body = OperationOutcome, content_type = "application/fhir+json"),
        (status = 422, description = "An element is not valid: the client's identity, municipality, age or language, a need code, a service, the red-flag answers, or an Idempotency-Key used with another body; `expression` names it",
            body = OperationOutcome, content_type = "application/fhir+json"),
    )
)]
#[post("/fhir/ServiceRequest")]
pub async fn create_service_request(
    state: web::Data<AppState>,
    caller: Caller<roles::Staff>,
    req: HttpRequest,
    body: JsonBody<ServiceRequestIn>,
) -> Result<HttpResponse, AppError> {
    let key = create_key(&req)?;
    let request = translate(body.into_inner())?;
    let dto = rest::record_referral(&state, &caller.principal, &req, request, key).await.map_err(in_fhir_terms)?;
    let base = base_url(&req);
    let lang = dto.client.as_ref().map_or(Lang::Fi, |c| c.language);
    let mut told: Vec<String> = Vec::new();
    if let Some(pending) = dto.safety_screen.as_ref().filter(|s| !s.pending_questions.is_empty()) {
        let screen = screen::shipped();
        let questions: Vec<String> = pending
            .pending_questions
            .iter()
            .map(|q| screen.question(q).map_or_else(|| q.clone(), |x| format!("{q}: {}", x.text(lang))))
            .collect();
        told.push(format!(
            "recorded as triage pending: the nurse reception assesses the urgency today. Ask the client the red-flag questions now, and call 112 at any yes: {}",
            questions.join(" | ")
        ));
    }
    match dto.outcome {
        Some(rest::Outcome::Joined) => {
            told.push("the needs joined the client's open referral to the same services".into())
        }
        Some(rest::Outcome::Replayed) => told.push("a repeated request: this is the referral it first made".into()),
        _ => {}
    }
    let mut entries = vec![
        json!({"fullUrl": format!("{base}/ServiceRequest/{}", dto.id), "resource": service_request(&dto)}),
        json!({"fullUrl": format!("{base}/Task/{}", dto.id), "resource": task(&dto)}),
    ];
    if !told.is_empty() {
        let severity = if dto.status == Status::TriagePending { "warning" } else { "information" };
        entries.push(json!({"resource": notes(severity, "informational", &told)}));
    }
    let bundle = json!({
        "resourceType": "Bundle", "type": "collection",
        "timestamp": Utc::now().to_rfc3339(), "entry": entries,
    });
    let status = dto.outcome.map_or(StatusCode::OK, rest::Outcome::status);
    let mut response = versioned(status, dto.version, &bundle);
    if let Ok(v) = header::HeaderValue::from_str(&format!("{base}/ServiceRequest/{}/_history/{}", dto.id, dto.version))
    {
        response.headers_mut().insert(header::LOCATION, v);
    }
    Ok(response)
}

/// A referral as a ServiceRequest (staff, integrations and members of its teams; audited).
#[utoipa::path(
    tag = "fhir",
    params(("id" = String, Path, description = "The referral id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The ServiceRequest; the ETag is its version", body = FhirResource, content_type = "application/fhir+json", headers(("ETag" = String))),
        (status = 404, description = "No such referral (or not visible to this caller)", body = OperationOutcome, content_type = "application/fhir+json"),
    )
)]
#[get("/fhir/ServiceRequest/{id}")]
pub async fn read_service_request(
    state: web::Data<AppState>,
    caller: Caller<roles::ReferralReaders>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let dto = rest::read_referral(&state, &caller.principal, &req, id.into_inner()).await?;
    Ok(versioned(StatusCode::OK, dto.version, &service_request(&dto)))
}

/// A referral's Task (staff, integrations and members of its teams; audited).
#[utoipa::path(
    tag = "fhir",
    params(("id" = String, Path, description = "The referral id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The Task; the ETag is its version", body = FhirResource, content_type = "application/fhir+json", headers(("ETag" = String))),
        (status = 404, description = "No such referral (or not visible to this caller)", body = OperationOutcome, content_type = "application/fhir+json"),
    )
)]
#[get("/fhir/Task/{id}")]
pub async fn read_task(
    state: web::Data<AppState>,
    caller: Caller<roles::ReferralReaders>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let dto = rest::read_referral(&state, &caller.principal, &req, id.into_inner()).await?;
    Ok(versioned(StatusCode::OK, dto.version, &task(&dto)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskSearch {
    /// The team: `Organization/{id}` or the id (the caller must act for it).
    #[param(max_length = 120)]
    pub owner: Option<String>,
    /// Task statuses, comma-separated: received (triage pending), requested, accepted, rejected,
    /// in-progress, completed, cancelled (default: the open ones).
    #[param(max_length = 200)]
    pub status: Option<String>,
    /// `ServiceRequest/{id}` or the id: that referral's Task.
    #[param(max_length = 120)]
    pub focus: Option<String>,
    /// Tasks a page, 1-200 (default 20).
    #[param(rename = "_count", minimum = 1, maximum = 200)]
    #[serde(rename = "_count")]
    pub count: Option<u32>,
    /// Page number, from 1 (at most 1,000,000).
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
}

fn luotsi_statuses(raw: &str) -> Result<Vec<Status>, AppError> {
    let mut out = Vec::new();
    for code in raw.split(',').map(|s| s.trim_matches(' ')) {
        let found: &[Status] = match code {
            "received" => &[Status::TriagePending],
            "requested" => &[Status::Requested, Status::Redirected],
            "accepted" => &[Status::Accepted],
            "rejected" => &[Status::Rejected],
            "in-progress" => &[Status::InProgress],
            "completed" => &[Status::Completed],
            "cancelled" => &[Status::Cancelled],
            other => {
                return Err(AppError::validation(
                    "status",
                    format!("{other:?} is not a Task status Luotsi uses (received, requested, accepted, rejected, in-progress, completed, cancelled)"),
                ))
            }
        };
        out.extend_from_slice(found);
    }
    Ok(out)
}

/// A team's Tasks by due date (`owner`, the caller acting for the team), or one referral's
/// (`focus`), as a `searchset` Bundle with `self`, `next` and `previous` links. Each referral
/// listed is audited.
#[utoipa::path(
    tag = "fhir",
    params(TaskSearch),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A searchset Bundle of Tasks", body = FhirResource, content_type = "application/fhir+json"),
        (status = 404, description = "No such team", body = OperationOutcome, content_type = "application/fhir+json"),
        (status = 422, description = "Neither owner nor focus, or a status that is not one of the Task statuses Luotsi uses", body = OperationOutcome, content_type = "application/fhir+json"),
    )
)]
#[get("/fhir/Task")]
pub async fn search_tasks(
    state: web::Data<AppState>,
    caller: Caller<roles::ReferralReaders>,
    req: HttpRequest,
    query: web::Query<TaskSearch>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let (page, per_page) = paging(q.page, q.count)?;
    for (name, value, max) in [("owner", &q.owner, 120), ("focus", &q.focus, 120), ("status", &q.status, 200)] {
        if value.as_ref().is_some_and(|v| v.chars().count() > max) {
            return Err(AppError::validation(name, format!("at most {max} characters")));
        }
    }
    let statuses = q.status.as_deref().map(luotsi_statuses).transpose()?;
    let base = base_url(&req);
    let strip = |raw: &str, prefix: &str| raw.strip_prefix(prefix).unwrap_or(raw).to_owned();
    let (tasks, total) = match (&q.focus, &q.owner) {
        (Some(focus), _) => {
            let id = strip(focus, "ServiceRequest/");
            let dto = match rest::read_referral(&state, &caller.principal, &req, id).await {
                Ok(dto) => Some(dto),
                Err(AppError::NotFound(_)) => None,
                Err(e) => return Err(e),
            };
            let owner = q.owner.as_deref().map(|o| strip(o, "Organization/"));
            let kept: Vec<ReferralDto> = dto
                .into_iter()
                .filter(|d| owner.is_none() || d.lead_team_id == owner)
                .filter(|d| statuses.as_ref().is_none_or(|s| s.contains(&d.status)))
                .collect();
            let total = kept.len() as i64;
            let shown = if page == 1 { kept } else { Vec::new() };
            (shown, total)
        }
        (None, Some(owner)) => {
            let team = strip(owner, "Organization/");
            let statuses = statuses.unwrap_or_else(|| Status::ALL.into_iter().filter(|s| s.is_open()).collect());
            let slice = Slice { statuses, overdue: false, page, per_page };
            rest::team_referrals(&state, &caller.principal, &req, team, slice).await?
        }
        (None, None) => return Err(AppError::validation(
            "owner",
            "give owner (Organization/{team id}) for a team's Tasks, or focus (ServiceRequest/{id}) for one referral's",
        )),
    };
    let mut params: Vec<String> = Vec::new();
    for (name, value) in [("owner", &q.owner), ("status", &q.status), ("focus", &q.focus)] {
        if let Some(v) = value {
            params.push(format!("{name}={}", urlencode(v)));
        }
    }
    params.push(format!("_count={per_page}"));
    let link = |p: u32| format!("{base}/Task?{}&page={p}", params.join("&"));
    let entries: Vec<Value> = tasks
        .iter()
        .map(|dto| json!({"fullUrl": format!("{base}/Task/{}", dto.id), "resource": task(dto), "search": {"mode": "match"}}))
        .collect();
    let bundle = searchset(entries, total, page, per_page, link);
    Ok(resource(StatusCode::OK, &bundle))
}

fn urlencode(raw: &str) -> String {
    let mut out = String::new();
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/,".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `resourceType` of a Task.
#[derive(Deserialize, Serialize, ToSchema, Debug, Clone, Copy)]
#[schema(as = fhir::TaskType)]
pub enum TaskType {
    Task,
}

/// The Task statuses a team can set: `requested` (only from `received`: the urgency was
/// assessed), `accepted`, `rejected`, `in-progress`, `completed`, `cancelled`.
#[derive(Deserialize, Serialize, ToSchema, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
#[schema(as = fhir::TaskStatus)]
pub enum TaskStatus {
    Received,
    Requested,
    Accepted,
    Rejected,
    InProgress,
    Completed,
    Cancelled,
}

/// A Task as the team sends it back: Luotsi reads `status`, `owner` (another team redirects
/// the referral) and `statusReason.text` (required to reject, cancel or redirect); the other
/// elements of the Task as read may be sent and are ignored.
#[derive(Deserialize, Validate, ToSchema, Debug)]
#[serde(rename_all = "camelCase")]
#[schema(as = fhir::TaskIn, example = json!({
    "resourceType": "Task", "id": "2b7d0c1e-9a4f-4c55-8f55-0e3f4f0a9c11", "status": "accepted", "intent": "order",
    "focus": {"reference": "ServiceRequest/2b7d0c1e-9a4f-4c55-8f55-0e3f4f0a9c11"},
    "owner": {"reference": "Organization/f9430aec-5766-5fe2-bdbf-ed7858e70bb5"}
}))]
pub struct TaskIn {
    pub resource_type: TaskType,
    /// The id of the path.
    pub id: String,
    pub status: TaskStatus,
    /// The team that owns the Task: another team redirects the referral to it.
    pub owner: Option<Reference>,
    /// Why (up to 1,000 characters).
    pub status_reason: Option<CodeableConcept>,
}

/// Moves the referral in the closed loop (roles `team_member`, or `integration` with the team
/// in the token's `team_ids`; only the owning team; `If-Match: W/"version"`): the same change,
/// history and audit as `POST /v1/referrals/{id}/status`. Sending the status the Task has, with
/// the same owner, changes nothing.
#[utoipa::path(
    tag = "fhir",
    params(("id" = String, Path, description = "The referral id"), IfMatchHeader),
    request_body(content = TaskIn, content_type = "application/fhir+json"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The Task as it now is", body = FhirResource, content_type = "application/fhir+json", headers(("ETag" = String))),
        (status = 404, description = "No such referral", body = OperationOutcome, content_type = "application/fhir+json"),
        (status = 409, description = "The change is not allowed from this status", body = OperationOutcome, content_type = "application/fhir+json"),
        (status = 412, description = "The referral changed since it was read", body = OperationOutcome, content_type = "application/fhir+json"),
        (status = 428, description = "If-Match is missing", body = OperationOutcome, content_type = "application/fhir+json"),
        (status = 422, description = "The id is not the path's, a reason is missing where the status needs one, or the owner names no active team", body = OperationOutcome, content_type = "application/fhir+json"),
    )
)]
#[put("/fhir/Task/{id}")]
pub async fn update_task(
    state: web::Data<AppState>,
    caller: Caller<roles::TaskOwners>,
    req: HttpRequest,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<TaskIn>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let sent = body.into_inner();
    if uuid::Uuid::try_parse(&id).is_err() {
        return Err(rest::refuse_unknown_id(&state, &caller.principal, &req, "status_denied").await);
    }
    let expected = if_match.required()?;
    if sent.id != id {
        return Err(AppError::validation("Task.id", format!("is {:?}, not the id of the path", sent.id)));
    }
    let reason = sent.status_reason.as_ref().and_then(|r| r.text.clone());
    if reason.as_ref().is_some_and(|r| r.chars().count() > 1000) {
        return Err(AppError::validation("Task.statusReason.text", "at most 1,000 characters"));
    }
    let current = rest::read_referral(&state, &caller.principal, &req, id.clone()).await?;
    let owner = match sent.owner.as_ref().and_then(|o| o.reference.as_deref()) {
        Some(r) => match r.strip_prefix("Organization/") {
            Some(team) => Some(team.to_owned()),
            None => return Err(AppError::validation("Task.owner", "name the team as Organization/{id}")),
        },
        None => None,
    };
    let redirect = owner.as_ref().filter(|o| current.lead_team_id.as_ref() != Some(*o)).cloned();
    let to = match (redirect.is_some(), sent.status) {
        (true, _) => Status::Redirected,
        (false, TaskStatus::Received) if current.status == Status::TriagePending => Status::TriagePending,
        (false, TaskStatus::Received) => {
            return Err(AppError::validation("Task.status", "a Task is received only while its triage is pending"))
        }
        (false, TaskStatus::Requested) => Status::Requested,
        (false, TaskStatus::Accepted) => Status::Accepted,
        (false, TaskStatus::Rejected) => Status::Rejected,
        (false, TaskStatus::InProgress) => Status::InProgress,
        (false, TaskStatus::Completed) => Status::Completed,
        (false, TaskStatus::Cancelled) => Status::Cancelled,
    };
    // The Task as it is (a redirected referral's Task is `requested` too): nothing to change.
    if redirect.is_none() && fhir_status(to) == fhir_status(current.status) {
        if current.version != expected {
            return Err(AppError::PreconditionFailed(format!(
                "the Task is at version {}, not {expected}: read it again and reapply your change",
                current.version
            )));
        }
        return Ok(versioned(StatusCode::OK, current.version, &task(&current)));
    }
    let change = StatusChange { status: to.as_str().to_owned(), reason, team_id: redirect };
    let dto = rest::apply_status(&state, &caller.principal, &req, id, expected, change).await.map_err(in_fhir_terms)?;
    Ok(versioned(StatusCode::OK, dto.version, &task(&dto)))
}
