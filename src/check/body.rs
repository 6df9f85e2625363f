//! The case's body expectation: a subset match with matchers for volatile values.
//!
//! Objects match when every expected key matches (extra keys are fine); arrays match element
//! by element and must have the same length; strings of the form `<matcher>` match a kind of
//! value instead of one value: `<any>`, `<string>`, `<number>`, `<len:N>`, `<regex:RE>`,
//! `<empty>` / `<non-empty>` (a string, array or object with or without content).

use serde_json::Value;

use crate::outcome::{CheckKind, Failure};

/// Every place where `actual` does not contain `expected`.
pub fn matches_subset(expected: &Value, actual: &Value) -> Vec<Failure> {
    let mut out = Vec::new();
    walk(expected, actual, String::new(), &mut out);
    out
}

fn walk(expected: &Value, actual: &Value, path: String, out: &mut Vec<Failure>) {
    let at = || {
        if path.is_empty() {
            "/".to_string()
        } else {
            path.clone()
        }
    };
    match (expected, actual) {
        (Value::String(s), _) if is_matcher(s) => {
            if let Err(why) = matcher(s, actual) {
                out.push(Failure::new(CheckKind::Body, at(), why, describe(actual)));
            }
        }
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let p = format!("{path}/{}", k.replace('~', "~0").replace('/', "~1"));
                match a.get(k) {
                    Some(av) => walk(ev, av, p, out),
                    None => out.push(Failure::new(CheckKind::Body, p, short(ev), "no such field")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(Failure::new(
                    CheckKind::Body,
                    at(),
                    format!("{} items", e.len()),
                    format!("{} items", a.len()),
                ));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                walk(ev, av, format!("{path}/{i}"), out);
            }
        }
        (e, a) if numbers_equal(e, a) || e == a => {}
        (e, a) => out.push(Failure::new(CheckKind::Body, at(), short(e), describe(a))),
    }
}

fn numbers_equal(e: &Value, a: &Value) -> bool {
    match (e, a) {
        (Value::Number(x), Value::Number(y)) => {
            match (x.as_u64(), y.as_u64(), x.as_i64(), y.as_i64()) {
                (Some(x), Some(y), ..) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64() && x.as_f64().is_some(),
            }
        }
        _ => false,
    }
}

fn is_matcher(s: &str) -> bool {
    s.starts_with('<') && s.ends_with('>') && s.len() > 2
}

/// The first malformed matcher in an expected body (`<len:x>`, `<regex:(>`), as its JSON
/// pointer and what is wrong, so the loader can reject it at its line and column.
pub fn malformed_matcher(expected: &Value) -> Option<(String, String)> {
    fn walk(v: &Value, path: String) -> Option<(String, String)> {
        match v {
            Value::String(s) if is_matcher(s) => {
                let inner = &s[1..s.len() - 1];
                let problem = if let Some(n) = inner.strip_prefix("len:") {
                    n.parse::<usize>()
                        .err()
                        .map(|_| format!("`{s}`: the length must be a whole number"))
                } else if let Some(re) = inner.strip_prefix("regex:") {
                    regex::Regex::new(re).err().map(|e| format!("`{s}`: {e}"))
                } else {
                    None
                };
                problem.map(|p| (path, p))
            }
            Value::Object(map) => map.iter().find_map(|(k, v)| {
                walk(
                    v,
                    format!("{path}/{}", k.replace('~', "~0").replace('/', "~1")),
                )
            }),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, v)| walk(v, format!("{path}/{i}"))),
            _ => None,
        }
    }
    walk(expected, String::new())
}

fn matcher(m: &str, v: &Value) -> Result<(), String> {
    let inner = &m[1..m.len() - 1];
    let ok = match inner {
        "any" => true,
        "string" => v.is_string(),
        "number" => v.is_number(),
        "non-empty" => match v {
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => !a.is_empty(),
            Value::Object(o) => !o.is_empty(),
            _ => false,
        },
        "empty" => match v {
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            _ => false,
        },
        _ if inner.starts_with("len:") => {
            let n: usize = inner[4..]
                .parse()
                .map_err(|_| format!("a valid matcher (`{m}` has a bad length)"))?;
            match v {
                Value::String(s) => s.chars().count() == n,
                Value::Array(a) => a.len() == n,
                _ => false,
            }
        }
        _ if inner.starts_with("regex:") => {
            let re = regex::Regex::new(&inner[6..])
                .map_err(|e| format!("a valid matcher (`{m}`: {e})"))?;
            v.as_str().is_some_and(|s| re.is_match(s))
        }
        // Not a matcher we know: compare as a literal string.
        _ => v.as_str() == Some(m),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("a value matching `{m}`"))
    }
}

/// `actual` restricted to the keys `expected` names (for a diff that shows only what the
/// case asked about).
pub fn project(expected: &Value, actual: &Value) -> Value {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => Value::Object(
            e.iter()
                .filter_map(|(k, ev)| a.get(k).map(|av| (k.clone(), project(ev, av))))
                .collect(),
        ),
        (Value::Array(e), Value::Array(a)) => Value::Array(
            a.iter()
                .enumerate()
                .map(|(i, av)| e.get(i).map_or_else(|| av.clone(), |ev| project(ev, av)))
                .collect(),
        ),
        (Value::String(m), a) if is_matcher(m) && matcher(m, a).is_ok() => expected.clone(),
        _ => actual.clone(),
    }
}

/// A value shown in a failure, cut between tokens so that no secret or card number is left in
/// part (the masker could no longer recognise it when the failure is written).
fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 80 {
        crate::mask::cut(&s, 77)
    } else {
        s
    }
}

fn describe(v: &Value) -> String {
    short(v)
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
