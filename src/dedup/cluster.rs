//! Clusters of near-duplicate documents: connected components of the pairs an audit found.

use std::collections::{BTreeMap, HashMap};

use super::index::DocPair;

/// Union-find root of `i`, halving paths on the way.
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// The clusters of two or more documents that `pairs` connect, each in `names` order, in a
/// deterministic order (by union-find root). Pairs naming documents not in `names` are skipped.
pub fn clusters(names: &[String], pairs: &[DocPair]) -> Vec<Vec<String>> {
    let at: HashMap<&str, usize> = names.iter().enumerate().map(|(i, p)| (p.as_str(), i)).collect();
    let mut parent: Vec<usize> = (0..names.len()).collect();
    for p in pairs {
        if let (Some(&a), Some(&b)) = (at.get(p.a.as_str()), at.get(p.b.as_str())) {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            parent[ra] = rb;
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..names.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    groups.into_values().filter(|c| c.len() > 1).map(|c| c.into_iter().map(|i| names[i].clone()).collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(a: &str, b: &str) -> DocPair {
        DocPair { a: a.into(), b: b.into(), coverage_a: 0.5, coverage_b: 0.5, similarity: 1.0, passages: Vec::new() }
    }

    #[test]
    fn pairs_join_into_components() {
        let names: Vec<String> = ["a", "b", "c", "d", "e"].iter().map(|s| s.to_string()).collect();
        let got = clusters(&names, &[pair("d", "b"), pair("e", "a"), pair("b", "c"), pair("x", "a")]);
        assert_eq!(got, vec![vec!["a", "e"], vec!["b", "c", "d"]]);
        assert!(clusters(&names, &[]).is_empty(), "single documents are no cluster");
    }
}
