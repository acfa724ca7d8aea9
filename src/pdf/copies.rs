//! Copies of glyphs that a face shares between characters (〜 U+301C and ～ U+FF5E in Noto Sans
//! JP), so that a subset gives each character a glyph of its own: a PDF's ToUnicode map gives one
//! text for a glyph, and a glyph drawn for two characters would extract as one of them for both.

use super::fonts::Outlines;

/// The tables that count a face's glyphs and give their metrics, for its glyphs and the copies.
pub(super) struct Tables {
    pub hhea: Vec<u8>,
    pub hmtx: Vec<u8>,
    pub maxp: Vec<u8>,
}

/// Appends copies of the glyphs `copies` after a face's glyphs: their outlines to `glyf` and
/// `loca` (as `glyf_and_loca` made them: a long `loca`, one entry past the last glyph), and their metrics. Gives the new `hhea`, `hmtx`
/// (every glyph with its advance, as the copies need theirs) and `maxp`.
pub(super) fn with_copies(
    outlines: &Outlines,
    copies: &[u16],
    glyf: &mut Vec<u8>,
    loca: &mut Vec<u8>,
    hhea: &[u8],
    hmtx: &[u8],
    maxp: &[u8],
) -> std::result::Result<Tables, String> {
    let be = |t: &[u8], at: usize| t.get(at..at + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let count = be(maxp, 4).ok_or("a short maxp table")? as usize;
    let long = (be(hhea, 34).ok_or("a short hhea table")? as usize).clamp(1, count);
    let metric = |g: usize| -> Option<[u8; 4]> {
        let adv = hmtx.get(4 * g.min(long - 1)..4 * g.min(long - 1) + 2)?;
        let lsb = match g < long {
            true => hmtx.get(4 * g + 2..4 * g + 4)?,
            false => hmtx.get(4 * long + 2 * (g - long)..4 * long + 2 * (g - long) + 2)?,
        };
        Some([adv[0], adv[1], lsb[0], lsb[1]])
    };
    let total = count + copies.len();
    let mut metrics = Vec::with_capacity(4 * total);
    for g in (0..count).chain(copies.iter().map(|&g| g as usize)) {
        metrics.extend_from_slice(&metric(g).ok_or("a short hmtx table")?);
    }
    loca.truncate(4 * (count + 1));
    for g in copies {
        glyf.extend_from_slice(outlines.get(g).map_or(&[][..], |o| o));
        if glyf.len() % 2 == 1 {
            glyf.push(0);
        }
        loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());
    }
    let total = u16::try_from(total).map_err(|_| "too many glyphs")?;
    let (mut hhea, mut maxp) = (hhea.to_vec(), maxp.to_vec());
    hhea[34..36].copy_from_slice(&total.to_be_bytes());
    maxp[4..6].copy_from_slice(&total.to_be_bytes());
    Ok(Tables {
        hhea,
        hmtx: metrics,
        maxp,
    })
}

#[cfg(test)]
mod tests {
    use super::super::fonts::{Font, REGULAR};
    use std::path::Path;

    fn regular() -> std::sync::Arc<Font> {
        Font::load(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("reports/fonts")
                .join(REGULAR),
        )
        .unwrap()
    }

    #[test]
    fn characters_drawn_with_one_glyph_get_a_glyph_each_with_the_same_outline() {
        let font = regular();
        // The face draws the wave dash and the full-width tilde with one glyph.
        assert_eq!(font.glyph('〜').unwrap().0, font.glyph('～').unwrap().0);
        let plan = font.plan(&['a', '〜', '～']);
        let ids: Vec<u16> = plan.glyphs.iter().map(|g| g.1).collect();
        assert_eq!(ids.len(), 3);
        assert!(ids[1] != ids[2], "{ids:?}");

        let program = font.program(&plan).unwrap();
        let face = ttf_parser::Face::parse(&program, 0).unwrap();
        assert_eq!(usize::from(face.number_of_glyphs()), 4);
        let (a, b) = (ttf_parser::GlyphId(ids[1]), ttf_parser::GlyphId(ids[2]));
        assert!(face.glyph_bounding_box(a).is_some());
        assert_eq!(face.glyph_bounding_box(a), face.glyph_bounding_box(b));
        assert_eq!(face.glyph_hor_advance(a), face.glyph_hor_advance(b));
        assert_eq!(
            face.glyph_hor_advance(ttf_parser::GlyphId(ids[0])),
            font.glyph('a').map(|g| g.1)
        );
    }

    #[test]
    fn a_subset_without_shared_glyphs_copies_nothing() {
        let font = regular();
        let plan = font.plan(&['〜', '拠']);
        let face_program = font.program(&plan).unwrap();
        let face = ttf_parser::Face::parse(&face_program, 0).unwrap();
        assert_eq!(face.number_of_glyphs(), 3);
    }
}
