//! A table's note whose mark a correction renumbers: a note added to a table with one note makes
//! the lone 「※」 into 「※1」 beside the new 「※2」. The renumbering changes no fact, so it is no
//! erratum of its own (see `text::differences`), but a reader of the sent report must be told that
//! the marks it has now read otherwise: the sheet says so under the correction that adds the note.

use super::text::{unmarked, TextBlock};
use super::Erratum;
use serde::Serialize;

/// The note of a table whose mark reads otherwise in the corrected report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Renumbered {
    /// The report's section the table is in.
    pub section: String,
    /// What the note belongs to: `note_figures` (the key figures) or `note_table` (another table).
    pub kind: String,
    /// The note's mark as sent (「※」) and as it now reads (「※1」).
    pub was: String,
    pub now: String,
    /// The corrections that add the note which renumbers it.
    pub reasons: Vec<String>,
}

/// The mark a note opens with: 「※」 with its number (「※1」), or one of the English marks.
fn mark(text: &str) -> &str {
    let mut chars = text.char_indices();
    match chars.next() {
        Some((_, '※')) => {
            let end = chars
                .find(|(_, c)| !c.is_ascii_digit())
                .map_or(text.len(), |(i, _)| i);
            &text[..end]
        }
        Some((_, c @ ('*' | '†' | '‡' | '§'))) => &text[..c.len_utf8()],
        _ => "",
    }
}

/// The notes of `before` that open with a mark and read the same in `after` under another mark,
/// in a section where a note was added (an erratum of `items`): their reasons are the added
/// note's.
pub(super) fn renumbered(
    before: &[TextBlock],
    after: &[TextBlock],
    items: &[Erratum],
) -> Vec<Renumbered> {
    let is_note = |b: &&TextBlock| b.kind.starts_with("note_") && !mark(&b.text).is_empty();
    let mut out = Vec::new();
    for b in before.iter().filter(is_note) {
        let same = |a: &&TextBlock| {
            a.section == b.section && a.kind == b.kind && unmarked(&a.text) == unmarked(&b.text)
        };
        let Some(a) = after.iter().filter(is_note).find(same) else {
            continue;
        };
        if mark(&a.text) == mark(&b.text) {
            continue;
        }
        let added = items.iter().find(|e| {
            e.section == b.section && e.change == "added" && !mark(e.now.trim()).is_empty()
        });
        if let Some(e) = added {
            out.push(Renumbered {
                section: b.section.clone(),
                kind: b.kind.to_string(),
                was: mark(&b.text).to_string(),
                now: mark(&a.text).to_string(),
                reasons: e.reasons.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(section: &str, text: &str) -> TextBlock {
        TextBlock {
            section: section.into(),
            label: String::new(),
            kind: "note_figures",
            text: text.into(),
            cells: vec![],
            number: 0,
        }
    }

    fn added(section: &str, now: &str) -> Erratum {
        Erratum {
            section: section.into(),
            location: "主要指標の注".into(),
            change: "added".into(),
            was: "—".into(),
            now: now.into(),
            reasons: vec!["members:nutrition".into()],
        }
    }

    #[test]
    fn a_lone_mark_made_into_the_first_of_two_is_named_with_the_added_notes_reasons() {
        let before = [note("1. 概況", "※ 資料に時期の記載がない状況を含む。")];
        let after = [
            note("1. 概況", "※1 資料に時期の記載がない状況を含む。"),
            note("1. 概況", "※2 資料（336行）は56と記す。"),
        ];
        let got = renumbered(
            &before,
            &after,
            &[added("1. 概況", "※2 資料（336行）は56と記す。")],
        );
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].was.as_str(), got[0].now.as_str()), ("※", "※1"));
        assert_eq!(got[0].reasons, vec!["members:nutrition".to_string()]);
    }

    #[test]
    fn marks_that_stay_or_a_section_with_no_added_note_give_nothing() {
        // English: "*" stays "*" beside the added "†".
        let before = [note("1. Summary", "* Includes statuses.")];
        let after = [
            note("1. Summary", "* Includes statuses."),
            note("1. Summary", "† The source gives 56."),
        ];
        let items = [added("1. Summary", "† The source gives 56.")];
        assert!(renumbered(&before, &after, &items).is_empty());
        let after = [note("1. 概況", "※1 同じ。")];
        assert!(renumbered(&[note("1. 概況", "※ 同じ。")], &after, &[]).is_empty());
    }
}
