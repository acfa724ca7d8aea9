//! Targets through the real binary: the document's targets at FY2017Q4, assessments, milestones, metrics.

use crate::common;
use common::Env;

fn target<'a>(all: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    all.as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"]["name"] == name)
        .unwrap()
}

#[test]
fn fy2017q4_the_hub_target_is_achieved_and_the_named_countries_are_five_of_eight() {
    let env = Env::new();
    let all = env.json(&[
        "target", "status", "--period", "FY2017Q4", "--format", "json",
    ]);
    let hubs = target(&all["targets"], "hubs_2020");
    assert_eq!(hubs["actual"], 21.0);
    assert_eq!(hubs["rag"], "achieved");
    assert_eq!(
        hubs["forecast"],
        serde_json::json!({"kind": "achieved", "date": "2017-02-01"})
    );
    // Baseline 1 on 2013-08-07, 20 by 2020-12-31: 1697 of 2703 days gone at 2018-03-31.
    let expected = 1.0 + 19.0 * 1697.0 / 2703.0;
    assert!((hubs["trajectory"].as_f64().unwrap() - expected).abs() < 1e-9);
    assert!(hubs["target"]["note_en"]
        .as_str()
        .unwrap()
        .contains("31 December 2020"));
    assert!(hubs["target"]["note_ja"]
        .as_str()
        .unwrap()
        .contains("「2020年まで」は2020年12月31日まで"));
    assert!(!hubs["target"]["note_ja"].as_str().unwrap().contains("令和"));
    // The countries the policy names: an indicator, with its value and the quarter before.
    let named = &all["indicators"][0];
    assert_eq!(named["indicator"]["name"], "named_countries_with_hub");
    assert_eq!(named["value"], 5.0);
    assert_eq!(named["previous"], 5.0);
    assert_eq!(named["previous_date"], "2017-12-31");
    assert_eq!(
        env.ok(&[
            "sql",
            "SELECT count(*) AS n FROM countries WHERE named_in_policy = 1",
            "--format",
            "csv"
        ]),
        "n\n8\n"
    );
}

#[test]
fn assessments_are_kept_and_the_latest_is_shown() {
    let env = Env::new();
    // Each command runs on the test's clock: the second assessment 1 s after the first.
    env.at(0);
    env.ok(&[
        "target",
        "assess",
        "hubs_2020",
        "--period",
        "FY2017Q4",
        "--rating",
        "amber_green",
        "--comment",
        "開業予定6か所の時期が未定",
    ]);
    env.at(1);
    env.ok(&[
        "target",
        "assess",
        "hubs_2020",
        "--period",
        "FY2017Q4",
        "--rating",
        "green",
        "--comment",
        "見直し",
    ]);
    let all = env.json(&[
        "target", "status", "--period", "FY2017Q4", "--format", "json",
    ]);
    assert_eq!(
        target(&all["targets"], "hubs_2020")["assessment"]["rating"],
        "green"
    );
    assert_eq!(
        env.ok(&[
            "sql",
            "SELECT count(*) AS n FROM target_assessments",
            "--format",
            "csv"
        ]),
        "n\n2\n"
    );
    let (code, err) = env.fails(&[
        "target",
        "assess",
        "hubs_2020",
        "--period",
        "FY2017Q4",
        "--rating",
        "purple",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("amber_green"), "{err}");
}

#[test]
fn a_milestone_bends_the_trajectory() {
    let env = Env::new();
    env.ok(&[
        "target",
        "milestone",
        "add",
        "hubs_2020",
        "--date",
        "2018-03-31",
        "--value",
        "22",
    ]);
    let all = env.json(&[
        "target", "status", "--period", "FY2017Q4", "--format", "json",
    ]);
    let hubs = target(&all["targets"], "hubs_2020");
    assert_eq!(hubs["trajectory"], 22.0);
    // Met is met: the milestone ahead of the actual does not undo the achieved target.
    assert_eq!(hubs["rag"], "achieved");
    let half = env.json(&[
        "target",
        "status",
        "--as-of",
        "2015-12-03",
        "--format",
        "json",
    ]);
    // Half way from the baseline (1 on 2013-08-07) to the milestone (22 on 2018-03-31).
    let t = target(&half["targets"], "hubs_2020")["trajectory"]
        .as_f64()
        .unwrap();
    assert!((t - 11.5).abs() < 0.01, "{t}");
}

#[test]
fn metrics_are_checked_before_they_are_saved() {
    let env = Env::new();
    let (_, err) = env.fails(&[
        "metric",
        "add",
        "evil",
        "--title-ja",
        "x",
        "--title-en",
        "x",
        "--sql",
        "DELETE FROM hubs",
    ]);
    assert!(err.contains("refused"), "{err}");
    let (_, err) = env.fails(&[
        "metric",
        "add",
        "two",
        "--title-ja",
        "x",
        "--title-en",
        "x",
        "--sql",
        "SELECT 1, 2",
    ]);
    assert!(err.contains("one column"), "{err}");
    let (_, err) = env.fails(&[
        "metric",
        "add",
        "rows",
        "--title-ja",
        "x",
        "--title-en",
        "x",
        "--sql",
        "SELECT 1 FROM hubs WHERE recorded_at <= :known_at",
    ]);
    assert!(err.contains("exactly one row"), "{err}");
    env.ok(&[
        "metric",
        "add",
        "dental_hubs",
        "--title-ja",
        "歯科拠点",
        "--title-en",
        "Dental hubs",
        "--sql",
        "SELECT count(*) FROM hubs h WHERE h.kind = 'dental' AND h.recorded_at <= :known_at",
    ]);
    assert!(env
        .ok(&["metric", "list", "--as-of", "2018-03-31", "--format", "csv"])
        .contains("dental_hubs,歯科拠点,Dental hubs,2,0"));
}

#[test]
fn narratives_and_periods() {
    let env = Env::new();
    env.ok(&[
        "narrative",
        "set",
        "--period",
        "FY2017Q4",
        "--section",
        "summary",
        "--lang",
        "ja",
        "--text",
        "概況",
    ]);
    let out = env
        .cmd()
        .args([
            "narrative",
            "set",
            "--period",
            "FY2017Q4",
            "--section",
            "issues",
            "--lang",
            "en",
            "-q",
        ])
        .write_stdin("Issues text\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        env.ok(&[
            "sql",
            "SELECT section, body FROM narratives ORDER BY id",
            "--format",
            "csv"
        ]),
        "section,body\nsummary,概況\nissues,Issues text\n"
    );
    let p = env.ok(&["period", "FY2017Q4", "--format", "csv"]);
    assert!(
        p.contains("label_ja,2017年度第4四半期（平成30年1月〜3月）"),
        "{p}"
    );
    assert!(p.contains("label_en,FY2017 Q4 (Jan–Mar 2018)"), "{p}");
    let (code, err) = env.fails(&["period", "FY2017Q5"]);
    assert_eq!(code, 2);
    assert!(err.contains("FY2017Q4") && err.contains("2018-03"), "{err}");
    assert_eq!(env.ok(&["wareki", "2019-05-01"]).trim(), "令和元年5月1日");
    assert_eq!(env.ok(&["wareki", "平成元年1月8日"]).trim(), "1989-01-08");
}
