//! A report's required narrative (the briefing's lines to take): a real export without it is
//! refused and writes nothing, `--allow-empty` renders it marked as not written, `--draft` tries
//! it, and the export goes through once the narrative is set.

use crate::common;
use common::*;

/// `report render REPORT --period FY2017Q4 --lang LANG --format FORMAT` plus `extra`.
fn render<'a>(report: &'a str, lang: &'a str, format: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "report", "render", report, "--period", "FY2017Q4", "--lang", lang, "--format", format,
    ];
    args.extend_from_slice(extra);
    args
}

/// The same, of the briefing.
fn briefing<'a>(lang: &'a str, format: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    render("briefing", lang, format, extra)
}

fn ok_rows(env: &Env) -> i64 {
    count(
        &env.db,
        "SELECT count(*) FROM export_log WHERE status = 'ok'",
    )
}

#[test]
fn a_send_without_the_lines_to_take_is_refused_naming_the_section_and_writes_nothing() {
    let env = Env::new();
    env.at(0);
    let before = env.dump();
    for (lang, heading) in [("ja", "対外説明のポイント"), ("en", "Lines to take")] {
        let (code, err) = env.fails(&briefing(lang, "pdf", &[]));
        assert_ne!(code, 0);
        assert!(err.contains(heading), "{err}");
        assert!(err.contains("lines_to_take"), "{err}");
        assert!(
            err.contains(&format!(
                "tenkai narrative set --period FY2017Q4 --section lines_to_take --lang {lang}"
            )),
            "{err}"
        );
        assert!(
            err.contains("--allow-empty") && err.contains("--draft"),
            "{err}"
        );
    }
    // Both languages at once: refused before either is written.
    env.fails(&[
        "report", "render", "briefing", "--period", "FY2017Q4", "--lang", "ja,en",
    ]);
    assert!(!env.path("exports").exists());
    assert_eq!(ok_rows(&env), 0);
    assert_eq!(
        env.dump(),
        before,
        "a refused export must leave the database as it was"
    );
}

#[test]
fn a_check_render_to_another_file_is_refused_too() {
    let env = Env::new();
    env.at(0);
    let out = env.path("briefing.html");
    let (_, err) = env.fails(&briefing("ja", "html", &["--out", out.to_str().unwrap()]));
    assert!(err.contains("対外説明のポイント"), "{err}");
    assert!(!out.exists());
    assert_eq!(ok_rows(&env), 0);
}

#[test]
fn allow_empty_renders_the_section_with_a_visible_not_written_mark() {
    let env = Env::new();
    env.at(0);
    for (lang, mark) in [("ja", "未記入"), ("en", "Not written")] {
        let out = env.path(&format!("briefing.{lang}.html"));
        env.ok(&briefing(
            lang,
            "html",
            &["--allow-empty", "--out", out.to_str().unwrap()],
        ));
        let html = std::fs::read_to_string(&out).unwrap();
        assert!(
            html.contains(&format!("<p><strong>{mark}</strong>")),
            "{html}"
        );
    }
    assert_eq!(ok_rows(&env), 2);
}

#[test]
fn once_the_lines_to_take_are_set_the_send_goes_out_without_the_mark() {
    let env = Env::new();
    env.at(0);
    set_lines_to_take(
        &env,
        "FY2017Q4",
        "en",
        "The Office keeps its target in view.",
    );
    env.at(10);
    // Japanese is still missing: the send in both languages is refused, English alone goes out.
    let (_, err) = env.fails(&[
        "report", "render", "briefing", "--period", "FY2017Q4", "--lang", "ja,en", "--format",
        "html",
    ]);
    assert!(err.contains("(ja)"), "{err}");
    assert_eq!(ok_rows(&env), 0);
    let path = env.ok(&briefing("en", "html", &[]));
    let html = std::fs::read_to_string(env.path(path.trim())).unwrap();
    assert!(html.contains("The Office keeps its target in view."));
    assert!(!html.contains("<strong>Not written</strong>"), "{html}");
    assert_eq!(ok_rows(&env), 1);
}

/// The reports folder with the briefing alone scheduled, from FY2018Q1.
fn briefing_only(env: &Env) -> std::path::PathBuf {
    let reports = reports_copy(env);
    std::fs::remove_file(reports.join("quarterly.toml")).unwrap();
    let def = reports.join("briefing.toml");
    let text = std::fs::read_to_string(&def)
        .unwrap()
        .replace("first_period = \"FY2017Q1\"", "first_period = \"FY2018Q1\"");
    std::fs::write(&def, text).unwrap();
    reports
}

fn schedule(env: &Env, reports: &std::path::Path, args: &[&str]) -> std::process::Output {
    env.cmd_with_reports(reports)
        .arg("schedule")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_scheduled_briefing_waits_for_its_narrative_and_goes_out_once_it_is_set() {
    let env = Env::new();
    let reports = briefing_only(&env);
    env.at_time("2018-07-10T09:30:00+09:00");
    let first = schedule(&env, &reports, &["run", "--now", "2018-07-10T09:30+09:00"]);
    let err = String::from_utf8_lossy(&first.stderr);
    assert_eq!(first.status.code(), Some(0), "{err}");
    assert!(
        err.contains("waiting for its narrative: briefing FY2018Q1"),
        "{err}"
    );
    assert!(err.contains("0 exported, 0 failed"), "{err}");
    assert_eq!(count(&env.db, "SELECT count(*) FROM export_log"), 0);
    assert!(!env.path("exports").exists());

    let list = schedule(
        &env,
        &reports,
        &[
            "list",
            "--now",
            "2018-07-10T09:30+09:00",
            "--format",
            "json",
        ],
    );
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(
        list[0]["waiting_for_narrative"],
        serde_json::json!(["FY2018Q1 ja: lines_to_take", "FY2018Q1 en: lines_to_take"])
    );
    let verify = schedule(&env, &reports, &["verify"]);
    assert_eq!(verify.status.code(), Some(0));
    let out = String::from_utf8_lossy(&verify.stderr);
    assert!(
        out.contains("briefing: waiting for its narrative (FY2018Q1 ja: lines_to_take"),
        "{out}"
    );

    env.at_time("2018-07-10T10:00:00+09:00");
    for (lang, text) in [
        ("ja", "目標の達成を引き続き説明する。"),
        ("en", "The target stays in view."),
    ] {
        set_lines_to_take(&env, "FY2018Q1", lang, text);
    }
    env.at_time("2018-07-10T10:30:00+09:00");
    let second = schedule(&env, &reports, &["run", "--now", "2018-07-10T10:30+09:00"]);
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(second.status.success(), "{err}");
    assert!(err.contains("4 exported, 0 failed"), "{err}");
    assert_eq!(ok_rows(&env), 4);
    let html = std::fs::read_to_string(env.path("exports/briefing/FY2018Q1.en.html")).unwrap();
    assert!(html.contains("The target stays in view."));
    let verify = schedule(&env, &reports, &["verify"]);
    assert!(!String::from_utf8_lossy(&verify.stderr).contains("waiting for its narrative"));
}

/// The text of each page of a PDF (pdftotext's pages, split at form feeds).
fn page_texts(pdftotext: &std::path::Path, pdf: &std::path::Path) -> Vec<String> {
    let text = run_tool(pdftotext, &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"]);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

#[test]
fn a_draft_carries_its_mark_on_every_page_and_a_sent_report_none() {
    let Some(pdftotext) = tool("pdftotext") else {
        return;
    };
    let env = Env::new();
    env.at(0);
    for (lang, mark) in [("ja", "案"), ("en", "DRAFT")] {
        // The quarterly report runs to several pages; the briefing is one, without its lines.
        for report in ["quarterly", "briefing"] {
            let draft = env.path(&format!("{report}.{lang}.draft.pdf"));
            env.ok(&render(
                report,
                lang,
                "pdf",
                &["--draft", "--out", draft.to_str().unwrap()],
            ));
            let sent = env.path(&format!("{report}.{lang}.pdf"));
            env.ok(&render(
                report,
                lang,
                "pdf",
                &["--allow-empty", "--out", sent.to_str().unwrap()],
            ));
            let (drafted, plain) = (
                page_texts(&pdftotext, &draft),
                page_texts(&pdftotext, &sent),
            );
            assert_eq!(drafted.len(), plain.len(), "{report} {lang}");
            assert!(report == "briefing" || drafted.len() > 1, "{report}");
            // Each page: the mark once more than the sent page has (Japanese text may hold 案).
            for (i, (d, s)) in drafted.iter().zip(&plain).enumerate() {
                assert_eq!(
                    d.matches(mark).count(),
                    s.matches(mark).count() + 1,
                    "{report} {lang} page {}",
                    i + 1
                );
            }
            if lang == "en" {
                assert!(plain.iter().all(|p| !p.contains("DRAFT")), "{report}");
            }
            for (how, marked) in [("--draft", true), ("--allow-empty", false)] {
                let html = env.path(&format!("{report}.{lang}{how}.html"));
                env.ok(&render(
                    report,
                    lang,
                    "html",
                    &[how, "--out", html.to_str().unwrap()],
                ));
                let html = std::fs::read_to_string(html).unwrap();
                let banner = format!("<header class=\"draft-mark\"><p>{mark}</p></header>");
                assert_eq!(html.contains(&banner), marked, "{report} {lang} {how}");
                assert_eq!(html.contains("class=\"draft-mark\""), marked);
            }
        }
    }
    // A draft's mark is a pagination artifact: the draft stays a clean PDF/UA file.
    if let Some(pdfua) = installed("PDFUA") {
        for lang in ["ja", "en"] {
            let p = env.path(&format!("quarterly.{lang}.draft.pdf"));
            let out = std::process::Command::new(&pdfua)
                .args(["check", p.to_str().unwrap()])
                .output()
                .unwrap();
            let report = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success() && report.contains("errors=0 warnings=0 info=0"),
                "{report}"
            );
        }
    }
}
