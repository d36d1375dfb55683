//! The HSDS 3.1 API: every endpoint answers records that validate against the official compiled
//! schemas (with format checks: every id a UUID), pages with every `Page` field, the documented
//! filters, NDJSON, and the references between records resolve. On both databases.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::test::{self, TestRequest};
use common::*;
use serde_json::{json, Value};

fn validator(file: &str) -> jsonschema::Validator {
    let path = format!("{}/tests/fixtures/hsds-3.1/{file}", env!("CARGO_MANIFEST_DIR"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options().should_validate_formats(true).build(&schema).unwrap()
}

/// The `Page` object of HSDS 3.1, with every field required (`empty` is since 3.1.1).
fn page_validator() -> jsonschema::Validator {
    let path = format!("{}/tests/fixtures/hsds-3.1/api-objects.json", env!("CARGO_MANIFEST_DIR"));
    let objects: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut page = objects["Page"].clone();
    let fields: Vec<Value> = page["properties"].as_object().unwrap().keys().map(|k| json!(k)).collect();
    assert_eq!(fields.len(), 7);
    page["required"] = Value::Array(fields);
    jsonschema::options().should_validate_formats(true).build(&page).unwrap()
}

fn assert_valid(v: &jsonschema::Validator, record: &Value, what: &str) {
    let errors: Vec<String> = v.iter_errors(record).map(|e| format!("{e} at {}", e.instance_path)).take(5).collect();
    assert!(errors.is_empty(), "{what}: {errors:?}");
}

async fn hsds_api(db: TestDb) {
    let app = test::init_service(luotsi::build_app(state(&db, true))).await;
    let get = |uri: String| {
        let app = &app;
        async move { send(app, TestRequest::get().uri(&uri)).await }
    };
    let page = page_validator();

    // The root: the version and where the API is described.
    let r = get("/hsds/".into()).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["version"], "3.1");
    assert!(r.body["openapi_url"].as_str().unwrap().ends_with("/openapi.json"), "{}", r.body);
    let objects: Value = serde_json::from_str(include_str!("fixtures/hsds-3.1/api-objects.json")).unwrap();
    assert_valid(
        &jsonschema::options().should_validate_formats(true).build(&objects["root"]).unwrap(),
        &r.body,
        "root",
    );

    // Every list, whole (per_page=200), each record valid against its schema; each record read
    // by its id gives the same record.
    let kinds = [
        ("services", "service.json", 52),
        ("organizations", "organization.json", 0),
        ("taxonomies", "taxonomy.json", 2),
        ("taxonomy_terms", "taxonomy_term.json", 0),
        ("service_at_locations", "service_at_location.json", 0),
    ];
    let mut all = std::collections::HashMap::new();
    for (kind, schema, expected) in kinds {
        let v = validator(schema);
        let r = get(format!("/hsds/{kind}?per_page=200")).await;
        assert_eq!(r.status, 200, "{kind}: {}", r.text);
        assert_valid(&page, &r.body, kind);
        let contents = r.body["contents"].as_array().unwrap().clone();
        assert!(!contents.is_empty(), "{kind}");
        if expected > 0 {
            assert_eq!(contents.len(), expected, "{kind}");
        }
        assert_eq!(r.body["total_items"], contents.len());
        for (i, record) in contents.iter().enumerate() {
            assert_valid(&v, record, &format!("{kind}[{i}]"));
        }
        // The judge is fair: an id that is no UUID fails it.
        let mut bad = contents[0].clone();
        bad["id"] = json!("not-a-uuid");
        assert!(!v.is_valid(&bad), "{kind}");
        let first = contents[0]["id"].as_str().unwrap();
        let one = get(format!("/hsds/{kind}/{first}")).await;
        assert_eq!(one.status, 200, "{kind}/{first}: {}", one.text);
        assert_valid(&v, &one.body, &format!("{kind}/{first}"));
        let missing = get(format!("/hsds/{kind}/00000000-0000-4000-8000-000000000000")).await;
        assert_eq!(missing.status, 404, "{kind}");
        assert!(missing.headers.get("content-type").unwrap().to_str().unwrap().starts_with("application/problem+json"));
        assert!(missing.body["detail"].as_str().unwrap().contains(&format!("GET /hsds/{kind} lists them")));
        all.insert(kind, contents);
    }

    // The references between records resolve: a service's organization and terms, a term's
    // taxonomy, a service at a location's service.
    let ids = |kind: &str| all[kind].iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    let (orgs, terms, taxonomies, services) =
        (ids("organizations"), ids("taxonomy_terms"), ids("taxonomies"), ids("services"));
    assert!(terms.len() >= 50, "the whole need taxonomy: {}", terms.len());
    for s in &all["services"] {
        assert!(orgs.contains(&s["organization_id"].as_str().unwrap().to_owned()), "{}", s["id"]);
        for a in s["attributes"].as_array().unwrap().iter().filter(|a| a.get("taxonomy_term_id").is_some()) {
            assert!(terms.contains(&a["taxonomy_term_id"].as_str().unwrap().to_owned()), "{a}");
        }
    }
    for t in &all["taxonomy_terms"] {
        assert!(taxonomies.contains(&t["taxonomy_id"].as_str().unwrap().to_owned()), "{t}");
    }
    for sal in &all["service_at_locations"] {
        assert!(services.contains(&sal["service_id"].as_str().unwrap().to_owned()), "{sal}");
        assert!(sal.get("service").is_none(), "a list is not nested unless asked");
    }

    // Filters.
    // The document's examples of a taxonomy and a term are real ids (the fuzzing starts from them).
    let spec = luotsi::http::openapi();
    let example = |path: &str| {
        let op = serde_json::to_value(&spec.paths.paths[path]).unwrap();
        op["get"]["parameters"][0]["example"].as_str().unwrap().to_owned()
    };
    for (kind, path) in [("taxonomies", "/hsds/taxonomies/{id}"), ("taxonomy_terms", "/hsds/taxonomy_terms/{id}")] {
        assert_eq!(get(format!("/hsds/{kind}/{}", example(path))).await.status, 200, "{path}");
    }
    let need_taxonomy = all["taxonomies"].iter().find(|t| t["uri"] == "urn:luotsi:need:v1").unwrap()["id"].clone();
    let memory = all["taxonomy_terms"].iter().find(|t| t["code"] == "health.memory").unwrap()["id"].clone();
    let r = get(format!("/hsds/taxonomy_terms?taxonomy_id={}&per_page=200", need_taxonomy.as_str().unwrap())).await;
    assert_eq!(r.body["total_items"], 50);
    let r = get("/hsds/taxonomy_terms?search=muisti".into()).await;
    assert!(r.body["contents"].as_array().unwrap().iter().any(|t| t["code"] == "health.memory"), "{}", r.body);
    let r = get(format!("/hsds/taxonomy_terms?parent_id={}", memory.as_str().unwrap())).await;
    assert_eq!(r.body["empty"], true, "flat taxonomies: no term has a parent");
    for by in [memory.as_str().unwrap(), "health.memory"] {
        let r = get(format!("/hsds/services?taxonomy_term_id={by}")).await;
        assert_eq!(r.body["total_items"], 2, "{by}");
    }
    let r = get("/hsds/service_at_locations?taxonomy_term_id=health.memory&per_page=200".into()).await;
    let memory_points = r.body["contents"].as_array().unwrap().clone();
    assert!(!memory_points.is_empty());
    let memory_services: Vec<String> = get("/hsds/services?taxonomy_term_id=health.memory".into()).await.body
        ["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(memory_points.iter().all(|p| memory_services.contains(&p["service_id"].as_str().unwrap().to_owned())));
    let r = get(format!("/hsds/services?taxonomy_id={}&per_page=200", need_taxonomy.as_str().unwrap())).await;
    assert_eq!(r.body["total_items"], 52, "every demo service answers a need");
    // An organization's services, nested or by filter, are the same.
    let org = all["services"][0]["organization_id"].as_str().unwrap();
    let by_filter = get(format!("/hsds/services?organization_id={org}&per_page=200")).await;
    let nested = get(format!("/hsds/organizations/{org}")).await;
    assert_eq!(
        nested.body["services"].as_array().unwrap().len(),
        by_filter.body["total_items"].as_u64().unwrap() as usize
    );
    assert_valid(&validator("organization.json"), &nested.body, "a nested organization");
    let bare = get(format!("/hsds/organizations/{org}?full_service=false")).await;
    assert!(bare.body.get("services").is_none());
    let r = get("/hsds/organizations?full_service=true&per_page=1".into()).await;
    assert!(r.body["contents"][0]["services"].is_array());
    // A point by postcode, and with its service when full.
    let point = &all["service_at_locations"][0];
    let postcode = point["location"]["addresses"][0]["postal_code"].as_str().unwrap();
    let r = get(format!("/hsds/service_at_locations?postcode={postcode}&full=true&per_page=200")).await;
    assert!(r.body["contents"].as_array().unwrap().iter().any(|p| p["id"] == point["id"]));
    assert!(r.body["contents"].as_array().unwrap().iter().all(|p| p["service"]["id"] == p["service_id"]));
    let sal = validator("service_at_location.json");
    for p in r.body["contents"].as_array().unwrap() {
        assert_valid(&sal, p, "a nested service at a location");
    }
    let r = get("/hsds/service_at_locations?proximity=1000".into()).await;
    assert_eq!(r.status, 422);
    assert!(r.body["errors"].to_string().contains("proximity"), "{}", r.body);

    // Paging: the last page, and a page past the end is empty.
    let pages = terms.len().div_ceil(20);
    let r = get(format!("/hsds/taxonomy_terms?per_page=20&page={pages}")).await;
    assert_eq!((r.body["last_page"].clone(), r.body["first_page"].clone()), (json!(true), json!(false)));
    assert_eq!(
        (r.body["total_pages"].clone(), r.body["size"].clone()),
        (json!(pages), json!(terms.len() - 20 * (pages - 1)))
    );
    let r = get("/hsds/organizations?page=1000".into()).await;
    assert_eq!((r.body["empty"].clone(), r.body["size"].clone()), (json!(true), json!(0)));
    assert_valid(&page, &r.body, "an empty page");

    // NDJSON: every record, one a line, no paging.
    let r = send(&app, TestRequest::get().uri("/hsds/services?format=ndjson&per_page=1")).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.headers.get("content-type").unwrap(), "application/x-ndjson");
    let lines: Vec<Value> = r.text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 52);
    assert_eq!(lines, all["services"]);
    let r = get("/hsds/taxonomies?format=xml".into()).await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(r.body["detail"].as_str().unwrap().contains("expected `json` or `ndjson`"), "{}", r.body);
}
db_test!(hsds_api_, hsds_api);
