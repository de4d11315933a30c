//! Markdown extraction: YAML front matter fields, then the CommonMark body via `pulldown-cmark`.
//!
//! Every event's text is aligned to its source range character by character, so backslash
//! escapes, entities and CRLF line ends map to their exact source bytes. Blocks become `"\n"`
//! separators; emphasis and links add nothing. Link/image destinations (`Field::Link`), image alt
//! text and link titles (`Field::Alt`) are emitted at the next block boundary, so a link inside a
//! sentence does not split it. Raw HTML goes through the HTML extractor.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use super::html::{self, Pending, Pieces, Sink, east_asian_wide};
use crate::model::{AdSetting, Field};
use crate::source::extract::{Extracted, TextBuilder};
use crate::source::{FormatDef, Reader, SourceOptions};

/// Markdown files.
pub const FORMAT: FormatDef = FormatDef {
    name: "markdown",
    extensions: &["md", "markdown", "mdown", "mkd"],
    reader: Reader::Text(|src, opts: &SourceOptions, buf| {
        extract_in(src, &MarkdownOptions { scan_code: opts.scan_code }, buf)
    }),
};

/// Options for Markdown extraction.
#[derive(Debug, Clone, Default)]
pub struct MarkdownOptions {
    /// Scan fenced and indented code blocks too (default: skipped).
    pub scan_code: bool,
}

/// Extracts the text of a Markdown document.
pub fn extract(src: &str, opts: &MarkdownOptions) -> Extracted {
    extract_in(src, opts, String::new())
}

/// [`extract`], building the text in `buf` (emptied first), whose capacity it reuses.
pub fn extract_in(src: &str, opts: &MarkdownOptions, buf: String) -> Extracted {
    let mut b = TextBuilder::with_buffer(buf);
    let body_start = front_matter(&mut b, src);
    Walker::new(src, opts, b).run(body_start)
}

/// Parses YAML front matter at the start of `src` into fields; returns where the body starts
/// (0 when there is no complete front matter block).
fn front_matter(b: &mut TextBuilder, src: &str) -> usize {
    let Some(first_end) = src.find('\n') else {
        return 0;
    };
    if src[..first_end].trim_end() != "---" {
        return 0;
    }
    let mut lines = Vec::new();
    let mut pos = first_end + 1;
    let body_start = loop {
        if pos >= src.len() {
            return 0; // no closing line: not front matter
        }
        let line_end = src[pos..].find('\n').map_or(src.len(), |r| pos + r);
        let line = &src[pos..line_end];
        if matches!(line.trim_end(), "---" | "...") {
            break (line_end + 1).min(src.len());
        }
        lines.push((pos, line));
        pos = line_end + 1;
    };
    for (start, line) in lines {
        if let Some(setting) = declared_context(line) {
            b.declare(setting);
        }
        if let Some((field, range)) = front_matter_line(line) {
            b.begin_field(field);
            b.push_source(&line[range.clone()], start + range.start);
            b.end_field();
        }
    }
    body_start
}

/// `hegui-context: advertising` (or `editorial`): the document says what it is.
fn declared_context(line: &str) -> Option<AdSetting> {
    let (key, value) = line.split_once(':')?;
    if key.trim() != "hegui-context" {
        return None;
    }
    match value.trim().trim_matches(['"', '\'']) {
        "advertising" | "promotional" | "ad" => Some(AdSetting::Promotional),
        "editorial" | "news" => Some(AdSetting::Editorial),
        _ => None,
    }
}

/// A `key: value` front matter line with a known key: the field and the value's range in `line`.
fn front_matter_line(line: &str) -> Option<(Field, Range<usize>)> {
    if line.starts_with([' ', '\t', '#']) {
        return None;
    }
    let colon = line.find(':')?;
    let field = match line[..colon].trim().to_ascii_lowercase().as_str() {
        "title" => Field::Title,
        "digest" | "description" | "summary" => Field::Digest,
        "author" => Field::Author,
        _ => return None,
    };
    let after = &line[colon + 1..];
    if !after.is_empty() && !after.starts_with([' ', '\t', '\r']) {
        return None;
    }
    let lead = after.len() - after.trim_start().len();
    let start = colon + 1 + lead;
    let mut value = line[start..].trim_end();
    let mut vstart = start;
    let quoted = value.len() >= 2
        && ((value.starts_with('"') && value.ends_with('"')) || (value.starts_with('\'') && value.ends_with('\'')));
    if quoted {
        value = &value[1..value.len() - 1];
        vstart += 1;
    } else {
        if value.starts_with(['|', '>', '#']) {
            return None; // block scalars and comments are not supported
        }
        if let Some(hash) = value.find(" #") {
            value = value[..hash].trim_end();
        }
    }
    if value.is_empty() {
        return None;
    }
    Some((field, vstart..vstart + value.len()))
}

/// Aligns `text` (an event's text) to the source range `range` of `src`, char by char.
///
/// Equal chars are verbatim (the source's line end is kept where inline code has a space);
/// `\`+char, an entity decoding to the next chars and `\r\n` for `\n` are atomic
/// replacements; whitespace and `>` before the next
/// char (blockquote and list prefixes, spaces stripped from code spans) are skipped; anything else maps the remaining text to
/// the remaining range.
fn align<S: Sink>(sink: &mut S, text: &str, src: &str, range: Range<usize>) {
    let end = range.end.min(src.len());
    let mut pos = range.start.min(end);
    // A plain paragraph is its source as is: one comparison.
    if src.get(pos..end) == Some(text) {
        sink.verbatim(text, pos);
        return;
    }
    let mut ti = 0;
    let mut run_pos = pos;
    while let Some(c) = text[ti..].chars().next() {
        let Some(rest) = src.get(pos..end) else { break };
        // Skip the bytes text and source share up to the next `\\` or `&` (escapes and entities
        // start there; nothing else differs where the bytes agree), ending on a char boundary.
        let same = text.as_bytes()[ti..]
            .iter()
            .zip(rest.as_bytes())
            .take_while(|&(a, b)| a == b && *a != b'\\' && *a != b'&')
            .count();
        let same = (0..=same).rev().find(|&k| text.is_char_boundary(ti + k)).unwrap_or(0);
        if same > 0 {
            ti += same;
            pos += same;
            continue;
        }
        let n = c.len_utf8();
        let tail = &text[ti..];
        // An escape or entity, unless the text spells it out literally (code spans).
        let special = if rest.starts_with('\\')
            && c.is_ascii_punctuation()
            && rest[1..].starts_with(c)
            && !tail.starts_with(&rest[..1 + n])
        {
            Some((n, 1 + n))
        } else if let Some((decoded, len)) = entity_at(src, pos, end)
            && tail.starts_with(decoded.as_str())
            && !tail.starts_with(&rest[..len])
        {
            Some((decoded.len(), len))
        } else {
            None
        };
        // Inline code turns each line end byte into a space, and a lone `\r` is a line end: keep
        // the source's bytes.
        let line_end = (c == ' ' && rest.starts_with(['\r', '\n']))
            || (c == '\n' && rest.starts_with('\r') && !rest.starts_with("\r\n"));
        if special.is_none() && (rest.starts_with(c) || line_end) {
            ti += n;
            pos += n;
            continue;
        }
        sink.verbatim(&src[run_pos..pos], run_pos);
        let (out_len, src_len) = if let Some(s) = special {
            s
        } else if c == '\n' && rest.starts_with("\r\n") {
            (1, 2)
        } else if let Some(skip) = container_prefix(rest, c) {
            // A blockquote/list prefix or stripped whitespace: skip it.
            pos += skip;
            run_pos = pos;
            continue;
        } else {
            sink.replaced(tail, pos..end);
            return;
        };
        sink.replaced(&text[ti..ti + out_len], pos..pos + src_len);
        ti += out_len;
        pos += src_len;
        run_pos = pos;
    }
    sink.verbatim(&src[run_pos..pos], run_pos);
    if ti < text.len() {
        sink.replaced(&text[ti..], end..end);
    }
}

/// Length of the shortest run of whitespace and `>` at the start of `rest` followed by `c`.
fn container_prefix(rest: &str, c: char) -> Option<usize> {
    let skip = rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n', '>']).len();
    (1..=skip).find(|&k| rest[k..].starts_with(c))
}

/// Where a text event starting at `start` really starts: pulldown-cmark leaves the backslash of an
/// escape (`\*`) out of the text's range, so include it when an odd run of backslashes precedes.
fn escape_start(src: &str, start: usize, text: &str) -> usize {
    let Some(before) = src.get(..start) else {
        return start;
    };
    let slashes = before.len() - before.trim_end_matches('\\').len();
    let escapable = text.chars().next().is_some_and(|c| c.is_ascii_punctuation());
    if escapable && slashes % 2 == 1 { start - 1 } else { start }
}

/// The entity at `pos` (if any) within `src[..end]`.
fn entity_at(src: &str, pos: usize, end: usize) -> Option<(String, usize)> {
    if src.as_bytes().get(pos) != Some(&b'&') {
        return None;
    }
    html::decode_entity(src.get(..end)?, pos, false)
}

/// A link or image whose `End` event has not been seen yet.
struct OpenLink<'a> {
    image: bool,
    dest: CowStr<'a>,
    title: CowStr<'a>,
    /// Source range of the whole link.
    range: Range<usize>,
    /// Source span of its reference definition, for reference links.
    def: Option<Range<usize>>,
}

/// Walks the pulldown-cmark events of the body.
struct Walker<'s, 'o> {
    src: &'s str,
    opts: &'o MarkdownOptions,
    b: TextBuilder,
    pending: Pending,
    /// Alt text being collected, one buffer per open image.
    alts: Vec<Pieces>,
    links: Vec<OpenLink<'s>>,
    code_depth: usize,
    /// Source ranges of the `Html` events of the current HTML block (contiguous ones merged).
    html_chunks: Option<Vec<Range<usize>>>,
    /// End of the last leaf event (text, code, HTML) or closed link.
    last_leaf_end: usize,
    /// Inside the `# H1` taken for the title.
    in_title: bool,
    /// A soft line break after an East Asian wide character, held until the next text shows what
    /// follows it: another wide character (then it is dropped) or anything else (then it is kept).
    /// Emphasis and link markup between the two (`**`, `[`) does not decide.
    held_break: Option<Range<usize>>,
}

impl<'s, 'o> Walker<'s, 'o> {
    fn new(src: &'s str, opts: &'o MarkdownOptions, b: TextBuilder) -> Self {
        Self {
            src,
            opts,
            b,
            pending: Pending::default(),
            alts: Vec::new(),
            links: Vec::new(),
            code_depth: 0,
            html_chunks: None,
            last_leaf_end: 0,
            in_title: false,
            held_break: None,
        }
    }

    fn run(mut self, body_start: usize) -> Extracted {
        let src = self.src;
        let rest = &src[body_start..];
        let mut options = Options::empty();
        options.insert(Options::ENABLE_TABLES);
        options.insert(Options::ENABLE_STRIKETHROUGH);
        options.insert(Options::ENABLE_TASKLISTS);
        options.insert(Options::ENABLE_FOOTNOTES);
        let mut iter = Parser::new_ext(rest, options).into_offset_iter();
        while let Some((event, r)) = iter.next() {
            let range = r.start + body_start..r.end + body_start;
            if let Some(held) = self.held_break.take() {
                match &event {
                    Event::Start(
                        Tag::Emphasis
                        | Tag::Strong
                        | Tag::Strikethrough
                        | Tag::Superscript
                        | Tag::Subscript
                        | Tag::Link { .. },
                    )
                    | Event::End(
                        TagEnd::Emphasis
                        | TagEnd::Strong
                        | TagEnd::Strikethrough
                        | TagEnd::Superscript
                        | TagEnd::Subscript,
                    ) => self.held_break = Some(held),
                    // A wrapped line inside Chinese prose: the reader sees one sentence.
                    Event::Text(t) | Event::Code(t) if t.chars().next().is_some_and(east_asian_wide) => {}
                    _ => self.line_break(held),
                }
            }
            match event {
                Event::Start(tag) => {
                    let def = match &tag {
                        Tag::Link { id, .. } | Tag::Image { id, .. } if !id.is_empty() => iter
                            .reference_definitions()
                            .get(id)
                            .map(|d| d.span.start + body_start..d.span.end + body_start),
                        _ => None,
                    };
                    self.start(tag, range, def);
                }
                Event::End(tag) => self.end(tag, range),
                Event::Text(text) => {
                    // pulldown-cmark pads indented HTML blocks with synthetic whitespace.
                    if range.is_empty() && text.trim().is_empty() {
                        // Nothing in the source to map it to.
                    } else if self.code_depth == 0 {
                        let start = escape_start(src, range.start, &text);
                        self.leaf_text(&text, start..range.end);
                    } else if self.opts.scan_code {
                        self.leaf_text(&text, range.clone());
                    }
                    self.last_leaf_end = range.end;
                }
                Event::Code(text) => {
                    let inner = code_content(src, range.clone());
                    self.leaf_text(&text, inner);
                    self.last_leaf_end = range.end;
                }
                Event::Html(_) => {
                    match &mut self.html_chunks {
                        Some(chunks) => match chunks.last_mut() {
                            Some(last) if src.get(last.end..range.start).is_some_and(|g| g.trim().is_empty()) => {
                                last.end = range.end;
                            }
                            _ => chunks.push(range.clone()),
                        },
                        None => self.html(range.clone()),
                    }
                    self.last_leaf_end = range.end;
                }
                Event::InlineHtml(_) => {
                    self.html(range.clone());
                    self.last_leaf_end = range.end;
                }
                Event::SoftBreak
                    if self.alts.is_empty() && self.b.text().chars().next_back().is_some_and(east_asian_wide) =>
                {
                    self.held_break = Some(range.clone());
                    self.last_leaf_end = range.end;
                }
                Event::SoftBreak | Event::HardBreak => {
                    self.line_break(range.clone());
                    self.last_leaf_end = range.end;
                }
                Event::Rule => self.block_boundary(),
                Event::FootnoteReference(_)
                | Event::TaskListMarker(_)
                | Event::InlineMath(_)
                | Event::DisplayMath(_) => self.last_leaf_end = range.end,
            }
        }
        if let Some(held) = self.held_break.take() {
            self.line_break(held);
        }
        if let Some(chunks) = self.html_chunks.take() {
            for r in chunks {
                self.html(r);
            }
        }
        self.block_boundary();
        self.b.finish()
    }

    /// Emits the line break whose source is `range` (a soft or hard break, or a held one).
    fn line_break(&mut self, range: Range<usize>) {
        let nl = self.src.get(range.clone()).and_then(|s| s.rfind('\n'));
        match (nl, self.alts.last_mut()) {
            (Some(i), Some(alt)) => alt.verbatim("\n", range.start + i),
            (Some(i), None) => self.b.push_source("\n", range.start + i),
            (None, Some(_)) => {}
            (None, None) => self.b.push_separator("\n"),
        }
    }

    /// A block starts or ends: separate, and emit queued fields.
    fn block_boundary(&mut self) {
        self.b.push_separator("\n");
        self.pending.flush(&mut self.b);
    }

    fn leaf_text(&mut self, text: &str, range: Range<usize>) {
        match self.alts.last_mut() {
            Some(alt) => align(alt, text, self.src, range),
            None => align(&mut self.b, text, self.src, range),
        }
    }

    fn html(&mut self, range: Range<usize>) {
        if let Some(s) = self.src.get(range.clone()) {
            html::extract_with(&mut self.b, s, range.start, &mut self.pending);
        }
    }

    fn start(&mut self, tag: Tag<'s>, range: Range<usize>, def: Option<Range<usize>>) {
        match tag {
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Superscript | Tag::Subscript => {}
            Tag::Link { dest_url, title, .. } => {
                self.links.push(OpenLink { image: false, dest: dest_url, title, range, def });
            }
            Tag::Image { dest_url, title, .. } => {
                self.links.push(OpenLink { image: true, dest: dest_url, title, range, def });
                self.alts.push(Pieces::new());
            }
            Tag::CodeBlock(_) => {
                self.code_depth += 1;
                self.block_boundary();
            }
            Tag::HtmlBlock => {
                self.block_boundary();
                self.html_chunks = Some(Vec::new());
            }
            // The first `# H1` is the title when the front matter names none.
            Tag::Heading { level: pulldown_cmark::HeadingLevel::H1, .. } if !self.b.has_field(Field::Title) => {
                self.block_boundary();
                self.b.begin_field(Field::Title);
                self.in_title = true;
            }
            _ => self.block_boundary(),
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript => {}
            TagEnd::Link | TagEnd::Image => {
                if let Some(link) = self.links.pop() {
                    self.close_link(link);
                }
                self.last_leaf_end = range.end;
            }
            TagEnd::CodeBlock => {
                self.code_depth = self.code_depth.saturating_sub(1);
                self.block_boundary();
            }
            TagEnd::HtmlBlock => {
                for r in self.html_chunks.take().unwrap_or_default() {
                    self.html(r);
                }
                self.block_boundary();
            }
            TagEnd::Heading(_) if self.in_title => {
                self.in_title = false;
                self.b.end_field();
                self.block_boundary();
            }
            _ => self.block_boundary(),
        }
    }

    /// Queues a closed link's alt text (images), destination and title.
    fn close_link(&mut self, link: OpenLink<'s>) {
        let src = self.src;
        if link.image
            && let Some(alt) = self.alts.pop()
        {
            self.pending.add(Field::Alt, alt);
        }
        // Where the destination is written: after the link text, or in the reference definition.
        let (window, marker) = match link.def {
            Some(def) => (def, "]:"),
            None => {
                let from = self.last_leaf_end.clamp(link.range.start, link.range.end);
                (from..link.range.end, "](")
            }
        };
        let Some(win) = src.get(window.clone()) else {
            return;
        };
        let mut after_dest = window.start;
        if !link.dest.is_empty() {
            let mut pieces = Pieces::new();
            // Autolinks (`<http://…>`) have the destination as their text.
            let found = win.find(link.dest.as_ref()).map(|i| window.start + i).or_else(|| {
                let whole = src.get(link.range.clone())?;
                whole.find(link.dest.as_ref()).map(|i| link.range.start + i)
            });
            if let Some(at) = found {
                pieces.verbatim(&link.dest, at);
                after_dest = at + link.dest.len();
            } else {
                // Escaped or entity-encoded destination: align from where it starts.
                let start = win.find(marker).map_or(0, |i| i + marker.len());
                let skip = win[start..].len() - win[start..].trim_start().trim_start_matches('<').len();
                let at = window.start + start + skip;
                align(&mut pieces, &link.dest, src, at..window.end);
                after_dest = pieces.last().map_or(at, |(_, r, _)| r.end);
            }
            // Image sources are not links a reader follows: only link targets are `link` text.
            if !link.image {
                self.pending.add(Field::Link, pieces);
            }
        }
        if !link.title.is_empty()
            && let Some(tail) = src.get(after_dest..window.end)
            && let Some(i) = tail.find(link.title.as_ref())
        {
            let mut pieces = Pieces::new();
            pieces.verbatim(&link.title, after_dest + i);
            self.pending.add(Field::Alt, pieces);
        }
    }
}

/// The source range of an inline code span's content, without the backticks. The spaces
/// CommonMark strips are skipped by [`align`].
fn code_content(src: &str, range: Range<usize>) -> Range<usize> {
    let Some(s) = src.get(range.clone()) else {
        return range;
    };
    let inner = s.trim_start_matches('`');
    let ticks = s.len() - inner.len();
    let len = inner.len().saturating_sub(ticks);
    range.start + ticks..range.start + ticks + len
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::html::tests::{body, check_verbatim, text_of};
    use proptest::prelude::*;

    fn md(src: &str) -> Extracted {
        let e = extract(src, &MarkdownOptions::default());
        check_verbatim(&e, src);
        e
    }

    fn field_src<'a>(e: &Extracted, src: &'a str, field: Field) -> Vec<&'a str> {
        e.fields.iter().filter(|(_, f)| *f == field).map(|(r, _)| &src[e.map.map_range(r.clone())]).collect()
    }

    #[test]
    fn emphasis_adds_nothing() {
        assert_eq!(md("**最佳**产品").text.trim_end(), "最佳产品");
        let src = "最**佳**";
        let e = md(src);
        assert_eq!(e.text.trim_end(), "最佳");
        assert_eq!(&src[e.map.map_range(0..6)], "最**佳");
        assert_eq!(md("*最*_佳_~~好~~").text.trim_end(), "最佳好");
    }

    #[test]
    fn a_line_wrapped_inside_chinese_prose_is_joined() {
        let src = "大家注意，不转发就\n不是中国人。本品能根治\n  糖尿病。\n> 引用一\n> 引用二\n";
        let e = md(src);
        assert_eq!(body(&e).trim(), "大家注意，不转发就不是中国人。本品能根治糖尿病。\n引用一引用二");
        // The joined words map back to their source, line feed and indentation included.
        let at = e.text.find("根治糖尿病").unwrap_or(0);
        assert_eq!(&src[e.map.map_range(at..at + "根治糖尿病".len())], "根治\n  糖尿病");
        // Emphasis and link markup on either side of the wrap do not split the sentence.
        let src = "本品能**根治**\n**糖尿病**，[根治](u)\n[糖尿病](v)，`根治`\n_糖尿病_";
        let e = md(src);
        assert_eq!(body(&e).trim(), "本品能根治糖尿病，根治糖尿病，根治糖尿病");
        let at = e.text.find("根治糖尿病").unwrap_or(0);
        assert_eq!(&src[e.map.map_range(at..at + "根治糖尿病".len())], "根治**\n**糖尿病");
        // Latin words, a hard break, an image, inline HTML and Hangul keep the line feed.
        assert_eq!(md("hello\nworld").text.trim_end(), "hello\nworld");
        assert_eq!(md("最佳\\\n产品").text.trim_end(), "最佳\n产品");
        assert_eq!(md("最佳\n**product**").text.trim_end(), "最佳\nproduct");
        assert_eq!(md("最佳\n![产品](x.png)").text.trim_end(), "最佳\n产品");
        assert_eq!(md("最佳\n<b>产品</b>").text.trim_end(), "最佳\n产品");
        assert_eq!(md("한국\n사람").text.trim_end(), "한국\n사람");
        assert_eq!(md("价格\n100元").text.trim_end(), "价格\n100元");
    }

    #[test]
    fn escapes_and_entities() {
        let src = r"\*最佳\* a\\b";
        let e = md(src);
        assert_eq!(e.text.trim_end(), r"*最佳* a\b");
        assert_eq!(e.map.map_range(0..1), 0..2);
        assert_eq!(&src[e.map.map_range(0..e.text.len() - 1)], src);
        let src = "&#26368;佳&amp;&nbsp;";
        let e = md(src);
        assert_eq!(e.text.trim_end_matches('\n'), "最佳&\u{a0}");
        assert_eq!(e.map.map_range(0..3), 0..8);
        assert_eq!(e.map.map_range(3..6), 8..11);
        // The aligner itself, on event text that differs from the source.
        let mut p = Pieces::new();
        align(&mut p, "*最&<", r"\*最&amp;&lt;", 0..15);
        assert_eq!(
            p,
            vec![
                ("*".into(), 0..2, false),
                ("最".into(), 2..5, true),
                ("&".into(), 5..10, false),
                ("<".into(), 10..14, false)
            ]
        );
    }

    #[test]
    fn the_first_h1_is_the_title_unless_front_matter_has_one() {
        let src = "# 震惊！这种早餐不能吃\n\n正文。\n\n# 第二个标题\n";
        let e = md(src);
        assert_eq!(text_of(&e, Field::Title), vec!["震惊！这种早餐不能吃"]);
        let (r, _) = e.fields[0].clone();
        let at = src.find("震惊").unwrap_or(0);
        assert_eq!(e.map.map_range(r), at..at + "震惊！这种早餐不能吃".len());
        let e = md("---\ntitle: 前言\n---\n# 正文标题\n");
        assert_eq!(text_of(&e, Field::Title), vec!["前言"]);
        assert_eq!(text_of(&md("## 小标题\n正文\n"), Field::Title), Vec::<&str>::new());
    }

    #[test]
    fn front_matter_fields() {
        let src = "---\ntitle: \"最佳标题\"\ndigest: '摘要'\nauthor: 张三 # note\ntags: [a]\n---\n正文\n";
        let e = md(src);
        assert_eq!(text_of(&e, Field::Title), vec!["最佳标题"]);
        assert_eq!(text_of(&e, Field::Digest), vec!["摘要"]);
        assert_eq!(text_of(&e, Field::Author), vec!["张三"]);
        assert_eq!(body(&e), "正文");
        let (r, _) = e.fields[0].clone();
        let at = src.find("最佳标题").unwrap_or(0);
        assert_eq!(e.map.map_range(r), at..at + "最佳标题".len());
        let i = e.text.find("正文").unwrap_or(0);
        assert_eq!(&src[e.map.map_range(i..i + 6)], "正文");
        // No closing line: a thematic break, not front matter.
        assert!(md("---\ntitle: x\n").fields.is_empty());
        let e = md("---\r\ndescription: 描述\r\n...\r\nx");
        assert_eq!(text_of(&e, Field::Digest), vec!["描述"]);
    }

    #[test]
    fn code_blocks() {
        let src = "前\n\n```\n最佳\n```\n\n    缩进代码\n\n后 `最好` ``a ` b``";
        let e = md(src);
        assert!(!e.text.contains("最佳") && !e.text.contains("缩进"));
        assert!(e.text.contains("最好"));
        assert!(e.text.contains("a ` b"));
        let e = extract(src, &MarkdownOptions { scan_code: true });
        check_verbatim(&e, src);
        assert!(e.text.contains("最佳") && e.text.contains("缩进代码"));
        let i = e.text.find("最佳").unwrap_or(0);
        assert_eq!(&src[e.map.map_range(i..i + 6)], "最佳");
    }

    #[test]
    fn links_and_images() {
        let src = "点击[阅读*原文*](https://a.b/c?x=1&y=2 \"标题\")了解 ![最佳产品](img.png)\n\n[参考][r]\n\n[r]: http://r.s/最\n";
        let e = md(src);
        assert_eq!(body(&e).lines().next(), Some("点击阅读原文了解 "));
        // Image sources are not link text; link targets are.
        assert_eq!(text_of(&e, Field::Link), vec!["https://a.b/c?x=1&y=2", "http://r.s/最"]);
        assert_eq!(field_src(&e, src, Field::Link), vec!["https://a.b/c?x=1&y=2", "http://r.s/最"]);
        assert_eq!(text_of(&e, Field::Alt), vec!["标题", "最佳产品"]);
        let e = md(r"[x](a\_b) [y](c&amp;d)");
        assert_eq!(text_of(&e, Field::Link), vec!["a_b", "c&d"]);
        assert_eq!(field_src(&e, r"[x](a\_b) [y](c&amp;d)", Field::Link), vec![r"a\_b", "c&amp;d"]);
        let e = md("[![图](i.png)](u.html)");
        assert_eq!(text_of(&e, Field::Link), vec!["u.html"]);
        assert_eq!(text_of(&e, Field::Alt), vec!["图"]);
    }

    #[test]
    fn inline_and_block_html() {
        let src = "<span>最</span>佳 <a href=\"u\">x</a>y";
        let e = md(src);
        assert_eq!(body(&e).lines().next(), Some("最佳 xy"));
        assert_eq!(&src[e.map.map_range(0..6)], "最</span>佳");
        assert_eq!(text_of(&e, Field::Link), vec!["u"]);
        let src = "<div>\n<p>最&amp;佳</p>\n<script>\nvar x = '坏';\n</script>\n</div>\n\n后";
        let e = md(src);
        assert!(e.text.contains("最&佳") && e.text.contains('后') && !e.text.contains('坏'));
        let src = "- <script>\n  var x = '坏';\n  </script>\n";
        assert!(!md(src).text.contains('坏'));
    }

    #[test]
    fn crlf_and_breaks() {
        let src = "最\r\n佳  \r\n好\\\r\n的\r\n\r\n# 标题\r\n";
        let e = md(src);
        // The soft break between two Han characters is joined; the hard breaks are kept.
        assert_eq!(e.text, "最佳\n好\n的\n标题\n");
        assert_eq!(md("a\r\nb\r\n").text, "a\nb\n");
        let src = "| 最 | 佳\\|好 |\r\n|---|---|\r\n| 产 | 品 |\r\n";
        let e = md(src);
        assert_eq!(e.text, "最\n佳|好\n产\n品\n");
    }

    #[test]
    fn arbitrary_input_does_not_panic() {
        for src in [
            "",
            "---",
            "---\n",
            "---\n---",
            "[",
            "![",
            "`",
            "``",
            "<",
            "&",
            "\\",
            "[a](",
            "[a]: <",
            "\r",
            "\n\n\r\n",
            "- [ ] x",
            "[^1]\n\n[^1]: y",
        ] {
            md(src);
        }
    }

    #[derive(Debug, Clone)]
    enum Enc {
        Plain,
        Escape,
        Entity,
        Wrap(&'static str, &'static str),
    }

    fn enc() -> impl Strategy<Value = Enc> {
        prop_oneof![
            3 => Just(Enc::Plain),
            1 => Just(Enc::Escape),
            1 => Just(Enc::Entity),
            1 => Just(Enc::Wrap("**", "**")),
            1 => Just(Enc::Wrap("*", "*")),
            1 => Just(Enc::Wrap("~~", "~~")),
            1 => Just(Enc::Wrap("<span>", "</span>")),
            1 => Just(Enc::Wrap("[", "](http://x.y)")),
        ]
    }

    proptest! {
        #[test]
        fn random_markup_never_panics(src in "[-<>&#;x0-9a!/*_`\\[\\]()\"' \r\n最:|~]{0,60}") {
            let e = extract(&src, &MarkdownOptions::default());
            check_verbatim(&e, &src);
            let e = extract(&src, &MarkdownOptions { scan_code: true });
            check_verbatim(&e, &src);
            let e = html::extract(&src);
            check_verbatim(&e, &src);
        }

        #[test]
        fn random_inline_markup_roundtrips(
            chars in proptest::collection::vec(("[\u{4e00}-\u{9fa5}a-z0-9，。！*_\\[\\]#&<]", enc()), 1..24)
        ) {
            let mut src = String::new();
            let mut expect = Vec::new();
            let mut prev_wrap = false;
            for (s, e) in &chars {
                let c = s.chars().next().unwrap_or('x');
                let punct = c.is_ascii_punctuation();
                // Punctuation is always escaped so it cannot form markup of its own, and two
                // delimiter runs never touch (`**a****b**` is ambiguous).
                let e = match e {
                    // Escaped punctuation inside a delimiter run stops it from flanking.
                    Enc::Wrap(..) if prev_wrap || !c.is_alphanumeric() => &Enc::Escape,
                    Enc::Plain if punct => &Enc::Escape,
                    e => e,
                };
                prev_wrap = matches!(e, Enc::Wrap(..));
                let start = src.len();
                let (piece, inner) = match e {
                    Enc::Plain => (c.to_string(), 0..c.len_utf8()),
                    Enc::Escape if punct => (format!("\\{c}"), 0..1 + c.len_utf8()),
                    Enc::Escape | Enc::Entity => {
                        let p = format!("&#{};", c as u32);
                        let n = p.len();
                        (p, 0..n)
                    }
                    Enc::Wrap(open, close) => {
                        let p = format!("{open}{c}{close}");
                        (p, open.len()..open.len() + c.len_utf8())
                    }
                };
                src.push_str(&piece);
                expect.push((c, start + inner.start..start + inner.end));
            }
            let e = extract(&src, &MarkdownOptions::default());
            check_verbatim(&e, &src);
            let plain: String = expect.iter().map(|(c, _)| *c).collect();
            prop_assert_eq!(body(&e), plain);
            let mut out = 0;
            for (c, r) in &expect {
                let n = c.len_utf8();
                prop_assert_eq!(&e.text[out..out + n], c.to_string());
                prop_assert_eq!(e.map.map_range(out..out + n), r.clone());
                out += n;
            }
        }
    }
}
