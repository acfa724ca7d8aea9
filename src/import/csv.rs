//! A CSV file's rows for an import: decoded (UTF-8, or CP932 as Excel in Japan saves CSV), its
//! quotes checked, its header checked, and at most [`MAX_IMPORT_ROWS`] rows read.

use super::{check_header, Encoding, ImportKind, Row};
use crate::xlsx::read::MAX_IMPORT_ROWS;

type Problems = Vec<String>;

/// The rows of a CSV file's bytes after checking its header: the header's number of columns, the
/// rows and the encoding the file was read in; or every problem found.
pub(super) fn rows(
    kind: ImportKind,
    bytes: Vec<u8>,
    encoding: Encoding,
) -> Result<(usize, Vec<Row>, &'static str), Problems> {
    let (text, encoding) = decode(bytes, encoding).map_err(|p| vec![p])?;
    if let Some(line) = unterminated_quote(&text) {
        return Err(vec![format!(
            "line {line}: a quoted field opens here and is never closed, so the lines after it would be read into it; close the quote (a quote inside a field is written twice: \"\")"
        )]);
    }
    let (columns, rows) = read_rows(kind, &text)?;
    Ok((columns, rows, encoding))
}

/// Reads the file's rows after checking its header: the header's number of columns and the
/// rows, or every problem found.
fn read_rows(kind: ImportKind, text: &str) -> Result<(usize, Vec<Row>), Problems> {
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
        // The header and MAX_IMPORT_ROWS rows: one more is refused before it is kept.
        if rows.len() > MAX_IMPORT_ROWS {
            return Err(vec![format!(
                "the file has more than {MAX_IMPORT_ROWS} rows; an import takes at most {MAX_IMPORT_ROWS}: split it into smaller files"
            )]);
        }
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

/// The file as text with its line ends as `\n`: Windows' `\r\n` (Excel's CSV) would otherwise
/// leave the csv reader counting each record's line one short, so that the header check saw the
/// first row as line 1 and every problem was placed a line too early.
pub(super) fn decode(bytes: Vec<u8>, encoding: Encoding) -> Result<(String, &'static str), String> {
    let (text, name) = decode_bytes(bytes, encoding)?;
    if text.contains("\r\n") {
        return Ok((text.replace("\r\n", "\n"), name));
    }
    Ok((text, name))
}

/// The file as text: UTF-8 (a BOM dropped), or CP932 where asked for or where the file is not
/// UTF-8 but reads as CP932. UTF-8 bytes become the text without a copy.
fn decode_bytes(bytes: Vec<u8>, encoding: Encoding) -> Result<(String, &'static str), String> {
    let cp932 = |bytes: &[u8]| {
        let (text, bad) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes);
        (!bad).then(|| text.into_owned())
    };
    // A UTF-16 file (Excel's "Unicode text") says so by its byte order mark.
    if let Some((utf16, bom)) = encoding_rs::Encoding::for_bom(&bytes)
        .filter(|(e, _)| *e == encoding_rs::UTF_16LE || *e == encoding_rs::UTF_16BE)
    {
        let (text, bad) = utf16.decode_without_bom_handling(&bytes[bom..]);
        return match (encoding, bad) {
            (Encoding::Auto, false) => Ok((text.into_owned(), "utf-16")),
            _ => Err(format!(
                "the file is UTF-16 (it starts with UTF-16's byte order mark){}; save it as UTF-8 (Excel: CSV UTF-8), or give --encoding auto",
                if bad { ", and not valid UTF-16" } else { "" }
            )),
        };
    }
    match encoding {
        Encoding::Cp932 => cp932(&bytes)
            .map(|t| (t, "cp932"))
            .ok_or_else(|| "the file is not valid CP932 (Shift_JIS); check --encoding".to_string()),
        Encoding::Utf8 | Encoding::Auto => match String::from_utf8(bytes) {
            Ok(mut t) => {
                if t.starts_with('\u{feff}') {
                    t.drain(..'\u{feff}'.len_utf8());
                }
                Ok((t, "utf-8"))
            }
            Err(e) => {
                let (e, bytes) = (e.utf8_error(), e.into_bytes());
                if encoding == Encoding::Auto {
                    if let Some(t) = cp932(&bytes) {
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
pub(super) fn unterminated_quote(text: &str) -> Option<usize> {
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
