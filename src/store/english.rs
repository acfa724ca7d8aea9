//! What an English report would show in Japanese, for want of English text: the hubs it lists
//! without an English name, the agenda items and working-group events of its period without
//! English text, and its narratives written only in Japanese. A render in English names each on
//! stderr and still succeeds.

use crate::dates::AsOf;
use crate::Result;
use chrono::NaiveDate;
use rusqlite::{named_params, Connection};

/// Each item without English text, in a line that says what it is and how to give it.
pub fn without_english(
    conn: &Connection,
    at: &AsOf,
    start: NaiveDate,
    period: &str,
) -> Result<Vec<String>> {
    let mut out: Vec<String> = super::hubs(conn, at)?
        .into_iter()
        .filter(|h| h.status.is_some() && h.name_en.as_deref().is_none_or(str::is_empty))
        .map(|h| {
            format!(
                "hub {} {}: no English name (tenkai hub change {} --name-en … --date …)",
                h.code, h.name_ja, h.code
            )
        })
        .collect();
    let queries = [
        "SELECT 'meeting ' || m.number || ', agenda item ' || a.position || ' 「' || a.item_ja || '」: no English text'
         FROM meeting_agenda a JOIN meetings m ON m.number = a.meeting_number
         WHERE m.held_on BETWEEN :start AND :end AND m.recorded_at <= :known_at AND coalesce(a.item_en, '') = ''
         ORDER BY m.number, a.position",
        "SELECT 'working-group event of ' || e.event_date || ' 「' || e.description_ja || '」: no English text'
         FROM wg_events e
         WHERE e.event_date BETWEEN :start AND :end AND e.recorded_at <= :known_at AND coalesce(e.description_en, '') = ''
         ORDER BY e.event_date, e.id",
        "SELECT DISTINCT 'narrative ' || n.section || ' of ' || n.period || ': only in Japanese (tenkai narrative set --lang en)'
         FROM narratives n
         WHERE n.period = :period AND n.lang = 'ja' AND n.recorded_at <= :known_at
           AND NOT EXISTS (SELECT 1 FROM narratives x WHERE x.period = n.period AND x.section = n.section
                           AND x.lang = 'en' AND x.recorded_at <= :known_at)
         ORDER BY 1",
    ];
    for sql in queries {
        let mut stmt = conn.prepare_cached(sql)?;
        let params = named_params! {
            ":start": start.to_string(),
            ":end": at.date_str(),
            ":known_at": at.known_at_str(),
            ":period": period,
        };
        let mut bound: Vec<(&str, &dyn rusqlite::ToSql)> = Vec::new();
        for (name, value) in params.iter().copied() {
            if stmt.parameter_index(name)?.is_some() {
                bound.push((name, value));
            }
        }
        let rows = stmt.query_map(bound.as_slice(), |r| r.get::<_, String>(0))?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}
