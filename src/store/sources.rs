//! Where the record comes from: the source documents, and the reference each row carries.
//!
//! A reference is free text. The seed writes `tf2018-03 L49-51, L130`: a document's code from
//! `source_documents` followed by the lines. A user's row carries whatever reference the user
//! gave (`--source`): the code of a document the office registered (`tenkai source add`),
//! optionally followed by where in it (`mhlw-2018-05-15 p.2`), or free text, which tenkai shows
//! as it is (in English, with the English the office gave it: see [`super::english`]).

use crate::i18n::Lang;
use crate::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// A document the record is transcribed from.
#[derive(Debug, Clone, Serialize)]
pub struct SourceDocument {
    pub code: String,
    pub title_ja: String,
    pub title_en: String,
    pub as_of: String,
    pub file: Option<String>,
    /// When the office registered it (`tenkai source add`); none for a document of the seed,
    /// which the built-in metrics' methods cite.
    pub registered_at: Option<String>,
}

impl SourceDocument {
    /// Whether the office registered it, rather than the seed.
    pub fn registered(&self) -> bool {
        self.registered_at.is_some()
    }
}

/// Every source document, the seed's and those registered up to now (for checking what a user
/// gives).
pub fn source_documents(conn: &Connection) -> Result<Vec<SourceDocument>> {
    source_documents_at(conn, "9999-12-31T23:59:59Z")
}

/// The source documents known at `known_at`: the seed's, and those registered by then. A report
/// made as known at a moment names its sources as the registry stood then, so that a document
/// registered later does not change a sent report made again.
pub fn source_documents_at(conn: &Connection, known_at: &str) -> Result<Vec<SourceDocument>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.code, d.title_ja, d.title_en, d.as_of, d.file, r.recorded_at
         FROM source_documents d LEFT JOIN source_document_registered r ON r.code = d.code
         WHERE r.recorded_at IS NULL OR r.recorded_at <= ?1
         ORDER BY d.as_of, d.code",
    )?;
    let rows = stmt.query_map([known_at], |r| {
        Ok(SourceDocument {
            code: r.get(0)?,
            title_ja: r.get(1)?,
            title_en: r.get(2)?,
            as_of: r.get(3)?,
            file: r.get(4)?,
            registered_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A source document an office registers.
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub code: String,
    pub title_ja: String,
    pub title_en: String,
    /// The day the document is dated (the date it describes).
    pub as_of: chrono::NaiveDate,
    /// Where a copy is kept.
    pub file: Option<String>,
}

/// Checks a document to register: a code of letters, digits and `-_.` that no document has yet
/// (in any case), and both titles. Each problem names its option and what to do.
pub fn check_document(conn: &Connection, d: &NewDocument) -> Result<()> {
    let code = d.code.as_str();
    let fits = |c: char| c.is_ascii_alphanumeric() || "-_.".contains(c);
    if code.is_empty() || !code.chars().all(fits) {
        return Err(Error::Usage(format!(
            "CODE '{code}' cannot name a source document: use letters, digits and - _ . only, without spaces (a reference is the code, a space, then where in the document: mhlw-2018-05-15 p.2)"
        )));
    }
    let clash: Option<String> = conn
        .query_row(
            "SELECT code FROM source_documents WHERE code = ?1 COLLATE NOCASE",
            [code],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(c) = clash {
        return Err(Error::Invalid(format!(
            "CODE '{code}': a source document is already registered as '{c}' (`tenkai source list` lists them); a document is never replaced, so choose another code"
        )));
    }
    for (option, title) in [("--title-ja", &d.title_ja), ("--title-en", &d.title_en)] {
        if title.trim().is_empty() {
            return Err(Error::Usage(format!(
                "{option} is empty: give the document's title, as a report prints it"
            )));
        }
    }
    Ok(())
}

/// Checks a reference a user gives (`--source`): one that starts with a word close to a
/// registered document's code, but not the code, is refused with the code, as a typing slip; any
/// other reference is the code of a document or free text.
pub fn check_reference(docs: &[SourceDocument], reference: &str) -> Result<()> {
    let head = reference.split_whitespace().next().unwrap_or_default();
    if docs.iter().any(|d| d.code == head) {
        return Ok(());
    }
    let near = docs.iter().filter(|d| d.registered()).find(|d| {
        d.code.eq_ignore_ascii_case(head)
            || (head.chars().count() >= 6 && super::names::distance(head, &d.code) <= 2)
    });
    match near {
        Some(d) => Err(Error::Usage(format!(
            "--source '{head}' is not the code of a registered source document; did you mean '{}' ({})? Give the code as registered (`tenkai source list`), or register the document first (`tenkai source add`)",
            d.code, d.title_ja
        ))),
        None => Ok(()),
    }
}

/// The first word of a reference when it has the form of a document's code (letters, digits and
/// `-_.`, with a letter, a digit and a `-`: `abc-1` in `abc-1 p.2`) but no document is registered
/// under it: the reference is kept as free text, and the user may have meant a document not yet
/// registered.
pub fn unregistered_code<'a>(docs: &[SourceDocument], reference: &'a str) -> Option<&'a str> {
    let head = reference.split_whitespace().next()?;
    let fits = head
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    let code_like = fits
        && head.contains('-')
        && head.chars().any(|c| c.is_ascii_alphabetic())
        && head.chars().any(|c| c.is_ascii_digit());
    let known = docs.iter().any(|d| d.code.eq_ignore_ascii_case(head));
    (code_like && !known).then_some(head)
}

/// Registers a source document, in one transaction with the time of its registration.
pub fn register_document(conn: &mut Connection, d: &NewDocument) -> Result<()> {
    check_document(conn, d)?;
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO source_documents (code, title_ja, title_en, as_of, file) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![d.code, d.title_ja.trim(), d.title_en.trim(), d.as_of.to_string(), d.file],
    )?;
    tx.execute(
        "INSERT INTO source_document_registered (code) VALUES (?1)",
        [&d.code],
    )?;
    tx.commit()?;
    Ok(())
}

/// A reference read against the documents: the document it names (if any) and its lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reference {
    /// The document's code, when the reference starts with one.
    pub document: Option<String>,
    /// The lines (`["49-51", "130"]`), or the reference's whole text when it names no document.
    pub lines: Vec<String>,
    pub text: String,
}

impl Reference {
    pub fn parse(reference: &str, documents: &[SourceDocument]) -> Reference {
        let text = reference.trim().to_string();
        let (head, rest) = text.split_once(' ').unwrap_or((&text, ""));
        match documents.iter().find(|d| d.code == head) {
            Some(d) => Reference {
                document: Some(d.code.clone()),
                lines: rest
                    .split(',')
                    .map(|l| l.trim().trim_start_matches('L').to_string())
                    .filter(|l| !l.is_empty())
                    .collect(),
                text,
            },
            None => Reference {
                document: None,
                lines: vec![],
                text,
            },
        }
    }

    /// The lines alone (`130、138〜275行`, `lines 130, 138–275`), for a text that names the document.
    pub fn describe_lines(&self, lang: Lang) -> String {
        if self.document.is_none() {
            return self.text.clone();
        }
        let lines = self.lines_in(lang);
        match lang {
            Lang::Ja => format!("{}行", lines.join("、")),
            Lang::En if lines.len() == 1 && !lines[0].contains('–') => {
                format!("line {}", lines[0])
            }
            Lang::En => format!("lines {}", lines.join(", ")),
        }
    }

    /// Where in the document, when the reference gives it otherwise than by lines (`p.2`).
    fn locator(&self) -> Option<&str> {
        let is_lines = |l: &String| {
            l.split('-')
                .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        };
        if self.lines.iter().all(is_lines) {
            return None;
        }
        let (_, rest) = self.text.split_once(' ')?;
        Some(rest.trim())
    }

    /// Whether the reference names a registered document and a place in it written in Japanese
    /// (`mhlw-1 別紙3ページ`): the document has an English title, the place has none of its own.
    pub fn place_in_japanese(&self) -> bool {
        self.document.is_some()
            && self
                .locator()
                .is_some_and(|at| crate::i18n::japanese_share(at) > 0.0)
    }

    fn lines_in(&self, lang: Lang) -> Vec<String> {
        self.lines
            .iter()
            .map(|l| match lang {
                Lang::Ja => l.replace('-', "〜"),
                Lang::En => l.replace('-', "–"),
            })
            .collect()
    }

    /// The reference for a reader: the document's title and the lines, in a language.
    pub fn describe(&self, documents: &[SourceDocument], lang: Lang) -> String {
        let Some(d) = self
            .document
            .as_ref()
            .and_then(|c| documents.iter().find(|d| &d.code == c))
        else {
            return self.text.clone();
        };
        if let Some(at) = self.locator() {
            return match lang {
                Lang::Ja => format!("「{}」{at}", d.title_ja),
                Lang::En => format!("{}, {at}", d.title_en),
            };
        }
        let lines = self.lines_in(lang);
        match lang {
            Lang::Ja if lines.is_empty() => format!("「{}」", d.title_ja),
            Lang::Ja => format!("「{}」{}行", d.title_ja, lines.join("、")),
            Lang::En if lines.is_empty() => d.title_en.clone(),
            Lang::En if lines.len() == 1 && !lines[0].contains('–') => {
                format!("{}, line {}", d.title_en, lines[0])
            }
            Lang::En => format!("{}, lines {}", d.title_en, lines.join(", ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs() -> Vec<SourceDocument> {
        vec![SourceDocument {
            code: "tf2018-03".into(),
            title_ja: "成果等について".into(),
            title_en: "Achievements".into(),
            as_of: "2018-03-31".into(),
            file: None,
            registered_at: None,
        }]
    }

    #[test]
    fn a_seed_reference_names_the_document_and_its_lines() {
        let r = Reference::parse("tf2018-03 L49-51, L130", &docs());
        assert_eq!(r.document.as_deref(), Some("tf2018-03"));
        assert_eq!(r.lines, ["49-51", "130"]);
        assert_eq!(
            r.describe(&docs(), Lang::Ja),
            "「成果等について」49〜51、130行"
        );
        assert_eq!(
            r.describe(&docs(), Lang::En),
            "Achievements, lines 49–51, 130"
        );
        let one = Reference::parse("tf2018-03 L336", &docs());
        assert_eq!(one.describe(&docs(), Lang::En), "Achievements, line 336");
        assert_eq!(r.describe_lines(Lang::Ja), "49〜51、130行");
        assert_eq!(one.describe_lines(Lang::En), "line 336");
    }

    #[test]
    fn a_reference_close_to_a_registered_code_is_refused_as_a_slip() {
        let mut d = docs();
        d[0].code = "mhlw-2018-05-15".into();
        d[0].registered_at = Some("2018-07-05T00:00:00Z".into());
        assert!(check_reference(&d, "mhlw-2018-05-15 p.2").is_ok());
        assert!(check_reference(&d, "厚生労働省報道発表").is_ok());
        let slip = check_reference(&d, "mhlw-2018-05-16")
            .unwrap_err()
            .to_string();
        assert!(slip.contains("did you mean 'mhlw-2018-05-15'"), "{slip}");
        assert!(check_reference(&d, "MHLW-2018-05-15").is_err());
    }

    #[test]
    fn a_reference_to_a_page_names_the_page() {
        let r = Reference::parse("tf2018-03 p.2", &docs());
        assert_eq!(r.describe(&docs(), Lang::En), "Achievements, p.2");
        assert_eq!(r.describe(&docs(), Lang::Ja), "「成果等について」p.2");
    }

    #[test]
    fn a_users_reference_is_shown_as_given() {
        let r = Reference::parse("厚労省報道発表 2018-06-01", &docs());
        assert_eq!(r.document, None);
        assert_eq!(r.describe(&docs(), Lang::En), "厚労省報道発表 2018-06-01");
    }
}
