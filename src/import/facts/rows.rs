//! A row of a fact's form read as its kind's columns, and the fact it records.

use super::*;

/// Reads a row's cells as its kind's columns, noting each problem with its place.
pub(in crate::import) struct Reader<'a> {
    pub(in crate::import) cols: &'a [Col],
    pub(in crate::import) line: &'a Line,
    pub(in crate::import) codes: &'a Codes,
    pub(in crate::import) problems: &'a mut Vec<String>,
}

impl Reader<'_> {
    pub(super) fn at(&self, name: &str) -> usize {
        self.cols.iter().position(|c| c.0 == name).unwrap_or(0)
    }
    /// The cell of a column, or "" where the kind has no such column.
    pub(super) fn raw(&self, name: &str) -> &str {
        match self.cols.iter().position(|c| c.0 == name) {
            Some(i) => self.line.cells.get(i).map_or("", |s| s.as_str()),
            None => "",
        }
    }
    pub(super) fn problem(&mut self, name: &str, msg: impl std::fmt::Display) {
        let place = self.line.cell_place(self.at(name), name);
        self.problems.push(format!("{place}: {msg}"));
    }
    /// Notes every required cell left empty.
    pub(super) fn required(&mut self) {
        for c in self.cols {
            if c.3 && self.raw(c.0).is_empty() {
                let why = match c.0 {
                    "source" => crate::import::SOURCE_MISSING,
                    _ => "is empty; this column is required",
                };
                self.problem(c.0, why);
            }
        }
    }
    pub(super) fn text(&self, name: &str) -> String {
        self.raw(name).to_string()
    }
    pub(super) fn opt(&self, name: &str) -> Option<String> {
        Some(self.raw(name).to_string()).filter(|s| !s.is_empty())
    }
    pub(super) fn coded(&mut self, name: &str) -> String {
        let Some(Ty::Of(of)) = self.cols.iter().find(|c| c.0 == name).map(|c| c.2) else {
            return String::new();
        };
        let raw = self.raw(name).to_string();
        if raw.is_empty() {
            return raw;
        }
        resolve(of.list(self.codes), of.what(), &raw).unwrap_or_else(|e| {
            self.problem(name, e);
            String::new()
        })
    }
    pub(super) fn coded_opt(&mut self, name: &str) -> Option<String> {
        Some(self.coded(name)).filter(|c| !c.is_empty())
    }
    pub(super) fn date(&mut self, name: &str) -> Option<crate::fact_date::FactDate> {
        let raw = self.raw(name).to_string();
        if raw.is_empty() {
            return None;
        }
        let precision = match name {
            "expected_date" => None,
            _ => self.opt("precision"),
        };
        dated(&raw, precision.as_deref(), &self.codes.precisions)
            .map_err(|e| self.problem(name, e))
            .ok()
    }
    pub(super) fn day(&mut self, name: &str) -> Option<NaiveDate> {
        let d = self.date(name)?;
        if d.precision != crate::fact_date::Precision::Day {
            let msg = format!("'{}' is not a day: this column needs the day it is stated for (for example 2018-06-30)", d.iso());
            self.problem(name, msg);
            return None;
        }
        Some(d.date)
    }
    pub(super) fn num(&mut self, name: &str) -> Option<i64> {
        let raw = self.raw(name);
        if raw.is_empty() {
            return None;
        }
        let t: String = raw
            .nfkc()
            .filter(|c| !c.is_whitespace() && *c != ',')
            .collect();
        let n = t.parse::<i64>().ok().filter(|n| *n >= 0);
        if n.is_none() {
            let msg = format!("'{}' is not a whole number (0, 1, 2, …)", quote(raw));
            self.problem(name, msg);
        }
        n
    }
    pub(super) fn bool(&mut self, name: &str) -> bool {
        let t: String = self.raw(name).nfkc().collect::<String>().to_lowercase();
        match t.as_str() {
            "1" | "true" | "yes" | "はい" | "○" | "〇" => true,
            "0" | "false" | "no" | "いいえ" | "" => false,
            other => {
                let msg = format!("'{}' is not true or false", quote(other));
                self.problem(name, msg);
                false
            }
        }
    }
    pub(super) fn items(&self, name: &str) -> Vec<String> {
        self.raw(name)
            .split([';', '；'])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// A row as the fact it records, or `None` with its problems noted.
pub(in crate::import) fn fact(kind: FactKind, r: &mut Reader<'_>) -> Option<Fact> {
    let before = r.problems.len();
    r.required();
    let fact = match kind {
        FactKind::Meetings | FactKind::AgreementCounts | FactKind::Members | FactKind::Coverage => {
            undated_fact(kind, r)
        }
        FactKind::HubChanges => changes::hub_change(r),
        FactKind::NewHubs => changes::new_hub(r)?,
        FactKind::Organisations => changes::organisation(r),
        _ => dated_fact(kind, r)?,
    };
    for (en, ja) in ENGLISH_OF {
        if !r.raw(en).is_empty() && r.raw(ja).is_empty() {
            let msg = format!("gives the English of the column {ja}, which is empty: fill in {ja} too, or leave {en} blank");
            r.problem(en, msg);
        }
    }
    (r.problems.len() == before).then_some(fact)
}

/// A row of a kind whose date may be partial (none where the date is missing or wrong).
fn dated_fact(kind: FactKind, r: &mut Reader<'_>) -> Option<Fact> {
    use crate::store::facts::*;
    Some(match kind {
        FactKind::Agreements => Fact::Agreement(NewAgreement {
            country: r.coded("country"),
            kind: r.coded("kind"),
            date: r.date("date")?,
            title_ja: r.text("title_ja"),
            title_en: r.opt("title_en"),
            counterpart_ja: r.opt("counterpart_ja"),
            counterpart_en: r.opt("counterpart_en"),
            note: r.opt("note"),
            source: r.opt("source"),
        }),
        FactKind::WgEvents => Fact::WgEvent(NewWgEvent {
            wg: r.coded("wg"),
            kind: r.coded("kind"),
            date: r.date("date")?,
            meeting: r.num("meeting"),
            description_ja: r.text("description_ja"),
            description_en: r.opt("description_en"),
            note: r.opt("note"),
            source: r.opt("source"),
        }),
        FactKind::PlatformEvents => Fact::PlatformEvent(NewPlatformEvent {
            platform: r.coded("platform"),
            kind: r.coded("kind"),
            date: r.date("date")?,
            description_ja: r.text("description_ja"),
            description_en: r.text("description_en"),
            replaces: r.num("replaces"),
            note: r.opt("note"),
            source: r.opt("source"),
        }),
        FactKind::Policies => Fact::Policy(NewPolicy {
            title_ja: r.text("title_ja"),
            title_en: r.opt("title_en"),
            date: r.date("date")?,
            meeting: r.num("meeting"),
            note: r.opt("note"),
            source: r.opt("source"),
        }),
        FactKind::Projects => Fact::Project(NewProject {
            country: r.coded("country"),
            title_ja: r.text("title_ja"),
            title_en: r.text("title_en"),
            status: r.coded("status"),
            date: r.date("date")?,
            note: r.opt("note"),
            source: r.opt("source"),
        }),
        FactKind::HubStatus => Fact::HubStatus(NewHubStatus {
            hub: r.coded("hub"),
            status: r.coded("status"),
            date: r.date("date")?,
            expected: r.date("expected_date"),
            note: r.opt("note"),
            source: r.opt("source"),
        }),
        _ => return None,
    })
}

/// A row of a kind dated to the day, or not dated.
fn undated_fact(kind: FactKind, r: &mut Reader<'_>) -> Fact {
    use crate::store::facts::*;
    match kind {
        FactKind::Meetings => Fact::Meeting(NewMeeting {
            number: r.num("number").unwrap_or(0),
            held_on: r.day("held_on").unwrap_or_default(),
            by_circulation: r.bool("by_circulation"),
            agenda_ja: r.items("agenda"),
            agenda_en: r.items("agenda_en"),
            source: r.opt("source"),
        }),
        FactKind::AgreementCounts => Fact::Count(NewCount {
            kind: r.coded("kind"),
            countries: r.num("countries").unwrap_or(0),
            date: r.day("date").unwrap_or_default(),
            source: r.text("source"),
        }),
        FactKind::Members => Fact::Members(NewMembers {
            platform: r.coded("platform"),
            date: r.day("date").unwrap_or_default(),
            members: r.num("members").unwrap_or(0),
            note: r.opt("note"),
            source: r.opt("source"),
        }),
        _ => Fact::Coverage(NewCoverage {
            record: r.coded("record"),
            complete_to: r.day("complete_to").unwrap_or_default(),
            source: r.text("source"),
            note: r.opt("note"),
        }),
    }
}

/// The English a row gives its source and note: each (Japanese, English) pair it fills in.
pub(in crate::import) fn english_of(kind: FactKind, line: &Line) -> Vec<(String, String)> {
    let cols = kind.columns();
    let cell = |name: &str| {
        cols.iter()
            .position(|c| c.0 == name)
            .and_then(|i| line.cells.get(i))
            .map_or("", |s| s.trim())
    };
    ENGLISH_OF
        .iter()
        .filter(|(en, ja)| !cell(en).is_empty() && !cell(ja).is_empty())
        .map(|(en, ja)| (cell(ja).to_string(), cell(en).to_string()))
        .collect()
}
