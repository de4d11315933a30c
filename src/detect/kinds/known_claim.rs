//! `kind = "known_claim"`: claims already debunked (a known-rumour list, as WeChat's 辟谣 matches
//! rumours it has refuted). Each entry of the rule's `claims_file` names the claim, the concepts
//! that must all occur in one sentence (each a few alternative terms) and the debunk's source and
//! date; a sentence holding every concept of an entry within `reach` characters is a hit spanning
//! them, and the message can name the claim (`{claim}`) and its debunk (`{source}`, `{date}`).
//!
//! The lexicon's automaton holds every entry's terms beside its own (its one pass over the text
//! reads them as it reads the rest; see [`Claims::lexicon_terms`]): each place it reports is
//! checked against the text folded character for character (traditional and full-width forms
//! read as simplified and half-width), the matches are grouped by sentence, and only entries with
//! a term in a sentence are checked there. Without the lexicon's scan (a list it cannot serve, or
//! [`Claims::find`] called alone) a daachorse automaton of the terms, built on first use, scans
//! the folded text instead; both find the same matches. The finder runs after the text rules
//! and leaves claims their warnings or errors already cover.
//!
//! Claims file format (UTF-8 text, one entry a line, `#` comments and blank lines skipped):
//! `claim<TAB>concepts<TAB>source<TAB>date`, concepts separated by ` + `, each a `|`-separated
//! list of alternative terms: `小龙虾是虫子<TAB>小龙虾 + 虫子|昆虫<TAB>https://…<TAB>2019-06`.

use std::ops::Range;
use std::sync::Arc;

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use super::lexicon::ClaimPlaces;
use super::{Finder, KindData, KindDef, Shared, Stage, ends_sentence, overlaps_warned, rules_of, warned_ranges};
use crate::detect::pack::{KindKeys, Rule};
use crate::detect::{DetectInput, Hit};
use crate::normalize::{fold_char, is_han};

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

/// A known-claim rule's list, compiled: its entries and terms (which the lexicon's automaton
/// holds), and their own automaton when needed.
pub struct Claims {
    entries: Vec<Entry>,
    /// Per automaton pattern: the (entry, concept) pairs it stands for.
    targets: Vec<Vec<(u32, u8)>>,
    /// Every term (a pattern's index is its index in `targets`).
    patterns: Vec<String>,
    /// Whether the lexicon's scan finds every occurrence of every term ([`lexicon_safe`]).
    served: bool,
    /// The terms with no Han character and no digit: they may also occur inside a pinyin
    /// annotation, which the lexicon's scan skips ([`ClaimPlaces::annotations`]).
    latin: Vec<u32>,
    /// The terms' own automaton, for texts the lexicon did not scan for them: built on first
    /// use (`None` if it could not be built, which [`Claims::parse`] rules out).
    automaton: std::sync::OnceLock<Option<CharwiseDoubleArrayAhoCorasick<u32>>>,
    reach: usize,
}

impl std::fmt::Debug for Claims {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Claims")
            .field("entries", &self.entries.len())
            .field("terms", &self.patterns.len())
            .finish_non_exhaustive()
    }
}

impl Claims {
    /// Parses a claims file (see the module docs); every malformed line is an error naming it.
    pub fn parse(text: &str, reach: usize) -> Result<Self, String> {
        let mut entries = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut targets: Vec<Vec<(u32, u8)>> = Vec::new();
        // Each term's index in `patterns`, found by the term's (Fx) hash: the table holds indexes
        // only, not a second copy of every term to allocate, hash again on growth and free.
        let hasher = rustc_hash::FxBuildHasher;
        let hash = |t: &str| std::hash::BuildHasher::hash_one(&hasher, t);
        let mut index: hashbrown::HashTable<u32> = hashbrown::HashTable::with_capacity(text.len() / 32);
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |what: &str| format!("line {}: {what}", n + 1);
            let mut cols = line.split('\t');
            let (Some(claim), Some(concepts), Some(source), Some(date), None) =
                (cols.next(), cols.next(), cols.next(), cols.next(), cols.next())
            else {
                return Err(bad("expected claim<TAB>concepts<TAB>source<TAB>date"));
            };
            if claim.trim().is_empty() || source.trim().is_empty() {
                return Err(bad("empty claim or source"));
            }
            let n_concepts = concepts.split(" + ").count();
            if !(2..=MAX_CONCEPTS).contains(&n_concepts) {
                return Err(bad(&format!("2 to {MAX_CONCEPTS} concepts, not {n_concepts}")));
            }
            let e = u32::try_from(entries.len()).map_err(|_| bad("too many entries"))?;
            // Each term folded, and copied only when it is new (a malformed line fails the whole
            // list, so what an earlier concept of it added does not matter).
            for (c, concept) in concepts.split(" + ").enumerate() {
                let mut terms = 0;
                for t in concept.split('|') {
                    let t = crate::normalize::fold_chars(t.trim()).text;
                    if t.is_empty() {
                        continue;
                    }
                    terms += 1;
                    let h = hash(&t);
                    let p = match index.find(h, |&p| patterns[p as usize] == *t) {
                        Some(&p) => p as usize,
                        None => {
                            let p = u32::try_from(patterns.len()).map_err(|_| bad("too many terms"))?;
                            patterns.push(t.into_owned());
                            targets.push(Vec::new());
                            index.insert_unique(h, p, |&q| hash(&patterns[q as usize]));
                            p as usize
                        }
                    };
                    // `c` < MAX_CONCEPTS, checked above.
                    targets[p].push((e, c as u8));
                }
                if terms == 0 {
                    return Err(bad("a concept with no terms"));
                }
            }
            let claim =
                KnownClaim { claim: claim.trim().into(), source: source.trim().into(), date: date.trim().into() };
            entries.push(Entry { claim, concepts: n_concepts });
        }
        if entries.is_empty() {
            return Err("no entries".into());
        }
        let served = patterns.iter().all(|t| lexicon_safe(t));
        let latin = (0u32..).zip(&patterns).filter(|(_, t)| !t.chars().any(|c| is_han(c) || c.is_ascii_digit()));
        let latin = latin.map(|(i, _)| i).collect();
        let automaton = std::sync::OnceLock::new();
        let claims = Self { entries, targets, patterns, served, latin, automaton, reach };
        if !served {
            // Built now, so that a list it cannot compile is an error at load.
            claims.automaton().ok_or("automaton: cannot build")?;
        }
        Ok(claims)
    }

    /// The terms, for the lexicon's automaton to find (their index is the `term` of a
    /// [`super::lexicon::ClaimTerm`]), when its scan finds every occurrence of every one ([`lexicon_safe`]).
    pub fn lexicon_terms(&self) -> Option<&[String]> {
        self.served.then_some(&self.patterns[..])
    }

    /// The terms' own automaton (see [`Claims::automaton`]'s field).
    fn automaton(&self) -> Option<&CharwiseDoubleArrayAhoCorasick<u32>> {
        self.automaton
            .get_or_init(|| {
                CharwiseDoubleArrayAhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .build_with_values(self.patterns.iter().zip(0u32..))
                    .ok()
            })
            .as_ref()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries (never, once parsed).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries found in `text`: (entry's claim, byte range from the first concept's term to
    /// the end of the last), at most one per entry and sentence. The terms' own automaton scans
    /// the folded text.
    pub fn find(&self, text: &str) -> Vec<(&KnownClaim, Range<usize>)> {
        self.find_matches(text, self.scan(text))
    }

    /// Every occurrence of a term in `src` folded character for character, by its own automaton:
    /// (source range, term), ordered by end, then start.
    fn scan(&self, src: &str) -> Vec<(Range<usize>, u32)> {
        let Some(automaton) = self.automaton() else { return Vec::new() };
        let folded = crate::normalize::fold_chars(src);
        let mut found: Vec<(Range<usize>, u32)> = automaton
            .find_overlapping_iter(&*folded.text)
            .map(|m| (folded.source_range(m.start()..m.end()), m.value()))
            .collect();
        found.sort_unstable_by_key(|(r, t)| (r.end, r.start, *t));
        found
    }

    /// The occurrences of the terms among the places the lexicon's scan found for rule `rule`
    /// (each a span whose normalized text is a term's: the term occurs in it folded character
    /// for character, or not at all; see [`lexicon_safe`]), and inside the pinyin annotations
    /// it skipped, ordered as [`Claims::scan`] orders its own.
    fn verify(&self, src: &str, rule: u32, found: &ClaimPlaces) -> Vec<(Range<usize>, u32)> {
        let mut out = Vec::new();
        for c in found.places.iter().filter(|c| c.rule == rule) {
            if let Some(term) = self.patterns.get(c.term as usize) {
                occurrences(src, c.span.clone(), term, c.term, &mut out);
            }
        }
        for r in &found.annotations {
            for &t in &self.latin {
                occurrences(src, r.clone(), &self.patterns[t as usize], t, &mut out);
            }
        }
        out.sort_unstable_by_key(|(r, t)| (r.end, r.start, *t));
        out.dedup();
        out
    }

    /// The entries found among `matches` (every occurrence of a term in `text`, ordered by end,
    /// then start, as an Aho-Corasick scan reports them), as [`Claims::find`].
    fn find_matches(&self, text: &str, matches: Vec<(Range<usize>, u32)>) -> Vec<(&KnownClaim, Range<usize>)> {
        let mut out = Vec::new();
        // Matches of the current sentence: (entry, concept, range).
        let mut pending: Vec<(u32, u8, Range<usize>)> = Vec::new();
        let mut sentence_end = 0;
        for (m, pattern) in matches {
            if m.start >= sentence_end {
                self.settle(text, &mut pending, &mut out);
                sentence_end = next_sentence_end(text, m.start);
            }
            if m.end > sentence_end {
                continue;
            }
            for &(e, c) in &self.targets[pattern as usize] {
                pending.push((e, c, m.clone()));
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

/// Adds to `out` every place inside `span` of `src` where `term` (index `t`) occurs, `src` folded
/// character for character.
fn occurrences(src: &str, span: Range<usize>, term: &str, t: u32, out: &mut Vec<(Range<usize>, u32)>) {
    let Some(text) = src.get(span.clone()) else { return };
    if text == term {
        // The usual case (nothing folded, no repeats): no later start leaves room for the term.
        out.push((span, t));
        return;
    }
    'start: for (i, _) in text.char_indices() {
        let mut rest = text[i..].char_indices();
        let mut len = 0;
        for w in term.chars() {
            match rest.next() {
                Some((j, ch)) if fold_char(ch) == w => len = j + ch.len_utf8(),
                _ => continue 'start,
            }
        }
        out.push((span.start + i..span.start + i + len, t));
    }
}

/// Whether the lexicon's scan finds every place `term` (folded character for character) occurs
/// in a text folded the same way: the lexicon normalizes each character of the text as it
/// normalizes the term's (a character [`crate::normalize::fold_chars`] changes normalizes as what
/// it folds to: a unit test checks the table), so an occurrence lies inside a span the lexicon
/// reports for the term's normalized form, unless part of it is a pinyin annotation the lexicon
/// skips (`點(diǎn)`: parentheses around Latin letters and spaces; those are searched apart, see
/// [`Claims::verify`]). A term with no parenthesis cannot straddle one. Its first and last
/// characters must be ones normalization keeps (the lexicon drops `@` and other separators, so
/// the span it reports for 用@ is 用's alone and the term's occurrence would lie outside it; a
/// dropped character inside a term, as in 7.3 or Wi-Fi, lies inside the span). Its characters
/// must be ones folding leaves as they are (a term folded once can still hold 戶, which ⼾ folds
/// to and which folds to 户: the lexicon reads ⼾ as 戶 and the term as 户).
fn lexicon_safe(term: &str) -> bool {
    let kept = |c: char| {
        !crate::normalize::normalize_with(c.encode_utf8(&mut [0; 4]), &crate::normalize::Options::FULL).is_empty()
    };
    let ends_kept = term.chars().next().is_some_and(kept) && term.chars().next_back().is_some_and(kept);
    !term.contains(['(', ')', '（', '）']) && term.chars().all(|c| fold_char(c) == c) && ends_kept
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
/// Folding never makes or unmakes a sentence end (a unit test checks every character), so the
/// source is read as it is.
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
        self.find_shared(rules, input, &Shared::default(), hits);
    }

    fn find_shared(&self, rules: &[Rule], input: &DetectInput<'_>, shared: &Shared<'_>, hits: &mut Vec<Hit>) {
        let enabled: Vec<usize> = self.rules.iter().copied().filter(|i| !input.ignored.contains(i)).collect();
        if enabled.is_empty() {
            return;
        }
        let covered = warned_ranges(rules, hits);
        let overlaps = |r: &Range<usize>| overlaps_warned(&covered, r);
        let mut found = Vec::new();
        for ri in enabled {
            let Some(claims) = rule_of(&rules[ri]) else { continue };
            // The lexicon's scan found the terms on its way (no pass over the text, no folded
            // copy of it), when it could.
            let matches = match shared.claims {
                Some(candidates) if claims.served => claims.verify(input.text, ri as u32, candidates),
                _ => claims.scan(input.text),
            };
            for (claim, range) in claims.find_matches(input.text, matches) {
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
    fn long_texts_find_each_piece_s_claims() {
        let c = Claims::parse(LIST, 20).expect("list");
        let piece = "今年小龙虾大丰收。网传小龙虾不是虾，原来是一种虫子！人贩团伙专抢小孩。自来水厂检修。";
        let short: Vec<_> = c.find(piece).into_iter().map(|(k, r)| (k.claim.clone(), r)).collect();
        assert_eq!(short.len(), 2, "{short:?}");
        let n = 1000;
        let long = piece.repeat(n);
        let found: Vec<_> = c.find(&long).into_iter().map(|(k, r)| (k.claim.clone(), r)).collect();
        let want: Vec<_> = (0..n)
            .flat_map(|i| {
                short.iter().map(move |(k, r)| (k.clone(), r.start + i * piece.len()..r.end + i * piece.len()))
            })
            .collect();
        assert_eq!(found, want);
    }

    /// The lexicon's scan finds every occurrence of a term where it normalizes a character
    /// [`crate::normalize::fold_chars`] folds as it normalizes what that character folds to, in
    /// a term that folding leaves as it is (see [`lexicon_safe`]): checked for every character.
    #[test]
    fn what_a_character_folds_to_normalizes_to_itself() {
        use crate::normalize::{Class, Table};
        let table = Table::get();
        let mut folded = 0;
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let m = fold_char(c);
            if m == c {
                continue;
            }
            folded += 1;
            let e = table.lookup(m);
            // (⼾ folds to 戶, which folds to 户: no term holds 戶.)
            let fixed = fold_char(m) == m;
            assert!(
                !fixed || matches!(e.class(), Class::Keep | Class::Hard),
                "{c:?} folds to {m:?}, which normalizes further"
            );
            assert_eq!(table.lookup(c).map_char(), m, "{c:?}");
        }
        assert!(folded > 1000, "{folded}");
    }

    #[test]
    fn folding_never_makes_or_unmakes_a_sentence_end() {
        let odd: Vec<char> = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| ends_sentence(fold_char(c)) != ends_sentence(c))
            .collect();
        assert_eq!(odd, Vec::<char>::new());
    }

    /// The bundled list, the lexicon's places and its own automaton: the same occurrences, on
    /// texts made of its terms in traditional and full-width forms, with repeats, separators,
    /// pinyin annotations and sentence ends between them.
    #[test]
    fn the_lexicon_s_places_give_what_the_own_automaton_finds() {
        use crate::detect::kinds::lexicon::Lexicon;
        let list = include_str!("../../../wordlists/platform/known_rumors.txt");
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("claims.txt"), list).expect("claims");
        let pack = "[pack]\nname = \"t\"\n[[rules]]\nid = \"T001\"\ncategory = \"t\"\nseverity = \"warning\"\n\
            message = \"x\"\nkind = \"known_claim\"\nclaims_file = \"claims.txt\"\n[[rules]]\nid = \"T002\"\n\
            category = \"t\"\nseverity = \"warning\"\nmessage = \"x\"\nterms = [\"小龙虾\", \"医保\", \"wifi\"]\n";
        std::fs::write(dir.path().join("p.toml"), pack).expect("pack");
        let rules = crate::detect::pack::load_file(&dir.path().join("p.toml")).expect("load");
        let claims = rule_of(&rules[0]).expect("claims");
        assert!(claims.lexicon_terms().is_some(), "the bundled list is served by the lexicon");
        assert!(!claims.latin.is_empty(), "the list has Latin terms (WiFi)");
        let lex = Lexicon::new(&rules, &[]).expect("lexicon");
        let trad: std::collections::HashMap<char, char> =
            "龙龍虾蝦医醫药藥发發国國会會为為时時这這说說个個将將账賬户戶费費钱錢网網热熱"
                .chars()
                .collect::<Vec<_>>()
                .chunks(2)
                .map(|p| (p[0], p[1]))
                .collect();
        let forms = |t: &str, k: usize| -> String {
            let mut out = String::new();
            for (i, ch) in t.chars().enumerate() {
                match k % 6 {
                    0 => out.push(ch),
                    1 => out.push(*trad.get(&ch).unwrap_or(&ch)),
                    2 if ch.is_ascii_digit() => out.push(char::from_u32(ch as u32 - '0' as u32 + 0xFF10).unwrap_or(ch)),
                    2 | 3 if i == 0 => {
                        out.push(ch);
                        out.push(ch);
                    }
                    4 => {
                        out.push(ch);
                        out.push(' ');
                    }
                    5 if i == 0 => {
                        out.push(ch);
                        out.push_str("(diǎn)");
                    }
                    _ => out.push(ch),
                }
            }
            out
        };
        let mut text = String::new();
        for (n, line) in list.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).enumerate() {
            let concepts = line.split('\t').nth(1).unwrap_or("");
            for (k, t) in concepts.split([' ', '+', '|']).filter(|t| !t.is_empty()).enumerate() {
                text.push_str(&forms(t, n + k));
                text.push_str(["，", "的", "。", "", "了", "！", " (wifi diǎn)", "\n"][(n * 7 + k) % 8]);
            }
        }
        // Pinyin annotations holding a Latin term, and one that is not (no tone).
        text.push_str("连接(WiFi ǎ)网络。蹭(wifi)热点，wifi辐射");
        let places = lex.scan(&text, &rules, false, false).claims.expect("pass 0 read the text");
        let own = claims.scan(&text);
        assert!(own.len() > 500, "{}", own.len());
        assert_eq!(claims.verify(&text, 0, &places), own);
        assert_eq!(claims.find_matches(&text, own.clone()).len(), claims.find(&text).len());
        // Only the known-claim rule's terms have places (小龙虾 is also the other rule's term).
        assert!(places.places.iter().all(|p| p.rule == 0));
        assert!(places.annotations.len() >= 2, "{:?}", places.annotations);
    }

    #[test]
    fn a_term_starting_or_ending_in_a_dropped_character_is_not_served_by_the_lexicon() {
        // The lexicon drops @ and reports 用's span alone for 用@: the occurrence lies outside it.
        assert!(!lexicon_safe("用@") && !lexicon_safe("@符号"));
        // Inside a term a dropped character lies inside the span.
        assert!(lexicon_safe("7.3") && lexicon_safe("wi-fi") && lexicon_safe("80元/天"));
        let claims = Claims::parse("微信使用@符号会被监控\t用@ + 监控\tsrc\t2018-08-31\n", 40).expect("parses");
        assert!(claims.lexicon_terms().is_none());
        assert_eq!(claims.find("有人说在微信使用@会被监控。").len(), 1);
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
