//! Lax servers: the fault proxy rewrites a request before the reference mock sees it, as a
//! server that skips one check would read it, and passes the answer through. The mock behind
//! stays strict in everything else, so the only difference from a conforming target is the
//! one check the lax server skips, and the tests can say exactly which cases must notice.
//!
//! A rewritten body is signed again with the TEST secret (and sealed again for the mock's TEST
//! key when it came encrypted): the lax server is lax about one thing, not about all of them.

use aws_lc_rs::hmac;
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, Method};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use konaplate_conformance::jwe::{self, Enc, PrivateKey, PublicKey};
use konaplate_conformance::mock::{TEST_SECRET_KEY, TEST_SERVER_PRIVATE_KEY_PEM};
use serde_json::Value;

/// The Tran-Token header, lowercase.
const TRAN_TOKEN: &str = "x-km-tran-token";

/// What a lax server skips.
#[derive(Clone, Debug)]
pub enum Lax {
    /// Never verifies the Tran-Token MAC: a well-formed token whose MAC does not match the body
    /// is read as if it did (the shape of the header is still checked).
    IgnoresMac,
    /// Reads a `userId` sent as a string of digits as that number (`"50000104652"` →
    /// `50000104652`) at these pointers of the request body, and goes on with it.
    CoercesUserId(&'static [&'static str]),
    /// Ignores the method: a request of any method is served as the operation's POST.
    IgnoresMethod,
}

impl Lax {
    /// In words, for the tables the tests print.
    pub fn describe(&self) -> String {
        match self {
            Lax::IgnoresMac => "a Tran-Token with a wrong MAC read as a right one".into(),
            Lax::IgnoresMethod => "any method served as POST".into(),
            Lax::CoercesUserId(at) => format!(
                "a string of digits at {} read as the number",
                at.iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// The request the mock gets instead (method, headers, body), when the lax server reads this
/// one otherwise than a strict server would; `None` when it reads it the same.
pub fn rewrite(
    lax: &Lax,
    method: &Method,
    headers: &HeaderMap,
    body: &Bytes,
) -> Option<(Method, HeaderMap, Bytes)> {
    if let Lax::IgnoresMethod = lax {
        return (method != Method::POST).then(|| (Method::POST, headers.clone(), body.clone()));
    }
    let token = headers.get(TRAN_TOKEN)?.to_str().ok()?;
    let (time, mac) = parse_token(token)?;
    let body = match lax {
        Lax::IgnoresMac if mac == sign(body) => return None,
        Lax::IgnoresMac => body.clone(),
        Lax::CoercesUserId(at) => coerce(body, at)?,
        Lax::IgnoresMethod => return None,
    };
    let mut headers = headers.clone();
    let signed = format!("KMV1:{time}:{}", STANDARD.encode(sign(&body)));
    headers.insert(TRAN_TOKEN, HeaderValue::from_str(&signed).ok()?);
    Some((method.clone(), headers, body))
}

/// The time and MAC of a well-formed token (`KMV1:` + 17 digits + `:` + base64 of 32 bytes).
fn parse_token(token: &str) -> Option<(&str, Vec<u8>)> {
    let rest = token.strip_prefix("KMV1:")?;
    let (time, mac) = rest.split_once(':')?;
    if time.len() != 17 || !time.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let padded = format!("{mac}{}", "=".repeat((4 - mac.len() % 4) % 4));
    let mac = STANDARD.decode(padded).ok()?;
    (mac.len() == 32).then_some((time, mac))
}

fn sign(body: &[u8]) -> Vec<u8> {
    let key = hmac::Key::new(hmac::HMAC_SHA256, TEST_SECRET_KEY.as_bytes());
    hmac::sign(&key, body).as_ref().to_vec()
}

/// The body with every `userId` string of digits at `at` made a number, sealed again when it
/// came sealed; `None` when there was nothing to coerce.
fn coerce(body: &Bytes, at: &[&str]) -> Option<Bytes> {
    let wire: Value = serde_json::from_slice(body).ok()?;
    let server_private = PrivateKey::from_pem(TEST_SERVER_PRIVATE_KEY_PEM).ok()?;
    let (mut plain, sealed) = match jwe::enc_data(&wire) {
        Some(token) => {
            let opened = jwe::decrypt(token, &server_private).ok()?;
            (
                serde_json::from_slice::<Value>(&opened.plaintext).ok()?,
                true,
            )
        }
        None => (wire, false),
    };
    let mut changed = false;
    for pointer in at {
        if let Some(slot) = plain.pointer_mut(pointer)
            && let Some(n) = slot.as_str().and_then(|s| s.parse::<u64>().ok())
        {
            *slot = Value::from(n);
            changed = true;
        }
    }
    if !changed {
        return None;
    }
    let text = serde_json::to_vec(&plain).ok()?;
    if !sealed {
        return Some(Bytes::from(text));
    }
    let server_public =
        PublicKey::from_pem(include_str!("../keys/server-public-TEST-ONLY.pem")).ok()?;
    let token = jwe::encrypt(&text, &server_public, Enc::A128Gcm).ok()?;
    Some(Bytes::from(
        serde_json::json!({ jwe::ENC_DATA: token }).to_string(),
    ))
}
