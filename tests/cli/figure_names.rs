//! One name per figure, the glossary's (`figure.<key>`, with its unit `unit.<key>`), in the key
//! figure table, the indicator table, the sources section and the briefing; the source's words
//! quoted as a quotation; and 「現時点の想定」 no longer naming two things. Each test reads the
//! rendered text of the HTML and the PDF, in both languages.

use crate::common;
use common::{contains, file_text, html_text, Env};

const KNOWN: &str = "2018-04-10T09:00";

/// The key figures in the report's order, with their units.
const KEYS: [(&str, &str); 9] = [
    ("hubs_open", "hubs"),
    ("hubs_planned", "hubs"),
    ("hubs_feasibility", "hubs"),
    ("named_countries_with_hub", "countries"),
    ("mou_countries", "countries"),
    ("letters_of_intent", "countries"),
    ("meetings_held", "meetings"),
    ("working_groups", "groups"),
    ("platform_members", "members"),
];

/// A glossary term in a language, from a reports folder's glossary.
fn term(reports: &std::path::Path, key: &str, lang: &str) -> String {
    let text = std::fs::read_to_string(reports.join("glossary.toml")).unwrap();
    let doc: toml::Table = text.parse().unwrap();
    let (group, name) = key.split_once('.').unwrap();
    doc[group][name][lang].as_str().unwrap().to_string()
}

/// The cells of each body row of the first table of `class` in some HTML, as text.
fn rows(html: &str, class: &str) -> Vec<Vec<String>> {
    let table = &html[html.find(&format!("<table class=\"{class}")).unwrap()..];
    let table = &table[table.find("<tbody>").unwrap()..table.find("</tbody>").unwrap()];
    table
        .split("<tr>")
        .skip(1)
        .map(|r| {
            r.split("</t")
                .filter_map(|c| c.rsplit_once('>').map(|(_, t)| html_text(t)))
                .filter(|c| !c.starts_with('/'))
                .collect()
        })
        .collect()
}

/// Renders a report for FY2017Q4 with a reports folder: its HTML's source and, in both formats,
/// its text.
fn render(env: &Env, reports: &std::path::Path, report: &str, lang: &str) -> (String, Vec<String>) {
    let mut texts = Vec::new();
    let mut html = String::new();
    for format in ["html", "pdf"] {
        let out = env.path(&format!("{report}.{lang}.{format}"));
        env.ok_with_reports(
            reports,
            &[
                "report",
                "render",
                report,
                "--period",
                "FY2017Q4",
                "--lang",
                lang,
                "--format",
                format,
                "--known-at",
                KNOWN,
                "--draft",
                "--force",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        if format == "html" {
            html = std::fs::read_to_string(&out).unwrap();
        }
        texts.extend(file_text(&out));
    }
    (html, texts)
}

/// Each figure's name where a report shows it, checked against the glossary of `reports`.
fn names_are_the_glossarys(env: &Env, reports: &std::path::Path) {
    for lang in ["ja", "en"] {
        let name = |k: &str| term(reports, &format!("figure.{k}"), lang);
        let (html, texts) = render(env, reports, "quarterly", lang);
        let table = rows(&html, "figures");
        for (row, (k, unit)) in table.iter().zip(KEYS) {
            assert_eq!(row[0], name(k), "{lang}: the key-figure table");
            assert_eq!(
                row[1],
                term(reports, &format!("unit.{unit}"), lang),
                "{lang}: unit"
            );
        }
        assert_eq!(table.len(), KEYS.len(), "{lang}");
        let sources = rows(&html[html.find("id=\"sources\"").unwrap()..], "sources");
        for (row, (k, _)) in sources.iter().zip(KEYS) {
            assert_eq!(row[0], name(k), "{lang}: the sources section");
        }
        assert_eq!(
            rows(&html, "indicators")[0][0],
            name("named_countries_with_hub"),
            "{lang}: the indicator table"
        );
        for t in &texts {
            for (k, _) in KEYS {
                assert!(contains(t, &name(k)), "{lang}: {} not in {t}", name(k));
            }
        }
        let (_, texts) = render(env, reports, "briefing", lang);
        let said = match lang {
            "ja" => format!(
                "{}は、平成30年3月31日時点で20か国である。",
                name("mou_countries")
            ),
            _ => format!("{} numbered 20 as of 31 March 2018.", name("mou_countries")),
        };
        for t in &texts {
            assert!(contains(t, &said), "{lang}: {said} not in {t}");
        }
    }
}

#[test]
fn every_figure_is_named_as_the_glossary_names_it_with_its_unit() {
    let env = Env::new();
    names_are_the_glossarys(&env, &common::reports_dir());
    // The names the reports used to give the same figures are gone.
    for lang in ["ja", "en"] {
        let (_, texts) = render(&env, &common::reports_dir(), "quarterly", lang);
        for t in texts {
            for old in [
                "拠点のある例示国（参考指標）",
                "推進対象として例示された国のうち開業済み拠点のある国",
                "栄養改善事業推進プラットフォーム会員数",
                "タスクフォース開催回数",
                "Named countries with a hub ",
                "Nutrition platform members over time (",
            ] {
                assert!(!contains(&t, old), "{lang}: {old} in {t}");
            }
        }
    }
    // A name changed in the glossary is the name everywhere.
    let reports = common::reports_copy(&env);
    let glossary = reports.join("glossary.toml");
    let text = std::fs::read_to_string(&glossary).unwrap();
    std::fs::write(
        &glossary,
        text.replace(
            "ja = \"政府間覚書等の相手国\"",
            "ja = \"覚書等を作成した国\"",
        )
        .replace(
            "en = \"Countries with a government memorandum (MOU or similar)\"",
            "en = \"Countries with an MOU\"",
        ),
    )
    .unwrap();
    names_are_the_glossarys(&env, &reports);
}

#[test]
fn the_expected_value_and_the_expected_progress_have_names_of_their_own() {
    let env = Env::new();
    // The column's head carries the mark of its note, the first of the table's two.
    for (lang, column, caption) in [
        (
            "ja",
            "現時点の想定値※1",
            "（縦線は現時点で想定される進捗 63%、破線は100%）",
        ),
        (
            "en",
            "Expected by now*",
            "(the line marks the progress expected by now, 63%; dashed line: 100%)",
        ),
    ] {
        let (html, texts) = render(&env, &common::reports_dir(), "quarterly", lang);
        assert!(html.contains(&format!(">{column}</th>")), "{lang}");
        for t in texts {
            assert!(contains(&t, caption), "{lang}: {t}");
            assert!(!contains(&t, "現時点の想定 63"), "{lang}: {t}");
        }
    }
}

#[test]
fn the_sources_words_are_quoted_as_a_quotation() {
    let env = Env::new();
    // The quarterly report quotes lines 340–342 (the nutrition platform's work in FY2017).
    let (_, texts) = render(&env, &common::reports_dir(), "quarterly", "ja");
    for t in texts {
        assert!(
            contains(&t, "「インドネシア及びカンボジアにおける工場労働者向け栄養改善プロジェクトの実施に向け、"),
            "quarterly: {t}"
        );
    }
}

/// The English is written, not translated: the phrases an editor flagged are gone, and their
/// rewrites are there, in the HTML and the PDF.
#[test]
fn the_english_is_written_not_translated() {
    let env = Env::new();
    let (_, quarterly) = render(&env, &common::reports_dir(), "quarterly", "en");
    let (_, briefing) = render(&env, &common::reports_dir(), "briefing", "en");
    for t in &quarterly {
        for gone in [
            "not counted as a change of the quarter",
            "the moment of the record",
            "In brackets, the hubs open.",
            "as recorded by",
            "The lines are those of",
        ] {
            assert!(!t.contains(gone), "{gone}: {t}");
        }
        for said in [
            "not counted as this quarter",
            "and the record as it stood at :known_at =",
            "The number after a country is its open hubs.",
            "from the record as it stood on",
            "Line numbers refer to",
        ] {
            assert!(t.contains(said), "{said}: {t}");
        }
    }
    for t in &briefing {
        assert!(!t.contains("as recorded by"), "{t}");
        assert!(
            t.contains("method are in the quarterly progress report"),
            "{t}"
        );
    }
}

#[test]
fn the_asia_health_initiative_has_one_english_name_the_sources() {
    let env = common::Env::new();
    for report in ["quarterly", "briefing"] {
        for (format, t) in common::rendered(&env, report, "FY2017Q4", "en", "2018-04-10T09:00") {
            assert!(
                t.contains("International and Asia Health and Human Well-Being Initiative Council"),
                "{report} {format}: {t}"
            );
            assert!(
                !t.contains("Asia Health Initiative"),
                "{report} {format}: {t}"
            );
        }
    }
}
