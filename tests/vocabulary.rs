//! The need vocabulary's example sentences (`data/lexicon-examples.json`), by kind of wording:
//! each sentence that must give its need does, and each that must not does not.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Utc;
use luotsi::domain::catalogue::Catalogue;
use luotsi::domain::lang::Lang;
use luotsi::domain::lexicon;
use luotsi::domain::municipality::MunicipalityCode;
use luotsi::domain::navigation::{Client, Navigator, Question};
use luotsi::domain::text::{analyse, detect_language};
use serde_json::Value;

fn needs_of(text: &str, age: u32) -> Vec<String> {
    let catalogue = Catalogue::default();
    let navigator = Navigator { catalogue: &catalogue, lexicon: lexicon::shipped() };
    let analysed = analyse(text);
    let lang = detect_language(&analysed);
    let q = Question {
        description: text,
        language: Some(lang),
        client: Client {
            age,
            municipality: MunicipalityCode::parse("743").unwrap(),
            language: Lang::Fi,
            digital_ability: None,
        },
        need_codes: Vec::new(),
        at: Utc::now(),
    };
    navigator.recognise(&analysed, lang, &q).into_iter().map(|n| n.code.to_string()).collect()
}

#[test]
fn every_example_sentence_gives_its_need_and_no_other_example_does() {
    let file: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/lexicon-examples.json")).unwrap(),
    )
    .unwrap();
    let mut failures = Vec::new();
    for e in file["examples"].as_array().unwrap() {
        let need = e["need"].as_str().unwrap();
        let age = e["age"].as_u64().unwrap() as u32;
        assert!(luotsi::domain::needs::taxonomy().contains(need), "{need} is not a need code");
        for s in e["recognised"].as_array().unwrap() {
            let found = needs_of(s.as_str().unwrap(), age);
            if !found.iter().any(|n| n == need) {
                failures.push(format!("{need} ({}): not recognised in {s} (found {found:?})", e["kind"]));
            }
        }
        for s in e["not_recognised"].as_array().unwrap() {
            let found = needs_of(s.as_str().unwrap(), age);
            if found.iter().any(|n| n == need) {
                failures.push(format!("{need} ({}): recognised in {s}", e["kind"]));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
