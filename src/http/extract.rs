//! Extractors: the authenticated caller, and the `If-Match` version of a write.

use std::future::{ready, Ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};

use super::errors::AppError;
use crate::auth::{AuthError, Principal, Role};
use crate::http::state::AppState;

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
            Err(AppError::Forbidden(format!("this needs one of the roles: {}", names.join(", "))))
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
    let state =
        req.app_data::<web::Data<AppState>>().ok_or_else(|| AppError::internal("application state is missing"))?;
    // (The rate limiter has often verified this token already: the verifier keeps it.)
    Ok(state.verifier.verify(bearer_token(req.headers())?)?)
}

/// The bearer token of the Authorization header.
pub fn bearer_token(headers: &header::HeaderMap) -> Result<&str, AuthError> {
    let value = headers.get(header::AUTHORIZATION).ok_or(AuthError::Missing)?;
    let value = value.to_str().map_err(|_| AuthError::NotBearer)?;
    let scheme = |v: &str| v.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("bearer "));
    if !scheme(value) {
        // A JWT pasted without its scheme: its header, base64 of `{"`, begins with "eyJ".
        return Err(if value.trim_start().starts_with("eyJ") { AuthError::NoScheme } else { AuthError::NotBearer });
    }
    let token = value[7..].trim();
    if scheme(token) {
        return Err(AuthError::BearerTwice);
    }
    if token.is_empty() {
        return Err(AuthError::NotBearer);
    }
    Ok(token)
}

/// A set of roles an endpoint accepts, as a type, so the roles are part of the handler's signature
/// and a caller without them gets 403 before the body is even read.
pub trait Roles {
    const ALLOWED: &'static [Role];
}

/// An authenticated caller with one of the roles of `R`.
#[derive(Debug, Clone)]
pub struct Caller<R: Roles> {
    pub principal: Principal,
    _roles: std::marker::PhantomData<R>,
}

impl<R: Roles> Caller<R> {
    pub fn principal(&self) -> &Principal {
        &self.principal
    }
}

impl<R: Roles> FromRequest for Caller<R> {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let result = authenticate(req).and_then(|principal| {
            let user = AuthUser(principal);
            user.require(R::ALLOWED)?;
            Ok(Caller { principal: user.0, _roles: std::marker::PhantomData })
        });
        ready(result)
    }
}

/// The role sets of the API.
pub mod roles {
    use super::Roles;
    use crate::auth::Role;

    /// Any authenticated role.
    pub struct Anyone;
    impl Roles for Anyone {
        const ALLOWED: &'static [Role] = &Role::ALL;
    }

    /// Keeps the catalogue.
    pub struct Admin;
    impl Roles for Admin {
        const ALLOWED: &'static [Role] = &[Role::Admin];
    }

    /// Call-centre staff and integrating patient systems: navigation and referral creation.
    pub struct Staff;
    impl Roles for Staff {
        const ALLOWED: &'static [Role] = &[Role::CallCentre, Role::Integration];
    }

    /// Everyone who works with referrals: staff, integrations and team members.
    pub struct ReferralReaders;
    impl Roles for ReferralReaders {
        const ALLOWED: &'static [Role] = &[Role::CallCentre, Role::Integration, Role::TeamMember];
    }

    /// Who records a client's feedback given by phone: call-centre staff, and members of the team
    /// that leads the referral (the handler checks the team).
    pub struct FeedbackRecorders;
    impl Roles for FeedbackRecorders {
        const ALLOWED: &'static [Role] = &[Role::CallCentre, Role::TeamMember];
    }

    /// Members of a team.
    pub struct TeamMember;
    impl Roles for TeamMember {
        const ALLOWED: &'static [Role] = &[Role::TeamMember];
    }

    /// Who works a team's Tasks over FHIR: its members, and patient systems whose token names
    /// the team in `team_ids`.
    pub struct TaskOwners;
    impl Roles for TaskOwners {
        const ALLOWED: &'static [Role] = &[Role::TeamMember, Role::Integration];
    }

    /// The situation picture: administrators and auditors.
    pub struct Oversight;
    impl Roles for Oversight {
        const ALLOWED: &'static [Role] = &[Role::Admin, Role::Auditor];
    }

    /// The audit log.
    pub struct Auditor;
    impl Roles for Auditor {
        const ALLOWED: &'static [Role] = &[Role::Auditor];
    }
}

/// The `If-Match` header of a versioned write, as the OpenAPI document states it: the ETag of
/// the version read. `*` (any version, RFC 9110) is not taken: a write names the version it was
/// made against, so it never overwrites a change it has not seen.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct IfMatchHeader {
    /// The ETag of the version read, e.g. `"3"` (also `W/"3"`). `*` is refused (400).
    #[param(rename = "If-Match", pattern = r#"^(W/)?"[0-9]{1,18}"$"#, example = "\"3\"")]
    #[allow(dead_code)]
    if_match: String,
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
            Some(value) => value.to_str().ok().and_then(parse_etag).map(|v| IfMatch(Some(v))).ok_or_else(|| {
                AppError::BadRequest("If-Match must be the ETag of the version read, such as \"3\" (not *)".into())
            }),
        };
        ready(parsed)
    }
}

/// `"3"` or `W/"3"` (RFC 9110's entity-tag, of the digits of a version): what the document's
/// pattern for If-Match allows, and nothing more.
fn parse_etag(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    let raw = raw.strip_prefix("W/").unwrap_or(raw);
    let digits = raw.strip_prefix('"')?.strip_suffix('"')?;
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
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
        for loose in ["3", "\"3", "\"+3\"", "\"-3\"", "\"\"", "\"1234567890123456789\""] {
            assert_eq!(parse_etag(loose), None, "{loose}");
        }
    }
}
