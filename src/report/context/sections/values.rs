//! The sections as the template reads them: the whole context at once (`report context`), and
//! each section by its name, computed when first read.

use super::*;
impl Sections {
    /// Every section, computed now where not yet.
    pub fn context(&self, c: &Connection) -> Result<ReportContext> {
        let h = &self.head;
        let b = self.base(c)?;
        Ok(ReportContext {
            report: h.report.clone(),
            lang: h.lang,
            period: h.period.clone(),
            as_of: self.at.date_str(),
            known_at: h.known_at.clone(),
            known_at_local: super::super::moment(self.at.known_at, h.lang),
            figures: self.figures(c)?.clone(),
            previous: self.previous(c)?.clone(),
            stated_on: self.stated_on(c)?.clone(),
            coverage: self.coverage(c)?.clone(),
            other_sources: self.other_sources(c)?.to_vec(),
            change: self.change(c)?.clone(),
            targets: self.targets(c)?.to_vec(),
            indicators: self.indicators(c)?.to_vec(),
            hubs: b.hubs.clone(),
            hubs_by_country: self.hubs_by_country(c)?.to_vec(),
            changes: b.changes.clone(),
            meetings: self.meetings(c)?.to_vec(),
            working_groups_set_up: self.working_groups_set_up(c)?.to_vec(),
            wg_events: self.wg_events(c)?.to_vec(),
            members: self.members(c)?.to_vec(),
            narrative: self.narrative(c)?.clone(),
            policy_documents: self.policy_documents(c)?.to_vec(),
            named_countries: self.named_countries(c)?.to_vec(),
            platform_events: self.platform_events(c)?.clone(),
            agreements: self.agreements(c)?.to_vec(),
            other_projects: self.other_projects(c)?.to_vec(),
            methods: self.methods(c)?.to_vec(),
            sources: self.sources(c)?,
            platforms: self.platforms(c)?.to_vec(),
            briefing: self.briefing(c)?.clone(),
            names: names(&self.def),
            agreements_since: self.agreements_since(c)?.clone(),
            stated_coverage: self.stated_coverage(c)?.to_vec(),
        })
    }

    /// The section `key` as a template value; None for a name that is no section.
    pub(super) fn value(&self, c: &Connection, key: &str) -> Option<Result<Value>> {
        fn v<T: serde::Serialize + ?Sized>(r: Result<&T>) -> Result<Value> {
            r.map(|x| Value::from(Serde(x)))
        }
        let h = &self.head;
        Some(match key {
            "report" => v(Ok(&h.report)),
            "lang" => v(Ok(&h.lang)),
            "period" => v(Ok(&h.period)),
            "as_of" => Ok(Value::from(self.at.date_str())),
            "known_at" => v(Ok(&h.known_at)),
            "known_at_local" => Ok(Value::from(super::super::moment(self.at.known_at, h.lang))),
            "figures" => v(self.figures(c)),
            "previous" => v(self.previous(c)),
            "stated_on" => v(self.stated_on(c)),
            "coverage" => v(self.coverage(c)),
            "other_sources" => v(self.other_sources(c)),
            "change" => v(self.change(c)),
            "targets" => v(self.targets(c)),
            "indicators" => v(self.indicators(c)),
            "hubs" => v(self.base(c).map(|b| &b.hubs)),
            "hubs_by_country" => v(self.hubs_by_country(c)),
            "changes" => v(self.base(c).map(|b| &b.changes)),
            _ => return self.value_more(c, key),
        })
    }

    pub(super) fn value_more(&self, c: &Connection, key: &str) -> Option<Result<Value>> {
        fn v<T: serde::Serialize + ?Sized>(r: Result<&T>) -> Result<Value> {
            r.map(|x| Value::from(Serde(x)))
        }
        Some(match key {
            "meetings" => v(self.meetings(c)),
            "working_groups_set_up" => v(self.working_groups_set_up(c)),
            "wg_events" => v(self.wg_events(c)),
            "members" => v(self.members(c)),
            "narrative" => v(self.narrative(c)),
            "policy_documents" => v(self.policy_documents(c)),
            "named_countries" => v(self.named_countries(c)),
            "platform_events" => v(self.platform_events(c)),
            "agreements" => v(self.agreements(c)),
            "other_projects" => v(self.other_projects(c)),
            "methods" => v(self.methods(c)),
            "sources" => self.sources(c).map(|s| Value::from(Serde(&s))),
            "platforms" => v(self.platforms(c)),
            "briefing" => v(self.briefing(c)),
            "names" => Ok(Value::from(Serde(names(&self.def)))),
            "agreements_since" => v(self.agreements_since(c)),
            "stated_coverage" => v(self.stated_coverage(c)),
            _ => return None,
        })
    }

    /// The whole context as JSON, computed now (for an error's "did you mean"); None while no
    /// render is reading.
    pub fn json_now(&self) -> Option<serde_json::Value> {
        if !CONN.is_set() {
            return None;
        }
        let ctx = CONN.with(|c| self.context(c)).ok()?;
        serde_json::to_value(ctx).ok()
    }
}
