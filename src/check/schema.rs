//! The body against the operation's JSON Schema for the status that came back.

use serde_json::Value;

use crate::outcome::{CheckKind, Failure};
use crate::spec::schema::{Violation, violations};
use crate::spec::{Operation, Spec};

/// Every length, enum, range, type and required field, as one failure per violation.
pub fn schema(spec: &Spec, op: &Operation, status: u16, body: &Value) -> Vec<Failure> {
    let validator = match spec.schemas.response(op, status) {
        Ok(v) => v,
        Err(e) => {
            return vec![Failure::new(
                CheckKind::Schema,
                "",
                "a compilable response schema",
                e,
            )];
        }
    };
    as_failures(CheckKind::Schema, violations(&validator, body))
}

/// Schema violations as failures of `kind`, one each; the root is `/`.
pub(super) fn as_failures(kind: CheckKind, violations: Vec<Violation>) -> Vec<Failure> {
    violations
        .into_iter()
        .map(|v| {
            let path = if v.path.is_empty() {
                "/".to_string()
            } else {
                v.path
            };
            Failure::new(kind, path, format!("`{}` to hold", v.keyword), v.message)
        })
        .collect()
}
