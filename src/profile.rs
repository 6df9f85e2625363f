//! Target profiles (`cases/targets/*.yaml`): what differs between the servers we test.
//!
//! A profile names the environment (which guards state-changing cases), the base URL, the ASP
//! id and time zone for headers, the *names* of the environment variables that carry the
//! credentials (never the secrets), what the target does where the vendor is silent, and the
//! fixture values that cases use as `{{variables}}`.

use std::fmt;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{InputError, did_you_mean};
use crate::yaml::{self, SpanIndex};

/// The profile used when `--target` is not given.
pub const DEFAULT_TARGET_PATH: &str = "cases/targets/mock.yaml";

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
    /// Fixture values for `{{variables}}` in cases.
    #[serde(default)]
    pub vars: Value,
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
    /// Where each node is, for errors about variables.
    pub spans: SpanIndex,
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

/// Reads and checks a profile.
pub fn load(path: &Path) -> Result<Profile, InputError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| InputError::file(path, format!("cannot read the target profile: {e}")))?;
    load_str(path, &text)
}

/// Checks a profile given as text; `path` is used for messages.
pub fn load_str(path: &Path, text: &str) -> Result<Profile, InputError> {
    let file: ProfileFile = yaml::parse(path, text)?;
    let spans = SpanIndex::build(text);
    let at = |pointer: &str, msg: String| match spans.key_or_value(pointer) {
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
    if !(file.vars.is_null() || file.vars.is_object()) {
        return Err(at("/vars", "`vars` must be a mapping".into()));
    }
    Ok(Profile {
        path: path.to_path_buf(),
        text: text.to_string(),
        file,
        zone,
        spans,
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

    #[test]
    fn secrets_never_show_in_debug() {
        assert_eq!(format!("{:?}", Secret::new("hunter2")), "[REDACTED]");
    }
}
