//! Japanese words and dates stay on one line in the PDF: a katakana word, a date and a number
//! with its counter never break across lines, in running text and in table cells.

use crate::common;
use common::Env;

/// The text of a report's Japanese PDF (pdftotext), or `None` without pdftotext.
fn ja_pdf_text(env: &Env, report: &str, period: &str, known: &str) -> Option<String> {
    let out = env.path(&format!("{report}.{period}.ja.pdf"));
    common::render_period(env, report, period, "ja", "pdf", known, &out);
    common::file_text(&out)
}

/// The named-countries sentence of the FY2017Q4 quarterly broke 「エジプ／ト（拠点なし）」; the
/// PDF's text (pdftotext, each line break read as a space) has the word whole, and no date or
/// katakana word the issue names is broken anywhere.
#[test]
fn katakana_words_and_dates_are_never_broken_across_lines_in_the_japanese_pdf() {
    let env = Env::new();
    let Some(text) = ja_pdf_text(&env, "quarterly", "FY2017Q4", "2018-04-10T09:00:00+09:00") else {
        return;
    };
    assert!(
        text.contains("エジプト（拠点なし）"),
        "エジプト（拠点なし） is not on one line: {text}"
    );
    for broken in [
        "エジプ ト",
        "ワー キング",
        "プラット フォーム",
        "平成30 年",
        "平成 30",
    ] {
        assert!(!text.contains(broken), "{broken} in {text}");
    }
}

/// The editor's round-4 findings in the Japanese PDF's table cells: a name of a figure and the
/// errata's 誤／正 break between phrases (「…プラットフォームの／会員企業・団体数」), never inside a run of
/// kanji (「事／務局報告」, 「医療／拠点」, 「団体／数」) or a katakana word.
#[test]
fn japanese_table_cells_break_between_phrases_in_the_pdf() {
    let env = common::fy2018q1_news();
    let mut texts = Vec::new();
    for (format, t) in common::rendered(&env, "quarterly", "FY2018Q1", "ja", common::FY2018Q1_KNOWN)
    {
        if format == "PDF" {
            texts.push(t);
        }
    }
    let Some(quarterly) = texts.pop() else {
        return;
    };
    assert!(
        quarterly.contains("開業済みの医療拠点") && quarterly.contains("会員企業・団体数"),
        "{quarterly}"
    );
    for broken in [
        "医療 拠点",
        "事業推 進",
        "推進プラット フォーム",
        "会員 企業",
        "団体 数",
        "設置済みのワー キング",
    ] {
        assert!(!quarterly.contains(broken), "{broken} in {quarterly}");
    }
}

/// The editor's round-6 findings in the Japanese briefing's running text: 「平成29年2月に達成し／た※。」
/// (inside the verb) and 「人間／ドックセンター」 (inside a name). Running text breaks between phrases,
/// as table cells do, and a note mark stays with what it marks.
#[test]
fn japanese_running_text_breaks_between_phrases_in_the_pdf() {
    for (env, has) in [
        (Env::new(), "達成した※。"),
        (common::fy2018q1_news(), "人間ドックセンター（ベトナム）"),
    ] {
        let Some(text) = ja_pdf_text(&env, "briefing", "FY2018Q1", common::FY2018Q1_KNOWN) else {
            return;
        };
        assert!(text.contains(has), "{has} is not on one line: {text}");
        for broken in ["達成し た", "達成した ※", "人間 ドック"] {
            assert!(!text.contains(broken), "{broken} in {text}");
        }
    }
}

/// A name (kanji into katakana) is not broken where its phrase fits on a line: §5's quotation
/// starts its own line (round 7, L3).
#[test]
fn a_name_in_a_long_phrase_stays_whole_in_the_pdf() {
    let env = Env::new();
    env.ok(&["init"]);
    let out = common::render_fy2017q4(&env, "quarterly", "ja", "pdf", "2018-04-10T09:00:00+09:00");
    let Some(text) = common::file_text(&out) else {
        return;
    };
    assert!(
        text.contains("「2020年東京オリンピック・パラリンピック競技大会"),
        "{text}"
    );
}

/// A line does not end well short of the margin at a phrase's start when the phrase may break
/// softly inside (「開業予定3か所、実行可能性調査中／1か所」, not 「開業予定3か所、／実行可能性調査中1か所」:
/// round 8, L4), in the office's FY2018Q1 report.
#[test]
fn a_line_takes_a_soft_break_inside_a_phrase_rather_than_end_short() {
    let env = common::fy2018q1_news();
    let Some(text) = ja_pdf_text(&env, "quarterly", "FY2018Q1", common::FY2018Q1_KNOWN) else {
        return;
    };
    assert!(
        text.contains("（このほか開業予定3か所、実行可能性調査中"),
        "{text}"
    );
}
