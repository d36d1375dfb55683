//! The call-centre console, served at `/console/` from assets inside the binary (`console/`).
//!
//! The page is `console/index.html`; its scripts and stylesheet are addressed under
//! `/console/a/{hash}/`, the hash of every asset together, so they are cached for a year and a new
//! build is fetched at once. The console has no build step: what is in `console/` is what runs.
//! Not part of the API document, like Swagger UI.

use std::sync::LazyLock;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::errors::problem_response;
use super::state::AppState;
use crate::auth::Role;
use crate::config::Environment;

/// The console's files: the path under the hashed folder, its media type and its bytes.
const ASSETS: &[(&str, &str, &[u8])] = &[
    ("style.css", "text/css; charset=utf-8", include_bytes!("../../console/style.css")),
    ("js/app.js", "text/javascript; charset=utf-8", include_bytes!("../../console/js/app.js")),
    ("js/api.js", "text/javascript; charset=utf-8", include_bytes!("../../console/js/api.js")),
    ("js/dom.js", "text/javascript; charset=utf-8", include_bytes!("../../console/js/dom.js")),
    ("js/i18n.js", "text/javascript; charset=utf-8", include_bytes!("../../console/js/i18n.js")),
    ("js/oidc.js", "text/javascript; charset=utf-8", include_bytes!("../../console/js/oidc.js")),
    ("js/call.js", "text/javascript; charset=utf-8", include_bytes!("../../console/js/call.js")),
    ("js/lookup.js", "text/javascript; charset=utf-8", include_bytes!("../../console/js/lookup.js")),
    ("js/referral.js", "text/javascript; charset=utf-8", include_bytes!("../../console/js/referral.js")),
    ("js/worklist.js", "text/javascript; charset=utf-8", include_bytes!("../../console/js/worklist.js")),
    ("js/situation.js", "text/javascript; charset=utf-8", include_bytes!("../../console/js/situation.js")),
];

const INDEX: &str = include_str!("../../console/index.html");

/// The hash of every asset (12 hex digits), the name of the folder they are served from.
static HASH: LazyLock<String> = LazyLock::new(|| {
    let mut hasher = Sha256::new();
    hasher.update(INDEX.as_bytes());
    for (path, _, bytes) in ASSETS {
        hasher.update(path.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    hasher.finalize().iter().take(6).map(|b| format!("{b:02x}")).collect()
});

static PAGE: LazyLock<String> = LazyLock::new(|| INDEX.replace("{{ASSETS}}", &format!("/console/a/{}", *HASH)));

/// The console's routes (registered by `build_app`, outside the API document).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/console").route(web::get().to(to_slash))).service(
        web::scope("/console")
            .wrap(actix_web::middleware::Compress::default())
            .route("/", web::get().to(page))
            .route("/config.json", web::get().to(config))
            .route("/dev-tokens.json", web::get().to(offered_tokens))
            .route("/a/{hash}/{path:.*}", web::get().to(asset)),
    );
}

/// The console's content security policy: its own scripts and styles only, no inline code, and
/// connections to the API and, when one is set, the region's identity provider.
fn policy(state: &AppState) -> String {
    let provider = state.settings.oidc.as_ref().map(|o| format!(" {}", o.origin())).unwrap_or_default();
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'{provider}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )
}

fn with_policy(state: &AppState, mut response: HttpResponse) -> HttpResponse {
    if let Ok(value) = HeaderValue::from_str(&policy(state)) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

async fn to_slash() -> HttpResponse {
    HttpResponse::PermanentRedirect().insert_header((header::LOCATION, "/console/")).finish()
}

async fn page(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let etag = format!("\"{}\"", *HASH);
    let fresh = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v == etag);
    let mut response = if fresh { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    response
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header((header::ETAG, etag))
        .content_type("text/html; charset=utf-8");
    let response = if fresh { response.finish() } else { response.body(PAGE.as_str()) };
    with_policy(&state, response)
}

async fn asset(path: web::Path<(String, String)>, state: web::Data<AppState>) -> HttpResponse {
    let (hash, file) = path.into_inner();
    // Another build's folder is not served: the page names the current one.
    let found = (hash == *HASH).then(|| ASSETS.iter().find(|(p, _, _)| *p == file)).flatten();
    let response = match found {
        Some((_, media_type, bytes)) => HttpResponse::Ok()
            .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
            .content_type(*media_type)
            .body(*bytes),
        None => problem_response(
            actix_web::http::StatusCode::NOT_FOUND,
            "no such console file in this version: reload /console/",
        ),
    };
    with_policy(&state, response)
}

/// What the console needs before sign-in: the identity provider, and whether development tokens
/// are offered.
async fn config(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let response = HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(json!({ "oidc": state.settings.oidc, "dev_tokens": offers_dev_tokens(&req, &state) }));
    with_policy(&state, response)
}

/// Development tokens are offered only where they are printed anyway: in development, with the
/// process's own random key, and to a browser on the same machine.
fn offers_dev_tokens(req: &HttpRequest, state: &AppState) -> bool {
    state.settings.environment == Environment::Development
        && state.verifier.generated
        && req.peer_addr().is_some_and(|peer| peer.ip().is_loopback())
}

async fn offered_tokens(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if !offers_dev_tokens(&req, &state) {
        return problem_response(
            actix_web::http::StatusCode::NOT_FOUND,
            "development tokens are offered only in development, with the process's own key, on this machine",
        );
    }
    let tokens: Vec<_> = dev_tokens(&state)
        .into_iter()
        .map(|(role, _, token)| json!({ "role": role.as_str(), "token": token }))
        .collect();
    HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(json!({ "tokens": tokens }))
}

/// A token for each role, for trying the service in development: the team member's is a member
/// of every active team, so any walk-through's worklist answers (each with a note for the banner).
pub fn dev_tokens(state: &AppState) -> Vec<(Role, String, String)> {
    let teams: Vec<String> = state.catalogue.get().teams.iter().filter(|t| t.active).map(|t| t.id.clone()).collect();
    let mut out = Vec::new();
    for role in Role::ALL {
        let member_of: &[String] = if role == Role::TeamMember { &teams } else { &[] };
        if let Ok(token) = state.verifier.mint(&format!("dev-{}", role.as_str()), &[role], member_of, 12 * 3600) {
            let note = if member_of.is_empty() {
                String::new()
            } else {
                format!(" (a member of every team of the region, {})", member_of.len())
            };
            out.push((role, note, token));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_names_every_script_it_loads_by_the_current_hash() {
        assert!(PAGE.contains(&format!("/console/a/{}/js/app.js", *HASH)));
        assert!(!PAGE.contains("{{ASSETS}}"));
        assert_eq!(HASH.len(), 12);
    }

    #[test]
    fn every_module_a_script_imports_is_served() {
        for (path, _, bytes) in ASSETS.iter().filter(|(p, _, _)| p.ends_with(".js")) {
            let text = String::from_utf8_lossy(bytes);
            for line in text.lines().filter(|l| l.starts_with("import ")) {
                let Some(name) = line.split(['"', '\'']).nth(1) else { continue };
                let target = format!("js/{}", name.trim_start_matches("./"));
                assert!(ASSETS.iter().any(|(p, _, _)| *p == target), "{path} imports {name}, which is not served");
            }
        }
    }
}
