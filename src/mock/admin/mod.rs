//! The mock's control plane under `/__admin/`: a client team's levers on the mock, as JSON over
//! HTTP on the mock's own port.
//!
//! - `reset` and `health`, as before;
//! - `clock`: pin, advance or release the mock's clock, so the KST date rules (cancel on the
//!   day of application, reissue within 30 days of expiry) can be reached without waiting;
//! - `requests`: the journal of the last requests and answers, masked like the reports;
//! - `faults`: delay, drop, 503 or a malformed body for the next N requests;
//! - and, on the operations themselves, `Prefer: code=NNN_NNN` ([`prefer`]).
//!
//! Every admin request passes [`guard`] (JSON only, no foreign origin), and `mock --no-admin`
//! (`MockConfig.admin = false`) leaves the whole plane out: no routes, `Prefer` ignored, the
//! configured clock untouched. The API is documented in docs/mock.md.

pub(crate) mod broken;
mod clock;
mod control;
pub(crate) mod faults;
mod guard;
pub(crate) mod journal;
pub(crate) mod prefer;
mod routes;

use std::sync::Arc;

use axum::Router;
use axum::middleware;
use axum::routing::{get, post};

use super::shared::Shared;

pub(crate) use control::Control;

/// The `/__admin/` routes, behind the guard.
pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/__admin/reset", post(routes::reset))
        .route("/__admin/health", get(routes::health))
        .route(
            "/__admin/clock",
            get(routes::clock)
                .post(routes::set_clock)
                .delete(routes::release_clock),
        )
        .route(
            "/__admin/requests",
            get(routes::requests).delete(routes::clear_requests),
        )
        .route(
            "/__admin/faults",
            get(routes::faults)
                .post(routes::add_fault)
                .delete(routes::clear_faults),
        )
        .route_layer(middleware::from_fn(guard::admit))
}
