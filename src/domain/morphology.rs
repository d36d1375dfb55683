//! Word analysis for the Finnish text: base forms and compound parts, from a morphological
//! analyser when one is installed (Voikko, `crate::voikko`), behind a trait so that the rules stay
//! pure and testable. Where none is installed the text is read with Snowball stems alone.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// One reading of a word: its base form, and for a compound the base forms of its parts
/// ("rahapelaamiseen": base form "rahapelata", parts "raha" and "pelata").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    pub base_form: String,
    /// The base forms of the compound's parts, in order; empty for a simple word.
    pub parts: Vec<String>,
    /// The word class as the analyser names it (Voikko: nimisana, teonsana, laatusana, ...).
    pub class: Option<String>,
}

/// A morphological analyser of one language.
pub trait Analyser: Send + Sync {
    /// What runs, for `/health/ready` and start-up ("voikko", "none").
    fn name(&self) -> &str;
    /// The readings of one lower-case word; none when the analyser does not know it (spoken and
    /// dialect forms, names, typos).
    fn analyse(&self, word: &str) -> Vec<Reading>;

    /// [`Analyser::analyse`] shared: a cache hands out its stored readings without copying them.
    fn readings(&self, word: &str) -> Arc<[Reading]> {
        self.analyse(word).into()
    }
}

/// No analyser installed: every word is unknown, and the text is read with stems alone.
pub struct NoAnalyser;

impl Analyser for NoAnalyser {
    fn name(&self) -> &str {
        "none"
    }

    fn analyse(&self, _word: &str) -> Vec<Reading> {
        Vec::new()
    }
}

impl Analyser for Box<dyn Analyser> {
    fn name(&self) -> &str {
        (**self).name()
    }

    fn analyse(&self, word: &str) -> Vec<Reading> {
        (**self).analyse(word)
    }
}

/// The Finnish analyser a process runs with, cached.
pub type Finnish = Cached<Box<dyn Analyser>>;

/// The most words a cache keeps; past it, the cache starts again (a word's analysis does not
/// change, and the words of a region's callers repeat, so a full cache is rare and cheap to refill).
pub const CACHE_WORDS: usize = 50_000;

/// An analyser with a memory of the words it has read.
pub struct Cached<A> {
    inner: A,
    words: RwLock<HashMap<String, Arc<[Reading]>>>,
}

impl<A: Analyser> Cached<A> {
    pub fn new(inner: A) -> Self {
        Self { inner, words: RwLock::new(HashMap::new()) }
    }

    /// The readings of `word`, from the cache when it has been read before.
    pub fn readings(&self, word: &str) -> Arc<[Reading]> {
        if let Ok(words) = self.words.read() {
            if let Some(found) = words.get(word) {
                return found.clone();
            }
        }
        let readings: Arc<[Reading]> = self.inner.analyse(word).into();
        if let Ok(mut words) = self.words.write() {
            if words.len() >= CACHE_WORDS {
                words.clear();
            }
            words.insert(word.to_owned(), readings.clone());
        }
        readings
    }

    /// How many words the cache holds.
    pub fn cached(&self) -> usize {
        self.words.read().map(|w| w.len()).unwrap_or(0)
    }

    pub fn name(&self) -> &str {
        self.inner.name()
    }
}

impl<A: Analyser> Analyser for Cached<A> {
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn analyse(&self, word: &str) -> Vec<Reading> {
        Cached::readings(self, word).to_vec()
    }

    fn readings(&self, word: &str) -> Arc<[Reading]> {
        Cached::readings(self, word)
    }
}

/// An analyser that knows the words of a table (word, base form, compound parts, class), as
/// Voikko reads them: for the tests of the rules that read its readings, which run without it.
#[cfg(test)]
pub(crate) struct Table(pub &'static [(&'static str, &'static str, &'static [&'static str], &'static str)]);

#[cfg(test)]
impl Analyser for Table {
    fn name(&self) -> &str {
        "table"
    }

    fn analyse(&self, word: &str) -> Vec<Reading> {
        self.0
            .iter()
            .filter(|(w, ..)| *w == word)
            .map(|(_, base, parts, class)| Reading {
                base_form: (*base).to_owned(),
                parts: parts.iter().map(|p| (*p).to_owned()).collect(),
                class: (!class.is_empty()).then(|| (*class).to_owned()),
            })
            .collect()
    }
}

/// Words as Voikko 4 with voikko-fi reads them (checked against it, `tests/voikko.rs`).
#[cfg(test)]
pub(crate) const VOIKKO_WORDS: Table = Table(&[
    ("hengenahdistusta", "hengenahdistus", &["henki", "ahdistus"], "nimisana"),
    ("ahdistusta", "ahdistus", &[], "nimisana"),
    ("rahapelaamiseen", "rahapelata", &["raha", "pelata"], "teonsana"),
    ("kotihoidon", "kotihoito", &["koti", "hoito"], "nimisana"),
    ("toimeentulotukea", "toimeentulotuki", &["toimeen", "tulo", "tuki"], "nimisana"),
    ("kunnolla", "kunto", &[], "nimisana"),
    ("oksensin", "oksentaa", &[], "teonsana"),
    ("neuvolaan", "neuvola", &[], "nimisana"),
    ("neuvolassa", "neuvola", &[], "nimisana"),
    ("annostuksen", "annostus", &[], "nimisana"),
    ("yliannostuksen", "yliannostus", &["yli", "annostus"], "nimisana"),
    ("viikonloppuna", "viikonloppu", &["viikko", "loppu"], "nimisana"),
    ("nokkosihottumaa", "nokkosihottuma", &["nokkonen", "ihottuma"], "nimisana"),
    ("verenpainekontrollin", "verenpainekontrolli", &["veri", "paine", "kontrolli"], "nimisana"),
    ("ruoka-avusta", "ruoka-apu", &["ruoka", "apu"], "nimisana"),
    ("en", "ei", &[], "kieltosana"),
    ("puhu", "puhua", &[], "teonsana"),
    ("äidillä", "äiti", &[], "nimisana"),
    ("on", "olla", &[], "teonsana"),
]);

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    struct Counting(AtomicUsize);

    impl Analyser for Counting {
        fn name(&self) -> &str {
            "counting"
        }
        fn analyse(&self, word: &str) -> Vec<Reading> {
            self.0.fetch_add(1, Ordering::Relaxed);
            vec![Reading { base_form: word.to_uppercase(), parts: Vec::new(), class: None }]
        }
    }

    #[test]
    fn a_word_is_analysed_once_and_the_cache_stays_bounded() {
        let cached = Cached::new(Counting(AtomicUsize::new(0)));
        assert_eq!(cached.readings("sana")[0].base_form, "SANA");
        assert_eq!(cached.readings("sana")[0].base_form, "SANA");
        assert_eq!(cached.inner.0.load(Ordering::Relaxed), 1);
        for i in 0..(CACHE_WORDS + 10) {
            cached.readings(&format!("w{i}"));
        }
        assert!(cached.cached() <= CACHE_WORDS);
        assert!(NoAnalyser.analyse("sana").is_empty());
    }
}
