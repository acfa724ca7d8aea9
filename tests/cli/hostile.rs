//! What a hostile or careless user tried after the third hardening round, each refused with a
//! message and checked in the files and the database: an empty database file, a backup over a
//! database in use, a narrative read from a device, characters the PDF cannot draw in a country
//! or an agenda, a member count with stray commas, a coarse precision with a day, `sql --write`
//! with RETURNING, a FIFO where a sent file was, and completions into a closed pipe.

use crate::common;
use common::Env;
use std::process::Stdio;
use std::time::{Duration, Instant};

fn count(env: &Env, sql: &str) -> String {
    env.ok(&["sql", "--format", "csv", sql])
        .lines()
        .nth(1)
        .unwrap_or_default()
        .to_string()
}

#[test]
fn an_empty_database_file_is_refused_not_seeded() {
    let env = Env::empty();
    std::fs::write(&env.db, b"").unwrap();
    for args in [
        vec!["sql", "SELECT count(*) FROM hubs"],
        vec!["hub", "list"],
        vec![
            "members",
            "record",
            "--source",
            "テスト出典",
            "60",
            "--date",
            "2018-06-30",
        ],
    ] {
        let (_, err) = env.fails(&args);
        assert!(
            err.contains("empty file (0 bytes)") && err.contains("tenkai init"),
            "{err}"
        );
        assert_eq!(
            std::fs::metadata(&env.db).unwrap().len(),
            0,
            "{args:?} wrote into it"
        );
    }
    let said = env.cmd().arg("init").output().unwrap();
    assert!(String::from_utf8_lossy(&said.stderr).contains("created"));
    assert_eq!(count(&env, "SELECT count(*) FROM hubs"), "28");
}

#[test]
fn a_backup_over_a_database_in_use_is_refused_and_it_stays_whole() {
    let env = Env::new();
    let live = env.path("live.sqlite");
    drop(tenkai::store::Store::open(&live, tenkai::store::Seed::Yes).unwrap());
    // A reader left open keeps its write-ahead log beside it.
    let reader = rusqlite::Connection::open(&live).unwrap();
    reader
        .execute_batch("PRAGMA journal_mode=WAL; SELECT count(*) FROM hubs;")
        .unwrap();
    assert!(env.path("live.sqlite-wal").exists());
    let before = std::fs::read(&live).unwrap();
    let (code, err) = env.fails(&["backup", live.to_str().unwrap(), "--force"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("-wal beside it") && err.contains("in use"),
        "{err}"
    );
    assert_eq!(std::fs::read(&live).unwrap(), before);
    let ok: String = reader
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn a_narrative_from_a_device_or_too_long_is_refused_and_nothing_is_set() {
    let env = Env::new();
    let base = [
        "narrative",
        "set",
        "--period",
        "FY2017Q4",
        "--section",
        "summary",
        "--lang",
        "ja",
    ];
    let (code, err) = env.fails(&[&base[..], &["--file", "/dev/zero"]].concat());
    assert_eq!(code, 2);
    assert!(err.contains("not a regular file"), "{err}");
    let long = env.path("long.txt");
    std::fs::write(&long, "あ".repeat(400_000)).unwrap();
    let (_, err) = env.fails(&[&base[..], &["--file", long.to_str().unwrap()]].concat());
    assert!(
        err.contains("longer than a narrative section may be"),
        "{err}"
    );
    assert_eq!(count(&env, "SELECT count(*) FROM narratives"), "0");
}

#[test]
fn names_the_pdf_cannot_draw_or_that_reorder_text_are_refused_everywhere() {
    let env = Env::new();
    let countries = count(&env, "SELECT count(*) FROM countries");
    let (_, err) = env.fails(&[
        "country",
        "add",
        "XD",
        "--name-ja",
        "絵文字😀国",
        "--name-en",
        "X",
    ]);
    assert!(
        err.contains("U+1F600") && err.contains("cannot draw"),
        "{err}"
    );
    let (_, err) = env.fails(&[
        "country",
        "add",
        "XE",
        "--name-ja",
        "国",
        "--name-en",
        "a\u{202E}b",
    ]);
    assert!(err.contains("U+202E"), "{err}");
    assert_eq!(count(&env, "SELECT count(*) FROM countries"), countries);
    let meetings = count(&env, "SELECT count(*) FROM meetings");
    let (_, err) = env.fails(&[
        "meeting",
        "add",
        "--source",
        "テスト出典",
        "14",
        "--date",
        "2018-06-20",
        "--agenda",
        "議題\u{202E}逆",
    ]);
    assert!(
        err.contains("--agenda item 1") && err.contains("U+202E"),
        "{err}"
    );
    assert_eq!(count(&env, "SELECT count(*) FROM meetings"), meetings);
}

#[test]
fn a_count_with_stray_commas_is_refused_and_grouped_thousands_are_read() {
    let env = Env::new();
    let (_, err) = env.fails(&[
        "members",
        "record",
        "--source",
        "テスト出典",
        "5,6",
        "--date",
        "2018-06-30",
    ]);
    assert!(err.contains("'5,6' is not a whole number"), "{err}");
    env.at_time("2018-07-01T09:00:00+09:00");
    env.ok(&[
        "members",
        "record",
        "--source",
        "テスト出典",
        "1,000",
        "--date",
        "2018-06-30",
    ]);
    let last = count(
        &env,
        "SELECT members FROM platform_members ORDER BY id DESC LIMIT 1",
    );
    assert_eq!(last, "1000");
}

#[test]
fn a_coarse_precision_stores_the_first_day_of_what_it_names() {
    let env = Env::new();
    env.at_time("2018-07-01T09:00:00+09:00");
    env.ok(&[
        "hub",
        "set-status",
        "--source",
        "テスト出典",
        "H01",
        "opened",
        "--date",
        "2013-05-15",
        "--precision",
        "fiscal_year",
    ]);
    let row = count(
        &env,
        "SELECT effective_date || ' ' || date_precision FROM hub_status ORDER BY id DESC LIMIT 1",
    );
    assert_eq!(row, "2013-04-01 fiscal_year");
}

#[test]
fn sql_write_with_returning_is_refused_and_explain_writes_nothing() {
    let env = Env::new();
    let insert = "INSERT INTO platform_members (platform, members, effective_date) VALUES ('nutrition', 1, '2018-01-01')";
    let before = count(&env, "SELECT count(*) FROM platform_members");
    let (code, err) = env.fails(&["sql", "--write", &format!("{insert} RETURNING id")]);
    assert_eq!(code, 2);
    assert!(
        err.contains("RETURNING") && err.contains("then SELECT"),
        "{err}"
    );
    env.ok(&["sql", "--write", &format!("EXPLAIN {insert}")]);
    assert_eq!(count(&env, "SELECT count(*) FROM platform_members"), before);
}

#[test]
fn verify_does_not_hang_on_a_fifo_where_a_sent_file_was() {
    let env = Env::new();
    let sent = env.ok(&[
        "report",
        "render",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--format",
        "html",
    ]);
    let path = env.dir.path().join(sent.trim());
    std::fs::remove_file(&path).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(made.success());
    let mut child = env
        .process(&common::reports_dir(), &["schedule", "verify"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A generous deadline: reading the FIFO would never end.
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("schedule verify hung on a FIFO at a logged path");
        }
        std::thread::yield_now();
    };
    let out = child.wait_with_output().unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(!status.success());
    assert!(said.contains("not a regular file"), "{said}");
}

#[test]
fn completions_into_a_closed_pipe_do_not_panic() {
    let env = Env::new();
    let mut child = env
        .process(&common::reports_dir(), &["completions", "bash"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(101), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_value_too_large_to_print_is_refused_and_no_file_is_left() {
    let env = Env::new();
    let out = env.path("big.json");
    let (code, err) = env.fails(&[
        "sql",
        "SELECT 1 AS a UNION ALL SELECT zeroblob(20000000)",
        "--format",
        "json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("row 2, column 1") && err.contains("select a part of it"),
        "{err}"
    );
    assert!(!out.exists(), "no half-written file");
}

#[test]
fn the_current_views_do_not_count_what_lies_ahead() {
    let env = Env::new();
    let open = "SELECT count(*) FROM hub_status_current WHERE status = 'opened'";
    assert_eq!(count(&env, open), "21");
    env.ok(&[
        "hub",
        "set-status",
        "--source",
        "テスト出典",
        "H01",
        "closed",
        "--date",
        "2099-01-01",
        "--allow-future",
    ]);
    assert_eq!(
        count(&env, open),
        "21",
        "a closure in 2099 is not the current state"
    );
    let listed = env.ok(&["hub", "list", "--format", "csv", "--status", "opened"]);
    assert_eq!(
        listed.lines().count() - 1,
        21,
        "the view agrees with `hub list`"
    );
}
