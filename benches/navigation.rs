//! Navigation latency on the demo region and on a generated catalogue of 10,000 services.
//! `cargo bench --bench navigation`; figures in BENCHMARKS.md.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Utc;
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use luotsi::domain::lang::Lang;
use luotsi::domain::lexicon;
use luotsi::domain::municipality::MunicipalityCode;
use luotsi::domain::navigation::{Client, Navigator, Question, TeamContext};
use luotsi::import;

mod common;
use common::catalogue;

/// Realistic descriptions: Finnish (standard, spoken, dialect), Swedish and English, short and long.
const DESCRIPTIONS: &[(&str, u32, &str)] = &[
    ("fi", 82, "Äiti 82 v unohtelee sovittuja asioita ja eksyi viime viikolla kaupasta kotiin. Lisäksi kaatuillu kotona pari kertaa."),
    ("fi", 52, "Mulla on diabetes ja masennus, ja nyt vuokrat on kolme kuukautta rästissä. Asioita hoitaa monta eri paikkaa enkä mä enää tiiä kenelle pitäis soittaa."),
    ("fi", 50, "Selekä kipiä jo kolome viikkoa, nostin jotaki raskasta."),
    ("sv", 44, "Känner mig helt utbränd, sover dåligt och gråter lätt. Inga självmordstankar, men orkar inte gå till jobbet."),
    ("en", 39, "Moved here last year and lost my job in the spring. I can't pay the rent anymore, my back hurts all the time and I'm so anxious I can't sleep."),
    ("fi", 61, "Mies 61 v, rintaa puristaa kovasti ja säteilee vasempaan käteen, hengästyttää ja kylmä hiki päällä."),
];

fn question<'a>(lang: &str, age: u32, text: &'a str) -> Question<'a> {
    Question {
        description: text,
        language: Lang::parse(lang),
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

fn bench(c: &mut Criterion) {
    let demo = catalogue(import::demo::CATALOGUE, import::demo::TEAMS);
    let (hsds, teams) = luotsi::synthetic::catalogue(10_000, 1);
    let large = catalogue(&hsds.to_string(), &teams.to_string());
    let lexicon = lexicon::shipped();
    let finnish = luotsi::voikko::shared();
    let ctx = TeamContext::default();
    let mut group = c.benchmark_group("navigate");
    for (name, cat) in [("demo-52", &demo), ("synthetic-10000", &large)] {
        let nav = Navigator { catalogue: cat, lexicon, analyser: Some(&*finnish) };
        group.bench_with_input(BenchmarkId::new("mixed", name), &nav, |b, nav| {
            let mut i = 0;
            b.iter(|| {
                let (lang, age, text) = DESCRIPTIONS[i % DESCRIPTIONS.len()];
                i += 1;
                black_box(nav.navigate(&question(lang, age, text), &ctx))
            })
        });
        let (lang, age, text) = DESCRIPTIONS[0];
        group.bench_with_input(BenchmarkId::new("memory-and-falls", name), &nav, |b, nav| {
            b.iter(|| black_box(nav.navigate(&question(lang, age, text), &ctx)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
