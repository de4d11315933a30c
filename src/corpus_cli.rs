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

/// `corpus add INDEX PATHS…`.
pub fn add(index_path: &Path, paths: &[PathBuf], files: &FilesMatcher, lang: Lang) -> anyhow::Result<ExitCode> {
    let mut index = match open_or_new(index_path) {
        Ok(i) => i,
        Err(e) => return Ok(crate::cli::fail(lang, index_error(&e, lang))),
    };
    let (inputs, walk_errors) = walk::collect(paths, files, &WalkOptions::default());
    let mut failed = walk_errors.len();
    for e in &walk_errors {
        eprintln!("hegui: {}{}: {}", lang.pick("错误：", "error: "), e.path, e.message);
    }
    let (mut added, mut unchanged, mut replaced) = (0usize, 0usize, 0usize);
    let opts = SourceOptions::default();
    let total = inputs.len();
    for (n, input) in inputs.iter().enumerate() {
        let bytes = match std::fs::read(&input.path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("hegui: {}{}: {e}", lang.pick("错误：", "error: "), input.display);
                failed += 1;
                continue;
            }
        };
        let hash = *blake3::hash(&bytes).as_bytes();
        if index.content_hash(&input.display) == Some(hash) {
            unchanged += 1;
            continue;
        }
        let doc = match source::load(&bytes, input.format, &opts) {
            Ok(d) => d,
            Err(source::SourceError::Binary) => continue,
            Err(e) => {
                eprintln!("hegui: {}{}: {e}", lang.pick("错误：", "error: "), input.display);
                failed += 1;
                continue;
            }
        };
        let title = title_of(&doc);
        let to_file = |r: std::ops::Range<usize>| doc.decoded.map.map_range(doc.extracted.map.map_range(r));
        match index.add(&input.display, title.as_deref(), hash, &doc.extracted.text, &to_file) {
            AddOutcome::Added => added += 1,
            AddOutcome::Unchanged => unchanged += 1,
            AddOutcome::Replaced => replaced += 1,
        }
        if total >= 200 && (n + 1) % 200 == 0 {
            eprintln!("hegui: {} {}/{}", lang.pick("索引中", "indexing"), n + 1, total);
        }
    }
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

/// One document loaded for `dedup`.
struct Loaded {
    path: String,
    title: Option<String>,
    hash: [u8; 32],
    doc: source::SourceDoc,
}

impl Loaded {
    /// Byte range in the original file of a range of the extracted text.
    fn to_file(&self, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.doc.decoded.map.map_range(self.doc.extracted.map.map_range(r))
    }
}

/// A pair of near-duplicate documents.
#[derive(serde::Serialize)]
struct Pair {
    a: String,
    b: String,
    /// Share of `a` covered by passages shared with `b`.
    coverage_a: f64,
    /// Share of `b` covered by passages shared with `a`.
    coverage_b: f64,
    /// Shared passages: byte ranges in `a`'s and in `b`'s file, and normalized characters.
    passages: Vec<(std::ops::Range<usize>, std::ops::Range<usize>, usize)>,
}

fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// `dedup PATHS…`: clusters of near-duplicate documents (shared passages covering at least
/// `min_coverage` of one of the two). Exit 1 when there is a cluster, 0 when none, 2 on errors.
pub fn dedup(
    paths: &[PathBuf],
    files: &FilesMatcher,
    min_coverage: f64,
    json: bool,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    use hegui::detect::dedup::index::QueryOptions;
    use rayon::prelude::*;
    let (inputs, walk_errors) = walk::collect(paths, files, &WalkOptions::default());
    let mut failed = walk_errors.len();
    for e in &walk_errors {
        eprintln!("hegui: {}{}: {}", lang.pick("错误：", "error: "), e.path, e.message);
    }
    let opts = SourceOptions::default();
    let loaded: Vec<Result<Option<Loaded>, String>> = inputs
        .par_iter()
        .map(|input| {
            let bytes = std::fs::read(&input.path).map_err(|e| format!("{}: {e}", input.display))?;
            let doc = match source::load(&bytes, input.format, &opts) {
                Ok(d) => d,
                Err(source::SourceError::Binary) => return Ok(None),
                Err(e) => return Err(format!("{}: {e}", input.display)),
            };
            let title = title_of(&doc);
            Ok(Some(Loaded { path: input.display.clone(), title, hash: *blake3::hash(&bytes).as_bytes(), doc }))
        })
        .collect();
    let mut docs = Vec::new();
    for l in loaded {
        match l {
            Ok(Some(d)) => docs.push(d),
            Ok(None) => {}
            Err(e) => {
                eprintln!("hegui: {}{e}", lang.pick("错误：", "error: "));
                failed += 1;
            }
        }
    }
    let mut index = Index::new();
    for d in &docs {
        index.add(&d.path, d.title.as_deref(), d.hash, &d.doc.extracted.text, &|r| d.to_file(r));
    }
    let by_path: std::collections::HashMap<&str, usize> =
        docs.iter().enumerate().map(|(i, d)| (d.path.as_str(), i)).collect();
    let qopts = QueryOptions::default();
    // (i, j) -> share of i covered by j, and the passages (ranges in i's extracted text, in j's file).
    let found: Vec<Vec<(usize, f64, Vec<hegui::detect::dedup::index::Passage>)>> = docs
        .par_iter()
        .map(|d| {
            index
                .query(&d.doc.extracted.text, &qopts)
                .into_iter()
                .filter_map(|m| by_path.get(m.path.as_str()).map(|&j| (j, m.coverage, m.passages)))
                .filter(|(j, _, _)| docs[*j].path != d.path)
                .collect()
        })
        .collect();
    let mut cov = std::collections::HashMap::new();
    for (i, row) in found.iter().enumerate() {
        for (j, c, passages) in row {
            cov.insert((i, *j), (*c, passages));
        }
    }
    let mut parent: Vec<usize> = (0..docs.len()).collect();
    let mut keys: Vec<(usize, usize)> = cov.keys().map(|&(i, j)| (i.min(j), i.max(j))).collect();
    keys.sort_unstable();
    keys.dedup();
    let mut pairs = Vec::new();
    for (a, b) in keys {
        let (ca, cb) = (cov.get(&(a, b)).map_or(0.0, |x| x.0), cov.get(&(b, a)).map_or(0.0, |x| x.0));
        if ca.max(cb) < min_coverage {
            continue;
        }
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        parent[ra] = rb;
        let passages = match (cov.get(&(a, b)), cov.get(&(b, a))) {
            (Some((_, ps)), _) => {
                ps.iter().map(|p| (docs[a].to_file(p.draft.clone()), p.corpus.clone(), p.chars)).collect()
            }
            (None, Some((_, ps))) => {
                ps.iter().map(|p| (p.corpus.clone(), docs[b].to_file(p.draft.clone()), p.chars)).collect()
            }
            (None, None) => Vec::new(),
        };
        pairs.push(Pair { a: docs[a].path.clone(), b: docs[b].path.clone(), coverage_a: ca, coverage_b: cb, passages });
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = std::collections::BTreeMap::new();
    for i in 0..docs.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let clusters: Vec<Vec<String>> = groups
        .into_values()
        .filter(|c| c.len() > 1)
        .map(|c| c.into_iter().map(|i| docs[i].path.clone()).collect())
        .collect();
    let mut out = io::stdout().lock();
    if json {
        #[derive(serde::Serialize)]
        struct Report<'a> {
            documents: usize,
            clusters: &'a [Vec<String>],
            pairs: &'a [Pair],
        }
        serde_json::to_writer_pretty(&mut out, &Report { documents: docs.len(), clusters: &clusters, pairs: &pairs })?;
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
                writeln!(
                    out,
                    "  {} ↔ {}  {} {:.0}% / {:.0}%, {} {}",
                    p.a,
                    p.b,
                    lang.pick("覆盖", "covered"),
                    p.coverage_a * 100.0,
                    p.coverage_b * 100.0,
                    p.passages.len(),
                    lang.pick("段", "passages")
                )?;
            }
        }
        match lang {
            Lang::Zh => writeln!(out, "{} 篇文档，{} 个重复簇，{} 对", docs.len(), clusters.len(), pairs.len())?,
            Lang::En => writeln!(out, "{} documents, {} clusters, {} pairs", docs.len(), clusters.len(), pairs.len())?,
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
