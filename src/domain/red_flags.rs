//! The red-flag signs of the safety check ([`super::emergency`]) as reviewed data: one file per
//! sign under `data/red-flags/` (see its README), embedded in the binary. Each file holds what a
//! clinician reviews: a description, the level, the terms in Finnish, Swedish and English, and
//! sentences in which the sign must and must not be found. The rules that combine signs into a
//! level stay in code, in `emergency.rs`. A file that does not read stops start-up ([`validate`]).

use std::sync::OnceLock;

use serde::Deserialize;

use super::emergency::EmergencyLevel;
use super::lang::Lang;
use super::lexicon::Lexicon;

macro_rules! signs {
    ($($sign:ident => $name:literal),* $(,)?) => {
        /// A sign the rules of the safety check refer to, named as its file `data/red-flags/<name>.json`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub(super) enum Sign {
            $($sign),*
        }

        impl Sign {
            pub(super) const ALL: &'static [Sign] = &[$(Sign::$sign),*];

            pub(super) fn name(self) -> &'static str {
                match self {
                    $(Sign::$sign => $name),*
                }
            }
        }

        /// The sign files (name, contents), in the order of [`Sign::ALL`]: the order of the lexicon.
        const FILES: &[(&str, &str)] = &[$(($name, include_str!(concat!("../../data/red-flags/", $name, ".json")))),*];
    };
}

signs! {
    ChestPain => "chest_pain",
    BreathlessMild => "breathless",
    BreathingSevere => "breathing",
    Stroke => "stroke",
    StrokeArm => "stroke_arm",
    StrokeSpeech => "stroke_speech",
    Unconscious => "unconscious",
    Bleeding => "bleeding",
    SuicideIntent => "suicide",
    SuicidePlan => "suicide_plan",
    Overdose => "overdose",
    Violence => "violence",
    ThreatToLife => "threat",
    HelpScream => "help_scream",
    ChildDanger => "child_danger",
    ChildAlone => "child_alone",
    Anaphylaxis => "anaphylaxis",
    FeverWord => "fever",
    HighFever => "high_fever",
    NoRelief => "no_relief",
    StiffNeck => "stiff_neck",
    Fracture => "fracture",
    Swelling => "swelling",
    LossOfFunction => "loss_of_function",
    Trauma => "trauma",
    AbdominalPain => "abdominal_pain",
    SuicideMeans => "suicide_means",
    Hoard => "hoard",
    ChildPeril => "child_peril",
    FlankPain => "flank_pain",
    Hives => "hives",
    Safe => "safe",
    EyeInjury => "eye_injury",
    Bite => "bite",
    Worsening => "worsening",
    ThreatVerb => "threat_verb",
    Jest => "jest",
    SeverePain => "severe_pain",
    PainOnset => "pain_onset",
    AcuteAbdomen => "acute_abdomen",
    Waves => "waves",
    UrinaryRetention => "urinary_retention",
    WoundStitches => "wound",
    HeadInjury => "head_injury",
    Vomiting => "vomiting",
    UrgentToday => "urgent_today",
    Burn => "burn",
    Night => "night",
    Day => "day",
    Dental => "dental",
    Figure => "figure",
    Drowsy => "drowsy",
    Cold => "cold",
    FoundLying => "found_lying",
    Drowning => "drowning",
    ChildMention => "small_child",
    AloneOut => "alone",
    Hazard => "hazard",
    Hiding => "hiding",
    Streak => "spreading_infection",
    Dehydration => "dehydration",
    StrokeWeak => "stroke_weak",
    Ingestion => "ingestion",
    Deformity => "deformity",
    Jerking => "jerking",
    SeizureWord => "seizure",
    NotStopping => "not_stopping",
    CarbonMonoxide => "carbon_monoxide",
    Headache => "headache",
    Confusion => "confusion",
    Sudden => "sudden",
    EarPain => "ear_pain",
    Paralysis => "paralysis",
    BackPain => "back_pain",
    Numbness => "numbness",
    Incontinence => "incontinence",
    NoseBleed => "nosebleed",
    Anticoagulant => "anticoagulant",
    Missing => "missing",
    Dementia => "dementia",
    SwallowedObject => "swallowed_object",
    Battery => "battery",
    Blisters => "blisters",
    HotThing => "hot_thing",
    Alarm => "alarm",
    FunctionLost => "function_lost",
    BleedingSource => "bleeding_source",
    ThroatSwelling => "throat_swelling",
    Swallowing => "swallowing",
    JointPain => "joint_pain",
    CannotGetUp => "cannot_get_up",
    Sting => "sting",
    Withdrawal => "withdrawal",
    DrinkingStopped => "drinking_stopped",
    Tremor => "tremor",
    ColdSweat => "cold_sweat",
    Nausea => "nausea",
    UpperBodyPain => "upper_body_pain",
    NamedCause => "named_cause",
    BlurredVision => "blurred_vision",
    FellInWater => "fell_in_water",
    NoIntent => "no_intent",
    Labour => "labour",
    Rigors => "rigors",
    Croup => "croup",
    Apnoea => "apnoea",
    Treated => "treated",
    PregnancyBleeding => "pregnancy_bleeding",
    Hopeless => "hopeless",
    Resolve => "resolve",
    DarkFood => "dark_food",
    Intoxicated => "intoxicated",
    Stabbed => "stabbed",
    Inflamed => "inflamed",
    BleedingStopped => "bleeding_stopped",
    Testicle => "testicle",
    Contractions => "contractions",
    CoughFit => "cough_fit",
}

impl Sign {
    pub(super) fn parse(name: &str) -> Option<Sign> {
        Sign::ALL.iter().copied().find(|s| s.name() == name)
    }

    /// Whether a fear of what may come can be told with the sign: a condition named or a fall
    /// ("afraid he'll have a heart attack", "rädd att hon ska ramla och bli liggande"), never a
    /// sign seen now (not breathing, bleeding, unconscious).
    pub(super) fn may_be_feared(self) -> bool {
        use Sign::*;
        matches!(
            self,
            ChestPain | Stroke | StrokeArm | StrokeSpeech | StrokeWeak | FoundLying | CannotGetUp | Trauma | Fracture
        )
    }

    /// Whether the sign names a condition that may be a history: counted in episodes ("two
    /// strokes") or told as lasting ("still weak"), it is not happening now.
    pub(super) fn is_condition(self) -> bool {
        use Sign::*;
        matches!(self, Stroke | StrokeArm | StrokeSpeech | StrokeWeak | FunctionLost | Anaphylaxis | SeizureWord)
    }

    /// Whether the sign is one of a stroke's: what is "still" there after a stroke of the past is its trace.
    pub(super) fn is_stroke(self) -> bool {
        use Sign::*;
        matches!(self, Stroke | StrokeArm | StrokeSpeech | StrokeWeak | FunctionLost)
    }

    /// Whether the sign's words mark time or context (night, a fall, a joke): they count even in
    /// a past, negated or hypothetical sentence. Read from the sign's file.
    pub(super) fn is_context(self) -> bool {
        signs().context[self as usize]
    }
}

/// One sign file. Unknown fields are refused, so that a misspelt field is an error, not ignored.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    sign: String,
    /// What the sign is, in a line.
    description: String,
    /// The level this sign raises, alone or with the partners its rule names; none for a sign that
    /// only qualifies others.
    level: Option<EmergencyLevel>,
    /// How the rules in emergency.rs use the sign, in a line.
    rule: String,
    context: bool,
    /// For a context sign: terms (as written in `terms`) that a denial cancels although they
    /// count in the past ("I've never made a plan", "en ole yrittänyt").
    #[serde(default)]
    cancelled_by_denial: Vec<String>,
    #[serde(default)]
    terms: Terms,
    #[serde(default)]
    combinations: Vec<Combination>,
    examples: Examples,
}

/// Terms by language. A struct rather than a map: a language other than fi, sv and en, or the
/// same language twice, is an error.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Terms {
    fi: Option<Vec<String>>,
    sv: Option<Vec<String>>,
    en: Option<Vec<String>>,
}

impl Terms {
    fn by_language(&self) -> impl Iterator<Item = (Lang, &[String])> {
        [(Lang::Fi, &self.fi), (Lang::Sv, &self.sv), (Lang::En, &self.en)]
            .into_iter()
            .filter_map(|(lang, terms)| terms.as_deref().map(|t| (lang, t)))
    }
}

/// A part and what happens to it: every pairing is a term, in both orders.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Combination {
    language: Lang,
    parts: Vec<String>,
    happenings: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Examples {
    found: Vec<Example>,
    not_found: Vec<Example>,
}

/// A sentence, the client's age when it matters, and optionally the level the whole sentence
/// must reach.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Example {
    text: String,
    #[serde(default)]
    age: Option<u32>,
    #[serde(default)]
    level: Option<Expected>,
}

/// The level an example sentence reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
enum Expected {
    #[serde(rename = "112")]
    Emergency,
    #[serde(rename = "116117")]
    OnCall,
    #[serde(rename = "none")]
    Nothing,
}

#[cfg(test)]
impl Expected {
    fn level(self) -> Option<EmergencyLevel> {
        match self {
            Expected::Emergency => Some(EmergencyLevel::Emergency),
            Expected::OnCall => Some(EmergencyLevel::OnCall),
            Expected::Nothing => None,
        }
    }
}

/// The signs read from their files: one lexicon for every sign, strict and wide.
#[derive(Debug)]
pub(super) struct RedFlags {
    pub(super) lexicon: Lexicon,
    /// For each term of the lexicon, whether it counts only when negated: "!saa henkeä" is a
    /// sign in "ei saa henkeä", "eikä saa henkeä".
    pub(super) must_be_negated: Vec<bool>,
    /// [`Sign::is_context`] of each sign, by its place in [`Sign::ALL`].
    context: Vec<bool>,
    /// For each term of the lexicon, whether a denial cancels it (`cancelled_by_denial`).
    pub(super) cancellable: Vec<bool>,
}

/// Reads and checks sign files given as (file name without `.json`, contents). Every sign must
/// have exactly one file, named as the sign. An error names the file and, where there is one,
/// the term.
fn load(files: &[(&str, &str)]) -> Result<RedFlags, String> {
    let mut lexicon = Lexicon::default();
    lexicon.strict = true;
    lexicon.wide = true;
    let mut must_be_negated = Vec::new();
    let mut context = vec![false; Sign::ALL.len()];
    let mut cancellable = Vec::new();
    let mut seen = vec![false; Sign::ALL.len()];
    for (file, json) in files {
        let at = |message: String| format!("data/red-flags/{file}.json: {message}");
        let doc: Document = serde_json::from_str(json).map_err(|e| at(e.to_string()))?;
        let sign = Sign::parse(&doc.sign)
            .ok_or_else(|| at(format!("{:?} is not a sign the rules in emergency.rs know", doc.sign)))?;
        if doc.sign != *file {
            return Err(at(format!("the sign {:?} must be in {}.json", doc.sign, doc.sign)));
        }
        if std::mem::replace(&mut seen[sign as usize], true) {
            return Err(at(format!("a second file for the sign {:?}", doc.sign)));
        }
        check_text(&doc).map_err(at)?;
        context[sign as usize] = doc.context;
        if !doc.cancelled_by_denial.is_empty() && !doc.context {
            return Err(at("cancelled_by_denial is for context signs: a denial already cancels any other".to_owned()));
        }
        let as_written: Vec<&String> = doc.terms.by_language().flat_map(|(_, t)| t).collect();
        if let Some(t) = doc.cancelled_by_denial.iter().find(|t| !as_written.contains(t)) {
            return Err(at(format!("cancelled_by_denial: {t:?} is not one of the sign's terms")));
        }
        // A leading '!' marks a term (or a happening) that counts only when negated.
        let mut add = |lang: Lang, term: &str, negated: bool, written: &str| {
            lexicon.add(sign.name(), lang, term).map_err(|e| {
                // The lexicon's message starts with the term as it got it; name it as written.
                let reason = e.strip_prefix(&format!("{term:?}")).unwrap_or(&e).trim_start_matches(':').trim();
                at(format!("{lang} term {written:?}: {reason}"))
            })?;
            must_be_negated.push(negated);
            cancellable.push(doc.cancelled_by_denial.iter().any(|t| t == written));
            Ok::<(), String>(())
        };
        let mut any = false;
        for (lang, terms) in doc.terms.by_language() {
            if terms.is_empty() {
                return Err(at(format!("terms.{lang} is empty: add a term or leave the language out")));
            }
            for raw in terms {
                let term = raw.strip_prefix('!');
                add(lang, term.unwrap_or(raw), term.is_some(), raw)?;
                any = true;
            }
        }
        for c in &doc.combinations {
            let lang = c.language;
            if c.parts.is_empty() || c.happenings.is_empty() {
                return Err(at(format!("a {lang} combination needs parts and happenings")));
            }
            if let Some(word) =
                c.parts.iter().chain(&c.happenings).find(|w| w.trim_start_matches('!').trim().is_empty())
            {
                return Err(at(format!("{lang} combination: the part or happening {word:?} has no words")));
            }
            if let Some(part) = c.parts.iter().find(|p| p.starts_with('!')) {
                return Err(at(format!("{lang} part {part:?}: only a happening may be marked with '!'")));
            }
            for part in &c.parts {
                for raw in &c.happenings {
                    let happening = raw.strip_prefix('!');
                    let h = happening.unwrap_or(raw);
                    for term in [format!("{part} {h}"), format!("{h} {part}")] {
                        add(lang, &term, happening.is_some(), &term)?;
                        any = true;
                    }
                }
            }
        }
        if !any {
            return Err(at("no terms and no combinations".to_owned()));
        }
    }
    let missing: Vec<&str> = Sign::ALL.iter().filter(|s| !seen[**s as usize]).map(|s| s.name()).collect();
    if !missing.is_empty() {
        return Err(format!("data/red-flags/: no file for the signs {}", missing.join(", ")));
    }
    Ok(RedFlags { lexicon, must_be_negated, context, cancellable })
}

/// The texts a reviewer reads must be there: a description, the rule, and examples with text.
fn check_text(doc: &Document) -> Result<(), String> {
    if doc.description.trim().is_empty() || doc.rule.trim().is_empty() {
        return Err("the description and the rule must say something".to_owned());
    }
    if let Some(e) = doc.examples.found.iter().chain(&doc.examples.not_found).find(|e| e.text.trim().is_empty()) {
        return Err(format!("an example without text (age {:?}, level {:?})", e.age, e.level));
    }
    if doc.level.is_some() && (doc.examples.found.is_empty() || doc.examples.not_found.is_empty()) {
        return Err("a sign with a level needs examples in which it is found and not found".to_owned());
    }
    Ok(())
}

/// The shipped sign files, read once.
fn shipped() -> Result<&'static RedFlags, &'static str> {
    static RED_FLAGS: OnceLock<Result<RedFlags, String>> = OnceLock::new();
    RED_FLAGS.get_or_init(|| load(FILES)).as_ref().map_err(String::as_str)
}

/// Reads and checks the shipped sign files: start-up refuses to serve when they do not read.
pub fn validate() -> Result<(), String> {
    shipped().map(|_| ()).map_err(str::to_owned)
}

/// The shipped signs. The server checks them at start-up ([`validate`]), so a broken file never
/// gets here in a running service; elsewhere (a tool, a test) it stops with the file's error
/// rather than checking without its signs.
pub(super) fn signs() -> &'static RedFlags {
    match shipped() {
        Ok(signs) => signs,
        Err(e) => panic!("{e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::emergency::{assess, found};
    use crate::domain::text::analyse;

    fn documents() -> Vec<(Sign, Document)> {
        FILES
            .iter()
            .map(|(file, json)| {
                let doc: Document = serde_json::from_str(json).unwrap_or_else(|e| panic!("{file}: {e}"));
                (Sign::parse(&doc.sign).unwrap(), doc)
            })
            .collect()
    }

    #[test]
    fn the_shipped_files_read() {
        validate().unwrap();
        assert_eq!(signs().lexicon.len(), signs().must_be_negated.len());
    }

    /// Every file in data/red-flags/ is a sign's (besides the README), and every sign has one.
    #[test]
    fn every_file_is_a_sign_and_every_sign_has_a_file() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/red-flags");
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "README.md")
            .collect();
        names.sort();
        let mut expected: Vec<String> = Sign::ALL.iter().map(|s| format!("{}.json", s.name())).collect();
        expected.sort();
        assert_eq!(names, expected);
    }

    /// A broken file is refused with a message naming the file and what is wrong in it.
    #[test]
    fn a_bad_file_is_an_error_naming_sign_and_term() {
        let document = |sign: &str, body: &str| {
            format!(
                r#"{{"sign": "{sign}", "description": "d", "rule": "r", "level": null, "context": false,
                     "examples": {{"found": [], "not_found": []}}, {body}}}"#
            )
        };
        let cases = [
            (
                "chest_pain",
                document("chest_pain", r#""terms": {"fi": ["rintakipu", "xy"]}"#),
                vec!["chest_pain", "\"xy\""],
            ),
            (
                "chest_pain",
                document("chest_pain", r#""terms": {"fi": ["rintakipu", "!"]}"#),
                vec!["chest_pain", "\"!\""],
            ),
            (
                "chest_pain",
                document(
                    "chest_pain",
                    r#""combinations": [{"language": "sv", "parts": ["bröst"], "happenings": ["!ont|x"]}]"#,
                ),
                vec!["chest_pain", "\"bröst ont|x\""],
            ),
            ("chest_pain", document("chest_pain", r#""terms": {"de": ["Brustschmerz"]}"#), vec!["chest_pain", "de"]),
            ("chest_pain", document("chest_pain", r#""terms": {"fi": []}"#), vec!["chest_pain", "terms.fi"]),
            ("chest_pain", document("chest_pain", r#""terms": {}"#), vec!["chest_pain", "no terms"]),
            ("chest_pain", document("heart_ache", r#""terms": {"en": ["heart ache"]}"#), vec!["heart_ache"]),
            ("chest_pain", document("stroke", r#""terms": {"en": ["stroke"]}"#), vec!["chest_pain", "stroke"]),
            (
                "chest_pain",
                document("chest_pain", r#""terms": {"en": ["chest pain"]}"#)
                    .replace(r#""level": null"#, r#""level": "113""#),
                vec!["chest_pain", "113"],
            ),
        ];
        for (file, json, wanted) in cases {
            let mut files: Vec<(&str, &str)> = FILES.to_vec();
            files[0] = (file, json.as_str());
            let e = load(&files).unwrap_err();
            for w in wanted {
                assert!(e.contains(w), "{e:?} should name {w}");
            }
        }
        // The same sign twice, and a sign without a file.
        let mut files: Vec<(&str, &str)> = FILES.to_vec();
        files.push(FILES[0]);
        assert!(load(&files).unwrap_err().contains("a second file for the sign \"chest_pain\""));
        let e = load(&FILES[1..]).unwrap_err();
        assert!(e.contains("no file for the signs chest_pain"), "{e}");
    }

    /// The examples of every file: each `found` sentence shows the sign (counted: not negated, not
    /// past, not a worry), each `not_found` does not, and a level given is the level reached.
    #[test]
    fn every_example_finds_its_sign_or_not() {
        let mut failures = Vec::new();
        let mut examples = 0;
        for (sign, doc) in documents() {
            let cases =
                doc.examples.found.iter().map(|e| (e, true)).chain(doc.examples.not_found.iter().map(|e| (e, false)));
            for (example, expected) in cases {
                examples += 1;
                let text = analyse(&example.text);
                let found = found(&text);
                if found.has(sign) != expected {
                    let counted: Vec<&str> = found.signs().map(Sign::name).collect();
                    failures.push(format!(
                        "{}: {:?} should {}show the sign (found: {})",
                        doc.sign,
                        example.text,
                        if expected { "" } else { "not " },
                        counted.join(" ")
                    ));
                }
                let level = assess(&text, example.age).map(|a| a.level);
                if let Some(wanted) = example.level.filter(|w| w.level() != level) {
                    failures.push(format!("{}: {:?} reaches {level:?}, not {wanted:?}", doc.sign, example.text));
                }
            }
            // The level in the file is one the sign raises: a found example reaches it.
            if let Some(level) = doc.level {
                let shown = doc.examples.found.iter().any(|e| e.level.and_then(Expected::level) == Some(level));
                if !shown {
                    failures.push(format!("{}: no found example reaches its level {}", doc.sign, level.as_str()));
                }
            }
        }
        assert!(failures.is_empty(), "{} of {examples} examples fail:\n{}", failures.len(), failures.join("\n"));
    }
}
