//! Helpers shared by the operations' unit tests.

use chrono::{DateTime, FixedOffset, TimeZone as _};
use serde_json::Value;

use crate::mock::clock::kst;
use crate::mock::operation::{Operation, Outcome};
use crate::mock::rejection::Rejection;
use crate::mock::state::State;

/// The instant the unit tests run at: 2026-03-10 12:00 KST.
pub(crate) fn now() -> DateTime<FixedOffset> {
    at(2026, 3, 10, 12, 0)
}

/// A KST instant.
pub(crate) fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<FixedOffset> {
    kst().with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

/// Answers one request of `op` against `state` at [`now`].
pub(crate) fn run_on(state: &mut State, body: Value, op: &Operation) -> Outcome {
    run_at(state, now(), body, op)
}

/// Answers one request of `op` against `state` at `now`.
pub(crate) fn run_at(
    state: &mut State,
    now: DateTime<FixedOffset>,
    body: Value,
    op: &Operation,
) -> Outcome {
    (op.handle)(&body, state, now)
}

/// The path of a `000_002` rejection; panics on anything else.
pub(crate) fn invalid_path(result: Outcome) -> String {
    match result {
        Err(Rejection::InvalidInput(path)) => path,
        other => panic!("expected 000_002, got {other:?}"),
    }
}

/// Every rejection in `produced` has a message on `op`'s page (so no rule answers a code its
/// page does not document).
pub(crate) fn assert_documented(op: &Operation, produced: &[Rejection]) {
    for rejection in produced {
        assert!(
            op.message(rejection.code()).is_some(),
            "{op:?} lacks {}",
            rejection.code()
        );
    }
}
