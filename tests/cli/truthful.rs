//! Every quarter told truthfully: an unknown figure shown as unknown, the end of the record never
//! read as the end of activity, and every figure credited to the sources of its rows. Each test
//! reads the rendered text (the HTML's, and the PDF's through pdftotext), in both languages.

use crate::common;
use common::{contains, rendered, section, Env};

use common::html_text as text;

/// The cells of the key-figure row that starts with `label` (the HTML's table), after the label:
/// its unit, then its values.
fn figure_row(html: &str, label: &str) -> Vec<String> {
    let table = &html[html.find("<table class=\"figures\">").unwrap()..];
    let row = &table[table.find(&format!(">{label}</th>")).unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    row.split("<td")
        .skip(1)
        .map(|c| text(&format!("<td{c}")))
        .collect()
}

#[test]
fn a_count_the_record_leaves_open_is_shown_as_unknown_never_as_0() {
    let env = Env::new();
    let known = "2018-04-10T09:00";
    for lang in ["ja", "en"] {
        // FY2016Q4: seven hubs' statuses are dated only "by end of March 2018", so the planned
        // and feasibility counts at 31 March 2017 are not known. The quarterly report says so;
        // the briefing gives only the open count, and neither shows a 0 for them.
        for report in ["quarterly", "briefing"] {
            for (format, t) in rendered(&env, report, "FY2016Q4", lang, known) {
                for zero in [
                    "開業予定0か所",
                    "実行可能性調査中0か所",
                    "a further 0",
                    "0 is under",
                    "0 are under",
                ] {
                    assert!(!t.contains(zero), "{report} {lang} {format}: {zero}: {t}");
                }
                let unknown = match lang {
                    "ja" => "開業予定・実行可能性調査中の拠点数は、資料に時期の記載がない状況を含むため、平成29年3月31日時点では分からない。",
                    _ => "How many hubs were planned or under a feasibility study on 31 March 2017 is not known",
                };
                assert!(
                    report == "briefing" || contains(&t, unknown),
                    "{report} {lang} {format}: {t}"
                );
            }
        }
        // FY2017Q4: the counts are known at the end of the quarter, not at the end of the one
        // before: the previous-quarter column shows 「—」 with its note.
        let html = std::fs::read_to_string({
            rendered(&env, "quarterly", "FY2017Q4", lang, known);
            env.path(&format!("quarterly.FY2017Q4.{lang}.html"))
        })
        .unwrap();
        let (planned, feasibility, note) = match lang {
            "ja" => (
                "開業予定の医療拠点",
                "実行可能性調査中の医療拠点",
                "—：その時点の値は記録から分からない",
            ),
            _ => (
                "Hubs planned",
                "Hubs under a feasibility study",
                "—: not known at that date. Either the count includes statuses",
            ),
        };
        assert_eq!(figure_row(&html, planned)[1..3], ["6", "—"], "{lang}");
        assert_eq!(figure_row(&html, feasibility)[1..3], ["1", "—"], "{lang}");
        assert!(text(&html).contains(note), "{lang}");
    }
}

#[test]
fn the_errata_sheet_shows_an_unknown_previous_value_as_unknown() {
    let env = Env::new();
    // A later source dates the feasibility study: it began in December 2017.
    env.at_time("2018-07-02T09:00:00+09:00");
    env.ok(&[
        "hub",
        "set-status",
        "H12",
        "feasibility",
        "--date",
        "2017-12",
        "--source",
        "報道発表 2018-06",
    ]);
    for lang in ["ja", "en"] {
        let out = env.path(&format!("errata.{lang}.html"));
        env.ok(&[
            "report",
            "errata",
            "quarterly",
            "--period",
            "FY2017Q4",
            "--lang",
            lang,
            "--format",
            "html",
            "--known-at-sent",
            "2018-04-10T09:00:00+09:00",
            "--out",
            out.to_str().unwrap(),
        ]);
        let t = text(&std::fs::read_to_string(&out).unwrap());
        let row = match lang {
            "ja" => "実行可能性調査中の医療拠点：前期",
            _ => "Hubs under a feasibility study: Previous quarter",
        };
        let at = t.find(row).unwrap_or_else(|| panic!("{lang}: {t}"));
        assert!(
            t[at + row.len()..].trim_start().starts_with("— 1 "),
            "{lang}: {t}"
        );
    }
}

#[test]
fn past_the_end_of_the_record_a_report_says_none_recorded_and_when_a_figure_was_stated() {
    let env = Env::new();
    let known = "2018-07-13T09:00";
    for lang in ["ja", "en"] {
        let (after, wrong, members, key_point) = match lang {
            "ja" => (
                "平成30年4月以降の会合の記録はない。",
                "当期に開催された会合はない",
                "栄養改善事業推進プラットフォームの会員企業・団体数 社・団体 56（平成30年3月31日時点）",
                "会員企業・団体数は、平成30年3月31日時点で56である。",
            ),
            _ => (
                "No meetings are recorded after March 2018.",
                "did not meet",
                "Nutrition platform members members 56 (as of 31 March 2018)",
                "had 56 member companies and organisations on 31 March 2018",
            ),
        };
        for (format, t) in rendered(&env, "quarterly", "FY2018Q1", lang, known) {
            assert!(contains(&t, after), "{lang} {format}: {t}");
            assert!(!t.contains(wrong), "{lang} {format}: {t}");
            assert!(contains(&t, members), "{lang} {format}: {t}");
        }
        for (format, t) in rendered(&env, "briefing", "FY2018Q1", lang, known) {
            let (no_meeting, risks, to_confirm, held, computed) = match lang {
                "ja" => (
                    "平成30年4月以降のタスクフォースの会合の記録はない。",
                    "リスク・課題",
                    "確認事項",
                    "後発医薬品工場建設は保留中",
                    "開業は記録されていない",
                ),
                _ => (
                    "No task-force meeting is recorded after March 2018.",
                    "Risks and issues",
                    "To confirm",
                    "construction of a generic-drug plant is on hold",
                    "no opening is recorded",
                ),
            };
            assert!(
                contains(&t, no_meeting) && contains(&t, key_point),
                "{lang} {format}: {t}"
            );
            // The source's own open issue is a risk; what rests on a missing record is to confirm.
            let risks = section(&t, risks, to_confirm);
            assert!(
                contains(risks, held) && !contains(risks, computed),
                "{lang} {format}: {risks}"
            );
            assert!(
                contains(section(&t, to_confirm, "\u{0}"), computed),
                "{lang} {format}: {t}"
            );
        }
    }
}

/// Only where the office has stated the record complete (`tenkai coverage set`) may a report say
/// that nothing happened; before that statement it says that nothing is recorded.
#[test]
fn a_record_the_office_states_complete_lets_the_report_say_the_task_force_did_not_meet() {
    let env = Env::new();
    env.at_time("2018-10-02T09:00:00+09:00");
    let sentences = |lang: &str| match lang {
        "ja" => (
            "平成30年4月以降の会合の記録はない。",
            "当期に会合は開催されていない。",
        ),
        _ => (
            "No meetings are recorded after March 2018.",
            "The task force did not meet this quarter.",
        ),
    };
    for lang in ["ja", "en"] {
        let (none_recorded, did_not_meet) = sentences(lang);
        for (format, t) in rendered(&env, "quarterly", "FY2018Q2", lang, "2018-10-01T09:00") {
            assert!(contains(&t, none_recorded), "{lang} {format}: {t}");
            assert!(!contains(&t, did_not_meet), "{lang} {format}: {t}");
        }
    }
    env.at_time("2018-10-09T09:00:00+09:00");
    env.ok(&[
        "coverage",
        "set",
        "meetings",
        "--to",
        "2018-09-30",
        "--source",
        "事務局 会合一覧（平成30年10月）",
    ]);
    env.at_time("2018-10-11T09:00:00+09:00");
    for lang in ["ja", "en"] {
        let (none_recorded, did_not_meet) = sentences(lang);
        for (format, t) in rendered(&env, "quarterly", "FY2018Q2", lang, "2018-10-10T09:00") {
            assert!(contains(&t, did_not_meet), "{lang} {format}: {t}");
            assert!(!contains(&t, none_recorded), "{lang} {format}: {t}");
        }
    }
}

#[test]
fn a_meeting_by_circulation_is_held_by_circulation_not_met() {
    let env = Env::new();
    for lang in ["ja", "en"] {
        for (format, t) in rendered(&env, "briefing", "FY2017Q4", lang, "2018-04-10T09:00") {
            let (held, met) = match lang {
                "ja" => (
                    "（第13回、平成30年3月22日、持ち回り開催）",
                    "タスクフォースを1回開催",
                ),
                _ => ("(meeting 13, 22 March 2018, by circulation)", "met once"),
            };
            assert!(
                contains(&t, held) && !t.contains(met),
                "{lang} {format}: {t}"
            );
        }
    }
}

#[test]
fn every_figure_cites_the_sources_of_its_rows_users_sources_included() {
    let env = common::fy2018q1_news();
    let known = common::FY2018Q1_KNOWN;
    for lang in ["ja", "en"] {
        for (format, t) in rendered(&env, "quarterly", "FY2018Q1", lang, known) {
            let (sources, members, meetings, hubs, seeded_members) = match lang {
                "ja" => (
                    "別添2 数値の出典と算出方法",
                    "栄養改善事業推進プラットフォームの会員企業・団体数 60 platform_members 会員名簿 2018-06",
                    "タスクフォースの開催回数 14 meetings_held 89〜118行；第14回議事次第",
                    "報道発表 2018-05 H10、報道発表 2018-05 H13、報道発表 2018-05 H14",
                    "336行",
                ),
                _ => (
                    "Annex 2: Sources and methods",
                    "60 platform_members 会員名簿 2018-06 (in Japanese)",
                    "14 meetings_held lines 89–118; 第14回議事次第 (in Japanese)",
                    "報道発表 2018-05 H10 (in Japanese); 報道発表 2018-05 H13 (in Japanese); 報道発表 2018-05 H14 (in Japanese)",
                    "line 336",
                ),
            };
            let end = if lang == "ja" {
                "算出に用いたSQL"
            } else {
                "The SQL of each metric"
            };
            let section = section(&t, sources, end);
            for cited in [members, meetings, hubs] {
                assert!(
                    contains(section, cited),
                    "{lang} {format}: {cited}: {section}"
                );
            }
            assert!(
                !section.contains(seeded_members),
                "{lang} {format}: {section}"
            );
        }
        // The footers name every source the figures draw on.
        for report in ["quarterly", "briefing"] {
            for (format, t) in rendered(&env, report, "FY2018Q1", lang, known) {
                let also = match (report, lang) {
                    ("quarterly", "ja") => "このほか、",
                    ("quarterly", _) => "Other sources: ",
                    (_, "ja") => "このほか、",
                    _ => "The office recorded ",
                };
                let footer = &t[t
                    .rfind(also)
                    .unwrap_or_else(|| panic!("{report} {lang} {format}: {t}"))..];
                // A briefing, one page, counts the office's sources; Annex 2 names them.
                let cited = match (report, lang) {
                    ("quarterly", _) => {
                        vec!["会員名簿 2018-06", "第14回議事次第", "報道発表 2018-05 H13"]
                    }
                    (_, "ja") => vec!["担当室が記録した資料6件による。"],
                    _ => vec!["The office recorded six other sources."],
                };
                for cited in cited {
                    assert!(
                        contains(footer, cited),
                        "{report} {lang} {format}: {footer}"
                    );
                }
            }
        }
    }
}

/// Whether each report of `reports` for `period`, in both languages and both formats, holds the
/// sentences `has` gives for its language and none of those `lacks` gives.
fn says(
    reports: &[&str],
    period: &str,
    has: fn(&str) -> Vec<&'static str>,
    lacks: fn(&str) -> Vec<&'static str>,
) {
    let env = Env::new();
    for report in reports {
        for lang in ["ja", "en"] {
            for (format, t) in rendered(&env, report, period, lang, "2018-04-10T09:00") {
                for s in has(lang) {
                    assert!(contains(&t, s), "{report} {lang} {format}: no {s}: {t}");
                }
                for s in lacks(lang) {
                    assert!(!contains(&t, s), "{report} {lang} {format}: {s}: {t}");
                }
            }
        }
    }
}

#[test]
fn a_planned_hub_with_an_undated_status_is_planned_as_of_a_date_not_due_by_it() {
    says(
        &["quarterly"],
        "FY2017Q4",
        |lang| {
            match lang {
            "ja" => vec!["北斗リハビリテーションセンター（ロシア）：平成30年3月末時点で開業予定※（開業予定時期：平成30年5月）"],
            _ => vec!["Hokuto Rehabilitation Centre (Russia): planned*, as of end of March 2018 (expected May 2018)"],
        }
        },
        |lang| match lang {
            "ja" => vec!["開業予定 〜平成30年3月末（時期不明）"],
            _ => vec!["Planned by end of March 2018"],
        },
    );
}

#[test]
fn a_named_country_without_a_hub_has_no_hub_not_one_unopened() {
    says(
        &["quarterly"],
        "FY2017Q4",
        |lang| match lang {
            "ja" => vec!["エジプト（拠点なし）", "ケニア（拠点なし）"],
            _ => vec!["Egypt (no hub)", "Kenya (no hub)"],
        },
        |lang| match lang {
            "ja" => vec!["未開業"],
            _ => vec!["Egypt (none)"],
        },
    );
}

#[test]
fn the_letter_of_intent_names_azerbaijan() {
    says(
        &["quarterly"],
        "FY2017Q4",
        |lang| {
            match lang {
            "ja" => vec!["政府間意図表明文書の相手はアゼルバイジャン共和国首相府である（資料の成果欄（33〜34行）は国名を記していない。第6回会合（持ち回り開催）の議題（100〜102行）による）。"],
            _ => vec![
                "The letter of intent is with the Office of the Prime Minister of the Republic of Azerbaijan.",
                "lines 33–34, does not name the country; this report takes it from the agenda of the 6th meeting, held by circulation, lines 100–102.)",
            ],
        }
        },
        |_| vec![],
    );
}

#[test]
fn fy2016q4_tells_the_councils_launch_and_the_briefing_the_20th_hub() {
    // The quarterly report lists the launch among the platform events (signing_quarters).
    says(
        &["briefing"],
        "FY2016Q4",
        |lang| {
            match lang {
            "ja" => vec!["国際・アジア健康構想協議会が発足した（平成29年2月）。"],
            _ => vec!["The International and Asia Health and Human Well-Being Initiative Council was launched (February 2017)."],
        }
        },
        |_| vec![],
    );
    says(
        &["briefing"],
        "FY2016Q4",
        |lang| {
            match lang {
            "ja" => vec![
                "当期に1か所が開業し、開業済みの医療拠点は20か所となり、目標（海外の日本の医療拠点 2020年までに20か所程度）に達した（平成29年2月）。",
                "平成29年2月に、CDDSテクニカルセンター（中国）が開業した。",
            ],
            _ => vec![
                "One hub opened this quarter, bringing the number open to 20. The target of about 20 Japanese medical hubs abroad by 2020 was met in February 2017.",
                "One hub opened in February 2017: CDDS Technical Centre (China).",
            ],
        }
        },
        |_| vec![],
    );
}

#[test]
fn an_opening_date_the_source_words_as_planned_is_footnoted_where_the_report_rests_on_it() {
    says(
        &["quarterly"],
        "FY2017Q4",
        |lang| {
            match lang {
            "ja" => vec![
                "開業済み 平成25年5月※2",
                "平成29年2月に達成※2",
                "※2 北斗画像診断センター（平成25年5月）の開業時期は、資料では「開設予定」と記されている。",
                "（基準の1か所と目標の達成時期もこれに基づく）",
            ],
            _ => vec![
                "Open May 2013†",
                "Met in February 2017†",
                "† The source gives the opening of Hokuto Diagnostic Imaging Centre (May 2013) as 「開設予定」 (planned to open).",
                "The baseline of 1 hub and the date the target was met rest on it.",
            ],
        }
        },
        |_| vec![],
    );
    says(
        &["briefing"],
        "FY2017Q4",
        |lang| {
            match lang {
            "ja" => vec![
                "平成29年2月に達成した※。",
                "※ 達成時期は、資料が「開設予定」と記す北斗画像診断センターの時期（平成25年5月）を開業とみなしている。",
            ],
            _ => vec![
                "It was met in February 2017.*",
                "* The date counts Hokuto Diagnostic Imaging Centre as open from May 2013; the source says 「開設予定」 (planned).",
            ],
        }
        },
        |_| vec![],
    );
}

/// What a report says at a period, as known at a moment: in each language, the sentences it holds
/// and those it must not, in the HTML's text and the PDF's.
struct Says<'a> {
    report: &'a str,
    period: &'a str,
    known_at: &'a str,
    ja: (&'a [&'a str], &'a [&'a str]),
    en: (&'a [&'a str], &'a [&'a str]),
}

impl Says<'_> {
    fn check(&self) {
        let env = Env::new();
        for (lang, (has, lacks)) in [("ja", self.ja), ("en", self.en)] {
            let (r, p) = (self.report, self.period);
            for (format, t) in rendered(&env, r, p, lang, self.known_at) {
                for s in has {
                    assert!(contains(&t, s), "{r} {p} {lang} {format}: no {s}: {t}");
                }
                for s in lacks {
                    assert!(!contains(&t, s), "{r} {p} {lang} {format}: {s}: {t}");
                }
            }
        }
    }
}

/// The FY2017Q4 quarterly report as known on 10 April 2018.
fn fy2017q4<'a>(
    ja: (&'a [&'a str], &'a [&'a str]),
    en: (&'a [&'a str], &'a [&'a str]),
) -> Says<'a> {
    Says {
        report: "quarterly",
        period: "FY2017Q4",
        known_at: "2018-04-10T09:00",
        ja,
        en,
    }
}

#[test]
fn the_two_opening_months_of_the_dialysis_and_ct_centres_are_not_assigned_to_either_centre() {
    fy2017q4(
        (
            &[
                "平成26年8月、平成27年9月※1",
                "※1 透析センター・CTセンター：資料は開設の時期を並べて記すのみで、どの施設の時期かを記していない。",
            ],
            &["透析センター開設", "CTセンター開設"],
        ),
        (
            &[
                "August 2014; September 2015*",
                "* Dialysis Centre and CT Centre: the source gives the months together and does not say which centre opened when.",
            ],
            &["Dialysis centre opened", "CT centre opened"],
        ),
    )
    .check();
}

#[test]
fn the_nutrition_summit_is_what_the_platform_keeps_in_view_not_a_2020_item_of_its_own() {
    fy2017q4(
        (
            &[
                "今後を見据えた取組",
                "栄養改善事業推進プラットフォーム（平成30年3月末時点の資料の記載）：「2020年東京オリンピック・パラリンピック競技大会にあわせて日本で開催される『栄養サミット』も念頭に、プロジェクトの立ち上げを推進」",
            ],
            &["これも念頭に", "2020年 栄養改善事業推進プラットフォーム", "今後の予定"],
        ),
        (
            &[
                "Looking ahead",
                "the platform is launching projects with the Nutrition Summit in view. Japan will host the summit alongside the Tokyo 2020 Olympic and Paralympic Games.",
            ],
            &["2020: Nutrition Japan", "Ahead"],
        ),
    )
    .check();
}

#[test]
fn a_report_made_in_2018_names_no_era_that_had_not_begun() {
    fy2017q4(
        (&["「2020年まで」は2020年12月31日まで"], &["令和"]),
        (&["\"By 2020\" is read as by 31 December 2020"], &[]),
    )
    .check();
}

#[test]
fn statuses_the_source_does_not_date_are_as_at_a_date_not_recorded_by_the_quarter_end() {
    fy2017q4(
        (
            &["変化の時期の記載がない状況（それぞれ記した時点の状況。当期の変化としては数えない）"],
            &["当期末までに記録"],
        ),
        (
            &["Statuses with no date of change (each as at the date given; not counted as this quarter"],
            &["recorded by the end of this quarter"],
        ),
    )
    .check();
}

#[test]
fn past_the_end_of_the_record_of_hubs_the_counts_are_dated_to_it_and_a_passed_opening_month_is_noted(
) {
    Says {
        report: "quarterly",
        period: "FY2018Q1",
        known_at: "2018-07-13T09:00",
        ja: (
            &[
                "平成30年3月31日時点で、開業済みの日本の医療拠点は21か所",
                "国別の医療拠点数（平成30年3月31日時点。平成30年4月以降の記録はない）",
                "21（平成30年3月31日時点） 20",
                "生活習慣病予防・治療センター（仮称）及び北斗リハビリテーションセンターは、開業予定時期（平成30年5月）を過ぎたが、開業の記録はない（拠点の記録は平成30年3月31日まで）。",
            ],
            &["国別の医療拠点数（平成30年6月30日時点）"],
        ),
        en: (
            &[
                "As of 31 March 2018, 21 Japanese medical hubs were open abroad",
                "Hubs by country (as of 31 March 2018; nothing is recorded after that date)",
                "Hokuto Rehabilitation Centre were expected to open in May 2018. No opening is recorded; the record of hubs runs to 31 March 2018.",
            ],
            &["Hubs by country (30 June 2018)"],
        ),
    }
    .check();
}

#[test]
fn a_status_the_legend_gives_is_footnoted_where_the_report_lists_it() {
    fy2017q4(
        (&["※ 開業予定の区分と「平成30年度以降」は資料の凡例（130行）による。"], &[]),
        (
            &["* The class “planned” and “FY2018 or later” come from the source’s legend (line 130)."],
            &[],
        ),
    )
    .check();
}

#[test]
fn a_named_country_with_no_hub_in_the_record_is_to_confirm_as_such() {
    Says {
        report: "briefing",
        ..fy2017q4(
            (
                &["例示国のうち資料に拠点の記載がない国：トルコ、エジプト、ケニア。"],
                &["開業済みの拠点がない国"],
            ),
            (
                &["Named countries with no hub in the record: Turkey, Egypt, Kenya."],
                &["with no open hub"],
            ),
        )
    }
    .check();
}

#[test]
fn a_status_the_source_does_not_date_reads_as_at_a_date_not_as_a_deadline() {
    fy2017q4(
        (
            &["実行可能性調査中 平成30年3月末時点"],
            &["〜平成30年3月末", "時期不明"],
        ),
        (
            &["Feasibility study as of end of March 2018"],
            &["by end of March 2018"],
        ),
    )
    .check();
}

#[test]
fn a_working_group_the_task_force_decided_to_convene_is_not_said_to_be_set_up_on_that_day_unflagged(
) {
    Says {
        period: "FY2016Q4",
        ..fy2017q4(
            (
                &["※ 資料は会合の議題に「…ワーキンググループ開催について」と記し、設置の日は記していない。本報告は、その開催を議題とした会合の日を設置の日として数える。"],
                &[],
            ),
            (
                &["This report counts the date of the meeting whose business was to convene the group as its set-up."],
                &[],
            ),
        )
    }
    .check();
}

#[test]
fn the_expected_value_is_disclosed_as_the_reports_own_straight_line() {
    fy2017q4(
        (
            &["「現時点の想定値」は、基準（平成25年8月7日の1か所）から期限（2020年12月31日）の目標値まで一定の割合で増えた場合の値であり、本報告の試算である。資料は途中の目標を示していない。"],
            &["令和"],
        ),
        (
            &["is where a straight line from the baseline (1 on 7 August 2013) to the target by the deadline (31 December 2020) would stand: this report"],
            &[],
        ),
    )
    .check();
}

#[test]
fn a_quarter_before_the_first_member_count_says_none_recorded() {
    Says {
        period: "FY2016Q4",
        ..fy2017q4(
            (
                &["会員企業・団体数：平成29年3月31日時点の記録はない。"],
                &["会員企業・団体数：—"],
            ),
            (
                &["Members: no count is recorded for 31 March 2017. The platform started in September 2016."],
                &["Members: —", "none recorded as of"],
            ),
        )
    }
    .check();
}
