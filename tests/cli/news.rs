//! A quarter's news as an office has it: dates at the precision the source gives (a month, a
//! year, a fiscal year), in the forms people type (2018/6/30, 平成31年4月, H30.3.31), and counts
//! typed with full-width digits. Each is checked in the database and in the report, never only in
//! a message.

use crate::common;
use common::Env;

const JULY: &str = "2018-07-02T09:00:00+09:00";

fn latest_status(env: &Env) -> serde_json::Value {
    env.json(&[
        "sql",
        "--format",
        "json",
        "SELECT effective_date, date_precision, expected_date, expected_precision, source \
         FROM hub_status ORDER BY id DESC LIMIT 1",
    ])[0]
        .clone()
}

#[test]
fn wareki_converts_a_date_at_the_precision_it_is_written_in() {
    let env = Env::new();
    for (input, output) in [
        ("平成31年4月", "2019-04"),
        ("H30.3.31", "2018-03-31"),
        ("平成30年3月31日", "2018-03-31"),
        ("平成30年度", "FY2018"),
        ("2018-05", "平成30年5月"),
        ("2019-05-01", "令和元年5月1日"),
        ("FY2019", "令和元年度"),
        // A year in which the era changed: both eras, neither alone.
        ("２０１９", "2019年（平成31年／令和元年）"),
        ("1989", "1989年（昭和64年／平成元年）"),
        ("2018", "平成30年"),
    ] {
        assert_eq!(env.ok(&["wareki", input]).trim(), output, "{input}");
    }
    let (code, err) = env.fails(&["wareki", "平成30年2月30日"]);
    assert_eq!(code, 2);
    assert!(err.contains("has 28 days"), "{err}");
    let (_, err) = env.fails(&["wareki", "平成31年5月"]);
    assert!(err.contains("ended on 2019-04-30"), "{err}");
}

#[test]
fn a_month_from_a_press_release_is_stored_and_shown_as_a_month() {
    let env = Env::new();
    env.at_time(JULY);
    env.ok(&[
        "hub",
        "set-status",
        "H10",
        "planned",
        "--date",
        "2018年6月",
        "--expected",
        "平成31年4月",
        "--source",
        "報道発表 2018-06",
    ]);
    let row = latest_status(&env);
    assert_eq!(row["effective_date"], "2018-06-01");
    assert_eq!(row["date_precision"], "month");
    assert_eq!(row["expected_date"], "2019-04-01");
    assert_eq!(row["expected_precision"], "month");

    let html = env.dir.path().join("q.html");
    env.at_time("2018-07-12T09:00:00+09:00");
    env.ok(&[
        "report",
        "render",
        "quarterly",
        "--period",
        "FY2018Q1",
        "--format",
        "html",
        "--out",
        html.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(
        text.contains("平成31年4月（予定）"),
        "the expected month is shown"
    );
    assert!(
        !text.contains("平成31年4月1日") && !text.contains("平成30年6月1日"),
        "no day is invented for a month"
    );
}

#[test]
fn a_month_given_with_precision_day_is_refused_and_nothing_is_written() {
    let env = Env::new();
    let before = env.ok(&["sql", "--format", "csv", "SELECT count(*) FROM hub_status"]);
    let (code, err) = env.fails(&[
        "hub",
        "set-status",
        "--source",
        "テスト出典",
        "H25",
        "planned",
        "--date",
        "2018-06",
        "--precision",
        "day",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("gives a month, not a day") && err.contains("Leave out --precision"),
        "{err}"
    );
    let after = env.ok(&["sql", "--format", "csv", "SELECT count(*) FROM hub_status"]);
    assert_eq!(before, after);
}

#[test]
fn a_count_with_full_width_digits_and_a_slashed_date_is_recorded() {
    let env = Env::new();
    env.at_time(JULY);
    env.ok(&[
        "members",
        "record",
        "６０",
        "--date",
        "2018/6/30",
        "--source",
        "事務局報告 2018-07",
    ]);
    let row = env.json(&[
        "sql",
        "--format",
        "json",
        "SELECT members, effective_date, recorded_at FROM platform_members ORDER BY id DESC LIMIT 1",
    ])[0]
        .clone();
    assert_eq!(row["members"], 60);
    assert_eq!(row["effective_date"], "2018-06-30");
    assert_eq!(
        row["recorded_at"], "2018-07-02T00:00:00Z",
        "the clock the test set"
    );

    for (count, date, why) in [
        ("五十", "2018-06-30", "not a whole number"),
        ("3.5", "2018-06-30", "not a whole number"),
        ("60", "2018年6月", "not a day"),
    ] {
        let (_, err) = env.fails(&[
            "members",
            "record",
            "--source",
            "テスト出典",
            count,
            "--date",
            date,
        ]);
        assert!(err.contains(why), "{count} {date}: {err}");
    }
    let n = env.ok(&[
        "sql",
        "--format",
        "csv",
        "SELECT count(*) FROM platform_members",
    ]);
    assert_eq!(
        n.lines().nth(1),
        Some("2"),
        "only the one good count was added"
    );
}
