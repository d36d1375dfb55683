//! Open Referral HSDS 3.0: reading a service list into the catalogue and writing catalogue
//! services back out as HSDS.
//!
//! Luotsi's conventions inside HSDS (those of the reference catalogue):
//! - `name` is Finnish, `alternate_name` Swedish; attributes `name_en`, `description_sv` and
//!   `description_en` (with a `value`) carry the other languages.
//! - Service attributes: `need` (taxonomy term code of the need taxonomy v1), `service_class` (PTV
//!   class code), `access_target_days`, `accepts_referrals` and `channel` (with a `value`).
//! - `service_areas` with `extent_type: municipality_code` and the code in `extent`.
//! - Schedules: `freq: WEEKLY` with `byday`, `opens_at`, `closes_at` are weekly hours; a schedule
//!   with `valid_from` (and optionally `valid_to`) and no `byday` is an exception for those dates:
//!   closed when it has no times, special hours when it has.
//! - The time zone is always Europe/Helsinki (`timezone` is ignored).

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{json, Map, Value};

use crate::domain::catalogue::{
    check_id, Catalogue, Channel, Organization, OrganizationKind, Service, ServicePoint, ServiceStatus,
};
use crate::domain::hours::{
    format_time, parse_time, parse_weekday, weekday_code, HoursException, OpeningHours, WeeklyHours,
};
use crate::domain::lang::{Lang, Localized};
use crate::domain::municipality::{Municipality, MunicipalityCode};
use crate::domain::needs::{taxonomy, NeedCode};

/// Why an item of the file was refused, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Refusal {
    /// JSON path of the offending value, e.g. `$.contents[3].attributes[1]`.
    pub path: String,
    /// The item: kind, id and name.
    pub item: String,
    pub reason: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}", self.path, self.item, self.reason)
    }
}

/// What an HSDS file holds, in domain types.
#[derive(Debug, Default)]
pub struct ParsedServices {
    pub organizations: Vec<Organization>,
    pub services: Vec<Service>,
    pub points: Vec<ServicePoint>,
    /// Municipalities named by service areas (code and the area's name).
    pub areas: BTreeMap<MunicipalityCode, String>,
    pub refusals: Vec<Refusal>,
}

/// Reads an HSDS service list: a page object with `contents`, or a plain array of services.
/// `register` is the region's municipality register; `None` accepts every well-formed code
/// (and the caller may build the register from `areas`).
pub fn parse_services(
    doc: &Value,
    register: Option<&HashMap<MunicipalityCode, Municipality>>,
    at: NaiveDateTime,
) -> ParsedServices {
    let mut out = ParsedServices::default();
    let listed = match doc {
        Value::Array(items) => Some((items, "$")),
        Value::Object(obj) => match obj.get("contents") {
            Some(Value::Array(items)) => Some((items, "$.contents")),
            _ => None,
        },
        _ => None,
    };
    let Some((items, base)) = listed else {
        out.refusals.push(Refusal {
            path: "$".into(),
            item: "file".into(),
            reason: "expected an HSDS page with `contents` or an array of services".into(),
        });
        return out;
    };
    let mut orgs: BTreeMap<String, (Organization, bool)> = BTreeMap::new();
    let mut seen_services: HashMap<String, String> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("{base}[{i}]");
        let mut ctx = ServiceCtx { path: path.clone(), item: describe(item), refusals: Vec::new(), register, at };
        if let Some((service, points, org)) = ctx.service(item, &mut out.areas) {
            if let Some(first) = seen_services.get(&service.id) {
                ctx.refuse(&path, format!("the id is used twice (also at {first})"));
            } else if ctx.refusals.is_empty() {
                seen_services.insert(service.id.clone(), path.clone());
                let accepts = service.accepts_referrals;
                let entry = orgs.entry(org.id.clone()).or_insert((org, false));
                entry.1 |= accepts;
                out.services.push(service);
                out.points.extend(points);
            }
        }
        out.refusals.extend(ctx.refusals);
    }
    out.organizations = orgs
        .into_values()
        .map(|(mut org, takes_referrals)| {
            if org.kind == OrganizationKind::National {
                org.kind = guess_kind(&org, takes_referrals);
            }
            org
        })
        .collect();
    out
}

fn describe(item: &Value) -> String {
    let id = item.get("id").and_then(Value::as_str).unwrap_or("?");
    match item.get("name").and_then(Value::as_str) {
        Some(name) => format!("service {id} ({name})"),
        None => format!("service {id}"),
    }
}

/// Without a `legal_status`, the region is the organization whose services take referrals, an
/// association ("ry", "rf") or a collective is an NGO, and the rest are national services.
fn guess_kind(org: &Organization, takes_referrals: bool) -> OrganizationKind {
    if takes_referrals {
        return OrganizationKind::Region;
    }
    let text =
        format!("{} {} {}", org.name, org.name_sv.as_deref().unwrap_or(""), org.description.as_deref().unwrap_or(""))
            .to_lowercase();
    let ngo_words = [
        " ry",
        " rf",
        "ngo",
        "yhdistys",
        "association",
        "liitto",
        "kollektiivi",
        "collective",
        "punainen risti",
        "säätiö",
        "foundation",
        "förening",
    ];
    if ngo_words.iter().any(|w| text.contains(w)) {
        OrganizationKind::Ngo
    } else {
        OrganizationKind::National
    }
}

struct ServiceCtx<'a> {
    path: String,
    item: String,
    refusals: Vec<Refusal>,
    register: Option<&'a HashMap<MunicipalityCode, Municipality>>,
    at: NaiveDateTime,
}

impl ServiceCtx<'_> {
    fn refuse(&mut self, path: &str, reason: impl Into<String>) {
        self.refusals.push(Refusal { path: path.into(), item: self.item.clone(), reason: reason.into() });
    }

    fn text(&mut self, obj: &Map<String, Value>, key: &str, required: bool) -> Option<String> {
        match obj.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            None | Some(Value::Null) if !required => None,
            Some(Value::String(_)) if !required => None,
            _ => {
                let path = format!("{}.{key}", self.path);
                self.refuse(&path, format!("`{key}` must be a non-empty string"));
                None
            }
        }
    }

    /// An id of the catalogue's alphabet (a lowercase UUID or a slug), refused by its path otherwise.
    fn id(&mut self, id: String, path: &str) -> Option<String> {
        match check_id(&id) {
            Ok(()) => Some(id),
            Err(e) => {
                self.refuse(path, format!("the id {e}"));
                None
            }
        }
    }

    fn age(&mut self, obj: &Map<String, Value>, key: &str) -> Option<u32> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => match v.as_f64() {
                Some(n) if (0.0..=130.0).contains(&n) && n.fract() == 0.0 => Some(n as u32),
                _ => {
                    let path = format!("{}.{key}", self.path);
                    self.refuse(&path, format!("`{key}` must be a whole number of years 0-130"));
                    None
                }
            },
        }
    }

    fn array<'v>(&mut self, obj: &'v Map<String, Value>, key: &str) -> &'v [Value] {
        match obj.get(key) {
            Some(Value::Array(items)) => items,
            None | Some(Value::Null) => &[],
            Some(_) => {
                let path = format!("{}.{key}", self.path);
                self.refuse(&path, format!("`{key}` must be an array"));
                &[]
            }
        }
    }

    fn municipality(&mut self, path: &str, raw: &str) -> Option<MunicipalityCode> {
        match MunicipalityCode::parse(raw) {
            Err(reason) => {
                self.refuse(path, reason);
                None
            }
            Ok(code) => match self.register {
                Some(register) if !register.contains_key(&code) => {
                    self.refuse(
                        path,
                        format!("unknown municipality code {code}: it is not in the region's municipality register"),
                    );
                    None
                }
                _ => Some(code),
            },
        }
    }

    fn service(
        &mut self,
        item: &Value,
        areas: &mut BTreeMap<MunicipalityCode, String>,
    ) -> Option<(Service, Vec<ServicePoint>, Organization)> {
        let Some(obj) = item.as_object() else {
            let path = self.path.clone();
            self.refuse(&path, "a service must be a JSON object");
            return None;
        };
        let id = self.text(obj, "id", true);
        let id = id.and_then(|id| self.id(id, &format!("{}.id", self.path)));
        let name_fi = self.text(obj, "name", true);
        let name_sv = self.text(obj, "alternate_name", false);
        let description_fi = self.text(obj, "description", false);
        let status_raw = self.text(obj, "status", true);
        let status = status_raw.as_deref().and_then(|s| match s {
            "active" => Some(ServiceStatus::Active),
            "inactive" | "defunct" => Some(ServiceStatus::Inactive),
            "temporarily closed" | "temporarily_closed" => Some(ServiceStatus::TemporarilyClosed),
            _ => None,
        });
        if status_raw.is_some() && status.is_none() {
            let path = format!("{}.status", self.path);
            self.refuse(&path, "status must be active, inactive, defunct or temporarily closed");
        }
        let min_age = self.age(obj, "minimum_age");
        let max_age = self.age(obj, "maximum_age");
        if let (Some(min), Some(max)) = (min_age, max_age) {
            if min > max {
                let path = format!("{}.minimum_age", self.path);
                self.refuse(&path, format!("minimum_age {min} is above maximum_age {max}"));
            }
        }
        let organization = self.organization(obj);

        let mut languages = Vec::new();
        for (i, lang) in self.array(obj, "languages").iter().enumerate() {
            let code = lang.get("code").and_then(Value::as_str).unwrap_or("");
            match Lang::parse(code) {
                Some(l) if !languages.contains(&l) => languages.push(l),
                Some(_) => {}
                None => {
                    let path = format!("{}.languages[{i}].code", self.path);
                    self.refuse(&path, format!("language {code:?} is not fi, sv or en"));
                }
            }
        }

        let mut municipalities = Vec::new();
        for (i, area) in self.array(obj, "service_areas").iter().enumerate() {
            let path = format!("{}.service_areas[{i}]", self.path);
            let kind = area.get("extent_type").and_then(Value::as_str).unwrap_or("");
            let extent = area.get("extent").and_then(Value::as_str).unwrap_or("");
            if kind != "municipality_code" {
                self.refuse(&path, format!("extent_type {kind:?} is not municipality_code"));
                continue;
            }
            if let Some(code) = self.municipality(&format!("{path}.extent"), extent) {
                if let Some(name) = area.get("name").and_then(Value::as_str) {
                    areas.entry(code.clone()).or_insert_with(|| name.to_owned());
                }
                if !municipalities.contains(&code) {
                    municipalities.push(code);
                }
            }
        }
        municipalities.sort();

        let mut need_codes: Vec<NeedCode> = Vec::new();
        let mut channels: Vec<Channel> = Vec::new();
        let mut service_class = None;
        let mut access_target_days = None;
        let mut accepts_referrals = None;
        let (mut name_en, mut description_sv, mut description_en) = (None, None, None);
        for (i, attr) in self.array(obj, "attributes").iter().enumerate() {
            let path = format!("{}.attributes[{i}]", self.path);
            let link_type = attr.get("link_type").and_then(Value::as_str).unwrap_or("");
            let value = attr.get("value").and_then(|v| match v {
                Value::String(s) => Some(s.trim().to_owned()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            });
            let term_code =
                attr.get("taxonomy_term").and_then(|t| t.get("code")).and_then(Value::as_str).map(str::to_owned);
            match link_type {
                "need" => match term_code.as_deref().map(NeedCode::parse) {
                    Some(Ok(code)) => {
                        if !need_codes.contains(&code) {
                            need_codes.push(code)
                        }
                    }
                    Some(Err(_)) => {
                        let code = term_code.unwrap_or_default();
                        self.refuse(&format!("{path}.taxonomy_term.code"), format!("unknown need code {code:?}"));
                    }
                    None => self.refuse(&path, "a need attribute needs taxonomy_term.code"),
                },
                "service_class" => match term_code {
                    Some(code) => service_class = Some(code),
                    None => self.refuse(&path, "a service_class attribute needs taxonomy_term.code"),
                },
                "access_target_days" => match value.as_deref().map(str::parse::<u32>) {
                    Some(Ok(days)) if days <= 365 => access_target_days = Some(days),
                    _ => {
                        self.refuse(&format!("{path}.value"), "access_target_days must be a whole number of days 0-365")
                    }
                },
                "accepts_referrals" => match value.as_deref() {
                    Some("true") => accepts_referrals = Some(true),
                    Some("false") => accepts_referrals = Some(false),
                    _ => self.refuse(&format!("{path}.value"), "accepts_referrals must be true or false"),
                },
                "channel" => match value.as_deref().and_then(Channel::parse) {
                    Some(c) => {
                        if !channels.contains(&c) {
                            channels.push(c)
                        }
                    }
                    None => self.refuse(
                        &format!("{path}.value"),
                        format!(
                            "channel {:?} is not in_person, phone, chat, video or home_visit",
                            value.unwrap_or_default()
                        ),
                    ),
                },
                "name_en" => name_en = value,
                "description_sv" => description_sv = value,
                "description_en" => description_en = value,
                _ => {} // Other attributes are not Luotsi's business.
            }
        }
        channels.sort();

        let hours = match obj.get("schedules") {
            Some(Value::Array(schedules)) if !schedules.is_empty() => {
                let path = format!("{}.schedules", self.path);
                self.hours(schedules, &path)
            }
            _ => None,
        };

        let service_id = id.clone().unwrap_or_default();
        let mut points = Vec::new();
        for (i, sal) in self.array(obj, "service_at_locations").iter().enumerate() {
            let path = format!("{}.service_at_locations[{i}]", self.path);
            if let Some(point) = self.point(sal, &service_id, &path) {
                points.push(point);
            }
        }

        let service = Service {
            id: id?,
            organization_id: organization.as_ref()?.id.clone(),
            name: Localized { fi: name_fi?, sv: name_sv, en: name_en },
            description: description_fi.map(|fi| Localized { fi, sv: description_sv, en: description_en }),
            status: status?,
            min_age,
            max_age,
            municipalities,
            languages,
            channels,
            need_codes,
            service_class,
            access_target_days: access_target_days.unwrap_or(7),
            accepts_referrals: accepts_referrals.unwrap_or(false),
            hours,
            version: 1,
            created_at: self.at,
            updated_at: self.at,
        };
        Some((service, points, organization?))
    }

    fn organization(&mut self, obj: &Map<String, Value>) -> Option<Organization> {
        let path = format!("{}.organization", self.path);
        let org = obj.get("organization").and_then(Value::as_object);
        let org_id = obj.get("organization_id").and_then(Value::as_str);
        let Some(org) = org else {
            self.refuse(&path, "the service needs its `organization` object (a full HSDS service)");
            return None;
        };
        let id = org.get("id").and_then(Value::as_str).or(org_id).unwrap_or("").trim().to_owned();
        let name = org.get("name").and_then(Value::as_str).unwrap_or("").trim().to_owned();
        if id.is_empty() || name.is_empty() {
            self.refuse(&path, "the organization needs an id and a name");
            return None;
        }
        let id = self.id(id, &format!("{path}.id"))?;
        if let Some(org_id) = org_id {
            if org_id != id {
                self.refuse(
                    &format!("{}.organization_id", self.path),
                    format!("organization_id {org_id} differs from organization.id {id}"),
                );
                return None;
            }
        }
        let kind = match org.get("legal_status").and_then(Value::as_str).map(str::to_lowercase).as_deref() {
            Some("region" | "public" | "wellbeing services county") => OrganizationKind::Region,
            Some("ngo" | "association" | "foundation" | "non-profit") => OrganizationKind::Ngo,
            // Decided later from the services when not given.
            _ => OrganizationKind::National,
        };
        Some(Organization {
            id,
            name,
            name_sv: org.get("alternate_name").and_then(Value::as_str).map(str::to_owned),
            kind,
            description: org.get("description").and_then(Value::as_str).map(str::to_owned),
        })
    }

    fn point(&mut self, sal: &Value, service_id: &str, path: &str) -> Option<ServicePoint> {
        let id = sal.get("id").and_then(Value::as_str).filter(|s| !s.is_empty());
        let location = sal.get("location").and_then(Value::as_object);
        let (Some(id), Some(location)) = (id, location) else {
            self.refuse(path, "a service_at_location needs an id and its `location` object");
            return None;
        };
        let location_id = location
            .get("id")
            .and_then(Value::as_str)
            .or_else(|| sal.get("location_id").and_then(Value::as_str))
            .unwrap_or(id)
            .to_owned();
        let id = self.id(id.to_owned(), &format!("{path}.id"))?;
        let location_id = self.id(location_id, &format!("{path}.location.id"))?;
        let name = location.get("name").and_then(Value::as_str).unwrap_or("").trim().to_owned();
        if name.is_empty() {
            self.refuse(&format!("{path}.location.name"), "the location needs a name");
            return None;
        }
        let address = location.get("addresses").and_then(Value::as_array).and_then(|a| {
            a.iter().find(|x| x.get("address_type").and_then(Value::as_str) != Some("postal")).or(a.first())
        });
        let field = |key: &str| address.and_then(|a| a.get(key)).and_then(Value::as_str).map(str::to_owned);
        let city = field("city");
        let municipality = city.as_deref().and_then(|c| self.municipality_by_name(c));
        let languages = location
            .get("languages")
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(|x| x.get("code").and_then(Value::as_str)).filter_map(Lang::parse).collect())
            .unwrap_or_default();
        let schedules = sal
            .get("schedules")
            .and_then(Value::as_array)
            .filter(|s| !s.is_empty())
            .or_else(|| location.get("schedules").and_then(Value::as_array));
        let hours = match schedules {
            Some(s) => self.hours(s, &format!("{path}.schedules"))?,
            None => OpeningHours::default(),
        };
        Some(ServicePoint {
            id,
            service_id: service_id.to_owned(),
            location_id,
            name,
            name_sv: location.get("alternate_name").and_then(Value::as_str).map(str::to_owned),
            address: field("address_1"),
            postal_code: field("postal_code"),
            city,
            municipality,
            languages,
            hours,
            active: true,
            version: 1,
            updated_at: self.at,
        })
    }

    fn municipality_by_name(&self, city: &str) -> Option<MunicipalityCode> {
        let city = city.trim().to_lowercase();
        self.register?.values().find_map(|m| {
            let names = [Some(m.fi.to_lowercase()), m.sv.as_ref().map(|s| s.to_lowercase())];
            names.iter().flatten().any(|n| *n == city).then(|| m.code.clone())
        })
    }

    fn hours(&mut self, schedules: &[Value], path: &str) -> Option<OpeningHours> {
        let mut hours = OpeningHours::default();
        let before = self.refusals.len();
        for (i, s) in schedules.iter().enumerate() {
            let path = format!("{path}[{i}]");
            match schedule(s) {
                Ok(Some(Entry::Weekly(w))) => hours.weekly.push(w),
                Ok(Some(Entry::Exception(e))) => hours.exceptions.push(e),
                Ok(None) => {}
                Err(reason) => self.refuse(&path, format!("the schedule cannot be read: {reason}")),
            }
        }
        if let Err(e) = hours.validate() {
            self.refuse(path, format!("the schedule cannot be read: {e}"));
        }
        (self.refusals.len() == before).then_some(hours)
    }
}

enum Entry {
    Weekly(WeeklyHours),
    Exception(HoursException),
}

fn schedule(s: &Value) -> Result<Option<Entry>, String> {
    let get = |k: &str| s.get(k).and_then(Value::as_str).map(str::trim).filter(|v| !v.is_empty());
    let opens = get("opens_at").map(parse_time).transpose().map_err(|e| e.to_string())?;
    let closes = get("closes_at").map(parse_time).transpose().map_err(|e| e.to_string())?;
    let date = |k: &str| -> Result<Option<NaiveDate>, String> {
        get(k)
            .map(|d| {
                let day = d.get(..10).unwrap_or(d);
                NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| format!("{k} {d:?} is not a date (YYYY-MM-DD)"))
            })
            .transpose()
    };
    let valid_from = date("valid_from")?;
    let valid_to = date("valid_to")?;
    let byday = get("byday");
    let freq = get("freq").map(str::to_ascii_uppercase);
    if byday.is_none() && freq.as_deref() != Some("DAILY") {
        let Some(from) = valid_from else {
            return Err("a schedule needs byday (weekly hours) or valid_from (an exception)".into());
        };
        return Ok(Some(Entry::Exception(HoursException {
            from,
            to: valid_to.filter(|to| *to != from),
            opens,
            closes,
            note: get("description").or_else(|| get("notes")).map(str::to_owned),
        })));
    }
    match freq.as_deref() {
        Some("WEEKLY") | Some("DAILY") | None => {}
        Some(other) => return Err(format!("freq {other} is not supported (WEEKLY or DAILY)")),
    }
    let days = match byday {
        Some(list) => list.split(',').map(parse_weekday).collect::<Result<Vec<_>, _>>().map_err(|e| e.to_string())?,
        None => ["MO", "TU", "WE", "TH", "FR", "SA", "SU"].iter().filter_map(|d| parse_weekday(d).ok()).collect(),
    };
    match (opens, closes) {
        (Some(opens), Some(closes)) => Ok(Some(Entry::Weekly(WeeklyHours { days, opens, closes }))),
        _ => Err("weekly hours need opens_at and closes_at".into()),
    }
}

// ---------------------------------------------------------------------------------------------
// Export

/// A catalogue service as a full HSDS 3.0 service.
pub fn export_service(catalogue: &Catalogue, service: &Service) -> Value {
    let org = catalogue.organization(&service.organization_id);
    let mut attributes = Vec::new();
    let attr_id = |kind: &str, value: &str| {
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, format!("luotsi:{}:{kind}:{value}", service.id).as_bytes())
            .to_string()
    };
    for need in &service.need_codes {
        let term = need_term(&need.need().code);
        attributes.push(json!({
            "id": attr_id("need", &need.need().code),
            "link_id": service.id,
            "link_type": "need",
            "link_entity": "service",
            "taxonomy_term_id": term["id"],
            "taxonomy_term": term,
        }));
    }
    if let Some(class) = &service.service_class {
        let term = service_class_term(class);
        attributes.push(json!({
            "id": attr_id("service_class", class),
            "link_id": service.id,
            "link_type": "service_class",
            "link_entity": "service",
            "taxonomy_term_id": term["id"],
            "taxonomy_term": term,
        }));
    }
    let mut value_attr = |kind: &str, value: String| {
        attributes.push(json!({
            "id": attr_id(kind, &value),
            "link_id": service.id,
            "link_type": kind,
            "link_entity": "service",
            "value": value,
        }));
    };
    value_attr("access_target_days", service.access_target_days.to_string());
    value_attr("accepts_referrals", service.accepts_referrals.to_string());
    for channel in &service.channels {
        value_attr("channel", channel.as_str().to_owned());
    }
    if let Some(en) = &service.name.en {
        value_attr("name_en", en.clone());
    }
    if let Some(d) = &service.description {
        if let Some(sv) = &d.sv {
            value_attr("description_sv", sv.clone());
        }
        if let Some(en) = &d.en {
            value_attr("description_en", en.clone());
        }
    }
    let languages: Vec<Value> = service
        .languages
        .iter()
        .map(|l| json!({"id": v5(&format!("{}:language:{}", service.id, l.code())), "service_id": service.id, "name": l.english_name(), "code": l.code()}))
        .collect();
    let areas: Vec<Value> = service
        .municipalities
        .iter()
        .map(|m| {
            let name = catalogue.municipality(m).map(|x| x.fi.clone()).unwrap_or_else(|| m.to_string());
            json!({
                "id": uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, format!("luotsi:{}:area:{m}", service.id).as_bytes()).to_string(),
                "service_id": service.id,
                "name": name,
                "extent_type": "municipality_code",
                "extent": m.as_str(),
                "uri": format!("http://uri.suomi.fi/codelist/jhs/kunta_1_20240101/code/{m}"),
            })
        })
        .collect();
    let sals: Vec<Value> = catalogue.points_of(&service.id).filter(|p| p.active).map(export_point).collect();
    let status = match service.status {
        ServiceStatus::Active => "active",
        ServiceStatus::Inactive => "inactive",
        ServiceStatus::TemporarilyClosed => "temporarily closed",
    };
    let mut out = json!({
        "id": service.id,
        "organization_id": service.organization_id,
        "name": service.name.fi,
        "alternate_name": service.name.sv,
        "description": service.description.as_ref().map(|d| d.fi.clone()),
        "status": status,
        "last_modified": chrono::DateTime::<chrono::Utc>::from_naive_utc_and_offset(service.updated_at, chrono::Utc).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "languages": languages,
        "service_areas": areas,
        "service_at_locations": sals,
        "schedules": service.hours.as_ref().map(|h| schedules(h, &service.id, "service_id")).unwrap_or_default(),
        "attributes": attributes,
    });
    if let Some(org) = org {
        out["organization"] = export_organization(org);
    }
    if let Some(min) = service.min_age {
        out["minimum_age"] = json!(min);
    }
    if let Some(max) = service.max_age {
        out["maximum_age"] = json!(max);
    }
    strip_nulls(&mut out);
    out
}

/// A service point as an HSDS `service_at_location`, with its location and schedules.
pub fn export_point(p: &ServicePoint) -> Value {
    let mut address = Map::new();
    address.insert("id".into(), json!(v5(&format!("{}:address", p.id))));
    address.insert("location_id".into(), json!(p.location_id));
    address.insert("address_1".into(), json!(p.address.clone().unwrap_or_default()));
    address.insert("city".into(), json!(p.city.clone().unwrap_or_default()));
    address.insert("region".into(), json!(""));
    address.insert("state_province".into(), json!(""));
    address.insert("postal_code".into(), json!(p.postal_code.clone().unwrap_or_default()));
    address.insert("country".into(), json!("FI"));
    address.insert("address_type".into(), json!("physical"));
    let mut out = json!({
        "id": p.id,
        "service_id": p.service_id,
        "location_id": p.location_id,
        "schedules": schedules(&p.hours, &p.id, "service_at_location_id"),
        "location": {
            "id": p.location_id,
            "location_type": "physical",
            "name": p.name,
            "alternate_name": p.name_sv,
            "addresses": [Value::Object(address)],
            "languages": p.languages.iter().map(|l| json!({"id": v5(&format!("{}:language:{}", p.id, l.code())), "name": l.english_name(), "code": l.code()})).collect::<Vec<_>>(),
        }
    });
    strip_nulls(&mut out);
    out
}

/// An organization as HSDS (without its services).
pub fn export_organization(org: &Organization) -> Value {
    let mut out = json!({
        "id": org.id,
        "name": org.name,
        "alternate_name": org.name_sv,
        "description": org.description.clone().unwrap_or_default(),
        "legal_status": match org.kind { OrganizationKind::Region => "region", OrganizationKind::Ngo => "ngo", OrganizationKind::National => "national" },
    });
    strip_nulls(&mut out);
    out
}

/// The URI of the need taxonomy; its id and its terms' ids are UUIDs made from it.
const NEED_TAXONOMY_URI: &str = "urn:luotsi:need:v1";
/// The PTV service classes (JHS 183) a service may carry.
const SERVICE_CLASS_URI: &str = "http://uri.suomi.fi/codelist/ptv/ptvserclass2";

fn uri_id(uri: &str) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, uri.as_bytes()).to_string()
}

/// The taxonomies the exported services use: the need taxonomy and the PTV service classes.
pub fn taxonomies() -> Vec<Value> {
    let needs = taxonomy();
    vec![
        json!({
            "id": uri_id(NEED_TAXONOMY_URI),
            "name": format!("{} v{}", needs.taxonomy, needs.version),
            "description": "Luotsi's need taxonomy: what a client needs, as the navigation recognises it and the services answer it.",
            "uri": NEED_TAXONOMY_URI,
            "version": needs.version,
        }),
        json!({
            "id": uri_id(SERVICE_CLASS_URI),
            "name": "PTV service classes (JHS 183)",
            "description": "The service classes of the Finnish national service catalogue (Suomi.fi PTV), as the services carry them.",
            "uri": SERVICE_CLASS_URI,
        }),
    ]
}

/// A need of the taxonomy as an HSDS taxonomy term.
pub fn need_term(code: &str) -> Value {
    let needs = taxonomy();
    let n = needs.get(code);
    let uri = format!("{NEED_TAXONOMY_URI}:{code}");
    json!({
        "id": uri_id(&uri),
        "code": code,
        "name": n.map(|n| n.fi.as_str()).unwrap_or(code),
        "description": n.map(|n| n.definition.as_str()).unwrap_or_default(),
        "language": "fi",
        "term_uri": uri,
        "taxonomy": format!("{} v{}", needs.taxonomy, needs.version),
        "taxonomy_id": uri_id(NEED_TAXONOMY_URI),
    })
}

/// A PTV service class as an HSDS taxonomy term.
pub fn service_class_term(class: &str) -> Value {
    json!({
        "id": uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, format!("ptv:{class}").as_bytes()).to_string(),
        "code": class,
        "name": class,
        "description": "PTV service class (JHS 183)",
        "term_uri": format!("{SERVICE_CLASS_URI}/code/{class}"),
        "taxonomy": "PTV service classes (JHS 183)",
        "taxonomy_id": uri_id(SERVICE_CLASS_URI),
    })
}

fn hms(t: chrono::NaiveTime) -> String {
    t.format("%H:%M:%S").to_string()
}

/// A stable UUID for a generated HSDS record.
fn v5(name: &str) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, format!("luotsi:{name}").as_bytes()).to_string()
}

fn schedules(hours: &OpeningHours, owner: &str, owner_key: &str) -> Vec<Value> {
    let id = |n: String| {
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, format!("luotsi:{owner}:schedule:{n}").as_bytes()).to_string()
    };
    let mut out = Vec::new();
    let all_days = || "MO,TU,WE,TH,FR,SA,SU".to_owned();
    if hours.always_open {
        out.push(json!({
            "id": id("always".into()), owner_key: owner, "freq": "WEEKLY", "wkst": "MO", "byday": all_days(),
            "opens_at": "00:00:00", "closes_at": "23:59:59", "description": "Always open (Europe/Helsinki)",
        }));
    }
    for (i, w) in hours.weekly.iter().enumerate() {
        let days: Vec<&str> = w.days.iter().map(|d| weekday_code(*d)).collect();
        out.push(json!({
            "id": id(format!("w{i}")), owner_key: owner, "freq": "WEEKLY", "wkst": "MO", "byday": days.join(","),
            "opens_at": hms(w.opens), "closes_at": hms(w.closes),
            "description": format!("{} {}-{} (Europe/Helsinki)", days.join(","), format_time(w.opens), format_time(w.closes)),
        }));
    }
    for (i, e) in hours.exceptions.iter().enumerate() {
        let mut s = json!({
            "id": id(format!("x{i}")), owner_key: owner,
            "valid_from": e.from.to_string(), "valid_to": e.to.unwrap_or(e.from).to_string(),
        });
        if let Some(note) = &e.note {
            s["description"] = json!(note);
        }
        if let (Some(o), Some(c)) = (e.opens, e.closes) {
            s["opens_at"] = json!(hms(o));
            s["closes_at"] = json!(hms(c));
        }
        out.push(s);
    }
    out
}

fn strip_nulls(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|_, x| !x.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> NaiveDateTime {
        NaiveDateTime::default()
    }

    fn demo() -> Value {
        serde_json::from_str(include_str!("../../data/demo-region/catalogue.hsds.json")).unwrap()
    }

    #[test]
    fn reads_the_demo_region() {
        let parsed = parse_services(&demo(), None, at());
        assert!(parsed.refusals.is_empty(), "{:?}", parsed.refusals);
        assert_eq!(parsed.services.len(), 52);
        assert_eq!(parsed.areas.len(), 13);
        assert_eq!(parsed.organizations.len(), 10);
        let region = parsed.organizations.iter().find(|o| o.name.starts_with("Lakeuden hyvinvointialue")).unwrap();
        assert_eq!(region.kind, OrganizationKind::Region);
        let ngo = parsed.organizations.iter().find(|o| o.name.starts_with("MIELI")).unwrap();
        assert_eq!(ngo.kind, OrganizationKind::Ngo);
        let s = parsed
            .services
            .iter()
            .find(|s| s.name.fi == "Nuorisoasema (nuorten mielenterveys- ja päihdepalvelut)")
            .unwrap();
        assert_eq!((s.min_age, s.max_age), (Some(13), Some(22)));
        assert!(s.accepts_referrals);
        assert_eq!(s.service_class.as_deref(), Some("P5.7"));
        assert!(s.hours.is_some());
        assert!(parsed.points.len() > 100);
    }

    #[test]
    fn refusals_name_the_item_and_the_path() {
        let mut doc = demo();
        doc["contents"][3]["attributes"][0]["taxonomy_term"]["code"] = json!("health.nonsense");
        doc["contents"][5]["service_areas"][0]["extent"] = json!("12");
        doc["contents"][7]["service_at_locations"][0]["schedules"][0]["byday"] = json!("MO,XX");
        let parsed = parse_services(&doc, None, at());
        let paths: Vec<&str> = parsed.refusals.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "$.contents[3].attributes[0].taxonomy_term.code",
                "$.contents[5].service_areas[0].extent",
                "$.contents[7].service_at_locations[0].schedules[0]"
            ]
        );
        assert!(parsed.refusals[0].reason.contains("unknown need code"));
        assert!(parsed.refusals[0].item.contains(doc["contents"][3]["id"].as_str().unwrap()));
        assert!(parsed.refusals[2].reason.contains("schedule cannot be read"));
        assert_eq!(parsed.services.len(), 49);
    }

    #[test]
    fn ids_outside_the_alphabet_are_refused_by_their_path() {
        let bad = ["", "a\0b", "a\nb", "../../etc/passwd", "a/b", "a\u{202E}b", "a b", "ABC", "äiti", &"a".repeat(65)];
        for raw in bad {
            let mut doc = demo();
            doc["contents"][1]["id"] = json!(raw);
            doc["contents"][2]["organization"]["id"] = json!(raw);
            doc["contents"][2]["organization_id"] = json!(raw);
            doc["contents"][4]["service_at_locations"][0]["id"] = json!(raw);
            doc["contents"][6]["service_at_locations"][0]["location"]["id"] = json!(raw);
            let parsed = parse_services(&doc, None, at());
            let paths: Vec<&str> = parsed.refusals.iter().map(|r| r.path.as_str()).collect();
            for expected in [
                "$.contents[1].id",
                "$.contents[2].organization",
                "$.contents[4].service_at_locations[0]",
                "$.contents[6].service_at_locations[0].location.id",
            ] {
                assert!(paths.iter().any(|p| p.starts_with(expected)), "{raw:?}: {expected} not in {paths:?}");
            }
            assert!(parsed.services.iter().all(|s| crate::domain::catalogue::check_id(&s.id).is_ok()));
        }
    }

    #[test]
    fn a_register_refuses_unknown_municipalities() {
        let mut register = HashMap::new();
        let code = MunicipalityCode::parse("743").unwrap();
        register.insert(code.clone(), Municipality { code, fi: "Seinäjoki".into(), sv: None });
        let doc = json!([demo()["contents"][0].clone()]);
        let parsed = parse_services(&doc, Some(&register), at());
        assert_eq!(parsed.refusals.len(), 12);
        assert!(parsed.refusals[0].reason.contains("unknown municipality code"));
    }

    #[test]
    fn exceptions_and_round_trip_of_schedules() {
        let s = json!([
            {"freq": "WEEKLY", "byday": "MO,TU", "opens_at": "08:00:00", "closes_at": "16:00:00"},
            {"valid_from": "2026-12-06", "description": "Itsenäisyyspäivä"},
            {"valid_from": "2026-12-31", "valid_to": "2026-12-31", "opens_at": "09:00", "closes_at": "12:00"}
        ]);
        let mut ctx = ServiceCtx { path: "$".into(), item: "x".into(), refusals: vec![], register: None, at: at() };
        let hours = ctx.hours(s.as_array().unwrap(), "$.schedules").unwrap();
        assert_eq!(hours.weekly.len(), 1);
        assert_eq!(hours.exceptions.len(), 2);
        assert!(hours.exceptions[0].opens.is_none());
        let back = schedules(&hours, "p", "service_id");
        let again = ctx.hours(&back, "$").unwrap();
        assert_eq!(again, hours);
    }
}
