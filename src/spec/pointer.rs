//! Following the OpenAPI document's local `$ref`s from a JSON pointer: the one walk the fact
//! ledger and the declared answer headers both read the document with.

use std::borrow::Cow;

use serde_json::Value;

/// The node at a JSON pointer (RFC 6901), as [`Value::pointer`] finds it, copying only a
/// token that has escapes to undo: `Value::pointer` makes two strings of every token, and
/// every judged answer looks up its schema (`/paths/~1v1~1.../schema`), the `$ref`s in it and
/// its result code this way.
pub fn get<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(doc);
    }
    let mut tokens = pointer.strip_prefix('/')?.split('/');
    tokens.try_fold(doc, |node, token| {
        let token = match token.contains('~') {
            true => Cow::Owned(token.replace("~1", "/").replace("~0", "~")),
            false => Cow::Borrowed(token),
        };
        match node {
            Value::Object(map) => map.get(token.as_ref()),
            Value::Array(items) => index(&token).and_then(|i| items.get(i)),
            _ => None,
        }
    })
}

/// An array index token: digits, no sign, no leading zero (as `Value::pointer` reads it).
fn index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

/// How many `$ref`s one lookup follows. The loader already refuses `$ref` loops
/// (`ref_cycle`); the bound only keeps a lookup finite on a document built in memory.
const MAX_REFS: usize = 32;

/// The node at `pointer`, its local `$ref`s followed, with the pointer it was found at.
pub fn follow_refs<'a>(doc: &'a Value, pointer: &str) -> Option<(&'a Value, String)> {
    let mut at = pointer.to_string();
    let mut node = get(doc, &at)?;
    for _ in 0..MAX_REFS {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) if r.starts_with('#') => {
                at = r[1..].to_string();
                node = get(doc, &at)?;
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
    fn get_finds_what_value_pointer_finds() {
        let doc = serde_json::json!({
            "a/b": {"c~d": [10, {"e": true}]},
            "": {"x": 1},
            "list": [0, 1, 2],
            "m~0n": "literal"
        });
        let pointers = [
            "",
            "/",
            "/a~1b",
            "/a~1b/c~0d",
            "/a~1b/c~0d/1/e",
            "/a~1b/c~0d/2",
            "/list/0",
            "/list/01",
            "/list/+1",
            "/list/-",
            "/list/x",
            "/m~00n",
            "/m~0n",
            "/x",
            "a",
            "//x",
            "/a~1b/c~0d/1/e/f",
        ];
        for p in pointers {
            assert_eq!(get(&doc, p), doc.pointer(p), "{p}");
        }
    }

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
