//! What each drawn item is part of: the engine keeps the element being laid out, and each item it
//! draws is marked with it (or as an artifact), so that the PDF writer can tag the pages. The
//! elements themselves are [`crate::pdf::structure`]'s.

use super::text::Inner;
use super::{Engine, Item, NodeId, Role, ARTIFACT};
use std::rc::Rc;

impl Engine<'_> {
    /// Draws an item as part of the current element: text always; a shape only in an element
    /// whose shapes are content (a chart), otherwise it is decoration, an artifact.
    pub(super) fn push(&mut self, item: Item) {
        let content = matches!(item, Item::Text { .. } | Item::Link { .. })
            || self.structure.owns_shapes(self.current);
        let mark = if content && !self.artifact {
            self.current
        } else {
            ARTIFACT
        };
        self.page.items.push(item);
        self.page.marks.push(mark);
    }
    /// Where the next item goes: (page, index on the page).
    pub(super) fn here(&self) -> (u32, u32) {
        (self.index as u32, self.page.items.len() as u32)
    }
    /// Adds an element under the current one, beginning here.
    pub(super) fn child(&mut self, role: Role) -> NodeId {
        let at = self.here();
        self.structure.add(role, self.current, at)
    }
    /// Makes `id` the element that what is drawn belongs to; returns the one it was.
    pub(super) fn enter(&mut self, id: NodeId) -> NodeId {
        self.inline.clear();
        std::mem::replace(&mut self.current, id)
    }
    /// Opens an element under the current one: what is drawn until [`Engine::enter`] goes back
    /// to the returned element is its content.
    pub(super) fn open(&mut self, role: Role) -> NodeId {
        let id = self.child(role);
        self.enter(id)
    }
    /// The element of a link, an other-language span or code of the current element (made on first
    /// use, inside the element of the link or span it is in).
    pub(super) fn inline_node(&mut self, within: &Rc<Inner>) -> NodeId {
        if let Some((_, id)) = self.inline.iter().find(|(w, _)| Rc::ptr_eq(w, within)) {
            return *id;
        }
        let parent = match &within.outer {
            Some(outer) => self.inline_node(outer),
            None => self.current,
        };
        let role = match &within.lang {
            Some(lang) => Role::Span { lang: lang.clone() },
            None if within.code => Role::Code,
            None => Role::Link,
        };
        let at = self.here();
        let id = self.structure.add(role, parent, at);
        self.inline.push((within.clone(), id));
        id
    }
}
