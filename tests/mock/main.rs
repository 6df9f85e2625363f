//! Tests of the reference mock over real HTTP: the API, the control plane, timeouts, JWE.

#[path = "../mock_client/mod.rs"]
mod mock_client;
#[path = "../support/mod.rs"]
mod support;

mod generate_mock;
mod jwe_mock;
mod mock_admin;
mod mock_http;
mod mock_timeouts;
