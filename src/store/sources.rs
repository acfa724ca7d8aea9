//! Where the record comes from: the source documents, and the reference each row carries.
//!
//! A reference is free text. The seed writes `tf2018-03 L49-51, L130`: a document's code from
//! `source_documents` followed by the lines. A user's row carries whatever reference the user
//! gave (`--source`), which tenkai shows as it is.

use crate::i18n::Lang;
use crate::Result;
use rusqlite::Connection;
use serde::Serialize;

/// A document the record is transcribed from.
#[derive(Debug, Clone, Serialize)]
pub struct SourceDocument {
    pub code: String,
    pub title_ja: String,
    pub title_en: String,
    pub as_of: String,
    pub file: Option<String>,
}

pub fn source_documents(conn: &Connection) -> Result<Vec<SourceDocument>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, title_ja, title_en, as_of, file FROM source_documents ORDER BY as_of, code",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(SourceDocument {
            code: r.get(0)?,
            title_ja: r.get(1)?,
            title_en: r.get(2)?,
            as_of: r.get(3)?,
            file: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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
    fn a_users_reference_is_shown_as_given() {
        let r = Reference::parse("厚労省報道発表 2018-06-01", &docs());
        assert_eq!(r.document, None);
        assert_eq!(r.describe(&docs(), Lang::En), "厚労省報道発表 2018-06-01");
    }
}
