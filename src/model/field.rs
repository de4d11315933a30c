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
