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
    /// Values offered in a drop-down, another one also accepted (an organisation that is new).
    Suggests(Vec<String>),
    Date,
    /// A date that may give only a month, a year or a fiscal year (typed as text or as a date).
    PartialDate,
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
    forms(&[(sheet, columns)], instructions)
}

/// A form of several data sheets (in order, first), then the lists their drop-downs read, and
/// the instructions with each sheet's columns.
pub fn forms(sheets: &[(&str, &[Column])], instructions: &[&str]) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let heading = Format::new()
        .set_bold()
        .set_background_color(0xE5E7EB)
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    // Each drop-down's column on the lists sheet: (sheet, column of the sheet, its column there).
    let lists: Vec<(usize, usize, usize)> = sheets
        .iter()
        .enumerate()
        .flat_map(|(s, (_, cols))| {
            cols.iter()
                .enumerate()
                .filter(|(_, c)| matches!(c.takes, Takes::OneOf(_) | Takes::Suggests(_)))
                .map(move |(i, _)| (s, i))
        })
        .enumerate()
        .map(|(k, (s, i))| (s, i, k))
        .collect();
    for (s, (name, columns)) in sheets.iter().enumerate() {
        let ws = book.add_worksheet();
        ws.set_name(*name).map_err(err)?;
        let list_of = |i: usize| lists.iter().find(|l| l.0 == s && l.1 == i).map(|l| l.2);
        data_sheet(ws, columns, &heading, &list_of)?;
    }
    {
        let ws = book.add_worksheet();
        ws.set_name("選択肢").map_err(err)?;
        for &(s, i, col) in &lists {
            let (col, c) = (col as u16, &sheets[s].1[i]);
            if let Takes::OneOf(values) | Takes::Suggests(values) = &c.takes {
                let title = if sheets.len() > 1 {
                    format!("{}：{}", sheets[s].0, c.heading)
                } else {
                    c.heading.to_string()
                };
                ws.write_string_with_format(0, col, title, &heading)
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
        let mut lines: Vec<String> = instructions.iter().map(|l| l.to_string()).collect();
        for (name, columns) in sheets {
            if sheets.len() > 1 {
                lines.push(String::new());
                lines.push(format!("シート「{name}」"));
            }
            for c in columns.iter() {
                lines.push(format!("{}（{}）：{}", c.heading, c.name, c.help));
            }
        }
        for (r, line) in lines.iter().enumerate() {
            ws.write_string_with_format(r as u32, 0, line, &wrap)
                .map_err(err)?;
        }
    }
    book.save_to_buffer().map_err(err)
}

/// One data sheet: headings, the row of column names, each column's validation.
fn data_sheet(
    ws: &mut rust_xlsxwriter::Worksheet,
    columns: &[Column],
    heading: &Format,
    list_of: &dyn Fn(usize) -> Option<usize>,
) -> Result<()> {
    let note = Format::new().set_italic().set_font_color(0x4B5563);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (i, c) in columns.iter().enumerate() {
        let col = i as u16;
        let title = if c.required {
            format!("{}（必須）", c.heading)
        } else {
            c.heading.to_string()
        };
        ws.write_string_with_format(0, col, &title, heading)
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
            Takes::OneOf(values) | Takes::Suggests(values) => {
                let letter = cell_ref(0, list_of(i).unwrap_or(0) as u16)
                    .trim_end_matches('1')
                    .to_string();
                let range = format!(
                    "='選択肢'!${letter}$2:${letter}${}",
                    values.len().max(1) + 1
                );
                let mut v = DataValidation::new().allow_list_formula(Formula::new(range));
                if matches!(c.takes, Takes::Suggests(_)) {
                    v = v.set_error_style(rust_xlsxwriter::DataValidationErrorStyle::Information);
                }
                Some(message(v)?)
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
            // A date that may be partial (平成30年5月, FY2018) is typed as text: no date
            // validation, which would refuse it.
            Takes::PartialDate => None,
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
    Ok(())
}
