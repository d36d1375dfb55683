//! Catalogue persistence: rows, their conversion to domain types, loading the whole catalogue,
//! and the writes of import and of the admin API. Every write bumps `catalogue_state.version`
//! in the same transaction, which is how other replicas learn that they must reload.

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::de::DeserializeOwned;

use super::schema::{catalogue_state, municipalities, organizations, service_points, services, team_services, teams};
use super::DbConn;
use crate::domain::catalogue::{
    CatalogueData, Channel, Organization, OrganizationKind, Service, ServicePoint, ServiceStatus, Team,
};
use crate::domain::hours::OpeningHours;
use crate::domain::lang::{Lang, Localized};
use crate::domain::municipality::{Municipality, MunicipalityCode};
use crate::domain::needs::NeedCode;

pub fn now() -> NaiveDateTime {
    // Microsecond precision: both backends keep it, so what is written reads back equal.
    let n = Utc::now().naive_utc();
    n.with_nanosecond_trunc()
}

trait TruncNanos {
    fn with_nanosecond_trunc(self) -> Self;
}

impl TruncNanos for NaiveDateTime {
    fn with_nanosecond_trunc(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(self.nanosecond() / 1000 * 1000).unwrap_or(self)
    }
}

#[derive(Queryable, Selectable, Insertable, AsChangeset, Debug, Clone)]
#[diesel(table_name = municipalities)]
pub struct MunicipalityRow {
    pub code: String,
    pub name_fi: String,
    pub name_sv: Option<String>,
}

#[derive(Queryable, Selectable, Insertable, AsChangeset, Debug, Clone)]
#[diesel(table_name = organizations)]
pub struct OrganizationRow {
    pub id: String,
    pub name: String,
    pub name_sv: Option<String>,
    pub kind: String,
    pub description: Option<String>,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, AsChangeset, Debug, Clone)]
#[diesel(table_name = services, treat_none_as_null = true)]
pub struct ServiceRow {
    pub id: String,
    pub organization_id: String,
    pub name_fi: String,
    pub name_sv: Option<String>,
    pub name_en: Option<String>,
    pub description_fi: Option<String>,
    pub description_sv: Option<String>,
    pub description_en: Option<String>,
    pub status: String,
    pub min_age: Option<i32>,
    pub max_age: Option<i32>,
    pub municipalities: String,
    pub languages: String,
    pub channels: String,
    pub need_codes: String,
    pub service_class: Option<String>,
    pub access_target_days: i32,
    pub accepts_referrals: bool,
    pub hours: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, AsChangeset, Debug, Clone)]
#[diesel(table_name = service_points, treat_none_as_null = true)]
pub struct ServicePointRow {
    pub id: String,
    pub service_id: String,
    pub location_id: String,
    pub name: String,
    pub name_sv: Option<String>,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub municipality: Option<String>,
    pub languages: String,
    pub hours: String,
    pub active: bool,
    pub version: i64,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, AsChangeset, Debug, Clone)]
#[diesel(table_name = teams, treat_none_as_null = true)]
pub struct TeamRow {
    pub id: String,
    pub slug: Option<String>,
    pub name: String,
    pub sote_centre: Option<String>,
    pub municipalities: String,
    pub languages: String,
    pub weekly_capacity: i32,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = team_services)]
pub struct TeamServiceRow {
    pub team_id: String,
    pub service_id: String,
}

/// A stored value that no longer parses (the database was edited by hand, or a newer version
/// wrote it). Reported with the row so it can be fixed.
#[derive(Debug, thiserror::Error)]
#[error("{table} {id}: column {column}: {message}")]
pub struct CorruptRow {
    pub table: &'static str,
    pub id: String,
    pub column: &'static str,
    pub message: String,
}

fn json_col<T: DeserializeOwned>(
    table: &'static str,
    id: &str,
    column: &'static str,
    raw: &str,
) -> Result<T, CorruptRow> {
    serde_json::from_str(raw).map_err(|e| CorruptRow { table, id: id.into(), column, message: e.to_string() })
}

pub fn to_json<T: serde::Serialize>(value: &T) -> String {
    // Serialising plain lists and maps of strings cannot fail.
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

impl MunicipalityRow {
    pub fn into_domain(self) -> Result<Municipality, CorruptRow> {
        let code = MunicipalityCode::parse(&self.code).map_err(|message| CorruptRow {
            table: "municipalities",
            id: self.code.clone(),
            column: "code",
            message,
        })?;
        Ok(Municipality { code, fi: self.name_fi, sv: self.name_sv })
    }

    pub fn from_domain(m: &Municipality) -> Self {
        Self { code: m.code.to_string(), name_fi: m.fi.clone(), name_sv: m.sv.clone() }
    }
}

impl OrganizationRow {
    pub fn into_domain(self) -> Result<Organization, CorruptRow> {
        let kind = OrganizationKind::parse(&self.kind).ok_or_else(|| CorruptRow {
            table: "organizations",
            id: self.id.clone(),
            column: "kind",
            message: format!("unknown kind {:?}", self.kind),
        })?;
        Ok(Organization { id: self.id, name: self.name, name_sv: self.name_sv, kind, description: self.description })
    }

    pub fn from_domain(o: &Organization, at: NaiveDateTime) -> Self {
        Self {
            id: o.id.clone(),
            name: o.name.clone(),
            name_sv: o.name_sv.clone(),
            kind: o.kind.as_str().into(),
            description: o.description.clone(),
            updated_at: at,
        }
    }
}

impl ServiceRow {
    pub fn into_domain(self) -> Result<Service, CorruptRow> {
        let t = "services";
        let id = self.id.clone();
        let status = ServiceStatus::parse(&self.status).ok_or_else(|| CorruptRow {
            table: t,
            id: id.clone(),
            column: "status",
            message: format!("unknown status {:?}", self.status),
        })?;
        let description =
            self.description_fi.map(|fi| Localized { fi, sv: self.description_sv, en: self.description_en });
        let hours: Option<OpeningHours> = match &self.hours {
            Some(raw) => Some(json_col(t, &id, "hours", raw)?),
            None => None,
        };
        Ok(Service {
            organization_id: self.organization_id,
            name: Localized { fi: self.name_fi, sv: self.name_sv, en: self.name_en },
            description,
            status,
            min_age: self.min_age.map(|a| a.max(0) as u32),
            max_age: self.max_age.map(|a| a.max(0) as u32),
            municipalities: json_col::<Vec<MunicipalityCode>>(t, &id, "municipalities", &self.municipalities)?,
            languages: json_col::<Vec<Lang>>(t, &id, "languages", &self.languages)?,
            channels: json_col::<Vec<Channel>>(t, &id, "channels", &self.channels)?,
            need_codes: json_col::<Vec<NeedCode>>(t, &id, "need_codes", &self.need_codes)?,
            service_class: self.service_class,
            access_target_days: self.access_target_days.max(0) as u32,
            accepts_referrals: self.accepts_referrals,
            hours,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
            id,
        })
    }

    pub fn from_domain(s: &Service) -> Self {
        let (description_fi, description_sv, description_en) = match &s.description {
            Some(d) => (Some(d.fi.clone()), d.sv.clone(), d.en.clone()),
            None => (None, None, None),
        };
        Self {
            id: s.id.clone(),
            organization_id: s.organization_id.clone(),
            name_fi: s.name.fi.clone(),
            name_sv: s.name.sv.clone(),
            name_en: s.name.en.clone(),
            description_fi,
            description_sv,
            description_en,
            status: s.status.as_str().into(),
            min_age: s.min_age.map(|a| a as i32),
            max_age: s.max_age.map(|a| a as i32),
            municipalities: to_json(&s.municipalities),
            languages: to_json(&s.languages),
            channels: to_json(&s.channels),
            need_codes: to_json(&s.need_codes),
            service_class: s.service_class.clone(),
            access_target_days: s.access_target_days as i32,
            accepts_referrals: s.accepts_referrals,
            hours: s.hours.as_ref().map(to_json),
            version: s.version,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

impl ServicePointRow {
    pub fn into_domain(self) -> Result<ServicePoint, CorruptRow> {
        let t = "service_points";
        let id = self.id.clone();
        let municipality = match &self.municipality {
            Some(m) => Some(MunicipalityCode::parse(m).map_err(|message| CorruptRow {
                table: t,
                id: id.clone(),
                column: "municipality",
                message,
            })?),
            None => None,
        };
        Ok(ServicePoint {
            service_id: self.service_id,
            location_id: self.location_id,
            name: self.name,
            name_sv: self.name_sv,
            address: self.address,
            postal_code: self.postal_code,
            city: self.city,
            municipality,
            languages: json_col(t, &id, "languages", &self.languages)?,
            hours: json_col(t, &id, "hours", &self.hours)?,
            active: self.active,
            version: self.version,
            updated_at: self.updated_at,
            id,
        })
    }

    pub fn from_domain(p: &ServicePoint) -> Self {
        Self {
            id: p.id.clone(),
            service_id: p.service_id.clone(),
            location_id: p.location_id.clone(),
            name: p.name.clone(),
            name_sv: p.name_sv.clone(),
            address: p.address.clone(),
            postal_code: p.postal_code.clone(),
            city: p.city.clone(),
            municipality: p.municipality.as_ref().map(|m| m.to_string()),
            languages: to_json(&p.languages),
            hours: to_json(&p.hours),
            active: p.active,
            version: p.version,
            updated_at: p.updated_at,
        }
    }
}

impl TeamRow {
    pub fn into_domain(self, services: Vec<String>) -> Result<Team, CorruptRow> {
        let t = "teams";
        let id = self.id.clone();
        Ok(Team {
            slug: self.slug,
            name: self.name,
            sote_centre: self.sote_centre,
            services,
            municipalities: json_col(t, &id, "municipalities", &self.municipalities)?,
            languages: json_col(t, &id, "languages", &self.languages)?,
            weekly_capacity: self.weekly_capacity.max(0) as u32,
            active: self.active,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
            id,
        })
    }

    pub fn from_domain(team: &Team) -> Self {
        Self {
            id: team.id.clone(),
            slug: team.slug.clone(),
            name: team.name.clone(),
            sote_centre: team.sote_centre.clone(),
            municipalities: to_json(&team.municipalities),
            languages: to_json(&team.languages),
            weekly_capacity: team.weekly_capacity as i32,
            active: team.active,
            version: team.version,
            created_at: team.created_at,
            updated_at: team.updated_at,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
    #[error(transparent)]
    Corrupt(#[from] CorruptRow),
}

pub fn version(conn: &mut DbConn) -> QueryResult<i64> {
    catalogue_state::table.select(catalogue_state::version).find(1).first(conn)
}

/// Marks the catalogue changed; call inside the write's transaction.
pub fn bump_version(conn: &mut DbConn) -> QueryResult<i64> {
    diesel::update(catalogue_state::table.find(1))
        .set((catalogue_state::version.eq(catalogue_state::version + 1), catalogue_state::updated_at.eq(now())))
        .execute(conn)?;
    version(conn)
}

/// Reads the whole catalogue (for the in-memory snapshot).
pub fn load(conn: &mut DbConn) -> Result<CatalogueData, LoadError> {
    let version = version(conn)?;
    let municipalities = municipalities::table
        .order(municipalities::code)
        .select(MunicipalityRow::as_select())
        .load(conn)?
        .into_iter()
        .map(MunicipalityRow::into_domain)
        .collect::<Result<_, _>>()?;
    let organizations = organizations::table
        .order(organizations::id)
        .select(OrganizationRow::as_select())
        .load(conn)?
        .into_iter()
        .map(OrganizationRow::into_domain)
        .collect::<Result<_, _>>()?;
    let services = services::table
        .order(services::id)
        .select(ServiceRow::as_select())
        .load(conn)?
        .into_iter()
        .map(ServiceRow::into_domain)
        .collect::<Result<_, _>>()?;
    let points = service_points::table
        .order((service_points::service_id, service_points::id))
        .select(ServicePointRow::as_select())
        .load(conn)?
        .into_iter()
        .map(ServicePointRow::into_domain)
        .collect::<Result<_, _>>()?;
    let links: Vec<TeamServiceRow> = team_services::table
        .order((team_services::team_id, team_services::service_id))
        .select(TeamServiceRow::as_select())
        .load(conn)?;
    let mut by_team: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
    for link in links {
        by_team.entry(link.team_id).or_default().push(link.service_id);
    }
    let teams = teams::table
        .order(teams::id)
        .select(TeamRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|row| {
            let services = by_team.remove(&row.id).unwrap_or_default();
            row.into_domain(services)
        })
        .collect::<Result<_, _>>()?;
    Ok(CatalogueData { version, municipalities, organizations, services, points, teams })
}

pub fn service_count(conn: &mut DbConn) -> QueryResult<i64> {
    services::table.count().get_result(conn)
}

pub fn upsert_municipality(conn: &mut DbConn, m: &Municipality) -> QueryResult<()> {
    // The multi-backend has no ON CONFLICT: update, and insert when nothing was there.
    let row = MunicipalityRow::from_domain(m);
    if diesel::update(municipalities::table.find(&row.code)).set(&row).execute(conn)? == 0 {
        diesel::insert_into(municipalities::table).values(&row).execute(conn)?;
    }
    Ok(())
}

pub fn upsert_organization(conn: &mut DbConn, o: &Organization, at: NaiveDateTime) -> QueryResult<()> {
    let row = OrganizationRow::from_domain(o, at);
    if diesel::update(organizations::table.find(&row.id)).set(&row).execute(conn)? == 0 {
        diesel::insert_into(organizations::table).values(&row).execute(conn)?;
    }
    Ok(())
}

pub fn find_service(conn: &mut DbConn, id: &str) -> QueryResult<Option<Service>> {
    let row = services::table.find(id).select(ServiceRow::as_select()).first(conn).optional()?;
    row.map(|r| r.into_domain().map_err(|e| diesel::result::Error::DeserializationError(Box::new(e)))).transpose()
}

pub fn insert_service(conn: &mut DbConn, s: &Service) -> QueryResult<()> {
    diesel::insert_into(services::table).values(ServiceRow::from_domain(s)).execute(conn)?;
    Ok(())
}

/// Writes a service if its stored version is still `expected_version`; false when it is not.
pub fn update_service(conn: &mut DbConn, s: &Service, expected_version: i64) -> QueryResult<bool> {
    let n = diesel::update(services::table.find(&s.id).filter(services::version.eq(expected_version)))
        .set(ServiceRow::from_domain(s))
        .execute(conn)?;
    Ok(n == 1)
}

pub fn find_point(conn: &mut DbConn, id: &str) -> QueryResult<Option<ServicePoint>> {
    let row = service_points::table.find(id).select(ServicePointRow::as_select()).first(conn).optional()?;
    row.map(|r| r.into_domain().map_err(|e| diesel::result::Error::DeserializationError(Box::new(e)))).transpose()
}

pub fn insert_point(conn: &mut DbConn, p: &ServicePoint) -> QueryResult<()> {
    diesel::insert_into(service_points::table).values(ServicePointRow::from_domain(p)).execute(conn)?;
    Ok(())
}

pub fn update_point(conn: &mut DbConn, p: &ServicePoint, expected_version: i64) -> QueryResult<bool> {
    let n = diesel::update(service_points::table.find(&p.id).filter(service_points::version.eq(expected_version)))
        .set(ServicePointRow::from_domain(p))
        .execute(conn)?;
    Ok(n == 1)
}

pub fn find_team(conn: &mut DbConn, id: &str) -> QueryResult<Option<Team>> {
    let row = teams::table.find(id).select(TeamRow::as_select()).first(conn).optional()?;
    match row {
        None => Ok(None),
        Some(row) => {
            let services = team_services::table
                .filter(team_services::team_id.eq(id))
                .order(team_services::service_id)
                .select(team_services::service_id)
                .load(conn)?;
            row.into_domain(services).map(Some).map_err(|e| diesel::result::Error::DeserializationError(Box::new(e)))
        }
    }
}

pub fn insert_team(conn: &mut DbConn, team: &Team) -> QueryResult<()> {
    diesel::insert_into(teams::table).values(TeamRow::from_domain(team)).execute(conn)?;
    replace_team_services(conn, team)
}

pub fn update_team(conn: &mut DbConn, team: &Team, expected_version: i64) -> QueryResult<bool> {
    let n = diesel::update(teams::table.find(&team.id).filter(teams::version.eq(expected_version)))
        .set(TeamRow::from_domain(team))
        .execute(conn)?;
    if n == 1 {
        replace_team_services(conn, team)?;
    }
    Ok(n == 1)
}

fn replace_team_services(conn: &mut DbConn, team: &Team) -> QueryResult<()> {
    diesel::delete(team_services::table.filter(team_services::team_id.eq(&team.id))).execute(conn)?;
    let rows: Vec<TeamServiceRow> =
        team.services.iter().map(|s| TeamServiceRow { team_id: team.id.clone(), service_id: s.clone() }).collect();
    for row in rows {
        diesel::insert_into(team_services::table).values(&row).execute(conn)?;
    }
    Ok(())
}
