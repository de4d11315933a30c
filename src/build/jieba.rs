//! Turns the vendored jieba dictionary (`wordlists/jieba/dict.utf8`) into a sorted binary index that
//! `src/segment/` embeds with `include_bytes!` and searches in place.
//!
//! Layout (integers little-endian; read by `segment::dict`, which must agree):
//!
//! | field        | size               |                                                   |
//! |--------------|--------------------|---------------------------------------------------|
//! | magic        | 8                  | `HGJIEBA1`                                        |
//! | `n`          | u32                | number of words                                   |
//! | `max_chars`  | u32                | length of the longest word, in chars              |
//! | `total`      | u64                | sum of all frequencies (jieba's `total`)          |
//! | `tags`       | u32 count, then per tag a u8 length and its bytes | distinct tags      |
//! | `offsets`    | (n + 1) × u32      | word `i` is `words[offsets[i]..offsets[i + 1]]`   |
//! | `freqs`      | n × u32            |                                                   |
//! | `tag_ids`    | n × u8             | index into `tags`                                 |
//! | `words`      | rest               | all words, sorted by bytes, concatenated          |

use std::fs;
use std::path::PathBuf;

/// Writes `$OUT_DIR/jieba_dict.bin`.
pub fn generate() {
    let src =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo")).join("wordlists/jieba/dict.utf8");
    println!("cargo:rerun-if-changed={}", src.display());
    let text = fs::read_to_string(&src).unwrap_or_else(|e| panic!("read {}: {e}", src.display()));

    let mut entries: Vec<(&str, u32, &str)> = Vec::new();
    for (no, line) in text.lines().enumerate() {
        let mut fields = line.split_ascii_whitespace();
        let Some(word) = fields.next() else { continue };
        // jieba-rs reads a missing frequency as 0 and a missing tag as "".
        let freq = fields
            .next()
            .map_or(0, |f| f.parse::<u32>().unwrap_or_else(|e| panic!("dict.utf8:{}: frequency {f:?}: {e}", no + 1)));
        let tag = fields.next().unwrap_or("");
        entries.push((word, freq, tag));
    }
    // jieba sums the frequencies of every line into `total`, duplicates included (a later duplicate
    // replaces the earlier one's record but not its share of the total); the vendored file has none,
    // and the index cannot represent them, so refuse them.
    let total: u64 = entries.iter().map(|e| u64::from(e.1)).sum();
    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    if let Some(w) = entries.windows(2).find(|w| w[0].0 == w[1].0) {
        panic!("dict.utf8: duplicate word {:?}", w[0].0);
    }

    let mut tags: Vec<&str> = entries.iter().map(|e| e.2).collect();
    tags.sort_unstable();
    tags.dedup();
    assert!(tags.len() <= 256, "dict.utf8: more than 256 distinct tags");
    let max_chars = entries.iter().map(|e| e.0.chars().count()).max().unwrap_or(0);

    let words_len: usize = entries.iter().map(|e| e.0.len()).sum();
    let mut out = Vec::with_capacity(64 + entries.len() * 9 + words_len);
    out.extend_from_slice(b"HGJIEBA1");
    out.extend_from_slice(&u32::try_from(entries.len()).expect("fits").to_le_bytes());
    out.extend_from_slice(&u32::try_from(max_chars).expect("fits").to_le_bytes());
    out.extend_from_slice(&total.to_le_bytes());
    out.extend_from_slice(&u32::try_from(tags.len()).expect("fits").to_le_bytes());
    for tag in &tags {
        out.push(u8::try_from(tag.len()).expect("short tag"));
        out.extend_from_slice(tag.as_bytes());
    }
    let mut offset = 0u32;
    out.extend_from_slice(&offset.to_le_bytes());
    for e in &entries {
        offset += u32::try_from(e.0.len()).expect("fits");
        out.extend_from_slice(&offset.to_le_bytes());
    }
    for e in &entries {
        out.extend_from_slice(&e.1.to_le_bytes());
    }
    for e in &entries {
        out.push(u8::try_from(tags.binary_search(&e.2).expect("listed")).expect("checked"));
    }
    for e in &entries {
        out.extend_from_slice(e.0.as_bytes());
    }

    let path = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("jieba_dict.bin");
    fs::write(path, out).expect("write generated file");
}
