//! Path and query values checked once for every route, before any handler or database call.
//!
//! A path parameter (every one is an id) and a query value may not hold a control character (C0
//! including NUL and line breaks, DEL, C1): PostgreSQL refuses NUL with an error, and the others
//! hide what a value is from the people who read logs and screens. Path ids and query values that
//! are codes or ids may not hold bidirectional-text controls either (U+200E/F, U+202A-U+202E,
//! U+2066-U+2069); free-text search values ([`FREE_TEXT`]) may, as right-to-left text is text.
//! A refused request gets 422 problem+json naming the parameter. The routes and their parameters
//! come from the OpenAPI document, so a new route is covered without a change here.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ResourceDef, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, ResponseError};

use super::errors::{AppError, FieldError};
use crate::domain::catalogue::{control_char, describe_char, is_bidi_control};

/// Query parameters that carry a person's words (a search), where right-to-left text is allowed.
pub const FREE_TEXT: &[&str] = &["text", "search"];

/// The rules below as the OpenAPI document states them on each path and query parameter (JSON
/// Schema patterns; `char::is_control` is U+0000-U+001F and U+007F-U+009F).
pub const NO_CONTROL_OR_BIDI: &str = r"^[^\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]*$";
pub const NO_CONTROL: &str = r"^[^\u0000-\u001F\u007F-\u009F]*$";

/// The path patterns of the API, from its OpenAPI document.
pub struct InputRules {
    routes: Vec<ResourceDef>,
}

impl InputRules {
    pub fn from_spec(api: &utoipa::openapi::OpenApi) -> Self {
        let routes = api.paths.paths.keys().filter(|p| p.contains('{')).map(|p| ResourceDef::new(p.as_str())).collect();
        Self { routes }
    }

    /// The parameters of a request path (as sent, percent-encoded) by name, when a route matches.
    fn path_parameters(&self, path: &str) -> Vec<(String, String)> {
        for def in &self.routes {
            let mut captured = actix_web::dev::Path::new(path.to_owned());
            if def.capture_match_info(&mut captured) {
                return captured.iter().map(|(name, value)| (name.to_owned(), value.to_owned())).collect();
            }
        }
        Vec::new()
    }
}

/// The middleware: refuses a request whose path or query holds a value that no route accepts.
pub async fn refuse_bad_parameters(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    // A control or bidirectional-text character reaches a path or query only percent-encoded or
    // as raw non-ASCII bytes: plain ASCII needs no route match.
    let plain = |s: &str| s.bytes().all(|b| b != b'%' && (0x20..0x7f).contains(&b));
    if plain(req.path()) && plain(req.query_string()) {
        return next.call(req).await.map(ServiceResponse::map_into_left_body);
    }
    let refusal = req.app_data::<web::Data<InputRules>>().and_then(|rules| {
        let path = rules.path_parameters(req.path()).into_iter().find_map(|(name, raw)| check_path(&name, &raw).err());
        path.or_else(|| check_query(req.query_string()).err())
    });
    match refusal {
        Some(problem) => {
            let response = AppError::Validation(vec![problem]).error_response();
            Ok(req.into_response(response).map_into_right_body())
        }
        None => next.call(req).await.map(ServiceResponse::map_into_left_body),
    }
}

/// A path parameter (an id): no control or bidirectional-text character, valid UTF-8.
pub fn check_path(name: &str, raw: &str) -> Result<(), FieldError> {
    let value = percent_decode(raw)
        .ok_or_else(|| FieldError::new(name, "the path parameter is not valid UTF-8 once percent-decoded"))?;
    match value.chars().find(|c| c.is_control() || is_bidi_control(*c)) {
        Some(c) => Err(FieldError::new(
            name,
            format!(
                "the path parameter holds {}; an id has no control or bidirectional-text characters",
                describe_char(c)
            ),
        )),
        None => Ok(()),
    }
}

/// Every query parameter: no control character in a name or value; no bidirectional-text
/// control outside [`FREE_TEXT`].
pub fn check_query(query: &str) -> Result<(), FieldError> {
    if query.is_empty() {
        return Ok(());
    }
    let pairs = web::Query::<Vec<(String, String)>>::from_query(query)
        .map_err(|e| FieldError::new("query", format!("the query string cannot be read: {e}")))?;
    for (name, value) in pairs.iter() {
        if let Some(c) = name.chars().find(|c| c.is_control() || is_bidi_control(*c)) {
            return Err(FieldError::new("query", format!("a parameter name holds {}", describe_char(c))));
        }
        let free_text = FREE_TEXT.contains(&name.as_str());
        let bad = control_char(value, false).or_else(|| value.chars().find(|c| !free_text && is_bidi_control(*c)));
        if let Some(c) = bad {
            let what = if free_text { "no control characters" } else { "no control or bidirectional-text characters" };
            return Err(FieldError::new(
                name.as_str(),
                format!("the query parameter holds {}; it may have {what}", describe_char(c)),
            ));
        }
    }
    Ok(())
}

/// Percent-decodes a path segment; `None` when the bytes are not UTF-8.
fn percent_decode(raw: &str) -> Option<String> {
    String::from_utf8(percent_decode_bytes(raw)).ok()
}

/// The bytes of a percent-encoded text (a `%` not followed by two hex digits stays as it is).
pub fn percent_decode_bytes(raw: &str) -> Vec<u8> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_ids_refuse_control_and_bidi_characters() {
        for raw in ["%00", "a%0Ab", "%0D", "%7F", "%C2%85", "%E2%80%AE", "%E2%80%8F", "%E2%81%A6", "%FF", "a%09"] {
            let e = check_path("id", raw).unwrap_err();
            assert_eq!(e.field, "id", "{raw}");
        }
        for raw in ["677579c7-3a71-58ec-b930-58a6820ce7b8", "sjk-mtp", "%C3%A4iti", "a%20b", "100%"] {
            assert!(check_path("id", raw).is_ok(), "{raw}");
        }
    }

    #[test]
    fn the_documented_patterns_refuse_what_the_checks_refuse() {
        let validator = |pattern: &str| {
            jsonschema::validator_for(&serde_json::json!({"type": "string", "pattern": pattern})).unwrap()
        };
        let (strict, loose) = (validator(NO_CONTROL_OR_BIDI), validator(NO_CONTROL));
        let encoded = |text: &str| text.bytes().map(|b| format!("%{b:02X}")).collect::<String>();
        for c in (0..0x3000).chain([0xFEFF, 0x1F600]).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let value = serde_json::json!(text);
            assert_eq!(strict.is_valid(&value), check_path("id", &encoded(&text)).is_ok(), "path {c:?}");
            assert_eq!(strict.is_valid(&value), check_query(&format!("status={}", encoded(&text))).is_ok(), "{c:?}");
            assert_eq!(loose.is_valid(&value), check_query(&format!("text={}", encoded(&text))).is_ok(), "text {c:?}");
        }
    }

    #[test]
    fn query_values_refuse_control_characters_and_bidi_outside_free_text() {
        for q in ["actor=%00", "at=%0A", "need=a%0Db", "page=%7F", "municipality=%E2%80%AE743", "a%00=1"] {
            assert!(check_query(q).is_err(), "{q}");
        }
        assert_eq!(check_query("actor=%00").unwrap_err().field, "actor");
        assert!(check_query("text=%E2%80%AE%D8%B9%D8%B1%D8%A8%D9%8A").is_ok(), "right-to-left text in a search");
        assert!(check_query("text=a%0Ab").is_err(), "but no control characters");
        assert!(check_query("search=%00").is_err());
        assert!(check_query("text=muisti+ongelma&page=2&at=2026-11-23T09:00:00%2B02:00").is_ok());
    }
}
