//! The body against the operation's JSON Schema for the status that came back; a violation of
//! a constraint the spec marks inferred names its assumption ([`provenance`]).

use serde_json::Value;

use crate::outcome::{CheckKind, Failure};
use crate::spec::provenance;
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
    let root = op.response_schema(status).and_then(|p| spec.doc.pointer(p));
    violations(&validator, body)
        .into_iter()
        .map(|v| {
            let assumption = root.and_then(|r| {
                provenance::of_violation(&spec.schemas, r, &v.path, &v.keyword, &v.message)
            });
            as_failure(CheckKind::Schema, v).assuming(assumption)
        })
        .collect()
}

/// Schema violations as failures of `kind`, one each; the root is `/`.
pub(super) fn as_failures(kind: CheckKind, violations: Vec<Violation>) -> Vec<Failure> {
    violations
        .into_iter()
        .map(|v| as_failure(kind, v))
        .collect()
}

fn as_failure(kind: CheckKind, v: Violation) -> Failure {
    let path = if v.path.is_empty() {
        "/".to_string()
    } else {
        v.path
    };
    Failure::new(kind, path, format!("`{}` to hold", v.keyword), v.message)
}
