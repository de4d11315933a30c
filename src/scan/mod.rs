//! The scanner: one document through the pipeline (source → normalize → detect) to a
//! [`FileReport`] with exact spans, and the walk that finds the documents.
//!
//! A [`Scanner`] is built once from a loaded config and command-line overrides
//! ([`ScannerOptions`]): rule set, file filters, source options and an optional corpus index.
//! `check`, `watch`, `corpus add`, `dedup` and `rules test` all go through one, so every command
//! honours the same config, excludes, size limit and encoding.

pub mod baseline;
pub mod files;
pub mod locate;
pub mod mask;
pub mod ordered;
pub mod stream;
pub mod suppress;
pub mod walk;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

pub use files::FilesMatcher;
pub use locate::LineIndex;
use locate::RuleNames;
pub use walk::{Input, WalkOptions};

use crate::config::{Config, ConfigError};
use crate::dedup::{CorpusCheck, Index, IndexError, QueryOptions};
use crate::detect::fxhash::FxBuild;
use crate::detect::{DetectInput, Engine, EngineError, message, ruleset, selector_matches};
use crate::model::{
    Advertising, FileReport, FileStatus, Finding, Lang, Omitted, Problem, Related, RuleMeta, Suppressed,
};
use crate::source::{self, EncodingChoice, Format, SourceDoc, SourceError, SourceOptions};

/// A term and its message, shared by the findings of one rule and term in a file.
type TermMessage = (Arc<str>, Arc<str>);

/// Which corpus index a scanner checks documents against (DUP001/DUP002).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CorpusChoice {
    /// None.
    #[default]
    None,
    /// `[dedup] corpus` of the config, if it names one.
    FromConfig,
    /// This index file.
    File(PathBuf),
}

impl CorpusChoice {
    /// A `--corpus` flag: the file it names, else the config's `[dedup] corpus`.
    pub fn from_flag(flag: Option<PathBuf>) -> Self {
        flag.map_or(CorpusChoice::FromConfig, CorpusChoice::File)
    }
}

/// Findings listed per file unless the config or command line says otherwise: a file of nothing
/// but findings (a 64 MiB export) is counted in full but lists only these, so memory stays bounded.
pub const MAX_FINDINGS: usize = 10_000;

/// Settings given on top of hegui.toml (command-line flags); unset ones take the config's value.
#[derive(Debug, Clone, Default)]
pub struct ScannerOptions {
    /// Extra rule packs.
    pub packs: Vec<PathBuf>,
    /// Only these rules (replaces the config's `select` when not empty).
    pub select: Vec<String>,
    /// Also ignore these rules.
    pub ignore: Vec<String>,
    /// Input encoding (default: the config's, else auto).
    pub encoding: Option<EncodingChoice>,
    /// Scan Markdown code blocks too (or the config says so).
    pub scan_code_blocks: bool,
    /// Refuse larger files (default: the config's, else 64 MiB).
    pub max_file_size: Option<u64>,
    /// Findings listed per file at most (default: the config's, else [`MAX_FINDINGS`]).
    pub max_findings: Option<usize>,
    /// The corpus index to check against.
    pub corpus: CorpusChoice,
    /// Language of messages.
    pub lang: Lang,
    /// Threads the set-up may use (0 or 1: this one only): with two, the bundled packs load on
    /// two ([`ruleset::build_on`]). For a caller whose other cores would wait meanwhile.
    pub setup_threads: usize,
    /// What the set-up's other thread builds ahead once its packs are loaded (with
    /// `setup_threads` of 2 or more).
    pub warm_up: crate::detect::WarmUp,
}

/// Why a scanner could not be set up; each names the file at fault.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// hegui.toml is broken.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A pack, word list or selector is broken.
    #[error(transparent)]
    Rules(#[from] EngineError),
    /// A per-file ignore names no enabled rule.
    #[error("{file}: `files.per-file-ignores.\"{glob}\"`: `{selector}` matches no enabled rule")]
    PerFileIgnore {
        /// The config file.
        file: String,
        /// The glob.
        glob: String,
        /// The selector.
        selector: String,
    },
    /// The corpus index cannot be used.
    #[error(transparent)]
    Corpus(#[from] IndexError),
}

/// The source options of `config` with `opts` on top.
fn source_options(config: &Config, opts: &ScannerOptions) -> SourceOptions {
    SourceOptions {
        encoding: opts.encoding.or(config.check.encoding).unwrap_or_default(),
        scan_code: opts.scan_code_blocks || config.files.scan_code_blocks,
        max_file_size: opts
            .max_file_size
            .or(config.files.max_file_size)
            .unwrap_or(SourceOptions::default().max_file_size),
    }
}

/// Loads the config named by `file`, or the one found by walking up from `start` (unless
/// `no_config`), or the defaults.
pub fn load_config(file: Option<&Path>, no_config: bool, start: &Path) -> Result<Config, ConfigError> {
    if no_config {
        return Ok(Config::default());
    }
    match file.map(Path::to_path_buf).or_else(|| crate::config::discover(start)) {
        Some(p) => crate::config::load(&p),
        None => Ok(Config::default()),
    }
}

/// One scan pipeline: rules, file filters, source options and an optional corpus index.
#[derive(Debug)]
pub struct Scanner {
    config: Config,
    engine: Engine,
    files: FilesMatcher,
    source: SourceOptions,
    lang: Lang,
    corpus: Option<(Index, QueryOptions)>,
    max_findings: usize,
    /// The shared strings of each rule of `engine`, by index.
    names: Vec<RuleNames>,
    /// The run scans one document with another thread to spare ([`DetectInput::spare`]); set by
    /// [`Scanner::scan_ordered`] and its kin.
    alone: AtomicBool,
}

/// What [`Scanner::findings_upto`] returns: findings, those omitted past the limit, those
/// suppressed inline, and the line feeds of the decoded text if they were counted.
type Scanned = (Vec<Finding>, Omitted, Vec<Suppressed>, Option<usize>);

impl Scanner {
    /// Builds the rule set, file filters and source options of `config` with `opts` on top, and
    /// loads the corpus index `opts` asks for.
    pub fn new(mut config: Config, opts: &ScannerOptions) -> Result<Self, SetupError> {
        stream::keep_setup_buffers_mapped();
        if !opts.select.is_empty() {
            config.rules.select = opts.select.clone();
        }
        config.rules.ignore.extend(opts.ignore.iter().cloned());
        config.rules.from_cli = opts.select.iter().chain(&opts.ignore).cloned().collect();
        // The suppression notes are not engine rules: selectors naming them are for this scanner.
        let engine = if config.rules.select.iter().chain(&config.rules.ignore).any(|s| suppress::names_note(s)) {
            let mut rules_cfg = config.clone();
            rules_cfg.rules.select.retain(|s| !suppress::names_note(s));
            rules_cfg.rules.ignore.retain(|s| !suppress::names_note(s));
            ruleset::build_on(&rules_cfg, &opts.packs, opts.setup_threads, opts.warm_up)?
        } else {
            ruleset::build_on(&config, &opts.packs, opts.setup_threads, opts.warm_up)?
        };
        let files = FilesMatcher::new(&config)?;
        for (glob, sels) in &config.files.per_file_ignores {
            for s in sels {
                if !engine.rules().iter().any(|r| selector_matches(s, r)) {
                    return Err(SetupError::PerFileIgnore {
                        file: config.shown(),
                        glob: glob.clone(),
                        selector: s.clone(),
                    });
                }
            }
        }
        let source = source_options(&config, opts);
        let corpus_path = match &opts.corpus {
            CorpusChoice::None => None,
            CorpusChoice::FromConfig => config.dedup.corpus_path(&config.dir),
            CorpusChoice::File(p) => Some(p.clone()),
        };
        let corpus = match corpus_path {
            Some(p) => Some((Index::load(&p)?, QueryOptions::from(&config.dedup))),
            None => None,
        };
        let max_findings = opts.max_findings.or(config.check.max_findings).unwrap_or(MAX_FINDINGS);
        Ok(Self::of(config, engine, files, source, opts.lang, corpus, max_findings))
    }

    /// A scanner of these parts (the rules' shared strings taken from `engine`).
    fn of(
        config: Config,
        engine: Engine,
        files: FilesMatcher,
        source: SourceOptions,
        lang: Lang,
        corpus: Option<(Index, QueryOptions)>,
        max_findings: usize,
    ) -> Self {
        let names = engine.rules().iter().map(RuleNames::of).collect();
        Self { config, engine, files, source, lang, corpus, max_findings, names, alone: AtomicBool::new(false) }
    }

    /// A scanner over a ready engine with default settings (no config, no corpus).
    pub fn from_engine(engine: Engine) -> Self {
        let config = Config::default();
        let files = FilesMatcher::new(&config).expect("the default config has no globs");
        Self::of(config, engine, files, SourceOptions::default(), Lang::default(), None, MAX_FINDINGS)
    }

    /// A scanner that only reads documents: the file filters and source options of `config` with
    /// `opts` on top, and no rules (for `corpus add` and `dedup`, which fingerprint documents
    /// rather than check them).
    pub fn for_reading(config: Config, opts: &ScannerOptions) -> Result<Self, SetupError> {
        let files = FilesMatcher::new(&config)?;
        let source = source_options(&config, opts);
        let engine = Engine::new(Vec::new(), &Default::default())?;
        Ok(Self::of(config, engine, files, source, opts.lang, None, MAX_FINDINGS))
    }

    /// The same scanner with other file filters (`watch` matches paths against a config folder
    /// made absolute and lexically normalized, like the paths of file events).
    pub fn with_files(self, files: FilesMatcher) -> Self {
        Self { files, ..self }
    }

    /// The config in force (with the command line's selection applied).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The enabled rules.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The `[files]` filters.
    pub fn files(&self) -> &FilesMatcher {
        &self.files
    }

    /// How files are read.
    pub fn source_options(&self) -> &SourceOptions {
        &self.source
    }

    /// Language of messages.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The corpus index documents are checked against, if any.
    pub fn corpus(&self) -> Option<&Index> {
        self.corpus.as_ref().map(|(i, _)| i)
    }

    /// The files under `paths` that this scanner's filters let through, sorted, and a report for
    /// each path that could not be walked.
    pub fn walk(&self, paths: &[PathBuf], opts: &WalkOptions) -> (Vec<Input>, Vec<FileReport>) {
        Self::walk_with(&self.files, paths, opts)
    }

    /// [`Scanner::walk`] with the filters `files` (those a scanner of the same config has), so
    /// that the walk can run while the scanner is being built.
    pub fn walk_with(files: &FilesMatcher, paths: &[PathBuf], opts: &WalkOptions) -> (Vec<Input>, Vec<FileReport>) {
        let (inputs, errors) = walk::collect(paths, files, opts);
        let errors = errors.into_iter().map(|e| FileReport::unscanned(e.path, e.problem)).collect();
        (inputs, errors)
    }

    /// Reads one walked file's bytes, refusing one over the size limit before reading it.
    pub fn read(&self, input: &Input) -> Result<Vec<u8>, SourceError> {
        source::read(&input.path, self.source.max_file_size)
    }

    /// Decodes and extracts bytes read from `input` (encoding and format as configured).
    pub fn extract(&self, input: &Input, bytes: &[u8]) -> Result<SourceDoc, SourceError> {
        source::load(bytes, input.format, &self.source)
    }

    /// Reads and extracts one walked file.
    pub fn load(&self, input: &Input) -> Result<SourceDoc, SourceError> {
        source::load_owned(self.read(input)?, input.format, &self.source)
    }

    /// Scans one walked file (a large plain-text one piece by piece, see [`stream`]).
    pub fn scan_input(&self, input: &Input) -> FileReport {
        self.scan_input_in(input, None, None)
    }

    /// Like [`Scanner::scan_input`], handing a file's findings to `parts` as they are found, so
    /// that they need not all be held: each part is a report of findings only (status
    /// `Scanned`, nothing omitted or suppressed), in order, and the returned report holds the
    /// findings after them, what was omitted and suppressed. A large plain-text (UTF-8) file is
    /// read in pieces; another file with many findings and no inline suppressions hands out
    /// those that are final; other files come whole, without parts.
    pub fn scan_input_parts(&self, input: &Input, parts: &mut dyn FnMut(FileReport)) -> FileReport {
        self.scan_input_in(input, Some(parts), None)
    }

    /// `scan_input_whole`, with a failure of hegui itself (a panic) turned into an
    /// error report for this file, so that the rest of the run is still scanned and no worker
    /// leaves the ordered output waiting for a report that never comes. A large plain-text file
    /// read in pieces stops between pieces once `stop` is set (the run's output failed: a closed
    /// pipe need not wait for the rest of a huge file); its report then says so and is not meant
    /// to be shown.
    fn scan_input_in(
        &self,
        input: &Input,
        parts: Option<&mut dyn FnMut(FileReport)>,
        stop: Option<&AtomicBool>,
    ) -> FileReport {
        let run = std::panic::AssertUnwindSafe(|| self.scan_input_whole(input, parts, stop));
        std::panic::catch_unwind(run).unwrap_or_else(|payload| {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".to_owned());
            FileReport::unscanned(input.display.clone(), Problem::Internal { detail })
        })
    }

    /// Reads, extracts and scans one input.
    fn scan_input_whole(
        &self,
        input: &Input,
        parts: Option<&mut dyn FnMut(FileReport)>,
        stop: Option<&AtomicBool>,
    ) -> FileReport {
        // Test builds only: a file of this name stands for a bug, so that the guard in
        // `scan_input_in` is exercised.
        #[cfg(test)]
        if input.path.file_name().is_some_and(|n| n == tests::PANICS) {
            panic!("forced panic on {}", input.display);
        }
        let limit = self.source.max_file_size;
        let (file, len) = match source::open(&input.path, limit) {
            Ok(opened) => opened,
            Err(e) => return self.report(&input.display, &input.path, Err(e)),
        };
        if input.format == Format::TXT || input.format == Format::MARKDOWN {
            // Their text is about as long as the file: a long one makes the run a long one now,
            // before it is read and extracted (see the function).
            crate::detect::context::note_document_len(len);
        }
        if input.format == Format::TXT && len > stream::PIECE as u64 {
            // Read again from the start if it cannot be streamed.
            return match self.scan_streamed(&input.display, &input.path, file, parts, stop) {
                Some(report) => report,
                None => self.report(&input.display, &input.path, self.load(input)),
            };
        }
        let loaded = source::read_sized(file, limit, len)
            .and_then(|bytes| source::load_owned(bytes, input.format, &self.source));
        self.report_in(&input.display, &input.path, loaded, parts)
    }

    /// Scans the file at `path` (format by extension, plain text otherwise).
    pub fn scan_path(&self, path: &Path) -> FileReport {
        let input =
            Input { path: path.to_path_buf(), display: walk::display_path(path), format: Format::for_path(path) };
        self.scan_input(&input)
    }

    /// Scans bytes that came from a file named `name` (format by extension, plain text
    /// otherwise); `name` is the reported path and selects per-file ignores.
    pub fn scan_bytes(&self, name: &str, bytes: &[u8]) -> FileReport {
        let format = Format::for_path(Path::new(name));
        self.report(name, Path::new(name), source::load(bytes, format, &self.source))
    }

    /// Scans text already decoded, as if read from a UTF-8 file named `name` (whatever encoding the
    /// scanner is set to).
    pub fn scan_text(&self, name: &str, text: &str) -> FileReport {
        let format = Format::for_path(Path::new(name));
        let opts = SourceOptions { encoding: EncodingChoice::Utf8, ..self.source.clone() };
        self.report(name, Path::new(name), source::load(text.as_bytes(), format, &opts))
    }

    /// Turns a load result into a file report, scanning the document when it loaded. `path`
    /// selects per-file ignores; `display` is the reported path.
    pub fn report(&self, display: &str, path: &Path, loaded: Result<SourceDoc, SourceError>) -> FileReport {
        self.report_in(display, path, loaded, None)
    }

    /// [`Scanner::report`], handing findings to `parts` (as reports of findings only) as they
    /// become final, when it is given.
    fn report_in(
        &self,
        display: &str,
        path: &Path,
        loaded: Result<SourceDoc, SourceError>,
        parts: Option<&mut dyn FnMut(FileReport)>,
    ) -> FileReport {
        match loaded {
            Ok(doc) => {
                let status = || FileStatus::Scanned {
                    encoding: doc.decoded.encoding.to_owned(),
                    format: doc.format.as_str().to_owned(),
                };
                let mut to_part = parts.map(|parts| {
                    move |findings: Vec<Finding>| {
                        parts(FileReport {
                            path: display.to_owned(),
                            status: status(),
                            findings,
                            omitted: Omitted::default(),
                            suppressed: Vec::new(),
                        })
                    }
                });
                let (findings, omitted, suppressed, _) = self.findings_in(
                    display,
                    path,
                    &doc,
                    self.max_findings,
                    to_part.as_mut().map(|p| p as &mut dyn FnMut(Vec<Finding>)),
                );
                FileReport { path: display.to_owned(), status: status(), findings, omitted, suppressed }
            }
            Err(e) => FileReport::unscanned(display, Problem::from(&e)),
        }
    }

    /// Every rule of this run described for printers: the enabled rules, then the suppression
    /// notes ([`suppress::UNUSED`], [`suppress::INVALID`]) when they are enabled.
    pub fn rule_meta(&self, lang: Lang) -> Vec<RuleMeta> {
        let mut rules = self.engine.rule_meta(lang);
        rules.extend(suppress::rule_meta(lang).into_iter().filter(|m| self.note_enabled(&m.id)));
        rules
    }

    /// Whether the suppression note `code` is reported: not ignored, and selected when the run
    /// selects rules (by id, prefix, or the category `hegui`).
    fn note_enabled(&self, code: &str) -> bool {
        let names = |s: &String| {
            s.eq_ignore_ascii_case("hegui") || (!s.is_empty() && code.starts_with(&s.to_ascii_uppercase()))
        };
        let rules = &self.config.rules;
        (rules.select.is_empty() || rules.select.iter().any(names)) && !rules.ignore.iter().any(names)
    }

    /// The inline suppressions of a loaded document, resolved against the rules in force for it.
    fn suppressions(&self, doc: &SourceDoc, ignored: &HashSet<usize>) -> suppress::Suppressions {
        let plain = doc.format == Format::TXT || doc.format == Format::DOCX;
        let directives = suppress::parse(doc.decoded_text(), plain);
        let rules = &self.config.rules;
        let narrowed = rules.select.iter().chain(&rules.ignore).any(|s| !suppress::names_note(s));
        let resolve = |sel: &str| {
            let all = [sel.to_owned(), sel.to_ascii_uppercase(), sel.to_ascii_lowercase()]
                .iter()
                .flat_map(|s| self.engine.resolve(s))
                .collect::<HashSet<usize>>();
            let rules: HashSet<usize> = all.difference(ignored).copied().collect();
            if !rules.is_empty() {
                suppress::Resolved::Rules(rules)
            } else if !all.is_empty() || narrowed || suppress::names_note(sel) {
                suppress::Resolved::Inactive
            } else {
                suppress::Resolved::Unknown
            }
        };
        suppress::Suppressions::new(
            directives,
            doc.decoded_text(),
            resolve,
            self.config.check.require_reason,
            self.lang,
        )
    }

    /// Indices of the rules ignored for `path` by `files.per-file-ignores`.
    pub fn ignored_rules(&self, path: &Path) -> HashSet<usize> {
        self.files.ignored_rules(path).into_iter().flat_map(|s| self.engine.resolve(s)).collect()
    }

    /// Runs detection over a loaded document and maps every hit back to the original file, up
    /// to `limit` findings; hits past it are counted in [`Omitted`].
    /// Findings silenced by inline directives go to the third list; notes about the directives
    /// are findings themselves. The fourth is the number of line feeds in the decoded text when
    /// it was counted on the way (any finding or directive needs the lines).
    fn findings_upto(&self, display: &str, path: &Path, doc: &SourceDoc, limit: usize) -> Scanned {
        self.findings_in(display, path, doc, limit, None)
    }

    /// [`Scanner::findings_upto`], handing findings to `parts` in batches as they become final
    /// (when given, and the document has no inline suppressions): the batches and then the
    /// returned findings are the findings `findings_upto` returns, in the same order.
    fn findings_in(
        &self,
        display: &str,
        path: &Path,
        doc: &SourceDoc,
        limit: usize,
        parts: Option<&mut dyn FnMut(Vec<Finding>)>,
    ) -> Scanned {
        let ignored = self.ignored_rules(path);
        let mut sup = self.suppressions(doc, &ignored);
        let mut suppressed = Vec::new();
        let corpus = self.corpus.as_ref().map(|(index, options)| CorpusCheck { index, options: *options });
        let text = &doc.extracted.text;
        let declared = match (self.files.declared_context(path), doc.extracted.declared) {
            (Some((setting, glob)), _) => {
                Some(Advertising { setting, cues: vec![format!("hegui.toml [context] {glob}")] })
            }
            (None, Some(setting)) => Some(Advertising { setting, cues: vec!["hegui-context".to_owned()] }),
            (None, None) => None,
        };
        let input = DetectInput {
            text,
            path: display,
            corpus: corpus.as_ref(),
            ignored: &ignored,
            fields: &doc.extracted.fields,
            declared: declared.as_ref(),
            analysed: std::cell::OnceCell::new(),
            spare: self.alone.load(std::sync::atomic::Ordering::Relaxed),
        };
        let mut hits = self.engine.detect_in(&input);
        let mut omitted = Omitted::default();
        if hits.is_empty() && sup.is_empty() {
            return (Vec::new(), omitted, suppressed, None);
        }
        // Listed findings are the first ones in the file.
        hits.sort_by_key(|h| (h.range.start, h.range.end));
        // Plain text is extracted verbatim: the lines the advertising context found (if it was
        // analysed) are the decoded text's.
        let analysed = input.analysed.into_inner().filter(|_| doc.format == Format::TXT);
        debug_assert!(analysed.is_none() || doc.decoded_text() == doc.extracted.text);
        let lines = match analysed {
            Some(context) => LineIndex::with_starts(doc.decoded_text(), context.into_line_starts()),
            None => LineIndex::new(doc.decoded_text()),
        };
        let map = locate::Mapper::new(doc);
        // Findings are handed out only when there are many and no suppression notes come at
        // the end. `floor[i]`: the least byte start of the findings of hits `i..` (findings are
        // ordered by byte start, which need not follow the order of the hits).
        let mut parts = parts.filter(|_| sup.is_empty() && hits.len() > stream::PART_FINDINGS);
        let floor = match parts {
            Some(_) => {
                let map = locate::Mapper::new(doc);
                let mut floor: Vec<usize> =
                    hits.iter().map(|h| map.bytes(map.decoded(h.range.clone())).start).collect();
                for i in (1..floor.len()).rev() {
                    floor[i - 1] = floor[i - 1].min(floor[i]);
                }
                floor
            }
            None => Vec::new(),
        };
        // Findings handed out in parts, and how many findings are held when it is tried next.
        let (mut handed, mut next_try) = (0, stream::PART_FINDINGS);
        let mut out = Vec::with_capacity(hits.len().min(limit).min(if parts.is_some() {
            2 * stream::PART_FINDINGS
        } else {
            usize::MAX
        }));
        let shared_path: Arc<str> = display.into();
        // The term and message of each (rule, lexicon term) met, made once and shared by its
        // findings.
        let mut terms: HashMap<(usize, usize), TermMessage, FxBuild> = HashMap::default();
        for (i, hit) in hits.iter().enumerate() {
            if let Some(part) = parts.as_mut().filter(|_| out.len() >= next_try) {
                // Those before every later finding are final.
                locate::sort_findings(&mut out);
                let n = out.partition_point(|f| f.byte_range.start < floor[i]);
                handed += n;
                if n == out.len() {
                    // All of them (the usual case): the vector itself goes.
                    let fresh = Vec::with_capacity(out.capacity());
                    part(std::mem::replace(&mut out, fresh));
                } else if n > 0 {
                    part(out.drain(..n).collect());
                }
                next_try = out.len() + stream::PART_FINDINGS;
            }
            if ignored.contains(&hit.rule) {
                continue;
            }
            // (Hits outside their rule's fields were dropped in detection.)
            let rule = &self.engine.rules()[hit.rule];
            let severity = hit.advertising().map_or(rule.severity, |ad| ad.setting.severity(rule.severity));
            if handed + out.len() >= limit && sup.is_empty() {
                omitted.add(&rule.id, severity);
                continue;
            }
            let render = |term: &str| Arc::from(message::render(rule, hit, term, text, self.lang));
            let (msg, term) = match hit.term {
                Some(t) if message::term_only(hit) => {
                    let (term, msg) = terms.entry((hit.rule, t)).or_insert_with(|| {
                        let term = self.engine.term(hit, text);
                        (term.into(), render(term))
                    });
                    (msg.clone(), term.clone())
                }
                _ => {
                    let term = self.engine.term(hit, text);
                    (render(term), term.into())
                }
            };
            let names = &self.names[hit.rule];
            let mut f = locate::finding(&shared_path, &map, &lines, (rule, names), hit.range.clone(), msg, term);
            f.location = doc.location(f.start);
            f.severity = severity;
            f.advertising = hit.advertising().cloned();
            if let Some(p) = hit.passage() {
                let dec = doc.extracted.map.map_range(hit.range.clone());
                f.related.push(Related {
                    path: p.doc.clone(),
                    byte_range: p.corpus_range.clone(),
                    source_range: doc.decoded.map_range(dec.clone()),
                    start: lines.position(dec.start),
                    end: lines.position(dec.end),
                    kind: p.kind.as_str().to_owned(),
                    similarity: (p.similarity * 100.0).round() as u32,
                });
            }
            if !sup.is_empty() {
                let dec = doc.extracted.map.map_range(hit.range.clone());
                if sup.in_directive(dec.start) {
                    continue;
                }
                if let Some(suppression) = sup.take(hit.rule, f.start.line) {
                    suppressed.push(Suppressed { finding: f, suppression });
                    continue;
                }
                if handed + out.len() >= limit {
                    omitted.add(&rule.id, severity);
                    continue;
                }
            }
            out.push(f);
        }
        for note in sup.finish() {
            if self.note_enabled(note.code) {
                out.push(suppress::note_finding(&shared_path, doc, &lines, &note));
            }
        }
        locate::sort_findings(&mut out);
        (out, omitted, suppressed, Some(lines.line_feeds()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{Selection, pack};
    use crate::model::Field;

    /// The name of a file whose scan panics (in test builds).
    pub(super) const PANICS: &str = "hegui-test-panic.txt";

    /// A panic while scanning one file (a bug) becomes an internal-error report for that file,
    /// which counts as an input error (exit 2), and the files before and after it are still
    /// scanned, in order, on one thread and on several (a worker that panicked would otherwise
    /// leave the ordered output waiting for its report).
    #[test]
    fn a_panic_in_one_file_is_reported_and_the_rest_of_the_batch_is_scanned() {
        let engine = Engine::new(pack::load_str("t.toml", PACK).expect("pack"), &Selection::default()).expect("engine");
        let scanner = Scanner::from_engine(engine);
        let dir = tempfile::tempdir().expect("temp dir");
        let names = ["a.txt", PANICS, "b.txt", "c.txt", "d.txt", "e.txt"];
        let inputs: Vec<Input> = names
            .iter()
            .map(|name| {
                let path = dir.path().join(name);
                std::fs::write(&path, "本品最佳。\n").expect("write");
                Input { display: (*name).into(), format: Format::for_path(&path), path }
            })
            .collect();
        let alone = scanner.scan_input(&inputs[1]);
        assert!(alone.is_error(), "{alone:?}");
        let FileStatus::Error(Problem::Internal { detail }) = &alone.status else { panic!("{alone:?}") };
        assert!(detail.contains("forced panic on hegui-test-panic.txt"), "{detail}");
        assert!(alone.findings.is_empty());
        for threads in [1, 2, 3] {
            let mut reports = Vec::new();
            scanner
                .scan_ordered(&inputs, threads, |r| {
                    reports.push(r);
                    Ok(())
                })
                .expect("the sink never fails");
            let paths: Vec<&str> = reports.iter().map(|r| r.path.as_str()).collect();
            assert_eq!(paths, names, "-j {threads}: every file, in order");
            for r in &reports {
                let internal = matches!(&r.status, FileStatus::Error(Problem::Internal { .. }));
                assert_eq!(internal, r.path == PANICS, "-j {threads}: {r:?}");
                assert_eq!(r.findings.len(), if internal { 0 } else { 1 }, "-j {threads}: {r:?}");
            }
        }
    }

    const PACK: &str = r#"
[pack]
name = "t"
[[rules]]
id = "T001"
category = "t"
severity = "error"
message = "{term}"
fields = ["title", "digest", "author", "body", "alt", "link"]
terms = ["最佳", "第一"]
"#;

    /// A title-only rule matching a body line used to take part in longest-hit-wins there and
    /// silence the shorter body finding within its span; now it hides nothing outside its fields.
    /// A rule ignored for the file by `per-file-ignores` still hides what lies inside its hits
    /// (the claim is not reported again by a weaker rule), and is not reported itself.
    #[test]
    fn a_hit_outside_its_fields_hides_nothing() {
        const TWO: &str = r#"
[pack]
name = "t"
[[rules]]
id = "L001"
category = "t"
severity = "error"
message = "{term}"
fields = ["title"]
terms = ["最佳产品推荐"]
[[rules]]
id = "S001"
category = "t"
severity = "warning"
message = "{term}"
terms = ["最佳"]
"#;
        let ids = |r: &FileReport| r.findings.iter().map(|f| (f.rule.to_string(), f.start.line)).collect::<Vec<_>>();
        let engine =
            || Engine::new(pack::load_str("t.toml", TWO).expect("pack"), &Selection::default()).expect("engine");
        let text = "今日最佳产品推荐\n\n正文：最佳产品推荐。\n";
        let plain = Scanner::from_engine(engine()).scan_text("a.txt", text);
        // The title line: the longer title rule wins; the body line: only the body rule.
        assert_eq!(ids(&plain), [("L001".to_string(), 1), ("S001".to_string(), 3)]);

        let mut config = Config::default();
        config.files.per_file_ignores.insert("*.txt".into(), vec!["L001".into()]);
        let files = FilesMatcher::new(&config).expect("globs");
        let ignoring = Scanner::from_engine(engine()).with_files(files);
        let r = ignoring.scan_text("a.txt", text);
        assert_eq!(ids(&r), [("S001".to_string(), 3)]);
    }

    /// A Markdown file whose findings are handed out in parts reads as the whole report: the
    /// same findings in the same order, though link titles are extracted after their paragraph
    /// and reference definitions at the link (their findings come out of text order), and the
    /// same count past the findings limit.
    #[test]
    fn parts_of_a_whole_document_add_up_to_its_report() {
        let engine = Engine::new(pack::load_str("t.toml", PACK).expect("pack"), &Selection::default()).expect("engine");
        let scanner = Scanner::from_engine(engine);
        let dir = tempfile::tempdir().expect("temp dir");
        let para = "第一段最佳，[链接](http://a.b \"第一最佳\")之后最佳 [引用][r] 第一\n\n";
        let defs = "[r]: http://c.d \"最佳第一\"\n";
        // (name, definitions first, suppression directive): the definition's findings come
        // first in the file but with its last use among the hits; a suppression holds back parts.
        for (name, defs_first, directive) in [
            ("a.md", false, ""),
            ("b.md", true, ""),
            ("c.md", false, "<!-- hegui-disable-next-line T001 -- 理由 -->\n"),
        ] {
            let path = dir.path().join(name);
            let body = para.repeat(1300);
            let text = if defs_first { format!("{defs}\n{body}") } else { format!("{directive}{body}{defs}") };
            std::fs::write(&path, text).expect("write");
            let input = Input { display: name.into(), format: Format::for_path(&path), path };
            let whole = scanner.scan_input(&input);
            let mut parts = Vec::new();
            let last = scanner.scan_input_parts(&input, &mut |part| parts.push(part));
            // Without definitions first, parts come as the hits go; with them, not before the
            // definition's last use (in the last paragraph, past the limit); none with a
            // suppression.
            if defs_first || !directive.is_empty() {
                assert!(parts.is_empty(), "{name}");
            } else {
                assert!(parts.len() > 1 && parts[0].findings.len() >= stream::PART_FINDINGS / 2, "{name}");
            }
            let mut all: Vec<Finding> = parts.into_iter().flat_map(|p| p.findings).collect();
            all.extend(last.findings);
            assert_eq!(all, whole.findings, "{name}");
            assert!(whole.omitted.total() > 0, "{name}: past the limit");
            assert_eq!((last.omitted, last.suppressed), (whole.omitted, whole.suppressed), "{name}");
            assert!(whole.findings.iter().any(|f| f.field == Field::Alt), "{name}: link titles");
            let starts: Vec<usize> = whole.findings.iter().map(|f| f.byte_range.start).collect();
            assert!(starts.is_sorted(), "{name}");
        }
    }
}
