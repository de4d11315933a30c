//! `hegui corpus add|remove|stats`: maintain a corpus index for duplicate checks.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use hegui::dedup::index::{AddOutcome, Index, IndexError};
use hegui::model::{Field, Lang, Problem};
use hegui::report::problem_text;
use hegui::scan::Scanner;
use hegui::scan::walk::{self, WalkOptions};
use hegui::source;

use crate::args::SettingsArgs;
use crate::{CliError, CmdResult, Outcome};

/// An index error in words of `lang`.
pub(crate) fn index_error(e: &IndexError, lang: Lang) -> CliError {
    CliError::failed(match lang {
        Lang::Zh => format!("语料库索引不可用：{e}"),
        Lang::En => format!("corpus index unusable: {e}"),
    })
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

/// Takes the index's write lock, saying so on stderr when another process holds it.
fn lock(path: &Path, lang: Lang) -> Result<hegui::dedup::index::WriteLock, CliError> {
    let waiting = || {
        eprintln!(
            "hegui: {}",
            lang.pick(
                &format!("等待另一个 hegui 进程写完索引 {} …", path.display()),
                &format!("waiting for another hegui process to finish writing {} …", path.display()),
            )
        );
    };
    Index::lock_for_update(path, &waiting).map_err(|e| index_error(&e, lang))
}

/// Opens an existing index, or a new one when the file does not exist yet.
fn open_or_new(path: &Path) -> Result<Index, IndexError> {
    if path.exists() { Index::load(path) } else { Ok(Index::new()) }
}

/// Progress on stderr for long runs: a bar when stderr is a terminal, else a line every tenth of
/// the way.
pub(crate) struct Progress {
    what: &'static str,
    total: usize,
    step: usize,
    done: std::sync::atomic::AtomicUsize,
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    /// Reports progress of `total` items when there are at least 500 (never when `quiet`).
    pub(crate) fn new(what: &'static str, total: usize, lang: Lang, quiet: bool) -> Self {
        let shown = total >= 500 && !quiet;
        let step = if shown { total.div_ceil(10) } else { usize::MAX };
        let bar = if shown { crate::progress::terminal_bar(total, what, lang) } else { None };
        Self { what, total, step, done: std::sync::atomic::AtomicUsize::new(0), bar }
    }

    /// One more item done.
    pub(crate) fn tick(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
            return;
        }
        let n = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if n.is_multiple_of(self.step) || (n == self.total && self.step != usize::MAX) {
            eprintln!("hegui: {} {n}/{}", self.what, self.total);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A file read, hashed and fingerprinted for the index; `None` when it is unchanged or binary.
fn prepare(
    input: &walk::Input,
    index: &Index,
    scanner: &Scanner,
    lang: Lang,
) -> Result<Option<hegui::dedup::NewDoc>, String> {
    use hegui::dedup::{NewDoc, Prints};
    let failed = |e: &source::SourceError| format!("{}: {}", input.display, problem_text(&Problem::from(e), lang));
    let bytes = scanner.read(input).map_err(|e| failed(&e))?;
    let hash = *blake3::hash(&bytes).as_bytes();
    if index.content_hash(&input.display) == Some(hash) {
        return Ok(None);
    }
    let doc = match scanner.extract(input, &bytes) {
        Ok(d) => d,
        Err(source::SourceError::Binary) => return Ok(None),
        Err(e) => return Err(failed(&e)),
    };
    let to_file = |r: std::ops::Range<usize>| doc.decoded.map_range(doc.extracted.map.map_range(r));
    let prints = Prints::of(&doc.extracted.text).map_src(&to_file);
    Ok(Some(NewDoc::new(input.display.clone(), title_of(&doc), hash, &prints)))
}

/// Files prepared at a time: their own allocations are freed (and reused by the next batch) once
/// their bytes are in the index's buffers.
const BATCH: usize = 4096;

/// Files under `paths` prepared in parallel, a batch at a time, and added to `index`
/// ([`Index::extend_batches`]); errors are printed and counted. The outcome of each file added,
/// the files skipped (unchanged or binary) and the failures.
pub(crate) fn add_all(
    paths: &[PathBuf],
    scanner: &Scanner,
    index: &mut Index,
    lang: Lang,
    quiet: bool,
) -> (Vec<AddOutcome>, usize, usize) {
    use rayon::prelude::*;
    let (inputs, walk_errors) = scanner.walk(paths, &WalkOptions::default());
    let mut failed = walk_errors.len();
    for e in &walk_errors {
        let why = hegui::report::StatusOut::new(&e.status, lang);
        eprintln!("hegui: {}{}: {}", lang.pick("错误：", "error: "), e.path, why.text());
    }
    let progress = Progress::new(lang.pick("已读取", "read"), inputs.len(), lang, quiet);
    let mut batches = inputs.chunks(BATCH);
    let mut skipped = 0;
    let outcomes = index.extend_batches(|index| {
        let batch = batches.next()?;
        let prepared: Vec<Result<Option<hegui::dedup::NewDoc>, String>> = batch
            .par_iter()
            .map(|input| {
                let r = prepare(input, index, scanner, lang);
                progress.tick();
                r
            })
            .collect();
        let mut docs = Vec::with_capacity(prepared.len());
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
        Some(docs)
    });
    (outcomes, skipped, failed)
}

/// `hegui corpus add INDEX PATHS…`: fingerprints new and changed files in parallel and saves the
/// index atomically.
pub(crate) fn add(index_path: &Path, paths: &[PathBuf], settings: &SettingsArgs, lang: Lang) -> CmdResult {
    let scanner = settings.reader(paths, lang)?;
    let _lock = lock(index_path, lang)?;
    let mut index = open_or_new(index_path).map_err(|e| index_error(&e, lang))?;
    let (outcomes, skipped, failed) = add_all(paths, &scanner, &mut index, lang, false);
    let count = |o: AddOutcome| outcomes.iter().filter(|&&x| x == o).count();
    let (added, replaced) = (count(AddOutcome::Added), count(AddOutcome::Replaced));
    let unchanged = skipped + count(AddOutcome::Unchanged);
    index.save(index_path).map_err(|e| index_error(&e, lang))?;
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
    Ok(if failed > 0 { Outcome::InputErrors } else { Outcome::Clean })
}

/// `corpus remove INDEX PATHS…` (paths as they were added).
pub(crate) fn remove(index_path: &Path, paths: &[PathBuf], lang: Lang) -> CmdResult {
    let _lock = if index_path.exists() { Some(lock(index_path, lang)?) } else { None };
    let mut index = Index::load(index_path).map_err(|e| index_error(&e, lang))?;
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
    index.save(index_path).map_err(|e| index_error(&e, lang))?;
    for m in &missing {
        eprintln!("hegui: {}{m}", lang.pick("索引中没有：", "not in the index: "));
    }
    writeln!(io::stdout().lock(), "{} {removed}", lang.pick("已删除", "removed"))?;
    Ok(if missing.is_empty() { Outcome::Clean } else { Outcome::InputErrors })
}

/// `corpus stats INDEX`.
pub(crate) fn stats(index_path: &Path, lang: Lang) -> CmdResult {
    let index = Index::load(index_path).map_err(|e| index_error(&e, lang))?;
    let s = index.stats();
    let size = std::fs::metadata(index_path).map(|m| m.len()).unwrap_or(0);
    let mut out = io::stdout().lock();
    writeln!(out, "{}: {}", lang.pick("文档", "documents"), s.documents)?;
    writeln!(out, "{}: {}", lang.pick("指纹", "fingerprints"), s.fingerprints)?;
    writeln!(out, "{}: {}", lang.pick("不同指纹", "distinct hashes"), s.distinct_hashes)?;
    writeln!(out, "{}: {size} B", lang.pick("文件大小", "file size"))?;
    Ok(Outcome::Clean)
}
