//! The 正誤表 as report markup and as a markup document (`render` writes it as HTML or PDF).

use super::{context, Correction, Errata};
use crate::i18n::Lang;
use crate::markup::escape;
use crate::{Error, Result};

/// The errata sheet as report markup: a title, what was sent, the table 箇所 / 誤 / 正 / 理由, and
/// a footnote naming the file sent. Its words are the glossary's (`errata.*`), with `{name}` for
/// the values it fills in.
pub fn markup(e: &Errata) -> String {
    let w = SheetWords { e };
    let mut s = String::new();
    s.push_str(&format!(
        "<h1 id=\"title\">{}</h1>\n<p class=\"lead\">{}</p>\n",
        w.fill("errata.title", &[("title", &e.title)]),
        escape(&e.period_label)
    ));
    s.push_str(&what_was_sent(&w));
    if e.items.is_empty() {
        s.push_str(&format!(
            "<p>{}</p>\n",
            w.fill("errata.none", &[("now", &w.moment(&e.now))])
        ));
    } else {
        s.push_str(&format!(
            // 誤 and 正 are wider than the place they are in: they hold the text itself.
            "<table class=\"compact\">\n<thead><tr><th class=\"w25\">{}</th><th class=\"w30\">{}</th><th class=\"w30\">{}</th><th class=\"w15\">{}</th></tr></thead>\n<tbody>\n",
            w.word("errata.location"),
            w.word("errata.was"),
            w.word("errata.now"),
            w.word("errata.reason")
        ));
        // Each correction has a number, in the order they were recorded; a group of differences
        // opens with a row that gives its corrections in full, and its rows name them by number.
        let numbers = numbers(e);
        for group in groups(e, &numbers) {
            s.push_str(&group_rows(&w, &group, &numbers));
        }
        s.push_str("</tbody>\n</table>\n");
    }
    for c in &e.companions {
        s.push_str(&format!(
            "<p>{}</p>\n",
            w.fill(
                match c.differences {
                    1 => "errata.companion_one",
                    _ => "errata.companion",
                },
                &[
                    ("title", &c.title),
                    ("sent", &w.day(&c.sent_at)),
                    ("n", &c.differences.to_string()),
                ]
            )
        ));
    }
    s.push_str(&file_sent(&w));
    s
}

/// The sheet's words in its language, and its moments as running text gives them (Tokyo time).
struct SheetWords<'a> {
    e: &'a Errata,
}

impl SheetWords<'_> {
    /// A glossary word, escaped.
    fn word(&self, key: &str) -> String {
        escape(&self.e.glossary.word(key, self.e.lang))
    }
    /// A glossary sentence, escaped, with each `{name}` replaced by its value (escaped too).
    fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let escaped: Vec<(&str, String)> = values.iter().map(|(n, v)| (*n, escape(v))).collect();
        let refs: Vec<(&str, &str)> = escaped.iter().map(|(n, v)| (*n, v.as_str())).collect();
        self.put(key, &refs)
    }
    /// A glossary sentence, escaped, with each `{name}` replaced by its value, which is markup.
    fn put(&self, key: &str, markup: &[(&str, &str)]) -> String {
        markup.iter().fold(self.word(key), |s, (name, value)| {
            s.replace(&format!("{{{name}}}"), value)
        })
    }
    fn moment(&self, m: &str) -> String {
        crate::dates::parse_instant(m)
            .map_or_else(|_| m.to_string(), |t| context::moment(t, self.e.lang))
    }
    /// The day in Tokyo of a moment, as running text gives a date.
    fn day(&self, m: &str) -> String {
        crate::dates::parse_instant(m).map_or_else(
            |_| m.to_string(),
            |t| context::when(crate::dates::tokyo_date(t), Some("day"), self.e.lang),
        )
    }
    /// Whether a source names the day a moment fell on in Tokyo (「事務局報告（平成30年7月12日）」
    /// recorded that day): its day is then not printed again.
    fn names_day(&self, source: &str, m: &str) -> bool {
        crate::dates::parse_instant(m).is_ok_and(|t| {
            let d = crate::dates::tokyo_date(t);
            [crate::i18n::Lang::Ja, crate::i18n::Lang::En]
                .into_iter()
                .any(|l| source.contains(&context::when(d, Some("day"), l)))
        })
    }
    /// Text a user or the record wrote, escaped; in the English sheet its runs of Japanese are
    /// marked `lang="ja"`, so that they are read as Japanese.
    fn quote(&self, text: &str) -> String {
        match self.e.lang {
            Lang::Ja => escape(text),
            Lang::En => mark_japanese(text),
        }
    }
    /// A note a user wrote, put before the full stop a glossary sentence ends it with: its own
    /// final stop dropped, so that it ends with one.
    fn note(&self, text: &str) -> String {
        self.own(text.trim_end_matches(['.', '。']))
    }
    /// A source or a note of the office's: in English, one still in Japanese (no English was
    /// given) is marked so, in the glossary's `source.in_japanese` form.
    fn own(&self, text: &str) -> String {
        if self.e.lang == Lang::Ja || !text.chars().any(in_japanese) {
            return self.quote(text);
        }
        self.word("source.in_japanese")
            .replace("{text}", &self.quote(text))
    }
}

/// Whether a character belongs to a run of Japanese: kana, kanji, full-width forms and the
/// Japanese punctuation (「」、。).
fn in_japanese(c: char) -> bool {
    super::super::templates::japanese(c) || ('\u{3000}'..='\u{303F}').contains(&c)
}

/// Text, escaped, with each run of Japanese in a `<span lang="ja">`. A run takes in the digits
/// and signs between its Japanese letters (「1団体」), not the spaces and Latin words around it.
fn mark_japanese(text: &str) -> String {
    let mut out = String::new();
    // The open run, and what follows it that it takes in only if Japanese comes after.
    let (mut run, mut pending) = (String::new(), String::new());
    let close = |out: &mut String, run: &mut String| {
        if !run.is_empty() {
            out.push_str(&format!("<span lang=\"ja\">{}</span>", escape(run)));
            run.clear();
        }
    };
    for c in text.chars() {
        if in_japanese(c) {
            run.push_str(&std::mem::take(&mut pending));
            run.push(c);
        } else if !run.is_empty() && !c.is_whitespace() && !c.is_ascii_alphabetic() {
            pending.push(c);
        } else {
            close(&mut out, &mut run);
            out.push_str(&escape(&std::mem::take(&mut pending)));
            out.push_str(&escape(&c.to_string()));
        }
    }
    close(&mut out, &mut run);
    out.push_str(&escape(&pending));
    out
}

/// What was sent and when, by its title and period, and what this sheet compares.
fn what_was_sent(w: &SheetWords<'_>) -> String {
    let e = w.e;
    let sent_at = e.sent.finished_at.as_deref().unwrap_or(&e.sent.known_at);
    let mark = if e.sent.id > 0 {
        w.word("errata.file_mark")
    } else {
        String::new()
    };
    format!(
        "<p class=\"meta\">{}</p>\n",
        w.put(
            "errata.sent",
            &[
                ("sent", &escape(&w.day(sent_at))),
                ("period", &escape(&e.period_label)),
                ("title", &escape(&e.title)),
                ("mark", &mark),
                ("now", &escape(&w.moment(&e.now))),
            ]
        )
    )
}

/// The footnote that names the file sent and its SHA-256, when the export log has the file.
fn file_sent(w: &SheetWords<'_>) -> String {
    let e = w.e;
    if e.sent.id <= 0 {
        return String::new();
    }
    // The PDF first: it is what a minister's pack holds.
    let mut sends: Vec<&super::Sent> = std::iter::once(&e.sent).chain(&e.sent_with).collect();
    sends.sort_by_key(|s| s.format != "pdf");
    let formats: Vec<String> = sends
        .iter()
        .map(|s| w.fill("errata.format", &[("format", &s.format.to_uppercase())]))
        .collect();
    let files: Vec<String> = sends
        .iter()
        .map(|s| {
            w.fill(
                "errata.file_entry",
                &[
                    (
                        "path",
                        if s.shown.is_empty() {
                            &s.path
                        } else {
                            &s.shown
                        },
                    ),
                    ("sha256", s.sha256.as_deref().unwrap_or("—")),
                ],
            )
        })
        .collect();
    let sent_at = e.sent.finished_at.as_deref().unwrap_or(&e.sent.known_at);
    format!(
        "<p class=\"note\">{}</p>\n",
        w.put(
            "errata.file",
            &[
                ("day", &escape(&w.day(sent_at))),
                ("formats", &formats.join(&w.word("errata.and"))),
                ("files", &files.join(&w.word("separator.files"))),
            ]
        )
    )
}

/// A group's rows: its corrections in full, then the difference the correction makes itself,
/// then the differences that follow from it.
fn group_rows(w: &SheetWords<'_>, group: &Group<'_>, numbers: &[String]) -> String {
    // The corrections' numbers in order: 【1】、【2】、【3】.
    let mut ns: Vec<usize> = group
        .reasons
        .iter()
        .filter_map(|k| numbers.iter().position(|n| n == k))
        .collect();
    ns.sort_unstable();
    ns.dedup();
    let label = ns
        .into_iter()
        .map(|n| w.fill("errata.number", &[("n", &(n + 1).to_string())]))
        .collect::<Vec<_>>()
        .join(&w.word("errata.cells"));
    let mut s = format!(
        "<tr><td colspan=\"4\">{}{}</td></tr>\n",
        w.put(
            "errata.group",
            &[
                ("label", &format!("<strong>{label}</strong>")),
                ("reason", &reason(w, &group.reasons)),
            ]
        ),
        renumbered(w, &group.reasons)
    );
    for (n, i) in group.items.iter().enumerate() {
        let change = match i.change.as_str() {
            "added" => w.word("errata.added"),
            "removed" => w.word("errata.removed"),
            _ => String::new(),
        };
        let why = if n == 0 {
            label.clone()
        } else {
            w.put("errata.follows", &[("label", &label)])
        };
        // A place that names its section (「主なポイント4」) is given once.
        let section = if i.location.starts_with(&i.section) {
            String::new()
        } else {
            format!("{}<br>", escape(&i.section))
        };
        s.push_str(&format!(
            "<tr><td class=\"nowrap\">{section}{}{change}</td><td>{}</td><td>{}</td><td>{why}</td></tr>\n",
            w.quote(&i.location),
            w.quote(&i.was),
            w.quote(&i.now),
        ));
    }
    s
}

/// What a group's corrections renumber: for each table note whose mark reads otherwise beside the
/// note they add, a sentence on a line of its own (「注の追加に伴い、主要指標の既存の注「※」は「※1」と
/// 読み替える。」).
fn renumbered(w: &SheetWords<'_>, reasons: &[String]) -> String {
    w.e.renumbered
        .iter()
        .filter(|r| r.reasons == reasons)
        .map(|r| {
            let key = format!("errata.renumbered_{}", r.kind.trim_start_matches("note_"));
            let values = [
                ("section", r.section.as_str()),
                ("was", &r.was),
                ("now", &r.now),
            ];
            format!("<br>{}", w.fill(&key, &values))
        })
        .collect()
}

/// The differences put down to one set of corrections, the primary one first.
struct Group<'a> {
    reasons: Vec<String>,
    items: Vec<&'a super::Erratum>,
}

/// The corrections' keys in the order they were first recorded: what numbers them on the sheet.
fn numbers(e: &Errata) -> Vec<String> {
    let mut by_time: Vec<&Correction> = e.corrections.iter().collect();
    by_time.sort_by(|a, b| a.recorded_at.cmp(&b.recorded_at));
    let mut keys: Vec<String> = Vec::new();
    for c in by_time {
        if !keys.contains(&c.key) {
            keys.push(c.key.clone());
        }
    }
    keys
}

/// The differences grouped by the corrections that cause them, in the order the corrections were
/// recorded. In a group, the difference the correction itself makes (the row of the hub it names,
/// or the first figure it moves) comes first, then the others in the report's order.
fn groups<'a>(e: &'a Errata, numbers: &[String]) -> Vec<Group<'a>> {
    let mut out: Vec<Group<'_>> = Vec::new();
    for item in &e.items {
        match out.iter_mut().find(|g| g.reasons == item.reasons) {
            Some(g) => g.items.push(item),
            None => out.push(Group {
                reasons: item.reasons.clone(),
                items: vec![item],
            }),
        }
    }
    for g in &mut out {
        let subjects: Vec<&str> = g
            .reasons
            .iter()
            .filter_map(|k| e.corrections.iter().find(|c| &c.key == k))
            .map(|c| c.subject.as_str())
            .collect();
        let names = |i: &&super::Erratum| {
            let lead = i.location.split(['（', '(']).next().unwrap_or("").trim();
            !lead.is_empty() && subjects.iter().any(|s| s.contains(lead))
        };
        if let Some(p) = g.items.iter().position(names) {
            let primary = g.items.remove(p);
            g.items.insert(0, primary);
        }
    }
    let first = |g: &Group<'_>| {
        g.reasons
            .iter()
            .filter_map(|k| numbers.iter().position(|n| n == k))
            .min()
            .unwrap_or(usize::MAX)
    };
    out.sort_by_key(|g| first(g));
    out
}

/// The 理由 of a group: each correction, newest first. A count recorded again says where the value
/// sent came from and what corrects it (「資料（336行）は56と記すが、事務局報告（平成30年7月12日記録）
/// により57に訂正した。」); another correction says what it is, its note, its source and when it
/// was recorded.
fn reason(w: &SheetWords<'_>, keys: &[String]) -> String {
    let lines: Vec<String> =
        w.e.corrections
            .iter()
            .filter(|c| keys.contains(&c.key))
            .map(|c| match (&c.was, &c.value) {
                (Some(was), Some(now)) => count_reason(w, c, was, now),
                _ => fact_reason(w, c),
            })
            .collect();
    if lines.is_empty() {
        "—".into()
    } else {
        lines.join("<br>")
    }
}

/// A count as it is now shown, grouped by three digits.
fn count(v: &str) -> String {
    v.parse::<f64>()
        .map_or_else(|_| v.to_string(), |f| super::super::templates::group(f, 0))
}

fn count_reason(w: &SheetWords<'_>, c: &Correction, was: &str, now: &str) -> String {
    let day = escape(&w.day(&c.recorded_at));
    let (by, recorded) = match &c.source {
        Some(src) if w.names_day(src, &c.recorded_at) => (
            w.put("errata.by_source", &[("source", &w.own(src))]),
            w.word("errata.recorded_same_day"),
        ),
        Some(src) => (
            w.put("errata.by_source", &[("source", &w.own(src))]),
            w.put("errata.recorded_on", &[("day", &day)]),
        ),
        None => (w.put("errata.by_record", &[("day", &day)]), String::new()),
    };
    let was_source = c
        .was_source
        .as_deref()
        .map_or_else(|| w.word("errata.as_sent"), |s| w.own(s));
    let mut r = w.put(
        "errata.reason_count",
        &[
            ("subject", &escape(&c.subject)),
            ("was_source", &was_source),
            ("was", &escape(&count(was))),
            ("by", &by),
            ("now", &escape(&count(now))),
            ("recorded", &recorded),
        ],
    );
    if let Some(note) = &c.note {
        r += &w.put("errata.because", &[("note", &w.note(note))]);
    }
    r
}

fn fact_reason(w: &SheetWords<'_>, c: &Correction) -> String {
    let what = w.word(match c.kind.as_str() {
        "addition" => "errata.addition",
        _ => "errata.correction",
    });
    let subject = w.quote(&c.subject);
    let mut r = match c.note.as_deref() {
        Some(note) => w.put(
            "errata.reason_with_note",
            &[
                ("what", &what),
                ("subject", &subject),
                ("note", &w.note(note)),
            ],
        ),
        None => w.put(
            "errata.reason_alone",
            &[("what", &what), ("subject", &subject)],
        ),
    };
    if let Some(src) = &c.source {
        r += &w.put("errata.source", &[("source", &w.own(src))]);
    }
    r += &w.fill("errata.recorded", &[("moment", &w.moment(&c.recorded_at))]);
    r
}

/// What the English sheet quotes in Japanese for want of English: the notes and sources users
/// gave, each once. Empty for the Japanese sheet.
pub fn without_english(e: &Errata) -> Vec<String> {
    if e.lang == Lang::Ja {
        return vec![];
    }
    let mut out: Vec<String> = Vec::new();
    let quoted = e.corrections.iter().flat_map(|c| {
        [&c.note, &c.source, &c.was_source]
            .into_iter()
            .flatten()
            .cloned()
    });
    for q in quoted {
        if q.chars().any(in_japanese) && !out.contains(&q) {
            out.push(q);
        }
    }
    out
}

/// The errata sheet as a report markup document, with its title; `render::errata_file` writes it
/// as HTML or PDF.
pub fn document(e: &Errata) -> Result<(crate::markup::Document, String)> {
    let doc = crate::markup::parse(&markup(e))
        .map_err(|err| Error::Invalid(format!("the errata sheet's markup: {}", err.message)))?;
    // The document's title is plain text, not markup.
    let title = e
        .glossary
        .word("errata.title", e.lang)
        .replace("{title}", &e.title);
    Ok((doc, title))
}
