//! The 正誤表 as report markup and as a markup document (`render` writes it as HTML or PDF).

use super::{context, Errata};
use crate::i18n::Lang;
use crate::markup::escape;
use crate::{Error, Result};

/// The errata sheet as report markup: a title, what was sent, and the table 箇所 / 誤 / 正 / 理由.
pub fn markup(e: &Errata) -> String {
    let w = SheetWords { e };
    let mut s = String::new();
    s.push_str(&format!(
        "<h1 id=\"title\">{}{}</h1>\n<p class=\"lead\">{}</p>\n",
        escape(&e.title),
        w.t("　正誤表", ": Errata"),
        escape(&e.period_label)
    ));
    s.push_str(&what_was_sent(&w));
    if e.items.is_empty() {
        s.push_str(&format!(
            "<p>{}{}{}</p>\n",
            w.t("正誤はない（", "No corrections as of "),
            escape(&w.moment(&e.now)),
            w.t(" 時点）。", ".")
        ));
        return s;
    }
    s.push_str(&format!(
        "<table class=\"compact\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        w.t("箇所", "Location"),
        w.t("誤", "Was"),
        w.t("正", "Now"),
        w.t("理由", "Reason")
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
    fn ja(&self) -> bool {
        self.e.lang == Lang::Ja
    }
    fn t(&self, ja: &str, en: &str) -> String {
        escape(if self.ja() { ja } else { en })
    }
    fn moment(&self, m: &str) -> String {
        crate::dates::parse_instant(m)
            .map_or_else(|_| m.to_string(), |t| context::moment(t, self.e.lang))
    }
}

/// What was sent, when, and what this sheet compares, in the order it happened.
fn what_was_sent(w: &SheetWords<'_>) -> String {
    let e = w.e;
    let sent_at = e.sent.finished_at.as_deref().unwrap_or(&e.sent.known_at);
    let file = if e.sent.id > 0 {
        let hash = e.sent.sha256.as_deref().map_or(String::new(), |h| {
            format!("{}{}", w.t("、SHA-256 ", ", SHA-256 "), escape(h))
        });
        format!(
            "{}{}{hash}{}",
            w.t("（", ": "),
            escape(&e.sent.path),
            w.t("）", "")
        )
    } else {
        String::new()
    };
    format!(
        "<p class=\"meta\">{}{}{}{file}{}{}{}</p>\n",
        w.t("", "Report sent on "),
        escape(&w.moment(sent_at)),
        w.t("に送付した報告", ""),
        w.t(
            "について、送付時の記録と",
            ". This sheet compares the records as they stood when it was sent with the records on "
        ),
        escape(&w.moment(&e.now)),
        w.t("時点の記録を比べた。", "."),
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
        reason(w.e, &group.reasons, &|m: &str| w.moment(m))
    );
    for (n, i) in group.items.iter().enumerate() {
        let change = match (i.change.as_str(), w.ja()) {
            ("added", true) => "（追加）",
            ("added", false) => " (added)",
            ("removed", true) => "（削除）",
            ("removed", false) => " (removed)",
            _ => "",
        };
        let (mark, why) = if n == 0 {
            ("", label.clone())
        } else {
            (
                "└ ",
                format!("{}{label}{}", w.t("", "Follows from "), w.t("の波及", "")),
            )
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
fn reason(e: &Errata, keys: &[String], moment: &dyn Fn(&str) -> String) -> String {
    let ja = e.lang == Lang::Ja;
    let t = |j: &str, en: &str| escape(if ja { j } else { en });
    let mut lines = Vec::new();
    for c in e.corrections.iter().filter(|c| keys.contains(&c.key)) {
        let what = match (c.kind.as_str(), ja) {
            ("addition", true) => "追加",
            ("addition", false) => "Added",
            (_, true) => "訂正",
            (_, false) => "Corrected",
        };
        let mut r = format!(
            "{}{}{}{}{}",
            escape(what),
            t("（", " ("),
            escape(&c.subject),
            t("）", ")"),
            c.note.as_deref().map_or_else(
                || t("。", "."),
                |n| format!("{}{}{}", t("：", ": "), escape(n), t("。", "."))
            ),
        );
        if let Some(src) = &c.source {
            r += &format!(
                "{}{}{}",
                t("出典：", " Source: "),
                escape(src),
                t("。", ".")
            );
        }
        r += &format!(
            "{}{}{}",
            t("記録：", " Recorded: "),
            escape(&moment(&c.recorded_at)),
            t("（送付後）", " (after the report was sent)")
        );
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
    let title = format!(
        "{} {}",
        e.title,
        if e.lang == Lang::Ja {
            "正誤表"
        } else {
            "Errata"
        }
    );
    Ok((doc, title))
}
