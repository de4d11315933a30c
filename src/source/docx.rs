//! Word documents (`.docx`): the text of the body, headers, footers, footnotes, endnotes and
//! comments, read from the zip package under limits that refuse zip bombs.
//!
//! # Text
//!
//! Each paragraph (`w:p`) is one line of the document text, so a line and column there are a
//! paragraph and a character. Parts follow one another: the main document (`word/document.xml`,
//! or whatever `_rels/.rels` names), then `header*.xml` and `footer*.xml` in number order, then
//! `footnotes.xml`, `endnotes.xml` and `comments.xml`. In a part, paragraphs come in reading
//! order: table cells row by row, and the paragraphs of a text box (`w:txbxContent`) right after
//! the paragraph the box is anchored in. Empty paragraphs count (they are empty lines).
//!
//! In a paragraph, the text of its runs (`w:r`/`w:t`) is joined, so a word split over runs by
//! formatting is one word; `w:tab`/`w:ptab` become a tab, `w:br`/`w:cr` (line and page breaks
//! inside a paragraph) a space, `w:noBreakHyphen` a `-`. Inserted text (`w:ins`, `w:moveTo`) is
//! read; deleted text (`w:del`, `w:delText`, `w:moveFrom`), field instructions (`w:instrText`),
//! the fallback copy of a drawing (`mc:Fallback`, which repeats a text box's text), phonetic
//! guides over ruby text (`w:rt`; the base text is read), the separator footnotes, equations and
//! symbol-font characters (`w:sym`) are not. Entities and character references are decoded; no
//! DTD entity is ever expanded.
//!
//! The first non-empty paragraph styled Title is the article's title ([`Field::Title`]); without
//! one, the first non-empty paragraph when it is styled Heading 1. Styles are recognised by their
//! names in `word/styles.xml` (`Title`, `heading 1`, whatever the localised style id), else by the
//! ids `Title` and `Heading1`. Everything else is body.
//!
//! A `.docx` has no text bytes to point at: byte ranges of findings are ranges of the document
//! text described above (UTF-8), and findings carry a [`DocLocation`](crate::model::DocLocation)
//! (part, paragraph, character) instead.
//!
//! # Limits
//!
//! Entries are read through a counting reader, never trusting sizes in zip headers: the parts
//! read may decompress to at most [`SIZE_FACTOR`] × the file-size limit and never more than
//! [`MAX_DECOMPRESSED`] bytes in all; past [`RATIO_GRACE`] bytes an entry may not inflate more
//! than [`MAX_RATIO`]:1; the archive may hold at most [`MAX_ENTRIES`] entries. Only the XML parts
//! above (and the styles and relationships) are decompressed; images never are.

use std::io::{Cursor, Read};

use quick_xml::NsReader;
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use zip::ZipArchive;
use zip::result::ZipError;

use crate::model::{DocxProblem, Field, OffsetMap};
use crate::source::extract::Extracted;
use crate::source::{BytesDoc, DecodeMap, Decoded, DocPart, FormatDef, Reader, SourceError, SourceOptions};

/// Word documents.
pub const FORMAT: FormatDef = FormatDef { name: "docx", extensions: &["docx"], reader: Reader::Bytes(read) };

/// Most entries a package may hold (a Word document has tens; images add one each).
pub const MAX_ENTRIES: usize = 10_000;

/// The parts read may decompress to this many times the file-size limit (deflated
/// WordprocessingML runs 5–15:1, and the file-size limit also counts images).
pub const SIZE_FACTOR: u64 = 16;

/// The parts read never decompress to more than this many bytes, whatever the file-size limit.
pub const MAX_DECOMPRESSED: u64 = 256 * 1024 * 1024;

/// The largest inflation ratio of one entry once it is past [`RATIO_GRACE`] bytes.
pub const MAX_RATIO: u64 = 200;

/// Bytes of an entry read before [`MAX_RATIO`] applies (small parts compress extremely well).
pub const RATIO_GRACE: u64 = 1024 * 1024;

/// The decompressed bytes allowed for a file when files may be `max_file_size` bytes.
pub fn decompressed_limit(max_file_size: u64) -> u64 {
    max_file_size.saturating_mul(SIZE_FACTOR).min(MAX_DECOMPRESSED)
}

/// Reads a `.docx` into its document text (see the module documentation).
pub fn read(bytes: &[u8], opts: &SourceOptions) -> Result<BytesDoc, SourceError> {
    Ok(read_package(bytes, decompressed_limit(opts.max_file_size))?)
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const MAIN_PART: &str = "word/document.xml";

/// One paragraph: its text and its style id.
#[derive(Debug, Default)]
struct Para {
    text: String,
    style: Option<String>,
}

/// The zip archive and what is left of the decompression budget.
struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    left: u64,
    limit: u64,
}

fn not_zip(e: impl std::fmt::Display) -> DocxProblem {
    DocxProblem::NotZip { detail: e.to_string() }
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8], limit: u64) -> Result<Self, DocxProblem> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(not_zip)?;
        if zip.len() > MAX_ENTRIES {
            return Err(DocxProblem::TooManyEntries { count: zip.len(), limit: MAX_ENTRIES });
        }
        Ok(Self { zip, left: limit, limit })
    }

    /// Names of the entries (names that are not UTF-8 are left out: no part we read has one).
    fn names(&self) -> Vec<String> {
        self.zip.file_names().filter_map(Result::ok).map(|n| n.into_owned()).collect()
    }

    /// The text of entry `name`, `None` if there is none; decompressed within the limits.
    fn read(&mut self, name: &str) -> Result<Option<String>, DocxProblem> {
        let mut entry = match self.zip.by_name(name) {
            Ok(e) => e,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(not_zip(format!("{name}: {e}"))),
        };
        let compressed = entry.compressed_size().max(1);
        let mut out = Vec::new();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = entry.read(&mut buf).map_err(|e| not_zip(format!("{name}: {e}")))?;
            if n == 0 {
                break;
            }
            let n64 = n as u64;
            if n64 > self.left {
                return Err(DocxProblem::OverSize { limit: self.limit });
            }
            self.left -= n64;
            out.extend_from_slice(&buf[..n]);
            let len = out.len() as u64;
            if len > RATIO_GRACE && len / compressed > MAX_RATIO {
                return Err(DocxProblem::OverRatio { part: name.to_owned(), limit: MAX_RATIO });
            }
        }
        xml_text(out, name).map(Some)
    }
}

/// XML bytes as text: UTF-8 (a BOM is skipped) or UTF-16 with a BOM.
fn xml_text(mut bytes: Vec<u8>, part: &str) -> Result<String, DocxProblem> {
    let bad = |detail: String| DocxProblem::BadXml { part: part.to_owned(), detail };
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(&bytes)
        && enc != encoding_rs::UTF_8
    {
        return enc
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .map(|t| t.into_owned())
            .ok_or_else(|| bad(format!("invalid {}", enc.name())));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| bad(format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to())))
}

/// Reads the parts of a package within `limit` decompressed bytes and lays out its text.
fn read_package(bytes: &[u8], limit: u64) -> Result<BytesDoc, DocxProblem> {
    let mut pkg = Package::open(bytes, limit)?;
    let main = match pkg.read("_rels/.rels")? {
        Some(rels) => main_part(&rels)?.unwrap_or_else(|| MAIN_PART.to_owned()),
        None => MAIN_PART.to_owned(),
    };
    let Some(main_xml) = pkg.read(&main)? else {
        return Err(DocxProblem::MissingPart { part: main });
    };
    let dir = main.rfind('/').map_or("", |i| &main[..=i]).to_owned();
    let styles = match pkg.read(&format!("{dir}styles.xml"))? {
        Some(xml) => TitleStyles::parse(&xml, &format!("{dir}styles.xml"))?,
        None => TitleStyles::default(),
    };
    let body = paragraphs(&main_xml, &main)?;
    drop(main_xml);
    let title = styles.title_of(&body);
    let mut parts = vec![(main, body)];
    let names = pkg.names();
    for kind in ["header", "footer"] {
        let mut numbered: Vec<(u64, &String)> = names
            .iter()
            .filter_map(|n| {
                let digits = n.strip_prefix(&dir)?.strip_prefix(kind)?.strip_suffix(".xml")?;
                if digits.bytes().all(|b| b.is_ascii_digit()) { Some((digits.parse().unwrap_or(0), n)) } else { None }
            })
            .collect();
        numbered.sort();
        for (_, name) in numbered {
            if let Some(xml) = pkg.read(name)? {
                parts.push((name.clone(), paragraphs(&xml, name)?));
            }
        }
    }
    for file in ["footnotes.xml", "endnotes.xml", "comments.xml"] {
        let name = format!("{dir}{file}");
        if let Some(xml) = pkg.read(&name)? {
            let paras = paragraphs(&xml, &name)?;
            parts.push((name, paras));
        }
    }
    Ok(layout(parts, title))
}

/// Lays out the parts' paragraphs one per line; `title` is the index of the main part's title
/// paragraph.
fn layout(parts: Vec<(String, Vec<Para>)>, title: Option<usize>) -> BytesDoc {
    let total: usize = parts.iter().flat_map(|(_, ps)| ps).map(|p| p.text.len() + 1).sum();
    let mut text = String::with_capacity(total);
    let mut doc_parts = Vec::new();
    let mut fields = Vec::new();
    let mut line = 1;
    for (i, (name, paras)) in parts.into_iter().enumerate() {
        if paras.is_empty() {
            continue;
        }
        doc_parts.push(DocPart { name, first_line: line });
        for (j, p) in paras.iter().enumerate() {
            let start = text.len();
            text.push_str(&p.text);
            if i == 0 && title == Some(j) {
                fields.push((start..text.len(), Field::Title));
            }
            text.push('\n');
            line += 1;
        }
    }
    let map = OffsetMap::identity(text.len(), 0);
    let extracted = Extracted { text: text.clone(), map: map.clone(), fields, declared: None };
    BytesDoc { decoded: Decoded { text, encoding: "UTF-8", map: DecodeMap::Pieces(map) }, extracted, parts: doc_parts }
}

fn bad_xml(part: &str, at: u64, e: impl std::fmt::Display) -> DocxProblem {
    DocxProblem::BadXml { part: part.to_owned(), detail: format!("at byte {at}: {e}") }
}

/// The value of the attribute with local name `local` (`w:val`, `Type`…), entities decoded.
fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// The main document part named by the package relationships, if they name one.
fn main_part(rels: &str) -> Result<Option<String>, DocxProblem> {
    let mut reader = NsReader::from_str(rels);
    loop {
        let event = reader.read_event().map_err(|e| bad_xml("_rels/.rels", reader.error_position(), e))?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if attr(&e, "Type").is_some_and(|t| t.ends_with("/officeDocument"))
                    && let Some(target) = attr(&e, "Target")
                {
                    return Ok(Some(target.trim_start_matches('/').to_owned()));
                }
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

/// The style ids that make a paragraph the title.
#[derive(Debug)]
struct TitleStyles {
    title: Vec<String>,
    heading1: Vec<String>,
}

impl Default for TitleStyles {
    fn default() -> Self {
        Self { title: vec!["Title".to_owned()], heading1: vec!["Heading1".to_owned()] }
    }
}

impl TitleStyles {
    /// The defaults plus the ids of the styles named `Title` and `heading 1` in `styles.xml`.
    fn parse(xml: &str, part: &str) -> Result<Self, DocxProblem> {
        let mut out = Self::default();
        let mut reader = NsReader::from_str(xml);
        let mut id: Option<String> = None;
        loop {
            let event = reader.read_event().map_err(|e| bad_xml(part, reader.error_position(), e))?;
            match event {
                Event::Start(e) if e.local_name().as_ref() == "style" => id = attr(&e, "styleId"),
                Event::End(e) if e.local_name().as_ref() == "style" => id = None,
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "name" => {
                    if let (Some(id), Some(name)) = (id.as_ref(), attr(&e, "val")) {
                        match name.to_ascii_lowercase().as_str() {
                            "title" => out.title.push(id.clone()),
                            "heading 1" => out.heading1.push(id.clone()),
                            _ => {}
                        }
                    }
                }
                Event::Eof => return Ok(out),
                _ => {}
            }
        }
    }

    /// Index of the title paragraph: the first non-empty one styled Title, else the first
    /// non-empty one if it is styled Heading 1.
    fn title_of(&self, paras: &[Para]) -> Option<usize> {
        let styled = |p: &Para, ids: &[String]| p.style.as_ref().is_some_and(|s| ids.contains(s));
        let filled = |p: &Para| !p.text.trim().is_empty();
        paras.iter().position(|p| filled(p) && styled(p, &self.title)).or_else(|| {
            let first = paras.iter().position(filled)?;
            styled(&paras[first], &self.heading1).then_some(first)
        })
    }
}

/// What an open element is, as far as text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// `w:p`.
    Para,
    /// `w:r`.
    Run,
    /// `w:t`: its character data is text.
    Text,
    /// `w:pPr`.
    ParaProps,
    /// Anything else.
    Other,
}

/// Appends character data, line breaks made spaces (a paragraph stays one line).
fn push_text(out: &mut String, s: &str) {
    out.extend(s.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }));
}

/// The paragraphs of one part, in the order of their start tags (reading order).
fn paragraphs(xml: &str, part: &str) -> Result<Vec<Para>, DocxProblem> {
    let mut reader = NsReader::from_str(xml);
    let mut paras: Vec<Para> = Vec::new();
    // Indices of the open paragraphs (a text box's paragraphs are inside a run of another).
    let mut open: Vec<usize> = Vec::new();
    let mut stack: Vec<Tag> = Vec::new();
    // Depth inside an element whose content is not text (deleted, fallback…); 0 outside.
    let mut skip = 0usize;
    loop {
        let (ns, event) = match reader.read_resolved_event() {
            Ok((ResolveResult::Bound(n), event)) if n.0 == W || n.0 == W_STRICT => (Some(W), event),
            Ok((ResolveResult::Bound(n), event)) if n.0 == MC => (Some(MC), event),
            Ok((_, event)) => (None, event),
            Err(e) => return Err(bad_xml(part, reader.error_position(), e)),
        };
        match event {
            Event::Start(e) => {
                if skip > 0 {
                    skip += 1;
                    continue;
                }
                let local = e.local_name();
                let name = local.as_ref();
                if skipped(ns, name, &e) {
                    skip = 1;
                    continue;
                }
                let tag = match (ns, name) {
                    (Some(W), "p") => {
                        paras.push(Para::default());
                        open.push(paras.len() - 1);
                        Tag::Para
                    }
                    (Some(W), "r") => Tag::Run,
                    (Some(W), "t") => Tag::Text,
                    (Some(W), "pPr") => Tag::ParaProps,
                    (Some(W), _) => {
                        leaf(name, &e, stack.last().copied(), open.last().and_then(|&i| paras.get_mut(i)));
                        Tag::Other
                    }
                    _ => Tag::Other,
                };
                stack.push(tag);
            }
            Event::Empty(e) => {
                if skip > 0 || ns != Some(W) {
                    continue;
                }
                let local = e.local_name();
                if local.as_ref() == "p" {
                    paras.push(Para::default());
                } else {
                    leaf(local.as_ref(), &e, stack.last().copied(), open.last().and_then(|&i| paras.get_mut(i)));
                }
            }
            Event::End(_) => {
                if skip > 0 {
                    skip -= 1;
                } else if stack.pop() == Some(Tag::Para) {
                    open.pop();
                }
            }
            Event::Text(t) => {
                if let Some(p) = text_target(skip, &stack, &open, &mut paras) {
                    push_text(&mut p.text, &t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(p) = text_target(skip, &stack, &open, &mut paras) {
                    push_text(&mut p.text, &t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(p) = text_target(skip, &stack, &open, &mut paras) {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => push_text(&mut p.text, c.encode_utf8(&mut [0; 4])),
                        Ok(None) => match resolve_xml_entity(&r) {
                            Some(s) => p.text.push_str(s),
                            // No DTD declares others: keep the reference as written.
                            None => {
                                p.text.push('&');
                                p.text.push_str(&r);
                                p.text.push(';');
                            }
                        },
                        Err(e) => return Err(bad_xml(part, reader.buffer_position(), e)),
                    }
                }
            }
            Event::Eof => return Ok(paras),
            _ => {}
        }
    }
}

/// The paragraph character data goes to, if it is text: inside a `w:t` of an open paragraph and
/// not in a skipped element.
fn text_target<'p>(skip: usize, stack: &[Tag], open: &[usize], paras: &'p mut [Para]) -> Option<&'p mut Para> {
    if skip > 0 || stack.last() != Some(&Tag::Text) {
        return None;
    }
    open.last().and_then(|&i| paras.get_mut(i))
}

/// Whether the element starting with `e` holds no text to read: deleted or moved-away runs,
/// field instructions, phonetic guides, the fallback copy of alternate content, separator
/// footnotes.
fn skipped(ns: Option<&str>, name: &str, e: &BytesStart<'_>) -> bool {
    match (ns, name) {
        (Some(W), "del" | "delText" | "moveFrom" | "instrText" | "delInstrText" | "rt") => true,
        (Some(W), "footnote" | "endnote") => attr(e, "type")
            .is_some_and(|t| matches!(t.as_str(), "separator" | "continuationSeparator" | "continuationNotice")),
        (Some(MC), "Fallback") => true,
        _ => false,
    }
}

/// A WordprocessingML element that stands for a character or sets the paragraph style.
fn leaf(name: &str, e: &BytesStart<'_>, parent: Option<Tag>, para: Option<&mut Para>) {
    let Some(para) = para else { return };
    match (name, parent) {
        ("tab" | "ptab", Some(Tag::Run)) => para.text.push('\t'),
        ("br" | "cr", Some(Tag::Run)) => para.text.push(' '),
        ("noBreakHyphen", Some(Tag::Run)) => para.text.push('-'),
        // The first one: a tracked change's old properties come later in `w:pPr`.
        ("pStyle", Some(Tag::ParaProps)) if para.style.is_none() => para.style = attr(e, "val"),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::time::Instant;

    use zip::CompressionMethod;
    use zip::write::SimpleFileOptions;

    use super::*;
    use crate::source::{Format, load};

    const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
                      xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"";

    /// A zip of `entries`, each compressed with `method`.
    fn zip_of(entries: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default().compression_method(method);
        for (name, data) in entries {
            w.start_file(*name, opts).expect("start entry");
            w.write_all(data).expect("write entry");
        }
        w.finish().expect("finish zip").into_inner()
    }

    /// A `.docx` whose body is `body` (the content of `w:body`), plus `extra` parts.
    fn docx(body: &str, extra: &[(&str, String)]) -> Vec<u8> {
        let document = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <w:document {NS}><w:body>{body}</w:body></w:document>"
        );
        let mut entries: Vec<(&str, &[u8])> = vec![("word/document.xml", document.as_bytes())];
        entries.extend(extra.iter().map(|(n, x)| (*n, x.as_bytes())));
        zip_of(&entries, CompressionMethod::Deflated)
    }

    fn lines(bytes: &[u8]) -> Vec<String> {
        let doc = read(bytes, &SourceOptions::default()).expect("reads");
        doc.decoded.text.lines().map(str::to_owned).collect()
    }

    fn p(runs: &str) -> String {
        format!("<w:p>{runs}</w:p>")
    }

    fn r(text: &str) -> String {
        format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
    }

    #[test]
    fn runs_join_and_special_characters_become_text() {
        let body = [
            p(&format!("{}{}", r("最"), r("好"))),
            p("<w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>\
               <w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t><w:noBreakHyphen/></w:r>"),
            p(&r("&lt;&amp;&gt;&quot;&apos;&#x6700;&#22909;")),
            "<w:p/>".to_owned(),
            p(&r("line\nbreak")),
        ]
        .concat();
        assert_eq!(lines(&docx(&body, &[])), ["最好", "a\tb c d-", "<&>\"'最好", "", "line break"]);
    }

    #[test]
    fn deleted_moved_away_field_codes_and_fallbacks_are_left_out() {
        let body = [
            p(&format!(
                "{}<w:del w:id=\"1\" w:author=\"x\"><w:r><w:delText>全网最低价</w:delText></w:r></w:del>\
                 <w:ins w:id=\"2\" w:author=\"x\">{}</w:ins>",
                r("保留"),
                r("插入")
            )),
            p(&format!(
                "<w:moveFrom w:id=\"3\">{}</w:moveFrom><w:moveTo w:id=\"4\">{}</w:moveTo>",
                r("旧处"),
                r("新处")
            )),
            p(&format!(
                "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>HYPERLINK \"x\"</w:instrText></w:r>\
                 <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
                r("链接")
            )),
            p(&format!(
                "{}<w:r><mc:AlternateContent>\
                 <mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>{}</w:txbxContent></w:drawing></mc:Choice>\
                 <mc:Fallback><w:pict><w:txbxContent>{}</w:txbxContent></w:pict></mc:Fallback>\
                 </mc:AlternateContent></w:r>{}",
                r("锚前"),
                p(&r("框内")),
                p(&r("框内")),
                r("锚后")
            )),
            p(&format!("<w:r><w:ruby><w:rt>{}</w:rt><w:rubyBase>{}</w:rubyBase></w:ruby></w:r>", r("zuì"), r("最"))),
            p(&r("末段")),
        ]
        .concat();
        assert_eq!(lines(&docx(&body, &[])), ["保留插入", "新处", "链接", "锚前锚后", "框内", "最", "末段"]);
    }

    #[test]
    fn tables_are_read_cell_by_cell() {
        let cell = |t: &str| format!("<w:tc>{}</w:tc>", p(&r(t)));
        let body = format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            cell("甲"),
            cell("乙"),
            cell("丙"),
            cell("丁")
        );
        assert_eq!(lines(&docx(&body, &[])), ["甲", "乙", "丙", "丁"]);
    }

    #[test]
    fn parts_come_in_order_with_their_first_lines() {
        let hdr = |t: &str| format!("<w:hdr {NS}>{}</w:hdr>", p(&r(t)));
        let notes = format!(
            "<w:footnotes {NS}><w:footnote w:type=\"separator\" w:id=\"-1\">{}</w:footnote>\
             <w:footnote w:type=\"continuationSeparator\" w:id=\"0\">{}</w:footnote>\
             <w:footnote w:id=\"1\">{}{}</w:footnote></w:footnotes>",
            p("<w:r><w:separator/></w:r>"),
            p("<w:r><w:continuationSeparator/></w:r>"),
            p(&r("注一")),
            p(&r("注二"))
        );
        let comments = format!("<w:comments {NS}><w:comment w:id=\"0\">{}</w:comment></w:comments>", p(&r("批注")));
        let bytes = docx(
            &format!("{}{}", p(&r("正文一")), p(&r("正文二"))),
            &[
                ("word/header10.xml", hdr("页眉十")),
                ("word/header2.xml", hdr("页眉二")),
                ("word/footer1.xml", format!("<w:ftr {NS}>{}</w:ftr>", p(&r("页脚")))),
                ("word/footnotes.xml", notes),
                ("word/comments.xml", comments),
                ("word/media/image1.png", "\u{89}PNG".to_owned()),
            ],
        );
        let doc = read(&bytes, &SourceOptions::default()).expect("reads");
        assert_eq!(doc.decoded.text, "正文一\n正文二\n页眉二\n页眉十\n页脚\n注一\n注二\n批注\n");
        let parts: Vec<(&str, usize)> = doc.parts.iter().map(|p| (p.name.as_str(), p.first_line)).collect();
        assert_eq!(
            parts,
            [
                ("word/document.xml", 1),
                ("word/header2.xml", 3),
                ("word/header10.xml", 4),
                ("word/footer1.xml", 5),
                ("word/footnotes.xml", 6),
                ("word/comments.xml", 8)
            ]
        );
        assert_eq!(doc.extracted.text, doc.decoded.text);
        assert_eq!(doc.decoded.map_range(3..9), 3..9, "byte ranges are ranges of the document text");
    }

    #[test]
    fn locations_name_part_paragraph_and_character() {
        let notes = format!(
            "<w:footnotes {NS}><w:footnote w:id=\"1\">{}{}</w:footnote></w:footnotes>",
            p(&r("注一")),
            p(&r("第二条注"))
        );
        let bytes = docx(&p(&r("正文")), &[("word/footnotes.xml", notes)]);
        let doc = load(&bytes, Format::DOCX, &SourceOptions::default()).expect("loads");
        let at = |line, column| doc.location(crate::model::Position { line, column }).expect("located");
        let loc = at(3, 3);
        assert_eq!((loc.part.as_str(), loc.paragraph, loc.character), ("word/footnotes.xml", 2, 3));
        let loc = at(1, 1);
        assert_eq!((loc.part.as_str(), loc.paragraph, loc.character), ("word/document.xml", 1, 1));
        let txt = load("正文".as_bytes(), Format::TXT, &SourceOptions::default()).expect("loads");
        assert_eq!(txt.location(crate::model::Position { line: 1, column: 1 }), None);
    }

    #[test]
    fn the_title_is_the_paragraph_styled_title_or_a_leading_heading_1() {
        let styled = |style: &str, t: &str| p(&format!("<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{}", r(t)));
        let title_of = |bytes: &[u8]| {
            let doc = read(bytes, &SourceOptions::default()).expect("reads");
            let e = &doc.extracted;
            e.fields.iter().find(|(_, f)| *f == Field::Title).map(|(r, _)| e.text[r.clone()].to_owned())
        };
        // Localised style ids, recognised by their names in styles.xml.
        let styles = format!(
            "<w:styles {NS}><w:style w:type=\"paragraph\" w:styleId=\"a3\"><w:name w:val=\"Title\"/></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name w:val=\"heading 1\"/></w:style></w:styles>"
        );
        let body = format!("<w:p/>{}{}{}", styled("1", "第一章"), p(&r("正文")), styled("a3", "真正的标题"));
        assert_eq!(title_of(&docx(&body, &[("word/styles.xml", styles.clone())])).as_deref(), Some("真正的标题"));
        let body = format!("<w:p/>{}{}", styled("1", "第一章"), p(&r("正文")));
        assert_eq!(title_of(&docx(&body, &[("word/styles.xml", styles.clone())])).as_deref(), Some("第一章"));
        let body = format!("{}{}", p(&r("正文")), styled("1", "第一章"));
        assert_eq!(title_of(&docx(&body, &[("word/styles.xml", styles)])), None, "a later heading is a section's");
        let body = format!("{}{}", p(&r("正文")), styled("Title", "标题"));
        assert_eq!(title_of(&docx(&body, &[])).as_deref(), Some("标题"), "English ids without styles.xml");
    }

    #[test]
    fn the_main_part_is_found_through_the_package_relationships() {
        let rels = "<?xml version=\"1.0\"?>\
            <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
            <Relationship Id=\"rId1\" Target=\"/word/document2.xml\" \
            Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\"/>\
            </Relationships>";
        let document = format!("<w:document {NS}><w:body>{}</w:body></w:document>", p(&r("正文")));
        let bytes = zip_of(
            &[("_rels/.rels", rels.as_bytes()), ("word/document2.xml", document.as_bytes())],
            CompressionMethod::Deflated,
        );
        let doc = read(&bytes, &SourceOptions::default()).expect("reads");
        assert_eq!(doc.parts[0].name, "word/document2.xml");
        assert_eq!(doc.decoded.text, "正文\n");
    }

    fn problem(bytes: &[u8], opts: &SourceOptions) -> DocxProblem {
        match read(bytes, opts) {
            Err(SourceError::Docx(p)) => p,
            other => panic!("expected a docx problem, got {other:?}"),
        }
    }

    #[test]
    fn damaged_packages_are_problems() {
        let opts = SourceOptions::default();
        assert!(matches!(problem(b"PK\x03\x04 not really a zip", &opts), DocxProblem::NotZip { .. }));
        let no_doc = zip_of(&[("word/styles.xml", b"<w:styles/>")], CompressionMethod::Deflated);
        assert_eq!(problem(&no_doc, &opts), DocxProblem::MissingPart { part: "word/document.xml".into() });
        let broken = zip_of(&[("word/document.xml", b"<w:document><w:body></w:document>")], CompressionMethod::Stored);
        let p = problem(&broken, &opts);
        assert!(matches!(&p, DocxProblem::BadXml { part, .. } if part == "word/document.xml"), "{p:?}");
        let latin1 = zip_of(&[("word/document.xml", b"<a>\xE9</a>")], CompressionMethod::Stored);
        assert!(matches!(problem(&latin1, &opts), DocxProblem::BadXml { .. }));
    }

    #[test]
    fn utf16_parts_are_read() {
        let mut xml = vec![0xFF, 0xFE];
        let document = format!("<w:document {NS}><w:body>{}</w:body></w:document>", p(&r("正文")));
        for u in document.encode_utf16() {
            xml.extend_from_slice(&u.to_le_bytes());
        }
        let bytes = zip_of(&[("word/document.xml", &xml)], CompressionMethod::Deflated);
        assert_eq!(lines(&bytes), ["正文"]);
    }

    #[test]
    fn zip_bombs_are_refused() {
        // One entry of zeros: deflate packs 8 MiB into ~8 KiB, a ratio of ~1000:1.
        let zeros = vec![0u8; 8 << 20];
        let bomb = zip_of(&[("word/document.xml", &zeros)], CompressionMethod::Deflated);
        assert!(bomb.len() < 1 << 20);
        let refused = problem(&bomb, &SourceOptions::default());
        assert_eq!(refused, DocxProblem::OverRatio { part: "word/document.xml".into(), limit: MAX_RATIO });

        // Stored entries (ratio 1) over the total: 16 × a 100 KiB file limit.
        let filler = "甲".repeat(300 * 1024);
        let body = format!("<w:document {NS}><w:body>{}</w:body></w:document>", p(&r(&filler)));
        let big = zip_of(
            &[("word/document.xml", body.as_bytes()), ("word/footnotes.xml", body.as_bytes())],
            CompressionMethod::Stored,
        );
        let small = SourceOptions { max_file_size: 2 * 1024 * 1024, ..SourceOptions::default() };
        assert!(read(&big, &small).is_ok(), "32 MiB allowed");
        let tiny = SourceOptions { max_file_size: 100 * 1024, ..SourceOptions::default() };
        assert_eq!(problem(&big, &tiny), DocxProblem::OverSize { limit: 1600 * 1024 });
        assert_eq!(decompressed_limit(u64::MAX), MAX_DECOMPRESSED);

        let names: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("media/{i}")).collect();
        let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
        let many = zip_of(&entries, CompressionMethod::Stored);
        assert_eq!(
            problem(&many, &SourceOptions::default()),
            DocxProblem::TooManyEntries { count: MAX_ENTRIES + 1, limit: MAX_ENTRIES }
        );
    }

    #[test]
    fn extraction_time_grows_linearly() {
        // `n` paragraphs of split runs, a text box every 50, and one paragraph of `n` runs.
        let make = |n: usize| {
            let mut body = String::new();
            for i in 0..n {
                if i % 50 == 0 {
                    body.push_str(&p(&format!("<w:r><w:txbxContent>{}</w:txbxContent></w:r>", p(&r("框")))));
                }
                body.push_str(&p(&format!("{}{}<w:r><w:tab/></w:r>{}", r("第"), r(&i.to_string()), r("段&amp;最好"))));
            }
            body.push_str(&p(&(0..n).map(|i| r(&format!("长{i}"))).collect::<String>()));
            let document = format!("<w:document {NS}><w:body>{body}</w:body></w:document>");
            zip_of(&[("word/document.xml", document.as_bytes())], CompressionMethod::Stored)
        };
        // Thread CPU time (Linux), so other processes on a loaded machine do not count.
        let cpu = || -> Option<std::time::Duration> {
            let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
            stat.split_whitespace().next()?.parse().ok().map(std::time::Duration::from_nanos)
        };
        let once = |bytes: &[u8]| {
            let (t, c) = (Instant::now(), cpu());
            let doc = read(bytes, &SourceOptions::default()).expect("reads");
            assert!(!doc.decoded.text.is_empty());
            match (c, cpu()) {
                (Some(a), Some(b)) => b.saturating_sub(a),
                _ => t.elapsed(),
            }
        };
        let n = 10_000;
        let (small, large) = (make(n), make(4 * n));
        // Interleaved runs, the fastest of five each; a ratio over the bound is measured again up
        // to twice (quadratic work fails every time, a burst of load does not).
        let mut ratio = f64::MAX;
        let (mut t1, mut t4) = (std::time::Duration::MAX, std::time::Duration::MAX);
        for _attempt in 0..3 {
            for _ in 0..5 {
                t1 = t1.min(once(&small));
                t4 = t4.min(once(&large));
            }
            ratio = ratio.min(t4.as_secs_f64() / t1.as_secs_f64().max(1e-6));
            if ratio < 8.0 {
                break;
            }
        }
        assert!(ratio < 8.0, "4× the input took {ratio:.1}× the time ({t1:?} → {t4:?})");
    }
}
