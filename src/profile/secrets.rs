//! The credentials a profile names: read from the environment (or a mock's test defaults),
//! and never printed.

use std::fmt;

use super::{Credential, Profile};
use crate::error::InputError;
use crate::key_var;
use crate::mask::{self, Masker};

/// A secret value: never printed (Debug and Display show `[REDACTED]`).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }
    /// The value, for the one place that must use it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}
/// Credentials read from the environment.
#[derive(Debug, Clone)]
pub struct Secrets {
    /// `X-KM-Access-Key`.
    pub access_key: Secret,
    /// Tran-Token HMAC key.
    pub secret_key: Secret,
    /// `X-KM-Crypto-Key-Id`, when configured.
    pub crypto_key_id: Option<Secret>,
}

impl Secrets {
    /// Every credential's value, for the run's masker.
    pub fn values(&self) -> Vec<String> {
        [
            Some(&self.access_key),
            Some(&self.secret_key),
            self.crypto_key_id.as_ref(),
        ]
        .into_iter()
        .flatten()
        .map(|s| s.expose().to_string())
        .collect()
    }
}

/// The one masker of a command that talks to a target: the credentials of each profile it
/// acts for, those in the URL it talks to, and the key material of the profiles' key
/// variables, all verbatim (card data it masks by name and shape anyway). `run`, `replay`,
/// `probe`, `explore` and `proxy` all build theirs here.
pub fn masker(known: &[(&Secrets, &Profile)], url: Option<&str>) -> Masker {
    let mut masker = Masker::new(known.iter().flat_map(|(s, _)| s.values()))
        .with_secrets(url.map(mask::url_credentials).unwrap_or_default());
    for (_, profile) in known {
        masker = masker.with_secrets(profile.key_material());
    }
    masker
}
impl Profile {
    /// Reads the credentials from the environment (or the mock's test defaults).
    pub fn secrets(&self) -> Result<Secrets, InputError> {
        let get = |name: &str, cred: &Credential| -> Result<Secret, InputError> {
            match std::env::var(&cred.env) {
                Ok(v) if !v.is_empty() => Ok(Secret::new(v)),
                _ => match &cred.test_default {
                    Some(d) => Ok(Secret::new(d.clone())),
                    None => Err(InputError::file(
                        &self.path,
                        format!(
                            "the environment variable `{}` ({name}) is not set",
                            cred.env
                        ),
                    )
                    .with_help(format!(
                        "export {}=... before running against this target",
                        cred.env
                    ))),
                },
            }
        };
        let c = &self.file.credentials;
        Ok(Secrets {
            access_key: get("access key", &c.access_key)?,
            secret_key: get("secret key", &c.secret_key)?,
            crypto_key_id: match &c.crypto_key_id {
                Some(k) => get("crypto key id", k).ok(),
                None => None,
            },
        })
    }

    /// What the key variables hold that is key material rather than a path, for the run's
    /// masker (see [`key_var::material`]).
    pub fn key_material(&self) -> Vec<String> {
        let Some(e) = &self.file.encryption else {
            return Vec::new();
        };
        [&e.server_public_key, &e.client_private_key]
            .into_iter()
            .filter_map(|source| std::env::var(source.env.as_deref()?).ok())
            .flat_map(|value| key_var::material(&value))
            .collect()
    }
}
