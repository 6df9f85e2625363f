//! Tests of the servers we ship, over real HTTP: the reference mock (the API, the control
//! plane, timeouts, JWE) and the validating proxy (its checks, recording, its command).

#[path = "../mock_client/mod.rs"]
mod mock_client;
#[path = "../proxy_rig/mod.rs"]
mod proxy_rig;
#[path = "../support/mod.rs"]
mod support;

mod generate_mock;
mod jwe_mock;
mod mock_admin;
mod mock_http;
mod mock_timeouts;
mod proxy;
mod proxy_cli;
mod proxy_record;
mod proxy_request_words;
mod proxy_session;
mod request_checks;
