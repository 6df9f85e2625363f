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
}

/// What the proxy remembers: by fixture, the first successful answer.
#[derive(Debug, Default)]
pub struct Remembered {
    successes: HashMap<String, (StatusCode, Bytes)>,
}

/// The answer to send instead of the mock's, if the fault changes it; remembers as it goes.
pub fn apply(
    memory: &Memory,
    remembered: &mut Remembered,
    request: &Bytes,
    status: StatusCode,
    body: &Bytes,
) -> Option<(StatusCode, Bytes)> {
    let request: Value = serde_json::from_slice(request).ok()?;
    let (Memory::RepeatSuccess(keys) | Memory::ForgetSuspension(keys, _)) = memory;
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
            let refusal = json!({"response": {"code": code, "description": "Invalid card info"}});
            Some((StatusCode::BAD_REQUEST, Bytes::from(refusal.to_string())))
        }
    }
}
