//! Laid-out pages to PDF bytes, page by page: each page's content stream, link annotations, page
//! object and the structure elements whose content ends on it are written as soon as the page is
//! done ([`super::objects`]); the page tree, the structure tree's root and parent tree, the
//! outline, the metadata and the fonts follow the last page.

use super::content;
use super::fonts::{Font, Fonts, Plan};
#[cfg(test)]
use super::layout::Layout;
use super::layout::{Face, Item, OutlineEntry, Page};
use super::objects::{Syntax, Writer};
use super::structure::Structure;
use super::tags::{self, Tree};
use crate::{Error, Result};

/// Document metadata.
pub struct Meta<'a> {
    pub title: &'a str,
    pub subject: &'a str,
    pub author: &'a str,
    pub lang: &'a str,
    /// `D:YYYYMMDDHHmmSS+09'00'` for CreationDate and ModDate.
    pub date: String,
}

/// Cuts a font program and compresses it: (the packed stream, the program's length).
fn packed_program(font: &Font, plan: &Plan) -> Result<(Vec<u8>, usize)> {
    let mut phases = crate::profile::Phases::start();
    let program = font.program(plan)?;
    phases.done("  (a font program cut)");
    let packed = pack(&program)?;
    phases.done("  (a font program compressed)");
    Ok((packed, program.len()))
}

/// A cut and compressed font program, and the program's length before compression.
pub type Program = Result<(Vec<u8>, usize)>;

/// The faces in the order of arrays of them.
const FACES: [Face; Face::COUNT] = [Face::Regular, Face::Bold, Face::Mono];

/// The subset plans of the faces (`[regular, bold, mono]`) for these characters (each sorted).
pub fn plans(fonts: &Fonts, chars: &[Vec<char>; Face::COUNT]) -> [Plan; Face::COUNT] {
    FACES.map(|f| fonts.get(f).plan(&chars[f.index()]))
}

/// Cuts and compresses the faces' font programs for their plans (none for an empty plan).
pub fn programs(fonts: &Fonts, plans: &[Plan; Face::COUNT]) -> [Program; Face::COUNT] {
    FACES.map(|f| match plans[f.index()].glyphs.is_empty() {
        true => Ok((Vec::new(), 0)),
        false => packed_program(fonts.get(f), &plans[f.index()]),
    })
}

/// Whether the plans hold every character that the pages draw with each face.
fn cover(fonts: &Fonts, plans: &[Plan; Face::COUNT], used: &[Vec<char>; Face::COUNT]) -> bool {
    FACES.iter().all(|&face| {
        let glyphs = &plans[face.index()].glyphs;
        used[face.index()].iter().all(|c| {
            glyphs.binary_search_by_key(c, |g| g.0).is_ok() || fonts.get(face).glyph(*c).is_none()
        })
    })
}

/// What gives the font programs once they are wanted (cut beside the layout, and waited for
/// only when the rest of the document is written).
pub type Programs<'p> = Box<dyn FnOnce() -> [Program; Face::COUNT] + 'p>;

/// The subset plans to write the pages with, and their programs: `guess`, the plans of the
/// characters the layout was expected to draw, if they hold every character the pages draw
/// (`used`); otherwise plans for `used` (kept in `replanned`), cut when asked for, and the
/// guess's programs waited for (they may be in the making beside this thread) and dropped.
pub fn settle<'p>(
    fonts: &'p Fonts,
    guess: &'p [Plan; Face::COUNT],
    used: &[Vec<char>; Face::COUNT],
    programs: Programs<'p>,
    replanned: &'p mut Option<[Plan; Face::COUNT]>,
) -> (&'p [Plan; Face::COUNT], Programs<'p>) {
    if cover(fonts, guess, used) {
        return (guess, programs);
    }
    drop(programs());
    let plans = &*replanned.insert(self::plans(fonts, used));
    (plans, Box::new(move || self::programs(fonts, plans)))
}

/// The resource names of the faces in the pages' content streams.
const FACE_NAMES: [&str; Face::COUNT] = ["F1", "F2", "F3"];

/// Writes a whole layout as a PDF (see [`Out`]; the render writes its pages as they are laid
/// out).
#[cfg(test)]
pub fn write(
    layout: &Layout,
    fonts: &Fonts,
    plans: &[Plan; Face::COUNT],
    programs: impl FnOnce() -> [Program; Face::COUNT],
    width: f64,
    height: f64,
    meta: &Meta<'_>,
) -> Result<Vec<u8>> {
    let mut replanned = None;
    let (plans, programs) = settle(
        fonts,
        plans,
        &layout.chars(),
        Box::new(programs),
        &mut replanned,
    );
    let count = layout.pages.len();
    let last = layout.last();
    let mut out = Out::new(&layout.structure, &last, count, plans, width, height)?;
    for page in &layout.pages {
        out.page(page)?;
    }
    out.finish(&layout.outline, fonts, programs(), meta)
}

/// A PDF being written page by page: what comes before the pages is numbered (and the fonts'
/// resources written) when it starts, each page is written as it is given, and the rest follows
/// the last page ([`Out::finish`]).
pub struct Out<'a> {
    w: Writer,
    tree: Tree<'a>,
    pages: Pages,
    plans: &'a [Plan; Face::COUNT],
    page_ids: Vec<u32>,
    catalog: u32,
    font_ids: [Option<u32>; Face::COUNT],
}

impl<'a> Out<'a> {
    /// A PDF of `count` pages `width` by `height`, with these elements (`last`: the page of each
    /// one's last content, `count` for none) and the fonts cut to these plans.
    pub fn new(
        structure: &'a Structure,
        last: &[u32],
        count: usize,
        plans: &'a [Plan; Face::COUNT],
        width: f64,
        height: f64,
    ) -> Result<Out<'a>> {
        let mut w = Writer::new(64 * 1024 + count * 8 * 1024);
        let catalog = w.alloc();
        let page_tree = w.alloc();
        let resources = w.alloc();
        // A face no text uses is left out.
        let font_ids = plans
            .each_ref()
            .map(|p| (!p.glyphs.is_empty()).then(|| w.alloc()));
        let tree = Tree::new(&mut w, structure, last, count);
        font_resources(&mut w, resources, &font_ids)?;
        let pages = Pages {
            count,
            parent: page_tree,
            resources,
            width,
            height,
        };
        Ok(Out {
            w,
            tree,
            pages,
            plans,
            page_ids: Vec::with_capacity(count),
            catalog,
            font_ids,
        })
    }

    /// Writes the next page: its content stream, link annotations and page object, and the
    /// structure elements whose content ends on it.
    pub fn page(&mut self, page: &Page) -> Result<()> {
        let faces = FACES.map(|f| content::FontRef {
            name: FACE_NAMES[f.index()],
            glyphs: &self.plans[f.index()].glyphs,
        });
        let i = self.page_ids.len();
        let (bytes, marked) =
            content::page(page, &faces, self.pages.height, self.tree.structure())?;
        let id = self
            .pages
            .write(&mut self.w, &mut self.tree, page, i, &bytes)?;
        self.tree.page(&mut self.w, id, &marked)?;
        self.page_ids.push(id);
        Ok(())
    }

    /// Writes what follows the pages: the structure tree's rest, the page tree, the outline,
    /// the metadata and catalog, the fonts around their `programs`, and the cross-reference
    /// stream; the file's bytes.
    pub fn finish(
        mut self,
        outline: &[OutlineEntry],
        fonts: &Fonts,
        programs: [Program; Face::COUNT],
        meta: &Meta<'_>,
    ) -> Result<Vec<u8>> {
        let mut phases = crate::profile::Phases::start();
        let (w, page_ids) = (&mut self.w, &self.page_ids);
        if page_ids.len() != self.pages.count {
            return Err(Error::Layout(format!(
                "the PDF writer was given {} pages of {}",
                page_ids.len(),
                self.pages.count
            )));
        }
        let root = self.tree.root;
        self.tree.finish(w)?;
        let page_tree = self.pages.parent;
        page_tree_object(w, page_tree, page_ids)?;
        let outline = super::outline::write(w, outline, page_ids, self.pages.height)?;
        let info = document(w, self.catalog, page_tree, root, outline, meta)?;
        phases.done("structure tree and metadata");
        embed_fonts(w, fonts, self.plans, self.font_ids, programs)?;
        phases.done("fonts");
        let out = self.w.finish(self.catalog, info)?;
        phases.done("cross-reference");
        Ok(out)
    }
}

/// Writes the pages' resources: the font of each face that text uses.
fn font_resources(w: &mut Writer, id: u32, font_ids: &[Option<u32>; Face::COUNT]) -> Result<()> {
    let mut b = Vec::new();
    b.raw("<</Font <<");
    for (name, id) in FACE_NAMES.iter().zip(font_ids) {
        if let Some(id) = id {
            b.raw("/").raw(name).raw(" ").reference(*id);
        }
    }
    b.raw(">> >>");
    w.object(id, &b)
}

/// Writes the page tree over the pages written.
fn page_tree_object(w: &mut Writer, id: u32, page_ids: &[u32]) -> Result<()> {
    let mut b = Vec::with_capacity(64 + 8 * page_ids.len());
    b.raw("<</Type /Pages /Kids [");
    for &page in page_ids {
        b.reference(page);
    }
    b.raw("] /Count ").int(page_ids.len() as i64).raw(">>");
    w.object(id, &b)
}

/// Writes each used face's font objects around its cut program, once the program is ready.
fn embed_fonts(
    w: &mut Writer,
    fonts: &Fonts,
    plans: &[Plan; Face::COUNT],
    font_ids: [Option<u32>; Face::COUNT],
    programs: [Program; Face::COUNT],
) -> Result<()> {
    for (face, (program, id)) in programs.into_iter().zip(font_ids).enumerate() {
        let (Some(id), program) = (id, program) else {
            continue;
        };
        let (packed, length) = program?;
        let (font, name) = (fonts.get(FACES[face]), FACE_NAMES[face]);
        super::embed::font(w, id, font, &plans[face], name, &packed, length)?;
    }
    Ok(())
}

/// What every page object shares: the page count, the page tree, the resources, the page size.
struct Pages {
    count: usize,
    parent: u32,
    resources: u32,
    width: f64,
    height: f64,
}

impl Pages {
    /// Writes a page (number `index`): its content stream, its link annotations and the page
    /// object; returns the page object's number.
    fn write(
        &self,
        w: &mut Writer,
        tree: &mut Tree<'_>,
        page: &Page,
        index: usize,
        content: &[u8],
    ) -> Result<u32> {
        let contents = w.alloc();
        let packed = pack(content)?;
        if packed.len() + 19 < content.len() {
            w.stream(contents, b"/Filter /FlateDecode", &packed);
        } else {
            w.stream(contents, b"", content);
        }
        let id = w.alloc();
        let (annotations, tagged) = self.links(w, tree, page, index)?;
        let mut b = Vec::with_capacity(256);
        b.raw("<</Type /Page /Parent ")
            .reference(self.parent)
            .raw("/MediaBox [0 0 ");
        content::number(&mut b, self.width);
        content::number(&mut b, self.height);
        b.raw("] /Resources ")
            .reference(self.resources)
            .raw("/Contents ")
            .reference(contents)
            .raw("/StructParents ")
            .int(index as i64);
        if !annotations.is_empty() {
            b.raw("/Annots [");
            for a in annotations {
                b.reference(a);
            }
            b.raw("] ");
        }
        if tagged {
            // Tab order follows the structure on a page with annotations.
            b.raw("/Tabs /S ");
        }
        b.raw(">>");
        w.object(id, &b)?;
        Ok(id)
    }

    /// Writes a link annotation for each link area the layout placed on the page: a click opens
    /// the address (`http:`, `https:`, `mailto:`). A `#fragment` link stays text in the link
    /// colour, as the PDF has no named places to go to. Returns the annotations' numbers, and
    /// whether any is part of the structure.
    fn links(
        &self,
        w: &mut Writer,
        tree: &mut Tree<'_>,
        page: &Page,
        index: usize,
    ) -> Result<(Vec<u32>, bool)> {
        let (mut annotations, mut tagged) = (Vec::new(), false);
        let structure = tree.structure();
        for (item_index, (item, &node)) in page.items.iter().zip(&page.marks).enumerate() {
            let Item::Link {
                x,
                y,
                w: lw,
                h,
                href,
            } = item
            else {
                continue;
            };
            if href.starts_with('#') {
                continue;
            }
            let id = w.alloc();
            let mut b = Vec::with_capacity(128 + 2 * href.len());
            b.raw("<</Type /Annot /Subtype /Link /Rect [");
            for v in [*x, self.height - y - h, x + lw, self.height - y] {
                content::number(&mut b, (v * 100.0).round() / 100.0);
            }
            b.raw("] /Border [0 0 0] /Contents ").text(href);
            b.raw("/A <</S /URI /URI ")
                .literal(href.as_bytes())
                .raw(">> ");
            if structure.name(node).is_some() {
                b.raw("/StructParent ").int(tree.next_key(self.count));
                tree.annotation(node, index, item_index as u32, id);
                tagged = true;
            }
            b.raw(">>");
            w.object(id, &b)?;
            annotations.push(id);
        }
        Ok((annotations, tagged))
    }
}

/// Writes the document information dictionary, the XMP metadata and the catalog; returns the
/// information dictionary's number.
fn document(
    w: &mut Writer,
    catalog: u32,
    pages: u32,
    structure: u32,
    outline: Option<u32>,
    meta: &Meta<'_>,
) -> Result<u32> {
    let producer = format!("tenkai {}", env!("CARGO_PKG_VERSION"));
    let info = w.alloc();
    let mut b = Vec::with_capacity(512);
    b.raw("<</Title ").text(meta.title);
    b.raw("/Subject ").text(meta.subject);
    b.raw("/Author ").text(meta.author);
    b.raw("/Creator ").text("tenkai");
    b.raw("/Producer ").text(&producer);
    b.raw("/CreationDate ").text(&meta.date);
    b.raw("/ModDate ").text(&meta.date).raw(">>");
    w.object(info, &b)?;
    let xmp = tags::metadata(&tags::Xmp {
        title: meta.title,
        lang: meta.lang,
        author: meta.author,
        subject: meta.subject,
        producer: &producer,
        date: &xmp_date(&meta.date),
    });
    let metadata = w.alloc();
    // Left uncompressed, as XMP is meant to be readable by tools that do not parse PDF.
    w.stream(metadata, b"/Type /Metadata /Subtype /XML", xmp.as_bytes());
    b.clear();
    b.raw("<</Type /Catalog /Pages ").reference(pages);
    b.raw("/Lang ").text(meta.lang);
    b.raw("/ViewerPreferences <</DisplayDocTitle true>> /MarkInfo <</Marked true>> ");
    if let Some(o) = outline {
        b.raw("/Outlines ")
            .reference(o)
            .raw("/PageMode /UseOutlines ");
    }
    b.raw("/Metadata ").reference(metadata);
    b.raw("/StructTreeRoot ").reference(structure).raw(">>");
    w.object(catalog, &b)?;
    Ok(info)
}

/// A PDF date (`D:20180331000000+09'00'`) as XMP writes it (`2018-03-31T00:00:00+09:00`).
fn xmp_date(pdf: &str) -> String {
    let d = pdf.trim_start_matches("D:");
    let (digits, zone) = d.split_at(d.len().min(14));
    let part = |from: usize, to: usize| digits.get(from..to).unwrap_or("00");
    format!(
        "{}-{}-{}T{}:{}:{}{}",
        part(0, 4),
        part(4, 6),
        part(6, 8),
        part(8, 10),
        part(10, 12),
        part(12, 14),
        zone.replace('\'', ":").trim_end_matches(':')
    )
}

/// Compresses a stream (zlib format, for `FlateDecode`) with the calling thread's compressor.
///
/// libdeflate, not zlib: at its level 1 it compresses these fonts and content streams as small as
/// zlib's level 2 or 3, in about half the time; the font programs are the last work before a PDF
/// can be written. A compressor's tables are some hundred KB that the kernel
/// hands over page by page on first use: one per thread, reused from stream to stream.
pub fn pack(raw: &[u8]) -> Result<Vec<u8>> {
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<libdeflater::Compressor> =
            std::cell::RefCell::new(libdeflater::Compressor::new(
                libdeflater::CompressionLvl::new(COMPRESSION).expect("a valid level"),
            ));
    }
    COMPRESSOR.with(|z| {
        let z = &mut *z.borrow_mut();
        let mut packed = vec![0u8; z.zlib_compress_bound(raw.len())];
        let n = z
            .zlib_compress(raw, &mut packed)
            .map_err(|e| Error::Layout(format!("cannot compress the PDF: {e}")))?;
        packed.truncate(n);
        Ok(packed)
    })
}

/// The libdeflate level for PDF streams.
const COMPRESSION: i32 = 1;
