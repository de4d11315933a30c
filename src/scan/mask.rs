//! Masking: a copy of a document with each finding replaced and everything else kept byte for
//! byte, as sensitive-word libraries offer (`hegui mask`, [`Scanner::mask_text`]).
//!
//! Each character of a finding becomes `*`, except separators, invisible characters and hard
//! boundaries (`最 佳` → `* *`), and, in HTML, markup inside the span; a rule may name its own
//! `replacement`, written once for the whole span. Masking can join what it leaves into a new
//! hit (`最好佳` with `好` masked reads `最*佳`, which is `最佳`), so the scan repeats on the
//! masked copy until it finds nothing (at most [`MAX_ROUNDS`] times).

use std::ops::Range;
use std::path::Path;

use super::{Input, Scanner};
use crate::model::Finding;
use crate::normalize::{self, Class};
use crate::source::{Format, SourceError};

/// Most scans of one document while masking.
pub const MAX_ROUNDS: usize = 8;

/// Why a document could not be masked.
#[derive(Debug, thiserror::Error)]
pub enum MaskError {
    /// The file could not be read or extracted.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// A masked copy keeps the file's bytes, so the file must be UTF-8 text.
    #[error("只能为 UTF-8 文本文件写出屏蔽副本 (masking needs a UTF-8 text file)")]
    NotUtf8,
    /// Word documents are zip archives: no byte-for-byte copy can be written.
    #[error("不能为 .docx 文件写出屏蔽副本 (masking cannot write a .docx file)")]
    Docx,
}

/// One span to mask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaskSpan {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// Written once in place of the span (`None`: `*` for each character).
    pub replacement: Option<String>,
}

/// `text` with each span masked (spans that overlap merge; ranges off character boundaries or
/// past the end are ignored). `markup`: keep `<…>` tags inside a span (HTML).
pub fn apply(text: &str, spans: &[MaskSpan], markup: bool) -> String {
    let mut spans: Vec<&MaskSpan> =
        spans.iter().filter(|s| !s.range.is_empty() && text.get(s.range.clone()).is_some()).collect();
    spans.sort_by_key(|s| (s.range.start, std::cmp::Reverse(s.range.end)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut i = 0;
    while i < spans.len() {
        let mut range = spans[i].range.clone();
        let mut replacement = spans[i].replacement.as_deref();
        i += 1;
        // Merge every span that overlaps the current one; mixed replacements fall back to `*`.
        while i < spans.len() && spans[i].range.start < range.end {
            if spans[i].replacement.as_deref() != replacement {
                replacement = None;
            }
            range.end = range.end.max(spans[i].range.end);
            i += 1;
        }
        out.push_str(&text[at..range.start]);
        match replacement {
            Some(r) => out.push_str(r),
            None => stars(&text[range.clone()], markup, &mut out),
        }
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Writes `*` for each character of `span` a reader sees as part of a word.
fn stars(span: &str, markup: bool, out: &mut String) {
    let mut in_tag = false;
    for c in span.chars() {
        if in_tag || (markup && c == '<') {
            in_tag = c != '>';
            out.push(c);
            continue;
        }
        match normalize::class_of(c) {
            Class::Skip | Class::Ignore | Class::Hard => out.push(c),
            Class::Keep | Class::Map | Class::MapStr => out.push('*'),
        }
    }
}

impl Scanner {
    /// The findings of this scanner's rules in one string (as if read from a `.txt` file).
    pub fn find_all(&self, text: &str) -> Vec<Finding> {
        self.scan_text("text.txt", text).findings
    }

    /// Whether this scanner's rules find anything in one string.
    pub fn contains(&self, text: &str) -> bool {
        !self.find_all(text).is_empty()
    }

    /// What masking replaces for `findings`: every finding of a text rule (duplicate passages
    /// are not masked), with its rule's replacement.
    pub fn mask_spans(&self, findings: &[Finding]) -> Vec<MaskSpan> {
        let rules = self.engine.rules();
        findings
            .iter()
            .filter(|f| &*f.category != "dedup" && !f.byte_range.is_empty())
            .map(|f| MaskSpan {
                range: f.byte_range.clone(),
                replacement: rules.iter().find(|r| *r.id == *f.rule).and_then(|r| r.replacement.clone()),
            })
            .collect()
    }

    /// `text` with every finding masked, scanned again until nothing is left (see the module
    /// docs).
    pub fn mask_text(&self, text: &str) -> String {
        self.mask_rounds(text.to_owned(), false, |s, t| Ok(s.find_all(t))).unwrap_or_else(|_: MaskError| text.into())
    }

    /// The masked copy of the UTF-8 text, Markdown or HTML file at `path`.
    pub fn mask_file(&self, path: &Path) -> Result<String, MaskError> {
        let input = Input {
            path: path.to_path_buf(),
            display: super::walk::display_path(path),
            format: Format::for_path(path),
        };
        let text = self.utf8_text(&input)?;
        self.mask_input(&input, text)
    }

    /// The masked copy of the walked file `input` (`check --fix=mask`), or `None` when masking
    /// leaves it as it is.
    pub fn mask_walked(&self, input: &Input) -> Result<Option<String>, MaskError> {
        let text = self.utf8_text(input)?;
        let masked = self.mask_input(input, text.clone())?;
        Ok((masked != text).then_some(masked))
    }

    /// The text of a file that can be masked: UTF-8, not a Word document.
    fn utf8_text(&self, input: &Input) -> Result<String, MaskError> {
        if input.format == Format::DOCX {
            return Err(MaskError::Docx);
        }
        let bytes = self.read(input)?;
        String::from_utf8(bytes).map_err(|_| MaskError::NotUtf8)
    }

    /// The masked copy of `text`, as [`Scanner::mask_file`] writes it for a UTF-8 file named
    /// `name` in `format` holding that text (`name` selects per-file ignores).
    pub fn mask_source(&self, name: &str, format: Format, text: &str) -> Result<String, MaskError> {
        if format == Format::DOCX {
            return Err(MaskError::Docx);
        }
        let input = Input { path: Path::new(name).to_path_buf(), display: name.to_owned(), format };
        self.mask_input(&input, text.to_owned())
    }

    /// Masks the text of `input` (read already).
    fn mask_input(&self, input: &Input, text: String) -> Result<String, MaskError> {
        self.mask_rounds(text, input.format == Format::HTML, |s, t| {
            let doc = s.extract(input, t.as_bytes())?;
            Ok(s.findings_upto(&input.display, &input.path, &doc, usize::MAX).0)
        })
    }

    /// Masks `text` with what `find` finds, again and again until it finds nothing new.
    fn mask_rounds(
        &self,
        mut text: String,
        markup: bool,
        find: impl Fn(&Self, &str) -> Result<Vec<Finding>, MaskError>,
    ) -> Result<String, MaskError> {
        for _ in 0..MAX_ROUNDS {
            let spans = self.mask_spans(&find(self, &text)?);
            let next = apply(&text, &spans, markup);
            if next == text {
                break;
            }
            text = next;
        }
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(range: Range<usize>, replacement: Option<&str>) -> MaskSpan {
        MaskSpan { range, replacement: replacement.map(str::to_owned) }
    }

    #[test]
    fn masks_word_characters_and_keeps_the_rest() {
        let t = "本品最 佳，真的";
        let at = t.find('最').unwrap_or(0);
        let end = t.find('，').unwrap_or(0);
        assert_eq!(apply(t, &[span(at..end, None)], false), "本品* *，真的");
        assert_eq!(apply(t, &[span(at..end, Some("[屏蔽]"))], false), "本品[屏蔽]，真的");
        // Overlapping spans merge; bad ranges are ignored.
        let t = "全网最低价";
        assert_eq!(apply(t, &[span(0..9, None), span(6..15, None), span(1..2, None)], false), "*****");
        assert_eq!(apply(t, &[span(20..30, None)], false), t);
    }

    #[test]
    fn mask_source_masks_as_mask_file_does() {
        let dir = tempfile::tempdir().unwrap();
        let scanner = Scanner::new(crate::config::Config::default(), &crate::scan::ScannerOptions::default()).unwrap();
        for (name, text) in
            [("a.md", "# 标题\n\n本店商品全网最低价！\n"), ("b.html", "<p>国家级产品，<b>最佳</b>选择</p>")]
        {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            let from_file = scanner.mask_file(&path).unwrap();
            let got = scanner.mask_source(name, Format::for_path(&path), text).unwrap();
            assert_eq!(got, from_file, "{name}");
            let walked = Input { path: path.clone(), display: name.to_owned(), format: Format::for_path(&path) };
            assert_eq!(scanner.mask_walked(&walked).unwrap(), Some(from_file.clone()), "{name}");
            assert_ne!(got, text, "{name}: something masked");
        }
        assert!(matches!(scanner.mask_source("c.docx", Format::DOCX, "x"), Err(MaskError::Docx)));
    }

    #[test]
    fn html_tags_inside_a_span_survive() {
        let t = "<p>最<b>佳</b></p>";
        let at = t.find('最').unwrap_or(0);
        let end = t.find("</b>").unwrap_or(0) + 4;
        assert_eq!(apply(t, &[span(at..end, None)], true), "<p>*<b>*</b></p>");
    }
}
