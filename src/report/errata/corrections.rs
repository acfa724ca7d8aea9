//! The corrections: the history rows recorded after a report was sent, one per fact they change.

use super::context;
use super::Correction;
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
    window: &Window<'_>,
) -> Result<Vec<Correction>> {
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
    for r in window_rows(conn, Recorded::NewHubs, window)? {
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
            subject: text(
                format!("拠点 {} {}", c(0), c(1)),
                format!("hub {} {}", c(0), c(2)),
            ),
            kind: "addition".into(),
            effective_date: r[7].clone(),
            recorded_at: c(3),
            source: r[4].clone(),
            note: r[5].clone(),
        });
        new_hubs.insert(c(0));
    }
    // A status of a hub already known, recorded in the window: a change or a correction.
    for r in window_rows(conn, Recorded::HubStatuses, window)? {
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
            subject: text(
                format!("拠点 {} {}の状況", c(0), c(1)),
                format!("the status of hub {} {}", c(0), c(2)),
            ),
            kind: "correction".into(),
            effective_date: r[4].clone(),
            recorded_at: c(6),
            source: r[7].clone(),
            note: r[8].clone(),
        });
    }
    // Counts: the platforms' members and the agreements' partner countries.
    for (what, key, what_ja, what_en, of_ja, of_en) in [
        (
            Recorded::MemberCounts,
            "members",
            "会員数",
            "Members",
            "会員数",
            "the member count",
        ),
        (
            Recorded::AgreementCounts,
            "agreements",
            "相手国数",
            "Partner countries",
            "協力覚書の相手国数",
            "the number of partner countries",
        ),
    ] {
        for r in window_rows(conn, what, window)? {
            let c = |i: usize| r[i].clone().unwrap_or_default();
            let at = when(&c(2), "day");
            out.push(Correction {
                key: format!("{key}:{}", c(0)),
                text: text(
                    format!("{what_ja} {}（{at}時点）", c(1)),
                    format!("{what_en}: {} (as of {at})", c(1)),
                ),
                subject: text(format!("{at}時点の{of_ja}"), format!("{of_en} as of {at}")),
                kind: "correction".into(),
                effective_date: r[2].clone(),
                recorded_at: c(3),
                source: r[4].clone(),
                note: r[5].clone(),
            });
        }
    }
    // Meetings and working groups added.
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
                text: text(
                    format!("{what_ja} {} を追加", c(0)),
                    format!("{what_en} {} added", c(0)),
                ),
                subject: text(
                    format!("{what_ja} {}", c(0)),
                    format!("{} {}", what_en.to_lowercase(), c(0)),
                ),
                kind: "addition".into(),
                effective_date: r[3].clone(),
                recorded_at: c(1),
                source: r[2].clone(),
                note: None,
            });
        }
    }
    Ok(out)
}
