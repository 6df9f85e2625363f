//! The body against the operation's JSON Schema for the status that came back: each violation
//! names the fact it breaks (a field's presence, type, length, range, enum or format), or, for
//! a constraint the spec marks inferred, its assumption ([`provenance`]).

use serde_json::Value;

use super::rule_words;
use super::table::{Basis, Check};
use crate::facts::{Kind, Side};
use crate::outcome::{CheckKind, Failure, Said};
use crate::spec::pointer;
use crate::spec::provenance;
use crate::spec::schema::{Violation, violations};
use crate::spec::{Operation, Spec};

/// The body against the schema of the status that came back (a wrong status is the status
/// check's failure), unless the case turns the schema check off.
pub(super) const SCHEMA: Check = Check {
    name: "schema",
    applies: has_schema,
    run: |j| schema(j.ctx.spec, j.ctx.operation, j.received.status, j.body),
    verifies: |j| {
        let (ledger, op) = (j.ctx.spec.ledger(), &j.ctx.operation.id);
        let facts = ledger.exercised_by_answer(op, j.received.status, j.body);
        facts.map(|f| f.id.clone()).collect()
    },
    claims: |f| f.kind == Kind::Field && f.subject.starts_with("response."),
    basis: Basis::Own,
};

/// Whether the case wants the schema check and the operation documents the answer's status.
pub(super) fn has_schema(j: &super::Judged) -> bool {
    j.expect.schema && j.ctx.operation.response_schema(j.received.status).is_some()
}

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
    let root = op
        .response_schema(status)
        .and_then(|p| pointer::get(&spec.doc, p));
    let broken = violations(&validator, body);
    let ledger = spec.ledger();
    let grounds: Vec<_> = (broken.iter())
        .map(|v| {
            let assumption = root.and_then(|r| {
                provenance::of_violation(&spec.schemas, r, &v.path, &v.keyword, &v.message)
            });
            let fact = assumption
                .is_none()
                .then(|| ledger.broken_by(&op.id, Side::Response, &v.path, &v.keyword, &v.message))
                .flatten()
                .map(|f| f.id.clone());
            (assumption, fact)
        })
        .collect();
    let failures = as_failures(CheckKind::Schema, broken, body, (spec, root));
    (failures.into_iter())
        .zip(grounds)
        .map(|(f, (assumption, fact))| f.assuming(assumption).verifying(fact))
        .collect()
}

/// Schema violations of `instance` as failures of `kind`, one each (the root is `/`), each
/// with the rule it breaks in words when the schema at `root` says more than its keyword.
pub(super) fn as_failures(
    kind: CheckKind,
    violations: Vec<Violation>,
    instance: &Value,
    (spec, root): (&Spec, Option<&Value>),
) -> Vec<Failure> {
    violations
        .into_iter()
        .map(|v| {
            let rule = root
                .and_then(|r| rule_words::of_violation(spec, r, &v.path, &v.keyword, &v.message));
            as_failure(kind, v, instance, rule)
        })
        .collect()
}

/// The violation as a failure: the keyword and the rule in words, when the spec's node says
/// it (`` `minLength` to hold: exactly 16 characters ``); the validator's message (which never holds the
/// offending value, but may name an unexpected key, so it is masked by shape), and after it the
/// string or number at the path, as a value the writers mask as that field's and shape.
fn as_failure(kind: CheckKind, v: Violation, instance: &Value, rule: Option<String>) -> Failure {
    let shown = match instance.pointer(&v.path) {
        Some(value @ (Value::String(_) | Value::Number(_))) => {
            Said::words(" — ").then(Said::value(value.to_string()))
        }
        _ => Said::default(),
    };
    let path = if v.path.is_empty() {
        "/".to_string()
    } else {
        v.path
    };
    let rule = rule.map(|r| format!(": {r}")).unwrap_or_default();
    let expected = Said::words(format!("`{}` to hold{rule}", v.keyword));
    let actual = Said::text(v.message).then(shown);
    Failure::new(kind, path, expected, actual)
}
