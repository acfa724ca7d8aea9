//! `tenkai schedule` with a simulated clock: every due export exactly once, in order, with a
//! truthful log, across concurrent runners, kills and template errors.

use crate::common;
use common::Env;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};

const NOW: &str = "2018-07-10T09:00+09:00";

fn run(env: &Env, reports: &Path, now: &str) -> std::process::Output {
    env.cmd_with_reports(reports)
        .args(["schedule", "run", "--now", now])
        .output()
        .unwrap()
}

fn log(env: &Env) -> Vec<serde_json::Value> {
    env.json(&["sql", "SELECT report, period, format, lang, path, status, sha256, known_at, error FROM export_log ORDER BY id", "--format", "json"]).as_array().unwrap().clone()
}

fn ok_rows(env: &Env) -> Vec<serde_json::Value> {
    log(env)
        .into_iter()
        .filter(|r| r["status"] == "ok")
        .collect()
}

#[test]
fn the_first_run_catches_up_in_order_and_the_second_exports_nothing() {
    let env = Env::new();
    let reports = common::quarterly_only_reports(&env);
    let first = run(&env, &reports, NOW);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let rows = ok_rows(&env);
    let periods: Vec<&str> = rows.iter().map(|r| r["period"].as_str().unwrap()).collect();
    assert_eq!(
        periods,
        [
            "FY2017Q1", "FY2017Q1", "FY2017Q2", "FY2017Q2", "FY2017Q3", "FY2017Q3", "FY2017Q4",
            "FY2017Q4", "FY2018Q1", "FY2018Q1"
        ]
    );
    for r in &rows {
        let p = env.path(r["path"].as_str().unwrap());
        assert!(common::whole(&p), "{}", p.display());
        assert_eq!(common::sha256_file(&p), r["sha256"].as_str().unwrap());
        assert_eq!(r["known_at"], "2018-07-10T00:00:00Z");
    }
    let second = run(&env, &reports, NOW);
    assert!(second.status.success());
    assert!(String::from_utf8_lossy(&second.stderr).contains("0 exported, 0 failed"));
    assert_eq!(log(&env).len(), 10);
    // An hour before FY2018Q1 was due, only FY2017 was.
    let env2 = Env::new();
    run(
        &env2,
        &common::quarterly_only_reports(&env2),
        "2018-07-10T08:00+09:00",
    );
    assert_eq!(ok_rows(&env2).len(), 8);
    // What was exported re-renders byte-identically with --known-at set to the export time.
    let r = &rows[7];
    let again = env.path("again.pdf");
    env.ok(&[
        common::render_quarterly("pdf", again.to_str().unwrap()),
        vec!["--known-at", r["known_at"].as_str().unwrap()],
    ]
    .concat());
    assert_eq!(common::sha256_file(&again), r["sha256"].as_str().unwrap());
    // verify re-hashes; a changed file is reported.
    assert!(env
        .cmd_with_reports(&reports)
        .args(["schedule", "verify"])
        .output()
        .unwrap()
        .status
        .success());
    std::fs::write(env.path(rows[0]["path"].as_str().unwrap()), "tampered").unwrap();
    let v = env
        .cmd_with_reports(&reports)
        .args(["schedule", "verify"])
        .output()
        .unwrap();
    assert_eq!(v.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&v.stdout).contains("changed since export"));
    let list = env
        .cmd_with_reports(&reports)
        .args(["schedule", "list", "--now", NOW, "--format", "json"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(list[0]["next_period"], "FY2018Q2");
    assert_eq!(list[0]["pending"], 0);
}

#[test]
fn four_runners_at_once_export_each_file_exactly_once() {
    let env = Env::new();
    let reports = common::quarterly_only_reports(&env);
    env.ok(&["init"]);
    let children: Vec<_> = (0..4)
        .map(|_| {
            env.process(&reports, &["schedule", "run", "--now", NOW])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let rows = log(&env);
    assert_eq!(rows.len(), 10, "{rows:?}");
    let mut keys: Vec<String> = rows
        .iter()
        .map(|r| format!("{}{}{}", r["period"], r["format"], r["lang"]))
        .collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 10);
    assert!(rows.iter().all(|r| r["status"] == "ok"));
    assert_eq!(common::files(&env.path("exports")).len(), 10);
}

#[test]
fn a_killed_run_leaves_no_partial_file_and_the_next_run_completes() {
    let env = Env::new();
    let reports = common::quarterly_only_reports(&env);
    env.ok(&["init"]);
    // The runner in a process group of its own, killed as a whole (as a service manager kills
    // a job): the export it has started in a process of its own dies with it.
    let mut child = env
        .process(&reports, &["schedule", "run", "--now", NOW])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .unwrap();
    // Kill it once some exports are done and before all are: once 3 are logged, the test takes
    // the database's write lock, so that the runner can log no further export, counts the done
    // ones under that lock, and kills the runner while it waits for the lock.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(60))
        .unwrap();
    let ok = |c: &rusqlite::Connection| {
        c.query_row(
            "SELECT count(*) FROM export_log WHERE status = 'ok'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while ok(&conn) < 3 {
        assert!(
            std::time::Instant::now() < deadline,
            "the run never logged 3 exports"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    let done = ok(&conn);
    let group = format!("-{}", child.id());
    let killed = std::process::Command::new("kill")
        .args(["-KILL", "--", &group])
        .status()
        .unwrap();
    assert!(killed.success(), "kill {group}");
    child.wait().unwrap();
    conn.execute_batch("ROLLBACK").unwrap();
    drop(conn);
    assert!(
        (3..10).contains(&done),
        "{done} exports were done when the runner was killed"
    );
    assert_eq!(ok_rows(&env).len() as i64, done);
    for f in common::files(&env.path("exports")) {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with(".tenkai-") {
            continue; // a temporary file, never at an output path; the next run removes it
        }
        assert!(
            common::whole(&f),
            "partial file at an output path: {}",
            f.display()
        );
    }
    let next = run(&env, &reports, NOW);
    assert!(
        next.status.success(),
        "{}",
        String::from_utf8_lossy(&next.stderr)
    );
    let rows = ok_rows(&env);
    assert_eq!(rows.len(), 10);
    let files = common::files(&env.path("exports"));
    assert_eq!(files.len(), 10, "{files:?}");
    assert!(files.iter().all(|f| common::whole(f)));
    assert!(env
        .cmd_with_reports(&reports)
        .args(["schedule", "verify"])
        .output()
        .unwrap()
        .status
        .success());
}

#[test]
fn a_broken_template_fails_alone_and_is_exported_after_the_fix() {
    let env = Env::new();
    let reports = common::quarterly_only_reports(&env);
    let good = std::fs::read_to_string(reports.join("templates/quarterly.html")).unwrap();
    std::fs::write(
        reports.join("templates/broken.html"),
        good.replace("{{ report.title }}", "{{ report.no_such_title }}"),
    )
    .unwrap();
    let def = std::fs::read_to_string(reports.join("quarterly.toml"))
        .unwrap()
        .replace(
            "template = \"quarterly.html\"",
            "template = \"broken.html\"",
        )
        .replace("formats = [\"html\", \"pdf\"]", "formats = [\"html\"]");
    std::fs::write(reports.join("broken.toml"), def).unwrap();
    let out = run(&env, &reports, NOW);
    assert_eq!(out.status.code(), Some(1));
    let rows = log(&env);
    let failed: Vec<_> = rows.iter().filter(|r| r["status"] == "failed").collect();
    assert_eq!(failed.len(), 5);
    assert!(failed
        .iter()
        .all(|r| r["report"] == "broken" && r["error"].as_str().unwrap().contains("broken.html:")));
    assert_eq!(
        rows.iter()
            .filter(|r| r["status"] == "ok" && r["report"] == "quarterly")
            .count(),
        10
    );
    assert!(common::files(&env.path("exports/broken")).is_empty());
    // Within the back-off nothing is retried; after the fix and the back-off, it is exported.
    let soon = run(&env, &reports, "2018-07-10T09:01+09:00");
    assert!(String::from_utf8_lossy(&soon.stderr).contains("next retry after"));
    std::fs::write(reports.join("templates/broken.html"), good).unwrap();
    let later = run(&env, &reports, "2018-07-10T10:00+09:00");
    assert!(
        later.status.success(),
        "{}",
        String::from_utf8_lossy(&later.stderr)
    );
    assert_eq!(
        ok_rows(&env)
            .iter()
            .filter(|r| r["report"] == "broken")
            .count(),
        5
    );
}

#[test]
fn a_bad_schedule_is_an_error_that_says_where() {
    let env = Env::new();
    let reports = common::quarterly_only_reports(&env);
    let q = std::fs::read_to_string(reports.join("quarterly.toml"))
        .unwrap()
        .replace("days_after_period_end = 10", "cron = \"0 9 10 13 *\"");
    std::fs::write(reports.join("quarterly.toml"), q).unwrap();
    let out = run(&env, &reports, NOW);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("quarterly.toml [schedule]") && err.contains("0 9 10 13 *"),
        "{err}"
    );
}

#[test]
fn an_output_pattern_that_leaves_the_export_folder_is_refused() {
    let env = Env::new();
    let reports = common::quarterly_only_reports(&env);
    for bad in [
        "../{report}/{period}.{lang}.{format}",
        "/tmp/{period}.{format}",
    ] {
        let q = std::fs::read_to_string(common::reports_dir().join("quarterly.toml"))
            .unwrap()
            .replace(
                "output = \"{report}/{period}.{lang}.{format}\"",
                &format!("output = \"{bad}\""),
            );
        std::fs::write(reports.join("quarterly.toml"), q).unwrap();
        let out = run(&env, &reports, NOW);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("output")
                && (err.contains("leaves the export folder") || err.contains("absolute")),
            "{err}"
        );
    }
    assert!(!env.dir.path().join("quarterly").exists());
}

#[test]
fn the_daemon_stops_cleanly_on_sigterm() {
    let env = Env::new();
    let reports = common::quarterly_only_reports(&env);
    // The last ended quarter is due now; the next is months away.
    let last = tenkai::period::Period::containing(
        tenkai::period::PeriodKind::FiscalQuarter,
        tenkai::dates::today(),
    )
    .previous()
    .previous();
    let q = std::fs::read_to_string(reports.join("quarterly.toml"))
        .unwrap()
        .replace(
            "first_period = \"FY2017Q1\"",
            &format!("first_period = \"{last}\""),
        );
    std::fs::write(reports.join("quarterly.toml"), q).unwrap();
    env.ok(&["init"]);
    let child = env
        .process(&reports, &["schedule", "daemon"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while ok_rows(&env).len() < 2 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(ok_rows(&env).len() >= 2);
    std::thread::sleep(std::time::Duration::from_millis(300));
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("schedule daemon stopped"));
    assert!(common::files(&env.path("exports"))
        .iter()
        .all(|f| common::whole(f)));
}

#[test]
fn exported_files_are_readable_by_others() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let out = env.path("r.html");
    env.ok(&common::render_quarterly("html", out.to_str().unwrap()));
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o644
    );
}

/// A render does not fold the write-ahead log back into the database file when it closes (that
/// costs five syncs, a third of a PDF render): its log rows wait in the `-wal` file. Nothing is lost
/// by that: the next command, `tenkai sql` (read-only), and a backup all see them, and the next
/// command that closes normally folds them into the one file. A database that the render itself
/// created has its schema and seed in the file at once.
#[test]
fn a_renders_log_rows_wait_in_the_wal_and_reach_the_database_file() {
    let env = Env::new();
    let wal = env.path("tenkai.sqlite-wal");
    for format in ["html", "pdf"] {
        let out = env.path(&format!("r.{format}"));
        env.ok(&[
            common::render_quarterly(format, out.to_str().unwrap()),
            vec!["--known-at", "2018-04-10T09:00"],
        ]
        .concat());
    }
    assert!(
        wal.metadata().map(|m| m.len()).unwrap_or(0) > 0,
        "a render leaves its rows in the -wal file"
    );
    // The first render created the database: its schema and seed are in the file itself.
    let alone = env.path("alone.sqlite");
    std::fs::copy(&env.db, &alone).unwrap();
    assert_eq!(common::count(&alone, "SELECT count(*) FROM hubs"), 28);
    let rows = |db: &Path| -> Vec<(String, String)> {
        let conn = rusqlite::Connection::open(db).unwrap();
        let mut st = conn
            .prepare("SELECT format, status FROM export_log ORDER BY id")
            .unwrap();
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows
    };
    let expected = vec![
        ("html".to_string(), "ok".to_string()),
        ("pdf".to_string(), "ok".to_string()),
    ];
    // Read-only SQL sees them.
    let csv = env.ok(&[
        "sql",
        "--format",
        "csv",
        "SELECT format, status FROM export_log ORDER BY id",
    ]);
    assert_eq!(csv, "format,status\nhtml,ok\npdf,ok\n");
    // A backup is one complete file.
    let backup = env.path("backup.sqlite");
    env.ok(&["backup", backup.to_str().unwrap()]);
    assert!(!env.path("backup.sqlite-wal").exists());
    assert_eq!(rows(&backup), expected);
    // The next ordinary command folds the log into the database file: a copy of that file alone
    // has every row.
    env.ok(&["init"]);
    assert!(
        !wal.exists(),
        "the log was folded into the file and removed"
    );
    let copy = env.path("copy.sqlite");
    std::fs::copy(&env.db, &copy).unwrap();
    assert_eq!(rows(&copy), expected);
    assert_eq!(common::count(&copy, "SELECT count(*) FROM hubs"), 28);
}

#[test]
fn a_font_file_overwritten_under_a_running_daemon_does_not_bring_it_down() {
    // An update that copies new fonts over the old ones (`cp` rewrites the same file) while the
    // daemon catches up on many quarters. tenkai reads the fonts rather than mapping them, and
    // loads a changed file again: the daemon goes on, and every file it leaves is whole.
    let env = Env::new();
    let reports = common::quarterly_only_reports(&env);
    let q = std::fs::read_to_string(reports.join("quarterly.toml"))
        .unwrap()
        .replace("first_period = \"FY2017Q1\"", "first_period = \"FY2010Q1\"")
        .replace("formats = [\"html\", \"pdf\"]", "formats = [\"pdf\"]");
    std::fs::write(reports.join("quarterly.toml"), q).unwrap();
    let child = env
        .process(&reports, &["schedule", "daemon"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let wait_for = |n: usize| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        while common::files(&env.path("exports")).len() < n && std::time::Instant::now() < deadline
        {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    };
    wait_for(3);
    let font = reports.join("fonts").join(tenkai::pdf::fonts::REGULAR);
    let bold = std::fs::read(reports.join("fonts").join(tenkai::pdf::fonts::BOLD)).unwrap();
    std::fs::write(&font, &bold).unwrap();
    let after = common::files(&env.path("exports")).len();
    wait_for(after + 5);
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.code().is_some(),
        "the daemon was killed by a signal: {:?}\n{err}",
        out.status
    );
    assert!(err.contains("schedule daemon stopped"), "{err}");
    let files = common::files(&env.path("exports"));
    assert!(files.len() >= after + 5, "{} files\n{err}", files.len());
    assert!(files.iter().all(|f| common::whole(f)), "{err}");
}

/// `schedule run` with --out-dir and its output.
fn run_into(env: &Env, reports: &Path, dir: &Path, dry: bool) -> std::process::Output {
    let mut cmd = env.cmd_with_reports(reports);
    cmd.args(["schedule", "run", "--now", NOW, "--out-dir"])
        .arg(dir);
    if dry {
        cmd.arg("--dry-run");
    }
    cmd.output().unwrap()
}

#[test]
fn a_trials_files_are_replaced_by_a_later_trial_and_by_the_real_run_unless_someone_edited_them() {
    let env = Env::new();
    let reports = common::quarterly_only_reports(&env);
    let dir = env.path("exports");
    let before = env.dump();
    let trial = run_into(&env, &reports, &dir, true);
    let said = String::from_utf8_lossy(&trial.stderr);
    assert!(trial.status.success(), "{said}");
    assert!(
        said.contains("10 written as a trial (nothing exported or logged), 0 failed"),
        "{said}"
    );
    assert_eq!(env.dump(), before, "a trial logs nothing");
    // Each file is listed beside it with its hash, as `sha256sum` prints it.
    let folder = dir.join("quarterly");
    let list = std::fs::read_to_string(folder.join(".tenkai-trial")).unwrap();
    assert_eq!(list.lines().count(), 10, "{list}");
    for line in list.lines() {
        let (hash, name) = line.split_once("  ").unwrap();
        assert_eq!(common::sha256_file(&folder.join(name)), hash, "{name}");
    }

    // The same trial again: its own files are replaced, not refused as unknown.
    let again = run_into(&env, &reports, &dir, true);
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(again.status.success(), "{said}");
    assert!(said.contains("10 written as a trial"), "{said}");

    // A copy of the database as it is now: its log will not know the sends to come.
    let copy = env.path("copy.sqlite");
    env.ok(&["backup", copy.to_str().unwrap()]);

    // Someone edits one trial file: the real run keeps it and exports the others.
    let edited = folder.join("FY2017Q4.ja.pdf");
    std::fs::write(&edited, b"annotated by hand").unwrap();
    let real = run_into(&env, &reports, &dir, false);
    let said = String::from_utf8_lossy(&real.stderr);
    assert_eq!(real.status.code(), Some(1), "{said}");
    assert!(said.contains("9 exported, 1 failed"), "{said}");
    assert!(
        said.contains(
            "was written by a trial run (`schedule run --dry-run`) and has changed since"
        ),
        "{said}"
    );
    assert_eq!(std::fs::read(&edited).unwrap(), b"annotated by hand");
    // The refusal is logged, so that the export backs off until someone moves the file.
    let failed: Vec<_> = log(&env)
        .into_iter()
        .filter(|r| r["status"] == "failed")
        .collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(
        (&failed[0]["period"], &failed[0]["format"]),
        (&"FY2017Q4".into(), &"pdf".into())
    );
    assert!(failed[0]["error"]
        .as_str()
        .unwrap()
        .contains("has changed since"));
    let rows = ok_rows(&env);
    assert_eq!(rows.len(), 9);
    for r in &rows {
        let p = env.path(r["path"].as_str().unwrap());
        assert_eq!(common::sha256_file(&p), r["sha256"].as_str().unwrap());
    }
    // The sent files are off the trial list: only the edited one is still a trial's.
    let list = std::fs::read_to_string(folder.join(".tenkai-trial")).unwrap();
    assert_eq!(list.lines().count(), 1, "{list}");
    assert!(list.ends_with("  FY2017Q4.ja.pdf\n"), "{list}");
    // So a trial from the copy, whose log does not name the sends, replaces none of them.
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("tenkai"));
    cmd.env_remove("TENKAI_DB").current_dir(env.path("."));
    cmd.arg("--db").arg(&copy).arg("--reports").arg(&reports);
    let sent_before: Vec<String> = rows
        .iter()
        .map(|r| common::sha256_file(&env.path(r["path"].as_str().unwrap())))
        .collect();
    let trial = cmd
        .args(["schedule", "run", "--now", NOW, "--dry-run", "--out-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&trial.stderr);
    assert!(said.contains("0 written as a trial"), "{said}");
    for (r, sha) in rows.iter().zip(&sent_before) {
        let p = env.path(r["path"].as_str().unwrap());
        assert_eq!(&common::sha256_file(&p), sha, "{}", p.display());
    }
}
