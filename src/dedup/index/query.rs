//! Queries: the corpus documents a draft shares passages with, and all near-duplicate pairs.

use std::collections::HashSet;
use std::ops::Range;

use rayon::prelude::*;

use super::*;
use crate::dedup::align::{self, PassageKind};
use crate::dedup::prints::Prints;

/// One passage a draft shares with a corpus document.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    /// Byte range in the draft text passed to [`Index::query`].
    pub draft: Range<usize>,
    /// Byte range in the corpus document's original file.
    pub corpus: Range<usize>,
    /// Normalized characters covered in the draft (letters, digits, Han).
    pub chars: usize,
    /// Verbatim, near, rewritten or reordered.
    pub kind: PassageKind,
    /// Share of the draft's fingerprints inside the passage the document shares (0 to 1).
    pub similarity: f64,
    /// Share of the draft passage's characters in stretches shared character for character
    /// (0 to 1; [`align::Aligned::unchanged`]): low for a rewritten passage whose words were
    /// swapped for synonyms or homophones, whatever its `similarity`.
    pub unchanged: f64,
    /// Whether the passage is mostly the same characters (copied: verbatim or near, possibly
    /// reordered) rather than rewritten.
    pub literal: bool,
}

/// A corpus document sharing passages with a draft.
#[derive(Debug, Clone, PartialEq)]
pub struct DocMatch {
    /// The document's path, as added.
    pub path: String,
    /// The document's title, as added.
    pub title: Option<String>,
    /// Shared passages, by draft position.
    pub passages: Vec<Passage>,
    /// Stretches of the draft to report: ranges of indices into `passages` of passages lying
    /// close together, each long enough on its own.
    pub groups: Vec<Range<usize>>,
    /// Share of the draft's normalized characters covered by the passages (0 to 1).
    pub coverage: f64,
    /// Similarity of the passages, weighted by length (0 to 1).
    pub similarity: f64,
    /// Share of the corpus document's normalized characters covered by the passages (0 to 1).
    pub source_coverage: f64,
    /// Characters of the longest reported group spanned by fingerprints that are not
    /// boilerplate (not common in the corpus nor in the genre background).
    pub longest: usize,
}

impl DocMatch {
    /// Normalized characters in all passages.
    pub fn chars(&self) -> usize {
        self.passages.iter().map(|p| p.chars).sum()
    }
}

/// Options for [`Index::query`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueryOptions {
    /// Groups of passages shorter than this many normalized characters are not reported
    /// ([`MIN_CHARS`]).
    pub min_chars: usize,
    /// Fingerprints found in more documents than this are boilerplate (点击蓝字关注我们) and do
    /// not make a document a candidate; `None`: [`Index::default_max_doc_frequency`].
    pub max_doc_frequency: Option<usize>,
    /// Document-level verdict: a document is reported only when the shared passages cover at
    /// least this share of the draft or of the document (0 to 1; [`MIN_COVERAGE`]), unless one
    /// group is at least [`QueryOptions::long_chars`] long.
    pub min_coverage: f64,
    /// A group of passages with at least this many non-boilerplate characters makes a document
    /// reported whatever the coverage ([`LONG_CHARS`]).
    pub long_chars: usize,
    /// Whether rewritten passages (synonym and homophone stream) are looked for.
    pub rewrites: bool,
    /// Whether k-grams of the genre background ([`crate::dedup::background`]: stock phrasing
    /// common across unrelated texts) count as boilerplate, like fingerprints found in more than
    /// `max_doc_frequency` documents.
    pub background: bool,
}

impl From<&crate::config::DedupConfig> for QueryOptions {
    /// The query options `[dedup]` settings stand for.
    fn from(d: &crate::config::DedupConfig) -> Self {
        Self {
            min_chars: d.min_chars,
            max_doc_frequency: d.max_doc_frequency,
            min_coverage: d.min_coverage,
            long_chars: LONG_CHARS,
            rewrites: d.rewrites,
            background: true,
        }
    }
}

impl QueryOptions {
    /// The document-level verdict on a match: whether it is reported. Its longest group must have
    /// [`QueryOptions::min_chars`] characters that are not boilerplate, and the passages must
    /// cover [`QueryOptions::min_coverage`] of the draft or of the document, or one group must be
    /// [`QueryOptions::long_chars`] long: a draft sharing a few stock sentences with an article
    /// has not copied it.
    pub fn verdict(&self, m: &DocMatch) -> bool {
        m.longest >= self.min_chars
            && (m.coverage.max(m.source_coverage) >= self.min_coverage || m.longest >= self.long_chars)
    }
}

impl Default for QueryOptions {
    fn default() -> Self {
        Self {
            min_chars: MIN_CHARS,
            max_doc_frequency: None,
            min_coverage: MIN_COVERAGE,
            long_chars: LONG_CHARS,
            rewrites: true,
            background: true,
        }
    }
}

/// Two documents of an index sharing passages, both directions.
#[derive(Debug, Clone, PartialEq)]
pub struct DocPair {
    /// The first document's path (in index order).
    pub a: String,
    /// The second document's path.
    pub b: String,
    /// Share of `a` covered by passages shared with `b`.
    pub coverage_a: f64,
    /// Share of `b` covered by passages shared with `a`.
    pub coverage_b: f64,
    /// Similarity of the passages found from `a`'s side.
    pub similarity: f64,
    /// Passages with `draft` in `a`'s file and `corpus` in `b`'s file.
    pub passages: Vec<Passage>,
}

impl Index {
    /// Live document slots holding hash `h` (removed documents skipped).
    pub(super) fn postings(&self, h: u32) -> impl Iterator<Item = u32> + '_ {
        let extra = self.overlay.get(&h).map(Vec::as_slice).unwrap_or_default();
        self.base.get(h).chain(extra.iter().copied()).filter(|&s| self.docs.is_live(s))
    }

    /// Corpus documents sharing passages with `text` (a draft's extracted text; ranges in `text`
    /// for the draft side, original-file byte ranges for the corpus side), best first.
    ///
    /// Candidates are the documents sharing enough rare fingerprints (in either stream) with
    /// the draft; each is aligned ([`align::align`]) and kept if a group of passages is long
    /// enough. A passage runs from its first shared k-gram to its last, so up to w - 1 characters
    /// at either end of a copied stretch may lie outside it. Documents are ordered by coverage,
    /// then passage characters, then path.
    pub fn query(&self, text: &str, opts: &QueryOptions) -> Vec<DocMatch> {
        let draft = if opts.rewrites { Prints::of(text) } else { Prints::of_raw(text) };
        self.query_prints(draft, None, opts, 0.0)
    }

    /// [`Index::query`] over fingerprints; with `skip`, only documents in later slots are
    /// candidates (each pair of [`Index::pairs`] once). With `pair_coverage` > 0 only
    /// documents that may cover that share of the smaller of the two texts are aligned: a shared
    /// stretch of n characters carries about n · 2/(w+1) fingerprints per stream, of which a
    /// quarter is required (boilerplate and edits lose some).
    pub(super) fn query_prints(
        &self,
        mut draft: Prints,
        skip: Option<u32>,
        opts: &QueryOptions,
        pair_coverage: f64,
    ) -> Vec<DocMatch> {
        if !opts.rewrites {
            draft.class.clear();
        }
        if draft.chars == 0 || draft.is_empty() {
            return Vec::new();
        }
        let max_df = opts.max_doc_frequency.unwrap_or_else(|| self.default_max_doc_frequency());
        let mut rare: HashSet<u32, std::hash::BuildHasherDefault<align::KeyHasher>> = HashSet::default();
        let mut hits: align::HashKeyed<u32> = align::HashKeyed::default();
        let background = crate::dedup::background::Background::bundled();
        let mut slots: Vec<u32> = Vec::new();
        for h in draft.hashes() {
            if opts.background && background.contains(h) {
                continue;
            }
            slots.clear();
            slots.extend(self.postings(h).take(max_df.saturating_add(1)));
            if slots.is_empty() || slots.len() > max_df {
                continue;
            }
            rare.insert(h);
            for &s in &slots {
                if skip.is_none_or(|k| s > k) {
                    *hits.entry(s).or_default() += 1;
                }
            }
        }
        let is_rare = |h: u32| rare.contains(&h);
        self.verify(&draft, hits.into_iter(), &is_rare, opts, pair_coverage)
    }

    /// The matches among the candidates `hits` gives (slot, rare fingerprints shared with the
    /// draft): the ones sharing enough rare fingerprints, most first, at most [`MAX_CANDIDATES`],
    /// aligned with the draft. `is_rare` tells the draft's hashes that are not boilerplate.
    fn verify(
        &self,
        draft: &Prints,
        hits: impl Iterator<Item = (u32, u32)>,
        is_rare: &dyn Fn(u32) -> bool,
        opts: &QueryOptions,
        pair_coverage: f64,
    ) -> Vec<DocMatch> {
        // A shared stretch of n characters holds at least (n - k + 1) / w fingerprints (one per
        // disjoint window): fewer rare hits cannot make a reportable group.
        let min_hits = ((opts.min_chars + 1).saturating_sub(self.k as usize) / self.w.max(1) as usize).max(1);
        let density = 2.0 / f64::from(self.w + 1);
        let enough = |slot: u32, n: u32| {
            let Some(chars) = self.docs.chars(slot) else { return false };
            let smaller = f64::from(draft.chars.min(chars));
            n as usize >= min_hits && f64::from(n) >= 0.25 * pair_coverage * density * smaller
        };
        let mut candidates: Vec<(u32, u32)> = hits.filter(|&(s, n)| enough(s, n)).collect();
        candidates.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        candidates.truncate(MAX_CANDIDATES);
        if candidates.is_empty() {
            return Vec::new();
        }
        let map = align::DraftMap::new(draft, is_rare);
        let mut out = Vec::new();
        for (slot, _) in candidates {
            let Some(doc) = self.doc(slot) else { continue };
            let Some(prints) = Prints::decode(doc.prints) else { continue };
            if let Some(m) = match_doc(draft, &map, &prints, doc.chars, opts) {
                out.push(DocMatch { path: doc.path.to_owned(), title: doc.title.map(str::to_owned), ..m });
            }
        }
        out.sort_by(|a, b| {
            b.coverage.total_cmp(&a.coverage).then_with(|| b.chars().cmp(&a.chars())).then_with(|| a.path.cmp(&b.path))
        });
        out
    }

    /// Pairs of indexed documents sharing passages, where passages cover at least `min_coverage`
    /// of one of the two. Each document is queried against the documents after it in the index
    /// only, so every pair is aligned once (the other side's coverage is the match's
    /// [`DocMatch::source_coverage`]). Runs in parallel; `progress` is called with the number of
    /// documents done so far.
    ///
    /// The candidates are counted by walking the inverted index once, not by looking up every
    /// hash of every document, when what that finds fits in memory (2^26 entries); the result is
    /// the same either way.
    pub fn pairs(&self, opts: &QueryOptions, min_coverage: f64, progress: &(dyn Fn(usize) + Sync)) -> Vec<DocPair> {
        let done = std::sync::atomic::AtomicUsize::new(0);
        let tick = || progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1);
        let found: Vec<(u32, Vec<DocMatch>)> = match self.shared_rare(opts) {
            Some((table, ends)) => ends
                .into_par_iter()
                .enumerate()
                .filter_map(|(i, (from, mid, end))| {
                    let slot = u32::try_from(i).ok()?;
                    let doc = self.doc(slot)?;
                    let m = if mid == from {
                        Vec::new()
                    } else {
                        let draft = Prints::decode(doc.prints)?;
                        let mut later = table.get(from..mid)?.to_vec();
                        let mut rare = table.get(mid..end)?.to_vec();
                        later.sort_unstable();
                        rare.sort_unstable();
                        let is_rare = |h: u32| rare.binary_search(&h).is_ok();
                        let mut hits: Vec<(u32, u32)> = Vec::new();
                        for t in later {
                            match hits.last_mut() {
                                Some((s, n)) if *s == t => *n += 1,
                                _ => hits.push((t, 1)),
                            }
                        }
                        if draft.chars == 0 || draft.is_empty() {
                            Vec::new()
                        } else {
                            self.verify(&draft, hits.into_iter(), &is_rare, opts, min_coverage)
                        }
                    };
                    tick();
                    Some((slot, m))
                })
                .collect(),
            None => (0..self.docs.slots())
                .into_par_iter()
                .filter_map(|i| {
                    let slot = u32::try_from(i).ok()?;
                    let doc = self.doc(slot)?;
                    let prints = Prints::decode(doc.prints)?;
                    let m = self.query_prints(prints, Some(slot), opts, min_coverage);
                    tick();
                    Some((slot, m))
                })
                .collect(),
        };
        let mut out = Vec::new();
        for (slot, ms) in found {
            let Some(d) = self.doc(slot) else { continue };
            for m in ms {
                let (ca, cb) = (m.coverage, m.source_coverage);
                if ca.max(cb) < min_coverage {
                    continue;
                }
                let pair = if d.path < m.path.as_str() {
                    DocPair {
                        a: d.path.to_owned(),
                        b: m.path,
                        coverage_a: ca,
                        coverage_b: cb,
                        similarity: m.similarity,
                        passages: m.passages,
                    }
                } else {
                    DocPair {
                        a: m.path,
                        b: d.path.to_owned(),
                        coverage_a: cb,
                        coverage_b: ca,
                        similarity: m.similarity,
                        passages: m
                            .passages
                            .into_iter()
                            .map(|p| Passage { draft: p.corpus.clone(), corpus: p.draft.clone(), ..p })
                            .collect(),
                    }
                };
                out.push(pair);
            }
        }
        out.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
        out
    }
}

/// Most entries [`Index::shared_rare`] holds (4 bytes each); a larger index is paired document by
/// document.
const PAIR_BUDGET: usize = 1 << 26;

/// What [`Index::shared_rare`] finds: one table, and each slot's three bounds in it.
type Shared = (Vec<u32>, Vec<(usize, usize, usize)>);

impl Index {
    /// What [`Index::query_prints`] finds for each document before aligning, for all documents at
    /// once by walking the postings once: per slot, the later slots sharing its rare hashes (each
    /// once per shared hash) and its rare hashes, in any order: one table, and each slot's ranges
    /// of it (later slots from the first to the second bound, rare hashes to the third). A hash is rare when it is in
    /// at most `max_doc_frequency` documents and, with `opts.background`, not in the genre
    /// background. `None` when that takes more than [`PAIR_BUDGET`] entries, when rewrites are
    /// off (the postings mix both streams), or when documents were added one by one or removed
    /// since the postings were built.
    fn shared_rare(&self, opts: &QueryOptions) -> Option<Shared> {
        use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering::Relaxed};
        let n = self.docs.slots();
        if !opts.rewrites || !self.base_is_exact() || self.base.starts.is_empty() {
            return None;
        }
        let max_df = opts.max_doc_frequency.unwrap_or_else(|| self.default_max_doc_frequency());
        let background = crate::dedup::background::Background::bundled();
        let rare = |h: u32, slots: &[u32]| slots.len() <= max_df && !(opts.background && background.contains(h));
        // Count, per slot, the later slots and the rare hashes it will hold.
        let later_count: Vec<AtomicUsize> = (0..n).map(|_| AtomicUsize::new(0)).collect();
        let rare_count: Vec<AtomicUsize> = (0..n).map(|_| AtomicUsize::new(0)).collect();
        let slot = |s: u32| s as usize;
        let total: usize = self.base.walk(
            |total: &mut usize, h, slots| {
                if !rare(h, slots) {
                    return;
                }
                for (i, &s) in slots.iter().enumerate() {
                    let later = slots.len() - 1 - i;
                    if let (Some(l), Some(r)) = (later_count.get(slot(s)), rare_count.get(slot(s))) {
                        l.fetch_add(later, Relaxed);
                        r.fetch_add(1, Relaxed);
                        *total += later + 1;
                    }
                }
            },
            |a, b| a + b,
        );
        if total > PAIR_BUDGET {
            return None;
        }
        // Each slot's two ranges of one table, then every entry placed at its slot's cursor.
        let mut cursors: Vec<(AtomicUsize, AtomicUsize)> = Vec::with_capacity(n);
        let mut ends = Vec::with_capacity(n);
        let mut at = 0usize;
        for (l, r) in later_count.iter().zip(&rare_count) {
            let (l, r) = (l.load(Relaxed), r.load(Relaxed));
            cursors.push((AtomicUsize::new(at), AtomicUsize::new(at + l)));
            at += l + r;
            ends.push((at - l - r, at - r, at));
        }
        drop((later_count, rare_count));
        let table: Vec<AtomicU32> = (0..at).map(|_| AtomicU32::new(0)).collect();
        let put = |cursor: &AtomicUsize, v: u32| {
            if let Some(cell) = table.get(cursor.fetch_add(1, Relaxed)) {
                cell.store(v, Relaxed);
            }
        };
        self.base.walk(
            |_: &mut (), h, slots| {
                if !rare(h, slots) {
                    return;
                }
                for (i, &s) in slots.iter().enumerate() {
                    let Some((l, r)) = cursors.get(slot(s)) else { continue };
                    slots[i + 1..].iter().for_each(|&t| put(l, t));
                    put(r, h);
                }
            },
            |(), ()| (),
        );
        Some((table.into_iter().map(AtomicU32::into_inner).collect(), ends))
    }
}

/// The passages `draft` shares with one document (`prints`, `doc_chars` normalized characters)
/// as a query reports them: groups long enough, and the document-level verdict
/// ([`QueryOptions::verdict`]) passed; `None` otherwise. Path and title are left empty.
fn match_doc(
    draft: &Prints,
    map: &align::DraftMap,
    prints: &Prints,
    doc_chars: u32,
    opts: &QueryOptions,
) -> Option<DocMatch> {
    let min_piece = u32::try_from(opts.min_chars).unwrap_or(u32::MAX).min(align::MIN_PIECE);
    let aligned = align::align(draft, map, prints, min_piece);
    let groups = align::groups(&aligned, opts.min_chars);
    if groups.is_empty() {
        return None;
    }
    // Only passages in reported groups count.
    let mut passages = Vec::new();
    let mut new_groups = Vec::new();
    let mut covered: Vec<Range<u32>> = Vec::new();
    let mut covered_src: Vec<Range<u32>> = Vec::new();
    let mut longest = 0;
    for g in groups {
        let from = passages.len();
        longest = longest.max(aligned[g.clone()].iter().map(|a| a.rare_chars as usize).sum::<usize>());
        for a in &aligned[g] {
            covered.push(a.chars.clone());
            covered_src.push(a.corpus_chars.clone());
            passages.push(Passage {
                draft: a.draft.clone(),
                corpus: a.corpus.clone(),
                chars: (a.chars.end - a.chars.start) as usize,
                kind: a.kind,
                similarity: a.similarity,
                unchanged: a.unchanged,
                literal: a.literal,
            });
        }
        new_groups.push(from..passages.len());
    }
    let coverage = union_len(&mut covered) as f64 / f64::from(draft.chars.max(1));
    let source_coverage = f64::from(union_len(&mut covered_src)) / f64::from(doc_chars.max(1));
    let total: usize = passages.iter().map(|p| p.chars).sum();
    let similarity = passages.iter().map(|p| p.similarity * p.chars as f64).sum::<f64>() / total.max(1) as f64;
    let m = DocMatch {
        path: String::new(),
        title: None,
        passages,
        groups: new_groups,
        coverage,
        similarity,
        source_coverage: source_coverage.min(1.0),
        longest,
    };
    opts.verdict(&m).then_some(m)
}

/// The passages `draft` shares with `other`, exactly as [`Index::query`] would report them had
/// `other` been a candidate of an index (groups, coverage both ways, the document-level verdict):
/// only the draft's fingerprints for which `rare` holds anchor passages and count as
/// non-boilerplate (an index passes those found in at most `max_doc_frequency` documents; with
/// `|_| true` every shared fingerprint counts); with `opts.background` the genre background's
/// k-grams never do. For pairwise checks outside an index, e.g. candidate pairs a cluster job found
/// from shared fingerprint hashes. Path and title are empty.
pub fn align_pair(draft: &Prints, other: &Prints, rare: &dyn Fn(u32) -> bool, opts: &QueryOptions) -> Option<DocMatch> {
    let mut draft = draft.clone();
    if !opts.rewrites {
        draft.class.clear();
    }
    if draft.chars == 0 || draft.is_empty() {
        return None;
    }
    let background = crate::dedup::background::Background::bundled();
    let is_rare = |h: u32| !(opts.background && background.contains(h)) && rare(h);
    let map = align::DraftMap::new(&draft, &is_rare);
    match_doc(&draft, &map, other, other.chars, opts)
}

/// Characters covered by a set of ranges (sorted in place).
pub(super) fn union_len(ranges: &mut [Range<u32>]) -> u32 {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut total = 0;
    let mut end = 0;
    for r in ranges.iter() {
        let start = r.start.max(end);
        if r.end > start {
            total += r.end - start;
        }
        end = end.max(r.end);
    }
    total
}
