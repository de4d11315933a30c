//! One document through the pipeline: source → normalize → detect → findings with exact spans.

use std::collections::HashSet;

use std::ops::Range;

use crate::detect::dedup::index::{Index, QueryOptions};
use crate::detect::{Engine, Rule};
use crate::finding::{Context, Finding, Position, Related};
use crate::lang::Lang;
use crate::report::{FileReport, FileStatus};
use crate::source::{self, Format, SourceDoc, SourceError, SourceOptions};

/// Options for scanning one document.
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    /// How sources are read.
    pub source: SourceOptions,
    /// Language of messages.
    pub lang: Lang,
}

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

/// The message template of a rule in the selected language.
fn template(rule: &Rule, lang: Lang) -> &str {
    match lang {
        Lang::Zh => &rule.message,
        Lang::En => &rule.message_en,
    }
}

/// A finding of `rule` at byte range `ext` of the extracted text, mapped back to the original file.
fn finding(
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
        byte_range: doc.decoded.map.map_range(dec.clone()),
        matched: doc.decoded.text[dec.clone()].to_owned(),
        term: term.to_owned(),
        context: context(lines, &dec),
        related: Vec::new(),
    }
}

/// Orders findings by position in the file, then rule id.
fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.byte_range.start.cmp(&b.byte_range.start).then(a.rule.cmp(&b.rule)));
}

/// Runs detection over a loaded document and maps every hit back to the original file.
///
/// `ignored` holds indices of rules ignored for this file (per-file ignores).
pub fn find(path: &str, doc: &SourceDoc, engine: &Engine, lang: Lang, ignored: &HashSet<usize>) -> Vec<Finding> {
    let hits = engine.detect(&doc.extracted.text);
    if hits.is_empty() {
        return Vec::new();
    }
    let index = LineIndex::new(&doc.decoded.text);
    let mut out = Vec::with_capacity(hits.len());
    for hit in hits {
        if ignored.contains(&hit.rule) {
            continue;
        }
        let rule = &engine.rules()[hit.rule];
        let ext = hit.range.clone();
        let field = doc.extracted.field_at(ext.start);
        if !rule.fields.contains(&field) {
            continue;
        }
        let term = engine.term(&hit, &doc.extracted.text);
        let near = hit.partner.as_ref().and_then(|p| doc.extracted.text.get(p.clone())).unwrap_or("");
        let message = template(rule, lang).replace("{term}", term).replace("{near}", near);
        out.push(finding(path, doc, &index, rule, ext, message, term));
    }
    sort_findings(&mut out);
    out
}

/// A corpus index to check documents against, with the query thresholds.
#[derive(Debug, Clone, Copy)]
pub struct CorpusCheck<'a> {
    /// The index.
    pub index: &'a Index,
    /// Thresholds (from `[dedup]` in hegui.toml).
    pub options: QueryOptions,
}

/// Findings of corpus rules: one per passage the document shares with another document of the
/// corpus index (the document's own entry, same path, is skipped), for passages in groups long
/// enough to report. A copied passage (verbatim or near, even when moved) is DUP001
/// (`kind = "corpus"`), a rewritten one DUP002 (`kind = "rewrite"`); each finding carries the
/// corpus passage as a related location.
pub fn corpus_findings(
    path: &str,
    doc: &SourceDoc,
    engine: &Engine,
    lang: Lang,
    corpus: &CorpusCheck<'_>,
    ignored: &HashSet<usize>,
) -> Vec<Finding> {
    use crate::detect::pack::RuleKind;
    let enabled = |want: fn(&RuleKind) -> bool| -> Vec<usize> {
        engine
            .rules()
            .iter()
            .enumerate()
            .filter(|(i, r)| want(&r.kind) && !ignored.contains(i))
            .map(|(i, _)| i)
            .collect()
    };
    let copied = enabled(|k| matches!(k, RuleKind::Corpus));
    let rewritten = enabled(|k| matches!(k, RuleKind::Rewrite));
    if copied.is_empty() && rewritten.is_empty() {
        return Vec::new();
    }
    let mut options = corpus.options;
    options.rewrites &= !rewritten.is_empty();
    let matches = corpus.index.query(&doc.extracted.text, &options);
    if matches.is_empty() {
        return Vec::new();
    }
    let lines = LineIndex::new(&doc.decoded.text);
    let mut out = Vec::new();
    for m in matches.iter().filter(|m| m.path != path) {
        let name = m.title.clone().unwrap_or_else(|| m.path.clone());
        for p in m.groups.iter().filter_map(|g| m.passages.get(g.clone())).flatten() {
            let rules = if p.literal { &copied } else { &rewritten };
            let kind = match lang {
                Lang::Zh => p.kind.as_zh(),
                Lang::En => p.kind.as_str(),
            };
            let dec = doc.extracted.map.map_range(p.draft.clone());
            let related = Related {
                path: m.path.clone(),
                byte_range: p.corpus.clone(),
                source_range: doc.decoded.map.map_range(dec.clone()),
                start: lines.position(dec.start),
                end: lines.position(dec.end),
                kind: p.kind.as_str().to_owned(),
                similarity: (p.similarity * 100.0).round() as u32,
            };
            for &ri in rules {
                let rule = &engine.rules()[ri];
                let corpus_at = format!("{} {}–{}", m.path, p.corpus.start, p.corpus.end);
                let message = template(rule, lang)
                    .replace("{doc}", &name)
                    .replace("{chars}", &p.chars.to_string())
                    .replace("{coverage}", &format!("{:.0}%", m.coverage * 100.0))
                    .replace("{similarity}", &format!("{:.0}%", p.similarity * 100.0))
                    .replace("{kind}", kind)
                    .replace("{corpus}", &corpus_at);
                let mut f = finding(path, doc, &lines, rule, p.draft.clone(), message, &m.path);
                f.related.push(related.clone());
                out.push(f);
            }
        }
    }
    out
}

/// The user-facing text of a source error.
pub fn error_text(err: &SourceError, lang: Lang) -> String {
    use crate::source::DecodeError;
    match (err, lang) {
        (SourceError::Binary, Lang::Zh) => "二进制文件，已跳过".into(),
        (SourceError::Binary, Lang::En) => "binary file, skipped".into(),
        (SourceError::TooLarge { size, limit }, Lang::Zh) => {
            format!("文件过大（{size} 字节，上限 {limit} 字节），未扫描")
        }
        (SourceError::TooLarge { size, limit }, Lang::En) => {
            format!("file too large ({size} bytes, limit {limit}), not scanned")
        }
        (SourceError::Decode(DecodeError::Invalid { encoding, offset }), Lang::Zh) => {
            format!("无法按 {encoding} 解码：第 {offset} 字节处编码无效")
        }
        (SourceError::Decode(DecodeError::Undetected { offset }), Lang::Zh) => {
            format!("无法解码：第 {offset} 字节处不是有效的 UTF-8，也不像 GB18030 文本（可用 --encoding 指定编码）")
        }
        (SourceError::Decode(e), Lang::En) => format!("cannot decode: {e} (use --encoding to force one)"),
        (SourceError::Io(e), Lang::Zh) => format!("无法读取：{}", io_reason_zh(e)),
        (SourceError::Io(e), Lang::En) => format!("cannot read: {e}"),
    }
}

fn io_reason_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "文件不存在".into(),
        PermissionDenied => "没有读取权限".into(),
        IsADirectory => "是一个目录".into(),
        _ => e.to_string(),
    }
}

/// Scans bytes that came from `path` (format chosen by extension, plain text otherwise).
pub fn scan_bytes(path: &str, bytes: &[u8], engine: &Engine, opts: &ScanOptions) -> FileReport {
    let format = Format::from_path(std::path::Path::new(path)).unwrap_or(Format::Txt);
    scan_loaded(path, source::load(bytes, format, &opts.source), engine, opts.lang, &HashSet::new(), None)
}

/// Turns a load result into a file report, scanning it when it loaded.
pub fn scan_loaded(
    path: &str,
    loaded: Result<SourceDoc, SourceError>,
    engine: &Engine,
    lang: Lang,
    ignored: &HashSet<usize>,
    corpus: Option<&CorpusCheck<'_>>,
) -> FileReport {
    match loaded {
        Ok(doc) => {
            let mut findings = find(path, &doc, engine, lang, ignored);
            if let Some(corpus) = corpus {
                findings.extend(corpus_findings(path, &doc, engine, lang, corpus, ignored));
                sort_findings(&mut findings);
            }
            FileReport {
                path: path.to_owned(),
                findings,
                status: FileStatus::Scanned {
                    encoding: doc.decoded.encoding.to_owned(),
                    format: doc.format.as_str().to_owned(),
                },
            }
        }
        Err(SourceError::Binary) => FileReport {
            path: path.to_owned(),
            status: FileStatus::Skipped { reason: error_text(&SourceError::Binary, lang) },
            findings: Vec::new(),
        },
        Err(e) => FileReport {
            path: path.to_owned(),
            status: FileStatus::Error { message: error_text(&e, lang) },
            findings: Vec::new(),
        },
    }
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
