//! RFC 9457 problem details (`application/problem+json`) for every error, in one place.
//!
//! Domain and database errors map to status codes here; 5xx bodies carry a fixed detail and the
//! cause goes only to the log (which never holds personal data: causes are database and I/O
//! errors, not request bodies).

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::AuthError;
use crate::domain::referral::TransitionError;
use crate::store::catalogue::LoadError;
use crate::store::StoreError;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 9457 problem.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "type": "/problems/validation",
    "title": "The request is not valid",
    "status": 422,
    "detail": "2 fields are not valid",
    "errors": [{"field": "client.municipality", "message": "999 is not a municipality of the region; GET /v1/municipalities lists them"}]
}))]
pub struct Problem {
    /// A URI reference that names the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Field errors of a validation failure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Further members of some problems (an emergency answer, an existing referral).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub context: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct FieldError {
    /// The field, as a JSON path (`client.age`, `need_codes[1]`).
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    MethodNotAllowed(String, Vec<String>),
    #[error("{detail}")]
    Conflict { detail: String, context: Option<serde_json::Value> },
    /// The navigation requires the safety screen and the request has no answers: `context`
    /// holds the questions. Nothing was stored.
    #[error("{detail}")]
    ScreenRequired { detail: String, context: serde_json::Value },
    /// A write met a record of the same identity (a unique key): a conflict that a retry may
    /// resolve when the other write was the same request.
    #[error("{0}")]
    Duplicate(String),
    #[error("{0}")]
    PreconditionFailed(String),
    #[error("{0}")]
    PreconditionRequired(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{} fields are not valid", .0.len())]
    Validation(Vec<FieldError>),
    #[error("{0}")]
    Unprocessable(String),
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("{0}")]
    Unavailable(String),
    /// An internal failure; the message is logged, never shown.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, message)])
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::Internal(cause.to_string())
    }

    fn kind_and_title(&self) -> (&'static str, &'static str) {
        match self {
            Self::BadRequest(_) => ("/problems/bad-request", "The request cannot be read"),
            Self::Unauthorized(_) => ("/problems/unauthorized", "Authentication is required"),
            Self::Forbidden(_) => ("/problems/forbidden", "Not allowed"),
            Self::NotFound(_) => ("/problems/not-found", "Not found"),
            Self::MethodNotAllowed(..) => ("/problems/method-not-allowed", "Method not allowed"),
            Self::Conflict { .. } | Self::Duplicate(_) => ("/problems/conflict", "Conflict"),
            Self::ScreenRequired { .. } => ("/problems/safety-screen-required", "Ask the red-flag questions first"),
            Self::PreconditionFailed(_) => ("/problems/stale-version", "The resource has changed"),
            Self::PreconditionRequired(_) => ("/problems/precondition-required", "If-Match is required"),
            Self::PayloadTooLarge(_) => ("/problems/payload-too-large", "The request body is too large"),
            Self::UnsupportedMediaType(_) => ("/problems/unsupported-media-type", "Unsupported content type"),
            Self::Validation(_) => ("/problems/validation", "The request is not valid"),
            Self::Unprocessable(_) => ("/problems/unprocessable", "The request cannot be processed"),
            Self::TooManyRequests { .. } => ("/problems/rate-limited", "Too many requests"),
            Self::Unavailable(_) => ("/problems/unavailable", "Temporarily unavailable"),
            Self::Internal(_) => ("/problems/internal", "Internal server error"),
        }
    }

    pub fn to_problem(&self) -> Problem {
        let (kind, title) = self.kind_and_title();
        let status = self.status_code().as_u16();
        let (detail, errors, context) = match self {
            Self::Validation(errors) => {
                let detail = match errors.as_slice() {
                    [one] => format!("{}: {}", one.field, one.message),
                    many => format!("{} fields are not valid", many.len()),
                };
                (detail, errors.clone(), None)
            }
            Self::Conflict { detail, context } => (detail.clone(), Vec::new(), context.clone()),
            Self::ScreenRequired { detail, context } => (detail.clone(), Vec::new(), Some(context.clone())),
            Self::TooManyRequests { retry_after_secs } => {
                (format!("the request limit is reached; try again in {retry_after_secs} s"), Vec::new(), None)
            }
            Self::Internal(_) => (
                "something went wrong on our side; the request id in the X-Request-Id header helps us find it".into(),
                Vec::new(),
                None,
            ),
            other => (other.to_string(), Vec::new(), None),
        };
        Problem { kind: kind.into(), title: title.into(), status, detail, errors, context }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed(..) => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict { .. } | Self::Duplicate(_) | Self::ScreenRequired { .. } => StatusCode::CONFLICT,
            Self::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            Self::PreconditionRequired(_) => StatusCode::PRECONDITION_REQUIRED,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Validation(_) | Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(cause) = self {
            log::error!("internal error: {cause}");
        }
        let problem = self.to_problem();
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        match self {
            Self::Unauthorized(_) => {
                response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
            }
            Self::TooManyRequests { retry_after_secs } => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            Self::Unavailable(_) => {
                response.insert_header((header::RETRY_AFTER, HeaderValue::from_static("5")));
            }
            Self::MethodNotAllowed(_, allowed) => {
                response.insert_header((header::ALLOW, allowed.join(", ")));
            }
            _ => {}
        }
        match serde_json::to_vec(&problem) {
            Ok(body) => response.body(body),
            Err(_) => response.finish(),
        }
    }
}

impl From<TransitionError> for AppError {
    fn from(e: TransitionError) -> Self {
        match e {
            TransitionError::ReasonRequired(_) => Self::validation("reason", e.to_string()),
            TransitionError::TargetRequired | TransitionError::SameTeam(_) => {
                Self::validation("team_id", e.to_string())
            }
            TransitionError::Closed(_) | TransitionError::NotAllowed { .. } => {
                Self::Conflict { detail: e.to_string(), context: None }
            }
        }
    }
}

impl From<AuthError> for AppError {
    fn from(e: AuthError) -> Self {
        Self::Unauthorized(e.to_string())
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => Self::NotFound("not found".into()),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                Self::Duplicate("a record with the same identity already exists".into())
            }
            Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                Self::Unprocessable("the request refers to a record that does not exist".into())
            }
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                Self::Unavailable("the database is busy; try again".into())
            }
            // Logged with fixed words (the database's own message is not needed to act on it).
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _) | Error::BrokenTransactionManager => {
                log::warn!("database unavailable: the connection was lost");
                Self::Unavailable("the database connection was lost; try again".into())
            }
            Error::DatabaseError(_, info) if is_unavailable_message(info.message()) => {
                log::warn!("database unavailable: busy, or not answering a query");
                Self::Unavailable("the database is not answering; try again".into())
            }
            other => Self::Internal(format!("database: {other}")),
        }
    }
}

fn is_unavailable_message(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("database is locked")
        || m.contains("terminating connection")
        || m.contains("server closed the connection")
        || m.contains("connection")
        || m.contains("the database system is")
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Query(q) => q.into(),
            StoreError::Pool(_) | StoreError::Connection(_) => {
                log::warn!("database unavailable: {e}");
                Self::Unavailable("the database is not answering; try again shortly".into())
            }
            StoreError::Migration(m) => Self::Internal(m),
            StoreError::Stopped => Self::Unavailable("the server is shutting down or overloaded".into()),
        }
    }
}

impl From<LoadError> for AppError {
    fn from(e: LoadError) -> Self {
        match e {
            LoadError::Db(db) => db.into(),
            LoadError::Corrupt(c) => Self::internal(c),
        }
    }
}

/// A problem response for a status with a detail (used by framework error handlers).
pub fn problem_response(status: StatusCode, detail: impl Into<String>) -> HttpResponse {
    let error = match status {
        StatusCode::BAD_REQUEST => AppError::BadRequest(detail.into()),
        StatusCode::NOT_FOUND => AppError::NotFound(detail.into()),
        StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge(detail.into()),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::UnsupportedMediaType(detail.into()),
        StatusCode::UNPROCESSABLE_ENTITY => AppError::Unprocessable(detail.into()),
        StatusCode::SERVICE_UNAVAILABLE => AppError::Unavailable(detail.into()),
        _ => AppError::Internal(detail.into()),
    };
    error.error_response()
}

/// A problem response for any status, for errors actix or a library answered in its own form
/// (a refused CORS preflight, a missing Swagger UI file, headers that are too large).
pub fn status_problem(status: StatusCode, detail: impl Into<String>) -> HttpResponse {
    let kind = match status {
        StatusCode::BAD_REQUEST => "/problems/bad-request",
        StatusCode::NOT_FOUND => "/problems/not-found",
        StatusCode::METHOD_NOT_ALLOWED => "/problems/method-not-allowed",
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => "/problems/headers-too-large",
        _ => "about:blank",
    };
    let title = status.canonical_reason().unwrap_or("Error");
    let problem = Problem {
        kind: kind.into(),
        title: title.into(),
        status: status.as_u16(),
        detail: detail.into(),
        errors: Vec::new(),
        context: None,
    };
    let mut response = HttpResponse::build(status);
    response.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
    match serde_json::to_vec(&problem) {
        Ok(body) => response.body(body),
        Err(_) => response.finish(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_do_not_leak_their_cause() {
        let p = AppError::Internal("password=hunter2 at db".into()).to_problem();
        assert_eq!(p.status, 500);
        assert!(!p.detail.contains("hunter2"));
    }

    #[test]
    fn validation_names_the_field() {
        let p = AppError::validation("client.age", "must be 0-120").to_problem();
        assert_eq!(p.status, 422);
        assert_eq!(p.errors[0].field, "client.age");
        assert!(p.detail.contains("client.age"));
    }
}
