//! `report.json`: the [`AuditReport`] through serde (schema in `docs/audit-report.md`).

use std::io::{self, Write};

use super::AuditReport;

/// Writes the report as pretty-printed JSON.
pub fn write(w: &mut dyn Write, report: &AuditReport) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, report)?;
    w.write_all(b"\n")
}
