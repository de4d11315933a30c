//! A Markdown summary of the run, for a CI step summary (`$GITHUB_STEP_SUMMARY`) or a merge
//! request comment: totals by severity, a table per rule, the files with the most findings, and
//! a note when GitHub could not show every finding as an annotation.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::github::ANNOTATIONS_PER_LEVEL;
use super::{FileReport, FileStatus, Printer, RunInfo, Summary};
use crate::model::{Lang, Severity};

/// Files listed in the summary at most.
const FILES_SHOWN: usize = 20;

/// Counts by severity: error, warning, info.
type Counts = [usize; 3];

fn bump(c: &mut Counts, sev: Severity) {
    c[2 - sev as usize] += 1;
}

/// Markdown summary printer (`--format markdown`).
#[derive(Debug, Clone, Default)]
pub struct MarkdownPrinter {
    lang: Lang,
    titles: BTreeMap<String, (String, String)>,
    rules: BTreeMap<String, Counts>,
    files: Vec<(String, Counts)>,
    failed: Vec<String>,
}

impl MarkdownPrinter {
    /// A printer writing in `lang`.
    pub fn new(lang: Lang) -> Self {
        Self { lang, ..Self::default() }
    }
}

/// `|` and line breaks would break a table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\r', '\n'], " ")
}

impl Printer for MarkdownPrinter {
    fn begin(&mut self, _w: &mut dyn Write, run: &RunInfo) -> io::Result<()> {
        for r in &run.rules {
            self.titles.insert(r.id.clone(), (r.category.clone(), r.message.clone()));
        }
        Ok(())
    }

    fn file(&mut self, _w: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        if let FileStatus::Error(_) = file.status {
            self.failed.push(file.path.clone());
        }
        let mut counts = [0; 3];
        for f in &file.findings {
            bump(&mut counts, f.severity);
            bump(self.rules.entry(f.rule.to_string()).or_default(), f.severity);
            self.titles.entry(f.rule.to_string()).or_insert_with(|| (f.category.to_string(), String::new()));
        }
        for (rule, n) in &file.omitted.by_rule {
            // Severity of omitted findings per rule is not kept: count them as the rule's column
            // of its most severe listed finding would be a guess, so under errors only if all are.
            let c = self.rules.entry(rule.clone()).or_default();
            if file.omitted.errors == file.omitted.total() {
                c[0] += n;
            } else if file.omitted.infos == file.omitted.total() {
                c[2] += n;
            } else {
                c[1] += n;
            }
        }
        counts[0] += file.omitted.errors;
        counts[1] += file.omitted.warnings;
        counts[2] += file.omitted.infos;
        if counts.iter().sum::<usize>() > 0 {
            self.files.push((file.path.clone(), counts));
        }
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let zh = self.lang == Lang::Zh;
        let t = |a: &'static str, b: &'static str| if zh { a } else { b };
        writeln!(w, "## {}\n", t("hegui 合规检查", "hegui compliance check"))?;
        writeln!(w, "{}\n", super::human::summary_line(s, self.lang))?;
        writeln!(
            w,
            "| {} | {} | {} | {} | {} |\n| ---: | ---: | ---: | ---: | ---: |\n| {} | {} | {} | {} | {} |\n",
            t("错误", "errors"),
            t("警告", "warnings"),
            t("提示", "info"),
            t("已抑制", "suppressed"),
            t("扫描文件", "files scanned"),
            s.errors,
            s.warnings,
            s.infos,
            s.suppressed,
            s.files_scanned
        )?;
        if [s.errors, s.warnings, s.infos].iter().any(|&n| n > ANNOTATIONS_PER_LEVEL) {
            let note = match self.lang {
                Lang::Zh => format!(
                    "> [!NOTE]\n> GitHub 每个步骤每个级别最多显示 {ANNOTATIONS_PER_LEVEL} 个注释，其余问题见下表、日志或 SARIF 报告。\n"
                ),
                Lang::En => format!(
                    "> [!NOTE]\n> GitHub shows at most {ANNOTATIONS_PER_LEVEL} annotations per level and step; the rest are in the tables below, the log and the SARIF report.\n"
                ),
            };
            writeln!(w, "{note}")?;
        }
        if !self.rules.is_empty() {
            writeln!(w, "### {}\n", t("按规则", "By rule"))?;
            writeln!(
                w,
                "| {} | {} | {} | {} | {} | {} |\n| --- | --- | --- | ---: | ---: | ---: |",
                t("规则", "rule"),
                t("类别", "category"),
                t("说明", "description"),
                t("错误", "errors"),
                t("警告", "warnings"),
                t("提示", "info")
            )?;
            let mut rules: Vec<(&String, &Counts)> = self.rules.iter().collect();
            rules.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (id, c) in rules {
                let (category, title) = self.titles.get(id).cloned().unwrap_or_default();
                writeln!(
                    w,
                    "| `{}` | {} | {} | {} | {} | {} |",
                    cell(id),
                    cell(&category),
                    cell(&title),
                    c[0],
                    c[1],
                    c[2]
                )?;
            }
            writeln!(w)?;
        }
        if !self.files.is_empty() {
            writeln!(w, "### {}\n", t("文件", "Files"))?;
            writeln!(
                w,
                "| {} | {} | {} | {} |\n| --- | ---: | ---: | ---: |",
                t("文件", "file"),
                t("错误", "errors"),
                t("警告", "warnings"),
                t("提示", "info")
            )?;
            self.files.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            for (path, c) in self.files.iter().take(FILES_SHOWN) {
                writeln!(w, "| `{}` | {} | {} | {} |", cell(path), c[0], c[1], c[2])?;
            }
            if self.files.len() > FILES_SHOWN {
                let more = self.files.len() - FILES_SHOWN;
                writeln!(
                    w,
                    "\n{}",
                    if zh { format!("另有 {more} 个文件未列出。") } else { format!("{more} more files.") }
                )?;
            }
            writeln!(w)?;
        }
        if !self.failed.is_empty() {
            writeln!(w, "### {}\n", t("无法读取的文件", "Files that could not be read"))?;
            for p in &self.failed {
                writeln!(w, "- `{}`", cell(p))?;
            }
            writeln!(w)?;
        }
        Ok(())
    }
}

/// `--format markdown`: a Markdown summary for CI step summaries.
pub const FORMAT: super::FormatDef = super::FormatDef {
    name: "markdown",
    about: "a Markdown summary: totals, counts per rule, files (for $GITHUB_STEP_SUMMARY)",
    printer: make,
};

fn make(lang: Lang, _color: bool) -> Box<dyn Printer> {
    Box::new(MarkdownPrinter::new(lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil::{files, render};

    #[test]
    fn totals_rules_and_files() {
        let (out, _) = render(&mut MarkdownPrinter::new(Lang::En), &files(), Lang::En);
        assert!(out.starts_with("## hegui compliance check\n"), "{out}");
        assert!(out.contains("| 1 | 1 | 1 | 0 | 3 |"), "{out}");
        assert!(out.contains("| `AD001` | adlaw |"), "{out}");
        assert!(out.contains("| `fixtures/ad.md` | 1 | 1 | 0 |"), "{out}");
        assert!(out.contains("| `./docs/a b,c:d/文章%.md` | 0 | 0 | 1 |"), "{out}");
        assert!(out.contains("- `bad.txt`"), "{out}");
        assert!(!out.contains("[!NOTE]"), "no truncation note for three findings");
    }

    #[test]
    fn many_findings_get_the_annotation_note() {
        let mut files = files();
        let ad = files.iter_mut().find(|f| f.path == "fixtures/ad.md").expect("ad.md");
        let err = ad.findings[0].clone();
        ad.findings = vec![err; 11];
        let (out, _) = render(&mut MarkdownPrinter::new(Lang::Zh), &files, Lang::Zh);
        assert!(out.contains("[!NOTE]") && out.contains("最多显示 10 个"), "{out}");
    }
}
