//! Reads of referrals: one with its history, and a client's referrals.

use super::*;

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
    if !is_referral_id(&id) {
        return Err(refuse_unknown_id(&state, &caller.principal, &req, "read_denied").await);
    }
    let principal = caller.principal.clone();
    let rid = request_id(&req);
    let (stored, events, view) = state
        .db(move |conn| {
            // Team members of other teams learn nothing about a referral, not even that it exists:
            // a hidden one and a missing one answer alike, and both refusals are audited.
            let found = repo::find(conn, &id)?.and_then(|s| s.referral.view_for(&principal).map(|v| (s, v)));
            let Some((stored, view)) = found else {
                audit_repo::append(conn, &[entry(&principal, "read_denied", Some(&id), &rid, None)])?;
                return Err(AppError::NotFound(format!("there is no referral {id}")));
            };
            let events = repo::events(conn, &id)?;
            let action = if view == View::Full { "read" } else { "read_outline" };
            audit_repo::append(conn, &[entry(&principal, action, Some(&id), &rid, None)])?;
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
    /// Page number, from 1 (at most 1,000,000).
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
    /// Items a page, 1-200 (default 20).
    #[param(minimum = 1, maximum = 200)]
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
    if client.is_empty() || client.chars().count() > 100 {
        return Err(AppError::validation("client", "give the client's hetu or patient reference (1-100 characters)"));
    }
    // A valid identity code is looked up as one; anything else as a patient-system reference.
    let lookup = match Hetu::parse(client) {
        Ok(h) => client_lookup(Some(&h), None),
        Err(_) => client_lookup(None, Some(client)),
    };
    let keys = state.crypto.lookup_hashes(&lookup);
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
