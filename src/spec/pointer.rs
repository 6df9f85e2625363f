//! Following the OpenAPI document's local `$ref`s from a JSON pointer: the one walk the fact
//! ledger and the declared answer headers both read the document with.

use serde_json::Value;

/// How many `$ref`s one lookup follows. The loader already refuses `$ref` loops
/// (`ref_cycle`); the bound only keeps a lookup finite on a document built in memory.
const MAX_REFS: usize = 32;

/// The node at `pointer`, its local `$ref`s followed, with the pointer it was found at.
pub fn follow_refs<'a>(doc: &'a Value, pointer: &str) -> Option<(&'a Value, String)> {
    let mut at = pointer.to_string();
    let mut node = doc.pointer(&at)?;
    for _ in 0..MAX_REFS {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) if r.starts_with('#') => {
                at = r[1..].to_string();
                node = doc.pointer(&at)?;
            }
            _ => break,
        }
    }
    Some((node, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_are_followed_to_the_node_and_its_pointer() {
        let doc = serde_json::json!({
            "a": {"$ref": "#/b"},
            "b": {"$ref": "#/c"},
            "c": {"type": "string"},
            "d": {"$ref": "other.yaml#/x"}
        });
        let (node, at) = follow_refs(&doc, "/a").unwrap();
        assert_eq!(
            (node, at.as_str()),
            (&serde_json::json!({"type": "string"}), "/c")
        );
        // A reference to another document is not followed: the node is the reference.
        assert_eq!(follow_refs(&doc, "/d").unwrap().1, "/d");
        assert_eq!(follow_refs(&doc, "/missing"), None);
        let looped = serde_json::json!({"a": {"$ref": "#/a"}});
        assert!(
            follow_refs(&looped, "/a").is_some(),
            "a loop ends at the bound"
        );
    }
}
