//! Text handling for recognising needs: tokens and clauses, folding of diacritics, Finnish dialect
//! forms, negation scope, time of a mention (now or in the past), and language detection.
//!
//! Everything here works on the normalised, lower-case form of the text. Tokens keep their
//! position in the original text so that evidence can quote the client's own words.

use super::lang::Lang;
use super::morphology::{Analyser, Reading};

/// A word of the text.
#[derive(Clone, Debug)]
pub struct Token {
    /// Lower-case form.
    pub text: String,
    /// Lower-case form without diacritics (ä -> a, ö -> o, å -> a), used for matching.
    pub folded: String,
    /// A dialect-normalised folded form when it differs (South Ostrobothnian "selekä" -> "selka").
    pub standard: Option<String>,
    /// Base forms from the morphological analyser, for the words of a Finnish text it knows
    /// ("kotihoidon": "kotihoito"); empty for a word it does not know and where none runs.
    pub bases: Vec<Base>,
    /// Snowball stems (Finnish, Swedish, English), folded: each made when first asked for
    /// ([`Token::stem`]); most tokens never need one, and stemming was a tenth of a request.
    stems: [std::cell::OnceCell<String>; 3],
    /// Byte range in the original text.
    pub start: usize,
    pub end: usize,
    /// Index of the clause and of the sentence the token is in.
    pub clause: usize,
    pub sentence: usize,
}

impl Token {
    /// The token's Snowball stem in a language, folded.
    pub fn stem(&self, lang: Lang) -> &str {
        self.stems[stem_index(lang)].get_or_init(|| stem(&self.text, lang))
    }

    /// Whether the analyser knows the word: it is then standard Finnish, spelled right.
    pub fn is_known(&self) -> bool {
        !self.bases.is_empty()
    }
}

/// A base form of a word, folded, and the byte offsets in it where a compound part begins that
/// may stand for the whole word (its heads). A part is a head when the part before it is a
/// modifier written as its own base form ("koti|hoito", "raha|pelata", "mielenterveys|ongelma");
/// an inflected modifier makes one concept with the part after it, which is then no head
/// ("hengen" + "ahdistus" is breathlessness, not anxiety; "viikon" + "loppu"; "veren" + "paine").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base {
    pub form: String,
    pub heads: Vec<usize>,
}

impl Base {
    /// The base form of one reading, with its heads.
    pub fn of(reading: &Reading) -> Base {
        let form = fold(&reading.base_form);
        let heads = heads(&form, &reading.parts);
        Base { form, heads }
    }
}

/// The heads of a compound's base form `form` with the base forms of its `parts` (see [`Base`]).
fn heads(form: &str, parts: &[String]) -> Vec<usize> {
    let mut heads = Vec::new();
    let Some((_, modifiers)) = parts.split_last() else { return heads };
    let mut at = 0;
    for (i, part) in modifiers.iter().enumerate() {
        let part = fold(part);
        let rest = &form[at..];
        // A "-nen" word is written with "s" as a modifier ("nokkos|ihottuma", "omais|hoitaja").
        let written = if rest.starts_with(&part) {
            Some(part.len())
        } else {
            part.strip_suffix("nen").map(|stem| format!("{stem}s")).filter(|s| rest.starts_with(s)).map(|s| s.len())
        };
        match written {
            Some(len) => {
                at += len;
                at += usize::from(form[at..].starts_with('-'));
                heads.push(at);
            }
            // Inflected ("hengen" of "henki"): the next part starts where it stands, and is no head.
            None => {
                let next = fold(&parts[i + 1]);
                let found = if i + 2 == parts.len() {
                    form.strip_suffix(next.as_str()).map(str::len).filter(|n| *n > at)
                } else {
                    form[at..].match_indices(next.as_str()).map(|(n, _)| at + n).find(|n| *n > at)
                };
                match found {
                    Some(n) => at = n,
                    None => break,
                }
            }
        }
    }
    heads.retain(|&h| h > 0 && h < form.len());
    heads
}

/// The analysed text.
#[derive(Clone, Debug, Default)]
pub struct Text {
    pub original: String,
    pub tokens: Vec<Token>,
    /// For each token, whether it is a word of now and whether it marks the past (see [`when`]):
    /// made when first asked for, as `when` asks for every token of a clause at each mention.
    times: std::cell::OnceCell<Vec<Time>>,
}

/// Folds diacritics for matching: ä å -> a, ö ø -> o, é è -> e, ü -> u. Lower-cases.
pub fn fold(s: &str) -> String {
    lower_each(s, fold_char)
}

/// Every letter in lower case, one by one (as `char::to_lowercase`, unlike `str::to_lowercase`,
/// which writes a final sigma apart).
fn lowercase_all(s: &str) -> String {
    lower_each(s, |c| c)
}

/// Each letter lower-cased one by one and passed through `then` (ASCII letters need no `then`:
/// the folding only changes other letters).
fn lower_each(s: &str, then: impl Fn(char) -> char) -> String {
    let mut lower = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            lower.push(c.to_ascii_lowercase());
        } else {
            lower.extend(c.to_lowercase().map(&then));
        }
    }
    lower
}

/// A lower-case letter without its diacritics.
fn fold_char(c: char) -> char {
    match c {
        '’' | 'ʼ' => '\'',
        'ä' | 'å' | 'á' | 'à' | 'â' => 'a',
        'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'ü' | 'ú' | 'ù' => 'u',
        'í' | 'ì' => 'i',
        'š' => 's',
        'ž' => 'z',
        other => other,
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// South Ostrobothnian and spoken Finnish forms, folded, turned towards the standard language:
/// the epenthetic vowel ("selekä" -> "selkä", "kolome" -> "kolme", "pärijää" -> "pärjää") and
/// "-iä" for "-eä" ("kipiä" -> "kipeä"). Returns `None` when nothing changes.
pub fn standardise_fi(folded: &str) -> Option<String> {
    if !may_standardise_fi(folded) {
        return None;
    }
    standardise_fi_letters(folded)
}

/// [`standardise_fi`] letter by letter.
fn standardise_fi_letters(folded: &str) -> Option<String> {
    let chars: Vec<char> = folded.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // V (l|h|r) V' C where V' repeats V, or (l|r) i j: drop the inserted vowel.
        if i >= 1 && i + 2 < chars.len() && matches!(c, 'l' | 'h' | 'r') && is_vowel(chars[i - 1]) {
            let inserted = chars[i + 1];
            let next = chars[i + 2];
            if inserted == chars[i - 1] && !is_vowel(next) && i + 3 < chars.len() {
                out.push(c);
                i += 2;
                continue;
            }
            if matches!(c, 'l' | 'r') && inserted == 'i' && next == 'j' {
                out.push(c);
                i += 2;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    let mut s: String = out.into_iter().collect();
    // kipiä -> kipeä, pimiä -> pimeä (folded: "kipia" -> "kipea") after a consonant.
    if let Some(stem) = s.strip_suffix("ia").or_else(|| s.strip_suffix("iaa")) {
        if stem.chars().last().is_some_and(|c| !is_vowel(c)) && stem.chars().count() >= 2 {
            let tail = if s.ends_with("iaa") { "eaa" } else { "ea" };
            s = format!("{stem}{tail}");
        }
    }
    (s != folded).then_some(s)
}

/// Whether [`standardise_fi`] could change the word: a vowel, then l, h or r, then the vowel
/// again, or l or r then "i"; or the ending "ia" or "iaa". Most words have neither, and are not
/// taken apart into letters.
fn may_standardise_fi(folded: &str) -> bool {
    let b = folded.as_bytes();
    if !folded.is_ascii() || b.ends_with(b"ia") || b.ends_with(b"iaa") {
        return true;
    }
    b.windows(3).any(|w| {
        matches!(w[1], b'l' | b'h' | b'r')
            && ((is_vowel(char::from(w[0])) && w[2] == w[0]) || (matches!(w[1], b'l' | b'r') && w[2] == b'i'))
    })
}

/// Spoken and Finland-Swedish forms of common words, folded, turned towards the standard
/// language ("int" -> "inte", "sej" -> "sig", "nånting" -> "något", "e" -> "är"), so that a term
/// written in standard Swedish also finds "han vill int dricka". Returns `None` for other words.
pub fn standardise_sv(folded: &str) -> Option<String> {
    let standard = match folded {
        "int" => "inte",
        "sej" => "sig",
        "mej" => "mig",
        "dej" => "dig",
        "nanting" | "nat" => "nagot",
        "nan" => "nagon",
        "nara" => "nagra",
        "e" => "ar",
        "he" => "det",
        "me" => "med",
        "va" => "vad",
        "sku" => "skulle",
        _ => return None,
    };
    Some(standard.to_owned())
}

/// English negated verbs written without the apostrophe ("cant breathe", "dont know") turned to
/// their written form, and "is not" in any spelling to "not", so that "not breathing" also finds
/// "isn't breathing". Returns `None` for other words.
pub fn standardise_en(folded: &str) -> Option<String> {
    let standard = match folded {
        "isn't" | "isnt" | "aren't" | "arent" | "wasn't" | "wasnt" | "weren't" | "werent" => "not",
        "cant" => "can't",
        "dont" => "don't",
        "doesnt" => "doesn't",
        "didnt" => "didn't",
        "couldnt" => "couldn't",
        "wouldnt" => "wouldn't",
        "shouldnt" => "shouldn't",
        "hasnt" => "hasn't",
        "havent" => "haven't",
        "hadnt" => "hadn't",
        "wont" => "won't",
        "im" => "i'm",
        "ive" => "i've",
        _ => return None,
    };
    Some(standard.to_owned())
}

/// Words that end a clause (negation and time do not reach over them).
const CLAUSE_WORDS: &[&str] = &[
    "mutta",
    "paitsi",
    "vaan",
    "kuitenkin",
    "silti",
    "men",
    "utan",
    "fast",
    "dock",
    "but",
    "however",
    "although",
    "though",
    "except",
];

/// Subject pronouns that start a joined clause of their own after "and", "och", "ja".
const SUBJECTS: &[&str] = &[
    "i", "he", "she", "we", "they", "you", "jag", "han", "hon", "vi", "de", "dom", "du", "mina", "ma", "maa", "mie",
    "me", "te", "sina", "sa",
];

/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "v", "n", "esim", "ym", "jne", "klo", "mm", "ns", "t", "s", "as", "pv", "vk", "kk", "ca", "bl", "dvs", "osv", "kl",
    "t.ex", "eg", "ie", "mr", "mrs", "dr", "approx",
];

/// Splits the text into tokens with their clause and sentence.
pub fn analyse(original: &str) -> Text {
    tokenize(original, true)
}

/// The word class of the Finnish negation verb ("en", "et", "ei", ...) as the analyser names it.
const NEGATION_VERB: &str = "kieltosana";

/// [`analyse`], and when the text is Finnish (`lang`, detected when `None`), each word's base
/// forms from `analyser` (a Swedish or English word is not read as Finnish).
pub fn analyse_with(original: &str, lang: Option<Lang>, analyser: &dyn Analyser) -> Text {
    let mut text = tokenize(original, true);
    if lang.unwrap_or_else(|| detect_language(&text)) != Lang::Fi {
        return text;
    }
    for token in &mut text.tokens {
        // Numbers and words with digits ("2-vuotias") stay as written.
        if token.text.chars().any(|c| c.is_numeric()) {
            continue;
        }
        // The negation verb keeps its written form ("en", "eikä": base form "ei"): negation has
        // its own rules, and its person says whose it is ("en tiiä kenelle puhuis" is not "ei puhu").
        for reading in analyser.readings(&token.text).iter().filter(|r| r.class.as_deref() != Some(NEGATION_VERB)) {
            let base = Base::of(reading);
            match token.bases.iter_mut().find(|b| b.form == base.form) {
                Some(same) => {
                    same.heads.extend(base.heads);
                    same.heads.sort_unstable();
                    same.heads.dedup();
                }
                None => token.bases.push(base),
            }
        }
    }
    text
}

impl Text {
    /// Whether token `k` starts a joined clause with a subject of its own ("and I lie awake",
    /// "och hon ringer"): the words of one term do not reach over it.
    pub fn joins(&self, k: usize) -> bool {
        k > 0
            && SUBJECTS.contains(&self.tokens[k].folded.as_str())
            && matches!(self.tokens[k - 1].folded.as_str(), "and" | "och" | "ja")
    }
}

/// The language of a text, from its words alone (no stems or dialect forms: cheaper than
/// `analyse`); `None` when it has no words. The same answer as `detect_language(&analyse(text))`.
pub fn language_of(original: &str) -> Option<Lang> {
    let text = tokenize(original, false);
    (!text.tokens.is_empty()).then(|| detect_language(&text))
}

/// Tokens with their clauses and sentences; with `full`, also dialect forms.
fn tokenize(original: &str, full: bool) -> Text {
    let mut tokens = Vec::new();
    let mut clause = 0usize;
    let mut sentence = 0usize;
    let mut word_start: Option<usize> = None;
    let bytes: Vec<(usize, char)> = original.char_indices().collect();
    let push = |tokens: &mut Vec<Token>, start: usize, end: usize, clause: &mut usize, sentence: usize| {
        let raw = &original[start..end];
        let text = lowercase_all(raw);
        let folded = fold(&text);
        // Spoken "vaan" is "just" ("koko kroppa vaan vetelee"); it turns a clause ("ei X vaan Y")
        // only after a negation.
        let contrast = folded != "vaan"
            || tokens
                .iter()
                .rev()
                .take_while(|t| t.clause == *clause)
                .any(|t| NEGATORS_FI.contains(&t.folded.as_str()));
        if (CLAUSE_WORDS.contains(&folded.as_str()) || CLAUSE_WORDS.contains(&text.as_str())) && contrast {
            *clause += 1;
        }
        let standard = if full {
            standardise_fi(&folded).or_else(|| standardise_sv(&folded)).or_else(|| standardise_en(&folded))
        } else {
            None
        };
        let stems = Default::default();
        tokens.push(Token { text, folded, standard, bases: Vec::new(), stems, start, end, clause: *clause, sentence });
    };
    for (idx, (pos, c)) in bytes.iter().enumerate() {
        // A typographic apostrophe (a phone's "can’t") joins a word as the plain one does.
        let apostrophe = matches!(*c, '\'' | '’' | 'ʼ') && word_start.is_some();
        let is_word = c.is_alphanumeric() || apostrophe || is_inner_joiner(&bytes, idx);
        if is_word {
            if word_start.is_none() {
                word_start = Some(*pos);
            }
            continue;
        }
        if let Some(start) = word_start.take() {
            push(&mut tokens, start, *pos, &mut clause, sentence);
        }
        match c {
            // "v. 2019", "esim.", "klo." do not end the sentence.
            '.' if tokens
                .last()
                .is_some_and(|t: &Token| t.end == *pos && ABBREVIATIONS.contains(&t.folded.as_str())) => {}
            '.' | '!' | '?' | '\n' => {
                clause += 1;
                sentence += 1;
            }
            ',' | ';' | ':' | '(' | ')' | '–' | '—' => clause += 1,
            '-' if is_dash(&bytes, idx) => clause += 1,
            _ => {}
        }
    }
    if let Some(start) = word_start {
        push(&mut tokens, start, original.len(), &mut clause, sentence);
    }
    // A sentence that ends mid-number ("39,8") must not split: digits with a comma stay one
    // clause; handled by `is_inner_joiner`.
    Text { original: original.to_owned(), tokens, times: std::cell::OnceCell::new() }
}

/// A comma, dot or hyphen between two digits or a hyphen inside a word joins the word.
fn is_inner_joiner(chars: &[(usize, char)], idx: usize) -> bool {
    let c = chars[idx].1;
    if !matches!(c, ',' | '.' | '-' | '/') || idx == 0 || idx + 1 >= chars.len() {
        return false;
    }
    let (prev, next) = (chars[idx - 1].1, chars[idx + 1].1);
    match c {
        ',' | '.' | '/' => prev.is_ascii_digit() && next.is_ascii_digit(),
        '-' => prev.is_alphanumeric() && next.is_alphanumeric(),
        _ => false,
    }
}

fn is_dash(chars: &[(usize, char)], idx: usize) -> bool {
    !is_inner_joiner(chars, idx)
}

fn stemmers() -> &'static [rust_stemmers::Stemmer; 3] {
    use std::sync::OnceLock;
    static STEMMERS: OnceLock<[rust_stemmers::Stemmer; 3]> = OnceLock::new();
    STEMMERS.get_or_init(|| {
        [
            rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Finnish),
            rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Swedish),
            rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English),
        ]
    })
}

/// The Snowball stem of a word in a language, folded.
pub fn stem(word: &str, lang: Lang) -> String {
    fold(&stemmers()[stem_index(lang)].stem(&lowercase(word)))
}

/// The word in lower case, borrowed when it already is.
fn lowercase(word: &str) -> std::borrow::Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(word.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(word)
    }
}

pub(crate) fn stem_index(lang: Lang) -> usize {
    match lang {
        Lang::Fi => 0,
        Lang::Sv => 1,
        Lang::En => 2,
    }
}

// ------------------------------------------------------------------------------------------------
// Negation

/// Words that negate what follows them in the same clause (folded), by language: Swedish "en"
/// is an article, not the Finnish "en" (I do not).
const NEGATORS_FI: &[&str] = &[
    "ei", "en", "et", "emme", "ette", "eivat", "eika", "enka", "etka", "eiko", "ilman", "koskaan", "eikai", "eipa",
    "ettei", "etten", "ettemme", "ettette", "etteivat", "jottei", "jotten",
];
const NEGATORS_SV: &[&str] =
    &["inte", "int", "inga", "ingen", "inget", "ej", "aldrig", "utan", "icke", "varken", "inge"];
const NEGATORS_EN: &[&str] = &[
    "no", "not", "without", "never", "denies", "denied", "nor", "neither", "none", "dont", "doesnt", "didnt", "isnt",
    "arent", "wasnt", "havent", "hasnt", "cant", "cannot", "wont",
];

/// Whether a token negates, in `lang` (any language when `None`).
pub fn is_negator_in(token: &Token, lang: Option<Lang>) -> bool {
    let t: std::borrow::Cow<str> = if token.folded.contains(['\'', '’']) {
        token.folded.replace(['\'', '’'], "").into()
    } else {
        token.folded.as_str().into()
    };
    let t = t.as_ref();
    match lang {
        Some(Lang::Fi) => NEGATORS_FI.contains(&t),
        Some(Lang::Sv) => NEGATORS_SV.contains(&t),
        Some(Lang::En) => NEGATORS_EN.contains(&t),
        None => NEGATORS_FI.contains(&t) || NEGATORS_SV.contains(&t) || NEGATORS_EN.contains(&t),
    }
}

pub fn is_negator(token: &Token) -> bool {
    is_negator_in(token, None)
}

/// Verbs of bearing after a negator ("en jaksa", "en kestä", "can't stand"), and Swedish ones
/// before it ("orkar inte", "står inte ut"): the thing not borne is present.
const ENDURE: &[&str] = &["jaksa", "kesta", "sieda", "stand", "bear", "handle", "cope", "tolerate"];
const ENDURE_SV: &[&str] = &["orkar", "star", "pallar", "uthardar", "tal"];

/// Verbs of easing or ending: after the sign, a negation before it is theirs ("ettei kipu
/// hellitä", "ei vuoto lopu", "ettei mene ohi").
const ENDING: &[&str] = &["hellit", "helpot", "lopu", "laannu", "parane", "asetu", "katoa", "tyrehdy"];

/// Verbs of knowing after a negator ("en tiedä onko", "I don't know if", "not sure"): what follows
/// is uncertain, not denied.
const KNOW: &[&str] = &["tieda", "tiia", "tia", "tiedeta", "know", "sure", "vet", "varma", "varmaa"];

/// Forms of "to be" that make a following-negation ("kipua ei ole") in Finnish and Swedish.
const BE_FORMS: &[&str] = &["ole", "oo", "ollut", "ollu", "olleet", "ilmennyt", "esiinny", "todettu", "loydy"];

/// Whether the mention at tokens `start..=end` is negated: a negator shortly before it in the same
/// clause, or (Finnish) "ei ole" right after it ("itsetuhoisia ajatuksia ei ole").
pub fn is_negated(text: &Text, start: usize, end: usize) -> bool {
    is_negated_in(text, start, end, None)
}

/// `is_negated` with the negation words of one language (the language of the matched term).
pub fn is_negated_in(text: &Text, start: usize, end: usize, lang: Option<Lang>) -> bool {
    negation(text, start, end, lang, false)
}

/// [`is_negated_in`] without the readings of bearing and knowing ("ei jaksa pysyä hereillä"),
/// for a sign that counts only when negated: there, "not managing to stay awake" is the sign.
pub fn is_denied_in(text: &Text, start: usize, end: usize, lang: Option<Lang>) -> bool {
    negation(text, start, end, lang, true)
}

fn negation(text: &Text, start: usize, end: usize, lang: Option<Lang>, plain: bool) -> bool {
    let clause = text.tokens[start].clause;
    // Before: up to 3 tokens back in the same clause, not counting "to be" and "any" between
    // ("ei oo ollu mitään tajuttomuuksia", "det har inte varit några kramper").
    let mut counted = 0;
    for k in (0..start).rev() {
        let t = &text.tokens[k];
        if t.clause != clause || counted == 3 {
            break;
        }
        if !BE_FORMS.contains(&t.folded.as_str())
            && !matches!(t.folded.as_str(), "mitaan" | "mitaa" | "yhtaan" | "varit" | "nagra" | "nagot" | "any")
        {
            counted += 1;
        }
        // "uni ei tuu ja ahistaa": a new predicate after "and" is outside the negation; so is
        // what follows "only" ("ei kuumetta vain yskää").
        if matches!(
            t.folded.as_str(),
            "ja" | "seka" | "och" | "samt" | "and" | "only" | "vain" | "pelkastaan" | "bara" | "enbart"
        ) {
            break;
        }
        // "never made a plan or tried anything", "ei kuumetta tai yskää": the second of two
        // alternatives shares the first one's negation.
        if k > 0 && matches!(t.folded.as_str(), "or" | "tai" | "eller") {
            if text.tokens[k - 1].clause == clause && negation(text, k - 1, k - 1, lang, plain) {
                return true;
            }
            break;
        }
        if is_negator_in(t, lang) {
            // "no longer", "not only" do not negate; "ei vain" neither.
            let next = text.tokens.get(k + 1).map(|n| n.folded.as_str()).unwrap_or("");
            if matches!(next, "longer" | "only" | "vain" | "enaa" | "enää" | "bara" | "langre" | "lenger")
                && k + 1 < start
            {
                continue;
            }
            // "En tiedä onko se paniikki tai sydänkohtaus", "I'm not sure if": not knowing denies nothing.
            if !plain && k + 1 < start && KNOW.contains(&next) {
                continue;
            }
            // "Ettei rintakipu hellitä", "ei kouristus lopu": the negation is the verb's after the
            // sign (it does not ease), not the sign's.
            let ends = text.tokens[end + 1..]
                .iter()
                .take_while(|a| a.clause == clause && !matches!(a.folded.as_str(), "ja" | "seka" | "and" | "och"))
                .take(3)
                .any(|a| a.folded == "ohi" || ENDING.iter().any(|e| a.folded.starts_with(e)));
            if ends {
                continue;
            }
            // "En jaksa jokapäiväistä ahdistusta", "can't stand the pain", "orkar inte med ångesten":
            // what one cannot bear is there, not denied.
            let before = if k > 0 { text.tokens[k - 1].folded.as_str() } else { "" };
            if !plain && k + 1 < start && (ENDURE.contains(&next) || ENDURE_SV.contains(&before)) {
                continue;
            }
            // Spoken "et" is mostly "että" (that): "se sano et sillä on rintakipua", "tuntuu et
            // rintaa puristaa". The negation verb "et" agrees with "you", so it negates only
            // beside "sä", "sinä" ("sä et pysty", "et sä saa").
            if t.folded == "et" {
                let before =
                    if k > 0 && text.tokens[k - 1].clause == clause { text.tokens[k - 1].folded.as_str() } else { "" };
                let you = |w: &str| matches!(w, "sa" | "sina" | "saa" | "sie");
                if !you(before) && !you(next) && !matches!(before, "miksi" | "miks") {
                    continue;
                }
            }
            // A fused "ettei", "etten" negates the word right after it ("etten saa henkeä"), not a
            // sign further on ("ettei vauva herää", "ettei tarvitse ambulanssia rintakivun takia").
            if (t.folded.starts_with("ett") || t.folded.starts_with("jott")) && k + 1 != start {
                continue;
            }
            return true;
        }
    }
    // After: Finnish "X ei ole" closing the clause ("itsetuhoisia ajatuksia ei nyt oo"), but not
    // "kuumetta, eikä se oo laskenu" where the negation belongs to another verb. Swedish and
    // English put the negation right after the verb: "svarar inte", "is not".
    let clause_end = text.tokens.iter().skip(end + 1).take_while(|t| t.clause == clause).count();
    let after: Vec<&Token> = text.tokens[end + 1..end + 1 + clause_end].iter().collect();
    let finnish = matches!(lang, None | Some(Lang::Fi));
    let swedish = matches!(lang, None | Some(Lang::Sv));
    if let Some(i) = after.iter().take(3).position(|t| finnish && matches!(t.folded.as_str(), "ei" | "eika" | "eivat"))
    {
        let rest: Vec<&str> =
            after[i + 1..].iter().map(|t| t.folded.as_str()).filter(|w| !FILLERS.contains(w)).collect();
        // "suunnitelmaa ei ole enkä ole yrittänyt": another denial may follow "ei ole".
        let closed = rest.get(1).is_none_or(|w| matches!(*w, "eika" | "enka" | "eivatka"));
        if rest.is_empty() || (BE_FORMS.contains(&rest[0]) && closed) {
            return true;
        }
    }
    if swedish && after.first().is_some_and(|t| matches!(t.folded.as_str(), "inte" | "int" | "ej" | "aldrig")) {
        return true;
    }
    false
}

/// Words that may stand between a Finnish negation and its verb or close the clause after it.
const FILLERS: &[&str] = &[
    "nyt",
    "enaa",
    "ollenkaan",
    "lainkaan",
    "yhtaan",
    "mitaan",
    "ainakaan",
    "talla",
    "hetkella",
    "onneksi",
    "kylla",
    "se",
    "han",
    "ne",
    "sita",
    "sitten",
    "kuitenkaan",
    "tietenkaan",
];

// ------------------------------------------------------------------------------------------------
// Time of a mention

/// How a sentence places its events in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// Happening now or just now (minutes or hours ago, this morning, tonight).
    Now,
    /// In the past (last year, months ago, was examined).
    Past,
    /// Nothing says.
    Unknown,
}

/// Folded words that place a sentence now: "nyt", "just nu", "right now" (and minutes and hours, [`CLOCK_WORDS`]).
const NOW_WORDS: &[&str] = &[
    "nyt",
    "parhaillaan",
    "juuri",
    "just",
    "heti",
    "aken",
    "askettain",
    "tanaan",
    "tana",
    "yolla",
    "akkia",
    "yhtakkia",
    "nu",
    "idag",
    "morse",
    "inatt",
    "ikvall",
    "plotsligt",
    "now",
    "right",
    "currently",
    "today",
    "tonight",
    "suddenly",
    "aamulla",
    "illalla",
];

/// Folded word prefixes that place a mention in the past by themselves: a named year, a season,
/// something examined or treated, earlier.
const PAST_PREFIXES: &[&str] = &[
    "vuonna",
    "viikol",
    "kevaa",
    "syksyll",
    "syksyna",
    "talvell",
    "talvena",
    "kesall",
    "kesana",
    "edellise",
    "forra",
    "tutkittu",
    "todettu",
    "hoidettu",
    "aiemmin",
    "aikaisemmin",
    "aikoinaan",
    "nuorena",
    "lapsena",
    "nuorempana",
    "teinina",
    "teini-iass",
    "opiskeluaikoin",
    "nuoruude",
    "nuoruusvuos",
    "fjol",
    "tidigare",
    "undersokt",
    "previously",
    "earlier",
    "history",
    "clean",
    "sober",
    "examined",
    "varas",
    "hostas",
    "vintras",
    "somras",
];

/// A named weekday dates what is told ("tuli perjantaina kotiin kännissä", "i fredags"), except
/// after "sedan", its spoken "sen", or "since" ("sedan i fredags" reaches now).
const WEEKDAYS: &[&str] = &[
    "maanantaina",
    "tiistaina",
    "keskiviikkona",
    "torstaina",
    "perjantaina",
    "lauantaina",
    "sunnuntaina",
    "mandags",
    "tisdags",
    "onsdags",
    "torsdags",
    "fredags",
    "lordags",
    "sondags",
];

/// Durations: past when they say how long ago or how long something has lasted ("två år sedan",
/// "for three years", "jo kuukausia"), not when they give an age ("3 år", "52 years old").
const DURATIONS: &[&str] = &[
    "vuosi", "vuotta", "vuoden", "vuosia", "kuukau", "viikko", "viikon", "viikkoja", "manad", "vecka", "veckor",
    "veckan",
];
const DURATION_WORDS: &[&str] = &["år", "året", "åren", "year", "years", "month", "months", "week", "weeks"];

/// Words that make what follows habitual, not happening now ("usein", "every evening").
const HABITUAL: &[&str] = &[
    "ganger",
    "kertaa",
    "kerran",
    "times",
    "upprepade",
    "repeatedly",
    "toistuvasti",
    "usein",
    "aina",
    "joskus",
    "ofta",
    "alltid",
    "ibland",
    "often",
    "always",
    "sometimes",
    "usually",
    "every",
    "varje",
    "joka",
];

/// Month names (a month named is not "now"); seasons in English.
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "januari",
    "februari",
    "mars",
    "maj",
    "juni",
    "juli",
    "augusti",
    "oktober",
    "spring",
    "summer",
    "autumn",
    "winter",
];

/// Whether a mention is about now, the past, or does not say: the markers of its own clause
/// decide first, then those of its sentence; when both kinds appear, the one nearer the mention
/// wins ("puoli tuntia sitten" is now, "för två år sedan och mår bra nu" is the past), except
/// that a past time set before the mention holds against a "now" that only follows it.
pub fn when(text: &Text, idx: usize) -> When {
    if placed_after(text, idx) || dated_after(text, idx) {
        return When::Past;
    }
    let token = &text.tokens[idx];
    let clause = classify(text, idx, |t| t.clause == token.clause);
    let found = if clause != When::Unknown { clause } else { classify(text, idx, |t| t.sentence == token.sentence) };
    if found == When::Now && framed_past(text, idx) {
        return When::Past;
    }
    found
}

/// A word of now; "right" only in "right now" and "right away" (not "his right arm").
fn is_now_word(text: &Text, i: usize) -> bool {
    let word = text.tokens[i].folded.as_str();
    (NOW_WORDS.contains(&word) || CLOCK_WORDS.contains(&word))
        && (word != "right" || text.tokens.get(i + 1).is_some_and(|n| matches!(n.folded.as_str(), "now" | "away")))
}

/// Words that say how things are now, not when something is to happen ("tonight" is a plan's time).
const STATE_NOW: &[&str] = &["nyt", "nu", "now", "currently", "nowadays", "nykyaan", "numera"];

/// A time set before the mention frames it when "now" follows only as how things are since
/// ("last month his arm went weak and his speech slurred, but he is doing well now").
fn framed_past(text: &Text, idx: usize) -> bool {
    let sentence = text.tokens[idx].sentence;
    let mut past_before = false;
    let mut state_after = false;
    for (i, t) in text.tokens.iter().enumerate().filter(|(_, t)| t.sentence == sentence) {
        let now = is_now_word(text, i) || STATE_NOW.contains(&t.folded.as_str());
        if now && (i <= idx || !STATE_NOW.contains(&t.folded.as_str())) {
            return false;
        }
        state_after |= now;
        past_before |= i < idx && is_past_marker(text, i);
    }
    past_before && state_after
}

/// "After my stroke", "efter min stroke", "sedan min stroke", "aivoinfarktin jälkeen": the mention is an event past.
fn placed_after(text: &Text, idx: usize) -> bool {
    let before = idx.checked_sub(2).map_or(0..idx, |s| s..idx);
    let clause = text.tokens[idx].clause;
    // "Recovering from a heart attack", "toipumassa sydänkohtauksesta": recovery follows the event.
    let recovering = |t: &Token| ["recover", "toipu", "aterhamt", "kuntoutu"].iter().any(|r| t.folded.starts_with(r));
    text.tokens[before]
        .iter()
        .any(|t| t.clause == clause && matches!(t.folded.as_str(), "after" | "efter" | "since" | "sedan"))
        || text.tokens[idx.saturating_sub(3)..idx].iter().any(|t| t.clause == clause && recovering(t))
        || text.tokens.get(idx + 1).is_some_and(|t| t.clause == clause && recovering(t))
        || text
            .tokens
            .get(idx + 1)
            .is_some_and(|t| t.clause == clause && matches!(t.folded.as_str(), "jalkeen" | "jalkee"))
}

/// A story told in the present and dated by the next sentence: "Pappa vaknar av att det gör ont
/// i bröstet … Det var för två år sen", "That was three weeks ago", "Se oli viime keväänä". The
/// date is weeks, months or years back (not "an hour ago").
fn dated_after(text: &Text, idx: usize) -> bool {
    const THAT_WAS: &[(&str, &str)] = &[
        ("se", "oli"),
        ("tama", "oli"),
        ("taa", "oli"),
        ("that", "was"),
        ("it", "was"),
        ("this", "was"),
        ("det", "var"),
        ("detta", "var"),
        ("de", "va"),
        ("det", "va"),
    ];
    const LONG: &[&str] =
        &["vuo", "viiko", "viikk", "kuukau", "kuukaus", "year", "week", "month", "ar", "aren", "veck", "manad"];
    // Not a mention its own sentence places now ("nyt", "right now", "an hour ago").
    let own = text.tokens[idx].sentence;
    // (Not the night or the morning of the story: "Pappa vaknar mitt i natten".)
    const HERE_NOW: &[&str] =
        &["just", "juuri", "parhaillaan", "aken", "tanaan", "today", "idag", "tonight", "ikvall", "inatt", "tana"];
    let placed_now = |i: usize, t: &Token| {
        STATE_NOW.contains(&t.folded.as_str())
            || HERE_NOW.contains(&t.folded.as_str())
            || CLOCK_WORDS.contains(&t.folded.as_str())
                && text
                    .tokens
                    .get(i + 1)
                    .is_some_and(|n| matches!(n.folded.as_str(), "sitten" | "ago" | "sedan" | "sen"))
            || t.folded == "right" && is_now_word(text, i)
    };
    if text.tokens.iter().enumerate().any(|(i, t)| t.sentence == own && placed_now(i, t)) {
        return false;
    }
    let next = own + 1;
    let Some(first) = text.tokens.iter().position(|t| t.sentence == next) else {
        return false;
    };
    let opens = text.tokens[first..]
        .windows(2)
        .take(2)
        .any(|w| w[0].sentence == next && THAT_WAS.contains(&(w[0].folded.as_str(), w[1].folded.as_str())));
    // The date alone, "ago" told ("Det var för två år sen,"), not another event it opens ("Se oli
    // kaks vuotta sitten kun …", "It was a year ago that he hit me").
    const AGO: &[&str] = &["sitten", "ago", "sedan", "sen"];
    const OPENS_EVENT: &[&str] = &["kun", "jolloin", "that", "when", "som", "nar", "da"];
    let clause = text.tokens[first].clause;
    let dating: Vec<(usize, &Token)> =
        text.tokens.iter().enumerate().skip(first).take_while(|(_, t)| t.clause == clause).collect();
    // The date sets the past against how things are now ("… nu mår han bra", "now I need a
    // follow-up"), and tells no earlier time of the same ("viimeksi", "senast", "too", "-kin").
    const EARLIER: &[&str] = &["viimeksi", "senast", "last", "too", "also", "again", "myos", "ocksa", "igen", "taas"];
    let sentence: Vec<&Token> = text.tokens.iter().filter(|t| t.sentence == next).collect();
    let contrast = sentence.iter().any(|t| STATE_NOW.contains(&t.folded.as_str()))
        && !sentence.iter().any(|t| EARLIER.contains(&t.folded.as_str()) || t.folded.ends_with("kin"));
    opens
        && contrast
        && dating.len() <= 8
        && !dating.iter().any(|(_, t)| OPENS_EVENT.contains(&t.folded.as_str()))
        && dating.iter().any(|(i, t)| {
            is_calendar(text, *i)
                || is_past_marker(text, *i)
                    && LONG.iter().any(|l| t.folded.starts_with(l) && (l.len() > 2 || t.folded.len() <= 4))
                    && (text.tokens.get(i + 1).is_some_and(|n| AGO.contains(&n.folded.as_str()))
                        || *i > 0 && matches!(text.tokens[i - 1].folded.as_str(), "last" | "viime" | "forra"))
        })
}

/// Whether the sentence of a mention says it happens habitually (often, every evening).
pub fn habitual(text: &Text, idx: usize) -> bool {
    let sentence = text.tokens[idx].sentence;
    text.tokens.iter().filter(|t| t.sentence == sentence).any(|t| HABITUAL.contains(&t.folded.as_str()))
}

/// Whether the clause of a mention places it years back ("viisi vuotta sitten", "i fjol",
/// "in 2019"): stronger than `when`, which also counts weeks and months.
pub fn years_ago(text: &Text, idx: usize) -> bool {
    let clause = text.tokens[idx].clause;
    text.tokens.iter().enumerate().filter(|(_, t)| t.clause == clause).any(|(i, t)| {
        let year_unit = ["vuosi", "vuotta", "vuoden", "vuonna", "vuosia"].iter().any(|y| t.folded.starts_with(y))
            || ["år", "året", "åren", "year", "years"].contains(&t.text.as_str());
        (year_unit && !is_age(text, i)) || t.folded == "fjol" || is_year(t)
    })
}

/// Words that say someone died: a sign in their clause is about the one who died.
pub fn death_in_clause(text: &Text, idx: usize) -> bool {
    // A wish to be dead is not a death: "oisin mieluummin kuollu", "I'd rather be dead".
    const WISH: &[&str] =
        &["mieluummin", "mieluiten", "kunpa", "olisin", "oisin", "rather", "wish", "hellre", "vore", "onskar"];
    // (Not the Swedish "dog": it is also the English animal.)
    const DEATH: &[&str] = &["kuoli", "kuollut", "menehty", "avled", "avlidit", "dött", "died", "dead", "passed"];
    let clause = text.tokens[idx].clause;
    // The wish stands at most two words before the death word ("rather be dead"), so "olisin
    // halunnut olla paikalla kun isä kuoli" is still a death.
    text.tokens.iter().enumerate().filter(|(_, t)| t.clause == clause).any(|(i, t)| {
        DEATH.iter().any(|d| t.folded == *d || (d.len() > 4 && t.folded.starts_with(d)))
            // "passed out" is a faint, not a death.
            && !(t.folded == "passed" && text.tokens.get(i + 1).is_some_and(|n| n.folded == "out"))
            && !text.tokens[i.saturating_sub(2)..i]
                .iter()
                .any(|w| w.clause == clause && WISH.contains(&w.folded.as_str()))
    })
}

/// Words that open a new predicate: what follows them is not in the frame before them.
const NEW_PREDICATE: &[&str] = &["ja", "and", "och", "mutta", "but", "men", "seka"];

/// A sign told of the family's history ("suvussa on sydänkohtauksia", "alla i släkten har haft
/// stroke", "heart disease runs in the family") or of a pet that had it ("koiralle tuli kohtaus",
/// "the dog had a seizure") is not the client's own now.
pub fn not_the_clients(text: &Text, idx: usize) -> bool {
    const KIN: &[&str] = &["suvussa", "suvussamme", "suvulla", "slakten", "slakt", "slaktingar", "slaktingarna"];
    const PETS: &[&str] = &[
        "koira",
        "koiralla",
        "koiralle",
        "kissa",
        "kissalla",
        "kissalle",
        "hund",
        "hunden",
        "katt",
        "katten",
        "dog",
        "cat",
        "puppy",
        "kitten",
        "horse",
        "hevonen",
        "hevoselle",
        "hast",
        "hasten",
    ];
    const HAD: &[&str] = &["tuli", "oli", "sai", "fick", "har", "hade", "had", "has", "got"];
    let token = &text.tokens[idx];
    // The family's words about the sign, with no new predicate ("ja", "and") between them.
    let kin = text.tokens.iter().enumerate().filter(|(_, t)| t.clause == token.clause).any(|(i, t)| {
        let said = KIN.contains(&t.folded.as_str())
            || t.folded == "family" && text.tokens.get(i + 1).is_some_and(|n| n.folded == "history")
            || t.folded == "runs" && text.tokens[i + 1..].iter().take(3).any(|n| n.folded == "family");
        said && i != idx
            && !text.tokens[i.min(idx) + 1..i.max(idx)].iter().any(|b| NEW_PREDICATE.contains(&b.folded.as_str()))
    });
    // The pet earlier in the sentence, as the one it happened to, with nothing between that
    // turns to someone else ("koiralle tuli kohtaus, varmaan sydänkohtaus"; not "the dog had a fit
    // and now my wife is not breathing", not "koira on kunnossa mutta vauva ei hengitä").
    const TURN: &[&str] = &["nyt", "now", "nu", "sitten", "then", "sen", "mina", "mie", "ma", "jag", "i", "my", "min"];
    let pet = text.tokens[..idx].iter().enumerate().any(|(i, t)| {
        t.sentence == token.sentence
            && PETS.contains(&t.folded.as_str())
            && (t.folded.ends_with("lla")
                || t.folded.ends_with("lle")
                || text.tokens.get(i + 1).is_some_and(|n| HAD.contains(&n.folded.as_str())))
            && !text.tokens[i + 1..idx].iter().any(|b| {
                NEW_PREDICATE.contains(&b.folded.as_str())
                    || TURN.contains(&b.folded.as_str())
                    || b.sentence != t.sentence
            })
    });
    kin || pet
}

fn is_year(t: &Token) -> bool {
    t.folded.len() == 4 && t.folded.parse::<u32>().is_ok_and(|y| (1950..=2100).contains(&y))
}

/// Words of a spelled-out number or fraction ("ett och ett halvt", "two and a half").
const NUMBER_WORDS: &[&str] = &[
    "ett", "tva", "tre", "fyra", "fem", "sex", "sju", "atta", "nio", "tio", "halvt", "halv", "och", "one", "two",
    "three", "four", "five", "six", "seven", "eight", "nine", "ten", "half", "and", "a", "en",
];

/// A duration that gives an age: "X years old", the Swedish "på X år" ("min lilla på ett och
/// ett halvt år"), or a number right before it with neither "ago" after it nor "for" before the
/// number ("3 år", "52 years"; not "två år sedan", "for 3 years").
fn is_age(text: &Text, i: usize) -> bool {
    let next = text.tokens.get(i + 1).map(|t| t.folded.as_str()).unwrap_or("");
    // "Neljän kuukauden vauva", "kahdeksan viikon ikänen", "a six-month baby", "tre månaders bebis".
    if ["vauva", "ikai", "ikan", "bebis", "baby", "poika", "tytto"].iter().any(|w| next.starts_with(w)) {
        return true;
    }
    let numeral =
        |t: &Token| t.folded.replace(',', ".").parse::<f32>().is_ok() || NUMBER_WORDS.contains(&t.folded.as_str());
    let run = text.tokens[..i].iter().rev().take_while(|t| numeral(t)).count();
    if run > 0 && matches!(next, "gammal" | "gamla" | "old") {
        return true;
    }
    if run > 0 && i > run && text.tokens[i - run - 1].folded == "pa" {
        return true;
    }
    // A digit or a whole number word ("3 år", "kanske tre år"), not "ett år", "a year".
    let number_before = i.checked_sub(1).and_then(|k| text.tokens.get(k)).is_some_and(|t| {
        t.folded.parse::<u32>().is_ok()
            || (NUMBER_WORDS.contains(&t.folded.as_str())
                && !matches!(t.folded.as_str(), "och" | "and" | "a" | "en" | "ett" | "halvt" | "halv" | "half" | "one"))
    });
    if !number_before {
        return false;
    }
    let ago = matches!(next, "sedan" | "ago" | "sitten" | "tillbaka" | "sen");
    let before_number = i.checked_sub(2).and_then(|k| text.tokens.get(k)).map(|t| t.folded.as_str()).unwrap_or("");
    let lasting = matches!(before_number, "for" | "i" | "in" | "jo" | "since" | "over" | "yli");
    !ago && !lasting
}

fn is_past_marker(text: &Text, i: usize) -> bool {
    let t = &text.tokens[i];
    // "Oon viikolla 35", "i vecka 30": a week of pregnancy by its number, not a time past.
    let numbered = text.tokens.get(i + 1).is_some_and(|n| n.folded.parse::<u32>().is_ok_and(|w| (4..=43).contains(&w)));
    // ... said of oneself: "oon viikolla 35", "jag är i vecka 30", "I'm in week 30" ("viikolla 12 isä sai" is a date).
    let am = text.tokens[i.saturating_sub(3)..i].iter().any(|b| {
        matches!(b.folded.as_str(), "oon" | "olen" | "ar" | "im" | "i'm" | "am" | "gravid" | "raskaana" | "pregnant")
    });
    if numbered && am && matches!(t.folded.as_str(), "viikolla" | "vecka" | "week") {
        return false;
    }
    // "All week", "koko viikon", "hela veckan": a week that reaches now ("all week the suicidal
    // thoughts have gripped me"), not a time past. ("This week" dates events: "fell twice this week".)
    let all_week = matches!(t.folded.as_str(), "week" | "viikon" | "viikko" | "veckan")
        && i.checked_sub(1)
            .is_some_and(|j| matches!(text.tokens[j].folded.as_str(), "all" | "whole" | "koko" | "hela"));
    if all_week {
        return false;
    }
    // "Clean" (of drugs) is a past marker, a "cleaner" or "cleaning" is not.
    let prefix = PAST_PREFIXES.iter().any(|p| t.folded.starts_with(p) && (*p != "clean" || t.folded == "clean"));
    // "May" and "March" are also verbs, "mars" a planet: months only beside a date or "in", "last".
    let month = MONTHS.contains(&t.folded.as_str())
        && (!matches!(t.folded.as_str(), "may" | "march" | "mars")
            || i.checked_sub(1).is_some_and(|j| {
                matches!(text.tokens[j].folded.as_str(), "in" | "last" | "since" | "early" | "late" | "of")
            })
            || text.tokens.get(i + 1).is_some_and(|n| n.folded.parse::<u32>().is_ok()));
    let weekday = WEEKDAYS.iter().any(|d| t.folded.starts_with(d))
        && !text.tokens[i.saturating_sub(2)..i].iter().any(|b| matches!(b.folded.as_str(), "sedan" | "sen" | "since"));
    if prefix || month || weekday || is_year(t) {
        return true;
    }
    if t.folded.ends_with("kuussa") && t.folded.len() > 6 {
        return true;
    }
    // An age at the event: "50-vuotiaana", "vid 50", "at 50 and", "at 50 years" (not "at 5", a
    // clock time, nor "at 32 weeks", "vid 30 veckor": a pregnancy's week is now).
    let age_after = text
        .tokens
        .get(i + 1)
        .is_some_and(|n| n.folded.parse::<u32>().is_ok_and(|a| (25..=100).contains(&a)))
        && text.tokens.get(i + 2).is_none_or(|w| {
            w.clause != text.tokens[i + 1].clause
                || matches!(w.folded.as_str(), "ars" | "year" | "years" | "old" | "och" | "and" | "ja" | "men" | "but")
        });
    if t.folded.ends_with("vuotiaana") || matches!(t.folded.as_str(), "vid" | "at") && age_after {
        return true;
    }
    let before = |k: usize| i.checked_sub(k).map(|j| text.tokens[j].folded.as_str());
    // "last Christmas", "last week", "last time": a calendar word right after "last", which no
    // "the", "for the", "in the" or "past" comes before ("for the last 20 minutes" is now);
    // a stage of life: "as a teenager", "as a kid".
    const CALENDAR: &[&str] = &[
        "week",
        "month",
        "year",
        "summer",
        "winter",
        "spring",
        "autumn",
        "fall",
        "christmas",
        "easter",
        "weekend",
        "time",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    if t.folded == "last"
        && !matches!(before(1), Some("the" | "past"))
        && text.tokens.get(i + 1).is_some_and(|n| n.clause == t.clause && CALENDAR.contains(&n.folded.as_str()))
    {
        return true;
    }
    if matches!(t.folded.as_str(), "teenager" | "teen" | "kid" | "child")
        && matches!(before(1), Some("a" | "an"))
        && before(2) == Some("as")
    {
        return true;
    }
    // A stage of life after "when I was" ("when I was younger", "när jag var liten", "kun olin
    // nuori"), "as a young man" ("som ung"), "in my teens".
    const STAGES: &[&str] = &[
        "younger",
        "young",
        "little",
        "small",
        "kid",
        "child",
        "teenager",
        "teen",
        "student",
        "yngre",
        "ung",
        "liten",
        "tonaring",
        "barn",
        "nuori",
        "nuorempi",
        "lapsi",
        "teini",
        "opiskelija",
    ];
    let was = |w: Option<&str>| matches!(w, Some("was" | "var" | "olin" | "oli" | "olit"));
    let stage_verb = if was(before(1)) {
        Some(1)
    } else if matches!(before(1), Some("a" | "an" | "en" | "ett")) && was(before(2)) {
        Some(2)
    } else {
        None
    };
    if STAGES.contains(&t.folded.as_str())
        && stage_verb.is_some_and(|v| (v + 1..=v + 2).any(|k| matches!(before(k), Some("when" | "nar" | "kun"))))
    {
        return true;
    }
    if matches!(t.folded.as_str(), "ung" | "tonaring") && before(1) == Some("som")
        || matches!(t.folded.as_str(), "teens" | "twenties" | "youth")
            && before(1) == Some("my")
            && before(2) == Some("in")
        || t.folded == "tonaren" && before(1) == Some("i")
    {
        return true;
    }
    // "Has fallen and burned himself before", "on kaatuillut aiemminkin": earlier times, not this one.
    if matches!(
        t.folded.as_str(),
        "aiemmin" | "aiemminkin" | "aikaisemmin" | "aikaisemminkin" | "ennenkin" | "previously"
    ) || t.folded == "before"
        && text.tokens.get(i + 1).is_none_or(|n| n.clause != t.clause)
        // "Like I never had before": a comparison, not an earlier time.
        && !text.tokens[i.saturating_sub(4)..i].iter().any(|b| matches!(b.folded.as_str(), "never" | "ever"))
    {
        return true;
    }
    // "viime kuussa", "viime talvena", "viime kerralla": last month, last winter, last time.
    if i > 0 && text.tokens[i - 1].folded == "viime" && !matches!(t.folded.as_str(), "yona" | "illalla" | "aikoina") {
        return true;
    }
    // "17 päivää sitten", "för 17 dagar sedan", "10 days": a week or more told in days is a
    // duration, as weeks are (fewer days may be the onset of what is happening now).
    let week_of_days = matches!(t.folded.as_str(), "paivaa" | "paivan" | "dagar" | "dygn" | "days")
        && before(1).is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n >= 7));
    if week_of_days {
        return true;
    }
    let duration = DURATIONS.iter().any(|d| t.folded.starts_with(d)) || DURATION_WORDS.contains(&t.text.as_str());
    // "Mikä kuukausi on", "what month it is": a question of orientation, not a time.
    let asked = i > 0 && matches!(text.tokens[i - 1].folded.as_str(), "mika" | "vilken" | "what" | "which");
    duration && !asked && !is_age(text, i)
}

/// What a token says about time: a word of now (and whether it is only a clock span, "kahdeksan
/// tuntia"), a past marker (and whether it names a calendar time a month or more back).
#[derive(Clone, Copy, Debug, Default)]
struct Time {
    now: bool,
    clock: bool,
    past: bool,
    calendar: bool,
}

/// Hours and minutes: "now" when nothing else dates the mention; after it, with a calendar time
/// before it and no new predicate between, a length of time within that calendar time
/// ("heinäkuussa äiti oli kateissa kahdeksan tuntia").
const CLOCK_WORDS: &[&str] = &[
    "tuntia",
    "tunti",
    "tunnin",
    "tuntii",
    "minuuttia",
    "minuutti",
    "minuutin",
    "vartti",
    "vartin",
    "timme",
    "kvart",
    "kvarten",
    "timmar",
    "timmen",
    "minuter",
    "minut",
    "minutes",
    "minute",
    "hour",
    "hours",
];

/// A month, a season, a year, "viime kuussa": a time at least weeks back, not yesterday.
fn is_calendar(text: &Text, i: usize) -> bool {
    const SEASONS: &[&str] = &[
        "vuonna", "kevaa", "syksyll", "syksyna", "talvell", "talvena", "kesall", "kesana", "fjol", "varas", "hostas",
        "vintras", "somras",
    ];
    let t = &text.tokens[i];
    // "May" and "March" are also a verb; "mars" is also a planet.
    MONTHS.contains(&t.folded.as_str()) && !matches!(t.folded.as_str(), "may" | "march" | "mars")
        || is_year(t)
        || (t.folded.ends_with("kuussa") && t.folded.len() > 6)
        || SEASONS.iter().any(|p| t.folded.starts_with(p))
}

fn time_of(text: &Text, i: usize) -> Time {
    let now = is_now_word(text, i);
    let past = is_past_marker(text, i);
    Time {
        now,
        clock: now && CLOCK_WORDS.contains(&text.tokens[i].folded.as_str()),
        past,
        calendar: past && is_calendar(text, i),
    }
}

fn classify(text: &Text, idx: usize, within: impl Fn(&Token) -> bool) -> When {
    let times = text.times.get_or_init(|| (0..text.tokens.len()).map(|i| time_of(text, i)).collect());
    let (mut now, mut past): (Option<usize>, Option<usize>) = (None, None);
    // A calendar time before the mention, and only hours or minutes after it, as their length.
    let (mut clock_after, mut calendar_before): (bool, Option<usize>) = (true, None);
    for (i, _) in text.tokens.iter().enumerate().filter(|(_, t)| within(t)) {
        let distance = i.abs_diff(idx);
        let time = times[i];
        if time.now {
            now = Some(now.map_or(distance, |d| d.min(distance)));
            clock_after &= time.clock && i > idx;
        }
        if time.past {
            past = Some(past.map_or(distance, |d| d.min(distance)));
            if time.calendar && i < idx {
                calendar_before = Some(i);
            }
        }
    }
    // "Heinäkuussa äiti oli kateissa kahdeksan tuntia", but not "stentti 2018 ja nyt rintakipua
    // tunnin": a new predicate after the calendar time is not in it.
    let dated = calendar_before
        .is_some_and(|c| !text.tokens[c + 1..idx].iter().any(|t| NEW_PREDICATE.contains(&t.folded.as_str())));
    match (now, past) {
        (Some(_), Some(_)) if clock_after && dated => When::Past,
        (Some(n), Some(p)) if p < n => When::Past,
        (Some(_), _) => When::Now,
        (None, Some(_)) => When::Past,
        (None, None) => When::Unknown,
    }
}

// ------------------------------------------------------------------------------------------------
// Language detection

const FI_WORDS: &[&str] = &[
    "ja",
    "on",
    "ei",
    "se",
    "ole",
    "oo",
    "mua",
    "mulla",
    "minulla",
    "hän",
    "kun",
    "että",
    "tai",
    "myös",
    "jo",
    "nyt",
    "kanssa",
    "mutta",
    "kotona",
    "äiti",
    "isä",
    "voisi",
    "pitäis",
    "mä",
    "sä",
    "niin",
    "joka",
    "mitä",
    "miten",
    "oli",
    "ollu",
    "ois",
    "vaan",
    "enää",
    "aina",
    "paljon",
    "pitää",
    "voi",
    "tää",
    "mun",
    "sen",
    "eikä",
    "mikään",
    "kaikki",
    "siitä",
    "tämä",
    "tänään",
    "jos",
    "koska",
    "minä",
    "hänellä",
    "meillä",
    "apua",
];
const SV_WORDS: &[&str] = &[
    "i", "nu", "efter", "eller", "då", "vet", "orkar", "klarar", "och", "är", "jag", "inte", "det", "som", "har",
    "ett", "min", "mitt", "hon", "med", "för", "till", "av", "på", "kan", "vill", "vi", "hemma", "mamma", "pappa",
    "inga", "ingen", "sedan", "också", "att", "mig", "sig", "dig", "vad", "hur", "när", "den", "de", "om", "men", "så",
    "nog", "bara", "mycket", "där", "här", "skulle", "kommer", "blir", "ska", "var", "hans", "hennes", "mina", "sin",
    "int",
];
const EN_WORDS: &[&str] = &[
    "and", "the", "is", "i", "my", "not", "no", "a", "to", "of", "in", "he", "she", "it", "with", "for", "have", "has",
    "was", "am", "are", "me", "can", "what", "since", "help", "want", "would", "you", "this", "that", "be", "been",
    "do", "does", "don't", "at", "on", "but", "her", "his", "him", "they", "we", "our", "your", "will", "there", "i'm",
    "can't",
];

/// Guesses the language of a text from its function words and letters; Finnish when unsure.
pub fn detect_language(text: &Text) -> Lang {
    let mut score = [0.0f32; 3];
    for t in &text.tokens {
        let w = t.text.as_str();
        if FI_WORDS.contains(&w) {
            score[0] += 1.0;
        }
        if SV_WORDS.contains(&w) {
            score[1] += 1.0;
        }
        if EN_WORDS.contains(&w) {
            score[2] += 1.0;
        }
        if w.contains('å') {
            score[1] += 1.5;
        }
        if w.contains('ä') || w.contains('ö') {
            score[0] += 0.5;
            score[1] += 0.3;
        }
        if w.ends_with("ssa") || w.ends_with("ssä") || w.ends_with("lla") || w.ends_with("llä") || w.ends_with("sta")
        {
            score[0] += 0.5;
        }
        if w.contains("aa") || w.contains("ii") || w.contains("uu") || w.contains("yy") {
            score[0] += 0.3;
        }
    }
    // Ties go to Finnish, then Swedish: the region's languages.
    let best = (0..3).rev().max_by(|a, b| score[*a].total_cmp(&score[*b])).unwrap_or(0);
    if score[best] <= 0.0 {
        return Lang::Fi;
    }
    [Lang::Fi, Lang::Sv, Lang::En][best]
}

/// Numbers in the text (e.g. a fever of 39,8), with the token index they stand at.
pub fn numbers(text: &Text) -> Vec<(usize, f32)> {
    text.tokens
        .iter()
        .enumerate()
        .filter_map(|(i, t)| t.text.replace(',', ".").parse::<f32>().ok().map(|n| (i, n)))
        .collect()
}

/// The entries of a word list that stand in it more than once, compared by `key` (for the tests
/// that keep the lists free of repeats).
#[cfg(test)]
pub(crate) fn repeated<'a>(list: &[&'a str], key: impl Fn(&str) -> String) -> Vec<&'a str> {
    let mut seen = std::collections::HashSet::new();
    list.iter().copied().filter(|w| !seen.insert(key(w))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each word list names a word once. The language lists are compared with the token's own
    /// letters ("här" and "har" are two words there); the others as written.
    #[test]
    fn word_lists_have_no_repeats() {
        let lists: [(&str, &[&str]); 22] = [
            ("CLAUSE_WORDS", CLAUSE_WORDS),
            ("ABBREVIATIONS", ABBREVIATIONS),
            ("NEGATORS_FI", NEGATORS_FI),
            ("NEGATORS_SV", NEGATORS_SV),
            ("NEGATORS_EN", NEGATORS_EN),
            ("BE_FORMS", BE_FORMS),
            ("FILLERS", FILLERS),
            ("NOW_WORDS", NOW_WORDS),
            ("CLOCK_WORDS", CLOCK_WORDS),
            ("ENDURE", ENDURE),
            ("ENDURE_SV", ENDURE_SV),
            ("KNOW", KNOW),
            ("PAST_PREFIXES", PAST_PREFIXES),
            ("WEEKDAYS", WEEKDAYS),
            ("DURATIONS", DURATIONS),
            ("DURATION_WORDS", DURATION_WORDS),
            ("HABITUAL", HABITUAL),
            ("MONTHS", MONTHS),
            ("NUMBER_WORDS", NUMBER_WORDS),
            ("FI_WORDS", FI_WORDS),
            ("SV_WORDS", SV_WORDS),
            ("EN_WORDS", EN_WORDS),
        ];
        for (name, list) in lists {
            assert_eq!(repeated(list, str::to_owned), Vec::<&str>::new(), "{name}");
        }
    }

    /// The quick checks give the same words as the letter-by-letter forms, over every word of
    /// the case sets and some made ones.
    #[test]
    fn quick_paths_agree_with_the_letters() {
        let mut words: Vec<String> =
            ["selekä", "kolome", "pärijää", "kipiä", "kipiää", "Σίσυφος", "ǅemal", "İstanbul", "ÅSA"]
                .iter()
                .map(|w| w.to_string())
                .collect();
        for raw in crate::domain::lexicon::reference::sample_texts() {
            words.extend(raw.split(|c: char| !c.is_alphanumeric()).map(str::to_owned));
        }
        assert!(words.len() > 20_000, "{} words", words.len());
        let mut changed = 0;
        for word in &words {
            let folded = fold(word);
            let slow: String = word.chars().flat_map(|c| c.to_lowercase()).map(fold_char).collect();
            assert_eq!(folded, slow, "{word}");
            assert_eq!(lowercase_all(word), word.chars().flat_map(|c| c.to_lowercase()).collect::<String>());
            let standard = standardise_fi_letters(&folded);
            assert_eq!(standardise_fi(&folded), standard, "{word}");
            changed += usize::from(standard.is_some());
        }
        assert!(changed > 100, "{changed} dialect words");
    }

    fn words(text: &Text) -> Vec<&str> {
        text.tokens.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn language_of_words_alone_agrees_with_the_full_analysis() {
        for text in [
            "Äiti unohtelee kaiken ja on kaatunut kahdesti.",
            "Min son dricker för mycket, vad ska jag göra?",
            "my mother forgets everything and has fallen twice",
            "mä en jaksa enää, rahat loppu ja vuokra on rästissä",
            "Hej! Jag behöver hjälp med tänderna – det värker.",
            "39,8 kuumetta, MS-tauti ja 2-vuotias",
        ] {
            assert_eq!(language_of(text), Some(detect_language(&analyse(text))), "{text}");
        }
        assert_eq!(language_of(" ... !? "), None);
    }

    #[test]
    fn tokens_clauses_and_sentences() {
        let t = analyse("Kuume 39,8 ja korvaa särkee. Ei yskää, mutta nuha.");
        assert_eq!(words(&t), ["kuume", "39,8", "ja", "korvaa", "särkee", "ei", "yskää", "mutta", "nuha"]);
        assert_eq!(t.tokens[0].sentence, 0);
        assert_eq!(t.tokens[5].sentence, 1);
        assert_ne!(t.tokens[6].clause, t.tokens[8].clause, "mutta starts a new clause");
        assert_eq!(numbers(&t), vec![(1, 39.8)]);
        let t = analyse("MS-tauti ja 2-vuotias");
        assert_eq!(words(&t), ["ms-tauti", "ja", "2-vuotias"]);
    }

    #[test]
    fn folds_and_standardises_dialect() {
        assert_eq!(fold("Päihde Åbo"), "paihde abo");
        assert_eq!(standardise_fi("seleka").as_deref(), Some("selka"));
        assert_eq!(standardise_fi("kolome").as_deref(), Some("kolme"));
        assert_eq!(standardise_fi("parijaa").as_deref(), Some("parjaa"));
        assert_eq!(standardise_fi("kipia").as_deref(), Some("kipea"));
        assert_eq!(standardise_fi("selka"), None);
        assert_eq!(standardise_fi("kotihoito"), None);
        assert_eq!(standardise_sv("int").as_deref(), Some("inte"));
        assert_eq!(standardise_sv("nanting").as_deref(), Some("nagot"));
        assert_eq!(standardise_sv("inte"), None);
        assert_eq!(standardise_en("isn't").as_deref(), Some("not"));
        assert_eq!(standardise_en("cant").as_deref(), Some("can't"));
        assert_eq!(standardise_en("breathing"), None);
        let t = analyse("She isn’t breathing and he can’t talk");
        let folded: Vec<&str> = t.tokens.iter().map(|t| t.folded.as_str()).collect();
        assert_eq!(folded, ["she", "isn't", "breathing", "and", "he", "can't", "talk"]);
        assert_eq!(standardise_sv("hund"), None);
    }

    #[test]
    fn negation_scope() {
        let t = analyse("Ei rintakipua eikä hengenahdistusta, mutta yskää on.");
        assert!(is_negated(&t, 1, 1));
        assert!(is_negated(&t, 3, 3));
        assert!(!is_negated(&t, 5, 5), "mutta ends the scope");
        let t = analyse("Itsetuhoisia ajatuksia ei ole.");
        assert!(is_negated(&t, 0, 1));
        let t = analyse("No chest pain and no shortness of breath, just a dry cough");
        assert!(is_negated(&t, 1, 2));
        assert!(is_negated(&t, 5, 7));
        assert!(!is_negated(&t, 11, 11));
        let t = analyse("Inga självmordstankar men orkar inte gå till jobbet");
        assert!(is_negated(&t, 1, 1));
        let t = analyse("My husband is hitting me right now");
        assert!(!is_negated(&t, 3, 3));
        let t = analyse("I don't have a fever");
        assert!(is_negated(&t, 4, 4));
    }

    /// The second of two alternatives shares the first one's negation; what one cannot bear is
    /// there.
    #[test]
    fn negation_over_alternatives_and_bearing() {
        let at = |t: &Text, w: &str| t.tokens.iter().position(|x| x.folded == w).unwrap();
        let t = analyse("I've never made a plan or tried anything");
        assert!(is_negated(&t, at(&t, "tried"), at(&t, "tried")));
        let t = analyse("Ei kuumetta tai yskää");
        assert!(is_negated(&t, at(&t, "yskaa"), at(&t, "yskaa")));
        let t = analyse("Kuumetta tai yskää on ollut");
        assert!(!is_negated(&t, at(&t, "yskaa"), at(&t, "yskaa")));
        let t = analyse("En jaksa jokapäiväistä ahdistusta");
        assert!(!is_negated(&t, at(&t, "ahdistusta"), at(&t, "ahdistusta")));
        let t = analyse("I can't stand the pain");
        assert!(!is_negated(&t, at(&t, "pain"), at(&t, "pain")));
        let t = analyse("Jag orkar inte med ångesten");
        assert!(!is_negated(&t, at(&t, "angesten"), at(&t, "angesten")));
        let t = analyse("En jaksa");
        assert!(is_negated(&t, 1, 1), "the verb of bearing itself is still denied");
        let t = analyse("Vauva ei jaksa pysyä hereillä");
        assert!(is_denied_in(&t, at(&t, "pysya"), at(&t, "hereilla"), None), "not managing to stay awake");
        let t = analyse("En tiedä onko se paniikki tai sydänkohtaus");
        assert!(!is_negated(&t, at(&t, "sydankohtaus"), at(&t, "sydankohtaus")), "not knowing denies nothing");
        let t = analyse("I'm not sure if it's a heart attack");
        assert!(!is_negated(&t, at(&t, "heart"), at(&t, "attack")));
    }

    /// Hours and minutes are "now" unless a calendar time a month or more back dates the clause.
    #[test]
    fn a_calendar_time_dates_hours_and_minutes() {
        let at = |t: &Text, w: &str| t.tokens.iter().position(|x| x.folded == w).unwrap();
        let t = analyse("Heinäkuussa äiti oli kateissa kahdeksan tuntia.");
        assert_eq!(when(&t, at(&t, "kateissa")), When::Past);
        let t = analyse("Äiti on ollut kateissa kaksi tuntia.");
        assert_eq!(when(&t, at(&t, "kateissa")), When::Now);
        let t = analyse("Eilen illalla pyörtyi ja on ollut sekava kaksi tuntia.");
        assert_eq!(when(&t, at(&t, "sekava")), When::Now, "yesterday is no calendar time");
        let t = analyse("He had a stent put in in 2018 and has had crushing chest pain for an hour");
        assert_eq!(when(&t, at(&t, "chest")), When::Now, "a new predicate after the year");
        let t = analyse("His speech has been slurred for an hour and I think it may be a stroke");
        assert_eq!(when(&t, at(&t, "slurred")), When::Now, "'may' is no month here");
    }

    #[test]
    fn time_of_a_mention() {
        let t = analyse("Rintakipu oli viime vuonna ja se on tutkittu.");
        assert_eq!(when(&t, 0), When::Past);
        let t = analyse("Puhe alkoi sammaltaa puoli tuntia sitten.");
        assert_eq!(when(&t, 0), When::Now);
        let t = analyse("I overdosed on opioids two years ago but have been clean for 18 months.");
        assert_eq!(when(&t, 1), When::Past);
        let t = analyse("Mamma ramlade på isen i morse.");
        assert_eq!(when(&t, 0), When::Now);
        let t = analyse("Rintaa puristaa kovasti.");
        assert_eq!(when(&t, 0), When::Unknown);
        // "May" is a month only as a date: "I may need help" is not the past.
        let t = analyse("My chest hurts, I may need help.");
        assert_ne!(when(&t, 1), When::Past);
        let t = analyse("In May my chest hurt.");
        assert_eq!(when(&t, 3), When::Past);
        // Days as weeks: a week or more of them is the past, a few may be an onset.
        let t = analyse("Jag fick en hjärtinfarkt för 17 dagar sedan.");
        assert_eq!(when(&t, 3), When::Past);
        let t = analyse("Rintakipu alkoi 2 päivää sitten ja jatkuu nyt.");
        assert_ne!(when(&t, 0), When::Past);
    }

    /// A time set before a mention frames it when "now" follows only as how things are since; a
    /// plan's time ("tonight") or a "now" before the mention does not; "right" is not "now".
    #[test]
    fn a_past_frame_holds_against_a_later_now() {
        let at = |t: &Text, w: &str| t.tokens.iter().position(|x| x.folded == w).unwrap();
        let t = analyse("Two weeks ago her left arm went weak for an hour and she is fine now.");
        assert_eq!(when(&t, at(&t, "arm")), When::Past);
        let t = analyse("Viime viikolla isän käsi heikkeni ja puhe sammalsi mutta nyt hän voi hyvin.");
        assert_eq!(when(&t, at(&t, "kasi")), When::Past);
        let t = analyse("Jag har samlat tabletter i veckor och tänker ta dem ikväll.");
        assert!(!framed_past(&t, at(&t, "tanker")), "a plan's time is not how things are now");
        let t = analyse("Last year she had a stroke and now her right arm is weak again.");
        assert_eq!(when(&t, at(&t, "arm")), When::Now);
        let t = analyse("His right arm is weak.");
        assert_eq!(when(&t, at(&t, "arm")), When::Unknown);
        let t = analyse("He has fallen and burned himself before.");
        assert_eq!(when(&t, at(&t, "burned")), When::Past);
        let t = analyse("Call me before he burns himself.");
        assert_ne!(when(&t, at(&t, "burns")), When::Past);
    }

    /// The heads of a compound: parts after modifiers written as their base form, not after an
    /// inflected one; none in a word of one part.
    #[test]
    fn compound_heads() {
        let heads = |form: &str, parts: &[&str]| {
            let parts: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
            super::heads(form, &parts).into_iter().map(|h| form[h..].to_owned()).collect::<Vec<_>>()
        };
        assert_eq!(heads("kotihoito", &["koti", "hoito"]), ["hoito"]);
        assert_eq!(heads("rahapelata", &["raha", "pelata"]), ["pelata"]);
        assert_eq!(heads("toimeentulotuki", &["toimeen", "tulo", "tuki"]), ["tulotuki", "tuki"]);
        assert_eq!(heads("ruoka-apu", &["ruoka", "apu"]), ["apu"]);
        assert_eq!(heads("nokkosihottuma", &["nokkonen", "ihottuma"]), ["ihottuma"], "a -nen word as a modifier");
        assert!(heads("hengenahdistus", &["henki", "ahdistus"]).is_empty(), "an inflected modifier");
        assert!(heads("viikonloppu", &["viikko", "loppu"]).is_empty());
        assert_eq!(heads("verenpainekontrolli", &["veri", "paine", "kontrolli"]), ["kontrolli"]);
        assert_eq!(heads("mielenterveysongelma", &["mieli", "terveys", "ongelma"]), ["ongelma"]);
        assert!(heads("kunto", &[]).is_empty());
        assert!(heads("oudompi", &["x", "y"]).is_empty(), "parts that are not in the word");
    }

    #[test]
    fn a_finnish_text_gets_the_base_forms_the_analyser_knows() {
        use crate::domain::morphology::{NoAnalyser, VOIKKO_WORDS};
        let t = analyse_with("Äidillä on hengenahdistusta, en puhu 2-vuotiaasta ja kotihoidon", None, &VOIKKO_WORDS);
        let bases = |i: usize| t.tokens[i].bases.iter().map(|b| b.form.as_str()).collect::<Vec<_>>();
        assert_eq!(bases(0), ["aiti"], "folded");
        assert_eq!(bases(2), ["hengenahdistus"]);
        assert!(t.tokens[2].bases[0].heads.is_empty());
        assert!(!t.tokens[3].is_known(), "the negation verb keeps its written form");
        assert_eq!(bases(4), ["puhua"]);
        assert!(!t.tokens[5].is_known(), "a word with digits");
        assert!(!t.tokens[6].is_known(), "a word the analyser does not know");
        assert_eq!(t.tokens[7].bases, [Base { form: "kotihoito".into(), heads: vec![4] }]);
        // Otherwise as analyse() reads it.
        let plain = analyse(&t.original);
        assert_eq!(words(&t), words(&plain));
        assert!(analyse_with(&t.original, None, &NoAnalyser).tokens.iter().all(|t| !t.is_known()));
        // A Swedish or English text is not read as Finnish ("on" is a Finnish word too), whether
        // detected or said.
        let en = analyse_with("my mother is on her own and she is ill", None, &VOIKKO_WORDS);
        assert_eq!(en.tokens[3].text, "on");
        assert!(en.tokens.iter().all(|t| !t.is_known()));
        assert!(analyse_with("on", Some(Lang::Sv), &VOIKKO_WORDS).tokens.iter().all(|t| !t.is_known()));
        assert!(analyse_with("on", Some(Lang::Fi), &VOIKKO_WORDS).tokens[0].is_known());
    }

    #[test]
    fn detects_the_language() {
        assert_eq!(detect_language(&analyse("Min son dricker för mycket och jag vet inte vad jag ska göra")), Lang::Sv);
        assert_eq!(detect_language(&analyse("My mother forgets everything and has fallen twice")), Lang::En);
        assert_eq!(detect_language(&analyse("mä en jaksa enää, rahat loppu ja vuokra on rästissä")), Lang::Fi);
        assert_eq!(detect_language(&analyse("")), Lang::Fi);
    }
}
