//! Reports an editor would sign: dates no more precise than the source, partners not operators,
//! 和暦 and no codes in the Japanese text, every label from the glossary, the annex laid out, an
//! unambiguous summary, and a briefing with a minister's sections on one page.

use crate::common;
use common::{run_tool, tool, Env};

const KNOWN: &str = "2018-04-10T09:00";

fn render(env: &Env, report: &str, lang: &str, format: &str) -> std::path::PathBuf {
    common::render_fy2017q4(env, report, lang, format, KNOWN)
}

/// The four renders' HTML and (where pdftotext is installed) PDF text, by (report, lang).
fn renders(env: &Env) -> Vec<(String, String, String, Option<String>)> {
    let pdftotext = tool("pdftotext");
    let mut out = Vec::new();
    for report in ["quarterly", "briefing"] {
        for lang in ["ja", "en"] {
            let html = std::fs::read_to_string(render(env, report, lang, "html")).unwrap();
            let pdf = pdftotext.as_ref().map(|t| {
                let p = render(env, report, lang, "pdf");
                run_tool(t, &[p.to_str().unwrap(), "-"])
            });
            out.push((report.to_string(), lang.to_string(), html, pdf));
        }
    }
    out
}

/// The text of some HTML, tags dropped and entities read.
fn text(html: &str) -> String {
    common::html_text(html)
}

/// The body of a report: the part a reader reads, without the style sheet, up to the sources section.
fn body(html: &str) -> &str {
    let start = html.find("<body").unwrap();
    let end = html.find("id=\"sources\"").unwrap_or(html.len());
    &html[start..end]
}

/// The glossary's words in a language.
fn glossary(lang: &str) -> Vec<String> {
    let text = std::fs::read_to_string(common::reports_dir().join("glossary.toml")).unwrap();
    let doc: toml::Table = text.parse().unwrap();
    let mut words = Vec::new();
    for group in doc.values() {
        for term in group.as_table().unwrap().values() {
            words.push(term[lang].as_str().unwrap().to_string());
        }
    }
    words
}

#[test]
fn no_date_is_more_precise_than_the_source_gives_it() {
    let env = Env::new();
    for (report, lang, html, pdf) in renders(&env) {
        // The target was met by a hub opened in 平成29年2月: the month, never a day.
        for t in [Some(text(&html)), pdf].into_iter().flatten() {
            assert!(
                !t.contains("平成29年2月1日") && !t.contains("1 February 2017"),
                "{report} {lang}"
            );
        }
        let met = if lang == "ja" {
            "平成29年2月に達成"
        } else {
            "February 2017"
        };
        assert!(html.contains(met), "{report} {lang}");
    }
}

#[test]
fn the_organisations_are_partners_not_operators() {
    let env = Env::new();
    for (report, lang, html, pdf) in renders(&env) {
        for t in [Some(text(&html)), pdf].into_iter().flatten() {
            assert!(
                !t.contains("運営") && !t.contains("Operator"),
                "{report} {lang}"
            );
        }
    }
    let q = std::fs::read_to_string(render(&env, "quarterly", "ja", "html")).unwrap();
    assert!(
        q.contains("<th scope=\"col\">主な関係機関・企業</th>"),
        "{q}"
    );
    let q = std::fs::read_to_string(render(&env, "quarterly", "en", "html")).unwrap();
    assert!(q.contains("Japanese partners"));
    // The store says the same.
    assert!(env
        .ok(&[
            "sql",
            "SELECT count(*) AS n FROM hub_partners",
            "--format",
            "csv"
        ])
        .contains("n\n40"));
    let (_, err) = env.fails(&["sql", "SELECT * FROM hub_operators"]);
    assert!(err.contains("no such table"), "{err}");
}

#[test]
fn the_japanese_text_uses_wareki_and_no_codes_outside_the_sources_section() {
    let env = Env::new();
    for (report, lang, html, pdf) in renders(&env) {
        if lang != "ja" {
            continue;
        }
        let t = text(body(&html));
        for (i, w) in t.char_indices() {
            // An ISO date or month: 2018-03, 2018-03-31.
            let rest = &t[i..];
            let iso = rest.len() >= 7
                && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                && rest.as_bytes()[4] == b'-'
                && rest.as_bytes()[5..7].iter().all(u8::is_ascii_digit);
            assert!(
                !iso,
                "{report}: an ISO date in the Japanese text: {}",
                &rest[..20.min(rest.len())]
            );
            let _ = w;
        }
        assert!(!t.contains("FY20") && !t.contains("JST"), "{report}: {t}");
        assert!(t.contains("平成29年度第4四半期"), "{report}");
        if let Some(pdf) = pdf {
            let before_sources = pdf.split("別添2 数値の出典と算出方法").next().unwrap();
            assert!(!before_sources.contains("FY2017"), "{report}");
            assert!(
                !before_sources.contains("2018-03"),
                "{report}: the chart axis"
            );
        }
    }
}

#[test]
fn every_column_status_and_kind_label_is_a_glossary_term() {
    let env = Env::new();
    for (report, lang, html, _) in renders(&env) {
        let words = glossary(&lang);
        let mut checked = 0;
        // Every column head.
        for thead in html.split("<thead>").skip(1) {
            let thead = &thead[..thead.find("</thead>").unwrap()];
            for th in thead.split("<th").skip(1) {
                let label = text(&th[th.find('>').unwrap() + 1..th.find("</th>").unwrap()]);
                // A head may carry the mark of its note (現時点の想定値※1, Expected by now*).
                let label = label.trim().split('※').next().unwrap_or("");
                let label = label.trim_end_matches(['*', '†', '‡']);
                assert!(
                    words.iter().any(|w| w == label),
                    "{report} {lang}: column '{label}'"
                );
                checked += 1;
            }
        }
        // Every status in the annex, and every kind in the kinds table.
        if report == "quarterly" {
            let annex = &html[html.find("id=\"annex\"").unwrap()..];
            let annex = &annex[..annex.find("</table>").unwrap()];
            for row in annex.split("<tr>").skip(2) {
                let cells: Vec<&str> = row.split("<td").skip(1).collect();
                let status = text(
                    &cells[3][cells[3].find('>').unwrap() + 1..cells[3].find("</td>").unwrap()],
                );
                // A footnote's mark (※3, ‡) follows the label; it is not part of it.
                let label = status
                    .trim()
                    .trim_end_matches(['※', '1', '2', '3', '*', '†', '‡']);
                assert!(
                    words.contains(&label.to_string()),
                    "{lang}: status '{status}'"
                );
                checked += 1;
            }
            let kinds = &html[html.find("class=\"by-kind\"").unwrap()..];
            let kinds = &kinds[kinds.find("<tbody>").unwrap()..kinds.find("</tbody>").unwrap()];
            for row in kinds.split("<tr>").skip(1) {
                let kind = text(&row[row.find("<td>").unwrap() + 4..row.find("</td>").unwrap()]);
                assert!(
                    words.contains(&kind.trim().to_string()),
                    "{lang}: kind '{kind}'"
                );
                checked += 1;
            }
        }
        // The briefing gives its one target as a sentence, with no table.
        assert!(
            checked >= 5 || report == "briefing",
            "{report} {lang}: {checked}"
        );
    }
    // A template that asks for a term the glossary lacks fails, naming the term.
    let reports = env.path("reports");
    common::copy_dir(&common::reports_dir(), &reports);
    let t = reports.join("templates/quarterly.html");
    let text = std::fs::read_to_string(&t).unwrap();
    std::fs::write(
        &t,
        text.replace("term(\"column.total\")", "term(\"column.totl\")"),
    )
    .unwrap();
    let out = env
        .cmd_with_reports(&reports)
        .args([
            "report",
            "render",
            "quarterly",
            "--period",
            "FY2017Q4",
            "--format",
            "html",
            "--out",
            "-",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("'column.totl'") && err.contains("column.total"),
        "{err}"
    );
}

#[test]
fn the_annex_tells_hubs_apart_and_gives_every_date_the_source_gives() {
    let env = Env::new();
    let ja = std::fs::read_to_string(render(&env, "quarterly", "ja", "html")).unwrap();
    let annex = &ja[ja.find("id=\"annex\"").unwrap()..];
    assert!(annex.contains(">消化器内視鏡トレーニングセンター（1）</td>"));
    assert!(annex.contains(">消化器内視鏡トレーニングセンター（2）</td>"));
    // Two openings under one label: the months, and the note's mark (the status says open).
    assert!(annex.contains("平成26年8月、平成27年9月※1"));
    assert_eq!(
        annex.matches("平成30年度以降（予定）").count(),
        4,
        "the legend's 平成30年度以降の開業予定"
    );
    // Open hubs first, then planned, then under study.
    let (open, planned, study) = (
        annex.find("開業済み").unwrap(),
        annex.find(">開業予定").unwrap(),
        annex.find(">実行可能性調査中<").unwrap(),
    );
    assert!(open < planned && planned < study);
    let en = std::fs::read_to_string(render(&env, "quarterly", "en", "html")).unwrap();
    assert!(en.contains("Gastrointestinal Endoscopy Training Centre (1)"));
    assert_eq!(en.matches("FY2018 or later (expected)").count(), 4);
}

#[test]
fn the_english_summary_says_which_hubs_are_open() {
    let env = Env::new();
    let en = text(&std::fs::read_to_string(render(&env, "quarterly", "en", "html")).unwrap());
    assert!(
        en.contains("Twenty-one Japanese medical hubs are open abroad; a further 6 are planned and 1 is under a feasibility study."),
        "{en}"
    );
}

#[test]
fn the_briefing_has_a_ministers_sections_on_one_page() {
    let env = Env::new();
    env.ok(&[
        "narrative",
        "set",
        "--period",
        "FY2017Q4",
        "--section",
        "lines_to_take",
        "--lang",
        "ja",
        "--text",
        "目標の20か所程度は既に達成している。",
    ]);
    // Rendered as known now, after the lines to take were written.
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    for lang in ["ja", "en"] {
        let html = std::fs::read_to_string(common::render_fy2017q4(
            &env, "briefing", lang, "html", &now,
        ))
        .unwrap();
        let mut at = 0;
        for id in [
            "headline",
            "key-points",
            "targets",
            "risks",
            "next",
            "lines",
        ] {
            let i = html
                .find(&format!("id=\"{id}\""))
                .unwrap_or_else(|| panic!("{lang}: no {id}"));
            assert!(i > at, "{lang}: {id} out of order");
            at = i;
        }
        assert!(
            !html.contains("<svg"),
            "{lang}: the chart belongs to the quarterly report"
        );
        let t = text(&html);
        let (points, risk, next, contact) = match lang {
            "ja" => (
                "<li>",
                "トルコ、エジプト、ケニア",
                "平成30年5月：北斗リハビリテーションセンター（ロシア）の開業予定",
                "問合せ先",
            ),
            _ => (
                "<li>",
                "Turkey, Egypt, Kenya",
                "May 2018: Hokuto Rehabilitation Centre (Russia) is expected to open",
                "Contact",
            ),
        };
        let key_points =
            &html[html.find("id=\"key-points\"").unwrap()..html.find("id=\"targets\"").unwrap()];
        // The quarter's news (a meeting, the council's meeting), then the MOU countries and the
        // members where they stand.
        assert_eq!(
            key_points.matches(points).count(),
            4,
            "{lang}: {key_points}"
        );
        assert!(
            t.contains(risk) && t.contains(next) && t.contains(contact),
            "{lang}: {t}"
        );
        if lang == "ja" {
            assert!(t.contains("目標の20か所程度は既に達成している。"));
        } else {
            assert!(t.contains("Not written (the office writes them)."));
        }
        if let Some(pdfinfo) = tool("pdfinfo") {
            let pdf = common::render_fy2017q4(&env, "briefing", lang, "pdf", &now);
            let info = run_tool(&pdfinfo, &[pdf.to_str().unwrap()]);
            assert!(info.contains("Pages:           1"), "{lang}: {info}");
        }
    }
}

/// Where `what` first appears in `text` (after `from`), or a failure naming it.
fn at(text: &str, what: &str, from: usize, report: &str) -> usize {
    match text[from..].find(what) {
        Some(i) => from + i,
        None => panic!("{report}: no {what:?} after byte {from}"),
    }
}

#[test]
fn list_bullets_belong_to_the_language_of_the_text() {
    let env = Env::new();
    for (report, lang, _, pdf) in renders(&env) {
        let Some(pdf) = pdf else { continue };
        let starts = |c: char| {
            pdf.lines()
                .filter(|l| l.trim_start().starts_with(c))
                .count()
        };
        let (own, other) = match lang.as_str() {
            "ja" => ('・', '•'),
            _ => ('•', '・'),
        };
        if report == "quarterly" {
            assert!(starts(own) > 0, "{report} {lang}: no list bulleted {own}");
        }
        assert_eq!(starts(other), 0, "{report} {lang}: a list bulleted {other}");
    }
}

#[test]
fn the_target_keeps_its_bar_and_note_and_the_annexes_come_last() {
    let env = Env::new();
    for (report, lang, _, pdf) in renders(&env) {
        let Some(t) = pdf.filter(|_| report == "quarterly") else {
            continue;
        };
        let (caption, source, indicators, platforms, annexes) = match lang.as_str() {
            "ja" => (
                "：進捗",
                "出典：「",
                "担当室が独自に追う指標",
                "5. 官民連携のプラットフォーム",
                ["別添1 医療拠点一覧", "別添2 数値の出典と算出方法"],
            ),
            _ => (
                ": progress",
                ". Source:",
                "The office tracks these measures for itself",
                "5. Public-private platforms",
                ["Annex 1: All hubs", "Annex 2: Sources and methods"],
            ),
        };
        // The bar's caption and the target's source note come before the indicators.
        let bar = at(&t, caption, 0, &report);
        assert!(
            at(&t, source, bar, &report) < at(&t, indicators, 0, &report),
            "{lang}"
        );
        // Sections 1 to 5, then the two annexes, and nothing numbered after them.
        let first = at(&t, annexes[0], at(&t, platforms, 0, &report), &report);
        let second = at(&t, annexes[1], first, &report);
        assert!(
            !t[second..].contains("6. "),
            "{lang}: a section 6 after the annexes"
        );
    }
}

#[test]
fn the_country_chart_is_sorted_by_what_it_is_labelled_with() {
    let env = Env::new();
    for (report, lang, html, _) in renders(&env) {
        if report != "quarterly" {
            continue;
        }
        // The chart's text alternative gives each bar's label: 「インドネシア 4（開業済み4）、…」.
        let (name, sep, open) = match lang.as_str() {
            "ja" => ("国別の医療拠点数：", "、", "（"),
            _ => ("Hubs by country: ", ", ", " ("),
        };
        let title = html.split(name).nth(1).unwrap();
        let rows = &title[..title.find("</title>").unwrap()];
        let totals: Vec<i64> = rows
            .split(sep)
            .filter_map(|r| r.split(open).next()?.rsplit(' ').next()?.parse().ok())
            .collect();
        assert!(totals.len() >= 3, "{lang}: {rows}");
        assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{lang}: {rows}");
    }
}

#[test]
fn a_series_of_fewer_than_three_points_is_no_chart() {
    let env = Env::new();
    for lang in ["ja", "en"] {
        let (chart, empty, head) = match lang {
            "ja" => (
                "栄養改善事業推進プラットフォームの会員企業・団体数の推移",
                "会員数の記録なし",
                "会員企業・団体数",
            ),
            _ => (
                "Nutrition platform members over time",
                "No member counts recorded",
                "Members",
            ),
        };
        // FY2017Q4 has one member count: a small table, not a chart.
        let html = std::fs::read_to_string(render(&env, "quarterly", lang, "html")).unwrap();
        assert!(!html.contains(chart), "{lang}: a chart of one point");
        assert!(html.contains("<table class=\"members\">"), "{lang}");
        if let Some(pdftotext) = tool("pdftotext") {
            let pdf = render(&env, "quarterly", lang, "pdf");
            let t = run_tool(&pdftotext, &[pdf.to_str().unwrap(), "-"]);
            assert!(t.contains(head) && !t.contains(chart), "{lang}");
        }
        // FY2016Q4 has none: nothing is drawn, not an empty box.
        let out = env.path(&format!("fy2016q4.{lang}.html"));
        common::render_period(&env, "quarterly", "FY2016Q4", lang, "html", KNOWN, &out);
        let html = std::fs::read_to_string(&out).unwrap();
        assert!(!html.contains(empty) && !html.contains(chart), "{lang}");
        assert!(!html.contains("<table class=\"members\">"), "{lang}");
    }
}
