//! `luotsi import`: an HSDS 3.0 service list, a teams file and (optionally) the region's
//! municipality register, written to the catalogue in one transaction.
//!
//! Import is an upsert by id: run twice, the second run changes nothing. Items the files do not
//! mention are left as they are. One refused item refuses the whole import, and every refusal names
//! the item, its JSON path and the reason.

pub mod hsds;
pub mod ptv;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::catalogue::{check_id, control_char, Service, ServicePoint, Team};
use crate::domain::lang::Lang;
use crate::domain::municipality::{Municipality, MunicipalityCode};
use crate::store::{self, catalogue as repo, DbConn};
use hsds::Refusal;

/// The demo wellbeing region shipped in the binary (`data/demo-region/`).
pub mod demo {
    pub const CATALOGUE: &str = include_str!("../../data/demo-region/catalogue.hsds.json");
    pub const TEAMS: &str = include_str!("../../data/demo-region/teams.json");
    pub const MUNICIPALITIES: &str = include_str!("../../data/demo-region/municipalities.json");

    /// The demo region's services and organisations as a catalogue snapshot, read from the copy
    /// in the binary (for `luotsi explain` and tests, which have no database).
    pub fn services() -> crate::domain::catalogue::Catalogue {
        let value: serde_json::Value = serde_json::from_str(CATALOGUE).unwrap_or_default();
        let parsed = super::hsds::parse_services(&value, None, chrono::Utc::now().naive_utc());
        crate::domain::catalogue::Catalogue::new(crate::domain::catalogue::CatalogueData {
            services: parsed.services,
            organizations: parsed.organizations,
            ..Default::default()
        })
    }
}

#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl Counts {
    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Created => self.created += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.created + self.updated + self.unchanged
    }
}

#[derive(Clone, Copy)]
enum Outcome {
    Created,
    Updated,
    Unchanged,
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct ImportReport {
    pub dry_run: bool,
    pub municipalities: Counts,
    pub organizations: Counts,
    pub services: Counts,
    pub service_points: Counts,
    pub teams: Counts,
    pub refused: Vec<Refusal>,
    /// Services imported without need codes (the PTV mapping could not place them).
    pub without_needs: Vec<String>,
    /// Services no team takes: shown as information, not referred to.
    pub not_taken: Vec<String>,
    /// Links between PTV services and channels that the files do not hold.
    pub dangling_links: Vec<String>,
    /// PTV services of none of the region's municipalities: not imported.
    pub outside_region: Vec<String>,
    /// The catalogue version after the import (unchanged when nothing changed).
    pub catalogue_version: i64,
}

impl ImportReport {
    pub fn changed(&self) -> bool {
        [&self.municipalities, &self.organizations, &self.services, &self.service_points, &self.teams]
            .iter()
            .any(|c| c.created + c.updated > 0)
    }
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let line = |name: &str, c: &Counts| {
            format!("{name:<16} {:>6} created {:>6} updated {:>6} unchanged", c.created, c.updated, c.unchanged)
        };
        writeln!(f, "{}", line("municipalities", &self.municipalities))?;
        writeln!(f, "{}", line("organizations", &self.organizations))?;
        writeln!(f, "{}", line("services", &self.services))?;
        writeln!(f, "{}", line("service points", &self.service_points))?;
        writeln!(f, "{}", line("teams", &self.teams))?;
        let notes = [
            ("imported without need codes (the PTV mapping cannot place them)", &self.without_needs),
            ("taken by no team (shown as information, not referred to)", &self.not_taken),
            ("links to records the files do not hold", &self.dangling_links),
            ("services of none of the region's municipalities (not imported)", &self.outside_region),
        ];
        for (what, list) in notes.into_iter().filter(|(_, l)| !l.is_empty()) {
            writeln!(f, "{what}: {}", list.len())?;
            for s in list {
                writeln!(f, "  - {s}")?;
            }
        }
        writeln!(f, "refused          {:>6}", self.refused.len())?;
        for r in &self.refused {
            writeln!(f, "  - {r}")?;
        }
        if self.dry_run {
            write!(f, "dry run: nothing was written")
        } else if !self.refused.is_empty() {
            write!(f, "nothing was written: fix the refused items and import again")
        } else {
            write!(f, "catalogue version {}", self.catalogue_version)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Refused(Box<ImportReport>),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
    #[error(transparent)]
    Load(#[from] repo::LoadError),
    #[error("{0}")]
    Read(String),
}

/// Rolls back a dry run without treating it as a failure.
enum TxEnd {
    Error(ImportError),
    DryRun(Box<ImportReport>),
}

impl From<diesel::result::Error> for TxEnd {
    fn from(e: diesel::result::Error) -> Self {
        TxEnd::Error(ImportError::Db(e))
    }
}

/// The input files, already read: an HSDS service list, or PTV pages (each with its name).
#[derive(Default)]
pub struct ImportInput<'a> {
    pub hsds: &'a str,
    /// PTV open API v11 pages of services and service channels; when given, `hsds` is not read.
    pub ptv: &'a [(String, String)],
    pub teams: Option<&'a str>,
    pub municipalities: Option<&'a str>,
}

#[derive(Deserialize)]
struct MunicipalityFile {
    municipalities: Vec<Municipality>,
}

#[derive(Deserialize)]
struct TeamsFile {
    teams: Vec<Value>,
}

pub fn run(
    conn: &mut DbConn,
    input: &ImportInput,
    dry_run: bool,
    at: NaiveDateTime,
) -> Result<ImportReport, ImportError> {
    let source = if input.ptv.is_empty() {
        Source::Hsds(
            serde_json::from_str(input.hsds)
                .map_err(|e| ImportError::Read(format!("the HSDS file is not JSON: {e}")))?,
        )
    } else {
        let mut pages = Vec::with_capacity(input.ptv.len());
        for (name, text) in input.ptv {
            let page: Value = serde_json::from_str(text)
                .map_err(|e| ImportError::Read(format!("the PTV file {name} is not JSON: {e}")))?;
            pages.push((name.clone(), page));
        }
        Source::Ptv(pages)
    };
    let teams_doc: Option<Value> = input
        .teams
        .map(|t| serde_json::from_str(t).map_err(|e| ImportError::Read(format!("the teams file is not JSON: {e}"))))
        .transpose()?;
    let municipality_file: Option<MunicipalityFile> = input
        .municipalities
        .map(|m| {
            serde_json::from_str(m).map_err(|e| ImportError::Read(format!("the municipalities file is not valid: {e}")))
        })
        .transpose()?;
    let result = store::write_tx(conn, |conn| {
        let report = apply(conn, &source, teams_doc.as_ref(), municipality_file, at)?;
        if !report.refused.is_empty() {
            return Err(TxEnd::Error(ImportError::Refused(Box::new(report))));
        }
        if dry_run {
            return Err(TxEnd::DryRun(Box::new(report)));
        }
        Ok(report)
    });
    match result {
        Ok(report) => Ok(report),
        Err(TxEnd::DryRun(mut report)) => {
            report.dry_run = true;
            Ok(*report)
        }
        Err(TxEnd::Error(e)) => Err(e),
    }
}

/// The catalogue file or files of an import.
enum Source {
    Hsds(Value),
    Ptv(Vec<(String, Value)>),
}

fn apply(
    conn: &mut DbConn,
    source: &Source,
    teams_doc: Option<&Value>,
    municipality_file: Option<MunicipalityFile>,
    at: NaiveDateTime,
) -> Result<ImportReport, TxEnd> {
    let mut report = ImportReport::default();
    match source {
        Source::Hsds(doc) => control_characters(doc, "$", "HSDS file", &mut report.refused),
        Source::Ptv(pages) => {
            for (name, page) in pages {
                control_characters(page, &format!("{name}: $"), "PTV file", &mut report.refused);
            }
        }
    }
    if let Some(doc) = teams_doc {
        control_characters(doc, "$", "teams file", &mut report.refused);
    }
    if !report.refused.is_empty() {
        // Refused before anything is written: PostgreSQL would fail on a NUL, not refuse it.
        return Ok(report);
    }
    let existing = repo::load(conn).map_err(|e| TxEnd::Error(e.into()))?;

    // 1. The municipality register.
    let mut register: HashMap<MunicipalityCode, Municipality> =
        existing.municipalities.iter().map(|m| (m.code.clone(), m.clone())).collect();
    if let Some(file) = municipality_file {
        for m in file.municipalities {
            let outcome = match register.get(&m.code) {
                None => Outcome::Created,
                Some(old) if *old == m => Outcome::Unchanged,
                Some(_) => Outcome::Updated,
            };
            if !matches!(outcome, Outcome::Unchanged) {
                repo::upsert_municipality(conn, &m)?;
            }
            report.municipalities.add(outcome);
            register.insert(m.code.clone(), m);
        }
    }
    let bootstrap = register.is_empty();

    // 2. Services, their organizations and points.
    let read = |register: Option<&HashMap<MunicipalityCode, Municipality>>, report: &mut ImportReport| match source {
        Source::Hsds(doc) => hsds::parse_services(doc, register, at),
        Source::Ptv(pages) => {
            let finnish = crate::voikko::shared();
            let out = ptv::parse(pages, register, &existing.organizations, Some(&*finnish), at);
            report.without_needs = out.unmapped;
            report.dangling_links = out.dangling;
            report.outside_region = out.outside;
            out.parsed
        }
    };
    let mut parsed = read((!bootstrap).then_some(&register), &mut report);
    if bootstrap && parsed.refusals.is_empty() {
        // No register yet: the service areas declare the region's municipalities. Read the file
        // again with that register, so service points find their municipality by city name.
        for (code, name) in &parsed.areas {
            let m = Municipality { code: code.clone(), fi: name.clone(), sv: None };
            repo::upsert_municipality(conn, &m)?;
            report.municipalities.add(Outcome::Created);
            register.insert(code.clone(), m);
        }
        parsed = read(Some(&register), &mut report);
    }
    report.refused.extend(parsed.refusals.iter().cloned());
    let old_orgs: HashMap<&str, _> = existing.organizations.iter().map(|o| (o.id.as_str(), o)).collect();
    for org in &parsed.organizations {
        let outcome = match old_orgs.get(org.id.as_str()) {
            None => Outcome::Created,
            Some(old) if **old == *org => Outcome::Unchanged,
            Some(_) => Outcome::Updated,
        };
        if !matches!(outcome, Outcome::Unchanged) {
            repo::upsert_organization(conn, org, at)?;
        }
        report.organizations.add(outcome);
    }
    // The teams, read before the services: a PTV service is a referral service when a team takes it.
    let teams = match teams_doc {
        Some(doc) => {
            let known_services: HashSet<&str> = existing
                .services
                .iter()
                .map(|s| s.id.as_str())
                .chain(parsed.services.iter().map(|s| s.id.as_str()))
                .collect();
            Some(parse_teams(doc, &register, &known_services, at, &mut report.refused))
        }
        None => None,
    };
    if matches!(source, Source::Ptv(_)) {
        let new_ids: HashSet<&str> = teams.iter().flatten().map(|t| t.id.as_str()).collect();
        let kept = existing.teams.iter().filter(|t| !new_ids.contains(t.id.as_str()));
        let all_teams: Vec<&Team> = teams.iter().flatten().chain(kept).filter(|t| t.active).collect();
        for service in &mut parsed.services {
            service.accepts_referrals = all_teams.iter().any(|t| t.takes(&service.id));
            if !service.accepts_referrals {
                report.not_taken.push(format!("{} ({})", service.name.fi, service.id));
            }
        }
    }
    let old_services: HashMap<&str, &Service> = existing.services.iter().map(|s| (s.id.as_str(), s)).collect();
    for service in &parsed.services {
        let outcome = match old_services.get(service.id.as_str()) {
            None => {
                repo::insert_service(conn, service)?;
                Outcome::Created
            }
            Some(old) if same_service(old, service) => Outcome::Unchanged,
            Some(old) => {
                let mut next = service.clone();
                next.version = old.version + 1;
                next.created_at = old.created_at;
                repo::update_service(conn, &next, old.version)?;
                Outcome::Updated
            }
        };
        report.services.add(outcome);
    }
    let old_points: HashMap<&str, &ServicePoint> = existing.points.iter().map(|p| (p.id.as_str(), p)).collect();
    for point in &parsed.points {
        let outcome = match old_points.get(point.id.as_str()) {
            None => {
                repo::insert_point(conn, point)?;
                Outcome::Created
            }
            Some(old) if same_point(old, point) => Outcome::Unchanged,
            Some(old) => {
                let mut next = point.clone();
                next.version = old.version + 1;
                repo::update_point(conn, &next, old.version)?;
                Outcome::Updated
            }
        };
        report.service_points.add(outcome);
    }

    // 3. Teams.
    if let Some(teams) = &teams {
        let old_teams: HashMap<&str, &Team> = existing.teams.iter().map(|t| (t.id.as_str(), t)).collect();
        for team in teams {
            let outcome = match old_teams.get(team.id.as_str()) {
                None => {
                    repo::insert_team(conn, team)?;
                    Outcome::Created
                }
                Some(old) if same_team(old, team) => Outcome::Unchanged,
                Some(old) => {
                    let mut next = team.clone();
                    next.version = old.version + 1;
                    next.created_at = old.created_at;
                    repo::update_team(conn, &next, old.version)?;
                    Outcome::Updated
                }
            };
            report.teams.add(outcome);
        }
    }

    report.catalogue_version = if report.changed() { repo::bump_version(conn)? } else { existing.version };
    Ok(report)
}

fn same_service(old: &Service, new: &Service) -> bool {
    let mut a = new.clone();
    a.version = old.version;
    a.created_at = old.created_at;
    a.updated_at = old.updated_at;
    a == *old
}

fn same_point(old: &ServicePoint, new: &ServicePoint) -> bool {
    let mut a = new.clone();
    a.version = old.version;
    a.updated_at = old.updated_at;
    a == *old
}

fn same_team(old: &Team, new: &Team) -> bool {
    let mut a = new.clone();
    a.version = old.version;
    a.created_at = old.created_at;
    a.updated_at = old.updated_at;
    a == *old
}

/// Refuses every string of a document holding a control character other than a line break or a
/// tab (NUL, escape, DEL, C1), by its JSON path: PostgreSQL refuses NUL, and the others hide text.
fn control_characters(value: &Value, path: &str, item: &str, out: &mut Vec<Refusal>) {
    match value {
        Value::String(s) => {
            if let Some(c) = control_char(s, true) {
                let reason = format!("holds the control character U+{:04X}", u32::from(c));
                out.push(Refusal { path: path.to_owned(), item: item.to_owned(), reason });
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                control_characters(v, &format!("{path}[{i}]"), item, out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                control_characters(v, &format!("{path}.{k}"), item, out);
            }
        }
        _ => {}
    }
}

/// Reads the teams file (the format of the reference `teams.json`).
fn parse_teams(
    doc: &Value,
    register: &HashMap<MunicipalityCode, Municipality>,
    known_services: &HashSet<&str>,
    at: NaiveDateTime,
    refusals: &mut Vec<Refusal>,
) -> Vec<Team> {
    let file: TeamsFile = match serde_json::from_value(doc.clone()) {
        Ok(f) => f,
        Err(e) => {
            refusals.push(Refusal {
                path: "$".into(),
                item: "teams file".into(),
                reason: format!("expected {{\"teams\": [...]}}: {e}"),
            });
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (i, t) in file.teams.iter().enumerate() {
        let path = format!("$.teams[{i}]");
        let id = t.get("id").and_then(Value::as_str).unwrap_or("").trim().to_owned();
        let name = t.get("name").and_then(Value::as_str).unwrap_or("").trim().to_owned();
        let item = format!("team {} ({})", if id.is_empty() { "?" } else { &id }, name);
        let before = refusals.len();
        let mut refuse = |p: String, reason: String| refusals.push(Refusal { path: p, item: item.clone(), reason });
        if id.is_empty() || name.is_empty() {
            refuse(path.clone(), "a team needs an id and a name".into());
            continue;
        }
        if let Err(e) = check_id(&id) {
            refuse(format!("{path}.id"), format!("the id {e}"));
        }
        let slug = t.get("slug").and_then(Value::as_str).map(str::to_owned);
        if let Some(Err(e)) = slug.as_deref().map(check_id) {
            refuse(format!("{path}.slug"), format!("the slug {e}"));
        }
        if !seen.insert(id.clone()) {
            refuse(format!("{path}.id"), "the id is used twice".into());
        }
        let strings = |key: &str| -> Vec<String> {
            t.get(key)
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                .unwrap_or_default()
        };
        let mut services = strings("services");
        for (j, s) in services.iter().enumerate() {
            if let Err(e) = check_id(s) {
                refuse(format!("{path}.services[{j}]"), format!("the service id {e}"));
            } else if !known_services.contains(s.as_str()) {
                refuse(format!("{path}.services[{j}]"), format!("service {s} does not exist in the catalogue"));
            }
        }
        services.sort();
        services.dedup();
        let mut municipalities = Vec::new();
        for (j, m) in strings("municipalities").iter().enumerate() {
            match MunicipalityCode::parse(m) {
                Ok(code) if register.contains_key(&code) => municipalities.push(code),
                Ok(code) => refuse(format!("{path}.municipalities[{j}]"), format!("unknown municipality code {code}")),
                Err(e) => refuse(format!("{path}.municipalities[{j}]"), e),
            }
        }
        municipalities.sort();
        municipalities.dedup();
        let mut languages = Vec::new();
        for (j, l) in strings("languages").iter().enumerate() {
            match Lang::parse(l) {
                Some(lang) if !languages.contains(&lang) => languages.push(lang),
                Some(_) => {}
                None => refuse(format!("{path}.languages[{j}]"), format!("language {l:?} is not fi, sv or en")),
            }
        }
        let weekly_capacity = match t.get("weekly_capacity") {
            None | Some(Value::Null) => 0,
            Some(v) => match v.as_u64() {
                Some(n) if n <= 100_000 => n as u32,
                _ => {
                    refuse(format!("{path}.weekly_capacity"), "weekly_capacity must be a whole number 0-100000".into());
                    0
                }
            },
        };
        if refusals.len() > before {
            continue;
        }
        out.push(Team {
            id,
            slug,
            name,
            sote_centre: t.get("sote_centre").and_then(Value::as_str).map(str::to_owned),
            services,
            municipalities,
            languages,
            weekly_capacity,
            active: t.get("active").and_then(Value::as_bool).unwrap_or(true),
            version: 1,
            created_at: at,
            updated_at: at,
        });
    }
    out
}

/// Loads the shipped demo region when the catalogue has no services. Returns the report when it did.
pub fn load_demo_if_empty(conn: &mut DbConn, at: NaiveDateTime) -> Result<Option<ImportReport>, ImportError> {
    if repo::service_count(conn)? > 0 {
        return Ok(None);
    }
    let input = ImportInput {
        hsds: demo::CATALOGUE,
        ptv: &[],
        teams: Some(demo::TEAMS),
        municipalities: Some(demo::MUNICIPALITIES),
    };
    run(conn, &input, false, at).map(Some)
}
