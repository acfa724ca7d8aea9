//! The PDF's logical structure (its tags): what each piece of a page is (a heading, a paragraph, a
//! table cell, a chart) and the order to read them in. The layout builds it beside the pages from
//! the same markup blocks; the writer turns it into the structure tree that a screen reader
//! follows, and marks every drawn piece as a part of its element or as an artifact.

/// An element of the structure: an index into [`Structure::nodes`].
pub type NodeId = u32;

/// What a drawn item belongs to when it is no element's content: page furniture (running header,
/// page number), decoration (rules, cell borders and backgrounds), a table's header rows repeated
/// on a later page.
pub const ARTIFACT: NodeId = u32::MAX;

/// What a drawn item belongs to when it is a pagination artifact: the running header and the page
/// number, which a reader may announce as such.
pub const PAGINATION: NodeId = u32::MAX - 1;

/// A header cell's scope: the column below it or the row beside it (HTML's `scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Column,
    Row,
}

/// The standard structure type of an element (ISO 32000-1, 14.8.4), with what it carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    Document,
    Sect,
    /// A heading, levels 1 to 6.
    H(u8),
    P,
    L,
    LI,
    /// A list item's marker, and its body.
    Lbl,
    LBody,
    Table,
    THead,
    TBody,
    TR,
    TH {
        scope: Scope,
        colspan: usize,
    },
    TD {
        colspan: usize,
    },
    /// A chart, with its text alternative.
    Figure {
        alt: String,
    },
    Caption,
    /// An aside (a note to a table, the sources of a figure).
    Note,
    Link,
    /// Code (SQL).
    Code,
    /// Text in a language other than the document's.
    Span {
        lang: String,
    },
}

impl Role {
    /// The structure type's name, as the PDF writes it (`/H2`, `/TD`).
    pub fn name(&self) -> &'static str {
        match self {
            Role::H(level) => {
                ["H1", "H2", "H3", "H4", "H5", "H6"][usize::from(level.clamp(&1, &6) - 1)]
            }
            Role::Document => "Document",
            Role::Sect => "Sect",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::THead => "THead",
            Role::TBody => "TBody",
            Role::TR => "TR",
            Role::TH { .. } => "TH",
            Role::TD { .. } => "TD",
            Role::Figure { .. } => "Figure",
            Role::Caption => "Caption",
            Role::Note => "Note",
            Role::Link => "Link",
            Role::Code => "Code",
            Role::Span { .. } => "Span",
        }
    }

    /// Whether shapes drawn inside it are its content (a chart's bars and lines) rather than
    /// decoration.
    pub fn owns_shapes(&self) -> bool {
        matches!(self, Role::Figure { .. })
    }
}

/// The structure types in the order of [`Node`]'s kind codes.
const KINDS: [&str; 20] = [
    "Document", "Sect", "H", "P", "L", "LI", "Lbl", "LBody", "Table", "THead", "TBody", "TR", "TH",
    "TD", "Figure", "Caption", "Note", "Link", "Code", "Span",
];

/// An element as it is kept (a 1000× report has some 280,000): its type as a code, what the
/// type carries as numbers (a heading's level, a header cell's scope, a cell's column span, the
/// text of a chart's alternative or a span's language as an index into [`Structure`]'s texts),
/// its parent, and where on the pages it begins.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Node {
    kind: u8,
    /// A heading's level; a header cell's scope (0 the column, 1 the row).
    small: u8,
    /// A cell's column span; the index of a chart's or a span's text.
    arg: u32,
    /// The parent element; the root (the `Document`, node 0) is its own parent.
    pub parent: NodeId,
    /// Where the element begins: (page, index of the next item drawn on that page). Orders an
    /// element among the content of its parent.
    pub at: (u32, u32),
}

/// The elements of a document in the order they were opened: the document first, then each
/// element before its children, children in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    pub nodes: Vec<Node>,
    /// The charts' text alternatives and the spans' languages, each once.
    texts: Vec<String>,
    known: std::collections::HashMap<String, u32>,
}

impl Default for Structure {
    fn default() -> Self {
        Structure {
            nodes: vec![Node {
                kind: 0,
                small: 0,
                arg: 0,
                parent: 0,
                at: (0, 0),
            }],
            texts: Vec::new(),
            known: Default::default(),
        }
    }
}

impl Structure {
    /// Adds an element under `parent`, beginning at `at`.
    pub fn add(&mut self, role: Role, parent: NodeId, at: (u32, u32)) -> NodeId {
        let (kind, small, arg) = match role {
            Role::Document => (0, 0, 0),
            Role::Sect => (1, 0, 0),
            Role::H(level) => (2, level, 0),
            Role::P => (3, 0, 0),
            Role::L => (4, 0, 0),
            Role::LI => (5, 0, 0),
            Role::Lbl => (6, 0, 0),
            Role::LBody => (7, 0, 0),
            Role::Table => (8, 0, 0),
            Role::THead => (9, 0, 0),
            Role::TBody => (10, 0, 0),
            Role::TR => (11, 0, 0),
            Role::TH { scope, colspan } => (12, u8::from(scope == Scope::Row), colspan as u32),
            Role::TD { colspan } => (13, 0, colspan as u32),
            Role::Figure { alt } => (14, 0, self.text(alt)),
            Role::Caption => (15, 0, 0),
            Role::Note => (16, 0, 0),
            Role::Link => (17, 0, 0),
            Role::Code => (18, 0, 0),
            Role::Span { lang } => (19, 0, self.text(lang)),
        };
        self.nodes.push(Node {
            kind,
            small,
            arg,
            parent,
            at,
        });
        (self.nodes.len() - 1) as NodeId
    }

    /// The index of a text among the texts kept.
    fn text(&mut self, t: String) -> u32 {
        if let Some(&i) = self.known.get(&t) {
            return i;
        }
        let i = self.texts.len() as u32;
        self.texts.push(t.clone());
        self.known.insert(t, i);
        i
    }

    /// An element's role (`None` for no element: an artifact).
    pub fn role(&self, id: NodeId) -> Option<Role> {
        let n = self.nodes.get(id as usize)?;
        let text = || self.texts[n.arg as usize].clone();
        Some(match n.kind {
            0 => Role::Document,
            1 => Role::Sect,
            2 => Role::H(n.small),
            3 => Role::P,
            4 => Role::L,
            5 => Role::LI,
            6 => Role::Lbl,
            7 => Role::LBody,
            8 => Role::Table,
            9 => Role::THead,
            10 => Role::TBody,
            11 => Role::TR,
            12 => Role::TH {
                scope: [Scope::Column, Scope::Row][usize::from(n.small)],
                colspan: n.arg as usize,
            },
            13 => Role::TD {
                colspan: n.arg as usize,
            },
            14 => Role::Figure { alt: text() },
            15 => Role::Caption,
            16 => Role::Note,
            17 => Role::Link,
            18 => Role::Code,
            _ => Role::Span { lang: text() },
        })
    }

    /// An element's structure type as the PDF writes it (`/H2`, `/TD`), without making its role.
    pub fn name(&self, id: NodeId) -> Option<&'static str> {
        let n = self.nodes.get(id as usize)?;
        Some(match n.kind {
            2 => Role::H(n.small).name(),
            k => KINDS[usize::from(k)],
        })
    }

    /// Whether shapes drawn inside the element are its content (see [`Role::owns_shapes`]).
    pub fn owns_shapes(&self, id: NodeId) -> bool {
        self.nodes.get(id as usize).is_some_and(|n| n.kind == 14)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_element_kept_as_a_compact_record_gives_its_role_back() {
        let roles = vec![
            Role::Sect,
            Role::H(1),
            Role::H(3),
            Role::P,
            Role::L,
            Role::LI,
            Role::Lbl,
            Role::LBody,
            Role::Table,
            Role::THead,
            Role::TBody,
            Role::TR,
            Role::TH {
                scope: Scope::Column,
                colspan: 1,
            },
            Role::TH {
                scope: Scope::Row,
                colspan: 2,
            },
            Role::TD { colspan: 3 },
            Role::Figure {
                alt: "拠点数".into(),
            },
            Role::Caption,
            Role::Note,
            Role::Link,
            Role::Code,
            Role::Span { lang: "en".into() },
            Role::Figure {
                alt: "拠点数".into(),
            },
            Role::Span { lang: "ja".into() },
        ];
        let mut s = Structure::default();
        let ids: Vec<NodeId> = roles
            .iter()
            .enumerate()
            .map(|(i, r)| s.add(r.clone(), i as NodeId, (1, i as u32)))
            .collect();
        for (i, (&id, role)) in ids.iter().zip(&roles).enumerate() {
            assert_eq!(s.role(id).as_ref(), Some(role));
            assert_eq!(s.name(id), Some(role.name()));
            assert_eq!(s.owns_shapes(id), role.owns_shapes());
            assert_eq!(
                (s.nodes[id as usize].parent, s.nodes[id as usize].at),
                (i as NodeId, (1, i as u32))
            );
        }
        assert_eq!(s.role(0), Some(Role::Document));
        assert_eq!((s.role(ARTIFACT), s.name(PAGINATION)), (None, None));
        // The same text is kept once.
        assert_eq!(s.texts, ["拠点数", "en", "ja"]);
        assert_eq!(std::mem::size_of::<Node>(), 20);
    }
}
