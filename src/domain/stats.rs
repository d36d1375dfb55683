//! The situation picture's statistics: referrals of a period counted as they are read, per team,
//! per service, by segment and channel, with the medians of days to acceptance and completion and
//! the share handled within the access target; and the clients' feedback recorded in the period,
//! per the referral's team and services.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::referral::Status;

/// What the statistics read of one referral.
pub struct Record {
    pub lead_team_id: Option<String>,
    /// The referral's services as stored: a JSON list of ids.
    pub services: String,
    pub segment: String,
    pub channel: String,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    pub accepted_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
}

/// What the statistics read of one feedback answer, with its referral's team and services.
pub struct FeedbackRecord {
    pub lead_team_id: Option<String>,
    /// The referral's services as stored: a JSON list of ids.
    pub services: String,
    pub helped: bool,
    pub within_target: bool,
    pub grade: i32,
}

/// The clients' feedback recorded in the period (by phone and through links).
#[derive(Serialize, ToSchema, Default, Clone, Debug, PartialEq)]
pub struct FeedbackFigures {
    /// Answers recorded in the period.
    pub answers: u64,
    /// Share of the answers that say the client was helped (0-1); null without answers.
    pub helped_share: Option<f64>,
    /// Share of the answers that say the service came within the access target (0-1); null
    /// without answers.
    pub within_target_share: Option<f64>,
    /// Mean grade, 1 (poor) to 5 (excellent); null without answers.
    pub mean_grade: Option<f64>,
}

#[derive(Serialize, ToSchema, Default, Clone)]
pub struct Figures {
    /// Referrals made in the period.
    pub new: u64,
    /// Of those, still open.
    pub open: u64,
    /// Of those, open and past their due date.
    pub overdue: u64,
    /// Median days from contact to acceptance (accepted ones).
    pub median_days_to_acceptance: Option<f64>,
    /// Median days from contact to completion (completed ones).
    pub median_days_to_completion: Option<f64>,
    /// Share of the referrals whose due date has come that were accepted by then.
    pub within_access_target: Option<f64>,
    /// The clients' feedback recorded in the period, whenever its referral was made.
    pub feedback: FeedbackFigures,
}

/// Statistics of a period: the whole, per team, per service, by segment and channel.
#[derive(Default)]
pub struct StatsAcc {
    pub total: Acc,
    pub teams: HashMap<String, Acc>,
    pub services: HashMap<String, Acc>,
    pub by_segment: HashMap<String, u64>,
    pub by_channel: HashMap<String, u64>,
}

impl StatsAcc {
    pub fn add(&mut self, r: &Record, now: NaiveDateTime) {
        self.total.add(r, now);
        if let Some(t) = &r.lead_team_id {
            in_group(&mut self.teams, t, |a| a.add(r, now));
        }
        for ServiceId(id) in serde_json::from_str::<Vec<ServiceId>>(&r.services).unwrap_or_default() {
            in_group(&mut self.services, &id, |a| a.add(r, now));
        }
        in_group(&mut self.by_segment, &r.segment, |n| *n += 1);
        in_group(&mut self.by_channel, &r.channel, |n| *n += 1);
    }

    /// Counts a feedback answer for the whole, its referral's lead team and each of its services
    /// (a team or service with answers but no new referrals in the period is listed too).
    pub fn add_feedback(&mut self, f: &FeedbackRecord) {
        self.total.feedback.add(f);
        if let Some(t) = &f.lead_team_id {
            in_group(&mut self.teams, t, |a| a.feedback.add(f));
        }
        for ServiceId(id) in serde_json::from_str::<Vec<ServiceId>>(&f.services).unwrap_or_default() {
            in_group(&mut self.services, &id, |a| a.feedback.add(f));
        }
    }
}

/// A service id of a referral's JSON list: read in place, or unescaped into its own string when
/// it has something to unescape.
#[derive(Deserialize)]
struct ServiceId<'a>(#[serde(borrow)] std::borrow::Cow<'a, str>);

/// Updates the group `key`, made on its first row: the key is copied once, not at every row.
fn in_group<V: Default>(groups: &mut HashMap<String, V>, key: &str, update: impl FnOnce(&mut V)) {
    match groups.get_mut(key) {
        Some(v) => update(v),
        None => update(groups.entry(key.to_owned()).or_default()),
    }
}

#[derive(Default)]
pub struct Acc {
    new: u64,
    open: u64,
    overdue: u64,
    /// Seconds from contact to acceptance and to completion, for the medians: 4 bytes a referral
    /// each, since a year of a region's referrals is held until its medians are taken.
    to_accept: Vec<i32>,
    to_complete: Vec<i32>,
    due_passed: u64,
    in_time: u64,
    feedback: FeedbackAcc,
}

#[derive(Default)]
struct FeedbackAcc {
    answers: u64,
    helped: u64,
    within_target: u64,
    grades: u64,
}

impl FeedbackAcc {
    fn add(&mut self, f: &FeedbackRecord) {
        self.answers += 1;
        self.helped += u64::from(f.helped);
        self.within_target += u64::from(f.within_target);
        self.grades += u64::try_from(f.grade.clamp(1, 5)).unwrap_or(1);
    }

    fn figures(&self) -> FeedbackFigures {
        let share = |n: u64| (self.answers > 0).then(|| round3(n as f64 / self.answers as f64));
        FeedbackFigures {
            answers: self.answers,
            helped_share: share(self.helped),
            within_target_share: share(self.within_target),
            mean_grade: share(self.grades),
        }
    }
}

impl Acc {
    fn add(&mut self, r: &Record, now: NaiveDateTime) {
        self.new += 1;
        let status = Status::parse(&r.status).unwrap_or(Status::Requested);
        if status.is_open() {
            self.open += 1;
            if r.due_at < now {
                self.overdue += 1;
            }
        }
        let secs = |t: NaiveDateTime| (t - r.created_at).num_seconds().clamp(i32::MIN.into(), i32::MAX.into()) as i32;
        if let Some(a) = r.accepted_at {
            self.to_accept.push(secs(a));
        }
        if status == Status::Completed {
            if let Some(c) = r.closed_at {
                self.to_complete.push(secs(c));
            }
        }
        if r.due_at <= now || r.accepted_at.is_some() {
            self.due_passed += 1;
            if r.accepted_at.is_some_and(|a| a <= r.due_at) {
                self.in_time += 1;
            }
        }
    }

    pub fn figures(mut self) -> Figures {
        Figures {
            new: self.new,
            open: self.open,
            overdue: self.overdue,
            median_days_to_acceptance: median_days(&mut self.to_accept),
            median_days_to_completion: median_days(&mut self.to_complete),
            within_access_target: (self.due_passed > 0).then(|| round3(self.in_time as f64 / self.due_passed as f64)),
            feedback: self.feedback.figures(),
        }
    }
}

/// The median of durations in seconds, in days. Selects the middle instead of sorting.
fn median_days(secs: &mut [i32]) -> Option<f64> {
    let n = secs.len();
    if n == 0 {
        return None;
    }
    let (below, &mut upper, _) = secs.select_nth_unstable(n / 2);
    let m = if n % 2 == 1 {
        f64::from(upper)
    } else {
        let lower = below.iter().copied().max().unwrap_or(upper);
        (f64::from(lower) + f64::from(upper)) / 2.0
    };
    Some(round3(m / 86_400.0))
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(services: &str, status: &str) -> Record {
        let at = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).and_then(|d| d.and_hms_opt(12, 0, 0)).unwrap();
        Record {
            lead_team_id: Some("team".into()),
            services: services.into(),
            segment: "tuki".into(),
            channel: "phone".into(),
            status: status.into(),
            created_at: at(1),
            due_at: at(8),
            accepted_at: (status != "requested").then(|| at(3)),
            closed_at: (status == "completed").then(|| at(11)),
        }
    }

    /// The selected middle is the sorted middle: odd and even counts, repeats, negative and extreme
    /// durations, against sorting.
    #[test]
    fn medians_select_the_sorted_middle() {
        assert_eq!(median_days(&mut []), None);
        assert_eq!(median_days(&mut [86_400]), Some(1.0));
        assert_eq!(median_days(&mut [3 * 86_400, 86_400]), Some(2.0));
        let mut seed = 7u64;
        for n in 1..200 {
            let mut secs: Vec<i32> = (0..n)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    match seed >> 60 {
                        0 => i32::MAX,
                        1 => -3_600,
                        2 => 86_400,
                        _ => (seed >> 33) as i32 % 5_000_000,
                    }
                })
                .collect();
            let mut sorted = secs.clone();
            sorted.sort();
            let m = if n % 2 == 1 {
                f64::from(sorted[n / 2])
            } else {
                (f64::from(sorted[n / 2 - 1]) + f64::from(sorted[n / 2])) / 2.0
            };
            assert_eq!(median_days(&mut secs), Some(round3(m / 86_400.0)), "{sorted:?}");
        }
    }

    /// A service id with something to unescape is counted under its real id, like a plain one.
    #[test]
    fn statistics_group_by_service_id_as_written() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).and_then(|d| d.and_hms_opt(0, 0, 0)).unwrap();
        let mut acc = StatsAcc::default();
        acc.add(&row(r#"["plain","with \"quotes\""]"#, "completed"), now);
        acc.add(&row(r#"["plain"]"#, "requested"), now);
        acc.add(&row("not json", "accepted"), now);
        let mut services: Vec<(String, u64)> = acc.services.iter().map(|(k, v)| (k.clone(), v.new)).collect();
        services.sort();
        assert_eq!(services, [("plain".to_owned(), 2), ("with \"quotes\"".to_owned(), 1)]);
        assert_eq!((acc.total.new, acc.total.open, acc.total.overdue), (3, 2, 2));
        assert_eq!(acc.teams["team"].new, 3);
        assert_eq!((acc.by_segment["tuki"], acc.by_channel["phone"]), (3, 3));
        let total = acc.total.figures();
        assert_eq!((total.median_days_to_acceptance, total.median_days_to_completion), (Some(2.0), Some(10.0)));
        assert_eq!(total.within_access_target, Some(round3(2.0 / 3.0)));

        // A duration beyond what 4 bytes hold is kept at the limit, not wrapped around.
        let mut far = Acc::default();
        let mut r = row("[]", "accepted");
        r.accepted_at = Some(r.created_at + chrono::Duration::days(100 * 366));
        far.add(&r, now);
        r.accepted_at = Some(r.created_at - chrono::Duration::days(100 * 366));
        far.add(&r, now);
        assert_eq!(far.to_accept, [i32::MAX, i32::MIN]);
    }

    /// Feedback counts for the whole, the lead team and each service; a team with answers and no
    /// new referrals in the period is listed.
    #[test]
    fn feedback_is_counted_per_team_and_service() {
        let answer = |team: &str, services: &str, helped: bool, within_target: bool, grade: i32| FeedbackRecord {
            lead_team_id: Some(team.into()),
            services: services.into(),
            helped,
            within_target,
            grade,
        };
        let mut acc = StatsAcc::default();
        acc.add(&row(r#"["a"]"#, "completed"), chrono::NaiveDateTime::MIN);
        assert_eq!(acc.total.feedback.figures(), FeedbackFigures::default(), "no answers: nulls");
        acc.add_feedback(&answer("team", r#"["a","b"]"#, true, true, 5));
        acc.add_feedback(&answer("team", r#"["a"]"#, false, true, 2));
        acc.add_feedback(&answer("other", r#"["b"]"#, true, false, 4));
        let total = std::mem::take(&mut acc.total).figures().feedback;
        assert_eq!(
            total,
            FeedbackFigures {
                answers: 3,
                helped_share: Some(round3(2.0 / 3.0)),
                within_target_share: Some(round3(2.0 / 3.0)),
                mean_grade: Some(round3(11.0 / 3.0))
            }
        );
        let team = acc.teams.remove("team").unwrap().figures();
        assert_eq!((team.new, team.feedback.answers, team.feedback.mean_grade), (1, 2, Some(3.5)));
        let other = acc.teams.remove("other").unwrap().figures();
        assert_eq!((other.new, other.feedback.answers, other.feedback.helped_share), (0, 1, Some(1.0)));
        assert_eq!(acc.services.remove("a").unwrap().figures().feedback.answers, 2);
        assert_eq!(acc.services.remove("b").unwrap().figures().feedback.within_target_share, Some(0.5));
    }
}
