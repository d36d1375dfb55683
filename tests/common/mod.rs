//! Test support: a fresh database per test on SQLite (a temp file) and on PostgreSQL (a database
//! of its own, dropped after), the real App, tokens, and request helpers.
//!
//! PostgreSQL tests run when `TEST_DATABASE_URL` is set (e.g. postgres://postgres@127.0.0.1:5432/test);
//! when `CI` is set and it is missing, they fail rather than skip.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::HeaderMap;
use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use luotsi::auth::{Role, Verifier};
use luotsi::config::{DatabaseUrl, Settings};
use luotsi::AppState;
use serde_json::Value;

pub mod fhir;
pub mod logs;
pub mod needs;

pub const SECRET: &str = "test-secret-0123456789abcdef0123456789";
pub const ISSUER: &str = "luotsi-test";
pub const AUDIENCE: &str = "luotsi";

pub struct TestDb {
    pub url: DatabaseUrl,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("luotsi-test.db");
        Self { url: DatabaseUrl::Sqlite(path.display().to_string()), _dir: Some(dir), pg: None }
    }

    /// A new, empty PostgreSQL database; `None` (with a note) when PostgreSQL is not configured
    /// outside CI.
    pub fn postgres() -> Option<Self> {
        let admin = match std::env::var("TEST_DATABASE_URL") {
            Ok(url) if !url.is_empty() => url,
            _ => {
                if std::env::var_os("CI").is_some() {
                    panic!("CI is set but TEST_DATABASE_URL is not: the PostgreSQL tests must run in CI");
                }
                eprintln!("NOTE: TEST_DATABASE_URL is not set; this PostgreSQL test did not run");
                return None;
            }
        };
        let name = format!("luotsi_test_{}", uuid::Uuid::new_v4().simple());
        let mut conn = PgConnection::establish(&admin).unwrap_or_else(|e| panic!("TEST_DATABASE_URL: {e}"));
        conn.batch_execute(&format!("CREATE DATABASE {name}")).expect("create test database");
        let url = with_database(&admin, &name);
        Some(Self { url: DatabaseUrl::Postgres(url), _dir: None, pg: Some((admin, name)) })
    }

    pub fn backend(&self) -> &'static str {
        self.url.backend()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.pg {
            if let Ok(mut conn) = PgConnection::establish(admin) {
                let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// The URL with its database name replaced.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let path_start = base[scheme_end..].find('/').map(|i| i + scheme_end);
    let mut out = match path_start {
        Some(i) => format!("{}/{name}", &base[..i]),
        None => format!("{base}/{name}"),
    };
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

pub fn settings(db: &TestDb) -> Settings {
    let mut s = Settings::for_database(db.url.clone());
    s.jwt.hs256_secret = Some(SECRET.into());
    s.jwt.issuer = Some(ISSUER.into());
    s.jwt.audience = Some(AUDIENCE.into());
    s.pool_size = 8;
    s
}

/// A state on a migrated database; with the demo region when `demo`.
pub fn state_with(db: &TestDb, demo: bool, tweak: impl FnOnce(&mut Settings)) -> AppState {
    let mut s = settings(db);
    s.demo_catalogue = demo;
    tweak(&mut s);
    luotsi::cli::prepare(s).unwrap_or_else(|e| panic!("preparing the test service failed: {e}"))
}

pub fn state(db: &TestDb, demo: bool) -> AppState {
    state_with(db, demo, |_| {})
}

pub fn verifier() -> Verifier {
    Verifier::hs256(SECRET.as_bytes().to_vec(), ISSUER.into(), AUDIENCE.into(), false)
}

pub fn token(roles: &[Role]) -> String {
    verifier().mint("tester", roles, &[], 600).expect("mint")
}

pub fn team_token(subject: &str, teams: &[&str]) -> String {
    let teams: Vec<String> = teams.iter().map(|t| t.to_string()).collect();
    verifier().mint(subject, &[Role::TeamMember], &teams, 600).expect("mint")
}

pub fn bearer(token: &str) -> (&'static str, String) {
    ("Authorization", format!("Bearer {token}"))
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts a refusal with the status: problem+json, or under /fhir an OperationOutcome.
    pub fn refused(&self, status: u16) {
        if self.body["resourceType"] == "OperationOutcome" {
            assert_eq!(self.status.as_u16(), status, "body: {}", self.text);
            assert_eq!(self.header("content-type"), Some("application/fhir+json"), "body: {}", self.text);
            assert!(self.body["issue"][0]["details"]["text"].is_string(), "{}", self.text);
        } else {
            self.problem(status);
        }
    }

    /// Asserts a problem+json answer with the status and returns it.
    pub fn problem(&self, status: u16) -> &Value {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.text);
        assert_eq!(self.header("content-type"), Some("application/problem+json"), "body: {}", self.text);
        assert_eq!(self.body["status"], status);
        assert!(self.body["title"].is_string() && self.body["detail"].is_string(), "{}", self.text);
        &self.body
    }
}

/// An App as `actix_web::test::init_service` gives it, for helpers that send it requests.
pub trait TestApp<B>: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error> {}

impl<S, B> TestApp<B> for S where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>
{
}

pub async fn send<S, B>(app: &S, req: TestRequest) -> Resp
where
    S: TestApp<B>,
    B: MessageBody,
{
    let res = actix_web::test::call_service(app, req.to_request()).await;
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = actix_web::test::read_body(res).await;
    let text = String::from_utf8_lossy(&bytes).to_string();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Resp { status, headers, body, text }
}

/// Runs a test body on SQLite and on PostgreSQL: `db_test!(name, body_fn)` where
/// `async fn body_fn(db: TestDb)`.
#[macro_export]
macro_rules! db_test {
    ($name:ident, $body:ident) => {
        mod $name {
            #[actix_web::test]
            async fn sqlite() {
                super::$body(super::common::TestDb::sqlite()).await
            }

            #[actix_web::test]
            async fn postgres() {
                if let Some(db) = super::common::TestDb::postgres() {
                    super::$body(db).await
                }
            }
        }
    };
}
