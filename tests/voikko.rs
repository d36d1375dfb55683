//! The Finnish analyser (Voikko, loaded from the system): base forms and compound parts of real
//! words, a cache shared by threads, what `/health/ready` says runs, and navigation reading
//! Finnish with it. Where libvoikko is not
//! installed these tests say so and do not run; with `CI` set they fail instead.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use actix_web::test::{self, TestRequest};
use common::needs::read_with_an_analyser;
use common::*;
use luotsi::auth::Role;
use luotsi::domain::morphology::{Analyser, Cached};
use luotsi::voikko::Voikko;

fn voikko() -> Option<Voikko> {
    match Voikko::open() {
        Ok(v) => Some(v),
        Err(why) => {
            if std::env::var_os("CI").is_some() {
                panic!("CI is set but Voikko cannot be opened: {why}");
            }
            eprintln!("NOTE: {why}; this Voikko test did not run");
            None
        }
    }
}

/// (word, base form, compound parts) as Voikko reads them: inflection, consonant gradation,
/// compounds and derivations, and a compound whose last part is not the word that ends it.
const WORDS: &[(&str, &str, &[&str])] = &[
    ("rahapelaamiseen", "rahapelata", &["raha", "pelata"]),
    ("kotihoidon", "kotihoito", &["koti", "hoito"]),
    ("hengenahdistusta", "hengenahdistus", &["henki", "ahdistus"]),
    ("muistiongelmia", "muistiongelma", &["muisti", "ongelma"]),
    ("hammassärkyyn", "hammassärky", &["hammas", "särky"]),
    ("kouristuskohtauksen", "kouristuskohtaus", &["kouristus", "kohtaus"]),
    ("vuokrarästit", "vuokrarästi", &["vuokra", "rästi"]),
    ("toimeentulotukea", "toimeentulotuki", &["toimeen", "tulo", "tuki"]),
    ("ulosottoon", "ulosotto", &["ulos", "otto"]),
    ("tajuttomana", "tajuton", &[]),
    ("juomisesta", "juoda", &[]),
    // The readings the matcher's own tests take as Voikko's (domain::morphology::VOIKKO_WORDS).
    ("viikonloppuna", "viikonloppu", &["viikko", "loppu"]),
    ("nokkosihottumaa", "nokkosihottuma", &["nokkonen", "ihottuma"]),
    ("verenpainekontrollin", "verenpainekontrolli", &["veri", "paine", "kontrolli"]),
    ("yliannostuksen", "yliannostus", &["yli", "annostus"]),
    ("ruoka-avusta", "ruoka-apu", &["ruoka", "apu"]),
    ("kunnolla", "kunto", &[]),
    ("oksensin", "oksentaa", &[]),
    ("neuvolaan", "neuvola", &[]),
    ("annostuksen", "annostus", &[]),
];

#[test]
fn base_forms_and_compound_parts_of_real_words() {
    let Some(v) = voikko() else { return };
    assert!(v.name().starts_with("voikko"), "{}", v.name());
    for (word, base, parts) in WORDS {
        let readings = v.analyse(word);
        let found = readings.iter().any(|r| r.base_form == *base && r.parts == *parts);
        assert!(found, "{word}: {readings:?}");
    }
    // "hengenahdistus" is its own word: no reading's base form is "ahdistus".
    assert!(v.analyse("hengenahdistusta").iter().all(|r| r.base_form != "ahdistus"));
    // Spoken and dialect forms are unknown to it (the spoken layer in front of it reads them).
    for spoken in ["ahistaa", "kaatuillu", "mä", "oon"] {
        assert!(v.analyse(spoken).is_empty(), "{spoken}");
    }
    // Words it cannot take are unknown, not an error.
    for odd in ["", "a\u{0}b", "x".repeat(5_000).as_str()] {
        assert!(v.analyse(odd).is_empty(), "{odd:?}");
    }
    // Every reading of a two-part ulosotto ends in its base form's last part, never the inflected one.
    assert!(v.analyse("ulosottoon").iter().all(|r| r.parts == ["ulos", "otto"]));
}

/// The negation verb's readings are of its own class, which the text reading leaves as written.
#[test]
fn the_negation_verb_is_named_by_its_class() {
    let Some(v) = voikko() else { return };
    for word in ["en", "et", "eikä", "emme"] {
        assert!(v.analyse(word).iter().all(|r| r.class.as_deref() == Some("kieltosana")), "{word}");
    }
}

/// Navigation reads Finnish with Voikko (the cases of `common::needs::READ_WITH_AN_ANALYSER`).
#[test]
fn navigation_reads_finnish_with_voikko() {
    let Some(v) = voikko() else { return };
    let failures = read_with_an_analyser(&Cached::new(v));
    assert!(failures.is_empty(), "{failures}");
}

/// The service reads with the process's analyser: breathlessness is no anxiety through the API.
#[actix_web::test]
async fn the_navigation_endpoint_reads_with_voikko() {
    if voikko().is_none() {
        return;
    }
    let db = TestDb::sqlite();
    let app = test::init_service(luotsi::build_app(state(&db, true))).await;
    let body = serde_json::json!({
        "description": "Minulla on hengenahdistusta portaita noustessa ja äiti tarvitsisi kotihoidon apua",
        "client": {"age": 60, "municipality": "743", "language": "fi"}
    });
    let r = send(
        &app,
        TestRequest::post().uri("/v1/navigation").insert_header(bearer(&token(&[Role::CallCentre]))).set_json(&body),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let codes: Vec<&str> = r.body["needs"].as_array().unwrap().iter().map(|n| n["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"elderly.home_care"), "{codes:?}");
    assert!(!codes.contains(&"mental.mild"), "{codes:?}");
}

#[test]
fn one_cache_serves_many_threads() {
    let Some(v) = voikko() else { return };
    let cached = std::sync::Arc::new(Cached::new(v));
    let handles: Vec<_> = (0..8)
        .map(|t| {
            let cached = cached.clone();
            std::thread::spawn(move || {
                for i in 0..200 {
                    let (word, base, _) = WORDS[(t + i) % WORDS.len()];
                    assert!(cached.readings(word).iter().any(|r| r.base_form == base), "{word}");
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(cached.cached(), WORDS.len());
}

#[actix_web::test]
async fn readiness_names_the_analyser() {
    let Some(v) = voikko() else { return };
    let db = TestDb::sqlite();
    let app = test::init_service(luotsi::build_app(state(&db, false))).await;
    let r = send(&app, TestRequest::get().uri("/health/ready")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["finnish_analyser"], v.name());
}
