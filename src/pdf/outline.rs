//! The PDF outline (bookmarks): the headings, nested h1 > h2 > h3, each opening its page at the
//! heading.

use super::layout::OutlineEntry;
use super::objects::{Syntax, Writer};
use crate::Result;

/// Writes the outline of the headings and returns its root's number (`None` without headings).
/// `pages` are the page objects' numbers; `height` the page height (the layout measures y
/// downwards, PDF upwards).
pub fn write(
    w: &mut Writer,
    entries: &[OutlineEntry],
    pages: &[u32],
    height: f64,
) -> Result<Option<u32>> {
    if entries.is_empty() {
        return Ok(None);
    }
    let root = w.alloc();
    let first = w.alloc_many(entries.len());
    let id = |i: usize| first + i as u32;
    // Each entry's parent (the nearest earlier entry of a smaller level, else the root), and
    // each parent's kids in order: the last of an entry's kids at index `i + 1` (the root at 0).
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while stack.last().is_some_and(|&j| entries[j].level >= e.level) {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let slot = |p: Option<usize>| p.map_or(0, |p| p + 1);
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); entries.len() + 1];
    for (i, p) in parent.iter().enumerate() {
        kids[slot(*p)].push(i);
    }
    // Each entry's place among its siblings.
    let mut place = vec![0usize; entries.len()];
    for k in &kids {
        for (n, &i) in k.iter().enumerate() {
            place[i] = n;
        }
    }
    let mut b = Vec::with_capacity(256);
    for (i, e) in entries.iter().enumerate() {
        b.clear();
        b.raw("<</Title ").text(&e.title).raw("/Parent ");
        b.reference(parent[i].map_or(root, id));
        let page = pages.get(e.page).copied().unwrap_or(pages[0]);
        b.raw("/Dest [").reference(page).raw("/XYZ null ");
        super::content::number(&mut b, f64::from((height - e.y + 4.0) as f32));
        b.raw("null] ");
        let siblings = &kids[slot(parent[i])];
        if place[i] > 0 {
            b.raw("/Prev ").reference(id(siblings[place[i] - 1]));
        }
        if let Some(&n) = siblings.get(place[i] + 1) {
            b.raw("/Next ").reference(id(n));
        }
        let own = &kids[i + 1];
        if let (Some(&f), Some(&l)) = (own.first(), own.last()) {
            b.raw("/First ").reference(id(f));
            b.raw("/Last ").reference(id(l));
            b.raw("/Count ").int(own.len() as i64);
        }
        b.raw(">>");
        w.object(id(i), &b)?;
    }
    b.clear();
    b.raw("<</Type /Outlines ");
    let top = &kids[0];
    if let (Some(&f), Some(&l)) = (top.first(), top.last()) {
        b.raw("/First ").reference(id(f));
        b.raw("/Last ").reference(id(l));
    }
    b.raw("/Count ").int(top.len() as i64).raw(">>");
    w.object(root, &b)?;
    Ok(Some(root))
}
