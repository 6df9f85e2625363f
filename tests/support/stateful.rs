//! Stateful faults: the proxy remembers what the mock answered and, like a mock that keeps the
//! wrong state, answers a later request of the same fixture as if the earlier one had not
//! happened (or had happened differently). Keyed by a field of the request body, so only the
//! fixture a scenario changes twice is affected, never a case that reads another fixture.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::http::StatusCode;
use serde_json::{Value, json};

/// What a stateful fault does.
#[derive(Clone, Debug)]
pub enum Memory {
    /// A request the mock refuses, for a fixture (the values at these pointers of the request
    /// body: the fixture and its member) that an earlier request changed successfully, gets
    /// that success again: a mock that lets a second cancel, or a second reissue, of the same
    /// fixture by the same member succeed.
    RepeatSuccess(&'static [&'static str]),
    /// The card (the values at these pointers) that a `SUSPEND` succeeded for is forgotten as
    /// suspended: a later `RESUME` is refused with this result code, as a mock that checks
    /// transitions against the state it (wrongly) keeps would refuse it.
    ForgetSuspension(&'static [&'static str], &'static str),
    /// An application (the values at these pointers) that a cancel succeeded for still shows
    /// `READY` in delivery inquiry: a mock that cancels without recording it.
    CancelledStillReady(&'static [&'static str]),
    /// Card status changes checked strictly (the values at these pointers name the card): a
    /// `SUSPEND` of a card this proxy saw suspended, or a `RESUME` of one it did not, is
    /// refused with this result code. The pages do not say; the reference mock decided such
    /// repeats succeed, so a target like this one differs only from a decision of the mock.
    StrictTransitions(&'static [&'static str], &'static str),
}

/// Delivery inquiry's path: [`Memory::CancelledStillReady`] changes its answers.
pub const INQUIRY_PATH: &str = "/api/v1/card/delivery/inquiry";

impl Memory {
    /// Whether the fault also reads or changes the answers of this path (besides its
    /// target's).
    pub fn watches(&self, path: &str) -> bool {
        matches!(self, Memory::CancelledStillReady(_)) && path == INQUIRY_PATH
    }
}

/// What the proxy remembers: by fixture, the first successful answer.
#[derive(Debug, Default)]
pub struct Remembered {
    successes: HashMap<String, (StatusCode, Bytes)>,
}

impl Remembered {
    /// Forgets everything: the upstream mock was reset to its fixtures.
    pub fn clear(&mut self) {
        self.successes.clear();
    }
}

/// The answer to send instead of the mock's, if the fault changes it; remembers as it goes.
pub fn apply(
    memory: &Memory,
    remembered: &mut Remembered,
    path: &str,
    request: &Bytes,
    status: StatusCode,
    body: &Bytes,
) -> Option<(StatusCode, Bytes)> {
    let request: Value = serde_json::from_slice(request).ok()?;
    let (Memory::RepeatSuccess(keys)
    | Memory::ForgetSuspension(keys, _)
    | Memory::CancelledStillReady(keys)
    | Memory::StrictTransitions(keys, _)) = memory;
    let values: Option<Vec<String>> = keys
        .iter()
        .map(|k| request.pointer(k).map(Value::to_string))
        .collect();
    let fixture = values?.join(" ");
    match memory {
        Memory::RepeatSuccess(_) => {
            if status.is_success() {
                remembered
                    .successes
                    .entry(fixture)
                    .or_insert_with(|| (status, body.clone()));
                return None;
            }
            remembered.successes.get(&fixture).cloned()
        }
        Memory::ForgetSuspension(_, code) => {
            let change = request.get("status").and_then(Value::as_str)?;
            if change == "SUSPEND" && status.is_success() {
                remembered.successes.insert(fixture, (status, body.clone()));
                return None;
            }
            if change != "RESUME" || !remembered.successes.contains_key(&fixture) {
                return None;
            }
            Some(refusal(code))
        }
        Memory::CancelledStillReady(_) => {
            if path != INQUIRY_PATH {
                if status.is_success() {
                    remembered.successes.insert(fixture, (status, body.clone()));
                }
                return None;
            }
            if !status.is_success() || !remembered.successes.contains_key(&fixture) {
                return None;
            }
            let mut answer: Value = serde_json::from_slice(body).ok()?;
            *answer.get_mut("status")? = json!("READY");
            Some((status, Bytes::from(answer.to_string())))
        }
        Memory::StrictTransitions(_, code) => {
            let change = request.get("status").and_then(Value::as_str)?;
            let suspended = remembered.successes.contains_key(&fixture);
            // Only what the mock accepted as a repeat: its documented refusals stay.
            if status.is_success() && (change == "SUSPEND") == suspended {
                return Some(refusal(code));
            }
            if status.is_success() && change == "SUSPEND" {
                remembered.successes.insert(fixture, (status, body.clone()));
            } else if status.is_success() {
                remembered.successes.remove(&fixture);
            }
            None
        }
    }
}

fn refusal(code: &str) -> (StatusCode, Bytes) {
    let refusal = json!({"response": {"code": code, "description": "Invalid card info"}});
    (StatusCode::BAD_REQUEST, Bytes::from(refusal.to_string()))
}
