//! The report's text as sent against as known now, block by block: every sentence, list item,
//! table row and chart description that a reader comparing the two files would find changed.
//!
//! Both texts are rendered by the current tenkai from the two contexts, so a change of wording in
//! a newer tenkai never shows as a correction, and the times each render prints are left out of
//! the comparison. The figures and hubs that [`super::diff`] compares field by field are the
//! primary differences; a changed block that none of them accounts for (a sentence that names a
//! count, a row of a table of kinds, a chart) is listed as it reads.

use super::{Correction, Erratum};
use crate::i18n::glossary::Glossary;
use crate::i18n::Lang;
use crate::markup::{plain_text, Block, Document};
use similar::{capture_diff_slices, Algorithm, DiffTag};

/// One block of a report's text: the section it is in, its label (a table row's first cell) and
/// what it says.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TextBlock {
    pub section: String,
    pub label: String,
    /// What the block is, when it has no label: `heading`, `text`, `list`, `caption`, `chart`.
    pub kind: &'static str,
    pub text: String,
    /// A table row's cells, each with its column's head (empty for other blocks).
    pub cells: Vec<(String, String)>,
    /// An item's number in a numbered list (the briefing's key points), from 1; 0 for others.
    pub number: usize,
}

/// The text blocks of a document, in reading order. Paragraphs are cut into sentences, so that a
/// changed figure names the sentence it is in, not the paragraph. A note that ends the document
/// is its footer (the sources), a place of its own named `footer`, not part of the last section.
pub(super) fn blocks(doc: &Document, times: &[&str], footer: &str) -> Vec<TextBlock> {
    let mut out = Vec::new();
    let mut section = String::new();
    match doc.blocks.split_last() {
        Some((last @ Block::Note { .. }, body)) => {
            walk(body, &mut section, &mut out);
            walk(
                std::slice::from_ref(last),
                &mut footer.to_string(),
                &mut out,
            );
        }
        _ => walk(&doc.blocks, &mut section, &mut out),
    }
    for b in &mut out {
        for t in times.iter().filter(|t| !t.is_empty()) {
            b.text = b.text.replace(t, "…");
        }
    }
    out
}

fn push(out: &mut Vec<TextBlock>, section: &str, kind: &'static str, label: String, text: String) {
    let text = squeeze_spaces(&text);
    if !text.is_empty() {
        out.push(TextBlock {
            section: section.to_string(),
            label,
            kind,
            text,
            cells: vec![],
            number: 0,
        });
    }
}

/// The kind of a table's note: of the key figures' table, or of another.
fn note_kind(table_class: &Option<String>) -> &'static str {
    match table_class {
        Some(class) if class.split_whitespace().any(|c| c == "figures") => "note_figures",
        _ => "note_table",
    }
}

fn walk(blocks: &[Block], section: &mut String, out: &mut Vec<TextBlock>) {
    // The class of the table the blocks since it are notes of (none after any other block).
    let mut after_table: Option<Option<String>> = None;
    for block in blocks {
        let table = match block {
            Block::Table(t) => Some(t.class.clone()),
            Block::Paragraph { class, .. } if is_note(class) => after_table.clone(),
            _ => None,
        };
        match block {
            Block::Section { blocks, .. } | Block::Note { blocks } => {
                walk(blocks, section, out);
                continue;
            }
            Block::Heading { level, inlines, .. } => {
                let text = plain_text(inlines);
                if *level <= 2 {
                    *section = text.clone();
                }
                push(out, section, "heading", String::new(), text);
            }
            // A table's note is one block, whatever its sentences: a note added is one place.
            Block::Paragraph { class, inlines } if is_note(class) && after_table.is_some() => {
                let kind = after_table.as_ref().map_or("note_table", note_kind);
                push(out, section, kind, String::new(), plain_text(inlines));
            }
            Block::Paragraph { inlines, .. } => {
                for sentence in sentences(&plain_text(inlines)) {
                    push(out, section, "text", String::new(), sentence);
                }
            }
            Block::List { items, ordered } => {
                for (i, item) in items.iter().enumerate() {
                    let before = out.len();
                    push(out, section, "list", String::new(), plain_text(item));
                    if let Some(b) = out.get_mut(before).filter(|_| *ordered) {
                        b.number = i + 1;
                    }
                }
            }
            Block::Table(t) => {
                let heads: Vec<String> = t.head.last().map_or_else(Vec::new, |r| {
                    r.iter()
                        .map(|c| squeeze_spaces(&plain_text(&c.inlines)))
                        .collect()
                });
                for row in t.head.iter().chain(t.body.iter()) {
                    let cells: Vec<String> = row
                        .iter()
                        .map(|c| squeeze_spaces(&plain_text(&c.inlines)))
                        .collect();
                    let label = cells.first().cloned().unwrap_or_default();
                    let n = out.len();
                    push(out, section, "row", label, cells.join(" | "));
                    if let Some(b) = out.get_mut(n) {
                        b.cells = cells
                            .into_iter()
                            .enumerate()
                            .map(|(i, c)| (heads.get(i).cloned().unwrap_or_default(), c))
                            .collect();
                    }
                }
            }
            Block::Figure { svg, caption } => {
                push(out, section, "caption", String::new(), plain_text(caption));
                if let Some(alt) = &svg.alt {
                    push(out, section, "chart", String::new(), alt.clone());
                }
            }
            Block::PageBreak => {}
        }
        after_table = table;
    }
}

/// Whether a paragraph's class makes it a note (`<p class="note">`).
fn is_note(class: &Option<String>) -> bool {
    class
        .as_deref()
        .is_some_and(|c| c.split_whitespace().any(|c| c == "note"))
}

/// A paragraph cut after each full stop (「。」, or ". " in English).
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        let end = c == '。' || (c == '.' && chars.peek().is_some_and(|n| n.is_whitespace()));
        if end {
            out.push(std::mem::take(&mut current));
        }
    }
    out.push(current);
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn squeeze_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text without spaces or cell separators, for asking whether one text holds another.
fn squeezed(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '|')
        .collect()
}

/// The changed blocks that no field-by-field difference accounts for, as errata. A block is
/// accounted for when a difference of the same place (its label, or its location in the block)
/// shows there its old value before and its new value now.
pub(super) fn differences(
    before: &[TextBlock],
    after: &[TextBlock],
    known: &[Erratum],
    corrections: &[Correction],
    names: &[(String, Vec<String>)],
    words: (&Glossary, Lang),
) -> Vec<Erratum> {
    let mut out = Vec::new();
    for (b, a) in pairs(before, after) {
        if let (Some(b), Some(a)) = (b, a) {
            if accounted_for(b, a, known) {
                continue;
            }
        }
        let Some(place) = a.or(b) else { continue };
        // What a block says, with its columns' heads (「会員企業・団体数」 names the series a row reads).
        let mentioned = [b, a].into_iter().flatten().flat_map(|t| {
            std::iter::once(t.text.as_str()).chain(t.cells.iter().map(|(head, _)| head.as_str()))
        });
        out.push(Erratum {
            section: place.section.clone(),
            location: if place.number > 0 {
                // 「主なポイント4」: the section's own name and the item's number.
                words
                    .0
                    .word("errata.numbered_item", words.1)
                    .replace("{section}", &place.section)
                    .replace("{n}", &place.number.to_string())
            } else if place.label.is_empty() {
                words
                    .0
                    .word(&format!("errata.kind_{}", place.kind), words.1)
            } else {
                place.label.clone()
            },
            change: match (b, a) {
                (Some(_), Some(_)) => "changed",
                (None, _) => "added",
                (_, None) => "removed",
            }
            .into(),
            was: shown(b, a, words),
            now: shown(a, b, words),
            reasons: reasons(mentioned.collect(), (b, a), known, corrections, names)
                .or_else(|| previous(&out, &place.section))
                .unwrap_or_else(|| every(corrections)),
        });
    }
    out
}

/// The field-by-field differences as the report prints them: a figure's old and new value become
/// the cell of its row and column as it reads in each text, with what the cell adds to the value
/// (its note mark, the date it was stated), so that 正 is what the corrected report shows
/// (「57※2」, not 「57」). A place with no such cell keeps the bare value.
pub(super) fn as_printed(items: &mut [Erratum], before: &[TextBlock], after: &[TextBlock]) {
    for e in items.iter_mut() {
        if let Some(cell) = printed(e, &e.was, before) {
            e.was = cell;
        }
        if let Some(cell) = printed(e, &e.now, after) {
            e.now = cell;
        }
    }
}

/// The cell of `e`'s place that shows `value`: in a row of `e`'s section whose label is the
/// place's, under the column the place names after its colon (「…：前期末」), else the first cell
/// after the label that starts with the value.
fn printed(e: &Erratum, value: &str, blocks: &[TextBlock]) -> Option<String> {
    if value.is_empty() || value == "—" {
        return None;
    }
    let place = lead(&e.location);
    let column = e
        .location
        .split_once(['：', ':'])
        .map(|(_, c)| c.trim())
        .filter(|c| !c.is_empty());
    let row = blocks.iter().find(|b| {
        b.section == e.section && b.cells.len() > 1 && !place.is_empty() && lead(&b.label) == place
    })?;
    // A change is printed with a minus sign (−3) where the difference has a hyphen (-3).
    let value = squeezed(value).replace('-', "−");
    let shows = |cell: &str| {
        squeezed(cell)
            .strip_prefix(value.as_str())
            .is_some_and(|rest| {
                !rest.starts_with(|c: char| c.is_ascii_digit() || c == ',' || c == '.' || c == '%')
            })
    };
    row.cells
        .iter()
        .skip(1)
        .filter(|(head, _)| column.is_none_or(|c| head == c))
        .map(|(_, cell)| cell)
        .find(|cell| shows(cell))
        .cloned()
}

/// Whether a field-by-field difference already shows this block's change: a table row of the
/// same section whose label the difference's location starts with, holding its old value before
/// and its new one now. A row of another section that names the same figure (Annex 2's row of a
/// key figure) is a place of its own. A sentence is always listed as it reads.
fn accounted_for(before: &TextBlock, after: &TextBlock, known: &[Erratum]) -> bool {
    if after.label.is_empty() || before.label != after.label {
        return false;
    }
    let (b, a) = (squeezed(&before.text), squeezed(&after.text));
    known.iter().any(|e| {
        let (place, label) = (lead(&e.location), lead(&after.label));
        e.section == after.section
            && (place.starts_with(label) || label.starts_with(place))
            && b.contains(&squeezed(&e.was))
            && a.contains(&squeezed(&e.now))
    })
}

/// A place's name without what follows it in brackets or after a colon: 「インドネシア（例示国）」
/// and 「インドネシア：開業済み」 are both 「インドネシア」.
fn lead(location: &str) -> &str {
    location
        .split(['：', '（', ':', '('])
        .next()
        .unwrap_or("")
        .trim()
}

/// A text with its note marks made alike (※1 and ※2 as ※; †, ‡ and § as *): a note added to a
/// table numbers its marks anew (a lone ※ becomes ※1 beside a new ※2), which changes no fact, so
/// a block whose only change is its marks' numbers is no erratum.
pub(super) fn unmarked(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut after_mark = false;
    for c in text.chars() {
        if after_mark && c.is_ascii_digit() {
            continue;
        }
        after_mark = c == '※';
        out.push(match c {
            '†' | '‡' | '§' => '*',
            c => c,
        });
    }
    out
}

/// The changed runs of two block lists as pairs (before, after). A block removed in one place
/// and added in another under the same label (a hub's row that moved to another status) is one
/// change.
fn pairs<'a>(
    before: &'a [TextBlock],
    after: &'a [TextBlock],
) -> Vec<(Option<&'a TextBlock>, Option<&'a TextBlock>)> {
    let (old, new): (Vec<String>, Vec<String>) = (
        before.iter().map(|b| unmarked(&b.text)).collect(),
        after.iter().map(|b| unmarked(&b.text)).collect(),
    );
    let mut out: Vec<(Option<&TextBlock>, Option<&TextBlock>)> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &old, &new) {
        let (tag, olds, news) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        let (olds, news) = (&before[olds], &after[news]);
        for i in 0..olds.len().max(news.len()) {
            out.push((olds.get(i), news.get(i)));
        }
    }
    // Join a lone removal and a lone addition of the same labelled row.
    let mut i = 0;
    while i < out.len() {
        if let (Some(b), None) = out[i] {
            let partner = out.iter().position(|p| {
                matches!(p, (None, Some(a)) if !a.label.is_empty() && a.label == b.label && a.section == b.section)
            });
            if let Some(j) = partner {
                out[i].1 = out[j].1;
                out.remove(j);
                if j < i {
                    i -= 1;
                }
            }
        }
        i += 1;
    }
    out
}

/// What the sheet shows of a changed block (`this`, against `other` on the sheet's other side):
/// a sentence as it reads; a table row as its cells after its label, each with its column's head
/// (「会員企業・団体数：56」), and only those that differ from `other`'s.
fn shown(this: Option<&TextBlock>, other: Option<&TextBlock>, words: (&Glossary, Lang)) -> String {
    let Some(t) = this else {
        return "—".into();
    };
    if t.cells.len() < 2 {
        return t.text.clone();
    }
    let (glossary, lang) = words;
    let cell = glossary.word("errata.cell", lang);
    let parts: Vec<String> = t
        .cells
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(i, c)| other.is_none_or(|o| o.cells.get(*i) != Some(*c)))
        .map(|(_, (head, value))| match head.as_str() {
            "" => value.clone(),
            _ => cell.replace("{column}", head).replace("{value}", value),
        })
        .collect();
    if parts.is_empty() {
        return t.text.clone();
    }
    parts.join(&glossary.word("errata.cells", lang))
}

/// The reasons of the difference listed just before, in the same section: a sentence that names
/// no subject (「変更はその時点まで計上している。」) continues the one before it.
fn previous(out: &[Erratum], section: &str) -> Option<Vec<String>> {
    out.last()
        .filter(|e| e.section == section && !e.reasons.is_empty())
        .map(|e| e.reasons.clone())
}

/// Every correction's key, once: what changed the record when nothing narrower explains a text.
fn every(corrections: &[Correction]) -> Vec<String> {
    let mut keys: Vec<String> = corrections.iter().map(|c| c.key.clone()).collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The corrections a changed text can be put down to: those whose subject (a hub's code, name or
/// country, the member count) it mentions; else those of the series a key figure it names reads
/// (「開業済みの医療拠点」: the hubs' statuses); else those of the figures whose old and new values
/// it shows; none when nothing narrows them (the caller then looks at the sentence before it,
/// else takes every correction, since only they changed the record).
fn reasons(
    texts: Vec<&str>,
    (before, after): (Option<&TextBlock>, Option<&TextBlock>),
    known: &[Erratum],
    corrections: &[Correction],
    names: &[(String, Vec<String>)],
) -> Option<Vec<String>> {
    // Case aside: a table of kinds writes 「Dental training centre」 where the hub is named
    // 「Dental Training Centre」.
    let texts: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
    let mentions = |key: &str| {
        names
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, words)| words)
            .map(|w| w.to_lowercase())
            .any(|w| !w.is_empty() && texts.iter().any(|t| t.contains(w.as_str())))
    };
    let mut keys: Vec<String> = corrections
        .iter()
        .map(|c| c.key.clone())
        .filter(|k| mentions(k))
        .collect();
    if keys.is_empty() {
        // A list of sources (the closing note) names the corrections whose sources it adds.
        keys = corrections
            .iter()
            .filter(|c| {
                c.source.as_deref().is_some_and(|s| {
                    let s = s.to_lowercase();
                    !s.is_empty() && texts.iter().any(|t| t.contains(s.as_str()))
                })
            })
            .map(|c| c.key.clone())
            .collect();
    }
    if keys.is_empty() {
        // A figure's title stands for its series: `figure:hub:` for every hub's correction.
        let series: Vec<&str> = names
            .iter()
            .filter_map(|(k, _)| k.strip_prefix(FIGURE))
            .filter(|prefix| mentions(&format!("{FIGURE}{prefix}")))
            .collect();
        keys = corrections
            .iter()
            .map(|c| c.key.clone())
            .filter(|k| series.iter().any(|p| k.starts_with(p)))
            .collect();
    }
    if keys.is_empty() {
        if let (Some(b), Some(a)) = (before, after) {
            let (b, a) = (squeezed(&b.text), squeezed(&a.text));
            keys = known
                .iter()
                .filter(|e| b.contains(&squeezed(&e.was)) && a.contains(&squeezed(&e.now)))
                .flat_map(|e| e.reasons.iter().cloned())
                .collect();
        }
    }
    keys.sort();
    keys.dedup();
    (!keys.is_empty()).then_some(keys)
}

/// The start of a [`subject_names`] key that names a series by a key figure's title rather than a
/// correction's subject: `figure:` then the corrections' key prefix (`figure:hub:`).
const FIGURE: &str = "figure:";

/// The words a correction's subject goes by in a report: for a hub, its code, name and country;
/// for the other facts, the words the reports use for them (in both languages, since only
/// attribution reads them); and each key figure's title, for the series it reads (keyed
/// [`FIGURE`] and the series' key prefix).
pub(super) fn subject_names(ctx: &super::context::ReportContext) -> Vec<(String, Vec<String>)> {
    let words = |ws: &[&str]| ws.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    let mut out: Vec<(String, Vec<String>)> = ctx
        .hubs
        .iter()
        .map(|h| {
            (
                format!("hub:{}", h.code),
                vec![h.code.clone(), h.name.clone(), h.country.clone()],
            )
        })
        .collect();
    for p in &ctx.platforms {
        out.push((
            format!("members:{}", p.code),
            words(&["会員", "member", "Member"]),
        ));
    }
    out.push((
        "agreements:mou".into(),
        words(&["覚書", "MOU", "MOC", "memorand"]),
    ));
    out.push((
        "agreements:letter_of_intent".into(),
        words(&["意図表明", "letter of intent", "Letter of intent"]),
    ));
    out.push((
        "meetings".into(),
        words(&["会合", "開催", "meeting", "Meeting"]),
    ));
    out.push((
        "working_groups".into(),
        words(&["ワーキンググループ", "working group", "Working group"]),
    ));
    // The hubs as a series (「拠点の記録は…まで」, "the record of hubs"): every hub's correction.
    out.push((format!("{FIGURE}hub:"), words(&["拠点", "hub"])));
    for m in ctx.methods.iter().filter(|m| m.kind == "figure") {
        if let Some(prefix) = super::diff::fact_of(&m.key) {
            out.push((format!("{FIGURE}{prefix}"), vec![m.title.clone()]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(label: &str, text: &str) -> TextBlock {
        TextBlock {
            section: "1. 概況".into(),
            label: label.into(),
            kind: if label.is_empty() { "text" } else { "row" },
            text: text.into(),
            cells: vec![],
            number: 0,
        }
    }

    #[test]
    fn a_paragraph_is_cut_into_sentences() {
        assert_eq!(
            sentences("開業済みは21か所。予定は6か所。 Open: 21. Planned: 6."),
            [
                "開業済みは21か所。",
                "予定は6か所。",
                "Open: 21.",
                "Planned: 6."
            ]
        );
    }

    #[test]
    fn a_changed_sentence_is_listed_unless_a_figure_accounts_for_it() {
        let before = [
            block("開業済みの医療拠点", "開業済みの医療拠点 | 21"),
            block("", "インドネシア（4）、ベトナム（3）。"),
            block("", "変わらない文。"),
        ];
        let after = [
            block("開業済みの医療拠点", "開業済みの医療拠点 | 20"),
            block("", "インドネシア（3）、ベトナム（3）。"),
            block("", "変わらない文。"),
        ];
        let known = [Erratum {
            section: "1. 概況".into(),
            location: "開業済みの医療拠点".into(),
            change: "changed".into(),
            was: "21".into(),
            now: "20".into(),
            reasons: vec!["hub:H25".into()],
        }];
        let corrections = [Correction {
            key: "hub:H25".into(),
            text: String::new(),
            subject: String::new(),
            kind: "correction".into(),
            effective_date: None,
            recorded_at: String::new(),
            source: None,
            note: None,
            was: None,
            was_source: None,
            value: None,
        }];
        let names = [("hub:H25".to_string(), vec!["インドネシア".to_string()])];
        let glossary = Glossary::default();
        let words = (&glossary, Lang::Ja);
        let found = differences(&before, &after, &known, &corrections, &names, words);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].was, "インドネシア（4）、ベトナム（3）。");
        assert_eq!(found[0].now, "インドネシア（3）、ベトナム（3）。");
        assert_eq!(found[0].reasons, ["hub:H25"]);
    }

    #[test]
    fn a_figure_is_shown_as_its_cell_prints_it() {
        let row = |a: &str, b: &str| TextBlock {
            cells: vec![
                (String::new(), "会員数".into()),
                ("当期".into(), a.into()),
                ("前期".into(), b.into()),
            ],
            ..block("会員数", &format!("会員数 | {a} | {b}"))
        };
        let erratum = |location: &str, was: &str, now: &str| Erratum {
            section: "1. 概況".into(),
            location: location.into(),
            change: "changed".into(),
            was: was.into(),
            now: now.into(),
            reasons: vec![],
        };
        let mut items = [
            erratum("会員数", "56", "57"),
            erratum("会員数：前期", "5", "57"),
            erratum("会員数：前期", "—", "-3"),
        ];
        let before = [row("56", "50")];
        let after = [row("57※2（平成30年3月31日時点）", "−3※1")];
        as_printed(&mut items, &before, &after);
        assert_eq!(items[0].now, "57※2（平成30年3月31日時点）");
        // 5 is not the start of 50, and 57 is not in the column named.
        assert_eq!((items[1].was.as_str(), items[1].now.as_str()), ("5", "57"));
        assert_eq!(items[2].now, "−3※1");
    }

    #[test]
    fn marks_numbered_anew_are_no_change() {
        let before = [
            block("", "—※"),
            block("", "※ 資料に時期の記載がない状況を含む。"),
        ];
        let after = [
            block("", "—※1"),
            block("", "※1 資料に時期の記載がない状況を含む。"),
            block("", "※2 資料は56と記すが、57に訂正した。"),
        ];
        let pairs = pairs(&before, &after);
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        assert_eq!(
            pairs[0].1.unwrap().text,
            "※2 資料は56と記すが、57に訂正した。"
        );
        assert_eq!(unmarked("57† and —‡, 1※12"), "57* and —*, 1※");
    }

    #[test]
    fn the_printed_times_are_left_out() {
        let doc = crate::markup::parse("<p>令和8年12月7日4時41分時点の記録による。</p>").unwrap();
        let b = blocks(&doc, &["令和8年12月7日4時41分"], "");
        assert_eq!(b[0].text, "…時点の記録による。");
    }
}
