//! The running proxy: an accept loop (HTTP/1.1, hyper) whose every request is forwarded
//! ([`super::forward`]), then judged ([`super::inspect`]), said ([`super::console`]) and, with
//! a record directory, written ([`super::record`]) before the answer goes back to the client.
//!
//! Judging before answering costs the client a millisecond or so, and gives a plain order: when
//! the client has its answer, the exchange's line is out and counted.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

use super::console::{self, Summary};
use super::coverage::Tally;
use super::forward::{self, Upstream, Whole};
use super::history::History;
use super::inspect::{Answered, Captured, Inspector};
use super::record::Recorder;
use super::{Config, Seen, Sink, outcome};
use crate::client_coverage::ClientCoverage;
use crate::facts::Ledger;
use crate::mask::Masker;
use crate::report::Event;

/// How long [`Proxy::shutdown`] waits for exchanges in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// How many exchanges [`Proxy::seen`] keeps (the last ones): a proxy may run for days.
pub const SEEN_LIMIT: usize = 1000;
/// How long a client may take to send a request head.
const HEADER_TIMEOUT: Duration = Duration::from_secs(30);

/// What every exchange shares.
struct State {
    config: Config,
    upstream: Upstream,
    masker: Masker,
    sink: Sink,
    seq: AtomicU64,
    summary: Mutex<Summary>,
    seen: Mutex<VecDeque<Seen>>,
    recorder: Option<Mutex<Recorder>>,
    history: Mutex<History>,
    tally: Mutex<Tally>,
    /// How many exchanges ended so far.
    ended: watch::Sender<u64>,
}

/// A proxy listening on a socket, on the current tokio runtime, until
/// [`shutdown`](Self::shutdown).
pub struct Proxy {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    state: Arc<State>,
}

impl Proxy {
    /// Binds `listen` (port 0 for an ephemeral port), opens the recording, and starts serving;
    /// each exchange's line goes to `sink`.
    pub async fn start(config: Config, listen: SocketAddr, sink: Sink) -> Result<Proxy, String> {
        let upstream = forward::client()?;
        let recorder = match &config.record {
            Some(dir) => Some(Mutex::new(Recorder::open(dir, &config.profile)?)),
            None => None,
        };
        let listener = TcpListener::bind(listen)
            .await
            .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let masker = config.masker();
        let state = Arc::new(State {
            config,
            upstream,
            masker,
            sink,
            seq: AtomicU64::new(0),
            summary: Mutex::new(Summary::default()),
            seen: Mutex::new(VecDeque::new()),
            recorder,
            history: Mutex::default(),
            tally: Mutex::default(),
            ended: watch::Sender::new(0),
        });
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(serve(listener, state.clone(), stopped));
        Ok(Proxy {
            addr,
            stop: Some(stop),
            task: Some(task),
            state,
        })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`, an unspecified bind address shown as 127.0.0.1.
    pub fn base_url(&self) -> String {
        let ip = match self.addr.ip() {
            ip if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}", SocketAddr::new(ip, self.addr.port()))
    }

    /// The counts so far.
    pub fn summary(&self) -> Summary {
        lock(&self.state.summary).clone()
    }

    /// How many exchanges ended so far; it changes as each one ends.
    pub fn ended(&self) -> watch::Receiver<u64> {
        self.state.ended.subscribe()
    }

    /// What the client sent so far, laid over what the pages document.
    pub fn client_coverage(&self) -> ClientCoverage {
        let spec = &self.state.config.spec;
        lock(&self.state.tally).coverage(spec, &Ledger::build(spec))
    }

    /// The last [`SEEN_LIMIT`] exchanges, masked, in the order they ended.
    pub fn seen(&self) -> Vec<Seen> {
        lock(&self.state.seen).iter().cloned().collect()
    }

    /// Stops accepting, lets exchanges in flight end (a few seconds at most), and returns the
    /// summary.
    pub async fn shutdown(mut self) -> Summary {
        self.stop().await;
        self.summary()
    }

    /// [`shutdown`](Self::shutdown), with what the client sent over the whole session.
    pub async fn end(mut self) -> (Summary, ClientCoverage) {
        self.stop().await;
        (self.summary(), self.client_coverage())
    }

    async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn serve(listener: TcpListener, state: Arc<State>, mut stop: oneshot::Receiver<()>) {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .preserve_header_case(true)
        .auto_date_header(false);
    let graceful = GracefulShutdown::new();
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // A failed accept concerns one client; a pause keeps a persistent one calm.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let state = state.clone();
        let service = hyper::service::service_fn(move |request: Request<Incoming>| {
            let state = state.clone();
            async move { Ok::<_, Infallible>(exchange(&state, request).await) }
        });
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// One exchange: forward, judge, say, record, answer.
async fn exchange(state: &State, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let started = Instant::now();
    let config = &state.config;
    let (parts, body) = request.into_parts();
    let body = match forward::read(body, config.body_cap).await {
        Ok(body) => body,
        Err(e) => return plain(StatusCode::PAYLOAD_TOO_LARGE, &state.masker.text(&e)),
    };
    let request = Whole { parts, body };
    let uri = forward::upstream_uri(&config.upstream, &request.parts.uri);
    let url = uri.as_ref().map(ToString::to_string).unwrap_or_default();
    let answer = match uri {
        Ok(uri) => {
            forward::send(
                &state.upstream,
                uri,
                &request,
                config.timeout,
                config.body_cap,
            )
            .await
        }
        Err(e) => Err(e),
    };
    let captured = capture(&request, url, &answer, started.elapsed());
    state.observe(&captured);
    match answer {
        Ok(answer) => forward::answer(answer),
        Err(e) => plain(
            StatusCode::BAD_GATEWAY,
            &state
                .masker
                .text(&format!("proxy: no answer from the upstream: {e}")),
        ),
    }
}

impl State {
    /// Judges, says, counts, records and reports one exchange.
    fn observe(&self, captured: &Captured) {
        let config = &self.config;
        let inspector = Inspector {
            spec: &config.spec,
            profile: &config.profile,
            secrets: &config.secrets,
            server_key: config.server_key.as_ref(),
            masker: &self.masker,
            strict: config.strict,
        };
        let seq = self.seq.fetch_add(1, Ordering::SeqCst) + 1;
        let mut inspected = inspector.inspect(captured);
        if inspected.operation.is_some() {
            let reused = lock(&self.history).check(seq, &captured.headers);
            inspector.settle_request(&mut inspected, reused.into_iter().collect());
        }
        let line = console::line(seq, captured, &inspected, &self.masker);
        (self.sink)(&line);
        if let Some(recorder) = &self.recorder
            && let Err(e) =
                lock(recorder).record(seq, captured, &inspected, &config.spec, &self.masker)
        {
            (self.sink)(&self.masker.text(&format!("proxy: error: {e}")));
        }
        lock(&self.summary).add(&inspected);
        let ran = outcome::of(seq, captured, &inspected);
        config.reporters.emit(&Event::Outcome(&ran));
        lock(&self.tally).add(captured, &inspected);
        self.ended.send_modify(|n| *n += 1);
        let mut seen = lock(&self.seen);
        if seen.len() == SEEN_LIMIT {
            seen.pop_front();
        }
        seen.push_back(Seen::new(seq, line, inspected));
    }
}

fn capture(
    request: &Whole<hyper::http::request::Parts>,
    url: String,
    answer: &Result<Whole<hyper::http::response::Parts>, String>,
    elapsed: Duration,
) -> Captured {
    let text = |h: &hyper::HeaderMap| -> Vec<(String, String)> {
        h.iter()
            .map(|(n, v)| {
                (
                    n.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect()
    };
    let parts = &request.parts;
    Captured {
        method: parts.method.to_string(),
        path: parts
            .uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_string(),
        url,
        headers: text(&parts.headers),
        body: request.body.to_vec(),
        answer: answer.as_ref().ok().map(|a| Answered {
            status: a.parts.status.as_u16(),
            headers: text(&a.parts.headers),
            body: a.body.to_vec(),
        }),
        error: answer.as_ref().err().cloned(),
        elapsed,
    }
}

fn plain(status: StatusCode, text: &str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(format!("{text}\n"))));
    *response.status_mut() = status;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}
