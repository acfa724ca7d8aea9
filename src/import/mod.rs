//! Import of hubs, meetings and member counts from CSV or an Excel workbook: all rows or none.
//!
//! This layer reads files; the store below it takes typed rows. The file's type is told by its
//! first bytes, whatever its name says. Its rows are read (a CSV file by [`csv`], a workbook's
//! sheet by [`crate::xlsx::read`] and [`workbook`]) within caps on the file's size and its rows,
//! then checked in a read transaction (so a check, and a whole `--dry-run`, never holds the write
//! lock), each problem named with its place (a CSV's line and column, a workbook's sheet and cell)
//! and what to do. Any bad row rejects the file. Only then does an import take the write lock, to
//! write the checked rows in one transaction.

mod check;
mod csv;
mod english;
mod facts;
pub mod names;
mod quarter;
mod workbook;

pub use facts::{FactKind, QUARTER};
pub use quarter::{import_kind, import_quarter, template as facts_template, FactSummary};
pub use workbook::template;

use crate::store::{self, Rules};
use crate::xlsx::read::quote;
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior};
use std::io::Read;
use std::path::Path;
use std::rc::Rc;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Hubs,
    Meetings,
    Members,
    /// Status changes of hubs already recorded.
    HubStatus,
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
            ImportKind::HubStatus => &[
                "hub",
                "status",
                "effective_date",
                "expected_date",
                "note",
                "source",
            ],
        }
    }
}

/// The character encoding of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, or CP932 (Shift_JIS, as Excel in Japan saves CSV) when the file is not UTF-8 but
    /// reads as CP932
    Auto,
    Utf8,
    Cp932,
}

/// What an import reports as it goes, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A pass over the rows begins: "checking" or "writing", and how many rows.
    Start(&'static str, usize),
    /// One more row done.
    Row,
    /// The pass is over.
    Done,
}

/// How to import.
pub struct ImportOptions<'a> {
    /// Check every row and write nothing.
    pub dry_run: bool,
    pub encoding: Encoding,
    /// What a value must be to be accepted.
    pub rules: Rules<'a>,
    /// Called as the rows are checked and written.
    pub progress: &'a dyn Fn(Step),
}

/// The result of an import.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportSummary {
    pub rows: usize,
    pub written: bool,
    /// The encoding the file was read in: `utf-8`, `cp932` or `utf-16`; `xlsx` for a workbook.
    pub encoding: &'static str,
    /// What the import writes (or, in a dry run, would write), one line per row in the user's
    /// terms (see [`names`]).
    pub lines: Vec<String>,
}

/// Text given to a command that takes only UTF-8 (a narrative, a query): the text without the byte
/// order mark that Windows' editors put first, or a refusal as bad usage that names where the
/// bytes stop being UTF-8, the encoding they read as where it is CP932 (Shift_JIS, as Windows saves
/// Japanese text), and how to save them as UTF-8.
pub fn utf8_text(mut bytes: Vec<u8>, what: &str) -> Result<String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let cp932 = !encoding_rs::SHIFT_JIS.decode_without_bom_handling(&bytes).1;
        let reads = if cp932 {
            ", and reads as CP932 (Shift_JIS, as Windows saves Japanese text)"
        } else {
            ""
        };
        Error::Usage(format!(
            "{what} is not UTF-8 text (byte {} is not UTF-8){reads}: save it as UTF-8 (in Notepad, Save As with the encoding UTF-8; or `iconv -f cp932 -t utf-8 FILE > NEW`) and give it again",
            at + 1
        ))
    })
}

/// The largest file an import reads.
pub const MAX_FILE_BYTES: u64 = 128 << 20;

/// What a blank source cell is told: every fact added carries where it is stated, as the CLI's
/// `--source` is required.
pub const SOURCE_MISSING: &str = "is empty: every fact added carries where it is stated, as `--source` does on the command line; write the source here: a document and its page, a press release and its date, or a URL (厚労省報道発表 2018-06-12)";

/// The help of every form's source column: required, as on the command line.
pub const SOURCE_HELP: &str = "出典（必須：文書名と頁、報道発表とその日付、URLなど）。 / Where this is stated (required: a document and page, a press release and its date, a URL).";

/// The mark before a status date whose day the source does not state: "〜2018-03-31" is a
/// status known to hold by that day (precision `unknown`).
pub const UNSTATED: char = '〜';

/// The day of a date marked [`UNSTATED`] (or with a tilde, as a keyboard types it), if marked.
pub fn unstated(cell: &str) -> Option<&str> {
    cell.trim()
        .strip_prefix([UNSTATED, '~', '～'])
        .map(str::trim)
}

/// A data row of the file: its line number (a workbook's row number) and its cells, trimmed.
pub(crate) struct Row {
    pub(crate) line: u64,
    pub(crate) cells: Vec<String>,
    /// The workbook sheet it is on (none for CSV).
    pub(crate) sheet: Option<Rc<str>>,
}

impl Row {
    /// Another line of the same file, named as this file names its places.
    fn place_of(&self, line: u64) -> String {
        match self.sheet {
            None => format!("line {line}"),
            Some(_) => format!("row {line}"),
        }
    }
}

/// Imports a CSV file or a workbook's sheet (`sheet`, or the first): all its rows or none.
pub fn import_file(
    conn: &mut Connection,
    db: &Path,
    kind: ImportKind,
    path: &Path,
    sheet: Option<&str>,
    opts: &ImportOptions<'_>,
    now: DateTime<Utc>,
) -> Result<ImportSummary> {
    let file = path.display().to_string();
    let fail = |problems: Vec<String>| Error::Import {
        file: file.clone(),
        problems,
    };
    let bytes = read_capped(path)?;
    let workbook = is_workbook(path, &bytes).map_err(|p| fail(vec![p]))?;
    // The checks read one snapshot of the database and take no lock that a writer waits for.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
    let (columns, rows, encoding) = if workbook {
        let read = crate::xlsx::read::sheet(bytes, sheet).map_err(fail)?;
        let names = store::code_names(&tx)?;
        let (columns, rows) = workbook::rows(kind, read, &names).map_err(fail)?;
        (columns, rows, "xlsx")
    } else {
        csv::rows(kind, bytes, opts.encoding).map_err(fail)?
    };
    let sheet = rows.first().and_then(|r| r.sheet.clone());
    let items = check_rows(&tx, kind, columns, rows, opts)?.map_err(fail)?;
    drop(tx);
    let summary = ImportSummary {
        rows: items.len(),
        written: !opts.dry_run,
        encoding,
        lines: describe(&items),
    };
    // A clock behind the record would refuse every row alike: said once, and by a dry run too.
    if let Some(why) = store::history::clock_fault(conn) {
        return Err(fail(vec![why]));
    }
    if !opts.dry_run {
        write(conn, db, items, sheet.as_deref(), opts, now)?.map_err(fail)?;
    }
    Ok(summary)
}

/// What the checked rows write, one line each; an organisation that several rows create, once.
fn describe(items: &[Checked]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    items
        .iter()
        .flat_map(|(_, item)| item.describe())
        .filter(|line| seen.insert(line.clone()))
        .collect()
}

/// The file's bytes, refusing one larger than [`MAX_FILE_BYTES`] before reading it all.
pub(super) fn read_capped(path: &Path) -> Result<Vec<u8>> {
    let file = path.display().to_string();
    let f = std::fs::File::open(path).map_err(|e| Error::io(format!("cannot read {file}"), e))?;
    let mut bytes = Vec::new();
    f.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(format!("cannot read {file}"), e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::Import {
            file,
            problems: vec![format!(
                "the file is larger than {} MB, the most an import reads; split the rows into smaller files",
                MAX_FILE_BYTES >> 20
            )],
        });
    }
    Ok(bytes)
}

/// The first bytes of an OLE compound file: an encrypted (password-protected) workbook, or an old
/// `.xls`.
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether the file is a workbook (else CSV), told by its first bytes; a file whose name says
/// otherwise is refused with its real type and what to do.
pub(super) fn is_workbook(path: &Path, bytes: &[u8]) -> std::result::Result<bool, String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match ext.as_str() {
        "xls" => return Err("an .xls workbook (Excel 97–2003) is not read: open it in Excel and save it as an Excel Workbook (.xlsx), then import that".into()),
        "xlsb" => return Err("an .xlsb workbook (Excel Binary Workbook) is not read: open it in Excel and save it as an Excel Workbook (.xlsx), then import that".into()),
        "ods" => return Err("an .ods spreadsheet is not read: save it as an Excel Workbook (.xlsx) (LibreOffice: File › Save As › Excel 2007-365), then import that".into()),
        _ => {}
    }
    if bytes.starts_with(OLE) {
        return Err("the workbook is password-protected (encrypted), or an old .xls saved under another name; remove the password (Excel: File › Info › Protect Workbook › Encrypt with Password, cleared) and save it as .xlsx".into());
    }
    let zip = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06");
    let named_workbook = ext == "xlsx" || ext == "xlsm";
    let name = if ext.is_empty() {
        "without an extension".to_string()
    } else {
        format!("named .{}", quote(&ext))
    };
    match (zip, named_workbook) {
        (true, true) => Ok(true),
        (false, false) => Ok(false),
        (true, false) => Err(format!(
            "this is an Excel workbook (.xlsx), though the file is {name}; rename it to .xlsx and import it again (or save it from Excel as CSV UTF-8)"
        )),
        (false, true) if !bytes.is_empty() && is_text(bytes) => Err(format!(
            "this is a CSV file (text), not an Excel workbook, though the file is {name}; rename it to .csv and import it again (or open it in Excel and save it as an Excel Workbook)"
        )),
        (false, true) => Err("not a readable .xlsx workbook (it does not begin as a workbook does): the file may be empty, cut short or damaged; save it again from Excel as an Excel Workbook (.xlsx)".into()),
    }
}

/// Whether the start of the file reads as text (UTF-8 or CP932, without NUL bytes).
fn is_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    if head.contains(&0) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        // A character cut by the end of the sample is not an error.
        Err(e) if e.error_len().is_none() => true,
        // CP932, allowing for a two-byte character cut by the end of the sample.
        Err(_) => [head, &head[..head.len().saturating_sub(1)]]
            .iter()
            .any(|h| !encoding_rs::SHIFT_JIS.decode_without_bom_handling(h).1),
    }
}

/// A checked row and its line (a workbook's row number).
type Checked = (u64, check::Item);

/// Checks every row: the checked rows with their lines, or every problem found.
fn check_rows(
    conn: &Connection,
    kind: ImportKind,
    columns: usize,
    rows: Vec<Row>,
    opts: &ImportOptions<'_>,
) -> Result<std::result::Result<Vec<Checked>, Vec<String>>> {
    let mut problems = Vec::new();
    let mut items = Vec::with_capacity(rows.len());
    let mut seen = check::Seen::default();
    (opts.progress)(Step::Start("checking", rows.len()));
    for mut row in rows {
        (opts.progress)(Step::Row);
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
        // A file without the source column reads as if every source were empty: each row is
        // refused for it, with what to write.
        row.cells.resize(kind.columns().len(), String::new());
        if let Some(item) = check::row(conn, kind, &row, &opts.rules, &mut seen, &mut problems)? {
            items.push((row.line, item));
        }
    }
    (opts.progress)(Step::Done);
    Ok(if problems.is_empty() {
        Ok(items)
    } else {
        Err(problems)
    })
}

/// Writes the checked rows in one transaction, the only time an import holds the write lock. A
/// row that the database refuses (another writer added its key since the check) rejects them all.
fn write(
    conn: &mut Connection,
    db: &Path,
    items: Vec<Checked>,
    sheet: Option<&str>,
    opts: &ImportOptions<'_>,
    now: DateTime<Utc>,
) -> Result<std::result::Result<(), Vec<String>>> {
    use check::Item;
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| store::explain_busy(e, db))?;
    let mut problems = Vec::new();
    (opts.progress)(Step::Start("writing", items.len()));
    for (line, item) in items {
        (opts.progress)(Step::Row);
        let done = match item {
            Item::Hub(hub, _) => store::add_hub(&tx, &hub, &opts.rules, now),
            Item::Status(st) => st.write(&tx, &opts.rules, now),
            Item::Meeting {
                number,
                held_on,
                by_circulation,
                agenda,
                source,
            } => store::add_meeting(
                &tx,
                number,
                held_on,
                by_circulation,
                &agenda,
                source.as_deref(),
                now,
            ),
            Item::Members {
                platform,
                effective,
                members,
                source,
            } => store::record_members(
                &tx,
                &platform,
                members,
                effective,
                source.as_deref(),
                None,
                now,
            ),
        };
        if let Err(e) = done {
            problems.push(match sheet {
                None => format!("line {line}: {e}"),
                Some(sheet) => format!("sheet '{sheet}', row {line}: {e}"),
            });
        }
    }
    (opts.progress)(Step::Done);
    if !problems.is_empty() {
        tx.rollback()?;
        return Ok(Err(problems));
    }
    tx.commit()?;
    Ok(Ok(()))
}

/// Refuses a header that is not exactly the kind's columns, saying what is missing or extra.
fn check_header(kind: ImportKind, header: &[String]) -> std::result::Result<(), Vec<String>> {
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
        p += &format!(
            "; unknown column(s): {}",
            extra
                .iter()
                .map(|e| quote(e))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if missing.is_empty() && extra.is_empty() {
        p += "; the columns are in another order";
    }
    Err(vec![p])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_a_workbook_by_its_first_bytes_whatever_its_name() {
        let zip = b"PK\x03\x04rest".as_slice();
        let csv = "code,name_ja\nH1,拠点\n".as_bytes();
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("code,name_ja\nH1,拠点\n");
        assert_eq!(is_workbook(Path::new("a.xlsx"), zip), Ok(true));
        assert_eq!(is_workbook(Path::new("a.csv"), csv), Ok(false));
        assert!(is_workbook(Path::new("a.csv"), zip)
            .unwrap_err()
            .starts_with("this is an Excel workbook"));
        for text in [csv, &sjis[..], &sjis[..sjis.len() - 3]] {
            assert!(is_workbook(Path::new("a.XLSX"), text)
                .unwrap_err()
                .starts_with("this is a CSV file"));
        }
        assert!(is_workbook(Path::new("a.xlsx"), b"\0\x01\x02")
            .unwrap_err()
            .contains("cut short or damaged"));
    }
}
