//! One request's way through the mock, as a synchronous function of plain data:
//! headers → body size → credentials → JSON → decryption (JWE) → the operation's fields → its
//! rules. The credentials are checked over the body bytes as received (for an encrypted request,
//! the `{"encData": …}` wrapper), and the fields are read from the plaintext.
//!
//! Keeping this free of axum types other than `HeaderMap` and `Bytes` makes the order of checks
//! readable in one place and testable without a socket.

use axum::body::Bytes;
use axum::http::HeaderMap;
use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use super::auth;
use super::body::BodyError;
use super::config::MockConfig;
use super::crypto::{self, Sealing};
use super::envelope::Reply;
use super::headers;
use super::operation::Operation;
use super::state::State;

/// Everything before the state: header shapes, then the body read, then the credentials, then
/// the JSON parse. Returns the parsed body.
pub(crate) fn admit(
    headers: &HeaderMap,
    body: Result<&Bytes, BodyError>,
    config: &MockConfig,
) -> Result<Value, Reply> {
    headers::check(headers)?;
    let body = body.map_err(|error| match error {
        BodyError::TooLarge => Reply::body_too_large(),
        BodyError::TimedOut => Reply::request_timeout(),
        BodyError::Unreadable => Reply::invalid_body(),
    })?;
    auth::authenticate(headers, body, config)?;
    // serde_json bounds nesting depth (128) itself, so deep bodies fail here instead of
    // exhausting the stack.
    serde_json::from_slice(body).map_err(|_| Reply::invalid_body())
}

/// [`admit`], then opens an encrypted body of `op` ([`crypto::open`]): the plaintext body, and
/// how to seal the answer when it is to be encrypted.
pub(crate) fn admit_and_open(
    op: &Operation,
    headers: &HeaderMap,
    body: Result<&Bytes, BodyError>,
    config: &MockConfig,
) -> Result<(Value, Option<Sealing>), Reply> {
    let wire = admit(headers, body, config)?;
    crypto::open(op, headers, wire, config.crypto.as_ref())
}

/// Parses the body for `op` and applies its rules to `state` at `now`.
pub(crate) fn run(
    op: &Operation,
    body: &Value,
    state: &mut State,
    now: DateTime<FixedOffset>,
) -> Reply {
    match (op.handle)(body, state, now) {
        Ok(data) => Reply::success(op, data),
        Err(rejection) => Reply::rejected(op, &rejection),
    }
}

#[cfg(test)]
mod tests;
