//! Faults on demand: the next N requests of an operation (or of any operation) are delayed,
//! dropped, answered 503, or answered with a body that is not JSON.
//!
//! They let a client team see how their client copes with the failures a real network and
//! gateway produce, without a proxy of their own. Faults are consumed in the order they were
//! added; a request takes at most one.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::mock::operation::Operation;
use crate::mock::ops;

/// The longest `delayMs` accepted.
pub(crate) const MAX_DELAY_MS: u64 = 120_000;

/// The most requests one fault may cover.
pub(crate) const MAX_COUNT: u32 = 10_000;

/// What happens to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// Wait, then answer as usual.
    Delay(Duration),
    /// Close the connection without an answer.
    Drop,
    /// `503` with the envelope `900_503`.
    Unavailable,
    /// `200`, `Content-Type: application/json`, and a body cut off in the middle.
    Malformed,
}

impl Fault {
    /// The name used in the admin API and the journal.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Delay(_) => "delay",
            Self::Drop => "drop",
            Self::Unavailable => "unavailable",
            Self::Malformed => "malformed",
        }
    }
}

/// `POST /__admin/faults` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Order {
    fault: String,
    operation: Option<String>,
    count: Option<u32>,
    delay_ms: Option<u64>,
}

/// A fault waiting for its requests.
#[derive(Debug, Clone)]
struct Pending {
    id: u64,
    operation: Option<&'static Operation>,
    fault: Fault,
    remaining: u32,
}

impl Pending {
    fn describe(&self) -> Value {
        let mut value = json!({
            "id": self.id,
            "fault": self.fault.name(),
            "operation": self.operation.map(|op| op.path),
            "remaining": self.remaining,
        });
        if let Fault::Delay(delay) = self.fault {
            value["delayMs"] = json!(delay.as_millis());
        }
        value
    }
}

/// The pending faults.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    pending: Mutex<(u64, Vec<Pending>)>,
}

impl Faults {
    fn pending(&self) -> std::sync::MutexGuard<'_, (u64, Vec<Pending>)> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds the fault a `POST /__admin/faults` body asks for; returns its description, or why
    /// the order is refused.
    pub(crate) fn add(&self, body: &[u8]) -> Result<Value, String> {
        let order: Order = serde_json::from_slice(body).map_err(|e| format!("body: {e}"))?;
        let (operation, fault, count) = validate(&order)?;
        let mut pending = self.pending();
        pending.0 += 1;
        let added = Pending {
            id: pending.0,
            operation,
            fault,
            remaining: count,
        };
        let described = added.describe();
        pending.1.push(added);
        Ok(described)
    }

    /// The fault for this request of `op`, if one is pending (and counts it).
    pub(crate) fn take(&self, op: &Operation) -> Option<Fault> {
        let mut pending = self.pending();
        let list = &mut pending.1;
        let index = list
            .iter()
            .position(|p| p.operation.is_none_or(|target| target == op))?;
        let fault = list[index].fault;
        list[index].remaining -= 1;
        if list[index].remaining == 0 {
            list.remove(index);
        }
        Some(fault)
    }

    /// `{"faults": [...]}`, in the order they will be used.
    pub(crate) fn list(&self) -> Value {
        let pending = self.pending();
        json!({"faults": pending.1.iter().map(Pending::describe).collect::<Vec<_>>()})
    }

    /// Drops every pending fault.
    pub(crate) fn clear(&self) {
        self.pending().1.clear();
    }
}

fn validate(order: &Order) -> Result<(Option<&'static Operation>, Fault, u32), String> {
    let operation = match order.operation.as_deref() {
        None => None,
        Some(path) => Some(
            ops::ALL
                .iter()
                .copied()
                .find(|op| op.path == path)
                .ok_or_else(|| {
                    let paths: Vec<&str> = ops::ALL.iter().map(|op| op.path).collect();
                    format!("operation: `{path}` is none of {}", paths.join(", "))
                })?,
        ),
    };
    let fault = match (order.fault.as_str(), order.delay_ms) {
        ("delay", Some(ms)) if (1..=MAX_DELAY_MS).contains(&ms) => {
            Fault::Delay(Duration::from_millis(ms))
        }
        ("delay", _) => return Err(format!("delayMs: a delay needs 1..={MAX_DELAY_MS}")),
        (_, Some(_)) => return Err("delayMs: only a delay has one".to_owned()),
        ("drop", None) => Fault::Drop,
        ("unavailable", None) => Fault::Unavailable,
        ("malformed", None) => Fault::Malformed,
        (other, None) => {
            return Err(format!(
                "fault: `{other}` is none of delay, drop, unavailable, malformed"
            ));
        }
    };
    let count = order.count.unwrap_or(1);
    if !(1..=MAX_COUNT).contains(&count) {
        return Err(format!("count: 1..={MAX_COUNT}"));
    }
    Ok((operation, fault, count))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::ops::{card_status, delivery_cancel};

    #[test]
    fn a_fault_covers_its_count_of_its_operation_then_ends() {
        let faults = Faults::default();
        let path = card_status::OPERATION.path;
        faults
            .add(format!(r#"{{"fault":"unavailable","operation":"{path}","count":2}}"#).as_bytes())
            .unwrap();
        assert_eq!(faults.take(&delivery_cancel::OPERATION), None);
        assert_eq!(
            faults.take(&card_status::OPERATION),
            Some(Fault::Unavailable)
        );
        assert_eq!(faults.list()["faults"][0]["remaining"], 1);
        assert_eq!(
            faults.take(&card_status::OPERATION),
            Some(Fault::Unavailable)
        );
        assert_eq!(faults.take(&card_status::OPERATION), None);
    }

    #[test]
    fn without_an_operation_a_fault_takes_any_and_order_is_kept() {
        let faults = Faults::default();
        faults.add(br#"{"fault":"drop"}"#).unwrap();
        faults.add(br#"{"fault":"delay","delayMs":5}"#).unwrap();
        assert_eq!(faults.take(&delivery_cancel::OPERATION), Some(Fault::Drop));
        assert_eq!(
            faults.take(&card_status::OPERATION),
            Some(Fault::Delay(Duration::from_millis(5)))
        );
        faults.add(br#"{"fault":"malformed"}"#).unwrap();
        faults.clear();
        assert_eq!(faults.take(&card_status::OPERATION), None);
    }

    #[test]
    fn bad_orders_say_which_field() {
        let faults = Faults::default();
        for (body, field) in [
            (r#"{"fault":"explode"}"#, "fault:"),
            (r#"{"fault":"delay"}"#, "delayMs:"),
            (r#"{"fault":"delay","delayMs":999999999}"#, "delayMs:"),
            (r#"{"fault":"drop","delayMs":5}"#, "delayMs:"),
            (r#"{"fault":"drop","count":0}"#, "count:"),
            (r#"{"fault":"drop","operation":"/nope"}"#, "operation:"),
            (r#"{"fault":"drop","extra":1}"#, "unknown field"),
            ("not json", "body:"),
        ] {
            let error = faults.add(body.as_bytes()).unwrap_err();
            assert!(error.contains(field), "{body}: {error}");
        }
        assert_eq!(faults.list()["faults"], json!([]));
    }
}
