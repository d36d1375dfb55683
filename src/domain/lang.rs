//! The languages Luotsi serves in: Finnish, Swedish (Finland's two national languages) and English.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fi,
    Sv,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Fi, Lang::Sv, Lang::En];

    /// Reads an ISO 639-1 code; `None` for anything else.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "fi" | "fin" => Some(Lang::Fi),
            "sv" | "swe" => Some(Lang::Sv),
            "en" | "eng" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fi => "fi",
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    pub fn english_name(self) -> &'static str {
        match self {
            Lang::Fi => "Finnish",
            Lang::Sv => "Swedish",
            Lang::En => "English",
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A text in Finnish with optional Swedish and English versions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Localized {
    pub fi: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sv: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Localized {
    pub fn fi(text: impl Into<String>) -> Self {
        Self { fi: text.into(), sv: None, en: None }
    }

    /// The text in `lang`, falling back to Finnish (Swedish first for English readers who have no
    /// English version is no better, so Finnish it is).
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fi => &self.fi,
            Lang::Sv => self.sv.as_deref().unwrap_or(&self.fi),
            Lang::En => self.en.as_deref().unwrap_or(&self.fi),
        }
    }

    pub fn all(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.fi.as_str()).chain(self.sv.as_deref()).chain(self.en.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_falls_back_to_finnish() {
        assert_eq!(Lang::parse("SV"), Some(Lang::Sv));
        assert_eq!(Lang::parse("de"), None);
        let t = Localized { fi: "Kotihoito".into(), sv: Some("Hemvård".into()), en: None };
        assert_eq!(t.get(Lang::Sv), "Hemvård");
        assert_eq!(t.get(Lang::En), "Kotihoito");
    }
}
