//! `hegui check`: scan files, folders or standard input and print a report.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::thread::JoinHandle;

use anyhow::Context as _;

use hegui::detect::WarmUp;
use hegui::model::{FileReport, FileStatus, Lang, Severity, Summary};
use hegui::report::{self, Format, RunInfo, problem_text};
use hegui::scan::baseline::Baseline;
use hegui::scan::{Input, WalkOptions};
use hegui::source;

use crate::args::{CheckArgs, ColorChoice, FixMode};
use crate::progress::Progress;
use crate::{CliError, CmdResult, Outcome};

/// Runs `hegui check`.
pub(crate) fn run(args: CheckArgs, lang: Lang) -> CmdResult {
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && args.fix.is_some() {
        return Err(CliError::usage(lang.pick(
            "--fix 会改写文件，不能用于标准输入（可用 hegui mask）",
            "--fix rewrites files and cannot be used with standard input (use hegui mask)",
        )));
    }
    if stdin && args.paths.len() > 1 {
        return Err(CliError::usage(lang.pick(
            "`-`（标准输入）不能与其他路径同时使用",
            "`-` (standard input) cannot be combined with other paths",
        )));
    }
    let start = if stdin { PathBuf::from(".") } else { args.paths[0].clone() };
    // Worker threads: if they cannot be started (a process limit), scan on this thread instead
    // of failing (rayon would panic on first use of a pool it could not build).
    let parallel = match rayon::ThreadPoolBuilder::new().num_threads(args.threads).build_global() {
        Ok(()) => true,
        Err(e) => {
            eprintln!(
                "hegui: {}{}",
                lang.pick(
                    "提示：无法启动工作线程，改为单线程扫描：",
                    "note: cannot start worker threads, scanning on one thread: "
                ),
                e
            );
            false
        }
    };
    let wopts = WalkOptions { no_ignore: args.no_ignore, threads: if parallel { args.threads } else { 1 } };
    let (scanner, walked) = if parallel && rayon::current_num_threads() > 1 {
        // With one thread per core, the set-up is the part of a run that would otherwise run on one
        // core alone: the bundled packs load on two threads, and the second goes on to build what
        // the scans need first (the fold table, the cue pattern; for a run over many or long texts
        // the context patterns too), which nothing waits for: a scan that needs a pattern not built
        // yet builds it, or waits for the one being built. A folder is walked on a third.
        let cfg = args.config.load(&start)?;
        let mut opts = args.scanner_options(lang);
        opts.setup_threads = 2;
        // The inputs' size when they are all files (one look at each path).
        let file_bytes = if stdin { None } else { files_size(&args.paths) };
        opts.warm_up = if stdin || file_bytes.is_some_and(|n| n <= SHORT_RUN) { WarmUp::Short } else { WarmUp::Full };
        // The scanner's filters (built again by it from the same config); one that does not
        // compile is the scanner's error to report.
        let files = hegui::scan::FilesMatcher::new(&cfg).ok();
        let folders = !stdin && file_bytes.is_none();
        std::thread::scope(|s| {
            let walker = files.as_ref().filter(|_| folders).map(|files| {
                std::thread::Builder::new()
                    .name("hegui-walk".into())
                    .spawn_scoped(s, || hegui::scan::Scanner::walk_with(files, &args.paths, &wopts))
            });
            let scanner = args.config.scanner_from(cfg, opts);
            let walked = walker.and_then(Result::ok).and_then(|h| h.join().ok());
            scanner.map(|scanner| (scanner, walked))
        })?
    } else {
        (args.config.scanner(&start, args.scanner_options(lang))?, None)
    };
    let fail_level = args.fail_level.or(scanner.config().check.fail_level).unwrap_or(Severity::Error);

    let mut baseline = match &args.baseline {
        Some(p) => Some(Baseline::load(p).map_err(|e| CliError::failed(e.to_string()))?),
        None => None,
    };
    let mut recorded = args.write_baseline.as_ref().map(|_| Baseline::new());
    let mut sinks = sinks(&args, lang)?;
    let sinks_on_stdout = sinks.sinks.iter().any(|s| s.stdout);
    // This run's report files, never scanned as input (see `Sinks::reports`).
    let reports = std::mem::take(&mut sinks.reports);
    let run_info = RunInfo {
        rules: scanner.rule_meta(lang),
        lang,
        color: false,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        quiet: args.quiet,
    };
    if sinks.opening.is_none() {
        sinks.start(&run_info)?;
    }
    // The error of an output that could not be opened or begun once the scan had started: the
    // run's error, as it was before the scan (see `Sinks::start`).
    let not_started: Mutex<Option<CliError>> = Mutex::new(None);
    let failed = |e: io::Error| not_started.lock().ok().and_then(|mut n| n.take()).unwrap_or_else(|| writing(e, lang));
    let mut summary = Summary::default();
    // Files `--fix=mask` rewrites once the report is written.
    let mut to_mask: Vec<Input> = Vec::new();
    let mut input_errors = false;
    let mut failing = false;
    // Large files' findings are printed as they are found when every report can take them so
    // (and no baseline needs a file's findings together).
    // (`--fix=mask` needs each file's findings together too, to know which files to rewrite.)
    let parts = recorded.is_none()
        && baseline.is_none()
        && args.fix.is_none()
        && sinks.sinks.iter().all(|s| s.printer.takes_parts());
    let mut emit = |mut file: FileReport, last: bool| -> io::Result<FileReport> {
        if !sinks.started {
            // The outputs are opened (and begun) before anything of the first report is shown.
            if let Err(e) = sinks.start(&run_info) {
                if let Ok(mut slot) = not_started.lock() {
                    *slot = Some(e);
                }
                return Err(io::Error::other("output not started"));
            }
        }
        if !last {
            // A part of a file's findings: the file itself is counted with its last part.
            failing |= file.has_at_least(fail_level);
            summary.add_findings(&file.findings);
            for sink in &mut sinks.sinks {
                sink.printer.file_part(&mut sink.out, &file, false)?;
            }
            return Ok(file);
        }
        if let Some(b) = &mut recorded {
            b.record(&file);
        }
        if let Some(b) = &mut baseline {
            b.apply(&mut file);
        }
        match &file.status {
            FileStatus::Error(p) => {
                eprintln!("hegui: {}{}: {}", lang.pick("错误：", "error: "), file.path, problem_text(p, lang))
            }
            FileStatus::Skipped(_) if args.quiet => {}
            FileStatus::Skipped(p) => {
                eprintln!("hegui: {}{}: {}", lang.pick("提示：", "note: "), file.path, problem_text(p, lang))
            }
            FileStatus::Scanned { .. } => {}
        }
        input_errors |= file.is_error();
        failing |= file.has_at_least(fail_level);
        summary.add(&file);
        for sink in &mut sinks.sinks {
            if parts {
                sink.printer.file_part(&mut sink.out, &file, true)?;
            } else {
                sink.printer.file(&mut sink.out, &file)?;
            }
        }
        Ok(file)
    };

    if stdin {
        let name = args.stdin_filename.clone().unwrap_or_else(|| "-".to_owned());
        // At most the size limit is read: endless input (`< /dev/zero`) ends in an error.
        let file = match source::read_limited(io::stdin().lock(), scanner.source_options().max_file_size) {
            Ok(bytes) => scanner.scan_bytes(&name, &bytes),
            Err(e) => scanner.report(&name, Path::new(&name), Err(e)),
        };
        emit(file, true).map_err(failed)?;
    } else {
        let (mut inputs, walk_errors) = walked.unwrap_or_else(|| scanner.walk(&args.paths, &wopts));
        if !reports.is_empty() {
            inputs.retain(|i| std::path::absolute(&i.path).map_or(true, |p| !reports.contains(&p)));
        }
        for file in walk_errors {
            emit(file, true).map_err(failed)?;
        }
        // Scan in parallel; each report is printed, in path order, as soon as it and every
        // earlier one are done, and then dropped: memory stays bounded on very large batches.
        let threads = if parallel { rayon::current_num_threads() } else { 1 };
        // A progress bar on large runs, unless the findings themselves go to the terminal (the
        // bar would be torn by them) or the run is quiet; the bar itself is only drawn on a
        // terminal. File sizes (for MB/s) are looked up only while a bar is drawn.
        let to_terminal = io::stdout().is_terminal() && sinks_on_stdout;
        let mut progress = Progress::new(inputs.len(), args.quiet || to_terminal || inputs.len() < 100, lang);
        let mut next = 0usize;
        // The last report is not freed: the process ends right after it (a large file's findings
        // take noticeable time to free one by one).
        let mut left = inputs.len();
        // A report is handed back when printed, to be freed on the thread that made it.
        let mut on_report = |file: FileReport, last: bool| -> io::Result<Option<FileReport>> {
            let file = emit(file, last)?;
            if !last {
                return Ok(Some(file));
            }
            left -= 1;
            if args.fix == Some(FixMode::Mask)
                && file.findings.iter().any(|f| &*f.category != "dedup")
                && let Some(input) = inputs.get(next)
            {
                to_mask.push(input.clone());
            }
            if progress.active() {
                let bytes = inputs.get(next).and_then(|i| std::fs::metadata(&i.path).ok()).map_or(0, |m| m.len());
                progress.advance(1, bytes);
            }
            next += 1;
            if left == 0 {
                std::mem::forget(file);
                return Ok(None);
            }
            Ok(Some(file))
        };
        if parts {
            scanner.scan_ordered_parts(&inputs, threads, on_report).map_err(failed)?;
        } else {
            scanner.scan_ordered(&inputs, threads, |file| on_report(file, true).map(drop)).map_err(failed)?;
        }
        progress.finish();
    }
    if !sinks.started {
        // No report came (no file to scan).
        sinks.start(&run_info)?;
    }
    for sink in &mut sinks.sinks {
        let name = &sink.name;
        sink.printer
            .finish(&mut sink.out, &summary)
            .map_err(|e| anyhow::Error::new(e).context(writing_to(name, lang)))?;
        sink.out.flush().with_context(|| writing_to(name, lang))?;
    }
    if !to_mask.is_empty() {
        input_errors |= mask_in_place(&scanner, &to_mask, args.quiet, lang);
    }
    if let Some(b) = baseline.as_ref().filter(|_| !args.quiet) {
        report_stale(b, lang);
    }
    if let (Some(b), Some(p)) = (&recorded, &args.write_baseline) {
        b.save(p).map_err(|e| CliError::failed(e.to_string()))?;
        if !args.quiet {
            eprintln!(
                "hegui: {}",
                match lang {
                    Lang::Zh => format!("已将 {} 个问题写入基线 {}", b.len(), p.display()),
                    Lang::En => format!("wrote {} findings to the baseline {}", b.len(), p.display()),
                }
            );
        }
        failing = false;
    }
    if summary.files_scanned == 0 && !input_errors && !args.allow_empty {
        return Err(CliError::usage(match lang {
            Lang::Zh => format!(
                "没有扫描任何文件（{} 下没有 .txt、.md、.html、.docx 文件，或都被忽略/排除）；确属正常可加 --allow-empty",
                paths_shown(&args.paths)
            ),
            Lang::En => format!(
                "no file was scanned (no .txt, .md, .html or .docx file under {}, or all were ignored or excluded); pass --allow-empty if that is expected",
                paths_shown(&args.paths)
            ),
        }));
    }
    // The rules are not freed one by one: the process ends right after this (≈ 0.7 ms of a
    // check of one draft went to dropping the engine).
    std::mem::forget(scanner);
    Ok(if input_errors {
        Outcome::InputErrors
    } else if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// The paths of the command line, for messages.
fn paths_shown(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}

/// One report being written: a printer and where its output goes.
struct Sink {
    printer: Box<dyn report::Printer>,
    /// Standard output, or the file once [`Sinks::start`] has it open (nothing is written
    /// before).
    out: Box<dyn Write + Send>,
    color: bool,
    /// The file (or standard output), for error messages.
    name: String,
    /// Whether it writes to standard output.
    stdout: bool,
}

/// The files of the reports, opened in order on another thread: the first failure, with the
/// file's name as shown.
type Opening = JoinHandle<Result<Vec<File>, (String, io::Error)>>;

/// The reports of a run.
///
/// Their files are opened on another thread while the scan starts: an existing report is
/// truncated, which waits for the file system to discard its blocks (on this machine's ext4,
/// 1 to 30 ms for the statute folder's report, the longer the larger), time in which both
/// workers can scan. Nothing is shown before they are open, and a failure is the run's error as
/// before: the scan stops at its first report.
struct Sinks {
    sinks: Vec<Sink>,
    /// The files being opened, for the sinks that are not on standard output, in order.
    opening: Option<Opening>,
    /// Whether the files are open and every printer has begun.
    started: bool,
    /// The report files, as absolute paths: a folder walk that meets one skips it. It is opened
    /// (and an existing one truncated) while the scan starts, so scanning it would read last run's
    /// report or part of this one's.
    reports: Vec<PathBuf>,
}

impl Sinks {
    /// Waits for the files to be opened, then begins every report (the run's rules, and each
    /// sink's colour). Called once, before anything is written.
    fn start(&mut self, run: &RunInfo) -> Result<(), CliError> {
        self.started = true;
        if let Some(opening) = self.opening.take() {
            let files = opening.join().map_err(|_| {
                CliError::Failed(run.lang.pick("无法打开输出文件", "cannot open the output files").to_owned())
            })?;
            self.open(files, run.lang)?;
        }
        for sink in &mut self.sinks {
            let run = RunInfo { color: sink.color, ..run.clone() };
            sink.printer.begin(&mut sink.out, &run)?;
        }
        Ok(())
    }

    /// Gives each sink that is not on standard output its file, in order.
    fn open(&mut self, files: Result<Vec<File>, (String, io::Error)>, lang: Lang) -> Result<(), CliError> {
        let mut files = files.map_err(|(name, e)| CliError::io_path(name, &e, lang))?.into_iter();
        for sink in self.sinks.iter_mut().filter(|s| !s.stdout) {
            if let Some(f) = files.next() {
                sink.out = Box::new(BufWriter::new(f));
            }
        }
        Ok(())
    }
}

/// Opens (or creates) `files` in order, each truncated unless it is to be appended to; stops at
/// the first failure.
fn open_all(files: Vec<(PathBuf, bool)>) -> Result<Vec<File>, (String, io::Error)> {
    files
        .into_iter()
        .map(|(p, append)| {
            let opened =
                if append { std::fs::OpenOptions::new().create(true).append(true).open(&p) } else { File::create(&p) };
            opened.map_err(|e| (p.display().to_string(), e))
        })
        .collect()
}

/// The reports this run writes: `--output-format` (each once), else `--format`/`--output`; and
/// under GitHub Actions with a `github` report, a Markdown summary appended to
/// `$GITHUB_STEP_SUMMARY` (unless one is asked for explicitly).
fn sinks(args: &CheckArgs, lang: Lang) -> Result<Sinks, CliError> {
    let mut specs: Vec<(Format, Option<PathBuf>, bool)> = if args.statistics {
        let stats: Format = "statistics".parse().map_err(CliError::usage)?;
        vec![(stats, args.output.clone(), false)]
    } else if args.outputs.is_empty() {
        vec![(args.format, args.output.clone(), false)]
    } else {
        if args.output.is_some() {
            return Err(CliError::usage(lang.pick(
                "--output 不能与 --output-format 同时使用（写成 --output-format 格式=文件）",
                "--output cannot be combined with --output-format (write --output-format FORMAT=FILE)",
            )));
        }
        args.outputs.iter().map(|o| (o.format, o.file.clone(), false)).collect()
    };
    if specs.iter().filter(|(_, f, _)| f.is_none()).count() > 1 {
        return Err(CliError::usage(lang.pick(
            "只有一个 --output-format 可以写到标准输出，其余须写成 格式=文件",
            "only one --output-format may write to standard output; give the others as FORMAT=FILE",
        )));
    }
    let github = specs.iter().any(|(f, _, _)| f.name() == "github");
    let markdown = specs.iter().any(|(f, _, _)| f.name() == "markdown");
    if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())
        && github
        && !markdown
    {
        let md: Format = "markdown".parse().map_err(CliError::usage)?;
        specs.push((md, Some(PathBuf::from(path)), true));
    }
    let mut sinks = Vec::with_capacity(specs.len());
    // The files to open, in order (see `Sinks`).
    let mut files: Vec<(PathBuf, bool)> = Vec::new();
    for (format, file, append) in specs {
        let (out, color, name): (Box<dyn Write + Send>, bool, String) = match file {
            Some(p) => {
                let name = p.display().to_string();
                files.push((p, append));
                (Box::new(io::sink()), args.color == ColorChoice::Always, name)
            }
            None => {
                let color = match args.color {
                    ColorChoice::Always => true,
                    ColorChoice::Never => false,
                    ColorChoice::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
                };
                (Box::new(BufWriter::new(io::stdout())), color, "standard output".to_owned())
            }
        };
        let stdout = name == "standard output";
        sinks.push(Sink { printer: report::printer(format, lang, color), out, color, name, stdout });
    }
    let reports = files.iter().filter_map(|(p, _)| std::path::absolute(p).ok()).collect();
    let mut sinks = Sinks { sinks, opening: None, started: false, reports };
    if files.is_empty() {
        return Ok(sinks);
    }
    let to_open = files.clone();
    match std::thread::Builder::new().name("hegui-open".into()).spawn(move || open_all(to_open)) {
        Ok(handle) => sinks.opening = Some(handle),
        // No thread to spare: opened here, before the scan.
        Err(_) => sinks.open(open_all(files), lang)?,
    }
    Ok(sinks)
}

/// Lists on stderr the baseline entries that no longer occur (at most 20), so the file can be
/// refreshed.
fn report_stale(b: &Baseline, lang: Lang) {
    let stale = b.stale();
    if stale.is_empty() {
        return;
    }
    let n: usize = stale.iter().map(|e| e.count).sum();
    eprintln!(
        "hegui: {}",
        match lang {
            Lang::Zh => format!("提示：基线中有 {n} 个问题已不再出现（可用 --write-baseline 更新基线）："),
            Lang::En => format!("note: {n} baseline findings no longer occur (refresh it with --write-baseline):"),
        }
    );
    for e in stale.iter().take(20) {
        eprintln!("  {} {} 「{}」 ×{}", e.path, e.rule, e.matched, e.count);
    }
    if stale.len() > 20 {
        eprintln!("  … {}", stale.len() - 20);
    }
}

/// `--fix=mask`: rewrites each file with its findings masked. Returns whether a file could not
/// be masked or written (each is reported on standard error).
fn mask_in_place(scanner: &hegui::scan::Scanner, inputs: &[Input], quiet: bool, lang: Lang) -> bool {
    let mut failed = false;
    let mut written = 0usize;
    for input in inputs {
        let path = &input.path;
        let done = scanner.mask_walked(input).map_err(|e| e.to_string()).and_then(|masked| match masked {
            Some(masked) => {
                crate::replace::replace_file(path, masked.as_bytes()).map_err(|e| e.to_string()).map(|()| true)
            }
            None => Ok(false),
        });
        match done {
            Ok(w) => written += usize::from(w),
            Err(e) => {
                failed = true;
                eprintln!("hegui: {}{}: {}", lang.pick("错误：", "error: "), path.display(), e);
            }
        }
    }
    if !quiet {
        eprintln!(
            "hegui: {}",
            match lang {
                Lang::Zh => format!("已屏蔽并改写 {written} 个文件"),
                Lang::En => format!("masked {written} files in place"),
            }
        );
    }
    failed
}

/// A failure to write the findings while scanning (which output is not known there).
fn writing(e: io::Error, lang: Lang) -> CliError {
    CliError::Other(anyhow::Error::new(e).context(lang.pick("输出结果失败", "writing the findings failed")))
}

/// What was being written when an output failed.
fn writing_to(name: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("写入 {name} 失败"),
        Lang::En => format!("writing {name} failed"),
    }
}

/// Bytes of input up to which a check reads one short text (standard input, or files this small
/// together): its set-up builds ahead only what every scan needs first ([`WarmUp::Short`]).
const SHORT_RUN: u64 = 64 << 10;

/// The bytes of `paths` together when every one is a file (`None`: a folder, or a path that
/// cannot be read, which the walk reports).
fn files_size(paths: &[PathBuf]) -> Option<u64> {
    paths.iter().try_fold(0u64, |total, p| {
        std::fs::metadata(p).ok().filter(|m| m.is_file()).map(|m| total.saturating_add(m.len()))
    })
}
