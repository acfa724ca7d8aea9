//! The English a file gives its sources and notes (`source_en`, `note_en`), checked with the
//! rows: characters and length as the Japanese are checked, one English for a text throughout the
//! file, none for a registered document's code, and no other English than the one recorded for a
//! text (`tenkai source english` changes that on purpose, for every fact citing the text).

use super::facts::{FactKind, Line, ENGLISH_OF};
use crate::store::{english, EnglishTexts, Rules, SourceDocument, Text};
use crate::Result;
use rusqlite::Connection;
use std::collections::HashMap;

/// What the English cells are checked against: the database's documents and English, and the
/// English the file's earlier rows gave each text, with the cell that gave it.
pub(super) struct FileEnglish {
    docs: Vec<SourceDocument>,
    known: EnglishTexts,
    given: HashMap<String, (String, String)>,
}

impl FileEnglish {
    pub(super) fn load(conn: &Connection) -> Result<FileEnglish> {
        Ok(FileEnglish {
            docs: crate::store::source_documents(conn)?,
            known: EnglishTexts::load(conn, "9999-12-31T23:59:59Z")?,
            given: HashMap::new(),
        })
    }

    /// The problems of a line's English cells, each placed at its cell.
    pub(super) fn check(&mut self, kind: FactKind, line: &Line, rules: &Rules<'_>) -> Vec<String> {
        let cols = kind.columns();
        let mut problems = Vec::new();
        for (en_col, ja_col) in ENGLISH_OF {
            let Some(i) = cols.iter().position(|c| c.0 == *en_col) else {
                continue;
            };
            let cell =
                |i: Option<usize>| i.and_then(|i| line.cells.get(i)).map_or("", |s| s.trim());
            let en = cell(Some(i));
            let ja = cell(cols.iter().position(|c| c.0 == *ja_col));
            if en.is_empty() {
                continue;
            }
            let place = line.cell_place(i, en_col);
            if let Err(why) = rules.text(en, Text::Note) {
                problems.push(format!("{place}: {why}"));
                continue;
            }
            if ja.is_empty() {
                continue;
            }
            let source = *ja_col == "source";
            if let Some(why) = english::conflict(&self.known, &self.docs, ja, en, source) {
                problems.push(format!("{place}: {why}"));
                continue;
            }
            match self.given.get(ja) {
                Some((was, at)) if was != en => problems.push(format!(
                    "{place}: gives 「{ja}」 the English '{en}', but {at} gives it '{was}'; a text has one English: keep one of them"
                )),
                Some(_) => {}
                None => {
                    self.given.insert(ja.to_string(), (en.to_string(), place));
                }
            }
        }
        problems
    }
}
