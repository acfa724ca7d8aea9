//! The store through the real binary: the source document's figures, history, and refused input.

use crate::common;
use common::Env;

fn count_status(hubs: &serde_json::Value, status: &str) -> usize {
    hubs.as_array()
        .unwrap()
        .iter()
        .filter(|h| h["status"] == status)
        .count()
}

#[test]
fn the_seed_gives_the_source_documents_figures_at_the_end_of_march_2018() {
    let env = Env::new();
    let hubs = env.json(&["hub", "list", "--as-of", "2018-03-31", "--format", "json"]);
    assert_eq!(hubs.as_array().unwrap().len(), 28);
    assert_eq!(count_status(&hubs, "opened"), 21);
    assert_eq!(count_status(&hubs, "planned"), 6);
    assert_eq!(count_status(&hubs, "feasibility"), 1);
    let feasibility: Vec<_> = hubs
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["status"] == "feasibility")
        .collect();
    assert_eq!(
        feasibility[0]["name_ja"],
        "インドヘルスケア流通センター（仮称）"
    );
    assert_eq!(
        env.json(&[
            "meeting",
            "list",
            "--as-of",
            "2018-03-31",
            "--format",
            "json"
        ])
        .as_array()
        .unwrap()
        .len(),
        13
    );
    assert_eq!(
        env.json(&["wg", "list", "--as-of", "2018-03-31", "--format", "json"])["working_groups"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
    let members = env.json(&[
        "members",
        "list",
        "--as-of",
        "2018-03-31",
        "--format",
        "json",
    ]);
    assert_eq!(members.as_array().unwrap().last().unwrap()["members"], 56);
    let csv = env.ok(&["metric", "list", "--as-of", "2018-03-31", "--format", "csv"]);
    for line in ["hubs_open,開業済みの医療拠点,Hubs open,21,1", "mou_countries,政府間覚書等の相手国,Countries with a government MOU,20,1", "named_countries_with_hub,推進対象として例示された国のうち開業済み拠点のある国,Countries named in the policy with an open hub,5,1", "letters_of_intent,政府間意図表明文書の相手国,Countries with a government letter of intent,1,1"] {
        assert!(csv.contains(line), "{line} missing from\n{csv}");
    }
    // The source calls no country a priority: no metric says it does.
    assert!(!csv.contains("priority") && !csv.contains("重点"), "{csv}");
    let loi = env.ok(&[
        "sql",
        "SELECT countries FROM agreement_counts WHERE kind = 'letter_of_intent'",
        "--format",
        "csv",
    ]);
    assert_eq!(loi, "countries\n1\n");
    let meetings = env.json(&["meeting", "list", "--format", "json"]);
    assert_eq!(meetings[12]["held_on"], "2018-03-22");
    assert_eq!(meetings[12]["by_circulation"], true);
    assert_eq!(
        meetings[0]["agenda_ja"][0],
        "今後の医療国際展開に関する合意について"
    );
}

#[test]
fn earlier_dates_give_the_smaller_figures() {
    let env = Env::new();
    let hubs = env.json(&["hub", "list", "--as-of", "2016-03-31", "--format", "json"]);
    assert_eq!(count_status(&hubs, "opened"), 15);
    assert_eq!(count_status(&hubs, "planned"), 0);
    assert_eq!(
        env.json(&[
            "meeting",
            "list",
            "--as-of",
            "2016-03-31",
            "--format",
            "json"
        ])
        .as_array()
        .unwrap()
        .len(),
        6
    );
    assert_eq!(
        env.json(&["wg", "list", "--as-of", "2016-03-31", "--format", "json"])["working_groups"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        env.json(&[
            "members",
            "list",
            "--as-of",
            "2016-03-31",
            "--format",
            "json"
        ])
        .as_array()
        .unwrap()
        .len(),
        0
    );
    let hubs = env.json(&["hub", "list", "--as-of", "2013-12-31", "--format", "json"]);
    assert_eq!(count_status(&hubs, "opened"), 2); // 北斗画像診断センター (May 2013), ベトナム (Sep 2013)
}

#[test]
fn a_correction_is_a_new_row_and_known_at_sees_the_old_value() {
    let env = Env::new();
    // Each command runs on the test's clock: the change at 0 s, its correction 1 s later.
    env.at(0);
    env.ok(&[
        "hub",
        "set-status",
        "--source",
        "テスト出典",
        "H10",
        "opened",
        "--date",
        "2018-05-15",
    ]);
    let first = env.json(&["hub", "show", "H10", "--format", "json"]);
    let recorded = first["history"].as_array().unwrap().last().unwrap()["recorded_at"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        env.json(&[
            "hub",
            "show",
            "H10",
            "--as-of",
            "2018-06-01",
            "--format",
            "json"
        ])["hub"]["status"],
        "opened"
    );
    env.at(1);
    env.ok(&[
        "hub",
        "set-status",
        "--source",
        "テスト出典",
        "H10",
        "planned",
        "--date",
        "2018-05-15",
        "--note",
        "correction: not opened",
    ]);
    let now = env.json(&[
        "hub",
        "show",
        "H10",
        "--as-of",
        "2018-06-01",
        "--format",
        "json",
    ]);
    assert_eq!(now["hub"]["status"], "planned");
    assert_eq!(
        now["history"].as_array().unwrap().len(),
        3,
        "the seed row, the change and the correction"
    );
    let then = env.json(&[
        "hub",
        "show",
        "H10",
        "--as-of",
        "2018-06-01",
        "--known-at",
        &recorded,
        "--format",
        "json",
    ]);
    assert_eq!(then["hub"]["status"], "opened");
    let before = env.json(&[
        "hub",
        "show",
        "H10",
        "--as-of",
        "2018-04-30",
        "--format",
        "json",
    ]);
    assert_eq!(before["hub"]["status"], "planned");
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let env = Env::new();
    env.ok(&["init"]);
    let before = env.dump();
    let cases: Vec<(Vec<&str>, &str, i32)> = vec![
        (
            vec![
                "hub",
                "add",
                "--source",
                "テスト出典",
                "H29",
                "--name-ja",
                "新拠点",
                "--country",
                "TR",
                "--kind",
                "hospital",
                "--date",
                "2018-02-30",
            ],
            "has 28 days",
            2,
        ),
        (
            vec![
                "hub",
                "add",
                "--source",
                "テスト出典",
                "H29",
                "--name-ja",
                "新拠点",
                "--country",
                "XX",
                "--kind",
                "hospital",
                "--date",
                "2018-04-01",
            ],
            "unknown country 'XX'",
            2,
        ),
        (
            vec![
                "hub",
                "add",
                "--source",
                "テスト出典",
                "H01",
                "--name-ja",
                "新拠点",
                "--country",
                "TR",
                "--kind",
                "hospital",
                "--date",
                "2018-04-01",
            ],
            "already exists",
            1,
        ),
        (
            vec![
                "hub",
                "set-status",
                "--source",
                "テスト出典",
                "H10",
                "demolished",
                "--date",
                "2018-04-01",
            ],
            "is not a known status",
            2,
        ),
        (
            vec![
                "hub",
                "set-status",
                "--source",
                "テスト出典",
                "H99",
                "opened",
                "--date",
                "2018-04-01",
            ],
            "no hub",
            2,
        ),
        (
            vec![
                "meeting",
                "add",
                "--source",
                "テスト出典",
                "13",
                "--date",
                "2018-04-01",
            ],
            "already exists",
            1,
        ),
        (vec!["hub", "list", "--as-of", "2018-13-01"], "month 13", 2),
    ];
    for (args, msg, code) in cases {
        let (c, err) = env.fails(&args);
        assert!(err.contains(msg), "{args:?}: expected '{msg}' in {err}");
        assert_eq!(c, code, "{args:?}: {err}");
    }
    assert_eq!(env.dump(), before);
}

#[test]
fn a_bad_csv_is_refused_whole_with_every_problem_listed() {
    let env = Env::new();
    env.ok(&["init"]);
    let before = env.dump();
    let header =
        "code,name_ja,name_en,country,kind,operators,status,effective_date,expected_date,note\n";
    let files: Vec<(&str, Vec<u8>, Vec<&str>)> = vec![
        (
            "rows.csv",
            format!("{header}H29,トルコ病院,,TR,hospital,日揮,planned,2018-04-01,,\nH30,エジプト病院,,EG,hospital,,opened,2018-02-30,,\nH31,謎,,XX,castle,,gone,2018-04-01,,\nH01,重複,,JP,hospital,,planned,2018-04-01,,\n").into_bytes(),
            vec!["line 3, column effective_date", "line 4, column country: unknown country 'XX'", "line 4, column kind", "line 4, column status", "line 5, column code: hub H01 already exists"],
        ),
        ("missing.csv", b"code,name_ja,country\nH29,x,TR\n".to_vec(), vec!["missing column(s): name_en"]),
        ("extra.csv", header.replace("note", "note,colour").into_bytes(), vec!["unknown column(s): colour"]),
        ("short.csv", format!("{header}H29,トルコ病院,TR\n").into_bytes(), vec!["line 2: 3 field(s), expected 10"]),
        ("binary.csv", [header.as_bytes(), b"H29,\x83\xff\x83\x8b,,TR,hospital,,planned,2018-04-01,,\n"].concat(), vec!["line 2: not UTF-8", "nor CP932", "--encoding"]),
        ("empty.csv", Vec::new(), vec!["the file is empty"]),
    ];
    for (name, bytes, msgs) in files {
        let path = env.path(name);
        std::fs::write(&path, bytes).unwrap();
        let (code, err) = env.fails(&["import", "hubs", path.to_str().unwrap()]);
        assert_eq!(code, 1, "{name}: {err}");
        for m in msgs {
            assert!(err.contains(m), "{name}: expected '{m}' in\n{err}");
        }
        assert!(err.contains("nothing was imported"), "{err}");
    }
    assert_eq!(env.dump(), before);
}

#[test]
fn a_good_csv_imports_in_one_go_and_dry_run_writes_nothing() {
    let env = Env::new();
    env.ok(&["init"]);
    let path = env.path("good.csv");
    std::fs::write(
        &path,
        "code,name_ja,name_en,country,kind,partners,status,effective_date,expected_date,note,source\nH29,トルコ日本病院,Turkey Japan Hospital,TR,hospital,日揮;富士フイルム,planned,2018-06-01,2019-04-01,\"メモ, 引用\",報道発表\n",
    )
    .unwrap();
    let before = env.dump();
    env.ok(&["import", "hubs", path.to_str().unwrap(), "--dry-run"]);
    assert_eq!(env.dump(), before);
    env.ok(&["import", "hubs", path.to_str().unwrap()]);
    let h = env.json(&[
        "hub",
        "show",
        "H29",
        "--as-of",
        "2018-07-01",
        "--format",
        "json",
    ]);
    assert_eq!(
        h["hub"]["partners_ja"],
        serde_json::json!(["日揮", "富士フイルム"])
    );
    assert_eq!(h["hub"]["note"], "メモ, 引用");
    let members = env.path("members.csv");
    std::fs::write(
        &members,
        "platform,effective_date,members,source\nnutrition,2018-06-30,61,test\n",
    )
    .unwrap();
    env.ok(&["import", "members", members.to_str().unwrap()]);
    let meetings = env.path("meetings.csv");
    std::fs::write(
        &meetings,
        "number,held_on,by_circulation,agenda,source\n14,2018-06-20,false,議題A;議題B,第14回議事次第\n",
    )
    .unwrap();
    env.ok(&["import", "meetings", meetings.to_str().unwrap()]);
    assert_eq!(
        env.json(&[
            "meeting",
            "list",
            "--as-of",
            "2018-07-01",
            "--format",
            "json"
        ])[13]["agenda_ja"],
        serde_json::json!(["議題A", "議題B"])
    );
}

#[test]
fn the_schema_is_sound_and_a_backup_is_a_consistent_copy() {
    let env = Env::new();
    env.ok(&["init"]);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(conn);
    let copy = env.path("copy.sqlite");
    env.ok(&["backup", copy.to_str().unwrap()]);
    assert_eq!(common::dump(&copy), env.dump());
    let (_, err) = env.fails(&["backup", copy.to_str().unwrap()]);
    assert!(err.contains("already exists"), "{err}");
}

#[test]
fn history_tables_refuse_updates_even_with_write() {
    let env = Env::new();
    let before = {
        env.ok(&["init"]);
        env.dump()
    };
    let (_, err) = env.fails(&["sql", "--write", "UPDATE hub_status SET status = 'closed'"]);
    assert!(err.contains("append-only"), "{err}");
    assert_eq!(env.dump(), before);
}

#[test]
fn an_empty_database_with_no_seed() {
    let env = Env::empty();
    env.ok(&["init", "--no-seed"]);
    assert_eq!(
        env.json(&["hub", "list", "--format", "json"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        env.ok(&[
            "sql",
            "SELECT count(*) AS n FROM metrics",
            "--format",
            "csv"
        ]),
        "n\n9\n"
    );
}

#[test]
fn the_conventions_of_a_command_line_tool() {
    let env = Env::new();
    assert!(env.ok(&["--version"]).starts_with("tenkai "));
    for cmd in [
        vec!["hub", "add", "--source", "テスト出典", "--help"],
        vec!["import", "--help"],
        vec!["sql", "--help"],
        vec!["target", "status", "--help"],
    ] {
        assert!(
            env.ok(&cmd).contains("Example"),
            "{cmd:?} --help has no example"
        );
    }
    assert!(env.ok(&["completions", "bash"]).contains("tenkai"));
    assert!(env.ok(&["man"]).contains(".TH tenkai"));
    let (code, _) = env.fails(&["hub", "frobnicate"]);
    assert_eq!(code, 2);
    // Data on stdout, messages on stderr.
    let out = env
        .cmd()
        .args([
            "hub",
            "set-status",
            "--source",
            "テスト出典",
            "H10",
            "opened",
            "--date",
            "2018-05-01",
        ])
        .output()
        .unwrap();
    assert!(out.stdout.is_empty() && !out.stderr.is_empty());
    let out = env
        .cmd()
        .args([
            "-q",
            "hub",
            "set-status",
            "--source",
            "テスト出典",
            "H10",
            "opened",
            "--date",
            "2018-05-02",
        ])
        .output()
        .unwrap();
    assert!(out.stderr.is_empty());
}

#[test]
fn the_terminal_table_keeps_japanese_columns_aligned() {
    let env = Env::new();
    let t = env.ok(&["hub", "list", "--as-of", "2018-03-31"]);
    let widths: std::collections::BTreeSet<usize> = t
        .lines()
        .map(unicode_width::UnicodeWidthStr::width)
        .collect();
    assert_eq!(widths.len(), 1, "{t}");
    assert!(t.contains("北斗画像診断センター"));
}

#[test]
fn a_database_error_names_its_cause_once() {
    // A database whose export log lacks a column (changed by hand behind tenkai's back): the
    // render fails with SQLite's words, said once, not repeated by each layer that passed it on.
    let env = Env::new();
    env.ok(&["init"]);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch("DROP TABLE export_log; CREATE TABLE export_log (id INTEGER PRIMARY KEY);")
        .unwrap();
    drop(conn);
    let before = env.dump();
    let (code, err) = env.fails(&common::render_quarterly("html", "x.html"));
    assert_eq!(code, 1, "{err}");
    assert_eq!(err.matches("no column named").count(), 1, "{err}");
    assert!(!env.path("x.html").exists());
    assert_eq!(env.dump(), before);
}
