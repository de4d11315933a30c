//! jieba's dictionary as a sorted index embedded in the binary (built by `src/build/jieba.rs` from
//! `wordlists/jieba/dict.utf8`), searched in place: nothing is parsed or loaded beyond a short header.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::detect::fxhash::FxBuild;

/// The index range of the words starting with each character looked up so far (see
/// [`Dict::words_in_with`]).
pub(crate) type FirstChars = HashMap<char, (u32, u32), FxBuild>;

/// The index written by the build script; see `src/build/jieba.rs` for the layout.
static INDEX_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba_dict.bin"));

/// The dictionary index, sliced out of [`INDEX_BYTES`] on first use (microseconds).
pub(crate) static DICT: LazyLock<Dict> = LazyLock::new(|| Dict::parse(INDEX_BYTES));

/// One dictionary entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub word: &'static str,
    pub freq: usize,
    pub tag: &'static str,
}

/// jieba's dictionary: words sorted by bytes, with their frequencies and tags.
pub(crate) struct Dict {
    /// `n + 1` little-endian u32 offsets into `words`.
    offsets: &'static [u8],
    /// `n` little-endian u32 frequencies.
    freqs: &'static [u8],
    /// `n` indexes into `tags`.
    tag_ids: &'static [u8],
    tags: Vec<&'static str>,
    /// All words, concatenated (UTF-8, checked a word at a time: checking all ~3 MB at start-up
    /// would cost a millisecond or two).
    words: &'static [u8],
    len: usize,
    /// Sum of all frequencies: jieba's `total` for this dictionary.
    pub total: usize,
    /// Length of the longest word, in chars.
    pub max_chars: usize,
}

/// Splits `n` bytes off the front of `bytes`.
fn take<'a>(bytes: &mut &'a [u8], n: usize) -> &'a [u8] {
    let (head, tail) = bytes.split_at(n);
    *bytes = tail;
    head
}

fn take_u32(bytes: &mut &[u8]) -> usize {
    read_u32(take(bytes, 4), 0)
}

/// The `i`th little-endian u32 of `bytes`.
#[inline]
fn read_u32(bytes: &[u8], i: usize) -> usize {
    let b = &bytes[4 * i..4 * i + 4];
    u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize
}

impl Dict {
    /// Slices an index written by the build script. Panics on a malformed index, which is a build bug.
    fn parse(mut bytes: &'static [u8]) -> Dict {
        assert_eq!(take(&mut bytes, 8), b"HGJIEBA1", "jieba index: bad magic");
        let len = take_u32(&mut bytes);
        let max_chars = take_u32(&mut bytes);
        let total = take(&mut bytes, 8);
        let total =
            u64::from_le_bytes([total[0], total[1], total[2], total[3], total[4], total[5], total[6], total[7]]);
        let total = usize::try_from(total).expect("jieba index: total fits in usize");
        let tag_count = take_u32(&mut bytes);
        let tags = (0..tag_count)
            .map(|_| {
                let n = usize::from(take(&mut bytes, 1)[0]);
                std::str::from_utf8(take(&mut bytes, n)).expect("jieba index: tag is UTF-8")
            })
            .collect();
        let offsets = take(&mut bytes, 4 * (len + 1));
        let freqs = take(&mut bytes, 4 * len);
        let tag_ids = take(&mut bytes, len);
        assert_eq!(read_u32(offsets, len), bytes.len(), "jieba index: word bytes");
        Dict { offsets, freqs, tag_ids, tags, words: bytes, len, total, max_chars }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The bytes of the `i`th word in byte order.
    #[inline]
    fn word(&self, i: usize) -> &'static [u8] {
        &self.words[read_u32(self.offsets, i)..read_u32(self.offsets, i + 1)]
    }

    /// The `i`th entry in byte order.
    pub fn entry(&self, i: usize) -> Entry {
        let word = std::str::from_utf8(self.word(i)).expect("jieba index: words are UTF-8");
        Entry { word, freq: read_u32(self.freqs, i), tag: self.tags[usize::from(self.tag_ids[i])] }
    }

    /// Index of the first word `>= key` (by bytes) among words `lo..`.
    #[inline]
    fn lower_bound(&self, key: &str, lo: usize) -> usize {
        self.lower_bound_in(key, lo, self.len)
    }

    /// Index of the first word `>= key` (by bytes) among words `lo..hi`, or `hi`.
    #[inline]
    fn lower_bound_in(&self, key: &str, mut lo: usize, mut hi: usize) -> usize {
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.word(mid) < key.as_bytes() {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The index range of the words starting with `c`.
    fn starting_with(&self, c: char) -> (u32, u32) {
        let mut buf = [0; 4];
        let key = c.encode_utf8(&mut buf).as_bytes();
        let lo = self.lower_bound_in(c.encode_utf8(&mut [0; 4]), 0, self.len);
        let hi = lo + self.partition_in(lo, |w| w.starts_with(key));
        (lo as u32, hi as u32)
    }

    /// How many words from `lo` on satisfy `pred` (which holds for a prefix of them).
    fn partition_in(&self, lo: usize, pred: impl Fn(&[u8]) -> bool) -> usize {
        let (mut a, mut b) = (lo, self.len);
        while a < b {
            let mid = a + (b - a) / 2;
            if pred(self.word(mid)) {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        a - lo
    }

    /// [`Dict::words_in`], each search narrowed to the words starting with its first character
    /// (their range kept in `first` from one call to the next): the same words, with a third of
    /// the comparisons.
    pub fn words_in_with(&self, text: &str, first: &mut FirstChars) -> Vec<usize> {
        let mut found = Vec::new();
        for (start, c) in text.char_indices() {
            let (lo, hi) = *first.entry(c).or_insert_with(|| self.starting_with(c));
            let (lo, hi) = (lo as usize, hi as usize);
            if lo == hi {
                continue;
            }
            // Every word with a prefix starting with `c` lies in `lo..hi`.
            self.words_at(&text[start..], lo, hi, &mut found);
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Pushes to `found` the indexes of the words among `lo..hi` that are prefixes of `rest`
    /// (`lo..hi` must hold every word that is one).
    fn words_at(&self, rest: &str, mut lo: usize, hi: usize, found: &mut Vec<usize>) {
        // Words with the prefix `rest[..end]` are the run from `lo`; each longer prefix narrows it.
        for (n, (offset, c)) in rest.char_indices().enumerate() {
            if n == self.max_chars {
                break;
            }
            let prefix = &rest[..offset + c.len_utf8()];
            lo = self.lower_bound_in(prefix, lo, hi);
            if lo == hi {
                break;
            }
            let word = self.word(lo);
            if !word.starts_with(prefix.as_bytes()) {
                break;
            }
            if word.len() == prefix.len() {
                found.push(lo);
            }
        }
    }

    /// The index of `word`, if it is in the dictionary.
    pub fn find(&self, word: &str) -> Option<usize> {
        let i = self.lower_bound(word, 0);
        (i < self.len && self.word(i) == word.as_bytes()).then_some(i)
    }

    /// Indexes of the dictionary words that occur in `text` as substrings (on char boundaries),
    /// sorted and without duplicates.
    pub fn words_in(&self, text: &str) -> Vec<usize> {
        let mut found = Vec::new();
        for (start, _) in text.char_indices() {
            self.words_at(&text[start..], 0, self.len, &mut found);
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}
