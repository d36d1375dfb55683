//! The OpenAPI document: info, security scheme, tags, and the problem+json responses every
//! operation can give.

use utoipa::openapi::path::Operation;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as Spec, Ref, RefOr};
use utoipa::OpenApi;

use super::errors::{FieldError, Problem};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Luotsi: service navigation API",
        description = "Luotsi turns what a client of a Finnish health and social services centre \
            (sote-keskus) says, or the need codes a patient system sends, into the right services, \
            the right multiprofessional team and one recorded referral (the one-contact principle, \
            yhden yhteydenoton periaate).\n\nAuthenticate with a bearer JWT; in development \
            `luotsi serve` prints a token for each role. Every error is RFC 9457 \
            `application/problem+json`.",
        license(name = "EUPL-1.2")
    ),
    components(schemas(Problem, FieldError)),
    tags(
        (name = "health", description = "Liveness, readiness and version"),
        (name = "catalogue", description = "Services, service points, teams and the need taxonomy"),
        (name = "hsds", description = "The catalogue as Open Referral HSDS 3.1 (read only, public)"),
        (name = "navigation", description = "From a described need to services and a team"),
        (name = "referrals", description = "One-contact referrals and their closed loop"),
        (name = "audit", description = "Audit log and statistics"),
        (name = "fhir", description = "FHIR R4 for patient systems (`application/fhir+json`): the referral as a ServiceRequest and its Task, the catalogue as HealthcareService; errors are OperationOutcome"),
    )
)]
struct ApiDoc;

/// The document before the routes are added.
pub fn base() -> Spec {
    ApiDoc::openapi()
}

/// Adds the bearer scheme and the standard problem responses once the routes are in.
pub fn finish(mut api: Spec) -> Spec {
    api.info.version = env!("CARGO_PKG_VERSION").to_owned();
    let components = api.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(Http::builder().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
    );
    for (path, item) in api.paths.paths.iter_mut() {
        let fhir = path.starts_with("/fhir/");
        for op in
            [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten()
        {
            add_common_responses(op, fhir);
            state_character_rules(op);
            headers_are_never_null(op);
        }
    }
    add_problem_examples(&mut api);
    let mut api = super::contract::state_value_rules(api);
    // After the rules: their pass through serde keeps only `x-` extensions.
    state_description_or_codes(&mut api);
    api
}

fn problem(description: &str, fhir: bool) -> RefOr<utoipa::openapi::Response> {
    let (content_type, schema) =
        if fhir { ("application/fhir+json", "fhir.OperationOutcome") } else { ("application/problem+json", "Problem") };
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(content_type, ContentBuilder::new().schema(Some(Ref::from_schema_name(schema))).build())
            .build(),
    )
}

fn add_common_responses(op: &mut Operation, fhir: bool) {
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let has_body = op.request_body.is_some();
    // A path id or query value holding a control character is 422 too (src/http/input.rs).
    let has_query = op.parameters.as_ref().is_some_and(|ps| {
        ps.iter().any(|p| {
            matches!(
                p.parameter_in,
                utoipa::openapi::path::ParameterIn::Query | utoipa::openapi::path::ParameterIn::Path
            )
        })
    });
    let mut common: Vec<(&str, &str)> = vec![
        ("400", "The request cannot be read (malformed JSON, bad query string or header)"),
        ("429", "Too many requests; see Retry-After"),
        ("500", "Internal error; the body never shows internals"),
        ("503", "The database is not answering; see Retry-After"),
    ];
    if secured {
        common.push(("401", "No valid bearer token"));
        common.push(("403", "The token lacks the role this needs"));
    }
    if has_body {
        common.push(("413", "The body is too large"));
        common.push(("415", "The body is not JSON"));
    }
    if has_body || has_query {
        common.push(("422", "A field or parameter is not valid; `errors` names each one"));
    }
    for (status, description) in common {
        if !op.responses.responses.contains_key(status) {
            op.responses.responses.insert(status.to_owned(), problem(description, fhir));
        }
    }
}

/// States on every string path and query parameter the characters that
/// [`super::input::refuse_bad_parameters`] refuses (422), as a pattern; a parameter with a
/// pattern of its own keeps it.
fn state_character_rules(op: &mut Operation) {
    use super::input::{FREE_TEXT, NO_CONTROL, NO_CONTROL_OR_BIDI};
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::schema::{Schema, SchemaType, Type};
    for parameter in op.parameters.iter_mut().flatten() {
        let pattern = match parameter.parameter_in {
            ParameterIn::Query if FREE_TEXT.contains(&parameter.name.as_str()) => NO_CONTROL,
            ParameterIn::Path | ParameterIn::Query => NO_CONTROL_OR_BIDI,
            _ => continue,
        };
        if let Some(RefOr::T(Schema::Object(schema))) = parameter.schema.as_mut() {
            let string = match &schema.schema_type {
                SchemaType::Type(t) => *t == Type::String,
                SchemaType::Array(types) => types.contains(&Type::String),
                SchemaType::AnyValue => false,
            };
            if string && schema.pattern.is_none() {
                schema.pattern = Some(pattern.to_owned());
            }
        }
    }
}

/// An optional header is absent or a string: a request cannot send a JSON null in a header, so
/// its schema does not offer one (utoipa writes `Option<String>` as string-or-null).
fn headers_are_never_null(op: &mut Operation) {
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::schema::{Schema, SchemaType, Type};
    for parameter in op.parameters.iter_mut().flatten() {
        if !matches!(parameter.parameter_in, ParameterIn::Header) {
            continue;
        }
        if let Some(RefOr::T(Schema::Object(schema))) = parameter.schema.as_mut() {
            if let SchemaType::Array(types) = &schema.schema_type {
                if types.contains(&Type::Null) && types.contains(&Type::String) {
                    schema.schema_type = SchemaType::Type(Type::String);
                }
            }
        }
    }
}

/// A description that is not blank: a character that `str::trim` keeps (`char::is_whitespace`
/// is U+0009-U+000D, U+0020, U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F,
/// U+205F and U+3000).
pub const NOT_BLANK: &str = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]";

/// The bodies that carry a navigation question need a description that is not blank or at
/// least one need code (`validate_request` answers 422 otherwise): stated as an `anyOf` of the
/// two on the derived object. utoipa's `Object` has no `anyOf`; its extensions map is written
/// into the object as it is, so the keyword goes there and the object keeps its shape.
fn state_description_or_codes(api: &mut Spec) {
    use utoipa::openapi::schema::Schema;
    let described =
        serde_json::json!({"required": ["description"], "properties": {"description": {"pattern": NOT_BLANK}}});
    let coded = serde_json::json!({"required": ["need_codes"], "properties": {"need_codes": {"minItems": 1}}});
    let Some(components) = api.components.as_mut() else { return };
    for name in ["NavigationRequest", "ReferralRequest"] {
        if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(name) {
            let extensions = object.extensions.get_or_insert_with(Default::default);
            extensions.insert("anyOf".to_owned(), serde_json::json!([described, coded]));
        }
    }
}

/// A problem as the server writes it for a status, for the document's examples: each error
/// status of each operation shows its own (made by the code that answers it, so they agree).
fn problem_example(status: &str) -> Option<serde_json::Value> {
    use super::errors::AppError as E;
    let error = match status {
        "400" => E::BadRequest("the body is not valid JSON: EOF while parsing an object".into()),
        "401" => E::Unauthorized(crate::auth::AuthError::Expired.to_string()),
        "403" => E::Forbidden("this needs one of the roles: call_centre, integration".into()),
        "404" => E::NotFound("there is no referral 2f1c0c51-8f3e-4e0e-9d7a-1c2b3d4e5f60".into()),
        "405" => E::MethodNotAllowed("PATCH is not allowed on /v1/teams; use GET, POST".into(), vec!["GET".into(), "POST".into()]),
        "409" => E::Conflict {
            detail: "the description reads as an emergency: handle it first (call 112), then send emergency_handled: true to record".into(),
            context: None,
        },
        "412" => E::PreconditionFailed("the referral is at version 3, not 2: read it again and reapply your change".into()),
        "413" => E::PayloadTooLarge("the body may be at most 65536 bytes".into()),
        "415" => E::UnsupportedMediaType("send the body as JSON with Content-Type: application/json".into()),
        "422" => E::Validation(vec![super::errors::FieldError::new("client.age", "must be a whole number, not the text \"x\"")]),
        "428" => E::PreconditionRequired(
            "send If-Match with the ETag of the version you read, so a concurrent change is not overwritten".into(),
        ),
        "429" => E::TooManyRequests { retry_after_secs: 30 },
        "500" => E::Internal("example".into()),
        "503" => E::Unavailable("the database is not answering; try again in a moment".into()),
        _ => return None,
    };
    serde_json::to_value(error.to_problem()).ok()
}

/// Under /fhir, the 422 example names a FHIR element rather than a REST field.
fn fhir_problem_example(status: &str) -> Option<serde_json::Value> {
    use super::errors::{AppError as E, FieldError};
    let error = match status {
        "422" => E::Validation(vec![FieldError::new(
            "Patient.extension('municipality-code')",
            "999 is not a municipality of the region; GET /v1/municipalities lists them",
        )]),
        _ => return None,
    };
    serde_json::to_value(error.to_problem()).ok()
}

fn add_problem_examples(api: &mut Spec) {
    for (path, item) in api.paths.paths.iter_mut() {
        for op in
            [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten()
        {
            for (status, response) in op.responses.responses.iter_mut() {
                let RefOr::T(response) = response else { continue };
                if let Some(content) = response.content.get_mut("application/problem+json") {
                    if content.example.is_none() && content.examples.is_empty() {
                        content.example = super::referrals::feedback_problem_example(path, status)
                            .and_then(|e| serde_json::to_value(e.to_problem()).ok())
                            .or_else(|| problem_example(status));
                    }
                }
                // Under /fhir the same problem, as the middleware turns it into an OperationOutcome.
                if let Some(content) = response.content.get_mut("application/fhir+json") {
                    let is_outcome = matches!(&content.schema, Some(RefOr::Ref(r)) if r.ref_location.ends_with("fhir.OperationOutcome"));
                    if is_outcome && content.example.is_none() && content.examples.is_empty() {
                        content.example = fhir_problem_example(status)
                            .or_else(|| problem_example(status))
                            .and_then(|p| serde_json::from_value::<Problem>(p).ok())
                            .map(|p| super::fhir::outcome_of(&p));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_blank_is_what_trim_keeps() {
        let schema = serde_json::json!({"type": "string", "pattern": NOT_BLANK});
        let not_blank = jsonschema::validator_for(&schema).unwrap();
        for c in (0..0x3100).chain([0xFEFF, 0x1F600]).filter_map(char::from_u32) {
            let text = format!(" {c}\t");
            assert_eq!(not_blank.is_valid(&serde_json::json!(text)), !text.trim().is_empty(), "{c:?}");
        }
    }

    #[test]
    fn a_question_needs_a_description_or_need_codes() {
        let api = serde_json::to_value(crate::http::openapi()).unwrap();
        let mut schema = api["components"]["schemas"]["NavigationRequest"].clone();
        schema["components"] = api["components"].clone();
        let question = jsonschema::validator_for(&schema).unwrap();
        let client = serde_json::json!({"municipality": "743", "age": 40});
        let body = |fields: serde_json::Value| {
            let mut body = fields;
            body["client"] = client.clone();
            body
        };
        assert!(question.is_valid(&body(serde_json::json!({"description": "selkä kipeä"}))));
        assert!(question.is_valid(&body(serde_json::json!({"need_codes": ["health.memory"]}))));
        assert!(question.is_valid(&body(serde_json::json!({"description": " ", "need_codes": ["health.memory"]}))));
        for refused in [
            serde_json::json!({}),
            serde_json::json!({"description": " \n\u{3000}"}),
            serde_json::json!({"description": "", "need_codes": []}),
            serde_json::json!({"description": "a\u{0}b"}),
            serde_json::json!({"description": "a".repeat(crate::domain::referral::MAX_DESCRIPTION_CHARS + 1)}),
        ] {
            assert!(!question.is_valid(&body(refused.clone())), "{refused}");
        }
    }
}
