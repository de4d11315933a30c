//! The corpus index: fingerprints of published articles, an inverted index over them, and the
//! file they are saved in.
//!
//! # File format
//!
//! All integers little-endian:
//!
//! | bytes | content |
//! |-------|---------|
//! | 8     | magic `HGCORP01` |
//! | 4     | format version ([`VERSION`]) |
//! | 8     | body length in bytes |
//! | 4     | CRC-32 (IEEE) of the body |
//! | n     | body, below |
//!
//! The body, written and read in one stream (saving never holds an encoded copy of the index,
//! loading reads straight into the final tables; the checksum is computed on the way):
//!
//! | bytes | content |
//! |-------|---------|
//! | 4, 4, 8 | k, w, synonym-table version |
//! | 8     | number of documents d |
//! | d ×   | path (8-byte length, UTF-8), title (1 byte 0 = none, 1 = a length and UTF-8 follow), content hash (32), normalized characters (4), fingerprints ([`Prints::encode`], 8-byte length and bytes) |
//! | 4, 4, 8 | postings: bucket bits b, slot bits s, number of postings p |
//! | 8 × (2^b + 1) | where each bucket's postings start (the last entry is p) |
//! | 4 × p | postings: per bucket, sorted `hash low bits << s \| slot` (the top b bits of the hash are the bucket) |
//!
//! The postings are stored so loading does not rebuild them; on load they are checked against
//! the documents (every slot names a document, buckets sorted), and a save after documents were
//! added one by one or removed rebuilds them for the live documents. Version 3 and older files
//! (postings not stored, 8 bytes each in memory) are refused: rebuild them with
//! `hegui corpus add`.

use std::collections::{HashMap, HashSet};
use std::io;
use std::ops::Range;
use std::path::PathBuf;

mod docs;
mod file;
mod postings;
mod query;

use docs::{DocRef, Docs};
pub use file::{MAGIC, VERSION, WriteLock};
use postings::Postings;
pub use query::{DocMatch, DocPair, Passage, QueryOptions, align_pair};

use super::fingerprint::{K, W};
use super::prints::Prints;

/// Passages (or groups of adjacent passages) shorter than this many normalized characters are
/// never reported by default.
pub const MIN_CHARS: usize = 30;

/// Default share of the draft or of the document the passages must cover
/// ([`QueryOptions::min_coverage`]), chosen on the dev split of the stock-phrasing evaluation
/// (`tests/dedup_eval.rs`): negatives sharing the genre's stock formulas covered at most 3.2%,
/// copies, partial copies, shuffles and spins at least 10.5% (0.04 to 0.10 all flag no negative).
pub const MIN_COVERAGE: f64 = 0.05;

/// Default length of a group reported whatever the coverage ([`QueryOptions::long_chars`]).
pub const LONG_CHARS: usize = 80;

/// Upper bound of [`Index::default_max_doc_frequency`].
pub const MAX_DEFAULT_DOC_FREQUENCY: usize = 1000;

/// Corpus documents verified per query at most (the ones sharing most rare fingerprints).
pub const MAX_CANDIDATES: usize = 200;

/// A corpus index: documents identified by path and content hash, each with its fingerprints in
/// two streams (characters; synonym classes and pinyin), and an inverted index from fingerprint
/// hash to documents.
///
/// The documents are what is saved ([`Index::save`]); the inverted index is derived from them:
/// built whole on load and by [`Index::extend`], kept in a small overlay by [`Index::add`].
#[derive(Debug, Clone)]
pub struct Index {
    k: u32,
    w: u32,
    /// Document slots; a removed document leaves a hole until the next compaction.
    docs: Docs,
    base: Postings,
    /// Postings of documents added one by one since `base` was built.
    overlay: HashMap<u32, Vec<u32>>,
}

/// What [`Index::add`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddOutcome {
    /// The path was new.
    Added,
    /// The path was indexed with the same content hash: nothing changed.
    Unchanged,
    /// The path was indexed with another content hash: its old fingerprints were replaced.
    Replaced,
}

/// Index size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IndexStats {
    /// Documents indexed.
    pub documents: usize,
    /// Fingerprints over all documents (both streams).
    pub fingerprints: usize,
    /// Distinct fingerprint hashes.
    pub distinct_hashes: usize,
}

/// Why an index could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The file does not exist.
    #[error("{}: no such index file", path.display())]
    NotFound {
        /// The index path.
        path: PathBuf,
    },
    /// Reading or writing failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The index path.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The file does not start with the index magic.
    #[error("{}: not a hegui corpus index", path.display())]
    NotAnIndex {
        /// The file path.
        path: PathBuf,
    },
    /// The file was written by a hegui with another index format.
    #[error("{}: index format version {found} is not supported (this hegui reads version {supported}); delete it and rebuild it with `hegui corpus add`", path.display())]
    UnsupportedVersion {
        /// The index path.
        path: PathBuf,
        /// The version in the file.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// The file is shorter than its header says.
    #[error("{}: index file is truncated ({found} of {expected} bytes); rebuild the index", path.display())]
    Truncated {
        /// The index path.
        path: PathBuf,
        /// Bytes the file should have (at least the header when the header itself is cut).
        expected: u64,
        /// Bytes it has.
        found: u64,
    },
    /// The body does not match its checksum or does not decode.
    #[error("{}: index file is corrupt ({reason}); rebuild the index", path.display())]
    Corrupt {
        /// The index path.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The index was built with another synonym table (another hegui version).
    #[error("{}: index was built with another synonym table; delete it and run `hegui corpus add` again", path.display())]
    OtherSynonyms {
        /// The index path.
        path: PathBuf,
    },
    /// The index could not be encoded.
    #[error("{}: cannot encode the index: {reason}", path.display())]
    Encode {
        /// The index path.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
}

impl Default for Index {
    fn default() -> Self {
        Self::new()
    }
}

/// Two indexes are equal when they hold the same documents, in the same order, with the same
/// fingerprints (removed-document slots and the derived inverted index do not count).
impl PartialEq for Index {
    fn eq(&self, other: &Self) -> bool {
        self.k == other.k && self.w == other.w && self.live().eq(other.live())
    }
}

/// Bytes of `n` as a file offset.
fn u64_of(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// A document waiting to be added by [`Index::extend`], its fingerprints already encoded (so
/// many can wait at little memory).
#[derive(Debug, Clone)]
pub struct NewDoc {
    path: String,
    title: Option<String>,
    content_hash: [u8; 32],
    chars: u32,
    prints: Vec<u8>,
}

impl NewDoc {
    /// A document with its path, title, content hash and fingerprints (with file byte ranges:
    /// [`Prints::of`] then [`Prints::map_src`]).
    pub fn new(path: String, title: Option<String>, content_hash: [u8; 32], prints: &Prints) -> Self {
        Self { path, title, content_hash, chars: prints.chars, prints: prints.encode() }
    }

    /// The document's path.
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl Index {
    /// An empty index with the default k-gram length and window ([`K`], [`W`]).
    pub fn new() -> Self {
        Self::with_params(K as u32, W as u32)
    }

    fn with_params(k: u32, w: u32) -> Self {
        Self { k, w, docs: Docs::default(), base: Postings::default(), overlay: HashMap::new() }
    }

    /// Whether `base` holds exactly the postings of the documents in their slots: none was added
    /// one by one (`overlay`) or removed (a hole) since it was built.
    fn base_is_exact(&self) -> bool {
        self.overlay.is_empty() && self.docs.slots() == self.docs.live()
    }

    fn live(&self) -> impl Iterator<Item = DocRef<'_>> {
        self.docs.iter()
    }

    fn doc(&self, slot: u32) -> Option<DocRef<'_>> {
        self.docs.get(slot)
    }

    /// The content hash a path was indexed with, if it is indexed (to skip unchanged files before
    /// extracting their text).
    pub fn content_hash(&self, path: &str) -> Option<[u8; 32]> {
        self.docs.slot_of(path).and_then(|s| self.doc(s)).map(|d| *d.content_hash)
    }

    /// Adds (or replaces) a document. `text` is its extracted text; `to_file` maps a byte range of
    /// `text` to the byte range in the original file (what the index stores and reports).
    ///
    /// The same path with the same content hash is [`AddOutcome::Unchanged`] and changes nothing
    /// (not even the title).
    pub fn add(
        &mut self,
        path: &str,
        title: Option<&str>,
        content_hash: [u8; 32],
        text: &str,
        to_file: &dyn Fn(Range<usize>) -> Range<usize>,
    ) -> AddOutcome {
        if self.content_hash(path) == Some(content_hash) {
            return AddOutcome::Unchanged;
        }
        let prints = Prints::of(text).map_src(to_file);
        self.add_prints(NewDoc::new(path.to_owned(), title.map(str::to_owned), content_hash, &prints))
    }

    /// Adds one document whose fingerprints are computed, posting it in the overlay.
    pub fn add_prints(&mut self, doc: NewDoc) -> AddOutcome {
        let outcome = self.make_room(&doc);
        if outcome == AddOutcome::Unchanged {
            return outcome;
        }
        let (holes, live) = (self.docs.slots() - self.docs.live(), self.docs.live());
        // Removed documents' bytes stay until a compaction: at most as many as the live ones'.
        let dead = self.docs.dead_bytes();
        if holes > live.max(64)
            || (dead > 1 << 20 && dead > self.docs.bytes() - dead)
            || u32::try_from(self.docs.slots()).is_err()
        {
            self.compact_valid();
        }
        let hashes = Prints::encoded_hashes(&doc.prints).unwrap_or_default();
        if let Some(slot) = self.insert(doc) {
            for h in hashes {
                self.overlay.entry(h).or_default().push(slot);
            }
        }
        outcome
    }

    /// Adds many documents at once and rebuilds the inverted index in one pass (what
    /// `hegui corpus add` and `hegui dedup` use); unchanged documents are skipped. Returns the
    /// outcome of each, in order.
    ///
    /// When documents are only added (none replaced, none removed before) to postings built
    /// whole, the new postings are merged into them ([`Postings::append`]: one pass over the
    /// postings) instead of rebuilding them from every document.
    pub fn extend(&mut self, docs: Vec<NewDoc>) -> Vec<AddOutcome> {
        let mut once = Some(docs);
        self.extend_batches(|_| once.take())
    }

    /// [`Index::extend`] of documents `next` gives a batch at a time, until it gives `None`, so
    /// that a large run never holds every new document's own allocations at once (their bytes are
    /// copied into the index's buffers). `next` sees the index with the documents of the earlier
    /// batches, whose postings are only built at the end: ask it for content hashes
    /// ([`Index::content_hash`]), not queries.
    pub fn extend_batches(&mut self, mut next: impl FnMut(&Index) -> Option<Vec<NewDoc>>) -> Vec<AddOutcome> {
        let first = self.docs.slots();
        let appendable = self.base_is_exact() && first > 0;
        let mut out = Vec::new();
        while let Some(docs) = next(self) {
            for doc in docs {
                let outcome = self.make_room(&doc);
                if outcome != AddOutcome::Unchanged {
                    self.insert(doc);
                }
                out.push(outcome);
            }
        }
        // Nothing new: the postings stand (rebuilding them is the costly part of a large index).
        if out.iter().any(|&o| o != AddOutcome::Unchanged) {
            let only_added = out.iter().all(|&o| o != AddOutcome::Replaced);
            let docs = &self.docs;
            let merged = appendable
                && only_added
                && self
                    .base
                    .append(first, docs.slots(), |i| docs.at(i).and_then(|d| Prints::encoded_hash_iter(d.prints)));
            if !merged {
                self.compact_valid();
            }
        }
        out
    }

    /// What adding `doc` does: nothing when its path is indexed with the same content hash;
    /// otherwise its path's old entry, if any, is removed (replaced) or there was none (added).
    fn make_room(&mut self, doc: &NewDoc) -> AddOutcome {
        if self.content_hash(&doc.path) == Some(doc.content_hash) {
            AddOutcome::Unchanged
        } else if self.remove(&doc.path) {
            AddOutcome::Replaced
        } else {
            AddOutcome::Added
        }
    }

    /// Puts a document in a new slot (the path must not be indexed); postings are the caller's.
    fn insert(&mut self, doc: NewDoc) -> Option<u32> {
        self.docs.push(&doc.path, doc.title.as_deref(), doc.content_hash, doc.chars, &doc.prints)
    }

    /// Renumbers the live documents without holes and rebuilds the inverted index, decoding each
    /// document's fingerprints once (in parallel). Fails with the path of the first document whose
    /// fingerprints do not decode (possible only for a loaded file written by a foreign encoder);
    /// the index is then unusable.
    fn compact(&mut self) -> Result<(), String> {
        self.docs.compact();
        // The old postings go first: two sets would be held at once otherwise.
        self.base = Postings::default();
        self.overlay.clear();
        // Postings read from the encodings' hash sections (whose headers refuse counts their
        // bytes cannot hold, so a foreign file allocates nothing from them).
        let docs = &self.docs;
        let built = Postings::build(docs.slots(), |i| docs.at(i).and_then(|d| Prints::encoded_hash_iter(d.prints)));
        self.base = match built {
            Ok(p) => p,
            Err(i) => return Err(docs.at(i).map(|d| d.path.to_owned()).unwrap_or_default()),
        };
        Ok(())
    }

    /// [`Index::compact`] of documents encoded by [`NewDoc::new`], which always decode.
    fn compact_valid(&mut self) {
        let decoded = self.compact();
        debug_assert!(decoded.is_ok(), "documents added here decode: {decoded:?}");
    }

    /// Removes a document; whether it was indexed. Its postings stay until the next compaction
    /// and are skipped by queries.
    pub fn remove(&mut self, path: &str) -> bool {
        self.docs.remove(path).is_some()
    }

    /// Documents, fingerprints and distinct hashes.
    pub fn stats(&self) -> IndexStats {
        let fingerprints =
            self.live().filter_map(|d| Prints::encoded_counts(d.prints)).map(|(r, c)| r + c).sum::<usize>();
        let distinct = if self.base_is_exact() {
            self.base.keys()
        } else {
            let mut distinct: HashSet<u32> = HashSet::new();
            for d in self.live() {
                distinct.extend(Prints::encoded_hashes(d.prints).unwrap_or_default());
            }
            distinct.len()
        };
        IndexStats { documents: self.docs.live(), fingerprints, distinct_hashes: distinct }
    }

    /// Bytes of fingerprints stored per document on average (the encoded streams).
    pub fn bytes_per_document(&self) -> f64 {
        let n = self.docs.live().max(1);
        self.docs.live_print_bytes() as f64 / n as f64
    }

    /// The boilerplate threshold when [`QueryOptions::max_doc_frequency`] is `None`: 1% of the
    /// corpus, at least 5 and at most [`MAX_DEFAULT_DOC_FREQUENCY`] documents (a phrase in a
    /// thousand articles is boilerplate however large the corpus, and longer posting lists would
    /// only slow every query down).
    pub fn default_max_doc_frequency(&self) -> usize {
        (self.docs.live() / 100).clamp(5, MAX_DEFAULT_DOC_FREQUENCY)
    }

    /// Indexed paths, in index order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.live().map(|d| d.path)
    }
}

#[cfg(test)]
mod tests {
    use std::fs::{self, File};
    use std::path::Path;

    use super::file::{HEADER_LEN, write_file};
    use super::*;
    use crate::dedup::classes;
    use crate::dedup::fingerprint::stream;
    use proptest::prelude::*;

    const P1: &str = "近年来，随着城市生活节奏不断加快，越来越多的年轻人开始关注睡眠质量。调查显示，超过六成的受访者表示自己经常熬夜，其中近三成的人每天睡眠时间不足六个小时。专家提醒，长期睡眠不足不仅会影响白天的工作效率，还可能增加患心血管疾病的风险。";
    const P2: &str = "想要睡个好觉，首先要养成规律的作息习惯。每天尽量在同一时间上床和起床，即使在周末也不要相差太多。睡前一小时最好放下手机，因为屏幕发出的蓝光会抑制褪黑素的分泌，让人更难入睡。此外，卧室的温度保持在20度左右，光线尽量调暗，也有助于提高睡眠质量。";
    /// P2 disguised: 繁體, full-width digits, spaces.
    const P2_DISGUISED: &str = "想要睡個好覺， 首先要養成規律的作息習慣。每 天 儘 量 在同一時間上床和起床，即使在週末也不要相差太多。睡前一小時最好放下手機，因為屏幕發出的藍光會抑制褪黑素的分泌，讓人更難入睡。此外，臥室的溫度保持在２０度左右，光線儘量調暗，也有助於提高睡眠質量。";
    const P3: &str = "饮食同样会影响睡眠。晚餐不宜吃得过饱，睡前三小时内尽量避免摄入咖啡、浓茶等含有咖啡因的饮品。有些人习惯睡前喝酒助眠，其实酒精虽然能让人更快入睡，却会破坏后半夜的睡眠结构，导致第二天醒来依然感到疲惫。";
    const FRONT: &str = "---\ntitle: 如何睡个好觉\n---\n\n# 如何睡个好觉\n\n";
    const OTHER_SLEEP: &str = "失眠是现代人常见的烦恼。有的人躺在床上翻来覆去两三个小时也睡不着，有的人半夜醒来就再也无法入眠。医生建议，白天适当运动、晚上少看电子产品、睡前用温水泡脚，都能在一定程度上缓解失眠。如果情况持续超过一个月，最好及时到医院的睡眠门诊就诊，不要自行服用安眠药。";
    const BOILERPLATE: &str = "点击蓝字关注我们，每天为你推送最新的行业资讯与深度分析，欢迎转发给身边有需要的朋友，也可以在后台回复关键词获取往期精选文章合集。";

    fn hash(n: u8) -> [u8; 32] {
        [n; 32]
    }

    proptest! {
        #[test]
        fn postings_find_exactly_the_slots_of_a_hash(
            pairs in proptest::collection::vec((0u32..64, 0u32..50), 0..400),
            spread in any::<bool>(),
            many_slots in any::<bool>(),
        ) {
            // Small hashes share buckets; spread ones fall in many. With many slots, the slot
            // takes 17 bits of a posting and the hash's top 17 bits are the bucket.
            let h = |x: u32| if spread { x.wrapping_mul(0x9E37_79B9) } else { x };
            let slots = if many_slots { 70_000 } else { 50 };
            let mut by_slot = vec![Vec::new(); slots];
            for &(x, s) in &pairs {
                by_slot[s as usize].push(h(x));
            }
            let p = Postings::build(slots, |i| by_slot.get(i).map(|v| v.clone().into_iter())).unwrap();
            prop_assert_eq!(p.slot_bits, if many_slots { 17 } else { 6 });
            prop_assert!(p.check(slots).is_ok());
            prop_assert_eq!(p.postings.len(), pairs.iter().map(|&(x, s)| (x, s)).collect::<HashSet<_>>().len());
            let mut distinct = HashSet::new();
            for x in 0..64u32 {
                let mut want: Vec<u32> = pairs.iter().filter(|&&(y, _)| y == x).map(|&(_, s)| s).collect();
                want.sort_unstable();
                want.dedup();
                if !want.is_empty() {
                    distinct.insert(x);
                }
                prop_assert_eq!(p.get(h(x)).collect::<Vec<_>>(), want);
            }
            prop_assert_eq!(p.keys(), distinct.len());
        }
    }

    proptest! {
        #[test]
        fn appended_postings_equal_a_rebuild(
            pairs in proptest::collection::vec((0u32..300, 0u32..40), 0..600),
            first in 1usize..40,
            spread in any::<bool>(),
        ) {
            let h = |x: u32| if spread { x.wrapping_mul(0x9E37_79B9) } else { x };
            let slots = 40;
            let mut by_slot = vec![Vec::new(); slots];
            for &(x, s) in &pairs {
                by_slot[s as usize].push(h(x));
            }
            let read = |i: usize| by_slot.get(i).map(|v| v.clone().into_iter());
            let whole = Postings::build(slots, read).unwrap();
            let mut grown = Postings::build(first, read).unwrap();
            let new: usize = by_slot[first..].iter().map(|v| v.iter().collect::<HashSet<_>>().len()).sum();
            let raw: usize = by_slot[first..].iter().map(Vec::len).sum();
            let (old, bits) = (grown.postings.len(), grown.bucket_bits);
            let merged = grown.append(first, slots, read);
            // Merged unless the slot bits change, the new postings outnumber the old, or a
            // rebuild would pick a wider table.
            prop_assert_eq!(
                merged,
                grown.slot_bits == whole.slot_bits && new <= old && Postings::bucket_bits(old + raw, slots) == bits
            );
            if merged {
                prop_assert!(grown.check(slots).is_ok(), "{:?}", grown.check(slots));
                prop_assert_eq!(grown.postings.len(), whole.postings.len());
                for x in 0..300u32 {
                    prop_assert_eq!(grown.get(h(x)).collect::<Vec<_>>(), whole.get(h(x)).collect::<Vec<_>>());
                }
            }
        }
    }

    fn new_doc(path: &str, text: &str) -> NewDoc {
        let n = path.bytes().fold(0u8, u8::wrapping_add);
        NewDoc::new(path.to_owned(), None, hash(n), &Prints::of(text))
    }

    #[test]
    fn adding_documents_merges_postings_that_a_saved_file_keeps() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.hgidx");
        let mut idx = Index::new();
        idx.extend((0..40).map(|i| new_doc(&format!("{i}.md"), &filler(i, 400))).collect());
        idx.save(&path).unwrap();
        let mut loaded = Index::load(&path).unwrap();
        let before = loaded.base.postings.len();
        loaded.extend(vec![new_doc("new.md", &filler(99, 400))]);
        // Merged in place: the table grew by the new document's postings, no overlay.
        assert!(loaded.base.postings.len() > before);
        assert!(loaded.overlay.is_empty());
        let m = loaded.query(&filler(99, 400), &QueryOptions::default());
        assert_eq!(m.first().map(|m| m.path.as_str()), Some("new.md"));
        loaded.save(&path).unwrap();
        // What was saved loads, and holds the postings a rebuild makes.
        let again = Index::load(&path).unwrap();
        let mut rebuilt = again.clone();
        rebuilt.compact().unwrap();
        for d in again.live() {
            for h in Prints::encoded_hashes(d.prints).unwrap() {
                assert_eq!(again.base.get(h).collect::<Vec<_>>(), rebuilt.base.get(h).collect::<Vec<_>>());
            }
        }
        assert_eq!(
            again.query(&filler(7, 400), &QueryOptions::default()),
            rebuilt.query(&filler(7, 400), &QueryOptions::default())
        );
    }

    fn identity(r: Range<usize>) -> Range<usize> {
        r
    }

    /// Deterministic pseudo-random Han text (xorshift), skewed towards frequent characters.
    fn filler(seed: u64, chars: usize) -> String {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut out = String::new();
        for i in 0..chars {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let a = (x % 2500) as u32;
            let b = ((x >> 20) % 2500) as u32;
            out.push(char::from_u32(0x4E00 + a * b / 2500 + a % 7).unwrap_or('的'));
            if i % 37 == 36 {
                out.push('，');
            }
        }
        out
    }

    /// The sleep article as a Markdown file, its extracted text and the offset between them.
    fn corpus_file() -> (String, String, usize) {
        let text = format!("{P1}\n{P2}\n{P3}");
        (format!("{FRONT}{text}"), text, FRONT.len())
    }

    fn sleep_index() -> Index {
        let mut idx = Index::new();
        let (_, text, off) = corpus_file();
        idx.add("sleep.md", Some("如何睡个好觉"), hash(1), &text, &|r| r.start + off..r.end + off);
        idx.add("other.md", None, hash(2), &filler(7, 400), &identity);
        idx
    }

    fn chars(s: &str) -> String {
        stream(s).into_iter().map(|(c, _)| c).collect()
    }

    #[test]
    fn add_unchanged_replaced_remove() {
        let mut idx = Index::new();
        let a = filler(1, 300);
        let b = filler(2, 300);
        assert_eq!(idx.add("a.md", None, hash(1), &a, &identity), AddOutcome::Added);
        let first = idx.stats();
        assert_eq!(first.documents, 1);
        assert!(first.fingerprints > 30);
        assert_eq!(idx.add("a.md", Some("ignored"), hash(1), &b, &identity), AddOutcome::Unchanged);
        assert_eq!(idx.stats(), first);
        assert_eq!(idx.query(&a, &QueryOptions::default())[0].title, None, "unchanged is a no-op");
        assert_eq!(idx.add("a.md", Some("B"), hash(2), &b, &identity), AddOutcome::Replaced);
        assert_eq!(idx.stats().documents, 1);
        let mut only_b = Index::new();
        only_b.add("a.md", Some("B"), hash(2), &b, &identity);
        assert_eq!(idx.stats(), only_b.stats(), "old postings removed");
        assert!(idx.query(&a, &QueryOptions::default()).is_empty());
        assert_eq!(idx.query(&b, &QueryOptions::default())[0].title.as_deref(), Some("B"));
        assert_eq!(idx.content_hash("a.md"), Some(hash(2)));
        assert!(idx.remove("a.md"));
        assert!(!idx.remove("a.md"));
        assert_eq!(idx.stats(), IndexStats::default());
        assert!(idx.query(&b, &QueryOptions::default()).is_empty());
        assert_eq!(idx.content_hash("a.md"), None);
    }

    #[test]
    fn many_replacements_compact_without_losing_documents() {
        let mut idx = Index::new();
        for round in 0..5u8 {
            for d in 0..40u64 {
                idx.add(&format!("{d}.md"), None, hash(round), &filler(d * 10 + u64::from(round), 100), &identity);
            }
        }
        assert_eq!(idx.stats().documents, 40);
        assert!(idx.docs.slots() < 200, "holes are compacted");
        let m = idx.query(&filler(17 * 10 + 4, 100), &QueryOptions::default());
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].path, "17.md");
        assert!(m[0].coverage > 0.8);
    }

    #[test]
    fn finds_verbatim_and_disguised_paragraphs() {
        assert_eq!(chars(P2_DISGUISED), chars(P2), "the disguise normalizes away");
        assert_ne!(P2_DISGUISED, P2);
        let idx = sleep_index();
        let (file, _, _) = corpus_file();
        let intro = "很多读者在后台留言，问我怎样才能改善失眠。今天就结合最近看到的资料，和大家聊聊这个话题。\n";
        let middle = "\n我自己的体会是，作息比什么都重要，其他办法都只是辅助。\n";
        let end = "\n希望这些小建议对你有帮助，也欢迎在评论区分享你的经验。";
        let draft = format!("{intro}{P1}{middle}{P2_DISGUISED}{end}");
        let found = idx.query(&draft, &QueryOptions::default());
        assert_eq!(found.len(), 1, "{found:?}");
        let m = &found[0];
        assert_eq!((m.path.as_str(), m.title.as_deref()), ("sleep.md", Some("如何睡个好觉")));
        assert_eq!(m.passages.len(), 2, "{:?}", m.passages);
        for (p, copied, original) in [(&m.passages[0], P1, P1), (&m.passages[1], P2_DISGUISED, P2)] {
            let at = draft.find(copied).unwrap();
            let span = at..at + copied.len();
            assert!(span.start <= p.draft.start && p.draft.end <= span.end, "{p:?} inside the copy {span:?}");
            let got = &draft[p.draft.clone()];
            // Up to W - 1 characters at each end may fall outside the passage.
            let (want, have) = (chars(copied), chars(got));
            let lead = want.find(&have).map(|b| want[..b].chars().count());
            assert!(lead.is_some_and(|l| l < W), "{got} starts near {copied}");
            assert!(want.chars().count() - have.chars().count() - lead.unwrap_or(0) < W, "{got} ends near {copied}");
            assert_eq!(have.chars().count(), p.chars);
            // The second sentence lies wholly inside: its first and last characters are covered.
            let sentence = copied.split_inclusive('。').nth(1).unwrap().trim_end_matches('。');
            let s_at = at + copied.find(sentence).unwrap();
            assert!(p.draft.start <= s_at && s_at + sentence.len() <= p.draft.end, "{sentence} in {got}");
            assert!(got.contains(sentence));
            // The corpus side points into the file bytes, at the original paragraph.
            let o_at = file.find(original).unwrap();
            assert!(o_at <= p.corpus.start && p.corpus.end <= o_at + original.len(), "{p:?}");
            assert_eq!(chars(&file[p.corpus.clone()]), have, "same text on both sides");
        }
        let total = chars(&draft).chars().count() as f64;
        let expect = (m.passages[0].chars + m.passages[1].chars) as f64 / total;
        assert!((m.coverage - expect).abs() < 1e-9, "{} vs {expect}", m.coverage);
        assert!(m.coverage > 0.6);
    }

    #[test]
    fn short_shared_phrases_are_not_reported() {
        let phrase = "长期睡眠不足不仅会影响白天的工作学习效率";
        assert_eq!(stream(phrase).len(), 20);
        let mut idx = Index::new();
        idx.add("a.md", None, hash(1), &format!("{}。{phrase}。{}", filler(1, 200), filler(2, 200)), &identity);
        let draft = format!("我的同事说，{phrase}，所以他现在每天十一点前一定关灯睡觉。");
        assert!(idx.query(&draft, &QueryOptions::default()).is_empty());
        let loose = QueryOptions { min_chars: 10, ..QueryOptions::default() };
        let m = idx.query(&draft, &loose);
        assert_eq!(m.len(), 1, "found when short passages are allowed");
        assert!(m[0].passages.iter().all(|p| p.chars >= 10 && p.chars <= 20));
    }

    #[test]
    fn different_articles_on_the_same_topic_share_nothing() {
        let idx = sleep_index();
        assert!(idx.query(OTHER_SLEEP, &QueryOptions::default()).is_empty());
        let mut idx2 = Index::new();
        idx2.add("other-sleep.md", None, hash(3), OTHER_SLEEP, &identity);
        let (_, text, _) = corpus_file();
        assert!(idx2.query(&text, &QueryOptions::default()).is_empty());
        assert!(idx.query("", &QueryOptions::default()).is_empty());
        assert!(idx.query("睡眠质量", &QueryOptions::default()).is_empty());
    }

    #[test]
    fn boilerplate_is_suppressed() {
        assert!(stream(BOILERPLATE).len() >= 30);
        let mut idx = Index::new();
        for d in 0..8u64 {
            idx.add(&format!("{d}.md"), None, hash(d as u8), &format!("{}\n{BOILERPLATE}", filler(d, 300)), &identity);
        }
        let draft = format!("{OTHER_SLEEP}\n{BOILERPLATE}");
        assert_eq!(idx.default_max_doc_frequency(), 5);
        assert!(idx.query(&draft, &QueryOptions::default()).is_empty(), "in 8 documents > 5");
        let lax = QueryOptions { max_doc_frequency: Some(8), ..QueryOptions::default() };
        let m = idx.query(&draft, &lax);
        assert_eq!(m.len(), 8, "reported when the threshold allows");
        // A document's own text is still found next to the boilerplate.
        let m = idx.query(&format!("{}\n{BOILERPLATE}", filler(3, 300)), &QueryOptions::default());
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].path, "3.md");
    }

    #[test]
    fn ranking_is_by_coverage() {
        let mut idx = Index::new();
        let (a, b) = (filler(1, 200), filler(2, 200));
        idx.add("most.md", None, hash(1), &format!("{a}\n{b}"), &identity);
        idx.add("half.md", None, hash(2), &a, &identity);
        let m = idx.query(&format!("{a}\n{b}"), &QueryOptions::default());
        let paths: Vec<&str> = m.iter().map(|m| m.path.as_str()).collect();
        assert_eq!(paths, ["most.md", "half.md"]);
        assert!(m[0].coverage > 0.95 && m[1].coverage < 0.55 && m[1].coverage > 0.4, "{m:?}");
    }

    #[test]
    fn save_load_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.hgidx");
        let mut idx = sleep_index();
        idx.add("gone.md", None, hash(9), &filler(9, 100), &identity);
        idx.add("kept.md", Some("标题"), hash(8), &filler(8, 100), &identity);
        idx.remove("gone.md");
        idx.save(&path).unwrap();
        let back = Index::load(&path).unwrap();
        assert_eq!(back, idx);
        assert_eq!(back.stats(), idx.stats());
        assert_ne!(back, sleep_index());
        // The stored postings are the ones the documents give; saved again as they are, the file
        // is the same byte for byte.
        let mut rebuilt = back.clone();
        rebuilt.compact_valid();
        assert!(!back.base.postings.is_empty());
        assert_eq!(rebuilt.base, back.base);
        let again = dir.path().join("again.hgidx");
        back.save(&again).unwrap();
        assert_eq!(fs::read(&again).unwrap(), fs::read(&path).unwrap());
        fs::remove_file(&again).unwrap();
        let draft = format!("{P2}\n{}", filler(8, 100));
        assert_eq!(back.query(&draft, &QueryOptions::default()), idx.query(&draft, &QueryOptions::default()));
        let bytes = fs::read(&path).unwrap();
        assert_eq!(&bytes[..8], b"HGCORP01");
        assert_eq!(bytes[8..12], VERSION.to_le_bytes());
        assert_eq!(u64::from_le_bytes(bytes[12..20].try_into().unwrap()), (bytes.len() - HEADER_LEN) as u64);
        // Saving again replaces the file; no temporary file is left.
        idx.remove("kept.md");
        idx.save(&path).unwrap();
        assert_eq!(Index::load(&path).unwrap(), idx);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        // An empty index round-trips too.
        Index::new().save(&path).unwrap();
        assert_eq!(Index::load(&path).unwrap(), Index::new());
    }

    /// A file of `docs` with parameters (k, w) and no postings.
    fn crafted((k, w): (u32, u32), docs: &[DocRef<'_>]) -> Vec<u8> {
        let none = Postings::build(docs.len(), |_| Some(Vec::new().into_iter())).unwrap();
        let mut out = std::io::Cursor::new(Vec::new());
        write_file(&mut out, (k, w, classes::version()), docs.len(), docs.iter().copied(), &none).unwrap();
        out.into_inner()
    }

    fn valid_bytes() -> Vec<u8> {
        sleep_index().to_bytes(Path::new("x")).unwrap()
    }

    #[test]
    fn counts_the_bytes_cannot_hold_are_corrupt_not_a_crash() {
        // Raw counts of 2^63 (two of them overflow the total) and 2^40 (an 8 TiB allocation),
        // in files whose checksum is right.
        let huge = |shift: u32| {
            let mut b = vec![0u8];
            let mut v = 1u64 << shift;
            while v >= 0x80 {
                b.push((v as u8) | 0x80);
                v >>= 7;
            }
            b.extend([v as u8, 0, 0]);
            b
        };
        for (shift, docs) in [(63, 2), (40, 1)] {
            let mut idx = Index::new();
            for i in 0..docs {
                idx.add(&format!("d{i}.md"), None, hash(i), P1, &identity);
            }
            let prints = huge(shift);
            let docs: Vec<DocRef<'_>> = idx.live().map(|d| DocRef { prints: &prints, ..d }).collect();
            let bytes = crafted((5, 9), &docs);
            let err = load_bytes(&bytes).expect_err("refused");
            assert!(matches!(&err, IndexError::Corrupt { reason, .. } if reason.contains("d0.md")), "{err}");
        }
    }

    fn load_bytes(bytes: &[u8]) -> Result<Index, IndexError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("i");
        fs::write(&path, bytes).unwrap();
        Index::load(&path)
    }

    /// Rewrites the header's length and checksum to match the body.
    fn reseal(bytes: &mut [u8]) {
        if bytes.len() >= HEADER_LEN {
            let len = (bytes.len() - HEADER_LEN) as u64;
            bytes[12..20].copy_from_slice(&len.to_le_bytes());
            let crc = crc32fast::hash(&bytes[HEADER_LEN..]);
            bytes[20..24].copy_from_slice(&crc.to_le_bytes());
        }
    }

    #[test]
    fn bad_files_give_the_right_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.hgidx");
        assert!(matches!(Index::load(&missing), Err(IndexError::NotFound { .. })));
        assert!(matches!(Index::load(dir.path()), Err(IndexError::Io { .. })), "a folder");
        let md = "# 如何睡个好觉\n\n近年来，随着城市生活节奏不断加快。\n".as_bytes();
        assert!(matches!(load_bytes(md), Err(IndexError::NotAnIndex { .. })));
        assert!(matches!(load_bytes(b"HGCORP02rest"), Err(IndexError::NotAnIndex { .. })));
        let good = valid_bytes();
        assert!(load_bytes(&good).is_ok());
        let mut v1 = good.clone();
        v1[8..12].copy_from_slice(&1u32.to_le_bytes());
        let err = load_bytes(&v1).unwrap_err();
        assert!(matches!(err, IndexError::UnsupportedVersion { found: 1, supported: VERSION, .. }), "{err}");
        assert!(err.to_string().contains("version 1") && err.to_string().contains("hegui corpus add"), "{err}");
        for cut in [0, 5, 8, 10, HEADER_LEN - 1, HEADER_LEN, good.len() - 10, good.len() - 1] {
            let err = load_bytes(&good[..cut]).unwrap_err();
            assert!(matches!(err, IndexError::Truncated { .. }), "cut at {cut}: {err}");
        }
        let err = load_bytes(&good[..good.len() - 10]).unwrap_err();
        assert!(matches!(err, IndexError::Truncated { found, expected, .. } if expected == found + 10));
        let mut flipped = good.clone();
        let mid = HEADER_LEN + (good.len() - HEADER_LEN) / 2;
        flipped[mid] ^= 0x40;
        let err = load_bytes(&flipped).unwrap_err();
        assert!(matches!(&err, IndexError::Corrupt { reason, .. } if reason.contains("checksum")), "{err}");
        let mut longer = good.clone();
        longer.extend_from_slice(b"tail");
        assert!(matches!(load_bytes(&longer), Err(IndexError::Corrupt { .. })));
        // Checksum right, body garbage.
        let mut garbage = good[..HEADER_LEN].to_vec();
        garbage.extend_from_slice(&[0xFF; 40]);
        reseal(&mut garbage);
        let err = load_bytes(&garbage).unwrap_err();
        assert!(matches!(&err, IndexError::Corrupt { reason, .. } if reason.contains("decode")), "{err}");
        // Decodes, but claims nonsense parameters.
        let bad_k = crafted((0, 9), &[]);
        assert!(matches!(load_bytes(&bad_k), Err(IndexError::Corrupt { .. })));
        // The same path twice.
        let idx = sleep_index();
        let d = idx.live().next().unwrap();
        let twice = crafted((5, 9), &[d, d]);
        assert!(matches!(load_bytes(&twice), Err(IndexError::Corrupt { reason, .. }) if reason.contains("twice")));
    }

    #[test]
    fn a_second_writer_waits_for_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.hgidx");
        let first = Index::lock_for_update(&path, &|| panic!("nobody holds the lock yet")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let p2 = path.clone();
        let second = std::thread::spawn(move || {
            let waiting = tx.clone();
            let lock = Index::lock_for_update(&p2, &|| waiting.send("waiting").unwrap());
            tx.send("locked").unwrap();
            lock.is_ok()
        });
        assert_eq!(rx.recv().unwrap(), "waiting", "the second writer found the lock taken");
        drop(first);
        assert_eq!(rx.recv().unwrap(), "locked");
        assert!(second.join().unwrap());
        // Stale temporary files of this index go when the lock is taken: a dead process's, this
        // process's own (it is not saving); a live process's (pid 1) and other files stay.
        let names = [
            "c.hgidx.tmp-4294967295",
            &format!("c.hgidx.tmp-{}", std::process::id()),
            "c.hgidx.tmp-1",
            "d.hgidx.tmp-4294967295",
        ];
        for n in names {
            fs::write(dir.path().join(n), "x").unwrap();
        }
        let _lock = Index::lock_for_update(&path, &|| panic!("free")).unwrap();
        let left: Vec<bool> = names.iter().map(|n| dir.path().join(n).exists()).collect();
        assert_eq!(left, [false, false, cfg!(target_os = "linux"), true]);
    }

    #[test]
    fn failed_save_keeps_the_previous_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.hgidx");
        let old = sleep_index();
        old.save(&path).unwrap();
        let mut new = old.clone();
        new.add("new.md", None, hash(5), &filler(5, 200), &identity);
        let tmp_seen = std::cell::Cell::new(false);
        let err = new
            .save_with(&path, &|tmp| {
                tmp_seen.set(tmp.exists() && tmp.parent() == path.parent());
                Err(io::Error::other("disk full"))
            })
            .unwrap_err();
        assert!(tmp_seen.get(), "the temporary file was written next to the index");
        assert!(matches!(err, IndexError::Io { .. }));
        assert_eq!(Index::load(&path).unwrap(), old, "previous file intact");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "temporary file removed");
        // A real failure at the rename: the target is a non-empty folder.
        let blocked = dir.path().join("blocked");
        fs::create_dir(&blocked).unwrap();
        fs::write(blocked.join("x"), "x").unwrap();
        assert!(matches!(new.save(&blocked), Err(IndexError::Io { .. })));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2, "no temporary file left");
        // A folder that does not exist.
        assert!(matches!(new.save(&dir.path().join("no/such.hgidx")), Err(IndexError::Io { .. })));
        new.save(&path).unwrap();
        assert_eq!(Index::load(&path).unwrap(), new);
    }

    #[test]
    #[cfg(unix)]
    fn read_only_folder_save_fails_cleanly() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.hgidx");
        let old = sleep_index();
        old.save(&path).unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
        let probe = File::create(dir.path().join("probe")).is_ok();
        if !probe {
            // (Root ignores folder permissions; the hook test above covers that case.)
            assert!(matches!(Index::new().save(&path), Err(IndexError::Io { .. })));
        }
        assert_eq!(Index::load(&path).unwrap(), old);
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// Random text over a small Han alphabet with separators, never repeating a character twice
    /// in a row (repeats collapse in normalization). The draft's and the document's own text use
    /// different alphabets, so the run is all they share.
    fn noise(from: char, to: char) -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![8 => proptest::char::range(from, to), 1 => Just('，'), 1 => Just(' ')],
            0..150,
        )
        .prop_map(|mut v| {
            v.dedup();
            v.into_iter().collect()
        })
    }

    /// A shared run of 13 to 60 Han characters from another block, without immediate repeats.
    fn shared_run() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::char::range('\u{5000}', '\u{5FFF}'), 13..60).prop_map(|mut v| {
            v.dedup();
            v.into_iter().collect()
        })
    }

    proptest! {
        /// Any verbatim run of ≥ 13 normalized characters shared with an indexed document is
        /// found and located: the document is returned, with a passage lying inside the run in the
        /// draft and inside the run in the document's file (front matter shifts file offsets).
        #[test]
        fn shared_runs_are_found_and_located(
            a in noise('\u{4E00}', '\u{4E60}'),
            b in noise('\u{4E00}', '\u{4E60}'),
            run in shared_run(),
            c in noise('\u{4F00}', '\u{4F60}'),
            d in noise('\u{4F00}', '\u{4F60}'),
        ) {
            prop_assume!(stream(&run).len() >= K + W - 1);
            let body = format!("{a}\n{run}\n{b}");
            let front = "---\ntitle: 原文\n---\n\n";
            let file = format!("{front}{body}");
            let mut idx = Index::new();
            idx.add("doc.md", None, hash(1), &body, &|r| r.start + front.len()..r.end + front.len());
            idx.add("other.md", None, hash(2), &filler(3, 200), &identity);
            let draft = format!("{c}\n{run}\n{d}");
            // The document-level verdict off (a short run in a long draft covers little of it).
            // Verbatim stream only: with rewrites on, a homophone next to the run may rightly
            // extend the passage beyond it (checked below).
            let opts = QueryOptions { min_chars: K, max_doc_frequency: Some(usize::MAX), min_coverage: 0.0, rewrites: false, background: false, ..QueryOptions::default() };
            let found = idx.query(&draft, &opts);
            let m = found.iter().find(|m| m.path == "doc.md");
            prop_assert!(m.is_some(), "not found: {found:?}");
            let m = m.unwrap();
            let (in_draft, in_file) = (draft.find(&run).unwrap(), file.find(&run).unwrap());
            let located = m.passages.iter().any(|p| {
                in_draft <= p.draft.start && p.draft.end <= in_draft + run.len()
                    && in_file <= p.corpus.start && p.corpus.end <= in_file + run.len()
                    && chars(&draft[p.draft.clone()]) == chars(&file[p.corpus.clone()])
            });
            prop_assert!(located, "{:?}", m.passages);
            // With rewrites on the run is still found, by a passage overlapping it.
            let all = idx.query(&draft, &QueryOptions { rewrites: true, ..opts });
            let m = all.iter().find(|m| m.path == "doc.md");
            prop_assert!(m.is_some_and(|m| m.passages.iter().any(|p| p.draft.start < in_draft + run.len() && in_draft < p.draft.end)));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300), headed in any::<bool>()) {
            let mut bytes = bytes;
            if headed {
                let mut h = MAGIC.to_vec();
                h.extend_from_slice(&VERSION.to_le_bytes());
                h.extend_from_slice(&[0; 12]);
                h.extend_from_slice(&bytes);
                reseal(&mut h);
                bytes = h;
            }
            if let Ok(idx) = load_bytes(&bytes) {
                let _ = idx.query(P1, &QueryOptions::default());
            }
        }

        #[test]
        fn mutated_files_never_panic(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
            cut in proptest::option::of(any::<prop::sample::Index>()),
            seal in any::<bool>(),
        ) {
            let mut bytes = valid_bytes();
            for (at, b) in edits {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
            if let Some(c) = cut {
                bytes.truncate(c.index(bytes.len()));
            }
            if seal {
                reseal(&mut bytes);
            }
            if let Ok(idx) = load_bytes(&bytes) {
                let _ = idx.stats();
                let (_, text, _) = corpus_file();
                let _ = idx.query(&text, &QueryOptions::default());
                let _ = idx.query(&text, &QueryOptions { min_chars: 0, max_doc_frequency: Some(0), ..QueryOptions::default() });
            }
        }
    }

    #[test]
    fn align_pair_reports_what_a_query_reports() {
        // One copied and one disguised paragraph, among others: the pairwise alignment equals the
        // index query's match for that document, with every fingerprint rare and with some not.
        let corpus = format!("{P1}\n{P2}\n{BOILERPLATE}");
        let draft = format!("{OTHER_SLEEP}\n{P2_DISGUISED}\n{P1}\n{BOILERPLATE}");
        let mut idx = Index::new();
        idx.add("c.txt", None, hash(1), &corpus, &identity);
        for (n, filler_text) in [P3, OTHER_SLEEP, FRONT].iter().enumerate() {
            idx.add(&format!("f{n}.txt"), None, hash(2 + n as u8), &format!("{filler_text}{BOILERPLATE}"), &identity);
        }
        let opts = QueryOptions { max_doc_frequency: Some(3), ..QueryOptions::default() };
        let found = idx.query(&draft, &opts);
        let want: Vec<&DocMatch> = found.iter().filter(|m| m.path == "c.txt").collect();
        assert_eq!(want.len(), 1, "{found:?}");
        let (dp, cp) = (Prints::of(&draft), Prints::of(&corpus));
        // Rare as the index sees it: found in at most two indexed documents.
        let df = |h: u32| idx.postings(h).count();
        let got = align_pair(&dp, &cp, &|h| (1..=2).contains(&df(h)), &opts).expect("passages");
        assert_eq!(got.passages, want[0].passages);
        assert_eq!(
            (got.coverage, got.source_coverage, got.longest, got.groups.clone()),
            (want[0].coverage, want[0].source_coverage, want[0].longest, want[0].groups.clone())
        );
        assert!(got.passages.len() >= 2, "both paragraphs: {:?}", got.passages);
        let all = align_pair(&dp, &cp, &|_| true, &opts).expect("passages");
        assert!(all.coverage >= got.coverage, "every fingerprint rare: at least the same passages");
        let none = align_pair(&dp, &cp, &|_| false, &opts);
        assert!(none.is_none(), "no rare fingerprint, no anchor: {none:?}");
        assert!(align_pair(&Prints::of(P3), &cp, &|_| true, &opts).is_none());
        // The document-level verdict applies: asking for more coverage than the passages have (and
        // a longer group than they hold) rejects the pair, as the query does.
        let strict = QueryOptions { min_coverage: 0.99, long_chars: usize::MAX, ..opts };
        assert!(idx.query(&draft, &strict).iter().all(|m| m.path != "c.txt"));
        assert!(align_pair(&dp, &cp, &|h| (1..=2).contains(&df(h)), &strict).is_none());
    }

    #[test]
    fn pairs_from_one_walk_equal_pairs_document_by_document() {
        // Documents sharing passages in twos and threes, with boilerplate in many of them.
        let texts: Vec<(String, String)> = (0..30u64)
            .map(|i| {
                let own = filler(i, 300);
                let shared = filler(1000 + i / 3, 250);
                let tail = if i % 4 == 0 { BOILERPLATE } else { "" };
                (format!("{i:02}.md"), format!("{own}。{shared}。{tail}"))
            })
            .collect();
        let mut whole = Index::new();
        whole.extend(texts.iter().map(|(p, t)| new_doc(p, t)).collect());
        assert!(whole.overlay.is_empty(), "postings built whole: the walk applies");
        let mut one_by_one = Index::new();
        for (p, t) in &texts {
            one_by_one.add_prints(new_doc(p, t));
        }
        assert!(!one_by_one.overlay.is_empty(), "postings in the overlay: document by document");
        for opts in [
            QueryOptions::default(),
            QueryOptions { background: false, max_doc_frequency: Some(3), ..QueryOptions::default() },
        ] {
            let a = whole.pairs(&opts, 0.05, &|_| ());
            assert!(a.len() >= 10, "{} pairs", a.len());
            assert_eq!(a, one_by_one.pairs(&opts, 0.05, &|_| ()));
        }
    }
}
