//! The look of a page: colours, sizes and spacing, and the text style of each kind of block.

use super::doc::{Cell, Table};
use super::PageStyle;

/// An sRGB colour.
pub type Rgb = (u8, u8, u8);

pub const INK: Rgb = (0x1f, 0x29, 0x37);
pub const MUTED: Rgb = (0x4b, 0x55, 0x63);
pub const RULE: Rgb = (0xd1, 0xd5, 0xdb);
pub const ACCENT: Rgb = (0x1e, 0x3a, 0x8a);
pub const HEAD_BG: Rgb = (0xe5, 0xe7, 0xeb);
pub const TH_BG: Rgb = (0xf9, 0xfa, 0xfb);
pub const COVER_BG: Rgb = (0xee, 0xf2, 0xff);
pub const LINK: Rgb = (0x1d, 0x4e, 0xd8);

/// Text style in effect.
#[derive(Debug, Clone, Copy)]
pub(super) struct Style {
    pub(super) size: f64,
    pub(super) bold: bool,
    /// Code (SQL), set in the monospace face.
    pub(super) mono: bool,
    pub(super) color: Rgb,
    pub(super) line_height: f64,
}

pub(super) fn badge_color(class: &str) -> Option<Rgb> {
    let c = class.split_whitespace().find(|c| c.starts_with("rag-"))?;
    Some(match c {
        "rag-achieved" => (0x1d, 0x4e, 0xd8),
        "rag-green" => (0x15, 0x80, 0x3d),
        "rag-amber-green" => (0x65, 0xa3, 0x0d),
        "rag-amber" => (0xd9, 0x77, 0x06),
        "rag-amber-red" => (0xea, 0x58, 0x0c),
        "rag-red" => (0xb9, 0x1c, 0x1c),
        _ => (0x6b, 0x72, 0x80),
    })
}

pub(super) const BADGE_PAD: f64 = 3.0;

/// Tables are set a little smaller than body text; `class="compact"` smaller still.
pub(super) fn table_style(t: &Table, st: Style) -> Style {
    let compact = t
        .class
        .as_deref()
        .is_some_and(|c| c.split_whitespace().any(|w| w == "compact"));
    Style {
        size: st.size * if compact { 0.84 } else { 0.92 },
        ..st
    }
}

/// The marker of a list's item `i` (from 0): its number, or a bullet.
/// A list item's marker: its number, or the bullet of the document's language.
pub(super) fn list_marker(ordered: bool, i: usize, bullet: &str) -> String {
    if ordered {
        format!("{}.", i + 1)
    } else {
        bullet.to_string()
    }
}

pub(super) fn para_style(class: Option<&str>, st: Style) -> Style {
    match class {
        Some("lead") => Style {
            size: st.size * 1.35,
            bold: true,
            ..st
        },
        Some("meta") => Style { color: MUTED, ..st },
        Some("note") => Style {
            size: st.size * 0.85,
            color: MUTED,
            ..st
        },
        _ => st,
    }
}

/// Cells in a header row are bold; a `th` in the body (a row label) is not, as in the stylesheet.
pub(super) fn cell_style(c: &Cell<'_>, st: Style, in_head: bool) -> Style {
    Style {
        bold: (c.header && in_head) || st.bold,
        line_height: 1.4,
        ..st
    }
}

pub(super) fn caption_style(st: Style) -> Style {
    Style {
        size: st.size * 0.82,
        color: MUTED,
        bold: false,
        mono: false,
        line_height: 1.4,
    }
}

/// The style of body text on a page.
pub(super) fn body_style(style: &PageStyle) -> Style {
    Style {
        size: style.base_size,
        bold: false,
        mono: false,
        color: INK,
        line_height: 1.6,
    }
}

/// A heading's text style and the space around it.
pub(super) struct HeadingStyle {
    pub(super) text: Style,
    pub(super) before: f64,
    pub(super) after: f64,
    /// The space taken by the rule under a level-2 heading (half above it, half below), or 0.
    pub(super) rule_gap: f64,
}

impl HeadingStyle {
    pub(super) fn of(level: u8) -> HeadingStyle {
        let (size, color, before, after, rule_gap) = match level {
            1 => (19.0, ACCENT, 6.0, 8.0, 0.0),
            2 => (13.0, ACCENT, 14.0, 8.0, 3.0),
            _ => (10.5, INK, 9.0, 4.0, 0.0),
        };
        HeadingStyle {
            text: Style {
                size,
                bold: true,
                mono: false,
                color,
                line_height: 1.35,
            },
            before,
            after,
            rule_gap,
        }
    }
}

/// The width of the rule under a level-2 heading.
pub(super) const HEADING_RULE: f64 = 1.5;

/// How far a list item's text is indented: room for a bullet, or for a number.
pub(super) const LIST_INDENT: f64 = 12.0;
pub(super) const LIST_INDENT_ORDERED: f64 = 16.0;

/// Asides (`aside class="note"`) are set smaller and muted.
pub(super) fn note_style(st: Style) -> Style {
    Style {
        size: st.size * 0.85,
        color: MUTED,
        ..st
    }
}
