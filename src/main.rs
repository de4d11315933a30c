//! The `hegui` command: parses arguments, runs, and maps the outcome to an exit code.

mod cli;
mod corpus_cli;
mod watch;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(err) => {
            // A broken pipe (e.g. `hegui check | head`) is not an error.
            if err
                .chain()
                .any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("hegui: {err:#}");
            ExitCode::from(2)
        }
    }
}
