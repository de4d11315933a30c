//! hegui (合规): compliance checks for Chinese articles.
//!
//! The pipeline runs left to right, each stage taking the previous stage's output:
//! [`source`] (read, decode, extract text with a source map) → [`normalize`] (fold disguises, keep an
//! offset map) → [`detect`] (rule packs matched over the text; [`dedup`] supplies the corpus rules)
//! → [`report`] (printers of the one [`model::Finding`] model). [`scan::Scanner`] runs one file
//! through all of it, and every command (`check`, `watch`, `corpus`, `dedup`, `rules test`) goes
//! through a `Scanner`.
//!
//! ```
//! use hegui::scan::{Scanner, ScannerOptions};
//!
//! let scanner = Scanner::new(Default::default(), &ScannerOptions::default()).expect("bundled packs load");
//! let report = scanner.scan_bytes("ad.txt", "本店商品全网最低价！".as_bytes());
//! assert_eq!(report.findings.len(), 1);
//! assert_eq!(report.findings[0].matched, "全网最低价");
//! ```
#![deny(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod config;
pub mod dedup;
pub mod detect;
pub mod model;
pub mod normalize;
pub mod report;
pub mod scan;
pub mod segment;
pub mod source;
