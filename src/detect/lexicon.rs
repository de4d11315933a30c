//! Lexicon matching: every rule term in one aho-corasick automaton, all occurrences, then
//! per-rule `except` contexts and the global allow list remove hits they overlap.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::Hit;
use super::pack::Rule;

/// The compiled lexicon: terms of all enabled rules, and the exception contexts.
#[derive(Debug, Clone)]
pub struct Lexicon {
    terms: Option<AhoCorasick>,
    term_text: Vec<String>,
    /// For each term: the rules (indices into the engine's rule list) that list it.
    term_owner: Vec<Vec<u32>>,
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
    let ac = AhoCorasickBuilder::new().match_kind(MatchKind::Standard).ascii_case_insensitive(true).build(patterns)?;
    Ok(Some(ac))
}

/// Interns `s` into `texts`, returning its index.
fn intern(texts: &mut Vec<String>, index: &mut std::collections::HashMap<String, usize>, s: &str) -> usize {
    let key = s.to_ascii_lowercase();
    *index.entry(key).or_insert_with(|| {
        texts.push(s.to_owned());
        texts.len() - 1
    })
}

impl Lexicon {
    /// Compiles the terms and exceptions of `rules`, plus the global `allow` list.
    pub fn new(rules: &[Rule], allow: &[String]) -> Result<Self, LexiconError> {
        let mut term_text = Vec::new();
        let mut term_owner: Vec<Vec<u32>> = Vec::new();
        let mut idx = std::collections::HashMap::new();
        for (ri, rule) in rules.iter().enumerate() {
            for t in &rule.terms {
                let i = intern(&mut term_text, &mut idx, t);
                if i == term_owner.len() {
                    term_owner.push(Vec::new());
                }
                let v = &mut term_owner[i];
                if !v.contains(&(ri as u32)) {
                    v.push(ri as u32);
                }
            }
        }
        let mut except_text = Vec::new();
        let mut except_owner: Vec<Vec<Option<u32>>> = Vec::new();
        let mut eidx = std::collections::HashMap::new();
        let owners = rules
            .iter()
            .enumerate()
            .flat_map(|(ri, r)| r.except.iter().map(move |e| (Some(ri as u32), e)))
            .chain(allow.iter().map(|a| (None, a)));
        for (owner, text) in owners {
            let i = intern(&mut except_text, &mut eidx, text);
            if i == except_owner.len() {
                except_owner.push(Vec::new());
            }
            except_owner[i].push(owner);
        }
        Ok(Self {
            terms: automaton(&term_text)?,
            term_text,
            term_owner,
            except: automaton(&except_text)?,
            except_owner,
        })
    }

    /// Number of distinct terms.
    pub fn term_count(&self) -> usize {
        self.term_text.len()
    }

    /// Finds every term occurrence in `text` and returns the hits that survive exceptions and the
    /// longest-match rule: a hit lying strictly inside a longer hit (of any rule) is dropped.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let Some(ac) = &self.terms else { return Vec::new() };
        let mut hits = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let pid = m.pattern().as_usize();
            for &rule in &self.term_owner[pid] {
                hits.push(Hit { rule: rule as usize, range: m.start()..m.end(), term: pid });
            }
        }
        if hits.is_empty() {
            return hits;
        }
        self.remove_excepted(text, &mut hits);
        drop_contained(&mut hits);
        hits
    }

    /// The term text of a hit.
    pub fn term(&self, hit: &Hit) -> &str {
        &self.term_text[hit.term]
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

/// Sorts hits by position and drops every hit that lies strictly inside a longer one.
/// Hits with the same span but different rules are all kept.
fn drop_contained(hits: &mut Vec<Hit>) {
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
"#,
        )
        .expect("valid")
    }

    #[test]
    fn longer_hit_wins_and_same_span_keeps_both_rules() {
        let lex = Lexicon::new(&rules(), &[]).expect("builds");
        let hits = lex.find("全网最低价，最佳");
        let got: Vec<_> = hits.iter().map(|h| (h.rule, h.range.clone())).collect();
        assert_eq!(got, vec![(1, 0..15), (0, 18..24), (1, 18..24)]);
    }

    #[test]
    fn except_suppresses_only_its_rule_and_allow_suppresses_all() {
        let lex = Lexicon::new(&rules(), &[]).expect("builds");
        let hits = lex.find("最佳食用时间");
        assert_eq!(hits.iter().map(|h| h.rule).collect::<Vec<_>>(), vec![1]);
        let lex = Lexicon::new(&rules(), &["最佳拍档".to_owned()]).expect("builds");
        assert!(lex.find("我们是最佳拍档").is_empty());
        assert_eq!(lex.find("我们是最佳").len(), 2);
    }

    #[test]
    fn latin_terms_ignore_ascii_case() {
        let lex = Lexicon::new(&rules(), &[]).expect("builds");
        let hits = lex.find("销量no.1");
        assert_eq!(hits.len(), 1);
        assert_eq!(lex.term(&hits[0]), "No.1");
    }
}
