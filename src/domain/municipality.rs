//! Finnish municipality codes (kuntanumero) of Statistics Finland: three digits, e.g. 743 Seinäjoki.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A syntactically valid municipality code. Whether the region knows it is the catalogue's
/// municipality register's business.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "743")]
pub struct MunicipalityCode(String);

impl MunicipalityCode {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.len() == 3 && raw.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(raw.to_owned()))
        } else {
            Err(format!("{raw:?} is not a municipality code (three digits, e.g. 743)"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for MunicipalityCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        Self::parse(&value)
    }
}

impl From<MunicipalityCode> for String {
    fn from(value: MunicipalityCode) -> String {
        value.0
    }
}

impl std::fmt::Display for MunicipalityCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a request hears when its municipality code is not one of the region's.
pub fn not_in_region(code: &MunicipalityCode) -> String {
    format!("{code} is not a municipality of the region; GET /v1/municipalities lists them")
}

/// A municipality of the region's register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Municipality {
    pub code: MunicipalityCode,
    pub fi: String,
    #[serde(default)]
    pub sv: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_digits_only() {
        assert!(MunicipalityCode::parse("010").is_ok());
        assert!(MunicipalityCode::parse(" 743 ").is_ok());
        assert!(MunicipalityCode::parse("10").is_err());
        assert!(MunicipalityCode::parse("7430").is_err());
        assert!(MunicipalityCode::parse("abc").is_err());
    }
}
