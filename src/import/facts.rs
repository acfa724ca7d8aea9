//! The import of a quarter's facts, one kind from a CSV file or a workbook's sheet
//! (`tenkai import agreements FILE`), or every kind at once from the quarter workbook
//! (`tenkai import quarter Q.xlsx`): all rows or none. Each kind's columns are named in
//! [`FactKind::columns`]; its rows become [`Fact`]s through the same checks as the commands'
//! (`store::facts`), each problem named by its line and column, or its sheet and cell.

use crate::store::codes::{dated, resolve, Codes};
use crate::store::facts::Fact;
use crate::xlsx::read::quote;
use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

mod changes;
mod rows;
pub(super) use rows::{english_of, fact, Reader};

/// A kind of fact a file (or a sheet of the quarter workbook) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactKind {
    Meetings,
    Agreements,
    AgreementCounts,
    WgEvents,
    PlatformEvents,
    Policies,
    Projects,
    Members,
    NewHubs,
    HubStatus,
    HubChanges,
    Organisations,
    Coverage,
}

/// The kinds in the order the quarter workbook holds (and writes) them: meetings first, since
/// the events and documents after them may name a meeting of the same workbook.
pub const QUARTER: &[FactKind] = &[
    FactKind::Meetings,
    FactKind::Organisations,
    FactKind::NewHubs,
    FactKind::HubStatus,
    FactKind::HubChanges,
    FactKind::Agreements,
    FactKind::AgreementCounts,
    FactKind::WgEvents,
    FactKind::PlatformEvents,
    FactKind::Policies,
    FactKind::Projects,
    FactKind::Members,
    FactKind::Coverage,
];

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ty {
    Text,
    /// A fact's date, at the precision of the row's `precision` column if it has one.
    Date,
    /// A day.
    Day,
    Num,
    Bool,
    Of(Of),
    /// Text naming one or more of a list (`;` between), the list offered but not enforced: an
    /// organisation may be new.
    Suggest(Of),
}

/// The lists a coded column's values come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Of {
    Country,
    AgreementKind,
    CountKind,
    Wg,
    WgEventKind,
    Platform,
    PlatformEventKind,
    ProjectStatus,
    Record,
    Precision,
    Hub,
    HubStatus,
    HubKind,
    Organisation,
}

impl Of {
    pub(super) fn list(self, c: &Codes) -> &[crate::store::CodeName] {
        match self {
            Of::Country => &c.countries,
            Of::AgreementKind => &c.agreement_kinds,
            Of::CountKind => &c.count_kinds,
            Of::Wg => &c.working_groups,
            Of::WgEventKind => &c.wg_event_kinds,
            Of::Platform => &c.platforms,
            Of::PlatformEventKind => &c.platform_event_kinds,
            Of::ProjectStatus => &c.project_statuses,
            Of::Record => &c.records,
            Of::Precision => &c.precisions,
            Of::Hub => &c.hub_names,
            Of::HubStatus => &c.hub_statuses,
            Of::HubKind => &c.hub_kinds,
            Of::Organisation => &c.organisations,
        }
    }
    /// What its drop-down offers: the values by their names now (a hub by its latest name); a
    /// value typed by an earlier name is still read ([`Of::list`]).
    pub(super) fn choices(self, c: &Codes) -> &[crate::store::CodeName] {
        match self {
            Of::Hub => &c.hubs,
            other => other.list(c),
        }
    }
    /// Whether its drop-down shows a code beside each name (hubs: 名称（H16）).
    pub(super) fn is_keyed(self) -> bool {
        self == Of::Hub
    }
    fn what(self) -> &'static str {
        match self {
            Of::Country => "country",
            Of::AgreementKind => "kind of agreement",
            Of::CountKind => "kind of count",
            Of::Wg => "working group",
            Of::WgEventKind => "kind of event",
            Of::Platform => "platform",
            Of::PlatformEventKind => "kind of event",
            Of::ProjectStatus => "project status",
            Of::Record => "record",
            Of::Precision => "precision",
            Of::Hub => "hub",
            Of::HubStatus => "status",
            Of::HubKind => "kind of hub",
            Of::Organisation => "organisation",
        }
    }
}

/// A column: its name, its Japanese heading, what it holds, whether it is required, and its help.
pub(super) type Col = (&'static str, &'static str, Ty, bool, &'static str);

const PRECISION: Col = ("precision", "日付の精度", Ty::Of(Of::Precision), false, "日付の精度（日・月・年・年度）。空欄なら日付の書き方のとおり。 / How precise the date is (day, month, year, fiscal year); blank: as the date is written.");
const NOTE: Col = ("note", "備考", Ty::Text, false, "備考。 / A note.");
/// Every fact added carries where it is stated (see [`crate::import::SOURCE_MISSING`]).
const SOURCE: Col = ("source", "出典", Ty::Text, true, crate::import::SOURCE_HELP);
/// The English of the source and the note (for the English report), at the end of a sheet: a
/// form without them (an older one) is read as if they were blank.
const SOURCE_EN: Col = (
    "source_en",
    "出典（英語）",
    Ty::Text,
    false,
    "出典の英語（英語の報告書に出る。空欄なら日本語のまま「(in Japanese)」と示す。登録済みの資料のコードには不要）。 / The source in English, for the English report (blank: shown in Japanese, marked so; not needed for a registered document's code).",
);
const NOTE_EN: Col = (
    "note_en",
    "備考（英語）",
    Ty::Text,
    false,
    "備考の英語（英語の報告書に出る）。 / The note in English, for the English report.",
);
/// The columns that give the English of another: each with the column it translates.
pub(super) const ENGLISH_OF: &[(&str, &str)] = &[("source_en", "source"), ("note_en", "note")];
const DATE: Col = ("date", "日付", Ty::Date, true, "日付。資料のとおりの精度で（2018/10/29、平成30年10月、FY2018など）。日を補わないこと。 / The date as precisely as the source gives it; never invent a day.");

const MEETINGS_COLUMNS: &[Col] = &[
    (
        "number",
        "回",
        Ty::Num,
        true,
        "タスクフォース会合の回。 / The meeting's number.",
    ),
    (
        "held_on",
        "開催日",
        Ty::Day,
        true,
        "開催日。 / The day it was held.",
    ),
    (
        "by_circulation",
        "持ち回り",
        Ty::Bool,
        false,
        "持ち回り開催なら true。 / true if held by circulation.",
    ),
    (
        "agenda",
        "議題",
        Ty::Text,
        false,
        "議題。複数は「;」で区切る。 / The agenda items, separated by ;.",
    ),
    (
        "agenda_en",
        "議題（英語）",
        Ty::Text,
        false,
        "議題の英語。同じ順に「;」で区切る。 / The items in English, in the same order.",
    ),
    SOURCE,
    SOURCE_EN,
];

const AGREEMENTS_COLUMNS: &[Col] = &[
    (
        "country",
        "相手国",
        Ty::Of(Of::Country),
        true,
        "相手国。一覧から選ぶ。 / The counterpart country, from the list.",
    ),
    (
        "kind",
        "種類",
        Ty::Of(Of::AgreementKind),
        true,
        "文書の種類（MOU、MOC、意図表明文書…）。 / The kind of document.",
    ),
    DATE,
    PRECISION,
    (
        "title_ja",
        "文書名",
        Ty::Text,
        true,
        "文書名（日本語）。 / Its title in Japanese.",
    ),
    (
        "title_en",
        "文書名（英語）",
        Ty::Text,
        false,
        "文書名（英語）。 / Its title in English.",
    ),
    (
        "counterpart_ja",
        "相手機関",
        Ty::Text,
        false,
        "相手国の署名機関（空欄なら国名）。 / The counterpart body (blank: the country).",
    ),
    (
        "counterpart_en",
        "相手機関（英語）",
        Ty::Text,
        false,
        "相手機関（英語）。 / The counterpart body in English.",
    ),
    NOTE,
    SOURCE,
    NOTE_EN,
    SOURCE_EN,
];

const AGREEMENT_COUNTS_COLUMNS: &[Col] = &[
    (
        "kind",
        "種類",
        Ty::Of(Of::CountKind),
        true,
        "数える文書の種類。 / What is counted.",
    ),
    (
        "countries",
        "相手国数",
        Ty::Num,
        true,
        "出典が示す相手国の数。 / The number of countries as the source states it.",
    ),
    (
        "date",
        "時点",
        Ty::Day,
        true,
        "数の時点。 / The day the count is stated for.",
    ),
    SOURCE,
    SOURCE_EN,
];

const WG_EVENTS_COLUMNS: &[Col] = &[
    (
        "wg",
        "ワーキンググループ",
        Ty::Of(Of::Wg),
        true,
        "ワーキンググループ。一覧から選ぶ。 / The working group, from the list.",
    ),
    (
        "kind",
        "種類",
        Ty::Of(Of::WgEventKind),
        true,
        "動きの種類。 / The kind of event.",
    ),
    DATE,
    PRECISION,
    (
        "description_ja",
        "内容",
        Ty::Text,
        true,
        "内容（日本語）。 / What happened, in Japanese.",
    ),
    (
        "description_en",
        "内容（英語）",
        Ty::Text,
        false,
        "内容（英語）。 / What happened, in English.",
    ),
    (
        "meeting",
        "会合の回",
        Ty::Num,
        false,
        "報告したタスクフォース会合の回（あれば）。 / The task-force meeting it went to, if any.",
    ),
    NOTE,
    SOURCE,
    NOTE_EN,
    SOURCE_EN,
];

const PLATFORM_EVENTS_COLUMNS: &[Col] = &[
    ("platform", "プラットフォーム", Ty::Of(Of::Platform), true, "プラットフォーム。一覧から選ぶ。 / The platform, from the list."),
    ("kind", "種類", Ty::Of(Of::PlatformEventKind), true, "動きの種類。 / The kind of event."),
    DATE,
    PRECISION,
    ("description_ja", "内容", Ty::Text, true, "内容（日本語）。 / What happened, in Japanese."),
    ("description_en", "内容（英語）", Ty::Text, true, "内容（英語）。 / What happened, in English."),
    ("replaces", "置き換える行事の番号", Ty::Num, false, "日程が変わった場合、元の行事の番号（tenkai platform events）。 / The number of the event it replaces (a date moved)."),
    NOTE,
    SOURCE,
    NOTE_EN,
    SOURCE_EN,
];

const POLICIES_COLUMNS: &[Col] = &[
    ("title_ja", "文書名", Ty::Text, true, "文書名（日本語）。 / Its title in Japanese."),
    ("title_en", "文書名（英語）", Ty::Text, false, "文書名（英語）。 / Its title in English."),
    DATE,
    PRECISION,
    ("meeting", "会合の回", Ty::Num, false, "決定したタスクフォース会合の回（あれば）。 / The task-force meeting that adopted it, if any."),
    NOTE,
    SOURCE,
    NOTE_EN,
    SOURCE_EN,
];

const PROJECTS_COLUMNS: &[Col] = &[
    (
        "country",
        "国",
        Ty::Of(Of::Country),
        true,
        "国。一覧から選ぶ。 / The country, from the list.",
    ),
    (
        "title_ja",
        "案件名",
        Ty::Text,
        true,
        "案件名（日本語）。 / The project, in Japanese.",
    ),
    (
        "title_en",
        "案件名（英語）",
        Ty::Text,
        true,
        "案件名（英語）。 / The project, in English.",
    ),
    (
        "status",
        "状況",
        Ty::Of(Of::ProjectStatus),
        true,
        "状況。一覧から選ぶ。 / Its status, from the list.",
    ),
    DATE,
    PRECISION,
    NOTE,
    SOURCE,
    NOTE_EN,
    SOURCE_EN,
];

const MEMBERS_COLUMNS: &[Col] = &[
    (
        "platform",
        "プラットフォーム",
        Ty::Of(Of::Platform),
        true,
        "プラットフォーム。一覧から選ぶ。 / The platform, from the list.",
    ),
    (
        "date",
        "時点",
        Ty::Day,
        true,
        "会員数の時点。 / The day of the count.",
    ),
    (
        "members",
        "会員数",
        Ty::Num,
        true,
        "会員企業・団体の数。 / The number of members.",
    ),
    NOTE,
    SOURCE,
    NOTE_EN,
    SOURCE_EN,
];

const HUB_STATUS_COLUMNS: &[Col] = &[
    (
        "hub",
        "拠点",
        Ty::Of(Of::Hub),
        true,
        "既存の拠点。一覧から選ぶ（コードまたは名称）。 / An existing hub, by code or name.",
    ),
    (
        "status",
        "状況",
        Ty::Of(Of::HubStatus),
        true,
        "新しい状況。一覧から選ぶ。 / Its new status, from the list.",
    ),
    DATE,
    PRECISION,
    (
        "expected_date",
        "開業予定時期",
        Ty::Date,
        false,
        "開業予定の場合、その時期（平成31年4月など）。 / For a planned hub, its expected opening.",
    ),
    NOTE,
    SOURCE,
    NOTE_EN,
    SOURCE_EN,
];

const COVERAGE_COLUMNS: &[Col] = &[
    (
        "record",
        "記録",
        Ty::Of(Of::Record),
        true,
        "記録の種類。一覧から選ぶ。 / The record, from the list.",
    ),
    (
        "complete_to",
        "記録済みの最終日",
        Ty::Day,
        true,
        "この日までの記録がすべて入力済み。 / The record is complete up to this day.",
    ),
    SOURCE,
    NOTE,
    NOTE_EN,
    SOURCE_EN,
];

impl FactKind {
    /// The kind's name on the command line and its sheet in the quarter workbook.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            FactKind::Meetings => ("meetings", "会合"),
            FactKind::Agreements => ("agreements", "政府間文書"),
            FactKind::AgreementCounts => ("agreement-counts", "相手国数"),
            FactKind::WgEvents => ("wg-events", "WGの動き"),
            FactKind::PlatformEvents => ("platform-events", "PFの動き"),
            FactKind::Policies => ("policies", "政策文書"),
            FactKind::Projects => ("projects", "その他の案件"),
            FactKind::Members => ("members", "会員数"),
            FactKind::NewHubs => ("new-hubs", "新しい拠点"),
            FactKind::HubStatus => ("hub-status", "拠点の状況変更"),
            FactKind::HubChanges => ("hub-changes", "拠点の変更"),
            FactKind::Organisations => ("organisations", "関係機関"),
            FactKind::Coverage => ("coverage", "記録の範囲"),
        }
    }

    /// The kind's columns, in the order of its file's header.
    pub(super) fn columns(self) -> &'static [Col] {
        match self {
            FactKind::Meetings => MEETINGS_COLUMNS,
            FactKind::Agreements => AGREEMENTS_COLUMNS,
            FactKind::AgreementCounts => AGREEMENT_COUNTS_COLUMNS,
            FactKind::WgEvents => WG_EVENTS_COLUMNS,
            FactKind::PlatformEvents => PLATFORM_EVENTS_COLUMNS,
            FactKind::Policies => POLICIES_COLUMNS,
            FactKind::Projects => PROJECTS_COLUMNS,
            FactKind::Members => MEMBERS_COLUMNS,
            FactKind::HubStatus => HUB_STATUS_COLUMNS,
            FactKind::NewHubs => changes::NEW_HUBS_COLUMNS,
            FactKind::HubChanges => changes::HUB_CHANGES_COLUMNS,
            FactKind::Organisations => changes::ORGANISATIONS_COLUMNS,
            FactKind::Coverage => COVERAGE_COLUMNS,
        }
    }
}

/// A data row: its place in the file, and its cells in the kind's column order.
pub(super) struct Line {
    /// 1-based line (CSV) or row (sheet).
    pub(super) line: u64,
    pub(super) sheet: Option<String>,
    pub(super) cells: Vec<String>,
}

impl Line {
    pub(super) fn place(&self) -> String {
        match &self.sheet {
            None => format!("line {}", self.line),
            Some(s) => format!("sheet '{s}', row {}", self.line),
        }
    }
    /// The place in Japanese, for a dry run's line in Japanese: 「シート『会合』3行目」, 「3行目」.
    pub(super) fn place_ja(&self) -> String {
        match &self.sheet {
            None => format!("{}行目", self.line),
            Some(s) => format!("シート『{s}』{}行目", self.line),
        }
    }
    pub(super) fn cell_place(&self, col: usize, name: &str) -> String {
        match &self.sheet {
            None => format!("line {}, column {name}", self.line),
            Some(s) => format!(
                "sheet '{s}', cell {} ({name})",
                crate::xlsx::cell_ref(self.line as u32 - 1, col as u16)
            ),
        }
    }
}
