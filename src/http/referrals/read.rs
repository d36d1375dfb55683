//! Reads of referrals: one with its history, and a client's referrals.

use super::*;

/// One referral with its status history and whether the client's feedback was received (staff,
/// integrations, and members of its teams). The read is audited.
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
    let dto = read_referral(&state, &caller.principal, &req, id.into_inner()).await?;
    Ok(HttpResponse::Ok().insert_header((header::ETAG, etag(dto.version))).json(dto))
}

/// One referral with its history as the caller may see it, the read audited (REST and FHIR);
/// an id that is not a referral id's shape is refused as `refuse_unknown_id` says.
pub(crate) async fn read_referral(
    state: &web::Data<AppState>,
    principal: &Principal,
    req: &HttpRequest,
    id: String,
) -> Result<ReferralDto, AppError> {
    if !is_referral_id(&id) {
        return Err(refuse_unknown_id(state, principal, req, "read_denied").await);
    }
    let principal = principal.clone();
    let rid = request_id(req);
    let (stored, events, view, feedback_at) = state
        .db(move |conn| {
            // Team members of other teams learn nothing about a referral, not even that it exists:
            // a hidden one and a missing one answer alike, and both refusals are audited.
            let found = repo::find(conn, &id)?.and_then(|s| s.referral.view_for(&principal).map(|v| (s, v)));
            let Some((stored, view)) = found else {
                audit_repo::append(conn, &[entry(&principal, "read_denied", Some(&id), &rid, None)])?;
                return Err(AppError::NotFound(format!("there is no referral {id}")));
            };
            let events = repo::events(conn, &id)?;
            let feedback_at = crate::store::feedback::recorded_at(conn, &id)?;
            let action = if view == View::Full { "read" } else { "read_outline" };
            audit_repo::append(conn, &[entry(&principal, action, Some(&id), &rid, None)])?;
            Ok::<_, AppError>((stored, events, view, feedback_at))
        })
        .await?;
    let cat = state.catalogue.get();
    let mut dto = referral_dto(&cat, &state.crypto, &stored, view, Some(events))?;
    dto.feedback_received = Some(feedback_at.is_some());
    dto.feedback_at = feedback_at.map(utc);
    Ok(dto)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClientQuery {
    /// The client's personal identity code, or their patient-system reference.
    pub client: String,
    /// Page number, from 1 (at most 1,000,000).
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
    /// Items a page, 1-200 (default 20).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
}

/// A client lookup in the body, so the identity code never stands in a URL (proxies and browser
/// histories keep URLs).
#[derive(Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientSearch {
    /// The client's personal identity code, or their patient-system reference (1-100 characters).
    #[schema(example = "131052-308T", min_length = 1, max_length = 100)]
    pub client: String,
    /// Page number, from 1 (at most 1,000,000).
    #[schema(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
    /// Items a page, 1-200 (default 20).
    #[schema(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
}

/// The client's referrals, newest first, to answer "what happened to my case?" (roles
/// `call_centre`, `integration`), with the client in the body. Each referral read is audited.
#[utoipa::path(
    tag = "referrals",
    request_body = ClientSearch,
    security(("bearer" = [])),
    responses((status = 200, description = "The client's referrals", body = ReferralPage))
)]
#[post("/v1/referrals/search")]
pub async fn search(
    state: web::Data<AppState>,
    caller: Caller<roles::Staff>,
    req: HttpRequest,
    body: JsonBody<ClientSearch>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    client_referrals(state, caller, req, &b.client, b.page, b.per_page).await
}

/// Deprecated: the identity code stands in the URL. Use `POST /v1/referrals/search`; this stays
/// for one release. The client's referrals, newest first (roles `call_centre`, `integration`).
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
    let mut answer = client_referrals(state, caller, req, &q.client, q.page, q.per_page).await?;
    // RFC 9745: this resource is deprecated; its successor is named by a link.
    answer
        .headers_mut()
        .insert(header::HeaderName::from_static("deprecation"), header::HeaderValue::from_static("true"));
    answer
        .headers_mut()
        .insert(header::LINK, header::HeaderValue::from_static("</v1/referrals/search>; rel=\"successor-version\""));
    Ok(answer)
}

async fn client_referrals(
    state: web::Data<AppState>,
    caller: Caller<roles::Staff>,
    req: HttpRequest,
    client: &str,
    page: Option<u32>,
    per_page: Option<u32>,
) -> Result<HttpResponse, AppError> {
    let (page, per_page) = paging(page, per_page)?;
    // As the document says: 1-100 characters as written, not blank, no control or bidi character.
    if client.trim().is_empty() || client.chars().count() > 100 {
        return Err(AppError::validation("client", "give the client's hetu or patient reference (1-100 characters)"));
    }
    let hidden = crate::domain::catalogue::control_char(client, false)
        .or_else(|| client.chars().find(|c| crate::domain::catalogue::is_bidi_control(*c)));
    if let Some(c) = hidden {
        let what = crate::domain::catalogue::describe_char(c);
        return Err(AppError::validation(
            "client",
            format!("must not hold the control or bidirectional character {what}"),
        ));
    }
    // A valid identity code is looked up as one; anything else as a patient-system reference.
    let keys = state.crypto.lookup_hashes(&crate::domain::referral::client_key(client));
    let principal = caller.principal.clone();
    let rid = request_id(&req);
    let all = state
        .db(move |conn| {
            let offset = i64::from((page - 1) * per_page);
            let template = entry(&principal, "client_lookup", None, &rid, None);
            Ok::<_, AppError>(repo::client_page(conn, &keys, 1000, offset, i64::from(per_page), &template)?)
        })
        .await?;
    let cat = state.catalogue.get();
    let items = all
        .0
        .iter()
        .map(|s| referral_dto(&cat, &state.crypto, s, View::Full, None).map(summarised))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(ReferralPage { items, page, per_page, total: all.1 }))
}
