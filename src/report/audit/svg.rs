//! Inline SVG bar charts for the HTML report. Bars are placed in percentages of the chart's
//! width and text is in pixels, so a chart fills any screen width without shrinking its text.

use std::fmt::Write as _;

use super::html::esc;

/// One bar segment: its value and CSS class (`e`, `w`, `i` for the three severities).
pub(crate) type Segment = (f64, &'static str);

/// One row of a horizontal bar chart: a line of text (label, then numbers), then the bar.
pub(crate) struct HBar {
    /// The label.
    pub label: String,
    /// The numbers, after the label.
    pub value: String,
    /// Stacked segments, drawn left to right.
    pub segments: Vec<Segment>,
}

/// Height of one horizontal row in pixels.
const ROW: usize = 38;

/// A horizontal stacked bar chart scaled so the longest bar fills the width; `title` is its
/// accessible name.
pub(crate) fn hbars(title: &str, rows: &[HBar]) -> String {
    let max = rows.iter().map(|r| r.segments.iter().map(|s| s.0).sum::<f64>()).fold(0.0_f64, f64::max);
    let height = rows.len() * ROW + 4;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart hbar" role="img" aria-label="{t}" width="100%" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = esc(title)
    );
    for (i, r) in rows.iter().enumerate() {
        let y = i * ROW;
        let _ = write!(
            s,
            r#"<text x="0" y="{ty}"><tspan class="lbl">{l}</tspan><tspan class="val" dx="10">{v}</tspan></text><rect class="track" x="0" y="{by}" width="100%" height="12" rx="2"/>"#,
            ty = y + 14,
            by = y + 20,
            l = esc(&r.label),
            v = esc(&r.value)
        );
        let mut x = 0.0;
        for &(v, class) in &r.segments {
            if v <= 0.0 || max <= 0.0 {
                continue;
            }
            let w = v / max * 100.0;
            let _ = write!(
                s,
                r#"<rect class="bar {class}" x="{x:.3}%" y="{by}" width="{w:.3}%" height="12"/>"#,
                by = y + 20
            );
            x += w;
        }
    }
    s.push_str("</svg>");
    s
}

/// One column of a vertical bar chart.
pub(crate) struct VBar {
    /// Text under the column (shown for every few columns when there are many).
    pub label: String,
    /// Tooltip.
    pub tip: String,
    /// Stacked segments, bottom up.
    pub segments: Vec<Segment>,
}

/// A vertical stacked bar chart (the trend), scaled to the largest column; `top` labels the
/// top of the scale.
pub(crate) fn vbars(title: &str, top: Option<&str>, cols: &[VBar]) -> String {
    const H: f64 = 160.0;
    let max = cols.iter().map(|c| c.segments.iter().map(|s| s.0).sum::<f64>()).fold(0.0_f64, f64::max);
    let n = cols.len().max(1) as f64;
    let every = cols.len().div_ceil(6).max(1);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart vbar" role="img" aria-label="{t}" width="100%" height="{h}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title><line class="axis" x1="0" y1="{H}" x2="100%" y2="{H}"/>"#,
        t = esc(title),
        h = H + 22.0
    );
    // Columns are `100 / n` percent apart; a bar is at most 6% wide, centred in its column.
    let step = 100.0 / n;
    let w = (0.7 * step).min(6.0);
    if let Some(top) = top {
        let _ = write!(s, r#"<text class="tick" x="0" y="12">{}</text>"#, esc(top));
    }
    for (i, c) in cols.iter().enumerate() {
        let x = i as f64 * step;
        let _ = write!(s, r#"<g><title>{}</title>"#, esc(&c.tip));
        let mut y = H;
        for &(v, class) in &c.segments {
            if v <= 0.0 || max <= 0.0 {
                continue;
            }
            let h = v / max * (H - 24.0);
            y -= h;
            let _ = write!(
                s,
                r#"<rect class="bar {class}" x="{x:.3}%" y="{y:.2}" width="{w:.3}%" height="{h:.2}"/>"#,
                x = x + (step - w) / 2.0
            );
        }
        s.push_str("</g>");
        if i % every == 0 {
            // The first label starts at the left edge rather than being centred past it.
            let (tx, anchor) = if i == 0 { (x + (step - w) / 2.0, "start") } else { (x + step / 2.0, "middle") };
            let _ = write!(
                s,
                r#"<text class="tick" x="{tx:.3}%" y="{}" text-anchor="{anchor}">{}</text>"#,
                H + 16.0,
                esc(&c.label)
            );
        }
    }
    s.push_str("</svg>");
    s
}
