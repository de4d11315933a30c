//! Word segmentation around candidate matches, for rules with `boundary = "token"`.
//!
//! A term matched as a substring of the normalized text is accepted by such a rule only when the hit
//! starts and ends on word boundaries of its sentence, so the hit is one word or a run of whole words:
//! `最` fires in `最漂亮的` (最/漂亮/的) but not in `最近天气` (最近/天气), `第一` fires in `销量第一`
//! (销量/第一) but not in `第一章`, and `口交` never fires inside `路口交通` (路口/交通).
//!
//! Segmentation is [jieba-rs](https://crates.io/crates/jieba-rs) (MIT; its bundled `dict.txt` is the
//! dictionary of the original Python jieba, also MIT) with its default dictionary, loaded lazily on
//! first use: a [`Segmenter`] costs nothing until a candidate hit needs checking, and only a window of
//! text around each hit is ever segmented.
//!
//! ## Added words
//!
//! Rule-pack terms are added to the dictionary when it loads, but never with a frequency that would
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

use std::ops::Range;
use std::sync::OnceLock;

use jieba_rs::Jieba;
use unicode_segmentation::UnicodeSegmentation;

/// Characters of context taken on each side of a hit before looking for its sentence.
const WINDOW_CHARS: usize = 128;

/// Word segmentation around candidate matches, with a lazily loaded jieba dictionary.
///
/// Cheap to create: the dictionary (about 350,000 entries, roughly 0.1 s to load in a release build)
/// is loaded on the first call to [`Segmenter::tokens`] or [`Segmenter::is_token_aligned`], once, and
/// shared by every thread using the segmenter (it is `Send + Sync`; concurrent first calls wait for
/// one load).
pub struct Segmenter {
    /// Words added to jieba's dictionary when it loads (deduplicated, non-empty).
    words: Vec<String>,
    /// The dictionary, loaded on first use.
    jieba: OnceLock<Jieba>,
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

impl Segmenter {
    /// A segmenter that will add `words` (rule-pack terms) to jieba's dictionary when it loads.
    ///
    /// Words jieba already knows keep their frequency; new words get the frequency jieba suggests for
    /// keeping them whole (see the [module documentation](self)). Empty words are ignored.
    pub fn new(words: impl IntoIterator<Item = String>) -> Self {
        let mut words: Vec<String> = words.into_iter().filter(|w| !w.is_empty()).collect();
        words.sort_unstable();
        words.dedup();
        Segmenter { words, jieba: OnceLock::new() }
    }

    /// Whether the dictionary has been loaded (for tests/benchmarks: loading is lazy).
    pub fn is_loaded(&self) -> bool {
        self.jieba.get().is_some()
    }

    /// Loads the dictionary now if it is not loaded yet, e.g. on a background thread while files are
    /// being read, so the first candidate hit does not wait for it.
    pub fn preload(&self) {
        self.jieba();
    }

    /// The loaded dictionary, loading it (and adding the words) on first use.
    fn jieba(&self) -> &Jieba {
        self.jieba.get_or_init(|| {
            let mut jieba = Jieba::new();
            for word in &self.words {
                if !jieba.has_word(word) {
                    let freq = jieba.suggest_freq(word);
                    jieba.add_word(word, Some(freq), None);
                }
            }
            jieba
        })
    }

    /// Byte ranges of the tokens of `sentence` (jieba `cut` with HMM on), covering it exactly.
    ///
    /// The ranges are non-empty, in order, and contiguous: the first starts at 0, each starts where
    /// the previous one ends, and the last ends at `sentence.len()` (none for an empty sentence).
    /// Whitespace and punctuation come out as tokens of their own. Loads jieba on first use.
    pub fn tokens(&self, sentence: &str) -> Vec<Range<usize>> {
        if sentence.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut at = 0;
        for token in self.jieba().cut(sentence, true) {
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

    /// Whether `hit` (a byte range of `text`) starts and ends on token boundaries of the sentence
    /// containing it. The sentence is found with unicode-segmentation sentence bounds inside a window
    /// of at most ~128 characters each side of the hit (clamped to char boundaries), so files are
    /// never segmented whole. Loads jieba on first use.
    ///
    /// A hit whose start or end falls between two letters or digits of a non-CJK script (`top` in
    /// `laptop` or `top1`, `no.1` in `no.12`) is never aligned either: jieba cuts a Latin run at any
    /// added word inside it (`lap/top`), so that is checked on the characters themselves.
    ///
    /// A hit that crosses a sentence bound is checked against the sentences it spans, segmented
    /// together. An empty hit, or one that is out of range or not on char boundaries of `text`, is
    /// never aligned (and does not load the dictionary).
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
