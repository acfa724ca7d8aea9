//! A font subset as PDF objects: a Type 0 font with Identity-H encoding over a CIDFontType2
//! descendant (its widths and descriptor), the ToUnicode map that makes the text extractable, and
//! the TrueType program cut down to the subset (`FontFile2`).
//!
//! The ToUnicode map is printpdf's ([`printpdf::cmap::ToUnicodeCMap`]): its CMap text is the
//! part of a font's objects that printpdf writes as well as anyone, and the one that decides what
//! a reader extracts. The rest is a few numbers from the face's tables, written here so that the
//! objects can be made once, from the subset's plan and its program as they are known.

use super::fonts::{Font, Plan};
use super::objects::{Syntax, Writer};
use super::write::pack;
use crate::Result;
use sha2::Digest;

/// The subset tag of a font's name (ISO 32000-1, 9.6.4): six capitals derived from its glyphs.
fn subset_tag(plan: &Plan) -> String {
    use std::fmt::Write;
    let mut glyphs = String::with_capacity(plan.glyphs.len() * 8);
    for (c, g, _) in &plan.glyphs {
        let _ = write!(glyphs, "{c}{g};");
    }
    sha2::Sha256::digest(glyphs.as_bytes())
        .iter()
        .take(6)
        .map(|b| (b'A' + b % 26) as char)
        .collect()
}

/// A length in font units as the PDF's glyph space measures it (thousandths of an em).
fn thousandths(font: &Font, v: i16) -> i64 {
    (f32::from(v) * (1000.0 / font.units_per_em as f32)).round() as i64
}

/// The CID font's `/W` array: the subset's glyph widths in runs of consecutive glyph ids.
fn widths(font: &Font, plan: &Plan, b: &mut Vec<u8>) {
    let mut glyphs: Vec<(u16, u16)> = plan.glyphs.iter().map(|g| (g.1, g.2)).collect();
    glyphs.sort_unstable();
    glyphs.dedup_by_key(|g| g.0);
    let scale = 1000.0 / font.units_per_em as f32;
    b.raw("[");
    let mut prev: Option<u16> = None;
    for (gid, adv) in glyphs {
        match prev {
            Some(p) if gid == p + 1 => {}
            Some(_) => {
                b.raw("] ").int(i64::from(gid)).raw("[");
            }
            None => {
                b.int(i64::from(gid)).raw("[");
            }
        }
        b.int((f32::from(adv) * scale) as i64);
        prev = Some(gid);
    }
    if prev.is_some() {
        b.raw("]");
    }
    b.raw("] ");
}

/// Writes a face's subset as the font object `id` (named `name` in the pages' resources), with
/// its program already cut and compressed (`packed`, `length` bytes before compression).
pub fn font(
    w: &mut Writer,
    id: u32,
    font: &Font,
    plan: &Plan,
    name: &str,
    packed: &[u8],
    length: usize,
) -> Result<()> {
    let tag = subset_tag(plan);
    w.identify(tag.as_bytes());
    let base = format!("{tag}+{}", font.name);
    let (to_unicode, descriptor, program) = (w.alloc(), w.alloc(), w.alloc());
    let mut b = Vec::with_capacity(1024);
    b.raw("<</Type /Font /Subtype /Type0 /BaseFont /")
        .raw(&base);
    b.raw(" /Encoding /Identity-H /ToUnicode ")
        .reference(to_unicode);
    b.raw("/DescendantFonts [<</Type /Font /Subtype /CIDFontType2 /BaseFont /")
        .raw(&base);
    b.raw(" /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /W ");
    widths(font, plan, &mut b);
    b.raw("/DW 1000 /FontDescriptor ").reference(descriptor);
    b.raw("/CIDToGIDMap /Identity>>]>>");
    w.object(id, &b)?;

    let cmap = printpdf::cmap::ToUnicodeCMap {
        mappings: plan
            .glyphs
            .iter()
            .map(|&(c, gid, _)| (u32::from(gid), vec![c as u32]))
            .collect(),
    };
    let cmap = pack(cmap.to_cmap_string(name).as_bytes())?;
    w.stream(to_unicode, b"/Filter /FlateDecode", &cmap);

    // The weight's conventional stem width (about 88 at 400, 166 at 700).
    let weight: f32 = if font.name.contains("Bold") {
        700.0
    } else {
        400.0
    };
    let stem = 50 + ((weight / 65.0).powi(2)).round() as i64;
    let ascent = thousandths(font, font.ascent);
    b.clear();
    b.raw("<</Type /FontDescriptor /FontName /").raw(&base);
    b.raw(" /Ascent ").int(ascent);
    b.raw("/Descent ").int(thousandths(font, font.descent));
    b.raw("/CapHeight ").int(ascent);
    b.raw("/ItalicAngle 0 /Flags 32 /StemV ").int(stem);
    b.raw("/FontBBox [");
    let bb = font.bbox;
    for v in [bb.0, bb.1, bb.2, bb.3] {
        b.int(thousandths(font, v));
    }
    b.raw("] /FontFile2 ").reference(program).raw(">>");
    w.object(descriptor, &b)?;

    let dict = format!("/Length1 {length} /Filter /FlateDecode");
    w.program(program, dict.as_bytes(), packed);
    Ok(())
}
