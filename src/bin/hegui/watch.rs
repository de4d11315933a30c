//! `hegui watch`: an initial scan, then a re-scan of each file that changes.
//!
//! File events come from `notify` through `notify-debouncer-full`. Each batch of debounced events
//! is reduced to a set of paths, and each path is reconciled with the file system: a file that
//! exists is scanned if its content (blake3 hash) changed, a folder is walked (files created in a
//! new folder before its watch was registered are found this way), a path that is gone is
//! reported deleted. Atomic saves (temp file + rename), renames, deletes, new folders and bursts of
//! saves therefore all end with each file's final content reported. Temp and swap files (`*.swp`,
//! `*~`, `*.tmp`, `.#*`, vim's `4913`) are ignored, and so is whatever `check` would skip.
//!
//! A change to hegui.toml, a rule pack, a word list or the corpus index reloads the rules and
//! re-scans every watched file; if the new rules do not load, the error is reported and the
//! previous rules stay in force.
//!
//! With `--format jsonl` the output is the JSON Lines event stream of [`hegui::report::jsonl`]
//! (schema version 1, shared with `check --format jsonl`), flushed after each event: `start`, a
//! `scan` per file (with `hash` and `duration_ms`; unreadable files have status `error`),
//! `deleted`, `error` (scopes `folder`, `rules`, `watcher`, `report-dir`), `reload`, `ready`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ffi::OsStr;
use std::io::{self, IsTerminal, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use clap::Args;
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use rayon::prelude::*;

use hegui::config;
use hegui::model::{FileReport, FileStatus, Lang, Problem, Summary};
use hegui::report::human::HumanPrinter;
use hegui::report::jsonl::{Event, ScanEvent, VERSION, write_event};
use hegui::report::{Format, Printer, StatusOut, problem_text};
use hegui::scan::walk::{self, WalkOptions};
use hegui::scan::{CorpusChoice, FilesMatcher, Input, Scanner, ScannerOptions};
use hegui::source::{self, SourceError};

use crate::args::ConfigArgs;
use crate::{CliError, CmdResult};

/// Arguments of `hegui watch`.
#[derive(Debug, Args)]
pub(crate) struct WatchArgs {
    /// Files or folders to watch.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output: `human`, or `jsonl` for an event stream (one JSON object per line).
    #[arg(long, short = 'f', default_value = "human", value_parser = crate::args::watch_format_parser())]
    format: Format,
    /// Clear the terminal and redraw every file's current findings after each change (human format).
    #[arg(long)]
    clear: bool,
    /// Also write each file's latest report as JSON into this folder.
    #[arg(long, value_name = "DIR")]
    report_dir: Option<PathBuf>,
    /// Also report passages copied (DUP001) or rewritten (DUP002) from documents of this corpus
    /// index [default: `[dedup] corpus` in hegui.toml].
    #[arg(long, value_name = "INDEX")]
    corpus: Option<PathBuf>,
    /// Milliseconds a file must be quiet before it is re-scanned (bursts of saves are coalesced).
    #[arg(long, value_name = "MS", default_value_t = 50)]
    debounce: u64,
    #[command(flatten)]
    config: ConfigArgs,
    /// Only these rules (ids, id prefixes, categories, packs; comma-separated). Replaces the config's.
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Also ignore these rules (comma-separated).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Do not respect .gitignore, .ignore or .heguiignore files; include hidden files.
    #[arg(long)]
    no_ignore: bool,
}

/// Runs `hegui watch` until Ctrl-C or SIGTERM.
pub(crate) fn run(args: WatchArgs, lang: Lang) -> CmdResult {
    if ![Format::HUMAN, Format::JSONL].contains(&args.format) {
        return Err(CliError::usage(
            lang.pick("watch 只支持 --format human 或 jsonl", "watch supports --format human or jsonl only"),
        ));
    }
    if args.clear && args.format != Format::HUMAN {
        return Err(CliError::usage(lang.pick("--clear 只用于 --format human", "--clear is for --format human only")));
    }
    if !(1..=60_000).contains(&args.debounce) {
        return Err(CliError::usage(
            lang.pick("--debounce 须在 1 到 60000 毫秒之间", "--debounce must be 1 to 60000 ms"),
        ));
    }
    let mut roots = Vec::new();
    for p in &args.paths {
        match std::fs::metadata(p) {
            Ok(m) => roots.push(Root { given: p.clone(), abs: normalize(p), dir: m.is_dir(), present: true }),
            Err(e) => {
                return Err(CliError::path(p.display(), problem_text(&Problem::from(&e), lang)));
            }
        }
    }
    let start = args.paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let rules = match load_rules(&args, &start, lang) {
        Ok(r) => r,
        Err((e, _)) => return Err(CliError::failed(e)),
    };
    let report_dir = match &args.report_dir {
        None => None,
        Some(d) => match std::fs::create_dir_all(d) {
            Ok(()) => Some(normalize(d)),
            Err(e) => return Err(CliError::path(d.display(), e.to_string())),
        },
    };

    let (tx, rx) = mpsc::channel::<Msg>();
    let stop = tx.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop.send(Msg::Stop);
    }) {
        return Err(CliError::failed(format!("Ctrl-C: {e}")));
    }
    let debouncer = match new_debouncer(Duration::from_millis(args.debounce), None, move |r: DebounceEventResult| {
        let _ = tx.send(Msg::Fs(r));
    }) {
        Ok(d) => d,
        Err(e) => return Err(CliError::failed(e.to_string())),
    };
    let color = args.format == Format::HUMAN && io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let out =
        Output { format: args.format, lang, clear: args.clear, human: HumanPrinter::new(lang, color), report_dir };
    let walk = WalkOptions { no_ignore: args.no_ignore, threads: 0 };
    let mut w = Watcher {
        args: &args,
        start,
        lang,
        roots,
        rules,
        walk,
        tracked: BTreeMap::new(),
        out,
        debouncer,
        watched: BTreeSet::new(),
        ready: false,
    };
    for i in 0..w.roots.len() {
        let (abs, dir) = (w.roots[i].abs.clone(), w.roots[i].dir);
        let res = if dir {
            w.debouncer.watch(&abs, RecursiveMode::Recursive)
        } else {
            w.watch_dir(abs.parent().unwrap_or(Path::new("/")))
        };
        if let Err(e) = res {
            return Err(CliError::path(w.roots[i].given.display(), e.to_string()));
        }
    }
    w.out.start()?;
    w.watch_inputs();
    w.resync(true)?;
    let files = w.tracked.len();
    let findings = w.tracked.values().map(|t| t.report.findings.len()).sum();
    let rules = w.rules.scanner.engine().rules().len();
    w.out.ready(files, findings, rules, &w.tracked)?;
    w.ready = true;

    loop {
        match rx.recv_timeout(Duration::from_millis(500)) {
            Ok(Msg::Stop) | Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Ok(Msg::Fs(first)) => {
                // Coalesce everything already queued into one batch.
                let mut batch = vec![first];
                let mut stop = false;
                while let Ok(m) = rx.try_recv() {
                    match m {
                        Msg::Fs(r) => batch.push(r),
                        Msg::Stop => stop = true,
                    }
                }
                if stop {
                    break;
                }
                w.handle(batch)?;
                w.check_roots()?;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => w.check_roots()?,
        }
    }
    let Watcher { debouncer, .. } = w;
    debouncer.stop_nonblocking();
    io::stdout().flush()?;
    Ok(crate::Outcome::Clean)
}

/// What the main loop waits for.
enum Msg {
    /// A batch of debounced file events (or watcher errors).
    Fs(DebounceEventResult),
    /// Ctrl-C or SIGTERM.
    Stop,
}

/// A path given on the command line.
struct Root {
    /// As given (for display).
    given: PathBuf,
    /// Absolute and normalized.
    abs: PathBuf,
    /// A folder (watched recursively) or a single file.
    dir: bool,
    /// False once a watched folder has vanished (until it reappears).
    present: bool,
}

/// The rules in force and everything loaded with them.
struct Rules {
    /// The scan pipeline: rules, file filters, source options, corpus index.
    scanner: Scanner,
    /// Files whose change reloads the rules: config, packs, word lists, corpus index (normalized).
    inputs: BTreeSet<PathBuf>,
}

/// The files the rules of `cfg` were built from.
fn inputs_of(cfg: &config::Config, args: &WatchArgs) -> BTreeSet<PathBuf> {
    let mut v = BTreeSet::new();
    v.extend(cfg.path.as_deref().map(normalize));
    v.extend(cfg.rules.packs.iter().map(|p| normalize(&cfg.dir.join(p))));
    v.extend(cfg.wordlists.iter().map(|w| normalize(&cfg.dir.join(&w.path))));
    v.extend(args.config.packs.iter().map(|p| normalize(p)));
    v.extend(corpus_path(cfg, args).as_deref().map(normalize));
    v
}

/// The corpus index to check against: `--corpus`, else `[dedup] corpus` in hegui.toml.
fn corpus_path(cfg: &config::Config, args: &WatchArgs) -> Option<PathBuf> {
    args.corpus.clone().or_else(|| cfg.dedup.corpus_path(&cfg.dir))
}

/// Loads config, rules and corpus index. On error, returns the message and whatever input files
/// are known (so that fixing them triggers another reload).
fn load_rules(args: &WatchArgs, start: &Path, lang: Lang) -> Result<Rules, (String, BTreeSet<PathBuf>)> {
    let cfg = args.config.load(start).map_err(|e| (e.to_string(), BTreeSet::new()))?;
    let inputs = inputs_of(&cfg, args);
    // Paths are compared lexically with the (normalized) paths of file events.
    let mut normalized = cfg.clone();
    normalized.dir = normalize(&cfg.dir);
    let files = FilesMatcher::new(&normalized).map_err(|e| (e.to_string(), inputs.clone()))?;
    let opts = ScannerOptions {
        packs: args.config.packs.clone(),
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        corpus: CorpusChoice::from_flag(args.corpus.clone()),
        lang,
        ..Default::default()
    };
    let scanner = Scanner::new(cfg, &opts).map_err(|e| (e.to_string(), inputs.clone()))?.with_files(files);
    Ok(Rules { scanner, inputs })
}

/// The absolute form of `p` with `.` and `..` resolved lexically.
fn normalize(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Editors' temp, backup and swap files, never scanned.
fn is_temp(p: &Path) -> bool {
    let Some(name) = p.file_name().and_then(OsStr::to_str) else { return false };
    name.ends_with('~')
        || name.starts_with(".#")
        || name == "4913"
        || [".swp", ".swo", ".swx", ".tmp"].iter().any(|s| name.ends_with(s))
}

/// Whether `p` is an ignore file (its change can add or remove files from the watched set).
fn is_ignore_file(p: &Path) -> bool {
    matches!(p.file_name().and_then(OsStr::to_str), Some(walk::IGNORE_FILE | ".gitignore" | ".ignore"))
}

/// The latest outcome for one watched file.
struct Tracked {
    display: String,
    /// blake3 of the bytes scanned; `None` if they could not be read.
    hash: Option<String>,
    duration_ms: f64,
    report: FileReport,
}

/// The outcome of re-reading one file.
enum Rescan {
    /// Same content as last time: nothing to report.
    Unchanged,
    /// Vanished between the event and the read.
    Gone,
    /// Read (or failed to read) and scanned.
    Scanned(Box<Tracked>),
}

/// Reads and scans one file; `Unchanged` if its hash is `prev` and `force` is off.
fn scan_file(path: &Path, display: String, rules: &Rules, prev: Option<&str>, force: bool) -> Rescan {
    let started = Instant::now();
    let scanner = &rules.scanner;
    let input = Input {
        path: path.to_path_buf(),
        display: display.clone(),
        format: scanner.files().format_of(path).unwrap_or(source::Format::TXT),
    };
    let bytes = match scanner.read(&input) {
        Err(SourceError::Io(e)) if e.kind() == io::ErrorKind::NotFound => return Rescan::Gone,
        r => r,
    };
    let hash = bytes.as_ref().ok().map(|b| blake3::hash(b).to_hex().to_string());
    if !force && hash.is_some() && hash.as_deref() == prev {
        return Rescan::Unchanged;
    }
    let loaded = bytes.and_then(|b| scanner.extract(&input, &b));
    let report = scanner.report(&display, path, loaded);
    let duration_ms = (started.elapsed().as_secs_f64() * 1e6).round() / 1e3;
    Rescan::Scanned(Box::new(Tracked { display, hash, duration_ms, report }))
}

/// The watch loop's state.
struct Watcher<'a> {
    args: &'a WatchArgs,
    start: PathBuf,
    lang: Lang,
    roots: Vec<Root>,
    rules: Rules,
    walk: WalkOptions,
    /// Watched files by normalized path.
    tracked: BTreeMap<PathBuf, Tracked>,
    out: Output,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    /// Folders watched non-recursively (parents of file roots and of rule inputs).
    watched: BTreeSet<PathBuf>,
    /// The initial scan is done (`--clear` redraws from then on).
    ready: bool,
}

/// Included entries directly under a folder, cached for one batch.
type ChildCache = HashMap<PathBuf, HashSet<PathBuf>>;

impl Watcher<'_> {
    /// Watches `dir` non-recursively unless it is already watched.
    fn watch_dir(&mut self, dir: &Path) -> notify::Result<()> {
        if self.watched.contains(dir) || self.under_dir_root(dir) {
            return Ok(());
        }
        self.debouncer.watch(dir, RecursiveMode::NonRecursive)?;
        self.watched.insert(dir.to_path_buf());
        Ok(())
    }

    /// Whether `p` is a watched folder root or inside one.
    fn under_dir_root(&self, p: &Path) -> bool {
        self.roots.iter().any(|r| r.dir && p.starts_with(&r.abs))
    }

    /// Watches the folders holding the rule inputs.
    fn watch_inputs(&mut self) {
        let dirs: BTreeSet<PathBuf> =
            self.rules.inputs.iter().filter_map(|p| p.parent().map(Path::to_path_buf)).collect();
        for d in dirs {
            if let Err(e) = self.watch_dir(&d) {
                let _ = self.out.error("watcher", Some(&d.display().to_string()), &e.to_string());
            }
        }
    }

    /// How `p` is shown: relative to its root as given.
    fn display(&self, p: &Path) -> String {
        if let Some(r) = self.roots.iter().find(|r| !r.dir && r.abs == p) {
            return walk::display_path(&r.given);
        }
        let best = self.roots.iter().filter(|r| r.dir && p.starts_with(&r.abs)).max_by_key(|r| r.abs.as_os_str().len());
        match best.and_then(|r| p.strip_prefix(&r.abs).ok().map(|rel| r.given.join(rel))) {
            Some(shown) => walk::display_path(&shown),
            None => walk::display_path(p),
        }
    }

    /// Entries directly under `dir` that a walk would visit (ignore files, hidden files).
    fn children<'c>(&self, dir: &Path, cache: &'c mut ChildCache) -> &'c HashSet<PathBuf> {
        cache.entry(dir.to_path_buf()).or_insert_with(|| {
            walk::builder(dir, &self.walk)
                .max_depth(Some(1))
                .build()
                .filter_map(Result::ok)
                .filter(|e| e.depth() == 1)
                .map(|e| normalize(e.path()))
                .collect()
        })
    }

    /// Whether `p` (inside folder root `root`) and every folder between them would be walked.
    fn walked(&self, p: &Path, root: &Path, cache: &mut ChildCache) -> bool {
        let mut cur = p;
        while cur != root {
            let Some(parent) = cur.parent() else { return false };
            if !self.children(parent, cache).contains(cur) {
                return false;
            }
            cur = parent;
        }
        true
    }

    /// The folder root `p` lies in (the deepest one).
    fn dir_root_of(&self, p: &Path) -> Option<PathBuf> {
        self.roots
            .iter()
            .filter(|r| r.dir && r.present && p.starts_with(&r.abs))
            .max_by_key(|r| r.abs.as_os_str().len())
            .map(|r| r.abs.clone())
    }

    /// Whether the file `p` belongs to the watched set.
    fn file_included(&self, p: &Path, cache: &mut ChildCache) -> bool {
        // FIFOs, sockets and devices are never read (opening a FIFO blocks until a writer comes).
        if is_temp(p) || std::fs::metadata(p).is_ok_and(|m| hegui::model::SpecialFile::of(&m).is_some()) {
            return false;
        }
        if self.roots.iter().any(|r| !r.dir && r.abs == p) {
            return true;
        }
        let Some(root) = self.dir_root_of(p) else { return false };
        self.rules.scanner.files().format_of(p).is_some()
            && !self.rules.scanner.files().is_excluded(p)
            && self.walked(p, &root, cache)
    }

    /// The files under folder `dir` that belong to the watched set, reporting walk errors.
    fn walk_dir(&mut self, dir: &Path) -> io::Result<BTreeMap<PathBuf, String>> {
        let (inputs, errors) = self.rules.scanner.walk(&[dir.to_path_buf()], &self.walk);
        for e in errors {
            self.out.error("folder", Some(&e.path), StatusOut::new(&e.status, self.lang).text())?;
        }
        Ok(inputs
            .into_iter()
            .map(|i| normalize(&i.path))
            .filter(|p| !is_temp(p))
            .map(|p| {
                let d = self.display(&p);
                (p, d)
            })
            .collect())
    }

    /// Tracked files at or under `p`.
    fn tracked_under(&self, p: &Path) -> Vec<PathBuf> {
        self.tracked.range(p.to_path_buf()..).map(|(k, _)| k).take_while(|k| k.starts_with(p)).cloned().collect()
    }

    /// Handles a batch of debounced events.
    fn handle(&mut self, batch: Vec<DebounceEventResult>) -> io::Result<()> {
        let mut paths = BTreeSet::new();
        let mut rescan = false;
        for r in batch {
            match r {
                Ok(events) => {
                    for ev in events {
                        rescan |= ev.need_rescan();
                        // Opening and reading (ours included) changes nothing.
                        if let EventKind::Access(a) = ev.kind
                            && a != AccessKind::Close(AccessMode::Write)
                        {
                            continue;
                        }
                        paths.extend(ev.paths.iter().map(|p| normalize(p)));
                    }
                }
                Err(errors) => {
                    for e in errors {
                        let path = e.paths.first().map(|p| p.display().to_string());
                        self.out.error("watcher", path.as_deref(), &e.to_string())?;
                        rescan |= matches!(e.kind, notify::ErrorKind::MaxFilesWatch);
                    }
                }
            }
        }
        if self.rules_changed(&paths) {
            match load_rules(self.args, &self.start, self.lang) {
                Ok(rules) => {
                    self.rules = rules;
                    self.watch_inputs();
                    self.out.reload(self.rules.scanner.engine().rules().len(), self.tracked.len())?;
                    return self.resync(true);
                }
                Err((e, known)) => {
                    // Keep the old rules; also watch inputs named by the broken config.
                    self.rules.inputs.extend(known);
                    self.watch_inputs();
                    self.out.error("rules", None, &e)?;
                }
            }
        }
        if rescan || paths.iter().any(|p| is_ignore_file(p)) {
            return self.resync(false);
        }
        self.reconcile(paths)
    }

    /// Whether a changed path is one the rules were built from (or a new hegui.toml that
    /// discovery would now find).
    fn rules_changed(&self, paths: &BTreeSet<PathBuf>) -> bool {
        paths.iter().any(|p| {
            self.rules.inputs.contains(p)
                || (!self.args.config.settings.no_config
                    && self.args.config.settings.config.is_none()
                    && p.file_name() == Some(OsStr::new(config::FILE_NAME))
                    && config::discover(&self.start).map(|d| normalize(&d)).as_deref() == Some(p.as_path()))
        })
    }

    /// Brings each changed path up to date: scans, deletions, new folders, vanished folders.
    fn reconcile(&mut self, paths: BTreeSet<PathBuf>) -> io::Result<()> {
        let mut scans = BTreeMap::new();
        let mut gone = BTreeSet::new();
        let mut cache = ChildCache::new();
        for p in paths {
            if is_temp(&p) {
                continue;
            }
            match std::fs::metadata(&p) {
                Ok(m) if m.is_dir() => {
                    let Some(root) = self.dir_root_of(&p) else { continue };
                    if self.walked(&p, &root, &mut cache) {
                        let found = self.walk_dir(&p)?;
                        gone.extend(self.tracked_under(&p).into_iter().filter(|k| !found.contains_key(k)));
                        scans.extend(found);
                    }
                }
                Ok(_) => {
                    if self.file_included(&p, &mut cache) {
                        let d = self.display(&p);
                        scans.insert(p, d);
                    } else if self.tracked.contains_key(&p) {
                        gone.insert(p);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    gone.extend(self.tracked_under(&p));
                    if let Some(r) = self.roots.iter_mut().find(|r| r.dir && r.present && r.abs == p) {
                        r.present = false;
                        let shown = walk::display_path(&r.given);
                        let msg = self.lang.pick("监视的文件夹已不存在", "watched folder vanished");
                        self.out.error("folder", Some(&shown), msg)?;
                    }
                }
                Err(e) => {
                    if self.tracked.contains_key(&p) || self.file_included(&p, &mut cache) {
                        let report = FileReport::unscanned(self.display(&p), Problem::from(&e));
                        self.out.file_error(&report)?;
                    }
                }
            }
        }
        self.apply(scans, gone, false)
    }

    /// Walks every root again: new files are scanned, changed ones re-scanned (all of them when
    /// `force`), and files no longer in the set reported deleted.
    fn resync(&mut self, force: bool) -> io::Result<()> {
        let mut scans = BTreeMap::new();
        for i in 0..self.roots.len() {
            let (abs, dir, present) = (self.roots[i].abs.clone(), self.roots[i].dir, self.roots[i].present);
            if dir && present {
                scans.extend(self.walk_dir(&abs)?);
            } else if !dir && abs.is_file() {
                scans.insert(abs.clone(), self.display(&abs));
            }
        }
        let gone = self.tracked.keys().filter(|k| !scans.contains_key(*k)).cloned().collect();
        self.apply(scans, gone, force)
    }

    /// Reports deletions, then scans (in parallel) and reports the files whose content changed.
    fn apply(&mut self, scans: BTreeMap<PathBuf, String>, gone: BTreeSet<PathBuf>, force: bool) -> io::Result<()> {
        let mut changed = false;
        for p in gone {
            if let Some(t) = self.tracked.remove(&p) {
                self.out.deleted(&t.display)?;
                changed = true;
            }
        }
        let (rules, tracked) = (&self.rules, &self.tracked);
        let results: Vec<(PathBuf, Rescan)> = scans
            .into_par_iter()
            .map(|(p, display)| {
                let prev = tracked.get(&p).and_then(|t| t.hash.as_deref());
                let outcome = scan_file(&p, display, rules, prev, force);
                (p, outcome)
            })
            .collect();
        for (p, outcome) in results {
            match outcome {
                Rescan::Unchanged => {}
                Rescan::Gone => {
                    if let Some(t) = self.tracked.remove(&p) {
                        self.out.deleted(&t.display)?;
                        changed = true;
                    }
                }
                Rescan::Scanned(t) => {
                    // The same read error again is not news.
                    let repeat = !force
                        && t.report.is_error()
                        && self.tracked.get(&p).is_some_and(|old| old.report.status == t.report.status);
                    if !repeat {
                        self.out.scan(&t)?;
                        changed = true;
                    }
                    self.tracked.insert(p, *t);
                }
            }
        }
        if changed && self.ready {
            self.out.redraw(&self.tracked)?;
        }
        Ok(())
    }

    /// Re-watches folder roots that vanished and have come back.
    fn check_roots(&mut self) -> io::Result<()> {
        let mut back = false;
        for i in 0..self.roots.len() {
            let r = &self.roots[i];
            if r.dir && !r.present && r.abs.is_dir() {
                let abs = r.abs.clone();
                let _ = self.debouncer.unwatch(&abs);
                match self.debouncer.watch(&abs, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.roots[i].present = true;
                        back = true;
                    }
                    Err(e) => {
                        let shown = walk::display_path(&self.roots[i].given);
                        self.out.error("watcher", Some(&shown), &e.to_string())?;
                    }
                }
            }
        }
        if back { self.resync(false) } else { Ok(()) }
    }
}

/// The `scan` event of a tracked file (also the `--report-dir` file's content).
fn scan_event(t: &Tracked, lang: Lang) -> ScanEvent<'_> {
    ScanEvent { hash: t.hash.as_deref(), duration_ms: Some(t.duration_ms), ..ScanEvent::new(&t.report, lang) }
}

/// Writes events in the chosen format, plus the `--report-dir` files.
struct Output {
    format: Format,
    lang: Lang,
    clear: bool,
    human: HumanPrinter,
    report_dir: Option<PathBuf>,
}

impl Output {
    fn jsonl(&self) -> bool {
        self.format == Format::JSONL
    }

    fn emit(&self, ev: &Event<'_>) -> io::Result<()> {
        let mut out = io::stdout().lock();
        write_event(&mut out, ev)?;
        out.flush()
    }

    /// The `start` event of the stream (nothing in human output).
    fn start(&self) -> io::Result<()> {
        if !self.jsonl() {
            return Ok(());
        }
        let version = env!("CARGO_PKG_VERSION");
        self.emit(&Event::Start { version: VERSION, tool: "hegui", tool_version: version, command: "watch" })
    }

    /// A file that could not be read or decoded: a `scan` event with status `error` in JSON
    /// Lines, an error line on stderr otherwise.
    fn file_error(&self, report: &FileReport) -> io::Result<()> {
        if self.jsonl() {
            return self.emit(&Event::Scan(ScanEvent::new(report, self.lang)));
        }
        let message = StatusOut::new(&report.status, self.lang);
        eprintln!("hegui: {}{}: {}", self.lang.pick("错误：", "error: "), report.path, message.text());
        Ok(())
    }

    /// `DIR/<path with separators escaped>.json`.
    fn report_path(&self, display: &str) -> Option<PathBuf> {
        let name: String = display
            .chars()
            .map(|c| match c {
                '%' => "%25".to_owned(),
                '/' => "%2F".to_owned(),
                '\\' => "%5C".to_owned(),
                ':' => "%3A".to_owned(),
                c => c.to_string(),
            })
            .collect();
        self.report_dir.as_ref().map(|d| d.join(format!("{name}.json")))
    }

    fn write_report(&self, t: &Tracked) -> io::Result<()> {
        let Some(path) = self.report_path(&t.display) else { return Ok(()) };
        let mut tmp = path.clone().into_os_string();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        let json = serde_json::to_vec_pretty(&scan_event(t, self.lang))?;
        std::fs::write(&tmp, json).and_then(|()| std::fs::rename(&tmp, &path))
    }

    fn scan(&self, t: &Tracked) -> io::Result<()> {
        if let Err(e) = self.write_report(t) {
            let dir = self.report_dir.as_deref().unwrap_or(Path::new("")).display().to_string();
            self.error("report-dir", Some(&dir), &e.to_string())?;
        }
        if t.report.is_error() && !self.jsonl() {
            return self.file_error(&t.report);
        }
        if self.jsonl() {
            return self.emit(&Event::Scan(scan_event(t, self.lang)));
        }
        if self.clear {
            return Ok(());
        }
        let mut out = io::stdout().lock();
        let n = t.report.findings.len();
        let what = match (&t.report.status, self.lang) {
            (FileStatus::Skipped(p), _) => problem_text(p, self.lang),
            (_, Lang::Zh) if n == 0 => "没有问题".to_owned(),
            (_, Lang::Zh) => format!("{n} 个问题"),
            (_, Lang::En) if n == 0 => "no findings".to_owned(),
            (_, Lang::En) => format!("{n} finding{}", if n == 1 { "" } else { "s" }),
        };
        writeln!(out, "── {}: {what} ({} ms)", t.display, t.duration_ms)?;
        let mut human = self.human.clone();
        human.file(&mut out, &t.report)?;
        out.flush()
    }

    fn deleted(&self, display: &str) -> io::Result<()> {
        if let Some(p) = self.report_path(display) {
            let _ = std::fs::remove_file(p);
        }
        if self.jsonl() {
            return self.emit(&Event::Deleted { path: display });
        }
        if self.clear {
            return Ok(());
        }
        let mut out = io::stdout().lock();
        writeln!(out, "── {display}: {}", self.lang.pick("已删除", "deleted"))?;
        out.flush()
    }

    fn error(&self, scope: &str, path: Option<&str>, message: &str) -> io::Result<()> {
        if self.jsonl() {
            return self.emit(&Event::Error { scope, path, message });
        }
        let what = self.lang.pick("错误：", "error: ");
        match path {
            Some(p) => eprintln!("hegui: {what}{p}: {message}"),
            None => eprintln!("hegui: {what}{message}"),
        }
        Ok(())
    }

    fn reload(&self, rules: usize, files: usize) -> io::Result<()> {
        if self.jsonl() {
            return self.emit(&Event::Reload { rules, files });
        }
        let mut out = io::stdout().lock();
        match self.lang {
            Lang::Zh => writeln!(out, "── 规则已重新加载（{rules} 条规则），重新检查 {files} 个文件")?,
            Lang::En => writeln!(out, "── rules reloaded ({rules} rules), re-checking {files} files")?,
        }
        out.flush()
    }

    fn ready(
        &self,
        files: usize,
        findings: usize,
        rules: usize,
        tracked: &BTreeMap<PathBuf, Tracked>,
    ) -> io::Result<()> {
        if self.jsonl() {
            return self.emit(&Event::Ready { files, findings, rules });
        }
        if self.clear {
            return self.redraw(tracked);
        }
        let mut out = io::stdout().lock();
        match self.lang {
            Lang::Zh => writeln!(out, "── {files} 个文件，{findings} 个问题；正在监视修改（Ctrl-C 退出）")?,
            Lang::En => writeln!(out, "── {files} files, {findings} findings; watching for changes (Ctrl-C to stop)")?,
        }
        out.flush()
    }

    /// `--clear`: clears the terminal and prints every file's current findings and a summary.
    fn redraw(&self, tracked: &BTreeMap<PathBuf, Tracked>) -> io::Result<()> {
        if !self.clear {
            return Ok(());
        }
        let mut out = io::stdout().lock();
        write!(out, "\x1b[2J\x1b[H")?;
        let mut human = self.human.clone();
        let mut summary = Summary::default();
        for t in tracked.values() {
            summary.add(&t.report);
            human.file(&mut out, &t.report)?;
        }
        human.finish(&mut out, &summary)?;
        writeln!(out, "{}", self.lang.pick("正在监视修改（Ctrl-C 退出）", "watching for changes (Ctrl-C to stop)"))?;
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_and_swap_files() {
        for name in ["a.md.swp", ".a.md.swo", "a.md.swx", "a.md~", ".#a.md", "4913", "a.md.tmp", "x/b.txt.tmp"] {
            assert!(is_temp(Path::new(name)), "{name}");
        }
        for name in ["a.md", "tmp.md", "swp.txt", "49130.txt", "a#b.md"] {
            assert!(!is_temp(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn normalize_is_absolute_and_lexical() {
        let p = normalize(Path::new("a/./b/../c.md"));
        assert!(p.is_absolute());
        assert!(p.ends_with("a/c.md"), "{}", p.display());
        assert_eq!(normalize(Path::new("/x/y/../z")), PathBuf::from("/x/z"));
    }

    #[test]
    fn report_file_names_escape_separators() {
        let out = Output {
            format: Format::JSONL,
            lang: Lang::Zh,
            clear: false,
            human: HumanPrinter::new(Lang::Zh, false),
            report_dir: Some(PathBuf::from("/r")),
        };
        assert_eq!(out.report_path("drafts/a%b.md"), Some(PathBuf::from("/r/drafts%2Fa%25b.md.json")));
        assert_eq!(out.report_path("../up.md"), Some(PathBuf::from("/r/..%2Fup.md.json")));
    }
}
