//! The mock's configuration: the credentials it accepts, its message-encryption keys and the
//! clock it reads.
//!
//! The defaults are the TEST KEYS of the `mock` target profile (`cases/targets/mock.yaml`) and
//! of `tests/keys/`; they have no value anywhere else and must never be used against a real
//! KONA PLATE environment.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::clock::{Clock, SystemClock};
use super::crypto::MockCrypto;

/// TEST KEY: the access key the mock accepts by default (`X-KM-Access-Key`, 40 characters).
pub const TEST_ACCESS_KEY: &str = "KPTESTACCESSKEY0000000000000000000000001";

/// TEST KEY: the secret the mock uses by default to check `X-KM-Tran-Token` (HMAC-SHA256 key).
pub const TEST_SECRET_KEY: &str = "kp-test-secret-key-do-not-use-in-production";

/// TEST VALUE: the ASP id of the mock profile (`X-KM-User-AspId`, 15 characters).
///
/// The mock checks only the header's shape, not this value; it is exported so that clients and
/// tests send the same id as the profile.
pub const TEST_ASP_ID: &str = "000170000000000";

/// TEST VALUE: the crypto key id of the mock profile (`X-KM-Crypto-Key-Id`, 32 characters).
pub const TEST_CRYPTO_KEY_ID: &str = "KPTESTCRYPTOKEYID000000000000001";

/// What a mock instance accepts and how it tells the time.
#[derive(Clone)]
pub struct MockConfig {
    /// The only `X-KM-Access-Key` the mock accepts.
    pub access_key: String,
    /// The HMAC-SHA256 key of `X-KM-Tran-Token`.
    pub secret_key: String,
    /// The source of "now" for the KST date rules and for the seed's relative dates.
    pub clock: Arc<dyn Clock>,
    /// Message encryption (JWE): the key id and keys. `None`: plain JSON only; an `encData`
    /// body is then just a body without the operation's fields.
    pub crypto: Option<MockCrypto>,
    /// CERTIFICATION-TEST HOOK, empty by default: body fields (dotted paths as the mock names
    /// them, e.g. `physicalCardCVC`, `cardInfo.oldCardNo`) whose validation the mock "forgets".
    ///
    /// A skipped field is not validated at all: any value of any type is taken as it comes
    /// and goes on to the business rules (a string as it is, a non-string or an absent field
    /// as empty text, a `userId` that is no `u64` as `0`). It exists so tests can show that the generated cases catch a mock that
    /// forgets one field's validation (`tests/generate_*.rs`); never set it otherwise.
    pub skip_validation: Vec<String>,
    /// The control plane under `/__admin/` (clock, journal, faults, reset) and `Prefer: code=`;
    /// on by default, off with `mock --no-admin` (docs/mock.md).
    pub admin: bool,
    /// How many requests `GET /__admin/requests` keeps (the last ones).
    pub journal_limit: usize,
    /// How long a client may take to send a request's headers, and how long an open
    /// connection may sit idle between requests, before the mock closes it.
    pub header_timeout: Duration,
    /// How long a client may take to send a request's body before the mock answers
    /// `408 900_408` and closes the connection.
    pub body_timeout: Duration,
}

/// The default of [`MockConfig::journal_limit`].
pub const DEFAULT_JOURNAL_LIMIT: usize = 200;

/// The default of [`MockConfig::header_timeout`] and [`MockConfig::body_timeout`].
pub const DEFAULT_CLIENT_TIMEOUT: Duration = Duration::from_secs(10);

impl Default for MockConfig {
    /// The test keys (access key, secret, crypto key id and the key pairs of `tests/keys/`)
    /// and the system clock.
    fn default() -> Self {
        Self {
            access_key: TEST_ACCESS_KEY.to_owned(),
            secret_key: TEST_SECRET_KEY.to_owned(),
            clock: Arc::new(SystemClock),
            // The embedded test keys are checked by a unit test; `None` is unreachable.
            crypto: MockCrypto::test_keys(TEST_CRYPTO_KEY_ID).ok(),
            skip_validation: Vec::new(),
            admin: true,
            journal_limit: DEFAULT_JOURNAL_LIMIT,
            header_timeout: DEFAULT_CLIENT_TIMEOUT,
            body_timeout: DEFAULT_CLIENT_TIMEOUT,
        }
    }
}

/// The environment variable that overrides [`TEST_ACCESS_KEY`] for a standalone mock.
pub const ACCESS_KEY_ENV: &str = "KONAPLATE_ACCESS_KEY";

/// The environment variable that overrides [`TEST_SECRET_KEY`] for a standalone mock.
pub const SECRET_KEY_ENV: &str = "KONAPLATE_SECRET_KEY";

/// The environment variable that overrides [`TEST_CRYPTO_KEY_ID`] for a standalone mock.
pub const CRYPTO_KEY_ID_ENV: &str = "KONAPLATE_CRYPTO_KEY_ID";

impl MockConfig {
    /// The defaults, with the keys replaced by [`ACCESS_KEY_ENV`], [`SECRET_KEY_ENV`] and
    /// [`CRYPTO_KEY_ID_ENV`] when `lookup` finds them non-empty (pass
    /// `|name| std::env::var(name).ok()` for the process environment; a closure keeps this
    /// testable).
    pub fn with_overrides(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let pick = |name: &str, default: &str| {
            lookup(name)
                .filter(|value| !value.is_empty())
                .unwrap_or_else(|| default.to_owned())
        };
        let mut config = Self {
            access_key: pick(ACCESS_KEY_ENV, TEST_ACCESS_KEY),
            secret_key: pick(SECRET_KEY_ENV, TEST_SECRET_KEY),
            ..Self::default()
        };
        if let Some(crypto) = &mut config.crypto {
            crypto.key_id = pick(CRYPTO_KEY_ID_ENV, TEST_CRYPTO_KEY_ID);
        }
        config
    }

    /// The same, answering encrypted operations in plain JSON only (no `encData` anywhere).
    pub fn without_encryption(self) -> Self {
        Self {
            crypto: None,
            ..self
        }
    }
}

impl fmt::Debug for MockConfig {
    // The secret never reaches a log, even a test one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockConfig")
            .field("access_key", &self.access_key)
            .field("secret_key", &"[REDACTED]")
            .field("clock", &self.clock)
            .field("crypto", &self.crypto)
            .field("skip_validation", &self.skip_validation)
            .field("admin", &self.admin)
            .field("journal_limit", &self.journal_limit)
            .field("header_timeout", &self.header_timeout)
            .field("body_timeout", &self.body_timeout)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_keys_have_the_documented_lengths() {
        assert_eq!(TEST_ACCESS_KEY.len(), 40);
        assert_eq!(TEST_ASP_ID.len(), 15);
        assert_eq!(TEST_CRYPTO_KEY_ID.len(), 32);
    }

    #[test]
    fn environment_overrides_the_test_keys() {
        let config = MockConfig::with_overrides(|name| match name {
            ACCESS_KEY_ENV => Some("A".repeat(40)),
            SECRET_KEY_ENV => Some(String::new()),
            _ => None,
        });
        assert_eq!(config.access_key, "A".repeat(40));
        // An empty value does not count as an override.
        assert_eq!(config.secret_key, TEST_SECRET_KEY);
        let defaults = MockConfig::with_overrides(|_| None);
        assert_eq!(defaults.access_key, TEST_ACCESS_KEY);
    }

    #[test]
    fn the_default_has_the_test_crypto_keys() {
        let crypto = MockConfig::default().crypto.expect("the test keys parse");
        assert_eq!(crypto.key_id, TEST_CRYPTO_KEY_ID);
        assert_eq!(
            (crypto.server_key.bits(), crypto.client_key.bits()),
            (2048, 2048)
        );
        let id = "K".repeat(32);
        let config =
            MockConfig::with_overrides(|name| (name == CRYPTO_KEY_ID_ENV).then(|| id.clone()));
        assert_eq!(config.crypto.unwrap().key_id, id);
        assert!(MockConfig::default().without_encryption().crypto.is_none());
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let text = format!("{:?}", MockConfig::default());
        assert!(!text.contains(TEST_SECRET_KEY));
        assert!(text.contains(TEST_ACCESS_KEY));
    }
}
