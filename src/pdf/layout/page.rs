//! The page frame: the page's size, margins and running header and footer ([`PageStyle`]), and
//! what every laid-out page gets last: the header, its `n / N` number and a draft's mark.

use super::style::{INK, MUTED, RULE};
use super::{Face, Item, Measure, Page};
use crate::pdf::structure::PAGINATION;

/// The list bullet of Japanese text (a middle dot), and of English and other text.
const BULLET_JA: &str = "・";
const BULLET: &str = "\u{2022}";

/// The page: size, margins, running header and footer.
#[derive(Debug, Clone)]
pub struct PageStyle {
    pub width: f64,
    pub height: f64,
    pub margin: (f64, f64, f64, f64),
    /// Left and right text of the running header.
    pub header: Option<(String, String)>,
    pub footer: bool,
    pub base_size: f64,
    /// The marker of a bulleted list item, which belongs to the document's language.
    pub bullet: &'static str,
    /// A mark drawn at the top right of every page (a draft's 「案」 / DRAFT).
    pub mark: Option<String>,
}

impl PageStyle {
    /// A4 portrait with the report's margins.
    pub fn a4(header: Option<(String, String)>, footer: bool) -> Self {
        PageStyle {
            width: 595.28,
            height: 841.89,
            margin: (56.0, 48.0, 56.0, 48.0),
            header,
            footer,
            base_size: 9.5,
            bullet: BULLET_JA,
            mark: None,
        }
    }
    /// The style for a document in `lang` (`ja`, `en`): its list bullets are that language's.
    pub fn in_lang(self, lang: &str) -> Self {
        let bullet = if lang == "ja" { BULLET_JA } else { BULLET };
        PageStyle { bullet, ..self }
    }
    pub(super) fn content_width(&self) -> f64 {
        self.width - self.margin.1 - self.margin.3
    }
    pub(super) fn bottom(&self) -> f64 {
        self.height - self.margin.2
    }
}

/// Adds a page's running header, its `n / N` footer and the document's mark, as pagination
/// artifacts: page `i` of `n`.
pub(super) fn paginate(page: &mut Page, i: usize, n: usize, m: &dyn Measure, style: &PageStyle) {
    let size = 7.5;
    if let Some((left, right)) = &style.header {
        let y = style.margin.0 - 22.0;
        page.items.push(Item::Text {
            x: style.margin.3,
            y,
            size,
            face: Face::Regular,
            color: MUTED,
            text: left.clone(),
        });
        let rw = m.width(right, size, Face::Regular);
        page.items.push(Item::Text {
            x: style.width - style.margin.1 - rw,
            y,
            size,
            face: Face::Regular,
            color: MUTED,
            text: right.clone(),
        });
        page.items.push(Item::Line {
            x1: style.margin.3,
            y1: y + 5.0,
            x2: style.width - style.margin.1,
            y2: y + 5.0,
            color: RULE,
            width: 0.5,
            dash: None,
        });
    }
    if style.footer {
        let text = format!("{} / {}", i + 1, n);
        let w = m.width(&text, size, Face::Regular);
        page.items.push(Item::Text {
            x: (style.width - w) / 2.0,
            y: style.height - style.margin.2 + 26.0,
            size,
            face: Face::Regular,
            color: MUTED,
            text,
        });
    }
    if let Some(mark) = &style.mark {
        let size = 11.0;
        let w = m.width(mark, size, Face::Bold);
        page.items.push(Item::Text {
            x: style.width - style.margin.1 - w,
            y: style.margin.0 - 36.0,
            size,
            face: Face::Bold,
            color: INK,
            text: mark.clone(),
        });
    }
    // The running header, the page number and the mark are pagination artifacts.
    page.marks.resize(page.items.len(), PAGINATION);
}
