//! An interrupt (Ctrl-C's SIGINT, or SIGTERM) during a render or an export: the temporary file
//! of the write under way is removed, stderr names what was not written, and the exit status is
//! 128 + the signal's number. The signal is raised by the process itself once the temporary file
//! exists (`TENKAI_TEST_INTERRUPT`, debug builds), so the moment is the same on every run.

use crate::common;
use common::{files, Env};

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
