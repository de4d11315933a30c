//! Plain text: the whole file is the article, verbatim; a short first line above more text is
//! its title (a draft's headline), as WeChat's editor shows it.

use crate::model::{Field, OffsetMap};
use crate::source::extract::Extracted;
use crate::source::{FormatDef, Reader, SourceOptions};

/// Plain text, and files whose extension is not another format's.
pub const FORMAT: FormatDef = FormatDef {
    name: "txt",
    extensions: &["txt", "text"],
    reader: Reader::Text(|src, _: &SourceOptions, buf| extract_in(src, buf)),
};

/// The longest first line taken for a title, in characters.
pub const TITLE_MAX_CHARS: usize = 64;

/// Extracts a plain-text document: identity map; the first line is the title when it is short and
/// more text follows.
pub fn extract(src: &str) -> Extracted {
    extract_in(src, String::new())
}

/// [`extract`], copying the text into `buf` (emptied first), whose capacity it reuses.
pub fn extract_in(src: &str, mut buf: String) -> Extracted {
    let fields = title(src);
    buf.clear();
    buf.push_str(src);
    Extracted { text: buf, map: OffsetMap::identity(src.len(), 0), fields, declared: None }
}

/// [`extract`] of a text given up to it: the text is the extracted text itself, not copied.
pub fn extract_owned(src: String) -> Extracted {
    let fields = title(&src);
    let map = OffsetMap::identity(src.len(), 0);
    Extracted { text: src, map, fields, declared: None }
}

/// The title field of a plain text: its first line, when short and more text follows.
fn title(src: &str) -> Vec<(std::ops::Range<usize>, Field)> {
    let mut fields = Vec::new();
    let body = src.trim_start_matches('\u{feff}');
    let lead = src.len() - body.len();
    if let Some(nl) = body.find('\n') {
        let line = body[..nl].trim_end_matches('\r');
        let more = !body[nl..].trim().is_empty();
        if more && !line.trim().is_empty() && line.chars().count() <= TITLE_MAX_CHARS {
            fields.push((lead..lead + line.len(), Field::Title));
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_first_line_above_more_text_is_the_title() {
        let e = extract("震惊！这种早餐不能吃\r\n正文第一段。\n");
        assert_eq!(e.field_at(0), Field::Title);
        assert_eq!(e.field_at("震惊！这种早餐不能吃\r\n".len()), Field::Body);
        assert_eq!(e.fields[0].0, 0.."震惊！这种早餐不能吃".len());
        assert!(extract("只有一行。").fields.is_empty(), "a one-line text has no title");
        assert!(extract("只有一行。\n\n").fields.is_empty());
        assert!(extract(&format!("{}\n正文", "长".repeat(65))).fields.is_empty(), "too long for a title");
    }
}
