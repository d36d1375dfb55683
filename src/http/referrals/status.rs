//! The closed loop: status changes by the owning team.

use super::*;

#[derive(Deserialize, Validate, ToSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "accepted"}))]
pub struct StatusChange {
    /// requested (only from triage_pending: the urgency was assessed), accepted, rejected,
    /// in_progress, completed, cancelled or redirected.
    pub status: String,
    /// Required for rejected, cancelled and redirected.
    #[validate(length(max = 1000))]
    #[schema(max_length = 1000)]
    pub reason: Option<String>,
    /// The target team of a redirect.
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub team_id: Option<String>,
}

/// Moves a referral in the closed loop (members of the owning team; `If-Match` with the version).
/// Each change is an event with actor, time, reason and the version it was made against.
#[utoipa::path(
    tag = "referrals",
    params(("id" = String, Path, description = "Referral id"), IfMatchHeader),
    request_body = StatusChange,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Changed; `events` holds the whole status history", body = ReferralDto, headers(("ETag" = String))),
        (status = 404, description = "No such referral", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The change is not allowed from this status (or the referral is closed)", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The referral changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid, a reason is missing where the status needs one, or `team_id` names no team of the catalogue", body = Problem, content_type = "application/problem+json"),
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
    if !is_referral_id(&id) {
        return Err(refuse_unknown_id(&state, &caller.principal, &req, "status_denied").await);
    }
    let change = body.into_inner();
    let expected = if_match.required()?;
    let dto = apply_status(&state, &caller.principal, &req, id, expected, change).await?;
    Ok(HttpResponse::Ok().insert_header((header::ETAG, etag(dto.version))).json(dto))
}

/// Moves a referral in the closed loop, for any front door (REST, FHIR): the caller must act for
/// the owning team; the answer is the full view with the whole status history.
pub(crate) async fn apply_status(
    state: &web::Data<AppState>,
    principal: &Principal,
    req: &HttpRequest,
    id: String,
    expected: i64,
    change: StatusChange,
) -> Result<ReferralDto, AppError> {
    let to = Status::parse(change.status.trim()).ok_or_else(|| {
        AppError::validation(
            "status",
            format!(
                "{:?} is not a status (requested, accepted, rejected, in_progress, completed, cancelled, redirected)",
                change.status
            ),
        )
    })?;
    if to == Status::TriagePending {
        return Err(AppError::validation("status", "a referral is triage_pending only when it is made"));
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
    let principal = principal.clone();
    let rid = request_id(req);
    let keys = state.crypto.clone();
    let (stored, from, to) = state
        .db(move |conn| {
            let changed = store::write_tx(conn, |conn| {
                // A referral the caller may not see answers as a missing one does.
                let Some(mut stored) = repo::find(conn, &id)?.filter(|s| s.referral.view_for(&principal).is_some())
                else {
                    return Ok(Err(AppError::NotFound(format!("there is no referral {id}"))));
                };
                let r = &mut stored.referral;
                let owner = r.lead_team_id.clone();
                if !owner.as_deref().is_some_and(|t| principal.acts_for_team(t)) {
                    return Ok(Err(AppError::Forbidden(
                        "only members of the team that owns the referral can change its status".into(),
                    )));
                }
                if r.version != expected {
                    return Err(AppError::PreconditionFailed(format!(
                        "the referral is at version {}, not {expected}: read it again and reapply your change",
                        r.version
                    )));
                }
                let asked = Change { to, reason: change.reason.as_deref(), team_id: change.team_id.as_deref() };
                let Applied { from, to, team_id } = r.apply(&asked, now())?;
                r.version += 1;
                let at = r.updated_at;
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
                        reason: change.reason.as_deref().filter(|r| !r.trim().is_empty()).map(|r| keys.encrypt(r)),
                        team_id,
                        version: expected,
                    },
                )?;
                audit_repo::append(
                    conn,
                    &[entry(&principal, &format!("status:{}", to.as_str()), Some(&stored.referral.id), &rid, None)],
                )?;
                Ok(Ok((stored, from, to)))
            })?;
            // A refusal is audited outside the refused transaction, so that it stays.
            if changed.is_err() {
                audit_repo::append(conn, &[entry(&principal, "status_denied", Some(&id), &rid, None)])?;
            }
            changed
        })
        .await?;
    crate::metrics::status_change(from, to);
    state.referral_gauges.changed();
    let events = {
        let id = stored.referral.id.clone();
        state.db(move |conn| repo::events(conn, &id).map_err(AppError::from)).await?
    };
    referral_dto(&cat, &state.crypto, &stored, View::Full, Some(events))
}
