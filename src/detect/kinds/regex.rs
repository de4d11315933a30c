//! `kind = "regex"`: a regular expression over the article text as extracted (not normalized).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use aho_corasick::automaton::{Automaton, StateID};
use regex_automata::util::iter::Searcher;
use regex_automata::{Input, MatchKind, meta};

use serde::Deserialize;

use super::{Finder, KindData, KindDef, Shared, rules_of};
use crate::detect::pack::{Examples, KindKeys, Rule};
use crate::detect::{DetectInput, Hit, cost};
use crate::model::Field;

/// `kind = "regex"`.
pub const KIND: KindDef = KindDef {
    name: "regex",
    keys: &["pattern", "requires"],
    terms: false,
    all_fields: false,
    needs_corpus: false,
    parse,
    finder: Some(finder),
};

/// The keys of a regex rule.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Keys {
    /// The pattern (Rust `regex` syntax, linear time).
    pattern: Option<String>,
    /// Literals of which the text must contain one for the pattern to be tried (a cheap gate in
    /// front of patterns that start with a character class).
    #[serde(default)]
    requires: Vec<String>,
}

/// A regex rule: its pattern, compiled on first use.
///
/// Compiling all of the bundled packs' patterns takes about a third of the start-up of a check of
/// one small draft, and most gated patterns are never tried on it: a pattern is compiled when the
/// first text reaches it. Patterns of packs read from files are compiled when the pack loads, so a
/// bad pattern is reported then; the bundled ones are compiled by the tests.
#[derive(Debug)]
pub struct Pattern {
    /// The pattern as written.
    pub source: String,
    /// The compiled pattern (`None` inside: it does not compile, only possible for a bundled pack
    /// the tests would reject).
    compiled: OnceLock<Option<Compiled>>,
    /// The pattern compiled without the lazy DFA (see [`Pattern::re_for`]).
    light: OnceLock<Option<Compiled>>,
    /// Bytes of text searched with `light` so far in the run.
    light_searched: AtomicUsize,
    /// The pattern is tried only around these literals (empty: over the whole text).
    pub requires: Vec<String>,
    /// How far from a `requires` literal the pattern is searched (see [`Pattern::reach`]), worked
    /// out on the first gated search: a pattern without `requires` never needs it.
    reach: OnceLock<Reach>,
}

impl Pattern {
    /// How far from a `requires` literal the pattern is searched: bytes on each side (the
    /// longest match the pattern can make when it has a bound, else [`WINDOW`]; at most
    /// [`WINDOW`]), and whether the window stops at the literal's line.
    pub fn reach(&self) -> Reach {
        *self.reach.get_or_init(|| reach(&self.source, &self.requires))
    }

    /// The compiled pattern (compiled now if it was not yet), or `None` if it does not compile.
    pub fn re(&self) -> Option<&Compiled> {
        self.compiled.get_or_init(|| compile(&self.source).ok()).as_ref()
    }

    /// The compiled pattern to search a text of `len` bytes with: while the pattern has no full
    /// compilation yet, a text of at most [`LIGHT_TEXT`] bytes is searched with one compiled
    /// without the lazy DFA (about half the cost to build: no reverse NFA, no DFA caches), until
    /// the run has searched [`LIGHT_BUDGET`] bytes with it. One small draft then does not pay
    /// for the lazy DFAs of the patterns its words open; a long text or a long run builds them.
    /// Both find the same matches (the engines of one `meta::Regex` differ only in speed).
    fn re_for(&self, len: usize) -> Option<&Compiled> {
        if let Some(full) = self.compiled.get() {
            return full.as_ref();
        }
        if light_turn(&self.light_searched, len)
            && let Some(light) = self.light.get_or_init(|| compile_light(&self.source).ok()).as_ref()
        {
            return Some(light);
        }
        self.re()
    }

    /// Whether [`Pattern::re_for`] of a text of `len` bytes would compile the pattern now.
    fn unbuilt_for(&self, len: usize) -> bool {
        self.compiled.get().is_none() && (!self.would_be_light(len) || self.light.get().is_none())
    }

    /// Compiles now what [`Pattern::re_for`] of a text of `len` bytes would use (without
    /// counting the text), so that it finds it built: for a second thread, ahead of the search.
    /// Either compilation finds the same matches, so a guess made stale by another thread's
    /// search costs a compilation, never a different hit.
    fn prepare(&self, len: usize) {
        if self.compiled.get().is_some() {
            return;
        }
        if self.would_be_light(len) {
            self.light.get_or_init(|| compile_light(&self.source).ok());
        } else {
            self.re();
        }
    }

    /// Whether a text of `len` bytes would be searched with the light compilation now (as
    /// [`light_turn`] decides, without counting it).
    fn would_be_light(&self, len: usize) -> bool {
        fits_light(self.light_searched.load(Ordering::Relaxed), len, LIGHT_BUDGET)
    }
}

/// Texts up to this many bytes may be searched with a pattern's light compilation
/// ([`Pattern::re_for`]).
pub(crate) const LIGHT_TEXT: usize = 16 << 10;

/// Bytes of text a run searches with a pattern's light compilation before it builds the full one.
pub(crate) const LIGHT_BUDGET: usize = 64 << 10;

/// Whether a text of `len` bytes is searched with a light compilation (one of at most
/// [`LIGHT_TEXT`] bytes, while `searched`, the bytes searched with it so far, stays within
/// [`LIGHT_BUDGET`]); counts the text in `searched` when it is short. Shared by
/// [`Pattern::re_for`] and the advertising cues.
pub(crate) fn light_turn(searched: &AtomicUsize, len: usize) -> bool {
    light_turn_within(searched, len, LIGHT_BUDGET)
}

/// [`light_turn`] with a budget of `budget` bytes instead of [`LIGHT_BUDGET`].
pub(crate) fn light_turn_within(searched: &AtomicUsize, len: usize, budget: usize) -> bool {
    len <= LIGHT_TEXT && fits_light(searched.fetch_add(len, Ordering::Relaxed), len, budget)
}

/// Whether a text of `len` bytes, after `searched` bytes, is searched with a light compilation
/// within `budget` (the rule of [`light_turn_within`], counted or not).
fn fits_light(searched: usize, len: usize, budget: usize) -> bool {
    len <= LIGHT_TEXT && searched + len <= budget
}

/// A compiled pattern: the engine of `regex::Regex` built as `regex::RegexBuilder` builds it
/// (same matches), with one search cache that every thread uses while no other thread is.
///
/// The lazy DFA of a pattern builds its states as the text needs them, in the cache of the
/// search; with `regex::Regex` each thread has its own, so with two threads the costly patterns
/// (long alternations after `\p{Han}{0,10}` and the like, which meet new states all through a
/// run) built most states twice. A thread that finds the shared cache taken searches with a
/// cache of its own, from the engine's pool.
#[derive(Debug)]
pub struct Compiled {
    re: meta::Regex,
    /// The group named `hit`, if the pattern has one.
    hit: Option<usize>,
    shared: Mutex<meta::Cache>,
}

/// Compiles a rule's pattern (size-limited); the error is `regex`'s message.
fn compile(pattern: &str) -> Result<Compiled, String> {
    compile_limited(pattern, 1 << 22, true)
}

/// [`compile`] without the lazy DFA: the matches are the same, found by the backtracker or the
/// PikeVM (fine on a short text, slow on a long one).
fn compile_light(pattern: &str) -> Result<Compiled, String> {
    compile_limited(pattern, 1 << 22, false)
}

/// Compiles `pattern` as `regex::Regex::new` does (its default size limit), for a pattern that
/// every document meets (the advertising cues): searched with [`find_all`], its lazy DFA's
/// states are built once for all threads, not once per thread as with `regex::Regex`.
pub(crate) fn compile_shared(pattern: &str) -> Result<Compiled, String> {
    compile_limited(pattern, 10 * (1 << 20), true)
}

/// [`compile_shared`] without the lazy DFA (as [`compile_light`]), for short texts.
pub(crate) fn compile_shared_light(pattern: &str) -> Result<Compiled, String> {
    compile_limited(pattern, 10 * (1 << 20), false)
}

/// The non-empty matches of `re` in `text`, as `regex::Regex::find_iter` finds them (with the
/// shared cache when no other thread holds it).
pub(crate) fn find_all(re: &Compiled, text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    matches(re, text, |r| found.push(r));
    found
}

/// `pattern` compiled as [`compile_shared_light`] compiles it (no lazy DFA, no literal
/// prefilter), as a bare engine: the same matches as `regex::Regex::new(pattern)`, about half the
/// cost to build. For the context patterns' short texts ([`crate::detect::context`]).
pub(crate) fn meta_light(pattern: &str) -> Result<meta::Regex, String> {
    meta_limited(pattern, 10 * (1 << 20), false)
}

/// Compiles `pattern` with an NFA size limit of `size_limit` bytes, with the lazy DFA if
/// `lazy_dfa`.
fn compile_limited(pattern: &str, size_limit: usize, lazy_dfa: bool) -> Result<Compiled, String> {
    match meta_limited(pattern, size_limit, lazy_dfa) {
        Ok(re) => {
            let hit = re.group_info().to_index(regex_automata::PatternID::ZERO, "hit");
            let shared = Mutex::new(re.create_cache());
            Ok(Compiled { re, hit, shared })
        }
        // The same pattern fails the same way there; its message is the one users know.
        Err(e) => {
            Err(regex::RegexBuilder::new(pattern).size_limit(size_limit).build().err().map_or(e, |e| e.to_string()))
        }
    }
}

/// The engine of [`compile_limited`] (the error is the builder's message).
fn meta_limited(pattern: &str, size_limit: usize, lazy_dfa: bool) -> Result<meta::Regex, String> {
    // What `regex::RegexBuilder::new(pattern).size_limit(size_limit).build()` configures, but
    // for the one-pass DFA: it only serves anchored searches for the `hit` group inside a match
    // already found, which the bounded backtracker does as fast on such short spans, and trying to
    // build it for every pattern was ≈ 5 % of start-up (same matches: every engine of the meta
    // regex finds the same leftmost-first match and groups).
    let config = meta::Config::new()
        .nfa_size_limit(Some(size_limit))
        .hybrid(lazy_dfa)
        .hybrid_cache_capacity(2 * (1 << 20))
        .match_kind(MatchKind::LeftmostFirst)
        .utf8_empty(true)
        .onepass(false)
        // The light compilation searches short texts and windows: no literal prefilter to build
        // for it (same matches; a prefilter only skips ahead to where a match may start).
        .auto_prefilter(lazy_dfa);
    let syntax = regex_automata::util::syntax::Config::new().utf8(true);
    meta::Builder::new().configure(config).syntax(syntax).build(pattern).map_err(|e| e.to_string())
}

fn pattern_of(rule: &Rule) -> Option<&Pattern> {
    rule.kind.data()
}

/// Bytes searched on each side of a `requires` literal: a gated pattern is tried only in these
/// windows (merged), not over the whole text.
pub const WINDOW: usize = 256;

/// The regex rules of an engine: ungated ones run over the text; gated ones (`requires`) run in
/// windows around the occurrences of their literals, found for all of them in one automaton pass.
#[derive(Debug)]
struct Regexes {
    /// Rules without `requires`.
    open: Vec<usize>,
    /// For each rule of `open`, whether it is searched only on the lines of its fields: it does
    /// not apply to the body, and its matches are never empty and never hold a line feed (see
    /// [`field_lines`]).
    by_field: Vec<bool>,
    /// Rules with `requires`, in automaton order.
    gated: Vec<usize>,
    /// The distinct `requires` literals, and for each the indices into `gated` of the rules that
    /// list it (two rules may share a literal).
    literals: Option<(Literals, Vec<Vec<usize>>)>,
}

/// The `requires` literals as one automaton, searched for every occurrence (overlapping ones
/// included).
#[derive(Debug)]
struct Literals {
    /// The literals, for the automata built later.
    words: Vec<String>,
    /// A contiguous NFA of the literals (standard semantics: every occurrence is reported): cheap
    /// to build, so a run over a few small drafts does not wait for the DFA; built on the first
    /// search that does not go [`Literals::by_first`] (`None` inside: it failed to build, never
    /// expected for plain strings; the search by first characters then serves).
    nfa: OnceLock<Option<(aho_corasick::nfa::contiguous::NFA, StateID)>>,
    /// The literals by their first character (indices into `words`), for searching a small text
    /// without building an automaton ([`Literals::by_first`]); built on first use.
    firsts: OnceLock<rustc_hash::FxHashMap<char, Vec<u32>>>,
    /// Bytes of small texts searched by first characters so far (see [`light_turn`]).
    small_searched: AtomicUsize,
    /// The DFA of the literals (the same occurrences, faster per byte, slower to build), built
    /// once [`DFA_AFTER`] bytes have been searched in the run (`None` inside: it failed to build,
    /// never expected for plain strings; the NFA then serves).
    dfa: OnceLock<Option<Dense>>,
    /// Bytes searched with the NFA so far.
    searched: AtomicUsize,
    /// No literal is empty or holds a line feed, so no occurrence spans one: the text can be
    /// searched in pieces cut after line feeds.
    splittable: bool,
}

/// Bytes a run searches with the literals' NFA before it builds their DFA (≈ 1.5 ms to build).
const DFA_AFTER: usize = 1 << 16;

/// Pieces a text is searched in at once (see [`Literals::each`]).
const STREAMS: usize = 8;

impl Literals {
    /// The literals `words`, whose automata are built when a search needs them (`None` never:
    /// kept so that a failure to build could still leave the rules ungated).
    fn new(words: Vec<String>) -> Option<Self> {
        let splittable = words.iter().all(|w| !w.is_empty() && !w.contains('\n'));
        Some(Self {
            words,
            nfa: OnceLock::new(),
            firsts: OnceLock::new(),
            small_searched: AtomicUsize::new(0),
            dfa: OnceLock::new(),
            searched: AtomicUsize::new(0),
            splittable,
        })
    }

    /// The NFA and its unanchored start state, built now if it was not yet.
    fn nfa(&self) -> Option<&(aho_corasick::nfa::contiguous::NFA, StateID)> {
        self.nfa
            .get_or_init(|| {
                let nfa = aho_corasick::nfa::contiguous::Builder::new()
                    .match_kind(aho_corasick::MatchKind::Standard)
                    .build(&self.words)
                    .ok()?;
                let start = nfa.start_state(aho_corasick::Anchored::No).ok()?;
                Some((nfa, start))
            })
            .as_ref()
    }

    /// The DFA, built now if it was not yet.
    fn dfa(&self) -> Option<&Dense> {
        self.dfa.get_or_init(|| Dense::new(&self.words)).as_ref()
    }

    /// Calls `f` with the pattern index and byte range of every occurrence of every literal in
    /// `text` (order unspecified): a small text (at most [`LIGHT_TEXT`] bytes, while the run has
    /// searched at most [`LIGHT_BUDGET`] bytes so) by first characters, without an automaton
    /// (building the NFA of the bundled packs' 1,300 literals was ≈ 8 % of the start-up of a check
    /// of one small draft); then with the NFA while the run has searched fewer than
    /// [`DFA_AFTER`] bytes with it, then with the DFA.
    fn each(&self, text: &str, f: impl FnMut(usize, std::ops::Range<usize>)) {
        let small = self.nfa.get().is_none() && self.splittable && light_turn(&self.small_searched, text.len());
        if small {
            return self.by_first(text, f);
        }
        let dfa = match self.dfa.get() {
            Some(built) => built.as_ref(),
            None if self.searched.fetch_add(text.len(), Ordering::Relaxed) + text.len() > DFA_AFTER => self.dfa(),
            None => None,
        };
        match (dfa, self.nfa()) {
            (Some(dfa), _) => self.walk(dfa, dfa.start, text, f),
            (None, Some((nfa, start))) => self.walk(nfa, *start, text, f),
            (None, None) => self.by_first(text, f),
        }
    }

    /// [`Literals::each`] by first characters: at each character of `text`, the literals that
    /// start with it are compared with the text there. Every occurrence starts on a character
    /// (a literal starts with one), so these are the occurrences the automata find.
    fn by_first(&self, text: &str, mut f: impl FnMut(usize, std::ops::Range<usize>)) {
        let firsts = self.firsts.get_or_init(|| {
            let mut m: rustc_hash::FxHashMap<char, Vec<u32>> = rustc_hash::FxHashMap::default();
            for (i, w) in self.words.iter().enumerate() {
                if let Some(c) = w.chars().next() {
                    m.entry(c).or_default().push(i as u32);
                }
            }
            m
        });
        let bytes = text.as_bytes();
        for (at, c) in text.char_indices() {
            let Some(ids) = firsts.get(&c) else { continue };
            for &i in ids {
                let w = self.words[i as usize].as_bytes();
                if bytes[at..].starts_with(w) {
                    f(i as usize, at..at + w.len());
                }
            }
        }
    }

    /// [`Literals::each`] with automaton `a` from its unanchored start state `start`. One walk of
    /// an automaton is a chain of dependent table loads, one per byte; the text is cut after line
    /// feeds into [`STREAMS`] pieces walked in lockstep, whose chains the processor overlaps
    /// (4 pieces: ≈ 2.4× faster than one walk on 75 MB of statutes with the DFA; 8, with the states
    /// held in registers: the walk 125 → 98 ms there). The automaton is in its start state
    /// after a line feed when no literal holds one, so the occurrences are the same as in one walk.
    fn walk<A: Walk>(&self, a: &A, start: A::State, text: &str, mut f: impl FnMut(usize, std::ops::Range<usize>)) {
        let bytes = text.as_bytes();
        let mut cuts = [bytes.len(); STREAMS + 1];
        cuts[0] = 0;
        if self.splittable {
            for k in 1..STREAMS {
                let from = (bytes.len() * k / STREAMS).max(cuts[k - 1]);
                cuts[k] = memchr::memchr(b'\n', &bytes[from..]).map_or(bytes.len(), |i| from + i + 1);
            }
        }
        let mut state = [start; STREAMS];
        let mut found = |sid, at: usize| a.each_match(sid, |p, len| f(p, at + 1 - len..at + 1));
        let common = (0..STREAMS).map(|k| cuts[k + 1] - cuts[k]).min().unwrap_or(0);
        // The states stay in registers (no reference to them escapes the loop: an array of them
        // that did was kept in memory, each step waiting on a store and a reload), and one test
        // finds whether any of them matches (matches are rare).
        let pieces: [&[u8]; STREAMS] = std::array::from_fn(|k| &bytes[cuts[k]..cuts[k] + common]);
        let step = |s, b| a.step(s, b);
        let mut s = state;
        // One index into all the pieces (each `common` long), as the lockstep needs.
        #[allow(clippy::needless_range_loop)]
        for i in 0..common {
            for k in 0..STREAMS {
                s[k] = step(s[k], pieces[k][i]);
            }
            if s.iter().fold(false, |any, &sid| any | a.is_match(sid)) {
                for (k, &sid) in s.iter().enumerate() {
                    if a.is_match(sid) {
                        found(sid, cuts[k] + i);
                    }
                }
            }
        }
        state = s;
        for k in 0..STREAMS {
            for (at, &b) in bytes.iter().enumerate().take(cuts[k + 1]).skip(cuts[k] + common) {
                state[k] = a.step(state[k], b);
                if a.is_match(state[k]) {
                    found(state[k], at);
                }
            }
        }
    }
}

/// An automaton [`Literals::walk`] steps through a text byte by byte.
trait Walk {
    /// A state.
    type State: Copy;
    /// The state after `s` on byte `b`.
    fn step(&self, s: Self::State, b: u8) -> Self::State;
    /// Whether `s` is a match state.
    fn is_match(&self, s: Self::State) -> bool;
    /// Calls `f` with the index and byte length of each literal ending at match state `s`.
    fn each_match(&self, s: Self::State, f: impl FnMut(usize, usize));
}

impl Walk for aho_corasick::nfa::contiguous::NFA {
    type State = StateID;

    #[inline(always)]
    fn step(&self, s: StateID, b: u8) -> StateID {
        self.next_state(aho_corasick::Anchored::No, s, b)
    }

    #[inline(always)]
    fn is_match(&self, s: StateID) -> bool {
        Automaton::is_match(self, s)
    }

    fn each_match(&self, s: StateID, mut f: impl FnMut(usize, usize)) {
        for i in 0..self.match_len(s) {
            let p = self.match_pattern(s, i);
            f(p.as_usize(), self.pattern_len(p));
        }
    }
}

/// A dense Aho-Corasick DFA of the literals (standard semantics: every occurrence), over byte
/// classes: each byte some literal holds is a class of its own, and every other byte is one
/// class, with rows as wide as the classes. The aho-corasick crate's DFA of the bundled packs'
/// 2,100 literals pads each row to 256 transitions (its byte classes number more than 128), which
/// made an 11 MB table; these rows are about half as wide, so the states near the root that a
/// walk of Chinese text keeps visiting stay in the processor's caches.
#[derive(Debug)]
struct Dense {
    /// The class of each byte.
    classes: [u8; 256],
    /// Transitions: the row of a state starts at its id (ids are premultiplied by the row width).
    table: Vec<u32>,
    /// Ids below this are match states.
    matching_below: u32,
    /// The unanchored start state.
    start: u32,
    /// The row width (the number of classes).
    width: u32,
    /// For each match state (by id / row width), its literals' range in `outputs`.
    output_ranges: Vec<(u32, u32)>,
    /// Literal indices, by match state.
    outputs: Vec<u32>,
    /// Byte length of each literal.
    lens: Vec<u32>,
}

impl Dense {
    /// The DFA of `words` (`None` if a word is empty, or the table would be larger than `u32`
    /// can index, or every byte value is in some word: the NFA then serves).
    fn new(words: &[String]) -> Option<Self> {
        const NONE: u32 = u32::MAX;
        if words.is_empty() || words.iter().any(String::is_empty) {
            return None;
        }
        let mut used = [false; 256];
        for w in words {
            for &b in w.as_bytes() {
                used[b as usize] = true;
            }
        }
        // Class 0: the bytes no literal holds; then one class per byte that one does.
        let mut classes = [0u8; 256];
        let mut width = 1usize;
        for b in 0..256 {
            if used[b] {
                classes[b] = u8::try_from(width).ok()?;
                width += 1;
            }
        }
        // A byte-wise trie: rows of `width` children, `NONE` where there is none.
        let mut rows: Vec<u32> = vec![NONE; width];
        let mut own: Vec<Vec<u32>> = vec![Vec::new()];
        for (i, w) in words.iter().enumerate() {
            let mut s = 0usize;
            for &b in w.as_bytes() {
                let at = s * width + classes[b as usize] as usize;
                if rows[at] == NONE {
                    rows[at] = u32::try_from(own.len()).ok()?;
                    rows.extend(std::iter::repeat_n(NONE, width));
                    own.push(Vec::new());
                }
                s = rows[at] as usize;
            }
            own[s].push(u32::try_from(i).ok()?);
        }
        let n = own.len();
        // Failure links in breadth-first order; each missing transition becomes its failure
        // state's (already complete: a failure state is shallower).
        let mut fail = vec![0u32; n];
        let mut outs: Vec<Vec<u32>> = own;
        let mut queue = std::collections::VecDeque::new();
        for t in &mut rows[..width] {
            match *t {
                NONE => *t = 0,
                child => {
                    fail[child as usize] = 0;
                    queue.push_back(child);
                }
            }
        }
        while let Some(u) = queue.pop_front() {
            let u = u as usize;
            let f = fail[u] as usize;
            if !outs[f].is_empty() {
                let inherited = outs[f].clone();
                outs[u].extend(inherited);
            }
            for c in 0..width {
                let at = u * width + c;
                match rows[at] {
                    NONE => rows[at] = rows[f * width + c],
                    t => {
                        fail[t as usize] = rows[f * width + c];
                        queue.push_back(t);
                    }
                }
            }
        }
        // Match states first, so that one comparison tells a match; ids premultiplied.
        let mut order: Vec<usize> = (0..n).filter(|&s| !outs[s].is_empty()).collect();
        let matching = order.len();
        order.extend((0..n).filter(|&s| outs[s].is_empty()));
        let mut id = vec![0u32; n];
        for (k, &s) in order.iter().enumerate() {
            id[s] = u32::try_from(k.checked_mul(width)?).ok()?;
        }
        u32::try_from(n.checked_mul(width)?).ok()?;
        let mut table = Vec::with_capacity(n * width);
        let mut output_ranges = Vec::with_capacity(matching);
        let mut outputs = Vec::new();
        for &s in &order {
            table.extend(rows[s * width..(s + 1) * width].iter().map(|&t| id[t as usize]));
            if !outs[s].is_empty() {
                let from = outputs.len() as u32;
                outputs.extend(&outs[s]);
                output_ranges.push((from, outputs.len() as u32));
            }
        }
        let lens = words.iter().map(|w| u32::try_from(w.len()).ok()).collect::<Option<Vec<u32>>>()?;
        Some(Self {
            classes,
            table,
            matching_below: u32::try_from(matching * width).ok()?,
            start: id[0],
            width: u32::try_from(width).ok()?,
            output_ranges,
            outputs,
            lens,
        })
    }
}

impl Walk for Dense {
    type State = u32;

    #[inline(always)]
    fn step(&self, s: u32, b: u8) -> u32 {
        self.table[s as usize + self.classes[b as usize] as usize]
    }

    #[inline(always)]
    fn is_match(&self, s: u32) -> bool {
        s < self.matching_below
    }

    fn each_match(&self, s: u32, mut f: impl FnMut(usize, usize)) {
        let (from, to) = self.output_ranges[s as usize / self.width as usize];
        for &p in &self.outputs[from as usize..to as usize] {
            f(p as usize, self.lens[p as usize] as usize);
        }
    }
}

/// A finder for the regex rules among `rules`, if any.
pub fn finder(rules: &[Rule]) -> Option<Box<dyn Finder>> {
    regexes(rules).map(|r| Box::new(r) as Box<dyn Finder>)
}

/// The regex rules among `rules`, if any.
fn regexes(rules: &[Rule]) -> Option<Regexes> {
    let all = rules_of(rules, |r| pattern_of(r).is_some());
    if all.is_empty() {
        return None;
    }
    let (gated, open): (Vec<usize>, Vec<usize>) =
        all.into_iter().partition(|&ri| pattern_of(&rules[ri]).is_some_and(|p| !p.requires.is_empty()));
    let mut words: Vec<String> = Vec::new();
    let mut owners: Vec<Vec<usize>> = Vec::new();
    // (Fx hashing: the few thousand `requires` words hashed with SipHash were a noticeable part of
    // a one-draft start.)
    let mut index: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    for (gi, &ri) in gated.iter().enumerate() {
        for w in pattern_of(&rules[ri]).map_or(&[][..], |p| &p.requires) {
            let at = *index.entry(w.as_str()).or_insert_with(|| {
                words.push(w.clone());
                owners.push(Vec::new());
                words.len() - 1
            });
            if !owners[at].contains(&gi) {
                owners[at].push(gi);
            }
        }
    }
    let literals = if words.is_empty() {
        None
    } else {
        // The literals are plain strings from packs that loaded; building cannot fail for them.
        // Standard semantics, searched with overlaps: every occurrence of every literal opens its
        // rules' windows, also where it overlaps another literal (收益 in 增收益, beside 增收).
        Literals::new(words).map(|ac| (ac, owners))
    };
    // Without an automaton (never expected) the gated rules run ungated.
    let (open, gated) = if literals.is_some() { (open, gated) } else { ([open, gated].concat(), Vec::new()) };
    let by_field = open
        .iter()
        .map(|&ri| {
            !rules[ri].fields.contains(&Field::Body) && pattern_of(&rules[ri]).is_some_and(|p| line_local(&p.source))
        })
        .collect();
    Some(Regexes { open, by_field, gated, literals })
}

/// Whether every match of `pattern` is non-empty and holds no line feed (`false` when unsure).
/// Such a pattern finds on a stretch of whole lines what it finds there in the whole text: a
/// match before the stretch ends before the line feed that opens it, so the search of the whole
/// text reaches the stretch as a search starting there does.
fn line_local(pattern: &str) -> bool {
    regex_syntax::Parser::new().parse(pattern).is_ok_and(|hir| hir_line_local(&hir))
}

/// [`line_local`] of a parsed pattern.
fn hir_line_local(hir: &regex_syntax::hir::Hir) -> bool {
    hir.properties().minimum_len().is_some_and(|n| n > 0) && !holds_newline(hir)
}

/// Whether the class `c` holds the line feed.
fn class_newline(c: &regex_syntax::hir::Class) -> bool {
    use regex_syntax::hir::Class;
    match c {
        Class::Unicode(c) => c.ranges().iter().any(|r| r.start() <= '\n' && '\n' <= r.end()),
        Class::Bytes(c) => c.ranges().iter().any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
    }
}

/// Whether some match of `hir` may hold a line feed (a literal or a class with one, anywhere).
fn holds_newline(hir: &regex_syntax::hir::Hir) -> bool {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(l) => l.0.contains(&b'\n'),
        HirKind::Class(c) => class_newline(c),
        HirKind::Repetition(r) => holds_newline(&r.sub),
        HirKind::Capture(c) => holds_newline(&c.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(holds_newline),
    }
}

/// The stretches of `text` (folded from the source of `folded`) that a rule applying to the
/// fields `want` (not the body) is searched in: the whole lines holding a field it applies to
/// (`fields` are the source's sorted stretches), merged, in order.
///
/// A match of a [`line_local`] pattern lies in one line, so every match starting in such a field
/// is found, as the search of the whole text finds it; matches starting elsewhere on those lines
/// are dropped with the other hits outside their rule's fields.
fn field_lines(
    text: &str,
    folded: &crate::normalize::Folded<'_>,
    source: &str,
    fields: &[(std::ops::Range<usize>, Field)],
    want: &[Field],
) -> Vec<std::ops::Range<usize>> {
    use crate::normalize::{ceil_char_boundary, floor_char_boundary};
    let bytes = text.as_bytes();
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (r, f) in fields {
        let (a, b) = (floor_char_boundary(source, r.start), ceil_char_boundary(source, r.end));
        if a >= b || !want.contains(f) {
            continue;
        }
        let (a, b) = (folded.folded(a).min(bytes.len()), folded.folded(b).min(bytes.len()));
        if a >= b {
            continue;
        }
        let start = memchr::memrchr(b'\n', &bytes[..a]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[b - 1..]).map_or(bytes.len(), |i| b - 1 + i);
        match out.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => out.push(start..end),
        }
    }
    out
}

/// Merges `[start - reach, end + reach]` windows (on character boundaries of `text`), each cut
/// to the line of its literal when `reach.lines` (the line feeds around it included when
/// `reach.edges`).
///
/// `spots` are sorted by start. The windows are made as they are searched: the bytes a window's
/// edges are found in are then read again by its search while they are still cached (made all
/// at once, ahead of the searches, every spot's edges were cache misses in a long text, twice),
/// and a spot whose window lies inside the current one is passed over without reading the text.
fn windows<'a>(
    text: &'a str,
    spots: &'a [std::ops::Range<usize>],
    reach: Reach,
) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
    let bytes = text.as_bytes();
    let mut spots = spots.iter();
    let mut current: Option<std::ops::Range<usize>> = None;
    std::iter::from_fn(move || {
        for r in spots.by_ref() {
            // Its window would start at or before `r.start`, inside the current one, and end at or
            // before the current one's end (a character boundary, or the end of the spot's line
            // when windows are cut at lines): nothing to add.
            if current.as_ref().is_some_and(|c| {
                r.end + reach.bytes <= c.end
                    || reach.lines
                        && if reach.edges {
                            r.end < c.end && bytes[c.end - 1] == b'\n' || r.end <= c.end && c.end == bytes.len()
                        } else {
                            r.end <= c.end && bytes.get(c.end).is_none_or(|&b| b == b'\n')
                        }
            }) {
                continue;
            }
            let mut a = crate::normalize::floor_char_boundary(text, r.start.saturating_sub(reach.bytes));
            let mut b = crate::normalize::ceil_char_boundary(text, r.end + reach.bytes);
            if reach.lines {
                // A line feed is one byte and never inside a character: the cuts stay on boundaries.
                let edge = usize::from(reach.edges);
                a = memchr::memrchr(b'\n', &bytes[a..r.start.max(a)]).map_or(a, |i| a + i + 1 - edge);
                b = memchr::memchr(b'\n', &bytes[r.end.min(b)..b]).map_or(b, |i| r.end.min(b) + i + edge);
            }
            match current.as_mut() {
                Some(c) if a <= c.end => c.end = c.end.max(b),
                _ => {
                    if let Some(done) = current.replace(a..b) {
                        return Some(done);
                    }
                }
            }
        }
        current.take()
    })
}

impl Finder for Regexes {
    fn find(&self, rules: &[Rule], input: &DetectInput<'_>, hits: &mut Vec<Hit>) {
        self.find_shared(rules, input, &Shared::default(), hits);
    }

    fn wants_folds(&self) -> bool {
        true
    }

    fn find_shared(&self, rules: &[Rule], input: &DetectInput<'_>, shared: &Shared<'_>, hits: &mut Vec<Hit>) {
        // Patterns are written in simplified characters and ASCII: they read the text folded
        // character for character (高達９８％ as 高达98%), and hits map back to the source.
        let folded = match shared.folds {
            Some(at) => crate::normalize::fold_chars_at(input.text, at),
            None => crate::normalize::fold_chars(input.text),
        };
        let text: &str = &folded.text;
        let first = hits.len();
        let lines = |ri: usize| field_lines(text, &folded, input.text, input.fields, &rules[ri].fields);
        self.find_in(rules, text, &lines, input.spare, hits);
        for h in &mut hits[first..] {
            h.range = folded.source_range(h.range.clone());
        }
    }
}

impl Regexes {
    /// The hits of the regex rules in `text`; a rule searched [`Regexes::by_field`] is searched
    /// only in the stretches `lines` gives for it.
    fn find_in(
        &self,
        rules: &[Rule],
        text: &str,
        lines: &dyn Fn(usize) -> Vec<std::ops::Range<usize>>,
        spare: bool,
        hits: &mut Vec<Hit>,
    ) {
        let spots = self.literals.as_ref().map(|(ac, owner)| {
            let t0 = cost::enabled().then(Instant::now);
            let mut spots: Vec<Vec<std::ops::Range<usize>>> = vec![Vec::new(); self.gated.len()];
            // Every occurrence of every literal, overlapping ones included; each opens windows
            // for the rules that list it.
            // The order does not matter: each rule's spots are sorted by start, and the windows
            // are their union.
            ac.each(text, |pattern, range| {
                for &gi in &owner[pattern] {
                    spots[gi].push(range.clone());
                }
            });
            record_cost(cost::LITERAL_WALK, t0, 1, text.len(), spots.iter().map(Vec::len).sum());
            spots
        });
        if spare {
            // Another core is idle: the patterns this text opens that are not built yet are
            // compiled half there, half here as the searches below reach them (the first text of
            // a run opens some twenty, whose compilation is most of its regex time).
            let gated = spots.iter().flat_map(|spots| {
                spots.iter().enumerate().filter(|(_, s)| !s.is_empty()).map(|(gi, _)| self.gated[gi])
            });
            let unbuilt: Vec<&Pattern> = self
                .open
                .iter()
                .copied()
                .chain(gated)
                .filter_map(|ri| pattern_of(&rules[ri]))
                .filter(|p| p.unbuilt_for(text.len()))
                .collect();
            if unbuilt.len() >= 2 {
                std::thread::scope(|s| {
                    // (If the thread cannot start, the searches compile them all here.)
                    let _ = std::thread::Builder::new().name("hegui-regex".into()).spawn_scoped(s, || {
                        for p in unbuilt.iter().rev().step_by(2) {
                            p.prepare(text.len());
                        }
                    });
                    self.search_in(rules, text, lines, spots, hits);
                });
                return;
            }
        }
        self.search_in(rules, text, lines, spots, hits);
    }

    /// [`Regexes::find_in`]'s searches, given the `requires` literals' spots for each gated rule.
    fn search_in(
        &self,
        rules: &[Rule],
        text: &str,
        lines: &dyn Fn(usize) -> Vec<std::ops::Range<usize>>,
        spots: Option<Vec<Vec<std::ops::Range<usize>>>>,
        hits: &mut Vec<Hit>,
    ) {
        let pattern = |ri: usize| pattern_of(&rules[ri]).and_then(|p| p.re_for(text.len()));
        // Per-rule costs (`detect::cost`), when asked for.
        let timing = cost::enabled();
        let record = record_cost;
        for (&ri, &by_field) in self.open.iter().zip(&self.by_field) {
            let Some(re) = pattern(ri) else { continue };
            let (t0, first) = (timing.then(Instant::now), hits.len());
            if by_field {
                // One search per line, with one lock of the cache for all of them.
                let spans = lines(ri);
                let (n, bytes) = (spans.len(), spans.iter().map(|s| s.len()).sum());
                searches(re, spans.into_iter().map(|span| (Input::new(text).span(span), 0)), |r| {
                    hits.push(Hit::at(ri, r));
                });
                record(&rules[ri].id, t0, n, bytes, hits.len() - first);
            } else {
                matches(re, text, |r| hits.push(Hit::at(ri, r)));
                record(&rules[ri].id, t0, 1, text.len(), hits.len() - first);
            }
        }
        let Some(mut spots) = spots else { return };
        for (gi, spots) in spots.iter_mut().enumerate() {
            if spots.is_empty() {
                continue;
            }
            let ri = self.gated[gi];
            let Some(p) = pattern_of(&rules[ri]) else { continue };
            let Some(re) = p.re_for(text.len()) else { continue };
            let (t0, first) = (timing.then(Instant::now), hits.len());
            spots.sort_by_key(|r| r.start);
            // Merged windows are disjoint, so no match is found twice. A match holds a literal
            // and is at most `reach` long, so it lies within its literal's window (and within its
            // line when no match holds a line feed); a match that would start before a window
            // overlaps its own window, and the two are merged.
            // Each window is searched on its own, one lock of the cache and one set of captures for
            // all of them: as a haystack of its own (its edges are the text's for the assertions)
            // when it is not cut at lines, else as a span of the text, whose assertions (`^`, `\b`)
            // read the characters around a cut as the search of the whole text does.
            let reach = p.reach();
            let (mut n, mut bytes) = (0, 0);
            let ws = windows(text, spots, reach).inspect(|w| {
                n += 1;
                bytes += w.len();
            });
            if reach.lines {
                searches(re, ws.map(|w| (Input::new(text).span(w), 0)), |r| hits.push(Hit::at(ri, r)));
            } else {
                searches(re, ws.map(|w| (Input::new(&text[w.clone()]), w.start)), |r| hits.push(Hit::at(ri, r)));
            }
            record(&rules[ri].id, t0, n, bytes, hits.len() - first);
        }
    }
}

/// Records a search's cost under `name` when costs are asked for (`t0` set: see `detect::cost`).
fn record_cost(name: &str, t0: Option<Instant>, searches: usize, bytes: usize, hits: usize) {
    if let Some(t0) = t0 {
        let (searches, bytes, hits) = (searches as u64, bytes as u64, hits as u64);
        cost::record(name, cost::Cost { time: t0.elapsed(), searches, bytes, hits });
    }
}

/// Calls `found` with each non-empty match of `re` in `text`, in order: the group named `hit`
/// when the pattern has one (so a pattern can require context it does not report, as lookaround
/// would), else the whole match. The matches are those of `regex::Regex::find_iter` (or
/// `captures_iter`), searched with the shared cache when no other thread holds it.
fn matches(re: &Compiled, text: &str, found: impl FnMut(std::ops::Range<usize>)) {
    searches(re, std::iter::once((Input::new(text), 0)), found);
}

/// [`matches`] of each of `inputs` in turn (an input's span may be part of its haystack: the text
/// around it is read by the assertions, `^`, `$` and `\b`, as in a search of the whole text), each
/// match moved by the offset given with its input: the shared cache is locked once (or found taken
/// once) for all of them, and a pattern with a `hit` group has one set of captures for all of them.
fn searches<'h>(
    re: &Compiled,
    inputs: impl IntoIterator<Item = (Input<'h>, usize)>,
    mut found: impl FnMut(std::ops::Range<usize>),
) {
    let mut found = |s: std::ops::Range<usize>, at: usize| found(s.start + at..s.end + at);
    let Ok(mut cache) = re.shared.try_lock() else {
        // Another thread searches with the shared cache: a cache from the engine's own pool.
        for (input, at) in inputs {
            match re.hit {
                Some(hit) => re
                    .re
                    .captures_iter(input)
                    .filter_map(|c| c.get_group(hit))
                    .filter(|s| !s.is_empty())
                    .for_each(|s| found(s.range(), at)),
                None => re.re.find_iter(input).filter(|m| !m.is_empty()).for_each(|m| found(m.range(), at)),
            }
        }
        return;
    };
    // As the engine's `find_iter` and `captures_iter` iterate, with this cache.
    match re.hit {
        Some(hit) => {
            let mut caps = re.re.create_captures();
            for (input, at) in inputs {
                let mut it = Searcher::new(input);
                while it
                    .advance(|input| {
                        re.re.search_captures_with(&mut cache, input, &mut caps);
                        Ok(caps.get_match())
                    })
                    .is_some()
                {
                    if let Some(s) = caps.get_group(hit).filter(|s| !s.is_empty()) {
                        found(s.range(), at);
                    }
                }
            }
        }
        None => {
            for (input, at) in inputs {
                let mut it = Searcher::new(input);
                while let Some(m) = it.advance(|input| Ok(re.re.search_with(&mut cache, input))) {
                    if !m.is_empty() {
                        found(m.range(), at);
                    }
                }
            }
        }
    }
}

/// The `pattern` of a regex rule and its `requires` literals; the pattern is compiled now
/// (size-limited) unless the pack is bundled (see [`Pattern`]).
fn parse(keys: &KindKeys<'_>) -> Result<KindData, String> {
    let Keys { pattern, requires } = keys.parse()?;
    let source = pattern.ok_or("a regex rule needs `pattern`")?;
    let compiled = OnceLock::new();
    if !keys.is_builtin() {
        let re = compile(&source).map_err(|e| format!("bad `pattern`: {e}"))?;
        check_requires(&source, &re, &requires, keys.examples)?;
        check_literals(&source, &requires)?;
        let _ = compiled.set(Some(re));
    }
    Ok(Arc::new(Pattern {
        source,
        compiled,
        light: OnceLock::new(),
        light_searched: AtomicUsize::new(0),
        requires,
        reach: OnceLock::new(),
    }))
}

/// Checks that no literal of the pattern, and no `requires` literal, holds a character the scan
/// folds into another one: the pattern runs on folded text, so `什么` (么 folds to 幺) or `國家`
/// could never match there, and a literal `分鐘` is never found; the rule would be silently dead
/// or ungated. A class (`[么幺]`) may list such characters beside their folded forms.
fn check_literals(source: &str, requires: &[String]) -> Result<(), String> {
    use regex_syntax::hir::{Hir, HirKind};
    fn walk(hir: &Hir, bad: &mut Option<(char, String)>) {
        match hir.kind() {
            HirKind::Literal(l) => {
                for c in String::from_utf8_lossy(&l.0).chars() {
                    let folded = crate::normalize::fold_chars(c.encode_utf8(&mut [0; 4])).text.into_owned();
                    if folded != c.to_string() && bad.is_none() {
                        *bad = Some((c, folded));
                    }
                }
            }
            HirKind::Repetition(r) => walk(&r.sub, bad),
            HirKind::Capture(c) => walk(&c.sub, bad),
            HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().for_each(|h| walk(h, bad)),
            HirKind::Empty | HirKind::Look(_) | HirKind::Class(_) => {}
        }
    }
    let mut bad = None;
    if let Ok(hir) = regex_syntax::Parser::new().parse(source) {
        walk(&hir, &mut bad);
    }
    if let Some((c, folded)) = bad {
        return Err(format!(
            "the pattern has `{c}`, which the scan folds to `{folded}` before matching, so it never matches there: write `{folded}` (or a class of both)"
        ));
    }
    for l in requires {
        let folded = crate::normalize::fold_chars(l).text;
        if folded != l.as_str() {
            return Err(format!(
                "the `requires` literal `{l}` never occurs in the folded text the scan searches (it reads `{folded}` there): write `{folded}`"
            ));
        }
    }
    Ok(())
}

/// Checks the invariant a gated pattern relies on: every match holds one of the `requires`
/// literals. A match without one is missed where no literal is near, so each of these is an
/// error: a match without a literal in one of the rule's examples (`hit` or `miss`, folded as the
/// text is), or a short text the pattern itself spells out ([`witnesses`]) that holds no literal
/// and still has a match. A pattern that is not gated has nothing to check.
fn check_requires(source: &str, re: &Compiled, requires: &[String], examples: &Examples) -> Result<(), String> {
    if requires.is_empty() {
        return Ok(());
    }
    let holds = |s: &str| requires.iter().any(|l| s.contains(l.as_str()));
    if let Ok(hir) = regex_syntax::Parser::new().parse(source) {
        for w in witnesses(&hir, WITNESSES) {
            // Only a text a scan can see (folding leaves it as it is) with no literal anywhere,
            // which the gated search therefore never tries.
            if holds(&w) || crate::normalize::fold_chars(&w).text != w {
                continue;
            }
            let mut found: Option<std::ops::Range<usize>> = None;
            matches(re, &w, |r| {
                found.get_or_insert(r);
            });
            if let Some(r) = found {
                return Err(format!(
                    "the pattern matches `{}` in `{w}`, which holds none of the `requires` literals ({}): every match must contain one, or it is missed where no literal is near",
                    &w[r],
                    requires.join(", ")
                ));
            }
        }
    }
    for example in examples.hit.iter().chain(&examples.miss) {
        let folded = crate::normalize::fold_chars(example);
        let text: &str = &folded.text;
        let lacking = re
            .re
            .find_iter(text)
            .filter(|m| !m.is_empty())
            .find(|m| !requires.iter().any(|l| text[m.range()].contains(l.as_str())));
        if let Some(m) = lacking {
            return Err(format!(
                "the pattern matches `{}` in the example `{example}`, which holds none of the `requires` literals ({}): every match must contain one, or it is missed where no literal is near",
                &text[m.range()],
                requires.join(", ")
            ));
        }
    }
    Ok(())
}

/// Texts [`witnesses`] spells out at most, per pattern.
const WITNESSES: usize = 512;

/// Up to `cap` short texts that `hir` matches (if its assertions allow): each alternative of each
/// alternation, each repetition at its fewest, each class as one of its characters. A literal in
/// every one of them does not prove the `requires` invariant; a witness without one that the
/// pattern matches disproves it.
fn witnesses(hir: &regex_syntax::hir::Hir, cap: usize) -> Vec<String> {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => vec![String::new()],
        HirKind::Literal(l) => std::str::from_utf8(&l.0).map(|s| vec![s.to_owned()]).unwrap_or_default(),
        HirKind::Class(Class::Unicode(c)) => {
            let has = |x: char| c.ranges().iter().any(|r| r.start() <= x && x <= r.end());
            let pick = ['甲', 'a', '0'].into_iter().find(|&x| has(x)).or_else(|| c.ranges().first().map(|r| r.start()));
            pick.map(|x| vec![x.to_string()]).unwrap_or_default()
        }
        HirKind::Class(Class::Bytes(c)) => c
            .ranges()
            .first()
            .filter(|r| r.start().is_ascii())
            .map(|r| vec![char::from(r.start()).to_string()])
            .unwrap_or_default(),
        // (A long forced repetition, a{1000}, is left out: its texts would be long, not telling.)
        HirKind::Repetition(r) if r.min > 64 => Vec::new(),
        HirKind::Repetition(r) => witnesses(&r.sub, cap).into_iter().map(|w| w.repeat(r.min as usize)).collect(),
        HirKind::Capture(c) => witnesses(&c.sub, cap),
        HirKind::Concat(subs) => {
            let parts: Vec<Vec<String>> = subs.iter().map(|sub| witnesses(sub, cap)).collect();
            if parts.iter().any(Vec::is_empty) {
                return Vec::new();
            }
            let product = parts.iter().try_fold(1usize, |n, p| n.checked_mul(p.len()).filter(|&n| n <= cap));
            if product.is_some() {
                let mut out = vec![String::new()];
                for p in &parts {
                    out = out.iter().flat_map(|a| p.iter().map(move |b| format!("{a}{b}"))).collect();
                }
                return out;
            }
            // Too many combinations: each witness of each part once (a fair share of them), the
            // other parts at their first.
            let first: Vec<&str> = parts.iter().map(|p| p[0].as_str()).collect();
            let share = (cap / parts.len()).max(1);
            let mut out = Vec::new();
            for (i, p) in parts.iter().enumerate() {
                for w in p.iter().take(share) {
                    let mut pick = first.clone();
                    pick[i] = w;
                    out.push(pick.concat());
                }
            }
            out.truncate(cap);
            out
        }
        // A fair share for each alternative, so that a large first one does not crowd out the rest.
        HirKind::Alternation(subs) => {
            let share = (cap / subs.len()).max(1);
            subs.iter().flat_map(|sub| witnesses(sub, share)).take(cap).collect()
        }
    }
}

/// How far from a `requires` literal a gated pattern is searched (see [`reach`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reach {
    /// Bytes on each side of the literal.
    pub bytes: usize,
    /// No match holds a line feed ([`line_local`]), or only as its first or last character
    /// ([`edge_newlines`]): the window ends at the literal's line.
    pub lines: bool,
    /// A match may start or end with a line feed ([`edge_newlines`]): the window holds the line
    /// feeds before and after the literal's line.
    pub edges: bool,
}

/// How far a gated pattern needs searching on each side of its literal: its longest match when
/// it has one, capped at [`WINDOW`], else [`WINDOW`]; and only on the literal's line when no
/// match holds a line feed (in the statutes, a window of 256 bytes each side of a digit mostly
/// reads other lines: cut at the line, AD210's windows read 45 % fewer bytes).
///
/// Assertions (`^`, `$`, `\b`) do not widen it: a window that is not cut at lines reads its
/// edges as the text's, but every literal in it lies at least `reach` bytes from an edge that is
/// not the text's own, so a match that touches such an edge and holds a literal would be longer
/// than `reach` allows; a window cut at lines is searched as a span of the text, its assertions
/// reading the characters around it.
///
/// Windows are cut at lines only when no `requires` literal holds a line feed (none does in the
/// bundled packs).
fn reach(pattern: &str, requires: &[String]) -> Reach {
    let Ok(hir) = regex_syntax::Parser::new().parse(pattern) else {
        return Reach { bytes: WINDOW, lines: false, edges: false };
    };
    let bytes = hir.properties().maximum_len().map_or(WINDOW, |n| n.min(WINDOW));
    if requires.iter().any(|l| l.contains('\n')) {
        return Reach { bytes, lines: false, edges: false };
    }
    let inside = hir_line_local(&hir);
    let edges = !inside && edge_newlines(&hir);
    Reach { bytes, lines: inside || edges, edges }
}

/// Whether a match of `hir` is never empty and holds a line feed only as its first or its last
/// character (`(?:^|[。\s])最…`, `…被封(?:[！。\n]|$)`): such a match lies on one line and the line
/// feeds around it.
fn edge_newlines(hir: &regex_syntax::hir::Hir) -> bool {
    use regex_syntax::hir::{Hir, HirKind};
    // Every line feed of a match of `hir` is the match's first character (allowed when `first`:
    // nothing but assertions comes before `hir` in the match) or its last (when `last`).
    fn edges_only(hir: &Hir, first: bool, last: bool) -> bool {
        let empty = |h: &Hir| h.properties().maximum_len() == Some(0);
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => true,
            HirKind::Literal(l) => {
                l.0.iter().enumerate().all(|(i, &b)| b != b'\n' || first && i == 0 || last && i + 1 == l.0.len())
            }
            // One character: the match's first or last one when `first` or `last`.
            HirKind::Class(c) => !class_newline(c) || first || last,
            HirKind::Repetition(r) if r.max.is_some_and(|m| m <= 1) => edges_only(&r.sub, first, last),
            HirKind::Repetition(r) => !holds_newline(&r.sub),
            HirKind::Capture(c) => edges_only(&c.sub, first, last),
            HirKind::Alternation(subs) => subs.iter().all(|h| edges_only(h, first, last)),
            HirKind::Concat(subs) => subs.iter().enumerate().all(|(i, h)| {
                edges_only(h, first && subs[..i].iter().all(empty), last && subs[i + 1..].iter().all(empty))
            }),
        }
    }
    hir.properties().minimum_len().is_some_and(|n| n > 0) && edges_only(hir, true, true)
}

#[cfg(test)]
mod tests {
    use super::{LIGHT_BUDGET, LIGHT_TEXT, Literals, Pattern};
    use crate::detect::pack::{load_builtin, load_str};
    use crate::detect::{Engine, Selection};

    /// Occurrences: start, end, literal index.
    type Found = Vec<(usize, usize, usize)>;

    /// Every occurrence of `words` in `text` found by [`Literals::each`], sorted, and as the
    /// aho-corasick crate's overlapping search finds them.
    fn both(words: &[&str], text: &str) -> (Found, Found) {
        let words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        let lit = Literals::new(words.clone()).expect("builds");
        // The NFA (a run's first bytes), the DFA (later), and `each`, which picks one.
        let mut got = Vec::new();
        let (nfa, nfa_start) = lit.nfa().expect("the NFA builds");
        lit.walk(nfa, *nfa_start, text, |p, r| got.push((r.start, r.end, p)));
        got.sort_unstable();
        let mut by_first = Vec::new();
        lit.by_first(text, |p, r| by_first.push((r.start, r.end, p)));
        by_first.sort_unstable();
        assert_eq!(got, by_first, "NFA and first characters");
        let dfa = lit.dfa().expect("the DFA builds");
        let mut by_dfa = Vec::new();
        lit.walk(dfa, dfa.start, text, |p, r| by_dfa.push((r.start, r.end, p)));
        by_dfa.sort_unstable();
        assert_eq!(got, by_dfa, "NFA and DFA");
        let mut by_each = Vec::new();
        lit.each(text, |p, r| by_each.push((r.start, r.end, p)));
        by_each.sort_unstable();
        assert_eq!(got, by_each, "each");
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(&words)
            .expect("builds");
        let mut want: Vec<_> =
            ac.find_overlapping_iter(text).map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect();
        want.sort_unstable();
        (got, want)
    }

    #[test]
    fn literal_pieces_find_every_occurrence_of_one_walk() {
        let words = ["增收", "收益", "增收益", "%", "100", "国家", "家"];
        let line = "国家增收益100%，增收。\n";
        for n in [0, 1, 2, 3, 5, 8, 13, 40] {
            for text in [line.repeat(n), line.trim_end().repeat(n), format!("{}国家", "\n".repeat(n))] {
                let (got, want) = both(&words, &text);
                assert_eq!(got, want, "{text:?}");
                assert_eq!(got.is_empty(), n == 0 && !text.contains("国家"));
            }
        }
        // A literal holding a line feed is found across one: the text is searched in one piece.
        let (got, want) = both(&["家\n国"], &"国家\n国家\n".repeat(20));
        assert_eq!(got.len(), 39);
        assert_eq!(got, want);
        assert!(!Literals::new(vec!["a\nb".to_owned()]).expect("builds").splittable);
    }

    proptest::proptest! {
        /// The dense DFA finds every occurrence the aho-corasick crate finds, whatever the words:
        /// shared prefixes and suffixes, words inside words, one-byte and multi-byte characters,
        /// line feeds (then the text is one piece).
        #[test]
        fn the_dense_dfa_finds_every_occurrence_of_any_words(
            words in proptest::collection::btree_set("[ab国家增\n%]{1,4}", 1..12),
            text in "[ab国家增收\n% ]{0,300}",
        ) {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let (got, want) = both(&words, &text);
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn the_dense_dfa_gives_way_to_the_nfa_for_an_empty_word() {
        assert!(super::Dense::new(&["".to_owned(), "a".to_owned()]).is_none());
        let dense = super::Dense::new(&["国家".to_owned(), "家".to_owned()]).expect("builds");
        // A class for each byte of 国 and 家 (five: both start with E5), and one for the rest.
        assert_eq!(dense.width, 6);
    }

    /// A small text is searched without an automaton; the DFA waits until the run has searched
    /// [`super::DFA_AFTER`] bytes with the NFA.
    #[test]
    fn the_dfa_is_built_once_a_run_has_searched_enough() {
        let lit = Literals::new(vec!["国家".to_owned(), "家".to_owned()]).expect("builds");
        let small = "国家增收益。\n".repeat(10);
        let mut n = 0;
        lit.each(&small, |_, _| n += 1);
        assert_eq!(n, 20);
        assert!(lit.dfa.get().is_none(), "built for one small text");
        assert!(lit.nfa.get().is_none(), "the NFA built for one small text (searched by first characters)");
        let big = small.repeat(super::DFA_AFTER / small.len() + 1);
        lit.each(&big, |_, _| n += 1);
        assert!(lit.dfa.get().is_some_and(Option::is_some), "not built after {} bytes", small.len() + big.len());
    }

    proptest::proptest! {
        #[test]
        fn literal_pieces_match_one_walk(text in "[国家增收益\n%10 a]{0,200}") {
            let (got, want) = both(&["增收", "收益", "增收益", "%", "100", "国家", "家", "a"], &text);
            proptest::prop_assert_eq!(got, want);
        }

        /// Long enough that every one of the [`super::STREAMS`] pieces is walked in lockstep and
        /// then on its own, with occurrences in both parts of each.
        #[test]
        fn literal_pieces_match_one_walk_on_long_text(text in "[国家增收益\n%10 a]{200,3000}") {
            let (got, want) = both(&["增收", "收益", "增收益", "%", "100", "国家", "家", "a"], &text);
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn bundled_patterns_compile_on_first_use_and_all_compile() {
        let rules = load_builtin().expect("bundled packs");
        let patterns: Vec<&Pattern> = rules.iter().filter_map(|r| r.kind.data::<Pattern>()).collect();
        assert!(patterns.len() > 10, "the bundled packs have regex rules");
        for p in patterns {
            assert!(p.compiled.get().is_none(), "compiled before use: {}", p.source);
            assert!(p.reach.get().is_none(), "reach worked out before use: {}", p.source);
            assert!(p.re().is_some(), "does not compile: {}", p.source);
            assert!(p.compiled.get().is_some_and(Option::is_some));
        }
    }

    #[test]
    fn shared_cache_and_pooled_searches_find_what_the_regex_crate_finds() {
        let rules = load_builtin().expect("bundled packs");
        let mut texts: Vec<String> =
            rules.iter().flat_map(|r| r.examples.hit.iter().chain(&r.examples.miss)).cloned().collect();
        // Empty matches next to multi-byte characters, and everything in one text.
        texts.push(String::new());
        texts.push("你好，世界。".to_owned());
        texts.push(texts.join("\n"));
        let mut found = 0;
        for r in &rules {
            let Some(p) = r.kind.data::<Pattern>() else { continue };
            let compiled = p.re().expect("compiles");
            let lighter = super::compile_light(&p.source).expect("compiles");
            let re = regex::RegexBuilder::new(&p.source).size_limit(1 << 22).build().expect("compiles");
            let hit = re.capture_names().any(|n| n == Some("hit"));
            for text in &texts {
                let want: Vec<_> = if hit {
                    re.captures_iter(text)
                        .filter_map(|c| c.name("hit"))
                        .map(|m| m.range())
                        .filter(|r| !r.is_empty())
                        .collect()
                } else {
                    re.find_iter(text).map(|m| m.range()).filter(|r| !r.is_empty()).collect()
                };
                let mut shared = Vec::new();
                super::matches(compiled, text, |r| shared.push(r));
                assert_eq!(shared, want, "{} (shared cache) on {text:?}", r.id);
                // With the shared cache taken, a cache from the pool.
                let held = compiled.shared.lock().expect("not poisoned");
                let mut pooled = Vec::new();
                super::matches(compiled, text, |r| pooled.push(r));
                drop(held);
                assert_eq!(pooled, want, "{} (pooled cache) on {text:?}", r.id);
                let mut light = Vec::new();
                super::matches(&lighter, text, |r| light.push(r));
                assert_eq!(light, want, "{} (without the lazy DFA) on {text:?}", r.id);
                found += want.len();
            }
        }
        assert!(found > 100, "the examples hold matches: {found}");
    }

    #[test]
    fn a_short_text_is_searched_without_the_lazy_dfa_until_the_budget_is_spent() {
        let rules = load_builtin().expect("bundled packs");
        let p = rules.iter().find_map(|r| r.kind.data::<Pattern>()).expect("a regex rule");
        assert!(p.re_for(LIGHT_TEXT + 1).is_some());
        assert!(p.light.get().is_none(), "a long text builds the full pattern");
        let rules = load_builtin().expect("bundled packs");
        let p = rules.iter().find_map(|r| r.kind.data::<Pattern>()).expect("a regex rule");
        for _ in 0..LIGHT_BUDGET / LIGHT_TEXT {
            assert!(p.re_for(LIGHT_TEXT).is_some());
        }
        assert!(p.light.get().is_some_and(Option::is_some));
        assert!(p.compiled.get().is_none(), "short texts within the budget use the light one");
        assert!(p.re_for(1).is_some());
        assert!(p.compiled.get().is_some_and(Option::is_some), "past the budget, the full one");
    }

    #[test]
    fn one_search_of_many_windows_finds_what_one_search_per_window_finds() {
        let rules = load_builtin().expect("bundled packs");
        let text: String = rules.iter().flat_map(|r| r.examples.hit.iter()).cloned().collect::<Vec<_>>().join("\n");
        // Windows cut at character boundaries every 97 bytes or so, each searched on its own.
        let mut cuts = vec![0];
        while let Some(&last) = cuts.last().filter(|&&c| c < text.len()) {
            cuts.push(crate::normalize::ceil_char_boundary(&text, last + 97));
        }
        let ws: Vec<_> = cuts.windows(2).map(|c| c[0]..c[1]).collect();
        let mut found = 0;
        for r in &rules {
            let Some(p) = r.kind.data::<Pattern>() else { continue };
            let compiled = p.re().expect("compiles");
            let mut want = Vec::new();
            for w in &ws {
                super::matches(compiled, &text[w.clone()], |m| want.push(w.start + m.start..w.start + m.end));
            }
            let inputs = || ws.iter().map(|w| (regex_automata::Input::new(&text[w.clone()]), w.start));
            let mut shared = Vec::new();
            super::searches(compiled, inputs(), |m| shared.push(m));
            assert_eq!(shared, want, "{} (shared cache)", r.id);
            let held = compiled.shared.lock().expect("not poisoned");
            let mut pooled = Vec::new();
            super::searches(compiled, inputs(), |m| pooled.push(m));
            drop(held);
            assert_eq!(pooled, want, "{} (pooled cache)", r.id);
            found += want.len();
        }
        assert!(found > 100, "the windows hold matches: {found}");
    }

    #[test]
    fn the_light_compilation_matches_the_full_one_on_lookaround_captures_and_windows() {
        // What the lazy DFA cannot do itself (a Unicode `\b` next to non-ASCII text) or does
        // in another engine (captures, leftmost-first alternation, anchors, windows of one
        // haystack whose edges the assertions read): the light compilation must agree.
        let patterns = [
            r"\b\w+\b",
            r"\b全网\w*",
            r"\B最\B",
            r"(?m)^\S{2,4}",
            r"(?m)\S{2}$",
            r"^全|价$",
            r"最|最佳|最佳选择",
            r"(?:国家级|国家)(?P<hit>产品|级)",
            r"(?i)ABC|abcd",
            r"\d+(?:\.\d+)?元",
            r"(?P<hit>\b[a-z]+\b)?最低",
        ];
        let mut text = String::new();
        // Long enough (about 35 KB) that the light one searches with the PikeVM, not only
        // the bounded backtracker.
        for i in 0..400 {
            text.push_str(&format!("全网最低价abc{i}，最佳选择 ABCD x最y 国家级产品 3.5元 é最é\n价"));
        }
        let mut cuts = vec![0];
        while let Some(&last) = cuts.last().filter(|&&c| c < text.len()) {
            cuts.push(crate::normalize::ceil_char_boundary(&text, last + 61));
        }
        let ws: Vec<_> = cuts.windows(2).map(|c| c[0]..c[1]).collect();
        let mut found = 0;
        for source in patterns {
            let full = super::compile(source).expect("compiles");
            let light = super::compile_light(source).expect("compiles");
            let re = regex::Regex::new(source).expect("compiles");
            let hit = re.capture_names().any(|n| n == Some("hit"));
            let want: Vec<_> = if hit {
                re.captures_iter(&text)
                    .filter_map(|c| c.name("hit"))
                    .map(|m| m.range())
                    .filter(|r| !r.is_empty())
                    .collect()
            } else {
                re.find_iter(&text).map(|m| m.range()).filter(|r| !r.is_empty()).collect()
            };
            for (name, c) in [("full", &full), ("light", &light)] {
                let mut whole = Vec::new();
                super::matches(c, &text, |r| whole.push(r));
                assert_eq!(whole, want, "{source} ({name}, whole text)");
                // Windows as spans of the whole text (the assertions see past their edges), and
                // as texts of their own.
                let (mut spans, mut cut) = (Vec::new(), Vec::new());
                super::searches(c, ws.iter().map(|w| (regex_automata::Input::new(&text).span(w.clone()), 0)), |r| {
                    spans.push(r)
                });
                super::searches(c, ws.iter().map(|w| (regex_automata::Input::new(&text[w.clone()]), w.start)), |r| {
                    cut.push(r)
                });
                if name == "full" {
                    found += whole.len();
                    continue;
                }
                let (mut full_spans, mut full_cut) = (Vec::new(), Vec::new());
                super::searches(
                    &full,
                    ws.iter().map(|w| (regex_automata::Input::new(&text).span(w.clone()), 0)),
                    |r| full_spans.push(r),
                );
                super::searches(
                    &full,
                    ws.iter().map(|w| (regex_automata::Input::new(&text[w.clone()]), w.start)),
                    |r| full_cut.push(r),
                );
                assert_eq!(spans, full_spans, "{source} (light, spans of one haystack)");
                assert_eq!(cut, full_cut, "{source} (light, windows on their own)");
            }
        }
        assert!(found > 500, "the patterns match: {found}");
    }

    #[test]
    fn a_pack_file_pattern_is_compiled_and_checked_at_load() {
        let rules = engine("").rules().to_vec();
        let p = rules[0].kind.data::<Pattern>().expect("regex data");
        assert!(p.compiled.get().is_some_and(Option::is_some), "compiled at load");
        let bad = "[pack]\nname = \"t\"\n[[rules]]\nid = \"R001\"\ncategory = \"t\"\nseverity = \"warning\"\nmessage = \"m\"\nkind = \"regex\"\npattern = '[0-9'\n";
        let e = load_str("t.toml", bad).expect_err("bad pattern");
        assert!(e.to_string().contains("bad `pattern`"), "{e}");
    }

    fn engine(requires: &str) -> Engine {
        let toml = format!(
            "[pack]\nname = \"t\"\n[[rules]]\nid = \"R001\"\ncategory = \"t\"\nseverity = \"warning\"\nmessage = \"m\"\nkind = \"regex\"\npattern = '[0-9]+天(?:见效|痊愈)'\n{requires}\n[rules.examples]\nhit = [\"3天见效\"]\n"
        );
        Engine::new(load_str("t.toml", &toml).expect("pack"), &Selection::default()).expect("engine")
    }

    #[test]
    fn a_user_pack_whose_pattern_matches_without_a_requires_literal_is_rejected() {
        let pack = |pattern: &str, requires: &str, hit: &str| {
            format!(
                "[pack]\nname = \"t\"\n[[rules]]\nid = \"R007\"\ncategory = \"t\"\nseverity = \"warning\"\nmessage = \"m\"\nkind = \"regex\"\npattern = '{pattern}'\n{requires}\n[rules.examples]\nhit = [{hit}]\nmiss = [\"他考了95分。\"]\n"
            )
        };
        let err = |toml: &str| load_str("t.toml", toml).expect_err("invariant broken").to_string();
        // The pattern spells out 涨0分, which holds no literal: the gated search would miss it.
        let msg = err(&pack("(?:提升|涨)[0-9]+分", "requires = [\"提升\"]", ""));
        assert!(msg.contains("R007") && msg.contains("`涨0分`") && msg.contains("requires"), "{msg}");
        // Its witness (提0分) holds the literal, so only the example shows 涨3分 missed; digits are
        // folded before matching, as in a scan.
        for hit in ["\"提5分，再涨3分！\"", "\"涨３分\""] {
            let msg = err(&pack("[提涨][0-9]+分", "requires = [\"提\"]", hit));
            assert!(msg.contains("R007") && msg.contains("涨3分") && msg.contains("example"), "{msg}");
        }
        assert!(load_str("t.toml", &pack("[提涨][0-9]+分", "requires = [\"提\"]", "\"提5分\"")).is_ok());
        assert!(load_str("t.toml", &pack("[提涨][0-9]+分", "requires = [\"提\", \"涨\"]", "\"涨3分\"")).is_ok());
        assert!(load_str("t.toml", &pack("(?:提升|涨)[0-9]+分", "", "\"涨3分\"")).is_ok(), "ungated");
        // A last alternative is spelled out however many texts the first ones make.
        let many = "(?:aa|bb|cc|dd|ee|ff|gg|hh)(?:aa|bb|cc|dd|ee|ff|gg|hh)(?:aa|bb|cc|dd|ee|ff|gg|hh)(?:aa|bb|cc|dd)X|涨[0-9]+分";
        let msg = err(&pack(many, "requires = [\"X\", \"提升\"]", ""));
        assert!(msg.contains("`涨0分`"), "{msg}");
        // A long forced repetition is not spelled out (no long texts held in memory).
        let hir = |p: &str| regex_syntax::Parser::new().parse(p).expect("parses");
        assert!(super::witnesses(&hir("(?:提升|涨){100000}"), super::WITNESSES).is_empty());
        assert_eq!(super::witnesses(&hir("(?:提升|涨){2}分"), super::WITNESSES), ["提升提升分", "涨涨分"]);
        // A witness no scan can see (full-width digits are folded away) proves nothing.
        assert!(load_str("t.toml", &pack("[０-９]+分", "requires = [\"分数\"]", "")).is_ok());
    }

    #[test]
    fn bundled_gated_patterns_hold_a_literal_in_every_example_match() {
        let rules = load_builtin().expect("bundled packs");
        let mut gated = 0;
        let mut broken = Vec::new();
        for r in &rules {
            let Some(p) = r.kind.data::<Pattern>() else { continue };
            gated += usize::from(!p.requires.is_empty());
            let re = p.re().expect("compiles");
            if let Err(e) = super::check_requires(&p.source, re, &p.requires, &r.examples) {
                broken.push(format!("{}: {e}", r.id));
            }
        }
        assert!(broken.is_empty(), "{}", broken.join("\n"));
        assert!(gated > 10, "the bundled packs have gated regex rules: {gated}");
    }

    #[test]
    fn a_literal_the_scan_folds_away_is_an_error_and_bundled_patterns_have_none() {
        // i12w: 么 folds to 幺, so `什么` in a pattern was silently dead
        let pack = |pattern: &str, requires: &str| {
            format!(
                "[pack]\nname = \"t\"\n[[rules]]\nid = \"R008\"\ncategory = \"t\"\nseverity = \"warning\"\nmessage = \"m\"\nkind = \"regex\"\npattern = '{pattern}'\n{requires}\n"
            )
        };
        let err = load_str("t.toml", &pack("说什么都", "")).expect_err("么 never matches folded text");
        assert!(err.to_string().contains("`么`"), "{err}");
        assert!(load_str("t.toml", &pack("说什[么幺]都", "")).is_ok());
        assert!(load_str("t.toml", &pack("國家級", "")).is_err(), "國 folds to 国");
        // a `requires` literal the fold changes is never found either
        let err = load_str("t.toml", &pack("[0-9]+分钟", "requires = [\"分钟\", \"分鐘\"]")).expect_err("分鐘");
        assert!(err.to_string().contains("`分鐘`"), "{err}");
        assert!(load_str("t.toml", &pack("[0-9]+分钟", "requires = [\"分钟\"]")).is_ok());
        let broken: Vec<String> = load_builtin()
            .expect("bundled packs")
            .iter()
            .filter_map(|r| Some((r, r.kind.data::<Pattern>()?)))
            .filter_map(|(r, p)| super::check_literals(&p.source, &p.requires).err().map(|e| format!("{}: {e}", r.id)))
            .collect();
        assert!(broken.is_empty(), "{}", broken.join("\n"));
    }

    /// An engine of one regex rule with `unless_near` (and `unless_within` when not empty).
    fn unless_rule(within: &str) -> Engine {
        let toml = format!(
            "[pack]\nname = \"t\"\n[[rules]]\nid = \"R001\"\ncategory = \"t\"\nseverity = \"warning\"\nmessage = \"m\"\nkind = \"regex\"\npattern = '(?:提升|涨)[0-9]+分'\nrequires = [\"提升\", \"涨\"]\nunless_near = [\"分数线\", \"去年\"]\n{within}\n"
        );
        Engine::new(load_str("t.toml", &toml).expect("pack"), &Selection::default()).expect("engine")
    }

    #[test]
    fn unless_near_cancels_a_regex_hit_within_its_reach() {
        let sentence = unless_rule("");
        let n = |e: &Engine, text: &str| e.detect(text).len();
        assert_eq!(n(&sentence, "全科同步提升30分！"), 1);
        // A context in the hit's sentence, before or after it, or overlapping it.
        assert_eq!(n(&sentence, "今年一本分数线比去年上涨3分。"), 0);
        assert_eq!(n(&sentence, "平均涨3分，与去年持平。"), 0);
        // Never across a sentence end, however close.
        assert_eq!(n(&sentence, "分数线公布了。全科同步提升30分！"), 1);
        assert_eq!(n(&sentence, "全科同步提升30分！去年也是。"), 1);
        // A number of characters: the context must be that close.
        let near = unless_rule("unless_within = 4");
        assert_eq!(n(&near, "比去年涨3分"), 0);
        assert_eq!(n(&near, "去年的成绩一般般，如今全科提升30分"), 1);
    }

    #[test]
    fn overlapping_literals_of_two_rules_open_both_windows() {
        let rule = |id: &str, pattern: &str, lit: &str| {
            format!(
                "[[rules]]\nid = \"{id}\"\ncategory = \"t\"\nseverity = \"warning\"\nmessage = \"m\"\nkind = \"regex\"\npattern = '{pattern}'\nrequires = [\"{lit}\"]\n"
            )
        };
        let toml = format!(
            "[pack]\nname = \"t\"\n{}{}",
            rule("R001", "增收[0-9]+", "增收"),
            rule("R002", "收益高达[0-9]+%", "收益")
        );
        let engine = Engine::new(load_str("t.toml", &toml).expect("pack"), &Selection::default()).expect("engine");
        // 增收 and 收益 overlap in 增收益: a leftmost search would report 增收 only.
        let ids = |text: &str| {
            let mut ids: Vec<String> = engine.detect(text).iter().map(|h| engine.rules()[h.rule].id.clone()).collect();
            ids.sort();
            ids
        };
        assert_eq!(ids("理财产品增收益高达3%。"), ["R002"]);
        assert_eq!(ids("增收5成，收益高达3%。"), ["R001", "R002"]);
    }

    #[test]
    fn a_gated_pattern_finds_what_the_ungated_one_finds() {
        let text = format!("{}服用3天见效。{}坚持7天痊愈！{}", "甲".repeat(300), "乙".repeat(500), "丙".repeat(40));
        let find = |e: &Engine| e.detect(&text).into_iter().map(|h| h.range).collect::<Vec<_>>();
        let ungated = find(&engine(""));
        assert_eq!(ungated.len(), 2);
        assert_eq!(find(&engine("requires = [\"见效\", \"痊愈\"]")), ungated);
        // A pattern that matches without its literal is rejected at load (it would be missed).
        let wrong = "[pack]\nname = \"t\"\n[[rules]]\nid = \"R001\"\ncategory = \"t\"\nseverity = \"warning\"\nmessage = \"m\"\nkind = \"regex\"\npattern = '[0-9]+天(?:见效|痊愈)'\nrequires = [\"治愈\"]\n";
        assert!(load_str("t.toml", wrong).is_err(), "no literal in any match");
    }

    #[test]
    fn a_bounded_pattern_is_tried_in_narrow_windows_and_finds_the_same() {
        use super::{WINDOW, reach};
        // 国家 (6 bytes) + at most 6 characters of up to 4 bytes + 局批准 (9 bytes).
        let bounded = "国家[^，。]{0,6}局批准";
        let reach = |p: &str| reach(p, &[]);
        assert_eq!(reach(bounded).bytes, 39);
        assert!(!reach(bounded).lines, "[^，。] holds a line feed");
        assert_eq!(reach("国家[^，。]*局批准").bytes, WINDOW, "unbounded");
        assert_eq!(reach("(?:^|[^0-9])国家局批准").bytes, 19, "assertions do not widen the windows");
        assert!(reach("(?:^|[^0-9\n])国家局批准").lines && !reach("(?:^|[^0-9\n])国家局批准").edges);
        // A line feed only first or last in a match: cut at lines, the line feeds kept.
        for p in [r"(?:^|[^0-9])国家局批准", r"\s?国家局(?:批准[\s。]|$)", "\n国家", "国家\n"] {
            assert!(reach(p).lines && reach(p).edges, "{p}");
        }
        for p in [r"国家\s+局", r"[\s。]*国家", r"国家(?:\n|局)批准", r"(?:甲|\n)?\n?国家", "国家\n\n"]
        {
            assert!(!reach(p).lines, "{p}");
        }
        assert!(!super::reach("国家局", &["国\n".to_owned()]).lines, "a literal holds a line feed");
        let pack = |requires: &str| {
            let toml = format!(
                "[pack]\nname = \"t\"\n[[rules]]\nid = \"R001\"\ncategory = \"t\"\nseverity = \"warning\"\nmessage = \"m\"\nkind = \"regex\"\npattern = '{bounded}'\n{requires}\n"
            );
            Engine::new(load_str("t.toml", &toml).expect("pack"), &Selection::default()).expect("engine")
        };
        // Literals near each other, near the text's edges and far apart; matches that run over
        // another literal's window.
        let text = format!(
            "国家药监局批准{}国家国家食品局批准。国家{}国家一二三四五六局批准国家局批准{}国家",
            "甲".repeat(100),
            "乙".repeat(3),
            "丙".repeat(200)
        );
        let find = |e: &Engine| e.detect(&text).into_iter().map(|h| h.range).collect::<Vec<_>>();
        let ungated = find(&pack(""));
        assert_eq!(ungated.len(), 4);
        assert_eq!(find(&pack("requires = [\"国家\"]")), ungated);
    }

    /// An engine of one regex rule, gated by `requires` when it is not empty.
    fn one_rule(pattern: &str, requires: &str) -> Engine {
        let toml = format!(
            "[pack]\nname = \"t\"\n[[rules]]\nid = \"R001\"\ncategory = \"t\"\nseverity = \"warning\"\nmessage = \"m\"\nkind = \"regex\"\npattern = '{pattern}'\n{requires}\n"
        );
        Engine::new(load_str("t.toml", &toml).expect("pack"), &Selection::default()).expect("engine")
    }

    /// Patterns with assertions at either end of a match, and their literal.
    const ASSERTING: [&str; 3] = ["(?:^|[^0-9])国家局批准", "国家局批准(?:[^0-9]|$)", r"\b国家局\b批准"];

    proptest::proptest! {
        #[test]
        fn a_bounded_pattern_with_assertions_finds_in_its_windows_what_it_finds_ungated(
            text in "(国家局批准|国家|甲|1|a|。| ){0,40}"
        ) {
            for pattern in ASSERTING {
                let find = |e: &Engine| e.detect(&text).into_iter().map(|h| h.range).collect::<Vec<_>>();
                let gated = one_rule(pattern, "requires = [\"国家\"]");
                proptest::prop_assert_eq!(find(&gated), find(&one_rule(pattern, "")), "{}", pattern);
            }
        }
    }

    /// Patterns no match of which holds a line feed, with text anchors, line anchors and word
    /// boundaries next to a window's cut at a line, bounded or not, and their literal.
    const LINE_LOCAL: [&str; 7] = [
        r"^国家[^\n]*批准",
        r"(?m)^国家[^\n]{0,4}批准$",
        r"\b国家[0-9 ]*局\b",
        r"国家[^\n]*批准$",
        r"(?:^|[。\s])国家[^\n]*批准",
        r"国家[^\n]{0,5}局(?:[。\n]|$)",
        r"(?m:^|\s)国家[^\n]*(?:批准\s|$)",
    ];

    proptest::proptest! {
        #[test]
        fn a_pattern_without_line_feeds_finds_in_windows_cut_at_lines_what_it_finds_ungated(
            text in "(国家局批准|国家|批准|局|甲|1|a|。| |\n){0,60}"
        ) {
            for pattern in LINE_LOCAL {
                proptest::prop_assert!(super::reach(pattern, &[]).lines, "{}", pattern);
                let find = |e: &Engine| e.detect(&text).into_iter().map(|h| h.range).collect::<Vec<_>>();
                let gated = one_rule(pattern, "requires = [\"国家\"]");
                proptest::prop_assert_eq!(find(&gated), find(&one_rule(pattern, "")), "{}", pattern);
            }
        }
    }

    /// Patterns of a title rule: line anchors (CRLF mode), word boundaries, a capture group,
    /// full-width text that folds, and one that may match a line feed (never searched by field).
    const TITLE_PATTERNS: [&str; 5] = [
        r"(?mR)^\p{Han}{1,3}完了[!！]*$|[^\n…]{2}(?:……|…)$|全网都?沸腾",
        r"\b[a-z]{2}\b|(?m)^甲",
        r"(?P<hit>完了)[!！]",
        r"ab|(?m)乙$|[甲乙a]{1,3}完了",
        r"甲\s*乙",
    ];

    /// The hits of `rules`' regex finder on `text` with `fields`, searched by field or not,
    /// kept where the rule applies (as the engine keeps them).
    fn regex_hits(
        rules: &[crate::detect::pack::Rule],
        text: &str,
        fields: &[(std::ops::Range<usize>, crate::model::Field)],
        by_field: bool,
    ) -> Vec<(usize, std::ops::Range<usize>)> {
        use crate::detect::kinds::Finder as _;
        let mut regexes = super::regexes(rules).expect("regex rules");
        if !by_field {
            regexes.by_field.iter_mut().for_each(|b| *b = false);
        }
        let mut input = crate::detect::DetectInput::text(text);
        input.fields = fields;
        let mut hits = Vec::new();
        regexes.find(rules, &input, &mut hits);
        hits.into_iter()
            .filter(|h| rules[h.rule].fields.contains(&crate::model::field_at(fields, h.range.start)))
            .map(|h| (h.rule, h.range))
            .collect()
    }

    fn title_rules() -> Vec<crate::detect::pack::Rule> {
        let mut toml = String::from("[pack]\nname = \"t\"\n");
        for (i, p) in TITLE_PATTERNS.iter().enumerate() {
            let fields = if i == 3 { "[\"title\", \"digest\"]" } else { "[\"title\"]" };
            toml += &format!(
                "[[rules]]\nid = \"R00{i}\"\ncategory = \"t\"\nseverity = \"warning\"\nmessage = \"m\"\nkind = \"regex\"\nfields = {fields}\npattern = '{p}'\n"
            );
        }
        load_str("t.toml", &toml).expect("pack")
    }

    #[test]
    fn title_rules_are_searched_on_their_lines_only_when_no_match_holds_a_line_feed() {
        let rules = title_rules();
        let regexes = super::regexes(&rules).expect("regex rules");
        assert_eq!(regexes.by_field, [true, true, true, true, false]);
        assert!(!super::line_local("a?"), "may match empty");
        assert!(!super::line_local(r"(?s)a.b") && !super::line_local(r"a[^b]c") && !super::line_local("a\nb"));
        assert!(super::line_local(r"(?s)a[^\n]b") && super::line_local(r"(?m)^a$"));
        // A title on the first line, a match before it on its line, others in the body.
        let text = "ab 全网沸腾 震惊完了！\n全网沸腾\n母亲说……\r\n";
        let title = "ab ".len().."ab 全网沸腾 震惊完了！".len();
        let fields = [(title.clone(), crate::model::Field::Title)];
        let got = regex_hits(&rules, text, &fields, true);
        assert_eq!(got, regex_hits(&rules, text, &fields, false));
        let spans: Vec<&str> = got.iter().map(|(_, r)| &text[r.clone()]).collect();
        assert_eq!(spans, ["全网沸腾", "完了"]);
        // A match from before a field into it hides the match that starts in the field, as in the
        // whole text; one running past the field's end is found.
        let text = "甲乙完了 全网沸腾\nab";
        for (field, want) in [("乙完了", 0), ("全网", 1), ("ab", 2)] {
            let start = text.find(field).expect("in text");
            let fields = [(start..start + field.len(), crate::model::Field::Title)];
            let got = regex_hits(&rules, text, &fields, true);
            assert_eq!(got, regex_hits(&rules, text, &fields, false));
            assert_eq!(got.len(), want, "{field}: {got:?}");
        }
        // No field the rules apply to: nothing is searched.
        assert!(regex_hits(&rules, text, &[], true).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn title_rules_searched_by_field_find_what_the_whole_text_search_keeps(
            text in "(震惊|完了|！|!|…|……|\n|\r\n|甲|乙|a|b|ab| |ａ|全网|沸腾|都){0,30}",
            cuts in proptest::collection::vec((0usize..80, 0usize..3), 0..6),
        ) {
            use crate::model::Field;
            // Sorted, non-overlapping fields on character boundaries, of three kinds.
            let mut bounds: Vec<usize> = cuts.iter().map(|&(c, _)| c.min(text.len())).collect();
            bounds.iter_mut().for_each(|b| *b = crate::normalize::floor_char_boundary(&text, *b));
            bounds.sort_unstable();
            bounds.dedup();
            let kinds = [Field::Title, Field::Digest, Field::Alt];
            let fields: Vec<_> = bounds.windows(2).zip(&cuts).map(|(w, &(_, k))| (w[0]..w[1], kinds[k])).collect();
            let rules = title_rules();
            proptest::prop_assert_eq!(regex_hits(&rules, &text, &fields, true), regex_hits(&rules, &text, &fields, false));
        }
    }

    #[test]
    fn patterns_read_traditional_and_full_width_text_and_report_source_spans() {
        let e = engine("requires = [\"见效\", \"痊愈\"]");
        let text = "服用３天見效！";
        let hits = e.detect(text);
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].range.clone()], "３天見效");
    }

    #[test]
    fn rules_sharing_a_literal_are_each_tried() {
        // Issue 12: with two gated rules requiring 收益, only the first was tried.
        let toml = r#"
[pack]
name = "t"
[[rules]]
id = "R001"
category = "t"
severity = "warning"
message = "m"
kind = "regex"
pattern = '保证收益'
requires = ["收益", "保证"]
[[rules]]
id = "R002"
category = "t"
severity = "warning"
message = "m"
kind = "regex"
pattern = '收益高达[0-9]+%'
requires = ["收益"]
[[rules]]
id = "R003"
category = "t"
severity = "warning"
message = "m"
kind = "regex"
pattern = '年收益'
requires = ["年收益"]
"#;
        let e = Engine::new(load_str("t.toml", toml).expect("pack"), &Selection::default()).expect("engine");
        let ids = |text: &str| e.detect(text).into_iter().map(|h| e.rules()[h.rule].id.clone()).collect::<Vec<_>>();
        assert_eq!(ids("月收益高达3%"), ["R002"]);
        assert_eq!(ids("保证收益，年收益高达8%"), ["R001", "R003", "R002"]);
    }
}

/// Literal analysis of patterns, for checking and choosing `requires` gates: which strings every
/// match of a pattern must contain.
#[cfg(test)]
mod gates {
    use regex_syntax::hir::{Class, Hir, HirKind};

    /// Strings a finite sub-pattern is spelled out into at most.
    pub const CAP: usize = 256;

    /// Every string `hir` can match, if there are at most [`CAP`] of them (assertions match the
    /// empty string: they only narrow where a match may be, never what it holds).
    pub fn exact(hir: &Hir) -> Option<Vec<String>> {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => Some(vec![String::new()]),
            HirKind::Literal(l) => std::str::from_utf8(&l.0).ok().map(|s| vec![s.to_owned()]),
            HirKind::Class(Class::Unicode(c)) => {
                let n: u32 = c.ranges().iter().map(|r| r.end() as u32 - r.start() as u32 + 1).sum();
                (n as usize <= 32).then(|| c.iter().flat_map(|r| r.start()..=r.end()).map(String::from).collect())
            }
            HirKind::Class(Class::Bytes(_)) => None,
            HirKind::Capture(c) => exact(&c.sub),
            HirKind::Repetition(r) => {
                let max = r.max?;
                let sub = exact(&r.sub)?;
                let mut out = Vec::new();
                for k in r.min..=max {
                    out.extend(product(&vec![sub.clone(); k as usize])?);
                    if out.len() > CAP {
                        return None;
                    }
                }
                Some(out)
            }
            HirKind::Concat(subs) => product(&subs.iter().map(exact).collect::<Option<Vec<_>>>()?),
            HirKind::Alternation(subs) => {
                let all: Vec<String> = subs.iter().map(exact).collect::<Option<Vec<_>>>()?.concat();
                (all.len() <= CAP).then_some(all)
            }
        }
    }

    /// Every concatenation of one string of each part, if at most [`CAP`].
    fn product(parts: &[Vec<String>]) -> Option<Vec<String>> {
        let mut out = vec![String::new()];
        for p in parts {
            if out.len().checked_mul(p.len())? > CAP {
                return None;
            }
            out = out.iter().flat_map(|a| p.iter().map(move |b| format!("{a}{b}"))).collect();
        }
        Some(out)
    }

    /// Whether every match of `hir` contains one of `lits` (`false` when that cannot be shown).
    pub fn implies(hir: &Hir, lits: &[String]) -> bool {
        let holds = |s: &String| lits.iter().any(|l| s.contains(l.as_str()));
        if exact(hir).is_some_and(|all| all.iter().all(holds)) {
            return true;
        }
        match hir.kind() {
            HirKind::Capture(c) => implies(&c.sub, lits),
            HirKind::Repetition(r) => r.min >= 1 && implies(&r.sub, lits),
            HirKind::Alternation(subs) => subs.iter().all(|h| implies(h, lits)),
            HirKind::Concat(subs) => {
                subs.iter().any(|h| implies(h, lits)) || runs(subs).iter().any(|run| run.iter().all(holds))
            }
            _ => false,
        }
    }

    /// For a concatenation, the string sets of each stretch of consecutive finite parts (every
    /// stretch of two or more parts, as long as it stays finite and within [`CAP`]).
    fn runs(subs: &[Hir]) -> Vec<Vec<String>> {
        let ex: Vec<Option<Vec<String>>> = subs.iter().map(exact).collect();
        let mut out = Vec::new();
        for i in 0..subs.len() {
            let mut parts = Vec::new();
            for e in &ex[i..] {
                let Some(e) = e else { break };
                parts.push(e.clone());
                match product(&parts) {
                    Some(p) if parts.len() >= 2 => out.push(p),
                    Some(_) => {}
                    None => break,
                }
            }
        }
        out
    }

    /// Candidate gates of `hir`: sets of strings one of which every match contains, no string
    /// empty.
    pub fn candidates(hir: &Hir) -> Vec<Vec<String>> {
        let ok = |set: &Vec<String>| !set.is_empty() && set.iter().all(|s| !s.is_empty());
        let mut out: Vec<Vec<String>> = Vec::new();
        if let Some(e) = exact(hir).filter(ok) {
            out.push(e);
        }
        match hir.kind() {
            HirKind::Capture(c) => out.extend(candidates(&c.sub)),
            HirKind::Repetition(r) if r.min >= 1 => out.extend(candidates(&r.sub)),
            HirKind::Alternation(subs) => {
                // One gate per alternative, each alternative's best by `score`, later.
                let per: Vec<Vec<Vec<String>>> = subs.iter().map(candidates).collect();
                if per.iter().all(|c| !c.is_empty()) {
                    out.push(per.into_iter().flat_map(pick).collect());
                }
            }
            HirKind::Concat(subs) => {
                for h in subs {
                    out.extend(candidates(h));
                }
                out.extend(runs(subs).into_iter().filter(ok));
            }
            _ => {}
        }
        out
    }

    /// A count of a literal's occurrences.
    pub type Counter = Box<dyn Fn(&str) -> usize>;

    thread_local! {
        /// How often each candidate literal occurs in the probe's corpus.
        pub static COUNT: std::cell::RefCell<Counter> = std::cell::RefCell::new(Box::new(|s: &str| 1000 / s.chars().count().max(1)));
    }

    /// The candidate set with the fewest occurrences in the corpus ([`COUNT`]).
    pub fn pick(c: Vec<Vec<String>>) -> Vec<String> {
        let score = |set: &Vec<String>| -> usize { COUNT.with(|f| set.iter().map(|s| f.borrow()(s)).sum()) };
        let mut c: Vec<(usize, Vec<String>)> = c.into_iter().map(|s| (score(&s), s)).collect();
        c.sort_by_key(|(n, s)| (*n, s.len()));
        let mut best = c.into_iter().next().map(|(_, s)| s).unwrap_or_default();
        best.sort();
        best.dedup();
        // A literal that holds another one is redundant.
        let keep: Vec<String> =
            best.iter().filter(|s| !best.iter().any(|t| t != *s && s.contains(t.as_str()))).cloned().collect();
        keep
    }
}

#[cfg(test)]
mod gate_proofs {
    use super::Pattern;
    use crate::detect::pack::load_builtin;

    /// Every gated bundled rule's `requires` is proven from its pattern by the literal analysis
    /// ([`super::gates`]): every match holds one (the witnesses and examples of `check_requires`
    /// only sample that). The few the analysis cannot prove (unbounded or case-insensitive parts
    /// it does not spell out) are listed, and must stay unprovable, so that the list cannot go
    /// stale; their gates rest on `check_requires`. On small patterns, a list missing a literal or
    /// a case form is not proven.
    #[test]
    fn gates_are_proven_from_the_pattern() {
        const UNPROVEN: [&str; 8] = ["AD014", "AD181", "AD210", "AD221", "PL019", "PL025", "PL044", "PL046"];
        let rules = load_builtin().expect("bundled packs");
        let mut proven = 0;
        for r in &rules {
            let Some(p) = r.kind.data::<Pattern>() else { continue };
            if p.requires.is_empty() {
                continue;
            }
            let hir = regex_syntax::Parser::new().parse(&p.source).expect("parses");
            let holds = super::gates::implies(&hir, &p.requires);
            if UNPROVEN.contains(&&*r.id) {
                assert!(!holds, "{}: its gate is now proven; take it off UNPROVEN", r.id);
            } else {
                assert!(holds, "{}: a match may hold none of {:?}", r.id, p.requires);
                proven += 1;
            }
        }
        assert!(proven > 50, "only {proven} gates proven");
        let hir = |p: &str| regex_syntax::Parser::new().parse(p).expect("parses");
        let lits = |l: &[&str]| l.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert!(super::gates::implies(&hir("(?:提升|涨)[0-9]+分"), &lits(&["提升", "涨"])));
        assert!(!super::gates::implies(&hir("(?:提升|涨)?[0-9]+分"), &lits(&["提升", "涨"])), "optional");
        assert!(super::gates::implies(&hir("(?:国家|省)(?:级|局)"), &lits(&["家级", "家局", "省"])), "across parts");
        assert!(!super::gates::implies(&hir("(?:国家|省)(?:级|局)"), &lits(&["家级", "省"])));
        assert!(super::gates::implies(&hir("(?i)ab"), &lits(&["ab", "aB", "Ab", "AB"])));
        assert!(!super::gates::implies(&hir("(?i)ab"), &lits(&["ab", "AB"])), "every case form");
        assert!(!super::gates::implies(&hir("\\p{Han}{2}局"), &lits(&["国家局"])));
    }
}

#[cfg(test)]
mod gate_probe {
    use super::Pattern;
    use crate::detect::pack::load_builtin;

    /// Prints, for each gated rule, its `requires` and the derived gate with their occurrence
    /// counts on `HEGUI_GATE_CORPUS` (files, colon-separated), folded as a scan folds. Run with
    /// `cargo test --release --lib gate_probe -- --ignored --nocapture`.
    #[test]
    #[ignore]
    #[allow(clippy::print_stdout)]
    fn probe() {
        let files = std::env::var("HEGUI_GATE_CORPUS").expect("HEGUI_GATE_CORPUS");
        let mut text = String::new();
        for f in files.split(':') {
            text.push_str(&crate::normalize::fold_chars(&std::fs::read_to_string(f).expect("read")).text);
            text.push('\n');
        }
        let text: &'static str = Box::leak(text.into_boxed_str());
        let cache: std::rc::Rc<std::cell::RefCell<std::collections::HashMap<String, usize>>> = Default::default();
        let c2 = cache.clone();
        super::gates::COUNT.with(|f| {
            *f.borrow_mut() = Box::new(move |s: &str| {
                *c2.borrow_mut()
                    .entry(s.to_owned())
                    .or_insert_with(|| memchr::memmem::find_iter(text.as_bytes(), s.as_bytes()).count())
            })
        });
        let count = |s: &str| super::gates::COUNT.with(|f| f.borrow()(s));
        let only = std::env::var("HEGUI_GATE_RULES").unwrap_or_default();
        for r in load_builtin().expect("bundled packs") {
            let Some(p) = r.kind.data::<Pattern>() else { continue };
            if !only.is_empty() && !only.split(',').any(|x| x == r.id) {
                continue;
            }
            let hir = regex_syntax::Parser::new().parse(&p.source).expect("parses");
            let now: usize = p.requires.iter().map(|s| count(s)).sum();
            let best = super::gates::pick(super::gates::candidates(&hir));
            let new: usize = best.iter().map(|s| count(s)).sum();
            let proven = super::gates::implies(&hir, &p.requires);
            let sound = super::gates::implies(&hir, &best);
            println!(
                "{} now={} ({} lits, proven {}) derived={} ({} lits, proven {})",
                r.id,
                now,
                p.requires.len(),
                proven,
                new,
                best.len(),
                sound
            );
            if new < now {
                println!("  {:?}", best);
            }
        }
    }
}

#[cfg(test)]
mod spare_thread {
    use crate::detect::pack::load_builtin;
    use crate::detect::{DetectInput, Engine, Selection};

    /// A document scanned with a thread to spare (the patterns it opens compiled half on another
    /// thread) gets the hits it gets without, on a short text (light compilations) and a long one
    /// (full ones); each engine is new, so its patterns are all still to be compiled.
    #[test]
    fn a_document_scanned_with_a_spare_thread_gets_the_same_hits() {
        let short = include_str!("../../../fixtures/violations/launch.md");
        let long = short.repeat(12);
        assert!(long.len() > super::LIGHT_TEXT);
        for text in [short, long.as_str()] {
            let hits = |spare: bool| {
                let engine =
                    Engine::new(load_builtin().expect("bundled packs"), &Selection::default()).expect("engine");
                let input = DetectInput { spare, ..DetectInput::text(text) };
                engine.detect_in(&input)
            };
            let (alone, spared) = (hits(false), hits(true));
            assert!(alone.len() >= 5, "the fixture has findings: {alone:?}");
            assert_eq!(alone, spared);
        }
    }
}
