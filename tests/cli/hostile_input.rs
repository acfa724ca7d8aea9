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

#[test]
fn a_file_giving_one_hub_two_statuses_or_one_platform_two_counts_for_a_date_is_refused() {
    let env = env();
    let fill = r#"put("拠点の状況変更", 3, ["H13", "開業済み", "平成30年５月", None, None, "開業", "報道A"])
put("拠点の状況変更", 4, ["H13", "開業予定", "2018-05", None, None, None, "報道B"])
put("会員数", 3, ["栄養改善事業推進プラットフォーム", "2018/7/1", 70, None, "S"])
put("会員数", 4, ["栄養改善事業推進プラットフォーム", "2018/7/1", 71, None, "S"])"#;
    if let Some(form) = quarter_form(&env, fill) {
        for extra in [&["--dry-run"][..], &[]] {
            let mut args = vec!["import", "quarter", form.as_str()];
            args.extend_from_slice(extra);
            let (_, err) = refused(&env, &args);
            assert!(
                err.contains("sheet '拠点の状況変更', cell C4 (date): sheet '拠点の状況変更', row 3 gives a status for the same date")
                    && err.contains("sheet '会員数', cell B4 (date): sheet '会員数', row 3 gives a member count for the same date"),
                "{err}"
            );
        }
    }
    // The files of one kind, the same.
    let status = env.path("status.csv");
    std::fs::write(
        &status,
        "hub,status,effective_date,expected_date,note,source\nH13,開業済み,2018-05,,,報道A\nH13,planned,平成30年5月,,,報道B\n",
    )
    .unwrap();
    let (_, err) = refused(&env, &["import", "hub-status", status.to_str().unwrap()]);
    assert!(
        err.contains("line 3, column effective_date: line 2 gives H13 a status for the same date"),
        "{err}"
    );
    let members = env.path("members.csv");
    std::fs::write(
        &members,
        "platform,effective_date,members,source\nnutrition,2018-07-01,70,S\nnutrition,2018-07-01,71,S\n",
    )
    .unwrap();
    let (_, err) = refused(&env, &["import", "members", members.to_str().unwrap()]);
    assert!(err.contains("line 3, column effective_date: line 2 gives nutrition a member count for the same date"), "{err}");
}

#[test]
fn partners_written_as_one_name_with_a_list_mark_are_refused_naming_the_known_ones() {
    let env = env();
    let add = |partner: &'static str, new: Option<&'static str>| {
        let mut args = vec![
            "hub",
            "add",
            "H31",
            "--name-ja",
            "新拠点C",
            "--country",
            "VN",
            "--kind",
            "hospital",
            "--partner",
            partner,
            "--status",
            "planned",
            "--date",
            "2018-06-01",
            "--source",
            "報道",
        ];
        if let Some(n) = new {
            args.extend(["--new-partner", n]);
        }
        refused(&env, &args)
    };
    let (_, err) = add("富士フイルム、オリンパス", None);
    assert!(
        err.contains("holds 「、」")
            && err.contains("separate partners with ; (富士フイルム;オリンパス)")
            && err.contains("each is a known organisation ('富士フイルム', 'オリンパス')"),
        "{err}"
    );
    let (_, err) = add("新法人Y，オリンパス", Some("新法人Y，オリンパス"));
    assert!(
        err.contains("holds 「，」") && err.contains("of them, 'オリンパス' known"),
        "{err}"
    );
    let form = quarter_form(
        &env,
        r#"put("新しい拠点", 3, ["H31", "新拠点C", None, "ベトナム", "病院", "+新法人Y、オリンパス", "開業予定", "2018-06-01", None, None, None, "報道"])"#,
    );
    if let Some(form) = form {
        let (_, err) = refused(&env, &["import", "quarter", &form, "--dry-run"]);
        assert!(err.contains("'新法人Y、オリンパス' holds 「、」"), "{err}");
    }
}

#[test]
fn a_dry_run_of_a_file_of_facts_takes_no_write_lock() {
    let env = env();
    let file = agreements(
        &env,
        "a.csv",
        &[
            "インド,MOC,2018-06-12,,日印覚書,,,,,報道発表,,",
            "タイ,MOC,2018-06-13,,日タイ覚書,,,,,報道発表,,",
        ],
    );
    // Another writer holds the write lock for the whole dry run.
    let other = rusqlite::Connection::open(&env.db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let before = env.dump();
    let out = env
        .cmd()
        .args(["import", "agreements", &file, "--dry-run"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && err.contains("2 row(s) are valid"),
        "{err}"
    );
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(env.dump(), before);
}

#[test]
fn a_narrative_or_a_query_in_cp932_is_bad_usage_that_says_the_encoding_and_the_fix() {
    let env = env();
    let file = env.path("n_cp932.txt");
    // 「概況の文章です。」 in CP932.
    let cp932: &[u8] = &[
        0x8a, 0x54, 0x8b, 0xb5, 0x82, 0xcc, 0x95, 0xb6, 0x8f, 0xcd, 0x82, 0xc5, 0x82, 0xb7, 0x81,
        0x42,
    ];
    std::fs::write(&file, cp932).unwrap();
    let (code, err) = refused(
        &env,
        &[
            "narrative",
            "set",
            "--period",
            "FY2018Q1",
            "--section",
            "summary",
            "--lang",
            "ja",
            "--file",
            file.to_str().unwrap(),
        ],
    );
    assert!(
        code == 2
            && err.contains("n_cp932.txt is not UTF-8")
            && err.contains("CP932")
            && err.contains("save it as UTF-8"),
        "{err}"
    );
    let query = [&b"select '"[..], cp932, b"'"].concat();
    let out = env
        .cmd()
        .args(["sql", "-"])
        .write_stdin(query)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.code() == Some(2)
            && err.contains("the query on stdin is not UTF-8")
            && err.contains("CP932"),
        "{err}"
    );
}

#[test]
fn contradictory_or_nameless_sql_parameters_are_refused() {
    let env = env();
    for (args, says) in [
        (
            &["--param", "a=1", "--param", "a=2", "select :a"][..],
            "--param a is given twice ('1' and '2')",
        ),
        (
            &[
                "--as-of",
                "2018-01-01",
                "--param",
                "as_of=2019-01-01",
                "select :as_of",
            ],
            "--param as_of and --as-of both bind :as_of",
        ),
        (
            &["--param", "as_of=garbage", "select :as_of"],
            "give --as-of garbage",
        ),
        (&["--param", "=x", "select 1"], "--param '=x' has no name"),
    ] {
        let mut a = vec!["sql"];
        a.extend_from_slice(args);
        let (code, err) = env.fails(&a);
        assert!(code == 2 && err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(
        env.ok(&["sql", "--param", "a=1", "select :a AS a", "--format", "csv"])
            .trim(),
        "a\n1"
    );
}

#[test]
fn a_period_is_taken_in_full_width_and_in_the_japanese_calendar_as_a_date_is() {
    let env = env();
    for (typed, is) in [
        ("ＦＹ２０１７Ｑ４", "FY2017Q4"),
        ("平成29年度", "FY2017"),
        ("令和元年度", "FY2019"),
        ("2018年3月", "2018-03"),
        ("平成30年", "2018"),
    ] {
        let ours = env.ok(&["period", is, "--format", "json"]);
        assert_eq!(
            env.ok(&["period", typed, "--format", "json"]),
            ours,
            "{typed}"
        );
    }
    let (code, err) = env.fails(&["period", "2018年3月31日"]);
    assert!(code == 2 && err.contains("is not a period"), "{err}");
}

#[test]
fn a_csv_named_xlsx_given_as_the_quarter_form_is_not_told_to_be_renamed_to_csv() {
    let env = env();
    let fake = env.path("fake.xlsx");
    std::fs::write(&fake, "a,b\n1,2\n").unwrap();
    let (_, err) = refused(
        &env,
        &["import", "quarter", fake.to_str().unwrap(), "--dry-run"],
    );
    assert!(
        err.contains("this is a CSV file")
            && !err.contains("rename it to .csv")
            && err.contains("import template quarter"),
        "{err}"
    );
}

#[test]
fn a_duplicate_agreement_is_named_at_its_recorded_precision() {
    let env = env();
    let add = |date: &'static str, title: &'static str| {
        vec![
            "agreement",
            "add",
            "--country",
            "IN",
            "--kind",
            "MOC",
            "--date",
            date,
            "--title-ja",
            title,
            "--source",
            "s",
        ]
    };
    env.ok(&add("2018-06", "日印覚書その2"));
    let (_, err) = refused(&env, &add("2018-06-01", "日印覚書その3"));
    assert!(
        err.contains("dated 2018-06 (month), 「日印覚書その2」;") && !err.contains("2018-06-01"),
        "{err}"
    );
}

#[test]
fn a_blank_note_or_english_title_is_refused_rather_than_stored_empty() {
    let env = env();
    let (_, err) = refused(
        &env,
        &[
            "members",
            "record",
            "62",
            "--date",
            "2018-06-30",
            "--source",
            "事務局報告",
            "--note",
            "",
        ],
    );
    assert!(
        err.contains("--note: is empty: give it, or leave it out"),
        "{err}"
    );
    let (_, err) = refused(
        &env,
        &[
            "agreement",
            "add",
            "--country",
            "IN",
            "--kind",
            "MOC",
            "--date",
            "2018-06-12",
            "--title-ja",
            "日印覚書",
            "--title-en",
            " ",
            "--source",
            "s",
        ],
    );
    assert!(err.contains("--title-en: is empty"), "{err}");
}

#[test]
fn a_source_document_dated_after_today_is_refused() {
    let env = env();
    let (code, err) = refused(
        &env,
        &[
            "source",
            "add",
            "s5",
            "--title-ja",
            "x",
            "--title-en",
            "y",
            "--date",
            "2030-01-01",
        ],
    );
    assert!(
        code == 2 && err.contains("is after today (2018-07-05)"),
        "{err}"
    );
}

#[test]
fn wg_add_and_country_add_take_dry_run_and_write_nothing() {
    let env = env();
    for args in [
        &[
            "wg",
            "add",
            "digital",
            "--name-ja",
            "デジタルヘルスWG",
            "--date",
            "2018-06-20",
            "--source",
            "第14回議事次第",
            "--dry-run",
        ][..],
        &[
            "country",
            "add",
            "SA",
            "--name-ja",
            "サウジアラビア",
            "--name-en",
            "Saudi Arabia",
            "--dry-run",
        ],
    ] {
        let before = env.dump();
        let out = env.cmd().args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && err.contains("nothing was written (--dry-run)"),
            "{err}"
        );
        assert_eq!(env.dump(), before, "{args:?}");
    }
    // A dry run checks as the command does: a code taken is refused.
    refused(
        &env,
        &[
            "country",
            "add",
            "VN",
            "--name-ja",
            "ベトナム2",
            "--name-en",
            "Viet Nam 2",
            "--dry-run",
        ],
    );
}

#[test]
fn org_rename_takes_the_english_of_its_source_and_note() {
    let env = env();
    env.ok(&[
        "org",
        "rename",
        "東芝メディカルシステムズ",
        "--name-ja",
        "キヤノンメディカルシステムズ",
        "--date",
        "2018-01-04",
        "--source",
        "社名変更の報道発表",
        "--source-en",
        "Press release on the new name",
        "--note",
        "社名変更",
        "--note-en",
        "Renamed",
    ]);
    let csv = env.ok(&[
        "sql",
        "SELECT ja, en FROM english_texts ORDER BY ja",
        "--format",
        "csv",
    ]);
    assert!(
        csv.contains("社名変更,Renamed")
            && csv.contains("社名変更の報道発表,Press release on the new name"),
        "{csv}"
    );
}

#[test]
fn source_list_takes_the_options_of_every_listing() {
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
    let out = env.path("sources.csv");
    env.ok(&[
        "source",
        "list",
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    let all = std::fs::read_to_string(&out).unwrap();
    assert!(all.contains("mhlw-1") && all.contains("tf2018-03"), "{all}");
    let before = env.ok(&[
        "source",
        "list",
        "--format",
        "csv",
        "--known-at",
        "2018-07-01",
    ]);
    assert!(
        !before.contains("mhlw-1") && before.contains("tf2018-03"),
        "{before}"
    );
    let dated = env.ok(&["source", "list", "--format", "csv", "--as-of", "2018-05-14"]);
    assert!(!dated.contains("mhlw-1"), "{dated}");
}

#[test]
fn a_long_import_says_its_progress_where_stderr_is_not_a_terminal_and_records_each_english() {
    let env = env();
    let path = env.path("policies.csv");
    let mut csv =
        String::from("title_ja,title_en,date,precision,meeting,note,source,note_en,source_en\n");
    for i in 0..10_000 {
        csv += &format!("方針{i},Policy {i},FY2018,,,,出典{i},,Source {i}\n");
    }
    std::fs::write(&path, csv).unwrap();
    let file = path.to_str().unwrap();
    let dry = env
        .cmd()
        .args(["import", "policies", file, "--dry-run"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&dry.stderr);
    assert!(
        dry.status.success()
            && err.contains("checking 10000 rows…")
            && err.contains("writing 10000 rows…"),
        "{err}"
    );
    env.ok(&["import", "policies", file]);
    let n = common::count(
        &env.db,
        "SELECT count(*) FROM english_texts WHERE ja LIKE '出典%'",
    );
    assert_eq!(n, 10_000);
}

#[test]
fn a_time_of_day_in_a_date_cell_is_refused_not_taken_as_the_last_day_of_1899() {
    let env = env();
    let fill = r#"put("拠点の状況変更", 3, ["H13", "開業済み", datetime.time(10, 0), None, None, "開業", "報道A"])"#;
    let Some(form) = quarter_form(&env, fill) else {
        return;
    };
    let (code, err) = refused(&env, &["import", "quarter", form.as_str()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "sheet '拠点の状況変更', cell C3 holds a time of day and no date; write the date"
        ),
        "{err}"
    );
    assert!(!err.contains("1899"), "{err}");
}
