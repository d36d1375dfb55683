//! `POST /v1/navigation`: what the client says (or the need codes a patient system sends) turned
//! into needs, a safety check, ranked services, the lead team and the client segment. Reads only
//! the in-memory catalogue (and, with a `client_ref`, the client's existing teams).

use actix_web::{post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::auditing;
use super::errors::{AppError, FieldError, Problem};
use super::extract::{roles, Caller};
use super::json::JsonBody;
use crate::auth::Principal;
use crate::domain::catalogue::{Catalogue, Channel};
use crate::domain::emergency::EmergencyLevel;
use crate::domain::lang::{Lang, Localized};
use crate::domain::lexicon;
use crate::domain::morphology::Analyser;
use crate::domain::municipality::MunicipalityCode;
use crate::domain::navigation::{
    Answer, Client, Navigator, NeedSource, Question, RecognisedNeed, Routing, Segment, SegmentAnswer, TeamContext,
};
use crate::domain::needs::NeedCode;
use crate::domain::referral::client_key;
use crate::domain::screen::{self, Decision, Understood};
use crate::http::state::AppState;
use crate::store;

pub use crate::domain::referral::MAX_DESCRIPTION_CHARS;

/// The client: the person who needs the service (when a parent calls about a child, the child).
#[derive(Deserialize, Serialize, Validate, ToSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct ClientInput {
    /// Age in years (0-120). Give this or `birth_date`.
    #[schema(example = 82)]
    pub age: Option<i64>,
    #[schema(value_type = Option<String>, format = Date, example = "1944-03-01")]
    pub birth_date: Option<NaiveDate>,
    /// Municipality code of the client's home municipality.
    #[schema(example = "218")]
    pub municipality: String,
    /// The language the client wants to be served in (fi, sv, en); the description's when missing.
    #[schema(example = "fi")]
    pub language: Option<String>,
    /// Whether the client can use digital services (chat, video).
    pub digital_ability: Option<bool>,
    /// The client, to find the teams they already work with (1-100 characters): their personal
    /// identity code, or their identifier in the patient system (`patient_ref` of a referral), as
    /// `client` of `POST /v1/referrals/search` takes it.
    pub client_ref: Option<String>,
}

/// Declares a request struct with the fields of a navigation question first (what the client
/// says, its language, the client, need codes and the instant), then the struct's own: one
/// definition for `NavigationRequest` and `ReferralRequest`, whose bodies share them.
macro_rules! navigation_request {
    ($(#[$meta:meta])* pub struct $name:ident { $($own:tt)* }) => {
        $(#[$meta])*
        pub struct $name {
            /// What the client says, in Finnish, Swedish or English (up to 4,000 characters, no
            /// NUL). Give this or `need_codes` (or both).
            #[serde(default)]
            #[schema(max_length = 4000, pattern = r"^[^\u0000]*$")]
            pub description: String,
            /// The language of the description (fi, sv, en); detected when missing.
            pub language: Option<String>,
            #[validate(nested)]
            pub client: ClientInput,
            /// Structured codes of the need taxonomy, e.g. from a patient system.
            #[serde(default)]
            #[validate(length(max = 50))]
            #[schema(max_items = 50)]
            pub need_codes: Vec<String>,
            /// The instant for opening hours (RFC 3339), of a year from
            /// 2000 to 2100 as written (before its offset); now when missing.
            #[schema(example = "2026-11-23T09:00:00+02:00")]
            pub at: Option<DateTime<chrono::FixedOffset>>,
            $($own)*
        }

        impl $name {
            /// The navigation question of this request.
            pub fn question(&self) -> NavigationRequest {
                NavigationRequest {
                    description: self.description.clone(),
                    language: self.language.clone(),
                    client: self.client.clone(),
                    need_codes: self.need_codes.clone(),
                    at: self.at,
                }
            }
        }
    };
}
pub(crate) use navigation_request;

navigation_request! {
    #[derive(Deserialize, Serialize, Validate, ToSchema, Debug, Clone)]
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({
        "description": "Äiti 82 v unohtelee sovittuja asioita ja eksyi viime viikolla kaupasta kotiin. Lisäksi kaatuillu kotona pari kertaa.",
        "language": "fi",
        "client": {"age": 82, "municipality": "218", "language": "fi"}
    }))]
    pub struct NavigationRequest {}
}

/// A validated request, in domain terms.
#[derive(Clone)]
pub struct ValidQuestion {
    pub description: String,
    pub language: Option<Lang>,
    pub client: Client,
    pub client_ref: Option<String>,
    pub need_codes: Vec<NeedCode>,
    pub at: DateTime<Utc>,
}

fn parse_lang(field: &str, raw: &str, errors: &mut Vec<FieldError>) -> Option<Lang> {
    let lang = Lang::parse(raw);
    if lang.is_none() {
        errors.push(FieldError::new(field, format!("{raw:?} is not fi, sv or en")));
    }
    lang
}

/// Checks a request against the catalogue; every problem names its field.
pub fn validate_request(req: &NavigationRequest, cat: &Catalogue, prefix: &str) -> Result<ValidQuestion, AppError> {
    let mut errors = Vec::new();
    let f = |name: &str| format!("{prefix}{name}");
    let chars = req.description.chars().count();
    if chars > MAX_DESCRIPTION_CHARS {
        errors
            .push(FieldError::new(f("description"), format!("is {chars} characters; at most {MAX_DESCRIPTION_CHARS}")));
    }
    if req.description.contains('\0') {
        errors.push(FieldError::new(f("description"), "must not contain NUL characters"));
    }
    if req.description.trim().is_empty() && req.need_codes.is_empty() {
        errors.push(FieldError::new(f("description"), "send a description of the situation or need_codes (or both)"));
    }
    let language = req.language.as_deref().and_then(|l| parse_lang(&f("language"), l, &mut errors));
    // Bounded (422 outside the range), so no date arithmetic downstream meets an extreme instant.
    let at = match req.at.map(crate::domain::hours::check_instant).transpose() {
        Ok(at) => at.unwrap_or_else(Utc::now),
        Err(e) => {
            errors.push(FieldError::new(f("at"), e));
            Utc::now()
        }
    };
    let age = match (req.client.age, req.client.birth_date) {
        (Some(a), _) if !(0..=120).contains(&a) => {
            errors.push(FieldError::new(f("client.age"), format!("{a} is not an age 0-120")));
            None
        }
        (Some(a), _) => Some(a as u32),
        (None, Some(born)) => {
            let today = at.date_naive();
            if born > today {
                errors.push(FieldError::new(f("client.birth_date"), "is in the future"));
                None
            } else {
                let mut years = today.year() - born.year();
                if (today.month(), today.day()) < (born.month(), born.day()) {
                    years -= 1;
                }
                if years > 120 {
                    errors.push(FieldError::new(f("client.birth_date"), "gives an age over 120"));
                    None
                } else {
                    Some(years as u32)
                }
            }
        }
        (None, None) => {
            errors.push(FieldError::new(f("client.age"), "give the client's age or birth_date"));
            None
        }
    };
    let municipality = match MunicipalityCode::parse(&req.client.municipality) {
        Ok(m) if cat.knows_municipality(&m) => Some(m),
        Ok(m) => {
            errors.push(FieldError::new(f("client.municipality"), crate::domain::municipality::not_in_region(&m)));
            None
        }
        Err(e) => {
            errors.push(FieldError::new(f("client.municipality"), e));
            None
        }
    };
    let client_language =
        req.client.language.as_deref().and_then(|l| parse_lang(&f("client.language"), l, &mut errors));
    let mut need_codes = Vec::new();
    for (i, raw) in req.need_codes.iter().enumerate() {
        match NeedCode::parse(raw) {
            Ok(c) if !need_codes.contains(&c) => need_codes.push(c),
            Ok(_) => {}
            Err(e) => errors.push(FieldError::new(f(&format!("need_codes[{i}]")), e)),
        }
    }
    if let Some(r) = &req.client.client_ref {
        if r.trim().is_empty() || r.len() > 100 {
            errors.push(FieldError::new(f("client.client_ref"), "must be 1-100 characters"));
        } else if let Err(e) = crate::domain::catalogue::check_text(r, false) {
            errors.push(FieldError::new(f("client.client_ref"), e));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let (Some(age), Some(municipality)) = (age, municipality) else {
        return Err(AppError::internal("validated request without age or municipality"));
    };
    // The client's language: as asked, else the description's, else Finnish.
    let language_of_text = language.or_else(|| crate::domain::text::language_of(&req.description));
    let client_language = client_language.or(language_of_text).unwrap_or(Lang::Fi);
    Ok(ValidQuestion {
        description: req.description.clone(),
        language,
        client: Client { age, municipality, language: client_language, digital_ability: req.client.digital_ability },
        client_ref: req.client.client_ref.clone(),
        need_codes,
        at,
    })
}

#[derive(Serialize, ToSchema, Clone)]
pub struct NeedDto {
    #[schema(example = "health.memory")]
    pub code: String,
    /// The need's label in the client's language.
    #[schema(example = "Muistiongelmat")]
    pub label: String,
    #[schema(example = 0.9)]
    pub confidence: f32,
    /// The words or codes that led to it.
    #[schema(example = json!(["unohtelee"]))]
    pub evidence: Vec<String>,
    pub source: NeedSource,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct EmergencyDto {
    pub level: EmergencyLevel,
    pub reasons: Vec<String>,
    /// What to tell the client, in the client's language.
    pub instructions: String,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct ServiceMatch {
    pub service_id: String,
    /// Name in the client's language.
    pub name: String,
    pub names: Localized,
    pub organization: Option<String>,
    pub score: f32,
    /// false: an information service (helpline, NGO) the client contacts directly.
    pub accepts_referrals: bool,
    pub need_codes: Vec<String>,
    pub channels: Vec<Channel>,
    pub access_target_days: u32,
    pub open_now: Option<bool>,
    pub next_opening: Option<DateTime<Utc>>,
    /// Why it is here and where it ranks: needs, eligibility, language, channel, hours, access.
    pub reasons: Vec<String>,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct RoutingDto {
    pub lead_team_id: Option<String>,
    pub lead_team_name: Option<String>,
    pub participating_team_ids: Vec<String>,
    pub interpreter_needed: bool,
    pub reasons: Vec<String>,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct SegmentDto {
    pub code: Segment,
    pub reason: String,
}

/// A red-flag question of the safety screen.
#[derive(Serialize, ToSchema, Clone)]
pub struct ScreenQuestionDto {
    /// Stable id: answers name it.
    #[schema(example = "breathing")]
    pub id: String,
    /// What a "yes" (or "unknown") means: call 112 now, or the on-call helpline 116117.
    pub level: EmergencyLevel,
    /// The question in the client's language.
    pub text: String,
    pub language: Lang,
    /// The question in the staff's language (`Accept-Language`: fi, sv or en; Finnish otherwise).
    pub staff_text: String,
    pub staff_language: Lang,
}

/// The safety screen: whether staff must ask the red-flag questions before anything is recorded.
#[derive(Serialize, ToSchema, Clone)]
pub struct SafetyDto {
    /// Required when no emergency was recognised but the description is not clearly routine (something
    /// sudden, a danger sign that made no emergency alone, death or not wanting to live, someone who
    /// cannot be reached or woken, or nothing understood). `POST /v1/referrals` from staff refuses
    /// (409) until the answers are sent.
    pub screen_required: bool,
    /// The versioned question set; answers name it.
    #[schema(example = "red-flags-v1")]
    pub screen_id: String,
    /// Why, quoting the words that raised it.
    pub reasons: Vec<String>,
    /// The questions to ask now (empty when not required).
    pub questions: Vec<ScreenQuestionDto>,
}

#[derive(Serialize, ToSchema, Clone)]
pub struct NavigationAnswer {
    /// The language of the description (given or detected).
    pub language: Lang,
    /// The client's language (answers and instructions use it).
    pub client_language: Lang,
    /// `null`, or the emergency: 112 (life-threatening now) or 116117 (on-call care today).
    pub emergency: Option<EmergencyDto>,
    pub needs: Vec<NeedDto>,
    pub services: Vec<ServiceMatch>,
    pub routing: RoutingDto,
    pub segment: SegmentDto,
    /// How well the description was understood: `clear`, `partial` (weak cues only) or `none`
    /// (the services are the general entry points, the safety screen is required).
    pub understood: Understood,
    pub safety: SafetyDto,
    pub catalogue_version: i64,
}

/// How many ranked services an answer lists.
const MAX_SERVICES: usize = 15;

pub fn answer_dto(cat: &Catalogue, q: &ValidQuestion, a: &Answer, staff: Lang) -> NavigationAnswer {
    let lang = q.client.language;
    let needs = a.needs.iter().map(|n: &RecognisedNeed| need_dto(n, lang)).collect();
    let services = a
        .services
        .iter()
        .take(MAX_SERVICES)
        .filter_map(|r| {
            let s = cat.service(&r.service_id)?;
            let hours = cat.hours_status(s, q.at);
            Some(ServiceMatch {
                service_id: s.id.clone(),
                name: s.name.get(lang).to_owned(),
                names: s.name.clone(),
                organization: cat.organization(&s.organization_id).map(|o| o.name.clone()),
                score: r.score,
                accepts_referrals: s.accepts_referrals,
                need_codes: r.needs.iter().map(|n| n.to_string()).collect(),
                channels: s.channels.clone(),
                access_target_days: s.access_target_days,
                open_now: hours.as_ref().map(|h| h.open_now),
                next_opening: hours.and_then(|h| h.next_opening),
                reasons: r.reasons.clone(),
            })
        })
        .collect();
    NavigationAnswer {
        language: a.language,
        client_language: lang,
        emergency: a.emergency.as_ref().map(|e| EmergencyDto {
            level: e.level,
            reasons: e.reasons.clone(),
            instructions: e.instructions.clone(),
        }),
        needs,
        services,
        routing: routing_dto(cat, &a.routing),
        segment: segment_dto(&a.segment),
        understood: a.understood,
        safety: safety_dto(&a.safety, lang, staff),
        catalogue_version: cat.version,
    }
}

pub fn safety_dto(d: &Decision, lang: Lang, staff: Lang) -> SafetyDto {
    let screen = screen::shipped();
    SafetyDto {
        screen_required: d.required,
        screen_id: screen.id.clone(),
        reasons: d.reasons.clone(),
        questions: d
            .question_ids
            .iter()
            .filter_map(|id| screen.question(id))
            .map(|q| ScreenQuestionDto {
                id: q.id.clone(),
                level: q.level,
                text: q.text(lang).to_owned(),
                language: lang,
                staff_text: q.text(staff).to_owned(),
                staff_language: staff,
            })
            .collect(),
    }
}

/// The staff's language: the first of fi, sv and en in `Accept-Language`; Finnish otherwise.
pub fn staff_language(req: &HttpRequest) -> Lang {
    req.headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.split(',').find_map(|part| {
                let tag = part.split(';').next().unwrap_or("").trim();
                Lang::parse(tag.split('-').next().unwrap_or("").to_ascii_lowercase().as_str())
            })
        })
        .unwrap_or(Lang::Fi)
}

pub fn need_dto(n: &RecognisedNeed, lang: Lang) -> NeedDto {
    NeedDto {
        code: n.code.to_string(),
        label: n.code.need().label(lang).to_owned(),
        confidence: n.confidence,
        evidence: n.evidence.clone(),
        source: n.source,
    }
}

pub fn routing_dto(cat: &Catalogue, r: &Routing) -> RoutingDto {
    RoutingDto {
        lead_team_id: r.lead_team_id.clone(),
        lead_team_name: r.lead_team_id.as_deref().and_then(|t| cat.team(t)).map(|t| t.name.clone()),
        participating_team_ids: r.participating_team_ids.clone(),
        interpreter_needed: r.interpreter_needed,
        reasons: r.reasons.clone(),
    }
}

pub fn segment_dto(s: &SegmentAnswer) -> SegmentDto {
    SegmentDto { code: s.code, reason: s.reason.clone() }
}

/// Runs navigation on the snapshot, reading Finnish with `finnish`.
pub fn navigate_with(cat: &Catalogue, q: &ValidQuestion, teams: &TeamContext, finnish: &dyn Analyser) -> Answer {
    let navigator = Navigator { catalogue: cat, lexicon: lexicon::active(), analyser: Some(finnish) };
    let question = Question {
        description: &q.description,
        language: q.language,
        client: q.client.clone(),
        need_codes: q.need_codes.clone(),
        at: q.at,
    };
    navigator.navigate(&question, teams)
}

/// Recognises the client's needs and matches them to services and a team (roles
/// `call_centre`, `integration`). Nothing is recorded: `POST /v1/referrals` records.
#[utoipa::path(
    tag = "navigation",
    request_body = NavigationRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Needs, emergency, ranked services, routing and segment", body = NavigationAnswer,
            example = json!({
                "language": "fi", "client_language": "fi", "emergency": null,
                "needs": [{"code": "health.memory", "label": "Muistiongelmat", "confidence": 0.96, "evidence": ["unohtelee", "eksyi"], "source": "text"},
                          {"code": "elderly.falls", "label": "Kaatuilu", "confidence": 0.9, "evidence": ["kaatuillu"], "source": "text"}],
                "services": [{"service_id": "677579c7-3a71-58ec-b930-58a6820ce7b8", "name": "Muistihoitajan vastaanotto", "score": 19.1,
                              "accepts_referrals": true, "need_codes": ["health.memory"], "channels": ["in_person", "phone"],
                              "access_target_days": 7, "reasons": ["answers health.memory (Muistiongelmat)", "made for ages 40+"]}],
                "routing": {"lead_team_id": "fb32bb2e-7207-548b-ae20-23e373551b38", "lead_team_name": "Suupohjan sote-keskus: Ikäkeskustiimi",
                            "participating_team_ids": [], "interpreter_needed": false, "reasons": ["takes referrals for the highest-ranked referral service"]},
                "segment": {"code": "tuki", "reason": "one area of need, with support and guidance from a professional"},
                "catalogue_version": 1
            })),
        (status = 422, description = "A field is not valid (unknown municipality or need code, age out of range, no text nor codes, text too long)",
            body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/navigation")]
pub async fn navigation(
    state: web::Data<AppState>,
    caller: Caller<roles::Staff>,
    http: HttpRequest,
    body: JsonBody<NavigationRequest>,
) -> Result<HttpResponse, AppError> {
    let req = body.into_inner();
    let cat = state.catalogue.get();
    let q = validate_request(&req, &cat, "")?;
    let teams = match &q.client_ref {
        Some(client_ref) => client_teams(&state, client_ref, &caller.principal, &http).await?,
        None => TeamContext::default(),
    };
    let answer = navigate_with(&cat, &q, &teams, &*state.finnish);
    crate::metrics::navigation(&answer);
    Ok(HttpResponse::Ok().json(answer_dto(&cat, &q, &answer, staff_language(&http))))
}

/// For navigation with a `client_ref`: the teams the client already works with and the week's
/// load. Reading the client's history is a read of their data, so each referral read is audited
/// (`navigation_history`; one entry without a referral when there is none).
async fn client_teams(
    state: &web::Data<AppState>,
    client_ref: &str,
    principal: &Principal,
    req: &HttpRequest,
) -> Result<TeamContext, AppError> {
    let keys = state.crypto.lookup_hashes(&client_key(client_ref));
    let load = state.team_load.clone();
    let template = auditing::entry(principal, "navigation_history", None, &auditing::request_id(req), None);
    state
        .db(move |conn| {
            let (context, history) = load.client_context(conn, &keys)?;
            if history.is_empty() {
                store::audit::append(conn, std::slice::from_ref(&template))?;
            } else {
                store::audit::append_each(conn, &template, history.iter().map(|s| s.referral.id.as_str()))?;
            }
            Ok::<_, AppError>(context)
        })
        .await
}
