//! The history is written by tenkai alone: `recorded_at` is the time of the write for every row
//! of every history table, through `tenkai sql --write` and through another SQLite tool (Python's
//! sqlite3 module) on the same file; no conflict clause rewrites a recorded row; `schedule verify`
//! names a row recorded out of order.

use crate::common;

use common::Env;
use std::path::Path;

/// Every table with a `recorded_at` column.
const HISTORY: [&str; 26] = [
    "agreement_counts",
    "agreements",
    "english_texts",
    "hub_changes",
    "hub_dates",
    "hub_partners_others",
    "hub_status",
    "hubs",
    "indicators",
    "meetings",
    "metrics",
    "narratives",
    "organisation_names",
    "other_projects",
    "platform_events",
    "platform_members",
    "platforms",
    "policy_documents",
    "record_coverage",
    "source_document_registered",
    "target_assessments",
    "target_milestones",
    "target_withdrawals",
    "targets",
    "wg_events",
    "working_groups",
];

/// The test clock: a time in RFC 3339 (for TENKAI_NOW) and as stored.
const T1: (&str, &str) = ("2027-01-10T09:00:00+09:00", "2027-01-10T00:00:00Z");
const T2: (&str, &str) = ("2027-01-11T09:00:00+09:00", "2027-01-11T00:00:00Z");

/// A new row for a history table (columns and values, without recorded_at); `n` makes its keys
/// new.
fn fresh(table: &str, n: u32) -> (String, String) {
    let (cols, vals) = match table {
        "agreement_counts" => ("kind, countries, effective_date", format!("'mou', {}, '2018-06-30'", 20 + n)),
        "agreements" => ("kind, title_ja, counterpart_ja, effective_date", format!("'mou', '覚書{n}', '相手{n}', '2018-06-30'")),
        "english_texts" => ("ja, en", format!("'原文{n}', 'Text {n}'")),
        "source_document_registered" => ("code", format!("'tf2018-03{}'", if n == 1 { "" } else { "-x" })),
        "hub_changes" => ("hub_id, name_ja, effective_date", format!("1, '改名{n}', '2018-06-01'")),
        "organisation_names" => ("org_id, name_ja, effective_date", format!("1, '新名称{n}', '2018-06-01'")),
        "hub_dates" => ("hub_id, event_date, label_ja, label_en", "1, '2018-06-01', '開設', 'Opened'".into()),
        "hub_status" => ("hub_id, status, effective_date", "1, 'closed', '2018-01-01'".into()),
        "hub_partners_others" => ("hub_id, source", format!("{}, '出典{n}'", 2 + n)),
        "hubs" => ("code, name_ja, country_iso, kind", format!("'H9{n}', '試験拠点{n}', 'TR', 'hospital'")),
        "indicators" => ("name, metric, title_ja, title_en", format!("'ind_{n}', 'hubs_open', '指標', 'Indicator'")),
        "meetings" => ("number, held_on", format!("{}, '2018-06-01'", 20 + n)),
        "metrics" => ("name, title_ja, title_en, sql", format!("'m_{n}', '指標', 'Metric', 'SELECT 1'")),
        "narratives" => ("period, section, lang, body", "'FY2018Q1', 'summary', 'ja', '本文'".into()),
        "other_projects" => ("country_iso, title_ja, title_en, status, effective_date", "'TR', '案件', 'Project', 'under_study', '2018-06-01'".into()),
        "platform_events" => ("platform, kind, event_date, description_ja, description_en", "'nutrition', 'meeting', '2018-06-01', '会合', 'Meeting'".into()),
        "platform_members" => ("platform, members, effective_date", "'nutrition', 99, '2018-03-31'".into()),
        "platforms" => ("code, name_ja, started_on", format!("'p_{n}', '基盤', '2018-06-01'")),
        "policy_documents" => ("title_ja, adopted_on", "'方針', '2018-06-01'".into()),
        "record_coverage" => ("record, complete_to, source", "'meetings', '2018-06-30', '事務局'".into()),
        "target_assessments" => ("target, period, rating", "'hubs_2020', 'FY2018Q1', 'green'".into()),
        "target_milestones" => ("target, due_date, value", "'hubs_2020', '2019-03-31', 22".into()),
        "target_withdrawals" => ("target, reason_ja, reason_en", "'hubs_2020', '理由', 'Reason'".into()),
        "targets" => ("name, metric, title_ja, title_en, baseline_value, baseline_date, target_value, deadline, direction, source_ja", format!("'t_{n}', 'hubs_open', '目標', 'Target', 1, '2018-03-31', 2, '2020-12-31', 'increase', '出典'")),
        "wg_events" => ("wg_id, event_date, kind, description_ja", "1, '2018-06-01', 'meeting', '会合'".into()),
        "working_groups" => ("code, name_ja, set_up_on", format!("'WG_{n}', '作業部会', '2018-06-01'")),
        other => panic!("no new row for {other}"),
    };
    (cols.to_string(), vals)
}

/// The columns of a table other than recorded_at, with `rowid` first where the table has no
/// INTEGER PRIMARY KEY (so that copying a row copies its key).
fn key_columns(db: &Path, table: &str) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid")
        .unwrap();
    let cols: Vec<(String, String, i64)> = stmt
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let integer_key = cols.iter().any(|(_, t, pk)| *pk == 1 && t == "INTEGER");
    let mut names: Vec<String> = cols
        .into_iter()
        .map(|(n, _, _)| n)
        .filter(|n| n != "recorded_at")
        .collect();
    if !integer_key {
        names.insert(0, "rowid".into());
    }
    names.join(", ")
}

/// Each way to write a history row other than as tenkai writes it, with a word its refusal
/// through `tenkai sql --write` must say.
fn attacks(db: &Path, table: &str, now: &str) -> Vec<(String, &'static str)> {
    let (cols, vals) = fresh(table, 2);
    let keys = key_columns(db, table);
    let first =
        format!("SELECT {keys} FROM {table} WHERE rowid = (SELECT min(rowid) FROM {table})");
    let last_col = keys.rsplit(", ").next().unwrap();
    vec![
        (format!("INSERT INTO {table} ({cols}, recorded_at) VALUES ({vals}, '2018-04-01T00:00:00Z')"), "recorded_at"),
        (format!("INSERT INTO {table} ({cols}, recorded_at) VALUES ({vals}, '2099-01-01T00:00:00Z')"), "recorded_at"),
        (format!("INSERT INTO {table} ({cols}, \"Recorded_At\") VALUES ({vals}, '{now}')"), "recorded_at"),
        (format!("INSERT OR REPLACE INTO {table} ({keys}) {first}"), "conflict clause"),
        (format!("REPLACE INTO {table} ({keys}) {first}"), "conflict clause"),
        (format!("INSERT OR IGNORE INTO {table} ({keys}) {first}"), "conflict clause"),
        (format!("INSERT INTO {table} ({keys}) {first} ON CONFLICT DO UPDATE SET {last_col} = excluded.{last_col}"), "conflict clause"),
        (format!("INSERT INTO {table} ({keys}) {first} ON CONFLICT DO NOTHING"), "conflict clause"),
    ]
}

/// Runs `tenkai sql --write` at a time on the test clock.
fn write(env: &Env, at: &str, sql: &str) -> std::process::Output {
    env.cmd()
        .env("TENKAI_NOW", at)
        .args(["sql", "--write", sql])
        .output()
        .unwrap()
}

/// Runs statements through Python's sqlite3 module on the database, each on its own connection
/// in autocommit (recursive_triggers off, as Python leaves it). With `clock`, the script defines
/// its own `tenkai_now()` returning it, as a tool that imitates tenkai would. Returns, per
/// statement, None when it ran and the error otherwise.
fn python(db: &Path, statements: &[String], clock: Option<&str>) -> Vec<Option<String>> {
    let input = serde_json::to_string(statements).unwrap();
    let script = r#"
import json, sqlite3, sys
db, clock = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else None)
out = []
for sql in json.loads(sys.stdin.read()):
    conn = sqlite3.connect(db, isolation_level=None)
    if clock:
        conn.create_function("tenkai_now", 0, lambda: clock)
    try:
        conn.execute(sql)
        out.append(None)
    except sqlite3.Error as e:
        out.append(str(e))
    conn.close()
print(json.dumps(out))
"#;
    let mut cmd = std::process::Command::new("python3");
    cmd.arg("-c").arg(script).arg(db);
    if let Some(c) = clock {
        cmd.arg(c);
    }
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The database with one row added to every history table through `tenkai sql --write` at T1
/// (so that every table has a row to attack).
fn with_a_row_everywhere() -> Env {
    let env = Env::new();
    for table in HISTORY {
        let (cols, vals) = fresh(table, 1);
        let out = write(
            &env,
            T1.0,
            &format!("INSERT INTO {table} ({cols}) VALUES ({vals})"),
        );
        assert!(
            out.status.success(),
            "{table}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    env
}

fn rows(db: &Path, table: &str) -> i64 {
    common::count(db, &format!("SELECT count(*) FROM {table}"))
}

#[test]
fn the_history_tables_are_every_table_with_recorded_at() {
    let env = Env::new();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    assert_eq!(tenkai::store::history::tables(&conn).unwrap(), HISTORY);
    // Each of them takes recorded_at from tenkai's clock.
    for table in HISTORY {
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        assert!(sql.contains("DEFAULT (tenkai_now())"), "{table}: {sql}");
    }
}

#[test]
fn sql_write_adds_history_rows_recorded_at_the_time_of_the_write() {
    let env = Env::new();
    let before: Vec<i64> = HISTORY.iter().map(|t| rows(&env.db, t)).collect();
    let env = {
        drop(env);
        with_a_row_everywhere()
    };
    for (table, n) in HISTORY.iter().zip(before) {
        assert_eq!(rows(&env.db, table), n + 1, "{table}");
        let (at, last): (String, i64) = rusqlite::Connection::open(&env.db)
            .unwrap()
            .query_row(
                &format!("SELECT recorded_at, rowid = (SELECT max(rowid) FROM {table}) FROM {table} ORDER BY rowid DESC LIMIT 1"),
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((at.as_str(), last), (T1.1, 1), "{table}");
    }
}

#[test]
fn sql_write_refuses_every_other_way_to_write_every_history_table() {
    let env = with_a_row_everywhere();
    for table in HISTORY {
        for (sql, says) in attacks(&env.db, table, T2.1) {
            let before = env.dump();
            let out = write(&env, T2.0, &sql);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{sql}: {err}");
            assert!(err.contains(says), "{sql}: {err}");
            if says == "recorded_at" {
                assert!(err.contains("tenkai fills"), "{sql}: {err}");
            }
            assert_eq!(env.dump(), before, "{sql} changed the database");
        }
    }
}

#[test]
fn conflict_clauses_are_refused_on_every_table_through_sql_write() {
    let env = Env::new();
    let before = env.dump();
    for sql in [
        "INSERT OR REPLACE INTO countries (iso, name_ja, name_en) VALUES ('JP', '日本', 'Japan')",
        "REPLACE INTO organisations (id, name_ja) SELECT id, 'x' FROM organisations LIMIT 1",
        "insert or ignore into hub_kinds (kind, name_ja, name_en) values ('hospital', 'x', 'x')",
        "INSERT INTO source_documents (code, title_ja, title_en, as_of, file) SELECT code, 'x', 'x', as_of, file FROM source_documents WHERE true ON CONFLICT (code) DO UPDATE SET title_ja = 'x'",
        "INSERT OR ROLLBACK INTO taskforce_members (role, title_ja, position) VALUES ('x', 'x', 99)",
        "INSERT OR FAIL INTO organisations (name_ja) VALUES ('新法人')",
        "INSERT OR ABORT INTO organisations (name_ja) VALUES ('新法人')",
    ] {
        let (code, err) = env.fails(&["sql", "--write", sql]);
        assert_eq!(code, 1, "{sql}: {err}");
        assert!(err.contains("conflict clause"), "{sql}: {err}");
    }
    assert_eq!(env.dump(), before);
    // A metric's SQL is not rewritten either, whatever the tool.
    let metric = "SELECT sql FROM metrics WHERE name = 'hubs_open'";
    let sql_before = common::count(
        &env.db,
        "SELECT length(sql) FROM metrics WHERE name = 'hubs_open'",
    );
    let refused = python(
        &env.db,
        &[
            "INSERT OR REPLACE INTO metrics (name, title_ja, title_en, sql) VALUES ('hubs_open', 'x', 'x', 'SELECT 99')".into(),
            "REPLACE INTO metrics (name, title_ja, title_en, sql) VALUES ('hubs_open', 'x', 'x', 'SELECT 99')".into(),
        ],
        Some(T2.1),
    );
    assert!(
        refused
            .iter()
            .all(|e| e.as_deref().is_some_and(|e| e.contains("already recorded"))),
        "{refused:?}"
    );
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let now: String = conn.query_row(metric, [], |r| r.get(0)).unwrap();
    assert_eq!(now.len() as i64, sql_before);
    assert_eq!(env.dump(), before);
}

#[test]
fn another_sqlite_tool_cannot_write_the_history_around_tenkai() {
    let env = with_a_row_everywhere();
    for table in HISTORY {
        let statements: Vec<String> = attacks(&env.db, table, T2.1)
            .into_iter()
            .map(|(sql, _)| sql)
            .collect();
        let before = env.dump();
        let counts = rows(&env.db, table);
        // Without tenkai's clock, a tool cannot insert into a history table at all.
        for (sql, e) in statements.iter().zip(python(&env.db, &statements, None)) {
            let e = e.unwrap_or_else(|| panic!("{sql} ran"));
            assert!(e.contains("tenkai_now"), "{sql}: {e}");
        }
        // With a clock of its own, it is held to the time of the write and to new keys; naming
        // recorded_at as exactly now is a write at the time of the write, and is left out here.
        let forged: Vec<String> = statements
            .iter()
            .filter(|s| !s.contains("\"Recorded_At\""))
            .cloned()
            .collect();
        for (sql, e) in forged.iter().zip(python(&env.db, &forged, Some(T2.1))) {
            let e = e.unwrap_or_else(|| panic!("{sql} ran"));
            assert!(
                e.contains("recorded_at is set by tenkai") || e.contains("already recorded"),
                "{sql}: {e}"
            );
        }
        assert_eq!(rows(&env.db, table), counts, "{table}");
        assert_eq!(env.dump(), before, "{table}");
    }
}

#[test]
fn a_report_made_again_at_its_logged_known_at_shows_what_was_sent() {
    let env = Env::new();
    let first = env.path("sent.html");
    let out = env
        .cmd()
        .env("TENKAI_NOW", T1.0)
        .args(common::render_quarterly("html", first.to_str().unwrap()))
        .args(["--known-at", "2018-06-30"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let known_at: String = rusqlite::Connection::open(&env.db)
        .unwrap()
        .query_row("SELECT known_at FROM export_log", [], |r| r.get(0))
        .unwrap();
    // The issue's attack: a closed status and a member count recorded back-dated, by tenkai sql
    // and by a tool with a forged clock, before or exactly at the sent report's known-at.
    let back_dated = [
        "INSERT INTO hub_status (hub_id, status, effective_date, recorded_at) VALUES (1, 'closed', '2018-01-01', '2018-04-01T00:00:00Z')".to_string(),
        "INSERT INTO platform_members (platform, members, effective_date, recorded_at) VALUES ('nutrition', 99, '2018-03-31', '2018-04-01T00:00:00Z')".to_string(),
        format!("INSERT INTO hub_status (hub_id, status, effective_date, recorded_at) VALUES (1, 'closed', '2018-01-01', '{known_at}')"),
        format!("INSERT INTO platform_members (platform, members, effective_date, recorded_at) VALUES ('nutrition', 99, '2018-03-31', '{known_at}')"),
    ];
    for sql in &back_dated {
        assert_eq!(write(&env, T2.0, sql).status.code(), Some(1), "{sql}");
    }
    let refused = python(&env.db, &back_dated, Some(T2.1));
    assert!(refused.iter().all(Option::is_some), "{refused:?}");
    // The same facts recorded now are new knowledge: they do not change what was sent.
    for table in ["hub_status", "platform_members"] {
        let (cols, vals) = fresh(table, 1);
        let out = write(
            &env,
            T2.0,
            &format!("INSERT INTO {table} ({cols}) VALUES ({vals})"),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let again = env.path("again.html");
    let out = env
        .cmd()
        .env("TENKAI_NOW", T2.0)
        .args(common::render_quarterly("html", again.to_str().unwrap()))
        .args(["--known-at", &known_at])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&again).unwrap()
    );
    let context = |known: &str| -> serde_json::Value {
        let out = env
            .cmd()
            .env("TENKAI_NOW", T2.0)
            .args([
                "report",
                "context",
                "quarterly",
                "--period",
                "FY2017Q4",
                "--known-at",
                known,
            ])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let sent = context(&known_at);
    assert_eq!(sent["figures"]["hubs_open"], 21);
    assert_eq!(sent["figures"]["platform_members"], 56);
    let today = context(T2.0);
    assert_eq!(today["figures"]["hubs_open"], 20);
    assert_eq!(today["figures"]["platform_members"], 99);
    // Nothing is out of order: verify finds the file and the history as they were.
    let out = env
        .cmd()
        .env("TENKAI_NOW", T2.0)
        .args(["schedule", "verify"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// The schema and seed as tenkai made them before migration 0010.
fn database_before_0010(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    for (i, (_, sql)) in tenkai::store::MIGRATIONS.iter().take(9).enumerate() {
        conn.execute_batch(sql).unwrap();
        conn.pragma_update(None, "user_version", i as i64 + 1)
            .unwrap();
    }
    conn.execute_batch(tenkai::store::SEED).unwrap();
}

/// Every row of every table, and the schema's indexes, views and triggers by name.
fn schema_objects(db: &Path) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT type, name FROM sqlite_master WHERE type <> 'table' ORDER BY type, name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn a_database_from_before_keeps_every_row_view_index_and_trigger() {
    let env = Env::empty();
    database_before_0010(&env.db);
    let rows_before = env.dump();
    let objects_before = schema_objects(&env.db);
    let (cols, vals) = fresh("platform_members", 1);
    let out = write(
        &env,
        T1.0,
        &format!("INSERT INTO platform_members ({cols}) VALUES ({vals})"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every row that was there is there, with the same values (and the columns later
    // migrations add after them), and the new row follows them.
    let rows_after = env.dump();
    let kept = |l: &str| {
        rows_before
            .lines()
            .any(|b| l == b || l.starts_with(&format!("{b}|")))
    };
    // Migration 0020 adds the seed's two rows of partners the source lists with 他.
    let (others, added): (Vec<&str>, Vec<&str>) = rows_after
        .lines()
        .filter(|l| !kept(l))
        .partition(|l| l.starts_with("hub_partners_others|"));
    assert_eq!(others.len(), 2, "{others:?}");
    assert_eq!(added.len(), 1, "{added:?}");
    assert!(
        added[0].starts_with("platform_members|Integer(2)|"),
        "{added:?}"
    );
    let at: String = rusqlite::Connection::open(&env.db)
        .unwrap()
        .query_row(
            "SELECT recorded_at FROM platform_members WHERE id = 2",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(at, T1.1);
    assert_eq!(rows_after.lines().count(), rows_before.lines().count() + 3);
    let objects_after = schema_objects(&env.db);
    assert!(
        objects_before.iter().all(|o| objects_after.contains(o)),
        "{objects_after:?}"
    );
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
    // The views read as before.
    let members: i64 = conn
        .query_row(
            "SELECT members FROM platform_members_current WHERE platform = 'nutrition'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(members, 99);
    // A new database holds the same rows as the one migrated from before.
    let new = Env::new();
    let seeded = new.dump();
    let migrated: Vec<&str> = rows_after.lines().filter(|l| *l != added[0]).collect();
    assert_eq!(seeded.lines().collect::<Vec<_>>(), migrated);
    assert_eq!(schema_objects(&new.db), objects_after);
}

#[test]
fn schedule_verify_names_a_history_row_recorded_out_of_order() {
    // A database that an earlier tenkai let a back-dated row into (or one whose triggers another
    // tool dropped), then migrated.
    let env = Env::empty();
    database_before_0010(&env.db);
    rusqlite::Connection::open(&env.db)
        .unwrap()
        .execute_batch(
            "INSERT INTO hub_status (hub_id, status, effective_date, recorded_at) VALUES (1, 'closed', '2018-01-01', '2018-06-30T00:00:00Z');
             INSERT INTO platform_members (platform, members, effective_date, recorded_at) VALUES ('nutrition', 99, '2018-03-31', '2018-06-30T00:00:00Z');
             INSERT INTO hub_status (hub_id, status, effective_date, recorded_at) VALUES (1, 'opened', '2018-01-01', '2018-04-01T00:00:00Z');
             INSERT INTO meetings (number, held_on, recorded_at) VALUES (14, '2018-06-01', '2099-01-01T00:00:00Z');",
        )
        .unwrap();
    let out = env
        .cmd()
        .env("TENKAI_NOW", T1.0)
        .args(["schedule", "verify"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(lines.len(), 2, "{said}");
    assert!(
        lines[0].starts_with("hub_status row 30 (database): recorded_at 2018-04-01T00:00:00Z is earlier than row 29's 2018-06-30T00:00:00Z")
            && lines[0].contains("out of order"),
        "{said}"
    );
    assert!(
        lines[1].starts_with("meetings row 14 (database): recorded_at 2099-01-01T00:00:00Z is later than now (2027-01-10T00:00:00Z)"),
        "{said}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 problem(s)"));
}
