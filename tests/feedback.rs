//! The client's feedback on SQLite and PostgreSQL: staff record an answer given by phone, a
//! patient system asks for a one-time link, the client answers on its page in their language;
//! one answer a referral either way, the comment encrypted at rest, the situation picture per
//! team and service, and the token never in the access log.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::test::{self, TestRequest};
use common::logs::{capture_logs, captured};
use common::*;
use diesel::prelude::*;
use luotsi::auth::Role;
use luotsi::AppState;
use serde_json::{json, Value};

const HETU: &str = "131052-308T";
const CSP: &str = "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

fn staff() -> String {
    token(&[Role::CallCentre])
}

fn integration() -> String {
    token(&[Role::Integration])
}

fn body(hetu: &str, language: &str) -> Value {
    let description = match language {
        "sv" => "Jag har mått dåligt länge och sover dåligt.",
        "en" => "I have felt low for a long time and I sleep badly.",
        _ => "Mieliala on ollut pitkään matalalla, nukun huonosti.",
    };
    json!({
        "description": description,
        "language": language,
        "client": {"age": 34, "municipality": "743", "language": language},
        "need_codes": ["mental.mild"],
        "hetu": hetu,
        "channel": "phone",
        "consent": true
    })
}

/// A referral (made by call-centre staff), its id, lead team and services.
struct Made {
    id: String,
    team: String,
    services: Vec<String>,
}

async fn make<B: actix_web::body::MessageBody>(app: &impl TestApp<B>, hetu: &str, language: &str) -> Made {
    let r = send(
        app,
        TestRequest::post().uri("/v1/referrals").insert_header(bearer(&staff())).set_json(body(hetu, language)),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);
    Made {
        id: r.body["id"].as_str().unwrap().to_owned(),
        team: r.body["lead_team_id"].as_str().unwrap().to_owned(),
        services: r.body["services"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["service_id"].as_str().unwrap().into())
            .collect(),
    }
}

/// Moves a referral through the closed loop to `completed`, as its team does.
async fn complete<B: actix_web::body::MessageBody>(app: &impl TestApp<B>, made: &Made) {
    let member = team_token("worker", &[&made.team]);
    for (version, status) in [(1, "accepted"), (2, "in_progress"), (3, "completed")] {
        let r = send(
            app,
            TestRequest::post()
                .uri(&format!("/v1/referrals/{}/status", made.id))
                .insert_header(bearer(&member))
                .insert_header(("If-Match", format!("\"{version}\"")))
                .set_json(json!({"status": status})),
        )
        .await;
        assert_eq!(r.status, 200, "{status}: {}", r.text);
    }
}

fn phone(id: &str, who: &str, answer: Value) -> TestRequest {
    TestRequest::post().uri(&format!("/v1/referrals/{id}/feedback")).insert_header(bearer(who)).set_json(answer)
}

fn link_req(id: &str, who: &str) -> TestRequest {
    TestRequest::post().uri(&format!("/v1/referrals/{id}/feedback-link")).insert_header(bearer(who))
}

fn form(path: &str, fields: &str) -> TestRequest {
    TestRequest::post()
        .uri(path)
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .set_payload(fields.to_owned())
}

fn raw_conn(state: &AppState) -> luotsi::store::PooledConn {
    state.pool.get().unwrap()
}

#[derive(QueryableByName, Debug)]
struct RawFeedback {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    comment_enc: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Text)]
    source: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    recorded_by: String,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    grade: i32,
}

fn raw_feedback(state: &AppState, id: &str) -> RawFeedback {
    diesel::sql_query(format!(
        "SELECT comment_enc, source, recorded_by, grade FROM feedback WHERE referral_id = '{id}'"
    ))
    .get_result(&mut **raw_conn(state))
    .unwrap()
}

fn audit_actions(state: &AppState, id: &str) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Action {
        #[diesel(sql_type = diesel::sql_types::Text)]
        action: String,
    }
    let rows: Vec<Action> =
        diesel::sql_query(format!("SELECT action FROM audit_log WHERE referral_id = '{id}' ORDER BY id"))
            .load(&mut **raw_conn(state))
            .unwrap();
    rows.into_iter().map(|a| a.action).collect()
}

/// Asserts an HTML page of the feedback pages with the status and their headers, and returns it.
fn page(r: &Resp, status: u16) -> &str {
    assert_eq!(r.status.as_u16(), status, "{}", r.text);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"), "{}", r.text);
    assert_eq!(r.header("content-security-policy"), Some(CSP));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
    assert!(r.text.starts_with("<!DOCTYPE html>"), "{}", r.text);
    assert!(!r.text.contains("<script") && !r.text.contains("style=") && !r.text.contains("<style"), "{}", r.text);
    &r.text
}

async fn phone_feedback(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let made = make(&app, HETU, "fi").await;
    let id = made.id.as_str();
    let answer = json!({"helped": true, "within_target": false, "grade": 4, "comment": "Salainen kommentti: odotin liian kauan."});

    // Not completed yet: 409, saying what to do.
    let r = send(&app, phone(id, &staff(), answer.clone())).await;
    let detail = r.problem(409)["detail"].as_str().unwrap().to_owned();
    assert!(detail.contains("requested") && detail.contains("once the referral is completed"), "{detail}");
    complete(&app, &made).await;

    // Roles: integrations, admins and auditors do not record; another team's member finds nothing.
    for who in [integration(), token(&[Role::Admin]), token(&[Role::Auditor])] {
        send(&app, phone(id, &who, answer.clone())).await.problem(403);
    }
    send(&app, phone(id, &team_token("stranger", &["7e8d32ab-e8fe-56c8-80b6-f7a79014cc2a"]), answer.clone()))
        .await
        .problem(404);
    send(&app, phone("131052-308T", &staff(), answer.clone())).await.problem(404);
    send(&app, phone(&uuid::Uuid::new_v4().to_string(), &staff(), answer.clone())).await.problem(404);

    // Bad answers: every field named.
    for (bad, field) in [
        (json!({"helped": true, "within_target": true, "grade": 7}), "grade"),
        (json!({"helped": true, "within_target": true, "grade": 0}), "grade"),
        (json!({"helped": true, "within_target": true, "grade": "good"}), "grade"),
        (json!({"helped": true, "within_target": true, "grade": 3.5}), "grade"),
        (json!({"helped": true, "within_target": true, "grade": 3, "comment": "x".repeat(1001)}), "comment"),
        (json!({"helped": true, "within_target": true, "grade": 3, "comment": "a\u{1b}b"}), "comment"),
        (json!({"helped": "yes", "within_target": true, "grade": 3}), "helped"),
        (json!({"within_target": true, "grade": 3}), "helped"),
    ] {
        let r = send(&app, phone(id, &staff(), bad.clone())).await;
        let p = r.problem(422);
        assert!(p["detail"].as_str().unwrap().contains(field) || p["errors"][0]["field"] == field, "{bad}: {}", r.text);
    }
    let r = send(
        &app,
        phone(id, &staff(), json!({"helped": true, "within_target": true, "grade": 9, "comment": "a\u{0}"})),
    )
    .await;
    let fields: Vec<&str> =
        r.problem(422)["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["grade", "comment"]);
    assert_eq!(send(&app, phone(id, &staff(), json!({"helped": true}))).await.status, 422);

    // Recorded: 201 with the answer; a whole 5.0 is the grade 5.
    let r = send(&app, phone(id, &staff(), answer.clone())).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["referral_id"], id);
    assert_eq!(
        (r.body["helped"].clone(), r.body["within_target"].clone(), r.body["grade"].clone()),
        (json!(true), json!(false), json!(4))
    );
    assert_eq!(r.body["comment"], "Salainen kommentti: odotin liian kauan.");
    assert_eq!(r.body["source"], "phone");
    assert_eq!(r.body["recorded_by"], "tester");
    assert!(r.body["recorded_at"].as_str().unwrap().ends_with('Z'));

    // A second answer, by phone or a link, is 409; so is a link for an answered referral.
    let member = team_token("therapist", &[&made.team]);
    let r = send(&app, phone(id, &member, json!({"helped": false, "within_target": false, "grade": 1}))).await;
    assert!(r.problem(409)["detail"].as_str().unwrap().contains("already recorded (phone"), "{}", r.text);
    send(&app, link_req(id, &integration())).await.problem(409);

    // At rest the comment is encrypted.
    let raw = raw_feedback(&state, id);
    let enc = raw.comment_enc.unwrap();
    assert!(enc.starts_with("v1:dev:") && !enc.contains("Salainen") && !enc.contains("kauan"), "{enc}");
    assert_eq!((raw.source.as_str(), raw.recorded_by.as_str(), raw.grade), ("phone", "tester", 4));

    // The referral says its feedback was received; another referral that it was not.
    let r = send(&app, TestRequest::get().uri(&format!("/v1/referrals/{id}")).insert_header(bearer(&staff()))).await;
    assert_eq!(r.body["feedback_received"], true, "{}", r.text);
    assert!(r.body["feedback_at"].is_string());
    let other = make(&app, "010101A123N", "fi").await;
    let r = send(&app, TestRequest::get().uri(&format!("/v1/referrals/{}", other.id)).insert_header(bearer(&staff())))
        .await;
    assert_eq!(r.body["feedback_received"], false, "{}", r.text);
    assert!(r.body.get("feedback_at").is_none());

    // A member of the lead team records too.
    complete(&app, &other).await;
    let r = send(&app, phone(&other.id, &member, json!({"helped": true, "within_target": true, "grade": 5.0}))).await;
    assert_eq!(
        (r.status.as_u16(), r.body["grade"].clone(), r.body["comment"].clone()),
        (201, json!(5), Value::Null),
        "{}",
        r.text
    );
    assert!(raw_feedback(&state, &other.id).comment_enc.is_none());

    // Audited, refusals too.
    let actions = audit_actions(&state, id);
    assert_eq!(actions.iter().filter(|a| *a == "feedback:phone").count(), 1, "{actions:?}");
    assert!(actions.iter().filter(|a| *a == "feedback_denied").count() >= 3, "{actions:?}");
    assert!(actions.contains(&"feedback_link_denied".to_owned()), "{actions:?}");

    // The situation picture: per team, per service and in total.
    let r = send(&app, TestRequest::get().uri("/v1/stats").insert_header(bearer(&token(&[Role::Auditor])))).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let expected = json!({"answers": 2, "helped_share": 1.0, "within_target_share": 0.5, "mean_grade": 4.5});
    assert_eq!(r.body["total"]["feedback"], expected, "{}", r.text);
    let team = r.body["teams"].as_array().unwrap().iter().find(|t| t["team_id"] == made.team.as_str()).unwrap();
    assert_eq!(team["feedback"], expected);
    for service in &made.services {
        let s = r.body["services"].as_array().unwrap().iter().find(|s| s["service_id"] == service.as_str()).unwrap();
        assert_eq!(s["feedback"]["answers"], 2, "{s}");
    }
    // A period without answers: nulls.
    let r = send(
        &app,
        TestRequest::get().uri("/v1/stats?from=2026-01-01&to=2026-01-31").insert_header(bearer(&token(&[Role::Admin]))),
    )
    .await;
    assert_eq!(
        r.body["total"]["feedback"],
        json!({"answers": 0, "helped_share": null, "within_target_share": null, "mean_grade": null})
    );
}
db_test!(phone_feedback_, phone_feedback);

async fn link_feedback_in_the_clients_language(db: TestDb) {
    let state = state_with(&db, true, |s| s.public_url = Some("https://luotsi.example.fi".into()));
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let made = make(&app, HETU, "sv").await;
    let id = made.id.as_str();
    // Not completed: no link.
    let r = send(&app, link_req(id, &integration())).await;
    assert!(r.problem(409)["detail"].as_str().unwrap().contains("completed"));
    complete(&app, &made).await;
    // Roles: integrations and call-centre staff.
    for who in [team_token("worker", &[&made.team]), token(&[Role::Admin])] {
        send(&app, link_req(id, &who)).await.problem(403);
    }

    let r = send(&app, link_req(id, &integration())).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let path = r.body["path"].as_str().unwrap().to_owned();
    let secret = path.strip_prefix("/feedback/").unwrap().to_owned();
    assert_eq!(secret.len(), 43);
    assert!(secret.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{secret}");
    assert_eq!(r.body["url"], format!("https://luotsi.example.fi{path}"));
    assert_eq!(r.body["language"], "sv");
    let expires = chrono::DateTime::parse_from_rfc3339(r.body["expires_at"].as_str().unwrap()).unwrap();
    let days = (expires.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_hours();
    assert!((14 * 24 - 1..=14 * 24).contains(&days), "{days} hours");
    // Only the token's hash is stored.
    #[derive(QueryableByName)]
    struct Hash {
        #[diesel(sql_type = diesel::sql_types::Text)]
        token_hash: String,
    }
    let hashes: Vec<Hash> =
        diesel::sql_query("SELECT token_hash FROM feedback_links").load(&mut **raw_conn(&state)).unwrap();
    assert_eq!(hashes.len(), 1);
    assert!(hashes[0].token_hash.len() == 64 && !hashes[0].token_hash.contains(&secret));

    // The page, in Swedish, for a person and a keyboard.
    let r = send(&app, TestRequest::get().uri(&path)).await;
    let html = page(&r, 200);
    assert!(html.contains("<html lang=\"sv\">"), "{html}");
    assert!(html.contains("<form method=\"post\""), "{html}");
    assert!(!html.contains("action="), "the form goes back to its own address");
    assert_eq!(html.matches("<fieldset").count(), 3);
    assert_eq!(html.matches("<legend>").count(), 3);
    for control in ["helped-yes", "helped-no", "within_target-yes", "within_target-no", "grade-1", "grade-5", "comment"]
    {
        assert!(html.contains(&format!("id=\"{control}\"")), "{control}");
        assert!(html.contains(&format!("<label for=\"{control}\">")), "{control} has a label");
    }
    assert!(html.contains("maxlength=\"1000\""));
    assert!(html.contains("Fick du hjälp med ditt ärende?") && html.contains("5 – utmärkt"), "{html}");
    assert!(html.contains("<button type=\"submit\">Skicka respons</button>"));
    assert!(html.contains("href=\"/feedback/feedback.css\""));
    assert!(!html.contains(&secret), "the token is not written into the page");
    let css = send(&app, TestRequest::get().uri("/feedback/feedback.css")).await;
    assert_eq!((css.status.as_u16(), css.header("content-type")), (200, Some("text/css; charset=utf-8")));
    assert!(css.text.contains(":focus-visible"));

    // A form with a field missing comes back with the others kept and the error named (422).
    let r = send(&app, form(&path, "helped=yes&within_target=no&comment=Bra+%3Cb%3Ebem%C3%B6tande%3C%2Fb%3E")).await;
    let html = page(&r, 422);
    assert!(html.contains("Välj ett vitsord 1–5."), "{html}");
    assert!(html.contains("href=\"#grade-1\""), "the summary links to the field");
    assert!(html.contains("id=\"helped-yes\" name=\"helped\" value=\"yes\" required checked"), "{html}");
    assert!(html.contains("id=\"within_target-no\" name=\"within_target\" value=\"no\" required checked"), "{html}");
    assert!(html.contains("Bra &lt;b&gt;bemötande&lt;/b&gt;</textarea>"), "kept and escaped: {html}");
    assert!(html.contains("<title>Fel: Respons</title>"));
    // Another content type: a page, 415.
    let r = send(&app, TestRequest::post().uri(&path).set_json(json!({"helped": "yes"}))).await;
    page(&r, 415);

    // The answer: thanks in Swedish, stored from the link, the comment encrypted.
    let r = send(&app, form(&path, "helped=yes&within_target=no&grade=4&comment=Hemligt%3A+bra+bem%C3%B6tande")).await;
    let html = page(&r, 200);
    assert!(html.contains("<html lang=\"sv\">") && html.contains("Tack för din respons!"), "{html}");
    let raw = raw_feedback(&state, id);
    assert_eq!((raw.source.as_str(), raw.recorded_by.as_str(), raw.grade), ("link", "client", 4));
    assert!(!raw.comment_enc.as_deref().unwrap().contains("Hemligt"));

    // Used: the page and a second answer are 410, in all three languages; nothing changes.
    for r in [
        send(&app, TestRequest::get().uri(&path)).await,
        send(&app, form(&path, "helped=no&within_target=no&grade=1")).await,
    ] {
        let html = page(&r, 410);
        for words in ["redan besvarats", "jo vastattu", "already been answered", "lang=\"sv\"", "lang=\"en\""] {
            assert!(html.contains(words), "{words}: {html}");
        }
    }
    assert_eq!(raw_feedback(&state, id).grade, 4);
    send(&app, phone(id, &staff(), json!({"helped": true, "within_target": true, "grade": 5}))).await.problem(409);
    send(&app, link_req(id, &staff())).await.problem(409);

    let r = send(&app, TestRequest::get().uri(&format!("/v1/referrals/{id}")).insert_header(bearer(&staff()))).await;
    assert_eq!(r.body["feedback_received"], true);
    let actions = audit_actions(&state, id);
    for action in ["feedback_link", "feedback_page", "feedback:link"] {
        assert!(actions.contains(&action.to_owned()), "{action}: {actions:?}");
    }
    let r = send(&app, TestRequest::get().uri("/v1/stats").insert_header(bearer(&token(&[Role::Auditor])))).await;
    let team = r.body["teams"].as_array().unwrap().iter().find(|t| t["team_id"] == made.team.as_str()).unwrap();
    assert_eq!(
        team["feedback"],
        json!({"answers": 1, "helped_share": 1.0, "within_target_share": 0.0, "mean_grade": 4.0})
    );
}
db_test!(link_feedback_in_the_clients_language_, link_feedback_in_the_clients_language);

async fn links_expire_are_replaced_and_yield_to_the_phone(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let made = make(&app, HETU, "en").await;
    complete(&app, &made).await;
    let link = |r: Resp| -> String {
        assert_eq!(r.status, 201, "{}", r.text);
        assert_eq!(r.body["url"], Value::Null, "no LUOTSI_PUBLIC_URL, no url");
        r.body["path"].as_str().unwrap().to_owned()
    };

    // Unknown: a token of the right shape that no link has, and text of another shape.
    for unknown in [format!("/feedback/{}", "A".repeat(43)), "/feedback/not-a-token".into(), "/feedback/%00".into()] {
        let r = send(&app, TestRequest::get().uri(&unknown)).await;
        let html = page(&r, 404);
        for words in ["Linkkiä ei löydy", "Länken hittas inte", "Link not found"] {
            assert!(html.contains(words), "{words}: {html}");
        }
        page(&send(&app, form(&unknown, "helped=yes&within_target=yes&grade=5")).await, 404);
    }

    // A new link replaces the older one, which answers 410 (expired); the new one opens in English.
    let first = link(send(&app, link_req(&made.id, &integration())).await);
    let second = link(send(&app, link_req(&made.id, &staff())).await);
    assert_ne!(first, second);
    let html = page(&send(&app, TestRequest::get().uri(&first)).await, 410).to_owned();
    assert!(html.contains("gått ut") && html.contains("has expired") && html.contains("vanhentunut"), "{html}");
    page(&send(&app, form(&first, "helped=yes&within_target=yes&grade=5")).await, 410);
    assert!(page(&send(&app, TestRequest::get().uri(&second)).await, 200).contains("<html lang=\"en\">"));

    // Past its expiry (set in the database): 410.
    diesel::sql_query("UPDATE feedback_links SET expires_at = '2026-01-01 00:00:00' WHERE used_at IS NULL")
        .execute(&mut **raw_conn(&state))
        .unwrap();
    page(&send(&app, TestRequest::get().uri(&second)).await, 410);
    page(&send(&app, form(&second, "helped=yes&within_target=yes&grade=5")).await, 410);

    // A link answered by phone first: 'already answered'.
    let third = link(send(&app, link_req(&made.id, &integration())).await);
    assert_eq!(page(&send(&app, TestRequest::get().uri(&third)).await, 200).matches("<fieldset").count(), 3);
    let r = send(&app, phone(&made.id, &staff(), json!({"helped": false, "within_target": true, "grade": 2}))).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let html = page(&send(&app, form(&third, "helped=yes&within_target=yes&grade=5")).await, 410).to_owned();
    assert!(html.contains("already been answered"), "{html}");
    assert_eq!(raw_feedback(&state, &made.id).source, "phone");
    // Other methods are refused as the API refuses them.
    send(&app, TestRequest::put().uri(&third)).await.problem(405);
}
db_test!(links_expire_are_replaced_and_yield_to_the_phone_, links_expire_are_replaced_and_yield_to_the_phone);

// ---------------------------------------------------------------------------------------------
// The token never reaches the log.

#[actix_web::test]
async fn the_token_never_reaches_the_access_log() {
    capture_logs();
    let db = TestDb::sqlite();
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state)).await;
    let made = make(&app, HETU, "fi").await;
    complete(&app, &made).await;
    let r = send(&app, link_req(&made.id, &integration())).await;
    let path = r.body["path"].as_str().unwrap().to_owned();
    let token = path.strip_prefix("/feedback/").unwrap().to_owned();
    page(&send(&app, TestRequest::get().uri(&path)).await, 200);
    page(&send(&app, form(&path, "helped=yes")).await, 422);
    page(&send(&app, form(&path, "helped=yes&within_target=yes&grade=5")).await, 200);
    page(&send(&app, TestRequest::get().uri(&path)).await, 410);
    let encoded = format!("/%66eedback/{token}");
    send(&app, TestRequest::get().uri(&encoded)).await;

    let lines = captured().lock().unwrap().clone();
    let access: Vec<&String> = lines.iter().filter(|l| l.starts_with("luotsi::access")).collect();
    assert!(access.iter().filter(|l| l.contains("\"GET /feedback/{token}\"")).count() >= 2, "{access:#?}");
    assert!(access.iter().any(|l| l.contains("\"POST /feedback/{token}\" 200")), "{access:#?}");
    for line in &lines {
        assert!(!line.contains(&token), "the token in the log: {line}");
    }
}
