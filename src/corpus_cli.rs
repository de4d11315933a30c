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
        let title = doc
            .extracted
            .fields
            .iter()
            .find(|(_, f)| *f == Field::Title)
            .and_then(|(r, _)| doc.extracted.text.get(r.clone()))
            .map(str::to_owned);
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
