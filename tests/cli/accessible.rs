//! Accessibility, checked by independent clients: every PDF is tagged and passes the `pdfua`
//! checker, its tagged text reads in the order of the HTML, its charts' text alternatives are the
//! HTML's, and axe-core in headless Chromium finds nothing wrong with the HTML.
//!
//! `.ci/run` installs the checkers: `pdfua` (PyPI) in a virtual environment under `target/`, named
//! by `PDFUA`, and axe-core (npm) under `target/`, named by `AXE_JS`.

use crate::common;
use common::{installed, run_tool, tool, Env};
use std::path::{Path, PathBuf};

const KNOWN: &str = "2018-04-10T09:00";

/// Adds nine times the source's 28 hubs (252, in five countries, with their statuses), so that the
/// annex runs over several pages: the 10× data.
fn ten_times(env: &Env) {
    let mut csv = String::from(
        "code,name_ja,name_en,country,kind,operators,status,effective_date,expected_date,note,source\n",
    );
    let countries = ["VN", "ID", "KH", "MM", "IN"];
    let kinds = ["clinic", "hospital", "imaging", "rehabilitation"];
    let statuses = [
        ("opened", "2016-06-01", ""),
        ("planned", "2017-04-01", "2019-04-01"),
        ("feasibility", "2017-10-01", ""),
    ];
    for i in 0..252 {
        let (status, date, expected) = statuses[i % 3];
        csv.push_str(&format!(
            "T{i:03},合成拠点{i}号センター,Synthetic hub {i},{},{},日揮,{status},{date},{expected},,合成データ\n",
            countries[i % 5],
            kinds[i % 4]
        ));
    }
    let path = env.path("ten-times.csv");
    std::fs::write(&path, csv).unwrap();
    env.ok(&["import", "hubs", path.to_str().unwrap()]);
}

/// Renders a report of FY2017Q4 to `NAME.FORMAT`, as known at the fixed moment.
fn render(env: &Env, report: &str, lang: &str, format: &str, name: &str) -> PathBuf {
    render_known(env, report, lang, format, name, KNOWN)
}

fn render_known(
    env: &Env,
    report: &str,
    lang: &str,
    format: &str,
    name: &str,
    known_at: &str,
) -> PathBuf {
    let made = common::render_fy2017q4(env, report, lang, format, known_at);
    let out = env.path(&format!("{name}.{format}"));
    std::fs::rename(&made, &out).unwrap();
    out
}

/// Both reports in both languages, as PDF and HTML, at the source's data: (name, pdf, html).
fn the_four(env: &Env) -> Vec<(String, PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for report in ["quarterly", "briefing"] {
        for lang in ["ja", "en"] {
            let name = format!("{report}-{lang}");
            let pdf = render(env, report, lang, "pdf", &name);
            let html = render(env, report, lang, "html", &name);
            out.push((name, pdf, html));
        }
    }
    out
}

#[test]
fn every_pdf_is_tagged_and_passes_the_pdfua_checker() {
    let (Some(pdfinfo), Some(qpdf), Some(pdfua)) =
        (tool("pdfinfo"), tool("qpdf"), installed("PDFUA"))
    else {
        return;
    };
    let env = Env::new();
    let mut pdfs: Vec<PathBuf> = the_four(&env).into_iter().map(|r| r.1).collect();
    ten_times(&env);
    // The synthetic hubs are recorded now: rendered as known now.
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    for lang in ["ja", "en"] {
        let name = format!("ten-times.{lang}");
        pdfs.push(render_known(&env, "quarterly", lang, "pdf", &name, &now));
    }
    for pdf in &pdfs {
        let p = pdf.to_str().unwrap();
        let info = run_tool(&pdfinfo, &[p]);
        assert!(
            info.lines()
                .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
            "{p} is not tagged:\n{info}"
        );
        assert!(
            info.lines()
                .any(|l| l.starts_with("PDF version:") && l.ends_with("1.7")),
            "{info}"
        );
        run_tool(&qpdf, &["--check", p]);
        let out = std::process::Command::new(&pdfua)
            .args(["check", p])
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "pdfua found something in {p}:\n{report}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Every check ran (a rule that failed to run says "[skip ]") and none found anything.
        assert!(
            report.contains("errors=0 warnings=0 info=0") && !report.contains("[skip"),
            "{p}:\n{report}"
        );
    }
    // The 10× annex crosses pages: its header rows repeat there, as artifacts, and the table's
    // text still reads once, in order.
    let tagged = run_tool(&pdfinfo, &["-struct-text", pdfs[4].to_str().unwrap()]);
    let annex = tagged.matches("\"合成拠点").count();
    assert_eq!(annex, 252, "every synthetic hub once in the tagged text");
    let pages: usize = run_tool(&pdfinfo, &[pdfs[4].to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(pages >= 8, "the 10× report should run over pages ({pages})");
}

/// The text of `pdfinfo -struct-text`: the tagged text in structure order, a line for each
/// marked sequence, without a chart's drawn labels (a figure is read as its text alternative) and
/// list markers (drawn in the PDF, made by CSS in the HTML).
fn tagged_text(listing: &str) -> String {
    let mut out = String::new();
    let mut skip_below: Option<usize> = None;
    for line in listing.lines() {
        let indent = line.len() - line.trim_start().len();
        let s = line.trim();
        if let Some(level) = skip_below {
            if indent > level {
                continue;
            }
            skip_below = None;
        }
        if let Some(text) = s.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            out.push_str(text);
            out.push('\n');
        } else if matches!(s.split([' ', ':']).next(), Some("Figure") | Some("Lbl")) {
            skip_below = Some(indent);
        }
    }
    out
}

/// The text content of an HTML page's body, as a screen reader meets it, without the charts (read
/// as their text alternatives); each element but an inline one (`strong`, `em`, `code`, `a`,
/// `span`) ends with a line break, and so does a `br`.
fn html_text(html: &str) -> String {
    let body = &html[html.find("<body").unwrap()..];
    let mut out = String::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let end = if rest.starts_with("<svg") {
            rest.find("</svg>").unwrap() + "</svg>".len()
        } else {
            rest.find('>').unwrap() + 1
        };
        let name = rest[1..end - 1]
            .trim_start_matches('/')
            .split([' ', '>'])
            .next()
            .unwrap_or_default();
        if !matches!(name, "strong" | "em" | "code" | "a" | "span") {
            out.push('\n');
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_tagged_pdf_reads_in_the_order_of_the_html() {
    let Some(pdfinfo) = tool("pdfinfo") else {
        return;
    };
    let env = Env::new();
    for (name, pdf, html) in the_four(&env) {
        let listing = run_tool(&pdfinfo, &["-struct-text", pdf.to_str().unwrap()]);
        let tagged_words = tagged_text(&listing);
        let page_text = html_text(&std::fs::read_to_string(&html).unwrap());
        let tagged = no_space(&tagged_words);
        let page = no_space(&page_text);
        if tagged != page {
            let at = tagged
                .chars()
                .zip(page.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let around = |s: &str| {
                s.chars()
                    .skip(at.saturating_sub(30))
                    .take(80)
                    .collect::<String>()
            };
            panic!(
                "{name}: the tagged PDF and the HTML part after {at} characters:\n  pdf:  {}\n  html: {}",
                around(&tagged),
                around(&page)
            );
        }
        assert!(tagged.chars().count() > 500, "{name}: {tagged}");
        // The words stay apart where a line wrapped: every word of the tagged text is a word of
        // the HTML (not "inVietnam" for "in Vietnam").
        let html_words: std::collections::HashSet<&str> = page_text.split_whitespace().collect();
        for word in tagged_words.split_whitespace() {
            assert!(
                html_words.contains(word),
                "{name}: the tagged PDF reads {word:?}, which the HTML does not have"
            );
        }
    }
}

/// Each figure's `/Alt` in a PDF, in structure order, read with pikepdf (which `pdfua` runs on).
fn figure_alts(pdfua: &Path, pdf: &Path) -> Vec<String> {
    let python = pdfua.with_file_name("python");
    let script = r#"
import json, sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
def walk(e):
    if isinstance(e, pikepdf.Array):
        for k in e: walk(k)
    elif isinstance(e, pikepdf.Dictionary) and e.get('/Type') not in ('/MCR', '/OBJR'):
        if e.get('/S') == '/Figure':
            print(json.dumps(str(e.get('/Alt')), ensure_ascii=False))
        if '/K' in e: walk(e.K)
walk(pdf.Root.StructTreeRoot.K)
"#;
    let out = run_tool(&python, &["-c", script, pdf.to_str().unwrap()]);
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_chart_says_the_same_in_words_in_the_pdf_and_in_the_html() {
    let Some(pdfua) = installed("PDFUA") else {
        return;
    };
    let env = Env::new();
    for (lang, bars) in [
        ("ja", "国別の医療拠点数：インドネシア 4（開業済み4）"),
        ("en", "Hubs by country: Indonesia 4 (open 4)"),
    ] {
        let pdf = render(&env, "quarterly", lang, "pdf", &format!("q.{lang}"));
        let html = std::fs::read_to_string(render(&env, "quarterly", lang, "html", "q")).unwrap();
        let alts = figure_alts(&pdfua, &pdf);
        // The HTML's charts are images labelled by their titles.
        let titles: Vec<String> = html
            .split("<title id=\"chart-")
            .skip(1)
            .map(|t| {
                let t = &t[t.find('>').unwrap() + 1..];
                t[..t.find("</title>").unwrap()]
                    .replace("&amp;", "&")
                    .replace("&quot;", "\"")
            })
            .collect();
        assert_eq!(alts, titles, "{lang}");
        // The members' one count is a table, not a chart.
        assert_eq!(alts.len(), 2, "{lang}: the progress bar and the hubs");
        assert!(alts.iter().any(|a| a.starts_with(bars)), "{lang}: {alts:?}");
        for (id, n) in [("chart-1", 1), ("chart-2", 2)] {
            assert_eq!(
                html.matches(&format!("aria-labelledby=\"{id}\"")).count(),
                1,
                "{lang}: chart {n}"
            );
        }
    }
}

/// The axe-core violations of an HTML page, run in headless Chromium: the page with axe and a
/// runner that writes the result into the page, whose DOM Chromium dumps.
fn axe(chromium: &Path, axe_js: &Path, page: &Path) -> serde_json::Value {
    let html = std::fs::read_to_string(page).unwrap();
    let runner = r#"<script>
axe.run(document, {resultTypes: ['violations']}).then(r => {
  const out = document.createElement('pre');
  out.id = 'axe-result';
  out.textContent = JSON.stringify(r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))})));
  document.body.appendChild(out);
});
</script>"#;
    let script = format!(
        "<script>{}</script>{runner}</body>",
        std::fs::read_to_string(axe_js).unwrap()
    );
    let checked = page.with_extension("axe.html");
    std::fs::write(&checked, html.replace("</body>", &script)).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--virtual-time-budget=10000",
            &format!("--user-data-dir={}", profile.path().display()),
            "--dump-dom",
            &format!("file://{}", checked.display()),
        ])
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"axe-result\">").unwrap_or_else(|| {
        panic!(
            "axe gave no result for {}: {}",
            page.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    }) + "<pre id=\"axe-result\">".len();
    let json = &dom[start..start + dom[start..].find("</pre>").unwrap()];
    serde_json::from_str(
        &json
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
    .unwrap()
}

#[test]
fn axe_finds_no_violation_in_the_html_of_either_report() {
    let (Some(chromium), Some(axe_js)) = (tool("chromium"), installed("AXE_JS")) else {
        return;
    };
    let env = Env::new();
    for (name, _, html) in the_four(&env) {
        let violations = axe(&chromium, &axe_js, &html);
        assert_eq!(
            violations,
            serde_json::json!([]),
            "{name}: {}",
            serde_json::to_string_pretty(&violations).unwrap()
        );
    }
}

#[test]
fn axe_would_see_a_chart_without_words_and_text_too_faint_to_read() {
    // The check above can fail: the same page with a chart stripped of its text alternative and a
    // note in a faint grey gives exactly those violations.
    let (Some(chromium), Some(axe_js)) = (tool("chromium"), installed("AXE_JS")) else {
        return;
    };
    let env = Env::new();
    let html = render(&env, "quarterly", "ja", "html", "q");
    let page = std::fs::read_to_string(&html).unwrap();
    let broken = page
        .replacen(
            " role=\"img\" aria-labelledby=\"chart-1\"",
            " role=\"img\"",
            1,
        )
        .replacen("<title id=\"chart-1\">", "<desc>", 1)
        .replacen("--muted: #4b5563;", "--muted: #b0b4ba;", 1);
    let broken = {
        // The title closed as a desc.
        let at = broken.find("<desc>").unwrap();
        let end = at + broken[at..].find("</title>").unwrap();
        format!(
            "{}</desc>{}",
            &broken[..end],
            &broken[end + "</title>".len()..]
        )
    };
    let bad = env.path("broken.html");
    std::fs::write(&bad, broken).unwrap();
    let violations = axe(&chromium, &axe_js, &bad);
    let ids: Vec<&str> = violations
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"svg-img-alt"), "{ids:?}");
    assert!(ids.contains(&"color-contrast"), "{ids:?}");
}

#[test]
fn a_rag_status_is_written_out_not_only_coloured() {
    let Some(pdftotext) = tool("pdftotext") else {
        return;
    };
    let env = Env::new();
    for (name, pdf, html) in the_four(&env) {
        let html = std::fs::read_to_string(html).unwrap();
        let labels: Vec<&str> = html
            .split("<span class=\"rag ")
            .skip(1)
            .map(|s| {
                let s = &s[s.find('>').unwrap() + 1..];
                s[..s.find("</span>").unwrap()].trim()
            })
            .collect();
        // A briefing says an achieved target in a sentence of its own (「平成29年2月に達成した。」),
        // without a badge that would say 達成 twice.
        let said = name.starts_with("briefing")
            && (html.contains("に達成した") || html.contains("It was met in"));
        assert!(!labels.is_empty() || said, "{name}: no RAG status shown");
        let text = run_tool(&pdftotext, &[pdf.to_str().unwrap(), "-"]);
        for label in labels {
            assert!(!label.is_empty(), "{name}: a RAG badge without a label");
            assert!(
                text.contains(label),
                "{name}: {label} is not in the PDF's text"
            );
        }
    }
}

#[test]
fn a_name_in_the_other_languages_script_is_marked_with_its_language() {
    let Some(pdfua) = installed("PDFUA") else {
        return;
    };
    let env = Env::new();
    // The Japanese report names H11 in Latin letters; the English one quotes the source in Japanese.
    for (lang, marked, text) in [
        ("ja", "en", "SAKRA WORLD HOSPITAL"),
        ("en", "ja", "「海外における日本の医療拠点構築は"),
    ] {
        let html = std::fs::read_to_string(render(&env, "quarterly", lang, "html", "q")).unwrap();
        assert!(
            html.contains(&format!("<span lang=\"{marked}\">{text}")),
            "{lang}: no <span lang=\"{marked}\"> around {text}"
        );
        let pdf = render(&env, "quarterly", lang, "pdf", &format!("q.{lang}"));
        let spans = common::span_languages(&pdfua, &pdf);
        assert!(spans.iter().any(|l| l == marked), "{lang}: {spans:?}");
    }
}
