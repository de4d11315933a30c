//! The vocabulary every stage shares: findings, file outcomes, offset maps, fields and languages.
//!
//! This module imports nothing else in the crate, so sources, detectors, the scanner and printers
//! can all depend on it without depending on each other.

mod field;
mod finding;
mod lang;
mod offset_map;
mod outcome;
mod suppression;

pub use field::{Field, field_at};
pub use finding::{AdSetting, Advertising, Context, DocLocation, Finding, Position, Related, Severity};
pub use lang::Lang;
pub use offset_map::OffsetMap;
pub use outcome::{DocxProblem, FileReport, FileStatus, IoKind, Omitted, Problem, RuleMeta, SpecialFile, Summary};
pub use suppression::{Suppressed, Suppression, SuppressionKind};
