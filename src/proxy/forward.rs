//! Passing one exchange through unchanged: the client's request to the upstream, the
//! upstream's answer back, both bodies read in full (they are checked) and sent on as the
//! same bytes.
//!
//! hyper on both sides, not reqwest: reqwest adds an `Accept` header a client did not send.
//! Header names keep their case (hyper's header-case maps travel in the extensions), no `Date`
//! is added, and only the hop-by-hop headers (RFC 9110 §7.6.1) and `Host` (the upstream's
//! authority, or the upstream would not know itself) differ.

use std::time::Duration;

use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::{Request, Response, Uri};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::error::with_causes;

/// The upstream client: keep-alive, HTTP/1.1, TLS for `https://` upstreams.
pub(super) type Upstream = Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// Headers that belong to one connection, not to the message (RFC 9110 §7.6.1).
const HOP_BY_HOP: [&str; 8] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
];

/// A message read in full: its head and its exact body.
pub(super) struct Whole<T> {
    /// Method, URI, status, headers, extensions.
    pub parts: T,
    /// The body bytes, as they came.
    pub body: Bytes,
}

/// Builds the upstream client (the platform's trust store for TLS).
pub(super) fn client() -> Result<Upstream, String> {
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .try_with_platform_verifier()
        .map_err(|e| format!("cannot set up TLS for the upstream: {e}"))?
        .https_or_http()
        .enable_http1()
        .build();
    Ok(Client::builder(TokioExecutor::new())
        .http1_preserve_header_case(true)
        .set_host(false)
        .build(https))
}

/// Reads a body in full, up to `cap` bytes.
pub(super) async fn read(body: Incoming, cap: usize) -> Result<Bytes, String> {
    Limited::new(body, cap)
        .collect()
        .await
        .map(|c| c.to_bytes())
        .map_err(|e| format!("cannot read the body (cap {cap} bytes): {e}"))
}

/// The upstream URI of a request: the upstream base joined with the request's path and query.
pub(super) fn upstream_uri(base: &str, uri: &Uri) -> Result<Uri, String> {
    let tail = uri.path_and_query().map_or("/", |p| p.as_str());
    let joined = format!("{}{tail}", base.trim_end_matches('/'));
    joined
        .parse()
        .map_err(|e| format!("cannot build the upstream URI `{joined}`: {e}"))
}

/// Sends the request as it came (but for hop-by-hop headers and `Host`) and reads the answer.
pub(super) async fn send(
    upstream: &Upstream,
    uri: Uri,
    request: &Whole<hyper::http::request::Parts>,
    timeout: Duration,
    cap: usize,
) -> Result<Whole<hyper::http::response::Parts>, String> {
    let mut out = Request::new(Full::new(request.body.clone()));
    *out.method_mut() = request.parts.method.clone();
    *out.headers_mut() = end_to_end(&request.parts.headers);
    *out.extensions_mut() = request.parts.extensions.clone();
    if let Some(authority) = uri.authority() {
        let host = HeaderValue::from_str(authority.as_str()).map_err(|e| e.to_string())?;
        out.headers_mut().insert(header::HOST, host);
    }
    *out.uri_mut() = uri;
    let exchange = async {
        let answer = upstream.request(out).await.map_err(|e| with_causes(&e))?;
        let (parts, body) = answer.into_parts();
        let body = read(body, cap).await?;
        Ok(Whole { parts, body })
    };
    match tokio::time::timeout(timeout, exchange).await {
        Ok(result) => result,
        Err(_) => Err(format!(
            "no complete answer within {} ms",
            timeout.as_millis()
        )),
    }
}

/// The answer to give the client: the upstream's, unchanged but for hop-by-hop headers.
pub(super) fn answer(upstream: Whole<hyper::http::response::Parts>) -> Response<Full<Bytes>> {
    let Whole { mut parts, body } = upstream;
    parts.headers = end_to_end(&parts.headers);
    Response::from_parts(parts, Full::new(body))
}

/// `headers` without the hop-by-hop ones, and without those `Connection` names, in order; and
/// without `Content-Length` when `Transfer-Encoding` was there too: the transfer coding framed
/// the message and its `Content-Length` is to be ignored (RFC 9112 §6.3), and the body goes on
/// whole, its length set from its bytes.
pub(super) fn end_to_end(headers: &HeaderMap) -> HeaderMap {
    let coded = headers.contains_key(header::TRANSFER_ENCODING);
    let named: Vec<String> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|n| n.trim().to_ascii_lowercase())
        .collect();
    let hop = |name: &str| {
        HOP_BY_HOP.contains(&name)
            || named.iter().any(|n| n == name)
            || (coded && name == header::CONTENT_LENGTH.as_str())
    };
    // A new map in the old order: removing from a map would move its last entries forward.
    let mut out = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers.iter().filter(|(n, _)| !hop(n.as_str())) {
        out.append(name.clone(), value.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hop_by_hop_headers_and_the_ones_connection_names_go() {
        let mut h = HeaderMap::new();
        h.insert("connection", HeaderValue::from_static("keep-alive, X-Hop"));
        h.insert("x-hop", HeaderValue::from_static("1"));
        h.insert("transfer-encoding", HeaderValue::from_static("chunked"));
        h.insert("x-km-tran-time", HeaderValue::from_static("20260310120000"));
        h.append("x-twice", HeaderValue::from_static("a"));
        h.append("x-twice", HeaderValue::from_static("b"));
        let kept = end_to_end(&h);
        let names: Vec<&str> = kept.keys().map(|k| k.as_str()).collect();
        assert_eq!(names, ["x-km-tran-time", "x-twice"]);
        assert_eq!(kept.get_all("x-twice").iter().count(), 2);
    }

    #[test]
    fn a_content_length_beside_a_transfer_encoding_goes() {
        let mut h = HeaderMap::new();
        h.insert("content-length", HeaderValue::from_static("5"));
        h.insert("transfer-encoding", HeaderValue::from_static("chunked"));
        assert!(end_to_end(&h).is_empty());
        h.remove("transfer-encoding");
        assert_eq!(end_to_end(&h).get("content-length").unwrap(), "5");
    }

    #[test]
    fn the_upstream_uri_keeps_path_and_query() {
        let uri: Uri = "/api/v1/card/status?x=1".parse().unwrap();
        let up = upstream_uri("http://127.0.0.1:9/base/", &uri).unwrap();
        assert_eq!(
            up.to_string(),
            "http://127.0.0.1:9/base/api/v1/card/status?x=1"
        );
    }
}
