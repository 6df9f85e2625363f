//! The keys of message encryption (JWE) a profile names: read when needed from an environment
//! variable (PEM text or a path) or a file relative to the profile (docs/encryption.md).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::{KeySource, Profile};
use crate::error::InputError;
use crate::jwe;
use crate::key_var::{self, KeyVar};

/// A profile's encryption keys, each read from its source the first time it is needed and
/// kept for the rest of the run: reading a private key checks it, which costs about as much
/// as one decryption, and every encrypted exchange needs both keys.
#[derive(Clone, Default)]
pub struct Keys {
    public: OnceLock<Result<jwe::PublicKey, String>>,
    private: OnceLock<Result<jwe::PrivateKey, String>>,
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Whether each was read, never what it holds.
        f.debug_struct("Keys")
            .field("public_read", &self.public.get().is_some())
            .field("private_read", &self.private.get().is_some())
            .finish()
    }
}

impl Profile {
    /// The server's public key, read from the profile's source the first time. The error
    /// says which variable or file to fix.
    pub fn server_public_key(&self) -> Result<jwe::PublicKey, String> {
        let named = ("server-public-key", "server public key");
        let read = || self.read_key(named, jwe::PublicKey::from_pem);
        self.keys.public.get_or_init(read).clone()
    }

    /// The client's private key, read from the profile's source the first time. The error
    /// says which variable or file to fix.
    pub fn client_private_key(&self) -> Result<jwe::PrivateKey, String> {
        let named = ("client-private-key", "client private key");
        let read = || self.read_key(named, jwe::PrivateKey::from_pem);
        self.keys.private.get_or_init(read).clone()
    }

    /// The key the profile names `setting` (`what` in words), parsed from its PEM text.
    fn read_key<K>(
        &self,
        (setting, what): (&'static str, &'static str),
        parse: fn(&str) -> Result<K, jwe::KeyError>,
    ) -> Result<K, String> {
        let (source, what) = self.key_source(setting, what)?;
        let (text, origin) = self.key_text(source, setting, what)?;
        parse(&text).map_err(|e| format!("the {what} from {origin} is not usable: {e}"))
    }

    /// Reads both keys, for a start-up check: an unreadable key file is an input error naming
    /// the file (the run itself reports a missing key on each case that needs it).
    pub fn check_keys(&self) -> Result<(), InputError> {
        if self.file.encryption.is_none() {
            return Ok(());
        }
        for result in [
            self.server_public_key().map(drop),
            self.client_private_key().map(drop),
        ] {
            result.map_err(|m| InputError::file(&self.path, m))?;
        }
        Ok(())
    }

    /// Where a key file named in the profile is: relative paths are relative to the profile.
    pub fn key_path(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            return path.to_path_buf();
        }
        self.path
            .parent()
            .map_or_else(|| path.to_path_buf(), |dir| dir.join(path))
    }

    fn key_source(
        &self,
        field: &str,
        what: &'static str,
    ) -> Result<(&KeySource, &'static str), String> {
        let e = self.file.encryption.as_ref().ok_or_else(|| {
            format!(
                "no {what}: the profile {} has no `encryption` settings (docs/encryption.md)",
                self.path.display()
            )
        })?;
        Ok((
            if field == "server-public-key" {
                &e.server_public_key
            } else {
                &e.client_private_key
            },
            what,
        ))
    }

    fn key_text(
        &self,
        source: &KeySource,
        field: &str,
        what: &str,
    ) -> Result<(String, String), String> {
        let read = |path: &Path, named_by: String| {
            crate::input_file::read(path, crate::input_file::KEY_LIMIT)
                .map(|text| (text, format!("`{}`", path.display())))
                .map_err(|e| {
                    format!(
                        "cannot read the {what} file `{}` ({named_by}): {e}",
                        path.display()
                    )
                })
        };
        if let Some(var) = &source.env
            && let Ok(value) = std::env::var(var)
            && !value.trim().is_empty()
        {
            return match key_var::classify(&value) {
                KeyVar::Pem(pem) => Ok((pem, format!("the environment variable `{var}`"))),
                KeyVar::Path(path) => {
                    read(&path, format!("named by the environment variable `{var}`"))
                }
                KeyVar::NotPem { chars } => Err(format!(
                    "the environment variable `{var}` holds neither PEM text nor a file path \
                     ({chars} characters, no `-----BEGIN` line); it is not shown. Put the whole \
                     PEM text in it, `-----BEGIN ...-----` and `-----END ...-----` lines \
                     included, or the path of a PEM file (the {what})"
                )),
            };
        }
        if let Some(path) = &source.path {
            return read(
                &self.key_path(path),
                format!("`encryption.{field}.path` in {}", self.path.display()),
            );
        }
        let var = source.env.as_deref().unwrap_or_default();
        Err(format!(
            "the {what} is not available: the environment variable `{var}` is not set; \
             export {var}=<the PEM text, or the path of a PEM file> (`encryption.{field}` in {})",
            self.path.display()
        ))
    }
}
