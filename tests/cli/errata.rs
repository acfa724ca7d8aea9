//! 正誤表: a sent report against the record now. Three corrections recorded after the export are
//! exactly what the errata list, with the old and new values, their sections and their reasons, in
//! both languages, as JSON and as a PDF sheet; no correction lists none; bad input says what to do.

use crate::common;
use common::{run_tool, tool, Env};

const SENT: &str = "2018-04-10T09:00";

/// Sends REPORT FY2017Q4 in one language as a PDF, as known at SENT (Tokyo): `report render` to
/// the definition's own output path with the clock at SENT. A render with `--out` elsewhere is a
/// check, which the errata never take as sent.
fn send(env: &Env, report: &str, lang: &str) {
    let out = env
        .cmd()
        .env("TENKAI_NOW", format!("{SENT}:00+09:00"))
        .args([
            "report", "render", report, "--period", "FY2017Q4", "--lang", lang, "--format", "pdf",
        ])
        // The briefing's lines to take are not written here: sent marked as not written.
        .arg("--allow-empty")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn errata_json(env: &Env, lang: &str) -> serde_json::Value {
    env.json(&[
        "report",
        "errata",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--lang",
        lang,
        "--format",
        "json",
    ])
}

/// FY2017Q4 exported in both languages as known on 2018-04-10, then three corrections.
fn sent_then_corrected() -> Env {
    let env = Env::new();
    for lang in ["ja", "en"] {
        send(&env, "quarterly", lang);
    }
    env.ok(&[
        "members",
        "record",
        "57",
        "--date",
        "2018-03-31",
        "--source",
        "事務局の訂正報告",
        "--note",
        "会員数の集計誤り",
    ]);
    env.ok(&[
        "hub",
        "set-status",
        "H25",
        "planned",
        "--date",
        "2017-10-01",
        "--precision",
        "month",
        "--note",
        "開設は平成30年度に延期",
        "--source",
        "事業者への確認",
    ]);
    env.ok(&[
        "hub",
        "add",
        "H29",
        "--name-ja",
        "トルコ日本病院",
        "--name-en",
        "Turkey Japan Hospital",
        "--country",
        "TR",
        "--kind",
        "hospital",
        "--partner",
        "日揮",
        "--status",
        "opened",
        "--date",
        "2018-03-01",
        "--precision",
        "month",
        "--source",
        "報道発表",
    ]);
    env
}

fn item<'a>(e: &'a serde_json::Value, location: &str) -> &'a serde_json::Value {
    e["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["location"].as_str().unwrap().starts_with(location))
        .unwrap_or_else(|| panic!("no erratum at {location}: {e:#}"))
}

#[test]
fn three_corrections_are_exactly_what_the_errata_list() {
    let env = sent_then_corrected();
    for lang in ["ja", "en"] {
        let e = errata_json(&env, lang);
        let mut keys: Vec<&str> = e["corrections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["key"].as_str().unwrap())
            .collect();
        keys.sort();
        assert_eq!(keys, ["hub:H25", "hub:H29", "members:nutrition"], "{lang}");
        assert_eq!(e["sent"]["known_at"], "2018-04-10T00:00:00Z");
        assert!(e["sent"]["sha256"].as_str().unwrap().len() == 64);
        let (members, planned, dental, turkey) = match lang {
            "ja" => (
                "栄養改善事業推進プラットフォームの会員企業・団体数",
                "開業予定の医療拠点",
                "歯科研修センター（インドネシア）",
                "トルコ日本病院（トルコ）",
            ),
            _ => (
                "Nutrition platform members",
                "Hubs planned",
                "Dental Training Centre (Indonesia)",
                "Turkey Japan Hospital (Turkey)",
            ),
        };
        // 正 is the cell as the corrected report prints it, with the corrected count's mark.
        let m = item(&e, members);
        assert_eq!(
            (m["was"].as_str(), m["now"].as_str()),
            (Some("56"), Some(if lang == "ja" { "57※2" } else { "57†" }))
        );
        assert_eq!(m["reasons"], serde_json::json!(["members:nutrition"]));
        assert_eq!(
            m["section"],
            if lang == "ja" {
                "1. 概況"
            } else {
                "1. Summary"
            }
        );
        let p = item(&e, planned);
        assert_eq!(
            (p["was"].as_str(), p["now"].as_str()),
            (Some("6"), Some("7"))
        );
        assert_eq!(p["reasons"], serde_json::json!(["hub:H25"]));
        let d = item(&e, dental);
        let (open, planned_word) = if lang == "ja" {
            ("開業済み", "開業予定")
        } else {
            ("Open", "Planned")
        };
        assert!(d["was"].as_str().unwrap().starts_with(open), "{d}");
        assert!(d["now"].as_str().unwrap().starts_with(planned_word), "{d}");
        assert_eq!(d["reasons"], serde_json::json!(["hub:H25"]));
        let t = item(&e, turkey);
        assert_eq!(t["change"], "added");
        assert_eq!(t["reasons"], serde_json::json!(["hub:H29"]));
        // Every erratum has its reason, and nothing else changed.
        for i in e["items"].as_array().unwrap() {
            assert!(!i["reasons"].as_array().unwrap().is_empty(), "{i}");
        }
        let correction = |k: &str| {
            e["corrections"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["key"] == k)
                .unwrap()
                .clone()
        };
        assert_eq!(correction("hub:H25")["source"], "事業者への確認");
        assert_eq!(correction("hub:H25")["note"], "開設は平成30年度に延期");
        assert_eq!(
            correction("members:nutrition")["source"],
            "事務局の訂正報告"
        );
        assert_eq!(correction("members:nutrition")["note"], "会員数の集計誤り");
    }
    // The office's list of errata it owes.
    let owed = env.ok(&["schedule", "verify", "--corrections"]);
    assert!(
        owed.contains("quarterly FY2017Q4 ja:") && owed.contains("quarterly FY2017Q4 en:"),
        "{owed}"
    );
}

#[test]
fn the_errata_sheet_is_a_pdf_like_every_report() {
    let env = sent_then_corrected();
    let Some(pdftotext) = tool("pdftotext") else {
        return;
    };
    for lang in ["ja", "en"] {
        let pdf = env.path(&format!("errata.{lang}.pdf"));
        env.ok(&[
            "report",
            "errata",
            "quarterly",
            "--period",
            "FY2017Q4",
            "--lang",
            lang,
            "--format",
            "pdf",
            "--out",
            pdf.to_str().unwrap(),
        ]);
        let text = run_tool(&pdftotext, &[pdf.to_str().unwrap(), "-"]);
        let words: &[&str] = if lang == "ja" {
            &[
                "正誤表",
                "箇所",
                "誤",
                "正",
                "理由",
                "56",
                "57",
                "トルコ日本病院",
                "（追加）",
                "事業者への確認",
            ]
        } else {
            &[
                "Errata",
                "Where",
                "As sent",
                "Correct",
                "Reason",
                "56",
                "57",
                "Turkey Japan Hospital",
                "(added)",
            ]
        };
        for w in words {
            // The layout wraps the narrow columns: compare without the line breaks and spaces.
            let squeezed: String = text.split_whitespace().collect();
            let w: String = w.split_whitespace().collect();
            assert!(squeezed.contains(&w), "{lang}: {w} not in\n{text}");
        }
        if let Some(qpdf) = tool("qpdf") {
            run_tool(&qpdf, &["--check", pdf.to_str().unwrap()]);
        }
        if let Some(pdffonts) = tool("pdffonts") {
            let fonts = run_tool(&pdffonts, &[pdf.to_str().unwrap()]);
            for r in fonts.lines().skip(2) {
                assert!(
                    r.split_whitespace().next().unwrap().contains('+') && !r.contains("Type 3"),
                    "{r}"
                );
            }
        }
    }
    // HTML too, through the same writer as the reports.
    let html = env.ok(&[
        "report",
        "errata",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--format",
        "html",
        "--out",
        "-",
    ]);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("scope=\"col\">誤</th>"));
}

#[test]
fn no_correction_lists_none_and_still_writes_a_sheet() {
    let env = Env::new();
    send(&env, "quarterly", "ja");
    let e = errata_json(&env, "ja");
    assert_eq!(e["items"].as_array().unwrap().len(), 0);
    assert_eq!(e["corrections"].as_array().unwrap().len(), 0);
    let out = env
        .cmd()
        .args(["report", "errata", "quarterly", "--period", "FY2017Q4"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no corrections"));
    let pdf = env.path("none.pdf");
    env.ok(&[
        "report",
        "errata",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--format",
        "pdf",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    if let Some(pdftotext) = tool("pdftotext") {
        let text = run_tool(&pdftotext, &[pdf.to_str().unwrap(), "-"]);
        assert!(text.contains("正誤はない"), "{text}");
    }
    assert!(!env
        .ok(&["schedule", "verify", "--corrections"])
        .contains("FY2017Q4"));
}

#[test]
fn bad_input_says_what_to_do() {
    let env = Env::new();
    // Never exported.
    let (code, err) = env.fails(&["report", "errata", "quarterly", "--period", "FY2017Q4"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("never sent") && err.contains("--known-at-sent"),
        "{err}"
    );
    // An export of another report.
    send(&env, "briefing", "ja");
    let id = env.ok(&[
        "sql",
        "--format",
        "csv",
        "SELECT max(id) AS id FROM export_log",
    ]);
    let id = id.lines().nth(1).unwrap().trim().to_string();
    let (_, err) = env.fails(&[
        "report",
        "errata",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--since",
        &id,
    ]);
    assert!(err.contains("is report briefing"), "{err}");
    // --now before the sent time.
    send(&env, "quarterly", "ja");
    let (_, err) = env.fails(&[
        "report",
        "errata",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--now",
        "2018-04-01T00:00",
    ]);
    assert!(err.contains("before the report was sent"), "{err}");
    // A file format without a file.
    let (_, err) = env.fails(&[
        "report",
        "errata",
        "quarterly",
        "--period",
        "FY2017Q4",
        "--format",
        "pdf",
    ]);
    assert!(err.contains("--out"), "{err}");
    // A database without the history errata need: it names the table.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER meetings_recorded_now; DROP TRIGGER meetings_in_order;
         ALTER TABLE meetings DROP COLUMN recorded_at",
    )
    .unwrap();
    drop(conn);
    let (_, err) = env.fails(&["report", "errata", "quarterly", "--period", "FY2017Q4"]);
    assert!(
        err.contains("meetings") && err.contains("recorded_at"),
        "{err}"
    );
}
