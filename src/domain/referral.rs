//! One-contact referrals and their closed loop, after the FHIR Task statuses.
//!
//! `requested` -> `accepted` or `rejected` (with a reason) -> `in_progress` -> `completed`;
//! `cancelled` from any open status; `redirected` hands the referral to another team, which then
//! accepts or rejects it like a new request (the client does not have to call again). Completed,
//! rejected and cancelled referrals are closed and cannot change.

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::catalogue::Catalogue;
use super::emergency::EmergencyLevel;
use super::hetu::Hetu;
use super::lang::Lang;
use super::navigation::{Answer, Client, NeedSource, RecognisedNeed, Segment};
use super::needs::codes;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Recorded before the safety screen was finished (the call dropped), or sent by a patient
    /// system when the screen is required: due today with the nurse reception of the client's area.
    TriagePending,
    Requested,
    Accepted,
    Rejected,
    InProgress,
    Completed,
    Cancelled,
    Redirected,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::TriagePending,
        Status::Requested,
        Status::Accepted,
        Status::Rejected,
        Status::InProgress,
        Status::Completed,
        Status::Cancelled,
        Status::Redirected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::TriagePending => "triage_pending",
            Status::Requested => "requested",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
            Status::Cancelled => "cancelled",
            Status::Redirected => "redirected",
        }
    }

    pub fn parse(raw: &str) -> Option<Status> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    pub fn is_closed(self) -> bool {
        matches!(self, Status::Completed | Status::Rejected | Status::Cancelled)
    }

    pub fn is_open(self) -> bool {
        !self.is_closed()
    }

    /// The statuses a referral may move to from this one.
    pub fn next(self) -> &'static [Status] {
        match self {
            Status::TriagePending => &[Status::Requested, Status::Accepted, Status::Cancelled, Status::Redirected],
            Status::Requested | Status::Redirected => {
                &[Status::Accepted, Status::Rejected, Status::Cancelled, Status::Redirected]
            }
            Status::Accepted => &[Status::InProgress, Status::Cancelled, Status::Redirected],
            Status::InProgress => &[Status::Completed, Status::Cancelled, Status::Redirected],
            Status::Completed | Status::Rejected | Status::Cancelled => &[],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("the referral is {0} and closed: it cannot change")]
    Closed(&'static str),
    #[error("a referral that is {from} cannot become {to}; allowed: {allowed}")]
    NotAllowed { from: &'static str, to: &'static str, allowed: String },
    #[error("{0} needs a reason")]
    ReasonRequired(&'static str),
    #[error("a redirect needs the target team (team_id)")]
    TargetRequired,
    #[error("the referral is already with team {0}")]
    SameTeam(String),
}

/// Checks a status change; `target_team` is the team of a redirect.
pub fn check_transition(
    from: Status,
    to: Status,
    reason: Option<&str>,
    target_team: Option<&str>,
    current_team: Option<&str>,
) -> Result<(), TransitionError> {
    if from.is_closed() {
        return Err(TransitionError::Closed(from.as_str()));
    }
    if !from.next().contains(&to) {
        let allowed: Vec<&str> = from.next().iter().map(|s| s.as_str()).collect();
        return Err(TransitionError::NotAllowed { from: from.as_str(), to: to.as_str(), allowed: allowed.join(", ") });
    }
    let has_reason = reason.is_some_and(|r| !r.trim().is_empty());
    if matches!(to, Status::Rejected | Status::Cancelled | Status::Redirected) && !has_reason {
        return Err(TransitionError::ReasonRequired(to.as_str()));
    }
    if to == Status::Redirected {
        let target = target_team.ok_or(TransitionError::TargetRequired)?;
        if current_team == Some(target) {
            return Err(TransitionError::SameTeam(target.to_owned()));
        }
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactChannel {
    Phone,
    Chat,
    /// In person (at a service point). `walk_in`, its old name, is read for one more release.
    #[serde(alias = "walk_in")]
    InPerson,
    Integration,
}

impl ContactChannel {
    pub const ALL: [ContactChannel; 4] = [Self::Phone, Self::Chat, Self::InPerson, Self::Integration];
    /// The old name of `in_person`, accepted for one more release (the services' channels say
    /// `in_person`: one vocabulary).
    pub const DEPRECATED_WALK_IN: &'static str = "walk_in";

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Phone => "phone",
            Self::Chat => "chat",
            Self::InPerson => "in_person",
            Self::Integration => "integration",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        if raw == Self::DEPRECATED_WALK_IN {
            return Some(Self::InPerson);
        }
        Self::ALL.into_iter().find(|c| c.as_str() == raw)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// The region's goal for non-urgent care: within the service's access target (7 days).
    #[default]
    NonUrgent,
    /// Within a day.
    Urgent,
}

impl Urgency {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NonUrgent => "non_urgent",
            Self::Urgent => "urgent",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "non_urgent" => Some(Self::NonUrgent),
            "urgent" => Some(Self::Urgent),
            _ => None,
        }
    }
}

/// The region's goal for non-urgent care when no service says otherwise.
pub const DEFAULT_ACCESS_TARGET_DAYS: u32 = 7;

/// When the referral should be handled: the shortest access target of its services (the
/// region's goal, 7 days, when none is known); urgent referrals within a day.
pub fn due_at(created: NaiveDateTime, access_targets: &[u32], urgency: Urgency) -> NaiveDateTime {
    let days = access_targets.iter().copied().min().unwrap_or(DEFAULT_ACCESS_TARGET_DAYS);
    let days = match urgency {
        Urgency::Urgent => days.min(1),
        Urgency::NonUrgent => days,
    };
    // A target of 0 days (same-day services) still gives the team the rest of the day.
    let hours = if days == 0 { 12 } else { i64::from(days) * 24 };
    created + Duration::hours(hours)
}

/// A need as recorded with a referral (codes and confidence; the client's words stay only in the
/// encrypted description).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RecordedNeed {
    #[schema(example = "health.memory")]
    pub code: String,
    pub confidence: f32,
    /// text, code or rule.
    #[schema(example = "text")]
    pub source: String,
}

/// A referral as stored, with personal data decrypted or not.
#[derive(Clone, Debug, PartialEq)]
pub struct Referral {
    pub id: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub created_by: String,
    pub channel: ContactChannel,
    pub client_key: String,
    pub age: u32,
    pub municipality: String,
    pub language: Lang,
    pub needs: Vec<RecordedNeed>,
    pub services: Vec<String>,
    pub lead_team_id: Option<String>,
    pub participating_team_ids: Vec<String>,
    pub segment: Segment,
    pub urgency: Urgency,
    pub due_at: NaiveDateTime,
    pub status: Status,
    pub version: i64,
    pub consent: bool,
    pub disclosure_prohibited: bool,
    pub emergency_level: Option<EmergencyLevel>,
    pub accepted_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
}

impl Referral {
    /// Whether a team other than the lead sees only the outline (no description, no needs):
    /// the client did not consent to sharing between social and health care, or a disclosure
    /// prohibition is recorded.
    pub fn restricted_for_others(&self) -> bool {
        !self.consent || self.disclosure_prohibited
    }

    pub fn is_overdue(&self, now: NaiveDateTime) -> bool {
        self.status.is_open() && self.due_at < now
    }
}

/// The text whose keyed hash finds a client's referrals: the identity code when there is one,
/// the patient system's reference otherwise.
pub fn client_lookup(hetu: Option<&Hetu>, patient_ref: Option<&str>) -> String {
    match (hetu, patient_ref) {
        (Some(h), _) => format!("hetu:{}", h.as_str()),
        (None, Some(r)) => format!("ref:{}", r.trim()),
        (None, None) => String::new(),
    }
}

/// The lookup key of one client identifier as people give it: a valid personal identity code is
/// the HETU's key, anything else a patient-system reference's (client search, navigation history).
pub fn client_key(client: &str) -> String {
    let client = client.trim();
    match crate::domain::hetu::Hetu::parse(client) {
        Ok(h) => client_lookup(Some(&h), None),
        Err(_) => client_lookup(None, Some(client)),
    }
}

/// A status change asked for by the owning team.
pub struct StatusChange<'a> {
    pub to: Status,
    pub reason: Option<&'a str>,
    /// The target team of a redirect.
    pub team_id: Option<&'a str>,
}

/// A change made: from which status to which, and the team it concerns.
#[derive(Debug, PartialEq, Eq)]
pub struct Applied {
    pub from: Status,
    pub to: Status,
    pub team_id: Option<String>,
}

impl Referral {
    /// Moves the referral in the closed loop, or says why not: the new status, its version and
    /// time, the acceptance and closing times, and on a redirect the new lead team (which stops
    /// taking part). `version` is left for the caller to check and raise.
    pub fn apply(&mut self, change: &StatusChange<'_>, at: NaiveDateTime) -> Result<Applied, TransitionError> {
        let owner = self.lead_team_id.clone();
        check_transition(self.status, change.to, change.reason, change.team_id, owner.as_deref())?;
        let from = self.status;
        self.status = change.to;
        self.updated_at = at;
        match change.to {
            Status::Accepted if self.accepted_at.is_none() => self.accepted_at = Some(at),
            Status::Redirected => {
                let target = change.team_id.unwrap_or_default().to_owned();
                self.participating_team_ids.retain(|t| *t != target);
                self.lead_team_id = Some(target);
                self.accepted_at = None;
            }
            s if s.is_closed() => self.closed_at = Some(at),
            _ => {}
        }
        Ok(Applied { from, to: change.to, team_id: change.team_id.map(str::to_owned).or(owner) })
    }
}

/// Who reads a referral, as far as the view rules need to know.
pub trait Reader {
    /// Staff and integrations, who read every referral in full.
    fn reads_all(&self) -> bool;
    /// A member of `team`.
    fn in_team(&self, team: &str) -> bool;
}

/// How a reader may see a referral.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum View {
    Full,
    /// No identity, description, needs or status reasons.
    Outline,
}

impl Referral {
    /// Staff and integrations see referrals in full; a member of the lead team too; a member of a
    /// team that takes part sees the outline when the client restricted sharing; anyone else
    /// nothing (`None`).
    pub fn view_for(&self, reader: &impl Reader) -> Option<View> {
        if reader.reads_all() || self.lead_team_id.as_deref().is_some_and(|t| reader.in_team(t)) {
            return Some(View::Full);
        }
        if self.participating_team_ids.iter().any(|t| reader.in_team(t)) {
            return Some(if self.restricted_for_others() { View::Outline } else { View::Full });
        }
        None
    }
}

/// The teams a client already works with, for continuity: the teams of their open referrals and
/// of those made within the last year, in the order of the history given (newest first).
pub fn existing_teams<'a>(history: impl IntoIterator<Item = &'a Referral>, now: NaiveDateTime) -> Vec<String> {
    let year_ago = now - Duration::days(365);
    let mut teams: Vec<String> = Vec::new();
    for r in history.into_iter().filter(|r| r.status.is_open() || r.created_at >= year_ago) {
        for t in r.lead_team_id.iter().chain(r.participating_team_ids.iter()) {
            if !teams.contains(t) {
                teams.push(t.clone());
            }
        }
    }
    teams
}

impl From<&RecognisedNeed> for RecordedNeed {
    fn from(n: &RecognisedNeed) -> Self {
        let source = match n.source {
            NeedSource::Text => "text",
            NeedSource::Code => "code",
            NeedSource::Rule => "rule",
        };
        RecordedNeed { code: n.code.to_string(), confidence: n.confidence, source: source.into() }
    }
}

/// The referral services of a navigation answer when staff chose none: the best referral service
/// of each need (the youth mental-health need only when it is the only one), and a service of the
/// lead team first when none of those is the lead team's.
pub fn default_services(cat: &Catalogue, a: &Answer) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for need in &a.needs {
        if need.code.as_str() == codes::MENTAL_YOUTH && a.needs.len() > 1 {
            continue;
        }
        if let Some(s) = a.services.iter().filter(|s| s.accepts_referrals).find(|s| s.needs.contains(&need.code)) {
            if !out.contains(&s.service_id) {
                out.push(s.service_id.clone());
            }
        }
    }
    if let Some(lead) = a.routing.lead_team_id.as_deref().and_then(|t| cat.team(t)) {
        if !out.iter().any(|s| lead.takes(s)) {
            if let Some(s) = a.services.iter().find(|s| s.accepts_referrals && lead.takes(&s.service_id)) {
                out.insert(0, s.service_id.clone());
            }
        }
    }
    out
}

/// What a new referral is made of, besides the navigation answer.
pub struct NewReferral<'a> {
    pub id: String,
    pub at: NaiveDateTime,
    pub created_by: &'a str,
    pub channel: ContactChannel,
    /// The keyed hash of the client's identity.
    pub client_key: String,
    pub client: &'a Client,
    pub services: Vec<String>,
    /// The urgency staff set; from the answer (urgent for an emergency) when `None`.
    pub urgency: Option<Urgency>,
    pub consent: bool,
    pub disclosure_prohibited: bool,
    /// What the safety screen did.
    pub triage: Triage,
    /// The level a "yes" to a red-flag question meant, when staff handled it and record anyway.
    pub screen_level: Option<EmergencyLevel>,
}

/// What the safety screen did for a new referral.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Triage {
    /// Not required, or satisfied by a professional's assessment of urgency.
    NotRequired,
    /// Asked, and every answer was "no": due within a day at most.
    Screened,
    /// Not finished (the call dropped) or sent by a patient system: `triage_pending`, due today.
    Pending,
}

/// Due date of a contact whose screen is pending: the end of the day in the region's time zone,
/// and at least an hour ahead, so a contact late in the evening is not overdue before anyone sees it.
pub fn triage_due_at(created: NaiveDateTime) -> NaiveDateTime {
    use chrono::TimeZone;
    use chrono_tz::Europe::Helsinki;
    let local = Helsinki.from_utc_datetime(&created).date_naive();
    let end = local
        .and_hms_opt(23, 59, 59)
        .and_then(|t| Helsinki.from_local_datetime(&t).earliest())
        .map(|t| t.naive_utc())
        .unwrap_or(created + Duration::hours(12));
    end.max(created + Duration::hours(1))
}

impl Referral {
    /// A new referral from a navigation answer: its needs, teams, segment and emergency level, due
    /// by the shortest access target of its services.
    pub fn new(n: NewReferral<'_>, answer: &Answer, cat: &Catalogue) -> Referral {
        let targets: Vec<u32> =
            n.services.iter().filter_map(|s| cat.service(s)).map(|s| s.access_target_days).collect();
        let emergency_level = answer.emergency.as_ref().map(|e| e.level).or(n.screen_level);
        let urgency = n.urgency.unwrap_or(if emergency_level.is_some() || n.triage == Triage::Pending {
            Urgency::Urgent
        } else {
            Urgency::NonUrgent
        });
        let due = match n.triage {
            Triage::Pending => triage_due_at(n.at),
            Triage::Screened => due_at(n.at, &targets, urgency).min(n.at + Duration::days(1)),
            Triage::NotRequired => due_at(n.at, &targets, urgency),
        };
        Referral {
            id: n.id,
            created_at: n.at,
            updated_at: n.at,
            created_by: n.created_by.to_owned(),
            channel: n.channel,
            client_key: n.client_key,
            age: n.client.age,
            municipality: n.client.municipality.to_string(),
            language: n.client.language,
            needs: answer.needs.iter().map(RecordedNeed::from).collect(),
            services: n.services,
            lead_team_id: answer.routing.lead_team_id.clone(),
            participating_team_ids: answer.routing.participating_team_ids.clone(),
            segment: answer.segment.code,
            urgency,
            due_at: due,
            status: if n.triage == Triage::Pending { Status::TriagePending } else { Status::Requested },
            version: 1,
            consent: n.consent,
            disclosure_prohibited: n.disclosure_prohibited,
            emergency_level,
            accepted_at: None,
            closed_at: None,
        }
    }
}

/// The most characters a referral's description holds, all contacts together (the rule of a
/// single description).
pub const MAX_DESCRIPTION_CHARS: usize = 4000;
/// The most services one referral is made to.
pub const MAX_SERVICES: usize = 20;
/// What separates the words of two contacts in a joined description.
pub const CONTACT_SEPARATOR: &str = "\n---\n";

/// A new contact about a client who already has an open referral to one of the same services.
pub struct Contact<'a> {
    pub needs: &'a [RecordedNeed],
    pub services: &'a [String],
    /// The teams the new contact was routed to (lead first, then the participants).
    pub teams: &'a [String],
    pub consent: bool,
    pub disclosure_prohibited: bool,
    /// What the client said this time (may be empty).
    pub description: &'a str,
}

/// What joining a contact to an open referral does.
#[derive(Debug, PartialEq, Eq)]
pub enum Join {
    /// The contact adds nothing: a retry or a repeat of what is recorded. Nothing is written.
    Unchanged,
    /// The referral changed; `description` is the new whole description when the words changed,
    /// and `tightened` says how the protection of the client's data became stricter, if it did.
    Changed { description: Option<String>, tightened: Option<&'static str> },
    /// The merged referral would pass its bounds (description, services): the contact is
    /// recorded as a referral of its own instead.
    TooLarge,
}

impl Referral {
    /// Joins a contact to this open referral: needs, services and teams are added, the strictest
    /// protection of any contact wins (a disclosure prohibition stays, consent withdrawn stays
    /// withdrawn), and the contact's words are added unless they are already recorded. Joining
    /// never loosens protection and never grows a referral past its bounds. `earlier` is the
    /// decrypted description recorded so far. The version is not changed here.
    pub fn join(&mut self, contact: &Contact<'_>, earlier: &str, at: NaiveDateTime) -> Join {
        let words = contact.description.trim();
        let repeated = words.is_empty() || earlier.split(CONTACT_SEPARATOR).any(|c| c.trim() == words);
        let description = if repeated {
            None
        } else if earlier.trim().is_empty() {
            Some(words.to_owned())
        } else {
            Some(format!("{earlier}{CONTACT_SEPARATOR}{words}"))
        };
        if description.as_ref().is_some_and(|d| d.chars().count() > MAX_DESCRIPTION_CHARS) {
            return Join::TooLarge;
        }
        let new_services: Vec<&String> = contact.services.iter().filter(|s| !self.services.contains(s)).collect();
        if self.services.len() + new_services.len() > MAX_SERVICES {
            return Join::TooLarge;
        }
        let tightened =
            match (contact.disclosure_prohibited && !self.disclosure_prohibited, !contact.consent && self.consent) {
                (true, true) => {
                    Some("a later contact recorded a disclosure prohibition and withdrew consent to sharing")
                }
                (true, false) => Some("a later contact recorded a disclosure prohibition"),
                (false, true) => Some("a later contact withdrew consent to sharing between social and health care"),
                (false, false) => None,
            };
        let mut changed = description.is_some() || tightened.is_some() || !new_services.is_empty();
        self.services.extend(new_services.into_iter().cloned());
        for n in contact.needs {
            if !self.needs.iter().any(|x| x.code == n.code) {
                self.needs.push(n.clone());
                changed = true;
            }
        }
        for t in contact.teams {
            if Some(t) != self.lead_team_id.as_ref() && !self.participating_team_ids.contains(t) {
                self.participating_team_ids.push(t.clone());
                changed = true;
            }
        }
        self.disclosure_prohibited |= contact.disclosure_prohibited;
        self.consent &= contact.consent;
        if !changed {
            return Join::Unchanged;
        }
        self.updated_at = at;
        Join::Changed { description, tightened }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_transitions() {
        use Status::*;
        assert!(check_transition(Requested, Accepted, None, None, Some("t1")).is_ok());
        assert!(check_transition(Accepted, InProgress, None, None, Some("t1")).is_ok());
        assert!(check_transition(InProgress, Completed, None, None, Some("t1")).is_ok());
        assert!(check_transition(Requested, Rejected, Some("not ours"), None, Some("t1")).is_ok());
        assert!(check_transition(InProgress, Cancelled, Some("moved away"), None, Some("t1")).is_ok());
        assert!(check_transition(Accepted, Redirected, Some("wrong team"), Some("t2"), Some("t1")).is_ok());
        assert!(check_transition(Redirected, Accepted, None, None, Some("t2")).is_ok());
    }

    #[test]
    fn refused_transitions() {
        use Status::*;
        assert!(matches!(
            check_transition(Requested, Completed, None, None, None),
            Err(TransitionError::NotAllowed { .. })
        ));
        assert!(matches!(
            check_transition(Accepted, Accepted, None, None, None),
            Err(TransitionError::NotAllowed { .. })
        ));
        assert!(matches!(
            check_transition(Accepted, Rejected, Some("x"), None, None),
            Err(TransitionError::NotAllowed { .. })
        ));
        assert_eq!(
            check_transition(Completed, Cancelled, Some("x"), None, None),
            Err(TransitionError::Closed("completed"))
        );
        assert_eq!(check_transition(Rejected, Accepted, None, None, None), Err(TransitionError::Closed("rejected")));
        assert_eq!(
            check_transition(Requested, Rejected, Some("  "), None, None),
            Err(TransitionError::ReasonRequired("rejected"))
        );
        assert_eq!(
            check_transition(Requested, Redirected, Some("x"), None, Some("t1")),
            Err(TransitionError::TargetRequired)
        );
        assert!(matches!(
            check_transition(Requested, Redirected, Some("x"), Some("t1"), Some("t1")),
            Err(TransitionError::SameTeam(_))
        ));
        for s in Status::ALL {
            assert_eq!(s.is_closed(), s.next().is_empty(), "{s:?}");
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
    }

    fn open_referral() -> Referral {
        let t = NaiveDateTime::parse_from_str("2026-11-23 10:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
        Referral {
            id: "r1".into(),
            created_at: t,
            updated_at: t,
            created_by: "staff".into(),
            channel: ContactChannel::Phone,
            client_key: "k".into(),
            age: 40,
            municipality: "743".into(),
            language: Lang::Fi,
            needs: vec![RecordedNeed { code: "social.income".into(), confidence: 0.9, source: "text".into() }],
            services: vec!["s1".into()],
            lead_team_id: Some("t1".into()),
            participating_team_ids: vec![],
            segment: Segment::Tuki,
            urgency: Urgency::NonUrgent,
            due_at: t,
            status: Status::Requested,
            version: 1,
            consent: true,
            disclosure_prohibited: false,
            emergency_level: None,
            accepted_at: None,
            closed_at: None,
        }
    }

    fn contact<'a>(services: &'a [String], teams: &'a [String], words: &'a str) -> Contact<'a> {
        Contact { needs: &[], services, teams, consent: true, disclosure_prohibited: false, description: words }
    }

    #[test]
    fn joining_never_loosens_protection() {
        let at = open_referral().created_at + Duration::hours(1);
        let services = vec!["s1".to_owned()];
        let teams = vec!["t1".to_owned(), "t2".to_owned()];
        // Every combination of what is recorded and what the new contact says.
        for (was_dp, was_consent) in [(false, true), (true, true), (false, false), (true, false)] {
            for (dp, consent) in [(false, true), (true, true), (false, false), (true, false)] {
                let mut r = open_referral();
                r.disclosure_prohibited = was_dp;
                r.consent = was_consent;
                let c = Contact { disclosure_prohibited: dp, consent, ..contact(&services, &teams, "") };
                let outcome = r.join(&c, "earlier words", at);
                assert_eq!(r.disclosure_prohibited, was_dp || dp, "{was_dp} {was_consent} {dp} {consent}");
                assert_eq!(r.consent, was_consent && consent, "{was_dp} {was_consent} {dp} {consent}");
                let tightened = (dp && !was_dp) || (!consent && was_consent);
                match outcome {
                    Join::Changed { tightened: t, .. } => assert_eq!(t.is_some(), tightened),
                    other => panic!("{other:?}: a new team always changes the referral"),
                }
                assert!(r.restricted_for_others() == (r.disclosure_prohibited || !r.consent));
            }
        }
    }

    #[test]
    fn a_repeated_contact_changes_nothing_and_words_are_kept_once() {
        let at = open_referral().created_at + Duration::hours(1);
        let services = vec!["s1".to_owned()];
        let teams = vec!["t1".to_owned()];
        let mut r = open_referral();
        let before = r.clone();
        assert_eq!(r.join(&contact(&services, &teams, "  first words "), "first words", at), Join::Unchanged);
        assert_eq!(r.join(&contact(&services, &teams, ""), "first words", at), Join::Unchanged);
        assert_eq!(r, before, "an unchanged join writes nothing");
        let joined = format!("first words{CONTACT_SEPARATOR}second words");
        assert_eq!(r.join(&contact(&services, &teams, "second words"), &joined, at), Join::Unchanged);
        assert_eq!(
            r.join(&contact(&services, &teams, "third words"), &joined, at),
            Join::Changed { description: Some(format!("{joined}{CONTACT_SEPARATOR}third words")), tightened: None }
        );
    }

    #[test]
    fn a_referral_stays_within_its_bounds() {
        let at = open_referral().created_at + Duration::hours(1);
        let teams = vec!["t1".to_owned()];
        let one = vec!["s1".to_owned()];
        // The description: N joins of distinct words end in TooLarge, never past the limit.
        let mut r = open_referral();
        let mut text = String::new();
        let mut joins = 0;
        for i in 0..10_000 {
            let words = format!("contact {i}: {}", "sanoja ".repeat(20));
            match r.join(&contact(&one, &teams, &words), &text, at) {
                Join::Changed { description: Some(d), .. } => {
                    assert!(d.chars().count() <= MAX_DESCRIPTION_CHARS);
                    text = d;
                    joins += 1;
                }
                Join::TooLarge => break,
                other => panic!("{other:?}"),
            }
        }
        assert!(joins > 10 && joins < 100, "{joins} joins");
        let more = format!("one more: {}", "sanoja ".repeat(20));
        assert!(matches!(r.join(&contact(&one, &teams, &more), &text, at), Join::TooLarge));
        // Services: at most MAX_SERVICES.
        let mut r = open_referral();
        for i in 2..200 {
            let s = vec![format!("s{i}")];
            if r.join(&contact(&s, &teams, ""), "", at) == Join::TooLarge {
                break;
            }
        }
        assert_eq!(r.services.len(), MAX_SERVICES);
    }

    #[test]
    fn applying_a_change_moves_the_loop_and_its_times() {
        let at = open_referral().created_at + Duration::hours(2);
        let mut r = open_referral();
        let accept = StatusChange { to: Status::Accepted, reason: None, team_id: None };
        assert_eq!(
            r.apply(&accept, at),
            Ok(Applied { from: Status::Requested, to: Status::Accepted, team_id: Some("t1".into()) })
        );
        assert_eq!((r.status, r.accepted_at, r.updated_at), (Status::Accepted, Some(at), at));
        // A redirect hands the lead to the target, which stops taking part, and clears acceptance.
        r.participating_team_ids = vec!["t2".into(), "t3".into()];
        let redirect = StatusChange { to: Status::Redirected, reason: Some("moved"), team_id: Some("t2") };
        assert_eq!(r.apply(&redirect, at).map(|a| a.team_id), Ok(Some("t2".into())));
        assert_eq!((r.lead_team_id.as_deref(), r.accepted_at), (Some("t2"), None));
        assert_eq!(r.participating_team_ids, ["t3"]);
        // Closing sets the closing time; a closed referral refuses every change and is left as it was.
        let cancel = StatusChange { to: Status::Cancelled, reason: Some("moved away"), team_id: None };
        assert!(r.apply(&cancel, at).is_ok());
        assert_eq!(r.closed_at, Some(at));
        let before = r.clone();
        assert_eq!(r.apply(&accept, at + Duration::hours(1)), Err(TransitionError::Closed("cancelled")));
        assert_eq!(r, before);
    }

    struct Who {
        all: bool,
        teams: Vec<&'static str>,
    }

    impl Reader for Who {
        fn reads_all(&self) -> bool {
            self.all
        }
        fn in_team(&self, team: &str) -> bool {
            self.teams.contains(&team)
        }
    }

    #[test]
    fn who_sees_what() {
        let mut r = open_referral();
        r.participating_team_ids = vec!["t2".into()];
        let staff = Who { all: true, teams: vec![] };
        let lead = Who { all: false, teams: vec!["t1"] };
        let part = Who { all: false, teams: vec!["t2"] };
        let other = Who { all: false, teams: vec!["t9"] };
        for (dp, consent) in [(false, true), (true, true), (false, false)] {
            r.disclosure_prohibited = dp;
            r.consent = consent;
            let restricted = dp || !consent;
            assert_eq!(r.view_for(&staff), Some(View::Full));
            assert_eq!(r.view_for(&lead), Some(View::Full));
            assert_eq!(r.view_for(&part), Some(if restricted { View::Outline } else { View::Full }));
            assert_eq!(r.view_for(&other), None);
        }
    }

    #[test]
    fn existing_teams_are_of_open_or_recent_referrals() {
        let now = open_referral().created_at;
        let mut old_closed = open_referral();
        old_closed.created_at = now - Duration::days(400);
        old_closed.status = Status::Completed;
        old_closed.lead_team_id = Some("old".into());
        let mut old_open = old_closed.clone();
        old_open.status = Status::Accepted;
        old_open.lead_team_id = Some("open".into());
        let mut recent = open_referral();
        recent.status = Status::Completed;
        recent.participating_team_ids = vec!["t2".into(), "t1".into()];
        assert_eq!(existing_teams([&recent, &old_closed, &old_open], now), ["t1", "t2", "open"]);
        assert_eq!(client_lookup(None, Some(" ref-1 ")), "ref:ref-1");
    }

    #[test]
    fn due_dates_from_access_targets() {
        let t = NaiveDateTime::parse_from_str("2026-11-23 10:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(due_at(t, &[7, 14], Urgency::NonUrgent), t + Duration::days(7));
        assert_eq!(due_at(t, &[], Urgency::NonUrgent), t + Duration::days(7), "the region's goal");
        assert_eq!(due_at(t, &[3], Urgency::Urgent), t + Duration::days(1));
        assert_eq!(due_at(t, &[0], Urgency::NonUrgent), t + Duration::hours(12));
        assert_eq!(due_at(t, &[21], Urgency::NonUrgent), t + Duration::days(21));
    }
}
