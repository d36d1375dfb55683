//! Needs that navigation recognises in a description, and case lists of needs that must or must
//! not be recognised (for the lexicon's tests and the Finnish analyser's).

use chrono::Utc;
use luotsi::domain::catalogue::Catalogue;
use luotsi::domain::lang::Lang;
use luotsi::domain::lexicon;
use luotsi::domain::morphology::Analyser;
use luotsi::domain::municipality::MunicipalityCode;
use luotsi::domain::navigation::{Client, Navigator, Question, TeamContext};

/// A description, the client's age, and a need code.
pub type Case = (&'static str, u32, &'static str);

/// The needs navigation recognises in `text` (no catalogue, a client in Seinäjoki), reading
/// Finnish with `finnish`.
pub fn recognised(text: &str, age: u32, finnish: &dyn Analyser) -> Vec<String> {
    let cat = Catalogue::default();
    let nav = Navigator { catalogue: &cat, lexicon: lexicon::shipped(), analyser: Some(finnish) };
    let q = question_in_seinajoki(text, age);
    nav.navigate(&q, &TeamContext::default()).needs.into_iter().map(|n| n.code.to_string()).collect()
}

/// A description of a Finnish-speaking client of `age` in Seinäjoki, its language left to detection.
pub fn question_in_seinajoki(text: &str, age: u32) -> Question<'_> {
    Question {
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
    }
}

/// The cases whose need `needs` does not find (`found`), or finds (`!found`), a line each.
pub fn misses(cases: &[Case], found: bool, needs: impl Fn(&str, u32) -> Vec<String>) -> String {
    let mut lines = Vec::new();
    for (text, age, code) in cases {
        let got = needs(text, *age);
        if got.iter().any(|c| c == code) != found {
            let what = if found { "expected" } else { "should not be recognised:" };
            lines.push(format!("{text:?} (age {age}): {what} {code}, got {got:?}"));
        }
    }
    lines.join("\n")
}

/// Finnish read with base forms and compound parts: a lexicalised compound is its own word
/// ("hengenahdistus" is breathlessness, not anxiety), a compound's last part stands for it after
/// a modifier that keeps the concept, consonant gradation is undone, an exact word is found in
/// every inflection (`tests/lexicon.rs` with Voikko's readings of these words, `tests/voikko.rs`
/// with Voikko). The needs that must be recognised, then those that must not.
pub const READ_WITH_AN_ANALYSER: (&[Case], &[Case]) = (
    &[
        ("Poika on jäänyt koukkuun rahapelaamiseen ja velkaa on jo paljon", 19, "substance.gambling"),
        ("Isä tarvitsisi kotihoidon käyntejä aamuisin", 85, "elderly.home_care"),
        ("Haen toimeentulotukea, rahat ei riitä ruokaan", 40, "social.income"),
        ("Oksensin koko yön ja nyt on kuumetta", 30, "health.acute_minor"),
        ("Kädet on täynnä nokkosihottumaa", 30, "health.acute_minor"),
    ],
    &[
        ("Minulla on hengenahdistusta portaita noustessa", 60, "mental.mild"),
        ("Haen toimeentulotukea, rahat ei riitä ruokaan", 40, "social.employment"),
        ("Vedin yliannostuksen kolme vuotta sitten ja nyt haen töitä", 30, "health.prescription"),
        ("En saa kunnolla unta", 30, "social.income"),
    ],
);

/// The failures of [`READ_WITH_AN_ANALYSER`] reading Finnish with `finnish`, a line each.
pub fn read_with_an_analyser(finnish: &dyn Analyser) -> String {
    let needs = |text: &str, age| recognised(text, age, finnish);
    let (must, must_not) = READ_WITH_AN_ANALYSER;
    [misses(must, true, needs), misses(must_not, false, needs)].join("\n").trim().to_owned()
}
