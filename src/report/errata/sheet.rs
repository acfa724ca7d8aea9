//! The 正誤表 as report markup and as a markup document (`render` writes it as HTML or PDF).

use super::{context, Errata};
use crate::markup::escape;
use crate::{Error, Result};

/// The errata sheet as report markup: a title, what was sent, and the table 箇所 / 誤 / 正 / 理由.
/// Its words are the glossary's (`errata.*`), with `{name}` for the values it fills in.
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
        return s;
    }
    s.push_str(&format!(
        "<table class=\"compact\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
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
        fill(&self.word(key), values)
    }
    fn moment(&self, m: &str) -> String {
        crate::dates::parse_instant(m)
            .map_or_else(|_| m.to_string(), |t| context::moment(t, self.e.lang))
    }
}

/// `pattern` with each `{name}` replaced by its value, escaped; `pattern` is escaped already.
fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(pattern.to_string(), |s, (name, value)| {
        s.replace(&format!("{{{name}}}"), &escape(value))
    })
}

/// What was sent, when, and what this sheet compares, in the order it happened.
fn what_was_sent(w: &SheetWords<'_>) -> String {
    let e = w.e;
    let sent_at = e.sent.finished_at.as_deref().unwrap_or(&e.sent.known_at);
    let file = if e.sent.id > 0 {
        let hash = e
            .sent
            .sha256
            .as_deref()
            .map_or(String::new(), |h| w.fill("errata.sha256", &[("sha256", h)]));
        w.fill("errata.file", &[("path", &e.sent.path)])
            .replace("{hash}", &hash)
    } else {
        String::new()
    };
    format!(
        "<p class=\"meta\">{}</p>\n",
        w.fill(
            "errata.sent",
            &[("sent", &w.moment(sent_at)), ("now", &w.moment(&e.now))]
        )
        .replace("{file}", &file)
    )
}

/// A group's rows: its corrections in full, then the difference the correction makes itself,
/// then the differences that follow from it, marked as such under it.
fn group_rows(w: &SheetWords<'_>, group: &Group<'_>, numbers: &[String]) -> String {
    let label = group
        .reasons
        .iter()
        .filter_map(|k| numbers.iter().position(|n| n == k))
        .map(|n| format!("【{}】", n + 1))
        .collect::<String>();
    let mut s = format!(
        "<tr><td colspan=\"4\"><strong>{label}</strong>{}</td></tr>\n",
        reason(w, &group.reasons)
    );
    for (n, i) in group.items.iter().enumerate() {
        let change = match i.change.as_str() {
            "added" => w.word("errata.added"),
            "removed" => w.word("errata.removed"),
            _ => String::new(),
        };
        let (mark, why) = if n == 0 {
            ("", label.clone())
        } else {
            ("└ ", w.fill("errata.follows", &[("label", &label)]))
        };
        s.push_str(&format!(
            "<tr><td class=\"nowrap\">{mark}{}<br>{}{change}</td><td>{}</td><td>{}</td><td>{why}</td></tr>\n",
            escape(&i.section),
            escape(&i.location),
            escape(&i.was),
            escape(&i.now),
        ));
    }
    s
}

/// The differences put down to one set of corrections, the primary one first.
struct Group<'a> {
    reasons: Vec<String>,
    items: Vec<&'a super::Erratum>,
}

/// The corrections' keys in the order they were first recorded: what numbers them on the sheet.
fn numbers(e: &Errata) -> Vec<String> {
    let mut by_time: Vec<&super::Correction> = e.corrections.iter().collect();
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

/// The 理由 of a group: each correction as 「訂正（平成30年3月31日時点の会員数）：集計誤り。出典：事務局報告。
/// 記録：令和8年12月7日4時41分（送付後）」, newest first.
fn reason(w: &SheetWords<'_>, keys: &[String]) -> String {
    let mut lines = Vec::new();
    for c in w.e.corrections.iter().filter(|c| keys.contains(&c.key)) {
        let what = w.e.glossary.word(
            match c.kind.as_str() {
                "addition" => "errata.addition",
                _ => "errata.correction",
            },
            w.e.lang,
        );
        let mut r = match c.note.as_deref() {
            Some(note) => w.fill(
                "errata.reason_with_note",
                &[("what", &what), ("subject", &c.subject), ("note", note)],
            ),
            None => w.fill(
                "errata.reason_alone",
                &[("what", &what), ("subject", &c.subject)],
            ),
        };
        if let Some(src) = &c.source {
            r += &w.fill("errata.source", &[("source", src)]);
        }
        r += &w.fill("errata.recorded", &[("moment", &w.moment(&c.recorded_at))]);
        lines.push(r);
    }
    if lines.is_empty() {
        "—".into()
    } else {
        lines.join("<br>")
    }
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
