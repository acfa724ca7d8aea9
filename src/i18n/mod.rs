//! The report languages, the store's coded values (hub statuses, RAG ratings) and the glossary
//! ([`glossary`]): what a reader sees for each value is a term of `reports/glossary.toml`.

pub mod glossary;

use crate::{Error, Result};
use serde::Serialize;

/// A report language.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    schemars::JsonSchema,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The language's code: `ja` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// Reads `ja` or `en`; anything else is refused with what to give instead.
    pub fn parse(s: &str) -> Result<Lang> {
        match s {
            "ja" => Ok(Lang::Ja),
            "en" => Ok(Lang::En),
            other => Err(Error::Usage(format!(
                "unknown language '{other}': use --lang ja (Japanese) or --lang en (English)"
            ))),
        }
    }

    /// The text in this language: `en` where it is given and not empty, else `ja`.
    pub fn pick<'a>(self, ja: &'a str, en: Option<&'a str>) -> &'a str {
        match (self, en) {
            (Lang::En, Some(e)) if !e.is_empty() => e,
            _ => ja,
        }
    }

    /// One of two texts, by language.
    pub fn choose<T>(self, ja: T, en: T) -> T {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

/// The share of a text's letters that are Japanese (kana and kanji), from 0 to 1: what tells an
/// English text that is mostly Japanese.
pub fn japanese_share(text: &str) -> f64 {
    let (mut letters, mut japanese) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF66}'..='\u{FF9F}')
        {
            japanese += 1;
        }
    }
    if letters == 0 {
        0.0
    } else {
        japanese as f64 / letters as f64
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Lang {
    type Err = Error;
    fn from_str(s: &str) -> Result<Lang> {
        Lang::parse(s)
    }
}

/// A hub's status, in the order a hub usually passes through them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum HubStatus {
    Feasibility,
    Planned,
    Opened,
    Suspended,
    Closed,
}

impl HubStatus {
    pub const ALL: [HubStatus; 5] = [
        HubStatus::Feasibility,
        HubStatus::Planned,
        HubStatus::Opened,
        HubStatus::Suspended,
        HubStatus::Closed,
    ];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            HubStatus::Feasibility => "feasibility",
            HubStatus::Planned => "planned",
            HubStatus::Opened => "opened",
            HubStatus::Suspended => "suspended",
            HubStatus::Closed => "closed",
        }
    }

    /// The status of a stored code.
    pub fn from_code(code: &str) -> Option<HubStatus> {
        HubStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The status's name in a language, from the built-in glossary (`status.opened`).
    pub fn label(self, lang: Lang) -> String {
        glossary::Glossary::builtin().word(&format!("status.{}", self.code()), lang)
    }
}

/// A RAG rating: computed for a target at a date, or given by staff as an assessment (which
/// uses the five from green to red).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Achieved,
    Green,
    AmberGreen,
    Amber,
    AmberRed,
    Red,
    NoData,
}

impl Rag {
    /// The ratings staff may give, best first.
    pub const RATINGS: [Rag; 5] = [
        Rag::Green,
        Rag::AmberGreen,
        Rag::Amber,
        Rag::AmberRed,
        Rag::Red,
    ];

    /// The code stored and shown in data (`amber_green`).
    pub fn code(self) -> &'static str {
        match self {
            Rag::Achieved => "achieved",
            Rag::Green => "green",
            Rag::AmberGreen => "amber_green",
            Rag::Amber => "amber",
            Rag::AmberRed => "amber_red",
            Rag::Red => "red",
            Rag::NoData => "no_data",
        }
    }

    /// The rating of a code.
    pub fn from_code(code: &str) -> Option<Rag> {
        [Rag::Achieved, Rag::NoData]
            .into_iter()
            .chain(Rag::RATINGS)
            .find(|r| r.code() == code)
    }

    /// The rating's name in a language, from the built-in glossary (`rating.amber`).
    pub fn label(self, lang: Lang) -> String {
        glossary::Glossary::builtin().word(&format!("rating.{}", self.code()), lang)
    }

    /// The rating's colour in charts and badges.
    pub fn color(self) -> &'static str {
        match self {
            Rag::Achieved => "#1d4ed8",
            Rag::Green => "#15803d",
            Rag::AmberGreen => "#65a30d",
            Rag::Amber => "#d97706",
            Rag::AmberRed => "#ea580c",
            Rag::Red => "#b91c1c",
            Rag::NoData => "#6b7280",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_itself() {
        for s in HubStatus::ALL {
            assert_eq!(HubStatus::from_code(s.code()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
        for r in Rag::RATINGS.into_iter().chain([Rag::Achieved, Rag::NoData]) {
            assert_eq!(Rag::from_code(r.code()), Some(r));
            assert_eq!(serde_json::to_value(r).unwrap(), r.code());
        }
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.code()).unwrap(), l);
        }
    }

    #[test]
    fn an_unknown_language_says_which_to_give() {
        let e = Lang::parse("fr").unwrap_err().to_string();
        assert!(e.contains("'fr'") && e.contains("--lang ja") && e.contains("--lang en"));
    }

    #[test]
    fn english_falls_back_to_japanese_where_no_english_is_given() {
        assert_eq!(Lang::En.pick("北斗", Some("Hokuto")), "Hokuto");
        assert_eq!(Lang::En.pick("北斗", Some("")), "北斗");
        assert_eq!(Lang::En.pick("北斗", None), "北斗");
        assert_eq!(Lang::Ja.pick("北斗", Some("Hokuto")), "北斗");
    }
}
