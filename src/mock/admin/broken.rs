//! The answers of the `drop` and `malformed` faults: what a broken network or gateway gives.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use hyper::body::Frame;

/// Marks a response whose connection is to be closed without an answer. The mock's server
/// ([`crate::mock::MockServer`]) turns it into a connection error before a byte is written; a
/// bare [`crate::mock::router`] served elsewhere still breaks off, through [`Broken`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct DropConnection;

/// A body that fails at once.
struct Broken;

impl hyper::body::Body for Broken {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        Poll::Ready(Some(Err(io::Error::new(
            io::ErrorKind::ConnectionAborted,
            "connection dropped by an injected fault",
        ))))
    }
}

/// The `drop` fault's answer.
pub(crate) fn dropped() -> Response {
    let mut response = Body::new(Broken).into_response();
    response.extensions_mut().insert(DropConnection);
    response
}

/// The `malformed` fault's body: the start of a success envelope, cut off.
pub(crate) const MALFORMED_BODY: &str = r#"{"response":{"code":"000_000","descri"#;

/// The `malformed` fault's answer: 200 and a JSON content type over a body that is not JSON.
pub(crate) fn malformed(correlation_id: &str) -> Response {
    let mut response = (StatusCode::OK, MALFORMED_BODY).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Ok(value) = HeaderValue::from_str(correlation_id) {
        headers.insert(crate::mock::envelope::CORRELATION_ID_HEADER, value);
    }
    response
}
