//! The `hegui` command: parses arguments, runs one subcommand through the library, and is the only
//! place that maps the outcome to an exit code.
//!
//! Exit codes, the same in every output format: 0 nothing at or above `--fail-level`; 1 something
//! is; 2 usage, config, word-list or input errors (an unreadable or undecodable file, a damaged
//! `.docx` or zip bomb, a missing path). When both findings and input errors occur, 2 wins: the
//! scan was incomplete.

mod args;
mod audit;
mod check;
mod completions;
mod corpus;
mod dedup;
mod help;
mod man;
mod mask;
mod parse_error;
mod progress;
mod replace;
mod rules;
mod watch;
mod wordlist;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: start-up allocates and frees some 100,000 small
/// blocks, and worker threads share glibc's arenas (issue 14; numbers in docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use hegui::model::Lang;

use args::{Cli, Command, CorpusCommand, WordlistCommand};

/// Why a command could not do its job (exit code 2).
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    /// Bad arguments; the message is already in the run's language.
    #[error("{0}")]
    Usage(String),
    /// hegui.toml is broken.
    #[error(transparent)]
    Config(#[from] hegui::config::ConfigError),
    /// The rules, file filters or corpus index could not be set up.
    #[error(transparent)]
    Setup(#[from] hegui::scan::SetupError),
    /// The command could not do its job (a broken index, a watcher that cannot start); the message
    /// is in the run's language.
    #[error("{0}")]
    Failed(String),
    /// A named file could not be used; the message is in the run's language.
    #[error("{path}: {message}")]
    Path {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// Writing output or another I/O failure (a broken pipe ends quietly).
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl CliError {
    /// A usage error.
    pub(crate) fn usage(msg: impl Into<String>) -> Self {
        CliError::Usage(msg.into())
    }

    /// A failure that is not a usage error.
    pub(crate) fn failed(msg: impl Into<String>) -> Self {
        CliError::Failed(msg.into())
    }

    /// An I/O error about one file, in the run's language where its kind is a common one.
    pub(crate) fn io_path(path: impl std::fmt::Display, e: &std::io::Error, lang: Lang) -> Self {
        CliError::Path { path: path.to_string(), message: io_text(e, lang) }
    }

    /// An error about one file.
    pub(crate) fn path(path: impl std::fmt::Display, message: impl Into<String>) -> Self {
        CliError::Path { path: path.to_string(), message: message.into() }
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Other(e.into())
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        CliError::Other(e.into())
    }
}

/// What a subcommand returns: how its run went, or why it could not run.
pub(crate) type CmdResult = Result<Outcome, CliError>;

/// How a run that completed went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Nothing to report at the fail level.
    Clean,
    /// Findings (or clusters) at or above the fail level.
    Findings,
    /// The run completed, but some inputs could not be used.
    InputErrors,
}

fn main() -> ExitCode {
    let cli = parse();
    let lang = cli.lang;
    // A developer's aid, not an option: what each regex rule cost (see `hegui::detect::cost`).
    let rule_cost = std::env::var_os("HEGUI_RULE_COST").is_some_and(|v| !v.is_empty() && v != "0");
    if rule_cost {
        hegui::detect::cost::enable();
    }
    let outcome = run(cli);
    if rule_cost {
        eprint!("{}", hegui::detect::cost::table());
    }
    match outcome {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::InputErrors) => ExitCode::from(2),
        Err(CliError::Other(err)) => {
            // A broken pipe (e.g. `hegui check | head`) is not an error.
            if err
                .chain()
                .any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("hegui: {}{}", lang.pick("错误：", "error: "), chain_text(&err, lang));
            ExitCode::from(2)
        }
        Err(err) => {
            eprintln!("hegui: {}{err}", lang.pick("错误：", "error: "));
            ExitCode::from(2)
        }
    }
}

/// An error and its causes, outermost first, in the run's language where the cause is an I/O
/// error of a kind users meet (a full disk, a missing permission).
fn chain_text(err: &anyhow::Error, lang: Lang) -> String {
    let parts: Vec<String> = err
        .chain()
        .map(|c| match c.downcast_ref::<std::io::Error>() {
            Some(e) => io_text(e, lang),
            None => c.to_string(),
        })
        .collect();
    parts.join(lang.pick("：", ": "))
}

/// An I/O error in words: the kinds a user can act on are named in the run's language
/// ([`hegui::report::io_kind_text`]), with the system's own message kept for reference.
fn io_text(e: &std::io::Error, lang: Lang) -> String {
    match hegui::report::io_kind_text(e.kind().into(), lang) {
        Some(n) => match lang {
            Lang::Zh => format!("{n}（{e}）"),
            Lang::En => format!("{n} ({e})"),
        },
        None => e.to_string(),
    }
}

/// Parses the command line, with help in the language the arguments or `HEGUI_LANG` ask for;
/// `--version` also names the bundled packs' content hash (worked out only when asked for).
fn parse() -> Cli {
    use clap::FromArgMatches;
    let lang = help::lang_from_env();
    let mut cmd = help::command(lang);
    if std::env::args_os().skip(1).any(|a| a == "--version" || a == "-V") {
        let version = format!("{} (packs {})", env!("CARGO_PKG_VERSION"), hegui::detect::pack::builtin_hash());
        cmd = cmd.version(&*Box::leak(version.into_boxed_str()));
    }
    let matches = cmd.try_get_matches().unwrap_or_else(|e| parse_error::exit(e, lang));
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| parse_error::exit(e, lang))
}

/// Runs the parsed command.
fn run(cli: Cli) -> CmdResult {
    let lang = cli.lang;
    match cli.command {
        Command::Check(args) => check::run(args, lang),
        Command::Audit(args) => audit::run(args, lang),
        Command::Watch(args) => watch::run(args, lang),
        Command::Rules { command } => rules::run(command, lang),
        Command::Wordlist { command: WordlistCommand::Import(args) } => wordlist::import(args, lang),
        Command::Dedup(args) => dedup::run(args, lang),
        Command::Mask(args) => mask::run(args, lang),
        Command::Corpus { command } => match command {
            CorpusCommand::Add { index, paths, config } => corpus::add(&index, &paths, &config, lang),
            CorpusCommand::Remove { index, paths } => corpus::remove(&index, &paths, lang),
            CorpusCommand::Stats { index } => corpus::stats(&index, lang),
        },
        Command::Completions { shell } => completions::run(shell, lang),
        Command::Man(args) => man::run(args, lang),
    }
}
