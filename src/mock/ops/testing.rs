//! Helpers shared by the operations' unit tests.

use chrono::{DateTime, FixedOffset, TimeZone as _};
use serde_json::{Map, Value};

use crate::mock::clock::kst;
use crate::mock::envelope::Rejection;
use crate::mock::pipeline::{Apply, Parse};
use crate::mock::state::State;

/// The instant the unit tests run at: 2026-03-10 12:00 KST.
pub(crate) fn now() -> DateTime<FixedOffset> {
    at(2026, 3, 10, 12, 0)
}

/// A KST instant.
pub(crate) fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<FixedOffset> {
    kst().with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

/// Parses and applies one request against `state` at [`now`].
pub(crate) fn run_on<R>(
    state: &mut State,
    body: Value,
    parse: Parse<R>,
    apply: Apply<R>,
) -> Result<Map<String, Value>, Rejection> {
    run_at(state, now(), body, parse, apply)
}

/// Parses and applies one request against `state` at `now`.
pub(crate) fn run_at<R>(
    state: &mut State,
    now: DateTime<FixedOffset>,
    body: Value,
    parse: Parse<R>,
    apply: Apply<R>,
) -> Result<Map<String, Value>, Rejection> {
    let request = parse(&body)?;
    apply(state, now, &request)
}

/// The path of a `000_002` rejection; panics on anything else.
pub(crate) fn invalid_path(result: Result<Map<String, Value>, Rejection>) -> String {
    match result {
        Err(Rejection::InvalidInput(path)) => path,
        other => panic!("expected 000_002, got {other:?}"),
    }
}
