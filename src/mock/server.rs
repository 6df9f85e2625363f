//! The router and a running mock instance on a socket.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::routing::post;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::admin;
use super::body::BODY_LIMIT_BYTES;
use super::config::MockConfig;
use super::handlers;
use super::ops;
use super::serve;
use super::shared::Shared;

/// How long [`MockServer::shutdown`] waits for open connections before it stops anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The mock as an axum router: the five operations, the control plane under `/__admin/`
/// (unless `config.admin` is off), and enveloped 404/405/413 answers. Seeds its state from
/// `config.clock` now.
///
/// Served by anything other than [`MockServer`], it has no header timeout, and a `drop` fault
/// breaks the answer off after its status line instead of closing the connection at once.
pub fn router(config: MockConfig) -> Router {
    let admin = config.admin;
    let shared = Arc::new(Shared::new(config));
    let mut router = Router::new();
    for &op in ops::ALL {
        router = router.route(
            op.path,
            post(
                move |State(app): State<Arc<Shared>>, request: Request| async move {
                    handlers::operation(op, app, request).await
                },
            ),
        );
    }
    if admin {
        router = router.merge(admin::routes());
    }
    router
        .method_not_allowed_fallback(handlers::method_not_allowed)
        .fallback(handlers::not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .with_state(shared)
}

/// A mock listening on a socket, served on the current tokio runtime until
/// [`shutdown`](Self::shutdown) or drop.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl MockServer {
    /// Binds `addr` (use port 0 for an ephemeral port) and starts serving.
    ///
    /// # Errors
    /// When the address cannot be bound.
    pub async fn start(config: MockConfig, addr: SocketAddr) -> io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let header_timeout = config.header_timeout;
        let app = router(config);
        // A dropped sender means the same as a sent signal.
        let task = tokio::spawn(serve::serve(listener, app, header_timeout, stopped));
        Ok(Self {
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The bound address (with the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (a loopback address stands in for an unspecified bind address).
    pub fn base_url(&self) -> String {
        let ip = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}", SocketAddr::new(ip, self.addr.port()))
    }

    /// Stops accepting, lets open requests finish (for a few seconds at most), and returns.
    pub async fn shutdown(mut self) {
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

impl Drop for MockServer {
    fn drop(&mut self) {
        // Graceful stop in the background; `shutdown` is the way to wait for it.
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
