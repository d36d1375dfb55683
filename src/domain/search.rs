//! The catalogue's own words: a BM25 index over each service's names and description, matched on
//! stems, as a second signal beside the need lexicon. A service whose own text answers the words
//! ranks even when no need term fired, and a region that adds a service makes it findable without
//! a code change.

use std::collections::HashMap;

use super::catalogue::Service;
use super::lang::Lang;
use super::text::{fold, stem, Text};

/// BM25 parameters: term frequency saturation, and a length normalisation lighter than the usual
/// 0.75, as service texts are short and a thorough description should not bury its own words.
const K1: f32 = 1.2;
const B: f32 = 0.3;
/// A stem in more than this share of the services says nothing about any of them.
const MAX_SHARE: f32 = 0.3;
/// Words shorter than this are not matched (endings and particles, not content).
const MIN_LETTERS: usize = 4;

/// Words of every description that carry no topic (function words the stemmer leaves long).
const STOP: &[&str] = &[
    "että", "mutta", "kanssa", "myös", "sekä", "kuin", "joka", "jotka", "mikä", "mitä", "tämä", "tämän", "niin",
    "vielä", "enää", "ollut", "olla", "olen", "ovat", "oli", "kaikki", "aina", "sitten", "koska", "jossa", "jonka",
    "siitä", "mulla", "minä", "minulla", "meillä", "hänen", "sillä", "ihan", "tosi", "vähän", "paljon", "nyt",
    "jotain", "mitään", "också", "eller", "inte", "till", "från", "med", "som", "det", "den", "har", "hade", "mycket",
    "bara", "efter", "with", "that", "this", "have", "from", "they", "were", "been", "about", "into", "just", "very",
    "also", "what", "when", "there", "their", "would", "could", "does", "since", "after", "because", "every", "some",
];

/// A match of the description against one service's own text.
#[derive(Clone, Debug, PartialEq)]
pub struct TextMatch {
    /// Index of the service in the catalogue.
    pub service: usize,
    /// BM25 over the weight of a word found in one service alone: about the number of distinctive
    /// words matched, whatever the size of the catalogue.
    pub score: f32,
    /// The client's words that matched, as written.
    pub words: Vec<String>,
}

/// The inverted index of the services' text.
#[derive(Debug, Default)]
pub struct TextIndex {
    /// Stem -> (service index, term frequency).
    postings: HashMap<String, Vec<(usize, u32)>>,
    /// Stems per service (the document length).
    lengths: Vec<u32>,
    average: f32,
}

/// The stems of a text in a language, for the index and the query alike.
fn stems(text: &str, lang: Lang) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= MIN_LETTERS).filter_map(move |w| {
        let lower = w.to_lowercase();
        (!STOP.contains(&lower.as_str())).then(|| stem(&lower, lang))
    })
}

impl TextIndex {
    pub fn new(services: &[Service]) -> Self {
        let mut postings: HashMap<String, Vec<(usize, u32)>> = HashMap::new();
        let mut lengths = Vec::with_capacity(services.len());
        for (i, s) in services.iter().enumerate() {
            let mut counts: HashMap<String, u32> = HashMap::new();
            let fields = [
                (Some(s.name.fi.as_str()), Lang::Fi),
                (s.name.sv.as_deref(), Lang::Sv),
                (s.name.en.as_deref(), Lang::En),
                (s.description.as_ref().map(|d| d.fi.as_str()), Lang::Fi),
                (s.description.as_ref().and_then(|d| d.sv.as_deref()), Lang::Sv),
                (s.description.as_ref().and_then(|d| d.en.as_deref()), Lang::En),
            ];
            for (text, lang) in fields {
                for st in stems(text.unwrap_or(""), lang) {
                    *counts.entry(st).or_default() += 1;
                }
            }
            lengths.push(counts.values().sum());
            for (st, n) in counts {
                postings.entry(st).or_default().push((i, n));
            }
        }
        let limit = (services.len() as f32 * MAX_SHARE).max(2.0);
        postings.retain(|_, list| (list.len() as f32) <= limit);
        let average = lengths.iter().sum::<u32>() as f32 / lengths.len().max(1) as f32;
        Self { postings, lengths, average }
    }

    /// The services whose own text matches the description, best first.
    pub fn search(&self, text: &Text) -> Vec<TextMatch> {
        let n = self.lengths.len() as f32;
        let rarest = (1.0 + (n - 0.5) / 1.5).ln().max(f32::EPSILON);
        let mut scores: HashMap<usize, (f32, Vec<String>)> = HashMap::new();
        let mut seen: Vec<&str> = Vec::new();
        for token in &text.tokens {
            if token.text.chars().count() < MIN_LETTERS || STOP.contains(&token.text.as_str()) {
                continue;
            }
            let word = &text.original[token.start..token.end];
            for lang in [Lang::Fi, Lang::Sv, Lang::En] {
                let st = token.stem(lang);
                let Some((key, list)) = self.postings.get_key_value(st) else { continue };
                // A stem counts once per description, whichever language found it.
                if seen.contains(&key.as_str()) {
                    continue;
                }
                seen.push(key.as_str());
                let df = list.len() as f32;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                for &(service, tf) in list {
                    let tf = tf as f32;
                    let len = self.lengths[service] as f32;
                    let weight = idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / self.average.max(1.0)));
                    let entry = scores.entry(service).or_default();
                    entry.0 += weight;
                    if !entry.1.iter().any(|w| fold(w) == fold(word)) {
                        entry.1.push(word.to_owned());
                    }
                }
            }
        }
        let mut out: Vec<TextMatch> = scores
            .into_iter()
            .map(|(service, (score, words))| TextMatch { service, score: score / rarest, words })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.service.cmp(&b.service)));
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::catalogue::Catalogue;
    use crate::domain::text::analyse;

    fn demo() -> Catalogue {
        crate::import::demo::services()
    }

    fn top(cat: &Catalogue, text: &str) -> Option<(String, f32)> {
        cat.text_matches(&analyse(text)).first().map(|m| (cat.services[m.service].name.fi.clone(), m.score))
    }

    #[test]
    fn a_service_is_found_by_its_own_words() {
        let cat = demo();
        let (name, _) = top(&cat, "Tarvitsisin ompeleiden poiston ja verenpaineen seurantaa.").unwrap();
        assert_eq!(name, "Hoitajan vastaanotto");
        let (name, _) = top(&cat, "Behöver hjälp med skuldrådgivning").unwrap();
        assert!(name.contains("Talous- ja velkaneuvonta"), "{name}");
    }

    #[test]
    fn stray_words_score_low_and_function_words_nothing() {
        let cat = demo();
        assert_eq!(top(&cat, "että mutta kanssa"), None);
        assert!(cat.text_matches(&analyse("")).is_empty());
    }
}
