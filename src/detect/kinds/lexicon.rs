//! Lexicon matching, fused with normalization: one pass over the source text folds each
//! character through the normalization table and feeds it straight into a character-wise
//! double-array Aho-Corasick automaton (daachorse) holding every rule's normalized terms,
//! variants, pinyin spellings, `except` contexts and allow-list terms. A small ring buffer of
//! source offsets of the last output characters turns each automaton match into the exact source
//! span; no normalized copy of the text and no offset map are built. Each candidate is then
//! verified against its rule's options on that span (separator gap, disabled folding steps,
//! Latin word boundaries), and `except` contexts and the allow list drop what they cover.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use pinyin::ToPinyinMulti;

use super::known_claim::Claims;
use super::near::Near;
use super::near::{Occurrence, Side, UnlessContexts, nearest_partner, of_rule, rule_offsets, sort_by_rule};
use super::{KindDef, no_keys};
use crate::detect::Hit;
use crate::detect::fxhash::Interner;
use crate::detect::pack::{MatchOptions, Rule};

pub mod cache;
mod sorted_ac;
use sorted_ac::SortedAc;

/// `kind = "lexicon"` (the default): terms matched through normalization.
pub const KIND: KindDef = KindDef {
    name: "lexicon",
    keys: &[],
    terms: true,
    all_fields: false,
    needs_corpus: false,
    parse: no_keys,
    finder: None,
};
use crate::normalize::{self, Boundaries, Class, Options, Table, is_han};

/// Most pinyin spellings generated for one term (heteronyms multiply).
const MAX_PINYIN_SPELLINGS: usize = 16;

/// Which of its rule's lists a [`Source`] term comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    /// `terms`.
    Terms,
    /// `variants`.
    Variants,
    /// The `near` partner terms.
    Partners,
    /// The `unless_near` context terms.
    Unless,
}

/// A spelling a rule matches: what the message names and what a hit must re-normalize to.
/// The term itself is not copied: it is found in its rule's list (one Source per term of a
/// 10^6-term list, so it is kept small).
#[derive(Debug, Clone)]
struct Source {
    /// Index of the rule that lists the term.
    rule: u32,
    /// The list of that rule holding the term.
    list: List,
    /// The term's index in that list.
    index: u32,
    /// The spelling matched when it is not the term itself (a pinyin, mixed or numeral
    /// spelling): a generated spelling. Any ASCII letter or digit next to it joins the word
    /// (`dubo2024` and `dkfp123` are handles, not 赌博 and 代开发票).
    spelling: Option<Box<str>>,
    /// The first / last character of the normalized spelling when it is an ASCII letter or
    /// digit (a Latin word edge: a neighbour of the same sort, letter or digit, joins the word).
    latin_start: Option<char>,
    latin_end: Option<char>,
    /// Characters the spelling folds to before repeats collapse, when collapsing shortens it
    /// (`噹噹` → `当`), else 0: a span must fold to at least this many (see [`folded_len`]).
    min_chars: u32,
}

impl Source {
    /// The term as `rule` (the owner) lists it (shown in messages).
    fn term<'a>(&self, rule: &'a Rule) -> &'a str {
        let i = self.index as usize;
        let found = match self.list {
            List::Terms => rule.terms.get(i),
            List::Variants => rule.variants.get(i),
            List::Partners => rule.kind.data::<Near>().and_then(|n| n.near.get(i)),
            List::Unless => rule.unless.as_ref().and_then(|(u, _)| u.get(i)),
        };
        found.map_or("", String::as_str)
    }

    /// The spelling matched: the term or a generated spelling.
    fn spelling<'a>(&'a self, rule: &'a Rule) -> &'a str {
        self.spelling.as_deref().unwrap_or_else(|| self.term(rule))
    }

    /// Whether the spelling was generated from the term (pinyin, mixed or numeral).
    fn generated(&self) -> bool {
        self.spelling.is_some()
    }
}

/// What [`Source`] keeps of a spelling's normalized text.
struct Edges {
    /// [`Source::latin_start`].
    start: Option<char>,
    /// [`Source::latin_end`].
    end: Option<char>,
    /// [`Source::min_chars`].
    min_chars: u32,
}

/// What one automaton pattern stands for. Most patterns of a large list are one term of one
/// rule: that one is held inline, anything more in a side record.
#[derive(Debug, Clone, Default)]
struct PatternInfo {
    /// Length in characters.
    chars: u32,
    /// A one-character pattern that collapsing repeats shortened for every role it has (`当` for
    /// 当当: [`need`] is 2 or more): it only matches where a repeat follows (see [`Scan::held`]).
    hold: bool,
    /// The first (rule index, source index) of a rule term/variant/pinyin spelling it is.
    term: Option<(u32, u32)>,
    /// Further roles, when it has any.
    rare: Option<Box<Rare>>,
}

/// The less common roles of a pattern.
#[derive(Debug, Clone, Default)]
struct Rare {
    /// (rule index, source index) for each further rule term/variant/pinyin spelling it is.
    terms: Vec<(u32, u32)>,
    /// (rule index, source index) for each `near` partner term it is.
    partners: Vec<(u32, u32)>,
    /// (rule index, source index) for each `unless_near` context term it is.
    unless: Vec<(u32, u32)>,
    /// For each `except` context it is: the owning rule (`None` for the global allow list) and
    /// the least number of folded characters its span must have (as [`Source::min_chars`]).
    /// Whether it was written with a trailing `*` (a leading context: it also suppresses a hit
    /// that starts inside it and runs past its end, as `追求最*` does for 追求最佳).
    excepts: Vec<(Option<u32>, u32, bool)>,
    /// (rule index, term index) for each known-claim term it is ([`Claims::lexicon_terms`]).
    claims: Vec<(u32, u32)>,
}

/// A place a known-claim rule's term may occur: a span whose normalized text is the term's
/// (the known-claim finder checks it against the text folded character for character).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimTerm {
    /// Index of the known-claim rule.
    pub rule: u32,
    /// The term's index in [`Claims::lexicon_terms`].
    pub term: u32,
    /// The source span.
    pub span: Range<usize>,
}

/// What [`Lexicon::scan`] finds in a text.
#[derive(Debug)]
pub struct Found<'a> {
    /// The verified hits (see [`Lexicon::find`]).
    pub hits: Vec<Hit>,
    /// The `unless_near` contexts of rules of every kind.
    pub unless: UnlessContexts<'a>,
    /// Where [`normalize::fold_chars`] changes the text, when asked for and found (see
    /// [`Lexicon::scan`]).
    pub folds: Option<Vec<u32>>,
    /// Where the known-claim terms may occur, when the pass with the default boundaries read the
    /// text (`None` when it has no automaton).
    pub claims: Option<ClaimPlaces>,
}

/// Where the known-claim terms may occur in a text, as the lexicon's scan found them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimPlaces {
    /// Spans whose normalized text is a term's, in order of their ends.
    pub places: Vec<ClaimTerm>,
    /// The pinyin annotations the scan skipped (`(diǎn)` in `點(diǎn)擊`): a term may also occur
    /// where one is, unseen by the automaton.
    pub annotations: Vec<Range<usize>>,
}

impl PatternInfo {
    /// Every (rule index, source index) of a rule term/variant/pinyin spelling it is.
    fn terms(&self) -> impl Iterator<Item = &(u32, u32)> {
        self.term.iter().chain(self.rare.iter().flat_map(|r| r.terms.iter()))
    }

    /// The side record, made on first use.
    fn rare(&mut self) -> &mut Rare {
        self.rare.get_or_insert_with(Box::default)
    }
}

/// Above this many distinct patterns the lexicon uses [`SortedAc`] (built in O(n log n)) instead
/// of daachorse's double array, whose placement grows super-linearly over a large alphabet
/// (random Han terms of 2–4 characters over 20,000 characters: 2×10^4 in 0.07 s, 4×10^4 in
/// 0.28 s, 6×10^4 in 0.5 s; over 3,500 characters 10^5 take 2.2 s). The double array scans
/// faster (a state's edge is one lookup, not a binary search, on every step of the failure
/// chain too): the bundled packs with a 10,000-term list make 20,700 patterns, and on the
/// sorted-edge automaton the lexicon's pass over 75 MB of statutes took 0.35 s more CPU (issue
/// 14, i14i). The `hegui` command caches a compiled lexicon of 1,000 listed terms or more, so
/// it pays the placement once per rule set.
const SORTED_AC_ABOVE: usize = 40_000;

/// The rules sharing one hard-boundary set, and the automaton of their patterns. The text is
/// folded once per pass, with that set's hard boundaries fed to the automaton.
struct Pass {
    /// The set (the default for most rules).
    boundaries: Boundaries,
    /// The automaton (`None` when the pass has no patterns).
    pma: Option<Automaton>,
    /// Pattern ids of a [`SortedAc`] built over part of the patterns, by its own ids.
    ids: Option<Vec<u32>>,
}

/// A [`sorted_ac::Stepper`] over part of the patterns, reporting their lexicon ids.
struct Mapped<'a> {
    inner: sorted_ac::Stepper<'a>,
    ids: &'a [u32],
}

impl Stepper for Mapped<'_> {
    #[inline(always)]
    fn consume(&mut self, c: char) {
        self.inner.consume(c);
    }

    #[inline(always)]
    fn each_match(&self, mut f: impl FnMut(u32)) {
        self.inner.matches().for_each(|m| f(self.ids.get(m as usize).copied().unwrap_or(m)));
    }
}

/// The term automaton.
enum Automaton {
    /// A character-wise double array (the usual case).
    Double(CharwiseDoubleArrayAhoCorasick<u32>),
    /// A sorted-edge automaton (very large lists).
    Sorted(SortedAc),
}

/// One character-at-a-time matcher over an [`Automaton`].
trait Stepper {
    /// Consumes one character.
    fn consume(&mut self, c: char);
    /// Calls `f` with each pattern id ending at the last character consumed.
    fn each_match(&self, f: impl FnMut(u32));
}

impl Stepper for daachorse::charwise::iter::FindOverlappingStepper<'_, u32> {
    #[inline(always)]
    fn consume(&mut self, c: char) {
        daachorse::charwise::iter::FindOverlappingStepper::consume(self, c);
    }

    #[inline(always)]
    fn each_match(&self, mut f: impl FnMut(u32)) {
        self.matches().for_each(|m| f(m.value()));
    }
}

impl Stepper for sorted_ac::Stepper<'_> {
    #[inline(always)]
    fn consume(&mut self, c: char) {
        sorted_ac::Stepper::consume(self, c);
    }

    #[inline(always)]
    fn each_match(&self, f: impl FnMut(u32)) {
        self.matches().for_each(f);
    }
}

/// The compiled lexicon.
pub struct Lexicon {
    /// One automaton per distinct hard-boundary set among the rules (usually one).
    passes: Vec<Pass>,
    /// The pass of each rule (only read when there are several passes).
    rule_pass: Vec<u32>,
    patterns: Vec<PatternInfo>,
    sources: Vec<Source>,
    /// Ring buffer size: a power of two above the longest pattern (in characters).
    ring: usize,
    /// How long the scan's longest lists grew in the last long text ([`ListSizes`]).
    sizes: ListSizes,
}

/// The lengths per MiB of text of the scan's two longest lists (`unless_near` contexts and
/// `near` partners) in the last text of at least [`ListSizes::LONG`] bytes, for giving the next
/// long text's lists their room up front. Grown by doubling, a list of a 4 MiB piece (100,000s
/// of entries) is copied once more over, ≈ 1.5 % of a long text's scan; the texts of one run are
/// alike, so the last one's density is a good guess. Only capacity depends on it, never a result.
#[derive(Debug, Default)]
struct ListSizes {
    unless: AtomicUsize,
    partners: AtomicUsize,
}

impl ListSizes {
    /// Texts shorter than this neither read nor set the sizes.
    const LONG: usize = 1 << 20;

    /// Room for `list` in a text of `len` bytes: the last long text's density and an eighth
    /// more (a slightly denser text does not double the list at its end).
    fn room(list: &AtomicUsize, len: usize) -> usize {
        if len < Self::LONG {
            return 0;
        }
        let per_mib = list.load(Ordering::Relaxed);
        per_mib.saturating_mul(len >> 10).saturating_mul(9) / (8 << 10)
    }

    /// Records the length `n` of `list` in a text of `len` bytes.
    fn record(list: &AtomicUsize, n: usize, len: usize) {
        if len >= Self::LONG {
            list.store(n.saturating_mul(1 << 10) / (len >> 10).max(1), Ordering::Relaxed);
        }
    }
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon").field("patterns", &self.patterns.len()).finish_non_exhaustive()
    }
}

/// The distinct hard-boundary sets among `rules` (the default first), and each rule's set.
fn pass_sets(rules: &[Rule]) -> (Vec<Boundaries>, Vec<u32>) {
    let mut passes: Vec<Boundaries> = vec![Boundaries::default()];
    let rule_pass: Vec<u32> = rules
        .iter()
        .map(|r| {
            let b = &r.matching.boundaries;
            let at = passes.iter().position(|p| p == b).unwrap_or_else(|| {
                passes.push(b.clone());
                passes.len() - 1
            });
            at as u32
        })
        .collect();
    (passes, rule_pass)
}

/// Why the lexicon could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the term automaton: {0}")]
pub struct LexiconError(String);

/// Toneless pinyin spellings of `term` (all heteronym combinations up to a limit), and initials.
fn pinyin_spellings(term: &str) -> (Vec<String>, Vec<String>) {
    let mut full = vec![String::new()];
    let mut initials = vec![String::new()];
    for c in term.chars() {
        let readings: Vec<&str> = match c.to_pinyin_multi() {
            Some(m) => m.into_iter().map(|p| p.plain()).collect(),
            None if c.is_ascii_alphanumeric() => vec![],
            None => return (Vec::new(), Vec::new()),
        };
        if readings.is_empty() {
            let l = c.to_ascii_lowercase().to_string();
            full.iter_mut().chain(initials.iter_mut()).for_each(|s| s.push_str(&l));
            continue;
        }
        let grow = |acc: &[String], f: &dyn Fn(&str) -> String| -> Vec<String> {
            let mut next = Vec::new();
            for a in acc {
                for r in &readings {
                    let s = format!("{a}{}", f(r));
                    if !next.contains(&s) && next.len() < MAX_PINYIN_SPELLINGS {
                        next.push(s);
                    }
                }
            }
            next
        };
        full = grow(&full, &|r| r.to_owned());
        initials = grow(&initials, &|r| r.chars().next().map(String::from).unwrap_or_default());
    }
    (full, initials)
}

/// Most mixed Han + pinyin spellings, or number-form spellings, generated for one term.
const MAX_MIXED_SPELLINGS: usize = 32;

/// Spellings of `term` mixing its Han characters with their pinyin (`法lun功`, `du博`) and, with
/// `initials`, pinyin initials (`北j`, `s东`): every choice per character except the all-Han
/// one and the all-Latin ones (those are the term and its pinyin spellings).
fn mixed_spellings(term: &str, full: bool, initials: bool) -> Vec<String> {
    let mut acc = vec![String::new()];
    for c in term.chars() {
        let mut choices = vec![c.to_string()];
        if let Some(m) = c.to_pinyin_multi() {
            for p in m.into_iter().take(2) {
                if full {
                    choices.push(p.plain().to_owned());
                }
                if initials {
                    choices.extend(p.plain().chars().next().map(String::from));
                }
            }
        }
        choices.dedup();
        let mut next = Vec::new();
        'grow: for a in &acc {
            for ch in &choices {
                let s = format!("{a}{ch}");
                if !next.contains(&s) {
                    next.push(s);
                }
                if next.len() >= MAX_MIXED_SPELLINGS * 4 {
                    break 'grow;
                }
            }
        }
        acc = next;
    }
    acc.retain(|s| s != term && s.chars().any(is_han) && s.chars().any(|c| c.is_ascii_alphabetic()));
    acc.truncate(MAX_MIXED_SPELLINGS);
    acc
}

/// Spellings of `term` with its Chinese numerals written as digits and its digits as Chinese
/// numerals (`下三滥` ↔ `下3滥`), for rules with `numerals` on. Digit forms (壹, ③) already fold
/// to digits, so these meet them too.
fn numeral_spellings(term: &str) -> Vec<String> {
    const HAN: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let swap = |c: char| -> Option<char> {
        match c {
            '〇' => Some('0'),
            '两' => Some('2'),
            '0'..='9' => HAN.get(c as usize - '0' as usize).copied(),
            _ => HAN.iter().position(|&h| h == c).and_then(|d| char::from_digit(d as u32, 10)),
        }
    };
    let mut acc = vec![String::new()];
    for c in term.chars() {
        let alt = swap(c);
        let mut next = Vec::with_capacity(acc.len() * 2);
        for a in &acc {
            next.push(format!("{a}{c}"));
            if let Some(d) = alt.filter(|_| next.len() < MAX_MIXED_SPELLINGS) {
                next.push(format!("{a}{d}"));
            }
        }
        acc = next;
    }
    acc.retain(|s| s != term);
    acc
}

/// What a spelling is to the rule that owns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Reported.
    Term,
    /// Required nearby (`near` rules).
    Partner,
    /// Cancels a hit nearby (`unless_near`).
    Unless,
}

/// Where [`Lexicon::verify_all`] puts what it finds: hits, the candidates of `near` rules'
/// terms, `except` and allow-list occurrences, `near` partners, `unless_near` contexts and (pass 0
/// only) the places of known-claim terms.
type Lists<'a> = (
    &'a mut Vec<Hit>,
    &'a mut Vec<PendingNear>,
    &'a mut Vec<(Range<usize>, Option<u32>, bool)>,
    &'a mut Vec<(u32, Range<usize>)>,
    &'a mut Vec<PendingContext>,
    Option<&'a mut Vec<ClaimTerm>>,
);

/// A candidate of a `near` rule's term, verified only once the scan is over and only if a
/// partner of its rule is near its span (most of a long text's state-organ names have none; see
/// [`Lexicon::near_hits`]): a hit without a partner is dropped anyway, so skipping it changes
/// nothing.
#[derive(Debug, Clone)]
struct PendingNear {
    /// Where its hit goes among the other hits (their number when it was found), so that the
    /// hits keep the order they had when every candidate was verified as found.
    at: usize,
    rule: u32,
    source: u32,
    span: Range<usize>,
}

/// A candidate of a pattern that is an `unless_near` context of some rule, found by pass `pass`:
/// verified against a rule only when a hit of that rule needs its contexts
/// ([`Lexicon::unless_contexts`]).
#[derive(Debug, Clone)]
pub struct PendingContext {
    pattern: u32,
    pass: u32,
    span: Range<usize>,
}

/// Candidates collected before a batch of them is verified (see [`Lexicon::candidates`]).
const CANDIDATE_BATCH: usize = 4096;

/// A candidate found by the automaton: pattern and source span.
struct Candidate {
    pattern: u32,
    span: Range<usize>,
}

/// State of one fused fold-and-match pass.
struct Scan<'a, S> {
    patterns: &'a [PatternInfo],
    /// The candidate of a [`PatternInfo::hold`] pattern (`当` for 当当) at the last output
    /// character, held back while no repeat of it has followed: (place among the candidates from
    /// `tail_from` on, pattern). There is at most one: the pattern is that one character. A
    /// repeat puts it in its place; the next character drops it. Such a span is one source character of one folded character,
    /// shorter than the [`need`], so [`verify`] (and the `except` check) would refuse it for every
    /// role: a doubled term costs no candidate at each single occurrence of its character.
    held: Option<(usize, u32)>,
    mask: usize,
    /// Source span of each of the last `ring.len()` output characters.
    ring: Vec<(usize, usize)>,
    n_out: usize,
    /// The last output character if it was Han (for collapsing repeats).
    prev_han: Option<char>,
    /// Candidates from this index on end on the last output character.
    tail_from: usize,
    out: Vec<Candidate>,
    stepper: S,
}

impl<S: Stepper> Scan<'_, S> {
    /// Feeds one folded character, produced by source bytes `s..t`.
    /// `plain`: the source character folds to one character with the table's classes (what
    /// [`folded_len`] counts).
    #[inline(always)]
    fn emit(&mut self, ch: char, s: usize, t: usize, plain: bool) {
        if self.prev_han == Some(ch) {
            // A repeated Han character collapses into the previous one.
            if self.held.is_some() {
                self.release();
            }
            self.ring[(self.n_out - 1) & self.mask].1 = t;
            for c in &mut self.out[self.tail_from..] {
                c.span.end = t;
            }
            return;
        }
        self.held = None;
        self.prev_han = is_han(ch).then_some(ch);
        self.stepper.consume(ch);
        self.ring[self.n_out & self.mask] = (s, t);
        self.n_out += 1;
        self.tail_from = self.out.len();
        let (patterns, ring, mask, n_out, out) = (self.patterns, &self.ring, self.mask, self.n_out, &mut self.out);
        let (held, tail_from) = (&mut self.held, self.tail_from);
        self.stepper.each_match(|pattern| {
            let p = &patterns[pattern as usize];
            if plain && p.hold {
                *held = Some((out.len() - tail_from, pattern));
            } else {
                let start = ring[(n_out - p.chars as usize) & mask].0;
                out.push(Candidate { pattern, span: start..t });
            }
        });
    }

    /// Puts the held candidate (see [`Scan::held`]) in its place, its span the last output
    /// character's (a repeat of it follows).
    #[cold]
    #[inline(never)]
    fn release(&mut self) {
        if let Some((at, pattern)) = self.held.take() {
            let (s, t) = self.ring[(self.n_out - 1) & self.mask];
            self.out.insert(self.tail_from + at, Candidate { pattern, span: s..t });
        }
    }
}

impl Lexicon {
    /// Compiles the terms and exceptions of `rules`, plus the global `allow` list.
    pub fn new(rules: &[Rule], allow: &[String]) -> Result<Self, LexiconError> {
        Self::build(rules, allow, SORTED_AC_ABOVE)
    }

    /// [`Lexicon::new`], read from `cache` when it holds this compilation (same rules, options
    /// and allow list), else built and stored there. Lexicons with fewer listed terms than
    /// [`cache::Cache::min_terms`] are always built.
    pub fn cached(rules: &[Rule], allow: &[String], cache: Option<&cache::Cache>) -> Result<Self, LexiconError> {
        let listed: usize = rules.iter().map(|r| r.terms.len() + r.variants.len()).sum();
        let Some(c) = cache.filter(|c| listed >= c.min_terms) else { return Self::new(rules, allow) };
        let key = cache::key(rules, allow);
        if let Some(lex) = c.load(&key, rules) {
            return Ok(lex);
        }
        let lex = Self::new(rules, allow)?;
        c.store(&key, &lex);
        Ok(lex)
    }

    /// [`Lexicon::new`] with [`SortedAc`] used above `sorted_above` patterns.
    fn build(rules: &[Rule], allow: &[String], sorted_above: usize) -> Result<Self, LexiconError> {
        // Room for one pattern per listed term (more come from generated spellings), so that a
        // huge list does not rehash and copy its tables again and again.
        let listed: usize = rules.iter().map(|r| r.terms.len() + r.variants.len()).sum();
        // The normalized text of each pattern, numbered as `patterns`.
        let mut index = Interner::with_capacity(listed);
        let mut patterns: Vec<PatternInfo> = Vec::with_capacity(listed);
        let mut sources: Vec<Source> = Vec::with_capacity(listed);
        // Interns a spelling's normalized text: its pattern index, Latin edges and least folded
        // length (see [`Source`]).
        // One pass per distinct hard-boundary set, the default first.
        let (passes, rule_pass) = pass_sets(rules);
        // The patterns of each pass (only tracked when there are several).
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); passes.len()];
        let several = passes.len() > 1;
        let mut intern = |spelling: &str, patterns: &mut Vec<PatternInfo>, b: &Boundaries| -> Option<(usize, Edges)> {
            let mut norm = normalize::normalize_with(spelling, &Options::FULL);
            let mut min = min_chars(spelling, &norm);
            if !b.is_default() {
                // Hard boundaries the rule skips are separators in its terms too.
                let before = norm.len();
                norm.retain(|c| !b.skips(c));
                let skipped = spelling.chars().filter(|&c| b.skips(c)).count() as u32;
                min = if before == norm.len() || min == 0 { min } else { min.saturating_sub(skipped) };
            }
            if norm.is_empty() {
                return None;
            }
            let edges = Edges {
                start: norm.chars().next().filter(char::is_ascii_alphanumeric),
                end: norm.chars().next_back().filter(char::is_ascii_alphanumeric),
                min_chars: min,
            };
            // (A text past the interner's 4 GiB is left out, as an empty one is.)
            let (pi, new) = index.intern(&norm)?;
            if new {
                patterns.push(PatternInfo { chars: norm.chars().count() as u32, ..PatternInfo::default() });
            }
            let pi = pi as usize;
            Some((pi, edges))
        };
        for (ri, rule) in rules.iter().enumerate() {
            let bounds = &rule.matching.boundaries;
            let member = &mut members[rule_pass[ri] as usize];
            let mut add =
                |(list, i): (List, usize), term: &str, spelling: &str, patterns: &mut Vec<PatternInfo>, role: Role| {
                    let Some((pi, edges)) = intern(spelling, patterns, bounds) else { return };
                    if several {
                        member.push(pi as u32);
                    }
                    sources.push(Source {
                        rule: ri as u32,
                        list,
                        index: i as u32,
                        spelling: (term != spelling).then(|| spelling.into()),
                        latin_start: edges.start,
                        latin_end: edges.end,
                        min_chars: edges.min_chars,
                    });
                    let owner = (ri as u32, (sources.len() - 1) as u32);
                    let p = &mut patterns[pi];
                    match role {
                        Role::Term if p.term.is_none() => p.term = Some(owner),
                        Role::Term => p.rare().terms.push(owner),
                        Role::Partner => p.rare().partners.push(owner),
                        Role::Unless => p.rare().unless.push(owner),
                    }
                };
            let mut contexts: Vec<&str> = Vec::new();
            for (i, t) in rule.terms.iter().enumerate() {
                let at = (List::Terms, i);
                add(at, t, t, &mut patterns, Role::Term);
                if rule.matching.pinyin || rule.matching.pinyin_initials {
                    let (full, initials) = pinyin_spellings(t);
                    if rule.matching.pinyin {
                        full.iter().for_each(|p| add(at, t, p, &mut patterns, Role::Term));
                    }
                    if rule.matching.pinyin_initials {
                        initials.iter().for_each(|p| add(at, t, p, &mut patterns, Role::Term));
                    }
                    for m in mixed_spellings(t, rule.matching.pinyin, rule.matching.pinyin_initials) {
                        add(at, t, &m, &mut patterns, Role::Term);
                    }
                }
                if rule.matching.numerals {
                    numeral_spellings(t).iter().for_each(|n| add(at, t, n, &mut patterns, Role::Term));
                }
                if rule.matching.phrases {
                    let p = normalize::phrases::spellings(t);
                    p.spellings.iter().for_each(|s| add(at, t, s, &mut patterns, Role::Term));
                    // Ordinary words holding a regional form (軟體動物) cancel its hits.
                    contexts.extend(p.contexts);
                }
            }
            for (i, v) in rule.variants.iter().enumerate() {
                add((List::Variants, i), v, v, &mut patterns, Role::Term);
            }
            if let Some(Near { near, .. }) = rule.kind.data() {
                for (i, p) in near.iter().enumerate() {
                    add((List::Partners, i), p, p, &mut patterns, Role::Partner);
                }
            }
            if let Some((terms, _)) = &rule.unless {
                for (i, u) in terms.iter().enumerate() {
                    add((List::Unless, i), u, u, &mut patterns, Role::Unless);
                }
            }
            contexts.sort_unstable();
            contexts.dedup();
            for e in rule.except.iter().map(String::as_str).chain(contexts) {
                if let Some((pi, edges)) = intern(e, &mut patterns, bounds) {
                    if several {
                        member.push(pi as u32);
                    }
                    patterns[pi].rare().excepts.push((Some(ri as u32), edges.min_chars, e.ends_with('*')));
                }
            }
        }
        for a in allow {
            // An allowed term is interned for each pass's boundary set.
            for (k, b) in passes.iter().enumerate() {
                if let Some((pi, edges)) = intern(a, &mut patterns, b) {
                    if !patterns[pi].rare().excepts.contains(&(None, edges.min_chars, false)) {
                        patterns[pi].rare().excepts.push((None, edges.min_chars, false));
                    }
                    if several {
                        members[k].push(pi as u32);
                    }
                }
            }
        }
        // Known-claim terms (last, so that the other patterns keep their numbers) go to the pass with the default boundaries (the known-claim finder
        // reads the text folded character for character, whatever the rule's boundaries).
        let mut claim_terms = false;
        for (ri, rule) in rules.iter().enumerate() {
            let Some(terms) = rule.kind.data::<Claims>().and_then(Claims::lexicon_terms) else { continue };
            for (i, t) in terms.iter().enumerate() {
                if let Some((pi, _)) = intern(t, &mut patterns, &Boundaries::default()) {
                    if several {
                        members[0].push(pi as u32);
                    }
                    patterns[pi].rare().claims.push((ri as u32, i as u32));
                    claim_terms = true;
                }
            }
        }
        let mut built = Vec::with_capacity(passes.len());
        for (k, boundaries) in passes.into_iter().enumerate() {
            let ids: Option<Vec<u32>> = several.then(|| {
                let mut m = std::mem::take(&mut members[k]);
                m.sort_unstable();
                m.dedup();
                m
            });
            let count = ids.as_ref().map_or(index.len(), Vec::len);
            let id = |i: u32| ids.as_ref().map_or(i, |m| m[i as usize]);
            let used = rule_pass.contains(&(k as u32)) || (k == 0 && claim_terms);
            let pma = if index.is_empty() || count == 0 || !used {
                None
            } else if count > sorted_above {
                index.freeze();
                let ac = SortedAc::build(count, |i| index.get(id(i)))
                    .ok_or_else(|| LexiconError("too many terms".into()))?;
                Some(Automaton::Sorted(ac))
            } else {
                let texts = (0..count as u32).map(|i| (index.get(id(i)), id(i)));
                Some(Automaton::Double(
                    CharwiseDoubleArrayAhoCorasickBuilder::new()
                        .match_kind(MatchKind::Standard)
                        .build_with_values(texts)
                        .map_err(|e| LexiconError(e.to_string()))?,
                ))
            };
            let sorted = matches!(pma, Some(Automaton::Sorted(_)));
            built.push(Pass { boundaries, pma, ids: ids.filter(|_| sorted) });
        }
        drop(index);
        mark_held(&mut patterns, &sources);
        let longest = patterns.iter().map(|p| p.chars as usize).max().unwrap_or(1);
        sources.shrink_to_fit();
        patterns.shrink_to_fit();
        Ok(Self {
            passes: built,
            rule_pass,
            patterns,
            sources,
            ring: (longest + 1).next_power_of_two(),
            sizes: ListSizes::default(),
        })
    }

    /// The lexicon with no candidate held back by [`Scan::held`]: every one verified (the tests'
    /// reference).
    #[cfg(test)]
    fn verifying_all(mut self) -> Self {
        self.patterns.iter_mut().for_each(|p| p.hold = false);
        self
    }

    /// Number of distinct normalized patterns in the automaton (terms, spellings, exceptions).
    pub fn term_count(&self) -> usize {
        self.patterns.len()
    }

    /// The term (as the rule lists it) of a lexicon hit (`rules` as given to [`Lexicon::new`]).
    pub fn term<'a>(&self, source: usize, rules: &'a [Rule]) -> &'a str {
        self.sources.get(source).and_then(|s| Some(s.term(rules.get(s.rule as usize)?))).unwrap_or("")
    }

    /// Runs the automaton over the folded characters of `src`, handing every pattern occurrence
    /// with its source span to `flush`, in order, a batch at a time (a batch is flushed once its
    /// spans are final: a repeat that follows can still extend the candidates ending on the last
    /// character). Batches keep the candidates of a long text from being held all at once.
    ///
    /// `folds`, if given, gets the offset of each character [`normalize::fold_chars`] changes
    /// (the fold-table entry read here tells), for [`normalize::fold_chars_at`]; only for a pass
    /// with the default boundaries, where the class read is the table's. `skipped`, if given,
    /// gets the source range of each pinyin annotation skipped (`(diǎn)` in `點(diǎn)擊`).
    fn candidates<S: Stepper>(
        &self,
        stepper: S,
        src: &str,
        bounds: &Boundaries,
        mut folds: Option<&mut Vec<u32>>,
        mut skipped: Option<&mut Vec<Range<usize>>>,
        mut flush: impl FnMut(&[Candidate]),
    ) {
        let table = Table::get();
        let custom = !bounds.is_default();
        // A source character [`folded_len`] counts as one (the table's class, whatever the
        // pass's boundaries make of it).
        let plain = |e: normalize::table::Entry| matches!(e.class(), Class::Keep | Class::Hard | Class::Map);
        let mut scan = Scan {
            patterns: &self.patterns,
            held: None,
            mask: self.ring - 1,
            ring: vec![(0, 0); self.ring],
            n_out: 0,
            prev_han: None,
            tail_from: 0,
            out: Vec::new(),
            stepper,
        };
        // End of a pinyin annotation being skipped (`點(diǎn)擊`).
        let mut skip_to = 0;
        for (i, c) in src.char_indices() {
            if i < skip_to {
                if let Some(f) = folds.as_deref_mut()
                    && normalize::folds(table.lookup(c), c).is_some()
                {
                    f.push(i as u32);
                }
                continue;
            }
            let t = i + c.len_utf8();
            let e = table.lookup(c);
            let class = if custom { bounds.adjust(c, e.class()) } else { e.class() };
            match class {
                // A hard boundary is not Han, so it also ends any run of repeats.
                Class::Keep | Class::Hard => scan.emit(c, i, t, plain(e)),
                Class::Map => {
                    if let Some(f) = folds.as_deref_mut()
                        && normalize::folds(e, c).is_some()
                    {
                        f.push(i as u32);
                    }
                    scan.emit(e.map_char(), i, t, plain(e))
                }
                Class::MapStr => e.map_str().chars().for_each(|m| scan.emit(m, i, t, false)),
                Class::Skip if scan.prev_han.is_some() => {
                    skip_to = normalize::pinyin_annotation(&src[i..]).map_or(0, |n| i + n);
                    if let Some(s) = skipped.as_deref_mut()
                        && skip_to > i
                    {
                        s.push(i..skip_to);
                    }
                }
                Class::Skip | Class::Ignore => {}
            }
            if scan.out.len() >= CANDIDATE_BATCH && scan.tail_from > 0 {
                flush(&scan.out[..scan.tail_from]);
                scan.out.drain(..scan.tail_from);
                scan.tail_from = 0;
            }
        }
        flush(&scan.out);
    }

    /// Finds the hits in `src` (extracted text): candidates verified against their rules, minus
    /// those an `except` context or allow-list term covers. Ranges are byte ranges of `src`.
    /// Longest-hit-wins is applied separately ([`drop_contained`]).
    pub fn find(&self, src: &str, rules: &[Rule]) -> Vec<Hit> {
        self.find_with_contexts(src, rules, false).0
    }

    /// [`Lexicon::find`], and the `unless_near` contexts it found for rules of every kind (for the
    /// hits of other kinds' finders, [`UnlessContexts::cancel`]).
    /// `adverts`: the document is declared advertising (an `unless_in_adverts = false` rule's
    /// `unless_near` context then cancels nothing; see [`UnlessContexts::cancel`]).
    pub fn find_with_contexts(&self, src: &str, rules: &[Rule], adverts: bool) -> (Vec<Hit>, UnlessContexts<'_>) {
        let found = self.scan(src, rules, adverts, false);
        (found.hits, found.unless)
    }

    /// [`Lexicon::find_with_contexts`], and the places the known-claim terms may occur, and with
    /// `folds`, where [`normalize::fold_chars`] changes `src` (for
    /// [`normalize::fold_chars_at`]), found on the way when the scan reads every character with
    /// the table's classes (`None` when it does not: no pass with the default boundaries has
    /// patterns, or `src` is 4 GiB or longer).
    pub fn scan(&self, src: &str, rules: &[Rule], adverts: bool, folds: bool) -> Found<'_> {
        self.scan_in(src, rules, adverts, folds, true)
    }

    /// [`Lexicon::scan`]; with `defer_near` false, every candidate of a `near` rule's term is
    /// verified as found, as before the partners were looked at first (the tests' reference).
    fn scan_in(&self, src: &str, rules: &[Rule], adverts: bool, folds: bool, defer_near: bool) -> Found<'_> {
        let mut found = None;
        let mut claims = None;
        let mut hits = Vec::new();
        let mut near_terms: Vec<PendingNear> = Vec::new();
        // Which rules are `near` rules (their terms' candidates wait for the partners).
        let near: Vec<bool> = rules.iter().map(|r| defer_near && r.kind.data::<Near>().is_some()).collect();
        let mut excepts: Vec<(Range<usize>, Option<u32>, bool)> = Vec::new();
        let sizes = &self.sizes;
        let mut partners: Vec<(u32, Range<usize>)> = Vec::with_capacity(ListSizes::room(&sizes.partners, src.len()));
        let mut unless: Vec<PendingContext> = Vec::with_capacity(ListSizes::room(&sizes.unless, src.len()));
        for (k, pass) in self.passes.iter().enumerate() {
            let Some(pma) = &pass.pma else {
                continue;
            };
            // Pass 0 has the default boundaries: the known-claim terms are among its patterns.
            let mut claim_terms = (k == 0).then(Vec::new);
            let mut skipped = (k == 0).then(Vec::new);
            let verify = |cands: &[Candidate]| {
                let lists =
                    (&mut hits, &mut near_terms, &mut excepts, &mut partners, &mut unless, claim_terms.as_mut());
                self.verify_all(k, cands, src, rules, &near, lists);
            };
            let b = &pass.boundaries;
            let mut f = (folds && found.is_none() && b.is_default() && u32::try_from(src.len()).is_ok()).then(Vec::new);
            match (pma, &pass.ids) {
                (Automaton::Double(pma), _) => {
                    self.candidates(pma.find_overlapping_stepper(), src, b, f.as_mut(), skipped.as_mut(), verify)
                }
                (Automaton::Sorted(ac), None) => {
                    self.candidates(ac.stepper(), src, b, f.as_mut(), skipped.as_mut(), verify)
                }
                (Automaton::Sorted(ac), Some(ids)) => {
                    let stepper = Mapped { inner: ac.stepper(), ids };
                    self.candidates(stepper, src, b, f.as_mut(), skipped.as_mut(), verify)
                }
            }
            found = found.or(f);
            if let (Some(places), Some(annotations)) = (claim_terms, skipped) {
                claims = Some(ClaimPlaces { places, annotations });
            }
        }
        ListSizes::record(&sizes.partners, partners.len(), src.len());
        ListSizes::record(&sizes.unless, unless.len(), src.len());
        let (mut hits, mut unless) = self.finish(src, rules, (hits, near_terms), excepts, partners, unless);
        // `unless_near` context within reach cancels a hit (a filter like `finish`'s exceptions:
        // the order of the two does not matter).
        unless.cancel(src, rules, &mut hits, 0, adverts);
        Found { hits, unless, folds: found, claims }
    }

    /// Verifies the candidates of pass `k` against the rules of that pass, sorting them into
    /// hits, `except` and allow-list occurrences, `near` partners and `unless_near` contexts,
    /// and (given a list, for pass 0) the places of known-claim terms. The terms of the rules
    /// `near` marks are kept unverified, for [`Lexicon::finish`].
    fn verify_all(&self, k: usize, cands: &[Candidate], src: &str, rules: &[Rule], near: &[bool], lists: Lists<'_>) {
        let (hits, near_terms, excepts, partners, unless, mut claims) = lists;
        let other = |ri: u32| self.in_other_pass(ri, k as u32);
        for c in cands {
            let info = &self.patterns[c.pattern as usize];
            for &(ri, si) in info.terms() {
                if other(ri) {
                    continue;
                }
                if near.get(ri as usize).copied().unwrap_or(false) {
                    near_terms.push(PendingNear { at: hits.len(), rule: ri, source: si, span: c.span.clone() });
                    continue;
                }
                if let Some(range) = verify(&rules[ri as usize], &self.sources[si as usize], src, c.span.clone()) {
                    hits.push(Hit { term: Some(si as usize), ..Hit::at(ri as usize, range) });
                }
            }
            let Some(rare) = &info.rare else { continue };
            for &(ri, si) in &rare.partners {
                if other(ri) {
                    continue;
                }
                if let Some(range) = verify(&rules[ri as usize], &self.sources[si as usize], src, c.span.clone()) {
                    partners.push((ri, range));
                }
            }
            if rare.unless.iter().any(|&(ri, _)| !other(ri)) {
                unless.push(PendingContext { pattern: c.pattern, pass: k as u32, span: c.span.clone() });
            }
            for &(owner, min, open) in &rare.excepts {
                if owner.is_some_and(other) {
                    continue;
                }
                if min == 0 || src.get(c.span.clone()).map_or(0, folded_len) >= min as usize {
                    excepts.push((c.span.clone(), owner, open));
                }
            }
            if let Some(claims) = claims.as_deref_mut() {
                for &(rule, term) in &rare.claims {
                    claims.push(ClaimTerm { rule, term, span: c.span.clone() });
                }
            }
        }
    }

    /// Verifies the candidates of `near` rules' terms that have a partner of their rule within
    /// reach and puts their hits among the others, applies `near` partners and
    /// `except`/allow-list occurrences to the verified hits, and sorts the `unless_near` contexts
    /// (applied by the caller).
    fn finish(
        &self,
        src: &str,
        rules: &[Rule],
        (mut hits, near_terms): (Vec<Hit>, Vec<PendingNear>),
        excepts: Vec<(Range<usize>, Option<u32>, bool)>,
        partners: Vec<(u32, Range<usize>)>,
        unless: Vec<PendingContext>,
    ) -> (Vec<Hit>, UnlessContexts<'_>) {
        // An exception suppresses a hit it covers (starts at or before the hit and ends at or
        // after it), as the peer libraries' allow lists do: allowing `你` does not silence a
        // longer insult that contains it. A rule's own exceptions and the allow list's are looked
        // up apart from other rules' ([`Covers`]).
        let covers = Covers::new(excepts, rules.len());
        let covered = |range: &Range<usize>, rule: usize, own_only: bool| covers.covered(range, rule, own_only);
        // `near` rules keep a hit only with a partner within reach (the nearest one is named).
        if !near_terms.is_empty() || hits.iter().any(|h| rules[h.rule].kind.data::<Near>().is_some()) {
            // A rule's own exception that covers a partner takes the partner away too (issue 12,
            // i12v: 投资 in 总投资 or 投资环境 is capital spending, not an investment sold).
            let partners: Vec<(u32, Range<usize>)> = if covers.any_own() {
                partners.into_iter().filter(|(r, p)| !covered(p, *r as usize, true)).collect()
            } else {
                partners
            };
            let partners = sort_partners(partners, &hits, &near_terms, rules.len());
            let at = rule_offsets(&partners);
            if !near_terms.is_empty() {
                hits = self.near_hits(src, rules, hits, near_terms, |rule| of_rule(&partners, &at, rule));
            }
            let mut cursors = vec![0; rules.len()];
            hits.retain_mut(|h| match rules[h.rule].kind.data::<Near>() {
                Some(Near { within, side, .. }) => {
                    let b = &rules[h.rule].matching.boundaries;
                    let mine = of_rule(&partners, &at, h.rule as u32);
                    let cursor = &mut cursors[h.rule];
                    let partner = nearest_partner(src, mine, cursor, &h.range, *within, *side, b, Occurrence::Other);
                    // A claim a negator before it denies (不会让食物致癌), or asked and then denied
                    // (喝酒能杀死新冠病毒？专家：喝酒不能杀死新冠病毒), is not made.
                    let found = partner.is_some()
                        && !super::near::denied(src, &h.range)
                        && !super::near::asked_and_denied(src, &h.range);
                    h.set_partner(partner);
                    found
                }
                None => true,
            });
        }
        let unless = UnlessContexts::new(self, unless);
        if !covers.is_empty() {
            hits.retain(|h| !covered(&h.range, h.rule, false));
        }
        (hits, unless)
    }
}

impl Lexicon {
    /// `hits` with the hits of the `near_terms` candidates put where they were found (see
    /// [`PendingNear::at`]), each verified only if some partner of its rule (`partners` gives a
    /// rule's, sorted by start) is near its span on either side. A hit lies inside its
    /// candidate's span and ends where it ends, so the text between the span and a partner is
    /// part of (or none of) the text between the hit and it: a partner near the hit is near the
    /// span too, and a span with none near has no hit with a partner.
    fn near_hits<'p>(
        &self,
        src: &str,
        rules: &[Rule],
        hits: Vec<Hit>,
        near_terms: Vec<PendingNear>,
        partners: impl Fn(u32) -> &'p [(u32, Range<usize>)],
    ) -> Vec<Hit> {
        let mut out = Vec::with_capacity(hits.len());
        let mut rest = hits.into_iter();
        let mut taken = 0;
        let mut cursors = vec![0; rules.len()];
        for c in near_terms {
            let rule = &rules[c.rule as usize];
            let Some(Near { within, .. }) = rule.kind.data::<Near>() else { continue };
            let mine = partners(c.rule);
            let (b, cursor) = (&rule.matching.boundaries, &mut cursors[c.rule as usize]);
            if nearest_partner(src, mine, cursor, &c.span, *within, Side::Either, b, Occurrence::Any).is_none() {
                continue;
            }
            let Some(range) = verify(rule, &self.sources[c.source as usize], src, c.span) else { continue };
            out.extend(rest.by_ref().take(c.at - taken));
            taken = c.at;
            out.push(Hit { term: Some(c.source as usize), ..Hit::at(c.rule as usize, range) });
        }
        out.extend(rest);
        out
    }

    /// Whether rule `rule` is matched by a pass other than `pass` (its candidates there are not its).
    fn in_other_pass(&self, rule: u32, pass: u32) -> bool {
        self.passes.len() > 1 && self.rule_pass[rule as usize] != pass
    }

    /// Calls `f` with (rule index, verified span) for each `unless_near` context among `pending`
    /// (as [`Lexicon::scan`] found them) of a rule `wanted` marks, in the order the scan found
    /// them.
    pub(crate) fn unless_contexts(
        &self,
        src: &str,
        rules: &[Rule],
        pending: &[PendingContext],
        wanted: &[bool],
        mut f: impl FnMut(u32, Range<usize>),
    ) {
        // Whether a pattern is a context of some wanted rule (`None`: not known yet): a
        // context term is a context of dozens of rules and occurs thousands of times in a long
        // text, mostly of rules no hit asks for, so its list is read once per pattern here.
        let wants = |ri: u32| wanted.get(ri as usize).copied().unwrap_or(false);
        let mut of_wanted: Vec<Option<bool>> = vec![None; self.patterns.len()];
        for c in pending {
            let Some(rare) = &self.patterns[c.pattern as usize].rare else { continue };
            if !*of_wanted[c.pattern as usize].get_or_insert_with(|| rare.unless.iter().any(|&(ri, _)| wants(ri))) {
                continue;
            }
            for &(ri, si) in &rare.unless {
                if !wants(ri) || self.in_other_pass(ri, c.pass) {
                    continue;
                }
                if let Some(range) = verify(&rules[ri as usize], &self.sources[si as usize], src, c.span.clone()) {
                    f(ri, range);
                }
            }
        }
    }
}

/// The `except` and allow-list occurrences of a text (span, owner rule or `None` for the allow
/// list, open-ended), grouped by owner and sorted by start within each group. A rule's hit or
/// partner can only be covered by its own rule's exceptions or the allow list's, so it is looked
/// up in those two groups alone (binary searches over every rule's exceptions were ≈ 2 % of a
/// long statute text, for its 40,000 `near` partners a piece).
struct Covers {
    /// The occurrences, group by group: the allow list's first, then rule 0's, rule 1's …
    list: Vec<(Range<usize>, bool)>,
    /// Group `g` (0: the allow list; `r + 1`: rule `r`) is `list[at[g]..at[g + 1]]`.
    at: Vec<usize>,
    /// The longest occurrence (bytes): how far before a span one covering it can start.
    reach: usize,
}

impl Covers {
    /// Groups `excepts` (as [`Lexicon::verify_all`] found them, nearly in order of their ends)
    /// for `rules` rules.
    fn new(excepts: Vec<(Range<usize>, Option<u32>, bool)>, rules: usize) -> Self {
        let group = |o: Option<u32>| o.map_or(0, |r| (r as usize + 1).min(rules + 1));
        let mut at = vec![0; rules + 3];
        excepts.iter().for_each(|(_, o, _)| at[group(*o) + 1] += 1);
        for g in 0..rules + 2 {
            at[g + 1] += at[g];
        }
        // A stable counting sort by group keeps each group in the order found (nearly sorted,
        // which the run-finding sort below then takes in few steps).
        let mut next = at.clone();
        let mut list = vec![(0..0, false); excepts.len()];
        let mut reach = 0;
        for (r, o, open) in excepts {
            let g = group(o);
            reach = reach.max(r.len());
            list[next[g]] = (r, open);
            next[g] += 1;
        }
        for g in 0..rules + 2 {
            list[at[g]..at[g + 1]].sort_by_key(|(r, _)| r.start);
        }
        Self { list, at, reach }
    }

    /// Whether there are no occurrences at all.
    fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Whether some rule has an exception here.
    fn any_own(&self) -> bool {
        self.at.get(1).is_some_and(|&allowed| allowed < self.list.len())
    }

    /// The occurrences of group `g`, sorted by start.
    fn group(&self, g: usize) -> &[(Range<usize>, bool)] {
        match (self.at.get(g), self.at.get(g + 1)) {
            (Some(&lo), Some(&hi)) => &self.list[lo..hi],
            _ => &[],
        }
    }

    /// Whether an occurrence of group `g` covers `range`: starts at or before it and ends at or
    /// after it, or (an open-ended one, `except = ["…*"]`) starts at or before it and ends inside
    /// it.
    fn covers_in(&self, g: usize, range: &Range<usize>) -> bool {
        let group = self.group(g);
        let hi = group.partition_point(|(r, _)| r.start <= range.start);
        let lo = group[..hi].partition_point(|(r, _)| r.start + self.reach < range.start);
        group[lo..hi].iter().any(|(r, open)| range.end <= r.end || (*open && range.start < r.end))
    }

    /// Whether rule `rule`'s own exceptions, or (unless `own_only`) the allow list's, cover
    /// `range`.
    fn covered(&self, range: &Range<usize>, rule: usize, own_only: bool) -> bool {
        self.covers_in(rule + 1, range) || (!own_only && self.covers_in(0, range))
    }
}

/// The partners of the rules that have hits among `hits` or candidates among `near_terms`,
/// sorted by (rule, start, end), as [`nearest_partner`] needs them ([`sort_by_rule`]).
fn sort_partners(
    partners: Vec<(u32, Range<usize>)>,
    hits: &[Hit],
    near_terms: &[PendingNear],
    rules: usize,
) -> Vec<(u32, Range<usize>)> {
    let mut wanted = vec![false; rules];
    hits.iter().for_each(|h| wanted[h.rule] = true);
    near_terms.iter().for_each(|c| wanted[c.rule as usize] = true);
    sort_by_rule(partners.into_iter().filter(|(r, _)| wanted[*r as usize]).collect())
}

/// Checks a candidate against its rule on the source span: separator gaps, disabled folding
/// steps, and Latin word boundaries. Returns the span to report (a rule that does not collapse
/// repeats may match a shorter span than the collapsed candidate: `哈哈大笑` inside `哈哈哈大笑`).
fn verify(rule: &Rule, source: &Source, src: &str, span: Range<usize>) -> Option<Range<usize>> {
    let opts = &rule.matching;
    let span = if opts.norm == Options::FULL { span } else { strict_span(opts, source.spelling(rule), src, span)? };
    let text = src.get(span.clone())?;
    // Collapsing repeats never lets a term match a span shorter than itself (`噹噹` is not `当`).
    if source.min_chars > 0 && folded_len(text) < source.min_chars as usize {
        return None;
    }
    let mut run = 0;
    for c in text.chars() {
        match opts.boundaries.class_of(c) {
            Class::Skip => {
                run += 1;
                if run > opts.max_gap {
                    return None;
                }
            }
            Class::Ignore => {}
            _ => run = 0,
        }
    }
    let visible = |c: &char| normalize::class_of(*c) != Class::Ignore;
    // A letter next to a letter, or a digit next to a digit, continues the word (`have` is no
    // `av`, `No.10` no `No.1`); a digit next to a letter is a boundary (`1av2`, `vx123456`).
    let joins = |edge: char, next: Option<char>| {
        next.and_then(normalize::fold_ascii_alnum)
            .is_some_and(|n| source.generated() || n.is_ascii_digit() == edge.is_ascii_digit())
    };
    if source.latin_start.is_some_and(|e| joins(e, src[..span.start].chars().rev().find(visible))) {
        return None;
    }
    if source.latin_end.is_some_and(|e| joins(e, src[span.end..].chars().find(visible))) {
        return None;
    }
    Some(span)
}

/// Number of characters `text` folds to with every step except repeat collapsing: what a reader
/// sees of it once separators and invisible characters are dropped.
fn folded_len(text: &str) -> usize {
    let table = Table::get();
    text.chars()
        .map(|c| {
            let e = table.lookup(c);
            match e.class() {
                Class::Keep | Class::Hard | Class::Map => 1,
                Class::MapStr => e.map_str().chars().count(),
                Class::Skip | Class::Ignore => 0,
            }
        })
        .sum()
}

/// Sets [`PatternInfo::hold`] of each pattern from its roles' sources (at build and when a cached
/// lexicon is loaded: derived, not stored).
fn mark_held(patterns: &mut [PatternInfo], sources: &[Source]) {
    for p in patterns {
        p.hold = p.chars == 1 && need(p, sources) >= 2;
    }
}

/// The least folded length (see [`folded_len`]) a span must have for any role of `p` to match:
/// the smallest `min_chars` among them (0 when some role has no such check, as a known-claim
/// place has none).
fn need(p: &PatternInfo, sources: &[Source]) -> u32 {
    let of = |&(_, si): &(u32, u32)| sources.get(si as usize).map_or(0, |s| s.min_chars);
    let mut need = p.term.as_ref().map_or(u32::MAX, of);
    if let Some(r) = &p.rare {
        if !r.claims.is_empty() {
            return 0;
        }
        let roles = r.terms.iter().chain(&r.partners).chain(&r.unless);
        need = roles.map(of).chain(r.excepts.iter().map(|e| e.1)).fold(need, u32::min);
    }
    if need == u32::MAX { 0 } else { need }
}

/// The least folded length a span must have to match `spelling` (normalized to `norm`): its own
/// folded length when collapsing repeats shortened it, else 0 (no check needed).
fn min_chars(spelling: &str, norm: &str) -> u32 {
    let full = folded_len(spelling);
    if full > norm.chars().count() { u32::try_from(full).unwrap_or(u32::MAX) } else { 0 }
}

/// Re-checks a candidate span under a rule's restricted options: the span (or, without repeat
/// collapsing, the span minus surplus leading repeats) must normalize to the spelling. Case is
/// compared separately so that width folding still applies when case folding is off.
fn strict_span(matching: &MatchOptions, spelling: &str, src: &str, span: Range<usize>) -> Option<Range<usize>> {
    let opts = &matching.norm;
    let with_case = Options { steps: opts.steps | normalize::Flags::CASE, ..*opts };
    // Hard boundaries the rule skips are separators: dropped on both sides.
    let norm = |t: &str| {
        let mut n = normalize::normalize_with(t, &with_case);
        if !matching.boundaries.is_default() {
            n.retain(|c| !matching.boundaries.skips(c));
        }
        n
    };
    let want = norm(spelling);
    let want_case = normalize::case_signature(spelling, opts);
    let mut start = span.start;
    loop {
        let text = src.get(start..span.end)?;
        if norm(text) == want && normalize::case_signature(text, opts) == want_case {
            return Some(start..span.end);
        }
        if opts.collapse_repeats {
            return None;
        }
        // Drop the first visible character and any separators after it, and try again.
        let mut chars = text.char_indices().skip(1);
        let next = chars.find(|(_, c)| !matches!(matching.boundaries.class_of(*c), Class::Skip | Class::Ignore))?;
        start += next.0;
    }
}

/// Sorts hits by position and drops every hit that lies strictly inside a longer one.
/// Hits with the same span but different rules are all kept.
pub fn drop_contained(hits: &mut Vec<Hit>) {
    hits.sort_by(|a, b| {
        a.range.start.cmp(&b.range.start).then(b.range.end.cmp(&a.range.end)).then(a.rule.cmp(&b.rule))
    });
    hits.dedup_by(|a, b| a.rule == b.rule && a.range == b.range);
    let mut best: Option<Range<usize>> = None;
    hits.retain(|h| {
        match &best {
            Some(b) if b.end >= h.range.end && *b != h.range => return false,
            Some(b) if b.end >= h.range.end => {}
            _ => best = Some(h.range.clone()),
        }
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::pack::load_str;

    fn rules() -> Vec<Rule> {
        load_str(
            "t.toml",
            r#"
[pack]
name = "t"
[[rules]]
id = "T001"
category = "t"
severity = "warning"
message = "m {term}"
terms = ["最佳", "最低价", "No.1"]
except = ["最佳食用"]
[[rules]]
id = "T002"
category = "t"
severity = "error"
message = "m"
terms = ["全网最低价", "最佳"]
[[rules]]
id = "T003"
category = "t"
severity = "error"
message = "m"
terms = ["赌博"]
[rules.match]
pinyin = true
pinyin_initials = true
max_gap = 0
traditional = false
"#,
        )
        .expect("valid")
    }

    fn find(lex: &Lexicon, rules: &[Rule], text: &str) -> Vec<(usize, String)> {
        let mut hits = lex.find(text, rules);
        drop_contained(&mut hits);
        hits.iter().map(|h| (h.rule, text[h.range.clone()].to_owned())).collect()
    }

    #[test]
    fn longer_hit_wins_and_same_span_keeps_both_rules() {
        let r = rules();
        let lex = Lexicon::new(&r, &[]).expect("builds");
        assert_eq!(
            find(&lex, &r, "全网最低价，最佳"),
            vec![(1, "全网最低价".into()), (0, "最佳".into()), (1, "最佳".into())]
        );
    }

    #[test]
    fn except_suppresses_only_its_rule_and_allow_suppresses_all() {
        let r = rules();
        let lex = Lexicon::new(&r, &[]).expect("builds");
        assert_eq!(find(&lex, &r, "最佳食用时间"), vec![(1, "最佳".into())]);
        assert_eq!(find(&lex, &r, "最 佳 食 用"), vec![(1, "最 佳".into())]);
        let lex = Lexicon::new(&r, &["最佳拍档".to_owned()]).expect("builds");
        assert!(find(&lex, &r, "我们是最佳拍档").is_empty());
        assert_eq!(find(&lex, &r, "我们是最佳").len(), 2);
    }

    #[test]
    fn an_exception_must_cover_the_hit() {
        let r = rules();
        // An allowed term inside a longer hit does not silence it; one covering the hit does.
        let lex = Lexicon::new(&r, &["低价".to_owned(), "最佳".to_owned()]).expect("builds");
        assert_eq!(find(&lex, &r, "全网最低价"), vec![(1, "全网最低价".into())]);
        assert_eq!(find(&lex, &r, "最低价"), vec![(0, "最低价".into())]);
        assert!(find(&lex, &r, "最佳").is_empty());
        // An allowed term overlapping only part of a hit does not silence it either.
        let lex = Lexicon::new(&r, &["价格".to_owned()]).expect("builds");
        assert_eq!(find(&lex, &r, "最低价格"), vec![(0, "最低价".into())]);
    }

    #[test]
    fn a_partner_side_keeps_only_partners_on_that_side() {
        let pack = |side: &str| load_str("n.toml", &side_pack_text(side)).expect("valid");
        // Issue 12 (i12w): a one-character cure verb glued to the disease it claims to treat.
        let r = pack("partner_side = \"after\"");
        let lex = Lexicon::new(&r, &[]).expect("builds");
        assert_eq!(find(&lex, &r, "本品能治癌"), vec![(0, "治".into())]);
        assert_eq!(find(&lex, &r, "每天一杯防近视"), vec![(0, "防".into())]);
        // The disease before the verb (近视防控, 癌治) is another word, not the claim.
        assert!(find(&lex, &r, "近视防控要从小抓起").is_empty());
        assert!(find(&lex, &r, "肺癌治了三年").is_empty());
        // Without the key either side counts, as before; `before` is the mirror of `after`.
        let r = pack("");
        let lex = Lexicon::new(&r, &[]).expect("builds");
        assert_eq!(find(&lex, &r, "近视防控"), vec![(0, "防".into())]);
        let r = pack("partner_side = \"before\"");
        let lex = Lexicon::new(&r, &[]).expect("builds");
        assert_eq!(find(&lex, &r, "近视防控"), vec![(0, "防".into())]);
        assert!(find(&lex, &r, "本品能治癌").is_empty());
        let err = load_str("n.toml", &side_pack_text("partner_side = \"left\"")).expect_err("bad side");
        assert!(err.to_string().contains("partner_side"), "{err}");
    }

    /// A near pack (治/防 next to 癌/近视) with the extra line `side`.
    fn side_pack_text(side: &str) -> String {
        format!(
            "[pack]\nname = \"n\"\n[[rules]]\nid = \"N001\"\ncategory = \"n\"\nseverity = \"warning\"\nmessage = \"m\"\nkind = \"near\"\nterms = [\"治\", \"防\"]\nnear = [\"癌\", \"近视\"]\nwithin = 0\n{side}\n"
        )
    }

    #[test]
    fn an_except_ending_in_a_star_is_a_leading_context() {
        let r = load_str(
            "s.toml",
            r#"
[pack]
name = "s"
[[rules]]
id = "S001"
category = "s"
severity = "error"
message = "m"
terms = ["最佳", "最好"]
except = ["追求最*", "最好吃"]
"#,
        )
        .expect("valid");
        let lex = Lexicon::new(&r, &[]).expect("builds");
        assert!(find(&lex, &r, "追求最佳品质").is_empty());
        assert!(find(&lex, &r, "最好吃").is_empty());
        assert_eq!(find(&lex, &r, "最佳追求"), vec![(0, "最佳".into())]);
        // Without the star only a covering context counts.
        assert_eq!(find(&lex, &r, "不是最好吗"), vec![(0, "最好".into())]);
    }

    #[test]
    fn a_digit_next_to_a_letter_is_a_latin_word_boundary() {
        let r = load_str(
            "l.toml",
            r#"
[pack]
name = "l"
[[rules]]
id = "L001"
category = "l"
severity = "error"
message = "m"
terms = ["vx", "av", "69", "No.1"]
"#,
        )
        .expect("valid");
        let lex = Lexicon::new(&r, &[]).expect("builds");
        assert_eq!(find(&lex, &r, "加vx123456"), vec![(0, "vx".into())]);
        assert_eq!(find(&lex, &r, "1av2"), vec![(0, "av".into())]);
        assert_eq!(find(&lex, &r, "ａｖ３"), vec![(0, "ａｖ".into())]);
        assert_eq!(find(&lex, &r, "ab69cd"), vec![(0, "69".into())]);
        assert!(find(&lex, &r, "have").is_empty());
        assert!(find(&lex, &r, "vxx123").is_empty());
        assert!(find(&lex, &r, "695").is_empty());
        assert!(find(&lex, &r, "No.10").is_empty());
        assert_eq!(find(&lex, &r, "No.1a"), vec![(0, "No.1".into())]);
    }

    #[test]
    fn latin_terms_fold_and_respect_word_boundaries() {
        let r = rules();
        let lex = Lexicon::new(&r, &[]).expect("builds");
        assert_eq!(find(&lex, &r, "销量ＮＯ．１！"), vec![(0, "ＮＯ．１".into())]);
        assert!(find(&lex, &r, "编号No.10").is_empty());
        assert!(find(&lex, &r, "abcNo.1").is_empty());
    }

    #[test]
    fn gaps_are_bounded_and_options_apply() {
        let r = rules();
        let lex = Lexicon::new(&r, &[]).expect("builds");
        assert_eq!(find(&lex, &r, "最***佳"), vec![(0, "最***佳".into()), (1, "最***佳".into())]);
        assert!(find(&lex, &r, "最****佳").is_empty());
        // T003: no gap, no 繁体, pinyin and initials on, with Latin boundaries.
        assert_eq!(find(&lex, &r, "赌博"), vec![(2, "赌博".into())]);
        assert!(find(&lex, &r, "赌 博").is_empty());
        assert!(find(&lex, &r, "賭博").is_empty());
        assert_eq!(find(&lex, &r, "来 DuBo 吧"), vec![(2, "DuBo".into())]);
        assert_eq!(find(&lex, &r, "db"), vec![(2, "db".into())]);
        assert!(find(&lex, &r, "dbx").is_empty());
    }

    #[test]
    fn repeats_extend_the_span_both_ways() {
        let r = rules();
        let lex = Lexicon::new(&r, &[]).expect("builds");
        assert_eq!(find(&lex, &r, "是最最最佳佳的")[0], (0, "最最最佳佳".into()));
        assert_eq!(find(&lex, &r, "最 最-佳 佳。佳")[0], (0, "最 最-佳 佳".into()));
    }

    #[test]
    fn doubled_terms_need_as_many_characters() {
        let r = load_str(
            "d.toml",
            r#"
[pack]
name = "d"
[[rules]]
id = "D001"
category = "d"
severity = "error"
message = "m"
terms = ["噹噹", "时时", "格格"]
except = ["时时刻刻"]
[[rules]]
id = "D002"
category = "d"
severity = "error"
message = "m"
terms = ["时"]
"#,
        )
        .expect("valid");
        let lex = Lexicon::new(&r, &["当当".to_owned()]).expect("builds");
        // A single 当/格 is not the doubled term; the doubled (or tripled, or spaced) form is.
        assert!(find(&lex, &r, "当事人应当履行。格式").is_empty());
        assert_eq!(
            find(&lex, &r, "格格不入，格 格，格格格"),
            vec![(0, "格格".into()), (0, "格 格".into()), (0, "格格格".into())]
        );
        // The doubled allow-list term only suppresses a doubled span; the doubled except only
        // its own rule, and a single 时 still hits the rule listing 时.
        let lex = Lexicon::new(&r, &["时时".to_owned()]).expect("builds");
        assert_eq!(find(&lex, &r, "时间"), vec![(1, "时".into())]);
        assert!(find(&lex, &r, "时时").is_empty());
        let lex = Lexicon::new(&r, &[]).expect("builds");
        assert_eq!(find(&lex, &r, "时时刻刻"), vec![(1, "时时".into())]);
        assert_eq!(find(&lex, &r, "噹噹响"), vec![(0, "噹噹".into())]);
    }

    #[test]
    fn generated_spellings() {
        let m = mixed_spellings("赌博", true, false);
        assert!(m.contains(&"du博".to_owned()) && m.contains(&"赌bo".to_owned()), "{m:?}");
        assert!(!m.contains(&"赌博".to_owned()) && !m.contains(&"dubo".to_owned()));
        let m = mixed_spellings("北京", false, true);
        assert!(m.contains(&"北j".to_owned()) && m.contains(&"b京".to_owned()), "{m:?}");
        assert!(mixed_spellings("赌博", false, false).is_empty());
        let n = numeral_spellings("下三滥");
        assert_eq!(n, vec!["下3滥".to_owned()]);
        let n = numeral_spellings("3p");
        assert_eq!(n, vec!["三p".to_owned()]);
        assert!(numeral_spellings("没有").is_empty());
    }

    /// The bundled packs with a 10,000-term list stay on the double array (issue 14, i14i: they
    /// make over 20,000 patterns, the old threshold, and on the sorted-edge automaton the
    /// lexicon's pass over 75 MB of statutes took 0.35 s more CPU).
    #[test]
    fn the_bundled_packs_with_a_ten_thousand_term_list_stay_on_the_double_array() {
        let mut rules = crate::detect::pack::load_builtin().expect("bundled packs");
        // 10,000 distinct Han terms of two or three characters (a fixed generator over the
        // first 3,500 characters of the block, as a real list of common words uses).
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut terms = std::collections::BTreeSet::new();
        while terms.len() < 10_000 {
            let len = 2 + (next() % 2) as usize;
            let t: String = (0..len).filter_map(|_| char::from_u32(0x4E00 + (next() % 3_500) as u32)).collect();
            terms.insert(t);
        }
        let list: Vec<String> = terms.into_iter().map(|t| format!("\"{t}\"")).collect();
        let pack = format!(
            "[pack]\nname = \"w\"\n[[rules]]\nid = \"WL001\"\ncategory = \"custom\"\nseverity = \"error\"\nmessage = \"m\"\nterms = [{}]\n",
            list.join(", ")
        );
        rules.extend(load_str("w.toml", &pack).expect("list pack"));
        let lex = Lexicon::new(&rules, &[]).expect("builds");
        assert!(lex.term_count() > 20_000, "{}", lex.term_count());
        assert!(lex.passes.iter().all(|p| !matches!(p.pma, Some(Automaton::Sorted(_)))));
        assert!(matches!(lex.passes[0].pma, Some(Automaton::Double(_))));
        // The old threshold put this lexicon on the sorted-edge automaton.
        let old = Lexicon::build(&rules, &[], 20_000).expect("builds");
        assert!(matches!(old.passes[0].pma, Some(Automaton::Sorted(_))));
    }

    #[test]
    fn both_automata_find_the_same_hits() {
        let r = rules();
        let allow = ["最佳拍档".to_owned()];
        let (double, sorted) =
            (Lexicon::build(&r, &allow, usize::MAX).expect("builds"), Lexicon::build(&r, &allow, 0).expect("builds"));
        assert!(
            matches!(sorted.passes[0].pma, Some(Automaton::Sorted(_)))
                && matches!(double.passes[0].pma, Some(Automaton::Double(_)))
        );
        for text in [
            "全网最低价，最佳",
            "我们是最佳拍档",
            "最***佳 来 DuBo 吧 db",
            "是最最最佳佳的",
            "编号No.10 销量ＮＯ．１！",
        ] {
            assert_eq!(find(&sorted, &r, text), find(&double, &r, text), "{text}");
        }
        assert_eq!(find(&sorted, &r, "全网最低价").len(), 1);
    }

    fn boundary_rules() -> Vec<Rule> {
        load_str(
            "b.toml",
            r#"
[pack]
name = "b"
[[rules]]
id = "B001"
category = "b"
severity = "error"
message = "m"
terms = ["你好", "秘方"]
[[rules]]
id = "B002"
category = "b"
severity = "error"
message = "m"
terms = ["你好", "全面实施!"]
[rules.match]
skippable = "！!，。"
[[rules]]
id = "B003"
category = "b"
severity = "error"
message = "m"
terms = ["秘方", "祖传"]
except = ["祖传手艺"]
[rules.match]
hard = "/"
traditional = false
[[rules]]
id = "B004"
category = "b"
severity = "error"
message = "m"
kind = "near"
terms = ["保健品"]
near = ["治愈"]
within = "sentence"
[rules.match]
skippable = "。"
"#,
        )
        .expect("valid")
    }

    #[test]
    fn each_rule_has_its_own_hard_boundaries() {
        let r = boundary_rules();
        let allow = ["你好吗".to_owned()];
        for lex in
            [Lexicon::build(&r, &allow, usize::MAX).expect("builds"), Lexicon::build(&r, &allow, 0).expect("builds")]
        {
            assert_eq!(lex.passes.len(), 4, "default, B002, B003, B004");
            // B002 skips sentence punctuation (within max_gap); B001 does not.
            assert_eq!(find(&lex, &r, "你！好"), vec![(1, "你！好".into())]);
            assert_eq!(find(&lex, &r, "你!，好"), vec![(1, "你!，好".into())]);
            assert!(find(&lex, &r, "你!!!!好").is_empty());
            assert_eq!(find(&lex, &r, "你好"), vec![(0, "你好".into()), (1, "你好".into())]);
            // A term holding a skippable character matches with or without it.
            assert_eq!(find(&lex, &r, "全面实施"), vec![(1, "全面实施".into())]);
            // B003 makes `/` hard; B001 still skips it.
            assert_eq!(find(&lex, &r, "秘/方"), vec![(0, "秘/方".into())]);
            assert_eq!(find(&lex, &r, "秘 方"), vec![(0, "秘 方".into()), (2, "秘 方".into())]);
            assert!(find(&lex, &r, "祖/传").is_empty());
            assert!(find(&lex, &r, "祖传手艺").is_empty(), "its except");
            // The allow list applies under each rule's boundaries.
            assert!(find(&lex, &r, "你！好吗").is_empty());
            // A near rule that skips 。 reaches across it.
            assert_eq!(find(&lex, &r, "这款保健品。能治愈失眠"), vec![(3, "保健品".into())]);
            assert!(find(&lex, &r, "这款保健品！能治愈失眠").is_empty());
        }
    }

    #[test]
    fn a_character_that_cannot_change_its_boundary_class_is_an_error() {
        let pack = |key: &str| {
            format!(
                "[pack]\nname = \"e\"\n[[rules]]\nid = \"E001\"\ncategory = \"e\"\nseverity = \"error\"\nmessage = \"m\"\nterms = [\"你好\"]\n[rules.match]\n{key}\n"
            )
        };
        let err = load_str("e.toml", &pack("hard = \"好\"")).unwrap_err().to_string();
        assert!(err.contains("e.toml") && err.contains("E001") && err.contains("hard"), "{err}");
        let err = load_str("e.toml", &pack("skippable = \"-\"")).unwrap_err().to_string();
        assert!(err.contains("skippable") && err.contains("'-'"), "{err}");
        assert!(load_str("e.toml", &pack("skippable = \"，\"")).is_ok());
    }

    #[test]
    fn pinyin_spellings_cover_heteronyms() {
        let (full, initials) = pinyin_spellings("赌博");
        assert!(full.contains(&"dubo".to_owned()), "{full:?}");
        assert!(initials.contains(&"db".to_owned()));
    }

    #[test]
    fn the_scan_finds_what_fold_chars_changes_inside_pinyin_annotations_too() {
        let rules = rules();
        let lex = Lexicon::new(&rules, &[]).expect("builds");
        // The annotation after 點 is passed over by the scan (none of the characters an
        // annotation may hold is one `fold_chars` changes with today's table; the scan still
        // looks them up).
        let text = "點（diǎn）擊國家級１２賭博ＡＢ";
        assert!(normalize::fold_chars(text).text.contains("点（diǎn）击国家级12"));
        let folds = lex.scan(text, &rules, false, true).folds;
        let folds = folds.expect("a default-boundary pass with patterns");
        assert_eq!(normalize::fold_chars_at(text, &folds), normalize::fold_chars(text));
        assert_eq!(lex.scan(text, &rules, false, false).folds, None);
    }

    proptest::proptest! {
        /// The offsets the lexicon's scan gives fold the text as `fold_chars` does, with the
        /// default boundaries and with a pass of other boundaries beside them.
        #[test]
        fn the_scan_finds_the_characters_fold_chars_changes(
            text in "[最佳國家級ＡａA１2點擊(ǎi) \n。，（）賭博/|．◎]{0,80}",
        ) {
            for rules in [rules(), boundary_rules()] {
                let lex = Lexicon::new(&rules, &[]).expect("builds");
                let folds = lex.scan(&text, &rules, false, true).folds;
                let folds = folds.expect("a default-boundary pass with patterns");
                proptest::prop_assert_eq!(normalize::fold_chars_at(&text, &folds), normalize::fold_chars(&text));
            }
        }

        /// Partners sorted by counting on the rule and a run-finding sort per rule are the
        /// partners of the rules with hits in the order a sort of them all on (rule, start, end)
        /// gives (the order `nearest_partner` searches).
        #[test]
        fn partners_are_sorted_as_one_sort_on_rule_start_end_sorts_them(
            partners in proptest::collection::vec((0u32..5, 0usize..40, 0usize..6), 0..200),
            hit_rules in proptest::collection::vec(0usize..5, 0..4),
        ) {
            let partners: Vec<(u32, Range<usize>)> = partners.into_iter().map(|(r, s, n)| (r, s..s + n)).collect();
            let hits: Vec<Hit> = hit_rules.iter().map(|&r| Hit::at(r, 0..1)).collect();
            let mut want: Vec<(u32, Range<usize>)> =
                partners.iter().filter(|(r, _)| hit_rules.contains(&(*r as usize))).cloned().collect();
            want.sort_unstable_by_key(|(r, p)| (*r, p.start, p.end));
            proptest::prop_assert_eq!(sort_partners(partners, &hits, &[], 5), want);
        }

        /// Looking a span up among its rule's own exceptions and the allow list's ([`Covers`])
        /// answers what a look through every occurrence answers: covering (start at or before,
        /// end at or after), open-ended ones ending inside the span, other rules' exceptions
        /// ignored, the allow list's only when asked for.
        #[test]
        fn covers_answers_what_a_look_through_every_exception_answers(
            excepts in proptest::collection::vec((proptest::option::of(0u32..4), 0usize..60, 0usize..9, proptest::bool::ANY), 0..80),
            spans in proptest::collection::vec((0u32..4, 0usize..60, 0usize..7, proptest::bool::ANY), 1..40),
        ) {
            let excepts: Vec<(Range<usize>, Option<u32>, bool)> =
                excepts.into_iter().map(|(o, s, n, open)| (s..s + n, o, open)).collect();
            let covers = Covers::new(excepts.clone(), 4);
            proptest::prop_assert_eq!(covers.is_empty(), excepts.is_empty());
            proptest::prop_assert_eq!(covers.any_own(), excepts.iter().any(|(_, o, _)| o.is_some()));
            for (rule, s, n, own_only) in spans {
                let range = s..s + n;
                let want = excepts.iter().any(|(r, o, open)| {
                    r.start <= range.start
                        && (range.end <= r.end || (*open && range.start < r.end))
                        && match o {
                            Some(ri) => *ri == rule,
                            None => !own_only,
                        }
                });
                proptest::prop_assert_eq!(covers.covered(&range, rule as usize, own_only), want, "{:?} {}", range, rule);
            }
        }

        /// The `unless_near` contexts verified for some rules are those verified for every rule,
        /// kept for those rules, in the same order: context terms shared by rules, one rule's
        /// term another's context, a rule of other boundaries and one without repeat collapsing.
        #[test]
        fn contexts_of_some_rules_are_those_of_all_rules_kept_for_them(
            text in "[当人的格刻时入 -。\n]{0,120}",
            wanted in proptest::collection::vec(proptest::bool::ANY, 6),
        ) {
            let rules = context_rules();
            let lex = Lexicon::new(&rules, &[]).expect("builds");
            let found = lex.scan_in(&text, &rules, false, false, true);
            let pending = found.unless.pending();
            let collect = |w: &[bool]| {
                let mut got = Vec::new();
                lex.unless_contexts(&text, &rules, pending, w, |r, range| got.push((r, range)));
                got
            };
            let all = collect(&[true; 6]);
            let want: Vec<(u32, Range<usize>)> =
                all.into_iter().filter(|(r, _)| wanted[*r as usize]).collect();
            proptest::prop_assert_eq!(collect(&wanted), want, "{}", text);
        }

        /// Holding back the candidates of repeat-collapsed patterns whose spans fold to too few
        /// characters before verifying ([`Scan::held`]) finds the hits (`unless_near`
        /// contexts applied) that verifying every candidate finds: doubled terms, partners, contexts and
        /// exceptions, spaced and annotated repeats, a rule that does not collapse repeats and
        /// one of other boundaries, and the global allow list.
        #[test]
        fn holding_back_collapsed_candidates_keeps_the_hits(
            text in "[当噹時时刻格的人不入 -·(dāng)。\n]{0,120}",
        ) {
            let rules = doubled_rules();
            for allow in [vec![], vec!["当当".to_owned(), "刻".to_owned()]] {
                let fast = Lexicon::new(&rules, &allow).expect("builds");
                // 当 (当当, 噹噹噹, except 当当当), 的 (的的, a partner) and 时 (a partner and an
                // except) are held back; 人, 格 and 刻 are not (terms of their own too).
                proptest::prop_assert_eq!(fast.patterns.iter().filter(|p| p.hold).count(), 3);
                let all = Lexicon::new(&rules, &allow).expect("builds").verifying_all();
                for defer in [false, true] {
                    let want = all.scan_in(&text, &rules, false, true, defer);
                    let got = fast.scan_in(&text, &rules, false, true, defer);
                    proptest::prop_assert_eq!(&got.hits, &want.hits, "{}", text);
                    proptest::prop_assert_eq!(&got.claims, &want.claims, "{}", text);
                    proptest::prop_assert_eq!(&got.folds, &want.folds, "{}", text);
                }
            }
        }

        /// Verifying a `near` rule's term only when a partner starts within reach of it finds
        /// the hits (with their partners, in their order) that verifying every candidate as
        /// found and dropping those without a partner finds: reaches of characters and of a
        /// sentence, partner sides, a rule of other boundaries, terms shared with rules of
        /// other kinds and repeats.
        #[test]
        fn near_terms_verified_after_their_partners_give_the_same_hits(
            text in "[国务院监制推荐治癌防近视最佳。！，\n 　a-zA-Z0-9]{0,160}",
            filler in 0usize..3000,
        ) {
            let rules = near_rules();
            let lex = Lexicon::new(&rules, &[]).expect("builds");
            // Long stretches between the words put partners beyond the byte reach too.
            let mut long = text.clone();
            if let Some((i, _)) = text.char_indices().nth(text.chars().count() / 2) {
                long.insert_str(i, &"普".repeat(filler));
            }
            for t in [&text, &long] {
                let want = lex.scan_in(t, &rules, false, false, false).hits;
                let got = lex.scan_in(t, &rules, false, false, true).hits;
                proptest::prop_assert_eq!(got, want, "{}", t);
            }
        }
    }

    /// Rules sharing `unless_near` context terms (人 and 的 of several rules, 格 a term of one and a
    /// context of others), one of other boundaries and one without repeat collapsing.
    fn context_rules() -> Vec<Rule> {
        load_str(
            "cx.toml",
            r#"
[pack]
name = "cx"
[[rules]]
id = "CX01"
category = "d"
severity = "error"
message = "m"
terms = ["当"]
unless_near = ["人", "的的"]
[[rules]]
id = "CX02"
category = "d"
severity = "error"
message = "m"
terms = ["时"]
unless_near = ["人", "格"]
[[rules]]
id = "CX03"
category = "d"
severity = "error"
message = "m"
terms = ["格"]
unless_near = ["刻", "的的"]
[[rules]]
id = "CX04"
category = "d"
severity = "warning"
message = "m"
terms = ["入"]
unless_near = ["人人", "格"]
[rules.match]
collapse_repeats = false
[[rules]]
id = "CX05"
category = "d"
severity = "info"
message = "m"
terms = ["刻"]
unless_near = ["人", "时"]
[rules.match]
hard = "-"
[[rules]]
id = "CX06"
category = "d"
severity = "info"
message = "m"
terms = ["的"]
unless_near = ["当"]
"#,
        )
        .expect("valid")
    }

    /// The room the scan gives its `unless_near` and partner lists comes from the last long
    /// text's lists ([`ListSizes`]) and changes no result: long texts sparse and dense, one after
    /// the other, find with one lexicon what a fresh lexicon finds in each; a short text neither
    /// reads nor changes the sizes.
    #[test]
    fn list_room_from_the_last_long_text_changes_no_result() {
        let rules = doubled_rules();
        let lex = Lexicon::new(&rules, &[]).expect("builds");
        let sparse = "人在时时，当当格格不入。普通的一句话。\n".repeat(ListSizes::LONG / 40);
        let dense = "人人的的时时刻刻当当人。\n".repeat(ListSizes::LONG / 20);
        assert!(sparse.len() >= ListSizes::LONG && dense.len() >= ListSizes::LONG);
        let sizes = |l: &Lexicon| (l.sizes.unless.load(Ordering::Relaxed), l.sizes.partners.load(Ordering::Relaxed));
        assert_eq!(sizes(&lex), (0, 0));
        let fresh = |t: &str| {
            let l = Lexicon::new(&rules, &[]).expect("builds");
            let f = l.scan(t, &rules, false, true);
            (f.hits, f.folds)
        };
        for t in [&sparse, &dense, &sparse, &dense] {
            let f = lex.scan(t, &rules, false, true);
            assert_eq!((f.hits, f.folds), fresh(t));
        }
        let (unless, partners) = sizes(&lex);
        assert!(unless > 0 && partners > 0, "{unless} {partners}");
        assert!(ListSizes::room(&lex.sizes.unless, dense.len()) > 0);
        let short = &"人人的的时时刻刻当当人。\n".repeat(1000);
        assert_eq!(ListSizes::room(&lex.sizes.unless, short.len()), 0);
        let f = lex.scan(short, &rules, false, true);
        assert_eq!((f.hits, f.folds), fresh(short));
        assert_eq!(sizes(&lex), (unless, partners), "a short text leaves the sizes");
    }

    /// Rules whose terms, partners, contexts and exceptions collapsing repeats shortens (doubled
    /// characters, `时时刻刻`), beside single characters and other boundaries.
    fn doubled_rules() -> Vec<Rule> {
        load_str(
            "dd.toml",
            r#"
[pack]
name = "dd"
[[rules]]
id = "DD01"
category = "d"
severity = "error"
message = "m"
terms = ["当当", "时时刻刻", "格格不入", "的的", "噹噹噹", "人人"]
except = ["时时", "当当当"]
[[rules]]
id = "DD02"
category = "d"
severity = "error"
message = "m"
terms = ["刻", "格"]
except = ["格格*"]
[[rules]]
id = "DD03"
category = "d"
severity = "error"
message = "m"
kind = "near"
terms = ["人"]
near = ["的的", "时时"]
within = 6
[[rules]]
id = "DD04"
category = "d"
severity = "warning"
message = "m"
terms = ["当当", "格格"]
unless_near = ["人人"]
[rules.match]
collapse_repeats = false
[[rules]]
id = "DD05"
category = "d"
severity = "info"
message = "m"
terms = ["格格", "刻刻"]
[rules.match]
hard = "-"
"#,
        )
        .expect("valid")
    }

    /// `near` rules of several reaches, sides and boundaries, and rules of other kinds sharing
    /// their terms (listed before and after them, so that the hits' order shows).
    fn near_rules() -> Vec<Rule> {
        load_str(
            "n.toml",
            r#"[pack]
name = "n"
[[rules]]
id = "P001"
category = "n"
severity = "info"
message = "m"
terms = ["国务院", "治"]
[[rules]]
id = "N001"
category = "n"
severity = "warning"
message = "m"
kind = "near"
terms = ["国务院", "院"]
near = ["监制", "推荐"]
within = 3
[[rules]]
id = "N002"
category = "n"
severity = "warning"
message = "m"
kind = "near"
terms = ["治", "防"]
near = ["癌", "近视"]
within = 0
partner_side = "after"
[[rules]]
id = "N003"
category = "n"
severity = "warning"
message = "m"
kind = "near"
terms = ["国务院", "最佳"]
near = ["推荐", "AB"]
within = "sentence"
[[rules]]
id = "N004"
category = "n"
severity = "warning"
message = "m"
kind = "near"
terms = ["监制"]
near = ["国务院"]
within = 2
partner_side = "before"
[rules.match]
skippable = "。！"
collapse_repeats = false
[[rules]]
id = "P002"
category = "n"
severity = "info"
message = "m"
terms = ["国务院", "最佳"]
"#,
        )
        .expect("valid")
    }

    #[test]
    fn near_hits_keep_their_place_among_the_hits_of_shared_terms() {
        let rules = near_rules();
        let lex = Lexicon::new(&rules, &[]).expect("builds");
        let text = "国务院监制。国务院很好。";
        let got: Vec<(usize, Range<usize>)> =
            lex.scan(text, &rules, false, false).hits.into_iter().map(|h| (h.rule, h.range)).collect();
        let want = lex.scan_in(text, &rules, false, false, false).hits;
        let want: Vec<(usize, Range<usize>)> = want.into_iter().map(|h| (h.rule, h.range)).collect();
        assert_eq!(got, want);
        let n = "国务院".len();
        // The first 国务院 is every rule's (partners 监制 for N001, 推荐 nowhere for N003), the
        // second only the plain rules' (监制 is past the sentence end).
        assert!(got.starts_with(&[(0, 0..n), (1, 0..n)]), "{got:?}");
        assert!(got.contains(&(5, 0..n)) && !got.iter().any(|(r, _)| *r == 3), "{got:?}");
        let second = text.find("。").expect("full stop") + "。".len();
        assert!(got.contains(&(0, second..second + n)) && !got.contains(&(1, second..second + n)), "{got:?}");
    }
}
