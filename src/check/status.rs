//! The HTTP status.

use super::table::{Basis, Check, Severity};
use crate::outcome::{CheckKind, Failure};
use crate::spec::Operation;

/// The status the case expects.
pub(super) const EXPECTED: Check = Check {
    name: "status",
    applies: |j| j.expect.status.is_some(),
    run: |j| {
        let expected = j.expect.status;
        expected
            .and_then(|s| status(s, j.received.status))
            .into_iter()
            .collect()
    },
    basis: Basis::Expected,
    severity: Severity::Fails,
};

/// With no expected status, a status the operation documents.
pub(super) const DOCUMENTED: Check = Check {
    name: "documented-status",
    applies: |j| j.expect.status.is_none(),
    run: |j| {
        documented(j.ctx.operation, j.received.status)
            .into_iter()
            .collect()
    },
    basis: Basis::Expected,
    severity: Severity::Fails,
};

/// The status must be exactly the expected one.
pub fn status(expected: u16, actual: u16) -> Option<Failure> {
    (expected != actual).then(|| {
        Failure::new(
            CheckKind::Status,
            "",
            format!("HTTP {expected}"),
            format!("HTTP {actual}"),
        )
    })
}

/// With no expected status: the status must be one the operation documents a response for.
pub fn documented(op: &Operation, actual: u16) -> Option<Failure> {
    op.response_schema(actual).is_none().then(|| {
        let documented: Vec<String> = op
            .response_schemas
            .iter()
            .map(|(s, _)| format!("HTTP {s}"))
            .collect();
        Failure::new(
            CheckKind::Status,
            "",
            format!("a documented status ({})", documented.join(" or ")),
            format!("HTTP {actual}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_passes_and_different_fails() {
        assert_eq!(status(400, 400), None);
        assert_eq!(
            status(400, 200).unwrap().line(),
            "[status]: expected HTTP 400, got HTTP 200"
        );
    }
}
