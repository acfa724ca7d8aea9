//! CSV import of hubs, meetings and member counts: all rows or none.
//!
//! The whole file is checked and written in one transaction. Any bad row rejects the file, and every
//! problem is listed with its line and column. `--dry-run` checks everything and writes nothing.

use super::{hubs, meetings, series, NewHub};
use crate::dates::parse_date;
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use std::path::Path;

/// What a CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportKind {
    Hubs,
    Meetings,
    Members,
}

impl ImportKind {
    /// The exact header a file of this kind must have.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ImportKind::Hubs => &[
                "code",
                "name_ja",
                "name_en",
                "country",
                "kind",
                "operators",
                "status",
                "effective_date",
                "expected_date",
                "note",
            ],
            ImportKind::Meetings => &["number", "held_on", "by_circulation", "agenda"],
            ImportKind::Members => &["platform", "effective_date", "members", "source"],
        }
    }
}

/// The result of an import.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportSummary {
    pub rows: usize,
    pub written: bool,
}

/// Imports a CSV file in one transaction. Multi-valued cells (operators, agenda) separate items with `;`.
pub fn import_csv(
    conn: &mut Connection,
    kind: ImportKind,
    path: &Path,
    dry_run: bool,
    now: DateTime<Utc>,
) -> Result<ImportSummary> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Error::io(format!("cannot read {file}"), e))?;
    let fail = |problems: Vec<String>| Error::Import {
        file: file.clone(),
        problems,
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(fail(vec![format!(
            "the file is empty; it needs the header line `{}` and at least one row",
            kind.columns().join(",")
        )]));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes); // a BOM from Excel
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for rec in reader.byte_records() {
        match rec {
            Ok(r) => records.push(r),
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                problems.push(format!(
                    "line {line}: not valid CSV ({e}); check the quotes on that line"
                ));
                return Err(fail(problems));
            }
        }
    }
    let text_of = |rec: &csv::ByteRecord, problems: &mut Vec<String>| -> Option<Vec<String>> {
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let mut out = Vec::new();
        for (i, f) in rec.iter().enumerate() {
            match std::str::from_utf8(f) {
                Ok(s) => out.push(s.trim().to_string()),
                Err(e) => {
                    problems.push(format!(
                        "line {line}, column {}: not UTF-8 (bad byte at offset {}); save the file as UTF-8 (Excel: CSV UTF-8)",
                        i + 1,
                        e.valid_up_to()
                    ));
                    return None;
                }
            }
        }
        Some(out)
    };
    let Some((header_rec, rows)) = records.split_first() else {
        return Err(fail(vec!["the file has no lines".into()]));
    };
    let header = text_of(header_rec, &mut problems).ok_or_else(|| fail(problems.clone()))?;
    let want = kind.columns();
    if header != want {
        let missing: Vec<&str> = want
            .iter()
            .copied()
            .filter(|c| !header.iter().any(|h| h == c))
            .collect();
        let extra: Vec<&str> = header
            .iter()
            .map(|s| s.as_str())
            .filter(|h| !want.contains(h))
            .collect();
        let mut p = format!("line 1: the header must be exactly `{}`", want.join(","));
        if !missing.is_empty() {
            p += &format!("; missing column(s): {}", missing.join(", "));
        }
        if !extra.is_empty() {
            p += &format!("; unknown column(s): {}", extra.join(", "));
        }
        if missing.is_empty() && extra.is_empty() {
            p += "; the columns are in another order";
        }
        return Err(fail(vec![p]));
    }
    if rows.is_empty() {
        return Err(fail(vec!["the file has a header but no rows".into()]));
    }

    let tx = conn.transaction()?;
    for rec in rows {
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let Some(cells) = text_of(rec, &mut problems) else {
            continue;
        };
        if cells.len() != want.len() {
            problems.push(format!(
                "line {line}: {} field(s), expected {} ({})",
                cells.len(),
                want.len(),
                want.join(",")
            ));
            continue;
        }
        let before = problems.len();
        let at = |col: &str, msg: String| format!("line {line}, column {col}: {msg}");
        let date = |col: usize, problems: &mut Vec<String>| -> Option<chrono::NaiveDate> {
            match parse_date(&cells[col]) {
                Ok(d) => Some(d),
                Err(e) => {
                    problems.push(at(want[col], e.to_string()));
                    None
                }
            }
        };
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        match kind {
            ImportKind::Hubs => {
                let effective = date(7, &mut problems);
                let expected = if cells[8].is_empty() {
                    None
                } else {
                    date(8, &mut problems)
                };
                let hub = NewHub {
                    code: cells[0].clone(),
                    name_ja: cells[1].clone(),
                    name_en: opt(&cells[2]),
                    country: cells[3].clone(),
                    kind: cells[4].clone(),
                    operators: cells[5]
                        .split(';')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect(),
                    status: cells[6].clone(),
                    effective_date: effective.unwrap_or_default(),
                    expected_date: expected,
                    note: opt(&cells[9]),
                };
                for (col, p) in hubs::check_new_hub(&tx, &hub)? {
                    let col = if col == "country" {
                        "country"
                    } else {
                        col.as_str()
                    };
                    problems.push(at(col, p));
                }
                if problems.len() == before {
                    hubs::add_hub(&tx, &hub, now)?;
                }
            }
            ImportKind::Meetings => {
                let number = cells[0].parse::<i64>().ok().filter(|n| *n > 0);
                if number.is_none() {
                    problems.push(at(
                        "number",
                        format!("'{}' is not a meeting number (1, 2, …)", cells[0]),
                    ));
                }
                let held = date(1, &mut problems);
                let circ = match cells[2].to_ascii_lowercase().as_str() {
                    "1" | "true" | "yes" => Some(true),
                    "0" | "false" | "no" | "" => Some(false),
                    other => {
                        problems.push(at(
                            "by_circulation",
                            format!("'{other}' is not true or false"),
                        ));
                        None
                    }
                };
                if let (Some(n), Some(d), Some(c)) = (number, held, circ) {
                    let agenda: Vec<String> = cells[3]
                        .split(';')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect();
                    if let Err(e) = meetings::add_meeting(&tx, n, d, c, &agenda, now) {
                        problems.push(at("number", e.to_string()));
                    }
                }
            }
            ImportKind::Members => {
                let d = date(1, &mut problems);
                let n = cells[2].parse::<i64>().ok().filter(|n| *n >= 0);
                if n.is_none() {
                    problems.push(at(
                        "members",
                        format!("'{}' is not a count (0 or more)", cells[2]),
                    ));
                }
                if let (Some(d), Some(n)) = (d, n) {
                    if let Err(e) =
                        series::record_members(&tx, &cells[0], n, d, opt(&cells[3]).as_deref(), now)
                    {
                        problems.push(at("platform", e.to_string()));
                    }
                }
            }
        }
    }
    if !problems.is_empty() {
        tx.rollback()?;
        return Err(fail(problems));
    }
    let summary = ImportSummary {
        rows: rows.len(),
        written: !dry_run,
    };
    if dry_run {
        tx.rollback()?;
    } else {
        tx.commit()?;
    }
    Ok(summary)
}
