//! Extractors: the authenticated caller, and the `If-Match` version of a write.

use std::future::{ready, Ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};

use super::errors::AppError;
use crate::app::AppState;
use crate::auth::{AuthError, Principal, Role};

/// An authenticated caller. A handler that takes `AuthUser` answers 401 without a valid token;
/// `require` turns a missing role into 403.
#[derive(Debug, Clone)]
pub struct AuthUser(pub Principal);

impl AuthUser {
    /// 403 unless the caller has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<&Principal, AppError> {
        if self.0.has_any(roles) {
            Ok(&self.0)
        } else {
            let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            Err(AppError::Forbidden(format!(
                "this needs one of the roles: {}",
                names.join(", ")
            )))
        }
    }

    pub fn principal(&self) -> &Principal {
        &self.0
    }
}

impl FromRequest for AuthUser {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req).map(AuthUser))
    }
}

pub fn authenticate(req: &HttpRequest) -> Result<Principal, AppError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| AppError::internal("application state is missing"))?;
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or(AuthError::Missing)?;
    let value = value.to_str().map_err(|_| AuthError::NotBearer)?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .ok_or(AuthError::NotBearer)?
        .trim();
    if token.is_empty() {
        return Err(AuthError::NotBearer.into());
    }
    Ok(state.verifier.verify(token)?)
}

/// The version a write was made against, from `If-Match: "3"` (or `W/"3"`).
#[derive(Debug, Clone, Copy)]
pub struct IfMatch(pub Option<i64>);

impl IfMatch {
    /// The version, or 428 when the header is missing.
    pub fn required(self) -> Result<i64, AppError> {
        self.0.ok_or_else(|| {
            AppError::PreconditionRequired(
                "send If-Match with the ETag of the version you read, so a concurrent change is not overwritten".into(),
            )
        })
    }
}

impl FromRequest for IfMatch {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parsed = match req.headers().get(header::IF_MATCH) {
            None => Ok(IfMatch(None)),
            Some(value) => value
                .to_str()
                .ok()
                .and_then(parse_etag)
                .map(|v| IfMatch(Some(v)))
                .ok_or_else(|| {
                    AppError::BadRequest("If-Match must be an ETag such as \"3\"".into())
                }),
        };
        ready(parsed)
    }
}

fn parse_etag(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    let raw = raw.strip_prefix("W/").unwrap_or(raw);
    raw.trim_matches('"').parse().ok()
}

/// The ETag of a version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_round_trip() {
        assert_eq!(parse_etag(&etag(7)), Some(7));
        assert_eq!(parse_etag("W/\"12\""), Some(12));
        assert_eq!(parse_etag("*"), None);
    }
}
