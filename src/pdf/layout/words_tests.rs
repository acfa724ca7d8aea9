//! Japanese line breaks: katakana words, dates and numbers with their counters stay on one line,
//! in running text and in table cells, on the fixed-width measure of the layout tests.

use super::tests::{laid_out, texts, Fixed};
use super::words::{word_groups, Breaks};
use super::*;

/// The lines `text` wraps into at `width` (each CJK character 10 wide).
fn lines_of(text: &str, width: f64) -> Vec<String> {
    super::tests::lines_of(text, 10.0, width)
}

/// Whether `word` lies whole on one of `lines`.
fn on_one_line(lines: &[String], word: &str) -> bool {
    lines.iter().any(|l| l.contains(word))
}

#[test]
fn a_katakana_word_is_never_split_across_lines() {
    // Four characters a line: without the rule 「エジプ／ト」.
    let lines = lines_of("対象国はエジプト（拠点なし）である。", 40.0);
    assert!(on_one_line(&lines, "エジプト"), "{lines:?}");
    let lines = lines_of("設置済みのワーキンググループ", 100.0);
    assert!(on_one_line(&lines, "ワーキンググループ"), "{lines:?}");
    let lines = lines_of("栄養改善事業推進プラットフォーム", 110.0);
    assert!(on_one_line(&lines, "プラットフォーム"), "{lines:?}");
}

/// Whether `word` in `text` lies whole on one line at every width from the word's own (each CJK
/// character 10 wide, each ASCII one 5) to the whole text's, in steps of half a character.
fn whole_at_every_width(text: &str, word: &str) -> Result<(), Vec<String>> {
    let w = |s: &str| Fixed.width(s, 10.0, Face::Regular);
    let mut width = w(word);
    while width < w(text) {
        let lines = lines_of(text, width);
        if !on_one_line(&lines, word) {
            return Err(lines);
        }
        width += 5.0;
    }
    Ok(())
}

#[test]
fn a_date_stays_on_one_line() {
    for (text, date) in [
        ("会合は平成30年6月12日に開かれた。", "平成30年6月12日"),
        ("報告は平成30年5月に出た。", "平成30年5月"),
        ("期限は平成30年3月31日まで。", "平成30年3月31日"),
        ("開始は2018年6月12日である。", "2018年6月12日"),
        ("今回は第14回の会合である。", "第14回"),
        ("目標は2020年までに達成する。", "2020年"),
        ("目標は2020年までに達成する。", "までに"),
        ("事業は令和元年に始めた。", "令和元年"),
    ] {
        if let Err(lines) = whole_at_every_width(text, date) {
            panic!("{date} broken: {lines:?}");
        }
    }
}

#[test]
fn an_english_date_stays_on_one_line() {
    for (text, date) in [
        ("Met in February 2017 and no later.", "February 2017"),
        (
            "The group met on 22 March 2018 for the first time.",
            "22 March 2018",
        ),
        (
            "As of end of March 2018 the list is complete.",
            "March 2018",
        ),
        ("The source (lines 33–34) names no country.", "33–34"),
    ] {
        if let Err(lines) = whole_at_every_width(text, date) {
            panic!("{date} broken: {lines:?}");
        }
    }
    // Other words still part at their spaces.
    let lines = lines_of("Met in February 2017", 40.0);
    assert_eq!(
        lines.first().map(|l| l.trim_end()),
        Some("Met in"),
        "{lines:?}"
    );
}

#[test]
fn a_number_stays_with_its_counter() {
    for (text, word) in [
        ("拠点は全部で21か所ある。", "21か所"),
        ("会員は合計56社となった。", "56社"),
        ("達成率は全体で121%です。", "121%"),
        ("対象国はエジプト（拠点なし）である。", "エジプト"),
        ("設置済みのワーキンググループ", "ワーキンググループ"),
    ] {
        if let Err(lines) = whole_at_every_width(text, word) {
            panic!("{word} broken: {lines:?}");
        }
    }
}

#[test]
fn other_japanese_still_wraps_and_kinsoku_holds() {
    // A line breaks between phrases (after a particle), never inside 「確認し／た」.
    let lines = lines_of("事業の進捗を確認した。次回も確認する。", 50.0);
    assert_eq!(
        lines,
        ["事業の", "進捗を", "確認した。", "次回も", "確認する。"]
    );
    assert!(lines.iter().all(|l| !l.starts_with('。')), "{lines:?}");
    // A katakana word wider than the line breaks inside, never past the margin.
    let lines = lines_of("プラットフォーム", 30.0);
    assert!(lines.len() >= 3, "{lines:?}");
    assert!(lines.iter().all(|l| l.chars().count() <= 3), "{lines:?}");
}

#[test]
fn a_table_cell_keeps_katakana_words_and_dates_whole() {
    // Four columns of long text: each cell wraps into several lines.
    let cell = "栄養改善事業推進プラットフォームの会員は平成30年4月10日時点で56社、設置済みのワーキンググループはエジプト";
    let src = format!(
        "<table><thead><tr><th>一</th><th>二</th><th>三</th><th>四</th></tr></thead><tbody><tr>{}</tr></tbody></table>",
        format!("<td>{cell}</td>").repeat(4)
    );
    let l = laid_out(&src);
    let t = texts(&l, 0);
    assert!(t.len() > 20, "the cells must wrap: {t:?}");
    for word in [
        "プラットフォーム",
        "ワーキンググループ",
        "平成30年4月10日",
        "56社",
        "エジプト",
    ] {
        assert!(on_one_line(&t, word), "{word} broken: {t:?}");
    }
}

/// A table cell's phrases: its words and the spaces after them, as the cell may break them.
fn phrases(text: &str, breaks: Breaks) -> Vec<String> {
    word_groups(&super::tests::plain_runs(text), breaks)
        .into_iter()
        .map(|g| g.word.iter().map(|r| r.text.as_str()).collect::<String>() + &g.space)
        .collect()
}

#[test]
fn a_japanese_table_cell_breaks_between_phrases_never_inside_kanji() {
    for (text, want) in [
        (
            "栄養改善事業推進プラットフォームの会員企業・団体数",
            vec!["栄養改善事業推進プラットフォームの", "会員企業・", "団体数"],
        ),
        ("開業済みの医療拠点", vec!["開業済みの", "医療拠点"]),
        (
            "事務局報告（平成30年7月12日）",
            vec!["事務局報告", "（平成30年7月12日）"],
        ),
        (
            "会員企業・団体数：57※2",
            vec!["会員企業・", "団体数：", "57※2"],
        ),
        (
            "値：56、出典：336行",
            vec!["値：", "56、", "出典：", "336行"],
        ),
    ] {
        assert_eq!(phrases(text, Breaks::AtPhrases), want, "{text}");
    }
    // A phrase too wide for its cell breaks where its script changes, and hiragana stays with
    // what it follows.
    assert_eq!(
        phrases("栄養改善事業推進プラットフォームの", Breaks::InsidePhrase),
        ["栄養改善事業推進", "プラットフォームの"]
    );
    assert_eq!(phrases("開業済みの", Breaks::InsidePhrase), ["開業済みの"]);
}

#[test]
fn a_note_mark_stays_with_what_it_marks() {
    if let Err(lines) = whole_at_every_width("目標は平成29年2月に達成した※。", "た※")
    {
        panic!("た※ broken: {lines:?}");
    }
}

#[test]
fn a_narrow_japanese_cell_breaks_at_its_phrases_and_a_wide_phrase_still_fits() {
    let name = "栄養改善事業推進プラットフォームの会員企業・団体数";
    let filler = "x ".repeat(200);
    for cols in [2, 5] {
        let src = format!(
            "<table><thead><tr><th>一</th>{}</tr></thead><tbody><tr><td>{name}</td>{}</tr></tbody></table>",
            "<th>x</th>".repeat(cols - 1),
            format!("<td>{filler}</td>").repeat(cols - 1)
        );
        let lines: Vec<String> = texts(&laid_out(&src), 0)
            .into_iter()
            .filter(|t| !t.is_ascii() && t != "一")
            .collect();
        assert_eq!(lines.concat(), name, "{cols}: {lines:?}");
        // No line break falls inside a run of kanji or between a kanji and its okurigana.
        let kanji = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
        let hiragana = |c: char| ('\u{3041}'..='\u{309F}').contains(&c);
        for w in lines.windows(2) {
            let (a, b) = (w[0].chars().last().unwrap(), w[1].chars().next().unwrap());
            assert!(
                !(kanji(a) && (kanji(b) || hiragana(b))),
                "{cols}: {lines:?}"
            );
        }
    }
}

#[test]
fn a_column_takes_the_share_of_the_table_its_head_asks_for() {
    let src = "<table><thead><tr><th class=\"w30\">一</th><th>二</th><th>三</th></tr></thead><tbody><tr><td>あ</td><td>い</td><td>う</td></tr></tbody></table>";
    let l = laid_out(src);
    let x = |t: &str| {
        l.pages[0].items.iter().find_map(|i| match i {
            Item::Text { text, x, .. } if text == t => Some(*x),
            _ => None,
        })
    };
    let (a, b, c) = (x("一").unwrap(), x("二").unwrap(), x("三").unwrap());
    // The first column is 30% of the table, the two others share the rest alike.
    let table = (c - a) + (c - b);
    assert!(((b - a) / table - 0.3).abs() < 0.01, "{a} {b} {c}");
}

#[test]
fn the_characters_inside_the_words_never_split_are_listed() {
    let mut inside: Vec<char> = words::COUNTERS
        .iter()
        .chain(&words::ERAS)
        .chain(&words::WORDS)
        .flat_map(|w| w.chars().skip(1))
        .collect();
    inside.sort_unstable();
    inside.dedup();
    let listed: Vec<char> = (0..0x30000)
        .filter_map(char::from_u32)
        .filter(|&c| words::inside_a_word(c))
        .collect();
    assert_eq!(listed, inside);
}

/// The rules of [`words::glued`] as they read, with none of its quick checks: a boundary of
/// Japanese text is glued when it is inside a run of katakana, of digits, a number and its
/// counter, a date, or a word never split.
fn by_the_rules(before: &str, after: &str) -> bool {
    let (Some(a), Some(b)) = (before.chars().next_back(), after.chars().next()) else {
        return false;
    };
    let (digit, katakana) = (words::digit, words::katakana);
    let ends_in_digit = |s: &str| s.chars().next_back().is_some_and(digit);
    let era_before = |s: &str| words::ERAS.iter().any(|e| s.ends_with(e));
    let split_inside = |w: &str| words::split_inside(before, after, w);
    (katakana(a) && katakana(b))
        || (digit(a) && digit(b))
        || (digit(a) && words::COUNTERS.iter().any(|c| after.starts_with(c)))
        || words::COUNTERS
            .iter()
            .any(|c| split_inside(c).is_some_and(ends_in_digit))
        || (matches!(a, '年' | '月') && digit(b) && ends_in_digit(&before[..before.len() - 3]))
        || ((a == '第' || era_before(before)) && (digit(b) || b == '元'))
        || (b == '年' && before.strip_suffix('元').is_some_and(era_before))
        || words::ERAS
            .iter()
            .chain(words::WORDS.iter())
            .any(|w| split_inside(w).is_some())
        || (b == '※' && !a.is_whitespace())
}

#[test]
fn the_quick_checks_never_change_what_the_rules_glue() {
    // Every character the rules name, with kanji, kana and Latin letters around them: windows
    // of three characters on each side of a boundary, as many as the rules look at.
    let chars: Vec<char> =
        "0123456789０１２３４５６７８９か所ヶヵカ箇国月年度日回社件人名団体機関%％倍歳令和平成昭大正元第までにエジプトー・拠点のAb 、※"
            .chars()
            .collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut glued = 0;
    for _ in 0..200_000 {
        let window: String = (0..6).map(|_| chars[next(chars.len())]).collect();
        let at = window.char_indices().nth(3).unwrap().0;
        let (before, after) = window.split_at(at);
        let rules = by_the_rules(before, after);
        assert_eq!(words::glued(before, after), rules, "{before}|{after}");
        glued += usize::from(rules);
    }
    assert!(glued > 10_000, "{glued}");
}

/// Running Japanese text breaks between phrases, as a table cell does: the round-6 findings
/// 「達成し／た※。」 and 「人間／ドックセンター」 stay whole at every width, no line is wider than its
/// width, and no line but the last ends more than a long phrase short of it.
#[test]
fn running_japanese_text_breaks_between_phrases_and_stays_even() {
    let text = "海外の日本の医療拠点 2020年までに20か所程度：実績21か所（平成30年3月31日時点。目標値20か所）。平成29年2月に達成した※。平成30年5月に、生活習慣病予防・治療センター（仮称）（中国）、北斗リハビリテーションセンター（ロシア）、人間ドックセンター（ベトナム）が開業した。栄養改善事業推進プラットフォーム（平成30年3月末時点の資料の記載）：「2020年東京オリンピック・パラリンピック競技大会にあわせて日本で開催される『栄養サミット』も念頭に、プロジェクトの立ち上げを推進」";
    for chars in 12..=48 {
        let width = chars as f64 * 10.0;
        let lines = super::tests::lines_of(text, 10.0, width);
        assert_eq!(
            lines.concat().replace(' ', ""),
            text.replace(' ', ""),
            "{chars}: {lines:?}"
        );
        for pair in lines.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            // A name stays whole on a line of which its phrase takes no more than two thirds
            // (「「2020年東京オリンピック・パラリンピック競技大会にあわせて」 is 31 characters).
            let name = (chars * 2 / 3 >= 31).then_some(("東京", "オリンピック"));
            for (end, start) in [("達成し", "た"), ("達成した", "※"), ("人間", "ドック")]
                .into_iter()
                .chain(name)
            {
                assert!(
                    !(a.ends_with(end) && b.starts_with(start)),
                    "{chars}: {lines:?}"
                );
            }
        }
        for l in lines.iter().map(|l| l.trim_end()) {
            assert!(
                super::tests::Fixed.width(l, 10.0, Face::Regular) <= width + 0.01,
                "{chars}: {l}"
            );
        }
        // Lines end full or nearly (a soft break inside a phrase is taken rather than leave
        // more than two characters), but before a name that never breaks (the quotation).
        if chars >= 36 {
            for pair in lines.windows(2) {
                let l = pair[0].trim_end();
                if pair[1].starts_with("「2020年東京") {
                    continue;
                }
                let short = width - super::tests::Fixed.width(l, 10.0, Face::Regular);
                assert!(short <= width / 3.0 + 0.01, "{chars}: {l} in {lines:?}");
            }
        }
    }
    // English breaks as before, at every space.
    assert_eq!(
        super::tests::lines_of("The target was met in February 2017.", 10.0, 120.0),
        vec!["The target was met in ", "February 2017."]
    );
}
