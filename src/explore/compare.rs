//! Comparing the target's answer with the oracle's: HTTP status, result code and, when both
//! succeed, the schema-relevant shape of the body.
//!
//! The shape keeps what the schema fixes and drops what the fixtures decide: every object's
//! fields, every value's JSON type, the length of every list, and the value of a string only
//! when the spec lists it in an `enum` (a delivery status, an issue type). So `CANCEL` against
//! `READY` is a divergence, another card number is not: target and oracle have their own
//! fixtures.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::side::Answer;
use crate::outcome::{CheckKind, Failure, Said};

/// The strings the spec's schemas enumerate.
#[derive(Debug, Clone, Default)]
pub struct Enums(BTreeSet<String>);

impl Enums {
    /// Every string of every `enum` in the document.
    pub fn of(doc: &Value) -> Enums {
        fn walk(v: &Value, out: &mut BTreeSet<String>) {
            match v {
                Value::Object(m) => {
                    if let Some(Value::Array(items)) = m.get("enum") {
                        out.extend(items.iter().filter_map(Value::as_str).map(str::to_string));
                    }
                    m.values().for_each(|v| walk(v, out));
                }
                Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
                _ => {}
            }
        }
        let mut out = BTreeSet::new();
        walk(doc, &mut out);
        Enums(out)
    }

    /// The shape of a value (see the module docs).
    pub fn shape(&self, v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), self.shape(v)))
                    .collect::<Map<_, _>>(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(|v| self.shape(v)).collect()),
            Value::String(s) if self.0.contains(s) => v.clone(),
            Value::String(_) => Value::String("<string>".into()),
            Value::Number(_) => Value::String("<number>".into()),
            Value::Bool(_) => Value::String("<boolean>".into()),
            Value::Null => Value::Null,
        }
    }
}

/// How the target's answer differs from the oracle's; empty when they agree. `expected` is
/// the oracle's, `actual` the target's.
pub fn compare(enums: &Enums, oracle: &Answer, target: &Answer) -> Vec<Failure> {
    let mut out = Vec::new();
    if oracle.unsent != target.unsent {
        out.push(Failure::new(
            CheckKind::Capture,
            "",
            sent_word(oracle),
            sent_word(target),
        ));
        return out;
    }
    if oracle.status != target.status {
        out.push(Failure::new(
            CheckKind::Status,
            "",
            status_word(oracle),
            status_word(target),
        ));
    }
    if oracle.code != target.code {
        out.push(Failure::new(
            CheckKind::Code,
            "/response/code",
            code_word(oracle),
            code_word(target),
        ));
    }
    let ok = |a: &Answer| a.status == Some(200);
    if out.is_empty()
        && ok(oracle)
        && ok(target)
        && let (Some(o), Some(t)) = (&oracle.body, &target.body)
        && let Some((path, o, t)) = first_difference(&enums.shape(o), &enums.shape(t), "")
    {
        // Shapes of both answers: type names, and enum values that came from the wire.
        let (o, t) = (Said::text(o), Said::text(t));
        out.push(Failure::new(CheckKind::Schema, path, o, t));
    }
    out
}

fn sent_word(a: &Answer) -> String {
    if a.unsent {
        "no value to send (a capture found nothing)".into()
    } else {
        "a request sent".into()
    }
}

fn status_word(a: &Answer) -> String {
    match (a.status, &a.error) {
        (Some(s), _) => format!("HTTP {s}"),
        (None, Some(e)) => format!("no answer ({})", e.message),
        (None, None) => "no answer".into(),
    }
}

fn code_word(a: &Answer) -> String {
    a.code.clone().unwrap_or_else(|| "no result code".into())
}

/// The first place two shapes differ: (JSON pointer, oracle's, target's).
fn first_difference(o: &Value, t: &Value, at: &str) -> Option<(String, String, String)> {
    let differ = || Some((at.to_string(), brief(o), brief(t)));
    match (o, t) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            keys.into_iter().find_map(|k| {
                let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) => first_difference(x, y, &here),
                    (x, y) => Some((
                        here,
                        x.map_or("absent".into(), brief),
                        y.map_or("absent".into(), brief),
                    )),
                }
            })
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, &format!("{at}/{i}"))),
        _ if o == t => None,
        _ => differ(),
    }
}

/// A shape in a few words: a list by its length, an object by its fields.
fn brief(v: &Value) -> String {
    match v {
        Value::Array(a) => format!("a list of {}", a.len()),
        Value::Object(m) => format!(
            "an object {{{}}}",
            m.keys().cloned().collect::<Vec<_>>().join(", ")
        ),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn ok(body: Value) -> Answer {
        Answer {
            status: Some(200),
            code: Some("000_000".into()),
            body: Some(body),
            ..Answer::default()
        }
    }

    #[test]
    fn fixture_values_do_not_diverge_but_enumerated_ones_and_fields_do() {
        let enums = Enums::of(&json!({"x": {"enum": ["READY", "CANCEL"]}}));
        let a = ok(json!({"cardApplyNo": "CA1", "status": "READY", "list": [1]}));
        let other_fixture = ok(json!({"cardApplyNo": "CA2", "status": "READY", "list": [2]}));
        assert!(compare(&enums, &a, &other_fixture).is_empty());
        let cancelled = ok(json!({"cardApplyNo": "CA1", "status": "CANCEL", "list": [1]}));
        let d = compare(&enums, &a, &cancelled);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            (
                d[0].path.as_str(),
                d[0].expected.to_string().as_str(),
                d[0].actual.to_string().as_str()
            ),
            ("/status", "READY", "CANCEL")
        );
        let longer = ok(json!({"cardApplyNo": "CA1", "status": "READY", "list": [1, 2]}));
        assert_eq!(compare(&enums, &a, &longer)[0].expected, "a list of 1");
        let missing = ok(json!({"status": "READY", "list": [1]}));
        assert_eq!(compare(&enums, &a, &missing)[0].actual, "absent");
    }

    #[test]
    fn status_and_code_are_compared_before_the_shape() {
        let enums = Enums::default();
        let refused = Answer {
            status: Some(400),
            code: Some("003_003".into()),
            ..Answer::default()
        };
        let d = compare(&enums, &refused, &ok(json!({})));
        let checks: Vec<_> = d.iter().map(|f| f.check).collect();
        assert_eq!(checks, [CheckKind::Status, CheckKind::Code]);
        assert_eq!(d[1].expected, "003_003");
        assert!(compare(&enums, &refused, &refused.clone()).is_empty());
    }
}
