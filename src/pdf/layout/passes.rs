//! The layout's pass over a document: one that keeps every page as it is ([`layout`], for tests
//! and tools), and the PDF writer's, which counts the pages and keeps them until the count is
//! known ([`count`]), then hands each over with its `n / N` footer ([`Laid`]; see [`crate::pdf`]).

use super::*;

/// Lays out a document, giving each page to `done` as it is finished (with its number, before its
/// running header and footer): the document's outline and its elements.
fn run(
    doc: &Doc,
    m: &dyn Measure,
    style: &PageStyle,
    done: &mut dyn FnMut(usize, Page),
) -> Result<(Vec<OutlineEntry>, Structure), LayoutError> {
    let mut e = Engine {
        m,
        style,
        page: Page::default(),
        index: 0,
        done,
        y: style.margin.0,
        outline: Vec::new(),
        widths: Widths::default(),
        kept: cells::Kept::default(),
        structure: Structure::default(),
        current: 0,
        artifact: false,
        inline: Vec::new(),
    };
    let st = body_style(style);
    let (w, x) = (style.content_width(), style.margin.3);
    e.blocks(&doc.blocks, st, w, x)?;
    let last = std::mem::take(&mut e.page);
    (e.done)(e.index, last);
    Ok((e.outline, e.structure))
}

/// Lays out a document on pages, all of them kept (for a small document, tests and tools; the
/// PDF writer takes the pages one by one: [`count`]).
pub fn layout(doc: &Document, m: &dyn Measure, style: &PageStyle) -> Result<Layout, LayoutError> {
    layout_doc(&Doc::of(doc.clone()), m, style)
}

/// [`layout`] of the layout's document.
pub fn layout_doc(doc: &Doc, m: &dyn Measure, style: &PageStyle) -> Result<Layout, LayoutError> {
    let mut pages = Vec::new();
    let (outline, structure) = run(doc, m, style, &mut |_, p| pages.push(p))?;
    drop_trailing_empty(&mut pages);
    let n = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        paginate(page, i, n, m, style);
    }
    Ok(Layout {
        pages,
        outline,
        structure,
    })
}

/// Drops trailing empty pages (a page break at the very end), but the first.
fn drop_trailing_empty(pages: &mut Vec<Page>) {
    while pages.len() > 1 && pages.last().is_some_and(|p| p.items.is_empty()) {
        pages.pop();
    }
}

/// What the PDF writer needs to know before it writes the first page: the page count for the
/// `n / N` footers, the elements and the page of each one's last content to number and write the
/// structure tree as it goes, the characters each face draws to cut the fonts.
pub struct Counted {
    /// The pages, but trailing empty ones (a page break at the very end).
    pub pages: usize,
    pub structure: Structure,
    /// The page of each element's last content (the page count for an element without any).
    pub last: Vec<u32>,
    /// The characters the pages draw with each face (`[regular, bold, mono]`), sorted.
    pub chars: [Vec<char>; Face::COUNT],
    pub outline: Vec<OutlineEntry>,
}

/// Lays out a document and counts its pages (see [`Counted`]); the pages are kept until the
/// count is known ([`Laid`]).
pub fn count(
    doc: &Doc,
    m: &dyn Measure,
    style: &PageStyle,
) -> Result<(Counted, Laid), LayoutError> {
    let mut used: [CharSet; Face::COUNT] = Default::default();
    let mut last: Vec<u32> = Vec::new();
    let mut laid = Vec::new();
    let (outline, structure) = run(doc, m, style, &mut |i, p| {
        for (item, &mark) in p.items.iter().zip(&p.marks) {
            if let Item::Text { text, face, .. } = item {
                used[face.index()].add(text);
            }
            if mark < PAGINATION {
                if last.len() <= mark as usize {
                    last.resize(mark as usize + 1, u32::MAX);
                }
                last[mark as usize] = i as u32;
            }
        }
        // Kept without the room left for more items.
        laid.push(Page {
            items: p.items.into_boxed_slice().into_vec(),
            marks: p.marks.into_boxed_slice().into_vec(),
        });
    })?;
    drop_trailing_empty(&mut laid);
    let pages = laid.len();
    last.resize(structure.nodes.len(), u32::MAX);
    for l in last.iter_mut().filter(|l| **l == u32::MAX) {
        *l = pages as u32;
    }
    // The running headers, page numbers and marks that [`Laid::paginated`] adds.
    for i in 0..pages {
        let mut p = Page::default();
        paginate(&mut p, i, pages, m, style);
        for item in &p.items {
            if let Item::Text { text, face, .. } = item {
                used[face.index()].add(text);
            }
        }
    }
    let counted = Counted {
        pages,
        structure,
        last,
        chars: used.map(CharSet::into_sorted),
        outline,
    };
    Ok((counted, Laid { pages: laid }))
}

/// The pages [`count`] laid out, kept until the page count is known.
pub struct Laid {
    pages: Vec<Page>,
}

impl Laid {
    /// Page `i` (from 0) as it is drawn, with its running header and footer.
    pub fn page(&self, i: usize, m: &dyn Measure, style: &PageStyle) -> Option<Page> {
        let mut page = self.pages.get(i)?.clone();
        paginate(&mut page, i, self.pages.len(), m, style);
        Some(page)
    }

    /// Hands each page over in order, with its running header and footer; each leaves memory as
    /// it is handed over.
    pub fn paginated(self, m: &dyn Measure, style: &PageStyle, each: &mut dyn FnMut(Page)) {
        let n = self.pages.len();
        for (i, mut page) in self.pages.into_iter().enumerate() {
            paginate(&mut page, i, n, m, style);
            each(page);
        }
    }
}
