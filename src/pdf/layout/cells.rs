//! Measurements of table cells, kept for cells that look the same: an annex of thousands of rows
//! repeats its countries, statuses, dates and partners row after row, and each distinct cell is
//! sized and wrapped once. Running text is kept the same way: a paragraph that a heading, table
//! or list looks ahead at to keep it on its page is wrapped once, for the look and for drawing.

use super::table::CellWidths;
use super::text::{Line, Lines, Run};
use std::cell::RefCell;
use std::collections::HashMap;

/// The kept measurements: cells' widths and lines, the widths and one-line layouts of the
/// words of cells that keep their words (a name is made of words that other names share), and
/// the lines of running text (paragraphs, list items, headings, captions).
#[derive(Default)]
pub(super) struct Kept {
    pub(super) widths: RefCell<Cache<CellWidths>>,
    pub(super) lines: RefCell<Cache<Lines>>,
    pub(super) text: RefCell<Cache<Lines>>,
    pub(super) word_widths: RefCell<Cache<f64>>,
    pub(super) words: RefCell<Cache<Line>>,
}

/// The most cells kept; past it the cache starts again (a column of distinct names would
/// otherwise keep the lines of every row). Few: the cells an annex repeats are few, and a small
/// cache costs less CPU time and memory than a large one that hits a little more often
/// (BENCHMARKS.md).
const KEPT: usize = 256;

/// What a cell's widths or lines depend on besides the layout's constants: its runs' text and
/// look, its size, and the rest (the width it wraps at, the cell's classes) as numbers. A cell
/// with a tagged inline element (a link, a span in another language, code) has no key: its
/// lines belong to that element.
#[derive(Hash, PartialEq, Eq)]
pub(super) struct Key {
    runs: Vec<u8>,
    size: u64,
    rest: (u64, u8),
}

impl Key {
    pub(super) fn of(runs: &[Run], size: f64, rest: (u64, u8)) -> Option<Key> {
        if runs.iter().any(|r| r.within.is_some()) {
            return None;
        }
        let mut bytes = Vec::with_capacity(runs.iter().map(|r| r.text.len() + 9).sum());
        for r in runs {
            bytes.extend_from_slice(r.text.as_bytes());
            // A byte no UTF-8 text holds ends the text; the run's look follows.
            let (c, b) = (r.color, r.badge.unwrap_or_default());
            bytes.extend_from_slice(&[0xFF, r.face.index() as u8, c.0, c.1, c.2]);
            bytes.extend_from_slice(&[u8::from(r.badge.is_some()), b.0, b.1, b.2]);
        }
        Some(Key {
            runs: bytes,
            size: size.to_bits(),
            rest,
        })
    }
}

/// Kept measurements of one kind, by cell.
pub(super) struct Cache<V> {
    map: HashMap<Key, V>,
}

impl<V> Default for Cache<V> {
    fn default() -> Self {
        Cache {
            map: HashMap::new(),
        }
    }
}

impl<V: Clone> Cache<V> {
    /// The value kept for `runs` and `rest`, or else made by `make` and kept (a value of runs
    /// without a key is made every time).
    pub(super) fn through<E>(
        cache: &RefCell<Self>,
        runs: &[Run],
        size: f64,
        rest: (u64, u8),
        make: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        let key = Key::of(runs, size, rest);
        if let Some(v) = key.as_ref().and_then(|k| cache.borrow().get(k)) {
            return Ok(v);
        }
        let v = make()?;
        if let Some(k) = key {
            cache.borrow_mut().put(k, v.clone());
        }
        Ok(v)
    }

    pub(super) fn get(&self, key: &Key) -> Option<V> {
        self.map.get(key).cloned()
    }
    pub(super) fn put(&mut self, key: Key, value: V) {
        if self.map.len() >= KEPT {
            self.map.clear();
        }
        self.map.insert(key, value);
    }
}
