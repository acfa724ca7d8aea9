//! `schedule verify`: every exported file re-hashed against its log row, the exports whose
//! file another export later replaced, and the history rows recorded out of order or ahead of now.

use crate::render::{self};
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
    let mut stmt = conn.prepare(
        "SELECT path, sha256, bytes FROM export_log e WHERE status = 'ok' AND path NOT IN ('', '-')
         AND id = (SELECT max(id) FROM export_log e2 WHERE e2.path = e.path AND e2.status = 'ok') ORDER BY path",
    )?;
    let rows: Vec<(String, String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut problems = Vec::new();
    for (path, sha, bytes) in &rows {
        match std::fs::read(path) {
            Err(_) => problems.push(Problem {
                path: path.clone(),
                problem: "missing".into(),
            }),
            Ok(b) if &render::sha256_hex(&b) != sha => problems.push(Problem {
                path: path.clone(),
                problem: format!("changed since export ({} bytes, logged {bytes})", b.len()),
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
    let mut stmt = conn.prepare(
        "SELECT e.path, e.id, e.report, e.period, e.lang, e.format,
                l.id, l.report, l.period, l.lang, l.format
         FROM export_log e JOIN export_log l ON l.id = (
             SELECT min(x.id) FROM export_log x
             WHERE x.path = e.path AND x.id > e.id AND x.status = 'ok'
               AND (x.report, x.period, x.lang, x.format) IS NOT (e.report, e.period, e.lang, e.format))
         WHERE e.status = 'ok' AND e.path NOT IN ('', '-')
         ORDER BY e.path, e.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let what = |k: usize| -> rusqlite::Result<String> {
            Ok(format!(
                "{} {} {} {}",
                r.get::<_, String>(k)?,
                r.get::<_, String>(k + 1)?,
                r.get::<_, String>(k + 2)?,
                r.get::<_, String>(k + 3)?
            ))
        };
        Ok(Problem {
            path: r.get(0)?,
            problem: format!(
                "export {} ({}) was overwritten by export {} ({})",
                r.get::<_, i64>(1)?,
                what(2)?,
                r.get::<_, i64>(6)?,
                what(7)?
            ),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
