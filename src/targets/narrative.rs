//! A period's narrative: the text of the reports' written sections (summary, issues, the
//! briefing's headline and lines to take…), in each
//! language, replaced by setting it again (every version is kept).

use crate::i18n::Lang;
use crate::period::Period;
use crate::{Error, Result};
use rusqlite::Connection;

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
    crate::store::targets::insert_narrative(
        conn,
        &period.to_string(),
        section,
        lang.code(),
        body,
        now,
    )
}

/// The latest text of a narrative section, as known at `known_at`.
pub fn narrative(
    conn: &Connection,
    period: &Period,
    section: &str,
    lang: Lang,
    known_at: &str,
) -> Result<Option<String>> {
    crate::store::targets::narrative(conn, &period.to_string(), section, lang.code(), known_at)
}
