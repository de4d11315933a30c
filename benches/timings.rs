//! Timings that are reports, not checks (formerly `#[ignore]`d tests): start-up and per-call costs
//! of the word segmenter, and build/add/query/save/load of a 1,000-article corpus index.
//!
//! `cargo bench --bench timings`

#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::hint::black_box;
use std::ops::Range;
use std::time::Instant;

use hegui::dedup::{Index, QueryOptions};
use hegui::segment::Segmenter;

/// The token-boundary words of the bundled packs' style: what a segmenter is built with.
fn rule_words() -> Vec<String> {
    ["最", "第一", "口交", "黄片", "最好用", "全网最低价", "no.1", "top", "假一赔十"].map(String::from).to_vec()
}

fn segmenter() {
    let t = Instant::now();
    let seg = Segmenter::new(rule_words());
    println!("Segmenter::new (9 words): {:?}", t.elapsed());
    let t = Instant::now();
    let _ = seg.tokens("最漂亮");
    println!("first tokens() (index + 9 words): {:?}", t.elapsed());
    let t = Instant::now();
    let _ = seg.tokens("最漂亮");
    println!("second tokens(): {:?}", t.elapsed());
    let t = Instant::now();
    let _ = jieba_rs::Jieba::new();
    println!("full jieba-rs Jieba::new (for comparison): {:?}", t.elapsed());

    let sentence = "这款保温杯采用最先进的双层真空技术，内胆为食品级不锈钢，保温时间长达二十四小时，\
        外壳经过喷砂处理，手感细腻不易留下指纹。杯盖设计了防漏硅胶圈，倒置摇晃也不会漏水，\
        适合上班通勤、户外旅行和运动健身时使用。本品销量第一，深受广大消费者喜爱，\
        购买后七天无理由退换，全国联保一年，售后服务热线全天候为您解答各种问题。";
    let at = sentence.find("第一").unwrap();
    let hit: Range<usize> = at..at + "第一".len();
    let seg = Segmenter::new(rule_words());
    let t = Instant::now();
    seg.preload();
    println!("preload (9 words): {:?}", t.elapsed());
    let seg = Segmenter::new(rule_words());
    let t = Instant::now();
    let first = seg.is_token_aligned(sentence, hit.clone());
    println!("first is_token_aligned ({} chars): {:?} ({first})", sentence.chars().count(), t.elapsed());
    let n = 200;
    let t = Instant::now();
    for _ in 0..n {
        assert_eq!(seg.is_token_aligned(sentence, hit.clone()), first);
    }
    println!("later is_token_aligned: {:?} per call", t.elapsed() / n);
    let t = Instant::now();
    for _ in 0..n {
        black_box(seg.tokens(sentence));
    }
    println!("tokens ({} chars): {:?} per call", sentence.chars().count(), t.elapsed() / n);
}

/// Deterministic pseudo-random prose (xorshift) with a skewed word distribution.
fn prose(seed: u64, chars: usize) -> String {
    const POOL: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理";
    let pool: Vec<char> = POOL.chars().collect();
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut out = String::new();
    let mut n = 0;
    while n < chars {
        let u = (next() % 1_000_000) as f64 / 1_000_000.0;
        let word = (6000f64.powf(u) as u64).saturating_sub(1);
        let len = 1 + (word % 3) as usize;
        let mut h = word.wrapping_mul(0x2545_F491_4F6C_DD1D);
        for _ in 0..len {
            out.push(pool[(h % pool.len() as u64) as usize]);
            h /= pool.len() as u64;
        }
        n += len;
        if next() % 12 == 0 {
            out.push('，');
        }
    }
    out
}

fn index() {
    let identity = |r: Range<usize>| r;
    let mut idx = Index::new();
    let t = Instant::now();
    for d in 0..1000u64 {
        idx.add(&format!("{d}.md"), None, [0; 32], &prose(d + 100, 3000), &identity);
    }
    let build = t.elapsed();
    let copied: String = prose(600, 3000).chars().skip(800).take(600).collect();
    let draft = format!("{}\n{copied}\n{}", prose(5000, 1900), prose(5001, 500));
    let t = Instant::now();
    idx.add("new.md", None, [1; 32], &prose(4000, 3000), &identity);
    let add = t.elapsed();
    let t = Instant::now();
    let m = idx.query(&draft, &QueryOptions::default());
    let query = t.elapsed();
    assert_eq!(m[0].path, "500.md", "prose(600) is 500.md");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.hgidx");
    let t = Instant::now();
    idx.save(&path).unwrap();
    let save = t.elapsed();
    let t = Instant::now();
    let back = Index::load(&path).unwrap();
    let load = t.elapsed();
    assert_eq!(back.stats(), idx.stats());
    println!(
        "index, 1000 × 3000 chars: build {build:?}; add {add:?}; query {query:?} ({} matches, best {} coverage {:.2}); \
         save {save:?}, load {load:?}, {} bytes",
        m.len(),
        m[0].path,
        m[0].coverage,
        std::fs::metadata(&path).unwrap().len(),
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this too, which is fine (quick).
    segmenter();
    index();
}
