//! `kind = "validator"`: personal data found by a pattern and confirmed by a check (ID-card check
//! digit, Luhn, number plans); see [`crate::detect::pii`]. Values the rule allows (compared in
//! canonical form) are never reported.

use super::{Finder, rules_of};
use crate::detect::pack::{Rule, RuleKind, RuleSpec};
use crate::detect::pii::{self, PiiKind};
use crate::detect::{DetectInput, Hit};

/// The validator rules of an engine, scanned in one pass.
#[derive(Debug)]
struct Validators {
    rules: Vec<usize>,
    kinds: Vec<PiiKind>,
}

/// A finder for the validator rules among `rules`, if any.
pub fn finder(rules: &[Rule]) -> Option<Box<dyn Finder>> {
    let mut ids = Vec::new();
    let mut kinds = Vec::new();
    for ri in rules_of(rules, |r| matches!(r.kind, RuleKind::Validator { .. })) {
        if let RuleKind::Validator { kind, .. } = &rules[ri].kind {
            ids.push(ri);
            kinds.push(*kind);
        }
    }
    (!ids.is_empty()).then(|| Box::new(Validators { rules: ids, kinds }) as Box<dyn Finder>)
}

impl Finder for Validators {
    fn find(&self, rules: &[Rule], input: &DetectInput<'_>, hits: &mut Vec<Hit>) {
        let src = input.text;
        for ((&ri, &kind), found) in self.rules.iter().zip(&self.kinds).zip(pii::find_many(&self.kinds, src)) {
            let RuleKind::Validator { allow, .. } = &rules[ri].kind else { continue };
            hits.extend(
                found
                    .into_iter()
                    .filter(|r| !allow.contains(&pii::canonical(kind, &src[r.clone()])))
                    .map(|range| Hit::at(ri, range)),
            );
        }
    }
}

/// The validator and allowed values of a validator rule.
pub fn parse(spec: &RuleSpec) -> Result<RuleKind, String> {
    let name = spec.validator.as_deref().ok_or("a validator rule needs `validator`")?;
    let kind = crate::detect::pii::PiiKind::from_name(name)
        .ok_or_else(|| format!("unknown validator `{name}` (expected cn-id-card, cn-mobile, bank-card or email)"))?;
    let allow = spec.allow.iter().map(|a| crate::detect::pii::canonical(kind, a)).collect();
    Ok(RuleKind::Validator { kind, allow })
}
