//! Safety first: telling a life-threatening situation (112) and an urgent need of on-call care
//! today (the 116117 helpline) apart from everything else, before any routine navigation.
//!
//! Each sign is a class of terms in Finnish, Swedish and English (the lexicon syntax of
//! [`super::lexicon`]). A sign counts when it is mentioned, not negated ("ei rintakipua",
//! "inga självmordstankar", "no chest pain") and not placed in the past ("rintakipu tutkittiin
//! viime vuonna", "overdosed two years ago"). Some signs are strong alone; others need a second
//! sign, the client's age, or a marker that it is happening now. Figurative speech ("sydän
//! särkyy") uses words that are not signs.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;
use utoipa::ToSchema;

use super::lang::Lang;
use super::lexicon::{Hit, Lexicon};
use super::text::{death_in_clause, habitual, is_negator, numbers, when, Text, Token, When};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
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

macro_rules! signs {
    ($($sign:ident => $name:literal),* $(,)?) => {
        /// A sign of the rule table.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        enum Sign {
            $($sign),*
        }

        impl Sign {
            const ALL: &'static [Sign] = &[$(Sign::$sign),*];

            fn name(self) -> &'static str {
                match self {
                    $(Sign::$sign => $name),*
                }
            }
        }
    };
}

signs! {
    ChestPain => "chest_pain",
    BreathlessMild => "breathless",
    BreathingSevere => "breathing",
    Stroke => "stroke",
    StrokeArm => "stroke_arm",
    StrokeSpeech => "stroke_speech",
    Unconscious => "unconscious",
    Bleeding => "bleeding",
    SuicideIntent => "suicide",
    SuicidePlan => "suicide_plan",
    Overdose => "overdose",
    Violence => "violence",
    ThreatToLife => "threat",
    HelpScream => "help_scream",
    ChildDanger => "child_danger",
    ChildAlone => "child_alone",
    Anaphylaxis => "anaphylaxis",
    FeverWord => "fever",
    HighFever => "high_fever",
    NoRelief => "no_relief",
    StiffNeck => "stiff_neck",
    Fracture => "fracture",
    Swelling => "swelling",
    LossOfFunction => "loss_of_function",
    Trauma => "trauma",
    AbdominalPain => "abdominal_pain",
    SuicideMeans => "suicide_means",
    Hoard => "hoard",
    ChildPeril => "child_peril",
    FlankPain => "flank_pain",
    Hives => "hives",
    Safe => "safe",
    EyeInjury => "eye_injury",
    Bite => "bite",
    Worsening => "worsening",
    ThreatVerb => "threat_verb",
    Jest => "jest",
    SeverePain => "severe_pain",
    PainOnset => "pain_onset",
    AcuteAbdomen => "acute_abdomen",
    Waves => "waves",
    UrinaryRetention => "urinary_retention",
    WoundStitches => "wound",
    HeadInjury => "head_injury",
    Vomiting => "vomiting",
    UrgentToday => "urgent_today",
    Burn => "burn",
    Night => "night",
    Dental => "dental",
    Figure => "figure",
    Drowsy => "drowsy",
    Cold => "cold",
    FoundLying => "found_lying",
    Drowning => "drowning",
    ChildMention => "small_child",
    AloneOut => "alone",
    Hazard => "hazard",
    Hiding => "hiding",
    Streak => "spreading_infection",
    Dehydration => "dehydration",
    StrokeWeak => "stroke_weak",
    Ingestion => "ingestion",
    Deformity => "deformity",
    Jerking => "jerking",
    SeizureWord => "seizure",
    NotStopping => "not_stopping",
    CarbonMonoxide => "carbon_monoxide",
    Headache => "headache",
    Confusion => "confusion",
    Sudden => "sudden",
    EarPain => "ear_pain",
    Paralysis => "paralysis",
    BackPain => "back_pain",
    Numbness => "numbness",
    Incontinence => "incontinence",
    NoseBleed => "nosebleed",
    Anticoagulant => "anticoagulant",
    Missing => "missing",
    Dementia => "dementia",
    SwallowedObject => "swallowed_object",
    Battery => "battery",
    Blisters => "blisters",
    HotThing => "hot_thing",
    Alarm => "alarm",
}

impl Sign {
    fn parse(name: &str) -> Option<Sign> {
        Sign::ALL.iter().copied().find(|s| s.name() == name)
    }

    /// Signs whose words mark time or context: they count even in a past sentence.
    fn is_context(self) -> bool {
        matches!(
            self,
            Sign::Night
                | Sign::PainOnset
                | Sign::Dental
                | Sign::Waves
                | Sign::SuicidePlan
                | Sign::Trauma
                | Sign::Jest
                | Sign::ThreatVerb
                | Sign::Safe
                | Sign::Figure
                | Sign::ChildMention
                | Sign::Hiding
                | Sign::Sudden
                | Sign::Dementia
                | Sign::Anticoagulant
                | Sign::Headache
                | Sign::HotThing
        )
    }
}

/// The sign terms: (sign, language, terms), in the lexicon syntax; a leading `!` marks a term
/// that is a sign only when negated ("!saa henkeä": "ei saa henkeä"). Reviewed data: every sign
/// has tests below.
const TERMS: &[(Sign, Lang, &[&str])] = &[
    (
        Sign::ChestPain,
        Lang::Fi,
        &[
            "rintakip",
            "rintakivu",
            "rintakehäkip",
            "rinta purist",
            "rinta pakott",
            "rinta painaa",
            "rinta särk",
            "rinta sattu",
            "rinta koske",
            "rinta kipe",
            "rinnassa kipu",
            "rinnassa kipua",
            "rinnassa puristu",
            "rinnassa puristav",
            "rinnassa pakko",
            "rinnassa painon",
            "rinnan alla kip",
            "rintakehä purist",
            "rintakehä kip",
            "sydänkohtau",
            "sydäninfarkt",
            "sydän purist",
            "sydämen seuti kip",
            "rintaa purist",
            "rintaan sattu",
            "rintaan koske",
            "rinnan päällä",
            "rinnalla paino",
            "kivi rinnalla",
            "kivi rinnan",
            "rinnan päälle",
            "rinnassa tuntuu puristus",
            "rinnassa ahdistava",
        ],
    ),
    (
        Sign::ChestPain,
        Lang::Sv,
        &[
            "bröstsmärt",
            "ont i bröstet",
            "värk i bröstet",
            "tryck över bröstet",
            "tryck i bröstet",
            "smärta i bröstet",
            "hjärtinfarkt",
            "hjärtattack",
            "kramp i bröstet",
            "trånghet i bröstet",
            "bröstet värker",
            "bröstet gör ont",
            "tryck mot bröstet",
            "sten på bröstet",
            "tyngd över bröstet",
        ],
    ),
    (
        Sign::ChestPain,
        Lang::En,
        &[
            "chest pain",
            "chest pains",
            "pain chest",
            "chest hurt",
            "chest tight",
            "tight chest",
            "tightness chest",
            "pressure chest",
            "crushing chest",
            "heart attack",
            "chest is hurting",
            "ache chest",
            "weight on chest",
            "elephant chest",
            "squeezing chest",
        ],
    ),
    (
        Sign::BreathlessMild,
        Lang::Fi,
        &[
            "hengästy",
            "hengenahdist",
            "hengitys vaike",
            "hengittäminen vaike",
            "kylmä hiki",
            "kylmänhiki",
            "hikinen",
            "säteilee käteen",
            "säteilee vasem",
            "säteilee leuka",
            "harmaa",
            "kalpea",
            "pahoinvoi",
        ],
    ),
    (
        Sign::BreathlessMild,
        Lang::Sv,
        &[
            "andfådd",
            "andnöd",
            "svårt att andas",
            "kallsvett",
            "strålar ut i armen",
            "strålar mot armen",
            "strålar upp",
            "mår illa",
            "grå i ansiktet",
            "blek",
        ],
    ),
    (
        Sign::BreathlessMild,
        Lang::En,
        &[
            "short of breath",
            "shortness breath",
            "breathless",
            "cold sweat",
            "sweating",
            "sweaty",
            "spreads arm",
            "radiates arm",
            "radiating arm",
            "radiates jaw",
            "nauseous",
            "grey",
            "pale",
        ],
    ),
    (
        Sign::BreathingSevere,
        Lang::Fi,
        &[
            "=ei saa henkeä",
            "=ei saa happea",
            "=ei saa ilmaa",
            "=ei pysty hengittä",
            "tukehtuu",
            "tukehtumassa",
            "tukehtui",
            "huulet sinert",
            "huulet sini",
            "hengitys pysäh",
            "hengitys katkeil",
            "=ei hengitä",
            "tuskin saa henkeä",
            "haukkoo henkeä",
            "!saa henkeä",
            "!saa happea",
            "!saa ilmaa",
            "!pysty hengittä",
            "!hengitä",
            "!saa hengitettyä",
            "!henki kulje",
            "!ilma kulje",
        ],
    ),
    (
        Sign::BreathingSevere,
        Lang::Sv,
        &[
            "får inte luft",
            "kan inte andas",
            "kvävs",
            "håller på att kvävas",
            "andas inte",
            "blå läppar",
            "läpparna är blå",
            "andas konstigt",
            "andningen har stannat",
            "kan knappt andas",
            "får knappt luft",
            "kippar efter andan",
            "andas väldigt långsamt",
            "!får luft",
            "!kan andas",
        ],
    ),
    (
        Sign::BreathingSevere,
        Lang::En,
        &[
            "can't breathe",
            "cannot breathe",
            "cant breathe",
            "unable breathe",
            "struggling breathe",
            "not breathing",
            "stopped breathing",
            "choking",
            "lips blue",
            "lips are blue",
            "lips look blue",
            "gasping air",
            "gasping for",
            "breathing strange",
            "breathing strangely",
            "hardly breathe",
            "barely breathe",
            "can't finish a sentence",
            "can't catch breath",
            "!get air",
            "!breathing properly",
        ],
    ),
    (
        Sign::Stroke,
        Lang::Fi,
        &[
            "sammalt",
            "puhe puuroutu",
            "puuroutunut",
            "suupieli roikk",
            "suupieli lerpp",
            "suupieli laskenut",
            "suu vino",
            "kasvot roikk",
            "kasvot vino",
            "toispuolei",
            "aivoinfarkt",
            "aivoveren",
            "aivohalvau",
            "=stroke",
            "halvausoire",
            "äkillinen halvaus",
            "puutuu toinen puoli",
            "toinen puoli puutuu",
            "kasvojen toinen puoli",
            "!saa sanoja suusta",
        ],
    ),
    (
        Sign::Stroke,
        Lang::Sv,
        &[
            "sluddr",
            "talet sluddr",
            "sned i ansiktet",
            "munnen hänger",
            "mungipan hänger",
            "ena mungipan",
            "hänger i ansiktet",
            "slaganfall",
            "=stroke",
            "hjärnblödning",
            "hjärninfarkt",
            "domnad ena sidan",
            "svag i ena sidan",
            "svag ena sidan",
            "ansiktet hänger",
            "!få fram orden",
        ],
    ),
    (
        Sign::Stroke,
        Lang::En,
        &[
            "slurred",
            "slurring",
            "face droop",
            "face drooping",
            "face is drooping",
            "drooping face",
            "mouth droop",
            "droopy face",
            "=stroke",
            "one side weak",
            "weak one side",
            "weakness one side",
            "numb one side",
            "face hanging",
            "side of face hanging",
            "side face hanging",
            "!get words out",
            "!get her words out",
            "!get his words out",
        ],
    ),
    (
        Sign::StrokeArm,
        Lang::Fi,
        &[
            "!käsi nouse",
            "!käsikään nouse",
            "!pysty nostamaan kättä",
            "!käsi tottele",
            "!käsi totteele",
            "!jalka tottele",
            "käsi veltto",
            "käsi voimaton",
        ],
    ),
    (
        Sign::StrokeArm,
        Lang::Sv,
        &["kan inte lyfta armen", "armen är svag", "armen lyder inte", "!lyder", "tappar saker"],
    ),
    (
        Sign::StrokeArm,
        Lang::En,
        &[
            "can't lift arm",
            "cannot lift arm",
            "can't lift his arm",
            "can't lift her arm",
            "arm is weak",
            "arm went weak",
            "arm weak too",
            "arm won't move",
        ],
    ),
    (
        Sign::StrokeSpeech,
        Lang::Fi,
        &[
            "sanat sekai",
            "sanat sekas",
            "sanat menee sekai",
            "sanat menöö sekas",
            "puhuu sekavia",
            "puhe sekavaa",
            "sanat hukassa äkki",
            "=ei löydä sanoja",
        ],
    ),
    (
        Sign::StrokeSpeech,
        Lang::Sv,
        &["orden blir fel", "pratar osammanhängande", "hittar inte orden", "talet är konstigt"],
    ),
    (
        Sign::StrokeSpeech,
        Lang::En,
        &["words come out wrong", "speech is strange", "talking nonsense", "can't find words", "confused speech"],
    ),
    (
        Sign::Unconscious,
        Lang::Fi,
        &[
            "tajuto",
            "tajuttom",
            "menetti tajun",
            "menettänyt tajun",
            "tajunnan menet",
            "=ei herää",
            "=ei saa herätettyä",
            "=ei saa hereille",
            "=ei saa kontaktia",
            "=ei reagoi",
            "=ei vastaa puhutteluun",
            "kouristel",
            "kouristu",
            "kouristuskohtau",
            "lyyhistyi",
            "romahti",
            "pyörtyi eikä",
            "=ei tule tajuihin",
            "vaikea herättää",
            "tokkurainen",
            "!herää",
            "!saa herätettyä",
            "!saa hereille",
            "!saa kontaktia",
            "!reagoi",
            "!vastaa puhutteluun",
            "!tule tajuihin",
        ],
    ),
    (
        Sign::Unconscious,
        Lang::Sv,
        &[
            "medvetslös",
            "medvetlös",
            "svimmat och",
            "ingen kontakt",
            "får ingen kontakt",
            "går inte att väcka",
            "vaknar inte",
            "reagerar inte",
            "krampar",
            "kramper",
            "kollapsat",
            "segnat ihop",
            "svårväckt",
            "svår att väcka",
            "ligger på marken",
            "!svarar",
            "!reagerar",
            "!vaknar",
            "!går att väcka",
        ],
    ),
    (
        Sign::Unconscious,
        Lang::En,
        &[
            "unconscious",
            "passed out and",
            "won't wake",
            "will not wake",
            "doesn't wake",
            "can't wake",
            "cannot wake",
            "hard wake",
            "hard to wake",
            "unresponsive",
            "not responding",
            "no response",
            "collapsed",
            "seizure",
            "fitting",
            "convuls",
            "fainted and",
            "very drowsy",
            "!responding",
            "!waking up",
            "!wake up",
        ],
    ),
    (
        Sign::Bleeding,
        Lang::Fi,
        &[
            "vuotaa paljon verta",
            "runsas verenvuoto",
            "runsaasti verta",
            "paljon verta",
            "verenvuoto =ei lopu",
            "verenvuoto =ei tyrehdy",
            "vuoto =ei lopu",
            "veri =ei tyrehdy",
            "vuoto =ei tyrehdy",
            "verta tulee paljon",
            "oksentaa verta",
            "verioksen",
            "verta suihkuaa",
            "verta valuu",
            "valtoimenaan",
            "verta pulppuaa",
            "verta lentää",
            "läpimärkä verestä",
            "!tyrehdy",
            "!vuoto lopu",
            "!vuoto lakkaa",
        ],
    ),
    (
        Sign::Bleeding,
        Lang::Sv,
        &[
            "blöder kraftigt",
            "blöder mycket",
            "slutar inte blöda",
            "mycket blod",
            "kräks blod",
            "blodet sprutar",
            "kraftig blödning",
            "blodet pumpar",
            "forsar blod",
            "!slutar blöda",
        ],
    ),
    (
        Sign::Bleeding,
        Lang::En,
        &[
            "bleeding heavily",
            "heavy bleeding",
            "won't stop bleeding",
            "wont stop bleeding",
            "bleeding won't stop",
            "lot of blood",
            "lots of blood",
            "vomiting blood",
            "bleeding badly",
            "blood everywhere",
            "spurting blood",
            "blood pumping",
            "blood is pumping",
            "pumping blood",
            "gushing",
            "soaked with blood",
            "!stop bleeding",
        ],
    ),
    (
        Sign::SuicideIntent,
        Lang::Fi,
        &[
            "tappaa itse",
            "tappaa ittensä",
            "tappaa ittes",
            "tappaa itteni",
            "tappaa ittensa",
            "viedä henke",
            "viedä oma henk",
            "päättää päivä",
            "päättää elämä",
            "riistää henke",
            "itsemurh",
            "itsetuhoi",
            "lopettaa elämä",
            "hypätä sillalta",
            "hirttäyty",
            "hirttää itse",
            "haluaa kuolla",
            "haluan kuolla",
            "=tapan itseni",
            "jäähyväiskirje",
            "hyvästijätt",
        ],
    ),
    (
        Sign::SuicideIntent,
        Lang::Sv,
        &[
            "ta livet av",
            "ta sitt liv",
            "ta mitt liv",
            "självmord",
            "döda mig själv",
            "döda sig själv",
            "vill dö",
            "hänga mig",
            "hänga sig",
            "tänker hoppa",
            "ska hoppa",
            "hoppa från bron",
            "avskedsbrev",
        ],
    ),
    (
        Sign::SuicideIntent,
        Lang::En,
        &[
            "kill myself",
            "kill himself",
            "kill herself",
            "end my life",
            "end his life",
            "end her life",
            "take my own life",
            "take her own life",
            "take his own life",
            "suicid",
            "want to die",
            "wants to die",
            "going to jump",
            "suicide note",
            "goodbye letter",
        ],
    ),
    (
        Sign::SuicidePlan,
        Lang::Fi,
        &[
            "suunnitel",
            "päättäny",
            "päättänyt",
            "aikoo",
            "aion",
            "tänä yönä",
            "tänä iltana",
            "valmiiksi",
            "hyvästel",
            "jäähyväis",
            "yritti",
            "yrittänyt",
            "viilsi",
            "viiltänyt",
            "köysi",
            "heti",
            "nyt",
            "kiitti kaikesta",
            "kiittää kaikesta",
            "anteeks kaikki",
            "anteeksi kaikki",
            "anteeksi kaikesta",
            "anteeks kaikesta",
            "=ei vastaa puhelimeen",
            "ottanu kaikki",
            "ottanut kaikki",
        ],
    ),
    (
        Sign::SuicidePlan,
        Lang::Sv,
        &[
            "planerar",
            "plan",
            "bestämt",
            "i natt",
            "ikväll",
            "i kväll",
            "försökt",
            "försöker",
            "tagit farväl",
            "skrivit brev",
            "avskedsbrev",
            "rep",
            "=nu",
            "nyss",
            "står på bron",
            "förlåt för allt",
        ],
    ),
    (
        Sign::SuicidePlan,
        Lang::En,
        &[
            "plan",
            "planned",
            "planning",
            "going to",
            "tonight",
            "decided",
            "pills ready",
            "said goodbye",
            "goodbye",
            "tried",
            "attempt",
            "note",
            "rope",
            "now",
            "right now",
            "thanked me for everything",
            "sorry for everything",
        ],
    ),
    (
        Sign::Overdose,
        Lang::Fi,
        &[
            "yliannost",
            "yliannos",
            "nielaisi",
            "nielaissut",
            "nielly",
            "otti kaikki lääkkeet",
            "ottanut kaikki lääkkeet",
            "ottanu kaikki lääke",
            "otta kaikki lääkk",
            "ottanu kaikki lääkk",
            "koko purk",
            "koko paketi",
            "koko levy",
            "kaikki pillerit",
            "kaikki tabletit",
            "myrkytys",
            "myrkyllis",
            "myrkkyä",
            "juonut pesuaine",
            "juonut lipeä",
            "sienimyrky",
            "häkämyrky",
            "syönyt lääkkeitä",
            "syöny lääkkeitä",
        ],
    ),
    (
        Sign::Overdose,
        Lang::Sv,
        &[
            "överdos",
            "svalt",
            "svalde",
            "tagit alla tabletter",
            "tagit alla piller",
            "en hel burk",
            "en hel förpackning",
            "hela kartan",
            "förgiftning",
            "förgiftad",
            "giftig",
            "druckit diskmedel",
            "ätit tabletter",
        ],
    ),
    (
        Sign::Overdose,
        Lang::En,
        &[
            "overdose",
            "overdosed",
            "swallowed",
            "whole pack",
            "whole bottle",
            "whole packet",
            "took all pills",
            "took all her pills",
            "took all his pills",
            "all the pills",
            "poisoning",
            "poisoned",
            "drank bleach",
            "ate mushrooms",
            "ate pills",
            "took pills",
        ],
    ),
    (
        Sign::Violence,
        Lang::Fi,
        &[
            "=lyö",
            "lyömässä",
            "lyöntejä",
            "lyöntej",
            "hakkaa",
            "pahoinpitel",
            "potkii",
            "kuristaa",
            "kuristi",
            "puukko",
            "puukotta",
            "tappel",
            "retuuttaa",
            "riehuu",
            "rikkoa ikkuna",
            "potkii ovea",
            "hakkaa ovea",
        ],
    ),
    (
        Sign::Violence,
        Lang::Sv,
        &[
            "slår mig",
            "slår henne",
            "slår honom",
            "slåss",
            "misshandl",
            "sparkar",
            "stryper",
            "kniv",
            "hugger",
            "skjuter",
            "bråkar våldsamt",
            "bankar på dörren",
            "sparkar på dörren",
        ],
    ),
    (
        Sign::Violence,
        Lang::En,
        &[
            "hitting",
            "beating",
            "attacking",
            "attacked",
            "punching",
            "kicking",
            "strangling",
            "choking me",
            "knife",
            "stabbing",
            "stabbed",
            "gun",
            "shooting",
            "hits me",
            "banging on the door",
            "breaking the door",
        ],
    ),
    (
        Sign::ThreatToLife,
        Lang::Fi,
        &[
            "uhkaa tappaa",
            "uhkailee tappaa",
            "uhkaa puuko",
            "uhkaa asee",
            "tappaa minut",
            "tappaa mut",
            "tappaa meidät",
            "tappaa lapset",
            "tappaa minu",
            "tappaa meiät",
        ],
    ),
    (
        Sign::ThreatToLife,
        Lang::Sv,
        &["hotar att döda", "hotar döda", "döda mig", "ska döda", "hotar med kniv", "hotar med vapen", "döda oss"],
    ),
    (
        Sign::ThreatToLife,
        Lang::En,
        &[
            "kill me",
            "kill us",
            "kill the kids",
            "threatening to kill",
            "threatens to kill",
            "threatening with knife",
            "threatening with gun",
            "will kill",
        ],
    ),
    (Sign::HelpScream, Lang::Fi, &["huutaa apua", "huusi apua", "avunhuut", "huutaa hädissä", "kirkuu"]),
    (Sign::HelpScream, Lang::Sv, &["skriker på hjälp", "ropar på hjälp", "skrik på hjälp"]),
    (
        Sign::HelpScream,
        Lang::En,
        &["screaming for help", "screams for help", "crying for help", "shouting for help", "calling for help"],
    ),
    (
        Sign::ChildDanger,
        Lang::Fi,
        &[
            "lapsi vaarassa",
            "lapsi on vaarassa",
            "lapsi hukku",
            "lapsi putosi",
            "vauva =ei hengitä",
            "lapsi =ei hengitä",
            "lapsi kateissa",
            "lapsi kadonnut",
            "vauvaa ravistel",
            "lasta lyödään",
        ],
    ),
    (
        Sign::ChildDanger,
        Lang::Sv,
        &[
            "barnet är i fara",
            "barn i fara",
            "barnet andas inte",
            "bebisen andas inte",
            "barnet har försvunnit",
            "barnet drunkn",
            "barnet föll",
        ],
    ),
    (
        Sign::ChildDanger,
        Lang::En,
        &[
            "child in danger",
            "child is in danger",
            "baby not breathing",
            "baby isn't breathing",
            "child not breathing",
            "child is missing",
            "child drowning",
            "shaking the baby",
            "kid in danger",
        ],
    ),
    (
        Sign::ChildAlone,
        Lang::Fi,
        &[
            "lapsi yksin",
            "yksin lapsi",
            "lapsi tiellä",
            "lapsi valtatie",
            "taapero yksin",
            "yksin taapero",
            "vauva yksin",
        ],
    ),
    (Sign::ChildAlone, Lang::Sv, &["barn ensam", "ensamt barn", "barn på vägen", "litet barn ensamt"]),
    (
        Sign::ChildAlone,
        Lang::En,
        &["child alone", "toddler alone", "kid alone", "child on the road", "alone child", "baby alone"],
    ),
    (
        Sign::Anaphylaxis,
        Lang::Fi,
        &[
            "anafylak",
            "kurkku turpoa",
            "kurkku turvon",
            "kieli turpoa",
            "huulet turpoa",
            "huulet turvo",
            "turvottaa kurkkua",
            "allerginen reaktio ja",
        ],
    ),
    (
        Sign::Anaphylaxis,
        Lang::Sv,
        &[
            "anafylak",
            "svalget svullnar",
            "tungan svullnar",
            "halsen svullnar",
            "allergisk chock",
            "svullnar läpparna",
            "läpparna svullnar",
            "svullna läppar",
        ],
    ),
    (
        Sign::Anaphylaxis,
        Lang::En,
        &[
            "anaphyla",
            "throat swelling",
            "throat is swelling",
            "tongue swelling",
            "allergic shock",
            "throat closing",
            "lips swelling",
            "lips are swelling",
        ],
    ),
    (Sign::FeverWord, Lang::Fi, &["kuume", "lämpö", "lämmöt", "lämpöä"]),
    (Sign::FeverWord, Lang::Sv, &["feber", "tempen"]),
    (Sign::FeverWord, Lang::En, &["fever", "temperature"]),
    (
        Sign::HighFever,
        Lang::Fi,
        &["korkea kuume", "kova kuume", "korkeaa kuumetta", "kovaa kuumetta", "korkealla kuumeessa"],
    ),
    (Sign::HighFever, Lang::Sv, &["hög feber", "högfeber", "väldigt hög feber"]),
    (Sign::HighFever, Lang::En, &["high fever", "very high temperature", "high temperature"]),
    (
        Sign::NoRelief,
        Lang::Fi,
        &[
            "=ei laske",
            "=ei auta",
            "=ei tehoa",
            "=ei lähde laskemaan",
            "!laske",
            "!auta",
            "!tehoa",
            "!laskenu",
            "!laskenut",
            "särkylääke =ei",
            "kuumelääke =ei",
        ],
    ),
    (
        Sign::NoRelief,
        Lang::Sv,
        &["går inte ner", "hjälper inte", "sjunker inte", "biter inte", "!går ner", "!hjälpt", "!hjälper", "!sjunker"],
    ),
    (
        Sign::NoRelief,
        Lang::En,
        &[
            "won't come down",
            "doesn't come down",
            "not coming down",
            "not going down",
            "doesn't help",
            "don't help",
            "not helping",
            "!helped",
        ],
    ),
    (
        Sign::StiffNeck,
        Lang::Fi,
        &["niska jäykk", "niskajäykk", "=ei pysty taivuttamaan niskaa", "pistemäinen ihottuma", "verenpurkaum"],
    ),
    (Sign::StiffNeck, Lang::Sv, &["stel nacke", "nackstel", "kan inte böja nacken"]),
    (Sign::StiffNeck, Lang::En, &["stiff neck", "neck is stiff", "purple rash", "rash doesn't fade"]),
    (
        Sign::Fracture,
        Lang::Fi,
        &[
            "murtu",
            "murtum",
            "luu poikki",
            "luunmurtum",
            "virheasen",
            "vino asento",
            "vinossa",
            "sijoiltaan",
            "paikoiltaan",
            "törröttää",
            "luu näkyy",
            "vääntyny",
            "naksahti",
            "rusahti",
        ],
    ),
    (
        Sign::Fracture,
        Lang::Sv,
        &[
            "bruten",
            "brutit",
            "benbrott",
            "fraktur",
            "ser sned ut",
            "snett",
            "ur led",
            "konstig vinkel",
            "felställ",
            "ben sticker ut",
            "knakade",
            "knäckt",
        ],
    ),
    (
        Sign::Fracture,
        Lang::En,
        &[
            "broken bone",
            "broken arm",
            "broken leg",
            "broken wrist",
            "broken ankle",
            "broken hip",
            "broken rib",
            "broken collarbone",
            "fractur",
            "dislocat",
            "looks crooked",
            "bent wrong",
            "weird angle",
            "bone sticking",
            "heard a crack",
            "heard a snap",
        ],
    ),
    (
        Sign::Swelling,
        Lang::Fi,
        &["turvo", "turpoa", "turpos", "turpoo", "turvonnut", "turvoks", "mustelma", "ruhjeet", "kuhmu", "patti"],
    ),
    (Sign::Swelling, Lang::Sv, &["svullen", "svullnad", "svullnat", "blåmärk", "knöl", "bula"]),
    (Sign::Swelling, Lang::En, &["swollen", "swelling", "bruised", "lump", "bump"]),
    (
        Sign::LossOfFunction,
        Lang::Fi,
        &[
            "=ei pysty liikutt",
            "=ei pysty liikuttamaan",
            "=ei voi liikuttaa",
            "=ei pysty varaa",
            "=ei voi varata",
            "=ei pysty kävele",
            "=ei pääse ylös",
            "=ei pysty seiso",
            "liikuttaminen =ei onnistu",
            "=ei kanna",
            "=ei pysty astumaan",
            "!pysty liikutt",
            "!voi liikutt",
            "!pysty varaa",
            "!voi varata",
            "!pysty kävel",
            "!pääse ylös",
            "!pysty seiso",
            "!pysty astu",
            "!kanna",
            "!pysty nostaa",
            "!pysty nostamaan",
        ],
    ),
    (
        Sign::LossOfFunction,
        Lang::Sv,
        &[
            "kan inte röra",
            "kan inte stödja",
            "kan inte gå",
            "kan inte stå",
            "kommer inte upp",
            "kan inte belasta",
            "kan inte lyfta",
            "!kan röra",
            "!kan stödja",
            "!kan gå",
            "!kan stå",
            "!kan belasta",
            "!kommer upp",
            "!kan lyfta",
        ],
    ),
    (
        Sign::LossOfFunction,
        Lang::En,
        &[
            "can't move",
            "cannot move",
            "can't put weight",
            "cannot put weight",
            "can't walk",
            "cannot walk",
            "can't stand",
            "can't get up",
            "unable to move",
            "can't lift",
            "!can move",
            "!able to move",
            "!put weight",
            "!walk on it",
            "!bear weight",
        ],
    ),
    (
        Sign::Trauma,
        Lang::Fi,
        &[
            "kaatui",
            "kaatu",
            "kaatunut",
            "putosi",
            "putos",
            "liukastu",
            "kompastu",
            "törmäsi",
            "onnettomuu",
            "loukkaantu",
            "kolari",
        ],
    ),
    (
        Sign::Trauma,
        Lang::Sv,
        &["ramlade", "föll", "halkade", "snubblade", "körde omkull", "krockade", "olycka", "landade på", "skadade"],
    ),
    (
        Sign::Trauma,
        Lang::En,
        &["fell", "fallen", "tripped", "slipped", "crashed", "accident", "landed on", "twisted", "injured"],
    ),
    (
        Sign::SeverePain,
        Lang::Fi,
        &[
            "kova kipu",
            "kovat kivut",
            "kovia kipuja",
            "kovaa kipua",
            "sietämätön kipu",
            "sietämättömä",
            "hirveä kipu",
            "hirveät kivut",
            "järkyttävä kipu",
            "kamala kipu",
            "kova vatsakipu",
            "kovat vatsakivut",
            "kova päänsärky",
            "kovin päänsärky",
            "kova särky",
            "kovaa särkyä",
        ],
    ),
    (
        Sign::SeverePain,
        Lang::Sv,
        &[
            "svår smärta",
            "svåra smärtor",
            "fruktansvärt ont",
            "jätteont",
            "väldigt ont",
            "olidlig",
            "outhärdlig",
            "kraftig smärta",
            "hemskt ont",
            "mycket ont",
        ],
    ),
    (
        Sign::SeverePain,
        Lang::En,
        &[
            "really bad pain",
            "severe pain",
            "terrible pain",
            "unbearable",
            "excruciating",
            "worst pain",
            "agonising",
            "agonizing",
            "very bad pain",
            "awful pain",
            "intense pain",
            "hurts a lot",
            "hurts so much",
            "hurts really bad",
        ],
    ),
    (
        Sign::PainOnset,
        Lang::Fi,
        &[
            "aamusta",
            "aamulla",
            "yöllä",
            "tänään",
            "äkillisesti",
            "äkkiä",
            "yhtäkkiä",
            "illalla alkoi",
            "eilisillasta",
            "muutama tunti",
            "tunti sitten",
            "tunnin",
            "tuntia",
            "tuntii",
            "syömisen jälkeen alkoi",
        ],
    ),
    (
        Sign::PainOnset,
        Lang::Sv,
        &["i morse", "sedan i morse", "i natt", "plötsligt", "idag", "i dag", "för en timme", "timmar", "timme"],
    ),
    (
        Sign::PainOnset,
        Lang::En,
        &[
            "this morning",
            "since this morning",
            "last night",
            "tonight",
            "suddenly",
            "today",
            "hour ago",
            "hours ago",
            "came on sudden",
            "for hours",
            "few hours",
        ],
    ),
    (
        Sign::AcuteAbdomen,
        Lang::Fi,
        &[
            "munuaiskivi",
            "munuaiskivik",
            "umpisuoli",
            "umpilisäke",
            "vatsa kova kuin lauta",
            "oikealla alavatsa",
            "oikea alavatsa",
            "alavatsa oikealla",
            "sappikivi",
            "sappikohtau",
            "napa ympäri",
        ],
    ),
    (
        Sign::AcuteAbdomen,
        Lang::Sv,
        &["njursten", "blindtarm", "njurstensanfall", "höger nedre", "nedre högra", "gallsten", "gallstensanfall"],
    ),
    (
        Sign::AcuteAbdomen,
        Lang::En,
        &[
            "kidney stone",
            "appendicitis",
            "appendix",
            "lower right side",
            "lower right",
            "right lower",
            "gallstone",
            "belly button",
        ],
    ),
    (
        Sign::Waves,
        Lang::Fi,
        &["aaltoina", "aaltomai", "kouristava kipu", "säteilee nivusiin", "säteilee nivuseen", "säteilee selkään"],
    ),
    (Sign::Waves, Lang::Sv, &["i vågor", "kommer i vågor", "strålar ner mot ljumsken"]),
    (Sign::Waves, Lang::En, &["in waves", "comes in waves", "groin"]),
    (
        Sign::UrinaryRetention,
        Lang::Fi,
        &[
            "=ei pysty virtsaamaan",
            "=ei pysty pissaamaan",
            "virtsa =ei tule",
            "pissa =ei tule",
            "!pysty virtsaa",
            "!pysty pissaa",
            "!virtsa tule",
            "!pissa tule",
            "virtsaumpi",
            "virtsaamp",
        ],
    ),
    (
        Sign::UrinaryRetention,
        Lang::Sv,
        &["kan inte kissa", "kan inte urinera", "kommer inget kiss", "urinstämma", "!kan kissa", "!kan urinera"],
    ),
    (
        Sign::UrinaryRetention,
        Lang::En,
        &[
            "can't pee",
            "cannot pee",
            "can't urinate",
            "unable to pee",
            "unable to urinate",
            "urinary retention",
            "!able to pee",
            "!able to urinate",
        ],
    ),
    (
        Sign::WoundStitches,
        Lang::Fi,
        &[
            "tikattava",
            "tikkejä tarvi",
            "tarvii tikit",
            "tarvitsee tikit",
            "tarvis tikit",
            "syvä haava",
            "haava syvä",
            "haava on syvä",
            "ammottava haava",
            "haava ammottaa",
            "haava aukeaa",
            "reunat auke",
            "ommella",
            "ommeltava",
        ],
    ),
    (
        Sign::WoundStitches,
        Lang::Sv,
        &["behöver sys", "måste sys", "djupt sår", "djupt jack", "gapande sår", "såret gapar", "=sys"],
    ),
    (
        Sign::WoundStitches,
        Lang::En,
        &[
            "needs stitches",
            "need stitches",
            "deep cut",
            "gaping wound",
            "wound is gaping",
            "cut is deep",
            "wound gaping",
            "needs to be stitched",
        ],
    ),
    (
        Sign::HeadInjury,
        Lang::Fi,
        &["löi päänsä", "lyönyt päänsä", "pää osui", "päävamma", "aivotärähd", "kaatui päälleen"],
    ),
    (Sign::HeadInjury, Lang::Sv, &["slog huvudet", "slagit huvudet", "huvudskada", "hjärnskakning"]),
    (
        Sign::HeadInjury,
        Lang::En,
        &["hit head", "hit her head", "hit his head", "head injury", "concussion", "banged head"],
    ),
    (Sign::Vomiting, Lang::Fi, &["oksent", "sekava", "sekavuus", "uninen"]),
    (Sign::Vomiting, Lang::Sv, &["kräk", "kräks", "förvirrad", "sömnig"]),
    (Sign::Vomiting, Lang::En, &["vomit", "throwing up", "threw up", "confused", "drowsy"]),
    (
        Sign::UrgentToday,
        Lang::Fi,
        &[
            "=ei voi odottaa maanantai",
            "=ei voi odottaa aamuun",
            "tarvii lääkäriä heti",
            "tarvitsee lääkäriä heti",
            "pitäiskö lähteä päivystykseen",
            "pitäisikö mennä päivystykseen",
            "lähteä päivystykseen",
            "mennä päivystykseen",
            "päivystyksellinen",
        ],
    ),
    (
        Sign::UrgentToday,
        Lang::Sv,
        &["kan inte vänta till måndag", "behöver läkare i natt", "åka till jouren", "fara till jouren", "till akuten"],
    ),
    (
        Sign::UrgentToday,
        Lang::En,
        &[
            "can't wait until monday",
            "cannot wait until monday",
            "go to the er",
            "go to emergency",
            "go to the emergency room",
            "need a doctor tonight",
            "needs a doctor tonight",
        ],
    ),
    (Sign::Burn, Lang::Fi, &["palovamm", "palovammoja", "polttanut itsensä", "kiehuvaa vettä päälle", "rakkuloilla"]),
    (Sign::Burn, Lang::Sv, &["brännskad", "skållad", "skållat"]),
    (Sign::Burn, Lang::En, &["burned", "burnt", "scalded", "burn on"]),
    (
        Sign::Night,
        Lang::Fi,
        &["=yö", "=yöllä", "=nyt on yö", "=yötä", "keskellä yötä", "=ilta", "=illalla", "viikonloppu", "=yä", "yällä"],
    ),
    (Sign::Night, Lang::Sv, &["=natt", "=natten", "i natt", "mitt i natten", "=kväll", "ikväll", "på natten"]),
    (Sign::Night, Lang::En, &["night", "tonight", "middle of the night", "evening", "weekend"]),
    (
        Sign::Dental,
        Lang::Fi,
        &["hammas", "hampaa", "hammassärk", "hampaat", "poskihamm", "ien", "=tandläkare", "paikka irtos", "proteesi"],
    ),
    (Sign::Dental, Lang::Sv, &["tand", "tänder", "tandvärk", "tandkött", "tanden"]),
    (Sign::Dental, Lang::En, &["tooth", "teeth", "dental", "gum", "filling"]),
    (
        Sign::AbdominalPain,
        Lang::Fi,
        &[
            "vatsakip",
            "vatsa kipe",
            "vatsaan sattu",
            "vatsaa särk",
            "vatta kipi",
            "vattaan",
            "mahakip",
            "maha kipe",
            "masu kipe",
            "ylävatsa",
            "alavatsa",
            "vatsakivu",
        ],
    ),
    (Sign::AbdominalPain, Lang::Sv, &["ont i magen", "magont", "magsmärt", "buksmärt", "ont i buken", "magknip"]),
    (
        Sign::AbdominalPain,
        Lang::En,
        &[
            "stomach pain",
            "stomach ache",
            "stomachache",
            "belly pain",
            "abdominal pain",
            "tummy pain",
            "pain in my stomach",
            "pain in the belly",
            "pain in her stomach",
            "pain in his stomach",
        ],
    ),
    (
        Sign::Worsening,
        Lang::Fi,
        &["pahenee", "pahenoo", "pahentun", "yhä pahempi", "koko ajan pahempi", "pahemmaksi", "pahenemist"],
    ),
    (Sign::Worsening, Lang::Sv, &["blir värre", "förvärras", "värre och värre", "allt värre"]),
    (Sign::Worsening, Lang::En, &["getting worse", "worse and worse", "worsening", "gets worse", "got worse"]),
    (Sign::ThreatVerb, Lang::Fi, &["uhkaa", "uhkailee", "uhkaili", "uhannut", "uhkasi"]),
    (Sign::ThreatVerb, Lang::Sv, &["hotar", "hotade", "hotat"]),
    (
        Sign::ThreatVerb,
        Lang::En,
        &["threaten", "threatening", "threatened", "shouting that", "screaming that", "says he will", "said he will"],
    ),
    (
        Sign::Jest,
        Lang::Fi,
        &["=xd", "=:d", "tällä menolla", "=hah", "=haha", "=hahaha", "=lol", "ei siis mitään hätää", "vitsi"],
    ),
    (Sign::Jest, Lang::Sv, &["=haha", "=lol", "skämt", "på skoj"]),
    (
        Sign::Jest,
        Lang::En,
        &["=lol", "=haha", "=lmao", "just kidding", "joking", "killing me", "is killing me", "figure of speech"],
    ),
    (Sign::Fracture, Lang::Fi, &["vinolt", "näyttää vinolta", "näyttää oudolta", "asento outo"]),
    (Sign::Bleeding, Lang::Sv, &["sprutar blod", "blod sprutar", "blodet rinner", "forsar"]),
    (
        Sign::BreathingSevere,
        Lang::Sv,
        &[
            "får ingen luft",
            "bli =blå",
            "blir =blå",
            "blev =blå",
            "något i halsen",
            "fastnat i halsen",
            "satt i halsen",
        ],
    ),
    (
        Sign::BreathingSevere,
        Lang::En,
        &[
            "turning blue",
            "going blue",
            "stuck in his throat",
            "stuck in her throat",
            "something in his throat",
            "something in her throat",
        ],
    ),
    (
        Sign::BreathingSevere,
        Lang::Fi,
        &["jäänyt kurkkuun", "juuttunut kurkkuun", "meni henkeen", "sinistyy", "muuttuu siniseksi"],
    ),
    (Sign::SeverePain, Lang::En, &["strong pain", "strong stomach pain", "sharp pain", "severe stomach"]),
    (Sign::SeverePain, Lang::Fi, &["kovasti kipeä", "itkee kovasti", "hirveesti kipee", "tosi kova kipu"]),
    (Sign::AcuteAbdomen, Lang::Fi, &["oikealla alhaalla", "oikialla alhaalla", "oikea alaosa", "alhaalla oikealla"]),
    (Sign::PainOnset, Lang::Fi, &["eilen", "alkoi eilen", "alakoi eilen", "eilen illalla"]),
    (Sign::Vomiting, Lang::Fi, &["oksetta", "oksentanut", "oksentanu"]),
    (Sign::Trauma, Lang::Fi, &["tippu", "tippui", "kaatunu", "putos"]),
    (
        Sign::BreathingSevere,
        Lang::Fi,
        &["veti henkeen", "vetänyt henkeen", "henkeen meni", "!saa ääntä", "naama sinin"],
    ),
    (Sign::BreathingSevere, Lang::Sv, &["satte i halsen", "fick i halsen", "!få fram ljud"]),
    (
        Sign::BreathingSevere,
        Lang::En,
        &["choked on", "inhaled a", "can't make a sound", "turning blue", "lips turning"],
    ),
    (Sign::Violence, Lang::Sv, &["=slår", "=slog", "misshandlar", "knivhugg", "skjuter"]),
    (Sign::Violence, Lang::Fi, &["lopeta isi", "isi lopeta", "pamahduk", "lyö äitiä", "lyö lasta", "lyö vaimoa"]),
    (Sign::Violence, Lang::En, &["hitting her", "hitting him", "beating her", "beating him", "drunk driving with"]),
    (Sign::ThreatVerb, Lang::En, &["texting that", "texted that", "writing that", "wrote that", "messaging that"]),
    (Sign::ThreatVerb, Lang::Fi, &["viestittää että", "kirjoittaa että", "sanoo että"]),
    (Sign::ThreatVerb, Lang::Sv, &["skriver att", "sms:ar att", "säger att han ska"]),
    (
        Sign::SuicideIntent,
        Lang::En,
        &["cut her wrists", "cut his wrists", "cut my wrists", "slit her wrists", "slit his wrists"],
    ),
    (Sign::SuicideIntent, Lang::Fi, &["viilsi ranteensa", "viiltänyt ranteensa", "ranteet auki", "viilteli ranteita"]),
    (Sign::SuicideIntent, Lang::Sv, &["skar sig i handlederna", "skurit sig i handlederna", "skar upp handlederna"]),
    (Sign::SuicidePlan, Lang::En, &["cut her wrists", "cut his wrists", "slit her wrists", "slit his wrists"]),
    (Sign::SuicidePlan, Lang::Fi, &["viilsi ranteensa", "viiltänyt ranteensa", "ranteet auki"]),
    (Sign::SuicidePlan, Lang::Sv, &["skar sig i handlederna", "skurit sig i handlederna"]),
    (Sign::Fracture, Lang::Fi, &["vääränä", "väärässä asennossa", "vääntyny", "mutkalla"]),
    (Sign::Swelling, Lang::Fi, &["turvon", "turvonnu", "turpos"]),
    (
        Sign::UrinaryRetention,
        Lang::Fi,
        &[
            "!saanu pissattua",
            "!saa pissattua",
            "!saanut virtsattua",
            "!saa virtsattua",
            "!pissa tuu",
            "rakko pullollaan",
            "alavatsa pullollaan",
        ],
    ),
    (Sign::UrinaryRetention, Lang::Sv, &["!fått kissa", "!kunnat kissa", "blåsan full"]),
    (Sign::UrinaryRetention, Lang::En, &["!been able to pee", "!able to pee", "bladder full", "bladder is full"]),
    (Sign::FlankPain, Lang::Sv, &["ryggen på höger", "ryggen på vänster", "ländryggen och feber"]),
    (Sign::FlankPain, Lang::Fi, &["selkään oikealla", "selkään vasemmalla", "selkä oikealta"]),
    (Sign::Hives, Lang::Sv, &["kliar över hela kroppen", "utslag över hela kroppen", "utslag på hela kroppen"]),
    (Sign::Hives, Lang::Fi, &["ihottuma koko kroppaan", "ihottumaa koko kehossa", "ihottuma koko vartalo"]),
    (Sign::Hives, Lang::En, &["rash all over", "itchy rash all over", "rash over my whole body"]),
    (Sign::AcuteAbdomen, Lang::En, &["hurts to walk", "hurts to cough", "hurts when i walk", "hurts when i cough"]),
    (Sign::AcuteAbdomen, Lang::Fi, &["sattuu kävellessä", "sattuu yskiessä", "kävely sattuu"]),
    (Sign::AcuteAbdomen, Lang::Sv, &["ont att gå", "ont när jag hostar", "ont när jag går"]),
    (Sign::PainOnset, Lang::En, &["since yesterday", "yesterday"]),
    (Sign::PainOnset, Lang::Sv, &["sedan igår", "igår"]),
    (Sign::Bite, Lang::Fi, &["koira puri", "koiran purema", "puremahaava", "käärme puri", "kyy puri", "kyyn purema"]),
    (Sign::Bite, Lang::Sv, &["hunden bet", "hundbett", "bett av hund", "huggorm", "ormbett"]),
    (Sign::Bite, Lang::En, &["dog bit", "dog bite", "bitten by a dog", "snake bit", "snake bite", "adder bite"]),
    (Sign::Bleeding, Lang::En, &["so much blood", "much blood"]),
    (Sign::ChildDanger, Lang::Fi, &["lapsen huutoa", "lapsi huutaa", "pienen lapsen huuto"]),
    (
        Sign::SuicideMeans,
        Lang::Fi,
        &[
            "köysi",
            "köyden",
            "köyttä",
            "hirttää",
            "hirttäyty",
            "hirttosilmu",
            "hypätä sillalta",
            "hypätä katolta",
            "pillerit valmiina",
        ],
    ),
    (
        Sign::SuicideMeans,
        Lang::Sv,
        &["=rep", "=repet", "köpt rep", "snara", "hänga sig", "hoppa från", "tabletterna redo"],
    ),
    (
        Sign::SuicideMeans,
        Lang::En,
        &["rope", "noose", "hang himself", "hang herself", "hang myself", "jump off", "pills ready"],
    ),
    (Sign::SuicidePlan, Lang::Sv, &["göra det", "bestämt sig", "tänker göra", "ska göra det"]),
    (Sign::SuicidePlan, Lang::Fi, &["tehdä sen", "aikoo tehdä", "päättänyt tehdä"]),
    (Sign::SuicidePlan, Lang::En, &["do it", "going to do it", "made up his mind", "made up her mind"]),
    (
        Sign::ChildPeril,
        Lang::Fi,
        &[
            "parvekkeen kaite",
            "parvekkeen kaiteella",
            "ikkunalaudalla",
            "ikkunasta ulos",
            "lapsi jäällä",
            "lapsi avannossa",
            "taapero tiellä",
            "lapsi katolla",
            "roikkuu ikkunasta",
        ],
    ),
    (
        Sign::ChildPeril,
        Lang::Sv,
        &[
            "balkongräcke",
            "balkongräcket",
            "klättrar på balkong",
            "fönsterbrädan",
            "klättrar ut genom fönstret",
            "barn på isen",
            "barnet på isen",
            "hänger i fönstret",
        ],
    ),
    (
        Sign::ChildPeril,
        Lang::En,
        &[
            "balcony railing",
            "climbing on the balcony",
            "out of the window",
            "window ledge",
            "kid on the ice",
            "child on the ice",
            "toddler on the road",
        ],
    ),
    (
        Sign::FlankPain,
        Lang::Fi,
        &["kylkeen sattu", "kylki kipe", "kylkikip", "kylkeen koske", "munuaisen kohdalt", "munuaiset kipe"],
    ),
    (Sign::FlankPain, Lang::Sv, &["ont i sidan", "smärta i sidan", "ont i flanken", "ont i njurarna", "njursmärt"]),
    (
        Sign::FlankPain,
        Lang::En,
        &[
            "flank pain",
            "pain in my side",
            "pain in the side",
            "side hurts",
            "kidney pain",
            "pain in her side",
            "pain in his side",
        ],
    ),
    (Sign::Hives, Lang::Fi, &["nokkosihottum", "nokkosrokko", "paukamia koko"]),
    (Sign::Hives, Lang::Sv, &["nässelutslag", "nässelfeber", "kliande utslag över hela"]),
    (Sign::Hives, Lang::En, &["hives", "urticaria", "welts all over"]),
    (Sign::Safe, Lang::Fi, &["turvassa", "turvakoti", "turvakodissa", "turvaan"]),
    (Sign::Safe, Lang::Sv, &["i trygghet", "i säkerhet", "skyddshem", "skyddat boende", "är trygg"]),
    (Sign::Safe, Lang::En, &["safe now", "in safety", "shelter", "safe place", "i am safe"]),
    (Sign::LossOfFunction, Lang::Sv, &["!kan stöda", "kan int stöda", "kan inte stöda", "!kan stå på"]),
    (
        Sign::UrgentToday,
        Lang::Fi,
        &[
            "kattoa vielä tänään",
            "katsoa vielä tänään",
            "lääkäri tänään",
            "lääkäri katsoo tänään",
            "vielä tänään lääkäri",
            "pitäiskö jonkun kattoa",
        ],
    ),
    (
        Sign::UrgentToday,
        Lang::Sv,
        &[
            "läkare ser på henne idag",
            "läkare ser på honom idag",
            "läkare idag",
            "röntgas idag",
            "röntgas ännu idag",
            "ännu idag",
        ],
    ),
    (Sign::UrgentToday, Lang::En, &["see a doctor today", "seen by a doctor today", "doctor today", "seen today"]),
    // What the caller sees rather than what it is called.
    (
        Sign::Figure,
        Lang::Fi,
        &[
            "sydän hakkaa",
            "sydän hakkas",
            "sydän pamppailee",
            "duuni tappaa",
            "työ tappaa",
            "työt tappaa",
            "stressi tappaa",
            "tylsyys tappaa",
            "kuolen tylsyyteen",
            "kuolla tylsyyteen",
            "kuolen nauruun",
            "kuolin nauruun",
            "nauroin kuoliaaksi",
            "elvytyskurssi",
            "ensiapukurssi",
            "ea-kurssi",
            "hukun velkoihin",
            "hukkuu velkoihin",
            "hukkumassa velkoihin",
            "hukun töihin",
            "hukkuu töihin",
            "hukkumassa töihin",
            "hukkumassa laskuihin",
            "hukun paperitöihin",
        ],
    ),
    (
        Sign::Figure,
        Lang::Sv,
        &[
            "dör av tristess",
            "dör av tråkighet",
            "dör av skratt",
            "skrattade ihjäl",
            "jobbet dödar",
            "jobbet tar livet av",
            "stressen tar livet av",
            "hjärtat bultar",
            "hjärtat dunkar",
            "hlr-kurs",
            "första hjälpen-kurs",
            "första hjälpen kurs",
            "drunknar i skulder",
            "drunknar i jobb",
            "drunknar i arbete",
            "drunknar i räkningar",
            "drunknar i papper",
        ],
    ),
    (
        Sign::Figure,
        Lang::En,
        &[
            "dying to",
            "dying for",
            "bored to death",
            "scared to death",
            "worried to death",
            "heart pounding",
            "heart is pounding",
            "heart was pounding",
            "job is killing me",
            "work is killing me",
            "stress is killing me",
            "died laughing",
            "cpr course",
            "first aid course",
            "drowning in debt",
            "drowning in work",
            "drowning in bills",
            "drowning in paperwork",
        ],
    ),
    (
        Sign::Drowsy,
        Lang::Fi,
        &[
            "veltto",
            "=lötkö",
            "lötköksi",
            "nukahtelee",
            "nukahtaa koko ajan",
            "silmät painuu kiinni",
            "=ei liiku",
            "ei itke eikä liiku",
            "puhuu outoja",
            "!pysy hereillä",
            "!pysy hereil",
            "!saa pidettyä hereillä",
            "!jaksa pitää silmiä auki",
            "!pysty pitämään silmiä auki",
        ],
    ),
    (
        Sign::Drowsy,
        Lang::Sv,
        &[
            "somnar hela tiden",
            "somnar om och om",
            "somnar hela",
            "slapp i hela kroppen",
            "=rör sig inte",
            "pratar konstigt",
            "!hålla sig vaken",
            "!hålla honom vaken",
            "!hålla henne vaken",
            "!hålla ögonen öppna",
            "!går att hålla vaken",
        ],
    ),
    (
        Sign::Drowsy,
        Lang::En,
        &[
            "keeps falling asleep",
            "keeps nodding off",
            "floppy",
            "barely awake",
            "not moving",
            "mumbling",
            "talking strangely",
            "!keep her awake",
            "!keep him awake",
            "!keep them awake",
            "!stay awake",
            "!keep her eyes open",
            "!keep his eyes open",
        ],
    ),
    (
        Sign::Cold,
        Lang::Fi,
        &["lumessa", "lumihangessa", "hangessa", "jääkylmä", "iskylmä", "kohmeessa", "paleltu", "kylmettyn"],
    ),
    (Sign::Cold, Lang::Sv, &["i snön", "iskall", "nedkyld", "genomfrusen", "stelfrusen"]),
    (Sign::Cold, Lang::En, &["in the snow", "ice cold", "freezing cold", "hypotherm", "frozen stiff"]),
    (
        Sign::FoundLying,
        Lang::Fi,
        &["makaa maassa", "makaa lattialla", "makaamassa", "makaavan", "löysin makaa", "löyty makaa"],
    ),
    (Sign::FoundLying, Lang::Sv, &["liggande", "ligger på golvet", "ligger i snön", "låg på marken"]),
    (
        Sign::FoundLying,
        Lang::En,
        &["lying in the", "lying on the", "found him lying", "found her lying", "on the ground"],
    ),
    (
        Sign::Drowning,
        Lang::Fi,
        &[
            "hukku",
            "hukkumai",
            "veden alta",
            "vedestä ylös",
            "nostettiin vedestä",
            "vedettiin vedestä",
            "nostin vedestä",
            "elvyttä",
            "elvytys",
            "paineluelvyt",
            "puhaltaa sitä",
            "puhaltaa suuhun",
        ],
    ),
    (
        Sign::Drowning,
        Lang::Sv,
        &["drunkn", "ur vattnet", "under vattnet", "hjärt-lungräddning", "=hlr", "gör hlr", "blåser in luft"],
    ),
    (
        Sign::Drowning,
        Lang::En,
        &["drown", "out of the water", "under the water", "underwater", "=cpr", "rescue breaths", "chest compressions"],
    ),
    (
        Sign::ChildMention,
        Lang::Fi,
        &[
            "taapero",
            "vauva",
            "pikkunen",
            "pikkulapsi",
            "pikkupoika",
            "pikkutyttö",
            "yksivuotia",
            "kaksvuotia",
            "kolmevuotia",
            "nelivuotia",
            "viisivuotia",
            "1-vuotia",
            "2-vuotia",
            "3-vuotia",
            "4-vuotia",
            "5-vuotia",
            "=1v",
            "=2v",
            "=3v",
            "=4v",
        ],
    ),
    (
        Sign::ChildMention,
        Lang::Sv,
        &[
            "bebis",
            "småbarn",
            "ettåring",
            "tvååring",
            "treåring",
            "fyraåring",
            "femåring",
            "1-åring",
            "2-åring",
            "3-åring",
            "liten pojke",
            "liten flicka",
            "litet barn",
            "min lilla",
        ],
    ),
    (
        Sign::ChildMention,
        Lang::En,
        &[
            "toddler",
            "baby",
            "infant",
            "little boy",
            "little girl",
            "one-year-old",
            "two-year-old",
            "three-year-old",
            "four-year-old",
            "1-year-old",
            "2-year-old",
            "3-year-old",
            "4-year-old",
        ],
    ),
    (Sign::AloneOut, Lang::Fi, &["yksin", "=ei aikuista", "ei aikuisia", "kukaan aikuinen"]),
    (Sign::AloneOut, Lang::Sv, &["ensam", "ingen vuxen", "utan vuxen"]),
    (Sign::AloneOut, Lang::En, &["alone", "no adult", "no grown-up", "on his own", "on her own"]),
    (
        Sign::Hazard,
        Lang::Fi,
        &["tiellä", "maantie", "autotie", "valtatie", "liikentee", "pakkasessa", "pakkasta", "jäällä", "rannassa"],
    ),
    (Sign::Hazard, Lang::Sv, &["vägen", "gatan", "trafiken", "minusgrader", "kylan", "isen", "vattnet"]),
    (Sign::Hazard, Lang::En, &["road", "street", "traffic", "freezing", "in the cold", "on the ice", "water"]),
    (
        Sign::Hiding,
        Lang::Fi,
        &["piiloudun", "piilossa", "soitan vessasta", "lukinnut itseni", "lukittautu", "soitan hiljaa", "ihan hiljaa"],
    ),
    (Sign::Hiding, Lang::Sv, &["gömmer mig", "låst in mig", "ringer från toaletten", "viskar"]),
    (Sign::Hiding, Lang::En, &["hiding in", "locked myself in", "calling from the bathroom", "whispering"]),
    (
        Sign::Violence,
        Lang::Fi,
        &[
            "löi nyrkillä",
            "löi mua",
            "löi minua",
            "lyöny mua",
            "hakkas mua",
            "paiskoo",
            "paiskoo tavaroita",
            "tuli väkisin",
            "murtautui",
            "potkaisi oven",
            "rikkoo paikkoja",
        ],
    ),
    (
        Sign::Violence,
        Lang::Sv,
        &["slog mig", "slog till mig", "kastar saker", "tog sig in", "bröt sig in", "sparkade in"],
    ),
    (
        Sign::Violence,
        Lang::En,
        &["punched me", "hit me", "broke in", "forced his way in", "forced her way in", "throwing things", "smashing"],
    ),
    (
        Sign::ThreatToLife,
        Lang::Fi,
        &["=elävänä", "hengiltä", "tapan sut", "tapan sinut", "tapan teidät", "hengen lähtö"],
    ),
    (Sign::ThreatToLife, Lang::Sv, &["levande härifrån", "ut levande", "dödar dig", "döda dig"]),
    (Sign::ThreatToLife, Lang::En, &["out of here alive", "leave alive", "kill you"]),
    (
        Sign::SuicidePlan,
        Lang::Fi,
        &["viimeinen kerta", "viimenen kerta", "viimeisen kerran", "hyvästi", "teipattu", "teipannut"],
    ),
    (Sign::SuicidePlan, Lang::Sv, &["sista gången", "för sista gången", "farväl", "tejpat"]),
    (Sign::SuicidePlan, Lang::En, &["last time i call", "for the last time", "farewell", "taped"]),
    (Sign::Overdose, Lang::Sv, &["brandvarnaren tjuter", "kolmonoxidförgiftning"]),
    (Sign::Overdose, Lang::En, &["carbon monoxide poisoning"]),
    (Sign::Alarm, Lang::Fi, &["hälyttää", "hälytti", "piippaa", "piippas", "piippasi", "huutaa", "=soi"]),
    (Sign::Alarm, Lang::Sv, &["tjuter", "larmar", "larmade", "piper", "pep"]),
    (Sign::Alarm, Lang::En, &["going off", "went off", "beeping", "sounding", "alarm is on"]),
    (
        Sign::Streak,
        Lang::Fi,
        &[
            "punainen juova",
            "punainen raita",
            "punainen viiva",
            "punoitus leviää",
            "punotus leviää",
            "punoittaa ja leviää",
        ],
    ),
    (Sign::Streak, Lang::Sv, &["röd strimma", "rött streck", "rodnaden sprider", "rodnad som sprider", "röd rand"]),
    (
        Sign::Streak,
        Lang::En,
        &["red line", "red streak", "redness spreading", "spreading redness", "red and spreading"],
    ),
    (
        Sign::Dehydration,
        Lang::Fi,
        &[
            "kuiva vaippa",
            "kuivia vaippoja",
            "vaippa kuiva",
            "märkä vaippa",
            "märkiä vaippoja",
            "!suostu juomaan",
            "=ei juo",
            "juo vain vähän",
            "muutaman kulauksen",
            "!pissannut",
            "!pissannu",
        ],
    ),
    (
        Sign::Dehydration,
        Lang::Sv,
        &[
            "torra blöjor",
            "torr blöja",
            "blöt blöja",
            "blöta blöjor",
            "dricker inte",
            "vill inte dricka",
            "några klunkar",
        ],
    ),
    (
        Sign::Dehydration,
        Lang::En,
        &[
            "wet nappy",
            "wet nappies",
            "wet diaper",
            "wet diapers",
            "dry nappy",
            "dry diaper",
            "won't drink",
            "not drinking",
            "few sips",
        ],
    ),
    (Sign::Vomiting, Lang::Fi, &["ripuli", "ripuloi"]),
    (Sign::Vomiting, Lang::Sv, &["diarré", "kräkningar"]),
    (Sign::Vomiting, Lang::En, &["diarrhoea", "diarrhea", "vomiting"]),
    // A seizure: jerking that goes on, a seizure that does not stop (status epilepticus).
    (
        Sign::Jerking,
        Lang::Fi,
        &["nytky", "nykii", "nykiv", "nytkyttää", "sätkii", "sätkiv", "kourista", "tärisee koko"],
    ),
    (Sign::Jerking, Lang::Sv, &["rycker", "ryckningar", "ryckig", "skakar i hela", "spasm"]),
    (Sign::Jerking, Lang::En, &["jerking", "twitching all over", "shaking all over", "convulsions"]),
    (
        Sign::SeizureWord,
        Lang::Fi,
        &[
            "=kohtaus",
            "=kohtauksen",
            "=kohtauksia",
            "=kohtaukset",
            "=kohtaukse",
            "epilep",
            "kouristus",
            "kramppikohtau",
        ],
    ),
    (Sign::SeizureWord, Lang::Sv, &["=anfall", "=anfallet", "epilep", "krampanfall"]),
    (Sign::SeizureWord, Lang::En, &["seizure", "epilep", "=fit"]),
    (
        Sign::NotStopping,
        Lang::Fi,
        &[
            "!lopu",
            "!loppu",
            "!lakkaa",
            "!lakannu",
            "!lakannut",
            "!tyrehdy",
            "!tyrehtyny",
            "!tyrehtynyt",
            "!asetu",
            "jatkunut yli",
            "jatkunu yli",
            "kestäny yli",
            "kestänyt yli",
            "jatkuu vaan",
            "yli minuuttia",
        ],
    ),
    (
        Sign::NotStopping,
        Lang::Sv,
        &["!slutar", "!slutat", "!upphör", "!stannar", "pågått över", "hållit på över", "över minuter", "fortfarande"],
    ),
    (
        Sign::NotStopping,
        Lang::En,
        &[
            "!stop",
            "!stopped",
            "!stopping",
            "still going",
            "still bleeding",
            "still shaking",
            "more than minutes",
            "over minutes",
        ],
    ),
    // Carbon monoxide: a stove or sauna with the damper shut, an engine or generator indoors.
    (
        Sign::CarbonMonoxide,
        Lang::Fi,
        &[
            "häkä",
            "häkää",
            "häkämyrky",
            "hiilimonoksid",
            "pelti kiinni",
            "peltiä kiinni",
            "pellit kiinni",
            "pelti oli kiinni",
            "häkävaroitin hälyttää",
            "häkävaroitin piippaa",
            "aggregaatti sisällä",
        ],
    ),
    (
        Sign::CarbonMonoxide,
        Lang::Sv,
        &["kolmonoxid", "koloxid", "kolos", "spjället stängt", "spjället igen", "spjället var stängt", "co-larm"],
    ),
    (
        Sign::CarbonMonoxide,
        Lang::En,
        &[
            "carbon monoxide",
            "co alarm",
            "co detector",
            "damper closed",
            "damper was closed",
            "flue was closed",
            "generator indoors",
        ],
    ),
    (
        Sign::Headache,
        Lang::Fi,
        &[
            "päänsärk",
            "pääkipu",
            "pääkipua",
            "päätä särk",
            "pää kipe",
            "pää on kipe",
            "päähän sattuu",
            "migreeni",
            "migreeeni",
        ],
    ),
    (Sign::Headache, Lang::Sv, &["huvudvärk", "ont i huvudet", "huvudet värker", "migrän"]),
    (Sign::Headache, Lang::En, &["headache", "migraine", "head is pounding", "head hurts"]),
    // Sudden confusion: not knowing one's own people, talking nonsense.
    (
        Sign::Confusion,
        Lang::Fi,
        &[
            "sekava",
            "sekavia",
            "sekavasti",
            "sekaisin",
            "desorientoi",
            "!tunnista minua",
            "!tunnista meitä",
            "!tunnista omai",
            "!tunnista lapsi",
            "!tunne minua",
            "!tunne meitä",
            "!tiedä missä on",
            "!tiedä missä ollaan",
        ],
    ),
    (
        Sign::Confusion,
        Lang::Sv,
        &[
            "förvirrad",
            "förvirrat",
            "virrig",
            "desorienterad",
            "!känner igen mig",
            "!känner igen oss",
            "!känner igen",
            "!vet var han",
            "!vet var hon",
            "!förstår vad jag",
        ],
    ),
    (
        Sign::Confusion,
        Lang::En,
        &[
            "confused",
            "disoriented",
            "disorientated",
            "!recognise",
            "!recognize",
            "not making sense",
            "talking gibberish",
            "!know where he is",
            "!know where she is",
        ],
    ),
    (
        Sign::Sudden,
        Lang::Fi,
        &[
            "yhtäkkiä",
            "yhtäkkii",
            "äkkiä",
            "äkisti",
            "äkillise",
            "äkillin",
            "yhtäkkinen",
            "yhtäkkisesti",
            "normaali sitten",
            "kunnossa sitten",
            "=tolkuissaan sitten",
        ],
    ),
    (
        Sign::Sudden,
        Lang::Sv,
        &["plötsligt", "hastigt", "med ens", "på en gång", "helt klar för", "normal för", "pigg för", "helt klar sen"],
    ),
    (
        Sign::Sudden,
        Lang::En,
        &[
            "suddenly",
            "all of a sudden",
            "out of nowhere",
            "out of the blue",
            "fine an hour ago",
            "normal an hour ago",
            "fine this morning",
        ],
    ),
    (Sign::EarPain, Lang::Fi, &["korvakipu", "korvakipua", "korvatulehdus", "korvatulehdu", "korvasärky"]),
    (Sign::EarPain, Lang::Sv, &["öronvärk", "öroninflammation", "ont i örat", "ont i öronen"]),
    (Sign::EarPain, Lang::En, &["earache", "ear ache", "ear infection", "ear pain"]),
    // Legs that cannot be felt or moved (after a fall: the spine).
    (
        Sign::Paralysis,
        Lang::Fi,
        &[
            "!tunne jalkoja",
            "!tunne jalkojaan",
            "!tunne jalkoi",
            "!tunne jalkansa",
            "!tunne jalkaa",
            "!liikuta jalkoja",
            "!saa liikutettua jalkoja",
            "jalat ei liiku",
        ],
    ),
    (
        Sign::Paralysis,
        Lang::Sv,
        &["!känner benen", "!känner sina ben", "!känner något i benen", "!kan röra benen", "!rör benen"],
    ),
    (
        Sign::Paralysis,
        Lang::En,
        &[
            "!feel his legs",
            "!feel her legs",
            "!feel my legs",
            "!feel their legs",
            "!move his legs",
            "!move her legs",
            "!move my legs",
        ],
    ),
    (
        Sign::BackPain,
        Lang::Fi,
        &["selkä", "selkään", "selkää", "selässä", "ristiselkä", "alaselkä", "noidannuoli", "iskias", "välilevy"],
    ),
    (Sign::BackPain, Lang::Sv, &["ryggen", "ryggont", "ryggskott", "ländrygg", "ischias", "diskbråck"]),
    (
        Sign::BackPain,
        Lang::En,
        &["lower back", "back pain", "back went", "my back", "sciatica", "slipped disc", "herniated disc"],
    ),
    (
        Sign::Numbness,
        Lang::Fi,
        &[
            "puutuu",
            "puutunut",
            "puutunu",
            "puuduttaa",
            "tunnoton",
            "tunnottom",
            "pistelee",
            "kihelmöi",
            "turta",
            "turtunut",
        ],
    ),
    (Sign::Numbness, Lang::Sv, &["domnar", "domnat", "domning", "bortdomnad", "känsellös", "stickningar", "stickande"]),
    (Sign::Numbness, Lang::En, &["numb", "tingl", "pins and needles", "no feeling", "lost feeling"]),
    (
        Sign::Incontinence,
        Lang::Fi,
        &[
            "virtsa karkaa",
            "pissat tuli alle",
            "pissat tulee alle",
            "kastellut housu",
            "!pidätä virtsaa",
            "!pidätä pissaa",
            "!pidätä ulostetta",
            "ulosteet karkaa",
        ],
    ),
    (
        Sign::Incontinence,
        Lang::Sv,
        &["kissat på sig", "kissar på sig", "bajsat på sig", "!hålla urinen", "!hålla tätt", "läcker urin"],
    ),
    (
        Sign::Incontinence,
        Lang::En,
        &[
            "wet myself",
            "wet himself",
            "wet herself",
            "!control my bladder",
            "lost control of",
            "!control his bladder",
            "!control her bladder",
        ],
    ),
    (
        Sign::NoseBleed,
        Lang::Fi,
        &[
            "nenäverenvuo",
            "nenä vuotaa",
            "nenästä vuotaa",
            "nenästä tulee verta",
            "nenästä valuu verta",
            "nenä vuotanut",
        ],
    ),
    (Sign::NoseBleed, Lang::Sv, &["näsblod", "näsblödning", "blöder näsan", "blöder ur näsan", "näsan blöder"]),
    (
        Sign::NoseBleed,
        Lang::En,
        &[
            "nosebleed",
            "nose bleed",
            "nose is bleeding",
            "bleeding from nose",
            "bleeding from his nose",
            "bleeding from her nose",
        ],
    ),
    (
        Sign::Anticoagulant,
        Lang::Fi,
        &[
            "marevan",
            "varfariini",
            "verenohennu",
            "verenohennus",
            "eliquis",
            "xarelto",
            "pradaxa",
            "lixiana",
            "apiksabaani",
        ],
    ),
    (
        Sign::Anticoagulant,
        Lang::Sv,
        &["marevan", "waran", "blodförtunnande", "blodförtunnare", "eliquis", "xarelto", "pradaxa", "lixiana"],
    ),
    (
        Sign::Anticoagulant,
        Lang::En,
        &[
            "warfarin",
            "blood thinner",
            "blood thinners",
            "anticoagulant",
            "eliquis",
            "xarelto",
            "apixaban",
            "rivaroxaban",
        ],
    ),
    // A vulnerable person missing outdoors.
    (
        Sign::Missing,
        Lang::Fi,
        &[
            "kadonnut",
            "kadonnu",
            "kateissa",
            "!löydy",
            "!löytyny",
            "!löytynyt",
            "!ole löytyny",
            "lähtenyt harhailemaan",
            "harhailee",
            "karannut",
            "karannu",
            "eksyny",
            "eksynyt",
            "eksyksissä",
        ],
    ),
    (
        Sign::Missing,
        Lang::Sv,
        &[
            "försvunnen",
            "försvunnit",
            "!hittar honom",
            "!hittar henne",
            "!hittat honom",
            "!hittat henne",
            "gått vilse",
            "=vilse",
            "borta sedan",
        ],
    ),
    (
        Sign::Missing,
        Lang::En,
        &["missing", "!find him", "!find her", "wandered off", "gone missing", "lost outside", "!been found"],
    ),
    (Sign::Dementia, Lang::Fi, &["muistisair", "dementi", "alzheimer", "muistihäiri"]),
    (Sign::Dementia, Lang::Sv, &["demens", "dement", "alzheimer", "minnessjuk"]),
    (Sign::Dementia, Lang::En, &["dementia", "alzheimer", "memory loss"]),
    (Sign::Hazard, Lang::Fi, &["tohveleissa", "tossuissa", "yöpaidassa", "pyjamassa", "=pakkanen", "pakkasessa"]),
    (Sign::Hazard, Lang::Sv, &["=minus", "tofflor", "pyjamas", "nattlinne", "kallt ute"]),
    (Sign::Hazard, Lang::En, &["below zero", "below freezing", "slippers", "pyjamas", "pajamas", "nightgown"]),
    // Weapons at hand (with a plan or a farewell).
    (
        Sign::SuicideMeans,
        Lang::Fi,
        &["kivääri", "haulikko", "=ase", "=aseen", "=aseet", "=aseita", "asekaap", "pistooli", "metsästysase"],
    ),
    (Sign::SuicideMeans, Lang::Sv, &["gevär", "hagelgevär", "=vapen", "=vapnet", "vapenskåp", "pistol", "jaktvapen"]),
    (Sign::SuicideMeans, Lang::En, &["rifle", "shotgun", "firearm", "pistol", "his gun", "her gun", "gun cabinet"]),
    (Sign::SuicidePlan, Lang::Fi, &["kiitos kaikesta", "kiitos kaikest", "hyvästit"]),
    (Sign::SuicidePlan, Lang::Sv, &["tack för allt", "ta farväl"]),
    (
        Sign::SuicidePlan,
        Lang::En,
        &["thank you for everything", "thanks for everything", "goodbye message", "goodbye text"],
    ),
    // Choking: no sound, no cough, hands at the throat.
    (
        Sign::BreathingSevere,
        Lang::Fi,
        &[
            "pitelee kurkkua",
            "pitelee kaulaa",
            "tarttuu kurkkuun",
            "haroo kurkkua",
            "!pysty yskimään",
            "!saa yskittyä",
            "!saa sanaa suusta",
        ],
    ),
    (
        Sign::BreathingSevere,
        Lang::Sv,
        &["tar sig om halsen", "griper om halsen", "!kan hosta", "!får fram ett ljud", "!kan låta"],
    ),
    (
        Sign::BreathingSevere,
        Lang::En,
        &[
            "grabbing at his throat",
            "grabbing at her throat",
            "clutching his throat",
            "clutching her throat",
            "!make any sound",
            "!make a sound",
            "!cough or cry",
        ],
    ),
    (
        Sign::Fracture,
        Lang::Fi,
        &[
            "meni paikaltaan",
            "lähti paikaltaan",
            "hyppäsi paikaltaan",
            "hyppäs paikaltaan",
            "meni sijoilta",
            "luksaatio",
        ],
    ),
    (Sign::Fracture, Lang::Sv, &["hoppade ur", "gick ur led", "hoppat ur"]),
    (
        Sign::Fracture,
        Lang::En,
        &["popped out", "out of socket", "out of its socket", "out of joint", "came out of place"],
    ),
    (
        Sign::LossOfFunction,
        Lang::Fi,
        &["!saa nyrkkiä", "!saa nyrkkiin", "!pysty puristamaan", "!taivu", "!pysty taivuttamaan", "!saa taivutettua"],
    ),
    (Sign::LossOfFunction, Lang::Sv, &["!knyta näven", "!knyta handen", "!göra knytnäve", "!böja fingr", "!greppa"]),
    (
        Sign::LossOfFunction,
        Lang::En,
        &[
            "!make a fist",
            "!bend my fingers",
            "!bend her fingers",
            "!bend his fingers",
            "!grip",
            "!lift my arm",
            "!raise my arm",
        ],
    ),
    (Sign::NoRelief, Lang::Fi, &["mikään ei auta", "eikä mikään auta", "!lakkaa itkemästä", "itkee lohduttomasti"]),
    (Sign::NoRelief, Lang::Sv, &["ingenting hjälper", "inget hjälper", "!slutar gråta", "otröstlig"]),
    (Sign::NoRelief, Lang::En, &["do nothing", "does nothing", "nothing helps", "!stop crying", "inconsolable"]),
    (Sign::Dehydration, Lang::Fi, &["!märkä vaippa", "!märkiä vaippoja", "!pissannut", "!pissaa"]),
    (Sign::Dehydration, Lang::Sv, &["!blöt blöja", "!blöta blöjor", "!kissat"]),
    (Sign::Dehydration, Lang::En, &["!wet nappy", "!wet nappies", "!wet diaper", "!wet diapers", "!peed"]),
    (Sign::StrokeSpeech, Lang::Fi, &["puhu sekavia", "puhu ihan sekavia", "!saa sanottua", "!saa sanaa"]),
    (Sign::StrokeWeak, Lang::Sv, &["vek undan", "benet vek", "benet gav vika"]),
    (Sign::StrokeWeak, Lang::Fi, &["jalka petti", "jalat petti", "jalka pettää"]),
    (Sign::StrokeWeak, Lang::En, &["leg gave way", "legs gave way", "leg buckled"]),
    (
        Sign::EyeInjury,
        Lang::Fi,
        &["jotain silmään", "jotain silmässä", "jotakin silmään", "jokin silmässä", "roskaa silmässä"],
    ),
    (Sign::EyeInjury, Lang::Sv, &["något i ögat", "nåt i ögat", "något i ögonen"]),
    (
        Sign::EyeInjury,
        Lang::En,
        &["something in my eye", "something in his eye", "something in her eye", "something flew into"],
    ),
    // Blisters from something hot: a burn that needs care.
    (Sign::Blisters, Lang::Fi, &["rakkulo", "rakkula", "rakkuloi", "rakkoja", "=rakko", "=rakolla", "=rakoille"]),
    (Sign::Blisters, Lang::Sv, &["blåsor", "brännblås", "=blåsa", "blåsorna"]),
    (Sign::Blisters, Lang::En, &["blister", "blisters", "blistered", "blistering"]),
    (
        Sign::HotThing,
        Lang::Fi,
        &[
            "uuni",
            "uunipel",
            "uunivuo",
            "liesi",
            "liede",
            "hella",
            "hellan",
            "kiehuv",
            "höyry",
            "grilli",
            "kiuas",
            "kiukaa",
            "silitysrau",
            "liekki",
            "liekke",
            "nuotio",
            "kuumaa vettä",
            "kuuma vesi",
            "kuumaa kahvia",
            "kuuma kahvi",
            "kuumaa öljyä",
            "paistinpann",
            "kattila",
        ],
    ),
    (
        Sign::HotThing,
        Lang::Sv,
        &[
            "ugn",
            "ugnsplåt",
            "spis",
            "spisen",
            "kokande",
            "ånga",
            "grill",
            "bastuaggregat",
            "strykjärn",
            "lägereld",
            "hett vatten",
            "varmt vatten",
            "hett kaffe",
            "varmt kaffe",
            "het olja",
            "stekpann",
            "kastrull",
        ],
    ),
    (
        Sign::HotThing,
        Lang::En,
        &[
            "oven",
            "baking tray",
            "stove",
            "hob",
            "boiling",
            "steam",
            "grill",
            "sauna stove",
            "iron",
            "flame",
            "campfire",
            "hot water",
            "hot coffee",
            "hot tea",
            "hot oil",
            "hot pan",
            "frying pan",
            "saucepan",
        ],
    ),
    (Sign::SeverePain, Lang::Fi, &["pahin päänsärky", "kovin pääkipu", "pahin pääkipu"]),
    (Sign::SeverePain, Lang::Sv, &["värsta huvudvärk", "värsta huvudvärken"]),
    (Sign::SeverePain, Lang::En, &["worst headache", "thunderclap"]),
    (Sign::HelpScream, Lang::Fi, &["kirkuu apua", "kiljuu apua", "huutaa hätää"]),
];

/// Signs described by a part and what happens to it, in either order within a clause: every
/// pairing of the two word lists is a term ("puristava kipu keskellä rintaa", "rintaa painaa",
/// "pressure in his chest"). A leading `!` on the second list marks words that count only when
/// negated ("verta tulee eikä pysähdy").
const COMBOS: &[(Sign, Lang, &[&str], &[&str])] = &[
    (
        Sign::ChestPain,
        Lang::Fi,
        &["rinta", "rinna", "rintakehä", "rintalast"],
        &[
            "kipu", "kipua", "kivu", "kipee", "kipeä", "purist", "paina", "pakot", "särk", "sattu", "koske", "ahdist",
            "kiristä", "pistä", "polttaa",
        ],
    ),
    (
        Sign::ChestPain,
        Lang::Sv,
        &["bröst", "bröstet", "bröstbenet"],
        &["ont", "smärt", "tryck", "värk", "kramp", "tyngd", "sticker", "bränner", "klämmer"],
    ),
    (
        Sign::ChestPain,
        Lang::En,
        &["chest"],
        &["pain", "pressure", "tight", "hurt", "ache", "crush", "squeez", "heavy", "burning", "elephant"],
    ),
    (
        Sign::Bleeding,
        Lang::Fi,
        &["verta", "veri", "vuoto", "vuotaa", "verenvuoto"],
        &[
            "paljon",
            "valtoim",
            "sykäyks",
            "suihkua",
            "pulppua",
            "runsaa",
            "lentää",
            "tulvii",
            "letkusta",
            "hanasta",
            "!pysähdy",
            "!pysähy",
            "!lopu",
            "!lakkaa",
            "!tyrehdy",
            "!loppu",
        ],
    ),
    (
        Sign::Bleeding,
        Lang::Sv,
        &["blod", "blöder", "blödning", "blodet"],
        &["mycket", "kraftig", "sprutar", "pumpar", "forsar", "överallt", "!slutar", "!stannar", "!går att stoppa"],
    ),
    (
        Sign::Bleeding,
        Lang::En,
        &["blood", "bleeding", "bleeds"],
        &["so much", "lots", "pumping", "spurting", "gushing", "everywhere", "pool", "soaked", "!stop", "!stopping"],
    ),
    (
        Sign::BreathingSevere,
        Lang::Fi,
        &["henki", "henkeä", "hengitys", "hengittä", "ilma", "ilmaa", "happea"],
        &["!kulje", "!kulkee", "!saa", "!riitä", "vinkuu", "rohisee", "korisee", "katkeilee", "pysähty"],
    ),
    (
        Sign::BreathingSevere,
        Lang::Sv,
        &["andas", "andningen", "luft", "andan"],
        &["!kan", "!får", "rosslar", "väser", "knappt", "kippar", "stannat", "slutat"],
    ),
    (
        Sign::BreathingSevere,
        Lang::En,
        &["breathe", "breathing", "breath", "air"],
        &["!can", "!get", "hardly", "barely", "gasping", "struggling", "stopped", "wheezing badly", "rattling"],
    ),
    (
        Sign::HeadInjury,
        Lang::Fi,
        &["pää", "pään", "päänsä", "päähän", "takaraivo", "otsa"],
        &["löi", "lyönyt", "osui", "iski", "kolautti", "kolhi", "satutti"],
    ),
    (
        Sign::HeadInjury,
        Lang::Sv,
        &["huvudet", "huvud", "bakhuvudet", "pannan"],
        &["slog", "slagit", "bankade", "dunkade", "föll på"],
    ),
    (Sign::HeadInjury, Lang::En, &["head"], &["hit", "banged", "bumped", "knocked", "struck", "fell on"]),
    (
        Sign::EyeInjury,
        Lang::Fi,
        &["silmä", "silmään", "silmässä", "silmästä"],
        &[
            "roska",
            "sirpale",
            "siru",
            "metalli",
            "kemikaali",
            "lipeä",
            "pesuaine",
            "iski",
            "osui",
            "lensi",
            "lenti",
            "lentänyt",
            "lentäny",
            "kipinä",
            "näkö",
            "sumea",
        ],
    ),
    (
        Sign::EyeInjury,
        Lang::Sv,
        &["ögat", "öga", "ögonen"],
        &[
            "flisa",
            "skärva",
            "metall",
            "kemikalie",
            "frätande",
            "slag",
            "träffade",
            "suddigt",
            "ser dåligt",
            "flög",
            "gnista",
        ],
    ),
    (
        Sign::EyeInjury,
        Lang::En,
        &["eye", "eyes"],
        &[
            "splinter",
            "metal",
            "chemical",
            "bleach",
            "hit",
            "struck",
            "blurred",
            "blurry",
            "can't see",
            "flew",
            "spark",
        ],
    ),
    // Means of suicide described by a place and a jump (a sign of means), or pills and their
    // gathering (a hoard: means only with a plan in the same clause), in either order within a
    // clause ("on sillalla ja aikoo hypätä", "sparat ihop tabletter och tänker ta alla ikväll").
    (
        Sign::SuicideMeans,
        Lang::Fi,
        &[
            "sillalta",
            "sillalla",
            "sillan",
            "katolta",
            "katolla",
            "parvekkeelta",
            "junan alle",
            "raiteille",
            "kalliolta",
        ],
        &["hypä", "hyppää", "hyppä"],
    ),
    (
        Sign::Hoard,
        Lang::Fi,
        &["lääkkeitä", "lääkkeet", "tabletteja", "tabletit", "pillereitä", "pillerit", "unilääkkeitä"],
        &["kerännyt", "keränny", "säästänyt", "säästäny", "hamstrannut", "hamstrannu", "kerätty", "säästetty"],
    ),
    (
        Sign::SuicideMeans,
        Lang::Sv,
        &["bron", "taket", "balkongen", "tåget", "spåret", "stupet"],
        &["hoppa", "hoppar", "kasta sig"],
    ),
    (
        Sign::Hoard,
        Lang::Sv,
        &["tabletter", "tabletterna", "piller", "pillren", "sömntabletter", "mediciner"],
        &["sparat", "samlat", "hamstrat", "sparat ihop", "samlat ihop"],
    ),
    (Sign::SuicideMeans, Lang::En, &["bridge", "roof", "balcony", "train", "tracks", "cliff"], &["jump"]),
    (
        Sign::Hoard,
        Lang::En,
        &["pills", "tablets", "sleeping pills", "medication"],
        &["saved up", "stockpiled", "hoarded", "been saving", "been collecting"],
    ),
    // Stroke described by what the caller sees: words, face, hand.
    (
        Sign::StrokeSpeech,
        Lang::Fi,
        &["sanat", "puhe", "puheesta", "sanoista"],
        &["sekasin", "sekaisin", "sotkussa", "epäselv", "!saanu selvää", "!saa selvää", "!saanut selvää"],
    ),
    (
        Sign::StrokeSpeech,
        Lang::Sv,
        &["orden", "talet", "ord"],
        &["blandas", "konstiga", "kommer fel", "virrvarr", "!gick att förstå", "!går att förstå"],
    ),
    (
        Sign::StrokeSpeech,
        Lang::En,
        &["words", "speech"],
        &["jumbled", "garbled", "muddled", "mixed up", "nonsense", "came out wrong", "!make sense"],
    ),
    (
        Sign::Stroke,
        Lang::Fi,
        &["naama", "naamasta", "kasvot", "kasvoista", "suu", "suupieli", "poski"],
        &["valunu", "valunut", "roikkuu", "lerpallaan", "vinossa", "valahtanut", "valahtanu"],
    ),
    (
        Sign::Stroke,
        Lang::Sv,
        &["ansiktet", "munnen", "mungipan", "kinden"],
        &["hänger", "sned", "snett", "sjunkit", "slapp"],
    ),
    (
        Sign::Stroke,
        Lang::En,
        &["face", "mouth", "lip", "cheek"],
        &["drooping", "droops", "droop", "lopsided", "sagging", "crooked", "slipped"],
    ),
    (
        Sign::StrokeWeak,
        Lang::Fi,
        &["käsi", "kädestä", "käästä", "käsistä", "kättä"],
        &["tippu", "tippui", "putosi", "putos", "voimaton", "heikko"],
    ),
    (Sign::StrokeWeak, Lang::Sv, &["handen", "armen"], &["tappade", "tappar", "släppte", "ingen kraft", "domnade"]),
    (Sign::StrokeWeak, Lang::En, &["hand", "arm"], &["dropped", "dropping", "no strength", "went numb", "gave way"]),
    // Something swallowed: medicine or chemicals and what is left of them.
    (
        Sign::Ingestion,
        Lang::Fi,
        &[
            "lääke",
            "lääkkeet",
            "lääkkeitä",
            "lääkedosetti",
            "dosetti",
            "dosetin",
            "lokerot",
            "pilleri",
            "pillerit",
            "tabletti",
            "tabletit",
            "tabletteja",
            "purkki",
            "purkin",
            "liuska",
            "pesuaine",
            "pesuainetta",
            "tiskiaine",
            "lamppuöljy",
        ],
        &[
            "tyhjä",
            "tyhjiä",
            "tyhjänä",
            "syöny",
            "syönyt",
            "nielly",
            "niellyt",
            "napsinut",
            "napsiny",
            "maistanut",
            "juonut",
            "juonu",
        ],
    ),
    (
        Sign::Ingestion,
        Lang::Sv,
        &[
            "tabletter",
            "tabletterna",
            "piller",
            "medicin",
            "medicinerna",
            "dosett",
            "dosetten",
            "burk",
            "burken",
            "kartor",
            "kartorna",
            "förpackning",
            "diskmedel",
            "tvättmedel",
            "lampolja",
        ],
        &["tom", "tomma", "ätit", "svalt", "svalde", "druckit", "smakat"],
    ),
    (
        Sign::Ingestion,
        Lang::En,
        &[
            "pills",
            "tablets",
            "medicine",
            "medication",
            "pill box",
            "pillbox",
            "strips",
            "blister",
            "packet",
            "dosette",
            "detergent",
            "bleach",
            "lamp oil",
            "pods",
            "antidepressant",
        ],
        &["empty", "swallowed", "ate", "eaten", "drank", "chewed"],
    ),
    // Burns by hot liquid, bites, a limb out of shape.
    (
        Sign::Burn,
        Lang::Fi,
        &["kiehuvaa", "kiehuva", "kuumaa vettä", "kuuma öljy", "kuumaa öljyä", "kahvinkeitin"],
        &["kaatui", "kaatoi", "läikkyi", "läikähti", "roiskui", "päälle"],
    ),
    (
        Sign::Burn,
        Lang::Sv,
        &["kokande", "hett vatten", "het olja", "skållhett", "kokhett"],
        &["spillde", "spillt", "hällde", "stänkte", "över"],
    ),
    (Sign::Burn, Lang::En, &["boiling", "hot water", "hot oil", "kettle"], &["spilled", "poured", "splashed", "over"]),
    (
        Sign::Bite,
        Lang::Fi,
        &["koira", "koiran", "kissa", "kissan", "kyy", "käärme"],
        &["puri", "purrut", "puraisi", "puraissut", "purema", "hampaanjäljet"],
    ),
    (
        Sign::Bite,
        Lang::Sv,
        &["hund", "hunden", "hundens", "katt", "katten", "huggormen", "ormen"],
        &["bet", "bitit", "biten", "tandmärken"],
    ),
    (Sign::Bite, Lang::En, &["dog", "cat", "snake", "adder"], &["bit", "bitten", "bite"]),
    (
        Sign::Deformity,
        Lang::Fi,
        &[
            "käsi",
            "kyynärvarsi",
            "kyynärvarressa",
            "ranne",
            "ranteessa",
            "jalka",
            "nilkka",
            "sääri",
            "sormi",
            "olkapää",
        ],
        &["kyhmy", "mutka", "väärin päin", "outo asento", "pullistuma", "vino"],
    ),
    (
        Sign::Deformity,
        Lang::Sv,
        &["armen", "underarmen", "handleden", "benet", "foten", "fotleden", "axeln", "fingret"],
        &["bula", "knöl", "sned", "vinkel", "böjd"],
    ),
    (
        Sign::Deformity,
        Lang::En,
        &["arm", "forearm", "wrist", "leg", "ankle", "shin", "finger", "shoulder"],
        &["bump", "lump", "bent", "crooked", "wrong angle", "deformed", "odd angle", "weird angle"],
    ),
    // Exhaust gas in a closed garage.
    (
        Sign::SuicideMeans,
        Lang::Fi,
        &["moottori", "moottorin", "pakokaasu", "pakoputki", "pakoputkeen"],
        &["käynnissä", "tallissa", "autotallissa", "letku"],
    ),
    (Sign::SuicideMeans, Lang::Sv, &["motorn", "avgaser", "avgasröret"], &["går", "garaget", "slang"]),
    (Sign::SuicideMeans, Lang::En, &["engine", "exhaust"], &["running", "garage", "hose"]),
    // Blue lips or face, not a bruised limb ("nilkka sinertää").
    (
        Sign::BreathingSevere,
        Lang::Fi,
        &["huulet", "huulten", "huuli", "naama", "kasvot", "suun ympärys"],
        &["sinert", "sinise", "sininen", "harmaa", "sinistyy"],
    ),
    (Sign::BreathingSevere, Lang::Sv, &["läpparna", "läppar", "ansiktet"], &["blåaktig", "blå", "gråblå"]),
    (Sign::BreathingSevere, Lang::En, &["lips", "face"], &["bluish", "purple", "grey", "gray"]),
    (Sign::EyeInjury, Lang::Sv, &["ögat", "ögon"], &["skräp", "skaver", "gnager"]),
    (Sign::EyeInjury, Lang::En, &["eye"], &["grit", "grinding", "welding"]),
    (Sign::Streak, Lang::Fi, &["punai", "punane", "punanen"], &["raita", "juova", "viiva", "viiru"]),
    (Sign::Streak, Lang::Sv, &["röd", "rött", "röda"], &["strimma", "strimmor", "streck", "rand"]),
    (
        Sign::EarPain,
        Lang::Fi,
        &["korva", "korvaa", "korvaan", "korviin"],
        &["kipu", "kipe", "särk", "sattu", "koske", "pitelee", "pitää kiinni"],
    ),
    (Sign::EarPain, Lang::Sv, &["örat", "öronen"], &["ont", "värk", "håller", "drar i"]),
    (Sign::EarPain, Lang::En, &["ear", "ears"], &["hurts", "aching", "pulling at", "holding", "tugging"]),
    (
        Sign::Violence,
        Lang::Fi,
        &["ovea", "ovee", "oveen", "ovia", "ovelle"],
        &["potki", "potkinu", "potkinut", "hakkaa", "hakannu", "takoo", "paukutt", "rynkyttää"],
    ),
    (
        Sign::Violence,
        Lang::Fi,
        &["lasi", "lasin", "ikkuna", "ikkunan"],
        &["särky", "särkymi", "rikko", "hajos", "helinä"],
    ),
    (Sign::Violence, Lang::Sv, &["glas", "fönster", "fönstret", "rutan"], &["krossa", "krasa", "sönder", "slå"]),
    (Sign::Violence, Lang::En, &["glass", "window"], &["smash", "breaking", "shatter"]),
    (Sign::HelpScream, Lang::Fi, &["apua"], &["kilju", "kirku", "parku", "karju", "huuta"]),
    (Sign::HelpScream, Lang::Sv, &["hjälp"], &["skrik", "ropa", "vrål", "gallskrik", "tjut"]),
    (Sign::HelpScream, Lang::En, &["help"], &["scream", "shout", "yell", "shriek"]),
    (
        Sign::ThreatToLife,
        Lang::Fi,
        &["tappaa", "tapan", "tappavansa", "tappamaan"],
        &["hänet", "sen", "naisen", "vaimon", "miehen", "lapsen", "sut", "heidät"],
    ),
    (Sign::ThreatToLife, Lang::Sv, &["döda", "dödar", "ta livet av"], &["henne", "honom", "kvinnan", "barnen"]),
    (Sign::ThreatToLife, Lang::En, &["kill", "going to kill"], &["her", "him", "the woman", "the children"]),
    // A swallowed object; a button battery or magnet is worse.
    (
        Sign::SwallowedObject,
        Lang::Fi,
        &["nielaisi", "nielas", "nieli", "niellyt", "nielly", "nielaissut", "nielaissu"],
        &[
            "kolikko",
            "kolikon",
            "kolikkoa",
            "nappi",
            "napin",
            "lelu",
            "helmi",
            "helmen",
            "kuula",
            "neula",
            "nuppineula",
            "legopala",
            "palikka",
            "ruuvi",
        ],
    ),
    (
        Sign::SwallowedObject,
        Lang::Sv,
        &["svalde", "svalt", "svalja", "har svalt"],
        &["mynt", "slant", "enkrona", "knapp", "leksak", "pärla", "kula", "legobit", "nål", "skruv"],
    ),
    (
        Sign::SwallowedObject,
        Lang::En,
        &["swallowed", "swallow"],
        &["coin", "penny", "button", "toy", "bead", "marble", "lego", "pin", "screw"],
    ),
    (
        Sign::Battery,
        Lang::Fi,
        &["nielaisi", "nielas", "nieli", "niellyt", "nielly", "nielaissut", "nielaissu", "suuhun"],
        &["nappiparisto", "paristo", "pariston", "magneet", "magneetin"],
    ),
    (
        Sign::Battery,
        Lang::Sv,
        &["svalde", "svalt", "svalja", "i munnen"],
        &["knappcell", "knappbatteri", "batteri", "magnet", "magneter"],
    ),
    (
        Sign::Battery,
        Lang::En,
        &["swallowed", "swallow"],
        &["button battery", "battery", "coin cell", "magnet", "magnets"],
    ),
    // Drain cleaner, lye, dishwasher tablets.
    (
        Sign::Ingestion,
        Lang::Fi,
        &[
            "lipeä",
            "lipeää",
            "viemärinavaaja",
            "viemärinavaajaa",
            "astianpesukonetabl",
            "konetiskiaine",
            "valkaisu",
            "tärpätti",
        ],
        &["juonu", "juonut", "joi", "nielly", "niellyt", "maistoi", "maistanu", "suuhun", "syöny", "syönyt"],
    ),
    (
        Sign::Ingestion,
        Lang::Sv,
        &["avloppsrensare", "avloppsrens", "lut", "propplösare", "maskindiskmedel", "klorin", "fotogen"],
        &["druckit", "drack", "fick i sig", "svalde", "smakat", "i munnen", "ätit"],
    ),
    (
        Sign::Ingestion,
        Lang::En,
        &["drain cleaner", "lye", "caustic", "dishwasher tablet", "oven cleaner", "white spirit"],
        &["drank", "swallowed", "ate", "in his mouth", "in her mouth", "got into"],
    ),
];

/// The sign lexicon, and for each term whether it must be negated to count: "!saa henkeä" is a
/// sign in "ei saa henkeä", "eikä saa henkeä".
fn lexicon() -> &'static (Lexicon, Vec<bool>) {
    static LEXICON: OnceLock<(Lexicon, Vec<bool>)> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut l = Lexicon::default();
        l.strict = true;
        l.wide = true;
        let mut negated = Vec::new();
        for (sign, lang, terms) in TERMS {
            for term in *terms {
                let (term, must_be_negated) = match term.strip_prefix('!') {
                    Some(t) => (t, true),
                    None => (*term, false),
                };
                match l.add(sign.name(), *lang, term) {
                    Ok(()) => negated.push(must_be_negated),
                    // The table is code and tested; a bad term is a defect caught by the tests.
                    Err(e) => log::error!("emergency term {term:?}: {e}"),
                }
            }
        }
        for (sign, lang, parts, happenings) in COMBOS {
            for part in *parts {
                for happening in *happenings {
                    let (happening, must_be_negated) = match happening.strip_prefix('!') {
                        Some(h) => (h, true),
                        None => (*happening, false),
                    };
                    for term in [format!("{part} {happening}"), format!("{happening} {part}")] {
                        match l.add(sign.name(), *lang, &term) {
                            Ok(()) => negated.push(must_be_negated),
                            Err(e) => log::error!("emergency term {term:?}: {e}"),
                        }
                    }
                }
            }
        }
        (l, negated)
    })
}

/// The outcome of the safety check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    pub level: EmergencyLevel,
    /// Short reasons (sign names) with the words that showed them.
    pub reasons: Vec<(String, String)>,
}

/// A sign that counts (not negated, not past), with the words that showed it.
struct Found {
    evidence: BTreeMap<Sign, Vec<String>>,
    /// Clauses in which each sign was found.
    clauses: BTreeMap<Sign, Vec<usize>>,
}

impl Found {
    fn has(&self, s: Sign) -> bool {
        self.evidence.contains_key(&s)
    }

    fn same_clause(&self, a: Sign, b: Sign) -> bool {
        match (self.clauses.get(&a), self.clauses.get(&b)) {
            (Some(x), Some(y)) => x.iter().any(|c| y.contains(c)),
            _ => false,
        }
    }
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
    ];
    text.tokens.iter().filter(|t| t.clause == clause).any(|t| REMOTE.iter().any(|r| t.folded.starts_with(r)))
}

/// Clause-level markers that something happens right now ("just nyt", "right now", "nu").
fn now_in_clause(text: &Text, clause: usize) -> bool {
    const NOW: &[&str] = &["nyt", "parhaillaan", "juuri", "just", "nu", "now", "currently", "tällä hetkellä"];
    text.tokens.iter().filter(|t| t.clause == clause).any(|t| NOW.contains(&t.folded.as_str()))
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

/// Checks a described situation. `age` is the client's age when known.
pub fn assess(text: &Text, age: Option<u32>) -> Option<Assessment> {
    let mut found = Found { evidence: BTreeMap::new(), clauses: BTreeMap::new() };
    let (signs, must_be_negated) = lexicon();
    let hits = signs.find_any_language(text);
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
    for hit in hits {
        let Some(sign) = Sign::parse(&hit.target) else { continue };
        if sign == Sign::Overdose && objects.iter().any(|(s, e)| *s <= hit.start && hit.end <= *e) {
            continue;
        }
        if !sign.is_context() && figures.iter().any(|(s, e)| hit.start <= *e && *s <= hit.end) {
            continue;
        }
        let negative_polarity = must_be_negated.get(hit.term).copied().unwrap_or(false);
        // "får ingen luft": the negation may stand inside the term as well as before it.
        let negated = hit.negated || (negative_polarity && text.tokens[hit.start..=hit.end].iter().any(is_negator));
        if negative_polarity != negated && !sign.is_context() {
            continue;
        }
        let planned_now = matches!(sign, Sign::SuicideIntent | Sign::SuicideMeans | Sign::Hoard)
            && plan_now.contains(&text.tokens[hit.start].clause);
        if !sign.is_context() && hypothetical(text, hit.start) {
            continue;
        }
        let past = when(text, hit.start) == When::Past && !planned_now;
        if !sign.is_context() && (past || death_in_clause(text, hit.start)) {
            continue;
        }
        // "Hälsocentralen svarar int", "not answering her phone": a phone or an office that
        // does not answer is not a person who does not respond.
        if sign == Sign::Unconscious && negative_polarity && remote_clause(text, text.tokens[hit.start].clause) {
            continue;
        }
        let words = found.evidence.entry(sign).or_default();
        let quoted = quote(text, &hit);
        if !words.contains(&quoted) {
            words.push(quoted);
        }
        found.clauses.entry(sign).or_default().push(text.tokens[hit.start].clause);
    }
    let mut raised: Vec<(EmergencyLevel, Sign, &'static str)> = Vec::new();
    use EmergencyLevel::{Emergency as E112, OnCall as E116};
    let dental = found.has(Sign::Dental);

    // Life-threatening now: 112.
    if found.has(Sign::ChestPain) {
        raised.push((E112, Sign::ChestPain, "chest pain"));
    }
    // Stroke: a clear sign alone; a weak arm or muddled words when no injury explains them
    // and it is happening now.
    let sudden = found.has(Sign::Stroke)
        || (!found.has(Sign::Trauma) && found.has(Sign::StrokeArm))
        || (found.has(Sign::StrokeSpeech)
            && (found.has(Sign::StrokeArm) || sentence_now(text, &found, Sign::StrokeSpeech)))
        || (found.has(Sign::StrokeWeak) && (found.has(Sign::StrokeSpeech) || found.has(Sign::StrokeArm)));
    if sudden {
        let sign = if found.has(Sign::Stroke) {
            Sign::Stroke
        } else if found.has(Sign::StrokeArm) {
            Sign::StrokeArm
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
    if found.has(Sign::Bleeding) && !dental {
        raised.push((E112, Sign::Bleeding, "severe bleeding"));
    }
    if found.has(Sign::Anaphylaxis) {
        raised.push((E112, Sign::Anaphylaxis, "severe allergic reaction"));
    }
    if found.has(Sign::Overdose) {
        raised.push((E112, Sign::Overdose, "overdose or poisoning"));
    }
    let hoard =
        found.has(Sign::Hoard) && (found.has(Sign::SuicideIntent) || found.same_clause(Sign::Hoard, Sign::SuicidePlan));
    if (found.has(Sign::SuicideIntent) || found.has(Sign::SuicideMeans)) && found.has(Sign::SuicidePlan) || hoard {
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
        && !habitual_clause_of(text, &found, Sign::ThreatToLife)
        && (found.has(Sign::ThreatVerb) || found.has(Sign::Violence) || threat_now)
    {
        raised.push((E112, Sign::ThreatToLife, "threat to life"));
    }
    let violence_now = found
        .clauses
        .get(&Sign::Violence)
        .is_some_and(|clauses| clauses.iter().any(|c| now_in_clause(text, *c) && !habitual_clause(text, *c)))
        || (found.has(Sign::Violence)
            && found.has(Sign::HelpScream)
            && !habitual_clause_of(text, &found, Sign::HelpScream));
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
    let child_alone_now = sentence_now(text, &found, Sign::ChildAlone)
        && !found.clauses.get(&Sign::ChildAlone).is_some_and(|c| c.iter().any(|c| habitual_clause(text, *c)));
    let child_peril = found.has(Sign::ChildPeril) && !habitual_clause_of(text, &found, Sign::ChildPeril);
    if found.has(Sign::ChildDanger) || scream_now || child_alone_now || child_peril {
        raised.push((E112, Sign::ChildDanger, "someone in danger now"));
    }
    let small_child = age.is_some_and(|a| a <= 5) || found.has(Sign::ChildMention);
    let infant = age.is_some_and(|a| a <= 1);
    // Drowned, or CPR going on.
    if found.has(Sign::Drowning) && !habitual_clause_of(text, &found, Sign::Drowning) {
        raised.push((E112, Sign::Drowning, "drowning or resuscitation"));
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
    if drowsy && (cause.is_some() || infant) {
        raised.push((E112, Sign::Drowsy, "hard to wake or not moving"));
    }
    if found.has(Sign::Cold) && (drowsy || found.has(Sign::FoundLying)) {
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
    if found.has(Sign::Confusion)
        && (found.has(Sign::Sudden) || found.has(Sign::StrokeWeak) || found.has(Sign::StrokeArm))
        && !habitual_clause_of(text, &found, Sign::Confusion)
    {
        raised.push((E112, Sign::Confusion, "sudden confusion"));
    }
    if found.has(Sign::Headache) && found.has(Sign::Sudden) && found.has(Sign::SeverePain) {
        raised.push((E112, Sign::Headache, "a sudden severe headache"));
    }
    if found.has(Sign::Paralysis) && (found.has(Sign::Trauma) || found.has(Sign::Sudden)) {
        raised.push((E112, Sign::Paralysis, "cannot feel or move the legs"));
    }
    // Someone vulnerable missing outdoors in the cold or by a road.
    let vulnerable = found.has(Sign::Dementia) || small_child;
    if found.has(Sign::Missing)
        && vulnerable
        && (found.has(Sign::Cold) || found.has(Sign::Hazard) || found.has(Sign::Night))
        && !habitual_clause_of(text, &found, Sign::Missing)
    {
        raised.push((E112, Sign::Missing, "a vulnerable person missing outdoors"));
    }
    if found.has(Sign::Battery) {
        raised.push((E112, Sign::Battery, "a swallowed button battery or magnet"));
    }
    let fever = found.has(Sign::FeverWord) || found.has(Sign::HighFever);
    if fever && found.has(Sign::StiffNeck) {
        raised.push((E112, Sign::StiffNeck, "fever with a stiff neck or rash"));
    }
    if raised.iter().any(|(l, _, _)| *l == E112) {
        return Some(finish(E112, raised, &found));
    }

    // Urgent on-call care today: 116117.
    let high_number = found.clauses.get(&Sign::FeverWord).is_some_and(|clauses| {
        numbers(text).iter().any(|(i, n)| (39.0..43.0).contains(n) && clauses.contains(&text.tokens[*i].clause))
    });
    let high_fever = found.has(Sign::HighFever) || high_number;
    let old_age = age.is_some_and(|a| a >= 75);
    let fever_number = |min: f32| {
        found.clauses.get(&Sign::FeverWord).is_some_and(|clauses| {
            numbers(text).iter().any(|(i, n)| (min..43.0).contains(n) && clauses.contains(&text.tokens[*i].clause))
        })
    };
    if (fever || fever_number(38.0)) && found.has(Sign::FlankPain) {
        raised.push((E116, Sign::FlankPain, "fever with flank pain"));
    }
    if found.has(Sign::EyeInjury) {
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
                && !habitual_clause_of(text, &found, Sign::Numbness))
    {
        raised.push((E116, Sign::BackPain, "back pain with numbness or incontinence"));
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
    if drowsy && (small_child || old_age) && fever {
        raised.push((E116, Sign::Drowsy, "drowsy with a fever"));
    }
    if found.has(Sign::Deformity) && found.has(Sign::Trauma) {
        raised.push((E116, Sign::Deformity, "a limb out of shape after a fall or blow"));
    }
    if found.has(Sign::Hives) {
        raised.push((E116, Sign::Hives, "a widespread allergic rash"));
    }
    let frail_fever = old_age && (high_fever || fever_number(38.5));
    if (high_fever && (small_child || found.has(Sign::Night) || found.has(Sign::NoRelief)))
        || (age == Some(0) && fever)
        || frail_fever
    {
        raised.push((E116, Sign::HighFever, "high fever that needs assessment today"));
    }
    let severe = found.has(Sign::SeverePain);
    let injury = found.has(Sign::Swelling) && (found.has(Sign::LossOfFunction) || found.has(Sign::Trauma) && severe)
        || found.has(Sign::Trauma) && found.has(Sign::LossOfFunction) && (severe || found.has(Sign::StrokeArm));
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
    Some(finish(level, raised, &found))
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
    lexicon().0.len()
}

/// Every sign term found in a text, with its negation and time: for explaining an assessment.
pub fn explain(text: &Text) -> Vec<(String, String, bool, When)> {
    lexicon()
        .0
        .find_any_language(text)
        .iter()
        .map(|h| (h.target.clone(), quote(text, h), h.negated, when(text, h.start)))
        .collect()
}

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
        let signs = &lexicon().0;
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
    fn every_term_is_valid() {
        let mut l = Lexicon::default();
        for (sign, lang, terms) in TERMS {
            for term in *terms {
                l.add(sign.name(), *lang, term.trim_start_matches('!')).unwrap_or_else(|e| panic!("{term}: {e}"));
            }
        }
        for (sign, lang, parts, happenings) in COMBOS {
            for part in *parts {
                for happening in *happenings {
                    let happening = happening.trim_start_matches('!');
                    for term in [format!("{part} {happening}"), format!("{happening} {part}")] {
                        l.add(sign.name(), *lang, &term).unwrap_or_else(|e| panic!("{term}: {e}"));
                    }
                }
            }
        }
        assert_eq!(l.len(), term_count(), "every term of the table is in the sign lexicon");
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
    fn means_of_suicide_with_a_plan() {
        assert_eq!(level("Hän on sillalla ja aikoo hypätä", None), Some("112"));
        assert_eq!(level("Han står vid bron och säger att han ska hoppa nu", None), Some("112"));
        assert_eq!(level("He is on the roof and says he will jump now", None), Some("112"));
        assert_eq!(level("Jag har sparat ihop tabletter i veckor och tänker ta alla ikväll", None), Some("112"));
        assert_eq!(level("Olen kerännyt lääkkeitä ja aion ottaa ne kaikki tänä yönä", None), Some("112"));
        // Past attempts and pills kept for other reasons.
        assert_eq!(level("Viime vuonna hän yritti hypätä sillalta, nyt hän voi paremmin", None), None);
        assert_eq!(level("Mamma har samlat på sig gamla tabletter i skåpet, kan ni gå igenom dem nu", None), None);
        assert_eq!(level("Äiti on kerännyt vanhoja lääkkeitä kaappiin, nyt pitäisi käydä ne läpi", None), None);
        assert_eq!(level("We jumped off the bridge into the lake every summer as kids", None), None);
    }

    #[test]
    fn what_the_caller_sees() {
        // Not breathing, pulled from the water, CPR.
        assert_eq!(
            level("Nostettiin laiturin alta vedestä, se ei itke eikä liiku ja isä yrittää puhaltaa", None),
            Some("112")
        );
        assert_eq!(level("We pulled him out of the water and my wife is doing CPR", None), Some("112"));
        assert_eq!(level("Kävin elvytyskurssin viime kuussa, onko kertauskurssia?", None), None);
        // Hard to wake after pills, cold or a fall.
        assert_eq!(
            level("Hittade grannen liggande i snön, han pratar konstigt och somnar hela tiden", None),
            Some("112")
        );
        assert_eq!(
            level("found empty paracetamol strips next to her, she's mumbling and I can't keep her awake", None),
            Some("112")
        );
        assert_eq!(level("kaksvuotias löyty lääkedosetin kanssa ja kaikki lokerot on tyhjiä", Some(2)), Some("112"));
        assert_eq!(level("Lääkepurkki on tyhjä, tarviin uuden reseptin", Some(60)), None, "a prescription");
        assert_eq!(level("Isä nukahtelee päivisin sohvalle ja kuorsaa", Some(70)), None, "sleepy is not unconscious");
        // Stroke by what is seen.
        assert_eq!(level("Sanat tuli ihan sekasin ja kuppi tippu kädestä", None), Some("112"));
        assert_eq!(level("Oikia puoli naamasta on ku valunu alas", None), Some("112"));
        assert_eq!(level("Her words are all jumbled and her hand dropped the cup", None), Some("112"));
        assert_eq!(level("Förra vintern fick ja en stroke men har återhämtat mej bra", None), None);
        // A small child alone in danger; violence while hiding.
        assert_eq!(level("Det går en liten pojke ensam längs stora vägen, det är minusgrader", None), Some("112"));
        assert_eq!(level("A toddler is walking alone on the road, no adult anywhere", None), Some("112"));
        assert_eq!(level("Poika leikkii yksin pihalla, onko se ok 10-vuotiaalle?", Some(10)), None);
        assert_eq!(level("soitan vessasta ihan hiljaa, se löi mua ja nyt se paiskoo tavaroita", None), Some("112"));
        // Figures of speech.
        assert_eq!(level("Tää duuni tappaa mut, sydän hakkaa ku ajattelen maanantaita", None), None);
        assert_eq!(level("Jag drunknar i skulder och behöver en plan", None), None);
        assert_eq!(level("I'm dying to get this sorted, bored to death at home", None), None);
        // Urgent today.
        assert_eq!(level("there's a red line going up from the scratch toward my elbow", None), Some("116117"));
        assert_eq!(level("baby vomiting since morning, only one wet nappy today", Some(0)), Some("116117"));
        assert_eq!(level("Grannens hund bet min dotter i handen, djupa tandmärken", Some(8)), Some("116117"));
        assert_eq!(level("he fell off the trampoline and his forearm has a weird bump", Some(10)), Some("116117"));
        assert_eq!(level("Mamma spillde kokande vatten över låret, det har blivit blåsor", None), Some("116117"));
    }

    #[test]
    fn something_flew_into_the_eye() {
        assert_eq!(level("Hioin rautaa ja jotaki lenti silimään, nyt on punanen", None), Some("116117"));
        assert_eq!(level("Något flög in i ögat när jag slipade", None), Some("116117"));
        assert_eq!(level("A metal spark flew into my eye at work", None), Some("116117"));
    }

    #[test]
    fn chest_pain() {
        assert_eq!(level("Rintaa puristaa kovasti ja säteilee vasempaan käteen", None), Some("112"));
        assert_eq!(level("Pappa har tryck över bröstet och är kallsvettig", None), Some("112"));
        assert_eq!(level("He has crushing chest pain and is sweating", None), Some("112"));
        assert_eq!(level("Ei rintakipua, ei hengenahdistusta. Yskää viikon ajan.", None), None);
        assert_eq!(level("Rintakipu tutkittiin viime vuonna, sydän todettu terveeksi.", None), None);
        assert_eq!(level("Sydän särkyy kun poika muutti pois kotoa.", None), None, "figurative");
        assert_eq!(level("No chest pain, just a cough", None), None);
    }

    #[test]
    fn stroke_signs() {
        assert_eq!(level("Puhe alkoi sammaltaa ja suupieli roikkuu", Some(74)), Some("112"));
        assert_eq!(level("Hon sluddrar och munnen hänger på ena sidan", None), Some("112"));
        assert_eq!(level("His face is drooping and he can't lift his arm", None), Some("112"));
        assert_eq!(level("Sai aivoinfarktin viime keväänä, nyt kuntoutus kesken", None), None, "a past stroke");
        assert_eq!(level("7-vuotiaan puhe on edelleen epäselvää", Some(7)), None, "a child's speech delay");
    }

    #[test]
    fn unconscious_breathing_bleeding() {
        assert_eq!(level("Mies on tajuton eikä herää", None), Some("112"));
        assert_eq!(level("Han har svimmat och jag får ingen kontakt", None), Some("112"));
        assert_eq!(level("She collapsed and is not breathing", None), Some("112"));
        assert_eq!(level("Isä ei saa henkeä ja huulet sinertää", None), Some("112"));
        assert_eq!(level("Haavasta vuotaa paljon verta eikä vuoto lopu", None), Some("112"));
        assert_eq!(level("He is bleeding heavily from his leg", None), Some("112"));
    }

    #[test]
    fn suicide_needs_a_plan_or_attempt() {
        assert_eq!(level("On päättäny tappaa ittensä tänä yönä, lääkkeet kerätty", None), Some("112"));
        assert_eq!(level("Hon har bestämt sig för att ta livet av sig i natt", None), Some("112"));
        assert_eq!(level("He says he is going to kill himself tonight", None), Some("112"));
        assert_eq!(level("Itsetuhoisia ajatuksia ei ole.", None), None);
        assert_eq!(level("Inga självmordstankar, men orkar inte gå till jobbet.", None), None);
        assert_eq!(level("No suicidal thoughts, just very tired", None), None);
    }

    #[test]
    fn overdose_and_poisoning() {
        assert_eq!(level("My roommate swallowed a whole pack of sleeping pills an hour ago", None), Some("112"));
        assert_eq!(level("Lapsi on juonut pesuainetta", Some(3)), Some("112"));
        assert_eq!(level("I overdosed on opioids two years ago but have been clean for 18 months.", None), None);
    }

    #[test]
    fn violence_now_but_not_in_the_past() {
        assert_eq!(level("My husband is hitting me right now", None), Some("112"));
        assert_eq!(level("Naapurista kuuluu just nyt huutoa ja lyöntejä", None), Some("112"));
        assert_eq!(level("Han hotar att döda mig", None), Some("112"));
        assert_eq!(level("Mies on lyöny useamman kerran, nyt se on töissä.", None), None);
        assert_eq!(level("Pieni lapsi huutaa apua nyt naapurissa", None), Some("112"));
    }

    #[test]
    fn on_call_116117() {
        assert_eq!(level("2-vuotiaalla kuumetta 39,8, nyt on yö eikä kuume laske lääkkeellä", Some(2)), Some("116117"));
        assert_eq!(
            level("Mamma ramlade på isen i morse, handleden är svullen och ser sned ut", Some(83)),
            Some("116117")
        );
        assert_eq!(
            level("Really bad pain in my right side since this morning, it comes in waves", Some(44)),
            Some("116117")
        );
        assert_eq!(level("Nilkka turvonnut eikä pysty varaamaan jalalle", None), Some("116117"));
        assert_eq!(level("The cut is deep and needs stitches", None), Some("116117"));
        assert_eq!(level("Kuumetta 38 ja nuhaa, muuten hyvä olo", Some(30)), None);
        assert_eq!(level("Tanden gick av när jag åt middag, det gör ont", None), None, "a broken tooth is dental care");
        assert_eq!(level("Poskihammas särkeny kaks päivää ja poski turvoksissa, särkylääke ei auta", None), None);
        assert_eq!(level("I cut my hand on Thursday and the wound looks a bit red now, no fever", None), None);
    }

    #[test]
    fn allergy_choking_and_a_child_in_danger_now() {
        assert_eq!(level("Ampiaisen pisto ja nyt huulet turpoaa", Some(9)), Some("112"));
        assert_eq!(level("Min son har satt något i halsen, han får ingen luft och blir blå", Some(2)), Some("112"));
        assert_eq!(level("Just nyt pieni lapsi kävelee yksin valtatien pientareella", Some(3)), Some("112"));
        assert_eq!(
            level("Naapurin lapset on usein illat yksin kotona ja vanhemmat juo", Some(8)),
            None,
            "habitual neglect is child protection, not 112"
        );
    }

    #[test]
    fn acute_abdomen_and_worsening_pain() {
        assert_eq!(level("Strong stomach pain since this morning, I vomited three times", Some(30)), Some("116117"));
        assert_eq!(level("Vatsa kipeä oikealla alhaalla, pahenee koko ajan ja oksettaa", Some(25)), Some("116117"));
        assert_eq!(level("Lievää vatsakipua ajoittain, muuten hyvä olo", Some(25)), None);
    }

    #[test]
    fn figures_of_speech_deaths_ages_and_history() {
        assert_eq!(level("pomo tappaa mut vielä tällä menolla :D", Some(30)), None);
        assert_eq!(level("This debt is killing me.", Some(30)), None);
        assert_eq!(level("Mies uhkaa tappaa minut", Some(30)), Some("112"));
        assert_eq!(level("Isä kuoli sydänkohtaukseen viime viikolla.", Some(60)), None);
        assert_eq!(level("Sydäninfarkti v. 2019, sen jälkeen hyvässä kunnossa.", Some(70)), None);
        assert_eq!(level("After my stroke in spring I am home again.", Some(70)), None);
        assert_eq!(
            level("Vår dotter 3 år har 40,2 i feber och det är kväll", Some(3)),
            Some("116117"),
            "an age is not time past"
        );
    }

    #[test]
    fn levels_speak_the_clients_language() {
        assert!(EmergencyLevel::Emergency.instructions(Lang::Sv).contains("112"));
        assert!(EmergencyLevel::OnCall.instructions(Lang::Fi).contains("116117"));
        assert!(EmergencyLevel::OnCall.instructions(Lang::En).starts_with("Call"));
    }

    #[test]
    fn a_seizure_that_does_not_stop() {
        assert_eq!(level("Mies kaatui ja koko keho nykii, jatkunut jo yli viisi minuuttia", None), Some("112"));
        assert_eq!(level("Min son har ett epileptiskt anfall som inte slutar", Some(9)), Some("112"));
        assert_eq!(level("My dad's epileptic fit has gone on and it won't stop", None), Some("112"));
        assert_eq!(level("Lapsi sai kuumekouristuksen viime kuussa, nyt terve ja neuvola-aika tulossa", Some(2)), None);
        assert_eq!(level("Hon hade ett epilepsianfall i våras och mår bra nu", None), None);
        assert_eq!(level("He had a febrile seizure last month and has been fine since", Some(2)), None);
        assert_eq!(level("Silmäluomi nykii ärsyttävästi iltaisin", None), None, "a twitch is not a seizure");
    }

    #[test]
    fn carbon_monoxide_with_symptoms() {
        assert_eq!(level("Saunan kiuas lämpiää ja pellit kiinni, kaikilla päätä särkee ja huimaa", None), Some("112"));
        assert_eq!(level("Vi eldade med spjället stängt och nu har alla huvudvärk", None), Some("112"));
        assert_eq!(level("The CO alarm went off and we all have a headache and feel sick", None), Some("112"));
        assert_eq!(level("Mistä saisi häkävaroittimen mökille?", None), None);
        assert_eq!(level("Häkävaroitin hälyttää mökillä ja lapsi on tokkurainen", None), Some("112"));
        assert_eq!(level("The carbon monoxide alarm is beeping in the hallway", None), Some("112"));
        assert_eq!(level("Should we buy a carbon monoxide detector for the cottage?", None), None);
    }

    #[test]
    fn sudden_confusion_is_not_slowly_failing_memory() {
        assert_eq!(level("Mummo on yhtäkkiä ihan sekaisin eikä tunnista meitä", Some(85)), Some("112"));
        assert_eq!(level("Mormor blev plötsligt förvirrad och känner inte igen oss", Some(88)), Some("112"));
        assert_eq!(level("Grandad suddenly doesn't recognise us and seems confused", Some(80)), Some("112"));
        assert_eq!(
            level(
                "Äidin muisti on heikentynyt pikkuhiljaa ja hän on välillä sekava, toivomme muistitutkimusta",
                Some(79)
            ),
            None
        );
        assert_eq!(level("Dad has dementia and is often confused, we need a memory nurse", Some(82)), None);
    }

    #[test]
    fn legs_that_cannot_be_felt_after_a_fall() {
        assert_eq!(level("Isä putosi tikkailta eikä tunne jalkojaan", None), Some("112"));
        assert_eq!(level("He fell from the ladder and can't feel his legs", None), Some("112"));
        assert_eq!(level("Hon ramlade av hästen och känner inte benen", None), Some("112"));
        assert_eq!(level("He was paralysed in a car crash and now needs a wheelchair ramp", None), None);
        assert_eq!(level("Kaaduin viime talvena ja selkä on välillä jäykkä, tarvitsisin fysioterapiaa", None), None);
    }

    #[test]
    fn a_vulnerable_person_missing_in_the_cold() {
        assert_eq!(
            level("Muistisairas äiti lähti ulos yöpaidassa pakkaseen eikä häntä löydy mistään", Some(83)),
            Some("112")
        );
        assert_eq!(
            level("My mother with dementia wandered off in her slippers and it is below freezing", None),
            Some("112")
        );
        assert_eq!(level("Min pappa med demens har försvunnit och det är minusgrader ute", None), Some("112"));
        assert_eq!(
            level("Muistisairas isä eksyi kauppareissulla viime vuonna, tarvitsisimme turvarannekkeen", None),
            None
        );
    }

    #[test]
    fn swallowed_objects_and_button_batteries() {
        assert_eq!(level("Lapsi nielaisi kolikon, hengittää normaalisti", Some(3)), Some("116117"));
        assert_eq!(level("My toddler swallowed a coin but is breathing fine", Some(2)), Some("116117"));
        assert_eq!(level("Taapero nielaisi nappipariston kaukosäätimestä", Some(2)), Some("112"));
        assert_eq!(level("Min dotter svalde en magnet från kylskåpet", Some(4)), Some("112"));
        assert_eq!(level("My son drank drain cleaner from under the sink", Some(2)), Some("112"));
        assert_eq!(level("2-vuotias joi viemärinavaajaa", Some(2)), Some("112"));
    }

    #[test]
    fn nosebleeds_headaches_ears_backs_and_burns() {
        assert_eq!(level("Isä käyttää Marevania ja nenäverenvuoto jatkuu", Some(80)), Some("116117"));
        assert_eq!(level("I'm on warfarin and have had a nosebleed for an hour", None), Some("116117"));
        assert_eq!(level("Lapsella on usein nenäverenvuotoa, miten sitä hoidetaan?", Some(6)), None);
        assert_eq!(
            level("My headache has lasted two days, I keep vomiting and painkillers don't help", None),
            Some("116117")
        );
        assert_eq!(level("Minulla on migreeni muutaman kerran vuodessa, tarvitsen reseptin uusinnan", None), None);
        assert_eq!(level("Suddenly the worst headache of my life", None), Some("112"));
        assert_eq!(level("Sonen har ont i örat och Alvedon hjälper inte", Some(4)), Some("116117"));
        assert_eq!(level("Lapsella korvakipua yöllä ja kuumetta, särkylääke ei auta", Some(3)), Some("116117"));
        assert_eq!(level("Tytöllä korvakipua ja kuumetta 38 eilisillasta, juo hyvin", Some(5)), None);
        assert_eq!(level("Korvatulehdus hoidettiin viime viikolla, tarvitaanko kontrolliaikaa?", Some(3)), None);
        assert_eq!(level("Noidannuoli eilen ja nyt jalka puutuu ja on kova kipu", None), Some("116117"));
        assert_eq!(level("My back pain got worse and now I can't control my bladder", None), Some("116117"));
        assert_eq!(level("Selkä on ollut kipeä jo vuosia, haluaisin fysioterapiaan", None), None);
        assert_eq!(level("Kaadoin kuumaa vettä kädelle ja siihen nousi isoja rakkuloita", None), Some("116117"));
        assert_eq!(level("Brände mig på spisen och nu har jag stora blåsor på handen", None), Some("116117"));
        assert_eq!(level("Grabbed a hot pan and my palm is covered in blisters", None), Some("116117"));
        assert_eq!(level("Sain kävelylenkillä rakon kantapäähän", None), None);
    }

    #[test]
    fn limbs_eyes_and_dry_babies() {
        assert_eq!(level("Kaaduin ja nilkka on turvonnut ja sinertää, en pysty varaamaan", None), Some("116117"));
        assert_eq!(level("Vauvan huulet sinertää", Some(0)), Some("112"));
        assert_eq!(level("Fell skiing and my shoulder popped out, I can't lift my arm", None), Some("116117"));
        assert_eq!(level("Axeln hoppade ur led när jag ramlade", None), Some("116117"));
        assert_eq!(level("Hioin metallia ja jotain meni silmään, se on punainen", None), Some("116117"));
        assert_eq!(level("Got something in my eye while grinding, it's red and watery", None), Some("116117"));
        assert_eq!(level("Bebisen vill int dricka och har int kissat sen i morse", Some(0)), Some("116117"));
        assert_eq!(level("Naapurissa joku hakkaa ovea ja nainen kirkuu apua", None), Some("112"));
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
