//! Workbooks, read and written by an independent client: every workbook tenkai writes is opened
//! with openpyxl (PyPI, in the virtual environment `.ci/run` makes, named by `TENKAI_PYTHON`), and
//! the forms it writes are filled in with openpyxl and imported back. Bad workbooks are refused
//! with their sheet and cell, and leave the database as it was.

use crate::common;
use common::Env;
use std::path::{Path, PathBuf};

fn python() -> Option<PathBuf> {
    common::installed("TENKAI_PYTHON")
}

/// Runs a Python script with openpyxl; its standard output.
fn py(python: &Path, script: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(python)
        .arg("-c")
        .arg(format!("import sys, json, datetime, openpyxl\n{script}"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A command's standard output written to a file.
/// The first sheet of a workbook, opened as an xlsx (a zip of sheets), its cells as text.
fn workbook_rows(path: &Path) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path)
        .unwrap_or_else(|e| panic!("{} is not an xlsx workbook: {e}", path.display()));
    let range = book
        .worksheet_range_at(0)
        .expect("the workbook has a sheet")
        .unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

fn to_file(env: &Env, args: &[&str], file: &str) -> PathBuf {
    let out = env.cmd().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p = env.path(file);
    std::fs::write(&p, out.stdout).unwrap();
    p
}

#[test]
fn a_query_as_a_workbook_keeps_its_types_and_never_runs_a_formula() {
    let Some(python) = python() else { return };
    let env = Env::new();
    env.ok(&["init"]);
    let sql = "SELECT code, name_ja, 3 AS n, 2.5 AS x, NULL AS blank, '2018-03-31' AS day, \
               '=HYPERLINK(\"http://example.com\",\"x\")' AS text FROM hubs ORDER BY code";
    let book = to_file(&env, &["sql", sql, "--format", "xlsx"], "q.xlsx");
    let seen = py(
        &python,
        r#"
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
rows = list(ws.iter_rows())
out = {
  "header": [c.value for c in rows[0]], "bold": all(c.font.b for c in rows[0]),
  "types": [c.data_type for c in rows[1]], "values": [str(c.value) for c in rows[1]],
  "day_format": rows[1][5].number_format, "rows": ws.max_row,
  "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
  "name_width": ws.column_dimensions["B"].width,
}
print(json.dumps(out, ensure_ascii=False))
"#,
        &[book.to_str().unwrap()],
    );
    let v: serde_json::Value = serde_json::from_str(&seen).unwrap();
    assert_eq!(v["header"][1], "name_ja");
    assert_eq!(v["bold"], true);
    // Text, text, number, number, empty, date, text.
    assert_eq!(
        v["types"],
        serde_json::json!(["s", "s", "n", "n", "n", "d", "s"])
    );
    assert_eq!(v["values"][1], "北斗画像診断センター");
    assert_eq!(v["values"][2], "3");
    assert_eq!(v["values"][5], "2018-03-31 00:00:00");
    assert_eq!(v["values"][6], "=HYPERLINK(\"http://example.com\",\"x\")");
    assert_eq!(v["day_format"], "yyyy-mm-dd");
    assert_eq!(v["rows"], 29);
    assert_eq!(v["freeze"], "A2");
    assert_eq!(v["filter"], "A1:G29");
    // Wide enough for the longest name in full-width characters (two units each).
    assert!(v["name_width"].as_f64().unwrap() > 30.0, "{v}");

    // 和暦: still a date, shown in Excel's Japanese-era format.
    let book = to_file(
        &env,
        &[
            "sql",
            "SELECT '2019-05-01' AS day",
            "--format",
            "xlsx",
            "--date-style",
            "wareki",
        ],
        "w.xlsx",
    );
    let seen = py(
        &python,
        "ws = openpyxl.load_workbook(sys.argv[1]).active\nc = ws['A2']\nprint(c.data_type, c.number_format)",
        &[book.to_str().unwrap()],
    );
    assert_eq!(seen.trim(), "d [$-ja-JP-x-gannen]ggge\"年\"m\"月\"d\"日\"");
}

#[test]
fn a_listing_as_a_workbook() {
    let Some(python) = python() else { return };
    let env = Env::new();
    env.ok(&["init"]);
    let book = to_file(&env, &["hub", "list", "--format", "xlsx"], "hubs.xlsx");
    let seen = py(
        &python,
        "ws = openpyxl.load_workbook(sys.argv[1]).active\nprint(ws.max_row, ws['B2'].value, ws['A1'].value)",
        &[book.to_str().unwrap()],
    );
    assert_eq!(seen.trim(), "29 北斗画像診断センター code");
    // A whole table, typed: the ids are numbers and the dates dates.
    let book = to_file(
        &env,
        &["export", "hub_status", "--format", "xlsx"],
        "status.xlsx",
    );
    let seen = py(
        &python,
        "ws = openpyxl.load_workbook(sys.argv[1]).active\nh = [c.value for c in ws[1]]\nprint(ws.cell(2, 1).data_type, ws.cell(2, h.index('effective_date') + 1).data_type)",
        &[book.to_str().unwrap()],
    );
    assert_eq!(seen.trim(), "n d");
    // Every listing's workbook takes the date style.
    let book = to_file(
        &env,
        &["hub", "list", "--format", "xlsx", "--date-style", "wareki"],
        "wareki.xlsx",
    );
    let seen = py(
        &python,
        "ws = openpyxl.load_workbook(sys.argv[1]).active\nh = [c.value for c in ws[1]]\nc = ws.cell(2, h.index('since') + 1)\nprint(c.data_type, c.number_format)",
        &[book.to_str().unwrap()],
    );
    assert_eq!(seen.trim(), "d [$-ja-JP-x-gannen]ggge\"年\"m\"月\"d\"日\"");
}

/// Fills in the hubs form: two hubs, typed as a person would (names from the lists, a date as an
/// Excel date and one as 和暦 text).
const FILL: &str = r#"
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
ws.append(["X01", "ホーチミン健診センター", "HCMC Health Check Centre", "ベトナム", "健診センター", "+日本医療法人A;+商社B", "開業予定", datetime.datetime(2018, 3, 1), "H31.4.1", "", "省からの報告 2018-03"])
ws.append(["X02", "ヤンゴン透析クリニック", None, "ミャンマー", "透析センター", "+法人C", "開業済み", "平成30年2月15日", None, "", "省からの報告 2018-03"])
wb.save(sys.argv[2])
"#;

/// The hubs form, as `tenkai import template hubs` writes it.
fn hubs_form(env: &Env) -> PathBuf {
    let form = env.path("form.xlsx");
    env.ok(&[
        "import",
        "template",
        "hubs",
        "--out",
        form.to_str().unwrap(),
    ]);
    form
}

#[test]
fn the_form_filled_in_imports_without_edits() {
    let Some(python) = python() else { return };
    let env = Env::new();
    env.ok(&["init"]);
    let form = hubs_form(&env);
    let seen = py(
        &python,
        r#"
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
dv = {}
for v in ws.data_validations.dataValidation:
    dv[str(v.sqref).split(":")[0]] = [v.type, v.formula1]
print(json.dumps({"sheets": wb.sheetnames, "row1": [c.value for c in ws[1]], "row2": [c.value for c in ws[2]],
  "freeze": ws.freeze_panes, "dv": dv, "countries": [c.value for c in wb["選択肢"]["A"]][:3]}, ensure_ascii=False))
"#,
        &[form.to_str().unwrap()],
    );
    let v: serde_json::Value = serde_json::from_str(&seen).unwrap();
    assert_eq!(v["sheets"], serde_json::json!(["拠点", "選択肢", "説明"]));
    assert_eq!(v["row1"][0], "拠点コード（必須）");
    assert_eq!(v["row1"][3], "国（必須）");
    assert_eq!(v["row2"][0], "code");
    assert_eq!(v["freeze"], "A3");
    assert_eq!(v["dv"]["D3"][0], "list", "{v}");
    assert_eq!(v["dv"]["D3"][1], "'選択肢'!$A$2:$A$20", "{v}");
    assert_eq!(v["dv"]["G3"][0], "list");
    assert_eq!(v["dv"]["H3"][0], "date");
    assert_eq!(v["countries"][0], "国");

    let filled = env.path("filled.xlsx");
    py(
        &python,
        FILL,
        &[form.to_str().unwrap(), filled.to_str().unwrap()],
    );
    env.ok(&["import", "hubs", filled.to_str().unwrap()]);
    let rows = env.ok(&[
        "sql",
        "SELECT h.code, h.country_iso, h.kind, s.status, s.effective_date, coalesce(s.expected_date, '') FROM hubs h JOIN hub_status s ON s.hub_id = h.id WHERE h.code LIKE 'X%' ORDER BY h.code",
        "--format",
        "csv",
    ]);
    assert_eq!(
        rows,
        "code,country_iso,kind,status,effective_date,\"coalesce(s.expected_date, '')\"\nX01,VN,health_check,planned,2018-03-01,2019-04-01\nX02,MM,dialysis,opened,2018-02-15,\"\"\n"
    );
}

/// The database as it stands, to show that a refused import changed nothing.
fn record(env: &Env) -> String {
    common::dump(&env.dir.path().join("tenkai.sqlite"))
}

#[test]
fn a_bad_workbook_is_refused_with_its_cell_and_changes_nothing() {
    let Some(python) = python() else { return };
    let env = Env::new();
    env.ok(&["init"]);
    let form = hubs_form(&env);
    let filled = env.path("filled.xlsx");
    py(
        &python,
        FILL,
        &[form.to_str().unwrap(), filled.to_str().unwrap()],
    );
    let before = record(&env);
    let broken = |name: &str, script: &str| -> PathBuf {
        let p = env.path(name);
        py(
            &python,
            &format!("wb = openpyxl.load_workbook(sys.argv[1])\nws = wb.worksheets[0]\n{script}\nwb.save(sys.argv[2])"),
            &[filled.to_str().unwrap(), p.to_str().unwrap()],
        );
        p
    };
    let mut cases: Vec<(PathBuf, Vec<&str>, &str)> = vec![
        (
            broken("date.xlsx", "ws['H4'] = '2018-02-30'"),
            vec![],
            "sheet '拠点', cell H4 (effective_date): '2018-02-30' is not a date",
        ),
        (
            broken("country.xlsx", "ws['D3'] = 'アトランティス'"),
            vec![],
            "sheet '拠点', cell D3 (country)",
        ),
        (
            broken("merged.xlsx", "ws.merge_cells('J3:K3')"),
            vec![],
            "cells J3:K3 are merged",
        ),
        (
            broken("formula.xlsx", "ws['J4'] = '=1+1'"),
            vec![],
            "cell J4 holds a formula (=1+1)",
        ),
        (
            broken("long.xlsx", "ws['J3'] = 'あ' * 32767"),
            vec![],
            "cell J3 (note)",
        ),
        (
            broken("hidden.xlsx", "ws.sheet_state = 'hidden'\nwb.active = 1"),
            vec![],
            "sheet '拠点' is hidden",
        ),
        (
            filled.clone(),
            vec!["--sheet", "Hubs"],
            "no sheet named 'Hubs'; its sheets are: 拠点, 選択肢, 説明",
        ),
    ];
    // Not workbooks tenkai reads, or not whole ones.
    let xls = env.path("old.xls");
    std::fs::copy(&filled, &xls).unwrap();
    cases.push((xls, vec![], "an .xls workbook (Excel 97–2003) is not read"));
    let ods = env.path("calc.ods");
    std::fs::copy(&filled, &ods).unwrap();
    cases.push((ods, vec![], "save it as an Excel Workbook (.xlsx)"));
    let encrypted = env.path("locked.xlsx");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    std::fs::write(&encrypted, ole).unwrap();
    cases.push((encrypted, vec![], "password-protected"));
    let cut = env.path("cut.xlsx");
    let bytes = std::fs::read(&filled).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    cases.push((cut, vec![], "cut short or damaged"));
    for (file, extra, want) in &cases {
        let mut args = vec!["import", "hubs", file.to_str().unwrap()];
        args.extend(extra);
        let (code, err) = env.fails(&args);
        assert_ne!(code, 0);
        assert!(err.contains(want), "{}: {err}", file.display());
        assert_eq!(
            record(&env),
            before,
            "{} changed the database",
            file.display()
        );
    }
}

#[test]
fn a_sheet_of_excels_full_height_is_refused_whole() {
    let Some(python) = python() else { return };
    let env = Env::new();
    env.ok(&["init"]);
    // A header, and a row at 1,048,576: a sheet as tall as Excel allows.
    let tall = env.path("tall.xlsx");
    py(
        &python,
        "wb = openpyxl.Workbook()\nws = wb.active\nws.append(['code', 'name_ja'])\nws.cell(row=1048576, column=1, value='Z1')\nwb.save(sys.argv[1])",
        &[tall.to_str().unwrap()],
    );
    let before = record(&env);
    let (_, err) = env.fails(&["import", "hubs", tall.to_str().unwrap()]);
    assert!(
        err.contains("has 1048576 rows; an import takes at most 100000"),
        "{err}"
    );
    assert_eq!(record(&env), before);
}

#[test]
fn out_puts_a_listing_in_a_file_once_it_is_whole() {
    let env = Env::new();
    env.ok(&["init"]);
    for args in [
        vec!["hub", "list", "--format", "xlsx", "--out"],
        vec!["meeting", "list", "--format", "json", "--out"],
        vec!["sql", "SELECT code FROM hubs", "--format", "xlsx", "--out"],
        vec!["export", "hubs", "--format", "xlsx", "--out"],
    ] {
        let file = env.path(&format!("{}.out", args[0]));
        let mut args = args.clone();
        args.push(file.to_str().unwrap());
        let printed = env.ok(&args);
        assert!(
            printed.trim().is_empty(),
            "{args:?} printed rows: {printed}"
        );
        // Each file is what its format says: a workbook that opens, with the header and rows, or
        // a JSON array.
        if args.contains(&"xlsx") {
            let rows = workbook_rows(&file);
            assert!(rows.len() > 1, "{args:?}: {rows:?}");
            assert!(
                rows[0].iter().any(|h| h == "code"),
                "{args:?}: {:?}",
                rows[0]
            );
        } else {
            let json: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
            assert!(!json.as_array().unwrap().is_empty(), "{args:?}");
        }
    }
    // A failure leaves no file, and no temporary one beside it.
    let file = env.path("long.xlsx");
    let (_, err) = env.fails(&[
        "sql",
        "SELECT printf('%.*c', 40000, 'x')",
        "--format",
        "xlsx",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(err.contains("more than an Excel cell takes"), "{err}");
    assert!(!file.exists());
    let left: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_value_too_long_for_a_cell_leaves_no_half_written_workbook() {
    let env = Env::new();
    env.ok(&["init"]);
    let sql = "SELECT 'short' AS t UNION ALL SELECT printf('%.*c', 40000, 'x')";
    let out = env
        .cmd()
        .args(["sql", sql, "--format", "xlsx"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "a half-written workbook");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cell A3 holds 40000 characters, more than an Excel cell takes (32767)"),
        "{err}"
    );
}

#[test]
fn a_report_as_a_workbook_holds_its_tables_typed() {
    let Some(python) = python() else { return };
    let env = Env::new();
    env.ok(&["init"]);
    // A hub whose name looks like a formula stays that text.
    env.ok(&[
        "hub",
        "add",
        "--source",
        "テスト出典",
        "Z99",
        "--name-ja",
        "=HYPERLINK(\"http://example.com\",\"x\")",
        "--country",
        "VN",
        "--kind",
        "clinic",
        "--status",
        "opened",
        "--date",
        "2018-03-01",
    ]);
    let script = r#"
wb = openpyxl.load_workbook(sys.argv[1])
figures = {r[0].value: [c.value for c in r[1:5]] for r in wb.worksheets[1].iter_rows(min_row=2)}
target = wb.worksheets[2]
hubs = wb.worksheets[7]
formula = [r for r in hubs.iter_rows(min_row=2) if r[0].value == "Z99"][0][1]
opened = [r for r in hubs.iter_rows(min_row=2) if r[0].value == "H01"][0][6]
print(json.dumps({
  "sheets": wb.sheetnames,
  "figures": figures,
  "progress": [target["F2"].value, target["F2"].number_format],
  "rag": [target["G2"].value, target["G2"].fill.fgColor.rgb, target["G2"].data_type],
  "deadline": [str(target["D2"].value), target["D2"].number_format],
  "formula": [formula.value, formula.data_type],
  "opened": [str(opened.value), opened.number_format],
  "freeze": [ws.freeze_panes for ws in wb.worksheets],
}, ensure_ascii=False, default=str))
"#;
    let mut seen = Vec::new();
    for lang in ["ja", "en"] {
        let book = env.path(&format!("q.{lang}.xlsx"));
        env.ok(&[
            "report",
            "render",
            "quarterly",
            "--period",
            "FY2017Q4",
            "--lang",
            lang,
            "--format",
            "xlsx",
            "--out",
            book.to_str().unwrap(),
        ]);
        let v: serde_json::Value =
            serde_json::from_str(&py(&python, script, &[book.to_str().unwrap()])).unwrap();
        seen.push(v);
    }
    let (ja, en) = (&seen[0], &seen[1]);
    assert_eq!(
        ja["sheets"],
        serde_json::json!([
            "表紙",
            "主要指標",
            "目標",
            "国別",
            "種類別",
            "当期の変化",
            "会合",
            "拠点一覧",
            "出典と算出方法"
        ])
    );
    assert_eq!(en["sheets"][0], "Cover");
    assert_eq!(en["sheets"][8], "Sources and methods");
    // The source's figures, typed: 22 open with the added hub, 6 planned (unknown the quarter
    // before, and whose change is not one: the source gives no date), 13 meetings.
    assert_eq!(
        ja["figures"]["開業済みの医療拠点"],
        serde_json::json!([22, 21, 1, "か所"])
    );
    assert_eq!(
        ja["figures"]["開業予定の医療拠点"],
        serde_json::json!([6, null, null, "か所"])
    );
    assert_eq!(ja["figures"]["タスクフォースの開催回数"][0], 13);
    assert_eq!(ja["progress"][1], "0%");
    assert!(ja["progress"][0].as_f64().unwrap() > 1.0);
    assert_eq!(ja["rag"], serde_json::json!(["達成", "FF1D4ED8", "s"]));
    assert_eq!(en["rag"][0], "Achieved");
    assert_eq!(
        ja["deadline"],
        serde_json::json!(["2020-12-31 00:00:00", "yyyy-mm-dd"])
    );
    assert_eq!(
        ja["formula"],
        serde_json::json!(["=HYPERLINK(\"http://example.com\",\"x\")", "s"])
    );
    // H01 opened in May 2013: the source gives the month, and so does the cell.
    assert_eq!(
        ja["opened"],
        serde_json::json!(["2013-05-01 00:00:00", "yyyy-mm"])
    );
    assert!(ja["freeze"].as_array().unwrap().iter().all(|f| f == "A2"));
}

#[test]
fn the_schedule_exports_a_workbook_the_same_bytes_every_time() {
    let env = Env::new();
    env.ok(&["init"]);
    let reports = common::quarterly_only_reports(&env);
    let def = reports.join("quarterly.toml");
    let text = std::fs::read_to_string(&def).unwrap();
    std::fs::write(
        &def,
        text.replace("formats = [\"html\", \"pdf\"]", "formats = [\"xlsx\"]"),
    )
    .unwrap();
    let exports = env.path("exports");
    env.ok_with_reports(
        &reports,
        &[
            "schedule",
            "run",
            "--now",
            "2018-04-10T10:00+09:00",
            "--out-dir",
            exports.to_str().unwrap(),
        ],
    );
    let book = exports.join("quarterly/FY2017Q4.ja.xlsx");
    assert!(
        workbook_rows(&book).len() > 1,
        "the exported workbook has no rows"
    );
    let verify = env
        .cmd_with_reports(&reports)
        .args(["schedule", "verify"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&verify.stdout).to_string()
        + &String::from_utf8_lossy(&verify.stderr);
    assert!(
        verify.status.success() && said.contains("match the log"),
        "{said}"
    );
    // Made again from the same record, as known at the same moment, it is the same file.
    let again = env.path("again.xlsx");
    env.ok_with_reports(
        &reports,
        &[
            "report",
            "render",
            "quarterly",
            "--period",
            "FY2017Q4",
            "--format",
            "xlsx",
            "--known-at",
            "2018-04-10T10:00+09:00",
            "--out",
            again.to_str().unwrap(),
        ],
    );
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(&book).unwrap()
    );
}

#[test]
fn hubs_listed_as_a_workbook_import_into_another_database_unchanged() {
    let env = Env::new();
    env.ok(&["init"]);
    let csv = env.path("kenya.csv");
    std::fs::write(
        &csv,
        "code,name_ja,name_en,country,kind,partners,status,effective_date,expected_date,note,source\n\
         K01,ナイロビ画像診断センター,Nairobi Imaging Centre,KE,imaging,富士フイルム;豊田通商,opened,2018-02-01,,,報道発表\n\
         K02,モンバサ健診センター,,KE,health_check,+医療法人A,planned,2018-03-01,2019-04-01,省の報告による,省の報告\n",
    )
    .unwrap();
    env.ok(&["import", "hubs", csv.to_str().unwrap()]);
    let book = to_file(
        &env,
        &[
            "hub",
            "list",
            "--country",
            "KE",
            "--for-import",
            "--format",
            "xlsx",
        ],
        "kenya.xlsx",
    );
    let other = Env::new();
    other.ok(&["init"]);
    other.ok(&["import", "hubs", book.to_str().unwrap()]);
    let listed = |e: &Env| e.ok(&["hub", "list", "--country", "KE", "--format", "csv"]);
    assert_eq!(listed(&other), listed(&env));
    assert_eq!(listed(&env).lines().count(), 3);
}

#[test]
fn the_export_log_of_an_earlier_database_is_carried_over_whole() {
    // A database as tenkai made it before workbooks (migrations 1 to 8), with an export.
    let env = Env::empty();
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        for (i, (_, sql)) in tenkai::store::MIGRATIONS.iter().take(8).enumerate() {
            conn.execute_batch(sql).unwrap();
            conn.pragma_update(None, "user_version", i as i64 + 1)
                .unwrap();
        }
        conn.execute_batch(tenkai::store::SEED).unwrap();
        conn.execute(
            "INSERT INTO export_log (report, period, format, lang, path, bytes, sha256, status, known_at, started_at, finished_at, origin) \
             VALUES ('quarterly', 'FY2017Q4', 'pdf', 'ja', 'exports/q.pdf', 10, 'ab', 'ok', 't', 't', 't', 'schedule')",
            [],
        )
        .unwrap();
    }
    let log = |env: &Env| env.ok(&["sql", "SELECT * FROM export_log", "--format", "csv"]);
    let before = log(&env);
    // The migration runs on this first use: the row is there as it was, and still cannot change.
    assert_eq!(log(&env), before);
    assert!(
        before.contains("quarterly,FY2017Q4,pdf,ja,exports/q.pdf,10,ab,ok"),
        "{before}"
    );
    let (_, err) = env.fails(&["sql", "--write", "DELETE FROM export_log"]);
    assert!(!err.is_empty());
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let refused = conn
        .execute("DELETE FROM export_log", [])
        .unwrap_err()
        .to_string();
    assert!(refused.contains("append-only"), "{refused}");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version as usize, tenkai::store::MIGRATIONS.len());
    drop(conn);
    assert_eq!(log(&env), before, "the row after the migration");
    // And the log now takes a workbook's export.
    let book = env.path("q.xlsx");
    env.ok(&[
        "report",
        "render",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--format",
        "xlsx",
        "--out",
        book.to_str().unwrap(),
    ]);
    assert!(log(&env).contains(",xlsx,ja,"), "{}", log(&env));
}
