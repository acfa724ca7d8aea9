//! What a hostile user found in the seventh round: texts that every report would fail to draw,
//! accepted by the commands that did not check them against the report fonts; a metric whose
//! value is not a finite number; a narrative file's byte order mark; an `--out` named for another
//! format; a UTF-16 file called CP932; and a listing empty for want of a record, without a word.

use crate::common::{self, Env};

/// A command's words, separated by spaces, then `tail` (words that hold spaces or are made).
fn args<'a>(words: &'a str, tail: &[&'a str]) -> Vec<&'a str> {
    words.split(' ').chain(tail.iter().copied()).collect()
}

/// Runs a command that succeeds: its stdout and stderr.
fn run(env: &Env, args: &[&str], stdin: &str) -> (String, String) {
    let out = env.cmd().args(args).write_stdin(stdin).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "tenkai {args:?} failed: {err}");
    (String::from_utf8_lossy(&out.stdout).into_owned(), err)
}

const RENAME: &str = "org rename 医療法人北斗 --date 2018-03-01 --source 報道発表";
const ASSESS: &str = "target assess hubs_2020 --period FY2017Q4 --rating green";

/// Each command with a text the report fonts cannot draw is refused as bad usage, names the
/// option, and writes nothing; the same command with a drawable text is accepted.
#[test]
fn a_text_the_report_fonts_cannot_draw_is_refused_by_every_command_that_keeps_it() {
    let env = Env::new();
    env.ok(&["init"]);
    let cases = [
        (RENAME, "--name-ja"),
        (&format!("{RENAME} --name-ja 北斗病院"), "--name-en"),
        (ASSESS, "--comment"),
        (
            "target milestone add hubs_2020 --date 2019-03-31 --value 30",
            "--note",
        ),
        // The title is refused before the query is read.
        ("metric add m_emoji --title-en M --sql :as_of", "--title-ja"),
    ];
    let before = env.dump();
    for (words, option) in cases {
        let args = args(words, &[option, "北斗😀"]);
        let (code, err) = env.fails(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains(&format!("{option} has '😀' (U+1F600)")) && err.contains("cannot draw"),
            "{args:?}: {err}"
        );
        assert_eq!(env.dump(), before, "{args:?} wrote to the database");
    }
    env.ok(&args(RENAME, &["--name-ja", "北斗病院"]));
    env.ok(&args(ASSESS, &["--comment", "順調"]));
    // And the PDF is still made.
    let pdf = env.path("q.pdf");
    env.ok(&common::render_quarterly("pdf", pdf.to_str().unwrap()));
}

#[test]
fn a_metric_whose_value_is_not_a_finite_number_is_refused() {
    let env = Env::new();
    env.ok(&["init"]);
    let before = env.dump();
    let sql = "SELECT 1e308 * 10 WHERE :as_of IS NOT NULL AND :known_at IS NOT NULL";
    let add = "metric add m_inf --title-ja 指標 --title-en M --sql";
    let (code, err) = env.fails(&args(add, &[sql]));
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
    let set = "narrative set --period FY2017Q4 --section summary --lang ja --file";
    let file = env.path("n.txt");
    std::fs::write(&file, "\u{feff}概況は順調。\n").unwrap();
    let newest = "SELECT body FROM narratives WHERE section = 'summary' ORDER BY id DESC LIMIT 1";
    let stored = || -> String {
        rusqlite::Connection::open(&env.db)
            .unwrap()
            .query_row(newest, [], |r| r.get(0))
            .unwrap()
    };
    env.ok(&args(set, &[file.to_str().unwrap()]));
    assert!(stored().starts_with("概況は順調。"), "{:?}", stored());
    run(&env, &args(set, &["-"]), "標準入力から。");
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
        let (code, err) = env.fails(&common::render_quarterly(format, out.to_str().unwrap()));
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
    let import = ["import", "hubs", csv.to_str().unwrap()];
    let (code, err) = env.fails(&[&import[..], &["--encoding", "cp932"]].concat());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("the file is UTF-16"), "{err}");
    assert_eq!(env.dump(), before);
    let (_, err) = run(&env, &import, "");
    assert!(
        err.contains("read as UTF-16") && !err.contains("CP932"),
        "{err}"
    );
    let names = env.ok(&["sql", "SELECT name_ja FROM hubs WHERE code = 'K01'"]);
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
    let list = "hub list --format csv";
    let (rows, err) = run(&env, &args(list, &["--known-at", "2018-03-01"]), "");
    assert_eq!(rows.lines().count(), 1, "only the header: {rows}");
    assert!(
        err.contains("is before the database recorded anything")
            && err.contains(&format!("Give a --known-at from {first} on")),
        "{err}"
    );
    // As known after the first row: rows, and no warning.
    let (rows, err) = run(&env, &args(list, &[]), "");
    assert!(rows.lines().count() > 1);
    assert!(!err.contains("before the database recorded"), "{err}");
}
