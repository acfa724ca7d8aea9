//! Organisations: a list, not free text. A partner typed for a hub is found among the known
//! organisations under any name each has had ([`super::names`] says what counts as the same name);
//! one close to a known name is refused with a did-you-mean, and a new one is created only where
//! the user marks it as new. An organisation's rename is a new row of `organisation_names`, so a
//! report made as known before it still shows the old name.

use super::facts::Problem;
use super::names::{self, Match};
use crate::dates::{ts, AsOf};
use crate::fact_date::FactDate;
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{named_params, params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::HashMap;

/// A partner as a command will write it: a known organisation, or one to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Partner {
    Known { id: i64, name: String },
    New(String),
}

impl Partner {
    /// The name it is written under.
    pub fn name(&self) -> &str {
        match self {
            Partner::Known { name, .. } | Partner::New(name) => name,
        }
    }
}

/// An organisation (its id and current name) with every name it has had.
type Known = ((i64, String), Vec<String>);

/// Every organisation with every name it has had (Japanese and English), the current first.
fn known(conn: &Connection) -> Result<Vec<Known>> {
    let mut out: Vec<Known> = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    for (id, ja, en) in name_rows(
        conn,
        "SELECT o.id, o.name_ja, o.name_en FROM organisations o ORDER BY o.id",
    )? {
        index.insert(id, out.len());
        out.push(((id, ja.clone()), std::iter::once(ja).chain(en).collect()));
    }
    let later = "SELECT org_id, name_ja, name_en FROM organisation_names ORDER BY effective_date, recorded_at, id";
    for (id, ja, en) in name_rows(conn, later)? {
        if let Some(&i) = index.get(&id) {
            out[i].0 .1 = ja.clone();
            out[i].1.extend(std::iter::once(ja).chain(en));
        }
    }
    Ok(out)
}

/// The rows of a query of (organisation id, Japanese name, English name).
fn name_rows(conn: &Connection, sql: &str) -> Result<Vec<(i64, String, Option<String>)>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Brings this connection's index of organisation names up to date: each name (Japanese and
/// English, current and former) under its [`names::normalise`]d key, in a temporary table. Only
/// the rows added since the last call are read, so that a file of many hubs finds each partner
/// by one indexed read. The temporary table is written in the caller's transaction and rolls back
/// with it.
fn sync_keys(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS org_keys (key TEXT NOT NULL, org_id INTEGER NOT NULL, PRIMARY KEY (key, org_id));
         CREATE TEMP TABLE IF NOT EXISTS org_keys_seen (what TEXT PRIMARY KEY, last INTEGER NOT NULL);",
    )?;
    for (what, sql) in [
        (
            "organisations",
            "SELECT id, id, name_ja, name_en FROM organisations WHERE id > ?1 ORDER BY id",
        ),
        (
            "organisation_names",
            "SELECT id, org_id, name_ja, name_en FROM organisation_names WHERE id > ?1 ORDER BY id",
        ),
    ] {
        let last: i64 = conn
            .query_row(
                "SELECT last FROM temp.org_keys_seen WHERE what = ?1",
                [what],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0);
        let mut stmt = conn.prepare_cached(sql)?;
        let rows: Vec<(i64, i64, String, Option<String>)> = stmt
            .query_map([last], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut add = conn.prepare_cached(
            "INSERT INTO temp.org_keys (key, org_id) SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM temp.org_keys WHERE key = ?1 AND org_id = ?2)",
        )?;
        for (_, org, ja, en) in &rows {
            for name in std::iter::once(ja).chain(en) {
                add.execute(params![names::normalise(name), org])?;
            }
        }
        if let Some((id, ..)) = rows.last() {
            conn.execute(
                "INSERT INTO temp.org_keys_seen (what, last) VALUES (?1, ?2) ON CONFLICT (what) DO UPDATE SET last = excluded.last",
                params![what, id],
            )?;
        }
    }
    Ok(())
}

/// The organisation a name is the same as (by [`names::normalise`]), with its current name.
fn same_as(conn: &Connection, typed: &str) -> Result<Option<(i64, String)>> {
    let id: Option<i64> = conn
        .query_row(
            "SELECT org_id FROM temp.org_keys WHERE key = ?1 ORDER BY org_id LIMIT 1",
            [names::normalise(typed)],
            |r| r.get(0),
        )
        .optional()?;
    let Some(id) = id else { return Ok(None) };
    let name: String = conn.query_row(
        "SELECT coalesce((SELECT n.name_ja FROM organisation_names n WHERE n.org_id = o.id
                          ORDER BY n.effective_date DESC, n.recorded_at DESC, n.id DESC LIMIT 1), o.name_ja)
         FROM organisations o WHERE o.id = ?1",
        [id],
        |r| r.get(0),
    )?;
    Ok(Some((id, name)))
}

/// Finds each typed partner among the organisations. A name the same as a known one's is that
/// organisation; one close to a known name is refused with the close names; a new one is
/// accepted only where `new` lists it (by the same name). Returns every problem at once.
pub fn resolve_partners(
    conn: &Connection,
    typed: &[String],
    new: &[String],
) -> Result<std::result::Result<Vec<Partner>, Vec<String>>> {
    sync_keys(conn)?;
    let mut partners = Vec::new();
    let mut problems = Vec::new();
    let marked = |t: &str| {
        new.iter()
            .any(|n| names::normalise(n) == names::normalise(t))
    };
    let mut seen: Vec<String> = Vec::new();
    for t in typed {
        let key = names::normalise(t);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        if let Some(why) = listed_in_one(conn, t)? {
            problems.push(why);
            continue;
        }
        if let Some((id, name)) = same_as(conn, t)? {
            partners.push(Partner::Known { id, name });
            continue;
        }
        if marked(t) {
            partners.push(Partner::New(t.trim().to_string()));
            continue;
        }
        // Not known and not marked: a refusal, with the close names if any.
        problems.push(match names::find(t, &known(conn)?) {
            Match::Close(close) => format!(
                "'{t}' is not a known organisation; did you mean {}? Give the name as it is listed (`tenkai org list`), or mark it as a new organisation (--new-partner '{t}' on the command line, +{t} in a file's partners cell)",
                close.iter().map(|(_, n)| format!("'{n}'")).collect::<Vec<_>>().join(" or ")
            ),
            _ => format!(
                "'{t}' is not a known organisation (see `tenkai org list`); if it is new, mark it so (--new-partner '{t}' on the command line, +{t} in a file's partners cell) and it will be created"
            ),
        });
    }
    for n in new {
        if !typed
            .iter()
            .any(|t| names::normalise(t) == names::normalise(n))
        {
            problems.push(format!(
                "'{n}' is marked as a new partner but is not among the partners given; give it as a partner too"
            ));
        }
    }
    Ok(if problems.is_empty() {
        Ok(partners)
    } else {
        Err(problems)
    })
}

/// The marks that separate the names of a list as tenkai prints one (「富士フイルム、オリンパス」).
const LIST_MARKS: [char; 2] = ['、', '，'];

/// Why a partner's name that holds a list mark is refused: it is a list of partners written as
/// one name (every listing prints partners joined by 「、」), which would make one organisation of
/// them. Says which of its parts are known organisations.
fn listed_in_one(conn: &Connection, typed: &str) -> Result<Option<String>> {
    let Some(mark) = typed.chars().find(|c| LIST_MARKS.contains(c)) else {
        return Ok(None);
    };
    let parts: Vec<&str> = typed
        .split(LIST_MARKS)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut known = Vec::new();
    for part in &parts {
        if let Some((_, name)) = same_as(conn, part)? {
            known.push(format!("'{name}'"));
        }
    }
    let known = match known.len() {
        0 => String::new(),
        n if n == parts.len() => format!("; each is a known organisation ({})", known.join(", ")),
        _ => format!("; of them, {} known", known.join(", ")),
    };
    Ok(Some(format!(
        "'{typed}' holds 「{mark}」, which separates the names of a list, not a partner's name: separate partners with ; ({}) in a file's partners cell, or repeat --partner on the command line{known}",
        parts.join(";")
    )))
}

/// The mark before a partner's name, in a file's partners cell, that says it is a new
/// organisation: `+` (or full-width `＋`), as in `富士フイルム;+あおば医療サービス`.
pub const NEW_MARK: [char; 2] = ['+', '＋'];

/// A partners list as a file gives it: the names, and those marked new with [`NEW_MARK`].
pub fn split_new_marks(items: Vec<String>) -> (Vec<String>, Vec<String>) {
    let mut names = Vec::new();
    let mut new = Vec::new();
    for item in items {
        match item.strip_prefix(NEW_MARK) {
            Some(name) => {
                let name = name.trim().to_string();
                new.push(name.clone());
                names.push(name);
            }
            None => names.push(item),
        }
    }
    (names, new)
}

/// The id of a partner, creating a new organisation (with its source) where it is new.
pub fn partner_id(conn: &Connection, p: &Partner, source: Option<&str>) -> Result<i64> {
    match p {
        Partner::Known { id, .. } => Ok(*id),
        Partner::New(name) => create(conn, name, None, source),
    }
}

/// The id of a new organisation, created with its names and source unless an earlier row of
/// the same file created it already.
fn create(
    conn: &Connection,
    name: &str,
    name_en: Option<&str>,
    source: Option<&str>,
) -> Result<i64> {
    sync_keys(conn)?;
    if let Some((id, _)) = same_as(conn, name)? {
        return Ok(id);
    }
    conn.execute(
        "INSERT INTO organisations (name_ja, name_en, source) VALUES (?1, ?2, ?3)",
        params![name, name_en, source],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Each organisation's names at a date as known at a time: id → (Japanese, English or Japanese).
pub fn names_at(conn: &Connection, at: &AsOf) -> Result<HashMap<i64, (String, String)>> {
    let mut names = HashMap::new();
    let mut stmt =
        conn.prepare_cached("SELECT id, name_ja, coalesce(name_en, name_ja) FROM organisations")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, (r.get(1)?, r.get(2)?))))? {
        let (id, n) = row?;
        names.insert(id, n);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT org_id, name_ja, coalesce(name_en, name_ja) FROM organisation_names
         WHERE effective_date <= :as_of AND recorded_at <= :known_at ORDER BY effective_date, recorded_at, id",
    )?;
    let rows = stmt.query_map(
        named_params! {":as_of": at.date_str(), ":known_at": at.known_at_str()},
        |r| Ok((r.get::<_, i64>(0)?, (r.get(1)?, r.get(2)?))),
    )?;
    for row in rows {
        let (id, n) = row?;
        names.insert(id, n);
    }
    Ok(names)
}

/// An organisation as `tenkai org list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Organisation {
    pub name_ja: String,
    pub name_en: Option<String>,
    /// Its earlier names, oldest first.
    pub former: Vec<String>,
    /// How many hubs list it as a partner, as the hubs stand today.
    pub hubs: i64,
    pub source: Option<String>,
}

/// Every organisation with its current names, its former ones and its number of hubs.
pub fn organisations(conn: &Connection) -> Result<Vec<Organisation>> {
    let known = known(conn)?;
    let mut ens: HashMap<i64, Option<String>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT o.id, coalesce((SELECT n.name_en FROM organisation_names n WHERE n.org_id = o.id
                                ORDER BY n.effective_date DESC, n.recorded_at DESC, n.id DESC LIMIT 1), o.name_en),
                o.source FROM organisations o",
    )?;
    let mut sources = HashMap::new();
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })? {
        let (id, en, source) = row?;
        ens.insert(id, en);
        sources.insert(id, source);
    }
    let counts = partner_counts(conn)?;
    let mut out: Vec<Organisation> = known
        .into_iter()
        .map(|((id, current), all)| {
            let en = ens.remove(&id).flatten();
            let mut former: Vec<String> = Vec::new();
            for n in all {
                if n != current && Some(&n) != en.as_ref() && !former.contains(&n) {
                    former.push(n);
                }
            }
            Organisation {
                name_ja: current,
                name_en: en,
                former,
                hubs: counts.get(&id).copied().unwrap_or(0),
                source: sources.remove(&id).flatten(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.name_ja.cmp(&b.name_ja));
    Ok(out)
}

/// How many hubs list each organisation today.
fn partner_counts(conn: &Connection) -> Result<HashMap<i64, i64>> {
    let at = AsOf::new(crate::dates::today(), crate::dates::now());
    let mut counts = HashMap::new();
    for orgs in super::hub_changes::partner_ids_at(conn, &at)?.values() {
        for id in orgs {
            *counts.entry(*id).or_insert(0) += 1;
        }
    }
    Ok(counts)
}

/// An organisation's new name, as a user gives it.
#[derive(Debug, Clone)]
pub struct OrgRename<'a> {
    pub from: &'a str,
    pub name_ja: &'a str,
    pub name_en: Option<&'a str>,
    pub date: FactDate,
    pub note: Option<&'a str>,
    pub source: Option<&'a str>,
}

/// Checks a rename: the new names are not blank, the organisation renamed is known (a close name
/// gets a did-you-mean), and the new name is not another organisation's. Returns the
/// organisation's id and current name.
pub fn check_org_rename(conn: &Connection, r: &OrgRename<'_>) -> Result<(i64, String)> {
    if r.name_ja.trim().is_empty() {
        return Err(Error::Usage(
            "--name-ja: is empty; an organisation needs its Japanese name".into(),
        ));
    }
    if r.name_en.is_some_and(|n| n.trim().is_empty()) {
        return Err(Error::Usage(
            "--name-en: is empty; give the English name, or leave --name-en out".into(),
        ));
    }
    let known = known(conn)?;
    let (id, current) = match names::find(r.from, &known) {
        Match::Same(found) => found,
        Match::Close(close) => {
            return Err(Error::Usage(format!(
                "'{}' is not a known organisation; did you mean {}?",
                r.from,
                close
                    .iter()
                    .map(|(_, n)| format!("'{n}'"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )))
        }
        Match::New => {
            return Err(Error::Usage(format!(
                "'{}' is not a known organisation; see `tenkai org list`",
                r.from
            )))
        }
    };
    if let Match::Same((other, name)) = names::find(r.name_ja, &known) {
        if other != id {
            return Err(Error::Invalid(format!(
                "'{}' is already the name of another organisation ('{name}'); an organisation cannot take another's name",
                r.name_ja
            )));
        }
    }
    if current == r.name_ja && r.name_en.is_none() {
        return Err(Error::Invalid(format!(
            "'{current}' is already the organisation's name; a rename records a new name: give another new name (or an English name to record)"
        )));
    }
    Ok((id, current))
}

/// An organisation's Japanese name just before `date`, and the next name recorded from a later
/// date, if any, with that date: what a rename from `date` really changes. A rename dated before
/// the newest name changes the name only until that newer name's date.
pub fn names_around(
    conn: &Connection,
    id: i64,
    date: NaiveDate,
) -> Result<(String, Option<(String, FactDate)>)> {
    let date = date.to_string();
    let before: String = conn.query_row(
        "SELECT coalesce((SELECT name_ja FROM organisation_names WHERE org_id = ?1 AND effective_date < ?2
                           ORDER BY effective_date DESC, recorded_at DESC, id DESC LIMIT 1),
                         (SELECT name_ja FROM organisations WHERE id = ?1))",
        params![id, date],
        |r| r.get(0),
    )?;
    let later = conn
        .query_row(
            "SELECT name_ja, effective_date, date_precision FROM organisation_names
             WHERE org_id = ?1 AND effective_date > ?2 ORDER BY effective_date, recorded_at, id LIMIT 1",
            params![id, date],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)),
        )
        .optional()?;
    let later = match later {
        Some((name, on, precision)) => Some((name, stored_date(&on, &precision)?)),
        None => None,
    };
    Ok((before, later))
}

/// A date and precision as stored.
fn stored_date(date: &str, precision: &str) -> Result<FactDate> {
    let bad = || {
        Error::Invalid(format!(
            "a stored name's date '{date}' ({precision}) cannot be read"
        ))
    };
    Ok(FactDate {
        date: date.parse().map_err(|_| bad())?,
        precision: crate::fact_date::Precision::from_code(precision).ok_or_else(bad)?,
    })
}

/// Records an organisation's new name from its date; the names before it stay in its history.
pub fn rename_org(conn: &Connection, r: &OrgRename<'_>, now: DateTime<Utc>) -> Result<String> {
    let (id, current) = check_org_rename(conn, r)?;
    let date = r.date.date.to_string();
    super::history::refuse_repeat(
        conn,
        "organisation_names",
        &[
            "org_id",
            "name_ja",
            "name_en",
            "effective_date",
            "date_precision",
            "note",
            "source",
        ],
        &[
            &id,
            &r.name_ja,
            &r.name_en,
            &date,
            &r.date.precision.code(),
            &r.note,
            &r.source,
        ],
        &format!("the name '{}' of '{current}' from {date}", r.name_ja),
    )?;
    conn.execute(
        "INSERT INTO organisation_names (org_id, name_ja, name_en, effective_date, date_precision, note, source, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![id, r.name_ja, r.name_en, r.date.date.to_string(), r.date.precision.code(), r.note, r.source, ts(now)],
    )?;
    Ok(current)
}

/// An organisation as a file lists it: a new one (no `former` name), or a rename of the one
/// now called `former`, from its date.
#[derive(Debug, Clone)]
pub struct NewOrganisation {
    pub name_ja: String,
    pub name_en: Option<String>,
    pub former: Option<String>,
    pub date: Option<FactDate>,
    pub note: Option<String>,
    pub source: Option<String>,
}

impl NewOrganisation {
    fn rename(&self) -> Option<OrgRename<'_>> {
        Some(OrgRename {
            from: self.former.as_deref()?,
            name_ja: &self.name_ja,
            name_en: self.name_en.as_deref(),
            date: self.date?,
            note: self.note.as_deref(),
            source: self.source.as_deref(),
        })
    }
}

/// Checks an organisation row: a rename as [`check_org_rename`] does (it needs its date); a new
/// organisation must not be a known one under any of its names.
pub fn check_organisation(conn: &Connection, o: &NewOrganisation) -> Result<Vec<Problem>> {
    if o.former.is_some() {
        return Ok(match o.rename() {
            None => vec![Problem::bad(
                "date",
                "is empty; a rename needs the date from which the new name holds",
            )],
            Some(r) => match check_org_rename(conn, &r) {
                Ok(_) => vec![],
                Err(e) if e.is_usage() => vec![Problem::bad("former", e.to_string())],
                Err(e) => vec![Problem::refused("former", e.to_string())],
            },
        });
    }
    let name = std::slice::from_ref(&o.name_ja);
    Ok(match resolve_partners(conn, name, name)? {
        Ok(found) if matches!(found.first(), Some(Partner::Known { .. })) => vec![Problem::refused("name_ja", format!(
            "'{}' is already a known organisation ('{}'); leave it out, or give its old name in the former-name column if it was renamed",
            o.name_ja, found[0].name()
        ))],
        Ok(_) => vec![],
        Err(p) => p.into_iter().map(|p| Problem::bad("name_ja", p)).collect(),
    })
}

/// Writes a checked organisation row: a new organisation with its source, or a rename.
pub fn write_organisation(
    conn: &Connection,
    o: &NewOrganisation,
    now: DateTime<Utc>,
) -> Result<()> {
    if let Some(r) = o.rename() {
        rename_org(conn, &r, now)?;
        return Ok(());
    }
    create(
        conn,
        o.name_ja.trim(),
        o.name_en.as_deref(),
        o.source.as_deref(),
    )?;
    Ok(())
}
