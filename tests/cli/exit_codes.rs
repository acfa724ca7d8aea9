//! One rule for the exit code of a refused write: input that cannot be read, or that names nothing
//! known, is bad usage (2); a fact the record refuses is a failure (1), and so is a file an import
//! refuses. Either way the database stays as it was.

use crate::common;
use common::Env;

/// A refused command: its arguments, the exit code and a phrase of its message.
type Refusal = (&'static [&'static str], i32, &'static str);

#[rustfmt::skip]
const USAGE: &[Refusal] = &[
    // Required texts left blank.
    (&["agreement", "add", "--source", "テスト出典", "--country", "PH", "--kind", "MOC", "--date", "2019-02-22", "--title-ja", " "], 2, "is empty"),
    (&["policy", "add", "--source", "テスト出典", "--title-ja", "", "--date", "2018-10"], 2, "is empty"),
    (&["wg", "event", "--source", "テスト出典", "--wg", "inbound", "--kind", "report", "--date", "2018-10", "--description-ja", ""], 2, "is empty"),
    (&["org", "rename", "--source", "テスト出典", "富士フイルム", "--name-ja", " ", "--date", "2018-06"], 2, "is empty"),
    (&["hub", "change", "--source", "テスト出典", "H01", "--name-ja", " ", "--date", "2018-06"], 2, "the Japanese name is empty"),
    // Values that cannot be read.
    (&["agreement", "add", "--source", "テスト出典", "--country", "PH", "--kind", "MOC", "--date", "2019-02-30", "--title-ja", "x"], 2, "--date"),
    (&["members", "record", "--source", "テスト出典", "many", "--date", "2018-06-30"], 2, "many"),
    // Names of nothing known.
    (&["agreement", "add", "--source", "テスト出典", "--country", "XX", "--kind", "MOC", "--date", "2019-02-22", "--title-ja", "x"], 2, "XX"),
    (&["project", "add", "--source", "テスト出典", "--country", "XX", "--title-ja", "案件", "--title-en", "A project", "--status", "planned", "--date", "2018-06"], 2, "XX"),
    (&["hub", "set-status", "--source", "テスト出典", "H99", "opened", "--date", "2018-06-01"], 2, "H99"),
    (&["hub", "set-status", "--source", "テスト出典", "H01", "reopened", "--date", "2018-06-01"], 2, "reopened"),
    (&["hub", "change", "--source", "テスト出典", "H99", "--name-ja", "新名称", "--date", "2018-06"], 2, "H99"),
    (&["hub", "change", "--source", "テスト出典", "H01", "--kind", "castle", "--date", "2018-06"], 2, "castle"),
    (&["org", "rename", "--source", "テスト出典", "存在しない会社", "--name-ja", "新しい会社", "--date", "2018-06"], 2, "not a known organisation"),
    (&["members", "record", "--source", "テスト出典", "60", "--date", "2018-06-30", "--platform", "nowhere"], 2, "nowhere"),
    (&["coverage", "set", "nothing", "--to", "2018-06-30", "--source", "s"], 2, "nothing"),
];

#[rustfmt::skip]
const AGREEMENT: &[&str] = &["agreement", "add", "--country", "PH", "--kind", "MOC", "--date", "2019-02-21", "--title-ja", "比協力覚書", "--source", "s"];

#[rustfmt::skip]
const REFUSED: &[Refusal] = &[
    // The same agreement twice.
    (AGREEMENT, 1, "already recorded"),
    // The status rule, and a date before the hub existed or opened.
    (&["hub", "set-status", "--source", "テスト出典", "H01", "planned", "--date", "2019-06-01"], 1, "may take an open hub only"),
    (&["hub", "set-status", "--source", "テスト出典", "H01", "closed", "--date", "1900-01-01"], 1, "before the hub opened"),
    (&["hub", "change", "--source", "テスト出典", "H01", "--name-ja", "新名称", "--date", "2012-06"], 1, "before hub H01 existed"),
    // Another hub's name.
    (&["hub", "change", "--source", "テスト出典", "H01", "--name-ja", "カイコウカイクリニックスナヤン", "--date", "2018-06"], 1, "is the name of hub H02"),
];

#[test]
fn each_refusal_exits_with_its_class_and_writes_nothing() {
    let env = Env::new();
    env.at_time("2019-07-01T09:00:00+09:00");
    env.ok(AGREEMENT);
    let before = env.dump();
    let mut wrong = Vec::new();
    for (args, code, said) in USAGE.iter().chain(REFUSED) {
        let (got, err) = env.fails(args);
        if got != *code || !err.contains(said) {
            wrong.push(format!(
                "tenkai {}: exit {got} (want {code}), {err}",
                args.join(" ")
            ));
        }
        assert_eq!(env.dump(), before, "tenkai {args:?} wrote");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_refused_file_is_a_failure_and_an_unknown_kind_of_import_bad_usage() {
    let env = Env::new();
    let path = env.path("agreements.csv");
    std::fs::write(
        &path,
        "country,kind,date,precision,title_ja,title_en,counterpart_ja,counterpart_en,note,source\nXX,MOC,2019-02-22,,b,,,,,s\n",
    )
    .unwrap();
    let before = env.dump();
    let (code, err) = env.fails(&["import", "agreements", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let (code, err) = env.fails(&["import", "castles", path.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(env.dump(), before);
}

#[test]
fn a_duplicate_is_named_by_the_names_users_see() {
    let env = Env::new();
    env.at_time("2019-07-01T09:00:00+09:00");
    env.ok(AGREEMENT);
    let (_, err) = env.fails(AGREEMENT);
    assert!(
        !err.contains("moc with PH") && !err.contains("MOC with PH"),
        "{err}"
    );
    assert!(
        err.contains("(MOC) with Philippines dated 2019-02-21"),
        "{err}"
    );
}

#[test]
fn a_hub_change_says_what_is_wrong_and_names_its_option_only_as_the_fix() {
    let env = Env::new();
    let (_, err) = env.fails(&[
        "hub",
        "change",
        "--source",
        "テスト出典",
        "H01",
        "--name-ja",
        "カイコウカイクリニックスナヤン",
        "--date",
        "2018-06",
    ]);
    let message = err.trim_start_matches("error: ");
    assert!(!message.starts_with("--"), "{err}");
    assert!(message.trim_end().ends_with("(--name-ja)"), "{err}");
}

#[test]
fn a_status_of_unstated_date_lists_for_import_and_imports_back_at_its_precision() {
    let env = Env::new();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    // A hub whose status now is one whose date the source does not state.
    let (code, day): (String, String) = conn
        .query_row(
            "SELECT h.code, s.effective_date FROM hubs h JOIN hub_status s ON s.hub_id = h.id
             WHERE s.date_precision = 'unknown' AND s.id = (SELECT s2.id FROM hub_status s2
               WHERE s2.hub_id = h.id ORDER BY s2.effective_date DESC, s2.recorded_at DESC, s2.id DESC LIMIT 1)
             ORDER BY h.code LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    drop(conn);
    let listed = env.ok(&["hub", "list", "--for-import", "--format", "csv"]);
    let header = listed.lines().next().unwrap();
    let line = listed
        .lines()
        .find(|l| l.starts_with(&format!("{code},")))
        .unwrap();
    assert!(line.contains(&format!(",〜{day},")), "{line}");
    // The same row as a new hub (another code and name) imports at the same precision.
    let mut cells: Vec<&str> = line.split(',').collect();
    cells[0] = "K77";
    cells[1] = "往復テスト病院";
    let path = env.path("hubs.csv");
    std::fs::write(&path, format!("{header}\n{}\n", cells.join(","))).unwrap();
    env.ok(&["import", "hubs", path.to_str().unwrap()]);
    let stored = common::count(
        &env.db,
        &format!(
            "SELECT count(*) FROM hub_status s JOIN hubs h ON h.id = s.hub_id
             WHERE h.code = 'K77' AND s.date_precision = 'unknown' AND s.effective_date = '{day}'"
        ),
    );
    assert_eq!(stored, 1, "{line}");
    let again = env.ok(&["hub", "list", "--for-import", "--format", "csv"]);
    assert!(again.contains("K77,往復テスト病院,"), "{again}");
    assert!(
        again
            .lines()
            .any(|l| l.starts_with("K77,") && l.contains(&format!(",〜{day},"))),
        "{again}"
    );
}
