//! Rows as an Excel workbook (`--format xlsx`), written by `rust_xlsxwriter` in its constant-memory
//! mode: typed cells (numbers are numbers, dates are Excel dates, text is text and never a
//! formula), a bold header row that stays in view, an autofilter, and column widths that fit
//! full-width Japanese text. Nothing reaches the output until the workbook is complete, so a
//! failure (a row past Excel's limit, a text too long for a cell) leaves no half-written file.

use crate::cell::Cell;
use crate::{Error, Result};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::io::{Seek, Write};

/// Excel's limits: rows in a sheet (the header is one), characters in a cell.
pub const MAX_ROWS: u32 = 1_048_576;
pub const MAX_TEXT: usize = 32_767;

/// How dates are shown: as ISO dates, or in 和暦 with Excel's own Japanese-era format (the
/// cells stay dates, which sort and filter as dates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateStyle {
    #[default]
    Iso,
    Wareki,
}

/// How many rows are held back to size the columns before rows go to the sheet (in constant
/// memory mode the widths must be set before the first row is written).
const SAMPLE: usize = 200;

/// A sheet being written.
pub struct Sheet {
    workbook: Workbook,
    columns: Vec<String>,
    widths: Vec<f64>,
    held: Vec<Vec<Cell>>,
    /// Rows written to the sheet (the header is row 0), and the most it takes.
    written: u32,
    max_rows: u32,
    started: bool,
    bold: Format,
    date: Format,
}

fn xlsx_err(e: XlsxError) -> Error {
    Error::Invalid(format!("cannot write the workbook: {e}"))
}

/// A column letter and row number, as Excel names a cell (`B7`).
pub fn cell_ref(row: u32, col: u16) -> String {
    let mut c = col as u32 + 1;
    let mut letters = Vec::new();
    while c > 0 {
        let r = (c - 1) % 26;
        letters.push((b'A' + r as u8) as char);
        c = (c - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

/// Width in Excel's character units: full-width characters count two.
fn text_width(s: &str) -> f64 {
    unicode_width::UnicodeWidthStr::width(s) as f64
}

/// A date in text (`YYYY-MM-DD`), as Excel stores it.
fn as_date(s: &str) -> Option<ExcelDateTime> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year().try_into().ok()?, d.month() as u8, d.day() as u8).ok()
}

impl Sheet {
    pub fn new(columns: Vec<String>, dates: DateStyle) -> Result<Sheet> {
        let mut workbook = Workbook::new();
        workbook
            .add_worksheet_with_constant_memory()
            .map_err(xlsx_err)?;
        let date = match dates {
            DateStyle::Iso => Format::new().set_num_format("yyyy-mm-dd"),
            DateStyle::Wareki => {
                Format::new().set_num_format("[$-ja-JP-x-gannen]ggge\"年\"m\"月\"d\"日\"")
            }
        };
        let widths = columns.iter().map(|c| text_width(c)).collect();
        Ok(Sheet {
            workbook,
            columns,
            widths,
            held: Vec::new(),
            written: 0,
            max_rows: MAX_ROWS,
            started: false,
            bold: Format::new().set_bold(),
            date,
        })
    }

    fn sheet(&mut self) -> Result<&mut Worksheet> {
        self.workbook.worksheet_from_index(0).map_err(xlsx_err)
    }

    /// Adds a row; the first rows are held back until the columns are sized.
    pub fn row(&mut self, cells: Vec<Cell>) -> Result<()> {
        if self.started {
            return self.write(&cells);
        }
        for (w, c) in self.widths.iter_mut().zip(&cells) {
            let shown = match c {
                Cell::Text(t) if as_date(t).is_some() => 11.0,
                Cell::Text(t) => text_width(t),
                other => text_width(&other.display()),
            };
            *w = w.max(shown);
        }
        self.held.push(cells);
        if self.held.len() >= SAMPLE {
            self.start()?;
        }
        Ok(())
    }

    /// Sizes the columns, writes the header, and the rows held back.
    fn start(&mut self) -> Result<()> {
        self.started = true;
        let (columns, widths, bold) =
            (self.columns.clone(), self.widths.clone(), self.bold.clone());
        let sheet = self.sheet()?;
        for (i, w) in widths.iter().enumerate() {
            // Room for the autofilter's button; long texts wrap rather than widen past 60.
            sheet
                .set_column_width(i as u16, (w + 3.0).min(60.0))
                .map_err(xlsx_err)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(xlsx_err)?;
        for (i, c) in columns.iter().enumerate() {
            sheet
                .write_string_with_format(0, i as u16, c, &bold)
                .map_err(xlsx_err)?;
        }
        self.written = 1;
        for cells in std::mem::take(&mut self.held) {
            self.write(&cells)?;
        }
        Ok(())
    }

    fn write(&mut self, cells: &[Cell]) -> Result<()> {
        let row = self.written;
        if row >= self.max_rows {
            return Err(Error::Invalid(format!(
                "the rows do not fit one Excel sheet ({} rows at most, the header included); narrow the query, or use --format csv",
                MAX_ROWS
            )));
        }
        let date = self.date.clone();
        let sheet = self.sheet()?;
        for (col, cell) in cells.iter().enumerate() {
            let col = col as u16;
            let text_cell = |sheet: &mut Worksheet, t: &str| -> Result<()> {
                if t.chars().count() > MAX_TEXT {
                    return Err(Error::Invalid(format!(
                        "cell {} holds {} characters, more than an Excel cell takes ({MAX_TEXT}); use --format csv or json for this output",
                        cell_ref(row, col),
                        t.chars().count()
                    )));
                }
                // A string cell: a text that starts with = stays that text, never a formula.
                sheet.write_string(row, col, t).map_err(xlsx_err)?;
                Ok(())
            };
            match cell {
                Cell::Null => {}
                Cell::Int(i) if i.unsigned_abs() <= 1 << 53 => {
                    sheet.write_number(row, col, *i as f64).map_err(xlsx_err)?;
                }
                // Past 2^53 a number cell would round it: kept exact as text.
                Cell::Int(i) => text_cell(sheet, &i.to_string())?,
                Cell::Real(f) if f.is_finite() => {
                    sheet.write_number(row, col, *f).map_err(xlsx_err)?;
                }
                Cell::Real(f) => text_cell(sheet, &f.to_string())?,
                Cell::Text(t) => match as_date(t) {
                    Some(d) => {
                        sheet
                            .write_datetime_with_format(row, col, &d, &date)
                            .map_err(xlsx_err)?;
                    }
                    None => text_cell(sheet, t)?,
                },
                Cell::Blob(_) => text_cell(sheet, &cell.display())?,
            }
        }
        self.written += 1;
        Ok(())
    }

    /// Completes the workbook (the autofilter over every row) and writes it to `out`.
    pub fn finish(mut self, out: &mut impl Write) -> Result<()> {
        if !self.started {
            self.start()?;
        }
        let (last_row, last_col) = (self.written - 1, self.columns.len().max(1) as u16 - 1);
        self.sheet()?
            .autofilter(0, 0, last_row, last_col)
            .map_err(xlsx_err)?;
        // Assembled in a temporary file, not in memory: a million rows make a large zip.
        let mut tmp = tempfile::tempfile()
            .map_err(|e| Error::io("cannot make a temporary file for the workbook", e))?;
        self.workbook.save_to_writer(&tmp).map_err(xlsx_err)?;
        tmp.rewind()
            .and_then(|_| std::io::copy(&mut tmp, out))
            .map_err(|e| Error::io("cannot write the workbook", e))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_past_the_sheets_limit_are_refused_before_anything_is_written() {
        let mut sheet = Sheet::new(vec!["n".into()], DateStyle::Iso).unwrap();
        sheet.max_rows = 3;
        sheet.started = true;
        sheet.written = 1;
        assert!(sheet.row(vec![Cell::Int(1)]).is_ok());
        assert!(sheet.row(vec![Cell::Int(2)]).is_ok());
        let e = sheet.row(vec![Cell::Int(3)]).unwrap_err().to_string();
        assert!(
            e.contains("do not fit one Excel sheet (1048576 rows at most"),
            "{e}"
        );
    }

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(6, 1), "B7");
        assert_eq!(cell_ref(9, 25), "Z10");
        assert_eq!(cell_ref(0, 26), "AA1");
        assert_eq!(cell_ref(0, 16383), "XFD1");
    }
}
