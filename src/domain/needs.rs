//! The need taxonomy v1 (`data/needs.json`): the codes that tie what a client needs to the
//! services that answer it, with Finnish, Swedish and English labels.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::lang::Lang;

const TAXONOMY_JSON: &str = include_str!("../../data/needs.json");

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Need {
    /// e.g. `health.memory`
    #[schema(example = "health.memory")]
    pub code: String,
    #[schema(example = "Muistiongelmat")]
    pub fi: String,
    #[schema(example = "Minnesproblem")]
    pub sv: String,
    #[schema(example = "Memory problems")]
    pub en: String,
    #[schema(example = "Forgetfulness, suspected dementia, memory assessment.")]
    pub definition: String,
}

impl Need {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fi => &self.fi,
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        }
    }

    /// The part before the dot: health, mental, substance, family, social, elderly, ...
    pub fn area(&self) -> &str {
        self.code.split('.').next().unwrap_or(&self.code)
    }
}

#[derive(Debug, Deserialize)]
pub struct Taxonomy {
    pub taxonomy: String,
    pub version: String,
    pub needs: Vec<Need>,
    #[serde(skip)]
    index: HashMap<String, usize>,
}

impl Taxonomy {
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        let mut t: Taxonomy = serde_json::from_str(json)?;
        t.index = t.needs.iter().enumerate().map(|(i, n)| (n.code.clone(), i)).collect();
        Ok(t)
    }

    pub fn get(&self, code: &str) -> Option<&Need> {
        self.index.get(code).map(|i| &self.needs[*i])
    }

    pub fn contains(&self, code: &str) -> bool {
        self.index.contains_key(code)
    }
}

/// The taxonomy shipped in the binary.
pub fn taxonomy() -> &'static Taxonomy {
    static TAXONOMY: OnceLock<Taxonomy> = OnceLock::new();
    TAXONOMY.get_or_init(|| match Taxonomy::from_json(TAXONOMY_JSON) {
        Ok(t) => t,
        // The file is part of the build and tested; a broken copy is a build defect.
        Err(e) => panic!("data/needs.json is not a valid taxonomy: {e}"),
    })
}

/// A code of the need taxonomy. Once made, it is known to exist.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "health.memory")]
pub struct NeedCode(String);

impl NeedCode {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if taxonomy().contains(raw) {
            Ok(Self(raw.to_owned()))
        } else {
            Err(format!("{raw:?} is not a code of the need taxonomy v1 (see GET /v1/needs)"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn need(&self) -> &'static Need {
        match taxonomy().get(&self.0) {
            Some(n) => n,
            None => unreachable!("a NeedCode is only made from a known code"),
        }
    }
}

impl TryFrom<String> for NeedCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        Self::parse(&value)
    }
}

impl From<NeedCode> for String {
    fn from(value: NeedCode) -> String {
        value.0
    }
}

impl std::fmt::Display for NeedCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub mod codes {
    //! Codes the rules refer to by name.
    pub const EMERGENCY_MEDICAL: &str = "emergency.medical";
    pub const EMERGENCY_ON_CALL: &str = "emergency.on_call";
    pub const MANY_SERVICES: &str = "coordination.many_services";
    pub const MENTAL_YOUTH: &str = "mental.youth";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_taxonomy_has_every_label() {
        let t = taxonomy();
        assert_eq!(t.taxonomy, "luotsi-needs");
        assert_eq!(t.version, "1");
        assert!(t.needs.len() >= 50, "{} needs", t.needs.len());
        for n in &t.needs {
            assert!(!n.fi.is_empty() && !n.sv.is_empty() && !n.en.is_empty(), "{}", n.code);
            assert!(n.code.contains('.'), "{}", n.code);
        }
        for code in [codes::EMERGENCY_MEDICAL, codes::EMERGENCY_ON_CALL, codes::MANY_SERVICES, codes::MENTAL_YOUTH] {
            assert!(t.contains(code), "{code}");
        }
    }

    #[test]
    fn unknown_codes_are_refused() {
        assert!(NeedCode::parse("health.memory").is_ok());
        let err = NeedCode::parse("health.memry").unwrap_err();
        assert!(err.contains("health.memry"));
        assert_eq!(
            NeedCode::parse("mental.mild").unwrap().need().label(Lang::Sv),
            "Ångest, nedstämdhet eller utmattning"
        );
    }
}
