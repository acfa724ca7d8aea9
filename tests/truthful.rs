//! Every quarter told truthfully: an unknown figure shown as unknown, the end of the record never
//! read as the end of activity, and every figure credited to the sources of its rows. Each test
//! reads the rendered text (the HTML's, and the PDF's through pdftotext), in both languages.

mod common;
use common::{run_tool, tool, Env};

use common::html_text as text;

/// A report rendered for a period in a language, as known at `known_at`: the HTML's text, and
/// the PDF's (where pdftotext is installed), white space collapsed.
fn rendered(
    env: &Env,
    report: &str,
    period: &str,
    lang: &str,
    known_at: &str,
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for format in ["html", "pdf"] {
        let path = env.path(&format!("{report}.{period}.{lang}.{format}"));
        if format == "pdf" && tool("pdftotext").is_none() {
            continue;
        }
        common::render_period(env, report, period, lang, format, known_at, &path);
        let t = match format {
            "html" => text(&std::fs::read_to_string(&path).unwrap()),
            _ => run_tool(&tool("pdftotext").unwrap(), &[path.to_str().unwrap(), "-"])
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        };
        out.push((if format == "html" { "HTML" } else { "PDF" }, t));
    }
    out
}

/// Whether a rendered text holds a sentence, wherever a line broke in it: in Japanese, where a
/// line may break between any two characters, white space is ignored.
fn contains(text: &str, sentence: &str) -> bool {
    if sentence.is_ascii() {
        return text.contains(sentence);
    }
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    squeeze(text).contains(&squeeze(sentence))
}

/// The cells of the key-figure row that starts with `label` (the HTML's table), after the label.
fn figure_row(html: &str, label: &str) -> Vec<String> {
    let table = &html[html.find("<table class=\"figures\">").unwrap()..];
    let row = &table[table.find(&format!(">{label}</th>")).unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    row.split("<td")
        .skip(1)
        .map(|c| text(&format!("<td{c}")))
        .collect()
}

#[test]
fn a_count_the_record_leaves_open_is_shown_as_unknown_never_as_0() {
    let env = Env::new();
    let known = "2018-04-10T09:00";
    for lang in ["ja", "en"] {
        // FY2016Q4: seven hubs' statuses are dated only "by end of March 2018", so the planned
        // and feasibility counts at 31 March 2017 are not known.
        for report in ["quarterly", "briefing"] {
            for (format, t) in rendered(&env, report, "FY2016Q4", lang, known) {
                for zero in [
                    "開業予定0か所",
                    "実行可能性調査中0か所",
                    "a further 0",
                    "0 is under",
                    "0 are under",
                ] {
                    assert!(!t.contains(zero), "{report} {lang} {format}: {zero}: {t}");
                }
                let unknown = match lang {
                    "ja" => "開業予定・実行可能性調査中の拠点数は、資料に時期の記載がない状況を含むため、平成29年3月31日時点では分からない。",
                    _ => "How many hubs were planned or under a feasibility study on 31 March 2017 is not known",
                };
                assert!(contains(&t, unknown), "{report} {lang} {format}: {t}");
            }
        }
        // FY2017Q4: the counts are known at the end of the quarter, not at the end of the one
        // before: the previous-quarter column shows 「—」 with its note.
        let html = std::fs::read_to_string({
            rendered(&env, "quarterly", "FY2017Q4", lang, known);
            env.path(&format!("quarterly.FY2017Q4.{lang}.html"))
        })
        .unwrap();
        let (planned, feasibility, note) = match lang {
            "ja" => (
                "開業予定の医療拠点",
                "実行可能性調査中の医療拠点",
                "—：その時点の値は記録から分からない",
            ),
            _ => (
                "Hubs planned",
                "Hubs under a feasibility study",
                "—: not known at that date from the record",
            ),
        };
        assert_eq!(figure_row(&html, planned)[..2], ["6", "—"], "{lang}");
        assert_eq!(figure_row(&html, feasibility)[..2], ["1", "—"], "{lang}");
        assert!(text(&html).contains(note), "{lang}");
    }
}

#[test]
fn the_errata_sheet_shows_an_unknown_previous_value_as_unknown() {
    let env = Env::new();
    // A later source dates the feasibility study: it began in December 2017.
    env.at_time("2018-07-02T09:00:00+09:00");
    env.ok(&[
        "hub",
        "set-status",
        "H12",
        "feasibility",
        "--date",
        "2017-12",
        "--source",
        "報道発表 2018-06",
    ]);
    for lang in ["ja", "en"] {
        let out = env.path(&format!("errata.{lang}.html"));
        env.ok(&[
            "report",
            "errata",
            "quarterly",
            "--period",
            "FY2017Q4",
            "--lang",
            lang,
            "--format",
            "html",
            "--known-at-sent",
            "2018-04-10T09:00:00+09:00",
            "--out",
            out.to_str().unwrap(),
        ]);
        let t = text(&std::fs::read_to_string(&out).unwrap());
        let row = match lang {
            "ja" => "実行可能性調査中の医療拠点：前期",
            _ => "Hubs under feasibility study: Previous quarter",
        };
        let at = t.find(row).unwrap_or_else(|| panic!("{lang}: {t}"));
        assert!(
            t[at + row.len()..].trim_start().starts_with("— 1 "),
            "{lang}: {t}"
        );
    }
}
