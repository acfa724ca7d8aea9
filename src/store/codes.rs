//! The coded values a person types by name: countries, working groups, platforms, and the kinds
//! of agreement, event, project status, record and date precision. A value is accepted by its
//! code, its Japanese name or its English name (after NFKC, so full-width letters and spaces are
//! read too); an unknown one is refused with the closest names and the list a form's drop-down
//! shows. Commands, CSV files and workbooks read values through the same [`Codes`].

use super::lookup::CodeName;
use crate::fact_date::{FactDate, Precision};
use crate::i18n::{glossary::Glossary, Lang};
use crate::Result;
use chrono::Datelike;
use rusqlite::Connection;
use unicode_normalization::UnicodeNormalization;

/// The kinds of government agreement.
pub const AGREEMENT_KINDS: &[&str] = &["mou", "moc", "letter_of_intent", "other"];
/// The kinds of working-group event.
pub const WG_EVENT_KINDS: &[&str] = &[
    "membership_change",
    "report",
    "meeting",
    "dissolved",
    "other",
];
/// The kinds of platform event.
pub const PLATFORM_EVENT_KINDS: &[&str] = &["meeting", "survey", "milestone", "other"];
/// The statuses of a project beside the hubs.
pub const PROJECT_STATUSES: &[&str] = &[
    "under_study",
    "planned",
    "in_progress",
    "suspended",
    "completed",
    "cancelled",
];
/// The records whose completeness the office states (`record_coverage`).
pub const RECORDS: &[&str] = &[
    "meetings",
    "wg_events",
    "agreements",
    "platform_events",
    "policy_documents",
    "other_projects",
    "hub_status",
    "platform_members",
];
/// The precisions a fact's date may be given with.
pub const PRECISIONS: &[&str] = &["day", "month", "year", "fiscal_year"];
/// The kinds of an agreement count (`agreement_counts`).
pub const COUNT_KINDS: &[&str] = &["mou", "letter_of_intent"];

/// Every list of coded values, read once (an import reads it in its read transaction).
pub struct Codes {
    pub countries: Vec<CodeName>,
    pub working_groups: Vec<CodeName>,
    pub platforms: Vec<CodeName>,
    /// The hubs by the names they have now (their latest rename), as a form's drop-down offers them.
    pub hubs: Vec<CodeName>,
    /// The hubs by every name they have had: a form filled before a rename is still read.
    pub hub_names: Vec<CodeName>,
    pub hub_statuses: Vec<CodeName>,
    pub agreement_kinds: Vec<CodeName>,
    pub count_kinds: Vec<CodeName>,
    pub wg_event_kinds: Vec<CodeName>,
    pub platform_event_kinds: Vec<CodeName>,
    pub project_statuses: Vec<CodeName>,
    pub records: Vec<CodeName>,
    pub precisions: Vec<CodeName>,
    pub hub_kinds: Vec<CodeName>,
    /// The organisations by their current names (the name is also the code).
    pub organisations: Vec<CodeName>,
}

impl Codes {
    /// The lists as the database and the built-in glossary give them.
    pub fn load(conn: &Connection) -> Result<Codes> {
        let names = |sql: &str| -> Result<Vec<CodeName>> {
            let mut stmt = conn.prepare(sql)?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let statuses: Vec<&str> = crate::i18n::HubStatus::ALL
            .iter()
            .map(|s| s.code())
            .collect();
        Ok(Codes {
            countries: names(
                "SELECT iso, name_ja, name_en FROM countries ORDER BY coalesce(reading, name_ja)",
            )?,
            working_groups: names(
                "SELECT code, name_ja, coalesce(name_en, code) FROM working_groups ORDER BY id",
            )?,
            platforms: names(
                "SELECT code, name_ja, coalesce(name_en, code) FROM platforms ORDER BY code",
            )?,
            hubs: names(
                "WITH latest AS (
                     SELECT hub_id, name_ja, name_en, row_number() OVER (PARTITION BY hub_id
                         ORDER BY effective_date DESC, recorded_at DESC, seq DESC) AS r
                     FROM hub_name_history)
                 SELECT h.code, l.name_ja, coalesce(l.name_en, h.code)
                 FROM hubs h JOIN latest l ON l.hub_id = h.id AND l.r = 1 ORDER BY h.id",
            )?,
            hub_names: names(
                "SELECT h.code, n.name_ja, coalesce(n.name_en, h.code)
                 FROM hub_name_history n JOIN hubs h ON h.id = n.hub_id ORDER BY h.id, n.seq",
            )?,
            hub_statuses: glossary_codes("status", &statuses),
            agreement_kinds: glossary_codes("agreement", AGREEMENT_KINDS),
            count_kinds: glossary_codes("agreement", COUNT_KINDS),
            wg_event_kinds: glossary_codes("wg_event", WG_EVENT_KINDS),
            platform_event_kinds: glossary_codes("platform_event", PLATFORM_EVENT_KINDS),
            project_statuses: glossary_codes("project", PROJECT_STATUSES),
            records: glossary_codes("record", RECORDS),
            precisions: glossary_codes("precision", PRECISIONS),
            hub_kinds: super::code_names(conn)?.kinds,
            organisations: super::organisations::organisations(conn)?
                .into_iter()
                .map(|o| {
                    let en = o.name_en.unwrap_or_else(|| o.name_ja.clone());
                    (o.name_ja.clone(), o.name_ja, en)
                })
                .collect(),
        })
    }
}

/// Codes with their names from the built-in glossary's group (`agreement.mou`).
pub fn glossary_codes(group: &str, codes: &[&str]) -> Vec<CodeName> {
    let g = Glossary::builtin();
    codes
        .iter()
        .map(|c| {
            let key = format!("{group}.{c}");
            (
                c.to_string(),
                g.word(&key, Lang::Ja),
                g.word(&key, Lang::En),
            )
        })
        .collect()
}

/// Text as it is compared with a name: NFKC, without spaces.
fn normal(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// A name without its bracketed part: 覚書（MOU） is also typed 覚書.
fn bare(name: &str) -> &str {
    name.split(['（', '(']).next().unwrap_or(name).trim()
}

/// The code a typed value stands for: its code, Japanese name or English name; or a message
/// naming the closest values and the list.
pub fn resolve(list: &[CodeName], what: &str, typed: &str) -> std::result::Result<String, String> {
    // Most values are typed as the list gives them: found without normalising every name.
    let exact: Vec<&CodeName> = list
        .iter()
        .filter(|(c, ja, en)| typed == c || typed == ja || typed == en)
        .collect();
    if let Some(found) = one(&exact, typed, what) {
        return found;
    }
    let t = normal(typed);
    let lower = t.to_lowercase();
    let hits: Vec<&CodeName> = list
        .iter()
        .filter(|(code, ja, en)| {
            let (ja, en) = (normal(ja), normal(en));
            lower == code.to_lowercase()
                || t == ja
                || lower == en.to_lowercase()
                || (!t.is_empty()
                    && (t == normal(bare(&ja)) || lower == normal(bare(&en)).to_lowercase()))
                || t == normal(&format!("{ja}（{code}）"))
        })
        .collect();
    if let Some(found) = one(&hits, typed, what) {
        return found;
    }
    Err(unknown(list, what, typed))
}

/// The code of the one value a typed text names; a name that several values share (two hubs
/// named 乳がん検診センター) is refused with their codes, unless the text is one of the codes.
fn one(hits: &[&CodeName], typed: &str, what: &str) -> Option<std::result::Result<String, String>> {
    match hits {
        [] => None,
        // One value, or one hub under several of the names it has had.
        [(code, _, _), rest @ ..] if rest.iter().all(|(c, _, _)| c == code) => {
            Some(Ok(code.clone()))
        }
        _ => Some(
            match hits
                .iter()
                .find(|(c, _, _)| c.eq_ignore_ascii_case(typed.trim()))
            {
                Some((code, _, _)) => Ok(code.clone()),
                None => {
                    let codes: Vec<String> = hits
                        .iter()
                        .map(|(c, ja, _)| format!("{ja}（{c}）"))
                        .collect();
                    Err(format!(
                        "'{}' names more than one {what}: {}; write the one meant, with its code",
                        typed.chars().take(80).collect::<String>(),
                        codes.join(", ")
                    ))
                }
            },
        ),
    }
}

/// Why a typed value is not known: the closest values, and the list.
fn unknown(list: &[CodeName], what: &str, typed: &str) -> String {
    let t = normal(typed);
    let lower = t.to_lowercase();
    let shown = |(code, ja, en): &CodeName| format!("{ja} / {en} ({code})");
    let mut near: Vec<(usize, &CodeName)> = list
        .iter()
        .filter_map(|c| {
            let d = [&c.0, &c.1, &c.2]
                .iter()
                .map(|n| strsim::levenshtein(&normal(n).to_lowercase(), &lower))
                .min()?;
            let limit = (t.chars().count() / 3).max(1);
            (d <= limit).then_some((d, c))
        })
        .collect();
    near.sort_by_key(|(d, _)| *d);
    let quoted: String = typed.chars().take(80).collect();
    let mut msg = if typed.trim().is_empty() {
        format!("a {what} is needed")
    } else {
        format!("'{quoted}' is not a known {what}")
    };
    if !near.is_empty() {
        let names: Vec<String> = near.iter().take(3).map(|(_, c)| shown(c)).collect();
        msg += &format!("; did you mean {}?", names.join(" or "));
    } else {
        msg.push('.');
    }
    let all: Vec<String> = list.iter().take(30).map(shown).collect();
    msg += &format!(
        " Write one of: {}{}",
        all.join(", "),
        if list.len() > 30 { ", …" } else { "" }
    );
    msg
}

/// A fact's date as typed, at the precision given with it, if one is: a date that gives less than
/// the stated precision is refused (a month given as a day), and a first day given with a coarser
/// precision (an Excel date 2018-05-01 with precision month) is read at that precision.
pub fn dated(
    typed: &str,
    precision: Option<&str>,
    precisions: &[CodeName],
) -> std::result::Result<FactDate, String> {
    let d = crate::fact_date::parse(typed).map_err(|e| e.to_string())?;
    let Some(stated) = precision.filter(|p| !p.trim().is_empty()) else {
        return Ok(d);
    };
    let want = match resolve(precisions, "precision", stated)?.as_str() {
        "day" => Precision::Day,
        "month" => Precision::Month,
        "year" => Precision::Year,
        _ => Precision::FiscalYear,
    };
    if want == d.precision {
        return Ok(d);
    }
    let (m, day) = (d.date.month(), d.date.day());
    let first_of = match want {
        Precision::Day => false,
        Precision::Month => d.precision == Precision::Day && day == 1,
        Precision::Year => day == 1 && m == 1 && d.precision != Precision::FiscalYear,
        Precision::FiscalYear => day == 1 && m == 4 && d.precision != Precision::Year,
    };
    if first_of {
        return Ok(FactDate {
            date: d.date,
            precision: want,
        });
    }
    let quoted: String = typed.chars().take(80).collect();
    Err(format!(
        "'{quoted}' gives a {} ({}), not a {}: write the date to that precision, or give the precision {}",
        d.precision.code().replace('_', " "),
        d.iso(),
        want.code().replace('_', " "),
        d.precision.code()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn countries() -> Vec<CodeName> {
        vec![
            ("IN".into(), "インド".into(), "India".into()),
            ("ID".into(), "インドネシア".into(), "Indonesia".into()),
        ]
    }

    #[test]
    fn a_value_is_read_by_its_code_or_either_name() {
        let c = countries();
        for typed in ["IN", "in", "インド", "india", " ｲﾝﾄﾞ "] {
            assert_eq!(
                resolve(&c, "country", typed).as_deref(),
                Ok("IN"),
                "{typed}"
            );
        }
        let kinds = glossary_codes("agreement", AGREEMENT_KINDS);
        for typed in [
            "MOC",
            "協力覚書（MOC）",
            "協力覚書",
            "Memorandum of cooperation",
        ] {
            assert_eq!(
                resolve(&kinds, "kind", typed).as_deref(),
                Ok("moc"),
                "{typed}"
            );
        }
    }

    #[test]
    fn a_name_two_values_share_is_refused_with_their_codes() {
        let hubs: Vec<CodeName> = vec![
            ("H06".into(), "乳がん検診センター".into(), "H06".into()),
            ("H10".into(), "乳がん検診センター".into(), "H10".into()),
        ];
        let e = resolve(&hubs, "hub", "乳がん検診センター").unwrap_err();
        assert!(
            e.contains(
                "names more than one hub: 乳がん検診センター（H06）, 乳がん検診センター（H10）"
            ),
            "{e}"
        );
        assert_eq!(
            resolve(&hubs, "hub", "乳がん検診センター（H10）").as_deref(),
            Ok("H10")
        );
        assert_eq!(resolve(&hubs, "hub", "h06").as_deref(), Ok("H06"));
    }

    #[test]
    fn an_unknown_value_is_refused_with_the_closest_names() {
        let e = resolve(&countries(), "country", "インドネシヤ").unwrap_err();
        assert!(
            e.contains("did you mean インドネシア / Indonesia (ID)"),
            "{e}"
        );
        assert!(e.contains("Write one of: インド / India (IN)"), "{e}");
        let e = resolve(&countries(), "country", "  ").unwrap_err();
        assert!(e.starts_with("a country is needed. Write one of: "), "{e}");
        let e = resolve(&countries(), "country", "Atlantis").unwrap_err();
        assert!(
            e.starts_with("'Atlantis' is not a known country. Write one of: "),
            "{e}"
        );
    }

    #[test]
    fn a_stated_precision_must_fit_the_date() {
        let p = glossary_codes("precision", PRECISIONS);
        let d = dated("2018-05-01", Some("月"), &p).unwrap();
        assert_eq!(d.iso(), "2018-05");
        let e = dated("平成30年5月", Some("day"), &p).unwrap_err();
        assert!(e.contains("gives a month (2018-05), not a day"), "{e}");
        assert!(dated("2018-05-14", Some("month"), &p).is_err());
        assert_eq!(dated("H30.5", None, &p).unwrap().iso(), "2018-05");
        assert_eq!(
            dated("2018-04-01", Some("年度"), &p).unwrap().iso(),
            "FY2018"
        );
    }
}
