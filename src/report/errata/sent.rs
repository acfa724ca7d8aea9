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

/// The export a comparison starts from.
pub use crate::store::export_log::Sent;

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
            known_at: ts(*t),
            ..Sent::default()
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
            Ok(found)
        }
        Since::LastExport => {
            export_log::last_sent(conn, &def.name, &period.to_string(), lang.code())?
            .ok_or_else(|| {
                Error::Usage(format!(
                    "report {} was never exported for {period} in {lang}, so there is nothing sent to correct; export it first (`tenkai report render {} --period {period} --lang {lang}`), or compare with a moment: --known-at-sent TIME",
                    def.name, def.name
                ))
            })
        }
    }
}
