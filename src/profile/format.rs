//! The on-disk profile format: what a `cases/targets/*.yaml` file may say (its JSON Schema is
//! generated from these types).

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::jwe::Enc;

/// What kind of system a profile points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    /// A mock (ours or a team's own): anything goes.
    Mock,
    /// The vendor sandbox: test data only.
    Sandbox,
    /// A user-acceptance environment: real systems, guarded.
    Uat,
    /// Production: real cards, guarded.
    Production,
}

impl Environment {
    /// Whether state-changing cases may be sent without an explicit override.
    pub fn allows_state_changes(self) -> bool {
        matches!(self, Environment::Mock | Environment::Sandbox)
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Environment::Mock => "mock",
            Environment::Sandbox => "sandbox",
            Environment::Uat => "uat",
            Environment::Production => "production",
        })
    }
}

/// The on-disk profile format.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProfileFile {
    /// Editor hint only.
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// What kind of system this is.
    pub environment: Environment,
    /// Base URL; `--base-url` overrides it. Omit it to start the reference mock in-process.
    #[serde(default)]
    pub base_url: Option<String>,
    /// `X-KM-User-AspId` (15 characters).
    pub asp_id: String,
    /// `X-KM-Time-Zone`, and the zone header times are written in (`KST`, `UTC`, ...).
    pub time_zone: String,
    /// Where the credentials come from.
    pub credentials: Credentials,
    /// Whether the target echoes the request's `X-KM-Correlation-Id` (undocumented).
    #[serde(default)]
    pub echoes_correlation_id: bool,
    /// Where the result text lives inside `response` (`description` or `message`).
    #[serde(default)]
    pub message_field: Option<String>,
    /// Which result texts the target answers: the Message each Response Code row documents
    /// (`documented`, the default), or any text (`any`: the Message facts are then not
    /// checked, and the documentation coverage says the profile turns them off).
    #[serde(default)]
    pub message_texts: MessageTexts,
    /// The target's own text for these result codes (`"003_022": "…"`, in any operation), for
    /// a target that words them otherwise (in Korean, say); the others keep their documented
    /// Message.
    #[serde(default)]
    pub localised_texts: BTreeMap<String, String>,
    /// How the target answers header failures (undocumented by the vendor).
    #[serde(default)]
    pub header_errors: Option<HeaderErrors>,
    /// Per-request timeout in milliseconds (default 10000).
    #[serde(default)]
    pub timeout_ms: Option<u64>,
    /// Requests per second across the whole run, whatever `--test-threads` is, to stay under
    /// the target's rate limit (`--rate` overrides it; default: no limit).
    #[serde(default)]
    pub rate: Option<f64>,
    /// How many times a case is sent again after a 429, 502, 503 or 504, a connect error or a
    /// timeout (`--retries` overrides it; default 0).
    #[serde(default)]
    pub retries: Option<u32>,
    /// How a failed assumption (an expectation the vendor does not document) is treated, by
    /// kind: `fail`, `warn` or `off` (docs/verdicts.md). Unsettled kinds warn, or fail under
    /// `--strict`.
    #[serde(default)]
    pub assumptions: BTreeMap<String, String>,
    /// Message encryption (JWE) of the operations the spec flags (`x-encryption`). Without it
    /// every request goes plain, and an encrypted answer is an error (no key to open it).
    #[serde(default)]
    pub encryption: Option<EncryptionSettings>,
    /// Whether the target keeps state between requests (a cancelled application stays
    /// cancelled). `false` for a target that replays fixed answers, as the vendor sandbox
    /// likely does: scenarios are then reported ignored, with that reason, instead of failing.
    #[serde(default = "stateful_default")]
    pub stateful: bool,
    /// Fixture values for `{{variables}}` in cases.
    #[serde(default)]
    pub vars: Value,
    /// What is known of the fixtures beyond their values (owner, card status, expiry, ...), by
    /// fixture name: what `explore` may rely on ([`super::fixtures::FixtureFacts`]).
    #[serde(default)]
    pub fixtures: BTreeMap<String, super::fixtures::FixtureFacts>,
}

/// Which result texts a target answers (`message-texts`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MessageTexts {
    /// The Message of each Response Code row (or the profile's `localised-texts`).
    #[default]
    Documented,
    /// Any text: the documented Messages are not checked.
    Any,
}

/// The texts a target is held to: `message-texts` and `localised-texts` together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Texts<'a> {
    /// Whether it is held to any.
    pub mode: MessageTexts,
    /// Its own texts, by result code.
    pub localised: &'a BTreeMap<String, String>,
}

/// No text of a target's own.
static NONE_LOCALISED: BTreeMap<String, String> = BTreeMap::new();

impl Texts<'_> {
    /// The documented Messages, as the pages give them.
    pub fn documented() -> Texts<'static> {
        Texts {
            mode: MessageTexts::Documented,
            localised: &NONE_LOCALISED,
        }
    }

    /// The text the target answers `code` with, when it is held to one: its own where the
    /// profile gives it, else `documented`.
    pub fn expected<'b>(&'b self, code: &str, documented: &'b str) -> Option<&'b str> {
        match self.mode {
            MessageTexts::Documented => {
                Some(self.localised.get(code).map_or(documented, String::as_str))
            }
            MessageTexts::Any => None,
        }
    }
}

fn stateful_default() -> bool {
    true
}

/// Environment variable names for each credential.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Credentials {
    /// `X-KM-Access-Key` (40 characters).
    pub access_key: Credential,
    /// The HMAC key of `X-KM-Tran-Token`.
    pub secret_key: Credential,
    /// `X-KM-Crypto-Key-Id` (32 characters), for encrypted operations.
    #[serde(default)]
    pub crypto_key_id: Option<Credential>,
}

/// One credential: the environment variable that carries it.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Credential {
    /// The environment variable's name.
    pub env: String,
    /// A value used when the variable is unset; allowed only for `environment: mock`.
    #[serde(default)]
    pub test_default: Option<String>,
}

/// `encryption`: how the flagged operations travel as JWE (docs/encryption.md).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EncryptionSettings {
    /// Send the requests of request-encrypted operations as `{"encData":"<JWE>"}`, and
    /// `X-KM-Crypto-Key-Id` with every flagged operation (default true). `KONAPLATE_ENCRYPTION`
    /// overrides it. Encrypted answers are decrypted whatever this says.
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
    /// Content encryption of requests: `A128GCM` (default, as the vendor's clients send) or
    /// `A256GCM`. Answers are read in either, as their header says.
    #[serde(default)]
    pub enc: Enc,
    /// The server's RSA public key, which requests are encrypted for (`PUBLIC KEY`,
    /// `RSA PUBLIC KEY` or `CERTIFICATE` PEM).
    pub server_public_key: KeySource,
    /// The client's RSA private key, which opens encrypted answers (`PRIVATE KEY` or
    /// `RSA PRIVATE KEY` PEM, without a passphrase).
    pub client_private_key: KeySource,
}

fn enabled_by_default() -> bool {
    true
}

/// Where a key comes from: an environment variable, else a file. At least one is required.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct KeySource {
    /// An environment variable holding the PEM text itself (line breaks may be written `\n`),
    /// or the path of a PEM file (relative to the working directory). Used when set and not
    /// empty.
    #[serde(default)]
    pub env: Option<String>,
    /// A PEM file, relative to the profile's directory, used when `env` is absent or unset.
    #[serde(default)]
    pub path: Option<PathBuf>,
}

/// The expected answers to header failures.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HeaderErrors {
    /// A missing or malformed header.
    pub malformed: Answer,
    /// A wrong access key or Tran-Token.
    pub unauthorized: Answer,
}

/// An HTTP status and result code.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// Result code.
    pub code: String,
}
