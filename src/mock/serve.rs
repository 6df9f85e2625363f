//! The accept loop of [`MockServer`](super::MockServer): HTTP/1.1 with a header timeout, and
//! the `drop` fault turned into a closed connection.
//!
//! `axum::serve` has no timeouts, so a standalone mock would keep a connection open forever for
//! a client that sends half a request line, or connects and says nothing. hyper's
//! `header_read_timeout` closes such a connection: it runs from the moment the server waits
//! for a request head, on a new connection and between keep-alive requests alike. The body has
//! its own time cap in the handlers ([`super::body`]).

use std::error::Error;
use std::fmt;
use std::io;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use super::admin::broken::DropConnection;

/// Why a connection was closed without an answer: an injected `drop` fault.
#[derive(Debug)]
struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl Error for Dropped {}

/// Serves `app` on `listener` until `stop` fires (or its sender is dropped), then lets open
/// connections finish.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    header_timeout: Duration,
    mut stop: oneshot::Receiver<()>,
) -> io::Result<()> {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let graceful = GracefulShutdown::new();
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Per-connection failures (reset before accept, too many open files) must
                // not stop the server; a short pause keeps a persistent one from spinning.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |request: Request<Incoming>| {
            let mut app = app.clone();
            async move {
                // Router is always ready and never fails.
                let response = match tower_service::Service::call(&mut app, request).await {
                    Ok(response) => response,
                    Err(never) => match never {},
                };
                if response.extensions().get::<DropConnection>().is_some() {
                    Err(Dropped)
                } else {
                    Ok(response)
                }
            }
        });
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A connection's end (timeout, reset, drop fault) concerns that client only.
            let _ = connection.await;
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
