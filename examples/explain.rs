//! Explains how a description is read: the Finnish analyser that runs, tokens (with Voikko's base
//! forms and compound parts where it is installed), the safety signs found (with negation and
//! time), the assessment, and the needs recognised. A developer's tool for tuning the lexicons:
//!
//! ```sh
//! cargo run --example explain -- "verta tulee eikä lopu" [age]
//! ```

use luotsi::domain::lang::Lang;
use luotsi::domain::{emergency, lexicon, text};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(description) = args.next() else {
        eprintln!("usage: explain <description> [age]");
        std::process::exit(2);
    };
    let age = args.next().and_then(|a| a.parse().ok());
    let finnish = luotsi::voikko::shared();
    let t = text::analyse_with(&description, None, &*finnish);
    println!("analyser {}", finnish.name());
    for tok in &t.tokens {
        println!(
            "token {:<16} folded={:<16} standard={:<14} stems={:?} clause={} when={:?}",
            tok.text,
            tok.folded,
            tok.standard.as_deref().unwrap_or("-"),
            [Lang::Fi, Lang::Sv, Lang::En].map(|l| tok.stem(l)),
            tok.clause,
            text::when(&t, t.tokens.iter().position(|x| x.start == tok.start).unwrap_or(0))
        );
        for reading in finnish.readings(&tok.text.to_lowercase()).iter() {
            println!("      base {:<16} parts={:?} class={:?}", reading.base_form, reading.parts, reading.class);
        }
        for base in &tok.bases {
            let heads: Vec<&str> = base.heads.iter().map(|&h| &base.form[h..]).collect();
            println!("      match {:<15} heads={heads:?}", base.form);
        }
    }
    for (sign, words, status) in emergency::explain(&t) {
        println!("sign  {sign:<18} {words:?} {status}");
    }
    println!("assessment {:?}", emergency::assess(&t, age));
    let lang = text::detect_language(&t);
    for hit in lexicon::shipped().find(&t, lang) {
        let start = t.tokens[hit.start].start;
        let end = t.tokens[hit.end].end;
        println!(
            "need  {:<26} {:?} weight={:.2} negated={}",
            hit.target,
            &t.original[start..end],
            hit.weight,
            hit.negated
        );
    }
}
