//! HTML extraction: a small, forgiving tokenizer for WeChat-editor HTML.
//!
//! Text nodes are copied verbatim, entities are decoded one by one (each mapped to the exact
//! entity text), block elements become `"\n"` separators and inline elements add nothing.
//! Attribute text (`alt`, `title`, `href`, `<meta>` content) is tagged with its [`Field`] and
//! emitted at the next block boundary, so a link or image inside a sentence does not split it.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use crate::model::Field;
use crate::source::extract::{Extracted, TextBuilder};
use crate::source::{FormatDef, Reader, SourceOptions};

/// HTML files (WeChat editor output, saved pages).
pub const FORMAT: FormatDef = FormatDef {
    name: "html",
    extensions: &["html", "htm", "xhtml"],
    reader: Reader::Text(|src, _: &SourceOptions, buf| {
        let mut b = TextBuilder::with_buffer(buf);
        extract_into(&mut b, src, 0);
        b.finish()
    }),
};

/// Extracts the text of an HTML document.
pub fn extract(src: &str) -> Extracted {
    let mut b = TextBuilder::new();
    extract_into(&mut b, src, 0);
    b.finish()
}

/// Extracts HTML `src`, whose byte 0 is at `base` in the decoded source, into `b`.
///
/// Attribute fields found in `src` are emitted before returning.
pub fn extract_into(b: &mut TextBuilder, src: &str, base: usize) {
    let mut pending = Pending::default();
    extract_with(b, src, base, &mut pending);
    pending.flush(b);
}

/// Something that receives extracted pieces: the builder itself, or a buffer of owned pieces.
pub(crate) trait Sink {
    /// `text` is a verbatim copy of the source at `src_start`.
    fn verbatim(&mut self, text: &str, src_start: usize);
    /// `text` stands for the whole source range `src`.
    fn replaced(&mut self, text: &str, src: Range<usize>);
}

impl Sink for TextBuilder {
    fn verbatim(&mut self, text: &str, src_start: usize) {
        self.push_source(text, src_start);
    }
    fn replaced(&mut self, text: &str, src: Range<usize>) {
        self.push_replaced(text, src);
    }
}

/// Owned pieces `(text, source range)`; a verbatim piece has `text.len() == range.len()`.
/// Owned pieces: text, its source range, and whether it is a verbatim copy of that range.
pub(crate) type Pieces = Vec<(String, Range<usize>, bool)>;

impl Sink for Pieces {
    fn verbatim(&mut self, text: &str, src_start: usize) {
        if !text.is_empty() {
            self.push((text.to_owned(), src_start..src_start + text.len(), true));
        }
    }
    fn replaced(&mut self, text: &str, src: Range<usize>) {
        if !text.is_empty() {
            self.push((text.to_owned(), src, false));
        }
    }
}

/// Field stretches waiting for the next block boundary.
#[derive(Debug, Default)]
pub(crate) struct Pending {
    items: Vec<(Field, Pieces)>,
}

impl Pending {
    /// Queues `pieces` as a stretch of `field` (ignored if empty).
    pub(crate) fn add(&mut self, field: Field, pieces: Pieces) {
        if !pieces.is_empty() {
            self.items.push((field, pieces));
        }
    }

    /// Emits all queued stretches into `b`, each as its own field.
    pub(crate) fn flush(&mut self, b: &mut TextBuilder) {
        for (field, pieces) in self.items.drain(..) {
            b.begin_field(field);
            for (text, range, verbatim) in pieces {
                if verbatim {
                    b.push_source(&text, range.start);
                } else {
                    b.push_replaced(&text, range);
                }
            }
            b.end_field();
        }
    }
}

/// Named entities, keyed by their full text (`"&amp;"`, and legacy `"&amp"`).
static ENTITIES: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| entities::ENTITIES.iter().map(|e| (e.entity, e.characters)).collect());

/// Longest entity name in the HTML5 table is 31 characters.
const MAX_ENTITY_NAME: usize = 40;

/// Decodes the character reference starting at byte `at` of `s` (which must hold `&`).
///
/// Returns the decoded text and the entity's byte length, or `None` when the `&` does not start a
/// valid reference. In attribute values (`in_attr`), a legacy entity without `;` followed by `=`
/// is not decoded (HTML5 rule).
pub(crate) fn decode_entity(s: &str, at: usize, in_attr: bool) -> Option<(String, usize)> {
    let bytes = s.as_bytes();
    if bytes.get(at) != Some(&b'&') {
        return None;
    }
    let mut i = at + 1;
    if bytes.get(i) == Some(&b'#') {
        i += 1;
        let hex = matches!(bytes.get(i), Some(b'x' | b'X'));
        if hex {
            i += 1;
        }
        let digits_start = i;
        let mut value: u32 = 0;
        while let Some(&c) = bytes.get(i) {
            let d = match (hex, c) {
                (_, b'0'..=b'9') => u32::from(c - b'0'),
                (true, b'a'..=b'f') => u32::from(c - b'a' + 10),
                (true, b'A'..=b'F') => u32::from(c - b'A' + 10),
                _ => break,
            };
            value = value.saturating_mul(if hex { 16 } else { 10 }).saturating_add(d);
            i += 1;
        }
        if i == digits_start {
            return None;
        }
        if bytes.get(i) == Some(&b';') {
            i += 1;
        }
        if value == 0 {
            return None;
        }
        let ch = char::from_u32(value)?;
        return Some((ch.to_string(), i - at));
    }
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() && i - at <= MAX_ENTITY_NAME {
        i += 1;
    }
    if i == at + 1 || i - at > MAX_ENTITY_NAME {
        return None;
    }
    if bytes.get(i) == Some(&b';')
        && let Some(decoded) = ENTITIES.get(&s[at..=i])
    {
        return Some(((*decoded).to_owned(), i + 1 - at));
    }
    if in_attr && bytes.get(i) == Some(&b'=') {
        return None;
    }
    // Legacy entity without `;`: the whole alphanumeric run must be the name.
    ENTITIES.get(&s[at..i]).map(|decoded| ((*decoded).to_owned(), i - at))
}

/// Emits `s[range]` (local offsets), decoding entities; `base` is the offset of `s` in the source.
pub(crate) fn emit_decoded<S: Sink>(sink: &mut S, s: &str, range: Range<usize>, base: usize, in_attr: bool) {
    let end = range.end.min(s.len());
    let mut pos = range.start.min(end);
    let mut run = pos;
    while pos < end {
        match s[pos..end].find('&') {
            None => break,
            Some(rel) => {
                let amp = pos + rel;
                match decode_entity(&s[..end], amp, in_attr) {
                    Some((decoded, len)) => {
                        sink.verbatim(&s[run..amp], base + run);
                        sink.replaced(&decoded, base + amp..base + amp + len);
                        pos = amp + len;
                        run = pos;
                    }
                    None => pos = amp + 1,
                }
            }
        }
    }
    sink.verbatim(&s[run..end], base + run);
}

/// Elements whose start and end tags separate blocks of text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "audio"
            | "blockquote"
            | "body"
            | "br"
            | "button"
            | "canvas"
            | "caption"
            | "center"
            | "col"
            | "colgroup"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "frameset"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "iframe"
            | "input"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "meta"
            | "nav"
            | "ol"
            | "optgroup"
            | "option"
            | "p"
            | "pre"
            | "section"
            | "select"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "textarea"
            | "tfoot"
            | "th"
            | "thead"
            | "title"
            | "tr"
            | "ul"
            | "video"
    )
}

/// Elements whose content is raw text that is never shown.
fn is_skipped_raw(name: &str) -> bool {
    matches!(name, "script" | "style" | "noscript" | "template" | "xmp" | "noembed" | "noframes")
}

/// One attribute of a start tag: local ranges of its name and value (value empty if valueless).
struct Attr {
    name: Range<usize>,
    value: Option<Range<usize>>,
}

/// A parsed start tag.
struct StartTag {
    name: String,
    attrs: Vec<Attr>,
    /// Offset just past the closing `>`.
    end: usize,
}

/// East Asian wide characters whose line breaks are not spaces: CJK ideographs, kana, CJK and
/// fullwidth punctuation (Hangul is written with spaces, so it is left out).
pub(crate) fn east_asian_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x312F | 0x3190..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF01..=0xFF60 | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFF)
}

/// Pushes the text `src[from..to]` (source offset `base + from`), leaving out each run of white
/// space that holds a line feed between two East Asian wide characters: a line wrapped inside
/// Chinese prose, which CSS removes (CSS Text 3, 4.1.2), so a sentence wrapped in the source is
/// matched as one. Inline tags next to the wrap (`根治</b>⏎糖尿病`, `根治⏎<b>糖尿病`) do not
/// separate the two characters; block tags do.
fn push_text(b: &mut TextBuilder, src: &str, from: usize, to: usize, base: usize) {
    let Some(s) = src.get(from..to) else {
        return;
    };
    let start = base + from;
    let space = |c: char| u8::try_from(c).is_ok_and(is_space);
    let mut done = 0;
    let mut search = 0;
    while let Some(rel) = s[search..].find('\n') {
        let nl = search + rel;
        let a = s[..nl].trim_end_matches(space).len();
        let z = s.len() - s[nl..].trim_start_matches(space).len();
        let before = if a == 0 { b.text().chars().next_back() } else { s[..a].chars().next_back() };
        let after = if z == s.len() { next_text_char(src, to) } else { s[z..].chars().next() };
        if a >= done && before.is_some_and(east_asian_wide) && after.is_some_and(east_asian_wide) {
            b.push_source(&s[done..a], start + done);
            done = z;
        }
        search = z.max(nl + 1);
    }
    b.push_source(&s[done..], start + done);
}

/// The first character of text at or after `at`, looking past white space and up to four inline
/// (not block) tags; `None` at a block tag, a comment or the end of input.
fn next_text_char(src: &str, mut at: usize) -> Option<char> {
    for _ in 0..=4 {
        let rest = src.get(at..)?;
        let text = rest.trim_start_matches(|c: char| u8::try_from(c).is_ok_and(is_space));
        at += rest.len() - text.len();
        let Some(tag) = text.strip_prefix('<') else {
            return text.chars().next();
        };
        let name = tag.strip_prefix('/').unwrap_or(tag);
        let len = name.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(name.len());
        if len == 0 || is_block(&name[..len].to_ascii_lowercase()) {
            return None;
        }
        at += text.bytes().take(512).position(|c| c == b'>')? + 1;
    }
    None
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

/// Positions between attributes that a start tag which never ended passed through. A tag parsed
/// later that reaches one of them would go on exactly as that one did and never end either, so
/// it stops there: unterminated tags (`<a <a <a …`) cost linear time, not quadratic.
/// A bit per input byte, allocated at the first dead end.
#[derive(Debug, Default)]
struct DeadEnds(Vec<u64>);

impl DeadEnds {
    fn contains(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    fn mark(&mut self, i: usize, len: usize) {
        if self.0.is_empty() {
            self.0 = vec![0; len / 64 + 1];
        }
        if let Some(w) = self.0.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }
}

/// Parses the start tag at `lt` (which holds `<` followed by an ASCII letter).
/// Returns `None` if the tag is not terminated before the end of input.
fn parse_start_tag(s: &str, lt: usize, dead: &mut DeadEnds) -> Option<StartTag> {
    let mut seen = Vec::new();
    let tag = parse_start_tag_at(s, lt, dead, &mut seen);
    if tag.is_none() {
        for i in seen {
            dead.mark(i, s.len());
        }
    }
    tag
}

fn parse_start_tag_at(s: &str, lt: usize, dead: &DeadEnds, seen: &mut Vec<usize>) -> Option<StartTag> {
    let bytes = s.as_bytes();
    let mut i = lt + 1;
    let name_start = i;
    while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
        i += 1;
    }
    let name = s[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        if dead.contains(i) {
            return None;
        }
        seen.push(i);
        match bytes.get(i) {
            None => return None,
            Some(b'>') => {
                return Some(StartTag { name, attrs, end: i + 1 });
            }
            Some(_) => {}
        }
        // Attribute name (a leading `=` belongs to the name, as in HTML5).
        let an_start = i;
        i += 1;
        while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let an = an_start..i;
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            attrs.push(Attr { name: an, value: None });
            continue;
        }
        i += 1;
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        match bytes.get(i) {
            None => return None,
            Some(&q @ (b'"' | b'\'')) => {
                let v_start = i + 1;
                let close = s[v_start..].bytes().position(|c| c == q)? + v_start;
                attrs.push(Attr { name: an, value: Some(v_start..close) });
                i = close + 1;
            }
            Some(b'>') => {
                attrs.push(Attr { name: an, value: Some(i..i) });
            }
            Some(_) => {
                let v_start = i;
                while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'>' {
                    i += 1;
                }
                attrs.push(Attr { name: an, value: Some(v_start..i) });
            }
        }
    }
}

/// Finds the end tag `</name` (ASCII case-insensitive) at or after `from`.
/// Returns (start of `</`, offset just past its `>` or the end of input).
fn find_end_tag(s: &str, from: usize, name: &str) -> Option<(usize, usize)> {
    let bytes = s.as_bytes();
    let mut pos = from;
    while let Some(rel) = s.get(pos..)?.find("</") {
        let at = pos + rel;
        let n_start = at + 2;
        let n_end = n_start + name.len();
        if n_end <= bytes.len()
            && bytes[n_start..n_end].eq_ignore_ascii_case(name.as_bytes())
            && bytes.get(n_end).is_none_or(|&c| is_space(c) || c == b'/' || c == b'>')
        {
            let close = s[n_end..].find('>').map_or(s.len(), |r| n_end + r + 1);
            return Some((at, close));
        }
        pos = at + 2;
    }
    None
}

/// Offset just past the first `pat` at or after `from`, or the end of input.
fn skip_past(s: &str, from: usize, pat: &str) -> usize {
    s.get(from..).and_then(|t| t.find(pat)).map_or(s.len(), |r| from + r + pat.len())
}

/// The core tokenizer: like [`extract_into`], but attribute fields go to `pending`, which the
/// caller flushes (the Markdown extractor shares one across inline HTML fragments).
pub(crate) fn extract_with(b: &mut TextBuilder, src: &str, base: usize, pending: &mut Pending) {
    let bytes = src.as_bytes();
    let mut pos = 0;
    let mut text_start = 0;
    let mut dead = DeadEnds::default();
    // The next `>` at or after a position, remembered: end tags without one (`</a </a …`) would
    // otherwise each search to the end of the input.
    let mut next_gt: Option<usize> = None;
    let mut find_gt = |from: usize| -> Option<usize> {
        match next_gt {
            Some(usize::MAX) => None,
            Some(g) if g >= from => Some(g),
            _ => {
                let found = src.get(from..).and_then(|t| t.find('>')).map(|r| from + r);
                next_gt = Some(found.unwrap_or(usize::MAX));
                found
            }
        }
    };
    while pos < bytes.len() {
        let Some(rel) = src[pos..].find(['<', '&']) else {
            break;
        };
        let at = pos + rel;
        if bytes[at] == b'&' {
            match decode_entity(src, at, false) {
                Some((decoded, len)) => {
                    push_text(b, src, text_start, at, base);
                    b.push_replaced(&decoded, base + at..base + at + len);
                    pos = at + len;
                    text_start = pos;
                }
                None => pos = at + 1,
            }
            continue;
        }
        // `<`: markup, or plain text if it starts nothing.
        let next = bytes.get(at + 1).copied();
        let skip_to = if src[at..].starts_with("<!--") {
            Some(skip_past(src, at + 2, "-->"))
        } else if src[at..].starts_with("<![CDATA[") {
            Some(skip_past(src, at + 9, "]]>"))
        } else if matches!(next, Some(b'!' | b'?')) {
            Some(skip_past(src, at + 2, ">"))
        } else if next == Some(b'/') {
            if bytes.get(at + 2).is_some_and(u8::is_ascii_alphabetic) {
                match find_gt(at + 2) {
                    Some(close) => {
                        push_text(b, src, text_start, at, base);
                        let name_end = src[at + 2..close]
                            .find(|c: char| c.is_ascii_whitespace() || c == '/')
                            .map_or(close, |r| at + 2 + r);
                        let name = src[at + 2..name_end].to_ascii_lowercase();
                        if is_block(&name) {
                            b.push_separator("\n");
                            pending.flush(b);
                        }
                        pos = close + 1;
                        text_start = pos;
                        continue;
                    }
                    None => None,
                }
            } else if next == Some(b'/') && bytes.get(at + 2) == Some(&b'>') {
                Some(at + 3)
            } else {
                None
            }
        } else if next.is_some_and(|c| c.is_ascii_alphabetic()) {
            match parse_start_tag(src, at, &mut dead) {
                Some(tag) => {
                    push_text(b, src, text_start, at, base);
                    pos = start_tag(b, src, base, &tag, pending);
                    text_start = pos;
                    continue;
                }
                None => None,
            }
        } else {
            None
        };
        match skip_to {
            Some(end) => {
                push_text(b, src, text_start, at, base);
                pos = end;
                text_start = pos;
            }
            // A lone `<`: text.
            None => pos = at + 1,
        }
    }
    push_text(b, src, text_start, src.len(), base);
}

/// Handles a parsed start tag; returns the offset where scanning resumes.
fn start_tag(b: &mut TextBuilder, src: &str, base: usize, tag: &StartTag, pending: &mut Pending) -> usize {
    let name = tag.name.as_str();
    let attr = |wanted: &str| {
        tag.attrs.iter().find(|a| src[a.name.clone()].eq_ignore_ascii_case(wanted)).and_then(|a| a.value.clone())
    };
    let decoded = |r: Range<usize>| {
        let mut pieces = Pieces::new();
        emit_decoded(&mut pieces, src, r, base, true);
        pieces
    };
    if is_block(name) {
        b.push_separator("\n");
        pending.flush(b);
    }
    if name == "meta" {
        let kind = attr("name").or_else(|| attr("property")).or_else(|| attr("itemprop"));
        let field = kind.and_then(|r| match src[r].trim().to_ascii_lowercase().as_str() {
            "description" | "og:description" | "twitter:description" => Some(Field::Digest),
            "og:title" | "twitter:title" => Some(Field::Title),
            "author" | "article:author" => Some(Field::Author),
            _ => None,
        });
        if let (Some(field), Some(content)) = (field, attr("content")) {
            pending.add(field, decoded(content));
        }
    }
    for a in &tag.attrs {
        let Some(value) = a.value.clone() else {
            continue;
        };
        let an = &src[a.name.clone()];
        let field = if an.eq_ignore_ascii_case("alt") || an.eq_ignore_ascii_case("title") {
            Field::Alt
        } else if an.eq_ignore_ascii_case("href") && matches!(name, "a" | "area") {
            Field::Link
        } else {
            continue;
        };
        pending.add(field, decoded(value));
    }
    if is_skipped_raw(name) {
        return find_end_tag(src, tag.end, name).map_or(src.len(), |(_, end)| end);
    }
    if name == "title" {
        // RCDATA: entities decoded, no tags.
        let (text_end, resume) = find_end_tag(src, tag.end, name).unwrap_or((src.len(), src.len()));
        pending.flush(b);
        b.begin_field(Field::Title);
        emit_decoded(b, src, tag.end..text_end, base, false);
        b.end_field();
        return resume;
    }
    tag.end
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Checks the map contract: every text byte range produced by a verbatim piece maps to equal
    /// source bytes. Walks the text char by char; where the char's mapped source slice equals the
    /// char it must be verbatim, otherwise it must be a decodable entity/escape (checked by callers).
    pub(crate) fn check_verbatim(e: &Extracted, src: &str) {
        for (i, c) in e.text.char_indices() {
            let r = i..i + c.len_utf8();
            let m = e.map.map_range(r.clone());
            assert!(m.start <= m.end && m.end <= src.len(), "range {m:?} out of bounds");
            assert!(src.is_char_boundary(m.start) && src.is_char_boundary(m.end));
            if c == '\n' && m.is_empty() {
                continue; // synthetic separator
            }
            let s = &src[m.clone()];
            if s.len() == c.len_utf8() {
                assert_eq!(s, &e.text[r], "verbatim char {c:?} at {i} maps to {m:?}");
            } else {
                assert!(s.starts_with('&') || s.starts_with('\\') || s == "\r\n", "replaced char {c:?} maps to {s:?}");
            }
        }
    }

    pub(crate) fn text_of(e: &Extracted, field: Field) -> Vec<&str> {
        e.fields.iter().filter(|(_, f)| *f == field).map(|(r, _)| &e.text[r.clone()]).collect()
    }

    pub(crate) fn body(e: &Extracted) -> String {
        let mut out = String::new();
        let mut last = 0;
        for (r, _) in &e.fields {
            out.push_str(&e.text[last..r.start]);
            last = r.end;
        }
        out.push_str(&e.text[last..]);
        out.trim_matches('\n').to_owned()
    }

    #[test]
    fn inline_markup_adds_nothing() {
        let src = r#"最<span style="color:red">佳</span>"#;
        let e = extract(src);
        assert_eq!(e.text, "最佳");
        assert_eq!(&src[e.map.map_range(0..e.text.len())], r#"最<span style="color:red">佳"#);
        assert_eq!(&src[e.map.map_range(3..6)], "佳");
        check_verbatim(&e, src);
    }

    #[test]
    fn entities_map_to_entity_text() {
        let src = "最&#20339;";
        let e = extract(src);
        assert_eq!(e.text, "最佳");
        assert_eq!(e.map.map_range(3..6), 3..11);
        assert_eq!(&src[e.map.map_range(3..6)], "&#20339;");
        let e = extract("&#x6700;&amp;&lt;a&gt;&nbsp;x&nbsp&copy y");
        assert_eq!(e.text, "最&<a>\u{a0}x\u{a0}© y");
        assert_eq!(e.map.map_range(0..3), 0..8);
        let src = "a&unknown;b &#;c &#xZZ; &amp d &ampx &#1114112; &#0;";
        let e = extract(src);
        assert_eq!(e.text, "a&unknown;b &#;c &#xZZ; & d &ampx &#1114112; &#0;");
        check_verbatim(&e, src);
        // Full named table and multi-char entities.
        assert_eq!(extract("&CounterClockwiseContourIntegral;").text, "∳");
        assert_eq!(extract("&NotEqualTilde;").text, "≂\u{338}");
    }

    #[test]
    fn wechat_fragment() {
        let src = r#"<section style="margin: 0px; padding: 0px;"><section data-role="outer" style="font-size:16px;"><p style="text-align: center;"><span style="color: rgb(255, 0, 0);"><strong>全网&nbsp;最低价</strong></span></p><p><img data-src="https://mmbiz.qpic.cn/x.jpg" alt="国家级&amp;产品" data-ratio="0.5" /></p><p>点击<a href="https://mp.weixin.qq.com/s?a=1&amp;b=2" target=_blank>阅读原文</a>了解</p></section></section>"#;
        let e = extract(src);
        check_verbatim(&e, src);
        assert_eq!(body(&e).trim(), "全网\u{a0}最低价\n\n点击阅读原文了解");
        assert_eq!(text_of(&e, Field::Alt), vec!["国家级&产品"]);
        assert_eq!(text_of(&e, Field::Link), vec!["https://mp.weixin.qq.com/s?a=1&b=2"]);
        let link = e.fields.iter().find(|(_, f)| *f == Field::Link).map(|(r, _)| r.clone());
        let m = e.map.map_range(link.unwrap_or(0..0));
        assert_eq!(&src[m], "https://mp.weixin.qq.com/s?a=1&amp;b=2");
        let i = e.text.find("最低价").unwrap_or(0);
        assert_eq!(&src[e.map.map_range(i..i + 9)], "最低价");
    }

    #[test]
    fn script_style_comments_skipped() {
        let src = "<SCRIPT>var a='最佳</p>';</script >好<style>p{}</STYLE>的<!-- 最佳 -->东<!DOCTYPE html><?xml x?><![CDATA[最]]>西<noscript>x</noscript>";
        let e = extract(src);
        assert_eq!(e.text, "好的东西");
        check_verbatim(&e, src);
    }

    #[test]
    fn fields_from_head() {
        let src = r#"<html><head><title>最佳&amp;标题</title><meta name="description" content="摘要&#x6700;"><meta property="og:title" content='OG标题'><meta name=author content=作者></head><body><p title="提示">正文</p></body></html>"#;
        let e = extract(src);
        check_verbatim(&e, src);
        assert_eq!(text_of(&e, Field::Title), vec!["最佳&标题", "OG标题"]);
        assert_eq!(text_of(&e, Field::Digest), vec!["摘要最"]);
        assert_eq!(text_of(&e, Field::Author), vec!["作者"]);
        assert_eq!(text_of(&e, Field::Alt), vec!["提示"]);
        assert_eq!(body(&e).trim(), "正文");
        let (r, _) = e.fields[0].clone();
        assert_eq!(&src[e.map.map_range(r)], "最佳&amp;标题");
    }

    #[test]
    fn a_line_wrapped_inside_chinese_prose_is_joined() {
        let src = "<p>大家注意，不转发就\n  不是中国人。本品能根治\r\n糖尿病。</p>\n<p>hello\nworld 价格\n100元 한국\n사람</p>";
        let e = extract(src);
        assert_eq!(e.text, "大家注意，不转发就不是中国人。本品能根治糖尿病。\n\nhello\nworld 价格\n100元 한국\n사람\n");
        check_verbatim(&e, src);
        let at = e.text.find("根治糖尿病").unwrap_or(0);
        assert_eq!(&src[e.map.map_range(at..at + "根治糖尿病".len())], "根治\r\n糖尿病");
        // Inline tags on either side of the wrap do not separate the sentence; block tags do.
        let src = "<p>本品能<b>根治</b>\n  糖尿病，能根治\n<span class=x><b>糖尿病</b></span>，根治\n<br>糖尿病，根治\n<p>糖尿病</p>";
        let e = extract(src);
        assert_eq!(e.text, "本品能根治糖尿病，能根治糖尿病，根治\n糖尿病，根治\n糖尿病\n");
        check_verbatim(&e, src);
        let at = e.text.find("根治糖尿病").unwrap_or(0);
        assert_eq!(&src[e.map.map_range(at..at + "根治糖尿病".len())], "根治</b>\n  糖尿病");
    }

    #[test]
    fn blocks_separate_and_whitespace_kept() {
        let src = "<p>最</p><p>佳</p>a<br>b<div> c </div><td>d</td>";
        let e = extract(src);
        assert_eq!(e.text, "最\n佳\na\nb\n c \nd\n");
        check_verbatim(&e, src);
    }

    #[test]
    fn attributes_all_forms() {
        let src = r#"<img alt=无引号 title='单引号' hidden data-x = "y>z" alt="a&quot;b" alt="x&copy=y">"#;
        let e = extract(src);
        assert_eq!(text_of(&e, Field::Alt), vec!["无引号", "单引号", "a\"b", "x&copy=y"]);
        check_verbatim(&e, src);
    }

    #[test]
    fn malformed_inputs_do_not_panic() {
        for src in [
            "<",
            "a<",
            "最<",
            "<p",
            "<p class=\"x",
            "<img alt='最",
            "<!--最佳",
            "<!-",
            "<![CDATA[x",
            "</",
            "</p",
            "</>x",
            "< 最佳 >",
            "a < b > c",
            "<script>最",
            "<title>最",
            "&",
            "&#",
            "&#x",
            "&#99999999999999999999;",
            "&amp",
            "<a href=>x</a>",
            "<a href=",
            "<a =x>y",
            "最<佳",
            "<p/>最</p/>",
            "<<p>>",
        ] {
            let e = extract(src);
            check_verbatim(&e, src);
        }
        assert_eq!(extract("a < b").text, "a < b");
        assert_eq!(extract("最<佳").text, "最<佳");
        assert_eq!(extract("<p class=\"x").text, "<p class=\"x");
        assert_eq!(extract("<!--最佳").text, "");
    }

    #[test]
    fn extract_into_uses_base() {
        let doc = "xx<b>最</b>";
        let mut b = TextBuilder::new();
        extract_into(&mut b, &doc[2..], 2);
        let e = b.finish();
        assert_eq!(e.text, "最");
        assert_eq!(e.map.map_range(0..3), 5..8);
    }

    /// How one character of a random string is encoded in generated markup.
    #[derive(Debug, Clone)]
    enum Enc {
        Plain,
        Dec,
        Hex,
        Wrap(&'static str),
    }

    fn enc() -> impl Strategy<Value = Enc> {
        prop_oneof![
            3 => Just(Enc::Plain),
            1 => Just(Enc::Dec),
            1 => Just(Enc::Hex),
            1 => Just(Enc::Wrap("<span style=\"color:red\">")),
            1 => Just(Enc::Wrap("<strong>")),
            1 => Just(Enc::Wrap("<a href=\"x&amp;y\">")),
            1 => Just(Enc::Wrap("<em><!-- c -->")),
            1 => Just(Enc::Wrap("<font color=red>")),
        ]
    }

    proptest! {
        #[test]
        fn random_inline_markup_roundtrips(
            chars in proptest::collection::vec(("[\u{4e00}-\u{9fa5}a-z0-9 ，。！]", enc()), 0..24)
        ) {
            let mut src = String::new();
            let mut expect = Vec::new(); // (char, expected source range)
            for (s, e) in &chars {
                let c = s.chars().next().unwrap_or('x');
                let start = src.len();
                let (piece, inner) = match e {
                    Enc::Plain => (c.to_string(), 0..c.len_utf8()),
                    Enc::Dec => {
                        let p = format!("&#{};", c as u32);
                        let n = p.len();
                        (p, 0..n)
                    }
                    Enc::Hex => {
                        let p = format!("&#x{:X};", c as u32);
                        let n = p.len();
                        (p, 0..n)
                    }
                    Enc::Wrap(open) => {
                        let name: String = open[1..].chars()
                            .take_while(|c| c.is_ascii_alphabetic()).collect();
                        let p = format!("{open}{c}</{name}>");
                        (p, open.len()..open.len() + c.len_utf8())
                    }
                };
                src.push_str(&piece);
                expect.push((c, start + inner.start..start + inner.end));
            }
            let e = extract(&src);
            let plain: String = expect.iter().map(|(c, _)| *c).collect();
            prop_assert_eq!(body(&e), plain);
            check_verbatim(&e, &src);
            let mut out = 0;
            for (c, r) in &expect {
                // Skip link fields between body characters.
                while e.field_at(out) != Field::Body || e.text[out..].starts_with('\n') {
                    out += e.text[out..].chars().next().map_or(1, char::len_utf8);
                }
                let n = c.len_utf8();
                prop_assert_eq!(&e.text[out..out + n], c.to_string());
                prop_assert_eq!(e.map.map_range(out..out + n), r.clone());
                out += n;
            }
        }
    }
}
