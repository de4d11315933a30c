//! A progress bar on stderr for long runs (files done, MB/s, ETA): drawn only when stderr is a
//! terminal and the run is not quiet, so logs and pipes never see it.

use std::io::IsTerminal;
use std::time::Instant;

use hegui::model::Lang;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Files done out of a known total, with the read rate.
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    bytes: u64,
    start: Instant,
}

impl Progress {
    /// A bar over `total` files, hidden when `quiet` or when stderr is not a terminal.
    pub(crate) fn new(total: usize, quiet: bool, lang: Lang) -> Self {
        let bar = if quiet { None } else { terminal_bar(total, lang.pick("个文件", "files"), lang) };
        Self { bar, bytes: 0, start: Instant::now() }
    }

    /// `files` more files done, of `bytes` bytes together.
    pub(crate) fn advance(&mut self, files: usize, bytes: u64) {
        self.bytes += bytes;
        if let Some(bar) = &self.bar {
            let secs = self.start.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!("{:.1} MB/s", self.bytes as f64 / 1e6 / secs));
            bar.inc(files as u64);
        }
    }

    /// Whether a bar is drawn.
    pub(crate) fn active(&self) -> bool {
        self.bar.is_some()
    }

    /// Removes the bar.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A bar over `total` items counted in `unit` with a message slot, when stderr is a terminal.
pub(crate) fn terminal_bar(total: usize, unit: &str, lang: Lang) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let template = match lang {
        Lang::Zh => format!("{{spinner}} {{elapsed_precise}} [{{bar:32}}] {{pos}}/{{len}} {unit} {{msg}} 剩余 {{eta}}"),
        Lang::En => format!("{{spinner}} {{elapsed_precise}} [{{bar:32}}] {{pos}}/{{len}} {unit} {{msg}} ETA {{eta}}"),
    };
    let style =
        ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar()).progress_chars("=> ");
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    bar.set_style(style);
    Some(bar)
}
