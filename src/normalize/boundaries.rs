//! A rule's own hard-boundary set: the one default set (line breaks, sentence and clause
//! punctuation in every width; see [`Class::Hard`]) with characters added or made skippable.
//!
//! `[pack.match]` / `[rules.match]` `hard = "/|"` makes separators hard for the rule (a term never
//! spans them, `near` and `unless_near` still reach across them); `skippable = "，、"` lets the rule
//! skip hard boundaries as separators (they count against `max_gap`, and a skippable sentence end
//! no longer ends the sentence for `near` rules). The same set applies to every rule kind that
//! matches terms (lexicon and `near` terms, partners and contexts) in both widths.

use super::{Class, class_of, ends_sentence};

/// Changes a rule makes to the default hard-boundary set. The default value changes nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Boundaries {
    /// Separators that are hard boundaries for the rule (sorted).
    hard: Box<[char]>,
    /// Hard boundaries the rule skips as separators (sorted).
    skippable: Box<[char]>,
}

impl Boundaries {
    /// The set with `hard` added and `skippable` made separators. Every character of `hard` must
    /// be a separator (punctuation, symbol, space) and every one of `skippable` a hard boundary;
    /// the error names the first that is not.
    pub fn new(hard: &str, skippable: &str) -> Result<Self, String> {
        let set = |s: &str| {
            let mut v: Vec<char> = s.chars().collect();
            v.sort_unstable();
            v.dedup();
            v.into_boxed_slice()
        };
        let (hard, skippable) = (set(hard), set(skippable));
        if let Some(&c) = hard.iter().find(|&&c| class_of(c) != Class::Skip) {
            let what = if class_of(c) == Class::Hard { "is a hard boundary already" } else { "is not a separator" };
            return Err(format!("`hard`: {c:?} {what}"));
        }
        if let Some(&c) = skippable.iter().find(|&&c| class_of(c) != Class::Hard) {
            return Err(format!("`skippable`: {c:?} is not a hard boundary"));
        }
        Ok(Self { hard, skippable })
    }

    /// Whether the set is the default one.
    #[inline]
    pub fn is_default(&self) -> bool {
        self.hard.is_empty() && self.skippable.is_empty()
    }

    /// `class` (the table's class of `c`) under this set.
    #[inline]
    pub fn adjust(&self, c: char, class: Class) -> Class {
        match class {
            Class::Hard if self.skippable.contains(&c) => Class::Skip,
            Class::Skip if self.hard.contains(&c) => Class::Hard,
            _ => class,
        }
    }

    /// The class of `c` under this set.
    #[inline]
    pub fn class_of(&self, c: char) -> Class {
        let class = class_of(c);
        if self.is_default() { class } else { self.adjust(c, class) }
    }

    /// Whether `c` ends a sentence under this set ([`ends_sentence`] unless skippable).
    #[inline]
    pub fn ends_sentence(&self, c: char) -> bool {
        ends_sentence(c) && !self.skippable.contains(&c)
    }

    /// Whether `c` is a hard boundary this set skips.
    #[inline]
    pub fn skips(&self, c: char) -> bool {
        self.skippable.contains(&c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_and_removes_hard_boundaries() {
        let b = Boundaries::new("/|", "，。").expect("valid");
        assert_eq!(b.class_of('/'), Class::Hard);
        assert_eq!(b.class_of('，'), Class::Skip);
        assert_eq!(b.class_of('！'), Class::Hard);
        assert_eq!(b.class_of(' '), Class::Skip);
        assert!(!b.ends_sentence('。') && b.ends_sentence('！'));
        let d = Boundaries::default();
        assert!(d.is_default() && d.class_of('，') == Class::Hard && d.ends_sentence('。'));
    }

    #[test]
    fn names_a_character_that_cannot_change() {
        assert!(Boundaries::new("a", "").unwrap_err().contains("not a separator"));
        assert!(Boundaries::new("，", "").unwrap_err().contains("hard boundary already"));
        assert!(Boundaries::new("", "/").unwrap_err().contains("not a hard boundary"));
    }
}
