//! `replay --script FILE`: a self-contained bash script that sends a request again with curl,
//! for a vendor ticket.
//!
//! It sends the same body bytes and the same headers, except the ones that must be fresh: a
//! new correlation id, `X-KM-Tran-Time`, and a Tran-Token computed over the body from
//! `$KONAPLATE_SECRET_KEY` (or whichever variable the profile names).
//!
//! Built so that no data can be code or leak:
//! - every byte of data (the name, the URL, each header and body, each hint) reaches the script
//!   through the one quoting function, [`super::shell`]; comments are fixed text and carry none;
//! - nothing secret is inside: credentials come from the environment, and so does every value
//!   the masker would hide (card numbers, CVCs, PARs, a base URL's password, a raw body holding
//!   one), each from a variable the script names and checks first (`body`); the same [`Masker`]
//!   as every report decides, and its guard reads the finished text once more;
//! - no credential is on a command line, where `ps` shows it: the HMAC is computed by bash
//!   builtins and `openssl dgst` over standard input (`script/prelude.sh`), and the headers
//!   reach curl in a file, in a private temp directory removed on exit.
//!
//! Encrypted requests: curl and openssl cannot build a JWE (openssl's command line has no
//! AES-GCM), so the script carries the sealed `{"encData":"<JWE>"}` body the run sent. The JWE
//! is not a secret: only the server's private key opens it. The Tran-Token over it is still
//! computed afresh. An encrypted answer is printed as it came.

mod body;
mod request;
mod takeouts;

use std::fmt::Write as _;

use request::{overridden, sends};
use takeouts::Takeouts;

use super::shell::{self, Name, Piece};
use crate::mask::{Masker, console, guard};
use crate::profile::TimeZone;
use crate::spec::protocol::header as names;

/// What the script is made from: the request as it went on the wire.
#[derive(Debug, Clone)]
pub struct ScriptInput<'a> {
    /// The case (or scenario step) name.
    pub name: &'a str,
    /// The full URL.
    pub url: &'a str,
    /// The headers as sent, in order.
    pub headers: &'a [(String, String)],
    /// Headers the case set itself (sent as they are, unless the masker would hide them).
    pub overrides: &'a [(String, Option<String>)],
    /// The body exactly as sent (the JWE wrapper when sealed).
    pub body: &'a str,
    /// The body is the encrypted wrapper.
    pub sealed: bool,
    /// The zone header times are written in.
    pub zone: &'a TimeZone,
    /// The environment variables of the access key, the secret key and the crypto key id.
    pub env: CredentialVars<'a>,
    /// Decides which values are sensitive: the run's masker.
    pub masker: &'a Masker,
}

/// The environment variables that carry the credentials (named by the profile).
#[derive(Debug, Clone, Copy)]
pub struct CredentialVars<'a> {
    /// `X-KM-Access-Key`.
    pub access_key: &'a str,
    /// The Tran-Token's HMAC key.
    pub secret_key: &'a str,
    /// `X-KM-Crypto-Key-Id`.
    pub crypto_key_id: Option<&'a str>,
}

/// A script, and the values it takes from the environment instead of carrying them.
#[derive(Debug, Clone)]
pub struct Script {
    /// The bash script.
    pub text: String,
    /// The values taken out of the requests, in the order the script checks them.
    pub needs: Vec<Need>,
}

/// A value of the requests that the script takes from an environment variable.
#[derive(Debug, Clone)]
pub struct Need {
    /// The environment variable.
    pub var: String,
    /// What it holds, masked: the script says it when the variable is missing.
    pub hint: String,
    /// The value as it went out. The harness never writes it; a test exports it.
    pub value: String,
}

/// The credential variables, checked to be plain names.
struct Credentials {
    access_key: Name,
    secret_key: Name,
    crypto_key_id: Name,
}

impl Credentials {
    fn of(env: CredentialVars) -> Result<Credentials, String> {
        let name = |var: &str| {
            Name::new(var).ok_or_else(|| {
                format!(
                    "the profile names a credential variable that is not a shell variable name: `{}`",
                    console::safe(&var.escape_debug().to_string())
                )
            })
        };
        Ok(Credentials {
            access_key: name(env.access_key)?,
            secret_key: name(env.secret_key)?,
            crypto_key_id: name(env.crypto_key_id.unwrap_or("KONAPLATE_CRYPTO_KEY_ID"))?,
        })
    }
}

/// Shell variables of the script itself.
struct Vars {
    name: Name,
    tz: Name,
    hint: Name,
    url: Name,
    correlation_id: Name,
    tran_token: Name,
    tran_time: Name,
    basic: Name,
}

impl Vars {
    fn new() -> Vars {
        let v = |s: &str| Name::new(s).expect("a plain name");
        Vars {
            name: v("KP_NAME"),
            tz: v("KP_TZ"),
            hint: v("KP_HINT"),
            url: v("KP_URL"),
            correlation_id: v("KP_CORRELATION_ID"),
            tran_token: v("KP_TRAN_TOKEN"),
            tran_time: v("KP_TRAN_TIME"),
            basic: v("KP_BASIC"),
        }
    }
}

/// The script for one request.
pub fn render(input: &ScriptInput) -> Result<Script, String> {
    render_steps(input.name, std::slice::from_ref(input))
}

/// The script for requests sent in order (the steps of a scenario), titled `name`; an error
/// when it cannot be written safely.
pub fn render_steps(name: &str, inputs: &[ScriptInput]) -> Result<Script, String> {
    let first = inputs.first().ok_or("no request went out")?;
    let credentials = Credentials::of(first.env)?;
    let vars = Vars::new();
    let mut takeouts = Takeouts::default();
    let requests = inputs
        .iter()
        .enumerate()
        .map(|(i, input)| request::cut(input, i + 1, &credentials, &vars, &mut takeouts))
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = String::from(HEADER);
    out.push_str(include_str!("script/prelude.sh"));
    let shown = first.masker.text(name);
    let _ = writeln!(
        out,
        "{}",
        shell::printf_into(&vars.name, &[Piece::Data(console::safe(&shown).as_bytes())])
    );
    out.push_str("printf 'replaying %s\\n' \"$KP_NAME\" >&2\n");
    let tz = posix_tz(first.zone);
    let _ = writeln!(
        out,
        "{}",
        shell::printf_into(&vars.tz, &[Piece::Data(tz.as_bytes())])
    );
    needs(&mut out, inputs, &credentials, &takeouts, &vars);
    for (i, request) in requests.iter().enumerate() {
        let _ = writeln!(out, "\n# Request {} of {}", i + 1, requests.len());
        request::write(&mut out, request, &credentials, &takeouts, &vars);
    }
    if guard::leaks(&out, first.masker) {
        return Err("the script would hold a secret or a card number".into());
    }
    Ok(Script {
        text: out,
        needs: takeouts
            .all()
            .iter()
            .map(|(name, t)| Need {
                var: name.to_string(),
                hint: t.hint.clone(),
                value: t.value.clone(),
            })
            .collect(),
    })
}

/// The script's opening comment: fixed text, no data.
const HEADER: &str = "#!/usr/bin/env bash
# Written by `konaplate-conformance replay --script`: sends a case's request again (or a
# scenario's requests, in order) as the harness sent it, with the same body bytes and headers
# but a fresh correlation id, X-KM-Tran-Time and X-KM-Tran-Token (HMAC-SHA256 of the body).
#
# It holds no credential and no card data: each comes from an environment variable, and the
# script names every one that is missing before it sends anything. Every piece of data in it
# (the name, URLs, headers, bodies, hints) is a printf format in single quotes, made of
# printable ASCII and octal escapes, so no byte of data is shell syntax; comments hold none.
# No credential is put on a command line, where `ps` would show it: the HMAC is computed with
# bash builtins and `openssl dgst` reading standard input, and curl reads the headers from a
# file in a private temporary directory, removed on exit.
#
# Needs bash, curl 7.55 or later, openssl, od, tr, cut, mktemp and GNU date.
";

/// The variable checks: the credentials, then every value taken out; exits 2 naming all the
/// missing ones.
fn needs(out: &mut String, inputs: &[ScriptInput], c: &Credentials, t: &Takeouts, vars: &Vars) {
    let sends_crypto_key_id = inputs
        .iter()
        .any(|i| sends(i, names::CRYPTO_KEY_ID) && !overridden(i, names::CRYPTO_KEY_ID));
    let mut checks = vec![
        (&c.access_key, "the access key".to_string()),
        (&c.secret_key, "the HMAC key of the Tran-Token".to_string()),
    ];
    if sends_crypto_key_id {
        checks.push((&c.crypto_key_id, "the crypto key id".to_string()));
    }
    checks.extend(
        t.all()
            .iter()
            .map(|(name, taken)| (name, taken.hint.clone())),
    );
    for (name, hint) in checks {
        let hint = console::safe(&hint).into_owned();
        let _ = writeln!(
            out,
            "{}\nkp_need {name} \"$KP_HINT\"",
            shell::printf_into(&vars.hint, &[Piece::Data(hint.as_bytes())])
        );
    }
    out.push_str("if ((kp_missing)); then exit 2; fi\n");
}

/// A POSIX `TZ` value for a fixed offset: `KST-9` is nine hours east of UTC.
fn posix_tz(zone: &TimeZone) -> String {
    let secs = zone.offset_secs;
    let sign = if secs > 0 { "-" } else { "+" };
    let (h, m) = (secs.abs() / 3600, secs.abs() % 3600 / 60);
    match (secs, m) {
        (0, _) => format!("{}0", zone.name),
        (_, 0) => format!("{}{sign}{h}", zone.name),
        _ => format!("{}{sign}{h}:{m:02}", zone.name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(name: &str, offset_secs: i32) -> TimeZone {
        TimeZone {
            name: name.into(),
            offset_secs,
        }
    }

    #[test]
    fn posix_zones_count_west_of_utc() {
        assert_eq!(posix_tz(&zone("KST", 9 * 3600)), "KST-9");
        assert_eq!(posix_tz(&zone("IST", 5 * 3600 + 1800)), "IST-5:30");
        assert_eq!(posix_tz(&zone("UTC", 0)), "UTC0");
    }
}
