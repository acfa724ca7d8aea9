//! A period's narrative: the text of the reports' written sections (summary, issues, the
//! briefing's headline and lines to take…), in each
//! language, replaced by setting it again (every version is kept).

use crate::dates::ts;
use crate::i18n::Lang;
use crate::period::Period;
use crate::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension};

/// The sections of a period's narrative.
/// The sections of a period's narrative: the quarterly report's summary, key events and issues;
/// the briefing's headline (which replaces the computed one), key points and lines to take.
pub const NARRATIVE_SECTIONS: [&str; 6] = [
    "summary",
    "key_events",
    "issues",
    "headline",
    "key_points",
    "lines_to_take",
];

pub fn set_narrative(
    conn: &Connection,
    period: &Period,
    section: &str,
    lang: Lang,
    body: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    if !NARRATIVE_SECTIONS.contains(&section) {
        return Err(Error::Usage(format!(
            "unknown section '{section}'; use one of: {}",
            NARRATIVE_SECTIONS.join(", ")
        )));
    }
    conn.execute(
        "INSERT INTO narratives (period, section, lang, body, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![period.to_string(), section, lang.code(), body, ts(now)],
    )?;
    Ok(())
}

/// The latest text of a narrative section, as known at `known_at`.
pub fn narrative(
    conn: &Connection,
    period: &Period,
    section: &str,
    lang: Lang,
    known_at: &str,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT body FROM narratives WHERE period = ?1 AND section = ?2 AND lang = ?3 AND recorded_at <= ?4 ORDER BY recorded_at DESC, id DESC LIMIT 1",
        )?
        .query_row(
            params![period.to_string(), section, lang.code(), known_at],
            |r| r.get(0),
        )
        .optional()?)
}
