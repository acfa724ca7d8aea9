//! The record tells only what the source says: targets apart from indicators, undated facts never
//! reported as a period's change, what the transcription had left out, a source for every seeded
//! row, a sources-and-methods section whose every figure its printed SQL reproduces, and one
//! language per report.

use crate::common;
use common::{run_tool, tool, Env};
use std::path::Path;

const KNOWN: &str = "2018-04-10T09:00";

/// The source document the seed transcribes, as lines (line 1 first).
fn source_lines() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("db/source/000_0664945caa461b12.txt");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn render(env: &Env, report: &str, lang: &str, format: &str) -> std::path::PathBuf {
    common::render_fy2017q4(env, report, lang, format, KNOWN)
}

fn html(env: &Env, lang: &str) -> String {
    std::fs::read_to_string(render(env, "quarterly", lang, "html")).unwrap()
}

/// The text between `start` and the next `end` after it.
fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let from = s.find(start).unwrap_or_else(|| panic!("no {start:?}")) + start.len();
    let to = s[from..].find(end).unwrap_or_else(|| panic!("no {end:?}")) + from;
    &s[from..to]
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn cells(row: &str) -> Vec<String> {
    row.split("<td")
        .skip(1)
        .map(|c| {
            let c = &c[c.find('>').unwrap() + 1..];
            unescape(&c[..c.find("</td>").unwrap()])
        })
        .collect()
}

#[test]
fn target_status_lists_the_one_target_and_the_countries_measure_apart_as_an_indicator() {
    let env = Env::new();
    let v = env.json(&[
        "target", "status", "--period", "FY2017Q4", "--format", "json",
    ]);
    let targets = v["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 1, "{v:#}");
    let t = &targets[0];
    assert_eq!(t["target"]["name"], "hubs_2020");
    assert_eq!(t["rag"], "achieved");
    assert_eq!(t["forecast"]["kind"], "achieved");
    assert_eq!(t["forecast"]["date"], "2017-02-01");
    let indicators = v["indicators"].as_array().unwrap();
    assert_eq!(indicators.len(), 1);
    let i = &indicators[0];
    assert_eq!(i["indicator"]["name"], "named_countries_with_hub");
    assert_eq!(i["value"], 5.0);
    assert!(i.get("rag").is_none(), "an indicator is not rated: {i:#}");
    // The table shows the two apart, and says what an indicator is.
    let out = env
        .cmd()
        .args(["target", "status", "--period", "FY2017Q4"])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert!(stdout.contains("hubs_2020") && stdout.contains("named_countries_with_hub"));
    assert!(!stdout.contains("priority"), "{stdout}");
    assert!(stderr.contains("not targets"), "{stderr}");
    // Nobody can rate the measure as if it were a target.
    let (_, err) = env.fails(&[
        "target",
        "assess",
        "priority_countries",
        "--period",
        "FY2017Q4",
        "--rating",
        "amber",
    ]);
    assert!(
        err.contains("no target named 'priority_countries'"),
        "{err}"
    );
}

#[test]
fn undated_statuses_are_never_a_change_of_the_quarter() {
    let env = Env::new();
    let ja = html(&env, "ja");
    let figures = between(&ja, "<table class=\"figures\">", "</table>");
    let row = |label: &str| cells(between(figures, label, "</tr>"));
    // FY2017Q4, FY2017Q3, change: 6 planned and 1 under study, but no change of the quarter.
    // At the end of FY2017Q3 the record does not say which of them had their status yet: unknown.
    // Each row: the unit, then this quarter, the one before and the change.
    assert_eq!(row("開業予定の医療拠点"), ["か所", "6", "—", "—※"]);
    assert_eq!(row("実行可能性調査中"), ["か所", "1", "—", "—※"]);
    // Both ends known and equal: no change is 0, not unknown.
    assert_eq!(row("開業済みの医療拠点"), ["か所", "21", "21", "0"]);
    assert_eq!(row("タスクフォースの開催回数"), ["回", "13", "12", "+1"]);
    assert!(ja.contains("※ 資料に時期の記載がない状況を含む"));
    let changes = between(&ja, ">当期の変化</h3>", "<h2");
    assert!(!changes.contains("新たに開業予定として計上"), "{changes}");
    assert!(!changes.contains("実行可能性調査を開始"), "{changes}");
    assert!(changes.contains("当期に状況の変わったことが資料で確認できる拠点はない"));
    let undated = between(changes, "時期の記載がない状況", "</ul>");
    assert_eq!(undated.matches("<li>").count(), 7, "{undated}");
    assert!(
        undated.contains("人間ドックセンター（ベトナム）：平成30年3月末時点で開業予定※（開業予定時期：平成30年度以降）")
    );
    // The quarter after counts them in both columns: no change there either.
    let q1 = env.path("q1.html");
    env.ok(&[
        "report",
        "render",
        "quarterly",
        "--period",
        "FY2018Q1",
        "--format",
        "html",
        "--known-at",
        KNOWN,
        "--out",
        q1.to_str().unwrap(),
    ]);
    let q1 = std::fs::read_to_string(q1).unwrap();
    let figures = between(&q1, "<table class=\"figures\">", "</table>");
    assert_eq!(
        cells(between(figures, "開業予定の医療拠点", "</tr>")),
        // Carried forward from 31 March: the change is not known.
        ["か所", "6（平成30年3月31日時点）", "6", "—※"]
    );
    // The English report says the same.
    let en = html(&env, "en");
    let figures = between(&en, "<table class=\"figures\">", "</table>");
    assert_eq!(
        cells(between(figures, "Hubs planned", "</tr>")),
        ["hubs", "6", "—", "—*"]
    );
    assert!(en.contains("as of end of March 2018"));
    assert!(!en.contains("(date not stated)"));
}

#[test]
fn the_report_shows_what_the_transcription_had_left_out() {
    let env = Env::new();
    for (lang, hold, council, survey, summit) in [
        (
            "ja",
            "後発医薬品工場建設",
            "第2回協議会を開催した。",
            "平成29年度",
            "栄養サミット",
        ),
        (
            "en",
            "Construction of a generic-drug plant",
            "second meeting of the council held",
            "FY2017",
            "Nutrition Summit",
        ),
    ] {
        let h = html(&env, lang);
        let annex = &h[h.find("id=\"annex\"").unwrap()..];
        let hold_row = cells(between(annex, hold, "</tr>"));
        assert_eq!(
            hold_row[..2],
            [
                lang_pick(lang, "アゼルバイジャン", "Azerbaijan"),
                lang_pick(lang, "保留中", "On hold")
            ]
        );
        let platform = between(&h, "id=\"platform\"", "id=\"annex\"");
        assert!(platform.contains(council), "{lang}: {platform}");
        assert!(platform.contains(&lang_pick(lang, "平成30年3月", "March 2018")));
        assert!(
            platform.contains(survey) && platform.contains(summit),
            "{lang}"
        );
    }
    // The hold is not counted among the 28 hubs.
    let v = env.json(&["report", "context", "quarterly", "--period", "FY2017Q4"]);
    assert_eq!(v["figures"]["hubs_listed"], 28);
    assert_eq!(v["other_projects"].as_array().unwrap().len(), 2);
}

fn lang_pick(lang: &str, ja: &'static str, en: &'static str) -> String {
    if lang == "ja" { ja } else { en }.to_string()
}

#[test]
fn every_figure_of_sources_and_methods_is_what_its_printed_sql_gives() {
    let env = Env::new();
    for lang in ["ja", "en"] {
        let h = html(&env, lang);
        let section = &h[h.find("id=\"sources\"").unwrap()..];
        let intro = between(section, "<p>", "</p>");
        let as_of = between(intro, "<strong>", "</strong>").to_string();
        let known_at = between(
            &intro[intro.find("</strong>").unwrap() + 9..],
            "<strong>",
            "</strong>",
        )
        .to_string();
        assert_eq!(as_of, "2018-03-31");
        assert_eq!(known_at, "2018-04-10T00:00:00Z");
        let table = between(section, "<tbody>", "</tbody>");
        let rows: Vec<Vec<String>> = table.split("<tr>").skip(1).map(cells).collect();
        assert_eq!(
            rows.len(),
            11,
            "9 key figures, 1 target, 1 indicator: {rows:?}"
        );
        for row in &rows {
            let (value, metric, source) = (&row[1], &row[2], &row[3]);
            assert!(
                !source.is_empty() && !source.contains("記録なし"),
                "{row:?}"
            );
            let sql = unescape(between(
                section,
                &format!("<p class=\"note\">{metric}<br><code>"),
                "</code></p>",
            ));
            let out = env.ok(&[
                "sql",
                "--as-of",
                &as_of,
                "--known-at",
                &known_at,
                "--format",
                "csv",
                &sql,
            ]);
            let got = out.lines().nth(1).unwrap_or("").trim().to_string();
            assert_eq!(&got, value, "{lang} {metric}: {sql}");
        }
        // The key figures the report shows are the figures of this section.
        let figures = between(&h, "<table class=\"figures\">", "</table>");
        let shown = |label: &str| cells(between(figures, label, "</tr>"))[1].clone();
        let method = |metric: &str| rows.iter().find(|r| r[2] == metric).unwrap()[1].clone();
        let (open, members) = match lang {
            "ja" => (
                "開業済みの医療拠点",
                "栄養改善事業推進プラットフォームの会員企業・団体数",
            ),
            _ => ("Hubs open", "Nutrition platform members"),
        };
        assert_eq!(shown(open), method("hubs_open"));
        assert_eq!(shown(members), method("platform_members"));
    }
    // The briefing points to the section.
    let b = std::fs::read_to_string(render(&env, "briefing", "ja", "html")).unwrap();
    assert!(b.contains("「別添2 数値の出典と算出方法」"));
}

#[test]
fn every_seeded_row_names_its_source_and_every_line_it_names_is_in_the_document() {
    let env = Env::new();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let seeded: Vec<String> = conn
        .prepare(
            "SELECT m.name FROM sqlite_master m WHERE m.type = 'table'
             AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'source')
             AND m.name NOT IN ('metrics')",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for t in [
        "countries",
        "organisations",
        "hub_kinds",
        "hubs",
        "hub_partners",
        "hub_status",
        "meetings",
        "meeting_agenda",
        "working_groups",
        "wg_events",
        "agreements",
        "agreement_counts",
        "policy_documents",
        "platforms",
        "platform_members",
        "platform_events",
        "other_projects",
        "taskforce_members",
        "targets",
        "indicators",
    ] {
        assert!(seeded.iter().any(|s| s == t), "{t} has no source column");
    }
    let lines = source_lines();
    let mut checked = 0;
    for t in &seeded {
        let rows: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap();
        let missing: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM {t} WHERE source IS NULL OR trim(source) = ''"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(missing, 0, "{missing} of {rows} rows of {t} have no source");
        let refs: Vec<String> = conn
            .prepare(&format!("SELECT source FROM {t}"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for r in refs {
            if r == "tenkai" {
                assert_eq!(
                    t, "hub_kinds",
                    "only the kinds are tenkai's own classification"
                );
                continue;
            }
            let rest = r
                .strip_prefix("tf2018-03 ")
                .unwrap_or_else(|| panic!("{t}: {r}"));
            for part in rest.split(", ") {
                let part = part.strip_prefix('L').unwrap_or_else(|| panic!("{t}: {r}"));
                let (a, b) = part.split_once('-').unwrap_or((part, part));
                let (a, b): (usize, usize) = (a.parse().unwrap(), b.parse().unwrap());
                assert!(a >= 1 && a <= b && b <= lines.len(), "{t}: {r}");
                assert!(
                    lines[a - 1..b].iter().any(|l| !l.trim().is_empty()),
                    "{t}: {r} names only blank lines"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 200, "{checked}");
    // Rows the seed quotes are where their references point.
    let hub = |code: &str| -> (String, String) {
        conn.query_row(
            "SELECT name_ja, source FROM hubs WHERE code = ?1",
            [code],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    for code in ["H01", "H12", "H19", "H23", "H28"] {
        let (name, r) = hub(code);
        let range = r.strip_prefix("tf2018-03 L").unwrap();
        let (a, b) = range.split_once('-').unwrap();
        let text = lines[a.parse::<usize>().unwrap() - 1..b.parse().unwrap()].concat();
        assert!(text.contains(&name), "{code} {name} not in lines {range}");
    }
    let l134 = &lines[133];
    assert!(l134.contains("アゼルバイジャン") && l134.contains("保留中"));
    // A row a user adds carries the user's reference.
    env.ok(&[
        "hub",
        "add",
        "H29",
        "--name-ja",
        "日本式検診センター",
        "--country",
        "TR",
        "--kind",
        "screening",
        "--status",
        "planned",
        "--date",
        "2018-06-01",
        "--source",
        "厚生労働省報道発表 2018-06-01",
    ]);
    let show = env.ok(&["hub", "show", "H29"]);
    assert!(show.contains("厚生労働省報道発表 2018-06-01"), "{show}");
}

#[test]
fn a_status_recorded_without_a_date_is_shown_and_counted_as_undated() {
    let env = Env::new();
    env.ok(&[
        "hub",
        "set-status",
        "H14",
        "opened",
        "--date",
        "2018-06-30",
        "--precision",
        "unknown",
        "--source",
        "現地報道",
    ]);
    let list = env.ok(&[
        "hub",
        "list",
        "--as-of",
        "2018-06-30",
        "--country",
        "VN",
        "--format",
        "csv",
    ]);
    assert!(list.contains("平成30年6月末時点"), "{list}");
    let v = env.json(&["report", "context", "quarterly", "--period", "FY2018Q1"]);
    assert_eq!(v["changes"]["opened"].as_array().unwrap().len(), 0);
    assert_eq!(v["changes"]["undated"][0]["code"], "H14");
    assert_eq!(
        v["change"]["hubs_open"],
        serde_json::json!({"value": 0, "undated": true})
    );
    let (_, err) = env.fails(&[
        "hub",
        "set-status",
        "--source",
        "テスト出典",
        "H14",
        "opened",
        "--date",
        "2018-06-30",
        "--precision",
        "week",
    ]);
    assert!(
        err.contains("unknown date precision 'week'") && err.contains("fiscal_year"),
        "{err}"
    );
}

#[test]
fn a_database_seeded_before_the_correction_is_carried_over() {
    let env = Env::empty();
    {
        // The schema and seed as an earlier tenkai made them (migrations 1 to 6).
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        for (i, (_, sql)) in tenkai::store::MIGRATIONS.iter().take(6).enumerate() {
            conn.execute_batch(sql).unwrap();
            conn.pragma_update(None, "user_version", i as i64 + 1)
                .unwrap();
        }
        conn.execute_batch(include_str!("../fixtures/seed-before-0007.sql"))
            .unwrap();
    }
    let before = env.json(&[
        "target",
        "status",
        "--period",
        "FY2017Q4",
        "--known-at",
        KNOWN,
        "--format",
        "json",
    ]);
    // What was known before the correction is still what it was: the report sent then can be
    // made again.
    let names: Vec<&str> = before["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["target"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["hubs_2020", "priority_countries"]);
    let now = env.json(&[
        "target", "status", "--period", "FY2017Q4", "--format", "json",
    ]);
    assert_eq!(now["targets"].as_array().unwrap().len(), 1);
    assert_eq!(
        now["indicators"][0]["indicator"]["name"],
        "named_countries_with_hub"
    );
    assert_eq!(now["indicators"][0]["value"], 5.0);
    let v = env.json(&["report", "context", "quarterly", "--period", "FY2017Q4"]);
    assert_eq!(
        v["change"]["hubs_planned"],
        serde_json::json!({"value": null, "undated": true})
    );
    assert_eq!(v["changes"]["undated"].as_array().unwrap().len(), 7);
    assert!(v["targets"][0]["note"]
        .as_str()
        .unwrap()
        .starts_with("基準は"));
    // Nothing was lost: the seeded rows are all there, and the corrections are new rows.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let n = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        n("SELECT count(*) FROM hub_status WHERE recorded_at = '2018-03-31T15:00:00Z'"),
        28
    );
    // 7 corrections of the undated statuses (0007), 4 of them again with the legend's expected
    // opening, 平成30年度以降 (0008).
    assert_eq!(
        n("SELECT count(*) FROM hub_status WHERE date_precision = 'unknown'"),
        11
    );
    assert_eq!(
        n("SELECT count(*) FROM hub_status WHERE expected_precision = 'from_fiscal_year'"),
        4
    );
    assert_eq!(n("SELECT count(*) FROM hub_dates"), 2);
    assert_eq!(n("SELECT count(*) FROM targets"), 2);
    // The source's 他 after the partners of H05 and H12, and Viet Nam (0020).
    assert_eq!(n("SELECT count(*) FROM hub_partners_others"), 2);
    assert_eq!(
        n("SELECT count(*) FROM countries WHERE iso = 'VN' AND name_en = 'Viet Nam'"),
        1
    );
    assert_eq!(n("SELECT count(*) FROM target_withdrawals"), 1);
}

/// The text of a PDF, from pdftotext.
fn pdf_text(env: &Env, report: &str, lang: &str) -> Option<String> {
    let pdftotext = tool("pdftotext")?;
    let pdf = render(env, report, lang, "pdf");
    Some(run_tool(&pdftotext, &[pdf.to_str().unwrap(), "-"]))
}

/// The text of pdftotext without each page's running header (the first two lines of every page,
/// when every page starts with the same two) and page number (a last line `n/N`).
fn without_furniture(text: &str) -> String {
    let pages: Vec<Vec<&str>> = text
        .split('\u{c}')
        .map(|p| p.lines().filter(|l| !l.trim().is_empty()).collect())
        .filter(|p: &Vec<&str>| !p.is_empty())
        .collect();
    let header = pages.first().map(|p| &p[..p.len().min(2)]).unwrap_or(&[]);
    let repeated = pages.len() > 1 && pages.iter().all(|p| p.starts_with(header));
    let page_number = |l: &str| {
        let parts: Vec<&str> = l.split('/').map(str::trim).collect();
        parts.len() == 2
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    };
    let mut out = String::new();
    for p in &pages {
        let mut lines = &p[if repeated { header.len() } else { 0 }..];
        if lines.last().is_some_and(|l| page_number(l)) {
            lines = &lines[..lines.len() - 1];
        }
        for l in lines {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

/// Runs of `n` or more English words in a row: ASCII words with a letter, which numbers and
/// punctuation between them do not break, and any other script does.
fn ascii_runs(text: &str, n: usize) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let tokens = text.split(|c: char| c.is_whitespace() || !c.is_ascii());
    for t in tokens.chain([""]) {
        if !t.is_empty() && t.chars().any(|c| c.is_ascii_alphabetic()) {
            run.push(t);
        } else if t.is_empty() {
            if run.len() >= n {
                runs.push(run.join(" "));
            }
            run.clear();
        }
    }
    runs
}

/// A Japanese character, but for ・, which the PDF draws as every list's bullet.
fn is_cjk(c: char) -> bool {
    c != '・'
        && matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// A page's number in its footer: `6/7`.
fn is_page_number(line: &str) -> bool {
    line.trim().split_once('/').is_some_and(|(a, b)| {
        !a.is_empty() && !b.is_empty() && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
    })
}

#[test]
fn each_report_speaks_one_language() {
    let env = Env::new();
    // The SQL of the sources section is code: it is the same in both languages, and left out here.
    let sqls: Vec<String> = env
        .ok(&["sql", "--format", "csv", "SELECT sql FROM metrics"])
        .lines()
        .skip(1)
        .map(|l| l.trim_matches('"').replace("\"\"", "\""))
        .collect();
    // A page's running header and footer (the title and the period; `6/7`) may fall inside an
    // SQL statement that runs over a page: they are left out first. pdftotext starts each page
    // after the first with a form feed, then the header's two lines.
    let strip_code = |text: &str| -> String {
        let mut body: Vec<&str> = Vec::new();
        for (i, page) in text.split('\u{c}').enumerate() {
            let lines = page
                .lines()
                .filter(|l| !l.trim().is_empty() && !is_page_number(l));
            body.extend(lines.skip(if i == 0 { 0 } else { 2 }));
        }
        let mut flat = body
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for sql in &sqls {
            let sql = sql.split_whitespace().collect::<Vec<_>>().join(" ");
            flat = flat.replace(&sql, " ");
        }
        flat
    };
    for report in ["quarterly", "briefing"] {
        let Some(ja) = pdf_text(&env, report, "ja") else {
            return;
        };
        // pdftotext puts a space between lines: a sentence wrapped over lines is still one run,
        // and so is one wrapped over a page once the page's header and footer are left out.
        let flat = strip_code(&without_furniture(&ja));
        if report == "quarterly" {
            assert!(
                !flat.contains("SELECT"),
                "an SQL statement was not recognised as code"
            );
        }
        // Names from the source (SAKRA WORLD HOSPITAL, Medical Excellence JAPAN) are shorter.
        let runs = ascii_runs(&flat, 5);
        assert!(
            runs.is_empty(),
            "English in the Japanese {report}: {runs:?}"
        );
        let en = pdf_text(&env, report, "en").unwrap();
        // Japanese in the English report: only a quotation of the source in 「」 followed by its
        // translation, and the 和暦 form of a date beside the date.
        let mut rest = strip_code(&en);
        while let Some(start) = rest.find('「') {
            let end = rest[start..]
                .find('」')
                .map(|e| start + e + '」'.len_utf8())
                .unwrap();
            let after = rest[end..].trim_start();
            assert!(
                after.starts_with('('),
                "a quotation without its translation: {}",
                &rest[start..end]
            );
            rest.replace_range(start..end, " ");
        }
        for era in ["平成", "令和"] {
            while let Some(start) = rest.find(era) {
                let len: usize = rest[start..]
                    .char_indices()
                    .take_while(|(_, c)| is_cjk(*c) || c.is_ascii_digit())
                    .map(|(_, c)| c.len_utf8())
                    .sum();
                rest.replace_range(start..start + len, " ");
            }
        }
        let left: Vec<&str> = rest
            .split(|c: char| !is_cjk(c))
            .filter(|w| !w.is_empty())
            .collect();
        assert!(
            left.is_empty(),
            "Japanese in the English {report}: {left:?}"
        );
    }
}
