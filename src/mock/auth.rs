//! Authentication: the access key and the `X-KM-Tran-Token` HMAC, checked after the header
//! shapes and before the body.
//!
//! The token is `"KMV1:" + yyyyMMddHHmmssSSS + ":" + base64(HMAC-SHA256(secret, body))`, computed
//! over the exact body bytes received, so the body is never re-serialized before this check.

use aws_lc_rs::{constant_time, hmac};
use axum::http::HeaderMap;

use super::config::MockConfig;
use super::envelope::Reply;
use super::headers::{self, ACCESS_KEY, TRAN_TOKEN};

/// Checks the access key, then the token's MAC over `body`. Assumes [`headers::check`] passed.
pub(crate) fn authenticate(
    headers: &HeaderMap,
    body: &[u8],
    config: &MockConfig,
) -> Result<(), Reply> {
    let access_key = headers::text(headers, ACCESS_KEY).unwrap_or_default();
    if constant_time::verify_slices_are_equal(access_key.as_bytes(), config.access_key.as_bytes())
        .is_err()
    {
        return Err(Reply::unauthorized(ACCESS_KEY));
    }
    let mac = headers::text(headers, TRAN_TOKEN)
        .and_then(headers::tran_token_mac)
        .ok_or_else(|| Reply::unauthorized(TRAN_TOKEN))?;
    let key = hmac::Key::new(hmac::HMAC_SHA256, config.secret_key.as_bytes());
    hmac::verify(&key, body, &mac).map_err(|_| Reply::unauthorized(TRAN_TOKEN))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderValue, StatusCode};
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;

    fn token(secret: &str, body: &[u8]) -> String {
        let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
        let tag = hmac::sign(&key, body);
        format!("KMV1:20260310120000123:{}", STANDARD.encode(tag.as_ref()))
    }

    fn headers(access_key: &str, token: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(ACCESS_KEY, HeaderValue::from_str(access_key).unwrap());
        h.insert(TRAN_TOKEN, HeaderValue::from_str(token).unwrap());
        h
    }

    #[test]
    fn accepts_the_right_key_and_mac() {
        let config = MockConfig::default();
        let body = br#"{"userId":50000104652}"#;
        let t = token(&config.secret_key, body);
        assert_eq!(
            authenticate(&headers(&config.access_key, &t), body, &config),
            Ok(())
        );
        let unpadded = t.trim_end_matches('=');
        assert_eq!(
            authenticate(&headers(&config.access_key, unpadded), body, &config),
            Ok(())
        );
    }

    #[test]
    fn rejects_another_access_key_first() {
        let config = MockConfig::default();
        let other = "X".repeat(40);
        let reply = authenticate(&headers(&other, "bad"), b"{}", &config).unwrap_err();
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            (reply.code, reply.description.as_str()),
            ("000_001", "Unauthorized. X-KM-Access-Key")
        );
    }

    #[test]
    fn rejects_a_mac_over_other_bytes() {
        let config = MockConfig::default();
        // Same JSON value, different bytes: the MAC covers bytes, not meaning.
        let signed = token(&config.secret_key, br#"{"userId":1}"#);
        let reply = authenticate(
            &headers(&config.access_key, &signed),
            br#"{"userId": 1}"#,
            &config,
        )
        .unwrap_err();
        assert_eq!(
            (reply.code, reply.description.as_str()),
            ("000_001", "Unauthorized. X-KM-Tran-Token")
        );
    }

    #[test]
    fn rejects_a_mac_under_another_secret() {
        let config = MockConfig::default();
        let signed = token("some-other-secret", b"{}");
        let reply =
            authenticate(&headers(&config.access_key, &signed), b"{}", &config).unwrap_err();
        assert_eq!(reply.description, "Unauthorized. X-KM-Tran-Token");
    }
}
