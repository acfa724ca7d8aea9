//! The hub list as a template reads it: the views shared, each hub's fields made template values
//! only when read.

use super::HubView;
use minijinja::value::{Enumerator, Object, ObjectRepr, Value};
use serde::Serialize;
use std::sync::Arc;

/// Every hub the report lists, shared rather than copied: a template reads each hub in place
/// ([`HubList`]) when it shows it, so a large report never holds the list twice (once as data,
/// once as template values).
#[derive(Debug, Clone, Default)]
pub struct Hubs(Arc<Vec<HubView>>);

impl Hubs {
    pub fn new(views: Vec<HubView>) -> Hubs {
        Hubs(Arc::new(views))
    }

    pub fn iter(&self) -> std::slice::Iter<'_, HubView> {
        self.0.iter()
    }

    pub fn as_slice(&self) -> &[HubView] {
        &self.0
    }
}

impl Serialize for Hubs {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        if minijinja::value::serializing_for_value() {
            Value::from_object(HubList(self.0.clone())).serialize(s)
        } else {
            self.0.serialize(s)
        }
    }
}

impl schemars::JsonSchema for Hubs {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Hubs".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // As it serialises: the list of hubs.
        <Vec<HubView>>::json_schema(generator)
    }
    fn inline_schema() -> bool {
        true
    }
}

/// The hub list as a template sees it: a sequence whose items are read when asked for.
#[derive(Debug)]
struct HubList(Arc<Vec<HubView>>);

impl Object for HubList {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let i = key.as_usize().filter(|&i| i < self.0.len())?;
        Some(Value::from_object(HubItem {
            all: self.0.clone(),
            i,
        }))
    }
    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.0.len())
    }
}

/// One hub as a template sees it: a map of [`HubView`]'s fields, each made a value when read.
#[derive(Debug)]
struct HubItem {
    all: Arc<Vec<HubView>>,
    i: usize,
}

/// [`HubView`]'s fields, in its order (a test checks them against its serialisation).
const HUB_FIELDS: &[&str] = &[
    "code",
    "name",
    "name_ja",
    "name_en",
    "country",
    "country_iso",
    "kind",
    "partners",
    "status",
    "status_label",
    "since",
    "since_precision",
    "expected",
    "expected_precision",
    "dates",
    "opened_as_planned",
    "former",
    "status_source",
    "status_note",
    "dates_unassigned",
];

impl Object for HubItem {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let h = &self.all[self.i];
        let text = |s: &str| Value::from(s);
        let maybe = |s: &Option<String>| s.as_deref().map_or(Value::from(()), text);
        Some(match key.as_str()? {
            "code" => text(&h.code),
            "name" => text(&h.name),
            "name_ja" => text(&h.name_ja),
            "name_en" => maybe(&h.name_en),
            "country" => text(&h.country),
            "country_iso" => text(&h.country_iso),
            "kind" => text(&h.kind),
            "partners" => text(&h.partners),
            "status" => text(h.status.code()),
            "status_label" => text(&h.status_label),
            "since" => maybe(&h.since),
            "since_precision" => maybe(&h.since_precision),
            "expected" => maybe(&h.expected),
            "expected_precision" => maybe(&h.expected_precision),
            "dates" => text(&h.dates),
            "opened_as_planned" => Value::from(h.opened_as_planned),
            "former" => maybe(&h.former),
            "status_source" => maybe(&h.status_source),
            "status_note" => maybe(&h.status_note),
            "dates_unassigned" => Value::from(h.dates_unassigned),
            _ => return None,
        })
    }
    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(HUB_FIELDS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::HubStatus;

    #[test]
    fn templates_see_the_shared_hub_list_as_its_serialisation() {
        let hub = |code: &str, name_en: Option<&str>| HubView {
            code: code.into(),
            name: "北斗リハビリテーションセンター".into(),
            name_ja: "北斗リハビリテーションセンター".into(),
            name_en: name_en.map(Into::into),
            country: "ロシア".into(),
            country_iso: "RU".into(),
            kind: "rehabilitation".into(),
            partners: "社会医療法人 北斗".into(),
            status: HubStatus::Planned,
            status_label: "開業予定".into(),
            since: Some("2018-03-31".into()),
            since_precision: None,
            expected: Some("2018-05".into()),
            expected_precision: Some("month".into()),
            dates: String::new(),
            opened_as_planned: false,
            former: None,
            status_source: None,
            status_note: None,
            dates_unassigned: false,
            id: 1,
            named_country: false,
            before: None,
        };
        let views = vec![hub("RU-1", Some("Hokuto")), hub("RU-2", None)];
        let shared = Hubs(std::sync::Arc::new(views.clone()));
        let lazy = minijinja::Value::from(minijinja::value::Serde(&shared));
        let eager = minijinja::Value::from(minijinja::value::Serde(&views));
        assert_eq!(lazy.len(), Some(2));
        for i in 0..2 {
            let (l, e) = (
                lazy.get_item_by_index(i).unwrap(),
                eager.get_item_by_index(i).unwrap(),
            );
            let keys = |v: &minijinja::Value| -> Vec<String> {
                v.try_iter().unwrap().map(|k| k.to_string()).collect()
            };
            // Every field, in order, with the same value as serde gives it.
            assert_eq!(keys(&l), keys(&e));
            assert_eq!(keys(&l), HUB_FIELDS);
            for k in HUB_FIELDS {
                assert_eq!(
                    l.get_attr(k).unwrap(),
                    e.get_attr(k).unwrap(),
                    "hub {i}, {k}"
                );
            }
        }
        // A template loops over it, reads fields and filters it like any list.
        let env = minijinja::Environment::new();
        let out = env
            .render_str(
                "{% for h in hubs %}{{ h.code }}:{{ h.name_en or '-' }};{% endfor %}{{ hubs | length }} {{ hubs | map(attribute='country_iso') | join(',') }}",
                minijinja::context! { hubs => lazy },
            )
            .unwrap();
        assert_eq!(out, "RU-1:Hokuto;RU-2:-;2 RU,RU");
        // Outside templates (`report context`'s JSON) it is a plain list.
        assert_eq!(
            serde_json::to_value(&shared).unwrap(),
            serde_json::to_value(&views).unwrap()
        );
    }
}
