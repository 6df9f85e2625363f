//! Target profiles (`cases/targets/*.yaml`): what differs between the servers we test.
//!
//! A profile names the environment (which guards state-changing cases), the base URL, the ASP
//! id and time zone for headers, the *names* of the environment variables that carry the
//! credentials (never the secrets), what the target does where the vendor is silent, and the
//! fixture values that cases use as `{{variables}}`, and where the keys of message encryption
//! (JWE) come from: the server's public key and the client's private key, from an environment
//! variable or a PEM file (docs/encryption.md).

mod assumptions;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::assumption::{Assumption, Treatment};
use crate::error::{InputError, did_you_mean};
use crate::jwe::{self, Enc};
use crate::key_var::{self, KeyVar};
use crate::yaml::{self, Positions};

pub mod fixtures;
mod placeholders;

pub use placeholders::{PLACEHOLDER, placeholders};

/// The profile used when `--target` is not given.
pub const DEFAULT_TARGET_PATH: &str = "cases/targets/mock.yaml";

/// The environment variable that turns message encryption on or off (`on`/`off`, also
/// `true`/`false`, `1`/`0`), overriding the profile's `encryption.enabled` in [`load`].
pub const ENCRYPTION_ENV: &str = "KONAPLATE_ENCRYPTION";

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
    /// fixture name: what `explore` may rely on ([`fixtures::FixtureFacts`]).
    #[serde(default)]
    pub fixtures: BTreeMap<String, fixtures::FixtureFacts>,
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

/// A fixed UTC offset named by `X-KM-Time-Zone`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeZone {
    /// The header value, e.g. `KST`.
    pub name: String,
    /// Offset east of UTC, in seconds.
    pub offset_secs: i32,
}

/// Zones we can write times in: fixed offsets (none of these observes daylight saving now).
const ZONES: &[(&str, i32)] = &[
    ("KST", 9 * 3600),
    ("UTC", 0),
    ("GMT", 0),
    ("JST", 9 * 3600),
    ("SGT", 8 * 3600),
    ("HKT", 8 * 3600),
    ("CST", 8 * 3600),
    ("ICT", 7 * 3600),
    ("IST", 5 * 3600 + 1800),
];

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

/// Reads and checks a profile, then applies [`ENCRYPTION_ENV`] when it is set.
pub fn load(path: &Path) -> Result<Profile, InputError> {
    let text = crate::input_file::read(path, crate::input_file::PROFILE_LIMIT)
        .map_err(|e| InputError::file(path, format!("cannot read the target profile: {e}")))?;
    let mut profile = load_str(path, &text)?;
    if let Ok(value) = std::env::var(ENCRYPTION_ENV)
        && !value.is_empty()
    {
        profile.set_encryption(&value)?;
    }
    Ok(profile)
}

/// Checks a profile given as text; `path` is used for messages.
pub fn load_str(path: &Path, text: &str) -> Result<Profile, InputError> {
    let file: ProfileFile = yaml::parse(path, text)?;
    let spans = Positions::new(text);
    let at = |pointer: &str, msg: String| match spans.index().key_or_value(pointer) {
        Some(pos) => InputError::at(path, text, pos, msg),
        None => InputError::file(path, msg),
    };
    let zone = ZONES
        .iter()
        .find(|(n, _)| *n == file.time_zone)
        .map(|(n, o)| TimeZone {
            name: n.to_string(),
            offset_secs: *o,
        })
        .ok_or_else(|| {
            let e = at(
                "/time-zone",
                format!("unknown time zone `{}`", file.time_zone),
            );
            match did_you_mean(&file.time_zone, ZONES.iter().map(|(n, _)| *n)) {
                Some(best) => e.with_help(format!("did you mean `{best}`?")),
                None => e.with_help(format!(
                    "known zones: {}",
                    ZONES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                )),
            }
        })?;
    if file.asp_id.chars().count() != 15 {
        return Err(at(
            "/asp-id",
            format!(
                "`asp-id` must be 15 characters, found {}",
                file.asp_id.chars().count()
            ),
        ));
    }
    if let Some(url) = &file.base_url {
        check_base_url(url).map_err(|m| at("/base-url", m))?;
    }
    if file.environment != Environment::Mock {
        for (name, cred) in credential_list(&file.credentials) {
            if cred.test_default.is_some() {
                return Err(at(
                    &format!("/credentials/{name}/test-default"),
                    format!(
                        "`test-default` is allowed only in a `mock` profile, this one is `{}`",
                        file.environment
                    ),
                ));
            }
        }
    }
    if let Some(rate) = file.rate
        && !(rate.is_finite() && rate > 0.0)
    {
        return Err(at(
            "/rate",
            format!("`rate` must be a positive number of requests per second, found {rate}"),
        ));
    }
    if !(file.vars.is_null() || file.vars.is_object()) {
        return Err(at("/vars", "`vars` must be a mapping".into()));
    }
    if let Err((pointer, msg, help)) = fixtures::check(&file.fixtures, &file.vars) {
        let e = at(&pointer, msg);
        return Err(match help {
            Some(h) => e.with_help(h),
            None => e,
        });
    }
    if let Some(enc) = &file.encryption {
        for (field, source) in [
            ("server-public-key", &enc.server_public_key),
            ("client-private-key", &enc.client_private_key),
        ] {
            if source.env.is_none() && source.path.is_none() {
                return Err(at(
                    &format!("/encryption/{field}"),
                    format!("`encryption.{field}` needs `env`, `path` or both"),
                )
                .with_help("e.g. `{ env: KONAPLATE_SERVER_PUBLIC_KEY, path: keys/server.pem }`"));
            }
        }
    }
    let assumptions = assumptions::parse(path, text, &spans, &file.assumptions)?;
    Ok(Profile {
        path: path.to_path_buf(),
        text: text.to_string(),
        file,
        zone,
        spans,
        assumptions,
    })
}

fn credential_list(c: &Credentials) -> Vec<(&'static str, &Credential)> {
    let mut v = vec![("access-key", &c.access_key), ("secret-key", &c.secret_key)];
    if let Some(k) = &c.crypto_key_id {
        v.push(("crypto-key-id", k));
    }
    v
}

/// Checks that a base URL is an absolute http(s) URL.
pub fn check_base_url(url: &str) -> Result<(), String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("invalid base URL `{url}`: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!("base URL `{url}` must be http or https"));
    }
    if parsed.host_str().is_none() {
        return Err(format!("base URL `{url}` has no host"));
    }
    Ok(())
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

    /// The server's public key, read now from the profile's source. The error says which
    /// variable or file to fix.
    pub fn server_public_key(&self) -> Result<jwe::PublicKey, String> {
        let (source, what) = self.key_source("server-public-key", "server public key")?;
        let (text, origin) = self.key_text(source, "server-public-key", what)?;
        jwe::PublicKey::from_pem(&text)
            .map_err(|e| format!("the {what} from {origin} is not usable: {e}"))
    }

    /// The client's private key, read now from the profile's source. The error says which
    /// variable or file to fix.
    pub fn client_private_key(&self) -> Result<jwe::PrivateKey, String> {
        let (source, what) = self.key_source("client-private-key", "client private key")?;
        let (text, origin) = self.key_text(source, "client-private-key", what)?;
        jwe::PrivateKey::from_pem(&text)
            .map_err(|e| format!("the {what} from {origin} is not usable: {e}"))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Profile, InputError> {
        load_str(Path::new("p.yaml"), text)
    }

    const OK: &str = "environment: sandbox\nasp-id: \"000170000000000\"\ntime-zone: KST\ncredentials:\n  access-key: { env: A }\n  secret-key: { env: S }\nvars:\n  member: { active: { userId: 9999999999999999999 } }\n";

    #[test]
    fn reads_a_profile_and_keeps_integer_vars_exact() {
        let p = load(OK).unwrap();
        assert_eq!(p.zone.offset_secs, 9 * 3600);
        assert_eq!(
            p.var("member.active.userId").and_then(Value::as_u64),
            Some(9_999_999_999_999_999_999)
        );
        assert_eq!(p.var_names(), vec!["member.active.userId".to_string()]);
    }

    #[test]
    fn test_defaults_are_refused_outside_mock_profiles() {
        let text = OK.replace("{ env: S }", "{ env: S, test-default: x }");
        let e = load(&text).unwrap_err();
        assert!(e.message.contains("only in a `mock` profile"), "{e}");
        assert_eq!(e.pos.map(|p| p.line), Some(6));
    }

    #[test]
    fn unknown_zone_gets_a_suggestion() {
        let e = load(&OK.replace("KST", "KTS")).unwrap_err();
        assert_eq!(e.help.as_deref(), Some("did you mean `KST`?"));
        assert_eq!(e.pos.map(|p| p.line), Some(3));
    }

    #[test]
    fn bad_base_url_is_an_input_error() {
        let e = load(&format!("base-url: \"not a url\"\n{OK}")).unwrap_err();
        assert!(e.message.contains("invalid base URL"), "{e}");
    }

    const ENC: &str = "encryption:\n  server-public-key: { path: ../../tests/keys/server-public-TEST-ONLY.pem }\n  client-private-key: { env: KP_TEST_SURELY_UNSET_CLIENT_KEY }\n";

    fn at_targets(text: &str) -> Profile {
        load_str(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("cases/targets/p.yaml"),
            text,
        )
        .unwrap()
    }

    #[test]
    fn encryption_settings_default_to_on_and_a128gcm() {
        let p = at_targets(&format!("{OK}{ENC}"));
        assert!(p.encrypts());
        assert_eq!(p.request_enc(), Enc::A128Gcm);
        let p = at_targets(&format!(
            "{OK}{}",
            ENC.replace(
                "encryption:\n",
                "encryption:\n  enc: A256GCM\n  enabled: false\n"
            )
        ));
        assert!(!p.encrypts());
        assert_eq!(p.request_enc(), Enc::A256Gcm);
        assert!(!load(OK).unwrap().encrypts());
    }

    #[test]
    fn encryption_settings_are_checked() {
        let e = load(&format!("{OK}{}", ENC.replace("enc", "ecn"))).unwrap_err();
        assert!(e.to_string().contains("ecn"), "{e}");
        let e = load(&format!(
            "{OK}{}",
            ENC.replace("encryption:\n", "encryption:\n  enc: A192GCM\n")
        ))
        .unwrap_err();
        assert!(e.to_string().contains("A192GCM"), "{e}");
        let e = load(&format!(
            "{OK}encryption:\n  server-public-key: {{}}\n  client-private-key: {{ env: X }}\n"
        ))
        .unwrap_err();
        assert!(e.message.contains("needs `env`, `path` or both"), "{e}");
        assert_eq!(e.pos.map(|p| p.line), Some(10));
        let e = load(&format!("{OK}encryption:\n  server-public-key: {{ file: x }}\n  client-private-key: {{ env: X }}\n")).unwrap_err();
        assert!(e.to_string().contains("file"), "{e}");
    }

    #[test]
    fn keys_resolve_relative_to_the_profile_and_missing_ones_say_what_to_set() {
        let p = at_targets(&format!("{OK}{ENC}"));
        assert_eq!(p.server_public_key().unwrap().bits(), 2048);
        let e = p.client_private_key().unwrap_err();
        assert!(
            e.contains("`KP_TEST_SURELY_UNSET_CLIENT_KEY` is not set")
                && e.contains("export KP_TEST_SURELY_UNSET_CLIENT_KEY="),
            "{e}"
        );
        assert!(p.check_keys().is_err());
        let p = at_targets(&format!(
            "{OK}{}",
            ENC.replace("server-public-TEST-ONLY", "nowhere")
        ));
        let e = p.server_public_key().unwrap_err();
        assert!(
            e.contains("cannot read the server public key file") && e.contains("nowhere.pem"),
            "{e}"
        );
        let p = at_targets(&format!(
            "{OK}{}",
            ENC.replace("server-public-TEST-ONLY", "client-private-TEST-ONLY")
        ));
        let e = p.server_public_key().unwrap_err();
        assert!(e.contains("is not usable: no PUBLIC KEY"), "{e}");
        let no_enc = at_targets(OK);
        assert!(
            no_enc
                .client_private_key()
                .unwrap_err()
                .contains("no `encryption` settings")
        );
        assert!(no_enc.check_keys().is_ok());
    }

    #[test]
    fn encryption_can_be_switched() {
        let mut p = at_targets(&format!("{OK}{ENC}"));
        p.set_encryption("off").unwrap();
        assert!(!p.encrypts());
        p.set_encryption("ON").unwrap();
        assert!(p.encrypts());
        assert!(
            p.set_encryption("maybe")
                .unwrap_err()
                .message
                .contains("`on` or `off`")
        );
        let mut plain = at_targets(OK);
        plain.set_encryption("0").unwrap();
        assert!(
            plain
                .set_encryption("1")
                .unwrap_err()
                .message
                .contains("no `encryption` settings")
        );
    }

    #[test]
    fn the_profile_schema_describes_encryption() {
        let schema = serde_json::to_string(&schemars::schema_for!(ProfileFile)).unwrap();
        for needle in ["server-public-key", "client-private-key", "A256GCM"] {
            assert!(schema.contains(needle), "{needle}");
        }
    }

    #[test]
    fn the_committed_profiles_load_and_the_mock_keys_are_there() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mock = load_str(
            &root.join(DEFAULT_TARGET_PATH),
            &std::fs::read_to_string(root.join(DEFAULT_TARGET_PATH)).unwrap(),
        )
        .unwrap();
        assert!(mock.encrypts());
        mock.check_keys().unwrap();
        let sandbox_path = root.join("cases/targets/sandbox.yaml");
        let sandbox = load_str(
            &sandbox_path,
            &std::fs::read_to_string(&sandbox_path).unwrap(),
        )
        .unwrap();
        assert!(sandbox.encrypts());
    }

    #[test]
    fn secrets_never_show_in_debug() {
        assert_eq!(format!("{:?}", Secret::new("hunter2")), "[REDACTED]");
    }
}
