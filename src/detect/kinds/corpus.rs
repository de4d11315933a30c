//! `kind = "corpus"` (DUP001, copied passages) and `kind = "rewrite"` (DUP002, rewritten passages):
//! passages the document shares with documents of a corpus index ([`crate::dedup`]). They fire only
//! when the scan has an index; the document's own entry (same path) is skipped.

use super::{Finder, KindDef, Stage, no_keys, rules_of};
use crate::dedup::PassageKind;
use crate::detect::pack::Rule;

/// `kind = "corpus"`: copied passages. Its finder also finds the `rewrite` rules.
pub const COPIED: KindDef = KindDef {
    name: "corpus",
    keys: &[],
    terms: false,
    all_fields: false,
    needs_corpus: true,
    parse: no_keys,
    finder: Some(finder),
};

/// `kind = "rewrite"`: rewritten passages (found by the finder of [`COPIED`]).
pub const REWRITTEN: KindDef = KindDef {
    name: "rewrite",
    keys: &[],
    terms: false,
    all_fields: false,
    needs_corpus: true,
    parse: no_keys,
    finder: None,
};
use crate::detect::{DetectInput, Hit};

/// A passage of a corpus document that a hit pairs with.
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusHit {
    /// Path of the corpus document, as indexed.
    pub doc: String,
    /// Its title, if it has one.
    pub title: Option<String>,
    /// Share of this document covered by passages of that one (0–1).
    pub coverage: f64,
    /// Byte range of the passage in the corpus document's file.
    pub corpus_range: std::ops::Range<usize>,
    /// Length of the passage in normalized characters.
    pub chars: usize,
    /// Similarity of the two passages (0–1).
    pub similarity: f64,
    /// How the passages relate.
    pub kind: PassageKind,
    /// Share of the passage left character for character as in the corpus document (0–1; the
    /// rest of a rewritten passage had words swapped for synonyms or homophones).
    pub unchanged: f64,
}

/// The corpus rules of an engine.
#[derive(Debug)]
struct Corpus {
    copied: Vec<usize>,
    rewritten: Vec<usize>,
}

/// A finder for the corpus and rewrite rules among `rules`, if any.
pub fn finder(rules: &[Rule]) -> Option<Box<dyn Finder>> {
    let copied = rules_of(rules, |r| r.kind.is(&COPIED));
    let rewritten = rules_of(rules, |r| r.kind.is(&REWRITTEN));
    (!copied.is_empty() || !rewritten.is_empty()).then(|| Box::new(Corpus { copied, rewritten }) as Box<dyn Finder>)
}

impl Finder for Corpus {
    fn stage(&self) -> Stage {
        Stage::Document
    }

    /// One hit per passage in groups long enough to report: a copied passage (verbatim or near,
    /// even when moved) for each corpus rule, a rewritten one for each rewrite rule.
    fn find(&self, _rules: &[Rule], input: &DetectInput<'_>, hits: &mut Vec<Hit>) {
        let Some(corpus) = input.corpus else { return };
        let enabled =
            |v: &[usize]| -> Vec<usize> { v.iter().copied().filter(|i| !input.ignored.contains(i)).collect() };
        let (copied, rewritten) = (enabled(&self.copied), enabled(&self.rewritten));
        if copied.is_empty() && rewritten.is_empty() {
            return;
        }
        let mut options = corpus.options;
        options.rewrites &= !rewritten.is_empty();
        for m in corpus.index.query(input.text, &options).into_iter().filter(|m| m.path != input.path) {
            for p in m.groups.iter().filter_map(|g| m.passages.get(g.clone())).flatten() {
                let passage = CorpusHit {
                    doc: m.path.clone(),
                    title: m.title.clone(),
                    coverage: m.coverage,
                    corpus_range: p.corpus.clone(),
                    chars: p.chars,
                    similarity: p.similarity,
                    kind: p.kind,
                    unchanged: p.unchanged,
                };
                for &ri in if p.literal { &copied } else { &rewritten } {
                    let mut hit = Hit::at(ri, p.draft.clone());
                    hit.set_passage(Some(passage.clone()));
                    hits.push(hit);
                }
            }
        }
    }
}
