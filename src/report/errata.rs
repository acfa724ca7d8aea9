//! 正誤表: what changed in a sent report since it was sent, and why.
//!
//! The report is built twice, as known when it was sent (the export log's `known_at`) and as known
//! now, and the two contexts are compared: every key figure, target, indicator and hub of the
//! annex that differs is an erratum (誤 → 正). Each is explained by the history rows recorded in
//! between: the corrections, with their time, source and note. The sheet is report markup, so it
//! goes through the same HTML and PDF writers as every report.

use super::context::{self, ReportContext, KEY_FIGURES};
use super::Definition;
use crate::dates::{ts, AsOf};
use crate::html::escape;
use crate::i18n::Lang;
use crate::period::Period;
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::BTreeMap;

/// The export a comparison starts from.
#[derive(Debug, Clone, Serialize)]
pub struct Sent {
    pub id: i64,
    pub format: String,
    pub path: String,
    pub sha256: Option<String>,
    pub finished_at: Option<String>,
    /// What the sent file was rendered as known at.
    pub known_at: String,
}

/// Which sent export to compare: the last one, a given one, or a moment.
#[derive(Debug, Clone)]
pub enum Since {
    LastExport,
    Export(i64),
    KnownAt(DateTime<Utc>),
}

/// The export the comparison starts from, or an error that says what to do.
pub fn sent(
    conn: &Connection,
    def: &Definition,
    period: &Period,
    lang: Lang,
    since: &Since,
) -> Result<Sent> {
    let row = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(Sent, String, String, String)> {
        Ok((
            Sent {
                id: r.get(0)?,
                format: r.get(1)?,
                path: r.get(2)?,
                sha256: r.get(3)?,
                finished_at: r.get(4)?,
                known_at: r.get(5)?,
            },
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
        ))
    };
    const COLUMNS: &str = "id, format, path, sha256, finished_at, known_at, report, period, lang";
    match since {
        Since::KnownAt(t) => Ok(Sent {
            id: 0,
            format: String::new(),
            path: String::new(),
            sha256: None,
            finished_at: None,
            known_at: ts(*t),
        }),
        Since::Export(id) => {
            let found = conn
                .query_row(
                    &format!("SELECT {COLUMNS} FROM export_log WHERE id = ?1 AND status = 'ok'"),
                    [id],
                    row,
                )
                .optional()?;
            let Some((s, report, p, l)) = found else {
                return Err(Error::Usage(format!(
                    "no successful export has the id {id}; see the export log with `tenkai sql \"SELECT id, report, period, lang, format, finished_at FROM export_log WHERE status = 'ok'\"`"
                )));
            };
            if report != def.name || p != period.to_string() || l != lang.code() {
                return Err(Error::Usage(format!(
                    "export {id} is report {report}, period {p}, language {l}, not {} {period} {lang}: give an export of the report you compare, or leave --since out for its last export",
                    def.name
                )));
            }
            Ok(s)
        }
        Since::LastExport => conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM export_log WHERE report = ?1 AND period = ?2 AND lang = ?3 AND status = 'ok'
                     ORDER BY finished_at DESC, id DESC LIMIT 1"
                ),
                params![def.name, period.to_string(), lang.code()],
                row,
            )
            .optional()?
            .map(|r| r.0)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "report {} was never exported for {period} in {lang}, so there is nothing sent to correct; export it first (`tenkai report render {} --period {period} --lang {lang}`), or compare with a moment: --known-at-sent TIME",
                    def.name, def.name
                ))
            }),
    }
}

/// One place where the sent report and the report as known now differ.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Erratum {
    /// The section of the report, in its language.
    pub section: String,
    /// What the place is: a figure, a target's column, a hub.
    pub location: String,
    /// `changed`, `added` or `removed`.
    pub change: String,
    /// The text as sent (誤), and as known now (正).
    pub was: String,
    pub now: String,
    /// The keys of the corrections that explain it (see [`Errata::corrections`]).
    pub reasons: Vec<String>,
}

/// A correction: the history rows recorded after the report was sent that change one fact.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Correction {
    /// `hub:H25`, `members:nutrition`, `agreements:mou`, `meetings`, `working_groups`.
    pub key: String,
    pub text: String,
    pub recorded_at: String,
    pub source: Option<String>,
    pub note: Option<String>,
}

/// The errata of a sent report.
#[derive(Debug, Clone, Serialize)]
pub struct Errata {
    pub report: String,
    pub title: String,
    pub period: String,
    pub period_label: String,
    pub lang: Lang,
    pub sent: Sent,
    /// The moment the report is compared at (UTC).
    pub now: String,
    pub items: Vec<Erratum>,
    pub corrections: Vec<Correction>,
}

/// Compares the report as sent with the report as known at `now`.
pub fn compare(
    conn: &Connection,
    def: &Definition,
    period: &Period,
    lang: Lang,
    sent: Sent,
    now: DateTime<Utc>,
) -> Result<Errata> {
    let sent_at = crate::dates::parse_instant(&sent.known_at)?;
    if now < sent_at {
        return Err(Error::Usage(format!(
            "--now {} is before the report was sent (known at {}): give a later moment, or leave --now out for now",
            ts(now),
            sent.known_at
        )));
    }
    for table in [
        "hubs",
        "hub_status",
        "platform_members",
        "agreement_counts",
        "meetings",
        "working_groups",
    ] {
        let has = conn
            .prepare(&format!(
                "SELECT 1 FROM pragma_table_info('{table}') WHERE name = 'recorded_at'"
            ))?
            .exists([])?;
        if !has {
            return Err(Error::Invalid(format!(
                "the table {table} has no recorded_at, so what changed since a report was sent cannot be known: the database lacks the history errata need"
            )));
        }
    }
    let tx = conn.unchecked_transaction()?;
    let build = |known: DateTime<Utc>| {
        context::build(&tx, def, period, &AsOf::new(period.end(), known), lang)
    };
    let (before, after) = (build(sent_at)?, build(now)?);
    let corrections = corrections(&tx, lang, &sent.known_at, &ts(now))?;
    tx.commit()?;
    let items = differences(&before, &after, &corrections, &def.glossary, lang);
    Ok(Errata {
        report: def.name.clone(),
        title: after.report.title.clone(),
        period: period.to_string(),
        period_label: after.period.label.clone(),
        lang,
        sent,
        now: ts(now),
        items,
        corrections,
    })
}

/// The rows of a query over the window `(?1, ?2]`, each column read as text (NULL as `None`).
fn window_rows(
    conn: &Connection,
    sql: &str,
    from: &str,
    to: &str,
) -> Result<Vec<Vec<Option<String>>>> {
    let mut stmt = conn.prepare(sql)?;
    let n = stmt.column_count();
    let rows = stmt.query_map(params![from, to], |r| {
        (0..n)
            .map(|i| r.get::<_, Option<String>>(i))
            .collect::<rusqlite::Result<Vec<_>>>()
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The history rows recorded after `from` and by `to`, one correction per fact they change.
fn corrections(conn: &Connection, lang: Lang, from: &str, to: &str) -> Result<Vec<Correction>> {
    let status_word = |s: &str| {
        crate::i18n::HubStatus::from_code(s).map_or_else(|| s.to_string(), |s| s.label(lang))
    };
    let when = |d: &str, p: &str| {
        NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(|d| context::when(d, Some(p), lang))
            .unwrap_or_else(|_| d.to_string())
    };
    let text = |ja: String, en: String| lang.choose(ja, en);
    let mut out = Vec::new();
    // A hub first recorded in the window: one correction, with its first status.
    let mut new_hubs = std::collections::BTreeSet::new();
    for r in window_rows(
        conn,
        "SELECT h.code, h.name_ja, coalesce(h.name_en, h.name_ja), h.recorded_at, h.source, h.note,
                s.status, s.effective_date, s.date_precision
         FROM hubs h LEFT JOIN hub_status s ON s.id = (SELECT min(id) FROM hub_status WHERE hub_id = h.id)
         WHERE h.recorded_at > ?1 AND h.recorded_at <= ?2 ORDER BY h.recorded_at, h.id",
        from,
        to,
    )? {
        let c = |i: usize| r[i].clone().unwrap_or_default();
        let status = match (&r[6], &r[7], &r[8]) {
            (Some(s), Some(d), Some(p)) => format!(
                "{}{}",
                status_word(s),
                lang.choose(format!("（{}）", when(d, p)), format!(" ({})", when(d, p)))
            ),
            _ => String::new(),
        };
        out.push(Correction {
            key: format!("hub:{}", c(0)),
            text: text(
                format!("拠点 {} {} を追加：{status}", c(0), c(1)),
                format!("Hub {} {} added: {status}", c(0), c(2)),
            ),
            recorded_at: c(3),
            source: r[4].clone(),
            note: r[5].clone(),
        });
        new_hubs.insert(c(0));
    }
    // A status of a hub already known, recorded in the window: a change or a correction.
    for r in window_rows(
        conn,
        "SELECT h.code, h.name_ja, coalesce(h.name_en, h.name_ja), s.status, s.effective_date, s.date_precision,
                s.recorded_at, s.source, s.note
         FROM hub_status s JOIN hubs h ON h.id = s.hub_id
         WHERE s.recorded_at > ?1 AND s.recorded_at <= ?2 ORDER BY s.recorded_at, s.id",
        from,
        to,
    )? {
        let c = |i: usize| r[i].clone().unwrap_or_default();
        if new_hubs.contains(&c(0)) {
            continue;
        }
        let (status, at) = (status_word(&c(3)), when(&c(4), &c(5)));
        out.push(Correction {
            key: format!("hub:{}", c(0)),
            text: text(
                format!("拠点 {} {}：{status}（{at}）", c(0), c(1)),
                format!("Hub {} {}: {status} ({at})", c(0), c(2)),
            ),
            recorded_at: c(6),
            source: r[7].clone(),
            note: r[8].clone(),
        });
    }
    // Counts: the platforms' members and the agreements' partner countries.
    for (sql, key, what_ja, what_en) in [
        (
            "SELECT platform, CAST(members AS TEXT), effective_date, recorded_at, source, note FROM platform_members
             WHERE recorded_at > ?1 AND recorded_at <= ?2 ORDER BY recorded_at, id",
            "members",
            "会員数",
            "Members",
        ),
        (
            "SELECT kind, CAST(countries AS TEXT), effective_date, recorded_at, source, NULL FROM agreement_counts
             WHERE recorded_at > ?1 AND recorded_at <= ?2 ORDER BY recorded_at, id",
            "agreements",
            "相手国数",
            "Partner countries",
        ),
    ] {
        for r in window_rows(conn, sql, from, to)? {
            let c = |i: usize| r[i].clone().unwrap_or_default();
            let at = when(&c(2), "day");
            out.push(Correction {
                key: format!("{key}:{}", c(0)),
                text: text(
                    format!("{what_ja} {}（{at}時点）", c(1)),
                    format!("{what_en}: {} (as of {at})", c(1)),
                ),
                recorded_at: c(3),
                source: r[4].clone(),
                note: r[5].clone(),
            });
        }
    }
    // Meetings and working groups added.
    for (sql, key, what_ja, what_en) in [
        (
            "SELECT CAST(number AS TEXT), recorded_at, source FROM meetings
             WHERE recorded_at > ?1 AND recorded_at <= ?2 ORDER BY recorded_at",
            "meetings",
            "タスクフォース会合",
            "Task-force meeting",
        ),
        (
            "SELECT code, recorded_at, source FROM working_groups
             WHERE recorded_at > ?1 AND recorded_at <= ?2 ORDER BY recorded_at",
            "working_groups",
            "ワーキンググループ",
            "Working group",
        ),
    ] {
        for r in window_rows(conn, sql, from, to)? {
            let c = |i: usize| r[i].clone().unwrap_or_default();
            out.push(Correction {
                key: key.to_string(),
                text: text(
                    format!("{what_ja} {} を追加", c(0)),
                    format!("{what_en} {} added", c(0)),
                ),
                recorded_at: c(1),
                source: r[2].clone(),
                note: None,
            });
        }
    }
    Ok(out)
}

/// Each hub's status as sent and as known now, with whether the policy names its country.
type HubMoves = BTreeMap<String, (Option<String>, Option<String>, bool)>;

/// The corrections that can explain a key figure: for the hub counts, the hubs whose status moved
/// into or out of the status the figure counts; for the rest, the facts its metric reads.
fn reasons_for(key: &str, corrections: &[Correction], moves: &HubMoves) -> Vec<String> {
    let counted = match key {
        "hubs_open" | "named_countries_with_hub" => Some("opened"),
        "hubs_planned" => Some("planned"),
        "hubs_feasibility" => Some("feasibility"),
        _ => None,
    };
    if let Some(status) = counted {
        return moves
            .iter()
            .filter(|(_, (was, now, named))| {
                (was.as_deref() == Some(status)) != (now.as_deref() == Some(status))
                    && (key != "named_countries_with_hub" || *named)
            })
            .map(|(code, _)| format!("hub:{code}"))
            .filter(|k| corrections.iter().any(|c| &c.key == k))
            .collect();
    }
    let prefix = match key {
        "platform_members" => "members:",
        "mou_countries" => "agreements:mou",
        "letters_of_intent" => "agreements:letter_of_intent",
        "meetings_held" => "meetings",
        "working_groups" => "working_groups",
        _ => "",
    };
    let mut keys: Vec<String> = corrections
        .iter()
        .filter(|c| !prefix.is_empty() && c.key.starts_with(prefix))
        .map(|c| c.key.clone())
        .collect();
    keys.dedup();
    keys
}

fn num(v: &serde_json::Value) -> String {
    match v.as_f64() {
        Some(f) if f.fract() == 0.0 => format!("{}", f as i64),
        Some(f) => format!("{f:.1}"),
        None => "—".into(),
    }
}

/// The differences of two contexts of one report.
fn differences(
    before: &ReportContext,
    after: &ReportContext,
    corrections: &[Correction],
    glossary: &super::glossary::Glossary,
    lang: Lang,
) -> Vec<Erratum> {
    let section = |k: &str| glossary.word(&format!("section.{k}"), lang);
    let column = |k: &str| glossary.word(&format!("column.{k}"), lang);
    let mut out = Vec::new();
    let named: std::collections::BTreeSet<&str> = after
        .named_countries
        .iter()
        .map(|c| c.iso.as_str())
        .collect();
    let mut moves: HubMoves = BTreeMap::new();
    for h in before.hubs.iter() {
        moves.insert(
            h.code.clone(),
            (
                Some(h.status.code().to_string()),
                None,
                named.contains(h.country_iso.as_str()),
            ),
        );
    }
    for h in after.hubs.iter() {
        let e = moves.entry(h.code.clone()).or_insert((
            None,
            None,
            named.contains(h.country_iso.as_str()),
        ));
        e.1 = Some(h.status.code().to_string());
    }
    let mut push = |section: String,
                    location: String,
                    change: &str,
                    was: String,
                    now: String,
                    reasons: Vec<String>| {
        out.push(Erratum {
            section,
            location,
            change: change.into(),
            was,
            now,
            reasons,
        });
    };
    // The key figures.
    let (fb, fa) = (
        serde_json::to_value(&before.figures).unwrap_or_default(),
        serde_json::to_value(&after.figures).unwrap_or_default(),
    );
    let titles: BTreeMap<&str, String> = after
        .methods
        .iter()
        .filter(|m| m.kind == "figure")
        .map(|m| {
            (
                KEY_FIGURES
                    .iter()
                    .find(|k| **k == m.key)
                    .copied()
                    .unwrap_or(""),
                m.title.clone(),
            )
        })
        .collect();
    for key in KEY_FIGURES {
        if fb[key] != fa[key] {
            push(
                section("summary"),
                titles.get(key).cloned().unwrap_or_else(|| key.to_string()),
                "changed",
                num(&fb[key]),
                num(&fa[key]),
                reasons_for(key, corrections, &moves),
            );
        }
    }
    // The targets: actual, status and outlook.
    for t in &after.targets {
        let reasons = reasons_for(&t.metric, corrections, &moves);
        match before.targets.iter().find(|b| b.name == t.name) {
            None => push(
                section("targets"),
                t.title.clone(),
                "added",
                "—".into(),
                t.forecast.clone(),
                reasons,
            ),
            Some(b) => {
                let cells = [
                    (
                        "actual",
                        num(&serde_json::json!(b.actual)),
                        num(&serde_json::json!(t.actual)),
                    ),
                    (
                        "status",
                        glossary.word(&format!("rating.{}", b.rag.code()), lang),
                        glossary.word(&format!("rating.{}", t.rag.code()), lang),
                    ),
                    ("outlook", b.forecast.clone(), t.forecast.clone()),
                ];
                for (col, was, now) in cells {
                    if was != now {
                        push(
                            section("targets"),
                            format!("{}{}{}", t.title, lang.choose("：", ": "), column(col)),
                            "changed",
                            was,
                            now,
                            reasons.clone(),
                        );
                    }
                }
            }
        }
    }
    for b in before
        .targets
        .iter()
        .filter(|b| !after.targets.iter().any(|t| t.name == b.name))
    {
        push(
            section("targets"),
            b.title.clone(),
            "removed",
            b.forecast.clone(),
            "—".into(),
            vec![],
        );
    }
    // The indicators.
    for i in &after.indicators {
        let was = before
            .indicators
            .iter()
            .find(|b| b.name == i.name)
            .map(|b| b.value);
        let now_v = num(&serde_json::json!(i.value));
        let was_v = was.map_or("—".to_string(), |v| num(&serde_json::json!(v)));
        if was_v != now_v {
            push(
                section("indicators"),
                i.title.clone(),
                if was.is_some() { "changed" } else { "added" },
                was_v,
                now_v,
                reasons_for(&i.name, corrections, &moves),
            );
        }
    }
    // The hubs of the annex: status and date.
    let hub_text = |h: &context::HubView| {
        let date = h
            .since
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(|d| context::when(d, h.since_precision.as_deref(), lang))
            .unwrap_or_default();
        format!("{} {date}", h.status_label).trim().to_string()
    };
    let before_hubs: BTreeMap<&str, &context::HubView> =
        before.hubs.iter().map(|h| (h.code.as_str(), h)).collect();
    let after_hubs: BTreeMap<&str, &context::HubView> =
        after.hubs.iter().map(|h| (h.code.as_str(), h)).collect();
    for (code, h) in &after_hubs {
        let location = format!(
            "{}{}{}{}",
            h.name,
            lang.choose("（", " ("),
            h.country,
            lang.choose("）", ")")
        );
        let reasons: Vec<String> = corrections
            .iter()
            .filter(|c| c.key == format!("hub:{code}"))
            .map(|c| c.key.clone())
            .take(1)
            .collect();
        match before_hubs.get(code) {
            None => push(
                section("annex"),
                location,
                "added",
                "—".into(),
                hub_text(h),
                reasons,
            ),
            Some(b) if hub_text(b) != hub_text(h) => push(
                section("annex"),
                location,
                "changed",
                hub_text(b),
                hub_text(h),
                reasons,
            ),
            Some(_) => {}
        }
    }
    for (code, b) in &before_hubs {
        if !after_hubs.contains_key(code) {
            let location = format!(
                "{}{}{}{}",
                b.name,
                lang.choose("（", " ("),
                b.country,
                lang.choose("）", ")")
            );
            push(
                section("annex"),
                location,
                "removed",
                hub_text(b),
                "—".into(),
                vec![],
            );
        }
    }
    out
}

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

/// A sent report whose content changed since it was sent.
#[derive(Debug, Clone, Serialize)]
pub struct Owed {
    pub report: String,
    pub period: String,
    pub lang: String,
    pub export: i64,
    pub known_at: String,
    pub differences: usize,
}

/// Every report, period and language whose last export differs from the report as known at
/// `now`: the 正誤表 an office may owe. Definitions that no longer load are passed over.
pub fn owed(conn: &Connection, reports: &std::path::Path, now: DateTime<Utc>) -> Result<Vec<Owed>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT report, period, lang FROM export_log WHERE status = 'ok' ORDER BY report, period, lang",
    )?;
    let sent_reports: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (report, period, lang) in sent_reports {
        let (Ok(def), Ok(p), Ok(l)) = (
            super::load(reports, &report),
            Period::parse(&period),
            Lang::parse(&lang),
        ) else {
            continue;
        };
        let s = sent(conn, &def, &p, l, &Since::LastExport)?;
        let (export, known_at) = (s.id, s.known_at.clone());
        let e = compare(conn, &def, &p, l, s, now)?;
        if !e.items.is_empty() {
            out.push(Owed {
                report,
                period,
                lang,
                export,
                known_at,
                differences: e.items.len(),
            });
        }
    }
    Ok(out)
}

/// The errata sheet as an HTML or PDF file: the markup through the report writers.
pub fn sheet(
    e: &Errata,
    def: &Definition,
    reports: &std::path::Path,
    pdf: bool,
) -> Result<Vec<u8>> {
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
    if !pdf {
        let css_path = reports.join("style.css");
        let css = std::fs::read_to_string(&css_path).map_err(|err| {
            Error::io(
                format!("cannot read the stylesheet {}", css_path.display()),
                err,
            )
        })?;
        let page = crate::html::Page {
            lang: e.lang.code(),
            title: &title,
            css: &css,
        };
        return Ok(crate::html::write(&doc, &page).into_bytes());
    }
    let opts = crate::pdf::Options {
        reports,
        title: &title,
        period_label: &e.period_label,
        subject: def.subject(e.lang),
        author: def.author(e.lang),
        lang: e.lang.code(),
        as_of: &e.now[..10],
        header: true,
        footer: true,
        max_pages: None,
        report: &def.name,
        definition: &def.file,
        template: "(the errata sheet)",
    };
    crate::pdf::render(doc, &opts)
}
