//! The safety screen: the net behind the emergency check. When no emergency was recognised but
//! the description is not clearly routine (something sudden, a danger sign that matched only
//! weakly, death or not wanting to live, someone who cannot be reached or woken, or nothing
//! understood at all), staff ask red-flag questions before anything is recorded.
//!
//! The questions, the words that raise the screen and the weak signs are data
//! (`data/safety-screen.json`), reviewed by clinicians; the examples in it run as tests.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::emergency::EmergencyLevel;
use super::lang::Lang;
use super::lexicon::Lexicon;
use super::text::{death_in_clause, detect_language, fold, is_negator, when, Text, When};

/// How well the description was understood.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Understood {
    /// Nothing in the description was understood: the answer ranks the general entry points.
    None,
    /// Something was understood, but only from weak cues.
    Partial,
    /// A need (or an emergency) was recognised, or need codes were sent.
    Clear,
}

/// A red-flag question.
#[derive(Clone, Debug)]
pub struct Question {
    pub id: String,
    /// What a "yes" (or "unknown") means.
    pub level: EmergencyLevel,
    text: [String; 3],
}

impl Question {
    pub fn text(&self, lang: Lang) -> &str {
        &self.text[lang_index(lang)]
    }
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Fi => 0,
        Lang::Sv => 1,
        Lang::En => 2,
    }
}

/// The screen's decision for one description.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decision {
    pub required: bool,
    /// Why, quoting the words that raised it.
    pub reasons: Vec<String>,
    /// The questions to ask, in the screen's order.
    pub question_ids: Vec<String>,
}

/// The red-flag question set and what raises it.
#[derive(Debug)]
pub struct Screen {
    /// The versioned id of the question set ("red-flags-v1"): answers name it.
    pub id: String,
    pub questions: Vec<Question>,
    /// Words that require the screen; each term's target is the index of its group.
    raise: Lexicon,
    /// Per term of `raise`: counts only when negated ("!halua elää").
    must_be_negated: Vec<bool>,
    groups: Vec<Group>,
    weak_signs: HashMap<String, WeakSign>,
    /// Recognised needs that call for questions, by need code.
    needs: HashMap<String, Vec<String>>,
}

#[derive(Debug)]
struct Group {
    reason: String,
    questions: Vec<String>,
    /// Folded words that cancel a match in the same clause.
    unless: Vec<String>,
    /// Whether a mention in the past counts too (a suicide attempt years ago).
    past_counts: bool,
}

#[derive(Debug)]
struct WeakSign {
    questions: Vec<String>,
    min_age: Option<u32>,
    max_age: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    id: String,
    version: u32,
    #[allow(dead_code)]
    notes: String,
    questions: Vec<QuestionFile>,
    raise: Vec<GroupFile>,
    #[serde(default)]
    needs: Vec<NeedFile>,
    weak_signs: Vec<WeakSignFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NeedFile {
    need: String,
    questions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFile {
    id: String,
    level: String,
    text: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupFile {
    reason: String,
    questions: Vec<String>,
    terms: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    unless_in_clause: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    past_counts: bool,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    examples: Examples,
}

/// Sentences that must and must not raise a group (tests read them).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(test), allow(dead_code))]
struct Examples {
    #[serde(default)]
    raise: Vec<String>,
    #[serde(default)]
    routine: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WeakSignFile {
    sign: String,
    questions: Vec<String>,
    min_age: Option<u32>,
    max_age: Option<u32>,
}

const SHIPPED: &str = include_str!("../../data/safety-screen.json");

impl Screen {
    /// Reads a screen file; every error names the question, group or term.
    pub fn from_json(json: &str) -> Result<Screen, String> {
        let file: File = serde_json::from_str(json).map_err(|e| format!("safety screen: {e}"))?;
        let id = format!("{}-v{}", file.id, file.version);
        let mut questions = Vec::new();
        for q in file.questions {
            let level = match q.level.as_str() {
                "112" => EmergencyLevel::Emergency,
                "116117" => EmergencyLevel::OnCall,
                other => return Err(format!("question {}: level {other:?} is not 112 or 116117", q.id)),
            };
            let mut text: [String; 3] = Default::default();
            for lang in [Lang::Fi, Lang::Sv, Lang::En] {
                let t = q.text.get(lang.code()).filter(|t| !t.trim().is_empty());
                text[lang_index(lang)] =
                    t.ok_or_else(|| format!("question {}: no text in {}", q.id, lang.code()))?.clone();
            }
            if questions.iter().any(|o: &Question| o.id == q.id) {
                return Err(format!("question {} is there twice", q.id));
            }
            questions.push(Question { id: q.id, level, text });
        }
        let known = |qs: &[String], whose: &str| -> Result<(), String> {
            match qs.iter().find(|q| !questions.iter().any(|o| &o.id == *q)) {
                Some(q) => Err(format!("{whose}: question {q} is not in the screen")),
                None if qs.is_empty() => Err(format!("{whose}: no questions")),
                None => Ok(()),
            }
        };
        let mut raise = Lexicon::default();
        raise.strict = true;
        let mut must_be_negated = Vec::new();
        let mut groups = Vec::new();
        for (i, g) in file.raise.into_iter().enumerate() {
            known(&g.questions, &g.reason)?;
            for (lang_code, terms) in &g.terms {
                let lang =
                    Lang::parse(lang_code).ok_or_else(|| format!("{}: {lang_code} is not fi, sv or en", g.reason))?;
                for term in terms {
                    let (body, negated) = match term.strip_prefix('!') {
                        Some(t) => (t, true),
                        None => (term.as_str(), false),
                    };
                    raise.add(&i.to_string(), lang, body).map_err(|e| format!("{}: term {e}", g.reason))?;
                    must_be_negated.push(negated);
                }
            }
            let unless = g.unless_in_clause.values().flatten().map(|w| fold(w)).collect();
            groups.push(Group { reason: g.reason, questions: g.questions, unless, past_counts: g.past_counts });
        }
        let mut weak_signs = HashMap::new();
        for w in file.weak_signs {
            known(&w.questions, &format!("weak sign {}", w.sign))?;
            if weak_signs
                .insert(w.sign.clone(), WeakSign { questions: w.questions, min_age: w.min_age, max_age: w.max_age })
                .is_some()
            {
                return Err(format!("weak sign {} is there twice", w.sign));
            }
        }
        let mut needs = HashMap::new();
        for n in file.needs {
            known(&n.questions, &format!("need {}", n.need))?;
            if !super::needs::taxonomy().contains(&n.need) {
                return Err(format!("need {} is not a need code of the taxonomy", n.need));
            }
            if needs.insert(n.need.clone(), n.questions).is_some() {
                return Err(format!("need {} is there twice", n.need));
            }
        }
        Ok(Screen { id, questions, raise, must_be_negated, groups, weak_signs, needs })
    }

    /// The names of the weak signs, for checking them against the sign vocabulary.
    pub fn weak_sign_names(&self) -> impl Iterator<Item = &str> {
        self.weak_signs.keys().map(String::as_str)
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The screen's decision. `weak_signs` are red-flag signs found (not negated, not past), with
    /// the words that showed them. After a 116117 answer, the questions of 112 that fit what was
    /// said are asked, to rule out the life-threatening; after a 112 answer, none.
    pub fn decide(
        &self,
        text: &Text,
        emergency: Option<EmergencyLevel>,
        understood: Understood,
        needs: &[&str],
        weak_signs: &[(String, String)],
        age: u32,
    ) -> Decision {
        if emergency == Some(EmergencyLevel::Emergency) {
            return Decision::default();
        }
        let mut reasons = Vec::new();
        let mut wanted: Vec<&str> = Vec::new();
        if understood == Understood::None {
            reasons.push("nothing in the description was understood well enough: ask every question".to_owned());
            wanted.extend(self.questions.iter().map(|q| q.id.as_str()));
        }
        let text_lang = std::cell::OnceCell::new();
        for hit in self.raise.find_any_language(text) {
            if self.raise.foreign_stem(text, &hit, || *text_lang.get_or_init(|| detect_language(text))) {
                continue;
            }
            let must_be_negated = self.must_be_negated.get(hit.term).copied().unwrap_or(false);
            let negated = hit.negated || (must_be_negated && text.tokens[hit.start..=hit.end].iter().any(is_negator));
            let Some(group) = hit.target.parse::<usize>().ok().and_then(|i| self.groups.get(i)) else { continue };
            if negated != must_be_negated
                || joking(text, hit.start)
                || when(text, hit.start) == When::Past && !group.past_counts
                || death_in_clause(text, hit.start) && !must_be_negated
            {
                continue;
            }
            let clause = text.tokens[hit.start].clause;
            let cancelled = text
                .tokens
                .iter()
                .filter(|t| t.clause == clause)
                .any(|t| group.unless.iter().any(|u| t.folded.starts_with(u.as_str())));
            if cancelled {
                continue;
            }
            let quote = &text.original[text.tokens[hit.start].start..text.tokens[hit.end].end];
            push_reason(&mut reasons, format!("{}: \"{quote}\"", group.reason));
            wanted.extend(group.questions.iter().map(String::as_str));
        }
        for need in needs {
            if let Some(questions) = self.needs.get(*need) {
                push_reason(&mut reasons, format!("a need that calls for the red-flag questions ({need})"));
                wanted.extend(questions.iter().map(String::as_str));
            }
        }
        for (sign, words) in weak_signs {
            let Some(weak) = self.weak_signs.get(sign) else { continue };
            if weak.max_age.is_some_and(|max| age > max) || weak.min_age.is_some_and(|min| age < min) {
                continue;
            }
            push_reason(&mut reasons, format!("a danger sign that made no emergency alone ({sign}): \"{words}\""));
            wanted.extend(weak.questions.iter().map(String::as_str));
        }
        let on_call = emergency == Some(EmergencyLevel::OnCall);
        let question_ids: Vec<String> = self
            .questions
            .iter()
            .filter(|q| wanted.contains(&q.id.as_str()) && (!on_call || q.level == EmergencyLevel::Emergency))
            .map(|q| q.id.clone())
            .collect();
        if on_call && !question_ids.is_empty() {
            reasons.insert(0, "116117 was recognised: rule out a life-threatening situation (112) first".into());
        }
        // The last net: wording shaped like an acute description that no word group knows yet.
        if question_ids.is_empty() && emergency.is_none() {
            let model = super::screen_model::shipped();
            let score = model.score(&text.original);
            if score.raises(model) {
                let quoted = score.words.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(", ");
                reasons.push(format!(
                    "the wording is like that of acute situations (screen model v{}, {:.2}): {quoted}",
                    model.version, score.probability
                ));
                let all = self.questions.iter().map(|q| q.id.clone()).collect();
                return Decision { required: true, reasons, question_ids: all };
            }
        }
        Decision { required: !question_ids.is_empty(), reasons, question_ids }
    }
}

/// What the red-flag answers mean.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every question answered "no".
    AllNo,
    /// A "yes" or an "unknown" (the caller is often not the client): handle it as this emergency.
    Emergency { level: EmergencyLevel, question_ids: Vec<String> },
}

impl Screen {
    /// Checks staff's answers against the screen and the questions a navigation asked; each
    /// problem is (field, what is wrong).
    pub fn check_answers(
        &self,
        decision: &Decision,
        screen_id: &str,
        answers: &BTreeMap<String, String>,
    ) -> Result<Outcome, Vec<(String, String)>> {
        let mut errors = Vec::new();
        if screen_id != self.id {
            errors.push((
                "safety_screen.screen_id".to_owned(),
                format!(
                    "{screen_id:?} is not the current screen {}: ask its questions (navigation lists them)",
                    self.id
                ),
            ));
            return Err(errors);
        }
        let mut yes: Vec<&Question> = Vec::new();
        for (id, value) in answers {
            let Some(q) = self.question(id) else {
                errors.push((format!("safety_screen.answers.{id}"), format!("is not a question of {}", self.id)));
                continue;
            };
            match value.as_str() {
                "no" => {}
                "yes" | "unknown" => yes.push(q),
                other => {
                    errors.push((format!("safety_screen.answers.{id}"), format!("{other:?} is not yes, no or unknown")))
                }
            }
        }
        let missing: Vec<&str> =
            decision.question_ids.iter().filter(|q| !answers.contains_key(*q)).map(String::as_str).collect();
        if !missing.is_empty() {
            errors.push((
                "safety_screen.answers".to_owned(),
                format!("answer every question of the screen; missing: {}", missing.join(", ")),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        match yes.iter().map(|q| q.level).max() {
            None => Ok(Outcome::AllNo),
            Some(level) => Ok(Outcome::Emergency {
                level,
                question_ids: yes.iter().filter(|q| q.level == level).map(|q| q.id.clone()).collect(),
            }),
        }
    }
}

/// Whether the sentence of a mention laughs at it ("I think I'm dying, lol"): a figure, not a
/// death wish (the joke words of `data/red-flags/jest.json` that stand alone).
fn joking(text: &Text, idx: usize) -> bool {
    const JOKES: &[&str] = &["lol", "haha", "hahaha", "hah", "lmao", "xd", "rofl"];
    let sentence = text.tokens[idx].sentence;
    text.tokens.iter().any(|t| t.sentence == sentence && JOKES.contains(&t.folded.as_str()))
}

fn push_reason(reasons: &mut Vec<String>, reason: String) {
    if !reasons.contains(&reason) {
        reasons.push(reason);
    }
}

/// The screen shipped in the binary (`data/safety-screen.json`).
pub fn shipped() -> &'static Screen {
    static SCREEN: OnceLock<Screen> = OnceLock::new();
    SCREEN.get_or_init(|| match Screen::from_json(SHIPPED) {
        Ok(s) => s,
        // Checked at start-up by `check_shipped` (the service refuses to start) and by the tests.
        Err(e) => panic!("data/safety-screen.json: {e}"),
    })
}

/// Start-up check of the shipped screen: an error names what is wrong.
pub fn check_shipped() -> Result<(), String> {
    Screen::from_json(SHIPPED).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::analyse;

    fn decide(text: &str) -> Decision {
        shipped().decide(&analyse(text), None, Understood::Clear, &[], &[], 40)
    }

    #[test]
    fn the_shipped_screen_reads_and_every_example_holds() {
        let file: File = serde_json::from_str(SHIPPED).unwrap();
        let screen = shipped();
        assert_eq!(screen.id, "red-flags-v1");
        for g in &file.raise {
            assert!(!g.examples.raise.is_empty() && !g.examples.routine.is_empty(), "{}: give examples", g.reason);
            for e in &g.examples.raise {
                let d = decide(e);
                assert!(d.required, "{}: should raise the screen: {e}", g.reason);
                assert!(
                    d.reasons.iter().any(|r| r.starts_with(&g.reason)),
                    "{}: not by this group: {e} {d:?}",
                    g.reason
                );
            }
            for e in &g.examples.routine {
                assert!(!decide(e).required, "{}: should be routine: {e} {:?}", g.reason, decide(e));
            }
        }
    }

    #[test]
    fn an_emergency_needs_no_screen_and_nothing_understood_asks_everything() {
        let s = shipped();
        let t = analyse("Isälle tuli äkillisesti outo olo.");
        assert!(!s.decide(&t, Some(EmergencyLevel::Emergency), Understood::Clear, &[], &[], 60).required);
        let none = s.decide(&analyse("Hei, kysyisin yhtä asiaa."), None, Understood::None, &[], &[], 60);
        assert!(none.required);
        assert_eq!(none.question_ids.len(), s.questions.len());
    }

    #[test]
    fn negated_past_and_routine_mentions_do_not_raise_it() {
        assert!(!decide("En halua kuolla, haluan vain apua velkoihin.").required);
        assert!(!decide("Kipu alkoi äkillisesti viisi vuotta sitten, nyt käyn fysioterapiassa.").required);
        assert!(decide("En halua enää elää.").required);
        assert!(decide("I don't want to live like this anymore.").required);
    }

    #[test]
    fn weak_signs_raise_it_with_their_questions_and_age_limits() {
        let s = shipped();
        let t = analyse("x");
        let d = s.decide(&t, None, Understood::Clear, &[], &[("drowsy".into(), "väsynyt".into())], 70);
        assert!(d.required);
        assert!(d.question_ids.contains(&"consciousness".to_owned()));
        let fever = [("fever".to_owned(), "kuume".to_owned())];
        assert!(s.decide(&t, None, Understood::Clear, &[], &fever, 1).required);
        assert!(!s.decide(&t, None, Understood::Clear, &[], &fever, 30).required);
        let speech = [("stroke_speech".to_owned(), "puhe epäselvää".to_owned())];
        assert!(!s.decide(&t, None, Understood::Clear, &[], &speech, 7).required);
        assert!(s.decide(&t, None, Understood::Clear, &[], &speech, 70).required);
    }

    #[test]
    fn answers_must_cover_the_questions_and_any_yes_or_unknown_is_the_emergency() {
        let s = shipped();
        let d = decide("Isälle tuli äkillisesti outo olo.");
        let all = |v: &str| d.question_ids.iter().map(|q| (q.clone(), v.to_owned())).collect::<BTreeMap<_, _>>();
        assert_eq!(s.check_answers(&d, "red-flags-v1", &all("no")), Ok(Outcome::AllNo));
        let mut one = all("no");
        one.insert("severe_pain".into(), "unknown".into());
        assert_eq!(
            s.check_answers(&d, "red-flags-v1", &one),
            Ok(Outcome::Emergency { level: EmergencyLevel::OnCall, question_ids: vec!["severe_pain".into()] })
        );
        one.insert("chest".into(), "yes".into());
        assert!(matches!(
            s.check_answers(&d, "red-flags-v1", &one),
            Ok(Outcome::Emergency { level: EmergencyLevel::Emergency, .. })
        ));
        let mut short = all("no");
        short.remove("chest");
        let e = s.check_answers(&d, "red-flags-v1", &short).unwrap_err();
        assert!(e[0].1.contains("missing: chest"), "{e:?}");
        let mut odd = all("no");
        odd.insert("weather".into(), "maybe".into());
        odd.insert("chest".into(), "maybe".into());
        assert_eq!(s.check_answers(&d, "red-flags-v1", &odd).unwrap_err().len(), 2);
        assert!(s.check_answers(&d, "red-flags-v0", &all("no")).unwrap_err()[0].1.contains("red-flags-v1"));
    }

    #[test]
    fn needs_call_for_their_questions_and_an_on_call_answer_asks_only_those_of_112() {
        let s = shipped();
        let t = analyse("x");
        let d = s.decide(&t, None, Understood::Clear, &["social.violence"], &[], 30);
        assert_eq!(d.question_ids, ["danger"]);
        let hives = [("hives".to_owned(), "nokkosihottuma".to_owned())];
        let d = s.decide(&t, Some(EmergencyLevel::OnCall), Understood::Clear, &[], &hives, 30);
        assert!(d.required && d.reasons[0].starts_with("116117"), "{d:?}");
        assert!(d.question_ids.iter().all(|q| s.question(q).is_some_and(|q| q.level == EmergencyLevel::Emergency)));
    }

    #[test]
    fn every_weak_sign_is_a_red_flag_sign() {
        let names = crate::domain::emergency::sign_names();
        for sign in shipped().weak_sign_names() {
            assert!(names.contains(&sign), "{sign} is not a sign of data/red-flags");
        }
    }

    #[test]
    fn a_bad_screen_file_is_refused_with_what_is_wrong() {
        let bad_level = SHIPPED.replacen("\"level\": \"112\"", "\"level\": \"113\"", 1);
        assert!(Screen::from_json(&bad_level).unwrap_err().contains("113"));
        let bad_question =
            SHIPPED.replacen("\"questions\": [\"breathing\", \"chest\"", "\"questions\": [\"breath\"", 1);
        assert!(Screen::from_json(&bad_question).unwrap_err().contains("breath"));
        let bad_term = SHIPPED.replacen("\"äkillise\"", "\"ä\"", 1);
        let e = Screen::from_json(&bad_term).unwrap_err();
        assert!(e.contains("something sudden") && e.contains("\"ä\""), "{e}");
    }
}
