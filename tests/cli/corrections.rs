//! Corrections after a report was sent, in the order an office makes them: this quarter's news
//! first, then last quarter's error. The 正誤表 explains each difference by the rows that changed
//! that value (not by whatever was recorded since), lists the knock-on differences (the previous
//! quarter's column, the change, the country table, progress), and flags a later report whose
//! previous-quarter column moved. The clock is set with TENKAI_NOW: no test waits for it.

use crate::common;
use common::Env;

/// Runs tenkai at a moment of the test's clock (Asia/Tokyo).
fn at(env: &Env, when: &str, args: &[&str]) -> String {
    env.at_time(&format!("{when}+09:00"));
    env.ok(args)
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

/// (location, was, now, reasons) of a difference.
type Item = (String, String, String, Vec<String>);

/// Each difference of an errata's JSON.
fn items(e: &serde_json::Value) -> Vec<Item> {
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
        let (_, was, now, _) = &items[0];
        // 正 as the corrected report prints it: the count with its note's mark.
        assert_eq!(
            (was.as_str(), now.as_str()),
            ("56", if lang == "ja" { "57※2" } else { "57†" }),
            "{lang}: {items:?}"
        );
        for (location, was, now, reasons) in &items {
            assert_eq!(reasons, &["members:nutrition"], "{location}");
            // The count, or the footer that now names the correction's source beside the document.
            assert!(
                (was.contains("56") && now.contains("57")) || now.contains("事務局報告"),
                "{location}: {was} → {now}"
            );
        }
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
                l.starts_with("栄養改善事業推進プラットフォームの会員企業・団体数")
                    && l.ends_with(column)
            })
            .unwrap_or_else(|| panic!("no {column} difference in {items:?}"))
    };
    let previous = find("：前期");
    assert_eq!((previous.1.as_str(), previous.2.as_str()), ("56", "57※2"));
    assert_eq!(previous.3, ["members:nutrition"]);
    let change = find("：増減");
    assert_eq!((change.1.as_str(), change.2.as_str()), ("+4", "+3"));

    env.at_time("2018-07-20T09:00:00+09:00");
    let verify = env
        .cmd()
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
            "--source",
            "テスト出典",
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
    // The planned count at the end of the quarter before is unknown both as sent and now (six
    // hubs' planned status has no date): 「—」 both times, so no difference to list.
    assert!(
        !items.iter().any(|(l, ..)| l == "開業予定の医療拠点：前期"),
        "{items:?}"
    );
}

/// The text of an HTML report, one line per block (heading, sentence-holding paragraph, list item,
/// table row with its cells joined by " | ", caption, chart description), tags stripped. A chart's
/// drawn labels are left out: its description (`<title>`) says the same in words.
fn html_lines(html: &str) -> Vec<String> {
    let mut html = html.to_string();
    // Drop the charts' drawn labels, keep their descriptions.
    while let Some(start) = html.find("<text") {
        let end = html[start..]
            .find("</text>")
            .map_or(html.len(), |e| start + e + 7);
        html.replace_range(start..end, "");
    }
    for cell_end in ["</td>", "</th>"] {
        html = html.replace(cell_end, " | ");
    }
    let mut lines = Vec::new();
    let mut rest = html.as_str();
    let blocks = [
        "<p",
        "<li",
        "<tr",
        "<h1",
        "<h2",
        "<h3",
        "<figcaption",
        "<title",
    ];
    while let Some((at, tag)) = blocks
        .iter()
        .filter_map(|t| rest.find(t).map(|i| (i, *t)))
        .filter(|(i, t)| {
            // `<p` must not match `<path`, `<polyline`.
            rest[i + t.len()..].starts_with(['>', ' '])
        })
        .min()
    {
        let name = &tag[1..];
        let body_start = at + rest[at..].find('>').unwrap() + 1;
        let end = rest[body_start..]
            .find(&format!("</{name}>"))
            .map_or(rest.len(), |e| body_start + e);
        let mut text = String::new();
        let mut in_tag = false;
        for c in rest[body_start..end].chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = text
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'");
        let text = text.trim().trim_end_matches('|').trim().to_string();
        if !text.is_empty() {
            lines.push(text);
        }
        rest = &rest[body_start..];
    }
    lines
}

fn squeezed(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '|')
        .collect()
}

#[test]
fn the_sheet_lacks_no_difference_a_reader_would_find_between_the_two_files() {
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
    let sent = env.dir.path().join("exports/quarterly/FY2017Q4.ja.html");
    let sent_text = std::fs::read_to_string(&sent).unwrap();
    at(
        &env,
        "2018-07-14T09:00:00",
        &[
            "hub",
            "set-status",
            "--source",
            "テスト出典",
            "H25",
            "planned",
            "--date",
            "2017-10",
            "--note",
            "延期",
        ],
    );
    at(
        &env,
        "2018-07-14T10:00:00",
        &[
            "members",
            "record",
            "--source",
            "テスト出典",
            "57",
            "--date",
            "2018-03-31",
            "--note",
            "集計誤り",
        ],
    );
    let check = env.dir.path().join("check.html");
    at(
        &env,
        "2018-07-20T09:00:00",
        &[
            "report",
            "render",
            "quarterly",
            "--period",
            "FY2017Q4",
            "--format",
            "html",
            "--draft",
            "--out",
            check.to_str().unwrap(),
        ],
    );
    let now_text = std::fs::read_to_string(&check).unwrap();
    let e = errata(&env, "FY2017Q4", "ja");
    let items = items(&e);
    // The lines that print the moment of the record differ by design, and so does the check's
    // draft mark.
    let timeless = |lines: Vec<String>| -> Vec<String> {
        lines
            .into_iter()
            .filter(|l| {
                !l.contains("時点の記録による")
                    && !l.contains("（:known_at）")
                    && !l.contains("記録時点は協定世界時（UTC）")
            })
            .filter(|l| l != "案")
            .collect()
    };
    // A reader compares sentence by sentence. A note added to a table numbers its marks anew (a
    // lone ※ becomes ※1 beside the correction's ※2): no fact changes, and the sheet lists none.
    let unmarked = |s: &str| {
        let mut out = String::new();
        for c in s.chars() {
            if !(c.is_ascii_digit() && out.ends_with('※')) {
                out.push(c);
            }
        }
        out
    };
    let sentences = |lines: Vec<String>| -> Vec<String> {
        lines
            .iter()
            .flat_map(|l| l.split_inclusive('。'))
            .map(|s| unmarked(s.trim()))
            .filter(|s| !s.is_empty())
            .collect()
    };
    let (was, now) = (
        timeless(sentences(html_lines(&sent_text))),
        timeless(sentences(html_lines(&now_text))),
    );
    assert!(
        was.len() > 100,
        "the report's text was read: {} lines",
        was.len()
    );
    let shown = |line: &str, side: fn(&Item) -> &String| {
        let label = squeezed(line.split(" | ").next().unwrap_or(""));
        let line = squeezed(line);
        items.iter().any(|item| {
            let value = squeezed(&unmarked(side(item)));
            // The place as the sheet names it, or the row label it begins with (a table may name
            // the figure more briefly).
            let place = squeezed(item.0.split(['：', '（']).next().unwrap_or(""));
            let here = line.contains(&place) || (!label.is_empty() && place.starts_with(&label));
            // A row is shown as its changed cells, each with its column: 「会員企業・団体数：57」.
            let cells = unmarked(side(item))
                .split(['、', ';'])
                .map(|c| squeezed(c.rsplit(['：', ':']).next().unwrap_or(c)))
                .all(|c| line.contains(&c));
            value.contains(&line) || (here && (line.contains(&value) || cells))
        })
    };
    let mut missing = Vec::new();
    for line in now.iter().filter(|l| !was.contains(l)) {
        if !shown(line, |i| &i.2) {
            missing.push(format!("now: {line}"));
        }
    }
    for line in was.iter().filter(|l| !now.contains(l)) {
        if !shown(line, |i| &i.1) {
            missing.push(format!("was: {line}"));
        }
    }
    assert!(
        missing.is_empty(),
        "differences between the files that the sheet lacks:\n{}",
        missing.join("\n")
    );
    // And the sheet found real differences in the text, not only the figures.
    assert!(
        items.iter().any(|i| i.2.contains("インドネシア（3）")),
        "{items:?}"
    );
}

#[test]
fn the_sheet_gives_each_correction_as_its_reason_with_the_knock_ons_under_it() {
    let env = a_quarter_of_office_work();
    for (lang, reason, follows) in [
        (
            "ja",
            "栄養改善事業推進プラットフォームの会員企業・団体数（平成30年3月31日時点）：資料（336行）は56と記すが、事務局報告により57に訂正した（平成30年7月12日記録）。理由：集計誤り（1団体の計上漏れ）。",
            "【1】による",
        ),
        (
            "en",
            "Nutrition platform members as of 31 March 2018: the source document (line 336) gives 56. It is corrected to 57 by a later source, 事務局報告 (in Japanese), recorded 12 July 2018. 集計誤り（1団体の計上漏れ） (in Japanese).",
            "Follows from Correction 1",
        ),
    ] {
        let out = env.dir.path().join(format!("errata.{lang}.html"));
        at(
            &env,
            "2018-07-20T09:00:00",
            &[
                "report", "errata", "quarterly", "--period", "FY2017Q4", "--lang", lang,
                "--format", "html", "--out", out.to_str().unwrap(),
            ],
        );
        let html = std::fs::read_to_string(&out).unwrap();
        // The sheet's text as a reader reads it, without the marks of Japanese in English.
        let flat = |s: &str| s.split_whitespace().collect::<String>();
        let text = flat(&common::html_text(&html));
        assert!(text.contains(&flat(reason)), "{lang}: {text}");
        assert_eq!(
            text.matches(&flat(reason)).count(),
            1,
            "the reason is given once, at its group's head"
        );
        assert!(text.contains(&flat(follows)), "{lang}");
        // Annex 2 gives the figure in a row of its own: a place of its own, corrected too, as its
        // changed cells with their columns, with no cell separator of the comparison.
        let (was, now) = match lang {
            "ja" => (
                "値：56、出典：336行",
                "値：57、出典：336行（56）を事務局報告により訂正",
            ),
            _ => (
                "Value: 56; Source: line 336",
                "Value: 57; Source: line 336 (56), corrected by a later source, 事務局報告 (in Japanese)",
            ),
        };
        assert!(text.contains(&flat(was)) && text.contains(&flat(now)), "{lang}: {text}");
        assert!(!text.contains('|'), "{lang}: a raw cell separator: {text}");
        // The rows are not drawn as a tree under the first.
        assert!(!text.contains('└'), "{lang}");
        if lang == "en" {
            assert!(!text.contains('【'), "en: Japanese brackets in the English sheet");
            // The user's Japanese note and source are marked as Japanese.
            assert!(
                html.contains("<span lang=\"ja\">集計誤り（1団体の計上漏れ）</span>")
                    && html.contains("<span lang=\"ja\">事務局報告</span>"),
                "{html}"
            );
        }
        assert!(!html.contains("会員数 60") && !html.contains("2018-06-30"), "{lang}");
        // The new value is in 正, not repeated as the reason.
        assert!(!html.contains("会員数 57（"), "{lang}");

        // The PDF sheet says the same: its text, squeezed of the layout's line breaks.
        let Some(pdftotext) = common::tool("pdftotext") else {
            continue;
        };
        let pdf = env.dir.path().join(format!("errata.{lang}.pdf"));
        at(
            &env,
            "2018-07-20T09:00:00",
            &[
                "report", "errata", "quarterly", "--period", "FY2017Q4", "--lang", lang,
                "--format", "pdf", "--out", pdf.to_str().unwrap(),
            ],
        );
        let text: String = common::run_tool(&pdftotext, &[pdf.to_str().unwrap(), "-"])
            .split_whitespace()
            .collect();
        let squeezed = |s: &str| s.split_whitespace().collect::<String>();
        assert!(text.contains(&squeezed(reason)), "{lang}: {text}");
        assert!(text.contains("集計誤り（1団体の計上漏れ）") && text.contains("57"), "{lang}");
        assert!(!text.contains("会員数60"), "{lang}");
    }
}

/// The sheet's words are the glossary's (`errata.*`): an editor who rewords one there sees it on
/// the sheet, in HTML and PDF, with no rebuild.
#[test]
fn the_sheets_words_are_the_glossarys() {
    let env = a_quarter_of_office_work();
    let reports = common::reports_copy(&env);
    let glossary = reports.join("glossary.toml");
    let text = std::fs::read_to_string(&glossary).unwrap();
    std::fs::write(
        &glossary,
        text.replace("ja = \"{label}による\"", "ja = \"{label}による変更\"")
            .replace(
                "en = \"Follows from {label}\"",
                "en = \"Knock-on of {label}\"",
            )
            .replace("en = \"As sent\"", "en = \"In the report sent\""),
    )
    .unwrap();
    env.at_time("2018-07-20T09:00:00+09:00");
    for (lang, words) in [
        ("ja", vec!["【1】による変更"]),
        ("en", vec!["Knock-on of Correction 1", "In the report sent"]),
    ] {
        for format in ["html", "pdf"] {
            let out = env.dir.path().join(format!("errata.{lang}.{format}"));
            env.ok_with_reports(
                &reports,
                &[
                    "report",
                    "errata",
                    "quarterly",
                    "--period",
                    "FY2017Q4",
                    "--lang",
                    lang,
                    "--format",
                    format,
                    "--out",
                    out.to_str().unwrap(),
                ],
            );
            let Some(text) = common::file_text(&out) else {
                continue;
            };
            for w in &words {
                assert!(common::contains(&text, w), "{lang} {format}: {w}: {text}");
            }
        }
    }
}
