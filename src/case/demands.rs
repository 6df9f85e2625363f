//! A case (or a step of a scenario) may demand only what its page states: an expected body that
//! requires a field the page marks Optional or Conditional, or one the spec marks as our
//! inference, fails an answer that is documented. That is an input error at the key, unless
//! the expectation names the assumption it rests on (`expect.assumes`): then it is an
//! assumption, judged as one (docs/verdicts.md).
//!
//! A body pattern requires every key it names (`crate::expect::Pattern`), so each key is
//! looked up in the answer schema of the expected status (every documented answer's, for a
//! `code-not` expectation): it must be Required there, in its parent, and documented.

use serde_json::Value;

use super::parts::Ctx;
use crate::error::InputError;
use crate::expect::Expect;
use crate::facts::{self, Aspect, Side};
use crate::spec::{Operation, Spec};

/// How deep a pattern is followed into the schema.
const MAX_DEPTH: usize = 32;

/// A key of an expected body that requires more than the page does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Beyond {
    /// JSON pointer of the key inside the expected body.
    pub pointer: String,
    /// The field, dotted (array items add no segment, as in the fact ids).
    pub field: String,
    /// What the page says of it.
    pub mark: Mark,
}

/// What the page says of a field's presence in the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// Required: a body may require it.
    Required,
    /// Optional or Conditional (the fact's aspect): an answer without it is documented.
    NotRequired(Aspect),
    /// The spec marks the field as our inference: no page documents it.
    Inferred,
}

/// An error at the first key of `expect`'s body (under `base` in the file) that requires a
/// field the page does not, unless `expect` names its assumption.
pub(crate) fn check(
    ctx: &Ctx,
    base: &str,
    spec: &Spec,
    op: &Operation,
    expect: &Expect,
) -> Result<(), InputError> {
    if expect.assumes.is_some() {
        return Ok(());
    }
    let Some(beyond) = beyond_page(spec, op, expect) else {
        return Ok(());
    };
    let field = &beyond.field;
    let why = match beyond.mark {
        Mark::NotRequired(mark) => {
            let subject = facts::field_subject(Side::Response, field);
            let fact = facts::id(&op.id, &subject, Some(mark));
            format!(
                "the case requires `{field}` in the answer, which the page marks {} (fact `{fact}`): an answer without it is documented",
                title(mark)
            )
        }
        Mark::Required => return Ok(()),
        Mark::Inferred => format!(
            "the case requires `{field}` in the answer, which the spec marks as our inference: no page documents it"
        ),
    };
    let e = ctx.at(&format!("{base}/expect/body{}", beyond.pointer), why);
    Err(e.with_help(
        "leave it out (the schema check still checks it when it comes), or name the assumption the case rests on in `assumes:` (docs/verdicts.md)",
    ))
}

fn title(mark: Aspect) -> &'static str {
    match mark {
        Aspect::Conditional => "Conditional",
        _ => "Optional",
    }
}

/// The first key of `expect`'s body that requires a field the page does not.
pub(crate) fn beyond_page(spec: &Spec, op: &Operation, expect: &Expect) -> Option<Beyond> {
    let pattern = expect.body.as_ref()?.source();
    let schemas: Vec<String> = match expect.status {
        Some(status) => op
            .response_schema(status)
            .map(str::to_string)
            .into_iter()
            .collect(),
        None => facts::documented_answers(spec, op),
    };
    schemas.iter().find_map(|pointer| {
        let schema = spec.doc.pointer(pointer)?;
        walk(spec, pattern, schema, "", "", 0)
    })
}

/// `pattern` against `schema`: the first key naming a declared field that is not Required, or
/// that the spec marks inferred.
fn walk(
    spec: &Spec,
    pattern: &Value,
    schema: &Value,
    pointer: &str,
    field: &str,
    depth: usize,
) -> Option<Beyond> {
    if depth > MAX_DEPTH {
        return None;
    }
    let schema = spec.schemas.resolve(schema);
    match pattern {
        Value::Array(items) => {
            let item = schema.get("items")?;
            items
                .iter()
                .enumerate()
                .find_map(|(i, p)| walk(spec, p, item, &format!("{pointer}/{i}"), field, depth + 1))
        }
        Value::Object(keys) => {
            let props = schema.get("properties")?;
            let required = schema.get("required").and_then(Value::as_array);
            keys.iter().find_map(|(key, p)| {
                // A key the schema does not declare is the unknown-field check's business.
                let node = props.get(key)?;
                let here = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                let dotted = if field.is_empty() {
                    key.clone()
                } else {
                    format!("{field}.{key}")
                };
                let is_required = required.is_some_and(|r| r.iter().any(|k| k == key));
                match mark(spec, node, is_required) {
                    Mark::Required => walk(spec, p, node, &here, &dotted, depth + 1),
                    mark => Some(Beyond {
                        pointer: here,
                        field: dotted,
                        mark,
                    }),
                }
            })
        }
        _ => None,
    }
}

/// What the page says of the field `node`, listed in its parent's `required` or not.
fn mark(spec: &Spec, node: &Value, required: bool) -> Mark {
    let inferred = [node, spec.schemas.resolve(node)]
        .iter()
        .any(|n| n.get("x-provenance").and_then(Value::as_str) == Some("inferred"));
    match (inferred, required) {
        (true, _) => Mark::Inferred,
        (false, true) => Mark::Required,
        (false, false) if node.get("x-conditional").is_some() => {
            Mark::NotRequired(Aspect::Conditional)
        }
        (false, false) => Mark::NotRequired(Aspect::Optional),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;
    use crate::expect::Pattern;
    use crate::spec;

    fn expect(status: Option<u16>, body: Value) -> Expect {
        Expect {
            status,
            body: Some(Pattern::compile(&body)),
            ..Expect::any_documented()
        }
    }

    #[test]
    fn a_body_may_require_only_required_documented_fields() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let spec = spec::load(&root.join(spec::DEFAULT_SPEC_PATH)).unwrap();
        let op = |id: &str| spec.operation(id).unwrap();
        let beyond = |id: &str, status, body| beyond_page(&spec, op(id), &expect(status, body));

        let cancel = beyond(
            "cardDeliveryCancel",
            Some(200),
            json!({"mobileCardNo": "<len:16>"}),
        );
        assert_eq!(
            cancel,
            Some(Beyond {
                pointer: "/mobileCardNo".into(),
                field: "mobileCardNo".into(),
                mark: Mark::NotRequired(Aspect::Optional),
            })
        );
        // Required fields, nested and in array items, are fine; so is an undeclared key.
        let list = json!({"issuedCardList": [{"digital": {"par": "<len:27>"}}], "extra": 1});
        assert_eq!(beyond("preIssueWaitingPhysical", Some(200), list), None);
        let points = json!({"issuedCardList": [{"values": {"points": []}}]});
        assert_eq!(
            beyond("preIssueWaitingPhysical", Some(200), points).map(|b| b.pointer),
            Some("/issuedCardList/0/values/points".into())
        );
        // The result text's `message` field is our inference.
        let message = json!({"response": {"code": "000_000", "message": "<string>"}});
        let found = beyond("cardStatusChange", None, message).unwrap();
        assert_eq!(
            (found.field.as_str(), found.mark),
            ("response.message", Mark::Inferred)
        );
        // A 400 answer is the envelope: `status` is no field of it.
        assert_eq!(
            beyond("cardDeliveryInquiry", Some(400), json!({"status": "X"})),
            None
        );
        assert!(beyond("cardDeliveryInquiry", Some(200), json!({"status": "X"})).is_none());
    }
}
