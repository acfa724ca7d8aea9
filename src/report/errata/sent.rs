//! Which export a comparison starts from: the last successful one of a report, period and
//! language, a given one, or a moment.

use super::super::Definition;
use crate::dates::ts;
use crate::i18n::Lang;
use crate::period::Period;
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// The export a comparison starts from.
#[derive(Debug, Clone, Serialize)]
pub struct Sent {
    pub id: i64,
    pub format: String,
    pub path: String,
    pub sha256: Option<String>,
    pub finished_at: Option<String>,
    /// What the sent file was rendered as known at.
    pub known_at: String,
}

/// Which sent export to compare: the last one, a given one, or a moment.
#[derive(Debug, Clone)]
pub enum Since {
    LastExport,
    Export(i64),
    KnownAt(DateTime<Utc>),
}

/// The export the comparison starts from, or an error that says what to do.
pub fn sent(
    conn: &Connection,
    def: &Definition,
    period: &Period,
    lang: Lang,
    since: &Since,
) -> Result<Sent> {
    let row = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(Sent, String, String, String)> {
        Ok((
            Sent {
                id: r.get(0)?,
                format: r.get(1)?,
                path: r.get(2)?,
                sha256: r.get(3)?,
                finished_at: r.get(4)?,
                known_at: r.get(5)?,
            },
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
        ))
    };
    const COLUMNS: &str = "id, format, path, sha256, finished_at, known_at, report, period, lang";
    match since {
        Since::KnownAt(t) => Ok(Sent {
            id: 0,
            format: String::new(),
            path: String::new(),
            sha256: None,
            finished_at: None,
            known_at: ts(*t),
        }),
        Since::Export(id) => {
            let found = conn
                .query_row(
                    &format!("SELECT {COLUMNS} FROM export_log WHERE id = ?1 AND status = 'ok'"),
                    [id],
                    row,
                )
                .optional()?;
            let Some((s, report, p, l)) = found else {
                return Err(Error::Usage(format!(
                    "no successful export has the id {id}; see the export log with `tenkai sql \"SELECT id, report, period, lang, format, finished_at FROM export_log WHERE status = 'ok'\"`"
                )));
            };
            if report != def.name || p != period.to_string() || l != lang.code() {
                return Err(Error::Usage(format!(
                    "export {id} is report {report}, period {p}, language {l}, not {} {period} {lang}: give an export of the report you compare, or leave --since out for its last export",
                    def.name
                )));
            }
            Ok(s)
        }
        Since::LastExport => conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM export_log WHERE report = ?1 AND period = ?2 AND lang = ?3 AND status = 'ok'
                     ORDER BY finished_at DESC, id DESC LIMIT 1"
                ),
                params![def.name, period.to_string(), lang.code()],
                row,
            )
            .optional()?
            .map(|r| r.0)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "report {} was never exported for {period} in {lang}, so there is nothing sent to correct; export it first (`tenkai report render {} --period {period} --lang {lang}`), or compare with a moment: --known-at-sent TIME",
                    def.name, def.name
                ))
            }),
    }
}
