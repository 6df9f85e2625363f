//! The HTTP exchange: one shared client (keep-alive), a per-request timeout, a body size cap.
//!
//! Redirects are not followed: a POST API that redirects deviates from its contract, and the
//! status check reports it. Transport problems become [`RunError`]s, never panics.
//!
//! Proxies: `HTTP_PROXY`, `HTTPS_PROXY` and `ALL_PROXY` are honoured only for a target that is
//! not on this machine. A loopback target (the in-process mock, a local server) is always
//! reached directly: a proxy there would receive the access key, the Tran-Tokens and the card
//! data of a run that never meant to leave the machine. A remote target may sit behind a
//! corporate proxy, so there the environment decides (and `NO_PROXY` works as usual).
//!
//! An answer larger than the cap is not kept whole: only its first [`TOO_LARGE_KEPT`] bytes
//! stay in memory and in the reports, cut between tokens ([`mask::cut`]).

use std::time::{Duration, Instant};

use reqwest::Client;

use crate::error::with_causes;
use crate::mask;
use crate::outcome::{Exchange, Received, RunError, RunErrorKind, SentRequest};

/// Default per-request timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default cap on a response body.
pub const DEFAULT_BODY_CAP: usize = 1024 * 1024;

/// What is kept of an answer larger than the cap: a prefix of this many characters. 246
/// too-large answers of 1 MiB each once took 1 GB of memory and made a 258 MB report.
pub const TOO_LARGE_KEPT: usize = 4 * 1024;

/// Builds the shared client; `loopback` when the target is on this machine, which then never
/// goes through a proxy (see the [module docs](self)).
pub fn client(timeout: Duration, loopback: bool) -> Result<Client, String> {
    build(builder(loopback), timeout)
}

/// The client for a run against `base_url`. A plain-HTTP target never needs TLS (redirects
/// are not followed), so its client reads no trust roots: reading the system's certificates
/// was a third of `run --list`'s instructions and about 5 ms of every run's startup.
pub fn client_for(base_url: &str, timeout: Duration, loopback: bool) -> Result<Client, String> {
    let plain = base_url
        .get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("http://"));
    let builder = builder(loopback);
    build(
        if plain {
            builder.tls_certs_only([])
        } else {
            builder
        },
        timeout,
    )
}

/// Whether a URL's host is this machine.
pub fn is_loopback(url: &str) -> bool {
    let Some(parsed) = reqwest::Url::parse(url).ok() else {
        return false;
    };
    let host = parsed
        .host_str()
        .unwrap_or("")
        .trim_start_matches('[')
        .trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn builder(loopback: bool) -> reqwest::ClientBuilder {
    if loopback {
        Client::builder().no_proxy()
    } else {
        Client::builder()
    }
}

fn build(builder: reqwest::ClientBuilder, timeout: Duration) -> Result<Client, String> {
    builder
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(5)))
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(64)
        .user_agent(concat!("konaplate-conformance/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {}", with_causes(&e)))
}

/// Sends `request` and reads the answer, up to `body_cap` bytes.
pub async fn send(
    client: &Client,
    request: SentRequest,
    body_cap: usize,
) -> (Exchange, Option<RunError>) {
    let started = Instant::now();
    let result = exchange(client, &request, body_cap).await;
    let elapsed = started.elapsed();
    match result {
        Ok(response) => (
            Exchange {
                request,
                response: Some(response),
                elapsed,
                encryption: Default::default(),
            },
            None,
        ),
        Err((response, error)) => (
            Exchange {
                request,
                response,
                elapsed,
                encryption: Default::default(),
            },
            Some(error),
        ),
    }
}

type Failed = (Option<Received>, RunError);

async fn exchange(
    client: &Client,
    request: &SentRequest,
    body_cap: usize,
) -> Result<Received, Failed> {
    let method = reqwest::Method::from_bytes(request.method.as_bytes()).map_err(|e| {
        let error = RunError {
            kind: RunErrorKind::Setup,
            message: format!("`{}` is not an HTTP method: {e}", request.method),
        };
        (None, error)
    })?;
    let mut builder = client
        .request(method, &request.url)
        .body(request.body.clone().into_bytes());
    for (name, value) in &request.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let mut response = builder.send().await.map_err(|e| (None, classify(&e)))?;
    let status = response.status().as_u16();
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut body: Vec<u8> = Vec::new();
    let partial = |body: &[u8], cut: bool| Received {
        status,
        headers: headers.clone(),
        body: match String::from_utf8_lossy(body) {
            text if cut => mask::cut(&text, TOO_LARGE_KEPT),
            text => text.into_owned(),
        },
        json: None,
    };
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > body_cap {
                    let error = RunError {
                        kind: RunErrorKind::TooLarge,
                        message: format!("the response body exceeds the cap of {body_cap} bytes"),
                    };
                    return Err((Some(partial(&body, true)), error));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => return Err((Some(partial(&body, false)), classify(&e))),
        }
    }
    let text = String::from_utf8_lossy(&body).into_owned();
    let json = serde_json::from_slice(&body).ok();
    Ok(Received {
        status,
        headers,
        body: text,
        json,
    })
}

fn classify(e: &reqwest::Error) -> RunError {
    let kind = if e.is_timeout() {
        RunErrorKind::Timeout
    } else if e.is_connect() {
        RunErrorKind::Connect
    } else {
        RunErrorKind::Transport
    };
    RunError {
        kind,
        message: with_causes(e),
    }
}
