//! `contract`: the loaded contract as text, for a reader (operations, fields, codes, Test Data).

use std::fmt::Write as _;

use serde_json::Value;

use crate::spec::Spec;
use crate::spec::schema::Schemas;

/// Renders the contract.
pub fn render(spec: &Spec) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} (version {}, sha256 {})",
        spec.path.display(),
        spec.version,
        spec.short_hash()
    );
    for op in &spec.operations {
        let _ = writeln!(out, "\n{}  POST {}", op.id, op.path);
        let _ = writeln!(out, "  {} [{}]", op.summary, op.seed);
        let enc = |b: bool| if b { "JWE" } else { "plain" };
        let _ = writeln!(
            out,
            "  encryption: request {}, response {}{}",
            enc(op.encryption.request),
            enc(op.encryption.response),
            if op.state_changing {
                "; changes state"
            } else {
                ""
            }
        );
        let _ = writeln!(out, "  request fields:");
        if let Some(schema) = spec.doc.pointer(&op.request_schema) {
            fields(&spec.schemas, schema, "", 4, &mut out);
        }
        for (status, pointer) in &op.response_schemas {
            let _ = writeln!(out, "  response {status} fields:");
            if let Some(schema) = spec.doc.pointer(pointer) {
                fields(&spec.schemas, schema, "", 4, &mut out);
            }
        }
        let _ = writeln!(out, "  result codes:");
        for e in &op.error_codes {
            let _ = writeln!(out, "    {} HTTP {}  {}", e.code, e.http, e.message);
        }
        let _ = writeln!(out, "  test data:");
        for t in &op.test_data {
            let _ = writeln!(out, "    {} -> {}", t.label, t.code);
        }
    }
    out
}

fn fields(schemas: &Schemas, schema: &Value, prefix: &str, indent: usize, out: &mut String) {
    let schema = schemas.resolve(schema);
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (name, sub) in props {
        let sub = schemas.resolve(sub);
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        let ty = sub.get("type").and_then(Value::as_str).unwrap_or("any");
        let mut constraint = String::new();
        let num = |k: &str| sub.get(k).map(|v| v.to_string());
        match (num("minLength"), num("maxLength")) {
            (Some(a), Some(b)) if a == b => constraint.push_str(&format!(" length {a}")),
            (a, b) if a.is_some() || b.is_some() => constraint.push_str(&format!(
                " length {}..{}",
                a.unwrap_or_default(),
                b.unwrap_or_default()
            )),
            _ => {}
        }
        if let (Some(a), Some(b)) = (num("minimum"), num("maximum")) {
            constraint.push_str(&format!(" range {a}..{b}"));
        }
        if let Some(e) = sub.get("enum").and_then(Value::as_array) {
            let values: Vec<String> = e
                .iter()
                .map(|v| v.as_str().map_or(v.to_string(), str::to_string))
                .collect();
            constraint.push_str(&format!(" one of {}", values.join("|")));
        }
        let req = if required.contains(&name.as_str()) {
            "required"
        } else {
            "optional"
        };
        let _ = writeln!(out, "{}{path}: {ty} {req}{constraint}", " ".repeat(indent));
        if ty == "object" {
            fields(schemas, sub, &path, indent, out);
        } else if ty == "array"
            && let Some(items) = sub.get("items")
        {
            fields(schemas, items, &format!("{path}[]"), indent, out);
        }
    }
}
