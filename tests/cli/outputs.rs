//! The one output rule, tried on every command that writes a path: the commands come from the
//! binary's own command tree (`tenkai commands`, hidden), so a new command with `--out` fails
//! here until it is listed and follows the rule. Each attempt checks the target and the database
//! afterwards, not only the message. Also: a sent file is never replaced (kept when unchanged, a
//! new version beside it otherwise), no logged render as known in the future or a send as known
//! in the past, and a template cannot move the report's `:known_at`.

use crate::common;
use common::{count, sha256_file, Env};
use std::path::{Path, PathBuf};

/// How each command that writes a path is run; `{OUT}` is the path tried.
const WRITERS: &[(&str, &[&str])] = &[
    (
        "hub list",
        &["hub", "list", "--format", "csv", "--out", "{OUT}"],
    ),
    (
        "hub show",
        &["hub", "show", "H01", "--format", "json", "--out", "{OUT}"],
    ),
    (
        "org list",
        &["org", "list", "--format", "csv", "--out", "{OUT}"],
    ),
    (
        "meeting list",
        &["meeting", "list", "--format", "csv", "--out", "{OUT}"],
    ),
    (
        "wg list",
        &["wg", "list", "--format", "csv", "--out", "{OUT}"],
    ),
    (
        "members list",
        &["members", "list", "--format", "csv", "--out", "{OUT}"],
    ),
    (
        "source list",
        &["source", "list", "--format", "csv", "--out", "{OUT}"],
    ),
    (
        "metric list",
        &["metric", "list", "--format", "csv", "--out", "{OUT}"],
    ),
    (
        "target status",
        &[
            "target", "status", "--period", "FY2017Q4", "--format", "csv", "--out", "{OUT}",
        ],
    ),
    (
        "sql",
        &[
            "sql",
            "SELECT 1 AS one",
            "--format",
            "csv",
            "--out",
            "{OUT}",
        ],
    ),
    (
        "export",
        &["export", "hubs", "--format", "csv", "--out", "{OUT}"],
    ),
    ("import", &["import", "template", "hubs", "--out", "{OUT}"]),
    ("backup", &["backup", "{OUT}"]),
    (
        "report render",
        &[
            "report", "render", "briefing", "--period", "FY2017Q4", "--format", "html", "--out",
            "{OUT}",
        ],
    ),
    (
        "report errata",
        &[
            "report", "errata", "briefing", "--period", "FY2017Q4", "--format", "html", "--out",
            "{OUT}",
        ],
    ),
    ("man", &["man", "--dir", "{OUT}"]),
];

/// Commands that write into a folder through the schedule runner, tried in their own tests
/// (`schedule daemon` runs the same runner as `schedule run`, until it is stopped; the hidden
/// `schedule export-group` is the process `schedule run` starts for each export, so the runner's
/// tests go through it).
const FOLDER_WRITERS: &[&str] = &["schedule run", "schedule daemon", "schedule export-group"];

/// The commands whose options name a path to write, from the binary's command tree.
fn writers_in_the_tree(env: &Env) -> Vec<String> {
    env.ok(&["commands"])
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .filter(|(_, opts)| {
            opts.split(' ')
                .any(|o| matches!(o, "--out" | "--out-dir" | "--dir"))
        })
        .map(|(cmd, _)| cmd.to_string())
        .collect()
}

#[test]
fn every_command_that_writes_a_path_is_tried() {
    let env = Env::new();
    let mut tree = writers_in_the_tree(&env);
    // A positional file: `backup FILE`.
    tree.push("backup".into());
    for cmd in &tree {
        assert!(
            WRITERS.iter().any(|(c, _)| c == cmd) || FOLDER_WRITERS.contains(&cmd.as_str()),
            "`tenkai {cmd}` writes a path but is not tried against the output rule: add it to WRITERS"
        );
    }
    for (c, _) in WRITERS {
        assert!(tree.iter().any(|t| t == c), "{c} is no longer in the tree");
    }
}

/// What is at a target before an attempt, to compare after it.
#[derive(Debug, PartialEq)]
enum State {
    Missing,
    Link(PathBuf),
    Fifo,
    Folder(Vec<PathBuf>),
    File(String),
}

fn state(p: &Path) -> State {
    use std::os::unix::fs::FileTypeExt;
    let Ok(m) = std::fs::symlink_metadata(p) else {
        return State::Missing;
    };
    let t = m.file_type();
    if t.is_symlink() {
        State::Link(std::fs::read_link(p).unwrap())
    } else if t.is_fifo() {
        State::Fifo
    } else if t.is_dir() {
        State::Folder(common::files(p))
    } else {
        State::File(sha256_file(p))
    }
}

/// The targets every writer is tried on: (what, path, with --force). Each must be refused.
fn targets(env: &Env) -> Vec<(&'static str, PathBuf, bool)> {
    let kept = env.path("kept.txt");
    std::fs::write(&kept, "大事なメモ").unwrap();
    let link = env.path("link.out");
    std::os::unix::fs::symlink(&kept, &link).unwrap();
    let fifo = env.path("fifo.out");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let folder = env.path("folder.out");
    std::fs::create_dir(&folder).unwrap();
    let mine = env.path("mine.out");
    std::fs::write(&mine, "自分のファイル").unwrap();
    std::fs::create_dir(env.path("sub")).unwrap();
    let hard = env.path("hard-link.sqlite");
    std::fs::hard_link(&env.db, &hard).unwrap();
    let mut wal = env.db.clone().into_os_string();
    wal.push("-wal");
    let mut shm = env.db.clone().into_os_string();
    shm.push("-shm");
    vec![
        ("the database", env.db.clone(), true),
        (
            "the database, spelt otherwise",
            env.path("sub/../tenkai.sqlite"),
            true,
        ),
        (
            "the database, relative",
            PathBuf::from("tenkai.sqlite"),
            true,
        ),
        ("a hard link to the database", hard, true),
        ("the database's -wal", PathBuf::from(wal), true),
        ("the database's -shm", PathBuf::from(shm), true),
        ("a symbolic link", link, true),
        ("a FIFO", fifo, true),
        ("a folder", folder, true),
        ("an existing file, without --force", mine, false),
        (
            "a logged export, even with --force",
            env.path("sent.html"),
            true,
        ),
    ]
}

fn run(env: &Env, args: &[&str], out: &Path, force: bool) -> std::process::Output {
    let out = out.to_str().unwrap();
    let mut args: Vec<&str> = args
        .iter()
        .map(|a| if *a == "{OUT}" { out } else { a })
        .collect();
    if force {
        args.push("--force");
    }
    env.cmd()
        .args(&args)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap()
}

#[test]
fn every_writer_refuses_every_target_and_leaves_it_as_it_was() {
    let env = Env::new();
    common::write_lines_to_take(&env);
    // The sent report the errata sheet compares with (a send, to the definition's own path), and
    // a logged export (a check, with --out) tried below.
    env.ok(&[
        "report", "render", "briefing", "--period", "FY2017Q4", "--format", "html",
    ]);
    env.ok(&[
        "report",
        "render",
        "briefing",
        "--period",
        "FY2017Q4",
        "--format",
        "html",
        "--out",
        "sent.html",
    ]);
    let targets = targets(&env);
    // A reader holds the database open, so that its -wal and -shm files exist.
    let reader = rusqlite::Connection::open(&env.db).unwrap();
    reader
        .query_row("SELECT count(*) FROM hubs", [], |r| r.get::<_, i64>(0))
        .unwrap();
    reader
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let rows = env.dump();
    let db = sha256_file(&env.db);
    let mut tried = 0;
    for (cmd, args) in WRITERS {
        for (what, path, force) in &targets {
            // `man --dir` writes into a folder: an empty one is what it asks for.
            if *cmd == "man" && *what == "a folder" {
                continue;
            }
            let before = state(&env.dir.path().join(path));
            let out = run(&env, args, path, *force);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{cmd} to {what}: {err}");
            assert!(
                err.contains(&path.display().to_string()),
                "{cmd} to {what}: {err}"
            );
            let after = state(&env.dir.path().join(path));
            if what.ends_with("-wal") || what.ends_with("-shm") {
                // SQLite itself rewrites (and removes) these as connections come and go; they
                // stay its files, and the rows below stay as they were.
                assert!(
                    matches!(after, State::File(_) | State::Missing),
                    "{cmd} to {what}: {after:?}"
                );
            } else {
                assert_eq!(after, before, "{cmd} to {what}");
            }
            assert_eq!(env.dump(), rows, "{cmd} to {what}: the database changed");
            assert_eq!(sha256_file(&env.db), db, "{cmd} to {what}");
            tried += 1;
        }
    }
    assert_eq!(tried, WRITERS.len() * targets.len() - 1);
    assert_eq!(
        std::fs::read_to_string(env.path("kept.txt")).unwrap(),
        "大事なメモ"
    );
    drop(reader);
}

#[test]
fn an_existing_file_is_replaced_with_force_and_never_half_written() {
    let env = Env::new();
    common::write_lines_to_take(&env);
    for (cmd, args) in WRITERS {
        if *cmd == "man" || *cmd == "report errata" {
            continue;
        }
        let mine = env.path(&format!("{}.out", cmd.replace(' ', "-")));
        std::fs::write(&mine, "old").unwrap();
        let out = run(&env, args, &mine, true);
        assert!(
            out.status.success(),
            "{cmd}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_ne!(std::fs::read(&mine).unwrap(), b"old", "{cmd}");
        // Nothing left beside it: the temporary file was renamed into place.
        let partial: Vec<_> = std::fs::read_dir(env.dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains(".partial"))
            .collect();
        assert!(partial.is_empty(), "{cmd}: {partial:?}");
    }
}

#[test]
fn man_dir_keeps_pages_it_did_not_write_and_never_a_sent_file() {
    let env = Env::new();
    common::write_lines_to_take(&env);
    let dir = env.path("man");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("tenkai.1"), "my page").unwrap();
    let (code, err) = env.fails(&["man", "--dir", "man"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("tenkai.1 already exists"), "{err}");
    // Checked before any page is written: none was.
    assert_eq!(common::files(&dir).len(), 1);
    assert_eq!(
        std::fs::read_to_string(dir.join("tenkai.1")).unwrap(),
        "my page"
    );
    env.ok(&["man", "--dir", "man", "--force"]);
    assert!(common::files(&dir).len() > 40);
    // A sent file among them is never written over.
    let sent = dir.join("tenkai-sql.1");
    std::fs::remove_file(&sent).unwrap();
    env.ok(&[
        "report",
        "render",
        "briefing",
        "--period",
        "FY2017Q4",
        "--format",
        "html",
        "--out",
        sent.to_str().unwrap(),
    ]);
    let sha = sha256_file(&sent);
    let (code, err) = env.fails(&["man", "--dir", "man", "--force"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("never written over"), "{err}");
    assert_eq!(sha256_file(&sent), sha);
}

/// `report render quarterly --period FY2017Q4 --format html` at a moment of the test clock.
fn send(env: &Env, at: &str) -> std::process::Output {
    env.cmd()
        .env("TENKAI_NOW", at)
        .args([
            "report",
            "render",
            "quarterly",
            "--period",
            "FY2017Q4",
            "--format",
            "html",
        ])
        .output()
        .unwrap()
}

/// The logged paths of the successful exports, by id; a path under the test's folder (logged
/// absolute) as relative to it.
fn ok_rows(env: &Env) -> Vec<String> {
    let dir = format!("{}/", env.dir.path().canonicalize().unwrap().display());
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let mut stmt = conn
        .prepare("SELECT path FROM export_log WHERE status = 'ok' ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|r| {
            let p = r.unwrap();
            p.strip_prefix(&dir).map(str::to_string).unwrap_or(p)
        })
        .collect()
}

#[test]
fn the_main_command_twice_keeps_the_sent_file_and_a_correction_goes_beside_it() {
    let env = Env::new();
    let sent = env.path("exports/quarterly/FY2017Q4.ja.html");
    let v2 = env.path("exports/quarterly/FY2017Q4.ja.v2.html");
    let out = send(&env, "2030-01-01T00:00:00Z");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = sha256_file(&sent);
    // Again, with nothing recorded since: the same file, exit 0, nothing new in the log.
    let out = send(&env, "2030-01-02T00:00:00Z");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("unchanged since export 1"), "{err}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "exports/quarterly/FY2017Q4.ja.html\n"
    );
    assert_eq!(sha256_file(&sent), first);
    assert_eq!(ok_rows(&env), ["exports/quarterly/FY2017Q4.ja.html"]);
    // A correction: the new version goes beside the sent file, which stays as it was.
    env.cmd()
        .env("TENKAI_NOW", "2030-01-03T00:00:00Z")
        .args([
            "members",
            "record",
            "57",
            "--date",
            "2018-03-31",
            "--source",
            "訂正",
        ])
        .assert()
        .success();
    let out = send(&env, "2030-01-04T00:00:00Z");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("never written over"), "{err}");
    assert_eq!(sha256_file(&sent), first);
    assert!(std::fs::read_to_string(&v2).unwrap().contains("57"));
    assert_eq!(
        ok_rows(&env),
        [
            "exports/quarterly/FY2017Q4.ja.html",
            "exports/quarterly/FY2017Q4.ja.v2.html"
        ]
    );
    let second = sha256_file(&v2);
    // Unchanged since the new version.
    let out = send(&env, "2030-01-05T00:00:00Z");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unchanged since export 2"), "{err}");
    assert_eq!(sha256_file(&v2), second);
    // A sent file changed by hand is left as it is; the report goes beside it.
    std::fs::write(&v2, "changed by hand").unwrap();
    let out = send(&env, "2030-01-06T00:00:00Z");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&v2).unwrap(), "changed by hand");
    assert!(common::whole(
        &env.path("exports/quarterly/FY2017Q4.ja.v3.html")
    ));
    assert_eq!(ok_rows(&env).len(), 3);
}

#[test]
fn a_changed_template_is_a_new_version_beside_the_sent_file() {
    let env = Env::new();
    let reports = common::reports_copy(&env);
    let render = |at: &str| {
        env.cmd_with_reports(&reports)
            .env("TENKAI_NOW", at)
            .args([
                "report",
                "render",
                "quarterly",
                "--period",
                "FY2017Q4",
                "--format",
                "html",
            ])
            .output()
            .unwrap()
    };
    assert!(render("2030-01-01T00:00:00Z").status.success());
    let sent = env.path("exports/quarterly/FY2017Q4.ja.html");
    let first = sha256_file(&sent);
    let css = reports.join("style.css");
    let text = std::fs::read_to_string(&css).unwrap();
    std::fs::write(&css, format!("{text}\n/* changed */\n")).unwrap();
    let out = render("2030-01-02T00:00:00Z");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(sha256_file(&sent), first);
    assert!(
        std::fs::read_to_string(env.path("exports/quarterly/FY2017Q4.ja.v2.html"))
            .unwrap()
            .contains("/* changed */")
    );
}

#[test]
fn a_schedule_run_never_writes_over_a_link_a_fifo_a_folder_or_a_file() {
    let env = Env::new();
    let reports = common::quarterly_only_reports(&env);
    let def = reports.join("quarterly.toml");
    let q = std::fs::read_to_string(&def)
        .unwrap()
        .replace("formats = [\"html\", \"pdf\"]", "formats = [\"html\"]")
        .replace("first_period = \"FY2017Q1\"", "first_period = \"FY2017Q4\"");
    std::fs::write(&def, q).unwrap();
    let kept = env.path("kept.txt");
    std::fs::write(&kept, "大事なメモ").unwrap();
    type Make<'a> = &'a dyn Fn(&Path);
    let make: [(&str, Make); 4] = [
        ("a symbolic link", &|p| {
            std::os::unix::fs::symlink(&kept, p).unwrap()
        }),
        ("a FIFO", &|p| {
            assert!(std::process::Command::new("mkfifo")
                .arg(p)
                .status()
                .unwrap()
                .success())
        }),
        ("a folder", &|p| std::fs::create_dir(p).unwrap()),
        ("a file of someone's", &|p| {
            std::fs::write(p, "mine").unwrap()
        }),
    ];
    for (i, (what, make)) in make.iter().enumerate() {
        let dir = env.path(&format!("out{i}"));
        std::fs::create_dir_all(dir.join("quarterly")).unwrap();
        let path = dir.join("quarterly/FY2017Q4.ja.html");
        make(&path);
        let before = state(&path);
        // An hour apart: each refusal is logged and backs off (5 minutes, doubling).
        let now = format!("2018-04-20T{:02}:00+09:00", 9 + i);
        let out = env
            .cmd_with_reports(&reports)
            .args(["schedule", "run", "--now", &now, "--out-dir"])
            .arg(&dir)
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .unwrap();
        assert!(!out.status.success(), "{what}");
        assert_eq!(state(&path), before, "{what}");
        assert_eq!(
            count(
                &env.db,
                "SELECT count(*) FROM export_log WHERE status = 'ok'"
            ),
            0
        );
    }
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "大事なメモ");
    // Each refusal is logged as failed, with no path written.
    assert_eq!(
        count(
            &env.db,
            "SELECT count(*) FROM export_log WHERE status = 'failed' AND path = ''"
        ),
        4
    );
}

#[test]
fn no_logged_render_as_known_in_the_future_and_no_send_as_known_in_the_past() {
    let env = Env::new();
    let now = "2030-01-01T00:00:00Z";
    let render = |extra: &[&str]| {
        env.cmd()
            .env("TENKAI_NOW", now)
            .args([
                "report",
                "render",
                "quarterly",
                "--period",
                "FY2017Q4",
                "--format",
                "html",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let logged = || count(&env.db, "SELECT count(*) FROM export_log");
    for extra in [
        &["--known-at", "2030-01-02T00:00:00Z", "--out", "check.html"][..],
        &["--known-at", "2099-01-01T00:00:00Z"][..],
        &["--known-at", "2030-01-02T00:00:00Z", "--out", "-"][..],
    ] {
        let out = render(extra);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {err}");
        assert!(err.contains("later than the clock"), "{err}");
        assert!(out.stdout.is_empty());
    }
    // A send as known in the past: refused; it is a check, written elsewhere.
    let out = render(&["--known-at", "2018-04-10T09:00"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--out FILE") && err.contains("--draft"),
        "{err}"
    );
    assert!(!env.path("exports").exists());
    assert_eq!(logged(), 0);
    // The same spelt as --out to the report's own path is a send too.
    let out = render(&[
        "--known-at",
        "2018-04-10T09:00",
        "--out",
        "./exports/quarterly/FY2017Q4.ja.html",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!env.path("exports").exists());
    assert_eq!(logged(), 0);
    // A check elsewhere, and a draft as known in the future, are allowed.
    assert!(
        render(&["--known-at", "2018-04-10T09:00", "--out", "check.html"])
            .status
            .success()
    );
    assert!(common::whole(&env.path("check.html")));
    assert_eq!(logged(), 1);
    let out = render(&[
        "--known-at",
        "2099-01-01T00:00:00Z",
        "--draft",
        "--out",
        "draft.html",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(logged(), 1);
}

#[test]
fn a_template_cannot_move_the_reports_known_at_or_read_past_its_as_of() {
    let env = Env::new();
    let reports = common::reports_copy(&env);
    let template = reports.join("templates/quarterly.html");
    let original = std::fs::read_to_string(&template).unwrap();
    assert!(original.contains("query(\"hubs_by_kind\")"));
    let render = |call: &str, out: &str| {
        std::fs::write(&template, original.replace("query(\"hubs_by_kind\")", call)).unwrap();
        env.cmd_with_reports(&reports)
            .args([
                "report",
                "render",
                "quarterly",
                "--period",
                "FY2017Q4",
                "--format",
                "html",
            ])
            .args(["--known-at", "2018-04-10T09:00", "--out", out])
            .output()
            .unwrap()
    };
    for (call, says) in [
        (
            "query(\"hubs_by_kind\", known_at=\"9999-12-31T00:00:00Z\")",
            "cannot change it",
        ),
        (
            "query(\"hubs_by_kind\", as_of=\"2099-03-31\")",
            "never a later one",
        ),
    ] {
        let out = render(call, "moved.html");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{call}: {err}");
        assert!(
            err.contains(says) && err.contains("quarterly.html"),
            "{call}: {err}"
        );
        assert!(!env.path("moved.html").exists(), "{call}");
    }
    assert_eq!(
        count(
            &env.db,
            "SELECT count(*) FROM export_log WHERE status = 'ok'"
        ),
        0
    );
    // An earlier date than the report's, for a previous period, is read as asked.
    let out = render(
        "query(\"hubs_by_kind\", as_of=\"2015-03-31\")",
        "earlier.html",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let before = render("query(\"hubs_by_kind\")", "now.html");
    assert!(before.status.success());
    assert_ne!(
        std::fs::read_to_string(env.path("earlier.html")).unwrap(),
        std::fs::read_to_string(env.path("now.html")).unwrap()
    );
}
