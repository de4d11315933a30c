//! The rewrite-tolerant symbol stream (DUP002): words replaced by their synonym class, other Han
//! characters by their toneless pinyin syllable.
//!
//! 洗稿 swaps words for synonyms (运营 → 营业, 立刻 → 马上) and characters for homophones
//! (公众号 → 公仲号), which destroys exact character k-grams. Over this stream both sides of such a
//! swap are the same symbol, so winnowed k-grams of symbols survive the rewrite while keeping the
//! source range of every symbol.
//!
//! Words are found by leftmost-longest matching of the synonym vocabulary over the normalized
//! character stream, not by jieba: a rewritten sentence is often segmented differently from its
//! original (the swap changes the neighbouring words), while a dictionary match of the swapped word
//! itself is the same on both sides. The table is `wordlists/dedup/synonyms.txt`, embedded at build
//! time.

use std::ops::Range;
use std::sync::OnceLock;

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use pinyin::ToPinyin;

use super::fingerprint::{FNV_OFFSET, Fingerprint, fnv, mix, select};
use crate::normalize::normalize;

/// The bundled synonym table (one class per line, words separated by spaces, `#` comments).
pub const SYNONYMS: &str = include_str!("../../wordlists/dedup/synonyms.txt");

/// Symbols per k-gram of the class stream.
pub const K: usize = 5;

/// k-grams per winnowing window of the class stream.
pub const W: usize = 9;

/// A parsed synonym table: words (as syllable strings, see [`key_char`]) and their classes.
struct Table {
    /// Leftmost-longest matcher over all words' syllable strings; the value is the class number.
    matcher: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    /// Symbol of each class (hash of its first word).
    class_symbol: Vec<u64>,
    /// Hash of the table's content, stored in index files.
    version: u64,
}

/// Normalized letters, digits and Han characters of a word, as the character stream sees them;
/// `None` when normalization changes its length (a repeated character such as 太太 collapses, so
/// the word could never be matched as written).
fn normalized_word(w: &str) -> Option<String> {
    let n: String = normalize(w).text.chars().filter(|c| c.is_alphanumeric()).collect();
    (!n.is_empty() && n.chars().count() == w.chars().count()).then_some(n)
}

/// Pinyin syllables seen so far, each with a private-use character standing for it (the shared
/// numbering behind a per-thread cache, so parallel indexing does not contend for the lock).
fn syllable_char(syllable: &'static str) -> char {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static CACHE: RefCell<HashMap<&'static str, char>> = RefCell::new(HashMap::new());
    }
    CACHE.with(|cache| {
        if let Some(&c) = cache.borrow().get(syllable) {
            return c;
        }
        let c = shared_syllable_char(syllable);
        cache.borrow_mut().insert(syllable, c);
        c
    })
}

/// [`syllable_char`]'s numbering, shared by all threads.
fn shared_syllable_char(syllable: &'static str) -> char {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static IDS: OnceLock<Mutex<HashMap<&'static str, char>>> = OnceLock::new();
    let ids = IDS.get_or_init(|| Mutex::new(HashMap::new()));
    let mut ids = match ids.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    let n = ids.len() as u32;
    *ids.entry(syllable).or_insert_with(|| char::from_u32(0xF_0000 + n).unwrap_or('\u{FFFD}'))
}

/// The character a normalized character is matched as: its pinyin syllable with tone (so
/// homophones match the same synonym word: 公仲 is found as 公众, while 简易 and 建议 stay apart),
/// or itself.
fn key_char(c: char) -> char {
    match c.to_pinyin() {
        Some(p) => syllable_char(p.with_tone_num_end()),
        None => c,
    }
}

/// A symbol's value: a tag byte and text, hashed.
fn symbol(tag: u8, text: &str) -> u64 {
    fnv(std::iter::once(tag).chain(text.bytes()), FNV_OFFSET)
}

/// Parses a synonym table: one class per line, words separated by whitespace, `#` starts a
/// comment line. Words are keyed by pinyin: a word sounding like a word of an earlier class stays
/// in that class.
fn parse(text: &str) -> Table {
    let mut words: Vec<(String, u32)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut class_symbol = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.split_whitespace().nth(1).is_none() {
            continue;
        }
        let group: Vec<String> = line
            .split_whitespace()
            .filter_map(normalized_word)
            .map(|w| w.chars().map(key_char).collect::<String>())
            .filter(|k| seen.insert(k.clone()))
            .collect();
        // Words whose pinyin another class already has stay in that class (homophones cannot be
        // told apart here); the rest form this class.
        if group.is_empty() {
            continue;
        }
        let Ok(class) = u32::try_from(class_symbol.len()) else { break };
        class_symbol.push(symbol(b'c', line.split_whitespace().next().unwrap_or_default()));
        words.extend(group.into_iter().map(|w| (w, class)));
    }
    let matcher = CharwiseDoubleArrayAhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build_with_values(words.iter().map(|(w, c)| (w.as_str(), *c)))
        .ok();
    Table { matcher, class_symbol, version: mix(fnv(text.bytes(), FNV_OFFSET)) }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| parse(SYNONYMS))
}

/// Identifies the synonym table and symbol rules; an index built with another one must be rebuilt.
pub fn version() -> u64 {
    mix(table().version ^ 0x0000_0000_0000_0002)
}

/// Synonym classes in the bundled table.
pub fn class_count() -> usize {
    table().class_symbol.len()
}

/// One symbol of the class stream: its value and the characters (indices into the character
/// stream) it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// The symbol's value (class, pinyin syllable or character, hashed).
    pub value: u64,
    /// Indices of the characters in the normalized character stream.
    pub chars: Range<u32>,
}

/// A character index as `u32` (streams longer than that are cut by the caller's limits).
fn idx(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The symbol stream of a normalized character stream (from [`super::fingerprint::stream`]): a
/// synonym-table word (or a homophone of one) becomes its class symbol, another Han character its
/// toneless pinyin, any other character itself; each symbol with the source range of the
/// characters it stands for.
pub fn symbols(stream: &[(char, Range<usize>)]) -> Vec<(Symbol, Range<usize>)> {
    let t = table();
    let keys: String = stream.iter().map(|(c, _)| key_char(*c)).collect();
    // Byte offset in `keys` → character index in `stream`.
    let mut char_at = vec![0usize; keys.len() + 1];
    for (n, (i, c)) in keys.char_indices().enumerate() {
        char_at[i..i + c.len_utf8()].fill(n);
    }
    char_at[keys.len()] = stream.len();
    let mut out = Vec::with_capacity(stream.len());
    let mut next = 0;
    let push_chars = |out: &mut Vec<(Symbol, Range<usize>)>, upto: usize, from: usize| {
        for (n, (c, r)) in stream.iter().enumerate().take(upto).skip(from) {
            let mut buf = [0u8; 4];
            let value = match c.to_pinyin() {
                Some(p) => symbol(b'p', p.plain()),
                None => symbol(b'x', c.encode_utf8(&mut buf)),
            };
            out.push((Symbol { value, chars: idx(n)..idx(n + 1) }, r.clone()));
        }
    };
    if let Some(m) = &t.matcher {
        for hit in m.leftmost_find_iter(&keys) {
            let (from, to) = (char_at[hit.start()], char_at[hit.end()]);
            push_chars(&mut out, from, next);
            let (Some(first), Some(last)) = (stream.get(from), stream.get(to.saturating_sub(1))) else { continue };
            let value = t.class_symbol.get(hit.value() as usize).copied().unwrap_or_default();
            out.push((Symbol { value, chars: idx(from)..idx(to) }, first.1.start..last.1.end.max(first.1.start)));
            next = to;
        }
    }
    push_chars(&mut out, stream.len(), next);
    out
}

/// The stable hash of a k-gram of symbols.
fn kgram_hash(syms: &[(Symbol, Range<usize>)]) -> u64 {
    let mut h = FNV_OFFSET ^ 0x5eed;
    for (s, _) in syms {
        h = fnv(s.value.to_le_bytes(), h);
    }
    mix(h)
}

/// Every k-gram hash of the symbol stream ([`K`]), in order.
pub fn kgram_hashes(symbols: &[(Symbol, Range<usize>)]) -> Vec<u64> {
    symbols.windows(K).map(kgram_hash).collect()
}

/// Winnowed fingerprints of the symbol stream ([`K`], [`W`]); positions are symbol indices.
pub fn fingerprints(symbols: &[(Symbol, Range<usize>)]) -> Vec<Fingerprint> {
    if symbols.len() < K {
        return Vec::new();
    }
    let hashes: Vec<u64> = symbols.windows(K).map(kgram_hash).collect();
    select(&hashes, symbols, K, W)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedup::fingerprint::stream;

    fn syms(s: &str) -> Vec<u64> {
        symbols(&stream(s)).into_iter().map(|(s, _)| s.value).collect()
    }

    #[test]
    fn bundled_table_is_large_and_consistent() {
        assert!(class_count() >= 300, "{} classes", class_count());
        let (mut lines, mut whole) = (0, 0);
        for line in SYNONYMS.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            let words: Vec<&str> = line.split_whitespace().collect();
            assert!(words.len() >= 2, "one-word class: {line}");
            // Words that normalization shortens (太太 → 太) are left out of matching.
            let kept: Vec<&str> = words.iter().copied().filter(|w| normalized_word(w).is_some()).collect();
            let classes: std::collections::HashSet<Vec<u64>> = kept.iter().map(|w| syms(w)).collect();
            assert!(classes.iter().all(|c| c.len() == 1), "each word is one symbol: {line}");
            // A word sounding like a word of an earlier class belongs to that class (first wins).
            lines += 1;
            whole += usize::from(classes.len() == 1);
        }
        assert!(whole * 100 >= lines * 97, "{whole} of {lines} lines are one class");
    }

    #[test]
    fn synonyms_and_homophones_give_the_same_symbols() {
        assert_eq!(syms("我马上开始运营"), syms("我立刻开始营业"));
        assert_eq!(syms("公众号"), syms("公仲號"), "homophone and 繁體");
        assert_eq!(syms("群众"), syms("公仲"), "a homophone of a synonym is that synonym");
        assert_eq!(syms("他很高兴"), syms("他挺开心"));
        assert_ne!(syms("我马上开始运营"), syms("我马上结束运营"));
    }

    #[test]
    fn symbols_keep_source_ranges() {
        let src = "他 立刻 去了，公眾號";
        let s = symbols(&stream(src));
        let pieces: Vec<&str> = s.iter().map(|(_, r)| &src[r.clone()]).collect();
        assert_eq!(pieces, ["他", "立刻", "去", "了", "公眾", "號"]);
    }

    #[test]
    fn parse_ignores_comments_singletons_and_repeats() {
        let t = parse("# c\n甲 乙\n丙\n乙 丁 戊\n");
        assert_eq!(t.class_symbol.len(), 2);
        assert_ne!(t.version, parse("甲 乙\n").version);
    }

    #[test]
    fn rewritten_text_shares_fingerprints() {
        let a = "从零开始做公众号，我的运营经验非常简单：坚持每天更新，认真回复读者留言，然后慢慢积累口碑。";
        let b = "自零着手做公仲号，我的营业心得十分简单：坚持每天更新，认真回复读者留言，之后慢慢积累口碑。";
        let fa = fingerprints(&symbols(&stream(a)));
        let fb = fingerprints(&symbols(&stream(b)));
        let shared = fa.iter().filter(|f| fb.iter().any(|g| g.hash == f.hash)).count();
        assert!(shared * 10 >= fa.len() * 8, "{shared} of {}", fa.len());
    }
}
