//! Laid-out pages to PDF bytes: printpdf makes the document (pages, resources, the fonts subset by
//! tenkai and embedded as CID TrueType fonts with a ToUnicode map) around the content streams that
//! [`super::content`] writes, then lopdf does what printpdf does not: a nested outline, document
//! language, deterministic IDs and dates, the subset tag, and compression.

use super::content::{self, Marked};
use super::fonts::{Font, Fonts, Plan};
use super::layout::Layout;
use super::tags::{self, Annotation};
use crate::{Error, Result};
use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{
    FontId, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem,
};
use sha2::Digest;
use std::collections::BTreeMap;

/// Document metadata.
pub struct Meta<'a> {
    pub title: &'a str,
    pub subject: &'a str,
    pub author: &'a str,
    pub lang: &'a str,
    /// `D:YYYYMMDDHHmmSS+09'00'` for CreationDate and ModDate.
    pub date: String,
}

/// A font subset registered with printpdf.
struct Embedded {
    id: FontId,
    /// (character, glyph id in the subset, advance), sorted by character.
    glyphs: Vec<(char, u16, u16)>,
    name: String,
    /// What printpdf is given as the font program: a stand-in, replaced by the real subset
    /// (cut while the pages are laid out) in the finished document.
    placeholder: Vec<u8>,
}

/// Registers a font with printpdf from its subset plan; the program itself comes later.
fn embed(doc: &mut PdfDocument, font: &Font, plan: &Plan, id: &str) -> Embedded {
    let mut codepoint_to_glyph = BTreeMap::new();
    let mut glyph_widths = BTreeMap::new();
    for &(c, gid, adv) in &plan.glyphs {
        codepoint_to_glyph.insert(c as u32, gid);
        glyph_widths.insert(gid, adv);
    }
    let placeholder = format!("tenkai: the subset of {} goes here ({id})", font.name).into_bytes();
    let mut parsed = ParsedFont::with_glyph_data(
        placeholder.clone(),
        0,
        Some(font.name.clone()),
        codepoint_to_glyph,
        glyph_widths,
        font.units_per_em as u16,
        printpdf::FontMetrics {
            ascent: font.ascent,
            descent: font.descent,
        },
    );
    parsed.pdf_font_metrics.x_min = font.bbox.0;
    parsed.pdf_font_metrics.y_min = font.bbox.1;
    parsed.pdf_font_metrics.x_max = font.bbox.2;
    parsed.pdf_font_metrics.y_max = font.bbox.3;
    parsed.pdf_font_metrics.us_weight_class = if font.name.contains("Bold") { 700 } else { 400 };
    let fid = FontId(id.to_string());
    doc.resources
        .fonts
        .map
        .insert(fid.clone(), printpdf::font::PdfFont::new(parsed));
    Embedded {
        id: fid,
        glyphs: plan.glyphs.clone(),
        name: font.name.clone(),
        placeholder,
    }
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

/// The subset plans of both faces (`[regular, bold]`) for these characters (each sorted).
pub fn plans(fonts: &Fonts, chars: &[Vec<char>; 2]) -> [Plan; 2] {
    [fonts.regular.plan(&chars[0]), fonts.bold.plan(&chars[1])]
}

/// Cuts and compresses both faces' font programs for their plans.
pub fn programs(fonts: &Fonts, plans: &[Plan; 2]) -> [Program; 2] {
    [
        packed_program(fonts.regular, &plans[0]),
        packed_program(fonts.bold, &plans[1]),
    ]
}

/// Whether the plans hold every character that the pages draw with each face.
fn cover(fonts: &Fonts, plans: &[Plan; 2], used: &[Vec<char>; 2]) -> bool {
    (0..2).all(|face| {
        let glyphs = &plans[face].glyphs;
        used[face].iter().all(|c| {
            glyphs.binary_search_by_key(c, |g| g.0).is_ok()
                || fonts.get(face == 1).glyph(*c).is_none()
        })
    })
}

/// Writes the layout as a PDF. `plans` are the subsets of the characters the layout was expected
/// to draw, and `programs` gives their font programs (cut beside the layout, and waited for only
/// when the rest of the document is done). If the pages draw a character that the plans lack,
/// the programs are planned and cut again for the pages' characters.
pub fn write(
    layout: &Layout,
    fonts: &Fonts,
    plans: &[Plan; 2],
    programs: impl FnOnce() -> [Program; 2],
    width: f64,
    height: f64,
    meta: &Meta<'_>,
) -> Result<Vec<u8>> {
    let mut phases = crate::profile::Phases::start();
    let mut doc = PdfDocument::new(meta.title);
    let used = layout.chars();
    let replanned;
    let (plans, programs): (&[Plan; 2], Box<dyn FnOnce() -> [Program; 2] + '_>) =
        if cover(fonts, plans, &used) {
            (plans, Box::new(programs))
        } else {
            // The guess missed characters: its programs are of no use (waited for, as they may
            // be in the making beside this thread, and dropped).
            drop(programs());
            replanned = self::plans(fonts, &used);
            (&replanned, Box::new(|| self::programs(fonts, &replanned)))
        };
    let regular = embed(&mut doc, fonts.regular, &plans[0], "F1");
    let bold = embed(&mut doc, fonts.bold, &plans[1], "F2");
    let unused = plans.each_ref().map(|p| p.glyphs.is_empty());
    phases.done("subset plan");

    // tenkai writes the pages' content streams itself (see `content`); printpdf makes the rest
    // of the document: pages, resources and the fonts' dictionaries, widths and ToUnicode maps,
    // from one text per face that shows every character of the face's subset.
    let faces = [&regular, &bold].map(|e| content::Face {
        name: &e.id.0,
        glyphs: &e.glyphs,
    });
    let (contents, marked): (Vec<Vec<u8>>, Vec<Vec<Marked>>) = layout
        .pages
        .iter()
        .map(|p| content::page(p, &faces[0], &faces[1], height, &layout.structure))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .unzip();
    phases.done("  page content");
    let (w, h) = (
        Mm((width * 25.4 / 72.0) as f32),
        Mm((height * 25.4 / 72.0) as f32),
    );
    let mut pages = vec![PdfPage::new(w, h, Vec::new()); layout.pages.len()];
    pages[0].ops = glyph_registration(&[&regular, &bold]);
    doc.with_pages(pages);
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    // PDF 1.7: the version of ISO 32000-1, on which PDF/UA-1 builds.
    lo.version = "1.7".into();
    set_contents(&mut lo, contents)?;
    phases.done("printpdf");
    // Everything but the font programs is finished while they may still be in the making.
    finish(&mut lo, layout, &marked, meta, &[&regular, &bold], height)?;
    phases.done("finish");
    let programs = programs();
    for ((embedded, program), unused) in [&regular, &bold].into_iter().zip(programs).zip(unused) {
        let (packed, length) = program?;
        let found = lo.objects.values_mut().find_map(|o| match o {
            Object::Stream(st) if st.content == embedded.placeholder => Some(st),
            _ => None,
        });
        let stream = match found {
            Some(st) => st,
            // printpdf leaves out a face no text uses.
            None if unused => continue,
            None => {
                return Err(Error::Layout(format!(
                    "printpdf did not embed the font {} as expected",
                    embedded.name
                )))
            }
        };
        stream.dict.set("Length1", Object::Integer(length as i64));
        stream
            .dict
            .set("Filter", Object::Name(b"FlateDecode".to_vec()));
        stream.set_content(packed);
    }
    phases.done("font programs");
    set_id(&mut lo, layout);
    let mut out = Vec::with_capacity(256 * 1024);
    // The structure tree is thousands of small dictionaries: packed into compressed object
    // streams (PDF 1.5), with a cross-reference stream, they take a fraction of the bytes.
    let options = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .max_objects_per_stream(OBJECTS_PER_STREAM)
        .compression_level(6)
        .build();
    lo.save_with_options(&mut out, options)
        .map_err(|e| Error::Layout(format!("cannot write the PDF: {e}")))?;
    phases.done("serialise");
    Ok(out)
}

/// Operations that show every character of each face once: what printpdf reads to know which
/// glyphs a face uses (for its widths and ToUnicode map). They are drawn nowhere: the page's
/// content stream is replaced by tenkai's own.
fn glyph_registration(faces: &[&Embedded]) -> Vec<Op> {
    let mut ops = vec![Op::StartTextSection];
    for f in faces.iter().filter(|f| !f.glyphs.is_empty()) {
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(f.id.clone()),
            size: Pt(1.0),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(f.glyphs.iter().map(|g| g.0).collect())],
        });
    }
    ops.push(Op::EndTextSection);
    ops
}

/// Puts tenkai's content streams in place of the ones printpdf wrote, page by page.
fn set_contents(lo: &mut lopdf::Document, contents: Vec<Vec<u8>>) -> Result<()> {
    let pages = lo.get_pages();
    if pages.len() != contents.len() {
        return Err(Error::Layout(format!(
            "printpdf made {} pages of {}",
            pages.len(),
            contents.len()
        )));
    }
    for (page, bytes) in pages.values().zip(contents) {
        let stream = lo
            .get_dictionary(*page)
            .and_then(|d| d.get(b"Contents"))
            .and_then(Object::as_reference)
            .and_then(|id| lo.get_object_mut(id))
            .and_then(Object::as_stream_mut)
            .map_err(|e| Error::Layout(format!("printpdf wrote a page without contents: {e}")))?;
        stream.set_content(bytes);
    }
    Ok(())
}

fn text(s: &str) -> Object {
    // UTF-16BE with a BOM: the form PDF text strings take for non-ASCII text.
    if s.is_ascii() {
        return Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut b = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        b.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(b, StringFormat::Hexadecimal)
}

/// The lopdf pass: subset tags, metadata, language, the structure tree, outline, compression (all
/// but the font programs, which are swapped in later).
fn finish(
    lo: &mut lopdf::Document,
    layout: &Layout,
    marked: &[Vec<Marked>],
    meta: &Meta<'_>,
    fonts: &[&Embedded],
    height: f64,
) -> Result<()> {
    let lerr = |e: lopdf::Error| Error::Layout(format!("PDF post-processing failed: {e}"));
    let mut phases = crate::profile::Phases::start();
    // The fonts are subsets (tenkai cut them down): mark them so with a tag derived from their glyphs.
    for f in fonts {
        let mut h = sha2::Sha256::new();
        for (c, g, _) in &f.glyphs {
            h.update(format!("{c}{g};"));
        }
        let digest = h.finalize();
        let tag: String = digest
            .iter()
            .take(6)
            .map(|b| (b'A' + b % 26) as char)
            .collect();
        let tagged = format!("{tag}+{}", f.name);
        for obj in lo.objects.values_mut() {
            if let Object::Dictionary(d) = obj {
                for key in [&b"BaseFont"[..], &b"FontName"[..]] {
                    if let Ok(Object::Name(n)) = d.get(key) {
                        if n.as_slice() == f.name.as_bytes() {
                            d.set(key, Object::Name(tagged.clone().into_bytes()));
                        }
                    }
                }
            }
        }
    }
    // Printpdf writes an empty GTS_PDFXVersion; tenkai does not claim PDF/X.
    for obj in lo.objects.values_mut() {
        if let Object::Dictionary(d) = obj {
            d.remove(b"GTS_PDFXVersion");
        }
    }
    let info_id = lo
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .map_err(lerr)?;
    let mut info = Dictionary::new();
    info.set("Title", text(meta.title));
    info.set("Subject", text(meta.subject));
    info.set("Author", text(meta.author));
    info.set("Creator", text("tenkai"));
    let producer = format!("tenkai {} (printpdf)", env!("CARGO_PKG_VERSION"));
    info.set("Producer", text(&producer));
    info.set(
        "CreationDate",
        Object::String(meta.date.clone().into_bytes(), StringFormat::Literal),
    );
    info.set(
        "ModDate",
        Object::String(meta.date.clone().into_bytes(), StringFormat::Literal),
    );
    lo.objects.insert(info_id, Object::Dictionary(info));

    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();
    let catalog = lo.catalog_mut().map_err(lerr)?;
    catalog.set(
        "Lang",
        Object::String(meta.lang.as_bytes().to_vec(), StringFormat::Literal),
    );
    catalog.set(
        "ViewerPreferences",
        Object::Dictionary(Dictionary::from_iter(vec![(
            "DisplayDocTitle",
            Object::Boolean(true),
        )])),
    );
    catalog.set(
        "MarkInfo",
        Object::Dictionary(Dictionary::from_iter(vec![(
            "Marked",
            Object::Boolean(true),
        )])),
    );
    if !layout.outline.is_empty() {
        let root = outline(lo, layout, &page_ids, height);
        let catalog = lo.catalog_mut().map_err(lerr)?;
        catalog.set("Outlines", Object::Reference(root));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    phases.done("  metadata");
    // What printpdf made and tenkai replaced goes, and the rest is numbered from 1, before the
    // structure tree is added: lopdf's pruning and renumbering take time that grows with the
    // square of the objects, and the tree has one for every paragraph and table cell (its
    // objects are numbered after the others as they are added).
    lo.prune_objects();
    lo.renumber_objects();
    phases.done("  renumber");
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();
    let xmp = tags::metadata(&tags::Xmp {
        title: meta.title,
        lang: meta.lang,
        author: meta.author,
        subject: meta.subject,
        producer: &producer,
        date: &xmp_date(&meta.date),
    });
    let xmp = lo.add_object(xmp);
    let annotations = link_annotations(lo, layout, &page_ids, height);
    let tree = tags::structure_tree(lo, &layout.structure, marked, &annotations, &page_ids, text);
    let catalog = lo.catalog_mut().map_err(lerr)?;
    catalog.set("Metadata", Object::Reference(xmp));
    catalog.set("StructTreeRoot", Object::Reference(tree));
    phases.done("  structure tree");
    let placeholders: Vec<&[u8]> = fonts.iter().map(|f| &f.placeholder[..]).collect();
    compress(lo, &placeholders)?;
    phases.done("  compress");
    Ok(())
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

/// A deterministic file identifier: a hash of the content (every stream and the page count), not
/// a random string.
fn set_id(lo: &mut lopdf::Document, layout: &Layout) {
    let mut h = sha2::Sha256::new();
    for obj in lo.objects.values() {
        if let Object::Stream(st) = obj {
            h.update(&st.content);
        }
    }
    h.update(layout.pages.len().to_le_bytes());
    let id: Vec<u8> = h.finalize()[..16].to_vec();
    lo.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
}

/// Compresses a stream (zlib format, for `FlateDecode`) with the calling thread's compressor.
///
/// libdeflate, not zlib: at its level 1 it compresses these fonts and content streams as small as
/// zlib's level 2 or 3, in about half the time; the font programs are the last work before a PDF
/// can be written. A compressor's tables are some hundred KB that the kernel
/// hands over page by page on first use: one per thread, reused from stream to stream.
fn pack(raw: &[u8]) -> Result<Vec<u8>> {
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

/// Compresses every stream not compressed yet, except the font programs' stand-ins, with [`pack`]
/// (lopdf's own `compress` uses zlib's slowest, best level, which costs more time than it saves
/// bytes here).
fn compress(lo: &mut lopdf::Document, skip: &[&[u8]]) -> Result<()> {
    for o in lo.objects.values_mut() {
        let Object::Stream(s) = o else { continue };
        if s.dict.get(b"Filter").is_ok() || !s.allows_compression || skip.contains(&&s.content[..])
        {
            continue;
        }
        let packed = pack(&s.content)?;
        if packed.len() + 19 < s.content.len() {
            s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            s.set_content(packed);
        }
    }
    Ok(())
}

/// The most objects packed in one object stream.
const OBJECTS_PER_STREAM: usize = 1000;

/// The libdeflate level for PDF streams.
const COMPRESSION: i32 = 1;

/// Gives each page a link annotation for each link area the layout placed on it: a click opens
/// the address (`http:`, `https:`, `mailto:`). A `#fragment` link stays text in the link colour,
/// as the PDF has no named places to go to. Returns each page's annotations, for the structure
/// tree.
fn link_annotations(
    lo: &mut lopdf::Document,
    layout: &Layout,
    page_ids: &[lopdf::ObjectId],
    height: f64,
) -> Vec<Vec<Annotation>> {
    let mut placed = Vec::new();
    for (page, id) in layout.pages.iter().zip(page_ids) {
        let mut annots = Vec::new();
        let mut on_page = Vec::new();
        for (index, (item, &node)) in page.items.iter().zip(&page.marks).enumerate() {
            let crate::pdf::layout::Item::Link { x, y, w, h, href } = item else {
                continue;
            };
            if href.starts_with('#') {
                continue;
            }
            let rect = [*x, height - y - h, x + w, height - y]
                .map(|v| Object::Real((v * 100.0).round() as f32 / 100.0));
            let action = Dictionary::from_iter(vec![
                ("S", Object::Name(b"URI".to_vec())),
                (
                    "URI",
                    Object::String(href.as_bytes().to_vec(), StringFormat::Literal),
                ),
            ]);
            let annot = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Annot".to_vec())),
                ("Subtype", Object::Name(b"Link".to_vec())),
                ("Rect", Object::Array(rect.to_vec())),
                ("Border", Object::Array(vec![0.into(), 0.into(), 0.into()])),
                ("Contents", text(href)),
                ("A", Object::Dictionary(action)),
            ]);
            let annot = lo.add_object(annot);
            annots.push(Object::Reference(annot));
            if layout.structure.role(node).is_some() {
                on_page.push(Annotation {
                    id: annot,
                    node,
                    index: index as u32,
                });
            }
        }
        placed.push(on_page);
        if annots.is_empty() {
            continue;
        }
        if let Ok(Object::Dictionary(d)) = lo.get_object_mut(*id) {
            d.set("Annots", Object::Array(annots));
        }
    }
    placed
}

/// Builds a nested outline (h1 > h2 > h3) and returns the root's id.
fn outline(
    lo: &mut lopdf::Document,
    layout: &Layout,
    page_ids: &[lopdf::ObjectId],
    height: f64,
) -> lopdf::ObjectId {
    let root = lo.new_object_id();
    let ids: Vec<lopdf::ObjectId> = layout.outline.iter().map(|_| lo.new_object_id()).collect();
    // Parent of each entry: the nearest earlier entry with a smaller level, else the root.
    let mut parent: Vec<Option<usize>> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in layout.outline.iter().enumerate() {
        while stack
            .last()
            .is_some_and(|&j| layout.outline[j].level >= e.level)
        {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..layout.outline.len())
            .filter(|&i| parent[i] == p)
            .collect()
    };
    let mut dicts: Vec<Dictionary> = Vec::new();
    for (i, e) in layout.outline.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", text(&e.title));
        d.set(
            "Parent",
            Object::Reference(parent[i].map(|p| ids[p]).unwrap_or(root)),
        );
        let page = page_ids.get(e.page).copied().unwrap_or(page_ids[0]);
        d.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(page),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real((height - e.y + 4.0) as f32),
                Object::Null,
            ]),
        );
        let siblings = children(parent[i]);
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        if pos > 0 {
            d.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(&n) = siblings.get(pos + 1) {
            d.set("Next", Object::Reference(ids[n]));
        }
        let kids = children(Some(i));
        if let (Some(&f), Some(&l)) = (kids.first(), kids.last()) {
            d.set("First", Object::Reference(ids[f]));
            d.set("Last", Object::Reference(ids[l]));
            d.set("Count", Object::Integer(kids.len() as i64));
        }
        dicts.push(d);
    }
    for (i, d) in dicts.into_iter().enumerate() {
        lo.objects.insert(ids[i], Object::Dictionary(d));
    }
    let top = children(None);
    let mut r = Dictionary::new();
    r.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(&f), Some(&l)) = (top.first(), top.last()) {
        r.set("First", Object::Reference(ids[f]));
        r.set("Last", Object::Reference(ids[l]));
    }
    r.set("Count", Object::Integer(top.len() as i64));
    lo.objects.insert(root, Object::Dictionary(r));
    root
}
