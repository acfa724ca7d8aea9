//! Where the PDF's pages break: a heading is never the last line of a page, a short table (a
//! dozen countries and their total) is not split, and a target's bar stays with its note. Read
//! page by page through pdftotext.

use crate::common;
use common::{run_tool, tool, Env};

/// Each page's lines, without blank lines, the running header (the first line) and the page
/// number (the last).
fn pages(pdf: &std::path::Path) -> Option<Vec<Vec<String>>> {
    let (pdftotext, pdfinfo) = (tool("pdftotext")?, tool("pdfinfo")?);
    let path = pdf.to_str().unwrap();
    let info = run_tool(&pdfinfo, &[path]);
    let n: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    let page = |p: usize| {
        let p = p.to_string();
        let text = run_tool(&pdftotext, &["-layout", "-f", &p, "-l", &p, path, "-"]);
        let lines: Vec<String> = text
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect();
        lines[1..lines.len() - 1].to_vec()
    };
    Some((1..=n).map(page).collect())
}

/// The page (from 1) of the first line that `hit` accepts.
fn page_of(pages: &[Vec<String>], hit: impl Fn(&str) -> bool, what: &str) -> usize {
    pages
        .iter()
        .position(|p| p.iter().any(|l| hit(l)))
        .unwrap_or_else(|| panic!("{what} is on no page"))
        + 1
}

/// The headings of a rendered HTML file (h2 to h4), as text.
fn headings(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in ["h2", "h3", "h4"] {
        for part in html.split(&format!("<{tag}")).skip(1) {
            let inner = &part[part.find('>').unwrap() + 1..];
            let inner = &inner[..inner.find(&format!("</{tag}>")).unwrap()];
            out.push(common::html_text(inner));
        }
    }
    out
}

/// FY2016Q4, FY2017Q4, FY2018Q1 (the seed) and FY2018Q1 with the office's news, in both
/// languages.
/// `seed` is a database of the seed alone, `news` one with FY2018Q1's news.
fn renders(seed: &Env, news: &Env) -> Vec<(String, std::path::PathBuf, std::path::PathBuf)> {
    let mut out = Vec::new();
    for (env, period, known, name) in [
        (seed, "FY2016Q4", "2018-04-10T09:00:00+09:00", "FY2016Q4"),
        (seed, "FY2017Q4", "2018-04-10T09:00:00+09:00", "FY2017Q4"),
        (seed, "FY2018Q1", common::FY2018Q1_KNOWN, "FY2018Q1"),
        (news, "FY2018Q1", common::FY2018Q1_KNOWN, "FY2018Q1.news"),
    ] {
        for lang in ["ja", "en"] {
            let file = |f: &str| {
                let p = env.path(&format!("quarterly.{name}.{lang}.{f}"));
                common::render_period(env, "quarterly", period, lang, f, known, &p);
                p
            };
            out.push((format!("{name}.{lang}"), file("html"), file("pdf")));
        }
    }
    out
}

#[test]
fn no_heading_is_the_last_line_of_a_page() {
    if tool("pdftotext").is_none() || tool("pdfinfo").is_none() {
        return;
    }
    let (seed, news) = (Env::new(), common::fy2018q1_news());
    for (name, html, pdf) in renders(&seed, &news) {
        let mut heads = headings(&std::fs::read_to_string(&html).unwrap());
        // A one-line lead-in to a list is a heading too.
        heads.extend(["今後を見据えた取組", "Looking ahead"].map(String::from));
        let pages = pages(&pdf).unwrap();
        for (n, p) in pages.iter().enumerate() {
            let last = p.last().cloned().unwrap_or_default();
            assert!(
                !heads.contains(&last),
                "{name}: the heading {last:?} ends page {}",
                n + 1
            );
        }
    }
}

#[test]
fn a_short_table_and_a_targets_bar_and_note_are_not_split() {
    if tool("pdftotext").is_none() || tool("pdfinfo").is_none() {
        return;
    }
    let (seed, news) = (Env::new(), common::fy2018q1_news());
    for (name, _, pdf) in renders(&seed, &news) {
        let pages = pages(&pdf).unwrap();
        let en = name.ends_with(".en");
        // The table of hubs by country: its first row and its total on one page.
        let (first, total, caption, source) = if en {
            (
                "Indonesia (named)",
                "Total",
                ": progress",
                ". Source: 「海外",
            )
        } else {
            ("インドネシア（例示国）", "計", "：進捗", "出典：「海外")
        };
        let first_row = page_of(&pages, |l| l.starts_with(first), first);
        let total_row = page_of(
            &pages,
            |l| {
                l.strip_prefix(total)
                    .is_some_and(|r| r.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            },
            total,
        );
        assert_eq!(
            first_row, total_row,
            "{name}: the table of hubs by country is split"
        );
        // The target's bar (its caption) and the note giving the target's source.
        let bar = page_of(&pages, |l| l.contains(caption), caption);
        let note = page_of(&pages, |l| l.contains(source), source);
        assert_eq!(bar, note, "{name}: the target's bar and its note are split");
    }
}

#[test]
fn a_note_on_a_lists_last_item_is_on_that_items_page() {
    if tool("pdftotext").is_none() || tool("pdfinfo").is_none() {
        return;
    }
    let (seed, news) = (Env::new(), common::fy2018q1_news());
    let mut seen = 0;
    for (name, _, pdf) in renders(&seed, &news) {
        let pages = pages(&pdf).unwrap();
        // The working group set up by a meeting's business (§4: its last item ends with the
        // meeting), and the note on its date.
        let (item_ends, note) = if name.ends_with(".en") {
            ("meeting", "* The source gives the meeting’s business")
        } else {
            ("回会合）", "※ 資料は会合の議題に")
        };
        for (n, page) in pages.iter().enumerate() {
            let Some(at) = page.iter().position(|l| l.starts_with(note)) else {
                continue;
            };
            seen += 1;
            let before = if at > 0 { page[at - 1].as_str() } else { "" };
            assert!(
                before.trim_end_matches(|c: char| c.is_ascii_digit() || c == ')' || c == ' ').ends_with(item_ends),
                "{name}: the note on p. {} does not follow its list item on that page (before it: {before:?})",
                n + 1
            );
        }
    }
    assert!(seen >= 4, "the note was found in {seen} renders");
}
