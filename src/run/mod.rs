//! Sending requests: `X-KM-*` headers, message encryption (JWE), the HTTP exchange, and the
//! [`Runner`](harness::Runner) that sends a case and has the checks judge its answer.

pub mod crypto;
pub mod harness;
pub mod headers;
pub mod http;
pub mod limits;
pub mod rate;
pub mod retry;
pub mod scenario;
pub mod send;
