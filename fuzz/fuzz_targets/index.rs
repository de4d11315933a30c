//! The corpus index file (`Index::load`): raw bytes, and well-formed headers (right length and
//! checksum) around fuzzed bodies, so the body decoder and the fingerprint decoder are reached.
//! An index that loads answers queries with ranges inside the draft, and saves and loads back
//! to the same documents. A third mode builds an index from fuzzed texts and round-trips it.
//!
//! The first byte picks the mode: 0 raw file, 1 header + body, 2 documents separated by NUL.
#![no_main]

use hegui::dedup::{Index, IndexError, QueryOptions};
use hegui_fuzz::{temp_file, timed};
use libfuzzer_sys::fuzz_target;

/// A draft to query with: steps copied from fixtures/clean/recipe-osmanthus-cake.txt, which the
/// seed index (fuzz/seeds/index/) holds.
const DRAFT: &str = "今天分享桂花糕做法。1. 糯米粉、粘米粉和白砂糖放入大碗，分三次加入清水，边加边搅拌，直到面糊细腻没有颗粒。\
    2. 面糊过筛一遍，口感会更顺滑。3. 模具内壁刷一层薄薄的油，倒入面糊，轻震几下排出气泡。\
    4. 水开后上锅，中火蒸二十五分钟。用筷子插入中心，拔出来没有粘连就是熟了。";

fn header(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(24 + body.len());
    out.extend_from_slice(&hegui::dedup::index::MAGIC);
    out.extend_from_slice(&hegui::dedup::index::VERSION.to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(body).to_le_bytes());
    out.extend_from_slice(body);
    out
}

/// Exercises a loaded index and checks that it survives a save and a load.
fn exercise(index: &mut Index, draft: &str) {
    let stats = index.stats();
    let paths: Vec<String> = index.paths().map(str::to_owned).collect();
    assert_eq!(stats.documents, paths.len());
    let _ = index.bytes_per_document();
    let _ = index.default_max_doc_frequency();
    for rewrites in [false, true] {
        let opts = QueryOptions { min_chars: 13, rewrites, ..Default::default() };
        for m in index.query(draft, &opts) {
            assert!(paths.contains(&m.path), "match names unknown document {}", m.path);
            assert!((0.0..=1.0 + 1e-9).contains(&m.coverage), "coverage {}", m.coverage);
            for g in &m.groups {
                assert!(g.start <= g.end && g.end <= m.passages.len(), "group {g:?} of {} passages", m.passages.len());
            }
            for p in &m.passages {
                let r = &p.draft;
                assert!(r.start <= r.end && r.end <= draft.len(), "passage {r:?} in a {}-byte draft", draft.len());
                assert!(draft.is_char_boundary(r.start) && draft.is_char_boundary(r.end), "passage {r:?}");
            }
        }
    }
    let _ = index.pairs(&QueryOptions::default(), 0.0, &|_| {});
    let copy = temp_file("copy.hgc", b"");
    index.save(&copy).unwrap();
    let back = Index::load(&copy).unwrap_or_else(|e| panic!("a saved index does not load: {e}"));
    assert_eq!(back.paths().collect::<Vec<_>>(), paths, "paths changed over save and load");
    assert_eq!(back.stats(), stats, "stats changed over save and load");
    if let Some(first) = paths.first() {
        assert!(index.remove(first));
        assert_eq!(index.stats().documents, stats.documents - 1);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    match mode % 3 {
        0 | 1 => {
            let bytes = if mode % 3 == 0 { rest.to_vec() } else { header(rest) };
            let path = temp_file("index.hgc", &bytes);
            match timed("Index::load", bytes.len(), || Index::load(&path)) {
                Ok(mut index) => timed("exercise", bytes.len(), || exercise(&mut index, DRAFT)),
                Err(IndexError::NotFound { .. }) => panic!("the file was just written"),
                Err(_) => {}
            }
        }
        _ => {
            let mut index = Index::new();
            let texts: Vec<String> = rest.split(|&b| b == 0).map(|t| String::from_utf8_lossy(t).into_owned()).collect();
            timed("Index::add", rest.len(), || {
                for (i, t) in texts.iter().enumerate() {
                    let mut hash = [0u8; 32];
                    hash[..8].copy_from_slice(&(t.len() as u64).to_le_bytes());
                    hash[8] = i as u8;
                    index.add(&format!("doc{}.txt", i % 7), Some(t.lines().next().unwrap_or("")), hash, t, &|r| r);
                }
            });
            let draft = texts.first().map_or(DRAFT, String::as_str);
            timed("exercise", rest.len(), || exercise(&mut index, draft));
        }
    }
});
