//! A misbehaving gateway in front of the reference mock, as the vendor's may be: it answers
//! the first requests with a 503 or a 429 (with `Retry-After`), or enforces a rate by counting
//! requests per one-second window, and records when each request arrived and with which
//! headers, so a test can count requests per window on the server side.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use konaplate_conformance::mock::{MockConfig, MockServer};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// How the gateway misbehaves.
#[derive(Clone, Debug)]
pub enum Policy {
    /// The first `count` requests get `status` (and `Retry-After`, when given).
    FailFirst {
        status: u16,
        count: usize,
        retry_after: Option<&'static str>,
    },
    /// More than `per_window` requests in one window of `window` get a 429.
    Limit { per_window: usize, window: Duration },
    /// Conventions other than the mock's: the result text under `response.message`, no
    /// correlation id in answers, and every header failure answered `401 000_001`.
    Vendor,
}

/// One request as the gateway saw it.
#[derive(Clone, Debug)]
pub struct Arrival {
    pub at: Instant,
    pub path: String,
    pub correlation_id: String,
    pub tran_token: String,
    /// What the gateway answered itself (`None`: passed to the mock).
    pub refused_with: Option<u16>,
}

pub struct Gateway {
    pub base_url: String,
    arrivals: Arc<Mutex<Vec<Arrival>>>,
    _mock: MockServer,
    task: JoinHandle<()>,
}

struct State {
    upstream: String,
    client: reqwest::Client,
    policy: Policy,
    arrivals: Arc<Mutex<Vec<Arrival>>>,
    started: Instant,
}

impl Gateway {
    /// A fresh reference mock behind a gateway with `policy`, both on 127.0.0.1.
    pub async fn start(policy: Policy) -> Gateway {
        // The vendor-like gateway rewrites bodies, so its mock answers in plain JSON.
        let config = match policy {
            Policy::Vendor => MockConfig::default().without_encryption(),
            _ => MockConfig::default(),
        };
        let mock = MockServer::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .unwrap();
        let arrivals = Arc::new(Mutex::new(Vec::new()));
        let state = Arc::new(State {
            upstream: mock.base_url(),
            client: reqwest::Client::new(),
            policy,
            arrivals: arrivals.clone(),
            started: Instant::now(),
        });
        let app = axum::Router::new().fallback(move |uri: Uri, headers: HeaderMap, body: Bytes| {
            let state = state.clone();
            async move { state.handle(uri, headers, body).await }
        });
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Gateway {
            base_url,
            arrivals,
            _mock: mock,
            task,
        }
    }

    pub fn arrivals(&self) -> Vec<Arrival> {
        self.arrivals.lock().unwrap().clone()
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl State {
    async fn handle(&self, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
        let at = Instant::now();
        let header = |n: &str| {
            headers
                .get(n)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        let refused = {
            let mut arrivals = self.arrivals.lock().unwrap();
            let refused = self.refuses(&arrivals, at);
            arrivals.push(Arrival {
                at,
                path: uri.path().to_string(),
                correlation_id: header("x-km-correlation-id"),
                tran_token: header("x-km-tran-token"),
                refused_with: refused.map(|(s, _)| s),
            });
            refused
        };
        if let Some((status, retry_after)) = refused {
            let mut response = (StatusCode::from_u16(status).unwrap(), "busy").into_response();
            if let Some(v) = retry_after {
                response
                    .headers_mut()
                    .insert("retry-after", v.parse().unwrap());
            }
            return response;
        }
        let mut request = self
            .client
            .post(format!("{}{}", self.upstream, uri.path()))
            .body(body);
        for (name, value) in &headers {
            if !matches!(name.as_str(), "host" | "content-length" | "connection") {
                request = request.header(name, value);
            }
        }
        let answer = request.send().await.unwrap();
        let status = answer.status();
        let headers = answer.headers().clone();
        let body = answer.bytes().await.unwrap();
        if matches!(self.policy, Policy::Vendor) {
            return vendor_like(status, &body);
        }
        let mut response = (status, body).into_response();
        *response.headers_mut() = headers;
        response
    }

    /// Whether the gateway answers this request itself, and how.
    fn refuses(&self, before: &[Arrival], at: Instant) -> Option<(u16, Option<&'static str>)> {
        match &self.policy {
            Policy::FailFirst {
                status,
                count,
                retry_after,
            } => (before.len() < *count).then_some((*status, *retry_after)),
            Policy::Vendor => None,
            Policy::Limit { per_window, window } => {
                let index = |t: Instant| (t - self.started).as_nanos() / window.as_nanos();
                let now = index(at);
                let in_window = before.iter().filter(|a| index(a.at) == now).count();
                (in_window >= *per_window).then_some((429, Some("1")))
            }
        }
    }
}

/// The mock's answer in the vendor-like conventions of [`Policy::Vendor`].
fn vendor_like(status: StatusCode, body: &[u8]) -> Response {
    let mut json: serde_json::Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) => return (status, body.to_vec()).into_response(),
    };
    let code = json
        .pointer("/response/code")
        .and_then(|c| c.as_str())
        .unwrap_or("");
    if matches!(code, "000_001" | "000_002") && status != StatusCode::OK {
        let body = r#"{"response":{"code":"000_001","message":"Unauthorized."}}"#;
        return (
            StatusCode::UNAUTHORIZED,
            [("content-type", "application/json")],
            body,
        )
            .into_response();
    }
    if let Some(r) = json.get_mut("response").and_then(|r| r.as_object_mut())
        && let Some(text) = r.remove("description")
    {
        r.insert("message".into(), text);
    }
    (
        status,
        [("content-type", "application/json")],
        json.to_string(),
    )
        .into_response()
}

/// A small runtime for the gateway while the binary runs.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

/// The largest number of arrivals within any span of `window` (a sliding window).
pub fn busiest_window(arrivals: &[Arrival], window: Duration) -> usize {
    let mut times: Vec<Instant> = arrivals.iter().map(|a| a.at).collect();
    times.sort();
    let mut best = 0;
    let mut start = 0;
    for end in 0..times.len() {
        while times[end] - times[start] >= window {
            start += 1;
        }
        best = best.max(end - start + 1);
    }
    best
}
