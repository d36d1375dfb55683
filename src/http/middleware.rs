//! Middleware: request ids, client addresses, security headers, rate limits and problem+json
//! for the errors actix and its libraries answer themselves.

use std::collections::hash_map::RandomState;
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, Hash};
use std::net::{IpAddr, SocketAddr};

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::{DefaultHeaders, Next};
use actix_web::HttpMessage;

use crate::config::IpRange;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The request id of a request, for logs and problem reports.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// Takes the caller's `X-Request-Id` when it is in a safe shape ([`acceptable_request_id`]), or
/// makes one; echoes it back. The id is logged and stored in the audit log.
pub async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| acceptable_request_id(v))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    // The id is the request's for every log line written while it is handled (JSON logs).
    let mut res = CURRENT_REQUEST.scope(id.clone(), next.call(req)).await?;
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    Ok(res)
}

/// Counts every request and its latency by the route pattern that matched (never the path as
/// sent: it may hold an id or an identity code), the method and the status. Outermost, so rate
/// limits, timeouts and refused headers count too.
pub async fn measure(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = std::time::Instant::now();
    let method = req.method().clone();
    let result = next.call(req).await;
    let (route, status) = match &result {
        Ok(res) => (res.request().match_pattern(), res.status()),
        Err(e) => (None, e.as_response_error().status_code()),
    };
    crate::metrics::http_request(route, &method, status, started.elapsed());
    result
}

/// A request id a client may choose: a UUID, or 8-64 characters of `A-Z a-z 0-9 _ -` with no run
/// of six digits. Neither may hold anything shaped like a personal identity code, so a careless
/// client cannot put one in the logs and the audit log through this header.
pub fn acceptable_request_id(id: &str) -> bool {
    if hetu_shaped(id) {
        return false;
    }
    if id.len() == 36 && uuid::Uuid::try_parse(id).is_ok() {
        return true;
    }
    let mut digits = 0;
    (8..=64).contains(&id.len())
        && id.bytes().all(|b| {
            digits = if b.is_ascii_digit() { digits + 1 } else { 0 };
            digits < 6 && (b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// Whether `text` holds something shaped like a personal identity code (see
/// [`crate::domain::hetu`]): a plausible date `DDMMYY`, an optional century sign (any case), three
/// digits and a check character. Broader than a valid code on purpose: a mistyped code is
/// personal data too.
pub fn hetu_shaped(text: &str) -> bool {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let num = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
    (0..b.len()).any(|i| {
        if !(0..6).all(|k| digit(i + k)) || !(1..=31).contains(&num(i)) || !(1..=12).contains(&num(i + 2)) {
            return false;
        }
        let signed = b.get(i + 6).is_some_and(|c| b"+-ABCDEFYXWVU".contains(&c.to_ascii_uppercase()));
        let rest = if signed { i + 7 } else { i + 6 };
        (0..3).all(|k| digit(rest + k)) && b.get(rest + 3).is_some_and(u8::is_ascii_alphanumeric)
    })
}

tokio::task_local! {
    /// The id of the request being handled on this task, for the JSON log lines.
    static CURRENT_REQUEST: String;
}

/// The id of the request whose handling writes a log line now, if any.
pub fn current_request_id() -> Option<String> {
    CURRENT_REQUEST.try_with(String::clone).ok()
}

/// The access log's target (`RUST_LOG=luotsi::access=info` keeps it alone).
pub const ACCESS_LOG: &str = "luotsi::access";

/// The access log, one line a request when its level is on: the request id, the client address
/// (as the rate limit sees it, never a forwarding header as sent), the method, the path with
/// identity-code-shaped segments and feedback tokens masked, never the query string (queries may
/// hold a client identifier), status, body size when known and the time to the response's head.
pub async fn access_log(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if !log::log_enabled!(target: ACCESS_LOG, log::Level::Info) {
        return next.call(req).await;
    }
    let started = std::time::Instant::now();
    let client = request_client_address(&req).map_or_else(|| "-".to_owned(), |ip| ip.to_string());
    let method = req.method().clone();
    let path = loggable_path(req.path()).into_owned();
    let id = req.extensions().get::<RequestId>().map_or_else(|| "-".to_owned(), |r| r.0.clone());
    let result = next.call(req).await;
    // An error that no inner layer turned into a response is logged with the status it will get.
    let (status, size) = match &result {
        Ok(res) => match res.response().body().size() {
            actix_web::body::BodySize::Sized(n) => (res.status(), n.to_string()),
            _ => (res.status(), "-".to_owned()),
        },
        Err(e) => (e.as_response_error().status_code(), "-".to_owned()),
    };
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    log::info!(target: ACCESS_LOG, "{id} {client} \"{method} {path}\" {} {size} {ms:.3}ms", status.as_u16());
    result
}

/// The path for the access log: every segment that looks like a personal identity code (also
/// percent-encoded) is written as `{hetu}`, and the segment after `feedback` (the token of a
/// feedback link, which answers for the client) as `{token}`, except the page's stylesheet.
pub fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    let hetu = |segment: &str| hetu_shaped(segment) || segment.contains('%') && hetu_shaped(&percent_decoded(segment));
    let feedback = |segment: &str| {
        segment.eq_ignore_ascii_case("feedback")
            || segment.contains('%') && percent_decoded(segment).eq_ignore_ascii_case("feedback")
    };
    let mut after_feedback = false;
    let mut changed = false;
    let segments: Vec<&str> = path
        .split('/')
        .map(|s| {
            let token = std::mem::replace(&mut after_feedback, feedback(s))
                && !s.is_empty()
                && s != super::feedback::STYLESHEET;
            let masked = if token {
                "{token}"
            } else if hetu(s) {
                "{hetu}"
            } else {
                return s;
            };
            changed = true;
            masked
        })
        .collect();
    if changed {
        std::borrow::Cow::Owned(segments.join("/"))
    } else {
        std::borrow::Cow::Borrowed(path)
    }
}

fn percent_decoded(segment: &str) -> String {
    String::from_utf8_lossy(&super::input::percent_decode_bytes(segment)).into_owned()
}

/// The client's address, as something the client cannot choose. The TCP peer, unless the peer is
/// a trusted proxy (`LUOTSI_TRUSTED_PROXIES`): then the right-most address in `X-Forwarded-For`
/// or `Forwarded` that is not a trusted proxy, the one the outermost proxy saw. A malformed list,
/// a list of trusted proxies only, or two headers that disagree (one of them came from the
/// client, not the proxy) give the peer.
pub fn client_address(headers: &HeaderMap, peer: Option<SocketAddr>, trusted: &[IpRange]) -> Option<IpAddr> {
    let peer = canonical(peer?.ip());
    if !trusted.iter().any(|range| range.contains(peer)) {
        return Some(peer);
    }
    let forwarded_for = forwarded_client(headers, &header::X_FORWARDED_FOR, trusted, parse_host);
    let forwarded = forwarded_client(headers, &header::FORWARDED, trusted, |element| {
        let value = element.split(';').find_map(|pair| {
            let (name, value) = pair.split_once('=')?;
            name.trim().eq_ignore_ascii_case("for").then_some(value.trim())
        })?;
        parse_host(value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value))
    });
    match (forwarded_for, forwarded) {
        (Some(Some(a)), None) | (None, Some(Some(a))) => Some(a),
        (Some(Some(a)), Some(Some(b))) if a == b => Some(a),
        _ => Some(peer),
    }
}

/// Hops a forwarding header may list before it is taken as malformed.
const MAX_HOPS: usize = 32;

/// `None` when the header is absent; `Some(None)` when it is malformed or lists only trusted
/// proxies; else the right-most untrusted address.
fn forwarded_client(
    headers: &HeaderMap,
    name: &HeaderName,
    trusted: &[IpRange],
    parse: impl Fn(&str) -> Option<IpAddr>,
) -> Option<Option<IpAddr>> {
    let values: Vec<&HeaderValue> = headers.get_all(name).collect();
    if values.is_empty() {
        return None;
    }
    let mut hops = 0;
    for value in values.iter().rev() {
        let Ok(text) = value.to_str() else { return Some(None) };
        for element in text.rsplit(',') {
            hops += 1;
            let Some(ip) = parse(element.trim()).map(canonical) else { return Some(None) };
            if hops > MAX_HOPS {
                return Some(None);
            }
            if !trusted.iter().any(|range| range.contains(ip)) {
                return Some(Some(ip));
            }
        }
    }
    Some(None)
}

/// `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1` or `[2001:db8::1]:4711`.
fn parse_host(text: &str) -> Option<IpAddr> {
    if text.len() > 64 {
        return None;
    }
    text.parse::<IpAddr>()
        .ok()
        .or_else(|| text.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| text.strip_prefix('[')?.strip_suffix(']')?.parse().ok())
}

/// An IPv4 address written as IPv6 (`::ffff:192.0.2.1`) is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The client address of a request, from the settings in its app data (the peer without them).
pub fn request_client_address(req: &ServiceRequest) -> Option<IpAddr> {
    let trusted = req
        .app_data::<actix_web::web::Data<super::state::AppState>>()
        .map(|s| s.settings.trusted_proxies.as_slice())
        .unwrap_or_default();
    client_address(req.headers(), req.peer_addr(), trusted)
}

/// Headers on every response. The content security policy allows Swagger UI's own scripts and
/// styles and nothing from elsewhere.
pub fn security_headers(hsts: bool) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("Cache-Control", "no-store"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add(("Cross-Origin-Resource-Policy", "same-origin"))
        .add(("Permissions-Policy", "camera=(), microphone=(), geolocation=()"))
        .add((
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; \
             frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ));
    // Only when clients come over https (`LUOTSI_PUBLIC_URL`): on plain http it would be ignored
    // or, behind a TLS-terminating proxy without it, pin a host to https that does not serve it.
    if hsts {
        headers.add(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
    } else {
        headers
    }
}

/// Requests a minute per key in fixed one-minute windows. Per replica: with several replicas the
/// effective limit is the sum, which is fine for a limit that protects each process.
///
/// The tables hold small fixed-size keys (a keyed hash of the token subject; the client address,
/// an IPv6 client by its /64 as one host gets a whole /64), only for the current minute (an older
/// window is dropped whole when a new one starts), and at most [`MAX_KEYS`] each: when one is full
/// the oldest key of the minute goes, passing over a few that are at their limit so a flood of new
/// keys does not free them.
pub struct RateLimiter {
    per_subject: u32,
    per_address: u32,
    hasher: RandomState,
    tables: std::sync::Mutex<Tables>,
}

/// Keys each table holds at most. With the map's spare buckets (it doubles once under churn, to
/// 131,072) and the order queue, both tables full take about 6.5 MB.
pub const MAX_KEYS: usize = 50_000;
/// Keys at their limit passed over when the oldest key is evicted.
const KEEP_LIMITED: usize = 8;

#[derive(Default)]
struct Tables {
    minute: u64,
    subjects: Counts<u64>,
    addresses: Counts<IpAddr>,
}

/// Requests per key in the current minute, and the keys in the order they came.
struct Counts<K> {
    counts: HashMap<K, u32>,
    order: VecDeque<K>,
}

impl<K> Default for Counts<K> {
    fn default() -> Self {
        Self { counts: HashMap::new(), order: VecDeque::new() }
    }
}

impl<K: Hash + Eq + Copy> Counts<K> {
    fn at_limit(&self, key: &K, limit: u32) -> bool {
        self.counts.get(key).is_some_and(|n| *n >= limit)
    }

    fn add(&mut self, key: K, limit: u32) {
        if let Some(n) = self.counts.get_mut(&key) {
            *n = n.saturating_add(1);
            return;
        }
        if self.counts.len() >= MAX_KEYS {
            self.evict_oldest(limit);
        }
        self.counts.insert(key, 1);
        self.order.push_back(key);
    }

    fn evict_oldest(&mut self, limit: u32) {
        for _ in 0..KEEP_LIMITED {
            let Some(oldest) = self.order.pop_front() else { return };
            if self.at_limit(&oldest, limit) {
                self.order.push_back(oldest);
            } else {
                self.counts.remove(&oldest);
                return;
            }
        }
        if let Some(oldest) = self.order.pop_front() {
            self.counts.remove(&oldest);
        }
    }

    fn clear(&mut self) {
        self.counts.clear();
        self.order.clear();
    }

    /// Bytes the table holds: its buckets (a control byte each) and the order queue.
    fn approx_bytes(&self) -> usize {
        self.counts.capacity() * (std::mem::size_of::<(K, u32)>() + 1)
            + self.order.capacity() * std::mem::size_of::<K>()
    }
}

impl RateLimiter {
    /// `per_minute` per token subject, five times that per client address; 0 turns it off.
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_subject: per_minute,
            per_address: per_minute.saturating_mul(5),
            hasher: RandomState::new(),
            tables: std::sync::Mutex::new(Tables::default()),
        }
    }

    /// Whether requests are limited at all.
    pub fn enabled(&self) -> bool {
        self.per_subject != 0
    }

    /// Counts a request; `Err(seconds)` to wait when a limit is reached.
    pub fn check(&self, subject: Option<&str>, address: Option<IpAddr>, now_secs: u64) -> Result<(), u64> {
        if !self.enabled() {
            return Ok(());
        }
        let minute = now_secs / 60;
        let retry = 60 - now_secs % 60;
        let subject = subject.map(|s| self.hasher.hash_one(s));
        let address = address.map(address_key);
        let mut tables = self.tables.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // A clock read before another thread's may arrive after it: it counts in the newer minute.
        if minute > tables.minute {
            tables.minute = minute;
            tables.subjects.clear();
            tables.addresses.clear();
        }
        if subject.is_some_and(|k| tables.subjects.at_limit(&k, self.per_subject))
            || address.is_some_and(|k| tables.addresses.at_limit(&k, self.per_address))
        {
            return Err(retry);
        }
        if let Some(k) = subject {
            tables.subjects.add(k, self.per_subject);
        }
        if let Some(k) = address {
            tables.addresses.add(k, self.per_address);
        }
        Ok(())
    }

    /// Keys held and about how many bytes they take (both tables).
    pub fn table_size(&self) -> (usize, usize) {
        let tables = self.tables.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        (
            tables.subjects.counts.len() + tables.addresses.counts.len(),
            tables.subjects.approx_bytes() + tables.addresses.approx_bytes(),
        )
    }
}

/// An IPv4 address as it is; an IPv6 address by its /64.
fn address_key(ip: IpAddr) -> IpAddr {
    match canonical(ip) {
        IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & (u128::MAX << 64)).into()),
        v4 => v4,
    }
}

/// 429 problem+json with Retry-After when a token subject or a client address sends too much.
/// Health probes are never limited.
pub async fn rate_limit(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::EitherBody<impl MessageBody>>, actix_web::Error> {
    use actix_web::ResponseError;
    let path = req.path();
    if !path.starts_with("/health/") {
        let state = req.app_data::<actix_web::web::Data<super::state::AppState>>().filter(|s| s.rate_limiter.enabled());
        if let Some(state) = state {
            let subject = super::extract::bearer_token(req.headers())
                .ok()
                .and_then(|token| state.verifier.verify(token).ok())
                .map(|p| p.subject);
            let address = request_client_address(&req);
            let now =
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
            if let Err(retry_after_secs) = state.rate_limiter.check(subject.as_deref(), address, now) {
                let response = super::errors::AppError::TooManyRequests { retry_after_secs }.error_response();
                return Ok(req.into_response(response).map_into_right_body());
            }
        }
    }
    next.call(req).await.map(|r| r.map_into_left_body())
}

/// Answers 503 (problem+json) when a request takes longer than `LUOTSI_REQUEST_TIMEOUT_SECS`.
pub async fn timeout(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let secs = req
        .app_data::<actix_web::web::Data<super::state::AppState>>()
        .map(|s| s.settings.request_timeout_secs)
        .unwrap_or(30);
    match actix_web::rt::time::timeout(std::time::Duration::from_secs(secs), next.call(req)).await {
        Ok(result) => result,
        Err(_) => Err(super::errors::AppError::Unavailable(format!("the request took longer than {secs} s")).into()),
    }
}

/// CORS for the configured origins only (the call-centre client app); none means same-origin.
pub fn cors(origins: &[String]) -> actix_cors::Cors {
    let mut cors = actix_cors::Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "DELETE"])
        .allowed_headers([
            actix_web::http::header::AUTHORIZATION,
            actix_web::http::header::CONTENT_TYPE,
            actix_web::http::header::IF_MATCH,
            actix_web::http::header::HeaderName::from_static("idempotency-key"),
            REQUEST_ID,
        ])
        .expose_headers([actix_web::http::header::ETAG, actix_web::http::header::LOCATION, REQUEST_ID])
        .max_age(600);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}

/// Largest value of one request header, and of all headers together, in bytes. actix's own
/// parser refuses only heads above 128 KiB (with an empty 431 this service cannot shape); below
/// that, these limits answer 431 problem+json. Tokens and ids are far smaller.
pub const MAX_HEADER_BYTES: usize = 8 * 1024;
pub const MAX_HEAD_BYTES: usize = 32 * 1024;

/// Marks a response as a page made for a person (the client's feedback pages, whose 404, 410 and
/// 422 are HTML in the client's language): [`problems`] leaves it as it is.
#[derive(Clone, Copy, Debug)]
pub struct OwnPage;

/// Makes every error answer problem+json: refuses oversized headers with 431, and rewrites the
/// errors that actix and its libraries answer in their own form (a refused CORS preflight in
/// plain text, Swagger UI's empty 404); a page marked [`OwnPage`] stays. Wraps CORS, inside the
/// security headers and request id.
pub async fn problems(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    let mut total = 0;
    let mut largest = 0;
    for (name, value) in req.headers() {
        total += name.as_str().len() + value.len();
        largest = largest.max(value.len());
    }
    if largest > MAX_HEADER_BYTES || total > MAX_HEAD_BYTES {
        let detail = format!(
            "the request headers are too large: at most {} KiB a header and {} KiB together",
            MAX_HEADER_BYTES / 1024,
            MAX_HEAD_BYTES / 1024
        );
        let response = super::errors::status_problem(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, detail);
        return Ok(req.into_response(response).map_into_right_body());
    }
    let res = next.call(req).await?;
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(super::errors::PROBLEM_JSON.as_bytes()));
    let own_page = res.response().extensions().get::<OwnPage>().is_some();
    if !res.status().is_client_error() && !res.status().is_server_error() || is_problem || own_page {
        return Ok(res.map_into_left_body());
    }
    let status = res.status();
    let cors = res.response().error().and_then(|e| e.as_error::<actix_cors::CorsError>()).map(cors_detail);
    let detail = match cors {
        Some(detail) => detail.to_owned(),
        None if status == StatusCode::NOT_FOUND => format!("there is nothing at {}", res.request().path()),
        None if status == StatusCode::METHOD_NOT_ALLOWED => {
            format!("{} is not allowed on {}", res.request().method(), res.request().path())
        }
        None => format!("the request was refused ({})", status.canonical_reason().unwrap_or("error").to_lowercase()),
    };
    let (request, old) = res.into_parts();
    let mut response = super::errors::status_problem(status, detail);
    for (name, value) in old.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            response.headers_mut().append(name.clone(), value.clone());
        }
    }
    Ok(ServiceResponse::new(request, response).map_into_right_body())
}

/// What a refused cross-origin request can do about it, in plain words.
fn cors_detail(error: &actix_cors::CorsError) -> &'static str {
    use actix_cors::CorsError as E;
    match error {
        E::MissingOrigin | E::MissingRequestMethod => {
            "a CORS preflight needs the Origin and Access-Control-Request-Method headers"
        }
        E::BadRequestMethod => "Access-Control-Request-Method is not a method",
        E::BadRequestHeaders => "Access-Control-Request-Headers is not a list of header names",
        E::OriginNotAllowed => "this origin may not call the API from a browser (CORS)",
        E::MethodNotAllowed => "cross-origin requests may use GET, POST, PUT and DELETE only",
        E::HeadersNotAllowed => {
            "cross-origin requests may send only Authorization, Content-Type, If-Match, Idempotency-Key \
             and X-Request-Id"
        }
        _ => "the cross-origin request is not allowed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn limits_per_subject_and_address_in_windows() {
        let limiter = RateLimiter::new(2);
        assert!(limiter.check(Some("a"), ip("1.2.3.4"), 60).is_ok());
        assert!(limiter.check(Some("a"), ip("1.2.3.4"), 61).is_ok());
        assert_eq!(limiter.check(Some("a"), ip("1.2.3.4"), 62), Err(58));
        assert!(limiter.check(Some("b"), ip("1.2.3.4"), 62).is_ok(), "another subject");
        assert!(limiter.check(Some("a"), ip("1.2.3.4"), 120).is_ok(), "a new window");
        assert!(limiter.check(Some("a"), ip("1.2.3.4"), 119).is_ok(), "a late clock read counts in the new window");
        let off = RateLimiter::new(0);
        for _ in 0..100 {
            assert!(off.check(Some("a"), None, 1).is_ok());
        }
        // The address limit (5 x) holds across subjects.
        let limiter = RateLimiter::new(1);
        for s in 0..5 {
            assert!(limiter.check(Some(&s.to_string()), ip("9.9.9.9"), 0).is_ok());
        }
        assert!(limiter.check(Some("x"), ip("9.9.9.9"), 0).is_err());
        assert!(limiter.check(Some("y"), ip("::ffff:9.9.9.9"), 0).is_err(), "the same address written as IPv6");
        // An IPv6 client is one /64: rotating the interface part does not reset its budget.
        let limiter = RateLimiter::new(1);
        for i in 0..5 {
            assert!(limiter.check(None, ip(&format!("2001:db8:1:2::{i:x}")), 0).is_ok());
        }
        assert!(limiter.check(None, ip("2001:db8:1:2:ffff:ffff:ffff:ffff"), 0).is_err());
        assert!(limiter.check(None, ip("2001:db8:1:3::1"), 0).is_ok(), "another /64");
    }

    /// A million distinct subjects and addresses (the forged headers of finding 2, now hashes and
    /// parsed addresses) in one minute: the tables stay within their bound, and limiting works.
    #[test]
    fn a_flood_of_distinct_keys_stays_bounded() {
        let limiter = RateLimiter::new(3);
        // Spent before the flood: this subject and this address are at their limits.
        for _ in 0..3 {
            assert!(limiter.check(Some("spent"), None, 0).is_ok());
        }
        for _ in 0..15 {
            assert!(limiter.check(None, ip("198.51.100.1"), 0).is_ok());
        }
        let long = "x".repeat(16 * 1024);
        let bound_bytes = 8 * 1024 * 1024;
        for i in 0u32..1_000_000 {
            let subject = if i % 1000 == 0 { format!("{long}{i}") } else { format!("subject-{i}") };
            let address = if i % 2 == 0 {
                IpAddr::V4(std::net::Ipv4Addr::from(i.wrapping_mul(2_654_435_761)))
            } else {
                IpAddr::V6(std::net::Ipv6Addr::from(u128::from(i) << 64 | 1))
            };
            assert!(limiter.check(Some(&subject), Some(address), 1).is_ok(), "{i}");
            if i % 50_000 == 0 {
                let (keys, bytes) = limiter.table_size();
                assert!(keys <= 2 * MAX_KEYS && bytes <= bound_bytes, "{keys} keys, {bytes} bytes at {i}");
            }
        }
        let (keys, bytes) = limiter.table_size();
        assert!(keys <= 2 * MAX_KEYS, "{keys} keys");
        assert!(bytes <= bound_bytes, "{bytes} bytes");
        // Those at their limit before the flood still are; a new key is limited as usual.
        assert!(limiter.check(Some("spent"), None, 2).is_err());
        assert!(limiter.check(None, ip("198.51.100.1"), 2).is_err());
        for _ in 0..3 {
            assert!(limiter.check(Some("new"), ip("203.0.113.5"), 3).is_ok());
        }
        assert!(limiter.check(Some("new"), ip("203.0.113.6"), 3).is_err());
        // A new minute drops the old one whole.
        assert!(limiter.check(Some("spent"), None, 60).is_ok());
        assert_eq!(limiter.table_size().0, 1);
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(HeaderName::from_bytes(name.as_bytes()).unwrap(), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn the_client_address_is_forged_only_through_trusted_proxies() {
        let proxy: Option<SocketAddr> = Some("10.244.1.7:40000".parse().unwrap());
        let stranger: Option<SocketAddr> = Some("203.0.113.9:5000".parse().unwrap());
        let trusted = [IpRange::parse("10.244.0.0/16").unwrap()];
        let forged = [
            ("x-forwarded-for", "198.51.100.1"),
            ("x-forwarded-for", "198.51.100.1, 10.244.0.3"),
            ("forwarded", "for=198.51.100.1"),
            ("x-real-ip", "198.51.100.1"),
        ];
        for (name, value) in forged {
            let h = headers(&[(name, value)]);
            assert_eq!(client_address(&h, stranger, &trusted), ip("203.0.113.9"), "{name}: {value} from a stranger");
            assert_eq!(client_address(&h, stranger, &[]), ip("203.0.113.9"), "no proxy is trusted");
        }
        let through_proxy = [
            (vec![("x-forwarded-for", "198.51.100.1")], "198.51.100.1"),
            (vec![("x-forwarded-for", "6.6.6.6, 198.51.100.1")], "198.51.100.1"),
            (vec![("x-forwarded-for", "6.6.6.6, 198.51.100.1, 10.244.9.9")], "198.51.100.1"),
            (vec![("x-forwarded-for", "6.6.6.6"), ("x-forwarded-for", "198.51.100.1:443")], "198.51.100.1"),
            (vec![("x-forwarded-for", "[2001:db8::1]:443")], "2001:db8::1"),
            (vec![("x-forwarded-for", "::ffff:198.51.100.1")], "198.51.100.1"),
            (vec![("forwarded", "for=6.6.6.6, for=198.51.100.1;proto=https")], "198.51.100.1"),
            (vec![("forwarded", "proto=https;FOR=\"[2001:db8::1]:4711\"")], "2001:db8::1"),
            (vec![("x-forwarded-for", "198.51.100.1"), ("forwarded", "for=198.51.100.1")], "198.51.100.1"),
            // Malformed, only proxies, or two headers that disagree: the peer.
            (vec![("x-forwarded-for", "garbage")], "10.244.1.7"),
            (vec![("x-forwarded-for", "198.51.100.1, unknown")], "10.244.1.7"),
            (vec![("x-forwarded-for", "")], "10.244.1.7"),
            (vec![("x-forwarded-for", "10.244.0.1, 10.244.0.2")], "10.244.1.7"),
            (vec![("forwarded", "for=unknown")], "10.244.1.7"),
            (vec![("forwarded", "for=_hidden")], "10.244.1.7"),
            (vec![("forwarded", "proto=https")], "10.244.1.7"),
            (vec![("x-forwarded-for", "198.51.100.1"), ("forwarded", "for=6.6.6.6")], "10.244.1.7"),
            (vec![], "10.244.1.7"),
        ];
        for (pairs, want) in through_proxy {
            assert_eq!(client_address(&headers(&pairs), proxy, &trusted), ip(want), "{pairs:?}");
        }
        let long = vec!["10.244.0.1"; MAX_HOPS + 1].join(",");
        assert_eq!(client_address(&headers(&[("x-forwarded-for", &long)]), proxy, &trusted), ip("10.244.1.7"));
        assert_eq!(client_address(&headers(&[]), None, &trusted), None, "no peer, no address");
    }

    /// Identity-code shapes: every century sign, with and without it, lower case.
    pub fn hetu_shapes() -> Vec<String> {
        let mut codes = vec!["151288-3478".to_owned(), "010101A123B".to_owned(), "131052-308T".to_owned()];
        for sign in ["+", "-", "A", "B", "C", "D", "E", "F", "Y", "X", "W", "V", "U", ""] {
            codes.push(format!("131052{sign}308T"));
            codes.push(format!("010101{sign}123n").to_lowercase());
            codes.push(format!("311299{}9009", sign.to_lowercase()));
        }
        codes
    }

    #[test]
    fn request_ids_in_a_safe_shape_only() {
        for code in hetu_shapes() {
            assert!(hetu_shaped(&code), "{code}");
            for id in [code.clone(), format!("req-{code}"), format!("{code}_x"), code.replace('-', "_")] {
                assert!(!acceptable_request_id(&id), "{id}");
            }
        }
        for id in ["abc", "", "a b c d e f", "x".repeat(65).as_str(), "req-1234567", "ä-request-id", "id\r\nx"] {
            assert!(!acceptable_request_id(id), "{id:?}");
        }
        for id in [
            "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
            "req-12345-abcde",
            "ABCdef_0123-xyz",
            "a".repeat(64).as_str(),
            "trace-2024-06-01",
        ] {
            assert!(acceptable_request_id(id), "{id}");
        }
        // Every valid code of the domain's own parser is caught.
        for code in ["131052-308T", "010101A123N", "010199+123Y", "010101-900R"] {
            assert!(crate::domain::hetu::Hetu::parse(code).is_ok());
            assert!(hetu_shaped(code) && hetu_shaped(&code.to_lowercase()), "{code}");
        }
        for text in ["2024-06-01", "v1", "referrals", "999999-9999", "1513883478", "12345"] {
            assert!(!hetu_shaped(text), "{text}");
        }
    }

    #[test]
    fn identity_codes_in_paths_are_masked_in_the_log() {
        for code in hetu_shapes() {
            let encoded: String = code.bytes().map(|b| format!("%{b:02X}")).collect();
            for path in [
                format!("/v1/referrals/{code}"),
                format!("/v1/teams/{code}/referrals"),
                format!("/{code}"),
                format!("/v1/referrals/{encoded}"),
                format!("/v1/referrals/{}", code.replace('+', "%2B").replace('-', "%2D")),
                format!("/v1/x/{code}/y/{code}.json"),
            ] {
                let logged = loggable_path(&path);
                assert!(logged.contains("{hetu}"), "{path} -> {logged}");
                assert!(!hetu_shaped(&logged) && !hetu_shaped(&percent_decoded(&logged)), "{path} -> {logged}");
            }
        }
        assert_eq!(loggable_path("/v1/referrals/151288-3478/status"), "/v1/referrals/{hetu}/status");
    }

    #[test]
    fn feedback_tokens_are_masked_in_the_log() {
        let token = crate::domain::feedback::LinkToken::generate().token;
        for (path, logged) in [
            (format!("/feedback/{token}"), "/feedback/{token}".to_owned()),
            (format!("/Feedback/{token}/"), "/Feedback/{token}/".to_owned()),
            (format!("/%66eedback/{token}"), "/%66eedback/{token}".to_owned()),
            ("/feedback/not-a-token".to_owned(), "/feedback/{token}".to_owned()),
            ("/feedback/151288-3478".to_owned(), "/feedback/{token}".to_owned()),
            ("/x/151288-3478/feedback/abc".to_owned(), "/x/{hetu}/feedback/{token}".to_owned()),
        ] {
            assert_eq!(loggable_path(&path), logged, "{path}");
        }
        for kept in [
            "/feedback/feedback.css",
            "/feedback",
            "/feedback/",
            "/v1/referrals/3f2504e0-4f89-41d3-9a0c-0305e82c3301/feedback",
            "/v1/referrals/3f2504e0-4f89-41d3-9a0c-0305e82c3301/feedback-link",
        ] {
            assert_eq!(loggable_path(kept), kept);
        }
        for path in ["/v1/referrals/3f2504e0-4f89-41d3-9a0c-0305e82c3301", "/v1/teams/t-01", "/health/live", "/"] {
            assert_eq!(loggable_path(path), path);
        }
    }
}
