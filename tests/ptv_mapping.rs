//! The PTV service-class mapping (`data/ptv-needs.json`), ahead of the PTV import that reads it:
//! every need it names is in the taxonomy, every class is listed once, and each example gets
//! exactly the needs and candidates its classes give.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

fn codes(v: &Value) -> BTreeSet<String> {
    v.as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect()
}

#[test]
fn the_mapping_names_real_needs_and_its_examples_hold() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/ptv-needs.json")).unwrap();
    let file: Value = serde_json::from_str(&text).unwrap();
    let taxonomy = luotsi::domain::needs::taxonomy();
    let mut by_code: HashMap<String, (BTreeSet<String>, BTreeSet<String>)> = HashMap::new();
    let mut by_label: HashMap<String, String> = HashMap::new();
    for class in file["service_classes"].as_array().unwrap() {
        let code = class["code"].as_str().unwrap().to_owned();
        let (needs, candidates) = (codes(&class["needs"]), codes(&class["candidates"]));
        for need in needs.iter().chain(&candidates) {
            assert!(taxonomy.contains(need), "{code}: {need} is not a need code");
        }
        let label = class["label_fi"].as_str().unwrap().to_owned();
        assert!(by_label.insert(label.clone(), code.clone()).is_none(), "the label {label:?} is on two classes");
        assert!(by_code.insert(code.clone(), (needs, candidates)).is_none(), "{code} is listed twice");
    }
    assert!(by_code.len() > 100, "{} classes", by_code.len());
    let examples = file["examples"].as_array().unwrap();
    assert!(!examples.is_empty());
    for e in examples {
        let (mut needs, mut candidates) = (BTreeSet::new(), BTreeSet::new());
        for class in codes(&e["service_classes"]) {
            if let Some((n, c)) = by_code.get(&class) {
                needs.extend(n.iter().cloned());
                candidates.extend(c.iter().cloned());
            }
        }
        // A need in both lists counts as a need.
        candidates.retain(|c| !needs.contains(c));
        assert_eq!(needs, codes(&e["needs"]), "needs of {}", e["source"]);
        assert_eq!(candidates, codes(&e["candidates"]), "candidates of {}", e["source"]);
        // The Finnish labels an example carries (samples with names only) find the same classes.
        for (label, class) in
            e["labels_fi"].as_array().into_iter().flatten().zip(e["service_classes"].as_array().unwrap())
        {
            assert_eq!(by_label.get(label.as_str().unwrap()).map(String::as_str), class.as_str(), "{label}");
        }
    }
}
