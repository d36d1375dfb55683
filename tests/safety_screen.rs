//! The safety screen on SQLite and PostgreSQL: every navigation answer says how well it
//! understood and whether the red-flag questions must be asked; staff cannot record a contact
//! that needs the screen without its answers (409, nothing stored, the same Idempotency-Key
//! works on the retry); any "yes" or "unknown" is the emergency; a screen that cannot be
//! finished, or a patient system's case, is recorded as triage_pending with the nurse reception.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::test::{self, TestRequest};
use chrono::{DateTime, Duration, Utc};
use common::*;
use diesel::prelude::*;
use luotsi::auth::Role;
use luotsi::AppState;
use serde_json::{json, Value};

const HETU: &str = "131052-308T";
const SJK_VASTAANOTTO: &str = "7e8d32ab-e8fe-56c8-80b6-f7a79014cc2a";
const HOITAJAN_VASTAANOTTO: &str = "d6dc310f-b2ed-5d91-8565-073c98ef5165";
const SJK_MTP: &str = "f9430aec-5766-5fe2-bdbf-ed7858e70bb5";
/// A clear need (low mood) and something sudden: not an emergency, not routine.
const ACUTE: &str = "Mieliala on ollut pitkään matalalla, ja tänään tuli äkillisesti outo olo.";

fn body(description: &str) -> Value {
    json!({
        "description": description,
        "language": "fi",
        "client": {"age": 34, "municipality": "743", "language": "fi"},
        "hetu": HETU,
        "channel": "phone",
        "consent": true
    })
}

fn create(b: &Value, roles: &[Role], key: Option<&str>) -> TestRequest {
    let mut r = TestRequest::post().uri("/v1/referrals").insert_header(bearer(&token(roles))).set_json(b);
    if let Some(k) = key {
        r = r.insert_header(("Idempotency-Key", k));
    }
    r
}

fn navigation(description: &str, age: u32) -> TestRequest {
    TestRequest::post().uri("/v1/navigation").insert_header(bearer(&token(&[Role::CallCentre]))).set_json(json!({
        "description": description,
        "client": {"age": age, "municipality": "743", "language": "fi"}
    }))
}

fn count(state: &AppState, table: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = state.pool.get().unwrap();
    diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}")).get_result::<N>(&mut **conn).unwrap().n
}

fn due(r: &Value) -> DateTime<Utc> {
    r["due_at"].as_str().unwrap().parse().unwrap()
}

fn audit_actions(state: &AppState) -> Vec<(String, Option<String>)> {
    #[derive(QueryableByName)]
    struct A {
        #[diesel(sql_type = diesel::sql_types::Text)]
        action: String,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
        detail: Option<String>,
    }
    let mut conn = state.pool.get().unwrap();
    diesel::sql_query("SELECT action, detail FROM audit_log ORDER BY id")
        .load::<A>(&mut **conn)
        .unwrap()
        .into_iter()
        .map(|a| (a.action, a.detail))
        .collect()
}

async fn navigation_says_how_sure_it_is_and_when_to_ask(db: TestDb) {
    let app = test::init_service(luotsi::build_app(state(&db, true))).await;
    // Routine: understood, no screen.
    let r = send(&app, navigation("Reseptini loppuu ensi viikolla, tarvitsen uusinnan.", 60)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["understood"], "clear");
    assert_eq!(r.body["safety"]["screen_required"], false);
    assert_eq!(r.body["safety"]["screen_id"], "red-flags-v1");
    assert_eq!(r.body["safety"]["questions"], json!([]));
    // Something sudden: the questions that fit, in the client's and the staff's language.
    let r = send(&app, navigation(ACUTE, 34).insert_header(("Accept-Language", "sv-FI, en;q=0.5"))).await;
    let safety = &r.body["safety"];
    assert_eq!(safety["screen_required"], true, "{}", r.text);
    assert!(safety["reasons"][0].as_str().unwrap().contains("äkillisesti"), "{}", r.text);
    let questions = safety["questions"].as_array().unwrap();
    assert!(questions.iter().any(|q| q["id"] == "chest" && q["level"] == "112"), "{}", r.text);
    assert!(questions.len() < 12, "only the questions that fit: {}", r.text);
    assert_eq!(questions[0]["language"], "fi");
    assert_eq!(questions[0]["staff_language"], "sv");
    assert_ne!(questions[0]["text"], questions[0]["staff_text"]);
    // Nothing understood: never empty; the general entry points, the whole screen.
    let r = send(&app, navigation("Hei, kysyisin yhtä asiaa.", 47)).await;
    assert_eq!(r.body["understood"], "none", "{}", r.text);
    assert_eq!(r.body["needs"], json!([]));
    assert!(!r.body["services"].as_array().unwrap().is_empty(), "{}", r.text);
    assert_eq!(r.body["safety"]["screen_required"], true);
    assert_eq!(r.body["safety"]["questions"].as_array().unwrap().len(), 12);
    let ranked: Vec<&str> =
        r.body["services"].as_array().unwrap().iter().map(|s| s["service_id"].as_str().unwrap()).collect();
    assert!(ranked[..5].contains(&HOITAJAN_VASTAANOTTO), "the nurse reception is an entry point: {}", r.text);
    assert!(r.body["routing"]["lead_team_id"].is_string(), "{}", r.text);
    // A mind at the end of its strength ("orkar inte mer") is asked about thoughts of death.
    let r = send(&app, navigation("Jag duger aldrig till något, jag orkar inte mer.", 14)).await;
    assert_eq!(r.body["safety"]["screen_required"], true, "{}", r.text);
    assert!(r.body["safety"]["questions"].as_array().unwrap().iter().any(|q| q["id"] == "suicide"), "{}", r.text);
    // An emergency is its own answer: no screen on top.
    let r = send(&app, navigation("Isä on tajuton eikä herää.", 80)).await;
    assert_eq!(r.body["emergency"]["level"], "112");
    assert_eq!(r.body["safety"]["screen_required"], false);
}
db_test!(navigation_says_how_sure_it_is_and_when_to_ask_, navigation_says_how_sure_it_is_and_when_to_ask);

async fn staff_record_only_with_the_answers(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let staff = [Role::CallCentre];
    // No answers: 409 of its own type, with the questions; nothing stored.
    let r = send(&app, create(&body(ACUTE), &staff, Some("call-1"))).await;
    let p = r.problem(409);
    assert_eq!(p["type"], "/problems/safety-screen-required");
    let questions: Vec<String> = p["context"]["safety"]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(!questions.is_empty());
    assert_eq!(count(&state, "referrals"), 0);
    assert_eq!(count(&state, "idempotency_keys"), 0);
    // Answers that miss a question, or name another screen: 422, nothing stored.
    let mut b = body(ACUTE);
    b["safety_screen"] = json!({"screen_id": "red-flags-v1", "answers": {questions[0].clone(): "no"}});
    let p = send(&app, create(&b, &staff, Some("call-1"))).await.problem(422).clone();
    if questions.len() > 1 {
        assert!(p["errors"][0]["message"].as_str().unwrap().contains(&questions[1]), "{p}");
    }
    let long = "q".repeat(65);
    b["safety_screen"] = json!({"screen_id": "red-flags-v1", "answers": {long.clone(): "no"}});
    let p = send(&app, create(&b, &staff, Some("call-1"))).await.problem(422).clone();
    assert!(p["errors"][0]["field"] == "safety_screen" && !p.to_string().contains(&long), "{p}");
    b["safety_screen"] = json!({"screen_id": "red-flags-v1", "answers": {questions[0].clone(): "no"}});
    b["safety_screen"]["screen_id"] = json!("red-flags-v0");
    assert_eq!(
        send(&app, create(&b, &staff, Some("call-1"))).await.problem(422)["errors"][0]["field"],
        "safety_screen.screen_id"
    );
    // An "unknown" is a "yes": the emergency, refused as one.
    let answers = |last: &str| {
        let mut a = serde_json::Map::new();
        for (i, q) in questions.iter().enumerate() {
            a.insert(q.clone(), json!(if i + 1 == questions.len() { last } else { "no" }));
        }
        Value::Object(a)
    };
    b["safety_screen"] = json!({"screen_id": "red-flags-v1", "answers": answers("unknown")});
    let r = send(&app, create(&b, &staff, Some("call-1"))).await;
    let p = r.problem(409);
    assert_eq!(p["type"], "/problems/conflict");
    assert!(p["context"]["emergency"]["level"].is_string(), "{}", r.text);
    assert_eq!(count(&state, "referrals"), 0);
    // All "no": recorded, due within a day, with the answers (encrypted at rest), the same key.
    b["safety_screen"] = json!({"screen_id": "red-flags-v1", "answers": answers("no")});
    let r = send(&app, create(&b, &staff, Some("call-1"))).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["status"], "requested");
    let created: DateTime<Utc> = r.body["created_at"].as_str().unwrap().parse().unwrap();
    assert!(due(&r.body) <= created + Duration::days(1), "{}", r.text);
    assert_eq!(r.body["safety_screen"]["screen_id"], "red-flags-v1");
    assert_eq!(r.body["safety_screen"]["answers"][&questions[0]], "no");
    assert!(r.body["safety_screen"]["asked_by"].is_string());
    let id = r.body["id"].as_str().unwrap().to_owned();
    #[derive(QueryableByName)]
    struct Raw {
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
        safety_screen_enc: Option<String>,
    }
    let mut conn = state.pool.get().unwrap();
    let raw: Raw = diesel::sql_query("SELECT safety_screen_enc FROM referrals").get_result(&mut **conn).unwrap();
    drop(conn);
    let stored = raw.safety_screen_enc.unwrap();
    // Ciphertext (base64) holds no quote and no JSON key; a word like "no" could occur by chance.
    assert!(
        stored.starts_with("v1:") && !stored.contains('"') && !stored.contains("answers"),
        "encrypted at rest: {stored}"
    );
    // The audit log keeps the screen's id and the questions' ids, not the answers.
    let screen_entry = audit_actions(&state).into_iter().find(|(a, _)| a == "safety_screen").unwrap();
    let detail = screen_entry.1.unwrap();
    assert!(detail.starts_with("red-flags-v1: ") && !detail.contains("no"), "{detail}");
    // The replay answers with the same referral.
    let r = send(&app, create(&b, &staff, Some("call-1"))).await;
    assert_eq!((r.status.as_u16(), r.body["id"].as_str()), (200, Some(id.as_str())));
    // Only a full view shows the answers: the lead team does; another team sees the outline.
    let read =
        |t: &str| TestRequest::get().uri(&format!("/v1/referrals/{id}")).insert_header(bearer(&team_token("t", &[t])));
    let lead = send(&app, read(SJK_MTP)).await;
    assert_eq!(lead.body["safety_screen"]["screen_id"], "red-flags-v1", "{}", lead.text);

    // A "yes" handled by staff (112 called) is recorded with its level.
    let mut handled = body(ACUTE);
    handled["hetu"] = json!("010101A999X");
    handled["safety_screen"] = json!({"screen_id": "red-flags-v1", "answers": answers("yes")});
    handled["emergency_handled"] = json!(true);
    let r = send(&app, create(&handled, &staff, None)).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert!(r.body["emergency_level"].is_string());
    assert_eq!(r.body["urgency"], "urgent");
}
db_test!(staff_record_only_with_the_answers_, staff_record_only_with_the_answers);

async fn a_screen_not_finished_is_triage_pending_with_the_nurse_reception(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let mut b = body(ACUTE);
    b["triage_pending"] = json!(true);
    let r = send(&app, create(&b, &[Role::CallCentre], None)).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["status"], "triage_pending");
    assert_eq!(r.body["lead_team_id"], SJK_VASTAANOTTO, "{}", r.text);
    assert!(r.body["participating_team_ids"].as_array().unwrap().iter().any(|t| t == SJK_MTP), "{}", r.text);
    let created: DateTime<Utc> = r.body["created_at"].as_str().unwrap().parse().unwrap();
    assert!(due(&r.body) <= created + Duration::hours(25) && due(&r.body) >= created + Duration::hours(1));
    assert!(!r.body["safety_screen"]["pending_questions"].as_array().unwrap().is_empty());
    // Sending both is a mistake that names the field.
    b["safety_screen"] = json!({"screen_id": "red-flags-v1", "answers": {}});
    b["hetu"] = json!("010101A999X");
    assert_eq!(
        send(&app, create(&b, &[Role::CallCentre], None)).await.problem(422)["errors"][0]["field"],
        "triage_pending"
    );
    // The reception assesses the urgency, and the referral moves on to requested (closed loop).
    let id = r.body["id"].as_str().unwrap();
    let version = r.header("etag").unwrap().to_owned();
    let r = send(
        &app,
        TestRequest::post()
            .uri(&format!("/v1/referrals/{id}/status"))
            .insert_header(bearer(&team_token("hoitaja", &[SJK_VASTAANOTTO])))
            .insert_header(("If-Match", version))
            .set_json(json!({"status": "requested"})),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["status"], "requested");
    let events: Vec<&str> =
        r.body["events"].as_array().unwrap().iter().map(|e| e["to_status"].as_str().unwrap()).collect();
    assert_eq!(events, ["triage_pending", "requested"]);
    // Pending is open: it is on the reception's worklist until then.
    assert!(audit_actions(&state).iter().any(|(a, _)| a == "safety_screen_pending"));
}
db_test!(a_screen_not_finished_is_triage_pending_, a_screen_not_finished_is_triage_pending_with_the_nurse_reception);

async fn patient_systems_record_pending_or_assessed(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let system = [Role::Integration];
    let mut b = body(ACUTE);
    b["channel"] = json!("integration");
    // No person at the keyboard: recorded as triage_pending, due today, the questions in the answer.
    let r = send(&app, create(&b, &system, None)).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["status"], "triage_pending");
    assert_eq!(r.body["navigation"]["safety"]["screen_required"], true);
    assert!(!r.body["navigation"]["safety"]["questions"].as_array().unwrap().is_empty());
    // A professional already assessed the urgency: a referral like any other.
    let mut assessed = b.clone();
    assessed["hetu"] = json!("010101A999X");
    assessed["urgency_assessed"] = json!({"by": "sairaanhoitaja 4411", "at": "2026-11-23T08:00:00Z"});
    let r = send(&app, create(&assessed, &system, None)).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["status"], "requested");
    assert_eq!(r.body["safety_screen"]["urgency_assessed"]["by"], "sairaanhoitaja 4411");
    // An assessment in the future is refused.
    assessed["urgency_assessed"]["at"] = json!("2099-01-01T00:00:00Z");
    assert_eq!(
        send(&app, create(&assessed, &system, None)).await.problem(422)["errors"][0]["field"],
        "urgency_assessed.at"
    );
    // It never satisfies an emergency found in the text.
    let mut emergency = body("Isä on tajuton eikä herää, hengitys katkeilee.");
    emergency["hetu"] = json!("020202A999M");
    emergency["client"]["age"] = json!(80);
    emergency["urgency_assessed"] = json!({"by": "sairaanhoitaja 4411", "at": "2026-11-23T08:00:00Z"});
    let before = count(&state, "referrals");
    assert_eq!(
        send(&app, create(&emergency, &system, None)).await.problem(409)["context"]["emergency"]["level"],
        "112"
    );
    assert_eq!(count(&state, "referrals"), before);
}
db_test!(patient_systems_record_pending_or_assessed_, patient_systems_record_pending_or_assessed);
