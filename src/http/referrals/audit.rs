//! The audit log, for auditors.

use super::*;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    pub referral_id: Option<String>,
    pub actor: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Page number, from 1 (at most 1,000,000).
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
    /// Items a page, 1-200 (default 20).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditEntryDto {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub roles: String,
    /// create, join, read, read_outline, read_denied, client_lookup, worklist, status:<status>,
    /// feedback:phone, feedback:link, feedback_denied, feedback_link, feedback_link_denied,
    /// feedback_page (the client opened a feedback link; actor `client`)
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
