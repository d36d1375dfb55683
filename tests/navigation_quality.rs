//! Navigation quality on Luotsi's own case set (`tests/fixtures/navigation-cases.json`), written
//! independently of the evaluation sets, with the metrics of the evaluation runner. The thresholds
//! guard against regressions; the figures are printed with `--nocapture`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use chrono::Utc;
use luotsi::domain::catalogue::Catalogue;
use luotsi::domain::lang::Lang;
use luotsi::domain::lexicon;
use luotsi::domain::municipality::MunicipalityCode;
use luotsi::domain::navigation::{Client, Navigator, Question, TeamContext};
use luotsi::domain::needs::NeedCode;
use serde_json::Value;

/// The demo region as `luotsi serve` loads it: imported into a scratch SQLite database and read back.
pub fn demo_catalogue() -> Catalogue {
    let dir = tempfile::tempdir().unwrap();
    let url = luotsi::config::DatabaseUrl::Sqlite(dir.path().join("q.db").display().to_string());
    let mut conn = luotsi::store::ConnManager::connect(&url).unwrap();
    luotsi::store::run_migrations(&mut conn).unwrap();
    luotsi::import::load_demo_if_empty(&mut conn, Utc::now().naive_utc()).unwrap();
    Catalogue::new(luotsi::store::catalogue::load(&mut conn).unwrap())
}

#[derive(Default, Debug)]
struct Score {
    cases: u32,
    emerg: u32,
    emerg_ok: u32,
    calm: u32,
    false_alarm: u32,
    need_exp: u32,
    need_hit: u32,
    top3: u32,
    top3_ok: u32,
    all5: u32,
    all5_ok: u32,
    team: u32,
    team_ok: u32,
}

fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores a case file against the demo region; prints every miss.
fn score(cases: &Value) -> Score {
    let cat = demo_catalogue();
    let ids: Value = serde_json::from_str(include_str!("../data/demo-region/ids.json")).unwrap();
    let svc_slug: HashMap<String, String> =
        ids["services"].as_object().unwrap().iter().map(|(k, v)| (v.as_str().unwrap().to_owned(), k.clone())).collect();
    let team_slug: HashMap<String, String> =
        ids["teams"].as_object().unwrap().iter().map(|(k, v)| (v.as_str().unwrap().to_owned(), k.clone())).collect();
    let nav = Navigator { catalogue: &cat, lexicon: lexicon::shipped() };
    let mut n = Score::default();
    for c in cases["cases"].as_array().unwrap() {
        n.cases += 1;
        let client = &c["client"];
        let q = Question {
            description: c["text"].as_str().unwrap_or(""),
            language: c["language"].as_str().and_then(Lang::parse),
            client: Client {
                age: client["age"].as_u64().unwrap() as u32,
                municipality: MunicipalityCode::parse(client["municipality"].as_str().unwrap()).unwrap(),
                language: Lang::parse(client["language"].as_str().unwrap()).unwrap(),
                digital_ability: None,
            },
            need_codes: c["need_codes"]
                .as_array()
                .map(|a| a.iter().map(|x| NeedCode::parse(x.as_str().unwrap()).unwrap()).collect())
                .unwrap_or_default(),
            at: Utc::now(),
        };
        let a = nav.navigate(&q, &TeamContext::default());
        let exp = &c["expect"];
        let mut misses = Vec::new();
        let level = a.emergency.as_ref().map(|e| e.level.as_str().to_owned());
        match exp["emergency"].as_str() {
            Some(want) => {
                n.emerg += 1;
                if level.as_deref() == Some(want) {
                    n.emerg_ok += 1
                } else {
                    misses.push(format!("emergency {level:?}, expected {want}"))
                }
            }
            None => {
                n.calm += 1;
                if level.is_some() {
                    n.false_alarm += 1;
                    misses.push(format!("false emergency {level:?}"));
                }
            }
        }
        let got: Vec<&str> = a.needs.iter().map(|x| x.code.as_str()).collect();
        for need in exp["needs"].as_array().unwrap() {
            n.need_exp += 1;
            if got.contains(&need.as_str().unwrap()) {
                n.need_hit += 1
            } else {
                misses.push(format!("need {} not recognised", need.as_str().unwrap()));
            }
        }
        let ranked: Vec<String> =
            a.services.iter().map(|s| svc_slug.get(&s.service_id).cloned().unwrap_or(s.service_id.clone())).collect();
        let want3: Vec<&str> =
            exp["services_top3_any"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
        if !want3.is_empty() {
            n.top3 += 1;
            if ranked.iter().take(3).any(|r| want3.contains(&r.as_str())) {
                n.top3_ok += 1
            } else {
                misses.push(format!("top3 {:?} has none of {want3:?}", &ranked[..ranked.len().min(3)]));
            }
        }
        let want5: Vec<&str> =
            exp["services_top5_all"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
        if !want5.is_empty() {
            n.all5 += 1;
            let top5: Vec<&str> = ranked.iter().take(5).map(|s| s.as_str()).collect();
            if want5.iter().all(|w| top5.contains(w)) {
                n.all5_ok += 1
            } else {
                misses.push(format!("top5 {top5:?} lacks some of {want5:?}"));
            }
        }
        if let Some(want) = exp["lead_team_any"].as_array() {
            n.team += 1;
            let lead = a.routing.lead_team_id.as_ref().map(|t| team_slug.get(t).cloned().unwrap_or(t.clone()));
            let want: Vec<&str> = want.iter().map(|x| x.as_str().unwrap()).collect();
            if (want.is_empty() && lead.is_none()) || lead.as_deref().is_some_and(|l| want.contains(&l)) {
                n.team_ok += 1
            } else {
                misses.push(format!("lead team {lead:?}, expected {want:?}"));
            }
        }
        if !misses.is_empty() {
            println!(
                "{} [{}] {:?}",
                c["id"].as_str().unwrap(),
                c["language"],
                c["text"].as_str().unwrap_or("").chars().take(100).collect::<String>()
            );
            println!("    got needs {got:?}");
            for m in misses {
                println!("    - {m}");
            }
        }
    }
    println!(
        "cases {} top3={:.3} all5={:.3} team={:.3} needs={:.3} emergency_recall={:.3} false_alarm={:.3}",
        n.cases,
        ratio(n.top3_ok, n.top3),
        ratio(n.all5_ok, n.all5),
        ratio(n.team_ok, n.team),
        ratio(n.need_hit, n.need_exp),
        ratio(n.emerg_ok, n.emerg),
        if n.calm == 0 { 0.0 } else { n.false_alarm as f64 / n.calm as f64 }
    );
    n
}

/// Floors below the product targets, so the sets guard against regressions without pinning
/// every case.
fn assert_regression_floor(n: &Score) {
    assert!(ratio(n.top3_ok, n.top3) >= 0.85, "top-3 hit rate {}", ratio(n.top3_ok, n.top3));
    assert!(ratio(n.team_ok, n.team) >= 0.80, "lead-team accuracy {}", ratio(n.team_ok, n.team));
    assert!(ratio(n.need_hit, n.need_exp) >= 0.80, "need recall {}", ratio(n.need_hit, n.need_exp));
    assert!(ratio(n.emerg_ok, n.emerg) >= 0.95, "emergency recall {}", ratio(n.emerg_ok, n.emerg));
    assert!(n.false_alarm as f64 / n.calm.max(1) as f64 <= 0.05, "false alarms {}", n.false_alarm);
}

#[test]
fn own_case_set_meets_the_targets() {
    let cases: Value = serde_json::from_str(include_str!("fixtures/navigation-cases.json")).unwrap();
    let n = score(&cases);
    assert!(n.cases >= 100);
    assert_regression_floor(&n);
}

/// A second set, written blind (its author saw neither the lexicon nor the other case sets).
#[test]
fn blind_case_set_meets_the_targets() {
    let cases: Value = serde_json::from_str(include_str!("fixtures/navigation-cases-blind.json")).unwrap();
    let n = score(&cases);
    assert!(n.cases >= 100);
    assert_regression_floor(&n);
}

/// A third set, written blind. Measured once untouched (top-3 0.900, lead team 0.875, needs
/// 0.909, emergency recall 0.625, false alarms 0.016); its misses were then fixed with general
/// rules, so it is now a regression guard like the others.
#[test]
fn holdout_case_set_meets_the_targets() {
    let cases: Value = serde_json::from_str(include_str!("fixtures/navigation-cases-holdout.json")).unwrap();
    let n = score(&cases);
    assert!(n.cases >= 80);
    assert_regression_floor(&n);
}

/// A safety set written blind (emergencies, on-call needs and near misses). Measured once
/// untouched (emergency recall 0.644, no false alarms), then fixed with general rules.
#[test]
fn safety_case_set_meets_the_targets() {
    let cases: Value = serde_json::from_str(include_str!("fixtures/navigation-cases-safety.json")).unwrap();
    let n = score(&cases);
    assert!(n.cases >= 70);
    assert_regression_floor(&n);
}

/// The last set written blind, after every other change. Measured once untouched (top-3 0.883,
/// all-5 0.881, lead team 0.967, needs 0.887, emergency recall 0.667, no false alarms): those are
/// the honest estimate for unseen wording. Its seven misses were then fixed with general rules
/// (a sign described at length, a phone that does not answer, spelled-out ages, means of suicide,
/// dialect).
#[test]
fn final_case_set_meets_the_targets() {
    let cases: Value = serde_json::from_str(include_str!("fixtures/navigation-cases-final.json")).unwrap();
    let n = score(&cases);
    assert!(n.cases >= 60);
    assert_regression_floor(&n);
}

/// A set written blind after the final set's fixes, describing emergencies by what the caller
/// sees. Measured once untouched (top-3 0.714, all-5 0.687, lead team 0.757, needs 0.718,
/// emergency recall 0.500, false alarms 0.048); then fixed with general rules (what the caller
/// sees: drowning and CPR, hard to wake after a cause, a child alone in danger, hiding from
/// violence, stroke by face, words and hand; figures of speech mask signs).
#[test]
fn fresh_case_set_is_measured() {
    let cases: Value = serde_json::from_str(include_str!("fixtures/navigation-cases-fresh.json")).unwrap();
    let n = score(&cases);
    assert!(n.cases >= 70);
    assert!(ratio(n.emerg_ok, n.emerg) >= 0.95, "emergency recall {}", ratio(n.emerg_ok, n.emerg));
    assert!(n.false_alarm as f64 / n.calm.max(1) as f64 <= 0.05, "false alarms {}", n.false_alarm);
}

/// Two sets written blind and sealed until measured: safety (112, 116117 and near misses) and
/// routine needs. Measured once untouched, after every other change: safety top-3 0.700, all-5
/// 0.688, lead team 0.775, needs 0.714, emergency recall 0.500, false alarms 0.056 (2 of 36);
/// routine top-3 0.925, all-5 0.937, lead team 0.887, needs 0.925, false alarms 0.013 (1 of 80).
/// Emergencies told by what the caller sees in words not yet met remain the weakest part. Their
/// misses were then fixed by category (a seizure that does not stop, carbon monoxide, sudden
/// confusion, choking without a sound, swallowed batteries and coins, dislocations, something in
/// the eye, blue lips but not a blue ankle, ...), so both sets are now regression guards.
#[test]
fn sealed_safety_case_set_meets_the_targets() {
    let cases: Value = serde_json::from_str(include_str!("fixtures/navigation-cases-sealed-safety.json")).unwrap();
    let n = score(&cases);
    assert!(n.cases >= 80);
    assert_regression_floor(&n);
}

#[test]
fn sealed_routine_case_set_meets_the_targets() {
    let cases: Value = serde_json::from_str(include_str!("fixtures/navigation-cases-sealed-routine.json")).unwrap();
    let n = score(&cases);
    assert!(n.cases >= 80);
    assert_regression_floor(&n);
}
