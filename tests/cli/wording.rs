//! How a report names its sources, as known at its moment: a document registered after a send
//! does not change the send made again as known then, and `report errata` takes a registered
//! document or a revised English for a change of wording, not a correction. The clock is set
//! with TENKAI_NOW: no test waits for it.

use crate::common;
use common::Env;

/// Runs tenkai at a time of 5 July 2018 (Asia/Tokyo) and gives (exit code, stdout, stderr).
fn run(env: &Env, when: &str, args: &[&str]) -> (i32, String, String) {
    common::run_in_tokyo(env.cmd(), &format!("2018-07-05T{when}"), args)
}

fn ok(env: &Env, when: &str, args: &[&str]) -> (String, String) {
    let (code, out, err) = run(env, when, args);
    assert_eq!(code, 0, "tenkai {args:?} failed: {err}");
    (out, err)
}

const SEND_EN: &[&str] = &[
    "report",
    "render",
    "quarterly",
    "--period",
    "FY2018Q1",
    "--lang",
    "en",
    "--format",
    "html",
];
const ERRATA_EN: &[&str] = &[
    "report",
    "errata",
    "quarterly",
    "--period",
    "FY2018Q1",
    "--lang",
    "en",
    "--format",
    "json",
];

#[test]
fn a_document_registered_after_a_send_does_not_change_the_send_made_again() {
    let env = Env::new();
    let record = [
        "members",
        "record",
        "60",
        "--date",
        "2018-06-30",
        "--source",
        "abc-1 p.2",
    ];
    let (_, err) = ok(&env, "12:00:00", &record);
    assert!(
        err.contains("warning") && err.contains("tenkai source add abc-1"),
        "a reference in the form of an unregistered code is named: {err}"
    );
    ok(&env, "12:01:00", SEND_EN);
    let register = [
        "source",
        "add",
        "abc-1",
        "--title-ja",
        "ABC資料",
        "--title-en",
        "ABC document",
        "--date",
        "2018-06-30",
    ];
    ok(&env, "12:02:00", &register);
    let again = [
        SEND_EN,
        &["--known-at", "2018-07-05T03:01:00Z", "--out", "re.html"],
    ]
    .concat();
    ok(&env, "12:03:00", &again);
    let sent = std::fs::read(env.path("exports/quarterly/FY2018Q1.en.html")).unwrap();
    let made = std::fs::read(env.path("re.html")).unwrap();
    assert!(
        made == sent,
        "the send made again as known then is byte-identical"
    );
    assert!(String::from_utf8(made).unwrap().contains("abc-1 p.2"));
    // The registration names the source anew: a change of wording, not a correction.
    let (out, _) = ok(&env, "12:04:00", ERRATA_EN);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["items"].as_array().unwrap().len(), 0, "{v:#}");
    // A report made now names the registered document.
    let now = [SEND_EN, &["--out", "now.html"]].concat();
    ok(&env, "12:05:00", &now);
    let now = std::fs::read_to_string(env.path("now.html")).unwrap();
    assert!(
        now.contains("ABC document"),
        "a report as known now names it"
    );
}

#[test]
fn a_revised_english_is_a_change_of_wording_and_no_correction() {
    let env = Env::new();
    let first = [
        "members",
        "record",
        "60",
        "--date",
        "2018-06-30",
        "--source",
        "事務局報告",
        "--source-en",
        "Secretariat report",
    ];
    ok(&env, "12:00:00", &first);
    let second = [
        "members",
        "record",
        "61",
        "--date",
        "2018-06-30",
        "--source",
        "訂正報告",
        "--source-en",
        "Correction report",
        "--note",
        "集計誤り",
        "--note-en",
        "Counting error",
    ];
    ok(&env, "12:00:30", &second);
    ok(&env, "12:01:00", SEND_EN);
    let revise = [
        "source",
        "english",
        "--ja",
        "訂正報告",
        "--en",
        "Report of correction (revised)",
    ];
    ok(&env, "12:06:00", &revise);
    let (out, _) = ok(&env, "12:07:00", ERRATA_EN);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["items"].as_array().unwrap().len(), 0, "{v:#}");
    assert_eq!(v["corrections"].as_array().unwrap().len(), 0, "{v:#}");
    // A real correction after it is listed, in the revised wording.
    let third = [
        "members",
        "record",
        "62",
        "--date",
        "2018-06-30",
        "--source",
        "訂正報告",
        "--note",
        "集計誤り",
    ];
    ok(&env, "12:08:00", &third);
    let (out, _) = ok(&env, "12:09:00", ERRATA_EN);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(!v["items"].as_array().unwrap().is_empty(), "{v:#}");
    let text = v.to_string();
    assert!(!text.contains("\"Correction report"), "{text}");
}

#[test]
fn errata_put_each_difference_down_to_the_series_it_reads() {
    let env = Env::new();
    ok(&env, "12:01:00", SEND_EN);
    let status = [
        "hub",
        "set-status",
        "H13",
        "opened",
        "--date",
        "2018-05-15",
        "--source",
        "報道A",
    ];
    ok(&env, "12:02:00", &status);
    let members = [
        "members",
        "record",
        "60",
        "--date",
        "2018-06-30",
        "--source",
        "事務局報告",
    ];
    ok(&env, "12:03:00", &members);
    let (out, _) = ok(&env, "12:04:00", ERRATA_EN);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let items = v["items"].as_array().unwrap();
    assert!(items.len() >= 2, "{v:#}");
    for i in items {
        // The closing note's list of sources names both corrections' sources: both explain it.
        if i["now"].as_str().unwrap().contains("報道A; 事務局報告") {
            assert_eq!(i["reasons"].as_array().unwrap().len(), 2, "{i:#}");
            continue;
        }
        let reasons: Vec<&str> = i["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        let hubs = reasons.iter().filter(|r| r.starts_with("hub:")).count();
        let counts = reasons.iter().filter(|r| r.starts_with("members:")).count();
        assert!(
            hubs == 0 || counts == 0,
            "a difference is put down to one series, not both: {i:#}"
        );
    }
}

#[test]
fn a_group_of_corrections_is_headed_by_their_numbers_in_order() {
    let env = Env::new();
    let send = [
        "report",
        "render",
        "quarterly",
        "--period",
        "FY2018Q1",
        "--lang",
        "ja",
        "--format",
        "html",
    ];
    ok(&env, "12:01:00", &send);
    // Numbered in the order recorded: the member count 【1】, the hub 【2】.
    let members = [
        "members",
        "record",
        "60",
        "--date",
        "2018-06-30",
        "--source",
        "事務局報告",
    ];
    ok(&env, "12:02:00", &members);
    let status = [
        "hub",
        "set-status",
        "H13",
        "opened",
        "--date",
        "2018-05-15",
        "--source",
        "報道A",
    ];
    ok(&env, "12:03:00", &status);
    let errata = [
        "report",
        "errata",
        "quarterly",
        "--period",
        "FY2018Q1",
        "--lang",
        "ja",
        "--format",
        "html",
        "--out",
        "seigo.html",
    ];
    ok(&env, "12:04:00", &errata);
    let sheet = std::fs::read_to_string(env.path("seigo.html")).unwrap();
    assert!(sheet.contains("【1】、【2】"), "{sheet}");
    assert!(!sheet.contains("【2】、【1】"), "{sheet}");
}
