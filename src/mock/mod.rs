//! The reference mock of the five KONA PLATE card-service endpoints: a faithful, stateful,
//! in-process HTTP server seeded with the fixture table of `cases/targets/mock.yaml`.
//!
//! Use it as the default target of the conformance cases, or standalone through the CLI. It is
//! not a general KONA PLATE simulator: it serves only the five documented POST operations. It
//! opens encrypted requests and encrypts the answers the vendor pages mark "Encrypted" (JWE,
//! with test keys by default; see [`MockCrypto`]). See `docs/mock.md` for its rules and
//! decisions.

mod admin;
mod auth;
mod body;
mod clock;
mod config;
mod correlation;
mod crypto;
mod envelope;
mod handlers;
mod headers;
mod operation;
mod ops;
mod pipeline;
mod records;
mod rejection;
mod seed;
mod serve;
mod server;
mod shared;
mod state;
mod statuses;
mod validate;

pub use body::BODY_LIMIT_BYTES;
pub use clock::{Clock, FixedClock, SystemClock};
pub use config::{
    ACCESS_KEY_ENV, CRYPTO_KEY_ID_ENV, DEFAULT_CLIENT_TIMEOUT, DEFAULT_JOURNAL_LIMIT, MockConfig,
    SECRET_KEY_ENV, TEST_ACCESS_KEY, TEST_ASP_ID, TEST_CRYPTO_KEY_ID, TEST_SECRET_KEY,
};
pub use crypto::{MockCrypto, TEST_CLIENT_PUBLIC_KEY_PEM, TEST_SERVER_PRIVATE_KEY_PEM};
pub use server::{MockServer, router};
