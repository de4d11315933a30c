//! Lexicon scan throughput on generated Chinese text, beside the raw aho-corasick crate on the same
//! word list and text.
//!
//! Run: `cargo bench --bench lexicon`. The text is deterministic (a fixed-seed generator over common
//! characters, with bundled-pack terms planted about once per 2 KB).

use std::hint::black_box;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hegui::detect::Engine;
use hegui::normalize::normalize;
use hegui::scan::Scanner;

const COMMON: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞";

/// A xorshift64 generator: deterministic input without a dependency.
fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

/// Deterministic generated text of about `bytes` bytes.
fn corpus(bytes: usize, terms: &[String]) -> String {
    let chars: Vec<char> = COMMON.chars().collect();
    let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
    let mut s = String::with_capacity(bytes + 64);
    while s.len() < bytes {
        let r = next();
        match r % 700 {
            0 => s.push_str(&terms[(r / 700) as usize % terms.len()]),
            1..=24 => s.push('，'),
            25..=34 => s.push_str("。\n"),
            _ => s.push(chars[(r / 700) as usize % chars.len()]),
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let engine = Engine::builtin().expect("bundled packs");
    let terms: Vec<String> = engine.rules().iter().flat_map(|r| r.terms.iter().cloned()).collect();
    let text = corpus(4 << 20, &terms);
    let mut g = c.benchmark_group("lexicon");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(20);
    g.bench_function("hegui_normalize", |b| b.iter(|| black_box(normalize(black_box(&text))).text.len()));
    g.bench_function("hegui_detect_fused_normalization", |b| {
        b.iter(|| black_box(engine.detect(black_box(&text))).len())
    });
    g.bench_function("hegui_scan_bytes_txt", |b| {
        let scanner = Scanner::from_engine(Engine::builtin().expect("bundled packs"));
        b.iter(|| black_box(scanner.scan_bytes("bench.txt", black_box(text.as_bytes()))).findings.len())
    });
    let raw = AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostFirst).build(&terms).expect("automaton");
    g.bench_function("raw_aho_corasick_find_iter", |b| b.iter(|| black_box(raw.find_iter(black_box(&text)).count())));
    let raw_std = AhoCorasick::new(&terms).expect("automaton");
    g.bench_function("raw_aho_corasick_overlapping", |b| {
        b.iter(|| black_box(raw_std.find_overlapping_iter(black_box(&text)).count()))
    });
    g.finish();
}

/// Up to `limit` bytes of real Chinese prose from `../shared/corpus/statutes` (beside the repo), or
/// generated text with a note when that folder is missing.
fn statutes(limit: usize) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/statutes");
    let mut files = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut text = String::new();
    for f in files {
        if text.len() >= limit {
            break;
        }
        if let Ok(t) = std::fs::read_to_string(&f) {
            text.push_str(&t);
        }
    }
    if text.is_empty() {
        eprintln!("note: {} not found; using generated text for the 10k-term bench", dir.display());
        return corpus(limit, &["最佳".to_owned()]);
    }
    text
}

/// 10,000 deterministic 2–4 character terms over common characters.
fn ten_thousand_terms() -> Vec<String> {
    let chars: Vec<char> = COMMON.chars().collect();
    let mut next = xorshift(0x2545_F491_4F6C_DD1D);
    let mut seen = std::collections::HashSet::new();
    while seen.len() < 10_000 {
        let r = next();
        let len = 2 + (r % 3) as usize;
        let t: String = (0..len).map(|i| chars[((r >> (8 + 8 * i)) as usize) % chars.len()]).collect();
        seen.insert(t);
    }
    let mut v: Vec<String> = seen.into_iter().collect();
    v.sort();
    v
}

/// 10k terms over statute text (the setting of the reference numbers): hegui with full
/// normalization against the raw aho-corasick crate and raw daachorse on un-normalized text.
fn bench_10k(c: &mut Criterion) {
    let terms = ten_thousand_terms();
    let text = statutes(8 << 20);
    let pack = format!(
        "[pack]\nname = \"bench\"\n[[rules]]\nid = \"B001\"\ncategory = \"bench\"\nseverity = \"warning\"\nmessage = \"m\"\nterms = {:?}\n",
        terms
    );
    let rules = hegui::detect::pack::load_str("bench.toml", &pack).expect("bench pack");
    let engine = Engine::new(rules, &hegui::detect::Selection::default()).expect("engine");
    let mut g = c.benchmark_group("lexicon_10k_statutes");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function("hegui_detect_full_normalization", |b| {
        b.iter(|| black_box(engine.detect(black_box(&text))).len())
    });
    let raw = AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostFirst).build(&terms).expect("automaton");
    g.bench_function("raw_aho_corasick_find_iter", |b| b.iter(|| black_box(raw.find_iter(black_box(&text)).count())));
    let raw_std = AhoCorasick::new(&terms).expect("automaton");
    g.bench_function("raw_aho_corasick_overlapping", |b| {
        b.iter(|| black_box(raw_std.find_overlapping_iter(black_box(&text)).count()))
    });
    let daac = daachorse::CharwiseDoubleArrayAhoCorasick::<u32>::new(&terms).expect("daachorse");
    g.bench_function("raw_daachorse_charwise_overlapping", |b| {
        b.iter(|| black_box(daac.find_overlapping_iter(black_box(&text)).count()))
    });
    // The bundled packs (every rule kind: lexicon, token boundaries, near, regex, validators)
    // over the same statute text, beside raw aho-corasick on the bundled lexicon terms.
    let bundled = Engine::builtin().expect("bundled packs");
    let bundled_terms: Vec<String> = bundled.rules().iter().flat_map(|r| r.terms.iter().cloned()).collect();
    g.bench_function("hegui_detect_bundled_packs", |b| b.iter(|| black_box(bundled.detect(black_box(&text))).len()));
    // The bundled regex rules alone: the open patterns over the text, and the `requires`
    // literal walk opening windows for the gated ones.
    let regexes = hegui::detect::kinds::regex::finder(bundled.rules()).expect("bundled regex rules");
    g.bench_function("hegui_regex_rules_bundled", |b| {
        b.iter(|| {
            let mut hits = Vec::new();
            regexes.find(bundled.rules(), &hegui::detect::DetectInput::text(black_box(&text)), &mut hits);
            black_box(hits.len())
        })
    });
    let raw_bundled = AhoCorasick::new(&bundled_terms).expect("automaton");
    g.bench_function("raw_aho_corasick_bundled_terms_overlapping", |b| {
        b.iter(|| black_box(raw_bundled.find_overlapping_iter(black_box(&text)).count()))
    });
    g.finish();
}

criterion_group!(benches, bench, bench_10k);
criterion_main!(benches);
