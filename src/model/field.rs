//! Which part of an article a piece of text belongs to.

/// What part of an article a stretch of extracted text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The article title (front matter `title:`, HTML `<title>`).
    Title,
    /// The digest / summary shown in share cards (front matter `digest:`, meta description).
    Digest,
    /// The author line.
    Author,
    /// The article body.
    Body,
    /// Image alternative text and element `title` attributes.
    Alt,
    /// A link target URL.
    Link,
}

impl Field {
    /// All fields, in a stable order.
    pub const ALL: [Field; 6] = [Field::Title, Field::Digest, Field::Author, Field::Body, Field::Alt, Field::Link];

    /// Stable lower-case name used in config files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Digest => "digest",
            Field::Author => "author",
            Field::Body => "body",
            Field::Alt => "alt",
            Field::Link => "link",
        }
    }
}

/// The field at byte `off` of a text whose fields are `fields` (sorted, non-overlapping stretches;
/// a byte in no stretch is [`Field::Body`]).
pub fn field_at(fields: &[(std::ops::Range<usize>, Field)], off: usize) -> Field {
    let idx = fields.partition_point(|(r, _)| r.start <= off);
    match idx.checked_sub(1).map(|i| &fields[i]) {
        Some((r, f)) if off < r.end => *f,
        _ => Field::Body,
    }
}
