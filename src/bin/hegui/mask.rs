//! `hegui mask`: write a copy of each file with every finding masked (`*` for each character, or
//! the rule's `replacement`), everything else byte for byte.

use std::path::{Path, PathBuf};

use clap::Args;

use hegui::model::Lang;
use hegui::scan::ScannerOptions;

use crate::args::ConfigArgs;
use crate::{CliError, CmdResult, Outcome};

/// Arguments of `hegui mask`.
#[derive(Debug, Args)]
pub(crate) struct MaskArgs {
    /// Text, Markdown or HTML files (UTF-8).
    #[arg(required = true)]
    pub(crate) paths: Vec<PathBuf>,
    /// Write the masked copy of the one file to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE", conflicts_with = "out_dir")]
    pub(crate) output: Option<PathBuf>,
    /// Write each masked copy into this folder under the file's name (needed for several files).
    #[arg(long, value_name = "DIR")]
    pub(crate) out_dir: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) config: ConfigArgs,
    /// Only mask these rules (ids, id prefixes, categories, packs; comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub(crate) select: Vec<String>,
    /// Do not mask these rules (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub(crate) ignore: Vec<String>,
}

/// Runs `hegui mask`.
pub(crate) fn run(args: MaskArgs, lang: Lang) -> CmdResult {
    if args.paths.len() > 1 && args.out_dir.is_none() {
        return Err(CliError::usage(
            lang.pick("屏蔽多个文件时需要 --out-dir 目录", "masking several files needs --out-dir DIR"),
        ));
    }
    let opts = ScannerOptions {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        max_findings: Some(usize::MAX),
        lang,
        ..ScannerOptions::default()
    };
    let scanner = args.config.scanner(&args.paths[0], opts)?;
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir).map_err(|e| CliError::io_path(dir.display(), &e, lang))?;
    }
    for path in &args.paths {
        let masked = scanner.mask_file(path).map_err(|e| CliError::path(path.display(), e.to_string()))?;
        match (&args.output, &args.out_dir) {
            (Some(out), _) => write(out, &masked, lang)?,
            (None, Some(dir)) => {
                let name = path.file_name().ok_or_else(|| CliError::path(path.display(), "no file name"))?;
                write(&dir.join(name), &masked, lang)?;
            }
            (None, None) => {
                use std::io::Write as _;
                std::io::stdout().lock().write_all(masked.as_bytes())?;
            }
        }
    }
    Ok(Outcome::Clean)
}

/// Writes one masked copy.
fn write(path: &Path, text: &str, lang: Lang) -> Result<(), CliError> {
    crate::replace::replace_file(path, text.as_bytes()).map_err(|e| CliError::io_path(path.display(), &e, lang))
}
