//! The body against the operation's JSON Schema for the status that came back; a violation of
//! a constraint the spec marks inferred names its assumption ([`provenance`]).

use serde_json::Value;

use crate::outcome::{CheckKind, Failure};
use crate::spec::provenance;
use crate::spec::schema::violations;
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
            let path = if v.path.is_empty() {
                "/".to_string()
            } else {
                v.path
            };
            Failure::new(
                CheckKind::Schema,
                path,
                format!("`{}` to hold", v.keyword),
                v.message,
            )
            .assuming(assumption)
        })
        .collect()
}
