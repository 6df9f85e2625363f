//! The case's body expectation against an answer: a subset match with matchers for volatile
//! values (see [`Pattern`] for the rules).
//!
//! The loader compiles the expectation once; these functions take a raw value for callers
//! that have not (the fuzzers, ad-hoc tools), and compile it on the spot.

use serde_json::Value;

use super::table::{Basis, Check, claims_none};
use crate::expect::Pattern;
use crate::outcome::Failure;

/// The body contains what the case's `body:` says.
pub(super) const BODY: Check = Check {
    name: "body",
    applies: |j| j.expect.body.is_some(),
    run: |j| {
        let expected = j.expect.body.as_ref();
        expected.map(|p| body(p, j.body)).unwrap_or_default()
    },
    // A body may require more than the page only under the case's named assumption (case
    // load refuses it otherwise), so its mismatches rest on what the case rests on: the facts
    // it names, or its assumption.
    verifies: |j| j.expect.facts.clone(),
    claims: claims_none,
    basis: Basis::Expected,
};

/// Every place where `actual` does not contain the compiled expectation.
pub fn body(expected: &Pattern, actual: &Value) -> Vec<Failure> {
    expected.mismatches(actual)
}

/// Every place where `actual` does not contain `expected` (compiled on the spot).
pub fn matches_subset(expected: &Value, actual: &Value) -> Vec<Failure> {
    Pattern::compile(expected).mismatches(actual)
}

/// `actual` restricted to the keys `expected` names (for a diff that shows only what the
/// case asked about).
pub fn project(expected: &Value, actual: &Value) -> Value {
    Pattern::compile(expected).project(actual)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn subset_ignores_extra_fields_and_reports_paths() {
        let actual = json!({"response": {"code": "000_000", "description": "Success."}, "status": "SHIPPING"});
        assert!(matches_subset(&json!({"status": "SHIPPING"}), &actual).is_empty());
        let f = matches_subset(&json!({"status": "READY", "extra": 1}), &actual);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].path, "/extra");
        assert_eq!(
            f[1].line(),
            "[body] at /status: expected \"READY\", got \"SHIPPING\""
        );
    }

    #[test]
    fn matchers_match_kinds_of_values() {
        let actual = json!({"cardApplyNo": "CA20000000000000000001", "list": [], "n": 5});
        let ok = json!({"cardApplyNo": "<len:22>", "list": "<empty>", "n": "<number>"});
        assert!(matches_subset(&ok, &actual).is_empty());
        assert!(
            matches_subset(&json!({"cardApplyNo": "<regex:^CA[0-9]{20}$>"}), &actual).is_empty()
        );
        assert_eq!(
            matches_subset(&json!({"cardApplyNo": "<len:21>"}), &actual).len(),
            1
        );
        assert_eq!(
            matches_subset(&json!({"list": "<any>", "n": "<string>"}), &actual).len(),
            1
        );
    }

    #[test]
    fn arrays_compare_by_length_and_items() {
        let f = matches_subset(&json!([{"a": 1}]), &json!([{"a": 2}, {"a": 3}]));
        assert_eq!(f.len(), 2);
        assert_eq!(f[1].path, "/0/a");
    }

    #[test]
    fn big_integers_compare_exactly() {
        assert!(
            matches_subset(
                &json!(9999999999999999999u64),
                &json!(9999999999999999999u64)
            )
            .is_empty()
        );
        assert_eq!(
            matches_subset(
                &json!(9999999999999999999u64),
                &json!(9999999999999999998u64)
            )
            .len(),
            1
        );
    }

    #[test]
    fn projection_keeps_only_expected_keys() {
        let p = project(
            &json!({"a": "<any>", "b": {"c": 1}}),
            &json!({"a": "x", "b": {"c": 2, "d": 3}, "e": 4}),
        );
        assert_eq!(p, json!({"a": "<any>", "b": {"c": 2}}));
    }
}
