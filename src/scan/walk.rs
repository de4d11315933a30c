//! Finding the files to scan: explicit files as given, folders walked in parallel with the `ignore`
//! crate (respecting `.gitignore`, `.ignore` and `.heguiignore`, skipping hidden files).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::{WalkBuilder, WalkState};

use super::FilesMatcher;
use crate::model::{Problem, SpecialFile};
use crate::source::Format;

/// The name of hegui's own ignore file.
pub const IGNORE_FILE: &str = ".heguiignore";

/// One file to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Path to open.
    pub path: PathBuf,
    /// Path as shown in reports (no leading `./`, forward slashes).
    pub display: String,
    /// Format to extract it with.
    pub format: Format,
}

/// A path that could not be walked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkError {
    /// The path (as shown).
    pub path: String,
    /// What went wrong.
    pub problem: Problem,
}

/// Walk options.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Do not respect ignore files.
    pub no_ignore: bool,
    /// Walker threads (0: automatic).
    pub threads: usize,
}

/// Formats a path for reports: no leading `./`; forward slashes on Windows (elsewhere a `\\` is
/// part of a file name and stays).
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    let s = if cfg!(windows) { s.replace('\\', "/") } else { s.into_owned() };
    let mut t = s.as_str();
    while let Some(rest) = t.strip_prefix("./") {
        t = rest;
    }
    if t.is_empty() { ".".into() } else { t.to_owned() }
}

/// A walker over `root` that skips what `collect` skips (ignore files, hidden files), unless
/// `opts.no_ignore`.
pub fn builder(root: &Path, opts: &WalkOptions) -> WalkBuilder {
    let mut b = WalkBuilder::new(root);
    b.threads(opts.threads).require_git(false);
    if !opts.no_ignore {
        b.add_custom_ignore_filename(IGNORE_FILE);
    }
    b.git_ignore(!opts.no_ignore)
        .git_exclude(!opts.no_ignore)
        .git_global(!opts.no_ignore)
        .ignore(!opts.no_ignore)
        .parents(!opts.no_ignore);
    if opts.no_ignore {
        b.hidden(false);
    }
    b
}

/// The path an error of the walker is about, through its wrappers.
fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        ignore::Error::Partial(errs) => errs.iter().find_map(error_path),
        _ => None,
    }
}

/// Collects the files under `paths`, sorted by displayed path, and the paths that failed.
pub fn collect(paths: &[PathBuf], files: &FilesMatcher, opts: &WalkOptions) -> (Vec<Input>, Vec<WalkError>) {
    let found = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    let push_problem = |path: &Path, problem: Problem| {
        if let Ok(mut v) = errors.lock() {
            v.push(WalkError { path: display_path(path), problem });
        }
    };
    let push_err = |path: &Path, e: &std::io::Error| push_problem(path, Problem::from(e));
    let mut dirs = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Err(e) => push_err(p, &e),
            Ok(m) if m.is_dir() => dirs.push(p.clone()),
            Ok(_) => {
                if !files.is_excluded(p)
                    && let Ok(mut v) = found.lock()
                {
                    // An explicit file is scanned whatever its extension (as plain text if unknown).
                    let format = files.format_of(p).unwrap_or(Format::TXT);
                    v.push(Input { path: p.clone(), display: display_path(p), format });
                }
            }
        }
    }
    if let Some((first, rest)) = dirs.split_first() {
        let mut b = builder(first, opts);
        for d in rest {
            b.add(d);
        }
        let visit = |entry: Result<ignore::DirEntry, ignore::Error>| {
            match entry {
                Err(err) => {
                    let path = error_path(&err).unwrap_or_default();
                    let io = err.io_error().map(|e| std::io::Error::new(e.kind(), e.to_string()));
                    push_err(&path, &io.unwrap_or_else(|| std::io::Error::other(err.to_string())));
                }
                Ok(e) => {
                    let Some(t) = e.file_type() else { return WalkState::Continue };
                    if t.is_dir() {
                        return WalkState::Continue;
                    }
                    let Some(format) = files.format_of(e.path()) else { return WalkState::Continue };
                    if files.is_excluded(e.path()) || files.is_own_file(e.path()) {
                        return WalkState::Continue;
                    }
                    // A regular file is taken as listed, without a stat. Anything else is looked
                    // at through links: a link to a file is scanned (its target's text), one to a
                    // folder is not followed, FIFOs, sockets and devices are reported, never opened.
                    if !t.is_file() {
                        match std::fs::metadata(e.path()) {
                            Err(err) => {
                                push_err(e.path(), &err);
                                return WalkState::Continue;
                            }
                            Ok(m) if m.is_dir() => return WalkState::Continue,
                            Ok(m) => {
                                if let Some(kind) = SpecialFile::of(&m) {
                                    push_problem(e.path(), Problem::NotRegular { kind });
                                    return WalkState::Continue;
                                }
                            }
                        }
                    }
                    if let Ok(mut v) = found.lock() {
                        v.push(Input { path: e.path().to_path_buf(), display: display_path(e.path()), format });
                    }
                }
            }
            WalkState::Continue
        };
        if opts.threads == 1 {
            // On this thread: no walker threads to start (they may be what is short).
            for entry in b.build() {
                visit(entry);
            }
        } else {
            b.build_parallel().run(|| Box::new(visit));
        }
    }
    let mut found = found.into_inner().unwrap_or_default();
    found.sort_by(|a, b| a.display.cmp(&b.display));
    found.dedup_by(|a, b| a.display == b.display);
    let mut errors = errors.into_inner().unwrap_or_default();
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    (found, errors)
}
