//! Where a run sends: the async runtime, the credentials, and the base URL — the embedded
//! reference mock, started on 127.0.0.1:0 only when something will be sent to it.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::runtime::Runtime;

use super::options::Stopped;
use crate::error::InputError;
use crate::mock::{MockConfig, MockServer};
use crate::profile::{Environment, Profile, Secret, Secrets};

/// The target of a run, ready to receive.
pub struct Target {
    /// The runtime the requests (and the embedded mock) run on.
    pub rt: Arc<Runtime>,
    /// Credentials (empty when only listing).
    pub secrets: Secrets,
    /// The base URL the operation paths are appended to.
    pub base_url: String,
    /// The embedded mock, when the run started one.
    pub mock: Option<MockServer>,
}

impl Target {
    /// Prepares the target: `base_url` as given, else the embedded mock (a mock profile only).
    pub fn start(
        profile: &Profile,
        base_url: Option<String>,
        listing: bool,
    ) -> Result<Target, Stopped> {
        let secrets = if listing {
            Secrets {
                access_key: Secret::new(""),
                secret_key: Secret::new(""),
                crypto_key_id: None,
            }
        } else {
            profile.secrets()?
        };
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map(Arc::new)
            .map_err(|e| Stopped::input(format!("error: cannot start the async runtime: {e}")))?;
        let mut target = Target {
            rt,
            secrets,
            base_url: base_url.clone().unwrap_or_default(),
            mock: None,
        };
        match base_url {
            Some(_) => {}
            None if listing => target.base_url = "http://127.0.0.1:0".into(),
            None => target.start_mock(profile)?,
        }
        Ok(target)
    }

    /// Whether the run sends to the embedded mock.
    pub fn embedded(&self) -> bool {
        self.mock.is_some()
    }

    /// Stops the embedded mock, if there is one.
    pub fn shutdown(&mut self) {
        if let Some(server) = self.mock.take() {
            self.rt.block_on(server.shutdown());
        }
    }

    fn start_mock(&mut self, profile: &Profile) -> Result<(), Stopped> {
        if profile.file.environment != Environment::Mock {
            return Err(InputError::file(
                &profile.path,
                "this profile has no base-url and is not a mock profile; pass --base-url",
            )
            .into());
        }
        let mut config = MockConfig {
            access_key: self.secrets.access_key.expose().to_string(),
            secret_key: self.secrets.secret_key.expose().to_string(),
            ..MockConfig::default()
        };
        // The embedded mock accepts the crypto key id this run sends.
        if let (Some(crypto), Some(id)) = (config.crypto.as_mut(), &self.secrets.crypto_key_id) {
            crypto.key_id = id.expose().to_string();
        }
        let server = self
            .rt
            .block_on(MockServer::start(
                config,
                SocketAddr::from(([127, 0, 0, 1], 0)),
            ))
            .map_err(|e| {
                Stopped::input(format!(
                    "error: cannot start the reference mock on 127.0.0.1: {e}"
                ))
            })?;
        self.base_url = server.base_url();
        self.mock = Some(server);
        Ok(())
    }
}
