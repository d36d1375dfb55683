//! One-contact referrals on SQLite and PostgreSQL: creation, idempotency under concurrency,
//! duplicate joining, continuity, load balancing, the closed loop, the worklist, client lookup,
//! statistics, audit, encryption at rest, and all-or-nothing creation.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::test::{self, TestRequest};
use common::*;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use luotsi::auth::Role;
use luotsi::AppState;
use serde_json::{json, Value};

const SJK_MTP: &str = "f9430aec-5766-5fe2-bdbf-ed7858e70bb5";
const SJK_VASTAANOTTO: &str = "7e8d32ab-e8fe-56c8-80b6-f7a79014cc2a";
const MATALA_KYNNYS: &str = "8b670337-e038-5678-9098-4cdd5063d846";
const HETU: &str = "131052-308T";

fn body(hetu: &str, codes: &[&str]) -> Value {
    json!({
        "description": "Mieliala on ollut pitkään matalalla, nukun huonosti.",
        "language": "fi",
        "client": {"age": 34, "municipality": "743", "language": "fi"},
        "need_codes": codes,
        "hetu": hetu,
        "channel": "phone",
        "consent": true
    })
}

fn staff() -> String {
    token(&[Role::CallCentre])
}

fn create_req(b: &Value) -> TestRequest {
    TestRequest::post().uri("/v1/referrals").insert_header(bearer(&staff())).set_json(b)
}

fn status_req(id: &str, version: &str, team_token: &str, change: Value) -> TestRequest {
    TestRequest::post()
        .uri(&format!("/v1/referrals/{id}/status"))
        .insert_header(bearer(team_token))
        .insert_header(("If-Match", version.to_owned()))
        .set_json(change)
}

fn raw_conn(state: &AppState) -> luotsi::store::PooledConn {
    state.pool.get().unwrap()
}

fn count(state: &AppState, table: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = raw_conn(state);
    diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}")).get_result::<N>(&mut **conn).unwrap().n
}

async fn create_read_and_audit(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;

    let r = send(&app, create_req(&body(HETU, &["mental.mild"]))).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let referral = r.body.clone();
    let id = referral["id"].as_str().unwrap().to_owned();
    assert_eq!(referral["status"], "requested");
    assert_eq!(referral["outcome"], "created");
    assert_eq!(referral["lead_team_id"], SJK_MTP);
    // Names beside the ids, for people to read.
    assert_eq!(referral["lead_team_name"], "Seinäjoen sote-keskus: Mielenterveys- ja päihdetiimi");
    let (ids, names) = (
        referral["participating_team_ids"].as_array().unwrap(),
        referral["participating_team_names"].as_array().unwrap(),
    );
    assert_eq!(ids.len(), names.len());
    assert!(names.iter().all(|n| n.as_str().is_some_and(|n| !n.is_empty() && !ids.contains(&json!(n)))), "{names:?}");
    assert_eq!(referral["services"][0]["service_id"], MATALA_KYNNYS);
    assert_eq!(r.header("etag"), Some("\"1\""));
    assert_eq!(r.header("location").unwrap(), format!("/v1/referrals/{id}"));
    // Due date: the low-threshold mental health service's access target is 3 days.
    let created = chrono::DateTime::parse_from_rfc3339(referral["created_at"].as_str().unwrap()).unwrap();
    let due = chrono::DateTime::parse_from_rfc3339(referral["due_at"].as_str().unwrap()).unwrap();
    assert_eq!((due - created).num_hours(), 72);
    assert_eq!(referral["client"]["hetu"], HETU);
    assert!(referral["navigation"]["needs"].is_array());

    // Personal data is encrypted at rest.
    #[derive(QueryableByName)]
    struct Raw {
        #[diesel(sql_type = diesel::sql_types::Text)]
        identity_enc: String,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
        description_enc: Option<String>,
        #[diesel(sql_type = diesel::sql_types::Text)]
        client_key: String,
    }
    let raw: Raw = diesel::sql_query("SELECT identity_enc, description_enc, client_key FROM referrals")
        .get_result(&mut **raw_conn(&state))
        .unwrap();
    assert!(raw.identity_enc.starts_with("v1:dev:") && !raw.identity_enc.contains("131052"));
    assert!(!raw.description_enc.unwrap().contains("Mieliala"));
    assert!(!raw.client_key.contains("131052") && raw.client_key.len() == 64);

    // Read: staff see it all, with its history; the read is audited.
    let r = send(&app, TestRequest::get().uri(&format!("/v1/referrals/{id}")).insert_header(bearer(&staff()))).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["description"], "Mieliala on ollut pitkään matalalla, nukun huonosti.");
    assert_eq!(r.body["events"][0]["kind"], "created");
    // A team member of another team learns nothing; the attempt is audited too.
    let other = team_token("nurse", &[SJK_VASTAANOTTO]);
    send(&app, TestRequest::get().uri(&format!("/v1/referrals/{id}")).insert_header(bearer(&other))).await.problem(404);
    // The lead team's member reads it.
    let member = team_token("therapist", &[SJK_MTP]);
    let r = send(&app, TestRequest::get().uri(&format!("/v1/referrals/{id}")).insert_header(bearer(&member))).await;
    assert_eq!(r.status, 200);
    // Admins and auditors do not read referrals.
    send(&app, TestRequest::get().uri(&format!("/v1/referrals/{id}")).insert_header(bearer(&token(&[Role::Admin]))))
        .await
        .problem(403);

    // The audit log: create, read, read_denied, read - and only auditors see it.
    send(&app, TestRequest::get().uri("/v1/audit").insert_header(bearer(&staff()))).await.problem(403);
    let r = send(
        &app,
        TestRequest::get().uri(&format!("/v1/audit?referral_id={id}")).insert_header(bearer(&token(&[Role::Auditor]))),
    )
    .await;
    let actions: Vec<&str> =
        r.body["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["read", "read_denied", "read", "create"], "{}", r.text);
    assert!(r.body["items"][0]["request_id"].is_string());
    // The database refuses to change the audit log.
    let mut conn = raw_conn(&state);
    assert!(conn.batch_execute("UPDATE audit_log SET actor = 'someone else'").is_err());
    assert!(conn.batch_execute("DELETE FROM audit_log").is_err());
    drop(conn);
    assert_eq!(count(&state, "audit_log"), 4);
}
db_test!(create_read_and_audit_, create_read_and_audit);

async fn validation_and_emergencies(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    // HETU with a wrong check character, unknown channel and municipality: 422 naming each field.
    let mut bad = body("131052-308U", &["mental.mild"]);
    bad["channel"] = json!("pigeon");
    bad["client"]["municipality"] = json!("999");
    let r = send(&app, create_req(&bad)).await;
    let fields: Vec<&str> =
        r.problem(422)["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["client.municipality", "hetu", "channel"], "{}", r.text);
    let mut anonymous = body(HETU, &["mental.mild"]);
    anonymous.as_object_mut().unwrap().remove("hetu");
    send(&app, create_req(&anonymous)).await.problem(422);
    // A service that takes no referrals cannot be chosen.
    let mut info = body(HETU, &["mental.mild"]);
    info["service_ids"] = json!(["5861d59d-ede5-57b0-9839-a5cd177c98c8"]);
    assert!(send(&app, create_req(&info)).await.problem(422)["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("information service"));
    // Roles.
    let r = send(
        &app,
        TestRequest::post()
            .uri("/v1/referrals")
            .insert_header(bearer(&token(&[Role::TeamMember])))
            .set_json(body(HETU, &[])),
    )
    .await;
    r.problem(403);
    assert_eq!(count(&state, "referrals"), 0);

    // An emergency is not recorded as a routine referral...
    let mut emergency = body(HETU, &[]);
    emergency["description"] = json!("Isä on tajuton eikä herää, hengitys katkeilee.");
    emergency["client"]["age"] = json!(80);
    let r = send(&app, create_req(&emergency)).await;
    let p = r.problem(409);
    assert_eq!(p["context"]["emergency"]["level"], "112", "{}", r.text);
    assert_eq!(count(&state, "referrals"), 0);
    // ...unless staff confirm it was handled.
    emergency["emergency_handled"] = json!(true);
    emergency["need_codes"] = json!(["elderly.service_need"]);
    let r = send(&app, create_req(&emergency)).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["emergency_level"], "112");
    assert_eq!(r.body["urgency"], "urgent");
}
db_test!(validation_and_emergencies_, validation_and_emergencies);

/// One channel vocabulary: a contact in person is `in_person`, as the services' channels say;
/// `walk_in`, its old name, is read for one more release (in requests and in stored rows).
async fn the_contact_channel_has_one_name(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let mut b = body(HETU, &["mental.mild"]);
    b["channel"] = json!("walk_in");
    let r = send(&app, create_req(&b)).await;
    assert_eq!((r.status.as_u16(), r.body["channel"].clone()), (201, json!("in_person")), "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_owned();
    let mut conn = raw_conn(&state);
    conn.batch_execute(&format!("UPDATE referrals SET channel = 'walk_in' WHERE id = '{id}'")).unwrap();
    drop(conn);
    let r = send(&app, TestRequest::get().uri(&format!("/v1/referrals/{id}")).insert_header(bearer(&staff()))).await;
    assert_eq!(r.body["channel"], "in_person", "{}", r.text);
    let mut b = body("010101A123N", &["health.diabetes"]);
    b["channel"] = json!("in_person");
    assert_eq!(send(&app, create_req(&b)).await.body["channel"], "in_person");
    b["channel"] = json!("walk-in");
    let r = send(&app, create_req(&b)).await;
    assert!(r.problem(422)["errors"][0]["message"].as_str().unwrap().contains("in_person"), "{}", r.text);
}
db_test!(the_contact_channel_has_one_name_, the_contact_channel_has_one_name);

async fn idempotency_under_concurrency(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let b = body(HETU, &["mental.mild"]);
    let with_key = |key: &str, b: &Value| create_req(b).insert_header(("Idempotency-Key", key.to_owned()));

    let first = send(&app, with_key("k-1", &b)).await;
    assert_eq!(first.status, 201);
    let again = send(&app, with_key("k-1", &b)).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.body["outcome"], "replayed");
    assert_eq!(again.body["id"], first.body["id"]);
    let mut other = b.clone();
    other["channel"] = json!("chat");
    let r = send(&app, with_key("k-1", &other)).await;
    assert_eq!(r.problem(422)["errors"][0]["field"], "Idempotency-Key");
    assert_eq!(count(&state, "referrals"), 1);
    // A key the document's pattern refuses is refused, never trimmed into another key.
    for bad in ["k-1\t", "k\t1", "\tk-1"] {
        let r = send(&app, with_key(bad, &b)).await;
        assert!(r.problem(400)["detail"].as_str().unwrap().contains("printable ASCII"), "{bad:?}: {}", r.text);
    }
    assert_eq!(count(&state, "referrals"), 1);

    // Twenty at once with one key (for another client): exactly one referral.
    let mut b2 = body("010101A123N", &["health.diabetes"]);
    b2["client"]["age"] = json!(60);
    let futures: Vec<_> = (0..20).map(|_| send(&app, with_key("k-burst", &b2))).collect();
    let answers = futures_util::future::join_all(futures).await;
    let ids: std::collections::HashSet<String> = answers
        .iter()
        .map(|a| {
            assert!(a.status == 201 || a.status == 200, "{} {}", a.status, a.text);
            a.body["id"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 1, "one referral for one key");
    assert_eq!(answers.iter().filter(|a| a.status == 201).count(), 1);
    assert_eq!(count(&state, "referrals"), 2);
    assert_eq!(count(&state, "idempotency_keys"), 2);
}
db_test!(idempotency_under_concurrency_, idempotency_under_concurrency);

/// Twenty threads, each with its own App on the shared pool, send the body at once (with the
/// idempotency key, if any): status, referral id and text of each answer.
fn create_from_threads(state: &AppState, b: &Value, key: Option<&str>) -> Vec<(u16, Option<String>, String)> {
    let handles: Vec<_> = (0..20)
        .map(|_| {
            let state = state.clone();
            let b = b.clone();
            let key = key.map(str::to_owned);
            std::thread::spawn(move || {
                actix_web::rt::System::new().block_on(async move {
                    let app = test::init_service(luotsi::build_app(state)).await;
                    let mut req = create_req(&b);
                    if let Some(key) = key {
                        req = req.insert_header(("Idempotency-Key", key));
                    }
                    let r = send(&app, req).await;
                    (r.status.as_u16(), r.body["id"].as_str().map(str::to_owned), r.text)
                })
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

/// The same, with real parallelism: twenty threads, each with its own App on the shared pool.
async fn idempotency_across_threads(db: TestDb) {
    let state = state(&db, true);
    let results = create_from_threads(&state, &body("010101A123N", &["health.diabetes"]), Some("k-threads"));
    for (status, _, text) in &results {
        assert!(*status == 201 || *status == 200, "{status} {text}");
    }
    let ids: std::collections::HashSet<_> = results.iter().map(|r| r.1.clone()).collect();
    assert_eq!(ids.len(), 1);
    assert_eq!(count(&state, "referrals"), 1);
}
db_test!(idempotency_across_threads_, idempotency_across_threads);

/// Twenty threads record the same client's call at once, without an idempotency key: the client's
/// transactions run one after the other, so one referral is made and the others join it.
async fn one_clients_calls_at_once_make_one_referral(db: TestDb) {
    let state = state(&db, true);
    let results = create_from_threads(&state, &body("020202A123C", &["health.diabetes"]), None);
    for (status, _, text) in &results {
        assert!(*status == 201 || *status == 200, "{status} {text}");
    }
    assert_eq!(results.iter().filter(|r| r.0 == 201).count(), 1);
    let ids: std::collections::HashSet<_> = results.iter().map(|r| r.1.clone()).collect();
    assert_eq!(ids.len(), 1);
    assert_eq!(count(&state, "referrals"), 1);
    // The nineteen joins repeat the first call's words and needs: nothing is written for them.
    assert_eq!(count(&state, "referral_events"), 1);
}
db_test!(one_clients_calls_at_once_make_one_referral_, one_clients_calls_at_once_make_one_referral);

async fn duplicate_needs_join_the_open_referral(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let first = send(&app, create_req(&body(HETU, &["mental.mild"]))).await;
    assert_eq!(first.status, 201);
    // The same client calls again about a crisis: the low-threshold service answers both.
    let mut second = body(HETU, &["mental.crisis"]);
    second["description"] = json!("Puoliso kuoli äkillisesti.");
    let r = send(&app, create_req(&second)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["outcome"], "joined");
    assert_eq!(r.body["id"], first.body["id"]);
    assert_eq!(r.body["version"], 2);
    let codes: Vec<&str> = r.body["needs"].as_array().unwrap().iter().map(|n| n["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"mental.mild") && codes.contains(&"mental.crisis"), "{codes:?}");
    assert!(r.body["description"].as_str().unwrap().contains("Puoliso kuoli"));
    assert_eq!(count(&state, "referrals"), 1);
    // Another client is not joined.
    let r = send(&app, create_req(&body("010101A123N", &["mental.mild"]))).await;
    assert_eq!(r.status, 201);
}
db_test!(duplicate_needs_join_the_open_referral_, duplicate_needs_join_the_open_referral);

async fn add_second_team(
    app: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
    capacity: u32,
) {
    let team = json!({"id": "sjk-mtp-2", "name": "Seinäjoen sote-keskus: Mielenterveystiimi 2", "services": [MATALA_KYNNYS],
        "municipalities": ["743"], "languages": ["fi", "sv", "en"], "weekly_capacity": capacity});
    let r =
        send(app, TestRequest::post().uri("/v1/teams").insert_header(bearer(&token(&[Role::Admin]))).set_json(team))
            .await;
    assert_eq!(r.status, 201, "{}", r.text);
}

async fn load_and_continuity(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    // A second team with the same services, area and languages, and equal capacity (40).
    add_second_team(&app, 40).await;
    // Load: each new client goes to the team with the most free capacity this week.
    let clients = ["010101A123N", "020202A123C", "030303A1233", "040404A123T"];
    let mut leads = Vec::new();
    for (i, hetu) in clients.iter().enumerate() {
        let r = send(&app, create_req(&body(hetu, &["mental.mild"]))).await;
        assert_eq!(r.status, 201, "client {i}: {}", r.text);
        leads.push(r.body["lead_team_id"].as_str().unwrap().to_owned());
    }
    let to_second = leads.iter().filter(|l| *l == "sjk-mtp-2").count();
    assert_eq!(to_second, 2, "equal teams share the load: {leads:?}");
    assert_ne!(leads[0], leads[1]);

    // Continuity: the first client's next referral (after the first was completed) goes back to
    // the same team, even when the other team has more free capacity.
    let first_lead = leads[0].clone();
    let id = {
        let r = send(
            &app,
            TestRequest::get().uri(&format!("/v1/referrals?client={}", clients[0])).insert_header(bearer(&staff())),
        )
        .await;
        r.body["items"][0]["id"].as_str().unwrap().to_owned()
    };
    let member = team_token("worker", &[&first_lead]);
    for (version, status) in [("\"1\"", "accepted"), ("\"2\"", "in_progress"), ("\"3\"", "completed")] {
        let r = send(&app, status_req(&id, version, &member, json!({"status": status}))).await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    // The other team now has the most free capacity, yet the client's own team leads.
    let r = send(&app, create_req(&body(clients[0], &["mental.mild"]))).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["lead_team_id"], first_lead, "continuity: the client's own team");
}
db_test!(load_and_continuity_, load_and_continuity);

async fn the_closed_loop(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let r = send(&app, create_req(&body(HETU, &["mental.mild"]))).await;
    let id = r.body["id"].as_str().unwrap().to_owned();
    let member = team_token("therapist", &[SJK_MTP]);
    let outsider = team_token("nurse", &[SJK_VASTAANOTTO]);

    // Only the owning team moves it (another team is told no more than of a missing referral);
    // If-Match is required and checked.
    send(&app, status_req(&id, "\"1\"", &outsider, json!({"status": "accepted"}))).await.problem(404);
    send(&app, status_req(&id, "\"1\"", &staff(), json!({"status": "accepted"}))).await.problem(403);
    let no_match = TestRequest::post()
        .uri(&format!("/v1/referrals/{id}/status"))
        .insert_header(bearer(&member))
        .set_json(json!({"status": "accepted"}));
    send(&app, no_match).await.problem(428);
    send(&app, status_req(&id, "\"7\"", &member, json!({"status": "accepted"}))).await.problem(412);
    // Refused transitions.
    send(&app, status_req(&id, "\"1\"", &member, json!({"status": "completed"}))).await.problem(409);
    send(&app, status_req(&id, "\"1\"", &member, json!({"status": "rejected"}))).await.problem(422);
    send(&app, status_req(&id, "\"1\"", &member, json!({"status": "flying"}))).await.problem(422);
    send(&app, status_req(&id, "\"1\"", &member, json!({"status": "redirected", "reason": "x"}))).await.problem(422);

    // Accept, then redirect to another team: the client does not call again.
    let r = send(&app, status_req(&id, "\"1\"", &member, json!({"status": "accepted"}))).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.header("etag"), Some("\"2\""));
    let target = "0432349d-0f46-57d4-8c1b-4691ce530bcc"; // kuu-mtp
    let r = send(
        &app,
        status_req(
            &id,
            "\"2\"",
            &member,
            json!({"status": "redirected", "reason": "moved to Alavus", "team_id": target}),
        ),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["lead_team_id"], target);
    // The old team can no longer see or move it; the new one accepts, works and completes.
    send(&app, status_req(&id, "\"3\"", &member, json!({"status": "accepted"}))).await.problem(404);
    let new_member = team_token("alavus", &[target]);
    for (version, status) in [("\"3\"", "accepted"), ("\"4\"", "in_progress"), ("\"5\"", "completed")] {
        let r = send(&app, status_req(&id, version, &new_member, json!({"status": status}))).await;
        assert_eq!(r.status, 200, "{status}: {}", r.text);
    }
    // Closed: nothing changes any more.
    let r = send(&app, status_req(&id, "\"6\"", &new_member, json!({"status": "cancelled", "reason": "x"}))).await;
    assert!(r.problem(409)["detail"].as_str().unwrap().contains("closed"));
    // The history: every change with actor, reason and the version it was made against.
    let r = send(&app, TestRequest::get().uri(&format!("/v1/referrals/{id}")).insert_header(bearer(&new_member))).await;
    let events: Vec<(String, i64)> = r.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["to_status"].as_str().unwrap().to_owned(), e["version"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        events,
        [
            ("requested".into(), 0),
            ("accepted".into(), 1),
            ("redirected".into(), 2),
            ("accepted".into(), 3),
            ("in_progress".into(), 4),
            ("completed".into(), 5)
        ]
    );
    assert_eq!(r.body["events"][2]["reason"], "moved to Alavus");
    assert_eq!(r.body["events"][2]["actor"], "therapist");

    // Reject and cancel from open statuses.
    let r = send(&app, create_req(&body("010101A123N", &["mental.mild"]))).await;
    let id2 = r.body["id"].as_str().unwrap().to_owned();
    let r = send(&app, status_req(&id2, "\"1\"", &member, json!({"status": "rejected", "reason": "not our service"})))
        .await;
    assert_eq!(r.body["status"], "rejected");
    let r = send(&app, create_req(&body("020202A123C", &["mental.mild"]))).await;
    let id3 = r.body["id"].as_str().unwrap().to_owned();
    send(&app, status_req(&id3, "\"1\"", &member, json!({"status": "accepted"}))).await;
    let r = send(
        &app,
        status_req(&id3, "\"2\"", &member, json!({"status": "cancelled", "reason": "the client moved away"})),
    )
    .await;
    assert_eq!(r.body["status"], "cancelled");
}
db_test!(the_closed_loop_, the_closed_loop);

async fn worklist_lookup_stats_and_restrictions(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    // Two needs of two teams (reception and social work): one leads, the other takes part.
    let mut b = body(HETU, &["health.diabetes", "social.income"]);
    b["description"] = json!("Verensokerit koholla ja rahat eivät riitä ruokaan.");
    b["disclosure_prohibited"] = json!(true);
    b["client"]["age"] = json!(55);
    let r = send(&app, create_req(&b)).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_owned();
    let lead = r.body["lead_team_id"].as_str().unwrap().to_owned();
    let participants: Vec<String> =
        r.body["participating_team_ids"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_owned()).collect();
    assert_eq!(participants.len(), 1, "{}", r.text);
    // The participant sees only the outline; the lead sees everything.
    let participant = team_token("p", &[&participants[0]]);
    let r =
        send(&app, TestRequest::get().uri(&format!("/v1/referrals/{id}")).insert_header(bearer(&participant))).await;
    assert_eq!(r.body["restricted"], true, "{}", r.text);
    assert!(r.body["description"].is_null() && r.body["client"].is_null());
    assert!(r.body["needs"].as_array().unwrap().is_empty());
    let lead_member = team_token("l", &[&lead]);
    let r =
        send(&app, TestRequest::get().uri(&format!("/v1/referrals/{id}")).insert_header(bearer(&lead_member))).await;
    assert_eq!(r.body["restricted"], false);
    assert!(r.body["description"].is_string());

    // More referrals for the worklist.
    for hetu in ["010101A123N", "020202A123C"] {
        let r = send(&app, create_req(&body(hetu, &["mental.mild"]))).await;
        assert_eq!(r.status, 201);
    }
    let mtp = team_token("m", &[SJK_MTP]);
    let r =
        send(&app, TestRequest::get().uri(&format!("/v1/teams/{SJK_MTP}/referrals")).insert_header(bearer(&mtp))).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["total"], 2, "the mental health team leads two; the third is not its");
    assert!(r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["lead_team_name"].as_str().unwrap().contains("Mielenterveys")));
    let dues: Vec<&str> = r.body["items"].as_array().unwrap().iter().map(|i| i["due_at"].as_str().unwrap()).collect();
    let mut sorted = dues.clone();
    sorted.sort();
    assert_eq!(dues, sorted, "sorted by due date");
    // Each referral of the page is audited, in the page's order, with the page's request id.
    let page_ids: Vec<&str> = r.body["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    let a =
        send(&app, TestRequest::get().uri("/v1/audit?actor=m").insert_header(bearer(&token(&[Role::Auditor])))).await;
    let entries = a.body["items"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{}", a.text);
    let audited: Vec<&str> = entries.iter().rev().map(|e| e["referral_id"].as_str().unwrap()).collect();
    assert_eq!(audited, page_ids);
    for e in entries {
        assert_eq!((e["action"].as_str(), e["roles"].as_str()), (Some("worklist"), Some("team_member")), "{e}");
        assert_eq!(e["request_id"], entries[0]["request_id"]);
        assert!(e["request_id"].is_string() && e["detail"].is_null(), "{e}");
    }
    // A later page (an offset), and a page past the end: the total still, nothing audited for it.
    let uri = format!("/v1/teams/{SJK_MTP}/referrals?per_page=1&page=2");
    let r = send(&app, TestRequest::get().uri(&uri).insert_header(bearer(&mtp))).await;
    assert_eq!((r.body["total"].as_i64(), r.body["items"].as_array().map(Vec::len)), (Some(2), Some(1)), "{}", r.text);
    assert_eq!(r.body["items"][0]["id"], page_ids[1]);
    let uri = format!("/v1/teams/{SJK_MTP}/referrals?page=3");
    let r = send(&app, TestRequest::get().uri(&uri).insert_header(bearer(&mtp))).await;
    assert_eq!((r.body["total"].as_i64(), r.body["items"].as_array().map(Vec::len)), (Some(2), Some(0)), "{}", r.text);
    let a =
        send(&app, TestRequest::get().uri("/v1/audit?actor=m").insert_header(bearer(&token(&[Role::Auditor])))).await;
    assert_eq!(a.body["total"], 3, "the second page's one referral: {}", a.text);
    assert_eq!(a.body["items"][0]["referral_id"], page_ids[1]);
    let r = send(
        &app,
        TestRequest::get().uri(&format!("/v1/teams/{SJK_MTP}/referrals?overdue=true")).insert_header(bearer(&mtp)),
    )
    .await;
    assert_eq!(r.body["total"], 0);
    let r = send(
        &app,
        TestRequest::get().uri(&format!("/v1/teams/{SJK_MTP}/referrals?status=completed")).insert_header(bearer(&mtp)),
    )
    .await;
    assert_eq!(r.body["total"], 0);
    send(
        &app,
        TestRequest::get().uri(&format!("/v1/teams/{SJK_MTP}/referrals?status=nope")).insert_header(bearer(&mtp)),
    )
    .await
    .problem(422);
    send(&app, TestRequest::get().uri(&format!("/v1/teams/{SJK_MTP}/referrals")).insert_header(bearer(&lead_member)))
        .await
        .problem(403);
    // Overdue: move one due date into the past.
    let mut conn = raw_conn(&state);
    conn.batch_execute(&format!("UPDATE referrals SET due_at = '2020-01-01 00:00:00' WHERE id <> '{id}'")).unwrap();
    drop(conn);
    let r = send(
        &app,
        TestRequest::get().uri(&format!("/v1/teams/{SJK_MTP}/referrals?overdue=true")).insert_header(bearer(&mtp)),
    )
    .await;
    assert_eq!(r.body["total"], 2);
    assert_eq!(r.body["items"][0]["overdue"], true);

    // The client's referrals, by identity code.
    let r = send(&app, TestRequest::get().uri(&format!("/v1/referrals?client={HETU}")).insert_header(bearer(&staff())))
        .await;
    assert_eq!(r.body["total"], 1, "{}", r.text);
    assert_eq!(r.body["items"][0]["id"], id);
    let r =
        send(&app, TestRequest::get().uri("/v1/referrals?client=nobody-known").insert_header(bearer(&staff()))).await;
    assert_eq!(r.body["total"], 0);
    send(&app, TestRequest::get().uri(&format!("/v1/referrals?client={HETU}")).insert_header(bearer(&mtp)))
        .await
        .problem(403);
    // The same with the identity code in the body, never in a URL; the URL form is deprecated
    // and names its successor.
    let search =
        |body: Value| TestRequest::post().uri("/v1/referrals/search").insert_header(bearer(&staff())).set_json(body);
    let r = send(&app, search(json!({"client": HETU}))).await;
    assert_eq!((r.status.as_u16(), r.body["total"].clone()), (200, json!(1)), "{}", r.text);
    assert_eq!(r.body["items"][0]["id"], id);
    let old =
        send(&app, TestRequest::get().uri(&format!("/v1/referrals?client={HETU}")).insert_header(bearer(&staff())))
            .await;
    assert_eq!(old.body["items"], r.body["items"]);
    assert_eq!(old.header("deprecation"), Some("true"));
    assert!(old.header("link").unwrap().contains("/v1/referrals/search"));
    assert_eq!(send(&app, search(json!({"client": "nobody-known", "per_page": 5}))).await.body["total"], 0);
    // JSON has one number type: a whole 1.0 is the page 1.
    assert_eq!(send(&app, search(json!({"client": HETU, "page": 1.0, "per_page": 20.0}))).await.body["total"], 1);
    // The path is its own resource, not a referral id: other methods are 405 with `Allow: POST`.
    for method in [actix_web::http::Method::GET, actix_web::http::Method::PUT, actix_web::http::Method::OPTIONS] {
        let r = send(
            &app,
            TestRequest::default().method(method.clone()).uri("/v1/referrals/search").insert_header(bearer(&staff())),
        )
        .await;
        r.problem(405);
        assert_eq!(r.header("allow"), Some("POST"), "{method}");
    }
    for bad in [json!({"client": "  "}), json!({"client": "x".repeat(101)}), json!({"client": "131052-308T\u{202e}"})] {
        let r = send(&app, search(bad.clone())).await;
        assert_eq!(r.problem(422)["errors"][0]["field"], "client", "{bad}");
    }
    assert_eq!(send(&app, search(json!({"client": HETU, "page": 0}))).await.problem(422)["errors"][0]["field"], "page");
    send(&app, search(json!({"hetu": HETU}))).await.problem(422);
    send(
        &app,
        TestRequest::post().uri("/v1/referrals/search").insert_header(bearer(&mtp)).set_json(json!({"client": HETU})),
    )
    .await
    .problem(403);

    // Statistics for admins and auditors.
    send(&app, TestRequest::get().uri("/v1/stats").insert_header(bearer(&staff()))).await.problem(403);
    let r = send(&app, TestRequest::get().uri("/v1/stats").insert_header(bearer(&token(&[Role::Auditor])))).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["total"]["new"], 3);
    assert_eq!(r.body["total"]["open"], 3);
    assert_eq!(r.body["total"]["overdue"], 2);
    assert_eq!(r.body["by_channel"]["phone"], 3);
    let team = r.body["teams"].as_array().unwrap().iter().find(|t| t["team_id"] == SJK_MTP).unwrap();
    assert_eq!(team["new"], 2);
    assert_eq!(team["within_access_target"], 0.0, "both passed their due date unaccepted");
    let r = send(
        &app,
        TestRequest::get().uri("/v1/stats?from=2026-02-01&to=2026-01-01").insert_header(bearer(&token(&[Role::Admin]))),
    )
    .await;
    r.problem(422);
}
db_test!(worklist_lookup_stats_and_restrictions_, worklist_lookup_stats_and_restrictions);

/// A client lookup pages the client's referrals newest first, audits exactly the referrals of the
/// page it answers, and during a key rotation also finds those made under the old key.
async fn client_lookup_pages_audits_and_spans_a_key_rotation(db: TestDb) {
    const OLD: &str = "old:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    const NEW: &str = "new:ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";
    let lookup = |page: u32, per_page: u32| {
        TestRequest::get()
            .uri(&format!("/v1/referrals?client={HETU}&page={page}&per_page={per_page}"))
            .insert_header(bearer(&staff()))
    };
    let ids = |r: &Resp| -> Vec<String> {
        r.body["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect()
    };
    let audited = |app_state: &AppState| -> Vec<String> {
        #[derive(QueryableByName)]
        struct Id {
            #[diesel(sql_type = diesel::sql_types::Text)]
            referral_id: String,
        }
        let mut conn = raw_conn(app_state);
        let rows: Vec<Id> =
            diesel::sql_query("SELECT referral_id FROM audit_log WHERE action = 'client_lookup' ORDER BY id")
                .load(&mut **conn)
                .unwrap();
        rows.into_iter().map(|r| r.referral_id).collect()
    };

    let old = state_with(&db, true, |s| s.data_keys = Some(OLD.into()));
    let app = test::init_service(luotsi::build_app(old.clone())).await;
    // Needs of different services, no text: none joins another.
    let referral = |need: &str| {
        let mut b = body(HETU, &[need]);
        b["description"] = json!("");
        create_req(&b)
    };
    for need in ["health.diabetes", "social.income", "substance.alcohol"] {
        let r = send(&app, referral(need)).await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let all = send(&app, lookup(1, 100)).await;
    assert_eq!(all.body["total"], 3, "{}", all.text);
    let newest_first: Vec<String> = ids(&all);
    let created: Vec<&str> =
        all.body["items"].as_array().unwrap().iter().map(|i| i["created_at"].as_str().unwrap()).collect();
    let mut sorted = created.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(created, sorted, "newest first");
    let second = send(&app, lookup(2, 2)).await;
    assert_eq!((second.body["total"].as_i64(), ids(&second)), (Some(3), newest_first[2..].to_vec()), "{}", second.text);
    let past = send(&app, lookup(5, 2)).await;
    assert_eq!((past.body["total"].as_i64(), ids(&past).len()), (Some(3), 0), "{}", past.text);
    let mut expected = newest_first.clone();
    expected.push(newest_first[2].clone());
    assert_eq!(audited(&old), expected, "the first lookup's three, then the second page's one");

    // The new key encrypts and hashes; the old one still reads.
    let rotated = state_with(&db, true, |s| s.data_keys = Some(format!("{NEW},{OLD}")));
    let app = test::init_service(luotsi::build_app(rotated.clone())).await;
    let r = send(&app, referral("health.oral_acute")).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let new_id = r.body["id"].as_str().unwrap().to_owned();
    let first = send(&app, lookup(1, 2)).await;
    assert_eq!(first.body["total"], 4, "{}", first.text);
    assert_eq!(ids(&first), vec![new_id.clone(), newest_first[0].clone()]);
    assert_eq!(first.body["items"][1]["client"]["hetu"], HETU, "decrypted with the old key");
    let after = audited(&rotated);
    assert_eq!(after[4..], ids(&first)[..]);
}
db_test!(client_lookup_pages_audits_and_spans_a_key_rotation_, client_lookup_pages_audits_and_spans_a_key_rotation);

async fn a_failure_in_the_middle_leaves_nothing(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    // The audit entry is the last write of a creation: make it fail.
    let mut conn = raw_conn(&state);
    conn.batch_execute("ALTER TABLE audit_log RENAME TO audit_log_away").unwrap();
    drop(conn);
    let r = send(&app, create_req(&body(HETU, &["mental.mild"])).insert_header(("Idempotency-Key", "k-fail"))).await;
    let p = r.problem(500);
    assert!(!p["detail"].as_str().unwrap().contains("audit_log"), "internals stay in the log");
    assert_eq!(count(&state, "referrals"), 0);
    assert_eq!(count(&state, "referral_events"), 0);
    assert_eq!(count(&state, "referral_teams"), 0);
    assert_eq!(count(&state, "idempotency_keys"), 0);
    let mut conn = raw_conn(&state);
    conn.batch_execute("ALTER TABLE audit_log_away RENAME TO audit_log").unwrap();
    drop(conn);
    // The same request now succeeds.
    let r = send(&app, create_req(&body(HETU, &["mental.mild"])).insert_header(("Idempotency-Key", "k-fail"))).await;
    assert_eq!(r.status, 201, "{}", r.text);
}
db_test!(a_failure_in_the_middle_leaves_nothing_, a_failure_in_the_middle_leaves_nothing);

/// The synthetic history of the scale benchmarks is read like real rows: the worklist decrypts
/// it and a client lookup by its patient reference finds every referral of that client.
async fn synthetic_history_reads_like_real_rows(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let catalogue = state.catalogue.get();
    let mut conn = raw_conn(&state);
    // More than two batches of the statistics' keyset paging (5,000 rows).
    let n = luotsi::synthetic::referrals(&mut conn, &catalogue, &state.crypto, 11_000, 30, 7).unwrap();
    drop(conn);
    assert_eq!(n, 11_000);
    assert_eq!(count(&state, "referrals"), 11_000);
    assert_eq!(count(&state, "referral_teams"), 11_000);

    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        lead_team_id: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        identity_enc: String,
    }
    let mut conn = raw_conn(&state);
    let rows: Vec<Row> =
        diesel::sql_query("SELECT lead_team_id, identity_enc FROM referrals").load(&mut **conn).unwrap();
    drop(conn);
    // Encrypted like real identities: the first row's client, and how many referrals they have.
    let first: Value = serde_json::from_str(&state.crypto.decrypt(&rows[0].identity_enc).unwrap()).unwrap();
    let client = first["patient_ref"].as_str().unwrap().to_owned();
    assert!(client.starts_with("synthetic-"), "{first}");
    let theirs = rows
        .iter()
        .filter(|r| {
            serde_json::from_str::<Value>(&state.crypto.decrypt(&r.identity_enc).unwrap()).unwrap()["patient_ref"]
                == client.as_str()
        })
        .count();
    let r =
        send(&app, TestRequest::get().uri(&format!("/v1/referrals?client={client}")).insert_header(bearer(&staff())))
            .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["total"], theirs, "{}", r.text);
    assert!(!r.body["items"].as_array().unwrap().is_empty());

    // The worklist of the first row's team, every status: that row is on it, decrypted.
    let team = rows[0].lead_team_id.clone();
    let member = team_token("m", &[&team]);
    let all = "requested,accepted,in_progress,completed,rejected,cancelled";
    let uri = format!("/v1/teams/{team}/referrals?status={all}&per_page=100");
    let r = send(&app, TestRequest::get().uri(&uri).insert_header(bearer(&member))).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let led = rows.iter().filter(|r| r.lead_team_id == team).count();
    assert_eq!(r.body["total"], led, "{}", r.text);

    // Statistics count every row of the period once, as they stream from one statement.
    let from = (chrono::Utc::now() - chrono::Duration::days(31)).date_naive();
    let uri = format!("/v1/stats?from={from}");
    let r = send(&app, TestRequest::get().uri(&uri).insert_header(bearer(&token(&[Role::Auditor])))).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["total"]["new"], 11_000, "{}", &r.text[..200.min(r.text.len())]);
    let by_team: u64 = r.body["teams"].as_array().unwrap().iter().map(|t| t["new"].as_u64().unwrap()).sum();
    assert_eq!(by_team, 11_000);
    let by_channel: u64 = r.body["by_channel"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(by_channel, 11_000);
}
db_test!(synthetic_history_reads_like_real_rows_, synthetic_history_reads_like_real_rows);

/// A worklist's first page is one statement (page, total and audit entries) that keeps PostgreSQL's
/// generic plan: with the open statuses or the limit bound as parameters, PostgreSQL planned it
/// again at every call (PostgreSQL).
#[actix_web::test]
async fn first_worklist_pages_are_not_planned_at_every_call() {
    use luotsi::domain::referral::Status;
    use luotsi::store::referrals::{worklist, WorklistQuery};
    let Some(db) = TestDb::postgres() else { return };
    let state = state(&db, true);
    let catalogue = state.catalogue.get();
    let mut conn = raw_conn(&state);
    luotsi::synthetic::referrals(&mut conn, &catalogue, &state.crypto, 600, 30, 5).unwrap();
    conn.batch_execute("ANALYZE referrals").unwrap();
    #[derive(QueryableByName)]
    struct Team {
        #[diesel(sql_type = diesel::sql_types::Text)]
        id: String,
    }
    let team: Vec<Team> = diesel::sql_query(
        "SELECT lead_team_id AS id FROM referrals WHERE status = 'requested' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
    )
    .load(&mut **conn)
    .unwrap();
    let open: Vec<Status> = Status::ALL.into_iter().filter(|s| s.is_open()).collect();
    let audit = audit_template("team_member", "worklist");
    for _ in 0..10 {
        let query =
            WorklistQuery { team_id: &team[0].id, statuses: open.clone(), overdue_at: None, offset: 0, limit: 20 };
        let (items, total) = worklist(&mut conn, &query, &audit).unwrap();
        assert!(!items.is_empty() && total >= items.len() as i64);
    }
    let plans = prepared_plans(&mut conn, "lead_team_id");
    assert_eq!(plans.len(), 1, "{plans:?}");
    for p in &plans {
        // PostgreSQL makes five custom plans before it compares them with the generic one.
        let (custom, generic) = (p.custom_plans, p.generic_plans);
        assert!(custom <= 5 && generic >= 5, "{custom} custom and {generic} generic plans: {}", p.statement);
    }
}

/// An audit entry to give the store's reading functions.
fn audit_template(role: &str, action: &str) -> luotsi::store::audit::NewAuditEntry {
    luotsi::store::audit::NewAuditEntry {
        at: chrono::Utc::now().naive_utc(),
        actor: "tester".into(),
        roles: role.into(),
        action: action.into(),
        referral_id: None,
        request_id: None,
        detail: None,
    }
}

/// How PostgreSQL planned the connection's prepared statements whose text holds `holding`.
#[derive(QueryableByName, Debug)]
struct Plans {
    #[diesel(sql_type = diesel::sql_types::Text)]
    statement: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    generic_plans: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    custom_plans: i64,
}

fn prepared_plans(conn: &mut luotsi::store::DbConn, holding: &str) -> Vec<Plans> {
    diesel::sql_query(
        "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements WHERE strpos(statement, $1) > 0",
    )
    .bind::<diesel::sql_types::Text, _>(holding)
    .load(conn)
    .unwrap()
}

/// A client lookup reads the client's own rows through the `(client_key, created_at)` index, also
/// in a generic plan (the generic plan of `client_key = ANY($1)` walked every referral): a client
/// with no referrals costs no heap fetches, however many referrals others have (PostgreSQL).
#[actix_web::test]
async fn client_lookup_does_not_walk_other_clients_referrals() {
    let Some(db) = TestDb::postgres() else { return };
    let state = state(&db, true);
    let catalogue = state.catalogue.get();
    let mut conn = raw_conn(&state);
    luotsi::synthetic::referrals(&mut conn, &catalogue, &state.crypto, 3_000, 30, 12).unwrap();
    // Generic plans, as a prepared statement settles on after five runs.
    conn.batch_execute("ANALYZE referrals; SET plan_cache_mode = force_generic_plan").unwrap();
    let read = rows_read_by_eight_misses(&state, &mut conn);
    assert!(read < 10, "eight lookups of a client with no referrals read {read} rows");
}

/// Rows of `referrals` that eight lookups of a client with no referrals read, each done both ways:
/// creation's history read ([`of_client`](luotsi::store::referrals::of_client)) and the client
/// lookup's audited page ([`client_page`](luotsi::store::referrals::client_page)) (PostgreSQL's
/// statistics of the table).
fn rows_read_by_eight_misses(state: &AppState, conn: &mut luotsi::store::DbConn) -> i64 {
    #[derive(QueryableByName)]
    struct Fetched {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let fetched = |conn: &mut luotsi::store::DbConn| -> i64 {
        conn.batch_execute("SELECT pg_stat_force_next_flush(); SELECT pg_stat_clear_snapshot()").unwrap();
        let rows: Vec<Fetched> = diesel::sql_query(
            "SELECT coalesce(idx_tup_fetch, 0) + coalesce(seq_tup_read, 0) AS n FROM pg_stat_user_tables WHERE relname = 'referrals'",
        )
        .load(conn)
        .unwrap();
        rows[0].n
    };
    let unknown = vec![state.crypto.lookup_hash("nobody-has-this-reference")];
    let before = fetched(conn);
    let audit = audit_template("call_centre", "client_lookup");
    for _ in 0..8 {
        assert!(luotsi::store::referrals::of_client(conn, &unknown, 200).unwrap().is_empty());
        // The API asks for the newest 1,000; a smaller limit is the harder case for the plan.
        let (page, total) = luotsi::store::referrals::client_page(conn, &unknown, 200, 0, 20, &audit).unwrap();
        assert_eq!((page.len(), total), (0, 0));
    }
    fetched(conn) - before
}

/// The client lookup is a prepared statement that PostgreSQL runs with its generic plan, and that
/// plan stays on the client's index when it was made on an empty table and the table then grew
/// without being analysed (a new region's first minutes, or a bulk load before autovacuum). Ordered
/// by `created_at` itself, such a plan could walk the `created_at` index through every referral.
#[actix_web::test]
async fn client_lookup_plan_made_on_an_empty_table_stays_on_the_clients_index() {
    let Some(db) = TestDb::postgres() else { return };
    let state = state(&db, true);
    let catalogue = state.catalogue.get();
    let mut conn = raw_conn(&state);
    conn.batch_execute("ALTER TABLE referrals SET (autovacuum_enabled = false)").unwrap();

    // Eight lookups on the empty table: five custom plans, then the generic one.
    rows_read_by_eight_misses(&state, &mut conn);
    luotsi::synthetic::referrals(&mut conn, &catalogue, &state.crypto, 3_000, 30, 13).unwrap();
    let read = rows_read_by_eight_misses(&state, &mut conn);
    assert!(read < 10, "eight lookups of a client with no referrals read {read} rows");

    let plans = prepared_plans(&mut conn, "client_key");
    assert_eq!(plans.len(), 2, "the history read and the lookup's page, one prepared statement each: {plans:?}");
    assert!(plans.iter().all(|p| p.generic_plans >= 10), "both kept their generic plan: {plans:?}");
}

/// The lookup's generic plan stays on the client's index when the statistics say that twenty
/// clients hold all referrals (a pilot with test clients, before go-live) and the rows lie in the
/// order they were created: ordered by `created_at` itself, the generic plan then walked the
/// `created_at` index, expecting to meet the client's rows soon, and for a miss read every
/// referral (3,000 rows a lookup here).
#[actix_web::test]
async fn client_lookup_plan_from_a_few_clients_statistics_stays_on_the_clients_index() {
    let Some(db) = TestDb::postgres() else { return };
    let state = state(&db, true);
    let catalogue = state.catalogue.get();
    let mut conn = raw_conn(&state);
    luotsi::synthetic::referrals(&mut conn, &catalogue, &state.crypto, 3_000, 30, 14).unwrap();
    conn.batch_execute(
        "ALTER TABLE referrals SET (autovacuum_enabled = false);
         UPDATE referrals SET client_key = 'pilot-' || (abs(hashtext(id)) % 20);
         CLUSTER referrals USING referrals_created;
         ANALYZE referrals;
         SET plan_cache_mode = force_generic_plan",
    )
    .unwrap();
    let read = rows_read_by_eight_misses(&state, &mut conn);
    assert!(read < 10, "eight lookups of a client with no referrals read {read} rows");
}
