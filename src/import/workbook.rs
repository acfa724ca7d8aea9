//! Import from an Excel workbook (`tenkai import hubs FILE.xlsx`), and the form to fill in
//! (`tenkai import template hubs`). The sheet is read by [`crate::xlsx::read`]; its rows then go
//! through the same checks as a CSV file's, each problem named by sheet and cell. A workbook may
//! say what a CSV file says in codes in the words a person types: headers in Japanese, dates in
//! 和暦, countries, kinds, statuses and platforms by their Japanese (or English) names.

use super::{check_header, ImportKind, Row, SOURCE_HELP};
use crate::store::{code_names, CodeName, CodeNames};
use crate::xlsx::read::SheetRows;
use crate::xlsx::template::{Column, Takes};
use crate::Result;
use rusqlite::Connection;

/// Each column of a kind: (its name, its heading in Japanese).
fn headings(kind: ImportKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        ImportKind::Hubs => &[
            ("code", "拠点コード"),
            ("name_ja", "拠点名"),
            ("name_en", "拠点名（英語）"),
            ("country", "国"),
            ("kind", "種類"),
            ("partners", "主な関係機関"),
            ("status", "状況"),
            ("effective_date", "状況の時期"),
            ("expected_date", "開業予定時期"),
            ("note", "備考"),
            ("source", "出典"),
        ],
        ImportKind::Meetings => &[
            ("number", "回"),
            ("held_on", "開催日"),
            ("by_circulation", "持ち回り"),
            ("agenda", "議題"),
            ("source", "出典"),
        ],
        ImportKind::Members => &[
            ("platform", "プラットフォーム"),
            ("effective_date", "時点"),
            ("members", "会員数"),
            ("source", "出典"),
        ],
        ImportKind::HubStatus => &[
            ("hub", "拠点"),
            ("status", "状況"),
            ("effective_date", "状況の時期"),
            ("expected_date", "開業予定時期"),
            ("note", "備考"),
            ("source", "出典"),
        ],
    }
}

/// A header cell as the import names its column: the name itself, or its Japanese heading (with
/// the form's （必須）).
fn column_name(kind: ImportKind, cell: &str) -> String {
    let cell = cell.trim().trim_end_matches("（必須）");
    headings(kind)
        .iter()
        .find(|(_, ja)| *ja == cell)
        .map(|(name, _)| name.to_string())
        .unwrap_or_else(|| cell.to_string())
}

/// A date typed as 和暦 text (平成30年3月31日, H30.3.31, R1.5.1) as `YYYY-MM-DD`; other text as it
/// is (the import checks it).
fn date_text(cell: &str) -> String {
    crate::wareki::parse(cell)
        .or_else(|_| crate::wareki::parse_short(cell))
        .map(|d| d.to_string())
        .unwrap_or_else(|_| cell.to_string())
}

use super::names::statuses;

/// The hubs as the form's drop-down lists them: 「H10 拠点名」, as they are named today.
fn hub_names(conn: &Connection) -> Result<Vec<String>> {
    let at = crate::dates::AsOf::new(crate::dates::today(), crate::dates::now());
    Ok(crate::store::hubs(conn, &at)?
        .into_iter()
        .map(|h| format!("{} {}", h.code, h.name_ja))
        .collect())
}

/// The code of a cell that may hold a code or a name of one.
fn code_of(cell: &str, known: &[CodeName]) -> String {
    known
        .iter()
        .find(|(code, ja, en)| cell == code || cell == ja || cell.eq_ignore_ascii_case(en))
        .map(|(code, _, _)| code.clone())
        .unwrap_or_else(|| cell.to_string())
}

/// A workbook's rows after checking its header: the header's number of columns, and the data rows
/// with their words turned into codes (blank rows and the form's row of column names left out).
pub(super) fn rows(
    kind: ImportKind,
    read: SheetRows,
    names: &CodeNames,
) -> std::result::Result<(usize, Vec<Row>), Vec<String>> {
    let name: std::rc::Rc<str> = read.name.as_str().into();
    let mut rows = read.rows.into_iter().map(|(r, cells)| Row {
        line: r as u64 + 1,
        cells,
        sheet: Some(name.clone()),
    });
    let Some(header) = rows.next() else {
        return Err(vec![format!(
            "sheet '{name}' is empty; it needs the header row (`{}`, or in Japanese) and at least one row",
            ImportKind::columns(kind).join(", ")
        )]);
    };
    let mut header: Vec<String> = header.cells.iter().map(|c| column_name(kind, c)).collect();
    while header.last().is_some_and(|c| c.is_empty()) {
        header.pop();
    }
    check_header(kind, &header).map_err(|p| {
        p.into_iter()
            .map(|m| m.replacen("line 1:", &format!("sheet '{name}', row 1:"), 1))
            .collect::<Vec<_>>()
    })?;
    let width = header.len();
    let (countries, kinds, platforms) = (&names.countries, &names.kinds, &names.platforms);
    let statuses = statuses();
    let mut data = Vec::new();
    let mut problems = Vec::new();
    for mut row in rows {
        // Blank rows (a form's unused rows keep their formats) and the form's note row of
        // column names are not data.
        if row.cells.iter().all(|c| c.is_empty())
            || row.cells[..width.min(row.cells.len())] == header[..]
        {
            continue;
        }
        if let Some(extra) = row.cells.iter().skip(width).position(|c| !c.is_empty()) {
            problems.push(format!(
                "sheet '{name}', cell {}: a value right of the last column ({}); delete it or move it into its column",
                crate::xlsx::cell_ref(row.line as u32 - 1, (width + extra) as u16),
                header[width - 1]
            ));
            continue;
        }
        row.cells.resize(width, String::new());
        for (i, col) in header.iter().enumerate() {
            let cell = &mut row.cells[i];
            *cell = match col.as_str() {
                "effective_date" | "expected_date" | "held_on" => date_text(cell),
                "country" => code_of(cell, countries),
                "kind" => code_of(cell, kinds),
                "status" => code_of(cell, &statuses),
                "platform" => code_of(cell, platforms),
                _ => std::mem::take(cell),
            };
        }
        data.push(row);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if data.is_empty() {
        return Err(vec![format!("sheet '{name}' has a header but no rows")]);
    }
    Ok((width, data))
}

/// The form for a kind of import, as workbook bytes: its columns headed in Japanese, drop-down
/// lists of the names the database knows, date validation, and instructions.
pub fn template(conn: &Connection, kind: ImportKind) -> Result<Vec<u8>> {
    let names = code_names(conn)?;
    let ja = |rows: &[CodeName]| rows.iter().map(|r| r.1.clone()).collect();
    let col = |name, takes, required, help| {
        let heading = headings(kind)
            .iter()
            .find(|(n, _)| *n == name)
            .map(|h| h.1)
            .unwrap_or(name);
        Column {
            name,
            heading,
            required,
            takes,
            help,
        }
    };
    let (sheet, columns) = match kind {
        ImportKind::Hubs => (
            "拠点",
            vec![
                col("code", Takes::Text, true, "拠点を識別する記号（例：H29）。既存の拠点と重ならないこと。 / A code of your own for the hub (H29), not one in use."),
                col("name_ja", Takes::Text, true, "拠点の名称（日本語）。 / The hub's name in Japanese."),
                col("name_en", Takes::Text, false, "英語名（あれば）。 / Its English name, if any."),
                col("country", Takes::OneOf(ja(&names.countries)), true, "所在国。一覧から選ぶ。 / The country, from the list."),
                col("kind", Takes::OneOf(ja(&names.kinds)), true, "拠点の種類。一覧から選ぶ。 / The kind of facility, from the list."),
                col("partners", Takes::Text, false, "主な日本側の関係機関。複数は「;」で区切る。一覧にない新しい機関は名前の前に「+」を付ける（+あおば医療サービス）。 / The Japanese partners, separated by ;. Mark an organisation not yet listed with + before its name."),
                col("status", Takes::OneOf(statuses().into_iter().map(|s| s.1).collect()), true, "状況。一覧から選ぶ。 / The status, from the list."),
                col("effective_date", Takes::Date, true, "その状況になった日。 / The day the hub reached that status."),
                col("expected_date", Takes::Date, false, "開業予定の場合、開業予定日。 / For a planned hub, its expected opening."),
                col("note", Takes::Text, false, "備考。 / A note."),
                col("source", Takes::Text, true, SOURCE_HELP),
            ],
        ),
        ImportKind::Meetings => (
            "会合",
            vec![
                col("number", Takes::WholeNumber, true, "タスクフォース会合の回。 / The meeting's number."),
                col("held_on", Takes::Date, true, "開催日。 / The day it was held."),
                col("by_circulation", Takes::TrueFalse, false, "持ち回り開催なら true。 / true if held by circulation."),
                col("agenda", Takes::Text, false, "議題。複数は「;」で区切る。 / The agenda items, separated by ;."),
                col("source", Takes::Text, true, SOURCE_HELP),
            ],
        ),
        ImportKind::HubStatus => (
            "拠点の状況",
            vec![
                col("hub", Takes::OneOf(hub_names(conn)?), true, "拠点。コード（H10）または名称。 / The hub, by its code (H10) or its name."),
                col("status", Takes::OneOf(statuses().into_iter().map(|s| s.1).collect()), true, "新しい状況。一覧から選ぶ。 / The new status, from the list."),
                col("effective_date", Takes::Date, true, "その状況になった時期。出典にある精度で（平成30年5月、2018/6/1、FY2018）。 / When, as precisely as the source says (a day, a month, a fiscal year)."),
                col("expected_date", Takes::Date, false, "開業予定の場合、開業予定時期。 / For a planned hub, its expected opening."),
                col("note", Takes::Text, false, "備考（訂正の場合はその理由）。 / A note (for a correction, why)."),
                col("source", Takes::Text, true, SOURCE_HELP),
            ],
        ),
        ImportKind::Members => (
            "会員数",
            vec![
                col("platform", Takes::OneOf(ja(&names.platforms)), true, "プラットフォーム。一覧から選ぶ。 / The platform, from the list."),
                col("effective_date", Takes::Date, true, "会員数の時点。 / The day of the count."),
                col("members", Takes::WholeNumber, true, "会員企業・団体の数。 / The number of members."),
                col("source", Takes::Text, true, SOURCE_HELP),
            ],
        ),
    };
    let instructions = [
        "この様式の記入方法 / How to fill in this form",
        "1. 1枚目のシートの3行目から、1行に1件ずつ記入してください。1行目は見出し、2行目は列の英語名です（消さないでください）。 / Fill in one row per item from row 3 of the first sheet. Row 1 holds the headings and row 2 the columns' names: leave them.",
        "2. 「（必須）」の列は必ず記入してください。国・種類・状況などは一覧から選んでください（「選択肢」シート）。日付は日付として入力してください（例：2018/3/31、H30.3.31）。 / Fill in every column marked （必須）. Choose countries, kinds and statuses from their lists (sheet 選択肢). Type dates as dates.",
        "3. セルの結合、数式、シートの非表示は使わないでください。 / Do not merge cells, use formulas or hide the sheet.",
        "4. 記入後、このファイルを返送してください。取り込みは全行まとめて行われ、誤りがあれば行とセルを示して全件差し戻されます。 / Send the file back. It is imported whole: if a row has a problem, nothing is imported, and every problem is named by its cell.",
        "列の説明 / The columns:",
    ];
    crate::xlsx::template::form(sheet, &columns, &instructions)
}
