//! What an editor checks before signing FY2018Q1's reports, as the office would have made them: the
//! news recorded on 5 July 2018 with its sources written out in full, the March 2018 member count
//! corrected on 12 July (56 → 57), the renders on 13 July. Each test reads the rendered text of
//! the HTML and the PDF, in both languages where it applies.

use crate::common;
use common::{contains, rendered, section, Env, FY2018Q1_KNOWN as KNOWN};

/// Records the secretariat's correction of the March 2018 member count, on 12 July 2018.
fn correct_march_members(env: &Env) {
    common::correct_march_members(env, &[]);
}

/// The seed with the correction, as known on 13 July 2018.
fn corrected() -> Env {
    let env = Env::new();
    correct_march_members(&env);
    env
}

/// The office's FY2018Q1 news, each fact with its source as the office writes it (a press
/// release's issuer, date and full title), then the correction.
fn office_news() -> Env {
    let env = Env::new();
    common::record_fy2018q1_news(
        &env,
        &common::NewsSources {
            openings: [
                "厚生労働省報道発表（平成30年5月15日）「中国における日本式生活習慣病予防・治療センターの開設について」",
                "厚生労働省報道発表（平成30年5月22日）「ロシアにおける北斗リハビリテーションセンターの開設について」",
                "厚生労働省報道発表（平成30年5月29日）「ベトナムにおける日本式人間ドックセンターの開設について」",
            ],
            agreement: "厚生労働省報道発表（平成30年6月12日）",
            meeting: "第14回健康・医療戦略推進本部 医療国際展開タスクフォース 議事次第",
            members: "栄養改善事業推進プラットフォーム 会員名簿（平成30年6月30日）",
        },
    );
    correct_march_members(&env);
    env
}

/// Sets FY2018Q1's lines to take in both languages, as an office writes them.
fn lines_to_take(env: &Env) {
    common::set_lines_to_take(env, "FY2018Q1", "ja", "目標の20か所程度は平成29年2月に達成した。今後は開業予定の拠点の開業と、例示国のうち拠点のない国での案件形成を進める。");
    common::set_lines_to_take(env, "FY2018Q1", "en", "The target of about 20 hubs was met in February 2017. The next steps are to open the planned hubs and to develop projects in the named countries that have no hub.");
}

#[test]
fn the_briefing_of_a_quarter_with_news_fits_one_page_and_its_footer_counts_the_offices_sources() {
    let env = office_news();
    lines_to_take(&env);
    for lang in ["ja", "en"] {
        // A PDF longer than its one page is refused: that it renders is that it fits.
        for (format, t) in rendered(&env, "briefing", "FY2018Q1", lang, KNOWN) {
            let what = format!("{lang} {format}");
            let footer = match lang {
                "ja" => "出典：「医療国際展開タスクフォースのこれまでの成果等について（平成30年3月末時点）」。このほか、担当室が記録した資料7件による。",
                _ => "Source: Task Force on the International Expansion of Healthcare: achievements to date (end of March 2018). The office recorded seven other sources.",
            };
            assert!(contains(&t, footer), "{what}: {t}");
            let pointer = match lang {
                "ja" => "各資料の題名と各数値の算出方法は、四半期進捗報告の「別添2 数値の出典と算出方法」に示す。",
                _ => "are in the quarterly progress report, “Annex 2: Sources and methods”.",
            };
            assert!(contains(&t, pointer), "{what}: {t}");
            // The press releases' titles stand in the quarterly report's Annex 2, not here.
            assert!(!contains(&t, "開設について"), "{what}: {t}");
        }
    }
}

#[test]
fn a_page_limit_refusal_names_the_part_that_runs_over() {
    let env = office_news();
    let long = ["The next steps are to open the planned hubs and to develop projects in the named countries that have no hub."; 12].join(" ");
    common::set_lines_to_take(&env, "FY2018Q1", "en", &long);
    let out = env.path("long.pdf");
    let (_, err) = env.fails(&[
        "report",
        "render",
        "briefing",
        "--period",
        "FY2018Q1",
        "--lang",
        "en",
        "--format",
        "pdf",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        err.contains("but it takes 2: page 2 begins with “")
            && err.contains("(under the heading “Lines to take”)"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn a_corrected_count_names_the_source_it_corrects_wherever_it_is_printed() {
    let env = corrected();
    for lang in ["ja", "en"] {
        let (figure, note, annex, briefing) = match lang {
            "ja" => (
                "栄養改善事業推進プラットフォームの会員企業・団体数 社・団体 57※2（平成30年3月31日時点） 57※2",
                "※2 資料（336行）は56と記すが、事務局報告（平成30年7月12日）により57に訂正した（理由：集計誤り（1団体の計上漏れ））。",
                "336行（56）を事務局報告（平成30年7月12日）により訂正",
                "栄養改善事業推進プラットフォームの会員企業・団体数は、平成30年3月31日時点で57である（資料の56を事務局報告（平成30年7月12日）により訂正）。",
            ),
            _ => (
                "Nutrition platform members members 57† (as of 31 March 2018) 57†",
                "† The source (line 336) gives 56. It is corrected to 57 by a later source, 事務局報告（平成30年7月12日） (in Japanese). 集計誤り（1団体の計上漏れ） (in Japanese).",
                "line 336 (56), corrected by a later source, 事務局報告（平成30年7月12日） (in Japanese)",
                "had 57 member companies and organisations on 31 March 2018 (the source gives 56; corrected by a later source, 事務局報告（平成30年7月12日） (in Japanese)).",
            ),
        };
        for (format, t) in rendered(&env, "quarterly", "FY2018Q1", lang, KNOWN) {
            let what = format!("quarterly {lang} {format}");
            assert!(contains(&t, figure), "{what}: {t}");
            assert!(contains(&t, note), "{what}: {t}");
            assert!(contains(&t, annex), "{what}: {t}");
        }
        for (format, t) in rendered(&env, "briefing", "FY2018Q1", lang, KNOWN) {
            assert!(contains(&t, briefing), "briefing {lang} {format}: {t}");
        }
    }
}

#[test]
fn the_news_reports_name_the_correction_of_the_count_before() {
    let env = office_news();
    for lang in ["ja", "en"] {
        let (note, closing, briefing) = match lang {
            "ja" => (
                "※3 資料（336行）は56と記すが、事務局報告（平成30年7月12日）により57に訂正した",
                "厚生労働省報道発表（平成30年6月12日）及び事務局報告（平成30年7月12日）による。",
                "平成30年6月30日時点で60となった（その前の記録では平成30年3月31日時点で57。資料の56を事務局報告（平成30年7月12日）により訂正）。",
            ),
            _ => (
                "‡ The source (line 336) gives 56. It is corrected to 57 by a later source, 事務局報告（平成30年7月12日） (in Japanese).",
                "（平成30年6月12日） (these 3 in Japanese); 事務局報告（平成30年7月12日） (in Japanese).",
                "up from 57 on 31 March 2018 (the source gives 56; corrected by a later source, 事務局報告（平成30年7月12日） (in Japanese)).",
            ),
        };
        for (format, t) in rendered(&env, "quarterly", "FY2018Q1", lang, KNOWN) {
            let what = format!("quarterly {lang} {format}");
            assert!(contains(&t, note), "{what}: {t}");
            assert!(contains(&t, closing), "{what}: {t}");
        }
        for (format, t) in rendered(&env, "briefing", "FY2018Q1", lang, KNOWN) {
            assert!(contains(&t, briefing), "briefing {lang} {format}: {t}");
        }
    }
}

#[test]
fn a_change_is_unknown_where_a_value_is_only_carried_forward() {
    for (env, rows) in [
        (
            corrected(),
            vec![
                ("開業済みの医療拠点 か所 21（平成30年3月31日時点） 21 —※", "Hubs open hubs 21 (as of 31 March 2018) 21 —*"),
                ("タスクフォースの開催回数 回 13（平成30年3月31日時点） 13 —※", "Task-force meetings held meetings 13 (as of 31 March 2018) 13 —*"),
            ],
        ),
        (
            office_news(),
            vec![
                // The quarter's recorded facts give this change.
                // (counted to the end of the record of hubs, in May: ※1, the first mark a reader
                // meets; pdftotext reads the last two cells of this row after the table, so they
                // are checked apart)
                ("開業済みの医療拠点 か所 24（平成30年5月時点）", "Hubs open hubs 24 (as of May 2018)"),
                ("21 +3※1", "21 +3*"),
                // Only carried forward: not known.
                ("実行可能性調査中の医療拠点 か所 1（平成30年3月31日時点） 1 —※2", "Hubs under a feasibility study hubs 1 (as of 31 March 2018) 1 —†"),
                ("政府間覚書等の相手国 か国 20（平成30年3月31日時点） 20 —※2", "Countries with a government memorandum (MOU or similar) countries 20 (as of 31 March 2018) 20 —†"),
            ],
        ),
    ] {
        for lang in ["ja", "en"] {
            let note = match lang {
                "ja" => "より後の数を示す記録がないため、当期の増減は分からない",
                _ => "No later record gives the figure, so the change this quarter is not known.",
            };
            for (format, t) in rendered(&env, "quarterly", "FY2018Q1", lang, KNOWN) {
                let what = format!("{lang} {format}");
                let table = section(&t, if lang == "ja" { "主要指標" } else { "Key figure" }, if lang == "ja" { "2. 政策目標" } else { "2. Progress" });
                for (ja, en) in &rows {
                    assert!(contains(table, if lang == "ja" { ja } else { en }), "{what}: {table}");
                }
                assert!(contains(table, note), "{what}: {table}");
            }
        }
    }
}

#[test]
fn annex_2_names_both_sources_of_a_count_that_hubs_left_by_opening() {
    let env = office_news();
    for lang in ["ja", "en"] {
        let (from, less) = match lang {
            "ja" => ("130、138〜275行（6か所）から、厚生労働省報道発表（平成30年5月15日）", "により開業した3か所を除く"),
            _ => ("lines 130, 138–275 (6 hubs), less the 3 that opened according to 厚生労働省報道発表（平成30年5月15日）", "Hubs under a feasibility study"),
        };
        for (format, t) in rendered(&env, "quarterly", "FY2018Q1", lang, KNOWN) {
            let annex = section(&t, "hubs_planned", "hubs_feasibility");
            assert!(contains(annex, from), "{lang} {format}: {annex}");
            assert!(contains(&t, less), "{lang} {format}: {t}");
        }
    }
}

/// The record of hubs runs to May 2018 in a quarter to June: the changes of the counts made from
/// it are counted to May, and said so; they are not taken for a value stated in May.
#[test]
fn changes_of_the_counts_from_the_record_of_hubs_are_counted_to_its_end() {
    let env = common::fy2018q1_news();
    for lang in ["ja", "en"] {
        let (note, not) = match lang {
            "ja" => (
                "※1 拠点の記録は平成30年5月までであり、増減は同月までの記録による。",
                "当期の値は平成30年5月時点の記載",
            ),
            _ => (
                "* The record of hubs runs to May 2018. The change is counted to then.",
                "the one stated in May 2018",
            ),
        };
        for (format, t) in rendered(&env, "quarterly", "FY2018Q1", lang, KNOWN) {
            let what = format!("quarterly {lang} {format}");
            assert!(contains(&t, note), "{what}: {t}");
            assert!(!contains(&t, not), "{what}: {t}");
            // Hubs open +3 and the named countries with an open hub 0, both to May.
            let (open, named) = match lang {
                "ja" => ("21 +3※1", "5 0※1"),
                _ => ("21 +3*", "5 0*"),
            };
            assert!(contains(&t, open) && contains(&t, named), "{what}: {t}");
        }
    }
}

/// The target table's "met in February 2017" and the note on the opening it rests on share a mark
/// of their own, not the mark of the note on the expected value above them.
#[test]
fn the_met_month_and_its_opening_note_have_a_mark_of_their_own() {
    let env = Env::new();
    for lang in ["ja", "en"] {
        let (cell, note) = match lang {
            "ja" => (
                "平成29年2月に達成※2",
                "※2 北斗画像診断センター（平成25年5月）の開業時期は",
            ),
            _ => (
                "February 2017†",
                "† The source gives the opening of Hokuto Diagnostic Imaging Centre",
            ),
        };
        for (format, t) in rendered(
            &env,
            "quarterly",
            "FY2017Q4",
            lang,
            "2018-04-10T09:00:00+09:00",
        ) {
            let what = format!("quarterly {lang} {format}");
            assert!(contains(&t, cell) && contains(&t, note), "{what}: {t}");
        }
    }
}

/// In one table or section, two or more notes are marked ※1, ※2, … (never a ※2 without a ※1)
/// and a lone note a plain ※; in English *, †, ‡. Each table's notes follow in their marks' order.
#[test]
fn the_notes_of_a_table_are_numbered_from_one_or_marked_plainly_when_alone() {
    let env = corrected();
    for lang in ["ja", "en"] {
        let ja = lang == "ja";
        let pick = |j: &'static str, e: &'static str| if ja { j } else { e };
        for (format, t) in rendered(&env, "quarterly", "FY2018Q1", lang, KNOWN) {
            let what = format!("quarterly FY2018Q1 {lang} {format}");
            // Key figures: the carried-forward change first, then the correction.
            let table = section(
                &t,
                pick("主要指標", "Key figure"),
                pick("2. 政策目標", "2. Progress"),
            );
            for has in [
                pick("13 —※1", "13 —*"),
                pick(
                    "57※2（平成30年3月31日時点） 57※2",
                    "57† (as of 31 March 2018) 57†",
                ),
            ] {
                assert!(contains(table, has), "{what}: {has}: {table}");
            }
            let (first, second) = (
                pick("※1 当期の値は", "* This quarter"),
                pick(
                    "※2 資料（336行）は56と記す",
                    "† The source (line 336) gives 56",
                ),
            );
            let squeezed = |s: &str| s.split_whitespace().collect::<String>();
            let at = |s: &str| squeezed(table).find(&squeezed(s));
            assert!(
                at(first).is_some() && at(first) < at(second),
                "{what}: {table}"
            );
            // The targets: the expected value's head and note ※1, the met month and its note ※2.
            let targets = section(
                &t,
                pick("2. 政策目標", "2. Progress"),
                pick("担当室が独自に追う指標", "The office tracks these measures"),
            );
            for has in [
                pick("現時点の想定値※1", "Expected by now*"),
                pick(
                    "※1 海外の日本の医療拠点",
                    "* About 20 Japanese medical hubs",
                ),
                pick("平成29年2月に達成※2", "February 2017†"),
                pick("※2 北斗画像診断センター", "† The source gives the opening"),
            ] {
                assert!(contains(targets, has), "{what}: {has}: {targets}");
            }
            // The indicators and section 5 have one note each: a plain mark.
            let indicators = section(
                &t,
                pick("担当室が独自に追う指標", "The office tracks these measures"),
                pick("3. 日本の医療拠点", "3. "),
            );
            let platform = section(
                &t,
                pick("5. 官民連携", "5. Public"),
                pick("別添1", "Annex 1"),
            );
            for (part, has) in [
                (
                    indicators,
                    [pick("5 —※", "5 —*"), pick("※ 当期の値は", "* This quarter")],
                ),
                (
                    platform,
                    [
                        pick("57※", "57*"),
                        pick(
                            "※ 資料（336行）は56と記す",
                            "* The source (line 336) gives 56",
                        ),
                    ],
                ),
            ] {
                assert!(
                    has.iter().all(|h| contains(part, h))
                        && !part.contains('†')
                        && !part.contains("※1"),
                    "{what}: {has:?}: {part}"
                );
            }
        }
        // FY2016Q4's annex needs two of its three notes: ※1 and ※2 in the order of its rows, no ※3.
        for (format, t) in rendered(&env, "quarterly", "FY2016Q4", lang, KNOWN) {
            let what = format!("quarterly FY2016Q4 {lang} {format}");
            let annex = section(&t, pick("別添1", "Annex 1"), pick("別添2", "Annex 2"));
            for has in [
                pick("※1 透析センター", "* Dialysis Centre"),
                pick("※2 北斗画像診断センター", "† The source gives the opening"),
            ] {
                assert!(contains(annex, has), "{what}: {has}: {annex}");
            }
            assert!(!annex.contains(pick("※3", "‡")), "{what}: {annex}");
        }
    }
}
