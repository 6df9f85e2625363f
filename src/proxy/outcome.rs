//! One exchange as the run's [`Outcome`]: what a proxy session hands its reporters (the report
//! files' collector among them), so a session's reports are `run`'s, one entry per exchange.
//!
//! Named `<operation>::exchange-<seq>` (six digits, so that names sort in the order exchanges
//! ended). Its `expected_code` is the code the client *received*: the coverage matrix then
//! shows which documented answers the client met, each cell linking to those exchanges.

use serde_json::{Value, json};

use super::inspect::{Captured, Inspected};
use crate::outcome::{Failure, Outcome, RunError, RunErrorKind, Verdict};

/// The operation of an exchange whose path names none (passed through unchecked).
pub const UNMATCHED: &str = "unmatched";

/// The trial name of exchange `seq` to `operation`.
pub fn name(operation: &str, seq: u64) -> String {
    format!("{operation}::exchange-{seq:06}")
}

/// The outcome of one exchange: failed when a finding fails it (a documented one, or a failed
/// assumption the policy holds to), an error when it could not be completed or read, skipped
/// when its path names no operation, else passed; its warnings the policy's.
pub fn of(seq: u64, c: &Captured, i: &Inspected) -> Outcome {
    let operation = i.operation.as_deref().unwrap_or(UNMATCHED);
    let failures: Vec<Failure> = i
        .findings
        .iter()
        .filter_map(|f| f.failure.clone())
        .collect();
    let error = i.findings.iter().find(|f| f.failure.is_none());
    let verdict = match (failures.is_empty(), error, &i.operation) {
        (false, _, _) => Verdict::Fail { failures },
        (true, Some(e), _) => Verdict::Error {
            error: RunError {
                kind: RunErrorKind::Transport,
                message: e.detail.clone(),
            },
        },
        (true, None, None) => Verdict::Skipped {
            reason: i.notes.join("; "),
        },
        (true, None, Some(_)) => Verdict::Pass,
    };
    let mut o = Outcome::new(
        name(operation, seq),
        operation.to_string(),
        format!("exchange-{seq:06}"),
        i.code.clone(),
        verdict,
    );
    o.warnings = i.warnings.clone();
    o.facts = i.facts.clone();
    o.facts.sort_unstable();
    o.actual = i
        .exchange
        .response
        .as_ref()
        .map(|r| json!({"status": r.status, "body": r.json.clone().unwrap_or(Value::Null)}));
    o.exchange = Some(i.exchange.clone());
    o.duration = c.elapsed;
    o
}

#[cfg(test)]
mod tests {
    use super::super::inspect::fixtures::{captured, inspected};
    use super::*;
    use crate::outcome::{CheckKind, Status};
    use crate::proxy::{Finding, Side};

    fn finding(failure: Option<Failure>) -> Finding {
        Finding {
            side: Side::Request,
            kind: "k".into(),
            detail: "[k]: no answer".into(),
            basis: "transport".into(),
            failure,
        }
    }

    #[test]
    fn a_failed_check_fails_a_transport_problem_errs_an_unknown_path_is_skipped() {
        let failed = Failure::new(CheckKind::RequestBody, "/status", "`enum` to hold", "x");
        let status = |i: &Inspected| Status::of(&of(7, &captured(), i).verdict);
        let op = Some("cardStatusChange");
        let both = inspected(op, vec![finding(None), finding(Some(failed))]);
        assert_eq!(status(&both), Status::Fail);
        assert_eq!(status(&inspected(op, vec![finding(None)])), Status::Error);
        assert_eq!(status(&inspected(None, vec![])), Status::Skipped);
        let passed = of(7, &captured(), &inspected(op, vec![]));
        assert_eq!(passed.verdict, Verdict::Pass);
        assert_eq!(passed.name, "cardStatusChange::exchange-000007");
        assert_eq!(passed.expected_code.as_deref(), Some("000_001"));
    }
}
