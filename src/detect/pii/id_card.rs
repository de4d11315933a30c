//! Chinese resident ID card numbers (GB 11643-1999): 17 digits, a check character (ISO 7064
//! MOD 11-2) and a real birth date.

use super::{Chars, ID_SEPARATORS};

/// ISO 7064 MOD 11-2 weights for the 17 body digits of an ID card number.
pub(super) const ID_WEIGHTS: [usize; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check value (10 = `X`) indexed by the weighted sum modulo 11.
pub(super) const ID_CHECK: [u8; 11] = [1, 0, 10, 9, 8, 7, 6, 5, 4, 3, 2];

/// The check value (10 = `X`) of a 17-digit ID card body.
pub(super) fn id_check_value(body: &[u8]) -> u8 {
    let sum: usize = body.iter().zip(ID_WEIGHTS).map(|(&d, w)| usize::from(d) * w).sum();
    ID_CHECK[sum % 11]
}

/// The decimal number formed by `digits` (all 0–9).
pub(super) fn number(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |n, &d| n * 10 + u32::from(d))
}

/// Whether `year` is a leap year (Gregorian).
pub(super) fn is_leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// Whether 18 values (17 digits and a check value, 10 = `X`) form a valid ID card number.
pub(super) fn valid_id_card(d: &[u8]) -> bool {
    let [body @ .., check] = d else { return false };
    if d.len() != 18 || body.iter().any(|&v| v > 9) || id_check_value(body) != *check {
        return false;
    }
    let province = matches!(number(&d[0..2]), 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83);
    let (year, month, day) = (number(&d[6..10]), number(&d[10..12]), number(&d[12..14]));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    };
    province && (1900..=2099).contains(&year) && (1..=days).contains(&day)
}

/// An ID card number: 18 contiguous characters, or 6-8-4 groups separated by single spaces.
pub(super) fn match_id_card(c: &Chars, i: usize) -> Option<usize> {
    c.read_number(i, i, &[18], &[], true, valid_id_card)
        .or_else(|| c.read_number(i, i, &[6, 8, 4], ID_SEPARATORS, true, valid_id_card))
}
