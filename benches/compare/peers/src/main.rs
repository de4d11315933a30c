//! One peer of the hegui comparison: reads a term list (one per line) and a text file, builds
//! the matcher, scans the whole text and prints the number of matches. Whole process, one
//! thread, as `hegui check` is measured.
//!
//! usage: hegui-compare-peers MODE TERMS TEXT
//!   ac-nfa, ac-dfa   aho-corasick, leftmost-longest, non-overlapping matches, positions
//!   daachorse        daachorse char-wise double array, leftmost-longest, positions
//!   matcher-plain    matcher_rs, no processing: distinct terms per line
//!   matcher-norm     matcher_rs, variants (繁→简) + delete symbols + width/case: distinct
//!                    terms per line

use std::collections::HashMap;
use std::process::ExitCode;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use daachorse::{CharwiseDoubleArrayAhoCorasickBuilder, MatchKind as DaaKind};
use matcher_rs::{ProcessType, SimpleMatcher};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: hegui-compare-peers MODE TERMS TEXT");
        return ExitCode::from(2);
    }
    let terms_text = std::fs::read_to_string(&args[2]).expect("read terms");
    let terms: Vec<&str> = terms_text.lines().map(str::trim).filter(|t| !t.is_empty()).collect();
    let text = std::fs::read_to_string(&args[3]).expect("read text (UTF-8)");
    let count = match args[1].as_str() {
        "ac-nfa" | "ac-dfa" => {
            let kind = if args[1] == "ac-dfa" { AhoCorasickKind::DFA } else { AhoCorasickKind::ContiguousNFA };
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(kind))
                .build(&terms)
                .expect("build aho-corasick");
            ac.find_iter(&text).count()
        }
        "daachorse" => {
            let pma = CharwiseDoubleArrayAhoCorasickBuilder::new()
                .match_kind(DaaKind::LeftmostLongest)
                .build::<_, _, u32>(&terms)
                .expect("build daachorse");
            pma.leftmost_find_iter(&text).count()
        }
        "matcher-plain" | "matcher-norm" => {
            let process = if args[1] == "matcher-norm" {
                ProcessType::VariantNormDeleteNormalize
            } else {
                ProcessType::None
            };
            let words: HashMap<u32, &str> = terms.iter().enumerate().map(|(i, t)| (i as u32, *t)).collect();
            let matcher = SimpleMatcher::new(&HashMap::from([(process, words)])).expect("build matcher_rs");
            text.lines().map(|line| matcher.process(line).len()).sum()
        }
        other => {
            eprintln!("unknown mode {other}");
            return ExitCode::from(2);
        }
    };
    println!("{count}");
    ExitCode::SUCCESS
}
