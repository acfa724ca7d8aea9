//! The corrections: the history rows recorded after a report was sent, one per fact they change.

use super::context;
use super::Correction;
use crate::i18n::glossary::Glossary;
use crate::i18n::Lang;
use crate::store::recorded::Recorded;
use crate::Result;
use chrono::NaiveDate;
use rusqlite::Connection;

/// The history rows of one kind in the window, each column read as text (NULL as `None`).
fn window_rows(
    conn: &Connection,
    what: Recorded,
    window: &Window<'_>,
) -> Result<Vec<Vec<Option<String>>>> {
    crate::store::recorded::window(
        conn,
        what,
        window.from,
        window.to,
        &window.until.to_string(),
    )
}

/// Which history rows can change a sent report: those recorded after it was sent (`from`) and by
/// the moment it is compared at (`to`), about facts dated by the report's as-of date (`until`).
/// A row dated later (next quarter's member count, say) changes nothing the report shows.
pub(super) struct Window<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub until: NaiveDate,
}

/// The history rows in the window, one correction per fact they change, newest first in each
/// kind of fact.
pub(super) fn corrections(
    conn: &Connection,
    lang: Lang,
    glossary: &Glossary,
    window: &Window<'_>,
) -> Result<Vec<Correction>> {
    let w = Words { lang, glossary };
    let mut out = Vec::new();
    let new_hubs = added_hubs(conn, &w, window, &mut out)?;
    hub_statuses(conn, &w, window, &new_hubs, &mut out)?;
    counts(conn, &w, window, &mut out)?;
    added_meetings_and_groups(conn, &w, window, &mut out)?;
    in_language(conn, lang, window, &mut out)?;
    Ok(out)
}

/// The users' sources and notes in the sheet's language: a registered document by its title;
/// free text and notes in the English given them by the moment of the comparison. A text without
/// English stays as recorded (the sheet marks it as Japanese).
fn in_language(
    conn: &Connection,
    lang: Lang,
    window: &Window<'_>,
    out: &mut [Correction],
) -> Result<()> {
    let docs = crate::store::source_documents(conn)?;
    let english = crate::store::EnglishTexts::load(conn, window.to)?;
    let own = |t: &str| match lang {
        Lang::Ja => t.to_string(),
        Lang::En => english.of(t).unwrap_or(t).to_string(),
    };
    let cite = |r: &String| {
        let parsed = crate::store::Reference::parse(r, &docs);
        match parsed.document {
            Some(_) => parsed.describe(&docs, lang),
            None => own(r),
        }
    };
    for c in out.iter_mut() {
        c.source = c.source.as_ref().map(cite);
        c.note = c.note.as_deref().map(own);
        c.was_source = c.was_source.as_deref().map(own);
    }
    Ok(())
}

/// The words of the corrections, in the report's language.
struct Words<'g> {
    lang: Lang,
    glossary: &'g Glossary,
}

impl Words<'_> {
    fn word(&self, key: &str) -> String {
        self.glossary.word(key, self.lang)
    }
    /// A glossary sentence with each `{name}` replaced by its value.
    fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        values.iter().fold(self.word(key), |s, (name, value)| {
            s.replace(&format!("{{{name}}}"), value)
        })
    }
    /// A reference as a reader reads it: a line of the source document as 資料（336行）, a user's
    /// reference as given.
    fn source(&self, reference: &str, docs: &[crate::store::SourceDocument]) -> String {
        let r = crate::store::Reference::parse(reference, docs);
        let seeded = |c: &String| docs.iter().any(|d| &d.code == c && !d.registered());
        match r.document {
            Some(ref c) if seeded(c) => self.fill(
                "errata.source_document",
                &[("lines", &r.describe_lines(self.lang))],
            ),
            _ => r.text,
        }
    }
    fn status(&self, s: &str) -> String {
        crate::i18n::HubStatus::from_code(s).map_or_else(|| s.to_string(), |s| s.label(self.lang))
    }
    fn when(&self, d: &str, p: &str) -> String {
        NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(|d| context::when(d, Some(p), self.lang))
            .unwrap_or_else(|_| d.to_string())
    }
    fn text(&self, ja: String, en: String) -> String {
        self.lang.choose(ja, en)
    }
}

/// Hubs first recorded in the window: one correction each, with its first status. Returns their
/// codes, whose statuses are part of that correction.
fn added_hubs(
    conn: &Connection,
    w: &Words,
    window: &Window<'_>,
    out: &mut Vec<Correction>,
) -> Result<std::collections::BTreeSet<String>> {
    let lang = w.lang;
    let mut new_hubs = std::collections::BTreeSet::new();
    for r in window_rows(conn, Recorded::NewHubs, window)? {
        let c = |i: usize| r[i].clone().unwrap_or_default();
        let status = match (&r[6], &r[7], &r[8]) {
            (Some(s), Some(d), Some(p)) => format!(
                "{}{}",
                w.status(s),
                lang.choose(
                    format!("（{}）", w.when(d, p)),
                    format!(" ({})", w.when(d, p))
                )
            ),
            _ => String::new(),
        };
        out.push(Correction {
            key: format!("hub:{}", c(0)),
            text: w.text(
                format!("拠点 {} {} を追加：{status}", c(0), c(1)),
                format!("Hub {} {} added: {status}", c(0), c(2)),
            ),
            subject: w.text(
                format!("拠点 {} {}", c(0), c(1)),
                format!("hub {} {}", c(0), c(2)),
            ),
            kind: "addition".into(),
            effective_date: r[7].clone(),
            recorded_at: c(3),
            source: r[4].clone(),
            note: r[5].clone(),
            was: None,
            was_source: None,
            value: None,
        });
        new_hubs.insert(c(0));
    }
    Ok(new_hubs)
}

/// Statuses of hubs already known, recorded in the window: a change or a correction each.
fn hub_statuses(
    conn: &Connection,
    w: &Words,
    window: &Window<'_>,
    new_hubs: &std::collections::BTreeSet<String>,
    out: &mut Vec<Correction>,
) -> Result<()> {
    for r in window_rows(conn, Recorded::HubStatuses, window)? {
        let c = |i: usize| r[i].clone().unwrap_or_default();
        if new_hubs.contains(&c(0)) {
            continue;
        }
        let (status, at) = (w.status(&c(3)), w.when(&c(4), &c(5)));
        out.push(Correction {
            key: format!("hub:{}", c(0)),
            text: w.text(
                format!("拠点 {} {}：{status}（{at}）", c(0), c(1)),
                format!("Hub {} {}: {status} ({at})", c(0), c(2)),
            ),
            subject: w.text(
                format!("拠点 {} {}の状況", c(0), c(1)),
                format!("the status of hub {} {}", c(0), c(2)),
            ),
            kind: "correction".into(),
            effective_date: r[4].clone(),
            recorded_at: c(6),
            source: r[7].clone(),
            note: r[8].clone(),
            was: None,
            was_source: None,
            value: None,
        });
    }
    Ok(())
}

/// Counts: the platforms' members and the agreements' partner countries, each with the value the
/// sent report showed and where that value came from. A count goes by the glossary's name of its
/// figure.
fn counts(
    conn: &Connection,
    w: &Words,
    window: &Window<'_>,
    out: &mut Vec<Correction>,
) -> Result<()> {
    let docs = crate::store::source_documents(conn)?;
    for (what, key) in [
        (Recorded::MemberCounts, "members"),
        (Recorded::AgreementCounts, "agreements"),
    ] {
        for r in window_rows(conn, what, window)? {
            let c = |i: usize| r[i].clone().unwrap_or_default();
            let at = w.when(&c(2), "day");
            let figure = w.word(match (key, c(0).as_str()) {
                ("members", _) => "figure.platform_members",
                (_, "letter_of_intent") => "figure.letters_of_intent",
                _ => "figure.mou_countries",
            });
            let before =
                crate::store::recorded::count_before(conn, what, &c(0), &c(2), window.from)?;
            let (was, was_source) = match before {
                Some((value, source)) => (Some(value), source.map(|s| w.source(&s, &docs))),
                None => (None, None),
            };
            out.push(Correction {
                key: format!("{key}:{}", c(0)),
                text: w.fill(
                    "errata.count",
                    &[("figure", &figure), ("value", &c(1)), ("at", &at)],
                ),
                subject: w.fill("errata.count_subject", &[("figure", &figure), ("at", &at)]),
                kind: "correction".into(),
                effective_date: r[2].clone(),
                recorded_at: c(3),
                source: r[4].clone(),
                note: r[5].clone(),
                was,
                was_source,
                value: r[1].clone(),
            });
        }
    }
    Ok(())
}

/// Meetings and working groups first recorded in the window.
fn added_meetings_and_groups(
    conn: &Connection,
    w: &Words,
    window: &Window<'_>,
    out: &mut Vec<Correction>,
) -> Result<()> {
    for (what, key, what_ja, what_en) in [
        (
            Recorded::Meetings,
            "meetings",
            "タスクフォース会合",
            "Task-force meeting",
        ),
        (
            Recorded::WorkingGroups,
            "working_groups",
            "ワーキンググループ",
            "Working group",
        ),
    ] {
        for r in window_rows(conn, what, window)? {
            let c = |i: usize| r[i].clone().unwrap_or_default();
            out.push(Correction {
                key: key.to_string(),
                text: w.text(
                    format!("{what_ja} {} を追加", c(0)),
                    format!("{what_en} {} added", c(0)),
                ),
                subject: w.text(
                    format!("{what_ja} {}", c(0)),
                    format!("{} {}", what_en.to_lowercase(), c(0)),
                ),
                kind: "addition".into(),
                effective_date: r[3].clone(),
                recorded_at: c(1),
                source: r[2].clone(),
                note: None,
                was: None,
                was_source: None,
                value: None,
            });
        }
    }
    Ok(())
}
