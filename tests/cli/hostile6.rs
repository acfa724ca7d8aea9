//! The findings of a hostile user's sixth review: each test reproduces one and checks its fix.

use crate::common;
use common::Env;

/// Noto Sans JP draws 〜 (U+301C) and ～ (U+FF5E) with one glyph. A hub named with ～ made
/// every 〜 of the PDF (「4月〜6月」) extract as ～, as the subset's ToUnicode map gave that glyph
/// one text. Each character now extracts as itself, in the text (pdftotext) and in the structure
/// tree (pdfinfo -struct-text), as the HTML has it.
#[test]
fn a_full_width_tilde_leaves_every_wave_dash_of_the_pdf_a_wave_dash() {
    let env = Env::new();
    env.at_time("2018-07-05T12:00:00+09:00");
    env.ok(&[
        "hub",
        "add",
        "H29",
        "--name-ja",
        "テスト～センター",
        "--country",
        "VN",
        "--kind",
        "hospital",
        "--partner",
        "富士フイルム",
        "--status",
        "opened",
        "--date",
        "2018-05-20",
        "--source",
        "報道",
    ]);
    env.at_time("2018-07-05T12:01:00+09:00");
    let (pdf, html) = (env.path("q.pdf"), env.path("q.html"));
    for (format, out) in [("pdf", &pdf), ("html", &html)] {
        let known = "2018-07-05T12:01:00+09:00";
        common::render_period(&env, "quarterly", "FY2018Q1", "ja", format, known, out);
    }
    let html = common::file_text(&html).unwrap();
    let count = |t: &str, c: char| t.chars().filter(|&x| x == c).count();
    assert_eq!(count(&html, '～'), 2, "{html}");
    assert!(html.contains("4月〜6月"), "{html}");
    let Some(text) = common::file_text(&pdf) else {
        return;
    };
    assert!(common::contains(&text, "4月〜6月"), "{text}");
    assert!(common::contains(&text, "テスト～センター"), "{text}");
    assert_eq!(count(&text, '～'), 2, "{text}");
    if let Some(pdfinfo) = common::tool("pdfinfo") {
        let tree = common::run_tool(&pdfinfo, &["-struct-text", pdf.to_str().unwrap()]);
        assert_eq!(count(&tree, '～'), 2, "{tree}");
        assert!(count(&tree, '〜') > 0, "{tree}");
    }
}

/// A briefing due but waiting for its lines to take: `schedule daemon` slept until the next
/// quarter's due time, and the briefing went out three months late. The daemon's next wake-up
/// is now the next look for the narrative, a few minutes ahead, while any due export waits.
#[test]
fn the_daemon_wakes_soon_while_a_due_briefing_waits_for_its_narrative() {
    let env = Env::new();
    env.at_time("2018-07-10T09:31:00+09:00");
    env.ok(&["init"]);
    let now = tenkai::dates::parse_instant("2018-07-10T09:31:00+09:00").unwrap();
    let wakeup = |reports: &std::path::Path| {
        let store = tenkai::store::Store::open_read_only(&env.db).unwrap();
        tenkai::schedule::next_wakeup(&store.conn, reports, now).unwrap()
    };
    let listed = env.ok(&["schedule", "list"]);
    assert!(listed.contains("FY2018Q1 ja: lines_to_take"), "{listed}");
    assert_eq!(
        wakeup(&common::reports_dir()),
        Some(now + tenkai::schedule::NARRATIVE_POLL)
    );
    // As `--help` and the README say.
    assert_eq!(
        tenkai::schedule::NARRATIVE_POLL,
        chrono::Duration::minutes(5)
    );
    let help = env.ok(&["schedule", "daemon", "--help"]);
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("looks again every 5 minutes"), "{help}");
    // Nothing waits without the briefing: the next wake-up is the next quarter's due time.
    let quarterly = common::quarterly_only_reports(&env);
    let next = wakeup(&quarterly).map(tenkai::dates::ts);
    assert_eq!(next.as_deref(), Some("2018-10-10T00:00:00Z"));
}

/// `ANALYZE` was refused as "a schema change (CREATE TABLE…)", and `pragma_optimize` failed with
/// SQLite's bare "not authorized": each refusal now says what was refused.
#[test]
fn analyze_and_pragma_optimize_are_refused_as_what_they_are() {
    let env = Env::new();
    for (sql, says) in [
        (
            "ANALYZE",
            "refused: ANALYZE (it writes the query planner's statistics",
        ),
        ("ANALYZE hubs", "refused: ANALYZE"),
        ("SELECT * FROM pragma_optimize", "refused: PRAGMA optimize"),
    ] {
        let (code, err) = env.fails(&["sql", sql]);
        assert_eq!(code, 1, "{sql}: {err}");
        assert!(err.contains(says), "{sql}: {err}");
        assert!(
            !err.contains("a schema change (") && !err.contains("not authorized"),
            "{err}"
        );
    }
}

/// Meeting 16 recorded after meeting 13 was accepted silently, and the report then said 14
/// meetings held. A number that skips ahead is refused, naming the last recorded meeting; the
/// database is unchanged. Recorded in order, the meetings are taken.
#[test]
fn a_meeting_number_that_skips_ahead_is_refused_naming_the_last_recorded() {
    let env = Env::new();
    env.ok(&["init"]);
    let before = env.dump();
    let add = |n: &str, date: &str| -> Vec<String> {
        [
            "meeting", "add", n, "--date", date, "--agenda", "議題1", "--source", "x",
        ]
        .map(String::from)
        .to_vec()
    };
    let args = add("16", "2018-06-20");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, err) = env.fails(&args);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("meeting 16 skips ahead"), "{err}");
    assert!(err.contains("meetings 14 to 15 are not recorded"), "{err}");
    assert!(err.contains("the last recorded is meeting 13"), "{err}");
    assert_eq!(
        env.dump(),
        before,
        "a refused meeting wrote to the database"
    );
    for (n, date) in [
        ("14", "2018-05-01"),
        ("15", "2018-06-01"),
        ("16", "2018-06-20"),
    ] {
        let args = add(n, date);
        env.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    }
}

/// Runs a command that succeeds, its words separated by spaces, then `tail` (words holding
/// spaces), and returns its stderr.
fn stderr_of(env: &Env, words: &str, tail: &[&str]) -> String {
    let args: Vec<&str> = words
        .split_whitespace()
        .chain(tail.iter().copied())
        .collect();
    let out = env.cmd().args(&args).output().unwrap();
    assert!(
        out.status.success(),
        "tenkai {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stderr).unwrap()
}

/// The English report of FY2018Q1 as HTML text at `known`, and what the render said on stderr.
fn english_quarter(env: &Env, known: &str) -> (String, String) {
    let out = env.path("q.en.html");
    let _ = std::fs::remove_file(&out);
    let words = format!(
        "report render quarterly --period FY2018Q1 --lang en --format html --known-at {known} --out"
    );
    let err = stderr_of(env, &words, &[out.to_str().unwrap()]);
    (common::file_text(&out).unwrap(), err)
}

/// A count corrected by a later source: the English report named the corrected count's source
/// in Japanese, unmarked, though its English was recorded (「事務局報告 (60), corrected by …」).
/// It is now named in its English, in the sources' table and in the notes beside the count.
#[test]
fn the_corrected_counts_source_is_named_in_its_english() {
    let env = Env::new();
    env.at_time("2018-07-05T12:00:00+09:00");
    let record = "members record 60 --date 2018-06-30 --source 事務局報告 --source-en";
    stderr_of(&env, record, &["Secretariat report"]);
    let correct = "members record 61 --date 2018-06-30 --source 訂正報告 --note 集計誤り";
    let english = [
        "--note-en",
        "Counting error",
        "--source-en",
        "Correction report",
    ];
    stderr_of(&env, correct, &english);
    env.at_time("2018-07-05T12:01:00+09:00");
    let (text, _) = english_quarter(&env, "2018-07-05T12:01:00+09:00");
    assert!(
        text.contains("Secretariat report (60), corrected by a later source, Correction report"),
        "{text}"
    );
    assert!(text.contains("Secretariat report gives 60"), "{text}");
    assert!(!text.contains("事務局報告"), "{text}");
}

/// A registered document's code followed by a place written in Japanese: the English report
/// printed the place in Japanese unmarked, unlisted on stderr, and the English given for it was
/// refused. The place is now marked "(in Japanese)" and listed; the English given for the
/// reference as a whole is recorded and shown.
#[test]
fn a_registered_documents_place_in_japanese_is_marked_or_given_english() {
    let env = Env::new();
    env.at_time("2018-07-05T12:00:00+09:00");
    let add = "source add mhlw-1 --title-ja 厚労省発表 --date 2018-05-15 --title-en";
    stderr_of(&env, add, &["MHLW release"]);
    let cited = "mhlw-1 別紙の訂正版3ページ";
    stderr_of(
        &env,
        "members record 60 --date 2018-06-30 --source",
        &[cited],
    );
    env.at_time("2018-07-05T12:01:00+09:00");
    let (text, err) = english_quarter(&env, "2018-07-05T12:01:00+09:00");
    assert!(
        text.contains("MHLW release, 別紙の訂正版3ページ (in Japanese)"),
        "{text}"
    );
    assert!(
        err.contains(&format!("source 「{cited}」: no English")),
        "{err}"
    );
    env.at_time("2018-07-05T12:02:00+09:00");
    let en = "MHLW release, corrected annex p.3";
    stderr_of(&env, "source english", &["--ja", cited, "--en", en]);
    env.at_time("2018-07-05T12:03:00+09:00");
    let (text, err) = english_quarter(&env, "2018-07-05T12:03:00+09:00");
    assert!(text.contains(en), "{text}");
    assert!(!text.contains("別紙"), "{text}");
    assert!(!err.contains(cited), "{err}");
}

/// An agreement recorded without --title-en: the English report showed its Japanese title with
/// no "(in Japanese)" mark and no warning, unlike sources and notes. It is now marked and named
/// on stderr.
#[test]
fn an_agreement_without_an_english_title_is_marked_in_japanese() {
    let env = Env::new();
    env.at_time("2018-07-05T12:00:00+09:00");
    let add = "agreement add --country IN --kind 協力覚書（MOC） --date 2018-06 --title-ja 日印覚書その2 --source s";
    stderr_of(&env, add, &[]);
    env.at_time("2018-07-05T12:01:00+09:00");
    let (text, err) = english_quarter(&env, "2018-07-05T12:01:00+09:00");
    assert!(text.contains("日印覚書その2 (in Japanese)"), "{text}");
    assert!(
        err.contains("agreement 「日印覚書その2」: no English title"),
        "{err}"
    );
}

/// `schedule run --from FY1900Q1` planned 473 periods, 1,892 files of reports of nothing
/// recorded. A --from that starts a report at a period ending before the first fact the
/// database records is refused, naming the first fact's date and the earliest --from, with the
/// database unchanged; a back-fill from that period on is planned and run.
#[test]
fn a_back_fill_from_before_the_record_is_refused() {
    let env = Env::new();
    env.at_time("2018-07-10T09:30:00+09:00");
    let before = env.dump();
    for (from, starts) in [
        ("FY1900Q1", "--from FY1900Q1 ends 1900-06-30"),
        ("2013", "at FY2012Q4"),
    ] {
        for dry in [true, false] {
            let mut args = vec!["schedule", "run", "--from", from];
            args.extend(dry.then_some("--dry-run"));
            let (code, err) = env.fails(&args);
            assert_eq!(code, 2, "{err}");
            assert!(err.contains(starts), "{err}");
            assert!(
                err.contains("the first fact the database records (dated 2013-05-01)"),
                "{err}"
            );
            assert!(err.contains("give --from"), "{err}");
        }
    }
    assert_eq!(
        env.dump(),
        before,
        "a refused back-fill wrote to the database"
    );
    assert!(!env.path("exports").exists());
    let plan = stderr_of(&env, "schedule run --from FY2013Q1 --dry-run", &[]);
    assert!(plan.contains("21 periods, 84 files"), "{plan}");
    stderr_of(&env, "schedule run --from FY2018Q1", &[]);
    assert!(env.path("exports/quarterly/FY2018Q1.ja.html").exists());
}

/// Runs a command that succeeds and returns (stdout as bytes, stderr).
fn output_of(env: &Env, args: &[&str]) -> (Vec<u8>, String) {
    let out = env.cmd().args(args).output().unwrap();
    assert!(out.status.success(), "tenkai {args:?} failed");
    (out.stdout, String::from_utf8(out.stderr).unwrap())
}

/// `sql`'s table and Markdown passed a terminal's control sequences (ESC ] 0; … BEL, ESC [2J)
/// and a bidi override (U+202E) straight to the terminal. They are shown escaped there; CSV
/// keeps the text as stored.
#[test]
fn sql_views_escape_control_characters_and_data_formats_keep_them() {
    let env = Env::new();
    let query = "select char(27)||']0;pwned'||char(7)||char(27)||'[2J' as esc, char(8238)||'abc' as bidi, '日本語' as ja";
    for format in ["table", "markdown"] {
        let (out, _) = output_of(&env, &["sql", query, "--format", format]);
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{text:?}");
        assert!(text.contains("\\u{1b}]0;pwned\\u{7}\\u{1b}[2J"), "{text}");
        assert!(text.contains("\\u{202e}abc"), "{text}");
        assert!(text.contains("日本語"), "{text}");
    }
    let (csv, _) = output_of(&env, &["sql", query, "--format", "csv"]);
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.contains("\u{1b}]0;pwned\u{7}\u{1b}[2J,\u{202e}abc,日本語"),
        "{csv:?}"
    );
}

/// Text that is not UTF-8: JSON replaced it with U+FFFD without a word. JSON still holds UTF-8,
/// and the command now says which value it changed; the table shows the byte itself, and CSV
/// gives the bytes as stored.
#[test]
fn sql_says_when_json_cannot_hold_text_as_stored() {
    let env = Env::new();
    let query = "select cast(x'ff41' as text) as t";
    let (json, err) = output_of(&env, &["sql", query, "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(rows[0]["t"], "\u{fffd}A");
    assert!(
        err.contains("1 text value(s) are not valid UTF-8 (the first: row 1, column t)"),
        "{err}"
    );
    let (table, err) = output_of(&env, &["sql", query]);
    assert!(String::from_utf8(table).unwrap().contains("\\xffA"));
    assert!(err.is_empty(), "{err}");
    let (csv, _) = output_of(&env, &["sql", query, "--format", "csv"]);
    assert_eq!(csv, b"t\n\xffA\n");
}

/// A store whose export log holds a render at 12:01, with the clock set back to 12:00.
fn clock_behind_the_export_log() -> Env {
    let env = Env::new();
    env.at_time("2018-07-05T12:01:00+09:00");
    let out = env.path("check.html");
    let render = "report render quarterly --period FY2017Q4 --format html --out";
    stderr_of(&env, render, &[out.to_str().unwrap()]);
    env.at_time("2018-07-05T12:00:00+09:00");
    env
}

/// A clock behind the export log: an import named the same clock fault once for each of its
/// rows, as if each row were at fault, and its dry run called the rows valid. The fault is said
/// once, by the dry run too, and nothing is written.
#[test]
fn an_import_says_a_clock_behind_the_record_once() {
    let env = clock_behind_the_export_log();
    let files = [
        (
            "members",
            "platform,effective_date,members,source\nnutrition,2018-07-01,70,S\nnutrition,2018-07-02,71,S\n",
        ),
        (
            "agreements",
            "country,kind,date,precision,title_ja,title_en,counterpart_ja,counterpart_en,note,source\n\
             India,MOC,2018-06-29,,日印覚書A,,,,,S\nIndia,MOU,2018-06-29,,日印覚書B,,,,,S\n",
        ),
    ];
    let before = env.dump();
    for (kind, csv) in files {
        let file = env.path(&format!("{kind}.csv"));
        std::fs::write(&file, csv).unwrap();
        for dry in [true, false] {
            let mut args = vec!["import", kind, file.to_str().unwrap()];
            args.extend(dry.then_some("--dry-run"));
            let (code, err) = env.fails(&args);
            assert_eq!(code, 1, "{err}");
            assert_eq!(
                err.matches("the clock is behind the record").count(),
                1,
                "{err}"
            );
            assert!(!err.contains("line 2") && !err.contains("2行目"), "{err}");
        }
    }
    assert_eq!(env.dump(), before, "a refused import wrote to the database");
}

/// A single write with the clock behind the export log: the message says what and what to do,
/// once, without SQLite's result code ("Error code 1: SQL logic error") after it.
#[test]
fn a_write_behind_the_clock_ends_with_what_to_do() {
    let env = clock_behind_the_export_log();
    let before = env.dump();
    let (code, err) = env.fails(&[
        "members",
        "record",
        "58",
        "--date",
        "2018-04-01",
        "--source",
        "S",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.trim_end().ends_with("nothing was written"), "{err}");
    assert!(!err.contains("Error code"), "{err}");
    assert_eq!(env.dump(), before);
}

/// A report's date known only by its year, in 2019: `when` printed 平成31年 (1 January's era),
/// though 2019 is 令和元年 from May. It names both eras, as `tenkai wareki 2019` does; a report
/// written before 令和 began writes 2019年.
#[test]
fn a_reports_year_of_two_eras_claims_neither_alone() {
    use tenkai::i18n::Lang;
    use tenkai::report::context::when;
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let both = "2019年（平成31年／令和元年）";
    assert_eq!(when(day(2019, 1, 1), Some("year"), Lang::Ja), both);
    assert_eq!(when(day(2018, 1, 1), Some("year"), Lang::Ja), "平成30年");
    assert_eq!(when(day(2019, 1, 1), Some("year"), Lang::En), "2019");
    let in_2018 = || when(day(2019, 1, 1), Some("year"), Lang::Ja);
    assert_eq!(
        tenkai::wareki::written_on(day(2018, 7, 5), in_2018),
        "2019年"
    );
}
