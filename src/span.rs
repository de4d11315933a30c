//! Offset maps: how offsets in a derived text lead back to the text it came from.
//!
//! Every pipeline stage that rewrites text (decoding, markup extraction, normalization) records an
//! [`OffsetMap`] from its output back to its input. Composing the maps of all stages takes any match
//! in the final text back to the exact bytes of the original file.

use std::ops::Range;

/// One piece of a map: `out_len` output bytes at `out_start` came from `src_len` source bytes at
/// `src_start`. When both lengths are equal the piece is a verbatim copy and maps byte for byte;
/// otherwise it is atomic: any part of the output maps to the whole source range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    out_start: usize,
    out_len: usize,
    src_start: usize,
    src_len: usize,
}

/// A piecewise map from byte offsets in a derived text to byte offsets in its source.
///
/// Pieces are pushed in output order. Output bytes that no piece covers (synthetic separators)
/// map to the empty source position where the previous piece ended.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    pieces: Vec<Piece>,
}

impl OffsetMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// A map that copies `len` bytes verbatim, output offset 0 being source offset `src_start`.
    pub fn identity(len: usize, src_start: usize) -> Self {
        let mut m = Self::new();
        m.push_copy(0, src_start, len);
        m
    }

    /// Records that `len` output bytes at `out_start` are a verbatim copy of source bytes at `src_start`.
    /// Adjacent verbatim copies are merged.
    pub fn push_copy(&mut self, out_start: usize, src_start: usize, len: usize) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.pieces.last_mut()
            && last.out_len == last.src_len
            && last.out_start + last.out_len == out_start
            && last.src_start + last.src_len == src_start
        {
            last.out_len += len;
            last.src_len += len;
            return;
        }
        self.pieces.push(Piece { out_start, out_len: len, src_start, src_len: len });
    }

    /// Records that `out_len` output bytes at `out_start` stand for the whole source range `src`
    /// (an HTML entity, a multi-byte legacy encoding sequence, a folded character).
    pub fn push_replace(&mut self, out_start: usize, out_len: usize, src: Range<usize>) {
        if out_len == 0 {
            return;
        }
        if out_len == src.len() {
            self.push_copy(out_start, src.start, out_len);
            return;
        }
        self.pieces.push(Piece { out_start, out_len, src_start: src.start, src_len: src.len() });
    }

    /// Makes the last `out_len` output bytes (one character, just pushed) stand for source bytes up
    /// to `src_end`: a repeated character collapsed into the one before it.
    pub fn extend_last(&mut self, out_len: usize, src_end: usize) {
        let Some(p) = self.pieces.last_mut() else { return };
        if out_len == 0 || out_len > p.out_len {
            return;
        }
        let linear = p.out_len == p.src_len;
        if p.out_len == out_len || !linear {
            // The character is the whole piece (or inside an atomic piece): widen the piece.
            p.src_len = src_end.max(p.src_start + p.src_len) - p.src_start;
            return;
        }
        // Split the character off a verbatim run and make it atomic.
        let char_src = p.src_start + p.out_len - out_len;
        let out_start = p.out_start + p.out_len - out_len;
        p.out_len -= out_len;
        p.src_len -= out_len;
        self.pieces.push(Piece { out_start, out_len, src_start: char_src, src_len: src_end - char_src });
    }

    /// Number of pieces (for tests and memory accounting).
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    /// Whether the map has no pieces.
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// Index of the last piece whose output starts at or before `off`.
    fn piece_at(&self, off: usize) -> Option<usize> {
        let idx = self.pieces.partition_point(|p| p.out_start <= off);
        idx.checked_sub(1)
    }

    /// Maps an output position to the source position where it starts.
    pub fn map_start(&self, off: usize) -> usize {
        match self.piece_at(off) {
            None => self.pieces.first().map_or(0, |p| p.src_start),
            Some(i) => {
                let p = self.pieces[i];
                let rel = off - p.out_start;
                if rel >= p.out_len {
                    // In a gap after this piece: a synthetic separator.
                    p.src_start + p.src_len
                } else if p.out_len == p.src_len {
                    p.src_start + rel
                } else {
                    p.src_start
                }
            }
        }
    }

    /// Maps an exclusive output end position to the source position where it ends.
    pub fn map_end(&self, off: usize) -> usize {
        if off == 0 {
            return self.map_start(0);
        }
        // Look at the byte just before `off`.
        match self.piece_at(off - 1) {
            None => self.pieces.first().map_or(0, |p| p.src_start),
            Some(i) => {
                let p = self.pieces[i];
                let rel = off - p.out_start; // 1..
                if rel > p.out_len {
                    p.src_start + p.src_len
                } else if p.out_len == p.src_len {
                    p.src_start + rel
                } else {
                    p.src_start + p.src_len
                }
            }
        }
    }

    /// Maps an output range to the smallest source range that produced it.
    pub fn map_range(&self, r: Range<usize>) -> Range<usize> {
        if r.is_empty() {
            let s = self.map_start(r.start);
            return s..s;
        }
        let start = self.map_start(r.start);
        let end = self.map_end(r.end).max(start);
        start..end
    }
}

/// What part of an article a stretch of extracted text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The article title (front matter `title:`, HTML `<title>`).
    Title,
    /// The digest / summary shown in share cards (front matter `digest:`, meta description).
    Digest,
    /// The author line.
    Author,
    /// The article body.
    Body,
    /// Image alternative text and element `title` attributes.
    Alt,
    /// A link target URL.
    Link,
}

impl Field {
    /// All fields, in a stable order.
    pub const ALL: [Field; 6] = [Field::Title, Field::Digest, Field::Author, Field::Body, Field::Alt, Field::Link];

    /// Stable lower-case name used in config files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Digest => "digest",
            Field::Author => "author",
            Field::Body => "body",
            Field::Alt => "alt",
            Field::Link => "link",
        }
    }
}

/// Text extracted from a document, with a map back to the decoded source and field boundaries.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// The extracted plain text.
    pub text: String,
    /// Map from offsets in `text` to byte offsets in the decoded source text.
    pub map: OffsetMap,
    /// Field of each stretch of `text`, sorted and non-overlapping; gaps are separators.
    pub fields: Vec<(Range<usize>, Field)>,
}

impl Extracted {
    /// The field that contains output offset `off` (the body if none does).
    pub fn field_at(&self, off: usize) -> Field {
        let idx = self.fields.partition_point(|(r, _)| r.start <= off);
        match idx.checked_sub(1).map(|i| &self.fields[i]) {
            Some((r, f)) if off < r.end => *f,
            _ => Field::Body,
        }
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
        Self { out: Extracted::default(), field: Field::Body, field_start: 0, last_src_end: 0 }
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
        self.out.map.push_replace(at, text.len(), src);
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
    fn identity_maps_byte_for_byte() {
        let m = OffsetMap::identity(10, 3);
        assert_eq!(m.map_range(2..5), 5..8);
        assert_eq!(m.map_range(0..10), 3..13);
    }

    #[test]
    fn atomic_piece_maps_to_whole_source() {
        // "a&amp;b" -> "a&b"
        let mut m = OffsetMap::new();
        m.push_copy(0, 0, 1);
        m.push_replace(1, 1, 1..6);
        m.push_copy(2, 6, 1);
        assert_eq!(m.map_range(1..2), 1..6);
        assert_eq!(m.map_range(0..3), 0..7);
        assert_eq!(m.map_range(2..3), 6..7);
        assert_eq!(m.len(), 3);
    }

    #[test]
    fn extend_last_splits_a_verbatim_run() {
        // "ab最最最佳" -> "ab最佳": 最 stands for all three.
        let mut m = OffsetMap::new();
        m.push_copy(0, 0, 5); // "ab最"
        m.extend_last(3, 11);
        m.push_copy(5, 11, 3); // 佳
        assert_eq!(m.map_range(0..2), 0..2);
        assert_eq!(m.map_range(2..5), 2..11);
        assert_eq!(m.map_range(2..8), 2..14);
        assert_eq!(m.map_range(5..8), 11..14);
    }

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
