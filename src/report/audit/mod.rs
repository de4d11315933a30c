//! `hegui audit`: an archivable compliance audit of many articles.
//!
//! Articles stream through an [`Aggregator`] one at a time ([`article::read`] scans a walked
//! file with the same [`Scanner`](crate::scan::Scanner) as `check` and adds its hash, size and
//! date); only counts, the top-N tables and the file list are kept. The finished
//! [`AuditReport`] is written as `report.json` ([`json`]), `report.md` ([`markdown`]) and
//! `report.html` ([`html`]); `findings.csv` ([`csv`]) is written while files are scanned.

pub mod aggregate;
pub mod article;
pub mod clusters;
pub mod csv;
pub mod date;
pub mod evidence;
pub mod html;
pub mod json;
pub mod markdown;
pub mod names;
pub mod schema;
mod svg;
pub mod topn;

pub use aggregate::{Aggregator, AuditOptions};
pub use article::Article;
pub use schema::{AuditReport, SCHEMA_VERSION};

use crate::model::Lang;

/// The report file names in the output folder.
pub const REPORT_JSON: &str = "report.json";
/// The Markdown report.
pub const REPORT_MD: &str = "report.md";
/// The HTML report.
pub const REPORT_HTML: &str = "report.html";
/// The findings table.
pub const FINDINGS_CSV: &str = "findings.csv";

/// A share (0–1) as a percentage with one decimal (`12.5%`).
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// A count with thousands separators (`12,345`).
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The name of a severity in `lang`.
pub fn severity_name(s: crate::model::Severity, lang: Lang) -> &'static str {
    use crate::model::Severity::*;
    match s {
        Error => lang.pick("错误", "error"),
        Warning => lang.pick("警告", "warning"),
        Info => lang.pick("提示", "info"),
    }
}

/// Where the trend's dates came from, in words.
pub fn date_sources_text(s: &schema::DateSources, lang: Lang) -> String {
    let mut parts = Vec::new();
    let mut add = |n: u64, zh: &str, en: &str| {
        if n > 0 {
            parts.push(match lang {
                Lang::Zh => format!("{zh} {} 篇", thousands(n)),
                Lang::En => format!("{en}: {}", thousands(n)),
            });
        }
    };
    add(s.front_matter, "取自 front matter `date:`", "front matter `date:`");
    add(s.html_meta, "取自 HTML meta 标签", "HTML meta tags");
    add(s.mtime, "取自文件修改时间（无日期的文章）", "file modification time (articles without a date)");
    add(s.none, "无日期", "no date");
    parts.join(lang.pick("；", "; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_formatted() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(percent(0.125), "12.5%");
    }
}
