//! Tables as a reader sees them (issue 34, finding 10). In the HTML, measured in headless Chromium
//! (driven by playwright-core, which `.ci/run` installs under `target/` and names by
//! `PLAYWRIGHT_DIR`): no table is wider than the page, and no word is broken across lines (so no
//! column is narrower than its longest word), on a 1200 px screen and on A4 paper (680 px between
//! its margins), in Japanese and English. In the PDF, read back with pdftotext: the annex's names
//! and dates are whole on its pages.

use crate::common;
use common::{installed, run_tool, tool, Env};
use std::path::{Path, PathBuf};

const KNOWN: &str = "2018-04-10T09:00";

/// Both reports of FY2017Q4 in `lang` and `format`.
fn renders(env: &Env, lang: &str, format: &str) -> Vec<PathBuf> {
    ["quarterly", "briefing"]
        .iter()
        .map(|r| common::render_fy2017q4(env, r, lang, format, KNOWN))
        .collect()
}

#[test]
fn html_tables_fit_the_page_and_break_no_word() {
    let Some(node) = tool("node") else {
        return;
    };
    let Some(playwright) = installed("PLAYWRIGHT_DIR") else {
        return;
    };
    let env = Env::new();
    env.ok(&["init"]);
    let mut files = renders(&env, "ja", "html");
    files.extend(renders(&env, "en", "html"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (script, fonts) = (
        root.join("tests/browser/tables.mjs"),
        root.join("reports/fonts"),
    );
    let mut args = vec![
        script.to_str().unwrap(),
        playwright.to_str().unwrap(),
        fonts.to_str().unwrap(),
        "1200,680",
    ];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let out = run_tool(&node, &args);
    let mut faults = Vec::new();
    let mut measured = 0;
    for line in out.lines() {
        let page: serde_json::Value = serde_json::from_str(line).unwrap();
        let at = format!("{} at {} px", page["file"], page["width"]);
        if page["page_overflow"].as_f64().unwrap() > 0.0 {
            faults.push(format!("{at}: the page scrolls sideways"));
        }
        for t in page["tables"].as_array().unwrap() {
            measured += 1;
            let (w, room) = (t["width"].as_f64().unwrap(), t["room"].as_f64().unwrap());
            let name = format!("{at}, table {} ({})", t["index"], t["class"]);
            if w > room + 0.5 {
                faults.push(format!("{name}: {w} px wide in {room} px"));
            }
            for b in t["broken"].as_array().unwrap() {
                faults.push(format!(
                    "{name}: column {} breaks 「{}」 over {} lines",
                    b["column"], b["word"], b["lines"]
                ));
            }
            for o in t["overflowing"].as_array().unwrap() {
                faults.push(format!(
                    "{name}: column {} overflows its cell: {}",
                    o["column"], o["text"]
                ));
            }
        }
    }
    // Both reports, both languages, two widths: the quarterly report alone has ten tables.
    assert!(measured >= 2 * 2 * 10, "{measured} tables measured");
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

/// The words of a name or a date: cut at spaces and punctuation, and where katakana begins or
/// ends (大腸がん検診／システムトレーニングセンター); a word of one letter is left out.
fn words(text: &str) -> Vec<String> {
    let kana = |c: char| matches!(c, '\u{30A0}'..='\u{30FF}');
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        let letter = c.is_alphanumeric();
        let joins = word
            .chars()
            .last()
            .is_some_and(|p| letter && kana(p) == kana(c));
        if !joins && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        if letter {
            word.push(c);
        }
    }
    out.push(word);
    out.retain(|w| w.chars().count() > 1);
    out
}

/// The text of the cells of class `name` and `words` in some HTML.
fn name_and_date_cells(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for class in ["name", "words"] {
        let open = format!("<td class=\"{class}\">");
        for part in html.split(&open).skip(1) {
            let cell = &part[..part.find("</td>").unwrap()];
            out.push(common::html_text(cell));
        }
    }
    out
}

/// The annex's pages as pdftotext lays them out: from its heading to the next annex's.
fn annex_pages(pdftotext: &Path, pdf: &Path, starts: &str, next: &str) -> String {
    let text = run_tool(pdftotext, &["-layout", pdf.to_str().unwrap(), "-"]);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let first = pages.iter().position(|p| p.contains(starts)).unwrap();
    let last = pages.iter().position(|p| p.contains(next)).unwrap();
    pages[first..=last].join("\n")
}

#[test]
fn pdf_annex_keeps_names_and_dates_whole() {
    let Some(pdftotext) = tool("pdftotext") else {
        return;
    };
    let env = Env::new();
    env.ok(&["init"]);
    for (lang, annex, sources) in [("ja", "別添1", "別添2"), ("en", "Annex 1", "Annex 2")] {
        let html = common::render_fy2017q4(&env, "quarterly", lang, "html", KNOWN);
        // The annex's cells (the target table's outlook keeps its words too, on another page).
        let html = std::fs::read_to_string(html).unwrap();
        let html = &html[html.find("id=\"annex\"").unwrap()..];
        let cells = name_and_date_cells(&html[..html.find("id=\"sources\"").unwrap_or(html.len())]);
        assert!(cells.len() > 28 * 2, "{lang}: {} cells", cells.len());
        let pdf = common::render_fy2017q4(&env, "quarterly", lang, "pdf", KNOWN);
        let pages = annex_pages(&pdftotext, &pdf, annex, sources);
        // Each word as many times on the annex's pages as in its cells: a word broken across
        // two lines is not found whole.
        let mut wanted = std::collections::BTreeMap::new();
        for w in cells.iter().flat_map(|c| words(c)) {
            *wanted.entry(w).or_insert(0) += 1;
        }
        let broken: Vec<String> = wanted
            .iter()
            .filter(|(w, n)| pages.matches(w.as_str()).count() < **n)
            .map(|(w, n)| format!("{w} ({n}×, found {})", pages.matches(w.as_str()).count()))
            .collect();
        assert!(
            broken.is_empty(),
            "{lang}: words of names and dates broken in the PDF's annex: {broken:?}"
        );
    }
}
