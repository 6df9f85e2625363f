//! Test support: a server that answers whatever the test tells it to, and a runner wired to it.
#![allow(dead_code)]

pub mod binary;
pub mod fault;
pub mod fuzz;
pub mod gateway;
pub mod independent;
pub mod lax;
pub mod leak;
pub mod pty;
pub mod stateful;

use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use konaplate_conformance::case::{self, Case};
use konaplate_conformance::profile;
use konaplate_conformance::run::harness::{Options, Runner};
use konaplate_conformance::spec;
use tokio::net::TcpListener;

/// A `delay_ms` that never answers: a timeout is then seen by its kind, not raced by a clock.
pub const NEVER: u64 = u64::MAX;

/// One canned answer.
#[derive(Clone, Debug)]
pub struct Canned {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Echo the request's correlation id (added after `headers`).
    pub echo_correlation: bool,
    /// Delay before answering; [`NEVER`] holds the request until the server is dropped.
    pub delay_ms: u64,
}

impl Canned {
    /// A JSON answer with the usual headers and an echoed correlation id.
    pub fn json(status: u16, body: serde_json::Value) -> Canned {
        Canned {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string(),
            echo_correlation: true,
            delay_ms: 0,
        }
    }
}

/// A server on 127.0.0.1 answering the current canned answer to any request.
pub struct CannedServer {
    pub base_url: String,
    pub answer: Arc<Mutex<Canned>>,
    pub last_request: Arc<Mutex<Option<(HeaderMap, Bytes)>>>,
}

impl CannedServer {
    pub async fn start(first: Canned) -> CannedServer {
        let answer = Arc::new(Mutex::new(first));
        let last_request = Arc::new(Mutex::new(None));
        let (a, l) = (answer.clone(), last_request.clone());
        let app = axum::Router::new().fallback(move |headers: HeaderMap, body: Bytes| {
            let (a, l) = (a.clone(), l.clone());
            async move {
                let canned = a.lock().unwrap().clone();
                let correlation = headers.get("x-km-correlation-id").cloned();
                *l.lock().unwrap() = Some((headers, body));
                if canned.delay_ms == NEVER {
                    std::future::pending::<()>().await;
                }
                if canned.delay_ms > 0 {
                    tokio::time::sleep(std::time::Duration::from_millis(canned.delay_ms)).await;
                }
                let mut response: Response =
                    (StatusCode::from_u16(canned.status).unwrap(), canned.body).into_response();
                let h = response.headers_mut();
                h.remove("content-type");
                for (n, v) in &canned.headers {
                    h.insert(
                        HeaderName::from_bytes(n.as_bytes()).unwrap(),
                        HeaderValue::from_str(v).unwrap(),
                    );
                }
                if canned.echo_correlation
                    && let Some(c) = correlation
                {
                    h.insert("x-km-correlation-id", c);
                }
                response
            }
        });
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        CannedServer {
            base_url,
            answer,
            last_request,
        }
    }

    pub fn set(&self, canned: Canned) {
        *self.answer.lock().unwrap() = canned;
    }
}

/// A runner over the committed spec and mock profile, against `base_url`.
pub fn runner(base_url: &str, strict: bool, timeout_ms: u64) -> Runner {
    let profile = profile::load(Path::new(profile::DEFAULT_TARGET_PATH)).unwrap();
    runner_for(profile, base_url, strict, timeout_ms)
}

/// A runner over the committed spec for `profile` (its credentials from the environment or
/// its test defaults), against `base_url`, on a one-thread runtime of its own.
pub fn runner_for(
    profile: profile::Profile,
    base_url: &str,
    strict: bool,
    timeout_ms: u64,
) -> Runner {
    let spec = Arc::new(spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap());
    let secrets = profile.secrets().unwrap();
    let profile = Arc::new(profile);
    let options = Options {
        timeout: std::time::Duration::from_millis(timeout_ms),
        strict,
        body_cap: 64 * 1024,
        ..Options::new(base_url)
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    Runner::new(Arc::new(rt), spec, profile, secrets, options).unwrap()
}

/// The committed case `<operation>::<id>`, loaded with the mock profile.
pub fn committed_case(operation: &str, id: &str) -> Case {
    let spec = spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap();
    let profile = profile::load(Path::new(profile::DEFAULT_TARGET_PATH)).unwrap();
    let loaded = case::load_file(
        Path::new(&format!("cases/{operation}.yaml")),
        &spec,
        &profile,
    );
    loaded.cases.into_iter().find(|c| c.id == id).unwrap()
}

/// How many documented cases, scenarios and scenario steps the committed files hold: tests
/// count from the files, never from a number written down.
#[derive(Debug, Clone, Copy)]
pub struct Suite {
    pub cases: usize,
    pub scenarios: usize,
    pub steps: usize,
}

impl Suite {
    /// Trials of a run of the documented suite: every case and every scenario.
    pub fn trials(self) -> usize {
        self.cases + self.scenarios
    }
}

/// The committed suite, loaded with the mock profile.
pub fn suite() -> Suite {
    use konaplate_conformance::scenario;
    let spec = spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap();
    let profile = profile::load(Path::new(profile::DEFAULT_TARGET_PATH)).unwrap();
    let files = case::load_dir(Path::new("cases"), &spec, &profile).unwrap();
    let loaded = scenario::load_dir(Path::new("cases/scenarios"), &spec, &profile).unwrap();
    let scenarios: Vec<_> = loaded
        .iter()
        .map(|l| l.scenario.as_ref().unwrap())
        .collect();
    Suite {
        cases: files.iter().map(|f| f.cases.len()).sum(),
        scenarios: scenarios.len(),
        steps: scenarios.iter().map(|s| s.steps.len()).sum(),
    }
}
