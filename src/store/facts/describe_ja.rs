//! A fact in Japanese words, as the dry run of a form (the quarter workbook, a fact's sheet or
//! CSV) lists what it would write: one line in one language, tenkai's words, the coded values and
//! the dates all Japanese (「政府間文書：インド・協力覚書（MOC）「日印…」 平成30年10月29日（日）出典：…」).

use super::{Fact, FactDate};
use crate::fact_date::Precision;
use crate::store::codes::Codes;
use crate::store::CodeName;
use chrono::NaiveDate;

/// The Japanese name of a code in a list (the code itself where the list lacks it).
fn ja<'a>(list: &'a [CodeName], code: &'a str) -> &'a str {
    list.iter()
        .find(|c| c.0 == code)
        .map_or(code, |c| c.1.as_str())
}

/// A date in 和暦 at its precision, with the precision named: 「平成31年2月14日（日）」,
/// 「平成30年11月（月）」, 「平成30年（年）」, 「平成30年度（年度）」.
pub fn date_words(d: &FactDate) -> String {
    let unit = match d.precision {
        Precision::Day => "日",
        Precision::Month => "月",
        Precision::Year => "年",
        Precision::FiscalYear => "年度",
    };
    format!("{}（{unit}）", d.wareki().unwrap_or_else(|_| d.iso()))
}

/// A day in 和暦: 「平成30年6月30日」.
fn day(d: NaiveDate) -> String {
    let fd = FactDate {
        date: d,
        precision: Precision::Day,
    };
    fd.wareki().unwrap_or_else(|_| fd.iso())
}

/// 「出典：…」, or 「（出典なし）」 where none is given.
pub fn source_words(s: Option<&str>) -> String {
    match s {
        Some(s) => format!("出典：{s}"),
        None => "（出典なし）".into(),
    }
}

/// A fact in Japanese, as a form's dry run lists it.
pub fn describe_ja(fact: &Fact, codes: &Codes) -> String {
    match fact {
        Fact::Agreement(a) => format!(
            "政府間文書：{}・{}「{}」 {}{}",
            ja(&codes.countries, &a.country),
            ja(&codes.agreement_kinds, &a.kind),
            a.title_ja,
            date_words(&a.date),
            source_words(a.source.as_deref())
        ),
        Fact::Count(c) => format!(
            "相手国数：{} {}か国（{}時点）{}",
            ja(&codes.count_kinds, &c.kind),
            c.countries,
            day(c.date),
            source_words(Some(&c.source))
        ),
        Fact::WgEvent(e) => format!(
            "WGの動き：{}・{}「{}」 {}{}",
            ja(&codes.working_groups, &e.wg),
            ja(&codes.wg_event_kinds, &e.kind),
            e.description_ja,
            date_words(&e.date),
            source_words(e.source.as_deref())
        ),
        Fact::PlatformEvent(e) => format!(
            "PFの動き：{}・{}「{}」{} {}{}",
            ja(&codes.platforms, &e.platform),
            ja(&codes.platform_event_kinds, &e.kind),
            e.description_ja,
            e.replaces
                .map(|r| format!("（{r}番の記録を置き換え）"))
                .unwrap_or_default(),
            date_words(&e.date),
            source_words(e.source.as_deref())
        ),
        _ => record_ja(fact, codes),
    }
}

/// The facts of [`describe_ja`] other than agreements, counts and events.
fn record_ja(fact: &Fact, codes: &Codes) -> String {
    match fact {
        Fact::Policy(d) => format!(
            "政策文書：「{}」 {}{}",
            d.title_ja,
            date_words(&d.date),
            source_words(d.source.as_deref())
        ),
        Fact::Project(j) => format!(
            "その他の案件：{}「{}」{} {}{}",
            ja(&codes.countries, &j.country),
            j.title_ja,
            ja(&codes.project_statuses, &j.status),
            date_words(&j.date),
            source_words(j.source.as_deref())
        ),
        Fact::Coverage(c) => format!(
            "記録の範囲：{}は{}まで漏れなく記録済み {}",
            ja(&codes.records, &c.record),
            day(c.complete_to),
            source_words(Some(&c.source))
        ),
        Fact::Meeting(m) => format!(
            "会合：第{}回 {}{} 議題{}件 {}",
            m.number,
            day(m.held_on),
            if m.by_circulation {
                "（持ち回り開催）"
            } else {
                ""
            },
            m.agenda_ja.len(),
            source_words(m.source.as_deref())
        ),
        Fact::Members(m) => format!(
            "会員数：{} {}（{}時点）{}",
            ja(&codes.platforms, &m.platform),
            m.members,
            day(m.date),
            source_words(m.source.as_deref())
        ),
        Fact::HubStatus(s) => format!(
            "{} {} {}{}",
            s.hub,
            ja(&codes.hub_statuses, &s.status),
            date_words(&s.date),
            source_words(s.source.as_deref())
        ),
        Fact::HubChange(c) => format!(
            "{}の変更 {}{}",
            c.hub,
            c.date.map(|d| date_words(&d)).unwrap_or_default(),
            source_words(c.source.as_deref())
        ),
        Fact::Organisation(o) => match &o.former {
            Some(f) => format!("関係機関の改称：{f} → {}", o.name_ja),
            None => format!("新しい関係機関：{}", o.name_ja),
        },
        Fact::NewHub(h) => format!("新しい拠点：{} {}", h.code, h.name_ja),
        // The agreements, counts and events are described by `describe_ja`.
        _ => String::new(),
    }
}
