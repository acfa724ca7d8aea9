//! What an English report would show in Japanese, for want of English text: the hubs it lists
//! without an English name, the agenda items and working-group events of its period without
//! English text, and its narratives written only in Japanese. A render in English names each on
//! stderr and still succeeds.
//!
//! And the English of the office's own texts: a source given as free text and a note are written
//! in Japanese, and their English is recorded beside them (`english_texts`), keyed by the text.

use super::{Reference, SourceDocument};
use crate::dates::AsOf;
use crate::i18n::Lang;
use crate::{Error, Result};
use chrono::NaiveDate;
use rusqlite::{named_params, Connection};
use std::collections::HashMap;

/// Each item without English text, in a line that says what it is and how to give it.
pub fn without_english(
    conn: &Connection,
    at: &AsOf,
    start: NaiveDate,
    period: &str,
) -> Result<Vec<String>> {
    let mut out: Vec<String> = super::hubs(conn, at)?
        .into_iter()
        .filter(|h| h.status.is_some() && h.name_en.as_deref().is_none_or(str::is_empty))
        .map(|h| {
            format!(
                "hub {} {}: no English name (tenkai hub change {} --name-en … --date …)",
                h.code, h.name_ja, h.code
            )
        })
        .collect();
    let queries = [
        "SELECT 'meeting ' || m.number || ', agenda item ' || a.position || ' 「' || a.item_ja || '」: no English text'
         FROM meeting_agenda a JOIN meetings m ON m.number = a.meeting_number
         WHERE m.held_on BETWEEN :start AND :end AND m.recorded_at <= :known_at AND coalesce(a.item_en, '') = ''
         ORDER BY m.number, a.position",
        "SELECT 'working-group event of ' || e.event_date || ' 「' || e.description_ja || '」: no English text'
         FROM wg_events e
         WHERE e.event_date BETWEEN :start AND :end AND e.recorded_at <= :known_at AND coalesce(e.description_en, '') = ''
         ORDER BY e.event_date, e.id",
        "SELECT DISTINCT 'narrative ' || n.section || ' of ' || n.period || ': only in Japanese (tenkai narrative set --lang en)'
         FROM narratives n
         WHERE n.period = :period AND n.lang = 'ja' AND n.recorded_at <= :known_at
           AND NOT EXISTS (SELECT 1 FROM narratives x WHERE x.period = n.period AND x.section = n.section
                           AND x.lang = 'en' AND x.recorded_at <= :known_at)
         ORDER BY 1",
    ];
    for sql in queries {
        let mut stmt = conn.prepare_cached(sql)?;
        let params = named_params! {
            ":start": start.to_string(),
            ":end": at.date_str(),
            ":known_at": at.known_at_str(),
            ":period": period,
        };
        let mut bound: Vec<(&str, &dyn rusqlite::ToSql)> = Vec::new();
        for (name, value) in params.iter().copied() {
            if stmt.parameter_index(name)?.is_some() {
                bound.push((name, value));
            }
        }
        let rows = stmt.query_map(bound.as_slice(), |r| r.get::<_, String>(0))?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}

/// The English an office gave to the texts it recorded in Japanese (sources given as free text,
/// notes), as known at a moment: for each text, the latest English recorded by then.
#[derive(Debug, Clone, Default)]
pub struct EnglishTexts {
    by_ja: HashMap<String, String>,
}

impl EnglishTexts {
    pub fn load(conn: &Connection, known_at: &str) -> Result<EnglishTexts> {
        let mut stmt = conn.prepare_cached(
            "SELECT ja, en FROM english_texts WHERE recorded_at <= ?1 ORDER BY recorded_at, id",
        )?;
        let rows = stmt.query_map([known_at], |r| Ok((r.get(0)?, r.get(1)?)))?;
        // Oldest first: a later wording of the same text replaces an earlier one.
        let by_ja = rows.collect::<rusqlite::Result<HashMap<String, String>>>()?;
        Ok(EnglishTexts { by_ja })
    }

    /// The English of a text, if it has one.
    pub fn of(&self, ja: &str) -> Option<&str> {
        self.by_ja.get(ja.trim()).map(String::as_str)
    }

    /// Whether an English report would show the text in Japanese: it is written in Japanese and
    /// has no English.
    pub fn lacks(&self, text: &str) -> bool {
        crate::i18n::japanese_share(text) > 0.0 && self.of(text).is_none()
    }

    /// Whether an English report would show a reference, or part of it, in Japanese: free text
    /// without English, or a registered document's place written in Japanese (`mhlw-1 別紙3ページ`)
    /// when the reference as a whole has no English.
    pub fn lacks_reference(&self, reference: &str, docs: &[SourceDocument]) -> bool {
        let r = Reference::parse(reference, docs);
        match r.document {
            Some(_) => r.place_in_japanese() && self.of(&r.text).is_none(),
            None => self.lacks(&r.text),
        }
    }

    /// A text of the office's in a report's language: as written in Japanese; in English, its
    /// English, or, for want of one, the text as written in the `in_japanese` form (the
    /// glossary's `source.in_japanese`, where `{text}` is the text).
    pub fn text(&self, text: &str, lang: Lang, in_japanese: &str) -> String {
        match (lang, self.of(text)) {
            (Lang::Ja, _) => text.to_string(),
            (Lang::En, Some(en)) => en.to_string(),
            (Lang::En, None) if self.lacks(text) => in_japanese.replace("{text}", text),
            (Lang::En, None) => text.to_string(),
        }
    }

    /// A reference in a report's language: a document's title and where in it, for a reference
    /// to a source document; else the reference as a text of the office's ([`Self::text`]).
    pub fn reference(
        &self,
        reference: &str,
        docs: &[SourceDocument],
        lang: Lang,
        in_japanese: &str,
    ) -> String {
        let r = Reference::parse(reference, docs);
        match r.document {
            // A place written in Japanese: the English given for the whole reference, or the
            // title and the place, marked as Japanese.
            Some(_) if lang == Lang::En && r.place_in_japanese() => match self.of(&r.text) {
                Some(en) => en.to_string(),
                None => in_japanese.replace("{text}", &r.describe(docs, lang)),
            },
            Some(_) => r.describe(docs, lang),
            None => self.text(&r.text, lang, in_japanese),
        }
    }
}

/// Checks an English form given with a command's option (`--source-en`, `--note-en`): it goes
/// with the Japanese text of its partner option, and is not blank.
pub fn check_given(ja: Option<&str>, en: Option<&str>, option: &str, partner: &str) -> Result<()> {
    match (ja.map(str::trim), en.map(str::trim)) {
        (_, None) => Ok(()),
        (_, Some("")) => Err(Error::Usage(format!(
            "{option} is empty: give the English of {partner}, or leave {option} out"
        ))),
        (None | Some(""), Some(_)) => Err(Error::Usage(format!(
            "{option} gives the English of {partner}, and {partner} is not given: give {partner} too"
        ))),
        (Some(_), Some(_)) => Ok(()),
    }
}

/// Why the English given with a fact (`--source-en`, `--note-en`, a row's `source_en` or
/// `note_en`) cannot be recorded beside its Japanese (`source`: whether the Japanese is a
/// source): a reference to a registered document shows the document's English title, so English
/// given for it would never be shown; and English already recorded for the text is changed only
/// on purpose, with `tenkai source english`, as the change reaches every fact that cites the text.
pub fn conflict(
    known: &EnglishTexts,
    docs: &[SourceDocument],
    ja: &str,
    en: &str,
    source: bool,
) -> Option<String> {
    let (ja, en) = (ja.trim(), en.trim());
    if source {
        if let Some(why) = registered(docs, ja) {
            return Some(why);
        }
    }
    match known.of(ja) {
        Some(was) if was != en => Some(format!(
            "「{ja}」 already has the English '{was}', which every fact citing it shows; this gives '{en}'. Leave the English out to keep it, or change it for every fact with `{}`",
            command_for(ja)
        )),
        _ => None,
    }
}

/// Why a reference to a registered document takes no English of its own: the English report
/// shows the document's English title (and the place in it).
pub fn registered(docs: &[SourceDocument], ja: &str) -> Option<String> {
    let r = Reference::parse(ja, docs);
    if r.place_in_japanese() {
        // The title has its English; the place in it is written in Japanese and takes English
        // given for the reference as a whole.
        return None;
    }
    let code = r.document?;
    let doc = docs.iter().find(|d| d.code == code)?;
    Some(format!(
        "「{}」 cites the registered document {code}, whose English the report takes from its title_en '{}' (`tenkai source list`); no English is recorded for it: leave the English out",
        ja.trim(),
        doc.title_en.trim()
    ))
}

/// Records the English of a text, unless it already has that English. Returns whether a row was
/// written.
pub fn give(conn: &Connection, ja: &str, en: &str) -> Result<bool> {
    Giver::load(conn)?.give(conn, ja, en)
}

/// Records the English of many texts (an import's rows), reading what is recorded once rather
/// than once a text, so that the work grows with the rows and not with their square.
pub struct Giver {
    now: EnglishTexts,
}

impl Giver {
    pub fn load(conn: &Connection) -> Result<Giver> {
        Ok(Giver {
            now: EnglishTexts::load(conn, "9999-12-31T23:59:59Z")?,
        })
    }

    /// As [`give`], on the connection the giver was loaded from.
    pub fn give(&mut self, conn: &Connection, ja: &str, en: &str) -> Result<bool> {
        let (ja, en) = (ja.trim(), en.trim());
        if ja.is_empty() || en.is_empty() {
            return Err(Error::Usage(
                "a text and its English must both be given, not blank".into(),
            ));
        }
        if self.now.of(ja) == Some(en) {
            return Ok(false);
        }
        conn.execute(
            "INSERT INTO english_texts (ja, en) VALUES (?1, ?2)",
            [ja, en],
        )?;
        self.now.by_ja.insert(ja.to_string(), en.to_string());
        Ok(true)
    }
}

/// The command that gives a text its English, for a warning.
pub fn command_for(text: &str) -> String {
    format!(
        "tenkai source english --ja '{}' --en '…'",
        text.replace('\'', "'\\''")
    )
}

/// Whether a source or a note of any table holds the text (trimmed), as recorded.
pub fn recorded(conn: &Connection, text: &str) -> Result<bool> {
    let columns: Vec<(String, String)> = conn
        .prepare_cached(
            "SELECT m.name, c.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
               AND c.name IN ('source', 'note', 'source_ja', 'note_ja')
             ORDER BY m.name, c.name",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let text = text.trim();
    for (table, column) in columns {
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM \"{}\" WHERE trim(\"{}\") = ?1)",
            table.replace('"', "\"\""),
            column.replace('"', "\"\"")
        );
        if conn.query_row(&sql, [text], |r| r.get::<_, bool>(0))? {
            return Ok(true);
        }
    }
    Ok(false)
}
