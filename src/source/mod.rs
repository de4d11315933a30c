//! Reading files: decoding to text and extracting the article text with a source map.
pub mod html;
pub mod markdown;
