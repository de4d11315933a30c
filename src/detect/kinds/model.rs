//! `kind = "model"`: a learned layer. A small logistic-regression model over character n-grams
//! (trained by `scripts/train_claim_model.py`, shipped as a text file beside the pack) scores each
//! sentence; a sentence scoring at or above the rule's `threshold` is a hit spanning the sentence,
//! explained by its score and the n-grams that weighed most for it. The threshold is the model
//! file's own (`threshold` header line, format version 3: the trainer derives it from a fixed
//! false-alarm budget each time it retrains, so a retrain lands at the same operating point); a
//! rule's `threshold` key, if set, overrides it (and is required for a model file without one).
//!
//! The model reads the text folded character for character (繁→简, full width), ASCII lower-cased,
//! digits as `0`; n-grams lie within runs of letters, digits and `%`. A sentence's score is
//! `σ(bias + Σ weights of its n-gram occurrences / √occurrences)`. Sentences that another rule's
//! warning or error already covers are not scored: the model catches what the rules miss, so its
//! finder runs after theirs ([`Stage::Document`]). Its hits keep the rule's severity (a statistical
//! judgement is never raised to an error) and are dropped in editorial context (see
//! [`crate::detect::context`]); sentences with fewer than `min_chars` letters, or carrying one of
//! the rule's `unless` phrases (a mandated disclaimer), are not scored.
//!
//! Model file format (UTF-8 text): `#` comment lines, then `key<TAB>value` header lines
//! (`hegui-model 3`, `ngrams 1,2,3`, `min_chars`, `bias`, `threshold`, `weights` = count, `checksum`), a
//! `---` line, then one `n-gram<TAB>weight` per line. The checksum is FNV-1a 64 (16 hex digits) of the other
//! header lines as written (`key<TAB>value` and a line end each, in file order, comments left out) followed
//! by the body, so an edited `bias`, `min_chars` or `threshold` is refused as an edited weight is. Version 3
//! requires `threshold` (a probability, 0–1 exclusive); version 2 files (no threshold) and version 1 files
//! (no threshold, the checksum covers the body only) are still read.

use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;

use super::{Finder, KindData, KindDef, Stage, ends_sentence, overlaps_warned, rules_of, warned_ranges};
use crate::detect::pack::Rule;
use crate::detect::{DetectInput, Hit, pack::KindKeys};
use crate::model::AdSetting;

/// `kind = "model"`.
pub const KIND: KindDef = KindDef {
    name: "model",
    keys: &["model_file", "threshold", "unless"],
    terms: false,
    all_fields: false,
    needs_corpus: false,
    parse,
    finder: Some(finder),
};

/// The keys of a model rule.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Keys {
    /// The model file beside the pack.
    model_file: String,
    /// Lowest probability (0–1, exclusive) that makes a sentence a hit; when absent, the model
    /// file's own `threshold` (a version 3 file, calibrated by the trainer).
    #[serde(default)]
    threshold: Option<f64>,
    /// Phrases that keep their clause from being scored (a mandated disclaimer such as
    /// 不能代替药物 reads like a claim to the model but is what the law asks for).
    #[serde(default)]
    unless: Vec<String>,
}

/// The model format version this build writes (the trainer) and reads; versions 1 and 2 are read too.
pub const VERSION: u32 = 3;

/// Longest n-gram a model may use.
const MAX_N: usize = 4;

/// Evidence n-grams shown per finding, at most.
pub const SHOWN: usize = 3;

/// Candidate n-grams kept per sentence while scoring (the strongest, for the explanation).
const CANDIDATES: usize = 8;

/// A loaded model: n-gram weights in a flat open-addressing table.
#[derive(Debug)]
pub struct Model {
    /// Bias term.
    bias: f32,
    /// The decision threshold the trainer calibrated (probability; version 3 files), if any.
    threshold: Option<f32>,
    /// N-gram lengths used (each 1..=[`MAX_N`]), ascending.
    ngrams: Vec<usize>,
    /// Sentences with fewer letters (token characters other than digits) are not scored.
    min_chars: usize,
    /// Slots: (fingerprint, weight); fingerprint 0 marks an empty slot.
    slots: Vec<(u32, f32)>,
    /// `slots.len() - 1` (a power of two minus one).
    mask: usize,
    /// Number of weights.
    len: usize,
}

/// A model rule's model and threshold.
#[derive(Debug)]
pub struct ModelRule {
    /// The model.
    pub model: Arc<Model>,
    /// Decision threshold (probability).
    pub threshold: f32,
    /// Folded phrases that keep their clause from being scored (see `scored_pieces`).
    pub unless: Vec<String>,
}

/// Why a sentence scored as it did: its probability and its strongest n-grams (source text).
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// Probability (0–1).
    pub score: f32,
    /// The n-grams that weighed most for the hit, strongest first, at most [`SHOWN`].
    pub cues: Vec<String>,
}

include!("model_hash.rs");

/// One character as the model reads it, after [`crate::normalize::fold_chars`]: ASCII lower-cased,
/// digits as `0`; `None` for a character that ends an n-gram run.
#[inline]
fn model_char(c: char) -> Option<char> {
    // The common case first: a character of the CJK Unified Ideographs block is alphabetic (a
    // test checks the whole block), and `is_alphanumeric` looks it up in a table.
    if ('\u{4e00}'..='\u{9fff}').contains(&c) {
        Some(c)
    } else if c.is_ascii_digit() {
        Some('0')
    } else if c.is_alphanumeric() || c == '%' {
        Some(c.to_ascii_lowercase())
    } else {
        None
    }
}

impl Model {
    /// Parses a model file; every malformed file is an error naming the line, never a panic.
    pub fn parse(text: &str) -> Result<Self, String> {
        // A checkout that turned line ends into CRLF holds the same model.
        let text: std::borrow::Cow<'_, str> =
            if text.contains('\r') { text.replace("\r\n", "\n").into() } else { text.into() };
        let (head, body) = match text.split_once("\n---\n") {
            Some(parts) => parts,
            None => return Err("not a hegui model: no `---` line between header and weights".into()),
        };
        let mut version = None;
        let mut ngrams: Option<Vec<usize>> = None;
        let mut min_chars = None;
        let mut bias = None;
        let mut threshold = None;
        let mut count = None;
        let mut checksum = None;
        // The header lines the version 2 checksum covers, as written.
        let mut covered = String::new();
        for (i, line) in head.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (k, v) =
                line.split_once('\t').ok_or_else(|| format!("header line {}: expected key<TAB>value", i + 1))?;
            let bad = |what: &str| format!("header line {}: bad {what} `{v}`", i + 1);
            if k != "checksum" {
                covered.push_str(line);
                covered.push('\n');
            }
            match k {
                "hegui-model" => version = Some(v.parse::<u32>().map_err(|_| bad("version"))?),
                "ngrams" => {
                    let ns: Result<Vec<usize>, _> = v.split(',').map(|n| n.trim().parse::<usize>()).collect();
                    let mut ns = ns.map_err(|_| bad("n-gram lengths"))?;
                    ns.sort_unstable();
                    ns.dedup();
                    if ns.is_empty() || ns.iter().any(|&n| n == 0 || n > MAX_N) {
                        return Err(bad("n-gram lengths (1 to 4)"));
                    }
                    ngrams = Some(ns);
                }
                "min_chars" => min_chars = Some(v.parse::<usize>().map_err(|_| bad("min_chars"))?),
                "bias" => bias = Some(v.parse::<f32>().ok().filter(|b| b.is_finite()).ok_or_else(|| bad("bias"))?),
                "threshold" => {
                    let t = v.parse::<f64>().ok().filter(|t| *t > 0.0 && *t < 1.0);
                    threshold = Some(t.ok_or_else(|| bad("threshold (a probability between 0 and 1)"))? as f32);
                }
                "weights" => count = Some(v.parse::<usize>().map_err(|_| bad("weight count"))?),
                "checksum" => checksum = Some(v.to_owned()),
                _ => return Err(format!("header line {}: unknown key `{k}`", i + 1)),
            }
        }
        match version {
            Some(1) => covered.clear(),
            Some(2) | Some(VERSION) => {}
            Some(v) => return Err(format!("model format version {v}; this build reads versions 1 to {VERSION}")),
            None => return Err("not a hegui model: no `hegui-model` header line".into()),
        }
        match (version, threshold) {
            (Some(VERSION), None) => return Err(format!("missing `threshold` header (required in version {VERSION})")),
            (Some(v), Some(_)) if v < 3 => {
                return Err(format!("`threshold` header in a version {v} file (version 3 on)"));
            }
            _ => {}
        }
        let ngrams = ngrams.ok_or("missing `ngrams` header")?;
        let bias = bias.ok_or("missing `bias` header")?;
        let min_chars = min_chars.ok_or("missing `min_chars` header")?;
        let count = count.ok_or("missing `weights` header")?;
        let stated = checksum.ok_or("missing `checksum` header")?;
        covered.push_str(body);
        let digest = self::checksum(&covered);
        if digest != stated {
            return Err(format!("checksum mismatch (header {stated}, content {digest}): the file was altered or cut"));
        }
        // The count sizes the table: it must not exceed the weight lines there are (a forged header
        // could otherwise ask for any amount of memory, or wrap the size to nothing).
        if count > body.lines().count() {
            return Err(format!("{} weight lines, the header says {count}", body.lines().count()));
        }
        let cap = count
            .max(1)
            .checked_mul(2)
            .and_then(usize::checked_next_power_of_two)
            .ok_or_else(|| format!("weight count {count} is too large"))?;
        let mask = cap - 1;
        let mut slots = vec![(0u32, 0f32); cap];
        let mut len = 0;
        let first_body_line = head.lines().count() + 2;
        let mut buf: Vec<char> = Vec::with_capacity(MAX_N);
        for (i, line) in body.lines().enumerate() {
            let at = first_body_line + i;
            let (gram, w) = line.split_once('\t').ok_or_else(|| format!("line {at}: expected n-gram<TAB>weight"))?;
            let w: f32 =
                w.parse().ok().filter(|w: &f32| w.is_finite()).ok_or_else(|| format!("line {at}: bad weight"))?;
            buf.clear();
            buf.extend(gram.chars());
            if !ngrams.contains(&buf.len()) || buf.iter().any(|&c| model_char(c) != Some(c)) {
                return Err(format!("line {at}: `{gram}` is not a folded n-gram of the model's lengths"));
            }
            if len >= count {
                return Err(format!("more weights than the header's {count}"));
            }
            let (fp, mut slot) = split_hash(gram_hash(&buf), mask);
            while slots[slot].0 != 0 {
                if slots[slot].0 == fp {
                    return Err(format!("line {at}: `{gram}` is listed twice (or collides)"));
                }
                slot = (slot + 1) & mask;
            }
            slots[slot] = (fp, w);
            len += 1;
        }
        if len != count {
            return Err(format!("{len} weights, the header says {count}"));
        }
        Ok(Self { bias, threshold, ngrams, min_chars, slots, mask, len })
    }

    /// A bundled model in the compact form the build writes (`compact_model` in
    /// `src/build/packs.rs`): the hash table as [`Model::parse`] fills it, read without parsing
    /// text. `None` if the bytes are not such a table.
    fn from_compact(bytes: &[u8]) -> Option<Self> {
        let word = |i: usize| bytes.get(4 * i..4 * i + 4).and_then(|b| b.try_into().ok()).map(u32::from_le_bytes);
        let bias = f32::from_bits(word(0)?);
        // NaN: the file states no threshold.
        let threshold = Some(f32::from_bits(word(1)?)).filter(|t| !t.is_nan());
        let (min_chars, ngram_set, len, cap) = (word(2)? as usize, word(3)?, word(4)? as usize, word(5)? as usize);
        let table = bytes.get(24..)?;
        if !cap.is_power_of_two() || table.len() != cap.checked_mul(8)? {
            return None;
        }
        let ngrams = (1..=MAX_N).filter(|&n| ngram_set & (1 << n) != 0).collect();
        let slots = table
            .chunks_exact(8)
            .map(|s| {
                let fp = u32::from_le_bytes([s[0], s[1], s[2], s[3]]);
                (fp, f32::from_le_bytes([s[4], s[5], s[6], s[7]]))
            })
            .collect();
        Some(Self { bias, threshold, ngrams, min_chars, slots, mask: cap - 1, len })
    }

    /// The decision threshold the model file states (version 3), if any.
    pub fn threshold(&self) -> Option<f32> {
        self.threshold
    }

    /// Number of n-gram weights.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the model has no weights.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The weight of an n-gram hash (0 when the model does not list it).
    #[inline]
    fn weight(&self, h: u64) -> f32 {
        let (fp, mut slot) = split_hash(h, self.mask);
        loop {
            let (f, w) = self.slots[slot];
            if f == fp {
                return w;
            }
            if f == 0 {
                return 0.0;
            }
            slot = (slot + 1) & self.mask;
        }
    }

    /// Scores one sentence of folded text: the probability and the strongest positive n-gram
    /// occurrences (byte ranges of `sentence`, strongest first).
    pub fn score(&self, sentence: &str) -> (f32, Vec<Range<usize>>) {
        let mut top = [(0f32, 0usize, 0usize); CANDIDATES];
        let p = self.score_into(sentence, &mut top);
        (p, top.iter().filter(|t| t.0 > 0.0).map(|t| t.1..t.2).collect())
    }

    /// [`Model::score`] without allocation: fills `top` with (weight, start, end), strongest first.
    fn score_into(&self, sentence: &str, top: &mut [(f32, usize, usize); CANDIDATES]) -> f32 {
        let mut window = ['\0'; MAX_N];
        let mut starts = [0usize; MAX_N];
        let mut run = 0usize;
        let mut sum = 0f32;
        let mut n_occ = 0usize;
        let mut letters = 0usize;
        for (i, c) in sentence.char_indices() {
            let Some(m) = model_char(c) else {
                run = 0;
                continue;
            };
            letters += usize::from(m != '0');
            window.copy_within(1.., 0);
            starts.copy_within(1.., 0);
            window[MAX_N - 1] = m;
            starts[MAX_N - 1] = i;
            run += 1;
            let end = i + c.len_utf8();
            for &n in &self.ngrams {
                if run < n {
                    break;
                }
                let w = self.weight(gram_hash(&window[MAX_N - n..]));
                sum += w;
                n_occ += 1;
                if w > top[CANDIDATES - 1].0 {
                    let mut k = CANDIDATES - 1;
                    while k > 0 && top[k - 1].0 < w {
                        top[k] = top[k - 1];
                        k -= 1;
                    }
                    top[k] = (w, starts[MAX_N - n], end);
                }
            }
        }
        if n_occ == 0 || letters < self.min_chars || letters - tags_letters(sentence) < self.min_chars {
            return 0.0;
        }
        let z = self.bias + sum / (n_occ as f32).sqrt();
        1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp())
    }
}

/// Longest emoticon code read as one ([泪], [哈哈], [泪流满面], [moc转发]), in characters inside the brackets.
const EMOTICON_CHARS: usize = 6;

/// Longest repost attribution read as one (`//@` + a user name + `:`), in characters after the `@`.
const ATTRIBUTION_CHARS: usize = 30;

/// Letters (as [`Model::score_into`] counts them) of `sentence` that are tags rather than words:
/// emoticon codes (`[泪]`, `[哈哈]`, which social platforms and WeChat insert for a picture) and
/// repost attributions (`//@name:`, `回复@name:`), for `min_chars`. A repost that adds nothing but
/// the platform's default 转发微博 or a row of emoticons (`[泪][泪][泪]//@某某:转发微博`) says too
/// little to be judged, as a sentence of fewer than `min_chars` letters does (issue 12, i12zo: Weibo
/// posts). Their n-grams still count when the sentence has enough words of its own.
fn tags_letters(sentence: &str) -> usize {
    if memchr::memchr2(b'[', b'@', sentence.as_bytes()).is_none() {
        return 0;
    }
    let letters = |t: &str| t.chars().filter_map(model_char).filter(|&m| m != '0').count();
    let mut tags = 0;
    let mut rest = sentence;
    while let Some(i) = rest.find(['[', '@']) {
        let after = &rest[i + 1..];
        let close: &[char] = if rest[i..].starts_with('[') { &[']'] } else { &[':', '：'] };
        let reach = if close == [']'] { EMOTICON_CHARS } else { ATTRIBUTION_CHARS };
        let attribution = close != [']'] && (rest[..i].ends_with("//") || rest[..i].ends_with("回复"));
        let tag = after
            .char_indices()
            .take(reach + 1)
            .take_while(|&(_, c)| !c.is_whitespace() && !matches!(c, '[' | '@'))
            .find(|&(_, c)| close.contains(&c))
            .filter(|&(j, _)| j > 0 && (close == [']'] || attribution));
        match tag {
            Some((j, _)) => {
                tags += letters(&after[..j]);
                rest = &after[j..];
            }
            None => rest = after,
        }
    }
    tags
}

/// The spans shown as evidence: the strongest positive n-gram occurrences, strongest first, an
/// occurrence that overlaps or touches a span already chosen widening it (领 and 取 read as 领取);
/// at most [`SHOWN`].
fn evidence(top: &[(f32, usize, usize); CANDIDATES]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(SHOWN);
    for &(w, a, b) in top {
        if w <= 0.0 {
            break;
        }
        if let Some(r) = out.iter_mut().find(|r| a <= r.end && r.start <= b) {
            *r = r.start.min(a)..r.end.max(b);
        } else if out.len() < SHOWN {
            out.push(a..b);
        }
    }
    out
}

/// The model files' checksum: FNV-1a 64 of the bytes, 16 hex digits.
fn checksum(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The model, threshold and `unless` phrases of a model rule.
fn parse(keys: &KindKeys<'_>) -> Result<KindData, String> {
    let Keys { model_file, threshold, unless } = keys.parse()?;
    if let Some(t) = threshold.filter(|t| t.is_nan() || *t <= 0.0 || *t >= 1.0) {
        return Err(format!("`threshold` must lie between 0 and 1 (exclusive), not {t}"));
    }
    if let Some(empty) = unless.iter().position(|u| u.trim().is_empty()) {
        return Err(format!("`unless` entry {} is empty", empty + 1));
    }
    // A bundled model was turned into its table by the build (a test checks it equals the parse
    // and that the bundled files pass their checksums), so only a model from disk is parsed here.
    let model = match keys.builtin_model(&model_file).and_then(Model::from_compact) {
        Some(model) => model,
        None => {
            let text = keys.read_sibling(&model_file)?;
            Model::parse(&text).map_err(|e| format!("model_file `{model_file}`: {e}"))?
        }
    };
    // The rule's own threshold overrides the model's; one of them must say where the line is.
    let threshold = match (threshold, model.threshold) {
        (Some(t), _) => t as f32,
        (None, Some(t)) => t,
        (None, None) => {
            return Err(format!(
                "model_file `{model_file}` states no threshold (format version 1 or 2): set `threshold` in the rule"
            ));
        }
    };
    let unless = unless.iter().map(|u| crate::normalize::fold_chars(u).text.into_owned()).collect();
    Ok(Arc::new(ModelRule { model: Arc::new(model), threshold, unless }))
}

fn rule_of(rule: &Rule) -> Option<&ModelRule> {
    rule.kind.data()
}

/// The model rules of an engine.
#[derive(Debug)]
struct Models {
    rules: Vec<usize>,
}

/// A finder for the model rules among `rules`, if any.
pub fn finder(rules: &[Rule]) -> Option<Box<dyn Finder>> {
    let rules = rules_of(rules, |r| rule_of(r).is_some());
    (!rules.is_empty()).then(|| Box::new(Models { rules }) as Box<dyn Finder>)
}

/// Sentences of `text` (between [`ends_sentence`] characters), trimmed of white space; empty ones
/// skipped.
fn sentences(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    let ends = text.char_indices().filter(|&(_, c)| ends_sentence(c)).map(|(i, c)| (i, i + c.len_utf8()));
    ends.chain(std::iter::once((text.len(), text.len()))).filter_map(move |(end, next)| {
        let (a, b) = (start, end);
        start = next;
        let s = &text[a..b];
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        (a + lead < b - trail).then(|| a + lead..b - trail)
    })
}

impl Finder for Models {
    fn stage(&self) -> Stage {
        Stage::Document
    }

    fn find(&self, rules: &[Rule], input: &DetectInput<'_>, hits: &mut Vec<Hit>) {
        let enabled: Vec<usize> = self.rules.iter().copied().filter(|i| !input.ignored.contains(i)).collect();
        if enabled.is_empty() {
            return;
        }
        // A statistical judgement is silent in editorial text (a report, a review, a statute) or
        // where the document is declared editorial: such paragraphs are not even scored, which
        // keeps the model's cost on long non-advertising documents to one pass of the cue pattern.
        let doc = match input.declared {
            Some(ad) if ad.setting == AdSetting::Editorial => return,
            Some(_) => None,
            None => Some(input.doc_context()),
        };
        // Sentences a warning or error of another rule already covers (source offsets, sorted).
        let covered = warned_ranges(rules, hits);
        let mut top = [(0f32, 0usize, 0usize); CANDIDATES];
        let len = input.text.len();
        // The lines as `split_inclusive('\n')` cuts them (and an empty last one after a final
        // line feed, skipped as empty), `(index, start, end)`: the analysed context's when there
        // is one, and then only those it may find other than editorial, else found with a
        // vectorized search.
        let lines: Box<dyn Iterator<Item = (usize, usize, usize)>> = match doc {
            Some(d) => {
                let starts = d.line_starts();
                let line = move |k: usize| (k, starts[k], starts.get(k + 1).copied().unwrap_or(len));
                match d.cued_lines(input.text) {
                    Some(cued) => Box::new(cued.into_iter().map(line)),
                    None => Box::new((0..starts.len()).map(line)),
                }
            }
            None => {
                let ends = memchr::memchr_iter(b'\n', input.text.as_bytes()).map(|i| i + 1);
                let mut start = 0;
                Box::new(ends.chain(std::iter::once(len)).enumerate().map(move |(k, end)| {
                    let line = (k, start, end);
                    start = end;
                    line
                }))
            }
        };
        for (k, start, end) in lines {
            let line = &input.text[start..end];
            let para = start..start + line.trim_end_matches(['\n', '\r']).len();
            if para.is_empty()
                || doc.as_ref().is_some_and(|d| d.at_line(input.text, &para, k).setting == AdSetting::Editorial)
            {
                continue;
            }
            let folded = crate::normalize::fold_chars(&input.text[para.clone()]);
            let text: &str = &folded.text;
            for s in sentences(text) {
                let r = folded.source_range(s.clone());
                let src = para.start + r.start..para.start + r.end;
                if overlaps_warned(&covered, &src) {
                    continue;
                }
                for &ri in &enabled {
                    let Some(m) = rule_of(&rules[ri]) else { continue };
                    scored_pieces(text, s.clone(), &m.unless, |piece| {
                        let sentence = &text[piece.clone()];
                        top.fill((0.0, 0, 0));
                        let p = m.model.score_into(sentence, &mut top);
                        if p < m.threshold {
                            return;
                        }
                        let cues = evidence(&top)
                            .into_iter()
                            .map(|e| folded.source_range(piece.start + e.start..piece.start + e.end))
                            .filter_map(|e| input.text.get(para.start + e.start..para.start + e.end))
                            .map(str::to_owned)
                            .collect();
                        let r = folded.source_range(piece);
                        let mut hit = Hit::at(ri, para.start + r.start..para.start + r.end);
                        hit.set_evidence(Some(Evidence { score: p, cues }));
                        hits.push(hit);
                    });
                }
            }
        }
    }
}

/// Calls `score` with the parts of sentence `s` of `text` the model scores: the whole sentence,
/// or, when it carries an `unless` phrase, each run of its clauses (split at ，；, trimmed)
/// that carries none. A disclaimer clause is skipped, not the claim joined to it by a comma.
fn scored_pieces(text: &str, s: Range<usize>, unless: &[String], mut score: impl FnMut(Range<usize>)) {
    let has = |r: &Range<usize>| unless.iter().any(|u| text[r.clone()].contains(u.as_str()));
    if !has(&s) {
        return score(s);
    }
    let mut run: Option<Range<usize>> = None;
    let mut start = s.start;
    let ends = text[s.clone()]
        .char_indices()
        .filter(|&(_, c)| matches!(c, '，' | ',' | '；' | ';'))
        .map(|(i, c)| (s.start + i, s.start + i + c.len_utf8()))
        .chain(std::iter::once((s.end, s.end)));
    for (end, next) in ends {
        let raw = start..end;
        start = next;
        let t = &text[raw.clone()];
        let clause = raw.start + (t.len() - t.trim_start().len())..raw.end - (t.len() - t.trim_end().len());
        if clause.is_empty() {
            continue;
        }
        if has(&clause) {
            if let Some(r) = run.take() {
                score(r);
            }
        } else {
            run = Some(run.map_or(clause.clone(), |r| r.start..clause.end));
        }
    }
    if let Some(r) = run {
        score(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_models_pass_their_checksums() {
        let models: Vec<_> =
            crate::detect::pack::builtin::BUILTIN_FILES.iter().filter(|(n, _)| n.ends_with("_model.txt")).collect();
        assert!(models.len() >= 2, "the claim and inducement models are bundled");
        for (name, text) in models {
            assert!(Model::parse(text).is_ok(), "{name}: {:?}", Model::parse(text).err());
            // The check that the compact form (read at run time) has no use for does fail on an
            // altered weight.
            let (head, body) = text.split_once("\n---\n").expect("a `---` line");
            let altered = format!("{head}\n---\n{}", body.replacen("\t0.", "\t1.", 1));
            assert_ne!(&altered, text, "{name} has a weight to alter");
            assert!(Model::parse(&altered).is_err_and(|e| e.contains("checksum")), "{name}");
            // So does an edited header value (format versions 2 and 3 cover the header).
            assert!(text.contains(&format!("hegui-model\t{VERSION}\n")), "{name} is written in the current format");
            let bias = text.lines().find_map(|l| l.strip_prefix("bias\t")).expect("a bias line");
            let biased = text.replacen(&format!("\nbias\t{bias}\n"), "\nbias\t0.0001\n", 1);
            assert_ne!(&biased, text, "{name} has a bias line to edit");
            assert!(Model::parse(&biased).is_err_and(|e| e.contains("checksum")), "{name}");
            // And so does an edited threshold (format version 3 states it, covered by the checksum).
            let t = text.lines().find_map(|l| l.strip_prefix("threshold\t")).expect("a threshold line");
            let moved = text.replacen(&format!("\nthreshold\t{t}\n"), "\nthreshold\t0.5000\n", 1);
            assert_ne!(&moved, text, "{name} has a threshold line to edit");
            assert!(Model::parse(&moved).is_err_and(|e| e.contains("checksum")), "{name}");
        }
    }

    /// The bundled model rules set no `threshold` of their own: they take the one the trainer
    /// calibrated into the model file, so a retrain lands at the same false-alarm budget without a
    /// hand edit of the pack (issue 12, i12ai).
    #[test]
    fn bundled_model_rules_take_the_model_files_threshold() {
        use crate::detect::pack::builtin::BUILTIN_FILES;
        let rules = crate::detect::pack::load_builtin().expect("bundled packs");
        let mut seen = 0;
        for rule in &rules {
            let Some(m) = rule.kind.data::<ModelRule>() else { continue };
            seen += 1;
            let t = m.model.threshold().unwrap_or_else(|| panic!("{}: the model file states a threshold", rule.id));
            assert_eq!(m.threshold.to_bits(), t.to_bits(), "{}", rule.id);
            assert!(t > 0.5 && t < 1.0, "{}: {t}", rule.id);
        }
        assert!(seen >= 2, "AD173 and PL026 are model rules");
        for (name, text) in BUILTIN_FILES.iter().filter(|(n, _)| n.ends_with(".toml")) {
            let pack: toml::Table = toml::from_str(text).expect("a pack");
            let Some(toml::Value::Array(list)) = pack.get("rules") else { continue };
            for r in list.iter().filter(|r| r.get("kind").and_then(toml::Value::as_str) == Some("model")) {
                assert!(r.get("threshold").is_none(), "{name}: {:?} sets a threshold of its own", r.get("id"));
            }
        }
    }

    #[test]
    fn bundled_compact_models_equal_their_parsed_text() {
        use crate::detect::pack::builtin::{BUILTIN_FILES, BUILTIN_MODELS};
        assert_eq!(BUILTIN_MODELS.len(), BUILTIN_FILES.iter().filter(|(n, _)| n.ends_with("_model.txt")).count());
        for (name, bytes) in BUILTIN_MODELS {
            let text = BUILTIN_FILES.iter().find(|(n, _)| n == name).map(|(_, t)| *t).expect("bundled text");
            let parsed = Model::parse(text).expect("parses");
            let compact = Model::from_compact(bytes).expect("reads");
            assert_eq!(compact.bias.to_bits(), parsed.bias.to_bits(), "{name}");
            assert!(parsed.threshold.is_some(), "{name}: a version 3 file states its threshold");
            assert_eq!(compact.threshold.map(f32::to_bits), parsed.threshold.map(f32::to_bits), "{name}");
            assert_eq!(
                (&compact.ngrams, compact.min_chars, compact.mask, compact.len),
                (&parsed.ngrams, parsed.min_chars, parsed.mask, parsed.len),
                "{name}"
            );
            let bits = |m: &Model| m.slots.iter().map(|&(fp, w)| (fp, w.to_bits())).collect::<Vec<_>>();
            assert_eq!(bits(&compact), bits(&parsed), "{name}");
            assert!(Model::from_compact(&bytes[..bytes.len() - 1]).is_none(), "{name}: a cut table is refused");
        }
    }

    fn file(body: &str) -> String {
        let sum = checksum(body);
        let n = body.lines().count();
        format!(
            "# test\nhegui-model\t1\nngrams\t1,2,3\nmin_chars\t2\nbias\t-0.5\nweights\t{n}\nchecksum\t{sum}\n---\n{body}"
        )
    }

    /// A file whose checksum covers the header lines and the body (versions 2 and 3), with a
    /// `threshold` line when given.
    fn file_covered(version: u32, bias: &str, threshold: Option<&str>, body: &str) -> String {
        let n = body.lines().count();
        let threshold = threshold.map(|t| format!("threshold\t{t}\n")).unwrap_or_default();
        let header =
            format!("hegui-model\t{version}\nngrams\t1,2,3\nmin_chars\t2\nbias\t{bias}\n{threshold}weights\t{n}\n");
        let sum = checksum(&format!("{header}{body}"));
        format!("# test\n{header}checksum\t{sum}\n---\n{body}")
    }

    /// A version 2 file: the checksum covers the header lines and the body.
    fn file_v2(bias: &str, body: &str) -> String {
        file_covered(2, bias, None, body)
    }

    /// A version 3 file: a version 2 file with a `threshold` line (covered by the checksum).
    fn file_v3(threshold: &str, body: &str) -> String {
        file_covered(3, "-0.5", Some(threshold), body)
    }

    #[test]
    fn version_3_files_state_their_threshold() {
        let m = Model::parse(&file_v3("0.9435", "根治\t3.0\n")).expect("valid v3 model");
        assert_eq!(m.threshold(), Some(0.9435));
        assert!(
            Model::parse(&file_v3("0.9435", "根治\t3.0\n").replace("0.9435", "0.9"))
                .is_err_and(|e| e.contains("checksum"))
        );
        // A threshold outside (0, 1), or none at all, is refused in version 3 (with a valid checksum).
        for bad in ["0", "1", "1.5", "-0.2", "NaN", "x"] {
            let err = Model::parse(&file_v3(bad, "根治\t3.0\n")).expect_err(bad);
            assert!(err.contains("bad threshold"), "{bad}: {err}");
        }
        let none = file_v2("-0.5", "根治\t3.0\n").replace("hegui-model\t2", "hegui-model\t3");
        let none = {
            let (head, body) = none.split_once("checksum\t").expect("checksum line");
            let covered: String = head.lines().filter(|l| !l.starts_with('#')).map(|l| format!("{l}\n")).collect();
            let body = body.split_once("\n---\n").expect("body").1;
            format!("{head}checksum\t{}\n---\n{body}", checksum(&format!("{covered}{body}")))
        };
        assert!(Model::parse(&none).is_err_and(|e| e.contains("missing `threshold`")), "{:?}", Model::parse(&none));
        // Earlier versions state none (and may not: they are read as they were written).
        assert_eq!(Model::parse(&file_v2("-0.5", "根治\t3.0\n")).expect("v2").threshold(), None);
        let v2_with = file_v3("0.9", "根治\t3.0\n").replace("hegui-model\t3", "hegui-model\t2");
        assert!(Model::parse(&v2_with).is_err(), "a version 2 file with a threshold line");
    }

    /// The rule's `threshold` overrides the model file's; with neither, the rule is a load error.
    #[test]
    fn a_rules_threshold_overrides_the_models_and_one_is_required() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("v3.txt"), file_v3("0.8", "根治\t3.0\n")).expect("write");
        std::fs::write(dir.path().join("v2.txt"), file_v2("-0.5", "根治\t3.0\n")).expect("write");
        let load = |extra: &str| {
            let toml = format!(
                "[pack]\nname = \"t\"\n[[rules]]\nid = \"M001\"\ncategory = \"t\"\nseverity = \"warning\"\nmessage = \"m\"\nkind = \"model\"\n{extra}"
            );
            let path = dir.path().join("t.toml");
            std::fs::write(&path, toml).expect("write pack");
            crate::detect::pack::load_file(&path)
        };
        let threshold_of = |extra: &str| {
            let rules = load(extra).expect(extra);
            rules[0].kind.data::<ModelRule>().expect("a model rule").threshold
        };
        assert_eq!(threshold_of("model_file = \"v3.txt\"\n"), 0.8);
        assert_eq!(threshold_of("model_file = \"v3.txt\"\nthreshold = 0.6\n"), 0.6);
        assert_eq!(threshold_of("model_file = \"v2.txt\"\nthreshold = 0.7\n"), 0.7);
        let err = load("model_file = \"v2.txt\"\n").expect_err("no threshold anywhere").to_string();
        assert!(err.contains("states no threshold"), "{err}");
    }

    #[test]
    fn version_2_checksums_cover_the_header() {
        let good = file_v2("-0.5", "根治\t3.0\n");
        let m = Model::parse(&good).expect("valid v2 model");
        assert_eq!(m.bias.to_bits(), (-0.5f32).to_bits());
        // Any header value edited by hand is refused; comments may change.
        for (from, to) in
            [("bias\t-0.5", "bias\t0.5"), ("min_chars\t2", "min_chars\t9"), ("ngrams\t1,2,3", "ngrams\t1,2")]
        {
            let err = Model::parse(&good.replace(from, to)).expect_err(to);
            assert!(err.contains("checksum"), "{to}: {err}");
        }
        assert!(Model::parse(&good.replace("# test", "# another comment")).is_ok());
        // Version 1 files are still read (their checksum covers the body only).
        let v1 = file("根治\t3.0\n");
        assert!(Model::parse(&v1.replace("bias\t-0.5", "bias\t0.5")).is_ok());
        // A version 1 checksum under a version 2 line does not pass.
        assert!(Model::parse(&v1.replace("hegui-model\t1", "hegui-model\t2")).is_err_and(|e| e.contains("checksum")));
    }

    #[test]
    fn the_han_fast_path_reads_the_block_as_the_table_does() {
        for c in ('\u{4e00}'..='\u{9fff}').chain(['a', 'Z', '7', '%', '。', ' ', 'é', '\u{3400}', '\u{a000}']) {
            let table = if c.is_ascii_digit() {
                Some('0')
            } else if c.is_alphanumeric() || c == '%' {
                Some(c.to_ascii_lowercase())
            } else {
                None
            };
            assert_eq!(model_char(c), table, "{c:?}");
        }
    }

    #[test]
    fn a_valid_file_loads_and_scores() {
        let m = Model::parse(&file("根治\t3.0\n见效\t2.0\n天\t0.5\n")).expect("valid model");
        assert_eq!(m.len(), 3);
        let (p, top) = m.score("三天根治");
        assert!(p > 0.5, "{p}");
        assert_eq!(&"三天根治"[top[0].clone()], "根治");
        let (q, _) = m.score("今天下雨");
        assert!(q < 0.5, "{q}");
        assert_eq!(m.score(""), (0.0, Vec::new()));
    }

    #[test]
    fn malformed_files_are_errors() {
        let good = file("根治\t3.0\n");
        assert!(Model::parse(&good).is_ok());
        let cases = [
            ("", "no `---`"),
            ("hegui-model\t1\n---\n", "ngrams"),
            (&good.replace("hegui-model\t1", "hegui-model\t9"), "version 9"),
            (&good.replace("bias\t-0.5", "threshold\t0.5"), "`threshold` header in a version 1 file"),
            (&good.replace("hegui-model\t1\n", ""), "no `hegui-model`"),
            (&good.replace("根治\t3.0", "根治\t3.5"), "checksum"),
            (&good.replace("bias\t-0.5", "bias\tNaN"), "bias"),
            (&good.replace("ngrams\t1,2,3", "ngrams\t0,9"), "n-gram lengths"),
            (&good.replace("weights\t1", "weights\t2"), "header says 2"),
            (&good.replace("bias\t-0.5", "bias -0.5"), "key<TAB>value"),
            (&good.replace("bias\t-0.5", "colour\tred"), "unknown key"),
        ];
        for (text, want) in cases {
            let err = Model::parse(text).expect_err(want);
            assert!(err.contains(want), "{want}: {err}");
        }
        let bad_body = |body: &str, want: &str| {
            let err = Model::parse(&file(body)).expect_err(want);
            assert!(err.contains(want), "{want}: {err}");
        };
        bad_body("根治 3.0\n", "n-gram<TAB>weight");
        bad_body("根治\tx\n", "bad weight");
        bad_body("根治\tinf\n", "bad weight");
        bad_body("根治根治\t1.0\n", "not a folded n-gram");
        bad_body("Ab\t1.0\n", "not a folded n-gram");
        bad_body("根治\t1.0\n根治\t2.0\n", "twice");
        // A forged count with a recomputed checksum: no huge allocation, no wrap, no endless probe.
        for forged in ["17179869184", "4611686018427387905", "9223372036854775808", "18446744073709551615"] {
            let text = good.replace("weights\t1", &format!("weights\t{forged}"));
            let err = Model::parse(&text).expect_err(forged);
            assert!(err.contains("header says"), "{forged}: {err}");
        }
        // CRLF line ends (a checkout that converted them) read as the same model.
        let crlf = Model::parse(&good.replace('\n', "\r\n")).expect("CRLF model");
        assert_eq!(crlf.score("三天根治"), Model::parse(&good).expect("LF model").score("三天根治"));
    }

    #[test]
    fn bad_rule_keys_are_load_errors() {
        let rule = |extra: &str| {
            let toml = format!(
                "[pack]\nname = \"t\"\n[[rules]]\nid = \"M001\"\ncategory = \"t\"\nseverity = \"warning\"\nmessage = \"m\"\nkind = \"model\"\n{extra}"
            );
            crate::detect::pack::load_str("t.toml", &toml).map(|_| ()).expect_err(extra).to_string()
        };
        assert!(rule("model_file = \"no-such-model.txt\"\nthreshold = 1.5\n").contains("threshold"));
        assert!(rule("model_file = \"no-such-model.txt\"\nthreshold = 0.5\n").contains("no-such-model.txt"));
        assert!(rule("threshold = 0.5\n").contains("model_file"));
        assert!(
            rule("model_file = \"m.txt\"\nthreshold = 0.5\nunless = [\"不是药物\", \" \"]\n")
                .contains("`unless` entry 2")
        );
    }

    /// A clause carrying one of the rule's `unless` phrases (here the health-food disclaimer of the
    /// bundled AD173) is not scored; a claim joined to it by a comma still is, spanning the claim.
    #[test]
    fn an_unless_phrase_keeps_its_clause_from_being_scored() {
        let rules = crate::detect::pack::load_builtin().expect("bundled packs");
        let sel = crate::detect::Selection { select: vec!["AD173".into()], ..Default::default() };
        let engine = crate::detect::Engine::new(rules, &sel).expect("engine");
        assert_eq!(engine.detect(&format!("{STRONG}\n")).len(), 1);
        let disclaimer = "本品为保健食品，不能代替药物治疗疾病。\n";
        assert!(engine.detect(disclaimer).is_empty(), "{:?}", engine.detect(disclaimer));
        // Folded like the text: the traditional form counts too.
        assert!(engine.detect("本品為保健食品，不能代替藥物治療疾病。\n").is_empty());
        for text in [format!("本品不能代替药物，{STRONG}。\n"), format!("{STRONG}；本品不能代替药物。\n")]
        {
            let hits = engine.detect(&text);
            assert_eq!(hits.len(), 1, "{text}: {hits:?}");
            assert_eq!(&text[hits[0].range.clone()], STRONG, "{text}");
        }
    }

    #[test]
    fn clauses_with_an_unless_phrase_are_skipped() {
        let unless = vec!["不是药物".to_owned()];
        let pieces = |text: &str| {
            let mut out = Vec::new();
            scored_pieces(text, 0..text.len(), &unless, |r| out.push(text[r].to_owned()));
            out
        };
        assert_eq!(pieces("一句话"), ["一句话"]);
        assert_eq!(pieces("甲，不是药物，乙， 丙"), ["甲", "乙， 丙"]);
        assert_eq!(pieces("不是药物，胜似药物"), ["胜似药物"]);
        assert!(pieces("不是药物").is_empty());
        assert!(pieces("，不是药物；").is_empty());
    }

    #[test]
    fn emoticon_codes_and_repost_attributions_are_tags() {
        assert_eq!(tags_letters("[泪][泪][泪]//@估价师谭杰:转发微博"), 8);
        assert_eq!(tags_letters("回复@小仓鼠：好的[哈哈]"), 5);
        // Not a tag: an @ without the repost's // or 回复 (a mention in the text), brackets around
        // more than a short code, an unclosed bracket.
        assert_eq!(tags_letters("请@客服咨询：活动详情"), 0);
        assert_eq!(tags_letters("[转发本条微博并关注我们就能领取红包]"), 0);
        assert_eq!(tags_letters("[泪 转发"), 0);
        assert_eq!(tags_letters("转发本条微博，关注我们领取红包"), 0);
    }

    /// The platform model reads a repost with no words of its own (Weibo's default 转发微博 after a
    /// chain of attributions and emoticons) as too short to judge; a repost with a call of its own
    /// is scored.
    #[test]
    fn a_bare_repost_is_too_short_to_score() {
        let m = bundled("PL026");
        for bare in
            ["[泪][泪][泪]//@估价师谭杰:转发微博", "[晕][晕] //@某某V:转发微博", "[抓狂][抓狂][抓狂][吃惊][吃惊][吃惊]"]
        {
            assert_eq!(m.score(bare).0, 0.0, "{bare}");
        }
        // Words of its own after the tags: scored as any sentence (the tags' n-grams included).
        let lure = "[泪]//@某某:转发本条微博并关注我们就能领取红包";
        assert!(m.score(lure).0 > 0.5, "{lure}: {}", m.score(lure).0);
    }

    #[test]
    fn sentences_are_trimmed_and_split_on_sentence_ends() {
        let text = " 一句。二句！\n\n 三句 ";
        let got: Vec<&str> = sentences(text).map(|r| &text[r]).collect();
        assert_eq!(got, ["一句", "二句", "三句"]);
    }

    /// A claim the bundled model flags (a `hit` example of AD173) and sentences it must not.
    const STRONG: &str = "本品能有效改善睡眠质量";
    const PLAIN: [&str; 3] = ["今天下午市里召开了防汛工作会议", "我觉得这家店的服务一般", "医生建议他多喝水、早点休息"];

    /// The bundled model rule `id`.
    fn bundled(id: &str) -> Arc<Model> {
        let rules = crate::detect::pack::load_builtin().expect("bundled packs");
        let rule = rules.iter().find(|r| r.id == id).expect("rule");
        let m: &ModelRule = rule.kind.data().expect("a model rule");
        assert!(m.threshold > 0.5 && m.threshold < 1.0);
        Arc::clone(&m.model)
    }

    fn threshold(id: &str) -> f32 {
        let rules = crate::detect::pack::load_builtin().expect("bundled packs");
        let rule = rules.iter().find(|r| r.id == id).expect("rule");
        rule.kind.data::<ModelRule>().expect("a model rule").threshold
    }

    #[test]
    fn the_bundled_model_tells_a_claim_from_plain_prose() {
        let m = bundled("AD173");
        assert!(m.len() > 100, "{} weights", m.len());
        let t = threshold("AD173");
        let (p, top) = m.score(STRONG);
        assert!(p >= t, "{p} < {t}: {STRONG}");
        assert!(!top.is_empty());
        for plain in PLAIN {
            let (q, _) = m.score(plain);
            assert!(q < t, "{q} >= {t}: {plain}");
        }
        // Scoring is deterministic: the same sentence, the same score and evidence.
        assert_eq!(m.score(STRONG), (p, top));
    }

    #[test]
    fn a_hit_spans_its_sentence_in_the_source_and_explains_itself() {
        let rules = crate::detect::pack::load_builtin().expect("bundled packs");
        let sel = crate::detect::Selection { select: vec!["AD173".into()], ..Default::default() };
        let engine = crate::detect::Engine::new(rules, &sel).expect("engine");
        // Full-width spaces and a first sentence that scores low: the hit is the second sentence,
        // byte for byte.
        let text = format!("今天天气不错。　{STRONG}　\n");
        let hits = engine.detect(&text);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(&text[hits[0].range.clone()], STRONG);
        let ev = hits[0].evidence().expect("evidence");
        assert!(!ev.cues.is_empty() && ev.cues.len() <= SHOWN);
        assert!(ev.cues.iter().all(|c| STRONG.contains(c.as_str())), "{:?}", ev.cues);
        let rule = &engine.rules()[hits[0].rule];
        let msg = crate::detect::message::render(rule, &hits[0], STRONG, &text, crate::model::Lang::Zh);
        assert!(
            msg.contains(&format!("模型评分 {:.2}", ev.score)) && msg.contains(&format!("“{}”", ev.cues[0])),
            "{msg}"
        );
        let en = crate::detect::message::render(rule, &hits[0], STRONG, &text, crate::model::Lang::En);
        assert!(en.contains("model score") && en.contains(&format!("\"{}\"", ev.cues[0])), "{en}");
        // Declared editorial: silent.
        let editorial = crate::model::Advertising { setting: AdSetting::Editorial, cues: Vec::new() };
        let input = DetectInput { declared: Some(&editorial), ..DetectInput::text(&text) };
        assert!(engine.detect_in(&input).is_empty());
    }
}
