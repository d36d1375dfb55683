//! The service catalogue: import, HSDS export, the read API, admin writes with optimistic
//! concurrency, and the snapshot shared by replicas.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::test::{self, TestRequest};
use common::*;
use luotsi::auth::Role;
use luotsi::import::{self, demo, ImportError, ImportInput};
use luotsi::store::{self, catalogue::now};
use serde_json::{json, Value};

const SEINAJOKI: &str = "743";

fn reference_input() -> ImportInput<'static> {
    ImportInput { hsds: demo::CATALOGUE, ptv: &[], teams: Some(demo::TEAMS), municipalities: None }
}

async fn import_is_idempotent_and_all_or_nothing(db: TestDb) {
    let mut conn = store::ConnManager::connect(&db.url).unwrap();
    store::run_migrations(&mut conn).unwrap();

    let first = import::run(&mut conn, &reference_input(), false, now()).unwrap();
    assert_eq!(first.services.created, 52, "{first}");
    assert_eq!(first.teams.created, 45, "{first}");
    assert_eq!(first.municipalities.created, 13, "the register is built from the service areas");
    assert!(first.refused.is_empty());
    let loaded = store::catalogue::load(&mut conn).unwrap();
    assert_eq!((loaded.services.len(), loaded.teams.len()), (52, 45));
    let version = loaded.version;

    let second = import::run(&mut conn, &reference_input(), false, now()).unwrap();
    assert_eq!(second.services.unchanged, 52, "{second}");
    assert_eq!(second.teams.unchanged, 45);
    assert_eq!(second.service_points.unchanged, first.service_points.created);
    assert!(!second.changed());
    assert_eq!(store::catalogue::load(&mut conn).unwrap().version, version, "nothing changed, so no new version");

    // One bad item in each file: nothing is written and each is named with its path.
    let mut hsds: Value = serde_json::from_str(demo::CATALOGUE).unwrap();
    hsds["contents"][10]["name"] = json!("Changed name that must not be written");
    hsds["contents"][11]["attributes"][0]["taxonomy_term"]["code"] = json!("mental.unknown");
    let mut teams: Value = serde_json::from_str(demo::TEAMS).unwrap();
    teams["teams"][2]["services"][0] = json!("00000000-0000-0000-0000-000000000000");
    teams["teams"][3]["municipalities"][0] = json!("999");
    let hsds_text = hsds.to_string();
    let teams_text = teams.to_string();
    let input = ImportInput { hsds: &hsds_text, ptv: &[], teams: Some(&teams_text), municipalities: None };
    let err = import::run(&mut conn, &input, false, now()).unwrap_err();
    let ImportError::Refused(report) = err else { panic!("expected refusals, got {err}") };
    let refused: Vec<(String, String)> = report.refused.iter().map(|r| (r.path.clone(), r.reason.clone())).collect();
    assert_eq!(refused.len(), 3, "{refused:?}");
    assert_eq!(refused[0].0, "$.contents[11].attributes[0].taxonomy_term.code");
    assert!(refused[0].1.contains("unknown need code"));
    assert!(report.refused[0].item.contains(hsds["contents"][11]["id"].as_str().unwrap()));
    assert_eq!(refused[1].0, "$.teams[2].services[0]");
    assert!(refused[1].1.contains("does not exist"));
    assert_eq!(refused[2].0, "$.teams[3].municipalities[0]");
    assert!(refused[2].1.contains("unknown municipality code 999"));
    let after = store::catalogue::load(&mut conn).unwrap();
    assert_eq!(after.version, version);
    let renamed = after.services.iter().find(|s| s.id == hsds["contents"][10]["id"].as_str().unwrap()).unwrap();
    assert_ne!(renamed.name.fi, "Changed name that must not be written", "a refused import changes nothing");

    // A valid change updates exactly that service and bumps the version; a dry run writes nothing.
    let mut hsds: Value = serde_json::from_str(demo::CATALOGUE).unwrap();
    hsds["contents"][10]["description"] = json!("Uusi kuvaus");
    let text = hsds.to_string();
    let input = ImportInput { hsds: &text, ptv: &[], teams: None, municipalities: None };
    let dry = import::run(&mut conn, &input, true, now()).unwrap();
    assert!(dry.dry_run);
    assert_eq!(dry.services.updated, 1);
    assert_eq!(store::catalogue::load(&mut conn).unwrap().version, version);
    let report = import::run(&mut conn, &input, false, now()).unwrap();
    assert_eq!((report.services.updated, report.services.unchanged), (1, 51));
    let after = store::catalogue::load(&mut conn).unwrap();
    assert_eq!(after.version, version + 1);
    let changed = after.services.iter().find(|s| s.id == hsds["contents"][10]["id"].as_str().unwrap()).unwrap();
    assert_eq!(changed.version, 2);
}
db_test!(import_is_idempotent_and_all_or_nothing_, import_is_idempotent_and_all_or_nothing);

#[test]
fn the_import_command_reports_and_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/cli.db", dir.path().display());
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo-region");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_luotsi"))
            .args(args)
            .env("DATABASE_URL", &db)
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    let hsds = format!("{data}/catalogue.hsds.json");
    let teams = format!("{data}/teams.json");
    let out = run(&["import", "--hsds", &hsds, "--teams", &teams]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout} {}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("services             52 created"), "{stdout}");
    assert!(stdout.contains("teams                45 created"), "{stdout}");
    let again = run(&["import", "--hsds", &hsds, "--teams", &teams]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("52 unchanged"));

    let mut bad: Value = serde_json::from_str(demo::CATALOGUE).unwrap();
    bad["contents"][0]["service_at_locations"][0]["schedules"][0]["opens_at"] = json!("25:99");
    let bad_path = dir.path().join("bad.json");
    std::fs::write(&bad_path, bad.to_string()).unwrap();
    let out = run(&["import", "--hsds", bad_path.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("$.contents[0].service_at_locations[0].schedules[0]"), "{stdout}");
    assert!(stdout.contains("the schedule cannot be read"), "{stdout}");
    assert!(stdout.contains("nothing was written"), "{stdout}");
}

#[test]
fn exported_services_validate_against_the_hsds_schema() {
    let schema: Value = serde_json::from_str(include_str!("fixtures/hsds-3.1/service.json")).unwrap();
    let validator = jsonschema::options().should_validate_formats(true).build(&schema).unwrap();
    // The reference services themselves validate, so the validator is a fair judge.
    let reference: Value = serde_json::from_str(demo::CATALOGUE).unwrap();
    assert!(validator.is_valid(&reference["contents"][0]));

    let parsed = import::hsds::parse_services(&reference, None, now());
    let mut data = luotsi::domain::catalogue::CatalogueData {
        organizations: parsed.organizations,
        services: parsed.services,
        points: parsed.points,
        ..Default::default()
    };
    data.municipalities = parsed
        .areas
        .into_iter()
        .map(|(code, fi)| luotsi::domain::municipality::Municipality { code, fi, sv: None })
        .collect();
    let cat = luotsi::domain::catalogue::Catalogue::new(data);
    assert_eq!(cat.services.len(), 52);
    for s in &cat.services {
        let exported = import::hsds::export_service(&cat, s);
        let errors: Vec<String> =
            validator.iter_errors(&exported).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "service {} ({}): {errors:?}", s.id, s.name.fi);
    }
    // And a service with exceptions in its hours.
    let mut s = cat.services[0].clone();
    s.hours = Some(serde_json::from_value(json!({"weekly": [{"days": ["MO"], "opens": "08:00", "closes": "16:00"}],
        "exceptions": [{"from": "2026-12-06", "note": "Itsenäisyyspäivä"}, {"from": "2026-12-31", "opens": "09:00", "closes": "12:00"}]})).unwrap());
    let exported = import::hsds::export_service(&cat, &s);
    assert!(
        validator.is_valid(&exported),
        "{:?}",
        validator.iter_errors(&exported).map(|e| e.to_string()).collect::<Vec<_>>()
    );
}

async fn read_api(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state)).await;

    let r = send(&app, TestRequest::get().uri("/v1/needs")).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["needs"].as_array().unwrap().len(), 50);
    assert_eq!(r.body["needs"][0]["sv"], "Lindrig akut sjukdom");

    // The region's municipalities, by Finnish name, with the Swedish names the register has.
    let r = send(&app, TestRequest::get().uri("/v1/municipalities")).await;
    let list = r.body["municipalities"].as_array().unwrap();
    assert_eq!(list.len(), 13, "{}", r.body);
    let names: Vec<&str> = list.iter().map(|m| m["fi"].as_str().unwrap()).collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "{names:?}");
    let seinajoki = list.iter().find(|m| m["code"] == "743").unwrap();
    assert_eq!(seinajoki["fi"], "Seinäjoki");
    assert_eq!(list.iter().find(|m| m["code"] == "408").unwrap()["sv"], "Lappo");
    // An unknown one says where the valid ones are.
    let r = send(&app, TestRequest::get().uri("/v1/services?municipality=999")).await;
    assert!(r.problem(422)["errors"][0]["message"].as_str().unwrap().contains("GET /v1/municipalities"), "{}", r.text);

    // Filters: need + age + municipality; age limits are inclusive.
    let r = send(&app, TestRequest::get().uri("/v1/services?need=mental.youth&age=22&municipality=743")).await;
    let ids: Vec<&str> =
        r.body["items"].as_array().unwrap().iter().map(|s| s["name"]["fi"].as_str().unwrap()).collect();
    assert!(ids.iter().any(|n| n.starts_with("Nuorisoasema")), "{ids:?}");
    let r = send(&app, TestRequest::get().uri("/v1/services?need=mental.youth&age=23")).await;
    assert!(r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| !s["name"]["fi"].as_str().unwrap().starts_with("Nuorisoasema")));
    // Language and channel and text.
    let r = send(&app, TestRequest::get().uri("/v1/services?language=en&channel=chat")).await;
    assert!(r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["languages"].as_array().unwrap().contains(&json!("en"))));
    let r = send(&app, TestRequest::get().uri("/v1/services?text=hammas")).await;
    assert!(r.body["total"].as_u64().unwrap() >= 1);
    // Open now at a fixed instant: Monday 2026-11-23 10:00 local (08:00 UTC) vs 03:00 local.
    let open_day =
        send(&app, TestRequest::get().uri("/v1/services?open_now=true&at=2026-11-23T08:00:00Z&per_page=200")).await;
    let open_night =
        send(&app, TestRequest::get().uri("/v1/services?open_now=true&at=2026-11-23T01:00:00Z&per_page=200")).await;
    assert!(open_day.body["total"].as_u64().unwrap() > open_night.body["total"].as_u64().unwrap());
    assert!(open_night.body["items"].as_array().unwrap().iter().any(|s| s["name"]["fi"] == "Hätänumero 112"));
    // Pagination.
    let r = send(&app, TestRequest::get().uri("/v1/services?per_page=5&page=2")).await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 5);
    assert_eq!(r.body["total"], 52);
    // Bad filters name the field.
    let r = send(&app, TestRequest::get().uri("/v1/services?municipality=999&need=nope&per_page=0")).await;
    let fields: Vec<&str> =
        r.problem(422)["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"municipality") && fields.contains(&"need"), "{fields:?}");

    // One service: points with hours, next opening (Saturday -> Monday 08:00 local), teams.
    let doctor = "5878933b-33fe-5045-ac61-dd9af6952920";
    let r = send(&app, TestRequest::get().uri(&format!("/v1/services/{doctor}?at=2026-11-28T10:00:00Z"))).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("etag"), Some("\"1\""));
    assert_eq!(r.body["open_now"], false);
    assert_eq!(r.body["next_opening"], "2026-11-30T06:00:00Z");
    assert_eq!(r.body["points"].as_array().unwrap().len(), 5);
    assert_eq!(r.body["teams"].as_array().unwrap().len(), 5);
    send(&app, TestRequest::get().uri("/v1/services/nope")).await.problem(404);

    // Teams need a token.
    send(&app, TestRequest::get().uri("/v1/teams")).await.problem(401);
    let t = token(&[Role::CallCentre]);
    let r = send(
        &app,
        TestRequest::get().uri(&format!("/v1/teams?municipality={SEINAJOKI}&per_page=100")).insert_header(bearer(&t)),
    )
    .await;
    assert_eq!(r.body["total"], 7 + 10, "7 Seinäjoki teams and 10 region-wide teams");
    let r =
        send(&app, TestRequest::get().uri("/v1/teams/f9430aec-5766-5fe2-bdbf-ed7858e70bb5").insert_header(bearer(&t)))
            .await;
    assert_eq!(r.body["slug"], "sjk-mtp");

    // HSDS pages.
    let r = send(&app, TestRequest::get().uri("/hsds/services?per_page=10&page=6")).await;
    assert_eq!(r.body["total_items"], 52);
    assert_eq!(r.body["total_pages"], 6);
    assert_eq!(r.body["size"], 2);
    assert_eq!(r.body["last_page"], true);
    let r = send(&app, TestRequest::get().uri("/hsds/services?taxonomy_term_id=health.memory")).await;
    assert_eq!(r.body["total_items"], 2);
    let r = send(&app, TestRequest::get().uri("/hsds/services?modified_after=2100-01-01T00:00:00Z")).await;
    assert_eq!(r.body["empty"], true);
    let r = send(&app, TestRequest::get().uri(&format!("/hsds/services/{doctor}"))).await;
    assert_eq!(r.body["id"], doctor);
    assert_eq!(r.body["service_areas"].as_array().unwrap().len(), 13);
}
db_test!(read_api_, read_api);

async fn admin_writes(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let admin = token(&[Role::Admin]);
    let org = "7dc68580-fd90-5f3b-bf25-d782dd9efbba";
    let body = json!({
        "id": "test-service-1",
        "organization_id": org,
        "name": {"fi": "Testipalvelu", "sv": "Testtjänst"},
        "municipalities": ["743"],
        "languages": ["fi"],
        "channels": ["phone"],
        "need_codes": ["health.memory"],
        "accepts_referrals": true
    });
    // Only admins write.
    let r = send(
        &app,
        TestRequest::post().uri("/v1/services").insert_header(bearer(&token(&[Role::CallCentre]))).set_json(&body),
    )
    .await;
    r.problem(403);
    // Validation names each field.
    let mut bad = body.clone();
    bad["municipalities"] = json!(["999"]);
    bad["need_codes"] = json!(["health.memory", "nope"]);
    bad["min_age"] = json!(50);
    bad["max_age"] = json!(20);
    let r = send(&app, TestRequest::post().uri("/v1/services").insert_header(bearer(&admin)).set_json(&bad)).await;
    let fields: Vec<&str> =
        r.problem(422)["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["min_age", "municipalities[0]", "need_codes[1]"]);
    let mut unknown = body.clone();
    unknown["colour"] = json!("red");
    let r = send(&app, TestRequest::post().uri("/v1/services").insert_header(bearer(&admin)).set_json(&unknown)).await;
    assert!(r.problem(422)["detail"].as_str().unwrap().contains("colour"));

    let version_before = state.catalogue.get().version;
    let r = send(&app, TestRequest::post().uri("/v1/services").insert_header(bearer(&admin)).set_json(&body)).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.header("etag"), Some("\"1\""));
    assert_eq!(r.header("location"), Some("/v1/services/test-service-1"));
    assert_eq!(state.catalogue.get().version, version_before + 1, "the snapshot is rebuilt at once");
    let r = send(&app, TestRequest::post().uri("/v1/services").insert_header(bearer(&admin)).set_json(&body)).await;
    r.problem(409);

    // Optimistic concurrency: missing If-Match 428, stale 412, fresh 200.
    let mut changed = body.clone();
    changed["name"]["fi"] = json!("Testipalvelu, uusi nimi");
    let uri = "/v1/services/test-service-1";
    send(&app, TestRequest::put().uri(uri).insert_header(bearer(&admin)).set_json(&changed)).await.problem(428);
    let r = send(
        &app,
        TestRequest::put()
            .uri(uri)
            .insert_header(bearer(&admin))
            .insert_header(("If-Match", "\"1\""))
            .set_json(&changed),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.header("etag"), Some("\"2\""));
    assert_eq!(r.body["name"]["fi"], "Testipalvelu, uusi nimi");
    let r = send(
        &app,
        TestRequest::put().uri(uri).insert_header(bearer(&admin)).insert_header(("If-Match", "\"1\"")).set_json(&body),
    )
    .await;
    r.problem(412);
    let r = send(&app, TestRequest::get().uri(uri)).await;
    assert_eq!(r.body["name"]["fi"], "Testipalvelu, uusi nimi", "the stale write changed nothing");

    // A service point with hours, then a team that takes the service.
    let point = json!({"id": "test-point-1", "name": "Testipiste", "municipality": "743", "languages": ["fi"],
        "hours": {"weekly": [{"days": ["MO","TU","WE","TH","FR"], "opens": "08:00", "closes": "16:00"}]}});
    let r = send(
        &app,
        TestRequest::post().uri("/v1/services/test-service-1/points").insert_header(bearer(&admin)).set_json(&point),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let mut closed = point.clone();
    closed["active"] = json!(false);
    let r = send(
        &app,
        TestRequest::put()
            .uri("/v1/points/test-point-1")
            .insert_header(bearer(&admin))
            .insert_header(("If-Match", "\"1\""))
            .set_json(&closed),
    )
    .await;
    assert_eq!(r.body["active"], false, "{}", r.text);
    let team = json!({"id": "test-team-1", "name": "Testitiimi", "services": ["test-service-1"], "municipalities": ["743"], "languages": ["fi"], "weekly_capacity": 10});
    let r = send(&app, TestRequest::post().uri("/v1/teams").insert_header(bearer(&admin)).set_json(&team)).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let mut bad_team = team.clone();
    bad_team["id"] = json!("test-team-2");
    bad_team["services"] = json!(["no-such-service"]);
    let r = send(&app, TestRequest::post().uri("/v1/teams").insert_header(bearer(&admin)).set_json(&bad_team)).await;
    assert_eq!(r.problem(422)["errors"][0]["field"], "services[0]");
    // A slug another team holds is a conflict (409), named with the team that holds it.
    let mut same_slug = team.clone();
    same_slug["id"] = json!("test-team-3");
    same_slug["slug"] = json!("sjk-mtp");
    let r = send(&app, TestRequest::post().uri("/v1/teams").insert_header(bearer(&admin)).set_json(&same_slug)).await;
    assert!(r.problem(409)["detail"].as_str().unwrap().contains("sjk-mtp"), "{}", r.text);
    let r = send(&app, TestRequest::get().uri("/v1/teams/test-team-3").insert_header(bearer(&admin))).await;
    r.problem(404);

    // Deactivation keeps the records.
    let r =
        send(&app, TestRequest::delete().uri(uri).insert_header(bearer(&admin)).insert_header(("If-Match", "\"2\"")))
            .await;
    assert_eq!(r.body["status"], "inactive", "{}", r.text);
    let r = send(
        &app,
        TestRequest::delete()
            .uri("/v1/teams/test-team-1")
            .insert_header(bearer(&admin))
            .insert_header(("If-Match", "\"1\"")),
    )
    .await;
    assert_eq!(r.body["active"], false);
    // A deactivated record is gone from reads by id (as DELETE promises) and stays listable.
    let r = send(&app, TestRequest::get().uri(uri)).await;
    assert!(r.problem(404)["detail"].as_str().unwrap().contains("include_inactive=true"), "{}", r.text);
    let r = send(&app, TestRequest::get().uri("/v1/teams/test-team-1").insert_header(bearer(&admin))).await;
    assert!(r.problem(404)["detail"].as_str().unwrap().contains("deactivated"), "{}", r.text);
    let r = send(
        &app,
        TestRequest::get().uri("/v1/teams?include_inactive=true&per_page=200").insert_header(bearer(&admin)),
    )
    .await;
    assert!(r.body["items"].as_array().unwrap().iter().any(|t| t["id"] == "test-team-1" && t["active"] == false));
    let r = send(&app, TestRequest::get().uri("/v1/services?text=Testipalvelu")).await;
    assert_eq!(r.body["total"], 0, "inactive services are not listed by default");
    let r = send(&app, TestRequest::get().uri("/v1/services?text=Testipalvelu&include_inactive=true")).await;
    assert_eq!(r.body["total"], 1);
}
db_test!(admin_writes_, admin_writes);

async fn replicas_share_changes(db: TestDb) {
    // Two replicas on one database: a change through one reaches the other by polling.
    let a = state_with(&db, true, |_| {});
    let b = state_with(&db, false, |s| s.catalogue_poll = std::time::Duration::from_millis(100));
    luotsi::http::state::spawn_catalogue_poller(b.clone());
    let app_a = test::init_service(luotsi::build_app(a.clone())).await;
    let admin = token(&[Role::Admin]);
    let team = json!({"id": "replica-team", "name": "Replikatiimi", "services": ["5878933b-33fe-5045-ac61-dd9af6952920"], "municipalities": ["743"], "languages": ["fi"], "weekly_capacity": 5});
    let r = send(&app_a, TestRequest::post().uri("/v1/teams").insert_header(bearer(&admin)).set_json(&team)).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let started = std::time::Instant::now();
    while b.catalogue.get().team("replica-team").is_none() {
        assert!(started.elapsed().as_secs() < 5, "replica b did not see the change within 5 s");
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(b.catalogue.get().version, a.catalogue.get().version);
}
db_test!(replicas_share_changes_, replicas_share_changes);

/// The opening status the catalogue reuses is the one it would work out afresh, at every instant
/// of a week walked forwards in 7-minute steps and then backwards in 13-minute steps (openings,
/// closings, nights, the weekend and a daylight-saving change).
#[test]
fn cached_opening_status_equals_a_fresh_one() {
    use chrono::{Duration, TimeZone, Utc};
    let dir = tempfile::tempdir().unwrap();
    let url = luotsi::config::DatabaseUrl::Sqlite(dir.path().join("h.db").display().to_string());
    let mut conn = store::ConnManager::connect(&url).unwrap();
    store::run_migrations(&mut conn).unwrap();
    import::load_demo_if_empty(&mut conn, now()).unwrap();
    let cat = luotsi::domain::catalogue::Catalogue::new(store::catalogue::load(&mut conn).unwrap());
    // The week around the end of summer time in Finland (Sunday 2026-10-25, 04:00 -> 03:00).
    let start = Utc.with_ymd_and_hms(2026, 10, 21, 0, 3, 0).unwrap();
    let forwards = (0..1440).map(|k| start + Duration::minutes(7 * k));
    let backwards = (0..775).map(|k| start + Duration::minutes(10_080 - 13 * k));
    let mut checked = 0;
    let mut open = 0;
    for at in forwards.chain(backwards) {
        for s in &cat.services {
            let cached = cat.hours_status(s, at);
            assert_eq!(cached, cat.hours_status_uncached(s, at).0, "{} at {at}", s.id);
            checked += 1;
            open += usize::from(cached.is_some_and(|h| h.open_now));
        }
    }
    assert!(open > checked / 10 && open < checked, "a week has open and closed hours: {open} of {checked}");
}
