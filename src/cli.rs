//! Command-line interface: `hegui check`, `hegui watch`, `hegui rules list|explain|test`.
//!
//! Exit codes, the same in every output format: 0 nothing at or above `--fail-level`; 1 something
//! is; 2 usage, config, word-list or input errors (an unreadable or undecodable file, a missing path).
//! When both findings and input errors occur, 2 wins: the scan was incomplete.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use hegui::config::{self, Config};
use hegui::detect::{Engine, Rule, selector_matches};
use hegui::finding::Severity;
use hegui::lang::Lang;
use hegui::report::{self, FileReport, FileStatus, Format, RunInfo, Summary};
use hegui::scan::{self, ScanOptions};
use hegui::source::{self, EncodingChoice, SourceError, SourceOptions};
use hegui::span::Field;
use hegui::walk::{self, WalkOptions};

/// 合规：中文公众号文章合规检查（广告法、平台规则、敏感词、个人信息）。
/// Compliance checks for Chinese articles.
#[derive(Debug, Parser)]
#[command(name = "hegui", version, about, long_about = None)]
struct Cli {
    /// Message language: zh (default) or en.
    #[arg(long, global = true, value_enum, env = "HEGUI_LANG", default_value = "zh")]
    lang: Lang,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Scan files and folders (default: the current folder); `-` reads standard input.
    Check(CheckArgs),
    /// List, explain and test rules.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Work with plain word lists.
    Wordlist {
        #[command(subcommand)]
        command: WordlistCommand,
    },
    /// List clusters of near-duplicate articles (copied, edited or rewritten) among PATHS, or among
    /// the documents of a corpus index.
    Dedup {
        /// Files or folders.
        #[arg(required_unless_present = "corpus")]
        paths: Vec<PathBuf>,
        /// Audit the documents of this corpus index (with PATHS: those too).
        #[arg(long, value_name = "INDEX")]
        corpus: Option<PathBuf>,
        /// Report a pair when shared passages cover at least this share of one of the two (0–1).
        #[arg(long, default_value_t = 0.3)]
        min_coverage: f64,
        /// Shortest reported stretch of shared text in normalized characters [default: 30].
        #[arg(long)]
        min_chars: Option<usize>,
        /// Only verbatim and near copies (no synonym/homophone rewrite detection).
        #[arg(long)]
        no_rewrites: bool,
        /// Output as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Watch files and folders: scan them, then re-scan each file that changes (Ctrl-C ends).
    Watch(crate::watch::WatchArgs),
    /// Maintain a corpus index of published articles for duplicate (抄袭) checks.
    Corpus {
        #[command(subcommand)]
        command: CorpusCommand,
    },
}

#[derive(Debug, Subcommand)]
enum CorpusCommand {
    /// Add files and folders to the index (created if missing); unchanged files are skipped.
    Add {
        /// The index file.
        index: PathBuf,
        /// Files or folders to add.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Remove documents (by the path they were added under).
    Remove {
        /// The index file.
        index: PathBuf,
        /// Paths to remove.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Show what the index holds.
    Stats {
        /// The index file.
        index: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum WordlistCommand {
    /// Turn a plain list (one term per line, `term<TAB>category`, or `term|term|…`) into a rule pack.
    ///
    /// Duplicates (after normalization) are dropped and bad lines reported with their line
    /// numbers; lines whose category column is a lower-case ASCII name get a rule of their own.
    Import {
        /// The list (UTF-8, UTF-16 with BOM or GB18030).
        file: PathBuf,
        /// Category of the rules (lower-case ASCII, e.g. `politics`).
        #[arg(long)]
        category: String,
        /// Severity of the rules.
        #[arg(long, value_enum, default_value = "warning")]
        severity: Severity,
        /// Rule id prefix (upper-case letters); ids are PREFIX001, PREFIX002, …
        #[arg(long, default_value = "USR")]
        id_prefix: String,
        /// msgSecCheck label code for the rules (e.g. 20001 时政).
        #[arg(long)]
        label: Option<u32>,
        /// Pack name (default: the file name).
        #[arg(long)]
        name: Option<String>,
        /// Write the pack here instead of standard output.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum RulesCommand {
    /// List the enabled rules.
    List {
        #[command(flatten)]
        config: ConfigArgs,
        /// Output as JSON.
        #[arg(long)]
        json: bool,
        /// Show term counts per pack and category, load time and memory instead.
        #[arg(long)]
        stats: bool,
    },
    /// Show everything about one rule.
    Explain {
        /// Rule id, e.g. AD001.
        id: String,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Check every rule against its examples: each `hit` must fire, each `miss` must not.
    Test {
        #[command(flatten)]
        config: ConfigArgs,
    },
}

/// Where rules and settings come from.
#[derive(Debug, Clone, Args)]
pub(crate) struct ConfigArgs {
    /// Config file (default: hegui.toml found by walking up from the first path).
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Ignore any hegui.toml.
    #[arg(long, conflicts_with = "config")]
    pub(crate) no_config: bool,
    /// Extra rule pack (TOML); repeatable.
    #[arg(long = "pack", value_name = "FILE")]
    pub(crate) packs: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Files or folders to scan; `-` for standard input.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Report format.
    #[arg(long, short = 'f', value_enum, default_value = "human")]
    format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1 [default: error].
    #[arg(long, value_enum)]
    fail_level: Option<Severity>,
    #[command(flatten)]
    config: ConfigArgs,
    /// Input encoding [default: auto].
    #[arg(long, value_enum)]
    encoding: Option<EncodingChoice>,
    /// File name to report for standard input; its extension picks the format.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    /// Only these rules (ids, id prefixes, categories, packs; comma-separated). Replaces the config's.
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Also ignore these rules (comma-separated).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Scan Markdown code blocks too.
    #[arg(long)]
    scan_code_blocks: bool,
    /// Refuse files larger than this many bytes [default: 67108864].
    #[arg(long, value_name = "BYTES")]
    max_file_size: Option<u64>,
    /// Do not respect .gitignore, .ignore or .heguiignore files; include hidden files.
    #[arg(long)]
    no_ignore: bool,
    /// Also report passages copied (DUP001) or rewritten (DUP002) from documents of this corpus
    /// index [default: `[dedup] corpus` in hegui.toml].
    #[arg(long, value_name = "INDEX")]
    corpus: Option<PathBuf>,
    /// Worker threads (0: one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    threads: usize,
    /// When to use colour.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
}

/// Parses arguments and runs the command.
pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    let lang = cli.lang;
    match cli.command {
        Command::Check(args) => check(args, lang),
        Command::Watch(args) => crate::watch::watch(args, lang),
        Command::Rules { command } => rules(command, lang),
        Command::Wordlist {
            command: WordlistCommand::Import { file, category, severity, id_prefix, label, name, output },
        } => import(&file, &category, severity, &id_prefix, label, name, output.as_deref(), lang),
        Command::Dedup { paths, corpus, min_coverage, min_chars, no_rewrites, json } => {
            if !(0.0..=1.0).contains(&min_coverage) {
                return Ok(fail(
                    lang,
                    lang.pick("--min-coverage 须在 0 到 1 之间", "--min-coverage must be between 0 and 1"),
                ));
            }
            let min_piece = hegui::detect::dedup::align::MIN_PIECE as usize;
            if min_chars.is_some_and(|m| m < min_piece) {
                return Ok(fail(
                    lang,
                    format!("{} {min_piece}", lang.pick("--min-chars 不能小于", "--min-chars must be at least")),
                ));
            }
            let files = match Config::default().files_matcher() {
                Ok(f) => f,
                Err(e) => return Ok(fail(lang, e)),
            };
            let opts = hegui::detect::dedup::QueryOptions {
                min_chars: min_chars.unwrap_or(hegui::detect::dedup::index::MIN_CHARS),
                rewrites: !no_rewrites,
                ..Default::default()
            };
            let audit = crate::corpus_cli::Audit { corpus: corpus.as_deref(), min_coverage, opts, json };
            crate::corpus_cli::dedup(&paths, &files, &audit, lang)
        }
        Command::Corpus { command } => match command {
            CorpusCommand::Add { index, paths } => {
                let files = match Config::default().files_matcher() {
                    Ok(f) => f,
                    Err(e) => return Ok(fail(lang, e)),
                };
                crate::corpus_cli::add(&index, &paths, &files, lang)
            }
            CorpusCommand::Remove { index, paths } => crate::corpus_cli::remove(&index, &paths, lang),
            CorpusCommand::Stats { index } => crate::corpus_cli::stats(&index, lang),
        },
    }
}

/// Prints a user-facing error and returns exit code 2.
pub(crate) fn fail(lang: Lang, msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("hegui: {}{msg}", lang.pick("错误：", "error: "));
    ExitCode::from(2)
}

/// Loads the config named by `args`, or the one found from `start`, or the defaults.
pub(crate) fn load_config(args: &ConfigArgs, start: &Path) -> Result<Config, config::ConfigError> {
    if args.no_config {
        return Ok(Config::default());
    }
    match &args.config {
        Some(p) => config::load(p),
        None => match config::discover(start) {
            Some(p) => config::load(&p),
            None => Ok(Config::default()),
        },
    }
}

/// The config of a run (with `--select`/`--ignore` applied), its rule engine and file filters.
pub(crate) struct RuleSetup {
    /// The config.
    pub(crate) cfg: Config,
    /// The enabled rules.
    pub(crate) engine: Engine,
    /// `[files]` filters.
    pub(crate) files: config::FilesMatcher,
}

/// Loads the config (found from `start`), builds the engine and files matcher, and checks that
/// every per-file ignore names an enabled rule. The error names the file at fault.
pub(crate) fn rule_setup(
    args: &ConfigArgs,
    start: &Path,
    select: &[String],
    ignore: &[String],
) -> Result<RuleSetup, String> {
    let mut cfg = load_config(args, start).map_err(|e| e.to_string())?;
    if !select.is_empty() {
        cfg.rules.select = select.to_vec();
    }
    cfg.rules.ignore.extend(ignore.iter().cloned());
    let engine = cfg.engine(&args.packs).map_err(|e| e.to_string())?;
    let files = cfg.files_matcher().map_err(|e| e.to_string())?;
    for (glob, sels) in &cfg.files.per_file_ignores {
        for s in sels {
            if !engine.rules().iter().any(|r| selector_matches(s, r)) {
                let file = cfg.path.as_deref().unwrap_or(Path::new(config::FILE_NAME)).display().to_string();
                return Err(format!("{file}: `files.per-file-ignores.\"{glob}\"`: `{s}` matches no enabled rule"));
            }
        }
    }
    Ok(RuleSetup { cfg, engine, files })
}

fn check(args: CheckArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && args.paths.len() > 1 {
        return Ok(fail(
            lang,
            lang.pick(
                "`-`（标准输入）不能与其他路径同时使用",
                "`-` (standard input) cannot be combined with other paths",
            ),
        ));
    }
    let start = if stdin { PathBuf::from(".") } else { args.paths[0].clone() };
    let RuleSetup { cfg, engine, files } = match rule_setup(&args.config, &start, &args.select, &args.ignore) {
        Ok(s) => s,
        Err(e) => return Ok(fail(lang, e)),
    };
    let fail_level = args.fail_level.or(cfg.check.fail_level).unwrap_or(Severity::Error);
    let corpus_path = args.corpus.clone().or_else(|| cfg.dedup.corpus_path(&cfg.dir));
    let corpus_index = match &corpus_path {
        None => None,
        Some(p) => match hegui::detect::dedup::index::Index::load(p) {
            Ok(i) => Some(i),
            Err(e) => return Ok(fail(lang, e)),
        },
    };
    let corpus = corpus_index.as_ref().map(|index| scan::CorpusCheck { index, options: cfg.dedup.query_options() });
    let opts = ScanOptions {
        source: SourceOptions {
            encoding: args.encoding.or(cfg.check.encoding).unwrap_or_default(),
            scan_code: args.scan_code_blocks || cfg.files.scan_code_blocks,
            max_file_size: args
                .max_file_size
                .or(cfg.files.max_file_size)
                .unwrap_or(SourceOptions::default().max_file_size),
        },
        lang,
    };
    if args.threads > 0 {
        // Ignore the error if a pool already exists (only possible when embedded).
        let _ = rayon::ThreadPoolBuilder::new().num_threads(args.threads).build_global();
    }

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none() && io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => match File::create(p) {
            Ok(f) => Box::new(BufWriter::new(f)),
            Err(e) => return Ok(fail(lang, format!("{}: {e}", p.display()))),
        },
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let mut printer = report::printer(args.format, lang, color);
    let run = RunInfo { rules: engine.rule_meta(lang), lang, color, version: env!("CARGO_PKG_VERSION").to_owned() };
    printer.begin(&mut out, &run)?;
    let mut summary = Summary::default();
    let mut emit = |file: FileReport, out: &mut Box<dyn Write>, summary: &mut Summary| -> io::Result<()> {
        match &file.status {
            FileStatus::Error { message } => {
                eprintln!("hegui: {}{}: {message}", lang.pick("错误：", "error: "), file.path)
            }
            FileStatus::Skipped { reason } => {
                eprintln!("hegui: {}{}: {reason}", lang.pick("提示：", "note: "), file.path)
            }
            FileStatus::Scanned { .. } => {}
        }
        summary.add(&file);
        printer.file(out, &file)
    };
    let mut input_errors = false;
    let mut failing = false;
    let mut note = |file: &FileReport| {
        input_errors |= matches!(file.status, FileStatus::Error { .. });
        failing |= file.findings.iter().any(|f| f.severity >= fail_level);
    };

    if stdin {
        let name = args.stdin_filename.clone().unwrap_or_else(|| "-".to_owned());
        let mut bytes = Vec::new();
        let loaded = match io::stdin().lock().read_to_end(&mut bytes) {
            Ok(_) => {
                let format = source::Format::from_path(Path::new(&name)).unwrap_or(source::Format::Txt);
                source::load(&bytes, format, &opts.source)
            }
            Err(e) => Err(SourceError::Io(e)),
        };
        let ignored = ignored_rules(&engine, &files, Path::new(&name));
        let file = scan::scan_loaded(&name, loaded, &engine, lang, &ignored, corpus.as_ref());
        note(&file);
        emit(file, &mut out, &mut summary)?;
    } else {
        let wopts = WalkOptions { no_ignore: args.no_ignore, threads: args.threads };
        let (inputs, walk_errors) = walk::collect(&args.paths, &files, &wopts);
        for e in walk_errors {
            let err = SourceError::Io(io::Error::new(e.error, e.message));
            let file = FileReport {
                path: e.path,
                status: FileStatus::Error { message: scan::error_text(&err, lang) },
                findings: Vec::new(),
            };
            note(&file);
            emit(file, &mut out, &mut summary)?;
        }
        // Scan in parallel, chunk by chunk, and print each chunk in path order: output is
        // deterministic and memory stays bounded on very large batches.
        for chunk in inputs.chunks(256) {
            let reports: Vec<FileReport> = chunk
                .par_iter()
                .map(|input| {
                    let ignored = ignored_rules(&engine, &files, &input.path);
                    let loaded = read_input(&input.path, opts.source.max_file_size)
                        .and_then(|bytes| source::load(&bytes, input.format, &opts.source));
                    scan::scan_loaded(&input.display, loaded, &engine, lang, &ignored, corpus.as_ref())
                })
                .collect();
            for file in reports {
                note(&file);
                emit(file, &mut out, &mut summary)?;
            }
        }
    }
    printer.finish(&mut out, &summary)?;
    out.flush().context("writing the report")?;
    Ok(if input_errors {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads a file, refusing one over the size limit before reading it.
pub(crate) fn read_input(path: &Path, limit: u64) -> Result<Vec<u8>, SourceError> {
    let meta = std::fs::metadata(path)?;
    if meta.len() > limit {
        return Err(SourceError::TooLarge { size: meta.len(), limit });
    }
    Ok(std::fs::read(path)?)
}

/// Indices of the rules ignored for `path` by `files.per-file-ignores`.
pub(crate) fn ignored_rules(engine: &Engine, files: &config::FilesMatcher, path: &Path) -> HashSet<usize> {
    files.ignored_rules(path).into_iter().flat_map(|s| engine.resolve(s)).collect()
}

fn engine_for(args: &ConfigArgs, lang: Lang) -> Result<Engine, ExitCode> {
    let cfg = load_config(args, Path::new(".")).map_err(|e| fail(lang, e))?;
    cfg.engine(&args.packs).map_err(|e| fail(lang, e))
}

fn rules(cmd: RulesCommand, lang: Lang) -> anyhow::Result<ExitCode> {
    match cmd {
        RulesCommand::List { config, json, stats } => {
            let started = std::time::Instant::now();
            let engine = match engine_for(&config, lang) {
                Ok(e) => e,
                Err(code) => return Ok(code),
            };
            let load = started.elapsed();
            let mut out = io::stdout().lock();
            if stats {
                print_stats(&mut out, &engine, load, lang)?;
            } else if json {
                let meta = engine.rule_meta(lang);
                serde_json::to_writer_pretty(&mut out, &meta)?;
                writeln!(out)?;
            } else {
                for r in engine.rules() {
                    writeln!(
                        out,
                        "{:<8} {:<8} {:<10} {:>4} {}  {}",
                        r.id,
                        r.severity,
                        r.category,
                        r.terms.len(),
                        r.name,
                        r.reference.as_deref().unwrap_or("")
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        RulesCommand::Explain { id, config } => {
            let engine = match engine_for(&config, lang) {
                Ok(e) => e,
                Err(code) => return Ok(code),
            };
            let Some(r) = engine.rules().iter().find(|r| r.id.eq_ignore_ascii_case(&id)) else {
                return Ok(fail(lang, format!("{}`{id}`", lang.pick("没有这条规则：", "no such rule: "))));
            };
            explain(&mut io::stdout().lock(), r, lang)?;
            Ok(ExitCode::SUCCESS)
        }
        RulesCommand::Test { config } => {
            let engine = match engine_for(&config, lang) {
                Ok(e) => e,
                Err(code) => return Ok(code),
            };
            let failures = test_examples(&engine);
            let mut out = io::stdout().lock();
            let examples: usize = engine.rules().iter().map(|r| r.examples.hit.len() + r.examples.miss.len()).sum();
            for (id, kind, text) in &failures {
                let what = match (*kind, lang) {
                    ("hit", Lang::Zh) => "应命中但未命中",
                    ("hit", Lang::En) => "should hit but did not",
                    (_, Lang::Zh) => "不应命中但命中了",
                    (_, Lang::En) => "should not hit but did",
                };
                writeln!(out, "FAIL {id}: {what}: {text}")?;
            }
            // Corpus rules need an index to fire; the dedup tests cover them.
            let no_examples: Vec<&str> = engine
                .rules()
                .iter()
                .filter(|r| r.examples.hit.is_empty() && !r.kind.needs_corpus())
                .map(|r| r.id.as_str())
                .collect();
            for id in &no_examples {
                writeln!(out, "FAIL {id}: {}", lang.pick("没有 examples.hit 示例", "has no examples.hit"))?;
            }
            let failed = failures.len() + no_examples.len();
            writeln!(
                out,
                "{}",
                match lang {
                    Lang::Zh =>
                        format!("规则测试：{} 条规则，{examples} 个示例，{failed} 个失败", engine.rules().len()),
                    Lang::En =>
                        format!("rules test: {} rules, {examples} examples, {failed} failed", engine.rules().len()),
                }
            )?;
            Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
    }
}

/// Runs every rule's examples through the full engine; returns (rule id, "hit"|"miss", text) failures.
fn test_examples(engine: &Engine) -> Vec<(String, &'static str, String)> {
    let opts = ScanOptions::default();
    let fires = |rule: &Rule, text: &str| {
        // An example is scanned in a field the rule applies to: as the body of a text file, or
        // as a Markdown title, digest, image alt text or link target.
        let one_line = text.replace('\n', " ");
        let (name, doc) = if rule.fields.contains(&Field::Body) {
            ("example.txt", text.to_owned())
        } else {
            match rule.fields.first() {
                Some(Field::Title) => ("example.md", format!("---\ntitle: {one_line}\n---\n")),
                Some(Field::Digest) => ("example.md", format!("---\ndigest: {one_line}\n---\n")),
                Some(Field::Author) => ("example.md", format!("---\nauthor: {one_line}\n---\n")),
                Some(Field::Alt) => ("example.md", format!("![{one_line}](a.png)\n")),
                Some(Field::Link) => ("example.md", format!("[link]({one_line})\n")),
                _ => ("example.txt", text.to_owned()),
            }
        };
        let rep = scan::scan_bytes(name, doc.as_bytes(), engine, &opts);
        rep.findings.iter().any(|f| f.rule == rule.id)
    };
    let mut failures = Vec::new();
    for r in engine.rules() {
        for h in &r.examples.hit {
            if !fires(r, h) {
                failures.push((r.id.clone(), "hit", h.clone()));
            }
        }
        for m in &r.examples.miss {
            if fires(r, m) {
                failures.push((r.id.clone(), "miss", m.clone()));
            }
        }
    }
    failures
}

fn explain(out: &mut impl Write, r: &Rule, lang: Lang) -> io::Result<()> {
    let l = |zh, en| lang.pick(zh, en);
    writeln!(out, "{} ({})", r.id, r.name)?;
    writeln!(out, "  {}: {}", l("类别", "category"), r.category)?;
    writeln!(out, "  {}: {}", l("级别", "severity"), r.severity)?;
    writeln!(out, "  {}: {}", l("规则包", "pack"), r.pack)?;
    writeln!(out, "  {}: {}", l("定义于", "defined in"), r.origin)?;
    if let Some(refr) = &r.reference {
        writeln!(out, "  {}: {refr}", l("依据", "reference"))?;
    }
    writeln!(out, "  {}: {}", l("说明", "message"), r.message)?;
    writeln!(out, "  {}: {}", l("英文说明", "message (en)"), r.message_en)?;
    let fields: Vec<&str> = r.fields.iter().map(|f| f.as_str()).collect();
    writeln!(out, "  {}: {}", l("适用字段", "fields"), fields.join(", "))?;
    writeln!(out, "  {} ({}): {}", l("词条", "terms"), r.terms.len(), r.terms.join("、"))?;
    if !r.except.is_empty() {
        writeln!(out, "  {}: {}", l("例外语境", "except"), r.except.join("、"))?;
    }
    for h in &r.examples.hit {
        writeln!(out, "  {}: {h}", l("命中示例", "hit"))?;
    }
    for m in &r.examples.miss {
        writeln!(out, "  {}: {m}", l("不命中示例", "miss"))?;
    }
    Ok(())
}

/// Peak resident memory of this process in KiB (Linux), if known.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn print_stats(out: &mut impl Write, engine: &Engine, load: std::time::Duration, lang: Lang) -> io::Result<()> {
    let mut rows: std::collections::BTreeMap<(String, String), (usize, usize)> = std::collections::BTreeMap::new();
    for r in engine.rules() {
        let row = rows.entry((r.pack.clone(), r.category.clone())).or_default();
        row.0 += 1;
        row.1 += r.terms.len() + r.variants.len();
    }
    writeln!(out, "{:<10} {:<12} {:>6} {:>7}", "pack", "category", "rules", "terms")?;
    for ((pack, category), (rules, terms)) in &rows {
        writeln!(out, "{pack:<10} {category:<12} {rules:>6} {terms:>7}")?;
    }
    let (rules, terms) = rows.values().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    writeln!(out, "{:<23} {rules:>6} {terms:>7}", "total")?;
    writeln!(
        out,
        "{}: {}",
        lang.pick("自动机模式（含例外语境、拼音）", "automaton patterns (incl. except contexts, pinyin)"),
        engine.lexicon().term_count()
    )?;
    writeln!(out, "{}: {:.1} ms", lang.pick("加载时间", "load time"), load.as_secs_f64() * 1000.0)?;
    match peak_rss_kib() {
        Some(k) => writeln!(out, "{}: {:.1} MB", lang.pick("峰值内存", "peak RSS"), k as f64 / 1024.0),
        None => Ok(()),
    }
}

/// `hegui wordlist import`.
#[allow(clippy::too_many_arguments)]
fn import(
    file: &Path,
    category: &str,
    severity: Severity,
    id_prefix: &str,
    label: Option<u32>,
    name: Option<String>,
    output: Option<&Path>,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    use hegui::detect::wordlist;
    let shown = file.display().to_string();
    if hegui::detect::pack::check_id_and_category(&shown, &format!("{id_prefix}1"), category).is_err() {
        return Ok(fail(
            lang,
            lang.pick(
                "--id-prefix 须为大写字母，--category 须为小写 ASCII（如 politics）",
                "--id-prefix must be upper-case letters and --category lower-case ASCII (e.g. politics)",
            ),
        ));
    }
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return Ok(fail(lang, format!("{shown}: {}", scan::error_text(&SourceError::Io(e), lang)))),
    };
    let text = match source::decode::decode(&bytes, EncodingChoice::Auto) {
        Ok(d) => d.text,
        Err(e) => return Ok(fail(lang, format!("{shown}: {}", scan::error_text(&SourceError::Decode(e), lang)))),
    };
    let list = wordlist::parse(&text);
    for b in &list.bad {
        eprintln!("hegui: {}{shown}:{}: {}", lang.pick("跳过坏行：", "skipped bad line: "), b.line, b.reason);
    }
    if list.terms.is_empty() {
        return Ok(fail(lang, format!("{shown}: {}", lang.pick("没有可用的词条", "no usable terms"))));
    }
    // Group by the category column where it is a valid name; others use --category.
    let valid = |c: &str| hegui::detect::pack::check_id_and_category("", "X1", c).is_ok();
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for t in &list.terms {
        let cat = t.category.as_deref().filter(|c| valid(c)).unwrap_or(category).to_owned();
        match groups.iter_mut().find(|(c, _)| *c == cat) {
            Some((_, v)) => v.push(t.term.clone()),
            None => groups.push((cat, vec![t.term.clone()])),
        }
    }
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("imported");
    let pack_name: String = name.unwrap_or_else(|| {
        let n: String =
            stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
        if n.trim_matches('-').is_empty() { "imported".into() } else { n }
    });
    let q = |s: &str| toml::Value::String(s.to_owned()).to_string();
    let mut toml_out = format!(
        "# Imported by `hegui wordlist import` from {} ({} terms, {} duplicates dropped, {} bad lines skipped).\n[pack]\nname = {}\nsource = {}\n",
        shown,
        list.terms.len(),
        list.duplicates,
        list.bad.len(),
        q(&pack_name),
        q(&format!("imported from {shown}; check its licence before shipping")),
    );
    for (i, (cat, terms)) in groups.iter().enumerate() {
        let quoted: Vec<String> = terms.iter().map(|t| q(t)).collect();
        let examples: Vec<String> = terms.iter().take(3).map(|t| q(t)).collect();
        toml_out.push_str(&format!(
            "\n[[rules]]\nid = {}\nname = {}\ncategory = {}\nseverity = {}\n{}message = {}\nmessage_en = {}\nterms = [{}]\n[rules.examples]\nhit = [{}]\n",
            q(&format!("{id_prefix}{:03}", i + 1)),
            q(&format!("{pack_name}-{cat}")),
            q(cat),
            q(severity.as_str()),
            label.map(|l| format!("label = {l}\n")).unwrap_or_default(),
            q("出现词表中的词「{term}」"),
            q("Listed term \"{term}\""),
            quoted.join(", "),
            examples.join(", "),
        ));
    }
    // The pack must load: the same checks as any pack.
    if let Err(e) = hegui::detect::pack::load_str(&shown, &toml_out) {
        return Ok(fail(lang, e));
    }
    match output {
        Some(p) => std::fs::write(p, &toml_out).with_context(|| format!("writing {}", p.display()))?,
        None => io::stdout().lock().write_all(toml_out.as_bytes())?,
    }
    eprintln!(
        "hegui: {}",
        match lang {
            Lang::Zh => format!(
                "导入 {} 个词条（{} 条规则），去重 {} 个，跳过坏行 {} 行",
                list.terms.len(),
                groups.len(),
                list.duplicates,
                list.bad.len()
            ),
            Lang::En => format!(
                "imported {} terms ({} rules), {} duplicates dropped, {} bad lines skipped",
                list.terms.len(),
                groups.len(),
                list.duplicates,
                list.bad.len()
            ),
        }
    );
    Ok(ExitCode::SUCCESS)
}
