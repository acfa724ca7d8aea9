//! Imports within bounds: hostile workbooks (sparse cells far away, a zip bomb, a false count of
//! strings) are refused with a message and in bounded memory; CSV has the workbook's row cap; a
//! file's real type is named whatever its extension; a missing sheet lists at most ten names; a
//! dry run and an import's checks do not take the write lock; the case-insensitive code check
//! reads an index. Each test checks the database as well as the message.

use crate::common;

use common::Env;
use rusqlite::Connection;
use std::io::Write;
use std::path::{Path, PathBuf};

const HUBS_HEADER: &str =
    "code,name_ja,name_en,country,kind,partners,status,effective_date,expected_date,note,source";

/// What the tests compare before and after: every hub's code, and the member counts.
fn record(env: &Env) -> (Vec<String>, i64) {
    let conn = Connection::open(&env.db).unwrap();
    let mut stmt = conn.prepare("SELECT code FROM hubs ORDER BY id").unwrap();
    let codes = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<Vec<String>>>()
        .unwrap();
    let members = conn
        .query_row("SELECT count(*) FROM platform_members", [], |r| r.get(0))
        .unwrap();
    (codes, members)
}

/// A minimal workbook: the given sheets (name, worksheet XML) and shared-strings XML, if any.
fn workbook(path: &Path, sheets: &[(&str, String)], strings: Option<&str>) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut put = |name: &str, body: &str| {
        zip.start_file(name, opts).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    };
    put(
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#,
    );
    put(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    let mut book = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, (name, _)) in sheets.iter().enumerate() {
        let n = i + 1;
        book += &format!(r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#);
        rels += &format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        );
    }
    if strings.is_some() {
        rels += r#"<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#;
    }
    put("xl/workbook.xml", &(book + "</sheets></workbook>"));
    put("xl/_rels/workbook.xml.rels", &(rels + "</Relationships>"));
    for (i, (_, xml)) in sheets.iter().enumerate() {
        put(&format!("xl/worksheets/sheet{}.xml", i + 1), xml);
    }
    if let Some(strings) = strings {
        put("xl/sharedStrings.xml", strings);
    }
    zip.finish().unwrap();
}

/// A worksheet: its declared dimension and its cells (reference, inline text).
fn sheet_xml(dimension: &str, cells: &[(&str, &str)]) -> String {
    let mut xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>"#
    );
    for (at, text) in cells {
        let row: String = at.chars().filter(|c| c.is_ascii_digit()).collect();
        xml += &format!(
            r#"<row r="{row}"><c r="{at}" t="inlineStr"><is><t>{text}</t></is></c></row>"#
        );
    }
    xml + "</sheetData></worksheet>"
}

/// The hubs header and one good row, as cells of rows 1 and 3.
fn header_and_row() -> Vec<(String, String)> {
    let cols = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K"];
    let mut cells: Vec<(String, String)> = HUBS_HEADER
        .split(',')
        .zip(cols)
        .map(|(h, c)| (format!("{c}1"), h.to_string()))
        .collect();
    let row = [
        "Q01",
        "拠点",
        "",
        "VN",
        "clinic",
        "",
        "opened",
        "2018-01-01",
        "",
        "",
        "出典",
    ];
    for (v, c) in row.iter().zip(cols) {
        if !v.is_empty() {
            cells.push((format!("{c}3"), v.to_string()));
        }
    }
    cells
}

/// `tenkai import …` under an address-space limit of 1 GB: (exit code, stderr).
fn import_limited(env: &Env, args: &[&str]) -> (i32, String) {
    let tenkai = assert_cmd::cargo::cargo_bin("tenkai");
    let out = std::process::Command::new("prlimit")
        .arg("--as=1000000000")
        .arg(tenkai)
        .arg("--db")
        .arg(&env.db)
        .arg("import")
        .args(args)
        .current_dir(env.dir.path())
        .env_remove("TENKAI_DB")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn hostile_sparse(env: &Env, far: &str) -> PathBuf {
    let mut cells = header_and_row();
    cells.push((far.to_string(), "x".to_string()));
    let cells: Vec<(&str, &str)> = cells
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let path = env.path(&format!("sparse-{far}.xlsx"));
    workbook(&path, &[("Sheet1", sheet_xml("A1:K3", &cells))], None);
    path
}

#[test]
fn a_sparse_workbook_with_a_cell_far_below_is_refused_in_bounded_memory() {
    let env = Env::new();
    let before = record(&env);
    let path = hostile_sparse(&env, "A4000000000");
    assert!(std::fs::metadata(&path).unwrap().len() < 10_000);
    let (code, err) = import_limited(&env, &["hubs", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("has 4000000000 rows; an import takes at most 100000")
            && err.contains("cell A4000000000"),
        "{err}"
    );
    assert_eq!(record(&env), before);
}

#[test]
fn a_sparse_workbook_with_a_cell_far_right_is_refused_in_bounded_memory() {
    let env = Env::new();
    let before = record(&env);
    let path = hostile_sparse(&env, "XFD100000");
    let (code, err) = import_limited(&env, &["hubs", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("cell XFD100000: a value in column 16384")
            && err.contains("at most 32 columns"),
        "{err}"
    );
    assert_eq!(record(&env), before);
}

#[test]
fn a_workbook_within_bounds_still_imports_from_its_cells() {
    let env = Env::new();
    let before = record(&env);
    let cells = header_and_row();
    let cells: Vec<(&str, &str)> = cells
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let path = env.path("small.xlsx");
    workbook(&path, &[("Sheet1", sheet_xml("A1:K3", &cells))], None);
    let (code, err) = import_limited(&env, &["hubs", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (codes, members) = record(&env);
    assert_eq!(codes.len(), before.0.len() + 1);
    assert_eq!(codes.last().map(String::as_str), Some("Q01"));
    assert_eq!(members, before.1);
}

/// A workbook whose shared strings inflate to 200 MB from a small file, made with Python's zlib
/// (fast where a debug build's deflate is not).
fn zip_bomb(path: &Path, lie: bool) {
    let base = path.with_extension("base.xlsx");
    workbook(
        &base,
        &[("Sheet1", sheet_xml("A1:A1", &[("A1", "code")]))],
        None,
    );
    // With `lie`, the part declares 1,000 bytes in its headers and still inflates to 200 MB.
    let script = r#"
import sys, zipfile, struct
base, out, lie = sys.argv[1], sys.argv[2], sys.argv[3] == '1'
zin = zipfile.ZipFile(base)
zout = zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED)
for item in zin.infolist():
    zout.writestr(item, zin.read(item.filename))
body = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="1"><si><t>' + b'a' * (200 << 20) + b'</t></si></sst>'
zout.writestr('xl/sharedStrings.xml', body)
zout.close()
if lie:
    data = bytearray(open(out, 'rb').read())
    real = struct.pack('<I', len(body))
    fake = struct.pack('<I', 1000)
    # The uncompressed size in the local header (offset 22) and the central directory (24).
    i = data.find(b'PK\x03\x04')
    while i >= 0:
        if data[i+30:i+30+struct.unpack('<H', data[i+26:i+28])[0]] == b'xl/sharedStrings.xml':
            data[i+22:i+26] = fake
        i = data.find(b'PK\x03\x04', i + 4)
    i = data.find(b'PK\x01\x02')
    while i >= 0:
        if data[i+46:i+46+struct.unpack('<H', data[i+28:i+30])[0]] == b'xl/sharedStrings.xml':
            data[i+24:i+28] = fake
        i = data.find(b'PK\x01\x02', i + 4)
    open(out, 'wb').write(bytes(data))
"#;
    let ok = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&base)
        .arg(path)
        .arg(if lie { "1" } else { "0" })
        .status()
        .unwrap()
        .success();
    assert!(ok, "python3 could not write the zip bomb");
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_inflated() {
    let env = Env::new();
    let before = record(&env);
    let path = env.path("bomb.xlsx");
    zip_bomb(&path, false);
    assert!(std::fs::metadata(&path).unwrap().len() < 2_000_000);
    let (code, err) = import_limited(&env, &["hubs", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("its shared strings (xl/sharedStrings.xml) would take 200 MB once unpacked, and an import reads at most 128 MB"),
        "{err}"
    );
    assert!(
        err.len() < 2_000,
        "the message quotes too much: {} bytes",
        err.len()
    );
    assert_eq!(record(&env), before);
}

#[test]
fn a_zip_bomb_that_lies_about_its_size_stops_at_the_size_it_declares() {
    let env = Env::new();
    let before = record(&env);
    let path = env.path("liar.xlsx");
    zip_bomb(&path, true);
    let (code, err) = import_limited(&env, &["hubs", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("cut short or damaged"), "{err}");
    assert!(
        err.len() < 2_000,
        "the message quotes too much: {} bytes",
        err.len()
    );
    assert_eq!(record(&env), before);
}

#[test]
fn shared_strings_that_declare_more_strings_than_they_hold_are_refused() {
    let env = Env::new();
    let before = record(&env);
    let path = env.path("count.xlsx");
    let strings = r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000" uniqueCount="4000000000"><si><t>code</t></si></sst>"#;
    let sheet = r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#;
    workbook(&path, &[("Sheet1", sheet.to_string())], Some(strings));
    let (code, err) = import_limited(&env, &["hubs", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("declare 4000000000 strings") && err.contains("cut short or damaged"),
        "{err}"
    );
    assert_eq!(record(&env), before);
}

#[test]
fn a_missing_sheet_lists_ten_names_and_the_count() {
    let env = Env::new();
    let before = record(&env);
    let names: Vec<String> = (1..=50).map(|i| format!("S{i:02}")).collect();
    let sheets: Vec<(&str, String)> = names
        .iter()
        .map(|n| (n.as_str(), sheet_xml("A1:A1", &[("A1", "code")])))
        .collect();
    let path = env.path("many.xlsx");
    workbook(&path, &sheets, None);
    let (code, err) = env.fails(&["import", "hubs", path.to_str().unwrap(), "--sheet", "拠点"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no sheet named '拠点'; it has 50 sheets, the first 10: S01, S02")
            && err.contains("S10, …"),
        "{err}"
    );
    assert!(!err.contains("S11"), "{err}");
    assert_eq!(record(&env), before);
}

#[test]
fn a_csv_named_xlsx_and_a_workbook_named_csv_are_named_for_what_they_are() {
    let env = Env::new();
    let before = record(&env);
    let csv = env.path("hubs.xlsx");
    std::fs::write(
        &csv,
        format!("{HUBS_HEADER}\nQ01,拠点,,VN,clinic,,opened,2018-01-01,,,出典\n"),
    )
    .unwrap();
    let (code, err) = env.fails(&["import", "hubs", csv.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("this is a CSV file") && err.contains("rename it to .csv"),
        "{err}"
    );
    assert!(!err.contains("cut short"), "{err}");
    let book = env.path("hubs.csv");
    let cells = header_and_row();
    let cells: Vec<(&str, &str)> = cells
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    workbook(&book, &[("Sheet1", sheet_xml("A1:K3", &cells))], None);
    let (code, err) = env.fails(&["import", "hubs", book.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("this is an Excel workbook") && err.contains("rename it to .xlsx"),
        "{err}"
    );
    assert!(!err.contains("--encoding"), "{err}");
    assert_eq!(record(&env), before);
}

#[test]
fn a_csv_file_has_the_workbooks_row_cap() {
    let env = Env::new();
    let before = record(&env);
    let path = env.path("tall.csv");
    let mut text = format!("{HUBS_HEADER}\n");
    for i in 0..100_001 {
        text += &format!("T{i},拠点,,VN,clinic,,opened,2018-01-01,,,出典\n");
    }
    std::fs::write(&path, text).unwrap();
    let (code, err) = env.fails(&["import", "hubs", path.to_str().unwrap(), "--dry-run"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("the file has more than 100000 rows; an import takes at most 100000"),
        "{err}"
    );
    assert!(err.len() < 1_000, "{} bytes of message", err.len());
    assert_eq!(record(&env), before);
}

#[test]
fn a_long_bad_value_is_quoted_by_its_first_80_characters() {
    let env = Env::new();
    let before = record(&env);
    let path = env.path("long.csv");
    let country = "Z".repeat(1_000_000);
    std::fs::write(
        &path,
        format!("{HUBS_HEADER}\nQ01,拠点,,{country},clinic,,opened,2018-01-01,,,出典\n"),
    )
    .unwrap();
    let (code, err) = env.fails(&["import", "hubs", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("'{}…' is 1000000 characters long", "Z".repeat(80))),
        "{}",
        &err[..err.len().min(500)]
    );
    assert!(err.len() < 1_000, "{} bytes of message", err.len());
    assert_eq!(record(&env), before);
}

/// A connection of the test's own that holds the write lock, as `members record` does while it
/// writes: a row written and not yet committed (in a table of the test's own, so that no rule on
/// the history's tables is in play).
fn hold_write_lock(env: &Env) -> Connection {
    let conn = Connection::open(&env.db).unwrap();
    conn.execute_batch(
        "BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS other_writer (x); INSERT INTO other_writer VALUES (1);",
    )
    .unwrap();
    conn
}

/// The rows the other writer committed.
fn other_writes(env: &Env) -> i64 {
    Connection::open(&env.db)
        .unwrap()
        .query_row("SELECT count(*) FROM other_writer", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_dry_run_checks_while_another_command_writes_and_takes_no_write_lock() {
    let env = Env::new();
    let before = record(&env);
    let path = env.path("new.csv");
    let mut text = format!("{HUBS_HEADER}\n");
    for i in 0..2_000 {
        text += &format!("D{i},拠点{i},,VN,clinic,,opened,2018-01-01,,,出典\n");
    }
    std::fs::write(&path, text).unwrap();
    let writer = hold_write_lock(&env);
    // The dry run reads while the other writer holds the lock: it neither waits nor fails.
    let out = env
        .cmd()
        .args(["import", "hubs", path.to_str().unwrap(), "--dry-run"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("2000 row(s) are valid; nothing was written"),
        "{err}"
    );
    writer.execute_batch("COMMIT").unwrap();
    assert_eq!(record(&env), before, "the dry run wrote");
    assert_eq!(other_writes(&env), 1, "the other writer's row was lost");
}

#[test]
fn an_import_finds_its_problems_without_waiting_for_the_write_lock() {
    let env = Env::new();
    let before = record(&env);
    let path = env.path("bad.csv");
    std::fs::write(
        &path,
        format!(
            "{HUBS_HEADER}\nQ01,拠点,,VN,clinic,,opened,2018-01-01,,,出典\nQ02,拠点,,XX,clinic,,opened,2018-01-01,,,出典\n"
        ),
    )
    .unwrap();
    let writer = hold_write_lock(&env);
    let (code, err) = env.fails(&["import", "hubs", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("line 3, column country: unknown country 'XX'") && !err.contains("locked"),
        "{err}"
    );
    writer.execute_batch("COMMIT").unwrap();
    // Once the other writer is done, a good file is written.
    let good = env.path("good.csv");
    std::fs::write(
        &good,
        format!("{HUBS_HEADER}\nQ01,拠点,,VN,clinic,,opened,2018-01-01,,,出典\n"),
    )
    .unwrap();
    env.ok(&["import", "hubs", good.to_str().unwrap()]);
    let (codes, members) = record(&env);
    assert_eq!(codes.len(), before.0.len() + 1);
    assert_eq!(members, before.1);
    assert_eq!(other_writes(&env), 1);
}

#[test]
fn the_case_insensitive_code_check_reads_an_index_that_tolerates_old_duplicates() {
    let env = Env::new();
    // A database of the version before the index (migration 0011), holding two codes that
    // differ only in case. The later migrations (0012, the export log's kind; 0013, the current
    // views, which only recreates them; 0014, the delivery log; 0016, a quarter's facts) are undone
    // too, so that they all run again.
    {
        let conn = Connection::open(&env.db).unwrap();
        // tenkai's clock, which the history's triggers ask for (as tenkai's own connections have).
        tenkai::store::history::connect(&conn).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            version, 21,
            "the migrations after 0010 are undone below (0015, 0017, 0019, 0020 and 0021 run again over what they made)"
        );
        conn.execute_batch(common::UNDO_QUARTER_FACTS).unwrap();
        conn.execute_batch(&format!(
            "DROP TABLE delivery_attachment; DROP TABLE delivery_log; DROP TABLE delivery_start;
             DROP INDEX export_log_sends; DROP TABLE schedule_start;
             DROP TRIGGER export_log_finished_once; DROP TRIGGER export_log_same_export;
             ALTER TABLE export_log DROP COLUMN kind;
             ALTER TABLE countries DROP COLUMN reading;
             DROP INDEX IF EXISTS hubs_code_nocase;
             INSERT INTO hubs (code, name_ja, country_iso, kind, recorded_at) VALUES
               ('zz1', '拠点a', 'VN', 'clinic', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
               ('ZZ1', '拠点b', 'VN', 'clinic', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
             PRAGMA user_version = {};",
            10
        ))
        .unwrap();
    }
    // Any command migrates it; the index is made although the codes repeat.
    env.ok(&["hub", "list", "--format", "csv"]);
    let conn = Connection::open(&env.db).unwrap();
    let plan: String = conn
        .query_row(
            "EXPLAIN QUERY PLAN SELECT code FROM hubs WHERE code = 'x' COLLATE NOCASE",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("hubs_code_nocase"), "{plan}");
    drop(conn);
    let before = record(&env);
    let path = env.path("case.csv");
    std::fs::write(
        &path,
        format!("{HUBS_HEADER}\nZz1,拠点,,VN,clinic,,opened,2018-01-01,,,出典\nq05,拠点,,VN,clinic,,opened,2018-01-01,,,出典\nQ05,拠点,,VN,clinic,,opened,2018-01-01,,,出典\n"),
    )
    .unwrap();
    let (code, err) = env.fails(&["import", "hubs", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("hub Zz1 already exists as zz1"), "{err}");
    assert!(
        err.contains("line 4, column code: hub Q05 is also on line 3 of this file"),
        "{err}"
    );
    assert_eq!(record(&env), before);
}

#[test]
fn a_long_import_shows_its_progress_on_a_terminal_only() {
    let env = Env::new();
    let before = record(&env);
    let path = env.path("long.csv");
    let mut text = format!("{HUBS_HEADER}\n");
    for i in 0..10_000 {
        text += &format!("P{i},拠点{i},,VN,clinic,,opened,2018-01-01,,,出典\n");
    }
    std::fs::write(&path, text).unwrap();
    // On a terminal (a pseudo-terminal made by util-linux's `script`): a bar for each pass.
    let out = common::on_terminal(&env, &format!("import hubs {} --dry-run", path.display()));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    assert!(
        shown.contains("checking") && shown.contains("/10000 rows"),
        "{shown}"
    );
    assert_eq!(record(&env), before, "the dry run wrote");
    // Without a terminal, stderr holds only the messages.
    let out = env
        .cmd()
        .args(["import", "hubs", path.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("/10000 rows") && !err.contains("░"), "{err}");
    let (codes, _) = record(&env);
    assert_eq!(codes.len(), before.0.len() + 10_000);
}
