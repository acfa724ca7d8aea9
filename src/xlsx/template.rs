//! The empty form that `tenkai import template` writes for a ministry to fill in and send back: the
//! import's columns headed in Japanese with their English names in a note row below, drop-down
//! lists for the columns that take a known value (from the database: countries, kinds, statuses),
//! date validation for date columns, and a sheet of instructions. Filled in, it imports unchanged:
//! the import skips the note row and reads the names the lists offer.

use super::cell_ref;
use crate::{Error, Result};
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, ExcelDateTime, Format, Formula, Workbook, XlsxError,
};

/// What a column takes, for its validation.
pub enum Takes {
    Text,
    /// One of these values (the drop-down list).
    OneOf(Vec<String>),
    Date,
    WholeNumber,
    TrueFalse,
}

/// A column of the form.
pub struct Column {
    /// The import's name for it (`code`), written in the note row.
    pub name: &'static str,
    /// Its heading (拠点コード).
    pub heading: &'static str,
    pub required: bool,
    pub takes: Takes,
    /// What to write, for the input message and the instructions (in Japanese, then English).
    pub help: &'static str,
}

/// The rows of the form that carry validation (a ministry's update fits well within them).
const FORM_ROWS: u32 = 1000;

fn err(e: XlsxError) -> Error {
    Error::Invalid(format!("cannot write the form: {e}"))
}

/// The form as workbook bytes: the data sheet (`sheet`, first, the one an import reads), the
/// lists its drop-downs read, and the instructions.
pub fn form(sheet: &str, columns: &[Column], instructions: &[&str]) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let heading = Format::new()
        .set_bold()
        .set_background_color(0xE5E7EB)
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let note = Format::new().set_italic().set_font_color(0x4B5563);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    // Where each drop-down's values stand on the lists sheet: (column of the form, its column
    // there).
    let lists: Vec<(usize, usize)> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.takes, Takes::OneOf(_)))
        .enumerate()
        .map(|(k, (i, _))| (i, k))
        .collect();
    {
        let ws = book.add_worksheet();
        ws.set_name(sheet).map_err(err)?;
        for (i, c) in columns.iter().enumerate() {
            let col = i as u16;
            let title = if c.required {
                format!("{}（必須）", c.heading)
            } else {
                c.heading.to_string()
            };
            ws.write_string_with_format(0, col, &title, &heading)
                .map_err(err)?;
            ws.write_string_with_format(1, col, c.name, &note)
                .map_err(err)?;
            let width = unicode_width::UnicodeWidthStr::width(title.as_str()).max(12) as f64 + 4.0;
            ws.set_column_width(col, width).map_err(err)?;
            let message = |v: DataValidation| -> Result<DataValidation> {
                v.set_input_title(c.heading)
                    .and_then(|v| v.set_input_message(c.help))
                    .map_err(err)
            };
            let validation = match &c.takes {
                Takes::Text => None,
                Takes::OneOf(values) => {
                    let list_col = lists
                        .iter()
                        .find(|(k, _)| *k == i)
                        .map(|l| l.1)
                        .unwrap_or(0);
                    let letter = cell_ref(0, list_col as u16)
                        .trim_end_matches('1')
                        .to_string();
                    let range = format!(
                        "='選択肢'!${letter}$2:${letter}${}",
                        values.len().max(1) + 1
                    );
                    Some(message(
                        DataValidation::new().allow_list_formula(Formula::new(range)),
                    )?)
                }
                Takes::Date => {
                    ws.set_column_format(col, &date).map_err(err)?;
                    let (from, to) = (
                        ExcelDateTime::from_ymd(1900, 1, 1).map_err(err)?,
                        ExcelDateTime::from_ymd(2100, 12, 31).map_err(err)?,
                    );
                    Some(message(
                        DataValidation::new().allow_date(DataValidationRule::Between(from, to)),
                    )?)
                }
                Takes::WholeNumber => Some(message(
                    DataValidation::new()
                        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)),
                )?),
                Takes::TrueFalse => Some(message(
                    DataValidation::new()
                        .allow_list_strings(&["true", "false"])
                        .map_err(err)?,
                )?),
            };
            if let Some(v) = validation {
                ws.add_data_validation(2, col, FORM_ROWS + 1, col, &v)
                    .map_err(err)?;
            }
        }
        ws.set_freeze_panes(2, 0).map_err(err)?;
    }
    {
        let ws = book.add_worksheet();
        ws.set_name("選択肢").map_err(err)?;
        for &(i, col) in &lists {
            let (col, c) = (col as u16, &columns[i]);
            if let Takes::OneOf(values) = &c.takes {
                ws.write_string_with_format(0, col, c.heading, &heading)
                    .map_err(err)?;
                for (r, v) in values.iter().enumerate() {
                    ws.write_string(r as u32 + 1, col, v).map_err(err)?;
                }
                ws.set_column_width(col, 24).map_err(err)?;
            }
        }
    }
    {
        let ws = book.add_worksheet();
        ws.set_name("説明").map_err(err)?;
        ws.set_column_width(0, 110).map_err(err)?;
        let wrap = Format::new().set_text_wrap();
        for (r, line) in instructions.iter().enumerate() {
            ws.write_string_with_format(r as u32, 0, *line, &wrap)
                .map_err(err)?;
        }
        let after = instructions.len() as u32 + 1;
        for (r, c) in (after..).zip(columns) {
            let line = format!("{}（{}）：{}", c.heading, c.name, c.help);
            ws.write_string_with_format(r, 0, line, &wrap)
                .map_err(err)?;
        }
    }
    book.save_to_buffer().map_err(err)
}
