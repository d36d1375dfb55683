//! Opening hours of a service point in the region's time zone, Europe/Helsinki, with its
//! daylight-saving changes: weekly hours, exceptions for single dates (a public holiday closed,
//! special hours), hours that run past midnight and always-open services.
//!
//! Hours are local wall-clock times. An interval whose closing time is not after its opening
//! time runs past midnight into the next day; a closing time of 23:59 or later means midnight.
//! Every interval is turned into UTC instants before it is compared with the instant asked about,
//! so the answer is right on the night the clocks change.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Helsinki;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const TIME_ZONE: Tz = Helsinki;

/// How far ahead "next opening" looks.
const LOOKAHEAD_DAYS: i64 = 28;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OpeningHours {
    /// Open around the clock, every day (e.g. the emergency number).
    #[serde(default)]
    pub always_open: bool,
    #[serde(default)]
    pub weekly: Vec<WeeklyHours>,
    /// Dates that differ from the weekly hours. An exception replaces the weekly hours of its date.
    #[serde(default)]
    pub exceptions: Vec<HoursException>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WeeklyHours {
    /// Days of the week as iCalendar codes: MO, TU, WE, TH, FR, SA, SU.
    #[schema(value_type = Vec<String>, example = json!(["MO", "TU", "WE", "TH", "FR"]))]
    #[serde(with = "weekday_codes")]
    pub days: Vec<Weekday>,
    /// Local opening time, HH:MM.
    #[schema(value_type = String, example = "08:00")]
    #[serde(with = "hhmm")]
    pub opens: NaiveTime,
    /// Local closing time, HH:MM; not after `opens` means past midnight.
    #[schema(value_type = String, example = "16:00")]
    #[serde(with = "hhmm")]
    pub closes: NaiveTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HoursException {
    /// First date the exception applies to.
    #[schema(value_type = String, format = Date, example = "2026-12-06")]
    pub from: NaiveDate,
    /// Last date (inclusive); the same as `from` when missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub to: Option<NaiveDate>,
    /// Special hours for these dates; none means closed.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_hhmm")]
    #[schema(value_type = Option<String>, example = "10:00")]
    pub opens: Option<NaiveTime>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_hhmm")]
    #[schema(value_type = Option<String>, example = "14:00")]
    pub closes: Option<NaiveTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "Itsenäisyyspäivä")]
    pub note: Option<String>,
}

impl HoursException {
    fn covers(&self, date: NaiveDate) -> bool {
        date >= self.from && date <= self.to.unwrap_or(self.from)
    }
}

/// What the hours say at an instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct HoursStatus {
    pub open_now: bool,
    /// When the current opening ends (when open now and not always open).
    pub closes_at: Option<DateTime<Utc>>,
    /// The next time it opens (when closed now).
    pub next_opening: Option<DateTime<Utc>>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HoursError {
    #[error("{0:?} is not a day of the week (MO, TU, WE, TH, FR, SA, SU)")]
    Day(String),
    #[error("{0:?} is not a time of day (HH:MM or HH:MM:SS)")]
    Time(String),
    #[error("{0}")]
    Invalid(String),
}

pub fn parse_weekday(code: &str) -> Result<Weekday, HoursError> {
    Ok(match code.trim().to_ascii_uppercase().as_str() {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        other => return Err(HoursError::Day(other.to_owned())),
    })
}

pub fn weekday_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// Reads HH:MM or HH:MM:SS; 24:00 is read as 23:59:59 (end of day).
pub fn parse_time(raw: &str) -> Result<NaiveTime, HoursError> {
    let raw = raw.trim();
    if raw == "24:00" || raw == "24:00:00" {
        return NaiveTime::from_hms_opt(23, 59, 59).ok_or_else(|| HoursError::Time(raw.into()));
    }
    NaiveTime::parse_from_str(raw, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(raw, "%H:%M"))
        .map_err(|_| HoursError::Time(raw.to_owned()))
}

/// An instant in the region's time zone, "Mon 23.11. 08:00": chrono's "%a %d.%m. %H:%M" written
/// out, as the pattern would be parsed again for every closed service of every answer.
pub fn opening_label(at: DateTime<Utc>) -> String {
    use chrono::Timelike;
    let at = at.with_timezone(&TIME_ZONE);
    format!("{} {:02}.{:02}. {:02}:{:02}", at.weekday(), at.day(), at.month(), at.hour(), at.minute())
}

/// HH:MM, or HH:MM:SS when the seconds matter (23:59:59 is not 23:59).
pub fn format_time(t: NaiveTime) -> String {
    use chrono::Timelike;
    if t.second() == 0 {
        t.format("%H:%M").to_string()
    } else {
        t.format("%H:%M:%S").to_string()
    }
}

impl OpeningHours {
    pub fn always() -> Self {
        Self { always_open: true, ..Self::default() }
    }

    pub fn is_empty(&self) -> bool {
        !self.always_open && self.weekly.is_empty() && self.exceptions.is_empty()
    }

    pub fn validate(&self) -> Result<(), HoursError> {
        for w in &self.weekly {
            if w.days.is_empty() {
                return Err(HoursError::Invalid("weekly hours need at least one day".into()));
            }
            if w.opens == w.closes {
                return Err(HoursError::Invalid(format!("opening and closing time are both {}", format_time(w.opens))));
            }
        }
        for e in &self.exceptions {
            if let Some(to) = e.to {
                if to < e.from {
                    return Err(HoursError::Invalid(format!("exception ends {to} before it starts {}", e.from)));
                }
            }
            if e.opens.is_some() != e.closes.is_some() {
                return Err(HoursError::Invalid(format!(
                    "exception on {} needs both an opening and a closing time, or neither (closed)",
                    e.from
                )));
            }
        }
        Ok(())
    }

    /// The openings that start on a local date, as UTC intervals.
    fn intervals_starting(&self, date: NaiveDate) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        if let Some(exception) = self.exceptions.iter().rev().find(|e| e.covers(date)) {
            return match (exception.opens, exception.closes) {
                (Some(opens), Some(closes)) => vec![interval(date, opens, closes)],
                _ => Vec::new(),
            };
        }
        self.weekly
            .iter()
            .filter(|w| w.days.contains(&date.weekday()))
            .map(|w| interval(date, w.opens, w.closes))
            .collect()
    }

    /// Whether the point is open at `at`, until when, and when it opens next.
    pub fn status_at(&self, at: DateTime<Utc>) -> HoursStatus {
        if self.always_open {
            return HoursStatus { open_now: true, closes_at: None, next_opening: None };
        }
        let today = at.with_timezone(&TIME_ZONE).date_naive();
        let mut intervals: Vec<(DateTime<Utc>, DateTime<Utc>)> = (-1..=LOOKAHEAD_DAYS)
            .filter_map(|offset| today.checked_add_signed(Duration::days(offset)))
            .flat_map(|date| self.intervals_starting(date))
            .collect();
        intervals.sort();
        // Touching or overlapping intervals (e.g. 16-24 and 00-08) form one opening.
        let mut merged: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
        for (start, end) in intervals {
            match merged.last_mut() {
                Some(last) if start <= last.1 + Duration::seconds(60) => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        if let Some((_, end)) = merged.iter().find(|(start, end)| *start <= at && at < *end) {
            let next_day_limit = at + Duration::days(LOOKAHEAD_DAYS - 1);
            return HoursStatus {
                open_now: true,
                // An opening that never ends within the look-ahead is as good as always open.
                closes_at: (*end < next_day_limit).then_some(*end),
                next_opening: None,
            };
        }
        HoursStatus {
            open_now: false,
            closes_at: None,
            next_opening: merged.iter().map(|(start, _)| *start).find(|start| *start > at),
        }
    }
}

/// One local opening as UTC instants; a closing time not after the opening runs into the next day.
fn interval(date: NaiveDate, opens: NaiveTime, closes: NaiveTime) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = local_to_utc(date.and_time(opens));
    let end_of_day = closes >= NaiveTime::from_hms_opt(23, 59, 0).unwrap_or(NaiveTime::MIN);
    let end = if end_of_day || closes <= opens {
        let next = date.succ_opt().unwrap_or(date);
        if end_of_day {
            local_to_utc(next.and_time(NaiveTime::MIN))
        } else {
            local_to_utc(next.and_time(closes))
        }
    } else {
        local_to_utc(date.and_time(closes))
    };
    (start, end)
}

/// A local wall-clock time as a UTC instant. In the autumn the repeated hour takes its first
/// occurrence; in the spring the skipped hour moves forward by the hour the clocks skip.
pub fn local_to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    match TIME_ZONE.from_local_datetime(&local).earliest() {
        Some(t) => t.with_timezone(&Utc),
        None => match TIME_ZONE.from_local_datetime(&(local + Duration::hours(1))).earliest() {
            Some(t) => t.with_timezone(&Utc),
            None => Utc.from_utc_datetime(&(local - Duration::hours(2))),
        },
    }
}

mod hhmm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_time(*t))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let raw = String::deserialize(d)?;
        super::parse_time(&raw).map_err(serde::de::Error::custom)
    }
}

mod opt_hhmm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&super::format_time(*t)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
        let raw = Option::<String>::deserialize(d)?;
        raw.map(|r| super::parse_time(&r).map_err(serde::de::Error::custom)).transpose()
    }
}

mod weekday_codes {
    use chrono::Weekday;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(days: &[Weekday], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(days.iter().map(|d| super::weekday_code(*d)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Weekday>, D::Error> {
        let raw = Vec::<String>::deserialize(d)?;
        raw.iter().map(|r| super::parse_weekday(r).map_err(serde::de::Error::custom)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_labels_read_as_the_chrono_pattern() {
        // Every 7 h 13 min over a year and a half: all weekdays, both sides of each DST change.
        let mut at = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap().with_timezone(&Utc);
        for _ in 0..1800 {
            assert_eq!(opening_label(at), at.with_timezone(&TIME_ZONE).format("%a %d.%m. %H:%M").to_string());
            at += chrono::Duration::minutes(433);
        }
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn office() -> OpeningHours {
        OpeningHours {
            weekly: vec![WeeklyHours {
                days: vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri],
                opens: t(8, 0),
                closes: t(16, 0),
            }],
            ..Default::default()
        }
    }

    #[test]
    fn open_in_office_hours_in_winter_time() {
        // Monday 2026-11-23 09:00 EET is 07:00 UTC.
        let s = office().status_at(utc("2026-11-23T07:00:00Z"));
        assert!(s.open_now);
        assert_eq!(s.closes_at, Some(utc("2026-11-23T14:00:00Z")));
        // 16:30 local is closed; next opening Tuesday 08:00 local = 06:00 UTC.
        let s = office().status_at(utc("2026-11-23T14:30:00Z"));
        assert!(!s.open_now);
        assert_eq!(s.next_opening, Some(utc("2026-11-24T06:00:00Z")));
    }

    #[test]
    fn next_opening_across_the_spring_daylight_saving_change() {
        // Clocks go forward on Sunday 2026-03-29 at 03:00 local. Friday 17:00 EET (15:00 UTC)
        // is closed; Monday 08:00 is now EEST (UTC+3), i.e. 05:00 UTC, not 06:00.
        let s = office().status_at(utc("2026-03-27T15:00:00Z"));
        assert!(!s.open_now);
        assert_eq!(s.next_opening, Some(utc("2026-03-30T05:00:00Z")));
        // Same local hour on both sides of the change: 08:30 local on Friday and on Monday.
        assert!(office().status_at(utc("2026-03-27T06:30:00Z")).open_now);
        assert!(office().status_at(utc("2026-03-30T05:30:00Z")).open_now);
        assert!(!office().status_at(utc("2026-03-30T04:30:00Z")).open_now);
    }

    #[test]
    fn autumn_daylight_saving_change() {
        // Clocks go back on Sunday 2026-10-25 at 04:00 local. Friday 15:30 EEST = 12:30 UTC is
        // open until 16:00 EEST = 13:00 UTC; Monday opens at 08:00 EET = 06:00 UTC.
        let s = office().status_at(utc("2026-10-23T12:30:00Z"));
        assert_eq!(s.closes_at, Some(utc("2026-10-23T13:00:00Z")));
        let s = office().status_at(utc("2026-10-24T10:00:00Z"));
        assert_eq!(s.next_opening, Some(utc("2026-10-26T06:00:00Z")));
    }

    #[test]
    fn a_public_holiday_exception_closes_the_day() {
        // Independence Day, Sunday 2026-12-06 is a weekend anyway; use Friday 2026-12-25 (Christmas).
        let mut hours = office();
        hours.exceptions.push(HoursException {
            from: d(2026, 12, 24),
            to: Some(d(2026, 12, 26)),
            opens: None,
            closes: None,
            note: Some("Joulu".into()),
        });
        // Thursday 2026-12-24 10:00 local = 08:00 UTC: closed.
        let s = hours.status_at(utc("2026-12-24T08:00:00Z"));
        assert!(!s.open_now);
        // Next opening: Monday 2026-12-28 08:00 local = 06:00 UTC.
        assert_eq!(s.next_opening, Some(utc("2026-12-28T06:00:00Z")));
        // Without the exception it would have been open.
        assert!(office().status_at(utc("2026-12-24T08:00:00Z")).open_now);
    }

    #[test]
    fn special_hours_replace_the_weekly_hours_of_their_date() {
        let mut hours = office();
        hours.exceptions.push(HoursException {
            from: d(2026, 12, 31),
            to: None,
            opens: Some(t(9, 0)),
            closes: Some(t(12, 0)),
            note: Some("Uudenvuodenaatto".into()),
        });
        // 2026-12-31 (Thursday) 13:00 local = 11:00 UTC: closed early.
        assert!(!hours.status_at(utc("2026-12-31T11:00:00Z")).open_now);
        // 08:30 local = 06:30 UTC: not yet open, opens 09:00 local = 07:00 UTC.
        let s = hours.status_at(utc("2026-12-31T06:30:00Z"));
        assert_eq!(s.next_opening, Some(utc("2026-12-31T07:00:00Z")));
    }

    #[test]
    fn hours_past_midnight() {
        let night = OpeningHours {
            weekly: vec![WeeklyHours { days: vec![Weekday::Fri, Weekday::Sat], opens: t(22, 0), closes: t(2, 0) }],
            ..Default::default()
        };
        // Saturday 2026-11-28 01:00 local (23:00 UTC Friday) belongs to Friday's opening.
        let s = night.status_at(utc("2026-11-27T23:00:00Z"));
        assert!(s.open_now);
        assert_eq!(s.closes_at, Some(utc("2026-11-28T00:00:00Z")));
        // Sunday 01:00 local belongs to Saturday's opening; Sunday 03:00 local is closed.
        assert!(night.status_at(utc("2026-11-28T23:00:00Z")).open_now);
        let s = night.status_at(utc("2026-11-29T01:00:00Z"));
        assert!(!s.open_now);
        // Next: Friday 2026-12-04 22:00 local = 20:00 UTC.
        assert_eq!(s.next_opening, Some(utc("2026-12-04T20:00:00Z")));
    }

    #[test]
    fn always_open_and_around_the_clock_weekly_hours() {
        assert!(OpeningHours::always().status_at(utc("2026-11-22T03:00:00Z")).open_now);
        let daily = OpeningHours {
            weekly: vec![WeeklyHours {
                days: vec![
                    Weekday::Mon,
                    Weekday::Tue,
                    Weekday::Wed,
                    Weekday::Thu,
                    Weekday::Fri,
                    Weekday::Sat,
                    Weekday::Sun,
                ],
                opens: t(0, 0),
                closes: t(23, 59),
            }],
            ..Default::default()
        };
        let s = daily.status_at(utc("2026-11-22T21:59:30Z"));
        assert!(s.open_now);
        assert_eq!(s.closes_at, None, "00:00-23:59 every day never closes");
    }

    #[test]
    fn reads_and_writes_hhmm() {
        assert_eq!(parse_time("08:00:00").unwrap(), t(8, 0));
        assert_eq!(parse_time("24:00").unwrap(), NaiveTime::from_hms_opt(23, 59, 59).unwrap());
        assert!(parse_time("25:00").is_err());
        assert_eq!(parse_weekday("su").unwrap(), Weekday::Sun);
        assert!(parse_weekday("XX").is_err());
        let json = serde_json::to_value(office()).unwrap();
        assert_eq!(json["weekly"][0]["opens"], "08:00");
        let back: OpeningHours = serde_json::from_value(json).unwrap();
        assert_eq!(back, office());
    }

    #[test]
    fn invalid_hours_are_refused() {
        let mut hours = office();
        hours.weekly[0].closes = t(8, 0);
        assert!(hours.validate().is_err());
        let mut hours = office();
        hours.exceptions.push(HoursException {
            from: d(2026, 1, 2),
            to: Some(d(2026, 1, 1)),
            opens: None,
            closes: None,
            note: None,
        });
        assert!(hours.validate().is_err());
    }
}
