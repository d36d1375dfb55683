//! The service skeleton: health, errors as problem+json, auth, the OpenAPI document, Swagger UI.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::test::{self, TestRequest};
use base64::Engine;
use common::*;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use luotsi::auth::{Audience, Claims, Role};

fn now() -> u64 {
    jsonwebtoken::get_current_timestamp()
}

fn claims() -> Claims {
    Claims {
        sub: "tester".into(),
        exp: now() + 600,
        nbf: None,
        iat: Some(now()),
        iss: ISSUER.into(),
        aud: Audience::One(AUDIENCE.into()),
        roles: vec!["admin".into()],
        team_ids: vec![],
    }
}

fn sign(claims: &Claims, alg: Algorithm, secret: &str) -> String {
    encode(&Header::new(alg), claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap()
}

async fn health_and_errors(db: TestDb) {
    let state = state(&db, false);
    let app = test::init_service(luotsi::build_app(state)).await;

    let r = send(&app, TestRequest::get().uri("/health/live")).await;
    assert_eq!(r.status, 200);
    let r = send(&app, TestRequest::get().uri("/health/ready")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["database"], db.backend());
    assert!(r.header("x-request-id").is_some());
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));

    let r = send(&app, TestRequest::get().uri("/v1/version")).await;
    assert_eq!(r.body["name"], "luotsi");
    assert_eq!(r.body["need_taxonomy_version"], "1");

    // Unknown route: 404; known route, wrong method: 405 with Allow.
    send(&app, TestRequest::get().uri("/no/such/thing")).await.problem(404);
    let r = send(&app, TestRequest::delete().uri("/health/live")).await;
    r.problem(405);
    assert_eq!(r.header("allow"), Some("GET"));

    // Malformed JSON, wrong content type, wrong shape, too large: problem+json every time.
    let admin = token(&[Role::Admin]);
    let r = send(
        &app,
        TestRequest::post()
            .uri("/v1/teams")
            .insert_header(bearer(&admin))
            .insert_header(("content-type", "application/json"))
            .set_payload("{\"name\": "),
    )
    .await;
    assert!(r.problem(400)["detail"].as_str().unwrap().contains("not valid JSON"));
    let r = send(
        &app,
        TestRequest::post()
            .uri("/v1/teams")
            .insert_header(bearer(&admin))
            .insert_header(("content-type", "text/plain"))
            .set_payload("hello"),
    )
    .await;
    r.problem(415);
    let r = send(
        &app,
        TestRequest::post().uri("/v1/teams").insert_header(bearer(&admin)).set_json(
            serde_json::json!({"name": 5, "services": [], "municipalities": [], "languages": [], "weekly_capacity": 1}),
        ),
    )
    .await;
    let p = r.problem(422);
    assert_eq!(p["errors"][0]["field"], "name", "{}", r.text);
    let big = format!("{{\"name\": \"{}\"}}", "x".repeat(200_000));
    let r = send(
        &app,
        TestRequest::post()
            .uri("/v1/teams")
            .insert_header(bearer(&admin))
            .insert_header(("content-type", "application/json"))
            .set_payload(big),
    )
    .await;
    r.problem(413);
}
db_test!(health_and_errors_are_problem_json, health_and_errors);

#[actix_web::test]
async fn every_bad_token_is_refused_with_401() {
    let db = TestDb::sqlite();
    let app = test::init_service(luotsi::build_app(state(&db, true))).await;
    let call = |token: Option<String>| {
        let mut req = TestRequest::get().uri("/v1/teams");
        if let Some(t) = token {
            req = req.insert_header(("Authorization", format!("Bearer {t}")));
        }
        req
    };

    // A good token works.
    let good = sign(&claims(), Algorithm::HS256, SECRET);
    assert_eq!(send(&app, call(Some(good.clone()))).await.status, 200);

    let mut expired = claims();
    expired.exp = now() - 3600;
    let mut not_yet = claims();
    not_yet.nbf = Some(now() + 3600);
    let mut wrong_issuer = claims();
    wrong_issuer.iss = "someone-else".into();
    let mut wrong_audience = claims();
    wrong_audience.aud = Audience::One("other-api".into());
    let b64 = |v: &serde_json::Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let unsigned = format!(
        "{}.{}.",
        b64(&serde_json::json!({"alg": "none", "typ": "JWT"})),
        b64(&serde_json::to_value(claims()).unwrap())
    );
    let mut tampered = good.clone();
    tampered.replace_range(tampered.len() - 4.., "AAAA");
    let rs256_header = format!(
        "{}.{}.{}",
        b64(&serde_json::json!({"alg": "RS256", "typ": "JWT"})),
        b64(&serde_json::to_value(claims()).unwrap()),
        good.rsplit('.').next().unwrap()
    );
    let cases = [
        ("expired", Some(sign(&expired, Algorithm::HS256, SECRET)), "expired"),
        ("not yet valid", Some(sign(&not_yet, Algorithm::HS256, SECRET)), "not valid yet"),
        ("wrong issuer", Some(sign(&wrong_issuer, Algorithm::HS256, SECRET)), "issuer"),
        ("wrong audience", Some(sign(&wrong_audience, Algorithm::HS256, SECRET)), "audience"),
        ("wrong algorithm", Some(sign(&claims(), Algorithm::HS384, SECRET)), "algorithm"),
        ("RS256 header on an HS256 key", Some(rs256_header), "algorithm"),
        ("alg none", Some(unsigned), "not valid"),
        ("bad signature", Some(tampered), "signature"),
        ("other key", Some(sign(&claims(), Algorithm::HS256, "another-secret-0123456789abcdef0123")), "signature"),
        ("garbage", Some("not.a.jwt".into()), "not valid"),
        ("missing", None, "missing"),
    ];
    for (name, token, detail) in cases {
        let r = send(&app, call(token)).await;
        let p = r.problem(401);
        assert!(p["detail"].as_str().unwrap().contains(detail), "{name}: {}", r.text);
        assert_eq!(r.header("www-authenticate"), Some("Bearer"), "{name}");
    }
    // A valid token without the role: 403.
    let r = send(
        &app,
        TestRequest::post()
            .uri("/v1/teams")
            .insert_header(bearer(&token(&[Role::CallCentre])))
            .set_json(serde_json::json!({})),
    )
    .await;
    assert!(r.problem(403)["detail"].as_str().unwrap().contains("admin"));
}

#[test]
fn committed_openapi_matches_the_code() {
    let code = serde_json::to_string_pretty(&luotsi::openapi()).unwrap();
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json")).unwrap_or_default();
    assert!(
        code.trim() == committed.trim(),
        "openapi/openapi.json is out of date; regenerate it with `cargo run -q -- openapi > openapi/openapi.json`"
    );
}

#[test]
fn paging_parameters_state_the_bounds_the_server_enforces() {
    use luotsi::http::paging::{MAX_PAGE, MAX_PER_PAGE};
    let api = serde_json::to_value(luotsi::openapi()).unwrap();
    let mut seen = 0;
    for (path, item) in api["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for p in op["parameters"].as_array().into_iter().flatten() {
                let max = match p["name"].as_str() {
                    Some("page") => MAX_PAGE,
                    Some("per_page") | Some("_count") => MAX_PER_PAGE,
                    _ => continue,
                };
                seen += 1;
                assert_eq!(p["schema"]["minimum"], 1, "{method} {path} {}", p["name"]);
                assert_eq!(p["schema"]["maximum"], max, "{method} {path} {}", p["name"]);
            }
        }
    }
    assert_eq!(seen, 24, "twelve paged lists, each with page and per_page (FHIR: _count)");
}

#[test]
fn every_operation_documents_problem_responses_and_security() {
    let api = serde_json::to_value(luotsi::openapi()).unwrap();
    assert_eq!(api["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    for (path, item) in api["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            assert!(responses.contains_key("500"), "{method} {path}");
            let secured = op.get("security").is_some();
            if secured {
                assert!(responses.contains_key("401") && responses.contains_key("403"), "{method} {path}");
            }
            for (status, r) in responses {
                if status.starts_with('4') || status.starts_with('5') {
                    // Under /fhir an error is an OperationOutcome.
                    let (kind, schema) = if path.starts_with("/fhir/") {
                        ("application/fhir+json", "#/components/schemas/fhir.OperationOutcome")
                    } else {
                        ("application/problem+json", "#/components/schemas/Problem")
                    };
                    assert_eq!(r["content"][kind]["schema"]["$ref"], schema, "{method} {path} {status}");
                }
            }
        }
    }
}

#[actix_web::test]
async fn swagger_ui_is_served_offline() {
    let db = TestDb::sqlite();
    let app = test::init_service(luotsi::build_app(state(&db, false))).await;
    let r = send(&app, TestRequest::get().uri("/swagger-ui/")).await;
    assert_eq!(r.status, 200);
    assert!(r.text.contains("swagger-ui"), "{}", &r.text[..r.text.len().min(300)]);
    // Its assets come from this service, not from the internet.
    assert!(!r.text.contains("https://"), "Swagger UI must not load anything from the internet");
    let r = send(&app, TestRequest::get().uri("/swagger-ui/swagger-ui-bundle.js")).await;
    assert_eq!(r.status, 200);
    assert!(r.text.len() > 100_000);
    let r = send(&app, TestRequest::get().uri("/swagger-ui/swagger-initializer.js")).await;
    assert!(r.text.contains("/openapi.json"), "{}", r.text);
    let r = send(&app, TestRequest::get().uri("/openapi.json")).await;
    assert_eq!(r.body["openapi"], "3.1.0");
    let r = send(&app, TestRequest::get().uri("/swagger-ui")).await;
    assert!(r.status.is_redirection());
}

#[test]
fn a_mistyped_database_url_fails_loudly() {
    let err = luotsi::config::DatabaseUrl::parse("postgress://x").unwrap_err();
    assert_eq!(err.variable, "DATABASE_URL");
    // A SQLite file in a directory that does not exist is refused instead of created elsewhere.
    let url = luotsi::config::DatabaseUrl::Sqlite("/no/such/dir/luotsi.db".into());
    let err = luotsi::store::build_pool(&url, 1).unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");
    // PostgreSQL errors keep their real cause.
    let url = luotsi::config::DatabaseUrl::Postgres("postgres://postgres@127.0.0.1:1/none".into());
    let err = luotsi::store::build_pool(&url, 1).unwrap_err();
    assert!(err.to_string().contains("connect"), "{err}");
}

/// The development tokens fit the README's walk-through: the team member's reads the worklist of
/// the team its example is routed to (and every other team's); the others carry their role only.
#[actix_web::test]
async fn development_tokens_fit_the_walk_through() {
    let db = TestDb::sqlite();
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let tokens = luotsi::http::console::dev_tokens(&state);
    assert_eq!(tokens.len(), Role::ALL.len());
    let (_, note, member) = tokens.iter().find(|(r, _, _)| *r == Role::TeamMember).unwrap();
    assert!(note.contains("every team"), "{note}");
    let teams = state.catalogue.get().teams.iter().map(|t| t.id.clone()).collect::<Vec<_>>();
    assert_eq!(teams.len(), 45);
    for team in ["f9430aec-5766-5fe2-bdbf-ed7858e70bb5", teams[44].as_str()] {
        let r =
            send(&app, TestRequest::get().uri(&format!("/v1/teams/{team}/referrals")).insert_header(bearer(member)))
                .await;
        assert_eq!(r.status, 200, "{team}: {}", r.text);
    }
    let (_, _, staff) = tokens.iter().find(|(r, _, _)| *r == Role::CallCentre).unwrap();
    let r =
        send(&app, TestRequest::get().uri(&format!("/v1/teams/{}/referrals", teams[0])).insert_header(bearer(staff)))
            .await;
    assert_eq!(r.status, 403, "{}", r.text);
}

/// A field of the wrong type is named, with the type it must have in words; a body that is no
/// object says so.
#[actix_web::test]
async fn type_errors_name_the_field_and_the_type_in_words() {
    let db = TestDb::sqlite();
    let app = test::init_service(luotsi::build_app(state(&db, true))).await;
    let staff = token(&[Role::CallCentre]);
    let cases = [
        (
            serde_json::json!({"description": "x", "client": {"age": "x", "municipality": "743", "language": "fi"}}),
            "client.age",
            "must be a whole number, not the text \"x\"",
        ),
        (
            serde_json::json!({"description": 5, "client": {"age": 3, "municipality": "743", "language": "fi"}}),
            "description",
            "must be text (a JSON string), not the number 5",
        ),
        (
            serde_json::json!({"description": "x", "need_codes": "health.memory", "client": {"age": 3, "municipality": "743", "language": "fi"}}),
            "need_codes",
            "must be a list (a JSON array)",
        ),
        (serde_json::json!([1]), "body", "must be a JSON object"),
    ];
    for (body, field, words) in cases {
        let r =
            send(&app, TestRequest::post().uri("/v1/navigation").insert_header(bearer(&staff)).set_json(&body)).await;
        let problem = r.problem(422);
        assert_eq!(problem["errors"][0]["field"], field, "{body}");
        assert!(problem["errors"][0]["message"].as_str().unwrap().contains(words), "{body}: {}", r.text);
    }
}

/// Every error answer of every operation in the document has an example of its own status, in the
/// problem shape the server writes.
#[test]
fn every_error_status_has_its_own_example() {
    let api = serde_json::to_value(luotsi::openapi()).unwrap();
    let mut seen = 0;
    for (path, item) in api["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for (status, response) in op["responses"].as_object().unwrap() {
                let Some(content) = response["content"].get("application/problem+json") else { continue };
                let example = content.get("example").unwrap_or_else(|| panic!("{method} {path} {status}: no example"));
                assert_eq!(example["status"].to_string(), *status, "{method} {path} {status}");
                assert!(example["type"].as_str().unwrap().starts_with("/problems/"), "{method} {path} {status}");
                assert!(!example["detail"].as_str().unwrap().is_empty());
                seen += 1;
            }
        }
    }
    assert!(seen > 200, "{seen} error answers");
}
