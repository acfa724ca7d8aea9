//! Fonts for the PDF: loaded from `reports/fonts`, measured with a per-character cache, and subset
//! to the glyphs a document uses.
//!
//! A face is read, not mapped: every table but the outlines (`glyf`, nine tenths of the file) is
//! read into memory, and the outlines a subset needs are read from the file when it is cut. So a
//! font file replaced or overwritten while tenkai runs (under `schedule daemon`, say) can never
//! take the process down, as a shrunken mapping would with SIGBUS: a changed file is loaded again
//! by the next render, and a read cut short is an error for that render alone.

use super::layout::Face;
use crate::{Error, Result};
use std::collections::HashMap;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The font files, relative to `reports/fonts`.
pub const REGULAR: &str = "NotoSansJP-Regular.ttf";
pub const BOLD: &str = "NotoSansJP-Bold.ttf";
/// The monospace face of code (SQL): Latin only; Japanese inside code is set in [`REGULAR`].
pub const MONO: &str = "DejaVuSansMono.ttf";

/// A font face: its metrics, its tables but the outlines, and the open file for the outlines.
pub struct Font {
    pub name: String,
    pub units_per_em: f64,
    pub ascent: i16,
    pub descent: i16,
    pub bbox: (i16, i16, i16, i16),
    /// The face's tables other than `glyf`, as one font file in memory: its character map and
    /// metrics are read from it (see [`Font::face`]).
    tables: Box<[u8]>,
    /// The font file, open: the outlines are read from it glyph by glyph.
    file: std::fs::File,
    /// Where the `glyf` table lies in the file.
    glyf: Span,
    /// Characters looked up so far: each is measured, wrapped, checked and subset, many times.
    cache: Mutex<GlyphCache>,
}

/// Character → (glyph id, advance), or `None` where the font lacks the character. Hashed with
/// FxHash (one multiplication for a `char`) in place of the default SipHash, which resists hostile
/// keys and costs more than the lookup it guards (some 40 ns a lookup, many per character drawn).
type GlyphCache = rustc_hash::FxHashMap<char, Option<(u16, u16)>>;

/// What tells one version of a font file from another: device, inode, size and modification time.
type Identity = (u64, u64, u64, i64, i64);

fn identity(meta: &std::fs::Metadata) -> Identity {
    (
        meta.dev(),
        meta.ino(),
        meta.size(),
        meta.mtime(),
        meta.mtime_nsec(),
    )
}

/// Font file → the identity of the version read, and its face.
type Loaded = HashMap<PathBuf, (Identity, Arc<Font>)>;

/// The faces loaded so far, by path, with the identity of the file each was read from. A face
/// replaced by a new version of its file is freed once the last render using it ends.
fn loaded() -> &'static Mutex<Loaded> {
    static FONTS: OnceLock<Mutex<Loaded>> = OnceLock::new();
    FONTS.get_or_init(|| Mutex::new(HashMap::new()))
}

impl Font {
    /// Loads a font file, once for each version of it: later calls share the face until the
    /// file changes (under `schedule daemon` or the preview, when tenkai is updated), and the
    /// next call then reads the new version in its place.
    pub fn load(path: &Path) -> Result<Arc<Font>> {
        let cannot = |e| {
            Error::io(
                format!(
                    "cannot read the font {} (the PDF fonts ship in reports/fonts)",
                    path.display()
                ),
                e,
            )
        };
        let file = std::fs::File::open(path).map_err(cannot)?;
        let id = identity(&file.metadata().map_err(cannot)?);
        let mut map = loaded().lock().unwrap_or_else(|p| p.into_inner());
        if let Some((known, f)) = map.get(path) {
            if *known == id {
                return Ok(f.clone());
            }
        }
        let unusable = |why: String| {
            Error::Layout(format!(
                "{} is not a usable TrueType font: {why}",
                path.display()
            ))
        };
        let (tables, glyf) = read_tables(&file)
            .map_err(|e| unusable(e.to_string()))?
            .ok_or_else(|| {
                unusable("its table directory is damaged or it has no glyf table".into())
            })?;
        let tables = tables.into_boxed_slice();
        let face = ttf_parser::Face::parse(&tables, 0).map_err(|e| unusable(e.to_string()))?;
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("Font")
            .replace(' ', "");
        let bb = face.global_bounding_box();
        let (units_per_em, ascent, descent) =
            (face.units_per_em(), face.ascender(), face.descender());
        let font = Arc::new(Font {
            name,
            units_per_em: units_per_em as f64,
            ascent,
            descent,
            bbox: (bb.x_min, bb.y_min, bb.x_max, bb.y_max),
            tables,
            file,
            glyf,
            cache: Mutex::new(HashMap::default()),
        });
        map.insert(path.to_path_buf(), (id, font.clone()));
        Ok(font)
    }

    /// The face read from the tables in memory (parsed again at each call: it is asked only for
    /// characters not yet in the cache, see [`Font::learn`]).
    fn face(&self) -> ttf_parser::Face<'_> {
        ttf_parser::Face::parse(&self.tables, 0).expect("the tables parsed when the font loaded")
    }

    /// The glyph id and advance (font units) of a character, or `None` if the font lacks it.
    pub fn glyph(&self, c: char) -> Option<(u16, u16)> {
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        *cache.entry(c).or_insert_with(|| lookup(&self.face(), c))
    }

    /// Looks up the characters not yet in the cache at once, with the face read once.
    pub fn learn(&self, chars: &[char]) {
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        let mut face = None;
        for &c in chars {
            cache
                .entry(c)
                .or_insert_with(|| lookup(face.get_or_insert_with(|| self.face()), c));
        }
    }

    /// Whether the font has a glyph for `c` (glyph 0 is the font's "missing" box).
    pub fn draws(&self, c: char) -> bool {
        self.glyph(c).is_some_and(|(gid, _)| gid != 0)
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

    /// The subset a document needs: each character's new glyph id (numbered as the subsetter
    /// will number them) and advance. Cheap: the outlines are cut later by [`Font::program`], so
    /// the PDF objects can be built while that runs.
    ///
    /// Characters that the face draws with one glyph (〜 and ～ in Noto Sans JP) get a glyph each:
    /// the later ones a copy of it, so that the ToUnicode map, which maps a glyph to one text,
    /// gives each character back as itself.
    pub fn plan(&self, chars: &[char]) -> Plan {
        let mut remapper = subsetter::GlyphRemapper::new();
        let mut glyphs = Vec::with_capacity(chars.len());
        let mut gids = vec![0u16];
        let mut copies = Vec::new();
        let mut seen = rustc_hash::FxHashSet::default();
        let count = self.face().number_of_glyphs();
        for &c in chars {
            if let Some((gid, adv)) = self.glyph(c) {
                let shared = gid != 0 && !seen.insert(gid);
                let id = match u16::try_from(usize::from(count) + copies.len()) {
                    Ok(copy) if shared => {
                        copies.push(gid);
                        copy
                    }
                    _ => gid,
                };
                glyphs.push((c, remapper.remap(id), adv));
                gids.push(gid);
            }
        }
        Plan {
            remapper,
            gids,
            copies,
            glyphs,
        }
    }

    /// The font program cut down to a plan's glyphs.
    ///
    /// The subsetter is given a compact copy of the font: the same glyph ids, but a `glyf` table
    /// holding only the outlines used (read from the file), with the others empty.
    pub fn program(&self, plan: &Plan) -> Result<Vec<u8>> {
        let compact = self.compact(&plan.gids, &plan.copies).map_err(|e| {
            Error::Layout(format!("cannot read the outlines of {}: {e}", self.name))
        })?;
        subsetter::subset(&compact, 0, &plan.remapper)
            .map_err(|e| Error::Layout(format!("cannot subset the font {}: {e}", self.name)))
    }

    /// The font with only the outlines of `gids` (and the glyphs they are composed of), and
    /// after its glyphs copies of the glyphs `copies` (see [`Font::plan`]).
    fn compact(&self, gids: &[u16], copies: &[u16]) -> std::result::Result<Vec<u8>, String> {
        let tables = sfnt_tables(&self.tables).ok_or("a bad table directory")?;
        let slice = |tag: &[u8; 4]| {
            let t = tables.iter().find(|t| &t.0 == tag)?;
            self.tables.get(t.1..t.1 + t.2)
        };
        let head = slice(b"head").ok_or("no head table")?;
        let loca = Loca::new(slice(b"loca").ok_or("no loca table")?, head);
        let outlines = self.outlines(gids, &loca)?;
        let (mut glyf, mut new_loca) = glyf_and_loca(&outlines, loca.glyphs);
        let mut head = head.to_vec();
        head[50..52].copy_from_slice(&1u16.to_be_bytes());
        let mut out: Vec<([u8; 4], std::borrow::Cow<'_, [u8]>)> = vec![(*b"head", head.into())];
        let mut kept = vec![b"name", b"post", b"cvt ", b"fpgm", b"prep"];
        if copies.is_empty() {
            kept.extend([b"hhea", b"hmtx", b"maxp"]);
        } else {
            let (hhea, hmtx, maxp) = (slice(b"hhea"), slice(b"hmtx"), slice(b"maxp"));
            let (hhea, hmtx, maxp) = (
                hhea.ok_or("no hhea table")?,
                hmtx.ok_or("no hmtx table")?,
                maxp.ok_or("no maxp table")?,
            );
            let tables = super::copies::with_copies(
                &outlines,
                copies,
                &mut glyf,
                &mut new_loca,
                hhea,
                hmtx,
                maxp,
            )?;
            out.extend([
                (*b"hhea", tables.hhea.into()),
                (*b"hmtx", tables.hmtx.into()),
                (*b"maxp", tables.maxp.into()),
            ]);
        }
        out.extend([(*b"glyf", glyf.into()), (*b"loca", new_loca.into())]);
        for tag in kept {
            if let Some(d) = slice(tag) {
                out.push((*tag, d.into()));
            }
        }
        Ok(build_sfnt(out))
    }

    /// Reads the outlines of `gids` from the file, then the components of composite glyphs,
    /// and so on: glyph id → outline. Glyphs close together in the file are read with one call.
    fn outlines(&self, gids: &[u16], loca: &Loca<'_>) -> std::result::Result<Outlines, String> {
        let mut outlines = Outlines::new();
        let mut todo: Vec<u16> = gids.to_vec();
        while !todo.is_empty() {
            let mut wanted: Vec<(usize, usize, u16)> = Vec::with_capacity(todo.len());
            for g in std::mem::take(&mut todo) {
                if outlines.contains_key(&g) || g as usize >= loca.glyphs {
                    continue;
                }
                let (a, b) = (loca.offset(g as usize), loca.offset(g as usize + 1));
                let (a, b) = (a.ok_or("bad loca")?, b.ok_or("bad loca")?);
                if b < a || b > self.glyf.1 {
                    return Err(format!("glyph {g} is outside the glyf table"));
                }
                wanted.push((a, b, g));
            }
            wanted.sort_unstable();
            wanted.dedup();
            let mut i = 0;
            while i < wanted.len() {
                let (from, mut to) = (wanted[i].0, wanted[i].1);
                let mut j = i + 1;
                while j < wanted.len() && wanted[j].0 <= to + READ_GAP {
                    to = to.max(wanted[j].1);
                    j += 1;
                }
                let mut buf = vec![0u8; to - from];
                self.file
                    .read_exact_at(&mut buf, self.glyf.0 + from as u64)
                    .map_err(|e| e.to_string())?;
                for &(a, b, g) in &wanted[i..j] {
                    let glyph = buf[a - from..b - from].to_vec();
                    if glyph.len() >= 10 && i16::from_be_bytes([glyph[0], glyph[1]]) < 0 {
                        todo.extend(components(&glyph));
                    }
                    outlines.insert(g, glyph);
                }
                i = j;
            }
        }
        Ok(outlines)
    }
}

/// Glyph id → outline, in id order.
pub(super) type Outlines = std::collections::BTreeMap<u16, Vec<u8>>;

/// A font's `loca` table: where each glyph's outline lies in `glyf`.
struct Loca<'t> {
    table: &'t [u8],
    /// Whether offsets are 32-bit (`head.indexToLocFormat`), not 16-bit halves.
    long: bool,
    /// The number of glyphs.
    glyphs: usize,
}

impl<'t> Loca<'t> {
    fn new(table: &'t [u8], head: &[u8]) -> Loca<'t> {
        let long = u16::from_be_bytes([head[50], head[51]]) != 0;
        let glyphs = (table.len() / if long { 4 } else { 2 }).saturating_sub(1);
        Loca {
            table,
            long,
            glyphs,
        }
    }
    /// Where glyph `g`'s outline starts in `glyf` (and glyph `g - 1`'s ends).
    fn offset(&self, g: usize) -> Option<usize> {
        if self.long {
            self.table
                .get(4 * g..4 * g + 4)
                .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
        } else {
            self.table
                .get(2 * g..2 * g + 2)
                .map(|b| 2 * u16::from_be_bytes([b[0], b[1]]) as usize)
        }
    }
}

/// A new `glyf` table and its long `loca` for `glyphs` glyphs: the same ids, with the outlines
/// given and empty elsewhere.
fn glyf_and_loca(outlines: &Outlines, glyphs: usize) -> (Vec<u8>, Vec<u8>) {
    let mut glyf = Vec::with_capacity(outlines.values().map(|o| o.len() + 1).sum());
    // Every glyph's entry is written in place (a CJK face has some 17,000, a document uses a few
    // hundred): the entries from the previous outline's glyph to this one's all hold its start.
    let mut loca = vec![0u8; (glyphs + 1) * 4];
    let mut next = 0;
    for (&g, o) in outlines {
        let upto = (g as usize + 1).min(glyphs + 1);
        fill(&mut loca[next * 4..upto * 4], glyf.len());
        glyf.extend_from_slice(o);
        if glyf.len() % 2 == 1 {
            glyf.push(0);
        }
        next = upto;
    }
    fill(&mut loca[next * 4..], glyf.len());
    (glyf, loca)
}

/// Sets each 32-bit entry of a long `loca` slice to `offset`.
fn fill(entries: &mut [u8], offset: usize) {
    let value = (offset as u32).to_be_bytes();
    for e in entries.chunks_exact_mut(4) {
        e.copy_from_slice(&value);
    }
}

/// A character's glyph id and advance in a face, or `None` if the face lacks it.
fn lookup(face: &ttf_parser::Face<'_>, c: char) -> Option<(u16, u16)> {
    let gid = face.glyph_index(c)?;
    Some((gid.0, face.glyph_hor_advance(gid).unwrap_or(0)))
}

/// Glyphs at most this many bytes apart are read with one call (a read costs more than copying
/// a few kilobytes).
const READ_GAP: usize = 4096;

/// The tables read into memory: what measuring (cmap, metrics) and subsetting (loca and the
/// tables a TrueType program keeps) read. Layout tables (GSUB, GPOS, vertical metrics) are
/// never used, as the layout sets text horizontally, one glyph per character.
const KEPT: [&[u8; 4]; 13] = [
    b"cmap", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"name", b"OS/2", b"post", b"cvt ",
    b"fpgm", b"prep", b"gasp",
];

/// Where a table lies in a file: (offset, length).
type Span = (u64, usize);

/// Reads a font file's tables but `glyf` into one font in memory, and says where `glyf` lies in
/// the file. `None` if the table directory is damaged or there is no `glyf`.
fn read_tables(file: &std::fs::File) -> std::io::Result<Option<(Vec<u8>, Span)>> {
    let mut head = [0u8; 12];
    file.read_exact_at(&mut head, 0)?;
    let n = u16::from_be_bytes([head[4], head[5]]) as usize;
    let mut directory = vec![0u8; 12 + 16 * n];
    file.read_exact_at(&mut directory, 0)?;
    let Some(records) = sfnt_tables(&directory) else {
        return Ok(None);
    };
    let mut glyf = None;
    let mut tables = Vec::with_capacity(records.len());
    for (tag, offset, len) in records {
        if &tag == b"glyf" {
            glyf = Some((offset as u64, len));
            continue;
        }
        if !KEPT.contains(&&tag) {
            continue;
        }
        let mut data = vec![0u8; len];
        file.read_exact_at(&mut data, offset as u64)?;
        tables.push((tag, data.into()));
    }
    Ok(glyf.map(|g| (build_sfnt(tables), g)))
}

/// The table records of a TrueType font: (tag, offset, length).
fn sfnt_tables(data: &[u8]) -> Option<Vec<([u8; 4], usize, usize)>> {
    let n = u16::from_be_bytes([*data.get(4)?, *data.get(5)?]) as usize;
    (0..n)
        .map(|i| {
            let r = data.get(12 + 16 * i..28 + 16 * i)?;
            let be = |k: usize| u32::from_be_bytes([r[k], r[k + 1], r[k + 2], r[k + 3]]) as usize;
            Some(([r[0], r[1], r[2], r[3]], be(8), be(12)))
        })
        .collect()
}

/// The glyph ids a composite glyph is made of (its components, each with its flags and arguments).
fn components(glyph: &[u8]) -> Vec<u16> {
    let mut out = Vec::new();
    let mut at = 10;
    while let (Some(f), Some(g)) = (glyph.get(at..at + 2), glyph.get(at + 2..at + 4)) {
        let flags = u16::from_be_bytes([f[0], f[1]]);
        out.push(u16::from_be_bytes([g[0], g[1]]));
        at += 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
        at += if flags & 0x0008 != 0 {
            2
        } else if flags & 0x0040 != 0 {
            4
        } else if flags & 0x0080 != 0 {
            8
        } else {
            0
        };
        if flags & 0x0020 == 0 {
            break;
        }
    }
    out
}

/// A TrueType font file from its tables (checksums are left zero: only the subsetter reads it).
fn build_sfnt(mut tables: Vec<([u8; 4], std::borrow::Cow<'_, [u8]>)>) -> Vec<u8> {
    tables.sort_by_key(|t| t.0);
    let n = tables.len() as u16;
    let pow = 1u16 << (15 - n.leading_zeros().min(15));
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&n.to_be_bytes());
    out.extend_from_slice(&(pow * 16).to_be_bytes());
    out.extend_from_slice(&(pow.trailing_zeros() as u16).to_be_bytes());
    out.extend_from_slice(&(n * 16 - pow * 16).to_be_bytes());
    let mut offset = 12 + 16 * tables.len();
    for (tag, data) in &tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&0u32.to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    out
}

/// A set of characters: a bit per character of the Basic Multilingual Plane, a list beyond it.
#[derive(Default)]
pub struct CharSet {
    bmp: Vec<u64>,
    other: Vec<char>,
}

impl CharSet {
    /// Adds the characters of a text (not control characters).
    pub fn add(&mut self, text: &str) {
        for c in text.chars().filter(|c| !c.is_control()) {
            self.insert(c);
        }
    }
    /// Adds one character.
    pub fn insert(&mut self, c: char) {
        if self.bmp.is_empty() {
            self.bmp = vec![0; 1024];
        }
        let n = c as usize;
        if n < 0x10000 {
            self.bmp[n / 64] |= 1 << (n % 64);
        } else {
            self.other.push(c);
        }
    }
    /// Whether the set holds `c`.
    pub fn contains(&self, c: char) -> bool {
        let n = c as usize;
        if n < 0x10000 {
            self.bmp
                .get(n / 64)
                .is_some_and(|w| w & (1 << (n % 64)) != 0)
        } else {
            self.other.contains(&c)
        }
    }
    /// The characters, in order.
    pub fn into_sorted(mut self) -> Vec<char> {
        let mut out = Vec::new();
        for (i, &word) in self.bmp.iter().enumerate() {
            let mut w = word;
            while w != 0 {
                let bit = w.trailing_zeros() as usize;
                out.extend(char::from_u32((i * 64 + bit) as u32));
                w &= w - 1;
            }
        }
        self.other.sort_unstable();
        self.other.dedup();
        out.append(&mut self.other);
        out
    }
}

/// The glyphs of a subset: for each character, its new glyph id and advance (font units).
pub struct Plan {
    remapper: subsetter::GlyphRemapper,
    gids: Vec<u16>,
    /// The glyphs copied after the face's own, in order (see [`Font::plan`]).
    copies: Vec<u16>,
    pub glyphs: Vec<(char, u16, u16)>,
}

/// The regular, bold and monospace faces, shared with the other renders of the process.
pub struct Fonts {
    pub regular: Arc<Font>,
    pub bold: Arc<Font>,
    pub mono: Arc<Font>,
}

impl Fonts {
    pub fn load(reports: &Path) -> Result<Fonts> {
        let dir = reports.join("fonts");
        Ok(Fonts {
            regular: Font::load(&dir.join(REGULAR))?,
            bold: Font::load(&dir.join(BOLD))?,
            mono: Font::load(&dir.join(MONO))?,
        })
    }
    pub fn get(&self, face: Face) -> &Font {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
            Face::Mono => &self.mono,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/fonts")
    }

    /// A copy of a shipped font file in a folder of its own, and its face loaded.
    fn copied(name: &str) -> (tempfile::TempDir, PathBuf, Arc<Font>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::copy(fonts_dir().join(name), &path).unwrap();
        let font = Font::load(&path).unwrap();
        (dir, path, font)
    }

    #[test]
    fn a_font_file_overwritten_in_place_is_an_error_or_a_new_face_never_a_crash() {
        // What a long-running `schedule daemon` meets when an update copies new fonts over the
        // old ones (`cp` truncates and rewrites the same file). A mapped file would end the
        // process with SIGBUS on its next read; a read file gives an error, then the new face.
        let (_dir, path, old) = copied(REGULAR);
        let plan = old.plan(&['拠', '点']);
        assert!(old.program(&plan).is_ok());

        // Cut short in place: the old face's outlines are gone from the file.
        std::fs::File::create(&path).unwrap().set_len(1000).unwrap();
        let err = old.program(&old.plan(&['医', '療'])).err().unwrap();
        assert!(
            err.to_string().contains("cannot read the outlines"),
            "{err}"
        );

        // Rewritten in place with another face: the next load reads it anew.
        std::fs::write(&path, std::fs::read(fonts_dir().join(BOLD)).unwrap()).unwrap();
        let new = Font::load(&path).unwrap();
        assert!(!Arc::ptr_eq(&old, &new));
        assert!(new.program(&new.plan(&['医', '療'])).is_ok());
        // Unchanged since: shared, not read again.
        assert!(Arc::ptr_eq(&new, &Font::load(&path).unwrap()));
    }

    #[test]
    fn a_replaced_face_is_freed_once_no_render_holds_it() {
        let (_dir, path, old) = copied(MONO);
        // Held by the cache and by this render.
        assert_eq!(Arc::strong_count(&old), 2);
        // A new version of the file: the cache holds the new face only.
        std::fs::write(&path, std::fs::read(fonts_dir().join(BOLD)).unwrap()).unwrap();
        let new = Font::load(&path).unwrap();
        assert_eq!(Arc::strong_count(&old), 1);
        let freed = Arc::downgrade(&old);
        drop(old);
        assert!(freed.upgrade().is_none());
        assert_eq!(Arc::strong_count(&new), 2);
        // The new face measures as the bold face does.
        let bold = Font::load(&fonts_dir().join(BOLD)).unwrap();
        assert_eq!(new.glyph('拠'), bold.glyph('拠'));
    }

    #[test]
    fn composite_glyphs_name_their_components() {
        // numberOfContours -1, a bbox, then two components: words as arguments with a scale,
        // and bytes as arguments, the last.
        let mut g = vec![0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0];
        g.extend_from_slice(&[0x00, 0x29, 0x00, 0x07, 0, 1, 0, 2, 0x40, 0x00]); // ARGS_ARE_WORDS | MORE | SCALE
        g.extend_from_slice(&[0x00, 0x00, 0x01, 0x2C, 5, 6]);
        assert_eq!(components(&g), vec![7, 300]);
    }

    #[test]
    fn the_compact_loca_points_each_glyph_at_its_outline_and_the_others_at_nothing() {
        let outlines = Outlines::from([(1, vec![7u8; 3]), (4, vec![9u8; 2])]);
        let (glyf, loca) = glyf_and_loca(&outlines, 6);
        // Glyph 1's outline is padded to an even length.
        assert_eq!(glyf, [7, 7, 7, 0, 9, 9]);
        let entries: Vec<u32> = loca
            .chunks(4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        assert_eq!(entries, [0, 0, 4, 4, 4, 6, 6]);
    }

    #[test]
    fn a_built_font_has_a_sorted_table_directory() {
        let f = build_sfnt(vec![
            (*b"loca", vec![0u8; 6].into()),
            (*b"glyf", vec![1u8; 3].into()),
            (*b"head", vec![2u8; 54].into()),
        ]);
        let t = sfnt_tables(&f).unwrap();
        assert_eq!(
            t.iter().map(|t| t.0).collect::<Vec<_>>(),
            vec![*b"glyf", *b"head", *b"loca"]
        );
        assert_eq!(f[t[0].1..t[0].1 + t[0].2], [1, 1, 1]);
        assert_eq!(t[1].1 % 4, 0);
    }
}
