//! Faults on purpose: a proxy in front of the reference mock that breaks chosen answers, hostile
//! servers (silent, TLS with a self-signed certificate, not HTTP at all), and a way to run the
//! binary with a hard time limit.
//!
//! [`FaultServer`] forwards every request to an upstream server (a fresh [`MockServer`] per run)
//! and applies ONE [`Mutation`] to the answers its [`Target`] selects: an operation, and
//! optionally the HTTP status and result code the mock answered with. Every other answer passes
//! through byte for byte. An encrypted answer (`{"encData": …}`) is opened with the TEST client
//! key, selected and broken as plaintext, and sealed again for the client (unless the mutation
//! is [`Mutation::Unseal`]), as a man in the middle holding the keys would; an [`Mutation::Edit`]
//! also sees the request's plaintext (opened with the TEST server key). It records which requests it broke (by their `X-KM-Correlation-Id`),
//! so a test can tell exactly which cases must fail.
//!
//! [`MockServer`]: konaplate_conformance::mock::MockServer

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitStatus;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::Response;
use konaplate_conformance::jwe::{self, Enc, PrivateKey, PublicKey};
use konaplate_conformance::mock::{MockConfig, MockServer};
use konaplate_conformance::mock::{TEST_CLIENT_PUBLIC_KEY_PEM, TEST_SERVER_PRIVATE_KEY_PEM};
use konaplate_conformance::spec::{self, Spec};
use serde_json::Value;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The correlation id header, lowercase.
pub const CORRELATION: &str = "x-km-correlation-id";

/// At most this many connections are accepted by the hostile servers, then they stop
/// accepting (every loop in the tests is bounded).
const MAX_CONNECTIONS: usize = 512;

fn committed_spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap())
}

/// The operation name of [`Target::every`].
const EVERY: &str = "*";

/// Which answers a fault applies to.
#[derive(Clone, Debug)]
pub struct Target {
    /// `operationId`.
    pub operation: &'static str,
    /// The HTTP status the mock answered with, if it matters.
    pub status: Option<u16>,
    /// The result code the mock answered with, if it matters.
    pub code: Option<&'static str>,
}

impl Target {
    /// Every answer of an operation.
    pub fn op(operation: &'static str) -> Target {
        Target {
            operation,
            status: None,
            code: None,
        }
    }

    /// Every answer of every operation.
    pub fn every() -> Target {
        Target::op(EVERY)
    }

    /// Only answers with this HTTP status.
    pub fn status(mut self, status: u16) -> Target {
        self.status = Some(status);
        self
    }

    /// Only answers with this result code.
    pub fn code(mut self, code: &'static str) -> Target {
        self.code = Some(code);
        self
    }

    fn path(&self) -> String {
        if self.operation == EVERY {
            return EVERY.to_string();
        }
        committed_spec()
            .operation(self.operation)
            .unwrap_or_else(|| panic!("no operation `{}` in the spec", self.operation))
            .path
            .clone()
    }

    /// In words, for the tables the tests print.
    pub fn describe(&self) -> String {
        let mut s = self.operation.to_string();
        if let Some(st) = self.status {
            s.push_str(&format!(" {st}"));
        }
        if let Some(c) = self.code {
            s.push_str(&format!(" {c}"));
        }
        s
    }
}

/// What to do to a correlation id header.
#[derive(Clone, Debug)]
pub enum HeaderEdit {
    /// Leave it out.
    Remove,
    /// Drop its last character (19 characters: malformed).
    Shorten,
    /// A different, well-formed id (not the request's).
    Other,
    /// This exact value.
    Set(&'static str),
    /// Kept, and a second line added with a different, well-formed id: the header twice.
    Repeat,
}

/// One way to break an answer.
#[derive(Clone, Debug)]
pub enum Mutation {
    /// Pass everything through unchanged (the control).
    Identity,
    /// Replace the JSON value at a pointer.
    Set(&'static str, Value),
    /// Append one character to the string at a pointer.
    Lengthen(&'static str),
    /// Drop the last character of the string at a pointer.
    Shorten(&'static str),
    /// Remove the field at a pointer.
    Remove(&'static str),
    /// Add a field (pointer of the new field) the spec does not declare.
    Add(&'static str, Value),
    /// Answer with another HTTP status, same headers and body.
    Status(u16),
    /// Edit a response header.
    Header(&'static str, HeaderEdit),
    /// Replace the body (and the Content-Type, when given).
    Body {
        /// The new Content-Type, or keep the mock's.
        content_type: Option<&'static str>,
        /// The new body.
        body: &'static str,
    },
    /// Send only the first half of the JSON (a complete HTTP message).
    Truncate,
    /// Never answer: the request is held until the client gives up (its timeout) or the proxy
    /// is dropped.
    Stall,
    /// Announce the full length, send half the body, then break the connection.
    CloseMidBody,
    /// Pad the JSON with trailing spaces up to this many bytes (still valid JSON).
    PadTo(usize),
    /// `307 Temporary Redirect` to the request's own URL, every time.
    RedirectLoop,
    /// Send an encrypted answer as its plaintext (no effect on a plain answer).
    Unseal,
    /// Any edit of the answer's JSON and headers, seeing the request's JSON body (plaintext).
    Edit(Editor),
    /// A fault that depends on earlier requests (see [`super::stateful`]).
    Stateful(super::stateful::Memory),
    /// A lax server: the request is read otherwise before the mock sees it, the answer passes
    /// through (see [`super::lax`]). Every request of the target's operation is considered; the
    /// ones it reads otherwise are the ones recorded as broken.
    Lax(super::lax::Lax),
}

/// An edit for [`Mutation::Edit`]: `(request body, answer body, answer headers)`; returns
/// whether it changed anything.
pub type EditFn = dyn Fn(&Value, &mut Value, &mut HeaderMap) -> bool + Send + Sync;

/// A named [`EditFn`].
#[derive(Clone)]
pub struct Editor(pub &'static str, pub Arc<EditFn>);

impl std::fmt::Debug for Editor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Editor({})", self.0)
    }
}

/// The TEST keys the proxy opens and seals with.
struct Keys {
    client_public: PublicKey,
    client_private: PrivateKey,
    server_private: PrivateKey,
}

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| Keys {
        client_public: PublicKey::from_pem(TEST_CLIENT_PUBLIC_KEY_PEM).unwrap(),
        client_private: PrivateKey::from_pem(include_str!("../keys/client-private-TEST-ONLY.pem"))
            .unwrap(),
        server_private: PrivateKey::from_pem(TEST_SERVER_PRIVATE_KEY_PEM).unwrap(),
    })
}

/// The plaintext of a JSON body, opening `encData` with `key` when there is one.
fn plaintext(body: &[u8], key: &PrivateKey) -> Option<(Value, bool)> {
    let v: Value = serde_json::from_slice(body).ok()?;
    match jwe::enc_data(&v) {
        Some(token) => {
            let opened = jwe::decrypt(token, key).ok()?;
            Some((serde_json::from_slice(&opened.plaintext).ok()?, true))
        }
        None => Some((v, false)),
    }
}

/// A mutation and the answers it applies to.
#[derive(Clone, Debug)]
pub struct Fault {
    /// Which answers.
    pub target: Target,
    /// What to do to them.
    pub mutation: Mutation,
}

/// One answer the proxy broke.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Injected {
    /// The request's `X-KM-Correlation-Id`.
    pub correlation_id: String,
    /// The request path.
    pub path: String,
}

/// The fault-injecting proxy.
pub struct FaultServer {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    injected: Arc<Mutex<Vec<Injected>>>,
    requests: Arc<AtomicUsize>,
    task: JoinHandle<()>,
    /// Tells stalled requests to end when the proxy is dropped.
    stop: tokio::sync::watch::Sender<bool>,
}

struct Proxy {
    upstream: String,
    client: reqwest::Client,
    fault: Fault,
    path: String,
    injected: Arc<Mutex<Vec<Injected>>>,
    requests: Arc<AtomicUsize>,
    remembered: Mutex<super::stateful::Remembered>,
    stopped: tokio::sync::watch::Receiver<bool>,
}

/// What the upstream answered (an encrypted body already opened).
struct Upstream {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    /// The answer was encrypted: whatever goes back out is sealed again.
    sealed: bool,
}

impl FaultServer {
    /// A proxy on 127.0.0.1 in front of `upstream` (a base URL), applying `fault`.
    pub async fn start(upstream: &str, fault: Fault) -> FaultServer {
        let injected = Arc::new(Mutex::new(Vec::new()));
        let requests = Arc::new(AtomicUsize::new(0));
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let proxy = Arc::new(Proxy {
            upstream: upstream.trim_end_matches('/').to_string(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap(),
            path: fault.target.path(),
            fault,
            injected: injected.clone(),
            requests: requests.clone(),
            remembered: Mutex::default(),
            stopped,
        });
        let app = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let proxy = proxy.clone();
                async move { proxy.handle(method, uri, headers, body).await }
            },
        );
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FaultServer {
            base_url,
            injected,
            requests,
            task,
            stop,
        }
    }

    /// A proxy applying `fault` in front of a fresh reference mock with the TEST keys, both on
    /// 127.0.0.1: the pair every fault test starts.
    pub async fn before_fresh_mock(fault: Fault) -> (MockServer, FaultServer) {
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
        let mock = MockServer::start(MockConfig::default(), addr)
            .await
            .unwrap();
        let proxy = FaultServer::start(&mock.base_url(), fault).await;
        (mock, proxy)
    }

    /// The answers broken so far.
    pub fn injected(&self) -> Vec<Injected> {
        self.injected.lock().unwrap().clone()
    }

    /// How many requests came in.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        self.task.abort();
    }
}

impl Proxy {
    async fn handle(&self, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
        self.requests.fetch_add(1, Ordering::SeqCst);
        let path = uri.path().to_string();
        let url = format!(
            "{}{}",
            self.upstream,
            uri.path_and_query().map_or("/", |p| p.as_str())
        );
        let request_json = plaintext(&body, &keys().server_private)
            .map(|(v, _)| v)
            .unwrap_or(Value::Null);
        let lax = match &self.fault.mutation {
            Mutation::Lax(lax) if self.path == EVERY || path == self.path => {
                super::lax::rewrite(lax, &method, &headers, &body)
            }
            _ => None,
        };
        let lax_read = lax.is_some();
        let (method, sent_headers, sent_body) =
            lax.unwrap_or_else(|| (method, headers.clone(), body.clone()));
        let mut request = self.client.request(method, url).body(sent_body);
        for (name, value) in &sent_headers {
            if !matches!(name.as_str(), "host" | "content-length" | "connection") {
                request = request.header(name, value);
            }
        }
        let upstream = match request.send().await {
            Ok(r) => {
                let status = r.status();
                let headers = r.headers().clone();
                match r.bytes().await {
                    Ok(body) => Upstream {
                        status,
                        headers,
                        body,
                        sealed: false,
                    },
                    Err(e) => return plain(502, &format!("fault proxy: upstream body: {e}")),
                }
            }
            Err(e) => return plain(502, &format!("fault proxy: upstream: {e}")),
        };
        let request_id = headers
            .get(CORRELATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        if let Mutation::Lax(_) = &self.fault.mutation {
            if lax_read {
                self.record(request_id, path);
            }
            return passthrough(upstream);
        }
        if let Mutation::Stateful(memory) = &self.fault.mutation {
            // A reset of the mock behind is a reset of the faulty target as a whole.
            if path == "/__admin/reset" && upstream.status.is_success() {
                self.remembered.lock().unwrap().clear();
            }
            if path != self.path && !memory.watches(&path) {
                return passthrough(upstream);
            }
            let mut remembered = self.remembered.lock().unwrap();
            let changed = super::stateful::apply(
                memory,
                &mut remembered,
                &path,
                &body,
                upstream.status,
                &upstream.body,
            );
            drop(remembered);
            return match changed {
                Some((status, new_body)) => {
                    self.record(request_id, path);
                    let mut up = upstream;
                    up.status = status;
                    with_body(up, new_body)
                }
                None => passthrough(upstream),
            };
        }
        let wire = upstream.body.clone();
        let mut upstream = upstream;
        if let Some((opened, true)) = plaintext(&upstream.body, &keys().client_private) {
            upstream.body = Bytes::from(serde_json::to_vec(&opened).unwrap());
            upstream.sealed = true;
        }
        if !self.selects(&path, &upstream) {
            upstream.body = wire;
            upstream.sealed = false;
            return passthrough(upstream);
        }
        if let Mutation::Stall = &self.fault.mutation {
            // Recorded first: no answer ever follows.
            self.record(request_id, path);
            let mut stopped = self.stopped.clone();
            let _ = stopped.wait_for(|stopped| *stopped).await;
            return passthrough(upstream);
        }
        match self
            .mutate(&path, &request_id, &request_json, upstream)
            .await
        {
            Ok(response) => {
                self.record(request_id, path);
                response
            }
            // The mutation does not apply to this answer (e.g. no such field): unchanged.
            Err(upstream) => passthrough(upstream),
        }
    }

    fn record(&self, correlation_id: String, path: String) {
        self.injected.lock().unwrap().push(Injected {
            correlation_id,
            path,
        });
    }

    fn selects(&self, path: &str, up: &Upstream) -> bool {
        let t = &self.fault.target;
        if (self.path != EVERY && path != self.path)
            || t.status.is_some_and(|s| s != up.status.as_u16())
        {
            return false;
        }
        match t.code {
            None => true,
            Some(code) => serde_json::from_slice::<Value>(&up.body)
                .ok()
                .and_then(|v| v.pointer("/response/code").cloned())
                .is_some_and(|c| c == code),
        }
    }

    /// The broken answer, or the upstream answer back when the mutation does not apply.
    async fn mutate(
        &self,
        path: &str,
        request_id: &str,
        request_json: &Value,
        mut up: Upstream,
    ) -> Result<Response, Upstream> {
        let json_edit = |up: &Upstream, edit: &dyn Fn(&mut Value) -> bool| -> Option<Bytes> {
            let mut v: Value = serde_json::from_slice(&up.body).ok()?;
            edit(&mut v).then(|| Bytes::from(serde_json::to_vec(&v).unwrap()))
        };
        match &self.fault.mutation {
            Mutation::Identity => Err(up),
            Mutation::Set(pointer, value) => {
                match json_edit(&up, &|v| match v.pointer_mut(pointer) {
                    Some(slot) => {
                        *slot = value.clone();
                        true
                    }
                    None => false,
                }) {
                    Some(body) => Ok(with_body(up, body)),
                    None => Err(up),
                }
            }
            Mutation::Lengthen(pointer) | Mutation::Shorten(pointer) => {
                let longer = matches!(self.fault.mutation, Mutation::Lengthen(_));
                match json_edit(&up, &|v| match v.pointer_mut(pointer) {
                    Some(Value::String(s)) if longer => {
                        let last = s.chars().last().unwrap_or('0');
                        s.push(last);
                        true
                    }
                    Some(Value::String(s)) if !s.is_empty() => {
                        s.pop();
                        true
                    }
                    _ => false,
                }) {
                    Some(body) => Ok(with_body(up, body)),
                    None => Err(up),
                }
            }
            Mutation::Remove(pointer) => {
                let (parent, key) = split_pointer(pointer);
                match json_edit(&up, &|v| {
                    v.pointer_mut(parent)
                        .and_then(Value::as_object_mut)
                        .is_some_and(|o| o.remove(key).is_some())
                }) {
                    Some(body) => Ok(with_body(up, body)),
                    None => Err(up),
                }
            }
            Mutation::Add(pointer, value) => {
                let (parent, key) = split_pointer(pointer);
                match json_edit(&up, &|v| {
                    v.pointer_mut(parent)
                        .and_then(Value::as_object_mut)
                        .is_some_and(|o| o.insert(key.to_string(), value.clone()).is_none())
                }) {
                    Some(body) => Ok(with_body(up, body)),
                    None => Err(up),
                }
            }
            Mutation::Status(status) => {
                up.status = StatusCode::from_u16(*status).unwrap();
                Ok(passthrough(up))
            }
            Mutation::Header(name, edit) => {
                let value = match edit {
                    HeaderEdit::Remove => None,
                    HeaderEdit::Set(v) => Some(v.to_string()),
                    HeaderEdit::Shorten | HeaderEdit::Other | HeaderEdit::Repeat => {
                        let Some(current) = up.headers.get(*name).and_then(|v| v.to_str().ok())
                        else {
                            return Err(up);
                        };
                        let mut v = current.to_string();
                        if matches!(edit, HeaderEdit::Shorten) {
                            v.pop();
                        } else {
                            // Another last hex digit: still well-formed, not the request's.
                            let last = v.pop().unwrap_or('0');
                            v.push(if last == '0' { '1' } else { '0' });
                        }
                        Some(v)
                    }
                };
                match value {
                    None if up.headers.remove(*name).is_none() => return Err(up),
                    None => {}
                    Some(v) if matches!(edit, HeaderEdit::Repeat) => {
                        up.headers.append(*name, HeaderValue::from_str(&v).unwrap());
                    }
                    Some(v) => {
                        up.headers.insert(*name, HeaderValue::from_str(&v).unwrap());
                    }
                }
                Ok(passthrough(up))
            }
            Mutation::Body { content_type, body } => {
                if let Some(ct) = content_type {
                    up.headers
                        .insert("content-type", HeaderValue::from_static(ct));
                }
                Ok(with_body(up, Bytes::from_static(body.as_bytes())))
            }
            Mutation::Truncate => {
                let half = up.body.slice(..up.body.len() / 2);
                Ok(with_body(up, half))
            }
            // Handled (and recorded) before the wait, in `handle`.
            Mutation::Stall => Err(up),
            // Handled in `handle`, where the request body is known.
            Mutation::Stateful(_) | Mutation::Lax(_) => Err(up),
            Mutation::CloseMidBody => {
                let full = up.body.len();
                let half = up.body.slice(..full / 2);
                // The first half goes out before the body breaks off: the server writes out
                // what it holds whenever the body is not ready, so the break comes one yield
                // (one `Pending`) after the half, not after some time.
                let chunks = futures_util::stream::unfold(Some(half), |half| async move {
                    match half {
                        Some(half) => Some((Ok(half), None)),
                        None => {
                            tokio::task::yield_now().await;
                            let e = std::io::Error::other("fault proxy: closed mid-response");
                            Some((Err(e), None))
                        }
                    }
                });
                let mut response = response_head(&up);
                *response.body_mut() = Body::from_stream(chunks);
                response
                    .headers_mut()
                    .insert("content-length", HeaderValue::from(full));
                Ok(response)
            }
            Mutation::PadTo(size) => {
                let mut body = up.body.to_vec();
                if body.len() < *size {
                    body.resize(*size, b' ');
                }
                Ok(with_body(up, Bytes::from(body)))
            }
            Mutation::Unseal if up.sealed => {
                up.sealed = false;
                Ok(passthrough(up))
            }
            Mutation::Unseal => Err(up),
            Mutation::Edit(Editor(_, edit)) => {
                let Ok(mut v) = serde_json::from_slice::<Value>(&up.body) else {
                    return Err(up);
                };
                let mut headers = up.headers.clone();
                if !edit(request_json, &mut v, &mut headers) {
                    return Err(up);
                }
                up.headers = headers;
                let body = Bytes::from(serde_json::to_vec(&v).unwrap());
                Ok(with_body(up, body))
            }
            Mutation::RedirectLoop => {
                let mut response = Response::new(Body::empty());
                *response.status_mut() = StatusCode::TEMPORARY_REDIRECT;
                let h = response.headers_mut();
                h.insert("location", HeaderValue::from_str(path).unwrap());
                if let Ok(id) = HeaderValue::from_str(request_id) {
                    h.insert(CORRELATION, id);
                }
                Ok(response)
            }
        }
    }
}

/// `/a/b/c` → (`/a/b`, `c`).
fn split_pointer(pointer: &str) -> (&str, &str) {
    let i = pointer.rfind('/').unwrap_or(0);
    (&pointer[..i], &pointer[i + 1..])
}

/// The upstream status and headers, without the ones the server computes itself.
fn response_head(up: &Upstream) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = up.status;
    for (name, value) in &up.headers {
        if !matches!(
            name.as_str(),
            "content-length" | "transfer-encoding" | "connection" | "date"
        ) {
            response.headers_mut().append(name, value.clone());
        }
    }
    response
}

/// The answer with `body`, sealed for the client again when the upstream's was encrypted.
fn with_body(up: Upstream, body: Bytes) -> Response {
    let mut response = response_head(&up);
    let body = if up.sealed {
        let token = jwe::encrypt(&body, &keys().client_public, Enc::A128Gcm).unwrap();
        Bytes::from(serde_json::json!({ jwe::ENC_DATA: token }).to_string())
    } else {
        body
    };
    *response.body_mut() = Body::from(body);
    response
}

fn passthrough(up: Upstream) -> Response {
    let body = up.body.clone();
    with_body(up, body)
}

fn plain(status: u16, text: &str) -> Response {
    let mut response = Response::new(Body::from(text.to_string()));
    *response.status_mut() = StatusCode::from_u16(status).unwrap();
    response
}

// ------------------------------------------------------------------------------ hostile servers

/// A port on 127.0.0.1 that nothing listens on, held for as long as this value lives: the
/// socket is bound but never listens, so a connection to it is refused, and no other test or
/// process can take the port meanwhile (binding a listener and releasing it would leave it
/// free for anyone). Shows as the port number.
pub struct ClosedPort {
    /// The port.
    pub port: u16,
    _bound: tokio::net::TcpSocket,
}

impl std::fmt::Display for ClosedPort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.port)
    }
}

/// A [`ClosedPort`].
pub fn closed_port() -> ClosedPort {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::from(([127, 0, 0, 1], 0))).unwrap();
    ClosedPort {
        port: socket.local_addr().unwrap().port(),
        _bound: socket,
    }
}

/// A server that does something hostile with each connection; stops on drop.
pub struct HostileServer {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// Connections accepted so far.
    pub accepted: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl Drop for HostileServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl HostileServer {
    /// `http://ADDR`.
    pub fn http_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `https://ADDR`.
    pub fn https_url(&self) -> String {
        format!("https://{}", self.addr)
    }

    async fn start<F, Fut>(on_connection: F) -> HostileServer
    where
        F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let accepted = Arc::new(AtomicUsize::new(0));
        let count = accepted.clone();
        let task = tokio::spawn(async move {
            // Dropped (so every connection task aborted) when the server task is aborted.
            let mut held = tokio::task::JoinSet::new();
            for _ in 0..MAX_CONNECTIONS {
                let Ok((stream, _)) = listener.accept().await else {
                    break;
                };
                count.fetch_add(1, Ordering::SeqCst);
                held.spawn(on_connection(stream));
            }
            // Keep the connections' tasks (and so their sockets) until the server is dropped.
            std::future::pending::<()>().await;
        });
        HostileServer {
            addr,
            accepted,
            task,
        }
    }

    /// Accepts every connection and never answers (nor closes).
    pub async fn silent() -> HostileServer {
        HostileServer::start(|stream| async move {
            let _keep = stream;
            std::future::pending::<()>().await;
        })
        .await
    }

    /// Writes `bytes`, then closes the connection.
    pub async fn writes_then_closes(bytes: &'static [u8]) -> HostileServer {
        HostileServer::start(move |mut stream| async move {
            // Read the request's head first: closing a socket with unread bytes is a reset,
            // which the client could see before these bytes.
            read_request_head(&mut stream).await;
            let _ = stream.write_all(bytes).await;
            let _ = stream.shutdown().await;
        })
        .await
    }

    /// TLS with a freshly generated self-signed certificate for `localhost` and 127.0.0.1:
    /// a client that verifies certificates must refuse it. A client that got through would
    /// never get an answer.
    pub async fn tls_self_signed() -> HostileServer {
        use tokio_rustls::rustls;
        let certified =
            rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()])
                .unwrap();
        let cert = certified.cert.der().clone();
        let key =
            rustls::pki_types::PrivateKeyDer::Pkcs8(certified.signing_key.serialize_der().into());
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::aws_lc_rs::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        HostileServer::start(move |stream| {
            let acceptor = acceptor.clone();
            async move {
                let accepted =
                    tokio::time::timeout(Duration::from_secs(5), acceptor.accept(stream)).await;
                if let Ok(Ok(tls)) = accepted {
                    // Held, unanswered, until the server is dropped.
                    let _keep = tls;
                    std::future::pending::<()>().await;
                }
            }
        })
        .await
    }
}

/// Reads until the end of an HTTP request head (an empty line), the end of the stream, or a
/// bounded amount: the event a hostile answer waits for.
async fn read_request_head(stream: &mut TcpStream) {
    use tokio::io::AsyncReadExt as _;
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
}

// ------------------------------------------------------------------------------ the binary

/// What a run of the binary did.
#[derive(Debug)]
pub struct BinRun {
    /// The exit status; `None` when it had to be killed.
    pub status: Option<ExitStatus>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Wall time.
    pub elapsed: Duration,
}

impl BinRun {
    /// The exit code (`None` when killed or ended by a signal).
    pub fn code(&self) -> Option<i32> {
        self.status.and_then(|s| s.code())
    }

    /// Both streams, for assertion messages.
    pub fn text(&self) -> String {
        format!(
            "exit: {:?} after {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code(),
            self.elapsed,
            self.stdout,
            self.stderr
        )
    }

    /// Whether anything panicked (the binary must never).
    pub fn panicked(&self) -> bool {
        self.stdout.contains("panicked") || self.stderr.contains("panicked")
    }
}

/// Runs the binary with `args`, killing it after `limit` (then `status` is `None`). The
/// environment carries no `KONAPLATE_*` settings and no colour.
pub fn run_binary(args: &[&str], limit: Duration) -> BinRun {
    run_binary_in(args, limit, None)
}

/// [`run_binary`] in a working directory.
pub fn run_binary_in(args: &[&str], limit: Duration, cwd: Option<&Path>) -> BinRun {
    run_binary_with(args, &[], limit, cwd)
}

/// [`run_binary_in`] with more environment variables (set after the defaults, so they win).
pub fn run_binary_with(
    args: &[&str],
    env: &[(&str, &str)],
    limit: Duration,
    cwd: Option<&Path>,
) -> BinRun {
    let out_dir = tempfile::tempdir().unwrap();
    let stdout_path = out_dir.path().join("stdout");
    let stderr_path = out_dir.path().join("stderr");
    let (mut command, _reports) = super::binary::command();
    command
        .args(args)
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap());
    // These tests reason about the documented cases; generated ones are covered elsewhere.
    command.env("KONAPLATE_GENERATED", "0");
    // The proxy mutates plaintext answers; tests/jwe_*.rs cover encrypted ones.
    command.env("KONAPLATE_ENCRYPTION", "off");
    command.envs(env.iter().copied());
    if let Some(dir) = cwd {
        command.current_dir(dir);
    }
    let started = Instant::now();
    let mut child = command.spawn().unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    BinRun {
        status,
        stdout: std::fs::read_to_string(&stdout_path).unwrap_or_default(),
        stderr: std::fs::read_to_string(&stderr_path).unwrap_or_default(),
        elapsed,
    }
}

/// The newest `report.json` under a report directory (`<dir>/latest/report.json`).
pub fn read_report(report_dir: &Path) -> Value {
    let path = report_dir.join("latest").join("report.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("no report at {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// The outcome named `name` in a report.
pub fn outcome<'a>(report: &'a Value, name: &str) -> Option<&'a Value> {
    report["outcomes"]
        .as_array()?
        .iter()
        .find(|o| o["name"] == name)
}

/// The request's correlation id of an outcome.
pub fn request_correlation_id(outcome: &Value) -> Option<&str> {
    outcome
        .pointer("/exchange/request/headers")?
        .as_array()?
        .iter()
        .find(|h| {
            h[0].as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(CORRELATION))
        })?[1]
        .as_str()
}

/// The reference mock behind a proxy that answers every successful `cardStatusChange` with
/// the undocumented code `009_999`: `cardStatusChange::success` (and the scenario that changes
/// a status) fail with a diff. The servers stop when it is dropped.
pub struct WrongStatusCode {
    /// The proxy; its `base_url` is the target.
    pub proxy: FaultServer,
    _mock: MockServer,
    _rt: tokio::runtime::Runtime,
}

impl WrongStatusCode {
    /// Starts the mock and the proxy on a runtime of their own.
    pub fn start() -> WrongStatusCode {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let (mock, proxy) = rt.block_on(async {
            let local = SocketAddr::from(([127, 0, 0, 1], 0));
            let mock = MockServer::start(MockConfig::default(), local)
                .await
                .unwrap();
            let fault = Fault {
                target: Target::op("cardStatusChange").status(200),
                mutation: Mutation::Set("/response/code", serde_json::json!("009_999")),
            };
            let proxy = FaultServer::start(&mock.base_url(), fault).await;
            (mock, proxy)
        });
        WrongStatusCode {
            proxy,
            _mock: mock,
            _rt: rt,
        }
    }
}
