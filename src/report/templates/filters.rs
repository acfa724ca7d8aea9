//! The filters and functions templates call: dates as precise as the source gives them, numbers,
//! words from the glossary, and the SVG charts.

use super::super::charts;
use super::super::context::{date_en, month_en, wareki_date, wareki_month, when};
use super::bad;
use crate::i18n::glossary::Glossary;
use crate::i18n::{Lang, Rag};
use chrono::NaiveDate;
use minijinja::value::{Rest, Value};
use minijinja::Environment;
use std::sync::Arc;

fn parse_day(s: &str) -> std::result::Result<NaiveDate, minijinja::Error> {
    let day = s.get(..10).unwrap_or(s);
    // A day as the context writes it (every date of an annex row), read without a format's
    // parse; anything else as the format reads it.
    if let Some(d) = iso_day(day) {
        return Ok(d);
    }
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map_err(|_| bad(format!("'{s}' is not a date (YYYY-MM-DD)")))
}

/// `YYYY-MM-DD` in exactly those digits, when it is a day of the calendar.
fn iso_day(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(5..7)?, digits(8..10)?)
}

/// Groups digits by thousands: 1234567.5 → 1,234,567.5
pub fn group(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s
        .split_once('.')
        .map(|(a, b)| (a.to_string(), Some(b.to_string())))
        .unwrap_or((s.clone(), None));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f);
    }
    if v < 0.0 && v.abs() >= 0.5 * 10f64.powi(-(decimals as i32)) {
        out.insert(0, '-');
    }
    out
}

/// Text as markup paragraphs, escaped: each run of lines between blank lines is a `<p>`. In an
/// English report, a paragraph written in Japanese is marked as such (`<span lang="ja">`), so that
/// a screen reader reads it in its own language.
fn paragraphs(text: &str, report: Lang) -> String {
    let mut out = String::new();
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, out: &mut String| {
        if !para.is_empty() {
            let text = para.join("\n");
            let escaped = minijinja::HtmlEscape(&text).to_string();
            if report == Lang::En && mostly_japanese(&text) {
                out.push_str(&format!("<p><span lang=\"ja\">{escaped}</span></p>"));
            } else {
                out.push_str(&format!("<p>{escaped}</p>"));
            }
            para.clear();
        }
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut para, &mut out);
        } else {
            para.push(line.trim_end());
        }
    }
    flush(&mut para, &mut out);
    out
}

/// Whether a text has more Japanese characters than Latin letters.
fn mostly_japanese(text: &str) -> bool {
    let ja = text.chars().filter(|c| japanese(*c)).count();
    ja > text.chars().filter(|c| c.is_ascii_alphabetic()).count()
}

/// Registers a filter, which must be described in the reference (`report::reference`): a debug
/// build, and so every test, stops at one that is not.
fn add_filter<F, Rv, Args>(env: &mut Environment<'static>, name: &'static str, f: F)
where
    F: minijinja::functions::Function<Rv, Args>,
    Rv: minijinja::value::FunctionResult,
    Args: for<'a> minijinja::value::FunctionArgs<'a>,
{
    debug_assert!(
        super::super::reference::filter(name).is_some(),
        "the filter {name} has no entry in src/report/reference.rs"
    );
    env.add_filter(name, f);
}

/// Registers a function, which must be described in the reference, as [`add_filter`].
pub(super) fn add_function<F, Rv, Args>(env: &mut Environment<'static>, name: &'static str, f: F)
where
    F: minijinja::functions::Function<Rv, Args>,
    Rv: minijinja::value::FunctionResult,
    Args: for<'a> minijinja::value::FunctionArgs<'a>,
{
    debug_assert!(
        super::super::reference::function(name).is_some(),
        "the function {name} has no entry in src/report/reference.rs"
    );
    env.add_function(name, f);
}

/// Whether a character is Japanese script (kana, kanji, full-width forms).
pub fn japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// The text, escaped, and marked with its language when it is written in the other language's
/// script: a name in Latin letters in a Japanese report (`<span lang="en">`), one in Japanese in an
/// English report (`<span lang="ja">`), so that a screen reader reads it in its own language.
fn lang_mark(text: &str, report: Lang) -> String {
    let other = match report {
        Lang::Ja => !text.chars().any(japanese) && text.bytes().any(|c| c.is_ascii_alphabetic()),
        Lang::En => text.chars().any(japanese),
    };
    let mut out = String::with_capacity(text.len() + if other { 24 } else { 0 });
    if other {
        out.push_str(report.choose("<span lang=\"en\">", "<span lang=\"ja\">"));
    }
    let mut rest = text;
    while let Some(i) = rest.find(['&', '<', '>', '"']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => "&quot;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    if other {
        out.push_str("</span>");
    }
    out
}

/// The text, escaped; in an English report, each run of Japanese in it marked `<span lang="ja">`.
/// A run is Japanese script with the Japanese punctuation (「」、。) and the spaces and digits inside
/// it.
fn ja_runs(text: &str, report: Lang) -> String {
    let escape = |s: &str| minijinja::HtmlEscape(s).to_string();
    if report == Lang::Ja || !text.chars().any(japanese) {
        return escape(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let wide = |c: char| japanese(c) || ('\u{3000}'..='\u{303F}').contains(&c);
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        if wide(chars[i]) {
            // The run goes on over spaces and digits followed by more of it (平成30年7月12日).
            while i < chars.len() {
                let next = chars[i..]
                    .iter()
                    .position(|c| *c != ' ' && !c.is_ascii_digit())
                    .map(|n| i + n);
                match next {
                    Some(n) if wide(chars[n]) => i = n + 1,
                    _ => break,
                }
            }
            // Digits right after it end it (その2): a number the Japanese counts with.
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            out.push_str(&format!("<span lang=\"ja\">{}</span>", escape(&run)));
        } else {
            while i < chars.len() && !wide(chars[i]) {
                i += 1;
            }
            out.push_str(&escape(&chars[start..i].iter().collect::<String>()));
        }
    }
    out
}

/// The words for a RAG code in a language ("?" for a code tenkai does not know).
fn rag_text(rag: &str, lang: Lang, glossary: &Glossary) -> String {
    match Rag::from_code(rag) {
        Some(r) => glossary.word(&format!("rating.{}", r.code()), lang),
        None => "?".into(),
    }
}

/// The colour of a RAG code in charts (grey for a code tenkai does not know).
pub fn rag_color(rag: &str) -> &'static str {
    Rag::from_code(rag).unwrap_or(Rag::NoData).color()
}

/// `wareki`, `wareki_month`, `date_ja`, `month_ja`, `date_en`, `month_en`, and `when` (a date as
/// precise as the source gives it, in the report's language).
pub(super) fn date_filters(env: &mut Environment<'static>, lang: Lang) {
    add_filter(
        env,
        "wareki",
        |s: String| -> std::result::Result<String, minijinja::Error> {
            Ok(wareki_date(parse_day(&s)?))
        },
    );
    add_filter(
        env,
        "wareki_month",
        |s: String| -> std::result::Result<String, minijinja::Error> {
            Ok(wareki_month(parse_day(&s)?))
        },
    );
    add_filter(
        env,
        "date_ja",
        |s: String| -> std::result::Result<String, minijinja::Error> {
            Ok(parse_day(&s)?.format("%Y年%-m月%-d日").to_string())
        },
    );
    add_filter(
        env,
        "month_ja",
        |s: String| -> std::result::Result<String, minijinja::Error> {
            Ok(parse_day(&s)?.format("%Y年%-m月").to_string())
        },
    );
    add_filter(
        env,
        "date_en",
        |s: String| -> std::result::Result<String, minijinja::Error> {
            Ok(date_en(parse_day(&s)?))
        },
    );
    add_filter(
        env,
        "month_en",
        |s: String| -> std::result::Result<String, minijinja::Error> {
            Ok(month_en(parse_day(&s)?))
        },
    );
    let l = lang;
    // A date as precise as the source gives it, in the report's language.
    add_filter(
        env,
        "when",
        move |s: String,
              precision: Option<String>|
              -> std::result::Result<String, minijinja::Error> {
            Ok(when(parse_day(&s)?, precision.as_deref(), l))
        },
    );
}

/// A filter's input that does not exist (a misspelt name or field) is an error, never the 「—」
/// of a value that exists and is empty: in a report, a figure shown as 「—」 by a typo would be a
/// wrong statement.
/// The error's detail is `{filter}` and this: the error message then names the expression (see
/// `errors::undefined_input`).
pub(super) const UNDEFINED_INPUT: &str = ": its value is undefined";

fn defined(filter: &str, v: &Value) -> std::result::Result<(), minijinja::Error> {
    if v.is_undefined() {
        return Err(bad(format!("{filter}{UNDEFINED_INPUT}")));
    }
    Ok(())
}

/// `num` (digit grouping) and `pct`; both show 「—」 for a value that exists and is empty (no
/// data), and refuse one that does not exist.
pub(super) fn number_filters(env: &mut Environment<'static>) {
    add_filter(
        env,
        "num",
        |v: Value, decimals: Option<usize>| -> std::result::Result<String, minijinja::Error> {
            defined("num", &v)?;
            if v.is_none() {
                return Ok("—".into());
            }
            let f =
                f64::try_from(v.clone()).map_err(|_| bad(format!("num: '{v}' is not a number")))?;
            let d = decimals.unwrap_or(if f.fract() == 0.0 { 0 } else { 1 });
            Ok(group(f, d))
        },
    );
    add_filter(
        env,
        "pct",
        |v: Value, decimals: Option<usize>| -> std::result::Result<String, minijinja::Error> {
            defined("pct", &v)?;
            if v.is_none() {
                return Ok("—".into());
            }
            let f =
                f64::try_from(v.clone()).map_err(|_| bad(format!("pct: '{v}' is not a number")))?;
            Ok(format!("{}%", group(f * 100.0, decimals.unwrap_or(0))))
        },
    );
}

/// `rag_label`, `rag_badge`, `term(key)` (a word of the glossary) and `t(ja, en)`: words in the
/// report's language; `paragraphs`: text (a narrative) as paragraphs, a blank line starting a new one.
pub(super) fn language_filters(
    env: &mut Environment<'static>,
    lang: Lang,
    glossary: &Arc<Glossary>,
) {
    let l = lang;
    add_filter(env, "lang_mark", move |text: String| {
        Value::from_safe_string(lang_mark(&text, l))
    });
    let l = lang;
    add_filter(env, "ja_runs", move |text: String| {
        Value::from_safe_string(ja_runs(&text, l))
    });
    let l = lang;
    add_filter(env, "paragraphs", move |text: String| {
        Value::from_safe_string(paragraphs(&text, l))
    });
    let l = lang;
    let g = glossary.clone();
    add_filter(env, "rag_label", move |rag: String| rag_text(&rag, l, &g));
    let l = lang;
    // A RAG badge: <span class="rag rag-amber">要注意</span>
    let g = glossary.clone();
    add_filter(env, "rag_badge", move |rag: String| {
        Value::from_safe_string(format!(
            "<span class=\"rag rag-{}\">{}</span>",
            rag.replace('_', "-"),
            rag_text(&rag, l, &g)
        ))
    });
    let (l, g) = (lang, glossary.clone());
    add_function(
        env,
        "term",
        move |key: String| -> std::result::Result<String, minijinja::Error> {
            g.term(&key)
                .map(|t| t.get(l).to_string())
                .map_err(|e| bad(e.to_string()))
        },
    );
    let l = lang;
    add_function(env, "t", move |ja: String, en: String| l.choose(ja, en));
    add_function(env, "note_mark", move |i: usize, n: usize| {
        note_mark(l, i, n)
    });
    add_function(
        env,
        "note_marks",
        move |met: Vec<String>, kinds: Vec<String>| note_marks(l, &met, &kinds),
    );
}

/// The mark of each of `kinds` (the kinds of note a table may print): the kinds in `met` (those it
/// prints, in the order a reader meets their marks) are marked with [`note_mark`] by their place
/// there, the others with nothing.
fn note_marks(
    lang: Lang,
    met: &[String],
    kinds: &[String],
) -> std::collections::BTreeMap<String, String> {
    kinds
        .iter()
        .map(|k| {
            let mark = met
                .iter()
                .position(|m| m == k)
                .map_or(String::new(), |i| note_mark(lang, i + 1, met.len()));
            (k.clone(), mark)
        })
        .collect()
}

/// The mark of the `i`-th (from 1) of the `n` notes of one table or section: in Japanese a plain
/// ※ when it is the only one, else ※1, ※2, ※3 (never a ※2 without a ※1); in English *, †, ‡, §,
/// then doubled (**, ††, …).
fn note_mark(lang: Lang, i: usize, n: usize) -> String {
    match lang {
        Lang::Ja if n <= 1 => "※".into(),
        Lang::Ja => format!("※{i}"),
        Lang::En => {
            const MARKS: [&str; 4] = ["*", "†", "‡", "§"];
            let k = i.max(1) - 1;
            MARKS[k % MARKS.len()].repeat(k / MARKS.len() + 1)
        }
    }
}

/// Refuses a chart's column that its rows do not have, naming the columns they do have: a
/// misspelt key would otherwise draw every bar of a series as 0, or no labels.
fn columns<'a>(
    chart: &str,
    row: &Value,
    wanted: impl IntoIterator<Item = &'a String>,
) -> std::result::Result<(), minijinja::Error> {
    for k in wanted {
        if row.get_attr(k).map_or(true, |v| v.is_undefined()) {
            let have: Vec<String> = row
                .try_iter()
                .map(|keys| keys.map(|k| k.to_string()).collect())
                .unwrap_or_default();
            return Err(bad(format!(
                "{chart}: no column '{k}'; the rows have {}",
                have.join(", ")
            )));
        }
    }
    Ok(())
}

/// The last arguments of a chart function, of which the first `required` must be given: the
/// others are optional (`None` when left out).
fn trailing(
    signature: &str,
    required: usize,
    rest: Rest<String>,
) -> std::result::Result<[Option<String>; 2], minijinja::Error> {
    let given = rest.0.len();
    if given < required || given > 2 {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!(
                "{signature} takes {} to 2 argument(s) after the first {}, not {given}",
                required,
                signature.matches(',').count() - 1
            ),
        ));
    }
    let mut it = rest.0.into_iter();
    Ok([it.next(), it.next()])
}

/// `bar_chart`, `line_chart` and `progress_bar`: SVG charts in the report markup.
/// Each takes an optional last argument, the chart's title, which begins its text alternative.
pub(super) fn chart_functions(
    env: &mut Environment<'static>,
    lang: Lang,
    glossary: &Arc<Glossary>,
) {
    add_function(
        env,
        "bar_chart",
        move |rows: Vec<Value>,
              label: String,
              keys: Vec<String>,
              names: Vec<String>,
              rest: Rest<String>| bar_chart(lang, &rows, (&label, &keys), names, rest),
    );
    add_function(
        env,
        "line_chart",
        move |rows: Vec<Value>,
              date_key: String,
              value_key: String,
              no_data: String,
              rest: Rest<String>| {
            line_chart(lang, &rows, (&date_key, &value_key), &no_data, rest)
        },
    );
    let g = glossary.clone();
    add_function(
        env,
        "progress_bar",
        move |progress: Value, expected: Value, rag: String, title: Option<String>| {
            let f = |v: Value| {
                if v.is_none() {
                    None
                } else {
                    f64::try_from(v).ok()
                }
            };
            let (progress, expected) = (f(progress), f(expected));
            // Its text alternative: the glossary's chart.progress, each share filled in.
            let pct = |v: Option<f64>| {
                v.map_or_else(
                    || g.word("chart.no_data", lang),
                    |v| format!("{}%", (v * 100.0).round()),
                )
            };
            let shows = g
                .word("chart.progress", lang)
                .replace("{progress}", &pct(progress))
                .replace("{expected}", &pct(expected));
            Value::from_safe_string(charts::progress_bar(
                progress,
                expected,
                rag_color(&rag),
                words(lang, &title),
                &shows,
            ))
        },
    );
}

fn words(lang: Lang, title: &Option<String>) -> charts::Words<'_> {
    charts::Words {
        lang,
        title: title.as_deref(),
    }
}

/// `bar_chart(rows, label, keys, names, no_data, title)`: a bar of each key's value per row.
fn bar_chart(
    lang: Lang,
    rows: &[Value],
    (label, keys): (&String, &[String]),
    names: Vec<String>,
    rest: Rest<String>,
) -> std::result::Result<Value, minijinja::Error> {
    let [no_data, title] = trailing(
        "bar_chart(rows, label, keys, names, no_data, title)",
        1,
        rest,
    )?;
    let no_data = no_data.unwrap_or_default();
    let colors = ["#2563eb", "#93c5fd", "#fbbf24", "#9ca3af"];
    if let Some(first) = rows.first() {
        columns("bar_chart", first, std::iter::once(label).chain(keys))?;
    }
    let mut data = Vec::new();
    for r in rows {
        let l = r.get_attr(label)?.to_string();
        let vals = keys
            .iter()
            .map(|k| {
                let v = r.get_attr(k)?;
                if v.is_none() {
                    return Ok(0.0);
                }
                f64::try_from(v.clone())
                    .map_err(|_| bad(format!("bar_chart: {k} is '{v}', not a number")))
            })
            .collect::<std::result::Result<Vec<f64>, minijinja::Error>>()?;
        data.push((l, vals));
    }
    let series: Vec<(String, String)> = names
        .into_iter()
        .zip(colors.iter().map(|c| c.to_string()))
        .collect();
    Ok(Value::from_safe_string(charts::bar_chart(
        &data,
        &series,
        &no_data,
        words(lang, &title),
    )))
}

/// `line_chart(rows, date_key, value_key, no_data, label_key, title)`: a row's value by date.
fn line_chart(
    lang: Lang,
    rows: &[Value],
    (date_key, value_key): (&String, &String),
    no_data: &str,
    rest: Rest<String>,
) -> std::result::Result<Value, minijinja::Error> {
    let [label_key, title] = trailing(
        "line_chart(rows, date_key, value_key, no_data, label_key, title)",
        0,
        rest,
    )?;
    if let Some(first) = rows.first() {
        columns(
            "line_chart",
            first,
            [date_key, value_key].into_iter().chain(label_key.as_ref()),
        )?;
    }
    let mut pts = Vec::new();
    for r in rows {
        let v = f64::try_from(r.get_attr(value_key)?)
            .map_err(|_| bad(format!("line_chart: {value_key} is not a number")))?;
        let date = r.get_attr(date_key)?.to_string();
        let label = match &label_key {
            Some(k) => r.get_attr(k)?.to_string(),
            None => date.chars().take(7).collect(),
        };
        pts.push((date, label, v));
    }
    Ok(Value::from_safe_string(charts::line_chart(
        &pts,
        no_data,
        words(lang, &title),
    )))
}

#[cfg(test)]
mod tests {

    #[test]
    fn grouping() {
        assert_eq!(super::group(1234567.0, 0), "1,234,567");
        assert_eq!(super::group(56.0, 0), "56");
        assert_eq!(super::group(-1234.5, 1), "-1,234.5");
        assert_eq!(super::group(999.0, 0), "999");
    }

    #[test]
    fn a_lone_note_has_a_plain_mark_and_several_are_numbered_from_one() {
        use super::note_mark;
        use crate::i18n::Lang;
        let ja = |i, n| note_mark(Lang::Ja, i, n);
        assert_eq!(
            (ja(1, 1), ja(1, 2), ja(2, 2), ja(3, 3)),
            ("※".into(), "※1".into(), "※2".into(), "※3".into())
        );
        let en: Vec<String> = (1..=6).map(|i| note_mark(Lang::En, i, 6)).collect();
        assert_eq!(en, ["*", "†", "‡", "§", "**", "††"]);
        assert_eq!(note_mark(Lang::En, 1, 1), "*");
    }

    #[test]
    fn each_kind_of_note_is_marked_by_its_place_among_those_met() {
        use super::note_marks;
        use crate::i18n::Lang;
        let v = |s: &[&str]| s.iter().map(|k| k.to_string()).collect::<Vec<_>>();
        let kinds = v(&["planned", "unassigned", "legend"]);
        let marks = note_marks(Lang::Ja, &v(&["unassigned", "legend"]), &kinds);
        assert_eq!(
            (
                &marks["planned"][..],
                &marks["unassigned"][..],
                &marks["legend"][..]
            ),
            ("", "※1", "※2")
        );
        let marks = note_marks(Lang::En, &v(&["legend"]), &kinds);
        assert_eq!((&marks["legend"][..], &marks["planned"][..]), ("*", ""));
    }

    #[test]
    fn japanese_in_an_english_report_is_marked_as_japanese() {
        use crate::i18n::Lang;
        assert_eq!(
            super::ja_runs("lines 12–15; 北斗 報道発表 & more", Lang::En),
            "lines 12–15; <span lang=\"ja\">北斗 報道発表</span> &amp; more"
        );
        assert_eq!(super::ja_runs("北斗 報道発表", Lang::Ja), "北斗 報道発表");
        assert_eq!(
            super::ja_runs("事務局報告（平成30年7月12日） (in Japanese)", Lang::En),
            "<span lang=\"ja\">事務局報告（平成30年7月12日）</span> (in Japanese)"
        );
        assert_eq!(
            super::ja_runs("日印覚書その2 (in Japanese)", Lang::En),
            "<span lang=\"ja\">日印覚書その2</span> (in Japanese)"
        );
        assert_eq!(
            super::paragraphs("総合対策。\n\nMeasures.", Lang::En),
            "<p><span lang=\"ja\">総合対策。</span></p><p>Measures.</p>"
        );
    }
}
