//! `hegui audit`: scan an archive of articles and write an audit report folder (report.html,
//! report.json, report.md, findings.csv). The library aggregates; this file parses arguments,
//! writes the files and picks the outcome.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use clap::Args;
use rayon::prelude::*;

use hegui::dedup::index::Index;
use hegui::model::{FileStatus, Lang, Severity};
use hegui::report::audit::schema::Cluster;
use hegui::report::audit::{self, Aggregator, Article, AuditOptions, csv::CsvWriter, evidence};
use hegui::report::problem_text;
use hegui::scan::{CorpusChoice, ScannerOptions, WalkOptions};
use hegui::source::EncodingChoice;

use crate::args::ConfigArgs;
use crate::progress::Progress;
use crate::{CliError, CmdResult, Outcome};

/// Arguments of `hegui audit`.
#[derive(Debug, Args)]
pub(crate) struct AuditArgs {
    /// Files or folders to audit.
    #[arg(required = true)]
    pub(crate) paths: Vec<PathBuf>,
    /// Folder to write report.html, report.json, report.md and findings.csv into (created if
    /// missing; existing reports in it are replaced).
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
    #[command(flatten)]
    pub(crate) config: ConfigArgs,
    /// Exit with 1 when a finding is at or above this severity (by default an audit exits 0
    /// whatever it finds).
    #[arg(long, value_enum)]
    pub(crate) fail_level: Option<Severity>,
    /// Only these rules (ids, id prefixes, categories, packs; comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub(crate) select: Vec<String>,
    /// Also ignore these rules (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub(crate) ignore: Vec<String>,
    /// Input encoding [default: auto].
    #[arg(long, value_enum)]
    pub(crate) encoding: Option<EncodingChoice>,
    /// Scan Markdown code blocks too.
    #[arg(long)]
    pub(crate) scan_code_blocks: bool,
    /// Refuse files larger than this many bytes [default: 67108864].
    #[arg(long, value_name = "BYTES")]
    pub(crate) max_file_size: Option<u64>,
    /// List at most this many findings per file in findings.csv; the rest are counted.
    #[arg(long, value_name = "N")]
    pub(crate) max_findings: Option<usize>,
    /// Do not respect .gitignore, .ignore or .heguiignore files; include hidden files.
    #[arg(long)]
    pub(crate) no_ignore: bool,
    /// Also report passages copied from documents of this corpus index, with a duplicates table.
    #[arg(long, value_name = "INDEX")]
    pub(crate) corpus: Option<PathBuf>,
    /// Also find near-duplicate clusters among the audited articles (which copy which, and how
    /// much); builds an in-memory index of every article (about 10 KB each).
    #[arg(long)]
    pub(crate) dedup: bool,
    /// Worst articles listed in the report.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub(crate) top: usize,
    /// Worker threads (0: one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    pub(crate) threads: usize,
    /// No progress bar and no closing summary on stderr.
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,
}

impl AuditArgs {
    /// The settings that change what is found, as given, for the evidence block.
    fn options(&self) -> Vec<String> {
        let mut o = Vec::new();
        let mut push = |k: &str, v: String| o.push(format!("--{k}={v}"));
        if !self.select.is_empty() {
            push("select", self.select.join(","));
        }
        if !self.ignore.is_empty() {
            push("ignore", self.ignore.join(","));
        }
        for p in &self.config.packs {
            push("pack", p.display().to_string());
        }
        if let Some(e) = self.encoding {
            push("encoding", format!("{e:?}").to_lowercase());
        }
        if let Some(n) = self.max_file_size {
            push("max-file-size", n.to_string());
        }
        if let Some(n) = self.max_findings {
            push("max-findings", n.to_string());
        }
        if let Some(c) = &self.corpus {
            push("corpus", c.display().to_string());
        }
        if self.dedup {
            o.push("--dedup".into());
        }
        if self.scan_code_blocks {
            o.push("--scan-code-blocks".into());
        }
        if self.no_ignore {
            o.push("--no-ignore".into());
        }
        if self.config.settings.no_config {
            o.push("--no-config".into());
        }
        o
    }
}

/// Creates `dir/name` for writing.
fn create(dir: &Path, name: &str, lang: Lang) -> Result<BufWriter<File>, CliError> {
    let p = dir.join(name);
    File::create(&p).map(BufWriter::new).map_err(|e| CliError::io_path(p.display(), &e, lang))
}

/// Near-duplicate clusters among the audited articles: every article fingerprinted into a fresh
/// in-memory index, then every pair covering at least 30 % of one side.
fn archive_clusters(args: &AuditArgs, scanner: &hegui::scan::Scanner, lang: Lang) -> Result<Vec<Cluster>, CliError> {
    let reader = args.config.settings.reader(&args.paths, lang)?;
    let mut index = Index::new();
    crate::corpus::add_all(&args.paths, &reader, &mut index, lang, args.quiet);
    let names: Vec<String> = index.paths().map(str::to_owned).collect();
    let opts = hegui::dedup::QueryOptions::from(&scanner.config().dedup);
    let progress = crate::corpus::Progress::new(lang.pick("已比对", "compared"), names.len(), lang, args.quiet);
    let pairs = index.pairs(&opts, 0.3, &|_| progress.tick());
    Ok(audit::clusters::clusters(&names, &pairs))
}

/// Runs `hegui audit`.
pub(crate) fn run(args: AuditArgs, lang: Lang) -> CmdResult {
    let started = SystemTime::now();
    // Worker threads: if they cannot be started (a process limit), scan on this thread instead
    // of failing (rayon would panic on first use of a pool it could not build).
    let parallel = match rayon::ThreadPoolBuilder::new().num_threads(args.threads).build_global() {
        Ok(()) => true,
        Err(e) => {
            eprintln!(
                "hegui: {}{e}",
                lang.pick(
                    "提示：无法启动工作线程，改为单线程扫描：",
                    "note: cannot start worker threads, scanning on one thread: "
                )
            );
            false
        }
    };
    let opts = ScannerOptions {
        packs: Vec::new(),
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        encoding: args.encoding,
        scan_code_blocks: args.scan_code_blocks,
        max_file_size: args.max_file_size,
        max_findings: args.max_findings,
        corpus: args.corpus.clone().map_or(CorpusChoice::None, CorpusChoice::File),
        lang,
        // With worker threads, the rules load on two and the second builds the patterns every
        // scan needs meanwhile (as `check` does).
        setup_threads: if parallel && rayon::current_num_threads() > 1 { 2 } else { 1 },
        warm_up: hegui::detect::WarmUp::Full,
    };
    let scanner = args.config.scanner(&args.paths[0], opts)?;
    std::fs::create_dir_all(&args.out).map_err(|e| CliError::io_path(args.out.display(), &e, lang))?;
    let wopts = WalkOptions { no_ignore: args.no_ignore, threads: if parallel { args.threads } else { 1 } };
    let (inputs, walk_errors) = scanner.walk(&args.paths, &wopts);

    let aopts = AuditOptions { worst_articles: args.top, ..AuditOptions::default() };
    let mut agg = Aggregator::new(scanner.engine(), lang, scanner.corpus().is_some(), aopts);
    let mut csv = CsvWriter::new(create(&args.out, audit::FINDINGS_CSV, lang)?)?;
    let fail_level = args.fail_level;
    let (mut input_errors, mut failing) = (false, false);
    let mut take = |a: Article, csv: &mut CsvWriter<BufWriter<File>>| -> std::io::Result<()> {
        let file = &a.report;
        match &file.status {
            FileStatus::Error(p) => {
                eprintln!("hegui: {}{}: {}", lang.pick("错误：", "error: "), file.path, problem_text(p, lang))
            }
            FileStatus::Skipped(p) if !args.quiet => {
                eprintln!("hegui: {}{}: {}", lang.pick("提示：", "note: "), file.path, problem_text(p, lang))
            }
            _ => {}
        }
        input_errors |= file.is_error();
        failing |= fail_level.is_some_and(|l| file.has_at_least(l));
        csv.file(file)?;
        agg.add(&a);
        Ok(())
    };
    for report in walk_errors {
        take(Article { report, bytes: 0, hash: None, chars: 0, date: None }, &mut csv)?;
    }
    let mut progress = Progress::new(inputs.len(), args.quiet, lang);
    // Chunk by chunk in parallel, each chunk taken in path order: at most two chunks of articles
    // (their findings, not their texts) are held at a time. The previous chunk is counted and
    // written while the next one is scanned, so the workers are not left idle meanwhile.
    let scan = |chunk: &[hegui::scan::Input]| -> Vec<Article> {
        if parallel {
            chunk.par_iter().map(|i| audit::article::read(&scanner, i)).collect()
        } else {
            chunk.iter().map(|i| audit::article::read(&scanner, i)).collect()
        }
    };
    let mut pending: Vec<Article> = Vec::new();
    let mut take_all = |articles: Vec<Article>, csv: &mut CsvWriter<BufWriter<File>>| -> std::io::Result<()> {
        let (n, bytes) = (articles.len(), articles.iter().map(|a| a.bytes).sum());
        for a in articles {
            take(a, csv)?;
        }
        progress.advance(n, bytes);
        Ok(())
    };
    for chunk in inputs.chunks(256) {
        let previous = std::mem::take(&mut pending);
        let (scanned, taken) = if parallel {
            rayon::join(|| scan(chunk), || take_all(previous, &mut csv))
        } else {
            (scan(chunk), take_all(previous, &mut csv))
        };
        taken?;
        pending = scanned;
    }
    take_all(pending, &mut csv)?;
    progress.finish();
    csv.finish()?;

    let clusters = if args.dedup { Some(archive_clusters(&args, &scanner, lang)?) } else { None };
    let config = evidence::config(scanner.config(), args.options());
    let mut report = agg.finish(evidence::evidence(scanner.engine(), config, started));
    if let Some(c) = clusters {
        report.duplicates.get_or_insert_with(Default::default).clusters = Some(c);
    }
    // The three reports are independent: written side by side.
    let write_json = || -> Result<(), CliError> {
        let mut w = create(&args.out, audit::REPORT_JSON, lang)?;
        audit::json::write(&mut w, &report)?;
        Ok(w.flush()?)
    };
    let write_rest = || -> Result<(), CliError> {
        let mut w = create(&args.out, audit::REPORT_MD, lang)?;
        audit::markdown::write(&mut w, &report, lang)?;
        w.flush()?;
        let mut w = create(&args.out, audit::REPORT_HTML, lang)?;
        audit::html::write(&mut w, &report, lang)?;
        Ok(w.flush()?)
    };
    let (json, rest) = if parallel { rayon::join(write_json, write_rest) } else { (write_json(), write_rest()) };
    json?;
    rest?;

    if !args.quiet {
        let t = &report.totals;
        let html = args.out.join(audit::REPORT_HTML);
        eprintln!(
            "hegui: {}",
            match lang {
                Lang::Zh => format!(
                    "已审计 {} 篇文章，违规率 {}（≥错误）/ {}（≥警告），报告：{}",
                    t.articles,
                    audit::percent(t.violation_rate.error),
                    audit::percent(t.violation_rate.warning),
                    html.display()
                ),
                Lang::En => format!(
                    "audited {} articles, violation rate {} (≥ error) / {} (≥ warning); report: {}",
                    t.articles,
                    audit::percent(t.violation_rate.error),
                    audit::percent(t.violation_rate.warning),
                    html.display()
                ),
            }
        );
    }
    Ok(if input_errors {
        Outcome::InputErrors
    } else if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
