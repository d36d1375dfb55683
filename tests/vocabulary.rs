//! The need vocabulary's example sentences (`data/lexicon-examples.json`), by kind of wording:
//! each sentence that must give its need does, and each that must not does not.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::needs::recognised;
use luotsi::domain::morphology::{Analyser, NoAnalyser};
use serde_json::Value;

#[test]
fn every_example_sentence_gives_its_need_and_no_other_example_does() {
    let file: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/lexicon-examples.json")).unwrap(),
    )
    .unwrap();
    let voikko = luotsi::voikko::shared();
    // With the Finnish analyser where it is installed, and without (stems alone): both must hold.
    let readers: [&dyn Analyser; 2] = [&*voikko, &NoAnalyser];
    let mut failures = Vec::new();
    for (e, finnish) in file["examples"].as_array().unwrap().iter().flat_map(|e| readers.map(|r| (e, r))) {
        let need = e["need"].as_str().unwrap();
        let age = e["age"].as_u64().unwrap() as u32;
        assert!(luotsi::domain::needs::taxonomy().contains(need), "{need} is not a need code");
        for s in e["recognised"].as_array().unwrap() {
            let found = recognised(s.as_str().unwrap(), age, finnish);
            if !found.iter().any(|n| n == need) {
                failures.push(format!(
                    "{need} ({}, {}): not recognised in {s} (found {found:?})",
                    e["kind"],
                    finnish.name()
                ));
            }
        }
        for s in e["not_recognised"].as_array().unwrap() {
            let found = recognised(s.as_str().unwrap(), age, finnish);
            if found.iter().any(|n| n == need) {
                failures.push(format!("{need} ({}, {}): recognised in {s}", e["kind"], finnish.name()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
