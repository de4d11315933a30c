//! Rule kinds: one file per kind, each compiled for an engine behind the [`Finder`] trait.
//!
//! Each kind's file defines a [`KindDef`]: its `kind = "…"` name in the pack format, the keys it
//! takes, how it parses them and its finder. [`KINDS`] lists them: adding a kind is one new file
//! plus one line there. `lexicon` and `near` rules share one automaton ([`lexicon::Lexicon`], which
//! the engine always builds), so they have no finder of their own.

pub mod corpus;
pub mod known_claim;
pub mod lexicon;
pub mod link;
pub mod model;
pub mod near;
pub mod regex;
pub mod validator;

use std::any::Any;
use std::sync::Arc;

use crate::detect::pack::{KindKeys, Rule};
use crate::detect::{DetectInput, Hit};

/// One rule kind: its name, its keys, how it parses them and how its rules are found.
#[derive(Debug)]
pub struct KindDef {
    /// The `kind = "…"` value.
    pub name: &'static str,
    /// Pack keys only rules of this kind take.
    pub keys: &'static [&'static str],
    /// Whether rules of the kind are lists of terms (`terms`, `terms_file`), matched by the lexicon.
    pub terms: bool,
    /// Whether rules of the kind apply to every field by default, links included.
    pub all_fields: bool,
    /// Whether rules of the kind are found against a corpus index.
    pub needs_corpus: bool,
    /// Checks and parses the kind's keys of one rule into what its finder reads back.
    pub parse: fn(&KindKeys<'_>) -> Result<KindData, String>,
    /// The finder for an engine's rules of the kind (`None`: found by the lexicon or another
    /// kind's finder).
    pub finder: Option<FinderCtor>,
}

/// What a kind parsed from one rule's keys.
pub type KindData = Arc<dyn Any + Send + Sync>;

/// A kind's parser for rules with no keys of their own.
pub fn no_keys(_: &KindKeys<'_>) -> Result<KindData, String> {
    Ok(Arc::new(()))
}

/// Every rule kind; finders run in this order.
pub const KINDS: &[KindDef] = &[
    lexicon::KIND,
    near::KIND,
    regex::KIND,
    validator::KIND,
    link::KIND,
    corpus::COPIED,
    corpus::REWRITTEN,
    known_claim::KIND,
    model::KIND,
];

/// The kind named `name`.
pub fn kind(name: &str) -> Option<&'static KindDef> {
    KINDS.iter().find(|k| k.name == name)
}

/// When a kind's hits are found relative to the engine's filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Matches in the text: subject to allow lists, token boundaries and longest-match-wins.
    Text,
    /// Document-level hits (corpus passages): reported as found, after the text filters.
    Document,
}

/// One rule kind compiled for the enabled rules of an engine.
pub trait Finder: std::fmt::Debug + Send + Sync {
    /// When the hits are found.
    fn stage(&self) -> Stage {
        Stage::Text
    }

    /// Adds the hits of this kind's rules in `input` to `hits` (`rules` are the engine's rules,
    /// hits name them by index).
    fn find(&self, rules: &[Rule], input: &DetectInput<'_>, hits: &mut Vec<Hit>);

    /// Whether [`Finder::find_shared`] reads [`Shared::folds`].
    fn wants_folds(&self) -> bool {
        false
    }

    /// [`Finder::find`], given what the lexicon's scan of the text found for the other kinds
    /// ([`Shared`]).
    fn find_shared(&self, rules: &[Rule], input: &DetectInput<'_>, shared: &Shared<'_>, hits: &mut Vec<Hit>) {
        let _ = shared;
        self.find(rules, input, hits);
    }
}

/// What the lexicon's scan of a text found for the other kinds' finders (each `None` when it did
/// not look).
#[derive(Debug, Clone, Copy, Default)]
pub struct Shared<'a> {
    /// The offsets of the characters [`crate::normalize::fold_chars`] changes in the text
    /// ([`crate::normalize::fold_chars_at`]).
    pub folds: Option<&'a [u32]>,
    /// Where the known-claim terms may occur ([`lexicon::ClaimPlaces`]).
    pub claims: Option<&'a lexicon::ClaimPlaces>,
}

/// A kind's constructor: a finder when some of `rules` are of its kind, `None` otherwise.
pub type FinderCtor = fn(rules: &[Rule]) -> Option<Box<dyn Finder>>;

/// The finders of `rules`, in the order of [`KINDS`].
pub fn finders(rules: &[Rule]) -> Vec<Box<dyn Finder>> {
    KINDS.iter().filter_map(|k| k.finder).filter_map(|ctor| ctor(rules)).collect()
}

/// Whether `c` ends a sentence for the document-stage kinds that judge one sentence at a time
/// (the model's scoring, the known-claim list's concepts).
#[inline]
pub(crate) fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n' | '\r')
}

/// The ranges of the hits a document-stage finder leaves alone: another rule's warning or error
/// (corpus passages aside), sorted by start and merged where they overlap, so that their ends
/// ascend too and [`overlaps_warned`] can search them by end.
pub(crate) fn warned_ranges(rules: &[Rule], hits: &[Hit]) -> Vec<std::ops::Range<usize>> {
    let mut covered: Vec<std::ops::Range<usize>> = hits
        .iter()
        .filter(|h| h.passage().is_none() && rules[h.rule].severity >= crate::model::Severity::Warning)
        .map(|h| h.range.clone())
        .collect();
    covered.sort_by_key(|r| r.start);
    merge_sorted(covered)
}

/// Merges ranges sorted by start into disjoint ones (a range inside a longer one disappears).
fn merge_sorted(sorted: Vec<std::ops::Range<usize>>) -> Vec<std::ops::Range<usize>> {
    let mut merged: Vec<std::ops::Range<usize>> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match merged.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// Whether `range` overlaps one of `covered` ([`warned_ranges`]: disjoint, ascending).
pub(crate) fn overlaps_warned(covered: &[std::ops::Range<usize>], range: &std::ops::Range<usize>) -> bool {
    let i = covered.partition_point(|c| c.end <= range.start);
    covered.get(i).is_some_and(|c| c.start < range.end)
}

/// Indices of the rules that satisfy `is_kind`.
pub(crate) fn rules_of(rules: &[Rule], is_kind: impl Fn(&Rule) -> bool) -> Vec<usize> {
    rules.iter().enumerate().filter(|(_, r)| is_kind(r)).map(|(i, _)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_and_keys_are_unique() {
        let mut names = std::collections::HashSet::new();
        let mut keys = std::collections::HashSet::new();
        for k in KINDS {
            assert!(names.insert(k.name), "kind `{}` listed twice", k.name);
            for key in k.keys {
                assert!(keys.insert(*key), "key `{key}` claimed by two kinds");
            }
        }
        assert!(kind("lexicon").is_some_and(|k| k.terms));
    }

    /// A long warning with shorter ones inside it: sorted by start only, the ends do not ascend
    /// and a search by end (what the model finder did) misses the long one after the inner ones.
    /// Merged, the lookup finds it.
    #[test]
    fn a_long_warned_range_holding_shorter_ones_still_covers_what_follows_them() {
        let nested = vec![0..100, 10..20, 30..40];
        let probe = 50..60;
        let naive = nested.partition_point(|c| c.end <= probe.start);
        assert!(
            nested.get(naive).is_none_or(|c| c.start >= probe.end),
            "the unmerged search is expected to miss 0..100 here"
        );
        let merged = merge_sorted(nested);
        assert_eq!(merged, vec![0..100]);
        assert!(overlaps_warned(&merged, &probe));
        let apart = merge_sorted(vec![0..5, 3..8, 10..12, 20..30]);
        assert_eq!(apart, vec![0..8, 10..12, 20..30]);
        assert!(overlaps_warned(&apart, &(7..9)) && overlaps_warned(&apart, &(11..11 + 1)));
        assert!(
            !overlaps_warned(&apart, &(8..10))
                && !overlaps_warned(&apart, &(12..20))
                && !overlaps_warned(&apart, &(30..40))
        );
    }

    /// Whether the engine can hand a document-stage finder such nesting: text-stage hits pass
    /// `drop_contained` first, so a warning inside a longer warning is gone before the model runs.
    #[test]
    fn text_stage_warnings_reach_the_document_stage_without_nesting() {
        let rules = crate::detect::pack::load_str(
            "t.toml",
            r#"
[pack]
name = "t"
[[rules]]
id = "T001"
category = "t"
severity = "warning"
message = "m"
kind = "regex"
pattern = '开头[^尾]{0,40}结尾'
[[rules]]
id = "T002"
category = "t"
severity = "warning"
message = "m"
terms = ["中间", "后面"]
"#,
        )
        .expect("valid");
        let engine = crate::detect::Engine::new(rules, &crate::detect::Selection::default()).expect("engine");
        let text = "开头说中间的话。再说后面的话，结尾。后面";
        let hits = engine.detect(text);
        let ranges: Vec<_> = hits.iter().map(|h| h.range.clone()).collect();
        assert_eq!(ranges.len(), 2, "{ranges:?}");
        assert_eq!(&text[ranges[0].clone()], "开头说中间的话。再说后面的话，结尾");
        assert_eq!(&text[ranges[1].clone()], "后面");
        for (i, a) in ranges.iter().enumerate() {
            for b in &ranges[i + 1..] {
                assert!(!(a.start <= b.start && b.end <= a.end), "{a:?} holds {b:?}");
            }
        }
    }
}
