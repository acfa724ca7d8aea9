//! What a careless or hostile user types must not destroy data, hang the schedule or falsify the
//! record. Each test checks the files and the database, not only the message.

mod common;
use common::{count, quarterly_only_reports, sha256_file, Env};

fn render_to(env: &Env, out: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "report", "render", "briefing", "--period", "FY2017Q4", "--format", "html", "--out", out,
    ];
    args.extend_from_slice(extra);
    env.cmd().args(&args).output().unwrap()
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
        err.contains("did not export it") && err.contains("--force"),
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
    // Now it is tenkai's: a render replaces it without --force.
    let out = render_to(&env, mine.to_str().unwrap(), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        count(
            &env.db,
            "SELECT count(*) FROM export_log WHERE status = 'ok'"
        ),
        2
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
        let out = env
            .cmd_with_reports(&reports)
            .args([
                "schedule",
                "run",
                "--now",
                "2018-07-10T09:00+09:00",
                "--out-dir",
                env.path("exports").to_str().unwrap(),
            ])
            .output()
            .unwrap();
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
fn verify_names_an_export_whose_file_another_export_replaced() {
    let env = Env::new();
    env.ok(&["init"]);
    let shared = env.path("shared.html");
    for period in ["FY2017Q3", "FY2017Q4"] {
        env.ok(&[
            "report",
            "render",
            "briefing",
            "--period",
            period,
            "--format",
            "html",
            "--out",
            shared.to_str().unwrap(),
        ]);
    }
    let out = env.cmd().args(["schedule", "verify"]).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("overwritten by export 2 (briefing FY2017Q4 ja html)"),
        "{text}"
    );
    assert!(text.contains("briefing FY2017Q3 ja html"), "{text}");
}
