//! The quarter workbook's sheets of new hubs (新しい拠点), changes to existing hubs (拠点の変更) and
//! organisations (関係機関): their columns, and their rows as the facts the store checks and
//! writes ([`crate::store::check_new_hub`], [`crate::store::check_hub_change`],
//! [`crate::store::organisations::check_organisation`]).

use super::{Col, Of, Reader, Ty, DATE, NOTE, NOTE_EN, PRECISION, SOURCE, SOURCE_EN};
use crate::store::facts::Fact;
use crate::store::organisations::{split_new_marks, NewOrganisation};
use crate::store::{HubChange, NewHub};

pub(in crate::import) const NEW_HUBS_COLUMNS: &[Col] = &[
    ("code", "拠点コード", Ty::Text, true, "新しい拠点のコード（他の拠点と重ならないもの、K01など）。 / A code no other hub has."),
    ("name_ja", "名称", Ty::Text, true, "拠点の名称（日本語）。 / Its Japanese name."),
    ("name_en", "英語名", Ty::Text, false, "英語名。空欄なら英語の報告書に日本語名が出る。 / Its English name; blank: the English report shows the Japanese name."),
    ("country", "国", Ty::Of(Of::Country), true, "所在国。一覧から選ぶ。 / Its country, from the list."),
    ("kind", "種類", Ty::Of(Of::HubKind), true, "拠点の種類。一覧から選ぶ。 / Its kind, from the list."),
    ("partners", "関係機関", Ty::Suggest(Of::Organisation), false, "関係機関。「;」で区切る。新しい機関には先頭に + を付ける（+あおば医療サービス）。 / Its partners, separated by ;. Mark a new organisation with + before its name."),
    ("status", "状況", Ty::Of(Of::HubStatus), true, "状況。一覧から選ぶ。 / Its status, from the list."),
    DATE,
    PRECISION,
    ("expected_date", "開業予定時期", Ty::Date, false, "開業予定の場合、その時期（平成31年4月など）。 / For a planned hub, its expected opening."),
    NOTE,
    SOURCE,
    NOTE_EN,
    SOURCE_EN,
];

pub(in crate::import) const HUB_CHANGES_COLUMNS: &[Col] = &[
    ("hub", "拠点", Ty::Of(Of::Hub), true, "既存の拠点。一覧から選ぶ（コードまたは名称）。 / An existing hub, by code or name."),
    ("date", "変更日", Ty::Date, true, "変更が効力を持つ日。資料のとおりの精度で（2018/10/29、平成30年10月など）。 / The date the change took effect, as precisely as the source gives it."),
    PRECISION,
    ("name_ja", "新しい名称", Ty::Text, false, "新しい名称（変わる場合）。 / The new Japanese name, if it changes."),
    ("name_en", "新しい英語名", Ty::Text, false, "新しい英語名（変わる場合）。 / The new English name, if it changes."),
    ("kind", "新しい種類", Ty::Of(Of::HubKind), false, "新しい種類（変わる場合）。一覧から選ぶ。 / The new kind, if it changes, from the list."),
    ("partners", "関係機関", Ty::Suggest(Of::Organisation), false, "変更後の関係機関すべて。「;」で区切る。新しい機関には先頭に + を付ける（+あおば医療サービス）。 / The whole new list of partners, separated by ;. Mark a new organisation with + before its name."),
    NOTE,
    SOURCE,
    NOTE_EN,
    SOURCE_EN,
];

pub(in crate::import) const ORGANISATIONS_COLUMNS: &[Col] = &[
    ("name_ja", "名称", Ty::Text, true, "機関の名称（新しい機関、または改称後の名称）。 / The organisation's name (a new one, or its new name)."),
    ("name_en", "英語名", Ty::Text, false, "英語名。 / Its English name."),
    ("former", "旧名称", Ty::Suggest(Of::Organisation), false, "改称の場合、これまでの名称。新しい機関なら空欄。 / For a rename, its name until now; blank for a new organisation."),
    ("date", "日付", Ty::Date, false, "改称の日（改称の場合は必須）。資料のとおりの精度で。 / The date of the rename (required for a rename), as precisely as the source gives it."),
    PRECISION,
    NOTE,
    SOURCE,
    NOTE_EN,
    SOURCE_EN,
];

/// A row of 拠点の変更 as a change to a hub.
pub(super) fn hub_change(r: &mut Reader<'_>) -> Fact {
    let partners = Some(r.items("partners"))
        .filter(|p| !p.is_empty())
        .map(split_new_marks);
    let (partners, new_partners) = match partners {
        Some((names, new)) => (Some(names), new),
        None => (None, vec![]),
    };
    Fact::HubChange(HubChange {
        hub: r.coded("hub"),
        name_ja: r.opt("name_ja"),
        name_en: r.opt("name_en"),
        kind: r.coded_opt("kind"),
        partners,
        new_partners,
        date: r.date("date"),
        note: r.opt("note"),
        source: r.opt("source"),
    })
}

/// A row of 関係機関 as a new organisation or a rename.
pub(super) fn organisation(r: &mut Reader<'_>) -> Fact {
    Fact::Organisation(NewOrganisation {
        name_ja: r.text("name_ja"),
        name_en: r.opt("name_en"),
        former: r.opt("former"),
        date: r.date("date"),
        note: r.opt("note"),
        source: r.opt("source"),
    })
}

/// A row of 新しい拠点 as a new hub, its dates at the precision they are written in.
pub(super) fn new_hub(r: &mut Reader<'_>) -> Option<Fact> {
    let (partners, new_partners) = split_new_marks(r.items("partners"));
    let date = r.date("date")?;
    let expected = r.date("expected_date");
    Some(Fact::NewHub(Box::new(NewHub {
        code: r.text("code"),
        name_ja: r.text("name_ja"),
        name_en: r.opt("name_en"),
        country: r.coded("country"),
        kind: r.coded("kind"),
        partners,
        new_partners,
        status: r.coded("status"),
        effective_date: date.date,
        expected_date: expected.map(|d| d.date),
        expected_precision: expected.map(|d| d.precision.code().to_string()),
        note: r.opt("note"),
        date_precision: date.precision.code().to_string(),
        source: r.opt("source"),
    })))
}
