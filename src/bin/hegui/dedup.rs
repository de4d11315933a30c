//! `hegui dedup`: clusters of near-duplicate articles among files or the documents of an index.

use std::io::{self, Write};

use hegui::dedup::index::Index;
use hegui::model::Lang;

use crate::args::DedupArgs;
use crate::corpus::{Progress, add_all, index_error};
use crate::{CliError, CmdResult, Outcome};

#[derive(serde::Serialize)]
struct PassageOut {
    /// Byte range in `a`'s file.
    a: std::ops::Range<usize>,
    /// Byte range in `b`'s file.
    b: std::ops::Range<usize>,
    chars: usize,
    kind: &'static str,
    similarity: f64,
}

#[derive(serde::Serialize)]
struct PairOut {
    a: String,
    b: String,
    coverage_a: f64,
    coverage_b: f64,
    similarity: f64,
    passages: Vec<PassageOut>,
}

/// `hegui dedup [PATHS…] [--corpus INDEX]`: clusters of near-duplicate documents with pairwise
/// coverage, similarity and passages (typed verbatim / near / rewritten / reordered).
pub(crate) fn run(args: DedupArgs, lang: Lang) -> CmdResult {
    if !(0.0..=1.0).contains(&args.min_coverage) {
        return Err(CliError::usage(
            lang.pick("--min-coverage 须在 0 到 1 之间", "--min-coverage must be between 0 and 1"),
        ));
    }
    let min_piece = hegui::dedup::align::MIN_PIECE as usize;
    if args.min_chars.is_some_and(|m| m < min_piece) {
        return Err(CliError::usage(format!(
            "{} {min_piece}",
            lang.pick("--min-chars 不能小于", "--min-chars must be at least")
        )));
    }
    let paths = &args.paths;
    let scanner = args.settings.reader(paths, lang)?;
    // `[dedup]` thresholds of hegui.toml, flags on top.
    let mut opts = hegui::dedup::QueryOptions::from(&scanner.config().dedup);
    if let Some(m) = args.min_chars {
        opts.min_chars = m;
    }
    opts.rewrites &= !args.no_rewrites;
    let mut index = match &args.corpus {
        Some(p) => Index::load(p).map_err(|e| index_error(&e, lang))?,
        None => Index::new(),
    };
    let mut failed = 0;
    if !paths.is_empty() {
        failed = add_all(paths, &scanner, &mut index, lang, false).2;
    }
    let names: Vec<String> = index.paths().map(str::to_owned).collect();
    let progress = Progress::new(lang.pick("已比对", "compared"), names.len(), lang, false);
    let pairs = index.pairs(&opts, args.min_coverage, &|_| progress.tick());
    let clusters = hegui::dedup::cluster::clusters(&names, &pairs);
    let pairs: Vec<PairOut> = pairs
        .into_iter()
        .map(|p| PairOut {
            passages: p
                .passages
                .iter()
                .map(|q| PassageOut {
                    a: q.draft.clone(),
                    b: q.corpus.clone(),
                    chars: q.chars,
                    kind: q.kind.as_str(),
                    similarity: q.similarity,
                })
                .collect(),
            a: p.a,
            b: p.b,
            coverage_a: p.coverage_a,
            coverage_b: p.coverage_b,
            similarity: p.similarity,
        })
        .collect();
    let mut out = io::stdout().lock();
    if args.json {
        #[derive(serde::Serialize)]
        struct Report<'a> {
            documents: usize,
            clusters: &'a [Vec<String>],
            pairs: &'a [PairOut],
        }
        serde_json::to_writer_pretty(&mut out, &Report { documents: names.len(), clusters: &clusters, pairs: &pairs })?;
        writeln!(out)?;
    } else {
        for (n, c) in clusters.iter().enumerate() {
            writeln!(
                out,
                "{} {} ({} {})",
                lang.pick("重复簇", "cluster"),
                n + 1,
                c.len(),
                lang.pick("篇", "documents")
            )?;
            for p in pairs.iter().filter(|p| c.contains(&p.a)) {
                let mut kinds: Vec<&str> = p.passages.iter().map(|q| q.kind).collect();
                kinds.sort_unstable();
                kinds.dedup();
                writeln!(
                    out,
                    "  {} ↔ {}  {} {:.0}% / {:.0}%, {} {:.0}%, {} {} ({})",
                    p.a,
                    p.b,
                    lang.pick("覆盖", "covered"),
                    p.coverage_a * 100.0,
                    p.coverage_b * 100.0,
                    lang.pick("相似度", "similarity"),
                    p.similarity * 100.0,
                    p.passages.len(),
                    lang.pick("段", "passages"),
                    kinds.join(", ")
                )?;
            }
        }
        match lang {
            Lang::Zh => writeln!(out, "{} 篇文档，{} 个重复簇，{} 对", names.len(), clusters.len(), pairs.len())?,
            Lang::En => writeln!(out, "{} documents, {} clusters, {} pairs", names.len(), clusters.len(), pairs.len())?,
        }
    }
    Ok(if failed > 0 {
        Outcome::InputErrors
    } else if clusters.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}
