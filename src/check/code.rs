//! The result code `response.code`: the one the case expects, or one the operation documents
//! other than the one it rules out. Their facts are the case's: its Response Code row
//! (`<op>.code.<code>.when`), its Test Data item, a generated case's constraint.

use serde_json::Value;

use super::table::{Basis, Check, claims_none};
use crate::outcome::{CheckKind, Failure};
use crate::spec::Operation;
use crate::spec::pointer;

/// The facts the case names for the answer it expects.
fn case_facts(j: &super::Judged) -> Vec<String> {
    j.expect.facts.clone()
}

/// The result code the case expects.
pub(super) const EXPECTED: Check = Check {
    name: "code",
    applies: |j| j.expect.code.is_some(),
    run: |j| {
        let expected = j.expect.code.as_deref();
        expected.and_then(|c| code(c, j.body)).into_iter().collect()
    },
    verifies: case_facts,
    claims: claims_none,
    basis: Basis::Expected,
};

/// The result code the case rules out.
pub(super) const NOT: Check = Check {
    name: "code-not",
    applies: |j| j.expect.code_not.is_some(),
    run: |j| {
        let unwanted = j.expect.code_not.as_deref();
        unwanted
            .and_then(|c| code_not(c, j.body))
            .into_iter()
            .collect()
    },
    verifies: case_facts,
    claims: claims_none,
    basis: Basis::Expected,
};

/// With a code ruled out and none expected, a result code the operation documents.
pub(super) const DOCUMENTED: Check = Check {
    name: "documented-code",
    applies: |j| j.expect.code_not.is_some() && j.expect.code.is_none(),
    run: |j| {
        documented_code(j.ctx.operation, j.body)
            .into_iter()
            .collect()
    },
    verifies: case_facts,
    claims: claims_none,
    basis: Basis::Expected,
};

/// `response.code` must equal the expected code.
pub fn code(expected: &str, body: &Value) -> Option<Failure> {
    match pointer::get(body, "/response/code") {
        Some(Value::String(actual)) if actual == expected => None,
        Some(Value::String(actual)) => Some(Failure::new(
            CheckKind::Code,
            "/response/code",
            quote(expected),
            quote(actual),
        )),
        Some(other) => Some(Failure::new(
            CheckKind::Code,
            "/response/code",
            quote(expected),
            format!("{other} (not a string)"),
        )),
        None => Some(Failure::new(
            CheckKind::Code,
            "/response/code",
            quote(expected),
            "no `response.code`",
        )),
    }
}

/// `response.code` must be present and differ from `unwanted` (a positive boundary case: a
/// field at exactly its limit must not be answered `000_002`).
pub fn code_not(unwanted: &str, body: &Value) -> Option<Failure> {
    let expected = || format!("a result code other than {}", quote(unwanted));
    match pointer::get(body, "/response/code") {
        Some(Value::String(actual)) if actual != unwanted => None,
        Some(Value::String(actual)) => Some(Failure::new(
            CheckKind::Code,
            "/response/code",
            expected(),
            quote(actual),
        )),
        Some(other) => Some(Failure::new(
            CheckKind::Code,
            "/response/code",
            expected(),
            format!("{other} (not a string)"),
        )),
        None => Some(Failure::new(
            CheckKind::Code,
            "/response/code",
            expected(),
            "no `response.code`",
        )),
    }
}

/// The result code must be one the operation documents (its code table, success included): a
/// positive boundary's answer may be any documented code but `000_002`, not any code at all.
pub fn documented_code(op: &Operation, body: &Value) -> Option<Failure> {
    let actual = pointer::get(body, "/response/code").and_then(Value::as_str)?;
    op.error_code(actual).is_none().then(|| {
        Failure::new(
            CheckKind::Code,
            "/response/code",
            format!("a result code `{}` documents", op.id),
            quote(actual),
        )
    })
}

pub(super) fn quote(s: &str) -> String {
    format!("\"{s}\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn code_must_match() {
        let body = json!({"response": {"code": "000_000"}});
        assert_eq!(code("000_000", &body), None);
        assert_eq!(
            code("003_001", &body).unwrap().line(),
            "[code] at /response/code: expected \"003_001\", got \"000_000\""
        );
        assert_eq!(
            code("000_000", &json!({})).unwrap().actual,
            "no `response.code`"
        );
        assert!(
            code("000_000", &json!({"response": {"code": 0}}))
                .unwrap()
                .actual
                .contains("not a string")
        );
    }

    #[test]
    fn code_not_needs_another_code() {
        let body = |c: &str| json!({"response": {"code": c}});
        assert_eq!(code_not("000_002", &body("003_001")), None);
        assert_eq!(code_not("000_002", &body("000_000")), None);
        assert_eq!(
            code_not("000_002", &body("000_002")).unwrap().line(),
            "[code] at /response/code: expected a result code other than \"000_002\", got \"000_002\""
        );
        assert_eq!(
            code_not("000_002", &json!({})).unwrap().actual,
            "no `response.code`"
        );
    }
}
