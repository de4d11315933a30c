//! Plain word lists in the common formats: one term per line, `term<TAB>category`, and
//! `term|term|…` (several spellings on one line). Used by `hegui wordlist import` and by
//! `[[wordlists]]` in `hegui.toml`.

use crate::detect::fxhash::Interner;
use crate::normalize::{Options, normalize_with};

/// Longest term accepted, in characters.
pub const MAX_TERM_CHARS: usize = 64;

/// One term read from a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListTerm {
    /// The term as written.
    pub term: String,
    /// The category column (`term<TAB>category`), if any.
    pub category: Option<String>,
    /// 1-based line number.
    pub line: usize,
}

/// A line that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong (English; short).
    pub reason: String,
}

/// The result of reading a list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedList {
    /// Usable terms, first occurrence of each (by normalized form), in file order.
    pub terms: Vec<ListTerm>,
    /// Lines that could not be used.
    pub bad: Vec<BadLine>,
    /// Terms dropped because an earlier line had the same normalized form.
    pub duplicates: usize,
}

/// Checks a term whose normalized form is `norm`.
fn check(term: &str, norm: &str) -> Result<(), String> {
    if term.chars().any(|c| c.is_control()) {
        return Err("contains a control character".into());
    }
    let n = term.chars().count();
    if n > MAX_TERM_CHARS {
        return Err(format!("term is {n} characters long (limit {MAX_TERM_CHARS})"));
    }
    if norm.is_empty() || crate::normalize::is_punctuation_only(term) {
        return Err("term is only spaces, punctuation or symbols".into());
    }
    Ok(())
}

/// Reads a list. Blank lines and lines starting with `#` are skipped; a BOM is ignored.
pub fn parse(text: &str) -> ParsedList {
    let mut out = ParsedList::default();
    // Terms are about one a line: room for as many as there are lines, so the table (and the
    // list) do not grow and rehash again and again for a 10^6-term list.
    let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
    let mut seen = Interner::with_capacity(lines);
    out.terms.reserve(lines);
    for (i, raw) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line = i + 1;
        let t = raw.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let (terms_part, category) = match t.split_once('\t') {
            Some((a, b)) => (a.trim(), Some(b.trim()).filter(|c| !c.is_empty()).map(str::to_owned)),
            None => (t, None),
        };
        let pieces: Vec<&str> = terms_part.split('|').map(str::trim).collect();
        if pieces.iter().all(|p| p.is_empty()) {
            out.bad.push(BadLine { line, reason: "no term before the category".into() });
            continue;
        }
        for p in pieces {
            if p.is_empty() {
                out.bad.push(BadLine { line, reason: "empty term between `|`".into() });
                continue;
            }
            let norm = normalize_with(p, &Options::FULL);
            if let Err(reason) = check(p, &norm) {
                out.bad.push(BadLine { line, reason: format!("`{p}`: {reason}") });
                continue;
            }
            if seen.intern(&norm).is_none_or(|(_, new)| new) {
                out.terms.push(ListTerm { term: p.to_owned(), category: category.clone(), line });
            } else {
                out.duplicates += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_common_formats() {
        let p = parse("\u{feff}# list\n违禁甲\n违禁乙\tgambling\n违禁丙|违禁丁| 违禁戊 \n\n違禁甲\n");
        let terms: Vec<(&str, Option<&str>, usize)> =
            p.terms.iter().map(|t| (t.term.as_str(), t.category.as_deref(), t.line)).collect();
        assert_eq!(
            terms,
            vec![
                ("违禁甲", None, 2),
                ("违禁乙", Some("gambling"), 3),
                ("违禁丙", None, 4),
                ("违禁丁", None, 4),
                ("违禁戊", None, 4),
            ]
        );
        // 違禁甲 is 违禁甲 after 繁→简 folding: a duplicate.
        assert_eq!(p.duplicates, 1);
        assert!(p.bad.is_empty());
    }

    #[test]
    fn bad_lines_are_reported_with_line_numbers() {
        let long = "长".repeat(MAX_TERM_CHARS + 1);
        let p = parse(&format!("好词\n***\n|\ta\n甲||乙\n{long}\n坏\u{7}词\n"));
        let lines: Vec<usize> = p.bad.iter().map(|b| b.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5, 6]);
        assert!(p.bad[0].reason.contains("only spaces"));
        assert!(p.bad[3].reason.contains("limit"));
        assert_eq!(p.terms.len(), 3);
    }
}
