//! The service catalogue of a wellbeing region (hyvinvointialue): organizations, services, the
//! points where they are delivered, the multiprofessional teams that take referrals, and the
//! municipality register. [`Catalogue`] is the immutable in-memory snapshot that navigation and
//! the read endpoints use; it is rebuilt whenever the catalogue changes.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::hours::{HoursStatus, OpeningHours};
use super::lang::{Lang, Localized};
use super::municipality::{Municipality, MunicipalityCode};
use super::needs::NeedCode;

/// The alphabet of every id a client or an import writes (services, service points, locations,
/// organizations, teams, team slugs): lowercase letters a-z, digits and inner hyphens, 1-64
/// characters. A lowercase UUID is one such id; so is a slug such as `sjk-mtp`.
pub const ID_PATTERN: &str = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$";

/// The longest id.
pub const ID_MAX_LEN: usize = 64;

/// Checks an id against [`ID_PATTERN`], saying what is wrong in words a person can act on.
pub fn check_id(raw: &str) -> Result<(), String> {
    const RULE: &str = "an id is a lowercase UUID or a slug: a-z, 0-9 and inner hyphens, 1-64 characters";
    if raw.is_empty() {
        return Err(format!("must not be empty; {RULE}"));
    }
    if let Some(c) = raw.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')) {
        return Err(format!("holds {}; {RULE}", describe_char(c)));
    }
    if raw.len() > ID_MAX_LEN {
        return Err(format!("is {} characters; {RULE}", raw.len()));
    }
    if raw.starts_with('-') || raw.ends_with('-') {
        return Err(format!("starts or ends with a hyphen; {RULE}"));
    }
    Ok(())
}

/// A control character (C0 including NUL, DEL, C1), which no stored text may hold: PostgreSQL
/// refuses NUL, and the others hide text from the people who read it. Line breaks and tabs
/// are allowed where `multiline` (descriptions).
pub fn control_char(text: &str, multiline: bool) -> Option<char> {
    text.chars().find(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
}

/// A bidirectional-text control (U+200E/F, U+202A-U+202E, U+2066-U+2069), which can make an id or
/// a code read differently from what it is.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A character for a message: visible ones quoted, others by code point (`U+0000`).
pub fn describe_char(c: char) -> String {
    if c.is_control() || is_bidi_control(c) || c.is_whitespace() {
        format!("the character U+{:04X}", u32::from(c))
    } else {
        format!("the character {c:?}")
    }
}

/// Refuses free text holding a control character, naming it.
pub fn check_text(text: &str, multiline: bool) -> Result<(), String> {
    match control_char(text, multiline) {
        Some(c) => Err(format!("holds the control character U+{:04X}; remove it", u32::from(c))),
        None => Ok(()),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganizationKind {
    /// The wellbeing region itself (its own sote-centre services).
    Region,
    /// A non-governmental organization (järjestö).
    Ngo,
    /// A national service (e.g. the emergency number, national helplines).
    National,
}

impl OrganizationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Region => "region",
            Self::Ngo => "ngo",
            Self::National => "national",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "region" => Some(Self::Region),
            "ngo" => Some(Self::Ngo),
            "national" => Some(Self::National),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub name_sv: Option<String>,
    pub kind: OrganizationKind,
    pub description: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ServiceStatus {
    Active,
    Inactive,
    TemporarilyClosed,
}

impl ServiceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Inactive => "inactive",
            Self::TemporarilyClosed => "temporarily_closed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "active" => Some(Self::Active),
            "inactive" => Some(Self::Inactive),
            "temporarily_closed" | "defunct_temporarily" => Some(Self::TemporarilyClosed),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    InPerson,
    Phone,
    Chat,
    Video,
    HomeVisit,
}

impl Channel {
    pub const ALL: [Channel; 5] = [Self::InPerson, Self::Phone, Self::Chat, Self::Video, Self::HomeVisit];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::InPerson => "in_person",
            Self::Phone => "phone",
            Self::Chat => "chat",
            Self::Video => "video",
            Self::HomeVisit => "home_visit",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == raw)
    }

    pub fn is_digital(self) -> bool {
        matches!(self, Self::Chat | Self::Video)
    }
}

/// A service of the catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub id: String,
    pub organization_id: String,
    pub name: Localized,
    pub description: Option<Localized>,
    pub status: ServiceStatus,
    /// Inclusive age limits.
    pub min_age: Option<u32>,
    pub max_age: Option<u32>,
    pub municipalities: Vec<MunicipalityCode>,
    pub languages: Vec<Lang>,
    pub channels: Vec<Channel>,
    pub need_codes: Vec<NeedCode>,
    /// PTV service class (JHS 183), e.g. P5.7.
    pub service_class: Option<String>,
    /// Days within which a non-urgent referral should be handled.
    pub access_target_days: u32,
    /// Sote services take referrals; helplines and NGOs are shown as information.
    pub accepts_referrals: bool,
    /// Hours of a service without service points (a helpline).
    pub hours: Option<OpeningHours>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Service {
    pub fn is_active(&self) -> bool {
        self.status == ServiceStatus::Active
    }

    pub fn age_fits(&self, age: u32) -> bool {
        self.min_age.is_none_or(|min| age >= min) && self.max_age.is_none_or(|max| age <= max)
    }

    /// Width of the age band; services for a narrow age group rank above general ones.
    pub fn age_band(&self) -> u32 {
        self.max_age.unwrap_or(120).saturating_sub(self.min_age.unwrap_or(0))
    }

    pub fn covers(&self, municipality: &MunicipalityCode) -> bool {
        self.municipalities.contains(municipality)
    }

    pub fn speaks(&self, lang: Lang) -> bool {
        self.languages.contains(&lang)
    }

    pub fn answers(&self, need: &str) -> bool {
        self.need_codes.iter().any(|n| n.as_str() == need)
    }
}

/// Where a service is delivered and when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServicePoint {
    pub id: String,
    pub service_id: String,
    /// The HSDS location the point is at (one location can host many services).
    pub location_id: String,
    pub name: String,
    pub name_sv: Option<String>,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub municipality: Option<MunicipalityCode>,
    pub languages: Vec<Lang>,
    pub hours: OpeningHours,
    pub active: bool,
    pub version: i64,
    pub updated_at: NaiveDateTime,
}

/// A multiprofessional team that takes referrals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Team {
    pub id: String,
    pub slug: Option<String>,
    pub name: String,
    /// The sote-centre the team belongs to; none for region-wide teams.
    pub sote_centre: Option<String>,
    pub services: Vec<String>,
    pub municipalities: Vec<MunicipalityCode>,
    pub languages: Vec<Lang>,
    /// New referrals a week the team can take.
    pub weekly_capacity: u32,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Team {
    pub fn covers(&self, municipality: &MunicipalityCode) -> bool {
        self.municipalities.contains(municipality)
    }

    pub fn speaks(&self, lang: Lang) -> bool {
        self.languages.contains(&lang)
    }

    pub fn takes(&self, service_id: &str) -> bool {
        self.services.iter().any(|s| s == service_id)
    }
}

/// Everything the catalogue holds, as loaded from the database.
#[derive(Clone, Debug, Default)]
pub struct CatalogueData {
    pub version: i64,
    pub municipalities: Vec<Municipality>,
    pub organizations: Vec<Organization>,
    pub services: Vec<Service>,
    pub points: Vec<ServicePoint>,
    pub teams: Vec<Team>,
}

/// The immutable snapshot with its indexes.
#[derive(Debug, Default)]
pub struct Catalogue {
    pub version: i64,
    pub municipalities: Vec<Municipality>,
    pub organizations: Vec<Organization>,
    pub services: Vec<Service>,
    pub points: Vec<ServicePoint>,
    pub teams: Vec<Team>,
    service_index: HashMap<String, usize>,
    team_index: HashMap<String, usize>,
    org_index: HashMap<String, usize>,
    points_by_service: HashMap<String, Vec<usize>>,
    teams_by_service: HashMap<String, Vec<usize>>,
    services_by_need: HashMap<String, Vec<usize>>,
    /// Lower-cased names and descriptions, for text search.
    search_text: Vec<String>,
    /// The services' own words, for navigation (BM25 on stems).
    text_index: super::search::TextIndex,
    /// Opening status by service id, with the span of time it holds for (no point opens or
    /// closes within it): working it out takes time-zone arithmetic over a week of hours.
    hours_cache: std::sync::RwLock<HashMap<String, CachedHours>>,
}

/// An opening status and the instants `[from, until)` it holds for.
#[derive(Debug, Clone)]
struct CachedHours {
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    status: Option<HoursStatus>,
}

/// How long a computed opening status is reused at most.
const HOURS_CACHE_SPAN_MINUTES: i64 = 10;

impl Catalogue {
    pub fn new(data: CatalogueData) -> Self {
        let CatalogueData { version, municipalities, organizations, mut services, points, teams } = data;
        services.sort_by(|a, b| a.id.cmp(&b.id));
        let service_index = services.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        let team_index = teams.iter().enumerate().map(|(i, t)| (t.id.clone(), i)).collect();
        let org_index = organizations.iter().enumerate().map(|(i, o)| (o.id.clone(), i)).collect();
        let mut points_by_service: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in points.iter().enumerate() {
            points_by_service.entry(p.service_id.clone()).or_default().push(i);
        }
        let mut teams_by_service: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, t) in teams.iter().enumerate() {
            for s in &t.services {
                teams_by_service.entry(s.clone()).or_default().push(i);
            }
        }
        let mut services_by_need: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, s) in services.iter().enumerate() {
            for n in &s.need_codes {
                services_by_need.entry(n.as_str().to_owned()).or_default().push(i);
            }
        }
        let search_text = services
            .iter()
            .map(|s| {
                let mut text: Vec<&str> = s.name.all().collect();
                if let Some(d) = &s.description {
                    text.extend(d.all());
                }
                text.join(" \u{1f} ").to_lowercase()
            })
            .collect();
        let text_index = super::search::TextIndex::new(&services);
        Self {
            text_index,
            version,
            municipalities,
            organizations,
            services,
            points,
            teams,
            service_index,
            team_index,
            org_index,
            points_by_service,
            teams_by_service,
            services_by_need,
            search_text,
            hours_cache: Default::default(),
        }
    }

    /// The services whose own text matches a description, best first.
    pub fn text_matches(&self, text: &super::text::Text) -> Vec<super::search::TextMatch> {
        self.text_index.search(text)
    }

    pub fn is_empty(&self) -> bool {
        self.services.is_empty() && self.teams.is_empty()
    }

    pub fn service(&self, id: &str) -> Option<&Service> {
        self.service_index.get(id).map(|i| &self.services[*i])
    }

    pub fn team(&self, id: &str) -> Option<&Team> {
        self.team_index.get(id).map(|i| &self.teams[*i])
    }

    pub fn organization(&self, id: &str) -> Option<&Organization> {
        self.org_index.get(id).map(|i| &self.organizations[*i])
    }

    pub fn municipality(&self, code: &MunicipalityCode) -> Option<&Municipality> {
        self.municipalities.iter().find(|m| &m.code == code)
    }

    pub fn knows_municipality(&self, code: &MunicipalityCode) -> bool {
        self.municipality(code).is_some()
    }

    pub fn points_of(&self, service_id: &str) -> impl Iterator<Item = &ServicePoint> {
        self.points_by_service.get(service_id).into_iter().flatten().map(|i| &self.points[*i])
    }

    pub fn teams_for(&self, service_id: &str) -> impl Iterator<Item = &Team> {
        self.teams_by_service.get(service_id).into_iter().flatten().map(|i| &self.teams[*i])
    }

    /// Services that answer a need code (any status).
    pub fn services_for_need(&self, need: &str) -> impl Iterator<Item = &Service> {
        self.services_by_need.get(need).into_iter().flatten().map(|i| &self.services[*i])
    }

    /// Opening status of a service at an instant: open now when any active point (or the
    /// service's own hours) is open; the earliest next opening otherwise.
    pub fn hours_status(&self, service: &Service, at: DateTime<Utc>) -> Option<HoursStatus> {
        if let Ok(cache) = self.hours_cache.read() {
            if let Some(c) = cache.get(&service.id).filter(|c| c.from <= at && at < c.until) {
                return c.status.clone();
            }
        }
        let (status, until) = self.hours_status_uncached(service, at);
        if let Ok(mut cache) = self.hours_cache.write() {
            cache.insert(service.id.clone(), CachedHours { from: at, until, status: status.clone() });
        }
        status
    }

    /// The opening status worked out without the cache, and until when it holds: the first
    /// opening or closing of any of the service's hours, at most `HOURS_CACHE_SPAN_MINUTES` away.
    pub fn hours_status_uncached(&self, service: &Service, at: DateTime<Utc>) -> (Option<HoursStatus>, DateTime<Utc>) {
        let mut statuses: Vec<HoursStatus> = self
            .points_of(&service.id)
            .filter(|p| p.active && !p.hours.is_empty())
            .map(|p| p.hours.status_at(at))
            .collect();
        if let Some(hours) = service.hours.as_ref().filter(|h| !h.is_empty()) {
            statuses.push(hours.status_at(at));
        }
        let until = statuses
            .iter()
            .flat_map(|s| [s.closes_at, s.next_opening])
            .flatten()
            .chain([at.checked_add_signed(chrono::Duration::minutes(HOURS_CACHE_SPAN_MINUTES)).unwrap_or(at)])
            .min()
            .unwrap_or(at);
        if statuses.is_empty() {
            return (None, until);
        }
        if let Some(open) =
            statuses.iter().filter(|s| s.open_now).max_by_key(|s| s.closes_at.unwrap_or(DateTime::<Utc>::MAX_UTC))
        {
            return (Some(open.clone()), until);
        }
        let status = HoursStatus {
            open_now: false,
            closes_at: None,
            next_opening: statuses.iter().filter_map(|s| s.next_opening).min(),
        };
        (Some(status), until)
    }

    /// Services that match a filter, in a stable order (by Finnish name, then id).
    pub fn search(&self, filter: &ServiceFilter, at: DateTime<Utc>) -> Vec<&Service> {
        let text_terms: Vec<String> =
            filter.text.as_deref().map(|t| t.split_whitespace().map(str::to_lowercase).collect()).unwrap_or_default();
        let candidates: Box<dyn Iterator<Item = (usize, &Service)>> = match &filter.need {
            Some(need) => Box::new(
                self.services_by_need.get(need.as_str()).into_iter().flatten().map(|i| (*i, &self.services[*i])),
            ),
            None => Box::new(self.services.iter().enumerate()),
        };
        let mut found: Vec<&Service> = candidates
            .filter(|(_, s)| filter.include_inactive || s.is_active())
            .filter(|(_, s)| filter.municipality.as_ref().is_none_or(|m| s.covers(m)))
            .filter(|(_, s)| filter.language.is_none_or(|l| s.speaks(l)))
            .filter(|(_, s)| filter.age.is_none_or(|a| s.age_fits(a)))
            .filter(|(_, s)| filter.channel.is_none_or(|c| s.channels.contains(&c)))
            .filter(|(i, _)| text_terms.iter().all(|term| self.search_text[*i].contains(term.as_str())))
            .filter(|(_, s)| {
                filter.open_now.is_none_or(|want| self.hours_status(s, at).is_some_and(|h| h.open_now) == want)
            })
            .map(|(_, s)| s)
            .collect();
        found.sort_by(|a, b| a.name.fi.cmp(&b.name.fi).then_with(|| a.id.cmp(&b.id)));
        found
    }
}

/// Filters of `GET /v1/services`.
#[derive(Clone, Debug, Default)]
pub struct ServiceFilter {
    pub municipality: Option<MunicipalityCode>,
    pub need: Option<NeedCode>,
    pub language: Option<Lang>,
    pub age: Option<u32>,
    pub channel: Option<Channel>,
    pub open_now: Option<bool>,
    pub text: Option<String>,
    pub include_inactive: bool,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn service(id: &str, needs: &[&str]) -> Service {
        Service {
            id: id.into(),
            organization_id: "org".into(),
            name: Localized::fi(format!("Palvelu {id}")),
            description: None,
            status: ServiceStatus::Active,
            min_age: None,
            max_age: None,
            municipalities: vec![MunicipalityCode::parse("743").unwrap()],
            languages: vec![Lang::Fi],
            channels: vec![Channel::Phone],
            need_codes: needs.iter().map(|n| NeedCode::parse(n).unwrap()).collect(),
            service_class: None,
            access_target_days: 7,
            accepts_referrals: true,
            hours: None,
            version: 1,
            created_at: NaiveDateTime::default(),
            updated_at: NaiveDateTime::default(),
        }
    }

    #[test]
    fn search_filters_by_need_age_municipality_and_text() {
        let mut youth = service("b", &["mental.youth", "mental.mild"]);
        youth.min_age = Some(13);
        youth.max_age = Some(22);
        youth.name = Localized::fi("Nuorisoasema");
        let adult = service("a", &["mental.mild"]);
        let mut closed = service("c", &["mental.mild"]);
        closed.status = ServiceStatus::Inactive;
        let cat = Catalogue::new(CatalogueData { services: vec![youth, adult, closed], ..Default::default() });
        let now = Utc::now();
        let need = NeedCode::parse("mental.mild").unwrap();
        let f = ServiceFilter { need: Some(need.clone()), age: Some(30), ..Default::default() };
        assert_eq!(cat.search(&f, now).iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["a"]);
        let f = ServiceFilter { need: Some(need), age: Some(22), ..Default::default() };
        assert_eq!(cat.search(&f, now).len(), 2, "age limits are inclusive");
        let f = ServiceFilter { text: Some("nuoriso".into()), ..Default::default() };
        assert_eq!(cat.search(&f, now)[0].id, "b");
        let f = ServiceFilter { municipality: Some(MunicipalityCode::parse("287").unwrap()), ..Default::default() };
        assert!(cat.search(&f, now).is_empty());
        let f = ServiceFilter { include_inactive: true, ..Default::default() };
        assert_eq!(cat.search(&f, now).len(), 3);
    }

    #[test]
    fn ids_are_lowercase_uuids_or_slugs() {
        for good in ["677579c7-3a71-58ec-b930-58a6820ce7b8", "sjk-mtp", "a", "0", &"a".repeat(64), "a-b-c"] {
            assert_eq!(check_id(good), Ok(()), "{good}");
        }
        let long = "a".repeat(65);
        let bad = [
            "",
            "a\0b",
            "a\nb",
            "a\rb",
            "a\tb",
            "../../etc/passwd",
            "a/b",
            "a\u{202E}b",
            "a b",
            "ABC",
            "677579C7-3A71-58EC-B930-58A6820CE7B8",
            &long,
            "äiti",
            "-a",
            "a-",
            "a.b",
            "a_b",
            "a\u{7f}",
        ];
        for raw in bad {
            let e = check_id(raw).unwrap_err();
            assert!(e.contains("lowercase UUID or a slug"), "{raw:?}: {e}");
        }
        assert!(check_id("a\0").unwrap_err().contains("U+0000"));
        // The pattern of the OpenAPI document says the same as the code.
        assert_eq!(ID_PATTERN, "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$");
    }

    #[test]
    fn text_refuses_control_characters_and_allows_line_breaks_where_multiline() {
        for c in ['\0', '\u{1}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}'] {
            assert!(check_text(&format!("a{c}b"), true).is_err(), "{c:?}");
        }
        assert!(check_text("rivi\nrivi\ttab", true).is_ok());
        assert!(check_text("rivi\nrivi", false).is_err());
        assert!(check_text("\u{202E}عربي ja suomi", false).is_ok(), "right-to-left text is text");
        assert!(is_bidi_control('\u{202E}') && is_bidi_control('\u{2066}') && is_bidi_control('\u{200F}'));
        assert!(!is_bidi_control('ع'));
    }
}
