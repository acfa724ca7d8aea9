//! Sent files that can be trusted: `schedule verify` checks every logged export's file; `report
//! errata` compares with the send the user names or, by default, the first send whose file is
//! unchanged; a render with `--out` elsewhere is a check, which neither the errata nor the
//! schedule count; a period sent by hand is not due again; the first scheduled run exports only
//! what is due since the database was first scheduled (a back-fill is asked for with `--from`),
//! and `--dry-run` prints the plan; a correction recorded in the same second as an export comes
//! after it. The clock is set with TENKAI_NOW: no test waits for it.

use crate::common;
use common::Env;
use rusqlite::Connection;

/// Runs tenkai at a moment (Asia/Tokyo) and gives (exit code, stdout, stderr).
fn run_at(
    env: &Env,
    reports: &std::path::Path,
    when: &str,
    args: &[&str],
) -> (i32, String, String) {
    common::run_in_tokyo(env.cmd_with_reports(reports), when, args)
}

/// Runs tenkai at a moment with the shipped reports, asserting success; gives stdout.
fn at(env: &Env, when: &str, args: &[&str]) -> String {
    let (code, out, err) = run_at(env, &common::reports_dir(), when, args);
    assert_eq!(code, 0, "tenkai {args:?} failed: {err}");
    out
}

/// Runs tenkai at a moment with the shipped reports, asserting failure; gives (code, stderr).
fn fails_at(env: &Env, when: &str, args: &[&str]) -> (i32, String) {
    let (code, _, err) = run_at(env, &common::reports_dir(), when, args);
    assert_ne!(code, 0, "tenkai {args:?} should have failed");
    (code, err)
}

fn render_html(env: &Env, when: &str, period: &str, extra: &[&str]) -> String {
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
    at(env, when, &args)
}

fn record_57(env: &Env, when: &str) {
    at(
        env,
        when,
        &[
            "members",
            "record",
            "57",
            "--date",
            "2018-03-31",
            "--note",
            "集計誤り",
            "--source",
            "事務局報告",
        ],
    );
}

fn errata_json(env: &Env, when: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "report",
        "errata",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--lang",
        "ja",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    serde_json::from_str(&at(env, when, &args)).unwrap()
}

/// The export log's rows: (id, path, kind, origin, period), by id; a path under the test's
/// folder (logged absolute) as relative to it.
fn log(env: &Env) -> Vec<(i64, String, String, String, String)> {
    let dir = format!("{}/", env.dir.path().canonicalize().unwrap().display());
    let c = Connection::open(&env.db).unwrap();
    let mut s = c
        .prepare(
            "SELECT id, path, kind, origin, period FROM export_log WHERE status = 'ok' ORDER BY id",
        )
        .unwrap();
    s.query_map([], |r| {
        let path: String = r.get(1)?;
        let path = path.strip_prefix(&dir).unwrap_or(&path).to_string();
        Ok((r.get(0)?, path, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

const SENT: &str = "exports/quarterly/FY2017Q4.ja.html";
const V2: &str = "exports/quarterly/FY2017Q4.ja.v2.html";

#[test]
fn verify_names_every_export_whose_file_is_gone_or_changed() {
    let env = Env::new();
    render_html(&env, "2018-04-10T10:00:00", "FY2017Q4", &[]);
    std::fs::remove_file(env.path(SENT)).unwrap();
    // The sent file is gone: a new send never takes its logged path again.
    render_html(&env, "2018-04-11T10:00:00", "FY2017Q4", &[]);
    assert!(!env.path(SENT).exists(), "a logged path was written again");
    assert!(env.path(V2).exists());
    let rows = log(&env);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0].1, SENT);
    assert_eq!(rows[1].1, V2);
    let (first, second) = (rows[0].0, rows[1].0);
    // The newest file changed by hand, too.
    std::fs::write(env.path(V2), "edited by hand").unwrap();
    let (code, out, err) = run_at(
        &env,
        &common::reports_dir(),
        "2018-04-12T10:00:00",
        &["schedule", "verify"],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains(&format!(
            "{SENT}: export {first} (quarterly FY2017Q4 ja html, a send): the file is gone"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("{V2}: export {second} (quarterly FY2017Q4 ja html, a send): the file changed since export (")),
        "{out}"
    );
}

/// FY2017Q4 sent in April (export 1 in the returned ids), a check with --out, March corrected,
/// then FY2017Q4 sent again by hand after the correction (v2).
fn sent_checked_corrected_resent(env: &Env) -> (i64, i64, i64) {
    render_html(env, "2018-04-10T10:00:00", "FY2017Q4", &[]);
    render_html(
        env,
        "2018-04-20T10:00:00",
        "FY2017Q4",
        &[
            "--known-at",
            "2018-04-10T10:00:00+09:00",
            "--out",
            "check.html",
        ],
    );
    record_57(env, "2018-07-12T09:00:00");
    render_html(env, "2018-07-13T09:00:00", "FY2017Q4", &[]);
    let rows = log(env);
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!((rows[0].1.as_str(), rows[0].2.as_str()), (SENT, "send"));
    assert_eq!(
        (rows[1].1.as_str(), rows[1].2.as_str()),
        ("check.html", "check")
    );
    assert_eq!((rows[2].1.as_str(), rows[2].2.as_str()), (V2, "send"));
    (rows[0].0, rows[1].0, rows[2].0)
}

#[test]
fn errata_compare_with_the_first_unchanged_send_not_a_check_or_a_later_send() {
    let env = Env::new();
    let (first, check, resent) = sent_checked_corrected_resent(&env);
    let e = errata_json(&env, "2018-07-20T09:00:00", &[]);
    assert_eq!(e["sent"]["id"], first, "{e}");
    let items = e["items"].as_array().unwrap();
    assert!(
        items.iter().any(|i| i["was"] == "56" && i["now"] == "57※2"),
        "{items:?}"
    );
    // Named by id: the later send has nothing to correct.
    let e = errata_json(
        &env,
        "2018-07-20T09:00:00",
        &["--since", &resent.to_string()],
    );
    assert_eq!(e["sent"]["id"], resent);
    assert!(e["items"].as_array().unwrap().is_empty(), "{e}");
    // A check is not a send.
    let (code, err) = fails_at(
        &env,
        "2018-07-20T09:00:00",
        &[
            "report",
            "errata",
            "quarterly",
            "--period",
            "FY2017Q4",
            "--since",
            &check.to_string(),
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("is a check") && err.contains("--known-at-sent"),
        "{err}"
    );
    // The first send's file changed by hand: the default moves to the first unchanged send, and
    // naming it says what to do.
    std::fs::write(env.path(SENT), "edited").unwrap();
    let e = errata_json(&env, "2018-07-20T09:00:00", &[]);
    assert_eq!(e["sent"]["id"], resent, "{e}");
    let (code, err) = fails_at(
        &env,
        "2018-07-20T09:00:00",
        &[
            "report",
            "errata",
            "quarterly",
            "--period",
            "FY2017Q4",
            "--since",
            &first.to_string(),
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!(
            "export {first}'s file {SENT} changed since it was exported"
        )) && err.contains("schedule verify"),
        "{err}"
    );
    std::fs::remove_file(env.path(SENT)).unwrap();
    let (_, err) = fails_at(
        &env,
        "2018-07-20T09:00:00",
        &[
            "report",
            "errata",
            "quarterly",
            "--period",
            "FY2017Q4",
            "--since",
            &first.to_string(),
        ],
    );
    assert!(err.contains("is gone"), "{err}");
}

#[test]
fn errata_refuse_an_export_of_another_report_period_or_language() {
    let env = Env::new();
    render_html(&env, "2018-07-10T10:00:00", "FY2018Q1", &[]);
    let id = log(&env)[0].0.to_string();
    let (code, err) = fails_at(
        &env,
        "2018-07-20T09:00:00",
        &[
            "report",
            "errata",
            "quarterly",
            "--period",
            "FY2017Q4",
            "--since",
            &id,
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("export {id} is report quarterly, period FY2018Q1"))
            && err.contains("schedule log"),
        "{err}"
    );
}

/// The quarterly report only, in Japanese, HTML and PDF (its shipped schedule: no first period).
fn quarterly_only(env: &Env) -> std::path::PathBuf {
    let dst = env.path("reports-shipped");
    common::copy_dir(&common::reports_dir(), &dst);
    std::fs::remove_file(dst.join("briefing.toml")).unwrap();
    let q = std::fs::read_to_string(dst.join("quarterly.toml"))
        .unwrap()
        .replace("languages = [\"ja\", \"en\"]", "languages = [\"ja\"]");
    std::fs::write(dst.join("quarterly.toml"), q).unwrap();
    dst
}

fn scheduled_rows(env: &Env, period: &str) -> i64 {
    common::count(
        &env.db,
        &format!(
            "SELECT count(*) FROM export_log WHERE origin = 'schedule' AND period = '{period}'"
        ),
    )
}

#[test]
fn a_period_sent_by_hand_is_not_due_again_and_a_check_does_not_count() {
    let env = Env::new();
    let reports = quarterly_only(&env);
    let when = "2018-04-10T10:00:00";
    // FY2017Q4 sent by hand in both formats; FY2017Q3 only checked elsewhere.
    let (code, _, err) = run_at(
        &env,
        &reports,
        when,
        &[
            "report",
            "render",
            "quarterly",
            "--period",
            "FY2017Q4",
            "--lang",
            "ja",
        ],
    );
    assert_eq!(code, 0, "{err}");
    for f in ["html", "pdf"] {
        let out = format!("q3.{f}");
        let (code, _, err) = run_at(
            &env,
            &reports,
            when,
            &[
                "report",
                "render",
                "quarterly",
                "--period",
                "FY2017Q3",
                "--lang",
                "ja",
                "--format",
                f,
                "--out",
                &out,
            ],
        );
        assert_eq!(code, 0, "{err}");
    }
    let (_, list, err) = run_at(
        &env,
        &reports,
        "2018-04-10T11:00:00",
        &[
            "schedule",
            "list",
            "--format",
            "json",
            "--now",
            "2018-04-10T11:00:00+09:00",
        ],
    );
    let list: serde_json::Value = serde_json::from_str(&list).unwrap_or_else(|_| panic!("{err}"));
    assert_eq!(list[0]["last_period"], "FY2017Q4", "{list}");
    assert!(list[0]["last_export"].is_string(), "{list}");
    let (code, out, err) = run_at(
        &env,
        &reports,
        "2018-04-10T11:00:00",
        &["schedule", "run", "--from", "FY2017Q3"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(scheduled_rows(&env, "FY2017Q4"), 0, "{err}");
    assert_eq!(scheduled_rows(&env, "FY2017Q3"), 2, "{err}");
    assert!(env.path("exports/quarterly/FY2017Q3.ja.pdf").exists());
    assert!(!env.path("exports/quarterly/FY2017Q4.ja.v2.pdf").exists());
}

#[test]
fn the_first_run_starts_where_the_database_is_first_scheduled_and_a_dry_run_prints_the_plan() {
    let env = Env::new();
    let reports = quarterly_only(&env);
    let when = "2018-07-10T10:00:00";
    let before = env.dump();
    let (code, out, err) = run_at(&env, &reports, when, &["schedule", "run", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "quarterly FY2018Q1: exports/quarterly/FY2018Q1.ja.html\nquarterly FY2018Q1: exports/quarterly/FY2018Q1.ja.pdf\n"
    );
    assert!(err.contains("1 period, 2 files; nothing exported"), "{err}");
    assert_eq!(env.dump(), before, "a dry run wrote to the database");
    assert!(common::files(&env.path("exports")).is_empty());
    // A back-fill asked for is in the plan too.
    let (_, out, err) = run_at(
        &env,
        &reports,
        when,
        &["schedule", "run", "--dry-run", "--from", "FY2017Q4"],
    );
    assert!(
        out.contains("FY2017Q4.ja.pdf") && err.contains("2 periods, 4 files"),
        "{out}{err}"
    );
    let (_, list, _) = run_at(
        &env,
        &reports,
        when,
        &["schedule", "list", "--format", "csv"],
    );
    assert!(list.contains("1 period, 2 files"), "{list}");

    let (code, _, err) = run_at(&env, &reports, when, &["schedule", "run"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(scheduled_rows(&env, "FY2018Q1"), 2);
    assert_eq!(common::count(&env.db, "SELECT count(*) FROM export_log"), 2);
    assert_eq!(
        common::count(&env.db, "SELECT count(*) FROM schedule_start WHERE report = 'quarterly' AND first_period = 'FY2018Q1'"),
        1
    );
    // A quarter later only the new period is due; a back-fill moves the recorded start back.
    let (code, _, err) = run_at(
        &env,
        &reports,
        "2018-10-10T10:00:00",
        &["schedule", "run", "--from", "FY2017Q4"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(scheduled_rows(&env, "FY2018Q2"), 2);
    assert_eq!(scheduled_rows(&env, "FY2017Q4"), 2);
    assert_eq!(scheduled_rows(&env, "FY2017Q3"), 0);
    assert_eq!(
        common::count(
            &env.db,
            "SELECT count(*) FROM schedule_start WHERE first_period = 'FY2017Q4'"
        ),
        1
    );
}

#[test]
fn a_correction_in_the_same_second_as_the_export_comes_after_it() {
    let env = Env::new();
    let second = "2018-04-10T10:00:00";
    render_html(&env, second, "FY2017Q4", &[]);
    record_57(&env, second);
    let known_at = common::count(
        &env.db,
        "SELECT count(*) FROM export_log WHERE known_at = '2018-04-10T01:00:00Z'",
    );
    assert_eq!(known_at, 1);
    // The correction is stamped after the export's second: a re-render as sent leaves it out.
    let c = Connection::open(&env.db).unwrap();
    let recorded: String = c
        .query_row(
            "SELECT recorded_at FROM platform_members ORDER BY rowid DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(recorded, "2018-04-10T01:00:01Z");
    for when in [second, "2018-04-11T10:00:00"] {
        let e = errata_json(&env, when, &[]);
        let items = e["items"].as_array().unwrap();
        assert!(
            items.iter().any(|i| i["was"] == "56" && i["now"] == "57※2"),
            "{when}: {items:?}"
        );
    }
    render_html(
        &env,
        "2018-04-11T10:00:00",
        "FY2017Q4",
        &[
            "--known-at",
            "2018-04-10T10:00:00+09:00",
            "--out",
            "again.html",
        ],
    );
    assert_eq!(
        common::sha256_file(&env.path("again.html")),
        common::sha256_file(&env.path(SENT)),
        "the re-render as sent differs from the sent file"
    );
    let (code, out, err) = run_at(
        &env,
        &common::reports_dir(),
        second,
        &["schedule", "verify"],
    );
    assert_eq!(code, 0, "{out}{err}");
}

/// The README's cycle (export, correct, errata, verify), run line by line as it is written.
#[test]
fn the_readme_cycle_works_as_written() {
    let env = Env::new();
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("<!-- cycle -->").expect("the README's cycle");
    let block = &readme[start..];
    let block = &block[block.find("```sh\n").unwrap() + 6..];
    let block = &block[..block.find("```").unwrap()];
    let bin = assert_cmd::cargo::cargo_bin("tenkai");
    let mut ran = Vec::new();
    for (i, line) in block
        .lines()
        .filter(|l| l.starts_with("tenkai "))
        .enumerate()
    {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(line.replacen("tenkai", &format!("'{}'", bin.display()), 1))
            .env("TENKAI_DB", &env.db)
            .env("TENKAI_REPORTS", common::reports_dir())
            .env(
                "TENKAI_NOW",
                format!("2018-04-{:02}T10:00:00+09:00", 10 + i),
            )
            .current_dir(env.dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{line}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        ran.push((
            line.to_string(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        ));
    }
    assert!(ran.len() >= 5, "{ran:?}");
    let errata = &ran
        .iter()
        .find(|(l, _)| l.contains("report errata"))
        .unwrap()
        .1;
    assert!(errata.contains("56") && errata.contains("57"), "{errata}");
    let rows = log(&env);
    assert!(
        rows.iter().any(|r| r.1 == SENT) && rows.iter().any(|r| r.1 == V2),
        "{rows:?}"
    );
}

/// A log from before migration 0012: a render is a send when its path is the shipped pattern
/// (or a version beside it), the scheduler's rows are sends, every other render is a check.
#[test]
fn old_log_rows_are_classed_by_their_path() {
    let env = Env::new();
    {
        let conn = Connection::open(&env.db).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        // 0012, 0014 (the delivery log), 0016 (a quarter's facts) and 0018 (the countries'
        // readings) are undone below; 0013 (the current views) only recreates its views and 0015,
        // 0017, 0019, 0020 and 0021 make only what they lack, so all run again from version 11.
        assert_eq!(version, 21, "the migrations from 0012 on are undone below");
        conn.execute_batch(common::UNDO_QUARTER_FACTS).unwrap();
        conn.execute_batch(
            "DROP TABLE delivery_attachment; DROP TABLE delivery_log; DROP TABLE delivery_start;
             DROP INDEX export_log_sends; DROP TABLE schedule_start;
             DROP TRIGGER export_log_finished_once; DROP TRIGGER export_log_same_export;
             ALTER TABLE export_log DROP COLUMN kind;
             ALTER TABLE countries DROP COLUMN reading;
             INSERT INTO export_log (report, period, format, lang, path, status, known_at, started_at, origin) VALUES
               ('quarterly', 'FY2017Q4', 'html', 'ja', 'exports/quarterly/FY2017Q4.ja.html', 'ok', '2018-04-10T00:00:00Z', '2018-04-10T00:00:00Z', 'render'),
               ('quarterly', 'FY2017Q4', 'html', 'ja', '/srv/r/quarterly/FY2017Q4.ja.v2.html', 'ok', '2018-04-11T00:00:00Z', '2018-04-11T00:00:00Z', 'render'),
               ('quarterly', 'FY2017Q4', 'html', 'ja', 'check.html', 'ok', '2018-04-12T00:00:00Z', '2018-04-12T00:00:00Z', 'render'),
               ('quarterly', 'FY2017Q4', 'html', 'ja', '-', 'ok', '2018-04-12T00:00:00Z', '2018-04-12T00:00:00Z', 'render'),
               ('quarterly', 'FY2017Q3', 'pdf', 'ja', '/srv/x/any.pdf', 'ok', '2018-04-12T00:00:00Z', '2018-04-12T00:00:00Z', 'schedule');
             PRAGMA user_version = 11;",
        )
        .unwrap();
    }
    at(
        &env,
        "2018-04-20T10:00:00",
        &["schedule", "log", "--format", "csv"],
    );
    let kinds: Vec<(String, String)> = log(&env).into_iter().map(|r| (r.1, r.2)).collect();
    let kind = |p: &str| kinds.iter().find(|k| k.0 == p).unwrap().1.as_str();
    assert_eq!(
        kind("exports/quarterly/FY2017Q4.ja.html"),
        "send",
        "{kinds:?}"
    );
    assert_eq!(kind("/srv/r/quarterly/FY2017Q4.ja.v2.html"), "send");
    assert_eq!(kind("check.html"), "check");
    assert_eq!(kind("-"), "check");
    assert_eq!(kind("/srv/x/any.pdf"), "send");
    // The log stays append-only, its kind too.
    let conn = Connection::open(&env.db).unwrap();
    assert!(conn
        .execute(
            "UPDATE export_log SET kind = 'send' WHERE path = 'check.html'",
            []
        )
        .is_err());
}
