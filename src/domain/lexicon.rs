//! The need lexicon (`data/lexicon.json`) and the matcher that finds its terms in a text.
//!
//! A term is one or more words; all must appear in order within one clause, at most three other
//! tokens apart. A word matches a token that starts with it (the words are stems), a token whose
//! Snowball stem starts with the word's stem, a Finnish or Swedish compound that contains a word of
//! five or more letters after at least three letters, or, for words of six or more letters, a
//! token prefix one typo away. `=word` must equal the token. `term|0.5` gives a weight.
//! Matching folds diacritics and also tries the standard form of dialect words. A term's first
//! word must also share its first three letters with the token, or stand inside it.
//!
//! Where the Finnish analyser knows a word (the token has base forms, see [`Token::bases`]),
//! a word also matches its base forms by prefix, and `=word` its base form ("kotihoidon":
//! "kotihoito", "oksensin": "=oksentaa"); a word is found inside it only where a compound part
//! that may stand for the whole begins ("koti|hoito", not "hengen|ahdistus", nothing inside
//! "kunnolla"), see [`inside_at`]. A strict lexicon reads the words as written.
//!
//! The words are indexed, not tried one by one: each distinct word once, in a letter trie (a walk
//! along a token finds the words it starts with, a walk that allows one edit the typos), an
//! automaton (the words inside a compound), and tries of stems and stem heads. The `reference`
//! module keeps the plain matcher the index must agree with.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use serde::Deserialize;

use super::lang::Lang;
use super::text::{fold, is_negated_in, is_negator_in, stem, Text, Token};

#[derive(Clone, Debug)]
pub struct Word {
    pub folded: String,
    pub exact: bool,
    /// Snowball stem of the word in its language (only when shorter than the word).
    pub stem: Option<String>,
    /// The stem without its last letter and with doubled letters written once: in Finnish and
    /// Swedish, a token whose stem starts with the word's stem starts with this, read the same
    /// way (see [`stems_only_cut`]).
    stem_head: String,
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
    /// Match only by prefix, compound and exact words as written: no typos, no Snowball stems,
    /// no base forms (for safety signs, where a near word is often another word: "tukehtua" is
    /// not "tukehtuu", and the person and tense a base form drops matter: "tapan itseni" is not
    /// "tappoi itsensä").
    pub strict: bool,
    /// Let a term's words stand up to five tokens apart instead of three, within a clause (for
    /// safety signs, which a caller describes at length: "verta tulee kuin letkusta eikä lopu").
    pub wide: bool,
    /// The distinct words of the terms and what finds them in a token (built at the first search
    /// after a change).
    index: OnceLock<Index>,
    /// Per need, words (folded; `=` exact, else a stem) by language that cancel a hit of a term
    /// of that language when they stand within it or in the two words after it, in its clause:
    /// "drinks a lot of water", "fell pregnant", "breven trillar in".
    pub not_before: HashMap<String, Vec<(Lang, String)>>,
}

/// The lexicon's distinct words (a word shared by many terms is matched once per token) and the
/// structures that find every word a token matches without trying the words one by one.
#[derive(Debug)]
struct Index {
    words: Vec<IndexedWord>,
    /// Each term's words, as indexes into `words`.
    term_words: Vec<Vec<u32>>,
    /// For each word, the terms it begins, in term order.
    first_of: Vec<Vec<u32>>,
    /// Every word by its letters: a walk along a token finds the words it starts with; a walk
    /// that allows one edit, the first words one typo away (those that share the token's first
    /// three letters: a term's first word must).
    letters: Trie,
    /// The words that stand after a term's first, for their typos (a quarter of the words: the
    /// walk that allows an edit costs by the width of the trie).
    later_letters: Trie,
    /// Words of five or more letters (not exact), found anywhere inside a token in one pass.
    inside: AhoCorasick,
    /// The words of each pattern of `inside`.
    inside_words: Vec<Vec<u32>>,
    /// Finnish and Swedish words with a stem, by their stem head (see [`stems_only_cut`]): a
    /// token can only stem to a word whose head it starts with, read with doubled letters once.
    heads: [Trie; 2],
    /// English words with a stem, by their stem: a walk along the token's stem finds them.
    english_stems: Trie,
}

#[derive(Debug)]
struct IndexedWord {
    folded: String,
    lang: Lang,
    exact: bool,
    /// Letters of the folded word.
    len: usize,
    /// The index key of the folded word (its first three letters, see [`key_code`]): a term's
    /// first word must share it with the token, or stand inside it.
    key: u64,
    /// The Snowball stem, when the word has one, and its head (see [`Word`]).
    stem: Option<String>,
    stem_head: String,
}

impl IndexedWord {
    /// Whether the word may be matched with a typo.
    fn typo(&self) -> bool {
        !self.exact && self.len >= TYPO_LETTERS
    }
}

/// A character trie; each node lists the words that end there. Built in a [`TrieBuilder`], then
/// laid out flat, breadth first: a walk reads a few arrays, not a pointer a node.
#[derive(Debug)]
struct Trie {
    nodes: Vec<FlatNode>,
    /// Each node's children by letter, sorted: `edges[node.edges.0..node.edges.1]`.
    edges: Vec<(char, u32)>,
    /// The words of each node: `words[node.words.0..node.words.1]`, the typo words first
    /// (`..node.typo_words`).
    words: Vec<u32>,
    /// The root's children by ASCII letter (0: none; the root is no one's child).
    root: [u32; 128],
}

#[derive(Clone, Copy, Debug)]
struct FlatNode {
    edges: (u32, u32),
    words: (u32, u32),
    typo_words: u32,
    /// The letters of the shortest typo word that ends here or below (`u32::MAX`: none).
    shortest_typo: u32,
}

#[derive(Debug)]
struct TrieBuilder {
    nodes: Vec<BuilderNode>,
}

#[derive(Debug, Default)]
struct BuilderNode {
    children: Vec<(char, u32)>,
    /// The words that may be matched with a typo, and the others.
    typo_words: Vec<u32>,
    words: Vec<u32>,
    shortest_typo: u32,
}

impl TrieBuilder {
    fn new() -> Self {
        TrieBuilder { nodes: vec![BuilderNode { shortest_typo: u32::MAX, ..BuilderNode::default() }] }
    }

    fn insert(&mut self, letters: &str, word: u32, typo: bool) {
        let len = if typo { letters.chars().count() as u32 } else { u32::MAX };
        let mut node = 0usize;
        self.nodes[0].shortest_typo = self.nodes[0].shortest_typo.min(len);
        for c in letters.chars() {
            node = match self.nodes[node].children.iter().find(|(l, _)| *l == c) {
                Some(&(_, child)) => child as usize,
                None => {
                    let child = self.nodes.len();
                    self.nodes.push(BuilderNode { shortest_typo: u32::MAX, ..BuilderNode::default() });
                    self.nodes[node].children.push((c, child as u32));
                    child
                }
            };
            self.nodes[node].shortest_typo = self.nodes[node].shortest_typo.min(len);
        }
        if typo {
            self.nodes[node].typo_words.push(word);
        } else {
            self.nodes[node].words.push(word);
        }
    }

    fn finish(mut self) -> Trie {
        // Breadth first: `order[new] = old`, `new_of[old] = new`.
        let mut order = vec![0usize];
        let mut at = 0;
        while at < order.len() {
            let node = &mut self.nodes[order[at]];
            node.children.sort_unstable_by_key(|(c, _)| *c);
            order.extend(node.children.iter().map(|(_, child)| *child as usize));
            at += 1;
        }
        let mut new_of = vec![0u32; self.nodes.len()];
        for (new, &old) in order.iter().enumerate() {
            new_of[old] = new as u32;
        }
        let mut trie =
            Trie { nodes: Vec::with_capacity(order.len()), edges: Vec::new(), words: Vec::new(), root: [0; 128] };
        for &old in &order {
            let node = &self.nodes[old];
            let edges = (trie.edges.len() as u32, (trie.edges.len() + node.children.len()) as u32);
            trie.edges.extend(node.children.iter().map(|&(c, child)| (c, new_of[child as usize])));
            let start = trie.words.len() as u32;
            trie.words.extend(&node.typo_words);
            let typo_words = trie.words.len() as u32;
            trie.words.extend(&node.words);
            let words = (start, trie.words.len() as u32);
            trie.nodes.push(FlatNode { edges, words, typo_words, shortest_typo: node.shortest_typo });
        }
        for &(c, child) in self.nodes[0].children.iter().filter(|(c, _)| c.is_ascii()) {
            trie.root[c as usize] = new_of[child as usize];
        }
        trie
    }
}

impl Trie {
    fn children(&self, node: usize) -> &[(char, u32)] {
        let (from, to) = self.nodes[node].edges;
        &self.edges[from as usize..to as usize]
    }

    fn words(&self, node: usize) -> &[u32] {
        let (from, to) = self.nodes[node].words;
        &self.words[from as usize..to as usize]
    }

    fn typo_words(&self, node: usize) -> &[u32] {
        let n = &self.nodes[node];
        &self.words[n.words.0 as usize..n.typo_words as usize]
    }

    fn is_empty(&self) -> bool {
        self.nodes.len() == 1 && self.words.is_empty()
    }

    fn child(&self, node: usize, c: char) -> Option<usize> {
        if node == 0 && c.is_ascii() {
            let child = self.root[c as usize];
            return (child != 0).then_some(child as usize);
        }
        let children = self.children(node);
        // Most nodes have a few children: reading them in order beats halving.
        if children.len() <= 8 {
            return children.iter().find(|(l, _)| *l == c).map(|(_, child)| *child as usize);
        }
        children.binary_search_by_key(&c, |(l, _)| *l).ok().map(|i| children[i].1 as usize)
    }

    /// The words along the walk of `letters` from the root: `f(word, whole)`, `whole` when the
    /// word has all the letters (the root's words, which have none, too).
    fn walk(&self, letters: impl Iterator<Item = char>, mut f: impl FnMut(u32, bool)) {
        let mut letters = letters.peekable();
        let mut node = 0;
        loop {
            let whole = letters.peek().is_none();
            for &w in self.words(node) {
                f(w, whole);
            }
            let Some(c) = letters.next() else { return };
            match self.child(node, c) {
                Some(next) => node = next,
                None => return,
            }
        }
    }

    /// The words one edit (a letter wrong, missing, extra, or two letters swapped) or none from
    /// a prefix of `letters`, the first two letters right, of the words that may be matched with
    /// a typo; with `third`, only the words whose third letter is one of these. Passes only nodes
    /// with typo words below.
    fn near(&self, letters: &[char], third: Option<&[char]>, out: &mut Vec<u32>) {
        if letters.len() < 2 || self.nodes[0].shortest_typo > letters.len() as u32 + 1 {
            return;
        }
        let Some(node) = self.child(0, letters[0]).and_then(|n| self.child(n, letters[1])) else { return };
        self.near_from(node, letters, 2, false, third, out);
    }

    fn near_from(
        &self,
        node: usize,
        letters: &[char],
        at: usize,
        edited: bool,
        third: Option<&[char]>,
        out: &mut Vec<u32>,
    ) {
        // A word is one edit from a prefix of at most one letter more than the token has.
        if self.nodes[node].shortest_typo > letters.len() as u32 + 1 {
            return;
        }
        out.extend(self.typo_words(node));
        let allowed = |c: char| third.is_none_or(|t| t.contains(&c));
        let next = letters.get(at).copied();
        if let Some(child) = next.filter(|c| allowed(*c)).and_then(|c| self.child(node, c)) {
            self.near_from(child, letters, at + 1, edited, None, out);
        }
        if edited {
            return;
        }
        for &(c, child) in self.children(node).iter().filter(|(c, _)| allowed(*c)) {
            if next.is_some_and(|l| l != c) {
                // A letter wrong.
                self.near_from(child as usize, letters, at + 1, true, None, out);
            }
            // A letter missing from the token.
            self.near_from(child as usize, letters, at, true, None, out);
        }
        if next.is_some() {
            // A letter too many in the token.
            self.near_from(node, letters, at + 1, true, third, out);
        }
        if let (Some(a), Some(&b)) = (next, letters.get(at + 1)) {
            // Two letters swapped.
            if a != b && allowed(b) {
                if let Some(child) = self.child(node, b).and_then(|n| self.child(n, a)) {
                    self.near_from(child, letters, at + 2, true, None, out);
                }
            }
        }
    }
}

/// Words of six or more letters may be matched with a typo.
const TYPO_LETTERS: usize = 6;
/// A typo is looked for in at most this many letters of a token.
const TYPO_TOKEN_LETTERS: usize = 48;
/// Words of five or more letters are found inside compounds; a foreign word matches by prefix.
const LONG_LETTERS: usize = 5;

impl Index {
    fn new(terms: &[Term]) -> Self {
        // A word is its letters, exactness, language and stem (two spellings that fold alike
        // may stem apart).
        let mut ids: HashMap<(&str, bool, Lang, Option<&str>), u32> = HashMap::new();
        let mut words: Vec<IndexedWord> = Vec::new();
        let mut term_words = Vec::with_capacity(terms.len());
        for term in terms {
            let list = term.words.iter().map(|word| {
                *ids.entry((word.folded.as_str(), word.exact, term.lang, word.stem.as_deref())).or_insert_with(|| {
                    words.push(IndexedWord {
                        folded: word.folded.clone(),
                        lang: term.lang,
                        exact: word.exact,
                        len: word.folded.chars().count(),
                        key: key_code(&word.folded),
                        stem: word.stem.clone(),
                        stem_head: word.stem_head.clone(),
                    });
                    words.len() as u32 - 1
                })
            });
            term_words.push(list.collect::<Vec<u32>>());
        }
        let mut first_of = vec![Vec::new(); words.len()];
        let mut later = vec![false; words.len()];
        for (t, list) in term_words.iter().enumerate() {
            first_of[list[0] as usize].push(t as u32);
            for &w in &list[1..] {
                later[w as usize] = true;
            }
        }
        let mut letters = TrieBuilder::new();
        let mut later_letters = TrieBuilder::new();
        let mut heads = [TrieBuilder::new(), TrieBuilder::new()];
        let mut english_stems = TrieBuilder::new();
        let mut patterns: Vec<&str> = Vec::new();
        let mut pattern_of: HashMap<&str, usize> = HashMap::new();
        let mut inside_words: Vec<Vec<u32>> = Vec::new();
        for (id, word) in words.iter().enumerate() {
            let id = id as u32;
            let typo = word.typo();
            letters.insert(&word.folded, id, typo && !first_of[id as usize].is_empty());
            if typo && later[id as usize] {
                later_letters.insert(&word.folded, id, true);
            }
            if !word.exact && word.len >= LONG_LETTERS {
                let p = *pattern_of.entry(word.folded.as_str()).or_insert_with(|| {
                    patterns.push(word.folded.as_str());
                    inside_words.push(Vec::new());
                    patterns.len() - 1
                });
                inside_words[p].push(id);
            }
            if let Some(stem) = &word.stem {
                match word.lang {
                    Lang::Fi => heads[0].insert(&word.stem_head, id, false),
                    Lang::Sv => heads[1].insert(&word.stem_head, id, false),
                    Lang::En => english_stems.insert(stem, id, false),
                }
            }
        }
        // The words are plain lower-case letters from the lexicon, which builds them; an
        // automaton over them cannot fail but for size limits far beyond a lexicon's.
        let inside = match AhoCorasick::new(&patterns) {
            Ok(a) => a,
            Err(e) => panic!("the compound automaton of {} words: {e}", patterns.len()),
        };
        let [fi, sv] = heads;
        Index {
            term_words,
            first_of,
            letters: letters.finish(),
            later_letters: later_letters.finish(),
            inside,
            inside_words,
            heads: [fi.finish(), sv.finish()],
            english_stems: english_stems.finish(),
            words,
        }
    }

    /// Every word that matches the token, sorted, each with whether it may begin a term here (it
    /// shares the token's first three letters, or stands inside it). `native` says which
    /// languages match in every way; the others match only by prefix (five or more letters) or
    /// exactly. `typos` also allows typos and stems; `bases`, the token's base forms.
    fn token_words(
        &self,
        token: &Token,
        native: Option<Lang>,
        (typos, bases): (bool, bool),
        s: &mut Scratch,
        out: &mut Vec<Matched>,
    ) {
        let is_native = |w: &IndexedWord| native.is_none_or(|l| l == w.lang);
        s.matched.clear();
        s.inside.clear();
        // Whether an exact word equals the token as written (the written forms come first).
        let mut exact_written = false;
        let heads = bases && token.is_known();
        for form in token_forms(token, bases) {
            let written = is_written(token, form);
            // Exact words (see [`exact_at`]) and words the token starts with.
            self.letters.walk(form.chars(), |w, whole| {
                let word = &self.words[w as usize];
                let ok = if word.exact {
                    whole && exact_at(token, form, exact_written)
                } else {
                    is_native(word) || word.len >= LONG_LETTERS
                };
                if ok {
                    s.matched.push(w);
                    exact_written |= word.exact && written;
                }
            });
            // Words inside the token (see [`inside_at`]): a word has five letters or more, so a
            // token of fewer than eight holds none, nor does a known word of one part.
            let can_hold = if heads {
                token.bases.iter().any(|b| !b.heads.is_empty())
            } else {
                form.chars().nth(LONG_LETTERS + 2).is_some()
            };
            if !can_hold {
                continue;
            }
            for m in self.inside.find_overlapping_iter(form) {
                if inside_at(token, form, m.start(), heads) {
                    for &w in &self.inside_words[m.pattern().as_usize()] {
                        s.inside.push(w);
                        let word = &self.words[w as usize];
                        if word.lang != Lang::En && is_native(word) {
                            s.matched.push(w);
                        }
                    }
                }
            }
        }
        // A word the analyser knows is spelled right: one edit from it is another word, not a typo.
        if typos && !token.is_known() {
            // A typo word has six or more letters, and a token five at least to be one edit from it.
            for form in token_forms(token, false).filter(|f| f.chars().nth(TYPO_LETTERS - 2).is_some()) {
                s.letters.clear();
                s.letters.extend(form.chars().take(TYPO_TOKEN_LETTERS));
                // First words only where they may begin a term: their third letter is the third
                // of a form that begins alike, or they stand inside the token.
                s.third.clear();
                for other in token_forms(token, bases) {
                    let mut c = other.chars();
                    if c.next() == s.letters.first().copied() && c.next() == s.letters.get(1).copied() {
                        s.third.extend(c.next());
                    }
                }
                s.third.extend(s.inside.iter().filter_map(|&w| self.words[w as usize].folded.chars().nth(2)));
                let from = s.matched.len();
                self.letters.near(&s.letters, Some(&s.third), &mut s.matched);
                self.later_letters.near(&s.letters, None, &mut s.matched);
                // Only native typo words (the walks also pass others).
                let mut k = from;
                for i in from..s.matched.len() {
                    let word = &self.words[s.matched[i] as usize];
                    if word.typo() && is_native(word) {
                        s.matched[k] = s.matched[i];
                        k += 1;
                    }
                }
                s.matched.truncate(k);
            }
        }
        if typos {
            self.stemmed(token, native, &mut s.matched);
        }
        s.matched.sort_unstable();
        s.matched.dedup();
        s.inside.sort_unstable();
        s.keys.clear();
        s.keys.extend(token_forms(token, bases).map(key_code));
        for &w in &s.matched {
            let word = &self.words[w as usize];
            let first = s.keys.contains(&word.key) || s.inside.binary_search(&w).is_ok();
            out.push(Matched { id: w, first });
        }
    }

    /// The words whose stem begins the token's stem, in the native languages.
    fn stemmed(&self, token: &Token, native: Option<Lang>, out: &mut Vec<u32>) {
        for lang in Lang::ALL {
            if native.is_some_and(|l| l != lang) {
                continue;
            }
            let stem_of = |w: u32| self.words[w as usize].stem.as_deref().unwrap_or_default();
            if stems_only_cut(lang) {
                let heads = &self.heads[usize::from(lang == Lang::Sv)];
                // Stemming is the dearest step of a match: only a token that starts with a word's
                // stem head, read with doubled letters once, can stem to the word, and only such
                // a token is stemmed.
                let mut stem: Option<&str> = None;
                heads.walk(undoubled(&token.folded), |w, _| {
                    let s = *stem.get_or_insert_with(|| token.stem(lang));
                    if s.starts_with(stem_of(w)) {
                        out.push(w);
                    }
                });
            } else if !self.english_stems.is_empty() && token.folded.chars().nth(LONG_LETTERS - 1).is_some() {
                // An English stem is never longer than its word, and the words' stems have five
                // or more letters: a shorter token is not stemmed.
                self.english_stems.walk(token.stem(lang).chars(), |w, _| out.push(w));
            }
        }
    }
}

/// A word that matches a token, and whether it may begin a term there.
#[derive(Clone, Copy, Debug)]
struct Matched {
    id: u32,
    first: bool,
}

/// Buffers reused across the tokens of a search.
#[derive(Default)]
struct Scratch {
    matched: Vec<u32>,
    inside: Vec<u32>,
    letters: Vec<char>,
    third: Vec<char>,
    keys: Vec<u64>,
}

#[derive(Deserialize)]
struct LexiconFile {
    version: u32,
    needs: HashMap<String, HashMap<String, Vec<String>>>,
    /// Per need and language, words that cancel a hit when they follow it closely ("drinks a lot
    /// of water", "fell pregnant").
    #[serde(default)]
    not_before: HashMap<String, HashMap<String, Vec<String>>>,
}

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("the lexicon is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    Invalid(String),
}

/// The index key of a word or token: its first three letters.
#[cfg(test)]
fn key(s: &str) -> &str {
    s.char_indices().nth(3).map_or(s, |(byte, _)| &s[..byte])
}

/// [`key`] as one number: the first three letters' code points, 21 bits each (0 for a letter
/// a shorter word lacks; no token holds a NUL).
fn key_code(s: &str) -> u64 {
    s.chars().take(3).enumerate().fold(0, |code, (i, c)| code | (u64::from(c) << (21 * i)))
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
            // In a fixed order, so that the terms, and the order of hits, are the same in every
            // process (a map's order is not).
            let mut langs: Vec<_> = file.needs[code].iter().collect();
            langs.sort_unstable_by_key(|(lang_code, _)| *lang_code);
            for (lang_code, terms) in langs {
                let lang = Lang::parse(lang_code)
                    .ok_or_else(|| LexiconError::Invalid(format!("{code}: {lang_code} is not fi, sv or en")))?;
                for raw in terms {
                    lexicon
                        .add(code, lang, raw)
                        .map_err(|e| LexiconError::Invalid(format!("{code}/{lang_code}: {e}")))?;
                }
            }
        }
        let mut codes: Vec<&String> = file.not_before.keys().collect();
        codes.sort();
        for code in codes {
            if !file.needs.contains_key(code) {
                return Err(LexiconError::Invalid(format!("not_before: {code} is not a need of the lexicon")));
            }
            let mut words = Vec::new();
            for (lang_code, list) in &file.not_before[code] {
                let Some(lang) = Lang::parse(lang_code) else {
                    return Err(LexiconError::Invalid(format!("not_before {code}: {lang_code} is not fi, sv or en")));
                };
                for w in list {
                    let exact = w.starts_with('=');
                    let folded = fold(w.trim_start_matches('=').trim());
                    if folded.is_empty() || folded.contains(' ') || (!exact && folded.chars().count() < 3) {
                        return Err(LexiconError::Invalid(format!(
                            "not_before {code}/{lang_code}: {w:?} must be one word, of 3 letters or more unless exact (=word)"
                        )));
                    }
                    words.push((lang, if exact { format!("={folded}") } else { folded }));
                }
            }
            words.sort();
            words.dedup();
            lexicon.not_before.insert(code.clone(), words);
        }
        Ok(lexicon)
    }

    /// Whether a word of the hit's `not_before` list follows its first word closely, within the
    /// term or the two words after it, in its clause: "he drinks a lot of water" is no drinking,
    /// "I fell pregnant" no fall.
    pub fn cancelled(&self, text: &Text, hit: &Hit) -> bool {
        let Some(words) = self.not_before.get(&hit.target) else { return false };
        let lang = self.terms[hit.term].lang;
        let clause = text.tokens[hit.end].clause;
        // Between the term's words too: "dricker kaffe varje morgon".
        let span = text.tokens.iter().take(hit.end + 3).skip(hit.start + 1);
        span.filter(|t| t.clause == clause).any(|t| {
            words.iter().filter(|(l, _)| *l == lang).any(|(_, w)| match w.strip_prefix('=') {
                Some(exact) => t.folded == exact,
                None => t.folded.starts_with(w.as_str()),
            })
        })
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
                let stem_head = stem.as_deref().map(stem_head).unwrap_or_default();
                Word { folded, exact, stem, stem_head }
            })
            .collect();
        if words.is_empty() || words.iter().any(|w| w.folded.is_empty()) {
            return Err(format!("{raw:?} has no words"));
        }
        if words.len() == 1 && !words[0].exact && words[0].folded.chars().count() < 3 {
            return Err(format!("{raw:?}: a single word of fewer than 3 letters must be exact (=word)"));
        }
        self.index = OnceLock::new();
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

    /// Whether a hit of `find_any_language` reads a short English word as the start of a longer
    /// word of a text in another language ("hit me" in "hittar mer", "pale" in "palelee"): only
    /// an English text reads a word shorter than five letters as a stem.
    pub fn foreign_stem(&self, text: &Text, hit: &Hit, text_lang: impl FnOnce() -> Lang) -> bool {
        let term = &self.terms[hit.term];
        // Finnish and Swedish words inflect and compound inside other languages' texts too
        // ("the häkävaroitin is beeping"); an English word only takes its own endings ("kills").
        if term.lang != Lang::En {
            return false;
        }
        let short_stem = |w: &Word, at: usize| {
            !w.exact
                && w.folded.chars().count() < 5
                && text.tokens.get(at).is_some_and(|t| {
                    let rest = t.folded.strip_prefix(w.folded.as_str()).unwrap_or("");
                    !matches!(rest, "" | "s" | "es" | "ed" | "d" | "ing" | "er" | "ers" | "'s")
                })
        };
        let (Some(first), Some(last)) = (term.words.first(), term.words.last()) else { return false };
        (short_stem(first, hit.start) || short_stem(last, hit.end)) && text_lang() != term.lang
    }

    fn find_in(&self, text: &Text, lang: Option<Lang>) -> Vec<Hit> {
        let index = self.index.get_or_init(|| Index::new(&self.terms));
        // The words each token matches, one token after another: token `i`'s are
        // `matches[bounds[i]..bounds[i + 1]]`, sorted.
        let mut matches: Vec<Matched> = Vec::with_capacity(text.tokens.len() * 8);
        let mut bounds = Vec::with_capacity(text.tokens.len() + 1);
        bounds.push(0);
        let mut scratch = Scratch::default();
        for token in &text.tokens {
            index.token_words(token, lang, (!self.strict, !self.strict), &mut scratch, &mut matches);
            bounds.push(matches.len());
        }
        let of = |i: usize| &matches[bounds[i]..bounds[i + 1]];
        // The words found anywhere in the text: a term with a word not among them is not tried.
        let mut present = vec![0u64; index.words.len().div_ceil(64)];
        for m in &matches {
            present[m.id as usize / 64] |= 1 << (m.id % 64);
        }
        let is_present = |w: &u32| present[*w as usize / 64] & (1 << (w % 64)) != 0;
        let has = |i: usize, w: u32| of(i).binary_search_by_key(&w, |m| m.id).is_ok();
        let reach = if self.wide { 6 } else { 4 };
        let mut hits = Vec::new();
        let mut terms: Vec<u32> = Vec::new();
        for i in 0..text.tokens.len() {
            terms.clear();
            for m in of(i).iter().filter(|m| m.first) {
                terms.extend(&index.first_of[m.id as usize]);
            }
            terms.sort_unstable();
            for &t in &terms {
                let later = &index.term_words[t as usize][1..];
                if !later.iter().all(is_present) {
                    continue;
                }
                let term = &self.terms[t as usize];
                let Some((end, negated_inside)) = rest(later, text, i, reach, term.lang, has) else {
                    continue;
                };
                let native = lang.is_none_or(|l| term.lang == l);
                hits.push(Hit::new(term, t as usize, text, (i, end), native, negated_inside));
            }
        }
        hits
    }
}

impl Hit {
    /// Term `t` found from token `start` to `end`: a foreign term weighs less, and the hit is
    /// negated when a negation stands between its words or around it.
    fn new(
        term: &Term,
        t: usize,
        text: &Text,
        (start, end): (usize, usize),
        native: bool,
        negated_inside: bool,
    ) -> Hit {
        Hit {
            term: t,
            target: term.target.clone(),
            start,
            end,
            weight: if native { term.weight } else { term.weight * 0.6 },
            negated: negated_inside || is_negated_in(text, start, end, Some(term.lang)),
        }
    }
}

/// The forms of a token a word may match: as written, the standard form of a dialect word, and
/// with `bases` the base forms the analyser gives (typos are looked for in the written forms).
fn token_forms(token: &Token, bases: bool) -> impl Iterator<Item = &str> {
    let bases = token.bases.iter().filter(move |_| bases).map(|b| b.form.as_str()).filter(|f| *f != token.folded);
    std::iter::once(token.folded.as_str()).chain(token.standard.as_deref()).chain(bases)
}

/// Whether `form` is the token as written (or its dialect word's standard form), not a base form.
fn is_written(token: &Token, form: &str) -> bool {
    form == token.folded || Some(form) == token.standard.as_deref()
}

/// Whether an exact word (`=word`) may match `form` of a token, given whether an exact word of the
/// lexicon equals the token as written. It matches the token as written, or its base form: "=oksentaa"
/// finds "oksensin", and "=annostus" every inflection of "annostus" but not "yliannostus", whose
/// base form it is not. Where the lexicon has an exact word for the token as written, that word
/// speaks for it ("=neuvolaan|0.4"), and the base form's ("=neuvola|0.4") would count it twice.
fn exact_at(token: &Token, form: &str, exact_written: bool) -> bool {
    is_written(token, form) || !exact_written
}

/// Whether a word found in `form`, one of the token's forms, at byte `start` stands inside the
/// token as a compound's part. With `heads` (reading a word the analyser knows by its base
/// forms), only at a head of one of its base forms (see [`Base`](super::text::Base)), where `form`
/// reads as that base form up to it: "hengenahdistus" holds no "ahdistus", a word of one part no
/// part at all ("kunnolla" no "nolla"). In another word, anywhere at least three letters in.
fn inside_at(token: &Token, form: &str, start: usize, heads: bool) -> bool {
    if !heads {
        return form[..start].chars().nth(2).is_some();
    }
    token
        .bases
        .iter()
        .any(|b| b.heads.iter().any(|&h| h == start && form.as_bytes().get(..h) == b.form.as_bytes().get(..h)))
}

/// Finds the words after a term's first (at token `first`), each at most `reach` tokens after
/// the previous, in the same clause and not past a joined clause ("and I"); `has(k, word)` says whether token `k` matches a word.
/// Also says whether a negation stands between the words ("huulet ei turpoa"), not counting the
/// term's own words.
fn rest(
    words: &[u32],
    text: &Text,
    first: usize,
    reach: usize,
    lang: Lang,
    has: impl Fn(usize, u32) -> bool,
) -> Option<(usize, bool)> {
    let clause = text.tokens[first].clause;
    let mut at = first;
    let mut negated_inside = false;
    for &word in words {
        let found = (at + 1..(at + 1 + reach).min(text.tokens.len()))
            .take_while(|k| text.tokens[*k].clause == clause && !text.joins(*k))
            .find(|k| has(*k, word))?;
        negated_inside |= text.tokens[at + 1..found].iter().any(|t| is_negator_in(t, Some(lang)));
        at = found;
    }
    Some((at, negated_inside))
}

/// Whether the Snowball stemmer of a language only cuts a word's ending and undoubles letters,
/// so that a stem, its doubled letters written once, is the word's beginning read the same way
/// but for the stem's last letter. True of Finnish (which cuts endings, undoubles the last
/// consonant wherever it stands, "ajokorttia" to "ajokortia", and rewrites one ending, "kse" to
/// "ksi", the stem's last letter) and of Swedish ("löst" to "lös", "fullt" to "full"); not of
/// English ("dying" to "die").
fn stems_only_cut(lang: Lang) -> bool {
    matches!(lang, Lang::Fi | Lang::Sv)
}

/// A stem without its last letter, doubled letters written once.
fn stem_head(stem: &str) -> String {
    let mut head: String = undoubled(stem).collect();
    head.pop();
    head
}

fn undoubled(s: &str) -> impl Iterator<Item = char> + '_ {
    let mut previous = None;
    s.chars().filter(move |c| previous.replace(*c) != Some(*c))
}

/// Whether `form`, its doubled letters written once, starts with `head`.
#[cfg(test)]
fn starts_with_undoubled(form: &str, head: &str) -> bool {
    let mut letters = undoubled(form);
    head.chars().all(|h| letters.next() == Some(h))
}

/// The lexicon shipped in the binary (`data/lexicon.json`).
pub fn shipped() -> &'static Lexicon {
    SHIPPED.get_or_init(|| match parse_shipped() {
        Ok(l) => l,
        // Checked at start-up by [`install`] and by the tests: a broken copy is a build defect.
        Err(e) => panic!("data/lexicon.json: {e}"),
    })
}

static SHIPPED: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
static ACTIVE: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();

fn parse_shipped() -> Result<Lexicon, LexiconError> {
    Lexicon::from_json(include_str!("../../data/lexicon.json"), |c| super::needs::taxonomy().contains(c))
}

/// The lexicon navigation reads: the region's own file installed at start (`LUOTSI_LEXICON`),
/// else the shipped one.
pub fn active() -> &'static Lexicon {
    ACTIVE.get().unwrap_or_else(|| shipped())
}

/// At start-up: checks the shipped lexicon or, given a file, reads and checks it and makes it the
/// active one. A bad file is an error naming the file and the term, so start-up stops on it.
pub fn install(file: Option<&std::path::Path>) -> Result<&'static str, String> {
    let Some(path) = file else {
        let lexicon = parse_shipped().map_err(|e| format!("data/lexicon.json: {e}"))?;
        let _ = SHIPPED.set(lexicon);
        return Ok("data/lexicon.json (shipped)");
    };
    let json = std::fs::read_to_string(path).map_err(|e| format!("LUOTSI_LEXICON={}: {e}", path.display()))?;
    let lexicon = Lexicon::from_json(&json, |c| super::needs::taxonomy().contains(c))
        .map_err(|e| format!("LUOTSI_LEXICON={}: {e}", path.display()))?;
    ACTIVE.set(lexicon).map_err(|_| "the need lexicon was already installed".to_owned())?;
    Ok("LUOTSI_LEXICON")
}

/// The matcher as first written: every term whose first word shares a token's first three
/// letters (or stands inside it) is tried word by word. Slow, plain, and the definition the
/// indexed matcher must agree with.
#[cfg(test)]
pub(crate) mod reference {
    use std::collections::{BTreeMap, HashMap};

    use aho_corasick::AhoCorasick;

    use super::*;

    /// Every term's first word again, grouped by index key and stored together (the words' letters
    /// too, made one after another): most candidates of a token fail on their first word, and reading
    /// them in order costs far less than following each term's pointers to its own words.
    #[derive(Debug)]
    struct Firsts {
        by_key: HashMap<String, Vec<First>>,
    }

    #[derive(Debug)]
    struct First {
        term: usize,
        lang: Lang,
        word: Word,
    }

    impl Firsts {
        fn new(terms: &[Term]) -> Self {
            // In key order, and by term within a key, so that the copies are made one after another.
            let mut by_letters: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            for (t, term) in terms.iter().enumerate() {
                by_letters.entry(key(&term.words[0].folded)).or_default().push(t);
            }
            let by_key = by_letters
                .into_iter()
                .map(|(k, ts)| {
                    let firsts =
                        ts.into_iter().map(|t| First { term: t, lang: terms[t].lang, word: terms[t].words[0].clone() });
                    (k.to_owned(), firsts.collect())
                })
                .collect();
            Firsts { by_key }
        }
    }

    /// Every first word of five or more letters, found in one pass over a token wherever it starts;
    /// `terms[p]` are the terms whose first word is pattern `p`.
    #[derive(Debug)]
    struct Compounds {
        automaton: AhoCorasick,
        terms: Vec<Vec<usize>>,
    }

    impl Compounds {
        fn new(terms: &[Term]) -> Self {
            let mut patterns: Vec<&str> = Vec::new();
            let mut by_word: HashMap<&str, usize> = HashMap::new();
            let mut lists: Vec<Vec<usize>> = Vec::new();
            for (t, term) in terms.iter().enumerate() {
                let word = &term.words[0];
                if word.exact || word.folded.chars().count() < 5 {
                    continue;
                }
                let p = *by_word.entry(word.folded.as_str()).or_insert_with(|| {
                    patterns.push(word.folded.as_str());
                    lists.push(Vec::new());
                    patterns.len() - 1
                });
                lists[p].push(t);
            }
            // The words are plain lower-case letters from the lexicon, which builds them; an
            // automaton over them cannot fail but for size limits far beyond a lexicon's.
            let automaton = match AhoCorasick::new(&patterns) {
                Ok(a) => a,
                Err(e) => panic!("the compound automaton of {} words: {e}", patterns.len()),
            };
            Compounds { automaton, terms: lists }
        }

        /// The terms whose first word stands inside the token (see `inside_at`), sorted.
        fn inside(&self, token: &Token, bases: bool, heads: bool, out: &mut Vec<usize>) {
            out.clear();
            for form in token_forms(token, bases) {
                for m in self.automaton.find_overlapping_iter(form) {
                    if inside_at(token, form, m.start(), heads) {
                        out.extend(&self.terms[m.pattern().as_usize()]);
                    }
                }
            }
            out.sort_unstable();
            out.dedup();
        }
    }

    /// A lexicon with the plain matcher's indexes (the first words by their first three
    /// letters, and the automaton of the first words inside compounds).
    pub(crate) struct Plain<'a> {
        lexicon: &'a Lexicon,
        compounds: Compounds,
        firsts: Firsts,
        /// The exact words of the terms.
        exact: std::collections::HashSet<String>,
    }

    impl<'a> Plain<'a> {
        pub(crate) fn new(lexicon: &'a Lexicon) -> Self {
            let exact =
                lexicon.terms.iter().flat_map(|t| &t.words).filter(|w| w.exact).map(|w| w.folded.clone()).collect();
            Plain { lexicon, compounds: Compounds::new(&lexicon.terms), firsts: Firsts::new(&lexicon.terms), exact }
        }

        /// What `Lexicon::find` (`Some`) or `Lexicon::find_any_language` (`None`) finds.
        pub(crate) fn find(&self, text: &Text, lang: Option<Lang>) -> Vec<Hit> {
            find_in(self, text, lang)
        }
    }

    fn find_in(plain: &Plain, text: &Text, lang: Option<Lang>) -> Vec<Hit> {
        let Plain { lexicon, compounds, firsts, exact } = plain;
        let mut hits = Vec::new();
        // A token's candidate terms: their index, language and first word.
        let mut candidates: Vec<(usize, Lang, &Word)> = Vec::new();
        // Terms whose first word stands inside the token.
        let mut inner: Vec<usize> = Vec::new();
        // Typos, stems and base forms, or the words as written (strict).
        let typos = !lexicon.strict;
        let ways = ways(exact, text, typos);
        for (i, token) in text.tokens.iter().enumerate() {
            candidates.clear();
            for form in token_forms(token, typos) {
                if let Some(list) = firsts.by_key.get(key(form)) {
                    candidates.extend(list.iter().map(|f| (f.term, f.lang, &f.word)));
                }
            }
            compounds.inside(token, typos, ways[i].heads, &mut inner);
            candidates.extend(inner.iter().map(|&t| (t, lexicon.terms[t].lang, &lexicon.terms[t].words[0])));
            candidates.sort_unstable_by_key(|c| c.0);
            candidates.dedup_by_key(|c| c.0);
            for &(t, term_lang, first) in &candidates {
                let native = lang.is_none_or(|l| term_lang == l);
                // The automaton has already said whether the word stands inside the token.
                let inside = Some(inner.binary_search(&t).is_ok());
                if !word_matches(first, token, term_lang, native, typos, inside, ways[i]) {
                    continue;
                }
                let term = &lexicon.terms[t];
                let reach = if lexicon.wide { 6 } else { 4 };
                let Some((end, negated_inside)) = match_rest(term, text, i, (native, typos), reach, &ways) else {
                    continue;
                };
                hits.push(Hit::new(term, t, text, (i, end), native, negated_inside));
            }
        }
        hits
    }

    /// How each token is read: `heads`, by the heads of its base forms (see `inside_at`), and
    /// `exact_written`, whether an exact word of the lexicon equals it as written (see `exact_at`).
    #[derive(Clone, Copy)]
    struct Way {
        heads: bool,
        exact_written: bool,
    }

    fn ways(exact: &std::collections::HashSet<String>, text: &Text, bases: bool) -> Vec<Way> {
        text.tokens
            .iter()
            .map(|token| Way {
                heads: bases && token.is_known(),
                exact_written: token_forms(token, false).any(|f| exact.contains(f)),
            })
            .collect()
    }

    /// Matches the words after the first, each at most `reach` tokens after the previous, in the same
    /// clause.
    /// Also says whether a negation stands between the words ("huulet ei turpoa"), not counting the
    /// term's own words.
    fn match_rest(
        term: &Term,
        text: &Text,
        first: usize,
        (native, typos): (bool, bool),
        reach: usize,
        ways: &[Way],
    ) -> Option<(usize, bool)> {
        let clause = text.tokens[first].clause;
        let mut at = first;
        let mut negated_inside = false;
        for word in &term.words[1..] {
            let found = (at + 1..(at + 1 + reach).min(text.tokens.len()))
                .take_while(|k| text.tokens[*k].clause == clause && !text.joins(*k))
                .find(|k| word_matches(word, &text.tokens[*k], term.lang, native, typos, None, ways[*k]))?;
            negated_inside |= text.tokens[at + 1..found].iter().any(|t| is_negator_in(t, Some(term.lang)));
            at = found;
        }
        Some((at, negated_inside))
    }

    /// Whether a word of a term matches a token. `inside` is whether the word stands inside the
    /// token, when the caller already knows it (a first word, from the automaton); `None` looks
    /// for it. `typos` allows typos, stems and base forms; `way` is how the token is read.
    fn word_matches(
        word: &Word,
        token: &Token,
        lang: Lang,
        native: bool,
        typos: bool,
        inside: Option<bool>,
        way: Way,
    ) -> bool {
        let w = word.folded.as_str();
        for form in token_forms(token, typos) {
            // Equality, a prefix and a typo (the first two letters right) all need the same first
            // byte; comparing it first spares most tokens a string comparison.
            let same_first = form.as_bytes().first() == w.as_bytes().first();
            let written = is_written(token, form);
            if word.exact {
                if same_first && exact_at(token, form, way.exact_written) && form == w {
                    return true;
                }
                continue;
            }
            let wlen = word.folded.chars().count();
            if same_first && form.starts_with(w) && (native || wlen >= 5) {
                return true;
            }
            if !native {
                continue;
            }
            if wlen >= 5 && lang != Lang::En {
                let found = match inside {
                    Some(known) => known,
                    None => form
                        .char_indices()
                        .any(|(at, _)| form[at..].starts_with(w) && inside_at(token, form, at, way.heads)),
                };
                if found {
                    return true;
                }
            }
            if typos
                && written
                && !token.is_known()
                && wlen >= 6
                && same_first
                && near_prefix(&word.folded.chars().collect::<Vec<_>>(), form)
            {
                return true;
            }
        }
        if !native || word.exact || !typos {
            return false;
        }
        match &word.stem {
            // Stemming is the dearest step of a match: a Finnish or Swedish token that cannot stem to
            // the word is told apart by its letters first.
            Some(_) if stems_only_cut(lang) && !starts_with_undoubled(&token.folded, &word.stem_head) => false,
            Some(s) => token.stem(lang).starts_with(s.as_str()),
            None => false,
        }
    }

    /// Whether `form` starts with `word` give or take one typo (a letter wrong, missing, extra or
    /// two letters swapped). The first two letters must be right.
    fn near_prefix(w: &[char], form: &str) -> bool {
        // The first two letters must be right: most tokens stop here.
        let mut start = form.chars();
        if w.len() < 2 || start.next() != Some(w[0]) || start.next() != Some(w[1]) {
            return false;
        }
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

    /// Asserts that two searches found the same terms at the same tokens, with the same weights
    /// and negations, in the same order.
    pub(crate) fn assert_same_hits(found: &[Hit], expected: &[Hit], what: &str) {
        let key = |h: &Hit| (h.term, h.start, h.end, h.weight.to_bits(), h.negated);
        assert_eq!(found.iter().map(key).collect::<Vec<_>>(), expected.iter().map(key).collect::<Vec<_>>(), "{what}");
    }

    /// Every description of the navigation case sets (`tests/fixtures/navigation-cases*.json`),
    /// as written and with typos made in every word but every fourth: two letters swapped, a
    /// letter dropped, a letter doubled or a letter changed, each past the second letter.
    pub(crate) fn sample_texts() -> Vec<String> {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut files: Vec<_> = std::fs::read_dir(fixtures)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("navigation-cases"))
            .collect();
        files.sort();
        let mut texts = Vec::new();
        for path in files {
            let file: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            for case in file["cases"].as_array().unwrap() {
                let text = case["text"].as_str().unwrap();
                let typed = text
                    .split(' ')
                    .enumerate()
                    .map(|(j, word)| {
                        let mut c: Vec<char> = word.chars().collect();
                        if c.len() >= 5 && c.iter().all(|c| c.is_alphabetic()) {
                            match j % 5 {
                                0 => c.swap(2, 3),
                                1 => drop(c.remove(3)),
                                2 => c.insert(3, c[3]),
                                3 => c[4] = if c[4] == 'a' { 'e' } else { 'a' },
                                _ => {}
                            }
                        }
                        c.into_iter().collect::<String>()
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                texts.push(text.to_owned());
                texts.push(typed);
            }
        }
        texts
    }

    pub(super) fn damerau_at_most_one(a: &[char], b: &[char]) -> bool {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::morphology::{Analyser, Reading, VOIKKO_WORDS};
    use crate::domain::text::{analyse, analyse_with, stem_index};

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

    /// The targets found in a text read with the table of Voikko's readings, and without.
    fn read(l: &Lexicon, text: &str) -> (Vec<String>, Vec<String>) {
        let found = |t: &Text| l.find(t, Lang::Fi).into_iter().filter(|h| !h.negated).map(|h| h.target).collect();
        (found(&analyse_with(text, None, &VOIKKO_WORDS)), found(&analyse(text)))
    }

    #[test]
    fn base_forms_and_compound_heads_of_the_words_the_analyser_knows() {
        let l = lexicon(&[
            ("mild", Lang::Fi, "ahdist"),
            ("income", Lang::Fi, "nolla"),
            ("gambling", Lang::Fi, "rahapel"),
            ("home_care", Lang::Fi, "kotihoi"),
            ("care", Lang::Fi, "hoito"),
            ("social", Lang::Fi, "toimeentulo"),
            ("vomiting", Lang::Fi, "=oksentaa"),
            ("child", Lang::Fi, "=neuvola|0.4"),
            ("child", Lang::Fi, "=neuvolaan|0.4"),
            ("dose", Lang::Fi, "=annostus"),
            ("end", Lang::Fi, "loppu"),
            ("rash", Lang::Fi, "ihottum"),
            ("speech", Lang::Fi, "=ei puhu"),
        ]);
        // A lexicalised compound is its own word: breathlessness holds no anxiety.
        assert_eq!(read(&l, "hengenahdistusta"), (vec![], vec!["mild".into()]));
        assert_eq!(read(&l, "ahdistusta").0, ["mild"]);
        // A word of one part holds no other word; an inflected modifier binds its part.
        assert_eq!(read(&l, "kunnolla"), (vec![], vec!["income".into()]));
        assert_eq!(read(&l, "viikonloppuna"), (vec![], vec!["end".into()]));
        // Prefixes as written, and the parts that stand for the whole (by their base forms too).
        assert_eq!(read(&l, "rahapelaamiseen").0, ["gambling"]);
        assert_eq!(read(&l, "kotihoidon"), (vec!["home_care".into(), "care".into()], vec!["home_care".into()]));
        assert_eq!(read(&l, "toimeentulotukea").0, ["social"]);
        assert_eq!(read(&l, "nokkosihottumaa").0, ["rash"]);
        // An exact word matches a base form, not a compound's part, and not twice.
        assert_eq!(read(&l, "oksensin"), (vec!["vomiting".into()], vec![]));
        assert_eq!(read(&l, "annostuksen").0, ["dose"]);
        assert!(read(&l, "yliannostuksen").0.is_empty());
        assert_eq!(read(&l, "neuvolaan").0, ["child"], "=neuvolaan, not =neuvola too");
        assert_eq!(read(&l, "neuvolassa").0, ["child"]);
        // The negation verb is read as written.
        assert!(read(&l, "en puhu").0.is_empty());
        // A strict lexicon (safety signs) reads the words as written.
        let strict =
            Lexicon { strict: true, ..lexicon(&[("sign", Lang::Fi, "ahdist"), ("sign", Lang::Fi, "=oksentaa")]) };
        let signs = |text| strict.find_any_language(&analyse_with(text, None, &VOIKKO_WORDS)).len();
        assert_eq!(signs("hengenahdistusta"), 1);
        assert_eq!(signs("oksensin"), 0);
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
    fn a_term_added_after_a_search_is_found() {
        let mut l = lexicon(&[("memory", Lang::Fi, "muisti")]);
        assert!(targets(&l, "hammassärkyä", Lang::Fi).is_empty());
        l.add("tooth", Lang::Fi, "särky").unwrap();
        assert_eq!(targets(&l, "hammassärkyä", Lang::Fi), ["tooth"], "the automaton is rebuilt after a change");
        l.add("teeth", Lang::Fi, "hammas").unwrap();
        assert_eq!(targets(&l, "hammassärkyä", Lang::Fi), ["tooth", "teeth"], "the first words are stored again");
    }

    #[test]
    fn the_automaton_finds_exactly_the_words_inside_a_token() {
        // The automaton's answer must be the plain definition: the word occurs in the token at
        // least three letters in.
        let l = shipped();
        let index = l.index.get_or_init(|| Index::new(&l.terms));
        let mut folded = vec![""; index.words.len()];
        for (t, ids) in index.term_words.iter().enumerate() {
            for (word, &id) in l.terms[t].words.iter().zip(ids) {
                folded[id as usize] = word.folded.as_str();
            }
        }
        // Real compounds, and made ones: every 40th long word of the lexicon after three
        // letters, and after two (too early to count).
        let mut sample = String::from(
            "hammassärkyä ja selkäkipua, muistiongelmia, päihdeongelma, toimeentulotukihakemus, \
             lastensuojeluilmoitus, kotihoidonpalvelut, sjukhusvistelse, missbruksproblem",
        );
        for term in l.terms.iter().step_by(40) {
            sample.push_str(&format!(" koti{0}ssa et{0}", term.words[0].folded));
        }
        let text = analyse(&sample);
        let mut checked = 0;
        for token in &text.tokens {
            let mut inner: Vec<u32> = Vec::new();
            for form in token_forms(token, false) {
                for m in index.inside.find_overlapping_iter(form) {
                    if form[..m.start()].chars().nth(2).is_some() {
                        inner.extend(&index.inside_words[m.pattern().as_usize()]);
                    }
                }
            }
            for (id, word) in index.words.iter().enumerate() {
                if word.exact || word.len < LONG_LETTERS {
                    continue;
                }
                let w = folded[id];
                let plain = token_forms(token, false)
                    .any(|form| form.char_indices().nth(3).is_some_and(|(byte, _)| form[byte..].contains(w)));
                assert_eq!(inner.contains(&(id as u32)), plain, "{w:?} in {:?}", token.folded);
                checked += usize::from(plain);
            }
        }
        assert!(checked > 100, "the sample has compounds ({checked})");
    }

    /// Readings made up for every word of four or more letters, of each kind the matcher reads:
    /// none, one part, two parts with a modifier as its base form (a head) or inflected (none),
    /// a base form that is a stem (a prefix of many words), and two readings.
    struct MadeUp;

    impl Analyser for MadeUp {
        fn name(&self) -> &str {
            "made up"
        }

        fn analyse(&self, word: &str) -> Vec<Reading> {
            let chars: Vec<char> = word.chars().collect();
            if chars.len() < 4 || !chars.iter().all(|c| c.is_alphabetic()) {
                return Vec::new();
            }
            let first: String = chars[..chars.len() / 2].iter().collect();
            let last = stem(&chars[chars.len() / 2..].iter().collect::<String>(), Lang::Fi);
            let reading = |base_form: String, parts: Vec<String>| Reading { base_form, parts, class: None };
            let compound = |modifier: String| reading(format!("{first}{last}"), vec![modifier, last.clone()]);
            match chars.len() % 4 {
                0 => Vec::new(),
                1 => vec![reading(stem(word, Lang::Fi), Vec::new())],
                2 => vec![compound(first.clone())],
                _ => vec![reading(word.to_owned(), Vec::new()), compound(format!("{first}i"))],
            }
        }
    }

    /// The indexed matcher finds exactly what the plain one finds (the same terms, tokens,
    /// weights and negations, in the same order), in every mode: each language, and all
    /// languages at once; with typos and stems and without (strict); with base forms and
    /// without. The texts are every description of the case sets, as written and with typos
    /// made in them.
    #[test]
    fn the_index_finds_what_the_plain_matcher_finds() {
        let texts = reference::sample_texts();
        assert!(texts.len() > 1000, "{} texts", texts.len());
        let needs = shipped();
        let mut strict = Lexicon { strict: true, wide: true, ..Lexicon::default() };
        for term in needs.terms.iter().step_by(3) {
            strict.add(&term.target, term.lang, &term.source).unwrap();
        }
        let mut hits = 0;
        for lexicon in [needs, &strict] {
            let plain = reference::Plain::new(lexicon);
            for (n, raw) in texts.iter().enumerate() {
                // Every other text with made-up base forms and compounds.
                let text = if n % 2 == 0 { analyse(raw) } else { analyse_with(raw, None, &MadeUp) };
                // Every text in all languages at once; each language on a share of them.
                for lang in [None, Some(Lang::ALL[n % 3])] {
                    let found = lexicon.find_in(&text, lang);
                    reference::assert_same_hits(&found, &plain.find(&text, lang), &format!("{raw:?} in {lang:?}"));
                    hits += found.len();
                }
            }
        }
        assert!(hits > 5_000, "{hits} hits compared");
    }

    #[test]
    fn terms_load_in_the_same_order_every_time() {
        let json = include_str!("../../data/lexicon.json");
        let order = |l: Lexicon| l.terms.into_iter().map(|t| (t.target, t.lang, t.source)).collect::<Vec<_>>();
        let first = order(Lexicon::from_json(json, |_| true).unwrap());
        for _ in 0..3 {
            assert_eq!(order(Lexicon::from_json(json, |_| true).unwrap()), first);
        }
    }

    /// `not_before` words cancel a hit of their need and language only; a bad list is an error.
    #[test]
    fn words_after_a_term_can_cancel_it() {
        let json = r#"{"version": 1, "needs": {"a": {"en": ["drinks a lot"], "sv": ["dricker"]}},
            "not_before": {"a": {"en": ["water", "=tea"]}}}"#;
        let l = Lexicon::from_json(json, |_| true).unwrap();
        let cancelled = |t: &str| {
            let text = super::super::text::analyse(t);
            let hits = l.find_any_language(&text);
            assert!(!hits.is_empty(), "{t}");
            hits.iter().all(|h| l.cancelled(&text, h))
        };
        assert!(cancelled("He drinks a lot of water"));
        assert!(!cancelled("He drinks a lot, tea mostly"), "a comma ends the clause");
        assert!(!cancelled("He drinks a lot of beer"));
        assert!(!cancelled("He drinks a lot of teabags"), "'=tea' is the word itself");
        assert!(!cancelled("Han dricker vatten"), "the list is for English terms");
        for bad in [
            r#""not_before": {"b": {"en": ["water"]}}"#,
            r#""not_before": {"a": {"de": ["water"]}}"#,
            r#""not_before": {"a": {"en": ["of"]}}"#,
            r#""not_before": {"a": {"en": ["two words"]}}"#,
        ] {
            let json = format!(r#"{{"version": 1, "needs": {{"a": {{"en": ["drinks"]}}}}, {bad}}}"#);
            assert!(Lexicon::from_json(&json, |_| true).is_err(), "{bad}");
        }
    }

    #[test]
    fn typo_distance() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(reference::damerau_at_most_one(&c("muisti"), &c("muitsi")));
        assert!(reference::damerau_at_most_one(&c("muisti"), &c("muist")));
        assert!(reference::damerau_at_most_one(&c("muisti"), &c("muistii")));
        assert!(!reference::damerau_at_most_one(&c("muisti"), &c("mutsii")));
    }

    /// The matcher skips stemming a Finnish or Swedish token that does not start with the word's
    /// stem head (undoubled, without its last letter), and any token shorter than the shortest
    /// stem (a stem is never longer than its word). That is sound only while those stemmers cut
    /// endings and undouble; this checks it over the lexicon's words and every word of the
    /// navigation fixtures, each also with common endings, and checks that the English stemmer
    /// does rewrite (so English stays out).
    #[test]
    fn finnish_and_swedish_stems_begin_as_their_words() {
        let mut words = std::collections::BTreeSet::new();
        for term in &shipped().terms {
            words.extend(term.source.split_whitespace().map(|w| w.trim_start_matches('=').to_lowercase()));
        }
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for entry in std::fs::read_dir(fixtures).unwrap() {
            let path = entry.unwrap().path();
            if !path.file_name().unwrap().to_string_lossy().starts_with("navigation-cases") {
                continue;
            }
            let file: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            for case in file["cases"].as_array().unwrap() {
                words.extend(analyse(case["text"].as_str().unwrap()).tokens.into_iter().map(|t| t.text));
            }
        }
        assert!(words.len() > 8000, "{} words", words.len());
        let endings: [&[&str]; 3] = [
            &[
                "", "n", "t", "a", "ä", "ssa", "ssä", "sta", "lla", "lta", "lle", "ksi", "ni", "si", "nsa", "mme",
                "kseni", "ksesi", "kseen", "kin", "kaan", "hän", "ko", "ineen", "iden", "jen", "issa", "ista", "illa",
                "ille",
            ],
            &[
                "", "en", "et", "er", "ar", "or", "na", "arna", "erna", "ande", "ade", "t", "s", "st", "are", "aste",
                "het", "heten", "lig", "ligt", "löst", "fullt", "ning", "ningar",
            ],
            &["", "s", "ed", "ing", "ly", "ness", "ational", "ization", "ies"],
        ];
        let mut rewritten_in_english = 0;
        for lang in Lang::ALL {
            for word in &words {
                for ending in endings[stem_index(lang)] {
                    let word = format!("{word}{ending}");
                    let stem = stem(&word, lang);
                    let cut = starts_with_undoubled(&fold(&word), &stem_head(&stem));
                    // The matcher does not stem an English token of fewer than five letters.
                    assert!(stem.chars().count() <= fold(&word).chars().count(), "{lang:?}: {word} stems to {stem}");
                    if stems_only_cut(lang) {
                        assert!(cut, "{lang:?}: {word} stems to {stem}");
                    } else if !cut {
                        rewritten_in_english += 1;
                    }
                }
            }
        }
        assert!(rewritten_in_english > 0);
        // The reading itself.
        assert_eq!(stem_head("ajokortt"), "ajokor");
        assert!(starts_with_undoubled("ajokorttian", "ajokor"));
        assert_eq!(stem_head("kaatu"), "kat");
        assert!(starts_with_undoubled("kaatuu", "kat"));
        assert!(!starts_with_undoubled("kaakko", "kat"));
        assert!(!starts_with_undoubled("kaa", "kat"));
    }
}
