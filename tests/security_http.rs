//! HTTP-level security: client addresses for the rate limit (forwarding headers only through
//! trusted proxies), request ids and paths that look like identity codes kept out of the log,
//! malformed tokens refused in plain words, and every error problem+json with security headers
//! (CORS refusals, Swagger UI's missing files, oversized headers, HSTS, a real server's parser).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Read, Write};
use std::net::SocketAddr;

use actix_web::test::{self, TestRequest};
use base64::Engine;
use common::logs::{capture_logs, captured};
use common::*;
use hmac::{Hmac, Mac};
use luotsi::auth::Role;
use luotsi::config::IpRange;
use serde_json::{json, Value};
use sha2::Sha256;

const SECURITY_HEADERS: [&str; 5] =
    ["x-content-type-options", "x-frame-options", "content-security-policy", "referrer-policy", "x-request-id"];

fn assert_security_headers(r: &Resp, what: &str) {
    for h in SECURITY_HEADERS {
        assert!(r.header(h).is_some(), "{what}: no {h}");
    }
}

/// Waits for a minute with at least 15 s left, so a budget is not reset halfway through a test.
async fn fresh_minute() {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() % 60;
    if secs > 45 {
        actix_web::rt::time::sleep(std::time::Duration::from_secs(61 - secs)).await;
    }
}

fn peer(addr: &str) -> SocketAddr {
    addr.parse().unwrap()
}

// ---------------------------------------------------------------------------------------------
// Finding 3: the address budget cannot be reset with a forged address.

/// Forged `X-Forwarded-For` / `Forwarded` / `X-Real-IP` values from a peer that is not a trusted
/// proxy: the budget is the peer's, whatever the headers say.
async fn forged_forwarding_headers_from_an_untrusted_peer_do_not_reset_the_address_budget(db: TestDb) {
    let state = state_with(&db, false, |s| {
        s.rate_limit_per_minute = 1; // 5 a minute per address
        s.trusted_proxies = vec![IpRange::parse("10.0.0.0/8").unwrap()];
    });
    let app = test::init_service(luotsi::build_app(state)).await;
    fresh_minute().await;
    let stranger = peer("203.0.113.9:50000");
    for i in 0..5 {
        let r = send(&app, TestRequest::get().uri("/v1/needs").peer_addr(stranger)).await;
        assert_ne!(r.status, 429, "request {i} is within the budget");
    }
    let forged: Vec<(&str, String)> = (0..40)
        .flat_map(|i| {
            [
                ("X-Forwarded-For", format!("198.51.100.{i}")),
                ("X-Forwarded-For", format!("198.51.100.{i}, 10.0.0.{i}")),
                ("X-Forwarded-For", format!("2001:db8::{i:x}")),
                ("X-Forwarded-For", "9".repeat(i * 100)),
                ("Forwarded", format!("for=198.51.100.{i}")),
                ("Forwarded", format!("for=\"[2001:db8::{i:x}]:443\";proto=https")),
                ("X-Real-IP", format!("198.51.100.{i}")),
            ]
        })
        .collect();
    for (name, value) in &forged {
        let r =
            send(&app, TestRequest::get().uri("/v1/needs").peer_addr(stranger).insert_header((*name, value.as_str())))
                .await;
        r.problem(429);
    }
    // Another real peer has its own budget.
    let r = send(&app, TestRequest::get().uri("/v1/needs").peer_addr(peer("203.0.113.10:1"))).await;
    assert_ne!(r.status, 429);
}
db_test!(
    forged_forwarding_headers_from_an_untrusted_peer_do_not_reset_the_address_budget,
    forged_forwarding_headers_from_an_untrusted_peer_do_not_reset_the_address_budget
);

/// Through a trusted proxy the right-most untrusted address counts; what a client put to the left
/// of it does not, and a malformed list falls back to the proxy's own address.
async fn forwarding_headers_from_a_trusted_proxy_are_honoured_and_malformed_ones_fall_back_to_the_peer(db: TestDb) {
    let state = state_with(&db, false, |s| {
        s.rate_limit_per_minute = 1;
        s.trusted_proxies = vec![IpRange::parse("10.0.0.0/8").unwrap(), IpRange::parse("fd00::/8").unwrap()];
    });
    let app = test::init_service(luotsi::build_app(state)).await;
    fresh_minute().await;
    let proxy = peer("10.1.2.3:40000");
    let via = |name: &'static str, value: String| {
        TestRequest::get().uri("/v1/needs").peer_addr(proxy).insert_header((name, value))
    };
    for i in 0..5 {
        let r = send(&app, via("X-Forwarded-For", "198.51.100.7".into())).await;
        assert_ne!(r.status, 429, "{i}");
    }
    // The client's budget is spent, whatever it adds to the left or in another spelling.
    let same_client = [
        ("X-Forwarded-For", "198.51.100.7".to_owned()),
        ("X-Forwarded-For", "6.6.6.6, 198.51.100.7".to_owned()),
        ("X-Forwarded-For", "1.1.1.1, 2.2.2.2, 198.51.100.7, 10.9.9.9".to_owned()),
        ("X-Forwarded-For", "198.51.100.7:5555".to_owned()),
        ("X-Forwarded-For", "::ffff:198.51.100.7".to_owned()),
        ("Forwarded", "for=198.51.100.7".to_owned()),
        ("Forwarded", "for=6.6.6.6, for=\"198.51.100.7:80\";proto=https".to_owned()),
    ];
    for (name, value) in same_client {
        send(&app, via(name, value)).await.problem(429);
    }
    // Other clients behind the same proxy are honoured, each with its own budget.
    for client in ["198.51.100.8", "198.51.100.9", "2001:db8::1"] {
        let r = send(&app, via("X-Forwarded-For", client.into())).await;
        assert_ne!(r.status, 429, "{client}");
        let r = send(&app, via("Forwarded", format!("for=\"{client}\""))).await;
        assert_ne!(r.status, 429, "{client}");
    }
    // Malformed values count as the proxy itself: 5 pass, then every malformed value is refused.
    let malformed = [
        "garbage",
        "unknown",
        "198.51.100.300",
        "198.51.100.8, _hidden",
        "10.0.0.1, 10.0.0.2",
        "fd00::1",
        "198.51.100.8,,",
        "'; DROP TABLE x",
    ];
    for (i, value) in malformed.iter().cycle().take(12).enumerate() {
        let r = send(&app, via("X-Forwarded-For", value.to_string())).await;
        if i < 5 {
            assert_ne!(r.status, 429, "{value}");
        } else {
            r.problem(429);
        }
    }
    let r =
        send(&app, TestRequest::get().uri("/v1/needs").peer_addr(proxy).insert_header(("Forwarded", "for=unknown")))
            .await;
    r.problem(429);
    // Two headers that disagree: one came from the client, so neither is believed.
    let r =
        send(&app, via("X-Forwarded-For", "198.51.100.20".into()).insert_header(("Forwarded", "for=198.51.100.21")))
            .await;
    r.problem(429);
}
db_test!(
    forwarding_headers_from_a_trusted_proxy_are_honoured_and_malformed_ones_fall_back_to_the_peer,
    forwarding_headers_from_a_trusted_proxy_are_honoured_and_malformed_ones_fall_back_to_the_peer
);

// ---------------------------------------------------------------------------------------------
// Finding 10: identity codes in request ids and paths never reach the log.

/// Identity-code shapes: every century sign, without one, lower case, and the ones of the finding.
fn hetu_shapes() -> Vec<String> {
    let mut codes = vec!["151288-3478".to_owned(), "010101A123B".to_owned()];
    for sign in ["+", "-", "A", "B", "C", "D", "E", "F", "Y", "X", "W", "V", "U", ""] {
        codes.push(format!("131052{sign}308T"));
        codes.push(format!("010101{sign}123n").to_lowercase());
    }
    codes
}

#[actix_web::test]
async fn identity_codes_never_reach_the_access_log_nor_the_request_id() {
    capture_logs();
    let db = TestDb::sqlite();
    let app = test::init_service(luotsi::build_app(state(&db, true))).await;
    let t = token(&[Role::CallCentre]);
    for code in hetu_shapes() {
        for id in [code.clone(), format!("req-{code}"), code.replace('-', ""), code.to_uppercase()] {
            let r =
                send(&app, TestRequest::get().uri("/health/live").insert_header(("X-Request-Id", id.as_str()))).await;
            let echoed = r.header("x-request-id").unwrap();
            assert_ne!(echoed, id);
            assert!(uuid::Uuid::parse_str(echoed).is_ok(), "{id}: a fresh id is made, not {echoed}");
        }
        let encoded: String = code.bytes().map(|b| format!("%{b:02X}")).collect();
        for path in [
            format!("/v1/referrals/{code}"),
            format!("/v1/teams/{code}/referrals"),
            format!("/v1/services/{code}"),
            format!("/nowhere/{code}"),
            format!("/v1/referrals/{encoded}"),
        ] {
            let r = send(&app, TestRequest::get().uri(&path).insert_header(bearer(&t))).await;
            assert!(r.status.is_client_error(), "{path}: {}", r.status);
        }
    }
    // Ids in a safe shape are kept.
    for id in ["3f2504e0-4f89-41d3-9a0c-0305e82c3301", "req-12345-abcde", "callcentre_7f3a-0001"] {
        let r = send(&app, TestRequest::get().uri("/health/live").insert_header(("X-Request-Id", id))).await;
        assert_eq!(r.header("x-request-id"), Some(id));
    }
    let lines = captured().lock().unwrap().clone();
    let access: Vec<&String> = lines.iter().filter(|l| l.starts_with("luotsi::access")).collect();
    assert!(access.iter().any(|l| l.contains("{hetu}")), "the access log ran: {access:?}");
    for line in &lines {
        let lower = line.to_lowercase();
        for code in hetu_shapes() {
            let code = code.to_lowercase();
            let encoded: String = code.bytes().map(|b| format!("%{b:02x}")).collect();
            assert!(!lower.contains(&code) && !lower.contains(&encoded), "{code} in the log: {line}");
            assert!(!lower.contains(&code.replace('-', "")), "{code} in the log: {line}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Finding 11: malformed tokens are refused with 401 in plain words.

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A token with this header and these claims, signed with the test secret (HS256).
fn forge(header: &Value, claims: &Value) -> String {
    let signing_input = format!("{}.{}", b64(header.to_string().as_bytes()), b64(claims.to_string().as_bytes()));
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(signing_input.as_bytes());
    format!("{signing_input}.{}", b64(&mac.finalize().into_bytes()))
}

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

fn good_claims() -> Value {
    json!({"sub": "anna", "exp": now() + 600, "iat": now(), "iss": ISSUER, "aud": AUDIENCE, "roles": ["call_centre"]})
}

fn with(claims: &Value, key: &str, value: Value) -> Value {
    let mut c = claims.clone();
    c[key] = value;
    c
}

fn without(claims: &Value, key: &str) -> Value {
    let mut c = claims.clone();
    c.as_object_mut().unwrap().remove(key);
    c
}

async fn malformed_tokens_are_refused_with_401_in_plain_words(db: TestDb) {
    let app = test::init_service(luotsi::build_app(state(&db, true))).await;
    let hs = json!({"alg": "HS256", "typ": "JWT"});
    let good = good_claims();
    let r = send(&app, TestRequest::get().uri("/v1/teams").insert_header(bearer(&forge(&hs, &good)))).await;
    assert_eq!(r.status, 200, "the control token passes: {}", r.text);

    // (token, a word the detail must have)
    let mut cases: Vec<(String, &str)> = vec![
        (forge(&json!({"alg": "HS256", "crit": ["exp"]}), &good), "crit"),
        (forge(&json!({"alg": "HS256", "crit": []}), &good), "crit"),
        (forge(&json!({"alg": "HS256", "crit": ["b64"], "b64": false}), &good), "crit"),
        (forge(&json!({"alg": "none"}), &good), "algorithm"),
        (format!("{}.{}.", b64(br#"{"alg":"none"}"#), b64(good.to_string().as_bytes())), "algorithm"),
        (forge(&json!({"alg": "None"}), &good), "algorithm"),
        (forge(&json!({"alg": "HS384"}), &good), "algorithm"),
        (forge(&json!({"alg": "RS256"}), &good), "algorithm"),
        (forge(&json!({"alg": "hs256"}), &good), "algorithm"),
        (forge(&json!({"typ": "JWT"}), &good), "algorithm"),
        (forge(&json!({"alg": 256}), &good), "algorithm"),
        (forge(&json!({"alg": "HS256", "kid": 5}), &good), "kid"),
        (forge(&json!(["HS256"]), &good), "header"),
        (forge(&hs, &with(&good, "exp", json!(u64::MAX))), "7 days"),
        (forge(&hs, &with(&good, "exp", json!(now() + 8 * 86_400))), "7 days"),
        (forge(&hs, &with(&good, "iat", json!(now() + 365 * 86_400))), "future"),
        (forge(&hs, &with(&good, "iat", json!(now() + 3600))), "future"),
        (forge(&hs, &with(&good, "sub", json!(""))), "subject"),
        (forge(&hs, &with(&good, "sub", json!("   "))), "subject"),
        (forge(&hs, &with(&good, "sub", json!("x".repeat(300)))), "subject"),
        (forge(&hs, &without(&good, "sub")), "sub"),
        (forge(&hs, &without(&good, "exp")), "exp"),
        (forge(&hs, &with(&good, "sub", json!(5))), "claims"),
        (forge(&hs, &with(&good, "exp", json!(1e30))), "claims"),
        (forge(&hs, &with(&good, "exp", json!(-1))), "claims"),
        (forge(&hs, &with(&good, "exp", json!("tomorrow"))), "claims"),
        (forge(&hs, &with(&good, "roles", json!("admin"))), "claims"),
        (forge(&hs, &json!([1, 2])), "claims"),
        (forge(&hs, &with(&good, "aud", json!("someone-else"))), "audience"),
        (forge(&hs, &with(&good, "iss", json!("someone-else"))), "issuer"),
        (forge(&hs, &with(&good, "exp", json!(now() - 3600))), "expired"),
        ("a.b".into(), "three"),
        ("a.b.c.d".into(), "three"),
        ("...".into(), "three"),
        ("!!!.???.***".into(), "three"),
        (format!("{}.e30.sig", b64(b"not json")), "header"),
    ];
    // Every control character in the subject: C0 (NUL, CR, LF, ESC ...), DEL and C1.
    for c in (0u32..0x20).chain(0x7f..0xa0) {
        let sub = format!("an{}na", char::from_u32(c).unwrap());
        cases.push((forge(&hs, &with(&good, "sub", json!(sub))), "subject"));
    }
    cases.push((forge(&hs, &with(&good, "sub", json!("anna\r\nX-Injected: 1"))), "subject"));
    for (i, (token, word)) in cases.iter().enumerate() {
        let r = send(&app, TestRequest::get().uri("/v1/teams").insert_header(bearer(token))).await;
        let detail = r.problem(401)["detail"].as_str().unwrap().to_owned();
        assert_eq!(r.header("www-authenticate"), Some("Bearer"), "case {i}");
        for internal in ["variant", "serde", "jsonwebtoken", "ErrorKind", "`", "JSON error", "Base64", "Utf8"] {
            assert!(!detail.contains(internal), "case {i}: {internal:?} in {detail:?}");
        }
        assert!(detail.contains(word), "case {i}: {word:?} not in {detail:?}");
    }
    // The header itself, as people get it wrong: each says what to send instead.
    let control = forge(&hs, &good);
    let headers = [
        (format!("Bearer Bearer {control}"), "pasted with its prefix"),
        (format!("Bearer bearer {control}"), "pasted with its prefix"),
        (control.clone(), "without the word Bearer"),
        (format!("Basic {}", b64(b"user:pass")), "not a bearer token"),
        ("Bearer ".to_owned(), "not a bearer token"),
    ];
    for (value, words) in headers {
        let r = send(&app, TestRequest::get().uri("/v1/teams").insert_header(("Authorization", value.clone()))).await;
        let detail = r.problem(401)["detail"].as_str().unwrap().to_owned();
        assert!(detail.contains(words) && detail.contains("Authorization: Bearer"), "{value:.20}: {detail}");
    }
    // The scheme is case-insensitive (RFC 9110).
    let r =
        send(&app, TestRequest::get().uri("/v1/teams").insert_header(("Authorization", format!("BEARER {control}"))))
            .await;
    assert_eq!(r.status, 200, "{}", r.text);
}
db_test!(malformed_tokens_are_refused_with_401_in_plain_words, malformed_tokens_are_refused_with_401_in_plain_words);

// ---------------------------------------------------------------------------------------------
// Finding 12: errors actix and its libraries answer are problem+json with security headers.

#[actix_web::test]
async fn a_refused_cors_request_is_problem_json_with_security_headers() {
    let db = TestDb::sqlite();
    let state = state_with(&db, false, |s| s.cors_origins = vec!["https://app.luotsi.example".into()]);
    let app = test::init_service(luotsi::build_app(state)).await;
    let ok = "https://app.luotsi.example";
    let refused: Vec<Vec<(&str, &str)>> = vec![
        vec![("Origin", "https://evil.example"), ("Access-Control-Request-Method", "GET")],
        vec![("Origin", "null"), ("Access-Control-Request-Method", "POST")],
        vec![("Origin", ok), ("Access-Control-Request-Method", "PATCH")],
        vec![("Origin", ok), ("Access-Control-Request-Method", "TRACE")],
        vec![("Origin", ok), ("Access-Control-Request-Method", "GET"), ("Access-Control-Request-Headers", "x-evil")],
        vec![("Origin", ok), ("Access-Control-Request-Method", "G E T")],
        vec![("Access-Control-Request-Method", "GET")],
    ];
    for headers in refused {
        for uri in ["/v1/needs", "/v1/referrals", "/nowhere", "/swagger-ui/"] {
            let mut req = TestRequest::default().method(actix_web::http::Method::OPTIONS).uri(uri);
            for h in &headers {
                req = req.insert_header(*h);
            }
            let r = send(&app, req).await;
            let detail = r.problem(r.status.as_u16())["detail"].as_str().unwrap().to_owned();
            assert!(r.status.is_client_error(), "{uri} {headers:?}: {}", r.status);
            assert!(!detail.contains('`'), "{detail}");
            assert_security_headers(&r, &format!("{uri} {headers:?}"));
            assert_ne!(r.header("access-control-allow-origin"), Some("https://evil.example"));
        }
    }
    // A request (not a preflight) from a foreign origin.
    let r = send(&app, TestRequest::get().uri("/v1/needs").insert_header(("Origin", "https://evil.example"))).await;
    if r.status.is_client_error() {
        r.problem(r.status.as_u16());
    }
    assert_security_headers(&r, "a foreign origin");
    // The allowed origin's preflight still passes.
    let r = send(
        &app,
        TestRequest::default()
            .method(actix_web::http::Method::OPTIONS)
            .uri("/v1/needs")
            .insert_header(("Origin", ok))
            .insert_header(("Access-Control-Request-Method", "GET")),
    )
    .await;
    assert!(r.status.is_success(), "{}", r.status);
    assert_eq!(r.header("access-control-allow-origin"), Some(ok));
}

#[actix_web::test]
async fn a_missing_swagger_ui_file_is_problem_json() {
    let db = TestDb::sqlite();
    let app = test::init_service(luotsi::build_app(state(&db, false))).await;
    for uri in
        ["/swagger-ui/nope.js", "/swagger-ui/nope/deeper.css", "/swagger-ui/index.html.bak", "/swagger-ui/%2e%2e"]
    {
        let r = send(&app, TestRequest::get().uri(uri)).await;
        r.problem(404);
        assert_security_headers(&r, uri);
    }
    let r = send(&app, TestRequest::get().uri("/swagger-ui/")).await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
}

#[actix_web::test]
async fn oversized_headers_are_431_problem_json() {
    let db = TestDb::sqlite();
    let app = test::init_service(luotsi::build_app(state(&db, false))).await;
    let big = "a".repeat(8 * 1024 + 1);
    let cases: Vec<Vec<(String, String)>> = vec![
        vec![("X-Filler".into(), big.clone())],
        vec![("Authorization".into(), format!("Bearer {big}"))],
        vec![("X-Forwarded-For".into(), "9".repeat(16 * 1024))],
        (0..9).map(|i| (format!("X-Part-{i}"), "b".repeat(4 * 1024))).collect(),
    ];
    for headers in cases {
        for uri in ["/v1/needs", "/health/live", "/nowhere"] {
            let mut req = TestRequest::get().uri(uri);
            for (name, value) in &headers {
                req = req.insert_header((name.as_str(), value.as_str()));
            }
            let r = send(&app, req).await;
            r.problem(431);
            assert_security_headers(&r, uri);
        }
    }
    // Just under the limits passes.
    let r = send(&app, TestRequest::get().uri("/health/live").insert_header(("X-Filler", "a".repeat(8 * 1024)))).await;
    assert_eq!(r.status, 200);
}

#[actix_web::test]
async fn hsts_follows_the_public_url() {
    let db = TestDb::sqlite();
    let t = token(&[Role::CallCentre]);
    for (public_url, hsts) in
        [(Some("https://luotsi.example.fi"), true), (Some("http://localhost:8080"), false), (None, false)]
    {
        let state = state_with(&db, false, |s| {
            s.public_url = public_url.map(str::to_owned);
            s.cors_origins = vec!["https://app.luotsi.example".into()];
        });
        let app = test::init_service(luotsi::build_app(state)).await;
        let requests = vec![
            TestRequest::get().uri("/health/live"),
            TestRequest::get().uri("/v1/teams").insert_header(bearer(&t)),
            TestRequest::get().uri("/v1/teams"),
            TestRequest::get().uri("/nowhere"),
            TestRequest::delete().uri("/v1/needs"),
            TestRequest::get().uri("/swagger-ui/"),
            TestRequest::get().uri("/swagger-ui/nope.js"),
            TestRequest::get().uri("/openapi.json"),
            TestRequest::post().uri("/v1/navigation").set_payload("{not json").insert_header(bearer(&t)),
            TestRequest::get().uri("/health/live").insert_header(("X-Filler", "a".repeat(9000))),
            TestRequest::default()
                .method(actix_web::http::Method::OPTIONS)
                .uri("/v1/needs")
                .insert_header(("Origin", "https://evil.example"))
                .insert_header(("Access-Control-Request-Method", "GET")),
        ];
        for req in requests {
            let r = send(&app, req).await;
            let value = r.header("strict-transport-security");
            if hsts {
                assert_eq!(value, Some("max-age=31536000; includeSubDomains"), "{public_url:?}: {}", r.status);
            } else {
                assert_eq!(value, None, "{public_url:?}: {}", r.status);
            }
        }
    }
}

/// Against a real server on 127.0.0.1: what the app answers is problem+json with the security
/// headers and HSTS. actix-http's own parser answers a malformed request line, more than 96
/// headers or a head over 128 KiB with an empty 400 or 431 before any middleware runs (see
/// `MAX_HEAD_BYTES` in src/http/middleware.rs); this checks that the server says no, closes that
/// connection, and keeps serving.
#[actix_web::test]
async fn a_real_server_answers_parser_errors_and_keeps_serving() {
    let db = TestDb::sqlite();
    let state = state_with(&db, false, |s| s.public_url = Some("https://luotsi.example.fi".into()));
    let server =
        actix_web::HttpServer::new(move || luotsi::build_app(state.clone())).workers(1).bind(("127.0.0.1", 0)).unwrap();
    let addr = server.addrs()[0];
    let running = server.run();
    let handle = running.handle();
    actix_web::rt::spawn(running);

    let exchange = move |request: Vec<u8>| -> String {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
        // Written from another thread while this one reads: the server answers an oversized head
        // before it has read all of it, and closes.
        let mut writer = stream.try_clone().unwrap();
        let written = std::thread::spawn(move || {
            let _ = writer.write_all(&request);
        });
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let _ = written.join();
        String::from_utf8_lossy(&answer).into_owned()
    };
    let run = |request: Vec<u8>| actix_web::rt::task::spawn_blocking(move || exchange(request));
    let get =
        |head: String| format!("GET /v1/needs HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{head}\r\n").into_bytes();

    // Answered by the app: problem+json, security headers, HSTS.
    let app_answers = [
        (get(format!("X-Filler: {}\r\n", "a".repeat(64 * 1024))), "431"),
        (get(format!("X-Forwarded-For: {}\r\n", "1".repeat(16 * 1024))), "431"),
        (b"GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(), "404"),
        (b"GET /swagger-ui/nope.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(), "404"),
    ];
    for (request, status) in app_answers {
        let answer = run(request).await.unwrap();
        let head = answer.split("\r\n\r\n").next().unwrap().to_lowercase();
        assert!(head.starts_with(&format!("http/1.1 {status}")), "{head}");
        assert!(head.contains("content-type: application/problem+json"), "{head}");
        assert!(head.contains("strict-transport-security: max-age=31536000; includesubdomains"), "{head}");
        for h in SECURITY_HEADERS {
            assert!(head.contains(&format!("{h}:")), "{h}: {head}");
        }
        let body: Value = serde_json::from_str(answer.split("\r\n\r\n").nth(1).unwrap()).unwrap();
        assert_eq!(body["status"].to_string(), status);
    }
    // Answered by actix-http's parser (no middleware has run): refused and closed, nothing leaked.
    let parser_answers = [
        (b"GARBAGE\r\n\r\n".to_vec(), "400"),
        (b"GET /v1/needs HTTP/9.9\r\nHost: x\r\n\r\n".to_vec(), "400"),
        (b"GET /v1/needs HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n".to_vec(), "400"),
        (get((0..100).map(|i| format!("X-H{i}: 1\r\n")).collect()), "431"),
        (get(format!("X-Filler: {}\r\n", "a".repeat(129 * 1024))), "431"),
    ];
    for (request, status) in parser_answers {
        let answer = run(request).await.unwrap();
        assert!(answer.starts_with(&format!("HTTP/1.1 {status}")), "{status}: {answer:?}");
        assert!(!answer.contains("GARBAGE") && !answer.contains("aaaa"), "nothing of the request is echoed");
    }
    // The server still serves.
    let answer = run(b"GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec()).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    handle.stop(true).await;
}
