//! Fonts for the PDF: loaded once per process from `reports/fonts`, measured with a per-character
//! cache, and subset to the glyphs a document uses.

use crate::{Error, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The font files, relative to `reports/fonts`.
pub const REGULAR: &str = "NotoSansJP-Regular.ttf";
pub const BOLD: &str = "NotoSansJP-Bold.ttf";

/// A font face: its bytes (kept for the life of the process) and metrics.
pub struct Font {
    pub name: String,
    pub data: &'static [u8],
    pub units_per_em: f64,
    pub ascent: i16,
    pub descent: i16,
    pub bbox: (i16, i16, i16, i16),
    face: ttf_parser::Face<'static>,
    cache: Mutex<HashMap<char, Option<(u16, u16)>>>,
}

fn loaded() -> &'static Mutex<HashMap<PathBuf, &'static Font>> {
    static FONTS: OnceLock<Mutex<HashMap<PathBuf, &'static Font>>> = OnceLock::new();
    FONTS.get_or_init(|| Mutex::new(HashMap::new()))
}

impl Font {
    /// Loads a font file once per process; later calls share it.
    pub fn load(path: &Path) -> Result<&'static Font> {
        let mut map = loaded().lock().unwrap_or_else(|p| p.into_inner());
        if let Some(f) = map.get(path) {
            return Ok(f);
        }
        let file = std::fs::File::open(path).map_err(|e| {
            Error::io(
                format!(
                    "cannot read the font {} (the PDF fonts ship in reports/fonts)",
                    path.display()
                ),
                e,
            )
        })?;
        // Mapped, not read: only the tables and glyphs a document uses are ever paged in.
        // SAFETY: the font files are tenkai's own and are not changed while it runs; the mapping
        // lives for the rest of the process.
        let mapped = unsafe { memmap2::Mmap::map(&file) }
            .map_err(|e| Error::io(format!("cannot map the font {}", path.display()), e))?;
        // Glyphs are read here and there: no read-ahead or fault-around, which would page in most
        // of a 5 MB font to use a few hundred glyphs.
        let _ = mapped.advise(memmap2::Advice::Random);
        let data: &'static [u8] = &Box::leak(Box::new(mapped))[..];
        let face = ttf_parser::Face::parse(data, 0).map_err(|e| {
            Error::Layout(format!(
                "{} is not a usable TrueType font: {e}",
                path.display()
            ))
        })?;
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("Font")
            .replace(' ', "");
        let bb = face.global_bounding_box();
        let font: &'static Font = Box::leak(Box::new(Font {
            name,
            data,
            units_per_em: face.units_per_em() as f64,
            ascent: face.ascender(),
            descent: face.descender(),
            bbox: (bb.x_min, bb.y_min, bb.x_max, bb.y_max),
            face,
            cache: Mutex::new(HashMap::new()),
        }));
        map.insert(path.to_path_buf(), font);
        Ok(font)
    }

    /// The glyph id and advance (font units) of a character, or `None` if the font lacks it.
    pub fn glyph(&self, c: char) -> Option<(u16, u16)> {
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        *cache.entry(c).or_insert_with(|| {
            let gid = self.face.glyph_index(c)?;
            Some((gid.0, self.face.glyph_hor_advance(gid).unwrap_or(0)))
        })
    }

    /// The width of text at a size, in points. Characters the font lacks count as zero (they are
    /// reported before drawing).
    pub fn width(&self, text: &str, size: f64) -> f64 {
        let mut units = 0u32;
        for c in text.chars() {
            if let Some((_, adv)) = self.glyph(c) {
                units += adv as u32;
            }
        }
        units as f64 * size / self.units_per_em
    }

    /// The font program cut down to the given characters' glyphs, with the new glyph ids.
    pub fn subset(&self, chars: &[char]) -> Result<Subset> {
        let mut remapper = subsetter::GlyphRemapper::new();
        let mut mapped = Vec::with_capacity(chars.len());
        for &c in chars {
            if let Some((gid, adv)) = self.glyph(c) {
                mapped.push((c, remapper.remap(gid), adv));
            }
        }
        let bytes = subsetter::subset(self.data, 0, &remapper)
            .map_err(|e| Error::Layout(format!("cannot subset the font {}: {e}", self.name)))?;
        Ok(Subset {
            bytes,
            glyphs: mapped,
        })
    }
}

/// A subset font program and, for each character, its new glyph id and advance (font units).
pub struct Subset {
    pub bytes: Vec<u8>,
    pub glyphs: Vec<(char, u16, u16)>,
}

/// The regular and bold faces.
pub struct Fonts {
    pub regular: &'static Font,
    pub bold: &'static Font,
}

impl Fonts {
    pub fn load(reports: &Path) -> Result<Fonts> {
        let dir = reports.join("fonts");
        Ok(Fonts {
            regular: Font::load(&dir.join(REGULAR))?,
            bold: Font::load(&dir.join(BOLD))?,
        })
    }
    pub fn get(&self, bold: bool) -> &'static Font {
        if bold {
            self.bold
        } else {
            self.regular
        }
    }
}
