//! The body against the operation's JSON Schema for the status that came back.

use serde_json::Value;

use crate::outcome::{CheckKind, Failure};
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
    violations(&validator, body)
        .into_iter()
        .map(|v| {
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
        })
        .collect()
}
