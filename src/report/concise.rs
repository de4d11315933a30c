//! One line per finding, for editors, `grep` and pre-commit hooks:
//!
//! ```text
//! drafts/a.md:3:5: error[AD001] 使用绝对化用语「最佳」。…
//! bad.txt: error: 无法解码：…
//! 发现 2 个问题（错误 1，警告 1，提示 0），扫描 3 个文件。
//! ```
//!
//! Columns count characters; a `.docx` finding gives paragraph and character in its part and names
//! the part after the path (`稿.docx (word/footnotes.xml):2:4:`). Line breaks in a message become
//! spaces. The last line is the summary (left out with `--quiet`).

use std::io::{self, Write};

use super::human::summary_line;
use super::{FileReport, FileStatus, Printer, RunInfo, Summary};
use crate::model::Lang;

/// Concise printer (`--format concise`).
#[derive(Debug, Clone)]
pub struct ConcisePrinter {
    lang: Lang,
    quiet: bool,
}

impl ConcisePrinter {
    /// A printer writing in `lang`.
    pub fn new(lang: Lang) -> Self {
        Self { lang, quiet: false }
    }
}

/// `s` on one line.
fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

impl Printer for ConcisePrinter {
    fn begin(&mut self, _w: &mut dyn Write, run: &RunInfo) -> io::Result<()> {
        self.quiet = run.quiet;
        Ok(())
    }

    fn file(&mut self, w: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        if let FileStatus::Error(p) = &file.status {
            let word = self.lang.pick("错误", "error");
            writeln!(w, "{}: {word}: {}", one_line(&file.path), super::problem_text(p, self.lang))?;
        }
        for f in &file.findings {
            let (start, _) = super::shown_span(f);
            let path = match &f.location {
                Some(loc) => format!("{} ({})", f.path, loc.part),
                None => f.path.to_string(),
            };
            writeln!(
                w,
                "{}:{}:{}: {}[{}] {}",
                one_line(&path),
                start.line,
                start.column,
                f.severity,
                f.rule,
                one_line(&f.message)
            )?;
        }
        if let Some(line) = super::omitted_text(file, self.lang) {
            writeln!(w, "{}", one_line(&line))?;
        }
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        writeln!(w, "{}", summary_line(summary, self.lang))
    }
}

/// `--format concise`: one line per finding.
pub const FORMAT: super::FormatDef = super::FormatDef {
    name: "concise",
    about: "one line per finding: path:line:col: severity[RULE] message",
    printer: make,
};

fn make(lang: Lang, _color: bool) -> Box<dyn Printer> {
    Box::new(ConcisePrinter::new(lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil::{bad_message, docx_files, files, render};

    #[test]
    fn one_line_per_finding_and_error_then_the_summary() {
        let (out, _) = render(&mut ConcisePrinter::new(Lang::Zh), &files(), Lang::Zh);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], format!("bad.txt: 错误: {}", bad_message()));
        assert_eq!(lines[1], "./docs/a b,c:d/文章%.md:12:4: info[XX001] 100% 保证,无效退款: 请核实");
        assert_eq!(lines[2], "fixtures/ad.md:1:11: error[AD002] 使用绝对化用语「全网最低价」");
        assert_eq!(lines[3], "fixtures/ad.md:3:5: warning[AD001] 使用绝对化用语「最佳」");
        assert!(lines[4].starts_with("发现 3 个问题"));
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn docx_findings_name_the_part() {
        let (out, _) = render(&mut ConcisePrinter::new(Lang::En), &docx_files(), Lang::En);
        assert!(out.starts_with("drafts/稿.docx (word/footnotes.xml):2:4: warning[AD001]"), "{out}");
    }
}
