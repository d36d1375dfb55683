//! `luotsi explain`: what the service understood of a description, for staff, clinicians and
//! developers: the analyser that runs, the tokens with their base forms, every safety sign and
//! need term that fired or was set aside (and why), the emergency, how well it was understood and
//! the safety screen's decision with its reasons.

use std::fmt::Write;

use chrono::Utc;

use crate::domain::catalogue::Catalogue;
use crate::domain::lang::Lang;
use crate::domain::morphology::Analyser;
use crate::domain::municipality::MunicipalityCode;
use crate::domain::navigation::{Client, Navigator, Question, TeamContext};
use crate::domain::text::{analyse, detect_language, When};
use crate::domain::{emergency, lexicon};

/// The report for a description; `age` is the client's, `language` the description's (detected
/// when `None`).
pub fn report(description: &str, age: u32, language: Option<Lang>, analyser: &dyn Analyser) -> String {
    let text = analyse(description);
    let lang = language.unwrap_or_else(|| detect_language(&text));
    let mut out = String::new();
    let _ = writeln!(out, "analyser  {}", analyser.name());
    let _ = writeln!(out, "language  {}{}", lang.code(), if language.is_none() { " (detected)" } else { "" });
    let _ = writeln!(out, "tokens");
    for (i, t) in text.tokens.iter().enumerate() {
        let readings = analyser.analyse(&t.text);
        let bases: Vec<String> = readings
            .iter()
            .map(|r| {
                if r.parts.len() > 1 {
                    format!("{} [{}]", r.base_form, r.parts.join(" + "))
                } else {
                    r.base_form.clone()
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "  {:<18} base {:<32} {}",
            t.text,
            if bases.is_empty() { "-".to_owned() } else { bases.join(" | ") },
            when_label(crate::domain::text::when(&text, i))
        );
    }
    let _ = writeln!(out, "safety signs");
    for (sign, words, status) in emergency::explain(&text) {
        let _ = writeln!(out, "  {sign:<20} {words:?}  {status}");
    }
    let catalogue = crate::import::demo::services();
    let _ = writeln!(out, "catalogue words (the demo region's services)");
    for m in catalogue.text_matches(&text).iter().take(5) {
        let _ =
            writeln!(out, "  {:<48} {:>6.2}  {}", catalogue.services[m.service].name.fi, m.score, m.words.join(", "));
    }
    let navigator =
        Navigator { catalogue: &Catalogue::default(), lexicon: lexicon::active(), analyser: Some(analyser) };
    // Needs and the screen do not depend on the municipality; any well-formed code will do.
    let Ok(municipality) = MunicipalityCode::parse("091") else { return out };
    let question = Question {
        description,
        language: Some(lang),
        client: Client { age, municipality, language: lang, digital_ability: None },
        need_codes: Vec::new(),
        at: Utc::now(),
    };
    let answer = navigator.navigate(&question, &TeamContext::default());
    match &answer.emergency {
        Some(e) => {
            let _ = writeln!(out, "emergency {}: {}", e.level.as_str(), e.reasons.join("; "));
        }
        None => {
            let _ = writeln!(out, "emergency none");
        }
    }
    let _ = writeln!(out, "need terms");
    for hit in lexicon::active().find(&text, lang) {
        let words = &text.original[text.tokens[hit.start].start..text.tokens[hit.end].end];
        let status = if hit.negated { "negated (kept only where the need is about a lack)" } else { "found" };
        let _ = writeln!(out, "  {:<28} {words:?}  weight {:.2}  {status}", hit.target, hit.weight);
    }
    let _ = writeln!(out, "needs");
    for n in &answer.needs {
        let _ = writeln!(out, "  {:<28} {:.2}  {}", n.code.as_str(), n.confidence, n.evidence.join(", "));
    }
    let _ = writeln!(out, "understood {:?}", answer.understood);
    let s = &answer.safety;
    let _ = writeln!(out, "safety screen {}", if s.required { "REQUIRED" } else { "not required" });
    for r in &s.reasons {
        let _ = writeln!(out, "  because {r}");
    }
    if !s.question_ids.is_empty() {
        let _ = writeln!(out, "  ask {}", s.question_ids.join(", "));
    }
    // The wording model is asked only when nothing else raised the screen; shown always here.
    let model = crate::domain::screen_model::shipped();
    let score = model.score(description);
    let _ = writeln!(
        out,
        "screen model v{} {:.2} (raises at {:.2} when nothing else did): {}",
        model.version,
        score.probability,
        model.threshold,
        score.words.join(", ")
    );
    out
}

fn when_label(w: When) -> &'static str {
    match w {
        When::Now => "now",
        When::Past => "past",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::morphology::NoAnalyser;

    #[test]
    fn the_report_shows_signs_set_aside_needs_and_the_screen() {
        let r = report("Ei rintakipua. Tänään tuli äkillisesti outo olo ja mieliala on maassa.", 50, None, &NoAnalyser);
        assert!(r.contains("language  fi (detected)"), "{r}");
        assert!(r.contains("chest_pain") && r.contains("set aside: negated"), "{r}");
        assert!(r.contains("mental.mild"), "{r}");
        assert!(r.contains("safety screen REQUIRED") && r.contains("äkillisesti"), "{r}");
        let routine = report("Reseptini loppuu ensi viikolla.", 60, Some(Lang::Fi), &NoAnalyser);
        assert!(routine.contains("safety screen not required") && routine.contains("understood Clear"), "{routine}");
    }
}
