//! Import of hubs, meetings and member counts from CSV or an Excel workbook: all rows or none.
//!
//! The whole file is checked and written in one transaction. Any bad row rejects the file, and every
//! problem is listed with its place (a CSV's line and column, a workbook's sheet and cell) and what
//! to do. `--dry-run` checks everything and writes nothing. A workbook's headers may be Japanese
//! (拠点コード, 拠点名, 国, …), its dates Excel dates, ISO text or 和暦 text, and its countries,
//! kinds and statuses their Japanese names, as the form of `tenkai import template` offers them.

use super::accept::{Rules, Text};
use super::{hubs, meetings, series, NewHub};
use crate::dates::parse_date;
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use std::path::Path;

/// What a CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
                "partners",
                "status",
                "effective_date",
                "expected_date",
                "note",
                "source",
            ],
            ImportKind::Meetings => &["number", "held_on", "by_circulation", "agenda", "source"],
            ImportKind::Members => &["platform", "effective_date", "members", "source"],
        }
    }
}

/// The character encoding of a file to import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, or CP932 (Shift_JIS, as Excel in Japan saves CSV) when the file is not UTF-8 but
    /// reads as CP932
    Auto,
    Utf8,
    Cp932,
}

/// How to import.
pub struct ImportOptions<'a> {
    /// Check every row and write nothing.
    pub dry_run: bool,
    pub encoding: Encoding,
    /// What a value must be to be accepted.
    pub rules: Rules<'a>,
}

/// The result of an import.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportSummary {
    pub rows: usize,
    pub written: bool,
    /// The encoding the file was read in: `utf-8` or `cp932`.
    pub encoding: &'static str,
}

/// Imports a CSV file in one transaction. Multi-valued cells (partners, agenda) separate items with `;`.
pub fn import_csv(
    conn: &mut Connection,
    kind: ImportKind,
    path: &Path,
    opts: &ImportOptions<'_>,
    now: DateTime<Utc>,
) -> Result<ImportSummary> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Error::io(format!("cannot read {file}"), e))?;
    let fail = |problems: Vec<String>| Error::Import {
        file: file.clone(),
        problems,
    };
    let (text, encoding) = decode(&bytes, opts.encoding).map_err(|p| fail(vec![p]))?;
    if let Some(line) = unterminated_quote(&text) {
        return Err(fail(vec![format!(
            "line {line}: a quoted field opens here and is never closed, so the lines after it would be read into it; close the quote (a quote inside a field is written twice: \"\")"
        )]));
    }
    let (columns, rows) = read_rows(kind, &text).map_err(fail)?;
    import_rows(conn, kind, &file, columns, rows, opts, now, encoding)
}

/// Checks and writes the rows of a file, in one transaction.
#[allow(clippy::too_many_arguments)]
pub(super) fn import_rows(
    conn: &mut Connection,
    kind: ImportKind,
    file: &str,
    columns: usize,
    mut rows: Vec<Row>,
    opts: &ImportOptions<'_>,
    now: DateTime<Utc>,
    encoding: &'static str,
) -> Result<ImportSummary> {
    let fail = |problems: Vec<String>| Error::Import {
        file: file.to_string(),
        problems,
    };
    let mut problems = Vec::new();
    let tx = conn.transaction()?;
    for row in &mut rows {
        if row.cells.len() != columns {
            problems.push(format!(
                "line {}: {} field(s), expected {} ({})",
                row.line,
                row.cells.len(),
                columns,
                kind.columns()[..columns].join(",")
            ));
            continue;
        }
        // The source column is optional: a file without it reads as if every source were empty.
        row.cells.resize(kind.columns().len(), String::new());
        let mut check = Check {
            kind,
            row,
            problems: &mut problems,
        };
        if kind != ImportKind::Hubs {
            check.text(&opts.rules);
        }
        match kind {
            ImportKind::Hubs => hub_row(&tx, &mut check, &opts.rules, now)?,
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
        written: !opts.dry_run,
        encoding,
    };
    if opts.dry_run {
        tx.rollback()?;
    } else {
        tx.commit()?;
    }
    Ok(summary)
}

/// A data row of the file: its line number (a workbook's row number) and its cells, trimmed.
pub(super) struct Row {
    pub(super) line: u64,
    pub(super) cells: Vec<String>,
    /// The workbook sheet it is on (none for CSV).
    pub(super) sheet: Option<std::rc::Rc<str>>,
}

/// Reads the file's rows after checking its header: the header's number of columns and the
/// rows, or every problem found.
fn read_rows(kind: ImportKind, text: &str) -> std::result::Result<(usize, Vec<Row>), Vec<String>> {
    if text.trim().is_empty() {
        return Err(vec![format!(
            "the file is empty; it needs the header line `{}` and at least one row",
            kind.columns().join(",")
        )]);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            vec![format!(
                "line {line}: not valid CSV ({e}); check the quotes on that line"
            )]
        })?;
        rows.push(Row {
            line: rec.position().map(|p| p.line()).unwrap_or(0),
            cells: rec.iter().map(|c| c.trim().to_string()).collect(),
            sheet: None,
        });
    }
    if rows.is_empty() {
        return Err(vec!["the file has no lines".into()]);
    }
    let mut header = rows.remove(0);
    // The hubs' `partners` column was once called `operators`: a file made then still imports.
    for cell in header
        .cells
        .iter_mut()
        .filter(|c| c.as_str() == "operators")
    {
        *cell = "partners".into();
    }
    check_header(kind, &header.cells)?;
    if rows.is_empty() {
        return Err(vec!["the file has a header but no rows".into()]);
    }
    Ok((header.cells.len(), rows))
}

/// Refuses a header that is not exactly the kind's columns, saying what is missing or extra.
pub(super) fn check_header(
    kind: ImportKind,
    header: &[String],
) -> std::result::Result<(), Vec<String>> {
    let want = kind.columns();
    if header == want || (kind != ImportKind::Members && header == &want[..want.len() - 1]) {
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
        let place = match &self.row.sheet {
            None => format!("line {}, column {col}", self.row.line),
            Some(sheet) => {
                let at = self.kind.columns().iter().position(|c| *c == col);
                let cell = at
                    .map(|c| crate::xlsx::cell_ref(self.row.line as u32 - 1, c as u16))
                    .unwrap_or_default();
                format!("sheet '{sheet}', cell {cell} ({col})")
            }
        };
        self.problems.push(format!("{place}: {msg}"));
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
    /// Checks every cell's text (control characters, length, what the fonts draw).
    fn text(&mut self, rules: &Rules<'_>) {
        for (i, name) in self.kind.columns().iter().enumerate() {
            let kind = if *name == "note" {
                Text::Note
            } else {
                Text::Name
            };
            if let Err(why) = rules.text(&self.row.cells[i], kind) {
                self.problem(name, why);
            }
        }
    }
}

/// The file as text: UTF-8 (a BOM dropped), or CP932 where asked for or where the file is not
/// UTF-8 but reads as CP932.
fn decode(bytes: &[u8], encoding: Encoding) -> std::result::Result<(String, &'static str), String> {
    let cp932 = |bytes: &[u8]| {
        let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(bytes);
        (!bad).then(|| text.into_owned())
    };
    match encoding {
        Encoding::Cp932 => cp932(bytes)
            .map(|t| (t, "cp932"))
            .ok_or_else(|| "the file is not valid CP932 (Shift_JIS); check --encoding".to_string()),
        Encoding::Utf8 | Encoding::Auto => match std::str::from_utf8(bytes) {
            Ok(t) => Ok((t.strip_prefix('\u{feff}').unwrap_or(t).to_string(), "utf-8")),
            Err(e) => {
                if encoding == Encoding::Auto {
                    if let Some(t) = cp932(bytes) {
                        return Ok((t, "cp932"));
                    }
                }
                let line = bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1;
                Err(format!(
                    "line {line}: not UTF-8 (bad byte at offset {}){}; save the file as UTF-8 (Excel: CSV UTF-8), or give --encoding cp932",
                    e.valid_up_to(),
                    if encoding == Encoding::Auto { " nor CP932" } else { "" }
                ))
            }
        },
    }
}

/// The line where a quoted field opens that is never closed, or whose closing quote is followed
/// by more text (RFC 4180: a quote inside a quoted field is doubled).
fn unterminated_quote(text: &str) -> Option<usize> {
    let mut line = 1;
    let mut chars = text.chars().peekable();
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_field_start => {
                let opened = line;
                loop {
                    match chars.next() {
                        None => return Some(opened),
                        Some('\n') => line += 1,
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                        }
                        Some('"') => break,
                        Some(_) => {}
                    }
                }
                match chars.peek() {
                    None | Some(',') | Some('\r') | Some('\n') => {}
                    Some(_) => return Some(opened),
                }
                at_field_start = false;
            }
            ',' => at_field_start = true,
            '\n' => {
                line += 1;
                at_field_start = true;
            }
            _ => at_field_start = false,
        }
    }
    None
}

/// A hubs row: checked as `tenkai hub add` checks a hub, then added with its first status.
fn hub_row(
    tx: &Connection,
    c: &mut Check<'_>,
    rules: &Rules<'_>,
    now: DateTime<Utc>,
) -> Result<()> {
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
        partners: c.items(5),
        status: c.cell(6).to_string(),
        effective_date: effective.unwrap_or_default(),
        expected_date: expected,
        note: c.optional(9),
        date_precision: "day".into(),
        source: c.optional(10),
    };
    for (col, p) in hubs::check_new_hub(tx, &hub, rules)? {
        c.problem(&col, p);
    }
    if c.count() == before {
        hubs::add_hub(tx, &hub, rules, now)?;
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
        let source = c.optional(4);
        if let Err(e) =
            meetings::add_meeting(tx, n, d, by_circulation, &agenda, source.as_deref(), now)
        {
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
        if let Err(e) = series::record_members(tx, &platform, n, d, source.as_deref(), None, now) {
            c.problem("platform", e);
        }
    }
}
