//! `kind = "regex"`: a regular expression over the article text as extracted (not normalized).

use super::{Finder, rules_of};
use crate::detect::pack::{Rule, RuleKind, RuleSpec};
use crate::detect::{DetectInput, Hit};

/// The regex rules of an engine.
#[derive(Debug)]
struct Regexes {
    rules: Vec<usize>,
}

/// A finder for the regex rules among `rules`, if any.
pub fn finder(rules: &[Rule]) -> Option<Box<dyn Finder>> {
    let rules = rules_of(rules, |r| matches!(r.kind, RuleKind::Regex(_)));
    (!rules.is_empty()).then(|| Box::new(Regexes { rules }) as Box<dyn Finder>)
}

impl Finder for Regexes {
    fn find(&self, rules: &[Rule], input: &DetectInput<'_>, hits: &mut Vec<Hit>) {
        for &ri in &self.rules {
            if let RuleKind::Regex(re) = &rules[ri].kind {
                hits.extend(re.find_iter(input.text).filter(|m| !m.is_empty()).map(|m| Hit::at(ri, m.range())));
            }
        }
    }
}

/// The compiled `pattern` of a regex rule (size-limited).
pub fn parse(spec: &RuleSpec) -> Result<RuleKind, String> {
    let pattern = spec.pattern.as_deref().ok_or("a regex rule needs `pattern`")?;
    let re =
        regex::RegexBuilder::new(pattern).size_limit(1 << 22).build().map_err(|e| format!("bad `pattern`: {e}"))?;
    Ok(RuleKind::Regex(re))
}
