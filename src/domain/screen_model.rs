//! The safety screen's wording model: the last net when no sign, word group or need raised the
//! screen. A logistic regression over character n-grams and words, trained on labelled real
//! wording (`data/screen-model/train.py`, which also measures it on sources it has not seen), so
//! it recognises the shape of an acute description that no vocabulary holds yet. It only asks the
//! red-flag questions; it never makes an emergency.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use serde::Deserialize;

const SHIPPED: &str = include_str!("../../data/screen-model/model.json");

#[derive(Deserialize)]
struct Part {
    min: usize,
    max: usize,
    /// n-gram -> [idf, weight]
    features: HashMap<String, [f32; 2]>,
}

#[derive(Deserialize)]
struct File {
    version: u32,
    threshold: f64,
    intercept: f64,
    char_ngrams: Part,
    word_ngrams: Part,
    #[cfg_attr(not(test), allow(dead_code))]
    checks: Vec<Check>,
}

#[derive(Deserialize)]
#[cfg_attr(not(test), allow(dead_code))]
struct Check {
    text: String,
    probability: f64,
}

/// FNV-1a over bytes, continued from `h`: the n-grams are hashed as they grow, so scoring looks
/// them up by their 64-bit hash without building or comparing strings.
const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The keys are already FNV hashes: hashing them again would only cost time.
#[derive(Default)]
struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys")
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Marks the second word of a word pair's hit: the pair is one occurrence.
const SECOND: u32 = 1 << 31;

/// One part of the model: its n-gram range, and each n-gram's index into `values` ([idf, weight]).
struct Grams {
    min: usize,
    max: usize,
    index: HashMap<u64, u32, BuildHasherDefault<Identity>>,
    values: Vec<[f32; 2]>,
}

impl Grams {
    /// Refuses two n-grams with one hash: the model is looked up by hash alone.
    fn new(part: Part) -> Result<Grams, String> {
        let mut index = HashMap::with_capacity_and_hasher(part.features.len(), Default::default());
        let mut values = Vec::with_capacity(part.features.len());
        for (gram, v) in part.features {
            if index.insert(fnv(FNV_START, gram.as_bytes()), values.len() as u32).is_some() {
                return Err(format!("screen model: n-gram {gram:?} has the hash of another"));
            }
            values.push(v);
        }
        Ok(Grams { min: part.min, max: part.max, index, values })
    }

    /// This part's share of the decision from its hits (n-gram index, word index): sublinear tf
    /// times idf, normalised to unit length; each word gets the share of the n-grams it holds.
    fn decide(&self, hits: &mut [(u32, u32)], share: &mut [f64]) -> f64 {
        hits.sort_unstable();
        let mut runs: Vec<(f64, f64, usize, usize)> = Vec::new(); // value, weight, first hit, end
        let mut i = 0;
        while i < hits.len() {
            let mut j = i;
            while j < hits.len() && hits[j].0 == hits[i].0 {
                j += 1;
            }
            let [idf, weight] = self.values[hits[i].0 as usize];
            // Occurrences, not words: a word pair is one occurrence held by two words.
            let count = hits[i..j].iter().filter(|h| h.1 & SECOND == 0).count();
            runs.push(((1.0 + (count as f64).ln()) * f64::from(idf), f64::from(weight), i, j));
            i = j;
        }
        let norm = runs.iter().map(|r| r.0 * r.0).sum::<f64>().sqrt();
        if norm == 0.0 {
            return 0.0;
        }
        let mut sum = 0.0;
        for (v, weight, from, to) in runs {
            let c = v / norm * weight;
            sum += c;
            for h in &hits[from..to] {
                share[(h.1 & !SECOND) as usize] += c / (to - from) as f64;
            }
        }
        sum
    }
}

/// The trained model.
pub struct WordingModel {
    pub version: u32,
    pub threshold: f64,
    intercept: f64,
    chars: Grams,
    words: Grams,
}

/// The model's reading of a description.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    pub probability: f64,
    /// The words that pushed the probability up most, as written.
    pub words: Vec<String>,
}

impl Score {
    pub fn raises(&self, model: &WordingModel) -> bool {
        self.probability >= model.threshold
    }
}

impl WordingModel {
    pub fn from_json(json: &str) -> Result<WordingModel, String> {
        let f: File = serde_json::from_str(json).map_err(|e| format!("screen model: {e}"))?;
        for (name, part) in [("char_ngrams", &f.char_ngrams), ("word_ngrams", &f.word_ngrams)] {
            if part.min == 0 || part.min > part.max || part.features.is_empty() {
                return Err(format!("screen model: {name} has no n-grams or a wrong range"));
            }
        }
        if !(0.0..1.0).contains(&f.threshold) {
            return Err(format!("screen model: threshold {} is not a probability", f.threshold));
        }
        Ok(WordingModel {
            version: f.version,
            threshold: f.threshold,
            intercept: f.intercept,
            chars: Grams::new(f.char_ngrams)?,
            words: Grams::new(f.word_ngrams)?,
        })
    }

    /// The probability that the description is not routine (an emergency or a case for the
    /// screen), computed exactly as scikit-learn's `TfidfVectorizer` + `LogisticRegression` do.
    pub fn score(&self, text: &str) -> Score {
        let lower = text.to_lowercase();
        // Whitespace-separated words, as the character part sees them.
        let spans: Vec<&str> = lower.split_whitespace().collect();
        let mut share = vec![0.0f64; spans.len()];

        let mut hits: Vec<(u32, u32)> = Vec::with_capacity(lower.len() * 3);
        let mut padded = String::new();
        let mut bounds: Vec<usize> = Vec::new();
        let (min, max) = (self.chars.min, self.chars.max);
        for (i, w) in spans.iter().enumerate() {
            padded.clear();
            padded.push(' ');
            padded.push_str(w);
            padded.push(' ');
            bounds.clear();
            bounds.extend(padded.char_indices().map(|(b, _)| b));
            bounds.push(padded.len());
            let chars = bounds.len() - 1;
            let bytes = padded.as_bytes();
            let mut look = |h: u64| {
                if let Some(&f) = self.chars.index.get(&h) {
                    hits.push((f, i as u32));
                }
            };
            // As scikit-learn reads a word: every window of min..max characters shorter than
            // the padded word, and the whole padded word once when it is no longer than max.
            for start in 0..chars.saturating_sub(min - 1) {
                let mut h = fnv(FNV_START, &bytes[bounds[start]..bounds[start + min - 1]]);
                for n in min..=max.min(chars - 1) {
                    if start + n > chars {
                        break;
                    }
                    h = fnv(h, &bytes[bounds[start + n - 1]..bounds[start + n]]);
                    look(h);
                }
            }
            if chars <= max {
                look(fnv(FNV_START, bytes));
            }
        }
        let mut decision = self.intercept + self.chars.decide(&mut hits, &mut share);

        // The word part: runs of two or more word characters, then pairs of neighbours.
        let mut tokens: Vec<(&str, u32)> = Vec::new();
        for (i, w) in spans.iter().enumerate() {
            for t in w.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|t| t.chars().nth(1).is_some()) {
                tokens.push((t, i as u32));
            }
        }
        hits.clear();
        for (k, (t, i)) in tokens.iter().enumerate() {
            let h = fnv(FNV_START, t.as_bytes());
            if self.words.min == 1 {
                if let Some(&f) = self.words.index.get(&h) {
                    hits.push((f, *i));
                }
            }
            if self.words.max >= 2 {
                if let Some((next, j)) = tokens.get(k + 1) {
                    if let Some(&f) = self.words.index.get(&fnv(fnv(h, b" "), next.as_bytes())) {
                        // One occurrence held by two words: the second is marked so it is not counted.
                        hits.push((f, *i));
                        hits.push((f, *j | SECOND));
                    }
                }
            }
        }
        decision += self.words.decide(&mut hits, &mut share);

        let probability = 1.0 / (1.0 + (-decision).exp());
        // Short words (ja, och, it) carry the telling's shape, not its content: not quoted.
        let mut order: Vec<usize> = (0..spans.len())
            .filter(|&i| share[i] > 0.0 && spans[i].chars().filter(|c| c.is_alphabetic()).count() >= 4)
            .collect();
        order.sort_by(|&a, &b| share[b].total_cmp(&share[a]));
        let original: Vec<&str> = text.split_whitespace().collect();
        let words = order
            .iter()
            .take(3)
            .filter_map(|&i| original.get(i))
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
            .collect();
        Score { probability, words }
    }
}

/// The model shipped in the binary.
pub fn shipped() -> &'static WordingModel {
    static MODEL: OnceLock<WordingModel> = OnceLock::new();
    MODEL.get_or_init(|| match WordingModel::from_json(SHIPPED) {
        Ok(m) => m,
        // Checked at start-up by `check_shipped` and by the tests.
        Err(e) => panic!("data/screen-model/model.json: {e}"),
    })
}

/// Start-up check of the shipped model.
pub fn check_shipped() -> Result<(), String> {
    WordingModel::from_json(SHIPPED).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rust_reading_gives_the_probabilities_the_training_computed() {
        let file: File = serde_json::from_str(SHIPPED).unwrap();
        let model = shipped();
        assert!(file.checks.len() >= 6);
        for c in &file.checks {
            let p = model.score(&c.text).probability;
            assert!((p - c.probability).abs() < 1e-3, "{:?}: {p} here, {} in training", c.text, c.probability);
        }
    }

    #[test]
    fn acute_wording_raises_and_routine_wording_does_not() {
        let model = shipped();
        let acute = model.score("Mies makaa lattialla eikä herää, huulet on siniset.");
        assert!(acute.raises(model), "{acute:?}");
        assert!(!acute.words.is_empty());
        let routine = model.score("Haluaisin ajan hammaslääkärille ensi viikolla.");
        assert!(!routine.raises(model), "{routine:?}");
    }

    #[test]
    fn a_broken_model_is_refused_with_a_reason() {
        let err = WordingModel::from_json(r#"{"version":1,"threshold":2,"intercept":0,"char_ngrams":{"min":3,"max":5,"features":{"abc":[1,1]}},"word_ngrams":{"min":1,"max":2,"features":{"ab":[1,1]}},"checks":[]}"#)
            .err()
            .unwrap();
        assert!(err.contains("threshold"), "{err}");
    }
}
