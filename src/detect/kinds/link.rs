//! Links: URLs in link targets and in the text, judged by their domain (`kind = "link"` rules).

use std::ops::Range;
use std::sync::{Arc, LazyLock};

use regex::Regex;
use serde::Deserialize;

use super::{Finder, KindData, KindDef, rules_of};
use crate::detect::pack::{KindKeys, Rule};
use crate::detect::{DetectInput, Hit};

/// URLs with a scheme, or starting with `www.`; stops at whitespace, quotes, brackets and Chinese
/// punctuation.
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?-u:\b)(?:https?://|www\.)[^\s<>"'()\[\]{}（）【】「」《》，。！？、；：“”‘’]+"#)
        .expect("the URL pattern is valid")
});

/// Every URL in `text` (byte range, trailing `.`/`,` excluded) with its lower-cased host.
///
/// Only the lines holding `://` or `www.` (in any case) are searched: every match holds one, and
/// none holds a line feed (`\s` ends it), so a match before a line ends before its line feed and
/// the search of the whole text reaches each line as a search of that line alone does (the line
/// feed before a line reads as the start of the text to the ASCII word boundary).
pub fn urls(text: &str) -> Vec<(Range<usize>, String)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // Lines before this offset are searched or hold no URL.
    let mut from = 0;
    for at in memchr::memchr2_iter(b':', b'.', bytes) {
        let lead = match bytes[at] {
            b':' => bytes[at + 1..].starts_with(b"//"),
            _ => at >= 3 && bytes[at - 3..at].iter().all(|&b| b | 0x20 == b'w'),
        };
        if at < from || !lead {
            continue;
        }
        let start = memchr::memrchr(b'\n', &bytes[from..at]).map_or(from, |i| from + i + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        urls_in(&text[start..end], start, &mut out);
        from = end;
    }
    out
}

/// The URLs of `text` (at offset `base` of the whole text) added to `out`.
fn urls_in(text: &str, base: usize, out: &mut Vec<(Range<usize>, String)>) {
    out.extend(URL.find_iter(text).filter_map(|m| {
        let s = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?']);
        let host = host(s)?;
        Some((base + m.start()..base + m.start() + s.len(), host))
    }));
}

/// The host of a URL: after the scheme and any `user@`, before the port, path, query or fragment.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?.trim_end_matches('.');
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Whether `host` is `domain` or one of its subdomains.
pub fn in_domain(host: &str, domain: &str) -> bool {
    host == domain || host.strip_suffix(domain).is_some_and(|p| p.ends_with('.'))
}

/// Whether a link rule reports `host`: listed in `report`, or (with no `report` list) not in `allow`.
pub fn reported(host: &str, report: &[String], allow: &[String]) -> bool {
    if allow.iter().any(|d| in_domain(host, d)) {
        return false;
    }
    report.is_empty() || report.iter().any(|d| in_domain(host, d))
}

/// `kind = "link"`.
pub const KIND: KindDef = KindDef {
    name: "link",
    keys: &["domains", "allow_domains"],
    terms: false,
    all_fields: true,
    needs_corpus: false,
    parse,
    finder: Some(finder),
};

/// The keys of a link rule.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Keys {
    /// Report links to these domains (and their subdomains).
    #[serde(default)]
    domains: Vec<String>,
    /// Report links to any domain but these (and their subdomains).
    #[serde(default)]
    allow_domains: Vec<String>,
}

/// A link rule: `report` lists domains to report; otherwise every domain not in `allow`.
#[derive(Debug)]
pub struct Domains {
    /// Domains reported (empty: all but `allow`).
    pub report: Vec<String>,
    /// Domains never reported.
    pub allow: Vec<String>,
}

/// The link rules of an engine; the URLs of a text are found once for all of them.
#[derive(Debug)]
struct Links {
    rules: Vec<usize>,
}

/// A finder for the link rules among `rules`, if any.
pub fn finder(rules: &[Rule]) -> Option<Box<dyn Finder>> {
    let rules = rules_of(rules, |r| r.kind.data::<Domains>().is_some());
    (!rules.is_empty()).then(|| Box::new(Links { rules }) as Box<dyn Finder>)
}

impl Finder for Links {
    fn find(&self, rules: &[Rule], input: &DetectInput<'_>, hits: &mut Vec<Hit>) {
        let found = urls(input.text);
        for &ri in &self.rules {
            if let Some(Domains { report, allow }) = rules[ri].kind.data() {
                hits.extend(
                    found
                        .iter()
                        .filter(|(_, host)| reported(host, report, allow))
                        .map(|(range, _)| Hit::at(ri, range.clone())),
                );
            }
        }
    }
}

/// The reported or allowed domains of a link rule.
fn parse(keys: &KindKeys<'_>) -> Result<KindData, String> {
    let spec: Keys = keys.parse()?;
    let clean = |v: &[String]| -> Vec<String> {
        v.iter().map(|d| d.trim().trim_start_matches('.').to_ascii_lowercase()).filter(|d| !d.is_empty()).collect()
    };
    let (report, allow) = (clean(&spec.domains), clean(&spec.allow_domains));
    if report.is_empty() == allow.is_empty() {
        return Err(
            "a link rule needs exactly one of `domains` (report these) and `allow_domains` (report all others)".into(),
        );
    }
    Ok(Arc::new(Domains { report, allow }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_urls_and_hosts() {
        let text = "详见 https://t.cn/A6abc。或访问www.Example.com/path?x=1，或 http://user@mp.weixin.qq.com:443/s/x";
        let got: Vec<(&str, String)> = urls(text).into_iter().map(|(r, h)| (&text[r], h)).collect();
        assert_eq!(
            got,
            vec![
                ("https://t.cn/A6abc", "t.cn".to_owned()),
                ("www.Example.com/path?x=1", "www.example.com".to_owned()),
                ("http://user@mp.weixin.qq.com:443/s/x", "mp.weixin.qq.com".to_owned()),
            ]
        );
    }

    /// The URLs of the whole text searched at once.
    fn urls_whole(text: &str) -> Vec<(Range<usize>, String)> {
        let mut out = Vec::new();
        urls_in(text, 0, &mut out);
        out
    }

    #[test]
    fn urls_are_found_on_the_lines_that_can_hold_them() {
        let text = "甲\nHTTPS://a.cn/x。\nwWw.b.cn\r\nxwww.c.cn 与 ahttp://d.cn\nhttpſ://e.cn\n无链接：1.5\nhttp:/f.cn";
        let got = urls(text);
        assert_eq!(got, urls_whole(text));
        let found: Vec<&str> = got.iter().map(|(r, _)| &text[r.clone()]).collect();
        assert_eq!(found, ["HTTPS://a.cn/x", "wWw.b.cn", "httpſ://e.cn"]);
    }

    proptest::proptest! {
        #[test]
        fn urls_of_their_lines_are_the_urls_of_the_whole_text(
            text in "(http|HTTP|s|ſ|://|:|/|www|WwW|w|\\.|a|中|。|\n|\r| |x1){0,40}"
        ) {
            proptest::prop_assert_eq!(urls(&text), urls_whole(&text));
        }
    }

    #[test]
    fn domains_match_whole_labels() {
        assert!(in_domain("mp.weixin.qq.com", "qq.com"));
        assert!(in_domain("t.cn", "t.cn"));
        assert!(!in_domain("at.cn", "t.cn"));
        let allow = vec!["weixin.qq.com".to_owned()];
        assert!(!reported("mp.weixin.qq.com", &[], &allow));
        assert!(reported("example.com", &[], &allow));
        assert!(reported("t.cn", &["t.cn".to_owned()], &[]));
        assert!(!reported("example.com", &["t.cn".to_owned()], &[]));
    }
}
