//! The admin handlers: each turns one JSON request into one change of [`Control`] or of the
//! mock's state, and answers JSON (`{"error": ...}` with 400 when the request is wrong).

use std::sync::{Arc, PoisonError};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

use super::Control;
use super::clock::Advance;
use crate::mock::seed;
use crate::mock::shared::Shared;

type App = State<Arc<Shared>>;

fn answer(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn ok(body: &Value) -> Response {
    answer(StatusCode::OK, body)
}

fn refused(error: &str) -> Response {
    answer(StatusCode::BAD_REQUEST, &json!({"error": error}))
}

fn control(app: &Shared) -> &Control {
    &app.control
}

/// `POST /__admin/reset`: back to the seed, re-anchored at the clock's current day. The clock,
/// journal and faults stay as they are.
pub(crate) async fn reset(State(app): App) -> Response {
    let fresh = seed::build(app.config.clock.now());
    *app.state.lock().unwrap_or_else(PoisonError::into_inner) = fresh;
    ok(&json!({"reset": true}))
}

/// `GET /__admin/health`.
pub(crate) async fn health() -> Response {
    ok(&json!({"status": "UP"}))
}

/// `GET /__admin/clock`.
pub(crate) async fn clock(State(app): App) -> Response {
    ok(&control(&app).clock.describe())
}

/// `POST /__admin/clock` body: exactly one of the two.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClockOrder {
    now: Option<String>,
    advance: Option<String>,
}

/// `POST /__admin/clock`: `{"now": "<RFC 3339>"}` pins, `{"advance": "P1D"}` moves.
pub(crate) async fn set_clock(State(app): App, body: Bytes) -> Response {
    let clock = &control(&app).clock;
    let order: ClockOrder = match serde_json::from_slice(&body) {
        Ok(order) => order,
        Err(e) => return refused(&format!("body: {e}")),
    };
    let done = match (order.now, order.advance) {
        (Some(now), None) => DateTime::parse_from_rfc3339(&now)
            .map(|instant| clock.pin(instant.with_timezone(&Utc)))
            .map_err(|e| format!("now: `{now}` is not an RFC 3339 instant ({e})")),
        (None, Some(by)) => Advance::parse(&by)
            .and_then(|by| clock.advance(by))
            .map_err(|e| format!("advance: {e}")),
        _ => Err("give exactly one of `now` and `advance`".to_owned()),
    };
    match done {
        Ok(()) => ok(&clock.describe()),
        Err(error) => refused(&error),
    }
}

/// `DELETE /__admin/clock`: back to the configured clock.
pub(crate) async fn release_clock(State(app): App) -> Response {
    let clock = &control(&app).clock;
    clock.release();
    ok(&clock.describe())
}

/// `GET /__admin/requests`: the journal, masked.
pub(crate) async fn requests(State(app): App) -> Response {
    let control = control(&app);
    ok(&control.journal.list(&control.masker))
}

/// `DELETE /__admin/requests`.
pub(crate) async fn clear_requests(State(app): App) -> Response {
    control(&app).journal.clear();
    ok(&json!({"cleared": true}))
}

/// `GET /__admin/faults`: the pending faults.
pub(crate) async fn faults(State(app): App) -> Response {
    ok(&control(&app).faults.list())
}

/// `POST /__admin/faults`: one more fault (see [`super::faults`]).
pub(crate) async fn add_fault(State(app): App, body: Bytes) -> Response {
    match control(&app).faults.add(&body) {
        Ok(added) => answer(StatusCode::CREATED, &added),
        Err(error) => refused(&error),
    }
}

/// `DELETE /__admin/faults`.
pub(crate) async fn clear_faults(State(app): App) -> Response {
    control(&app).faults.clear();
    ok(&json!({"cleared": true}))
}
