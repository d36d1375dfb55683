//! Reads Suomi.fi PTV open API v11 pages (services and service channels, the `itemList` pages as
//! the API answers them, or bare arrays) into the catalogue's types: names and descriptions in
//! Finnish, Swedish and English, areas, languages, channels, service points with their opening
//! hours, and need codes from the service classes (`data/ptv-needs.json`).
//!
//! A class gives its `needs` outright; its `candidates` only when the service's own name and
//! summary say so (read by the navigation's need vocabulary). A service the mapping cannot place
//! is imported without need codes and reported, never guessed.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveDateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

use super::hsds::{ParsedServices, Refusal};
use crate::domain::catalogue::{
    check_id, check_text, Catalogue, Channel, Organization, OrganizationKind, Service, ServicePoint, ServiceStatus,
};
use crate::domain::hours::{parse_time, HoursException, OpeningHours, WeeklyHours};
use crate::domain::lang::{Lang, Localized};
use crate::domain::municipality::{Municipality, MunicipalityCode};
use crate::domain::navigation::{Client, Navigator, Question, TeamContext};
use crate::domain::needs::NeedCode;

/// The shipped mapping from PTV service classes to need codes.
pub const MAPPING: &str = include_str!("../../data/ptv-needs.json");

/// Days within which a non-urgent referral is handled (the access target), for every PTV service.
const ACCESS_TARGET_DAYS: u32 = 7;

#[derive(Deserialize)]
struct MappingFile {
    service_classes: Vec<MappedClass>,
}

#[derive(Deserialize)]
struct MappedClass {
    code: String,
    label_fi: String,
    needs: Vec<String>,
    candidates: Vec<String>,
}

/// Service classes by code and by Finnish label, each with its needs and its candidates.
pub struct Mapping {
    by_code: HashMap<String, (Vec<NeedCode>, Vec<NeedCode>)>,
    by_label: HashMap<String, String>,
}

impl Mapping {
    /// Reads a mapping file; a need code not in the taxonomy names its class.
    pub fn from_json(json: &str) -> Result<Self, String> {
        let file: MappingFile = serde_json::from_str(json).map_err(|e| format!("the PTV mapping is not valid: {e}"))?;
        let mut out = Mapping { by_code: HashMap::new(), by_label: HashMap::new() };
        for class in file.service_classes {
            let codes = |list: &[String]| {
                list.iter()
                    .map(|n| NeedCode::parse(n).map_err(|e| format!("the PTV mapping's class {}: {e}", class.code)))
                    .collect::<Result<Vec<_>, _>>()
            };
            let entry = (codes(&class.needs)?, codes(&class.candidates)?);
            out.by_label.insert(class.label_fi.to_lowercase(), class.code.clone());
            out.by_code.insert(class.code, entry);
        }
        Ok(out)
    }

    /// The shipped mapping (checked by the tests).
    pub fn shipped() -> &'static Mapping {
        static MAP: std::sync::OnceLock<Mapping> = std::sync::OnceLock::new();
        MAP.get_or_init(|| Mapping::from_json(MAPPING).unwrap_or_else(|e| panic!("{e}")))
    }

    /// A class's code: its `code`, the end of its `uri`, or its Finnish name's class.
    fn code_of(&self, class: &Value) -> Option<String> {
        let code = class["code"].as_str().map(str::to_owned).filter(|c| !c.is_empty());
        let from_uri = || class["uri"].as_str().and_then(|u| u.rsplit('/').next()).map(str::to_owned);
        let from_name = || {
            localized_list(&class["name"], None)
                .get(&Lang::Fi)
                .and_then(|name| self.by_label.get(&name.to_lowercase()).cloned())
        };
        code.or_else(from_uri).filter(|c| self.by_code.contains_key(c)).or_else(from_name)
    }
}

/// What the PTV files hold, in domain types, and what the import reports beside refusals.
#[derive(Debug, Default)]
pub struct ParsedPtv {
    pub parsed: ParsedServices,
    /// Services imported without need codes: the mapping could not place them.
    pub unmapped: Vec<String>,
    /// Links to channels or services the files do not hold.
    pub dangling: Vec<String>,
    /// Services of none of the region's municipalities: not imported.
    pub outside: Vec<String>,
}

/// One item of a file, with where it is.
struct Item<'a> {
    path: String,
    value: &'a Value,
}

/// The items of every file: a page's `itemList` or a bare array.
fn items<'a>(files: &'a [(String, Value)], refusals: &mut Vec<Refusal>) -> Vec<Item<'a>> {
    let mut out = Vec::new();
    for (name, doc) in files {
        let (list, prefix) = match doc {
            Value::Array(list) => (list.as_slice(), format!("{name}: $")),
            Value::Object(page) if page.get("itemList").is_some_and(Value::is_array) => {
                (page["itemList"].as_array().map_or(&[][..], Vec::as_slice), format!("{name}: $.itemList"))
            }
            _ => {
                refusals.push(Refusal {
                    path: format!("{name}: $"),
                    item: "PTV file".into(),
                    reason: "a PTV file is a page with `itemList` or an array of services or channels".into(),
                });
                continue;
            }
        };
        out.extend(list.iter().enumerate().map(|(i, value)| Item { path: format!("{prefix}[{i}]"), value }));
    }
    out
}

/// `[{language, value, type?}]` by language (fi, sv, en; others skipped), of one `type` when given.
fn localized_list(v: &Value, kind: Option<&str>) -> BTreeMap<Lang, String> {
    let mut out = BTreeMap::new();
    for entry in v.as_array().into_iter().flatten() {
        if kind.is_some_and(|k| entry["type"].as_str() != Some(k)) {
            continue;
        }
        let (Some(lang), Some(text)) = (entry["language"].as_str().and_then(Lang::parse), entry["value"].as_str())
        else {
            continue;
        };
        if !text.trim().is_empty() {
            out.entry(lang).or_insert_with(|| text.trim().to_owned());
        }
    }
    out
}

fn localized(mut by_lang: BTreeMap<Lang, String>) -> Option<Localized> {
    let fi = by_lang.remove(&Lang::Fi).or_else(|| by_lang.get(&Lang::Sv).cloned())?;
    Some(Localized { fi, sv: by_lang.remove(&Lang::Sv), en: by_lang.remove(&Lang::En) })
}

/// A PTV municipality code as the catalogue writes it: three digits, zero-padded.
fn municipality(raw: &str) -> Result<MunicipalityCode, String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 3 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{raw:?} is not a municipality code (one to three digits)"));
    }
    MunicipalityCode::parse(&format!("{raw:0>3}"))
}

/// The municipality codes of an item's areas, with their Finnish names.
fn area_codes(item: &Value) -> Result<Vec<(MunicipalityCode, String)>, String> {
    let mut out = Vec::new();
    let mut add = |m: &Value| -> Result<(), String> {
        let code = municipality(m["code"].as_str().unwrap_or_default())?;
        let name = localized_list(&m["name"], None).remove(&Lang::Fi).unwrap_or_else(|| code.to_string());
        out.push((code, name));
        Ok(())
    };
    for area in item["areas"].as_array().into_iter().flatten() {
        for m in area["municipalities"].as_array().into_iter().flatten() {
            add(m)?;
        }
    }
    for m in item["areaMunicipalities"].as_array().into_iter().flatten() {
        add(m)?;
    }
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    Ok(out)
}

fn languages(item: &Value) -> Vec<Lang> {
    let mut out: Vec<Lang> =
        item["languages"].as_array().into_iter().flatten().filter_map(|l| l.as_str()).filter_map(Lang::parse).collect();
    out.dedup();
    if out.is_empty() {
        out.push(Lang::Fi);
    }
    out
}

/// Full English weekday names (PTV's `dayFrom`, `dayTo`) as days from Monday.
fn weekday(name: &str) -> Option<usize> {
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        .iter()
        .position(|d| d.eq_ignore_ascii_case(name.trim()))
}

/// A channel's `serviceHours` as opening hours: regular weekly hours (`DaysOfTheWeek`, and
/// `OverMidnight`), dated exceptions (`Exceptional`: closed, or special hours), always open.
fn hours(list: &Value) -> Result<OpeningHours, String> {
    const DAYS: [chrono::Weekday; 7] = [
        chrono::Weekday::Mon,
        chrono::Weekday::Tue,
        chrono::Weekday::Wed,
        chrono::Weekday::Thu,
        chrono::Weekday::Fri,
        chrono::Weekday::Sat,
        chrono::Weekday::Sun,
    ];
    let mut out = OpeningHours::default();
    let date = |v: &Value| -> Result<Option<NaiveDate>, String> {
        match v.as_str().filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d")
                .map(Some)
                .map_err(|_| format!("{s:?} is not a date")),
        }
    };
    for h in list.as_array().into_iter().flatten() {
        if h["isAlwaysOpen"] == true {
            out.always_open = true;
            continue;
        }
        let note = localized_list(&h["additionalInformation"], None).remove(&Lang::Fi);
        let kind = h["serviceHourType"].as_str().unwrap_or("DaysOfTheWeek");
        let (from, to) = (date(&h["validFrom"])?, date(&h["validTo"])?);
        let openings = h["openingHour"].as_array().cloned().unwrap_or_default();
        if matches!(kind, "Exceptional" | "Exception") {
            let from = from.ok_or("an exceptional opening hour needs `validFrom`")?;
            let times = openings.first().map(|o| (o["from"].as_str().unwrap_or(""), o["to"].as_str().unwrap_or("")));
            let (opens, closes) = match times {
                Some((a, b)) if h["isClosed"] != true && !a.is_empty() && !b.is_empty() => {
                    (Some(parse_time(a).map_err(|e| e.to_string())?), Some(parse_time(b).map_err(|e| e.to_string())?))
                }
                _ => (None, None),
            };
            out.exceptions.push(HoursException { from, to: to.filter(|t| *t != from), opens, closes, note });
            continue;
        }
        if h["isClosed"] == true {
            continue;
        }
        for o in &openings {
            let first = weekday(o["dayFrom"].as_str().unwrap_or(""))
                .ok_or_else(|| format!("{} is not a day of the week", o["dayFrom"]))?;
            let last = match o["dayTo"].as_str().filter(|d| !d.is_empty()) {
                // An opening over midnight ends on `dayTo`; its day is `dayFrom`.
                Some(_) if kind == "OverMidnight" => first,
                Some(d) => weekday(d).ok_or_else(|| format!("{d:?} is not a day of the week"))?,
                None => first,
            };
            let days: Vec<chrono::Weekday> = if last >= first {
                (first..=last).map(|d| DAYS[d]).collect()
            } else {
                (first..7).chain(0..=last).map(|d| DAYS[d]).collect()
            };
            let time = |k: &str| parse_time(o[k].as_str().unwrap_or("")).map_err(|e| e.to_string());
            out.weekly.push(WeeklyHours { days, opens: time("from")?, closes: time("to")? });
        }
    }
    out.validate().map_err(|e| e.to_string())?;
    Ok(out)
}

/// Reads the items of PTV files. `register` is the region's municipality register (`None`:
/// every well-formed code, the caller builds the register from `areas`). `known_orgs` are the
/// organizations already in the catalogue; `finnish` reads the services' own words for candidate
/// needs.
pub fn parse(
    files: &[(String, Value)],
    register: Option<&HashMap<MunicipalityCode, Municipality>>,
    known_orgs: &[Organization],
    finnish: Option<&dyn crate::domain::morphology::Analyser>,
    at: NaiveDateTime,
) -> ParsedPtv {
    let mapping = Mapping::shipped();
    let mut out = ParsedPtv::default();
    let mut refusals = Vec::new();
    let all = items(files, &mut refusals);
    let (channels, services): (Vec<&Item>, Vec<&Item>) =
        all.iter().partition(|i| i.value.get("serviceChannelType").is_some());
    // The last copy of a channel wins (pages overlap).
    let channel_by_id: HashMap<&str, &Item> =
        channels.iter().filter_map(|c| c.value["id"].as_str().map(|id| (id, *c))).collect();
    let service_ids: std::collections::HashSet<&str> = services.iter().filter_map(|s| s.value["id"].as_str()).collect();
    // The channels that link each service, by the service's id, read once.
    let mut back_links: HashMap<String, Vec<&Item>> = HashMap::new();
    // In file order (the copy that wins), so a service's channels come in a stable order.
    let winning =
        |c: &Item| c.value["id"].as_str().and_then(|id| channel_by_id.get(id)).is_some_and(|w| std::ptr::eq(*w, c));
    for c in channels.iter().copied().filter(|c| winning(c)) {
        for link in c.value["services"].as_array().into_iter().flatten() {
            if let Some(sid) = link["service"]["id"].as_str() {
                back_links.entry(sid.to_lowercase()).or_default().push(c);
            }
        }
    }
    for c in &channels {
        for link in c.value["services"].as_array().into_iter().flatten() {
            if let Some(id) = link["service"]["id"].as_str().filter(|id| !service_ids.contains(id)) {
                let cid = c.value["id"].as_str().unwrap_or("?");
                out.dangling.push(format!("the channel {cid} links the service {id}, which the files do not hold"));
            }
        }
    }
    let mut orgs: BTreeMap<String, Organization> = BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    for item in services {
        let v = item.value;
        let name_map = localized_list(&v["serviceNames"], Some("Name"));
        let label = format!(
            "PTV service {} ({})",
            v["id"].as_str().unwrap_or("?"),
            name_map.values().next().map(String::as_str).unwrap_or("no name")
        );
        let mut refuse = |path: String, reason: String| {
            refusals.push(Refusal { path, item: label.clone(), reason });
        };
        let Some(id) = v["id"].as_str().map(str::to_lowercase) else {
            refuse(format!("{}.id", item.path), "a service needs its PTV `id`".into());
            continue;
        };
        if let Err(e) = check_id(&id) {
            refuse(format!("{}.id", item.path), format!("the id {e}"));
            continue;
        }
        if !seen.insert(id.clone()) {
            refuse(format!("{}.id", item.path), "the service is in the files twice".into());
            continue;
        }
        let Some(name) = localized(name_map) else {
            refuse(
                format!("{}.serviceNames", item.path),
                "a service needs a name (`type: Name`) in Finnish or Swedish".into(),
            );
            continue;
        };
        let description = localized(localized_list(&v["serviceDescriptions"], Some("Summary")))
            .or_else(|| localized(localized_list(&v["serviceDescriptions"], Some("Description"))));
        let texts = [Some(&name), description.as_ref()];
        let bad_text = texts
            .iter()
            .flatten()
            .flat_map(|l| [Some(&l.fi), l.sv.as_ref(), l.en.as_ref()])
            .flatten()
            .find_map(|t| check_text(t, true).err());
        if let Some(e) = bad_text {
            refuse(format!("{}.serviceNames", item.path), e);
            continue;
        }
        // Areas: the municipalities named, or every municipality of the region when nationwide.
        let areas = match area_codes(v) {
            Ok(a) => a,
            Err(e) => {
                refuse(format!("{}.areas", item.path), e);
                continue;
            }
        };
        let nationwide = matches!(v["areaType"].as_str(), Some("Nationwide" | "NationwideExceptAlandIslands"));
        let mut municipalities: Vec<MunicipalityCode> = areas.iter().map(|(c, _)| c.clone()).collect();
        if let Some(reg) = register {
            if nationwide {
                municipalities = reg.keys().cloned().collect();
                municipalities.sort();
            }
            municipalities.retain(|m| reg.contains_key(m));
        } else {
            for (code, name) in &areas {
                out.parsed.areas.entry(code.clone()).or_insert_with(|| name.clone());
            }
        }
        if municipalities.is_empty() && register.is_some() && !areas.is_empty() {
            // A national catalogue holds other regions' services: they are left out, and listed.
            out.outside.push(format!("{} ({id})", name.fi));
            continue;
        }
        if municipalities.is_empty() && (register.is_some() || !nationwide) {
            refuse(format!("{}.areas", item.path), "the service names no municipality and is not nationwide".into());
            continue;
        }
        // Its channels, by the links on both sides.
        let mut linked: Vec<&Item> = Vec::new();
        for link in v["serviceChannels"].as_array().into_iter().flatten() {
            let cid = link["serviceChannel"]["id"].as_str().unwrap_or_default();
            match channel_by_id.get(cid) {
                Some(c) => linked.push(c),
                None => {
                    out.dangling.push(format!("the service {id} links the channel {cid}, which the files do not hold"))
                }
            }
        }
        for c in back_links.get(&id).into_iter().flatten() {
            if !linked.iter().any(|l| l.value["id"] == c.value["id"]) {
                linked.push(c);
            }
        }
        let mut channels_of: Vec<Channel> = linked
            .iter()
            .filter_map(|c| match c.value["serviceChannelType"].as_str() {
                Some("ServiceLocation") => Some(Channel::InPerson),
                Some("Phone") => Some(Channel::Phone),
                Some("EChannel") => Some(Channel::Chat),
                _ => None,
            })
            .collect();
        channels_of.sort_by_key(|c| c.as_str());
        channels_of.dedup();
        // The organization: the responsible one named on the service, else the channels'.
        let named = v["organizations"].as_array().into_iter().flatten().find(|o| o["roleType"] == "Responsible");
        let org_id = named
            .and_then(|o| o["organization"]["id"].as_str())
            .or_else(|| v["mainOrganization"]["id"].as_str())
            .or_else(|| linked.iter().find_map(|c| c.value["organizationId"].as_str()))
            .map(str::to_lowercase);
        let Some(org_id) = org_id.filter(|o| check_id(o).is_ok()) else {
            refuse(
                format!("{}.organizations", item.path),
                "the service names no organization (nor do its channels)".into(),
            );
            continue;
        };
        if !known_orgs.iter().any(|o| o.id == org_id) {
            let org_name = named.and_then(|o| o["organization"]["name"].as_str()).map(str::to_owned);
            orgs.entry(org_id.clone()).or_insert_with(|| Organization {
                id: org_id.clone(),
                name: org_name.unwrap_or_else(|| format!("PTV-organisaatio {org_id}")),
                name_sv: None,
                kind: if v["fundingType"] == "MarketFunded" { OrganizationKind::Ngo } else { OrganizationKind::Region },
                description: None,
            });
        }
        // Needs: the classes' own, and their candidates when the service's words say so.
        let classes: Vec<String> =
            v["serviceClasses"].as_array().into_iter().flatten().filter_map(|c| mapping.code_of(c)).collect();
        let mut needs: Vec<NeedCode> = Vec::new();
        let mut candidates: Vec<NeedCode> = Vec::new();
        for class in &classes {
            if let Some((n, c)) = mapping.by_code.get(class) {
                needs.extend(n.iter().cloned());
                candidates.extend(c.iter().cloned());
            }
        }
        if !candidates.is_empty() {
            let words = format!("{}. {}", name.fi, description.as_ref().map(|d| d.fi.as_str()).unwrap_or_default());
            let said = own_words_needs(&words, finnish);
            needs.extend(candidates.into_iter().filter(|c| said.contains(c)));
        }
        needs.sort();
        needs.dedup();
        if needs.is_empty() {
            out.unmapped.push(format!("{} ({})", name.fi, id));
        }
        let status = match v["publishingStatus"].as_str() {
            Some("Deleted" | "Withdrawn" | "Archived") => ServiceStatus::Inactive,
            _ => ServiceStatus::Active,
        };
        let service = Service {
            id: id.clone(),
            organization_id: org_id,
            name,
            description,
            status,
            min_age: None,
            max_age: None,
            municipalities: municipalities.clone(),
            languages: languages(v),
            channels: channels_of,
            need_codes: needs,
            service_class: classes.first().cloned(),
            access_target_days: ACCESS_TARGET_DAYS,
            // Referral services are those a team takes (the import decides once the teams are read).
            accepts_referrals: false,
            hours: None,
            version: 1,
            created_at: at,
            updated_at: at,
        };
        // Its service points: the service locations it is given at.
        for c in linked.iter().filter(|c| c.value["serviceChannelType"] == "ServiceLocation") {
            match point(c, &service, register, at) {
                Ok(p) => out.parsed.points.push(p),
                Err(e) => refuse(c.path.clone(), e),
            }
        }
        out.parsed.services.push(service);
    }
    out.parsed.organizations = orgs.into_values().collect();
    // Pages overlap: a link is told once.
    out.dangling.sort();
    out.dangling.dedup();
    out.parsed.refusals = refusals;
    out
}

/// A service location channel as the point of one service.
fn point(
    c: &Item,
    service: &Service,
    register: Option<&HashMap<MunicipalityCode, Municipality>>,
    at: NaiveDateTime,
) -> Result<ServicePoint, String> {
    let v = c.value;
    let cid = v["id"].as_str().map(str::to_lowercase).ok_or("a channel needs its `id`")?;
    check_id(&cid).map_err(|e| format!("the channel id {e}"))?;
    let names = localized_list(&v["serviceChannelNames"], Some("Name"));
    let name =
        names.get(&Lang::Fi).or_else(|| names.values().next()).cloned().ok_or("a service location needs a name")?;
    check_text(&name, false)?;
    let address =
        v["addresses"].as_array().into_iter().flatten().find(|a| a["type"] != "Postal").map(|a| &a["streetAddress"]);
    let street = address.map(|a| {
        let s = localized_list(&a["street"], None).remove(&Lang::Fi).unwrap_or_default();
        format!("{s} {}", a["streetNumber"].as_str().unwrap_or_default()).trim().to_owned()
    });
    let municipality = match address.and_then(|a| a["municipality"]["code"].as_str()) {
        Some(code) => Some(municipality(code)?),
        None => None,
    };
    let municipality = municipality.filter(|m| register.is_none_or(|r| r.contains_key(m)));
    let hours = hours(&v["serviceHours"]).map_err(|e| format!("the opening hours cannot be read: {e}"))?;
    Ok(ServicePoint {
        // One point per service and location: a location hosts many services.
        id: uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, format!("ptv:{cid}:{}", service.id).as_bytes()).to_string(),
        service_id: service.id.clone(),
        location_id: cid,
        name,
        name_sv: names.get(&Lang::Sv).cloned(),
        address: street.filter(|s| !s.is_empty()),
        postal_code: address.and_then(|a| a["postalCode"].as_str()).map(str::to_owned).filter(|p| !p.is_empty()),
        city: address.and_then(|a| localized_list(&a["postOffice"], None).remove(&Lang::Fi)),
        municipality,
        languages: languages(v),
        hours,
        active: true,
        version: 1,
        updated_at: at,
    })
}

/// The needs the navigation reads in a service's own words (an adult client, no catalogue).
fn own_words_needs(words: &str, finnish: Option<&dyn crate::domain::morphology::Analyser>) -> Vec<NeedCode> {
    let cat = Catalogue::default();
    let nav = Navigator { catalogue: &cat, lexicon: crate::domain::lexicon::active(), analyser: finnish };
    let Ok(municipality) = MunicipalityCode::parse("743") else { return Vec::new() };
    let q = Question {
        description: words,
        language: None,
        client: Client { age: 40, municipality, language: Lang::Fi, digital_ability: None },
        need_codes: Vec::new(),
        at: Utc::now(),
    };
    nav.navigate(&q, &TeamContext::default()).needs.into_iter().map(|n| n.code).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn service_hours_read_as_opening_hours() {
        let h = hours(&json!([
            {"serviceHourType": "DaysOfTheWeek", "validFrom": null, "validTo": null, "isClosed": false,
             "openingHour": [{"dayFrom": "Monday", "dayTo": "Friday", "from": "08:00:00", "to": "16:00:00"},
                             {"dayFrom": "Saturday", "dayTo": "", "from": "10:00:00", "to": "14:00:00"}]},
            {"serviceHourType": "OverMidnight", "openingHour": [{"dayFrom": "Friday", "dayTo": "Saturday", "from": "22:00:00", "to": "02:00:00"}]},
            {"serviceHourType": "Exceptional", "validFrom": "2026-12-06T00:00:00", "validTo": null, "isClosed": true,
             "additionalInformation": [{"language": "fi", "value": "Itsenäisyyspäivä"}], "openingHour": []},
            {"serviceHourType": "Exceptional", "validFrom": "2026-12-24T00:00:00", "validTo": "2026-12-26T00:00:00", "isClosed": false,
             "openingHour": [{"dayFrom": "Thursday", "dayTo": "", "from": "09:00:00", "to": "12:00:00"}]}
        ]))
        .unwrap();
        let days = |i: usize| h.weekly[i].days.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(",");
        assert_eq!(days(0), "Mon,Tue,Wed,Thu,Fri");
        assert_eq!(days(1), "Sat");
        assert_eq!((days(2), h.weekly[2].closes.to_string()), ("Fri".to_owned(), "02:00:00".to_owned()));
        let holiday = &h.exceptions[0];
        assert_eq!((holiday.opens, holiday.note.as_deref(), holiday.to), (None, Some("Itsenäisyyspäivä"), None));
        let christmas = &h.exceptions[1];
        assert_eq!(christmas.to.map(|d| d.to_string()).as_deref(), Some("2026-12-26"));
        assert_eq!(christmas.opens.map(|t| t.to_string()).as_deref(), Some("09:00:00"));
        assert!(hours(&json!([{"serviceHourType": "DaysOfTheWeek", "openingHour": [{"dayFrom": "Moonday", "from": "08:00", "to": "16:00"}]}])).is_err());
        assert!(hours(&json!([{"isAlwaysOpen": true}])).unwrap().always_open);
    }

    #[test]
    fn municipality_codes_are_padded_and_checked() {
        assert_eq!(municipality("91").unwrap().as_str(), "091");
        assert_eq!(municipality("743").unwrap().as_str(), "743");
        assert!(municipality("7430").is_err());
        assert!(municipality("").is_err());
        assert!(municipality("x1").is_err());
    }
}
