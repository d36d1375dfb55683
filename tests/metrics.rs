//! `GET /metrics` on SQLite and PostgreSQL: the series move after a navigation, referrals and a
//! status change; labels hold route patterns and enumerations, never a description, an identity
//! code or a path as sent; the metrics can move to a port of their own.
//!
//! The recorder is global to the process, so other tests of this file move the same counters at
//! the same time: the checks are "moved by at least", never "equals".

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::test::{self, TestRequest};
use common::*;
use diesel::connection::SimpleConnection;
use luotsi::auth::Role;
use luotsi::store::referrals::OpenCount;
use serde_json::{json, Value};

const SJK_MTP: &str = "f9430aec-5766-5fe2-bdbf-ed7858e70bb5";
const HETU: &str = "131052-308T";
const DESCRIPTION: &str = "Mieliala on ollut pitkään matalalla, nukun huonosti.";

fn referral_body() -> Value {
    json!({
        "description": DESCRIPTION,
        "language": "fi",
        "client": {"age": 34, "municipality": "743", "language": "fi"},
        "need_codes": ["mental.mild"],
        "hetu": HETU,
        "channel": "phone",
        "consent": true
    })
}

/// The sum of the samples of `name` whose labels include every pair of `labels`.
fn sample(text: &str, name: &str, labels: &[(&str, &str)]) -> f64 {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (series, value) = line.rsplit_once(' ')?;
            let (metric, rest) = series.split_once('{').unwrap_or((series, ""));
            (metric == name && labels.iter().all(|(k, v)| rest.contains(&format!("{k}=\"{v}\""))))
                .then(|| value.parse::<f64>().unwrap())
        })
        .sum()
}

async fn scrape<B: actix_web::body::MessageBody>(app: &impl TestApp<B>) -> String {
    let r = send(app, TestRequest::get().uri("/metrics")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.header("content-type"), Some("text/plain; version=0.0.4; charset=utf-8"));
    r.text
}

async fn series_move_and_hold_no_personal_data(db: TestDb) {
    let state = state(&db, true);
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let before = scrape(&app).await;

    let navigation = json!({
        "description": format!("{DESCRIPTION} Henkilötunnus {HETU}."),
        "language": "fi",
        "client": {"age": 34, "municipality": "743", "language": "fi"}
    });
    let staff = token(&[Role::CallCentre]);
    let r =
        send(&app, TestRequest::post().uri("/v1/navigation").insert_header(bearer(&staff)).set_json(&navigation)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let understood = r.body["understood"].as_str().unwrap().to_owned();
    let screen = if r.body["safety"]["screen_required"] == json!(true) { "required" } else { "not_required" };

    // Created, then the same request again: an idempotent replay.
    let create = || {
        TestRequest::post()
            .uri("/v1/referrals")
            .insert_header(bearer(&staff))
            .insert_header(("Idempotency-Key", "metrics-test-1"))
            .set_json(referral_body())
    };
    let r = send(&app, create()).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_owned();
    assert_eq!(send(&app, create()).await.body["outcome"], "replayed");
    // Refused: an emergency not yet handled.
    let mut emergency = referral_body();
    emergency["description"] = json!("Isä on tajuton eikä herää, hengitys katkeilee.");
    emergency["need_codes"] = json!([]);
    emergency["client"]["age"] = json!(80);
    let r =
        send(&app, TestRequest::post().uri("/v1/referrals").insert_header(bearer(&staff)).set_json(&emergency)).await;
    r.problem(409);
    // A status change by the owning team.
    let r = send(
        &app,
        TestRequest::post()
            .uri(&format!("/v1/referrals/{id}/status"))
            .insert_header(bearer(&team_token("therapist", &[SJK_MTP])))
            .insert_header(("If-Match", "\"1\""))
            .set_json(json!({"status": "accepted"})),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    // A path holding an identity code is counted by its route pattern.
    let r = send(&app, TestRequest::get().uri(&format!("/v1/referrals/{HETU}")).insert_header(bearer(&staff))).await;
    assert!(r.status.is_client_error(), "{}", r.text);

    let after = scrape(&app).await;
    let moved = |name: &str, labels: &[(&str, &str)]| sample(&after, name, labels) - sample(&before, name, labels);
    let navigations = [("emergency", "none"), ("screen", screen), ("understood", understood.as_str())];
    assert!(moved("luotsi_navigations_total", &navigations) >= 1.0, "{after}");
    let navigation_requests = [("route", "/v1/navigation"), ("method", "POST"), ("status", "200")];
    assert!(moved("luotsi_http_requests_total", &navigation_requests) >= 1.0, "{after}");
    let latency = [("route", "/v1/navigation"), ("method", "POST"), ("le", "+Inf")];
    assert!(moved("luotsi_http_request_duration_seconds_bucket", &latency) >= 1.0, "{after}");
    assert!(moved("luotsi_referrals_total", &[("outcome", "created")]) >= 1.0, "{after}");
    assert!(moved("luotsi_referrals_total", &[("outcome", "replayed")]) >= 1.0, "{after}");
    assert!(moved("luotsi_referrals_refused_total", &[("reason", "emergency")]) >= 1.0, "{after}");
    let accepted = [("from", "requested"), ("to", "accepted")];
    assert!(moved("luotsi_referral_status_changes_total", &accepted) >= 1.0, "{after}");
    assert!(sample(&after, "luotsi_http_requests_total", &[("route", "/v1/referrals/{id}")]) >= 1.0, "{after}");
    // Values other tests of this process also set: present, with the labels they should have.
    for series in [
        "luotsi_referrals_open{team=\"sjk-mtp\"}",
        "luotsi_referrals_overdue{team=\"sjk-mtp\"}",
        "luotsi_db_pool_connections{state=\"in_use\"}",
        "luotsi_db_pool_connections{state=\"idle\"}",
        "luotsi_db_pool_max_connections",
        "luotsi_db_pool_wait_seconds_bucket",
        "luotsi_catalogue_version",
        "luotsi_catalogue_rebuilds_total",
        "# HELP luotsi_navigations_total",
    ] {
        assert!(after.contains(series), "{series} is missing:\n{after}");
    }
    // No description, identity code or raw path.
    for secret in ["Mieliala", "matalalla", "tajuton", "Henkilötunnus", HETU, "131052", &id] {
        assert!(!after.contains(secret), "{secret:?} appears in the metrics");
    }

    // The gauges' source, on this database alone: one open referral, not overdue until its due
    // time has passed.
    let now = luotsi::store::catalogue::now();
    let counts = |state: &luotsi::AppState| {
        let mut conn = state.pool.get().unwrap();
        luotsi::store::referrals::open_by_team(&mut conn, now).unwrap()
    };
    assert_eq!(counts(&state).get(SJK_MTP), Some(&OpenCount { open: 1, overdue: 0 }));
    state.pool.get().unwrap().batch_execute("UPDATE referrals SET due_at = '2020-01-01 00:00:00'").unwrap();
    assert_eq!(counts(&state).get(SJK_MTP), Some(&OpenCount { open: 1, overdue: 1 }));
}
db_test!(series_move_and_hold_no_personal_data_, series_move_and_hold_no_personal_data);

async fn a_port_of_their_own(db: TestDb) {
    let state = state_with(&db, false, |s| s.metrics_bind = Some("127.0.0.1:9090".into()));
    let app = test::init_service(luotsi::build_app(state.clone())).await;
    let r = send(&app, TestRequest::get().uri("/metrics")).await;
    assert!(r.problem(404)["detail"].as_str().unwrap().contains("LUOTSI_METRICS_BIND"), "{}", r.text);

    let metrics = test::init_service(luotsi::http::metrics::metrics_app(state)).await;
    assert!(scrape(&metrics).await.contains("luotsi_catalogue_version"));
    send(&metrics, TestRequest::get().uri("/v1/teams")).await.problem(404);
    send(&metrics, TestRequest::post().uri("/metrics")).await.problem(404);
}
db_test!(a_port_of_their_own_, a_port_of_their_own);
