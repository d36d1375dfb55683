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
use super::extract::{etag, roles, Caller, IfMatch, IfMatchHeader};
use super::json::JsonBody;
use super::paging::{page_of, paging, utc};
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
// What the writes share

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
            Err(crate::domain::municipality::not_in_region(&code))
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

fn yes() -> bool {
    true
}

mod needs;
mod points;
mod services;
mod teams;

pub use needs::{list_municipalities, list_needs};
pub use points::{create_point, update_point, ServicePointInput};
pub use services::{
    create_service, deactivate_service, get_service, list_services, update_service, AtQuery, ServiceInput, ServiceQuery,
};
pub use teams::{create_team, deactivate_team, get_team, list_teams, update_team, TeamInput, TeamQuery};
