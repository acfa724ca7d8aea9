//! The words an editor signs in the quarterly reports, the briefings and the errata sheets: what
//! the source says (an agenda, not a decision), the source's order, である調, plain English, and a
//! place or a file named so that a reader finds it. Each test reads the rendered text of the HTML
//! and the PDF, in both languages where it applies.

use crate::common;
use common::{contains, installed, rendered, run_tool, tool, Env};

const KNOWN: &str = "2018-07-13T09:00:00+09:00";
const APRIL: &str = "2018-04-10T09:00:00+09:00";

/// FY2018Q1's news (three openings in May 2018, meeting 14, 60 members) as known on 13 July.
fn news() -> Env {
    common::fy2018q1_news()
}

/// Asserts each text of `rendered` holds every sentence of its language.
fn holds(env: &Env, report: &str, period: &str, known: &str, ja: &[&str], en: &[&str]) {
    for (lang, sentences) in [("ja", ja), ("en", en)] {
        for (format, t) in rendered(env, report, period, lang, known) {
            for s in sentences {
                assert!(
                    contains(&t, s),
                    "{report} {period} {lang} {format}: no {s:?} in {t}"
                );
            }
        }
    }
}

/// Asserts no text of `rendered` holds any of `phrases`.
fn lacks(env: &Env, report: &str, period: &str, known: &str, phrases: &[&str]) {
    for lang in ["ja", "en"] {
        for (format, t) in rendered(env, report, period, lang, known) {
            for p in phrases {
                assert!(
                    !contains(&t, p),
                    "{report} {period} {lang} {format}: {p:?} in {t}"
                );
            }
        }
    }
}

#[test]
fn the_chart_caption_dates_open_hubs_to_their_record_and_the_others_to_their_statement() {
    holds(
        &news(),
        "quarterly",
        "FY2018Q1",
        KNOWN,
        &["国別の医療拠点数（開業済みは平成30年5月までの記録、開業予定・実行可能性調査中は平成30年3月31日時点の記載による）"],
        &["Hubs by country (open: as recorded to May 2018; planned and feasibility study: as stated on 31 March 2018)"],
    );
}

#[test]
fn a_working_group_is_the_business_of_a_meeting_not_its_decision() {
    let env = Env::new();
    holds(
        &env,
        "briefing",
        "FY2017Q4",
        APRIL,
        &["当期にタスクフォースの会合を1回開催した（第13回、平成30年3月22日、持ち回り開催）。議題は訪日外国人に対する適切な医療等の確保に関するワーキンググループの開催である。"],
        &["(meeting 13, 22 March 2018, by circulation). Its business was the convening of the Working Group on Ensuring Appropriate Medical Care for Foreign Visitors."],
    );
    lacks(
        &env,
        "briefing",
        "FY2017Q4",
        APRIL,
        &["開催を決めた", "decided to convene"],
    );
    holds(
        &env,
        "quarterly",
        "FY2017Q4",
        APRIL,
        &["本報告は、その開催を議題とした会合の日を設置の日として数える。"],
        &["This report counts the date of the meeting whose business was to convene the group as its set-up."],
    );
}

#[test]
fn japanese_sentences_end_as_sentences_and_name_the_countries_in_the_sources_order() {
    let env = news();
    holds(
        &env,
        "quarterly",
        "FY2018Q1",
        KNOWN,
        &[
            "ベトナム（3）、インドネシア（4）、ミャンマー（3）、中国（3）、ブラジル（1）、トルコ（拠点なし）、エジプト（拠点なし）、ケニア（拠点なし）",
            "開業済みの日本の医療拠点は24か所である（このほか",
            "開業済み拠点のある国は5か国である（参考指標）。",
            "プラットフォームは平成28年9月に発足した。",
            "拠点名に基づく本報告の分類である。",
            "政府間覚書等の相手国数は出典の示す数である（",
            "平成30年3月31日より後の日付の政府間文書",
        ],
        &["Viet Nam (3), Indonesia (4), Myanmar (3), China (3), Brazil (1), Turkey (no hub), Egypt (no hub), Kenya (no hub)"],
    );
    lacks(
        &env,
        "quarterly",
        "FY2018Q1",
        KNOWN,
        &["相手国数の出典時点", "に発足。", "本報告の分類。"],
    );
}

#[test]
fn english_sentences_keep_their_tense_and_read_as_written() {
    let env = Env::new();
    holds(
        &env,
        "quarterly",
        "FY2017Q4",
        APRIL,
        &[],
        &[
            "Dated only to the fiscal year (the source gives no closer date)",
            "Nutrition Japan Public Private Platform (NJPPP), as the source put it at the end of March 2018: the platform is launching projects with the Nutrition Summit in view. Japan will host the summit alongside the Tokyo 2020 Olympic and Paralympic Games.",
        ],
    );
    holds(
        &env,
        "briefing",
        "FY2016Q4",
        APRIL,
        &[],
        &["One hub opened this quarter, bringing the number open to 20. The target of about 20 Japanese medical hubs abroad by 2020 was met in February 2017."],
    );
    holds(
        &env,
        "quarterly",
        "FY2018Q1",
        KNOWN,
        &[],
        &["As of 31 March 2018, 21 Japanese medical hubs were open abroad; a further 6 were planned and 1 was under a feasibility study."],
    );
    lacks(
        &env,
        "quarterly",
        "FY2018Q1",
        KNOWN,
        &["a further 6 are planned"],
    );
}

#[test]
fn the_news_briefing_asks_whether_india_is_among_the_countries_counted() {
    holds(
        &news(),
        "briefing",
        "FY2018Q1",
        KNOWN,
        &["インドが、平成30年3月31日時点の政府間覚書等の相手国20か国に含まれるか。新しい数を示す資料があるまで、数は20のままとする。"],
        &["Whether India is among the 20 countries with a government memorandum counted on 31 March 2018. The count stays at 20 until a source gives a new one."],
    );
}

#[test]
fn annex_2_names_lines_once_and_the_progress_is_explained() {
    let env = Env::new();
    for lang in ["ja", "en"] {
        for (format, t) in rendered(&env, "quarterly", "FY2017Q4", lang, APRIL) {
            let what = format!("{lang} {format}");
            let (once, twice, progress) = match lang {
                "ja" => (
                    "49〜51、138〜275行",
                    "49〜51行；49〜51、138〜275行",
                    "進捗は、基準（1か所）からの増加数の、目標までの増加数（19か所）に対する割合である。",
                ),
                _ => (
                    "lines 49–51, 138–275",
                    "lines 49–51; lines 49–51, 138–275",
                    "Progress is the increase since the baseline (1 hub) as a share of the increase the target needs (19 hubs).",
                ),
            };
            assert!(contains(&t, once) && !contains(&t, twice), "{what}: {t}");
            assert!(contains(&t, progress), "{what}: {t}");
        }
    }
}

#[test]
fn the_command_of_annex_2_is_code_in_both_languages() {
    let env = Env::new();
    for lang in ["ja", "en"] {
        let out = env.path(&format!("q.{lang}.html"));
        common::render_period(&env, "quarterly", "FY2017Q4", lang, "html", APRIL, &out);
        let html = std::fs::read_to_string(&out).unwrap();
        let code = match lang {
            "ja" => "<code>tenkai sql --as-of 基準日 --known-at 記録時点</code>",
            _ => "<code>tenkai sql --as-of DATE --known-at TIME</code>",
        };
        assert!(html.contains(code), "{lang}: {html}");
    }
    // In the PDF no argument is broken at its hyphen ("--" / "known-at").
    for (format, t) in rendered(&env, "quarterly", "FY2017Q4", "en", APRIL) {
        assert!(
            !t.contains("-- known-at") && !t.contains("--as- of"),
            "{format}: {t}"
        );
    }
}

#[test]
fn the_errata_sheet_names_the_key_point_the_day_once_and_every_file_sent() {
    let env = Env::new();
    env.at_time(APRIL);
    common::write_lines_to_take(&env);
    for report in ["quarterly", "briefing"] {
        env.ok(&[
            "report", "render", report, "--period", "FY2017Q4", "--lang", "ja,en", "--format",
            "html,pdf",
        ]);
    }
    common::correct_march_members(&env, &[]);
    env.at_time("2018-07-20T09:00:00+09:00");
    for lang in ["ja", "en"] {
        for format in ["html", "pdf"] {
            if format == "pdf" && tool("pdftotext").is_none() {
                continue;
            }
            let out = env.path(&format!("errata.{lang}.{format}"));
            env.ok(&[
                "report",
                "errata",
                "briefing",
                "--period",
                "FY2017Q4",
                "--lang",
                lang,
                "--format",
                format,
                "--out",
                out.to_str().unwrap(),
            ]);
            let t = common::file_text(&out).unwrap();
            let what = format!("{lang} {format}");
            let (place, by, sent) = match lang {
                "ja" => (
                    "主なポイント4",
                    "事務局報告（平成30年7月12日）により57に訂正した（同日記録）。",
                    "（注）平成30年4月10日に送付したPDF版及びHTML版（exports/briefing/FY2017Q4.ja.pdf、SHA-256：",
                ),
                _ => (
                    "Key points, item 4",
                    "It is corrected to 57 by a later source, 事務局報告（平成30年7月12日） (in Japanese), recorded the same day.",
                    "Note: the report was sent on 10 April 2018 as PDF and HTML (exports/briefing/FY2017Q4.en.pdf, SHA-256",
                ),
            };
            assert!(
                contains(&t, place) && !contains(&t, "箇条書き") && !contains(&t, "List item"),
                "{what}: {t}"
            );
            assert!(
                contains(&t, by) && !contains(&t, "（平成30年7月12日記録）"),
                "{what}: {t}"
            );
            assert!(contains(&t, sent), "{what}: {t}");
            assert!(
                contains(&t, &format!("exports/briefing/FY2017Q4.{lang}.html")),
                "{what}: {t}"
            );
        }
    }
}

#[test]
fn a_key_figures_name_keeps_its_width_in_the_html() {
    let (Some(node), Some(playwright)) = (tool("node"), installed("PLAYWRIGHT_DIR")) else {
        return;
    };
    let env = news();
    let mut files = Vec::new();
    for lang in ["ja", "en"] {
        let out = env.path(&format!("q.{lang}.html"));
        common::render_period(&env, "quarterly", "FY2018Q1", lang, "html", KNOWN, &out);
        files.push(out);
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("tests/browser/tables.mjs");
    let fonts = root.join("reports/fonts");
    let mut args = vec![
        script.to_str().unwrap(),
        playwright.to_str().unwrap(),
        fonts.to_str().unwrap(),
        "1200,680",
    ];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let out = run_tool(&node, &args);
    let mut measured = 0;
    for line in out.lines() {
        let page: serde_json::Value = serde_json::from_str(line).unwrap();
        for t in page["tables"].as_array().unwrap() {
            if t["class"] != "figures" {
                continue;
            }
            for n in t["names"].as_array().unwrap() {
                measured += 1;
                assert!(
                    n["lines"].as_u64().unwrap() <= 2,
                    "{} at {} px: 「{}」 takes {} lines",
                    page["file"],
                    page["width"],
                    n["text"],
                    n["lines"]
                );
            }
        }
    }
    assert_eq!(measured, 2 * 2 * 9, "{out}");
}
