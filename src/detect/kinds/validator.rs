//! `kind = "validator"`: personal data found by a pattern and confirmed by a check (ID-card check
//! digit, Luhn, number plans); see [`crate::detect::pii`]. Values the rule allows (compared in
//! canonical form) are never reported.

use std::sync::Arc;

use serde::Deserialize;

use super::{Finder, KindData, KindDef};
use crate::detect::pack::{KindKeys, Rule};
use crate::detect::pii::{self, PiiKind};
use crate::detect::{DetectInput, Hit};

/// `kind = "validator"`.
pub const KIND: KindDef = KindDef {
    name: "validator",
    keys: &["validator", "allow"],
    terms: false,
    all_fields: false,
    needs_corpus: false,
    parse,
    finder: Some(finder),
};

/// The keys of a validator rule.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Keys {
    /// Which validator (`cn-id-card`, `cn-mobile`, `bank-card`, `email`).
    validator: Option<String>,
    /// Values never reported (e.g. the publisher's own service numbers).
    #[serde(default)]
    allow: Vec<String>,
}

/// A validator rule: the check, and canonical values never reported.
#[derive(Debug)]
pub struct Validator {
    /// The validator.
    pub kind: PiiKind,
    /// Canonical allowed values.
    pub allow: Vec<String>,
}

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
    for (ri, rule) in rules.iter().enumerate() {
        if let Some(v) = rule.kind.data::<Validator>() {
            ids.push(ri);
            kinds.push(v.kind);
        }
    }
    (!ids.is_empty()).then(|| Box::new(Validators { rules: ids, kinds }) as Box<dyn Finder>)
}

impl Finder for Validators {
    fn find(&self, rules: &[Rule], input: &DetectInput<'_>, hits: &mut Vec<Hit>) {
        let src = input.text;
        for ((&ri, &kind), found) in self.rules.iter().zip(&self.kinds).zip(pii::find_many(&self.kinds, src)) {
            let Some(Validator { allow, .. }) = rules[ri].kind.data() else { continue };
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
fn parse(keys: &KindKeys<'_>) -> Result<KindData, String> {
    let Keys { validator, allow } = keys.parse()?;
    let name = validator.ok_or("a validator rule needs `validator`")?;
    let kind = PiiKind::from_name(&name)
        .ok_or_else(|| format!("unknown validator `{name}` (expected cn-id-card, cn-mobile, bank-card or email)"))?;
    let allow = allow.iter().map(|a| pii::canonical(kind, a)).collect();
    Ok(Arc::new(Validator { kind, allow }))
}
