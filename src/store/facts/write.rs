//! A checked fact written: each kind to its tables, and one command's fact checked and written in
//! its own transaction.

use super::*;

/// Writes a checked fact.
pub fn write(conn: &Connection, fact: &Fact, rules: &Rules<'_>, now: DateTime<Utc>) -> Result<()> {
    let at = ts(now);
    match fact {
        Fact::Agreement(a) => {
            // Without a counterpart body, the country is the counterpart, in both languages.
            conn.prepare_cached(
                "INSERT INTO agreements (kind, title_ja, title_en, counterpart_ja, counterpart_en, country_iso, effective_date, date_precision, note, recorded_at, source)
                 SELECT ?1, ?2, ?3, coalesce(?4, c.name_ja), CASE WHEN ?4 IS NULL THEN coalesce(?5, c.name_en) ELSE ?5 END, ?6, ?7, ?8, ?9, ?10, ?11
                 FROM countries c WHERE c.iso = ?6",
            )?
            .execute(params![a.kind, a.title_ja, a.title_en, a.counterpart_ja, a.counterpart_en, a.country, a.date.date.to_string(), a.date.precision.code(), a.note, at, a.source])?;
        }
        Fact::Count(c) => {
            conn.prepare_cached("INSERT INTO agreement_counts (kind, countries, effective_date, source, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)")?
                .execute(params![c.kind, c.countries, c.date.to_string(), c.source, at])?;
        }
        Fact::WgEvent(e) => {
            conn.prepare_cached("INSERT INTO wg_events (wg_id, meeting_number, event_date, date_precision, kind, description_ja, description_en, note, source, recorded_at) SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 FROM working_groups WHERE code = ?1")?
                .execute(params![e.wg, e.meeting, e.date.date.to_string(), e.date.precision.code(), e.kind, e.description_ja, e.description_en, e.note, e.source, at])?;
        }
        Fact::PlatformEvent(e) => {
            conn.prepare_cached("INSERT INTO platform_events (platform, kind, event_date, date_precision, description_ja, description_en, replaces, note, source, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")?
                .execute(params![e.platform, e.kind, e.date.date.to_string(), e.date.precision.code(), e.description_ja, e.description_en, e.replaces, e.note, e.source, at])?;
        }
        Fact::Policy(d) => {
            conn.prepare_cached("INSERT INTO policy_documents (title_ja, title_en, adopted_on, date_precision, meeting_number, note, source, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?
                .execute(params![d.title_ja, d.title_en, d.date.date.to_string(), d.date.precision.code(), d.meeting, d.note, d.source, at])?;
        }
        Fact::Project(j) => {
            conn.prepare_cached("INSERT INTO other_projects (country_iso, title_ja, title_en, status, effective_date, date_precision, note, source, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?
                .execute(params![j.country, j.title_ja, j.title_en, j.status, j.date.date.to_string(), j.date.precision.code(), j.note, j.source, at])?;
        }
        Fact::Coverage(c) => {
            let complete_to = c.complete_to.to_string();
            crate::store::history::refuse_repeat(
                conn,
                "record_coverage",
                &["record", "complete_to", "source", "note"],
                &[&c.record, &complete_to, &c.source, &c.note],
                &format!(
                    "the statement that {} is complete to {complete_to}",
                    c.record
                ),
            )?;
            conn.prepare_cached("INSERT INTO record_coverage (record, complete_to, source, note, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)")?
                .execute(params![c.record, c.complete_to.to_string(), c.source, c.note, at])?;
        }
        Fact::Meeting(m) => write_meeting(conn, m, &at)?,
        Fact::Members(m) => {
            crate::store::record_members(
                conn,
                &m.platform,
                m.members,
                m.date,
                m.source.as_deref(),
                m.note.as_deref(),
                now,
            )?;
        }
        Fact::HubStatus(s) => {
            crate::store::set_hub_status(conn, &s.hub, &status_change(s), rules, now)?;
        }
        Fact::HubChange(c) => {
            // Checked again against the rows written before it (an organisation it names).
            let planned = crate::store::check_hub_change(conn, c, rules)?;
            crate::store::write_hub_change(conn, &planned, now)?;
        }
        Fact::Organisation(o) => crate::store::organisations::write_organisation(conn, o, now)?,
        Fact::NewHub(h) => crate::store::add_hub(conn, h, rules, now)?,
    }
    Ok(())
}

/// A meeting and its agenda; an English item left blank is none.
fn write_meeting(conn: &Connection, m: &NewMeeting, at: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO meetings (number, held_on, by_circulation, recorded_at, source) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![m.number, m.held_on.to_string(), m.by_circulation as i64, at, m.source])?;
    let mut item = conn.prepare_cached("INSERT INTO meeting_agenda (meeting_number, position, item_ja, item_en, source) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for (i, ja) in m.agenda_ja.iter().enumerate() {
        let en = m.agenda_en.get(i).filter(|e| !e.trim().is_empty());
        item.execute(params![m.number, i as i64 + 1, ja, en, m.source])?;
    }
    Ok(())
}

/// A status row's change, as `tenkai hub set-status` records it.
fn status_change(s: &NewHubStatus) -> crate::store::NewStatus<'_> {
    crate::store::NewStatus {
        status: &s.status,
        effective: s.date.date,
        expected: s.expected.map(|e| e.date),
        expected_precision: s.expected.map(|e| e.precision.code()),
        note: s.note.as_deref(),
        precision: s.date.precision.code(),
        source: s.source.as_deref(),
    }
}

/// Records one fact (a command's; a problem is named by its option): checks it, then writes it in its own transaction unless this
/// is a dry run. Returns what was (or would be) recorded, in words.
pub fn record(
    conn: &mut Connection,
    fact: &Fact,
    rules: &Rules<'_>,
    dry_run: bool,
    now: DateTime<Utc>,
) -> Result<String> {
    let problems = check(conn, fact, rules, &mut Seen::default(), "")?;
    if !problems.is_empty() {
        // A command's fields are its options.
        let lines: Vec<String> = problems
            .iter()
            .map(
                |Problem {
                     field, message: p, ..
                 }| {
                    let sep = if p.starts_with("item ") { " " } else { ": " };
                    // The option of a field whose option has a shorter name; a count and a
                    // meeting's number are the commands' arguments, named as `--help` names them.
                    let option = match field.as_str() {
                        "complete_to" => "--to",
                        "held_on" => "--date",
                        "members" => "<COUNT>",
                        "number" => "<NUMBER>",
                        f => return format!("--{}{sep}{p}", f.replace('_', "-")),
                    };
                    format!("{option}{sep}{p}")
                },
            )
            .collect();
        return Err(refusal(&problems, lines));
    }
    if !dry_run {
        // Immediate: a transaction that reads before it writes cannot wait for another writer.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        write(&tx, fact, rules, now)?;
        tx.commit()?;
    }
    Ok(describe(fact, &crate::store::codes::Codes::load(conn)?))
}
