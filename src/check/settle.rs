//! Settling findings: a failure that rests on an [`Assumption`] is a failure, a warning or
//! nothing, as the run's [`Policy`] says (profile `assumptions:`, then `--strict`, else warn).
//! Documented failures are untouched.

use super::Findings;
use crate::assumption::{Policy, Treatment};

/// The findings with each failed assumption moved where the policy puts it.
pub fn settle(policy: Policy, findings: Findings) -> Findings {
    let mut out = Findings {
        failures: Vec::new(),
        warnings: findings.warnings,
        verified: findings.verified,
    };
    for f in findings.failures {
        match f.assumption.map(|a| policy.treatment(a)) {
            None | Some(Treatment::Fail) => out.failures.push(f),
            Some(Treatment::Warn) => out.warnings.push(f),
            Some(Treatment::Off) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::assumption::Assumption;
    use crate::outcome::{CheckKind, Failure};

    fn findings() -> Findings {
        let f = |a| Failure::new(CheckKind::Code, "/response/code", "x", "y").assuming(a);
        Findings {
            failures: vec![
                f(None),
                f(Some(Assumption::FormatViolationCode)),
                f(Some(Assumption::CorrelationIdEcho)),
            ],
            warnings: vec![],
            verified: vec![],
        }
    }

    #[test]
    fn assumptions_warn_by_default_fail_under_strict_and_follow_the_profile() {
        let none = BTreeMap::new();
        let policy = |strict, settled| Policy { strict, settled };
        let by_default = settle(policy(false, &none), findings());
        assert_eq!(by_default.failures.len(), 1);
        assert_eq!(by_default.failures[0].assumption, None);
        assert_eq!(by_default.warnings.len(), 2);

        assert_eq!(settle(policy(true, &none), findings()).failures.len(), 3);

        let settled = BTreeMap::from([
            (Assumption::FormatViolationCode, Treatment::Fail),
            (Assumption::CorrelationIdEcho, Treatment::Off),
        ]);
        let s = settle(policy(false, &settled), findings());
        assert_eq!(s.failures.len(), 2);
        assert!(s.warnings.is_empty());
    }
}
