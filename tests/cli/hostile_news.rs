//! The commands of facts, organisations and hub history under hostile input: files as Excel on
//! Windows saves them, names where codes are expected, and the messages a person reads.

use crate::common;
use common::{count, Env};

const AGREEMENTS: &str =
    "country,kind,date,precision,title_ja,title_en,counterpart_ja,counterpart_en,note,source";

#[test]
fn a_csv_of_facts_with_windows_line_ends_imports() {
    let env = Env::new();
    let path = env.path("crlf.csv");
    std::fs::write(
        &path,
        format!("\u{feff}{AGREEMENTS}\r\nフィリピン,MOC,2019-02-21,,\"比協力\r\n覚書\",,,,,s\r\n"),
    )
    .unwrap();
    env.ok(&["import", "agreements", path.to_str().unwrap()]);
    assert_eq!(
        count(
            &env.db,
            "SELECT count(*) FROM agreements WHERE country_iso = 'PH' AND effective_date = '2019-02-21'"
        ),
        1
    );
}

#[test]
fn a_problem_in_a_windows_csv_is_placed_on_its_own_line() {
    let env = Env::new();
    let path = env.path("crlf.csv");
    std::fs::write(
        &path,
        format!("{AGREEMENTS}\r\nPH,MOC,2019-02-21,,a,,,,,s\r\nXX,MOC,2019-02-22,,b,,,,,s\r\n"),
    )
    .unwrap();
    let before = env.dump();
    let (_, err) = env.fails(&["import", "agreements", path.to_str().unwrap()]);
    assert!(
        err.contains("line 3, column country: 'XX'"),
        "the bad row is on line 3: {err}"
    );
    assert_eq!(env.dump(), before, "a refused file wrote");

    let hubs = env.path("hubs.csv");
    std::fs::write(
        &hubs,
        "code,name_ja,name_en,country,kind,partners,status,effective_date,expected_date,note,source\r\n\
         H90,テスト,Test,VN,hospital,,opened,2018-06-01,,,s\r\n\
         H91,テスト2,Test2,XX,hospital,,opened,2018-06-01,,,s\r\n",
    )
    .unwrap();
    let (_, err) = env.fails(&["import", "hubs", hubs.to_str().unwrap()]);
    assert!(err.contains("line 3, column country"), "{err}");
    assert!(!err.contains("line 2"), "{err}");
    assert_eq!(env.dump(), before, "a refused file wrote");
}

#[test]
fn a_csv_of_one_kind_in_another_layout_names_that_kinds_form() {
    let env = Env::new();
    let path = env.path("old.csv");
    std::fs::write(&path, "country,kind,date,title_ja\nPH,MOC,2019-02-22,x\n").unwrap();
    let (_, err) = env.fails(&["import", "agreements", path.to_str().unwrap()]);
    assert!(err.contains("missing: precision, title_en"), "{err}");
    assert!(
        err.contains("`tenkai import template agreements --out agreements.xlsx`"),
        "the form of the kind imported, not the quarter's: {err}"
    );
    // The form it names is one that `import template` writes.
    let form = env.path("agreements.xlsx");
    env.ok(&[
        "import",
        "template",
        "agreements",
        "--out",
        form.to_str().unwrap(),
    ]);
    assert!(form.exists());
}

#[test]
fn an_empty_or_unknown_name_is_refused_in_sentences() {
    let env = Env::new();
    let before = env.dump();
    let (_, err) = env.fails(&[
        "wg",
        "event",
        "--source",
        "テスト出典",
        "--wg",
        " ",
        "--kind",
        "report",
        "--date",
        "2018-10",
        "--description-ja",
        "x",
    ]);
    assert!(
        err.contains("--wg: a working group is needed. Write one of: "),
        "{err}"
    );
    assert_eq!(env.dump(), before, "a refused event wrote");
}

#[test]
fn an_organisation_is_not_renamed_to_a_blank_name() {
    let env = Env::new();
    let before = env.dump();
    for args in [["--name-ja", "  "], ["--name-en", " "]] {
        let mut cmd = vec![
            "org",
            "rename",
            "--source",
            "テスト出典",
            "Medical Excellence JAPAN（MEJ）",
            "--date",
            "2018-06-01",
        ];
        if args[0] == "--name-en" {
            cmd.extend(["--name-ja", "MEJ"]);
        }
        cmd.extend(args);
        let (code, err) = env.fails(&cmd);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(&format!("{}: is empty", args[0])), "{err}");
        assert_eq!(env.dump(), before, "a refused rename wrote");
    }
    // A name typed with spaces around it is kept without them.
    env.ok(&[
        "org",
        "rename",
        "--source",
        "テスト出典",
        "Medical Excellence JAPAN（MEJ）",
        "--name-ja",
        " MEJ ",
        "--date",
        "2018-06-01",
    ]);
    assert_eq!(
        count(
            &env.db,
            "SELECT count(*) FROM organisation_names WHERE name_ja = 'MEJ'"
        ),
        1
    );
}

#[test]
fn a_record_is_not_stated_complete_up_to_a_day_to_come() {
    let env = Env::new();
    env.at_time("2018-07-13T09:00:00+09:00");
    let before = env.dump();
    let (_, err) = env.fails(&[
        "coverage",
        "set",
        "meetings",
        "--to",
        "2030-06-30",
        "--source",
        "s",
    ]);
    assert!(
        err.contains("--to: 2030-06-30 is after today (2018-07-13)"),
        "{err}"
    );
    assert_eq!(env.dump(), before, "a refused statement wrote");
    env.ok(&[
        "coverage",
        "set",
        "meetings",
        "--to",
        "2018-07-13",
        "--source",
        "s",
    ]);
    let path = env.path("coverage.csv");
    std::fs::write(
        &path,
        "record,complete_to,source,note\nmeetings,2019-01-01,s,\n",
    )
    .unwrap();
    let (_, err) = env.fails(&["import", "coverage", path.to_str().unwrap()]);
    assert!(
        err.contains("line 2, column complete_to: 2019-01-01 is after today"),
        "{err}"
    );
}

#[test]
fn a_fact_recorded_twice_is_refused_the_second_time() {
    let env = Env::new();
    let wg = [
        "wg",
        "event",
        "--source",
        "テスト出典",
        "--wg",
        "inbound",
        "--kind",
        "report",
        "--date",
        "2018-10",
        "--description-ja",
        "報告書を公表",
    ];
    env.ok(&wg);
    let policy = [
        "policy",
        "add",
        "--source",
        "テスト出典",
        "--title-ja",
        "方針",
        "--date",
        "2018-10",
    ];
    env.ok(&policy);
    let project = [
        "project",
        "add",
        "--source",
        "テスト出典",
        "--country",
        "VN",
        "--title-ja",
        "案件",
        "--title-en",
        "A project",
        "--status",
        "planned",
        "--date",
        "2018-06",
    ];
    env.ok(&project);
    let before = env.dump();
    for (args, said) in [
        (
            &wg[..],
            "event (Report) of Inbound Working Group dated 2018-10: 報告書を公表 is already recorded",
        ),
        (
            &policy[..],
            "policy document dated 2018-10: 方針 is already recorded",
        ),
        (
            &project[..],
            "project in Viet Nam dated 2018-06: 案件 is already recorded",
        ),
    ] {
        let (_, err) = env.fails(args);
        assert!(err.contains(said), "{err}");
        assert_eq!(env.dump(), before, "a refused fact wrote");
    }
    // The same row twice in one file is named with the line it repeats.
    let path = env.path("policies.csv");
    std::fs::write(
        &path,
        "title_ja,title_en,date,precision,meeting,note,source\n別の方針,,2018-11,,,,s\n別の方針,,2018-11,,,,s\n",
    )
    .unwrap();
    let (_, err) = env.fails(&["import", "policies", path.to_str().unwrap()]);
    assert!(
        err.contains("line 3, column date: the same policy document"),
        "{err}"
    );
    assert!(err.contains("is also on line 2"), "{err}");
    assert_eq!(env.dump(), before, "a refused file wrote");
}

#[test]
fn a_platform_event_recorded_twice_is_refused_and_nothing_is_written() {
    let env = Env::new();
    let event = [
        "platform",
        "event",
        "--source",
        "テスト出典",
        "--kind",
        "meeting",
        "--date",
        "平成30年11月",
        "--description-ja",
        "第3回総会を開催",
        "--description-en",
        "Third general meeting held",
    ];
    env.ok(&event);
    let before = env.dump();
    let (code, err) = env.fails(&event);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("is already recorded"), "{err}");
    assert_eq!(env.dump(), before, "a refused event wrote");
}

#[test]
fn a_blank_english_agenda_item_is_no_item() {
    let env = Env::new();
    let meeting = [
        "meeting",
        "add",
        "--source",
        "テスト出典",
        "14",
        "--date",
        "2018-06-20",
    ];
    let mut args = meeting.to_vec();
    args.extend([
        "--agenda",
        "議題一",
        "--agenda",
        "議題二",
        "--agenda-en",
        " ",
    ]);
    env.ok(&args);
    assert_eq!(
        count(
            &env.db,
            "SELECT count(*) FROM meeting_agenda WHERE meeting_number = 14 AND item_en IS NULL"
        ),
        2
    );
}

#[test]
fn a_fact_that_has_happened_is_refused_with_a_date_to_come() {
    let env = Env::new();
    env.at_time("2019-04-10T09:00:00+09:00");
    let before = env.dump();
    let (code, err) = env.fails(&[
        "agreement",
        "add",
        "--source",
        "テスト出典",
        "--country",
        "インド",
        "--kind",
        "MOC",
        "--date",
        "2029-10-29",
        "--title-ja",
        "日印ヘルスケア協力覚書",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("--date: 2029-10-29 is after today (2019-04-10)"),
        "{err}"
    );
    let (_, err) = env.fails(&[
        "meeting",
        "add",
        "--source",
        "テスト出典",
        "14",
        "--date",
        "2029-06-20",
    ]);
    assert!(err.contains("--date: 2029-06-20 is after today"), "{err}");
    assert_eq!(env.dump(), before, "a refused fact wrote");
    // A platform event may lie ahead: a summit planned.
    env.ok(&[
        "platform",
        "event",
        "--source",
        "テスト出典",
        "--kind",
        "milestone",
        "--date",
        "2021-12-07",
        "--description-ja",
        "東京栄養サミット2021",
        "--description-en",
        "Tokyo Nutrition for Growth Summit 2021",
    ]);
}
