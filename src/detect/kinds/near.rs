//! `kind = "near"`: a term reported only when a partner term is within reach (N characters, or the
//! same sentence). The lexicon finds both the terms and the partners in its one automaton pass;
//! this file decides what "within reach" means. `unless_near` contexts use the same test.

use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;

use super::lexicon::{Lexicon, PendingContext};
use super::{KindData, KindDef};
use crate::detect::Hit;
use crate::detect::pack::{
    DEFAULT_WITHIN, FileNames, KindKeys, Rule, Within, WithinSpec, dedup_in_order, parse_term_lines,
};
use crate::normalize::Boundaries;

/// `kind = "near"`: found by the lexicon, with its partners.
pub const KIND: KindDef = KindDef {
    name: "near",
    keys: &["near", "near_file", "within", "partner_side"],
    terms: true,
    all_fields: false,
    needs_corpus: false,
    parse,
    finder: None,
};

/// The keys of a near rule.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Keys {
    /// Partner terms that must occur close to a term.
    #[serde(default)]
    near: Vec<String>,
    /// One-term-per-line files of partner terms beside the pack: one name, or a list of names
    /// whose terms are joined (a hand-written list and a lexicon built from another source).
    #[serde(default)]
    near_file: Option<FileNames>,
    /// How close (characters, default 20, or `"sentence"`).
    #[serde(default)]
    within: Option<WithinSpec>,
    /// Where the partner must stand: `"either"` (default), `"after"` or `"before"` the term.
    #[serde(default)]
    partner_side: Option<String>,
}

/// A near rule's partners and reach.
#[derive(Debug)]
pub struct Near {
    /// Partner terms.
    pub near: Vec<String>,
    /// How close.
    pub within: Within,
    /// On which side of the term the partner must stand.
    pub side: Side,
}

/// On which side of a term a `near` partner must stand (`partner_side`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Side {
    /// Before or after the term.
    #[default]
    Either,
    /// After the term (starting where the term ends or later): 治 then 癌, not 癌症 then 防治.
    After,
    /// Before the term (ending where the term starts or earlier).
    Before,
}

impl Side {
    /// Whether `partner` stands on this side of `hit`.
    fn admits(self, hit: &Range<usize>, partner: &Range<usize>) -> bool {
        match self {
            Side::Either => true,
            Side::After => partner.start >= hit.end,
            Side::Before => partner.end <= hit.start,
        }
    }
}

/// Bytes scanned each side of a hit for a `within = "sentence"` partner.
const SENTENCE_REACH: usize = 1024;

/// Which occurrences [`nearest_partner`] may return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Occurrence {
    /// Another occurrence than the hit itself (a `near` partner must be another term).
    Other,
    /// Any, one spanning exactly the hit included (an `unless_near` context equal to the hit
    /// cancels it, as one inside it does).
    Any,
}

/// Where each rule's occurrences start in `sorted` (sorted by rule): rule `r`'s are
/// `sorted[at[r]..at[r + 1]]` (see [`of_rule`]).
pub(crate) fn rule_offsets(sorted: &[(u32, Range<usize>)]) -> Vec<usize> {
    let rules = sorted.last().map_or(0, |(r, _)| *r as usize + 1);
    let mut at = vec![0; rules + 1];
    sorted.iter().for_each(|(r, _)| at[*r as usize + 1] += 1);
    for r in 0..rules {
        at[r + 1] += at[r];
    }
    at
}

/// The occurrences of `rule` in `sorted`, given [`rule_offsets`] `at`.
pub(crate) fn of_rule<'a>(sorted: &'a [(u32, Range<usize>)], at: &[usize], rule: u32) -> &'a [(u32, Range<usize>)] {
    match (at.get(rule as usize), at.get(rule as usize + 1)) {
        (Some(&lo), Some(&hi)) => &sorted[lo..hi],
        _ => &[],
    }
}

/// The nearest partner occurrence within reach of `hit` and on its `side`, among `mine` (one
/// rule's partners, sorted by start); only partners whose bytes could be within reach are looked
/// at. `cursor` is where the partners within reach of the rule's previous hit began (0 for its
/// first): hits come nearly in order, so the first one within reach is mostly a few steps on.
#[allow(clippy::too_many_arguments)]
pub(crate) fn nearest_partner(
    src: &str,
    mine: &[(u32, Range<usize>)],
    cursor: &mut usize,
    hit: &Range<usize>,
    within: Within,
    side: Side,
    bounds: &Boundaries,
    which: Occurrence,
) -> Option<Range<usize>> {
    // A character is at most 4 bytes; partners of one rule are short (a term each).
    let reach = match within {
        Within::Chars(n) => n.saturating_mul(4).saturating_add(64),
        Within::Sentence => SENTENCE_REACH,
    };
    // The first partner not too far before the hit (as a binary search of all finds it: the
    // test is false from some index on).
    let before = |p: &Range<usize>| p.start + reach < hit.start;
    let mut from = (*cursor).min(mine.len());
    if from > 0 && !before(&mine[from - 1].1) {
        from = mine[..from].partition_point(|(_, p)| before(p));
    } else {
        // Ahead by doubling steps, then a binary search of the last step.
        let mut step = 1;
        while from + step <= mine.len() && before(&mine[from + step - 1].1) {
            from += step;
            step *= 2;
        }
        from += mine[from..(from + step).min(mine.len())].partition_point(|(_, p)| before(p));
    }
    *cursor = from;
    let to = from + mine[from..].iter().take_while(|(_, p)| p.start <= hit.end + reach).count();
    mine[from..to]
        .iter()
        .filter(|(_, p)| which == Occurrence::Any || p != hit)
        .filter(|(_, p)| side.admits(hit, p))
        .filter_map(|(_, p)| near_distance(src, hit, p, within, bounds).map(|d| (d, p)))
        .min_by_key(|(d, _)| *d)
        .map(|(_, p)| p.clone())
}

/// `found` sorted by (rule, start, end). The lexicon finds occurrences (`near` partners) in the
/// order of their ends, all rules mixed, hundreds of thousands in
/// a long text: they are put in rule order by counting, and each rule's, nearly in order already,
/// sorted by a sort that finds runs (equal keys are equal occurrences, so this is the order any
/// sort on the whole key gives).
pub(crate) fn sort_by_rule(found: Vec<(u32, Range<usize>)>) -> Vec<(u32, Range<usize>)> {
    let (mut sorted, at) = by_rule(found);
    for r in 0..at.len().saturating_sub(1) {
        sorted[at[r]..at[r + 1]].sort_by_key(|(_, p)| (p.start, p.end));
    }
    sorted
}

/// `found` put in rule order by counting (each rule's in the order found), and where each rule's
/// start ([`rule_offsets`]).
fn by_rule(found: Vec<(u32, Range<usize>)>) -> (Vec<(u32, Range<usize>)>, Vec<usize>) {
    let rules = found.iter().map(|(r, _)| *r as usize + 1).max().unwrap_or(0);
    // Where each rule's occurrences start in the sorted vector.
    let mut at = vec![0usize; rules + 1];
    found.iter().for_each(|(r, _)| at[*r as usize + 1] += 1);
    for r in 0..rules {
        at[r + 1] += at[r];
    }
    let mut sorted = vec![(0, 0..0); found.len()];
    let mut next = at.clone();
    for (r, p) in found {
        sorted[next[r as usize]] = (r, p);
        next[r as usize] += 1;
    }
    (sorted, at)
}

/// The `unless_near` context occurrences found in one text (by the lexicon, for rules of every
/// kind). The lexicon hands over the candidates of its context terms as it found them (a long text
/// has hundreds of thousands, each a context of dozens of rules, and most rules with contexts have
/// no hit in it); a rule's contexts are verified and sorted by (start, end) when a hit of that rule
/// first needs them.
#[derive(Debug, Default)]
pub struct UnlessContexts<'a> {
    /// The lexicon that found `pending`.
    lexicon: Option<&'a Lexicon>,
    /// The context candidates (see [`Lexicon::unless_contexts`]).
    pending: Vec<PendingContext>,
    /// Each rule's verified contexts, as (rule index, byte range) sorted by (start, end), once
    /// a hit of the rule asked for them.
    of_rule: Vec<Option<Occurrences>>,
    /// Whether the whole text sells something ([`crate::detect::context::sells`]), asked once per
    /// text when a context would cancel the hit of a rule whose contexts hold only outside adverts.
    sells: std::cell::OnceCell<bool>,
}

/// One rule's occurrences: (rule index, byte range).
type Occurrences = Vec<(u32, Range<usize>)>;

impl<'a> UnlessContexts<'a> {
    /// The context candidates `pending` that `lexicon` found (in the order found).
    pub(crate) fn new(lexicon: &'a Lexicon, pending: Vec<PendingContext>) -> Self {
        Self { lexicon: Some(lexicon), pending, of_rule: Vec::new(), sells: std::cell::OnceCell::new() }
    }

    /// The context candidates as the lexicon found them (for tests).
    #[cfg(test)]
    pub(crate) fn pending(&self) -> &[PendingContext] {
        &self.pending
    }

    /// Verifies and sorts the contexts of each rule in `wanted` not done yet.
    fn expand(&mut self, src: &str, rules: &[Rule], wanted: impl Iterator<Item = usize>) {
        let Some(lexicon) = self.lexicon else { return };
        if self.of_rule.len() < rules.len() {
            self.of_rule.resize_with(rules.len(), || None);
        }
        let mut new = vec![false; rules.len()];
        let mut any = false;
        for r in wanted {
            if self.of_rule[r].is_none() {
                self.of_rule[r] = Some(Vec::new());
                new[r] = true;
                any = true;
            }
        }
        if !any {
            return;
        }
        lexicon.unless_contexts(src, rules, &self.pending, &new, |r, range| {
            if let Some(Some(v)) = self.of_rule.get_mut(r as usize) {
                v.push((r, range));
            }
        });
        for (r, v) in self.of_rule.iter_mut().enumerate() {
            if new[r]
                && let Some(v) = v
            {
                // Found in the order of their ends, nearly sorted by start already (equal keys are
                // equal occurrences, so this is the order any sort on the whole key gives).
                v.sort_by_key(|(_, p)| (p.start, p.end));
            }
        }
    }

    /// Drops each hit of `hits[from..]` whose rule has an `unless_near` context within its reach
    /// in `src` (the test of `near` partners: never across a sentence end). The hits of kinds
    /// other than the lexicon's (regex) are filtered here with the contexts the lexicon found, so
    /// a regex rule's `unless_near` means what a lexicon rule's does.
    ///
    /// A rule with `unless_in_adverts = false` keeps its hit when the hit's line shows advert cues,
    /// or when `adverts` says the whole document is declared advertising (hegui.toml `[context]`,
    /// front matter `hegui-context`), or when the document as a whole sells something (its cues in
    /// other paragraphs: a claim line between a title and an offer line, `# 鼻炎患者看过来` /
    /// `这种药可以根治过敏性鼻炎。` / `限时特价，点击链接购买`; rv1), or when the text turns from the
    /// context to its own product before the hit ([`turns_to_own_voice`]).
    pub fn cancel(&mut self, src: &str, rules: &[Rule], hits: &mut Vec<Hit>, from: usize, adverts: bool) {
        if self.pending.is_empty() || hits.len() <= from {
            return;
        }
        self.expand(src, rules, hits[from..].iter().filter(|h| rules[h.rule].unless.is_some()).map(|h| h.rule));
        let mut at = 0;
        let mut cursors = vec![0; self.of_rule.len()];
        let sells = &self.sells;
        hits.retain(|h| {
            at += 1;
            at <= from
                || match &rules[h.rule].unless {
                    Some((_, within)) => {
                        let b = &rules[h.rule].matching.boundaries;
                        let mut none = 0;
                        nearest_partner(
                            src,
                            self.of_rule.get(h.rule).and_then(Option::as_deref).unwrap_or(&[]),
                            cursors.get_mut(h.rule).unwrap_or(&mut none),
                            &h.range,
                            *within,
                            Side::Either,
                            b,
                            Occurrence::Any,
                        )
                        .is_none_or(|p| !rules[h.rule].unless_in_adverts && turns_to_own_voice(src, &p, &h.range))
                            || !rules[h.rule].unless_in_adverts
                                && (adverts
                                    || crate::detect::context::advertises(paragraph_around(src, &h.range))
                                    || *sells.get_or_init(|| crate::detect::context::sells(src)))
                    }
                    None => true,
                }
        });
    }
}

/// Whether the text turns from the `unless_near` context at `context` to speak for its own product
/// before the hit at `hit` (投资千万不能掉以轻心，选择我们，保本无忧; 不要轻信所谓的名师，我们的学员100%考上
/// 重点): the caution or the scorn is aimed at rivals, and the hit is the advert's own claim (review-ac,
/// issue 12). A context after the hit, or none of the own-voice words between, still cancels it.
/// Asked only for rules whose contexts hold outside adverts (`unless_in_adverts = false`): a data
/// source (据…统计，本品牌…) stays one whoever speaks.
fn turns_to_own_voice(src: &str, context: &Range<usize>, hit: &Range<usize>) -> bool {
    context.end <= hit.start && src.get(context.end..hit.start).is_some_and(crate::detect::context::speaks_for_itself)
}

/// The line (paragraph) of `src` that holds `range`.
fn paragraph_around<'a>(src: &'a str, range: &Range<usize>) -> &'a str {
    let start = src.get(..range.start).and_then(|b| b.rfind('\n')).map_or(0, |i| i + 1);
    let end = src.get(range.end..).and_then(|a| a.find('\n')).map_or(src.len(), |i| range.end + i);
    src.get(start..end).unwrap_or("")
}

/// Characters between two spans of `src` if they are within reach (0 when they touch or overlap).
fn near_distance(src: &str, a: &Range<usize>, b: &Range<usize>, within: Within, bounds: &Boundaries) -> Option<usize> {
    let (lo, hi) = if a.start <= b.start { (a, b) } else { (b, a) };
    let gap = src.get(lo.end.min(hi.start)..hi.start).unwrap_or("");
    // A sentence end between the two (under the rule's boundary set): never near, however few
    // characters apart.
    if gap.chars().any(|c| bounds.ends_sentence(c)) {
        return None;
    }
    let d = gap.chars().count();
    match within {
        Within::Chars(n) => (d <= n).then_some(d),
        Within::Sentence => Some(d),
    }
}

/// Negators that deny the predicate they govern (不能杀死新冠病毒, 微波炉加热不会让食物致癌, 无法实现快速缓解):
/// a `near` claim they scope over is denied, not made. Not a bare 不, 没, 无 or 未 (不复发, 无副作用 are
/// claims themselves), nor 不要, 别 or 勿: a prohibition (不要吃…会致癌, 千万别…) is how a rumour or a
/// caution speaks, and the claim it warns of is still made.
const DENIALS: [&str; 36] = [
    "不会",
    "不能",
    "不可能",
    "不可以",
    "无法",
    "没法",
    "没办法",
    "并不",
    "并非",
    "并没有",
    "并没",
    "并无",
    "毫无",
    "更无",
    "不是",
    "没有",
    "没能",
    "未能",
    "从未",
    "从没",
    "绝不",
    "决不",
    "根本不",
    "未必",
    "不一定",
    "不具有",
    "不具备",
    "不代表",
    "不等于",
    "不意味着",
    "谈不上",
    "算不上",
    "称不上",
    "绝非",
    "不再是",
    "已非",
];

/// Characters that, between a negator and the claim, start a predicate of the claim's own (不能吃，吃了会
/// 致癌 without the comma: 不能吃会致癌; 没有一家医院比我们疗效最好; 不但…还; 不仅…也; 无需手术即可根治):
/// the negator does not reach the claim. Nor does it past 的 or 地, where it negates a modifier (没有副作用的
/// 降压茶, 没有痛苦地摆脱鼻炎).
const SCOPE_BREAKS: [char; 22] = [
    '的', '地', '会', '能', '可', '就', '才', '都', '也', '还', '而', '却', '但', '比', '只', '仅', '光', '即', '更',
    '又', '便', '要',
];

/// What ends the stretch a negator reaches over: clause and sentence punctuation, a line break, and the
/// spaces and colons ad copy separates its phrases with (不要盲目吃药 本品三天根治). Not 、: a negator
/// reaches over an enumeration (无法实现快速缓解、根治效果).
const SCOPE_ENDS: [char; 16] =
    ['，', '。', '！', '？', '；', ',', ';', '!', '?', '\n', ' ', '\u{3000}', '：', ':', '…', '\t'];

/// Whether `c` ends the stretch a negator reaches over: [`SCOPE_ENDS`], and any other character that
/// is neither a letter, a digit nor a Han character (ad copy sets its phrases apart with ——, ～, 【】,
/// brackets, quotes and emoji: 没有副作用——根治高血压 makes the cure claim), except 、 (review of i12ah).
fn ends_scope(c: char) -> bool {
    SCOPE_ENDS.contains(&c) || (c != '、' && !c.is_alphanumeric())
}

/// What may stand between a negator and the claim it denies when they are not adjacent: a causative
/// (不会让食物致癌), a verb of achieving or showing (无法实现快速缓解、根治; 没有证据表明大蒜治疗感冒) or an adverb of
/// manner (不能快速致富; 更无明确治疗). Anything else there is the negator's own object or verb, and the
/// claim is a predicate of its own: 没有副作用根治高血压, 不会复发根治鼻炎, 并不贵根治鼻炎 make the cure claim
/// (review of i12ah). The causatives (the first three) count only for `near` claims: 绝不让您后悔第一品牌
/// keeps its superlative.
const BRIDGES: [&str; 17] = [
    "让", "使", "令", "实现", "表明", "证明", "说明", "显示", "证实", "做到", "达到", "起到", "快速", "彻底", "完全",
    "真正", "明确",
];

/// Set phrases holding a negator that deny nothing after them (毫无疑问是全国第一, 让人欲罢不能最好吃的零食, 无法抗拒
/// 全网最低价; review of i12ah).
const NOT_DENIALS: [&str; 9] =
    ["欲罢不能", "毫无疑问", "毫无悬念", "无法抗拒", "不可否认", "不容置疑", "不是吹牛", "没有之一", "不得不"];

/// How many characters a negator may stand before the claim it denies (不会让食物致癌: three).
const DENIAL_REACH: usize = 8;

/// Whether the `near` hit at `term` is denied: a negator ([`DENIALS`]) stands before it in its
/// clause, at most [`DENIAL_REACH`] characters off, with no predicate of its own started between
/// ([`SCOPE_BREAKS`]); not when the clause asks (不会致癌吗？, 难道不能…) or the negator is itself
/// negated (不是不能治疗, 没有不能治的). The general form of the literal negated `except` words the
/// near rules list (不能治疗, 不会致癌, 无法治愈), for the phrasings they do not (issue 12, i12ah).
pub(crate) fn denied(src: &str, term: &Range<usize>) -> bool {
    denied_by(src, term, true)
}

/// [`denied`], with the causative bridges (让, 使, 令) allowed or not: the context rules' claims are
/// superlatives and promises, which a causative after a negator does not govern (绝不让您后悔第一品牌).
pub(crate) fn denied_by(src: &str, term: &Range<usize>, causative: bool) -> bool {
    let from = crate::normalize::ceil_char_boundary(src, term.start.saturating_sub(CLAUSE_BYTES));
    let Some(before) = src.get(from..term.start) else { return false };
    let clause = before.rfind(ends_scope).map_or(before, |i| &before[i..]);
    // The last negator in the clause (the longest of those ending at the same place).
    let Some(Negators { at, len, first_end }) = negators(clause) else {
        return false;
    };
    let gap = &clause[at + len..];
    if gap.chars().count() > DENIAL_REACH || gap.contains(SCOPE_BREAKS) {
        return false;
    }
    let bridges = if causative { &BRIDGES[..] } else { &BRIDGES[3..] };
    if !gap.is_empty() && !bridges.iter().any(|b| gap.contains(b)) {
        return false;
    }
    // The negator is part of a set phrase (毫无疑问, 欲罢不能).
    if NOT_DENIALS.iter().any(|p| clause.match_indices(p).any(|(i, p)| i <= at && at < i + p.len())) {
        return false;
    }
    // A second negator before the first (不是不能, 没有不能治的: one that ends by the time the last one
    // starts) or a rhetorical question (难道).
    let head = &clause[..at];
    if first_end <= at || head.contains("难道") {
        return false;
    }
    let to = crate::normalize::floor_char_boundary(src, term.end.saturating_add(CLAUSE_BYTES).min(src.len()));
    let after = src.get(term.end..to).unwrap_or("");
    let rest = after.find(ends_scope).map_or(after, |i| &after[..i]);
    let asked = after[rest.len()..].starts_with(['？', '?']) || rest.ends_with(['吗', '么', '嘛']);
    let Some(hit) = src.get(term.clone()) else { return false };
    // A verbal negator over a claim that modifies a noun (本品不能根治的疾病很少, 无法根治的鼻炎几乎没有): the
    // clause asserts something of what the claim leaves out, not a denial (review of i12ah). An existential
    // one over such a noun (更无明确治疗关节疾病的机理) denies the noun, and with it the claim.
    let existential = clause[at..].starts_with(['没', '毫', '并', '更']);
    if !existential && rest.contains('的') {
        return false;
    }
    // A negative in the hit itself or right after it (没有本品治不好的: a double negative), an existential 没有 over a
    // noun the hit modifies, then an exception (世上没有包治百病的药，除了…: the context rules read it), or a rival denied
    // the power to match (效果无法超越, 不可替代 ending the clause: a claim of being unmatched).
    let double =
        hit.contains(['不', '没', '无', '未']) || rest.chars().take(2).any(|c| matches!(c, '不' | '没' | '无' | '未'));
    let sentence = after.find(['。', '！', '？', '!', '?', '\n']).map_or(after, |i| &after[..i]);
    let excepted =
        existential && rest.contains('的') && ["除", "只有", "唯有", "唯独"].iter().any(|w| sentence.contains(w));
    let unmatched = rest.trim().is_empty() && UNMATCHED.contains(&hit);
    !asked && !double && !excepted && !unmatched
}

/// The negators ([`DENIALS`]) of a clause, found in one walk of it (a search for each of the 36 was
/// ≈ 2 % of a long statute text's check: the context of every hit asks).
struct Negators {
    /// Start and byte length of the last one: the greatest end, the longest of those ending there.
    at: usize,
    len: usize,
    /// The least end of any.
    first_end: usize,
}

/// The [`Negators`] of `clause`, if it holds one: at every character that starts some negator,
/// the negators starting there.
fn negators(clause: &str) -> Option<Negators> {
    let mut found: Option<Negators> = None;
    for (i, c) in clause.char_indices() {
        if !DENIAL_FIRSTS.contains(&c) {
            continue;
        }
        let rest = &clause[i..];
        for n in DENIALS.iter().filter(|n| rest.starts_with(**n)) {
            let (end, len) = (i + n.len(), n.len());
            match &mut found {
                None => found = Some(Negators { at: i, len, first_end: end }),
                Some(f) => {
                    if (end, len) > (f.at + f.len, f.len) {
                        (f.at, f.len) = (i, len);
                    }
                    f.first_end = f.first_end.min(end);
                }
            }
        }
    }
    found
}

/// The first characters of [`DENIALS`] (a test checks the list).
const DENIAL_FIRSTS: [char; 15] =
    ['不', '无', '没', '并', '毫', '更', '未', '从', '绝', '决', '根', '谈', '算', '称', '已'];

/// Verbs of matching a rival: denied, they claim the product unmatched (无法超越, 不可替代, 无法比拟).
const UNMATCHED: [&str; 8] = ["超越", "比拟", "替代", "取代", "代替", "媲美", "匹敌", "企及"];

/// Whether the hit at `term` is asked in a question the next sentence answers by denying it
/// (喝酒能杀死新冠病毒？专家：喝酒不能杀死新冠病毒。; 微波炉加热会致癌？不会。): a debunk's headline
/// question, not the claim. The answer denies it when a negator ([`DENIALS`], not itself negated)
/// governs two characters of the hit's words, or ends its clause (不会。). A question left open, or
/// answered yes, still makes it. Asked for `near` and `known_claim` hits.
pub(crate) fn asked_and_denied(src: &str, term: &Range<usize>) -> bool {
    let Some(words) = src.get(term.clone()) else { return false };
    let to = crate::normalize::floor_char_boundary(src, term.end.saturating_add(ANSWER_BYTES).min(src.len()));
    let Some(after) = src.get(term.end..to) else { return false };
    let Some(q) = after.find(['？', '?']) else { return false };
    // The question is the hit's own clause, and the answer is the next sentence.
    if after[..q].contains(ends_scope) {
        return false;
    }
    let answer_start = term.end + q + after[q..].chars().next().map_or(1, char::len_utf8);
    let Some(full) = src.get(answer_start..to) else { return false };
    let end = full.find(['。', '！', '？', '!', '?', '\n']);
    let answer = end.map_or(full, |i| &full[..i]);
    // A bare negator asked again (不可能？我们就做到了！) is the advert's rhetorical turn, not an answer.
    let asked_again = end.is_some_and(|i| full[i..].starts_with(['？', '?']));
    let chars: Vec<char> = words.chars().collect();
    let pairs: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
    DENIALS.iter().any(|n| {
        answer.match_indices(n).any(|(i, n)| {
            let head = &answer[..i];
            let head = head.rfind(ends_scope).map_or(head, |j| &head[j..]);
            if DENIALS.iter().any(|m| head.contains(m)) {
                return false;
            }
            let tail = &answer[i + n.len()..];
            let clause = tail.find(ends_scope).map_or(tail, |j| &tail[..j]);
            let reach = crate::normalize::floor_char_boundary(clause, (DENIAL_REACH + 4) * 3);
            let reach = &clause[..reach];
            (clause.trim().is_empty() && !asked_again) || pairs.iter().any(|p| reach.contains(p.as_str()))
        })
    })
}

/// How far (bytes) [`asked_and_denied`] looks for the answer: 60 CJK characters.
const ANSWER_BYTES: usize = 180;

/// How far (bytes) [`denied`] looks for the ends of a hit's clause: 80 CJK characters.
const CLAUSE_BYTES: usize = 240;

/// The partner terms and reach of a `near` rule.
fn parse(keys: &KindKeys<'_>) -> Result<KindData, String> {
    let spec: Keys = keys.parse()?;
    let mut near: Vec<String> = spec.near.iter().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect();
    for rel in spec.near_file.iter().flat_map(FileNames::names) {
        let text = keys.read_sibling(rel)?;
        near.extend(parse_term_lines(&text).into_iter().map(|(t, _)| t));
    }
    // A term in two lists is one partner (order kept: the first list's first).
    dedup_in_order(&mut near);
    if near.is_empty() {
        return Err("a near rule needs partner terms (`near` or `near_file`)".into());
    }
    let within = match &spec.within {
        None => Within::Chars(DEFAULT_WITHIN),
        Some(w) => within_of(w)?,
    };
    let side = match spec.partner_side.as_deref() {
        None | Some("either") => Side::Either,
        Some("after") => Side::After,
        Some("before") => Side::Before,
        Some(w) => return Err(format!("`partner_side` is \"either\", \"after\" or \"before\", not `{w}`")),
    };
    Ok(Arc::new(Near { near, within, side }))
}

/// A `within` value: characters, or the word `sentence`.
pub(crate) fn within_of(w: &WithinSpec) -> Result<Within, String> {
    match w {
        WithinSpec::Chars(n) => Ok(Within::Chars(*n)),
        WithinSpec::Word(w) if w == "sentence" => Ok(Within::Sentence),
        WithinSpec::Word(w) => Err(format!("`within` is a number or \"sentence\", not `{w}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Counting on the rule and a run-finding sort per rule give the order of one sort of
        /// them all on (rule, start, end).
        #[test]
        fn sorting_by_rule_is_one_sort_on_rule_start_end(
            found in proptest::collection::vec((0u32..6, 0usize..40, 0usize..6), 0..200),
        ) {
            let found: Vec<(u32, Range<usize>)> = found.into_iter().map(|(r, s, n)| (r, s..s + n)).collect();
            let mut want = found.clone();
            want.sort_unstable_by_key(|(r, p)| (*r, p.start, p.end));
            proptest::prop_assert_eq!(sort_by_rule(found), want);
        }
    }

    #[test]
    fn a_sentence_end_separates_even_within_the_character_window() {
        let src = "保健食品。根治失眠";
        let (a, b) = (0..src.find('。').unwrap_or(0), src.find("根治").unwrap_or(0)..src.len());
        assert_eq!(near_distance(src, &a, &b, Within::Chars(12), &Boundaries::default()), None);
        let src = "保健食品能根治失眠";
        let (a, b) = (0.."保健食品".len(), src.find("根治").unwrap_or(0)..src.len());
        assert_eq!(near_distance(src, &a, &b, Within::Chars(12), &Boundaries::default()), Some(1));
        assert_eq!(near_distance(src, &a, &b, Within::Sentence, &Boundaries::default()), Some(1));
        // Both widths end a sentence; a comma does not.
        for (src, want) in [("保健食品!根治失眠", None), ("保健食品！根治失眠", None), ("保健食品，根治失眠", Some(1))]
        {
            let (a, b) = (0.."保健食品".len(), src.find("根治").unwrap_or(0)..src.len());
            assert_eq!(near_distance(src, &a, &b, Within::Sentence, &Boundaries::default()), want, "{src}");
        }
    }
}

#[cfg(test)]
mod denial_tests {
    use super::*;

    /// The range of the first `w` in `t`.
    fn at(t: &str, w: &str) -> Range<usize> {
        let i = t.find(w).unwrap_or(t.len());
        i..i + w.len()
    }

    #[test]
    fn a_negator_governing_the_claim_denies_it() {
        for t in [
            "其实微波炉加热不会让食物致癌。",
            "专家：喝酒不能杀死新冠病毒。",
            "无法实现快速缓解、根治效果",
            "没有证据表明大蒜治疗感冒",
        ] {
            let w = ["致癌", "杀死", "根治", "治疗"].into_iter().find(|w| t.contains(w)).unwrap_or("");
            assert!(denied(t, &at(t, w)), "{t}");
        }
    }

    #[test]
    fn a_prohibition_a_new_predicate_a_modifier_a_double_negative_or_a_question_does_not_deny() {
        for (t, w) in [
            ("隔夜菜千万不能吃，吃了会致癌", "致癌"),
            ("隔夜菜千万不能吃会致癌", "致癌"),
            ("不要用铝锅煮饭会致癌", "致癌"),
            ("没有一家医院比我们治疗效果好", "治疗"),
            ("无需手术即可根治鼻炎", "根治"),
            ("没有痛苦地摆脱鼻炎", "摆脱"),
            ("没有不能治疗的鼻炎", "治疗"),
            ("微波炉加热不会致癌吗？", "致癌"),
            ("难道不会致癌", "致癌"),
            ("本品不打针不吃药治愈糖尿病", "治愈"),
            ("没有本品治不好的鼻炎", "治不好"),
            ("世上没有包治百病的药，除了我们的胶囊", "包治百病"),
            ("本品效果无法超越", "超越"),
            ("没有我们根治不了的顽疾", "根治"),
            // Review of i12ah: the negator's own object or verb, a set phrase, a break in punctuation other
            // than a comma, a verbal negator over a modifier.
            ("没有副作用根治高血压", "根治"),
            ("不会复发根治鼻炎，效果看得见", "根治"),
            ("并不贵根治鼻炎只需99元", "根治"),
            ("没法想象根治鼻炎这么简单", "根治"),
            ("毫无疑问根治鼻炎", "根治"),
            ("没有副作用——根治高血压", "根治"),
            ("【没有副作用】根治高血压", "根治"),
            ("没有副作用✅根治高血压", "根治"),
            ("本品不能根治的疾病很少", "根治"),
            ("本品无法根治的鼻炎几乎没有", "根治"),
        ] {
            assert!(!denied(t, &at(t, w)), "{t}");
        }
    }

    /// The context rules' claims (superlatives, promises) take no causative bridge: 绝不让您后悔第一品牌 keeps
    /// its superlative, while an adverb of manner still carries the denial (不能快速致富).
    #[test]
    fn context_claims_are_denied_through_adverbs_not_causatives() {
        let t = "绝不让您后悔第一品牌";
        assert!(!denied_by(t, &at(t, "第一品牌"), false));
        assert!(denied_by(t, &at(t, "第一品牌"), true));
        let t = "在交易中不能快速致富";
        assert!(denied_by(t, &at(t, "致富"), false));
        for t in ["无法抗拒全网最低价", "毫无疑问是全国第一", "不会亏损保本保息", "没有中间商赚差价全网最低价"]
        {
            let w = ["全网最低价", "全国第一", "保本保息"].into_iter().find(|w| t.contains(w)).unwrap_or("");
            assert!(!denied_by(t, &at(t, w), false), "{t}");
        }
    }

    #[test]
    fn a_question_answered_no_is_a_debunk() {
        let t = "喝酒能杀死新冠病毒？专家：喝酒不能杀死新冠病毒。";
        assert!(asked_and_denied(t, &at(t, "杀死")));
        let t = "微波炉加热会致癌？不会。";
        assert!(asked_and_denied(t, &at(t, "致癌")));
        // Answered yes, left open, or not a question: still the claim.
        let t = "喝本品根治鼻炎？不可能？我们就做到了！";
        assert!(!asked_and_denied(t, &at(t, "根治")), "{t}");
        for t in ["隔夜菜会致癌？会！", "隔夜菜会致癌？看完你就知道了", "隔夜菜会致癌。不要吃了"]
        {
            assert!(!asked_and_denied(t, &at(t, "致癌")), "{t}");
        }
    }
}

#[cfg(test)]
mod negator_tests {
    use super::*;

    #[test]
    fn the_first_characters_are_those_of_the_negators() {
        let mut firsts: Vec<char> = DENIALS.iter().filter_map(|n| n.chars().next()).collect();
        firsts.sort_unstable();
        firsts.dedup();
        let mut listed = DENIAL_FIRSTS.to_vec();
        listed.sort_unstable();
        assert_eq!(firsts, listed);
    }

    proptest::proptest! {
        /// One walk finds the last negator a search for each finds, and a negator before it exactly
        /// when one lies in the clause before it.
        #[test]
        fn one_walk_finds_what_a_search_for_each_negator_finds(
            clause in "[不会能可以无法没办有并非毫更是从未绝决根本一定具代表等于意味着谈算称上再已好的a，]{0,40}",
        ) {
            let want = DENIALS
                .iter()
                .filter_map(|n| clause.rfind(n).map(|i| (i, n.len())))
                .max_by_key(|&(i, len)| (i + len, len));
            let got = negators(&clause);
            proptest::prop_assert_eq!(got.as_ref().map(|n| (n.at, n.len)), want);
            if let (Some(g), Some((at, _))) = (got, want) {
                let head = &clause[..at];
                proptest::prop_assert_eq!(g.first_end <= at, DENIALS.iter().any(|n| head.contains(n)));
            }
        }
    }
}

#[cfg(test)]
mod cursor_tests {
    use super::*;

    proptest::proptest! {
        /// One cursor kept across a rule's hits, in any order, finds the partner a search of all
        /// of them finds.
        #[test]
        fn the_cursor_finds_what_a_search_of_all_partners_finds(
            starts in proptest::collection::vec((0usize..400, 1usize..4), 0..60),
            hits in proptest::collection::vec((0usize..400, 1usize..4), 1..30),
            n in 0usize..12,
        ) {
            let src = "a".repeat(500);
            let mut mine: Vec<(u32, Range<usize>)> = starts.iter().map(|&(s, l)| (3, s..s + l)).collect();
            mine.sort_by_key(|(_, p)| (p.start, p.end));
            let b = Boundaries::default();
            let within = Within::Chars(n);
            let reach = n * 4 + 64;
            let mut cursor = 0;
            for &(s, l) in &hits {
                let hit = s..s + l;
                let want = mine
                    .iter()
                    .filter(|(_, p)| p.start + reach >= hit.start && p.start <= hit.end + reach)
                    .filter(|(_, p)| *p != hit)
                    .filter_map(|(_, p)| near_distance(&src, &hit, p, within, &b).map(|d| (d, p)))
                    .min_by_key(|(d, _)| *d)
                    .map(|(_, p)| p.clone());
                let got = nearest_partner(&src, &mine, &mut cursor, &hit, within, Side::Either, &b, Occurrence::Other);
                proptest::prop_assert_eq!(got, want);
            }
        }
    }

    #[test]
    fn offsets_give_each_rule_its_occurrences() {
        let sorted = vec![(0, 0..1), (0, 5..6), (2, 1..2), (4, 0..3)];
        let at = rule_offsets(&sorted);
        assert_eq!(of_rule(&sorted, &at, 0).len(), 2);
        assert!(of_rule(&sorted, &at, 1).is_empty() && of_rule(&sorted, &at, 3).is_empty());
        assert_eq!(of_rule(&sorted, &at, 2), &[(2, 1..2)]);
        assert_eq!(of_rule(&sorted, &at, 4), &[(4, 0..3)]);
        assert!(of_rule(&sorted, &at, 9).is_empty());
        assert!(of_rule(&[], &rule_offsets(&[]), 0).is_empty());
    }
}
