//! The HTTP status: the one the case expects, or, with none expected, one the operation
//! documents, and the one the page pairs with the result code that came back (each Response
//! Code row's HTTP column: fact `<op>.code.<code>.status`).

use serde_json::Value;

use super::table::{Basis, Check, claims_none};
use super::{Context, Judged};
use crate::facts::{Aspect, Kind};
use crate::outcome::{CheckKind, Failure};
use crate::spec::Operation;
use crate::spec::pointer;

/// The status the case expects. A wrong status with the expected code breaks the row's
/// status fact; with another answer, the facts the case names (its row, its Test Data item).
pub(super) const EXPECTED: Check = Check {
    name: "status",
    applies: |j| j.expect.status.is_some(),
    run: |j| {
        let expected = j.expect.status;
        let failure = expected.and_then(|s| status(s, j.received.status));
        let paired = j
            .expect
            .code
            .as_deref()
            .filter(|c| answered(j.body) == Some(c));
        let fact = paired.and_then(|c| status_fact(j, c));
        failure
            .map(|f| match fact {
                Some(id) => f.verifying([id]),
                None => f.verifying(j.expect.facts.clone()),
            })
            .into_iter()
            .collect()
    },
    verifies: |j| {
        let mut facts = j.expect.facts.clone();
        let code = j.expect.code.as_deref();
        facts.extend(code.and_then(|c| status_fact(j, c)));
        facts
    },
    claims: claims_none,
    basis: Basis::Expected,
};

/// With no expected status, a status the operation documents, and the one its page pairs
/// with the result code that came back.
pub(super) const DOCUMENTED: Check = Check {
    name: "documented-status",
    applies: |j| j.expect.status.is_none(),
    run: |j| {
        let op = j.ctx.operation;
        if let Some(f) = documented(op, j.received.status) {
            return vec![f.verifying(row_statuses(j.ctx))];
        }
        let Some(row) = answered(j.body).and_then(|c| op.error_code(c)) else {
            return vec![];
        };
        paired(row.http, &row.code, j.received.status)
            .map(|f| f.verifying(status_fact(j, &row.code)))
            .into_iter()
            .collect()
    },
    verifies: |j| {
        answered(j.body)
            .and_then(|c| status_fact(j, c))
            .into_iter()
            .collect()
    },
    claims: |f| f.kind == Kind::Code && f.aspect == Some(Aspect::Status),
    basis: Basis::Expected,
};

/// The status facts of every Response Code row of the judged operation: what an undocumented
/// status breaks.
pub(super) fn row_statuses(ctx: &Context) -> Vec<String> {
    let (ledger, op) = (ctx.spec.ledger(), &ctx.operation.id);
    let ids = ctx
        .operation
        .error_codes
        .iter()
        .map(|r| crate::facts::id(op, &format!("code.{}", r.code), Some(Aspect::Status)));
    ids.filter(|id| ledger.get(id).is_some()).collect()
}

/// The result code of an answer, when it has one.
pub(super) fn answered(body: &Value) -> Option<&str> {
    pointer::get(body, "/response/code").and_then(Value::as_str)
}

/// The id of the status fact of result code `code` of the judged operation, when its page
/// has that row.
fn status_fact(j: &Judged, code: &str) -> Option<String> {
    code_fact(j, code, Aspect::Status)
}

/// The id of the `aspect` fact of result code `code` of the judged operation, when its page
/// has that row.
pub(super) fn code_fact(j: &Judged, code: &str, aspect: Aspect) -> Option<String> {
    j.fact_id(&format!("code.{code}"), aspect)
}

/// A failure when a documented result code came with another status than its row's.
pub fn paired(documented: u16, code: &str, actual: u16) -> Option<Failure> {
    (documented != actual).then(|| {
        Failure::new(
            CheckKind::Status,
            "",
            format!("HTTP {documented} (the status the page gives `{code}`)"),
            format!("HTTP {actual}"),
        )
    })
}

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
