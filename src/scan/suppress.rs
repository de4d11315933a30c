//! Inline suppressions: directives in an article that silence named rules at one spot and record
//! who cleared it and why — like ruff's `# noqa`, but with a scope.
//!
//! In Markdown and HTML a directive is a comment; in plain text (and `.docx` paragraphs) the same
//! words on a line of their own:
//!
//! ```text
//! <!-- hegui-disable-next-line AD001 by=legal -- 法务已确认 -->   the next non-blank line
//! <!-- hegui-disable-line AD001 -- 引用原文 -->                   the line(s) of the directive
//! <!-- hegui-disable AD001,platform -- 理由 -->                  from here …
//! <!-- hegui-enable AD001 -->                                    … to here (or the end of the file)
//! <!-- hegui-disable-file PII -- 示例数据 -->                     the whole file
//! ```
//!
//! A rule id, id prefix, category or pack is required (case-insensitive); the reason follows `--`
//! (or `reason="…"`), the person `by=`. With `[check] require-reason = true` a directive without a
//! reason is reported and does not suppress. Suppressed findings are kept (JSON, SARIF) and counted;
//! a directive that silences nothing is reported as [`UNUSED`], a malformed one as [`INVALID`].

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use crate::model::{Field, Finding, Lang, RuleMeta, Severity, Suppression, SuppressionKind};
use crate::source::SourceDoc;

use super::locate::{LineIndex, context};

/// Rule id of an unused suppression (a directive that silenced nothing).
pub const UNUSED: &str = "HG001";
/// Rule id of a malformed suppression (no rule named, an unknown rule, no reason when one is
/// required, an enable without a disable).
pub const INVALID: &str = "HG002";

/// Whether a rule selector names the suppression notes: `hegui`, or a prefix of [`UNUSED`] or
/// [`INVALID`] (`HG`, `hg001`).
pub fn names_note(sel: &str) -> bool {
    let upper = sel.to_ascii_uppercase();
    sel.eq_ignore_ascii_case("hegui") || (upper.len() >= 2 && [UNUSED, INVALID].iter().any(|c| c.starts_with(&upper)))
}

/// What a directive covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The next non-blank line that is not itself a directive.
    NextLine,
    /// The line(s) the directive is on.
    Line,
    /// From the directive to the matching `hegui-enable` (or the end of the file).
    Block,
    /// The whole file.
    File,
    /// Ends blocks.
    Enable,
}

/// One directive as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// What it covers.
    pub scope: Scope,
    /// Rule ids, id prefixes, categories or packs, as written.
    pub selectors: Vec<String>,
    /// The reason, if given.
    pub reason: Option<String>,
    /// Who cleared it, if given.
    pub by: Option<String>,
    /// Byte range in the decoded text.
    pub range: Range<usize>,
    /// 1-based first line.
    pub line: usize,
    /// 1-based last line.
    pub end_line: usize,
    /// Nothing but the directive on its lines.
    pub own_line: bool,
}

/// Finds the directives in `text`: comments, and with `plain` also lines of their own.
pub fn parse(text: &str, plain: bool) -> Vec<Directive> {
    // (memchr's SIMD search: `str::contains` reads a long text several times slower.)
    if memchr::memmem::find(text.as_bytes(), b"hegui-").is_none() {
        return Vec::new();
    }
    let starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let line_of = |off: usize| starts.partition_point(|&s| s <= off);
    let line_end = |line: usize| starts.get(line).map_or(text.len(), |&s| s - 1);
    let mut out = Vec::new();
    let mut push = |body: &str, range: Range<usize>| {
        let Some((scope, selectors, reason, by)) = parse_body(body) else { return };
        let (line, end_line) = (line_of(range.start), line_of(range.end.saturating_sub(1).max(range.start)));
        let before = &text[starts[line - 1]..range.start];
        let after = &text[range.end..line_end(end_line).max(range.end)];
        let own_line = before.trim().is_empty() && after.trim().is_empty();
        out.push(Directive { scope, selectors, reason, by, range, line, end_line, own_line });
    };
    let mut at = 0;
    while let Some(i) = text[at..].find("<!--") {
        let open = at + i;
        let body_start = open + 4;
        let Some(j) = text[body_start..].find("-->") else { break };
        let end = body_start + j + 3;
        push(text[body_start..body_start + j].trim(), open..end);
        at = end;
    }
    if plain {
        for (n, &s) in starts.iter().enumerate() {
            let e = line_end(n + 1);
            let line = text[s..e].trim();
            if line.starts_with("hegui-disable") || line.starts_with("hegui-enable") {
                push(line, s..e);
            }
        }
        out.sort_by_key(|d| d.range.start);
    }
    out
}

type Body = (Scope, Vec<String>, Option<String>, Option<String>);

/// The scope, selectors, reason and author of a directive's text, or `None` if it is not one.
fn parse_body(body: &str) -> Option<Body> {
    let (word, rest) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
    let scope = match word {
        "hegui-disable-next-line" => Scope::NextLine,
        "hegui-disable-line" => Scope::Line,
        "hegui-disable" => Scope::Block,
        "hegui-disable-file" => Scope::File,
        "hegui-enable" => Scope::Enable,
        _ => return None,
    };
    let cut = [rest.find("--"), rest.find("——")].into_iter().flatten().min();
    let (mut head, mut reason) = match cut {
        Some(i) => {
            let sep = if rest[i..].starts_with("--") { 2 } else { "——".len() };
            (rest[..i].to_owned(), Some(rest[i + sep..].trim().to_owned()))
        }
        None => (rest.to_owned(), None),
    };
    if let Some(k) = head.find("reason=") {
        let v = &head[k + "reason=".len()..];
        let (value, len) = match v.strip_prefix('"') {
            Some(q) => {
                let e = q.find('"').unwrap_or(q.len());
                (q[..e].to_owned(), (e + 2).min(v.len()))
            }
            None => {
                let e = v.find(char::is_whitespace).unwrap_or(v.len());
                (v[..e].to_owned(), e)
            }
        };
        reason = Some(value);
        head = format!("{}{}", &head[..k], &head[k + "reason=".len() + len..]);
    }
    let reason = reason.filter(|r| !r.is_empty());
    let mut selectors = Vec::new();
    let mut by = None;
    for t in head.split(|c: char| c.is_whitespace() || c == ',' || c == '，').filter(|t| !t.is_empty()) {
        match t.strip_prefix("by=") {
            Some(v) => by = Some(v.trim_matches('"').to_owned()).filter(|v| !v.is_empty()),
            None => selectors.push(t.to_owned()),
        }
    }
    Some((scope, selectors, reason, by))
}

/// What a selector names in this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// These enabled rules (by engine index).
    Rules(HashSet<usize>),
    /// Rules that exist but are not in force for this file (not selected, or ignored): neither
    /// suppressing nor reported.
    Inactive,
    /// Nothing: a typo.
    Unknown,
}

/// A problem with a directive, reported as an [`UNUSED`] or [`INVALID`] finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// [`UNUSED`] or [`INVALID`].
    pub code: &'static str,
    /// The directive's range in the decoded text.
    pub range: Range<usize>,
    /// What is wrong, in the run's language.
    pub message: String,
}

#[derive(Debug)]
struct Entry {
    directive: usize,
    selector: String,
    rules: HashSet<usize>,
    first: usize,
    last: usize,
    used: bool,
}

/// The directives of one file, resolved to rules and lines: asks which finding is silenced, and
/// collects the notes.
#[derive(Debug, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
    entries: Vec<Entry>,
    notes: Vec<Note>,
    lang: Lang,
}

impl Suppressions {
    /// Resolves `directives` of `text`: selectors with `resolve`, scopes to lines.
    pub fn new(
        directives: Vec<Directive>,
        text: &str,
        resolve: impl Fn(&str) -> Resolved,
        require_reason: bool,
        lang: Lang,
    ) -> Self {
        let mut s = Self { lang, ..Self::default() };
        if directives.is_empty() {
            return s;
        }
        let lines: Vec<&str> = text.split('\n').collect();
        let directive_lines: HashSet<usize> =
            directives.iter().filter(|d| d.own_line).flat_map(|d| d.line..=d.end_line).collect();
        for (i, d) in directives.iter().enumerate() {
            if d.scope == Scope::Enable {
                let mut closed = false;
                for e in &mut s.entries {
                    let open = e.last == usize::MAX && directives[e.directive].scope == Scope::Block;
                    let named =
                        d.selectors.is_empty() || d.selectors.iter().any(|x| x.eq_ignore_ascii_case(&e.selector));
                    if open && named && e.first <= d.line {
                        e.last = d.line;
                        closed = true;
                    }
                }
                if !closed {
                    s.note(
                        INVALID,
                        d,
                        lang.pick(
                            "hegui-enable 前没有对应的 hegui-disable",
                            "hegui-enable without a matching hegui-disable",
                        ),
                    );
                }
                continue;
            }
            if d.selectors.is_empty() {
                s.note(
                    INVALID,
                    d,
                    lang.pick("抑制注释须写明规则编号或类别", "a suppression must name a rule id or category"),
                );
                continue;
            }
            if require_reason && d.reason.is_none() {
                s.note(
                    INVALID,
                    d,
                    lang.pick(
                        "抑制注释须写明理由（`-- 理由`，见 [check] require-reason），未生效",
                        "a suppression must give a reason (`-- reason`, see [check] require-reason); not applied",
                    ),
                );
                continue;
            }
            let (first, last) = match d.scope {
                Scope::Line => (d.line, d.end_line),
                Scope::File => (1, usize::MAX),
                Scope::Block => (d.line, usize::MAX),
                Scope::NextLine => {
                    let next = (d.end_line + 1..=lines.len())
                        .find(|&n| !lines[n - 1].trim().is_empty() && !directive_lines.contains(&n));
                    next.map_or((1, 0), |n| (n, n))
                }
                Scope::Enable => unreachable!("handled above"),
            };
            for sel in &d.selectors {
                match resolve(sel) {
                    Resolved::Rules(rules) => {
                        s.entries.push(Entry { directive: i, selector: sel.clone(), rules, first, last, used: false });
                    }
                    Resolved::Inactive => {}
                    Resolved::Unknown => {
                        let msg = match lang {
                            Lang::Zh => format!("抑制注释中的 `{sel}` 不是已知的规则编号、前缀、类别或规则包"),
                            Lang::En => {
                                format!("`{sel}` in a suppression matches no rule id, prefix, category or pack")
                            }
                        };
                        s.note(INVALID, d, &msg);
                    }
                }
            }
        }
        s.directives = directives;
        s
    }

    fn note(&mut self, code: &'static str, d: &Directive, message: &str) {
        self.notes.push(Note { code, range: d.range.clone(), message: message.to_owned() });
    }

    /// Whether there are no directives at all.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.notes.is_empty()
    }

    /// Whether byte `off` of the decoded text lies inside a directive (its own words are not
    /// article text).
    pub fn in_directive(&self, off: usize) -> bool {
        self.directives.iter().any(|d| d.range.contains(&off))
    }

    /// The suppression of a finding of rule `rule` on 1-based `line`, if a directive covers it.
    pub fn take(&mut self, rule: usize, line: usize) -> Option<Suppression> {
        let e = self.entries.iter_mut().find(|e| e.first <= line && line <= e.last && e.rules.contains(&rule))?;
        e.used = true;
        let d = &self.directives[e.directive];
        Some(Suppression {
            kind: SuppressionKind::Inline,
            reason: d.reason.clone(),
            by: d.by.clone(),
            line: Some(d.line),
        })
    }

    /// The notes: malformed directives, then every selector that silenced nothing.
    pub fn finish(mut self) -> Vec<Note> {
        let lang = self.lang;
        for e in self.entries.iter().filter(|e| !e.used) {
            let message = match lang {
                Lang::Zh => format!("未生效的抑制注释：此处没有 {} 的问题，可删除", e.selector),
                Lang::En => format!("unused suppression: no {} finding here; remove it", e.selector),
            };
            self.notes.push(Note { code: UNUSED, range: self.directives[e.directive].range.clone(), message });
        }
        self.notes.sort_by_key(|n| n.range.start);
        self.notes
    }
}

/// A note as a finding of [`UNUSED`] or [`INVALID`] (severity warning, category `hegui`) at the
/// directive.
pub(crate) fn note_finding(path: &Arc<str>, doc: &SourceDoc, lines: &LineIndex<'_>, note: &Note) -> Finding {
    let dec = note.range.clone();
    let start = lines.position(dec.start);
    Finding {
        rule: note.code.into(),
        category: "hegui".into(),
        severity: Severity::Warning,
        message: note.message.as_str().into(),
        reference: None,
        label: None,
        path: path.clone(),
        field: Field::Body,
        start,
        end: lines.position(dec.end),
        location: doc.location(start),
        byte_range: doc.decoded.map_range(dec.clone()),
        matched: doc.decoded_text()[dec.clone()].to_owned(),
        term: "".into(),
        context: context(lines, &dec),
        advertising: None,
        related: Vec::new(),
    }
}

/// Descriptions of [`UNUSED`] and [`INVALID`] for printers that list rules.
pub fn rule_meta(lang: Lang) -> Vec<RuleMeta> {
    let meta = |id: &str, name: &str, zh: &str, en: &str, hit: &str| RuleMeta {
        id: id.to_owned(),
        category: "hegui".to_owned(),
        severity: Severity::Warning,
        message: lang.pick(zh, en).to_owned(),
        reference: None,
        name: name.to_owned(),
        label: None,
        hit: vec![hit.to_owned()],
        miss: Vec::new(),
    };
    vec![
        meta(
            UNUSED,
            "unused-suppression",
            "未生效的抑制注释。它点名的规则在它的范围内没有问题：删除这条注释，或改正规则编号。",
            "Unused suppression. The rules it names find nothing in its scope: remove it, or correct the rule id.",
            "<!-- hegui-disable-next-line AD001 -- 已核实 -->\n这一行没有绝对化用语。",
        ),
        meta(
            INVALID,
            "invalid-suppression",
            "无效的抑制注释。它没有写规则编号或类别、规则编号不存在、缺少要求的理由，或 hegui-enable 前没有 hegui-disable；它不抑制任何问题。",
            "Invalid suppression. It names no rule id or category, an unknown rule, lacks a required reason, or is a hegui-enable without a hegui-disable; it silences nothing.",
            "<!-- hegui-disable-next-line -- 没有写规则编号 -->",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids<'a>(rules: &'a [(&'a str, usize)]) -> impl Fn(&str) -> Resolved + 'a {
        move |s: &str| match rules.iter().find(|(id, _)| id.eq_ignore_ascii_case(s)) {
            Some((_, i)) => Resolved::Rules(HashSet::from([*i])),
            None => Resolved::Unknown,
        }
    }

    #[test]
    fn parses_scope_selectors_reason_and_author() {
        let d = parse("a\n<!-- hegui-disable-next-line AD001, pii by=张三 -- 法务已确认 -->\nb", false);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].scope, Scope::NextLine);
        assert_eq!(d[0].selectors, ["AD001", "pii"]);
        assert_eq!(d[0].reason.as_deref(), Some("法务已确认"));
        assert_eq!(d[0].by.as_deref(), Some("张三"));
        assert_eq!((d[0].line, d[0].own_line), (2, true));
        let d = parse(r#"x <!-- hegui-disable-line AD001 reason="引用 原文" by=li -->"#, false);
        assert_eq!(
            (d[0].scope, d[0].reason.as_deref(), d[0].by.as_deref()),
            (Scope::Line, Some("引用 原文"), Some("li"))
        );
        assert!(!d[0].own_line);
        assert!(parse("<!-- hegui-disabled AD001 -->", false).is_empty(), "unknown words are not directives");
        assert!(parse("hegui-disable AD001", false).is_empty(), "plain lines only in plain text");
        assert_eq!(parse("  hegui-disable AD001 —— 理由\n", true)[0].reason.as_deref(), Some("理由"));
    }

    #[test]
    fn scopes_cover_their_lines() {
        let text = "1\n<!-- hegui-disable-next-line AD001 -->\n\n4\n5\n<!-- hegui-disable ad001 -->\n7\n<!-- hegui-enable AD001 -->\n9";
        let mut s = Suppressions::new(parse(text, false), text, ids(&[("AD001", 0)]), false, Lang::En);
        assert!(s.take(0, 1).is_none());
        assert!(s.take(0, 4).is_some(), "next non-blank line");
        assert!(s.take(0, 5).is_none());
        assert!(s.take(1, 4).is_none(), "other rules are not silenced");
        assert!(s.take(0, 7).is_some(), "inside the block");
        assert!(s.take(0, 9).is_none(), "after hegui-enable");
        assert!(s.finish().is_empty());
    }

    #[test]
    fn unused_and_invalid_are_noted() {
        let text = "<!-- hegui-disable-file AD001 -->\n<!-- hegui-disable-next-line XX9 -->\n<!-- hegui-disable-line -->\n<!-- hegui-enable -->\nx";
        let s = Suppressions::new(parse(text, false), text, ids(&[("AD001", 0)]), false, Lang::En);
        let notes = s.finish();
        let codes: Vec<&str> = notes.iter().map(|n| n.code).collect();
        assert_eq!(codes, [UNUSED, INVALID, INVALID, INVALID], "{notes:?}");
        assert!(notes[1].message.contains("XX9"));
    }

    #[test]
    fn a_required_reason_must_be_given() {
        let text = "<!-- hegui-disable-file AD001 -->\n<!-- hegui-disable-file AD002 -- ok -->";
        let mut s = Suppressions::new(parse(text, false), text, ids(&[("AD001", 0), ("AD002", 1)]), true, Lang::En);
        assert!(s.take(0, 3).is_none(), "no reason: not applied");
        assert_eq!(s.take(1, 3).and_then(|x| x.reason).as_deref(), Some("ok"));
        let notes = s.finish();
        assert_eq!(notes.len(), 1);
        assert!(notes[0].message.contains("reason"));
    }
}
