//! One-contact referrals: creation (navigation, routing and recording in one call), the closed
//! loop of status changes, the client's feedback, the team's worklist, the client's referrals,
//! statistics and the audit log. Every read and write of a referral is audited. Each resource
//! group is a file; this one holds the DTOs and what they share.

use std::collections::BTreeMap;

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::auditing::{entry, request_id};
use super::errors::{AppError, FieldError, Problem};
use super::extract::{etag, roles, Caller, IfMatch, IfMatchHeader};
use super::json::JsonBody;
use super::navigation::{
    answer_dto, navigate_with, navigation_request, safety_dto, staff_language, validate_request, ClientInput,
    NavigationAnswer, NavigationRequest, ValidQuestion,
};
use super::paging::{paging, utc};
use crate::app::TeamLoad;
use crate::auth::Principal;
use crate::crypto::DataKeys;
use crate::domain::catalogue::Catalogue;
use crate::domain::emergency::EmergencyLevel;
use crate::domain::hetu::Hetu;
use crate::domain::lang::Lang;
use crate::domain::navigation::{eligible, entry_point_codes, Answer, Segment, TeamContext};
use crate::domain::needs::NeedCode;
use crate::domain::referral::{
    client_lookup, default_services, Applied, Contact, ContactChannel, Join, NewReferral, RecordedNeed, Referral,
    Status, StatusChange as Change, Triage, Urgency, View,
};
use crate::domain::screen::{self, Outcome as ScreenOutcome};
use crate::domain::stats::{Figures, StatsAcc};
use crate::http::state::AppState;
use crate::store::audit as audit_repo;
use crate::store::catalogue::now;
use crate::store::referrals::{self as repo, EventRow, IdempotencyRow, StoredReferral, WorklistQuery};
use crate::store::{self, DbConn};

// ------------------------------------------------------------------------------------------------
// DTOs

navigation_request! {
    /// A navigation question (its fields come first, as in `POST /v1/navigation`) with who the
    /// client is, how they made contact and what they allow. The client is identified once:
    /// by `hetu`, or, without one, by `patient_ref`; the client lookup and navigation's
    /// `client.client_ref` take either of the two.
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
        /// The client's personal identity code (henkilötunnus). Give this or `patient_ref`.
        #[schema(example = "131052-308T")]
        pub hetu: Option<String>,
        /// The client's identifier in the patient system. Give this or `hetu`.
        #[validate(length(min = 1, max = 100))]
        #[schema(min_length = 1, max_length = 100)]
        pub patient_ref: Option<String>,
        /// How the client made contact: phone, chat, in_person or integration (`walk_in`, the old
        /// name of `in_person`, is accepted for one more release and answered as `in_person`).
        #[schema(example = "phone")]
        pub channel: String,
        /// Whether the client allows sharing between social and health care.
        pub consent: bool,
        /// A disclosure prohibition (luovutuskielto): other teams see only the outline.
        #[serde(default)]
        pub disclosure_prohibited: bool,
        /// non_urgent (default) or urgent.
        #[schema(value_type = Option<Urgency>)]
        pub urgency: Option<String>,
        /// Services chosen by staff from a navigation answer; the best referral service of each need
        /// when missing.
        #[serde(default)]
        #[validate(length(max = 20))]
        #[schema(max_items = 20)]
        pub service_ids: Vec<String>,
        /// Staff confirm that an emergency found in the description was handled (112 or 116117
        /// called) and the referral is still to be recorded.
        #[serde(default)]
        pub emergency_handled: bool,
        /// Staff's answers to the red-flag questions of the navigation's safety screen (role
        /// `call_centre`): required when the navigation says `safety.screen_required`.
        pub safety_screen: Option<SafetyScreenAnswers>,
        /// The screen could not be finished (the call dropped): record the contact as
        /// `triage_pending`, due today, with the nurse reception team of the client's area.
        #[serde(default)]
        pub triage_pending: bool,
        /// A professional of the sending system has already assessed the urgency: satisfies the
        /// safety screen, never a text-detected emergency.
        pub urgency_assessed: Option<UrgencyAssessed>,
    }
}

/// Answers to the red-flag questions: every question the navigation asked, each `yes`, `no` or
/// `unknown` (counts as `yes`: the caller is often not the client).
#[derive(Deserialize, Serialize, ToSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"screen_id": "red-flags-v1", "answers": {"breathing": "no", "chest": "no", "stroke": "no"}}))]
pub struct SafetyScreenAnswers {
    /// The `safety.screen_id` of the navigation answer.
    pub screen_id: String,
    /// Question id to `yes`, `no` or `unknown` (at most 50; ids and `screen_id` at most 64
    /// characters).
    pub answers: BTreeMap<String, String>,
}

/// Who assessed the urgency, and when.
#[derive(Deserialize, Serialize, ToSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct UrgencyAssessed {
    /// The professional (a name or an id of the sending system; 1-200 characters).
    #[schema(example = "sairaanhoitaja 4411")]
    pub by: String,
    /// When (RFC 3339, not in the future).
    pub at: DateTime<Utc>,
}

/// The safety screen as recorded with a referral (encrypted at rest, shown only in the full view).
#[derive(Serialize, Deserialize, ToSchema, Debug, Clone, Default)]
pub struct SafetyScreenRecord {
    /// The question set, versioned.
    pub screen_id: String,
    /// The questions asked and their answers (empty when pending or assessed elsewhere).
    pub answers: BTreeMap<String, String>,
    /// Who recorded the answers (the token's subject).
    pub asked_by: String,
    pub asked_at: DateTime<Utc>,
    /// The screen was not finished: these questions are still to be asked.
    #[serde(default)]
    pub pending_questions: Vec<String>,
    #[serde(default)]
    pub urgency_assessed: Option<UrgencyAssessed>,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct ReferralNeed {
    pub code: String,
    pub label: String,
    pub confidence: f32,
    /// How the need was found: in the words (text), from a code sent (code) or by a rule.
    #[schema(value_type = crate::domain::navigation::NeedSource)]
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
    /// What happened: recorded, needs joined from another contact, or a status change.
    #[schema(value_type = EventKind)]
    pub kind: String,
    #[schema(value_type = Option<Status>)]
    pub from_status: Option<String>,
    #[schema(value_type = Status)]
    pub to_status: String,
    pub reason: Option<String>,
    pub team_id: Option<String>,
    /// The version the change was made against.
    pub version: i64,
}

/// The kinds of a referral's events (the document's enumeration of `EventDto.kind`).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum EventKind {
    Created,
    NeedsJoined,
    Status,
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

impl Outcome {
    /// The HTTP status of a creation's answer: 201 for a new referral, 200 otherwise.
    pub fn status(self) -> actix_web::http::StatusCode {
        match self {
            Outcome::Created => actix_web::http::StatusCode::CREATED,
            Outcome::Joined | Outcome::Replayed => actix_web::http::StatusCode::OK,
        }
    }
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
    /// The lead team's name, for people to read (the id stays the reference).
    #[schema(example = "Seinäjoen mielenterveys- ja päihdepalvelut")]
    pub lead_team_name: Option<String>,
    pub participating_team_ids: Vec<String>,
    /// The participating teams' names, in the order of `participating_team_ids`.
    pub participating_team_names: Vec<String>,
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
    /// What the client said (every contact's words). In a list (worklist, client lookup) only its
    /// first 280 characters, with `description_truncated` true when there is more: read the
    /// referral for the whole.
    pub description: Option<String>,
    pub description_truncated: bool,
    pub needs: Vec<ReferralNeed>,
    pub services: Vec<ReferralService>,
    /// The red-flag answers, or the questions still pending (full view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safety_screen: Option<SafetyScreenRecord>,
    /// The status history (single referral view).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<EventDto>>,
    /// Whether the client's feedback was received, by phone or through a feedback link (single
    /// referral view).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback_received: Option<bool>,
    /// When the client's feedback was recorded (single referral view, once received).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback_at: Option<DateTime<Utc>>,
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

fn referral_dto(
    cat: &Catalogue,
    keys: &DataKeys,
    s: &StoredReferral,
    view: View,
    events: Option<Vec<EventRow>>,
) -> Result<ReferralDto, AppError> {
    let r = &s.referral;
    let full = view == View::Full;
    let safety_screen = match (&s.safety_screen_enc, full) {
        (Some(enc), true) => {
            Some(serde_json::from_str(&keys.decrypt(enc).map_err(AppError::internal)?).map_err(AppError::internal)?)
        }
        _ => None,
    };
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
        lead_team_name: r.lead_team_id.as_deref().map(|id| team_name(cat, id)),
        participating_team_ids: r.participating_team_ids.clone(),
        participating_team_names: r.participating_team_ids.iter().map(|id| team_name(cat, id)).collect(),
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
        description_truncated: false,
        needs,
        services,
        safety_screen,
        events: match events {
            None => None,
            Some(list) => Some(
                list.into_iter()
                    .map(|e| {
                        // A reason is free text about a person: only a full view shows it.
                        let reason = match e.reason.as_deref() {
                            Some(stored) if full => Some(open_reason(keys, stored)?),
                            _ => None,
                        };
                        Ok(EventDto {
                            at: utc(e.at),
                            actor: e.actor,
                            kind: e.kind,
                            from_status: e.from_status,
                            to_status: e.to_status,
                            reason,
                            team_id: e.team_id,
                            version: e.version,
                        })
                    })
                    .collect::<Result<Vec<_>, AppError>>()?,
            ),
        },
        feedback_received: None,
        feedback_at: None,
        outcome: None,
        navigation: None,
    })
}

/// A stored status reason in the clear: encrypted since reasons are personal data; a reason
/// written before that (not in the `v1:` form) is read as it is.
fn open_reason(keys: &DataKeys, stored: &str) -> Result<String, AppError> {
    if stored.starts_with("v1:") {
        keys.decrypt(stored).map_err(AppError::internal)
    } else {
        Ok(stored.to_owned())
    }
}

/// Whether a path's referral id can name a referral at all (referral ids are UUIDs).
fn is_referral_id(raw: &str) -> bool {
    uuid::Uuid::try_parse(raw).is_ok()
}

/// The answer to a referral id that names no referral by its shape: audited as a refusal like
/// any other, without the id, which may be an identity code typed into the wrong field and is
/// never stored nor echoed.
pub(crate) async fn refuse_unknown_id(
    state: &AppState,
    principal: &Principal,
    req: &HttpRequest,
    action: &str,
) -> AppError {
    let template = entry(principal, action, None, &request_id(req), Some("not a referral id".into()));
    match state.db(move |conn| audit_repo::append(conn, std::slice::from_ref(&template)).map_err(AppError::from)).await
    {
        Ok(()) => AppError::NotFound("there is no referral with that id (referral ids are UUIDs)".into()),
        Err(e) => e,
    }
}

/// Characters of a description that a list shows.
const SUMMARY_CHARS: usize = 280;

/// A list's view of a referral: the description cut to its first [`SUMMARY_CHARS`] characters,
/// so that a page stays small whatever the referrals hold.
/// A team's name, or its id when the catalogue no longer has it.
fn team_name(cat: &Catalogue, id: &str) -> String {
    cat.team(id).map_or_else(|| id.to_owned(), |t| t.name.clone())
}

fn summarised(mut dto: ReferralDto) -> ReferralDto {
    if let Some(d) = dto.description.as_mut() {
        if let Some((cut, _)) = d.char_indices().nth(SUMMARY_CHARS) {
            d.truncate(cut);
            d.push('…');
            dto.description_truncated = true;
        }
    }
    dto
}

mod audit;
mod creation;
mod feedback;
mod read;
mod statistics;
mod status;
mod worklists;

pub use audit::{audit_log, AuditEntryDto, AuditPage, AuditParams};
pub use creation::create;
pub(crate) use creation::{idempotency_key, record_referral};
pub use feedback::{create_feedback_link, record_feedback, FeedbackDto, FeedbackInput, FeedbackLinkDto};
pub(crate) use feedback::{feedback_row, problem_example as feedback_problem_example};
pub(crate) use read::read_referral;
pub use read::{by_client, get_one, search, ClientQuery, ClientSearch};
pub use statistics::{stats, ServiceFigures, Stats, StatsQuery, TeamFigures};
pub(crate) use status::apply_status;
pub use status::{change_status, StatusChange};
pub(crate) use worklists::{team_referrals, Slice};
pub use worklists::{worklist, WorklistParams};
