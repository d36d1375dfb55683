//! Navigation quality on Luotsi's own case set (`tests/fixtures/navigation-cases.json`), written
//! independently of the evaluation sets, with the metrics of the evaluation runner. Each set's
//! floors sit one case below its figures as measured ([`Measured`]), so a single new miss fails;
//! the figures are printed with `--nocapture`.

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

mod common;

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

/// Scores a case file against the demo region; prints every miss.
fn score(cases: &Value) -> Score {
    let cat = demo_catalogue();
    let ids: Value = serde_json::from_str(include_str!("../data/demo-region/ids.json")).unwrap();
    let svc_slug: HashMap<String, String> =
        ids["services"].as_object().unwrap().iter().map(|(k, v)| (v.as_str().unwrap().to_owned(), k.clone())).collect();
    let team_slug: HashMap<String, String> =
        ids["teams"].as_object().unwrap().iter().map(|(k, v)| (v.as_str().unwrap().to_owned(), k.clone())).collect();
    let finnish = luotsi::voikko::shared();
    let nav = Navigator { catalogue: &cat, lexicon: lexicon::shipped(), analyser: Some(&*finnish) };
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
        "cases {} top3 {}/{} all5 {}/{} team {}/{} needs {}/{} emergency {}/{} false_alarms {}/{}",
        n.cases,
        n.top3_ok,
        n.top3,
        n.all5_ok,
        n.all5,
        n.team_ok,
        n.team,
        n.need_hit,
        n.need_exp,
        n.emerg_ok,
        n.emerg,
        n.false_alarm,
        n.calm
    );
    n
}

/// A set's figures when its floors were set, as printed by [`score`]: for each metric the cases
/// it got right and the cases that expect it (`(0, 0)`: the set has no such case).
struct Measured {
    top3: (u32, u32),
    all5: (u32, u32),
    team: (u32, u32),
    needs: (u32, u32),
    emergency: (u32, u32),
    /// Calm cases answered as emergencies, and the calm cases.
    false_alarms: (u32, u32),
}

/// The product's floors (top-3 0.85, lead team 0.80, needs 0.80, emergency recall 0.95, false
/// alarms at most 0.05). A set's floor is never looser than these.
const PRODUCT_TOP3: f64 = 0.85;
const PRODUCT_TEAM: f64 = 0.80;
const PRODUCT_NEEDS: f64 = 0.80;
const PRODUCT_EMERGENCY: f64 = 0.95;
const PRODUCT_FALSE_ALARMS: f64 = 0.05;

/// Each metric must stay within one case of its measured figure: at least `(k - 1) / n` right, at
/// most `f + 1` false alarms of the calm cases (or the product's floor where that is stricter). A
/// metric the set has no case of is not scored; the set must still have none.
fn assert_floors(n: &Score, m: &Measured) {
    let rates = [
        ("top-3 hit rate", (n.top3_ok, n.top3), m.top3, PRODUCT_TOP3),
        ("all-5 rate", (n.all5_ok, n.all5), m.all5, 0.0),
        ("lead-team accuracy", (n.team_ok, n.team), m.team, PRODUCT_TEAM),
        ("need recall", (n.need_hit, n.need_exp), m.needs, PRODUCT_NEEDS),
        ("emergency recall", (n.emerg_ok, n.emerg), m.emergency, PRODUCT_EMERGENCY),
    ];
    for (name, (ok, of), (k, measured_of), product) in rates {
        if measured_of == 0 {
            assert_eq!(of, 0, "{name}: the set had no such case when measured; measure it again");
            continue;
        }
        assert!(of > 0, "{name}: no case left of the {measured_of} measured");
        let floor = (f64::from(k.saturating_sub(1)) / f64::from(measured_of)).max(product);
        let got = f64::from(ok) / f64::from(of);
        assert!(got >= floor, "{name} {ok}/{of} is below its floor {floor:.3} (measured {k}/{measured_of})");
    }
    let (f, calm) = m.false_alarms;
    if calm == 0 {
        assert_eq!(n.calm, 0, "false alarms: the set had no calm case when measured; measure it again");
        return;
    }
    let ceiling = (f64::from(f + 1) / f64::from(calm)).min(PRODUCT_FALSE_ALARMS);
    let got = f64::from(n.false_alarm) / f64::from(n.calm.max(1));
    assert!(
        got <= ceiling,
        "false alarms {}/{} above the ceiling {ceiling:.3} (measured {f}/{calm})",
        n.false_alarm,
        n.calm
    );
}

#[test]
fn own_case_set_meets_the_targets() {
    let cases: Value = serde_json::from_str(include_str!("fixtures/navigation-cases.json")).unwrap();
    let n = score(&cases);
    assert!(n.cases >= 100);
    assert_floors(
        &n,
        &Measured {
            top3: (120, 120),
            all5: (110, 111),
            team: (116, 120),
            needs: (136, 136),
            emergency: (25, 25),
            false_alarms: (0, 95),
        },
    );
}

/// A second set, written blind (its author saw neither the lexicon nor the other case sets).
#[test]
fn blind_case_set_meets_the_targets() {
    let cases: Value = serde_json::from_str(include_str!("fixtures/navigation-cases-blind.json")).unwrap();
    let n = score(&cases);
    assert!(n.cases >= 100);
    assert_floors(
        &n,
        &Measured {
            top3: (100, 100),
            all5: (96, 96),
            team: (99, 100),
            needs: (116, 116),
            emergency: (20, 20),
            false_alarms: (0, 80),
        },
    );
}

/// A third set, written blind. Measured once untouched (top-3 0.900, lead team 0.875, needs
/// 0.909, emergency recall 0.625, false alarms 0.016); its misses were then fixed with general
/// rules, so it is now a regression guard like the others.
#[test]
fn holdout_case_set_meets_the_targets() {
    let cases: Value = serde_json::from_str(include_str!("fixtures/navigation-cases-holdout.json")).unwrap();
    let n = score(&cases);
    assert!(n.cases >= 80);
    assert_floors(
        &n,
        &Measured {
            top3: (80, 80),
            all5: (68, 69),
            team: (76, 80),
            needs: (98, 99),
            emergency: (16, 16),
            false_alarms: (0, 64),
        },
    );
}

/// A safety set written blind (emergencies, on-call needs and near misses). Measured once
/// untouched (emergency recall 0.644, no false alarms), then fixed with general rules.
#[test]
fn safety_case_set_meets_the_targets() {
    let cases: Value = serde_json::from_str(include_str!("fixtures/navigation-cases-safety.json")).unwrap();
    let n = score(&cases);
    assert!(n.cases >= 70);
    assert_floors(
        &n,
        &Measured {
            top3: (69, 70),
            all5: (62, 62),
            team: (68, 69),
            needs: (72, 74),
            emergency: (45, 45),
            false_alarms: (0, 25),
        },
    );
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
    assert_floors(
        &n,
        &Measured {
            top3: (60, 60),
            all5: (59, 59),
            team: (60, 60),
            needs: (62, 62),
            emergency: (18, 18),
            false_alarms: (0, 42),
        },
    );
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
    assert_floors(
        &n,
        &Measured {
            top3: (70, 70),
            all5: (66, 67),
            team: (69, 70),
            needs: (84, 85),
            emergency: (28, 28),
            false_alarms: (0, 42),
        },
    );
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
    assert_floors(
        &n,
        &Measured {
            top3: (80, 80),
            all5: (77, 77),
            team: (80, 80),
            needs: (84, 84),
            emergency: (44, 44),
            false_alarms: (0, 36),
        },
    );
}

#[test]
fn sealed_routine_case_set_meets_the_targets() {
    let cases: Value = serde_json::from_str(include_str!("fixtures/navigation-cases-sealed-routine.json")).unwrap();
    let n = score(&cases);
    assert!(n.cases >= 80);
    assert_floors(
        &n,
        &Measured {
            top3: (78, 80),
            all5: (78, 79),
            team: (76, 80),
            needs: (91, 93),
            emergency: (0, 0),
            false_alarms: (0, 80),
        },
    );
}

/// Rule 4 counts the teams of firmly stated needs: weak cues beside one clear need ("sleep",
/// "damp apartment") rank their services but do not hand the client to case management;
/// three clear needs of three teams do.
#[test]
fn weak_cues_do_not_make_a_case_for_case_management() {
    let case_management = demo_team("alue-palveluohjaus");
    let case_management = case_management.as_str();
    let ask = ask_in_seinajoki;
    let a = ask(
        "I'm pregnant and want to book a maternity clinic appointment. I sleep badly and our apartment is damp.",
        30,
    );
    let weak: Vec<&str> = a.needs.iter().filter(|n| n.confidence < 0.75).map(|n| n.code.as_str()).collect();
    assert!(weak.len() >= 2, "the weak cues are recognised: {:?}", a.needs);
    assert!(!a.routing.case_managed, "{:?}", a.routing.reasons);
    assert_ne!(a.routing.lead_team_id.as_deref(), Some(case_management));
    let a = ask("Olen raskaana, juon joka päivä liikaa ja vuokranantaja uhkaa häädöllä.", 30);
    assert!(a.routing.case_managed, "{:?} {:?}", a.needs, a.routing.reasons);
    assert_eq!(a.routing.lead_team_id.as_deref(), Some(case_management));
}

/// Distress told beside a concrete trouble is that trouble's: with money short and anxiety over
/// the bills, the social work team leads, and the mental-health services are still ranked.
#[test]
fn distress_beside_a_concrete_trouble_is_led_by_the_troubles_team() {
    let social_work = demo_team("sjk-sosiaalityo");
    let text = "Rahat ei riitä vuokraan ja ruokaan, mua ahdistaa ja en saa nukuttua kun mietin laskuja.";
    let a = ask_in_seinajoki(text, 40);
    let codes: Vec<&str> = a.needs.iter().map(|n| n.code.as_str()).collect();
    assert!(codes.contains(&"social.income") && codes.contains(&"mental.mild"), "{codes:?}");
    assert_eq!(a.routing.lead_team_id.as_deref(), Some(social_work.as_str()), "{:?}", a.routing.reasons);
}

/// The id of a team of the demo region, by its slug.
fn demo_team(slug: &str) -> String {
    let ids: Value = serde_json::from_str(include_str!("../data/demo-region/ids.json")).unwrap();
    ids["teams"][slug].as_str().unwrap().to_owned()
}

/// A navigation in Seinäjoki on the demo region, without the analyser.
fn ask_in_seinajoki(text: &str, age: u32) -> luotsi::domain::navigation::Answer {
    let cat = demo_catalogue();
    let nav = Navigator { catalogue: &cat, lexicon: lexicon::shipped(), analyser: None };
    nav.navigate(&common::needs::question_in_seinajoki(text, age), &TeamContext::default())
}
