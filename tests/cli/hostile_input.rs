//! What a user types or a file gives is checked at input, every text field as the Japanese ones
//! are: characters the report fonts cannot draw, control characters and length, in the English
//! fields too; one English for a text (a file that gives two, or English that would replace the
//! recorded one, is refused); and no English for a registered document's code. A refused write
//! leaves the database as it was.

use crate::common;
use common::Env;

const AGREEMENTS: &str = "country,kind,date,precision,title_ja,title_en,counterpart_ja,counterpart_en,note,source,note_en,source_en";

fn env() -> Env {
    let env = Env::new();
    env.at_time("2018-07-05T09:00:00+09:00");
    env
}

/// Runs a command that must be refused, and checks it changed nothing: its exit code and stderr.
fn refused(env: &Env, args: &[&str]) -> (i32, String) {
    let before = env.dump();
    let out = env.fails(args);
    assert_eq!(env.dump(), before, "{args:?} changed the database");
    out
}

/// A CSV of agreements, one row a line after the header.
fn agreements(env: &Env, name: &str, rows: &[&str]) -> String {
    let path = env.path(name);
    std::fs::write(&path, format!("{AGREEMENTS}\n{}\n", rows.join("\n"))).unwrap();
    path.to_str().unwrap().to_string()
}

fn members(source_en: &str) -> Vec<String> {
    [
        "members",
        "record",
        "60",
        "--date",
        "2018-06-30",
        "--source",
        "事務局報告",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain(["--source-en".to_string(), source_en.to_string()])
    .collect()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn english_given_with_a_command_is_checked_as_the_japanese_is() {
    let env = env();
    let (code, err) = refused(&env, &strs(&members("Secretariat report ✅")));
    assert!(
        code == 2 && err.contains("--source-en") && err.contains("U+2705"),
        "{err}"
    );
    let long = "E".repeat(4001);
    let (code, err) = refused(&env, &strs(&members(&long)));
    assert!(
        code == 2 && err.contains("--source-en") && err.contains("at most 4000"),
        "{err}"
    );
    let (code, err) = refused(
        &env,
        &[
            "hub",
            "set-status",
            "H14",
            "opened",
            "--date",
            "2018-06-01",
            "--source",
            "報道",
            "--note",
            "開業",
            "--note-en",
            "Opened \u{1b}[2J",
        ],
    );
    assert!(
        code == 2 && err.contains("--note-en") && err.contains("U+001B"),
        "{err}"
    );
    env.ok(&strs(&members("Secretariat report")));
}

#[test]
fn a_files_english_cells_are_checked_as_the_japanese_are() {
    let env = env();
    let file = agreements(
        &env,
        "emoji.csv",
        &["インド,MOC,2018-06-12,,日印覚書,,,,集計,報道発表,memo 🎉,Press release"],
    );
    let (_, err) = refused(&env, &["import", "agreements", &file, "--dry-run"]);
    assert!(
        err.contains("line 2, column note_en") && err.contains("U+1F389"),
        "{err}"
    );
    refused(&env, &["import", "agreements", &file]);
}

#[test]
fn a_narrative_is_checked_for_what_the_fonts_cannot_draw_and_control_characters() {
    let env = env();
    let set = [
        "narrative",
        "set",
        "--period",
        "FY2018Q2",
        "--section",
        "summary",
        "--lang",
        "ja",
    ];
    let mut args = set.to_vec();
    args.extend(["--text", "概況🎉"]);
    let (code, err) = refused(&env, &args);
    assert!(
        code == 2 && err.contains("--text") && err.contains("U+1F389"),
        "{err}"
    );
    let file = env.path("n.txt");
    std::fs::write(&file, "a\u{1b}[2Jb").unwrap();
    let mut args = set.to_vec();
    args.extend(["--file", file.to_str().unwrap()]);
    let (code, err) = refused(&env, &args);
    assert!(
        code == 2 && err.contains("n.txt") && err.contains("U+001B"),
        "{err}"
    );
}

#[test]
fn english_that_would_replace_the_recorded_english_is_refused() {
    let env = env();
    env.ok(&strs(&members("Secretariat report")));
    env.at_time("2018-07-05T10:00:00+09:00");
    let mut args = members("Another English");
    args[2] = "61".into();
    let (code, err) = refused(&env, &strs(&args));
    assert!(
        code == 1
            && err.contains("'Secretariat report'")
            && err.contains("tenkai source english --ja '事務局報告'"),
        "{err}"
    );
    let file = agreements(
        &env,
        "replace.csv",
        &["インド,MOC,2018-06-12,,日印覚書,,,,,事務局報告,,Yet another English"],
    );
    let (_, err) = refused(&env, &["import", "agreements", &file, "--dry-run"]);
    assert!(
        err.contains("line 2, column source_en") && err.contains("'Secretariat report'"),
        "{err}"
    );
    // The same English again, or none, is no change.
    let same = agreements(
        &env,
        "same.csv",
        &["インド,MOC,2018-06-12,,日印覚書,,,,,事務局報告,,Secretariat report"],
    );
    env.ok(&["import", "agreements", &same]);
    // `tenkai source english` changes it on purpose.
    env.ok(&[
        "source",
        "english",
        "--ja",
        "事務局報告",
        "--en",
        "Another English",
    ]);
}

#[test]
fn two_rows_giving_one_text_two_englishes_are_refused_naming_both_cells() {
    let env = env();
    let file = agreements(
        &env,
        "two.csv",
        &[
            "インド,MOC,2018-06-12,,日印覚書,,,,,事務局報告,,Totally different English",
            "タイ,MOC,2018-06-13,,日タイ覚書,,,,,事務局報告,,Yet another English",
        ],
    );
    let (_, err) = refused(&env, &["import", "agreements", &file, "--dry-run"]);
    assert!(
        err.contains("line 3, column source_en") && err.contains("line 2, column source_en"),
        "{err}"
    );
    refused(&env, &["import", "agreements", &file]);
}

#[test]
fn english_for_a_registered_documents_code_is_refused_naming_its_title() {
    let env = env();
    env.ok(&[
        "source",
        "add",
        "mhlw-1",
        "--title-ja",
        "厚労省発表",
        "--title-en",
        "MHLW release",
        "--date",
        "2018-05-15",
    ]);
    let (_, err) = refused(
        &env,
        &[
            "hub",
            "set-status",
            "H10",
            "opened",
            "--date",
            "2018-05-15",
            "--source",
            "mhlw-1",
            "--source-en",
            "Something else",
        ],
    );
    assert!(
        err.contains("--source-en") && err.contains("'MHLW release'"),
        "{err}"
    );
    let (_, err) = refused(
        &env,
        &[
            "source",
            "english",
            "--ja",
            "tf2018-03 L183-187",
            "--en",
            "x",
        ],
    );
    assert!(err.contains("--ja") && err.contains("tf2018-03"), "{err}");
    let file = agreements(
        &env,
        "code.csv",
        &["インド,MOC,2018-06-12,,日印覚書,,,,,mhlw-1 p.3,,MHLW p.3"],
    );
    let (_, err) = refused(&env, &["import", "agreements", &file]);
    assert!(
        err.contains("column source_en") && err.contains("'MHLW release'"),
        "{err}"
    );
}

/// The quarter form, with `fill` (openpyxl, `book` open) run on it; `None` without openpyxl.
fn quarter_form(env: &Env, fill: &str) -> Option<String> {
    let form = env.path("Q.xlsx");
    env.ok(&[
        "import",
        "template",
        "quarter",
        "--out",
        form.to_str().unwrap(),
    ]);
    let script = format!(
        "book = openpyxl.load_workbook(sys.argv[1])\n\
         def put(sheet, row, values):\n    for i, v in enumerate(values):\n        book[sheet].cell(row=row, column=i + 1, value=v)\n\
         {fill}\nbook.save(sys.argv[1])\n"
    );
    common::openpyxl(&script, &form).then(|| form.to_str().unwrap().to_string())
}
