//! Rows out: a terminal table with correct widths for Japanese text, CSV, TSV, JSON, JSON lines,
//! Markdown and an Excel workbook ([`crate::xlsx`]). CSV, TSV, JSON lines and Markdown stream row by
//! row; the table waits for all rows to size its columns; JSON streams an array; the workbook is
//! written in constant memory and reaches the output once complete.
//!
//! Values keep their type: NULL, integer, real, text and blob print distinctly. In CSV, NULL is an empty
//! field and an empty string is `""`; a blob is `\x` followed by hex. In JSON a blob is
//! `{"$blob": "<hex>"}`. A real always shows a decimal point (`1.0`), so it never reads as an integer.
//!
//! The terminal table and Markdown are views for reading: a control character (ESC, BEL, a C1
//! control, a tab), a bidirectional-text control (U+202E, U+2066…) and a byte of text that is not
//! UTF-8 are shown escaped (`\u{1b}`, `\u{202e}`, `\xff`), so that text in the database never
//! drives the terminal or reorders what is shown. CSV, TSV and JSON are data and carry text as
//! stored; JSON holds text as UTF-8, so a byte sequence that is not UTF-8 becomes U+FFFD there,
//! and the writer counts such values ([`RowWriter::replaced`]) for the caller to say so.

use crate::{Error, Result};
use std::io::Write;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Tsv,
    Json,
    Jsonl,
    Markdown,
    /// An Excel workbook: typed cells, real dates (redirect it to a file: `> rows.xlsx`).
    Xlsx,
}

pub use crate::cell::Cell;
use crate::cell::{hex, real_text};

impl Cell {
    fn json(&self) -> serde_json::Value {
        match self {
            Cell::Null => serde_json::Value::Null,
            Cell::Int(i) => (*i).into(),
            Cell::Real(f) => serde_json::Number::from_f64(*f)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            Cell::Text(s) => s.clone().into(),
            Cell::Blob(b) => serde_json::json!({ "$blob": hex(b) }),
        }
    }
    fn csv(&self, sep: char) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Int(i) => i.to_string(),
            Cell::Real(f) => real_text(*f),
            Cell::Blob(b) => format!("\\x{}", hex(b)),
            Cell::Text(s) => {
                if s.is_empty() || s.contains([sep, '"', '\n', '\r']) || s.starts_with("\\x") {
                    format!("\"{}\"", s.replace('"', "\"\""))
                } else {
                    s.clone()
                }
            }
        }
    }
    fn markdown(&self) -> String {
        match self {
            Cell::Null => String::new(),
            other => other.shown().replace('|', "\\|").replace('\n', "<br>"),
        }
    }

    /// The value as a view for reading shows it: [`Cell::display`], with what would act on a
    /// terminal escaped (see [`visible`]).
    fn shown(&self) -> String {
        match self {
            Cell::Text(s) => visible(s.as_bytes()),
            other => other.display(),
        }
    }
}

/// Whether a character acts on a terminal or on the order text is shown in, rather than being
/// shown: a control character other than a line break, and the bidirectional-text controls.
fn acts(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// Text for a view: each character that [`acts`] written as its escape (`\u{1b}`), each byte
/// that is not UTF-8 as `\xff`; the rest as it is.
pub fn visible(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if acts(c) {
                out.extend(c.escape_unicode());
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// A CSV or TSV field of text as stored, quoted where it must be (an empty text, a separator, a
/// quote or a line break in it, or a start that reads as a blob's `\x`).
fn csv_text(out: &mut impl Write, t: &[u8], sep: u8) -> std::io::Result<()> {
    let needs = t.is_empty()
        || t.iter()
            .any(|c| *c == sep || matches!(c, b'"' | b'\n' | b'\r'))
        || t.starts_with(b"\\x");
    if !needs {
        return out.write_all(t);
    }
    out.write_all(b"\"")?;
    for (i, part) in t.split(|c| *c == b'"').enumerate() {
        if i > 0 {
            out.write_all(b"\"\"")?;
        }
        out.write_all(part)?;
    }
    out.write_all(b"\"")
}

/// Text values that JSON could not carry as stored (not UTF-8): how many, and the first one's row
/// (from 1) and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    pub values: u64,
    pub row: u64,
    pub column: String,
}

/// Writes rows in a format, one at a time.
pub struct RowWriter<W: Write> {
    out: W,
    format: Format,
    columns: Vec<String>,
    /// The column names as JSON strings, `"name"`.
    json_keys: Vec<String>,
    buffered: Vec<Vec<Cell>>,
    rows: u64,
    /// The workbook being written, for `Format::Xlsx`.
    sheet: Option<crate::xlsx::Sheet>,
    /// The text values JSON holds with U+FFFD in place of bytes that are not UTF-8.
    replaced: Option<Replaced>,
}

fn io_err(e: std::io::Error) -> Error {
    Error::io("cannot write the output", e)
}

impl<W: Write> RowWriter<W> {
    pub fn new(out: W, format: Format, columns: Vec<String>) -> Result<Self> {
        Self::with_dates(out, format, columns, crate::xlsx::DateStyle::Iso)
    }

    /// A writer whose workbook (`Format::Xlsx`) shows dates in `dates`' style.
    pub fn with_dates(
        out: W,
        format: Format,
        columns: Vec<String>,
        dates: crate::xlsx::DateStyle,
    ) -> Result<Self> {
        let sheet = match format {
            Format::Xlsx => Some(crate::xlsx::Sheet::new(columns.clone(), dates)?),
            _ => None,
        };
        let json_keys = columns
            .iter()
            .map(|c| serde_json::to_string(c).unwrap_or_else(|_| "\"\"".into()))
            .collect();
        let mut w = RowWriter {
            out,
            format,
            columns,
            json_keys,
            buffered: Vec::new(),
            rows: 0,
            sheet,
            replaced: None,
        };
        w.start().map_err(io_err)?;
        Ok(w)
    }

    fn start(&mut self) -> std::io::Result<()> {
        match self.format {
            Format::Csv | Format::Tsv => {
                let sep = if self.format == Format::Csv {
                    ','
                } else {
                    '\t'
                };
                let line: Vec<String> = self
                    .columns
                    .iter()
                    .map(|c| Cell::Text(c.clone()).csv(sep))
                    .collect();
                writeln!(self.out, "{}", line.join(&sep.to_string()))
            }
            Format::Markdown => {
                let h: Vec<String> = self
                    .columns
                    .iter()
                    .map(|c| Cell::Text(c.clone()).markdown())
                    .collect();
                writeln!(self.out, "| {} |", h.join(" | "))?;
                writeln!(self.out, "|{}", "---|".repeat(self.columns.len().max(1)))
            }
            Format::Json => write!(self.out, "["),
            Format::Table | Format::Jsonl | Format::Xlsx => Ok(()),
        }
    }

    /// Writes one row.
    pub fn row(&mut self, cells: Vec<Cell>) -> Result<()> {
        if let Some(sheet) = &mut self.sheet {
            self.rows += 1;
            return sheet.row(cells);
        }
        self.write_row(cells).map_err(io_err)
    }

    fn object(&self, cells: &[Cell]) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for (c, v) in self.columns.iter().zip(cells) {
            map.insert(c.clone(), v.json());
        }
        serde_json::Value::Object(map)
    }

    fn write_row(&mut self, cells: Vec<Cell>) -> std::io::Result<()> {
        self.rows += 1;
        match self.format {
            Format::Table => {
                self.buffered.push(cells);
                Ok(())
            }
            Format::Xlsx => unreachable!("a workbook's rows go to its sheet"),
            Format::Csv | Format::Tsv => {
                let sep = if self.format == Format::Csv {
                    ','
                } else {
                    '\t'
                };
                let line: Vec<String> = cells.iter().map(|c| c.csv(sep)).collect();
                writeln!(self.out, "{}", line.join(&sep.to_string()))
            }
            Format::Markdown => {
                let line: Vec<String> = cells.iter().map(|c| c.markdown()).collect();
                writeln!(self.out, "| {} |", line.join(" | "))
            }
            Format::Json => {
                let obj = self.object(&cells);
                if self.rows > 1 {
                    write!(self.out, ",")?;
                }
                writeln!(self.out)?;
                serde_json::to_writer(&mut self.out, &obj)?;
                Ok(())
            }
            Format::Jsonl => {
                let obj = self.object(&cells);
                serde_json::to_writer(&mut self.out, &obj)?;
                writeln!(self.out)
            }
        }
    }

    /// Writes one row straight from SQLite values, without copying text (CSV, TSV, JSON, JSON lines).
    pub fn row_refs(&mut self, values: &[rusqlite::types::ValueRef<'_>]) -> Result<()> {
        use rusqlite::types::ValueRef;
        match self.format {
            Format::Csv | Format::Tsv | Format::Json | Format::Jsonl => {
                self.write_refs(values).map_err(io_err)
            }
            // A view shows a byte that is not UTF-8 as itself (`\xff`), not as U+FFFD.
            Format::Table | Format::Markdown => self.row(
                values
                    .iter()
                    .map(|v| match v {
                        ValueRef::Text(t) if std::str::from_utf8(t).is_err() => {
                            Cell::Text(visible(t))
                        }
                        v => Cell::from(*v),
                    })
                    .collect(),
            ),
            Format::Xlsx => self.row(values.iter().map(|v| Cell::from(*v)).collect()),
        }
    }

    /// The text values written to JSON with U+FFFD in place of bytes that are not UTF-8, if any.
    pub fn replaced(&self) -> Option<&Replaced> {
        self.replaced.as_ref()
    }

    fn count_replaced(&mut self, column: usize) {
        match &mut self.replaced {
            Some(r) => r.values += 1,
            None => {
                self.replaced = Some(Replaced {
                    values: 1,
                    row: self.rows,
                    column: self.columns.get(column).cloned().unwrap_or_default(),
                })
            }
        }
    }

    fn write_refs(&mut self, values: &[rusqlite::types::ValueRef<'_>]) -> std::io::Result<()> {
        use rusqlite::types::ValueRef;
        self.rows += 1;
        let out = &mut self.out;
        match self.format {
            Format::Csv | Format::Tsv => {
                let sep = if self.format == Format::Csv {
                    b','
                } else {
                    b'\t'
                };
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        out.write_all(&[sep])?;
                    }
                    match v {
                        ValueRef::Null => {}
                        ValueRef::Integer(n) => write!(out, "{n}")?,
                        ValueRef::Real(f) => out.write_all(real_text(*f).as_bytes())?,
                        ValueRef::Blob(b) => write!(out, "\\x{}", hex(b))?,
                        ValueRef::Text(t) => csv_text(out, t, sep)?,
                    }
                }
                out.write_all(b"\n")
            }
            _ => {
                let mut lossy = Vec::new();
                if self.format == Format::Json {
                    out.write_all(if self.rows > 1 { b",\n" } else { b"\n" })?;
                }
                out.write_all(b"{")?;
                for (i, (v, key)) in values.iter().zip(&self.json_keys).enumerate() {
                    if i > 0 {
                        out.write_all(b",")?;
                    }
                    out.write_all(key.as_bytes())?;
                    out.write_all(b":")?;
                    match v {
                        ValueRef::Null => out.write_all(b"null")?,
                        ValueRef::Integer(n) => write!(out, "{n}")?,
                        ValueRef::Real(f) => {
                            serde_json::to_writer(&mut *out, &Cell::Real(*f).json())?
                        }
                        ValueRef::Text(t) => match std::str::from_utf8(t) {
                            Ok(s) => serde_json::to_writer(&mut *out, s)?,
                            Err(_) => {
                                serde_json::to_writer(&mut *out, &String::from_utf8_lossy(t))?;
                                lossy.push(i);
                            }
                        },
                        ValueRef::Blob(b) => write!(out, "{{\"$blob\":\"{}\"}}", hex(b))?,
                    }
                }
                out.write_all(b"}")?;
                if self.format == Format::Jsonl {
                    out.write_all(b"\n")?;
                }
                for i in lossy {
                    self.count_replaced(i);
                }
                Ok(())
            }
        }
    }

    /// Finishes the output and returns the number of rows written.
    pub fn finish(self) -> Result<u64> {
        self.finish_into().map(|(rows, _)| rows)
    }

    /// Finishes the output; the number of rows written and the output, to be closed by its owner
    /// (a file to be put in place once complete).
    pub fn finish_into(mut self) -> Result<(u64, W)> {
        if let Some(sheet) = self.sheet.take() {
            sheet.finish(&mut self.out)?;
        }
        self.end().map_err(io_err)?;
        Ok((self.rows, self.out))
    }

    fn end(&mut self) -> std::io::Result<()> {
        match self.format {
            Format::Json => writeln!(self.out, "{}]", if self.rows > 0 { "\n" } else { "" })?,
            Format::Table => {
                let mut t = comfy_table::Table::new();
                t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
                t.set_content_arrangement(comfy_table::ContentArrangement::Disabled);
                t.set_header(
                    self.columns
                        .iter()
                        .map(|c| comfy_table::Cell::new(visible(c.as_bytes()))),
                );
                for row in &self.buffered {
                    t.add_row(row.iter().map(|c| {
                        let cell = comfy_table::Cell::new(c.shown());
                        if c.is_number() {
                            cell.set_alignment(comfy_table::CellAlignment::Right)
                        } else {
                            cell
                        }
                    }));
                }
                writeln!(self.out, "{t}")?;
            }
            _ => {}
        }
        self.out.flush()
    }
}

/// Writes a whole set of rows.
pub fn write_all<W: Write>(
    out: W,
    format: Format,
    columns: &[&str],
    rows: Vec<Vec<Cell>>,
) -> Result<u64> {
    let mut w = RowWriter::new(out, format, columns.iter().map(|c| c.to_string()).collect())?;
    for r in rows {
        w.row(r)?;
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(format: Format) -> String {
        let mut buf = Vec::new();
        write_all(
            &mut buf,
            format,
            &["名前", "n", "x"],
            vec![
                vec!["病院, \"A\"".into(), Cell::Int(3), Cell::Real(1.0)],
                vec!["".into(), Cell::Null, Cell::Blob(vec![0, 255])],
            ],
        )
        .unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn csv_keeps_types_apart() {
        assert_eq!(
            render(Format::Csv),
            "名前,n,x\n\"病院, \"\"A\"\"\",3,1.0\n\"\",,\\x00ff\n"
        );
    }

    #[test]
    fn json_parses_back() {
        let v: serde_json::Value = serde_json::from_str(&render(Format::Json)).unwrap();
        assert_eq!(v[0]["名前"], "病院, \"A\"");
        assert_eq!(v[0]["x"].as_f64(), Some(1.0));
        assert!(v[0]["x"].is_f64() && v[0]["n"].is_i64());
        assert!(v[1]["n"].is_null());
        assert_eq!(v[1]["x"]["$blob"], "00ff");
    }

    #[test]
    fn views_escape_what_acts_on_a_terminal() {
        assert_eq!(
            visible("a\u{1b}[2J\u{202e}b\nc 日本".as_bytes()),
            "a\\u{1b}[2J\\u{202e}b\nc 日本"
        );
        assert_eq!(visible(b"\xff\xfeA"), "\\xff\\xfeA");
    }

    #[test]
    fn table_aligns_wide_characters() {
        let t = render(Format::Table);
        let widths: Vec<usize> = t
            .lines()
            .map(unicode_width::UnicodeWidthStr::width)
            .collect();
        assert!(widths.iter().all(|w| *w == widths[0]), "{t}");
    }
}
