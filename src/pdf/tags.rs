//! The structure tree and the metadata of a tagged PDF (PDF/UA-1): the layout's [`Structure`] as
//! structure elements whose kids are the pages' marked-content sequences and link annotations, the
//! parent tree that leads from content back to its element, and the XMP metadata that names the
//! document's title, language and conformance.
//!
//! The elements are written page by page: an element as soon as the page that holds the last of
//! its own content is written (its child elements are references, numbered in advance), so only
//! the content of elements that go on over the next page waits in memory. What the parent tree
//! needs is kept as compact records (the element of each marked-content sequence, of each link
//! annotation), and the tree is written after the last page.

use super::content::Marked;
use super::objects::{Syntax, Writer};
use super::structure::{NodeId, Role, Scope, Structure};
use crate::Result;
use std::collections::HashMap;

/// Where a kid begins: (page, item index, kind), the kind putting an element before content that
/// begins at the same place (it is that content's element).
type Place = (u32, u32, u8);

/// What an element holds besides its child elements: a page's marked-content sequence, or a link
/// annotation (its object number).
#[derive(Clone, Copy)]
enum Kid {
    Content { page: u32, mcid: u32 },
    Annotation { page: u32, id: u32 },
}

/// The structure tree being written beside the pages.
pub struct Tree<'s> {
    structure: &'s Structure,
    /// The tree's root (`/StructTreeRoot`), and the object number of element 0: element `n` is
    /// object `base + n`.
    pub root: u32,
    base: u32,
    /// Each element's child elements: `children[first[n]..first[n + 1]]`, in the order opened.
    first: Vec<u32>,
    children: Vec<NodeId>,
    /// The elements due after each page (their own content ends there), the same way; the last
    /// bucket holds the elements without content of their own, written at the end.
    due_first: Vec<u32>,
    due: Vec<NodeId>,
    /// The content of the elements not written yet.
    pending: HashMap<NodeId, Vec<(Place, Kid)>>,
    /// Each page's object number.
    pages: Vec<u32>,
    /// The parent tree's records: the element of each marked-content sequence, page after page
    /// (`mcids[starts[p]..starts[p + 1]]`), and of each link annotation with an element.
    mcids: Vec<NodeId>,
    starts: Vec<u32>,
    annotations: Vec<NodeId>,
    scratch: Vec<u8>,
}

/// Groups `items` (index, bucket) into buckets `0..n`: (starts, items in bucket order).
fn buckets(n: usize, items: impl Iterator<Item = (u32, usize)> + Clone) -> (Vec<u32>, Vec<u32>) {
    let mut first = vec![0u32; n + 1];
    for (_, b) in items.clone() {
        first[b + 1] += 1;
    }
    for i in 0..n {
        first[i + 1] += first[i];
    }
    let mut at = first.clone();
    let mut out = vec![0u32; first[n] as usize];
    for (item, b) in items {
        out[at[b] as usize] = item;
        at[b] += 1;
    }
    (first, out)
}

impl<'s> Tree<'s> {
    /// Numbers the root and the elements, and works out after which page each element is due:
    /// `last` is the page of each element's last content (`page_count` for none).
    pub fn new(
        w: &mut Writer,
        structure: &'s Structure,
        last: &[u32],
        page_count: usize,
    ) -> Tree<'s> {
        let nodes = &structure.nodes;
        let root = w.alloc();
        let base = w.alloc_many(nodes.len());
        let kids = nodes
            .iter()
            .enumerate()
            .skip(1)
            .map(|(n, node)| (n as u32, node.parent as usize));
        let (first, children) = buckets(nodes.len(), kids);
        let due = last
            .iter()
            .enumerate()
            .map(|(n, &p)| (n as u32, p as usize));
        let (due_first, due) = buckets(page_count + 1, due);
        Tree {
            structure,
            root,
            base,
            first,
            children,
            due_first,
            due,
            pending: HashMap::new(),
            pages: Vec::with_capacity(page_count),
            mcids: Vec::new(),
            starts: vec![0],
            annotations: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// The elements being written.
    pub fn structure(&self) -> &'s Structure {
        self.structure
    }

    /// The object number of an element.
    pub fn element(&self, node: NodeId) -> u32 {
        self.base + node
    }

    /// The parent-tree key of the next link annotation (`/StructParent`): the keys after the
    /// pages' (one a page).
    pub fn next_key(&self, page_count: usize) -> i64 {
        (page_count + self.annotations.len()) as i64
    }

    /// Records a link annotation of the page being written (its object number `id`, its link
    /// area's item `index`), whose element is `node`.
    pub fn annotation(&mut self, node: NodeId, page: usize, index: u32, id: u32) {
        let kid = Kid::Annotation {
            page: page as u32,
            id,
        };
        self.pending
            .entry(node)
            .or_default()
            .push(((page as u32, index, 2), kid));
        self.annotations.push(node);
    }

    /// Records a written page (object number `id`) and its marked-content sequences, then writes
    /// the elements whose content ends on it.
    pub fn page(&mut self, w: &mut Writer, id: u32, marked: &[Marked]) -> Result<()> {
        let page = self.pages.len() as u32;
        self.pages.push(id);
        for (mcid, m) in marked.iter().enumerate() {
            let kid = Kid::Content {
                page,
                mcid: mcid as u32,
            };
            self.pending
                .entry(m.node)
                .or_default()
                .push(((page, m.first, 1), kid));
            self.mcids.push(m.node);
        }
        self.starts.push(self.mcids.len() as u32);
        self.write_due(w, page as usize)
    }

    fn write_due(&mut self, w: &mut Writer, bucket: usize) -> Result<()> {
        let (from, to) = (self.due_first[bucket], self.due_first[bucket + 1]);
        for i in from..to {
            let n = self.due[i as usize];
            self.write_element(w, n)?;
        }
        Ok(())
    }

    /// Writes the elements without content, the parent tree and the root.
    pub fn finish(mut self, w: &mut Writer) -> Result<()> {
        let pages = self.pages.len();
        self.write_due(w, pages)?;
        let mut b = std::mem::take(&mut self.scratch);
        b.clear();
        // The parent tree: for each page (key = page number) the element of each MCID, then for
        // each annotation (keys after the pages) its element.
        b.raw("<</Nums [");
        for p in 0..pages {
            b.int(p as i64).raw("[");
            let (from, to) = (self.starts[p] as usize, self.starts[p + 1] as usize);
            for &n in &self.mcids[from..to] {
                b.reference(self.element(n));
            }
            b.raw("] ");
        }
        for (k, &n) in self.annotations.iter().enumerate() {
            b.int((pages + k) as i64).reference(self.element(n));
        }
        b.raw("]>>");
        let parent_tree = w.alloc();
        w.object(parent_tree, &b)?;
        b.clear();
        b.raw("<</Type /StructTreeRoot /K ")
            .reference(self.element(0))
            .raw("/ParentTree ")
            .reference(parent_tree)
            .raw("/ParentTreeNextKey ")
            .int((pages + self.annotations.len()) as i64)
            .raw(">>");
        w.object(self.root, &b)
    }

    /// Writes an element: its type, parent, page, kids in reading order and attributes.
    fn write_element(&mut self, w: &mut Writer, n: NodeId) -> Result<()> {
        let node = &self.structure.nodes[n as usize];
        let (from, to) = (self.first[n as usize], self.first[n as usize + 1]);
        let mut kids: Vec<(Place, Option<Kid>)> = self.children[from as usize..to as usize]
            .iter()
            .map(|&c| {
                let at = self.structure.nodes[c as usize].at;
                ((at.0, at.1, 0), None)
            })
            .collect();
        let own = self.pending.remove(&n).unwrap_or_default();
        kids.extend(own.into_iter().map(|(place, k)| (place, Some(k))));
        // A stable sort: elements opened at the same place stay in the order they were opened.
        kids.sort_by_key(|(place, _)| *place);
        let mut child = self.children[from as usize..to as usize].iter();
        let mut b = std::mem::take(&mut self.scratch);
        b.clear();
        // No `/Type /StructElem`: it is optional, and the elements are many.
        let role = self.structure.role(n).expect("an element");
        b.raw("<</S /").raw(role.name()).raw(" /P ");
        b.reference(if n == 0 {
            self.root
        } else {
            self.element(node.parent)
        });
        // The element's page: that of its first content, so that most of its MCIDs can be
        // written as bare numbers.
        let home = kids.iter().find_map(|(_, k)| match k {
            Some(Kid::Content { page, .. }) => Some(*page),
            _ => None,
        });
        if let Some(p) = home {
            b.raw("/Pg ").reference(self.pages[p as usize]);
        }
        // One kid stands alone (an array of one says the same, in more bytes, and some
        // checkers read a heading's content only from a lone kid).
        match kids.len() {
            0 => {}
            1 => {
                b.raw("/K ");
            }
            _ => {
                b.raw("/K [");
            }
        }
        for (_, kid) in &kids {
            match kid {
                // Element kids come in the order opened (the sort is stable), as `children`.
                None => {
                    let c = *child.next().expect("a child element for each element kid");
                    b.reference(self.element(c));
                }
                Some(Kid::Content { page, mcid }) if Some(*page) == home => {
                    b.int(i64::from(*mcid));
                }
                Some(Kid::Content { page, mcid }) => {
                    b.raw("<</Type /MCR /Pg ")
                        .reference(self.pages[*page as usize])
                        .raw("/MCID ")
                        .int(i64::from(*mcid))
                        .raw(">> ");
                }
                Some(Kid::Annotation { page, id }) => {
                    b.raw("<</Type /OBJR /Pg ")
                        .reference(self.pages[*page as usize])
                        .raw("/Obj ")
                        .reference(*id)
                        .raw(">> ");
                }
            }
        }
        if kids.len() > 1 {
            b.raw("] ");
        }
        attributes(&mut b, &role);
        b.raw(">>");
        w.object(self.element(n), &b)?;
        self.scratch = b;
        Ok(())
    }
}

/// What an element carries besides its type: a header cell's scope, a cell's column span, a
/// chart's text alternative, a span's language.
fn attributes(b: &mut Vec<u8>, role: &Role) {
    let table = |b: &mut Vec<u8>, scope: Option<Scope>, colspan: usize| {
        b.raw("/A <</O /Table ");
        if let Some(s) = scope {
            b.raw(match s {
                Scope::Column => "/Scope /Column ",
                Scope::Row => "/Scope /Row ",
            });
        }
        if colspan > 1 {
            b.raw("/ColSpan ").int(colspan as i64);
        }
        b.raw(">> ");
    };
    match role {
        Role::TH { scope, colspan } => table(b, Some(*scope), *colspan),
        Role::TD { colspan } if *colspan > 1 => table(b, None, *colspan),
        Role::Figure { alt } => {
            b.raw("/Alt ").text(alt);
        }
        Role::Span { lang } => {
            b.raw("/Lang ").text(lang);
        }
        _ => {}
    }
}

/// What the XMP metadata says of the document.
pub struct Xmp<'a> {
    pub title: &'a str,
    pub lang: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub producer: &'a str,
    /// `YYYY-MM-DDThh:mm:ss+09:00`.
    pub date: &'a str,
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The XMP metadata stream: the title, language, author, subject and dates of the document
/// information dictionary, and the claim of PDF/UA-1 (`pdfuaid:part`). Left uncompressed, as
/// XMP is meant to be readable by tools that do not parse PDF.
pub fn metadata(x: &Xmp<'_>) -> String {
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<pdf:Producer>{producer}</pdf:Producer>
<xmp:CreatorTool>tenkai</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        bom = '\u{feff}',
        title = xml(x.title),
        lang = xml(x.lang),
        author = xml(x.author),
        subject = xml(x.subject),
        producer = xml(x.producer),
        date = xml(x.date),
    )
}
