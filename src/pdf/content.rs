//! A laid-out page as a PDF content stream: tenkai's items written straight to operator bytes.
//!
//! printpdf would take the same page as a list of `Op`s, turn each into a lopdf operation (an
//! allocation per operator and per operand) and format every number and every glyph byte through
//! `write!`: about a microsecond per operator, the largest single cost of a PDF. Here the bytes are
//! written directly in the form lopdf writes (operands and operator separated by spaces, one
//! operation per line, text as Identity-H glyph ids in hex), with numbers to a thousandth instead
//! of an `f32`'s shortest form (`282.491`, not `282.49094`): shorter streams, to write and to
//! compress, and no difference a reader can see.

use super::layout::{Face, Item, Page, Rgb};
use super::structure::{NodeId, Structure, ARTIFACT, PAGINATION};
use crate::{Error, Result};

/// A font as the content stream names it: its resource name and its characters' glyph ids.
pub struct FontRef<'a> {
    /// The resource name in the page's font dictionary (`F1`).
    pub name: &'a str,
    /// (character, glyph id in the subset, advance), sorted by character: the subset's plan.
    pub glyphs: &'a [(char, u16, u16)],
}

impl FontRef<'_> {
    fn glyph(&self, c: char) -> Option<u16> {
        self.glyphs
            .binary_search_by_key(&c, |g| g.0)
            .ok()
            .map(|i| self.glyphs[i].1)
    }
}

/// A marked-content sequence of a page's content stream, numbered (its MCID) by its place in the
/// page's list: the element it is part of, and the index of its first item on the page, which
/// orders it among the element's other content.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Marked {
    pub node: NodeId,
    pub first: u32,
}

/// One page's content stream: shapes, then texts; colours, fonts and line styles are set only
/// when they change. `height` is the page height: the layout measures y downwards, PDF upwards.
///
/// Each run of items of one element is a marked-content sequence tagged with the element's
/// structure type and its MCID, and each run of artifacts an `/Artifact` sequence; the list of the
/// page's marked sequences comes with the stream.
pub fn page(
    p: &Page,
    faces: &[FontRef<'_>; Face::COUNT],
    height: f64,
    structure: &Structure,
) -> Result<(Vec<u8>, Vec<Marked>)> {
    let mut s = Stream {
        out: Vec::with_capacity(p.items.len() * 48),
        faces,
        fill: None,
        stroke: None,
        font: None,
        open: None,
        marked: Vec::new(),
    };
    // Shapes first, then texts: no text is ever covered by a shape (fills are backgrounds, strokes
    // are rules and borders), and the fill colour then changes only when the text colour does,
    // not back and forth between a cell's background and its text. Link areas draw nothing.
    let items = p.items.iter().zip(&p.marks).enumerate();
    let shapes = items
        .clone()
        .filter(|(_, (i, _))| !matches!(i, Item::Text { .. } | Item::Link { .. }));
    for (index, (item, &mark)) in shapes {
        s.mark(mark, index, structure);
        s.shape(item, height);
    }
    for (index, (item, &mark)) in items {
        if let Item::Text {
            x,
            y,
            size,
            face,
            color,
            text,
        } = item
        {
            s.mark(mark, index, structure);
            s.text(*face, (*x, height - y), *size, *color, text)?;
        }
    }
    s.end_mark();
    Ok((s.out, s.marked))
}

/// Writes a number to a thousandth, followed by a space: of a point for positions and sizes (a
/// third of a micrometre), and finer than a colour channel's 1/255 steps for colours.
pub fn number(out: &mut Vec<u8>, v: f64) {
    let mut b = itoa::Buffer::new();
    let milli = (v * 1000.0).round() as i64;
    if milli < 0 {
        out.push(b'-');
    }
    let (int, frac) = (milli.unsigned_abs() / 1000, milli.unsigned_abs() % 1000);
    out.extend_from_slice(b.format(int).as_bytes());
    if frac != 0 {
        let digits = [frac / 100, frac / 10 % 10, frac % 10];
        let len = if frac % 100 == 0 {
            1
        } else if frac % 10 == 0 {
            2
        } else {
            3
        };
        out.push(b'.');
        out.extend(digits[..len].iter().map(|d| b'0' + *d as u8));
    }
    out.push(b' ');
}

/// A content stream being written, and the graphics state already set in it, so that each change
/// is written once.
struct Stream<'f> {
    out: Vec<u8>,
    /// The faces, in the order of [`Face::index`].
    faces: &'f [FontRef<'f>; Face::COUNT],
    fill: Option<Rgb>,
    /// Colour, width, and whether a dash pattern was set.
    stroke: Option<(Rgb, f64, bool)>,
    /// The face and the size.
    font: Option<(Face, f64)>,
    /// The element of the marked-content sequence open now ([`ARTIFACT`] for an artifact).
    open: Option<NodeId>,
    marked: Vec<Marked>,
}

impl Stream<'_> {
    /// Puts the next item in a marked-content sequence of `node`: the open one if it is that
    /// node's, else a new one.
    fn mark(&mut self, node: NodeId, index: usize, structure: &Structure) {
        if self.open == Some(node) {
            return;
        }
        self.end_mark();
        self.begin();
        if node == ARTIFACT {
            self.op("/Artifact BMC");
        } else if node == PAGINATION {
            self.op("/Artifact <</Type /Pagination>> BDC");
        } else {
            let role = structure.name(node).unwrap_or_default();
            self.out.push(b'/');
            self.op(role);
            self.op(" <</MCID ");
            let mut b = itoa::Buffer::new();
            self.op(b.format(self.marked.len()));
            self.op(">> BDC");
            self.marked.push(Marked {
                node,
                first: index as u32,
            });
        }
        self.open = Some(node);
    }

    fn end_mark(&mut self) {
        if self.open.take().is_some() {
            self.ops(&[], "EMC");
        }
    }

    /// Starts an operation: operations are separated by a line break, as lopdf separates them.
    fn begin(&mut self) {
        if !self.out.is_empty() {
            self.out.push(b'\n');
        }
    }

    /// One operand, a number (see [`number`]).
    fn num(&mut self, v: f64) {
        number(&mut self.out, v);
    }

    fn op(&mut self, operator: &str) {
        self.out.extend_from_slice(operator.as_bytes());
    }

    /// A complete operation: numbers and an operator.
    fn ops(&mut self, numbers: &[f64], operator: &str) {
        self.begin();
        for &n in numbers {
            self.num(n);
        }
        self.op(operator);
    }

    fn color(&mut self, c: Rgb, operator: &str) {
        self.begin();
        for v in [c.0, c.1, c.2] {
            self.num(f64::from(v) / 255.0);
        }
        self.op(operator);
    }

    fn fill(&mut self, c: Rgb) {
        if self.fill != Some(c) {
            self.color(c, "rg");
            self.fill = Some(c);
        }
    }

    fn stroke(&mut self, c: Rgb, w: f64, dash: Option<&Vec<f64>>) {
        let key = (c, w, dash.is_some());
        if self.stroke == Some(key) && dash.is_none() {
            return;
        }
        self.color(c, "RG");
        self.ops(&[w], "w");
        self.begin();
        self.out.push(b'[');
        for d in dash.map(|d| &d[..]).unwrap_or(&[]) {
            self.num(*d);
        }
        if self.out.last() == Some(&b' ') {
            self.out.pop();
        }
        self.out.extend_from_slice(b"] 0 d");
        self.stroke = Some(key);
    }

    /// A path through points (in layout coordinates), ending with `paint`.
    fn path(&mut self, pts: &[(f64, f64)], height: f64, close: bool, paint: &str) {
        for (i, (x, y)) in pts.iter().enumerate() {
            self.ops(&[*x, height - y], if i == 0 { "m" } else { "l" });
        }
        if close {
            self.ops(&[], "h");
        }
        self.ops(&[], paint);
    }

    fn shape(&mut self, item: &Item, height: f64) {
        match item {
            Item::Text { .. } | Item::Link { .. } => {}
            Item::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                let paint = match (fill, stroke) {
                    (Some(_), Some(_)) => "B",
                    (Some(_), None) => "f",
                    (None, Some(_)) => "S",
                    (None, None) => return,
                };
                if let Some(f) = fill {
                    self.fill(*f);
                }
                if let Some((c, w)) = stroke {
                    self.stroke(*c, *w, None);
                }
                self.ops(&[*x, height - y - h, *w, *h], "re");
                self.ops(&[], paint);
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                color,
                width,
                dash,
            } => {
                self.stroke(*color, *width, dash.as_ref());
                self.path(&[(*x1, *y1), (*x2, *y2)], height, false, "S");
            }
            Item::Poly {
                points,
                closed,
                fill,
                stroke,
                dash,
            } => {
                if let (true, Some(f)) = (*closed, fill) {
                    self.fill(*f);
                    if let Some((c, w)) = stroke {
                        self.stroke(*c, *w, dash.as_ref());
                    }
                    let paint = if stroke.is_some() { "b" } else { "f" };
                    self.path(points, height, true, paint);
                } else if let Some((c, w)) = stroke {
                    self.stroke(*c, *w, dash.as_ref());
                    self.path(points, height, *closed, "S");
                }
            }
        }
    }

    /// One text, its own text object placed with `Td`: at the start of a text object the line
    /// matrix is the identity, so `x y Td` puts the text exactly at (x, y) with two numbers, where
    /// `1 0 0 1 x y Tm` takes six. Font and colour are graphics state: they carry over from one
    /// text object to the next and are set only when they change.
    fn text(&mut self, face: Face, at: (f64, f64), size: f64, c: Rgb, text: &str) -> Result<()> {
        let font = (face, size);
        let face = &self.faces[face.index()];
        self.ops(&[], "BT");
        if self.font != Some(font) {
            self.begin();
            self.out.push(b'/');
            self.op(face.name);
            self.out.push(b' ');
            self.num(size);
            self.op("Tf");
            self.font = Some(font);
        }
        self.fill(c);
        self.ops(&[at.0, at.1], "Td");
        self.begin();
        self.out.push(b'<');
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        for ch in text.chars() {
            let gid = face.glyph(ch).ok_or_else(|| {
                Error::Layout(format!(
                    "the character {ch:?} (U+{:04X}) in “{text}” has no glyph in the font {}",
                    ch as u32, face.name
                ))
            })?;
            for b in gid.to_be_bytes() {
                self.out.push(HEX[usize::from(b >> 4)]);
                self.out.push(HEX[usize::from(b & 15)]);
            }
        }
        self.out.extend_from_slice(b"> Tj");
        self.ops(&[], "ET");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FACES: [FontRef<'static>; Face::COUNT] = [
        FontRef {
            name: "F1",
            glyphs: &[('A', 3, 600), ('日', 7, 1000)],
        },
        FontRef {
            name: "F2",
            glyphs: &[('A', 2, 640)],
        },
        FontRef {
            name: "F3",
            glyphs: &[('A', 5, 600)],
        },
    ];

    fn text(x: f64, y: f64, bold: bool, text: &str) -> Item {
        Item::Text {
            x,
            y,
            size: 10.5,
            face: Face::of(bold),
            color: (0, 0, 0),
            text: text.into(),
        }
    }

    #[test]
    fn shapes_come_first_and_each_state_change_is_written_once() {
        let mut structure = Structure::default();
        let p = structure.add(crate::pdf::structure::Role::P, 0, (0, 0));
        let h = structure.add(crate::pdf::structure::Role::H(1), 0, (0, 4));
        let page = Page {
            marks: vec![p, ARTIFACT, p, ARTIFACT, h],
            items: vec![
                text(10.0, 20.0, false, "A日"),
                Item::Rect {
                    x: 5.0,
                    y: 10.0,
                    w: 100.0,
                    h: 20.25,
                    fill: Some((255, 0, 51)),
                    stroke: None,
                },
                text(30.5, 20.0, false, "日"),
                Item::Line {
                    x1: 0.0,
                    y1: 50.0,
                    x2: 10.0,
                    y2: 50.0,
                    color: (0, 0, 0),
                    width: 0.5,
                    dash: Some(vec![3.0, 1.5]),
                },
                text(30.5, 40.0, true, "A"),
            ],
        };
        let (bytes, marked) = super::page(&page, &FACES, 100.0, &structure).unwrap();
        // The rule and the background are artifacts; the two texts of the paragraph are one
        // marked sequence, the heading's another.
        let expected = "\
/Artifact BMC
1 0 0.2 rg
5 69.75 100 20.25 re
f
0 0 0 RG
0.5 w
[3 1.5] 0 d
0 50 m
10 50 l
S
EMC
/P <</MCID 0>> BDC
BT
/F1 10.5 Tf
0 0 0 rg
10 80 Td
<00030007> Tj
ET
BT
30.5 80 Td
<0007> Tj
ET
EMC
/H1 <</MCID 1>> BDC
BT
/F2 10.5 Tf
30.5 60 Td
<0002> Tj
ET
EMC";
        assert_eq!(String::from_utf8(bytes).unwrap(), expected);
        assert_eq!(
            marked,
            [Marked { node: p, first: 0 }, Marked { node: h, first: 4 }]
        );
    }

    #[test]
    fn numbers_are_written_to_a_thousandth_without_trailing_zeros() {
        let mut s = Stream {
            out: Vec::new(),
            faces: &FACES,
            fill: None,
            stroke: None,
            font: None,
            open: None,
            marked: Vec::new(),
        };
        for v in [
            0.0,
            -0.0,
            12.0,
            0.5,
            282.49094,
            30.0 / 255.0,
            -3.25,
            -0.0004,
            -0.0006,
            1e-9,
            999.9996,
        ] {
            s.num(v);
        }
        assert_eq!(
            String::from_utf8(s.out).unwrap(),
            "0 0 12 0.5 282.491 0.118 -3.25 0 -0.001 0 1000 "
        );
    }

    #[test]
    fn a_character_without_a_glyph_is_an_error_not_a_blank() {
        let page = Page {
            items: vec![text(0.0, 0.0, true, "A日")],
            marks: vec![ARTIFACT],
        };
        let err = super::page(&page, &FACES, 100.0, &Structure::default()).unwrap_err();
        assert!(err.to_string().contains("'日' (U+65E5)"), "{err}");
        assert!(err.to_string().contains("F2"), "{err}");
    }
}
