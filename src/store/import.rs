//! CSV import of hubs, meetings and member counts: all rows or none.
//!
//! The whole file is checked and written in one transaction. Any bad row rejects the file, and every
//! problem is listed with its line and column. `--dry-run` checks everything and writes nothing.

use super::{hubs, meetings, series, NewHub};
use crate::dates::parse_date;
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
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
    let rows = read_rows(kind, &bytes).map_err(fail)?;
    let mut problems = Vec::new();
    let tx = conn.transaction()?;
    for row in &rows {
        if row.cells.len() != kind.columns().len() {
            problems.push(format!(
                "line {}: {} field(s), expected {} ({})",
                row.line,
                row.cells.len(),
                kind.columns().len(),
                kind.columns().join(",")
            ));
            continue;
        }
        let mut check = Check {
            kind,
            row,
            problems: &mut problems,
        };
        match kind {
            ImportKind::Hubs => hub_row(&tx, &mut check, now)?,
            ImportKind::Meetings => meeting_row(&tx, &mut check, now),
            ImportKind::Members => members_row(&tx, &mut check, now),
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

/// A data row of the file: its line number and its cells, trimmed.
struct Row {
    line: u64,
    cells: Vec<String>,
}

/// Reads the file's rows after checking its header; every problem found is returned.
fn read_rows(kind: ImportKind, bytes: &[u8]) -> std::result::Result<Vec<Row>, Vec<String>> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(vec![format!(
            "the file is empty; it needs the header line `{}` and at least one row",
            kind.columns().join(",")
        )]);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes); // a BOM from Excel
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for rec in reader.byte_records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            vec![format!(
                "line {line}: not valid CSV ({e}); check the quotes on that line"
            )]
        })?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        if let Some(cells) = text_of(&rec, line, &mut problems) {
            rows.push(Row { line, cells });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if rows.is_empty() {
        return Err(vec!["the file has no lines".into()]);
    }
    let header = rows.remove(0);
    check_header(kind, &header.cells)?;
    if rows.is_empty() {
        return Err(vec!["the file has a header but no rows".into()]);
    }
    Ok(rows)
}

/// A record's cells as trimmed text, or `None` (with the problem noted) if one is not UTF-8.
fn text_of(rec: &csv::ByteRecord, line: u64, problems: &mut Vec<String>) -> Option<Vec<String>> {
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
}

/// Refuses a header that is not exactly the kind's columns, saying what is missing or extra.
fn check_header(kind: ImportKind, header: &[String]) -> std::result::Result<(), Vec<String>> {
    let want = kind.columns();
    if header == want {
        return Ok(());
    }
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
    Err(vec![p])
}

/// One row being checked: its problems are noted with the line and the column's name.
struct Check<'a> {
    kind: ImportKind,
    row: &'a Row,
    problems: &'a mut Vec<String>,
}

impl Check<'_> {
    fn cell(&self, col: usize) -> &str {
        &self.row.cells[col]
    }
    /// The cell, or `None` where it is empty.
    fn optional(&self, col: usize) -> Option<String> {
        let s = self.cell(col);
        (!s.is_empty()).then(|| s.to_string())
    }
    /// The cell's `;`-separated items.
    fn items(&self, col: usize) -> Vec<String> {
        self.cell(col)
            .split(';')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }
    fn problem(&mut self, col: &str, msg: impl std::fmt::Display) {
        self.problems
            .push(format!("line {}, column {col}: {msg}", self.row.line));
    }
    fn date(&mut self, col: usize) -> Option<NaiveDate> {
        match parse_date(self.cell(col)) {
            Ok(d) => Some(d),
            Err(e) => {
                let name = self.kind.columns()[col];
                self.problem(name, e);
                None
            }
        }
    }
    fn count(&self) -> usize {
        self.problems.len()
    }
}

/// A hubs row: checked as `tenkai hub add` checks a hub, then added with its first status.
fn hub_row(tx: &Connection, c: &mut Check<'_>, now: DateTime<Utc>) -> Result<()> {
    let before = c.count();
    let effective = c.date(7);
    let expected = if c.cell(8).is_empty() {
        None
    } else {
        c.date(8)
    };
    let hub = NewHub {
        code: c.cell(0).to_string(),
        name_ja: c.cell(1).to_string(),
        name_en: c.optional(2),
        country: c.cell(3).to_string(),
        kind: c.cell(4).to_string(),
        operators: c.items(5),
        status: c.cell(6).to_string(),
        effective_date: effective.unwrap_or_default(),
        expected_date: expected,
        note: c.optional(9),
    };
    for (col, p) in hubs::check_new_hub(tx, &hub)? {
        c.problem(&col, p);
    }
    if c.count() == before {
        hubs::add_hub(tx, &hub, now)?;
    }
    Ok(())
}

/// A meetings row: number, date, whether held by circulation, and the agenda.
fn meeting_row(tx: &Connection, c: &mut Check<'_>, now: DateTime<Utc>) {
    let number = c.cell(0).parse::<i64>().ok().filter(|n| *n > 0);
    if number.is_none() {
        let msg = format!("'{}' is not a meeting number (1, 2, …)", c.cell(0));
        c.problem("number", msg);
    }
    let held = c.date(1);
    let circulation = match c.cell(2).to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" => Some(true),
        "0" | "false" | "no" | "" => Some(false),
        other => {
            let msg = format!("'{other}' is not true or false");
            c.problem("by_circulation", msg);
            None
        }
    };
    if let (Some(n), Some(d), Some(by_circulation)) = (number, held, circulation) {
        let agenda = c.items(3);
        if let Err(e) = meetings::add_meeting(tx, n, d, by_circulation, &agenda, now) {
            c.problem("number", e);
        }
    }
}

/// A member-count row: platform, date, count and source.
fn members_row(tx: &Connection, c: &mut Check<'_>, now: DateTime<Utc>) {
    let date = c.date(1);
    let members = c.cell(2).parse::<i64>().ok().filter(|n| *n >= 0);
    if members.is_none() {
        let msg = format!("'{}' is not a count (0 or more)", c.cell(2));
        c.problem("members", msg);
    }
    if let (Some(d), Some(n)) = (date, members) {
        let source = c.optional(3);
        let platform = c.cell(0).to_string();
        if let Err(e) = series::record_members(tx, &platform, n, d, source.as_deref(), now) {
            c.problem("platform", e);
        }
    }
}
