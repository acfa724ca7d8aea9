//! A table cell's words: where the text of a name, a date or a list of names may break (only at
//! a space, a punctuation mark or where katakana begins or ends, never between two letters), and
//! the cheap measure of plain text that sizes a column.

use super::doc::Cell;
use super::text::*;
use super::{LayoutError, Measure};

/// Whether a cell has the class `name`.
pub(super) fn has_class(c: &Cell<'_>, name: &str) -> bool {
    c.class
        .is_some_and(|k| k.split_whitespace().any(|w| w == name))
}

/// Whether a cell keeps its words whole: a name, a date or a list of names (`class="name"`,
/// `class="words"`) breaks only at a space or a punctuation mark, never between two letters, in Japanese too (where a
/// line may otherwise break between any two characters: 「ミャンマ／ー」, 「平成27年9／月」).
pub(super) fn keeps_words(c: &Cell<'_>) -> bool {
    has_class(c, "name") || has_class(c, "words")
}

/// Where a cell that keeps its words may break inside a run of letters. A hub's name (`name`),
/// a long compound with no space, may break where katakana begins or ends
/// (大腸がん検診／システムトレーニングセンター); a list of names or a date (`words`) breaks only at a
/// space or after a punctuation mark (「、」), so that a body's name stays whole
/// (医療法人社団ベル歯科, 富士フイルム, 東芝メディカルシステムズ) and so does a date with its words
/// (平成29年2月に達成).
///
/// Any other table cell with Japanese in it breaks between phrases (`AtPhrases`): at a space,
/// after a closing bracket or a comma (「、」「・」「）」「」」), before an opening bracket, and where
/// hiragana is followed by another letter (「…プラットフォームの／会員企業・団体数」), never inside a
/// run of kanji or between a kanji and its okurigana. A phrase wider than the cell breaks where its
/// script changes (`InsidePhrase`: 「栄養改善事業推進／プラットフォームの」), and only past that
/// between any two letters, so that nothing runs past the margin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Breaks {
    AtScriptChange,
    AtSpacesAndPunctuation,
    AtPhrases,
    InsidePhrase,
}

impl Breaks {
    /// The breaks of a cell that keeps its words.
    pub(super) fn of(c: &Cell<'_>) -> Breaks {
        match has_class(c, "name") {
            true => Breaks::AtScriptChange,
            false => Breaks::AtSpacesAndPunctuation,
        }
    }
}

/// How a table cell's lines break: a cell that keeps its words as its class says; another cell with
/// Japanese in it (and no badge) between phrases; `None` for the rest, which break at every
/// opportunity of UAX #14 less the protected groups, as running text does.
pub(super) fn cell_breaks(c: &Cell<'_>, runs: &[Run]) -> Option<Breaks> {
    if keeps_words(c) {
        return Some(Breaks::of(c));
    }
    let japanese = runs
        .iter()
        .any(|r| r.text.chars().any(|c| script(c) != Script::Other));
    (japanese && runs.iter().all(|r| r.badge.is_none())).then_some(Breaks::AtPhrases)
}

/// The script of a letter, for where a Japanese phrase may break. `Other` is neither kana nor
/// kanji: Latin letters, digits, punctuation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Kanji,
    Hiragana,
    Katakana,
    Other,
}

fn script(c: char) -> Script {
    match c {
        '\u{3041}'..='\u{309F}' => Script::Hiragana,
        c if katakana(c) => Script::Katakana,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '々'
        | '〆' => Script::Kanji,
        _ => Script::Other,
    }
}

/// Whether a phrase of Japanese may end between `a` and `b`: after a space or a closing mark,
/// before an opening bracket, or where hiragana (a particle, an ending) is followed by another
/// letter.
fn phrase_break(a: char, b: char) -> bool {
    const CLOSING: &str = "、。，．・：；！？）」』】〕〉》,.;:!?)]";
    const OPENING: &str = "（「『【〔〈《([";
    a.is_whitespace()
        || CLOSING.contains(a)
        || (OPENING.contains(b) && !OPENING.contains(a))
        || (script(a) == Script::Hiragana && script(b) != Script::Hiragana && in_word(b))
}

/// Whether a phrase too wide for its cell may break between `a` and `b`: where its script changes
/// between two letters (kanji and katakana, kana and Latin), but not before hiragana, which stays
/// with what it follows (a kanji's okurigana, a particle).
fn script_break(a: char, b: char) -> bool {
    phrase_break(a, b)
        || (in_word(a)
            && in_word(b)
            && script(a) != script(b)
            && script(b) != Script::Hiragana
            && !(digit(a) || digit(b)))
}

/// A word of a cell that keeps its words, and the spaces after it.
pub(super) struct WordGroup {
    pub(super) word: Vec<Run>,
    pub(super) space: String,
    /// The run the spaces are in.
    pub(super) space_run: Option<Run>,
}

/// Whether a character belongs to a word: a letter or a digit of any script (kana, kanji, the
/// long-vowel mark), or a note mark that stays with what it marks.
fn in_word(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '※' | '*' | '々' | '〆')
}

/// Whether a character is katakana (with the long-vowel mark): a Japanese name changes words
/// where it changes between katakana and other letters (大腸がん検診／システムトレーニングセンター).
pub(super) fn katakana(c: char) -> bool {
    matches!(c, '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}')
}

/// Whether a line may not break between two characters of a word.
fn joined_letters(a: char, b: char, breaks: Breaks) -> bool {
    match breaks {
        Breaks::AtPhrases => !phrase_break(a, b),
        Breaks::InsidePhrase => !script_break(a, b),
        _ => {
            in_word(a)
                && in_word(b)
                && (breaks == Breaks::AtSpacesAndPunctuation || katakana(a) == katakana(b))
        }
    }
}

/// The runs cut into words: at the line break opportunities of UAX #14 that are not between two
/// letters of a word (so after a space or a comma, before an opening bracket, and in a name where
/// katakana begins or ends).
pub(super) fn word_groups(runs: &[Run], breaks: Breaks) -> Vec<WordGroup> {
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    let mut cuts = vec![0];
    for (i, _) in linebreaks(&text) {
        let before = text[..i].chars().next_back();
        let after = text[i..].chars().next();
        match (before, after) {
            (Some(a), Some(b)) if joined_letters(a, b, breaks) => {}
            _ => cuts.push(i),
        }
    }
    cuts.dedup();
    cuts.windows(2)
        .filter(|w| w[0] < w[1])
        .map(|w| {
            let (a, b) = (w[0], w[1]);
            let end = a + text[a..b].trim_end().len();
            WordGroup {
                word: slice_runs(runs, a, end),
                space: text[end..b].to_string(),
                space_run: slice_runs(runs, end, b).into_iter().next(),
            }
        })
        .collect()
}

/// The runs' text between bytes `a` and `b` of their joined text, each part in its run's look.
fn slice_runs(runs: &[Run], a: usize, b: usize) -> Vec<Run> {
    let mut out = Vec::new();
    let mut start = 0;
    for r in runs {
        let end = start + r.text.len();
        let (x, y) = (a.max(start), b.min(end));
        if x < y {
            out.push(Run {
                text: r.text[x - start..y - start].to_string(),
                ..r.clone()
            });
        }
        start = end;
    }
    out
}

/// The widest line (max content width) and the widest unbreakable segment (min content width) of
/// plain runs, measured without building lines: the cheap path for sizing table columns.
pub(super) fn plain_widths(
    m: &dyn Measure,
    runs: &[Run],
    size: f64,
) -> Result<(f64, f64), LayoutError> {
    let mut text = String::new();
    let mut owner: Vec<(usize, usize)> = Vec::with_capacity(runs.len()); // (end byte, run)
    check_glyphs(m, runs)?;
    for (i, r) in runs.iter().enumerate() {
        text.push_str(&r.text);
        owner.push((text.len(), i));
    }
    // Width of text[a..b], each part in its run's weight.
    let width = |a: usize, b: usize| -> f64 {
        let mut w = 0.0;
        let mut start = 0;
        for &(end, i) in &owner {
            let (x, y) = (a.max(start), b.min(end));
            if x < y {
                w += m.width(&text[x..y], size, runs[i].face);
            }
            start = end;
        }
        w
    };
    let (mut max, mut min, mut line, mut start) = (0.0f64, 0.0f64, 0.0f64, 0);
    for (end, opportunity) in linebreaks(&text) {
        let seg = &text[start..end];
        let (visible, shown) = (
            seg.trim_end_matches([' ', '\t', '\n']).len(),
            seg.trim_end_matches('\n').len(),
        );
        let full = width(start, start + shown);
        let w = match visible == shown {
            true => full,
            false => width(start, start + visible),
        };
        min = min.max(w);
        line += full;
        if opportunity == unicode_linebreak::BreakOpportunity::Mandatory {
            max = max.max(line - (full - w));
            line = 0.0;
        }
        start = end;
    }
    max = max.max(line);
    Ok((max, min))
}

/// The eras a Japanese date may be counted in (平成30年6月12日, 令和元年).
pub(super) const ERAS: [&str; 4] = ["令和", "平成", "昭和", "大正"];

/// What may follow a number as its unit or counter, kept on the number's line (56社, 21か所, 121%,
/// 3か国); a date's 年, 月 and 日 are among them. Longer ones first, so the whole counter is found.
pub(super) const COUNTERS: [&str; 28] = [
    "か所", "ヶ所", "ヵ所", "カ所", "箇所", "か国", "ヶ国", "カ国", "か月", "ヶ月", "カ月", "年度",
    "年", "月", "日", "回", "社", "件", "人", "名", "国", "所", "団体", "機関", "%", "％", "倍",
    "歳",
];

/// Short words a line never splits: 「2020年までに」 reads as one phrase, 「ま／でに」 as a mistake.
pub(super) const WORDS: [&str; 2] = ["までに", "まで"];

/// Whether a character is a digit, half or full width.
pub(super) fn digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Whether a line must not break between `before` and `after` in Japanese, where UAX #14 allows
/// a break between almost any two characters: inside a run of katakana (with ー and ・ inside:
/// エジプト, ワーキンググループ), inside a date or a number with its unit or counter (平成30年6月12日,
/// 第14回, 21か所, 121%), inside a short word that never parts (まで), or before a note mark (※).
pub(super) fn glued(before: &str, after: &str) -> bool {
    let (Some(a), Some(b)) = (before.chars().next_back(), after.chars().next()) else {
        return false;
    };
    // Each of the rules needs one of these; most boundaries in Japanese text (between two kanji,
    // two hiragana) meet none, and are told so without the words' search.
    // Only a boundary before one of their characters after the first can be inside a word.
    if a == ' ' && (digit(b) || b.is_ascii_uppercase()) && english_date(before, after) {
        return true;
    }
    // A range of numbers stays whole (「lines 33–34」).
    if a == '–' && digit(b) && before[..before.len() - a.len_utf8()].ends_with(digit) {
        return true;
    }
    let inside = inside_a_word(b);
    if !(digit(a) || digit(b) || katakana(b) || matches!(b, '元' | '年' | '※') || inside) {
        return false;
    }
    let ends_in_digit = |s: &str| s.chars().next_back().is_some_and(digit);
    let era_before = |s: &str| ERAS.iter().any(|e| s.ends_with(e));
    (katakana(a) && katakana(b))
        || (digit(a) && digit(b))
        || (digit(a) && COUNTERS.iter().any(|c| after.starts_with(c)))
        || (inside
            && COUNTERS
                .iter()
                .any(|c| split_inside(before, after, c).is_some_and(ends_in_digit)))
        || (matches!(a, '年' | '月') && digit(b) && ends_in_digit(&before[..before.len() - 3]))
        || ((digit(b) || b == '元') && (a == '第' || era_before(before)))
        || (b == '年' && before.strip_suffix('元').is_some_and(era_before))
        || (inside
            && ERAS
                .iter()
                .chain(WORDS.iter())
                .any(|w| split_inside(before, after, w).is_some()))
        // A note mark stays with what it marks (「達成した※。」, never 「達成した／※。」).
        || (b == '※' && !a.is_whitespace())
}

/// Whether the space `before` ends with is inside an English date, which a line never splits:
/// between a month and its year (「February 2017」) or a day and its month (「22 March」).
fn english_date(before: &str, after: &str) -> bool {
    let head = &before[..before.len() - 1];
    let month_before = crate::period::EN_MONTHS_LONG.iter().any(|m| {
        head.strip_suffix(m)
            .is_some_and(|r| !r.ends_with(|c: char| c.is_alphabetic()))
    });
    let year_after = after.chars().take_while(char::is_ascii_digit).count() == 4;
    let day_before = head
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .is_some_and(|d| (1..=2).contains(&d.len()));
    let month_after = crate::period::EN_MONTHS_LONG.iter().any(|m| {
        after
            .strip_prefix(m)
            .is_some_and(|r| !r.starts_with(|c: char| c.is_alphabetic()))
    });
    (month_before && year_after) || (day_before && month_after)
}

/// Whether `c` may follow a boundary inside one of the words a line never splits: it is one of
/// the characters after the first of [`COUNTERS`], [`ERAS`] and [`WORDS`] (a test checks the
/// list against the words). Asked at nearly every boundary of Japanese text.
pub(super) fn inside_a_word(c: char) -> bool {
    matches!(
        c,
        '所' | '国' | '月' | '度' | '体' | '関' | '和' | '成' | '正' | 'で' | 'に'
    )
}

/// Where the boundary between `before` and `after` falls inside the word `w`: the text of
/// `before` that comes before the word.
pub(super) fn split_inside<'b>(before: &'b str, after: &str, w: &str) -> Option<&'b str> {
    w.char_indices().skip(1).find_map(|(at, _)| {
        let head = before.strip_suffix(&w[..at])?;
        after.starts_with(&w[at..]).then_some(head)
    })
}

/// A break opportunity of running text: the byte it is before, whether the line must end there
/// (a `<br>`), and whether it is a soft one, inside a phrase, which a line takes only when the
/// phrase's own start would leave it short ([`running_breaks`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Break {
    pub(super) at: usize,
    pub(super) mandatory: bool,
    pub(super) soft: bool,
}

/// Where running text (a paragraph, a list item, a caption) may break, on lines of about `line`
/// full-width characters. Text with Japanese in it breaks between phrases, as a table cell does
/// ([`Breaks::AtPhrases`]): never inside a verb and its ending (「達成し／た」) or inside a name that
/// runs from kanji into katakana (「人間／ドックセンター」). Inside a phrase it has soft breaks where
/// its script changes to anything but hiragana ([`soft_break`]: 「実行可能性調査中／1か所」), which
/// the line filler takes only when breaking at the phrase's start would leave the line more than
/// about two characters short; a part still longer than a line breaks softly at every opportunity
/// of [`linebreaks`], so that kinsoku holds and nothing runs past the margin. Text without
/// Japanese breaks at every opportunity.
pub(super) fn running_breaks(text: &str, line: usize) -> Vec<Break> {
    use unicode_linebreak::BreakOpportunity::Mandatory;
    let all = linebreaks(text).map(|(at, o)| Break {
        at,
        mandatory: o == Mandatory,
        soft: false,
    });
    if text.chars().all(|c| script(c) == Script::Other) {
        return all.collect();
    }
    let all: Vec<Break> = all.collect();
    let between = |i: usize, rule: &dyn Fn(char, char) -> bool| match (
        text[..i].chars().next_back(),
        text[i..].chars().next(),
    ) {
        (Some(a), Some(b)) => rule(a, b),
        _ => true,
    };
    // Between two characters that are not Japanese (two English words), every break stays.
    let phrase = |a: char, b: char| {
        phrase_break(a, b) || (script(a) == Script::Other && script(b) == Script::Other)
    };
    let long = |from: usize, to: usize| text[from..to].chars().nth(line).is_some();
    let inside = |from: usize, to: usize, rule: &dyn Fn(char, char) -> bool| {
        all.iter()
            .filter(|b| from < b.at && b.at < to && between(b.at, rule))
            .map(|b| Break { soft: true, ..*b })
            .collect::<Vec<_>>()
    };
    let mut out = Vec::with_capacity(all.len());
    let mut start = 0;
    for &end in all.iter().filter(|b| b.mandatory || between(b.at, &phrase)) {
        let mut from = start;
        for at in inside(start, end.at, &soft_break).into_iter().chain([end]) {
            if long(from, at.at) {
                out.extend(inside(from, at.at, &|_, _| true));
            }
            out.push(at);
            from = at.at;
        }
        start = end.at;
    }
    out
}

/// Where a phrase of running text may break softly: where its script changes between two letters
/// or digits, but not before hiragana, which stays with what it follows (a kanji's okurigana, a
/// particle), and not between kanji and katakana, which a name runs across (「東京オリンピック」,
/// 「人間ドック」, 「パラリンピック競技大会」).
fn soft_break(a: char, b: char) -> bool {
    let name = matches!(
        (script(a), script(b)),
        (Script::Kanji, Script::Katakana) | (Script::Katakana, Script::Kanji)
    );
    in_word(a)
        && in_word(b)
        && !name
        && script(b) != Script::Hiragana
        && (script(a) != script(b) || digit(a) != digit(b))
}

/// The line break opportunities of UAX #14 in `text`, less those inside a group that [`glued`]
/// keeps together.
pub(super) fn linebreaks(
    text: &str,
) -> impl Iterator<Item = (usize, unicode_linebreak::BreakOpportunity)> + '_ {
    unicode_linebreak::linebreaks(text).filter(|&(i, o)| {
        o == unicode_linebreak::BreakOpportunity::Mandatory || !glued(&text[..i], &text[i..])
    })
}
