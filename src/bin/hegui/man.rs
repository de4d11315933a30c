//! `hegui man`: man pages (roff) generated from the clap definitions, in the run's language.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use hegui::model::Lang;

use crate::{CliError, CmdResult};

/// Arguments of `hegui man`.
#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// Subcommand whose page to print, e.g. `check` or `rules list` (default: the page of hegui).
    subcommand: Vec<String>,
    /// Write every page (hegui.1, hegui-check.1, …) into this folder instead (created if missing).
    #[arg(long, value_name = "DIR", conflicts_with = "subcommand")]
    dir: Option<PathBuf>,
}

/// Prints one page, or writes them all to `--dir`.
pub(crate) fn run(args: ManArgs, lang: Lang) -> CmdResult {
    let mut root = crate::help::man_command(lang);
    root.build();
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir).map_err(|e| CliError::io_path(dir.display(), &e, lang))?;
        let mut written = Vec::new();
        write_all(&root, dir, &mut written).map_err(|e| CliError::io_path(dir.display(), &e, lang))?;
        let mut stdout = std::io::stdout().lock();
        for path in written {
            writeln!(stdout, "{}", path.display())?;
        }
        return Ok(crate::Outcome::Clean);
    }
    let mut cmd = &root;
    for name in &args.subcommand {
        cmd = cmd.find_subcommand(name).ok_or_else(|| {
            CliError::usage(match lang {
                Lang::Zh => format!("没有子命令「{name}」（见 hegui --help）"),
                Lang::En => format!("no subcommand `{name}` (see hegui --help)"),
            })
        })?;
    }
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut out)?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&out)?;
    stdout.flush()?;
    Ok(crate::Outcome::Clean)
}

/// Writes the page of `cmd` and of each of its subcommands into `dir`, recording the files.
fn write_all(cmd: &clap::Command, dir: &std::path::Path, written: &mut Vec<PathBuf>) -> std::io::Result<()> {
    written.push(clap_mangen::Man::new(cmd.clone()).generate_to(dir)?);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_all(sub, dir, written)?;
    }
    Ok(())
}
