//! Catalogue endpoints: the need taxonomy, services, service points and teams.
//!
//! Reads come from the in-memory snapshot. Writes (role `admin`) validate every field, use
//! optimistic concurrency (`If-Match` with the ETag; a stale write gets 412), bump the catalogue
//! version in the same transaction and reload the snapshot. Deactivation keeps the record, so
//! referrals keep pointing at what existed.

use actix_web::http::header;
use actix_web::{delete, get, post, put, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::errors::{AppError, FieldError, Problem};
use super::extract::{etag, roles, Caller, IfMatch};
use super::json::JsonBody;
use crate::domain::catalogue::{
    check_id, check_text, Catalogue, Channel, OrganizationKind, Service, ServiceFilter, ServicePoint, ServiceStatus,
    Team,
};
use crate::domain::hours::{parse_instant, HoursStatus, OpeningHours};
use crate::domain::lang::{Lang, Localized};
use crate::domain::municipality::MunicipalityCode;
use crate::domain::needs::{taxonomy, Need, NeedCode};
use crate::http::state::AppState;
use crate::store::{self, catalogue as repo};

// ------------------------------------------------------------------------------------------------
// DTOs

#[derive(Serialize, ToSchema)]
pub struct NeedList {
    #[schema(example = "luotsi-needs")]
    pub taxonomy: String,
    #[schema(example = "1")]
    pub version: String,
    pub needs: Vec<Need>,
}

#[derive(Serialize, ToSchema)]
pub struct OrganizationRef {
    pub id: String,
    pub name: String,
    pub kind: OrganizationKind,
}

#[derive(Serialize, ToSchema)]
pub struct TeamRef {
    pub id: String,
    pub name: String,
    pub active: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ServicePointDto {
    pub id: String,
    pub service_id: String,
    pub location_id: String,
    #[schema(example = "Seinäjoen sote-keskus")]
    pub name: String,
    pub name_sv: Option<String>,
    #[schema(example = "Terveystie 1")]
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    #[schema(value_type = Option<String>, example = "743")]
    pub municipality: Option<MunicipalityCode>,
    pub languages: Vec<Lang>,
    pub hours: OpeningHours,
    /// Opening status at the instant asked about (now unless `at` is given).
    pub status: HoursStatus,
    pub active: bool,
    pub version: i64,
}

/// A service as the catalogue holds it.
#[derive(Serialize, ToSchema)]
pub struct ServiceDto {
    #[schema(example = "677579c7-3a71-58ec-b930-58a6820ce7b8")]
    pub id: String,
    pub organization: Option<OrganizationRef>,
    pub name: Localized,
    pub description: Option<Localized>,
    pub status: ServiceStatus,
    pub min_age: Option<u32>,
    pub max_age: Option<u32>,
    #[schema(value_type = Vec<String>, example = json!(["743", "145"]))]
    pub municipalities: Vec<MunicipalityCode>,
    pub languages: Vec<Lang>,
    pub channels: Vec<Channel>,
    #[schema(value_type = Vec<String>, example = json!(["health.memory"]))]
    pub need_codes: Vec<NeedCode>,
    #[schema(example = "P5.1")]
    pub service_class: Option<String>,
    #[schema(example = 7)]
    pub access_target_days: u32,
    pub accepts_referrals: bool,
    /// Hours of a service without service points (a helpline).
    pub hours: Option<OpeningHours>,
    /// Open now at any of its points (null when no hours are known).
    pub open_now: Option<bool>,
    pub next_opening: Option<DateTime<Utc>>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    /// Only in the single-service view.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<Vec<ServicePointDto>>,
    /// Teams that take referrals for it (single-service view).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub teams: Option<Vec<TeamRef>>,
}

#[derive(Serialize, ToSchema)]
pub struct ServicePage {
    pub items: Vec<ServiceDto>,
    #[schema(example = 1)]
    pub page: u32,
    #[schema(example = 20)]
    pub per_page: u32,
    #[schema(example = 52)]
    pub total: usize,
}

#[derive(Serialize, ToSchema)]
pub struct TeamDto {
    #[schema(example = "f9430aec-5766-5fe2-bdbf-ed7858e70bb5")]
    pub id: String,
    #[schema(example = "sjk-mtp")]
    pub slug: Option<String>,
    #[schema(example = "Seinäjoen sote-keskus: Mielenterveys- ja päihdetiimi")]
    pub name: String,
    #[schema(example = "sjk")]
    pub sote_centre: Option<String>,
    pub services: Vec<String>,
    #[schema(value_type = Vec<String>, example = json!(["743"]))]
    pub municipalities: Vec<MunicipalityCode>,
    pub languages: Vec<Lang>,
    #[schema(example = 40)]
    pub weekly_capacity: u32,
    pub active: bool,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct TeamPage {
    pub items: Vec<TeamDto>,
    pub page: u32,
    pub per_page: u32,
    pub total: usize,
}

pub fn utc(t: chrono::NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

pub fn service_dto(cat: &Catalogue, s: &Service, at: DateTime<Utc>, full: bool) -> ServiceDto {
    let status = cat.hours_status(s, at);
    ServiceDto {
        id: s.id.clone(),
        organization: cat.organization(&s.organization_id).map(|o| OrganizationRef {
            id: o.id.clone(),
            name: o.name.clone(),
            kind: o.kind,
        }),
        name: s.name.clone(),
        description: s.description.clone(),
        status: s.status,
        min_age: s.min_age,
        max_age: s.max_age,
        municipalities: s.municipalities.clone(),
        languages: s.languages.clone(),
        channels: s.channels.clone(),
        need_codes: s.need_codes.clone(),
        service_class: s.service_class.clone(),
        access_target_days: s.access_target_days,
        accepts_referrals: s.accepts_referrals,
        hours: s.hours.clone(),
        open_now: status.as_ref().map(|h| h.open_now),
        next_opening: status.and_then(|h| h.next_opening),
        version: s.version,
        updated_at: utc(s.updated_at),
        points: full.then(|| cat.points_of(&s.id).map(|p| point_dto(p, at)).collect()),
        teams: full.then(|| {
            cat.teams_for(&s.id).map(|t| TeamRef { id: t.id.clone(), name: t.name.clone(), active: t.active }).collect()
        }),
    }
}

fn point_dto(p: &ServicePoint, at: DateTime<Utc>) -> ServicePointDto {
    ServicePointDto {
        id: p.id.clone(),
        service_id: p.service_id.clone(),
        location_id: p.location_id.clone(),
        name: p.name.clone(),
        name_sv: p.name_sv.clone(),
        address: p.address.clone(),
        postal_code: p.postal_code.clone(),
        city: p.city.clone(),
        municipality: p.municipality.clone(),
        languages: p.languages.clone(),
        status: p.hours.status_at(at),
        hours: p.hours.clone(),
        active: p.active,
        version: p.version,
    }
}

fn team_dto(t: &Team) -> TeamDto {
    TeamDto {
        id: t.id.clone(),
        slug: t.slug.clone(),
        name: t.name.clone(),
        sote_centre: t.sote_centre.clone(),
        services: t.services.clone(),
        municipalities: t.municipalities.clone(),
        languages: t.languages.clone(),
        weekly_capacity: t.weekly_capacity,
        active: t.active,
        version: t.version,
        updated_at: utc(t.updated_at),
    }
}

// ------------------------------------------------------------------------------------------------
// Reads

/// The need taxonomy v1 with Finnish, Swedish and English labels.
#[utoipa::path(
    tag = "catalogue",
    responses((status = 200, description = "Every need code", body = NeedList))
)]
#[get("/v1/needs")]
pub async fn list_needs() -> HttpResponse {
    let t = taxonomy();
    HttpResponse::Ok().json(NeedList {
        taxonomy: t.taxonomy.clone(),
        version: t.version.clone(),
        needs: t.needs.clone(),
    })
}

#[derive(Deserialize, IntoParams, Debug)]
#[into_params(parameter_in = Query)]
pub struct ServiceQuery {
    /// Municipality code the client lives in (only services that cover it).
    #[param(example = "743")]
    pub municipality: Option<String>,
    /// A need code (only services that answer it).
    #[param(example = "health.memory")]
    pub need: Option<String>,
    /// Only services given in this language (fi, sv, en).
    pub language: Option<String>,
    /// Only services whose age limits include this age.
    pub age: Option<u32>,
    /// Only services with this channel (in_person, phone, chat, video, home_visit).
    pub channel: Option<String>,
    /// true: only services open now (at `at`); false: only closed ones.
    pub open_now: Option<bool>,
    /// Words that must all appear in the name or description.
    pub text: Option<String>,
    /// The instant for `open_now` and opening hours (RFC 3339), from 2000-01-01T00:00:00Z to
    /// 2100-12-31T23:59:59Z; now when missing.
    #[param(value_type = Option<String>, format = DateTime, example = "2026-11-23T09:00:00+02:00")]
    pub at: Option<String>,
    /// Include inactive and temporarily closed services.
    pub include_inactive: Option<bool>,
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Items a page, 1-200 (default 20).
    pub per_page: Option<u32>,
}

pub fn paging(page: Option<u32>, per_page: Option<u32>) -> Result<(u32, u32), AppError> {
    let page = page.unwrap_or(1);
    let per_page = per_page.unwrap_or(20);
    let mut errors = Vec::new();
    if page == 0 || page > 1_000_000 {
        errors.push(FieldError::new("page", "must be 1 or more"));
    }
    if per_page == 0 || per_page > 200 {
        errors.push(FieldError::new("per_page", "must be 1-200"));
    }
    if errors.is_empty() {
        Ok((page, per_page))
    } else {
        Err(AppError::Validation(errors))
    }
}

fn page_of<T>(items: Vec<T>, page: u32, per_page: u32) -> Vec<T> {
    let start = ((page - 1) as usize).saturating_mul(per_page as usize);
    items.into_iter().skip(start).take(per_page as usize).collect()
}

/// Services of the catalogue, filtered and paginated.
#[utoipa::path(
    tag = "catalogue",
    params(ServiceQuery),
    responses(
        (status = 200, description = "A page of services", body = ServicePage),
        (status = 422, description = "A filter is not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/services")]
pub async fn list_services(
    state: web::Data<AppState>,
    query: web::Query<ServiceQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let cat = state.catalogue.get();
    let mut errors = Vec::new();
    let (page, per_page) = paging(q.page, q.per_page).unwrap_or_else(|e| {
        if let AppError::Validation(mut e) = e {
            errors.append(&mut e);
        }
        (1, 1)
    });
    let municipality = match q.municipality.as_deref().map(MunicipalityCode::parse) {
        Some(Ok(m)) if cat.knows_municipality(&m) => Some(m),
        Some(Ok(m)) => {
            errors.push(FieldError::new("municipality", format!("{m} is not a municipality of the region")));
            None
        }
        Some(Err(e)) => {
            errors.push(FieldError::new("municipality", e));
            None
        }
        None => None,
    };
    let need = match q.need.as_deref().map(NeedCode::parse) {
        Some(Ok(n)) => Some(n),
        Some(Err(e)) => {
            errors.push(FieldError::new("need", e));
            None
        }
        None => None,
    };
    let language = match q.language.as_deref() {
        Some(raw) => Lang::parse(raw).or_else(|| {
            errors.push(FieldError::new("language", format!("{raw:?} is not fi, sv or en")));
            None
        }),
        None => None,
    };
    let channel = match q.channel.as_deref() {
        Some(raw) => Channel::parse(raw).or_else(|| {
            errors.push(FieldError::new(
                "channel",
                format!("{raw:?} is not in_person, phone, chat, video or home_visit"),
            ));
            None
        }),
        None => None,
    };
    if q.age.is_some_and(|a| a > 130) {
        errors.push(FieldError::new("age", "must be 0-130"));
    }
    let at = instant_or_now(q.at.as_deref()).unwrap_or_else(|e| {
        errors.push(e);
        Utc::now()
    });
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let filter = ServiceFilter {
        municipality,
        need,
        language,
        age: q.age,
        channel,
        open_now: q.open_now,
        text: q.text.filter(|t| !t.trim().is_empty()),
        include_inactive: q.include_inactive.unwrap_or(false),
    };
    let found = cat.search(&filter, at);
    let total = found.len();
    let items = page_of(found, page, per_page).into_iter().map(|s| service_dto(&cat, s, at, false)).collect();
    Ok(HttpResponse::Ok().json(ServicePage { items, page, per_page, total }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AtQuery {
    /// The instant for opening hours (RFC 3339), from 2000-01-01T00:00:00Z to
    /// 2100-12-31T23:59:59Z; now when missing.
    #[param(value_type = Option<String>, format = DateTime, example = "2026-11-23T09:00:00+02:00")]
    pub at: Option<String>,
}

/// The `at` of a query: checked and in range (422 naming `at` otherwise), or now when missing.
fn instant_or_now(raw: Option<&str>) -> Result<DateTime<Utc>, FieldError> {
    raw.map(parse_instant).transpose().map(|at| at.unwrap_or_else(Utc::now)).map_err(|e| FieldError::new("at", e))
}

/// One service with its service points, opening hours, next opening and teams.
#[utoipa::path(
    tag = "catalogue",
    params(("id" = String, Path, description = "Service id"), AtQuery),
    responses(
        (status = 200, description = "The service; the ETag is its version", body = ServiceDto,
            headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/services/{id}")]
pub async fn get_service(
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: web::Query<AtQuery>,
) -> Result<HttpResponse, AppError> {
    let at = instant_or_now(query.at.as_deref()).map_err(|e| AppError::Validation(vec![e]))?;
    let cat = state.catalogue.get();
    let s = cat.service(&id).ok_or_else(|| AppError::NotFound(format!("there is no service {id}")))?;
    Ok(HttpResponse::Ok().insert_header((header::ETAG, etag(s.version))).json(service_dto(&cat, s, at, true)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TeamQuery {
    /// Only teams that cover this municipality.
    pub municipality: Option<String>,
    /// Only teams that take referrals for this service.
    pub service: Option<String>,
    /// Include inactive teams.
    pub include_inactive: Option<bool>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// The multiprofessional teams (any authenticated role).
#[utoipa::path(
    tag = "catalogue",
    params(TeamQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "A page of teams", body = TeamPage))
)]
#[get("/v1/teams")]
pub async fn list_teams(
    state: web::Data<AppState>,
    _user: Caller<roles::Anyone>,
    query: web::Query<TeamQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let (page, per_page) = paging(q.page, q.per_page)?;
    let municipality = q
        .municipality
        .as_deref()
        .map(MunicipalityCode::parse)
        .transpose()
        .map_err(|e| AppError::validation("municipality", e))?;
    let cat = state.catalogue.get();
    let mut teams: Vec<&Team> = cat
        .teams
        .iter()
        .filter(|t| q.include_inactive.unwrap_or(false) || t.active)
        .filter(|t| municipality.as_ref().is_none_or(|m| t.covers(m)))
        .filter(|t| q.service.as_deref().is_none_or(|s| t.takes(s)))
        .collect();
    teams.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    let total = teams.len();
    let items = page_of(teams, page, per_page).into_iter().map(team_dto).collect();
    Ok(HttpResponse::Ok().json(TeamPage { items, page, per_page, total }))
}

/// One team (any authenticated role).
#[utoipa::path(
    tag = "catalogue",
    params(("id" = String, Path, description = "Team id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The team", body = TeamDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 404, description = "No such team", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/teams/{id}")]
pub async fn get_team(
    state: web::Data<AppState>,
    _user: Caller<roles::Anyone>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let cat = state.catalogue.get();
    let t = cat.team(&id).ok_or_else(|| AppError::NotFound(format!("there is no team {id}")))?;
    Ok(HttpResponse::Ok().insert_header((header::ETAG, etag(t.version))).json(team_dto(t)))
}

// ------------------------------------------------------------------------------------------------
// Writes (admin)

fn validate_codes<T>(
    field: &str,
    raw: &[String],
    parse: impl Fn(&str) -> Result<T, String>,
    errors: &mut Vec<FieldError>,
) -> Vec<T>
where
    T: PartialEq,
{
    let mut out = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        match parse(r) {
            Ok(v) if !out.contains(&v) => out.push(v),
            Ok(_) => {}
            Err(e) => errors.push(FieldError::new(format!("{field}[{i}]"), e)),
        }
    }
    out
}

fn municipality_parser(cat: &Catalogue) -> impl Fn(&str) -> Result<MunicipalityCode, String> + '_ {
    move |raw| {
        let code = MunicipalityCode::parse(raw)?;
        if cat.knows_municipality(&code) {
            Ok(code)
        } else {
            Err(format!("{code} is not a municipality of the region"))
        }
    }
}

/// validator's form of [`check_id`], so a bad id is refused with the body's other field errors,
/// before anything is written.
fn valid_id(raw: &str) -> Result<(), validator::ValidationError> {
    check_id(raw).map_err(|m| validator::ValidationError::new("id").with_message(m.into()))
}

/// Refuses control characters in one-line text fields (names, addresses, codes).
fn check_lines(fields: &[(&str, Option<&str>)], errors: &mut Vec<FieldError>) {
    for (field, value) in fields {
        if let Some(Err(e)) = value.map(|v| check_text(v, false)) {
            errors.push(FieldError::new(*field, e));
        }
    }
}

fn lang_parser(raw: &str) -> Result<Lang, String> {
    Lang::parse(raw).ok_or_else(|| format!("{raw:?} is not fi, sv or en"))
}

/// A service to create or replace.
#[derive(Deserialize, Validate, ToSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "organization_id": "7dc68580-fd90-5f3b-bf25-d782dd9efbba",
    "name": {"fi": "Muistihoitajan vastaanotto", "sv": "Minnesskötarens mottagning", "en": "Memory nurse"},
    "status": "active",
    "min_age": 40,
    "municipalities": ["743", "145"],
    "languages": ["fi", "sv"],
    "channels": ["in_person", "phone"],
    "need_codes": ["health.memory"],
    "service_class": "P5.1",
    "access_target_days": 7,
    "accepts_referrals": true
}))]
pub struct ServiceInput {
    /// Id of a new service: a lowercase UUID or a slug (a-z, 0-9, inner hyphens, 1-64
    /// characters); a UUID is generated when missing. Ignored on update.
    #[validate(custom(function = "valid_id"))]
    #[schema(pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64)]
    pub id: Option<String>,
    #[validate(length(min = 1, max = 100))]
    pub organization_id: String,
    pub name: Localized,
    pub description: Option<Localized>,
    #[serde(default = "active")]
    pub status: ServiceStatus,
    #[validate(range(max = 130))]
    pub min_age: Option<u32>,
    #[validate(range(max = 130))]
    pub max_age: Option<u32>,
    #[validate(length(min = 1, max = 400))]
    pub municipalities: Vec<String>,
    #[validate(length(min = 1, max = 3))]
    pub languages: Vec<String>,
    #[validate(length(max = 5))]
    #[serde(default)]
    pub channels: Vec<String>,
    #[validate(length(min = 1, max = 60))]
    pub need_codes: Vec<String>,
    #[validate(length(max = 20))]
    pub service_class: Option<String>,
    #[validate(range(max = 365))]
    #[serde(default = "seven")]
    pub access_target_days: u32,
    pub accepts_referrals: bool,
    pub hours: Option<OpeningHours>,
}

fn active() -> ServiceStatus {
    ServiceStatus::Active
}

fn seven() -> u32 {
    7
}

impl ServiceInput {
    fn into_service(
        self,
        cat: &Catalogue,
        id: String,
        version: i64,
        created: chrono::NaiveDateTime,
        now: chrono::NaiveDateTime,
    ) -> Result<Service, AppError> {
        let mut errors = Vec::new();
        if cat.organization(&self.organization_id).is_none() {
            errors
                .push(FieldError::new("organization_id", format!("there is no organization {}", self.organization_id)));
        }
        check_localized("name", &self.name, false, &mut errors);
        if let Some(d) = &self.description {
            check_localized("description", d, true, &mut errors);
        }
        check_lines(&[("service_class", self.service_class.as_deref())], &mut errors);
        if let (Some(min), Some(max)) = (self.min_age, self.max_age) {
            if min > max {
                errors.push(FieldError::new("min_age", format!("{min} is above max_age {max}")));
            }
        }
        let municipalities =
            validate_codes("municipalities", &self.municipalities, municipality_parser(cat), &mut errors);
        let languages = validate_codes("languages", &self.languages, lang_parser, &mut errors);
        let channels = validate_codes(
            "channels",
            &self.channels,
            |raw| {
                Channel::parse(raw).ok_or_else(|| format!("{raw:?} is not in_person, phone, chat, video or home_visit"))
            },
            &mut errors,
        );
        let need_codes = validate_codes("need_codes", &self.need_codes, NeedCode::parse, &mut errors);
        if let Some(h) = &self.hours {
            if let Err(e) = h.validate() {
                errors.push(FieldError::new("hours", e.to_string()));
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let mut municipalities = municipalities;
        municipalities.sort();
        Ok(Service {
            id,
            organization_id: self.organization_id,
            name: self.name,
            description: self.description,
            status: self.status,
            min_age: self.min_age,
            max_age: self.max_age,
            municipalities,
            languages,
            channels,
            need_codes,
            service_class: self.service_class,
            access_target_days: self.access_target_days,
            accepts_referrals: self.accepts_referrals,
            hours: self.hours,
            version,
            created_at: created,
            updated_at: now,
        })
    }
}

fn check_localized(field: &str, text: &Localized, multiline: bool, errors: &mut Vec<FieldError>) {
    let parts = [("fi", Some(&text.fi)), ("sv", text.sv.as_ref()), ("en", text.en.as_ref())];
    for (lang, value) in parts {
        if let Some(v) = value {
            if let Err(e) = check_text(v, multiline) {
                errors.push(FieldError::new(format!("{field}.{lang}"), e));
            }
            if v.trim().is_empty() && (lang == "fi" || !v.is_empty()) {
                errors.push(FieldError::new(format!("{field}.{lang}"), "must not be empty"));
            }
            if v.chars().count() > 2000 {
                errors.push(FieldError::new(format!("{field}.{lang}"), "may be at most 2000 characters"));
            }
        }
    }
}

/// Runs a catalogue write in one transaction with the version bump, then swaps in the new
/// snapshot. The snapshot is read inside the transaction, so a write whose catalogue cannot be
/// read back is rolled back rather than committed and answered with an error.
async fn write<T, F>(state: &web::Data<AppState>, f: F) -> Result<T, AppError>
where
    F: FnOnce(&mut store::DbConn) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let cache = state.catalogue.clone();
    state
        .db(move |conn| {
            let (out, data) = store::write_tx(conn, |conn| {
                let out = f(conn)?;
                repo::bump_version(conn)?;
                let data = repo::load(conn).map_err(|e| match e {
                    repo::LoadError::Db(db) => AppError::from(db),
                    repo::LoadError::Corrupt(c) => AppError::internal(c),
                })?;
                Ok::<_, AppError>((out, data))
            })?;
            // A concurrent write may have swapped in a newer snapshot already: keep the newest.
            if cache.get().version <= data.version {
                cache.set(Catalogue::new(data));
            }
            Ok::<_, AppError>(out)
        })
        .await
}

fn stale(kind: &str, id: &str, expected: i64) -> AppError {
    AppError::PreconditionFailed(format!(
        "{kind} {id} has changed since version {expected}; read it again and reapply your change"
    ))
}

/// Creates a service (role `admin`).
#[utoipa::path(
    tag = "catalogue",
    request_body = ServiceInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = ServiceDto, headers(("ETag" = String), ("Location" = String))),
        (status = 409, description = "A service with this id exists", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/services")]
pub async fn create_service(
    state: web::Data<AppState>,
    _user: Caller<roles::Admin>,
    body: JsonBody<ServiceInput>,
) -> Result<HttpResponse, AppError> {
    let input = body.into_inner();
    let now = repo::now();
    let id = input.id.clone().unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let service = input.into_service(&state.catalogue.get(), id.clone(), 1, now, now)?;
    write(&state, move |conn| {
        if repo::find_service(conn, &service.id)?.is_some() {
            return Err(AppError::Conflict { detail: format!("service {} already exists", service.id), context: None });
        }
        repo::insert_service(conn, &service)?;
        Ok(())
    })
    .await?;
    let cat = state.catalogue.get();
    let s = cat.service(&id).ok_or_else(|| AppError::internal("the created service is not in the snapshot"))?;
    Ok(HttpResponse::Created()
        .insert_header((header::ETAG, etag(s.version)))
        .insert_header((header::LOCATION, format!("/v1/services/{id}")))
        .json(service_dto(&cat, s, Utc::now(), true)))
}

/// Replaces a service (role `admin`, `If-Match` required).
#[utoipa::path(
    tag = "catalogue",
    params(("id" = String, Path, description = "Service id"), ("If-Match" = String, Header, description = "ETag of the version read")),
    request_body = ServiceInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Updated", body = ServiceDto, headers(("ETag" = String))),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The service changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/v1/services/{id}")]
pub async fn update_service(
    state: web::Data<AppState>,
    _user: Caller<roles::Admin>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<ServiceInput>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let expected = if_match.required()?;
    let input = body.into_inner();
    let cat = state.catalogue.get();
    let now = repo::now();
    let draft = input.into_service(&cat, id.clone(), expected + 1, now, now)?;
    let service_id = id.clone();
    write(&state, move |conn| {
        let old = repo::find_service(conn, &service_id)?
            .ok_or_else(|| AppError::NotFound(format!("there is no service {service_id}")))?;
        if old.version != expected {
            return Err(stale("service", &service_id, expected));
        }
        let mut next = draft;
        next.created_at = old.created_at;
        if !repo::update_service(conn, &next, expected)? {
            return Err(stale("service", &service_id, expected));
        }
        Ok(())
    })
    .await?;
    respond_service(&state, &id, HttpResponse::Ok())
}

fn respond_service(
    state: &web::Data<AppState>,
    id: &str,
    mut builder: actix_web::HttpResponseBuilder,
) -> Result<HttpResponse, AppError> {
    let cat = state.catalogue.get();
    let s = cat.service(id).ok_or_else(|| AppError::NotFound(format!("there is no service {id}")))?;
    Ok(builder.insert_header((header::ETAG, etag(s.version))).json(service_dto(&cat, s, Utc::now(), true)))
}

/// Deactivates a service (role `admin`, `If-Match` required). The record stays, marked inactive.
#[utoipa::path(
    tag = "catalogue",
    params(("id" = String, Path, description = "Service id"), ("If-Match" = String, Header, description = "ETag of the version read")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Deactivated", body = ServiceDto, headers(("ETag" = String))),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The service changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/v1/services/{id}")]
pub async fn deactivate_service(
    state: web::Data<AppState>,
    _user: Caller<roles::Admin>,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let expected = if_match.required()?;
    let service_id = id.clone();
    write(&state, move |conn| {
        let mut s = repo::find_service(conn, &service_id)?
            .ok_or_else(|| AppError::NotFound(format!("there is no service {service_id}")))?;
        if s.version != expected {
            return Err(stale("service", &service_id, expected));
        }
        s.status = ServiceStatus::Inactive;
        s.version += 1;
        s.updated_at = repo::now();
        if !repo::update_service(conn, &s, expected)? {
            return Err(stale("service", &service_id, expected));
        }
        Ok(())
    })
    .await?;
    respond_service(&state, &id, HttpResponse::Ok())
}

/// A service point to create or replace.
#[derive(Deserialize, Validate, ToSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Seinäjoen sote-keskus",
    "address": "Terveystie 1",
    "postal_code": "60100",
    "city": "Seinäjoki",
    "municipality": "743",
    "languages": ["fi", "sv"],
    "hours": {"weekly": [{"days": ["MO", "TU", "WE", "TH", "FR"], "opens": "08:00", "closes": "16:00"}],
              "exceptions": [{"from": "2026-12-24", "to": "2026-12-26", "note": "Joulu"}]}
}))]
pub struct ServicePointInput {
    /// Id of a new point: a lowercase UUID or a slug (a-z, 0-9, inner hyphens, 1-64 characters);
    /// a UUID is generated when missing. Ignored on update.
    #[validate(custom(function = "valid_id"))]
    #[schema(pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64)]
    pub id: Option<String>,
    /// The HSDS location the point is at, an id of the same alphabet; the point's id when missing.
    #[validate(custom(function = "valid_id"))]
    #[schema(pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64)]
    pub location_id: Option<String>,
    #[validate(length(min = 1, max = 200))]
    pub name: String,
    #[validate(length(max = 200))]
    pub name_sv: Option<String>,
    #[validate(length(max = 200))]
    pub address: Option<String>,
    #[validate(length(max = 20))]
    pub postal_code: Option<String>,
    #[validate(length(max = 100))]
    pub city: Option<String>,
    pub municipality: Option<String>,
    #[serde(default)]
    #[validate(length(max = 3))]
    pub languages: Vec<String>,
    #[serde(default)]
    pub hours: OpeningHours,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

impl ServicePointInput {
    fn into_point(
        self,
        cat: &Catalogue,
        id: String,
        service_id: String,
        version: i64,
        now: chrono::NaiveDateTime,
    ) -> Result<ServicePoint, AppError> {
        let mut errors = Vec::new();
        let municipality = match self.municipality.as_deref() {
            Some(raw) => match municipality_parser(cat)(raw) {
                Ok(m) => Some(m),
                Err(e) => {
                    errors.push(FieldError::new("municipality", e));
                    None
                }
            },
            None => None,
        };
        let languages = validate_codes("languages", &self.languages, lang_parser, &mut errors);
        if let Err(e) = self.hours.validate() {
            errors.push(FieldError::new("hours", e.to_string()));
        }
        if self.name.trim().is_empty() {
            errors.push(FieldError::new("name", "must not be empty"));
        }
        let lines = [
            ("name", Some(self.name.as_str())),
            ("name_sv", self.name_sv.as_deref()),
            ("address", self.address.as_deref()),
            ("postal_code", self.postal_code.as_deref()),
            ("city", self.city.as_deref()),
        ];
        check_lines(&lines, &mut errors);
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        Ok(ServicePoint {
            location_id: self.location_id.unwrap_or_else(|| id.clone()),
            id,
            service_id,
            name: self.name,
            name_sv: self.name_sv,
            address: self.address,
            postal_code: self.postal_code,
            city: self.city,
            municipality,
            languages,
            hours: self.hours,
            active: self.active,
            version,
            updated_at: now,
        })
    }
}

/// Adds a service point to a service (role `admin`).
#[utoipa::path(
    tag = "catalogue",
    params(("id" = String, Path, description = "Service id")),
    request_body = ServicePointInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = ServicePointDto, headers(("ETag" = String))),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A point with this id exists", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/services/{id}/points")]
pub async fn create_point(
    state: web::Data<AppState>,
    _user: Caller<roles::Admin>,
    id: web::Path<String>,
    body: JsonBody<ServicePointInput>,
) -> Result<HttpResponse, AppError> {
    let service_id = id.into_inner();
    let cat = state.catalogue.get();
    if cat.service(&service_id).is_none() {
        return Err(AppError::NotFound(format!("there is no service {service_id}")));
    }
    let input = body.into_inner();
    let point_id = input.id.clone().unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let point = input.into_point(&cat, point_id.clone(), service_id, 1, repo::now())?;
    write(&state, move |conn| {
        if repo::find_point(conn, &point.id)?.is_some() {
            return Err(AppError::Conflict {
                detail: format!("service point {} already exists", point.id),
                context: None,
            });
        }
        repo::insert_point(conn, &point)?;
        Ok(())
    })
    .await?;
    respond_point(&state, &point_id, HttpResponse::Created())
}

fn respond_point(
    state: &web::Data<AppState>,
    id: &str,
    mut builder: actix_web::HttpResponseBuilder,
) -> Result<HttpResponse, AppError> {
    let cat = state.catalogue.get();
    let p = cat
        .points
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(|| AppError::NotFound(format!("there is no service point {id}")))?;
    Ok(builder.insert_header((header::ETAG, etag(p.version))).json(point_dto(p, Utc::now())))
}

/// Replaces a service point (role `admin`, `If-Match` required). `active: false` deactivates it.
#[utoipa::path(
    tag = "catalogue",
    params(("id" = String, Path, description = "Service point id"), ("If-Match" = String, Header, description = "ETag of the version read")),
    request_body = ServicePointInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Updated", body = ServicePointDto, headers(("ETag" = String))),
        (status = 404, description = "No such point", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The point changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/v1/points/{id}")]
pub async fn update_point(
    state: web::Data<AppState>,
    _user: Caller<roles::Admin>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<ServicePointInput>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let expected = if_match.required()?;
    let cat = state.catalogue.get();
    let existing = cat
        .points
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(|| AppError::NotFound(format!("there is no service point {id}")))?;
    let draft =
        body.into_inner().into_point(&cat, id.clone(), existing.service_id.clone(), expected + 1, repo::now())?;
    let point_id = id.clone();
    write(&state, move |conn| {
        let old = repo::find_point(conn, &point_id)?
            .ok_or_else(|| AppError::NotFound(format!("there is no service point {point_id}")))?;
        if old.version != expected || !repo::update_point(conn, &draft, expected)? {
            return Err(stale("service point", &point_id, expected));
        }
        Ok(())
    })
    .await?;
    respond_point(&state, &id, HttpResponse::Ok())
}

/// A team to create or replace.
#[derive(Deserialize, Validate, ToSchema, Debug)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "slug": "sjk-mtp",
    "name": "Seinäjoen sote-keskus: Mielenterveys- ja päihdetiimi",
    "sote_centre": "sjk",
    "services": ["8b670337-e038-5678-9098-4cdd5063d846"],
    "municipalities": ["743"],
    "languages": ["fi", "sv", "en"],
    "weekly_capacity": 40
}))]
pub struct TeamInput {
    /// Id of a new team: a lowercase UUID or a slug (a-z, 0-9, inner hyphens, 1-64 characters);
    /// a UUID is generated when missing. Ignored on update.
    #[validate(custom(function = "valid_id"))]
    #[schema(pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64)]
    pub id: Option<String>,
    /// A short name of the team, of the same alphabet as ids.
    #[validate(custom(function = "valid_id"))]
    #[schema(pattern = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length = 64)]
    pub slug: Option<String>,
    #[validate(length(min = 1, max = 200))]
    pub name: String,
    #[validate(length(min = 1, max = 100))]
    pub sote_centre: Option<String>,
    /// Ids of the services the team takes referrals for.
    #[validate(length(min = 1, max = 500))]
    pub services: Vec<String>,
    #[validate(length(min = 1, max = 400))]
    pub municipalities: Vec<String>,
    #[validate(length(min = 1, max = 3))]
    pub languages: Vec<String>,
    #[validate(range(max = 100000))]
    pub weekly_capacity: u32,
    #[serde(default = "yes")]
    pub active: bool,
}

impl TeamInput {
    fn into_team(
        self,
        cat: &Catalogue,
        id: String,
        version: i64,
        now: chrono::NaiveDateTime,
    ) -> Result<Team, AppError> {
        let mut errors = Vec::new();
        let services = validate_codes(
            "services",
            &self.services,
            |raw| {
                check_id(raw)?;
                cat.service(raw).map(|s| s.id.clone()).ok_or_else(|| format!("there is no service {raw}"))
            },
            &mut errors,
        );
        let mut municipalities =
            validate_codes("municipalities", &self.municipalities, municipality_parser(cat), &mut errors);
        let languages = validate_codes("languages", &self.languages, lang_parser, &mut errors);
        if self.name.trim().is_empty() {
            errors.push(FieldError::new("name", "must not be empty"));
        }
        check_lines(&[("name", Some(&self.name)), ("sote_centre", self.sote_centre.as_deref())], &mut errors);
        if let Some(slug) = &self.slug {
            if cat.teams.iter().any(|t| t.slug.as_deref() == Some(slug) && t.id != id) {
                errors.push(FieldError::new("slug", format!("{slug:?} is another team's slug")));
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let mut services = services;
        services.sort();
        municipalities.sort();
        Ok(Team {
            id,
            slug: self.slug,
            name: self.name,
            sote_centre: self.sote_centre,
            services,
            municipalities,
            languages,
            weekly_capacity: self.weekly_capacity,
            active: self.active,
            version,
            created_at: now,
            updated_at: now,
        })
    }
}

fn respond_team(
    state: &web::Data<AppState>,
    id: &str,
    mut builder: actix_web::HttpResponseBuilder,
) -> Result<HttpResponse, AppError> {
    let cat = state.catalogue.get();
    let t = cat.team(id).ok_or_else(|| AppError::NotFound(format!("there is no team {id}")))?;
    Ok(builder.insert_header((header::ETAG, etag(t.version))).json(team_dto(t)))
}

/// Creates a team (role `admin`).
#[utoipa::path(
    tag = "catalogue",
    request_body = TeamInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = TeamDto, headers(("ETag" = String), ("Location" = String))),
        (status = 409, description = "A team with this id exists", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/teams")]
pub async fn create_team(
    state: web::Data<AppState>,
    _user: Caller<roles::Admin>,
    body: JsonBody<TeamInput>,
) -> Result<HttpResponse, AppError> {
    let input = body.into_inner();
    let id = input.id.clone().unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let team = input.into_team(&state.catalogue.get(), id.clone(), 1, repo::now())?;
    write(&state, move |conn| {
        if repo::find_team(conn, &team.id)?.is_some() {
            return Err(AppError::Conflict { detail: format!("team {} already exists", team.id), context: None });
        }
        repo::insert_team(conn, &team)?;
        Ok(())
    })
    .await?;
    let location = format!("/v1/teams/{id}");
    respond_team(&state, &id, HttpResponse::Created().insert_header((header::LOCATION, location)).take())
}

/// Replaces a team (role `admin`, `If-Match` required).
#[utoipa::path(
    tag = "catalogue",
    params(("id" = String, Path, description = "Team id"), ("If-Match" = String, Header, description = "ETag of the version read")),
    request_body = TeamInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Updated", body = TeamDto, headers(("ETag" = String))),
        (status = 404, description = "No such team", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The team changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/v1/teams/{id}")]
pub async fn update_team(
    state: web::Data<AppState>,
    _user: Caller<roles::Admin>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<TeamInput>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let expected = if_match.required()?;
    let draft = body.into_inner().into_team(&state.catalogue.get(), id.clone(), expected + 1, repo::now())?;
    let team_id = id.clone();
    write(&state, move |conn| {
        let old = repo::find_team(conn, &team_id)?
            .ok_or_else(|| AppError::NotFound(format!("there is no team {team_id}")))?;
        let mut next = draft;
        next.created_at = old.created_at;
        if old.version != expected || !repo::update_team(conn, &next, expected)? {
            return Err(stale("team", &team_id, expected));
        }
        Ok(())
    })
    .await?;
    respond_team(&state, &id, HttpResponse::Ok())
}

/// Deactivates a team (role `admin`, `If-Match` required). Referrals keep pointing at it.
#[utoipa::path(
    tag = "catalogue",
    params(("id" = String, Path, description = "Team id"), ("If-Match" = String, Header, description = "ETag of the version read")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Deactivated", body = TeamDto, headers(("ETag" = String))),
        (status = 404, description = "No such team", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The team changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/v1/teams/{id}")]
pub async fn deactivate_team(
    state: web::Data<AppState>,
    _user: Caller<roles::Admin>,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let expected = if_match.required()?;
    let team_id = id.clone();
    write(&state, move |conn| {
        let mut t = repo::find_team(conn, &team_id)?
            .ok_or_else(|| AppError::NotFound(format!("there is no team {team_id}")))?;
        if t.version != expected {
            return Err(stale("team", &team_id, expected));
        }
        t.active = false;
        t.version += 1;
        t.updated_at = repo::now();
        if !repo::update_team(conn, &t, expected)? {
            return Err(stale("team", &team_id, expected));
        }
        Ok(())
    })
    .await?;
    respond_team(&state, &id, HttpResponse::Ok())
}
