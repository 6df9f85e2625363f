//! Reading a profile: parse, then check what the schema cannot (time zone, ASP id, base URL,
//! test defaults only in a mock profile, rate, vars, key sources, assumptions), each problem at
//! its line and column.

use std::path::Path;

use super::time_zone::ZONES;
use super::{
    Credential, Credentials, ENCRYPTION_ENV, Environment, Profile, ProfileFile, TimeZone,
    assumptions,
};
use crate::error::{InputError, did_you_mean};
use crate::yaml::{self, Positions};

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
