//! Middleware: request ids and security headers.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::{DefaultHeaders, Next};
use actix_web::HttpMessage;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The request id of a request, for logs and problem reports.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// Takes the caller's `X-Request-Id` when it is a short token, or makes one; echoes it back.
pub async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let mut res = next.call(req).await?;
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    Ok(res)
}

/// Headers on every response. The content security policy allows Swagger UI's own scripts and
/// styles and nothing from elsewhere.
pub fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
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
        ))
}

/// Requests a minute per key in fixed one-minute windows. Per replica: with several replicas the
/// effective limit is the sum, which is fine for a limit that protects each process.
pub struct RateLimiter {
    per_subject: u32,
    per_address: u32,
    windows: std::sync::Mutex<std::collections::HashMap<String, (u64, u32)>>,
}

impl RateLimiter {
    /// `per_minute` per token subject, five times that per client address; 0 turns it off.
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_subject: per_minute,
            per_address: per_minute.saturating_mul(5),
            windows: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// Whether requests are limited at all.
    pub fn enabled(&self) -> bool {
        self.per_subject != 0
    }

    /// Counts a request; `Err(seconds)` to wait when a limit is reached.
    pub fn check(&self, subject: Option<&str>, address: Option<&str>, now_secs: u64) -> Result<(), u64> {
        if !self.enabled() {
            return Ok(());
        }
        let window = now_secs / 60;
        let retry = 60 - now_secs % 60;
        let mut windows = match self.windows.lock() {
            Ok(w) => w,
            Err(poisoned) => poisoned.into_inner(),
        };
        if windows.len() > 100_000 {
            windows.retain(|_, (w, _)| *w == window);
        }
        let keys = [
            subject.map(|s| (format!("s:{s}"), self.per_subject)),
            address.map(|a| (format!("a:{a}"), self.per_address)),
        ];
        for (key, limit) in keys.iter().flatten() {
            let entry = windows.entry(key.clone()).or_insert((window, 0));
            if entry.0 != window {
                *entry = (window, 0);
            }
            if entry.1 >= *limit {
                return Err(retry);
            }
        }
        for (key, _) in keys.iter().flatten() {
            if let Some(entry) = windows.get_mut(key) {
                entry.1 += 1;
            }
        }
        Ok(())
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
        let state = req.app_data::<actix_web::web::Data<crate::app::AppState>>().filter(|s| s.rate_limiter.enabled());
        if let Some(state) = state {
            let subject = super::extract::bearer_token(req.headers())
                .ok()
                .and_then(|token| state.verifier.verify(token).ok())
                .map(|p| p.subject);
            let address = req.connection_info().realip_remote_addr().map(str::to_owned);
            let now =
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
            if let Err(retry_after_secs) = state.rate_limiter.check(subject.as_deref(), address.as_deref(), now) {
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
        .app_data::<actix_web::web::Data<crate::app::AppState>>()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_subject_and_address_in_windows() {
        let limiter = RateLimiter::new(2);
        assert!(limiter.check(Some("a"), Some("1.2.3.4"), 60).is_ok());
        assert!(limiter.check(Some("a"), Some("1.2.3.4"), 61).is_ok());
        assert_eq!(limiter.check(Some("a"), Some("1.2.3.4"), 62), Err(58));
        assert!(limiter.check(Some("b"), Some("1.2.3.4"), 62).is_ok(), "another subject");
        assert!(limiter.check(Some("a"), Some("1.2.3.4"), 120).is_ok(), "a new window");
        let off = RateLimiter::new(0);
        for _ in 0..100 {
            assert!(off.check(Some("a"), None, 1).is_ok());
        }
        // The address limit (5 x) holds across subjects.
        let limiter = RateLimiter::new(1);
        for s in 0..5 {
            assert!(limiter.check(Some(&s.to_string()), Some("9.9.9.9"), 0).is_ok());
        }
        assert!(limiter.check(Some("x"), Some("9.9.9.9"), 0).is_err());
    }
}
