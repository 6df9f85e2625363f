//! `proxy` as a library: load the spec, the profile and the client's credentials (from the
//! environment, as `run` reads them), start the [`Proxy`], wait for Ctrl-C or SIGTERM, and give
//! the summary. The command line only maps its flags to [`ProxyOptions`].

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::options::{Stopped, project_path};
use crate::error::InputError;
use crate::jwe::PrivateKey;
use crate::profile::{self, Environment, Profile};
use crate::proxy::{Config, Proxy, Sink, Summary};
use crate::report::{Note, Reporters};
use crate::spec;

/// What `proxy` is asked to do.
#[derive(Debug, Clone)]
pub struct ProxyOptions {
    /// Where the client connects.
    pub listen: SocketAddr,
    /// The server the requests go to.
    pub upstream: String,
    /// The target profile (default: the mock profile).
    pub target: Option<PathBuf>,
    /// The OpenAPI document (default: the project's).
    pub spec: Option<PathBuf>,
    /// Where to record exchanges and draft cases.
    pub record: Option<PathBuf>,
    /// A PEM file with the server's private key, to open encrypted requests; for a `mock`
    /// profile the reference mock's TEST key is the default.
    pub server_private_key: Option<PathBuf>,
    /// How long the upstream may take (default: the profile's, else 10000 ms).
    pub timeout_ms: Option<u64>,
    /// Largest body read, either way.
    pub body_cap: usize,
}

/// The proxy's configuration: every input read and checked, each problem an input error.
pub fn config(options: &ProxyOptions) -> Result<Config, Stopped> {
    profile::check_base_url(&options.upstream).map_err(|m| InputError::file("--upstream", m))?;
    let spec = spec::load(&project_path(
        options.spec.as_deref(),
        spec::DEFAULT_SPEC_PATH,
    ))?;
    let target = project_path(options.target.as_deref(), profile::DEFAULT_TARGET_PATH);
    let profile = profile::load(&target)?;
    let secrets = profile.secrets()?;
    let server_key = server_key(options, &profile)?;
    let timeout = options
        .timeout_ms
        .or(profile.file.timeout_ms)
        .unwrap_or(10_000);
    Ok(Config {
        spec: Arc::new(spec),
        profile: Arc::new(profile),
        secrets,
        server_key,
        upstream: options.upstream.clone(),
        record: options.record.clone(),
        timeout: Duration::from_millis(timeout),
        body_cap: options.body_cap,
    })
}

/// The key given, else the reference mock's TEST key for a `mock` profile, else none.
fn server_key(options: &ProxyOptions, profile: &Profile) -> Result<Option<PrivateKey>, Stopped> {
    let flag = "--server-private-key";
    match &options.server_private_key {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| InputError::file(path, format!("cannot read the key: {e}")))?;
            let key = PrivateKey::from_pem(&text)
                .map_err(|e| InputError::file(path, format!("{flag}: not a usable key: {e}")))?;
            Ok(Some(key))
        }
        None if profile.file.environment == Environment::Mock => {
            Ok(PrivateKey::from_pem(crate::mock::TEST_SERVER_PRIVATE_KEY_PEM).ok())
        }
        None => Ok(None),
    }
}

/// Runs the proxy until Ctrl-C or SIGTERM; `reporters` get the notes, `lines` the exchanges.
pub fn serve(
    options: &ProxyOptions,
    reporters: &Reporters,
    lines: Sink,
) -> Result<Summary, Stopped> {
    let config = config(options)?;
    // Every line printed from here on is masked with all the proxy knows.
    crate::mask::console::install(config.masker());
    let rt = tokio::runtime::Runtime::new()
        .map_err(|e| Stopped::input(format!("error: cannot start the async runtime: {e}")))?;
    rt.block_on(async {
        let key = if config.server_key.is_some() {
            "encrypted requests are opened"
        } else {
            "encrypted requests are not opened: no server private key"
        };
        let upstream = config.upstream.clone();
        let proxy = Proxy::start(config, options.listen, lines)
            .await
            .map_err(|m| Stopped::input(format!("error: {m}")))?;
        reporters.note(Note::Said(format!(
            "proxy listening on {} -> {upstream} ({key}; Ctrl-C stops)",
            proxy.base_url()
        )));
        stop_signal().await;
        Ok(proxy.shutdown().await)
    })
}

/// Ctrl-C, or SIGTERM where there is one.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
