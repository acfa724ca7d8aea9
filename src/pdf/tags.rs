//! The structure tree and the metadata of a tagged PDF (PDF/UA-1): the layout's [`Structure`] as
//! structure elements whose kids are the pages' marked-content sequences and link annotations, the
//! parent tree that leads from content back to its element, and the XMP metadata that names the
//! document's title, language and conformance.

use super::content::Marked;
use super::structure::{NodeId, Role, Scope, Structure};
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

/// A link annotation placed on a page, and the element (a `Link`) of the text it covers.
pub struct Annotation {
    pub id: ObjectId,
    pub node: NodeId,
    /// The index of its link area among the page's items: orders it among the link's content.
    pub index: u32,
}

/// Where a kid begins: (page, item index, kind), the kind putting an element before content that
/// begins at the same place (it is that content's element).
type Place = (u32, u32, u8);

/// What an element holds, in reading order.
enum Kid {
    Element(NodeId),
    Content { page: usize, mcid: usize },
    Annotation { page: usize, id: ObjectId },
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// Adds the structure tree to the document and returns its root, to be set in the catalog as
/// `/StructTreeRoot`. `marked` holds each page's marked-content sequences (MCID order) and
/// `annotations` each page's link annotations; every page gets its `/StructParents`, and every
/// annotation its `/StructParent`.
pub fn structure_tree(
    lo: &mut lopdf::Document,
    structure: &Structure,
    marked: &[Vec<Marked>],
    annotations: &[Vec<Annotation>],
    pages: &[ObjectId],
    text: impl Fn(&str) -> Object,
) -> ObjectId {
    let root = lo.new_object_id();
    let ids: Vec<ObjectId> = structure.nodes.iter().map(|_| lo.new_object_id()).collect();
    // Each element's kids, with where each begins.
    let mut kids: Vec<Vec<(Place, Kid)>> = structure.nodes.iter().map(|_| Vec::new()).collect();
    for (n, node) in structure.nodes.iter().enumerate().skip(1) {
        let key = (node.at.0, node.at.1, 0);
        kids[node.parent as usize].push((key, Kid::Element(n as NodeId)));
    }
    for (page, seqs) in marked.iter().enumerate() {
        for (mcid, m) in seqs.iter().enumerate() {
            let key = (page as u32, m.first, 1);
            kids[m.node as usize].push((key, Kid::Content { page, mcid }));
        }
    }
    for (page, annots) in annotations.iter().enumerate() {
        for a in annots {
            let key = (page as u32, a.index, 2);
            kids[a.node as usize].push((key, Kid::Annotation { page, id: a.id }));
        }
    }
    for k in &mut kids {
        // A stable sort: elements opened at the same place stay in the order they were opened.
        k.sort_by_key(|(key, _)| *key);
    }

    // The parent tree: for each page (key = page number) the element of each MCID, then for
    // each annotation (keys after the pages) its element.
    let mut nums = Vec::new();
    for (page, seqs) in marked.iter().enumerate() {
        let elements = seqs
            .iter()
            .map(|m| Object::Reference(ids[m.node as usize]))
            .collect();
        nums.push(Object::Integer(page as i64));
        nums.push(Object::Array(elements));
        if let Ok(Object::Dictionary(d)) = lo.get_object_mut(pages[page]) {
            d.set("StructParents", Object::Integer(page as i64));
        }
    }
    let mut next_key = marked.len() as i64;
    for (page, annots) in annotations.iter().enumerate() {
        for a in annots {
            nums.push(Object::Integer(next_key));
            nums.push(Object::Reference(ids[a.node as usize]));
            if let Ok(Object::Dictionary(d)) = lo.get_object_mut(a.id) {
                d.set("StructParent", Object::Integer(next_key));
            }
            next_key += 1;
        }
        if !annots.is_empty() {
            // Tab order follows the structure on a page with annotations.
            if let Ok(Object::Dictionary(d)) = lo.get_object_mut(pages[page]) {
                d.set("Tabs", name("S"));
            }
        }
    }
    let parent_tree = lo.add_object(Dictionary::from_iter(vec![("Nums", Object::Array(nums))]));

    for (n, node) in structure.nodes.iter().enumerate() {
        let mut d = Dictionary::new();
        // No `/Type /StructElem`: it is optional, and the elements are many.

        d.set("S", name(&node.role.name()));
        d.set(
            "P",
            Object::Reference(if n == 0 {
                root
            } else {
                ids[node.parent as usize]
            }),
        );
        // The element's page: that of its first content, so that most of its MCIDs can be
        // written as bare numbers.
        let home = kids[n].iter().find_map(|(_, k)| match k {
            Kid::Content { page, .. } => Some(*page),
            _ => None,
        });
        if let Some(p) = home {
            d.set("Pg", Object::Reference(pages[p]));
        }
        let mut k: Vec<Object> = kids[n]
            .iter()
            .map(|(_, kid)| match kid {
                Kid::Element(c) => Object::Reference(ids[*c as usize]),
                Kid::Content { page, mcid } if Some(*page) == home => Object::Integer(*mcid as i64),
                Kid::Content { page, mcid } => Object::Dictionary(Dictionary::from_iter(vec![
                    ("Type", name("MCR")),
                    ("Pg", Object::Reference(pages[*page])),
                    ("MCID", Object::Integer(*mcid as i64)),
                ])),
                Kid::Annotation { page, id } => Object::Dictionary(Dictionary::from_iter(vec![
                    ("Type", name("OBJR")),
                    ("Pg", Object::Reference(pages[*page])),
                    ("Obj", Object::Reference(*id)),
                ])),
            })
            .collect();
        // One kid stands alone (an array of one says the same, in more bytes, and some
        // checkers read a heading's content only from a lone kid).
        match k.len() {
            0 => {}
            1 => d.set("K", k.pop().expect("one kid")),
            _ => d.set("K", Object::Array(k)),
        }
        attributes(&mut d, &node.role, &text);
        lo.objects.insert(ids[n], Object::Dictionary(d));
    }
    let tree = Dictionary::from_iter(vec![
        ("Type", name("StructTreeRoot")),
        ("K", Object::Reference(ids[0])),
        ("ParentTree", Object::Reference(parent_tree)),
        ("ParentTreeNextKey", Object::Integer(next_key)),
    ]);
    lo.objects.insert(root, Object::Dictionary(tree));
    root
}

/// What an element carries besides its type: a header cell's scope, a cell's column span, a
/// chart's text alternative, a span's language.
fn attributes(d: &mut Dictionary, role: &Role, text: &impl Fn(&str) -> Object) {
    let table = |scope: Option<Scope>, colspan: usize| {
        let mut a = Dictionary::new();
        a.set("O", name("Table"));
        if let Some(s) = scope {
            a.set(
                "Scope",
                name(match s {
                    Scope::Column => "Column",
                    Scope::Row => "Row",
                }),
            );
        }
        if colspan > 1 {
            a.set("ColSpan", Object::Integer(colspan as i64));
        }
        a
    };
    match role {
        Role::TH { scope, colspan } => {
            d.set("A", Object::Dictionary(table(Some(*scope), *colspan)))
        }
        Role::TD { colspan } if *colspan > 1 => {
            d.set("A", Object::Dictionary(table(None, *colspan)))
        }
        Role::Figure { alt } => d.set("Alt", text(alt)),
        Role::Span { lang } => d.set(
            "Lang",
            Object::String(lang.as_bytes().to_vec(), StringFormat::Literal),
        ),
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
pub fn metadata(x: &Xmp<'_>) -> Stream {
    let body = format!(
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
    );
    let dict = Dictionary::from_iter(vec![("Type", name("Metadata")), ("Subtype", name("XML"))]);
    Stream::new(dict, body.into_bytes()).with_compression(false)
}
