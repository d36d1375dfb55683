//! Navigation: from what a client says (or the need codes a patient system sends) to recognised
//! needs, a safety check, ranked eligible services, the lead team and the client segment.
//!
//! The rules (also in the README):
//! 1. Emergency first: a life-threatening situation now is 112, urgent on-call care today 116117;
//!    the answer then ranks that number first, lists its need, and has no lead team.
//! 2. Only eligible services: active, the client's age within the limits (inclusive), the client's
//!    municipality covered; services in the client's language come first.
//! 3. The lead team takes referrals for the highest-ranked referral service, covers the client's
//!    municipality and speaks the client's language where such a team exists.
//! 4. When the needs stated firmly (confidence 0.75 or more) call for referral services of three
//!    or more different teams, or the client needs many services and has trouble coordinating
//!    them, the region's case-management team leads and the others take part.
//! 5. When only information services match (helplines, NGOs), there is no lead team.
//! 6. The client is the person who needs the service (a parent calling about a child gives the
//!    child's age).
//! 7. A service made for the client's age group ranks above a general one for the same need.
//! 8. A client aged 13-22 with a mental-health worry gets `mental.youth` beside the specific need.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Timelike, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::catalogue::{Catalogue, Service, Team};
use super::emergency::{self, EmergencyLevel};
use super::lang::Lang;
use super::lexicon::Lexicon;
use super::morphology::{Analyser, NoAnalyser};
use super::municipality::MunicipalityCode;
use super::needs::{codes, NeedCode};
use super::screen::{self, Decision, Understood};
use super::text::{analyse_with, detect_language, years_ago, Text};

/// Who the client is, as navigation needs it.
#[derive(Clone, Debug)]
pub struct Client {
    pub age: u32,
    pub municipality: MunicipalityCode,
    /// The language the client wants to be served in.
    pub language: Lang,
    /// Can use digital services (chat, video) or not; unknown when `None`.
    pub digital_ability: Option<bool>,
}

/// A navigation question.
#[derive(Clone, Debug)]
pub struct Question<'a> {
    pub description: &'a str,
    /// The language of the description; detected when `None`.
    pub language: Option<Lang>,
    pub client: Client,
    pub need_codes: Vec<NeedCode>,
    /// The instant for opening hours.
    pub at: DateTime<Utc>,
}

/// What the referral side knows about teams: the client's existing teams and their load.
#[derive(Clone, Debug, Default)]
pub struct TeamContext {
    /// Teams that already work with the client (continuity), by service id when known.
    pub existing_teams: Vec<String>,
    /// New referrals each team has received this week.
    pub weekly_load: HashMap<String, u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NeedSource {
    /// Recognised in the description.
    Text,
    /// Sent as a structured code.
    Code,
    /// Derived by a rule (youth, emergency, coordination).
    Rule,
}

#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct RecognisedNeed {
    #[schema(value_type = String, example = "health.memory")]
    pub code: NeedCode,
    pub confidence: f32,
    /// The words or codes that led to it.
    pub evidence: Vec<String>,
    pub source: NeedSource,
    /// How much the description dwells on the need (confidence, raised for each further
    /// mention); ranks services, not shown.
    #[serde(skip)]
    pub salience: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct Emergency {
    pub level: EmergencyLevel,
    pub reasons: Vec<String>,
    pub instructions: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct RankedService {
    pub service_id: String,
    pub score: f32,
    pub accepts_referrals: bool,
    /// Needs of this answer the service answers.
    #[schema(value_type = Vec<String>)]
    pub needs: Vec<NeedCode>,
    pub reasons: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, ToSchema)]
pub struct Routing {
    pub lead_team_id: Option<String>,
    pub participating_team_ids: Vec<String>,
    pub interpreter_needed: bool,
    pub reasons: Vec<String>,
    /// The case-management team leads (rule 4): the segment reads it; not shown.
    #[serde(skip)]
    pub case_managed: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    /// Self-managing: digital self-service first.
    Omatoimi,
    /// Needs support and guidance.
    Tuki,
    /// Several services, a shared plan.
    Yhteistyo,
    /// Needs coordinated care and a named coordinator.
    Huolenpito,
}

impl Segment {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Omatoimi => "omatoimi",
            Self::Tuki => "tuki",
            Self::Yhteistyo => "yhteistyo",
            Self::Huolenpito => "huolenpito",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Omatoimi, Self::Tuki, Self::Yhteistyo, Self::Huolenpito].into_iter().find(|s| s.as_str() == raw)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct SegmentAnswer {
    pub code: Segment,
    pub reason: String,
}

/// The answer of navigation.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub language: Lang,
    pub emergency: Option<Emergency>,
    pub needs: Vec<RecognisedNeed>,
    pub services: Vec<RankedService>,
    pub routing: Routing,
    pub segment: SegmentAnswer,
    /// How well the description was understood.
    pub understood: Understood,
    /// Whether staff must ask the red-flag questions before anything is recorded.
    pub safety: Decision,
}

/// Words for a relative as the subject of a substance problem ("mies juo", "my brother uses").
const RELATIVES: &[&str] = &[
    "mies",
    "miehe",
    "isäntä",
    "isänt",
    "vaimo",
    "puoliso",
    "kumppani",
    "poika",
    "poja",
    "tytär",
    "tyttäre",
    "tytt",
    "veli",
    "velje",
    "sisko",
    "sisar",
    "äiti",
    "äidi",
    "isä",
    "isi",
    "faari",
    "muori",
    "lapsi",
    "lapse",
    "avomies",
    "avovaimo",
    "man",
    "maken",
    "fru",
    "frun",
    "hustru",
    "sambo",
    "son",
    "sonen",
    "dotter",
    "dottern",
    "bror",
    "brodern",
    "syster",
    "systern",
    "mamma",
    "pappa",
    "husband",
    "wife",
    "partner",
    "boyfriend",
    "girlfriend",
    "daughter",
    "brother",
    "sister",
    "mother",
    "father",
    "mom",
    "mum",
    "dad",
    "child",
    "kid",
    "vanhemmat",
    "vanhempi",
    "vanhempa",
    "föräldrar",
    "föräldrarna",
    "parents",
];
const CHILD_RELATIVES: &[&str] = &[
    "poika", "poja", "tytär", "tyttäre", "tytt", "lapsi", "lapse", "son", "sonen", "dotter", "dottern", "daughter",
    "child", "kid", "nuori",
];

type FoldedWords = std::sync::OnceLock<Vec<String>>;
static AFTER_HOURS_FOLDED: FoldedWords = FoldedWords::new();
static RELATIVES_FOLDED: FoldedWords = FoldedWords::new();
static CHILD_RELATIVES_FOLDED: FoldedWords = FoldedWords::new();

/// A word list folded once (as tokens are), not at every comparison.
fn folded_words<'a>(cell: &'a FoldedWords, words: &[&str]) -> &'a [String] {
    cell.get_or_init(|| words.iter().map(|w| super::text::fold(w)).collect())
}

/// Words that make a weekend or an evening relevant ("this Saturday", "illalla").
const AFTER_HOURS: &[&str] = &[
    "lauantai",
    "sunnuntai",
    "viikonlop",
    "illalla",
    "ilta",
    "iltaisin",
    "lördag",
    "söndag",
    "helg",
    "kväll",
    "saturday",
    "sunday",
    "weekend",
    "evening",
    "tonight",
];

/// A need stated firmly enough to count for rule 4 (case management).
const FIRM_CONFIDENCE: f32 = 0.75;

pub struct Navigator<'a> {
    pub catalogue: &'a Catalogue,
    pub lexicon: &'a Lexicon,
    /// The Finnish analyser for base forms and compounds; without one, Finnish is read by stems.
    pub analyser: Option<&'a dyn Analyser>,
}

impl Navigator<'_> {
    pub fn navigate(&self, q: &Question, teams: &TeamContext) -> Answer {
        let text = analyse_with(q.description, q.language, self.analyser.unwrap_or(&NoAnalyser));
        let language =
            q.language
                .unwrap_or_else(|| if text.tokens.is_empty() { q.client.language } else { detect_language(&text) });
        let (assessment, counted) = emergency::assess_counted(&text, Some(q.client.age));
        let mut needs = self.recognise(&text, language, q);
        if let Some(a) = &assessment {
            let code = NeedCode::parse(a.level.need_code()).ok();
            if let Some(code) = code {
                needs.retain(|n| n.code != code);
                let evidence = a
                    .reasons
                    .iter()
                    .map(|(why, words)| if words.is_empty() { why.clone() } else { format!("{why}: {words}") })
                    .collect();
                needs.insert(
                    0,
                    RecognisedNeed { code, confidence: 1.0, evidence, source: NeedSource::Rule, salience: 1.0 },
                );
            }
        }
        let mut understood = understood(&needs, assessment.is_some());
        // The catalogue's own words: with no need recognised, a strong match of a service's own
        // text makes the answer partly understood and ranks that service first.
        let by_text = if understood == Understood::None { self.text_only(&text, q) } else { Vec::new() };
        if !by_text.is_empty() {
            understood = Understood::Partial;
        }
        // Never an empty answer: when no need was recognised, or nothing understood has a service
        // for this client, the general entry points rank (after any text match).
        let mut entry = if needs.is_empty() && assessment.is_none() { entry_needs() } else { Vec::new() };
        let mut services = self.rank(&text, if entry.is_empty() { &needs } else { &entry }, q);
        if services.is_empty() && entry.is_empty() {
            entry = entry_needs();
            services = self.rank(&text, &entry, q);
        }
        // Nothing understood: first the entry points a client can also reach by phone or in
        // person (the nurse reception of the area), then the chat- or video-only ones.
        if !entry.is_empty() {
            let digital_only = |id: &str| {
                self.catalogue
                    .service(id)
                    .is_some_and(|s| !s.channels.is_empty() && s.channels.iter().all(|c| c.is_digital()))
            };
            services.sort_by_key(|s| digital_only(&s.service_id));
        }
        if !by_text.is_empty() {
            services.retain(|s| !by_text.iter().any(|t| t.service_id == s.service_id));
            services.splice(0..0, by_text);
        }
        let emergency = assessment.as_ref().map(|a| Emergency {
            level: a.level,
            reasons: a
                .reasons
                .iter()
                .map(|(why, words)| if words.is_empty() { why.clone() } else { format!("{why} ({words})") })
                .collect(),
            instructions: a.level.instructions(q.client.language).to_owned(),
        });
        let routing = if let Some(e) = &emergency {
            Routing {
                lead_team_id: None,
                participating_team_ids: Vec::new(),
                interpreter_needed: false,
                reasons: vec![format!("emergency: call {} now; not a routine referral", e.level.as_str())],
                case_managed: false,
            }
        } else {
            // Entry points are not needs of the client: the top referral service's team leads.
            self.route(if entry.is_empty() { &needs } else { &[] }, &services, q, teams)
        };
        let segment = segment(&needs, &routing, q, emergency.is_some());
        let level = emergency.as_ref().map(|e| e.level);
        let codes: Vec<&str> = needs.iter().map(|n| n.code.as_str()).collect();
        let safety = screen::shipped().decide(&text, level, understood, &codes, &counted, q.client.age);
        Answer { language, emergency, needs, services, routing, segment, understood, safety }
    }

    /// Recognised needs, strongest first.
    pub fn recognise(&self, text: &Text, lang: Lang, q: &Question) -> Vec<RecognisedNeed> {
        let mut found: BTreeMap<String, (f32, Vec<String>, NeedSource)> = BTreeMap::new();
        let hits = self.lexicon.find(text, lang);
        let mut per_need: BTreeMap<String, Vec<&super::lexicon::Hit>> = BTreeMap::new();
        for hit in hits
            .iter()
            .filter(|h| !h.negated || negation_keeps(self.lexicon, h))
            .filter(|h| !self.lexicon.cancelled(text, h))
            .filter(|h| !(ACUTE_NEEDS.contains(&h.target.as_str()) && years_ago(text, h.start)))
        {
            if let Some(code) = for_client(&hit.target, q.client.age) {
                per_need.entry(code.to_owned()).or_default().push(hit);
            }
        }
        for (code, hits) in per_need {
            let mut miss = 1.0f32;
            let mut seen_terms = HashSet::new();
            let mut evidence = Vec::new();
            for h in hits {
                if !seen_terms.insert(h.term) {
                    continue;
                }
                miss *= 1.0 - h.weight;
                let quote = &text.original[text.tokens[h.start].start..text.tokens[h.end].end];
                if !evidence.iter().any(|e: &String| e == quote) {
                    evidence.push(quote.to_owned());
                }
            }
            // Quote each stretch of the text once: "unohtelee" is inside "unohtelee sovittuja asioita".
            let all = evidence.clone();
            evidence.retain(|e| !all.iter().any(|o| o != e && o.contains(e.as_str())));
            let confidence = 1.0 - miss;
            if confidence >= 0.5 {
                found.insert(code, (confidence, evidence, NeedSource::Text));
            }
        }
        // A relative's substance use: support for the caller as a close one, unless the relative
        // is the (young) client the call is about.
        let substance = ["substance.alcohol", "substance.drugs", "substance.gambling"];
        let substance_hits: Vec<usize> = hits
            .iter()
            .filter(|h| !h.negated && substance.contains(&h.target.as_str()) && !self.lexicon.cancelled(text, h))
            .map(|h| h.start)
            .collect();
        let relative_subject = substance_hits.iter().any(|at| relative_before(text, *at, false));
        if relative_subject {
            let child_is_client =
                q.client.age <= 25 && substance_hits.iter().any(|at| relative_before(text, *at, true));
            if !child_is_client {
                let evidence: Vec<String> =
                    substance.iter().filter_map(|c| found.remove(*c)).flat_map(|(_, e, _)| e).collect();
                let entry =
                    found.entry("substance.family_member".into()).or_insert((0.0, Vec::new(), NeedSource::Rule));
                entry.0 = entry.0.max(0.9);
                entry.1.extend(evidence);
            }
        }
        for code in &q.need_codes {
            let entry = found.entry(code.as_str().to_owned()).or_insert((1.0, Vec::new(), NeedSource::Code));
            entry.0 = 1.0;
            entry.2 = NeedSource::Code;
            entry.1.insert(0, format!("need code {code}"));
        }
        // Rule 8: a young person's mental-health worry.
        let mental = found.keys().any(|c| c.starts_with("mental.") && c != codes::MENTAL_YOUTH);
        if (13..=22).contains(&q.client.age) && mental && !found.contains_key(codes::MENTAL_YOUTH) {
            found.insert(
                codes::MENTAL_YOUTH.into(),
                (0.9, vec![format!("age {} with a mental-health worry", q.client.age)], NeedSource::Rule),
            );
        }
        // Emergency codes come only from the safety check.
        found.remove(codes::EMERGENCY_MEDICAL);
        found.remove(codes::EMERGENCY_ON_CALL);
        let mut out: Vec<RecognisedNeed> = found
            .into_iter()
            .filter_map(|(code, (confidence, evidence, source))| {
                // Each further mention of a need raises its weight in the ranking a little.
                let mentions = evidence.len().clamp(1, 4) as f32;
                let salience = confidence * (1.0 + 0.15 * (mentions - 1.0));
                NeedCode::parse(&code).ok().map(|code| RecognisedNeed {
                    code,
                    confidence: round2(confidence),
                    evidence,
                    source,
                    salience,
                })
            })
            .collect();
        // Distress told beside a concrete social, care or dental trouble ("rahat ei riitä … mua
        // ahdistaa", "no break from caring … voimat loppuu", a dentist feared) is that trouble's:
        // the trouble's team leads.
        let concrete = out.iter().any(|n| {
            n.confidence >= 0.9
                && (n.code.as_str().starts_with("social.")
                    || n.code.as_str().starts_with("health.oral")
                    || n.code.as_str() == "elderly.carer_support")
        });
        if concrete {
            for n in out.iter_mut().filter(|n| n.code.as_str() == "mental.mild") {
                n.salience *= 0.8;
            }
        }
        out.sort_by(|a, b| b.confidence.total_cmp(&a.confidence).then_with(|| a.code.cmp(&b.code)));
        out
    }

    /// Eligible services whose own text matches the description strongly enough to stand without a
    /// recognised need (see [`TEXT_ONLY_SCORE`]), best first.
    fn text_only(&self, text: &Text, q: &Question) -> Vec<RankedService> {
        self.catalogue
            .text_matches(text)
            .into_iter()
            .filter(|m| m.score >= TEXT_ONLY_SCORE && m.words.len() >= 2)
            .filter_map(|m| {
                let s = self.catalogue.services.get(m.service)?;
                eligible(s, &q.client).then(|| RankedService {
                    service_id: s.id.clone(),
                    score: round2(m.score),
                    accepts_referrals: s.accepts_referrals,
                    needs: Vec::new(),
                    reasons: vec![
                        format!("its own description matches: {}", m.words.join(", ")),
                        format!("serves municipality {} and age {}", q.client.municipality, q.client.age),
                    ],
                })
            })
            .take(3)
            .collect()
    }

    /// Eligible services ranked for the needs.
    fn rank(&self, text: &Text, needs: &[RecognisedNeed], q: &Question) -> Vec<RankedService> {
        let after_hours = text
            .tokens
            .iter()
            .any(|t| folded_words(&AFTER_HOURS_FOLDED, AFTER_HOURS).iter().any(|w| t.folded.starts_with(w)));
        let mut scored: HashMap<&str, (f32, Vec<NeedCode>, &Service)> = HashMap::new();
        for need in needs {
            for s in self.catalogue.services_for_need(need.code.as_str()) {
                if !eligible(s, &q.client) {
                    continue;
                }
                let entry = scored.entry(s.id.as_str()).or_insert((0.0, Vec::new(), s));
                entry.0 += 10.0 * need.salience;
                entry.1.push(need.code.clone());
            }
        }
        let emergency_code = needs.iter().find(|n| n.code.as_str().starts_with("emergency.")).map(|n| n.code.clone());
        let explicit_coordination = needs.iter().any(|n| n.code.as_str() == codes::MANY_SERVICES);
        let mut ranked: Vec<RankedService> = scored
            .into_values()
            .map(|(base, answered, s)| {
                let mut score = base;
                let mut reasons: Vec<String> =
                    answered.iter().map(|n| format!("answers {} ({})", n, n.need().label(q.client.language))).collect();
                // Focus: a service made for this need rather than one of many.
                let focus = answered.len() as f32 / s.need_codes.len().max(1) as f32;
                score += focus;
                // Rule 7: made for the client's age group.
                if s.min_age.is_some() || s.max_age.is_some() {
                    let band = s.age_band().min(120) as f32;
                    score += 3.0 * (1.0 - band / 120.0);
                    reasons.push(format!("made for ages {}", age_limits(s)));
                } else {
                    reasons.push(format!("age {} is within its limits", q.client.age));
                }
                reasons.push(format!("serves municipality {}", q.client.municipality));
                // Rule 2: the client's language first.
                if s.speaks(q.client.language) {
                    score += 4.0;
                    reasons.push(format!("given in {}", q.client.language.english_name()));
                } else {
                    reasons.push(format!(
                        "not given in {}: an interpreter may be needed",
                        q.client.language.english_name()
                    ));
                }
                // Faster access: the low-threshold first step before the longer path.
                score += 3.0 * (1.0 - s.access_target_days.min(30) as f32 / 30.0);
                if s.accepts_referrals {
                    score += 0.5;
                    reasons.push(format!("takes referrals; access target {} days", s.access_target_days));
                } else {
                    // The region's own services come first; helplines and NGOs supplement them.
                    score -= 3.0;
                    reasons.push("information service: the client contacts it directly".into());
                }
                if after_hours && has_after_hours(self.catalogue, s) {
                    score += 3.0;
                    reasons.push("open in the evening or at the weekend".into());
                }
                let digital_only = !s.channels.is_empty() && s.channels.iter().all(|c| c.is_digital());
                match q.client.digital_ability {
                    Some(true) if s.channels.iter().any(|c| c.is_digital()) => {
                        score += 1.0;
                        reasons.push("digital channel for a client who uses digital services".into());
                    }
                    Some(false) if digital_only => {
                        score -= 6.0;
                        reasons.push("digital only, and the client does not use digital services".into());
                    }
                    _ => {}
                }
                if let Some(code) = &emergency_code {
                    if answered.contains(code) {
                        score += 100.0;
                    }
                }
                if explicit_coordination && s.answers(codes::MANY_SERVICES) {
                    score += 20.0;
                }
                let channels: Vec<&str> = s.channels.iter().map(|c| c.as_str()).collect();
                if !channels.is_empty() {
                    reasons.push(format!("channels: {}", channels.join(", ")));
                }
                if let Some(h) = self.catalogue.hours_status(s, q.at) {
                    if h.open_now {
                        reasons.push("open now".into());
                    } else if let Some(next) = h.next_opening {
                        reasons.push(format!("next opening {}", super::hours::opening_label(next)));
                    }
                }
                RankedService {
                    service_id: s.id.clone(),
                    score: round2(score),
                    accepts_referrals: s.accepts_referrals,
                    needs: answered,
                    reasons,
                }
            })
            .collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.service_id.cmp(&b.service_id)));
        ranked
    }

    /// Rules 3, 4 and 5.
    fn route(&self, needs: &[RecognisedNeed], services: &[RankedService], q: &Question, ctx: &TeamContext) -> Routing {
        let mut reasons = Vec::new();
        // The best referral service of each need, and the team that would take it.
        let mut need_teams: Vec<(NeedCode, String, String)> = Vec::new();
        for need in
            needs.iter().filter(|n| n.code.as_str() != codes::MANY_SERVICES && n.code.as_str() != codes::MENTAL_YOUTH)
        {
            let best = services.iter().filter(|s| s.accepts_referrals).find(|s| s.needs.contains(&need.code));
            if let Some(s) = best {
                if let Some(team) = self.choose_team(&s.service_id, &q.client, ctx) {
                    need_teams.push((need.code.clone(), s.service_id.clone(), team.id.clone()));
                }
            }
        }
        let mut distinct: Vec<String> = Vec::new();
        for (_, _, t) in &need_teams {
            if !distinct.contains(t) {
                distinct.push(t.clone());
            }
        }
        // Rule 4 counts the teams of the needs the description states firmly: a weak cue ("sleep",
        // "appointment") ranks its services but does not make a case for case management.
        let firm = |code: &NeedCode| needs.iter().any(|n| n.code == *code && n.confidence >= FIRM_CONFIDENCE);
        let mut firm_teams: Vec<&String> = need_teams.iter().filter(|(c, _, _)| firm(c)).map(|(_, _, t)| t).collect();
        firm_teams.sort_unstable();
        firm_teams.dedup();
        let explicit = needs.iter().any(|n| n.code.as_str() == codes::MANY_SERVICES);
        if explicit || firm_teams.len() >= 3 {
            let case_service = self
                .catalogue
                .services_for_need(codes::MANY_SERVICES)
                .filter(|s| s.accepts_referrals && eligible(s, &q.client))
                .max_by_key(|s| s.speaks(q.client.language));
            if let Some(team) = case_service.and_then(|s| self.choose_team(&s.id, &q.client, ctx)) {
                reasons.push(if explicit {
                    "the client needs many services and help to coordinate them: the case-management team leads"
                        .to_owned()
                } else {
                    format!("the needs call for {} different teams: the case-management team leads", firm_teams.len())
                });
                let participating: Vec<String> = distinct.into_iter().filter(|t| *t != team.id).collect();
                return Routing {
                    interpreter_needed: !team.speaks(q.client.language),
                    lead_team_id: Some(team.id.clone()),
                    participating_team_ids: participating,
                    reasons,
                    case_managed: true,
                };
            }
        }
        let top = services.iter().find(|s| s.accepts_referrals);
        let Some(top) = top else {
            reasons.push("only information services match: the client contacts them directly, no referral".into());
            return Routing { reasons, ..Routing::default() };
        };
        let Some(lead) = self.choose_team(&top.service_id, &q.client, ctx) else {
            reasons.push(format!(
                "no active team takes referrals for {} in municipality {}",
                top.service_id, q.client.municipality
            ));
            return Routing { reasons, ..Routing::default() };
        };
        reasons.push(format!(
            "{} takes referrals for the highest-ranked referral service and covers municipality {}",
            lead.name, q.client.municipality
        ));
        if lead.speaks(q.client.language) {
            reasons.push(format!("the team works in {}", q.client.language.english_name()));
        } else {
            reasons.push(format!(
                "no team for this service works in {}: an interpreter is needed",
                q.client.language.english_name()
            ));
        }
        if ctx.existing_teams.contains(&lead.id) {
            reasons.push("the client already works with this team (continuity)".into());
        }
        let participating: Vec<String> = distinct.into_iter().filter(|t| *t != lead.id).collect();
        if !participating.is_empty() {
            reasons.push(format!("{} other team(s) take part for the other needs", participating.len()));
        }
        Routing {
            interpreter_needed: !lead.speaks(q.client.language),
            lead_team_id: Some(lead.id.clone()),
            participating_team_ids: participating,
            reasons,
            case_managed: false,
        }
    }

    /// The team for a service: active, covers the municipality; then the client's language,
    /// continuity, and the most free weekly capacity.
    pub fn choose_team(&self, service_id: &str, client: &Client, ctx: &TeamContext) -> Option<&Team> {
        let mut teams: Vec<&Team> =
            self.catalogue.teams_for(service_id).filter(|t| t.active && t.covers(&client.municipality)).collect();
        teams.sort_by(|a, b| {
            let key = |t: &Team| {
                let free = t.weekly_capacity as i64 - *ctx.weekly_load.get(&t.id).unwrap_or(&0) as i64;
                (t.speaks(client.language), ctx.existing_teams.contains(&t.id), free)
            };
            key(b).cmp(&key(a)).then_with(|| a.id.cmp(&b.id))
        });
        teams.into_iter().next()
    }
}

/// The text score (about the number of distinctive words matched) from which a service's own
/// text stands for a need no lexicon term named, with two or more of the client's words:
/// calibrated on the development sets, where single words ("yksin", "barn") score up to 1.1 and
/// point at the wrong service more often than not.
const TEXT_ONLY_SCORE: f32 = 2.0;

/// How well a description was understood: need codes, an emergency or a need recognised from
/// a strong cue are clear; needs from weak cues only are partial; nothing is none.
fn understood(needs: &[RecognisedNeed], emergency: bool) -> Understood {
    if emergency || needs.iter().any(|n| n.source == NeedSource::Code || n.confidence >= 0.9) {
        Understood::Clear
    } else if needs.is_empty() {
        Understood::None
    } else {
        Understood::Partial
    }
}

/// The general entry points (`data/entry-points.json`) as needs to rank by, when nothing was
/// understood.
fn entry_needs() -> Vec<RecognisedNeed> {
    entry_point_codes()
        .iter()
        .map(|code| RecognisedNeed {
            code: code.clone(),
            confidence: 0.0,
            evidence: vec!["a general entry point: nothing in the description was understood".into()],
            source: NeedSource::Rule,
            salience: 1.0,
        })
        .collect()
}

/// The need codes of the general entry points (`data/entry-points.json`), the nurse reception's first.
pub fn entry_point_codes() -> &'static [NeedCode] {
    static CODES: std::sync::OnceLock<Vec<NeedCode>> = std::sync::OnceLock::new();
    CODES.get_or_init(|| match parse_entry_points(include_str!("../../data/entry-points.json")) {
        Ok(c) => c,
        // Checked at start-up by `check_entry_points` and by the tests.
        Err(e) => panic!("data/entry-points.json: {e}"),
    })
}

fn parse_entry_points(json: &str) -> Result<Vec<NeedCode>, String> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        #[allow(dead_code)]
        notes: String,
        needs: Vec<String>,
    }
    let file: File = serde_json::from_str(json).map_err(|e| e.to_string())?;
    if file.needs.is_empty() {
        return Err("no entry-point needs".into());
    }
    file.needs
        .iter()
        .map(|c| match NeedCode::parse(c) {
            Ok(code) if super::needs::taxonomy().contains(c) => Ok(code),
            _ => Err(format!("{c} is not a need code of the taxonomy")),
        })
        .collect()
}

/// Start-up check of the shipped entry points.
pub fn check_entry_points() -> Result<(), String> {
    parse_entry_points(include_str!("../../data/entry-points.json")).map(|_| ())
}

/// The client is the person who needs the service: when the client is a child, an adult's need
/// in the description is the family's (a parent's exhaustion is parenting support, help at home
/// is the family home help).
fn for_client(code: &str, age: u32) -> Option<&str> {
    // A school nurse ("terkkari") or a child's speech told of an adult is another thing: not these needs.
    match code {
        "health.school_health" if age > 29 => return None,
        "health.child_development" | "health.child_health" if age >= 18 => return None,
        _ if age >= 13 => return Some(code),
        _ => {}
    }
    Some(match code {
        "health.health_check" if age <= 6 => "health.child_health",
        "mental.mild" | "mental.crisis" => "family.parenting",
        "elderly.home_care" | "elderly.service_need" => "family.home_help",
        other => other,
    })
}

/// Needs about something that just happened: a life crisis. Placed years back ("jäin leskeksi
/// viisi vuotta sitten"), it is history, not the need of the call.
const ACUTE_NEEDS: &[&str] = &["mental.crisis"];

/// Needs that people describe by what is missing: "kukaan ei kokoa näitä yhteen", "ei oo
/// ketään kenen kanssa jutella", "nobody coordinates". A negation does not cancel them.
const SAID_BY_ABSENCE: &[&str] = &[codes::MANY_SERVICES, "social.loneliness"];

/// Whether a negated hit still shows a need: needs said by absence, and terms that negate an
/// ability ("en jaksa", "rahat ei riitä", "can't cope").
fn negation_keeps(lexicon: &Lexicon, hit: &super::lexicon::Hit) -> bool {
    SAID_BY_ABSENCE.contains(&hit.target.as_str()) || is_negative_polarity(lexicon, hit.term)
}

/// Stems of abilities whose negation says a need: "en jaksa", "orkar inte", "can't cope",
/// "rahat ei riitä", "räcker inte", "can't pay", "ei pärjää", "en saa nukuttua" (folded).
const STEMS: &[&str] = &[
    "jaksa",
    "jaks",
    "parja",
    "parij",
    "nuku",
    "nukah",
    "orka",
    "klara",
    "klar",
    "cope",
    "sleep",
    "riita",
    "riitta",
    "rack",
    "afford",
    "pay",
    "maksa",
    "betala",
    "manage",
    "pysty",
    "selvi",
    "kiinnost",
    "handle",
    "tieda",
    "tiia",
    "tiara",
    "vet",
    "know",
    "paase",
    "syo",
    "kesta",
    "ymmarr",
    "understand",
    "forsta",
    "hoida",
    "hoitaa",
    "ehdi",
    "sova",
    "somna",
    "ata",
    "eat",
    "concentrat",
    "keskitty",
    "raha",
    "money",
    "pengar",
    "varaa",
    "rad",
    "uni",
    "unta",
    "muista",
    "loyda",
    "find",
    "kokoa",
    "puhu",
    "speak",
    "talk",
    "prata",
    "koordin",
];

fn is_negative_polarity(lexicon: &Lexicon, term: usize) -> bool {
    lexicon.terms.get(term).is_some_and(|t| t.words.iter().any(|w| STEMS.iter().any(|s| w.folded.starts_with(s))))
}

/// The caller as a subject ("mä", "jag", "I", "I've"): a relative named before it is not the one
/// the substance words are about. English "I" by its capital, so that Swedish "i" (in) is not it.
const FIRST_PERSON: &[&str] = &["ma", "mina", "mie", "jag", "olen", "oon", "I", "I'm", "I've", "I'd", "Im", "Ive"];

/// Whether a relative is the subject of the substance mention at `at`: named (or a "he", "she"
/// standing for one) before it in the same sentence, at most ten words back and not past the
/// caller as a subject, and not the object of a preposition ("ljuger för min fru").
fn relative_before(text: &Text, at: usize, children_only: bool) -> bool {
    let list = if children_only {
        folded_words(&CHILD_RELATIVES_FOLDED, CHILD_RELATIVES)
    } else {
        folded_words(&RELATIVES_FOLDED, RELATIVES)
    };
    // Up to ten words back in the sentence ("Mies on 60 ja ottaa kolmena iltana viikossa pullon
    // pari viiniä"), but not past the caller speaking of themself ("mieheni sanoo että minä juon").
    let sentence = text.tokens[at].sentence;
    let from = at.saturating_sub(10);
    let caller =
        |t: &super::text::Token| FIRST_PERSON.contains(&t.folded.as_str()) || FIRST_PERSON.contains(&t.text.as_str());
    (from..=at).rev().take_while(|&k| k == at || !caller(&text.tokens[k])).any(|k| {
        let t = &text.tokens[k];
        if t.sentence != sentence {
            return false;
        }
        // "Poikaystävä", "tyttöystävä": a partner, not a son or a daughter.
        if children_only && t.folded.contains("ystav") {
            return false;
        }
        let names_relative = |t: &super::text::Token| {
            list.iter().any(|r| {
                if r.len() <= 4 {
                    t.folded.strip_prefix(r.as_str()).is_some_and(|rest| rest.is_empty() || rest == "n" || rest == "s")
                } else {
                    t.folded.starts_with(r.as_str())
                }
            })
        };
        // "My husband broke down and told me he has gambled": he, she, hän, han, hon stand for a relative
        // named before them.
        let is_relative = names_relative(t)
            || !children_only
                && matches!(t.folded.as_str(), "he" | "she" | "han" | "hon")
                && text.tokens[..k].iter().any(names_relative);
        let governed = (k.saturating_sub(2)..k).any(|p| {
            matches!(
                text.tokens[p].folded.as_str(),
                "for" | "to" | "with" | "med" | "till" | "at" | "about" | "om" | "kanssa"
            )
        });
        is_relative && !governed
    })
}

pub fn eligible(s: &Service, client: &Client) -> bool {
    s.is_active() && s.age_fits(client.age) && s.covers(&client.municipality)
}

fn age_limits(s: &Service) -> String {
    match (s.min_age, s.max_age) {
        (Some(a), Some(b)) => format!("{a}-{b}"),
        (Some(a), None) => format!("{a}+"),
        (None, Some(b)) => format!("0-{b}"),
        (None, None) => "all".into(),
    }
}

/// Open on weekday evenings or at the weekend, at any of its points or by its own hours.
fn has_after_hours(catalogue: &Catalogue, s: &Service) -> bool {
    s.hours.iter().chain(catalogue.points_of(&s.id).filter(|p| p.active).map(|p| &p.hours)).any(|h| {
        // Around-the-clock services are open after hours too, but are not what "this Saturday" asks for.
        h.weekly.iter().any(|w| after_hours_rule(w) && !(w.opens.hour() == 0 && w.closes.hour() >= 23))
    })
}

fn after_hours_rule(w: &super::hours::WeeklyHours) -> bool {
    use chrono::Weekday;
    let weekend = w.days.iter().any(|d| matches!(d, Weekday::Sat | Weekday::Sun));
    let evening = w.closes.hour() >= 18 || w.closes <= w.opens;
    weekend || evening
}

fn round2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

/// The four-field segment (ability to cope against breadth of need).
fn segment(needs: &[RecognisedNeed], routing: &Routing, q: &Question, emergency: bool) -> SegmentAnswer {
    let vulnerable = q.client.digital_ability == Some(false)
        || q.client.age >= 75
        || routing.interpreter_needed
        || needs.iter().any(|n| {
            matches!(
                n.code.as_str(),
                "family.child_protection"
                    | "social.violence"
                    | "mental.crisis"
                    | "elderly.service_need"
                    | "disability.intellectual"
            )
        });
    let (code, reason) = if emergency {
        (Segment::Huolenpito, "an emergency: acute care first, then a coordinated follow-up".to_owned())
    } else if routing.case_managed {
        (Segment::Huolenpito, "many services across teams: a named coordinator leads a shared plan".to_owned())
    } else if !routing.participating_team_ids.is_empty() {
        (
            Segment::Yhteistyo,
            format!("{} teams share the needs: one plan shared by the teams", routing.participating_team_ids.len() + 1),
        )
    } else if vulnerable || routing.lead_team_id.is_some() && needs.len() >= 2 {
        (Segment::Tuki, "one area of need, with support and guidance from a professional".to_owned())
    } else if needs.is_empty() {
        (Segment::Tuki, "no need recognised yet: guidance by call-centre staff".to_owned())
    } else {
        (Segment::Omatoimi, "a single need and able to manage: self-service and digital channels first".to_owned())
    };
    SegmentAnswer { code, reason }
}

#[cfg(test)]
mod tests {
    use super::super::text::{fold, repeated};
    use super::*;

    /// Each word list names a word once, as folded (the lists are compared with folded tokens).
    #[test]
    fn word_lists_have_no_repeats() {
        for (name, list) in [
            ("RELATIVES", RELATIVES),
            ("CHILD_RELATIVES", CHILD_RELATIVES),
            ("AFTER_HOURS", AFTER_HOURS),
            ("STEMS", STEMS),
        ] {
            assert_eq!(repeated(list, fold), Vec::<&str>::new(), "{name}");
        }
    }

    fn question(description: &str) -> Question<'_> {
        Question {
            description,
            language: Some(Lang::Fi),
            client: Client {
                age: 60,
                municipality: MunicipalityCode::parse("743").unwrap(),
                language: Lang::Fi,
                digital_ability: None,
            },
            need_codes: Vec::new(),
            at: Utc::now(),
        }
    }

    /// A region adds a service no need term names: its own words find it (understood: partial),
    /// stray words do not, and nothing understood still ranks the general entry points.
    #[test]
    fn a_service_is_found_by_its_own_words_and_nothing_understood_is_never_empty() {
        use super::super::catalogue::{tests::service, CatalogueData};
        use super::super::lang::Localized;
        let mut hearing = service("h", &["health.chronic_followup"]);
        hearing.name = Localized::fi("Kuulokeskus");
        hearing.description =
            Some(Localized::fi("Kuulon tutkimukset, kuulolaitteet ja tinnituksen hoito korvalääkärillä."));
        let mut nurse = service("n", &["health.acute_minor"]);
        nurse.description =
            Some(Localized::fi("Hoidon tarpeen arvio, haavat, rokotukset, pistokset ja ompeleiden poisto."));
        let others: Vec<Service> = (0..8)
            .map(|i| {
                let mut s = service(&format!("o{i}"), &["social.debt"]);
                s.description = Some(Localized::fi(format!(
                    "Talous- ja velkaneuvontaa, budjetti {i}, maksuvaikeudet ja ulosotto."
                )));
                s
            })
            .collect();
        let mut services = vec![hearing, nurse];
        services.extend(others);
        let cat = Catalogue::new(CatalogueData { services, ..Default::default() });
        let nav = Navigator { catalogue: &cat, lexicon: &Lexicon::default(), analyser: None };
        let a =
            nav.navigate(&question("Tarvitsisin kuulon tutkimuksen ja uudet kuulolaitteet."), &TeamContext::default());
        assert_eq!(a.understood, Understood::Partial);
        assert_eq!(a.services[0].service_id, "h");
        assert!(a.services[0].reasons[0].contains("kuulolaitteet"), "{:?}", a.services[0].reasons);
        let a = nav.navigate(&question("Uudet kuulolaitteet."), &TeamContext::default());
        assert_eq!(a.understood, Understood::None, "one word is a stray word");
        let a = nav.navigate(&question("Hei, kysyisin yhtä asiaa."), &TeamContext::default());
        assert_eq!(a.understood, Understood::None);
        assert_eq!(a.services[0].service_id, "n", "the nurse reception is an entry point");
        assert!(a.safety.required);
    }

    /// Nothing understood: the entry point the client can call or visit ranks before a chat-only
    /// one of the same need, though the chat-only one would score higher.
    #[test]
    fn nothing_understood_ranks_a_reachable_entry_point_before_a_chat_only_one() {
        use super::super::catalogue::{tests::service, CatalogueData, Channel};
        let mut chat = service("chat", &["health.acute_minor"]);
        chat.channels = vec![Channel::Chat, Channel::Video];
        chat.access_target_days = 0;
        let mut nurse = service("nurse", &["health.acute_minor"]);
        nurse.access_target_days = 7;
        let cat = Catalogue::new(CatalogueData { services: vec![chat, nurse], ..Default::default() });
        let nav = Navigator { catalogue: &cat, lexicon: &Lexicon::default(), analyser: None };
        let a = nav.navigate(&question("Hei, kysyisin yhtä asiaa."), &TeamContext::default());
        assert_eq!(a.understood, Understood::None);
        let order: Vec<&str> = a.services.iter().map(|s| s.service_id.as_str()).collect();
        assert_eq!(order, ["nurse", "chat"]);
    }

    /// Case management is read from the routing's flag, not from the words of its reasons.
    #[test]
    fn segment_reads_case_management_from_the_routing() {
        let q = Question {
            description: "",
            language: Some(Lang::Fi),
            client: Client {
                age: 40,
                municipality: MunicipalityCode::parse("743").unwrap(),
                language: Lang::Fi,
                digital_ability: Some(true),
            },
            need_codes: Vec::new(),
            at: Utc::now(),
        };
        let led = |case_managed, reason: &str| Routing {
            lead_team_id: Some("team".into()),
            reasons: vec![reason.into()],
            case_managed,
            ..Routing::default()
        };
        assert_eq!(segment(&[], &led(true, "the team leads"), &q, false).code, Segment::Huolenpito);
        let named =
            led(false, "the case-management team of Etelä takes referrals for the highest-ranked referral service");
        assert_eq!(segment(&[], &named, &q, false).code, Segment::Tuki);
    }
}
