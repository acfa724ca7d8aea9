//! The report workbook (issue 34, finding 14), read with openpyxl (in the virtual environment
//! `.ci/run` makes, named by `TENKAI_PYTHON`), in Japanese and English: its cover gives the
//! period as the report does (和暦 in Japanese, English in English), its kinds come in the
//! report's order, every sheet name and heading and the kinds of figure are the glossary's words,
//! and long text wraps in columns narrow enough to print one page wide at a readable size.

use crate::common;
use common::{installed, run_tool, Env};
use serde_json::Value;

const KNOWN: &str = "2018-04-10T09:00";

/// What the test reads of a workbook: each sheet's name, rows (as text), column widths, the
/// cells that wrap, and the rows' heights.
const READ: &str = r#"
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
# A column's width: openpyxl keeps columns of one width as one range.
def widths(ws):
    out = [ws.sheet_format.defaultColWidth or 8.43] * ws.max_column
    for d in ws.column_dimensions.values():
        for c in range(d.min, min(d.max, ws.max_column) + 1):
            out[c - 1] = d.width
    return out
out = []
for ws in wb.worksheets:
    out.append({
        "name": ws.title,
        "rows": [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)],
        "widths": widths(ws),
        "wraps": [[bool(c.alignment.wrap_text) for c in r] for r in ws.iter_rows()],
        "text": [[c.data_type == "s" for c in r] for r in ws.iter_rows()],
        "heights": [ws.row_dimensions[r].height for r in range(1, ws.max_row + 1)],
        "fit": bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage),
        "fit_width": ws.page_setup.fitToWidth or 1, "landscape": ws.page_setup.orientation,
    })
print(json.dumps(out, ensure_ascii=False))
"#;

/// The glossary's words in a language (every term), read from the file as an editor writes it.
fn glossary(lang: &str) -> Vec<String> {
    let text = std::fs::read_to_string(common::reports_dir().join("glossary.toml")).unwrap();
    let prefix = format!("{lang} = \"");
    text.lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .map(|l| l.trim_end_matches('"').to_string())
        .collect()
}

/// The glossary's word for `key` in `lang`.
fn term(key: &str, lang: &str) -> String {
    let text = std::fs::read_to_string(common::reports_dir().join("glossary.toml")).unwrap();
    let at = text.find(&format!("[{key}]\n")).unwrap();
    let prefix = format!("{lang} = \"");
    text[at..]
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap()
        .trim_end_matches('"')
        .to_string()
}

/// The first cell of each body row of the HTML table of class `class`.
fn first_cells(html: &str, class: &str) -> Vec<String> {
    let start = html.find(&format!("<table class=\"{class}\">")).unwrap();
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    let body = &table[table.find("<tbody>").unwrap()..];
    body.split("<tr><td>")
        .skip(1)
        .map(|r| common::html_text(&r[..r.find("</td>").unwrap()]))
        .collect()
}

fn japanese(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}'))
}

/// The sheets of the workbook of FY2017Q4 in `lang`, and the HTML of the same report.
fn workbook(env: &Env, lang: &str) -> Option<(Vec<Value>, String)> {
    let python = installed("TENKAI_PYTHON")?;
    let book = common::render_fy2017q4(env, "quarterly", lang, "xlsx", KNOWN);
    let html = common::render_fy2017q4(env, "quarterly", lang, "html", KNOWN);
    let read = run_tool(&python, &["-c", READ, book.to_str().unwrap()]);
    let sheets: Value = serde_json::from_str(&read).unwrap();
    Some((
        sheets.as_array().unwrap().clone(),
        std::fs::read_to_string(html).unwrap(),
    ))
}

fn rows(sheet: &Value) -> Vec<Vec<String>> {
    serde_json::from_value(sheet["rows"].clone()).unwrap()
}

#[test]
fn the_cover_gives_the_period_as_the_report_does() {
    let env = Env::new();
    env.ok(&["init"]);
    for lang in ["ja", "en"] {
        let Some((sheets, html)) = workbook(&env, lang) else {
            return;
        };
        // The report's cover gives its period in the lead paragraph.
        let lead = html.split("<p class=\"lead\">").nth(1).unwrap();
        let period = common::html_text(&lead[..lead.find("</p>").unwrap()]);
        let cover = rows(&sheets[0]);
        let label = term("workbook.period", lang);
        let row = cover.iter().find(|r| r[0] == label).unwrap();
        assert_eq!(row[1], period, "{lang}: {cover:?}");
        match lang {
            "ja" => assert!(period.starts_with("平成29年度"), "{period}"),
            _ => {
                let words: Vec<&String> = cover.iter().flatten().filter(|c| japanese(c)).collect();
                assert!(words.is_empty(), "Japanese on the English cover: {words:?}");
            }
        }
    }
}

#[test]
fn the_kinds_come_in_the_report_order() {
    let env = Env::new();
    env.ok(&["init"]);
    for lang in ["ja", "en"] {
        let Some((sheets, html)) = workbook(&env, lang) else {
            return;
        };
        let name = term("workbook_sheet.by_kind", lang);
        let sheet = sheets.iter().find(|s| s["name"] == name.as_str()).unwrap();
        let kinds: Vec<String> = rows(sheet)
            .into_iter()
            .skip(1)
            .map(|r| r[0].clone())
            .collect();
        assert_eq!(kinds, first_cells(&html, "by-kind"), "{lang}");
        assert!(kinds.len() > 5, "{kinds:?}");
    }
}

#[test]
fn every_sheet_name_heading_and_kind_is_a_glossary_word() {
    let env = Env::new();
    env.ok(&["init"]);
    for lang in ["ja", "en"] {
        let Some((sheets, _)) = workbook(&env, lang) else {
            return;
        };
        let words = glossary(lang);
        let mut strays = Vec::new();
        for s in &sheets {
            let name = s["name"].as_str().unwrap().to_string();
            if !words.contains(&name) {
                strays.push(format!("sheet {name}"));
            }
            for h in &rows(s)[0] {
                if !words.contains(h) {
                    strays.push(format!("{name}: heading {h}"));
                }
            }
        }
        assert!(strays.is_empty(), "{lang}: not the glossary's: {strays:?}");
        // The sources sheet names each figure's kind, as the glossary words it.
        let sources = rows(sheets.last().unwrap());
        let kind = sources[0]
            .iter()
            .position(|h| *h == term("workbook.figure_kind", lang))
            .unwrap();
        let kinds: std::collections::BTreeSet<&str> =
            sources[1..].iter().map(|r| r[kind].as_str()).collect();
        let named: Vec<String> = ["figure", "target", "indicator"]
            .iter()
            .map(|k| term(&format!("figure_kind.{k}"), lang))
            .collect();
        assert!(
            kinds.iter().all(|k| named.iter().any(|n| n == k)),
            "{lang}: {kinds:?}"
        );
        assert_eq!(kinds.len(), 3, "{lang}: {kinds:?}");
    }
}

#[test]
fn long_text_wraps_in_a_column_that_prints_one_page_wide() {
    let env = Env::new();
    env.ok(&["init"]);
    for lang in ["ja", "en"] {
        let Some((sheets, _)) = workbook(&env, lang) else {
            return;
        };
        for s in &sheets {
            let name = s["name"].as_str().unwrap();
            let widths: Vec<f64> = serde_json::from_value(s["widths"].clone()).unwrap();
            let wraps: Vec<Vec<bool>> = serde_json::from_value(s["wraps"].clone()).unwrap();
            let heights: Vec<Option<f64>> = serde_json::from_value(s["heights"].clone()).unwrap();
            let text: Vec<Vec<bool>> = serde_json::from_value(s["text"].clone()).unwrap();
            // One page wide on A4 landscape (about 150 character widths between narrow
            // margins) at no less than about four fifths of its size.
            let total: f64 = widths.iter().sum();
            assert!(total <= 190.0, "{lang} {name}: {total} wide ({widths:?})");
            assert_eq!(s["fit"], true, "{lang} {name}");
            assert_eq!(s["fit_width"], 1, "{lang} {name}");
            assert_eq!(s["landscape"], "landscape", "{lang} {name}");
            for (r, row) in rows(s).iter().enumerate().skip(1) {
                for (c, v) in row.iter().enumerate() {
                    let w = unicode_width::UnicodeWidthStr::width(v.as_str()) as f64;
                    if !text[r][c] || (w <= widths[c] && !v.contains('\n')) {
                        continue;
                    }
                    // Text longer than its column wraps, and its row is as tall as its lines.
                    assert!(wraps[r][c], "{lang} {name} row {r}: {v:?} does not wrap");
                    let lines = (w / widths[c]).ceil().max(v.lines().count() as f64);
                    let h = heights[r].unwrap_or(15.0);
                    assert!(
                        h >= 15.0 * lines * 0.7,
                        "{lang} {name} row {r}: {h} pt for {lines} lines of {v:?}"
                    );
                }
            }
        }
        // The SQL is there, in a column narrower than its text: the check above saw it wrap.
        let sources = sheets.last().unwrap();
        let sql_col = rows(sources)[0].len() - 1;
        let widths: Vec<f64> = serde_json::from_value(sources["widths"].clone()).unwrap();
        assert!(widths[sql_col] <= 40.0, "{lang}: {widths:?}");
        assert!(rows(sources)[1][sql_col].starts_with("SELECT"));
    }
}
