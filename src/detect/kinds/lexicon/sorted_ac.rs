//! A compact character-wise Aho-Corasick automaton for very large term lists, built in
//! O(n log n) from the sorted patterns.
//!
//! daachorse's character-wise double array is the faster matcher, but placing it slows down
//! sharply past a few hundred thousand patterns over a large alphabet (a list of random Han terms
//! uses some 20,000 distinct characters, and each sibling group must fit a 32,768-wide block of
//! free cells). This automaton is laid out from the sorted patterns instead: states in
//! breadth-first order, so every state but the root has exactly one incoming edge and edge `e`
//! leads to state `e + 1`; each state's edges are a sorted run of labels searched by binary search
//! (a dense table at the root). It reports the same matches in the same order as the double array
//! in its standard (overlapping) mode: at each position, every pattern that ends there, longest
//! first.

use std::collections::VecDeque;

use super::cache::{Reader, Writer};

/// No state / no pattern.
const NONE: u32 = u32::MAX;

/// Characters below this have a direct transition slot at the root.
const ROOT_DENSE: usize = 0x1_0000;

/// The automaton; values are the pattern ids given to [`SortedAc::build`].
pub struct SortedAc {
    /// Root transitions for characters below [`ROOT_DENSE`] (`NONE`: stay at the root).
    root: Vec<u32>,
    /// Edges of state `s` are `first[s]..first[s + 1]`.
    first: Vec<u32>,
    /// Edge labels, sorted within each state; edge `e` leads to state `e + 1`.
    labels: Vec<char>,
    /// Failure link of each state.
    fail: Vec<u32>,
    /// Pattern id ending at each state, or `NONE`.
    value: Vec<u32>,
    /// The nearest state on the failure chain where a pattern ends, or `NONE`.
    out: Vec<u32>,
}

impl std::fmt::Debug for SortedAc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SortedAc").field("states", &self.fail.len()).finish_non_exhaustive()
    }
}

impl SortedAc {
    /// Builds the automaton from `count` distinct non-empty patterns, `text(id)` for ids
    /// `0..count`. `None` when there are more states than a `u32` can number.
    pub fn build<'a>(count: usize, text: impl Fn(u32) -> &'a str) -> Option<Self> {
        let count = u32::try_from(count).ok()?;
        // Byte order of UTF-8 is code point order, so the sort orders the patterns character
        // by character: the patterns below a state form one run, and its children split the run.
        // Sorted on their first 8 bytes first (no pointer chasing), then copied in order into
        // one arena so that the layout below reads them front to back.
        let head = |p: &str| {
            let mut w = [0u8; 8];
            let n = p.len().min(8);
            w[..n].copy_from_slice(&p.as_bytes()[..n]);
            u64::from_be_bytes(w)
        };
        let mut order: Vec<(u64, u32)> = (0..count).map(|i| (head(text(i)), i)).collect();
        order.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| text(a.1).cmp(text(b.1))));
        let mut arena = String::with_capacity((0..count).map(|i| text(i).len()).sum());
        let mut ends: Vec<u32> = Vec::with_capacity(order.len());
        let mut values: Vec<u32> = Vec::with_capacity(order.len());
        // States: one per character of each pattern past its common prefix with the previous.
        let mut states = 1usize;
        let mut prev: &str = "";
        for &(_, i) in &order {
            let p = text(i);
            let common = prev.chars().zip(p.chars()).take_while(|(a, b)| a == b).count();
            states += p.chars().count() - common;
            prev = p;
        }
        for &(_, i) in &order {
            arena.push_str(text(i));
            ends.push(u32::try_from(arena.len()).ok()?);
            values.push(i);
        }
        drop(order);
        u32::try_from(states).ok().filter(|&s| s != NONE)?;
        let pat = |k: usize| -> &str {
            let start = if k == 0 { 0 } else { ends[k - 1] as usize };
            &arena[start..ends[k] as usize]
        };
        let mut ac = Self {
            root: vec![NONE; ROOT_DENSE],
            first: Vec::with_capacity(states + 1),
            labels: Vec::with_capacity(states - 1),
            fail: Vec::with_capacity(states),
            value: Vec::with_capacity(states),
            out: Vec::with_capacity(states),
        };
        ac.first.push(0);
        ac.fail.push(0);
        ac.value.push(NONE);
        ac.out.push(NONE);
        // Pending states in breadth-first order: (pattern run, byte depth).
        let mut queue: VecDeque<(u32, u32, u32)> = VecDeque::new();
        queue.push_back((0, u32::try_from(ends.len()).ok()?, 0));
        let mut state = 0u32;
        while let Some((lo, hi, depth)) = queue.pop_front() {
            let d = depth as usize;
            let mut i = lo as usize;
            // A pattern ending here sorts first in its run (it is a prefix of the others); its
            // value was set when the state was made.
            if i < hi as usize && pat(i).len() == d {
                i += 1;
            }
            while i < hi as usize {
                let c = pat(i)[d..].chars().next()?;
                let w = c.len_utf8();
                let mut j = i + 1;
                while j < hi as usize && pat(j)[d..].starts_with(c) {
                    j += 1;
                }
                let child = ac.fail.len() as u32;
                ac.labels.push(c);
                let fail = if state == 0 {
                    if (c as usize) < ROOT_DENSE {
                        ac.root[c as usize] = child;
                    }
                    0
                } else {
                    // The failure chain of the parent is complete: every shallower state has
                    // its edges already (breadth-first order).
                    let mut f = ac.fail[state as usize];
                    loop {
                        if let Some(t) = ac.goto(f, c) {
                            break t;
                        }
                        if f == 0 {
                            break 0;
                        }
                        f = ac.fail[f as usize];
                    }
                };
                ac.fail.push(fail);
                ac.value.push(if pat(i).len() == d + w { values[i] } else { NONE });
                // The failure target is shallower, so made earlier: its value and link are set.
                let fv = ac.value[fail as usize];
                ac.out.push(if fv != NONE { fail } else { ac.out[fail as usize] });
                queue.push_back((i as u32, j as u32, depth + w as u32));
                i = j;
            }
            ac.first.push(ac.labels.len() as u32);
            state += 1;
        }
        Some(ac)
    }

    /// The state reached from `s` on `c`, if it has that edge.
    #[inline(always)]
    fn goto(&self, s: u32, c: char) -> Option<u32> {
        if s == 0 && (c as usize) < ROOT_DENSE {
            let t = self.root[c as usize];
            return (t != NONE).then_some(t);
        }
        let (a, b) = (self.first[s as usize] as usize, self.first[s as usize + 1] as usize);
        let edges = &self.labels[a..b];
        let k = if edges.len() <= 4 { edges.iter().position(|&l| l == c)? } else { edges.binary_search(&c).ok()? };
        Some((a + k + 1) as u32)
    }

    /// Appends the automaton to `out` (read back by [`SortedAc::read`]).
    pub fn write(&self, out: &mut Writer) {
        for v in [&self.root, &self.first, &self.fail, &self.value, &self.out] {
            out.u32s(v);
        }
        out.chars(&self.labels);
    }

    /// Reads an automaton [`SortedAc::write`] wrote, over `count` patterns; `None` unless every
    /// table has its shape, every state, edge and pattern id is in range and every failure and
    /// output link points to an earlier state (so that stepping cannot index out of bounds or
    /// loop).
    pub fn read(r: &mut Reader<'_>, count: u32) -> Option<Self> {
        let ac = SortedAc {
            root: r.u32s()?,
            first: r.u32s()?,
            fail: r.u32s()?,
            value: r.u32s()?,
            out: r.u32s()?,
            labels: r.chars()?,
        };
        ac.valid(count).then_some(ac)
    }

    /// Whether the tables have their shape, every state, edge and pattern id (below `count`) is in
    /// range, and every failure and output link points to an earlier state.
    fn valid(&self, count: u32) -> bool {
        let n = self.fail.len();
        let shaped = n > 0
            && self.root.len() == ROOT_DENSE
            && self.first.len() == n + 1
            && self.value.len() == n
            && self.out.len() == n
            && self.labels.len() + 1 == n
            && self.first.first() == Some(&0)
            && self.first.last().is_some_and(|&l| l as usize == self.labels.len())
            && self.first.windows(2).all(|w| w[0] <= w[1]);
        let state = |s: u32| (s as usize) < n;
        shaped
            && self.root.iter().all(|&t| t == NONE || state(t))
            && self.fail.iter().all(|&t| state(t))
            && self.out.iter().all(|&t| t == NONE || state(t))
            && self.value.iter().all(|&v| v == NONE || v < count)
            // States are numbered breadth-first, so failure and output links point to shallower,
            // lower-numbered states (following them always ends), and an output link's state
            // holds a pattern.
            && self.fail.iter().enumerate().all(|(s, &t)| (t as usize) < s.max(1))
            && self.out.iter().enumerate().all(|(s, &t)| t == NONE || ((t as usize) < s && self.value[t as usize] != NONE))
    }

    /// A stepper at the root.
    pub fn stepper(&self) -> Stepper<'_> {
        Stepper { ac: self, state: 0 }
    }
}

/// Feeds characters one at a time and lists the patterns ending at the last one.
pub struct Stepper<'a> {
    ac: &'a SortedAc,
    state: u32,
}

impl<'a> Stepper<'a> {
    /// Consumes one character.
    #[inline(always)]
    pub fn consume(&mut self, c: char) {
        let ac = self.ac;
        let mut s = self.state;
        self.state = loop {
            if let Some(t) = ac.goto(s, c) {
                break t;
            }
            if s == 0 {
                break 0;
            }
            s = ac.fail[s as usize];
        };
    }

    /// Ids of the patterns ending at the last character consumed, longest first.
    #[inline(always)]
    pub fn matches(&self) -> Matches<'a> {
        let ac = self.ac;
        let s = self.state as usize;
        Matches { ac, next: if ac.value[s] != NONE { s as u32 } else { ac.out[s] } }
    }
}

/// Iterator returned by [`Stepper::matches`].
pub struct Matches<'a> {
    ac: &'a SortedAc,
    next: u32,
}

impl Iterator for Matches<'_> {
    type Item = u32;

    #[inline(always)]
    fn next(&mut self) -> Option<u32> {
        if self.next == NONE {
            return None;
        }
        let s = self.next as usize;
        self.next = self.ac.out[s];
        Some(self.ac.value[s])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use daachorse::{CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

    /// Every (end, pattern) the automaton reports over `text`, in report order.
    fn sorted_matches(pats: &[&str], text: &str) -> Vec<(usize, u32)> {
        let ac = SortedAc::build(pats.len(), |i| pats[i as usize]).expect("builds");
        assert!(ac.valid(pats.len() as u32), "a built automaton passes the read checks");
        let mut st = ac.stepper();
        let mut out = Vec::new();
        for (i, c) in text.chars().enumerate() {
            st.consume(c);
            out.extend(st.matches().map(|v| (i, v)));
        }
        out
    }

    fn daachorse_matches(pats: &[&str], text: &str) -> Vec<(usize, u32)> {
        let pma = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build_with_values(pats.iter().enumerate().map(|(i, p)| (*p, i as u32)))
            .expect("builds");
        let mut st = pma.find_overlapping_stepper();
        let mut out = Vec::new();
        for (i, c) in text.chars().enumerate() {
            st.consume(c);
            out.extend(st.matches().map(|m| (i, m.value())));
        }
        out
    }

    #[test]
    fn links_that_loop_or_point_past_their_state_are_refused() {
        let pats = ["he", "she", "his", "hers"];
        let build = || SortedAc::build(pats.len(), |i| pats[i as usize]).expect("builds");
        let ac = build();
        assert!(ac.valid(4));
        assert!(!ac.valid(1), "a pattern id past the count");
        let last = ac.fail.len() - 1;
        let mut looped = build();
        looped.fail[last] = last as u32;
        assert!(!looped.valid(4), "a failure link to itself would loop");
        let mut forward = build();
        let (s, _) = forward.out.iter().enumerate().find(|&(s, _)| s > 0 && s < last).expect("a middle state");
        forward.out[s] = last as u32;
        assert!(!forward.valid(4), "an output link to a later state");
        let mut empty = build();
        let no_value = (1..=last).find(|&t| empty.value[t] == NONE).expect("a state with no pattern");
        let from = (no_value + 1..=last).next().unwrap_or(last);
        empty.out[from] = no_value as u32;
        assert!(no_value < from && !empty.valid(4), "an output link to a state with no pattern");
    }

    #[test]
    fn same_matches_as_the_double_array() {
        let pats = ["he", "she", "his", "hers", "最佳", "最", "佳品", "全网最低价", "网最", "𠀀a", "a", "ab", "b"];
        for text in ["ushers", "his hershe", "全网最低价，最佳品质", "𠀀ab𠀀a", "", "zzz"] {
            assert_eq!(sorted_matches(&pats, text), daachorse_matches(&pats, text), "{text}");
        }
    }

    #[test]
    fn same_matches_on_random_lists() {
        // A small deterministic generator: patterns and texts over a 6-letter alphabet (many
        // shared prefixes and suffixes), some letters outside the dense root table.
        let alphabet = ['a', 'b', '中', '国', '𠀀', '𠀁'];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for round in 0..40 {
            let mut pats: Vec<String> = Vec::new();
            for _ in 0..(1 + round * 3) {
                let len = 1 + next(5);
                let p: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
                if !pats.contains(&p) {
                    pats.push(p);
                }
            }
            let text: String = (0..200).map(|_| alphabet[next(alphabet.len())]).collect();
            let refs: Vec<&str> = pats.iter().map(String::as_str).collect();
            assert_eq!(sorted_matches(&refs, &text), daachorse_matches(&refs, &text), "{refs:?}");
        }
    }
}
