//! The client's feedback on a completed referral: staff record an answer given by phone, and a
//! patient system asks for a one-time link that the client answers on the page of
//! [`crate::http::feedback`]. One answer a referral, whichever way it comes.

use super::*;
use crate::domain::feedback::{self as rules, Answer, Grade, LinkToken, Refusal, Source};
use crate::store::feedback::{self as feedback_repo, FeedbackRow, LinkRow};

/// The client's answer as staff record it.
#[derive(Deserialize, Validate, ToSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"helped": true, "within_target": false, "grade": 4, "comment": "Apu oli hyvää, mutta aikaa jouduin odottamaan."}))]
pub struct FeedbackInput {
    /// Was the client helped with their matter?
    pub helped: bool,
    /// Did the client get the service within its access target (the time the service promises)?
    pub within_target: bool,
    /// A grade from 1 (poor) to 5 (excellent).
    #[schema(minimum = 1, maximum = 5, example = 4)]
    pub grade: i64,
    /// What else the client said, at most 1,000 characters; no control characters other than line
    /// breaks and tabs. A blank comment is none. Stored encrypted.
    #[schema(max_length = 1000)]
    pub comment: Option<String>,
}

/// A recorded answer.
#[derive(Serialize, ToSchema, Debug)]
#[schema(example = json!({
    "referral_id": "2f1c0c51-8f3e-4e0e-9d7a-1c2b3d4e5f60",
    "helped": true,
    "within_target": false,
    "grade": 4,
    "comment": "Apu oli hyvää, mutta aikaa jouduin odottamaan.",
    "source": "phone",
    "recorded_at": "2026-12-07T10:15:00Z",
    "recorded_by": "palveluohjaaja-12"
}))]
pub struct FeedbackDto {
    pub referral_id: String,
    pub helped: bool,
    pub within_target: bool,
    /// 1 (poor) to 5 (excellent).
    #[schema(minimum = 1, maximum = 5)]
    pub grade: u8,
    pub comment: Option<String>,
    /// `phone`: recorded by staff; `link`: the client answered through a feedback link.
    pub source: Source,
    pub recorded_at: DateTime<Utc>,
    /// The staff member's token subject (`client` for an answer through a link).
    pub recorded_by: String,
}

/// A one-time feedback link for the client.
#[derive(Serialize, ToSchema, Debug)]
#[schema(example = json!({
    "path": "/feedback/q7Xb2u0c9yq1VbM0mZ4rHn3sQm6o1Jt8wKpLx5e3aZc",
    "url": "https://luotsi.example.fi/feedback/q7Xb2u0c9yq1VbM0mZ4rHn3sQm6o1Jt8wKpLx5e3aZc",
    "expires_at": "2026-12-21T10:15:00Z",
    "language": "sv"
}))]
pub struct FeedbackLinkDto {
    /// The page's path, `/feedback/` and the token. The token is given out only here: Luotsi keeps
    /// its hash.
    pub path: String,
    /// The whole address (`LUOTSI_PUBLIC_URL` and the path); null when that setting is not set.
    pub url: Option<String>,
    /// The link answers until then (14 days).
    pub expires_at: DateTime<Utc>,
    /// The client's language, in which the page opens (fi, sv or en): write the message that
    /// carries the link in it.
    pub language: Lang,
}

/// The answer of a body, every field error at once (422).
fn answer_of(input: &FeedbackInput) -> Result<Answer, AppError> {
    let mut errors = Vec::new();
    let grade = Grade::parse(input.grade).map_err(|e| errors.push(FieldError::new("grade", e))).ok();
    let comment = rules::comment(input.comment.as_deref()).map_err(|e| errors.push(FieldError::new("comment", e))).ok();
    match (grade, comment) {
        (Some(grade), Some(comment)) if errors.is_empty() => {
            Ok(Answer { helped: input.helped, within_target: input.within_target, grade, comment })
        }
        _ => Err(AppError::Validation(errors)),
    }
}

fn refused(refusal: Refusal) -> AppError {
    AppError::Conflict { detail: refusal.to_string(), context: None }
}

/// A second answer that came at the same moment as the first (the unique key refused it).
fn answered_meanwhile(e: AppError) -> AppError {
    match e {
        AppError::Duplicate(_) => AppError::Conflict {
            detail: "the client's feedback on this referral was already recorded; a referral has one answer".into(),
            context: None,
        },
        other => other,
    }
}

/// The row of an answer, its comment encrypted.
pub(crate) fn feedback_row(
    keys: &DataKeys,
    referral_id: &str,
    answer: &Answer,
    source: Source,
    by: &str,
) -> FeedbackRow {
    FeedbackRow {
        referral_id: referral_id.to_owned(),
        helped: answer.helped,
        within_target: answer.within_target,
        grade: i32::from(answer.grade.value()),
        comment_enc: answer.comment.as_deref().map(|c| keys.encrypt(c)),
        source: source.as_str().to_owned(),
        recorded_at: now(),
        recorded_by: by.to_owned(),
    }
}

/// Who records a client's answer: call-centre staff for any referral, a team member for the
/// referrals their team leads.
fn may_record(referral: &Referral, principal: &Principal) -> bool {
    principal.has(crate::auth::Role::CallCentre)
        || referral.lead_team_id.as_deref().is_some_and(|team| principal.in_team(team))
}

/// Records the client's feedback given by phone on a completed referral (roles `call_centre`,
/// and `team_member` of the team that leads the referral). One answer a referral, by phone or
/// through a link.
///
/// `grade` is a whole number from 1 (poor) to 5 (excellent); `comment` is optional, at most
/// 1,000 characters without control characters other than line breaks and tabs, and stored
/// encrypted. The referral must be `completed` and have no answer yet (409 otherwise). The answer
/// is audited (`feedback:phone`), a refusal too (`feedback_denied`).
#[utoipa::path(
    tag = "referrals",
    params(("id" = String, Path, description = "Referral id")),
    request_body = FeedbackInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Recorded; the answer as stored (the comment in the clear for the recorder)", body = FeedbackDto),
        (status = 403, description = "The token has neither role, or a team member's team does not lead the referral", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such referral (or not visible to this team member)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The referral is not completed yet, or its feedback was already recorded (by phone or through a link)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid: `grade` outside 1-5, `comment` over 1,000 characters or holding a control character, a field of the wrong type or an unknown field", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/referrals/{id}/feedback")]
pub async fn record_feedback(
    state: web::Data<AppState>,
    caller: Caller<roles::FeedbackRecorders>,
    req: HttpRequest,
    id: web::Path<String>,
    body: JsonBody<FeedbackInput>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    if !is_referral_id(&id) {
        return Err(refuse_unknown_id(&state, &caller.principal, &req, "feedback_denied").await);
    }
    let answer = answer_of(&body.into_inner())?;
    let (grade, comment) = (answer.grade, answer.comment.clone());
    let principal = caller.principal.clone();
    let rid = request_id(&req);
    let keys = state.crypto.clone();
    let row = state
        .db(move |conn| {
            let recorded = store::write_tx(conn, |conn| {
                // A referral the caller may not see answers as a missing one does.
                let Some(stored) = repo::find(conn, &id)?.filter(|s| s.referral.view_for(&principal).is_some()) else {
                    return Ok(Err(AppError::NotFound(format!("there is no referral {id}"))));
                };
                if !may_record(&stored.referral, &principal) {
                    return Ok(Err(AppError::Forbidden(
                        "only call-centre staff and members of the team that leads the referral record its feedback"
                            .into(),
                    )));
                }
                let row = feedback_row(&keys, &id, &answer, Source::Phone, &principal.subject);
                if let Err(refusal) = feedback_repo::record(conn, stored.referral.status, &row)? {
                    return Ok(Err(refused(refusal)));
                }
                audit_repo::append(conn, &[entry(&principal, "feedback:phone", Some(&id), &rid, None)])?;
                Ok::<_, AppError>(Ok(row))
            })?;
            // A refusal is audited outside the refused transaction, so that it stays.
            if recorded.is_err() {
                audit_repo::append(conn, &[entry(&principal, "feedback_denied", Some(&id), &rid, None)])?;
            }
            recorded
        })
        .await
        .map_err(answered_meanwhile)?;
    crate::metrics::feedback(Source::Phone);
    let dto = FeedbackDto {
        referral_id: row.referral_id,
        helped: row.helped,
        within_target: row.within_target,
        grade: grade.value(),
        comment,
        source: Source::Phone,
        recorded_at: utc(row.recorded_at),
        recorded_by: row.recorded_by,
    };
    Ok(HttpResponse::Created().json(dto))
}

/// Makes a one-time link for the client to give feedback on a completed referral (roles
/// `integration`, `call_centre`); delivering it (SMS, a message) is the patient system's job.
///
/// The token is 32 random bytes (base64url without padding), valid 14 days; Luotsi keeps only its
/// SHA-256. A new link replaces the referral's earlier unanswered ones. The page opens in the
/// client's language (`language`). The referral must be `completed` and have no answer yet (409
/// otherwise). Audited (`feedback_link`); the token is never logged nor audited.
#[utoipa::path(
    tag = "referrals",
    params(("id" = String, Path, description = "Referral id")),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The link; give `url` (or `path` on Luotsi's public address) to the client", body = FeedbackLinkDto),
        (status = 404, description = "No such referral", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The referral is not completed yet, or its feedback was already recorded", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/referrals/{id}/feedback-link")]
pub async fn create_feedback_link(
    state: web::Data<AppState>,
    caller: Caller<roles::Staff>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    if !is_referral_id(&id) {
        return Err(refuse_unknown_id(&state, &caller.principal, &req, "feedback_link_denied").await);
    }
    let principal = caller.principal.clone();
    let rid = request_id(&req);
    let LinkToken { token, hash } = LinkToken::generate();
    let (link, language) = state
        .db(move |conn| {
            let made = store::write_tx(conn, |conn| {
                let Some(stored) = repo::find(conn, &id)?.filter(|s| s.referral.view_for(&principal).is_some()) else {
                    return Ok(Err(AppError::NotFound(format!("there is no referral {id}"))));
                };
                let answered = feedback_repo::find(conn, &id)?.map(|f| (f.source(), f.recorded_at));
                if let Err(refusal) = rules::may_answer(stored.referral.status, answered) {
                    return Ok(Err(refused(refusal)));
                }
                let at = now();
                let link = LinkRow {
                    token_hash: hash,
                    referral_id: id.clone(),
                    created_at: at,
                    expires_at: rules::link_expiry(at),
                    used_at: None,
                };
                feedback_repo::replace_link(conn, &link)?;
                audit_repo::append(conn, &[entry(&principal, "feedback_link", Some(&id), &rid, None)])?;
                Ok::<_, AppError>(Ok((link, stored.referral.language)))
            })?;
            if made.is_err() {
                audit_repo::append(conn, &[entry(&principal, "feedback_link_denied", Some(&id), &rid, None)])?;
            }
            made
        })
        .await?;
    crate::metrics::feedback_link();
    let path = format!("/feedback/{token}");
    let url = state.settings.public_url.as_deref().map(|base| format!("{base}{path}"));
    Ok(HttpResponse::Created().json(FeedbackLinkDto { path, url, expires_at: utc(link.expires_at), language }))
}

/// The problem examples of the document for these operations, made by the code that answers
/// them; `None` leaves the common example of the status.
pub(crate) fn problem_example(path: &str, status: &str) -> Option<AppError> {
    let recording = path == "/v1/referrals/{id}/feedback";
    let linking = path == "/v1/referrals/{id}/feedback-link";
    if !recording && !linking {
        return None;
    }
    let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).and_then(|d| d.and_hms_opt(10, 15, 0)).unwrap_or_default();
    Some(match status {
        "403" if recording => AppError::Forbidden("this needs one of the roles: call_centre, team_member".into()),
        "409" if recording => refused(Refusal::NotCompleted(Status::InProgress)),
        "409" => refused(Refusal::AlreadyAnswered { via: Source::Phone, at }),
        "422" if recording => {
            let grade = Grade::parse(7).err().unwrap_or_default();
            AppError::Validation(vec![FieldError::new("grade", grade)])
        }
        "422" => match crate::http::input::check_path("id", "a%00") {
            Err(e) => AppError::Validation(vec![e]),
            Ok(()) => return None,
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_read_with_every_field_error() {
        let input = |grade: i64, comment: Option<&str>| FeedbackInput {
            helped: true,
            within_target: false,
            grade,
            comment: comment.map(str::to_owned),
        };
        let answer = answer_of(&input(5, Some("  Hyvä.  "))).unwrap();
        assert_eq!((answer.grade.value(), answer.comment.as_deref()), (5, Some("Hyvä.")));
        assert_eq!(answer_of(&input(1, Some(" "))).unwrap().comment, None);
        let Err(AppError::Validation(errors)) = answer_of(&input(0, Some("a\u{7}"))) else { panic!() };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["grade", "comment"]);
    }
}
