//! The glossary: one term per concept in each language (`reports/glossary.toml`). Templates take
//! their labels from it with `term("column.actual")`, and tenkai its words for statuses, ratings and
//! kinds, so that a report never calls one thing by two names.

use crate::i18n::Lang;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The glossary tenkai is built with: the checked-in `reports/glossary.toml`.
const BUILTIN: &str = include_str!("../../reports/glossary.toml");

/// One term: its Japanese and English, and for a name where the English comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub ja: String,
    pub en: String,
    /// For a name: `official`, `source` or `translation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

impl Term {
    pub fn get(&self, lang: Lang) -> &str {
        lang.choose(&self.ja, &self.en)
    }
}

/// Every term, by key (`status.opened`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Glossary {
    terms: BTreeMap<String, Term>,
}

impl Default for Glossary {
    fn default() -> Self {
        Glossary::builtin().clone()
    }
}

impl Glossary {
    /// The glossary built into tenkai.
    pub fn builtin() -> &'static Glossary {
        Glossary::parsed()
    }

    /// The built-in glossary, shared: what a definition holds until its folder's is loaded.
    pub fn shared() -> Arc<Glossary> {
        Glossary::parsed().clone()
    }

    /// The built-in glossary, parsed once for the process.
    fn parsed() -> &'static Arc<Glossary> {
        static G: OnceLock<Arc<Glossary>> = OnceLock::new();
        G.get_or_init(|| {
            Arc::new(
                Glossary::parse(BUILTIN, "the built-in glossary").expect("reports/glossary.toml"),
            )
        })
    }

    /// The glossary of a reports folder: its `glossary.toml`, or the built-in one when it has
    /// none. A file that lacks a term of the built-in glossary is refused, naming the term.
    /// A file with the built-in text (the checked-in folder's) is the built-in glossary, which
    /// tenkai parses anyway for its own words: it is not parsed a second time.
    pub fn load(reports: &Path) -> Result<Arc<Glossary>> {
        let file = reports.join("glossary.toml");
        if !file.exists() {
            return Ok(Glossary::shared());
        }
        let text = std::fs::read_to_string(&file)
            .map_err(|e| Error::io(format!("cannot read {}", file.display()), e))?;
        if text == BUILTIN {
            return Ok(Glossary::shared());
        }
        let g = Glossary::parse(&text, &file.display().to_string())?;
        let missing: Vec<&str> = Glossary::builtin()
            .terms
            .keys()
            .filter(|k| !g.terms.contains_key(*k))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            return Err(Error::Invalid(format!(
                "{} lacks the term(s) {}: tenkai needs them; copy them from the glossary of the tenkai checkout",
                file.display(),
                missing.join(", ")
            )));
        }
        Ok(Arc::new(g))
    }

    fn parse(text: &str, what: &str) -> Result<Glossary> {
        let groups: BTreeMap<String, BTreeMap<String, Term>> =
            toml::from_str(text).map_err(|e| {
                let line = e.span().map(|s| text[..s.start].matches('\n').count() + 1);
                Error::Invalid(format!(
                    "{what}{}: {} (a term is [group.key] with ja = \"…\" and en = \"…\")",
                    line.map(|l| format!(":{l}")).unwrap_or_default(),
                    e.message()
                ))
            })?;
        let mut terms = BTreeMap::new();
        for (group, entries) in groups {
            for (key, term) in entries {
                if term.ja.trim().is_empty() || term.en.trim().is_empty() {
                    return Err(Error::Invalid(format!(
                        "{what}: the term {group}.{key} needs both ja and en"
                    )));
                }
                terms.insert(format!("{group}.{key}"), term);
            }
        }
        Ok(Glossary { terms })
    }

    /// The term for a key, or an error that says which keys exist in its group.
    pub fn term(&self, key: &str) -> Result<&Term> {
        self.terms.get(key).ok_or_else(|| {
            let group = key.split('.').next().unwrap_or("");
            let known: Vec<&str> = self
                .terms
                .keys()
                .filter(|k| k.split('.').next() == Some(group))
                .map(String::as_str)
                .collect();
            Error::Invalid(format!(
                "the glossary has no term '{key}'{}; add it to reports/glossary.toml",
                if known.is_empty() {
                    String::new()
                } else {
                    format!(" (its group has: {})", known.join(", "))
                }
            ))
        })
    }

    /// The word for a key in a language, or the key itself when the glossary has none (for
    /// tenkai's own labels, which a test holds complete).
    pub fn word(&self, key: &str, lang: Lang) -> String {
        self.terms
            .get(key)
            .map_or_else(|| key.to_string(), |t| t.get(lang).to_string())
    }

    /// Every term, by key.
    pub fn terms(&self) -> &BTreeMap<String, Term> {
        &self.terms
    }
}

thread_local! {
    /// The glossary of the report being written on this thread (see [`in_use`]).
    static IN_USE: std::cell::RefCell<Option<Arc<Glossary>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with `glossary` as the one [`word_in_use`] reads: the words of dates and moments
/// (「平成30年3月末（現在）」, "as of end of March 2018"), which every part of a report writes,
/// come from the report's own glossary.
pub fn in_use<T>(glossary: &Arc<Glossary>, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<Arc<Glossary>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            IN_USE.with(|g| *g.borrow_mut() = self.0.take());
        }
    }
    let _restore = Restore(IN_USE.with(|g| g.borrow_mut().replace(glossary.clone())));
    f()
}

/// The word for a key in the glossary in use on this thread (the built-in one outside
/// [`in_use`]).
pub fn word_in_use(key: &str, lang: Lang) -> String {
    IN_USE.with(|g| match g.borrow().as_ref() {
        Some(g) => g.word(key, lang),
        None => Glossary::builtin().word(key, lang),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{HubStatus, Rag};

    #[test]
    fn the_builtin_glossary_has_a_word_for_every_status_and_rating() {
        let g = Glossary::builtin();
        for s in HubStatus::ALL {
            g.term(&format!("status.{}", s.code())).unwrap();
        }
        for r in Rag::RATINGS.into_iter().chain([Rag::Achieved, Rag::NoData]) {
            g.term(&format!("rating.{}", r.code())).unwrap();
        }
        for p in ["suspended", "under_study"] {
            g.term(&format!("project.{p}")).unwrap();
        }
    }

    #[test]
    fn one_word_means_one_thing_in_each_group() {
        let g = Glossary::builtin();
        for lang in Lang::ALL {
            let mut seen: BTreeMap<(String, String), String> = BTreeMap::new();
            for (key, t) in g.terms() {
                let group = key.split('.').next().unwrap().to_string();
                if let Some(other) = seen.insert((group, t.get(lang).to_string()), key.clone()) {
                    panic!("{lang}: {key} and {other} are both '{}'", t.get(lang));
                }
            }
        }
    }

    #[test]
    fn the_checked_in_glossary_is_the_builtin_one_parsed_once() {
        let reports = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
        let g = Glossary::load(&reports).unwrap();
        assert!(Arc::ptr_eq(&g, Glossary::parsed()));
        // A changed file is its own glossary.
        let dir = tempfile::tempdir().unwrap();
        let changed = BUILTIN.replacen("ja = \"", "ja = \"別の", 1);
        std::fs::write(dir.path().join("glossary.toml"), &changed).unwrap();
        let own = Glossary::load(dir.path()).unwrap();
        assert!(!Arc::ptr_eq(&own, Glossary::parsed()));
        assert_ne!(*own, *Glossary::builtin());
    }

    #[test]
    fn an_unknown_term_names_its_group() {
        let e = Glossary::builtin()
            .term("status.opend")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("status.opened") && e.contains("'status.opend'"),
            "{e}"
        );
    }
}
