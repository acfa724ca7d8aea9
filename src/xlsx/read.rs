//! A workbook's sheet read for an import, with `calamine`: each cell as the text the import checks
//! (a date cell as `YYYY-MM-DD`, a whole number without a decimal point). What an import must not
//! guess at is refused with the cell and what to do: a merged cell, a formula, an error value, a
//! hidden sheet, an encrypted, old-format or damaged file.

use calamine::{open_workbook, Data, Reader, SheetVisible, Xlsx};
use std::path::Path;

/// The most data rows one import reads (a ministry's update is a few hundred hubs at most).
pub const MAX_IMPORT_ROWS: usize = 100_000;

/// A sheet's rows, from its first row (the header): each row's index (0 is row 1) and its cells.
pub struct SheetRows {
    pub name: String,
    pub rows: Vec<(u32, Vec<String>)>,
}

type Problems = Vec<String>;

fn too_tall(name: &str, rows: usize) -> String {
    format!(
        "sheet '{name}' has {rows} rows; an import takes at most {MAX_IMPORT_ROWS}: split it into smaller workbooks"
    )
}

/// The first bytes of an OLE compound file: an encrypted (password-protected) workbook, or an old
/// `.xls`.
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads a sheet (the named one, or the first) of an `.xlsx` workbook.
pub fn sheet(path: &Path, wanted: Option<&str>) -> Result<SheetRows, Problems> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match ext.as_str() {
        "xls" => return Err(vec!["an .xls workbook (Excel 97–2003) is not read: open it in Excel and save it as an Excel Workbook (.xlsx), then import that".into()]),
        "ods" => return Err(vec!["an .ods spreadsheet is not read: save it as an Excel Workbook (.xlsx) (LibreOffice: File › Save As › Excel 2007-365), then import that".into()]),
        _ => {}
    }
    let head = std::fs::File::open(path)
        .and_then(|mut f| {
            let mut b = [0u8; 8];
            std::io::Read::read(&mut f, &mut b).map(|n| b[..n].to_vec())
        })
        .map_err(|e| vec![format!("cannot read the file: {e}")])?;
    if head.starts_with(OLE) {
        return Err(vec!["the workbook is password-protected (encrypted), or an old .xls saved under another name; remove the password (Excel: File › Info › Protect Workbook › Encrypt with Password, cleared) and save it as .xlsx".into()]);
    }
    let mut book: Xlsx<_> = open_workbook(path).map_err(|e| {
        vec![format!(
            "not a readable .xlsx workbook ({e}): the file may be cut short or damaged; save it again from Excel as an Excel Workbook (.xlsx)"
        )]
    })?;
    let sheets = book.sheets_metadata().to_vec();
    let chosen = match wanted {
        Some(name) => sheets.iter().find(|s| s.name == name).ok_or_else(|| {
            vec![format!(
                "the workbook has no sheet named '{name}'; its sheets are: {}",
                sheets
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )]
        })?,
        None => sheets
            .first()
            .ok_or_else(|| vec!["the workbook has no sheet".to_string()])?,
    };
    if chosen.visible != SheetVisible::Visible {
        return Err(vec![format!(
            "sheet '{}' is hidden: unhide it in Excel (Format › Hide & Unhide › Unhide Sheet) if it holds the rows, or name the sheet that does with --sheet",
            chosen.name
        )]);
    }
    let name = chosen.name.clone();
    // The sheet's size as it declares it, before its cells are read into memory.
    if let Ok(reader) = book.worksheet_cells_reader(&name) {
        let rows = reader.dimensions().end.0 as usize + 1;
        if rows > MAX_IMPORT_ROWS + 1 {
            return Err(vec![too_tall(&name, rows)]);
        }
    }
    let range = book
        .worksheet_range(&name)
        .map_err(|e| vec![format!("cannot read sheet '{name}': {e}")])?;
    let mut problems = Vec::new();
    if let Ok(merged) = book.merge_cells_by_sheet_name(&name) {
        for m in merged {
            problems.push(format!(
                "sheet '{name}', cells {}:{} are merged; unmerge them (Home › Merge & Center, cleared) so that each value stands in its own cell",
                super::cell_ref(m.start.0, m.start.1 as u16),
                super::cell_ref(m.end.0, m.end.1 as u16)
            ));
        }
    }
    if let Ok(formulas) = book.worksheet_formula(&name) {
        let (r0, c0) = formulas.start().unwrap_or((0, 0));
        for (r, c, f) in formulas.used_cells() {
            if !f.is_empty() {
                problems.push(format!(
                    "sheet '{name}', cell {} holds a formula (={f}); an import takes values: copy the cells and paste them as values (Paste Special › Values)",
                    super::cell_ref(r0 + r as u32, (c0 + c as u32) as u16)
                ));
            }
        }
    }
    if range.height() > MAX_IMPORT_ROWS + 1 {
        problems.push(too_tall(&name, range.height()));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::with_capacity(range.height());
    for (i, row) in range.rows().enumerate() {
        let r = r0 + i as u32;
        // Columns before the first used one are empty.
        let mut cells = vec![String::new(); c0 as usize];
        for (j, cell) in row.iter().enumerate() {
            let at = || super::cell_ref(r, (c0 as usize + j) as u16);
            cells.push(match cell {
                Data::Empty => String::new(),
                Data::String(s) => s.trim().to_string(),
                Data::Int(n) => n.to_string(),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                Data::Float(f) => f.to_string(),
                Data::Bool(b) => b.to_string(),
                Data::DateTime(d) => match d.as_datetime() {
                    Some(t) if d.is_datetime() => t.date().to_string(),
                    _ => {
                        problems.push(format!(
                            "sheet '{name}', cell {} holds a duration, not a date; write the date",
                            at()
                        ));
                        String::new()
                    }
                },
                Data::DateTimeIso(s) => s.chars().take(10).collect(),
                Data::DurationIso(s) => s.clone(),
                Data::Error(e) => {
                    problems.push(format!(
                        "sheet '{name}', cell {} holds the error value {e}; correct it in the workbook",
                        at()
                    ));
                    String::new()
                }
            });
        }
        rows.push((r, cells));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(SheetRows { name, rows })
}
