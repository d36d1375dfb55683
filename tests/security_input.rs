//! Hostile input as classes, on SQLite and PostgreSQL: extreme instants for every `at`, control
//! and bidirectional-text characters in every path id and query value of the served OpenAPI
//! document, ids outside the catalogue's alphabet on every write that takes one (and the import),
//! and calendar extremes in every date query. Every answer is 2xx or a 4xx problem+json, never a
//! 5xx or a dropped connection, and a refused write leaves the database as it was.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::test::{self, TestRequest};
use common::*;
use luotsi::auth::Role;
use serde_json::{json, Value};

const SERVICE: &str = "5878933b-33fe-5045-ac61-dd9af6952920";
const SJK_MTP: &str = "f9430aec-5766-5fe2-bdbf-ed7858e70bb5";
const ORGANIZATION_OF_SERVICE: &str = "/v1/services/5878933b-33fe-5045-ac61-dd9af6952920";

/// A token holding every role, a member of the demo region's mental-health team.
fn every_role() -> String {
    verifier().mint("prober", &Role::ALL, &[SJK_MTP.to_owned()], 600).unwrap()
}

/// A test state with the demo region and no rate limit (these tests send hundreds of requests).
fn probe_state(db: &TestDb) -> luotsi::AppState {
    state_with(db, true, |s| s.rate_limit_per_minute = 0)
}

/// Asserts the answer is 2xx or a 4xx problem+json: never a 5xx, never another content type.
fn never_broken(r: &Resp, what: &str) {
    let status = r.status.as_u16();
    assert!(status < 500, "{what}: {status} {}", r.text);
    if status >= 400 {
        // Under /fhir a problem is an OperationOutcome.
        let kind = if what.contains("/fhir/") { "application/fhir+json" } else { "application/problem+json" };
        assert_eq!(r.header("content-type"), Some(kind), "{what}: {}", r.text);
    }
}

/// The fields named by a problem.
fn fields(r: &Resp) -> Vec<String> {
    if r.body["resourceType"] == "OperationOutcome" {
        let issues = r.body["issue"].as_array().into_iter().flatten();
        return issues.filter_map(|i| i["expression"][0].as_str().map(str::to_owned)).collect();
    }
    r.body["errors"]
        .as_array()
        .map(|e| e.iter().map(|f| f["field"].as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

/// Percent-encodes a query value.
fn encode(raw: &str) -> String {
    raw.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn served_spec<B: actix_web::body::MessageBody>(app: &impl TestApp<B>) -> Value {
    let r = send(app, TestRequest::get().uri("/openapi.json")).await;
    assert_eq!(r.status, 200);
    r.body
}

// ------------------------------------------------------------------------------------------------
// Finding 6: extreme `at`

/// Instants from one end of chrono's range to the other, and whether each is inside 2000-2100 as
/// written (the year before the offset, which the document's pattern states).
const EXTREME_AT: &[(&str, bool)] = &[
    ("-262143-01-01T00:00:00Z", false),
    ("-262144-01-01T00:00:00Z", false),
    ("+262142-12-31T23:59:59Z", false),
    ("+262143-01-01T00:00:00Z", false),
    ("0000-01-01T00:00:00Z", false),
    ("-0001-12-31T23:59:59Z", false),
    ("1970-01-01T00:00:00Z", false),
    ("1999-12-31T23:59:59Z", false),
    ("1999-12-31T23:00:00-05:00", false),
    ("2000-01-01T09:00:00+14:00", true),
    ("2101-01-01T00:00:00Z", false),
    ("9999-12-31T23:59:59Z", false),
    ("9999-12-31T23:59:60Z", false),
    ("2026-13-45T25:61:61Z", false),
    ("", false),
    ("now", false),
    ("2000-01-01T00:00:00Z", true),
    ("2000-01-01T00:00:00-12:00", true),
    ("2016-12-31T23:59:60Z", true),
    ("2026-03-29T03:30:00+03:00", true),
    ("2026-11-23T09:00:00+14:00", true),
    ("2026-11-23T09:00:00-12:00", true),
    ("2100-12-31T23:59:59Z", true),
    ("2100-12-31T23:59:59+14:00", true),
];

fn base_body(path: &str) -> Value {
    match path {
        "/v1/navigation" => json!({"description": "Muisti pätkii.", "client": {"age": 70, "municipality": "743"}}),
        "/v1/referrals" => json!({"description": "Muisti pätkii.", "client": {"age": 70, "municipality": "743",
            "language": "fi"}, "patient_ref": "P-at", "channel": "phone", "consent": true}),
        other => panic!("{other} takes `at` in its body: give it a base body here"),
    }
}

async fn extreme_at_is_refused_never_a_crash(db: TestDb) {
    let app = test::init_service(luotsi::build_app(probe_state(&db))).await;
    let spec = served_spec(&app).await;
    let who = every_role();
    // Every operation of the served document that takes `at`, in its query or its body.
    let mut in_query = Vec::new();
    let mut in_body = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            if params.iter().any(|p| p["name"] == "at" && p["in"] == "query") {
                in_query.push((method.clone(), path.replace("{id}", SERVICE)));
            }
            if let Some(schema) = op["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str() {
                let name = schema.rsplit('/').next().unwrap();
                if spec["components"]["schemas"][name]["properties"]["at"].is_object() {
                    in_body.push((method.clone(), path.clone()));
                }
            }
        }
    }
    assert_eq!(in_query.len(), 2, "GET /v1/services and GET /v1/services/{{id}}: {in_query:?}");
    assert_eq!(in_body.len(), 2, "POST /v1/navigation and POST /v1/referrals: {in_body:?}");
    for (at, inside) in EXTREME_AT {
        for (method, path) in &in_query {
            assert_eq!(method, "get");
            let uri = format!("{path}?at={}", encode(at));
            let r = send(&app, TestRequest::get().uri(&uri)).await;
            never_broken(&r, &uri);
            if *inside {
                assert_eq!(r.status, 200, "{uri}: {}", r.text);
            } else {
                r.refused(422);
                assert_eq!(fields(&r), ["at"], "{uri}");
                assert!(r.text.contains("2000-2100"), "{uri}: {}", r.text);
            }
        }
        for (method, path) in &in_body {
            assert_eq!(method, "post");
            let mut body = base_body(path);
            body["at"] = json!(at);
            let req = TestRequest::post().uri(path).insert_header(bearer(&who)).set_json(&body);
            let r = send(&app, req).await;
            never_broken(&r, &format!("{path} at {at}"));
            if *inside {
                assert!(r.status.is_success(), "{path} at {at}: {}", r.text);
            } else {
                r.refused(422);
                assert!(fields(&r).contains(&"at".to_owned()), "{path} at {at}: {}", r.text);
            }
        }
    }
    // The document states the range of every `at` as the server applies it: its schema (format
    // and pattern) takes exactly the instants the server takes.
    let mut schemas = Vec::new();
    for path in ["/v1/services", "/v1/services/{id}"] {
        let params = spec["paths"][path]["get"]["parameters"].as_array().unwrap();
        schemas.push(params.iter().find(|p| p["name"] == "at").unwrap()["schema"].clone());
    }
    for schema in ["NavigationRequest", "ReferralRequest"] {
        schemas.push(spec["components"]["schemas"][schema]["properties"]["at"].clone());
    }
    for schema in schemas {
        let validator = jsonschema::options().should_validate_formats(true).build(&schema).unwrap();
        for (at, inside) in EXTREME_AT {
            assert_eq!(validator.is_valid(&json!(at)), *inside, "{schema}: {at}");
        }
    }
}
db_test!(extreme_at_is_refused_never_a_crash_, extreme_at_is_refused_never_a_crash);

// ------------------------------------------------------------------------------------------------
// Finding 8: control and bidirectional-text characters in path ids and query values

/// Percent-encoded values no id or code may hold: NUL, LF, CR, DEL, RLO (and a C1 control, a tab
/// and a left-to-right isolate).
const BAD_VALUES: &[&str] = &["%00", "%0A", "%0D", "%7F", "%E2%80%AE", "%C2%85", "%09", "%E2%81%A6", "a%00b"];

/// A valid value for a path parameter of a path, so that only the value under test is wrong.
fn fill(path: &str) -> String {
    let id = if path.starts_with("/v1/teams") {
        SJK_MTP
    } else if path.starts_with("/v1/referrals") {
        "00000000-0000-4000-8000-000000000000"
    } else {
        SERVICE
    };
    path.replace("{id}", id)
}

fn request(method: &str, uri: &str, who: &str) -> TestRequest {
    let req = match method {
        "get" => TestRequest::get(),
        "post" => TestRequest::post(),
        "put" => TestRequest::put(),
        "delete" => TestRequest::delete(),
        "patch" => TestRequest::patch(),
        other => panic!("method {other}"),
    };
    let req = req.uri(uri).insert_header(bearer(who)).insert_header(("If-Match", "\"1\""));
    if method == "post" || method == "put" {
        req.set_json(json!({}))
    } else {
        req
    }
}

async fn control_characters_in_every_id_and_query_value(db: TestDb) {
    let state = probe_state(&db);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let spec = served_spec(&app).await;
    let who = every_role();
    let before = catalogue_rows(&state);
    let (mut ids, mut queries) = (0, 0);
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            // Every path parameter (all are ids), with every bad value.
            for p in params.iter().filter(|p| p["in"] == "path") {
                let name = p["name"].as_str().unwrap();
                for bad in BAD_VALUES {
                    let uri = fill(&path.replace(&format!("{{{name}}}"), bad));
                    let r = send(&app, request(method, &uri, &who)).await;
                    never_broken(&r, &format!("{method} {uri}"));
                    r.refused(422);
                    assert_eq!(fields(&r), [name], "{method} {uri}: {}", r.text);
                    ids += 1;
                }
            }
            // Every documented query parameter, with every bad value.
            for p in params.iter().filter(|p| p["in"] == "query") {
                let name = p["name"].as_str().unwrap();
                let free_text = luotsi::http::input::FREE_TEXT.contains(&name);
                for bad in BAD_VALUES {
                    let uri = format!("{}?{name}={bad}", fill(path));
                    let r = send(&app, request(method, &uri, &who)).await;
                    never_broken(&r, &format!("{method} {uri}"));
                    let bidi = bad.starts_with("%E2");
                    if free_text && bidi {
                        assert_eq!(r.status, 200, "{method} {uri}: right-to-left text is searched: {}", r.text);
                    } else {
                        r.refused(422);
                        assert_eq!(fields(&r), [name], "{method} {uri}: {}", r.text);
                    }
                    queries += 1;
                }
            }
        }
    }
    assert!(ids >= 12 * BAD_VALUES.len(), "every operation with an id: {ids}");
    assert!(queries >= 30 * BAD_VALUES.len(), "every query parameter: {queries}");
    // An undocumented parameter, or a parameter name, is held to the same rule.
    for uri in ["/v1/services?colour=%00", "/v1/services?a%00b=1", "/v1/needs?x=%E2%80%AE"] {
        let r = send(&app, TestRequest::get().uri(uri).insert_header(bearer(&who))).await;
        r.refused(422);
    }
    // Right-to-left letters in a search are text: found or not, never refused.
    let r = send(&app, TestRequest::get().uri("/v1/services?text=%D8%B9%D8%B1%D8%A8%D9%8A")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(catalogue_rows(&state), before, "nothing written by refused requests");
    assert_eq!(referral_rows(&state), 0);
}
db_test!(control_characters_in_every_id_and_query_value_, control_characters_in_every_id_and_query_value);

/// Calendar extremes in every date and date-time query parameter of the document: a 4xx or an
/// answer, never a 5xx (a panic in date arithmetic, or a value the database cannot hold).
async fn calendar_extremes_in_every_date_query(db: TestDb) {
    let app = test::init_service(luotsi::build_app(probe_state(&db))).await;
    let spec = served_spec(&app).await;
    let who = every_role();
    let dates = ["-262143-01-01", "+262142-12-31", "0000-01-01", "9999-12-31", "1900-02-29", "2026-02-30"];
    let times = ["-262143-01-01T00:00:00Z", "+262142-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:60Z"];
    let mut checked = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for p in op["parameters"].as_array().cloned().unwrap_or_default() {
                let values: &[&str] = match p["schema"]["format"].as_str() {
                    Some("date") => &dates,
                    Some("date-time") => &times,
                    _ => continue,
                };
                let name = p["name"].as_str().unwrap();
                for v in values {
                    let uri = format!("{}?{name}={}", fill(path), encode(v));
                    let r = send(&app, request(method, &uri, &who)).await;
                    never_broken(&r, &format!("{method} {uri}"));
                    checked += 1;
                }
                // Both ends of a period at once.
                if name == "from" {
                    let uri = format!("{}?from={}&to={}", fill(path), encode(values[0]), encode(values[1]));
                    never_broken(&send(&app, request(method, &uri, &who)).await, &uri);
                    let uri = format!("{}?from={}&to={}", fill(path), encode(values[1]), encode(values[1]));
                    never_broken(&send(&app, request(method, &uri, &who)).await, &uri);
                }
            }
        }
    }
    assert!(checked >= 20, "{checked}");
}
db_test!(calendar_extremes_in_every_date_query_, calendar_extremes_in_every_date_query);

// ------------------------------------------------------------------------------------------------
// Finding 9: ids a client writes

/// Ids outside the alphabet (a lowercase UUID or a slug of a-z, 0-9 and inner hyphens, 1-64).
fn bad_ids() -> Vec<String> {
    let mut out: Vec<String> = [
        "a\u{0}b",
        "a\nb",
        "a\rb",
        "a\tb",
        "../../etc/passwd",
        "a/b",
        "a\u{202E}b",
        "\u{202E}",
        "a b",
        " a",
        "ABC",
        "677579C7-3A71-58EC-B930-58A6820CE7B8",
        "",
        "äiti",
        "ابج",
        "-a",
        "a-",
        "a.b",
        "a_b",
        "a%00b",
        "a\u{7f}",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    out.push("a".repeat(65));
    out
}

/// A request body with an id put in its place.
type BodyWithId = Box<dyn Fn(&str) -> Value>;

fn service_body(id: Option<&str>) -> Value {
    let mut b = json!({
        "organization_id": "7dc68580-fd90-5f3b-bf25-d782dd9efbba",
        "name": {"fi": "Koepalvelu"},
        "municipalities": ["743"],
        "languages": ["fi"],
        "need_codes": ["health.memory"],
        "accepts_referrals": false
    });
    if let Some(id) = id {
        b["id"] = json!(id);
    }
    b
}

fn point_body() -> Value {
    json!({"name": "Koepiste", "municipality": "743", "languages": ["fi"]})
}

fn team_body() -> Value {
    json!({"name": "Koetiimi", "services": [SERVICE], "municipalities": ["743"], "languages": ["fi"],
        "weekly_capacity": 10})
}

/// Rows of the catalogue tables and its version: what a refused write must leave as it was.
fn catalogue_rows(state: &luotsi::AppState) -> Vec<i64> {
    use diesel::prelude::*;
    use luotsi::store::schema::*;
    let conn = &mut **state.pool.get().unwrap();
    vec![
        services::table.count().get_result(conn).unwrap(),
        service_points::table.count().get_result(conn).unwrap(),
        teams::table.count().get_result(conn).unwrap(),
        team_services::table.count().get_result(conn).unwrap(),
        organizations::table.count().get_result(conn).unwrap(),
        catalogue_state::table.select(catalogue_state::version).first(conn).unwrap(),
    ]
}

fn referral_rows(state: &luotsi::AppState) -> i64 {
    use diesel::prelude::*;
    use luotsi::store::schema::referrals;
    referrals::table.count().get_result(&mut **state.pool.get().unwrap()).unwrap()
}

async fn bad_ids_are_refused_and_nothing_written(db: TestDb) {
    let state = probe_state(&db);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let admin = token(&[Role::Admin]);
    let staff = token(&[Role::CallCentre]);
    let point = send(&app, TestRequest::get().uri(ORGANIZATION_OF_SERVICE)).await.body["points"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = catalogue_rows(&state);

    // Every write that takes an id, and where the id goes in its body.
    let writes: Vec<(&str, String, BodyWithId, &str)> = vec![
        ("post", "/v1/services".into(), Box::new(|id| service_body(Some(id))), "id"),
        ("put", format!("/v1/services/{SERVICE}"), Box::new(|id| service_body(Some(id))), "id"),
        ("post", format!("/v1/services/{SERVICE}/points"), Box::new(|id| merge(point_body(), json!({"id": id}))), "id"),
        (
            "post",
            format!("/v1/services/{SERVICE}/points"),
            Box::new(|id| merge(point_body(), json!({"location_id": id}))),
            "location_id",
        ),
        ("put", format!("/v1/points/{point}"), Box::new(|id| merge(point_body(), json!({"id": id}))), "id"),
        (
            "put",
            format!("/v1/points/{point}"),
            Box::new(|id| merge(point_body(), json!({"location_id": id}))),
            "location_id",
        ),
        ("post", "/v1/teams".into(), Box::new(|id| merge(team_body(), json!({"id": id}))), "id"),
        ("post", "/v1/teams".into(), Box::new(|id| merge(team_body(), json!({"slug": id}))), "slug"),
        (
            "post",
            "/v1/teams".into(),
            Box::new(|id| merge(team_body(), json!({"services": [SERVICE, id]}))),
            "services[1]",
        ),
        ("put", format!("/v1/teams/{SJK_MTP}"), Box::new(|id| merge(team_body(), json!({"slug": id}))), "slug"),
        (
            "put",
            format!("/v1/teams/{SJK_MTP}"),
            Box::new(|id| merge(team_body(), json!({"services": [id]}))),
            "services[0]",
        ),
    ];
    for bad in bad_ids() {
        for (method, path, body, field) in &writes {
            let req = if *method == "post" { TestRequest::post() } else { TestRequest::put() };
            let req =
                req.uri(path).insert_header(bearer(&admin)).insert_header(("If-Match", "\"1\"")).set_json(body(&bad));
            let r = send(&app, req).await;
            never_broken(&r, &format!("{method} {path} {bad:?}"));
            r.refused(422);
            assert!(fields(&r).contains(&field.to_string()), "{method} {path} {field}={bad:?}: {}", r.text);
        }
        // A referral naming a service by a bad id.
        let body = json!({"description": "Muisti pätkii.", "client": {"age": 70, "municipality": "743",
            "language": "fi"}, "patient_ref": "P-ids", "channel": "phone", "consent": true, "service_ids": [bad]});
        let r =
            send(&app, TestRequest::post().uri("/v1/referrals").insert_header(bearer(&staff)).set_json(&body)).await;
        r.refused(422);
        assert_eq!(fields(&r), ["service_ids[0]"], "{bad:?}: {}", r.text);
    }
    // Control characters in the text of a write (PostgreSQL refuses NUL: this was a 500).
    let texts: Vec<(String, Value)> = vec![
        ("/v1/services".into(), merge(service_body(None), json!({"name": {"fi": "Koe\u{0}palvelu"}}))),
        ("/v1/services".into(), merge(service_body(None), json!({"description": {"fi": "rivi\u{1b}[31m"}}))),
        ("/v1/services".into(), merge(service_body(None), json!({"service_class": "P5\u{0}"}))),
        (format!("/v1/services/{SERVICE}/points"), merge(point_body(), json!({"address": "Tie\u{0} 1"}))),
        (format!("/v1/services/{SERVICE}/points"), merge(point_body(), json!({"city": "Sein\u{85}äjoki"}))),
        (
            format!("/v1/services/{SERVICE}/points"),
            merge(point_body(), json!({"hours": {"exceptions": [{"from": "2026-12-24", "note": "Joulu\u{0}"}]}})),
        ),
        ("/v1/teams".into(), merge(team_body(), json!({"name": "Tiimi\n2"}))),
        ("/v1/teams".into(), merge(team_body(), json!({"sote_centre": "sjk\u{0}"}))),
    ];
    for (path, body) in &texts {
        let r = send(&app, TestRequest::post().uri(path).insert_header(bearer(&admin)).set_json(body)).await;
        never_broken(&r, &format!("{path} {body}"));
        r.refused(422);
    }
    assert_eq!(catalogue_rows(&state), before, "nothing written by refused requests");
    assert_eq!(referral_rows(&state), 0, "nothing written by refused referrals");

    // Valid ids are accepted: slugs, lowercase UUIDs, the longest slug.
    let longest = "a".repeat(64);
    for id in ["muistipoliklinikka-2", "0b9f3c1e-5d2a-4c61-9a7e-2f1d8c3b4a55", longest.as_str(), "x"] {
        let r = send(
            &app,
            TestRequest::post().uri("/v1/services").insert_header(bearer(&admin)).set_json(service_body(Some(id))),
        )
        .await;
        assert_eq!(r.status, 201, "{id}: {}", r.text);
        assert_eq!(r.header("location"), Some(format!("/v1/services/{id}").as_str()));
        let r = send(&app, TestRequest::get().uri(&format!("/v1/services/{id}"))).await;
        assert_eq!(r.status, 200, "{id}: {}", r.text);
    }
    let r = send(
        &app,
        TestRequest::post()
            .uri(&format!("/v1/services/{SERVICE}/points"))
            .insert_header(bearer(&admin))
            .set_json(merge(point_body(), json!({"id": "koepiste-1", "location_id": "koetalo"}))),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = send(
        &app,
        TestRequest::post()
            .uri("/v1/teams")
            .insert_header(bearer(&admin))
            .set_json(merge(team_body(), json!({"id": "koetiimi", "slug": "koe-tiimi"}))),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);

    // The document states the alphabet of every id a client writes.
    let spec = served_spec(&app).await;
    for (schema, field) in [
        ("ServiceInput", "id"),
        ("ServicePointInput", "id"),
        ("ServicePointInput", "location_id"),
        ("TeamInput", "id"),
        ("TeamInput", "slug"),
    ] {
        let p = &spec["components"]["schemas"][schema]["properties"][field];
        assert_eq!(p["pattern"], luotsi::domain::catalogue::ID_PATTERN, "{schema}.{field}: {p}");
        assert_eq!(p["maxLength"], 64, "{schema}.{field}: {p}");
    }
}
db_test!(bad_ids_are_refused_and_nothing_written_, bad_ids_are_refused_and_nothing_written);

fn merge(mut target: Value, patch: Value) -> Value {
    for (k, v) in patch.as_object().unwrap() {
        target[k] = v.clone();
    }
    target
}

/// `luotsi import` refuses ids outside the alphabet and control characters anywhere, by their
/// JSON path, and writes nothing.
async fn import_refuses_bad_ids_and_control_characters(db: TestDb) {
    let state = probe_state(&db);
    let before = catalogue_rows(&state);
    let demo: Value = serde_json::from_str(luotsi::import::demo::CATALOGUE).unwrap();
    let teams: Value = serde_json::from_str(luotsi::import::demo::TEAMS).unwrap();
    let mut cases: Vec<(Value, Value, &str)> = Vec::new();
    // (The import trims the whitespace around a value, so " a" is the valid id "a" there.)
    for bad in bad_ids().into_iter().filter(|b| b.trim() == b) {
        let mut doc = demo.clone();
        doc["contents"][0]["id"] = json!(format!("{bad}"));
        cases.push((doc, teams.clone(), "$.contents[0].id"));
        let mut doc = demo.clone();
        doc["contents"][1]["service_at_locations"][0]["id"] = json!(bad);
        cases.push((doc, teams.clone(), "$.contents[1].service_at_locations[0]"));
        let mut t = teams.clone();
        t["teams"][0]["slug"] = json!(bad);
        cases.push((demo.clone(), t, "$.teams[0]"));
    }
    let mut doc = demo.clone();
    doc["contents"][2]["description"] = json!("kuvaus\u{0}");
    cases.push((doc, teams.clone(), "$.contents[2].description"));
    let mut t = teams.clone();
    t["teams"][1]["name"] = json!("Tiimi\u{1b}");
    cases.push((demo.clone(), t, "$.teams[1].name"));
    for (doc, teams, path) in cases {
        let hsds = doc.to_string();
        let teams = teams.to_string();
        let result = state
            .db(move |conn| {
                let input =
                    luotsi::import::ImportInput { hsds: &hsds, ptv: &[], teams: Some(&teams), municipalities: None };
                Ok::<_, luotsi::http::errors::AppError>(
                    luotsi::import::run(conn, &input, false, chrono::Utc::now().naive_utc()).map_err(|e| e.to_string()),
                )
            })
            .await
            .unwrap();
        let report = result.expect_err(path);
        assert!(report.contains(path), "{path} not in {report}");
    }
    assert_eq!(catalogue_rows(&state), before, "a refused import writes nothing");
}
db_test!(import_refuses_bad_ids_and_control_characters_, import_refuses_bad_ids_and_control_characters);
