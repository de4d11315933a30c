//! Locating findings in the original file: line, character column, byte range and the context
//! line, from a range of the extracted text.

use std::ops::Range;

use crate::detect::Rule;
use crate::model::{Context, Finding, Position};
use crate::source::SourceDoc;

/// Line starts of a text, for turning byte offsets into line and character column.
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { text, starts }
    }

    /// 0-based line containing byte `off`.
    fn line_of(&self, off: usize) -> usize {
        self.starts.partition_point(|&s| s <= off) - 1
    }

    /// 1-based line and character column of byte `off`.
    pub fn position(&self, off: usize) -> Position {
        let line = self.line_of(off);
        let column = self.text[self.starts[line]..off].chars().count() + 1;
        Position { line: line + 1, column }
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

/// Characters of context kept on each side of a match in long lines.
const CONTEXT_CHARS: usize = 40;

/// Characters of a match shown in the context; longer matches are cut with `…`.
const MATCH_CHARS: usize = 40;

fn context(index: &LineIndex<'_>, range: &std::ops::Range<usize>) -> Context {
    let (line_start, line) = index.line_text(range.start);
    let rel = range.start - line_start;
    let rel_end = (range.end - line_start).min(line.len());
    let before: Vec<char> = line[..rel].chars().collect();
    let matched_chars = line[rel..rel_end].chars().count();
    let after = &line[rel_end..];
    let skip = before.len().saturating_sub(CONTEXT_CHARS);
    let mut text: String = if skip > 0 { "…".to_owned() } else { String::new() };
    text.extend(&before[skip..]);
    let start_char = text.chars().count();
    if matched_chars > MATCH_CHARS {
        // A long match (a copied passage) is shown by its start only.
        text.extend(line[rel..rel_end].chars().take(MATCH_CHARS));
        text.push('…');
        return Context { text, start_char, len_chars: MATCH_CHARS };
    }
    text.push_str(&line[rel..rel_end]);
    let tail: String = after.chars().take(CONTEXT_CHARS).collect();
    let cut = tail.len() < after.len();
    text.push_str(&tail);
    if cut {
        text.push('…');
    }
    Context { text, start_char, len_chars: matched_chars }
}

/// A finding of `rule` at byte range `ext` of the extracted text, mapped back to the original file.
pub(crate) fn finding(
    path: &str,
    doc: &SourceDoc,
    lines: &LineIndex<'_>,
    rule: &Rule,
    ext: Range<usize>,
    message: String,
    term: &str,
) -> Finding {
    let dec = doc.extracted.map.map_range(ext.clone());
    Finding {
        rule: rule.id.clone(),
        category: rule.category.clone(),
        severity: rule.severity,
        message,
        label: rule.label,
        reference: rule.reference.clone(),
        path: path.to_owned(),
        field: doc.extracted.field_at(ext.start),
        start: lines.position(dec.start),
        end: lines.position(dec.end),
        location: None,
        byte_range: doc.decoded.map.map_range(dec.clone()),
        matched: doc.decoded.text[dec.clone()].to_owned(),
        term: term.to_owned(),
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
