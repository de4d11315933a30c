//! Rule kinds: one file per kind, each compiled for an engine behind the [`Finder`] trait.
//!
//! `lexicon` and `near` rules share one automaton ([`lexicon::Lexicon`], which the engine always
//! builds); every other kind registers a constructor in [`FINDERS`]. Adding a kind is one new file
//! with a `finder` constructor plus one line in that list (and its `kind = "…"` name in the pack
//! format).

pub mod corpus;
pub mod lexicon;
pub mod link;
pub mod near;
pub mod regex;
pub mod validator;

use crate::detect::pack::Rule;
use crate::detect::{DetectInput, Hit};

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
}

/// A kind's constructor: a finder when some of `rules` are of its kind, `None` otherwise.
pub type FinderCtor = fn(rules: &[Rule]) -> Option<Box<dyn Finder>>;

/// Every rule kind besides the lexicon (and `near`), in the order their hits are gathered.
pub const FINDERS: &[FinderCtor] = &[regex::finder, validator::finder, link::finder, corpus::finder];

/// Indices of the rules that satisfy `is_kind`.
pub(crate) fn rules_of(rules: &[Rule], is_kind: impl Fn(&Rule) -> bool) -> Vec<usize> {
    rules.iter().enumerate().filter(|(_, r)| is_kind(r)).map(|(i, _)| i).collect()
}
