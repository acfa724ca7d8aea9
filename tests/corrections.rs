//! Corrections after a report was sent, in the order an office makes them: this quarter's news
//! first, then last quarter's error. The 正誤表 explains each difference by the rows that changed
//! that value (not by whatever was recorded since), lists the knock-on differences (the previous
//! quarter's column, the change, the country table, progress), and flags a later report whose
//! previous-quarter column moved. The clock is set with TENKAI_NOW: no test waits for it.

mod common;
use common::Env;

/// Runs tenkai at a moment of the test's clock (Asia/Tokyo).
fn at(env: &Env, when: &str, args: &[&str]) -> String {
    let out = env
        .cmd()
        .env("TENKAI_NOW", format!("{when}+09:00"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "tenkai {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn errata(env: &Env, period: &str, lang: &str) -> serde_json::Value {
    let args = [
        "report",
        "errata",
        "quarterly",
        "--period",
        period,
        "--lang",
        lang,
        "--format",
        "json",
    ];
    serde_json::from_str(&at(env, "2018-07-20T09:00:00", &args)).unwrap()
}

/// (location, was, now, reasons) of each difference.
fn items(e: &serde_json::Value) -> Vec<(String, String, String, Vec<String>)> {
    e["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let s = |k: &str| i[k].as_str().unwrap().to_string();
            let reasons = i["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap().to_string())
                .collect();
            (s("location"), s("was"), s("now"), reasons)
        })
        .collect()
}

/// FY2017Q4 sent in April; June's count recorded; FY2018Q1 sent in July; then March's count
/// corrected from 56 to 57.
fn a_quarter_of_office_work() -> Env {
    let env = Env::new();
    for lang in ["ja", "en"] {
        at(
            &env,
            "2018-04-10T09:00:00",
            &[
                "report",
                "render",
                "quarterly",
                "--period",
                "FY2017Q4",
                "--lang",
                lang,
            ],
        );
    }
    at(
        &env,
        "2018-07-05T09:00:00",
        &[
            "members",
            "record",
            "60",
            "--date",
            "2018-06-30",
            "--source",
            "事務局報告 2018-07",
        ],
    );
    at(
        &env,
        "2018-07-10T09:00:00",
        &[
            "report",
            "render",
            "quarterly",
            "--period",
            "FY2018Q1",
            "--format",
            "html",
        ],
    );
    at(
        &env,
        "2018-07-12T09:00:00",
        &[
            "members",
            "record",
            "57",
            "--date",
            "2018-03-31",
            "--note",
            "集計誤り（1団体の計上漏れ）",
            "--source",
            "事務局報告",
        ],
    );
    env
}

#[test]
fn a_correction_is_explained_by_the_row_that_changed_that_value() {
    let env = a_quarter_of_office_work();
    for lang in ["ja", "en"] {
        let e = errata(&env, "FY2017Q4", lang);
        let items = items(&e);
        assert_eq!(items.len(), 1, "{lang}: {items:?}");
        let (_, was, now, reasons) = &items[0];
        assert_eq!((was.as_str(), now.as_str()), ("56", "57"));
        assert_eq!(reasons, &["members:nutrition"]);
        let corrections = e["corrections"].as_array().unwrap();
        assert_eq!(corrections.len(), 1, "only the March row: {corrections:?}");
        let c = &corrections[0];
        assert!(c["text"].as_str().unwrap().contains("57"), "{c}");
        assert_eq!(c["note"], "集計誤り（1団体の計上漏れ）");
        assert_eq!(c["source"], "事務局報告");
        assert_eq!(c["effective_date"], "2018-03-31");
        assert!(
            !e.to_string().contains("2018-06-30") && !c["text"].as_str().unwrap().contains("60"),
            "June's count changes nothing in the March report: {e}"
        );
    }
}

#[test]
fn a_later_report_whose_previous_quarter_moved_is_flagged() {
    let env = a_quarter_of_office_work();
    let items = items(&errata(&env, "FY2018Q1", "ja"));
    let find = |column: &str| {
        items
            .iter()
            .find(|(l, ..)| {
                l.starts_with("栄養改善事業推進プラットフォーム会員数") && l.ends_with(column)
            })
            .unwrap_or_else(|| panic!("no {column} difference in {items:?}"))
    };
    let previous = find("：前期");
    assert_eq!((previous.1.as_str(), previous.2.as_str()), ("56", "57"));
    assert_eq!(previous.3, ["members:nutrition"]);
    let change = find("：増減");
    assert_eq!((change.1.as_str(), change.2.as_str()), ("+4", "+3"));

    let verify = env
        .cmd()
        .env("TENKAI_NOW", "2018-07-20T09:00:00+09:00")
        .args(["schedule", "verify", "--corrections"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&verify.stdout).to_string()
        + &String::from_utf8_lossy(&verify.stderr);
    assert!(said.contains("quarterly FY2017Q4 ja"), "{said}");
    assert!(said.contains("quarterly FY2018Q1 ja"), "{said}");
}

#[test]
fn one_hub_correction_lists_its_knock_on_differences_under_it() {
    let env = Env::new();
    at(
        &env,
        "2018-04-10T09:00:00",
        &[
            "report",
            "render",
            "quarterly",
            "--period",
            "FY2017Q4",
            "--format",
            "html",
        ],
    );
    at(
        &env,
        "2018-07-14T09:00:00",
        &[
            "hub",
            "set-status",
            "H25",
            "planned",
            "--date",
            "2017-10",
            "--note",
            "開設は平成30年度に延期",
        ],
    );
    let items = items(&errata(&env, "FY2017Q4", "ja"));
    for (location, was, now) in [
        ("開業済みの医療拠点", "21", "20"),
        ("開業予定の医療拠点", "6", "7"),
        ("開業済みの医療拠点：前期", "21", "20"),
        ("開業予定の医療拠点：前期", "0", "1"),
        ("インドネシア：開業済み", "4", "3"),
        ("インドネシア：開業予定", "0", "1"),
        (
            "海外の日本の医療拠点 2020年までに20か所程度：実績",
            "21",
            "20",
        ),
        (
            "海外の日本の医療拠点 2020年までに20か所程度：進捗",
            "105%",
            "100%",
        ),
    ] {
        let item = items
            .iter()
            .find(|(l, ..)| l == location)
            .unwrap_or_else(|| panic!("{location} missing from {items:?}"));
        assert_eq!((item.1.as_str(), item.2.as_str()), (was, now), "{location}");
        assert_eq!(item.3, ["hub:H25"], "{location}");
    }
}
