//! The `X-KM-Tran-Token` of a client's request: `KMV1:<17 digits>:<base64 HMAC-SHA256>`, the
//! HMAC keyed with the client's secret and taken over the exact body bytes as they arrived.
//!
//! The token's shape is the header check's ([`super::request`]); this module only says whether
//! a well-shaped token signs the body, so a malformed token is one finding, not two. The MAC is
//! compared in constant time by `aws-lc-rs`.

use aws_lc_rs::hmac;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};

use crate::outcome::{CheckKind, Failure, Said};
use crate::spec::protocol::header as names;

/// A finding when `token` is well shaped but its MAC is not `secret`'s over `body`.
pub fn check(token: Option<&str>, secret: &str, body: &[u8]) -> Option<Failure> {
    let mac = mac(token?)?;
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    hmac::verify(&key, body, &mac).err().map(|_| {
        Failure::new(
            CheckKind::TranToken,
            names::TRAN_TOKEN,
            "an HMAC-SHA256 of the exact body bytes under the profile's secret",
            Said::words(format!(
                "a MAC that does not sign the {} body bytes received",
                body.len()
            )),
        )
    })
}

/// The 32-byte MAC of a well-shaped token: standard base64, padded (44 characters) or not (43).
fn mac(token: &str) -> Option<Vec<u8>> {
    let (time, mac) = token.strip_prefix("KMV1:")?.split_once(':')?;
    if time.len() != 17 || !time.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let decoded = match mac.len() {
        44 => STANDARD.decode(mac).ok()?,
        43 => STANDARD_NO_PAD.decode(mac).ok()?,
        _ => return None,
    };
    (decoded.len() == 32).then_some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "kp-test-secret-key-do-not-use-in-production";

    fn token(secret: &str, body: &[u8]) -> String {
        let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
        let tag = hmac::sign(&key, body);
        format!("KMV1:20260310120000123:{}", STANDARD.encode(tag.as_ref()))
    }

    #[test]
    fn a_token_over_the_exact_bytes_passes_padded_or_not() {
        let body = br#"{"userId":1}"#;
        let t = token(SECRET, body);
        assert_eq!(check(Some(&t), SECRET, body), None);
        assert_eq!(check(Some(t.trim_end_matches('=')), SECRET, body), None);
    }

    #[test]
    fn other_bytes_or_another_secret_are_one_finding() {
        let t = token(SECRET, br#"{"userId":1}"#);
        let f = check(Some(&t), SECRET, br#"{"userId": 1}"#).unwrap();
        assert_eq!(f.check, CheckKind::TranToken);
        assert!(!f.line().contains(&t), "the token stays out: {}", f.line());
        let other = token("another-secret", b"{}");
        assert!(check(Some(&other), SECRET, b"{}").is_some());
    }

    #[test]
    fn a_malformed_or_missing_token_is_left_to_the_header_check() {
        assert_eq!(check(None, SECRET, b"{}"), None);
        assert_eq!(check(Some("KMV1:1:abc"), SECRET, b"{}"), None);
        assert_eq!(check(Some("KMV2:20260310120000123:x"), SECRET, b"{}"), None);
    }
}
