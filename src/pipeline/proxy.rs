//! `proxy` as a library: load the spec and the profile through the one way in
//! ([`super::sources`]) and the client's credentials (from the environment, as `run` reads
//! them) into the proxy's [`Config`]; the session that runs it and reports is [`session`]
//! (`proxy_session.rs`). The command line only maps its flags to [`ProxyOptions`].

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::options::Stopped;
pub use super::proxy_session::{Session, session};
use super::sources::{self, Loaded, Sources};
use crate::error::InputError;
use crate::jwe::PrivateKey;
use crate::profile::{self, Environment, Profile};
use crate::proxy::Config;
use crate::report::Reporters;

/// What `proxy` is asked to do.
#[derive(Debug, Clone)]
pub struct ProxyOptions {
    /// Where the client connects.
    pub listen: SocketAddr,
    /// The server the requests go to; `None` with [`mock`](Self::mock).
    pub upstream: Option<String>,
    /// Start the reference mock (in-process, on 127.0.0.1) and send the requests to it.
    pub mock: bool,
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
    /// Where the session's reports go (`<dir>/<run-id>/`, `<dir>/latest/`); `None` writes
    /// none.
    pub report_dir: Option<PathBuf>,
    /// Failed assumptions and undeclared answer fields fail (`--fail-on any`), as under
    /// `run --strict`.
    pub fail_on_any: bool,
    /// End the session when no exchange has ended for this long.
    pub until_idle: Option<Duration>,
    /// End the session after this many exchanges.
    pub exchanges: Option<u64>,
    /// The client's test command: run with the proxy's URL in [`base_url_env`](Self::base_url_env),
    /// the session ends when it exits.
    pub command: Vec<String>,
    /// The variable the command reads the base URL from (`KONAPLATE_BASE_URL`).
    pub base_url_env: String,
}

/// The variable a wrapped client command finds the proxy's URL in, by default.
pub const BASE_URL_ENV: &str = "KONAPLATE_BASE_URL";

/// The proxy's configuration: every input read and checked, each problem an input error. With
/// `--mock` the upstream is left empty for the session to fill in once the mock listens.
pub fn config(options: &ProxyOptions) -> Result<Config, Stopped> {
    let upstream = match (&options.upstream, options.mock) {
        (Some(_), true) => {
            return Err(Stopped::input(
                "error: --upstream and --mock exclude each other: --mock starts the upstream",
            ));
        }
        (None, false) => {
            return Err(Stopped::input(
                "error: --upstream URL or --mock is required",
            ));
        }
        (Some(url), false) => {
            profile::check_base_url(url).map_err(|m| InputError::file("--upstream", m))?;
            url.clone()
        }
        (None, true) => String::new(),
    };
    // The proxy forwards a client's requests and sends none of its own.
    let Loaded { spec, profile, .. } = sources::load(&Sources {
        spec: options.spec.as_deref(),
        target: options.target.as_deref(),
        ..Sources::default()
    })?;
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
        upstream,
        record: options.record.clone(),
        timeout: Duration::from_millis(timeout),
        body_cap: options.body_cap,
        strict: options.fail_on_any,
        reporters: Reporters::new(),
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
