//! The N largest items of a stream, in memory bounded by 2N.

/// Keeps the `cap` items with the largest keys (ties: the first pushed). Pruned in batches: at
/// most `2 × cap` items are held at once.
#[derive(Debug, Clone)]
pub struct TopN<K, V> {
    cap: usize,
    items: Vec<(K, V)>,
    /// The smallest key kept at the last pruning: nothing at or below it can get in any more.
    floor: Option<K>,
}

impl<K: Ord + Clone, V> TopN<K, V> {
    /// An empty table of at most `cap` items.
    pub fn new(cap: usize) -> Self {
        Self { cap, items: Vec::new(), floor: None }
    }

    /// Whether an item with key `k` could be among the top (skip building it when not).
    pub fn admits(&self, k: &K) -> bool {
        self.cap > 0 && self.floor.as_ref().is_none_or(|f| k > f)
    }

    /// Offers an item.
    pub fn push(&mut self, k: K, v: V) {
        if !self.admits(&k) {
            return;
        }
        self.items.push((k, v));
        if self.items.len() >= 2 * self.cap {
            self.prune();
        }
    }

    fn prune(&mut self) {
        self.items.sort_by(|a, b| b.0.cmp(&a.0));
        self.items.truncate(self.cap);
        if self.items.len() == self.cap {
            self.floor = self.items.last().map(|(k, _)| k.clone());
        }
    }

    /// The kept items, largest key first.
    pub fn into_sorted(mut self) -> Vec<V> {
        self.prune();
        self.items.into_iter().map(|(_, v)| v).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_largest_and_stays_bounded() {
        let mut t = TopN::new(3);
        for (i, k) in [5, 1, 9, 3, 7, 9, 2, 8, 4, 6].into_iter().enumerate() {
            t.push(k, i);
            assert!(t.items.len() < 6);
        }
        // 9 (index 2) and 9 (index 5) tie; both kept, first pushed first (stable sort).
        assert_eq!(t.into_sorted(), vec![2, 5, 7]);
        let mut none: TopN<u32, ()> = TopN::new(0);
        none.push(1, ());
        assert!(none.into_sorted().is_empty());
    }
}
