//! `kind = "known_claim"`: claims already debunked (a known-rumour list, as WeChat's 辟谣 matches
//! rumours it has refuted). Each entry of the rule's `claims_file` names the claim, the concepts
//! that must all occur in one sentence (each a few alternative terms) and the debunk's source and
//! date; a sentence holding every concept of an entry within `reach` characters is a hit spanning
//! them, and the message can name the claim (`{claim}`) and its debunk (`{source}`, `{date}`).
//!
//! One automaton holds every entry's terms; the text is scanned once (folded character for
//! character: traditional and full-width forms read as simplified and half-width), the matches
//! are grouped by sentence, and only entries with a term in a sentence are checked there. The
//! finder runs after the text rules and leaves claims their warnings or errors already cover.
//!
//! Claims file format (UTF-8 text, one entry a line, `#` comments and blank lines skipped):
//! `claim<TAB>concepts<TAB>source<TAB>date`, concepts separated by ` + `, each a `|`-separated
//! list of alternative terms: `小龙虾是虫子<TAB>小龙虾 + 虫子|昆虫<TAB>https://…<TAB>2019-06`.

use std::ops::Range;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::Deserialize;

use super::{Finder, KindData, KindDef, Stage, ends_sentence, overlaps_warned, rules_of, warned_ranges};
use crate::detect::pack::{KindKeys, Rule};
use crate::detect::{DetectInput, Hit};

/// `kind = "known_claim"`.
pub const KIND: KindDef = KindDef {
    name: "known_claim",
    keys: &["claims_file", "reach"],
    terms: false,
    all_fields: false,
    needs_corpus: false,
    parse,
    finder: Some(finder),
};

/// Most concepts an entry may list.
const MAX_CONCEPTS: usize = 4;

/// Once this many bytes have been read (one long text, or a batch of short ones), texts are
/// scanned with the DFA (built then, once per process); before, with the NFA, which is quick to
/// build (start-up on one small draft). Both find the same matches.
const DFA_FROM: usize = 64 * 1024;

/// Default reach: characters from the first concept's term to the end of the last one.
const DEFAULT_REACH: usize = 40;

/// The keys of a known-claim rule.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Keys {
    /// The claims file beside the pack.
    claims_file: String,
    /// Most characters the concepts of one entry may span in a sentence.
    #[serde(default)]
    reach: Option<usize>,
}

/// One debunked claim: what it says and who debunked it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownClaim {
    /// The claim, as a short quote.
    pub claim: Arc<str>,
    /// Where it was debunked (a URL).
    pub source: Arc<str>,
    /// When it was debunked (as the source dates it).
    pub date: Arc<str>,
}

/// One entry: the claim and its concepts (folded terms).
#[derive(Debug)]
struct Entry {
    claim: KnownClaim,
    concepts: usize,
}

/// A known-claim rule's list, compiled: one automaton over every term.
#[derive(Debug)]
pub struct Claims {
    entries: Vec<Entry>,
    /// Per automaton pattern: the (entry, concept) pairs it stands for.
    targets: Vec<Vec<(u32, u8)>>,
    /// Every term (a pattern's index is its index in `targets`).
    patterns: Vec<String>,
    /// The terms as an NFA, for short texts.
    automaton: AhoCorasick,
    /// The terms as a DFA, for long texts: built when the first one comes (`None` if it could
    /// not be built; the NFA serves then).
    dfa: std::sync::OnceLock<Option<AhoCorasick>>,
    /// Bytes read so far (all threads).
    read: std::sync::atomic::AtomicUsize,
    reach: usize,
}

impl Claims {
    /// Parses a claims file (see the module docs); every malformed line is an error naming it.
    pub fn parse(text: &str, reach: usize) -> Result<Self, String> {
        let mut entries = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut targets: Vec<Vec<(u32, u8)>> = Vec::new();
        let mut index = std::collections::HashMap::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |what: &str| format!("line {}: {what}", n + 1);
            let cols: Vec<&str> = line.split('\t').collect();
            let [claim, concepts, source, date] = cols[..] else {
                return Err(bad("expected claim<TAB>concepts<TAB>source<TAB>date"));
            };
            if claim.trim().is_empty() || source.trim().is_empty() {
                return Err(bad("empty claim or source"));
            }
            let concepts: Vec<Vec<String>> = concepts
                .split(" + ")
                .map(|c| {
                    c.split('|')
                        .map(|t| crate::normalize::fold_chars(t.trim()).text.into_owned())
                        .filter(|t| !t.is_empty())
                        .collect()
                })
                .collect();
            if concepts.len() < 2 || concepts.len() > MAX_CONCEPTS {
                return Err(bad(&format!("2 to {MAX_CONCEPTS} concepts, not {}", concepts.len())));
            }
            if concepts.iter().any(Vec::is_empty) {
                return Err(bad("a concept with no terms"));
            }
            let e = u32::try_from(entries.len()).map_err(|_| bad("too many entries"))?;
            for (c, terms) in concepts.iter().enumerate() {
                for t in terms {
                    let p = *index.entry(t.clone()).or_insert_with(|| {
                        patterns.push(t.clone());
                        targets.push(Vec::new());
                        patterns.len() - 1
                    });
                    // `c` < MAX_CONCEPTS, checked above.
                    targets[p].push((e, c as u8));
                }
            }
            let claim =
                KnownClaim { claim: claim.trim().into(), source: source.trim().into(), date: date.trim().into() };
            entries.push(Entry { claim, concepts: concepts.len() });
        }
        if entries.is_empty() {
            return Err("no entries".into());
        }
        let automaton = build(&patterns, AhoCorasickKind::ContiguousNFA).map_err(|e| format!("automaton: {e}"))?;
        Ok(Self { entries, targets, patterns, automaton, dfa: std::sync::OnceLock::new(), read: 0.into(), reach })
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries (never, once parsed).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries found in `text` (already folded): (entry's claim, byte range from the first
    /// concept's term to the end of the last), at most one per entry and sentence.
    pub fn find(&self, text: &str) -> Vec<(&KnownClaim, Range<usize>)> {
        let mut out = Vec::new();
        // Matches of the current sentence: (entry, concept, range).
        let mut pending: Vec<(u32, u8, Range<usize>)> = Vec::new();
        let mut sentence_end = 0;
        let read = self.read.fetch_add(text.len(), std::sync::atomic::Ordering::Relaxed).saturating_add(text.len());
        let automaton = if read >= DFA_FROM {
            let dfa = self.dfa.get_or_init(|| build(&self.patterns, AhoCorasickKind::DFA).ok());
            dfa.as_ref().unwrap_or(&self.automaton)
        } else {
            &self.automaton
        };
        for m in automaton.find_overlapping_iter(text) {
            if m.start() >= sentence_end {
                self.settle(text, &mut pending, &mut out);
                sentence_end = next_sentence_end(text, m.start());
            }
            if m.end() > sentence_end {
                continue;
            }
            for &(e, c) in &self.targets[m.pattern().as_usize()] {
                pending.push((e, c, m.start()..m.end()));
            }
        }
        self.settle(text, &mut pending, &mut out);
        out
    }

    /// Reports the entries whose concepts all occur among one sentence's `pending` matches, then
    /// empties it.
    fn settle<'a>(
        &'a self,
        text: &str,
        pending: &mut Vec<(u32, u8, Range<usize>)>,
        out: &mut Vec<(&'a KnownClaim, Range<usize>)>,
    ) {
        if pending.is_empty() {
            return;
        }
        pending.sort_by_key(|(e, c, r)| (*e, *c, r.start));
        for group in pending.chunk_by(|a, b| a.0 == b.0) {
            let entry = &self.entries[group[0].0 as usize];
            let mut seen = [false; MAX_CONCEPTS];
            group.iter().for_each(|(_, c, _)| seen[*c as usize] = true);
            if seen.iter().filter(|s| **s).count() < entry.concepts {
                continue;
            }
            if let Some(span) = tightest_span(group, entry.concepts, text, self.reach) {
                out.push((&entry.claim, span));
            }
        }
        pending.clear();
    }
}

/// An automaton of `kind` over `patterns`, reporting every match (overlapping search).
fn build(patterns: &[String], kind: AhoCorasickKind) -> Result<AhoCorasick, aho_corasick::BuildError> {
    AhoCorasick::builder().match_kind(MatchKind::Standard).kind(Some(kind)).build(patterns)
}

/// The shortest stretch holding one occurrence of each of the `concepts` concepts among `group`
/// (one entry's matches in a sentence), if it spans at most `reach` characters.
fn tightest_span(group: &[(u32, u8, Range<usize>)], concepts: usize, text: &str, reach: usize) -> Option<Range<usize>> {
    let mut by_start: Vec<&(u32, u8, Range<usize>)> = group.iter().collect();
    by_start.sort_by_key(|(_, _, r)| r.start);
    let mut best: Option<(usize, Range<usize>)> = None;
    for (i, first) in by_start.iter().enumerate() {
        let mut seen = [false; MAX_CONCEPTS];
        let mut end = first.2.end;
        let mut count = 0;
        for m in &by_start[i..] {
            if !seen[m.1 as usize] {
                seen[m.1 as usize] = true;
                count += 1;
                end = end.max(m.2.end);
            }
            if count == concepts {
                break;
            }
        }
        if count < concepts {
            break;
        }
        let span = first.2.start..end;
        let chars = text.get(span.clone()).map_or(usize::MAX, |s| s.chars().count());
        if chars <= reach && best.as_ref().is_none_or(|(b, _)| chars < *b) {
            best = Some((chars, span));
        }
    }
    best.map(|(_, span)| span)
}

/// The offset of the end of the sentence holding `at` (the next sentence end, or the text's end).
fn next_sentence_end(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.char_indices().find(|&(_, c)| ends_sentence(c)).map(|(i, _)| at + i))
        .unwrap_or(text.len())
}

/// The claims list of a known-claim rule.
fn parse(keys: &KindKeys<'_>) -> Result<KindData, String> {
    let Keys { claims_file, reach } = keys.parse()?;
    let reach = reach.unwrap_or(DEFAULT_REACH);
    if reach == 0 {
        return Err("`reach` must be at least 1".into());
    }
    let text = keys.read_sibling(&claims_file)?;
    let claims = Claims::parse(&text, reach).map_err(|e| format!("claims_file `{claims_file}`: {e}"))?;
    Ok(Arc::new(claims))
}

fn rule_of(rule: &Rule) -> Option<&Claims> {
    rule.kind.data()
}

/// The known-claim rules of an engine.
#[derive(Debug)]
struct KnownClaims {
    rules: Vec<usize>,
}

/// A finder for the known-claim rules among `rules`, if any.
pub fn finder(rules: &[Rule]) -> Option<Box<dyn Finder>> {
    let rules = rules_of(rules, |r| rule_of(r).is_some());
    (!rules.is_empty()).then(|| Box::new(KnownClaims { rules }) as Box<dyn Finder>)
}

impl Finder for KnownClaims {
    /// After the text rules (and before the model rules, which skip what it reports): a claim another rule's warning or error already overlaps is not
    /// reported again (that rule's example and finding stand; this list adds what they miss).
    fn stage(&self) -> Stage {
        Stage::Document
    }

    fn find(&self, rules: &[Rule], input: &DetectInput<'_>, hits: &mut Vec<Hit>) {
        self.find_folded(rules, input, None, hits);
    }

    fn wants_folds(&self) -> bool {
        true
    }

    fn find_folded(&self, rules: &[Rule], input: &DetectInput<'_>, folds: Option<&[u32]>, hits: &mut Vec<Hit>) {
        let enabled: Vec<usize> = self.rules.iter().copied().filter(|i| !input.ignored.contains(i)).collect();
        if enabled.is_empty() {
            return;
        }
        let covered = warned_ranges(rules, hits);
        let overlaps = |r: &Range<usize>| overlaps_warned(&covered, r);
        // The lexicon's scan found where folding changes the text (a pass over it less).
        let folded = match folds {
            Some(at) => crate::normalize::fold_chars_at(input.text, at),
            None => crate::normalize::fold_chars(input.text),
        };
        let mut found = Vec::new();
        for ri in enabled {
            let Some(claims) = rule_of(&rules[ri]) else { continue };
            for (claim, span) in claims.find(&folded.text) {
                let range = folded.source_range(span);
                if overlaps(&range) {
                    continue;
                }
                let mut hit = Hit::at(ri, range);
                hit.set_known_claim(Some(claim.clone()));
                found.push(hit);
            }
        }
        // Two entries matching one stretch (取消 + 个人账户 + 医保, 个人账户 + 将取消) make one finding.
        found.sort_by_key(|h| (h.range.start, std::cmp::Reverse(h.range.end)));
        let mut end = 0;
        found.retain(|h| {
            let keep = h.range.start >= end;
            end = end.max(h.range.end);
            keep
        });
        hits.append(&mut found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "# test list\n\
        小龙虾是虫子\t小龙虾 + 虫子|昆虫\thttps://example.org/a\t2019-06\n\
        自来水有毒\t自来水 + 有毒|毒死\thttps://example.org/b\t2020-01\n\
        人贩偷小孩\t人贩|偷 + 小孩|孩子 + 团伙|抢\thttps://example.org/c\t2021-05\n";

    fn found(text: &str) -> Vec<String> {
        let c = Claims::parse(LIST, 20).expect("list");
        c.find(text).into_iter().map(|(k, r)| format!("{}@{}", k.claim, &text[r])).collect()
    }

    #[test]
    fn every_concept_in_one_sentence_is_a_hit_spanning_them() {
        assert_eq!(found("小龙虾不是虾，原来是一种虫子！"), ["小龙虾是虫子@小龙虾不是虾，原来是一种虫子"]);
        assert_eq!(found("人贩团伙专抢小孩，快告诉家人。"), ["人贩偷小孩@人贩团伙专抢小孩"]);
    }

    #[test]
    fn concepts_split_by_a_sentence_end_or_beyond_reach_do_not_count() {
        assert!(found("小龙虾很好吃。虫子很可怕。").is_empty());
        assert!(found("自来水厂今天检修，附近居民家中的老鼠药一定放好，否则有毒的东西被孩子误食。").is_empty());
        assert!(found("今年小龙虾大丰收。").is_empty());
    }

    #[test]
    fn long_texts_read_by_the_dfa_find_what_the_nfa_finds() {
        let c = Claims::parse(LIST, 20).expect("list");
        let piece = "今年小龙虾大丰收。网传小龙虾不是虾，原来是一种虫子！人贩团伙专抢小孩。自来水厂检修。";
        let short: Vec<_> = c.find(piece).into_iter().map(|(k, r)| (k.claim.clone(), r)).collect();
        assert_eq!(short.len(), 2, "{short:?}");
        assert!(c.dfa.get().is_none(), "a short text does not build the DFA");
        assert_eq!(c.find(piece).len(), 2, "nor does a second one");
        assert!(c.dfa.get().is_none());
        let n = DFA_FROM / piece.len() + 1;
        let long = piece.repeat(n);
        let found: Vec<_> = c.find(&long).into_iter().map(|(k, r)| (k.claim.clone(), r)).collect();
        assert!(c.dfa.get().is_some_and(Option::is_some), "the long text was read by the DFA");
        let want: Vec<_> = (0..n)
            .flat_map(|i| {
                short.iter().map(move |(k, r)| (k.clone(), r.start + i * piece.len()..r.end + i * piece.len()))
            })
            .collect();
        assert_eq!(found, want);
    }

    #[test]
    fn one_concept_with_two_terms_is_not_enough() {
        // 人贩 and 偷 are one concept: with 小孩 but no 团伙|抢 the entry is not complete.
        assert!(found("人贩偷小孩。").is_empty());
    }

    #[test]
    fn malformed_lists_are_errors_naming_the_line() {
        let e = Claims::parse("a\tb\tc\n", 40).expect_err("three columns");
        assert!(e.starts_with("line 1:"), "{e}");
        let e = Claims::parse("x\t甲\thttps://e\t2020\n", 40).expect_err("one concept");
        assert!(e.contains("2 to 4 concepts"), "{e}");
        assert!(Claims::parse("# only a comment\n", 40).is_err());
    }

    #[test]
    fn traditional_text_reads_as_simplified() {
        let c = Claims::parse(LIST, 20).expect("list");
        let text = "自來水有毒，大家別喝了";
        let folded = crate::normalize::fold_chars(text);
        let hits = c.find(&folded.text);
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[folded.source_range(hits[0].1.clone())], "自來水有毒");
    }

    /// End to end: a pack's known-claim rule reports the claim and its debunk in the message, and
    /// its `unless_near` contexts (a debunk in the sentence) cancel the hit.
    #[test]
    fn the_message_names_the_claim_and_its_debunk() {
        use crate::detect::{Engine, Selection, message};
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("claims.txt"), LIST).expect("claims");
        let pack = "[pack]\nname = \"t\"\n[[rules]]\nid = \"K001\"\ncategory = \"t\"\nseverity = \"warning\"\n\
            message = \"{term}：{claim}（{source}，{date}）\"\nmessage_en = \"{claim}\"\nkind = \"known_claim\"\n\
            claims_file = \"claims.txt\"\nunless_near = [\"辟谣\"]\n";
        std::fs::write(dir.path().join("p.toml"), pack).expect("pack");
        let rules = crate::detect::pack::load_file(&dir.path().join("p.toml")).expect("load");
        let e = Engine::new(rules, &Selection::default()).expect("engine");
        let text = "注意！小龍蝦原來是一種蟲子。辟谣：小龙虾不是虫子。";
        let hits = e.detect(text);
        assert_eq!(hits.len(), 1, "{hits:?}");
        let term = e.term(&hits[0], text);
        let msg = message::render(&e.rules()[hits[0].rule], &hits[0], term, text, crate::model::Lang::Zh);
        assert_eq!(msg, "小龍蝦原來是一種蟲子：小龙虾是虫子（https://example.org/a，2019-06）");
        assert!(!message::term_only(&hits[0]));
    }
}
