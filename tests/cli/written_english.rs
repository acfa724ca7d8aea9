//! The editor's round-6 wording: English after a colon or a dash mid-sentence goes on in lower
//! case, a key point on a new agreement reads as written English, and a Japanese note mark comes
//! before the full stop it belongs in (「…記録されていない※。」).

use crate::common;

/// Every text of `texts` (HTML and PDF) has each of `has` and none of `not`.
fn reads(texts: &[(&str, String)], has: &[&str], not: &[&str]) {
    for (format, text) in texts {
        for h in has {
            assert!(common::contains(text, h), "{format}: no {h}: {text}");
        }
        for n in not {
            assert!(!common::contains(text, n), "{format}: {n}: {text}");
        }
    }
}

#[test]
fn english_goes_on_in_lower_case_after_a_colon_mid_sentence() {
    let env = common::fy2018q1_news();
    let quarterly = common::rendered(&env, "quarterly", "FY2018Q1", "en", common::FY2018Q1_KNOWN);
    reads(
        &quarterly,
        &[
            "as the source put it at the end of March 2018: the platform is launching",
            "India, memorandum of cooperation (MOC)",
            "Named countries with an open hub: of the 8 countries",
        ],
        &["2018: The platform", "India, Memorandum", "hub: Of the"],
    );
    let briefing = common::rendered(&env, "briefing", "FY2018Q1", "en", common::FY2018Q1_KNOWN);
    reads(
        &briefing,
        &[
            "Azerbaijan: construction of a generic-drug plant is on hold",
            "Japan and India have a memorandum of cooperation (MOC) dated 12 June 2018, titled",
        ],
        &["Azerbaijan: Construction", "is dated 12 June 2018"],
    );
}

#[test]
fn the_japanese_note_mark_comes_before_the_full_stop_in_the_briefing() {
    let env = common::Env::new();
    let briefing = common::rendered(&env, "briefing", "FY2018Q1", "ja", common::FY2018Q1_KNOWN);
    reads(
        &briefing,
        &["北斗リハビリテーションセンター（ロシア）：開業予定時期（平成30年5月）を過ぎたが、開業は記録されていない※。"],
        &["記録されていない。※"],
    );
}
