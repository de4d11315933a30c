//! Locating findings in the original file: line, character column, byte range and the context
//! line, from a range of the extracted text.

use std::cell::Cell;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use crate::detect::Rule;
use crate::model::{Context, Finding, Position};
use crate::source::SourceDoc;

/// Bytes between character-count marks: a column is counted from the nearest mark, so finding
/// positions cost at most this many bytes each, however long the line.
const MARK_STRIDE: usize = 256;

/// Columns at most this many bytes into their line are counted from the line start directly.
const DIRECT: usize = 4096;

/// Line starts of a text, and character counts at regular marks in its long lines, for turning
/// byte offsets into line and character column in time independent of the line's length. The
/// marks are counted only when a position in a long line is asked for (most texts never need
/// them), and only in lines longer than [`DIRECT`] bytes.
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// `(byte, characters from its line's start to it)` at the start of each line longer than
    /// [`DIRECT`] bytes and at char boundaries about every [`MARK_STRIDE`] bytes in it, in byte
    /// order: counted on first need.
    marks: OnceLock<Vec<(usize, usize)>>,
    /// The line last looked up: findings come mostly in text order, many on one line, so the
    /// next lookup is tried there before a binary search.
    last: AtomicUsize,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text` (character counts come on first need).
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Self { text, starts, marks: OnceLock::new(), last: AtomicUsize::new(0) }
    }

    /// The number of line feeds in the text (its lines less one).
    pub fn line_feeds(&self) -> usize {
        self.starts.len() - 1
    }

    /// [`LineIndex::new`] with the line starts already found: `starts` must be what `new` finds
    /// (0, then one past each line feed of `text`).
    pub fn with_starts(text: &'a str, starts: Vec<usize>) -> Self {
        debug_assert!(
            starts.first() == Some(&0)
                && starts.len() == memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1
                && starts[1..].iter().all(|&s| text.as_bytes()[s - 1] == b'\n')
        );
        Self { text, starts, marks: OnceLock::new(), last: AtomicUsize::new(0) }
    }

    /// The character-count marks of the long lines, counted in one pass over them on first use.
    fn marks(&self) -> &[(usize, usize)] {
        self.marks.get_or_init(|| {
            let (text, starts) = (self.text, &self.starts);
            let bytes = text.as_bytes();
            let mut at = Vec::new();
            for (line, &start) in starts.iter().enumerate() {
                let end = starts.get(line + 1).map_or(bytes.len(), |&e| e);
                if end - start <= DIRECT {
                    continue;
                }
                let (mut from, mut chars) = (start, 0);
                at.push((start, 0));
                while from < end {
                    let next = crate::normalize::ceil_char_boundary(text, (from + MARK_STRIDE).min(end));
                    chars += count_chars(&bytes[from..next]);
                    at.push((next, chars));
                    from = next;
                }
            }
            at
        })
    }

    /// 0-based line containing byte `off`.
    fn line_of(&self, off: usize) -> usize {
        let last = self.last.load(Ordering::Relaxed);
        let within = |line: usize| {
            self.starts.get(line).is_some_and(|&s| s <= off) && self.starts.get(line + 1).is_none_or(|&e| off < e)
        };
        if within(last) {
            return last;
        }
        let line = self.starts.partition_point(|&s| s <= off).saturating_sub(1);
        self.last.store(line, Ordering::Relaxed);
        line
    }

    /// 1-based line and character column of byte `off`.
    pub fn position(&self, off: usize) -> Position {
        let line = self.line_of(off);
        let start = self.starts[line];
        // Short distances are counted directly; long lines go through their marks (the line's
        // start is one, so the nearest mark at or before `off` lies in its line).
        let column = if off - start <= DIRECT {
            count_chars(&self.text.as_bytes()[start..off])
        } else {
            let marks = self.marks();
            let i = marks.partition_point(|&(b, _)| b <= off).saturating_sub(1);
            let (b, c) = marks[i];
            c + count_chars(&self.text.as_bytes()[b..off])
        } + 1;
        Position { line: line + 1, column }
    }

    /// The positions of the start and end of byte range `r` (as [`Self::position`] of each):
    /// an end on the start's line is counted on from the start.
    pub fn span(&self, r: &Range<usize>) -> (Position, Position) {
        let start = self.position(r.start);
        // `start.line` (1-based) is the index of the next line's start.
        let next_line = self.starts.get(start.line).copied().unwrap_or(usize::MAX);
        if r.start <= r.end && r.end < next_line {
            let column = start.column + count_chars(&self.text.as_bytes()[r.start..r.end]);
            return (start, Position { line: start.line, column });
        }
        (start, self.position(r.end))
    }

    /// The text of the line containing `off`, without its line ending.
    pub fn line_text(&self, off: usize) -> (usize, &'a str) {
        let line = self.line_of(off);
        let start = self.starts[line];
        let end = self.starts.get(line + 1).map_or(self.text.len(), |&e| e - 1);
        let s = &self.text[start..end];
        (start, s.strip_suffix('\r').unwrap_or(s))
    }
}

/// Characters in UTF-8 `bytes` (bytes that do not continue a character).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Characters of context kept on each side of a match in long lines.
const CONTEXT_CHARS: usize = 40;

/// Characters of a match shown in the context; longer matches are cut with `…`.
const MATCH_CHARS: usize = 40;

pub(crate) fn context(index: &LineIndex<'_>, range: &std::ops::Range<usize>) -> Context {
    let (line_start, line) = index.line_text(range.start);
    // A match may start on the line's own ending (`\r` or `\n`: a pattern's `\s`), which the
    // line text leaves out.
    let rel = (range.start - line_start).min(line.len());
    let rel_end = (range.end - line_start).min(line.len());
    // At most CONTEXT_CHARS characters before the match, walked back from it: bounded work
    // however long the line.
    let head = &line[..rel];
    let from = head.char_indices().rev().take(CONTEXT_CHARS).last().map_or(rel, |(i, _)| i);
    let after = &line[rel_end..];
    // Room for the usual case: both sides, the match and the two marks.
    let mut text =
        String::with_capacity((rel_end - from).min(CONTEXT_CHARS * 4 + MATCH_CHARS * 4) + CONTEXT_CHARS * 3 + 6);
    if from > 0 {
        text.push('…');
    }
    text.push_str(&head[from..]);
    let start_char = text.chars().count();
    let shown = &line[rel..rel_end];
    let matched_chars =
        shown.char_indices().nth(MATCH_CHARS).map_or_else(|| shown.chars().count(), |_| MATCH_CHARS + 1);
    if matched_chars > MATCH_CHARS {
        // A long match (a copied passage) is shown by its start only.
        text.extend(line[rel..rel_end].chars().take(MATCH_CHARS));
        text.push('…');
        return Context { text, start_char, len_chars: MATCH_CHARS };
    }
    text.push_str(&line[rel..rel_end]);
    let tail = after.char_indices().nth(CONTEXT_CHARS).map_or(after.len(), |(i, _)| i);
    let cut = tail < after.len();
    text.push_str(&after[..tail]);
    if cut {
        text.push('…');
    }
    Context { text, start_char, len_chars: matched_chars }
}

/// The strings of a rule that all its findings share.
#[derive(Debug, Clone)]
pub(crate) struct RuleNames {
    /// The rule's id.
    pub id: Arc<str>,
    /// Its category.
    pub category: Arc<str>,
    /// Its legal or policy reference.
    pub reference: Option<Arc<str>>,
}

impl RuleNames {
    /// The shared strings of `rule`.
    pub fn of(rule: &Rule) -> Self {
        Self {
            id: rule.id.as_str().into(),
            category: rule.category.as_str().into(),
            reference: rule.reference.as_deref().map(Arc::from),
        }
    }
}

/// Maps ranges of a document's extracted text back to its decoded text and file bytes, each
/// lookup starting where the last one ended (findings come mostly in text order).
#[derive(Debug)]
pub(crate) struct Mapper<'a> {
    doc: &'a SourceDoc,
    /// The pieces of the extracted and the decoded text's maps the last lookups ended in.
    hints: Cell<(usize, usize)>,
}

impl<'a> Mapper<'a> {
    /// A mapper over the maps of `doc`.
    pub fn new(doc: &'a SourceDoc) -> Self {
        Self { doc, hints: Cell::new((0, 0)) }
    }

    /// The range of the decoded text that range `ext` of the extracted text came from.
    pub fn decoded(&self, ext: Range<usize>) -> Range<usize> {
        let (mut hint, other) = self.hints.get();
        let r = self.doc.extracted.map.map_range_near(ext, &mut hint);
        self.hints.set((hint, other));
        r
    }

    /// The file bytes that range `dec` of the decoded text came from.
    pub fn bytes(&self, dec: Range<usize>) -> Range<usize> {
        let (other, mut hint) = self.hints.get();
        let r = self.doc.decoded.map_range_near(dec, &mut hint);
        self.hints.set((other, hint));
        r
    }
}

/// A finding of `rule` (whose shared strings are `names`) at byte range `ext` of the extracted
/// text of `map`'s document (at `path`), mapped back to the original file.
pub(crate) fn finding(
    path: &Arc<str>,
    map: &Mapper<'_>,
    lines: &LineIndex<'_>,
    (rule, names): (&Rule, &RuleNames),
    ext: Range<usize>,
    message: Arc<str>,
    term: Arc<str>,
) -> Finding {
    let doc = map.doc;
    let dec = map.decoded(ext.clone());
    let (start, end) = lines.span(&dec);
    Finding {
        rule: names.id.clone(),
        category: names.category.clone(),
        severity: rule.severity,
        message,
        label: rule.label,
        reference: names.reference.clone(),
        path: path.clone(),
        field: doc.extracted.field_at(ext.start),
        start,
        end,
        location: None,
        byte_range: map.bytes(dec.clone()),
        matched: doc.decoded_text()[dec.clone()].to_owned(),
        term,
        context: context(lines, &dec),
        advertising: None,
        related: Vec::new(),
    }
}

/// Orders findings by position in the file, then rule id.
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.byte_range.start.cmp(&b.byte_range.start).then(a.rule.cmp(&b.rule)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let idx = LineIndex::new("第一行\n本品最佳\r\n");
        let off = "第一行\n本品".len();
        assert_eq!(idx.position(off), Position { line: 2, column: 3 });
        assert_eq!(idx.line_text(off).1, "本品最佳");
    }

    #[test]
    fn the_advertising_context_finds_the_line_starts_an_index_finds() {
        for text in ["", "一行", "\n", "第一行\n本品最佳\r\n", "甲\n\n乙\n丙", "\n\n¥99\n"] {
            let starts = crate::detect::context::DocContext::analyse(text).into_line_starts();
            let shared = LineIndex::with_starts(text, starts);
            let own = LineIndex::new(text);
            assert_eq!(shared.starts, own.starts, "{text:?}");
            for off in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                assert_eq!(shared.position(off), own.position(off), "{text:?} at {off}");
            }
        }
    }

    #[test]
    fn positions_agree_with_counting_from_the_line_start() {
        // Short and long lines (marks are counted in the long ones only), and a long last line.
        let text = format!(
            "短\n{}\n{}最佳{}\r\nab最\n{}",
            "甲".repeat(3000),
            "é".repeat(5000),
            "乙x".repeat(4000),
            "丙".repeat(2000)
        );
        let idx = LineIndex::new(&text);
        for (off, _) in text.char_indices().step_by(97).chain(std::iter::once((text.len(), ' '))) {
            let line_start = text[..off].rfind('\n').map_or(0, |i| i + 1);
            let want = Position {
                line: text[..off].matches('\n').count() + 1,
                column: text[line_start..off].chars().count() + 1,
            };
            assert_eq!(idx.position(off), want, "at byte {off}");
        }
    }

    #[test]
    fn spans_agree_with_the_positions_of_their_ends() {
        let text = format!("短\n{}最佳\r\nab最\n\n{}x", "甲".repeat(2000), "é".repeat(3000));
        let idx = LineIndex::new(&text);
        let offs: Vec<usize> = (0..=text.len()).filter(|&o| text.is_char_boundary(o)).collect();
        for (i, &a) in offs.iter().enumerate().step_by(7) {
            for &b in offs[i..].iter().step_by(5).take(40).chain([&a, &text.len()]) {
                assert_eq!(idx.span(&(a..b)), (idx.position(a), idx.position(b)), "{a}..{b}");
            }
        }
    }

    #[test]
    fn lines_found_in_any_order_of_lookups() {
        let text = "甲\n\n乙丙\nabc\n\n丁\n";
        let idx = LineIndex::new(text);
        let want = |off: usize| text[..off].matches('\n').count();
        // Forwards, backwards and jumping about: the remembered line never changes an answer.
        let offs: Vec<usize> = (0..=text.len()).filter(|&o| text.is_char_boundary(o)).collect();
        let jumps = offs.iter().step_by(3).chain(offs.iter().rev()).chain(offs.iter().step_by(2).rev());
        for &off in offs.iter().chain(jumps) {
            assert_eq!(idx.line_of(off), want(off), "at byte {off}");
        }
    }

    #[test]
    fn long_matches_are_cut_in_the_context() {
        let line = "甲".repeat(100);
        let idx = LineIndex::new(&line);
        let c = context(&idx, &(0..line.len()));
        assert_eq!(c.len_chars, MATCH_CHARS);
        assert_eq!(c.text.chars().count(), MATCH_CHARS + 1);
    }

    #[test]
    fn long_lines_are_windowed() {
        let line = format!("{}最佳{}", "甲".repeat(100), "乙".repeat(100));
        let idx = LineIndex::new(&line);
        let s = 300;
        let c = context(&idx, &(s..s + 6));
        assert_eq!(c.start_char, CONTEXT_CHARS + 1);
        assert_eq!(c.len_chars, 2);
        assert!(c.text.starts_with('…') && c.text.ends_with('…'));
    }
}
