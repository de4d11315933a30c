//! Duplicate-content detector at scale: indexing throughput, index size on disk, load time, query
//! latency and recall over N synthetic Chinese articles of about 2,000 characters.
//!
//! Run: `HEGUI_DEDUP_N=100000 cargo bench --bench dedup_scale` (or `benches/dedup_scale.sh`, which
//! runs 10^4, 10^5 and 10^6 and the datasketch comparison). Environment:
//!
//! - `HEGUI_DEDUP_N`: articles indexed (default 10000);
//! - `HEGUI_DEDUP_QUERIES`: drafts queried (default 1000; half hold a copied passage);
//! - `HEGUI_DEDUP_CHUNK`: articles fingerprinted per parallel batch (default 20000); only the
//!   encoded fingerprints (`NewDoc`) are kept, never the texts;
//! - `HEGUI_DEDUP_DUMP=dir`: also writes `dir/articles.jsonl` (one JSON string per article, in
//!   index order) and `dir/drafts.jsonl` (`{"text", "source"}`, `source` the index of the copied
//!   article or null) for `benches/dedup_datasketch.py`;
//! - `HEGUI_DEDUP_TMP=dir`: where the index file is saved (default the system temp folder);
//! - `HEGUI_DEDUP_STATS=0|1`: whether to call `Index::stats()` (default: when N ≤ 200000; it
//!   hashes every fingerprint into one set).
//!
//! Articles are deterministic: article `i` is generated from seed `i` alone, so a draft can copy
//! from any of them without the texts being kept. Text: sentences of words from a 6,000-word
//! vocabulary (1–4 characters over a 3,000-character pool, both drawn with a Zipf-like law, so
//! frequent k-grams recur across articles as in real text), clauses cut by punctuation, paragraphs;
//! one article in five ends with one of a few boilerplate sentences (公众号 footer), which the
//! index must treat as boilerplate.
//!
//! Every number is printed in one block and again as one JSON line starting with `{"bench":`.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used, clippy::expect_used)]

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use hegui::dedup::{Index, NewDoc, Prints, QueryOptions};
use rayon::prelude::*;

/// Frequent characters first (rank order matters: the pool is drawn from with a Zipf-like law).
const COMMON: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞";

/// Characters in the pool words are built from.
const POOL_CHARS: usize = 3000;

/// Words in the vocabulary.
const VOCAB: usize = 6000;

/// Target length of an article, in characters (punctuation included).
const ARTICLE_CHARS: usize = 2000;

/// 公众号 footers: one article in five ends with one of them.
const BOILERPLATE: [&str; 4] = [
    "点击蓝字关注我们，每天为你推送最新的行业资讯与深度分析，欢迎转发给身边有需要的朋友。",
    "本文仅代表作者个人观点，不构成任何投资建议，如有侵权请联系后台删除。",
    "喜欢这篇文章的话，记得点赞、在看、转发三连，也可以在后台回复关键词获取往期精选文章合集。",
    "图片来源于网络，版权归原作者所有，如涉及版权问题请及时与我们联系，我们将第一时间处理。",
];

/// A xorshift64* generator.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // SplitMix64 of the seed, so neighbouring seeds give unrelated streams.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Self((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) % n.max(1) as u64) as usize
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A rank in `0..n` with probability falling off about as 1/rank (log-uniform).
    fn zipf(&mut self, n: usize) -> usize {
        ((n as f64 + 1.0).powf(self.unit()) as usize).saturating_sub(1).min(n - 1)
    }
}

/// The vocabulary and the character pool.
struct Lexicon {
    pool: Vec<char>,
    words: Vec<String>,
}

impl Lexicon {
    fn new() -> Self {
        let mut pool: Vec<char> = Vec::with_capacity(POOL_CHARS);
        for c in COMMON.chars() {
            if !pool.contains(&c) {
                pool.push(c);
            }
        }
        // The rest of the pool: other CJK unified ideographs (U+4E00–U+9FA5), deterministic order.
        let mut rng = Rng::new(1);
        while pool.len() < POOL_CHARS {
            let c = char::from_u32(0x4E00 + rng.below(0x9FA5 - 0x4E00) as u32).unwrap_or('的');
            if !pool.contains(&c) {
                pool.push(c);
            }
        }
        let mut words = Vec::with_capacity(VOCAB);
        let mut seen = std::collections::HashSet::new();
        let mut rng = Rng::new(2);
        while words.len() < VOCAB {
            let len = match rng.below(100) {
                0..25 => 1,
                25..80 => 2,
                80..92 => 3,
                _ => 4,
            };
            let w: String = (0..len).map(|_| pool[rng.zipf(pool.len())]).collect();
            if seen.insert(w.clone()) {
                words.push(w);
            }
        }
        Self { pool, words }
    }

    /// One sentence: 2–4 clauses of 3–9 words.
    fn sentence(&self, rng: &mut Rng, out: &mut String) -> usize {
        let mut n = 0;
        let clauses = 2 + rng.below(3);
        for c in 0..clauses {
            for _ in 0..3 + rng.below(7) {
                let w = &self.words[rng.zipf(self.words.len())];
                out.push_str(w);
                n += w.chars().count();
            }
            out.push(if c + 1 == clauses {
                ['。', '。', '。', '！', '？'][rng.below(5)]
            } else {
                ['，', '，', '，', '、', '；'][rng.below(5)]
            });
            n += 1;
        }
        n
    }

    /// About `chars` characters of prose in paragraphs of 3–6 sentences.
    fn prose(&self, rng: &mut Rng, chars: usize) -> String {
        let mut out = String::with_capacity(chars * 3 + 64);
        let mut n = 0;
        let mut in_par = 0;
        let mut par_len = 3 + rng.below(4);
        while n < chars {
            n += self.sentence(rng, &mut out);
            in_par += 1;
            if in_par == par_len && n < chars {
                out.push_str("\n\n");
                in_par = 0;
                par_len = 3 + rng.below(4);
            }
        }
        out
    }

    /// Article `i` (deterministic in `i` alone).
    fn article(&self, i: u64) -> String {
        let mut rng = Rng::new(i);
        let mut text = self.prose(&mut rng, ARTICLE_CHARS);
        if rng.below(5) == 0 {
            text.push_str("\n\n");
            text.push_str(BOILERPLATE[rng.below(BOILERPLATE.len())]);
        }
        text
    }
}

/// A query draft and, for copies, the article it copies from.
struct Draft {
    text: String,
    source: Option<u64>,
}

/// Seeds of fresh text, far from any article seed.
const FRESH_SEED: u64 = 1 << 48;

/// Draft `q`: even ones hold a 300–600-character passage of a random article (one character in
/// 100 replaced) between fresh text, about 2,000 characters in all; odd ones are fresh text.
fn draft(lex: &Lexicon, n: u64, q: u64) -> Draft {
    let mut rng = Rng::new(FRESH_SEED + 2 * q);
    if q % 2 == 1 {
        return Draft { text: lex.prose(&mut rng, ARTICLE_CHARS), source: None };
    }
    let src = rng.next() % n.max(1);
    let article: Vec<char> = lex.article(src).chars().collect();
    let len = (300 + rng.below(301)).min(article.len());
    let start = rng.below(article.len() - len + 1);
    let mut passage: Vec<char> = article[start..start + len].to_vec();
    for c in passage.iter_mut() {
        if rng.below(100) == 0 && c.is_alphanumeric() {
            *c = lex.pool[rng.below(lex.pool.len())];
        }
    }
    let rest = ARTICLE_CHARS.saturating_sub(len);
    let before = rng.below(rest + 1);
    let mut fresh = Rng::new(FRESH_SEED + 2 * q + 1);
    let mut text = lex.prose(&mut fresh, before);
    text.push('\n');
    text.extend(passage);
    text.push('\n');
    text.push_str(&lex.prose(&mut fresh, rest - before));
    Draft { text, source: Some(src) }
}

fn path_of(i: u64) -> String {
    format!("articles/{i:07}.md")
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.replace('_', "").parse().ok()).unwrap_or(default)
}

/// A field of `/proc/self/status` in kB (0 where there is none).
fn status_kb(field: &str) -> u64 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Resets the peak RSS (VmHWM) to the current RSS, so each phase's peak can be read.
fn reset_peak() {
    let _ = fs::write("/proc/self/clear_refs", "5");
}

fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

/// Phase peaks of RSS, in MB.
#[derive(Default)]
struct Peaks(Vec<(&'static str, f64)>);

impl Peaks {
    fn mark(&mut self, phase: &'static str) {
        self.0.push((phase, mb(status_kb("VmHWM:"))));
        reset_peak();
    }
}

fn main() {
    let n = env_usize("HEGUI_DEDUP_N", 10_000) as u64;
    let queries = env_usize("HEGUI_DEDUP_QUERIES", 1000) as u64;
    let chunk = env_usize("HEGUI_DEDUP_CHUNK", 20_000).max(1) as u64;
    let dump = std::env::var_os("HEGUI_DEDUP_DUMP").filter(|d| !d.is_empty()).map(PathBuf::from);
    let do_stats = std::env::var("HEGUI_DEDUP_STATS").map(|v| v != "0").unwrap_or(n <= 200_000);
    let threads = rayon::current_num_threads();
    let lex = Lexicon::new();
    let mut peaks = Peaks::default();
    eprintln!("dedup_scale: N = {n}, {queries} queries, {threads} threads");
    reset_peak();

    // Fingerprinting, in parallel batches; only the encoded fingerprints are kept.
    let mut writer = dump.as_ref().map(|d| {
        fs::create_dir_all(d).expect("dump folder");
        BufWriter::new(File::create(d.join("articles.jsonl")).expect("articles.jsonl"))
    });
    let mut docs: Vec<NewDoc> = Vec::with_capacity(n as usize);
    let (mut bytes, mut chars, mut raw, mut class) = (0u64, 0u64, 0u64, 0u64);
    let mut gen_time = Duration::ZERO;
    let mut fp_time = Duration::ZERO;
    let mut from = 0;
    while from < n {
        let to = (from + chunk).min(n);
        let t = Instant::now();
        let texts: Vec<String> = (from..to).into_par_iter().map(|i| lex.article(i)).collect();
        gen_time += t.elapsed();
        if let Some(w) = writer.as_mut() {
            for text in &texts {
                serde_json::to_writer(&mut *w, text).expect("dump");
                w.write_all(b"\n").expect("dump");
            }
        }
        let t = Instant::now();
        let batch: Vec<(NewDoc, u64, u64, u64, u64)> = texts
            .into_par_iter()
            .enumerate()
            .map(|(k, text)| {
                let i = from + k as u64;
                let prints = Prints::of(&text);
                let hash: [u8; 32] = blake3::hash(text.as_bytes()).into();
                let doc = NewDoc::new(path_of(i), None, hash, &prints);
                (
                    doc,
                    text.len() as u64,
                    text.chars().count() as u64,
                    prints.raw.len() as u64,
                    prints.class.len() as u64,
                )
            })
            .collect();
        fp_time += t.elapsed();
        for (doc, b, c, r, k) in batch {
            docs.push(doc);
            bytes += b;
            chars += c;
            raw += r;
            class += k;
        }
        from = to;
        eprint!("\r  fingerprinted {to}/{n}");
    }
    eprintln!();
    if let Some(mut w) = writer.take() {
        w.flush().expect("dump");
    }
    peaks.mark("fingerprint");

    let t = Instant::now();
    let mut index = Index::new();
    index.extend(docs);
    let extend_time = t.elapsed();
    peaks.mark("extend");
    let rss_built = mb(status_kb("VmRSS:"));
    let index_time = fp_time + extend_time;
    let bytes_per_doc_mem = index.bytes_per_document();

    let (stats, stats_time) = if do_stats {
        let t = Instant::now();
        let s = index.stats();
        (Some(s), Some(t.elapsed()))
    } else {
        (None, None)
    };

    // Queries.
    let t = Instant::now();
    let drafts: Vec<Draft> = (0..queries).into_par_iter().map(|q| draft(&lex, n, q)).collect();
    eprintln!("  {} drafts generated in {:.1} s", drafts.len(), t.elapsed().as_secs_f64());
    if let Some(d) = &dump {
        let mut w = BufWriter::new(File::create(d.join("drafts.jsonl")).expect("drafts.jsonl"));
        for q in &drafts {
            serde_json::to_writer(&mut w, &serde_json::json!({ "text": q.text, "source": q.source })).expect("dump");
            w.write_all(b"\n").expect("dump");
        }
        w.flush().expect("dump");
    }
    let opts = QueryOptions::default();
    for q in drafts.iter().take(20) {
        std::hint::black_box(index.query(&q.text, &opts));
    }
    let mut lat_copy = Vec::new();
    let mut lat_fresh = Vec::new();
    let (mut copies, mut found, mut top1, mut wrong_on_copies) = (0u64, 0u64, 0u64, 0u64);
    let (mut fresh, mut fresh_hit, mut fresh_docs) = (0u64, 0u64, 0u64);
    let mut results_sample = Vec::new();
    let t_all = Instant::now();
    for (qi, q) in drafts.iter().enumerate() {
        let t = Instant::now();
        let m = index.query(&q.text, &opts);
        let dt = ms(t.elapsed());
        if qi < 50 {
            results_sample.push(m.iter().map(|d| (d.path.clone(), d.passages.len())).collect::<Vec<_>>());
        }
        match q.source {
            Some(src) => {
                lat_copy.push(dt);
                copies += 1;
                let want = path_of(src);
                if m.iter().any(|d| d.path == want) {
                    found += 1;
                }
                if m.first().is_some_and(|d| d.path == want) {
                    top1 += 1;
                }
                wrong_on_copies += m.iter().filter(|d| d.path != want).count() as u64;
            }
            None => {
                lat_fresh.push(dt);
                fresh += 1;
                if !m.is_empty() {
                    fresh_hit += 1;
                }
                fresh_docs += m.len() as u64;
            }
        }
        if qi % 100 == 99 {
            eprint!("\r  queried {}/{}", qi + 1, drafts.len());
        }
    }
    eprintln!();
    let query_wall = t_all.elapsed();
    let mut lat: Vec<f64> = lat_copy.iter().chain(&lat_fresh).copied().collect();
    lat.sort_by(f64::total_cmp);
    lat_copy.sort_by(f64::total_cmp);
    lat_fresh.sort_by(f64::total_cmp);
    peaks.mark("query");

    // Save, reload, check the reloaded index answers the same.
    let dir = match std::env::var_os("HEGUI_DEDUP_TMP").filter(|d| !d.is_empty()) {
        Some(d) => tempfile::tempdir_in(d),
        None => tempfile::tempdir(),
    }
    .expect("temp folder");
    let file = dir.path().join("corpus.hgidx");
    let t = Instant::now();
    index.save(&file).expect("save");
    let save_time = t.elapsed();
    let file_bytes = fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    peaks.mark("save");
    drop(index);
    let t = Instant::now();
    let index = Index::load(&file).expect("load");
    let load_time = t.elapsed();
    peaks.mark("load");
    let same = drafts.iter().take(50).zip(&results_sample).all(|(q, want)| {
        let got: Vec<(String, usize)> =
            index.query(&q.text, &opts).iter().map(|d| (d.path.clone(), d.passages.len())).collect();
        &got == want
    });
    drop(index);
    drop(dir);

    let mb_text = bytes as f64 / 1e6;
    let peak = peaks.0.iter().map(|p| p.1).fold(0.0, f64::max);
    let pct = |v: &[f64], p| percentile(v, p);
    println!();
    println!("== hegui dedup at N = {n} synthetic articles ({threads} threads) ==");
    println!(
        "corpus           {n} articles, {:.1} MB UTF-8, {:.0} chars/article, {:.0} + {:.0} prints/article (raw + class)",
        mb_text,
        chars as f64 / n as f64,
        raw as f64 / n as f64,
        class as f64 / n as f64
    );
    println!("generate text    {:.2} s (not counted)", gen_time.as_secs_f64());
    println!(
        "fingerprint      {:.2} s  {:.0} articles/s  {:.2} MB/s",
        fp_time.as_secs_f64(),
        n as f64 / fp_time.as_secs_f64(),
        mb_text / fp_time.as_secs_f64()
    );
    println!("extend (rebuild) {:.2} s", extend_time.as_secs_f64());
    println!(
        "indexing total   {:.2} s  {:.0} articles/s  {:.2} MB/s",
        index_time.as_secs_f64(),
        n as f64 / index_time.as_secs_f64(),
        mb_text / index_time.as_secs_f64()
    );
    if let (Some(s), Some(t)) = (stats, stats_time) {
        println!(
            "stats()          {} fingerprints, {} distinct hashes ({:.2} s)",
            s.fingerprints,
            s.distinct_hashes,
            t.as_secs_f64()
        );
    }
    println!("in memory        {:.0} B/article encoded prints; RSS after build {:.0} MB", bytes_per_doc_mem, rss_built);
    println!(
        "on disk          {} bytes = {:.0} B/article; save {:.2} s; load {:.2} s; reloaded answers same: {same}",
        file_bytes,
        file_bytes as f64 / n as f64,
        save_time.as_secs_f64(),
        load_time.as_secs_f64()
    );
    println!(
        "query latency    all {} drafts: p50 {:.2} ms  p95 {:.2} ms  p99 {:.2} ms  max {:.2} ms  (mean {:.2} ms)",
        lat.len(),
        pct(&lat, 0.5),
        pct(&lat, 0.95),
        pct(&lat, 0.99),
        lat.last().copied().unwrap_or(0.0),
        ms(query_wall) / lat.len().max(1) as f64
    );
    println!(
        "                 copies: p50 {:.2}  p95 {:.2}  p99 {:.2} ms;  fresh: p50 {:.2}  p95 {:.2}  p99 {:.2} ms",
        pct(&lat_copy, 0.5),
        pct(&lat_copy, 0.95),
        pct(&lat_copy, 0.99),
        pct(&lat_fresh, 0.5),
        pct(&lat_fresh, 0.95),
        pct(&lat_fresh, 0.99)
    );
    println!(
        "recall           {found}/{copies} copies found ({:.1}%), {top1} ranked first; {wrong_on_copies} other documents reported on copies",
        100.0 * found as f64 / copies.max(1) as f64
    );
    println!("false positives  {fresh_hit}/{fresh} fresh drafts with a match ({fresh_docs} documents)");
    let phases: Vec<String> = peaks.0.iter().map(|(p, v)| format!("{p} {v:.0}")).collect();
    println!("peak RSS         {peak:.0} MB (VmHWM by phase, MB: {})", phases.join(", "));

    let json = serde_json::json!({
        "bench": "dedup_scale",
        "n": n,
        "threads": threads,
        "queries": lat.len(),
        "text_mb": mb_text,
        "chars_per_article": chars as f64 / n as f64,
        "raw_prints_per_article": raw as f64 / n as f64,
        "class_prints_per_article": class as f64 / n as f64,
        "fingerprint_s": fp_time.as_secs_f64(),
        "extend_s": extend_time.as_secs_f64(),
        "index_articles_per_s": n as f64 / index_time.as_secs_f64(),
        "index_mb_per_s": mb_text / index_time.as_secs_f64(),
        "fingerprints": stats.map(|s| s.fingerprints),
        "distinct_hashes": stats.map(|s| s.distinct_hashes),
        "stats_s": stats_time.map(|t| t.as_secs_f64()),
        "mem_bytes_per_article": bytes_per_doc_mem,
        "rss_after_build_mb": rss_built,
        "file_bytes": file_bytes,
        "disk_bytes_per_article": file_bytes as f64 / n as f64,
        "save_s": save_time.as_secs_f64(),
        "load_s": load_time.as_secs_f64(),
        "reload_same": same,
        "p50_ms": pct(&lat, 0.5),
        "p95_ms": pct(&lat, 0.95),
        "p99_ms": pct(&lat, 0.99),
        "max_ms": lat.last().copied().unwrap_or(0.0),
        "copy_p99_ms": pct(&lat_copy, 0.99),
        "fresh_p99_ms": pct(&lat_fresh, 0.99),
        "copies": copies,
        "copies_found": found,
        "copies_top1": top1,
        "other_docs_on_copies": wrong_on_copies,
        "fresh": fresh,
        "fresh_with_match": fresh_hit,
        "peak_rss_mb": peak,
        "peak_rss_by_phase_mb": peaks.0.iter().map(|(p, v)| (p.to_string(), *v)).collect::<std::collections::BTreeMap<_, _>>(),
    });
    println!("{json}");
}
