//! The console as the server delivers it: the page and its hashed, cached, compressed assets under
//! a strict content security policy, its configuration, and development tokens offered only in
//! development, with the process's own key, to a browser on the same machine. What the console
//! does in a browser is tested in `tests/browser/` (Chromium, run by `.ci/run`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use actix_web::test::{self, TestRequest};
use common::*;
use luotsi::auth::Verifier;
use luotsi::config::OidcSettings;

fn asset_base(page: &str) -> String {
    let start = page.find("/console/a/").expect("the page names its assets");
    page[start..].split('/').take(4).collect::<Vec<_>>().join("/")
}

#[actix_web::test]
async fn the_console_page_and_its_assets_are_served_cached_by_hash_under_a_strict_policy() {
    let db = TestDb::sqlite();
    let app = test::init_service(luotsi::build_app(state(&db, false))).await;

    let r = send(&app, TestRequest::get().uri("/console")).await;
    assert_eq!(r.status, 308);
    assert_eq!(r.header("location"), Some("/console/"));

    let r = send(&app, TestRequest::get().uri("/console/")).await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    let csp = r.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{csp}"
    );
    assert!(csp.contains("connect-src 'self';"), "no provider is configured: {csp}");
    assert!(!r.text.contains("<script>") && !r.text.contains(" style="), "no inline script or style");
    let etag = r.header("etag").unwrap().to_owned();
    let base = asset_base(&r.text);

    let again = send(&app, TestRequest::get().uri("/console/").insert_header(("If-None-Match", etag.as_str()))).await;
    assert_eq!(again.status, 304);

    let script = send(&app, TestRequest::get().uri(&format!("{base}/js/app.js"))).await;
    assert_eq!(script.status, 200);
    assert!(script.header("content-type").unwrap().starts_with("text/javascript"));
    assert_eq!(script.header("cache-control"), Some("public, max-age=31536000, immutable"));
    assert!(script.text.contains("import"), "the module itself");

    let gz =
        send(&app, TestRequest::get().uri(&format!("{base}/js/i18n.js")).insert_header(("Accept-Encoding", "gzip")))
            .await;
    assert_eq!(gz.header("content-encoding"), Some("gzip"));

    // Another build's folder or a file that does not exist: 404 problem+json, not the page.
    let stale = send(&app, TestRequest::get().uri("/console/a/000000000000/js/app.js")).await;
    stale.problem(404);
    let missing = send(&app, TestRequest::get().uri(&format!("{base}/js/nothing.js"))).await;
    missing.problem(404);
    let outside = send(&app, TestRequest::get().uri(&format!("{base}/../../../Cargo.toml"))).await;
    assert_eq!(outside.status, 404);
}

#[actix_web::test]
async fn development_tokens_are_offered_only_in_development_with_the_own_key_to_this_machine() {
    let db = TestDb::sqlite();
    let mut dev = state(&db, true);
    dev.verifier = Arc::new(Verifier::hs256(vec![7; 32], "luotsi-dev".into(), "luotsi".into(), true));
    let app = test::init_service(luotsi::build_app(dev.clone())).await;
    let local = "127.0.0.1:50000".parse().unwrap();

    let config = send(&app, TestRequest::get().uri("/console/config.json").peer_addr(local)).await;
    assert_eq!(config.status, 200);
    assert_eq!(config.body["dev_tokens"], true);
    assert!(config.body["oidc"].is_null());

    let tokens = send(&app, TestRequest::get().uri("/console/dev-tokens.json").peer_addr(local)).await;
    assert_eq!(tokens.status, 200);
    assert_eq!(tokens.header("cache-control"), Some("no-store"));
    let roles: Vec<&str> =
        tokens.body["tokens"].as_array().unwrap().iter().map(|t| t["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["call_centre", "integration", "team_member", "admin", "auditor"]);
    // Each token works against the API.
    let staff = tokens.body["tokens"][0]["token"].as_str().unwrap();
    let teams = send(&app, TestRequest::get().uri("/v1/teams").insert_header(bearer(staff)).peer_addr(local)).await;
    assert_eq!(teams.status, 200);

    // From another machine: not offered.
    let remote = "198.51.100.7:50000".parse().unwrap();
    let r = send(&app, TestRequest::get().uri("/console/config.json").peer_addr(remote)).await;
    assert_eq!(r.body["dev_tokens"], false);
    send(&app, TestRequest::get().uri("/console/dev-tokens.json").peer_addr(remote)).await.problem(404);

    // With a configured key (the tests' own), even on this machine: not offered.
    let app = test::init_service(luotsi::build_app(state(&db, false))).await;
    let r = send(&app, TestRequest::get().uri("/console/config.json").peer_addr(local)).await;
    assert_eq!(r.body["dev_tokens"], false);
    send(&app, TestRequest::get().uri("/console/dev-tokens.json").peer_addr(local)).await.problem(404);
}

#[actix_web::test]
async fn a_configured_identity_provider_is_named_to_the_console_and_allowed_by_its_policy() {
    let db = TestDb::sqlite();
    let st = state_with(&db, false, |s| {
        s.oidc = Some(OidcSettings {
            issuer: "https://sso.example.fi:8443/realms/region".into(),
            client_id: "luotsi-console".into(),
            scope: "openid luotsi".into(),
        });
    });
    let app = test::init_service(luotsi::build_app(st)).await;
    let r = send(&app, TestRequest::get().uri("/console/config.json")).await;
    assert_eq!(r.body["oidc"]["issuer"], "https://sso.example.fi:8443/realms/region");
    assert_eq!(r.body["oidc"]["client_id"], "luotsi-console");
    assert_eq!(r.body["oidc"]["scope"], "openid luotsi");
    let page = send(&app, TestRequest::get().uri("/console/")).await;
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("connect-src 'self' https://sso.example.fi:8443;"), "{csp}");
}

#[test]
fn the_provider_settings_are_read_together_or_refused_by_name() {
    use luotsi::config::Settings;
    let read = |pairs: &'static [(&'static str, &'static str)]| {
        Settings::from_lookup(move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned()))
    };
    let s = read(&[("LUOTSI_OIDC_ISSUER", "https://sso.example.fi/realms/r"), ("LUOTSI_OIDC_CLIENT_ID", "console")])
        .unwrap();
    let oidc = s.oidc.unwrap();
    assert_eq!((oidc.origin(), oidc.scope.as_str()), ("https://sso.example.fi", "openid"));
    let e = read(&[("LUOTSI_OIDC_ISSUER", "https://sso.example.fi")]).unwrap_err();
    assert_eq!(e.variable, "LUOTSI_OIDC_CLIENT_ID");
    let e = read(&[("LUOTSI_OIDC_CLIENT_ID", "console")]).unwrap_err();
    assert_eq!(e.variable, "LUOTSI_OIDC_ISSUER");
    let e = read(&[("LUOTSI_OIDC_ISSUER", "sso.example.fi"), ("LUOTSI_OIDC_CLIENT_ID", "console")]).unwrap_err();
    assert_eq!(e.variable, "LUOTSI_OIDC_ISSUER");
}
