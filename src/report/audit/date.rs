//! When an article was published, to the month: from Markdown front matter (`date:`), from HTML
//! `<meta>` tags or a WeChat export's `publish_time`, else from the file's modification time.
//!
//! Only the head of the document is looked at, so this costs nothing on long articles.

use std::path::Path;
use std::sync::LazyLock;
use std::time::{SystemTime, UNIX_EPOCH};

use regex::Regex;
use serde::Serialize;

use crate::source::Format;

/// Where an article's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// Markdown front matter `date:` (or `published:`, `publish_date:`).
    FrontMatter,
    /// An HTML `<meta>` tag (`article:published_time`, `date`, `pubdate`, …) or a WeChat
    /// export's `publish_time` / `ct` variable.
    HtmlMeta,
    /// The file's modification time (UTC), when the document names no date.
    Mtime,
}

/// The month an article was published in and where that came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleDate {
    /// Year (1970–2100).
    pub year: u16,
    /// Month (1–12).
    pub month: u8,
    /// Where it came from.
    pub source: DateSource,
}

impl ArticleDate {
    /// `YYYY-MM`.
    pub fn month_key(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

/// Bytes of the decoded text looked at for a date.
const HEAD: usize = 64 * 1024;

static FRONT_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^(?:date|published|publish_date|pubdate)\s*:\s*["']?([^\r\n"']+)"#).expect("valid regex")
});

static META: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?is)<meta\s[^>]*>").expect("valid regex"));

static META_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?:name|property|itemprop)\s*=\s*["']?(?:article:published_time|og:published_time|datepublished|date|pubdate|publishdate|publish_date|dc\.date|dcterms\.created)["'\s/>]"#)
        .expect("valid regex")
});

static CONTENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?is)content\s*=\s*["']([^"']*)["']"#).expect("valid regex"));

static WECHAT_TIME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?:publish_time|var\s+ct)\s*=\s*["']([0-9][^"']*)["']"#).expect("valid regex"));

static YEAR_MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\D|$)").expect("valid regex"));

/// The date a document names in its head: front matter for Markdown, meta tags for HTML.
pub fn sniff(format: Format, decoded: &str) -> Option<ArticleDate> {
    let head = &decoded[..crate::normalize::floor_char_boundary(decoded, HEAD)];
    if format == Format::MARKDOWN {
        return front_matter(head).and_then(|v| parse(v, DateSource::FrontMatter));
    }
    if format == Format::HTML {
        for tag in META.find_iter(head).filter(|t| META_NAME.is_match(t.as_str())) {
            if let Some(d) = CONTENT.captures(tag.as_str()).and_then(|c| parse(&c[1], DateSource::HtmlMeta)) {
                return Some(d);
            }
        }
        return WECHAT_TIME.captures(head).and_then(|c| parse(&c[1], DateSource::HtmlMeta));
    }
    None
}

/// The value of the date key of a `---` front matter block at the start of `src`.
fn front_matter(src: &str) -> Option<&str> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let rest = src.strip_prefix("---\n").or_else(|| src.strip_prefix("---\r\n"))?;
    let close = rest.find("\n---").map_or(rest.len(), |i| i + 1);
    FRONT_KEY.captures(&rest[..close]).and_then(|c| c.get(1)).map(|m| m.as_str())
}

/// A year and month from `2024-03-05`, `2024/3/5`, `2024年3月5日`, an RFC 3339 time or a Unix
/// timestamp in seconds (WeChat's `ct`); `None` outside 1970–2100.
fn parse(value: &str, source: DateSource) -> Option<ArticleDate> {
    let v = value.trim();
    let (year, month) = if let Some(c) = YEAR_MONTH.captures(v) {
        (c[1].parse::<u16>().ok()?, c[2].parse::<u8>().ok()?)
    } else if (9..=10).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()) {
        let (y, m, _) = civil(v.parse::<i64>().ok()? / 86_400);
        (y, m)
    } else {
        return None;
    };
    ((1970..=2100).contains(&year) && (1..=12).contains(&month)).then_some(ArticleDate { year, month, source })
}

/// The month of the file's modification time (UTC).
pub fn from_mtime(path: &Path) -> Option<ArticleDate> {
    let secs = std::fs::metadata(path).ok()?.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_secs();
    let (year, month, _) = civil((secs / 86_400) as i64);
    ((1970..=2100).contains(&year)).then_some(ArticleDate { year, month, source: DateSource::Mtime })
}

/// Year, month and day of a count of days since 1970-01-01 (proleptic Gregorian; Howard
/// Hinnant's `civil_from_days`).
pub(crate) fn civil(days: i64) -> (u16, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year.clamp(0, 9999) as u16, month, day)
}

/// A time as RFC 3339 in UTC, to the second (`2026-12-03T22:19:01Z`).
pub fn rfc3339(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (y, m, d) = civil((secs / 86_400) as i64);
    let s = secs % 86_400;
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(format: Format, text: &str) -> Option<(String, DateSource)> {
        sniff(format, text).map(|d| (d.month_key(), d.source))
    }

    #[test]
    fn front_matter_date_in_several_spellings() {
        let md = |v: &str| month(Format::MARKDOWN, &format!("---\ntitle: 标题\ndate: {v}\n---\n正文\n"));
        assert_eq!(md("2024-03-05"), Some(("2024-03".into(), DateSource::FrontMatter)));
        assert_eq!(md("\"2023/11/30 10:00\""), Some(("2023-11".into(), DateSource::FrontMatter)));
        assert_eq!(md("2022年7月1日"), Some(("2022-07".into(), DateSource::FrontMatter)));
        assert_eq!(md("2024-03-05T10:00:00+08:00"), Some(("2024-03".into(), DateSource::FrontMatter)));
        assert_eq!(md("yesterday"), None);
        assert_eq!(md("2024-13-01"), None);
        // A `date:` line in the body is not front matter.
        assert_eq!(month(Format::MARKDOWN, "# 标题\n\ndate: 2024-01-01\n"), None);
        assert_eq!(month(Format::TXT, "---\ndate: 2024-01-01\n---\n"), None);
    }

    #[test]
    fn html_meta_tags_and_wechat_variables() {
        let html =
            r#"<html><head><meta property="article:published_time" content="2021-09-10T08:00:00Z"></head></html>"#;
        assert_eq!(month(Format::HTML, html), Some(("2021-09".into(), DateSource::HtmlMeta)));
        let html = r#"<meta content='2020-02-02' name=date>"#;
        assert_eq!(month(Format::HTML, html), Some(("2020-02".into(), DateSource::HtmlMeta)));
        let html = r#"<meta name="description" content="2020-02-02"><script>var ct = "1700000000";</script>"#;
        assert_eq!(month(Format::HTML, html), Some(("2023-11".into(), DateSource::HtmlMeta)));
        assert_eq!(month(Format::HTML, "<p>2024-01-01</p>"), None);
    }

    #[test]
    fn civil_dates_and_rfc3339() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(19_782), (2024, 2, 29));
        assert_eq!(civil(-1), (1969, 12, 31));
        let t = UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        assert_eq!(rfc3339(t), "2023-11-14T22:13:20Z");
    }
}
