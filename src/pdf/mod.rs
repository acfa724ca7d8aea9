//! The PDF writer: the same report markup as the HTML, laid out on A4 by tenkai itself (no browser)
//! with the fonts shipped in `reports/fonts` (Noto Sans JP regular and bold; DejaVu Sans Mono for
//! code, with Noto Sans JP for the Japanese inside it), embedded as subsets.
//!
//! What printpdf makes and what tenkai writes:
//! - printpdf makes each font's ToUnicode CMap ([`printpdf::cmap::ToUnicodeCMap`]), the map from
//!   glyph codes back to text that decides what a reader extracts, searches and reads aloud: a
//!   self-contained piece of PostScript syntax that printpdf writes correctly and tenkai has no
//!   reason to write again.
//! - tenkai writes everything else, as bytes, in one pass ([`objects`]): the pages' content
//!   streams ([`content`]), the page objects and link annotations ([`mod@write`]), the structure
//!   tree ([`tags`]), the outline, the metadata, and the font objects around the subset and its
//!   ToUnicode map ([`embed`]). printpdf builds a whole document in memory (its pages as lists
//!   of operations, then a lopdf object per dictionary, renumbered and serialised at the end):
//!   at 1000× that is 280,000 structure elements held as dictionaries and several hundred MiB.
//!   Written by tenkai, each object is numbered once, written as soon as it is known (small
//!   ones packed into compressed object streams), and forgotten but for its place in the
//!   cross-reference stream; the font objects are written from the subset's plan and its
//!   program once it is cut, with no stand-in to replace.
//!
//! The `n / N` page footers: the layout runs once over the document ([`layout::count`]), and
//! keeps each page's items as it is finished ([`layout::Laid`]) until the page count is known,
//! with what the writer must know before it writes the first page: the page count (for the
//! footers), the structure elements as compact records (20 bytes each) with the page of each
//! one's last content (each element is written once that page is), and the characters each
//! face draws (to check the subset planned from the markup). Then each page is given its running
//! header and footer and handed to the writer ([`write::Out`]), which writes its content stream,
//! annotations, page object and the elements due, and drops it. A placeholder for `N` filled in
//! at the end would not need the pages kept, but the content streams are compressed page by page
//! and the objects are numbered in the order they are written, with the elements before the
//! pages: both need the whole layout first. The pages are kept as items (at 1000×, 731 pages of
//! 290,000 items, some 25 MB), not as content streams, which are about as large and depend on
//! the fonts' subsets; the document is freed once they are laid out.
//!
//! The document is the layout's own ([`layout::Doc`]): the markup's blocks, each table's rows
//! kept compact (a cell's text in one buffer of its table's, a small record beside it). A report
//! is read into it as its template writes the markup ([`layout::Reader`]), a block or a row of a
//! top-level table at a time, so that the markup text and a tree of markup cells for the annex's
//! rows are never in memory: the rows are kept until the table is laid out, as the column widths
//! need every row before the first is drawn, and kept compact they cost a fraction of the context.

mod content;
mod copies;
mod embed;
pub mod fonts;
pub mod layout;
mod objects;
mod outline;
pub mod structure;
mod tags;
mod write;

use crate::markup::Document;
use crate::{Error, Result};
use fonts::{CharSet, Fonts};
use layout::{Face, Measure, PageStyle};
use std::path::Path;

/// The fonts as the layout measures them, with the characters of each face already known to have
/// a glyph: the layout's check for a missing glyph, run on every piece of text it wraps, then
/// looks up only the others.
struct Checked<'f> {
    fonts: &'f Fonts,
    drawable: [CharSet; Face::COUNT],
    /// Each face's advance (in font units, plus one; 0 for not known here) of the characters of
    /// the basic multilingual plane listed for it: the layout measures every piece of text it
    /// wraps, and a table read costs less than the font's shared cache.
    advances: [Vec<u16>; Face::COUNT],
}

impl<'f> Checked<'f> {
    /// `chars`: the characters of each face (regular, bold, mono), as [`layout::faces`] lists
    /// them.
    fn new(fonts: &'f Fonts, chars: &[Vec<char>; Face::COUNT]) -> Checked<'f> {
        let drawable = [Face::Regular, Face::Bold, Face::Mono].map(|face| {
            let f = fonts.get(face);
            f.learn(&chars[face.index()]);
            let mut set = CharSet::default();
            for &c in chars[face.index()].iter().filter(|&&c| f.draws(c)) {
                set.insert(c);
            }
            set
        });
        let advances = [Face::Regular, Face::Bold, Face::Mono].map(|face| {
            let f = fonts.get(face);
            let mut table = Vec::new();
            for &c in chars[face.index()]
                .iter()
                .filter(|&&c| (c as u32) < 0x10000)
            {
                let adv = f.glyph(c).map_or(0, |(_, adv)| adv);
                if let Some(entry) = adv.checked_add(1) {
                    if table.is_empty() {
                        table = vec![0u16; 0x10000];
                    }
                    table[c as usize] = entry;
                }
            }
            table
        });
        Checked {
            fonts,
            drawable,
            advances,
        }
    }
}

impl Measure for Checked<'_> {
    fn width(&self, text: &str, size: f64, face: Face) -> f64 {
        let (table, f) = (&self.advances[face.index()], self.fonts.get(face));
        if table.is_empty() {
            return f.width(text, size);
        }
        // As [`fonts::Font::width`] adds them: font units, characters without a glyph as zero.
        let mut units = 0u32;
        for c in text.chars() {
            match table.get(c as usize).copied().unwrap_or(0) {
                0 => units += f.glyph(c).map_or(0, |(_, adv)| u32::from(adv)),
                entry => units += u32::from(entry - 1),
            }
        }
        units as f64 * size / f.units_per_em
    }
    fn missing(&self, text: &str, face: Face) -> Option<char> {
        let (known, f) = (&self.drawable[face.index()], self.fonts.get(face));
        text.chars()
            .find(|&c| !c.is_control() && !known.contains(c) && !f.draws(c))
    }
}

/// The fonts as the layout measures them, with no characters known in advance: for laying out a
/// document outside a render (tests, tools).
pub fn measure(fonts: &Fonts) -> impl Measure + '_ {
    Checked::new(fonts, &Default::default())
}

/// The PDF date of the report (its CreationDate and ModDate): the moment of the record it was
/// made from (`known_at`, UTC, RFC 3339), in Tokyo time. Deterministic, and true: the export was
/// made from what was known then, never from the clock of the machine that wrote the file.
fn pdf_date(known_at: &str) -> Result<String> {
    let t = chrono::DateTime::parse_from_rfc3339(known_at)
        .map_err(|e| Error::Layout(format!("the moment {known_at} is not a time: {e}")))?;
    let tokyo = chrono::FixedOffset::east_opt(9 * 3600).expect("a valid offset");
    Ok(t.with_timezone(&tokyo)
        .format("D:%Y%m%d%H%M%S+09'00'")
        .to_string())
}

/// What the PDF writer needs besides the document, built by the render step from the report's
/// definition and context (as the HTML writer takes [`crate::html::Page`]).
pub struct Options<'a> {
    /// The folder whose `fonts/` holds the faces to embed.
    pub reports: &'a Path,
    /// The document's title and running header: the report's title and its period's label.
    pub title: &'a str,
    pub period_label: &'a str,
    pub subject: &'a str,
    pub author: &'a str,
    /// The document language (`ja`, `en`).
    pub lang: &'a str,
    /// The moment of the record the report was made from (UTC, RFC 3339): the document's date.
    pub known_at: &'a str,
    /// Whether pages carry the running header and the `n / N` footer.
    pub header: bool,
    pub footer: bool,
    /// The most pages the document may take.
    pub max_pages: Option<usize>,
    /// The body text's size in points, when not the page style's.
    pub font_size: Option<f64>,
    /// Where the report comes from, for messages: its name, its definition file and template.
    pub report: &'a str,
    pub definition: &'a Path,
    pub template: &'a str,
    /// A mark every page carries, as a pagination artifact (a draft's 「案」 / DRAFT).
    pub mark: Option<&'a str>,
}

/// Renders a parsed report to PDF bytes: see [`render_doc`].
pub fn render(doc: Document, opts: &Options<'_>) -> Result<Vec<u8>> {
    render_doc(layout::Doc::of(doc), opts)
}

/// Renders a report's document to PDF bytes (see the module's documentation). The fonts are cut
/// on a second thread while the pages are laid out and written; the document is freed, on a
/// third, once the pages are laid out.
pub fn render_doc(doc: layout::Doc, opts: &Options<'_>) -> Result<Vec<u8>> {
    let mut phases = crate::profile::Phases::start();
    let fonts = Fonts::load(opts.reports)?;
    phases.done("fonts");
    let style = page_style(opts)?;
    let guess = layout::faces(&doc, &style);
    let checked = Checked::new(&fonts, &guess);
    let plans = write::plans(&fonts, &guess);
    phases.done("font plan");
    let layout_error = |e: layout::LayoutError| {
        Error::Layout(format!(
            "report {} ({}): {}",
            opts.report,
            opts.definition.display(),
            e.0
        ))
    };
    std::thread::scope(|s| {
        let cut = crate::parallel::spawn(s, "tenkai-fonts", || write::programs(&fonts, &plans));
        let (counted, laid) = layout::count(&doc, &checked, &style).map_err(layout_error)?;
        // The markup is freed beside the writing (a large report's is many thousand blocks).
        let _freed = crate::parallel::spawn(s, "tenkai-free", move || drop(doc));
        phases.done("layout: pages counted");
        if let Some(max) = opts.max_pages {
            if counted.pages > max {
                return Err(Error::Layout(format!(
                    "report {} must fit {max} page(s) in the PDF (pdf.max_pages in {}), but it takes {}: {}. Shorten that part (in the template {}, or the recorded text it prints), or raise pdf.max_pages.",
                    opts.report,
                    opts.definition.display(),
                    counted.pages,
                    overflow(&laid, &counted.outline, &checked, &style, max),
                    opts.template
                )));
            }
        }
        let mut replanned = None;
        let programs = Box::new(move || cut.join());
        let (plans, programs) =
            write::settle(&fonts, &plans, &counted.chars, programs, &mut replanned);
        phases.done("subset plan");
        let (width, height) = (style.width, style.height);
        let mut out = write::Out::new(
            &counted.structure,
            &counted.last,
            counted.pages,
            plans,
            width,
            height,
        )?;
        let mut failed = None;
        laid.paginated(&checked, &style, &mut |page| {
            if failed.is_none() {
                failed = out.page(&page).err();
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        phases.done("pages written");
        let meta = write::Meta {
            title: &format!("{} {}", opts.title, opts.period_label),
            subject: opts.subject,
            author: opts.author,
            lang: opts.lang,
            date: pdf_date(opts.known_at)?,
        };
        out.finish(&counted.outline, &fonts, programs(), &meta)
    })
}

/// The pages' look: A4 with the running header and footer, the draft's mark, and the body text's
/// size when the definition gives one.
fn page_style(opts: &Options<'_>) -> Result<PageStyle> {
    let header = opts
        .header
        .then(|| (opts.title.to_string(), opts.period_label.to_string()));
    let mut style = PageStyle::a4(header, opts.footer).in_lang(opts.lang);
    style.mark = opts.mark.map(str::to_string);
    if let Some(size) = opts.font_size {
        if !(5.0..=24.0).contains(&size) {
            return Err(Error::Layout(format!(
                "report {}: pdf.font_size in {} is {size}; give the body text's size in points, from 5 to 24.",
                opts.report,
                opts.definition.display()
            )));
        }
        style.base_size = size;
    }
    Ok(style)
}

/// What begins the first page past the limit, and under which heading (page numbers from 1).
fn overflow(
    laid: &layout::Laid,
    outline: &[layout::OutlineEntry],
    checked: &Checked,
    style: &PageStyle,
    max: usize,
) -> String {
    let Some(page) = laid.page(max, checked, style) else {
        return String::new();
    };
    let words: Vec<&str> = page
        .items
        .iter()
        .zip(&page.marks)
        .filter(|(_, m)| **m != structure::ARTIFACT)
        .filter_map(|(i, _)| match i {
            layout::Item::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let text = words.join(" ");
    let mut start: String = text.chars().take(80).collect();
    if text.chars().count() > 80 {
        start.push('…');
    }
    let under = outline.iter().rfind(|h| h.page < max);
    let under = under.map_or_else(String::new, |h| {
        format!(" (under the heading “{}”)", h.title)
    });
    format!("page {} begins with “{start}”{under}", max + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checked_fonts_still_find_a_missing_glyph_listed_or_not() {
        let fonts = Fonts::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("reports")).unwrap();
        let checked = Checked::new(&fonts, &[vec!['拠', '点', '\u{e000}'], vec![], vec![]]);
        assert_eq!(checked.missing("拠点", Face::Regular), None);
        assert_eq!(
            checked.missing("拠\u{e000}点", Face::Regular),
            Some('\u{e000}')
        );
        // Not in the list (a wrong guess): looked up all the same.
        assert_eq!(
            checked.missing("医療\u{e001}", Face::Regular),
            Some('\u{e001}')
        );
        assert_eq!(
            checked.missing("医療\u{e001}", Face::Bold),
            Some('\u{e001}')
        );
        assert_eq!(checked.missing("SELECT", Face::Mono), None);
    }

    #[test]
    fn the_table_of_advances_measures_as_the_font_does() {
        let fonts = Fonts::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("reports")).unwrap();
        let listed = vec![' ', 'A', '拠', '点', '\u{e000}', '😀'];
        let checked = Checked::new(&fonts, &[listed, vec![], vec!['S']]);
        for text in ["拠点A 拠点", "医療 (not listed)", "拠\u{e000}点😀", ""] {
            for (face, size) in [(Face::Regular, 9.5), (Face::Bold, 7.79), (Face::Mono, 8.0)] {
                let font = fonts.get(face).width(text, size);
                assert_eq!(checked.width(text, size, face).to_bits(), font.to_bits());
            }
        }
        assert!(!checked.advances[Face::Regular.index()].is_empty());
        assert!(checked.advances[Face::Bold.index()].is_empty());
    }

    #[test]
    fn a_wrong_guess_of_the_characters_costs_time_not_text() {
        let fonts = Fonts::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("reports")).unwrap();
        let doc = crate::markup::parse(
            "<h1>見出し</h1><p>本文の<strong>段落</strong>。<code>SELECT '拠点'</code></p>",
        )
        .unwrap();
        let style = PageStyle::a4(Some(("表題".into(), "期間".into())), false);
        let laid =
            layout::layout(&doc, &Checked::new(&fonts, &Default::default()), &style).unwrap();
        let meta = write::Meta {
            title: "表題",
            subject: "",
            author: "",
            lang: "ja",
            date: pdf_date("2018-04-10T00:00:00Z").unwrap(),
        };
        let render = |guess| {
            let plans = write::plans(&fonts, &guess);
            let programs = || write::programs(&fonts, &plans);
            write::write(
                &laid,
                &fonts,
                &plans,
                programs,
                style.width,
                style.height,
                &meta,
            )
            .unwrap()
        };
        let right = render(layout::faces(&layout::Doc::of(doc.clone()), &style));
        // Too few characters for either face: the fonts are cut again for the pages.
        let wrong = render([vec!['本'], vec![], vec![]]);
        assert_eq!(right, wrong);
    }
}
