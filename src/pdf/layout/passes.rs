//! The layout's passes over a document: one that keeps every page ([`layout`], for tests and
//! tools), and the PDF writer's two, the first counting the pages ([`count`]) and the second
//! handing each page over as soon as it is finished ([`replay`]; see [`crate::pdf`]).

use super::*;

/// What the layout keeps from one pass over a document to the next over the same document: the
/// tables' column widths and the cells' measurements, which come out the same.
#[derive(Default)]
pub(super) struct Memo {
    pub(super) widths: Widths,
    /// Table cells' measurements, kept for the cells that look the same.
    pub(super) kept: cells::Kept,
}

/// Lays out a document, giving each page to `done` as it is finished (with its number, before its
/// running header and footer): the document's outline, and its elements when they were recorded.
fn run<'a>(
    doc: &Doc,
    m: &'a dyn Measure,
    style: &'a PageStyle,
    memo: &'a Memo,
    structure: Elements<'a>,
    done: &'a mut dyn FnMut(usize, Page),
) -> Result<(Vec<OutlineEntry>, Option<Structure>), LayoutError> {
    let mut e = Engine {
        m,
        style,
        page: Page::default(),
        index: 0,
        done,
        y: style.margin.0,
        outline: Vec::new(),
        widths: &memo.widths,
        kept: &memo.kept,
        structure,
        current: 0,
        artifact: false,
        inline: Vec::new(),
    };
    let st = body_style(style);
    let (w, x) = (style.content_width(), style.margin.3);
    e.blocks(&doc.blocks, st, w, x)?;
    let last = std::mem::take(&mut e.page);
    (e.done)(e.index, last);
    let recorded = match e.structure {
        Elements::Record(s) => Some(s),
        Elements::Replay { .. } => None,
    };
    Ok((e.outline, recorded))
}

/// Lays out a document on pages, all of them kept (for a small document, tests and tools; the
/// PDF writer takes the pages one by one: [`count`], [`replay`]).
pub fn layout(doc: &Document, m: &dyn Measure, style: &PageStyle) -> Result<Layout, LayoutError> {
    layout_doc(&Doc::of(doc.clone()), m, style)
}

/// [`layout`] of the layout's document.
pub fn layout_doc(doc: &Doc, m: &dyn Measure, style: &PageStyle) -> Result<Layout, LayoutError> {
    let memo = Memo::default();
    let mut pages = Vec::new();
    let (outline, structure) = run(
        doc,
        m,
        style,
        &memo,
        Elements::Record(Structure::default()),
        &mut |_, p| pages.push(p),
    )?;
    // Drop a trailing empty page (a page break at the very end).
    while pages.len() > 1 && pages.last().is_some_and(|p: &Page| p.items.is_empty()) {
        pages.pop();
    }
    let n = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        paginate(page, i, n, m, style);
    }
    let structure = structure.expect("a first pass records its elements");
    Ok(Layout {
        pages,
        outline,
        structure,
    })
}

/// The first of the PDF writer's two passes over a document: what it needs to know before it
/// writes the first page (the page count for the `n / N` footers, the elements and the page of
/// each one's last content to number and write the structure tree as it goes, the characters
/// each face draws to cut the fonts), with nothing kept of the pages themselves.
pub struct Counted {
    /// The pages, but trailing empty ones (a page break at the very end).
    pub pages: usize,
    pub structure: Structure,
    /// The page of each element's last content (the page count for an element without any).
    pub last: Vec<u32>,
    /// The characters the pages draw with each face (`[regular, bold, mono]`), sorted.
    pub chars: [Vec<char>; Face::COUNT],
    pub outline: Vec<OutlineEntry>,
    memo: Memo,
}

/// Lays out a document and counts its pages: see [`Counted`].
pub fn count(doc: &Doc, m: &dyn Measure, style: &PageStyle) -> Result<Counted, LayoutError> {
    let memo = Memo::default();
    let mut used: [CharSet; Face::COUNT] = Default::default();
    let mut last: Vec<u32> = Vec::new();
    let mut pages = 1;
    let (outline, structure) = run(
        doc,
        m,
        style,
        &memo,
        Elements::Record(Structure::default()),
        &mut |i, p| {
            if !p.items.is_empty() {
                pages = i + 1;
            }
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
        },
    )?;
    let structure = structure.expect("a first pass records its elements");
    last.resize(structure.nodes.len(), u32::MAX);
    for l in last.iter_mut().filter(|l| **l == u32::MAX) {
        *l = pages as u32;
    }
    // The running headers, page numbers and marks that the second pass adds.
    for i in 0..pages {
        let mut p = Page::default();
        paginate(&mut p, i, pages, m, style);
        for item in &p.items {
            if let Item::Text { text, face, .. } = item {
                used[face.index()].add(text);
            }
        }
    }
    Ok(Counted {
        pages,
        structure,
        last,
        chars: used.map(CharSet::into_sorted),
        outline,
        memo,
    })
}

/// The second pass over the document [`count`] counted: each page laid out again, given its
/// running header and footer, and handed to `each` as soon as it is finished, in order.
pub fn replay(
    doc: &Doc,
    m: &dyn Measure,
    style: &PageStyle,
    counted: &Counted,
    each: &mut dyn FnMut(Page),
) -> Result<(), LayoutError> {
    let n = counted.pages;
    let replay = Elements::Replay {
        of: &counted.structure,
        next: 1,
    };
    let mut done = |i: usize, mut p: Page| {
        if i < n {
            paginate(&mut p, i, n, m, style);
            each(p);
        }
    };
    run(doc, m, style, &counted.memo, replay, &mut done)?;
    Ok(())
}
