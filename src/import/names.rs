//! What a command or an importer needs to read names and to say what it will write, in the
//! user's terms.
//!
//! - Coded values (a status, a kind, a country, a platform) are accepted by their code, their
//!   Japanese name or their English name, as the forms' drop-downs show them ([`coded`]); a value
//!   that is none of them is refused with the names a user sees.
//! - Names of things (organisations, hubs) are compared as [`crate::store::names`] reads them:
//!   NFKC, spaces and company forms aside, with a did-you-mean for a near miss
//!   ([`crate::store::names::find`], [`crate::store::names::nearest`]).
//! - A dry run describes each row it would write, one line each, in Japanese:
//!   「H16 開業済み 平成31年2月14日（日）出典：…」 ([`status_line`], [`change_lines`],
//!   [`new_organisation_line`]); a date always with its precision ([`date_words`]).

use crate::fact_date::{FactDate, Precision};
use crate::i18n::{HubStatus, Lang};
use crate::store::{self, CodeName, PlannedChange};

pub use crate::store::names::{distance, find, nearest, normalise, Match};

/// The code a cell stands for, by its code, Japanese name or English name; or, for the message,
/// what it must be: "use one of: 診療所 (clinic)、…", `what` naming the kind of value.
pub fn coded(cell: &str, known: &[CodeName], what: &str) -> Result<String, String> {
    store::names::code_of(cell, known).ok_or_else(|| {
        let names: Vec<&str> = known
            .iter()
            .flat_map(|(c, ja, en)| [c.as_str(), ja.as_str(), en.as_str()])
            .collect();
        let close = nearest(cell, names.iter().copied(), 3);
        let hint = match close.first() {
            Some(c) => format!("did you mean '{c}'? "),
            None => String::new(),
        };
        format!(
            "unknown {what} '{cell}'; {hint}use one of: {}",
            known
                .iter()
                .map(|(c, ja, _)| format!("{ja} ({c})"))
                .collect::<Vec<_>>()
                .join("、")
        )
    })
}

/// The hub statuses as codes with their Japanese and English names (the glossary's words).
pub fn statuses() -> Vec<CodeName> {
    let g = crate::i18n::glossary::Glossary::builtin();
    HubStatus::ALL
        .iter()
        .map(|s| {
            let key = format!("status.{}", s.code());
            (
                s.code().to_string(),
                g.word(&key, Lang::Ja),
                g.word(&key, Lang::En),
            )
        })
        .collect()
}

pub use crate::store::facts::date_words;

/// The end of a line: the date and the source (or that there is none).
fn tail(date: &FactDate, source: Option<&str>) -> String {
    format!(
        "{}{}",
        date_words(date),
        crate::store::facts::source_words(source)
    )
}

/// A status change as a dry run shows it: 「H16 開業済み 平成31年2月14日（日）出典：…」.
pub fn status_line(code: &str, status: HubStatus, date: &FactDate, source: Option<&str>) -> String {
    let word = crate::i18n::glossary::Glossary::builtin()
        .word(&format!("status.{}", status.code()), Lang::Ja);
    format!("{code} {word} {}", tail(date, source))
}

/// A new organisation as a dry run lists it: 「新しい関係機関：あおば医療サービス」.
pub fn new_organisation_line(name: &str) -> String {
    format!("新しい関係機関：{name}")
}

/// A new hub as a dry run shows it: 「新しい拠点：みどり診療所（ベトナム、診療所） K01 計画中
/// 平成30年11月（月）出典：…」.
pub fn new_hub_line(h: &store::NewHub, codes: &store::codes::Codes) -> String {
    let ja = |list: &[CodeName], code: &str| {
        list.iter()
            .find(|c| c.0 == code)
            .map_or_else(|| code.to_string(), |c| c.1.clone())
    };
    let date = FactDate {
        date: h.effective_date,
        precision: Precision::from_code(&h.date_precision).unwrap_or(Precision::Day),
    };
    let status = match HubStatus::from_code(&h.status) {
        Some(s) => status_line(&h.code, s, &date, h.source.as_deref()),
        None => format!("{} {}", h.code, tail(&date, h.source.as_deref())),
    };
    format!(
        "新しい拠点：{}（{}、{}） {status}",
        h.name_ja,
        ja(&codes.countries, &h.country),
        ja(&codes.hub_kinds, &h.kind)
    )
}

/// A change to a hub as a dry run shows it: one line per value that changes (before → after),
/// then one per organisation it creates.
pub fn change_lines(p: &PlannedChange, kinds: &[CodeName]) -> Vec<String> {
    let end = tail(&p.date, p.source.as_deref());
    let mut lines = Vec::new();
    let none = || "（なし）".to_string();
    if let Some((ja, en)) = &p.names {
        if *ja != p.before.name_ja {
            lines.push(format!(
                "{} 名称：{} → {ja} {end}",
                p.code, p.before.name_ja
            ));
        }
        if *en != p.before.name_en {
            let before = p.before.name_en.clone().unwrap_or_else(none);
            let after = en.clone().unwrap_or_else(none);
            lines.push(format!("{} 英語名：{before} → {after} {end}", p.code));
        }
    }
    if let Some(kind) = &p.kind {
        let ja = kinds
            .iter()
            .find(|k| &k.0 == kind)
            .map_or(kind.as_str(), |k| k.1.as_str());
        lines.push(format!(
            "{} 種類：{} → {ja} {end}",
            p.code, p.before.kind_ja
        ));
    }
    if let Some(partners) = &p.partners {
        let after: Vec<&str> = partners.iter().map(|x| x.name()).collect();
        lines.push(format!(
            "{} 関係機関：{} → {} {end}",
            p.code,
            if p.before.partners_ja.is_empty() {
                none()
            } else {
                p.before.partners_ja.join("、")
            },
            if after.is_empty() {
                none()
            } else {
                after.join("、")
            }
        ));
        for x in partners {
            if let store::organisations::Partner::New(name) = x {
                lines.push(new_organisation_line(name));
            }
        }
    }
    if lines.is_empty() {
        lines.push(format!("{} 変更なし（記録済みの値と同じ） {end}", p.code));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_described_with_its_precision() {
        let d = crate::fact_date::parse("2019-02-14").unwrap();
        assert_eq!(date_words(&d), "平成31年2月14日（日）");
        let m = crate::fact_date::parse("2018-11").unwrap();
        assert_eq!(date_words(&m), "平成30年11月（月）");
        assert_eq!(
            status_line("H16", HubStatus::Opened, &d, Some("報道発表")),
            "H16 開業済み 平成31年2月14日（日）出典：報道発表"
        );
    }

    #[test]
    fn a_coded_value_is_read_by_any_of_its_names() {
        let kinds = vec![(
            "clinic".to_string(),
            "診療所".to_string(),
            "Clinic".to_string(),
        )];
        assert_eq!(coded("診療所", &kinds, "kind").as_deref(), Ok("clinic"));
        assert_eq!(coded("CLINIC", &kinds, "kind").as_deref(), Ok("clinic"));
        let err = coded("診療", &kinds, "kind").unwrap_err();
        assert!(err.contains("診療所 (clinic)"), "{err}");
    }
}
