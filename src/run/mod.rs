//! Running cases: `X-KM-*` headers, message encryption (JWE), the HTTP exchange, and
//! libtest-mimic trials.

pub mod crypto;
pub mod harness;
pub mod headers;
pub mod http;
pub mod limits;
