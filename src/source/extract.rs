//! Extracted text: what a source format yields for detection, with its map back to the decoded
//! source and the field of each stretch.

use std::ops::Range;

use crate::model::{AdSetting, Field, OffsetMap};

/// Text extracted from a document, with a map back to the decoded source and field boundaries.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// The extracted plain text.
    pub text: String,
    /// Map from offsets in `text` to byte offsets in the decoded source text.
    pub map: OffsetMap,
    /// Field of each stretch of `text`, sorted and non-overlapping; gaps are separators.
    pub fields: Vec<(Range<usize>, Field)>,
    /// The advertising context the document declares (front matter `hegui-context`), if any.
    pub declared: Option<AdSetting>,
}

impl Extracted {
    /// The field that contains output offset `off` (the body if none does).
    pub fn field_at(&self, off: usize) -> Field {
        crate::model::field_at(&self.fields, off)
    }
}

/// Builds an [`Extracted`] text piece by piece while recording where each piece came from.
///
/// Separators (`push_separator`) keep terms in different blocks from running together; they map to
/// an empty source range. Pieces pushed between `begin_field` and `end_field` are tagged with the field.
#[derive(Debug)]
pub struct TextBuilder {
    out: Extracted,
    field: Field,
    field_start: usize,
    last_src_end: usize,
}

impl Default for TextBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl TextBuilder {
    /// A new builder; text pushed before any `begin_field` belongs to the body.
    pub fn new() -> Self {
        Self::with_buffer(String::new())
    }

    /// [`TextBuilder::new`], building the text in `buf` (emptied first), whose capacity it reuses.
    pub fn with_buffer(mut buf: String) -> Self {
        buf.clear();
        let out = Extracted { text: buf, ..Extracted::default() };
        Self { out, field: Field::Body, field_start: 0, last_src_end: 0 }
    }

    /// Appends `text`, a verbatim copy of the source starting at byte `src_start`.
    pub fn push_source(&mut self, text: &str, src_start: usize) {
        if text.is_empty() {
            return;
        }
        let at = self.out.text.len();
        self.out.text.push_str(text);
        self.out.map.push_copy(at, src_start, text.len());
        self.last_src_end = src_start + text.len();
    }

    /// Appends `text` that stands for the source range `src` (a decoded entity or escape).
    pub fn push_replaced(&mut self, text: &str, src: Range<usize>) {
        if text.is_empty() {
            return;
        }
        let at = self.out.text.len();
        self.out.text.push_str(text);
        self.last_src_end = src.end;
        if text.chars().nth(1).is_some() {
            // Several characters for one source stretch (`&acE;` is two): any part is all of it.
            self.out.map.push_atomic(at, text.len(), src);
        } else {
            self.out.map.push_replace(at, text.len(), src);
        }
    }

    /// Appends a synthetic separator (e.g. `"\n"` between blocks) unless the text already ends with one.
    pub fn push_separator(&mut self, sep: &str) {
        if self.out.text.is_empty() || self.out.text.ends_with(sep) {
            return;
        }
        // Synthetic: no piece covers it, so it maps to the end of the previous piece.
        self.out.text.push_str(sep);
    }

    /// Whether nothing has been pushed yet.
    pub fn is_empty(&self) -> bool {
        self.out.text.is_empty()
    }

    /// The text built so far.
    pub fn text(&self) -> &str {
        &self.out.text
    }

    /// Source byte offset where the last pushed piece ended.
    pub fn last_src_end(&self) -> usize {
        self.last_src_end
    }

    /// Starts a field; ends the current one first. Field stretches are separated by `"\n"`.
    pub fn begin_field(&mut self, field: Field) {
        self.end_field();
        self.push_separator("\n");
        self.field = field;
        self.field_start = self.out.text.len();
    }

    /// Ends the current field and returns to the body.
    pub fn end_field(&mut self) {
        let end = self.out.text.len();
        if self.field != Field::Body && end > self.field_start {
            self.out.fields.push((self.field_start..end, self.field));
        }
        if self.field != Field::Body {
            self.field = Field::Body;
            self.push_separator("\n");
        }
        self.field_start = self.out.text.len();
    }

    /// Records the advertising context the document declares.
    pub fn declare(&mut self, setting: AdSetting) {
        self.out.declared = Some(setting);
    }

    /// Whether a stretch of `field` has been recorded (or is open).
    pub fn has_field(&self, field: Field) -> bool {
        self.field == field || self.out.fields.iter().any(|(_, f)| *f == field)
    }

    /// Finishes building.
    pub fn finish(mut self) -> Extracted {
        self.end_field();
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_merge_and_gaps_map_to_previous_end() {
        let mut b = TextBuilder::new();
        b.push_source("最", 10);
        b.push_source("佳", 13);
        b.push_separator("\n");
        b.push_source("好", 40);
        let e = b.finish();
        assert_eq!(e.text, "最佳\n好");
        assert_eq!(e.map.len(), 2);
        assert_eq!(e.map.map_range(0..6), 10..16);
        assert_eq!(e.map.map_range(6..7), 16..16);
        assert_eq!(e.map.map_range(3..10), 13..43);
    }

    #[test]
    fn fields_are_recorded() {
        let mut b = TextBuilder::new();
        b.begin_field(Field::Title);
        b.push_source("标题", 0);
        b.end_field();
        b.push_source("正文", 10);
        let e = b.finish();
        assert_eq!(e.field_at(0), Field::Title);
        assert_eq!(e.field_at(e.text.find("正文").unwrap()), Field::Body);
    }
}
