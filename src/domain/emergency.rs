//! Safety first: telling a life-threatening situation (112) and an urgent need of on-call care
//! today (the 116117 helpline) apart from everything else, before any routine navigation.
//!
//! Each sign is a class of terms in Finnish, Swedish and English (the lexicon syntax of
//! [`super::lexicon`]), reviewed data in `data/red-flags/` ([`super::red_flags`]); this file holds
//! the mechanism: which mentions count, and the rules that combine signs into a level. A sign
//! counts when it is mentioned, not negated ("ei rintakipua", "inga självmordstankar", "no chest
//! pain") and not placed in the past ("rintakipu tutkittiin viime vuonna", "overdosed two years
//! ago"). Some signs are strong alone; others need a second sign, the client's age, or a marker
//! that it is happening now. Figurative speech ("sydän särkyy") uses words that are not signs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::lang::Lang;
use super::lexicon::Hit;
use super::red_flags::{signs, Sign};
use super::text::{
    death_in_clause, detect_language, fold, habitual, is_denied_in, is_negated_in, is_negator, not_the_clients,
    numbers, when, Text, Token, When,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
pub enum EmergencyLevel {
    /// Call the on-call helpline 116117 (päivystysapu): urgent, not life-threatening.
    #[serde(rename = "116117")]
    OnCall,
    /// Call the emergency number 112 now.
    #[serde(rename = "112")]
    Emergency,
}

impl EmergencyLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Emergency => "112",
            Self::OnCall => "116117",
        }
    }

    /// The need code of the taxonomy for this level.
    pub fn need_code(self) -> &'static str {
        match self {
            Self::Emergency => super::needs::codes::EMERGENCY_MEDICAL,
            Self::OnCall => super::needs::codes::EMERGENCY_ON_CALL,
        }
    }

    /// What to tell the client, in their language.
    pub fn instructions(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Emergency, Lang::Fi) => {
                "Soita heti hätänumeroon 112. Kerro mitä on tapahtunut ja missä olet, vastaa kysymyksiin ja \
                 toimi ohjeiden mukaan. Älä sulje puhelinta ennen kuin saat luvan. Jos henkilö ei hengitä, \
                 aloita painelu-puhalluselvytys."
            }
            (Self::Emergency, Lang::Sv) => {
                "Ring genast nödnumret 112. Berätta vad som har hänt och var du är, svara på frågorna och följ \
                 anvisningarna. Lägg inte på förrän du får lov. Om personen inte andas, börja med hjärt-lungräddning."
            }
            (Self::Emergency, Lang::En) => {
                "Call the emergency number 112 now. Say what has happened and where you are, answer the \
                 questions and follow the instructions. Do not hang up until you are told to. If the person \
                 is not breathing, start CPR."
            }
            (Self::OnCall, Lang::Fi) => {
                "Soita päivystysapuun 116117 ennen kuin lähdet päivystykseen: hoitaja arvioi hoidon \
                 kiireellisyyden ja neuvoo, minne mennä. Jos tila pahenee tai tulee hengenvaara, soita 112."
            }
            (Self::OnCall, Lang::Sv) => {
                "Ring Jourhjälpen 116117 innan du åker till jouren: en sjukskötare bedömer hur brådskande \
                 vården är och säger vart du ska vända dig. Om läget försämras eller det är livsfara, ring 112."
            }
            (Self::OnCall, Lang::En) => {
                "Call the on-call helpline 116117 before going to an emergency clinic: a nurse assesses how \
                 urgent it is and tells you where to go. If it gets worse or life is in danger, call 112."
            }
        }
    }
}

/// The outcome of the safety check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    pub level: EmergencyLevel,
    /// Short reasons (sign names) with the words that showed them.
    pub reasons: Vec<(String, String)>,
}

/// The signs that count (not negated, not past), with the words that showed them.
pub(super) struct Found {
    evidence: BTreeMap<Sign, Vec<String>>,
    /// Clauses in which each sign was found.
    clauses: BTreeMap<Sign, Vec<usize>>,
    /// Tokens at which each sign's mentions start.
    starts: BTreeMap<Sign, Vec<usize>>,
    /// A stroke told in the past, and every stroke sign found now told with no onset in its
    /// sentence ("fick en stroke i somras, nu är hon svag i ena sidan"): its trace, asked about by
    /// the screen rather than 112.
    stroke_trace: bool,
}

impl Found {
    pub(super) fn has(&self, s: Sign) -> bool {
        self.evidence.contains_key(&s)
    }

    /// The signs found, in the order of [`Sign::ALL`].
    #[cfg(test)]
    pub(super) fn signs(&self) -> impl Iterator<Item = Sign> + '_ {
        self.evidence.keys().copied()
    }

    /// Records a mention of a sign: its words (once), its clause and its first token.
    fn add(&mut self, sign: Sign, words: String, clause: usize, start: usize) {
        let quoted = self.evidence.entry(sign).or_default();
        if !quoted.contains(&words) {
            quoted.push(words);
        }
        self.clauses.entry(sign).or_default().push(clause);
        self.starts.entry(sign).or_default().push(start);
    }

    fn same_clause(&self, a: Sign, b: Sign) -> bool {
        match (self.clauses.get(&a), self.clauses.get(&b)) {
            (Some(x), Some(y)) => x.iter().any(|c| y.contains(c)),
            _ => false,
        }
    }
}

/// The sentences in which a sign was found.
fn sentences_of(text: &Text, found: &Found, sign: Sign) -> Vec<usize> {
    let clauses = found.clauses.get(&sign).map(Vec::as_slice).unwrap_or_default();
    text.tokens.iter().filter(|t| clauses.contains(&t.clause)).map(|t| t.sentence).collect()
}

/// The sentence of a clause.
fn sentence_of(text: &Text, clause: usize) -> Option<usize> {
    text.tokens.iter().find(|t| t.clause == clause).map(|t| t.sentence)
}

/// Whether two signs were found in one sentence.
fn same_sentence(text: &Text, found: &Found, a: Sign, b: Sign) -> bool {
    let of_a = sentences_of(text, found, a);
    sentences_of(text, found, b).iter().any(|s| of_a.contains(s))
}

fn quote(text: &Text, hit: &Hit) -> String {
    let start = text.tokens[hit.start].start;
    let end = text.tokens[hit.end].end;
    text.original[start..end].to_owned()
}

/// Whether a clause is about a phone, messages or an office rather than a person in front of the
/// caller.
fn remote_clause(text: &Text, clause: usize) -> bool {
    const REMOTE: &[&str] = &[
        "puhelin",
        "puhelime",
        "viestei",
        "viestii",
        "tekstari",
        "soittoihin",
        "terveyskeskus",
        "terkkari",
        "vastaanott",
        "ajanvara",
        "numero",
        "linja",
        "telefon",
        "sms",
        "meddelande",
        "samtal",
        "halsocentral",
        "vardcentral",
        "mottagning",
        "phone",
        "texts",
        "message",
        "email",
        "voicemail",
        "landlord",
        "council",
        "isannoitsij",
        "hyresvard",
        "kunta",
        "kommun",
        "office",
        "clinic",
        "gp",
        "surgery",
    ];
    text.tokens.iter().filter(|t| t.clause == clause).any(|t| REMOTE.iter().any(|r| t.folded.starts_with(r)))
}

/// Someone else named between a sign and the care told after it ("I have chest pain and my
/// husband was taken to hospital"): the care is theirs.
const ANOTHER: &[&str] = &[
    "husband", "wife", "partner", "mother", "father", "mum", "mom", "dad", "son", "daughter", "mies", "miehen",
    "vaimo", "vaimon", "aiti", "isa", "poika", "tytar", "fru", "man", "mamma", "pappa", "dotter", "sonen", "brother",
    "sister", "friend", "veli", "veljen", "sisko", "siskon", "kaveri", "kaverin", "ystava", "bror", "syster", "van",
    "like", "kuin", "precis", "before",
];

/// "Has", "on", "har" right before a sign: told in the present ("he has crushing chest pain").
const PRESENT: &[&str] = &["has", "have", "is", "are", "on", "har", "ar"];

/// Clause-level markers that something happens right now ("just nyt", "right now", "nu").
const NOW: &[&str] = &["nyt", "parhaillaan", "juuri", "just", "nu", "now", "currently", "tällä hetkellä"];

fn now_in_clause(text: &Text, clause: usize) -> bool {
    clause_has(text, clause, NOW)
}

/// Whether a word of the clause (folded) is one of `words`.
fn clause_has(text: &Text, clause: usize, words: &[&str]) -> bool {
    text.tokens.iter().any(|t| t.clause == clause && words.contains(&t.folded.as_str()))
}

/// Whether it is night now: a night or evening told, and no morning or day after it that leads
/// its clause as the story's new time ("nousi yöllä kuume, aamulla huomattiin"); a morning waited
/// for ("can it wait until the morning"), a habit ("tre gånger på dagen") or a state told at the
/// clause's end ("han var pigg på förmiddagen") does not end the night.
fn night_now(text: &Text, found: &Found) -> bool {
    const WAIT: &[&str] = &["odottaa", "odota", "asti", "wait", "until", "till", "vanta", "tills", "voiko", "can"];
    let Some(night) = found.clauses.get(&Sign::Night).and_then(|c| c.iter().max().copied()) else {
        return false;
    };
    let leads = |start: usize| {
        let clause = text.tokens[start].clause;
        let first = text.tokens.iter().position(|t| t.clause == clause).unwrap_or(start);
        text.tokens[first..start].iter().all(|t| {
            matches!(t.folded.as_str(), "ja" | "mutta" | "mut" | "and" | "but" | "och" | "men" | "nyt" | "now" | "nu")
        }) && !text.tokens.iter().any(|t| t.clause == clause && WAIT.contains(&t.folded.as_str()))
            && !habitual_clause(text, clause)
    };
    !found
        .starts
        .get(&Sign::Day)
        .is_some_and(|starts| starts.iter().any(|s| text.tokens[*s].clause > night && leads(*s)))
}

/// Whether a clause says the caller hears it ("kuuluu huutoa", "I can hear him hitting her",
/// "jag hör"): what is heard is happening now.
fn heard_in_clause(text: &Text, clause: usize) -> bool {
    // "Kuuluu" in the clause itself ("naapurista kuuluu huutoa"; "tämä kuuluu sosiaalitoimelle"
    // is another clause); the others in the sentence. Not "sounds" or "låter" ("this sounds
    // silly"), "hör av mig", "kuulen huonosti", "hearing impaired", nor a memory "in my head".
    const HEAR: &[&str] = &["kuulen", "hear", "hearing", "hör", "hörs"];
    const NOT: &[&str] = &["av", "huonosti", "impaired", "aid", "aids", "head", "paassani", "huvudet", "dreams"];
    let Some(sentence) = sentence_of(text, clause) else {
        return false;
    };
    let words: Vec<(usize, &Token)> = text.tokens.iter().enumerate().filter(|(_, t)| t.sentence == sentence).collect();
    words.iter().any(|(i, t)| {
        (HEAR.contains(&t.text.as_str()) || t.text == "kuuluu" && t.clause == clause)
            && !(*i > 0 && matches!(text.tokens[i - 1].folded.as_str(), "mihin" | "minne" | "kenelle" | "kuka"))
    }) && !words.iter().any(|(_, t)| NOT.contains(&t.folded.as_str()))
}

/// Whether a clause tells a symptom as coming and going ("välillä", "sometimes", "ibland", "menee
/// ohi kun pysähdyn"), or its sentence opens with a time of day in the plural ("illat on
/// pahimpia", "nätterna") and turns to nothing else ("but").
fn pattern_clause(text: &Text, clause: usize) -> bool {
    const PATTERN: &[&str] = &[
        "valilla",
        "joskus",
        "ajoittain",
        "ibland",
        "emellanat",
        "sometimes",
        "occasionally",
        "usein",
        "often",
        "ofta",
    ];
    const LEADING: &[&str] = &[
        "illat",
        "yot",
        "aamut",
        "iltaisin",
        "oisin",
        "aamuisin",
        "kvallarna",
        "natterna",
        "morgnarna",
        "evenings",
        "nights",
        "mornings",
    ];
    let Some(sentence) = sentence_of(text, clause) else {
        return false;
    };
    let opening = text.tokens.iter().filter(|t| t.sentence == sentence).take(3);
    // "Menee ohi kun pysähdyn", "it passes", "går över", "after I rest it goes away": it comes and
    // goes, told in its clause or in the next sentence (not "ei mene ohi").
    let passes = text.tokens.iter().enumerate().any(|(i, t)| {
        let here = t.clause == clause || t.sentence == sentence + 1;
        let before = |w: &[&str]| i > 0 && w.contains(&text.tokens[i - 1].folded.as_str());
        here && (matches!(t.folded.as_str(), "ohi" | "passes" | "slapper")
            || t.folded == "over" && before(&["gar", "gick"])
            || t.folded == "away" && before(&["goes", "went", "go"]))
            && !text.tokens[..i].iter().any(|b| b.clause == t.clause && is_negator(b))
            // Not a hope or a wait that it passes ("toivon että se menee ohi", "waiting for it to go away").
            && !text.tokens[i.saturating_sub(5)..i].iter().any(|b| b.clause == t.clause && PASS_WAIT.iter().any(|w| b.folded.starts_with(w)))
    }) || text.tokens.windows(3).any(|w| {
        // "Tulee ja menee", "comes and goes", "kommer och går".
        (w[0].sentence == sentence || w[0].sentence == sentence + 1)
            && matches!(w[0].folded.as_str(), "tulee" | "comes" | "kommer")
            && matches!(w[1].folded.as_str(), "ja" | "and" | "och")
            && matches!(w[2].folded.as_str(), "menee" | "goes" | "gar")
    });
    // "Lately", "viime aikoina", "på sistone": over weeks, not this hour.
    let lately = text.tokens.iter().enumerate().any(|(i, t)| {
        t.clause == clause
            && (matches!(t.folded.as_str(), "lately" | "recently" | "sistone")
                || t.folded == "aikoina" && i > 0 && text.tokens[i - 1].folded == "viime")
    });
    // "Lately … but this morning it is bad": the turn tells today apart.
    let turn = text
        .tokens
        .iter()
        .any(|t| t.sentence == sentence && matches!(t.folded.as_str(), "mutta" | "mut" | "but" | "men"));
    clause_has(text, clause, PATTERN)
        || passes
        || lately && !turn
        // Anywhere in the clause too, "mostly in the mornings" (not "oisin", also "I would be").
        || text.tokens.iter().any(|t| t.clause == clause && t.folded != "oisin" && LEADING.contains(&t.folded.as_str()))
        || opening.clone().any(|t| LEADING.contains(&t.folded.as_str()))
            && !text
                .tokens
                .iter()
                .any(|t| t.sentence == sentence && matches!(t.folded.as_str(), "mutta" | "mut" | "but" | "men"))
}

/// Words of hoping or waiting that something passes.
const PASS_WAIT: &[&str] = &["toivo", "odot", "hope", "wait", "hoppas", "vanta"];

/// Whether the sentence of a clause says "now", "today" or "tonight".
fn now_in_sentence(text: &Text, clause: usize) -> bool {
    const TODAY: &[&str] = &["tanaan", "iltana", "today", "tonight", "idag", "ikvall", "inatt"];
    let Some(sentence) = sentence_of(text, clause) else {
        return false;
    };
    text.tokens
        .iter()
        .any(|t| t.sentence == sentence && (NOW.contains(&t.folded.as_str()) || TODAY.contains(&t.folded.as_str())))
}

/// Whether the sentence of a clause says it happens habitually ("usein", "every evening").
fn habitual_clause(text: &Text, clause: usize) -> bool {
    text.tokens.iter().position(|t| t.clause == clause).is_some_and(|i| habitual(text, i))
}

fn habitual_clause_of(text: &Text, found: &Found, sign: Sign) -> bool {
    found.clauses.get(&sign).is_some_and(|c| c.iter().any(|c| habitual_clause(text, *c)))
}

/// Whether a mention is a worry about what might happen ("mitä teen, jos vauva vetää
/// henkeen?", "rädd för vad jag ska göra om hon sätter i halsen", "what should I do if he
/// chokes"): a condition before it in its sentence, and a question or a fear before that.
fn hypothetical(text: &Text, idx: usize) -> bool {
    const CONDITION: &[&str] = &["jos", "jossei", "mikali", "om", "ifall", "if"];
    const WORRY: &[&str] = &[
        "pelkaan",
        "pelkaa",
        "pelottaa",
        "huolettaa",
        "mita",
        "miten",
        "kuinka",
        "radd",
        "orolig",
        "vad",
        "hur",
        "afraid",
        "worried",
        "scared",
        "what",
        "how",
        "should",
    ];
    let sentence = text.tokens[idx].sentence;
    let before: Vec<&Token> = text.tokens[..idx].iter().filter(|t| t.sentence == sentence).collect();
    let Some(condition) = before.iter().rposition(|t| CONDITION.contains(&t.folded.as_str())) else {
        return false;
    };
    before.len() - condition <= 6
        && before[..condition]
            .iter()
            .any(|t| WORRY.contains(&t.folded.as_str()) || t.standard.as_deref() == Some("vad"))
}

/// Whether a mention is a fear of what may come ("I'm afraid she'll fall and lie on the floor
/// all night", "rädd att han ska få en hjärtattack"): a fear before it in its sentence, then a
/// word of the future at most three words before it in its clause, and no "now" there ("I'm
/// scared he'll die, he's clutching his chest" stays now). Finnish has no future tense to tell
/// "pelkään että se on infarkti" from a fear, so it is not read.
fn feared(text: &Text, idx: usize) -> bool {
    const FEAR: &[&str] = &[
        "afraid",
        "worried",
        "worry",
        "worrying",
        "scared",
        "fear",
        "terrified",
        "dread",
        "dreading",
        "radd",
        "orolig",
        "oroar",
    ];
    const FUTURE: &[&str] = &["will", "gonna", "ska", "skall", "kommer"];
    let sentence = text.tokens[idx].sentence;
    let start = idx.saturating_sub(12);
    let before = &text.tokens[start..idx];
    // "I keep thinking he'll…" is a fear too; "I think he will…" is not.
    let Some(fear) = before.iter().enumerate().position(|(i, t)| {
        t.sentence == sentence
            && (FEAR.contains(&t.folded.as_str())
                || t.folded == "thinking" && i > 0 && matches!(before[i - 1].folded.as_str(), "keep" | "keeps"))
    }) else {
        return false;
    };
    if now_in_clause(text, text.tokens[idx].clause) {
        return false;
    }
    // The word of the future stands at most three words before the mention, in its clause;
    // "kommer" only as "kommer att", "ska" not as "ska ha" (what may have happened).
    before[fear + 1..].iter().enumerate().any(|(i, t)| {
        let at = start + fear + 1 + i;
        let next = text.tokens.get(at + 1).map(|n| n.folded.as_str());
        let future = match t.folded.as_str() {
            "kommer" => next == Some("att"),
            "ska" | "skall" => next != Some("ha"),
            w => FUTURE.contains(&w) || t.text.ends_with("'ll") || t.text.ends_with("’ll"),
        };
        future
            && idx - at <= 4
            && t.clause == text.tokens[idx].clause
            && text.tokens.get(at + 1).is_none_or(|n| !is_negator(n))
    })
}

/// Whether a condition is counted in episodes, a history ("har fått två allergiska chocker",
/// "had three strokes", "kaksi aivoinfarktia"): a count word (not a digit, more often an age) at
/// most two words before it in its clause,
/// and nothing of now or today in its sentence.
fn episodes(text: &Text, idx: usize) -> bool {
    const COUNTS: &[&str] = &[
        "kaksi", "kaks", "kolme", "monta", "useita", "useamman", "tva", "tre", "fyra", "flera", "manga", "two",
        "three", "four", "several", "many", "multiple",
    ];
    let clause = text.tokens[idx].clause;
    let counted = text.tokens[idx.saturating_sub(2)..idx]
        .iter()
        .any(|t| t.clause == clause && COUNTS.contains(&t.folded.as_str()));
    counted && !now_in_sentence(text, clause) && when(text, idx) != When::Now
}

/// Whether a stroke's sign is told as lasting from before ("armen är fortfarande svag", "käsi on
/// edelleen heikko"): a word of "still" in its clause and no time of now. Read only where a stroke
/// of the past is told: "her face is still drooping" alone is happening now.
fn lasting(text: &Text, idx: usize) -> bool {
    const STILL: &[&str] = &["still", "fortfarande", "alltjamt", "edelleen", "vielakin", "edelleenkin"];
    // "It started at 8", "alkoi aamulla": an onset told makes it new.
    let sentence = text.tokens[idx].sentence;
    clause_has(text, text.tokens[idx].clause, STILL)
        && when(text, idx) != When::Now
        && !text.tokens.iter().any(|t| t.sentence == sentence && ONSET.contains(&t.folded.as_str()))
}

/// Words that tell an onset ("it started at 8", "tää alko vartti sitten", "plötsligt").
const ONSET: &[&str] = &[
    "started",
    "began",
    "alkoi",
    "alko",
    "alkanut",
    "alkanu",
    "borjade",
    "suddenly",
    "plotsligt",
    "yhtakkia",
    "akkia",
];

/// Whether a sign's sentence ties it to a situation ("kun pitää esiintyä", "when I'm nervous").
fn situational(text: &Text, found: &Found, sign: Sign) -> bool {
    let sentences = sentences_of(text, found, sign);
    text.tokens
        .iter()
        .any(|t| sentences.contains(&t.sentence) && matches!(t.folded.as_str(), "kun" | "when" | "nar" | "whenever"))
}

/// Whether a sign's sentence tells an onset.
fn onset_in_sentence(text: &Text, found: &Found, sign: Sign) -> bool {
    let sentences = sentences_of(text, found, sign);
    text.tokens.iter().any(|t| sentences.contains(&t.sentence) && ONSET.contains(&t.folded.as_str()))
}

/// Whether a mention is a belief that was then ruled out ("luulin et mulla on sydänkohtaus mut
/// se oli paniikkikohtaus", "I thought I was having a stroke but it was a migraine"): a word of
/// believing or fearing at most four words before it in its clause, and a turn ("mut", "but",
/// "men") after it in its sentence.
fn ruled_out(text: &Text, idx: usize) -> bool {
    const BELIEVED: &[&str] =
        &["luulin", "luuli", "luultiin", "pelkasin", "epailin", "epailtiin", "thought", "feared", "trodde"];
    const TURN: &[&str] = &["mut", "mutta", "but", "men"];
    let token = &text.tokens[idx];
    let believed = text.tokens[idx.saturating_sub(5)..idx]
        .iter()
        .any(|t| t.clause == token.clause && BELIEVED.contains(&t.folded.as_str()));
    believed
        && text.tokens[idx + 1..]
            .iter()
            .take_while(|t| t.sentence == token.sentence)
            .any(|t| TURN.contains(&t.folded.as_str()))
}

/// Whether a wish stands before a mention in its clause ("toivon etten herää", "I wish I
/// wouldn't wake up", "I just want to go to sleep and not wake up", "vill bara somna och inte vakna").
fn wished(text: &Text, idx: usize) -> bool {
    const WISH: &[&str] = &["toivon", "toivoisin", "toivois", "kunpa", "hope", "wish", "onskar", "hoppas"];
    // "Want" wishes for oneself only when no one else stands between ("vill bara att någon kommer" is a call).
    const WANT: &[&str] = &["haluan", "haluaisin", "haluisin", "want", "wanna", "vill", "ville"];
    const SOMEONE: &[&str] = &[
        "joku", "jonkun", "sita", "hanta", "nagon", "han", "hon", "honom", "henne", "someone", "somebody", "him",
        "her", "them", "you",
    ];
    let clause = text.tokens[idx].clause;
    let from = idx.saturating_sub(8);
    text.tokens[from..idx].iter().enumerate().any(|(k, t)| {
        t.clause == clause
            && (WISH.contains(&t.folded.as_str())
                || WANT.contains(&t.folded.as_str())
                    && !text.tokens[from + k + 1..idx].iter().any(|w| SOMEONE.contains(&w.folded.as_str())))
    })
}

/// Whether a mention of violence is a simile of a feeling ("känns som att någon stryper mig",
/// "tuntuu kuin joku kuristaisi", "feels like someone is strangling me"): a feeling, a word of
/// likeness and someone or something at most three words before it in its clause.
fn simile(text: &Text, idx: usize) -> bool {
    const LIKE: &[&str] = &["kuin", "som", "like", "if", "though"];
    const FEEL: &[&str] = &["feel", "felt", "kanns", "kandes", "tuntu"];
    // The likeness is of someone or something doing it: "som att någon", "kuin joku", "like
    // someone", "as if something" ("feel like he will kill me" is no simile).
    const SOMEONE: &[&str] =
        &["joku", "jokin", "jotain", "nagon", "nagot", "someone", "somebody", "something", "being", "att", "om"];
    let clause = text.tokens[idx].clause;
    text.tokens[idx.saturating_sub(3)..idx].iter().enumerate().any(|(i, t)| {
        let at = idx.saturating_sub(3) + i;
        let then = |k: usize| {
            text.tokens.get(at + k).is_some_and(|n| n.clause == clause && SOMEONE.contains(&n.folded.as_str()))
        };
        // Felt, not heard or seen: "det låter som om någon slår" is a sound of violence.
        let felt = text.tokens[at.saturating_sub(3)..at]
            .iter()
            .any(|f| f.clause == clause && FEEL.iter().any(|w| f.folded.starts_with(w)));
        t.clause == clause
            && felt
            && LIKE.contains(&t.folded.as_str())
            && match t.folded.as_str() {
                // "som att någon", "som om någon": not the relative "som" ("mannen som slår").
                "som" => then(1) && then(2),
                "if" | "though" => at > 0 && text.tokens[at - 1].folded == "as" && then(1),
                _ => then(1),
            }
    })
}

/// An injury told as one event ("kaaduin koko painolla jalan päälle"), not dated back and not a
/// habit of falling ("kaatuilee", "falls a lot"), with the limb failing after it: bearing no weight
/// after a fall is a suspected fracture even without words of severe pain.
fn fresh_injury(text: &Text, found: &Found) -> bool {
    const HABIT: &[&str] = &["kaatuil", "kaatuu", "falls", "often", "usein", "ofta", "faller", "keeps"];
    let Some(starts) = found.starts.get(&Sign::Trauma) else { return false };
    let Some(loss) = found.starts.get(&Sign::LossOfFunction).and_then(|l| l.first()) else { return false };
    starts.iter().any(|&i| {
        let sentence = text.tokens[i].sentence;
        i < *loss
            && text.tokens[*loss].sentence <= sentence + 1
            && when(text, i) != When::Past
            && !text.tokens.iter().any(|t| t.sentence == sentence && HABIT.iter().any(|h| t.folded.starts_with(h)))
    })
}

/// Whether a sign was found in a sentence that is placed now ("tämä alkoi just äsken").
fn sentence_now(text: &Text, found: &Found, sign: Sign) -> bool {
    found.clauses.get(&sign).is_some_and(|clauses| {
        clauses.iter().any(|c| {
            text.tokens.iter().position(|t| t.clause == *c).is_some_and(|i| when(text, i) == When::Now)
                || text.tokens.iter().any(|t| t.clause == *c && t.folded == "aken")
        })
    }) || found.has(sign)
        && text.tokens.iter().any(|t| matches!(t.folded.as_str(), "aken" | "nyt" | "now" | "nu" | "just"))
}

/// Where lying is resting, not a fall ("lying on the sofa and can't get up to cook").
const FURNITURE: &[&str] = &["sofa", "couch", "bed", "sohva", "sänky", "sanky", "soffa", "säng", "sang", "divaani"];

/// Lying on a sofa or a bed, not on the floor or the ground.
fn lying_on_furniture(text: &Text, found: &Found) -> bool {
    found.clauses.get(&Sign::FoundLying).is_some_and(|c| {
        text.tokens.iter().any(|t| c.contains(&t.clause) && FURNITURE.iter().any(|f| t.folded.starts_with(f)))
    })
}

/// The signs that count in a text: mentioned, not negated (or negated, for a term marked `!`),
/// not placed in the past, not a worry about what might happen, not inside a figure of speech.
/// Context signs ([`Sign::is_context`]) count wherever they stand.
pub(super) fn found(text: &Text) -> Found {
    let mut found =
        Found { evidence: BTreeMap::new(), clauses: BTreeMap::new(), starts: BTreeMap::new(), stroke_trace: false };
    let signs = signs();
    let must_be_negated = &signs.must_be_negated;
    let hits = signs.lexicon.find_any_language(text);
    // Read only when a term a denial cancels is found (most texts have none).
    let text_lang = std::cell::OnceCell::new();
    // Clauses with a plan placed now ("tänker ta alla ikväll"): means gathered over weeks
    // in such a sentence are part of the plan, not the past.
    let plan_now: Vec<usize> = hits
        .iter()
        .filter(|h| h.target == Sign::SuicidePlan.name() && when(text, h.start) == When::Now)
        .map(|h| text.tokens[h.start].clause)
        .collect();
    // Figures of speech mask the signs inside them ("tää duuni tappaa mut", "sydän hakkaa",
    // "dying to see you", "elvytyskurssi").
    let figures: Vec<(usize, usize)> =
        hits.iter().filter(|h| h.target == Sign::Figure.name()).map(|h| (h.start, h.end)).collect();
    // "Nielaisi kolikon", "swallowed a coin": an object swallowed is not an overdose.
    let objects: Vec<(usize, usize)> = hits
        .iter()
        .filter(|h| h.target == Sign::SwallowedObject.name() || h.target == Sign::Battery.name())
        .map(|h| (h.start, h.end))
        .collect();
    // A stroke told in the past ("fick en stroke för två år sen"): what is "still" there is its trace.
    let history = hits.iter().any(|h| {
        Sign::parse(&h.target).is_some_and(Sign::is_stroke) && !h.negated && when(text, h.start) == When::Past
    });
    // Care already given, told after a condition in its sentence ("had a stroke … went to ER").
    // (Not care dated back, "blev inlagd i fjol": that was another time.)
    let treated: Vec<(usize, usize)> = hits
        .iter()
        .filter(|h| h.target == Sign::Treated.name() && when(text, h.start) != When::Past)
        .map(|h| (text.tokens[h.start].sentence, h.start))
        .collect();
    for hit in hits {
        let Some(sign) = Sign::parse(&hit.target) else { continue };
        // Not what is told as now or new ("rintakipu nyt, kotiutettiin eilen", "started an hour ago").
        let clause = text.tokens[hit.start].clause;
        // A "now" after the care word is the care's ("ligger nu på strokeavdelningen").
        let in_care = (sign.is_condition() || matches!(sign, Sign::ChestPain | Sign::BreathlessMild | Sign::Fracture))
            && treated.iter().any(|(s, at)| {
                *s == text.tokens[hit.start].sentence
                    && *at > hit.end
                    && !text.tokens[..*at].iter().any(|t| {
                        t.clause == clause
                            && (NOW.contains(&t.folded.as_str())
                                || matches!(
                                    t.folded.as_str(),
                                    "tonight" | "illalla" | "ikvall" | "kvall" | "tanaan" | "today" | "idag"
                                ))
                    })
                    && !text.tokens[hit.end + 1..*at].iter().any(|t| ANOTHER.contains(&t.folded.as_str()))
                    && !ever_since(&text.tokens[hit.end + 1..*at])
            })
            && !clause_has(text, clause, ONSET)
            && !clause_has(
                text,
                clause,
                &[
                    "taas",
                    "uudestaan",
                    "again",
                    "igen",
                    "palasi",
                    "palas",
                    "came",
                    "tillbaka",
                    "same",
                    "samma",
                    "samasta",
                ],
            )
            && !text.tokens[hit.start.saturating_sub(3)..hit.start]
                .iter()
                .any(|t| t.clause == clause && PRESENT.contains(&t.folded.as_str()));
        if in_care {
            continue;
        }
        if matches!(sign, Sign::Violence | Sign::ThreatToLife) && simile(text, hit.start) {
            continue;
        }
        if sign == Sign::Overdose && objects.iter().any(|(s, e)| *s <= hit.start && hit.end <= *e) {
            continue;
        }
        if !sign.is_context() && figures.iter().any(|(s, e)| hit.start <= *e && *s <= hit.end) {
            continue;
        }
        if signs.lexicon.foreign_stem(text, &hit, || *text_lang.get_or_init(|| detect_language(text))) {
            continue;
        }
        // "En jaksa enää" ends its clause; "en jaksa enää lykätä hammaslääkäriä" is about the dentist.
        if sign == Sign::Hopeless
            && text.tokens.get(hit.end + 1).is_some_and(|t| t.clause == text.tokens[hit.end].clause)
        {
            continue;
        }
        let negative_polarity = must_be_negated.get(hit.term).copied().unwrap_or(false);
        // "får ingen luft": the negation may stand inside the term as well as before it.
        // A term a denial cancels ("plan" is Swedish and English) is negated by the text's own
        // negation words too: "I've never made a plan". One that counts only when negated is read
        // without the readings of bearing and knowing: "ei jaksa pysyä hereillä".
        let cancellable = signs.cancellable[hit.term];
        let negated = if negative_polarity {
            // Between the term's words, not one of them ("uusittua ilman" is not "ei saa ilmaa").
            hit.negated
                || text.tokens.get(hit.start + 1..hit.end).is_some_and(|inner| inner.iter().any(is_negator))
                || is_denied_in(text, hit.start, hit.end, Some(signs.lexicon.terms[hit.term].lang))
        } else {
            hit.negated
                || cancellable
                    && is_negated_in(text, hit.start, hit.end, Some(*text_lang.get_or_init(|| detect_language(text))))
        };
        if negative_polarity != negated && (!sign.is_context() || cancellable) {
            continue;
        }
        if !sign.is_context() && ruled_out(text, hit.start) {
            continue;
        }
        // "Toivon etten herää enää", "I wish I wouldn't wake up": a wish, not a sign; a wish not to
        // wake is a wish to die.
        if negative_polarity && wished(text, hit.start) {
            if sign == Sign::Unconscious {
                found.add(Sign::SuicideIntent, quote(text, &hit), text.tokens[hit.start].clause, hit.start);
            }
            continue;
        }
        let planned_now = matches!(sign, Sign::SuicideIntent | Sign::SuicideMeans | Sign::Hoard)
            && plan_now.contains(&text.tokens[hit.start].clause);
        if !sign.is_context() && (hypothetical(text, hit.start) || feared(text, hit.start) && sign.may_be_feared()) {
            continue;
        }
        let past = when(text, hit.start) == When::Past && !planned_now
            || sign.is_condition() && episodes(text, hit.start)
            || sign.is_stroke() && history && lasting(text, hit.start);
        if !sign.is_context()
            && (past || death_in_clause(text, hit.start) || sign != Sign::Bite && not_the_clients(text, hit.start))
        {
            continue;
        }
        // "Hälsocentralen svarar int", "not answering her phone": a phone or an office that
        // does not answer is not a person who does not respond.
        if sign == Sign::Unconscious && negative_polarity && remote_clause(text, text.tokens[hit.start].clause) {
            continue;
        }
        found.add(sign, quote(text, &hit), text.tokens[hit.start].clause, hit.start);
    }
    // A body temperature given as a number ("mätte 38,3", "39 astetta") is a fever told.
    for (i, _) in numbers(text).into_iter().filter(|(i, n)| temperature(text, *i, *n)) {
        found.add(Sign::FeverWord, text.tokens[i].text.clone(), text.tokens[i].clause, i);
    }
    if history {
        let onset: Vec<usize> = [Sign::Sudden, Sign::PainOnset]
            .iter()
            .flat_map(|s| sentences_of(text, &found, *s))
            .chain(text.tokens.iter().filter(|t| ONSET.contains(&t.folded.as_str())).map(|t| t.sentence))
            .collect();
        let strokes: Vec<usize> = Sign::ALL
            .iter()
            .filter(|s| s.is_stroke() && found.has(**s))
            .flat_map(|s| sentences_of(text, &found, *s))
            .collect();
        found.stroke_trace = !strokes.is_empty() && strokes.iter().all(|s| !onset.contains(s));
    }
    found
}

/// Units that make a number a temperature ("39 astetta", "40 grader", "38.5 C").
const DEGREES: &[&str] = &["astetta", "aste", "asteen", "grader", "grad", "degrees", "degree", "c"];

/// Whether a number is a body temperature: 37.8 to 42.9 followed by a degree, or written with
/// decimals beside a temperature named; not of water or a room, not another unit, not past.
fn temperature(text: &Text, i: usize, n: f32) -> bool {
    let next = text.tokens.get(i + 1).filter(|t| t.sentence == text.tokens[i].sentence).map(|t| t.folded.as_str());
    let decimals = text.tokens[i].text.contains([',', '.']);
    let unit = next.is_some_and(|w| {
        matches!(
            w,
            "kg" | "kiloa"
                | "kilo"
                | "kilos"
                | "kilogram"
                | "euroa"
                | "eur"
                | "euro"
                | "euros"
                | "kronor"
                | "prosenttia"
                | "procent"
                | "percent"
                | "mm"
                | "cm"
                | "km"
                | "mmol"
                | "tuntia"
                | "hours"
                | "timmar"
                | "minuuttia"
                | "minutes"
                | "viikkoa"
                | "weeks"
                | "veckor"
                | "vuotta"
                | "years"
                | "ar"
                | "vk"
                | "pv"
        )
    });
    // A temperature named in its sentence ("lämpö 38,5", "tempen 38,3"), not of water or a room:
    // a length, a waist or a week of pregnancy is not a fever.
    const MEASURED: &[&str] = &["lampo", "temp", "celsius", "kuumemittari", "termometer", "thermometer"];
    const NOT_BODY: &[&str] =
        &["vesi", "vede", "vatten", "badvatten", "water", "room", "huone", "rummet", "sauna", "ute"];
    let sentence = text.tokens[i].sentence;
    let in_sentence = |list: &[&str]| {
        text.tokens.iter().any(|t| t.sentence == sentence && list.iter().any(|m| t.folded.starts_with(m)))
    };
    let degrees = next.is_some_and(|w| DEGREES.contains(&w));
    (37.8..43.0).contains(&n)
        && (decimals && in_sentence(MEASURED) || degrees)
        && !in_sentence(NOT_BODY)
        && !unit
        && when(text, i) != When::Past
}

/// Checks a described situation. `age` is the client's age when known.
pub fn assess(text: &Text, age: Option<u32>) -> Option<Assessment> {
    assess_found(text, &found(text), age)
}

/// [`assess`] with the signs that counted (see [`found`]) and the words that showed them, whatever
/// the rules made of them: the safety screen reads those that raised no emergency alone.
pub fn assess_counted(text: &Text, age: Option<u32>) -> (Option<Assessment>, Vec<(String, String)>) {
    let found = found(text);
    let mut counted: Vec<(String, String)> =
        found.evidence.iter().map(|(sign, words)| (sign.name().to_owned(), words.join(", "))).collect();
    // A fever of 39 or more given as a number is a high fever for the screen too.
    if !found.has(Sign::HighFever) && high_number(text, &found) {
        let words = found.evidence.get(&Sign::FeverWord).map(|w| w.join(", ")).unwrap_or_default();
        counted.push((Sign::HighFever.name().to_owned(), words));
    }
    // Confusion beside a named dementia, with nothing sudden, is the dementia, not a sign for the screen.
    if found.has(Sign::Dementia) && !found.has(Sign::Sudden) {
        counted.retain(|(sign, _)| sign != Sign::Confusion.name());
    }
    (assess_found(text, &found, age), counted)
}

/// Whether bleeding is told as stopped in a clause after the sign's last one.
fn stopped_after(found: &Found, sign: Sign) -> bool {
    let last = found.clauses.get(&sign).and_then(|c| c.iter().max().copied());
    let stopped = found.clauses.get(&Sign::BleedingStopped).and_then(|c| c.iter().max().copied());
    matches!((last, stopped), (Some(l), Some(s)) if s >= l)
}

/// Whether a fever word has a number of 39 or more in its clause ("kuumetta 39,8"), or later in
/// its sentence as a reading.
fn high_number(text: &Text, found: &Found) -> bool {
    found.clauses.get(&Sign::FeverWord).is_some_and(|clauses| {
        let sentences: Vec<usize> =
            text.tokens.iter().filter(|t| clauses.contains(&t.clause)).map(|t| t.sentence).collect();
        numbers(text).iter().any(|(i, n)| {
            let t = &text.tokens[*i];
            // In the fever's clause, or later in its sentence as a reading ("som mest 41,2", "40 astetta").
            let reading = t.folded.contains([',', '.'])
                || text.tokens.get(i + 1).is_some_and(|u| DEGREES.contains(&u.folded.as_str()));
            (39.0..43.0).contains(n) && (clauses.contains(&t.clause) || reading && sentences.contains(&t.sentence))
        })
    })
}

/// Whether a sign is found in a clause other than the chest pain's: breathlessness in the chest
/// pain's own clause shares its pattern ("when I walk fast my chest gets tight and I am short of breath").
fn outside_chest_clauses(found: &Found, sign: Sign) -> bool {
    let chest = found.clauses.get(&Sign::ChestPain);
    found.clauses.get(&sign).is_some_and(|c| c.iter().any(|c| !chest.is_some_and(|chest| chest.contains(c))))
}

fn assess_found(text: &Text, found: &Found, age: Option<u32>) -> Option<Assessment> {
    let mut raised: Vec<(EmergencyLevel, Sign, &'static str)> = Vec::new();
    use EmergencyLevel::{Emergency as E112, OnCall as E116};
    let dental = found.has(Sign::Dental);

    // Life-threatening now: 112.
    // A chest pain told as a pattern ("välillä", "sometimes"), with nothing of now in its sentence
    // and no breathlessness or cold sweat, is not a heart attack now: the screen asks instead.
    let chest_pattern = found
        .clauses
        .get(&Sign::ChestPain)
        .is_some_and(|c| c.iter().all(|c| pattern_clause(text, *c) && !now_in_sentence(text, *c)))
        && !onset_in_sentence(text, found, Sign::ChestPain)
        && !outside_chest_clauses(found, Sign::BreathlessMild)
        && !found.has(Sign::BreathingSevere)
        && (!found.has(Sign::ColdSweat) || habitual_clause_of(text, found, Sign::ColdSweat));
    if found.has(Sign::ChestPain) && !chest_pattern {
        raised.push((E112, Sign::ChestPain, "chest pain"));
    }
    // A heart attack told without the chest: pain between the shoulder blades, in the jaw or the
    // left arm, or heartburn, with a cold sweat and nausea or breathlessness, not as a habit or
    // with a fever.
    let pain_above = Some(Sign::UpperBodyPain).filter(|s| found.has(*s));
    let cold_sweat = found.has(Sign::ColdSweat)
        && !habitual_clause_of(text, found, Sign::ColdSweat)
        && [Sign::Vomiting, Sign::Nausea, Sign::BreathlessMild, Sign::BreathingSevere].iter().any(|s| found.has(*s))
        && !found.has(Sign::FeverWord)
        && !found.has(Sign::HighFever)
        && !found.has(Sign::NamedCause)
        && age.is_none_or(|a| a >= 30);
    if let Some(pain) = pain_above.filter(|p| cold_sweat && !habitual_clause_of(text, found, *p)) {
        raised.push((E112, pain, "pain of the upper body with a cold sweat"));
    }
    // Stroke: a clear sign alone; a weak arm or muddled words when no injury explains them
    // and it is happening now.
    // Speech or sight lost ("suddenly can't talk"): a stroke when sudden or with another sign of one.
    let function_lost = found.has(Sign::FunctionLost)
        && !habitual_clause_of(text, found, Sign::FunctionLost)
        && (found.same_clause(Sign::FunctionLost, Sign::Sudden)
            || onset_in_sentence(text, found, Sign::FunctionLost)
            || [Sign::StrokeArm, Sign::StrokeWeak, Sign::StrokeSpeech].iter().any(|s| found.has(*s)));
    // "Ont i axeln och kan inte lyfta armen": a painful shoulder explains the arm, unless sudden.
    let joint = same_sentence(text, found, Sign::StrokeArm, Sign::JointPain) && !found.has(Sign::Sudden);
    let sudden = found.has(Sign::Stroke)
        || (!found.has(Sign::Trauma) && !joint && found.has(Sign::StrokeArm))
        || (found.has(Sign::StrokeSpeech)
            && (found.has(Sign::StrokeArm)
                || !situational(text, found, Sign::StrokeSpeech)
                    && (found.has(Sign::Sudden) || sentence_now(text, found, Sign::StrokeSpeech))))
        || (found.has(Sign::StrokeWeak) && (found.has(Sign::StrokeSpeech) || found.has(Sign::StrokeArm)))
        || function_lost;
    if sudden && !found.stroke_trace {
        let sign = if found.has(Sign::Stroke) {
            Sign::Stroke
        } else if found.has(Sign::StrokeArm) {
            Sign::StrokeArm
        } else if function_lost {
            Sign::FunctionLost
        } else if !found.has(Sign::StrokeSpeech) {
            Sign::StrokeWeak
        } else {
            Sign::StrokeSpeech
        };
        raised.push((E112, sign, "stroke signs"));
    }
    if found.has(Sign::Unconscious) {
        raised.push((E112, Sign::Unconscious, "unconscious or not responding"));
    }
    if found.has(Sign::BreathingSevere) {
        raised.push((E112, Sign::BreathingSevere, "cannot breathe"));
    }
    if found.has(Sign::Labour) {
        raised.push((E112, Sign::Labour, "a birth under way"));
    }
    // Heavy bleeding, unless told as stopped after it ("tuli paljon verta, nyt vuoto loppui").
    if found.has(Sign::Bleeding) && !dental && !stopped_after(found, Sign::Bleeding) {
        raised.push((E112, Sign::Bleeding, "severe bleeding"));
    }
    // Hives with a second system (breathing, the gut, a swelling): anaphylaxis told by its parts.
    let allergic_spread = found.has(Sign::Hives)
        && [Sign::Vomiting, Sign::BreathlessMild, Sign::BreathingSevere, Sign::Swelling].iter().any(|s| found.has(*s));
    if found.has(Sign::Anaphylaxis) || allergic_spread {
        let sign = if found.has(Sign::Anaphylaxis) { Sign::Anaphylaxis } else { Sign::Hives };
        raised.push((E112, sign, "severe allergic reaction"));
    }
    if found.has(Sign::Overdose) {
        raised.push((E112, Sign::Overdose, "overdose or poisoning"));
    }
    // Bleeding from inside the body with a cold sweat: shock.
    let inner_bleeding = [Sign::BleedingSource, Sign::PregnancyBleeding].into_iter().find(|s| found.has(*s));
    if let Some(sign) = inner_bleeding.filter(|_| found.has(Sign::ColdSweat)) {
        raised.push((E112, sign, "bleeding with signs of shock"));
    }
    let hoard =
        found.has(Sign::Hoard) && (found.has(Sign::SuicideIntent) || found.same_clause(Sign::Hoard, Sign::SuicidePlan));
    // "En mä oo tekemässä mitään nyt": a plan or farewell denied by the person is for the screen to
    // ask; the denial covers what comes before it, not a plan told after it ("men i kväll tar jag alla").
    let denial = found.clauses.get(&Sign::NoIntent).and_then(|c| c.iter().max().copied());
    let denied = denial.is_some_and(|d| {
        [Sign::SuicidePlan, Sign::SuicideMeans, Sign::Hoard, Sign::SuicideIntent]
            .iter()
            .all(|s| found.clauses.get(s).is_none_or(|c| c.iter().all(|c| *c <= d)))
    });
    // A plan told without the word: a decision to do "it", not going on, and now, today or tonight
    // in one sentence ("tänään mä teen sen, en jaksa enää", "i kväll vågar jag ta steget").
    let resolved = sentences_of(text, found, Sign::Resolve).into_iter().any(|s| {
        sentences_of(text, found, Sign::Hopeless).contains(&s)
            && (sentences_of(text, found, Sign::SuicidePlan).contains(&s)
                || text
                    .tokens
                    .iter()
                    .position(|t| t.sentence == s)
                    .is_some_and(|i| now_in_sentence(text, text.tokens[i].clause)))
    });
    if resolved && !denied {
        raised.push((E112, Sign::Resolve, "suicide plan or attempt"));
    }
    if !denied
        && ((found.has(Sign::SuicideIntent) || found.has(Sign::SuicideMeans)) && found.has(Sign::SuicidePlan) || hoard)
    {
        let sign = if found.has(Sign::SuicideIntent) {
            Sign::SuicideIntent
        } else if found.has(Sign::SuicideMeans) {
            Sign::SuicideMeans
        } else {
            Sign::Hoard
        };
        raised.push((E112, sign, "suicide plan or attempt"));
    }
    // A threat to life counts when it is a threat (a threatening verb, violence, or now), not a
    // figure of speech ("pomo tappaa mut vielä tällä menolla", "this debt is killing me").
    let threat_now = found.clauses.get(&Sign::ThreatToLife).is_some_and(|c| c.iter().any(|c| now_in_clause(text, *c)));
    if found.has(Sign::ThreatToLife)
        && !found.has(Sign::Jest)
        && !found.has(Sign::Safe)
        && !habitual_clause_of(text, found, Sign::ThreatToLife)
        && (found.has(Sign::ThreatVerb) || found.has(Sign::Violence) || threat_now)
    {
        raised.push((E112, Sign::ThreatToLife, "threat to life"));
    }
    let violence_now = found.clauses.get(&Sign::Violence).is_some_and(|clauses| {
        clauses.iter().any(|c| (now_in_clause(text, *c) || heard_in_clause(text, *c)) && !habitual_clause(text, *c))
    }) || (found.has(Sign::Violence)
        && found.has(Sign::HelpScream)
        && !habitual_clause_of(text, found, Sign::HelpScream));
    // "Nu bor jag hos en väninna och är i trygghet": violence that is over is not 112.
    let safe = found.has(Sign::Safe);
    let violence_now = violence_now && !safe;
    if violence_now {
        raised.push((E112, Sign::Violence, "violence happening now"));
    }
    let scream_now = found
        .clauses
        .get(&Sign::HelpScream)
        .is_some_and(|c| c.iter().any(|c| now_in_clause(text, *c) && !habitual_clause(text, *c)));
    let child_alone_now = sentence_now(text, found, Sign::ChildAlone)
        && !found.clauses.get(&Sign::ChildAlone).is_some_and(|c| c.iter().any(|c| habitual_clause(text, *c)));
    let child_peril = found.has(Sign::ChildPeril) && !habitual_clause_of(text, found, Sign::ChildPeril);
    if found.has(Sign::ChildDanger) || scream_now || child_alone_now || child_peril {
        raised.push((E112, Sign::ChildDanger, "someone in danger now"));
    }
    let small_child = age.is_some_and(|a| a <= 5) || found.has(Sign::ChildMention);
    let infant = age.is_some_and(|a| a <= 1);
    if found.has(Sign::Apnoea) && infant {
        raised.push((E112, Sign::Apnoea, "a baby's breathing stops"));
    }
    // Drowned, or CPR going on.
    if found.has(Sign::Drowning) && !habitual_clause_of(text, found, Sign::Drowning) {
        raised.push((E112, Sign::Drowning, "drowning or resuscitation"));
    }
    // Fell into water, and drowsy, unconscious or not breathing after it.
    if found.has(Sign::FellInWater)
        && (found.has(Sign::Drowsy) || found.has(Sign::Unconscious) || found.has(Sign::BreathingSevere))
    {
        raised.push((E112, Sign::FellInWater, "fell into water"));
    }
    // Hard to keep awake after something that explains it, or a baby.
    let drowsy = found.has(Sign::Drowsy);
    let cause = [
        Sign::Ingestion,
        Sign::Overdose,
        Sign::Cold,
        Sign::Drowning,
        Sign::HeadInjury,
        Sign::Trauma,
        Sign::Bleeding,
        Sign::FoundLying,
        Sign::BreathingSevere,
    ]
    .into_iter()
    .find(|s| found.has(*s));
    // Gone limp or hard to keep awake all of a sudden, in its sentence or the one before ("since
    // this morning … like a rag doll"), with no fever to explain it: the brain, the blood sugar.
    let febrile = found.has(Sign::FeverWord) || found.has(Sign::HighFever);
    let drowsy_pattern = found.clauses.get(&Sign::Drowsy).is_some_and(|c| c.iter().all(|c| pattern_clause(text, *c)));
    let sudden_drowsy = drowsy && !febrile && !drowsy_pattern && !habitual_clause_of(text, found, Sign::Drowsy) && {
        let sudden = sentences_of(text, found, Sign::Sudden);
        sentences_of(text, found, Sign::Drowsy).iter().any(|s| sudden.iter().any(|x| x == s || x + 1 == *s))
    };
    if drowsy && (cause.is_some() || infant || sudden_drowsy) {
        raised.push((E112, Sign::Drowsy, "hard to wake or not moving"));
    }
    // Lying out in the cold, or out where the frost, a road or water is the danger.
    let lying_out = found.has(Sign::FoundLying)
        && found.has(Sign::Hazard)
        && !habitual_clause_of(text, found, Sign::FoundLying)
        && !lying_on_furniture(text, found);
    if found.has(Sign::Cold) && (drowsy || found.has(Sign::FoundLying)) || lying_out {
        raised.push((E112, Sign::Cold, "found in the cold"));
    }
    if found.has(Sign::Ingestion) && (small_child || drowsy) {
        raised.push((E112, Sign::Ingestion, "swallowed medicine or chemicals"));
    }
    // A small child alone by a road, in the cold or by water.
    let alone_in_danger = found.clauses.get(&Sign::AloneOut).is_some_and(|alone| {
        alone
            .iter()
            .any(|c| found.clauses.get(&Sign::Hazard).is_some_and(|h| h.contains(c)) && !habitual_clause(text, *c))
    });
    if found.has(Sign::ChildMention) && alone_in_danger {
        raised.push((E112, Sign::AloneOut, "a small child alone in danger"));
    }
    if found.has(Sign::Hiding)
        && (found.has(Sign::Violence) || found.has(Sign::ThreatToLife))
        && !found.has(Sign::Safe)
        && !found.has(Sign::Jest)
    {
        raised.push((E112, Sign::Hiding, "hiding from violence"));
    }
    // A seizure that goes on or does not stop.
    let seizure_going_on = found.has(Sign::Jerking)
        && (found.has(Sign::SeizureWord) || found.has(Sign::NotStopping) || found.has(Sign::Unconscious))
        || found.has(Sign::SeizureWord) && found.has(Sign::NotStopping);
    if seizure_going_on {
        let sign = if found.has(Sign::Jerking) { Sign::Jerking } else { Sign::SeizureWord };
        raised.push((E112, sign, "a seizure that does not stop"));
    }
    let headache_or_sick = found.has(Sign::Headache) || found.has(Sign::Vomiting) || found.has(Sign::SeverePain);
    if found.has(Sign::CarbonMonoxide)
        && (headache_or_sick
            || drowsy
            || found.has(Sign::Confusion)
            || found.has(Sign::Unconscious)
            || found.same_clause(Sign::CarbonMonoxide, Sign::Alarm))
    {
        raised.push((E112, Sign::CarbonMonoxide, "carbon monoxide"));
    }
    // Sudden confusion (a stroke, delirium): not with a history of slowly failing memory alone.
    let fever = found.has(Sign::FeverWord) || found.has(Sign::HighFever);
    if found.has(Sign::Confusion)
        && (found.has(Sign::Sudden) && !fever || found.has(Sign::StrokeWeak) || found.has(Sign::StrokeArm))
        && !habitual_clause_of(text, found, Sign::Confusion)
    {
        raised.push((E112, Sign::Confusion, "sudden confusion"));
    }
    // A blow to the head followed by memory loss or disorientation (a bleed inside the skull).
    if found.has(Sign::HeadInjury) && found.has(Sign::Confusion) {
        raised.push((E112, Sign::Confusion, "head injury with memory loss or confusion"));
    }
    if found.has(Sign::Headache) && found.has(Sign::Sudden) && found.has(Sign::SeverePain) {
        raised.push((E112, Sign::Headache, "a sudden severe headache"));
    }
    if found.has(Sign::Paralysis) && (found.has(Sign::Trauma) || found.has(Sign::Sudden)) {
        raised.push((E112, Sign::Paralysis, "cannot feel or move the legs"));
    }
    // Someone vulnerable (a memory illness or a psychosis, confused, a small child) missing
    // outdoors in the cold or by a road.
    let vulnerable = found.has(Sign::Dementia) || found.has(Sign::Confusion) || small_child;
    if found.has(Sign::Missing)
        && vulnerable
        && (found.has(Sign::Cold) || found.has(Sign::Hazard) || found.has(Sign::Night))
        && !habitual_clause_of(text, found, Sign::Missing)
    {
        raised.push((E112, Sign::Missing, "a vulnerable person missing outdoors"));
    }
    if found.has(Sign::Battery) {
        raised.push((E112, Sign::Battery, "a swallowed button battery or magnet"));
    }
    if found.has(Sign::Stabbed) {
        raised.push((E112, Sign::Stabbed, "a stab or gunshot wound"));
    }
    if fever && found.has(Sign::StiffNeck) {
        raised.push((E112, Sign::StiffNeck, "fever with a stiff neck or rash"));
    }
    // An older person who fell and cannot get up, with a limb out of shape or a break named:
    // a suspected hip fracture goes by ambulance.
    let cannot_get_up = found.has(Sign::CannotGetUp) || found.has(Sign::FoundLying);
    if age.is_some_and(|a| a >= 65)
        && found.has(Sign::Trauma)
        && (found.has(Sign::Fracture) || found.has(Sign::Deformity))
        && cannot_get_up
        && !dental
    {
        raised.push((E112, Sign::Fracture, "an older person fallen with a suspected hip fracture"));
    }
    // An older person found lying who cannot get up (a long lie: cold, pressure, a hidden injury).
    if age.is_some_and(|a| a >= 65)
        && found.has(Sign::FoundLying)
        && found.has(Sign::CannotGetUp)
        && !lying_on_furniture(text, found)
        && !dental
    {
        raised.push((E112, Sign::CannotGetUp, "an older person lying and unable to get up"));
    }
    if raised.iter().any(|(l, _, _)| *l == E112) {
        return Some(finish(E112, raised, found));
    }

    // Urgent on-call care today: 116117.
    let high_fever = found.has(Sign::HighFever) || high_number(text, found);
    let old_age = age.is_some_and(|a| a >= 75);
    let fever_number = |min: f32| {
        found.clauses.get(&Sign::FeverWord).is_some_and(|clauses| {
            numbers(text).iter().any(|(i, n)| (min..43.0).contains(n) && clauses.contains(&text.tokens[*i].clause))
        })
    };
    if (fever || fever_number(38.0)) && found.has(Sign::FlankPain) {
        raised.push((E116, Sign::FlankPain, "fever with flank pain"));
    }
    // A deep infection of the throat or mouth floor that closes the way for food and words.
    if found.has(Sign::ThroatSwelling) && found.has(Sign::Swallowing) {
        raised.push((E116, Sign::ThroatSwelling, "a swollen throat with trouble swallowing or speaking"));
    }
    // Sight blurred or lost after a blow, a fall or a burn.
    let eye_hit = found.has(Sign::BlurredVision)
        && [Sign::Trauma, Sign::Violence, Sign::HeadInjury, Sign::Burn].iter().any(|s| found.has(*s));
    if found.has(Sign::EyeInjury) || eye_hit {
        raised.push((E116, Sign::EyeInjury, "an eye injury"));
    }
    if found.has(Sign::SwallowedObject) {
        raised.push((E116, Sign::SwallowedObject, "a swallowed object"));
    }
    if found.has(Sign::NoseBleed) && (found.has(Sign::Anticoagulant) || found.has(Sign::NotStopping)) {
        raised.push((E116, Sign::NoseBleed, "a nosebleed that does not stop"));
    }
    if found.has(Sign::Headache)
        && found.has(Sign::Vomiting)
        && (found.has(Sign::NoRelief) || found.has(Sign::Worsening))
    {
        raised.push((E116, Sign::Headache, "a headache with vomiting that medicine does not help"));
    }
    if found.has(Sign::EarPain) && (found.has(Sign::NoRelief) || high_fever) {
        raised.push((E116, Sign::EarPain, "ear pain that does not ease"));
    }
    // Back pain with numbness or loss of bladder or bowel control (a nerve root, cauda equina).
    if found.has(Sign::BackPain)
        && (found.has(Sign::Incontinence)
            || found.has(Sign::Numbness)
                && (found.has(Sign::SeverePain) || found.has(Sign::PainOnset))
                && !habitual_clause_of(text, found, Sign::Numbness))
    {
        raised.push((E116, Sign::BackPain, "back pain with numbness or incontinence"));
    }
    if found.has(Sign::Withdrawal) || found.has(Sign::DrinkingStopped) && found.has(Sign::Tremor) {
        raised.push((E116, Sign::Withdrawal, "withdrawal after drinking or drugs"));
    }
    // A swelling that is hot or red: a spreading infection (cellulitis, an abscess).
    if same_sentence(text, found, Sign::Inflamed, Sign::Swelling) {
        raised.push((E116, Sign::Inflamed, "a swelling that is hot or red"));
    }
    if same_sentence(text, found, Sign::Sting, Sign::Swelling) {
        raised.push((E116, Sign::Sting, "a sting with a spreading swelling"));
    }
    // Very drunk and vomiting: a young person, or one who cannot get up or walk (alcohol poisoning).
    let minor = age.is_some_and(|a| a < 18);
    let helpless = found.has(Sign::CannotGetUp) || found.has(Sign::LossOfFunction);
    if found.has(Sign::Intoxicated) && found.has(Sign::Vomiting) && (minor || helpless) {
        raised.push((E116, Sign::Intoxicated, "very drunk and vomiting"));
    }
    // Sick all of a sudden and unable to stand (vertigo, an infection, a bleed): assessed today.
    let sudden_sick = found.has(Sign::Vomiting)
        && found.has(Sign::CannotGetUp)
        && found.has(Sign::Sudden)
        && !habitual_clause_of(text, found, Sign::CannotGetUp);
    if sudden_sick {
        raised.push((E116, Sign::CannotGetUp, "sick all of a sudden and unable to get up"));
    }
    if found.has(Sign::Testicle) && !habitual_clause_of(text, found, Sign::Testicle) {
        raised.push((E116, Sign::Testicle, "testicle pain or swelling"));
    }
    // Contractions that go on, come at intervals ("every five minutes": no habit) or bleed: early
    // labour, a threatened birth.
    let contractions_on = [Sign::NotStopping, Sign::NoRelief, Sign::Worsening, Sign::PregnancyBleeding, Sign::Bleeding]
        .iter()
        .any(|s| found.has(*s));
    if found.has(Sign::Contractions) && contractions_on {
        raised.push((E116, Sign::Contractions, "contractions that do not settle"));
    }
    if found.has(Sign::CoughFit) && infant {
        raised.push((E116, Sign::CoughFit, "coughing fits in an infant"));
    }
    // Sick after stings: a reaction of the whole body that needs assessment today.
    if found.has(Sign::Sting) && (found.has(Sign::Nausea) || found.has(Sign::Vomiting)) {
        raised.push((E116, Sign::Sting, "sick after a sting"));
    }
    if found.has(Sign::Bite) {
        raised.push((E116, Sign::Bite, "an animal bite"));
    }
    if found.has(Sign::Streak) {
        raised.push((E116, Sign::Streak, "a spreading infection"));
    }
    if found.has(Sign::Dehydration)
        && (infant || small_child && (found.has(Sign::Vomiting) || fever || found.has(Sign::HighFever)))
    {
        raised.push((E116, Sign::Dehydration, "a small child drinking too little"));
    }
    // A small child whose fever illness gets worse.
    if small_child && fever && found.has(Sign::Worsening) && !habitual_clause_of(text, found, Sign::Worsening) {
        raised.push((E116, Sign::Worsening, "a small child with a fever getting worse"));
    }
    if drowsy && (small_child || old_age) && fever {
        raised.push((E116, Sign::Drowsy, "drowsy with a fever"));
    }
    // A school-age child who swallowed medicine (a small child's is 112 above).
    if found.has(Sign::Ingestion) && age.is_some_and(|a| (6..=12).contains(&a)) {
        raised.push((E116, Sign::Ingestion, "a child swallowed medicine or chemicals"));
    }
    // A blow to the head in old age (a slow bleed), or after a long lie on the floor.
    if found.has(Sign::HeadInjury) && (old_age || found.has(Sign::FoundLying) || found.has(Sign::CannotGetUp)) {
        raised.push((E116, Sign::HeadInjury, "a head injury in old age or after a long lie"));
    }
    if found.has(Sign::Croup) && small_child {
        raised.push((E116, Sign::Croup, "croup in a small child"));
    }
    // Shaking chills with vomiting, drowsiness or flank pain: an infection that may be spreading
    // to the blood.
    let chills_with = [Sign::Vomiting, Sign::Nausea, Sign::Drowsy, Sign::FlankPain].iter().any(|s| found.has(*s));
    if found.has(Sign::Rigors) && chills_with {
        raised.push((E116, Sign::Rigors, "shaking chills with a fever"));
    }
    // An old person confused with a fever: delirium of an infection.
    if found.has(Sign::Confusion) && old_age && fever && !habitual_clause_of(text, found, Sign::Confusion) {
        raised.push((E116, Sign::Confusion, "confused with a fever"));
    }
    // A fall and then not getting up or bearing weight at 65 or over: a hip fracture until ruled out.
    if found.has(Sign::CannotGetUp) && found.has(Sign::Trauma) && age.is_some_and(|a| a >= 65) {
        raised.push((E116, Sign::CannotGetUp, "a fall and cannot get up or bear weight"));
    }
    if found.has(Sign::Deformity) && found.has(Sign::Trauma) {
        raised.push((E116, Sign::Deformity, "a limb out of shape after a fall or blow"));
    }
    if found.has(Sign::Hives) {
        raised.push((E116, Sign::Hives, "a widespread allergic rash"));
    }
    let frail_fever = old_age && (high_fever || fever_number(38.5));
    // A high fever alone is for today's on-call care for a baby or a toddler; an older child's
    // in daytime gets the screen. Any fever of a baby at night: the on-call line advises.
    // (A small child named beside an adult's age or none: the caller's age, so counted as a toddler.)
    let toddler = age.is_some_and(|a| a <= 2) || found.has(Sign::ChildMention) && age.is_none_or(|a| a >= 18);
    let night = night_now(text, found);
    if (high_fever && (toddler || night || found.has(Sign::NoRelief)))
        || (infant && fever && night)
        || (age == Some(0) && fever)
        || frail_fever
    {
        raised.push((E116, Sign::HighFever, "high fever that needs assessment today"));
    }
    let severe = found.has(Sign::SeverePain);
    let injury = found.has(Sign::Swelling) && (found.has(Sign::LossOfFunction) || found.has(Sign::Trauma) && severe)
        || found.has(Sign::Trauma)
            && found.has(Sign::LossOfFunction)
            && (severe || found.has(Sign::StrokeArm) || fresh_injury(text, found));
    if !dental && (found.has(Sign::Fracture) || injury) {
        raised.push((E116, Sign::Fracture, "suspected fracture or dislocation"));
    }
    let acute = found.has(Sign::PainOnset) || found.has(Sign::Waves);
    if !dental && (found.has(Sign::AcuteAbdomen) && (severe || acute) || severe && acute) {
        raised.push((E116, Sign::SeverePain, "severe acute pain"));
    }
    let abdominal = found.has(Sign::AbdominalPain) || found.has(Sign::AcuteAbdomen);
    let worsening = found.has(Sign::Worsening);
    if !dental
        && (found.has(Sign::AcuteAbdomen) && (severe || acute || worsening || found.has(Sign::Vomiting))
            || abdominal && severe && (acute || worsening || found.has(Sign::Vomiting))
            || abdominal && worsening && (found.has(Sign::Vomiting) || acute))
    {
        raised.push((E116, Sign::AbdominalPain, "severe or worsening abdominal pain"));
    }
    // Blood from inside the body (vomited, coughed up, in the stool) or a period that soaks a pad
    // an hour ("every hour" is the sign, not a habit; months of it are placed in the past).
    // Black stool after iron tablets or blueberries is their colour.
    let tarry = found
        .evidence
        .get(&Sign::BleedingSource)
        .is_some_and(|w| w.iter().any(|w| ["terva", "tarry", "tjar"].iter().any(|t| fold(w).contains(t))));
    if found.has(Sign::BleedingSource) && (tarry || !same_sentence(text, found, Sign::BleedingSource, Sign::DarkFood)) {
        raised.push((E116, Sign::BleedingSource, "bleeding from inside the body"));
    }
    // Not bleeding from a named other site ("raskaana ja vuotaa verta nenästä", "blöder tandköttet").
    const OTHER_SITE: &[&str] = &[
        "nenast",
        "nenasta",
        "ikene",
        "haava",
        "nasan",
        "nasblod",
        "tandkott",
        "nose",
        "gums",
        "wound",
        "cut",
        "perapuk",
        "hemorroid",
        "hemorroj",
        "hemorrhoid",
        "piles",
    ];
    let pregnancy_bleeding = found.clauses.get(&Sign::PregnancyBleeding).is_some_and(|c| {
        c.iter()
            .any(|c| !text.tokens.iter().any(|t| t.clause == *c && OTHER_SITE.iter().any(|o| t.folded.starts_with(o))))
    });
    if pregnancy_bleeding {
        raised.push((E116, Sign::PregnancyBleeding, "bleeding in pregnancy or after a birth"));
    }
    if found.has(Sign::UrinaryRetention) {
        raised.push((E116, Sign::UrinaryRetention, "cannot pass urine"));
    }
    if found.has(Sign::WoundStitches) {
        raised.push((E116, Sign::WoundStitches, "a wound that needs care today"));
    }
    if found.has(Sign::HeadInjury) && found.has(Sign::Vomiting) {
        raised.push((E116, Sign::HeadInjury, "head injury with vomiting or confusion"));
    }
    if found.has(Sign::Blisters) && found.has(Sign::HotThing) {
        raised.push((E116, Sign::Blisters, "a blistering burn"));
    }
    if found.has(Sign::Burn) {
        raised.push((E116, Sign::Burn, "a burn that needs care"));
    }
    if found.has(Sign::UrgentToday) {
        raised.push((E116, Sign::UrgentToday, "needs on-call care today"));
    }
    if found.has(Sign::BreathlessMild)
        && found.has(Sign::PainOnset)
        && !found.same_clause(Sign::BreathlessMild, Sign::Dental)
    {
        raised.push((E116, Sign::BreathlessMild, "breathlessness that started today"));
    }
    let level = raised.iter().map(|(l, _, _)| *l).max()?;
    Some(finish(level, raised, found))
}

fn finish(level: EmergencyLevel, raised: Vec<(EmergencyLevel, Sign, &'static str)>, found: &Found) -> Assessment {
    let mut out = Vec::new();
    for (_, sign, why) in raised.into_iter().filter(|(l, _, _)| *l == level) {
        let words = found.evidence.get(&sign).map(|w| w.join(", ")).unwrap_or_default();
        out.push((why.to_owned(), words));
    }
    Assessment { level, reasons: out }
}

/// Number of sign terms (for the lexicon report).
pub fn term_count() -> usize {
    signs().lexicon.len()
}

/// The names of every red-flag sign.
pub fn sign_names() -> Vec<&'static str> {
    Sign::ALL.iter().map(|s| s.name()).collect()
}

/// Every sign term found in a text, with its negation and time: for explaining an assessment.
pub fn explain(text: &Text) -> Vec<(String, String, &'static str)> {
    let signs = signs();
    let counted = found(text);
    signs
        .lexicon
        .find_any_language(text)
        .iter()
        .map(|h| {
            let words = quote(text, h);
            let only_negated = signs.must_be_negated.get(h.term).copied().unwrap_or(false);
            let sign = Sign::parse(&h.target);
            let status = if sign.is_some_and(|s| counted.evidence.get(&s).is_some_and(|w| w.contains(&words))) {
                if only_negated {
                    "found (it counts when negated)"
                } else {
                    "found"
                }
            } else if only_negated {
                "set aside: counts only when negated"
            } else if h.negated {
                "set aside: negated"
            } else if when(text, h.start) == When::Past {
                "set aside: in the past"
            } else {
                "set aside: a worry, a figure of speech, a death or another reading"
            };
            (h.target.clone(), words, status)
        })
        .collect()
}

/// "Ever since" between a condition and the care word: the condition goes on after the care
/// ("chest pain ever since I was discharged", "siitä asti kun kotiuduin", "ända sedan jag skrevs ut").
fn ever_since(between: &[Token]) -> bool {
    between.windows(2).any(|w| {
        matches!(
            (w[0].folded.as_str(), w[1].folded.as_str()),
            ("ever", "since") | ("anda", "sedan") | ("siita", "asti" | "lahtien" | "saakka" | "lahtee")
        )
    }) || between.iter().any(|t| t.folded == "alltsedan")
}

/// The mechanism's tests: how a mention counts (reach, negation, time, worry, a phone). Each sign's
/// own sentences are examples in its file under `data/red-flags/`, run by `red_flags`'s tests.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::analyse;

    fn level(text: &str, age: Option<u32>) -> Option<&'static str> {
        let t = analyse(text);
        assess(&t, age).map(|a| a.level.as_str())
    }

    /// The sign lexicon's matcher (strict, wide, all languages at once) finds exactly what the
    /// plain matcher finds, over every description of the case sets, as written and with typos.
    #[test]
    fn the_sign_index_finds_what_the_plain_matcher_finds() {
        let signs = &signs().lexicon;
        let plain = crate::domain::lexicon::reference::Plain::new(signs);
        let mut hits = 0;
        for raw in crate::domain::lexicon::reference::sample_texts() {
            let text = analyse(&raw);
            let found = signs.find_any_language(&text);
            crate::domain::lexicon::reference::assert_same_hits(&found, &plain.find(&text, None), &format!("{raw:?}"));
            hits += found.len();
        }
        assert!(hits > 1_000, "{hits} hits compared");
    }

    #[test]
    fn a_sign_described_at_length() {
        // The words of a sign may stand five words apart within a clause.
        assert_eq!(level("verta tuloo ku letkusta eikä lopu vaikka painetaan", None), Some("112"));
        assert_eq!(level("blodet sprutar ur såret på benet och det slutar inte", None), Some("112"));
        // But not across clauses.
        assert_eq!(level("Verta tuli vähän, nyt loppu jo. Haava on pieni.", None), None);
    }

    #[test]
    fn a_phone_that_is_not_answered_is_not_a_person_who_does_not_respond() {
        assert_eq!(level("Hälsocentralen svarar int, jag har ont i halsen", None), None);
        assert_eq!(level("Terveyskeskus ei vastaa puhelimeen, yskä jatkuu", None), None);
        assert_eq!(level("Pappa ligger på golvet och svarar inte", None), Some("112"));
        assert_eq!(level("He is on the floor and not responding", None), Some("112"));
    }

    #[test]
    fn a_spelled_out_age_is_not_the_past() {
        assert_eq!(level("Min lilla på ett och ett halvt år får ingen luft och läpparna blir blå", None), Some("112"));
        assert_eq!(level("Our son, two years old, can't breathe and is turning blue", None), Some("112"));
        assert_eq!(level("Han hade bröstsmärtor för ett halvt år sedan, nu mår han bra", None), None);
    }

    #[test]
    fn levels_speak_the_clients_language() {
        assert!(EmergencyLevel::Emergency.instructions(Lang::Sv).contains("112"));
        assert!(EmergencyLevel::OnCall.instructions(Lang::Fi).contains("116117"));
        assert!(EmergencyLevel::OnCall.instructions(Lang::En).starts_with("Call"));
    }

    #[test]
    fn a_denial_with_to_be_between() {
        assert_eq!(level("Sokerit heittelee, mutta ei oo ollu mitään tajuttomuuksia", None), None);
        assert_eq!(level("Han har inte haft några kramper sedan i fjol", None), None);
        assert_eq!(level("There haven't been any seizures since spring", None), None);
    }

    #[test]
    fn a_worry_about_what_might_happen_is_not_a_sign() {
        assert_eq!(level("Mitä pitäisi tehdä, jos vauva tukehtuu? Onko ensiapukursseja?", Some(0)), None);
        assert_eq!(level("What should I do if my son is choking? Is there a first aid class?", Some(1)), None);
        assert_eq!(level("Jag är rädd för vad jag ska göra om han kvävs", Some(1)), None);
        assert_eq!(level("My son is choking on a grape", Some(3)), Some("112"));
    }
}
