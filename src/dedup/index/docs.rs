//! The documents of an index: a fixed-size record per slot over two shared buffers (fingerprint
//! bytes; paths and titles) and a table from path to slot. A million documents are a handful of
//! allocations, not three million (allocating and freeing those was a large part of a load).

use std::fmt;
use std::hash::BuildHasher;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use rustc_hash::FxBuildHasher;

/// One document as stored, borrowed from the buffers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct DocRef<'a> {
    /// The path it was indexed under.
    pub(super) path: &'a str,
    /// Its title, if it has one.
    pub(super) title: Option<&'a str>,
    /// Hash of its file's bytes.
    pub(super) content_hash: &'a [u8; 32],
    /// Normalized characters (letters, digits, Han) in the document.
    pub(super) chars: u32,
    /// Both fingerprint streams, encoded ([`crate::dedup::Prints::encode`]) with file byte ranges.
    pub(super) prints: &'a [u8],
}

/// A slot's record. Its bytes start where the previous slot's end (removed slots keep theirs
/// until [`Docs::compact`]).
#[derive(Debug, Clone, Copy)]
struct Meta {
    content_hash: [u8; 32],
    /// End of the fingerprint bytes in `prints`.
    prints_end: usize,
    /// End of the path in `text` (the title follows it).
    path_end: usize,
    /// End of the title in `text`.
    text_end: usize,
    chars: u32,
    title: bool,
    live: bool,
}

/// The documents, in slots; a removed document leaves a hole until [`Docs::compact`].
#[derive(Clone, Default)]
pub(super) struct Docs {
    slots: Vec<Meta>,
    /// Every slot's fingerprint bytes, in slot order.
    prints: Vec<u8>,
    /// Every slot's path then title, in slot order.
    text: String,
    /// Slot of each live document, found by its path's hash.
    by_path: HashTable<u32>,
    /// Bytes of removed documents still in `prints` and `text`.
    dead_bytes: usize,
}

impl fmt::Debug for Docs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Docs")
            .field("slots", &self.slots.len())
            .field("live", &self.by_path.len())
            .field("print_bytes", &self.prints.len())
            .field("dead_bytes", &self.dead_bytes)
            .finish()
    }
}

fn hash_path(path: &str) -> u64 {
    FxBuildHasher.hash_one(path)
}

/// Where slot `i`'s bytes start: (in `prints`, in `text`).
fn starts(slots: &[Meta], i: usize) -> (usize, usize) {
    i.checked_sub(1).and_then(|j| slots.get(j)).map_or((0, 0), |m| (m.prints_end, m.text_end))
}

/// Slot `s`'s path.
fn path_of<'a>(slots: &[Meta], text: &'a str, s: u32) -> &'a str {
    let i = s as usize;
    let end = slots.get(i).map_or(0, |m| m.path_end);
    text.get(starts(slots, i).1..end).unwrap_or_default()
}

impl Docs {
    /// An empty store with room for `n` documents.
    pub(super) fn with_capacity(n: usize) -> Self {
        Self { slots: Vec::with_capacity(n), by_path: HashTable::with_capacity(n), ..Self::default() }
    }

    /// Slots, holes included.
    pub(super) fn slots(&self) -> usize {
        self.slots.len()
    }

    /// Live documents.
    pub(super) fn live(&self) -> usize {
        self.by_path.len()
    }

    /// Bytes of removed documents waiting for [`Docs::compact`].
    pub(super) fn dead_bytes(&self) -> usize {
        self.dead_bytes
    }

    /// Bytes of fingerprints, paths and titles held, removed documents' included.
    pub(super) fn bytes(&self) -> usize {
        self.prints.len() + self.text.len()
    }

    /// Bytes of fingerprints of the live documents.
    pub(super) fn live_print_bytes(&self) -> usize {
        self.iter().map(|d| d.prints.len()).sum()
    }

    fn view<'a>(&'a self, i: usize, m: &'a Meta) -> DocRef<'a> {
        let (p0, t0) = starts(&self.slots, i);
        DocRef {
            path: self.text.get(t0..m.path_end).unwrap_or_default(),
            title: m.title.then(|| self.text.get(m.path_end..m.text_end).unwrap_or_default()),
            content_hash: &m.content_hash,
            chars: m.chars,
            prints: self.prints.get(p0..m.prints_end).unwrap_or_default(),
        }
    }

    /// The live document in `slot`.
    pub(super) fn get(&self, slot: u32) -> Option<DocRef<'_>> {
        let i = slot as usize;
        self.slots.get(i).filter(|m| m.live).map(|m| self.view(i, m))
    }

    /// [`Docs::get`] by a slot number as a `usize` (as the postings count them).
    pub(super) fn at(&self, i: usize) -> Option<DocRef<'_>> {
        u32::try_from(i).ok().and_then(|s| self.get(s))
    }

    /// The character count of the live document in `slot` (without building its view: a query
    /// asks this of many slots).
    pub(super) fn chars(&self, slot: u32) -> Option<u32> {
        self.slots.get(slot as usize).filter(|m| m.live).map(|m| m.chars)
    }

    /// Whether `slot` holds a live document.
    pub(super) fn is_live(&self, slot: u32) -> bool {
        self.slots.get(slot as usize).is_some_and(|m| m.live)
    }

    /// Live documents in slot order.
    pub(super) fn iter(&self) -> impl Iterator<Item = DocRef<'_>> {
        self.slots.iter().enumerate().filter(|(_, m)| m.live).map(|(i, m)| self.view(i, m))
    }

    /// Live slots in order.
    pub(super) fn live_slots(&self) -> impl Iterator<Item = u32> + '_ {
        (0u32..).zip(&self.slots).filter(|(_, m)| m.live).map(|(s, _)| s)
    }

    /// The slot of `path`, if it is indexed.
    pub(super) fn slot_of(&self, path: &str) -> Option<u32> {
        self.by_path.find(hash_path(path), |&s| path_of(&self.slots, &self.text, s) == path).copied()
    }

    /// Puts a document in a new slot: `fill` appends its fingerprint bytes to the buffer it is
    /// given. `Ok(None)` (nothing changed) when `path` is indexed already or every slot number is
    /// taken; `fill`'s error (nothing changed) when it fails.
    pub(super) fn push_with<E>(
        &mut self,
        path: &str,
        title: Option<&str>,
        content_hash: [u8; 32],
        chars: u32,
        fill: impl FnOnce(&mut Vec<u8>) -> Result<(), E>,
    ) -> Result<Option<u32>, E> {
        if self.slot_of(path).is_some() {
            return Ok(None);
        }
        let Some(slot) = self.push_unindexed(path, title, content_hash, chars, fill)? else { return Ok(None) };
        let (slots, text) = (&self.slots, &self.text);
        self.by_path.insert_unique(hash_path(path), slot, |&s| hash_path(path_of(slots, text, s)));
        Ok(Some(slot))
    }

    /// [`Docs::push_with`] without entering the path in the path table (the caller then calls
    /// [`Docs::index_paths`]): a load reads every document first and enters the paths in a loop
    /// of their own, where the table's cache misses overlap.
    pub(super) fn push_unindexed<E>(
        &mut self,
        path: &str,
        title: Option<&str>,
        content_hash: [u8; 32],
        chars: u32,
        fill: impl FnOnce(&mut Vec<u8>) -> Result<(), E>,
    ) -> Result<Option<u32>, E> {
        let Ok(slot) = u32::try_from(self.slots.len()) else { return Ok(None) };
        let p0 = self.prints.len();
        if let Err(e) = fill(&mut self.prints) {
            self.prints.truncate(p0);
            return Err(e);
        }
        self.text.push_str(path);
        let path_end = self.text.len();
        self.text.push_str(title.unwrap_or_default());
        self.slots.push(Meta {
            content_hash,
            prints_end: self.prints.len(),
            path_end,
            text_end: self.text.len(),
            chars,
            title: title.is_some(),
            live: true,
        });
        Ok(Some(slot))
    }

    /// Enters every live slot's path in the path table, which is rebuilt; the first slot whose
    /// path an earlier slot has (the table then holds the slots before it).
    pub(super) fn index_paths(&mut self) -> Result<(), u32> {
        self.by_path.clear();
        let (slots, text) = (&self.slots, &self.text);
        self.by_path.reserve(slots.len(), |&s| hash_path(path_of(slots, text, s)));
        for (s, m) in (0u32..).zip(slots) {
            if !m.live {
                continue;
            }
            let path = path_of(slots, text, s);
            let entry = self.by_path.entry(
                hash_path(path),
                |&t| path_of(slots, text, t) == path,
                |&t| hash_path(path_of(slots, text, t)),
            );
            match entry {
                Entry::Vacant(v) => {
                    v.insert(s);
                }
                Entry::Occupied(_) => return Err(s),
            }
        }
        Ok(())
    }

    /// [`Docs::push_with`] of fingerprint bytes at hand.
    pub(super) fn push(
        &mut self,
        path: &str,
        title: Option<&str>,
        content_hash: [u8; 32],
        chars: u32,
        prints: &[u8],
    ) -> Option<u32> {
        let pushed: Result<_, std::convert::Infallible> = self.push_with(path, title, content_hash, chars, |buf| {
            buf.extend_from_slice(prints);
            Ok(())
        });
        pushed.unwrap_or_else(|never| match never {})
    }

    /// Removes the document at `path`; its slot, whether it was indexed. Its bytes stay until
    /// [`Docs::compact`].
    pub(super) fn remove(&mut self, path: &str) -> Option<u32> {
        let (slots, text) = (&self.slots, &self.text);
        let found = self.by_path.find_entry(hash_path(path), |&s| path_of(slots, text, s) == path).ok()?;
        let (slot, _) = found.remove();
        let i = slot as usize;
        let (p0, t0) = starts(&self.slots, i);
        let m = self.slots.get_mut(i)?;
        m.live = false;
        self.dead_bytes += (m.prints_end - p0) + (m.text_end - t0);
        Some(slot)
    }

    /// Renumbers the live documents without holes (in order), dropping the removed documents'
    /// bytes: fingerprints move down in place, paths and titles are copied into a buffer of
    /// their size.
    pub(super) fn compact(&mut self) {
        if self.slots.len() == self.by_path.len() {
            return;
        }
        let live_text = self.iter().map(|d| d.path.len() + d.title.map_or(0, str::len)).sum();
        let mut text = String::with_capacity(live_text);
        let mut kept = Vec::with_capacity(self.by_path.len());
        let mut write = 0;
        let mut p0 = 0;
        for (i, m) in self.slots.iter().enumerate() {
            let (from, t0) = (p0, starts(&self.slots, i).1);
            p0 = m.prints_end;
            if !m.live {
                continue;
            }
            self.prints.copy_within(from..m.prints_end, write);
            write += m.prints_end - from;
            text.push_str(self.text.get(t0..m.path_end).unwrap_or_default());
            let path_end = text.len();
            text.push_str(self.text.get(m.path_end..m.text_end).unwrap_or_default());
            kept.push(Meta { prints_end: write, path_end, text_end: text.len(), ..*m });
        }
        self.prints.truncate(write);
        self.prints.shrink_to_fit();
        self.text = text;
        self.slots = kept;
        self.dead_bytes = 0;
        // The paths were distinct.
        let _ = self.index_paths();
    }

    /// Gives back the buffers' spare room (after a load, whose buffers grew as they were read).
    pub(super) fn shrink_to_fit(&mut self) {
        self.prints.shrink_to_fit();
        self.text.shrink_to_fit();
        self.slots.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the store replaced: a document per slot, each with its own allocations.
    #[derive(Debug, Clone, PartialEq)]
    struct Owned {
        path: String,
        title: Option<String>,
        content_hash: [u8; 32],
        chars: u32,
        prints: Vec<u8>,
    }

    fn owned(d: DocRef<'_>) -> Owned {
        Owned {
            path: d.path.to_owned(),
            title: d.title.map(str::to_owned),
            content_hash: *d.content_hash,
            chars: d.chars,
            prints: d.prints.to_vec(),
        }
    }

    #[derive(Debug, Clone)]
    enum Op {
        Push(u8, Option<u8>, u8, usize),
        Remove(u8),
        Compact,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            5 => (0u8..24, proptest::option::of(0u8..4), any::<u8>(), 0usize..40).prop_map(|(p, t, h, n)| Op::Push(p, t, h, n)),
            3 => (0u8..24).prop_map(Op::Remove),
            1 => Just(Op::Compact),
        ]
    }

    fn path(p: u8) -> String {
        // Multi-byte paths, some sharing prefixes.
        format!("文档/{}/{p}.md", p % 3)
    }

    proptest! {
        /// Pushes, removals and compactions give the documents, slots and lookups a plain vector
        /// of owned documents (the layout before the store) gives.
        #[test]
        fn store_behaves_like_a_vector_of_documents(ops in proptest::collection::vec(op(), 0..80)) {
            let mut store = Docs::default();
            let mut model: Vec<Option<Owned>> = Vec::new();
            for op in ops {
                match op {
                    Op::Push(p, t, h, n) => {
                        let doc = Owned {
                            path: path(p),
                            title: t.map(|t| "标题".repeat(usize::from(t))),
                            content_hash: [h; 32],
                            chars: u32::from(h) * 7,
                            prints: (0..n).map(|i| (i as u8).wrapping_mul(h)).collect(),
                        };
                        let taken = model.iter().flatten().any(|d| d.path == doc.path);
                        let slot = store.push(&doc.path, doc.title.as_deref(), doc.content_hash, doc.chars, &doc.prints);
                        if taken {
                            prop_assert_eq!(slot, None);
                        } else {
                            prop_assert_eq!(slot, Some(model.len() as u32));
                            model.push(Some(doc));
                        }
                    }
                    Op::Remove(p) => {
                        let at = model.iter().position(|d| d.as_ref().is_some_and(|d| d.path == path(p)));
                        prop_assert_eq!(store.remove(&path(p)), at.map(|i| i as u32));
                        if let Some(i) = at {
                            model[i] = None;
                        }
                    }
                    Op::Compact => {
                        store.compact();
                        model.retain(Option::is_some);
                        prop_assert_eq!(store.dead_bytes(), 0);
                    }
                }
                prop_assert_eq!(store.slots(), model.len());
                prop_assert_eq!(store.live(), model.iter().flatten().count());
                for (i, d) in model.iter().enumerate() {
                    prop_assert_eq!(&store.get(i as u32).map(owned), d);
                    prop_assert_eq!(store.chars(i as u32), d.as_ref().map(|d| d.chars));
                    prop_assert_eq!(store.is_live(i as u32), d.is_some());
                }
                prop_assert!(!store.is_live(model.len() as u32));
                prop_assert_eq!(store.get(model.len() as u32), None);
                prop_assert_eq!(store.iter().map(owned).collect::<Vec<_>>(), model.iter().flatten().cloned().collect::<Vec<_>>());
                let live: Vec<u32> = (0u32..).zip(&model).filter(|(_, d)| d.is_some()).map(|(s, _)| s).collect();
                prop_assert_eq!(store.live_slots().collect::<Vec<_>>(), live);
                for p in 0..24 {
                    let want = model.iter().position(|d| d.as_ref().is_some_and(|d| d.path == path(p)));
                    prop_assert_eq!(store.slot_of(&path(p)), want.map(|i| i as u32));
                }
                let live: usize = store.live_print_bytes();
                prop_assert_eq!(live, model.iter().flatten().map(|d| d.prints.len()).sum::<usize>());
            }
        }
    }

    #[test]
    fn a_failed_fill_changes_nothing() {
        let mut store = Docs::default();
        store.push("a.md", Some("A"), [1; 32], 3, b"abc");
        let failed = store.push_with("b.md", None, [2; 32], 4, |buf| {
            buf.extend_from_slice(b"partial");
            Err("cut short")
        });
        assert_eq!(failed, Err("cut short"));
        assert_eq!((store.slots(), store.slot_of("b.md")), (1, None));
        assert_eq!(store.push("b.md", None, [2; 32], 4, b"de"), Some(1));
        assert_eq!(store.get(1).map(|d| d.prints), Some(&b"de"[..]));
        assert_eq!(store.get(0).map(|d| (d.path, d.title, d.prints)), Some(("a.md", Some("A"), &b"abc"[..])));
        // Pushed without the path table (as a load does), a repeated path shows when the table is
        // built: the first slot repeating an earlier one.
        let ok: Result<_, ()> = store.push_unindexed("c.md", None, [3; 32], 1, |_| Ok(()));
        assert_eq!(ok, Ok(Some(2)));
        assert_eq!(store.slot_of("c.md"), None);
        assert_eq!(store.index_paths(), Ok(()));
        assert_eq!(store.slot_of("c.md"), Some(2));
        let again: Result<_, ()> = store.push_unindexed("a.md", None, [4; 32], 1, |_| Ok(()));
        assert_eq!(again, Ok(Some(3)));
        assert_eq!(store.index_paths(), Err(3));
    }
}
