//! Inputs that broke an invariant of a fuzz target in `fuzz/` (scripts/fuzz.sh), minimized, one
//! test each, named after its target. The time-budget cases came from large hand-made inputs run
//! through the targets (libFuzzer keeps its inputs short); their tests compare timings of two
//! inputs of the same size rather than trust a fixed duration.
//!
//! Ignored tests are known failures whose fix belongs in code being rewritten (src/source/html.rs,
//! src/scan/locate.rs).

use std::time::{Duration, Instant};

use hegui::normalize::{self, Options};
use hegui::scan::{Scanner, ScannerOptions};
use hegui::source::extract::Extracted;
use hegui::source::html;
use hegui::source::markdown::{self, MarkdownOptions};

/// `normalize`: a character folding to several characters ending in a Han character (㍻ → 平成)
/// followed by that character again. `normalize` collapsed the repeat (平成), `normalize_with`
/// did not (平成成), so a term and its own spelling in a text normalized differently and the
/// re-check of a hit's source span dropped the hit.
#[test]
fn normalize_with_collapses_after_a_multi_char_fold() {
    let src = "\u{337b}成";
    let n = normalize::normalize(src);
    assert_eq!(n.text, "平成");
    assert_eq!(normalize::normalize_with(src, &Options::FULL), n.text);
}

/// `normalize`: a character folding to several characters of the same total length (Ǳ → dz,
/// ℡ → tel, Ⅲ → iii) was mapped byte for byte, as if copied, so part of its fold mapped into
/// the middle of the source character.
#[test]
fn equal_length_multi_char_fold_maps_to_the_whole_character() {
    for src in ["\u{1f1}", "\u{2121}", "\u{2162}"] {
        let n = normalize::normalize(src);
        assert!(n.text.chars().count() > 1, "{src} folds to {}", n.text);
        for i in 0..n.text.len() {
            assert_eq!(n.map.map_range(i..i + 1), 0..src.len(), "{src} → {}: byte {i}", n.text);
        }
    }
}

/// The byte range of `text`'s character at `at` mapped back to `src`.
fn source_of(e: &Extracted, src: &str, at: usize) -> String {
    let c = e.text[at..].chars().next().expect("a character");
    src[e.map.map_range(at..at + c.len_utf8())].to_owned()
}

/// `extract_html`: an entity decoding to several characters as long as itself (`&acE;` is ∾ and
/// U+0333, five bytes) was mapped byte for byte as if copied: ∾ pointed at `&ac`, U+0333 at `E;`.
/// Fixed: `Pending::flush` pushes verbatim pieces as copies and replacements of several
/// characters are atomic (`OffsetMap::push_atomic`).
#[test]
fn html_entity_of_several_characters_maps_to_the_whole_entity() {
    for src in ["&acE;", "<p>最佳&acE;</p>", "<img alt=\"&acE;\">"] {
        let e = html::extract(src);
        let at = e.text.find('\u{223e}').expect("decoded");
        assert_eq!(source_of(&e, src, at), "&acE;", "{src}");
        assert_eq!(source_of(&e, src, at + 3), "&acE;", "{src}");
    }
}

/// `extract_markdown` (same cause as the HTML case, through the same text builder): `&acE;` in
/// Markdown text.
#[test]
fn markdown_entity_of_several_characters_maps_to_the_whole_entity() {
    let src = "最佳&acE;\n";
    let e = markdown::extract(src, &MarkdownOptions::default());
    let at = e.text.find('\u{223e}').expect("decoded");
    assert_eq!(source_of(&e, src, at), "&acE;");
    assert_eq!(source_of(&e, src, at + 3), "&acE;");
}

/// The shortest of three timings of `f`.
fn fastest(f: impl Fn()) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// `extract_html` time budget (a 64 KB input over a second): tag starts that never close
/// (`<b <b <b …`) make the tokenizer look for the end of each tag through the rest of the text,
/// quadratic time (64 KB: 1.3 s in a release build, 13 s in a debug one; fixed by the dead-end
/// bitset in src/source/html.rs). Compared with the same
/// number of closed tags, so the test does not depend on the machine's speed.
#[test]
fn html_unclosed_tags_take_linear_time() {
    let unclosed = "<b ".repeat(10_000);
    let closed = "<b>".repeat(10_000);
    let slow = fastest(|| drop(html::extract(&unclosed)));
    let fast = fastest(|| drop(html::extract(&closed)));
    assert!(slow < fast * 10 + Duration::from_millis(100), "unclosed tags {slow:?}, closed ones {fast:?}");
}

/// `scan` time budget: one long line with many findings (a one-line export) costs a walk over
/// the line up to each finding for its column and context, quadratic time (64 KB of phone
/// numbers on one line: 0.17 s in a release build, 3.2 s in a debug one, against 0.01 s and
/// 0.1 s with line breaks; fixed by the character-count marks in src/scan/locate.rs). Compared
/// with the same text broken into lines.
#[test]
fn findings_on_one_long_line_take_linear_time() {
    let scanner = Scanner::new(Default::default(), &ScannerOptions::default()).expect("bundled packs");
    let one_line = "13800138000 ".repeat(5_000);
    let lines = "13800138000\n".repeat(5_000);
    assert_eq!(scanner.scan_text("a.txt", &one_line).findings.len(), 5_000);
    let slow = fastest(|| drop(scanner.scan_text("a.txt", &one_line)));
    let fast = fastest(|| drop(scanner.scan_text("a.txt", &lines)));
    assert!(slow < fast * 5 + Duration::from_millis(100), "one line {slow:?}, lines {fast:?}");
}
