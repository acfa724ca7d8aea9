//! Reading a file of facts (one kind from CSV or a sheet; every kind from the quarter workbook),
//! checking every row in a read transaction, and writing them all in one write transaction; and
//! the forms to fill in.

use super::facts::{english_of, fact, Col, FactKind, Line, Reader, Ty, ENGLISH_OF, QUARTER};
use super::{csv, is_workbook, read_capped, Encoding, ImportOptions, Step};
use crate::store::codes::Codes;
use crate::store::facts::{self, Fact, Seen};
use crate::xlsx::read::{quote, SheetRows};
use crate::xlsx::template::{Column, Takes};
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;

/// What an import of facts did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FactSummary {
    pub rows: usize,
    pub written: bool,
    /// The rows of each kind, by the kind's sheet name.
    pub kinds: Vec<(&'static str, usize)>,
    /// For a dry run: each row and what it would record, in words.
    pub described: Vec<String>,
}

type Problems = Vec<String>;

/// The names the header cells give: a column's name, or its Japanese heading (with （必須）).
fn header_names(kind: FactKind, cells: &[String]) -> Vec<String> {
    let cols = kind.columns();
    let mut names: Vec<String> = cells
        .iter()
        .map(|c| {
            let c = c.trim().trim_end_matches("（必須）");
            cols.iter()
                .find(|col| col.1 == c)
                .map(|col| col.0.to_string())
                .unwrap_or_else(|| c.to_string())
        })
        .collect();
    while names.last().is_some_and(|c| c.is_empty()) {
        names.pop();
    }
    names
}

/// Checks a header against the kind's columns; a sheet in another layout is refused by name,
/// with the form to write (`form`: the kind's own, or `quarter` for a sheet of the quarter form).
fn check_header(
    kind: FactKind,
    names: &[String],
    at: &str,
    form: &str,
) -> std::result::Result<(), String> {
    let want: Vec<&str> = kind.columns().iter().map(|c| c.0).collect();
    // A form of before the English columns is read as if they were blank.
    let english = |c: &&str| ENGLISH_OF.iter().any(|(en, _)| en == c);
    let older: Vec<&str> = want.iter().copied().filter(|c| !english(c)).collect();
    if names == want.as_slice() || names == older.as_slice() {
        return Ok(());
    }
    let missing: Vec<&str> = want
        .iter()
        .copied()
        .filter(|w| !names.iter().any(|n| n == w))
        .collect();
    let extra: Vec<String> = names
        .iter()
        .filter(|n| !want.contains(&n.as_str()))
        .map(|n| quote(n))
        .collect();
    let mut msg = format!(
        "{at} is not in this version's layout for {}: its columns must be `{}`",
        kind.names().1,
        want.join(",")
    );
    if !missing.is_empty() {
        msg += &format!("; missing: {}", missing.join(", "));
    }
    if !extra.is_empty() {
        msg += &format!("; unknown: {}", extra.join(", "));
    }
    if missing.is_empty() && extra.is_empty() {
        msg += "; the columns are in another order";
    }
    msg += &format!(". Write a new form with `tenkai import template {form} --out {form}.xlsx` and copy the rows into it");
    Err(msg)
}

/// A sheet's data rows as lines of a kind (blank rows and the form's row of names left out).
fn sheet_lines(
    kind: FactKind,
    sheet: SheetRows,
    form: &str,
) -> std::result::Result<Vec<Line>, Problems> {
    let name = sheet.name;
    let mut rows = sheet.rows.into_iter();
    let Some((_, header)) = rows.next() else {
        return Ok(vec![]);
    };
    let names = header_names(kind, &header);
    check_header(kind, &names, &format!("sheet '{name}'"), form).map_err(|m| vec![m])?;
    let width = names.len();
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for (r, mut cells) in rows {
        if cells.iter().all(|c| c.is_empty())
            || cells[..width.min(cells.len())] == names[..width.min(cells.len())]
        {
            continue;
        }
        if let Some(extra) = cells.iter().skip(width).position(|c| !c.is_empty()) {
            problems.push(format!(
                "sheet '{name}', cell {}: a value right of the last column; delete it or move it into its column",
                crate::xlsx::cell_ref(r, (width + extra) as u16)
            ));
            continue;
        }
        cells.resize(width, String::new());
        lines.push(Line {
            line: r as u64 + 1,
            sheet: Some(name.clone()),
            cells,
        });
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems)
    }
}

/// A CSV file's data rows as lines of a kind.
fn csv_lines(
    kind: FactKind,
    bytes: Vec<u8>,
    encoding: Encoding,
) -> std::result::Result<Vec<Line>, Problems> {
    let (text, _) = csv::decode(bytes, encoding).map_err(|p| vec![p])?;
    if let Some(line) = csv::unterminated_quote(&text) {
        return Err(vec![format!("line {line}: a quoted field opens here and is never closed; close the quote (a quote inside a field is written twice: \"\")")]);
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = Vec::new();
    let mut width = 0;
    for rec in reader.records() {
        if lines.len() > crate::xlsx::read::MAX_IMPORT_ROWS {
            return Err(vec![format!(
                "the file has more than {} rows; split it into smaller files",
                crate::xlsx::read::MAX_IMPORT_ROWS
            )]);
        }
        let rec = rec.map_err(|e| {
            vec![format!(
                "line {}: not valid CSV ({e}); check the quotes on that line",
                e.position().map_or(0, |p| p.line())
            )]
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        let cells: Vec<String> = rec.iter().map(|c| c.trim().to_string()).collect();
        if line == 1 {
            let names = header_names(kind, &cells);
            check_header(kind, &names, "line 1", kind.names().0).map_err(|m| vec![m])?;
            width = names.len();
            continue;
        }
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        if cells.len() != width {
            return Err(vec![format!(
                "line {line}: {} field(s), expected {width}",
                cells.len()
            )]);
        }
        lines.push(Line {
            line,
            sheet: None,
            cells,
        });
    }
    if width == 0 {
        return Err(vec![
            "the file is empty; it needs its header line and at least one row".into(),
        ]);
    }
    Ok(lines)
}

/// The error of a refused file: its problems, each with its place.
fn failure(path: &Path) -> impl Fn(Problems) -> Error {
    let file = path.display().to_string();
    move |problems| Error::Import {
        file: file.clone(),
        problems,
    }
}

/// A file's bytes, and whether it is a workbook (else CSV).
fn opened(path: &Path) -> Result<(Vec<u8>, bool)> {
    let bytes = read_capped(path)?;
    let workbook = is_workbook(path, &bytes).map_err(|p| failure(path)(vec![p]))?;
    Ok((bytes, workbook))
}

/// Imports one kind from a CSV file or a workbook's sheet (`sheet`, or the one named for the
/// kind, or the first): all rows or none.
pub fn import_kind(
    conn: &mut Connection,
    db: &Path,
    kind: FactKind,
    path: &Path,
    sheet: Option<&str>,
    opts: &ImportOptions<'_>,
    now: DateTime<Utc>,
) -> Result<FactSummary> {
    let fail = failure(path);
    let (bytes, workbook) = opened(path)?;
    let lines = if workbook {
        // The sheet named, else the kind's own sheet (its form's), else the first.
        let read = crate::xlsx::read::sheet;
        let chosen = match read(bytes.clone(), Some(sheet.unwrap_or(kind.names().1))) {
            Ok(s) => s,
            Err(_) if sheet.is_none() => read(bytes, None).map_err(&fail)?,
            Err(p) => return Err(fail(p)),
        };
        sheet_lines(kind, chosen, kind.names().0).map_err(&fail)?
    } else {
        csv_lines(kind, bytes, opts.encoding).map_err(&fail)?
    };
    run(conn, db, vec![(kind, lines)], opts, now)?.map_err(&fail)
}

/// Imports every sheet of the quarter workbook in one transaction: all rows or none.
pub fn import_quarter(
    conn: &mut Connection,
    db: &Path,
    path: &Path,
    opts: &ImportOptions<'_>,
    now: DateTime<Utc>,
) -> Result<FactSummary> {
    let fail = failure(path);
    let form = "the quarter form is a workbook (.xlsx); write one with `tenkai import template quarter --out Q.xlsx` and copy the rows into it; a CSV file imports one kind of fact at a time (`tenkai import agreements FILE.csv`, see `tenkai import --help`)";
    let bytes = read_capped(path)?;
    let workbook = match is_workbook(path, &bytes) {
        Ok(workbook) => workbook,
        // A CSV file named .xlsx: renamed to .csv, it still is not the quarter form.
        Err(why) if why.starts_with("this is a CSV file") => {
            let what = why.split(';').next().unwrap_or(&why);
            return Err(fail(vec![format!("{what}: {form}")]));
        }
        Err(why) => return Err(fail(vec![why])),
    };
    if !workbook {
        return Err(fail(vec![form.into()]));
    }
    let mut by_kind: Vec<(FactKind, Vec<Line>)> = QUARTER.iter().map(|k| (*k, vec![])).collect();
    let mut problems = Vec::new();
    let sheets = crate::xlsx::read::all_sheets(bytes).map_err(&fail)?;
    // A form `import template quarter` wrote (it has 説明 and 選択肢) holds every kind's sheet: one
    // missing was deleted, or the form is of an older version. A workbook made by other means
    // holds the sheets of the kinds it has.
    let form = sheets
        .iter()
        .any(|s| matches!(s.name.as_str(), "選択肢" | "説明"));
    for kind in QUARTER.iter().filter(|_| form) {
        let name = kind.names().1;
        if !sheets.iter().any(|s| s.name == name) {
            problems.push(format!("sheet '{name}' is missing: the workbook is not this version's quarter form. Write a new form with `tenkai import template quarter --out Q.xlsx` and copy the rows into it"));
        }
    }
    for sheet in sheets {
        if matches!(sheet.name.as_str(), "選択肢" | "説明") {
            continue;
        }
        let Some(slot) = by_kind.iter_mut().find(|(k, _)| k.names().1 == sheet.name) else {
            let known: Vec<&str> = QUARTER.iter().map(|k| k.names().1).collect();
            problems.push(format!("sheet '{}' is not a sheet of the quarter form (its sheets are {}); rename it, or move its rows into the sheet of their kind", sheet.name, known.join(", ")));
            continue;
        };
        match sheet_lines(slot.0, sheet, "quarter") {
            Ok(lines) => slot.1 = lines,
            Err(p) => problems.extend(p),
        }
    }
    if !problems.is_empty() {
        return Err(fail(problems));
    }
    run(conn, db, by_kind, opts, now)?.map_err(&fail)
}

/// A problem of a fact's field, placed at its cell (or the row, for a field without a column).
fn placed(kind: FactKind, line: &Line, field: &str, msg: &str) -> String {
    let cols = kind.columns();
    let field = if field == "effective_date" {
        "date"
    } else {
        field
    };
    match cols.iter().position(|c| c.0 == field) {
        Some(i) => format!("{}: {msg}", line.cell_place(i, field)),
        None => format!("{}: {field}: {msg}", line.place()),
    }
}

/// Checks every line, then (unless a dry run) writes every fact in one transaction.
fn run(
    conn: &mut Connection,
    db: &Path,
    batches: Vec<(FactKind, Vec<Line>)>,
    opts: &ImportOptions<'_>,
    now: DateTime<Utc>,
) -> Result<std::result::Result<FactSummary, Problems>> {
    let total: usize = batches.iter().map(|b| b.1.len()).sum();
    if total == 0 {
        return Ok(Err(vec![
            "no rows to import: every sheet (or the file) is empty below its header".into(),
        ]));
    }
    let checked = match check_all(conn, &batches, opts)? {
        Ok(checked) => checked,
        Err(problems) => return Ok(Err(problems)),
    };
    let summary = FactSummary {
        rows: checked.facts.len(),
        written: !opts.dry_run,
        kinds: batches
            .iter()
            .filter(|(_, lines)| !lines.is_empty())
            .map(|(kind, lines)| (kind.names().1, lines.len()))
            .collect(),
        described: checked.described,
    };
    // A dry run writes too, and rolls back: the rows' checks against one another (a status
    // dated before one of the same workbook, say) are those of the real import. It writes to a
    // private copy, so that it never holds the database's write lock.
    let written = if opts.dry_run {
        let (_copy_dir, mut copy) = crate::store::scratch_copy(conn)?;
        write_all(&mut copy, db, &checked.facts, opts, now)?
    } else {
        write_all(conn, db, &checked.facts, opts, now)?
    };
    Ok(written.map(|()| summary))
}

/// The facts of every line, checked, each with its place; and, for a dry run, what each writes.
struct Checked<'a> {
    facts: Vec<(FactKind, &'a Line, Fact)>,
    described: Vec<String>,
}

/// Checks every line in one read transaction: the facts, or every problem found.
fn check_all<'a>(
    conn: &mut Connection,
    batches: &'a [(FactKind, Vec<Line>)],
    opts: &ImportOptions<'_>,
) -> Result<std::result::Result<Checked<'a>, Problems>> {
    let total: usize = batches.iter().map(|b| b.1.len()).sum();
    let mut problems = Vec::new();
    let mut out = Checked {
        facts: Vec::with_capacity(total),
        described: Vec::new(),
    };
    let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
    let codes = Codes::load(&tx)?;
    let mut seen = Seen::default();
    let mut listed = Listed::default();
    let mut english = super::english::FileEnglish::load(&tx)?;
    (opts.progress)(Step::Start("checking", total));
    for (kind, lines) in batches {
        for line in lines {
            (opts.progress)(Step::Row);
            problems.extend(english.check(*kind, line, &opts.rules));
            let mut r = Reader {
                cols: kind.columns(),
                line,
                codes: &codes,
                problems: &mut problems,
            };
            let Some(mut f) = fact(*kind, &mut r) else {
                continue;
            };
            listed.note(&mut f);
            for p in facts::check(&tx, &f, &opts.rules, &mut seen, &line.place())? {
                problems.push(placed(*kind, line, &p.field, &p.message));
            }
            if opts.dry_run && problems.is_empty() {
                for said in described(&tx, &f, &codes, &opts.rules)? {
                    out.described.push(format!("{}：{said}", line.place_ja()));
                }
            }
            out.facts.push((*kind, line, f));
        }
    }
    (opts.progress)(Step::Done);
    Ok(if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    })
}

/// Writes the checked facts in one transaction, the only time the import holds the write lock; a
/// fact the database refuses (another writer came between, or a row that an earlier row of the
/// workbook makes wrong) rejects them all. A dry run rolls the writes back.
fn write_all(
    conn: &mut Connection,
    db: &Path,
    checked: &[(FactKind, &Line, Fact)],
    opts: &ImportOptions<'_>,
    now: DateTime<Utc>,
) -> Result<std::result::Result<(), Problems>> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| crate::store::explain_busy(e, db))?;
    // A clock behind the record refuses every row alike: said once, not once a row.
    if let Some(why) = crate::store::history::clock_fault(&tx) {
        return Ok(Err(vec![why]));
    }
    let mut problems = Vec::new();
    let mut english = crate::store::english::Giver::load(&tx)?;
    (opts.progress)(Step::Start("writing", checked.len()));
    for (kind, line, f) in checked {
        (opts.progress)(Step::Row);
        let written = facts::write(&tx, f, &opts.rules, now).and_then(|()| {
            for (ja, en) in english_of(*kind, line) {
                english.give(&tx, &ja, &en)?;
            }
            Ok(())
        });
        if let Err(e) = written {
            for said in e.to_string().lines() {
                problems.push(match refused_field(said) {
                    Some((field, msg)) => placed(*kind, line, &field, msg),
                    None => format!("{}: {said}", line.place()),
                });
            }
        }
    }
    (opts.progress)(Step::Done);
    if !problems.is_empty() {
        tx.rollback()?;
        return Ok(Err(problems));
    }
    if opts.dry_run {
        tx.rollback()?;
    } else {
        tx.commit()?;
    }
    Ok(Ok(()))
}

/// The field a line of a write's refusal names, and the rest of the line: `field: why`, or a hub
/// change's `why (--option)`, whose option names the field (`--name-ja` is the column `name_ja`).
fn refused_field(said: &str) -> Option<(String, &str)> {
    let column = |option: &str| match option {
        "partner" => "partners".to_string(),
        option => option.replace('-', "_"),
    };
    if let Some((msg, option)) = said.strip_suffix(')').and_then(|s| s.rsplit_once(" (--")) {
        return Some((column(option), msg));
    }
    let (field, msg) = said.split_once(": ")?;
    Some(match field.strip_prefix("--") {
        Some(option) => (column(option), msg),
        None => (field.to_string(), msg),
    })
}

/// The organisations the workbook's 関係機関 sheet lists (new, or under a new name): a change to
/// a hub of the same workbook may name them as partners, which its check, made before anything
/// is written, would otherwise not know.
#[derive(Default)]
struct Listed(Vec<String>);

impl Listed {
    fn note(&mut self, f: &mut Fact) {
        match f {
            Fact::Organisation(o) => self.0.push(o.name_ja.clone()),
            Fact::HubChange(c) => {
                let add = self.among(c.partners.iter().flatten());
                c.new_partners.extend(add);
            }
            // A new hub's partner listed on 関係機関 is new to the database too; one it marks
            // new may be named by a change of the same workbook.
            Fact::NewHub(h) => {
                let add = self.among(h.partners.iter());
                h.new_partners.extend(add);
                self.0.extend(h.new_partners.iter().cloned());
            }
            _ => {}
        }
    }
    /// The names among `names` that the workbook lists as organisations.
    fn among<'a>(&self, names: impl Iterator<Item = &'a String>) -> Vec<String> {
        let listed = |p: &String| {
            let key = super::names::normalise(p);
            self.0.iter().any(|n| super::names::normalise(n) == key)
        };
        names.filter(|p| listed(p)).cloned().collect()
    }
}

/// What a checked row will write, in the user's terms, one line per value.
fn described(
    conn: &Connection,
    f: &Fact,
    codes: &Codes,
    rules: &crate::store::Rules<'_>,
) -> Result<Vec<String>> {
    use super::names::{change_lines, date_words, new_hub_line, new_organisation_line};
    Ok(match f {
        Fact::NewHub(h) => {
            let mut lines = vec![new_hub_line(h, codes)];
            let found =
                crate::store::organisations::resolve_partners(conn, &h.partners, &h.new_partners)?;
            for p in found.unwrap_or_default() {
                if let crate::store::organisations::Partner::New(name) = p {
                    lines.push(new_organisation_line(&name));
                }
            }
            lines
        }
        Fact::HubChange(c) => change_lines(
            &crate::store::check_hub_change(conn, c, rules)?,
            &codes.hub_kinds,
        ),
        Fact::Organisation(o) => match (&o.former, &o.date) {
            (Some(former), Some(d)) => vec![format!(
                "関係機関の改称：{former} → {} {}",
                o.name_ja,
                date_words(d)
            )],
            _ => vec![new_organisation_line(&o.name_ja)],
        },
        other => vec![facts::describe_ja(other, codes)],
    })
}

/// A column of the form, with its drop-down list where it takes a coded value.
fn column(col: &Col, codes: &Codes) -> Column {
    let takes = match col.2 {
        Ty::Text => Takes::Text,
        Ty::Date => Takes::PartialDate,
        Ty::Day => Takes::Date,
        Ty::Num => Takes::WholeNumber,
        Ty::Bool => Takes::TrueFalse,
        Ty::Suggest(of) => Takes::Suggests(of.choices(codes).iter().map(|c| c.1.clone()).collect()),
        Ty::Of(of) => Takes::OneOf(
            of.choices(codes)
                .iter()
                .map(|(code, ja, _)| match of.is_keyed() {
                    true => format!("{ja}（{code}）"),
                    false => ja.clone(),
                })
                .collect(),
        ),
    };
    Column {
        name: col.0,
        heading: col.1,
        required: col.3,
        takes,
        help: col.4,
    }
}

const INSTRUCTIONS: &[&str] = &[
    "この様式の記入方法 / How to fill in this form",
    "1. 各シートの3行目から、1行に1件ずつ記入してください。1行目は見出し、2行目は列の英語名です（消さないでください）。使わないシートは空のままで構いません。 / Fill in one row per fact from row 3 of each sheet; leave rows 1–2 as they are. Leave sheets you do not need empty.",
    "2. 国・種類・状況などは一覧から選んでください（「選択肢」シート）。日本語名・英語名・コードのいずれでも読み取ります。 / Choose coded values from the lists; Japanese names, English names and codes are all read.",
    "3. 日付は資料のとおりの精度で記入してください（2018/10/29、平成30年5月、H30.5、2018、平成30年度など）。月までしか分からない場合に日を補わないでください。「日付の精度」列で精度を明示することもできます。 / Write dates as precisely as the source gives them, never inventing a day; the precision column may state it.",
    "4. 「記録の範囲」シートには、どの記録がいつまで漏れなく入力済みかを出典とともに記入してください。 / On 記録の範囲, state how far each record is complete, with its source.",
    "6. 「出典（英語）」「備考（英語）」列には、英語の報告書に出す出典・備考の英語を記入してください。空欄なら英語の報告書に日本語のまま「(in Japanese)」と示されます。登録済みの資料（tenkai source add）のコードを出典とする場合、英語は不要です。 / In 出典（英語） and 備考（英語）, give the English of the source and the note for the English report; blank, it shows them in Japanese, marked so. A registered document's code needs none.",
    "5. 取り込みは全シートまとめて行われ、誤りがあればシートとセルを示して全件差し戻されます。まず --dry-run で確認してください。 / The whole workbook is imported at once or not at all; every problem is named by its sheet and cell. Check it first with --dry-run.",
    "列の説明 / The columns:",
];

/// The form for the kinds given (one sheet each), as workbook bytes.
pub fn template(conn: &Connection, kinds: &[FactKind]) -> Result<Vec<u8>> {
    let codes = Codes::load(conn)?;
    let sheets: Vec<(&str, Vec<Column>)> = kinds
        .iter()
        .map(|k| {
            (
                k.names().1,
                k.columns().iter().map(|c| column(c, &codes)).collect(),
            )
        })
        .collect();
    let refs: Vec<(&str, &[Column])> = sheets.iter().map(|(n, c)| (*n, c.as_slice())).collect();
    crate::xlsx::template::forms(&refs, INSTRUCTIONS)
}
