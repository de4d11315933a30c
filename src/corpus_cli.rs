//! `hegui corpus add|remove|stats`: maintain a corpus index for duplicate checks.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hegui::config::FilesMatcher;
use hegui::detect::dedup::index::{AddOutcome, Index, IndexError};
use hegui::lang::Lang;
use hegui::source::{self, SourceOptions};
use hegui::span::Field;
use hegui::walk::{self, WalkOptions};

/// The user-facing text of an index error.
fn index_error(e: &IndexError, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("语料库索引不可用：{e}"),
        Lang::En => format!("corpus index unusable: {e}"),
    }
}

/// The document's title field (front matter `title:`, HTML `<title>`), if any.
fn title_of(doc: &source::SourceDoc) -> Option<String> {
    doc.extracted
        .fields
        .iter()
        .find(|(_, f)| *f == Field::Title)
        .and_then(|(r, _)| doc.extracted.text.get(r.clone()))
        .map(str::to_owned)
}

/// Opens an existing index, or a new one when the file does not exist yet.
fn open_or_new(path: &Path) -> Result<Index, IndexError> {
    if path.exists() { Index::load(path) } else { Ok(Index::new()) }
}

/// Progress on stderr for long runs: a line every tenth of the way.
pub(crate) struct Progress {
    what: &'static str,
    total: usize,
    step: usize,
    done: std::sync::atomic::AtomicUsize,
}

impl Progress {
    /// Reports progress of `total` items when there are at least 500.
    pub(crate) fn new(what: &'static str, total: usize) -> Self {
        let step = if total >= 500 { total.div_ceil(10) } else { usize::MAX };
        Self { what, total, step, done: std::sync::atomic::AtomicUsize::new(0) }
    }

    /// One more item done.
    pub(crate) fn tick(&self) {
        let n = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if n.is_multiple_of(self.step) || (n == self.total && self.step != usize::MAX) {
            eprintln!("hegui: {} {n}/{}", self.what, self.total);
        }
    }
}

/// A file read, hashed and fingerprinted for the index; `None` when it is unchanged or binary.
fn prepare(
    input: &walk::Input,
    index: &Index,
    opts: &SourceOptions,
) -> Result<Option<hegui::detect::dedup::NewDoc>, String> {
    use hegui::detect::dedup::{NewDoc, Prints};
    let bytes = std::fs::read(&input.path).map_err(|e| format!("{}: {e}", input.display))?;
    let hash = *blake3::hash(&bytes).as_bytes();
    if index.content_hash(&input.display) == Some(hash) {
        return Ok(None);
    }
    let doc = match source::load(&bytes, input.format, opts) {
        Ok(d) => d,
        Err(source::SourceError::Binary) => return Ok(None),
        Err(e) => return Err(format!("{}: {e}", input.display)),
    };
    let to_file = |r: std::ops::Range<usize>| doc.decoded.map.map_range(doc.extracted.map.map_range(r));
    let prints = Prints::of(&doc.extracted.text).map_src(&to_file);
    Ok(Some(NewDoc::new(input.display.clone(), title_of(&doc), hash, &prints)))
}

/// Files under `paths` prepared in parallel; errors are printed and counted.
fn prepare_all(
    paths: &[PathBuf],
    files: &FilesMatcher,
    index: &Index,
    lang: Lang,
) -> (Vec<hegui::detect::dedup::NewDoc>, usize, usize) {
    use rayon::prelude::*;
    let (inputs, walk_errors) = walk::collect(paths, files, &WalkOptions::default());
    let mut failed = walk_errors.len();
    for e in &walk_errors {
        eprintln!("hegui: {}{}: {}", lang.pick("错误：", "error: "), e.path, e.message);
    }
    let progress = Progress::new(lang.pick("已读取", "read"), inputs.len());
    let prepared: Vec<Result<Option<hegui::detect::dedup::NewDoc>, String>> = inputs
        .par_iter()
        .map(|input| {
            let r = prepare(input, index, &SourceOptions::default());
            progress.tick();
            r
        })
        .collect();
    let mut docs = Vec::new();
    let mut skipped = 0;
    for p in prepared {
        match p {
            Ok(Some(d)) => docs.push(d),
            Ok(None) => skipped += 1,
            Err(e) => {
                eprintln!("hegui: {}{e}", lang.pick("错误：", "error: "));
                failed += 1;
            }
        }
    }
    (docs, skipped, failed)
}

/// `hegui corpus add INDEX PATHS…`: fingerprints new and changed files in parallel and saves the
/// index atomically.
pub fn add(index_path: &Path, paths: &[PathBuf], files: &FilesMatcher, lang: Lang) -> anyhow::Result<ExitCode> {
    let mut index = match open_or_new(index_path) {
        Ok(i) => i,
        Err(e) => return Ok(crate::cli::fail(lang, index_error(&e, lang))),
    };
    let (docs, skipped, failed) = prepare_all(paths, files, &index, lang);
    let outcomes = index.extend(docs);
    let count = |o: AddOutcome| outcomes.iter().filter(|&&x| x == o).count();
    let (added, replaced) = (count(AddOutcome::Added), count(AddOutcome::Replaced));
    let unchanged = skipped + count(AddOutcome::Unchanged);
    if let Err(e) = index.save(index_path) {
        return Ok(crate::cli::fail(lang, index_error(&e, lang)));
    }
    let mut out = io::stdout().lock();
    match lang {
        Lang::Zh => {
            writeln!(out, "新增 {added}，未变 {unchanged}，更新 {replaced}，失败 {failed}（{}）", index_path.display())?
        }
        Lang::En => writeln!(
            out,
            "added {added}, unchanged {unchanged}, replaced {replaced}, failed {failed} ({})",
            index_path.display()
        )?,
    }
    Ok(if failed > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// `corpus remove INDEX PATHS…` (paths as they were added).
pub fn remove(index_path: &Path, paths: &[PathBuf], lang: Lang) -> anyhow::Result<ExitCode> {
    let mut index = match Index::load(index_path) {
        Ok(i) => i,
        Err(e) => return Ok(crate::cli::fail(lang, index_error(&e, lang))),
    };
    let mut removed = 0;
    let mut missing = Vec::new();
    for p in paths {
        let shown = walk::display_path(p);
        if index.remove(&shown) {
            removed += 1;
        } else {
            missing.push(shown);
        }
    }
    if let Err(e) = index.save(index_path) {
        return Ok(crate::cli::fail(lang, index_error(&e, lang)));
    }
    for m in &missing {
        eprintln!("hegui: {}{m}", lang.pick("索引中没有：", "not in the index: "));
    }
    writeln!(io::stdout().lock(), "{} {removed}", lang.pick("已删除", "removed"))?;
    Ok(if missing.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

/// `corpus stats INDEX`.
pub fn stats(index_path: &Path, lang: Lang) -> anyhow::Result<ExitCode> {
    let index = match Index::load(index_path) {
        Ok(i) => i,
        Err(e) => return Ok(crate::cli::fail(lang, index_error(&e, lang))),
    };
    let s = index.stats();
    let size = std::fs::metadata(index_path).map(|m| m.len()).unwrap_or(0);
    let mut out = io::stdout().lock();
    writeln!(out, "{}: {}", lang.pick("文档", "documents"), s.documents)?;
    writeln!(out, "{}: {}", lang.pick("指纹", "fingerprints"), s.fingerprints)?;
    writeln!(out, "{}: {}", lang.pick("不同指纹", "distinct hashes"), s.distinct_hashes)?;
    writeln!(out, "{}: {size} B", lang.pick("文件大小", "file size"))?;
    Ok(ExitCode::SUCCESS)
}

/// What `hegui dedup` audits and how.
pub struct Audit<'a> {
    /// A corpus index whose documents are audited (with any PATHS added in memory).
    pub corpus: Option<&'a Path>,
    /// Pairs covering less than this share of both documents are not reported.
    pub min_coverage: f64,
    /// Passage thresholds.
    pub opts: hegui::detect::dedup::QueryOptions,
    /// JSON output.
    pub json: bool,
}

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

/// Union-find root.
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// `hegui dedup [PATHS…] [--corpus INDEX]`: clusters of near-duplicate documents with pairwise
/// coverage, similarity and passages (typed verbatim / near / rewritten / reordered).
pub fn dedup(paths: &[PathBuf], files: &FilesMatcher, audit: &Audit<'_>, lang: Lang) -> anyhow::Result<ExitCode> {
    let mut index = match audit.corpus {
        Some(p) => match Index::load(p) {
            Ok(i) => i,
            Err(e) => return Ok(crate::cli::fail(lang, index_error(&e, lang))),
        },
        None => Index::new(),
    };
    let mut failed = 0;
    if !paths.is_empty() {
        let (docs, _, f) = prepare_all(paths, files, &index, lang);
        failed = f;
        index.extend(docs);
    }
    let names: Vec<String> = index.paths().map(str::to_owned).collect();
    let progress = Progress::new(lang.pick("已比对", "compared"), names.len());
    let pairs = index.pairs(&audit.opts, audit.min_coverage, &|_| progress.tick());
    let at: std::collections::HashMap<&str, usize> = names.iter().enumerate().map(|(i, p)| (p.as_str(), i)).collect();
    let mut parent: Vec<usize> = (0..names.len()).collect();
    for p in &pairs {
        if let (Some(&a), Some(&b)) = (at.get(p.a.as_str()), at.get(p.b.as_str())) {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            parent[ra] = rb;
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = std::collections::BTreeMap::new();
    for i in 0..names.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let clusters: Vec<Vec<String>> = groups
        .into_values()
        .filter(|c| c.len() > 1)
        .map(|c| c.into_iter().map(|i| names[i].clone()).collect())
        .collect();
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
    if audit.json {
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
        ExitCode::from(2)
    } else if clusters.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
