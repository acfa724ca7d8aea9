//! Which export a comparison starts from: the first send of a report, period and language whose
//! file is unchanged, a given send, or a moment.

use super::super::Definition;
use crate::dates::ts;
use crate::i18n::Lang;
use crate::period::Period;
use crate::store::export_log;
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use sha2::Digest;

/// The export a comparison starts from.
pub use crate::store::export_log::Sent;

/// Which sent export to compare: by default the first send whose file is unchanged, a given
/// one, or a moment.
#[derive(Debug, Clone)]
pub enum Since {
    /// The first send (an ok export to the definition's own output path) of the report, period
    /// and language, in any format, whose file still has the logged hash: what the reader has.
    FirstSend,
    Export(i64),
    KnownAt(DateTime<Utc>),
}

/// Why a sent file no longer shows what was sent, if it does not: gone, or changed.
fn file_problem(s: &Sent) -> Option<&'static str> {
    match std::fs::read(&s.path) {
        Err(_) => Some("is gone"),
        Ok(b) if Some(format!("{:x}", sha2::Sha256::digest(&b))) != s.sha256 => {
            Some("changed since it was exported")
        }
        Ok(_) => None,
    }
}

/// The other formats of a send, made with it (the same report, period, language and moment known
/// at), whose files are unchanged: the PDF sent beside the HTML. None for a comparison from a
/// moment.
pub(super) fn same_send(conn: &Connection, s: &Sent) -> Result<Vec<Sent>> {
    if s.id <= 0 {
        return Ok(vec![]);
    }
    Ok(export_log::sends(conn, &s.report, &s.period, &s.lang)?
        .into_iter()
        .filter(|o| o.id != s.id && o.known_at == s.known_at && o.format != s.format)
        .filter(|o| file_problem(o).is_none())
        .collect())
}

/// The export the comparison starts from, or an error that says what to do.
pub fn sent(
    conn: &Connection,
    def: &Definition,
    period: &Period,
    lang: Lang,
    since: &Since,
) -> Result<Sent> {
    let log = format!("`tenkai schedule log --report {}`", def.name);
    match since {
        Since::KnownAt(t) => Ok(Sent {
            known_at: ts(*t),
            ..Sent::default()
        }),
        Since::Export(id) => {
            let Some(found) = export_log::sent_by_id(conn, *id)? else {
                return Err(Error::Usage(format!(
                    "no successful export has the id {id}; the ids are in the first column of {log}"
                )));
            };
            let (report, p, l) = (
                found.report.as_str(),
                found.period.as_str(),
                found.lang.as_str(),
            );
            if report != def.name || p != period.to_string() || l != lang.code() {
                return Err(Error::Usage(format!(
                    "export {id} is report {report}, period {p}, language {l}, not {} {period} {lang}: give an export of the report you compare (see {log}), or leave --since out for its first send",
                    def.name
                )));
            }
            if found.kind != "send" {
                return Err(Error::Usage(format!(
                    "export {id} ({}) is a check written with --out, not a send to the report's own output path: nobody was sent it. Give a send's id (kind 'send' in {log}), or compare with its moment: --known-at-sent {}",
                    shown(&found.path), found.known_at
                )));
            }
            if let Some(why) = file_problem(&found) {
                return Err(Error::Usage(format!(
                    "export {id}'s file {} {why}, so it no longer shows what was sent; run `tenkai schedule verify` to see every such file. Restore the file, give another send with --since (see {log}), or compare with its moment: --known-at-sent {}",
                    shown(&found.path), found.known_at
                )));
            }
            Ok(found)
        }
        Since::FirstSend => {
            let sends = export_log::sends(conn, &def.name, &period.to_string(), lang.code())?;
            if sends.is_empty() {
                return Err(Error::Usage(format!(
                    "report {} was never sent for {period} in {lang} (a render with --out elsewhere is a check, not a send), so there is nothing sent to correct; send it first (`tenkai report render {} --period {period} --lang {lang}`), or compare with a moment: --known-at-sent TIME",
                    def.name, def.name
                )));
            }
            let n = sends.len();
            sends.into_iter().find(|s| file_problem(s).is_none()).ok_or_else(|| {
                Error::Usage(format!(
                    "every send of {} {period} in {lang} ({n} in {log}) has a file that is gone or changed, so none shows what was sent; run `tenkai schedule verify`, restore a file, or compare with a moment: --known-at-sent TIME",
                    def.name
                ))
            })
        }
    }
}

/// A logged path as the user reads it: relative to the current folder when under it.
fn shown(path: &str) -> String {
    crate::output::shown(std::path::Path::new(path))
        .display()
        .to_string()
}
