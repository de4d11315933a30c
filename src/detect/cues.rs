//! The advertising cue pattern and its search over a long text.
//!
//! The pattern has no literal prefix a prefilter could use (its alternatives start with `\d` or
//! `[¥￥]`), so the regex engine walks every byte with its lazy DFA: one dependent table load per
//! byte, about 1.4 ns on 75 MB of statutes. A long text is first walked as [`STREAMS`] pieces in
//! lockstep by a lazy DFA that reports where any match ends, so the processor overlaps the pieces'
//! chains of loads (as the `requires` literals in `kinds/regex.rs`); the regex then searches only
//! the stretches between [safe cuts](safe_cut) that hold such an end. Most texts have a few cues,
//! so these stretches are a small part of the text.

use std::ops::Range;
use std::sync::atomic::AtomicUsize;
use std::sync::{LazyLock, Mutex, OnceLock};

use crate::detect::kinds::regex::{Compiled, compile_shared, compile_shared_light, find_all, light_turn};
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::{Input, MatchKind};

/// The cue patterns: price and offers, calls to action, product as subject, contact details.
///
/// The only `\s` are after `[¥￥]`, a number (`\d`), a contact word (电话 … VX) and a colon, so a
/// match never holds a line feed right after a sentence end (see [`safe_cut`]).
fn pattern() -> String {
    let price = r"[¥￥]\s*\d|\d+(?:\.\d+)?\s*元(?:/|每|起|一[件盒瓶份位次])|(?:原价|现价|特价|优惠价|到手价|促销价|团购价|秒杀价|会员价|活动价|折后价)|包邮|限时(?:特惠|优惠|抢购|折扣|秒杀|特价|免费)|立减|满\d+减|\d(?:\.\d)?折|[一二三四五六七八九]折(?:优惠)?|优惠券|代金券|折扣券|买一送一|买\d送\d|买[一二两三四五六七八九十]送[一二三四五六七八九十]|厂家直销|免费(?:领取|试用|体验|试听)|全网(?:最低|底价)|史上最低|错过再等";
    let action = r"(?:立即|马上|赶快|赶紧|火速)(?:下单|抢购|订购|购买|预约|报名|咨询|开户|认购|申购|投保|领取)|下单|抢购|订购|选购|点击(?:链接|购买|下方|阅读原文)|扫码(?:即可)?(?:购买|下单|领取|关注|咨询|添加|预约)|加(?:我)?微信|添加微信|咨询(?:电话|热线)|(?:预约|报名|订购|服务)(?:热线|电话)|欢迎(?:选购|订购|咨询|来电|到店|预约)|到店(?:体验|咨询)|私信|购买链接";
    let product = r"本品|本产品|本店|我司|这款|该款|本课程|我们的(?:产品|课程|服务|团队)|旗舰店|官方商城";
    // A number or an ID follows (电话：0591…), not speech (接到一个电话：“我是…”).
    let contact = r"(?:电话|热线|手机|微信号?|QQ|qq|vx|VX)\s*[:：]\s*[0-9０-９A-Za-zＡ-Ｚａ-ｚ]";
    crate::normalize::widen_han(&format!("{price}|{action}|{product}|{contact}"))
}

/// The cue pattern, searched with one lazy-DFA cache for all threads (every document meets it).
static CUES: OnceLock<Compiled> = OnceLock::new();

/// The cue pattern compiled without the lazy DFA, for short texts (see [`cues_for`]).
static LIGHT: OnceLock<Compiled> = OnceLock::new();

/// Bytes of text searched with [`LIGHT`] so far in the run.
static LIGHT_SEARCHED: AtomicUsize = AtomicUsize::new(0);

/// [`CUES`], compiled now if it was not yet.
fn cues() -> &'static Compiled {
    CUES.get_or_init(|| compile_shared(&pattern()).expect("the cue pattern is valid"))
}

/// The compiled cue pattern to search a text of `len` bytes with: [`LIGHT`] while [`CUES`] is not
/// built, for a short text until the run has searched enough with it (`light_turn`, as for a regex
/// rule's pattern, [`crate::detect::kinds::regex`]) and unless the run is a long one
/// ([`crate::detect::context::long_run`]); the same matches.
fn cues_for(len: usize) -> &'static Compiled {
    if let Some(full) = CUES.get() {
        return full;
    }
    if !crate::detect::context::long_run() && light_turn(&LIGHT_SEARCHED, len) {
        return light();
    }
    cues()
}

/// [`LIGHT`], compiled now if it was not yet.
fn light() -> &'static Compiled {
    LIGHT.get_or_init(|| compile_shared_light(&pattern()).expect("the cue pattern is valid"))
}

/// Compiles the cue pattern for short texts now (see [`crate::detect::warm_up`]); the lazy DFAs
/// for longer texts ([`CUES`], [`ENDS`]) are left for the first such text.
pub(crate) fn warm_up() {
    light();
}

/// A lazy DFA of the cue pattern that reports every position where some match ends (all-match
/// semantics, so an unanchored walk never stops), with a cache shared by the searches that do
/// not run at once. It gives up rather than clear its cache, since clearing would invalidate the
/// states of the other pieces; the search then falls back to the regex alone.
struct Ends {
    dfa: DFA,
    shared: Mutex<Cache>,
}

static ENDS: LazyLock<Option<Ends>> = LazyLock::new(|| {
    let config = DFA::config().match_kind(MatchKind::All).minimum_cache_clear_count(Some(0));
    let dfa = DFA::builder().configure(config).build(&pattern()).ok()?;
    let shared = Mutex::new(dfa.create_cache());
    Some(Ends { dfa, shared })
});

/// Pieces a long text is walked in at once.
const STREAMS: usize = 8;

/// Texts shorter than this are searched by the regex alone.
const LOCKSTEP_MIN: usize = 256 * 1024;

/// The cues of `text`: the ranges of `Regex::find_iter` with the cue pattern.
pub(crate) fn find(text: &str) -> Vec<Range<usize>> {
    find_with(text, LOCKSTEP_MIN)
}

/// [`find`], walking `text` in pieces when it has at least `min` bytes.
fn find_with(text: &str, min: usize) -> Vec<Range<usize>> {
    let whole = || find_all(cues_for(text.len()), text);
    if text.len() < min {
        return whole();
    }
    let Some(ends) = ENDS.as_ref() else { return whole() };
    let bytes = text.as_bytes();
    let mut cuts = [bytes.len(); STREAMS + 1];
    cuts[0] = 0;
    for k in 1..STREAMS {
        cuts[k] = next_safe_cut(bytes, (bytes.len() * k / STREAMS).max(cuts[k - 1]));
    }
    if cuts[1] == bytes.len() {
        return whole();
    }
    let found = match ends.shared.try_lock() {
        Ok(mut cache) => {
            let found = match_ends(&ends.dfa, &mut cache, bytes, &cuts);
            if found.is_none() {
                cache.reset(&ends.dfa);
            }
            found
        }
        // Another thread walks with the shared cache.
        Err(_) => match_ends(&ends.dfa, &mut ends.dfa.create_cache(), bytes, &cuts),
    };
    let Some(mut found) = found else { return whole() };
    found.sort_unstable();
    // Each end lies in the stretch between the safe cuts around it, which holds the whole match;
    // such stretches are equal or disjoint, and the regex finds in one what it finds there in the
    // whole text.
    let mut out = Vec::new();
    let mut done = 0;
    for e in found {
        if e <= done {
            continue;
        }
        let lo = prev_safe_cut(bytes, e.saturating_sub(1));
        let hi = next_safe_cut(bytes, e);
        out.extend(find_all(cues(), &text[lo..hi]).into_iter().map(|m| lo + m.start..lo + m.end));
        done = hi;
    }
    out
}

/// Every position where a match of the cue pattern ends in `bytes`, each piece
/// `cuts[k]..cuts[k + 1]` walked from the start state, the pieces in lockstep (`None` if the lazy
/// DFA gives up). A match found in a piece is one in the text; no match spans a cut.
fn match_ends(dfa: &DFA, cache: &mut Cache, bytes: &[u8], cuts: &[usize; STREAMS + 1]) -> Option<Vec<usize>> {
    // The pattern has no look-around, so every piece starts in the text's start state.
    let mut state = [dfa.start_state_forward(cache, &Input::new(bytes)).ok()?; STREAMS];
    let mut out = Vec::new();
    // The lazy DFA reports a match one byte late: entering a match state on the byte at `at`
    // means a match ends at `at` (exclusive).
    let common = (0..STREAMS).map(|k| cuts[k + 1] - cuts[k]).min().unwrap_or(0);
    let mut i = 0;
    while i < common {
        // While every state is an ordinary one (no match, not yet computed), step on the fast
        // path, which reads the cache without changing it.
        let fast: &Cache = cache;
        if !state.iter().any(|s| s.is_tagged()) {
            while i < common {
                let mut next = state;
                for k in 0..STREAMS {
                    next[k] = dfa.next_state_untagged(fast, state[k], bytes[cuts[k] + i]);
                }
                if next.iter().any(|s| s.is_tagged()) {
                    break;
                }
                state = next;
                i += 1;
            }
        }
        // Then step on the checked path until they are ordinary again.
        while i < common {
            for k in 0..STREAMS {
                let at = cuts[k] + i;
                state[k] = dfa.next_state(cache, state[k], bytes[at]).ok()?;
                if state[k].is_match() {
                    out.push(at);
                }
            }
            i += 1;
            if !state.iter().any(|s| s.is_tagged()) {
                break;
            }
        }
    }
    for k in 0..STREAMS {
        for (at, &b) in bytes.iter().enumerate().take(cuts[k + 1]).skip(cuts[k] + common) {
            state[k] = dfa.next_state(cache, state[k], b).ok()?;
            if state[k].is_match() {
                out.push(at);
            }
        }
        if dfa.next_eoi_state(cache, state[k]).ok()?.is_match() {
            out.push(cuts[k + 1]);
        }
    }
    Some(out)
}

/// Whether no cue match can hold both byte `at - 1` and byte `at` of `bytes`: `at` follows a
/// line feed that follows a sentence end (。！？；). A match holds a line feed only in a `\s*`
/// run, right after `[¥￥]`, a number, a contact word or a colon, never right after one of these.
/// The start and the end of the text are safe too.
fn safe_cut(bytes: &[u8], at: usize) -> bool {
    const ENDS: [&[u8]; 4] = ["。".as_bytes(), "！".as_bytes(), "？".as_bytes(), "；".as_bytes()];
    at == 0 || at >= bytes.len() || at >= 4 && bytes[at - 1] == b'\n' && ENDS.contains(&&bytes[at - 4..at - 1])
}

/// The first safe cut at or after `from`.
fn next_safe_cut(bytes: &[u8], from: usize) -> usize {
    if safe_cut(bytes, from) {
        return from;
    }
    memchr::memchr_iter(b'\n', &bytes[from..])
        .map(|i| from + i + 1)
        .find(|&at| safe_cut(bytes, at))
        .unwrap_or(bytes.len())
}

/// The last safe cut at or before `to`.
fn prev_safe_cut(bytes: &[u8], to: usize) -> usize {
    if safe_cut(bytes, to) {
        return to;
    }
    memchr::memrchr_iter(b'\n', &bytes[..to]).map(|i| i + 1).find(|&at| safe_cut(bytes, at)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The reference: `regex::Regex::find_iter` of the cue pattern (the shared-cache search of
    /// [`CUES`] must find the same).
    fn plain(text: &str) -> Vec<Range<usize>> {
        static REFERENCE: LazyLock<regex::Regex> =
            LazyLock::new(|| regex::Regex::new(&pattern()).expect("the cue pattern is valid"));
        REFERENCE.find_iter(text).map(|m| m.range()).collect()
    }

    #[test]
    fn pieces_find_what_one_search_finds() {
        // Matches across line feeds (¥ then a number on the next line, a contact word and its
        // number), next to cuts, at the start and the end.
        let text = "包邮。\n价格¥\n\n99。\n电话：\n0591。\n本品\n立减\n5折。\n\n下单";
        assert_eq!(find_with(text, 0), plain(text));
        assert!(plain(text).len() >= 6);
        let long =
            "第一条 本法所称的内容。\n".repeat(20_000) + "欢迎来电，本店电话：\n12345。\n" + &"其他。\n".repeat(30_000);
        assert!(long.len() >= LOCKSTEP_MIN);
        assert_eq!(find(&long), plain(&long));
        assert_eq!(find(&long).len(), 3);
        // No safe cut: one search.
        let line = "本品".repeat(LOCKSTEP_MIN);
        assert_eq!(find(&line), plain(&line));
    }

    #[test]
    fn the_shared_cache_search_finds_what_find_iter_finds_on_every_thread() {
        let text = "包邮。\n价格¥\n\n99。\n电话：\n0591。\n本品\n立减\n5折。\n\n下单。立即下單，馬上購買";
        assert_eq!(find_all(cues(), text), plain(text));
        assert_eq!(find_all(light(), text), plain(text));
        assert!(plain(text).len() >= 8);
        // Two threads at once: one of them searches with a cache of its own.
        std::thread::scope(|s| {
            let runs: Vec<_> =
                (0..2).map(|_| s.spawn(|| (0..200).all(|_| find_all(cues(), text) == plain(text)))).collect();
            assert!(runs.into_iter().all(|r| r.join().expect("no panic")));
        });
    }

    #[test]
    fn once_a_long_document_is_opened_short_texts_search_with_the_full_pattern() {
        // As the scanner notes a long Markdown file it opens: a short text scanned meanwhile on
        // another worker does not spend the light budget (the flag is for the whole run).
        crate::detect::context::note_document_len(1 << 20);
        assert!(crate::detect::context::long_run());
        assert!(std::ptr::eq(cues_for(10), cues()), "the full cue pattern for a short text");
        let text = "欢迎来电，本店电话：\n12345。";
        assert_eq!(find(text), plain(text));
    }

    #[test]
    fn gifts_in_chinese_numerals_and_factory_sales_are_price_cues() {
        // review-ae: 买3送1 was a cue, 买二送一 and 厂家直销 were not.
        for text in ["XX足浴粉买二送一", "风湿关节痛再也没犯过，买三送一", "XX皮肤膏厂家直销"]
        {
            assert_eq!(find(text).len(), 1, "{text}");
        }
        assert!(find("他买了一本书送给朋友，厂家说直销渠道很少。").is_empty());
    }

    #[test]
    fn a_cut_follows_a_sentence_end_and_a_line_feed() {
        let b = "甲。\n乙¥\n丙".as_bytes();
        assert!(safe_cut(b, 0) && safe_cut(b, b.len()));
        assert!(safe_cut(b, 7));
        assert!(!safe_cut(b, 6) && !safe_cut(b, 13));
        assert_eq!(next_safe_cut(b, 1), 7);
        assert_eq!(prev_safe_cut(b, 12), 7);
        assert_eq!(prev_safe_cut(b, 6), 0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        /// The pieces and stretches give exactly the matches of one search, whatever the text.
        #[test]
        fn same_matches_as_find_iter(parts in proptest::collection::vec(prop::sample::select(vec![
            "。", "！", "？", "；", "\n", "\n\n", " ", "\u{3000}", "¥", "￥", "9", "１", "٣", ".", "元", "/",
            "起", "一件", "电话", "微信", "号", "Q", "q", "V", "X", "：", ":", "A", "本品", "下单", "折",
            "满", "减", "买", "送", "限时", "优惠", "价", "原价", "的", "我们的", "产品", "加", "我",
        ]), 0..120), min in 0usize..64) {
            let text: String = parts.concat();
            prop_assert_eq!(find_with(&text, min), plain(&text));
        }
    }
}
