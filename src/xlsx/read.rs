//! A workbook's sheet read for an import, with `calamine`: each cell as the text the import checks
//! (a date cell as `YYYY-MM-DD`, a whole number without a decimal point). What an import must not
//! guess at is refused with the cell and what to do: a merged cell, a formula, an error value, a
//! hidden sheet, a damaged file.
//!
//! The reading is bounded before anything is inflated or allocated. Each part of the zip is
//! checked against a cap on its inflated size, as the zip's central directory declares it (the
//! `zip` crate then refuses to inflate a part past its declared size, so a part that lies about
//! its size fails instead of growing). The sheet is then read cell by cell, never as one
//! rectangle, and a value beyond the row or column cap is refused as soon as it is read.

use calamine::{DataRef, Reader, SheetVisible, Xlsx};
use std::io::{Cursor, Read};

/// The most data rows one import reads (a ministry's update is a few hundred hubs at most).
pub const MAX_IMPORT_ROWS: usize = 100_000;
/// The most columns one import reads (the widest kind has 11).
pub const MAX_IMPORT_COLUMNS: u32 = 32;
/// The largest inflated worksheet part (its XML is read as a stream, not held).
pub const MAX_SHEET_PART: u64 = 256 << 20;
/// The largest inflated shared-strings part (calamine holds every string in memory).
pub const MAX_STRINGS_PART: u64 = 128 << 20;
/// The largest inflated size of any other part of the workbook (styles, relationships, …).
pub const MAX_OTHER_PART: u64 = 32 << 20;
/// How many sheet names a message lists.
const LISTED_SHEETS: usize = 10;

/// A sheet's rows, from its first row (the header): each row's index (0 is row 1) and its cells.
/// Rows without a value are left out.
pub struct SheetRows {
    /// The sheet's name as messages show it (its first 80 characters).
    pub name: String,
    pub rows: Vec<(u32, Vec<String>)>,
}

type Problems = Vec<String>;

fn too_tall(name: &str, rows: u64) -> String {
    format!(
        "sheet '{name}' has {rows} rows; an import takes at most {MAX_IMPORT_ROWS}: split it into smaller workbooks"
    )
}

/// The first characters of a value, for a message: at most 80, with `…` where it is cut.
pub fn quote(value: &str) -> String {
    const MAX: usize = 80;
    match value.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &value[..at]),
        None => value.to_string(),
    }
}

fn damaged(e: impl std::fmt::Display) -> Problems {
    vec![format!(
        "not a readable .xlsx workbook ({}): the file may be cut short or damaged; save it again from Excel as an Excel Workbook (.xlsx)",
        quote(&e.to_string())
    )]
}

/// Refuses a workbook with a part whose inflated size is over its cap, or whose shared strings
/// declare more strings than their part can hold (calamine reserves room for the declared count).
fn check_parts(bytes: &[u8]) -> Result<(), Problems> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut strings = None;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(damaged)?;
        let raw = part.name().map_err(damaged)?.to_string();
        let name = raw.to_ascii_lowercase();
        let (cap, what) = if name.ends_with("sharedstrings.xml") {
            strings = Some(i);
            (MAX_STRINGS_PART, "its shared strings")
        } else if name.contains("worksheets/") {
            (MAX_SHEET_PART, "a sheet")
        } else {
            (MAX_OTHER_PART, "a part")
        };
        if part.size() > cap {
            return Err(vec![format!(
                "the workbook is too large to import: {what} ({}) would take {} MB once unpacked, and an import reads at most {} MB; split the rows into smaller workbooks",
                quote(&raw),
                part.size() >> 20,
                cap >> 20
            )]);
        }
    }
    if let Some(i) = strings {
        let mut part = zip.by_index(i).map_err(damaged)?;
        let size = part.size();
        let mut head = Vec::new();
        (&mut part)
            .take(4096)
            .read_to_end(&mut head)
            .map_err(damaged)?;
        let declared = unique_count(&head);
        // Each string takes at least `<si><t/></si>` (13 bytes) of the part.
        if declared.is_some_and(|n| n > size / 13 + 1) {
            return Err(damaged(format!(
                "its shared strings declare {} strings in {size} bytes",
                declared.unwrap_or_default()
            )));
        }
    }
    Ok(())
}

/// The `uniqueCount` that the start of a shared-strings part declares.
fn unique_count(head: &[u8]) -> Option<u64> {
    let text = String::from_utf8_lossy(head);
    let at = text.find("uniqueCount=")? + "uniqueCount=".len();
    let digits: String = text[at..]
        .chars()
        .skip(1)
        .take_while(|c| c.is_ascii_digit())
        .collect();
    // More digits than a u64 holds is a count no part can hold.
    Some(digits.parse().unwrap_or(u64::MAX))
}

/// Reads a sheet (the named one, or the first) of an `.xlsx` workbook's bytes.
pub fn sheet(bytes: Vec<u8>, wanted: Option<&str>) -> Result<SheetRows, Problems> {
    check_parts(&bytes)?;
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(damaged)?;
    let sheets = book.sheets_metadata().to_vec();
    let chosen = match wanted {
        Some(name) => sheets.iter().find(|s| s.name == name).ok_or_else(|| {
            let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
            vec![format!(
                "the workbook has no sheet named '{}'; {}",
                quote(name),
                sheet_list(&names)
            )]
        })?,
        None => sheets
            .first()
            .ok_or_else(|| vec!["the workbook has no sheet".to_string()])?,
    };
    // A sheet is named in messages by at most 80 characters (Excel allows 31; a made file, more).
    let shown = quote(&chosen.name);
    if chosen.visible != SheetVisible::Visible {
        return Err(vec![format!(
            "sheet '{shown}' is hidden: unhide it in Excel (Format › Hide & Unhide › Unhide Sheet) if it holds the rows, or name the sheet that does with --sheet"
        )]);
    }
    read_sheet(&mut book, &chosen.name)
}

/// Reads every sheet of an `.xlsx` workbook's bytes, in the workbook's order; a hidden sheet is
/// refused by name.
pub fn all_sheets(bytes: Vec<u8>) -> Result<Vec<SheetRows>, Problems> {
    check_parts(&bytes)?;
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(damaged)?;
    let sheets = book.sheets_metadata().to_vec();
    let mut out = Vec::with_capacity(sheets.len());
    for s in &sheets {
        if s.visible != SheetVisible::Visible {
            return Err(vec![format!(
                "sheet '{}' is hidden: unhide it in Excel (Format › Hide & Unhide › Unhide Sheet), or delete it",
                quote(&s.name)
            )]);
        }
        out.push(read_sheet(&mut book, &s.name)?);
    }
    Ok(out)
}

/// Reads one sheet's cells, refusing merged cells.
fn read_sheet(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Result<SheetRows, Problems> {
    let shown = quote(name);
    let mut problems = Vec::new();
    if let Ok(merged) = book.merge_cells_by_sheet_name(name) {
        for m in merged {
            problems.push(format!(
                "sheet '{shown}', cells {}:{} are merged; unmerge them (Home › Merge & Center, cleared) so that each value stands in its own cell",
                super::cell_ref(m.start.0, m.start.1 as u16),
                super::cell_ref(m.end.0, m.end.1 as u16)
            ));
        }
    }
    let rows = cells(book, name, &shown, &mut problems)?;
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(SheetRows { name: shown, rows })
}

/// The sheets named in a message: at most ten, with the count.
fn sheet_list(names: &[&str]) -> String {
    let shown: Vec<String> = names.iter().take(LISTED_SHEETS).map(|n| quote(n)).collect();
    if names.len() > LISTED_SHEETS {
        format!(
            "it has {} sheets, the first {LISTED_SHEETS}: {}, …; give one of its sheets' names with --sheet",
            names.len(),
            shown.join(", ")
        )
    } else {
        format!("its sheets are: {}", shown.join(", "))
    }
}

/// Reads the sheet's cells one by one, in the order the file holds them, refusing a value beyond
/// the caps as soon as it is read. Problems with single cells are collected.
fn cells(
    book: &mut Xlsx<Cursor<Vec<u8>>>,
    sheet: &str,
    name: &str,
    problems: &mut Problems,
) -> Result<Vec<(u32, Vec<String>)>, Problems> {
    let mut reader = book.worksheet_cells_reader(sheet).map_err(|e| {
        vec![format!(
            "cannot read sheet '{name}': {}",
            quote(&e.to_string())
        )]
    })?;
    // The sheet's size as it declares it, before its cells are read.
    let declared = reader.dimensions().end.0 as u64 + 1;
    if declared > MAX_IMPORT_ROWS as u64 + 1 {
        return Err(vec![too_tall(name, declared)]);
    }
    let mut rows: std::collections::BTreeMap<u32, Vec<String>> = Default::default();
    while let Some(cell) = reader.next_cell_with_formula().map_err(|e| {
        vec![format!(
            "cannot read sheet '{name}': {}",
            quote(&e.to_string())
        )]
    })? {
        let (r, c) = cell.pos;
        let formula = cell.formula.filter(|f| !f.is_empty());
        if cell.value == DataRef::Empty && formula.is_none() {
            // A cell that only carries a format.
            continue;
        }
        let at = super::cell_ref(r, c.min(u16::MAX as u32) as u16);
        if r as u64 > MAX_IMPORT_ROWS as u64 {
            return Err(vec![format!(
                "{} (cell {at} holds a value)",
                too_tall(name, r as u64 + 1)
            )]);
        }
        if c >= MAX_IMPORT_COLUMNS {
            return Err(vec![format!(
                "sheet '{name}', cell {at}: a value in column {}, and an import reads at most {MAX_IMPORT_COLUMNS} columns; delete what lies right of the form's columns",
                c + 1
            )]);
        }
        if let Some(f) = formula {
            problems.push(format!(
                "sheet '{name}', cell {at} holds a formula (={}); an import takes values: copy the cells and paste them as values (Paste Special › Values)",
                quote(&f)
            ));
            continue;
        }
        let text = text(&cell.value).unwrap_or_else(|why| {
            problems.push(format!("sheet '{name}', cell {at} {why}"));
            String::new()
        });
        let row = rows.entry(r).or_default();
        if row.len() <= c as usize {
            row.resize(c as usize + 1, String::new());
        }
        row[c as usize] = text;
    }
    Ok(rows.into_iter().collect())
}

/// A cell's value as the text the import checks, or what is wrong with it.
fn text(value: &DataRef<'_>) -> Result<String, String> {
    Ok(match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.trim().to_string(),
        DataRef::SharedString(s) => s.trim().to_string(),
        DataRef::Int(n) => n.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => b.to_string(),
        // A serial below 1 is a time of day alone (Excel shows 10:00 as 1900-01-00 10:00).
        DataRef::DateTime(d) if d.is_datetime() && d.as_f64() < 1.0 => {
            return Err("holds a time of day and no date; write the date".into())
        }
        DataRef::DateTime(d) => match d.as_datetime() {
            Some(t) if d.is_datetime() => t.date().to_string(),
            _ => return Err("holds a duration, not a date; write the date".into()),
        },
        DataRef::DateTimeIso(s) => s.chars().take(10).collect(),
        DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => {
            return Err(format!(
                "holds the error value {e}; correct it in the workbook"
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_keeps_80_characters() {
        assert_eq!(quote("abc"), "abc");
        let long = "あ".repeat(200);
        assert_eq!(quote(&long).chars().count(), 81);
    }

    #[test]
    fn the_declared_count_of_strings_is_read() {
        assert_eq!(
            unique_count(b"<sst count=\"3\" uniqueCount=\"2\">"),
            Some(2)
        );
        assert_eq!(unique_count(b"<sst>"), None);
        assert_eq!(
            unique_count(b"<sst uniqueCount=\"99999999999999999999999\">"),
            Some(u64::MAX)
        );
    }
}
