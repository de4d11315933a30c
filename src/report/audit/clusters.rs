//! Near-duplicate clusters among the audited articles themselves (`audit --dedup`): which
//! articles copy which, and how much of each the shared passages cover.

use crate::dedup::cluster;
use crate::dedup::index::DocPair;

use super::schema::{ArchivePair, Cluster};

/// Pairs listed per cluster at most.
pub const PAIRS_PER_CLUSTER: usize = 20;

/// The clusters that `pairs` connect among `names` (largest first), each with its pairs (the
/// most covered first, at most [`PAIRS_PER_CLUSTER`]).
pub fn clusters(names: &[String], pairs: &[DocPair]) -> Vec<Cluster> {
    let mut out: Vec<Cluster> = cluster::clusters(names, pairs)
        .into_iter()
        .map(|articles| {
            let mut ps: Vec<ArchivePair> = pairs
                .iter()
                .filter(|p| articles.contains(&p.a))
                .map(|p| ArchivePair {
                    a: p.a.clone(),
                    b: p.b.clone(),
                    coverage_a: p.coverage_a,
                    coverage_b: p.coverage_b,
                    similarity: (p.similarity * 100.0).round() as u32,
                    passages: p.passages.len() as u64,
                })
                .collect();
            ps.sort_by(|x, y| {
                let cx = x.coverage_a.max(x.coverage_b);
                let cy = y.coverage_a.max(y.coverage_b);
                cy.total_cmp(&cx).then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
            });
            let pair_count = ps.len() as u64;
            ps.truncate(PAIRS_PER_CLUSTER);
            Cluster { articles, pair_count, pairs: ps }
        })
        .collect();
    out.sort_by(|x, y| y.articles.len().cmp(&x.articles.len()).then_with(|| x.articles.cmp(&y.articles)));
    out
}
