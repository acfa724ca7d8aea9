//! Targets through the real binary: the document's targets at FY2017Q4, assessments, milestones, metrics.

mod common;
use common::Env;

fn target<'a>(all: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    all.as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"]["name"] == name)
        .unwrap()
}

#[test]
fn fy2017q4_hubs_achieved_and_priority_countries_five_of_eight() {
    let env = Env::new();
    let all = env.json(&[
        "target", "status", "--period", "FY2017Q4", "--format", "json",
    ]);
    let hubs = target(&all, "hubs_2020");
    assert_eq!(hubs["actual"], 21.0);
    assert_eq!(hubs["rag"], "achieved");
    assert_eq!(
        hubs["forecast"],
        serde_json::json!({"kind": "achieved", "date": "2017-02-01"})
    );
    assert!(hubs["target"]["note"]
        .as_str()
        .unwrap()
        .contains("2020-12-31"));
    let pc = target(&all, "priority_countries");
    assert_eq!(pc["actual"], 5.0);
    assert_eq!(pc["target"]["target_value"], 8.0);
    // Baseline 0 on 2013-08-07, 8 by 2020-12-31: 1697 of 2703 days gone at 2018-03-31.
    let expected = 8.0 * 1697.0 / 2703.0;
    assert!((pc["trajectory"].as_f64().unwrap() - expected).abs() < 1e-9);
    assert_eq!(pc["rag"], "amber");
    assert_eq!(pc["progress"], 5.0 / 8.0);
    // Five priority countries had a hub for the whole forecast window: the trend is flat.
    assert_eq!(pc["forecast"]["kind"], "not_on_trend");
}

#[test]
fn assessments_are_kept_and_the_latest_is_shown() {
    let env = Env::new();
    env.ok(&[
        "target",
        "assess",
        "priority_countries",
        "--period",
        "FY2017Q4",
        "--rating",
        "amber",
        "--comment",
        "トルコ・エジプト・ケニア未着手",
    ]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    env.ok(&[
        "target",
        "assess",
        "priority_countries",
        "--period",
        "FY2017Q4",
        "--rating",
        "amber_red",
        "--comment",
        "見直し",
    ]);
    let all = env.json(&[
        "target", "status", "--period", "FY2017Q4", "--format", "json",
    ]);
    assert_eq!(
        target(&all, "priority_countries")["assessment"]["rating"],
        "amber_red"
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
        "priority_countries",
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
        "priority_countries",
        "--date",
        "2018-03-31",
        "--value",
        "7",
    ]);
    let all = env.json(&[
        "target", "status", "--period", "FY2017Q4", "--format", "json",
    ]);
    let pc = target(&all, "priority_countries");
    assert_eq!(pc["trajectory"], 7.0);
    assert_eq!(pc["rag"], "red");
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
