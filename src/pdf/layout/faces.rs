//! The characters each face will draw, read from the document before it is laid out, so that
//! the fonts can be cut while the pages are laid out.

use super::*;

/// The characters that each face (`[regular, bold, mono]`) will draw, sorted, read from the document
/// before it is laid out, by the same style rules as [`layout`]. The PDF writer cuts the fonts for
/// them while the pages are laid out, and checks the guess against the laid-out pages. It may hold
/// a little more than the pages show: all ten digits for the page numbers, say.
pub fn faces(doc: &Doc, style: &PageStyle) -> [Vec<char>; Face::COUNT] {
    let mut out: [CharSet; Face::COUNT] = Default::default();
    faces_of(&doc.blocks, body_style(style), style.bullet, &mut out);
    if let Some((left, right)) = &style.header {
        out[0].add(left);
        out[0].add(right);
    }
    if style.footer {
        out[0].add("0123456789 /");
    }
    if let Some(mark) = &style.mark {
        out[Face::Bold.index()].add(mark);
    }
    out.map(CharSet::into_sorted)
}

fn faces_of(blocks: &[Block], st: Style, bullet: &str, out: &mut [CharSet; Face::COUNT]) {
    fn add(out: &mut [CharSet; Face::COUNT], runs: Vec<Run>) {
        for r in runs {
            out[r.face.index()].add(&r.text);
        }
    }
    for b in blocks {
        match b {
            Block::PageBreak => {}
            Block::Heading { inlines, .. } => {
                add(out, collect(inlines, Style { bold: true, ..st }))
            }
            Block::Paragraph { class, inlines } => {
                add(out, collect(inlines, para_style(class.as_deref(), st)))
            }
            Block::List { ordered, items } => {
                for (i, item) in items.iter().enumerate() {
                    out[0].add(&list_marker(*ordered, i, bullet));
                    add(out, collect(item, st));
                }
            }
            Block::Table(t) => {
                let ts = table_style(t, st);
                for (rows, in_head) in [(&t.head, true), (&t.body, false)] {
                    for c in rows.iter().flatten() {
                        add(out, cell_runs(c.content, cell_style(&c, ts, in_head)));
                    }
                }
            }
            Block::Figure { svg, caption } => {
                for shape in &svg.items {
                    if let Shape::Text { bold, text, .. } = shape {
                        out[Face::of(*bold).index()].add(text);
                    }
                }
                add(out, collect(caption, caption_style(st)));
            }
            Block::Note { blocks } | Block::Section { blocks, .. } => {
                faces_of(blocks, st, bullet, out)
            }
        }
    }
}
