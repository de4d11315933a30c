use std::ops::Range;
use std::sync::LazyLock;

use super::*;
use crate::segment::dict::DICT;

/// Terms of the kind rule packs add: some jieba knows (最, 第一, 口交, 黄片), some it does not.
fn rule_words() -> Vec<String> {
    ["最", "第一", "口交", "黄片", "最好用", "全网最低价", "no.1", "top", "假一赔十"].map(String::from).to_vec()
}

/// One segmenter for the tests that only read, so the added words' frequencies are computed once.
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

/// The full jieba the segmenter stands in for: the bundled dictionary with `words` added as the
/// segmenter adds them (in sorted order; a known word keeps its frequency, a new one gets
/// `suggest_freq`), and the frequencies given to the new words.
fn full_jieba(words: &[String]) -> (Jieba, Vec<(String, usize)>) {
    let mut jieba = Jieba::new();
    let mut added = Vec::new();
    for word in words {
        if !jieba.has_word(word) {
            let freq = jieba.suggest_freq(word);
            jieba.add_word(word, Some(freq), None);
            added.push((word.clone(), freq));
        }
    }
    (jieba, added)
}

/// jieba's `total` (only visible through `Debug`).
fn total_of(jieba: &Jieba) -> usize {
    let debug = format!("{jieba:?}");
    let total = debug.split("total_freq: ").nth(1).and_then(|t| t.split([' ', ',', '}']).next());
    total.and_then(|t| t.parse().ok()).unwrap_or_else(|| panic!("no total in {debug}"))
}

#[test]
fn index_matches_the_bundled_dictionary() {
    let full = Jieba::new();
    assert_eq!(DICT.total, total_of(&full));
    assert_eq!(DICT.len(), 349_045);
    assert!(DICT.max_chars >= 10);
    // The index is sorted and every word is one jieba knows.
    let mut previous = "";
    for i in (0..DICT.len()).step_by(97) {
        let entry = DICT.entry(i);
        assert!(previous < entry.word, "{previous:?} {entry:?}");
        assert!(full.has_word(entry.word), "{entry:?}");
        assert_eq!(DICT.find(entry.word), Some(i));
        previous = entry.word;
    }
    for word in ["最", "第一", "路口", "交通", "1号店"] {
        assert!(DICT.find(word).is_some(), "{word}");
    }
    for word in ["", "假一赔十", "全网最低价", "\u{f8ff}"] {
        assert!(DICT.find(word).is_none(), "{word}");
    }
    // Words found in a text are exactly the dictionary words among its substrings.
    let text = "路口交通a最近1号店";
    let found: Vec<&str> = DICT.words_in(text).into_iter().map(|i| DICT.entry(i).word).collect();
    let mut expected: Vec<&str> = Vec::new();
    let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    for (a, &i) in bounds.iter().enumerate() {
        for &j in &bounds[a + 1..] {
            if full.has_word(&text[i..j]) {
                expected.push(&text[i..j]);
            }
        }
    }
    expected.sort_unstable();
    expected.dedup();
    assert_eq!(found, expected);
    assert!(!DUMMY.chars().any(|c| c.is_alphanumeric() || "+#&._%-".contains(c)));
}

/// Sentences to compare segmentations on: the fixtures, the bundled rules' examples, the sentences
/// of these tests, and ~200 lines of the statute corpus if it is present.
#[allow(clippy::print_stdout)]
fn sentences() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<String> = Vec::new();
    let add_text = |text: &str, out: &mut Vec<String>| {
        for line in text.lines() {
            out.extend(line.split_sentence_bounds().map(str::trim).filter(|s| !s.is_empty()).map(String::from));
        }
    };

    fn files(dir: &std::path::Path, ext: &[&str], out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                files(&path, ext, out);
            } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| ext.contains(&e)) {
                out.push(path);
            }
        }
    }
    let mut fixtures = Vec::new();
    files(&root.join("fixtures"), &["txt", "md", "html"], &mut fixtures);
    fixtures.sort();
    for path in &fixtures {
        // GBK and UTF-16 fixtures are skipped: they are about decoding, and their text is elsewhere.
        if let Ok(text) = std::fs::read_to_string(path) {
            add_text(&text, &mut out);
        }
    }
    for rule in crate::detect::pack::load_builtin().unwrap() {
        for example in rule.examples.hit.iter().chain(&rule.examples.miss) {
            add_text(example, &mut out);
        }
    }
    for s in ["最漂亮的", "最近天气", "路口交通", "正品保证假一赔十包邮", "laptop电脑", "top1品牌", "选top品牌"]
    {
        out.push(s.into());
    }

    let statutes = root.join("../shared/corpus/statutes");
    let mut paths = Vec::new();
    files(&statutes, &["md"], &mut paths);
    if paths.is_empty() {
        println!("note: {} not found; statute sentences skipped", statutes.display());
    }
    paths.sort();
    let mut lines = 0;
    'files: for path in paths.iter().step_by((paths.len() / 40).max(1)) {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for line in text.lines().map(str::trim).filter(|l| l.chars().count() >= 8) {
            add_text(line, &mut out);
            // Also whole long lines (several sentences), as `tokens` may be given.
            out.push(line.into());
            lines += 1;
            if lines % 5 == 4 {
                continue 'files;
            }
            if lines >= 200 {
                break 'files;
            }
        }
    }
    out
}

/// The small per-sentence dictionaries cut every sentence exactly as the full dictionary does, with
/// the same added words given the same frequencies.
#[test]
#[allow(clippy::print_stdout)]
fn small_dictionaries_cut_like_the_full_one() {
    let sentences = sentences();
    assert!(sentences.len() >= 200, "{}", sentences.len());
    let mut all_terms: Vec<String> = rule_words();
    for rule in crate::detect::pack::load_builtin().unwrap() {
        all_terms.extend(rule.terms.iter().chain(&rule.except).cloned());
    }
    for words in [Vec::new(), rule_words(), all_terms] {
        let seg = Segmenter::new(words);
        let (full, added) = full_jieba(&seg.words);
        assert_eq!(seg.added().words, added);
        assert_eq!(seg.added().total, total_of(&full));
        let mut differ = Vec::new();
        for sentence in &sentences {
            let expected: Vec<Range<usize>> =
                full.cut(sentence, true).iter().map(|t| t.byte_start..t.byte_end).collect();
            if seg.tokens(sentence) != expected {
                differ.push(sentence);
            }
        }
        assert!(
            differ.is_empty(),
            "{} words added: {} of {} sentences differ: {differ:?}",
            seg.words.len(),
            differ.len(),
            sentences.len()
        );
        println!("{} words added ({} new): {} sentences cut alike", seg.words.len(), added.len(), sentences.len());
    }
}

/// Added words that contain earlier new words, and non-Han words, get the full-dictionary
/// frequencies too.
#[test]
fn added_words_build_on_each_other() {
    let words: Vec<String> = [
        "假一赔十",
        "假一赔十包邮",
        "包邮到家",
        "最低价",
        "全网最低价",
        "全网最低价包邮",
        "™®",
        "no.1",
        "a\u{f8ff}b",
        "\u{f8ff}",
    ]
    .map(String::from)
    .to_vec();
    let seg = Segmenter::new(words.clone());
    let (full, added) = full_jieba(&seg.words);
    assert_eq!(seg.added().words, added);
    assert_eq!(seg.added().total, total_of(&full));
    for sentence in ["正品保证假一赔十包邮到家", "全网最低价包邮no.1™®", "a\u{f8ff}b全网最低价\u{f8ff}"]
    {
        let expected: Vec<Range<usize>> = full.cut(sentence, true).iter().map(|t| t.byte_start..t.byte_end).collect();
        assert_eq!(seg.tokens(sentence), expected, "{sentence}");
    }
}

/// The whole-dictionary path (used after many calls) cuts exactly as the per-sentence path.
#[test]
fn whole_dictionary_path_matches_per_sentence_path() {
    let words = rule_words();
    let mini = Segmenter::with_full_after(words.clone(), usize::MAX);
    let full = Segmenter::with_full_after(words, 0);
    let mut differ = Vec::new();
    for s in sentences() {
        if mini.tokens(&s) != full.tokens(&s) {
            differ.push(s);
        }
    }
    assert!(matches!(full.full.get(), Some(Some(_))) && mini.full.get().is_none());
    assert!(differ.is_empty(), "{} sentences cut differently: {:?}", differ.len(), &differ[..differ.len().min(5)]);
    // The per-sentence calls were served by one dictionary grown sentence by sentence.
    let grown = mini.grown[0].lock().expect("not poisoned");
    let grown = grown.as_ref().expect("grown");
    assert!(grown.has_word.iter().filter(|&&h| h).count() > 100);
    assert!(grown.has_word.iter().filter(|&&h| h).count() < DICT.len() / 10, "only the sentences' words");
    assert!(mini.grown[1].lock().expect("not poisoned").is_none(), "one thread: one slot");
}

/// A grown dictionary cuts each sentence as a dictionary of just its words does, whatever the
/// sentences before it added (here: every sentence twice, in both orders), and a call that finds
/// every grown dictionary in use builds one for its sentence, with the same result.
#[test]
fn grown_dictionary_cuts_as_the_per_sentence_one_in_any_order() {
    let words = rule_words();
    let all = sentences();
    let grown = Segmenter::with_full_after(words.clone(), usize::MAX);
    let busy = Segmenter::with_full_after(words, usize::MAX);
    let held: Vec<_> = busy.grown.iter().map(|g| g.lock().expect("not poisoned")).collect();
    let mut differ = Vec::new();
    for s in all.iter().chain(all.iter().rev()) {
        if grown.tokens(s) != busy.tokens(s) {
            differ.push(s.clone());
        }
    }
    assert!(held.iter().all(|g| g.is_none()), "the busy segmenter never grew one");
    drop(held);
    assert_eq!(busy.per_sentence_calls(), 2 * all.len());
    assert!(differ.is_empty(), "{} sentences cut differently: {:?}", differ.len(), &differ[..differ.len().min(5)]);
}

/// The dictionary words found with first-character ranges are those of the plain search.
#[test]
fn words_in_with_first_character_ranges_finds_the_words_of_words_in() {
    let mut first = super::dict::FirstChars::default();
    let mut texts = sentences();
    texts.extend(["", "a", "ab中华人民共和国万岁", "\u{f8ff}\u{ffff}中", "最最最好", "𠀀中文"].map(String::from));
    for t in texts.iter().chain(texts.iter()) {
        assert_eq!(DICT.words_in_with(t, &mut first), DICT.words_in(t), "{t}");
    }
    assert!(!DICT.words_in("中华人民共和国").is_empty());
}

/// Announced calls switch to the whole dictionary only when they would reach its threshold.
#[test]
fn expected_calls_past_the_threshold_switch_to_the_whole_dictionary_at_once() {
    let seg = Segmenter::with_full_after(Vec::new(), 10);
    seg.expect_calls(10);
    seg.tokens("最好的选择");
    assert!(seg.full.get().is_none(), "10 calls stay within the threshold");
    seg.expect_calls(10);
    seg.tokens("最好的选择");
    assert!(matches!(seg.full.get(), Some(Some(_))), "the 2nd to 11th calls pass it");
    let never = Segmenter::with_full_after(Vec::new(), usize::MAX);
    never.expect_calls(usize::MAX);
    never.tokens("最好的选择");
    assert!(never.full.get().is_none());
}

/// While one thread builds the whole dictionary, other threads' calls do not wait for it: they
/// are served per sentence, with the same result.
#[test]
fn calls_while_another_thread_builds_the_whole_dictionary_do_not_wait() {
    let seg = Segmenter::with_full_after(rule_words(), 0);
    let mini = Segmenter::with_full_after(rule_words(), usize::MAX);
    // As if another thread had started building it.
    seg.building.store(true, std::sync::atomic::Ordering::SeqCst);
    for s in sentences().iter().take(50) {
        assert_eq!(seg.tokens(s), mini.tokens(s), "{s}");
    }
    assert!(seg.full.get().is_none(), "this thread did not build it");
    // Once it is there, it is used.
    seg.building.store(false, std::sync::atomic::Ordering::SeqCst);
    seg.tokens("最好的选择");
    assert!(matches!(seg.full.get(), Some(Some(_))));
}

#[test]
fn one_grown_jieba_suggests_what_one_jieba_per_word_does() {
    // Every term of the bundled packs (more than the token rules add), plus words built on each
    // other and on dictionary words.
    let mut words: Vec<String> = crate::detect::pack::load_builtin()
        .expect("bundled packs")
        .into_iter()
        .flat_map(|r| r.terms.into_iter().chain(r.variants))
        .chain(["假一赔十", "假一赔十包邮", "全网最低价", "全网最低价假一赔十"].map(String::from))
        .filter(|w| !w.is_empty() && w != DUMMY)
        .collect();
    words.sort_unstable();
    words.dedup();
    // As `Segmenter::added` computed them before: a jieba of its own for each word.
    let mut expected = Vec::new();
    let mut total = DICT.total;
    for word in &words {
        if DICT.find(word).is_none() {
            let freq = jieba_for(word, &expected, total).suggest_freq(word);
            expected.push((word.clone(), freq));
            total += freq;
        }
    }
    assert!(expected.len() > 100, "{} new words", expected.len());
    let got = suggested(&words);
    assert_eq!(got.words, expected);
    assert_eq!(got.total, total);
}
