//! Opening hours of a service point in the region's time zone, Europe/Helsinki, with its
//! daylight-saving changes: weekly hours, exceptions for single dates (a public holiday closed,
//! special hours), hours that run past midnight and always-open services.
//!
//! Hours are local wall-clock times. An interval whose closing time is not after its opening
//! time runs past midnight into the next day; a closing time of 23:59 or later means midnight.
//! Every interval is turned into UTC instants before it is compared with the instant asked about,
//! so the answer is right on the night the clocks change.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Helsinki;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const TIME_ZONE: Tz = Helsinki;

/// How far ahead "next opening" looks.
const LOOKAHEAD_DAYS: i64 = 28;

/// The first and last year of an instant a client may ask about (`at`): wide enough for any
/// question about opening hours, and far from the ends of chrono's range where date arithmetic
/// overflows. Stated in the OpenAPI document of every `at`.
pub const EARLIEST_YEAR: i32 = 2000;
pub const LATEST_YEAR: i32 = 2100;

/// The range of `at` in words, for the OpenAPI document and for refusals.
pub const INSTANT_RANGE: &str = "the years 2000-2100 (as written, before the offset)";

/// An instant a client asked about, refused outside years `EARLIEST_YEAR..=LATEST_YEAR` as it
/// was written (the year before its offset is applied: the OpenAPI document states the range as
/// a pattern on the text, which cannot apply an offset).
pub fn check_instant<Z: chrono::TimeZone>(at: DateTime<Z>) -> Result<DateTime<Utc>, String> {
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&at.year()) {
        Ok(at.with_timezone(&Utc))
    } else {
        Err(format!("{} is outside {INSTANT_RANGE}; give an instant in that range", at.naive_local()))
    }
}

/// Reads an RFC 3339 instant (any offset, e.g. `2026-11-23T09:00:00+02:00`) and checks its range.
pub fn parse_instant(raw: &str) -> Result<DateTime<Utc>, String> {
    let parsed = raw.trim().parse::<DateTime<chrono::FixedOffset>>().map_err(|_| {
        format!("{raw:?} is not an RFC 3339 instant such as 2026-11-23T09:00:00+02:00 ({INSTANT_RANGE})")
    })?;
    check_instant(parsed)
}

/// The local date in the region at an instant; `None` at the very ends of chrono's range.
fn local_date(at: DateTime<Utc>) -> Option<NaiveDate> {
    let offset = TIME_ZONE.offset_from_utc_datetime(&at.naive_utc()).fix();
    at.naive_utc().checked_add_offset(offset).map(|local| local.date())
}

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
            if let Some(note) = &e.note {
                super::catalogue::check_text(note, false)
                    .map_err(|m| HoursError::Invalid(format!("the note of the exception on {}: {m}", e.from)))?;
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

    /// The openings that start on a local date, as UTC intervals (none that cannot be written as
    /// instants, at the ends of chrono's range).
    fn intervals_starting(&self, date: NaiveDate) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        if let Some(exception) = self.exceptions.iter().rev().find(|e| e.covers(date)) {
            return match (exception.opens, exception.closes) {
                (Some(opens), Some(closes)) => interval(date, opens, closes).into_iter().collect(),
                _ => Vec::new(),
            };
        }
        self.weekly
            .iter()
            .filter(|w| w.days.contains(&date.weekday()))
            .filter_map(|w| interval(date, w.opens, w.closes))
            .collect()
    }

    /// Whether the point is open at `at`, until when, and when it opens next.
    pub fn status_at(&self, at: DateTime<Utc>) -> HoursStatus {
        if self.always_open {
            return HoursStatus { open_now: true, closes_at: None, next_opening: None };
        }
        // Every step below is checked: no instant, however extreme, reaches an overflow panic.
        let Some(today) = local_date(at) else {
            return HoursStatus { open_now: false, closes_at: None, next_opening: None };
        };
        let mut intervals: Vec<(DateTime<Utc>, DateTime<Utc>)> = (-1..=LOOKAHEAD_DAYS)
            .filter_map(|offset| today.checked_add_signed(Duration::days(offset)))
            .flat_map(|date| self.intervals_starting(date))
            .collect();
        intervals.sort();
        // Touching or overlapping intervals (e.g. 16-24 and 00-08) form one opening.
        let mut merged: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
        for (start, end) in intervals {
            match merged.last_mut() {
                Some(last) if last.1.checked_add_signed(Duration::seconds(60)).is_none_or(|reach| start <= reach) => {
                    last.1 = last.1.max(end)
                }
                _ => merged.push((start, end)),
            }
        }
        if let Some((_, end)) = merged.iter().find(|(start, end)| *start <= at && at < *end) {
            let next_day_limit = at.checked_add_signed(Duration::days(LOOKAHEAD_DAYS - 1));
            return HoursStatus {
                open_now: true,
                // An opening that never ends within the look-ahead is as good as always open.
                closes_at: next_day_limit.is_none_or(|limit| *end < limit).then_some(*end),
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
/// `None` when an end of it is outside what chrono can hold.
fn interval(date: NaiveDate, opens: NaiveTime, closes: NaiveTime) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let start = local_to_utc(date.and_time(opens))?;
    let end_of_day = closes >= NaiveTime::from_hms_opt(23, 59, 0).unwrap_or(NaiveTime::MIN);
    let end = if end_of_day || closes <= opens {
        let next = date.succ_opt()?;
        if end_of_day {
            local_to_utc(next.and_time(NaiveTime::MIN))?
        } else {
            local_to_utc(next.and_time(closes))?
        }
    } else {
        local_to_utc(date.and_time(closes))?
    };
    Some((start, end))
}

/// A local wall-clock time as a UTC instant. In the autumn the repeated hour takes its first
/// occurrence; in the spring the skipped hour moves forward by the hour the clocks skip. `None`
/// only at the ends of chrono's range.
pub fn local_to_utc(local: NaiveDateTime) -> Option<DateTime<Utc>> {
    if let Some(t) = TIME_ZONE.from_local_datetime(&local).earliest() {
        return Some(t.with_timezone(&Utc));
    }
    let later = local.checked_add_signed(Duration::hours(1))?;
    match TIME_ZONE.from_local_datetime(&later).earliest() {
        Some(t) => Some(t.with_timezone(&Utc)),
        None => local.checked_sub_signed(Duration::hours(2)).map(|t| Utc.from_utc_datetime(&t)),
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

    /// Instants from the ends of chrono's range to leap seconds, and the edges of the `at` range.
    fn extreme_instants() -> Vec<DateTime<Utc>> {
        let mut out = vec![DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC, DateTime::<Utc>::UNIX_EPOCH];
        for days in [1, 2, 27, 28, 29, 30, 400] {
            out.extend(DateTime::<Utc>::MIN_UTC.checked_add_signed(Duration::days(days)));
            out.extend(DateTime::<Utc>::MAX_UTC.checked_sub_signed(Duration::days(days)));
        }
        for raw in [
            "0000-01-01T00:00:00Z",
            "-0001-12-31T23:59:59Z",
            "-262143-01-01T00:00:00Z",
            "+262142-12-31T23:59:59Z",
            "9999-12-31T23:59:59Z",
            "2016-12-31T23:59:60Z",
            "2026-03-29T01:00:00Z",
            "2026-10-25T00:30:00Z",
            "2100-12-31T23:59:59Z",
            "1999-12-31T23:59:59Z",
            "2026-11-23T09:00:00+14:00",
            "2026-11-23T09:00:00-12:00",
        ] {
            out.push(raw.parse::<DateTime<chrono::FixedOffset>>().unwrap().with_timezone(&Utc));
        }
        // A leap second as chrono holds it: the 60th second of a minute.
        let leap = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap().and_hms_nano_opt(23, 59, 59, 1_500_000_000).unwrap();
        out.push(Utc.from_utc_datetime(&leap));
        out
    }

    /// Hours with every shape: office, past midnight, around the clock, exceptions at the ends of
    /// the calendar.
    fn every_shape() -> Vec<OpeningHours> {
        let all_days =
            vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
        let night = WeeklyHours { days: all_days.clone(), opens: t(22, 0), closes: t(2, 0) };
        let daily = WeeklyHours { days: all_days, opens: t(0, 0), closes: t(23, 59) };
        let edge = |from: NaiveDate, to: NaiveDate| HoursException {
            from,
            to: Some(to),
            opens: Some(t(3, 30)),
            closes: Some(t(1, 0)),
            note: None,
        };
        vec![
            office(),
            OpeningHours { weekly: vec![night.clone()], ..Default::default() },
            OpeningHours { weekly: vec![daily, night], ..Default::default() },
            OpeningHours {
                weekly: office().weekly,
                exceptions: vec![edge(NaiveDate::MIN, d(1999, 1, 1)), edge(d(2101, 1, 1), NaiveDate::MAX)],
                ..Default::default()
            },
            OpeningHours::always(),
            OpeningHours::default(),
        ]
    }

    #[test]
    fn the_hours_functions_never_panic_at_any_instant() {
        for at in extreme_instants() {
            for hours in every_shape() {
                let status = hours.status_at(at);
                assert!(!status.open_now || status.next_opening.is_none(), "{at:?}");
            }
            let _ = opening_label(at);
            let _ = local_date(at);
            let _ = check_instant(at);
        }
        for local in [NaiveDateTime::MIN, NaiveDateTime::MAX, d(2026, 3, 29).and_time(t(3, 30))] {
            let _ = local_to_utc(local);
        }
        for date in [NaiveDate::MIN, NaiveDate::MAX] {
            for (opens, closes) in [(t(8, 0), t(16, 0)), (t(22, 0), t(2, 0)), (t(0, 0), t(23, 59))] {
                let _ = interval(date, opens, closes);
            }
        }
    }

    #[test]
    fn instants_outside_2000_to_2100_are_refused_with_the_range() {
        for raw in ["+262142-12-31T23:59:59Z", "9999-12-31T23:59:59Z", "1999-12-31T23:59:59Z", "0000-01-01T00:00:00Z"] {
            let e = parse_instant(raw).unwrap_err();
            assert!(e.contains(INSTANT_RANGE), "{e}");
        }
        for raw in ["not a time", "", "2026-13-01T00:00:00Z", "2026-11-23"] {
            assert!(parse_instant(raw).unwrap_err().contains("RFC 3339"));
        }
        assert_eq!(parse_instant("2000-01-01T02:00:00+02:00").unwrap(), utc("2000-01-01T00:00:00Z"));
        assert_eq!(parse_instant("2100-12-31T23:59:59Z").unwrap(), utc("2100-12-31T23:59:59Z"));
        // The year as written counts (the document's pattern cannot apply an offset): +14:00 on
        // the first day of 2000 is 1999 in UTC and is taken; 1999 written with any offset is not.
        assert_eq!(parse_instant("2000-01-01T09:00:00+14:00").unwrap(), utc("1999-12-31T19:00:00Z"));
        assert_eq!(parse_instant("2100-12-31T23:00:00-05:00").unwrap(), utc("2101-01-01T04:00:00Z"));
        assert!(parse_instant("1999-12-31T23:00:00-05:00").is_err());
        assert!(parse_instant("2016-12-31T23:59:60Z").is_ok(), "a leap second is an instant");
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
