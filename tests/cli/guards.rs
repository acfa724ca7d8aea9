//! Refusals of writes that would record something untrue: a send of a period that has not ended.
//! Each refusal leaves the database as it was.

use crate::common;
use common::Env;

/// `tenkai hub set-status` with its arguments.
fn set_status<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["hub", "set-status"];
    all.extend_from_slice(args);
    all
}

/// `tenkai report render quarterly --period P --lang ja --format html` with extra arguments.
fn render_args<'a>(period: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "report",
        "render",
        "quarterly",
        "--period",
        period,
        "--lang",
        "ja",
        "--format",
        "html",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn a_period_that_has_not_ended_is_not_sent_and_a_draft_is_not_a_send() {
    let env = Env::new();
    env.at_time("2018-07-16T09:00:00+09:00");
    let before = env.dump();
    let (code, err) = env.fails(&render_args("FY2018Q2", &[]));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("FY2018Q2 ends on 2018-09-30") && err.contains("--draft"),
        "{err}"
    );
    // An as-of date after today is refused too, for a period that has ended.
    let (code, err) = env.fails(&render_args("FY2018Q1", &["--as-of", "2018-08-01"]));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("2018-08-01") && err.contains("--draft"),
        "{err}"
    );
    assert_eq!(env.dump(), before, "a refused send wrote to the database");
    assert!(common::files(&env.path("exports")).is_empty());
    // A draft of the unended period is written and logged nowhere; the schedule still owes it.
    env.ok(&render_args("FY2018Q2", &["--draft"]));
    assert_eq!(env.dump(), before, "a draft wrote to the database");
    // A period that has ended is sent as before.
    env.ok(&render_args("FY2018Q1", &[]));
    assert!(env.path("exports/quarterly/FY2018Q1.ja.html").exists());
}

#[test]
fn a_send_logged_before_its_period_ended_does_not_count_for_the_schedule() {
    let env = Env::new();
    // A send of FY2018Q2 logged in July, as a tenkai without the refusal wrote it.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    for f in ["html", "pdf"] {
        conn.execute(
            "INSERT INTO export_log (report, period, format, lang, path, bytes, sha256, status, known_at, started_at, finished_at, origin, kind)
             VALUES ('quarterly', 'FY2018Q2', ?1, 'ja', ?2, 1, 'x', 'ok', '2018-07-16T00:00:00Z', '2018-07-16T00:00:00Z', '2018-07-16T00:00:01Z', 'render', 'send')",
            rusqlite::params![f, format!("exports/quarterly/FY2018Q2.ja.{f}")],
        )
        .unwrap();
    }
    drop(conn);
    let reports = common::quarterly_only_reports(&env);
    env.at_time("2018-10-10T10:00:00+09:00");
    let out = env.ok_with_reports(&reports, &["schedule", "run", "--dry-run"]);
    assert!(
        out.contains("quarterly FY2018Q2: exports/quarterly/FY2018Q2.ja.html"),
        "the early send counted as FY2018Q2's send: {out}"
    );
}

#[test]
fn an_opening_dated_before_an_undated_planned_status_is_refused() {
    let env = Env::new();
    env.at_time("2018-07-16T09:00:00+09:00");
    // The seed has H14 planned by 2018-03-31, a date the source does not give.
    let before = env.dump();
    let (code, err) = env.fails(&set_status(&[
        "H14",
        "opened",
        "--date",
        "2010-01-01",
        "--source",
        "x",
    ]));
    assert_ne!(code, 0);
    assert!(
        err.contains("would never become the hub's status of today")
            && err.contains("--date 2018-03-31 --precision unknown"),
        "{err}"
    );
    let (_, err) = env.fails(&set_status(&[
        "H14", "opened", "--date", "2010", "--source", "x",
    ]));
    assert!(err.contains("would never become"), "{err}");
    assert_eq!(env.dump(), before, "a refused status wrote to the database");
    // The way the message names: correct the undated status, then date the opening.
    env.ok(&set_status(&[
        "H14",
        "opened",
        "--date",
        "2018-03-31",
        "--precision",
        "unknown",
        "--source",
        "x",
    ]));
    env.ok(&set_status(&[
        "H14",
        "opened",
        "--date",
        "2010-01-01",
        "--source",
        "x",
    ]));
    let current = common::count(
        &env.db,
        "SELECT count(*) FROM hub_status_current WHERE code = 'H14' AND status = 'opened'",
    );
    assert_eq!(current, 1);
}

#[test]
fn a_blank_source_is_refused() {
    let env = Env::new();
    let before = env.dump();
    for blank in ["", "   "] {
        let (code, err) = env.fails(&set_status(&[
            "H10",
            "opened",
            "--date",
            "2018-05-15",
            "--source",
            blank,
        ]));
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("a source cannot be blank"), "{err}");
        let (code, err) = env.fails(&[
            "meeting",
            "add",
            "99",
            "--date",
            "2018-06-01",
            "--source",
            blank,
        ]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("a source cannot be blank"), "{err}");
    }
    assert_eq!(env.dump(), before, "a refused row wrote to the database");
}

/// The quarter workbook at `name`, with `rows` put on its sheets (openpyxl); `None` without it.
fn workbook(env: &Env, name: &str, rows: &str) -> Option<std::path::PathBuf> {
    let form = env.path(name);
    env.ok(&[
        "import",
        "template",
        "quarter",
        "--out",
        form.to_str().unwrap(),
    ]);
    let script = format!(
        "book = openpyxl.load_workbook(sys.argv[1])\ndef put(sheet, row, values):\n    ws = book[sheet]\n    for i, v in enumerate(values):\n        ws.cell(row=row, column=i + 1, value=v)\n{rows}\nbook.save(sys.argv[1])\n"
    );
    common::openpyxl(&script, &form).then_some(form)
}

/// `import quarter FORM` with `extra`, asserting it is refused with each of `says`, and that the
/// database did not change.
fn refused(env: &Env, form: &std::path::Path, extra: &[&str], says: &[&str]) -> String {
    let before = env.dump();
    let mut args = vec!["import", "quarter", form.to_str().unwrap()];
    args.extend_from_slice(extra);
    let (code, err) = env.fails(&args);
    assert_eq!(code, 1, "{err}");
    for s in says {
        assert!(err.contains(s), "{s}\n{err}");
    }
    assert_eq!(env.dump(), before, "a refused import wrote");
    err
}

#[test]
fn the_dry_run_refuses_what_the_import_refuses_and_names_the_cell() {
    let env = Env::new();
    env.at_time("2018-07-16T09:00:00+09:00");
    // H18 is planned by 2018-03-31 (no date given). Opened, then planned again a month later.
    let Some(form) = workbook(
        &env,
        "backwards.xlsx",
        r#"put("拠点の状況変更", 3, ["H18", "開業済み", "2018-05-01", None, None, None, "x"])
put("拠点の状況変更", 4, ["H18", "開業予定", "2018-06-01", None, None, None, "x"])"#,
    ) else {
        return;
    };
    let cell = "sheet '拠点の状況変更', cell B4 (status): the hub has been opened since 2018-05-01";
    refused(&env, &form, &["--dry-run"], &[cell]);
    refused(&env, &form, &[], &[cell]);
    // The same rows the other way round: the opening would be followed by a later planned.
    let form = workbook(
        &env,
        "backwards_rev.xlsx",
        r#"put("拠点の状況変更", 3, ["H18", "開業予定", "2018-06-01", None, None, None, "x"])
put("拠点の状況変更", 4, ["H18", "開業済み", "2018-05-01", None, None, None, "x"])"#,
    )
    .unwrap();
    for extra in [&["--dry-run"][..], &[]] {
        let err = refused(
            &env,
            &form,
            extra,
            &["sheet '拠点の状況変更', cell B4 (status): hub H18 is recorded planned from 2018-06-01"],
        );
        assert!(!err.contains("before hub H18 existed"), "{err}");
    }
}

#[test]
fn exact_repeats_are_refused_in_a_workbook_on_a_second_import_and_by_a_command() {
    let env = Env::new();
    env.at_time("2018-07-16T09:00:00+09:00");
    let rows = r#"put("拠点の状況変更", 3, ["H10", "開業済み", "2018-05", None, None, None, "プレスリリース"])
put("会員数", 3, ["栄養改善事業推進プラットフォーム", "2018-06-30", 61, None, "NJPPP会員一覧"])
put("記録の範囲", 3, ["会合", "2018-06-30", "事務局 会合一覧", None])
put("拠点の変更", 3, ["H10", "2018-05", None, "生活習慣病センター", None, None, None, None, "報道発表"])"#;
    let Some(form) = workbook(&env, "q.xlsx", rows) else {
        return;
    };
    env.ok(&["import", "quarter", form.to_str().unwrap()]);
    // The same workbook again: each row is already recorded.
    for extra in [&["--dry-run"][..], &[]] {
        refused(
            &env,
            &form,
            extra,
            &[
                "sheet '拠点の状況変更', row 3",
                "the status opened of hub H10 from 2018-05-01 is already recorded",
                "sheet '会員数', row 3",
                "sheet '記録の範囲', row 3",
                "sheet '拠点の変更', cell B3 (date): H10 already has, at 2018-05, every value",
            ],
        );
    }
    // The same status twice in one sheet: the file gives two values for one date, not one
    // already recorded.
    let twice = workbook(
        &env,
        "twice.xlsx",
        r#"put("拠点の状況変更", 3, ["H16", "開業済み", "2018-06", None, None, None, "現地報道"])
put("拠点の状況変更", 4, ["H16", "開業済み", "2018-06", None, None, None, "現地報道"])"#,
    )
    .unwrap();
    refused(
        &env,
        &twice,
        &["--dry-run"],
        &["sheet '拠点の状況変更', cell C4 (date): sheet '拠点の状況変更', row 3 gives a status for the same date"],
    );
    refused(
        &env,
        &twice,
        &[],
        &["sheet '拠点の状況変更', cell C4 (date): sheet '拠点の状況変更', row 3 gives a status for the same date"],
    );
    // By command: the same status again, and a rename to the name the organisation has.
    let before = env.dump();
    let (code, err) = env.fails(&set_status(&[
        "H10",
        "opened",
        "--date",
        "2018-05",
        "--source",
        "プレスリリース",
    ]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("already recorded"), "{err}");
    let (code, err) = env.fails(&[
        "org",
        "rename",
        "医療法人北斗",
        "--name-ja",
        "医療法人北斗",
        "--date",
        "2018-06",
        "--source",
        "x",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("is already the organisation's name"), "{err}");
    assert_eq!(env.dump(), before, "a refused repeat wrote");
}

#[test]
fn two_hubs_renamed_to_one_name_in_a_workbook_are_refused_at_the_cell() {
    let env = Env::new();
    env.at_time("2018-07-16T09:00:00+09:00");
    let Some(form) = workbook(
        &env,
        "same.xlsx",
        r#"put("拠点の変更", 3, ["H18", "2018-06", None, "入替名X", None, None, None, None, "x"])
put("拠点の変更", 4, ["H20", "2018-06", None, "入替名X", None, None, None, None, "x"])"#,
    ) else {
        return;
    };
    let cell = "sheet '拠点の変更', cell D4 (name_ja): '入替名X' is the name of hub H18";
    refused(&env, &form, &["--dry-run"], &[cell]);
    refused(&env, &form, &[], &[cell]);
}

#[test]
fn a_status_is_typed_by_its_name_as_in_the_forms_and_a_dry_run_writes_nothing() {
    let env = Env::new();
    env.at_time("2018-07-05T09:00:00+09:00");
    let before = env.dump();
    let said = env.ok(&set_status(&[
        "H10",
        "開業済み",
        "--date",
        "2018-05",
        "--source",
        "報道発表",
        "--dry-run",
    ]));
    // The month as given, never the day it is stored as.
    assert!(said.contains("H10: opened from 2018-05 (month)"), "{said}");
    assert_eq!(env.dump(), before, "a dry run wrote to the database");
    env.ok(&set_status(&[
        "H10",
        "開業済み",
        "--date",
        "2018-05",
        "--source",
        "報道発表",
    ]));
    let stored = common::count(
        &env.path("tenkai.sqlite"),
        "SELECT count(*) FROM hub_status s JOIN hubs h ON h.id = s.hub_id
         WHERE h.code = 'H10' AND s.status = 'opened' AND s.effective_date = '2018-05-01'",
    );
    assert_eq!(stored, 1, "the name was not stored as its code");
    // A misspelt status gets the closest one, and nothing is written.
    let before = env.dump();
    let (code, err) = env.fails(&set_status(&[
        "H13", "opend", "--date", "2018-05", "--source", "x",
    ]));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("did you mean 開業済み / Open (opened)"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn a_hub_code_is_letters_digits_and_dashes_and_a_dry_run_adds_nothing() {
    let env = Env::new();
    env.at_time("2018-07-05T09:00:00+09:00");
    let before = env.dump();
    let add = |code: &'static str, dry: bool| {
        let mut a = vec![
            "hub",
            "add",
            code,
            "--name-ja",
            "テスト診療所",
            "--country",
            "VN",
            "--kind",
            "clinic",
            "--status",
            "開業予定",
            "--date",
            "2018-06",
            "--source",
            "x",
        ];
        if dry {
            a.push("--dry-run");
        }
        a
    };
    let (code, err) = env.fails(&add("H-33 ;DROP", false));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("' ', ';'") && err.contains("such as H29"),
        "{err}"
    );
    let said = env.ok(&add("H33", true));
    assert!(
        said.contains("hub H33: テスト診療所 (VN, clinic)"),
        "{said}"
    );
    assert_eq!(
        env.dump(),
        before,
        "a refused or dry-run add wrote to the database"
    );
    env.ok(&add("H33", false));
    assert!(env.ok(&["hub", "show", "H33"]).contains("planned"));
}

#[test]
fn implausible_facts_are_refused_with_what_to_check_and_nothing_is_written() {
    let env = Env::new();
    env.at_time("2018-07-05T09:00:00+09:00");
    let before = env.dump();
    let refusals: [(&[&str], &str); 4] = [
        (
            &[
                "meeting",
                "add",
                "14",
                "--date",
                "2017-06-20",
                "--agenda",
                "議題",
                "--source",
                "x",
            ],
            "meeting 14 is dated 2017-06-20, before meeting 13 (2018-03-22)",
        ),
        (
            &[
                "meeting",
                "add",
                "12",
                "--date",
                "2018-04-20",
                "--agenda",
                "議題",
                "--source",
                "x",
            ],
            "already exists",
        ),
        (
            &[
                "members",
                "record",
                "5000000000",
                "--date",
                "2018-06-30",
                "--source",
                "x",
            ],
            "<COUNT>: 5000000000 member companies and organisations is more than 100000",
        ),
        (
            &[
                "agreement",
                "add",
                "--country",
                "インド",
                "--kind",
                "MOC",
                "--date",
                "1850-01-01",
                "--title-ja",
                "覚書",
                "--source",
                "x",
            ],
            "1850-01-01 is before 1950",
        ),
    ];
    for (args, said) in refusals {
        let (code, err) = env.fails(args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(err.contains(said), "{args:?}: {err}");
    }
    // A member count has a dry run too, and the count recorded after it is the one checked.
    let record = [
        "members",
        "record",
        "60",
        "--date",
        "2018-06-30",
        "--source",
        "名簿",
    ];
    env.ok(&[&record[..], &["--dry-run"]].concat());
    assert_eq!(
        env.dump(),
        before,
        "a refusal or a dry run wrote to the database"
    );
    env.ok(&record);
    let n = common::count(
        &env.path("tenkai.sqlite"),
        "SELECT count(*) FROM platform_members WHERE members = 60",
    );
    assert_eq!(n, 1);
}

#[test]
fn a_hub_change_that_changes_nothing_is_refused() {
    let env = Env::new();
    env.at_time("2018-07-05T09:00:00+09:00");
    let change = |partner: &'static str, new: bool| {
        let mut a = vec![
            "hub",
            "change",
            "H16",
            "--partner",
            "富士フイルム",
            "--partner",
            partner,
        ];
        if new {
            a.extend(["--new-partner", partner]);
        }
        a.extend(["--date", "2018-06", "--source", "報道発表"]);
        a
    };
    env.ok(&change("あおば医療", true));
    let before = env.dump();
    // The same partners again, at the same date: nothing would change.
    let (code, err) = env.fails(&change("あおば医療", false));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("H16 already has, at 2018-06, every value"),
        "{err}"
    );
    // The kind it has is no change either.
    let (code, err) = env.fails(&[
        "hub",
        "change",
        "H16",
        "--kind",
        "リハビリテーションセンター",
        "--date",
        "2018-06",
        "--source",
        "別の資料",
    ]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        env.dump(),
        before,
        "a change that changes nothing was written"
    );
}

#[test]
fn a_renamed_hub_is_offered_by_its_new_name_and_read_by_either() {
    let env = Env::new();
    env.at_time("2018-07-05T09:00:00+09:00");
    env.ok(&[
        "hub",
        "change",
        "H16",
        "--name-ja",
        "ミタパプ新センター",
        "--date",
        "2018-06",
        "--source",
        "報道発表",
    ]);
    // A form written after the rename offers the new name; one filled before it, the old.
    let rows = r#"assert "ミタパプ新センター（H16）" in [c.value for r in book["選択肢"].iter_rows() for c in r]
assert "ミタパプリハビリテーションセンター（仮称）（H16）" not in [c.value for r in book["選択肢"].iter_rows() for c in r]
put("拠点の状況変更", 3, ["ミタパプ新センター（H16）", "開業済み", "2018-06", None, None, None, "報道"])
put("拠点の状況変更", 4, ["ミタパプリハビリテーションセンター（仮称）（H16）", "休止中", "2018-07", None, None, None, "報道"])
put("拠点の状況変更", 5, ["ミタパプ新センター", "開業済み", "2018-07-02", None, None, None, "報道"])"#;
    let Some(form) = workbook(&env, "q.xlsx", rows) else {
        return;
    };
    let said = common::quarter_dry_run(&env, &form, &["3行目：H16 ", "4行目：H16 "]);
    assert_eq!(said.matches("行目：H16 ").count(), 3, "{said}");
}
