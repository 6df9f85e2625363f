//! Target profiles (`cases/targets/*.yaml`): what differs between the servers we test.
//!
//! A profile names the environment (which guards state-changing cases), the base URL, the ASP
//! id and time zone for headers, the *names* of the environment variables that carry the
//! credentials (never the secrets), what the target does where the vendor is silent, and the
//! fixture values that cases use as `{{variables}}`, and where the keys of message encryption
//! (JWE) come from: the server's public key and the client's private key, from an environment
//! variable or a PEM file (docs/encryption.md).
//!
//! One file per concept: the on-disk [`format`](ProfileFile), loading and its checks
//! ([`load`]), the credentials ([`Secrets`]), the encryption keys, the time zone, the
//! `assumptions:` block, the `FILL-ME` placeholders and what the `fixtures:` block declares.

mod assumptions;
pub mod fixtures;
mod format;
mod keys;
mod load;
mod placeholders;
mod secrets;
mod time_zone;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

use crate::assumption::{Assumption, Treatment};
use crate::error::InputError;
use crate::jwe::Enc;
use crate::yaml::Positions;

pub use format::{
    Answer, Credential, Credentials, EncryptionSettings, Environment, HeaderErrors, KeySource,
    MessageTexts, ProfileFile, Texts,
};
pub use keys::Keys;
pub use load::{check_base_url, load, load_str};
pub use placeholders::{PLACEHOLDER, placeholders};
pub use secrets::{Secret, Secrets, masker};
pub use time_zone::TimeZone;

/// The profile used when `--target` is not given.
pub const DEFAULT_TARGET_PATH: &str = "cases/targets/mock.yaml";

/// The environment variable that turns message encryption on or off (`on`/`off`, also
/// `true`/`false`, `1`/`0`), overriding the profile's `encryption.enabled` in [`load`].
pub const ENCRYPTION_ENV: &str = "KONAPLATE_ENCRYPTION";

/// A loaded profile: the file plus what was derived from it.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its text, for positions in later errors.
    pub text: String,
    /// The file's content.
    pub file: ProfileFile,
    /// The resolved time zone.
    pub zone: TimeZone,
    /// Where each node is, for errors about variables (indexed when one needs it).
    pub spans: Positions,
    /// The assumptions the profile settles, checked at load.
    pub assumptions: BTreeMap<Assumption, Treatment>,
    /// Its encryption keys, once read ([`Profile::server_public_key`]).
    pub keys: Keys,
}
impl Profile {
    /// The variable at a dotted path, e.g. `member.active.userId`.
    pub fn var(&self, dotted: &str) -> Option<&Value> {
        dotted
            .split('.')
            .try_fold(&self.file.vars, |v, key| match v {
                Value::Object(m) => m.get(key),
                Value::Array(a) => a.get(key.parse::<usize>().ok()?),
                _ => None,
            })
    }

    /// Every variable path that holds a scalar, for "did you mean".
    pub fn var_names(&self) -> Vec<String> {
        fn walk(prefix: &str, v: &Value, out: &mut Vec<String>) {
            match v {
                Value::Object(m) => {
                    for (k, v) in m {
                        let p = if prefix.is_empty() {
                            k.clone()
                        } else {
                            format!("{prefix}.{k}")
                        };
                        walk(&p, v, out);
                    }
                }
                _ => out.push(prefix.to_string()),
            }
        }
        let mut out = Vec::new();
        walk("", &self.file.vars, &mut out);
        out
    }

    /// The field of `response` that carries the result text.
    pub fn message_field(&self) -> Option<&str> {
        self.file.message_field.as_deref()
    }

    /// The result texts the target is held to (`message-texts`, `localised-texts`).
    pub fn texts(&self) -> Texts<'_> {
        Texts {
            mode: self.file.message_texts,
            localised: &self.file.localised_texts,
        }
    }

    /// Whether the flagged operations are sent encrypted.
    pub fn encrypts(&self) -> bool {
        self.file.encryption.as_ref().is_some_and(|e| e.enabled)
    }

    /// The content encryption of requests.
    pub fn request_enc(&self) -> Enc {
        self.file
            .encryption
            .as_ref()
            .map_or(Enc::default(), |e| e.enc)
    }

    /// Turns encryption on or off (`on`/`off`, `true`/`false`, `1`/`0`, `yes`/`no`), as
    /// [`ENCRYPTION_ENV`] or a command-line flag asks.
    pub fn set_encryption(&mut self, value: &str) -> Result<(), InputError> {
        let on = match value.trim().to_ascii_lowercase().as_str() {
            "on" | "true" | "1" | "yes" => true,
            "off" | "false" | "0" | "no" => false,
            other => {
                return Err(InputError::file(
                    &self.path,
                    format!("{ENCRYPTION_ENV} must be `on` or `off`, found `{other}`"),
                ));
            }
        };
        match (&mut self.file.encryption, on) {
            (Some(e), _) => e.enabled = on,
            (None, false) => {}
            (None, true) => {
                return Err(InputError::file(
                    &self.path,
                    "encryption was asked for, but this profile has no `encryption` settings",
                )
                .with_help("add `encryption: { server-public-key: ..., client-private-key: ... }` (docs/encryption.md)"));
            }
        }
        Ok(())
    }
}
