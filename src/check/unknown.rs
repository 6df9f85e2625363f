//! Fields the spec does not declare.
//!
//! The response schemas do not say `additionalProperties: false` (a vendor may add fields
//! without breaking clients), so unknown fields are found here by walking the schema beside
//! the body. No page says an answer holds only its listed fields: each rests on
//! [`Assumption::DeclaredFieldsOnly`], a warning by default, a failure under `--strict`.

use serde_json::Value;

use super::table::{Basis, Check, claims_none, no_facts};
use crate::assumption::Assumption;
use crate::outcome::{CheckKind, Failure};
use crate::spec::pointer;
use crate::spec::schema::Schemas;
use crate::spec::{Operation, Spec};

/// Fields the schema of the answer's status does not declare, where the schema is checked.
pub(super) const UNKNOWN_FIELDS: Check = Check {
    name: "unknown-fields",
    applies: super::schema::has_schema,
    run: |j| unknown_fields(j.ctx.spec, j.ctx.operation, j.received.status, j.body),
    verifies: no_facts,
    claims: claims_none,
    basis: Basis::Assumed(Assumption::DeclaredFieldsOnly),
};

/// Every field of `body` that the response schema for `status` does not declare.
pub fn unknown_fields(spec: &Spec, op: &Operation, status: u16, body: &Value) -> Vec<Failure> {
    let Some(schema) = op
        .response_schema(status)
        .and_then(|p| pointer::get(&spec.doc, p))
    else {
        return vec![];
    };
    let mut out = Vec::new();
    walk(&spec.schemas, schema, body, String::new(), &mut out);
    out
}

fn walk(schemas: &Schemas, schema: &Value, value: &Value, path: String, out: &mut Vec<Failure>) {
    let schema = schemas.resolve(schema);
    match value {
        Value::Object(map) => {
            let mut declared: Vec<(&str, &Value)> = Vec::new();
            let mut open = false;
            collect(schemas, schema, &mut declared, &mut open, 0);
            if declared.is_empty() && !has_object_shape(schemas, schema) {
                return;
            }
            for (key, v) in map {
                match declared.iter().find(|(k, _)| k == key) {
                    // A declared string or number holds no fields: nothing to walk.
                    Some((_, sub)) if v.is_object() || v.is_array() => {
                        walk(schemas, sub, v, pointer(&path, key), out)
                    }
                    Some(_) => {}
                    None if !open => out.push(Failure::new(
                        CheckKind::UnknownField,
                        pointer(&path, key),
                        "only fields the spec declares",
                        "an undeclared field",
                    )),
                    None => {}
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (i, v) in items.iter().enumerate() {
                    walk(schemas, item_schema, v, format!("{path}/{i}"), out);
                }
            }
        }
        _ => {}
    }
}

/// The JSON pointer of `key` under `path`, escaped as RFC 6901 says.
fn pointer(path: &str, key: &str) -> String {
    if key.contains(['~', '/']) {
        format!("{path}/{}", key.replace('~', "~0").replace('/', "~1"))
    } else {
        format!("{path}/{key}")
    }
}

fn has_object_shape(schemas: &Schemas, schema: &Value) -> bool {
    let schema = schemas.resolve(schema);
    schema.get("properties").is_some()
        || schema.get("type").and_then(Value::as_str) == Some("object")
}

/// Properties declared by the schema and its `allOf` / `anyOf` / `oneOf` branches.
fn collect<'a>(
    schemas: &'a Schemas,
    schema: &'a Value,
    out: &mut Vec<(&'a str, &'a Value)>,
    open: &mut bool,
    depth: usize,
) {
    if depth > 16 {
        return;
    }
    let schema = schemas.resolve(schema);
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        out.extend(props.iter().map(|(k, v)| (k.as_str(), v)));
    }
    if schema
        .get("additionalProperties")
        .is_some_and(|a| a.is_object() || a == &Value::Bool(true))
    {
        *open = true;
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for sub in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            collect(schemas, sub, out, open, depth + 1);
        }
    }
}
