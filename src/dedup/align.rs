//! Aligning a draft with one corpus document: shared fingerprints are chained into passages, typed
//! (verbatim, near, rewritten, reordered) and grouped into reportable stretches of the draft.
//!
//! Chaining is banded and order-independent at the passage level: fingerprints join a chain when
//! they follow it in both texts, within [`GAP`] characters in the draft and [`BAND`] characters of
//! its diagonal (the offset between the two positions), so a substituted word or a small insertion
//! does not cut a passage, while each moved sentence forms its own chain wherever it went.

use std::collections::HashMap;
use std::ops::Range;

use super::prints::{Print, Prints};

/// Most draft characters between two fingerprints of one chain.
pub const GAP: u32 = 24;

/// Most change of diagonal (characters inserted or deleted) between two fingerprints of one chain.
pub const BAND: i64 = 8;

/// Passages closer than this many normalized characters in the draft form one group.
pub const GROUP_GAP: u32 = 20;

/// Shortest passage kept (in normalized characters): the length any shared run is guaranteed to be
/// found at (k + w - 1).
pub const MIN_PIECE: u32 = 13;

/// How a draft passage relates to the corpus passage it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PassageKind {
    /// The same normalized text.
    Verbatim,
    /// The same text with small edits (a few characters changed, inserted or deleted).
    Near,
    /// The same sentences with words swapped for synonyms or homophones (洗稿).
    Rewritten,
    /// Copied or rewritten text moved to another place relative to the other passages.
    Reordered,
}

impl PassageKind {
    /// The lowercase name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Verbatim => "verbatim",
            Self::Near => "near",
            Self::Rewritten => "rewritten",
            Self::Reordered => "reordered",
        }
    }

    /// The Chinese name used in reports.
    pub fn as_zh(self) -> &'static str {
        match self {
            Self::Verbatim => "原文照搬",
            Self::Near => "少量改动",
            Self::Rewritten => "同义改写",
            Self::Reordered => "调换顺序",
        }
    }
}

/// One aligned passage: character and source ranges on both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct Aligned {
    /// Normalized character range in the draft.
    pub chars: Range<u32>,
    /// Source byte range in the draft.
    pub draft: Range<usize>,
    /// Source byte range in the corpus document.
    pub corpus: Range<usize>,
    /// Normalized characters in the corpus document (for ordering).
    pub corpus_chars: Range<u32>,
    /// How the two relate.
    pub kind: PassageKind,
    /// Share of the draft's fingerprints inside the passage that the document shares (0 to 1).
    pub similarity: f64,
    /// Draft characters spanned by fingerprints that are not boilerplate.
    pub rare_chars: u32,
    /// Share of the draft passage's characters lying in stretches of at least [`MIN_PIECE`]
    /// characters shared character for character (0 to 1): for a rewritten passage, what the
    /// spinner left as it was; the rest had words swapped for synonyms or homophones.
    pub unchanged: f64,
    /// Whether the text is mostly the same characters (verbatim or near, even when reordered).
    pub literal: bool,
}

/// A draft fingerprint matched with a corpus fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Item {
    d: usize,
    c: usize,
    rare: bool,
}

/// What a passage needs of a chain of matched fingerprints, gathered as items join it.
#[derive(Debug, Clone, PartialEq)]
struct Chain {
    /// The first item.
    first: Item,
    /// Draft index of the last item.
    last: usize,
    /// Largest draft end of its fingerprints.
    to: u32,
    /// Smallest corpus position and largest corpus end of its fingerprints.
    corpus: (u32, u32),
    /// Draft indices of the first and the last rare item.
    rare: Option<(usize, usize)>,
    /// Whether all items lie on the first one's diagonal, each at most [`W`](super::fingerprint::W)
    /// characters after the previous one in the draft.
    straight: bool,
    /// Distinct draft fingerprints matched.
    matched: usize,
}

impl Chain {
    fn new(it: Item, draft: &[Print], corpus: &[Print]) -> Self {
        let (d, c) = (&draft[it.d], &corpus[it.c]);
        Self {
            first: it,
            last: it.d,
            to: d.end,
            corpus: (c.pos, c.end),
            rare: it.rare.then_some((it.d, it.d)),
            straight: true,
            matched: 1,
        }
    }

    fn push(&mut self, it: Item, draft: &[Print], corpus: &[Print]) {
        let (d, c) = (&draft[it.d], &corpus[it.c]);
        let diag0 = i64::from(corpus[self.first.c].pos) - i64::from(draft[self.first.d].pos);
        self.straight &= i64::from(c.pos) - i64::from(d.pos) == diag0
            && d.pos.wrapping_sub(draft[self.last].pos) <= super::fingerprint::W as u32;
        self.matched += usize::from(it.d != self.last);
        self.last = it.d;
        self.to = self.to.max(d.end);
        self.corpus = (self.corpus.0.min(c.pos), self.corpus.1.max(c.end));
        if it.rare {
            self.rare = Some(self.rare.map_or((it.d, it.d), |(a, _)| (a, it.d)));
        }
    }
}

/// The items in (draft position, corpus position, corpus index, draft index) order. `items`
/// come in corpus index order; when draft positions rise with the draft index and corpus
/// positions do not fall with the corpus index (as winnowing makes them), a counting sort by
/// draft index gives that order in linear time; otherwise they are sorted.
fn sorted(draft: &[Print], corpus: &[Print], items: Vec<Item>) -> Vec<Item> {
    let linear = draft.windows(2).all(|w| w[0].pos < w[1].pos)
        && corpus.windows(2).all(|w| w[0].pos <= w[1].pos)
        && items.windows(2).all(|w| w[0].c <= w[1].c);
    if linear {
        let mut starts = vec![0usize; draft.len() + 1];
        for i in &items {
            starts[i.d + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut out = vec![Item { d: 0, c: 0, rare: false }; items.len()];
        for i in items {
            out[starts[i.d]] = i;
            starts[i.d] += 1;
        }
        return out;
    }
    // Packed in two words (the rarity in the lowest bit). Keys are distinct (the rarity is the
    // hash's, the same for one corpus index).
    let mut keyed: Vec<(u64, u64)> = items
        .iter()
        .map(|i| {
            let pos = u64::from(draft[i.d].pos) << 32 | u64::from(corpus[i.c].pos);
            (pos, (i.c as u64) << 32 | (i.d as u64 & 0x7FFF_FFFF) << 1 | u64::from(i.rare))
        })
        .collect();
    drop(items);
    keyed.sort_unstable();
    keyed
        .into_iter()
        .map(|(_, cd)| Item { d: (cd as u32 >> 1) as usize, c: (cd >> 32) as usize, rare: cd & 1 == 1 })
        .collect()
}

/// Chains of matched fingerprints, each in increasing draft and corpus order, in the order they
/// were started.
///
/// Items are taken in (draft, corpus) position order; each joins the chain whose last item
/// precedes it in both texts, at most [`GAP`] characters before it in the draft, with the
/// smallest change of diagonal (within [`BAND`]; the earliest started chain on a tie), or starts
/// a chain. Chains are found through their last item's diagonal, in buckets of `BAND + 1`
/// diagonals (a table indexed by bucket, each bucket a linked list of chains), so each item looks
/// at the chains of three buckets only: near-linear even when repeated phrases make many short
/// chains. A chain keeps only what its passage needs ([`Chain`]), not its items.
fn chains(draft: &[Print], corpus: &[Print], items: Vec<Item>) -> Vec<Chain> {
    let items = sorted(draft, corpus, items);
    let diag_of = |i: &Item| i64::from(corpus[i.c].pos) - i64::from(draft[i.d].pos);
    let lowest = items.iter().map(diag_of).min().unwrap_or(0);
    let highest = items.iter().map(diag_of).max().unwrap_or(0);
    // Bucket 0 and the last stay empty, so a bucket's neighbours always exist.
    let bucket = |diag: i64| ((diag - lowest) / (BAND + 1)) as usize + 1;
    const NONE: u32 = u32::MAX;
    // First chain of each bucket; next chain in the same bucket.
    let mut first: Vec<u32> = vec![NONE; bucket(highest) + 2];
    let mut next: Vec<u32> = Vec::new();
    // Last item of each chain: (draft pos, corpus pos, diagonal).
    let mut heads: Vec<(u32, u32, i64)> = Vec::new();
    let mut chains: Vec<Chain> = Vec::new();
    for it in items {
        let (dp, cp) = (draft[it.d].pos, corpus[it.c].pos);
        let diag = diag_of(&it);
        let b = bucket(diag);
        let mut best: Option<(i64, u32)> = None;
        for nb in [b - 1, b, b + 1] {
            // Walk the bucket's list, unlinking chains gone stale (they never become live again:
            // draft positions only grow).
            let mut prev = NONE;
            let mut n = first[nb];
            while n != NONE {
                let after = next[n as usize];
                let (ld, lc, ldiag) = heads[n as usize];
                if dp.saturating_sub(ld) > GAP {
                    if prev == NONE {
                        first[nb] = after;
                    } else {
                        next[prev as usize] = after;
                    }
                } else {
                    let shift = (diag - ldiag).abs();
                    if ld < dp && lc < cp && shift <= BAND && best.is_none_or(|o| (shift, n) < o) {
                        best = Some((shift, n));
                    }
                    prev = n;
                }
                n = after;
            }
        }
        match best {
            Some((_, n)) => {
                let old = bucket(heads[n as usize].2);
                heads[n as usize] = (dp, cp, diag);
                chains[n as usize].push(it, draft, corpus);
                if old != b {
                    // Unlink from the old bucket (it is there: only stale chains are dropped).
                    let mut at = first[old];
                    if at == n {
                        first[old] = next[n as usize];
                    } else {
                        while at != NONE && next[at as usize] != n {
                            at = next[at as usize];
                        }
                        if at != NONE {
                            next[at as usize] = next[n as usize];
                        }
                    }
                    next[n as usize] = first[b];
                    first[b] = n;
                }
            }
            None => {
                let n = u32::try_from(heads.len()).unwrap_or(NONE);
                heads.push((dp, cp, diag));
                chains.push(Chain::new(it, draft, corpus));
                next.push(first[b]);
                first[b] = n;
            }
        }
    }
    chains
}

/// A passage from a chain of the raw (`raw`) or class stream, if it spans at least `min_piece`
/// draft characters; `dense` holds the positions of all the draft's fingerprints of that stream,
/// in order.
fn passage(
    (draft_prints, corpus_prints): (&Prints, &Prints),
    chain: &Chain,
    dense: &[u32],
    raw: bool,
    min_piece: u32,
) -> Option<Aligned> {
    let draft = if raw { &draft_prints.raw } else { &draft_prints.class };
    let from = draft.get(chain.first.d)?.pos;
    let to = chain.to;
    if to.saturating_sub(from) < min_piece {
        return None;
    }
    let (corpus_from, corpus_to) = chain.corpus;
    let rare_chars = match chain.rare {
        Some((a, b)) => draft.get(b)?.end.saturating_sub(draft.get(a)?.pos),
        None => 0,
    };
    let straight = chain.straight;
    // Fingerprints of the draft's stream wholly inside the passage: how many the document shares.
    let (lo, hi) = (dense.partition_point(|&p| p < from), dense.partition_point(|&p| p < to));
    let inside = draft.get(lo..hi).unwrap_or_default().iter().filter(|p| p.end <= to).count();
    let similarity = if inside == 0 { 1.0 } else { (chain.matched as f64 / inside as f64).min(1.0) };
    let kind = match (raw, straight) {
        (true, true) => PassageKind::Verbatim,
        (true, false) => PassageKind::Near,
        (false, _) => PassageKind::Rewritten,
    };
    Some(Aligned {
        chars: from..to,
        draft: draft_prints.source(from..to),
        corpus: corpus_prints.source(corpus_from..corpus_to),
        corpus_chars: corpus_from..corpus_to,
        kind,
        similarity,
        rare_chars,
        unchanged: if raw { similarity } else { 0.0 },
        literal: raw,
    })
}

/// Occurrences of one hash considered at most on either side (degenerate repetitive text stays
/// linear).
const MAX_REPEAT: usize = 16;

/// A map keyed by fingerprint hashes, which are already uniformly spread: hashed by one
/// multiplication instead of SipHash.
pub(crate) type HashKeyed<V> = HashMap<u32, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// The hasher of [`HashKeyed`].
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0 ^ u64::from(n)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Draft fingerprints of one hash: whether the hash is rare (not boilerplate), and their indices.
type Occurrences = (bool, Vec<usize>);

/// A draft's fingerprints by hash, per stream, built once per query.
#[derive(Debug, Default)]
pub struct DraftMap {
    raw: HashKeyed<Occurrences>,
    class: HashKeyed<Occurrences>,
    raw_pos: Vec<u32>,
    class_pos: Vec<u32>,
}

impl DraftMap {
    /// Indexes the draft's fingerprints; `rare` tells hashes that are not boilerplate.
    pub fn new(draft: &Prints, rare: &dyn Fn(u32) -> bool) -> Self {
        let build = |ps: &[Print]| {
            let mut at: HashKeyed<Occurrences> = HashKeyed::default();
            at.reserve(ps.len());
            for (d, p) in ps.iter().enumerate() {
                let v = at.entry(p.hash).or_insert_with(|| (rare(p.hash), Vec::new()));
                if v.1.len() < MAX_REPEAT {
                    v.1.push(d);
                }
            }
            at
        };
        let positions = |p: &[Print]| p.iter().map(|f| f.pos).collect::<Vec<u32>>();
        Self {
            raw: build(&draft.raw),
            class: build(&draft.class),
            raw_pos: positions(&draft.raw),
            class_pos: positions(&draft.class),
        }
    }
}

/// Matched fingerprints of one stream: every corpus fingerprint whose hash the draft has (at most
/// [`MAX_REPEAT`] draft occurrences each, and [`MAX_REPEAT`] matches per corpus fingerprint on
/// average, so degenerate repetitive text stays linear).
fn items(at: &HashKeyed<Occurrences>, corpus: &[Print]) -> Vec<Item> {
    let mut out = Vec::new();
    let cap = corpus.len().saturating_mul(MAX_REPEAT);
    for (c, p) in corpus.iter().enumerate() {
        let Some((rare, ds)) = at.get(&p.hash) else { continue };
        out.extend(ds.iter().map(|&d| Item { d, c, rare: *rare }));
        if out.len() > cap {
            break;
        }
    }
    out
}

fn overlap(a: &Range<u32>, b: &Range<u32>) -> u32 {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Passages the draft shares with one corpus document, in draft order, before grouping. `map` is
/// [`DraftMap::new`] of `draft` (which knows the fingerprints that are not boilerplate).
///
/// Passages shorter than `min_piece` normalized characters are dropped ([`MIN_PIECE`] normally).
pub fn align(draft: &Prints, map: &DraftMap, corpus: &Prints, min_piece: u32) -> Vec<Aligned> {
    let build = |d: &[Print], at: &HashKeyed<Occurrences>, c: &[Print], dense: &[u32], raw: bool| {
        chains(d, c, items(at, c))
            .iter()
            .filter_map(|ch| passage((draft, corpus), ch, dense, raw, min_piece))
            .collect::<Vec<Aligned>>()
    };
    let raw = build(&draft.raw, &map.raw, &corpus.raw, &map.raw_pos, true);
    let class = build(&draft.class, &map.class, &corpus.class, &map.class_pos, false);
    // A rewritten passage adding fewer than MIN_PIECE characters to the verbatim ones it overlaps
    // adds nothing; one adding more absorbs them (a paragraph half copied, half spun is one
    // passage: near when at least half of it is verbatim, rewritten otherwise).
    let mut absorbed = vec![false; raw.len()];
    let mut out = Vec::new();
    for mut c in class {
        let over: Vec<usize> = (0..raw.len()).filter(|&i| overlap(&raw[i].chars, &c.chars) > 0).collect();
        let covered: u32 = over.iter().map(|&i| overlap(&raw[i].chars, &c.chars)).sum();
        let len = c.chars.end - c.chars.start;
        if len.saturating_sub(covered) < min_piece {
            continue;
        }
        for &i in &over {
            let r = &raw[i];
            absorbed[i] = true;
            c.chars = c.chars.start.min(r.chars.start)..c.chars.end.max(r.chars.end);
            c.draft = c.draft.start.min(r.draft.start)..c.draft.end.max(r.draft.end);
            c.corpus = c.corpus.start.min(r.corpus.start)..c.corpus.end.max(r.corpus.end);
            c.rare_chars = c.rare_chars.max(r.rare_chars);
        }
        c.unchanged = (f64::from(covered) / f64::from(len.max(1))).min(1.0);
        if covered * 2 >= len {
            c.kind = PassageKind::Near;
            c.literal = true;
        }
        out.push(c);
    }
    out.extend(raw.into_iter().zip(absorbed).filter(|(_, a)| !a).map(|(r, _)| r));
    out.sort_by_key(|a| (a.chars.start, a.chars.end, a.corpus.start));
    // Passages overlapping an earlier one in the draft (a repeated corpus sentence) are dropped.
    let mut kept: Vec<Aligned> = Vec::with_capacity(out.len());
    for a in out {
        match kept.last() {
            Some(l) if overlap(&l.chars, &a.chars) * 2 > a.chars.end - a.chars.start => {}
            _ => kept.push(a),
        }
    }
    mark_reordered(&mut kept);
    kept
}

/// Marks passages outside the longest run that keeps the corpus order as reordered.
fn mark_reordered(passages: &mut [Aligned]) {
    let n = passages.len();
    if n < 2 {
        return;
    }
    // Longest increasing subsequence of corpus positions, weighted by passage length.
    let weight: Vec<u64> = passages.iter().map(|p| u64::from(p.chars.end - p.chars.start)).collect();
    let mut best = weight.clone();
    let mut prev: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        for j in 0..i {
            if passages[j].corpus_chars.start < passages[i].corpus_chars.start && best[j] + weight[i] > best[i] {
                best[i] = best[j] + weight[i];
                prev[i] = Some(j);
            }
        }
    }
    let Some(mut at) = (0..n).max_by_key(|&i| (best[i], std::cmp::Reverse(i))) else { return };
    let mut in_order = vec![false; n];
    loop {
        in_order[at] = true;
        match prev[at] {
            Some(p) => at = p,
            None => break,
        }
    }
    for (p, keep) in passages.iter_mut().zip(in_order) {
        if !keep {
            p.kind = PassageKind::Reordered;
        }
    }
}

/// Groups of passages (index ranges into `passages`, which are in draft order) that lie within
/// [`GROUP_GAP`] characters of each other, and are long enough to report: at least `min_chars`
/// characters in all, weighted by similarity, and `min_chars` characters carried by fingerprints
/// that are not boilerplate.
pub fn groups(passages: &[Aligned], min_chars: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut end_char: u32 = 0;
    for i in 0..=passages.len() {
        let breaks = match passages.get(i) {
            Some(p) => i > start && p.chars.start > end_char.saturating_add(GROUP_GAP),
            None => true,
        };
        if breaks && i > start {
            let g = &passages[start..i];
            let total: u32 = g.iter().map(|p| p.chars.end - p.chars.start).sum();
            let rare: u32 = g.iter().map(|p| p.rare_chars).sum();
            // Near passages bridging differences count by their similarity: two sentences sharing
            // a legal formula around one changed word are not a 30-character copy.
            let solid: f64 = g.iter().map(|p| f64::from(p.chars.end - p.chars.start) * p.similarity).sum();
            if total as usize >= min_chars && rare as usize >= min_chars && solid >= min_chars as f64 {
                out.push(start..i);
            }
            start = i;
        }
        if let Some(p) = passages.get(i) {
            end_char = if i == start { p.chars.end } else { end_char.max(p.chars.end) };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const S1: &str = "近年来，随着城市生活节奏不断加快，越来越多的年轻人开始关注自己的睡眠质量。";
    const S2: &str = "调查显示，超过六成的受访者表示自己经常熬夜，其中近三成的人每天睡眠时间不足六个小时。";
    const S3: &str = "专家提醒，长期睡眠不足不仅会影响白天的工作效率，还可能增加患心血管疾病的风险。";

    /// The chains of [`chains`] as they were found before (a hash map of buckets, a vector per
    /// chain): what [`chains`] must give. Chains of matched fingerprints, each in increasing draft and corpus order, in the order they
    /// were started.
    ///
    /// Items are taken in (draft, corpus) position order; each joins the chain whose last item
    /// precedes it in both texts, at most [`GAP`] characters before it in the draft, with the
    /// smallest change of diagonal (within [`BAND`]; the earliest started chain on a tie), or starts
    /// a chain. Chains are found through their last item's diagonal, in buckets of `BAND + 1`
    /// diagonals, so each item looks at the chains of three buckets only: near-linear even when
    /// repeated phrases make many short chains.
    fn chains_reference(draft: &[Print], corpus: &[Print], items: Vec<Item>) -> Vec<Vec<Item>> {
        // Items in (draft pos, corpus pos, corpus index, draft index) order, packed in two words (the
        // rarity in the lowest bit). Items come in corpus order, which for two near-identical texts
        // is nearly draft order too: a stable sort (merging the runs already in order) is then close
        // to linear. Keys are distinct (the rarity is the hash's, the same for one corpus index).
        let mut keyed: Vec<(u64, u64)> = items
            .iter()
            .map(|i| {
                let pos = u64::from(draft[i.d].pos) << 32 | u64::from(corpus[i.c].pos);
                (pos, (i.c as u64) << 32 | (i.d as u64 & 0x7FFF_FFFF) << 1 | u64::from(i.rare))
            })
            .collect();
        drop(items);
        keyed.sort();
        let keyed = keyed.into_iter().map(|(pos, cd)| {
            ((pos >> 32) as u32, pos as u32, (cd >> 32) as usize, (cd as u32 >> 1) as usize, cd & 1 == 1)
        });
        let bucket = |diag: i64| (diag.div_euclid(BAND + 1) + (1 << 31)) as u32;
        let mut chains: Vec<Vec<Item>> = Vec::new();
        // Last item of each chain: (draft pos, corpus pos, diagonal).
        let mut heads: Vec<(u32, u32, i64)> = Vec::new();
        // Chains by bucket of their last item's diagonal; chains gone stale are dropped when seen.
        let mut by_diag: HashKeyed<Vec<u32>> = HashKeyed::default();
        for (dp, cp, c, d, rare) in keyed {
            let it = Item { d, c, rare };
            let diag = i64::from(cp) - i64::from(dp);
            let b = bucket(diag);
            let mut best: Option<(i64, u32)> = None;
            for nb in [b.wrapping_sub(1), b, b.wrapping_add(1)] {
                let Some(list) = by_diag.get_mut(&nb) else { continue };
                list.retain(|&n| dp.saturating_sub(heads[n as usize].0) <= GAP);
                for &n in list.iter() {
                    let (ld, lc, ldiag) = heads[n as usize];
                    let shift = (diag - ldiag).abs();
                    if ld < dp && lc < cp && shift <= BAND && best.is_none_or(|o| (shift, n) < o) {
                        best = Some((shift, n));
                    }
                }
            }
            let n = match best {
                Some((_, n)) => {
                    let old = bucket(heads[n as usize].2);
                    if old != b
                        && let Some(list) = by_diag.get_mut(&old)
                    {
                        list.retain(|&m| m != n);
                    }
                    chains[n as usize].push(it);
                    heads[n as usize] = (dp, cp, diag);
                    if old == b {
                        continue;
                    }
                    n
                }
                None => {
                    chains.push(vec![it]);
                    heads.push((dp, cp, diag));
                    u32::try_from(chains.len() - 1).unwrap_or(u32::MAX)
                }
            };
            by_diag.entry(b).or_default().push(n);
        }
        chains
    }

    proptest::proptest! {
        #[test]
        fn chains_match_the_reference(
            pairs in proptest::collection::vec((0u32..300, 0u32..300, proptest::bool::ANY), 0..400),
            in_order in proptest::bool::ANY,
        ) {
            // Prints at arbitrary positions, or rising ones (as winnowing makes them, where items
            // are sorted in linear time); items pairing them (repeats allowed).
            let print = |pos: u32| Print { hash: 0, pos, end: pos + 5 };
            let mut draft: Vec<Print> = pairs.iter().map(|&(d, _, _)| print(d)).collect();
            let mut corpus: Vec<Print> = pairs.iter().map(|&(_, c, _)| print(c)).collect();
            if in_order {
                let mut at = 0;
                for p in &mut draft {
                    at += 1 + p.pos % 7;
                    *p = print(at);
                }
                corpus.sort_by_key(|p| p.pos);
            }
            let mut items: Vec<Item> =
                (0..pairs.len()).map(|i| Item { d: i, c: (i * 7) % pairs.len(), rare: pairs[i].2 }).collect();
            items.sort_by_key(|i| i.c);
            let want: Vec<Chain> = chains_reference(&draft, &corpus, items.clone())
                .into_iter()
                .map(|ch| {
                    let mut c = Chain::new(ch[0], &draft, &corpus);
                    ch[1..].iter().for_each(|&i| c.push(i, &draft, &corpus));
                    c
                })
                .collect();
            proptest::prop_assert_eq!(chains(&draft, &corpus, items), want);
        }
    }

    fn all_rare(_: u32) -> bool {
        true
    }

    fn aligned(draft: &str, corpus: &str) -> Vec<Aligned> {
        let d = Prints::of(draft);
        align(&d, &DraftMap::new(&d, &all_rare), &Prints::of(corpus), MIN_PIECE)
    }

    #[test]
    fn verbatim_copy_is_one_verbatim_passage() {
        let corpus = format!("{S1}{S2}{S3}");
        let draft = format!("开头的几句话和原文无关。{S2}结尾也是自己写的内容。");
        let a = aligned(&draft, &corpus);
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(a[0].kind, PassageKind::Verbatim);
        assert!(a[0].similarity > 0.9);
        assert!(corpus[a[0].corpus.clone()].len() > S2.len() / 2);
        assert!(S2.contains(&draft[a[0].draft.clone()]));
    }

    #[test]
    fn small_edits_make_a_near_passage() {
        let corpus = format!("{S1}{S2}{S3}");
        let edited = S2.replace("超过六成", "超过百分之六十").replace("近三成", "接近三成");
        let a = aligned(&edited, &corpus);
        assert!(!a.is_empty());
        assert!(a.iter().any(|p| p.kind == PassageKind::Near), "{a:?}");
    }

    #[test]
    fn moved_sentences_are_reordered() {
        let corpus = format!("{S1}{S2}{S3}");
        let draft = format!("{S3}{S1}{S2}");
        let a = aligned(&draft, &corpus);
        // S1 and S2 stay together: one passage; S3 moved before them: the shorter one is reordered.
        assert_eq!(a.len(), 2, "{a:?}");
        let kinds: Vec<PassageKind> = a.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [PassageKind::Reordered, PassageKind::Verbatim]);
        assert!(S3.contains(&draft[a[0].draft.clone()]));
        assert_eq!(groups(&a, 30), vec![0..2]);
    }

    #[test]
    fn groups_need_enough_characters() {
        let p = |from: u32, to: u32, rare: u32| Aligned {
            chars: from..to,
            draft: 0..0,
            corpus: 0..0,
            corpus_chars: from..to,
            kind: PassageKind::Verbatim,
            similarity: 1.0,
            rare_chars: rare,
            unchanged: 1.0,
            literal: true,
        };
        assert_eq!(groups(&[p(0, 20, 20), p(30, 45, 15)], 30), vec![0..2]);
        assert_eq!(groups(&[p(0, 20, 20), p(100, 115, 15)], 30), Vec::<Range<usize>>::new());
        assert_eq!(groups(&[p(0, 40, 0)], 30), Vec::<Range<usize>>::new(), "boilerplate only");
        assert_eq!(groups(&[p(0, 40, 40), p(200, 240, 40)], 30), vec![0..1, 1..2]);
    }
}
