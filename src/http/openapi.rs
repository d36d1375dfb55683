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
        (name = "hsds", description = "The catalogue as Open Referral HSDS 3.0"),
        (name = "navigation", description = "From a described need to services and a team"),
        (name = "referrals", description = "One-contact referrals and their closed loop"),
        (name = "audit", description = "Audit log and statistics"),
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
    for item in api.paths.paths.values_mut() {
        for op in
            [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten()
        {
            add_common_responses(op);
            state_character_rules(op);
        }
    }
    api
}

fn problem(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/problem+json",
                ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
            )
            .build(),
    )
}

fn add_common_responses(op: &mut Operation) {
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
            op.responses.responses.insert(status.to_owned(), problem(description));
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
