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

/// An element: its type, its parent, and where on the pages it begins.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub role: Role,
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
}

impl Default for Structure {
    fn default() -> Self {
        Structure {
            nodes: vec![Node {
                role: Role::Document,
                parent: 0,
                at: (0, 0),
            }],
        }
    }
}

impl Structure {
    /// Adds an element under `parent`, beginning at `at`.
    pub fn add(&mut self, role: Role, parent: NodeId, at: (u32, u32)) -> NodeId {
        self.nodes.push(Node { role, parent, at });
        (self.nodes.len() - 1) as NodeId
    }

    pub fn role(&self, id: NodeId) -> Option<&Role> {
        self.nodes.get(id as usize).map(|n| &n.role)
    }
}
