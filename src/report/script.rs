//! `replay --script FILE`: a self-contained bash script that sends a request again with curl,
//! for a vendor ticket.
//!
//! It sends the same body bytes and the same headers, except the ones that must be fresh: a
//! new correlation id, `X-KM-Tran-Time`, and a Tran-Token that openssl computes over the body
//! from `$KONAPLATE_SECRET_KEY` (or whichever variable the profile names). Nothing secret is
//! inside: credentials come from the environment, and so does every body value the masker
//! would hide (card numbers, CVCs, PARs), each from a variable the script names and checks.
//!
//! Encrypted requests: curl and openssl cannot build a JWE (openssl's command line has no
//! AES-GCM), so the script carries the sealed `{"encData":"<JWE>"}` body the run sent. The JWE
//! is not a secret: only the server's private key opens it. The Tran-Token over it is still
//! computed afresh. An encrypted answer is printed as it came.

use std::fmt::Write as _;

use serde_json::Value;

use super::replay::shell_word;
use crate::mask::Masker;
use crate::profile::TimeZone;
use crate::spec::protocol::header as names;

/// What the script is made from: the request as it went on the wire.
#[derive(Debug, Clone)]
pub struct ScriptInput<'a> {
    /// The case (or scenario step) name, for the comment.
    pub name: &'a str,
    /// The full URL.
    pub url: &'a str,
    /// The headers as sent, in order.
    pub headers: &'a [(String, String)],
    /// Headers the case set itself (sent as they are, masked).
    pub overrides: &'a [(String, Option<String>)],
    /// The body exactly as sent (the JWE wrapper when sealed).
    pub body: &'a str,
    /// The body is the encrypted wrapper.
    pub sealed: bool,
    /// The zone header times are written in.
    pub zone: &'a TimeZone,
    /// The environment variables of the access key, the secret key and the crypto key id.
    pub env: CredentialVars<'a>,
    /// Decides which body values are sensitive, and masks literal headers.
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

/// A body value the script takes from the environment.
struct BodyVar {
    name: String,
    hint: String,
    /// A JSON string (its quotes stay in the literal text), not a number.
    quoted: bool,
}

/// The script for one request.
pub fn render(input: &ScriptInput) -> String {
    render_steps(input.name, std::slice::from_ref(input))
}

/// The script for requests sent in order (the steps of a scenario), titled `name`.
pub fn render_steps(name: &str, inputs: &[ScriptInput]) -> String {
    let mut vars = Vec::new();
    let bodies: Vec<String> = inputs
        .iter()
        .map(|i| body_expression(i, &mut vars))
        .collect();
    let mut out = String::from("#!/usr/bin/env bash\n");
    header_comment(&mut out, name, inputs, &vars);
    out.push_str("set -euo pipefail\n");
    // Each variable is checked first, so a missing one says what to export.
    for (var, what) in required(inputs, &vars) {
        let what = what.replace(['"', '}', '$', '`', '\\', '\''], "");
        let _ = writeln!(out, ": \"${{{var}:?export {var} ({what})}}\"");
    }
    for (input, body) in inputs.iter().zip(&bodies) {
        if inputs.len() > 1 {
            let _ = writeln!(out, "# {}", input.name.replace('\n', " "));
        }
        request(&mut out, input, body);
    }
    out
}

/// One request: fresh times, correlation id and Tran-Token, then curl.
fn request(out: &mut String, input: &ScriptInput, body: &str) {
    let _ = writeln!(out, "URL={}", shell_word(input.url));
    let _ = writeln!(out, "BODY={body}");
    let _ = writeln!(
        out,
        "NOW=$(TZ={} date +%Y%m%d%H%M%S%3N)",
        shell_word(&posix_tz(input.zone))
    );
    out.push_str("TRAN_TIME=${NOW:0:14}\n");
    out.push_str("CORRELATION_ID=\"${NOW:2:12}-$(openssl rand -hex 4 | cut -c1-7)\"\n");
    let _ = writeln!(
        out,
        "MAC=$(printf '%s' \"$BODY\" | openssl dgst -sha256 -hmac \"${}\" -binary | openssl base64 -A)",
        input.env.secret_key
    );
    out.push_str("TRAN_TOKEN=\"KMV1:${NOW}:${MAC}\"\n");
    out.push_str(
        "printf '%s' \"$BODY\" | curl --silent --show-error --include -X POST \"$URL\" \\\n",
    );
    for h in header_args(input) {
        let _ = writeln!(out, "  -H {h} \\");
    }
    out.push_str("  --data-binary @-\necho\n");
}

/// The environment variables the script needs, with what each carries.
fn required(inputs: &[ScriptInput], vars: &[BodyVar]) -> Vec<(String, String)> {
    let Some(first) = inputs.first() else {
        return Vec::new();
    };
    let mut required = vec![
        (
            first.env.access_key.to_string(),
            "the access key".to_string(),
        ),
        (
            first.env.secret_key.to_string(),
            "the HMAC key of the Tran-Token".to_string(),
        ),
    ];
    let crypto = inputs.iter().find_map(|i| {
        i.env
            .crypto_key_id
            .filter(|_| sends(i, names::CRYPTO_KEY_ID) && !overridden(i, names::CRYPTO_KEY_ID))
    });
    if let Some(v) = crypto {
        required.push((v.to_string(), "the crypto key id".to_string()));
    }
    required.extend(vars.iter().map(|v| (v.name.clone(), v.hint.clone())));
    required
}

fn header_comment(out: &mut String, name: &str, inputs: &[ScriptInput], vars: &[BodyVar]) {
    let what = match inputs.len() {
        1 => format!("`{}`", name.replace('\n', " ")),
        n => format!(
            "the {n} requests of `{}`, in order,",
            name.replace('\n', " ")
        ),
    };
    let _ = writeln!(
        out,
        "# Sends {what} again, as konaplate-conformance sent it:"
    );
    out.push_str("# the same body bytes and headers, with a fresh correlation id, Tran-Time and\n");
    out.push_str("# Tran-Token (HMAC-SHA256 of the body, computed here with openssl).\n");
    out.push_str("# It holds no credential and no card data: export these first:\n");
    for (var, what) in required(inputs, vars) {
        let _ = writeln!(out, "#   {var}  {what}");
    }
    if inputs.iter().any(|i| i.sealed) {
        out.push_str(
            "# An encrypted request carries a JWE ({\"encData\": ...}) the run sealed: curl and\n",
        );
        out.push_str("# openssl cannot build one, and a JWE is not secret (only the server's key opens it).\n");
    }
    out.push_str("# Needs bash, curl, openssl and GNU date.\n");
}

/// `-H` arguments, in the order sent.
fn header_args(input: &ScriptInput) -> Vec<String> {
    let mut args: Vec<String> = input
        .headers
        .iter()
        .map(|(name, value)| {
            if overridden(input, name) {
                return shell_word(&format!("{name}: {}", input.masker.text(value)));
            }
            let fresh = |var: &str| format!("\"{name}: ${{{var}}}\"");
            match name.as_str() {
                n if n.eq_ignore_ascii_case(names::CORRELATION_ID) => fresh("CORRELATION_ID"),
                n if n.eq_ignore_ascii_case(names::TRAN_TOKEN) => fresh("TRAN_TOKEN"),
                n if n.eq_ignore_ascii_case(names::TRAN_TIME) => fresh("TRAN_TIME"),
                n if n.eq_ignore_ascii_case(names::ACCESS_KEY) => fresh(input.env.access_key),
                n if n.eq_ignore_ascii_case(names::CRYPTO_KEY_ID) => {
                    fresh(input.env.crypto_key_id.unwrap_or("KONAPLATE_CRYPTO_KEY_ID"))
                }
                _ => shell_word(&format!("{name}: {}", input.masker.text(value))),
            }
        })
        .collect();
    // Without these, curl would add its own.
    for (name, blank) in [("Content-Type", "Content-Type:"), ("Accept", "Accept:")] {
        if !sends(input, name) {
            args.push(shell_word(blank));
        }
    }
    args
}

fn sends(input: &ScriptInput, name: &str) -> bool {
    input
        .headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case(name))
}

fn overridden(input: &ScriptInput, name: &str) -> bool {
    input
        .overrides
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case(name))
}

/// The body as a shell expression: literal text, with every value the masker would change
/// taken from an environment variable.
fn body_expression(input: &ScriptInput, vars: &mut Vec<BodyVar>) -> String {
    let parsed = serde_json::from_str::<Value>(input.body).ok();
    let Some(value) = parsed.filter(|v| !input.sealed && (v.is_object() || v.is_array())) else {
        return shell_word(input.body);
    };
    if serde_json::to_string(&value).ok().as_deref() != Some(input.body) {
        // The body is not what serde_json writes (a raw case body): only literal bytes are
        // faithful, so send them masked.
        return shell_word(&input.masker.body(input.body));
    }
    // Sensitive leaves become unique markers; the serialized text is then cut at them.
    let first = vars.len();
    let marked = mark(&value, input.masker, vars);
    let text = serde_json::to_string(&marked).unwrap_or_default();
    let mut expr = String::new();
    let mut rest = text.as_str();
    for (i, var) in vars.iter().enumerate().skip(first) {
        let marker = if var.quoted {
            format!("@@KONAPLATE_REPLAY_{i}@@")
        } else {
            format!("\"@@KONAPLATE_REPLAY_{i}@@\"")
        };
        let Some(at) = rest.find(&marker) else {
            continue;
        };
        expr.push_str(&shell_word(&rest[..at]));
        let _ = write!(expr, "\"${{{}}}\"", var.name);
        rest = &rest[at + marker.len()..];
    }
    expr.push_str(&shell_word(rest));
    expr
}

/// `value` with each leaf the masker would change replaced by a marker string.
fn mark(value: &Value, masker: &Masker, vars: &mut Vec<BodyVar>) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let alone = Value::Object([(k.clone(), v.clone())].into_iter().collect());
                    let masked = masker.json(&alone);
                    let out = match &masked[k.as_str()] {
                        m if m != v && !(v.is_object() || v.is_array()) => leaf(k, v, m, vars),
                        _ => mark(v, masker, vars),
                    };
                    (k.clone(), out)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| mark(v, masker, vars)).collect()),
        other => other.clone(),
    }
}

/// A marker in place of a sensitive value, and the variable that will carry it.
fn leaf(key: &str, value: &Value, masked: &Value, vars: &mut Vec<BodyVar>) -> Value {
    let base: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    let mut name = format!("KONAPLATE_REPLAY_{base}");
    let taken = vars.iter().filter(|v| v.name.starts_with(&name)).count();
    if taken > 0 {
        name = format!("{name}_{}", taken + 1);
    }
    let shown = masked
        .as_str()
        .map_or_else(|| masked.to_string(), str::to_string);
    vars.push(BodyVar {
        name,
        hint: format!("the `{key}` of this request ({shown})"),
        quoted: value.is_string(),
    });
    Value::String(format!("@@KONAPLATE_REPLAY_{}@@", vars.len() - 1))
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

    #[test]
    fn card_values_leave_the_body_for_variables_with_their_json_form_kept() {
        let headers = vec![("X-KM-Access-Key".to_string(), "secret-access".to_string())];
        let kst = zone("KST", 9 * 3600);
        let masker = Masker::new(["secret-access".to_string()]);
        let body = r#"{"cardNo":"9410000000000003","n":1234567890123456,"userId":5}"#;
        let input = ScriptInput {
            name: "op::case",
            url: "http://127.0.0.1:1/x",
            headers: &headers,
            overrides: &[],
            body,
            sealed: false,
            zone: &kst,
            env: CredentialVars {
                access_key: "A",
                secret_key: "S",
                crypto_key_id: None,
            },
            masker: &masker,
        };
        let mut vars = Vec::new();
        let expr = body_expression(&input, &mut vars);
        assert_eq!(
            expr,
            r#"'{"cardNo":"'"${KONAPLATE_REPLAY_CARDNO}"'","n":'"${KONAPLATE_REPLAY_N}"',"userId":5}'"#
        );
        assert_eq!(vars.len(), 2);
        let script = render(&input);
        assert!(!script.contains("9410000000000003") && !script.contains("1234567890123456"));
        assert!(!script.contains("secret-access"), "{script}");
        assert!(script.contains(": \"${KONAPLATE_REPLAY_CARDNO:?export KONAPLATE_REPLAY_CARDNO"));
    }
}
