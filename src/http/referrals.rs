//! One-contact referrals: creation (navigation, routing and recording in one call), the closed
//! loop of status changes, the team's worklist, the client's referrals, statistics and the audit
//! log. Every read and write of a referral is audited.

use std::collections::{BTreeMap, HashMap};

use actix_web::http::header;
use actix_web::{get, post, web, HttpMessage, HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::catalogue::{paging, utc};
use super::errors::{AppError, FieldError, Problem};
use super::extract::{etag, roles, Caller, IfMatch};
use super::json::JsonBody;
use super::middleware::RequestId;
use super::navigation::{answer_dto, navigate, validate_request, ClientInput, NavigationAnswer, ValidQuestion};
use crate::app::{AppState, TeamLoad};
use crate::auth::{Principal, Role};
use crate::crypto::DataKeys;
use crate::domain::catalogue::Catalogue;
use crate::domain::emergency::EmergencyLevel;
use crate::domain::hetu::Hetu;
use crate::domain::lang::Lang;
use crate::domain::navigation::{eligible, Answer, NeedSource, RecognisedNeed, Segment, TeamContext};
use crate::domain::needs::{codes, NeedCode};
use crate::domain::referral::{
    check_transition, due_at, ContactChannel, RecordedNeed, Referral, Status, TransitionError, Urgency,
};
use crate::store::audit::{self as audit_repo, NewAuditEntry};
use crate::store::catalogue::now;
use crate::store::referrals::{self as repo, EventRow, IdempotencyRow, StoredReferral, WorklistQuery};
use crate::store::{self, DbConn};

// ------------------------------------------------------------------------------------------------
// DTOs

#[derive(Deserialize, Validate, ToSchema, Debug, Clone, Serialize)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "description": "Äiti 82 v unohtelee sovittuja asioita ja eksyi viime viikolla kaupasta kotiin. Lisäksi kaatuillu kotona pari kertaa.",
    "language": "fi",
    "client": {"age": 82, "municipality": "218", "language": "fi"},
    "hetu": "131052-308T",
    "channel": "phone",
    "consent": true
}))]
pub struct ReferralRequest {
    /// What the client says (as in navigation).
    #[serde(default)]
    pub description: String,
    pub language: Option<String>,
    #[validate(nested)]
    pub client: ClientInput,
    #[serde(default)]
    #[validate(length(max = 50))]
    pub need_codes: Vec<String>,
    /// The client's personal identity code (henkilötunnus). Give this or `patient_ref`.
    #[schema(example = "131052-308T")]
    pub hetu: Option<String>,
    /// The client's identifier in the patient system. Give this or `hetu`.
    #[validate(length(min = 1, max = 100))]
    pub patient_ref: Option<String>,
    /// How the client made contact: phone, chat, walk_in, integration.
    #[schema(example = "phone")]
    pub channel: String,
    /// Whether the client allows sharing between social and health care.
    pub consent: bool,
    /// A disclosure prohibition (luovutuskielto): other teams see only the outline.
    #[serde(default)]
    pub disclosure_prohibited: bool,
    /// non_urgent (default) or urgent.
    pub urgency: Option<String>,
    /// Services chosen by staff from a navigation answer; the best referral service of each need
    /// when missing.
    #[serde(default)]
    #[validate(length(max = 20))]
    pub service_ids: Vec<String>,
    /// Staff confirm that an emergency found in the description was handled (112 or 116117
    /// called) and the referral is still to be recorded.
    #[serde(default)]
    pub emergency_handled: bool,
    /// The instant for opening hours (RFC 3339), from 2000-01-01T00:00:00Z to
    /// 2100-12-31T23:59:59Z; now when missing.
    pub at: Option<DateTime<Utc>>,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct ReferralNeed {
    pub code: String,
    pub label: String,
    pub confidence: f32,
    pub source: String,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct ReferralService {
    pub service_id: String,
    pub name: String,
    pub access_target_days: Option<u32>,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct ClientView {
    pub age: u32,
    pub municipality: String,
    pub language: Lang,
    /// Only for staff and the lead team.
    pub hetu: Option<String>,
    pub patient_ref: Option<String>,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct EventDto {
    pub at: DateTime<Utc>,
    pub actor: String,
    /// created, needs_joined, status
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: Option<String>,
    pub team_id: Option<String>,
    /// The version the change was made against.
    pub version: i64,
}

/// What happened to the request: a new referral, the needs joined an open one, or a replay of an
/// earlier request with the same Idempotency-Key.
#[derive(Serialize, ToSchema, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Created,
    Joined,
    Replayed,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct ReferralDto {
    pub id: String,
    pub status: Status,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub created_by: String,
    pub channel: ContactChannel,
    pub lead_team_id: Option<String>,
    pub participating_team_ids: Vec<String>,
    pub due_at: DateTime<Utc>,
    pub overdue: bool,
    pub urgency: Urgency,
    pub segment: Segment,
    pub consent: bool,
    pub disclosure_prohibited: bool,
    pub emergency_level: Option<EmergencyLevel>,
    pub version: i64,
    /// True when this caller sees only the outline (disclosure prohibition or no consent).
    pub restricted: bool,
    pub client: Option<ClientView>,
    pub description: Option<String>,
    pub needs: Vec<ReferralNeed>,
    pub services: Vec<ReferralService>,
    /// The status history (single referral view).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<EventDto>>,
    /// On creation only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// On creation only: the navigation answer the referral was made from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub navigation: Option<NavigationAnswer>,
}

#[derive(Serialize, ToSchema)]
pub struct ReferralPage {
    pub items: Vec<ReferralDto>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

// ------------------------------------------------------------------------------------------------
// Shared helpers

/// The client identity inside the encrypted `identity_enc`.
#[derive(Serialize, Deserialize, Default)]
struct Identity {
    #[serde(skip_serializing_if = "Option::is_none")]
    hetu: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    patient_ref: Option<String>,
}

fn lookup_value(hetu: Option<&Hetu>, patient_ref: Option<&str>) -> String {
    match (hetu, patient_ref) {
        (Some(h), _) => format!("hetu:{}", h.as_str()),
        (None, Some(r)) => format!("ref:{}", r.trim()),
        (None, None) => String::new(),
    }
}

fn request_id(req: &HttpRequest) -> Option<String> {
    req.extensions().get::<RequestId>().map(|r| r.0.clone())
}

fn audit(
    principal: &Principal,
    action: &str,
    referral_id: Option<&str>,
    request_id: &Option<String>,
    detail: Option<String>,
) -> NewAuditEntry {
    NewAuditEntry {
        at: now(),
        actor: principal.subject.clone(),
        roles: principal.roles_text(),
        action: action.to_owned(),
        referral_id: referral_id.map(str::to_owned),
        request_id: request_id.clone(),
        detail,
    }
}

/// How a caller may see a referral.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum View {
    Full,
    Outline,
}

/// Staff and integrations see referrals in full; a team member sees the referrals of their teams,
/// in outline when another team leads and the client restricted sharing.
fn view_for(principal: &Principal, r: &Referral) -> Option<View> {
    if principal.has_any(&[Role::CallCentre, Role::Integration]) {
        return Some(View::Full);
    }
    if principal.has(Role::TeamMember) {
        if r.lead_team_id.as_deref().is_some_and(|t| principal.in_team(t)) {
            return Some(View::Full);
        }
        if r.participating_team_ids.iter().any(|t| principal.in_team(t)) {
            return Some(if r.restricted_for_others() { View::Outline } else { View::Full });
        }
    }
    None
}

fn referral_dto(
    cat: &Catalogue,
    keys: &DataKeys,
    s: &StoredReferral,
    view: View,
    events: Option<Vec<EventRow>>,
) -> Result<ReferralDto, AppError> {
    let r = &s.referral;
    let full = view == View::Full;
    let (client, description) = if full {
        let identity: Identity = serde_json::from_str(&keys.decrypt(&s.identity_enc).map_err(AppError::internal)?)
            .map_err(AppError::internal)?;
        let description = match &s.description_enc {
            Some(enc) => Some(keys.decrypt(enc).map_err(AppError::internal)?),
            None => None,
        };
        let client = ClientView {
            age: r.age,
            municipality: r.municipality.clone(),
            language: r.language,
            hetu: identity.hetu,
            patient_ref: identity.patient_ref,
        };
        (Some(client), description)
    } else {
        (None, None)
    };
    let needs = if full {
        r.needs
            .iter()
            .map(|n| ReferralNeed {
                label: NeedCode::parse(&n.code).map(|c| c.need().label(r.language).to_owned()).unwrap_or_default(),
                code: n.code.clone(),
                confidence: n.confidence,
                source: n.source.clone(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let services = r
        .services
        .iter()
        .map(|id| {
            let s = cat.service(id);
            ReferralService {
                service_id: id.clone(),
                name: s.map(|s| s.name.get(r.language).to_owned()).unwrap_or_else(|| id.clone()),
                access_target_days: s.map(|s| s.access_target_days),
            }
        })
        .collect();
    let now = now();
    Ok(ReferralDto {
        id: r.id.clone(),
        status: r.status,
        created_at: utc(r.created_at),
        updated_at: utc(r.updated_at),
        created_by: r.created_by.clone(),
        channel: r.channel,
        lead_team_id: r.lead_team_id.clone(),
        participating_team_ids: r.participating_team_ids.clone(),
        due_at: utc(r.due_at),
        overdue: r.is_overdue(now),
        urgency: r.urgency,
        segment: r.segment,
        consent: r.consent,
        disclosure_prohibited: r.disclosure_prohibited,
        emergency_level: r.emergency_level,
        version: r.version,
        restricted: !full,
        client,
        description,
        needs,
        services,
        events: events.map(|list| {
            list.into_iter()
                .map(|e| EventDto {
                    at: utc(e.at),
                    actor: e.actor,
                    kind: e.kind,
                    from_status: e.from_status,
                    to_status: e.to_status,
                    reason: e.reason,
                    team_id: e.team_id,
                    version: e.version,
                })
                .collect()
        }),
        outcome: None,
        navigation: None,
    })
}

/// The teams the client already works with and the week's load, for routing.
fn team_context_in(
    conn: &mut DbConn,
    client_keys: &[String],
    load: &TeamLoad,
) -> Result<(TeamContext, Vec<StoredReferral>), AppError> {
    let history = repo::of_client(conn, client_keys, 200)?;
    let year_ago = now() - Duration::days(365);
    let mut existing = Vec::new();
    for s in &history {
        let r = &s.referral;
        if r.status.is_open() || r.created_at >= year_ago {
            for t in r.lead_team_id.iter().chain(r.participating_team_ids.iter()) {
                if !existing.contains(t) {
                    existing.push(t.clone());
                }
            }
        }
    }
    let weekly_load = load.get(conn)?;
    Ok((TeamContext { existing_teams: existing, weekly_load }, history))
}

/// For navigation with a `client_ref`: the client's existing teams and the week's load.
pub async fn team_context(state: &web::Data<AppState>, client_ref: &str) -> Result<TeamContext, AppError> {
    let keys = state.crypto.lookup_hashes(&lookup_value(None, Some(client_ref)));
    let load = state.team_load.clone();
    state.db(move |conn| team_context_in(conn, &keys, &load).map(|(ctx, _)| ctx)).await
}

// ------------------------------------------------------------------------------------------------
// Creation

struct ValidReferral {
    question: ValidQuestion,
    hetu: Option<Hetu>,
    patient_ref: Option<String>,
    channel: ContactChannel,
    urgency: Option<Urgency>,
    service_ids: Vec<String>,
}

fn validate_referral(req: &ReferralRequest, cat: &Catalogue) -> Result<ValidReferral, AppError> {
    let nav = super::navigation::NavigationRequest {
        description: req.description.clone(),
        language: req.language.clone(),
        client: req.client.clone(),
        need_codes: req.need_codes.clone(),
        at: req.at,
    };
    let mut errors = Vec::new();
    let question = match validate_request(&nav, cat, "") {
        Ok(q) => Some(q),
        Err(AppError::Validation(mut e)) => {
            errors.append(&mut e);
            None
        }
        Err(other) => return Err(other),
    };
    let hetu = match req.hetu.as_deref() {
        Some(raw) => match Hetu::parse(raw) {
            Ok(h) => Some(h),
            Err(e) => {
                errors.push(FieldError::new("hetu", e.to_string()));
                None
            }
        },
        None => None,
    };
    let patient_ref = req.patient_ref.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
    if req.hetu.is_none() && patient_ref.is_none() {
        errors.push(FieldError::new("hetu", "give the client's identity: hetu or patient_ref"));
    }
    let channel = ContactChannel::parse(&req.channel);
    if channel.is_none() {
        errors
            .push(FieldError::new("channel", format!("{:?} is not phone, chat, walk_in or integration", req.channel)));
    }
    let urgency = match req.urgency.as_deref() {
        Some(raw) => match Urgency::parse(raw) {
            Some(u) => Some(u),
            None => {
                errors.push(FieldError::new("urgency", format!("{raw:?} is not non_urgent or urgent")));
                None
            }
        },
        None => None,
    };
    let mut service_ids = Vec::new();
    for (i, id) in req.service_ids.iter().enumerate() {
        match cat.service(id) {
            None => errors.push(FieldError::new(format!("service_ids[{i}]"), format!("there is no service {id}"))),
            Some(s) if !s.accepts_referrals => errors.push(FieldError::new(
                format!("service_ids[{i}]"),
                format!("{} is an information service and takes no referrals", s.name.fi),
            )),
            Some(s) => {
                if let Some(q) = &question {
                    if !eligible(s, &q.client) {
                        errors.push(FieldError::new(
                            format!("service_ids[{i}]"),
                            format!("{} is not available to this client (active, age limits, municipality)", s.name.fi),
                        ));
                    }
                }
                if !service_ids.contains(id) {
                    service_ids.push(id.clone());
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let (Some(question), Some(channel)) = (question, channel) else {
        return Err(AppError::internal("validated referral without question or channel"));
    };
    Ok(ValidReferral { question, hetu, patient_ref, channel, urgency, service_ids })
}

/// The referral services of an answer: the best one for each need, and the case-management
/// service when it leads.
fn default_services(cat: &Catalogue, a: &Answer) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for need in &a.needs {
        if need.code.as_str() == codes::MENTAL_YOUTH && a.needs.len() > 1 {
            continue;
        }
        if let Some(s) = a.services.iter().filter(|s| s.accepts_referrals).find(|s| s.needs.contains(&need.code)) {
            if !out.contains(&s.service_id) {
                out.push(s.service_id.clone());
            }
        }
    }
    if let Some(lead) = a.routing.lead_team_id.as_deref().and_then(|t| cat.team(t)) {
        if !out.iter().any(|s| lead.takes(s)) {
            if let Some(s) = a.services.iter().find(|s| s.accepts_referrals && lead.takes(&s.service_id)) {
                out.insert(0, s.service_id.clone());
            }
        }
    }
    out
}

fn recorded(needs: &[RecognisedNeed]) -> Vec<RecordedNeed> {
    needs
        .iter()
        .map(|n| RecordedNeed {
            code: n.code.to_string(),
            confidence: n.confidence,
            source: match n.source {
                NeedSource::Text => "text",
                NeedSource::Code => "code",
                NeedSource::Rule => "rule",
            }
            .into(),
        })
        .collect()
}

/// The outcome of the create transaction.
enum Created {
    New(Box<StoredReferral>, Box<Answer>),
    Joined(Box<StoredReferral>, Box<Answer>),
    Replayed(Box<StoredReferral>),
}

fn request_hash(req: &ReferralRequest) -> String {
    // serde_json's maps are ordered, so equal bodies hash equally whatever their key order.
    let canonical = serde_json::to_value(req).map(|v| v.to_string()).unwrap_or_default();
    let digest = Sha256::digest(canonical.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Everything the create transaction needs, prepared outside it (validation, encryption).
struct CreateInput {
    catalogue: std::sync::Arc<Catalogue>,
    keys: std::sync::Arc<DataKeys>,
    team_load: std::sync::Arc<TeamLoad>,
    principal: Principal,
    request_id: Option<String>,
    idempotency_key: Option<String>,
    request_hash: String,
    valid: ValidReferral,
    client_key: String,
    client_keys: Vec<String>,
    identity_enc: String,
    description_enc: Option<String>,
    emergency_handled: bool,
    consent: bool,
    disclosure_prohibited: bool,
}

impl CreateInput {
    fn event(
        &self,
        referral: &Referral,
        at: NaiveDateTime,
        kind: &str,
        reason: Option<String>,
        version: i64,
    ) -> EventRow {
        EventRow {
            id: uuid::Uuid::new_v4().to_string(),
            referral_id: referral.id.clone(),
            at,
            actor: self.principal.subject.clone(),
            actor_roles: self.principal.roles_text(),
            kind: kind.into(),
            from_status: (kind != "created").then(|| referral.status.as_str().into()),
            to_status: referral.status.as_str().into(),
            reason,
            team_id: referral.lead_team_id.clone(),
            version,
        }
    }
}

/// Navigation, routing and recording in one transaction.
fn create_tx(conn: &mut DbConn, input: &CreateInput) -> Result<Created, AppError> {
    // One create at a time per client, so duplicate joining sees the other's referral.
    store::locked_write_tx(conn, &input.client_key, |conn| {
        let principal = &input.principal;
        if let Some(key) = &input.idempotency_key {
            if let Some(found) = repo::find_idempotency(conn, &principal.subject, key)? {
                return replay(conn, &found, &input.request_hash);
            }
        }
        let cat = &input.catalogue;
        let valid = &input.valid;
        let (ctx, history) = team_context_in(conn, &input.client_keys, &input.team_load)?;
        let answer = navigate(cat, &valid.question, &ctx);
        if let Some(e) = &answer.emergency {
            if !input.emergency_handled {
                return Err(AppError::Conflict {
                    detail: format!(
                        "this is an emergency ({}): {} Handle it first; to record the referral anyway, send emergency_handled: true",
                        e.level.as_str(),
                        e.instructions
                    ),
                    context: Some(serde_json::json!({
                        "emergency": {"level": e.level, "reasons": e.reasons, "instructions": e.instructions}
                    })),
                });
            }
        }
        let services =
            if valid.service_ids.is_empty() { default_services(cat, &answer) } else { valid.service_ids.clone() };
        if services.is_empty() {
            return Err(AppError::Unprocessable(
                "no service that takes referrals matches these needs; the client can contact the information services of a navigation answer directly".into(),
            ));
        }
        let at = now();
        // One contact, no duplicates: join an open referral to one of the same services.
        let open = history
            .into_iter()
            .find(|s| s.referral.status.is_open() && s.referral.services.iter().any(|x| services.contains(x)));
        let idempotency = |referral_id: &str| {
            input.idempotency_key.as_ref().map(|key| IdempotencyRow {
                subject: principal.subject.clone(),
                key: key.clone(),
                request_hash: input.request_hash.clone(),
                referral_id: referral_id.to_owned(),
                created_at: at,
            })
        };
        let entry = |action, referral_id: &str| audit(principal, action, Some(referral_id), &input.request_id, None);
        match open {
            Some(existing) => {
                let stored = join(conn, input, existing, &answer, &services, at)?;
                if let Some(row) = idempotency(&stored.referral.id) {
                    repo::insert_idempotency(conn, &row)?;
                }
                audit_repo::append(conn, &[entry("join", &stored.referral.id)])?;
                Ok(Created::Joined(Box::new(stored), Box::new(answer)))
            }
            None => {
                let stored = new_referral(input, &answer, services, at);
                let id = &stored.referral.id;
                let event = input.event(&stored.referral, at, "created", None, 0);
                repo::insert_created(conn, &stored, &event, idempotency(id).as_ref(), &entry("create", id))?;
                Ok(Created::New(Box::new(stored), Box::new(answer)))
            }
        }
    })
}

fn join(
    conn: &mut DbConn,
    input: &CreateInput,
    mut existing: StoredReferral,
    answer: &Answer,
    services: &[String],
    at: NaiveDateTime,
) -> Result<StoredReferral, AppError> {
    let expected = existing.referral.version;
    let r = &mut existing.referral;
    for n in recorded(&answer.needs) {
        if !r.needs.iter().any(|x| x.code == n.code) {
            r.needs.push(n);
        }
    }
    for s in services {
        if !r.services.contains(s) {
            r.services.push(s.clone());
        }
    }
    for t in answer.routing.participating_team_ids.iter().chain(answer.routing.lead_team_id.iter()) {
        if Some(t) != r.lead_team_id.as_ref() && !r.participating_team_ids.contains(t) {
            r.participating_team_ids.push(t.clone());
        }
    }
    r.version += 1;
    r.updated_at = at;
    // The new contact's words are kept beside the earlier ones.
    if !input.valid.question.description.trim().is_empty() {
        let earlier = match &existing.description_enc {
            Some(enc) => input.keys.decrypt(enc).map_err(AppError::internal)?,
            None => String::new(),
        };
        let joined = if earlier.is_empty() {
            input.valid.question.description.clone()
        } else {
            format!("{earlier}\n---\n{}", input.valid.question.description)
        };
        existing.description_enc = Some(input.keys.encrypt(&joined));
    }
    if !repo::update(conn, &existing, expected)? {
        return Err(AppError::Unavailable("the referral changed at the same time; try again".into()));
    }
    let reason = Some("a new contact about the same service joined this referral".to_owned());
    repo::add_event(conn, &input.event(&existing.referral, at, "needs_joined", reason, expected))?;
    Ok(existing)
}

/// A new referral of the answer, not yet written.
fn new_referral(input: &CreateInput, answer: &Answer, services: Vec<String>, at: NaiveDateTime) -> StoredReferral {
    let valid = &input.valid;
    let targets: Vec<u32> =
        services.iter().filter_map(|s| input.catalogue.service(s)).map(|s| s.access_target_days).collect();
    let urgency =
        valid.urgency.unwrap_or(if answer.emergency.is_some() { Urgency::Urgent } else { Urgency::NonUrgent });
    let referral = Referral {
        id: uuid::Uuid::new_v4().to_string(),
        created_at: at,
        updated_at: at,
        created_by: input.principal.subject.clone(),
        channel: valid.channel,
        client_key: input.client_key.clone(),
        age: valid.question.client.age,
        municipality: valid.question.client.municipality.to_string(),
        language: valid.question.client.language,
        needs: recorded(&answer.needs),
        services,
        lead_team_id: answer.routing.lead_team_id.clone(),
        participating_team_ids: answer.routing.participating_team_ids.clone(),
        segment: answer.segment.code,
        urgency,
        due_at: due_at(at, &targets, urgency),
        status: Status::Requested,
        version: 1,
        consent: input.consent,
        disclosure_prohibited: input.disclosure_prohibited,
        emergency_level: answer.emergency.as_ref().map(|e| e.level),
        accepted_at: None,
        closed_at: None,
    };
    StoredReferral {
        referral,
        identity_enc: input.identity_enc.clone(),
        description_enc: input.description_enc.clone(),
    }
}

/// Records a one-contact referral: navigation, routing and recording in one call (roles
/// `call_centre`, `integration`). The answer is the referral. An emergency is refused with 409
/// unless `emergency_handled` is true. With an `Idempotency-Key`, a repeated request returns the
/// original referral; the same key with another body is 422. When the client already has an open
/// referral to one of the same services, the new needs join it (`outcome: joined`).
#[utoipa::path(
    tag = "referrals",
    request_body = ReferralRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body return the original referral")),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Recorded", body = ReferralDto, headers(("ETag" = String), ("Location" = String)),
            example = json!({
                "id": "2b7d0c1e-9a4f-4c55-8f55-0e3f4f0a9c11", "status": "requested",
                "created_at": "2026-11-23T08:15:02Z", "updated_at": "2026-11-23T08:15:02Z", "created_by": "palveluohjaaja-17",
                "channel": "phone", "lead_team_id": "f9430aec-5766-5fe2-bdbf-ed7858e70bb5", "participating_team_ids": [],
                "due_at": "2026-11-26T08:15:02Z", "overdue": false, "urgency": "non_urgent", "segment": "tuki",
                "consent": true, "disclosure_prohibited": false, "emergency_level": null, "version": 1, "restricted": false,
                "client": {"age": 34, "municipality": "743", "language": "fi", "hetu": "131052-308T", "patient_ref": null},
                "description": "Mieliala on ollut kuukausia maassa, mikään ei kiinnosta. Itsetuhoisia ajatuksia ei ole.",
                "needs": [{"code": "mental.mild", "label": "Ahdistus, masennus tai uupumus", "confidence": 0.96, "source": "text"}],
                "services": [{"service_id": "8b670337-e038-5678-9098-4cdd5063d846", "name": "Mielenterveyden matalan kynnyksen vastaanotto", "access_target_days": 3}],
                "outcome": "created"
            })),
        (status = 200, description = "The needs joined the client's open referral, or an idempotent replay", body = ReferralDto,
            headers(("ETag" = String), ("Location" = String))),
        (status = 409, description = "An emergency: handle it first (112 or 116117); `context.emergency` says which",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid, or the Idempotency-Key was used with another body",
            body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/referrals")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller<roles::Staff>,
    req: HttpRequest,
    body: JsonBody<ReferralRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let idempotency_key = match req.headers().get("Idempotency-Key") {
        None => None,
        Some(v) => {
            let key =
                v.to_str().map_err(|_| AppError::BadRequest("Idempotency-Key must be printable ASCII".into()))?.trim();
            if key.is_empty() || key.len() > 200 {
                return Err(AppError::BadRequest("Idempotency-Key must be 1-200 characters".into()));
            }
            Some(key.to_owned())
        }
    };
    let cat = state.catalogue.get();
    let valid = validate_referral(&body, &cat)?;
    let question = valid.question.clone();
    let keys = state.crypto.clone();
    let lookup = lookup_value(valid.hetu.as_ref(), valid.patient_ref.as_deref());
    let identity =
        Identity { hetu: valid.hetu.as_ref().map(|h| h.as_str().to_owned()), patient_ref: valid.patient_ref.clone() };
    let input = std::sync::Arc::new(CreateInput {
        catalogue: cat.clone(),
        principal: caller.principal.clone(),
        request_id: request_id(&req),
        idempotency_key: idempotency_key.clone(),
        request_hash: request_hash(&body),
        client_key: keys.lookup_hash(&lookup),
        client_keys: keys.lookup_hashes(&lookup),
        identity_enc: keys.encrypt(&serde_json::to_string(&identity).map_err(AppError::internal)?),
        description_enc: (!valid.question.description.trim().is_empty())
            .then(|| keys.encrypt(&valid.question.description)),
        emergency_handled: body.emergency_handled,
        consent: body.consent,
        disclosure_prohibited: body.disclosure_prohibited,
        keys,
        team_load: state.team_load.clone(),
        valid,
    });
    let first = {
        let input = input.clone();
        state.db(move |conn| create_tx(conn, &input)).await
    };
    let result = match first {
        // A concurrent request with the same key won the race (unique key): answer with its referral.
        Err(AppError::Conflict { context: None, .. }) if idempotency_key.is_some() => {
            let input = input.clone();
            state.db(move |conn| create_tx(conn, &input)).await
        }
        other => other,
    }?;
    let (stored, answer, outcome, status) = match result {
        Created::New(s, a) => {
            if let Some(team) = &s.referral.lead_team_id {
                state.team_load.count(team);
            }
            (s, Some(a), Outcome::Created, actix_web::http::StatusCode::CREATED)
        }
        Created::Joined(s, a) => (s, Some(a), Outcome::Joined, actix_web::http::StatusCode::OK),
        Created::Replayed(s) => (s, None, Outcome::Replayed, actix_web::http::StatusCode::OK),
    };
    let mut dto = referral_dto(&cat, &state.crypto, &stored, View::Full, None)?;
    dto.outcome = Some(outcome);
    dto.navigation = answer.map(|a| answer_dto(&cat, &question, &a));
    Ok(HttpResponse::build(status)
        .insert_header((header::ETAG, etag(stored.referral.version)))
        .insert_header((header::LOCATION, format!("/v1/referrals/{}", stored.referral.id)))
        .json(dto))
}

fn replay(conn: &mut DbConn, found: &IdempotencyRow, hash: &str) -> Result<Created, AppError> {
    if found.request_hash != hash {
        return Err(AppError::Validation(vec![FieldError::new(
            "Idempotency-Key",
            "this key was already used with a different request body; use a new key for a new request",
        )]));
    }
    let stored = repo::find(conn, &found.referral_id)?
        .ok_or_else(|| AppError::internal("an idempotency key points at a missing referral"))?;
    Ok(Created::Replayed(Box::new(stored)))
}

// ------------------------------------------------------------------------------------------------
// Reads

/// One referral with its status history (staff, integrations, and members of its teams). The
/// read is audited.
#[utoipa::path(
    tag = "referrals",
    params(("id" = String, Path, description = "Referral id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The referral; the ETag is its version", body = ReferralDto, headers(("ETag" = String))),
        (status = 404, description = "No such referral (or not visible to this team member)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/referrals/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    caller: Caller<roles::ReferralReaders>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let principal = caller.principal.clone();
    let rid = request_id(&req);
    let (stored, events, view) = state
        .db(move |conn| {
            let stored =
                repo::find(conn, &id)?.ok_or_else(|| AppError::NotFound(format!("there is no referral {id}")))?;
            let Some(view) = view_for(&principal, &stored.referral) else {
                // Team members of other teams learn nothing about the referral, not even that it exists.
                audit_repo::append(conn, &[audit(&principal, "read_denied", Some(&id), &rid, None)])?;
                return Err(AppError::NotFound(format!("there is no referral {id} for your teams")));
            };
            let events = repo::events(conn, &id)?;
            let action = if view == View::Full { "read" } else { "read_outline" };
            audit_repo::append(conn, &[audit(&principal, action, Some(&id), &rid, None)])?;
            Ok::<_, AppError>((stored, events, view))
        })
        .await?;
    let cat = state.catalogue.get();
    let dto = referral_dto(&cat, &state.crypto, &stored, view, Some(events))?;
    Ok(HttpResponse::Ok().insert_header((header::ETAG, etag(stored.referral.version))).json(dto))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClientQuery {
    /// The client's personal identity code, or their patient-system reference.
    pub client: String,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// The client's referrals, newest first, to answer "what happened to my case?" (roles
/// `call_centre`, `integration`). Each referral read is audited.
#[utoipa::path(
    tag = "referrals",
    params(ClientQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "The client's referrals", body = ReferralPage))
)]
#[get("/v1/referrals")]
pub async fn by_client(
    state: web::Data<AppState>,
    caller: Caller<roles::Staff>,
    req: HttpRequest,
    query: web::Query<ClientQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let (page, per_page) = paging(q.page, q.per_page)?;
    let client = q.client.trim();
    if client.is_empty() || client.len() > 100 {
        return Err(AppError::validation("client", "give the client's hetu or patient reference (1-100 characters)"));
    }
    // A valid identity code is looked up as one; anything else as a patient-system reference.
    let lookup = match Hetu::parse(client) {
        Ok(h) => lookup_value(Some(&h), None),
        Err(_) => lookup_value(None, Some(client)),
    };
    let keys = state.crypto.lookup_hashes(&lookup);
    let principal = caller.principal.clone();
    let rid = request_id(&req);
    let all = state
        .db(move |conn| {
            let offset = i64::from((page - 1) * per_page);
            let template = audit(&principal, "client_lookup", None, &rid, None);
            Ok::<_, AppError>(repo::client_page(conn, &keys, 1000, offset, i64::from(per_page), &template)?)
        })
        .await?;
    let cat = state.catalogue.get();
    let items =
        all.0.iter().map(|s| referral_dto(&cat, &state.crypto, s, View::Full, None)).collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(ReferralPage { items, page, per_page, total: all.1 }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WorklistParams {
    /// Statuses, comma-separated (default: the open ones).
    pub status: Option<String>,
    /// Only referrals past their due date.
    pub overdue: Option<bool>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// The team's worklist: the referrals it leads, by due date (members of the team). Each referral
/// listed is audited.
#[utoipa::path(
    tag = "referrals",
    params(("id" = String, Path, description = "Team id"), WorklistParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of the worklist", body = ReferralPage),
        (status = 404, description = "No such team", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/teams/{id}/referrals")]
pub async fn worklist(
    state: web::Data<AppState>,
    caller: Caller<roles::TeamMember>,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<WorklistParams>,
) -> Result<HttpResponse, AppError> {
    let team_id = id.into_inner();
    let q = query.into_inner();
    let cat = state.catalogue.get();
    if cat.team(&team_id).is_none() {
        return Err(AppError::NotFound(format!("there is no team {team_id}")));
    }
    if !caller.principal.in_team(&team_id) {
        return Err(AppError::Forbidden(format!("you are not a member of team {team_id}")));
    }
    let (page, per_page) = paging(q.page, q.per_page)?;
    let statuses = match q.status.as_deref() {
        None => Status::ALL.into_iter().filter(|s| s.is_open()).collect(),
        Some(raw) => raw
            .split(',')
            .map(|s| {
                Status::parse(s.trim()).ok_or_else(|| AppError::validation("status", format!("{s:?} is not a status")))
            })
            .collect::<Result<Vec<_>, _>>()?,
    };
    let principal = caller.principal.clone();
    let rid = request_id(&req);
    let overdue_at = q.overdue.unwrap_or(false).then(now);
    let (items, total) = state
        .db(move |conn| {
            let query = WorklistQuery {
                team_id: &team_id,
                statuses,
                overdue_at,
                offset: i64::from((page - 1) * per_page),
                limit: i64::from(per_page),
            };
            Ok::<_, AppError>(repo::worklist(conn, &query, &audit(&principal, "worklist", None, &rid, None))?)
        })
        .await?;
    let dtos =
        items.iter().map(|s| referral_dto(&cat, &state.crypto, s, View::Full, None)).collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(ReferralPage { items: dtos, page, per_page, total }))
}

// ------------------------------------------------------------------------------------------------
// The closed loop

#[derive(Deserialize, Validate, ToSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "accepted"}))]
pub struct StatusChange {
    /// accepted, rejected, in_progress, completed, cancelled or redirected.
    pub status: String,
    /// Required for rejected, cancelled and redirected.
    #[validate(length(max = 1000))]
    pub reason: Option<String>,
    /// The target team of a redirect.
    #[validate(length(min = 1, max = 100))]
    pub team_id: Option<String>,
}

/// Moves a referral in the closed loop (members of the owning team; `If-Match` with the version).
/// Each change is an event with actor, time, reason and the version it was made against.
#[utoipa::path(
    tag = "referrals",
    params(("id" = String, Path, description = "Referral id"), ("If-Match" = String, Header, description = "ETag of the version read")),
    request_body = StatusChange,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Changed; `events` holds the whole status history", body = ReferralDto, headers(("ETag" = String))),
        (status = 404, description = "No such referral", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The change is not allowed from this status (or the referral is closed)", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The referral changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/referrals/{id}/status")]
pub async fn change_status(
    state: web::Data<AppState>,
    caller: Caller<roles::TeamMember>,
    req: HttpRequest,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<StatusChange>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let change = body.into_inner();
    let expected = if_match.required()?;
    let to = Status::parse(change.status.trim()).ok_or_else(|| {
        AppError::validation(
            "status",
            format!(
                "{:?} is not a status (accepted, rejected, in_progress, completed, cancelled, redirected)",
                change.status
            ),
        )
    })?;
    if to == Status::Requested {
        return Err(AppError::validation("status", "a referral is requested only when it is made"));
    }
    let cat = state.catalogue.get();
    if let Some(target) = &change.team_id {
        match cat.team(target) {
            None => return Err(AppError::validation("team_id", format!("there is no team {target}"))),
            Some(t) if !t.active => {
                return Err(AppError::validation("team_id", format!("team {target} is not active")))
            }
            Some(_) => {}
        }
    }
    let principal = caller.principal.clone();
    let rid = request_id(&req);
    let stored = state
        .db(move |conn| {
            store::write_tx(conn, |conn| {
                let mut stored =
                    repo::find(conn, &id)?.ok_or_else(|| AppError::NotFound(format!("there is no referral {id}")))?;
                let r = &mut stored.referral;
                let owner = r.lead_team_id.clone();
                if !owner.as_deref().is_some_and(|t| principal.in_team(t)) {
                    return Err(AppError::Forbidden(
                        "only members of the team that owns the referral can change its status".into(),
                    ));
                }
                if r.version != expected {
                    return Err(AppError::PreconditionFailed(format!(
                        "the referral is at version {}, not {expected}: read it again and reapply your change",
                        r.version
                    )));
                }
                check_transition(r.status, to, change.reason.as_deref(), change.team_id.as_deref(), owner.as_deref())
                    .map_err(|e| match e {
                    TransitionError::ReasonRequired(_) => AppError::validation("reason", e.to_string()),
                    TransitionError::TargetRequired | TransitionError::SameTeam(_) => {
                        AppError::validation("team_id", e.to_string())
                    }
                    TransitionError::Closed(_) | TransitionError::NotAllowed { .. } => {
                        AppError::Conflict { detail: e.to_string(), context: None }
                    }
                })?;
                let at = now();
                let from = r.status;
                r.status = to;
                r.version += 1;
                r.updated_at = at;
                match to {
                    Status::Accepted if r.accepted_at.is_none() => r.accepted_at = Some(at),
                    Status::Redirected => {
                        let target = change.team_id.clone().unwrap_or_default();
                        r.participating_team_ids.retain(|t| *t != target);
                        r.lead_team_id = Some(target);
                        r.accepted_at = None;
                    }
                    s if s.is_closed() => r.closed_at = Some(at),
                    _ => {}
                }
                if !repo::update(conn, &stored, expected)? {
                    return Err(AppError::PreconditionFailed(
                        "the referral changed at the same time; read it again".into(),
                    ));
                }
                repo::add_event(
                    conn,
                    &EventRow {
                        id: uuid::Uuid::new_v4().to_string(),
                        referral_id: stored.referral.id.clone(),
                        at,
                        actor: principal.subject.clone(),
                        actor_roles: principal.roles_text(),
                        kind: "status".into(),
                        from_status: Some(from.as_str().into()),
                        to_status: to.as_str().into(),
                        reason: change.reason.clone().filter(|r| !r.trim().is_empty()),
                        team_id: change.team_id.clone().or(owner),
                        version: expected,
                    },
                )?;
                audit_repo::append(
                    conn,
                    &[audit(&principal, &format!("status:{}", to.as_str()), Some(&stored.referral.id), &rid, None)],
                )?;
                Ok(stored)
            })
        })
        .await?;
    let events = {
        let id = stored.referral.id.clone();
        state.db(move |conn| repo::events(conn, &id).map_err(AppError::from)).await?
    };
    let dto = referral_dto(&cat, &state.crypto, &stored, View::Full, Some(events))?;
    Ok(HttpResponse::Ok().insert_header((header::ETAG, etag(stored.referral.version))).json(dto))
}

// ------------------------------------------------------------------------------------------------
// Statistics and audit

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// First day of the period (YYYY-MM-DD); 30 days ago when missing.
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    /// Last day of the period, inclusive (YYYY-MM-DD); today when missing.
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<NaiveDate>,
}

#[derive(Serialize, ToSchema, Default, Clone)]
pub struct Figures {
    /// Referrals made in the period.
    pub new: u64,
    /// Of those, still open.
    pub open: u64,
    /// Of those, open and past their due date.
    pub overdue: u64,
    /// Median days from contact to acceptance (accepted ones).
    pub median_days_to_acceptance: Option<f64>,
    /// Median days from contact to completion (completed ones).
    pub median_days_to_completion: Option<f64>,
    /// Share of the referrals whose due date has come that were accepted by then.
    pub within_access_target: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct TeamFigures {
    pub team_id: String,
    pub name: String,
    #[serde(flatten)]
    pub figures: Figures,
}

#[derive(Serialize, ToSchema)]
pub struct ServiceFigures {
    pub service_id: String,
    pub name: String,
    #[serde(flatten)]
    pub figures: Figures,
}

#[derive(Serialize, ToSchema)]
pub struct Stats {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub total: Figures,
    pub teams: Vec<TeamFigures>,
    pub services: Vec<ServiceFigures>,
    /// New referrals by client segment.
    pub by_segment: BTreeMap<String, u64>,
    /// New referrals by contact channel.
    pub by_channel: BTreeMap<String, u64>,
}

/// Statistics of a period: the whole, per team, per service, by segment and channel.
#[derive(Default)]
struct StatsAcc {
    total: Acc,
    teams: HashMap<String, Acc>,
    services: HashMap<String, Acc>,
    by_segment: HashMap<String, u64>,
    by_channel: HashMap<String, u64>,
}

impl StatsAcc {
    fn add(&mut self, r: &repo::StatRow, now: NaiveDateTime) {
        self.total.add(r, now);
        if let Some(t) = &r.lead_team_id {
            in_group(&mut self.teams, t, |a| a.add(r, now));
        }
        for ServiceId(id) in serde_json::from_str::<Vec<ServiceId>>(&r.services).unwrap_or_default() {
            in_group(&mut self.services, &id, |a| a.add(r, now));
        }
        in_group(&mut self.by_segment, &r.segment, |n| *n += 1);
        in_group(&mut self.by_channel, &r.channel, |n| *n += 1);
    }
}

/// A service id of a referral's JSON list: read in place, or unescaped into its own string when
/// it has something to unescape.
#[derive(Deserialize)]
struct ServiceId<'a>(#[serde(borrow)] std::borrow::Cow<'a, str>);

/// Updates the group `key`, made on its first row: the key is copied once, not at every row.
fn in_group<V: Default>(groups: &mut HashMap<String, V>, key: &str, update: impl FnOnce(&mut V)) {
    match groups.get_mut(key) {
        Some(v) => update(v),
        None => update(groups.entry(key.to_owned()).or_default()),
    }
}

#[derive(Default)]
struct Acc {
    new: u64,
    open: u64,
    overdue: u64,
    /// Seconds from contact to acceptance and to completion, for the medians: 4 bytes a referral
    /// each, since a year of a region's referrals is held until its medians are taken.
    to_accept: Vec<i32>,
    to_complete: Vec<i32>,
    due_passed: u64,
    in_time: u64,
}

impl Acc {
    fn add(&mut self, r: &repo::StatRow, now: NaiveDateTime) {
        self.new += 1;
        let status = Status::parse(&r.status).unwrap_or(Status::Requested);
        if status.is_open() {
            self.open += 1;
            if r.due_at < now {
                self.overdue += 1;
            }
        }
        let secs = |t: NaiveDateTime| (t - r.created_at).num_seconds().clamp(i32::MIN.into(), i32::MAX.into()) as i32;
        if let Some(a) = r.accepted_at {
            self.to_accept.push(secs(a));
        }
        if status == Status::Completed {
            if let Some(c) = r.closed_at {
                self.to_complete.push(secs(c));
            }
        }
        if r.due_at <= now || r.accepted_at.is_some() {
            self.due_passed += 1;
            if r.accepted_at.is_some_and(|a| a <= r.due_at) {
                self.in_time += 1;
            }
        }
    }

    fn figures(mut self) -> Figures {
        Figures {
            new: self.new,
            open: self.open,
            overdue: self.overdue,
            median_days_to_acceptance: median_days(&mut self.to_accept),
            median_days_to_completion: median_days(&mut self.to_complete),
            within_access_target: (self.due_passed > 0).then(|| round3(self.in_time as f64 / self.due_passed as f64)),
        }
    }
}

/// The median of durations in seconds, in days. Selects the middle instead of sorting.
fn median_days(secs: &mut [i32]) -> Option<f64> {
    let n = secs.len();
    if n == 0 {
        return None;
    }
    let (below, &mut upper, _) = secs.select_nth_unstable(n / 2);
    let m = if n % 2 == 1 {
        f64::from(upper)
    } else {
        let lower = below.iter().copied().max().unwrap_or(upper);
        (f64::from(lower) + f64::from(upper)) / 2.0
    };
    Some(round3(m / 86_400.0))
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The region's situation picture (tilannekeskus) for a period: per team and service, new, open
/// and overdue referrals, median days to acceptance and completion, the share handled within the
/// access target, by segment and channel (roles `admin`, `auditor`).
#[utoipa::path(
    tag = "audit",
    params(StatsQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Figures of the period", body = Stats),
        (status = 422, description = "The period is not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/stats")]
pub async fn stats(
    state: web::Data<AppState>,
    _caller: Caller<roles::Oversight>,
    query: web::Query<StatsQuery>,
) -> Result<HttpResponse, AppError> {
    let today = Utc::now().date_naive();
    let to = query.to.unwrap_or(today);
    // Days outside 2000-2100 are refused before any date arithmetic (which overflows at the ends
    // of the calendar) and before the database (PostgreSQL holds no year 262142).
    for (field, day) in [("from", query.from), ("to", Some(to))] {
        if let Some(Err(e)) = day.map(|d| crate::domain::hours::check_instant(d.and_time(NaiveTime::MIN).and_utc())) {
            return Err(AppError::validation(field, e));
        }
    }
    let from = query.from.unwrap_or(to - Duration::days(30));
    if from > to {
        return Err(AppError::validation("from", "the period starts after it ends"));
    }
    if (to - from).num_days() > 3 * 366 {
        return Err(AppError::validation("from", "the period may be at most three years"));
    }
    let start = from.and_hms_opt(0, 0, 0).unwrap_or_default();
    let end = (to + Duration::days(1)).and_hms_opt(0, 0, 0).unwrap_or_default();
    let now = now();
    // The rows are counted as they are read and not kept: what grows with the period is the
    // 4 bytes a referral that the medians need.
    let StatsAcc { total, teams, services, by_segment, by_channel } = state
        .db(move |conn| {
            let mut acc = StatsAcc::default();
            repo::each_stat_row(conn, start, end, |r| acc.add(&r, now))?;
            Ok::<_, AppError>(acc)
        })
        .await?;
    let cat = state.catalogue.get();
    let mut teams: Vec<TeamFigures> = teams
        .into_iter()
        .map(|(id, acc)| TeamFigures {
            name: cat.team(&id).map(|t| t.name.clone()).unwrap_or_default(),
            team_id: id,
            figures: acc.figures(),
        })
        .collect();
    teams.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.team_id.cmp(&b.team_id)));
    let mut services: Vec<ServiceFigures> = services
        .into_iter()
        .map(|(id, acc)| ServiceFigures {
            name: cat.service(&id).map(|s| s.name.fi.clone()).unwrap_or_default(),
            service_id: id,
            figures: acc.figures(),
        })
        .collect();
    services.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.service_id.cmp(&b.service_id)));
    let (by_segment, by_channel) = (by_segment.into_iter().collect(), by_channel.into_iter().collect());
    Ok(HttpResponse::Ok().json(Stats { from, to, total: total.figures(), teams, services, by_segment, by_channel }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    pub referral_id: Option<String>,
    pub actor: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditEntryDto {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub roles: String,
    /// create, join, read, read_outline, read_denied, client_lookup, worklist, status:<status>
    pub action: String,
    pub referral_id: Option<String>,
    pub request_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntryDto>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

fn audit_min() -> DateTime<Utc> {
    chrono::NaiveDate::from_ymd_opt(crate::domain::hours::EARLIEST_YEAR, 1, 1)
        .unwrap_or_default()
        .and_time(NaiveTime::MIN)
        .and_utc()
}

fn audit_max() -> DateTime<Utc> {
    chrono::NaiveDate::from_ymd_opt(crate::domain::hours::LATEST_YEAR + 1, 1, 1)
        .unwrap_or_default()
        .and_time(NaiveTime::MIN)
        .and_utc()
}

/// The audit log, newest first (role `auditor`). The API cannot change it.
#[utoipa::path(
    tag = "audit",
    params(AuditParams),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of the audit log", body = AuditPage))
)]
#[get("/v1/audit")]
pub async fn audit_log(
    state: web::Data<AppState>,
    _caller: Caller<roles::Auditor>,
    query: web::Query<AuditParams>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let (page, per_page) = paging(q.page, q.per_page)?;
    let query = audit_repo::AuditQuery {
        referral_id: q.referral_id,
        actor: q.actor,
        // Within the years the database holds: nothing is logged outside 2000-2100 anyway.
        from: q.from.map(|t| t.clamp(audit_min(), audit_max()).naive_utc()),
        to: q.to.map(|t| t.clamp(audit_min(), audit_max()).naive_utc()),
        offset: i64::from((page - 1) * per_page),
        limit: i64::from(per_page),
    };
    let (items, total) = state.db(move |conn| audit_repo::list(conn, &query).map_err(AppError::from)).await?;
    let items = items
        .into_iter()
        .map(|e| AuditEntryDto {
            id: e.id,
            at: utc(e.at),
            actor: e.actor,
            roles: e.roles,
            action: e.action,
            referral_id: e.referral_id,
            request_id: e.request_id,
        })
        .collect();
    Ok(HttpResponse::Ok().json(AuditPage { items, page, per_page, total }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(services: &str, status: &str) -> repo::StatRow {
        let at = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).and_then(|d| d.and_hms_opt(12, 0, 0)).unwrap();
        repo::StatRow {
            lead_team_id: Some("team".into()),
            services: services.into(),
            segment: "tuki".into(),
            channel: "phone".into(),
            status: status.into(),
            created_at: at(1),
            due_at: at(8),
            accepted_at: (status != "requested").then(|| at(3)),
            closed_at: (status == "completed").then(|| at(11)),
        }
    }

    /// The selected middle is the sorted middle: odd and even counts, repeats, negative and extreme
    /// durations, against sorting.
    #[test]
    fn medians_select_the_sorted_middle() {
        assert_eq!(median_days(&mut []), None);
        assert_eq!(median_days(&mut [86_400]), Some(1.0));
        assert_eq!(median_days(&mut [3 * 86_400, 86_400]), Some(2.0));
        let mut seed = 7u64;
        for n in 1..200 {
            let mut secs: Vec<i32> = (0..n)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    match seed >> 60 {
                        0 => i32::MAX,
                        1 => -3_600,
                        2 => 86_400,
                        _ => (seed >> 33) as i32 % 5_000_000,
                    }
                })
                .collect();
            let mut sorted = secs.clone();
            sorted.sort();
            let m = if n % 2 == 1 {
                f64::from(sorted[n / 2])
            } else {
                (f64::from(sorted[n / 2 - 1]) + f64::from(sorted[n / 2])) / 2.0
            };
            assert_eq!(median_days(&mut secs), Some(round3(m / 86_400.0)), "{sorted:?}");
        }
    }

    /// A service id with something to unescape is counted under its real id, like a plain one.
    #[test]
    fn statistics_group_by_service_id_as_written() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).and_then(|d| d.and_hms_opt(0, 0, 0)).unwrap();
        let mut acc = StatsAcc::default();
        acc.add(&row(r#"["plain","with \"quotes\""]"#, "completed"), now);
        acc.add(&row(r#"["plain"]"#, "requested"), now);
        acc.add(&row("not json", "accepted"), now);
        let mut services: Vec<(String, u64)> = acc.services.iter().map(|(k, v)| (k.clone(), v.new)).collect();
        services.sort();
        assert_eq!(services, [("plain".to_owned(), 2), ("with \"quotes\"".to_owned(), 1)]);
        assert_eq!((acc.total.new, acc.total.open, acc.total.overdue), (3, 2, 2));
        assert_eq!(acc.teams["team"].new, 3);
        assert_eq!((acc.by_segment["tuki"], acc.by_channel["phone"]), (3, 3));
        let total = acc.total.figures();
        assert_eq!((total.median_days_to_acceptance, total.median_days_to_completion), (Some(2.0), Some(10.0)));
        assert_eq!(total.within_access_target, Some(round3(2.0 / 3.0)));

        // A duration beyond what 4 bytes hold is kept at the limit, not wrapped around.
        let mut far = Acc::default();
        let mut r = row("[]", "accepted");
        r.accepted_at = Some(r.created_at + chrono::Duration::days(100 * 366));
        far.add(&r, now);
        r.accepted_at = Some(r.created_at - chrono::Duration::days(100 * 366));
        far.add(&r, now);
        assert_eq!(far.to_accept, [i32::MAX, i32::MIN]);
    }
}
