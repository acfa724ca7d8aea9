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
