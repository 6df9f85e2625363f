//! Reading a profile: parse, then check what the schema cannot (time zone, ASP id, base URL,
//! plain environment variable names, test defaults only in a mock profile, rate, vars, key
//! sources, assumptions), each problem at its line and column.

use std::path::Path;

use super::{
    Credential, Credentials, ENCRYPTION_ENV, Environment, Profile, ProfileFile, TimeZone,
    assumptions, time_zone,
};
use crate::error::InputError;
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
    let zone = TimeZone::named(&file.time_zone).ok_or_else(|| {
        at(
            "/time-zone",
            format!("unknown time zone `{}`", file.time_zone),
        )
        .with_help(time_zone::help(&file.time_zone))
    })?;
    check(&file, &at)?;
    let assumptions = assumptions::parse(path, text, &spans, &file.assumptions)?;
    Ok(Profile {
        path: path.to_path_buf(),
        text: text.to_string(),
        file,
        zone,
        spans,
        assumptions,
        keys: Default::default(),
    })
}

/// An input error at a JSON pointer into the profile.
type At<'a> = dyn Fn(&str, String) -> InputError + 'a;

/// What the schema cannot say: the ASP id's length, an absolute base URL, test defaults only
/// in a mock profile, a positive rate, `vars` a mapping, `fixtures` about them, and a source
/// for each key.
fn check(file: &ProfileFile, at: &At) -> Result<(), InputError> {
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
    check_env_names(file, at)?;
    check_test_defaults(file, at)?;
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
    if let Err((pointer, msg, help)) = super::fixtures::check(&file.fixtures, &file.vars) {
        let e = at(&pointer, msg);
        return Err(match help {
            Some(h) => e.with_help(h),
            None => e,
        });
    }
    check_key_sources(file, at)
}

/// Every environment variable the profile names is a plain name: each is written into `${...}`
/// by whoever reads it (a generated replay script, a shell, a CI file).
fn check_env_names(file: &ProfileFile, at: &At) -> Result<(), InputError> {
    let credentials = credential_list(&file.credentials)
        .into_iter()
        .map(|(name, cred)| (format!("/credentials/{name}/env"), Some(&cred.env)));
    let keys = file.encryption.iter().flat_map(|enc| {
        [
            ("server-public-key", &enc.server_public_key),
            ("client-private-key", &enc.client_private_key),
        ]
        .map(|(field, source)| (format!("/encryption/{field}/env"), source.env.as_ref()))
    });
    for (pointer, env) in credentials.chain(keys) {
        if let Some(env) = env.filter(|e| !crate::ids::is_env_name(e)) {
            return Err(at(
                &pointer,
                format!(
                    "`{}` is not an environment variable name",
                    env.escape_debug()
                ),
            )
            .with_help("letters, digits and `_`, not starting with a digit"));
        }
    }
    Ok(())
}

/// A credential's `test-default` is allowed only in a `mock` profile.
fn check_test_defaults(file: &ProfileFile, at: &At) -> Result<(), InputError> {
    if file.environment == Environment::Mock {
        return Ok(());
    }
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
    Ok(())
}

/// Each key of `encryption` names an environment variable, a file or both.
fn check_key_sources(file: &ProfileFile, at: &At) -> Result<(), InputError> {
    let Some(enc) = &file.encryption else {
        return Ok(());
    };
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
    Ok(())
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
