//! The 正誤表 as report markup and as a markup document (`render` writes it as HTML or PDF).

use super::{context, Errata};
use crate::i18n::Lang;
use crate::markup::escape;
use crate::{Error, Result};

/// The errata sheet as report markup: a title, what was sent, and the table 箇所 / 誤 / 正 / 理由.
pub fn markup(e: &Errata) -> String {
    let ja = e.lang == Lang::Ja;
    let t = |j: &str, en: &str| escape(if ja { j } else { en });
    // A stored moment as running text gives it, in Tokyo time.
    let moment = |m: &str| {
        crate::dates::parse_instant(m)
            .map_or_else(|_| m.to_string(), |m| context::moment(m, e.lang))
    };
    let mut s = String::new();
    s.push_str(&format!(
        "<h1 id=\"title\">{}{}</h1>\n<p class=\"lead\">{}</p>\n",
        escape(&e.title),
        t("　正誤表", ": Errata"),
        escape(&e.period_label)
    ));
    let sent = if e.sent.id > 0 {
        format!(
            "{}{}{}{}{}",
            t("送付したファイル：", "The file sent: "),
            escape(&e.sent.path),
            e.sent
                .finished_at
                .as_deref()
                .map_or(String::new(), |f| format!(
                    "{}{}",
                    t("（出力 ", " (exported "),
                    escape(&moment(f))
                )),
            if e.sent.finished_at.is_some() {
                t("）", ")")
            } else {
                String::new()
            },
            e.sent.sha256.as_deref().map_or(String::new(), |h| format!(
                "{}{}",
                t("。SHA-256 ", ". SHA-256 "),
                escape(h)
            )),
        )
    } else {
        String::new()
    };
    let (from, to) = match (ja, sent.is_empty()) {
        (true, true) => ("送付時の記録（", "）と現在の記録（"),
        (true, false) => ("。送付時の記録（", "）と現在の記録（"),
        (false, true) => ("As recorded at ", " against the record at "),
        (false, false) => (". As recorded at ", " against the record at "),
    };
    s.push_str(&format!(
        "<p class=\"meta\">{sent}{}{}{}{}{}</p>\n",
        escape(from),
        escape(&moment(&e.sent.known_at)),
        escape(to),
        escape(&moment(&e.now)),
        t("）の比較。", "."),
    ));
    if e.items.is_empty() {
        s.push_str(&format!(
            "<p>{}{}{}</p>\n",
            t("正誤はない（", "No corrections as of "),
            escape(&moment(&e.now)),
            t(" 時点）。", ".")
        ));
        return s;
    }
    s.push_str(&format!(
        "<table class=\"compact\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        t("箇所", "Location"),
        t("誤", "Was"),
        t("正", "Now"),
        t("理由", "Reason")
    ));
    for i in &e.items {
        let reasons: Vec<String> = i
            .reasons
            .iter()
            .filter_map(|k| e.corrections.iter().find(|c| &c.key == k))
            .map(|c| {
                let mut r = format!(
                    "{}{}{}{}",
                    escape(&c.text),
                    t("（", " (recorded "),
                    escape(&moment(&c.recorded_at)),
                    t("記録）", ")")
                );
                if let Some(src) = &c.source {
                    r += &format!("{}{}", t("　出典：", "; source: "), escape(src));
                }
                if let Some(n) = &c.note {
                    r += &format!("{}{}", t("　", "; "), escape(n));
                }
                r
            })
            .collect();
        let change = match (i.change.as_str(), ja) {
            ("added", true) => "（追加）",
            ("added", false) => " (added)",
            ("removed", true) => "（削除）",
            ("removed", false) => " (removed)",
            _ => "",
        };
        s.push_str(&format!(
            "<tr><td>{}<br>{}{change}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            escape(&i.section),
            escape(&i.location),
            escape(&i.was),
            escape(&i.now),
            if reasons.is_empty() {
                "—".to_string()
            } else {
                reasons.join("<br>")
            }
        ));
    }
    s.push_str("</tbody>\n</table>\n");
    s
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
