//! Counts per rule instead of the findings (`--statistics`, as ruff has):
//!
//! ```text
//!    12  AD001  error    使用绝对化用语「…」
//!     3  PL005  warning  「…」要求转发到指定数量的群或集满指定数量的赞
//! ```
//!
//! Most frequent first; the severity is the most severe one the rule was reported at; the title is
//! the first sentence of the rule's description. Findings past `--max-findings` are counted too.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::human::summary_line;
use super::{FileReport, Printer, RunInfo, Summary};
use crate::model::{Lang, Severity};

/// Statistics printer (`--format statistics`).
#[derive(Debug, Clone, Default)]
pub struct StatisticsPrinter {
    lang: Lang,
    titles: BTreeMap<String, String>,
    counts: BTreeMap<String, (usize, Severity)>,
}

/// The first sentence of a description, without the placeholders that have no value outside one
/// finding (`「{term}{near}」` read `「…{near}」` before, review-z): as SARIF and the audit describe rules.
fn title(message: &str) -> String {
    let message = super::audit::names::clean_description(message);
    let end = [message.find('。'), message.find(". ")].into_iter().flatten().min().unwrap_or(message.len());
    message[..end].to_owned()
}

impl Printer for StatisticsPrinter {
    fn begin(&mut self, _w: &mut dyn Write, run: &RunInfo) -> io::Result<()> {
        self.lang = run.lang;
        for r in &run.rules {
            self.titles.insert(r.id.clone(), title(&r.message));
        }
        Ok(())
    }

    fn file(&mut self, _w: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        for f in &file.findings {
            let e = self.counts.entry(f.rule.to_string()).or_insert((0, f.severity));
            e.0 += 1;
            e.1 = e.1.max(f.severity);
            self.titles.entry(f.rule.to_string()).or_insert_with(|| title(&f.message));
        }
        let o = &file.omitted;
        let sev = o.worst();
        for (rule, n) in &o.by_rule {
            let e = self.counts.entry(rule.clone()).or_insert((0, sev));
            e.0 += n;
        }
        Ok(())
    }

    fn finish(&mut self, w: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let mut rows: Vec<(&String, &(usize, Severity))> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
        for (rule, (n, sev)) in rows {
            let t = self.titles.get(rule).map_or("", String::as_str);
            writeln!(w, "{n:>6}  {rule:<7} {:<8} {}", sev.as_str(), t.replace(['\r', '\n'], " "))?;
        }
        writeln!(w, "{}", summary_line(summary, self.lang))
    }
}

/// `--format statistics`: counts per rule.
pub const FORMAT: super::FormatDef =
    super::FormatDef { name: "statistics", about: "counts per rule, most frequent first", printer: make };

fn make(lang: Lang, _color: bool) -> Box<dyn Printer> {
    Box::new(StatisticsPrinter { lang, ..Default::default() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil::{files, render};

    #[test]
    fn counts_per_rule_most_frequent_first() {
        let mut files = files();
        let ad = files.iter_mut().find(|f| f.path == "fixtures/ad.md").expect("ad.md");
        ad.findings.push(ad.findings[1].clone());
        let (out, _) = render(&mut StatisticsPrinter::default(), &files, Lang::Zh);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "     2  AD001   warning  绝对化用语");
        assert!(lines[1].starts_with("     1  AD002   error    绝对化用语（价格）"), "{out}");
        assert!(lines[2].starts_with("     1  XX001   info"), "{out}");
        assert!(lines[3].starts_with("发现 4 个问题"), "{out}");
    }

    /// A `near` rule's description names no partner: `{near}` reads as an ellipsis or is dropped
    /// with its parenthesis, as in SARIF and the audit.
    #[test]
    fn titles_carry_no_placeholders() {
        assert_eq!(title("「…{near}」宣称治疗或预防疾病「{near}」。除医疗广告外"), "「…」宣称治疗或预防疾病「…」");
        assert_eq!(title("「…」是对疗效的断言（附近有「{near}」）。说明"), "「…」是对疗效的断言");
    }
}
