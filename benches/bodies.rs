//! The navigation logic alone (`Navigator::navigate`: text analysis, safety check, needs,
//! ranking, routing) on each body of `bench/bodies/navigation/`, the descriptions that
//! `bench/http.sh` sends, with the demo region. Prints, per body, the fastest of `ROUNDS` rounds
//! of `CALLS` calls (the minimum: this machine's neighbours slow some rounds down by half), and
//! the mean over the bodies; and the first call with a cold analysis cache (a fresh Voikko
//! handle and cache, the fastest of `ROUNDS`). `cargo bench --bench bodies`; figures in
//! BENCHMARKS.md.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use chrono::Utc;
use luotsi::domain::lang::Lang;
use luotsi::domain::lexicon;
use luotsi::domain::municipality::MunicipalityCode;
use luotsi::domain::navigation::{Client, Navigator, Question, TeamContext};
use luotsi::import;

mod common;
use common::catalogue;

const ROUNDS: usize = 5;
const CALLS: usize = 400;

fn main() {
    let catalogue = catalogue(import::demo::CATALOGUE, import::demo::TEAMS);
    let finnish = luotsi::voikko::shared();
    let navigator = Navigator { catalogue: &catalogue, lexicon: lexicon::shipped(), analyser: Some(&*finnish) };
    let teams = TeamContext::default();
    let bodies = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/bodies/navigation");
    let mut files: Vec<_> = std::fs::read_dir(bodies).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    println!("| body | chars | navigate() us (fastest of {ROUNDS} rounds of {CALLS}) | cold cache us |");
    println!("|------|-------|------|------|");
    let mut total = 0.0;
    for file in &files {
        let body: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let client = &body["client"];
        let description = body["description"].as_str().unwrap();
        let question = Question {
            description,
            language: body["language"].as_str().and_then(Lang::parse),
            client: Client {
                age: client["age"].as_u64().unwrap() as u32,
                municipality: MunicipalityCode::parse(client["municipality"].as_str().unwrap()).unwrap(),
                language: Lang::parse(client["language"].as_str().unwrap_or("fi")).unwrap(),
                digital_ability: None,
            },
            need_codes: Vec::new(),
            at: Utc::now(),
        };
        for _ in 0..CALLS / 2 {
            std::hint::black_box(navigator.navigate(&question, &teams));
        }
        let fastest = (0..ROUNDS)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..CALLS {
                    std::hint::black_box(navigator.navigate(&question, &teams));
                }
                start.elapsed().as_secs_f64() / CALLS as f64 * 1e6
            })
            .fold(f64::MAX, f64::min);
        total += fastest;
        // The first reading of these words: a new handle and an empty cache (opening is not timed).
        let cold = (0..ROUNDS)
            .map(|_| {
                let fresh = luotsi::domain::morphology::Cached::new(luotsi::voikko::finnish());
                let navigator =
                    Navigator { catalogue: &catalogue, lexicon: lexicon::shipped(), analyser: Some(&fresh) };
                let start = Instant::now();
                std::hint::black_box(navigator.navigate(&question, &teams));
                start.elapsed().as_secs_f64() * 1e6
            })
            .fold(f64::MAX, f64::min);
        let name = file.file_stem().unwrap().to_string_lossy();
        println!("| {name} | {} | {fastest:.1} | {cold:.0} |", description.chars().count());
    }
    println!("| mean of {} bodies | | {:.1} |", files.len(), total / files.len() as f64);
}
