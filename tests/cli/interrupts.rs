//! An interrupt (Ctrl-C's SIGINT, or SIGTERM) during a render or an export: the temporary file
//! of the write under way is removed, stderr names what was not written, and the exit status is
//! 128 + the signal's number. The signal is raised by the process itself once the temporary file
//! exists (`TENKAI_TEST_INTERRUPT`, debug builds), so the moment is the same on every run.

use crate::common;
use common::{files, Env};
use std::path::Path;

/// Runs `args` with the test hook set to `hook`: (exit code, stderr).
fn interrupted(env: &Env, hook: &str, args: &[&str]) -> (Option<i32>, String) {
    let out = env
        .cmd()
        .env("TENKAI_TEST_INTERRUPT", hook)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn ctrl_c_during_a_render_removes_its_temporary_file_and_says_what_was_not_written() {
    let env = Env::new();
    let dir = env.path("out");
    std::fs::create_dir(&dir).unwrap();
    let html = dir.join("q.html");
    let args = common::render_quarterly("html", html.to_str().unwrap());
    let (code, err) = interrupted(&env, "INT", &args);
    assert_eq!(code, Some(130), "{err}");
    assert!(err.contains("interrupted (SIGINT)"), "{err}");
    assert!(
        err.contains(&format!("not written: {}", html.display()))
            && err.contains("temporary file was removed"),
        "{err}"
    );
    assert_eq!(files(&dir), Vec::<std::path::PathBuf>::new(), "{err}");
    // The same render, uninterrupted, writes the file.
    env.ok(&args);
    assert!(common::whole(&html));
}

#[test]
fn an_interrupt_on_the_second_file_keeps_the_first_and_names_only_the_second() {
    let env = Env::new();
    let dir = env.path("exports");
    // The send of both formats, to the definition's own paths under exports/.
    let send = "report render quarterly --period FY2017Q4 --format html,pdf --lang ja";
    let args: Vec<&str> = send.split(' ').collect();
    let (code, err) = interrupted(&env, "TERM:2", &args);
    assert_eq!(code, Some(143), "{err}");
    assert!(err.contains("interrupted (SIGTERM)"), "{err}");
    let left = files(&dir);
    assert_eq!(left.len(), 1, "{left:?} {err}");
    assert!(common::whole(&left[0]), "the first file is whole: {left:?}");
    assert!(
        err.contains("not written:") && err.contains(".pdf") && !err.contains(".html"),
        "{err}"
    );
}

#[test]
fn ctrl_c_during_an_export_leaves_no_partial_file() {
    let env = Env::new();
    let out = env.path("status.csv");
    let before = files(env.dir.path());
    let (code, err) = interrupted(
        &env,
        "INT",
        &[
            "export",
            "hub_status",
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(130), "{err}");
    assert!(
        err.contains(&format!("not written: {}", out.display())),
        "{err}"
    );
    let after = files(env.dir.path());
    assert!(
        after.iter().all(|p| before.contains(p)
            || p.ends_with("tenkai.sqlite-wal")
            || p.ends_with("tenkai.sqlite-shm")),
        "new files: {after:?}"
    );
}

/// `schedule run` in a process group of its own, stopped by the test hook `hook`: Ctrl-C reaches
/// the run and its export's process at once, and the hook sends SIGINT to their group (not the
/// test's).
fn scheduled_run_interrupted(env: &Env, out_dir: &Path, hook: &str) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    std::process::Command::new(assert_cmd::cargo::cargo_bin("tenkai"))
        .process_group(0)
        .env_remove("TENKAI_DB")
        .env_remove("TENKAI_REPORTS")
        .arg("--db")
        .arg(&env.db)
        .arg("--reports")
        .arg(common::reports_dir())
        .env("TENKAI_TEST_INTERRUPT", hook)
        .args([
            "schedule",
            "run",
            "--now",
            "2018-04-10T09:00+09:00",
            "--out-dir",
        ])
        .arg(out_dir)
        .output()
        .unwrap()
}

#[test]
fn ctrl_c_once_a_scheduled_file_is_in_place_is_said_as_exported_as_the_log_says() {
    let env = Env::new();
    let out_dir = env.path("out");
    // Once the first file is in place, before its process reports it to the run.
    let out = scheduled_run_interrupted(&env, &out_dir, "INT:1:group:placed");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let (path, sha256): (String, String) = conn
        .query_row(
            "SELECT path, sha256 FROM export_log WHERE status = 'ok'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(common::sha256_file(&env.path(&path)), sha256);
    assert!(
        err.contains(&format!("exported quarterly FY2017Q4 ja html -> {path}")),
        "{err}"
    );
    assert!(!err.contains("failed: quarterly FY2017Q4 ja html"), "{err}");
    assert!(err.contains("1 exported,"), "{err}");
}

#[test]
fn ctrl_c_during_a_scheduled_run_stops_it_between_exports_and_leaves_nothing_running() {
    let env = Env::new();
    let out_dir = env.path("out");
    // Once the first file is begun.
    let out = scheduled_run_interrupted(&env, &out_dir, "INT:1:group");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("stopped between files as asked"), "{err}");
    let partial: Vec<_> = files(&out_dir)
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(partial.is_empty(), "temporary files left: {partial:?}");
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        count("SELECT count(*) FROM export_log WHERE status = 'running'"),
        0
    );
    // The export stopped is logged failed once, as interrupted (retried at once by the next run).
    assert_eq!(
        count("SELECT count(*) FROM export_log WHERE status = 'failed' AND error LIKE 'interrupted:%'"),
        1,
        "{err}"
    );
    assert_eq!(
        count("SELECT count(*) FROM export_log WHERE status = 'failed'"),
        1
    );
}
