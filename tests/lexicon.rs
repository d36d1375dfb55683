//! The need lexicon (`data/lexicon.json`) as reviewed data: its shape, and phrases it must and
//! must not recognise: inflection, compounds, consonant gradation, spoken and dialect forms,
//! typos, Swedish and English, negation and past mentions.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Utc;
use luotsi::domain::catalogue::Catalogue;
use luotsi::domain::lang::Lang;
use luotsi::domain::lexicon::{self, Lexicon};
use luotsi::domain::municipality::MunicipalityCode;
use luotsi::domain::navigation::{Client, Navigator, Question};
use luotsi::domain::needs::taxonomy;
use luotsi::domain::text::analyse;
use serde_json::Value;

#[test]
fn every_need_has_terms_in_every_language_and_the_file_is_clean() {
    let raw: Value = serde_json::from_str(include_str!("../data/lexicon.json")).unwrap();
    assert_eq!(raw["version"], 1);
    let needs = raw["needs"].as_object().unwrap();
    for need in &taxonomy().needs {
        if need.code.starts_with("emergency.") {
            assert!(!needs.contains_key(&need.code), "{}: emergencies have their own rules", need.code);
            continue;
        }
        let entry = needs.get(&need.code).unwrap_or_else(|| panic!("{} has no terms", need.code));
        for lang in ["fi", "sv", "en"] {
            let terms = entry[lang].as_array().unwrap_or_else(|| panic!("{} has no {lang} terms", need.code));
            assert!(!terms.is_empty(), "{} {lang}", need.code);
            let mut seen = std::collections::HashSet::new();
            for t in terms {
                let t = t.as_str().unwrap();
                assert!(seen.insert(t), "{} {lang}: {t:?} twice", need.code);
                let body = t.split('|').next().unwrap().trim();
                assert!(!body.is_empty(), "{} {lang}: empty term", need.code);
                assert!(
                    !matches!(body, "ei" | "en" | "inte" | "not" | "no" | "=ei" | "=no"),
                    "{} {lang}: {t:?} is only a negation",
                    need.code
                );
            }
        }
    }
    let l = lexicon::shipped();
    assert!(l.len() > 5000, "{} terms", l.len());
    assert!(l.terms.iter().all(|t| t.weight > 0.0 && t.weight <= 1.0));
}

#[test]
fn a_bad_lexicon_is_refused() {
    let known = |c: &str| taxonomy().contains(c);
    assert!(Lexicon::from_json(r#"{"version": 2, "needs": {}}"#, known).is_err());
    assert!(Lexicon::from_json(r#"{"version": 1, "needs": {"health.nope": {"fi": ["x"]}}}"#, known).is_err());
    assert!(Lexicon::from_json(r#"{"version": 1, "needs": {"health.memory": {"de": ["gedächtnis"]}}}"#, known).is_err());
    assert!(Lexicon::from_json(r#"{"version": 1, "needs": {"health.memory": {"fi": ["muisti|7"]}}}"#, known).is_err());
}

fn needs(text: &str, age: u32) -> Vec<String> {
    let cat = Catalogue::default();
    let nav = Navigator { catalogue: &cat, lexicon: lexicon::shipped() };
    let t = analyse(text);
    let lang = luotsi::domain::text::detect_language(&t);
    let q = Question {
        description: text,
        language: None,
        client: Client {
            age,
            municipality: MunicipalityCode::parse("743").unwrap(),
            language: Lang::Fi,
            digital_ability: None,
        },
        need_codes: Vec::new(),
        at: Utc::now(),
    };
    nav.recognise(&t, lang, &q).into_iter().map(|n| n.code.to_string()).collect()
}

#[test]
fn recognises_inflected_compound_spoken_and_misspelt_forms() {
    let cases: &[(&str, u32, &str)] = &[
        // Finnish inflection and compounds
        ("Äidillä on muistiongelmia ja hän unohtelee asioita", 80, "health.memory"),
        ("hammassärkyyn ei auta mikään", 40, "health.oral_acute"),
        ("isällä on päihdeongelma, juo joka päivä", 50, "substance.alcohol"),
        ("tarvitsisin kotihoidon käyntejä", 85, "elderly.home_care"),
        ("kotihoito käy jo, mutta tarvitaan lisää", 85, "elderly.home_care"),
        ("vuokrat on rästissä ja häätö uhkaa", 40, "social.housing"),
        ("pikavippejä ja ulosottoa", 30, "social.debt"),
        // spoken and dialect
        ("mua ahistaa koko ajan enkä saa nukuttua", 30, "mental.mild"),
        ("selekä kipiä jo kolome viikkoa", 50, "health.musculoskeletal"),
        ("mä en jaksa enää mitään", 35, "mental.mild"),
        // typos
        ("muistiongelmai ja unohtelua", 75, "health.memory"),
        // Swedish
        ("min son dricker för mycket", 50, "substance.family_member"),
        ("mamma behöver hemvård, hon klarar inte duschen själv", 84, "elderly.home_care"),
        ("jag har ont i ryggen sedan tre veckor", 45, "health.musculoskeletal"),
        ("vi håller på att skiljas", 40, "family.relationship"),
        // English
        ("my mother forgets everything and has fallen twice", 82, "health.memory"),
        ("my mother forgets everything and has fallen twice", 82, "elderly.falls"),
        ("I can't pay the rent and got an eviction notice", 35, "social.housing"),
        ("I'm so anxious I can't sleep", 30, "mental.mild"),
        ("my brother uses amphetamine and I need support for myself", 30, "substance.family_member"),
        // the client is the person in need: a young person's own drinking
        ("19-vuotias poika juo viikonloppuisin liikaa", 19, "substance.alcohol"),
        // rule 8
        ("nuori on ollut alakuloinen ja ahdistunut", 16, "mental.youth"),
    ];
    let mut failures = Vec::new();
    for (text, age, code) in cases {
        let got = needs(text, *age);
        if !got.iter().any(|c| c == code) {
            failures.push(format!("{text:?} (age {age}): expected {code}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn negations_and_history_are_not_needs() {
    let cases: &[(&str, u32, &str)] = &[
        ("Hammastarkastus ajankohtainen, ei mitään kipuja", 37, "health.oral_acute"),
        ("Itsetuhoisia ajatuksia ei ole.", 34, "mental.crisis"),
        ("No fever and no cough.", 30, "health.acute_minor"),
        ("Jäin leskeksi viisi vuotta sitten.", 79, "mental.crisis"),
        ("Jag spelar bort lönen och ljuger för min fru", 33, "substance.family_member"),
        ("Ingen feber.", 30, "health.acute_minor"),
    ];
    let mut failures = Vec::new();
    for (text, age, code) in cases {
        let got = needs(text, *age);
        if got.iter().any(|c| c == code) {
            failures.push(format!("{text:?}: {code} should not be recognised, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
