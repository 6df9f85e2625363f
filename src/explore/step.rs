//! An abstract step: an operation and its request fields, each named by a profile variable, so
//! the same step means the same thing on the target and on the oracle, each with its own
//! fixtures.
//!
//! A field's argument is a profile variable (`application.cancellable.cardApplyNo`), a value
//! captured from the answer of an earlier step of the same sequence (on each side, that side's
//! answer), or a literal (a value no fixture holds: a field error, or a value the schema lists).
//! Nothing here knows an operation: fields are the spec's dotted request paths
//! ([`super::operations`] says which an operation has), and the body is built from them.

use std::fmt;

use serde_json::{Map, Value};

/// Where an argument's value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// A profile variable (a dotted path to a scalar).
    Var(String),
    /// The value at `pointer` in the answer of step `step` (0-based) of this sequence.
    Captured {
        /// The earlier step.
        step: usize,
        /// A JSON pointer into its answer.
        pointer: String,
    },
    /// A fixed value, the same on both sides.
    Literal(Value),
}

impl Arg {
    /// A variable.
    pub fn var(path: impl Into<String>) -> Arg {
        Arg::Var(path.into())
    }

    /// The fixture a variable belongs to: `card.foreign` for `card.foreign.cardNo`; `None` for
    /// a capture, a literal or a variable of no fixture (`address.zipCode`).
    pub fn fixture(&self) -> Option<&str> {
        let Arg::Var(path) = self else {
            return None;
        };
        let (prefix, _) = path.rsplit_once('.')?;
        prefix.contains('.').then_some(prefix)
    }
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Var(v) => f.write_str(v),
            Arg::Captured { step, pointer } => write!(f, "step{}{pointer}", step + 1),
            Arg::Literal(v) => write!(f, "{v}"),
        }
    }
}

/// One operation with its request fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The `operationId`.
    pub operation: String,
    /// The fields a step chooses, by dotted request path (`cardInfo.oldCardNo`), in the
    /// operation's order.
    pub args: Vec<(String, Arg)>,
    /// The fields every step of the operation fills the same way (`addressInfo.zipCode` from
    /// `address.zipCode`): sent, not shown.
    pub fixed: Vec<(String, Arg)>,
}

impl Step {
    /// The argument of a field.
    pub fn arg(&self, field: &str) -> Option<&Arg> {
        self.args
            .iter()
            .chain(&self.fixed)
            .find(|(f, _)| f == field)
            .map(|(_, a)| a)
    }

    /// The same step with the argument of `field` replaced (unchanged when it has no such
    /// field).
    pub fn with_arg(&self, field: &str, arg: Arg) -> Step {
        let mut s = self.clone();
        if let Some(slot) = s.args.iter_mut().find(|(f, _)| f == field) {
            slot.1 = arg;
        }
        s
    }

    /// The request body, each argument resolved by `value`; `None` when one has no value on
    /// this side (a capture from an answer that had none).
    pub fn body(&self, value: &dyn Fn(&Arg) -> Option<Value>) -> Option<Value> {
        let mut body = Value::Object(Map::new());
        for (field, arg) in self.args.iter().chain(&self.fixed) {
            put(&mut body, field, value(arg)?);
        }
        Some(body)
    }
}

/// Sets the value at a dotted path, making the objects on the way.
fn put(body: &mut Value, field: &str, value: Value) {
    let mut at = body;
    let mut parts = field.split('.').peekable();
    while let Some(key) = parts.next() {
        let Value::Object(map) = at else {
            return;
        };
        if parts.peek().is_none() {
            map.insert(key.to_string(), value);
            return;
        }
        at = map
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.operation)?;
        for (field, arg) in &self.args {
            write!(f, " {field}={arg}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_step_reads_as_its_operation_and_variables() {
        let cancel = Step {
            operation: "cardDeliveryCancel".into(),
            args: vec![
                (
                    "cardApplyNo".into(),
                    Arg::Captured {
                        step: 0,
                        pointer: "/cardApplyNo".into(),
                    },
                ),
                ("userId".into(), Arg::var("member.active.userId")),
            ],
            fixed: vec![],
        };
        assert_eq!(
            cancel.to_string(),
            "cardDeliveryCancel cardApplyNo=step1/cardApplyNo userId=member.active.userId"
        );
    }

    #[test]
    fn a_body_needs_every_argument_nests_dotted_fields_and_replacing_one_changes_only_it() {
        let reissue = Step {
            operation: "expiredCardReissue".into(),
            args: vec![
                ("cardInfo.oldCardNo".into(), Arg::var("c")),
                ("userInfo.userId".into(), Arg::var("u")),
            ],
            fixed: vec![("addressInfo.zipCode".into(), Arg::var("address.zipCode"))],
        };
        let v = |a: &Arg| match a {
            Arg::Var(p) if p == "u" => Some(json!(1)),
            Arg::Var(p) if p == "address.zipCode" => Some(json!("06236")),
            Arg::Var(_) | Arg::Captured { .. } => None,
            Arg::Literal(l) => Some(l.clone()),
        };
        assert_eq!(reissue.body(&v), None, "`c` has no value");
        let literal = reissue.with_arg("cardInfo.oldCardNo", Arg::Literal(json!("1")));
        assert_eq!(
            literal.body(&v),
            Some(json!({
                "userInfo": {"userId": 1},
                "cardInfo": {"oldCardNo": "1"},
                "addressInfo": {"zipCode": "06236"},
            }))
        );
        assert_eq!(
            Arg::var("card.foreign.cardNo").fixture(),
            Some("card.foreign")
        );
        assert_eq!(Arg::var("address.zipCode").fixture(), None);
    }
}
