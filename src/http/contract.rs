//! The value rules of the OpenAPI document that the derives cannot state: request fields and
//! query parameters that the server reads as codes (need codes, municipalities, languages,
//! channels, statuses), as times or as text that must not be blank. Each rule here is the
//! shape its parser accepts; the tests below check them against those parsers.

use serde_json::{json, Map, Value};
use utoipa::openapi::OpenApi as Spec;

use super::openapi::NOT_BLANK;

/// Three digits (`MunicipalityCode::parse`).
const MUNICIPALITY: &str = "^[0-9]{3}$";
/// HH:MM or HH:MM:SS (chrono takes a leap second), or 24:00 for the end of a day
/// (`hours::parse_time`).
const TIME: &str = "^(([01][0-9]|2[0-3]):[0-5][0-9](:([0-5][0-9]|60))?|24:00(:00)?)$";
/// The written year of an instant or a day asked about (`hours::EARLIEST_YEAR..=LATEST_YEAR`).
pub const YEAR_2000_TO_2100: &str = "^(20[0-9]{2}|2100)-";
/// A line of text: no control characters (`catalogue::check_text`) and not blank.
const LINE: &str = r"^[^\u0000-\u001F\u007F-\u009F]*[^\u0000-\u001F\u007F-\u009F\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000-\u001F\u007F-\u009F]*$";
/// Text of lines (`catalogue::control_char(_, true)`): no control characters other than tab,
/// line feed and carriage return.
const MULTILINE: &str = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$";
/// A client reference: no control or bidirectional characters (`input::refuse_bad_parameters`)
/// and not blank.
const CLIENT: &str = r"^[^\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]*[^\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000][^\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]*$";

fn languages() -> Value {
    json!({"type": "string", "enum": ["fi", "sv", "en"]})
}

fn channels() -> Value {
    json!({"$ref": "#/components/schemas/Channel"})
}

fn municipality() -> Value {
    json!({"type": "string", "pattern": MUNICIPALITY, "example": "743"})
}

fn need_code() -> Value {
    json!({"$ref": "#/components/schemas/NeedCode"})
}

/// A worklist's `status`: statuses of the closed loop, comma-separated.
fn status_list() -> String {
    let one = crate::domain::referral::Status::ALL.map(|s| s.as_str()).join("|");
    format!("^ *({one}) *(, *({one}) *)*$")
}

/// Adds the rules to the document (after the routes and the common responses are in).
pub fn state_value_rules(api: Spec) -> Spec {
    let mut doc = match serde_json::to_value(&api) {
        Ok(doc) => doc,
        Err(_) => return api,
    };
    patch(&mut doc);
    let mut api = serde_json::from_value(doc).unwrap_or(api);
    add_links(&mut api);
    api
}

fn patch(doc: &mut Value) {
    let schemas = &mut doc["components"]["schemas"];
    let codes: Vec<&str> = crate::domain::needs::taxonomy().needs.iter().map(|n| n.code.as_str()).collect();
    schemas["NeedCode"] = json!({
        "type": "string",
        "description": "A code of the need taxonomy shipped with this version (GET /v1/needs lists them with labels).",
        "enum": codes,
    });
    // The same text as `Localized`, as a write takes it: Finnish not blank, the others blank only
    // when empty, every part one line (a name) or lines (a description).
    let localized_input = |line: bool| {
        let part = if line { LINE.to_owned() } else { NOT_BLANK.to_owned() };
        let optional = if line { format!("^$|{LINE}") } else { format!("^$|{NOT_BLANK}") };
        json!({
            "type": "object",
            "description": "A text in Finnish with optional Swedish and English versions (at most 2,000 characters each).",
            "required": ["fi"],
            "properties": {
                "fi": {"type": "string", "pattern": part, "maxLength": 2000},
                "sv": {"type": ["string", "null"], "pattern": optional, "maxLength": 2000},
                "en": {"type": ["string", "null"], "pattern": optional, "maxLength": 2000},
            },
        })
    };
    schemas["LocalizedName"] = localized_input(true);
    schemas["LocalizedText"] = localized_input(false);

    let set = |schemas: &mut Value, schema: &str, field: &str, rule: Value| {
        let Some(property) = schemas.pointer_mut(&format!("/{schema}/properties/{field}")) else {
            panic!("the OpenAPI document has no {schema}.{field}");
        };
        merge(property, rule);
    };
    for question in ["NavigationRequest", "ReferralRequest"] {
        set(schemas, question, "need_codes", json!({"items": need_code()}));
        set(schemas, question, "language", json!({"enum": ["fi", "sv", "en", null]}));
    }
    set(
        schemas,
        "ReferralRequest",
        "channel",
        json!({"enum": crate::domain::referral::ContactChannel::ALL
            .map(|c| c.as_str())
            .into_iter()
            .chain([crate::domain::referral::ContactChannel::DEPRECATED_WALK_IN])
            .collect::<Vec<_>>()}),
    );
    set(schemas, "ClientInput", "municipality", json!({"pattern": MUNICIPALITY}));
    set(schemas, "ClientInput", "language", json!({"enum": ["fi", "sv", "en", null]}));
    set(schemas, "ServiceInput", "need_codes", json!({"items": need_code()}));
    set(schemas, "ServiceInput", "municipalities", json!({"items": municipality()}));
    set(schemas, "ServiceInput", "languages", json!({"items": languages()}));
    set(schemas, "ServiceInput", "channels", json!({"items": channels()}));
    set(schemas, "ServiceInput", "name", json!({"$ref": "#/components/schemas/LocalizedName"}));
    set(
        schemas,
        "ServiceInput",
        "description",
        json!({"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/LocalizedText"}]}),
    );
    set(schemas, "ServiceInput", "service_class", json!({"pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*$"}));
    set(schemas, "ServicePointInput", "name", json!({"pattern": LINE}));
    for line in ["name_sv", "address", "postal_code", "city"] {
        set(schemas, "ServicePointInput", line, json!({"pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*$"}));
    }
    set(schemas, "ServicePointInput", "municipality", json!({"pattern": MUNICIPALITY}));
    set(schemas, "ServicePointInput", "languages", json!({"items": languages()}));
    set(schemas, "TeamInput", "name", json!({"pattern": LINE}));
    set(schemas, "TeamInput", "sote_centre", json!({"pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*$"}));
    set(schemas, "TeamInput", "municipalities", json!({"items": municipality()}));
    set(schemas, "TeamInput", "languages", json!({"items": languages()}));
    set(schemas, "ClientSearch", "client", json!({"pattern": CLIENT}));
    // A comment may have paragraphs: line breaks and tabs, no other control character.
    set(schemas, "FeedbackInput", "comment", json!({"pattern": MULTILINE}));
    set(schemas, "StatusChange", "status", json!({"enum": crate::domain::referral::Status::ALL.map(|s| s.as_str())}));
    set(
        schemas,
        "WeeklyHours",
        "days",
        json!({"minItems": 1, "items": {"enum": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]}}),
    );
    set(schemas, "WeeklyHours", "opens", json!({"pattern": TIME}));
    set(schemas, "WeeklyHours", "closes", json!({"pattern": TIME}));
    set(schemas, "HoursException", "opens", json!({"pattern": TIME}));
    set(schemas, "HoursException", "closes", json!({"pattern": TIME}));
    for date in ["from", "to"] {
        set(schemas, "HoursException", date, json!({"pattern": YEAR_2000_TO_2100}));
    }
    for question in ["NavigationRequest", "ReferralRequest"] {
        set(schemas, question, "at", json!({"pattern": YEAR_2000_TO_2100}));
    }

    // The client lookup with the identity code in the URL stays one release beside its successor.
    doc["paths"]["/v1/referrals"]["get"]["deprecated"] = json!(true);
    let Some(paths) = doc["paths"].as_object_mut() else { return };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        for (_, op) in item.iter_mut() {
            for parameter in op["parameters"].as_array_mut().into_iter().flatten() {
                if parameter["in"] != "query" {
                    continue;
                }
                let rule = match parameter["name"].as_str().unwrap_or_default() {
                    "need" => Some(json!({"$ref": "#/components/schemas/NeedCode"})),
                    "municipality" => Some(municipality()),
                    "language" => Some(languages()),
                    "channel" => Some(channels()),
                    "client" => Some(json!({"type": "string", "minLength": 1, "maxLength": 100, "pattern": CLIENT})),
                    "status" if path.ends_with("/referrals") => {
                        Some(json!({"type": "string", "pattern": status_list()}))
                    }
                    // The audit log clamps its bounds; the others refuse years outside the range.
                    "at" | "from" | "to" if path != "/v1/audit" => {
                        let mut schema = parameter["schema"].clone();
                        merge(&mut schema, json!({"pattern": YEAR_2000_TO_2100}));
                        Some(schema)
                    }
                    _ => None,
                };
                if let Some(rule) = rule {
                    parameter["schema"] = rule;
                }
            }
        }
    }
}

/// Writes the keys of `rule` into `schema`; a `$ref` replaces the schema (it may not have
/// siblings that change it), an `items` rule merges into the items.
fn merge(schema: &mut Value, rule: Value) {
    let Value::Object(rule) = rule else { return };
    if rule.contains_key("$ref") {
        let description = schema.get("description").cloned();
        *schema = Value::Object(rule);
        if let Some(d) = description {
            schema["description"] = d;
        }
        return;
    }
    let Some(target) = schema.as_object_mut() else { return };
    for (key, value) in rule {
        match (key.as_str(), target.get_mut("items")) {
            ("items", Some(items)) => merge(items, value),
            _ => {
                target.insert(key, value);
            }
        }
    }
}

/// OpenAPI links from the answers that name a record to the operations on that record, with
/// its version for `If-Match`: what a client does next, and what the stateful fuzzing follows.
fn add_links(api: &mut Spec) {
    const BODY_ID: &str = "$response.body#/id";
    const FIRST_ID: &str = "$response.body#/items/0/id";
    const FIRST_CONTENT: &str = "$response.body#/contents/0/id";
    const PATH_ID: &str = "$request.path.id";
    const ETAG: &str = "$response.header.ETag";
    let read_team = |id: &str| json!({"read_team": ["get_team", {"id": id}], "worklist": ["worklist", {"id": id}]});
    let write_team = |id: &str| json!({"update_team": ["update_team", {"id": id, "header.If-Match": ETAG}], "deactivate_team": ["deactivate_team", {"id": id, "header.If-Match": ETAG}], "worklist": ["worklist", {"id": id}]});
    let write_service = |id: &str| json!({"update_service": ["update_service", {"id": id, "header.If-Match": ETAG}], "deactivate_service": ["deactivate_service", {"id": id, "header.If-Match": ETAG}], "add_point": ["create_point", {"id": id}]});
    let created_referral = || json!({"read_referral": ["get_one", {"id": BODY_ID}], "change_status": ["change_status", {"id": BODY_ID, "header.If-Match": ETAG}], "record_feedback": ["record_feedback", {"id": BODY_ID}], "feedback_link": ["create_feedback_link", {"id": BODY_ID}]});
    const FIRST_ENTRY: &str = "$response.body#/entry/0/resource/id";
    let fhir_referral = |id: &str| json!({"read_service_request": ["read_service_request", {"id": id}], "read_task": ["read_task", {"id": id}], "update_task": ["update_task", {"id": id, "header.If-Match": ETAG}]});
    let links = [
        ("/fhir/ServiceRequest", "post", "201", fhir_referral(FIRST_ENTRY)),
        ("/fhir/ServiceRequest", "post", "200", fhir_referral(FIRST_ENTRY)),
        ("/fhir/ServiceRequest/{id}", "get", "200", fhir_referral(PATH_ID)),
        ("/fhir/Task/{id}", "get", "200", fhir_referral(PATH_ID)),
        ("/fhir/Task/{id}", "put", "200", fhir_referral(PATH_ID)),
        ("/fhir/Task", "get", "200", json!({"read_task": ["read_task", {"id": FIRST_ENTRY}]})),
        (
            "/fhir/HealthcareService",
            "get",
            "200",
            json!({"read_healthcare_service": ["read_healthcare_service", {"id": FIRST_ENTRY}]}),
        ),
        ("/v1/teams", "get", "200", read_team(FIRST_ID)),
        ("/v1/teams", "post", "201", merged(read_team(BODY_ID), write_team(BODY_ID))),
        ("/v1/teams/{id}", "get", "200", write_team(PATH_ID)),
        ("/v1/services", "get", "200", json!({"read_service": ["get_service", {"id": FIRST_ID}]})),
        (
            "/v1/services",
            "post",
            "201",
            merged(json!({"read_service": ["get_service", {"id": BODY_ID}]}), write_service(BODY_ID)),
        ),
        ("/v1/services/{id}", "get", "200", write_service(PATH_ID)),
        (
            "/v1/services/{id}/points",
            "post",
            "201",
            json!({"update_point": ["update_point", {"id": BODY_ID, "header.If-Match": ETAG}]}),
        ),
        ("/v1/referrals", "post", "201", created_referral()),
        ("/v1/referrals", "post", "200", created_referral()),
        ("/v1/referrals", "get", "200", json!({"read_referral": ["get_one", {"id": FIRST_ID}]})),
        (
            "/v1/referrals/{id}",
            "get",
            "200",
            json!({"change_status": ["change_status", {"id": PATH_ID, "header.If-Match": ETAG}]}),
        ),
        (
            "/v1/referrals/{id}/status",
            "post",
            "200",
            json!({"read_referral": ["get_one", {"id": PATH_ID}], "change_again": ["change_status", {"id": PATH_ID, "header.If-Match": ETAG}], "record_feedback": ["record_feedback", {"id": PATH_ID}], "feedback_link": ["create_feedback_link", {"id": PATH_ID}]}),
        ),
        ("/v1/teams/{id}/referrals", "get", "200", json!({"read_referral": ["get_one", {"id": FIRST_ID}]})),
        ("/hsds/services", "get", "200", json!({"read_service": ["get", {"id": FIRST_CONTENT}]})),
        (
            "/hsds/organizations",
            "get",
            "200",
            json!({"read_organization": ["get_organization", {"id": FIRST_CONTENT}]}),
        ),
        ("/hsds/taxonomies", "get", "200", json!({"read_taxonomy": ["get_taxonomy", {"id": FIRST_CONTENT}]})),
        ("/hsds/taxonomy_terms", "get", "200", json!({"read_term": ["get_taxonomy_term", {"id": FIRST_CONTENT}]})),
        (
            "/hsds/service_at_locations",
            "get",
            "200",
            json!({"read_service_at_location": ["get_service_at_location", {"id": FIRST_CONTENT}]}),
        ),
    ];
    // utoipa 5 writes a `Link` with snake-case keys (`operation_id`): the links go in as they
    // are written, through the response's extensions map (which serializes its keys as given).
    for (path, method, status, named) in links {
        let item = api.paths.paths.get_mut(path);
        let op = item.and_then(|item| match method {
            "get" => item.get.as_mut(),
            "post" => item.post.as_mut(),
            "put" => item.put.as_mut(),
            _ => None,
        });
        let response = op.and_then(|op| op.responses.responses.get_mut(status));
        let Some(utoipa::openapi::RefOr::T(response)) = response else {
            panic!("the OpenAPI document has no {status} answer of {method} {path} to link from");
        };
        let mut out = Map::new();
        for (name, target) in named.as_object().into_iter().flatten() {
            out.insert(name.clone(), json!({"operationId": target[0], "parameters": target[1]}));
        }
        let extensions = response.extensions.get_or_insert_with(Default::default);
        extensions.insert("links".to_owned(), Value::Object(out));
    }
}

fn merged(mut a: Value, b: Value) -> Value {
    if let (Some(a), Value::Object(b)) = (a.as_object_mut(), b) {
        a.extend(b);
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalogue::check_text;
    use crate::domain::municipality::MunicipalityCode;

    fn accepts(pattern: &str) -> impl Fn(&str) -> bool {
        let validator = jsonschema::validator_for(&json!({"type": "string", "pattern": pattern})).unwrap();
        move |text| validator.is_valid(&json!(text))
    }

    /// Strings near each rule's edges, to hold each pattern against its parser.
    const PROBES: &[&str] = &[
        "",
        " ",
        "743",
        " 743",
        "7430",
        "74",
        "abc",
        "08:00",
        "8:00",
        "24:00",
        "24:00:00",
        "23:59:59",
        "23:60",
        "24:01",
        "00:00",
        "12:30:00",
        "12:30:60",
        "12:3",
        "1230",
        "accepted",
        "accepted,completed",
        "accepted , completed",
        "accepted,",
        ",accepted",
        "accepted,,completed",
        "Accepted",
        "accepted\tx",
        "a\u{0}b",
        "a\nb\r\n\tc",
        "a\u{b}b",
        "a\u{9f}b",
        "nimi",
        " nimi ",
        "\u{3000}",
        "a\u{85}b",
        "x\u{200E}y",
        "P-123",
        "150101A123T",
    ];

    #[test]
    fn the_patterns_take_what_the_parsers_take() {
        let municipality = accepts(MUNICIPALITY);
        let time = accepts(TIME);
        let line = accepts(LINE);
        let multiline = accepts(MULTILINE);
        let statuses = accepts(&status_list());
        for probe in PROBES {
            // The server trims a code before reading it; the document asks for none to trim.
            let untrimmed = probe.trim() == *probe;
            assert_eq!(municipality(probe), untrimmed && MunicipalityCode::parse(probe).is_ok(), "{probe:?}");
            let parsed_time = crate::domain::hours::parse_time(probe).is_ok();
            // chrono also reads one-digit hours ("8:00"): the document asks for two.
            assert!(!time(probe) || parsed_time, "{probe:?}");
            assert_eq!(time(probe), parsed_time && probe.len() >= 5 && untrimmed, "{probe:?}");
            assert_eq!(line(probe), check_text(probe, false).is_ok() && !probe.trim().is_empty(), "{probe:?}");
            assert_eq!(multiline(probe), check_text(probe, true).is_ok(), "{probe:?}");
            let parsed_statuses =
                probe.split(',').all(|s| crate::domain::referral::Status::parse(s.trim_matches(' ')).is_some());
            assert_eq!(statuses(probe), parsed_statuses, "{probe:?}");
        }
    }

    #[test]
    fn the_document_names_every_need_code_and_links_to_operations_it_has() {
        let api = serde_json::to_value(crate::http::openapi()).unwrap();
        let codes = api["components"]["schemas"]["NeedCode"]["enum"].as_array().unwrap();
        assert_eq!(codes.len(), crate::domain::needs::taxonomy().needs.len());
        assert!(codes.iter().all(|c| crate::domain::needs::taxonomy().contains(c.as_str().unwrap())));
        let ids: Vec<&str> = api["paths"]
            .as_object()
            .unwrap()
            .values()
            .flat_map(|item| item.as_object().unwrap().values())
            .filter_map(|op| op["operationId"].as_str())
            .collect();
        let mut links = 0;
        for item in api["paths"].as_object().unwrap().values() {
            for op in item.as_object().unwrap().values() {
                for response in op["responses"].as_object().unwrap().values() {
                    for link in response["links"].as_object().into_iter().flat_map(|l| l.values()) {
                        assert!(ids.contains(&link["operationId"].as_str().unwrap()), "{link}");
                        links += 1;
                    }
                }
            }
        }
        assert!(links >= 20, "{links} links");
    }
}
