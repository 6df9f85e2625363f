//! Running cases: `X-KM-*` headers, the HTTP exchange, and libtest-mimic trials.

pub mod harness;
pub mod headers;
pub mod http;
