//! The errata sheet as an editor signs it: the report named by its title and the day it was sent,
//! the file in a footnote, the correction saying where the value sent came from, every place the
//! sent quarterly report and briefing printed the figure, and the user's Japanese marked as such
//! in the English sheet (with a warning).

use crate::common;
use common::{installed, Env};

/// FY2017Q4's quarterly report and briefing sent on 10 April 2018 in both languages, then the
/// March 2018 member count corrected from 56 to 57 on 12 July 2018.
fn sent_then_corrected() -> Env {
    let env = Env::new();
    env.at_time("2018-04-10T09:00:00+09:00");
    for lang in ["ja", "en"] {
        for report in ["quarterly", "briefing"] {
            env.ok(&[
                "report",
                "render",
                report,
                "--period",
                "FY2017Q4",
                "--lang",
                lang,
                "--format",
                "pdf",
                "--allow-empty",
            ]);
        }
    }
    env.at_time("2018-07-12T09:00:00+09:00");
    env.ok(&[
        "members",
        "record",
        "57",
        "--date",
        "2018-03-31",
        "--note",
        "集計誤り（1団体の計上漏れ）",
        "--source",
        "事務局報告",
    ]);
    env.at_time("2018-07-20T09:00:00+09:00");
    env
}

/// `report errata REPORT --period FY2017Q4` as a file; its text and what it said on stderr.
fn sheet(env: &Env, report: &str, lang: &str, format: &str) -> (std::path::PathBuf, String) {
    let out = env.path(&format!("errata.{report}.{lang}.{format}"));
    let done = env
        .cmd()
        .args([
            "report", "errata", report, "--period", "FY2017Q4", "--lang", lang, "--format", format,
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr).to_string();
    assert!(done.status.success(), "{stderr}");
    (out, stderr)
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect()
}

#[test]
fn the_sheet_names_the_report_by_its_title_and_the_day_sent_and_the_file_in_a_footnote() {
    let env = sent_then_corrected();
    for (lang, opening) in [
        (
            "ja",
            "平成30年4月10日に送付した平成29年度第4四半期（平成30年1月〜3月）の「医療国際展開 四半期進捗報告」（注）について、送付時の記録と平成30年7月20日9時時点の記録を比べた。",
        ),
        (
            "en",
            "This sheet corrects “International Expansion of Japanese Healthcare: Quarterly Progress Report” for FY2017 Q4 (Jan–Mar 2018), sent on 10 April 2018.",
        ),
    ] {
        let (html, _) = sheet(&env, "quarterly", lang, "html");
        let html = std::fs::read_to_string(html).unwrap();
        let meta = html.split("<p class=\"meta\">").nth(1).unwrap();
        let meta = &meta[..meta.find("</p>").unwrap()];
        assert!(flat(meta).contains(&flat(opening)), "{lang}: {meta}");
        assert!(!meta.contains("exports/") && !meta.contains("SHA-256"), "{lang}: {meta}");
        // The footnote names the file and its SHA-256.
        let note = html.split("<p class=\"note\">").nth(1).unwrap();
        let note = &note[..note.find("</p>").unwrap()];
        assert!(
            note.starts_with(if lang == "ja" { "（注）" } else { "Note: the report was sent on " })
                && note.contains(if lang == "ja" { "（exports/quarterly/FY2017Q4.ja.pdf、SHA-256：" } else { "(exports/quarterly/FY2017Q4.en.pdf, SHA-256 " }),
            "{lang}: {note}"
        );
    }
}

/// The 正 cell of a figure is what the corrected report prints there, with the note mark the
/// corrected key-figure table gives the corrected count (its second note, after the one on
/// undated statuses); and the sheet's own note is 「（注）」 / "Note:", never a mark that the notes
/// it quotes from the report use.
#[test]
fn the_correct_cell_shows_the_figure_as_the_corrected_report_prints_it() {
    let env = sent_then_corrected();
    for (lang, row, own) in [
        (
            "ja",
            "栄養改善事業推進プラットフォームの会員企業・団体数 56 57※2 【1】",
            "（注）",
        ),
        (
            "en",
            "Nutrition platform members 56 57† Correction 1",
            "Note: the report was sent on",
        ),
    ] {
        for format in ["html", "pdf"] {
            let (file, _) = sheet(&env, "quarterly", lang, format);
            let Some(text) = common::file_text(&file) else {
                continue;
            };
            assert!(common::contains(&text, row), "{lang} {format}: {text}");
            assert!(text.contains(own), "{lang} {format}: {text}");
            for old in ["※ 平成30年4月10日に送付", "”* for", "* Sent on"] {
                assert!(!text.contains(old), "{lang} {format}: {old}: {text}");
            }
        }
    }
}

#[test]
fn the_sent_briefing_gets_its_correction_where_it_printed_the_figure() {
    let env = sent_then_corrected();
    for (lang, was, now, absent, footer) in [
        (
            "ja",
            "栄養改善事業推進プラットフォームの会員企業・団体数は、平成30年3月31日時点で56である。",
            "栄養改善事業推進プラットフォームの会員企業・団体数は、平成30年3月31日時点で57である（資料の56を",
            ["1. 概況", "対外説明のポイント"],
            "出典（末尾の注記）",
        ),
        (
            "en",
            "had 56 member companies and organisations on 31 March 2018.",
            "had 57 member companies and organisations on 31 March 2018 (the source gives 56;",
            ["1. Summary", "Lines to take"],
            "Sources (closing note)",
        ),
    ] {
        for format in ["html", "pdf"] {
            let (file, _) = sheet(&env, "briefing", lang, format);
            let Some(text) = common::file_text(&file) else {
                continue;
            };
            let text = flat(&text);
            assert!(
                text.contains(&flat(was)) && text.contains(&flat(now)),
                "{lang} {format}: {text}"
            );
            // The briefing has no table of key figures: the sheet names no section it lacks. The
            // sources added to the closing note are the footer's, not the last section's.
            for a in absent {
                assert!(!text.contains(&flat(a)), "{lang} {format}: {a}: {text}");
            }
            assert!(text.contains(&flat(footer)), "{lang} {format}: {text}");
        }
    }
}

#[test]
fn the_english_sheet_marks_and_names_the_japanese_it_quotes() {
    let env = sent_then_corrected();
    let (html, stderr) = sheet(&env, "quarterly", "en", "html");
    let html = std::fs::read_to_string(html).unwrap();
    assert!(
        html.contains(
            "(in Japanese), recorded 12 July 2018. <span lang=\"ja\">集計誤り（1団体の計上漏れ）</span> (in Japanese)."
        ),
        "{html}"
    );
    assert!(
        stderr.contains("warning: the English errata sheet quotes 2 text(s) in Japanese"),
        "{stderr}"
    );
    assert!(
        stderr.contains("  「集計誤り（1団体の計上漏れ）」: no English, shown in Japanese (tenkai source english --ja '集計誤り（1団体の計上漏れ）' --en '…')\n")
            && stderr.contains("  「事務局報告」: no English"),
        "{stderr}"
    );
    // The Japanese sheet warns of nothing.
    let (_, stderr) = sheet(&env, "quarterly", "ja", "html");
    assert!(!stderr.contains("warning"), "{stderr}");
    // The PDF tags the same text as Japanese.
    let Some(pdfua) = installed("PDFUA") else {
        return;
    };
    let (pdf, _) = sheet(&env, "quarterly", "en", "pdf");
    let spans = common::span_languages(&pdfua, &pdf);
    assert!(
        spans.iter().filter(|l| *l == "ja").count() >= 2,
        "{spans:?}"
    );
}

#[test]
fn a_corrected_count_names_both_its_sources_in_annex_2() {
    let env = sent_then_corrected();
    for (lang, row) in [
        ("ja", "値：57、出典：336行（56）を事務局報告により訂正"),
        (
            "en",
            "Value: 57; Source: line 336 (56), corrected by a later source, 事務局報告 (in Japanese)",
        ),
    ] {
        for format in ["html", "pdf"] {
            let (file, _) = sheet(&env, "quarterly", lang, format);
            let Some(text) = common::file_text(&file) else {
                continue;
            };
            assert!(flat(&text).contains(&flat(row)), "{lang} {format}: {text}");
        }
    }
    // In the English sheet, tenkai's words are English and the user's source is marked Japanese.
    let html = std::fs::read_to_string(env.path("errata.quarterly.en.html")).unwrap();
    assert!(
        html.contains(
            "Source: line 336 (56), corrected by a later source, <span lang=\"ja\">事務局報告</span> (in Japanese)"
        ),
        "{html}"
    );
}

#[test]
fn the_quarterly_sheet_says_the_briefing_sent_with_it_has_its_own_sheet() {
    let env = sent_then_corrected();
    for (lang, report, says) in [
        (
            "ja",
            "quarterly",
            "同じ期について平成30年4月10日に送付した「医療国際展開 ブリーフィング資料」にも正誤がある（2か所）。その正誤は、同資料の正誤表に示す。",
        ),
        (
            "en",
            "quarterly",
            "“International Expansion of Japanese Healthcare: Briefing”, sent on 10 April 2018 for the same period, has 2 corrections too, listed on its own errata sheet.",
        ),
        (
            "en",
            "briefing",
            "“International Expansion of Japanese Healthcare: Quarterly Progress Report”, sent on 10 April 2018 for the same period, has 7 corrections too, listed on its own errata sheet.",
        ),
        (
            "ja",
            "briefing",
            "同じ期について平成30年4月10日に送付した「医療国際展開 四半期進捗報告」にも正誤がある",
        ),
    ] {
        for format in ["html", "pdf"] {
            let (file, _) = sheet(&env, report, lang, format);
            let Some(text) = common::file_text(&file) else {
                continue;
            };
            assert!(flat(&text).contains(&flat(says)), "{lang} {report} {format}: {text}");
        }
    }
}

/// The Japanese sheet's 誤／正 columns are wider than 箇所, and their text breaks between phrases:
/// never 「事／務局報告」 or 「会員企業・団体／数」.
#[test]
fn the_japanese_sheet_breaks_its_cells_between_phrases() {
    let env = sent_then_corrected();
    let (file, _) = sheet(&env, "quarterly", "ja", "pdf");
    let Some(text) = common::file_text(&file) else {
        return;
    };
    assert!(
        text.contains("事務局報告") && text.contains("会員企業・団体数"),
        "{text}"
    );
    for broken in ["事 務局", "事務 局", "事務局 報告", "団体 数", "会員 企業"] {
        assert!(!text.contains(broken), "{broken} in {text}");
    }
}

/// The note the correction adds to the key figures makes the sent table's lone 「※」 into 「※1」:
/// the Japanese sheet says so under 【1】, after its reason, and counts no place for it (the
/// briefing's sheet still counts 7); the English marks stay ("*" beside the added "†"), so the
/// English sheet says nothing of it.
#[test]
fn a_note_renumbered_by_the_added_note_is_read_anew_under_its_correction() {
    let env = sent_then_corrected();
    let says = "注の追加に伴い、主要指標の既存の注「※」は「※1」と読み替える。";
    for format in ["html", "pdf"] {
        let (file, _) = sheet(&env, "quarterly", "ja", format);
        let Some(text) = common::file_text(&file) else {
            continue;
        };
        let (flat_text, says) = (flat(&text), flat(says));
        let at = flat_text
            .find(&says)
            .unwrap_or_else(|| panic!("{format}: {text}"));
        let (reason, row) = (
            flat_text.find("（1団体の計上漏れ）。").unwrap(),
            flat_text.find("57※2").unwrap(),
        );
        assert!(reason < at && at < row, "{format}: {text}");
        assert_eq!(flat_text.matches(&says).count(), 1, "{format}: {text}");
        let (en, _) = sheet(&env, "quarterly", "en", format);
        if let Some(en) = common::file_text(&en) {
            assert!(
                !en.contains("becomes") && !en.contains("existing note"),
                "{en}"
            );
        }
        let (briefing, _) = sheet(&env, "briefing", "ja", format);
        if let Some(b) = common::file_text(&briefing) {
            assert!(flat(&b).contains("正誤がある（7か所）"), "{b}");
        }
    }
}

/// The sentence each sheet adds to the closing note is the same kind of place in both: 「本文（追加）」 /
/// "Text (added)", in the quarterly sheet and in the briefing's.
#[test]
fn the_closing_note_s_added_sentence_is_named_alike_on_both_sheets() {
    let env = sent_then_corrected();
    for (lang, label) in [("ja", "本文（追加）"), ("en", "Text (added)")] {
        for report in ["quarterly", "briefing"] {
            let (file, _) = sheet(&env, report, lang, "html");
            let text = common::file_text(&file).unwrap();
            let footer = &text[text
                .find(if lang == "ja" {
                    "出典（末尾の注記）"
                } else {
                    "Sources (closing note)"
                })
                .unwrap()..];
            assert!(
                footer.starts_with(&format!(
                    "{} {label}",
                    if lang == "ja" {
                        "出典（末尾の注記）"
                    } else {
                        "Sources (closing note)"
                    }
                )),
                "{lang} {report}: {footer}"
            );
        }
    }
}
