//! One-contact referrals and their closed loop, after the FHIR Task statuses.
//!
//! `requested` -> `accepted` or `rejected` (with a reason) -> `in_progress` -> `completed`;
//! `cancelled` from any open status; `redirected` hands the referral to another team, which then
//! accepts or rejects it like a new request (the client does not have to call again). Completed,
//! rejected and cancelled referrals are closed and cannot change.

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::emergency::EmergencyLevel;
use super::lang::Lang;
use super::navigation::Segment;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Requested,
    Accepted,
    Rejected,
    InProgress,
    Completed,
    Cancelled,
    Redirected,
}

impl Status {
    pub const ALL: [Status; 7] = [
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
    WalkIn,
    Integration,
}

impl ContactChannel {
    pub const ALL: [ContactChannel; 4] = [Self::Phone, Self::Chat, Self::WalkIn, Self::Integration];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Phone => "phone",
            Self::Chat => "chat",
            Self::WalkIn => "walk_in",
            Self::Integration => "integration",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
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
