//! The need lexicon (`data/lexicon.json`) and the matcher that finds its terms in a text.
//!
//! A term is one or more words; all must appear in order within one clause, at most three other
//! tokens apart. A word matches a token that starts with it (the words are stems), a token whose
//! Snowball stem starts with the word's stem, a Finnish or Swedish compound that contains a word of
//! five or more letters after at least three letters, or, for words of six or more letters, a
//! token prefix one typo away. `=word` must equal the token. `term|0.5` gives a weight.
//! Matching folds diacritics and also tries the standard form of dialect words.

use std::collections::HashMap;

use serde::Deserialize;

use super::lang::Lang;
use super::text::{fold, is_negated_in, is_negator_in, stem, stem_index, Text, Token};

#[derive(Clone, Debug)]
pub struct Word {
    pub folded: String,
    pub exact: bool,
    /// Snowball stem of the word in its language (only when shorter than the word).
    pub stem: Option<String>,
    /// The folded word's letters (for the typo distance), counted once.
    chars: Vec<char>,
}

#[derive(Clone, Debug)]
pub struct Term {
    /// What the term points at: a need code, or an emergency class.
    pub target: String,
    pub lang: Lang,
    pub words: Vec<Word>,
    pub weight: f32,
    /// The term as written in the lexicon.
    pub source: String,
}

/// A term found in a text.
#[derive(Clone, Debug)]
pub struct Hit {
    pub term: usize,
    pub target: String,
    /// First and last token of the match.
    pub start: usize,
    pub end: usize,
    pub weight: f32,
    pub negated: bool,
}

#[derive(Debug, Default)]
pub struct Lexicon {
    pub terms: Vec<Term>,
    /// Match only by prefix, compound and exact words: no typos, no Snowball stems (for safety
    /// signs, where a near word is often another word: "tukehtua" is not "tukehtuu").
    pub strict: bool,
    /// Let a term's words stand up to five tokens apart instead of three, within a clause (for
    /// safety signs, which a caller describes at length: "verta tulee kuin letkusta eikä lopu").
    pub wide: bool,
    /// First three folded letters of a term's first word -> terms.
    index: HashMap<String, Vec<usize>>,
}

#[derive(Deserialize)]
struct LexiconFile {
    version: u32,
    needs: HashMap<String, HashMap<String, Vec<String>>>,
}

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("the lexicon is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    Invalid(String),
}

/// The index key of a word or token: its first three letters.
fn key(s: &str) -> &str {
    s.char_indices().nth(3).map_or(s, |(byte, _)| &s[..byte])
}

impl Lexicon {
    /// Reads `data/lexicon.json`; `known` says which targets exist (need codes).
    pub fn from_json(json: &str, known: impl Fn(&str) -> bool) -> Result<Self, LexiconError> {
        let file: LexiconFile = serde_json::from_str(json)?;
        if file.version != 1 {
            return Err(LexiconError::Invalid(format!("lexicon version {} is not 1", file.version)));
        }
        let mut lexicon = Lexicon::default();
        let mut codes: Vec<&String> = file.needs.keys().collect();
        codes.sort();
        for code in codes {
            if !known(code) {
                return Err(LexiconError::Invalid(format!("{code} is not a need code")));
            }
            for (lang_code, terms) in &file.needs[code] {
                let lang = Lang::parse(lang_code)
                    .ok_or_else(|| LexiconError::Invalid(format!("{code}: {lang_code} is not fi, sv or en")))?;
                for raw in terms {
                    lexicon
                        .add(code, lang, raw)
                        .map_err(|e| LexiconError::Invalid(format!("{code}/{lang_code}: {e}")))?;
                }
            }
        }
        Ok(lexicon)
    }

    /// Adds one term written in the lexicon syntax.
    pub fn add(&mut self, target: &str, lang: Lang, raw: &str) -> Result<(), String> {
        let (body, weight) = match raw.rsplit_once('|') {
            Some((body, w)) => {
                let weight: f32 = w.trim().parse().map_err(|_| format!("{raw:?}: the weight must be a number"))?;
                if !(0.0..=1.0).contains(&weight) || weight == 0.0 {
                    return Err(format!("{raw:?}: the weight must be in (0, 1]"));
                }
                (body, weight)
            }
            None => (raw, 1.0),
        };
        let words: Vec<Word> = body
            .split_whitespace()
            .map(|w| {
                let exact = w.starts_with('=');
                let w = w.trim_start_matches('=');
                let folded = fold(w);
                let stemmed = stem(w, lang);
                let stem = (!exact && stemmed.chars().count() >= 5 && stemmed != folded).then_some(stemmed);
                let chars = folded.chars().collect();
                Word { folded, exact, stem, chars }
            })
            .collect();
        if words.is_empty() || words.iter().any(|w| w.folded.is_empty()) {
            return Err(format!("{raw:?} has no words"));
        }
        if words.len() == 1 && !words[0].exact && words[0].folded.chars().count() < 3 {
            return Err(format!("{raw:?}: a single word of fewer than 3 letters must be exact (=word)"));
        }
        let index = self.terms.len();
        self.index.entry(key(&words[0].folded).to_owned()).or_default().push(index);
        self.terms.push(Term { target: target.to_owned(), lang, words, weight, source: body.trim().to_owned() });
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Every term found in the text. Terms in `lang` match in every way; terms of the other
    /// languages only by prefix or exactly, at a lower weight (mixed-language texts).
    pub fn find(&self, text: &Text, lang: Lang) -> Vec<Hit> {
        self.find_in(text, Some(lang))
    }

    /// Every term found in the text, matching the terms of every language in every way (for
    /// safety signs, where a missed sign costs more than a stray one).
    pub fn find_any_language(&self, text: &Text) -> Vec<Hit> {
        self.find_in(text, None)
    }

    fn find_in(&self, text: &Text, lang: Option<Lang>) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut candidates: Vec<usize> = Vec::new();
        for (i, token) in text.tokens.iter().enumerate() {
            candidates.clear();
            for form in token_forms(token) {
                if let Some(list) = self.index.get(key(form)) {
                    candidates.extend(list);
                }
                // Compounds: any later position of the token can start a long word.
                let letters = form.chars().count();
                for (n, (byte, _)) in form.char_indices().enumerate().skip(3) {
                    if letters - n < 5 {
                        break;
                    }
                    if let Some(list) = self.index.get(key(&form[byte..])) {
                        candidates.extend(list.iter().filter(|t| self.terms[**t].words[0].folded.len() >= 5));
                    }
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            for &t in &candidates {
                let term = &self.terms[t];
                let native = lang.is_none_or(|l| term.lang == l);
                let typos = !self.strict;
                if !word_matches(&term.words[0], token, term.lang, native, typos) {
                    continue;
                }
                let reach = if self.wide { 6 } else { 4 };
                let Some((end, negated_inside)) = match_rest(term, text, i, native, typos, reach) else { continue };
                hits.push(Hit {
                    term: t,
                    target: term.target.clone(),
                    start: i,
                    end,
                    weight: if native { term.weight } else { term.weight * 0.6 },
                    negated: negated_inside || is_negated_in(text, i, end, Some(term.lang)),
                });
            }
        }
        hits
    }
}

fn token_forms(token: &Token) -> impl Iterator<Item = &str> {
    std::iter::once(token.folded.as_str()).chain(token.standard.as_deref())
}

/// Matches the words after the first, each at most `reach` tokens after the previous, in the same
/// clause.
/// Also says whether a negation stands between the words ("huulet ei turpoa"), not counting the
/// term's own words.
fn match_rest(
    term: &Term,
    text: &Text,
    first: usize,
    native: bool,
    typos: bool,
    reach: usize,
) -> Option<(usize, bool)> {
    let clause = text.tokens[first].clause;
    let mut at = first;
    let mut negated_inside = false;
    for word in &term.words[1..] {
        let found = (at + 1..(at + 1 + reach).min(text.tokens.len()))
            .take_while(|k| text.tokens[*k].clause == clause)
            .find(|k| word_matches(word, &text.tokens[*k], term.lang, native, typos))?;
        negated_inside |= text.tokens[at + 1..found].iter().any(|t| is_negator_in(t, Some(term.lang)));
        at = found;
    }
    Some((at, negated_inside))
}

fn word_matches(word: &Word, token: &Token, lang: Lang, native: bool, typos: bool) -> bool {
    let w = word.folded.as_str();
    for form in token_forms(token) {
        if word.exact {
            if form == w {
                return true;
            }
            continue;
        }
        let wlen = word.chars.len();
        if form.starts_with(w) && (native || wlen >= 5) {
            return true;
        }
        if !native {
            continue;
        }
        if wlen >= 5 && lang != Lang::En {
            if let Some((byte, _)) = form.char_indices().nth(3) {
                if form[byte..].contains(w) {
                    return true;
                }
            }
        }
        if typos && wlen >= 6 && near_prefix(&word.chars, form) {
            return true;
        }
    }
    if !native || word.exact || !typos {
        return false;
    }
    match &word.stem {
        Some(s) => token.stems[stem_index(lang)].starts_with(s.as_str()),
        None => false,
    }
}

/// Whether `form` starts with `word` give or take one typo (a letter wrong, missing, extra or
/// two letters swapped). The first two letters must be right.
fn near_prefix(w: &[char], form: &str) -> bool {
    // Only the token's first letters count: at most one more than the word has (on the stack).
    let mut f = ['\0'; 48];
    let mut len = 0;
    for c in form.chars().take((w.len() + 1).min(f.len())) {
        f[len] = c;
        len += 1;
    }
    let f = &f[..len];
    if f.len() + 1 < w.len() || f.len() < 4 || w[..2] != f[..2.min(f.len())] {
        return false;
    }
    [w.len().saturating_sub(1), w.len(), w.len() + 1]
        .into_iter()
        .filter(|n| *n <= f.len() && *n >= 2)
        .any(|n| damerau_at_most_one(w, &f[..n]))
}

fn damerau_at_most_one(a: &[char], b: &[char]) -> bool {
    if a == b {
        return true;
    }
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let mut i = 0;
    while i < la.min(lb) && a[i] == b[i] {
        i += 1;
    }
    if la == lb {
        // One substitution, or one transposition.
        a[i + 1..] == b[i + 1..] || (i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && a[i + 2..] == b[i + 2..])
    } else if la > lb {
        a[i + 1..] == b[i..]
    } else {
        a[i..] == b[i + 1..]
    }
}

/// The lexicon shipped in the binary (`data/lexicon.json`).
pub fn shipped() -> &'static Lexicon {
    use std::sync::OnceLock;
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        match Lexicon::from_json(include_str!("../../data/lexicon.json"), |c| super::needs::taxonomy().contains(c)) {
            Ok(l) => l,
            // The file is part of the build and has tests of its own; a broken copy is a build defect.
            Err(e) => panic!("data/lexicon.json: {e}"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::analyse;

    fn lexicon(terms: &[(&str, Lang, &str)]) -> Lexicon {
        let mut l = Lexicon::default();
        for (target, lang, raw) in terms {
            l.add(target, *lang, raw).unwrap();
        }
        l
    }

    fn targets(l: &Lexicon, text: &str, lang: Lang) -> Vec<String> {
        let mut t: Vec<String> =
            l.find(&analyse(text), lang).into_iter().filter(|h| !h.negated).map(|h| h.target).collect();
        t.dedup();
        t
    }

    #[test]
    fn prefixes_compounds_stems_typos_and_dialect() {
        let l = lexicon(&[
            ("memory", Lang::Fi, "muisti"),
            ("tooth", Lang::Fi, "särky"),
            ("back", Lang::Fi, "selkä kipe"),
            ("worry", Lang::En, "worry"),
            ("care", Lang::Fi, "kotihoi"),
            ("sub", Lang::Fi, "päihdeongelm"),
        ]);
        assert_eq!(targets(&l, "Äidillä muistiongelmia", Lang::Fi), ["memory"]);
        assert_eq!(targets(&l, "hammassärkyyn ei auta mikään", Lang::Fi), ["tooth"], "inside a compound");
        assert_eq!(targets(&l, "Selekä kipiä jo kolome viikkoa", Lang::Fi), ["back"], "dialect forms");
        assert_eq!(targets(&l, "I am so worried about her", Lang::En), ["worry"], "Snowball stem");
        assert_eq!(targets(&l, "kotihoidon käynnit", Lang::Fi), ["care"], "both consonant grades by prefix");
        assert_eq!(targets(&l, "paihdeongelma", Lang::Fi), ["sub"], "typed without diacritics");
        assert_eq!(targets(&l, "päihdeongemia", Lang::Fi), ["sub"], "one typo");
        assert!(targets(&l, "selkä on kunnossa ja nyt kipeä polvi", Lang::Fi).is_empty(), "too far apart");
    }

    #[test]
    fn multiword_terms_stay_in_one_clause() {
        let l = lexicon(&[("chest", Lang::Fi, "rinta purist")]);
        assert_eq!(targets(&l, "rintaa puristaa kovasti", Lang::Fi), ["chest"]);
        assert!(targets(&l, "rinta on kunnossa. puristaa päätä", Lang::Fi).is_empty());
        assert!(targets(&l, "rinta, ja sitten pitkän ajan päästä puristaa", Lang::Fi).is_empty());
    }

    #[test]
    fn negated_hits_are_marked() {
        let l = lexicon(&[("chest", Lang::Fi, "rintakip"), ("fever", Lang::En, "fever")]);
        let hits = l.find(&analyse("ei rintakipua"), Lang::Fi);
        assert!(hits[0].negated);
        let hits = l.find(&analyse("no fever but a cough"), Lang::En);
        assert!(hits[0].negated);
    }

    #[test]
    fn exact_words_and_other_languages() {
        let l = lexicon(&[("ms", Lang::Fi, "=ms-tauti"), ("pain", Lang::En, "pain")]);
        assert_eq!(targets(&l, "MS-tauti", Lang::Fi), ["ms"]);
        assert!(targets(&l, "paino noussut", Lang::Fi).is_empty(), "short English stems do not match Finnish words");
        assert_eq!(targets(&l, "paljon pain", Lang::Fi), Vec::<String>::new());
        assert_eq!(targets(&l, "pain", Lang::En), ["pain"]);
        let mut bad = Lexicon::default();
        assert!(bad.add("x", Lang::Fi, "ei").is_err());
        assert!(bad.add("x", Lang::Fi, "kipu|2").is_err());
    }

    #[test]
    fn typo_distance() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(damerau_at_most_one(&c("muisti"), &c("muitsi")));
        assert!(damerau_at_most_one(&c("muisti"), &c("muist")));
        assert!(damerau_at_most_one(&c("muisti"), &c("muistii")));
        assert!(!damerau_at_most_one(&c("muisti"), &c("mutsii")));
    }
}
