//! The export log as it must stay true: a send is logged by an absolute path and is the same
//! send from any folder; an interrupted render does not stay 'running'; a write refused for a
//! clock behind the log, or a correction notice with nobody to send it to, writes nothing.
//! The clock is set with TENKAI_NOW: no test waits for it.

use crate::common;
use common::Env;
use rusqlite::Connection;

/// Runs tenkai at a moment (Asia/Tokyo) in `cwd` and gives (exit code, stdout, stderr).
fn run_in(env: &Env, cwd: &std::path::Path, when: &str, args: &[&str]) -> (i32, String, String) {
    let mut cmd = env.cmd();
    cmd.current_dir(cwd);
    common::run_in_tokyo(cmd, when, args)
}

const RENDER: &[&str] = &[
    "report",
    "render",
    "quarterly",
    "--period",
    "FY2017Q4",
    "--lang",
    "ja",
    "--format",
    "html",
];

/// The export log's (status, path) rows, by id.
fn logged(env: &Env) -> Vec<(String, String)> {
    let c = Connection::open(&env.db).unwrap();
    let mut s = c
        .prepare("SELECT status, path FROM export_log ORDER BY id")
        .unwrap();
    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn a_send_is_the_same_send_from_any_folder() {
    let env = Env::new();
    let home = env.dir.path().to_path_buf();
    let (code, out, err) = run_in(&env, &home, "2018-04-10T09:00:00", RENDER);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "exports/quarterly/FY2017Q4.ja.html");
    // The log names the file absolutely.
    let sent = home
        .canonicalize()
        .unwrap()
        .join("exports/quarterly/FY2017Q4.ja.html");
    assert_eq!(
        logged(&env),
        vec![("ok".into(), sent.display().to_string())]
    );

    // The same render from another folder, nothing recorded since: the sent file is kept.
    let sub = home.join("sub");
    std::fs::create_dir(&sub).unwrap();
    let (code, out, err) = run_in(&env, &sub, "2018-04-10T09:05:00", RENDER);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("unchanged since export 1"), "{err}");
    assert_eq!(out.trim(), sent.display().to_string());
    assert!(
        !sub.join("exports").exists(),
        "nothing is sent again from sub/"
    );
    assert_eq!(logged(&env).len(), 1);

    // `schedule verify` finds the sent file from either folder.
    for cwd in [&home, &sub] {
        let (code, _, err) = run_in(&env, cwd, "2018-04-10T09:06:00", &["schedule", "verify"]);
        assert_eq!(code, 0, "from {}: {err}", cwd.display());
        assert!(!err.contains("gone"), "{err}");
    }
}

#[test]
fn an_old_relative_row_is_read_from_the_current_folder_and_said_so() {
    let env = Env::new();
    let home = env.dir.path().to_path_buf();
    let (code, _, err) = run_in(&env, &home, "2018-04-10T09:00:00", RENDER);
    assert_eq!(code, 0, "{err}");
    // A row as an older tenkai logged it: relative to the folder it ran in.
    Connection::open(&env.db)
        .unwrap()
        .execute_batch(
            "INSERT INTO export_log (report, period, format, lang, path, bytes, sha256, status, known_at, started_at, finished_at, origin, kind)
             SELECT report, period, format, lang, 'exports/quarterly/FY2017Q4.ja.html', bytes, sha256, 'ok', known_at, started_at, finished_at, origin, 'check' FROM export_log WHERE id = 1;",
        )
        .unwrap();
    let (code, _, err) = run_in(&env, &home, "2018-04-10T09:06:00", &["schedule", "verify"]);
    assert_eq!(code, 0, "{err}");
    let sub = home.join("sub");
    std::fs::create_dir(&sub).unwrap();
    let (code, out, err) = run_in(&env, &sub, "2018-04-10T09:06:00", &["schedule", "verify"]);
    assert_eq!(code, 1, "{out}{err}");
    let all = format!("{out}{err}");
    assert!(
        all.contains("export 2")
            && all.contains("logged relative to the folder that export ran in"),
        "{all}"
    );
    assert!(
        !all.contains("export 1 "),
        "the absolute row is found: {all}"
    );
}

#[test]
fn an_interrupted_render_finishes_its_log_rows_as_interrupted() {
    let env = Env::new();
    let home = env.dir.path().to_path_buf();
    let out = env
        .cmd()
        .env("TENKAI_NOW", "2018-04-10T09:00:00+09:00")
        .env("TENKAI_TEST_INTERRUPT", "INT")
        .args(RENDER)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(130));
    let rows = logged(&env);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].0, "failed", "no row stays 'running': {rows:?}");
    let error: String = Connection::open(&env.db)
        .unwrap()
        .query_row("SELECT error FROM export_log", [], |r| r.get(0))
        .unwrap();
    assert!(error.starts_with("interrupted: "), "{error}");
    // The render run again writes the file: the interrupted row does not hold its path.
    let (code, out, err) = run_in(&env, &home, "2018-04-10T09:01:00", RENDER);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "exports/quarterly/FY2017Q4.ja.html");
}

#[test]
fn errata_deliver_without_delivery_writes_nothing() {
    let env = Env::new();
    let home = env.dir.path().to_path_buf();
    let (code, _, err) = run_in(&env, &home, "2018-04-10T09:00:00", RENDER);
    assert_eq!(code, 0, "{err}");
    let record = [
        "members",
        "record",
        "57",
        "--date",
        "2018-03-31",
        "--note",
        "集計誤り",
        "--source",
        "事務局報告",
    ];
    let (code, _, err) = run_in(&env, &home, "2018-04-11T09:00:00", &record);
    assert_eq!(code, 0, "{err}");
    let before = env.dump();
    let files = || {
        let mut v: Vec<String> = std::fs::read_dir(home.join("exports/quarterly"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let was = files();
    let errata = [
        "report",
        "errata",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--lang",
        "ja",
        "--deliver",
    ];
    let (code, _, err) = run_in(&env, &home, "2018-04-12T09:00:00", &errata);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("no [delivery]") && err.contains("nothing was written"),
        "{err}"
    );
    assert!(!err.contains("errata sheet written"), "{err}");
    assert_eq!(files(), was, "no sheet is left beside the sent file");
    assert_eq!(env.dump(), before);
}

#[test]
fn a_write_with_the_clock_behind_the_export_log_says_so_and_writes_nothing() {
    let env = Env::new();
    let home = env.dir.path().to_path_buf();
    let check = [
        "report",
        "render",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--lang",
        "ja",
        "--format",
        "html",
        "--out",
        "check.html",
    ];
    let (code, _, err) = run_in(&env, &home, "2018-07-05T12:01:00", &check);
    assert_eq!(code, 0, "{err}");
    let before = env.dump();
    let record = [
        "members",
        "record",
        "57",
        "--date",
        "2018-03-31",
        "--source",
        "事務局",
    ];
    let (code, _, err) = run_in(&env, &home, "2018-07-05T12:00:00", &record);
    assert_ne!(code, 0);
    assert!(
        err.contains("the clock is behind the record")
            && err.contains("Check the machine's clock")
            && err.contains("nothing was written"),
        "{err}"
    );
    assert!(
        !err.contains("leave the column out"),
        "the row is not blamed: {err}"
    );
    assert_eq!(env.dump(), before);
    // With the clock right, the same write goes through.
    let (code, _, err) = run_in(&env, &home, "2018-07-05T12:02:00", &record);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_known_at_sent_in_the_future_is_named_as_the_fault() {
    let env = Env::new();
    let home = env.dir.path().to_path_buf();
    let errata = [
        "report",
        "errata",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--lang",
        "ja",
        "--known-at-sent",
        "2030-01-01T00:00:00Z",
    ];
    let (code, _, err) = run_in(&env, &home, "2018-07-05T10:00:00", &errata);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--known-at-sent 2030-01-01T00:00:00Z is after"),
        "{err}"
    );
    assert!(!err.contains("give a later --now"), "{err}");
}

#[test]
fn a_render_as_known_before_anything_was_recorded_is_refused() {
    let env = Env::new();
    let home = env.dir.path().to_path_buf();
    let before = env.dump();
    for extra in [&["--out", "kk.html"][..], &["--draft"][..]] {
        let args = [
            &[
                "report",
                "render",
                "quarterly",
                "--period",
                "FY2017Q4",
                "--format",
                "html",
                "--lang",
                "ja",
                "--known-at",
                "2018-01-01T00:00:00Z",
            ][..],
            extra,
        ]
        .concat();
        let (code, _, err) = run_in(&env, &home, "2018-07-05T10:00:00", &args);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("before the database recorded anything"),
            "{err}"
        );
    }
    assert!(!home.join("kk.html").exists());
    assert_eq!(env.dump(), before, "nothing logged");
}

#[test]
fn a_write_in_the_second_of_a_send_is_seen_by_the_next_command() {
    let env = Env::new();
    let home = env.dir.path().to_path_buf();
    // A frozen clock stands for "within the same second".
    let when = "2018-07-05T09:00:00";
    let send = [
        "report",
        "render",
        "quarterly",
        "--period",
        "FY2018Q1",
        "--lang",
        "ja",
        "--format",
        "html",
    ];
    let (code, _, err) = run_in(&env, &home, when, &send);
    assert_eq!(code, 0, "{err}");
    let members = ["members", "list", "--format", "json"];
    for (n, value) in [(2, "60"), (3, "61")] {
        let record = [
            "members",
            "record",
            value,
            "--date",
            "2018-06-30",
            "--source",
            "事務局報告",
        ];
        let (code, _, err) = run_in(&env, &home, when, &record);
        assert_eq!(code, 0, "{err}");
        // The listing as known now shows the row just written.
        let (code, out, err) = run_in(&env, &home, when, &members);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(&format!("\"members\": {value}")), "{out}");
        // The next send holds it: a new version, not a copy of the last.
        let (code, out, err) = run_in(&env, &home, when, &send);
        assert_eq!(code, 0, "{err}");
        let path = format!("exports/quarterly/FY2018Q1.ja.v{n}.html");
        assert_eq!(out.trim(), path, "{err}");
        let text = std::fs::read_to_string(home.join(&path)).unwrap();
        assert!(text.contains(value), "v{n} shows {value}");
    }
    // Each row is recorded after the send before it, so the errata of the first send lists both.
    let (code, _, err) = run_in(&env, &home, when, &["schedule", "verify"]);
    assert_eq!(code, 0, "{err}");
}
