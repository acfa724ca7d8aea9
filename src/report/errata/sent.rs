//! Which export a comparison starts from: the last successful one of a report, period and
//! language, a given one, or a moment.

use super::super::Definition;
use crate::dates::ts;
use crate::i18n::Lang;
use crate::period::Period;
use crate::store::export_log;
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
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
            let Some(found) = export_log::sent_by_id(conn, *id)? else {
                return Err(Error::Usage(format!(
                    "no successful export has the id {id}; see the export log with `tenkai sql \"SELECT id, report, period, lang, format, finished_at FROM export_log WHERE status = 'ok'\"`"
                )));
            };
            let (report, p, l) = (found.report.as_str(), found.period.as_str(), found.lang.as_str());
            if report != def.name || p != period.to_string() || l != lang.code() {
                return Err(Error::Usage(format!(
                    "export {id} is report {report}, period {p}, language {l}, not {} {period} {lang}: give an export of the report you compare, or leave --since out for its last export",
                    def.name
                )));
            }
            Ok(found.into())
        }
        Since::LastExport => {
            export_log::last_sent(conn, &def.name, &period.to_string(), lang.code())?
                .map(Sent::from)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "report {} was never exported for {period} in {lang}, so there is nothing sent to correct; export it first (`tenkai report render {} --period {period} --lang {lang}`), or compare with a moment: --known-at-sent TIME",
                    def.name, def.name
                ))
            })
        }
    }
}

impl From<export_log::Sent> for Sent {
    fn from(s: export_log::Sent) -> Sent {
        Sent {
            id: s.id,
            format: s.format,
            path: s.path,
            sha256: s.sha256,
            finished_at: s.finished_at,
            known_at: s.known_at,
        }
    }
}
