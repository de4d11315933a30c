//! `hegui completions SHELL`: a completion script generated from the clap definitions.

use std::io::Write;

use clap_complete::Shell;
use hegui::model::Lang;

use crate::CmdResult;

/// Writes the completion script for `shell` to standard output (descriptions in `lang`).
pub(crate) fn run(shell: Shell, lang: Lang) -> CmdResult {
    let mut cmd = crate::help::command(lang);
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "hegui", &mut out);
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&out)?;
    stdout.flush()?;
    Ok(crate::Outcome::Clean)
}
