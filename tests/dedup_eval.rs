//! Evaluation harness for the duplicate-content detector (`hegui::dedup::index`).
//!
//! Articles are assembled from real statute sentences (`../shared/corpus/statutes`, beside the
//! repo), 40 are indexed, and drafts derived from them by known transformations are queried:
//! `exact`, `partial`, `shuffle`, `char_sub` (繁體 and inserted separators), `synonym` (word
//! substitution, 洗稿) and `mixed` (partial + shuffle + char_sub). The 20 articles left out of the
//! index are the negatives. Everything is deterministic (fixed-seed xorshift).
//!
//! Articles never share a run of [`GUARD`] characters with one another (a sentence that would is
//! skipped), so any document returned for a draft other than its source is a genuine false
//! positive and not shared legal boilerplate.
//!
//! A second set, [`stock_phrasing_precision_recall`], keeps the statutes' stock phrasing: negatives
//! share legal formulas with the index but were never indexed.
//!
//! `cargo test --release --test dedup_eval -- --nocapture` prints the tables.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use hegui::dedup::index::{DocMatch, Index, QueryOptions};

mod common;

const ARTICLES: usize = 60;
const INDEXED: usize = 40;
const SEED: u64 = 0x5EED_DED0_0001 ^ 0x9E37_79B9_7F4A_7C15;
/// Two articles never share a run of this many characters.
const GUARD: usize = 20;
/// Tolerance (normalized characters) at either end of a passage when locating a copied sentence.
const TOLERANCE: usize = 8;

/// Simplified → traditional pairs for the `char_sub` disguise.
const TRADITIONAL: &[(char, char)] = &[
    ('国', '國'),
    ('学', '學'),
    ('为', '為'),
    ('发', '發'),
    ('会', '會'),
    ('时', '時'),
    ('个', '個'),
    ('这', '這'),
    ('来', '來'),
    ('说', '說'),
    ('对', '對'),
    ('经', '經'),
    ('应', '應'),
    ('关', '關'),
    ('门', '門'),
    ('义', '義'),
    ('务', '務'),
    ('动', '動'),
    ('机', '機'),
    ('条', '條'),
    ('规', '規'),
    ('员', '員'),
    ('处', '處'),
    ('报', '報'),
    ('实', '實'),
    ('织', '織'),
    ('业', '業'),
    ('产', '產'),
    ('权', '權'),
    ('罚', '罰'),
    ('责', '責'),
    ('议', '議'),
    ('级', '級'),
    ('组', '組'),
    ('证', '證'),
    ('财', '財'),
    ('设', '設'),
];

/// Separators inserted by the `char_sub` disguise.
const SEPARATORS: &[char] = &[' ', '　', '，', '、', '·', '｜'];

/// Word substitutions for the `synonym` rewrite (applied to every occurrence, longest first).
const SYNONYMS: &[(&str, &str)] = &[
    ("应当", "应该"),
    ("规定", "规则"),
    ("单位", "机构"),
    ("有关", "相关"),
    ("依照", "按照"),
    ("依法", "根据法律"),
    ("部门", "机关"),
    ("国家", "政府"),
    ("不得", "禁止"),
    ("可以", "能够"),
    ("或者", "或是"),
    ("以及", "还有"),
    ("进行", "开展"),
    ("负责", "主管"),
    ("管理", "治理"),
    ("组织", "团体"),
    ("违反", "违背"),
    ("处罚", "惩处"),
    ("情节严重", "情况严重"),
    ("工作", "事务"),
    ("保护", "保障"),
    ("措施", "手段"),
    ("提供", "供给"),
    ("建立", "设立"),
    ("实施", "施行"),
    ("监督", "督查"),
    ("检查", "核查"),
    ("人员", "人士"),
    ("职责", "责任"),
    ("制定", "拟定"),
    ("公民", "国民"),
    ("合法", "正当"),
    ("权益", "权利"),
    ("活动", "行为"),
    ("发生", "出现"),
    ("必须", "务必"),
    ("申请", "申报"),
    ("批准", "核准"),
    ("办法", "方法"),
    ("其他", "别的"),
    ("本法", "此法"),
    ("给予", "施以"),
    ("条件", "要求"),
    ("具有", "拥有"),
    ("造成", "导致"),
    ("罚款", "罚金"),
    ("决定", "决议"),
    ("经营", "运营"),
    ("人民", "民众"),
    ("政府", "官方"),
];

/// xorshift64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() % 1_000_000) as f64 / 1_000_000.0 < p
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    Exact,
    Partial,
    Shuffle,
    CharSub,
    Synonym,
    Mixed,
    Negative,
}

impl Kind {
    const ALL: [Kind; 7] =
        [Kind::Exact, Kind::Partial, Kind::Shuffle, Kind::CharSub, Kind::Synonym, Kind::Mixed, Kind::Negative];

    fn name(self) -> &'static str {
        match self {
            Kind::Exact => "exact",
            Kind::Partial => "partial",
            Kind::Shuffle => "shuffle",
            Kind::CharSub => "char_sub",
            Kind::Synonym => "synonym",
            Kind::Mixed => "mixed",
            Kind::Negative => "negative",
        }
    }
}

/// An article: paragraphs of sentences.
struct Article {
    paragraphs: Vec<Vec<String>>,
}

impl Article {
    fn text(&self) -> String {
        self.paragraphs.iter().map(|p| p.concat()).collect::<Vec<_>>().join("\n\n")
    }

    fn sentences(&self) -> Vec<String> {
        self.paragraphs.iter().flatten().cloned().collect()
    }
}

/// A draft to query.
struct Draft {
    kind: Kind,
    /// The corpus document it derives from (`None` for negatives).
    source: Option<usize>,
    text: String,
    /// Byte ranges (in `text`) of sentences copied verbatim from the source, for locating.
    copied: Vec<Range<usize>>,
}

/// Builds draft text from paragraphs, recording the ranges of the sentences flagged as copied.
fn assemble(paragraphs: &[Vec<(String, bool)>]) -> (String, Vec<Range<usize>>) {
    let mut text = String::new();
    let mut copied = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            text.push_str("\n\n");
        }
        for (s, is_copy) in p {
            let start = text.len();
            text.push_str(s);
            if *is_copy {
                copied.push(start..text.len());
            }
        }
    }
    (text, copied)
}

fn md_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()));
    for e in entries {
        let path = e.expect("directory entry").path();
        if path.is_dir() {
            md_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "md") {
            out.push(path);
        }
    }
}

/// Sentences (15–80 characters, ending in 。！？) per law (amended versions of one law together),
/// in a fixed order.
fn load_laws(dir: &Path) -> Vec<Vec<String>> {
    let mut files = Vec::new();
    md_files(dir, &mut files);
    files.sort();
    let mut laws: HashMap<String, Vec<String>> = HashMap::new();
    for f in files {
        let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let law = stem.split(['(', '（']).next().unwrap_or_default().to_owned();
        let text = fs::read_to_string(&f).unwrap_or_else(|e| panic!("read {}: {e}", f.display()));
        let list = laws.entry(law).or_default();
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('#') || line.starts_with("<!--") {
                continue;
            }
            let mut cur = String::new();
            for c in line.chars() {
                cur.push(c);
                if matches!(c, '。' | '！' | '？') {
                    let s = cur.trim();
                    let n = s.chars().count();
                    if (15..=80).contains(&n) {
                        list.push(s.to_owned());
                    }
                    cur.clear();
                }
            }
        }
    }
    let mut laws: Vec<(String, Vec<String>)> = laws.into_iter().filter(|(_, v)| !v.is_empty()).collect();
    laws.sort();
    laws.into_iter().map(|(_, v)| v).collect()
}

fn windows(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    chars.windows(GUARD).map(|w| w.iter().collect()).collect()
}

/// 60 articles of 1,500–3,000 characters, each from the sentences of a few laws, sharing no run of
/// [`GUARD`] characters with any other article.
fn build_articles(rng: &mut Rng, statutes: &Path) -> Vec<Article> {
    let mut laws = load_laws(statutes);
    rng.shuffle(&mut laws);
    let mut laws = laws.into_iter();
    let mut owner: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for a in 0..ARTICLES {
        let target = rng.range(1550, 2950);
        let mut chosen: Vec<String> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut len = 0;
        let mut n_laws = rng.range(2, 5);
        while len < 1500 || n_laws > 0 {
            let law = laws.next().expect("enough laws in the statute corpus for 60 articles");
            n_laws = n_laws.saturating_sub(1);
            let mut pool = law;
            rng.shuffle(&mut pool);
            let take = pool.len().min(rng.range(4, 30));
            for s in pool.into_iter().take(take) {
                let n = s.chars().count();
                if len + n > target || seen.contains(&s) {
                    continue;
                }
                let ws = windows(&s);
                if ws.iter().any(|w| owner.get(w).is_some_and(|&o| o != a)) {
                    continue;
                }
                for w in ws {
                    owner.insert(w, a);
                }
                len += n;
                seen.insert(s.clone());
                chosen.push(s);
            }
            if len + 30 >= target {
                break;
            }
        }
        rng.shuffle(&mut chosen);
        let mut paragraphs = Vec::new();
        let mut rest = chosen.as_slice();
        while !rest.is_empty() {
            let n = rng.range(3, 6).min(rest.len());
            paragraphs.push(rest[..n].to_vec());
            rest = &rest[n..];
        }
        out.push(Article { paragraphs });
    }
    out
}

/// Light disguise: about 1 character in 15 to its 繁體 form (where the table has one), and
/// separators (spaces, full-width punctuation) inserted here and there.
fn char_sub(text: &str, rng: &mut Rng) -> String {
    let table: HashMap<char, char> = TRADITIONAL.iter().copied().collect();
    let total = text.chars().filter(|c| !c.is_whitespace()).count();
    let mappable = text.chars().filter(|c| table.contains_key(c)).count().max(1);
    let p = (total as f64 / 15.0 / mappable as f64).min(1.0);
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        match table.get(&c) {
            Some(&t) if rng.chance(p) => out.push(t),
            _ => out.push(c),
        }
        if c != '\n' && rng.chance(1.0 / 25.0) {
            out.push(SEPARATORS[rng.below(SEPARATORS.len())]);
        }
    }
    out
}

/// hegui's bundled synonym table (one class per line).
const BUNDLED: &str = include_str!("../wordlists/dedup/synonyms.txt");

/// A spinner (洗稿): at every position the longest word of either table is replaced — a word of
/// the legal table above by its partner, a word of the bundled table, nine times in ten, by
/// another word of its line chosen at random. The result keeps few runs of 13 characters.
fn spin(text: &str, rng: &mut Rng) -> String {
    let mut words: HashMap<&str, Vec<&str>> = HashMap::new();
    for line in BUNDLED.lines().filter(|l| !l.starts_with('#')) {
        let line: Vec<&str> = line.split_whitespace().collect();
        for w in &line {
            words.entry(w).or_insert_with(|| line.iter().copied().filter(|x| x != w).collect());
        }
    }
    let legal: HashMap<&str, &str> = SYNONYMS.iter().copied().collect();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let prefix = |n: usize| rest.char_indices().nth(n).map_or(rest, |(i, _)| &rest[..i]);
        let found = (1..=4).rev().map(prefix).find(|w| legal.contains_key(w) || words.contains_key(w));
        match found {
            Some(w) => {
                match (legal.get(w), words.get(w)) {
                    (Some(to), _) => out.push_str(to),
                    (None, Some(alts)) if !alts.is_empty() && rng.chance(0.9) => {
                        out.push_str(alts[rng.below(alts.len())]);
                    }
                    _ => out.push_str(w),
                }
                rest = &rest[w.len()..];
            }
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// Share of the 13-character runs of `src` (letters, digits, Han) still found in `spun`.
fn runs_kept(src: &str, spun: &str) -> f64 {
    let clean = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).collect::<Vec<char>>();
    let (a, b) = (clean(src), clean(spun));
    let have: HashSet<&[char]> = b.windows(13).collect();
    let n = a.windows(13).count().max(1);
    a.windows(13).filter(|w| have.contains(w)).count() as f64 / n as f64
}

/// 20–80% of `src`'s paragraphs (in order), interleaved with paragraphs of `foreign`.
fn partial_paragraphs(src: &Article, foreign: &Article, rng: &mut Rng) -> Vec<Vec<(String, bool)>> {
    let n = src.paragraphs.len();
    let share = rng.range(20, 80) as f64 / 100.0;
    let keep = ((n as f64 * share).round() as usize).clamp(1, n);
    let mut picks: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut picks);
    picks.truncate(keep);
    picks.sort_unstable();
    let mut copied: Vec<Vec<(String, bool)>> =
        picks.iter().map(|&i| src.paragraphs[i].iter().map(|s| (s.clone(), true)).collect()).collect();
    let mut other: Vec<Vec<(String, bool)>> = foreign
        .paragraphs
        .iter()
        .take((n - keep).max(1))
        .map(|p| p.iter().map(|s| (s.clone(), false)).collect())
        .collect();
    // Interleave at random, keeping each side's order.
    let mut out = Vec::new();
    copied.reverse();
    other.reverse();
    while !copied.is_empty() || !other.is_empty() {
        let from_copy = other.is_empty() || (!copied.is_empty() && rng.chance(0.5));
        let next = if from_copy { copied.pop() } else { other.pop() };
        out.extend(next);
    }
    out
}

/// Sentences regrouped into paragraphs of four.
fn regroup(sentences: Vec<(String, bool)>) -> Vec<Vec<(String, bool)>> {
    sentences.chunks(4).map(<[_]>::to_vec).collect()
}

fn make_drafts(articles: &[Article], rng: &mut Rng) -> Vec<Draft> {
    let mut drafts = Vec::new();
    for (i, a) in articles.iter().enumerate().take(INDEXED) {
        let source = Some(i);
        let foreign = &articles[INDEXED + rng.below(ARTICLES - INDEXED)];
        let tagged = |a: &Article| -> Vec<Vec<(String, bool)>> {
            a.paragraphs.iter().map(|p| p.iter().map(|s| (s.clone(), true)).collect()).collect()
        };
        let (text, copied) = assemble(&tagged(a));
        drafts.push(Draft { kind: Kind::Exact, source, text, copied });

        let (text, copied) = assemble(&partial_paragraphs(a, foreign, rng));
        drafts.push(Draft { kind: Kind::Partial, source, text, copied });

        let mut sentences: Vec<(String, bool)> = a.sentences().into_iter().map(|s| (s, true)).collect();
        rng.shuffle(&mut sentences);
        let (text, _) = assemble(&regroup(sentences));
        drafts.push(Draft { kind: Kind::Shuffle, source, text, copied: Vec::new() });

        let text = char_sub(&a.text(), rng);
        drafts.push(Draft { kind: Kind::CharSub, source, text, copied: Vec::new() });

        let text = spin(&a.text(), rng);
        drafts.push(Draft { kind: Kind::Synonym, source, text, copied: Vec::new() });

        let mut sentences: Vec<(String, bool)> = partial_paragraphs(a, foreign, rng).into_iter().flatten().collect();
        rng.shuffle(&mut sentences);
        let (text, _) = assemble(&regroup(sentences));
        // Half of the mixed drafts are also spun.
        let text = if rng.chance(0.5) { spin(&text, rng) } else { text };
        let text = char_sub(&text, rng);
        drafts.push(Draft { kind: Kind::Mixed, source, text, copied: Vec::new() });
    }
    for a in &articles[INDEXED..] {
        drafts.push(Draft { kind: Kind::Negative, source: None, text: a.text(), copied: Vec::new() });
    }
    drafts
}

fn path_of(i: usize) -> String {
    format!("doc{i:02}.md")
}

/// `r` without leading and trailing characters that are not letters, digits or Han.
fn trim_range(text: &str, r: &Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
    let tail = s.len() - s.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
    (r.start + lead)..(r.end - tail).max(r.start + lead)
}

/// `r` widened by `n` alphanumeric characters at either end (other characters are free).
fn widen(text: &str, r: &Range<usize>, n: usize) -> Range<usize> {
    let mut start = r.start;
    let mut left = n;
    for (i, c) in text[..r.start].char_indices().rev() {
        if c.is_alphanumeric() {
            if left == 0 {
                break;
            }
            left -= 1;
        }
        start = i;
    }
    let mut end = r.end;
    let mut left = n;
    for c in text[r.end..].chars() {
        if c.is_alphanumeric() {
            if left == 0 {
                break;
            }
            left -= 1;
        }
        end += c.len_utf8();
    }
    start..end
}

#[derive(Default)]
struct Tally {
    drafts: usize,
    tp: usize,
    fn_: usize,
    fp: usize,
    /// Copied sentences located / total.
    located: usize,
    copied: usize,
    /// Copied sentences of ≥ 30 characters not located (draft index, sentence).
    missed_long: Vec<(usize, String)>,
    /// False positives with coverage ≥ 0.3 (draft index, doc, coverage).
    strong_fp: Vec<(usize, String, f64)>,
    missed: Vec<usize>,
    /// Sum of the source document's coverage over the drafts it was found for.
    source_coverage: f64,
}

impl Tally {
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 { 1.0 } else { self.tp as f64 / (self.tp + self.fp) as f64 }
    }

    fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 { 1.0 } else { self.tp as f64 / (self.tp + self.fn_) as f64 }
    }

    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

fn score(d: &Draft, di: usize, matches: &[DocMatch], t: &mut Tally) {
    t.drafts += 1;
    let want = d.source.map(path_of);
    let mut hit: Option<&DocMatch> = None;
    for m in matches.iter().filter(|m| !m.passages.is_empty()) {
        if Some(&m.path) == want.as_ref() {
            hit = Some(m);
        } else {
            t.fp += 1;
            if std::env::var_os("DEDUP_DEBUG").is_some() {
                for p in &m.passages {
                    eprintln!(
                        "FP {} {:?} {:?} {:.2} {}",
                        m.path,
                        p.kind,
                        p.literal,
                        p.similarity,
                        &d.text[p.draft.clone()]
                    );
                }
            }
            if m.coverage >= 0.3 {
                t.strong_fp.push((di, m.path.clone(), m.coverage));
            }
        }
    }
    if d.source.is_some() {
        if let Some(m) = hit {
            t.tp += 1;
            t.source_coverage += m.coverage;
        } else {
            t.fn_ += 1;
            t.missed.push(di);
        }
    }
    for r in &d.copied {
        t.copied += 1;
        let s = trim_range(&d.text, r);
        let found = hit.is_some_and(|m| {
            m.passages.iter().any(|p| {
                let w = widen(&d.text, &p.draft, TOLERANCE);
                w.start <= s.start && s.end <= w.end
            })
        });
        if found {
            t.located += 1;
        } else if d.text[r.clone()].chars().count() >= 30 {
            t.missed_long.push((di, d.text[r.clone()].to_owned()));
        }
    }
}

#[test]
#[allow(clippy::print_stdout)]
fn dedup_detection_quality() {
    let Some(statutes) = common::statutes("dedup_detection_quality") else { return };
    let mut rng = Rng(SEED);
    let articles = build_articles(&mut rng, &statutes);
    let mut index = Index::new();
    for (i, a) in articles.iter().enumerate().take(INDEXED) {
        let mut hash = [0u8; 32];
        hash[0] = i as u8;
        index.add(&path_of(i), None, hash, &a.text(), &|r| r);
    }
    let drafts = make_drafts(&articles, &mut rng);
    let opts = QueryOptions::default();
    let mut tallies: HashMap<Kind, Tally> = HashMap::new();
    for (di, d) in drafts.iter().enumerate() {
        let matches = index.query(&d.text, &opts);
        score(d, di, &matches, tallies.entry(d.kind).or_default());
        if std::env::var_os("DEDUP_DEBUG").is_some()
            && d.source.is_some_and(|s| !matches.iter().any(|m| m.path == path_of(s)))
        {
            let loose =
                QueryOptions { min_coverage: 0.0, min_chars: 13, long_chars: usize::MAX, ..QueryOptions::default() };
            for m in index.query(&d.text, &loose).iter().filter(|m| Some(m.path.clone()) == d.source.map(path_of)) {
                eprintln!(
                    "MISS {} cov {:.3} src {:.3} longest {} chars {}",
                    d.kind.name(),
                    m.coverage,
                    m.source_coverage,
                    m.longest,
                    m.chars()
                );
            }
        }
    }

    let lens: Vec<usize> = articles.iter().map(|a| a.text().chars().count()).collect();
    println!(
        "\n{} articles ({} indexed), {}–{} characters; {} drafts",
        articles.len(),
        INDEXED,
        lens.iter().min().unwrap_or(&0),
        lens.iter().max().unwrap_or(&0),
        drafts.len()
    );
    println!(
        "{:<9} {:>6} {:>4} {:>4} {:>4} {:>9} {:>7} {:>6} {:>16} {:>9} {:>8}",
        "kind", "drafts", "TP", "FN", "FP", "precision", "recall", "F1", "located", "FP≥0.3", "src cov"
    );
    for k in Kind::ALL {
        let t = tallies.get(&k).expect("every kind has drafts");
        let located = if t.copied == 0 {
            "-".to_owned()
        } else {
            format!("{}/{} {:.1}%", t.located, t.copied, 100.0 * t.located as f64 / t.copied as f64)
        };
        let (p, r, f) = if k == Kind::Negative {
            ("-".to_owned(), "-".to_owned(), "-".to_owned())
        } else {
            (format!("{:.3}", t.precision()), format!("{:.3}", t.recall()), format!("{:.3}", t.f1()))
        };
        println!(
            "{:<9} {:>6} {:>4} {:>4} {:>4} {:>9} {:>7} {:>6} {:>16} {:>9} {:>8}",
            k.name(),
            t.drafts,
            t.tp,
            t.fn_,
            t.fp,
            p,
            r,
            f,
            located,
            t.strong_fp.len(),
            if t.tp == 0 { "-".to_owned() } else { format!("{:.3}", t.source_coverage / t.tp as f64) }
        );
    }

    // Diagnostic: the same copies located with the boilerplate (document-frequency) filter off.
    let lax = QueryOptions { max_doc_frequency: Some(usize::MAX), ..QueryOptions::default() };
    let mut lax_tallies: HashMap<Kind, Tally> = HashMap::new();
    for (di, d) in drafts.iter().enumerate().filter(|(_, d)| matches!(d.kind, Kind::Exact | Kind::Partial)) {
        score(d, di, &index.query(&d.text, &lax), lax_tallies.entry(d.kind).or_default());
    }
    let lax_line: Vec<String> = [Kind::Exact, Kind::Partial]
        .iter()
        .map(|k| {
            let t = &lax_tallies[k];
            format!("{} {}/{} (≥ 30 chars missed: {})", k.name(), t.located, t.copied, t.missed_long.len())
        })
        .collect();
    println!(
        "located with max_doc_frequency unlimited (default here: {}): {}",
        index.default_max_doc_frequency(),
        lax_line.join("; ")
    );

    let spun: Vec<f64> = drafts
        .iter()
        .filter(|d| d.kind == Kind::Synonym)
        .filter_map(|d| d.source.map(|s| runs_kept(&articles[s].text(), &d.text)))
        .collect();
    let kept = spun.iter().sum::<f64>() / spun.len().max(1) as f64;
    println!("synonym drafts keep {:.1}% of their source's 13-character runs", kept * 100.0);
    let mut failures = Vec::new();
    if kept > 0.2 {
        failures.push(format!("the spinner keeps {:.1}% of 13-character runs: not a rewrite test", kept * 100.0));
    }
    for k in [Kind::Exact, Kind::Partial, Kind::Shuffle, Kind::CharSub, Kind::Synonym, Kind::Mixed] {
        let t = &tallies[&k];
        if t.f1() < 0.9 {
            failures.push(format!("{}: F1 {:.3} < 0.9 (missed drafts {:?})", k.name(), t.f1(), t.missed));
        }
        // Every copied sentence of an exact copy is located. In partial copies a short copied
        // paragraph standing alone between other text can fall under the 30-character minimum,
        // because winnowing may miss up to w − 1 characters at each end of a copied stretch: there
        // at least 99% of copied sentences must be located (measured: 948/950).
        if k == Kind::Partial && t.copied > 0 && (t.located as f64) < 0.99 * t.copied as f64 {
            failures.push(format!("partial: located {}/{} < 99%", t.located, t.copied));
        }
        if k != Kind::Partial && !t.missed_long.is_empty() {
            failures.push(format!(
                "{}: {} copied sentences of ≥ 30 characters not located ({} with the document-frequency filter \
                 off), e.g. {:?}",
                k.name(),
                t.missed_long.len(),
                lax_tallies.get(&k).map_or(0, |l| l.missed_long.len()),
                &t.missed_long[..t.missed_long.len().min(3)]
            ));
        }
    }
    for t in tallies.values() {
        if !t.strong_fp.is_empty() {
            failures.push(format!("false positives with coverage ≥ 0.3: {:?}", t.strong_fp));
        }
    }
    assert!(failures.is_empty(), "dedup evaluation failed:\n{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Stock phrasing: real statutes, boilerplate included.
//
// Half of the laws (all versions of one law together) are indexed whole, one document a law.
// Drafts are built from the other half and from the indexed half:
// - `negative`: sentences of never-indexed laws that share a stock formula of 13+ characters with
//   the indexed half (具有下列情形之一的, 由县级以上人民政府…责令改正) but no run of [`STOCK_GUARD`]
//   characters, padded with other never-indexed sentences; about half of each draft is stock.
// - `copy`: a stretch of consecutive sentences of one indexed law (400–2,500 characters, or the
//   whole law when shorter), between a never-indexed opening and closing sentence.
// - `partial`: one to three stretches of an indexed law (30–60% of the draft) among
//   never-indexed sentences.
// - `shuffle`: a copied stretch with its sentences in random order.
// - `spin`: a copied stretch through the spinner above ([`spin`]).
// Drafts alternate between a dev split (used to choose the defaults) and a held-out test split.
// ---------------------------------------------------------------------------------------------

/// Negatives share no run of this many characters with the indexed half.
const STOCK_GUARD: usize = 25;
/// Shortest stock formula a negative's stock sentence shares with the indexed half.
const STOCK_MIN: usize = 13;
/// Drafts per kind (both splits together).
const STOCK_DRAFTS: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum StockKind {
    Copy,
    Partial,
    Shuffle,
    Spin,
    Negative,
}

impl StockKind {
    const ALL: [StockKind; 5] =
        [StockKind::Copy, StockKind::Partial, StockKind::Shuffle, StockKind::Spin, StockKind::Negative];

    fn name(self) -> &'static str {
        match self {
            StockKind::Copy => "copy",
            StockKind::Partial => "partial",
            StockKind::Shuffle => "shuffle",
            StockKind::Spin => "spin",
            StockKind::Negative => "negative",
        }
    }
}

/// A labelled draft of the stock-phrasing set.
struct StockDraft {
    kind: StockKind,
    /// Index of the source law among the indexed ones.
    source: Option<usize>,
    text: String,
    /// Dev (true) or held-out test split.
    dev: bool,
}

/// Letters, digits and Han of `s`.
fn clean_chars(s: &str) -> Vec<char> {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Hashes of every `n`-character window of `s` (letters, digits, Han only).
fn window_hashes(s: &str, n: usize) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    clean_chars(s)
        .windows(n)
        .map(|w| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

/// The labelled stock-phrasing set: indexed laws (texts) and drafts.
fn stock_set(statutes: &Path) -> (Vec<String>, Vec<StockDraft>) {
    let mut rng = Rng(SEED ^ 0x570C);
    let mut laws = load_laws(statutes);
    rng.shuffle(&mut laws);
    let mut indexed: Vec<Vec<String>> = Vec::new();
    let mut held: Vec<String> = Vec::new();
    for (i, law) in laws.into_iter().enumerate() {
        if i % 2 == 0 {
            indexed.push(law);
        } else {
            held.extend(law);
        }
    }
    let mut long: HashSet<u64> = HashSet::new();
    let mut short: HashSet<u64> = HashSet::new();
    for s in indexed.iter().flatten() {
        long.extend(window_hashes(s, STOCK_GUARD));
        short.extend(window_hashes(s, STOCK_MIN));
    }
    // Never-indexed sentences sharing no long run, split into stock (sharing a formula) and plain.
    let mut stock = Vec::new();
    let mut plain = Vec::new();
    let mut seen = HashSet::new();
    for s in held {
        if !seen.insert(s.clone()) || window_hashes(&s, STOCK_GUARD).iter().any(|h| long.contains(h)) {
            continue;
        }
        if window_hashes(&s, STOCK_MIN).iter().any(|h| short.contains(h)) {
            stock.push(s);
        } else {
            plain.push(s);
        }
    }
    rng.shuffle(&mut stock);
    rng.shuffle(&mut plain);
    let (mut stock, mut plain) = (stock.into_iter().cycle(), plain.into_iter().cycle());
    let texts: Vec<String> = indexed.iter().map(|law| law.concat()).collect();
    let sources: Vec<usize> = (0..indexed.len()).filter(|&i| clean_chars(&texts[i]).len() >= 300).collect();
    let mut drafts = Vec::new();
    let stretch = |law: &[String], rng: &mut Rng, min: usize, max: usize| -> Vec<String> {
        let target = rng.range(min, max);
        let start = rng.below(law.len());
        let start = if law[start..].iter().map(|s| s.chars().count()).sum::<usize>() < target {
            // Back up so the stretch can reach its length.
            let mut at = law.len();
            let mut got = 0;
            while at > 0 && got < target {
                at -= 1;
                got += law[at].chars().count();
            }
            at
        } else {
            start
        };
        let mut out = Vec::new();
        let mut got = 0;
        for s in &law[start..] {
            if got >= target {
                break;
            }
            got += s.chars().count();
            out.push(s.clone());
        }
        out
    };
    let plain_chars = |n: usize, plain: &mut dyn Iterator<Item = String>| -> Vec<String> {
        let mut out = Vec::new();
        let mut got = 0;
        while got < n {
            let s = plain.next().expect("plain sentences");
            got += s.chars().count();
            out.push(s);
        }
        out
    };
    for i in 0..STOCK_DRAFTS {
        let dev = i % 2 == 0;
        for kind in [StockKind::Copy, StockKind::Partial, StockKind::Shuffle, StockKind::Spin] {
            let src = sources[rng.below(sources.len())];
            let law = &indexed[src];
            let text = match kind {
                StockKind::Copy | StockKind::Shuffle | StockKind::Spin => {
                    let mut body = stretch(law, &mut rng, 400, 2500);
                    if kind == StockKind::Shuffle {
                        rng.shuffle(&mut body);
                    }
                    let body = body.concat();
                    let body = if kind == StockKind::Spin { spin(&body, &mut rng) } else { body };
                    let open = plain_chars(1, &mut plain).concat();
                    let close = plain_chars(1, &mut plain).concat();
                    format!("{open}\n\n{body}\n\n{close}")
                }
                _ => {
                    let pieces = rng.range(1, 3);
                    let mut parts = Vec::new();
                    let mut copied = 0;
                    for _ in 0..pieces {
                        let s = stretch(law, &mut rng, 150, 500).concat();
                        copied += s.chars().count();
                        parts.push(s);
                    }
                    let share = rng.range(30, 60) as f64 / 100.0;
                    let other = (copied as f64 * (1.0 - share) / share) as usize;
                    for _ in 0..=pieces {
                        parts.push(plain_chars(other / (pieces + 1), &mut plain).concat());
                    }
                    // Copied and own paragraphs alternate: own, copied, own, …
                    let (copies, own) = parts.split_at(pieces);
                    let mut out = Vec::new();
                    for (k, o) in own.iter().enumerate() {
                        out.push(o.clone());
                        if let Some(c) = copies.get(k) {
                            out.push(c.clone());
                        }
                    }
                    out.join("\n\n")
                }
            };
            drafts.push(StockDraft { kind, source: Some(src), text, dev });
        }
        // A negative: 1,000–3,000 characters, about half stock sentences.
        let target = rng.range(1000, 3000);
        let mut paragraphs = Vec::new();
        let mut got = 0;
        while got < target {
            let mut p = String::new();
            for _ in 0..rng.range(2, 5) {
                let s = if rng.chance(0.5) { stock.next() } else { plain.next() }.expect("sentences");
                got += s.chars().count();
                p.push_str(&s);
            }
            paragraphs.push(p);
        }
        drafts.push(StockDraft { kind: StockKind::Negative, source: None, text: paragraphs.join("\n\n"), dev });
    }
    (texts, drafts)
}

/// Outcome counts of one kind in one split.
#[derive(Default, Clone)]
struct StockTally {
    drafts: usize,
    /// Positives whose source was reported.
    found: usize,
    /// Drafts with at least one document reported that is not their source.
    flagged_other: usize,
    /// Documents reported that are not the draft's source.
    other_docs: usize,
}

/// Runs the stock set under `opts`, tallied by (kind, dev).
fn run_stock(index: &Index, drafts: &[StockDraft], opts: &QueryOptions) -> HashMap<(StockKind, bool), StockTally> {
    let mut out: HashMap<(StockKind, bool), StockTally> = HashMap::new();
    for d in drafts {
        let found = index.query(&d.text, opts);
        let t = out.entry((d.kind, d.dev)).or_default();
        t.drafts += 1;
        let want = d.source.map(path_of);
        if found.iter().any(|m| Some(&m.path) == want.as_ref()) {
            t.found += 1;
        }
        let others = found.iter().filter(|m| Some(&m.path) != want.as_ref()).count();
        if std::env::var_os("DEDUP_DEBUG").is_some() {
            for m in &found {
                eprintln!(
                    "{} {} {} cov {:.3} src {:.3} longest {} chars {}",
                    d.kind.name(),
                    if d.dev { "dev" } else { "test" },
                    if Some(&m.path) == want.as_ref() { "SRC" } else { "OTHER" },
                    m.coverage,
                    m.source_coverage,
                    m.longest,
                    m.chars()
                );
            }
            if d.source.is_some() && !found.iter().any(|m| Some(&m.path) == want.as_ref()) {
                eprintln!("{} {} MISSED", d.kind.name(), if d.dev { "dev" } else { "test" });
            }
        }
        t.other_docs += others;
        t.flagged_other += usize::from(others > 0);
    }
    out
}

/// Prints the table of one run; returns failures against the goals (no negative flagged,
/// recall ≥ 0.95 per kind) for `split`.
#[allow(clippy::print_stdout)]
fn stock_table(title: &str, t: &HashMap<(StockKind, bool), StockTally>) -> Vec<String> {
    println!("\n{title}");
    println!(
        "{:<9} {:<5} {:>6} {:>6} {:>7} {:>14} {:>10}",
        "kind", "split", "drafts", "found", "recall", "negatives hit", "other docs"
    );
    let mut failures = Vec::new();
    for k in StockKind::ALL {
        for dev in [true, false] {
            let Some(x) = t.get(&(k, dev)) else { continue };
            let split = if dev { "dev" } else { "test" };
            let (recall, neg) = if k == StockKind::Negative {
                ("-".to_owned(), format!("{}/{}", x.flagged_other, x.drafts))
            } else {
                (format!("{:.3}", x.found as f64 / x.drafts.max(1) as f64), "-".to_owned())
            };
            println!(
                "{:<9} {:<5} {:>6} {:>6} {:>7} {:>14} {:>10}",
                k.name(),
                split,
                x.drafts,
                x.found,
                recall,
                neg,
                x.other_docs
            );
            if k == StockKind::Negative && x.flagged_other > 0 {
                failures.push(format!("{split}: {} of {} negatives flagged", x.flagged_other, x.drafts));
            }
            if k != StockKind::Negative && (x.found as f64) < 0.95 * x.drafts as f64 {
                failures.push(format!("{split}: {} recall {}/{} < 0.95", k.name(), x.found, x.drafts));
            }
        }
    }
    failures
}

#[test]
#[allow(clippy::print_stdout)]
fn stock_phrasing_precision_recall() {
    let Some(statutes) = common::statutes("stock_phrasing_precision_recall") else { return };
    let (texts, drafts) = stock_set(&statutes);
    let mut index = Index::new();
    for (i, t) in texts.iter().enumerate() {
        let mut hash = [0u8; 32];
        hash[..8].copy_from_slice(&(i as u64).to_le_bytes());
        index.add(&path_of(i), None, hash, t, &|r| r);
    }
    println!(
        "\nstock-phrasing set: {} laws indexed, {} drafts ({} per kind, dev/test alternating)",
        texts.len(),
        drafts.len(),
        STOCK_DRAFTS
    );
    // The curve the defaults were chosen on: every match under the loosest verdict, then the
    // verdict at each (min_coverage, long_chars).
    let loose = QueryOptions { min_coverage: 0.0, long_chars: usize::MAX, ..QueryOptions::default() };
    let all: Vec<Vec<DocMatch>> = drafts.iter().map(|d| index.query(&d.text, &loose)).collect();
    println!("\nverdict curve (recall per kind; negatives flagged), dev | test");
    println!(
        "{:>8} {:>6}  {:>38}  {:>38}",
        "min_cov", "long", "copy partial shuffle spin neg", "copy partial shuffle spin neg"
    );
    for c in [0.0, 0.02, 0.04, 0.06, 0.08, 0.10, 0.15] {
        for l in [usize::MAX, 120, 80, 50] {
            let opts = QueryOptions { min_coverage: c, long_chars: l, ..QueryOptions::default() };
            let mut cells = Vec::new();
            for dev in [true, false] {
                let mut row = Vec::new();
                for k in StockKind::ALL {
                    let (mut n, mut hit) = (0, 0);
                    for (d, ms) in drafts.iter().zip(&all).filter(|(d, _)| d.kind == k && d.dev == dev) {
                        n += 1;
                        let want = d.source.map(path_of);
                        let yes = ms.iter().filter(|m| opts.verdict(m));
                        hit += usize::from(if k == StockKind::Negative {
                            yes.count() > 0
                        } else {
                            yes.into_iter().any(|m| Some(&m.path) == want.as_ref())
                        });
                    }
                    row.push(if k == StockKind::Negative {
                        format!("{hit}/{n}")
                    } else {
                        format!("{:.2}", hit as f64 / n.max(1) as f64)
                    });
                }
                cells.push(row.join(" "));
            }
            let l = if l == usize::MAX { "-".to_owned() } else { l.to_string() };
            println!("{c:>8.2} {l:>6}  {:>38}  {:>38}", cells[0], cells[1]);
        }
    }
    let t = run_stock(&index, &drafts, &QueryOptions::default());
    let failures = stock_table("default settings", &t);
    assert!(failures.is_empty(), "stock-phrasing evaluation failed:\n{}", failures.join("\n"));
}
