//! What a hostile user found in the seventh round: texts that every report would fail to draw,
//! accepted by the commands that did not check them against the report fonts, and a metric
//! whose value is not a finite number.

use crate::common::Env;

/// Each command with a text the report fonts cannot draw is refused as bad usage, names the
/// option, and writes nothing; the same command with a drawable text is accepted.
#[test]
fn a_text_the_report_fonts_cannot_draw_is_refused_by_every_command_that_keeps_it() {
    let env = Env::new();
    env.ok(&["init"]);
    let cases: [(&str, &[&str]); 5] = [
        (
            "--name-ja",
            &[
                "org",
                "rename",
                "医療法人北斗",
                "--name-ja",
                "北斗病院😀",
                "--date",
                "2018-03-01",
                "--source",
                "報道発表",
            ],
        ),
        (
            "--name-en",
            &[
                "org",
                "rename",
                "医療法人北斗",
                "--name-ja",
                "北斗病院",
                "--name-en",
                "Hokuto😀",
                "--date",
                "2018-03-01",
                "--source",
                "報道発表",
            ],
        ),
        (
            "--comment",
            &[
                "target",
                "assess",
                "hubs_2020",
                "--period",
                "FY2017Q4",
                "--rating",
                "green",
                "--comment",
                "順調😀",
            ],
        ),
        (
            "--note",
            &[
                "target",
                "milestone",
                "add",
                "hubs_2020",
                "--date",
                "2019-03-31",
                "--value",
                "30",
                "--note",
                "中間😀",
            ],
        ),
        (
            "--title-ja",
            &[
                "metric",
                "add",
                "m_emoji",
                "--title-ja",
                "指標😀",
                "--title-en",
                "M",
                "--sql",
                "SELECT 1 WHERE :as_of IS NOT NULL",
            ],
        ),
    ];
    let before = env.dump();
    for (option, args) in cases {
        let (code, err) = env.fails(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains(&format!("{option} has '😀' (U+1F600)")) && err.contains("cannot draw"),
            "{args:?}: {err}"
        );
        assert_eq!(env.dump(), before, "{args:?} wrote to the database");
    }
    env.ok(&[
        "org",
        "rename",
        "医療法人北斗",
        "--name-ja",
        "北斗病院",
        "--date",
        "2018-03-01",
        "--source",
        "報道発表",
    ]);
    env.ok(&[
        "target",
        "assess",
        "hubs_2020",
        "--period",
        "FY2017Q4",
        "--rating",
        "green",
        "--comment",
        "順調",
    ]);
    // And the PDF is still made.
    env.ok(&[
        "report",
        "render",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--format",
        "pdf",
        "--out",
        env.path("q.pdf").to_str().unwrap(),
    ]);
}

#[test]
fn a_metric_whose_value_is_not_a_finite_number_is_refused() {
    let env = Env::new();
    env.ok(&["init"]);
    let before = env.dump();
    let sql = "SELECT 1e308 * 10 WHERE :as_of IS NOT NULL AND :known_at IS NOT NULL";
    let (code, err) = env.fails(&[
        "metric",
        "add",
        "m_inf",
        "--title-ja",
        "指標",
        "--title-en",
        "M",
        "--sql",
        sql,
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("must return a finite number") && err.contains("inf"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
}

/// A narrative saved by Notepad as UTF-8 starts with a byte order mark: it is not part of the
/// text. `--file -` reads standard input, as `sql -` does.
#[test]
fn a_narrative_file_with_a_byte_order_mark_or_given_as_stdin_is_taken_as_its_text() {
    let env = Env::new();
    env.ok(&["init"]);
    let set = [
        "narrative",
        "set",
        "--period",
        "FY2017Q4",
        "--section",
        "summary",
        "--lang",
        "ja",
        "--file",
    ];
    let file = env.path("n.txt");
    std::fs::write(&file, "\u{feff}概況は順調。\n").unwrap();
    let mut args = set.to_vec();
    args.push(file.to_str().unwrap());
    env.ok(&args);
    let stored = || -> String {
        rusqlite::Connection::open(&env.db)
            .unwrap()
            .query_row(
                "SELECT body FROM narratives WHERE section = 'summary' ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert!(stored().starts_with("概況は順調。"), "{:?}", stored());
    let mut args = set.to_vec();
    args.push("-");
    let out = env
        .cmd()
        .args(&args)
        .write_stdin("標準入力から。")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stored().starts_with("標準入力から。"), "{:?}", stored());
}

/// A PDF asked for into `q.html` would be shown by a browser as bytes: the extension and the
/// format must agree, and nothing is written or logged when they do not.
#[test]
fn an_out_file_whose_extension_names_another_format_is_refused() {
    let env = Env::new();
    env.ok(&["init"]);
    let before = env.dump();
    for (format, name) in [("pdf", "q.html"), ("html", "q.PDF"), ("xlsx", "q.htm")] {
        let out = env.path(name);
        let (code, err) = env.fails(&[
            "report",
            "render",
            "quarterly",
            "--period",
            "FY2017Q4",
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains(&format!("but --format is {format}"))
                && err.contains(&format!("extension .{format}")),
            "{err}"
        );
        assert!(!out.exists());
        assert_eq!(env.dump(), before);
    }
}

/// A CSV saved as UTF-16 (Excel's "Unicode text") says so by its byte order mark: it is read as
/// UTF-16 and said to be, not called CP932; asked to read it as CP932, tenkai refuses it.
#[test]
fn a_utf16_csv_is_read_as_utf16_and_said_to_be() {
    let env = Env::new();
    env.ok(&["init"]);
    let text = "code,name_ja,name_en,country,kind,partners,status,effective_date,expected_date,note,source\n\
                K01,ナイロビ画像診断センター,Nairobi Imaging Centre,KE,imaging,富士フイルム,opened,2018-02-01,,,報道発表\n";
    let csv = env.path("u16.csv");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&csv, bytes).unwrap();
    let before = env.dump();
    let (code, err) = env.fails(&[
        "import",
        "hubs",
        csv.to_str().unwrap(),
        "--encoding",
        "cp932",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("the file is UTF-16"), "{err}");
    assert_eq!(env.dump(), before);
    let out = env
        .cmd()
        .args(["import", "hubs", csv.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("read as UTF-16") && !err.contains("CP932"),
        "{err}"
    );
    let names = env.ok(&[
        "sql",
        "SELECT name_ja FROM hubs WHERE code = 'K01'",
        "--format",
        "csv",
    ]);
    assert!(names.contains("ナイロビ画像診断センター"), "{names}");
}

/// A listing as known before the database's first row is empty because nothing was known yet,
/// and says so (the report refuses the same moment).
#[test]
fn a_listing_as_known_before_the_record_began_says_why_it_is_empty() {
    let env = Env::new();
    env.ok(&["init"]);
    let first: String = rusqlite::Connection::open(&env.db)
        .unwrap()
        .query_row("SELECT min(recorded_at) FROM hub_status", [], |r| r.get(0))
        .unwrap();
    let out = env
        .cmd()
        .args(["hub", "list", "--known-at", "2018-03-01", "--format", "csv"])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout.lines().count(), 1, "only the header: {stdout}");
    assert!(
        stderr.contains("is before the database recorded anything")
            && stderr.contains(&format!("Give a --known-at from {first} on")),
        "{stderr}"
    );
    // As known after the first row: rows, and no warning.
    let out = env
        .cmd()
        .args(["hub", "list", "--format", "csv"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).lines().count() > 1);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("before the database recorded"));
}
