//! Where a schema constraint comes from: a vendor page (documented), or one of our
//! [`Assumption`]s.
//!
//! The spec marks inferences two ways. `x-provenance: inferred` on a schema node makes every
//! constraint *of that node* an assumption ([`Assumption::SpecInferred`]); its children carry
//! their own marks (the notes on the spec say so). `x-inferred: { <keyword>: <assumption> }`
//! marks one keyword of an otherwise documented node, e.g. the digits-only `pattern` of a card
//! number whose length is documented: `x-inferred: { pattern: card-number-digits }`. A `$ref`'s
//! sibling marks win over its target's.

use serde_json::Value;

use super::schema::Schemas;
use crate::assumption::Assumption;

/// How deep a walk follows `$ref`s and nesting.
const MAX_DEPTH: usize = 32;

/// The assumption `keyword` of this schema node rests on, `None` when documented.
pub fn of_node(node: &Value, keyword: &str) -> Option<Assumption> {
    let by_keyword = node
        .get("x-inferred")
        .and_then(|m| m.get(keyword))
        .and_then(Value::as_str)
        // A name the harness does not know still marks an inference.
        .map(|name| Assumption::parse(name).unwrap_or(Assumption::SpecInferred));
    let by_node = (node.get("x-provenance").and_then(Value::as_str) == Some("inferred"))
        .then_some(Assumption::SpecInferred);
    by_keyword.or(by_node)
}

/// The assumption of `keyword` at a node, its `$ref` siblings first, then its target.
fn of_ref_node(schemas: &Schemas, node: &Value, keyword: &str) -> Option<Assumption> {
    of_node(node, keyword).or_else(|| {
        let target = schemas.resolve(node);
        (!std::ptr::eq(target, node))
            .then(|| of_node(target, keyword))
            .flatten()
    })
}

/// The assumption behind a schema violation: `keyword` failing at the instance `path` (a JSON
/// pointer) of a body checked against `schema`. For `required`, the missing property (named
/// first, in quotes, in `message`) is looked at too: its own existence may be inferred.
pub fn of_violation(
    schemas: &Schemas,
    schema: &Value,
    path: &str,
    keyword: &str,
    message: &str,
) -> Option<Assumption> {
    let node = walk(schemas, schema, path)?;
    let here = of_ref_node(schemas, node, keyword);
    if here.is_some() || keyword != "required" {
        return here;
    }
    let missing = message.split('"').nth(1)?;
    let child = child(schemas, node, missing, 0)?;
    of_ref_node(schemas, child, "required").or_else(|| of_ref_node(schemas, child, ""))
}

/// The schema node that describes the instance at `path`, if the schema declares it.
pub fn walk<'a>(schemas: &'a Schemas, schema: &'a Value, path: &str) -> Option<&'a Value> {
    let mut node = schema;
    for raw in path.split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        node = child(schemas, node, &segment, 0)?;
    }
    Some(node)
}

/// The sub-schema of a property (or, for an array index, the items), through `$ref`s and
/// `allOf` / `anyOf` / `oneOf` branches.
fn child<'a>(
    schemas: &'a Schemas,
    node: &'a Value,
    segment: &str,
    depth: usize,
) -> Option<&'a Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    let node = schemas.resolve(node);
    if let Some(sub) = node.get("properties").and_then(|p| p.get(segment)) {
        return Some(sub);
    }
    if segment.parse::<usize>().is_ok()
        && let Some(items) = node.get("items")
    {
        return Some(items);
    }
    ["allOf", "anyOf", "oneOf"]
        .into_iter()
        .filter_map(|k| node.get(k).and_then(Value::as_array))
        .flatten()
        .find_map(|branch| child(schemas, branch, segment, depth + 1))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::json;

    use super::*;

    fn doc() -> Value {
        json!({"components": {"schemas": {
            "Id": {"type": "integer"},
            "Body": {
                "type": "object",
                "required": ["card", "info"],
                "properties": {
                    "card": {"type": "string", "pattern": "^[0-9]+$", "minLength": 16,
                             "x-inferred": {"pattern": "card-number-digits"}},
                    "info": {"type": "object", "x-provenance": "inferred",
                             "properties": {"id": {"$ref": "#/components/schemas/Id",
                                                   "x-provenance": "inferred"},
                                            "name": {"type": "string"}}},
                    "list": {"type": "array", "items": {"type": "object", "properties": {
                        "no": {"type": "string", "x-inferred": {"pattern": "card-number-digits"}}}}}
                }
            }
        }}})
    }

    #[test]
    fn marks_are_found_per_node_and_keyword() {
        let d = Arc::new(doc());
        let schemas = Schemas::new(d.clone());
        let body = d.pointer("/components/schemas/Body").unwrap();
        let at = |path: &str, keyword: &str, message: &str| {
            of_violation(&schemas, body, path, keyword, message)
        };
        assert_eq!(
            at("/card", "pattern", ""),
            Some(Assumption::CardNumberDigits)
        );
        assert_eq!(at("/card", "minLength", ""), None);
        assert_eq!(at("/info/id", "type", ""), Some(Assumption::SpecInferred));
        assert_eq!(at("/info/name", "type", ""), None);
        assert_eq!(
            at("/list/3/no", "pattern", ""),
            Some(Assumption::CardNumberDigits)
        );
        assert_eq!(
            at("", "required", "\"info\" is a required property"),
            Some(Assumption::SpecInferred)
        );
        assert_eq!(at("", "required", "\"card\" is a required property"), None);
        assert_eq!(at("/nowhere", "type", ""), None);
    }
}
