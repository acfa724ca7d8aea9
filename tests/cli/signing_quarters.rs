//! What an editor checks before signing each quarter's reports: the notes of the key figures, the
//! platforms' events of the quarter, the outlook the source gives and its date, the correction
//! note's English. Each test reads the rendered text of the HTML and the PDF, in both languages.

use crate::common;
use common::{contains, rendered, section, Env, FY2018Q1_KNOWN as KNOWN};

/// The moment FY2016Q4's and FY2017Q4's drafts are made at.
const APRIL: &str = "2018-04-10T09:00:00+09:00";

/// Records the secretariat's correction of the March 2018 member count, with its English reason.
fn correct_march_members(env: &Env) {
    common::correct_march_members(
        env,
        &[
            "--note-en",
            "Counting error: one member had been left out.",
            "--source-en",
            "Secretariat's report (12 July 2018)",
        ],
    );
}

/// FY2017Q4's reports sent for real on 10 April 2018, in the languages given (`ja,en`).
fn sent_in_april(env: &Env, reports: &[&str], langs: &str) {
    env.at_time(APRIL);
    common::write_lines_to_take(env);
    for report in reports {
        env.ok(&[
            "report", "render", report, "--period", "FY2017Q4", "--lang", langs, "--format",
            "html,pdf",
        ]);
    }
}

/// The text of FY2017Q4's errata sheet for a report sent, made on 20 July 2018 (`None` for a PDF
/// where pdftotext is not installed).
fn errata_text(env: &Env, report: &str, lang: &str, format: &str) -> Option<String> {
    env.at_time("2018-07-20T09:00:00+09:00");
    let out = env.path(&format!("errata.{report}.{lang}.{format}"));
    let path = out.to_str().unwrap();
    env.ok(&[
        "report", "errata", report, "--period", "FY2017Q4", "--lang", lang, "--format", format,
        "--out", path,
    ]);
    common::file_text(&out)
}

/// FY2018Q1's news with short sources, then the correction, as known on 13 July 2018.
fn news() -> Env {
    let env = common::fy2018q1_news();
    correct_march_members(&env);
    env
}

/// The key-figure table and its notes, up to the next section.
fn key_figures<'a>(t: &'a str, lang: &str) -> &'a str {
    match lang {
        "ja" => section(t, "主要指標", "2. 政策目標"),
        _ => section(t, "Key figure", "2. Progress"),
    }
}

/// The mark that follows `after` in `text` (「※2」, "†"): the note marks are numbered elsewhere.
fn mark_after<'a>(text: &'a str, after: &str) -> &'a str {
    let rest = &text[text
        .find(after)
        .unwrap_or_else(|| panic!("no {after} in {text}"))
        + after.len()..];
    let end = rest.find(' ').unwrap_or(rest.len());
    &rest[..end]
}

/// A later record that gives no count (the India MOC of 12 June 2018, meeting 14) does not make
/// the carried note false: it says no later record gives the figure, and points to the list of
/// later documents. The planned count is counted to the record's end like the open one.
#[test]
fn the_carried_note_says_no_later_record_gives_the_figure_and_planned_hubs_count_to_the_record_end()
{
    let env = news();
    for lang in ["ja", "en"] {
        for (format, t) in rendered(&env, "quarterly", "FY2018Q1", lang, KNOWN) {
            let what = format!("news {lang} {format}");
            let table = key_figures(&t, lang);
            let (carried, pointer, planned, counted, statuses, old) = match lang {
                "ja" => (
                    "当期の値は平成30年3月31日時点の記載である。同日より後の数を示す記録がないため、当期の増減は分からない（政府間覚書等については下記「平成30年3月31日より後の日付の政府間文書」を参照）。",
                    "平成30年3月31日より後の日付の政府間文書",
                    "開業予定の医療拠点 か所 3（平成30年5月時点） 6 −3",
                    "拠点の記録は平成30年5月までであり、増減は同月までの記録による。開業予定3か所の状況は平成30年3月31日時点の記載による。",
                    "実行可能性調査中の医療拠点 か所 1（平成30年3月31日時点） 1 —",
                    "より後の記録がない",
                ),
                _ => (
                    "This quarter's figure is the one given for 31 March 2018. No later record gives the figure, so the change this quarter is not known. For government memoranda, see “Government documents dated after 31 March 2018”.",
                    "Government documents dated after 31 March 2018",
                    "Hubs planned hubs 3 (as of May 2018) 6 −3",
                    "The record of hubs runs to May 2018. The change is counted to then. The 3 planned hubs are as stated for 31 March 2018.",
                    "Hubs under a feasibility study hubs 1 (as of 31 March 2018) 1 —",
                    "Nothing later is recorded",
                ),
            };
            for s in [carried, planned, counted, statuses] {
                assert!(contains(table, s), "{what}: no {s:?} in {table}");
            }
            assert!(!contains(&t, old), "{what}: {t}");
            // The list the note points to follows the table.
            assert!(
                contains(&t[t.find(carried).unwrap_or(0)..], pointer),
                "{what}"
            );
            // −3 carries the record-end note's mark, the one on the open hubs' +3.
            let open = mark_after(table, "21 +3");
            assert!(!open.is_empty(), "{what}: {table}");
            assert!(contains(table, &format!("6 −3{open}")), "{what}: {table}");
        }
    }
}

/// The same words in the seed's FY2018Q1, which lists no later document: no pointer.
#[test]
fn the_seed_quarters_carried_note_is_worded_the_same_without_a_pointer() {
    let env = Env::new();
    correct_march_members(&env);
    for lang in ["ja", "en"] {
        let (carried, pointer) = match lang {
            "ja" => ("当期の値は平成30年3月31日時点の記載である。同日より後の数を示す記録がないため、当期の増減は分からない。", "政府間覚書等については"),
            _ => ("This quarter's figure is the one given for 31 March 2018. No later record gives the figure, so the change this quarter is not known.", "For government memoranda"),
        };
        for (format, t) in rendered(&env, "quarterly", "FY2018Q1", lang, KNOWN) {
            let table = key_figures(&t, lang);
            assert!(contains(table, carried), "{lang} {format}: {table}");
            assert!(!contains(table, pointer), "{lang} {format}: {table}");
        }
    }
}

/// The council's launch in February 2017 is a platform event of FY2016Q4: listed under the
/// platform events, with no lead sentence before it and no "none recorded" after it.
#[test]
fn a_platform_launched_in_the_quarter_is_listed_among_its_events() {
    let env = Env::new();
    for lang in ["ja", "en"] {
        let (item, not) = match lang {
            "ja" => (
                "平成29年2月　国際・アジア健康構想協議会：発足した。",
                ["当期の記録はない。", "が発足した（平成29年2月）"],
            ),
            _ => (
                "February 2017: International and Asia Health and Human Well-Being Initiative Council — launched",
                ["None recorded this quarter.", "Council was launched (February 2017)"],
            ),
        };
        for (format, t) in rendered(&env, "quarterly", "FY2016Q4", lang, APRIL) {
            let platforms = match lang {
                "ja" => section(&t, "5. 官民連携", "別添1"),
                _ => section(&t, "5. Public-private", "Annex 1"),
            };
            let what = format!("FY2016Q4 {lang} {format}");
            assert!(contains(platforms, item), "{what}: {platforms}");
            for n in not {
                assert!(!contains(platforms, n), "{what}: {n:?} in {platforms}");
            }
        }
    }
}

/// A quarter with no platform event recorded (FY2018Q1 from the seed) still says so.
#[test]
fn a_quarter_with_no_platform_event_says_none_is_recorded() {
    let env = Env::new();
    for (lang, says) in [
        ("ja", "プラットフォームの動き 当期の記録はない。"),
        ("en", "Platform events None recorded this quarter."),
    ] {
        for (format, t) in rendered(&env, "quarterly", "FY2018Q1", lang, KNOWN) {
            assert!(contains(&t, says), "FY2018Q1 {lang} {format}: {t}");
        }
    }
}

/// The outlook the source gives (the platform's projects with the 2020 Nutrition Summit in view)
/// is the document's statement at the end of March 2018: dated so where a later report carries it,
/// and left out of a report as of a date before the document (FY2016Q4, 31 March 2017).
#[test]
fn the_outlook_is_dated_as_the_sources_statement_and_left_out_before_it() {
    let (seed, with_news) = (Env::new(), news());
    let (ja, en) = (
        "栄養改善事業推進プラットフォーム（平成30年3月末時点の資料の記載）：「2020年東京オリンピック",
        "Nutrition Japan Public Private Platform (NJPPP), as the source put it at the end of March 2018: the platform is launching projects",
    );
    for (env, period, known) in [
        (&seed, "FY2017Q4", APRIL),
        (&seed, "FY2018Q1", KNOWN),
        (&with_news, "FY2018Q1", KNOWN),
    ] {
        for lang in ["ja", "en"] {
            for (format, t) in rendered(env, "quarterly", period, lang, known) {
                let item = if lang == "ja" { ja } else { en };
                assert!(contains(&t, item), "{period} {lang} {format}: {t}");
            }
        }
    }
    for lang in ["ja", "en"] {
        for (format, t) in rendered(&seed, "quarterly", "FY2016Q4", lang, APRIL) {
            for not in [
                "今後を見据えた取組",
                "栄養サミット",
                "Looking ahead",
                "Nutrition Summit",
            ] {
                assert!(
                    !contains(&t, not),
                    "FY2016Q4 {lang} {format}: {not:?} in {t}"
                );
            }
        }
    }
}

/// The English correction note names the later source after "a later source," (the office's
/// title has no article) and gives the office's reason as a sentence of its own, with one full
/// stop: in the reports, the briefings and the errata sheets.
#[test]
fn the_english_correction_note_gives_the_reason_as_its_own_sentence() {
    let env = Env::new();
    sent_in_april(&env, &["quarterly", "briefing"], "en");
    correct_march_members(&env);
    let bad = [
        "(reason:",
        "left out..",
        "Reason:",
        "Secretariat's report (12 July 2018) corrects",
    ];
    let note = "The source (line 336) gives 56. It is corrected to 57 by a later source, Secretariat's report (12 July 2018). Counting error: one member had been left out.";
    let brief =
        "(the source gives 56; corrected by a later source, Secretariat's report (12 July 2018))";
    let header = "the source document (line 336) gives 56. It is corrected to 57 by a later source, Secretariat's report (12 July 2018), recorded the same day. Counting error: one member had been left out.";
    let mut texts: Vec<(String, String, &str)> = Vec::new();
    for (format, t) in rendered(&env, "quarterly", "FY2018Q1", "en", KNOWN) {
        texts.push((format!("quarterly {format}"), t, note));
    }
    for (format, t) in rendered(&env, "briefing", "FY2018Q1", "en", KNOWN) {
        texts.push((format!("briefing {format}"), t, brief));
    }
    for report in ["quarterly", "briefing"] {
        for format in ["html", "pdf"] {
            if let Some(t) = errata_text(&env, report, "en", format) {
                texts.push((format!("errata {report} {format}"), t, header));
            }
        }
    }
    for (what, t, has) in &texts {
        assert!(contains(t, has), "{what}: no {has:?} in {t}");
        for b in bad {
            assert!(!contains(t, b), "{what}: {b:?} in {t}");
        }
    }
}

/// On the errata sheets, a note added under a table is one place, named as the table's note
/// (「主要指標の注」, not 「本文」), however many sentences it has.
#[test]
fn the_errata_sheet_names_an_added_note_as_the_tables_note() {
    let env = Env::new();
    sent_in_april(&env, &["quarterly"], "ja,en");
    correct_march_members(&env);
    for lang in ["ja", "en"] {
        let (has, not): (&[&str], &[&str]) = match lang {
            "ja" => (
                &[
                    "1. 概況 主要指標の注（追加）",
                    "5. 官民連携のプラットフォーム 表の注（追加）",
                ],
                &[
                    "1. 概況 本文（追加）",
                    "5. 官民連携のプラットフォーム 本文（追加）",
                ],
            ),
            _ => (
                &[
                    "1. Summary Key figures: note (added)",
                    "5. Public-private platforms Table: note (added)",
                ],
                &["1. Summary Text (added)", "Text (added) — Counting error"],
            ),
        };
        for format in ["html", "pdf"] {
            let Some(t) = errata_text(&env, "quarterly", lang, format) else {
                continue;
            };
            for h in has {
                assert!(contains(&t, h), "{lang} {format}: no {h:?} in {t}");
            }
            for n in not {
                assert!(!contains(&t, n), "{lang} {format}: {n:?} in {t}");
            }
        }
    }
}

/// Hokuto Rehabilitation Centre's entry says 「平成30年5月開設」 with no 予定: the quarterly report
/// discloses, where it lists the hub as planned (Annex 1's legend note, and §3 of FY2017Q4), that
/// only the legend makes it planned and that May 2018 is taken as its expected opening.
#[test]
fn the_quarterly_discloses_that_the_legend_alone_makes_hokuto_rehabilitation_planned() {
    let env = Env::new();
    let (ja, en) = (
        "北斗リハビリテーションセンターについては、拠点の欄は「平成30年5月開設」と記すが、凡例は開業予定に数える。本報告は凡例に従い、同月を開業予定時期とする。",
        "For Hokuto Rehabilitation Centre the hub’s entry reads 「平成30年5月開設」 (opened May 2018), but the legend counts it as planned. This report follows the legend and takes May 2018 as the expected opening.",
    );
    for (period, known, times) in [("FY2017Q4", APRIL, 2), ("FY2018Q1", KNOWN, 1)] {
        for lang in ["ja", "en"] {
            let s = if lang == "ja" { ja } else { en };
            for (format, t) in rendered(&env, "quarterly", period, lang, known) {
                let squeeze = |x: &str| x.split_whitespace().collect::<String>();
                let n = squeeze(&t).matches(&squeeze(s)).count();
                assert_eq!(n, times, "{period} {lang} {format}: {t}");
            }
        }
    }
}

/// Annex 1 keeps the source's 他 after a hub's partners (「メディヴァ、富士フィルム他」, 「鴻池運輸他」),
/// and the country is Viet Nam, the Government's English, in every render.
#[test]
fn annex_1_keeps_the_sources_and_others_and_the_country_is_viet_nam() {
    let env = Env::new();
    for lang in ["ja", "en"] {
        let has: &[&str] = match lang {
            "ja" => &[
                "ミャンマー メディヴァ、富士フイルムほか",
                "インド 鴻池運輸ほか",
            ],
            _ => &[
                "Myanmar Mediva, FUJIFILM and others",
                "India Konoike Transport and others",
                "Viet Nam (named)",
                "promoted in Viet Nam, Indonesia",
            ],
        };
        for (format, t) in rendered(&env, "quarterly", "FY2017Q4", lang, APRIL) {
            for h in has {
                assert!(contains(&t, h), "{lang} {format}: no {h:?} in {t}");
            }
            assert!(
                !t.contains("Vietnam") && !t.contains("20 sites"),
                "{lang} {format}: {t}"
            );
        }
    }
}

/// A database made before migration 0020 gets the same: its hubs' 他 and Viet Nam.
#[test]
fn a_database_made_before_0020_gets_the_sources_and_others_and_viet_nam() {
    let env = Env::new();
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        tenkai::store::history::connect(&conn).unwrap();
        conn.execute_batch(
            "DROP TABLE hub_partners_others;
             DROP TRIGGER countries_no_update;
             UPDATE countries SET name_en = 'Vietnam' WHERE iso = 'VN';
             PRAGMA user_version = 19;",
        )
        .unwrap();
    }
    for (format, t) in rendered(&env, "quarterly", "FY2017Q4", "en", APRIL) {
        for h in [
            "Mediva, FUJIFILM and others",
            "Konoike Transport and others",
            "Viet Nam (named)",
        ] {
            assert!(contains(&t, h), "{format}: no {h:?} in {t}");
        }
    }
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version as usize, tenkai::store::MIGRATIONS.len());
    // The countries are append-only again.
    assert!(conn
        .execute("UPDATE countries SET name_en = 'x' WHERE iso = 'VN'", [])
        .is_err());
}

/// The editor's smaller wordings: the chart's date, the quarter with no change of hub status, the
/// working group's note and the progress bar's dashed line.
#[test]
fn the_smaller_wordings_read_as_the_editor_wrote_them() {
    let env = Env::new();
    for (period, known, has) in [
        (
            "FY2018Q1",
            KNOWN,
            &[
                "Hubs by country (as of 31 March 2018; nothing is recorded after that date)",
                "No change of hub status is recorded for this quarter.",
            ][..],
        ),
        (
            "FY2017Q4",
            APRIL,
            &[
                "The source gives the meeting’s business as convening the working group, and gives no date of set-up.",
                "(the line marks the progress expected by now, 63%; dashed line: 100%)",
            ][..],
        ),
    ] {
        for (format, t) in rendered(&env, "quarterly", period, "en", known) {
            for h in has {
                assert!(contains(&t, h), "{period} {format}: no {h:?} in {t}");
            }
        }
    }
}

/// The Japanese closing note gives the other sources as a sentence, as the briefings do:
/// 「このほか、A、B及びCによる。」, not 「このほか：A、B、C。」.
#[test]
fn the_japanese_closing_note_gives_the_other_sources_as_a_sentence() {
    for (env, has) in [
        (
            {
                let env = Env::new();
                correct_march_members(&env);
                env
            },
            "このほか、事務局報告（平成30年7月12日）による。",
        ),
        (
            news(),
            "厚労省報道発表 2018-06-12及び事務局報告（平成30年7月12日）による。",
        ),
    ] {
        for (format, t) in rendered(&env, "quarterly", "FY2018Q1", "ja", KNOWN) {
            assert!(contains(&t, has), "{format}: no {has:?} in {t}");
            assert!(!contains(&t, "このほか："), "{format}: {t}");
        }
    }
}
