//! Security promises of referrals, on SQLite and PostgreSQL, each tested as a class: joining never
//! loosens protection; status reasons are encrypted and hidden from restricted readers; a referral
//! stays bounded however often it is joined; another team cannot tell a hidden referral from a
//! missing one; every read of a client's history is audited; idempotency keys are stored hashed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::test::{self, TestRequest};
use common::*;
use diesel::prelude::*;
use luotsi::auth::Role;
use luotsi::AppState;
use serde_json::{json, Value};

const NOT_OURS: &str = "7e8d32ab-e8fe-56c8-80b6-f7a79014cc2a";

/// A valid identity code for individual number `n` (2..=899), born 15.05.1970.
fn hetu(n: u32) -> String {
    const CHECK: &[u8] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";
    let number: u64 = format!("150570{n:03}").parse().unwrap();
    format!("150570-{n:03}{}", CHECK[(number % 31) as usize] as char)
}

/// Two needs of two teams: one leads, the other takes part.
fn two_team_body(hetu: &str, words: &str) -> Value {
    json!({
        "description": words,
        "language": "fi",
        "client": {"age": 55, "municipality": "743", "language": "fi"},
        "need_codes": ["health.diabetes", "social.income"],
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

fn get_req(id: &str, who: &str) -> TestRequest {
    TestRequest::get().uri(&format!("/v1/referrals/{id}")).insert_header(bearer(who))
}

#[derive(QueryableByName)]
struct Text1 {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    v: Option<String>,
}

fn texts(state: &AppState, sql: &str) -> Vec<Option<String>> {
    let mut conn = state.pool.get().unwrap();
    diesel::sql_query(sql).load::<Text1>(&mut **conn).unwrap().into_iter().map(|t| t.v).collect()
}

fn audit_actions(state: &AppState, action: &str) -> Vec<Option<String>> {
    texts(state, &format!("SELECT referral_id AS v FROM audit_log WHERE action = '{action}' ORDER BY id"))
}

/// Every combination of what the first and the second contact say about sharing: the second joins
/// the first's referral, and the strictest of the two applies at once to the participating team,
/// with a `restricted` event in the history whenever the second made it stricter.
async fn joining_never_loosens_protection(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let combos = [(false, true), (true, true), (false, false), (true, false)];
    let mut n = 10;
    for (dp1, consent1) in combos {
        for (dp2, consent2) in combos {
            n += 1;
            let client = hetu(n);
            let mut first = two_team_body(&client, "Verensokerit koholla ja rahat eivät riitä ruokaan.");
            first["disclosure_prohibited"] = json!(dp1);
            first["consent"] = json!(consent1);
            let r = send(&app, create_req(&first)).await;
            assert_eq!(r.status, 201, "{}", r.text);
            let id = r.body["id"].as_str().unwrap().to_owned();
            let participant = r.body["participating_team_ids"][0].as_str().unwrap().to_owned();
            let mut second = two_team_body(&client, "Soitan uudestaan: vuokrakin on maksamatta.");
            second["disclosure_prohibited"] = json!(dp2);
            second["consent"] = json!(consent2);
            let r = send(&app, create_req(&second)).await;
            assert_eq!((r.status.as_u16(), r.body["outcome"].as_str()), (200, Some("joined")), "{}", r.text);
            assert_eq!(r.body["id"], id.as_str());
            let strict_dp = dp1 || dp2;
            let strict_consent = consent1 && consent2;
            assert_eq!(r.body["disclosure_prohibited"], strict_dp, "{dp1} {consent1} {dp2} {consent2}");
            assert_eq!(r.body["consent"], strict_consent, "{dp1} {consent1} {dp2} {consent2}");

            let reader = team_token("p", &[&participant]);
            let r = send(&app, get_req(&id, &reader)).await;
            assert_eq!(r.status, 200, "{}", r.text);
            let restricted = strict_dp || !strict_consent;
            assert_eq!(r.body["restricted"], restricted, "{dp1} {consent1} {dp2} {consent2}: {}", r.text);
            if restricted {
                assert!(r.body["client"].is_null() && r.body["description"].is_null(), "{}", r.text);
                assert!(!r.text.contains(&client) && !r.text.contains("vuokrakin"), "{}", r.text);
            }
            let tightened = (dp2 && !dp1) || (!consent2 && consent1);
            let staff_view = send(&app, get_req(&id, &staff())).await;
            let kinds: Vec<&str> =
                staff_view.body["events"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
            assert_eq!(kinds.contains(&"restricted"), tightened, "{kinds:?}");
        }
    }
}
db_test!(joining_never_loosens_protection_, joining_never_loosens_protection);

/// Reasons of every status that takes one are stored encrypted, shown to full readers and never
/// to a team that sees the outline; reasons and idempotency keys written in the clear before are
/// upgraded once.
async fn status_reasons_are_private(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let secret = "called the client 151288-3478; said he is in debt and drinking";
    for (n, status) in ["rejected", "cancelled", "redirected"].into_iter().enumerate() {
        let mut b = two_team_body(&hetu(100 + n as u32), "Verensokerit koholla ja rahat eivät riitä ruokaan.");
        b["disclosure_prohibited"] = json!(true);
        let r = send(&app, create_req(&b)).await;
        assert_eq!(r.status, 201, "{}", r.text);
        let id = r.body["id"].as_str().unwrap().to_owned();
        let lead = r.body["lead_team_id"].as_str().unwrap().to_owned();
        let participant = r.body["participating_team_ids"][0].as_str().unwrap().to_owned();
        let mut change = json!({"status": status, "reason": secret});
        if status == "redirected" {
            let target = [NOT_OURS, "f9430aec-5766-5fe2-bdbf-ed7858e70bb5"]
                .into_iter()
                .find(|t| *t != lead && *t != participant)
                .unwrap();
            change["team_id"] = json!(target);
        }
        let r = send(
            &app,
            TestRequest::post()
                .uri(&format!("/v1/referrals/{id}/status"))
                .insert_header(bearer(&team_token("lead", &[&lead])))
                .insert_header(("If-Match", "\"1\""))
                .set_json(change),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert!(r.text.contains(secret), "the team that made the change reads its reason");
        let outline = send(&app, get_req(&id, &team_token("p", &[&participant]))).await;
        assert_eq!(outline.body["restricted"], true, "{}", outline.text);
        assert!(!outline.text.contains("151288") && !outline.text.contains("drinking"), "{}", outline.text);
        assert!(outline.body["events"].as_array().unwrap().iter().all(|e| e["reason"].is_null()));
        let full = send(&app, get_req(&id, &staff())).await;
        assert!(full.text.contains(secret), "{}", full.text);
    }
    let stored = texts(&state, "SELECT reason AS v FROM referral_events WHERE reason IS NOT NULL");
    assert!(stored.len() >= 3);
    for reason in stored.iter().flatten() {
        assert!(reason.starts_with("v1:") && !reason.contains("151288") && !reason.contains("drinking"), "{reason}");
    }

    // Rows written in the clear by an earlier version are upgraded once, at start.
    let mut conn = state.pool.get().unwrap();
    let id = texts(&state, "SELECT id AS v FROM referrals LIMIT 1")[0].clone().unwrap();
    diesel::sql_query(format!(
        "INSERT INTO referral_events (id, referral_id, at, actor, actor_roles, kind, to_status, reason, version) \
         VALUES ('legacy-1', '{id}', CURRENT_TIMESTAMP, 'x', 'team_member', 'status', 'rejected', 'old words', 1)"
    ))
    .execute(&mut **conn)
    .unwrap();
    diesel::sql_query(format!(
        "INSERT INTO idempotency_keys (subject, key, request_hash, referral_id, created_at) \
         VALUES ('tester', '151288-3478', 'h', '{id}', CURRENT_TIMESTAMP)"
    ))
    .execute(&mut **conn)
    .unwrap();
    let now = chrono::Utc::now().naive_utc();
    let ran = luotsi::store::upgrades::run(&mut conn, &state.crypto, now).unwrap();
    assert!(ran.is_empty(), "the upgrade ran at start and is recorded");
    diesel::sql_query("DELETE FROM data_upgrades").execute(&mut **conn).unwrap();
    let ran = luotsi::store::upgrades::run(&mut conn, &state.crypto, now).unwrap();
    assert_eq!(ran.len(), 1);
    let legacy = texts(&state, "SELECT reason AS v FROM referral_events WHERE id = 'legacy-1'")[0].clone().unwrap();
    assert_eq!(state.crypto.decrypt(&legacy).unwrap(), "old words");
    let keys = texts(&state, "SELECT key AS v FROM idempotency_keys");
    assert!(keys.iter().flatten().all(|k| !k.contains("151288")), "{keys:?}");
    assert!(luotsi::store::upgrades::run(&mut conn, &state.crypto, now).unwrap().is_empty(), "only once");
    drop(conn);
    // The upgraded history still reads.
    let r = send(&app, get_req(&id, &staff())).await;
    assert_eq!(r.status, 200, "{}", r.text);
}
db_test!(status_reasons_are_private_, status_reasons_are_private);

/// A client calls again and again: distinct words are kept until the whole reaches the
/// description's limit, then a contact becomes a referral of its own; repeated words are stored
/// once and write nothing; a worklist page shows summaries, whatever the referrals hold.
async fn a_referral_joined_many_times_stays_bounded(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let client = hetu(200);
    let mut ids = std::collections::BTreeSet::new();
    let mut lead = String::new();
    for i in 0..120 {
        let words = format!("Soitto {i}: verensokerit koholla ja rahat eivät riitä ruokaan, {}", "sanoja ".repeat(10));
        let r = send(&app, create_req(&two_team_body(&client, &words))).await;
        assert!(r.status == 201 || r.status == 200, "{}", r.text);
        let description = r.body["description"].as_str().unwrap();
        assert!(description.chars().count() <= 4000, "{} characters", description.chars().count());
        ids.insert(r.body["id"].as_str().unwrap().to_owned());
        lead = r.body["lead_team_id"].as_str().unwrap().to_owned();
    }
    // 120 contacts of about 100 characters: each referral holds at most 4,000 of them.
    assert!(ids.len() >= 3 && ids.len() <= 5, "{} referrals", ids.len());
    let events_before = texts(&state, "SELECT id AS v FROM referral_events").len();
    // Retries of the same words change nothing, sequential or at once.
    let same = two_team_body(&client, "Sama asia taas: rahat eivät riitä ruokaan.");
    let first = send(&app, create_req(&same)).await;
    let events_after_first = texts(&state, "SELECT id AS v FROM referral_events").len();
    assert_eq!(events_after_first, events_before + 1, "{}", first.text);
    for _ in 0..30 {
        let r = send(&app, create_req(&same)).await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.body["description"].as_str().unwrap().matches("Sama asia taas").count(), 1);
    }
    assert_eq!(texts(&state, "SELECT id AS v FROM referral_events").len(), events_after_first);
    // The worklist shows at most 280 characters of each description.
    let uri = format!("/v1/teams/{lead}/referrals?per_page=200");
    let r = send(&app, TestRequest::get().uri(&uri).insert_header(bearer(&team_token("l", &[&lead])))).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let items = r.body["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for item in items {
        let d = item["description"].as_str().unwrap();
        assert!(d.chars().count() <= 281, "{d}");
        assert_eq!(item["description_truncated"], d.ends_with('…'));
    }
    assert!(items.iter().any(|i| i["description_truncated"] == true));
    assert!(r.text.len() < items.len() * 3000, "{} bytes for {} items", r.text.len(), items.len());
    // The client lookup is a list too.
    let r =
        send(&app, TestRequest::get().uri(&format!("/v1/referrals?client={client}")).insert_header(bearer(&staff())))
            .await;
    assert!(r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["description"].as_str().unwrap().chars().count() <= 281));
}
db_test!(a_referral_joined_many_times_stays_bounded_, a_referral_joined_many_times_stays_bounded);

/// For a team member of another team, a referral that exists and one that does not answer alike
/// on every route of a referral, and both refusals are audited.
async fn a_hidden_referral_answers_as_a_missing_one(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let r = send(&app, create_req(&two_team_body(&hetu(300), "Verensokerit koholla."))).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_owned();
    let lead = r.body["lead_team_id"].as_str().unwrap().to_owned();
    let participant = r.body["participating_team_ids"][0].as_str().unwrap().to_owned();
    let other_team = ["7e8d32ab-e8fe-56c8-80b6-f7a79014cc2a", "f9430aec-5766-5fe2-bdbf-ed7858e70bb5"]
        .into_iter()
        .find(|t| *t != lead && *t != participant)
        .unwrap();
    let stranger = team_token("stranger", &[other_team]);
    let missing = "00000000-0000-4000-8000-000000000000";
    let requests: [fn(&str, &str) -> TestRequest; 2] = [
        |id, who| get_req(id, who),
        |id, who| {
            TestRequest::post()
                .uri(&format!("/v1/referrals/{id}/status"))
                .insert_header(bearer(who))
                .insert_header(("If-Match", "\"1\""))
                .set_json(json!({"status": "accepted"}))
        },
    ];
    for make in requests {
        let hidden = send(&app, make(&id, &stranger)).await;
        let absent = send(&app, make(missing, &stranger)).await;
        assert_eq!(hidden.status, absent.status, "{} / {}", hidden.text, absent.text);
        hidden.problem(404);
        assert_eq!(
            hidden.body["detail"].as_str().unwrap().replace(&id, "X"),
            absent.body["detail"].as_str().unwrap().replace(missing, "X")
        );
        assert_eq!(hidden.body["title"], absent.body["title"]);
    }
    // A participating team sees the referral, so it is told why it may not move it.
    let r = send(&app, requests[1](&id, &team_token("p", &[&participant]))).await;
    r.problem(403);
    let denied_reads = audit_actions(&state, "read_denied");
    assert_eq!(denied_reads, [Some(id.clone()), Some(missing.to_owned())]);
    let denied_changes = audit_actions(&state, "status_denied");
    assert_eq!(denied_changes, [Some(id.clone()), Some(missing.to_owned()), Some(id.clone())]);
    // Nothing changed.
    let r = send(&app, get_req(&id, &staff())).await;
    assert_eq!((r.body["status"].as_str(), r.body["version"].as_i64()), (Some("requested"), Some(1)));
}
db_test!(a_hidden_referral_answers_as_a_missing_one_, a_hidden_referral_answers_as_a_missing_one);

/// Navigation with a `client_ref` reads the client's referrals: each read is audited, and a
/// lookup that finds none is audited too.
async fn navigation_reads_of_a_client_are_audited(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let mut ids = Vec::new();
    for codes in [["health.diabetes"], ["mental.mild"]] {
        let b = json!({
            "description": "", "language": "fi", "client": {"age": 40, "municipality": "743", "language": "fi"},
            "need_codes": codes, "patient_ref": "potilas-77", "channel": "integration", "consent": true
        });
        let r = send(&app, create_req(&b)).await;
        assert_eq!(r.status, 201, "{}", r.text);
        ids.push(r.body["id"].as_str().unwrap().to_owned());
    }
    // The same identifier as the client search takes it: a personal identity code finds the
    // referrals recorded by `hetu`.
    let b = json!({
        "description": "", "language": "fi", "client": {"age": 74, "municipality": "743", "language": "fi"},
        "need_codes": ["health.memory"], "hetu": "131052-308T", "channel": "phone", "consent": true
    });
    let r = send(&app, create_req(&b)).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let by_hetu = r.body["id"].as_str().unwrap().to_owned();
    for (client_ref, expected) in [("potilas-77", ids.len()), ("131052-308T", 1), ("nobody-1", 1)] {
        let before = audit_actions(&state, "navigation_history").len();
        let nav = json!({
            "description": "Verensokerit koholla.", "language": "fi",
            "client": {"age": 40, "municipality": "743", "language": "fi", "client_ref": client_ref}
        });
        let r =
            send(&app, TestRequest::post().uri("/v1/navigation").insert_header(bearer(&staff())).set_json(&nav)).await;
        assert_eq!(r.status, 200, "{}", r.text);
        let entries = audit_actions(&state, "navigation_history");
        assert_eq!(entries.len() - before, expected, "{client_ref}");
        let new: Vec<_> = entries[before..].to_vec();
        if client_ref == "nobody-1" {
            assert_eq!(new, [None]);
        } else if client_ref == "131052-308T" {
            assert_eq!(new, [Some(by_hetu.clone())]);
        } else {
            let mut read: Vec<String> = new.into_iter().flatten().collect();
            read.sort();
            let mut want = ids.clone();
            want.sort();
            assert_eq!(read, want);
        }
    }
    // The audit log holds ids, never the client's reference.
    let details = texts(&state, "SELECT COALESCE(detail, '') || actor || COALESCE(request_id, '') AS v FROM audit_log");
    assert!(details.iter().flatten().all(|d| !d.contains("potilas-77")));
}
db_test!(navigation_reads_of_a_client_are_audited_, navigation_reads_of_a_client_are_audited);

/// Idempotency keys of any shape (a careless client may send an identity code) are stored as
/// keyed hashes, and retries still find them; the body's hash is keyed too.
async fn idempotency_keys_are_stored_hashed(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    for (n, key) in ["151288-3478", "010101A123N", "order 42 of Matti Meikalainen", "k"].into_iter().enumerate() {
        let b = two_team_body(&hetu(400 + n as u32), "Verensokerit koholla.");
        let first = send(&app, create_req(&b).insert_header(("Idempotency-Key", key))).await;
        assert_eq!(first.status, 201, "{key}: {}", first.text);
        let again = send(&app, create_req(&b).insert_header(("Idempotency-Key", key))).await;
        assert_eq!((again.status.as_u16(), again.body["outcome"].as_str()), (200, Some("replayed")), "{key}");
        assert_eq!(again.body["id"], first.body["id"]);
        let mut other = b.clone();
        other["description"] = json!("Jotain aivan muuta.");
        send(&app, create_req(&other).insert_header(("Idempotency-Key", key))).await.problem(422);
    }
    let stored = texts(&state, "SELECT key || ' ' || request_hash AS v FROM idempotency_keys");
    assert_eq!(stored.len(), 4);
    for row in stored.iter().flatten() {
        for plain in ["151288", "010101A123N", "Meikalainen", "Verensokerit"] {
            assert!(!row.contains(plain), "{row}");
        }
        let (key, hash) = row.split_once(' ').unwrap();
        assert_eq!(key.len(), 64, "{row}");
        assert!(hash.starts_with("k1:"), "{row}");
    }
}
db_test!(idempotency_keys_are_stored_hashed_, idempotency_keys_are_stored_hashed);

/// An identity code typed where a referral id belongs (or any id that is not a UUID) is answered
/// 404 without being echoed, audited without being stored; references with control characters are
/// refused, as they could be recorded but never found again.
async fn identity_codes_in_referral_paths_are_never_stored(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let member = team_token("careless", &[NOT_OURS]);
    for id in ["131052-308T", "131052308T", "010101A123N", "not-a-referral", "1809438435"] {
        let r = send(&app, get_req(id, &staff())).await;
        r.problem(404);
        assert!(!r.text.contains(id), "{}", r.text);
        let r = send(
            &app,
            TestRequest::post()
                .uri(&format!("/v1/referrals/{id}/status"))
                .insert_header(bearer(&member))
                .insert_header(("If-Match", "\"1\""))
                .set_json(json!({"status": "accepted"})),
        )
        .await;
        r.problem(404);
        assert!(!r.text.contains(id), "{}", r.text);
    }
    let stored = texts(
        &state,
        "SELECT COALESCE(referral_id, '') || ' ' || COALESCE(detail, '') || ' ' || action AS v FROM audit_log",
    );
    assert_eq!(stored.len(), 10, "{stored:?}");
    for row in stored.iter().flatten() {
        assert!(!row.contains("131052") && !row.contains("010101") && !row.contains("1809438435"), "{row}");
        assert!(row.contains("not a referral id"), "{row}");
    }
    for bad in ["x\u{0}y", "x\ny", "x\u{7f}"] {
        let mut b = two_team_body(&hetu(500), "Verensokerit koholla.");
        b.as_object_mut().unwrap().remove("hetu");
        b["patient_ref"] = json!(bad);
        let r = send(&app, create_req(&b)).await;
        assert_eq!(r.problem(422)["errors"][0]["field"], "patient_ref", "{}", r.text);
        let mut nav = two_team_body(&hetu(501), "Verensokerit koholla.");
        nav["client"]["client_ref"] = json!(bad);
        let r = send(&app, create_req(&nav)).await;
        assert_eq!(r.problem(422)["errors"][0]["field"], "client.client_ref", "{}", r.text);
    }
    assert!(texts(&state, "SELECT id AS v FROM referrals").is_empty());
}
db_test!(identity_codes_in_referral_paths_are_never_stored_, identity_codes_in_referral_paths_are_never_stored);
