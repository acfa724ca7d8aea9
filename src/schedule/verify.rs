//! `schedule verify`: every exported file re-hashed against its log row, the exports whose
//! file another export later replaced, and the history rows recorded out of order or ahead of now.

use crate::store::export_log;
use crate::Result;
use rusqlite::Connection;

/// A file whose bytes no longer match the log.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Problem {
    pub path: String,
    pub problem: String,
}

/// Re-hashes every successfully exported file (the latest export of each path).
pub fn verify(conn: &Connection) -> Result<(usize, Vec<Problem>)> {
    let rows = export_log::newest_per_path(conn)?;
    let mut problems = Vec::new();
    for export_log::Written {
        path,
        sha256: sha,
        bytes,
    } in &rows
    {
        match crate::output::file_sha256(std::path::Path::new(path)) {
            Err(why) => problems.push(Problem {
                path: path.clone(),
                problem: why,
            }),
            Ok((len, h)) if &h != sha => problems.push(Problem {
                path: path.clone(),
                problem: format!("changed since export ({len} bytes, logged {bytes})"),
            }),
            Ok(_) => {}
        }
    }
    problems.extend(overwritten(conn)?);
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
