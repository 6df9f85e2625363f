//! The axum handlers: the five operations, the admin endpoints, and the 404/405 fallbacks.
//!
//! Handlers only translate between HTTP and [`pipeline`]; the state lock is taken inside a
//! synchronous section and never held across an `.await`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use super::clock::kst_now;
use super::config::MockConfig;
use super::correlation;
use super::crypto;
use super::envelope::{Reply, json_response};
use super::operation::Operation;
use super::pipeline::{self, BodyError};
use super::seed;
use super::state;
use super::validate;

/// What every handler shares: the configuration and the one lock around the state.
#[derive(Debug)]
pub(crate) struct Shared {
    /// Credentials, encryption keys and clock.
    pub(crate) config: MockConfig,
    /// The mock's world.
    pub(crate) state: Mutex<state::State>,
}

impl Shared {
    /// A fresh instance, seeded at the clock's current instant.
    pub(crate) fn new(config: MockConfig) -> Self {
        let state = seed::build(config.clock.now());
        Self {
            config,
            state: Mutex::new(state),
        }
    }
}

/// The handler behind each operation path.
pub(crate) fn endpoint(
    op: &Operation,
    app: &Shared,
    headers: &HeaderMap,
    body: &Result<Bytes, BytesRejection>,
) -> Response {
    let now = kst_now(app.config.clock.as_ref());
    let correlation_id = correlation::for_response(headers, now);
    let body = body.as_ref().map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            BodyError::TooLarge
        } else {
            BodyError::Unreadable
        }
    });
    // A bug in a rule must show as an answer (500 with the envelope), not as a dropped
    // connection; no input is known to reach this.
    let (reply, sealing) = catch_unwind(AssertUnwindSafe(|| {
        match pipeline::admit_and_open(op, headers, body, &app.config) {
            Err(reply) => (reply, None),
            Ok((json, sealing)) => {
                let mut state = app.state.lock().unwrap_or_else(PoisonError::into_inner);
                (
                    validate::skipping(&app.config.skip_validation, || {
                        pipeline::run(op, &json, &mut state, now)
                    }),
                    sealing,
                )
            }
        }
    }))
    .unwrap_or_else(|_| (Reply::internal_error(), None));
    match (sealing, app.config.crypto.as_ref()) {
        (Some(sealing), Some(keys)) => crypto::seal(reply, sealing, keys, &correlation_id),
        _ => reply.into_http(&correlation_id),
    }
}

/// `POST /__admin/reset`: back to the seed, re-anchored at the clock's current day.
pub(crate) async fn reset(State(app): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let fresh = seed::build(app.config.clock.now());
    *app.state.lock().unwrap_or_else(PoisonError::into_inner) = fresh;
    admin_json(&app, &headers, &json!({"reset": true}))
}

/// `GET /__admin/health`.
pub(crate) async fn health(State(app): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    admin_json(&app, &headers, &json!({"status": "UP"}))
}

/// Any path the mock does not serve.
pub(crate) async fn not_found(State(app): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    fallback(&app, &headers, Reply::not_found())
}

/// A served path with another method than its own.
pub(crate) async fn method_not_allowed(
    State(app): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Response {
    fallback(&app, &headers, Reply::method_not_allowed())
}

fn fallback(app: &Shared, headers: &HeaderMap, reply: Reply) -> Response {
    let now = kst_now(app.config.clock.as_ref());
    reply.into_http(&correlation::for_response(headers, now))
}

fn admin_json(app: &Shared, headers: &HeaderMap, body: &serde_json::Value) -> Response {
    let now = kst_now(app.config.clock.as_ref());
    json_response(
        StatusCode::OK,
        body,
        &correlation::for_response(headers, now),
    )
}
