//! `tenkai sql`: hostile statements are refused by SQLite itself, output formats keep values.

use crate::common;
use common::{sha256_file, Env};

#[test]
fn hostile_statements_are_refused_and_the_file_is_unchanged() {
    let env = Env::new();
    env.ok(&["init"]);
    let before_hash = sha256_file(&env.db);
    let before = env.dump();
    let side = env.path("side.db");
    rusqlite::Connection::open(&side)
        .unwrap()
        .execute_batch("CREATE TABLE t(x)")
        .unwrap();
    let copy = env.path("copy.db");
    let attach = format!("ATTACH DATABASE '{}' AS side", side.display());
    let vacuum_into = format!("VACUUM INTO '{}'", copy.display());
    let hostile: Vec<String> = [
        "INSERT INTO countries VALUES ('XX', 'x', 'x', 0)",
        "UPDATE hubs SET name_ja = 'x'",
        "DELETE FROM hubs",
        "DROP TABLE hubs",
        "DROP VIEW hub_status_current",
        "CREATE TABLE evil (x)",
        "CREATE TEMP TABLE t (x)",
        "CREATE VIEW v AS SELECT 1",
        "CREATE INDEX i ON hubs (name_ja)",
        "CREATE TRIGGER tr AFTER INSERT ON countries BEGIN DELETE FROM hubs; END",
        "CREATE TEMP TRIGGER tr AFTER INSERT ON countries BEGIN DELETE FROM hubs; END",
        "CREATE VIRTUAL TABLE f USING fts5(x)",
        "ALTER TABLE hubs ADD COLUMN x",
        "DETACH DATABASE main",
        "VACUUM",
        "ANALYZE",
        "REINDEX",
        "PRAGMA journal_mode = DELETE",
        "PRAGMA writable_schema = ON",
        "PRAGMA query_only = OFF",
        "PRAGMA user_version = 99",
        "PRAGMA foreign_keys = OFF",
        "PRAGMA wal_checkpoint(TRUNCATE)",
        "PRAGMA optimize",
        "SELECT load_extension('/tmp/evil.so')",
        "REPLACE INTO countries VALUES ('JP', 'x', 'x', 0)",
        "INSERT OR REPLACE INTO countries VALUES ('JP', 'x', 'x', 0)",
        "WITH x AS (SELECT 1) DELETE FROM hubs",
        "WITH x AS (SELECT 'XY' AS iso) INSERT INTO countries SELECT iso, 'a', 'b', 0 FROM x",
        "SELECT 1; DELETE FROM hubs",
        "SELECT * FROM hubs; DROP TABLE hubs",
        "BEGIN; DELETE FROM hubs; COMMIT",
        "BEGIN IMMEDIATE",
        "SAVEPOINT s",
        "EXPLAIN PRAGMA writable_schema = ON",
        "EXPLAIN ATTACH DATABASE ':memory:' AS x",
        "EXPLAIN DELETE FROM hubs; DELETE FROM hubs",
        "/* EXPLAIN */ DELETE FROM hubs",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([attach, vacuum_into])
    .collect();
    assert!(hostile.len() >= 30);
    for q in &hostile {
        let (code, err) = env.fails(&["sql", q]);
        assert_eq!(code, 1, "{q}: {err}");
        assert!(
            err.contains("refused") || err.contains("one statement at a time"),
            "{q}: {err}"
        );
    }
    let (code, err) = env.fails(&[
        "sql",
        "--timeout",
        "300ms",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("time limit"), "{err}");
    assert!(!copy.exists(), "VACUUM INTO left a file");
    assert_eq!(sha256_file(&env.db), before_hash);
    assert_eq!(env.dump(), before);
    // The refusal says how to write on purpose.
    let (_, err) = env.fails(&["sql", "DELETE FROM hubs"]);
    assert!(err.contains("--write"), "{err}");
}

#[test]
fn write_runs_data_changes_in_a_transaction_and_still_refuses_schema_changes() {
    let env = Env::new();
    env.ok(&["init"]);
    let out = env
        .cmd()
        .args([
            "sql",
            "--write",
            "INSERT INTO organisations (name_ja) VALUES ('新法人')",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 row(s) changed"));
    assert_eq!(
        env.ok(&[
            "sql",
            "SELECT count(*) AS n FROM organisations WHERE name_ja = '新法人'",
            "--format",
            "csv"
        ]),
        "n\n1\n"
    );
    let before = env.dump();
    let (_, err) = env.fails(&["sql", "--write", "DROP TABLE organisations"]);
    assert!(err.contains("refused"), "{err}");
    let (_, err) = env.fails(&[
        "sql",
        "--write",
        "INSERT INTO hubs (code, name_ja, country_iso, kind) VALUES ('H99', 'x', 'ZZ', 'hospital')",
    ]);
    assert!(err.contains("FOREIGN KEY"), "{err}");
    assert_eq!(env.dump(), before);
}

#[test]
fn formats_keep_japanese_nulls_and_numbers() {
    let env = Env::new();
    let q = "SELECT '北斗, \"画像\"' AS name, NULL AS nil, 3 AS i, 2.5 AS r, 1.0 AS f, '' AS empty, x'00ff' AS b";
    let csv_text = env.ok(&["sql", q, "--format", "csv"]);
    assert_eq!(
        csv_text,
        "name,nil,i,r,f,empty,b\n\"北斗, \"\"画像\"\"\",,3,2.5,1.0,\"\",\\x00ff\n"
    );
    let mut rd = csv::Reader::from_reader(csv_text.as_bytes());
    let rec = rd.records().next().unwrap().unwrap();
    assert_eq!(&rec[0], "北斗, \"画像\"");
    assert_eq!(rec[2].parse::<i64>().unwrap(), 3);
    assert_eq!(rec[3].parse::<f64>().unwrap(), 2.5);
    let json = env.json(&["sql", q, "--format", "json"]);
    let row = &json[0];
    assert_eq!(row["name"], "北斗, \"画像\"");
    assert!(row["nil"].is_null());
    assert!(row["i"].is_i64() && row["i"] == 3);
    assert!(row["f"].is_f64() && row["f"].as_f64() == Some(1.0));
    assert_eq!(row["empty"], "");
    assert_eq!(row["b"]["$blob"], "00ff");
    let jsonl = env.ok(&[
        "sql",
        "SELECT name_ja FROM hubs ORDER BY code LIMIT 2",
        "--format",
        "jsonl",
    ]);
    let lines: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["name_ja"], "北斗画像診断センター");
    let tsv = env.ok(&[
        "sql",
        "SELECT code, name_ja FROM hubs ORDER BY code LIMIT 1",
        "--format",
        "tsv",
    ]);
    assert_eq!(tsv, "code\tname_ja\nH01\t北斗画像診断センター\n");
    let md = env.ok(&[
        "sql",
        "SELECT code, name_ja FROM hubs ORDER BY code LIMIT 1",
        "--format",
        "markdown",
    ]);
    assert_eq!(
        md,
        "| code | name_ja |\n|---|---|\n| H01 | 北斗画像診断センター |\n"
    );
    let table = env.ok(&[
        "sql",
        "SELECT code, name_ja, NULL AS n FROM hubs ORDER BY code LIMIT 3",
    ]);
    let widths: std::collections::BTreeSet<usize> = table
        .lines()
        .map(unicode_width::UnicodeWidthStr::width)
        .collect();
    assert_eq!(widths.len(), 1, "{table}");
    assert!(table.contains("NULL"));
}

#[test]
fn parameters_limits_stdin_and_error_positions() {
    let env = Env::new();
    let out = env.ok(&[
        "sql",
        "SELECT count(*) AS n FROM hubs WHERE country_iso = :iso",
        "--param",
        "iso=VN",
        "--format",
        "csv",
    ]);
    assert_eq!(out, "n\n4\n");
    // A value that looks like SQL stays a value.
    let out = env.ok(&[
        "sql",
        "SELECT count(*) AS n FROM hubs WHERE name_ja = :n",
        "--param",
        "n=x' OR '1'='1",
        "--format",
        "csv",
    ]);
    assert_eq!(out, "n\n0\n");
    let (code, err) = env.fails(&["sql", "SELECT * FROM hubs WHERE code = :code"]);
    assert_eq!(code, 2);
    assert!(err.contains("--param code=VALUE"), "{err}");
    let out = env
        .cmd()
        .args([
            "sql",
            "SELECT code FROM hubs ORDER BY code",
            "--max-rows",
            "5",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 6);
    assert!(String::from_utf8_lossy(&out.stderr).contains("23 more row(s) were left out"));
    let out = env
        .cmd()
        .args(["sql", "-", "--format", "csv"])
        .write_stdin("SELECT 1 AS one")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "one\n1\n");
    let (_, err) = env.fails(&[
        "sql",
        "SELECT name_ja FROM hubs WHERE code = 'H01' AND AND 1",
    ]);
    assert!(err.contains("syntax error") && err.contains('^'), "{err}");
    let out = env.ok(&[
        "sql",
        "SELECT count(*) AS n FROM hub_status WHERE effective_date <= :as_of",
        "--as-of",
        "2016-03-31",
        "--format",
        "csv",
    ]);
    assert_eq!(out, "n\n15\n");
    assert_eq!(
        env.ok(&[
            "sql",
            "SELECT median(x) AS m FROM (SELECT 1 AS x UNION ALL SELECT 3 UNION ALL SELECT 10)",
            "--format",
            "csv"
        ]),
        "m\n3.0\n"
    );
    assert_eq!(
        env.ok(&["sql", "SELECT round(sqrt(16)) AS r", "--format", "csv"]),
        "r\n4.0\n"
    );
}

#[test]
fn saved_queries_run_with_the_period_bound() {
    let env = Env::new();
    let out = env.ok(&[
        "sql",
        "--query",
        "hubs_by_kind",
        "--as-of",
        "2018-03-31",
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "kind,name_ja,name_en,hubs");
    let total: i64 = lines[1..]
        .iter()
        .map(|l| l.rsplit(',').next().unwrap().parse::<i64>().unwrap())
        .sum();
    assert_eq!(total, 21, "the open hubs by kind add up to 21");
    let (code, err) = env.fails(&["sql", "--query", "no_such_query"]);
    assert_eq!(code, 2);
    assert!(err.contains("no saved query"), "{err}");
}

/// EXPLAIN describes a statement without running it, so a user may look at how a DELETE would run;
/// the data stays as it was.
#[test]
fn explain_describes_a_write_without_running_it() {
    let env = Env::new();
    env.ok(&["init"]);
    let before = env.dump();
    for q in [
        "EXPLAIN DELETE FROM hubs",
        "explain query plan DELETE FROM hubs WHERE id = 1",
        "/* how would it run? */ EXPLAIN UPDATE hubs SET name_ja = 'x'",
    ] {
        let out = env.ok(&["sql", "--format", "csv", q]);
        assert!(out.lines().count() > 1, "{q}: {out}");
    }
    let plan = env.ok(&[
        "sql",
        "--format",
        "csv",
        "EXPLAIN QUERY PLAN DELETE FROM hubs WHERE id = 1",
    ]);
    assert!(plan.contains("hubs"), "{plan}");
    assert_eq!(env.dump(), before);
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    // `tenkai sql … | head -1`: the pipe closes after the first line; tenkai stops writing and
    // exits 0 without a word, as the sqlite3 shell and ripgrep do.
    use std::io::{BufRead, BufReader};
    let env = Env::new();
    env.ok(&["init"]);
    let mut child = env
        .process(
            &common::reports_dir(),
            &[
                "sql",
                "--format",
                "csv",
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) SELECT x, '医療拠点' AS name FROM c",
            ],
        )
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first.trim(), "x,name");
    // The reader is gone here.
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn the_table_format_holds_a_bounded_number_of_rows_and_says_so() {
    let env = Env::new();
    let q = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) SELECT x, '医療拠点' AS name FROM c";
    let out = env.cmd().args(["sql", q]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("at most 10000 rows") && err.contains("10000 more row(s)"),
        "{err}"
    );
    assert!(err.contains("--format csv"), "{err}");
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("│ 10000 ") && !table.contains("│ 10001 "));
    // The streaming formats give every row.
    let csv = env.ok(&["sql", "--format", "csv", q]);
    assert_eq!(csv.lines().count(), 20001);
}

/// Whether a thread of the process is blocked writing into a full pipe (Linux's wchan).
fn blocked_on_a_pipe(pid: u32) -> bool {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return false;
    };
    tasks.flatten().any(|t| {
        std::fs::read_to_string(t.path().join("wchan")).is_ok_and(|w| w.contains("pipe_write"))
    })
}

#[test]
fn the_time_limit_counts_sqlites_work_not_a_slow_reader() {
    // The rows (about 600 KB) fill the pipe, and the reader reads nothing until the query has
    // been blocked on it for three times its limit: that time is not the query's. The query's own
    // work is a small part of its 300 ms (20,000 rows).
    use std::io::Read;
    let env = Env::new();
    let limit = std::time::Duration::from_millis(300);
    let mut child = env
        .process(
            &common::reports_dir(),
            &[
                "sql",
                "--timeout",
                "300ms",
                "--format",
                "csv",
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) SELECT x, '医療拠点の名前' AS name FROM c",
            ],
        )
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Waits for the event (the writer blocked on the full pipe), then holds the pipe while the
    // writer stays blocked past its limit.
    let give_up = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !blocked_on_a_pipe(child.id()) {
        assert!(
            std::time::Instant::now() < give_up,
            "the query never filled the pipe"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let blocked = std::time::Instant::now();
    while blocked.elapsed() < 3 * limit {
        assert!(
            blocked_on_a_pipe(child.id()),
            "the writer stopped waiting on the pipe"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let mut text = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(text.lines().count(), 20_001, "{err}");
    // A query that itself runs too long is still stopped.
    let (code, err) = env.fails(&[
        "sql",
        "--timeout",
        "1s",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("time limit"), "{err}");
}
