//! Word segmentation around candidate matches, for rules with `boundary = "token"`.
//!
//! A term matched as a substring of the normalized text is accepted by such a rule only when the hit
//! starts and ends on word boundaries of its sentence, so the hit is one word or a run of whole words:
//! `最` fires in `最漂亮的` (最/漂亮/的) but not in `最近天气` (最近/天气), `第一` fires in `销量第一`
//! (销量/第一) but not in `第一章`, and `口交` never fires inside `路口交通` (路口/交通).
//!
//! Segmentation is [jieba-rs](https://crates.io/crates/jieba-rs) (MIT) with its default dictionary,
//! the dictionary of the original Python jieba (also MIT), vendored as `wordlists/jieba/dict.utf8` and
//! embedded as a sorted index by the build script (`src/build/jieba.rs`, read by `segment/dict.rs`). Only a
//! window of text around each hit is ever segmented.
//!
//! ## No dictionary load
//!
//! Loading all ~350,000 words into jieba takes about 0.1 s, far too much for a pre-commit check of
//! one draft. It is not needed: jieba's `cut` (with HMM) picks the most probable route through a DAG
//! of the dictionary words that occur in the sentence, each scored `ln(freq) − ln(total)` with
//! `total` the sum of all frequencies; a character starting no word is a one-character step of
//! frequency 1, and runs of such steps go to a static HMM. Nothing else depends on the words loaded
//! (in jieba-rs 0.11: `dag`, `calc`, `cut_unjoined_run` and `suggest_freq` only look up words of the
//! text at hand, and use `total`).
//! So each call builds a small `Jieba` from just the dictionary words occurring in the sentence (same
//! frequencies and tags, found by binary search in the index), the added words occurring in it, and
//! one dummy word that `cut` never looks up, whose frequency makes `total` that of the
//! full dictionary with all added words. That cuts the sentence exactly as the full dictionary
//! would (a test checks this against the full dictionary on hundreds of sentences; a jieba-rs update
//! that breaks the premise fails it), for tens of microseconds per call. In practice the calls share
//! one such jieba grown sentence by sentence (each word added once, the dummy's frequency adjusted):
//! the words other sentences added never occur in the sentence at hand, so they are never looked up.
//!
//! ## Added words
//!
//! Rule-pack terms are added to the dictionary, but never with a frequency that would
//! let them override jieba's own judgement:
//!
//! - a term jieba already knows (`最`, `第一`, `口交`, `黄片`) keeps its dictionary frequency, so
//!   longer words that contain it (`最近`, `最后`, `第一章`, `路口`+`交通`) still win;
//! - a new term gets [`jieba_rs::Jieba::suggest_freq`]: the product of the probabilities of the pieces
//!   jieba's dictionary pass cuts it into on its own, plus one. A segmentation using the term is then
//!   as likely as the same segmentation with the term in those pieces (slightly more likely, where the
//!   product is below one), so the term wins exactly where the dictionary pass would have cut it into
//!   its pieces: that is where the HMM pass could otherwise glue single-character pieces to their
//!   neighbours (`假一赔/十包/邮` becomes `假一赔十/包邮`). A real word crossing the term's ends is far
//!   more likely than that, and still wins (`路口/交通`).
//!
//! New terms get their frequencies in sorted order, each seeing the ones before it (their pieces may
//! be earlier terms, and every added frequency raises `total`), as when they were added to one full
//! dictionary in turn; this is done once, on first use, with the same small-dictionary technique.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use jieba_rs::Jieba;
use unicode_segmentation::UnicodeSegmentation;

mod dict;

use dict::DICT;

/// Characters of context taken on each side of a hit before looking for its sentence.
const WINDOW_CHARS: usize = 128;

/// The word that brings a small dictionary's `total` up to the full one's. Two characters outside
/// jieba's Han class (CJK, ASCII letters and digits, `+#&._%-`), so `cut` never looks it up: it only
/// searches runs of that class for words, and emits any other character as a one-character token.
/// Added words equal to it are ignored.
const DUMMY: &str = "\u{F8FF}\u{FFFF}";

/// Word segmentation around candidate matches, with jieba's dictionary embedded as an index.
///
/// Cheap to create, and cheap to use: nothing is loaded; on first use the index header is read and
/// the frequencies of added words jieba does not know are computed (microseconds per word), once,
/// shared by every thread using the segmenter (it is `Send + Sync`; concurrent first calls wait for
/// one computation). See the [module documentation](self).
pub struct Segmenter {
    /// Words added to jieba's dictionary (deduplicated, sorted, non-empty).
    words: Vec<String>,
    /// Frequencies of the added words, computed on first use.
    added: OnceLock<Added>,
    /// Calls to [`Segmenter::tokens`] so far (until the whole dictionary is in use).
    calls: AtomicUsize,
    /// Calls served by per-sentence dictionaries so far.
    per_sentence: AtomicUsize,
    /// After this many calls, build the whole dictionary once and use it from then on.
    full_after: usize,
    /// The whole dictionary with the added words: cheaper per call, built only for long runs.
    full: OnceLock<Option<Jieba>>,
    /// Set by the thread that builds `full`; other threads keep to per-sentence dictionaries
    /// meanwhile instead of waiting for it.
    building: AtomicBool,
    /// Dictionaries grown sentence by sentence (see [`Grown`]), one per thread using one at a time.
    grown: [Mutex<Option<Grown>>; GROWN_SLOTS],
}

/// Calls served by per-sentence dictionaries before the whole dictionary is built (≈ 65 ms once,
/// then no dictionary look-up per call, where a grown one costs ≈ 3 µs a call): one draft never
/// pays for it, a batch audit does once.
pub const FULL_DICTIONARY_AFTER: usize = 20_000;

/// Grown dictionaries kept (a thread that finds them all in use builds one for its sentence).
const GROWN_SLOTS: usize = 4;

/// One jieba that every per-sentence call adds its sentence's dictionary words and added words
/// to, keeping `total` that of the whole dictionary through [`DUMMY`]'s frequency: a cut only
/// looks up the words occurring in its sentence (see the module documentation), so it cuts as a
/// dictionary of just those words does, and as the whole one. It saves building a jieba (whose
/// empty trie alone is half a megabyte) for every sentence, and adds each word once.
struct Grown {
    jieba: Jieba,
    /// Which dictionary words (by index) and added words (by position) it holds.
    has_word: Vec<bool>,
    has_added: Vec<bool>,
    /// Sum of the frequencies of the words it holds, [`DUMMY`] aside.
    sum: usize,
    /// Where the words starting with each character met so far lie in the dictionary.
    first: dict::FirstChars,
}

/// `n` times `false`, written now. `vec![false; n]` takes fresh zeroed pages: each page is first
/// read (mapping the shared zero page), then written, and that copy-on-write fault flushes the
/// page's translation on every core running the process (an interrupt to the other worker; in a
/// virtual machine a costly one) as a grown dictionary meets new words all through a run: ≈ 30
/// such interrupts' samples per `-j 2` run of the statutes, none at `-j 1`. Written at once, each
/// page faults once, before any other core has seen it (the value is hidden from the compiler,
/// which would otherwise turn the writes back into a zeroed allocation).
fn written_falses(n: usize) -> Vec<bool> {
    let mut v = Vec::with_capacity(n);
    v.resize(n, std::hint::black_box(false));
    v
}

/// Adds to `jieba` the dictionary words occurring in `text` that `is_new` (which records them) says
/// it does not hold yet; returns the sum of their frequencies. Shared by [`Grown`] and [`suggested`].
fn add_new_dictionary_words(
    jieba: &mut Jieba,
    text: &str,
    first: &mut dict::FirstChars,
    mut is_new: impl FnMut(usize) -> bool,
) -> usize {
    let mut sum = 0;
    for i in DICT.words_in_with(text, first) {
        if is_new(i) {
            let entry = DICT.entry(i);
            jieba.add_word(entry.word, Some(entry.freq), Some(entry.tag));
            sum += entry.freq;
        }
    }
    sum
}

/// Gives [`DUMMY`] the frequency that makes `jieba`'s `total` equal `total` when its other words sum
/// to `sum`; false (and nothing added) when they already reach it.
fn set_dummy(jieba: &mut Jieba, sum: usize, total: usize) -> bool {
    match total.checked_sub(sum).filter(|&d| d > 0) {
        Some(dummy) => {
            jieba.add_word(DUMMY, Some(dummy), None);
            true
        }
        None => false,
    }
}

/// The added words that are not in jieba's dictionary, with their frequencies.
#[derive(Debug)]
struct Added {
    /// New words and their frequencies, in the order of [`Segmenter::words`].
    words: Vec<(String, usize)>,
    /// jieba's `total` for the dictionary with all of them added.
    total: usize,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segmenter").field("words", &self.words.len()).field("loaded", &self.is_loaded()).finish()
    }
}

impl Default for Segmenter {
    /// A segmenter with jieba's dictionary only.
    fn default() -> Self {
        Self::new(std::iter::empty())
    }
}

/// A jieba with just the dictionary words occurring in `text` and the words of `added` occurring in
/// it, plus [`DUMMY`] with the frequency that makes its `total` equal `total`: it cuts `text` (and
/// suggests frequencies for it) exactly as jieba with the whole dictionary and all of `added` would.
fn jieba_for(text: &str, added: &[(String, usize)], total: usize) -> Jieba {
    let mut jieba = Jieba::empty();
    let mut sum = 0;
    for i in DICT.words_in(text) {
        let entry = DICT.entry(i);
        jieba.add_word(entry.word, Some(entry.freq), Some(entry.tag));
        sum += entry.freq;
    }
    for (word, freq) in added {
        if text.contains(word.as_str()) {
            jieba.add_word(word, Some(*freq), None);
            sum += freq;
        }
    }
    debug_assert!(sum < total, "a text cannot contain every dictionary word");
    jieba.add_word(DUMMY, Some(total.saturating_sub(sum)), None);
    jieba
}

/// The frequencies of the `words` (sorted) that jieba's dictionary lacks, each from the dictionary
/// with the new words before it added (`suggest_freq`, as if they were added to one full jieba in
/// turn), and the resulting `total`.
///
/// One jieba serves every word, grown as [`Grown`] is: it takes each word's dictionary words and,
/// once its frequency is known, the word itself, with [`DUMMY`] keeping `total` that of the whole
/// dictionary plus the words so far. `suggest_freq` looks up only the words occurring in the word at
/// hand, and those are the words [`jieba_for`] would give it, so each frequency is the one a jieba of
/// its own gives (a test compares both on the bundled packs' terms); building one per word wrote a
/// fresh half-megabyte trie root for each, a noticeable part of a one-draft run.
fn suggested(words: &[String]) -> Added {
    let mut added = Vec::new();
    let mut total = DICT.total;
    let mut jieba = Jieba::empty();
    let mut has_word = rustc_hash::FxHashSet::default();
    let mut first = dict::FirstChars::default();
    // Sum of the frequencies `jieba` holds, DUMMY aside.
    let mut sum = 0usize;
    for word in words {
        if DICT.find(word).is_some() {
            continue;
        }
        sum += add_new_dictionary_words(&mut jieba, word, &mut first, |i| has_word.insert(i));
        let freq = if set_dummy(&mut jieba, sum, total) {
            jieba.suggest_freq(word)
        } else {
            // (Not expected: the words held would need the whole dictionary's frequency.)
            jieba_for(word, &added, total).suggest_freq(word)
        };
        jieba.add_word(word, Some(freq), None);
        sum += freq;
        added.push((word.clone(), freq));
        total += freq;
    }
    Added { words: added, total }
}

/// Byte ranges of the tokens `jieba` cuts `sentence` into (jieba `cut` with HMM on), covering it
/// exactly (see [`Segmenter::tokens`]).
fn cover(jieba: &Jieba, sentence: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for token in jieba.cut(sentence, true) {
        let (start, end) = (token.byte_start, token.byte_end);
        if start < at || end <= start {
            // Not expected from jieba; never let a malformed token break the covering.
            continue;
        }
        if start > at {
            out.push(at..start);
        }
        out.push(start..end);
        at = end;
    }
    if at < sentence.len() {
        out.push(at..sentence.len());
    }
    out
}

impl Segmenter {
    /// A segmenter that adds `words` (rule-pack terms) to jieba's dictionary.
    ///
    /// Words jieba already knows keep their frequency; new words get the frequency jieba suggests for
    /// keeping them whole (see the [module documentation](self)). Empty words are ignored.
    pub fn new(words: impl IntoIterator<Item = String>) -> Self {
        let mut words: Vec<String> = words.into_iter().filter(|w| !w.is_empty() && w != DUMMY).collect();
        words.sort_unstable();
        words.dedup();
        Segmenter {
            words,
            added: OnceLock::new(),
            calls: AtomicUsize::new(0),
            per_sentence: AtomicUsize::new(0),
            full_after: FULL_DICTIONARY_AFTER,
            full: OnceLock::new(),
            building: AtomicBool::new(false),
            grown: Default::default(),
        }
    }

    /// Like [`Segmenter::new`], switching to the whole dictionary after `full_after` calls
    /// (0: from the first call). The result of every call is the same either way.
    pub fn with_full_after(words: impl IntoIterator<Item = String>, full_after: usize) -> Self {
        Segmenter { full_after, ..Self::new(words) }
    }

    /// The whole dictionary with the added words, as jieba would have it after loading its
    /// dictionary and adding the words in turn.
    fn full(&self) -> Option<&Jieba> {
        self.full
            .get_or_init(|| {
                // Added entry by entry, as `load_dict` would add the lines of the dictionary file
                // (same records, frequencies and total), without writing and parsing that file.
                let mut jieba = Jieba::empty();
                for i in 0..DICT.len() {
                    let e = DICT.entry(i);
                    jieba.add_word(e.word, Some(e.freq), Some(e.tag));
                }
                for (word, freq) in &self.added().words {
                    jieba.add_word(word, Some(*freq), None);
                }
                Some(jieba)
            })
            .as_ref()
    }

    /// The whole dictionary, building it on this thread if no other thread is; `None` while
    /// another thread builds it (the caller serves the call per sentence, with the same result).
    fn full_unless_building(&self) -> Option<&Jieba> {
        if let Some(full) = self.full.get() {
            return full.as_ref();
        }
        if self.building.swap(true, Ordering::AcqRel) {
            return None;
        }
        self.full()
    }

    /// Announces `n` calls about to be made: when they would take the calls past the point where
    /// the whole dictionary is built, it is used from the next call on, not after the per-sentence
    /// dictionaries of the calls before that point (one long document with thousands of token
    /// hits builds it at once). The result of every call is the same either way.
    pub fn expect_calls(&self, n: usize) {
        if self.calls.load(Ordering::Relaxed).saturating_add(n) > self.full_after {
            self.calls.fetch_max(self.full_after, Ordering::Relaxed);
        }
    }

    /// Calls to [`Segmenter::tokens`] counted so far towards building the whole dictionary (they
    /// stop counting once it is in use).
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::Relaxed)
    }

    /// Calls served by per-sentence dictionaries so far (for tests and benchmarks).
    pub fn per_sentence_calls(&self) -> usize {
        self.per_sentence.load(Ordering::Relaxed)
    }

    /// Whether the dictionary index has been initialised and the added words' frequencies computed
    /// (for tests/benchmarks: this is done lazily).
    pub fn is_loaded(&self) -> bool {
        self.added.get().is_some()
    }

    /// Does the first-use work now if it has not been done yet (e.g. on a background thread while
    /// files are being read); it is small either way.
    pub fn preload(&self) {
        self.added();
    }

    /// The added words' frequencies, computing them on first use: in order, each new word gets
    /// `suggest_freq` from the dictionary with the new words before it added, as if they were added
    /// to one full jieba in turn.
    fn added(&self) -> &Added {
        self.added.get_or_init(|| suggested(&self.words))
    }

    /// Byte ranges of the tokens of `sentence` (jieba `cut` with HMM on), covering it exactly.
    ///
    /// The ranges are non-empty, in order, and contiguous: the first starts at 0, each starts where
    /// the previous one ends, and the last ends at `sentence.len()` (none for an empty sentence).
    /// Whitespace and punctuation come out as tokens of their own.
    pub fn tokens(&self, sentence: &str) -> Vec<Range<usize>> {
        if sentence.is_empty() {
            return Vec::new();
        }
        let added = self.added();
        let use_full = self.full.get().is_some() || self.calls.fetch_add(1, Ordering::Relaxed) >= self.full_after;
        if let Some(full) = use_full.then(|| self.full_unless_building()).flatten() {
            return cover(full, sentence);
        }
        self.per_sentence.fetch_add(1, Ordering::Relaxed);
        for slot in &self.grown {
            let Ok(mut grown) = slot.try_lock() else { continue };
            let grown = grown.get_or_insert_with(|| Grown {
                jieba: Jieba::empty(),
                has_word: written_falses(DICT.len()),
                has_added: written_falses(added.words.len()),
                sum: 0,
                first: dict::FirstChars::default(),
            });
            let has_word = &mut grown.has_word;
            grown.sum += add_new_dictionary_words(&mut grown.jieba, sentence, &mut grown.first, |i| {
                !std::mem::replace(&mut has_word[i], true)
            });
            for (k, (word, freq)) in added.words.iter().enumerate() {
                if !grown.has_added[k] && sentence.contains(word.as_str()) {
                    grown.jieba.add_word(word, Some(*freq), None);
                    grown.has_added[k] = true;
                    grown.sum += freq;
                }
            }
            // The dummy keeps `total` that of the whole dictionary (it cannot hold every word).
            if !set_dummy(&mut grown.jieba, grown.sum, added.total) {
                break;
            }
            return cover(&grown.jieba, sentence);
        }
        cover(&jieba_for(sentence, &added.words, added.total), sentence)
    }

    /// Whether `hit` (a byte range of `text`) starts and ends on token boundaries of the sentence
    /// containing it. The sentence is found with unicode-segmentation sentence bounds inside a window
    /// of at most ~128 characters each side of the hit (clamped to char boundaries), so files are
    /// never segmented whole.
    ///
    /// A hit whose start or end falls between two letters or digits of a non-CJK script (`top` in
    /// `laptop` or `top1`, `no.1` in `no.12`) is never aligned either: jieba cuts a Latin run at any
    /// added word inside it (`lap/top`), so that is checked on the characters themselves.
    ///
    /// A hit that crosses a sentence bound is checked against the sentences it spans, segmented
    /// together. An empty hit, or one that is out of range or not on char boundaries of `text`, is
    /// never aligned (and does no first-use work).
    pub fn is_token_aligned(&self, text: &str, hit: Range<usize>) -> bool {
        if hit.start >= hit.end
            || hit.end > text.len()
            || !text.is_char_boundary(hit.start)
            || !text.is_char_boundary(hit.end)
        {
            return false;
        }
        if splits_alphanumeric_run(text, hit.start) || splits_alphanumeric_run(text, hit.end) {
            return false;
        }
        let sentence = sentence_around(text, &hit);
        let (start, end) = (hit.start - sentence.start, hit.end - sentence.start);
        let mut start_ok = false;
        for token in self.tokens(&text[sentence]) {
            if token.start == start {
                start_ok = true;
            }
            if token.end == end {
                return start_ok;
            }
            if token.end > end {
                return false;
            }
        }
        false
    }
}

/// Whether byte offset `at` of `text` lies between two alphanumeric characters of a non-CJK script
/// (letters and digits below U+2E80: Latin, Greek, Cyrillic, …), that is inside a Latin word or number.
fn splits_alphanumeric_run(text: &str, at: usize) -> bool {
    let is_run_char = |c: char| c.is_alphanumeric() && c < '\u{2e80}';
    let before = text[..at].chars().next_back().is_some_and(is_run_char);
    before && text[at..].chars().next().is_some_and(is_run_char)
}

/// The byte range of the sentence (or run of sentences) of `text` containing `hit`, looked for in a
/// window of at most [`WINDOW_CHARS`] characters each side of the hit. `hit` is non-empty and on char
/// boundaries.
fn sentence_around(text: &str, hit: &Range<usize>) -> Range<usize> {
    let window_start = text[..hit.start].char_indices().rev().nth(WINDOW_CHARS - 1).map_or(0, |(i, _)| i);
    let window_end = text[hit.end..].char_indices().nth(WINDOW_CHARS).map_or(text.len(), |(i, _)| hit.end + i);
    let window = &text[window_start..window_end];
    let (hit_start, hit_end) = (hit.start - window_start, hit.end - window_start);

    let mut start = 0;
    let mut end = window.len();
    for (offset, sentence) in window.split_sentence_bound_indices() {
        let sentence_end = offset + sentence.len();
        if sentence_end <= hit_start {
            start = sentence_end;
        } else if offset >= hit_end {
            end = offset;
            break;
        }
    }
    window_start + start..window_start + end
}

#[cfg(test)]
mod tests;
