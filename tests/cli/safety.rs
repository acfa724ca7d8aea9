//! What a careless or hostile user types must not destroy data, hang the schedule or falsify the
//! record. Each test checks the files and the database, not only the message.

use crate::common;
use common::{count, quarterly_only_reports, sha256_file, Env};

fn render_to(env: &Env, out: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "report", "render", "briefing", "--period", "FY2017Q4", "--format", "html", "--out", out,
    ];
    args.extend_from_slice(extra);
    // The briefing's lines to take are not written here: rendered marked as not written.
    args.push("--allow-empty");
    env.cmd().args(&args).output().unwrap()
}

/// `schedule run` with another reports folder, as of `now`, into the test folder's `exports/`.
fn schedule_run(
    env: &Env,
    reports: &std::path::Path,
    now: &str,
    extra: &[&str],
) -> std::process::Output {
    // A run that hangs is killed here and fails its test's assertions on what it said; the
    // limits under test stop it long before.
    env.cmd_with_reports(reports)
        .args(["schedule", "run", "--now", now, "--out-dir"])
        .arg(env.path("exports"))
        .args(extra)
        .timeout(std::time::Duration::from_secs(600))
        .output()
        .unwrap()
}

fn exports_logged(env: &Env) -> i64 {
    count(&env.db, "SELECT count(*) FROM export_log")
}

#[test]
fn a_report_is_never_written_over_the_database_or_its_sidecar_files() {
    let env = Env::new();
    env.ok(&["init"]);
    // A reader keeps the write-ahead log's files in being.
    let db = env.db.to_str().unwrap().to_string();
    for target in [db.clone(), format!("{db}-wal"), format!("{db}-shm")] {
        let before = sha256_file(&env.db);
        for force in [&[][..], &["--force"][..]] {
            let out = render_to(&env, &target, force);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{target}: {err}");
            assert!(err.contains("is the database"), "{err}");
        }
        assert_eq!(sha256_file(&env.db), before, "{target}");
    }
    assert_eq!(
        env.ok(&["hub", "list", "--format", "csv"]).lines().count(),
        29
    );
    assert_eq!(exports_logged(&env), 0);
}

#[test]
fn links_folders_and_fifos_are_never_replaced() {
    let env = Env::new();
    env.ok(&["init"]);
    let kept = env.path("kept.txt");
    std::fs::write(&kept, "大事なメモ").unwrap();
    let link = env.path("link.html");
    std::os::unix::fs::symlink(&kept, &link).unwrap();
    let folder = env.path("folder.html");
    std::fs::create_dir(&folder).unwrap();
    let fifo = env.path("fifo.html");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    for (path, says) in [
        (&link, "symbolic link"),
        (&folder, "not a regular file"),
        (&fifo, "not a regular file"),
    ] {
        let out = render_to(&env, path.to_str().unwrap(), &["--force"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(says), "{err}");
    }
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "大事なメモ");
    assert!(folder.is_dir());
    assert_eq!(exports_logged(&env), 0);
}

#[test]
fn a_file_tenkai_did_not_export_is_replaced_only_with_force() {
    let env = Env::new();
    env.ok(&["init"]);
    let mine = env.path("notes.html");
    std::fs::write(&mine, "<p>自分のメモ</p>").unwrap();
    let out = render_to(&env, mine.to_str().unwrap(), &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "<p>自分のメモ</p>");

    let out = render_to(&env, mine.to_str().unwrap(), &["--force"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read_to_string(&mine)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
    // Now it is a file tenkai exported (logged): never written over, not even with --force.
    let sent = sha256_file(&mine);
    for force in [&[][..], &["--force"][..]] {
        let out = render_to(&env, mine.to_str().unwrap(), force);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("never written over"), "{err}");
        assert_eq!(sha256_file(&mine), sent);
    }
    assert_eq!(
        count(
            &env.db,
            "SELECT count(*) FROM export_log WHERE status = 'ok'"
        ),
        1
    );
}

#[test]
fn out_dash_writes_the_report_to_standard_output() {
    let env = Env::new();
    env.ok(&["init"]);
    let out = env
        .cmd()
        .args([
            "report", "render", "briefing", "--period", "FY2017Q4", "--format", "pdf", "--out", "-",
        ])
        .arg("--allow-empty")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.starts_with(b"%PDF-"));
    assert!(out.stdout.windows(5).rev().take(64).any(|w| w == b"%%EOF"));
    assert!(!env.path("-").exists());
    let logged: String = rusqlite::Connection::open(&env.db)
        .unwrap()
        .query_row("SELECT path || ' ' || status FROM export_log", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(logged, "- ok");
}

#[test]
fn an_output_pattern_must_give_every_export_its_own_file() {
    let env = Env::new();
    env.ok(&["init"]);
    let reports = quarterly_only_reports(&env);
    for (pattern, says) in [
        ("{report}/{period}", "lacks {lang} and {format}"),
        (
            "{report}/{period}.{lang}.{nosuch}.{format}",
            "unknown placeholder {nosuch}",
        ),
    ] {
        let q = std::fs::read_to_string(common::reports_dir().join("quarterly.toml"))
            .unwrap()
            .replace("{report}/{period}.{lang}.{format}", pattern);
        std::fs::write(reports.join("quarterly.toml"), q).unwrap();
        let out = schedule_run(&env, &reports, "2018-07-10T09:00+09:00", &[]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{pattern}: {err}");
        assert!(err.contains(says), "{pattern}: {err}");
        assert!(common::files(&env.path("exports")).is_empty(), "{pattern}");
    }
    assert_eq!(
        count(
            &env.db,
            "SELECT count(*) FROM export_log WHERE status = 'ok'"
        ),
        0
    );
}

#[test]
fn an_export_to_another_exports_file_is_refused_and_verify_still_matches() {
    let env = Env::new();
    env.ok(&["init"]);
    let shared = env.path("shared.html");
    let render = |period: &str| {
        env.cmd()
            .args([
                "report", "render", "briefing", "--period", period, "--format", "html", "--out",
            ])
            .arg(&shared)
            .arg("--allow-empty")
            .output()
            .unwrap()
    };
    assert!(render("FY2017Q3").status.success());
    let sent = sha256_file(&shared);
    let out = render("FY2017Q4");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("export 1: briefing FY2017Q3 ja html"), "{err}");
    assert_eq!(sha256_file(&shared), sent);
    let out = env.cmd().args(["schedule", "verify"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const HUBS_HEADER: &str =
    "code,name_ja,name_en,country,kind,operators,status,effective_date,expected_date,note,source\n";

/// Imports a hubs file and returns (exit code, stderr); the database must be unchanged when it
/// fails.
fn import_hubs(env: &Env, name: &str, body: &[u8], extra: &[&str]) -> (i32, String) {
    let path = env.path(name);
    std::fs::write(&path, body).unwrap();
    let before = env.dump();
    let mut args = vec!["import", "hubs", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = env.cmd().args(&args).output().unwrap();
    let code = out.status.code().unwrap_or(-1);
    if code != 0 {
        assert_eq!(
            env.dump(),
            before,
            "{name}: a refused import changed the database"
        );
    }
    (code, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn an_unterminated_quote_is_an_error_at_the_line_where_it_opened() {
    let env = Env::new();
    env.ok(&["init"]);
    let hubs_before = count(&env.db, "SELECT count(*) FROM hubs");
    // In the last column: the next two rows would have become part of the note.
    let last = format!(
        "{HUBS_HEADER}H29,トルコ病院,,TR,hospital,,planned,2018-04-01,,\"never closed\nH30,エジプト病院,,EG,hospital,,planned,2018-04-01,,,出典\nH31,ケニア病院,,KE,hospital,,planned,2018-04-01,,,出典\n"
    );
    let (code, err) = import_hubs(&env, "last.csv", last.as_bytes(), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("line 2: a quoted field opens here and is never closed"),
        "{err}"
    );
    // In a middle column, closed later by another field's quote.
    let middle = format!(
        "{HUBS_HEADER}H29,\"トルコ病院,,TR,hospital,,planned,2018-04-01,,,出典\nH30,エジプト病院,,EG,hospital,,planned,2018-04-01,,\"メモ\",出典\n"
    );
    let (code, err) = import_hubs(&env, "middle.csv", middle.as_bytes(), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("line 2: a quoted field opens here"), "{err}");
    assert_eq!(count(&env.db, "SELECT count(*) FROM hubs"), hubs_before);
}

#[test]
fn import_refuses_what_would_break_the_record_or_its_output() {
    let env = Env::new();
    env.ok(&["init"]);
    let row = |code: &str, name: &str, status: &str, date: &str, expected: &str| {
        format!("{HUBS_HEADER}{code},{name},,TR,hospital,,{status},{date},{expected},,出典\n")
    };
    let long = "長".repeat(201);
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "nul",
            row("H\u{0}29", "病院", "planned", "2018-04-01", ""),
            "column code: has the control character U+0000",
        ),
        (
            "escape",
            row("H29", "病院\u{1b}[2J", "planned", "2018-04-01", ""),
            "U+001B",
        ),
        (
            "bidi",
            row("H29", "病院\u{202e}逆", "planned", "2018-04-01", ""),
            "bidirectional control U+202E",
        ),
        (
            "emoji",
            row("H29", "病院🏥", "planned", "2018-04-01", ""),
            "cannot draw",
        ),
        (
            "long",
            row("H29", &long, "planned", "2018-04-01", ""),
            "201 characters long",
        ),
        (
            "case",
            row("h01", "重複", "planned", "2018-04-01", ""),
            "hub h01 already exists as H01",
        ),
        (
            "future",
            row("H29", "病院", "opened", "2999-01-01", ""),
            "more than a year ahead",
        ),
        (
            "expected",
            row("H29", "病院", "planned", "2018-04-01", "2018-01-01"),
            "before the status date",
        ),
    ];
    for (name, body, says) in cases {
        let (code, err) = import_hubs(&env, &format!("{name}.csv"), body.as_bytes(), &[]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(err.contains(says), "{name}: expected '{says}' in {err}");
        assert!(err.contains("line 2"), "{name}: {err}");
    }
    // A date far ahead is taken when asked for.
    let (code, err) = import_hubs(
        &env,
        "future-ok.csv",
        row("H29", "病院", "planned", "2999-01-01", "").as_bytes(),
        &["--allow-future"],
    );
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_hub_cannot_close_before_it_opened() {
    let env = Env::new();
    env.ok(&["init"]);
    let before = env.dump();
    let (code, err) = env.fails(&[
        "hub",
        "set-status",
        "--source",
        "テスト出典",
        "H01",
        "closed",
        "--date",
        "1900-01-01",
    ]);
    // A fact the record refuses: a failure.
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("before the hub opened"), "{err}");
    assert_eq!(env.dump(), before);
}

#[test]
fn a_cp932_file_from_excel_imports_with_its_japanese_names() {
    let env = Env::new();
    env.ok(&["init"]);
    // Written as Python writes it: "…".encode("cp932").
    let text = format!(
        "{HUBS_HEADER}H29,トルコ日本病院,,TR,hospital,富士フイルム,planned,2018-06-01,,～ノート①,出典\n"
    );
    let (bytes, _, bad) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!bad);
    assert!(std::str::from_utf8(&bytes).is_err());
    let (code, err) = import_hubs(&env, "excel.csv", &bytes, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("read as CP932"), "{err}");
    let name = env.ok(&[
        "sql",
        "--format",
        "csv",
        "SELECT name_ja || '|' || note FROM hubs WHERE code = 'H29'",
    ]);
    assert_eq!(name.lines().nth(1), Some("トルコ日本病院|～ノート①"));
    // Told it is UTF-8, the same file is refused.
    let (code, err) = import_hubs(&env, "excel2.csv", &bytes, &["--encoding", "utf-8"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("not UTF-8"), "{err}");
}

#[test]
fn a_waiting_runner_gives_up_after_wait_and_leaves_the_log_alone() {
    let env = Env::new();
    env.ok(&["init"]);
    let reports = quarterly_only_reports(&env);
    // Another runner holds the lock (this test, standing in for a hung cron run).
    let mut lock = env.db.as_os_str().to_owned();
    lock.push(".schedule.lock");
    let held = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .unwrap();
    held.lock().unwrap();
    let out = schedule_run(&env, &reports, "2018-07-10T09:00+09:00", &["--wait", "1s"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("longer than --wait allows"), "{err}");
    assert_eq!(exports_logged(&env), 0);
    assert!(common::files(&env.path("exports")).is_empty());
    // Released, the next run does the work.
    drop(held);
    let out = schedule_run(&env, &reports, "2018-07-10T09:00+09:00", &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(common::files(&env.path("exports")).len(), 10);
}

/// The reports folder with a quarterly report whose template or saved query never ends, its
/// limits set low so that the test is quick.
fn runaway_reports(env: &Env, template: &str, query: Option<&str>) -> std::path::PathBuf {
    let reports = quarterly_only_reports(env);
    let q = std::fs::read_to_string(reports.join("quarterly.toml")).unwrap();
    std::fs::write(
        reports.join("quarterly.toml"),
        format!("{q}\n[limits]\nfuel = 2000000\nseconds = 2\n"),
    )
    .unwrap();
    let t = std::fs::read_to_string(reports.join("templates/quarterly.html")).unwrap();
    std::fs::write(
        reports.join("templates/quarterly.html"),
        t.replacen(
            "{% block content %}",
            &format!("{{% block content %}}{template}"),
            1,
        ),
    )
    .unwrap();
    if let Some(sql) = query {
        std::fs::write(reports.join("queries/forever.sql"), sql).unwrap();
    }
    reports
}

#[test]
fn a_template_that_never_ends_fails_alone_within_its_limit() {
    let env = Env::new();
    let reports = runaway_reports(
        &env,
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        None,
    );
    let out = schedule_run(&env, &reports, "2018-07-10T09:00+09:00", &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("limits.fuel"), "{err}");
    assert_eq!(
        count(
            &env.db,
            "SELECT count(*) FROM export_log WHERE status = 'failed'"
        ),
        10
    );
    assert!(common::files(&env.path("exports")).is_empty());
}

#[test]
fn a_saved_query_that_never_ends_is_stopped_and_the_next_run_still_works() {
    let env = Env::new();
    let reports = runaway_reports(
        &env,
        "{% set rows = query(\"forever\") %}",
        Some(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c",
        ),
    );
    let run = || schedule_run(&env, &reports, "2018-07-10T09:00+09:00", &["--wait", "5s"]);
    let out = run();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // Each of the 5 periods is stopped by its own limit (the formats share one preparation).
    assert!(err.contains("limits.seconds"), "{err}");
    // The lock was released: the next run runs (and waits out the back-off).
    let out = run();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("failed before; next retry"), "{err}");
}

#[test]
fn one_broken_definition_fails_alone() {
    let env = Env::new();
    let reports = quarterly_only_reports(&env);
    std::fs::write(
        reports.join("broken.toml"),
        "title_ja = \"壊れた\"\nthis is not toml",
    )
    .unwrap();
    let out = schedule_run(&env, &reports, "2018-07-10T09:00+09:00", &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("report broken cannot be exported"), "{err}");
    assert_eq!(common::files(&env.path("exports")).len(), 10, "{err}");
    // `report list` shows it beside the others, with its error.
    let out = env
        .cmd_with_reports(&reports)
        .args(["report", "list", "--format", "csv"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(listed.contains("quarterly"), "{listed}");
    assert!(
        listed.contains("broken") && listed.contains("(broken:"),
        "{listed}"
    );
}

#[test]
fn a_run_in_the_future_is_refused_unless_it_is_a_dry_run() {
    let env = Env::new();
    let reports = quarterly_only_reports(&env);
    let before = env.dump();
    let out = schedule_run(&env, &reports, "2030-01-01T00:00+09:00", &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("--dry-run"), "{err}");
    assert!(common::files(&env.path("exports")).is_empty());
    let out = env
        .cmd_with_reports(&reports)
        .args([
            "schedule",
            "run",
            "--now",
            "2030-01-01T00:00+09:00",
            "--dry-run",
            "--out-dir",
        ])
        .arg(env.path("trial"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // FY2017Q1 to FY2029Q2 were due by then, two formats each, and the trial's list of them.
    let files = common::files(&env.path("trial"));
    let list = files.iter().filter(|f| f.ends_with(".tenkai-trial"));
    assert_eq!(list.count(), 1, "{files:?}");
    assert_eq!(files.len(), 2 * 50 + 1);
    assert_eq!(env.dump(), before, "a dry run logged something");
}

#[test]
fn a_database_named_by_mistake_is_never_created() {
    let env = Env::empty();
    let bare = || {
        let mut c = assert_cmd::Command::cargo_bin("tenkai").unwrap();
        c.env_remove("TENKAI_DB")
            .arg("--reports")
            .arg(common::reports_dir())
            .current_dir(env.dir.path());
        c
    };
    let typo = env.path("nodir/typo.sqlite");
    for args in [
        &["sql", "SELECT count(*) FROM hubs"][..],
        &["hub", "list"][..],
        &[
            "hub",
            "set-status",
            "--source",
            "テスト出典",
            "H10",
            "opened",
            "--date",
            "2018-05-15",
        ][..],
    ] {
        let out = bare().arg("--db").arg(&typo).args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("does not exist") && err.contains("tenkai init"),
            "{err}"
        );
    }
    assert!(!env.path("nodir").exists());
    // `init` makes it.
    bare().arg("--db").arg(&typo).arg("init").assert().success();
    assert_eq!(count(&typo, "SELECT count(*) FROM hubs"), 28);
    // A file that is not a database is named.
    let junk = env.path("junk.sqlite");
    std::fs::write(&junk, "これはデータベースではない。".repeat(100)).unwrap();
    let out = bare()
        .arg("--db")
        .arg(&junk)
        .args(["hub", "list"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("junk.sqlite is not a SQLite database"),
        "{err}"
    );
}

#[test]
fn a_metric_must_read_the_record_at_a_moment_and_finish_in_time() {
    let env = Env::new();
    let before = env.dump();
    let add = |name: &str, sql: &str, extra: &[&str]| {
        let mut args = vec![
            "metric",
            "add",
            name,
            "--title-ja",
            "指標",
            "--title-en",
            "Metric",
            "--sql",
            sql,
        ];
        args.extend_from_slice(extra);
        env.cmd().args(&args).output().unwrap()
    };
    let out = add("all_hubs", "SELECT count(*) FROM hubs", &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(":as_of") && err.contains("--timeless"),
        "{err}"
    );
    let out = add(
        "forever",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c WHERE :as_of IS NOT NULL",
        &["--timeout", "1s"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("time limit"), "{err}");
    assert_eq!(env.dump(), before);
    let out = add("target_hubs", "SELECT 20", &["--timeless"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn sql_write_only_adds_rows_and_never_touches_the_export_log() {
    let env = Env::new();
    common::write_lines_to_take(&env);
    env.ok(&[
        "report", "render", "briefing", "--period", "FY2017Q4", "--format", "html",
    ]);
    let before = env.dump();
    for (sql, says) in [
        ("UPDATE hubs SET name_ja = '改名' WHERE code = 'H01'", "append-only"),
        ("DELETE FROM meetings", "append-only"),
        ("UPDATE export_log SET sha256 = 'x'", "export_log"),
        ("DELETE FROM export_log", "export_log"),
        ("INSERT INTO export_log (report, period, format, lang, path, status, known_at, started_at) VALUES ('x', 'y', 'html', 'ja', 'p', 'ok', 'k', 's')", "export_log"),
        ("UPDATE metrics SET sql = 'SELECT 99'", "append-only"),
    ] {
        let out = env.cmd().args(["sql", "--write", sql]).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{sql}: {err}");
        assert!(err.contains(says), "{sql}: {err}");
    }
    assert_eq!(env.dump(), before);
    // Refusals are in words, never SQLite's internal names.
    let out = env
        .cmd()
        .args(["sql", "--write", "DROP TRIGGER export_log_no_delete"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("DROP TRIGGER export_log_no_delete"), "{err}");
    assert!(!err.contains('{'), "{err}");
    // The log itself refuses a change made behind tenkai's back.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let e = conn.execute("DELETE FROM export_log", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = conn
        .execute("UPDATE export_log SET sha256 = 'forged'", [])
        .unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
}

#[test]
fn a_blank_line_in_a_narrative_starts_a_new_paragraph() {
    let env = Env::new();
    env.ok(&[
        "narrative",
        "set",
        "--period",
        "FY2017Q4",
        "--section",
        "summary",
        "--lang",
        "ja",
        "--text",
        "第一段落は<b>ここ</b>まで。\n\n第二段落。",
    ]);
    let html = env.path("q.html");
    env.ok(&common::render_quarterly("html", html.to_str().unwrap()));
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(
        text.contains("<p>第一段落は&lt;b&gt;ここ&lt;/b&gt;まで。</p>"),
        "the first paragraph, escaped"
    );
    assert!(text.contains("<p>第二段落。</p>"));
    let Some(pdftotext) = common::tool("pdftotext") else {
        return;
    };
    let pdf = env.path("q.pdf");
    env.ok(&common::render_quarterly("pdf", pdf.to_str().unwrap()));
    let t = common::run_tool(&pdftotext, &[pdf.to_str().unwrap(), "-"]);
    let first = t
        .find("ここ</b>まで。")
        .expect("the first paragraph in the PDF");
    let second = t
        .find("第二段落。")
        .expect("the second paragraph in the PDF");
    assert!(second > first);
    assert!(!t.contains("まで。第二段落"), "the paragraphs ran together");
}

#[test]
fn man_dir_writes_a_page_for_every_command() {
    let env = Env::new();
    let dir = env.path("man");
    env.ok(&["man", "--dir", dir.to_str().unwrap()]);
    for page in [
        "tenkai.1",
        "tenkai-hub.1",
        "tenkai-hub-list.1",
        "tenkai-report-render.1",
        "tenkai-schedule-run.1",
        "tenkai-sql.1",
    ] {
        let text = std::fs::read_to_string(dir.join(page)).unwrap_or_default();
        assert!(text.contains(".TH"), "{page}");
    }
    let render = std::fs::read_to_string(dir.join("tenkai-report-render.1")).unwrap();
    assert!(render.contains("force"), "{render}");
}

#[test]
fn an_undefined_template_variable_is_named_with_its_line() {
    let env = Env::new();
    let reports = common::reports_copy(&env);
    let t = std::fs::read_to_string(reports.join("templates/quarterly.html")).unwrap();
    std::fs::write(
        reports.join("templates/quarterly.html"),
        t.replace(
            "{{ figures.hubs_open | num }}",
            "{{ figurs.hubs_open | num }}",
        ),
    )
    .unwrap();
    let out = env
        .cmd_with_reports(&reports)
        .args(common::render_quarterly(
            "html",
            env.path("x.html").to_str().unwrap(),
        ))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("quarterly.html:"), "{err}");
    assert!(err.contains("figurs"), "{err}");
    assert!(!env.path("x.html").exists());
}

#[test]
fn a_sent_report_re_renders_byte_for_byte_as_its_log_says() {
    let env = Env::new();
    // Each command runs on the test's clock: the export at 0 s, the later hub 1 s after it.
    env.at(0);
    let out = env.path("sent.pdf");
    env.ok(&common::render_quarterly("pdf", out.to_str().unwrap()));
    let (known_at, sha): (String, String) = rusqlite::Connection::open(&env.db)
        .unwrap()
        .query_row("SELECT known_at, sha256 FROM export_log", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    // A rename or a new partner behind tenkai's back is refused by the database itself…
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    for sql in [
        "UPDATE hubs SET name_ja = '改名した拠点' WHERE code = 'H01'",
        "DELETE FROM meetings WHERE number = 13",
        "UPDATE metrics SET sql = 'SELECT 99' WHERE name = 'hubs_open'",
    ] {
        let e = conn.execute(sql, []).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
    // …and `sql --write` may not add a partner to an existing hub.
    let (code, err) = env.fails(&[
        "sql",
        "--write",
        "INSERT INTO hub_partners (hub_id, org_id, position) SELECT 1, id, 9 FROM organisations LIMIT 1",
    ]);
    assert_eq!(code, 1, "{err}");
    // A new hub recorded later (times are kept to the second) does not show in a render as known
    // when the file was sent.
    env.at(1);
    env.ok(&[
        "hub",
        "add",
        "--source",
        "テスト出典",
        "H29",
        "--name-ja",
        "後から記録された拠点",
        "--country",
        "TR",
        "--kind",
        "hospital",
        "--status",
        "opened",
        "--date",
        "2018-02-01",
    ]);
    let again = env.path("again.pdf");
    let mut args = common::render_quarterly("pdf", again.to_str().unwrap());
    args.extend(["--known-at", known_at.as_str()]);
    env.ok(&args);
    assert_eq!(sha256_file(&again), sha);
}

#[test]
fn a_database_on_a_read_only_folder_can_still_be_read() {
    // A read-only bind mount of the test folder (root only, as in CI): SQLite cannot make the
    // write-ahead log's files there, so a read opens the database as it stands.
    let env = Env::new();
    let ro = tempfile::tempdir().unwrap();
    let mounted = std::process::Command::new("mount")
        .arg("--bind")
        .arg(env.dir.path())
        .arg(ro.path())
        .status()
        .is_ok_and(|s| s.success())
        && std::process::Command::new("mount")
            .args(["-o", "remount,bind,ro"])
            .arg(ro.path())
            .status()
            .is_ok_and(|s| s.success());
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    if !mounted {
        if std::env::var_os("TENKAI_SKIP_EXTERNAL").is_some()
            || std::env::var_os("TENKAI_NO_MOUNT").is_some()
        {
            eprintln!("SKIPPED: cannot make a read-only bind mount here (needs root)");
            return;
        }
        panic!("cannot make a read-only bind mount (the tests run as root in CI; set TENKAI_SKIP_EXTERNAL=1 to skip)");
    }
    let _unmount = Unmount(ro.path().to_path_buf());
    let db = ro.path().join("tenkai.sqlite");
    let run = |args: &[&str]| {
        let mut c = assert_cmd::Command::cargo_bin("tenkai").unwrap();
        c.env_remove("TENKAI_DB")
            .arg("--db")
            .arg(&db)
            .arg("--reports")
            .arg(common::reports_dir())
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["sql", "--format", "csv", "SELECT count(*) AS n FROM hubs"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "n\n28\n");
    let out = run(&["hub", "list", "--format", "csv"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("reading it as it stands"), "{err}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 29);
    // A write says why it cannot be done there.
    let out = run(&[
        "hub",
        "set-status",
        "--source",
        "テスト出典",
        "H10",
        "opened",
        "--date",
        "2018-05-15",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("read-only"), "{err}");
}
