//! Access and input: every endpoint against every role and every kind of bad token, bad input of
//! every kind (a clear 4xx problem+json and nothing written), HTTP hygiene and rate limits.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::test::{self, TestRequest};
use common::*;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use luotsi::auth::{Audience, Claims, Role};
use serde_json::{json, Value};

const SJK_MTP: &str = "f9430aec-5766-5fe2-bdbf-ed7858e70bb5";
const OTHER_TEAM: &str = "7e8d32ab-e8fe-56c8-80b6-f7a79014cc2a";
const SERVICE: &str = "5878933b-33fe-5045-ac61-dd9af6952920";

/// The callers of the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Nobody,
    Expired,
    WrongAudience,
    WrongKey,
    AlgNone,
    CallCentre,
    Integration,
    Member,
    OtherTeam,
    Admin,
    Auditor,
}

const EVERYONE: [Who; 11] = [
    Who::Nobody,
    Who::Expired,
    Who::WrongAudience,
    Who::WrongKey,
    Who::AlgNone,
    Who::CallCentre,
    Who::Integration,
    Who::Member,
    Who::OtherTeam,
    Who::Admin,
    Who::Auditor,
];

fn claims(roles: &[&str], teams: &[&str]) -> Claims {
    let now = jsonwebtoken::get_current_timestamp();
    Claims {
        sub: "matrix".into(),
        exp: now + 600,
        nbf: None,
        iat: Some(now),
        iss: ISSUER.into(),
        aud: Audience::One(AUDIENCE.into()),
        roles: roles.iter().map(|r| r.to_string()).collect(),
        team_ids: teams.iter().map(|t| t.to_string()).collect(),
    }
}

fn sign(c: &Claims, secret: &str) -> String {
    encode(&Header::new(Algorithm::HS256), c, &EncodingKey::from_secret(secret.as_bytes())).unwrap()
}

fn token_of(who: Who) -> Option<String> {
    use base64::Engine;
    let b64 = |v: Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    Some(match who {
        Who::Nobody => return None,
        Who::Expired => {
            let mut c = claims(&["call_centre", "admin", "auditor"], &[]);
            c.exp = jsonwebtoken::get_current_timestamp() - 3600;
            sign(&c, SECRET)
        }
        Who::WrongAudience => {
            let mut c = claims(&["call_centre", "admin", "auditor"], &[]);
            c.aud = Audience::One("someone-else".into());
            sign(&c, SECRET)
        }
        Who::WrongKey => {
            sign(&claims(&["call_centre", "admin", "auditor"], &[]), "another-secret-0123456789abcdef01234")
        }
        Who::AlgNone => format!(
            "{}.{}.",
            b64(json!({"alg": "none", "typ": "JWT"})),
            b64(serde_json::to_value(claims(&["call_centre", "admin", "auditor"], &[])).unwrap())
        ),
        Who::CallCentre => sign(&claims(&["call_centre"], &[]), SECRET),
        Who::Integration => sign(&claims(&["integration"], &[]), SECRET),
        Who::Member => sign(&claims(&["team_member"], &[SJK_MTP]), SECRET),
        Who::OtherTeam => sign(&claims(&["team_member"], &[OTHER_TEAM]), SECRET),
        Who::Admin => sign(&claims(&["admin"], &[]), SECRET),
        Who::Auditor => sign(&claims(&["auditor"], &[]), SECRET),
    })
}

fn bad_token(who: Who) -> bool {
    matches!(who, Who::Expired | Who::WrongAudience | Who::WrongKey | Who::AlgNone)
}

/// The status an endpoint gives: `ok` for the allowed callers, 401 without a valid token when the
/// endpoint needs one, 403 for the rest; `special` overrides single callers.
fn expect(who: Who, public: bool, allowed: &[Who], ok: u16, special: &[(Who, u16)]) -> u16 {
    if let Some((_, s)) = special.iter().find(|(w, _)| *w == who) {
        return *s;
    }
    if public {
        return ok;
    }
    if who == Who::Nobody || bad_token(who) {
        return 401;
    }
    if allowed.contains(&who) {
        ok
    } else {
        403
    }
}

/// (method, path, body, public, allowed callers, status when allowed, special cases)
type Case = (&'static str, String, Option<Value>, bool, Vec<Who>, u16, Vec<(Who, u16)>);

#[actix_web::test]
async fn access_matrix() {
    let db = TestDb::sqlite();
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    // A referral led by SJK_MTP to read and move.
    let body = json!({"description": "Mieliala maassa.", "client": {"age": 34, "municipality": "743", "language": "fi"},
        "need_codes": ["mental.mild"], "hetu": "131052-308T", "channel": "phone", "consent": true});
    let r = send(
        &app,
        TestRequest::post()
            .uri("/v1/referrals")
            .insert_header(bearer(&token_of(Who::CallCentre).unwrap()))
            .set_json(&body),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let referral = r.body["id"].as_str().unwrap().to_owned();

    use Who::*;
    let staff = [CallCentre, Integration];
    let any_role = [CallCentre, Integration, Member, OtherTeam, Admin, Auditor];
    // (method, path, body, public, allowed, status when allowed, special cases)
    let cases: Vec<Case> = vec![
        ("GET", "/health/live".into(), None, true, vec![], 200, vec![]),
        ("GET", "/health/ready".into(), None, true, vec![], 200, vec![]),
        ("GET", "/v1/version".into(), None, true, vec![], 200, vec![]),
        ("GET", "/metrics".into(), None, true, vec![], 200, vec![]),
        ("GET", "/v1/needs".into(), None, true, vec![], 200, vec![]),
        ("GET", "/v1/municipalities".into(), None, true, vec![], 200, vec![]),
        ("GET", "/v1/services".into(), None, true, vec![], 200, vec![]),
        ("GET", format!("/v1/services/{SERVICE}"), None, true, vec![], 200, vec![]),
        ("GET", "/hsds/services".into(), None, true, vec![], 200, vec![]),
        ("GET", format!("/hsds/services/{SERVICE}"), None, true, vec![], 200, vec![]),
        ("GET", "/hsds/".into(), None, true, vec![], 200, vec![]),
        ("GET", "/hsds/organizations".into(), None, true, vec![], 200, vec![]),
        ("GET", "/hsds/organizations/7dc68580-fd90-5f3b-bf25-d782dd9efbba".into(), None, true, vec![], 200, vec![]),
        ("GET", "/hsds/taxonomies".into(), None, true, vec![], 200, vec![]),
        ("GET", "/hsds/taxonomies/4bb483c8-6eef-5f85-9bb1-c9e0b66f9166".into(), None, true, vec![], 200, vec![]),
        ("GET", "/hsds/taxonomy_terms".into(), None, true, vec![], 200, vec![]),
        ("GET", "/hsds/taxonomy_terms/0ec95e8b-17cd-568a-848a-b511831a26b9".into(), None, true, vec![], 200, vec![]),
        ("GET", "/hsds/service_at_locations".into(), None, true, vec![], 200, vec![]),
        (
            "GET",
            "/hsds/service_at_locations/943bc508-e874-5145-b6f6-40b0d1ab7405".into(),
            None,
            true,
            vec![],
            200,
            vec![],
        ),
        ("POST", "/v1/services".into(), Some(json!({})), false, vec![Admin], 422, vec![]),
        ("PUT", format!("/v1/services/{SERVICE}"), Some(json!({})), false, vec![Admin], 422, vec![]),
        ("DELETE", format!("/v1/services/{SERVICE}"), None, false, vec![Admin], 428, vec![]),
        ("POST", format!("/v1/services/{SERVICE}/points"), Some(json!({})), false, vec![Admin], 422, vec![]),
        (
            "PUT",
            "/v1/points/943bc508-e874-5145-b6f6-40b0d1ab7405".into(),
            Some(json!({})),
            false,
            vec![Admin],
            422,
            vec![],
        ),
        ("GET", "/v1/teams".into(), None, false, any_role.to_vec(), 200, vec![]),
        ("GET", format!("/v1/teams/{SJK_MTP}"), None, false, any_role.to_vec(), 200, vec![]),
        ("POST", "/v1/teams".into(), Some(json!({})), false, vec![Admin], 422, vec![]),
        ("PUT", format!("/v1/teams/{SJK_MTP}"), Some(json!({})), false, vec![Admin], 422, vec![]),
        ("DELETE", format!("/v1/teams/{SJK_MTP}"), None, false, vec![Admin], 428, vec![]),
        ("POST", "/v1/navigation".into(), Some(json!({})), false, staff.to_vec(), 422, vec![]),
        ("POST", "/v1/referrals".into(), Some(json!({})), false, staff.to_vec(), 422, vec![]),
        ("GET", "/v1/referrals?client=131052-308T".into(), None, false, staff.to_vec(), 200, vec![]),
        (
            "POST",
            "/v1/referrals/search".into(),
            Some(json!({"client": "131052-308T"})),
            false,
            staff.to_vec(),
            200,
            vec![],
        ),
        (
            "GET",
            format!("/v1/referrals/{referral}"),
            None,
            false,
            vec![CallCentre, Integration, Member],
            200,
            vec![(OtherTeam, 404)],
        ),
        (
            "POST",
            format!("/v1/referrals/{referral}/status"),
            Some(json!({"status": "accepted"})),
            false,
            vec![Member],
            428,
            vec![(OtherTeam, 428)],
        ),
        // The referral is not completed: whoever may record feedback or ask for a link hears so.
        (
            "POST",
            format!("/v1/referrals/{referral}/feedback"),
            Some(json!({"helped": true, "within_target": true, "grade": 4})),
            false,
            vec![CallCentre, Member],
            409,
            vec![(OtherTeam, 404)],
        ),
        ("POST", format!("/v1/referrals/{referral}/feedback-link"), None, false, staff.to_vec(), 409, vec![]),
        ("GET", format!("/v1/teams/{SJK_MTP}/referrals"), None, false, vec![Member], 200, vec![(OtherTeam, 403)]),
        ("GET", "/v1/stats".into(), None, false, vec![Admin, Auditor], 200, vec![]),
        ("GET", "/v1/audit".into(), None, false, vec![Auditor], 200, vec![]),
        ("GET", "/fhir/metadata".into(), None, true, vec![], 200, vec![]),
        ("GET", "/fhir/HealthcareService".into(), None, true, vec![], 200, vec![]),
        ("GET", format!("/fhir/HealthcareService/{SERVICE}"), None, true, vec![], 200, vec![]),
        ("GET", "/fhir/Questionnaire/red-flags".into(), None, true, vec![], 200, vec![]),
        ("GET", "/fhir/CodeSystem/needs".into(), None, true, vec![], 200, vec![]),
        ("GET", format!("/fhir/Organization/{SJK_MTP}"), None, false, any_role.to_vec(), 200, vec![]),
        ("POST", "/fhir/ServiceRequest".into(), Some(json!({})), false, staff.to_vec(), 422, vec![]),
        (
            "GET",
            format!("/fhir/ServiceRequest/{referral}"),
            None,
            false,
            vec![CallCentre, Integration, Member],
            200,
            vec![(OtherTeam, 404)],
        ),
        (
            "GET",
            format!("/fhir/Task/{referral}"),
            None,
            false,
            vec![CallCentre, Integration, Member],
            200,
            vec![(OtherTeam, 404)],
        ),
        // Another team's member finds nothing: an empty searchset.
        (
            "GET",
            format!("/fhir/Task?focus=ServiceRequest/{referral}"),
            None,
            false,
            vec![CallCentre, Integration, Member, OtherTeam],
            200,
            vec![],
        ),
        (
            "PUT",
            format!("/fhir/Task/{referral}"),
            Some(json!({})),
            false,
            vec![Member, OtherTeam, Integration],
            422,
            vec![],
        ),
    ];
    let mut failures = Vec::new();
    for (method, path, body, public, allowed, ok, special) in &cases {
        for who in EVERYONE {
            let mut req = match *method {
                "GET" => TestRequest::get(),
                "POST" => TestRequest::post(),
                "PUT" => TestRequest::put(),
                "DELETE" => TestRequest::delete(),
                _ => unreachable!(),
            }
            .uri(path);
            if let Some(t) = token_of(who) {
                req = req.insert_header(("Authorization", format!("Bearer {t}")));
            }
            if let Some(b) = body {
                req = req.set_json(b);
            }
            let want = expect(who, *public, allowed, *ok, special);
            let r = send(&app, req).await;
            if r.status.as_u16() != want {
                failures.push(format!(
                    "{method} {path} as {who:?}: {} (expected {want}) {}",
                    r.status,
                    &r.text[..r.text.len().min(160)]
                ));
            } else if want >= 400 {
                let kind =
                    if path.starts_with("/fhir/") { "application/fhir+json" } else { "application/problem+json" };
                assert_eq!(r.header("content-type"), Some(kind), "{method} {path} {who:?}");
            }
        }
    }
    // The member of another team cannot move the referral even with the right version, and is
    // answered as for a missing one.
    let r = send(
        &app,
        TestRequest::post()
            .uri(&format!("/v1/referrals/{referral}/status"))
            .insert_header(("Authorization", format!("Bearer {}", token_of(OtherTeam).unwrap())))
            .insert_header(("If-Match", "\"1\""))
            .set_json(json!({"status": "accepted"})),
    )
    .await;
    assert_eq!(r.status, 404, "{}", r.text);
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
    // Every endpoint of the spec is in the matrix.
    let api = serde_json::to_value(luotsi::openapi()).unwrap();
    let operations: usize = api["paths"].as_object().unwrap().values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(operations, cases.len(), "add new endpoints to the access matrix");
}

fn referral_body() -> Value {
    json!({"description": "Selkä kipeä.", "client": {"age": 50, "municipality": "743", "language": "fi"},
        "patient_ref": "P-1", "channel": "phone", "consent": true})
}

async fn bad_input_is_refused_and_nothing_written(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let staff = token(&[Role::CallCentre]);
    let post = |path: &str| TestRequest::post().uri(path).insert_header(bearer(&staff));
    let raw = |path: &str, body: &str| {
        post(path).insert_header(("content-type", "application/json")).set_payload(body.to_owned())
    };

    // Not JSON, truncated, empty, wrong content type, too large.
    for (body, status) in [
        ("{", 400),
        ("{\"description\": \"x\", \"client\": {", 400),
        ("", 400),
        ("[1, 2", 400),
        ("null", 422),
        ("42", 422),
    ] {
        let r = send(&app, raw("/v1/referrals", body)).await;
        r.problem(status);
    }
    send(&app, post("/v1/navigation").insert_header(("content-type", "text/plain")).set_payload("hei"))
        .await
        .problem(415);
    let huge = format!("{{\"description\": \"{}\"}}", "a".repeat(70_000));
    send(&app, raw("/v1/referrals", &huge)).await.problem(413);

    // Wrong types and unknown fields, with the field named.
    let mut b = referral_body();
    b["client"]["age"] = json!("fifty");
    let r = send(&app, post("/v1/referrals").set_json(&b)).await;
    assert_eq!(r.problem(422)["errors"][0]["field"], "client.age", "{}", r.text);
    let mut b = referral_body();
    b["colour"] = json!("red");
    let r = send(&app, post("/v1/referrals").set_json(&b)).await;
    assert!(r.problem(422)["detail"].as_str().unwrap().contains("colour"));
    let mut b = referral_body();
    b["consent"] = json!("yes");
    assert_eq!(send(&app, post("/v1/referrals").set_json(&b)).await.problem(422)["errors"][0]["field"], "consent");

    // Domain values: municipality, need codes, HETU, ages, the empty request, long text.
    let cases: Vec<(Value, &str)> = vec![
        (json!({"client": {"municipality": "999"}}), "client.municipality"),
        (json!({"client": {"municipality": "74"}}), "client.municipality"),
        (json!({"need_codes": ["health.memory", "no.such"]}), "need_codes[1]"),
        (json!({"hetu": "131052-308U", "patient_ref": null}), "hetu"),
        (json!({"hetu": "311352-308T", "patient_ref": null}), "hetu"),
        (json!({"client": {"age": 121}}), "client.age"),
        (json!({"client": {"age": -1}}), "client.age"),
        (json!({"client": {"age": null, "birth_date": "2999-01-01"}}), "client.birth_date"),
        (json!({"description": ""}), "description"),
        (json!({"description": "x".repeat(4001)}), "description"),
        (json!({"description": "kipu\u{0}"}), "description"),
        (json!({"language": "de"}), "language"),
        (json!({"channel": "telegraph"}), "channel"),
        (json!({"urgency": "yesterday"}), "urgency"),
    ];
    for (patch, field) in cases {
        let mut b = referral_body();
        merge(&mut b, &patch);
        let r = send(&app, post("/v1/referrals").set_json(&b)).await;
        let p = r.problem(422);
        let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert!(fields.contains(&field), "{patch}: {fields:?} {}", r.text);
    }

    // Odd but valid Unicode is understood or ignored, never an error.
    for text in [
        "Selkä kipeä\u{0301}\u{0301} ja pää\u{200B}kipu",
        "مرحبا أنا متعب جدا وأعاني من الأرق",
        "😢😢 en jaksa 🙏",
        "\u{202E}kipu\u{202C} selässä",
        &"ä".repeat(3999),
    ] {
        let b = json!({"description": text, "client": {"age": 40, "municipality": "743", "language": "fi"}});
        let r = send(&app, post("/v1/navigation").set_json(&b)).await;
        assert_eq!(r.status, 200, "{text:.40}: {}", r.text);
    }
    let referrals: i64 = {
        use diesel::prelude::*;
        use luotsi::store::schema::referrals;
        referrals::table.count().get_result(&mut **state.pool.get().unwrap()).unwrap()
    };
    assert_eq!(referrals, 0, "nothing written by bad requests");
}
db_test!(bad_input_is_refused_and_nothing_written_, bad_input_is_refused_and_nothing_written);

fn merge(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                match t.get_mut(k) {
                    Some(existing) if v.is_object() => merge(existing, v),
                    _ => {
                        t.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

#[actix_web::test]
async fn http_hygiene_cors_and_rate_limits() {
    let db = TestDb::sqlite();
    let state = state_with(&db, false, |s| {
        s.cors_origins = vec!["https://app.luotsi.example".into()];
        s.rate_limit_per_minute = 3;
    });
    let app = test::init_service(luotsi::build_app(state)).await;
    // Security headers on every response, errors included.
    for uri in ["/health/live", "/v1/needs", "/nowhere"] {
        let r = send(&app, TestRequest::get().uri(uri)).await;
        for h in
            ["x-content-type-options", "x-frame-options", "content-security-policy", "referrer-policy", "x-request-id"]
        {
            assert!(r.header(h).is_some(), "{uri}: {h}");
        }
    }
    // CORS: the configured origin only.
    let r = send(&app, TestRequest::get().uri("/health/live").insert_header(("Origin", "https://app.luotsi.example")))
        .await;
    assert_eq!(r.header("access-control-allow-origin"), Some("https://app.luotsi.example"));
    let r = send(&app, TestRequest::get().uri("/health/live").insert_header(("Origin", "https://evil.example"))).await;
    assert_ne!(r.header("access-control-allow-origin"), Some("https://evil.example"));
    // Rate limit: 3 a minute for this subject, then 429 with Retry-After; probes are not limited.
    let t = token(&[Role::CallCentre]);
    for _ in 0..3 {
        assert_eq!(send(&app, TestRequest::get().uri("/v1/teams").insert_header(bearer(&t))).await.status, 200);
    }
    let r = send(&app, TestRequest::get().uri("/v1/teams").insert_header(bearer(&t))).await;
    r.problem(429);
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    for _ in 0..20 {
        assert_eq!(send(&app, TestRequest::get().uri("/health/live")).await.status, 200);
    }
}
