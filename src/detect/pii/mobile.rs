//! Mainland mobile numbers: 11 digits in a real prefix range, with an optional `+86` prefix.

use super::{Chars, GROUP_SEPARATORS};

/// Whether 11 digits form a mainland mobile number with a real prefix range.
pub(super) fn valid_mobile(d: &[u8]) -> bool {
    let &[1, second, third, ..] = d else { return false };
    d.len() == 11
        && match second {
            3 | 8 => true,
            4 => (5..=9).contains(&third),
            5 | 9 => third != 4,
            6 => matches!(third, 2 | 5 | 6 | 7),
            7 => third <= 8,
            _ => false,
        }
}

/// Where the national number may start after an optional `+86` / `0086` / `86` prefix at `i` (and an
/// optional separator after it), most specific first; `i` itself (no prefix) comes last.
pub(super) fn mobile_bodies(c: &Chars, i: usize) -> Vec<usize> {
    let mut bodies = Vec::new();
    let digits_at = |from: usize, want: &[u8]| want.iter().enumerate().all(|(k, &w)| c.digit_at(from + k) == Some(w));
    let mut prefix_end = None;
    if digits_at(i, &[0, 0, 8, 6]) {
        prefix_end = Some(i + 4);
    } else if matches!(c.get(i), Some('+' | '＋')) && digits_at(i + 1, &[8, 6]) {
        prefix_end = Some(i + 3);
    } else if digits_at(i, &[8, 6]) {
        prefix_end = Some(i + 2);
    }
    if let Some(p) = prefix_end {
        if c.get(p).is_some_and(|s| GROUP_SEPARATORS.contains(&s)) {
            bodies.push(p + 1);
        }
        bodies.push(p);
    }
    bodies.push(i);
    bodies
}

/// A mobile number: optional prefix, then 11 contiguous digits or 3-4-4 groups.
pub(super) fn match_mobile(c: &Chars, i: usize) -> Option<usize> {
    mobile_bodies(c, i).into_iter().find_map(|body| {
        c.read_number(i, body, &[11], &[], false, valid_mobile)
            .or_else(|| c.read_number(i, body, &[3, 4, 4], GROUP_SEPARATORS, false, valid_mobile))
    })
}
