//! hegui (合规): compliance checks for Chinese articles.
//!
//! The pipeline runs left to right, each stage taking the previous stage's output:
//! [`source`] (read, decode, extract text with a source map) → [`normalize`] (fold disguises, keep an
//! offset map) → [`detect`] (rule packs matched over the text) → [`report`] (one [`finding::Finding`]
//! model, many printers). [`scan`] wires the stages together for one document.
//!
//! ```
//! use hegui::detect::Engine;
//! use hegui::scan::{scan_bytes, ScanOptions};
//!
//! let engine = Engine::builtin().expect("bundled packs load");
//! let report = scan_bytes("ad.txt", "本店商品全网最低价！".as_bytes(), &engine, &ScanOptions::default());
//! assert_eq!(report.findings.len(), 1);
//! assert_eq!(report.findings[0].matched, "全网最低价");
//! ```
#![deny(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod config;
pub mod detect;
pub mod finding;
pub mod lang;
pub mod normalize;
pub mod report;
pub mod scan;
pub mod segment;
pub mod source;
pub mod span;
pub mod walk;
