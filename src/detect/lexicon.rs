//! Lexicon matching: every rule's terms (and variants, and pinyin spellings where a rule asks)
//! normalized into one aho-corasick automaton over the normalized text; each candidate is then
//! verified against its rule's options on the original span (separator gap, disabled folding
//! steps, Latin word boundaries); `except` contexts and the global allow list drop the hits they
//! overlap.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use pinyin::ToPinyinMulti;

use super::Hit;
use super::pack::Rule;
use crate::normalize::{self, Class, Normalized, Options};

/// Most pinyin spellings generated for one term (heteronyms multiply).
const MAX_PINYIN_SPELLINGS: usize = 16;

/// A spelling a rule matches: what the message names and what a hit must re-normalize to.
#[derive(Debug, Clone)]
struct Source {
    /// The term as the rule lists it (shown in messages).
    term: String,
    /// The spelling matched (the term, a variant, or a pinyin spelling).
    spelling: String,
    /// The normalized spelling starts / ends with an ASCII letter or digit.
    latin_start: bool,
    latin_end: bool,
}

/// The compiled lexicon: terms of all enabled rules, and the exception contexts.
#[derive(Debug, Clone)]
pub struct Lexicon {
    terms: Option<AhoCorasick>,
    /// For each automaton pattern: (rule index, source index) pairs.
    owners: Vec<Vec<(u32, u32)>>,
    sources: Vec<Source>,
    except: Option<AhoCorasick>,
    /// For each exception pattern: the rule it belongs to, or `None` for the global allow list.
    except_owner: Vec<Vec<Option<u32>>>,
}

/// Why the lexicon could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the term automaton: {0}")]
pub struct LexiconError(#[from] aho_corasick::BuildError);

fn automaton(patterns: &[String]) -> Result<Option<AhoCorasick>, LexiconError> {
    if patterns.is_empty() {
        return Ok(None);
    }
    Ok(Some(AhoCorasickBuilder::new().match_kind(MatchKind::Standard).build(patterns)?))
}

/// Toneless pinyin spellings of `term` (all heteronym combinations up to a limit), and initials.
fn pinyin_spellings(term: &str) -> (Vec<String>, Vec<String>) {
    let mut full = vec![String::new()];
    let mut initials = vec![String::new()];
    for c in term.chars() {
        let readings: Vec<&str> = match c.to_pinyin_multi() {
            Some(m) => m.into_iter().map(|p| p.plain()).collect(),
            None if c.is_ascii_alphanumeric() => vec![],
            None => return (Vec::new(), Vec::new()),
        };
        if readings.is_empty() {
            let l = c.to_ascii_lowercase().to_string();
            full.iter_mut().chain(initials.iter_mut()).for_each(|s| s.push_str(&l));
            continue;
        }
        let grow = |acc: &[String], f: &dyn Fn(&str) -> String| -> Vec<String> {
            let mut next = Vec::new();
            for a in acc {
                for r in &readings {
                    let s = format!("{a}{}", f(r));
                    if !next.contains(&s) && next.len() < MAX_PINYIN_SPELLINGS {
                        next.push(s);
                    }
                }
            }
            next
        };
        full = grow(&full, &|r| r.to_owned());
        initials = grow(&initials, &|r| r.chars().next().map(String::from).unwrap_or_default());
    }
    (full, initials)
}

impl Lexicon {
    /// Compiles the terms and exceptions of `rules`, plus the global `allow` list.
    pub fn new(rules: &[Rule], allow: &[String]) -> Result<Self, LexiconError> {
        let mut patterns: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut owners: Vec<Vec<(u32, u32)>> = Vec::new();
        let mut sources: Vec<Source> = Vec::new();
        for (ri, rule) in rules.iter().enumerate() {
            let mut add = |term: &str, spelling: &str| {
                let norm = normalize::normalize_with(spelling, &Options::FULL);
                if norm.is_empty() {
                    return;
                }
                let pi = *index.entry(norm.clone()).or_insert_with(|| {
                    patterns.push(norm.clone());
                    owners.push(Vec::new());
                    patterns.len() - 1
                });
                sources.push(Source {
                    term: term.to_owned(),
                    spelling: spelling.to_owned(),
                    latin_start: norm.chars().next().is_some_and(|c| c.is_ascii_alphanumeric()),
                    latin_end: norm.chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric()),
                });
                owners[pi].push((ri as u32, (sources.len() - 1) as u32));
            };
            for t in &rule.terms {
                add(t, t);
                if rule.matching.pinyin || rule.matching.pinyin_initials {
                    let (full, initials) = pinyin_spellings(t);
                    if rule.matching.pinyin {
                        full.iter().for_each(|p| add(t, p));
                    }
                    if rule.matching.pinyin_initials {
                        initials.iter().for_each(|p| add(t, p));
                    }
                }
            }
            for v in &rule.variants {
                add(v, v);
            }
        }
        let mut except_text = Vec::new();
        let mut except_owner: Vec<Vec<Option<u32>>> = Vec::new();
        let mut eidx = HashMap::new();
        let owned = rules
            .iter()
            .enumerate()
            .flat_map(|(ri, r)| r.except.iter().map(move |e| (Some(ri as u32), e)))
            .chain(allow.iter().map(|a| (None, a)));
        for (owner, text) in owned {
            let norm = normalize::normalize_with(text, &Options::FULL);
            if norm.is_empty() {
                continue;
            }
            let i = *eidx.entry(norm.clone()).or_insert_with(|| {
                except_text.push(norm);
                except_owner.push(Vec::new());
                except_text.len() - 1
            });
            except_owner[i].push(owner);
        }
        Ok(Self { terms: automaton(&patterns)?, owners, sources, except: automaton(&except_text)?, except_owner })
    }

    /// Number of distinct normalized patterns in the automaton.
    pub fn term_count(&self) -> usize {
        self.owners.len()
    }

    /// The term (as the rule lists it) of a hit.
    pub fn term(&self, hit: &Hit) -> &str {
        &self.sources[hit.term].term
    }

    /// Finds candidate hits in normalized text, verified against the source text `src` the
    /// normalized text maps back to. Exceptions are applied; longest-hit-wins is not (see
    /// [`drop_contained`]).
    pub fn find(&self, norm: &Normalized, src: &str, rules: &[Rule]) -> Vec<Hit> {
        let Some(ac) = &self.terms else { return Vec::new() };
        let mut hits = Vec::new();
        for m in ac.find_overlapping_iter(norm.text.as_str()) {
            let range = m.start()..m.end();
            let mut span: Option<Range<usize>> = None;
            for &(ri, si) in &self.owners[m.pattern().as_usize()] {
                let (rule, source) = (&rules[ri as usize], &self.sources[si as usize]);
                let span = span.get_or_insert_with(|| norm.map.map_range(range.clone())).clone();
                if verify(rule, source, src, span) {
                    hits.push(Hit { rule: ri as usize, range: range.clone(), term: si as usize });
                }
            }
        }
        if !hits.is_empty() {
            self.remove_excepted(&norm.text, &mut hits);
        }
        hits
    }

    fn remove_excepted(&self, text: &str, hits: &mut Vec<Hit>) {
        let Some(ac) = &self.except else { return };
        let spans: Vec<(Range<usize>, usize)> =
            ac.find_overlapping_iter(text).map(|m| (m.start()..m.end(), m.pattern().as_usize())).collect();
        if spans.is_empty() {
            return;
        }
        hits.retain(|h| {
            !spans.iter().any(|(r, pid)| {
                r.start < h.range.end
                    && h.range.start < r.end
                    && self.except_owner[*pid].iter().any(|o| o.is_none_or(|ri| ri as usize == h.rule))
            })
        });
    }
}

/// Checks a candidate against its rule on the source span: separator gaps, disabled folding
/// steps, and Latin word boundaries.
fn verify(rule: &Rule, source: &Source, src: &str, span: Range<usize>) -> bool {
    let Some(text) = src.get(span.clone()) else { return false };
    let opts = &rule.matching;
    let mut run = 0;
    for c in text.chars() {
        match normalize::class_of(c) {
            Class::Skip => {
                run += 1;
                if run > opts.max_gap {
                    return false;
                }
            }
            Class::Ignore => {}
            _ => run = 0,
        }
    }
    if opts.norm != Options::FULL
        && normalize::normalize_with(text, &opts.norm) != normalize::normalize_with(&source.spelling, &opts.norm)
    {
        return false;
    }
    let visible = |c: &char| normalize::class_of(*c) != Class::Ignore;
    if source.latin_start && src[..span.start].chars().rev().find(visible).is_some_and(normalize::folds_to_ascii_alnum)
    {
        return false;
    }
    if source.latin_end && src[span.end..].chars().find(visible).is_some_and(normalize::folds_to_ascii_alnum) {
        return false;
    }
    true
}

/// Sorts hits by position and drops every hit that lies strictly inside a longer one.
/// Hits with the same span but different rules are all kept.
pub fn drop_contained(hits: &mut Vec<Hit>) {
    hits.sort_by(|a, b| {
        a.range.start.cmp(&b.range.start).then(b.range.end.cmp(&a.range.end)).then(a.rule.cmp(&b.rule))
    });
    hits.dedup_by(|a, b| a.rule == b.rule && a.range == b.range);
    let mut best: Option<Range<usize>> = None;
    hits.retain(|h| {
        match &best {
            Some(b) if b.end >= h.range.end && *b != h.range => return false,
            Some(b) if b.end >= h.range.end => {}
            _ => best = Some(h.range.clone()),
        }
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::pack::load_str;
    use crate::normalize::normalize;

    fn rules() -> Vec<Rule> {
        load_str(
            "t.toml",
            r#"
[pack]
name = "t"
[[rules]]
id = "T001"
category = "t"
severity = "warning"
message = "m {term}"
terms = ["最佳", "最低价", "No.1"]
except = ["最佳食用"]
[[rules]]
id = "T002"
category = "t"
severity = "error"
message = "m"
terms = ["全网最低价", "最佳"]
[[rules]]
id = "T003"
category = "t"
severity = "error"
message = "m"
terms = ["赌博"]
[rules.match]
pinyin = true
pinyin_initials = true
max_gap = 0
traditional = false
"#,
        )
        .expect("valid")
    }

    fn find(lex: &Lexicon, rules: &[Rule], text: &str) -> Vec<(usize, String)> {
        let n = normalize(text);
        let mut hits = lex.find(&n, text, rules);
        drop_contained(&mut hits);
        hits.iter().map(|h| (h.rule, text[n.map.map_range(h.range.clone())].to_owned())).collect()
    }

    #[test]
    fn longer_hit_wins_and_same_span_keeps_both_rules() {
        let r = rules();
        let lex = Lexicon::new(&r, &[]).expect("builds");
        assert_eq!(
            find(&lex, &r, "全网最低价，最佳"),
            vec![(1, "全网最低价".into()), (0, "最佳".into()), (1, "最佳".into())]
        );
    }

    #[test]
    fn except_suppresses_only_its_rule_and_allow_suppresses_all() {
        let r = rules();
        let lex = Lexicon::new(&r, &[]).expect("builds");
        assert_eq!(find(&lex, &r, "最佳食用时间"), vec![(1, "最佳".into())]);
        assert_eq!(find(&lex, &r, "最 佳 食 用"), vec![(1, "最 佳".into())]);
        let lex = Lexicon::new(&r, &["最佳拍档".to_owned()]).expect("builds");
        assert!(find(&lex, &r, "我们是最佳拍档").is_empty());
        assert_eq!(find(&lex, &r, "我们是最佳").len(), 2);
    }

    #[test]
    fn latin_terms_fold_and_respect_word_boundaries() {
        let r = rules();
        let lex = Lexicon::new(&r, &[]).expect("builds");
        assert_eq!(find(&lex, &r, "销量ＮＯ．１！"), vec![(0, "ＮＯ．１".into())]);
        assert!(find(&lex, &r, "编号No.10").is_empty());
        assert!(find(&lex, &r, "abcNo.1").is_empty());
    }

    #[test]
    fn gaps_are_bounded_and_options_apply() {
        let r = rules();
        let lex = Lexicon::new(&r, &[]).expect("builds");
        assert_eq!(find(&lex, &r, "最***佳"), vec![(0, "最***佳".into()), (1, "最***佳".into())]);
        assert!(find(&lex, &r, "最****佳").is_empty());
        // T003: no gap, no 繁体, pinyin and initials on, with Latin boundaries.
        assert_eq!(find(&lex, &r, "赌博"), vec![(2, "赌博".into())]);
        assert!(find(&lex, &r, "赌 博").is_empty());
        assert!(find(&lex, &r, "賭博").is_empty());
        assert_eq!(find(&lex, &r, "来 DuBo 吧"), vec![(2, "DuBo".into())]);
        assert_eq!(find(&lex, &r, "db"), vec![(2, "db".into())]);
        assert!(find(&lex, &r, "dbx").is_empty());
    }

    #[test]
    fn pinyin_spellings_cover_heteronyms() {
        let (full, initials) = pinyin_spellings("赌博");
        assert!(full.contains(&"dubo".to_owned()), "{full:?}");
        assert!(initials.contains(&"db".to_owned()));
    }
}
