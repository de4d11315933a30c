//! Command-line arguments: one clap definition for every subcommand.

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use hegui::model::{Lang, Severity};
use hegui::report::Format;
use hegui::scan::{CorpusChoice, Scanner, ScannerOptions, load_config};
use hegui::source::EncodingChoice;

use crate::CliError;

/// 合规：中文公众号文章合规检查（广告法、平台规则、敏感词、个人信息）。
/// Compliance checks for Chinese articles.
#[derive(Debug, Parser)]
#[command(name = "hegui", version, about, long_about = None)]
pub(crate) struct Cli {
    /// Message language: zh (default) or en.
    #[arg(long, global = true, value_enum, env = "HEGUI_LANG", default_value = "zh")]
    pub(crate) lang: Lang,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Scan files and folders (default: the current folder); `-` reads standard input.
    Check(CheckArgs),
    /// Audit an archive: write report.html, report.json, report.md and findings.csv to --out DIR
    /// (违规率 by category, rule and label, trend, worst articles, evidence with hashes).
    Audit(crate::audit::AuditArgs),
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
    Dedup(DedupArgs),
    /// Write a copy of each file with every finding masked (`*` for each character, or the rule's
    /// `replacement`), everything else byte for byte.
    Mask(crate::mask::MaskArgs),
    /// Watch files and folders: scan them, then re-scan each file that changes (Ctrl-C ends).
    Watch(crate::watch::WatchArgs),
    /// Maintain a corpus index of published articles for duplicate (抄袭) checks.
    Corpus {
        #[command(subcommand)]
        command: CorpusCommand,
    },
    /// Print a shell completion script generated from these definitions (bash, zsh, fish,
    /// powershell, elvish).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) of hegui or of one subcommand; `--dir` writes every page.
    Man(crate::man::ManArgs),
}

#[derive(Debug, Subcommand)]
pub(crate) enum CorpusCommand {
    /// Add files and folders to the index (created if missing); unchanged files are skipped.
    Add {
        /// The index file.
        index: PathBuf,
        /// Files or folders to add.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        config: SettingsArgs,
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
pub(crate) enum WordlistCommand {
    /// Turn a plain list (one term per line, `term<TAB>category`, or `term|term|…`) into a rule pack.
    ///
    /// Duplicates (after normalization) are dropped and bad lines reported with their line
    /// numbers; lines whose category column is a lower-case ASCII name get a rule of their own.
    Import(ImportArgs),
}

#[derive(Debug, Subcommand)]
pub(crate) enum RulesCommand {
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
    #[command(flatten)]
    pub(crate) settings: SettingsArgs,
    /// Extra rule pack (TOML); repeatable.
    #[arg(long = "pack", value_name = "FILE")]
    pub(crate) packs: Vec<PathBuf>,
    /// Compile the term lists; neither read nor write the compiled-lexicon cache.
    #[arg(long)]
    pub(crate) no_cache: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// What `check --fix` does to each file with findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FixMode {
    /// Rewrite the file in place with each finding masked (as `hegui mask` writes it).
    Mask,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Files or folders to scan; `-` for standard input.
    #[arg(default_value = ".")]
    pub(crate) paths: Vec<PathBuf>,
    /// Report format.
    #[arg(long, short = 'f', default_value = "human", value_parser = format_parser())]
    pub(crate) format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Write FORMAT to FILE (standard output without `=FILE`); repeatable, so one run writes
    /// several reports, e.g. `--output-format sarif=hegui.sarif --output-format github`. Replaces
    /// `--format`/`--output`.
    #[arg(long = "output-format", value_name = "FORMAT[=FILE]", value_parser = parse_output)]
    pub(crate) outputs: Vec<OutputSpec>,
    /// Lowest severity that makes the exit code 1 [default: error].
    #[arg(long, value_enum)]
    pub(crate) fail_level: Option<Severity>,
    /// After the report, rewrite each UTF-8 text, Markdown or HTML file that has findings in
    /// place: `mask` replaces every finding of the selected rules (`*` per character, or the
    /// rule's replacement) and keeps every other byte. The report and exit code are those of the
    /// scan before masking.
    #[arg(long, value_enum, value_name = "MODE")]
    pub(crate) fix: Option<FixMode>,
    #[command(flatten)]
    pub(crate) config: ConfigArgs,
    /// Input encoding [default: auto].
    #[arg(long, value_enum)]
    pub(crate) encoding: Option<EncodingChoice>,
    /// File name to report for standard input; its extension picks the format.
    #[arg(long, value_name = "NAME")]
    pub(crate) stdin_filename: Option<String>,
    /// Only these rules (ids, id prefixes, categories, packs; comma-separated). Replaces the config's.
    #[arg(long, value_delimiter = ',')]
    pub(crate) select: Vec<String>,
    /// Also ignore these rules (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub(crate) ignore: Vec<String>,
    /// Scan Markdown code blocks too.
    #[arg(long)]
    pub(crate) scan_code_blocks: bool,
    /// Refuse files larger than this many bytes [default: 67108864].
    #[arg(long, value_name = "BYTES")]
    pub(crate) max_file_size: Option<u64>,
    /// List at most this many findings per file; the rest are counted, not listed [default:
    /// `[check] max-findings`, else 10000].
    #[arg(long, value_name = "N")]
    pub(crate) max_findings: Option<usize>,
    /// Do not respect .gitignore, .ignore or .heguiignore files; include hidden files.
    #[arg(long)]
    pub(crate) no_ignore: bool,
    /// Also report passages copied (DUP001) or rewritten (DUP002) from documents of this corpus
    /// index [default: `[dedup] corpus` in hegui.toml].
    #[arg(long, value_name = "INDEX")]
    pub(crate) corpus: Option<PathBuf>,
    /// Worker threads (0: one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    pub(crate) threads: usize,
    /// When to use colour.
    #[arg(long, value_enum, default_value = "auto")]
    pub(crate) color: ColorChoice,
    /// Findings accepted in this baseline file are reported as suppressed and do not fail the run;
    /// entries that no longer occur are listed.
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,
    /// Exit 0 when no file was scanned (by default that is an error, exit 2: a wrong path or an
    /// over-broad exclude would otherwise pass silently).
    #[arg(long)]
    pub(crate) allow_empty: bool,
    /// Counts per rule instead of the findings (the same as `--format statistics`).
    #[arg(long, conflicts_with_all = ["format", "outputs"])]
    pub(crate) statistics: bool,
    /// Quiet: findings and errors only — no summary line, no notes about skipped files.
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,
    /// Write every listed finding of this run to a baseline file (exit 0 unless an input fails).
    #[arg(long, value_name = "FILE")]
    pub(crate) write_baseline: Option<PathBuf>,
}

impl ConfigArgs {
    /// The config these arguments name (or the one found from `start`, or the defaults).
    pub(crate) fn load(&self, start: &Path) -> Result<hegui::config::Config, hegui::config::ConfigError> {
        let mut cfg = self.settings.load(start)?;
        if self.no_cache {
            cfg.cache.enabled = false;
        }
        // One run per draft: the bundled packs' lexicon is worth caching here.
        cfg.cache.min_terms = Some(hegui::detect::kinds::lexicon::cache::CLI_MIN_TERMS);
        Ok(cfg)
    }

    /// A scanner over the config found from `start`, with `opts` on top (extra packs from here).
    pub(crate) fn scanner(&self, start: &Path, opts: ScannerOptions) -> Result<Scanner, CliError> {
        self.scanner_from(self.load(start)?, opts)
    }

    /// [`ConfigArgs::scanner`] over a config already loaded (by [`ConfigArgs::load`]).
    pub(crate) fn scanner_from(
        &self,
        cfg: hegui::config::Config,
        mut opts: ScannerOptions,
    ) -> Result<Scanner, CliError> {
        opts.packs = self.packs.clone();
        Ok(Scanner::new(cfg, &opts)?)
    }
}

impl CheckArgs {
    /// The scanner settings these arguments ask for.
    pub(crate) fn scanner_options(&self, lang: Lang) -> ScannerOptions {
        ScannerOptions {
            packs: Vec::new(),
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            encoding: self.encoding,
            scan_code_blocks: self.scan_code_blocks,
            max_file_size: self.max_file_size,
            max_findings: self.max_findings,
            corpus: CorpusChoice::from_flag(self.corpus.clone()),
            lang,
            setup_threads: 1,
            warm_up: hegui::detect::WarmUp::None,
        }
    }
}

/// Arguments of `hegui dedup`.
#[derive(Debug, Args)]
pub(crate) struct DedupArgs {
    /// Files or folders.
    #[arg(required_unless_present = "corpus")]
    pub(crate) paths: Vec<PathBuf>,
    /// Audit the documents of this corpus index (with PATHS: those too).
    #[arg(long, value_name = "INDEX")]
    pub(crate) corpus: Option<PathBuf>,
    /// Report a pair when shared passages cover at least this share of one of the two (0–1).
    #[arg(long, default_value_t = 0.3)]
    pub(crate) min_coverage: f64,
    /// Shortest reported stretch of shared text in normalized characters [default: 30].
    #[arg(long)]
    pub(crate) min_chars: Option<usize>,
    /// Only verbatim and near copies (no synonym/homophone rewrite detection).
    #[arg(long)]
    pub(crate) no_rewrites: bool,
    /// Output as JSON.
    #[arg(long)]
    pub(crate) json: bool,
    #[command(flatten)]
    pub(crate) settings: SettingsArgs,
}

/// Which hegui.toml applies (for commands that read articles but take no rule packs).
#[derive(Debug, Clone, Args)]
pub(crate) struct SettingsArgs {
    /// Config file (default: hegui.toml found by walking up from the first path).
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Ignore any hegui.toml.
    #[arg(long, conflicts_with = "config")]
    pub(crate) no_config: bool,
}

impl SettingsArgs {
    /// The config these arguments name (or the one found from `start`, or the defaults).
    pub(crate) fn load(&self, start: &Path) -> Result<hegui::config::Config, hegui::config::ConfigError> {
        load_config(self.config.as_deref(), self.no_config, start)
    }

    /// A scanner that reads documents under the config found from the first of `paths` (or the
    /// current folder): its `[files]` filters, size limit and encoding apply; no rules are loaded.
    pub(crate) fn reader(&self, paths: &[PathBuf], lang: Lang) -> Result<Scanner, CliError> {
        let start = paths.first().map_or(Path::new("."), PathBuf::as_path);
        Ok(Scanner::for_reading(self.load(start)?, &ScannerOptions { lang, ..Default::default() })?)
    }
}

/// Arguments of `hegui wordlist import`.
#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The list (UTF-8, UTF-16 with BOM or GB18030).
    pub(crate) file: PathBuf,
    /// Category of the rules (lower-case ASCII, e.g. `politics`).
    #[arg(long)]
    pub(crate) category: String,
    /// Severity of the rules.
    #[arg(long, value_enum, default_value = "warning")]
    pub(crate) severity: Severity,
    /// Rule id prefix (upper-case letters); ids are PREFIX001, PREFIX002, …
    #[arg(long, default_value = "USR")]
    pub(crate) id_prefix: String,
    /// msgSecCheck label code for the rules (e.g. 20001 时政).
    #[arg(long)]
    pub(crate) label: Option<u32>,
    /// Pack name (default: the file name).
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// Write the pack here instead of standard output.
    #[arg(long, short = 'o')]
    pub(crate) output: Option<PathBuf>,
}

/// One `--output-format` value: a format and where it goes.
#[derive(Debug, Clone)]
pub(crate) struct OutputSpec {
    /// The format.
    pub(crate) format: Format,
    /// The file, or standard output.
    pub(crate) file: Option<PathBuf>,
}

/// Parses `FORMAT[=FILE]`.
fn parse_output(s: &str) -> Result<OutputSpec, String> {
    let (name, file) = match s.split_once('=') {
        Some((name, file)) if !file.is_empty() => (name, Some(PathBuf::from(file))),
        Some(_) => return Err(format!("`{s}`: no file after `=`")),
        None => (s, None),
    };
    Ok(OutputSpec { format: name.parse::<Format>()?, file })
}

/// `--format`: the names of the library's output formats (`report::FORMATS`).
pub(crate) fn format_parser() -> impl clap::builder::TypedValueParser<Value = Format> {
    formats_parser(|_| true)
}

/// `watch --format`: only the formats `watch` writes (its help offers no other).
pub(crate) fn watch_format_parser() -> impl clap::builder::TypedValueParser<Value = Format> {
    formats_parser(|name| name == Format::HUMAN.name() || name == Format::JSONL.name())
}

fn formats_parser(keep: fn(&str) -> bool) -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    let values =
        hegui::report::FORMATS.iter().filter(|f| keep(f.name)).map(|f| PossibleValue::new(f.name).help(f.about));
    PossibleValuesParser::new(values).map(|s| s.parse::<Format>().unwrap_or_default())
}
