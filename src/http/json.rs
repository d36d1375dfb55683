//! `JsonBody<T>`: a JSON request body that says exactly what is wrong with it.
//!
//! Wrong content type: 415. Too large: 413. Not JSON (syntax, truncated): 400 with the line and
//! column. JSON of the wrong shape (wrong type, unknown or missing field): 422 naming the field's
//! path. Then the DTO's own validation (validator) runs: 422 with every field error.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use serde::de::DeserializeOwned;
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

use super::errors::{AppError, FieldError};
use crate::http::state::AppState;

pub struct JsonBody<T>(pub T);

impl<T> JsonBody<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for JsonBody<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req.app_data::<web::Data<AppState>>().map(|s| s.settings.max_body_bytes).unwrap_or(64 * 1024);
        let content_type_ok = match req.mime_type() {
            Ok(Some(mime)) => mime.subtype() == actix_web::mime::JSON || mime.suffix() == Some(actix_web::mime::JSON),
            Ok(None) => false,
            Err(_) => false,
        };
        let declared_length = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !content_type_ok {
                return Err(AppError::UnsupportedMediaType(
                    "send the body as JSON with Content-Type: application/json".into(),
                ));
            }
            if declared_length.is_some_and(|n| n > limit) {
                return Err(too_large(limit));
            }
            let bytes = body.await.map_err(|e| match e.as_response_error().status_code().as_u16() {
                413 => too_large(limit),
                _ => AppError::BadRequest(format!("the body could not be read: {e}")),
            })?;
            if bytes.len() > limit {
                return Err(too_large(limit));
            }
            let value = parse::<T>(&bytes)?;
            validate(&value)?;
            Ok(JsonBody(value))
        })
    }
}

fn too_large(limit: usize) -> AppError {
    AppError::PayloadTooLarge(format!("the body may be at most {limit} bytes"))
}

/// Parses JSON into `T`, naming the path of a field of the wrong shape.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(AppError::BadRequest("the body is empty; send a JSON object".into()));
    }
    // A well-formed body is read in one pass; the passes below only explain what is wrong.
    if let Ok(value) = serde_json::from_slice::<T>(bytes) {
        return Ok(value);
    }
    // Syntax first: a truncated or malformed document is 400 whatever its shape.
    serde_json::from_slice::<serde::de::IgnoredAny>(bytes)
        .map_err(|e| AppError::BadRequest(format!("the body is not valid JSON: {e}")))?;
    // JSON has one number type: 2.0 is the whole number 2 (JSON Schema's `integer` takes it).
    if let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(bytes) {
        if whole_floats_as_integers(&mut value) {
            if let Ok(parsed) = serde_json::from_value::<T>(value) {
                return Ok(parsed);
            }
        }
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let result: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    match result {
        Ok(value) => {
            de.end().map_err(|e| AppError::BadRequest(format!("the body is not valid JSON: {e}")))?;
            Ok(value)
        }
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            use serde_json::error::Category;
            match inner.classify() {
                Category::Data => {
                    // A body that is no object (an array, a number) is told as such, not by its
                    // first element.
                    if bytes.iter().find(|b| !b.is_ascii_whitespace()).is_none_or(|b| *b != b'{') {
                        return Err(AppError::Validation(vec![FieldError::new("body", "must be a JSON object")]));
                    }
                    let field = if path == "." { "body".to_owned() } else { path };
                    Err(AppError::Validation(vec![FieldError::new(
                        field,
                        in_words(&strip_position(&inner.to_string())),
                    )]))
                }
                Category::Syntax | Category::Eof | Category::Io => {
                    Err(AppError::BadRequest(format!("the body is not valid JSON: {inner}")))
                }
            }
        }
    }
}

/// Writes every float with no fraction (within i64) as an integer; whether any was.
fn whole_floats_as_integers(value: &mut serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::Number(n) if n.is_f64() => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => {
                *value = Value::from(f as i64);
                true
            }
            _ => false,
        },
        Value::Array(items) => items.iter_mut().fold(false, |any, v| whole_floats_as_integers(v) | any),
        Value::Object(map) => map.values_mut().fold(false, |any, v| whole_floats_as_integers(v) | any),
        _ => false,
    }
}

/// serde's "invalid type: integer `5`, expected a string" as "must be text, not the number 5".
fn in_words(message: &str) -> String {
    let Some(rest) = message.strip_prefix("invalid type: ").or_else(|| message.strip_prefix("invalid value: ")) else {
        return message.to_owned();
    };
    let Some((found, expected)) = rest.split_once(", expected ") else { return message.to_owned() };
    let expected = match expected.trim() {
        "a string" | "a borrowed string" => "text (a JSON string)".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize" => "a whole number".to_owned(),
        "f32" | "f64" => "a number".to_owned(),
        "a boolean" => "true or false".to_owned(),
        "a sequence" => "a list (a JSON array)".to_owned(),
        e if e.starts_with("struct ") || e == "a map" => "an object".to_owned(),
        e => e.to_owned(),
    };
    let found = match found.split_once(' ') {
        Some(("string", v)) => format!("the text {v}"),
        Some(("integer" | "floating", v)) => format!("the number {}", v.trim_start_matches("point ").trim_matches('`')),
        Some(("boolean", v)) => v.trim_matches('`').to_owned(),
        _ => match found {
            "sequence" => "a list".to_owned(),
            "map" => "an object".to_owned(),
            "null" | "unit value" => "null".to_owned(),
            other => other.to_owned(),
        },
    };
    format!("must be {expected}, not {found}")
}

fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

pub fn validate<T: Validate>(value: &T) -> Result<(), AppError> {
    value.validate().map_err(|errors| AppError::Validation(field_errors(&errors)))
}

/// Flattens validator's nested errors into `a.b[2].c` paths.
pub fn field_errors(errors: &ValidationErrors) -> Vec<FieldError> {
    let mut out = Vec::new();
    collect(errors, "", &mut out);
    out.sort_by(|a, b| a.field.cmp(&b.field));
    out
}

fn collect(errors: &ValidationErrors, prefix: &str, out: &mut Vec<FieldError>) {
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() { field.to_string() } else { format!("{prefix}.{field}") };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for e in list {
                    let message = e.message.as_ref().map(|m| m.to_string()).unwrap_or_else(|| describe(e));
                    out.push(FieldError::new(path.clone(), message));
                }
            }
            ValidationErrorsKind::Struct(inner) => collect(inner, &path, out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    collect(inner, &format!("{path}[{i}]"), out);
                }
            }
        }
    }
}

fn describe(e: &validator::ValidationError) -> String {
    let mut text = format!("is not valid ({})", e.code);
    let params: Vec<String> = e.params.iter().filter(|(k, _)| *k != "value").map(|(k, v)| format!("{k} {v}")).collect();
    if !params.is_empty() {
        text = format!("{text}: {}", params.join(", "));
    }
    text
}

#[cfg(test)]
mod words {
    use super::in_words;

    #[test]
    fn type_errors_are_told_in_words() {
        let cases = [
            ("invalid type: string \"x\", expected i64", "must be a whole number, not the text \"x\""),
            ("invalid type: integer `5`, expected a string", "must be text (a JSON string), not the number 5"),
            ("invalid type: string \"a\", expected a sequence", "must be a list (a JSON array), not the text \"a\""),
            ("invalid type: floating point `1.5`, expected u32", "must be a whole number, not the number 1.5"),
            ("invalid type: boolean `true`, expected struct ClientInput", "must be an object, not true"),
            ("invalid type: null, expected a boolean", "must be true or false, not null"),
            ("missing field `client`", "missing field `client`"),
        ];
        for (serde, words) in cases {
            assert_eq!(in_words(serde), words, "{serde}");
        }
    }
}
