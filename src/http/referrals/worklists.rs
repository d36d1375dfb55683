//! The team's worklist.

use super::*;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WorklistParams {
    /// Statuses, comma-separated (default: the open ones).
    pub status: Option<String>,
    /// Only referrals past their due date.
    pub overdue: Option<bool>,
    /// Page number, from 1 (at most 1,000,000).
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
    /// Items a page, 1-200 (default 20).
    #[param(minimum = 1, maximum = 200)]
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
    let (page, per_page) = paging(q.page, q.per_page)?;
    let statuses = match q.status.as_deref() {
        None => Status::ALL.into_iter().filter(|s| s.is_open()).collect(),
        Some(raw) => raw
            .split(',')
            .map(|s| {
                Status::parse(s.trim_matches(' '))
                    .ok_or_else(|| AppError::validation("status", format!("{s:?} is not a status")))
            })
            .collect::<Result<Vec<_>, _>>()?,
    };
    let slice = Slice { statuses, overdue: q.overdue.unwrap_or(false), page, per_page };
    let (items, total) = team_referrals(&state, &caller.principal, &req, team_id, slice).await?;
    Ok(HttpResponse::Ok().json(ReferralPage { items, page, per_page, total }))
}

/// Which of a team's referrals, and which page of them.
pub(crate) struct Slice {
    pub statuses: Vec<Status>,
    pub overdue: bool,
    pub page: u32,
    pub per_page: u32,
}

/// A page of the referrals a team leads, by due date, each listed one audited (REST worklist
/// and FHIR Task search); the caller must act for the team.
pub(crate) async fn team_referrals(
    state: &web::Data<AppState>,
    principal: &Principal,
    req: &HttpRequest,
    team_id: String,
    slice: Slice,
) -> Result<(Vec<ReferralDto>, i64), AppError> {
    let cat = state.catalogue.get();
    if cat.team(&team_id).is_none() {
        return Err(AppError::NotFound(format!("there is no team {team_id}")));
    }
    if !principal.acts_for_team(&team_id) {
        return Err(AppError::Forbidden(format!("you are not a member of team {team_id}")));
    }
    let Slice { statuses, overdue, page, per_page } = slice;
    let principal = principal.clone();
    let rid = request_id(req);
    let overdue_at = overdue.then(now);
    let (items, total) = state
        .db(move |conn| {
            let query = WorklistQuery {
                team_id: &team_id,
                statuses,
                overdue_at,
                offset: i64::from((page - 1) * per_page),
                limit: i64::from(per_page),
            };
            Ok::<_, AppError>(repo::worklist(conn, &query, &entry(&principal, "worklist", None, &rid, None))?)
        })
        .await?;
    let dtos = items
        .iter()
        .map(|s| referral_dto(&cat, &state.crypto, s, View::Full, None).map(summarised))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((dtos, total))
}
