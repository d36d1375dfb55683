//! The client's feedback on a completed referral: was the client helped, within the access
//! target, a grade of 1-5 and an optional comment. Staff record an answer given by phone; a
//! patient system asks for a one-time link that the client answers on a small page. A referral
//! has one answer, whichever way it comes.
//!
//! The link's token is 32 random bytes (base64url without padding); only its SHA-256 is stored, so
//! the database never holds a token that could answer.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{Duration, NaiveDateTime};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::catalogue::{control_char, describe_char};
use super::lang::Lang;
use super::referral::Status;

/// Characters a comment may have.
pub const MAX_COMMENT_CHARS: usize = 1000;

/// How long a feedback link can be answered.
pub const LINK_VALID_DAYS: i64 = 14;

/// How an answer came.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Staff recorded what the client said by phone.
    Phone,
    /// The client answered on the page of a feedback link.
    Link,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Phone => "phone",
            Source::Link => "link",
        }
    }

    pub fn parse(raw: &str) -> Option<Source> {
        [Source::Phone, Source::Link].into_iter().find(|s| s.as_str() == raw)
    }
}

/// A grade from 1 (poor) to 5 (excellent).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Grade(u8);

impl Grade {
    pub const ALL: [Grade; 5] = [Grade(1), Grade(2), Grade(3), Grade(4), Grade(5)];

    pub fn parse(raw: i64) -> Result<Grade, String> {
        match u8::try_from(raw) {
            Ok(n @ 1..=5) => Ok(Grade(n)),
            _ => Err(format!("is {raw}; a grade is a whole number from 1 (poor) to 5 (excellent)")),
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }

    /// The grade in words, as the feedback page offers it (the words of Finland's school grades,
    /// välttävä to erinomainen, in Finnish and in Finland's Swedish).
    pub fn words(self, lang: Lang) -> &'static str {
        let words: [&str; 5] = match lang {
            Lang::Fi => ["huono", "välttävä", "tyydyttävä", "hyvä", "erinomainen"],
            Lang::Sv => ["dålig", "försvarlig", "nöjaktig", "god", "utmärkt"],
            Lang::En => ["poor", "fair", "satisfactory", "good", "excellent"],
        };
        words[usize::from(self.0 - 1)]
    }
}

/// A comment as stored: at most [`MAX_COMMENT_CHARS`] characters as written, no control
/// characters other than line breaks and tabs (a comment may have paragraphs); then trimmed,
/// `None` when blank.
pub fn comment(raw: Option<&str>) -> Result<Option<String>, String> {
    let Some(text) = raw else { return Ok(None) };
    let chars = text.chars().count();
    if chars > MAX_COMMENT_CHARS {
        return Err(format!("is {chars} characters; at most {MAX_COMMENT_CHARS}"));
    }
    if let Some(c) = control_char(text, true) {
        return Err(format!("holds {}; remove it", describe_char(c)));
    }
    let text = text.trim();
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// One answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub helped: bool,
    pub within_target: bool,
    pub grade: Grade,
    pub comment: Option<String>,
}

/// Why a referral takes no answer now.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error(
        "the referral is {}: feedback is recorded once the referral is completed (its team marks it completed when the service is given)",
        .0.as_str()
    )]
    NotCompleted(Status),
    #[error("the client's feedback on this referral was already recorded ({}, {}); a referral has one answer", .via.as_str(), .at.format("%Y-%m-%d %H:%M UTC"))]
    AlreadyAnswered { via: Source, at: NaiveDateTime },
}

/// A referral takes an answer when it is completed and has none yet (`answered`: the source and
/// time of the one it has).
pub fn may_answer(status: Status, answered: Option<(Source, NaiveDateTime)>) -> Result<(), Refusal> {
    if let Some((via, at)) = answered {
        return Err(Refusal::AlreadyAnswered { via, at });
    }
    if status != Status::Completed {
        return Err(Refusal::NotCompleted(status));
    }
    Ok(())
}

/// A new link's token (given out once) and its hash (stored).
pub struct LinkToken {
    pub token: String,
    pub hash: String,
}

/// Characters of a token: 32 bytes in base64url without padding.
const TOKEN_CHARS: usize = 43;

impl LinkToken {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let token = URL_SAFE_NO_PAD.encode(bytes);
        let hash = hash(&token);
        Self { token, hash }
    }

    /// The hash to look a token up by; `None` when the text cannot be a token (no need to ask the
    /// database).
    pub fn hash_of(raw: &str) -> Option<String> {
        let shaped = raw.len() == TOKEN_CHARS
            && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && URL_SAFE_NO_PAD.decode(raw).is_ok_and(|b| b.len() == 32);
        shaped.then(|| hash(raw))
    }
}

fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// When a link made at `now` stops taking an answer.
pub fn link_expiry(now: NaiveDateTime) -> NaiveDateTime {
    now + Duration::days(LINK_VALID_DAYS)
}

/// What a link can do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkState {
    /// The client can answer.
    Open,
    /// Its time is over (or a newer link replaced it).
    Expired,
    /// It was answered, or the referral's feedback came another way (by phone).
    Answered,
}

pub fn link_state(expires_at: NaiveDateTime, used: bool, referral_answered: bool, now: NaiveDateTime) -> LinkState {
    if used || referral_answered {
        LinkState::Answered
    } else if expires_at <= now {
        LinkState::Expired
    } else {
        LinkState::Open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 12, day).and_then(|d| d.and_hms_opt(12, 0, 0)).unwrap()
    }

    #[test]
    fn grades_are_one_to_five_with_words() {
        assert_eq!(Grade::parse(1).unwrap().value(), 1);
        assert_eq!(Grade::parse(5).unwrap().words(Lang::Sv), "utmärkt");
        for bad in [0, 6, -1, 256, i64::MAX] {
            assert!(Grade::parse(bad).unwrap_err().contains("1 (poor) to 5"), "{bad}");
        }
        for lang in Lang::ALL {
            assert_eq!(Grade::ALL.iter().map(|g| g.words(lang)).collect::<std::collections::HashSet<_>>().len(), 5);
        }
    }

    #[test]
    fn comments_are_trimmed_bounded_and_printable() {
        assert_eq!(comment(None), Ok(None));
        assert_eq!(comment(Some(" \n\t ")), Ok(None));
        assert_eq!(comment(Some(" Kiitos!\nHyvä palvelu. ")), Ok(Some("Kiitos!\nHyvä palvelu.".into())));
        assert_eq!(comment(Some(&"ä".repeat(MAX_COMMENT_CHARS))).unwrap().unwrap().chars().count(), 1000);
        assert!(comment(Some(&"ä".repeat(MAX_COMMENT_CHARS + 1))).unwrap_err().contains("1001 characters"));
        assert!(comment(Some("a\u{0}b")).unwrap_err().contains("U+0000"));
        assert!(comment(Some("a\u{1b}[31mb")).is_err());
        // As written: blanks count, and a control character at an edge is refused too.
        assert!(comment(Some(&" ".repeat(MAX_COMMENT_CHARS + 1))).is_err());
        assert!(comment(Some("kiitos\u{85}")).is_err());
    }

    #[test]
    fn a_completed_referral_takes_one_answer() {
        assert_eq!(may_answer(Status::Completed, None), Ok(()));
        for status in Status::ALL.into_iter().filter(|s| *s != Status::Completed) {
            let refusal = may_answer(status, None).unwrap_err();
            assert!(refusal.to_string().contains(status.as_str()), "{refusal}");
            assert!(refusal.to_string().contains("once the referral is completed"), "{refusal}");
        }
        let refusal = may_answer(Status::Completed, Some((Source::Phone, at(7)))).unwrap_err();
        assert_eq!(refusal.to_string(), "the client's feedback on this referral was already recorded (phone, 2026-12-07 12:00 UTC); a referral has one answer");
    }

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let a = LinkToken::generate();
        let b = LinkToken::generate();
        assert_ne!(a.token, b.token);
        assert_eq!(a.token.len(), 43);
        assert!(!a.token.contains('=') && !a.token.contains('+') && !a.token.contains('/'));
        assert_eq!(LinkToken::hash_of(&a.token), Some(a.hash.clone()));
        assert_eq!(a.hash.len(), 64);
        assert!(!a.hash.contains(&a.token));
        for not_a_token in
            ["", "feedback.css", &a.token[..42], &format!("{}A", a.token), &a.token.replace(|_| true, "+")]
        {
            assert_eq!(LinkToken::hash_of(not_a_token), None, "{not_a_token}");
        }
    }

    #[test]
    fn a_link_is_open_until_answered_or_expired() {
        let expires = link_expiry(at(1));
        assert_eq!(expires, at(15));
        assert_eq!(link_state(expires, false, false, at(14)), LinkState::Open);
        assert_eq!(link_state(expires, false, false, at(15)), LinkState::Expired);
        assert_eq!(link_state(expires, true, true, at(2)), LinkState::Answered);
        assert_eq!(link_state(expires, false, true, at(2)), LinkState::Answered, "answered by phone");
        assert_eq!(link_state(expires, true, true, at(20)), LinkState::Answered, "answered says more than expired");
    }
}
