//! Where a fact comes from, read from the spec's marks: no mark is the operation's seed page;
//! `reference` is the protocol notes (documented too, with its reason); `inferred` and
//! `unknown` are not facts at all (the checks that rest on them name an assumption instead).

use serde_json::Value;

use super::fact::{Side, Source};
use crate::spec::Operation;
use crate::spec::extensions::{self, Mark};

/// The JSON pointer of an operation in the spec.
pub fn operation_pointer(op: &Operation) -> String {
    format!("/paths/{}/post", escape(&op.path))
}

/// A JSON pointer segment.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The source of a schema node's facts, given its parent's: `None` when the node is marked
/// `x-provenance: inferred`, the parent's reference (or page) when it carries no mark.
pub fn of_node(node: &Value, parent: &Source) -> Option<Source> {
    match node.get("x-provenance").and_then(Value::as_str) {
        Some("inferred") => None,
        Some("reference") => {
            let reason = node
                .get("x-provenance-reason")
                .and_then(Value::as_str)
                .unwrap_or("x-provenance: reference");
            Some(parent.referenced(reason))
        }
        _ => Some(parent.clone()),
    }
}

/// The source of one direction of a `{request, response, reason}` mark (`key` on `node`):
/// the page when the direction is not marked, `None` when it is inferred or unknown.
pub fn directed(node: &Value, key: &str, side: Side, page: &Source) -> Option<Source> {
    let Some(marks) = extensions::directions(node, key) else {
        return Some(page.clone());
    };
    let mark = match side {
        Side::Request => marks.request,
        Side::Response => marks.response,
    };
    match mark {
        None => Some(page.clone()),
        Some(Mark::Reference) => Some(page.referenced(&marks.reason)),
        Some(Mark::Inferred | Mark::Unknown) => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn marks_decide_the_source() {
        let page = Source::page("004.txt");
        assert_eq!(of_node(&json!({}), &page), Some(page.clone()));
        assert_eq!(of_node(&json!({"x-provenance": "inferred"}), &page), None);
        let referenced = of_node(
            &json!({"x-provenance": "reference", "x-provenance-reason": "client code"}),
            &page,
        )
        .unwrap();
        assert_eq!(referenced.reference.as_deref(), Some("client code"));
        // A child without a mark keeps its parent's reference.
        assert_eq!(of_node(&json!({}), &referenced), Some(referenced.clone()));

        let op = json!({"x-encryption-provenance": {"request": "unknown", "reason": "no page"}});
        let key = "x-encryption-provenance";
        assert_eq!(directed(&op, key, Side::Request, &page), None);
        assert_eq!(
            directed(&op, key, Side::Response, &page),
            Some(page.clone())
        );
        let op = json!({key: {"request": "reference", "reason": "public page"}});
        assert_eq!(
            directed(&op, key, Side::Request, &page)
                .unwrap()
                .reference
                .as_deref(),
            Some("public page")
        );
    }
}
