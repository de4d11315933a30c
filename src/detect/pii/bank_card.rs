//! Bank card numbers: 16–19 digits with a Luhn check digit and a known issuer prefix.

use super::id_card::{number, valid_id_card};
use super::{Chars, GROUP_SEPARATORS};

/// Luhn (mod 10) check over all digits, the last one being the check digit.
pub(super) fn luhn_ok(d: &[u8]) -> bool {
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(k, &v)| {
            let v = u32::from(v);
            if k % 2 == 1 {
                let doubled = v * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                v
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// UnionPay 62, Visa 4, Mastercard 51–55 and 2221–2720, JCB 35, Discover 60 / 65.
pub(super) fn known_issuer(d: &[u8]) -> bool {
    let &[first, ..] = d else { return false };
    d.len() >= 4
        && (first == 4
            || matches!(number(&d[0..2]), 35 | 51..=55 | 60 | 62 | 65)
            || (2221..=2720).contains(&number(&d[0..4])))
}

/// Whether 16–19 digits form a card number (and not an ID card number).
pub(super) fn valid_bank_card(d: &[u8]) -> bool {
    (16..=19).contains(&d.len()) && known_issuer(d) && luhn_ok(d) && !valid_id_card(d)
}

/// Layouts of a card number: contiguous, or groups of four with a shorter last group.
pub(super) const CARD_LAYOUTS: [&[usize]; 8] =
    [&[19], &[18], &[17], &[16], &[4, 4, 4, 4, 3], &[4, 4, 4, 4, 2], &[4, 4, 4, 4, 1], &[4, 4, 4, 4]];

/// A bank card number: 16–19 contiguous digits or groups of four.
pub(super) fn match_bank_card(c: &Chars, i: usize) -> Option<usize> {
    CARD_LAYOUTS.iter().find_map(|groups| c.read_number(i, i, groups, GROUP_SEPARATORS, false, valid_bank_card))
}
