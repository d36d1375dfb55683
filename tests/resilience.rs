//! The real binary under faults: the database going away and coming back, SIGKILL in the middle
//! of a stream of referrals, SIGTERM with a request in flight, and what the log holds after a
//! whole referral life cycle (never the identity code or the description).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use luotsi::auth::Role;
use serde_json::{json, Value};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A minimal HTTP/1.1 client (one request per connection), so the tests need no HTTP crate.
fn http(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> std::io::Result<(u16, Value, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\n{auth}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut raw = String::new();
    stream.read_to_string(&mut raw)?;
    let status = raw.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let (head, rest) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let text =
        if head.to_ascii_lowercase().contains("transfer-encoding: chunked") { dechunk(rest) } else { rest.to_owned() };
    Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null), text))
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

struct Service {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Service {
    fn start(database_url: &str, port: u16, extra: &[(&str, &str)]) -> Service {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_luotsi"));
        cmd.arg("serve")
            .env("DATABASE_URL", database_url)
            .env("LUOTSI_BIND", format!("127.0.0.1:{port}"))
            .env("LUOTSI_JWT_HS256_SECRET", SECRET)
            .env("LUOTSI_JWT_ISSUER", ISSUER)
            .env("LUOTSI_JWT_AUDIENCE", AUDIENCE)
            .env("LUOTSI_RATE_LIMIT_PER_MINUTE", "0")
            .env("RUST_LOG", "debug")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        for pipe in [
            child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>),
            child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let log = log.clone();
            std::thread::spawn(move || {
                let mut pipe = pipe;
                let mut buf = [0u8; 4096];
                while let Ok(n) = pipe.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    log.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            });
        }
        let service = Service { child, port, log };
        service.wait_ready();
        service
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok((200, _, _)) = http(self.port, "GET", "/health/live", None, None) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the service did not start: {}", self.log.lock().unwrap());
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Whether `needle` appears in the log within 5 s: the service writes a line before it
    /// answers, but the threads that read its output may not have read it yet.
    fn logs_soon(&self, needle: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if self.log().contains(needle) {
                return true;
            }
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn referral(n: usize) -> Value {
    json!({
        "description": format!("Selkä on ollut kipeä viikkoja, asiakas {n}."),
        "client": {"age": 40 + (n % 40), "municipality": "743", "language": "fi"},
        "need_codes": ["health.musculoskeletal"],
        "patient_ref": format!("crash-{n}"),
        "channel": "integration",
        "consent": true
    })
}

/// Creates referrals from four threads until told to stop; returns the ids acknowledged with 201.
fn create_until(port: u16, stop: Arc<AtomicBool>) -> Vec<std::thread::JoinHandle<Vec<String>>> {
    (0..4)
        .map(|t| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let staff = token(&[Role::Integration]);
                let mut acknowledged = Vec::new();
                let mut n = t * 1_000_000;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    if let Ok((201, body, _)) = http(port, "POST", "/v1/referrals", Some(&staff), Some(&referral(n))) {
                        acknowledged.push(body["id"].as_str().unwrap().to_owned());
                    }
                }
                acknowledged
            })
        })
        .collect()
}

fn crash_safety(url: &str) {
    let port = free_port();
    let first = Service::start(url, port, &[]);
    let stop = Arc::new(AtomicBool::new(false));
    let writers = create_until(port, stop.clone());
    std::thread::sleep(Duration::from_millis(1500));
    // SIGKILL in the middle of the stream: no chance to flush or finish anything.
    let mut first = first;
    first.child.kill().unwrap();
    first.child.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    let acknowledged: Vec<String> = writers.into_iter().flat_map(|w| w.join().unwrap()).collect();
    assert!(acknowledged.len() >= 5, "too few referrals before the kill: {}", acknowledged.len());
    drop(first);

    let second = Service::start(url, port, &[]);
    let staff = token(&[Role::Integration]);
    for id in &acknowledged {
        let (status, body, text) =
            http(second.port, "GET", &format!("/v1/referrals/{id}"), Some(&staff), None).unwrap();
        assert_eq!(status, 200, "acknowledged referral {id} is missing after the crash: {text}");
        assert_eq!(body["events"].as_array().unwrap().len(), 1, "exactly one creation event");
    }
    // Exactly once each, and nothing half-written: every referral has its creation event.
    let (_, audit, _) =
        http(second.port, "GET", "/v1/audit?per_page=200", Some(&token(&[Role::Auditor])), None).unwrap();
    assert!(audit["total"].as_i64().unwrap() >= acknowledged.len() as i64);
    println!("{url}: {} referrals acknowledged before SIGKILL, all present after restart", acknowledged.len());
}

#[test]
fn sigkill_loses_no_acknowledged_referral_sqlite() {
    let db = TestDb::sqlite();
    let url = match &db.url {
        luotsi::config::DatabaseUrl::Sqlite(p) => format!("sqlite://{p}"),
        _ => unreachable!(),
    };
    crash_safety(&url);
    check_integrity(&db);
}

#[test]
fn sigkill_loses_no_acknowledged_referral_postgres() {
    let Some(db) = TestDb::postgres() else { return };
    let url = match &db.url {
        luotsi::config::DatabaseUrl::Postgres(u) => u.clone(),
        _ => unreachable!(),
    };
    crash_safety(&url);
    check_integrity(&db);
}

/// Every referral has exactly one creation event and its lead team row: no half-written creation.
fn check_integrity(db: &TestDb) {
    use diesel::prelude::*;
    use luotsi::store::schema::{referral_events, referral_teams, referrals};
    let mut conn = luotsi::store::ConnManager::connect(&db.url).unwrap();
    let total: i64 = referrals::table.count().get_result(&mut conn).unwrap();
    let created: i64 =
        referral_events::table.filter(referral_events::kind.eq("created")).count().get_result(&mut conn).unwrap();
    let leads: i64 =
        referral_teams::table.filter(referral_teams::role.eq("lead")).count().get_result(&mut conn).unwrap();
    assert_eq!(total, created);
    assert_eq!(total, leads);
}

/// A TCP proxy in front of PostgreSQL that can be cut and restored: to the service, the database
/// stops answering and comes back, exactly as when PostgreSQL is stopped and started.
struct Proxy {
    port: u16,
    up: Arc<AtomicBool>,
    connections: Arc<Mutex<Vec<TcpStream>>>,
}

impl Proxy {
    fn start(target: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let connections: Arc<Mutex<Vec<TcpStream>>> = Arc::new(Mutex::new(Vec::new()));
        let (u, c) = (up.clone(), connections.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if !u.load(Ordering::Relaxed) {
                    drop(client);
                    continue;
                }
                let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else { continue };
                c.lock().unwrap().extend([client.try_clone().unwrap(), server.try_clone().unwrap()]);
                for (mut from, mut to) in [(client.try_clone().unwrap(), server.try_clone().unwrap()), (server, client)]
                {
                    std::thread::spawn(move || {
                        let _ = std::io::copy(&mut from, &mut to);
                        let _ = to.shutdown(std::net::Shutdown::Both);
                    });
                }
            }
        });
        Proxy { port, up, connections }
    }

    fn cut(&self) {
        self.up.store(false, Ordering::Relaxed);
        for c in self.connections.lock().unwrap().drain(..) {
            let _ = c.shutdown(std::net::Shutdown::Both);
        }
    }

    fn restore(&self) {
        self.up.store(true, Ordering::Relaxed);
    }
}

#[test]
fn postgres_outage_navigation_keeps_answering_writes_get_503_and_all_recovers() {
    let Some(db) = TestDb::postgres() else { return };
    let luotsi::config::DatabaseUrl::Postgres(url) = &db.url else { unreachable!() };
    let pg_port: u16 =
        url.split(':').nth(2).and_then(|s| s.split('/').next()).and_then(|p| p.parse().ok()).unwrap_or(5432);
    let proxy = Proxy::start(pg_port);
    let proxied = url.replacen(&format!(":{pg_port}/"), &format!(":{}/", proxy.port), 1);
    let port = free_port();
    let service = Service::start(&proxied, port, &[("LUOTSI_DEMO_CATALOGUE", "true")]);
    let staff = token(&[Role::CallCentre]);
    let nav = json!({"description": "selkä kipeä", "client": {"age": 50, "municipality": "743", "language": "fi"}, "need_codes": ["health.musculoskeletal"]});
    assert_eq!(http(port, "POST", "/v1/referrals", Some(&staff), Some(&referral(1))).unwrap().0, 201);

    proxy.cut();
    // Navigation answers from the catalogue snapshot.
    let (status, body, _) = http(port, "POST", "/v1/navigation", Some(&staff), Some(&nav)).unwrap();
    assert_eq!(status, 200);
    assert!(!body["services"].as_array().unwrap().is_empty());
    // Readiness says the truth; writes get 503 problem+json with Retry-After.
    let (status, body, _) = http(port, "GET", "/health/ready", None, None).unwrap();
    assert_eq!(status, 503, "{body}");
    let (status, body, text) = http(port, "POST", "/v1/referrals", Some(&staff), Some(&referral(2))).unwrap();
    assert_eq!(status, 503, "{text}");
    assert_eq!(body["status"], 503);
    assert!(service.logs_soon("database unavailable"), "the outage is in the log: {}", service.log());

    proxy.restore();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if http(port, "GET", "/health/ready", None, None).unwrap().0 == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "readiness did not recover");
        std::thread::sleep(Duration::from_millis(200));
    }
    let (status, _, text) = http(port, "POST", "/v1/referrals", Some(&staff), Some(&referral(3))).unwrap();
    assert_eq!(status, 201, "writes recover by themselves: {text}");
    // The failed write left nothing behind.
    let (_, found, _) = http(port, "GET", "/v1/referrals?client=crash-2", Some(&staff), None).unwrap();
    assert_eq!(found["total"], 0);
}

#[test]
fn sigterm_lets_the_request_in_flight_finish() {
    let db = TestDb::sqlite();
    let luotsi::config::DatabaseUrl::Sqlite(path) = &db.url else { unreachable!() };
    let port = free_port();
    let mut service = Service::start(&format!("sqlite://{path}"), port, &[("LUOTSI_SHUTDOWN_TIMEOUT_SECS", "10")]);
    // Start a request and send half of its body.
    let body = referral(7).to_string();
    let staff = token(&[Role::CallCentre]);
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        stream,
        "POST /v1/referrals HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nAuthorization: Bearer {staff}\r\nContent-Length: {}\r\n\r\n{}",
        body.len(),
        &body[..body.len() / 2]
    )
    .unwrap();
    stream.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    // SIGTERM, then finish the request: it is answered, and only then does the process exit.
    let pid = service.child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    std::thread::sleep(Duration::from_millis(500));
    assert!(service.child.try_wait().unwrap().is_none(), "the process waits for the request in flight");
    stream.write_all(&body.as_bytes()[body.len() / 2..]).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    let deadline = Instant::now() + Duration::from_secs(15);
    while service.child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "the process did not exit after SIGTERM");
        std::thread::sleep(Duration::from_millis(100));
    }
    // New connections are refused once it has stopped.
    assert!(http(port, "GET", "/health/live", None, None).is_err());
}

#[test]
fn the_log_of_a_whole_life_cycle_holds_no_personal_data() {
    let log = whole_life_cycle_log("text");
    assert!(log.lines().any(|l| l.starts_with('[') && l.contains(" INFO  luotsi::access] ")), "{log}");
}

/// `LUOTSI_LOG_FORMAT=json`: every log line is one JSON object with its time, level, target and
/// message, an access line carries the id of its request, and the same rule holds: no personal data.
#[test]
fn json_logs_are_one_object_a_line_with_the_request_id() {
    let log = whole_life_cycle_log("json");
    let mut access = 0;
    for line in log.lines().filter(|l| l.starts_with('{')) {
        let record: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        for field in ["time", "level", "target", "message"] {
            assert!(record[field].is_string(), "{field} in {line}");
        }
        if record["target"] == "luotsi::access" {
            access += 1;
            let id = record["request_id"].as_str().unwrap_or_else(|| panic!("no request id: {line}"));
            assert!(record["message"].as_str().unwrap().starts_with(&format!("{id} ")), "{line}");
        }
    }
    assert!(access >= 8, "{access} access lines: {log}");
    assert!(!log.lines().any(|l| l.starts_with("[20")), "a text line among the JSON ones: {log}");
}

/// The log of the real binary through a referral's whole life, in the given format, checked for
/// personal data.
fn whole_life_cycle_log(format: &str) -> String {
    let db = TestDb::sqlite();
    let luotsi::config::DatabaseUrl::Sqlite(path) = &db.url else { unreachable!() };
    let port = free_port();
    let service = Service::start(&format!("sqlite://{path}"), port, &[("LUOTSI_LOG_FORMAT", format)]);
    let hetu = "131052-308T";
    let description = "Salainen kuvaus: äiti unohtelee ja eksyy Kuusikkotien kaupassa";
    let staff = token(&[Role::CallCentre]);
    let body = json!({"description": description, "client": {"age": 82, "municipality": "743", "language": "fi"},
        "need_codes": ["health.memory"], "hetu": hetu, "channel": "phone", "consent": true});
    let (status, created, text) = http(port, "POST", "/v1/referrals", Some(&staff), Some(&body)).unwrap();
    assert_eq!(status, 201, "{text}");
    let id = created["id"].as_str().unwrap();
    let lead = created["lead_team_id"].as_str().unwrap();
    let member = team_token("worker", &[lead]);
    http(port, "GET", &format!("/v1/referrals/{id}"), Some(&staff), None).unwrap();
    http(port, "GET", &format!("/v1/referrals?client={hetu}"), Some(&staff), None).unwrap();
    http(port, "GET", &format!("/v1/teams/{lead}/referrals"), Some(&member), None).unwrap();
    for (v, s) in [(1, "accepted"), (2, "in_progress"), (3, "completed")] {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let b = json!({"status": s}).to_string();
        write!(stream, "POST /v1/referrals/{id}/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nIf-Match: \"{v}\"\r\nAuthorization: Bearer {member}\r\nContent-Length: {}\r\n\r\n{b}", b.len()).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }
    // Errors too: a bad identity code and a malformed body.
    let mut bad = body.clone();
    bad["hetu"] = json!("131052-308U");
    http(port, "POST", "/v1/referrals", Some(&staff), Some(&bad)).unwrap();
    http(
        port,
        "POST",
        "/v1/navigation",
        Some(&staff),
        Some(&json!({"description": description, "client": {"age": "x"}})),
    )
    .unwrap();
    // The whole life cycle is in the captured log once the last request's line is.
    assert!(service.logs_soon("POST /v1/navigation"), "the last request was logged: {}", service.log());
    let log = service.log();
    assert!(log.contains(&format!("/v1/referrals/{id}")), "the log was captured: {log}");
    for secret in [hetu, "131052", "Salainen", "Kuusikkotien", "unohtelee"] {
        assert!(!log.contains(secret), "{secret:?} appears in the log");
    }
    log
}

/// The pool hands out a connection that has just worked without a `SELECT 1`, and checks every
/// other one: after failed work, or once `PROVEN_FOR` has passed. A connection killed by the
/// server shows which happened: the check fails on it, the bypass does not look.
#[test]
fn the_pool_checks_a_connection_after_a_failure_or_a_pause() {
    use diesel::r2d2::ManageConnection;
    use diesel::RunQueryDsl;
    use luotsi::store::{ConnManager, Pooled};

    #[derive(diesel::QueryableByName)]
    struct Pid {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        pid: i32,
    }
    let Some(db) = TestDb::postgres() else { return };
    let manager = ConnManager::new(db.url.clone());
    let mut admin = ConnManager::connect(&db.url).unwrap();
    let kill = |conn: &mut Pooled, admin: &mut luotsi::store::DbConn| {
        let Pid { pid } = diesel::sql_query("SELECT pg_backend_pid() AS pid").get_result(&mut **conn).unwrap();
        diesel::sql_query(format!("SELECT pg_terminate_backend({pid})")).execute(admin).unwrap();
    };

    let mut conn = manager.connect().unwrap();
    kill(&mut conn, &mut admin);
    assert!(manager.is_valid(&mut conn).is_ok(), "a connection that has just worked is not checked");
    conn.worked(false);
    assert!(manager.is_valid(&mut conn).is_err(), "after a failure the check runs and finds the dead connection");

    let mut conn = manager.connect().unwrap();
    conn.worked(true);
    kill(&mut conn, &mut admin);
    std::thread::sleep(luotsi::store::PROVEN_FOR + Duration::from_millis(50));
    assert!(manager.is_valid(&mut conn).is_err(), "after a pause the check runs again");

    let mut conn = manager.connect().unwrap();
    std::thread::sleep(luotsi::store::PROVEN_FOR + Duration::from_millis(50));
    assert!(manager.is_valid(&mut conn).is_ok(), "a live connection passes the check");
}
