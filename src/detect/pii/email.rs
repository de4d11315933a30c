//! E-mail addresses: a local part, `@`, and a domain with a real TLD.

use std::ops::Range;

use super::{Chars, is_word};

/// Local part: 1–64 characters, not starting or ending with `.`, no `..`.
pub(super) fn valid_local(local: &str) -> bool {
    (1..=64).contains(&local.len()) && !local.starts_with('.') && !local.ends_with('.') && !local.contains("..")
}

/// Domain: at least two dot-separated labels of 1–63 letters, digits and inner hyphens; the last one
/// (the TLD) at least two letters.
pub(super) fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| (1..=63).contains(&l.len()) && !l.starts_with('-') && !l.ends_with('-');
    let tld_ok = labels.last().is_some_and(|t| t.len() >= 2 && t.bytes().all(|b| b.is_ascii_alphabetic()));
    domain.len() <= 253 && labels.len() >= 2 && labels.iter().all(label_ok) && tld_ok
}

impl Chars {
    /// Finds e-mail addresses around each `@` / `＠`.
    pub(super) fn scan_emails(&self) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut resume = 0;
        for at in 0..self.chars.len() {
            if at < resume || !matches!(self.get(at), Some('@' | '＠')) {
                continue;
            }
            if let Some((start, end)) = self.email_at(at) {
                out.push(self.byte_range(start, end));
                resume = end;
            }
        }
        out
    }

    /// The address around the at-sign at `at`, as character indices.
    pub(super) fn email_at(&self, at: usize) -> Option<(usize, usize)> {
        let is_local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
        let is_domain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
        let glued = |c: char| is_word(c) || matches!(c, '@' | '＠' | '_');

        let mut start = at;
        while start > 0 && self.get(start - 1).is_some_and(is_local) {
            start -= 1;
        }
        if start.checked_sub(1).and_then(|p| self.get(p)).is_some_and(glued) {
            return None;
        }
        let mut end = at + 1;
        while self.get(end).is_some_and(is_domain) {
            end += 1;
        }
        if self.get(end).is_some_and(glued) {
            return None;
        }
        // Sentence punctuation after the address (`a@b.com.`, `a@b.com-`) is not part of it.
        while end > at + 1 && self.get(end - 1).is_some_and(|c| matches!(c, '.' | '-')) {
            end -= 1;
        }
        let local: String = (start..at).filter_map(|i| self.get(i)).collect();
        let domain: String = (at + 1..end).filter_map(|i| self.get(i)).collect();
        (valid_local(&local) && valid_domain(&domain)).then_some((start, end))
    }
}
