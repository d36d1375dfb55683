//! The situation picture's statistics of a period.

use super::*;

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

/// The region's situation picture (tilannekeskus) for a period: per team and service, new, open
/// and overdue referrals, median days to acceptance and completion, the share handled within the
/// access target, the clients' feedback, by segment and channel (roles `admin`, `auditor`).
///
/// `feedback` counts the answers recorded in the period (by phone and through links), under the
/// lead team and each service of their referral, whenever the referral was made: a team or
/// service with answers and no new referrals in the period is listed with `new` 0.
#[utoipa::path(
    tag = "audit",
    params(StatsQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Figures of the period", body = Stats),
        (status = 422, description = "The period is not valid: it starts after it ends, or it is longer than three years (3 × 366 days; `from` defaults to 30 days before `to`, `to` to today)", body = Problem, content_type = "application/problem+json"),
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
    // 4 bytes a referral that the medians need. Feedback is read the same way.
    let StatsAcc { total, teams, services, by_segment, by_channel } = state
        .db(move |conn| {
            let mut acc = StatsAcc::default();
            repo::each_stat_row(conn, start, end, |r| acc.add(&r, now))?;
            crate::store::feedback::each_stat_row(conn, start, end, |f| acc.add_feedback(&f))?;
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
