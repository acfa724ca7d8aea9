//! `schedule verify`: the file of every logged export re-hashed against its log row, the exports whose
//! file another export later replaced, the deliveries left undecided, and the history rows recorded
//! out of order or ahead of now.

use crate::store::export_log;
use crate::Result;
use rusqlite::Connection;

/// A file whose bytes no longer match the log.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Problem {
    pub path: String,
    pub problem: String,
}

/// Re-hashes the file of every successful export (every version, sends and checks), and names
/// each export whose file is gone or changed. Gives how many logged files were checked.
pub fn verify(conn: &Connection) -> Result<(usize, Vec<Problem>)> {
    let rows = export_log::logged_files(conn)?;
    let mut problems = Vec::new();
    for f in &rows {
        let what = format!(
            "export {} ({} {} {} {}, a {})",
            f.id, f.report, f.period, f.lang, f.format, f.kind
        );
        let logged = std::path::Path::new(&f.path);
        let shown = crate::output::shown(logged).display().to_string();
        match crate::output::file_sha256(logged) {
            Err(why) => problems.push(Problem {
                path: shown,
                problem: format!(
                    "{what}: the file is {}",
                    match why.as_str() {
                        "missing" if logged.is_relative() => "gone from this folder (its path was logged relative to the folder that export ran in: run `tenkai schedule verify` from there)".to_string(),
                        "missing" => "gone".to_string(),
                        _ => why,
                    }
                ),
            }),
            Ok((len, h)) if h != f.sha256 => problems.push(Problem {
                path: shown,
                problem: format!(
                    "{what}: the file changed since export ({len} bytes now, {} logged)",
                    f.bytes
                ),
            }),
            Ok(_) => {}
        }
    }
    problems.extend(overwritten(conn)?);
    problems.extend(undecided(conn)?);
    // A back-dated history row changes what a sent report shows when it is made again.
    problems.extend(
        crate::store::history::misrecorded(conn, &crate::dates::ts(crate::dates::now()))?
            .into_iter()
            .map(|m| Problem {
                path: format!("{} row {} (database)", m.table, m.rowid),
                problem: m.problem,
            }),
    );
    Ok((rows.len(), problems))
}

/// Deliveries left 'unknown' by a process stopped between the send and its log: they wait for
/// a person to decide.
fn undecided(conn: &Connection) -> Result<Vec<Problem>> {
    Ok(crate::store::delivery_log::undecided(conn)?
        .into_iter()
        .map(|d| Problem {
            path: format!("delivery {} ({} {} {}, {})", d.attempt, d.report, d.period, d.channel, d.recipients),
            problem: format!(
                "unknown whether it was delivered: the process stopped between the send and its log, so it was not sent again. Ask the recipients, then `tenkai schedule deliver --resend {}` to send it, or `--settle {}` if it arrived",
                d.attempt, d.attempt
            ),
        })
        .collect())
}

/// Exports whose file a later export of another report, period, language or format replaced:
/// the log says they were sent, but their file is gone.
fn overwritten(conn: &Connection) -> Result<Vec<Problem>> {
    Ok(export_log::replaced(conn)?
        .into_iter()
        .map(|r| Problem {
            path: r.path,
            problem: format!(
                "export {} ({}) was overwritten by export {} ({})",
                r.export.id, r.export.what, r.by.id, r.by.what
            ),
        })
        .collect())
}
