//! Creation: navigation, routing, joining and recording a referral in one transaction.

use super::*;

struct ValidReferral {
    question: ValidQuestion,
    hetu: Option<Hetu>,
    patient_ref: Option<String>,
    channel: ContactChannel,
    urgency: Option<Urgency>,
    service_ids: Vec<String>,
    safety_screen: Option<SafetyScreenAnswers>,
    triage_pending: bool,
    urgency_assessed: Option<UrgencyAssessed>,
}

fn validate_referral(req: &ReferralRequest, cat: &Catalogue) -> Result<ValidReferral, AppError> {
    let mut errors = Vec::new();
    let question = match validate_request(&req.question(), cat, "") {
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
    // A reference with a control character could be recorded but never looked up again.
    if let Some(Err(e)) = patient_ref.as_deref().map(|v| crate::domain::catalogue::check_text(v, false)) {
        errors.push(FieldError::new("patient_ref", e));
    }
    if req.hetu.is_none() && patient_ref.is_none() {
        errors.push(FieldError::new("hetu", "give the client's identity: hetu or patient_ref"));
    }
    let channel = ContactChannel::parse(&req.channel);
    if channel.is_none() {
        errors.push(FieldError::new(
            "channel",
            format!("{:?} is not phone, chat, in_person or integration", req.channel),
        ));
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
    if let Some(screen) = &req.safety_screen {
        if screen.answers.len() > 50 {
            errors.push(FieldError::new("safety_screen.answers", "at most 50 answers"));
        }
        // Question ids are short slugs; a long one is not echoed back.
        if screen.answers.keys().chain(std::iter::once(&screen.screen_id)).any(|k| k.chars().count() > 64) {
            errors.push(FieldError::new("safety_screen", "screen and question ids are at most 64 characters"));
        }
        if req.triage_pending {
            errors.push(FieldError::new(
                "triage_pending",
                "send either the screen's answers (safety_screen) or triage_pending, not both",
            ));
        }
    }
    if let Some(assessed) = &req.urgency_assessed {
        let by = assessed.by.trim();
        if by.is_empty() || by.chars().count() > 200 {
            errors.push(FieldError::new("urgency_assessed.by", "must be 1-200 characters"));
        } else if let Err(e) = crate::domain::catalogue::check_text(by, false) {
            errors.push(FieldError::new("urgency_assessed.by", e));
        }
        // An assessment is of the past (a few minutes of clock skew allowed) and of this century.
        if assessed.at > Utc::now() + Duration::minutes(5) {
            errors.push(FieldError::new("urgency_assessed.at", "is in the future"));
        } else if let Err(e) = crate::domain::hours::check_instant(assessed.at) {
            errors.push(FieldError::new("urgency_assessed.at", e));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let (Some(question), Some(channel)) = (question, channel) else {
        return Err(AppError::internal("validated referral without question or channel"));
    };
    Ok(ValidReferral {
        question,
        hetu,
        patient_ref,
        channel,
        urgency,
        service_ids,
        safety_screen: req.safety_screen.clone(),
        triage_pending: req.triage_pending,
        urgency_assessed: req.urgency_assessed.clone(),
    })
}

/// The outcome of the create transaction.
enum Created {
    New(Box<StoredReferral>, Box<Answer>),
    Joined(Box<StoredReferral>, Box<Answer>),
    Replayed(Box<StoredReferral>),
}

/// The body's canonical text: serde_json's maps are ordered, so equal bodies give equal text
/// whatever their key order.
fn canonical_body(req: &ReferralRequest) -> String {
    serde_json::to_value(req).map(|v| v.to_string()).unwrap_or_default()
}

/// A keyed hash of the body (`k1:`), so a stored hash cannot be tested against guessed bodies.
fn request_hash(keys: &DataKeys, canonical: &str) -> String {
    format!("k1:{}", keys.lookup_hash(&format!("request:{canonical}")))
}

/// Whether a stored request hash is of this body: keyed with any configured key, or the plain
/// SHA-256 that rows written before the keyed hash hold.
fn same_request(keys: &DataKeys, stored: &str, canonical: &str) -> bool {
    match stored.strip_prefix("k1:") {
        Some(h) => keys.lookup_hashes(&format!("request:{canonical}")).iter().any(|k| k == h),
        None => {
            let digest = Sha256::digest(canonical.as_bytes());
            stored == digest.iter().map(|b| format!("{b:02x}")).collect::<String>()
        }
    }
}

/// Everything the create transaction needs, prepared outside it (validation, encryption).
struct CreateInput {
    catalogue: std::sync::Arc<Catalogue>,
    keys: std::sync::Arc<DataKeys>,
    team_load: std::sync::Arc<TeamLoad>,
    /// The process's Finnish analyser (`AppState::finnish`), as the navigation endpoint reads with.
    finnish: std::sync::Arc<crate::domain::morphology::Finnish>,
    principal: Principal,
    request_id: Option<String>,
    /// The keyed hashes of the `Idempotency-Key` (the current key's first).
    idempotency_keys: Option<Vec<String>>,
    canonical_body: String,
    request_hash: String,
    valid: ValidReferral,
    client_key: String,
    client_keys: Vec<String>,
    identity_enc: String,
    description_enc: Option<String>,
    emergency_handled: bool,
    consent: bool,
    disclosure_prohibited: bool,
    /// Call-centre staff answer the screen at the keyboard; a patient system's case that needs
    /// it is recorded as triage_pending.
    staff: bool,
    staff_language: Lang,
}

/// What the safety screen means for a new referral.
struct Screened {
    triage: Triage,
    /// The level of a "yes" that staff handled and record anyway.
    level: Option<EmergencyLevel>,
    record: Option<SafetyScreenRecord>,
    /// The audit entry's detail: ids only.
    audit: Option<(&'static str, String)>,
}

/// The safety screen's part of creation: what the answers, a pending screen or an assessment
/// elsewhere mean; 409 when staff must still ask the questions, 422 when the answers do not fit.
fn screen_step(input: &CreateInput, answer: &Answer) -> Result<Screened, AppError> {
    let valid = &input.valid;
    let screen = screen::shipped();
    let lang = valid.question.client.language;
    let record = |answers: BTreeMap<String, String>, pending: Vec<String>| SafetyScreenRecord {
        screen_id: screen.id.clone(),
        answers,
        asked_by: input.principal.subject.clone(),
        asked_at: Utc::now(),
        pending_questions: pending,
        urgency_assessed: valid.urgency_assessed.clone(),
    };
    let pending = || Screened {
        triage: Triage::Pending,
        level: None,
        record: Some(record(BTreeMap::new(), answer.safety.question_ids.clone())),
        audit: Some(("safety_screen_pending", format!("{}: {}", screen.id, answer.safety.question_ids.join(",")))),
    };
    if answer.emergency.is_some() {
        return Ok(Screened { triage: Triage::NotRequired, level: None, record: None, audit: None });
    }
    if let Some(given) = &valid.safety_screen {
        let outcome = screen.check_answers(&answer.safety, &given.screen_id, &given.answers).map_err(|errors| {
            AppError::Validation(errors.into_iter().map(|(field, message)| FieldError::new(field, message)).collect())
        })?;
        let asked: Vec<&str> = given.answers.keys().map(String::as_str).collect();
        let audit = Some(("safety_screen", format!("{}: {}", screen.id, asked.join(","))));
        return match outcome {
            ScreenOutcome::AllNo => Ok(Screened {
                triage: Triage::Screened,
                level: None,
                record: Some(record(given.answers.clone(), Vec::new())),
                audit,
            }),
            ScreenOutcome::Emergency { level, .. } if input.emergency_handled => Ok(Screened {
                    triage: Triage::Screened,
                    level: Some(level),
                    record: Some(record(given.answers.clone(), Vec::new())),
                    audit,
                }),
            ScreenOutcome::Emergency { level, question_ids } => Err(AppError::Conflict {
                detail: format!(
                    "a red-flag answer ({}) makes this an emergency ({}): {} Handle it first; to record the referral anyway, send emergency_handled: true",
                    question_ids.join(", "),
                    level.as_str(),
                    level.instructions(lang)
                ),
                context: Some(serde_json::json!({
                    "emergency": {
                        "level": level,
                        "reasons": question_ids.iter().map(|q| format!("red-flag question {q}: yes or unknown")).collect::<Vec<_>>(),
                        "instructions": level.instructions(lang),
                    }
                })),
            }),
        };
    }
    if valid.triage_pending {
        return Ok(pending());
    }
    if !answer.safety.required {
        return Ok(Screened { triage: Triage::NotRequired, level: None, record: None, audit: None });
    }
    if valid.urgency_assessed.is_some() {
        return Ok(Screened {
            triage: Triage::NotRequired,
            level: None,
            record: Some(record(BTreeMap::new(), Vec::new())),
            audit: Some(("urgency_assessed", screen.id.clone())),
        });
    }
    if !input.staff {
        return Ok(pending());
    }
    let safety = safety_dto(&answer.safety, lang, input.staff_language);
    Err(AppError::ScreenRequired {
        detail: format!(
            "ask the red-flag questions first ({}): {}. Send the answers as safety_screen {{\"screen_id\": \"{}\", \"answers\": {{question id: yes, no or unknown}}}}; if the call dropped, send triage_pending: true. Nothing was recorded.",
            answer.safety.question_ids.join(", "),
            answer.safety.reasons.join("; "),
            screen.id
        ),
        context: serde_json::json!({ "safety": safety }),
    })
}

/// A contact whose screen is pending goes to the nurse reception of the client's area (the
/// first general entry point), which assesses its urgency today; the teams of its needs take part.
fn to_reception(input: &CreateInput, ctx: &TeamContext, answer: &mut Answer) -> Option<String> {
    let (cat, q) = (&input.catalogue, &input.valid.question);
    let code = entry_point_codes().first()?;
    let mut reception_question = q.clone();
    reception_question.description = String::new();
    reception_question.need_codes = vec![code.clone()];
    let reception = navigate_with(cat, &reception_question, ctx, &*input.finnish);
    let lead = reception.routing.lead_team_id?;
    let service = reception
        .services
        .iter()
        .find(|s| s.accepts_referrals && cat.team(&lead).is_some_and(|t| t.takes(&s.service_id)))?;
    let mut others: Vec<String> = Vec::new();
    for t in answer.routing.lead_team_id.iter().chain(answer.routing.participating_team_ids.iter()) {
        if *t != lead && !others.contains(t) {
            others.push(t.clone());
        }
    }
    answer.routing.lead_team_id = Some(lead);
    answer.routing.participating_team_ids = others;
    answer.routing.reasons.insert(
        0,
        "the safety screen is pending: the nurse reception of the client's area assesses the urgency today".into(),
    );
    Some(service.service_id.clone())
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
        for key in input.idempotency_keys.iter().flatten() {
            if let Some(found) = repo::find_idempotency(conn, &principal.subject, key)? {
                return replay(conn, &found, &input.keys, &input.canonical_body);
            }
        }
        let cat = &input.catalogue;
        let valid = &input.valid;
        let (ctx, history) = input.team_load.client_context(conn, &input.client_keys)?;
        let answer = navigate_with(cat, &valid.question, &ctx, &*input.finnish);
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
        let screened = screen_step(input, &answer)?;
        let mut answer = answer;
        let reception = if screened.triage == Triage::Pending { to_reception(input, &ctx, &mut answer) } else { None };
        let mut services =
            if valid.service_ids.is_empty() { default_services(cat, &answer) } else { valid.service_ids.clone() };
        if let Some(r) = reception {
            services.retain(|s| *s != r);
            services.insert(0, r);
        }
        let safety_screen_enc = match &screened.record {
            Some(r) => Some(input.keys.encrypt(&serde_json::to_string(r).map_err(AppError::internal)?)),
            None => None,
        };
        let screen_entry = |referral_id: &str| {
            screened.audit.as_ref().map(|(action, detail)| {
                entry(principal, action, Some(referral_id), &input.request_id, Some(detail.clone()))
            })
        };
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
            input.idempotency_keys.as_ref().and_then(|keys| keys.first()).map(|key| IdempotencyRow {
                subject: principal.subject.clone(),
                key: key.clone(),
                request_hash: input.request_hash.clone(),
                referral_id: referral_id.to_owned(),
                created_at: at,
            })
        };
        let entry = |action, referral_id: &str| entry(principal, action, Some(referral_id), &input.request_id, None);
        let joined = match open {
            Some(existing) => join(conn, input, existing, &answer, &services, at)?,
            None => None,
        };
        match joined {
            Some(stored) => {
                if let Some(row) = idempotency(&stored.referral.id) {
                    repo::insert_idempotency(conn, &row)?;
                }
                audit_repo::append(conn, &[entry("join", &stored.referral.id)])?;
                if let Some(e) = screen_entry(&stored.referral.id) {
                    audit_repo::append(conn, &[e])?;
                }
                Ok(Created::Joined(Box::new(stored), Box::new(answer)))
            }
            None => {
                let valid = &input.valid;
                let fields = NewReferral {
                    id: uuid::Uuid::new_v4().to_string(),
                    at,
                    created_by: &principal.subject,
                    channel: valid.channel,
                    client_key: input.client_key.clone(),
                    client: &valid.question.client,
                    services,
                    urgency: valid.urgency,
                    consent: input.consent,
                    disclosure_prohibited: input.disclosure_prohibited,
                    triage: screened.triage,
                    screen_level: screened.level,
                };
                let stored = StoredReferral {
                    referral: Referral::new(fields, &answer, cat),
                    identity_enc: input.identity_enc.clone(),
                    description_enc: input.description_enc.clone(),
                    safety_screen_enc,
                };
                let id = &stored.referral.id;
                let event = input.event(&stored.referral, at, "created", None, 0);
                repo::insert_created(conn, &stored, &event, idempotency(id).as_ref(), &entry("create", id))?;
                if let Some(e) = screen_entry(id) {
                    audit_repo::append(conn, &[e])?;
                }
                Ok(Created::New(Box::new(stored), Box::new(answer)))
            }
        }
    })
}

/// Joins the contact to the client's open referral (see [`Referral::join`]); `None` when the
/// merged referral would pass its bounds, so the contact becomes a referral of its own.
fn join(
    conn: &mut DbConn,
    input: &CreateInput,
    mut existing: StoredReferral,
    answer: &Answer,
    services: &[String],
    at: NaiveDateTime,
) -> Result<Option<StoredReferral>, AppError> {
    let expected = existing.referral.version;
    let earlier = match &existing.description_enc {
        Some(enc) => input.keys.decrypt(enc).map_err(AppError::internal)?,
        None => String::new(),
    };
    let needs: Vec<RecordedNeed> = answer.needs.iter().map(RecordedNeed::from).collect();
    let teams: Vec<String> =
        answer.routing.lead_team_id.iter().chain(answer.routing.participating_team_ids.iter()).cloned().collect();
    let contact = Contact {
        needs: &needs,
        services,
        teams: &teams,
        consent: input.consent,
        disclosure_prohibited: input.disclosure_prohibited,
        description: &input.valid.question.description,
    };
    let (description, tightened) = match existing.referral.join(&contact, &earlier, at) {
        Join::TooLarge => return Ok(None),
        Join::Unchanged => return Ok(Some(existing)),
        Join::Changed { description, tightened } => (description, tightened),
    };
    if let Some(d) = description {
        existing.description_enc = Some(input.keys.encrypt(&d));
    }
    existing.referral.version += 1;
    if !repo::update(conn, &existing, expected)? {
        return Err(AppError::Unavailable("the referral changed at the same time; try again".into()));
    }
    let reason = input.keys.encrypt("a new contact about the same service joined this referral");
    repo::add_event(conn, &input.event(&existing.referral, at, "needs_joined", Some(reason), expected))?;
    if let Some(why) = tightened {
        let event = input.event(&existing.referral, at, "restricted", Some(input.keys.encrypt(why)), expected);
        repo::add_event(conn, &event)?;
    }
    Ok(Some(existing))
}

/// Records a one-contact referral: navigation, routing and recording in one call (roles
/// `call_centre`, `integration`). The answer is the referral. An emergency is refused with 409
/// unless `emergency_handled` is true. With an `Idempotency-Key`, a repeated request returns the
/// original referral; the same key with another body is 422. When the client already has an open
/// referral to one of the same services, the new needs join it (`outcome: joined`): the strictest
/// disclosure prohibition and the narrowest consent of any contact apply from then on (a
/// `restricted` event records it), words already recorded are not stored again, and a contact
/// that would take the description past 4,000 characters (or the referral past 20 services)
/// becomes a referral of its own.
///
/// The safety screen: when the navigation says `safety.screen_required` and no emergency was
/// found, call-centre staff send the answers to its questions (`safety_screen`, every question,
/// `yes`, `no` or `unknown`; `unknown` counts as `yes`). Any `yes` is that emergency (409 unless
/// `emergency_handled`); all `no` records the referral with the answers (encrypted; the audit log
/// keeps only the ids), due within a day at most. A screen that cannot be finished is recorded
/// with `triage_pending: true`: status `triage_pending`, due today, led by the nurse reception
/// team of the client's area. A patient system's (role `integration`) contact that needs the
/// screen is recorded so (201); `urgency_assessed` satisfies the screen, never an emergency found
/// in the text.
#[utoipa::path(
    tag = "referrals",
    request_body = ReferralRequest,
    params(("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 200, pattern = r"^[!-~]([ -~]*[!-~])?$",
        description = "Makes retries safe: the same key and body return the original referral. 1-200 printable ASCII characters")),
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
        (status = 409, description = "Nothing was recorded. `/problems/conflict`: an emergency (found in the text, or a red-flag answer `yes` or `unknown`): handle it first (112 or 116117), `context.emergency` says which; resend with `emergency_handled: true` to record anyway. `/problems/safety-screen-required` (role `call_centre` only): the navigation requires the safety screen and the request has no answers; `context.safety` lists the questions; resend with `safety_screen` (the same Idempotency-Key works) or `triage_pending: true`",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid (the safety screen answers: another screen, a question missing or unknown, a value not yes, no or unknown; urgency_assessed in the future), or the Idempotency-Key was used with another body",
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
    record(state, caller, req, body.into_inner()).await
}

/// Why a creation recorded nothing, for the metrics.
fn refusal(e: &AppError) -> crate::metrics::Refusal {
    use crate::metrics::Refusal;
    match e {
        AppError::Conflict { .. } => Refusal::Emergency,
        AppError::ScreenRequired { .. } => Refusal::SafetyScreen,
        AppError::BadRequest(_) | AppError::Validation(_) | AppError::Unprocessable(_) => Refusal::Invalid,
        _ => Refusal::Other,
    }
}

async fn record(
    state: web::Data<AppState>,
    caller: Caller<roles::Staff>,
    req: HttpRequest,
    body: ReferralRequest,
) -> Result<HttpResponse, AppError> {
    let key = idempotency_key(&req)?;
    let recorded = record_referral(&state, &caller.principal, &req, body, key).await?;
    Ok(HttpResponse::build(recorded.outcome.map_or(actix_web::http::StatusCode::OK, Outcome::status))
        .insert_header((header::ETAG, etag(recorded.version)))
        .insert_header((header::LOCATION, format!("/v1/referrals/{}", recorded.id)))
        .json(recorded))
}

/// The `Idempotency-Key` header, held to the document's pattern: printable ASCII (no tab), no
/// space at either end, 1-200 characters.
pub(crate) fn idempotency_key(req: &HttpRequest) -> Result<Option<String>, AppError> {
    let Some(v) = req.headers().get("Idempotency-Key") else { return Ok(None) };
    let valid = |k: &&str| {
        (1..=200).contains(&k.len())
            && k.bytes().all(|b| (b' '..=b'~').contains(&b))
            && !k.starts_with(' ')
            && !k.ends_with(' ')
    };
    match v.to_str().ok().filter(valid) {
        Some(key) => Ok(Some(key.to_owned())),
        None => Err(AppError::BadRequest(
            "Idempotency-Key must be 1-200 printable ASCII characters, without a space at either end".into(),
        )),
    }
}

/// Records a referral as `POST /v1/referrals` does, for any front door (REST, FHIR): the same
/// validation, navigation, safety screen, joining, idempotency and audit. The answer is the full
/// view, with `outcome` and, unless replayed, `navigation`.
pub(crate) async fn record_referral(
    state: &web::Data<AppState>,
    principal: &Principal,
    req: &HttpRequest,
    body: ReferralRequest,
    idempotency_key: Option<String>,
) -> Result<ReferralDto, AppError> {
    let answer = record_inner(state, principal, req, body, idempotency_key).await;
    if let Err(e) = &answer {
        crate::metrics::referral_refused(refusal(e));
    }
    answer
}

async fn record_inner(
    state: &web::Data<AppState>,
    principal: &Principal,
    req: &HttpRequest,
    body: ReferralRequest,
    idempotency_key: Option<String>,
) -> Result<ReferralDto, AppError> {
    let cat = state.catalogue.get();
    let valid = validate_referral(&body, &cat)?;
    let question = valid.question.clone();
    let keys = state.crypto.clone();
    let lookup = client_lookup(valid.hetu.as_ref(), valid.patient_ref.as_deref());
    let canonical = canonical_body(&body);
    let identity =
        Identity { hetu: valid.hetu.as_ref().map(|h| h.as_str().to_owned()), patient_ref: valid.patient_ref.clone() };
    let input = std::sync::Arc::new(CreateInput {
        catalogue: cat.clone(),
        principal: principal.clone(),
        request_id: request_id(req),
        idempotency_keys: idempotency_key
            .as_deref()
            .map(|k| store::upgrades::idempotency_keys(&keys, &principal.subject, k)),
        request_hash: request_hash(&keys, &canonical),
        canonical_body: canonical,
        client_key: keys.lookup_hash(&lookup),
        client_keys: keys.lookup_hashes(&lookup),
        identity_enc: keys.encrypt(&serde_json::to_string(&identity).map_err(AppError::internal)?),
        description_enc: (!valid.question.description.trim().is_empty())
            .then(|| keys.encrypt(&valid.question.description)),
        emergency_handled: body.emergency_handled,
        consent: body.consent,
        disclosure_prohibited: body.disclosure_prohibited,
        staff: principal.has(crate::auth::Role::CallCentre),
        staff_language: staff_language(req),
        keys,
        team_load: state.team_load.clone(),
        finnish: state.finnish.clone(),
        valid,
    });
    let first = {
        let input = input.clone();
        state.db(move |conn| create_tx(conn, &input)).await
    };
    let result = match first {
        // A concurrent request with the same key won the race (unique key): answer with its referral.
        Err(AppError::Duplicate(_)) if idempotency_key.is_some() => {
            let input = input.clone();
            state.db(move |conn| create_tx(conn, &input)).await
        }
        other => other,
    }?;
    let (stored, answer, outcome) = match result {
        Created::New(s, a) => {
            if let Some(team) = &s.referral.lead_team_id {
                state.team_load.count(team);
            }
            (s, Some(a), Outcome::Created)
        }
        Created::Joined(s, a) => (s, Some(a), Outcome::Joined),
        Created::Replayed(s) => (s, None, Outcome::Replayed),
    };
    crate::metrics::referral(match outcome {
        Outcome::Created => crate::metrics::ReferralOutcome::Created,
        Outcome::Joined => crate::metrics::ReferralOutcome::Joined,
        Outcome::Replayed => crate::metrics::ReferralOutcome::Replayed,
    });
    if !matches!(outcome, Outcome::Replayed) {
        state.referral_gauges.changed();
    }
    let mut dto = referral_dto(&cat, &state.crypto, &stored, View::Full, None)?;
    dto.outcome = Some(outcome);
    dto.navigation = answer.map(|a| answer_dto(&cat, &question, &a, staff_language(req)));
    Ok(dto)
}

fn replay(conn: &mut DbConn, found: &IdempotencyRow, keys: &DataKeys, canonical: &str) -> Result<Created, AppError> {
    if !same_request(keys, &found.request_hash, canonical) {
        return Err(AppError::Validation(vec![FieldError::new(
            "Idempotency-Key",
            "this key was already used with a different request body; use a new key for a new request",
        )]));
    }
    let stored = repo::find(conn, &found.referral_id)?
        .ok_or_else(|| AppError::internal("an idempotency key points at a missing referral"))?;
    Ok(Created::Replayed(Box::new(stored)))
}
