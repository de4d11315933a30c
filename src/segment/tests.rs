use std::ops::Range;
use std::sync::LazyLock;

use super::*;

/// Terms of the kind rule packs add: some jieba knows (最, 第一, 口交, 黄片), some it does not.
fn rule_words() -> Vec<String> {
    ["最", "第一", "口交", "黄片", "最好用", "全网最低价", "no.1", "top", "假一赔十"].map(String::from).to_vec()
}

/// One segmenter for the tests that only read, so the dictionary loads once per test run.
static SEG: LazyLock<Segmenter> = LazyLock::new(|| Segmenter::new(rule_words()));

/// Byte range of the `nth` (0-based) occurrence of `term` in `text`.
fn find_nth(text: &str, term: &str, nth: usize) -> Range<usize> {
    let start = text.match_indices(term).nth(nth).unwrap_or_else(|| panic!("{term:?} #{nth} in {text:?}")).0;
    start..start + term.len()
}

/// Whether the first occurrence of `term` in `text` is token-aligned.
fn aligned(text: &str, term: &str) -> bool {
    SEG.is_token_aligned(text, find_nth(text, term, 0))
}

/// The tokens of `sentence` as strings.
fn words(sentence: &str) -> Vec<&str> {
    SEG.tokens(sentence).into_iter().map(|r| &sentence[r]).collect()
}

#[test]
fn zui_before_an_adjective_is_a_token() {
    assert_eq!(words("最漂亮的"), ["最", "漂亮", "的"]);
    assert!(aligned("最漂亮的", "最"));
    assert!(aligned("这款杯子是最漂亮的。", "最"));
    assert!(aligned("最 好用", "最"), "a space keeps 最 apart");
}

#[test]
fn zui_inside_a_word_is_not_aligned() {
    for text in ["最近天气", "最后一天", "最初", "最终", "我最近很忙", "最终结果"] {
        assert!(!aligned(text, "最"), "{text}: {:?}", words(text));
    }
    // Adding 最 to the dictionary did not break these words up.
    assert_eq!(words("最近天气"), ["最近", "天气"]);
    assert_eq!(words("最后一天"), ["最后", "一天"]);
}

#[test]
fn di_yi_as_a_ranking_claim() {
    assert!(aligned("销量第一", "第一"));
    assert!(aligned("本品销量第一，值得信赖", "第一"));
    assert!(aligned("第一品牌", "第一"));
    for text in ["第一章", "第一次", "请看第一章内容", "我第一次来"] {
        assert!(!aligned(text, "第一"), "{text}: {:?}", words(text));
    }
}

#[test]
fn kou_jiao_not_inside_lu_kou_jiao_tong() {
    assert_eq!(words("路口交通"), ["路口", "交通"]);
    assert!(!aligned("路口交通", "口交"));
    assert!(!aligned("前方路口交通管制", "口交"));
}

#[test]
fn two_character_terms_as_whole_words() {
    assert!(aligned("这是黄片", "黄片"));
    assert!(aligned("他口交了", "口交"));
    // Terms jieba did not know become tokens where their pieces were tokens anyway.
    assert!(aligned("本店商品全网最低价", "全网最低价"));
    assert!(aligned("最好用的杯子", "最好用"));
    // Without the term, the HMM pass glues its single-character pieces to the next word.
    let text = "正品保证假一赔十包邮";
    assert_eq!(words(text), ["正品", "保证", "假一赔十", "包邮"]);
    assert!(aligned(text, "假一赔十"));
    assert!(!Segmenter::default().is_token_aligned(text, find_nth(text, "假一赔十", 0)));
}

#[test]
fn hits_on_the_edges_of_the_text() {
    assert!(aligned("最漂亮", "最"));
    assert!(!aligned("最近", "最"));
    assert!(SEG.is_token_aligned("销量第一", 6..12));
    assert!(!SEG.is_token_aligned("这是第一章", 6..12));
    assert!(SEG.is_token_aligned("最", 0..3));
    let text = "销量第一";
    assert!(SEG.is_token_aligned(text, 0..text.len()), "the whole text is a run of whole words");
}

#[test]
fn mixed_latin_and_digits() {
    assert!(aligned("iphone第一", "第一"));
    assert!(aligned("2024年销量第一", "第一"));
    assert!(aligned("最漂亮abc123", "最"));
    assert!(aligned("no.1的品牌", "no.1"));
    assert!(aligned("选top品牌", "top"));
    assert!(!aligned("top1品牌", "top"), "{:?}", words("top1品牌"));
    assert!(!aligned("abc123", "abc"));
    // Added Latin words make jieba cut inside Latin runs (lap/top, s/top, top/1); the hit must not
    // split a run of letters or digits all the same.
    assert_eq!(words("laptop"), ["lap", "top"]);
    for text in ["laptop电脑", "stop", "topic", "top1品牌"] {
        assert!(!aligned(text, "top"), "{text}");
    }
    assert!(!aligned("no.12", "no.1"));
    assert!(aligned("销量no.1", "no.1"));
    assert!(!aligned("第一章3节", "第一"));
}

#[test]
fn hit_in_the_middle_of_a_long_document() {
    let filler = "今天我们去公园散步，天气很好，大家都很开心。".repeat(200);
    let text = format!("{filler}这款杯子是最漂亮的，我最近一直在用。{filler}");
    assert!(SEG.is_token_aligned(&text, find_nth(&text, "最", 0)));
    assert!(!SEG.is_token_aligned(&text, find_nth(&text, "最", 1)));

    // Normalized text has no punctuation between Han characters, so no sentence bounds: the window
    // alone bounds the segmented text.
    let filler = "今天我们去公园散步天气很好大家都很开心".repeat(200);
    let text = format!("{filler}这款杯子是最漂亮的我最近一直在用{filler}");
    let first = find_nth(&text, "最", 0);
    assert!(SEG.is_token_aligned(&text, first.clone()));
    assert!(!SEG.is_token_aligned(&text, find_nth(&text, "最", 1)));
    let sentence = sentence_around(&text, &first);
    assert!(sentence.start < first.start && first.end < sentence.end);
    assert_eq!(text[sentence.start..first.start].chars().count(), WINDOW_CHARS);
    assert_eq!(text[first.end..sentence.end].chars().count(), WINDOW_CHARS);
}

#[test]
fn sentence_is_found_inside_the_window() {
    let text = "我最近很忙。最漂亮的是她。";
    let second = find_nth(text, "最", 1);
    assert_eq!(&text[sentence_around(text, &second)], "最漂亮的是她。");
    assert_eq!(&text[sentence_around(text, &find_nth(text, "最", 0))], "我最近很忙。");
    assert!(SEG.is_token_aligned(text, second));
    assert!(!aligned(text, "最"));

    // A hit across a sentence bound is checked against both sentences together.
    let text = "今天很好。明天更好";
    assert_eq!(&text[sentence_around(text, &find_nth(text, "好。明", 0))], text);
    assert!(aligned(text, "好。"));
    assert!(!aligned(text, "好。明"));

    // Windows near the ends of the text are clamped to it.
    let text = "最漂亮";
    assert_eq!(sentence_around(text, &(0..3)), 0..text.len());
}

#[test]
fn invalid_hits_are_not_aligned_and_do_not_load() {
    let seg = Segmenter::new(rule_words());
    let text = "最漂亮的";
    assert!(!seg.is_token_aligned(text, 0..0));
    assert!(!seg.is_token_aligned(text, 3..3));
    assert!(!seg.is_token_aligned(text, 0..1), "not a char boundary");
    assert!(!seg.is_token_aligned(text, 1..3), "not a char boundary");
    assert!(!seg.is_token_aligned(text, 0..100), "out of range");
    #[allow(clippy::reversed_empty_ranges)]
    let reversed = 6..3;
    assert!(!seg.is_token_aligned(text, reversed));
    assert!(!seg.is_loaded());
    assert!(seg.tokens("").is_empty());
    assert!(!seg.is_loaded());
}

#[test]
fn tokens_cover_the_sentence_exactly() {
    for sentence in [
        "最漂亮的",
        "a  b\n\t最\r\n好",
        "😀最好，😀！",
        "iPhone 15 Pro 第一时间开售……",
        "e\u{301}最\u{200d}好",
        "   ",
        "。",
        "abc",
        "唯一的办法是",
    ] {
        let tokens = SEG.tokens(sentence);
        let mut at = 0;
        for t in &tokens {
            assert_eq!(t.start, at, "{sentence:?}: {tokens:?}");
            assert!(t.end > t.start && sentence.is_char_boundary(t.end), "{sentence:?}: {tokens:?}");
            at = t.end;
        }
        assert_eq!(at, sentence.len(), "{sentence:?}: {tokens:?}");
    }
}

#[test]
fn loading_is_lazy() {
    let seg = Segmenter::new(rule_words());
    assert!(!seg.is_loaded());
    assert_eq!(format!("{seg:?}"), "Segmenter { words: 9, loaded: false }");
    assert_eq!(seg.tokens("最漂亮").len(), 2);
    assert!(seg.is_loaded());

    let seg = Segmenter::default();
    std::thread::scope(|s| {
        s.spawn(|| seg.preload());
    });
    assert!(seg.is_loaded());
}

#[test]
fn added_words_keep_dictionary_frequencies() {
    // Duplicates and empty words are dropped.
    let seg = Segmenter::new(["最".into(), String::new(), "最".into()]);
    assert_eq!(seg.words, ["最"]);
    let plain = Segmenter::default();
    for text in ["最近天气", "最后一天", "路口交通", "第一章", "第一次", "销量第一"] {
        assert_eq!(seg.tokens(text), plain.tokens(text), "{text}");
    }
}

#[test]
fn shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Segmenter>();

    let seg = Segmenter::new(rule_words());
    let results: Vec<(bool, bool)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| (seg.is_token_aligned("销量第一", 6..12), seg.is_token_aligned("路口交通", 3..9))))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(results.iter().all(|&r| r == (true, false)), "{results:?}");
}

/// How jieba cuts phrases whose alignment matters to the advertising-law rules; a change here
/// (a new jieba-rs dictionary) changes which hits are whole words.
#[test]
fn known_cuts() {
    let cases: &[(&str, &[&str])] = &[
        ("最好", &["最好"]),
        ("最佳", &["最佳"]),
        ("最漂亮", &["最", "漂亮"]),
        ("最好用", &["最好用"]),
        ("第一品牌", &["第一", "品牌"]),
        ("销量第一", &["销量", "第一"]),
        ("第一时间", &["第一", "时间"]),
        ("第一名", &["第一名"]),
        ("名列第一", &["名列第一"]),
        ("唯一的办法是", &["唯一", "的", "办法", "是"]),
        ("路口交通", &["路口", "交通"]),
    ];
    for (text, expected) in cases {
        assert_eq!(words(text), *expected, "{text}");
    }
}

/// Prints load timings; run with
/// `cargo test --release --lib segment::tests::load_timings -- --ignored --nocapture`.
#[test]
#[ignore = "timings, not a check"]
#[allow(clippy::print_stderr)]
fn load_timings() {
    use std::time::Instant;

    let t = Instant::now();
    let seg = Segmenter::new(rule_words());
    eprintln!("Segmenter::new (9 words): {:?}", t.elapsed());
    let t = Instant::now();
    let _ = seg.tokens("最漂亮");
    eprintln!("first tokens() (Jieba::new + 9 words): {:?}", t.elapsed());
    let t = Instant::now();
    let _ = seg.tokens("最漂亮");
    eprintln!("second tokens(): {:?}", t.elapsed());

    let t = Instant::now();
    let mut jieba = Jieba::new();
    eprintln!("Jieba::new: {:?}", t.elapsed());
    let t = Instant::now();
    let _ = Jieba::empty();
    eprintln!("Jieba::empty: {:?}", t.elapsed());

    // Compact dictionaries: the entries of a jieba `dict.txt` (e.g. jieba-rs's own `src/data/dict.txt`
    // in the cargo registry, named by `JIEBA_DICT`) with at least a given frequency.
    if let Some(path) = std::env::var_os("JIEBA_DICT") {
        let full = std::fs::read_to_string(path).unwrap();
        for threshold in [1, 5, 10, 100, 1000] {
            let dict: String = full
                .lines()
                .filter(|l| l.split(' ').nth(1).and_then(|f| f.parse::<usize>().ok()).unwrap_or(0) >= threshold)
                .flat_map(|l| [l, "\n"])
                .collect();
            let t = Instant::now();
            let mut small = Jieba::empty();
            small.load_dict(&mut dict.as_bytes()).unwrap();
            eprintln!(
                "Jieba::empty + load_dict (freq >= {threshold}: {} entries, {} bytes): {:?}",
                dict.lines().count(),
                dict.len(),
                t.elapsed()
            );
        }
    }

    let added: Vec<String> = (0..2000).map(|i| format!("测{}试词", char::from_u32(0x4e00 + i).unwrap())).collect();
    let t = Instant::now();
    for word in &added {
        let freq = jieba.suggest_freq(word);
        jieba.add_word(word, Some(freq), None);
    }
    eprintln!("2000 × suggest_freq + add_word: {:?}", t.elapsed());
}
