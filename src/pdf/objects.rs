//! The PDF file as tenkai writes it: objects numbered once, written as bytes in the order they
//! are made, small ones packed into compressed object streams and streams written in place, with
//! a cross-reference stream at the end (PDF 1.5).
//!
//! Nothing is kept of an object once it is written but where it went: a byte offset, or an
//! object stream and an index in it. An object may be numbered before it is written (a page's
//! parent, an element's parent), and every number handed out must be written before
//! [`Writer::finish`].

use super::write::pack;
use crate::{Error, Result};
use sha2::Digest;

/// The most objects packed in one object stream.
const OBJECTS_PER_STREAM: usize = 1000;

/// Where an object is: not written yet, at an offset in the file, or in an object stream.
#[derive(Clone, Copy)]
enum Entry {
    Pending,
    Offset(u64),
    Packed { stream: u32, index: u16 },
}

/// A PDF file being written.
pub struct Writer {
    out: Vec<u8>,
    /// Each object's place, by number (object 0, the free list's head, is not in it).
    entries: Vec<Entry>,
    /// The object stream being filled: the objects' numbers and offsets in `packed`.
    index: Vec<(u32, usize)>,
    packed: Vec<u8>,
    /// A hash of every byte written but the font programs': the file identifier.
    hash: sha2::Sha256,
}

impl Writer {
    /// A new file, its header written: PDF 1.7, the version of ISO 32000-1 on which PDF/UA-1
    /// builds, and a comment of bytes above 127 that marks the file as binary.
    pub fn new(capacity: usize) -> Writer {
        let mut w = Writer {
            out: Vec::with_capacity(capacity),
            entries: Vec::new(),
            index: Vec::new(),
            packed: Vec::new(),
            hash: sha2::Sha256::new(),
        };
        w.put(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        w
    }

    /// Numbers an object to be written later.
    pub fn alloc(&mut self) -> u32 {
        self.entries.push(Entry::Pending);
        self.entries.len() as u32
    }

    /// Numbers `n` objects in a row; returns the first.
    pub fn alloc_many(&mut self, n: usize) -> u32 {
        let first = self.entries.len() as u32 + 1;
        self.entries.resize(self.entries.len() + n, Entry::Pending);
        first
    }

    fn put(&mut self, bytes: &[u8]) {
        self.hash.update(bytes);
        self.out.extend_from_slice(bytes);
    }

    fn begin(&mut self, num: u32) {
        self.entries[num as usize - 1] = Entry::Offset(self.out.len() as u64);
        let mut b = itoa::Buffer::new();
        self.put(b.format(num).as_bytes());
        self.put(b" 0 obj\n");
    }

    /// Writes an object (not a stream) into the object stream being filled: `body` is its bytes.
    pub fn object(&mut self, num: u32, body: &[u8]) -> Result<()> {
        self.index.push((num, self.packed.len()));
        self.packed.extend_from_slice(body);
        self.packed.push(b'\n');
        if self.index.len() >= OBJECTS_PER_STREAM {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes a stream object: its dictionary's entries (without `/Length`) and its data, as
    /// given (`dict` names the filter if the data is compressed).
    pub fn stream(&mut self, num: u32, dict: &[u8], data: &[u8]) {
        self.stream_hashed(num, dict, data, true);
    }

    /// Writes a stream whose data the file identifier leaves out: a font program, which the
    /// identifier takes in through its subset's glyph list, cheaper to hash.
    pub fn program(&mut self, num: u32, dict: &[u8], data: &[u8]) {
        self.stream_hashed(num, dict, data, false);
    }

    fn stream_hashed(&mut self, num: u32, dict: &[u8], data: &[u8], hashed: bool) {
        self.begin(num);
        self.put(b"<<");
        self.put(dict);
        let mut b = itoa::Buffer::new();
        self.put(b" /Length ");
        self.put(b.format(data.len()).as_bytes());
        self.put(b">>\nstream\n");
        if hashed {
            self.put(data);
        } else {
            self.out.extend_from_slice(data);
        }
        self.put(b"\nendstream\nendobj\n");
    }

    /// Takes in bytes that identify the file without being in it (a font subset's glyphs).
    pub fn identify(&mut self, bytes: &[u8]) {
        self.hash.update(bytes);
    }

    /// Writes the object stream being filled, if it holds any object.
    fn flush(&mut self) -> Result<()> {
        if self.index.is_empty() {
            return Ok(());
        }
        let num = self.alloc();
        let mut head = Vec::with_capacity(self.index.len() * 12);
        let mut b = itoa::Buffer::new();
        for (i, &(n, at)) in self.index.iter().enumerate() {
            head.extend_from_slice(b.format(n).as_bytes());
            head.push(b' ');
            head.extend_from_slice(b.format(at).as_bytes());
            head.push(b' ');
            self.entries[n as usize - 1] = Entry::Packed {
                stream: num,
                index: i as u16,
            };
        }
        let first = head.len();
        head.extend_from_slice(&self.packed);
        let data = pack(&head)?;
        let dict = format!(
            "/Type /ObjStm /N {} /First {first} /Filter /FlateDecode",
            self.index.len()
        );
        self.stream(num, dict.as_bytes(), &data);
        self.index.clear();
        self.packed.clear();
        Ok(())
    }

    /// Ends the file: the last object stream, then the cross-reference stream, whose dictionary
    /// is the trailer (`root` the catalog, `info` the document information).
    pub fn finish(mut self, root: u32, info: u32) -> Result<Vec<u8>> {
        self.flush()?;
        let xref = self.alloc();
        let id = self.hash.clone().finalize();
        let id = hex(&id[..16]);
        let offset = self.out.len() as u64;
        self.entries[xref as usize - 1] = Entry::Offset(offset);
        // Each entry: a type byte, 4 bytes of offset or stream number, 2 of generation or index.
        let mut rows = Vec::with_capacity(7 * (self.entries.len() + 1));
        rows.extend_from_slice(&[0, 0, 0, 0, 0, 0xFF, 0xFF]);
        for (i, e) in self.entries.iter().enumerate() {
            let (kind, a, b) = match *e {
                Entry::Offset(o) => (1u8, o as u32, 0u16),
                Entry::Packed { stream, index } => (2, stream, index),
                Entry::Pending => {
                    return Err(Error::Layout(format!(
                        "the PDF writer numbered object {} and never wrote it",
                        i + 1
                    )))
                }
            };
            rows.push(kind);
            rows.extend_from_slice(&a.to_be_bytes());
            rows.extend_from_slice(&b.to_be_bytes());
        }
        let data = pack(&rows)?;
        let dict = format!(
            "/Type /XRef /Size {} /W [1 4 2] /Root {root} 0 R /Info {info} 0 R /ID [<{id}> <{id}>] /Filter /FlateDecode",
            self.entries.len() + 1
        );
        self.stream(xref, dict.as_bytes(), &data);
        let mut b = itoa::Buffer::new();
        self.out.extend_from_slice(b"startxref\n");
        self.out.extend_from_slice(b.format(offset).as_bytes());
        self.out.extend_from_slice(b"\n%%EOF\n");
        Ok(self.out)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// Writes PDF syntax into a buffer: the small objects' bytes.
pub trait Syntax {
    /// An indirect reference, followed by a space.
    fn reference(&mut self, num: u32) -> &mut Self;
    /// An integer, followed by a space.
    fn int(&mut self, n: i64) -> &mut Self;
    /// Bytes as they are.
    fn raw(&mut self, s: &str) -> &mut Self;
    /// A text string: literal if it is printable ASCII, else UTF-16BE with a byte order mark,
    /// in hex, the form PDF text strings take for other text.
    fn text(&mut self, s: &str) -> &mut Self;
    /// A literal string of bytes (an address, a language tag), followed by a space.
    fn literal(&mut self, bytes: &[u8]) -> &mut Self;
}

impl Syntax for Vec<u8> {
    fn reference(&mut self, num: u32) -> &mut Self {
        let mut b = itoa::Buffer::new();
        self.extend_from_slice(b.format(num).as_bytes());
        self.extend_from_slice(b" 0 R ");
        self
    }
    fn int(&mut self, n: i64) -> &mut Self {
        let mut b = itoa::Buffer::new();
        self.extend_from_slice(b.format(n).as_bytes());
        self.push(b' ');
        self
    }
    fn raw(&mut self, s: &str) -> &mut Self {
        self.extend_from_slice(s.as_bytes());
        self
    }
    fn literal(&mut self, bytes: &[u8]) -> &mut Self {
        self.push(b'(');
        for &b in bytes {
            match b {
                b'(' | b')' | b'\\' => self.extend_from_slice(&[b'\\', b]),
                b'\r' => self.extend_from_slice(b"\\r"),
                b'\n' => self.extend_from_slice(b"\\n"),
                _ => self.push(b),
            }
        }
        self.extend_from_slice(b") ");
        self
    }
    fn text(&mut self, s: &str) -> &mut Self {
        if s.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            return self.literal(s.as_bytes());
        }
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        self.extend_from_slice(b"<FEFF");
        for u in s.encode_utf16() {
            for b in u.to_be_bytes() {
                self.push(HEX[usize::from(b >> 4)]);
                self.push(HEX[usize::from(b & 15)]);
            }
        }
        self.extend_from_slice(b"> ");
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_are_literal_when_ascii_and_utf16_otherwise() {
        let mut b = Vec::new();
        b.text("a (b) \\").text("拠点").text("");
        assert_eq!(
            String::from_utf8(b).unwrap(),
            "(a \\(b\\) \\\\) <FEFF62E070B9> () "
        );
    }

    #[test]
    fn an_object_numbered_and_never_written_is_an_error() {
        let mut w = Writer::new(0);
        let a = w.alloc();
        w.object(a, b"<<>>").unwrap();
        let _lost = w.alloc();
        let err = w.finish(a, a).err().unwrap();
        assert!(err.to_string().contains("object 2"), "{err}");
    }
}
