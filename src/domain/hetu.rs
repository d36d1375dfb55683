//! The Finnish personal identity code (henkilötunnus, HETU): `DDMMYYCZZZQ`.
//!
//! C is the century sign: `+` for the 1800s; `-`, and since 2023 also `Y`, `X`, `W`, `V`, `U`,
//! for the 1900s; `A`, and since 2023 also `B`, `C`, `D`, `E`, `F`, for the 2000s. ZZZ is the
//! individual number (002-899; 900-999 are temporary codes), Q the check character: the nine
//! digits DDMMYYZZZ as a number modulo 31, indexed into `0123456789ABCDEFHJKLMNPRSTUVWXY`.
//! A `Hetu` never appears in `Debug` output or logs.

use chrono::NaiveDate;

const CHECK_CHARS: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";

#[derive(Clone, PartialEq, Eq)]
pub struct Hetu(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HetuError {
    #[error("a personal identity code has 11 characters (DDMMYYCZZZQ)")]
    Length,
    #[error("the century sign must be +, -, Y, X, W, V, U, A, B, C, D, E or F")]
    Century,
    #[error("the date of birth is not a real date")]
    Date,
    #[error("the individual number must be three digits 002-999")]
    Individual,
    #[error("the check character does not match")]
    Check,
}

impl Hetu {
    pub fn parse(raw: &str) -> Result<Self, HetuError> {
        let s = raw.trim().to_ascii_uppercase();
        if s.len() != 11 || !s.is_ascii() {
            return Err(HetuError::Length);
        }
        let b = s.as_bytes();
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[range];
            part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok()).flatten()
        };
        let century = match b[6] {
            b'+' => 1800,
            b'-' | b'Y' | b'X' | b'W' | b'V' | b'U' => 1900,
            b'A' | b'B' | b'C' | b'D' | b'E' | b'F' => 2000,
            _ => return Err(HetuError::Century),
        };
        let (Some(day), Some(month), Some(year)) = (digits(0..2), digits(2..4), digits(4..6)) else {
            return Err(HetuError::Date);
        };
        NaiveDate::from_ymd_opt(century + year as i32, month, day).ok_or(HetuError::Date)?;
        let individual = digits(7..10).ok_or(HetuError::Individual)?;
        if individual < 2 {
            return Err(HetuError::Individual);
        }
        let number: u64 = format!("{}{}", &s[0..6], &s[7..10]).parse().map_err(|_| HetuError::Date)?;
        if CHECK_CHARS[(number % 31) as usize] != b[10] {
            return Err(HetuError::Check);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The date of birth.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        let s = &self.0;
        let century = match s.as_bytes()[6] {
            b'+' => 1800,
            b'A'..=b'F' => 2000,
            _ => 1900,
        };
        NaiveDate::from_ymd_opt(century + s[4..6].parse::<i32>().ok()?, s[2..4].parse().ok()?, s[0..2].parse().ok()?)
    }

    /// A temporary code (individual number 900-999).
    pub fn is_temporary(&self) -> bool {
        self.0[7..10].parse::<u32>().is_ok_and(|n| n >= 900)
    }
}

impl std::fmt::Debug for Hetu {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hetu(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_codes_of_every_century_sign() {
        // 131052-308T: the example of the Digital and Population Data Services Agency.
        for code in ["131052-308T", "131052Y308T", "131052X308T", "131052W308T", "131052V308T", "131052U308T"] {
            let h = Hetu::parse(code).unwrap_or_else(|e| panic!("{code}: {e}"));
            assert_eq!(h.birth_date(), NaiveDate::from_ymd_opt(1952, 10, 13), "{code}");
        }
        for code in ["010101A123N", "010101B123N", "010101C123N", "010101D123N", "010101E123N", "010101F123N"] {
            let h = Hetu::parse(code).unwrap_or_else(|e| panic!("{code}: {e}"));
            assert_eq!(h.birth_date(), NaiveDate::from_ymd_opt(2001, 1, 1));
        }
        let h = Hetu::parse("010199+123Y").unwrap();
        assert_eq!(h.birth_date(), NaiveDate::from_ymd_opt(1899, 1, 1));
        assert!(Hetu::parse(" 131052-308t ").is_ok(), "trimmed and upper-cased");
        assert!(Hetu::parse("010101-900R").unwrap().is_temporary());
    }

    #[test]
    fn invalid_codes_say_why() {
        assert_eq!(Hetu::parse("131052-308U"), Err(HetuError::Check));
        assert_eq!(Hetu::parse("131052G308T"), Err(HetuError::Century));
        assert_eq!(Hetu::parse("311152-308T"), Err(HetuError::Date), "30 days in November");
        assert_eq!(Hetu::parse("290223A123X"), Err(HetuError::Date), "2023 is not a leap year");
        assert_eq!(Hetu::parse("131052-001T"), Err(HetuError::Individual));
        assert_eq!(Hetu::parse("131052-30T"), Err(HetuError::Length));
        assert_eq!(Hetu::parse("131052-3O8T"), Err(HetuError::Individual));
        assert_eq!(Hetu::parse("131052–308T"), Err(HetuError::Length), "an en dash is not a century sign");
    }

    #[test]
    fn never_printed() {
        assert_eq!(format!("{:?}", Hetu::parse("131052-308T").unwrap()), "Hetu(***)");
    }
}
