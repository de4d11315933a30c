//! Detection: rule packs compiled into matchers, run over normalized text.
//!
//! [`Engine`] holds the enabled rules and their compiled [`lexicon::Lexicon`]; [`Engine::detect`]
//! returns [`Hit`]s in normalized-text offsets, which the scan stage maps back to the source.

pub mod context;
pub mod cost;
mod cues;
pub(crate) mod fxhash;
pub mod kinds;
pub mod message;
pub mod pack;
pub mod pii;
pub mod ruleset;
pub mod wordlist;

pub use kinds::{corpus::CorpusHit, lexicon, link};

use std::collections::HashSet;
use std::ops::Range;

pub use pack::{Boundary, PackError, Rule};

use crate::normalize::{self, normalize};
use crate::segment::Segmenter;

use crate::dedup::CorpusCheck;
use crate::model::{AdSetting, Advertising, Field, Lang, RuleMeta, Severity};

/// One rule matching one stretch of normalized text.
///
/// A hit is 48 bytes: the rarely set details (partner, corpus passage, advertising context,
/// model evidence) sit behind one box, since a large word list yields hundreds of thousands of
/// plain hits per file (statutes x4 with a 10k-term list: about 320,000) and their vector set the
/// peak memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index of the rule in [`Engine::rules`].
    pub rule: usize,
    /// Byte range in the text detection ran over.
    pub range: Range<usize>,
    /// The lexicon term that matched (see [`lexicon::Lexicon::term`]); `None` for regex and
    /// validator rules, whose term is the matched text.
    pub term: Option<usize>,
    /// The details below, when any is set.
    extra: Option<Box<HitExtra>>,
}

/// The details few hits have (see [`Hit`]).
#[derive(Debug, Clone, PartialEq, Default)]
struct HitExtra {
    partner: Option<Range<usize>>,
    passage: Option<CorpusHit>,
    advertising: Option<Advertising>,
    evidence: Option<kinds::model::Evidence>,
    known_claim: Option<kinds::known_claim::KnownClaim>,
}

impl Hit {
    /// A hit of rule `rule` at `range` with no term, partner or passage.
    pub fn at(rule: usize, range: Range<usize>) -> Self {
        Self { rule, range, term: None, extra: None }
    }

    /// For `near` rules: the partner occurrence that made the hit count.
    pub fn partner(&self) -> Option<&Range<usize>> {
        self.extra.as_ref()?.partner.as_ref()
    }

    /// For corpus rules: the corpus passage this stretch pairs with.
    pub fn passage(&self) -> Option<&CorpusHit> {
        self.extra.as_ref()?.passage.as_ref()
    }

    /// For rules whose severity follows the advertising context: that context.
    pub fn advertising(&self) -> Option<&Advertising> {
        self.extra.as_ref()?.advertising.as_ref()
    }

    /// For model rules: the sentence's score and the n-grams behind it.
    pub fn evidence(&self) -> Option<&kinds::model::Evidence> {
        self.extra.as_ref()?.evidence.as_ref()
    }

    /// For known-claim rules: the debunked claim the hit matched.
    pub fn known_claim(&self) -> Option<&kinds::known_claim::KnownClaim> {
        self.extra.as_ref()?.known_claim.as_ref()
    }

    /// The details, boxed on first use; `None` when `set` is and nothing is boxed yet.
    fn extra_for(&mut self, set: bool) -> Option<&mut HitExtra> {
        if set {
            return Some(self.extra.get_or_insert_with(Default::default));
        }
        self.extra.as_deref_mut()
    }

    /// Sets or clears the partner.
    pub fn set_partner(&mut self, partner: Option<Range<usize>>) {
        if let Some(x) = self.extra_for(partner.is_some()) {
            x.partner = partner;
        }
    }

    /// Sets or clears the corpus passage.
    pub fn set_passage(&mut self, passage: Option<CorpusHit>) {
        if let Some(x) = self.extra_for(passage.is_some()) {
            x.passage = passage;
        }
    }

    /// Sets or clears the advertising context.
    pub fn set_advertising(&mut self, advertising: Option<Advertising>) {
        if let Some(x) = self.extra_for(advertising.is_some()) {
            x.advertising = advertising;
        }
    }

    /// Sets or clears the model evidence.
    pub fn set_evidence(&mut self, evidence: Option<kinds::model::Evidence>) {
        if let Some(x) = self.extra_for(evidence.is_some()) {
            x.evidence = evidence;
        }
    }

    /// Sets or clears the debunked claim.
    pub fn set_known_claim(&mut self, claim: Option<kinds::known_claim::KnownClaim>) {
        if let Some(x) = self.extra_for(claim.is_some()) {
            x.known_claim = claim;
        }
    }

    /// The same hit with `advertising` as its context (tests of messages).
    #[cfg(test)]
    pub(crate) fn with_advertising(mut self, advertising: Option<Advertising>) -> Self {
        self.set_advertising(advertising);
        self
    }
}

/// What detection runs over: the extracted text of one document, plus what document-level rules
/// need.
#[derive(Debug, Clone)]
pub struct DetectInput<'a> {
    /// The extracted text (normalized on the fly by the lexicon).
    pub text: &'a str,
    /// The document's path as reported (corpus rules skip the document's own index entry).
    pub path: &'a str,
    /// The corpus index to check against, if any.
    pub corpus: Option<&'a CorpusCheck<'a>>,
    /// Indices of rules ignored for this document (per-file ignores).
    pub ignored: &'a HashSet<usize>,
    /// The fields of `text` (sorted stretches; the rest is body): a rule's hits count only in the
    /// fields it applies to.
    pub fields: &'a [(Range<usize>, Field)],
    /// The advertising context declared for the document (hegui.toml `[context]`, front matter
    /// `hegui-context`), which replaces the one the text shows.
    pub declared: Option<&'a Advertising>,
    /// The advertising context the text shows, analysed on first use (by a model rule or when
    /// hits take their context) and then shared: once per document. Start it empty.
    pub analysed: std::cell::OnceCell<context::DocContext>,
    /// Another core is idle while this document is scanned (one document, two threads): a finder
    /// may build what it needs on a second thread meanwhile. The same hits either way.
    pub spare: bool,
}

impl<'a> DetectInput<'a> {
    /// Input of just a text: no path, no corpus, nothing ignored.
    pub fn text(text: &'a str) -> Self {
        static NONE: std::sync::LazyLock<HashSet<usize>> = std::sync::LazyLock::new(HashSet::new);
        Self {
            text,
            path: "",
            corpus: None,
            ignored: &NONE,
            fields: &[],
            declared: None,
            analysed: std::cell::OnceCell::new(),
            spare: false,
        }
    }

    /// The advertising context the text shows (analysed once, on the first call).
    pub fn doc_context(&self) -> &context::DocContext {
        self.analysed.get_or_init(|| context::DocContext::analyse(self.text))
    }
}

/// Why the engine could not be built: a pack, word list or selection problem.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// A pack or word list is broken.
    #[error(transparent)]
    Pack(#[from] PackError),
    /// The automaton could not be built.
    #[error(transparent)]
    Lexicon(#[from] kinds::lexicon::LexiconError),
    /// A selector names no rule.
    #[error("`rules.{key}`: `{selector}` matches no rule id, id prefix, category or pack")]
    UnknownSelector {
        /// Which key (`select`, `ignore`, `severity`).
        key: &'static str,
        /// The selector.
        selector: String,
    },
}

/// Rule selection and overrides applied when building an [`Engine`].
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Keep only rules matching one of these selectors (empty: all).
    pub select: Vec<String>,
    /// Drop rules matching one of these selectors.
    pub ignore: Vec<String>,
    /// Severity overrides by selector, applied in order.
    pub severity: Vec<(String, Severity)>,
    /// Masking replacements by selector, applied in order.
    pub replacement: Vec<(String, String)>,
    /// Terms that never produce a finding: any hit one covers is dropped.
    pub allow: Vec<String>,
}

/// Whether `selector` names `rule`: its id, an id prefix (`AD`, `AD00`), its category or its pack.
pub fn selector_matches(selector: &str, rule: &Rule) -> bool {
    selector == rule.id
        || selector == rule.category
        || selector == rule.pack
        || (!selector.is_empty()
            && selector.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && rule.id.starts_with(selector))
}

/// Hits looked at after each hit for one it contains ([`drop_weaker_containers`]): bounds the
/// work on a line full of nested hits.
const CONTAINED_LOOKAHEAD: usize = 64;

/// Drops a hit that contains a hit of a more severe rule — strictly, or on the same span when
/// both rules are of one category (a generic warning pattern around 100%拿证 must not hide the
/// error rule's finding on it, nor report the same claim twice); longest-hit-wins then keeps the
/// inner one. Sorts `hits` by span as [`lexicon::drop_contained`] does.
fn drop_weaker_containers<'r>(hits: &mut Vec<Hit>, severity: impl Fn(&Hit) -> (Severity, &'r str)) {
    hits.sort_by(|a, b| {
        a.range.start.cmp(&b.range.start).then(b.range.end.cmp(&a.range.end)).then(a.rule.cmp(&b.rule))
    });
    let mut weaker = vec![false; hits.len()];
    for (i, outer) in hits.iter().enumerate() {
        let (s, category) = severity(outer);
        let stronger = |h: &Hit| {
            let (hs, hc) = severity(h);
            h.range.start >= outer.range.start
                && h.range.end <= outer.range.end
                && hs > s
                && (h.range != outer.range || hc == category)
        };
        // Same-span hits may sort before `outer` (by rule index), so look on both sides.
        let before = hits[..i].iter().rev().take(CONTAINED_LOOKAHEAD).take_while(|h| h.range == outer.range);
        let after = hits[i + 1..].iter().take(CONTAINED_LOOKAHEAD).take_while(|h| h.range.start < outer.range.end);
        weaker[i] = before.chain(after).any(stronger);
    }
    if weaker.iter().any(|&w| w) {
        let mut keep = weaker.into_iter().map(|w| !w);
        hits.retain(|_| keep.next().unwrap_or(true));
    }
}

/// Of overlapping hits of one rule (考不过全额退 and 不过全额退费 in 考不过全额退费), keeps the first:
/// one claim is one finding. `hits` is sorted by span (after `drop_contained`).
fn drop_same_rule_overlaps(hits: &mut Vec<Hit>) {
    let mut last_end: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    hits.retain(|h| {
        if h.passage().is_some() {
            return true;
        }
        let end = last_end.entry(h.rule).or_insert(0);
        if h.range.start < *end {
            return false;
        }
        *end = h.range.end;
        true
    });
}

/// Texts up to this many bytes (a streamed file's pieces are 4 MiB) take the regex rules' folded
/// copy from the lexicon's scan ([`kinds::Finder::find_folded`]); a longer one is folded by the
/// regex finder, before the lexicon runs (see [`Engine::detect_in`]).
const SHARED_FOLDS_UP_TO: usize = 8 << 20;

/// Characters of context, each side of a hit, segmented to decide a token-boundary rule.
const CLAUSE_CHARS: usize = 64;

/// How far (bytes) on each side of a hit [`Engine::drop_excepted`] looks for its rule's `except`
/// contexts: 32 CJK characters, longer than any context.
const EXCEPT_REACH: usize = 96;

/// The enabled rules, compiled.
#[derive(Debug)]
pub struct Engine {
    rules: Vec<Rule>,
    lexicon: lexicon::Lexicon,
    /// Finders of the other rule kinds (see [`kinds::KINDS`]).
    finders: Vec<Box<dyn kinds::Finder>>,
    segmenter: Segmenter,
    /// The allow list, normalized, for hits the lexicon does not make (regex, validator, link):
    /// such a hit is dropped when its text normalizes to an allowed entry.
    allow_norm: Vec<String>,
    /// The allow list as written (validator hits compare canonical forms).
    allow_raw: Vec<String>,
}

/// Builds now what every engine builds on first use whatever its rules: the fold table and its
/// per-character bits, the advertising cue pattern and the context patterns (with the variant
/// table they are widened by). Nothing depends on when it runs; a check on several threads calls
/// it on one while the rules load on another, so that the first documents' scans (on every worker
/// at once) do not wait for it.
pub fn warm_up() {
    WarmUp::Full.run();
}

/// What a set-up thread builds ahead for the run to come (see [`warm_up`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WarmUp {
    /// Nothing.
    #[default]
    None,
    /// What every scan of a short text needs first: the fold table and the advertising cue
    /// pattern (the context patterns, of which one draft needs a few, are built as it needs them).
    Short,
    /// All of [`warm_up`], for a run over many or long texts.
    Full,
}

impl WarmUp {
    /// Builds what `self` names.
    pub fn run(self) {
        if self == WarmUp::None {
            return;
        }
        crate::normalize::warm_up();
        cues::warm_up();
        if self == WarmUp::Full {
            context::warm_up();
        }
    }
}

impl Engine {
    /// The bundled packs with every rule enabled.
    pub fn builtin() -> Result<Self, EngineError> {
        Self::new(pack::load_builtin()?, &Selection::default())
    }

    /// Builds an engine from `rules` after applying `sel`.
    ///
    /// Fails when two rules share an id, or a selector matches no rule.
    pub fn new(rules: Vec<Rule>, sel: &Selection) -> Result<Self, EngineError> {
        Self::with_cache(rules, sel, None)
    }

    /// [`Engine::new`], reading the compiled lexicon from `cache` (or storing it there) when the
    /// rules list many terms (see [`lexicon::cache`]).
    pub fn with_cache(
        rules: Vec<Rule>,
        sel: &Selection,
        cache: Option<&lexicon::cache::Cache>,
    ) -> Result<Self, EngineError> {
        let mut seen: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
        for r in &rules {
            if let Some(prev) = seen.insert(&r.id, &r.origin) {
                return Err(EngineError::Pack(PackError::new(
                    r.origin.clone(),
                    format!("rule id `{}` is already defined in {prev}", r.id),
                )));
            }
        }
        let check = |key: &'static str, s: &String| {
            if rules.iter().any(|r| selector_matches(s, r)) {
                Ok(())
            } else {
                Err(EngineError::UnknownSelector { key, selector: s.clone() })
            }
        };
        for s in &sel.select {
            check("select", s)?;
        }
        for s in &sel.ignore {
            check("ignore", s)?;
        }
        for (s, _) in &sel.severity {
            check("severity", s)?;
        }
        for (s, _) in &sel.replacement {
            check("replacement", s)?;
        }
        let mut rules: Vec<Rule> = rules
            .into_iter()
            .filter(|r| sel.select.is_empty() || sel.select.iter().any(|s| selector_matches(s, r)))
            .filter(|r| !sel.ignore.iter().any(|s| selector_matches(s, r)))
            .collect();
        for r in &mut rules {
            for (s, sev) in &sel.severity {
                if selector_matches(s, r) {
                    r.severity = *sev;
                    // A severity the config sets is the severity, whatever the context.
                    r.follows_context = false;
                }
            }
            for (s, rep) in &sel.replacement {
                if selector_matches(s, r) {
                    r.replacement = Some(rep.clone());
                }
            }
        }
        let lexicon = lexicon::Lexicon::cached(&rules, &sel.allow, cache)?;
        let words = rules.iter().filter(|r| r.boundary == Boundary::Token).flat_map(|r| r.terms.iter().cloned());
        let segmenter = Segmenter::new(words.collect::<Vec<_>>());
        let allow_norm = sel.allow.iter().map(|a| normalize::normalize_with(a, &normalize::Options::FULL)).collect();
        let finders = kinds::finders(&rules);
        Ok(Self { rules, lexicon, finders, segmenter, allow_norm, allow_raw: sel.allow.clone() })
    }

    /// The enabled rules.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The compiled lexicon.
    pub fn lexicon(&self) -> &lexicon::Lexicon {
        &self.lexicon
    }

    /// The word segmenter of the token-boundary rules.
    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }

    /// Indices of enabled rules a selector names.
    pub fn resolve(&self, selector: &str) -> HashSet<usize> {
        self.rules.iter().enumerate().filter(|(_, r)| selector_matches(selector, r)).map(|(i, _)| i).collect()
    }

    /// Finds all hits in `src` (extracted text, normalized on the fly); ranges are byte ranges
    /// of `src`.
    ///
    /// Candidates are verified against their rule's options, exceptions and the allow list drop
    /// what they overlap, token-boundary rules keep only hits on word boundaries of their
    /// sentence, and a hit lying strictly inside a longer one is dropped.
    pub fn detect(&self, src: &str) -> Vec<Hit> {
        self.detect_in(&DetectInput::text(src))
    }

    /// Finds all hits in one document: text hits as [`Engine::detect`], then document-level hits
    /// (corpus passages) when `input` has a corpus.
    pub fn detect_in(&self, input: &DetectInput<'_>) -> Vec<Hit> {
        let src = input.text;
        let adverts = input.declared.is_some_and(|a| a.setting == AdSetting::Promotional);
        let text_finders = || self.finders.iter().filter(|f| f.stage() == kinds::Stage::Text);
        let mut others = Vec::new();
        let wants_folds = self.finders.iter().any(|f| f.wants_folds());
        // What the lexicon's scan found for the other finders: where folding changes the text,
        // where the known-claim terms may occur.
        let (mut hits, mut unless, shared_folds, claims) = if src.len() <= SHARED_FOLDS_UP_TO && wants_folds {
            // The lexicon runs first: its scan reads every character's fold-table entry, and so
            // finds where the regex rules' folded copy of the text differs (a pass over the text
            // less).
            let found = self.lexicon.scan(src, &self.rules, adverts, true);
            let shared = kinds::Shared { folds: found.folds.as_deref(), claims: None };
            for f in text_finders() {
                f.find_shared(&self.rules, input, &shared, &mut others);
            }
            (found.hits, found.unless, found.folds, found.claims)
        } else {
            // A long text (a whole file, not streamed in pieces): the other text finders run
            // first, so that the regex rules' folded copy of the text is freed before the
            // lexicon's hits grow (the two at once set the peak memory).
            for f in text_finders() {
                f.find(&self.rules, input, &mut others);
            }
            let found = self.lexicon.scan(src, &self.rules, adverts, false);
            (found.hits, found.unless, None, found.claims)
        };
        let lexicon_hits = hits.len();
        hits.append(&mut others);
        drop(others);
        // `unless_near` contexts cancel the other kinds' hits as they cancelled the lexicon's.
        unless.cancel(src, &self.rules, &mut hits, lexicon_hits, adverts);
        // `except` contexts drop the overlapping hits of the kinds that do not read them themselves
        // (a regex rule's 返租 inside 重返租赁), as the lexicon drops its own.
        self.drop_excepted(src, &mut hits, lexicon_hits);
        // A hit outside its rule's fields (a title-only rule on a body line) goes before the
        // overlap rules below, so it cannot hide another rule's hit there.
        self.drop_out_of_field(input, &mut hits, 0);
        if !self.allow_norm.is_empty() {
            let raw_allow = &self.allow_raw;
            hits.retain(|h| {
                let text = &src[h.range.clone()];
                if let Some(kinds::validator::Validator { kind, .. }) = self.rules[h.rule].kind.data() {
                    // Numbers compare by their canonical form: +86 138-1234-5678 is 13812345678.
                    let c = pii::canonical(*kind, text);
                    return !raw_allow.iter().any(|a| pii::canonical(*kind, a) == c);
                }
                h.term.is_some()
                    || !self.allow_norm.contains(&normalize::normalize_with(text, &normalize::Options::FULL))
            });
        }
        let token_hits = hits.iter().filter(|h| self.rules[h.rule].boundary == Boundary::Token).count();
        if token_hits > 0 {
            self.segmenter.expect_calls(token_hits);
            hits.retain(|h| self.rules[h.rule].boundary != Boundary::Token || self.token_aligned(src, &h.range));
        }
        drop_weaker_containers(&mut hits, |h| (self.rules[h.rule].severity, self.rules[h.rule].category.as_str()));
        lexicon::drop_contained(&mut hits);
        drop_same_rule_overlaps(&mut hits);
        self.drop_superseded(&mut hits);
        // Document-level finders see the text hits (a model rule skips sentences they cover);
        // the advertising context is then set for every hit whose rule follows it.
        let text_hits = hits.len();
        let shared = kinds::Shared { folds: shared_folds.as_deref(), claims: claims.as_ref() };
        for f in self.finders.iter().filter(|f| f.stage() == kinds::Stage::Document) {
            f.find_shared(&self.rules, input, &shared, &mut hits);
        }
        drop(shared_folds);
        drop(claims);
        self.drop_out_of_field(input, &mut hits, text_hits);
        unless.cancel(src, &self.rules, &mut hits, text_hits, adverts);
        // A known rumour asked and then denied (喝酒能杀死新冠病毒？专家：喝酒不能杀死新冠病毒) is the debunk's
        // question, as it is for a `near` claim.
        if hits[text_hits..].iter().any(|h| self.rules[h.rule].kind.def().name == kinds::known_claim::KIND.name) {
            let mut i = 0;
            hits.retain(|h| {
                i += 1;
                i <= text_hits
                    || self.rules[h.rule].kind.def().name != kinds::known_claim::KIND.name
                    || !kinds::near::asked_and_denied(src, &h.range)
            });
        }
        if hits.iter().any(|h| self.rules[h.rule].follows_context) {
            let doc = input.declared.is_none().then(|| input.doc_context());
            for h in hits.iter_mut().filter(|h| self.rules[h.rule].follows_context) {
                let ad = match (&doc, input.declared) {
                    (Some(doc), _) => Some(doc.at(src, &h.range)),
                    (None, declared) => declared.cloned(),
                };
                h.set_advertising(ad);
            }
        }
        hits
    }

    /// Drops the hits from index `from` on of the rules whose kind has no terms (regex, model,
    /// validator rules: a lexicon or near rule applies its `except` contexts as it matches) that an
    /// `except` context of their rule overlaps. The contexts are plain strings, compared with the
    /// text folded character for character (traditional and full-width forms read as simplified
    /// and half-width), in a stretch of [`EXCEPT_REACH`] bytes around the hit.
    fn drop_excepted(&self, src: &str, hits: &mut Vec<Hit>, from: usize) {
        let excepting = |h: &Hit| {
            let rule = &self.rules[h.rule];
            !rule.except.is_empty() && !rule.kind.def().terms
        };
        if !hits[from.min(hits.len())..].iter().any(excepting) {
            return;
        }
        let mut i = 0;
        hits.retain(|h| {
            i += 1;
            if i <= from || !excepting(h) {
                return true;
            }
            let lo = normalize::ceil_char_boundary(src, h.range.start.saturating_sub(EXCEPT_REACH));
            let hi = normalize::floor_char_boundary(src, h.range.end.saturating_add(EXCEPT_REACH).min(src.len()));
            let folded = normalize::fold_chars(&src[lo..hi]);
            let hit = h.range.start - lo..h.range.end - lo;
            !self.rules[h.rule].except.iter().any(|e| {
                let e = normalize::fold_chars(e).text.into_owned();
                folded.text.match_indices(e.as_str()).any(|(at, m)| {
                    let r = folded.source_range(at..at + m.len());
                    r.start < hit.end && hit.start < r.end
                })
            })
        });
    }

    /// Drops the hits from index `from` on whose rule does not apply to the field the hit starts
    /// in (corpus passages may span fields and are kept). A rule ignored for the file
    /// (`per-file-ignores`) still takes part in the overlap rules and only goes unreported: its
    /// claim is not reported again by a weaker rule inside it or by a model rule.
    fn drop_out_of_field(&self, input: &DetectInput<'_>, hits: &mut Vec<Hit>, from: usize) {
        if self.rules.iter().all(|r| Field::ALL.iter().all(|f| r.fields.contains(f))) {
            return;
        }
        let mut i = 0;
        hits.retain(|h| {
            i += 1;
            i <= from
                || h.passage().is_some()
                || self.rules[h.rule].fields.contains(&crate::model::field_at(input.fields, h.range.start))
        });
    }

    /// Drops a hit when another rule's hit on the same span, or on one that overlaps it (动动手指就能月入
    /// and 就能月入十万: one claim), supersedes its rule.
    fn drop_superseded(&self, hits: &mut Vec<Hit>) {
        if !self.rules.iter().any(|r| !r.supersedes.is_empty()) {
            return;
        }
        // After `drop_contained` hits are sorted by span and none holds another, so the hits that
        // overlap one are its neighbours: same-span ones, then ones starting before it ends.
        let supersedes = |b: &Hit, a: &Hit| {
            b.rule != a.rule
                && b.range.start < a.range.end
                && a.range.start < b.range.end
                && self.rules[b.rule].supersedes.iter().any(|s| selector_matches(s, &self.rules[a.rule]))
        };
        let superseded: Vec<bool> = (0..hits.len())
            .map(|a| {
                let before =
                    hits[..a].iter().rev().take(CONTAINED_LOOKAHEAD).take_while(|h| h.range.end > hits[a].range.start);
                let after =
                    hits[a + 1..].iter().take(CONTAINED_LOOKAHEAD).take_while(|h| h.range.start < hits[a].range.end);
                before.chain(after).any(|b| supersedes(b, &hits[a]))
            })
            .collect();
        let mut keep = superseded.into_iter().map(|s| !s);
        hits.retain(|_| keep.next().unwrap_or(true));
    }

    /// Whether a source span sits on word boundaries: normalizes the clause around it (jieba
    /// segments each run between punctuation on its own, so the run between hard boundaries is the
    /// exact unit; at most [`CLAUSE_CHARS`] characters each side) and asks the segmenter about the
    /// corresponding normalized range.
    fn token_aligned(&self, src: &str, span: &Range<usize>) -> bool {
        let hard = |c: char| normalize::class_of(c) == normalize::Class::Hard;
        let a = src[..span.start]
            .char_indices()
            .rev()
            .take(CLAUSE_CHARS)
            .take_while(|&(_, c)| !hard(c))
            .last()
            .map_or(span.start, |(i, _)| i);
        let b = src[span.end..]
            .char_indices()
            .take(CLAUSE_CHARS)
            .take_while(|&(_, c)| !hard(c))
            .last()
            .map_or(span.end, |(i, c)| span.end + i + c.len_utf8());
        let norm = normalize(&src[a..b]);
        let (s, e) = (span.start - a, span.end - a);
        // The normalized range whose source lies within the span.
        let mut start = None;
        let mut end = 0;
        for (i, c) in norm.text.char_indices() {
            let r = norm.map.map_range(i..i + c.len_utf8());
            if r.start >= s && r.end <= e {
                start.get_or_insert(i);
                end = i + c.len_utf8();
            }
        }
        match start {
            Some(st) => self.segmenter.is_token_aligned(&norm.text, st..end),
            None => false,
        }
    }

    /// The term a hit reports: the rule's term for lexicon hits, the corpus document's path for
    /// corpus hits, the matched text otherwise.
    pub fn term<'a>(&'a self, hit: &'a Hit, src: &'a str) -> &'a str {
        match (hit.term, hit.passage()) {
            (Some(t), _) => self.lexicon.term(t, &self.rules),
            (None, Some(p)) => &p.doc,
            (None, None) => src.get(hit.range.clone()).unwrap_or(""),
        }
    }

    /// Rule metadata for printers.
    pub fn rule_meta(&self, lang: Lang) -> Vec<RuleMeta> {
        self.rules
            .iter()
            .map(|r| RuleMeta {
                id: r.id.clone(),
                category: r.category.clone(),
                severity: r.severity,
                message: message::describe(r, lang),
                reference: r.reference.clone(),
                name: r.name.clone(),
                label: r.label,
                hit: r.examples.hit.clone(),
                miss: r.examples.miss.clone(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine(toml: &str) -> Engine {
        Engine::new(pack::load_str("t.toml", toml).expect("pack"), &Selection::default()).expect("engine")
    }

    /// Plain hits stay small (see [`Hit`]); setting a detail and clearing it again reads back.
    #[test]
    fn a_hit_is_48_bytes_and_its_details_read_back() {
        assert_eq!(std::mem::size_of::<Hit>(), 48);
        let mut h = Hit::at(3, 1..4);
        h.set_partner(None);
        assert!(h.extra.is_none(), "clearing an unset detail boxes nothing");
        h.set_partner(Some(7..9));
        h.set_advertising(Some(Advertising { setting: crate::model::AdSetting::Editorial, cues: vec![] }));
        assert_eq!(h.partner(), Some(&(7..9)));
        assert_eq!(h.advertising().map(|a| a.setting), Some(crate::model::AdSetting::Editorial));
        assert!(h.passage().is_none() && h.evidence().is_none());
        h.set_partner(None);
        assert_eq!(h.partner(), None);
        assert!(h.advertising().is_some());
    }

    fn found(e: &Engine, text: &str) -> Vec<(String, String)> {
        e.detect(text).iter().map(|h| (e.rules()[h.rule].id.clone(), text[h.range.clone()].to_owned())).collect()
    }

    const NEAR: &str = r#"
[pack]
name = "t"
[[rules]]
id = "N001"
category = "t"
severity = "error"
message = "{term} near {near}"
label = 10001
kind = "near"
terms = ["治愈", "根治"]
near = ["保健食品", "保健品"]
within = 10
[[rules]]
id = "N002"
category = "t"
severity = "error"
message = "m"
kind = "near"
terms = ["稳赚"]
near = ["理财"]
within = "sentence"
"#;

    #[test]
    fn near_rules_need_a_partner_within_reach() {
        let e = engine(NEAR);
        assert_eq!(found(&e, "这款保健食品可以根治失眠。"), vec![("N001".into(), "根治".into())]);
        assert_eq!(found(&e, "根治失眠，就选这款保 健 品"), vec![("N001".into(), "根治".into())]);
        assert!(found(&e, "医生说这种病可以根治。").is_empty());
        assert!(found(&e, "保健食品不是药品，不能代替药物治疗疾病，更谈不上根治。").is_empty(), "too far");
        assert_eq!(found(&e, "这款理财产品稳赚不赔"), vec![("N002".into(), "稳赚".into())]);
        assert!(found(&e, "这款理财产品风险较高。炒股稳赚是骗人的").is_empty(), "other sentence");
        assert_eq!(e.rules()[0].label, Some(10001));
        let hit = &e.detect("这款保健食品可以根治失眠。")[0];
        assert_eq!(hit.partner().map(|p| &"这款保健食品可以根治失眠。"[p.clone()]), Some("保健食品"));
    }

    /// `near_file` takes one file or a list whose terms are joined (issue 12, i12pa: disease.txt
    /// and the lexicon beside it); a missing file in the list is a load error, not a silent gap.
    #[test]
    fn near_file_takes_a_list_of_partner_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).expect("write");
        write("a.txt", "# hand list\n失眠\n");
        write("b.txt", "# lexicon\n带状疱疹\n失眠\n");
        let pack = |files: &str| {
            format!(
                "[pack]\nname = \"t\"\n[[rules]]\nid = \"L001\"\ncategory = \"t\"\nseverity = \"warning\"\n\
                 message = \"{{term}} {{near}}\"\nkind = \"near\"\nterms = [\"根治\"]\nnear_file = {files}\nwithin = \"sentence\"\n"
            )
        };
        write("list.toml", &pack(r#"["a.txt", "b.txt"]"#));
        write("one.toml", &pack(r#""a.txt""#));
        write("gap.toml", &pack(r#"["a.txt", "missing.txt"]"#));
        let load = |name: &str| {
            Engine::new(pack::load_file(&dir.path().join(name)).expect("pack"), &Selection::default()).expect("engine")
        };
        let (list, one) = (load("list.toml"), load("one.toml"));
        assert_eq!(found(&list, "一贴根治带状疱疹。"), vec![("L001".into(), "根治".into())]);
        assert_eq!(
            found(&list, "一贴根治失眠。"),
            vec![("L001".into(), "根治".into())],
            "a term in both files is one partner"
        );
        assert!(found(&one, "一贴根治带状疱疹。").is_empty(), "one file: only its terms");
        assert_eq!(found(&one, "一贴根治失眠。"), vec![("L001".into(), "根治".into())]);
        assert!(pack::load_file(&dir.path().join("gap.toml")).is_err());
    }

    #[test]
    fn a_superseding_rule_replaces_the_same_span_hit() {
        let e = engine(
            r#"
[pack]
name = "t"
[[rules]]
id = "B001"
category = "t"
severity = "warning"
message = "m"
terms = ["最安全"]
[[rules]]
id = "C001"
category = "t"
severity = "error"
message = "m"
kind = "near"
terms = ["最安全"]
near = ["理财"]
supersedes = ["B"]
"#,
        );
        assert_eq!(found(&e, "这款理财产品最安全。"), vec![("C001".into(), "最安全".into())]);
        assert_eq!(found(&e, "这款电器最安全。"), vec![("B001".into(), "最安全".into())]);
    }

    /// Two rules reading one claim from overlapping spans (neither holds the other) report it once,
    /// as the superseding rule; a hit of the superseded rule elsewhere stays.
    #[test]
    fn a_superseding_rule_replaces_an_overlapping_hit() {
        let e = engine(
            r#"
[pack]
name = "t"
[[rules]]
id = "B001"
category = "t"
severity = "warning"
message = "m"
kind = "regex"
pattern = '动动手指就能月入'
[[rules]]
id = "C001"
category = "t"
severity = "warning"
message = "m"
kind = "regex"
pattern = '就能月入[一二三四五六七八九十]+万'
supersedes = ["B001"]
"#,
        );
        assert_eq!(found(&e, "动动手指就能月入十万。"), vec![("C001".into(), "就能月入十万".into())]);
        assert_eq!(
            found(&e, "动动手指就能月入。就能月入十万。"),
            vec![("B001".into(), "动动手指就能月入".into()), ("C001".into(), "就能月入十万".into())]
        );
    }

    #[test]
    fn unless_near_cancels_a_hit_in_the_same_sentence() {
        let e = engine(
            r#"
[pack]
name = "t"
[[rules]]
id = "U001"
category = "t"
severity = "warning"
message = "m"
terms = ["销量第一"]
unless_near = ["据", "数据来源"]
"#,
        );
        assert!(found(&e, "据某机构2023年统计，本品牌销量第一。").is_empty());
        assert_eq!(found(&e, "据说很好用。本品牌销量第一！"), vec![("U001".into(), "销量第一".into())]);
        assert_eq!(found(&e, "本品牌销量第一"), vec![("U001".into(), "销量第一".into())]);
    }

    /// rv1: a rule whose contexts hold only outside adverts keeps its hit when the document as a
    /// whole sells, though the hit's own paragraph shows no cue (an advert's title, claim line and
    /// offer line); a text whose only cue-less paragraph has the context still cancels it.
    #[test]
    fn an_advert_only_context_cancels_nothing_in_a_document_that_sells() {
        let e = engine(
            r#"
[pack]
name = "t"
[[rules]]
id = "U001"
category = "t"
severity = "warning"
message = "m"
terms = ["根治"]
unless_near = ["这种药"]
unless_in_adverts = false
"#,
        );
        let hit = vec![("U001".to_owned(), "根治".to_owned())];
        assert!(found(&e, "这种药可以根治鼻炎。").is_empty());
        assert!(found(&e, "医生说这种药可以根治鼻炎。\n\n我听了很高兴。").is_empty());
        assert_eq!(found(&e, "这种药可以根治鼻炎，限时特价，点击链接购买。"), hit);
        assert_eq!(found(&e, "# 鼻炎患者看过来\n\n这种药可以根治鼻炎。\n\n限时特价，仅售99元，点击链接购买。"), hit);
    }

    #[test]
    fn an_unless_near_context_equal_to_the_hit_cancels_it_in_every_kind() {
        // One lexicon rule, or one regex rule, finding 提升30分.
        let pack = |regex: bool, context: &str| {
            let found_by =
                if regex { "kind = \"regex\"\npattern = '提升[0-9]+分'" } else { "terms = [\"提升30分\"]" };
            format!(
                "[pack]\nname = \"t\"\n[[rules]]\nid = \"U001\"\ncategory = \"t\"\nseverity = \"warning\"\nmessage = \"m\"\n{found_by}\nunless_near = [\"{context}\"]\n"
            )
        };
        for regex in [false, true] {
            let hit = vec![("U001".to_owned(), "提升30分".to_owned())];
            assert_eq!(found(&engine(&pack(regex, "去年")), "本班全科提升30分！"), hit, "regex {regex}");
            // A context inside the hit cancels it, and so does one spanning exactly the hit.
            for context in ["升30", "提升30分"] {
                let e = engine(&pack(regex, context));
                assert!(found(&e, "本班全科提升30分！").is_empty(), "regex {regex}, {context}");
                assert_eq!(found(&e, "去年。本班全科提升30分！"), vec![], "regex {regex}, {context}");
            }
        }
    }

    #[test]
    fn unless_near_contexts_are_verified_per_rule_as_each_kind_asks() {
        // The lexicon rule's hit asks for its contexts first; the regex rule's (the same term, with
        // no separator gap allowed) are verified when its hit, found later, asks.
        let e = engine(
            r#"
[pack]
name = "t"
[[rules]]
id = "U001"
category = "t"
severity = "warning"
message = "m"
terms = ["销量第一"]
unless_near = ["据统计"]
[[rules]]
id = "U002"
category = "t"
severity = "warning"
message = "m"
kind = "regex"
pattern = '提升[0-9]+分'
requires = ["提升"]
unless_near = ["据统计", "来源"]
[rules.match]
max_gap = 0
"#,
        );
        let text = "据统计，本品牌销量第一，本班全科提升30分。";
        assert!(found(&e, text).is_empty());
        // 据 统 计 with separators: a context of U001 only (U002 allows no gap).
        let spaced = "据 统 计，本品牌销量第一，本班全科提升30分。";
        assert_eq!(found(&e, spaced), vec![("U002".into(), "提升30分".into())]);
        let none = "本品牌销量第一，本班全科提升30分。";
        assert_eq!(found(&e, none).len(), 2);
    }

    #[test]
    fn an_except_context_drops_the_overlapping_hits_of_a_regex_rule() {
        let e = engine(
            r#"
[pack]
name = "t"
[[rules]]
id = "X001"
category = "t"
severity = "warning"
message = "m"
kind = "regex"
pattern = '返租[0-9]*'
requires = ["返租"]
except = ["重返租赁"]
"#,
        );
        assert!(found(&e, "多家企业重返租赁市场。").is_empty());
        // Traditional forms fold to the context.
        assert!(found(&e, "多家企業重返租賃市場。").is_empty());
        // A context elsewhere in the text does not cover this hit.
        assert_eq!(found(&e, "重返租赁市场。本项目返租8年"), vec![("X001".into(), "返租8".into())]);
        assert_eq!(found(&e, "售后返租，稳定收益"), vec![("X001".into(), "返租".into())]);
    }

    #[test]
    fn a_longer_warning_does_not_hide_an_error_inside_it() {
        let e = engine(
            r#"
[pack]
name = "t"
[[rules]]
id = "W001"
category = "t"
severity = "warning"
message = "m"
kind = "regex"
pattern = '承诺(?:100%)?拿证|^100%拿证'
[[rules]]
id = "E001"
category = "t"
severity = "error"
message = "m"
terms = ["100%拿证"]
[[rules]]
id = "I001"
category = "t"
severity = "info"
message = "m"
terms = ["拿证"]
"#,
        );
        assert_eq!(found(&e, "本班承诺100%拿证。"), vec![("E001".into(), "100%拿证".into())]);
        // A weaker hit inside a longer one is still dropped (longest wins).
        assert_eq!(found(&e, "本班承诺拿证。"), vec![("W001".into(), "承诺拿证".into())]);
        // The same claim found by a warning and an error rule of one category is one finding.
        assert_eq!(found(&e, "100%拿证"), vec![("E001".into(), "100%拿证".into())]);
    }

    #[test]
    fn regex_rules_match_the_article_text() {
        let e = engine(
            r#"
[pack]
name = "t"
[[rules]]
id = "R001"
category = "t"
severity = "error"
message = "{term}"
kind = "regex"
pattern = '通过率\s*100\s*%'
"#,
        );
        assert_eq!(found(&e, "本课程通过率 100%！"), vec![("R001".into(), "通过率 100%".into())]);
        assert!(found(&e, "通过率达到95%").is_empty());
    }

    #[test]
    fn kind_specific_keys_are_checked() {
        let base =
            "[pack]\nname = \"t\"\n[[rules]]\nid = \"X001\"\ncategory = \"t\"\nseverity = \"error\"\nmessage = \"m\"\n";
        let err = |extra: &str| pack::load_str("t.toml", &format!("{base}{extra}")).expect_err(extra).to_string();
        assert!(err("kind = \"regex\"\npattern = '(unclosed'\n").contains("bad `pattern`"));
        assert!(err("kind = \"regex\"\n").contains("pattern"));
        assert!(err("kind = \"near\"\nterms = [\"a\"]\n").contains("partner"));
        assert!(
            err("kind = \"near\"\nterms = [\"a\"]\nnear = [\"b\"]\nwithin = \"paragraph\"\n").contains("paragraph")
        );
        assert!(err("terms = [\"a\"]\nnear = [\"b\"]\n").contains("near"));
        assert!(err("kind = \"validator\"\nvalidator = \"passport\"\n").contains("passport"));
        assert!(err("kind = \"regex\"\npattern = 'a'\nterms = [\"a\"]\n").contains("terms"));
    }
}
