//! Finding a `$ref` cycle that holds no schema: `A: {$ref: B}`, `B: {$ref: A}`.
//!
//! JSON Schema allows recursive references, and the validator compiles this one without
//! complaint, but no keyword along the loop constrains anything, so the schema accepts every
//! value: an error response of any shape would pass. A loop with a real schema on the way
//! (`A: {type: object, properties: {next: {$ref: A}}}`) is recursion, not this.

use serde_json::Value;

/// Keywords that describe a schema without constraining it: a `$ref` with only these beside it
/// is still a pure reference.
const ANNOTATIONS: &[&str] = &[
    "$ref",
    "$comment",
    "title",
    "description",
    "summary",
    "example",
    "examples",
    "default",
    "deprecated",
];

/// The first pure `$ref` cycle in the document: the JSON pointer of a `$ref` in it, and the
/// loop as `#/a → #/b → #/a`.
pub fn find(doc: &Value) -> Option<(String, String)> {
    let mut refs = Vec::new();
    collect_refs(doc, &mut String::new(), &mut refs);
    refs.into_iter().find_map(|(at, target)| {
        let chain = pure_loop(doc, &at, &target)?;
        Some((format!("{at}/$ref"), chain.join(" → ")))
    })
}

/// Every local `$ref` as (pointer of the object holding it, its target). `here` is grown and
/// cut back in place: a new path string per node was an eighth of a short run's start-up.
fn collect_refs(node: &Value, here: &mut String, out: &mut Vec<(String, String)>) {
    let len = here.len();
    match node {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref")
                && target.starts_with('#')
            {
                out.push((here.clone(), target.clone()));
            }
            for (key, child) in map {
                here.push('/');
                if key.contains(['~', '/']) {
                    here.push_str(&key.replace('~', "~0").replace('/', "~1"));
                } else {
                    here.push_str(key);
                }
                collect_refs(child, here, out);
                here.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                use std::fmt::Write as _;
                let _ = write!(here, "/{i}");
                collect_refs(child, here, out);
                here.truncate(len);
            }
        }
        _ => {}
    }
}

/// Follows pure references from the one at `start`; the loop, when they come back to it.
fn pure_loop(doc: &Value, start: &str, first_target: &str) -> Option<Vec<String>> {
    if !is_pure_ref(doc.pointer(start)?) {
        return None;
    }
    let mut chain = vec![format!("#{start}")];
    let mut target = first_target.to_string();
    loop {
        let pointer = &target[1..];
        if chain.iter().any(|seen| seen == &target) {
            chain.push(target);
            return (chain[0] == chain[chain.len() - 1]).then_some(chain);
        }
        let node = doc.pointer(pointer)?;
        if !is_pure_ref(node) {
            return None;
        }
        chain.push(target.clone());
        target = node.get("$ref")?.as_str()?.to_string();
        if !target.starts_with('#') {
            return None;
        }
    }
}

fn is_pure_ref(node: &Value) -> bool {
    node.as_object().is_some_and(|map| {
        map.contains_key("$ref") && map.keys().all(|k| ANNOTATIONS.contains(&k.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_loop_of_bare_references_is_found_with_its_path() {
        let doc = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B", "description": "x"},
            "B": {"$ref": "#/components/schemas/A"},
        }}});
        let (at, chain) = find(&doc).unwrap();
        assert_eq!(at, "/components/schemas/A/$ref");
        assert_eq!(
            chain,
            "#/components/schemas/A → #/components/schemas/B → #/components/schemas/A"
        );
        let selfish = json!({"Error": {"$ref": "#/Error"}});
        assert_eq!(find(&selfish).unwrap().1, "#/Error → #/Error");
    }

    #[test]
    fn recursion_through_a_real_schema_is_not_a_pure_loop() {
        let doc = json!({"components": {"schemas": {
            "Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}},
            "Alias": {"$ref": "#/components/schemas/Node"},
            "Dangling": {"$ref": "#/nowhere"},
        }}});
        assert_eq!(find(&doc), None);
    }
}
