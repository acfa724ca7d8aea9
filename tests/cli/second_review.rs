//! The second review's findings, each read in the rendered text (the HTML's and the PDF's, in
//! both languages where they apply): the briefing discloses a class only the legend gives, states
//! an event and an agreement in plain sentences with their sources, and more.

use crate::common;
use common::{fy2018q1_news, rendered, says, Env, FY2018Q1_KNOWN};

const KNOWN_2017Q4: &str = "2018-04-10T09:00:00+09:00";

/// Finding 7: where a briefing names Hokuto Rehabilitation Centre as planned, it says that the
/// class comes from the source's legend, the entry itself reading 「平成30年5月開設」.
#[test]
fn a_briefing_footnotes_a_planned_class_that_only_the_legend_gives() {
    let note = |lang| {
        match lang {
        "ja" => "※ 北斗リハビリテーションセンターの開業予定の区分は資料の凡例（130行）による（拠点の欄は「平成30年5月開設」と記す）。",
        _ => "* Hokuto Rehabilitation Centre: the source has 「平成30年5月開設」 (opened May 2018); its legend (line 130) counts it as planned.",
    }
    };
    let env = Env::new();
    for lang in ["ja", "en"] {
        let marked = match lang {
            "ja" => [
                "平成30年5月：北斗リハビリテーションセンター（ロシア）の開業予定※",
                "開業は記録されていない※。",
            ],
            _ => [
                "May 2018: Hokuto Rehabilitation Centre (Russia) is expected to open*",
                "no opening is recorded.*",
            ],
        };
        let fy2017q4 = rendered(&env, "briefing", "FY2017Q4", lang, KNOWN_2017Q4);
        says(
            &fy2017q4,
            &format!("FY2017Q4 {lang}"),
            &[marked[0], note(lang)],
            &[],
        );
        // The China centre's entry says 開設予定 itself: no note (and in English, no mark).
        let china = match lang {
            "ja" => "生活習慣病予防・治療センター（仮称）の開業予定の区分",
            _ => "(China) is expected to open*",
        };
        says(&fy2017q4, &format!("FY2017Q4 {lang}"), &[], &[china]);
        let fy2018q1 = rendered(&env, "briefing", "FY2018Q1", lang, FY2018Q1_KNOWN);
        says(
            &fy2018q1,
            &format!("FY2018Q1 {lang}"),
            &[marked[1], note(lang)],
            &[],
        );
    }
}

/// Finding 10: the briefing restates the council's meeting as a sentence; the quarterly report
/// restates it in its own style too (「第2回協議会を開催した。」), not line 38's 「第２回目」.
#[test]
fn the_councils_meeting_is_a_sentence_in_the_briefing_and_restated_in_the_report() {
    let env = Env::new();
    for (lang, has, not) in [
        (
            "ja",
            "国際・アジア健康構想協議会が第2回協議会を開催した（平成30年3月）。",
            ["第２回目", "と記している"],
        ),
        (
            "en",
            "The International and Asia Health and Human Well-Being Initiative Council met a second time in March 2018.",
            ["reads:", "Second meeting of the council held"],
        ),
    ] {
        let texts = rendered(&env, "briefing", "FY2017Q4", lang, KNOWN_2017Q4);
        says(&texts, &format!("briefing {lang}"), &[has], &not);
    }
    let texts = rendered(&env, "quarterly", "FY2017Q4", "ja", KNOWN_2017Q4);
    says(
        &texts,
        "quarterly ja",
        &["国際・アジア健康構想協議会：第2回協議会を開催した。"],
        &["第２回目", "「第2回協議会"],
    );
}

/// Finding 11: the news briefing's agreement is a plain sentence that names the user's source.
#[test]
fn the_news_briefing_states_the_agreement_plainly_with_its_source() {
    let env = fy2018q1_news();
    for (lang, has, not) in [
        (
            "ja",
            "平成30年6月12日付で、インドとの協力覚書（MOC）「日印ヘルスケア協力覚書」が作成された（出典：厚労省報道発表 2018-06-12）。",
            "当期の日付の政府間文書は",
        ),
        (
            "en",
            "Japan and India have a memorandum of cooperation (MOC) dated 12 June 2018, titled “Japan-India healthcare MOC” (source: 厚労省報道発表 2018-06-12 (in Japanese)).",
            "government document is dated this quarter",
        ),
    ] {
        let texts = rendered(&env, "briefing", "FY2018Q1", lang, FY2018Q1_KNOWN);
        says(&texts, &format!("news briefing {lang}"), &[has], &[not]);
    }
}

/// Finding 14: Annex 1 gives the dialysis and CT centres' months as a list, and its three
/// footnotes have marks of their own (※1 ※2 ※3 / * † ‡), each on the cells it explains,
/// numbered in the order a reader meets them (the Myanmar row comes before the Russian ones).
#[test]
fn the_annexs_three_footnotes_have_distinct_marks() {
    let env = Env::new();
    for (lang, has, not) in [
        (
            "ja",
            vec![
                "透析センター・CTセンター ミャンマー グリーンホスピタルサプライ 開業済み 平成26年8月、平成27年9月※1",
                "北斗画像診断センター ロシア 医療法人北斗 開業済み 平成25年5月※2",
                "北斗リハビリテーションセンター ロシア 医療法人北斗、日揮 開業予定※3 平成30年5月（予定）",
                "※2 北斗画像診断センター（平成25年5月）の開業時期は、資料では「開設予定」と記されている。",
                "※1 透析センター・CTセンター：資料は開設の時期を並べて記すのみで、どの施設の時期かを記していない。",
                "※3 開業予定の区分と「平成30年度以降」は資料の凡例（130行）による。",
            ],
            vec!["平成27年9月開設"],
        ),
        (
            "en",
            vec![
                "August 2014; September 2015*",
                "Open May 2013†",
                "Planned‡",
                "† The source gives the opening of Hokuto Diagnostic Imaging Centre (May 2013) as 「開設予定」 (planned to open).",
                "* Dialysis Centre and CT Centre: the source gives the months together and does not say which centre opened when.",
                "‡ The class “planned” and “FY2018 or later” come from the source’s legend (line 130).",
            ],
            vec!["August 2014 and September 2015", "September 2015†"],
        ),
    ] {
        let texts = rendered(&env, "quarterly", "FY2017Q4", lang, KNOWN_2017Q4);
        // The annex: from its heading to the other projects that follow the hubs.
        let annexes: Vec<(&str, String)> = texts
            .iter()
            .map(|(f, t)| {
                let from = if lang == "ja" { "別添1" } else { "Annex 1" };
                let to = if lang == "ja" { "その他の案件" } else { "Other projects" };
                let at = t.rfind(from).unwrap_or_else(|| panic!("{lang} {f}: no {from}"));
                let annex = &t[at..];
                (*f, annex[..annex.find(to).unwrap_or(annex.len())].to_string())
            })
            .collect();
        says(&annexes, &format!("annex {lang}"), &has, &not);
    }
}

/// Finding 13: in the PDF, a body's name in Annex 1's partner column and the date in the target
/// table's outlook break only after 「、」 or at a space, never inside a word; the HTML marks
/// both cells as ones that keep their words (`class="words"`: CSS `word-break: keep-all`).
#[test]
fn names_and_dates_in_the_tables_break_only_between_words() {
    let env = fy2018q1_news();
    let whole = [
        "医療法人社団ベル歯科",
        "富士フイルム",
        "東芝メディカルシステムズ",
        "平成29年2月に達成※",
    ];
    let broken = ["ベル 歯科", "富士 フイルム", "東芝 メディカル", "達 成"];
    for (period, known) in [("FY2017Q4", KNOWN_2017Q4), ("FY2018Q1", FY2018Q1_KNOWN)] {
        for format in ["html", "pdf"] {
            let out = env.path(&format!("quarterly.{period}.{format}"));
            common::render_period(&env, "quarterly", period, "ja", format, known, &out);
            if format == "html" {
                let html = std::fs::read_to_string(&out).unwrap();
                assert!(
                    html.contains("<td class=\"words\">平成29年2月に達成※2</td>"),
                    "{period}"
                );
                assert!(html.contains("<td class=\"words\">モリタ、医療法人社団ベル歯科</td>"));
                continue;
            }
            let Some(text) = common::file_text(&out) else {
                continue;
            };
            for w in whole {
                assert!(text.contains(w), "{period}: {w} broken in {text}");
            }
            for b in broken {
                assert!(!text.contains(b), "{period}: {b} in {text}");
            }
        }
    }
}

/// Finding 18a: in Japanese, Annex 1 sorts the countries by their readings, so 中国 (チュウゴク)
/// stands between タイ and ...ブラジル, not after ロシア; English sorts by the English names. A
/// country a user adds sorts by the reading given with it, or by its name.
#[test]
fn countries_sort_by_their_reading_in_japanese() {
    let env = Env::new();
    let order = |text: &str, names: &[&str]| {
        let at: Vec<usize> = names
            .iter()
            .map(|n| text.find(n).unwrap_or_else(|| panic!("no {n} in {text}")))
            .collect();
        at.windows(2).all(|w| w[0] < w[1])
    };
    for (format, text) in rendered(&env, "quarterly", "FY2017Q4", "ja", KNOWN_2017Q4) {
        let annex = &text[text.rfind("別添1").unwrap()..];
        // The open hubs: タイ, then 中国's two, then フィリピン ... ロシア.
        assert!(
            order(
                annex,
                &[
                    "オリンパスメコン外科",
                    "普華相澤リハビリテーションセンター",
                    "国際先進消化器内視鏡センター",
                    "北斗画像診断センター"
                ]
            ),
            "{format}: {annex}"
        );
    }
    // A country added with a reading, and one without (sorted by its name).
    env.ok(&[
        "country",
        "add",
        "SG",
        "--name-ja",
        "星国",
        "--name-en",
        "Singapore",
        "--reading",
        "しんがぽーる",
    ]);
    env.ok(&[
        "country",
        "add",
        "SA",
        "--name-ja",
        "サウジアラビア",
        "--name-en",
        "Saudi Arabia",
    ]);
    let list = env.ok(&["country", "list", "--format", "csv"]);
    assert!(
        list.contains("SG,星国,Singapore,0,\"\",シンガポール"),
        "{list}"
    );
    assert!(
        list.contains("CN,中国,China,1,\"tf2018-03 L49-51, L163-165\",チュウゴク"),
        "{list}"
    );
    let (_, err) = env.fails(&[
        "country",
        "add",
        "XX",
        "--name-ja",
        "某国",
        "--name-en",
        "X",
        "--reading",
        "某",
    ]);
    assert!(
        err.contains("--reading '某' is not a reading in kana"),
        "{err}"
    );
}
