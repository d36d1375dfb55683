//! Audit entries of the handlers: who did what to which referral, under which request id.

use actix_web::{HttpMessage, HttpRequest};

use super::middleware::RequestId;
use crate::auth::Principal;
use crate::store::audit::NewAuditEntry;
use crate::store::catalogue::now;

/// The request id of a request (made by the request-id middleware), for the audit log.
pub fn request_id(req: &HttpRequest) -> Option<String> {
    req.extensions().get::<RequestId>().map(|r| r.0.clone())
}

/// An audit entry of `principal` doing `action`, now.
pub fn entry(
    principal: &Principal,
    action: &str,
    referral_id: Option<&str>,
    request_id: &Option<String>,
    detail: Option<String>,
) -> NewAuditEntry {
    NewAuditEntry {
        at: now(),
        actor: principal.subject.clone(),
        roles: principal.roles_text(),
        action: action.to_owned(),
        referral_id: referral_id.map(str::to_owned),
        request_id: request_id.clone(),
        detail,
    }
}
