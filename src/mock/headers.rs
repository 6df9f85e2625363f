//! Shape checks of the request headers, done before anything else.
//!
//! The first missing or malformed header (in the order of the vendor's header table) is named in
//! a `400 000_002 "Invalid input parameter. <Header-Name>"` answer. The vendor does not document
//! header failures; this answer is the mock's choice (see docs/mock.md).

use axum::http::HeaderMap;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};

use super::correlation;
use super::envelope::Reply;

/// `X-KM-User-AspId`.
pub(crate) const ASP_ID: &str = "X-KM-User-AspId";
/// `X-KM-Correlation-Id`.
pub(crate) const CORRELATION_ID: &str = "X-KM-Correlation-Id";
/// `X-KM-Access-Key`.
pub(crate) const ACCESS_KEY: &str = "X-KM-Access-Key";
/// `X-KM-Tran-Token`.
pub(crate) const TRAN_TOKEN: &str = "X-KM-Tran-Token";
/// `X-KM-Tran-Time`.
pub(crate) const TRAN_TIME: &str = "X-KM-Tran-Time";
/// `X-KM-Time-Zone`.
pub(crate) const TIME_ZONE: &str = "X-KM-Time-Zone";
/// `X-KM-Crypto-Key-Id` (optional).
pub(crate) const CRYPTO_KEY_ID: &str = "X-KM-Crypto-Key-Id";

/// A header's shape rule.
type ShapeRule = fn(&str) -> bool;

/// The mandatory headers, in the vendor's table order, with their shape rule.
const MANDATORY: [(&str, ShapeRule); 6] = [
    (ASP_ID, |v| v.len() == 15),
    (CORRELATION_ID, correlation::is_well_formed),
    (ACCESS_KEY, |v| v.len() == 40),
    (TRAN_TOKEN, |v| tran_token_mac(v).is_some()),
    (TRAN_TIME, |v| {
        v.len() == 14 && v.bytes().all(|b| b.is_ascii_digit())
    }),
    (TIME_ZONE, |v| {
        v.len() == 3 && v.bytes().all(|b| b.is_ascii_alphabetic())
    }),
];

/// The value of `name` as text, if present and made of visible ASCII.
pub(crate) fn text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// Checks presence and shape of every request header the vendor documents.
pub(crate) fn check(headers: &HeaderMap) -> Result<(), Reply> {
    for (name, well_formed) in MANDATORY {
        match text(headers, name) {
            Some(value) if well_formed(value) => {}
            _ => return Err(Reply::invalid_header(name)),
        }
    }
    if let Some(value) = headers.get(CRYPTO_KEY_ID) {
        let ok = value.to_str().is_ok_and(|v| v.len() == 32);
        if !ok {
            return Err(Reply::invalid_header(CRYPTO_KEY_ID));
        }
    }
    Ok(())
}

/// The 32-byte MAC of a `KMV1:<17 digits>:<base64>` token, or `None` if the token is malformed.
///
/// The base64 is standard, padded (44 characters, 67 in all, as in the vendor's sample) or
/// unpadded (43 characters, 66 in all, the length the header tables state).
pub(crate) fn tran_token_mac(token: &str) -> Option<Vec<u8>> {
    let rest = token.strip_prefix("KMV1:")?;
    let (time, mac) = rest.split_once(':')?;
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
    use crate::mock::config::{TEST_ACCESS_KEY, TEST_ASP_ID, TEST_CRYPTO_KEY_ID};
    use axum::http::HeaderValue;

    const PADDED: &str = "KMV1:20221108120814608:uLD+mU8mz9K95neGiSJTSsF3zzAQJglCggZAOSs5Fkg=";

    fn good() -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(ASP_ID, HeaderValue::from_static(TEST_ASP_ID));
        h.insert(
            CORRELATION_ID,
            HeaderValue::from_static("221108120814-0a1b2c3"),
        );
        h.insert(ACCESS_KEY, HeaderValue::from_static(TEST_ACCESS_KEY));
        h.insert(TRAN_TOKEN, HeaderValue::from_static(PADDED));
        h.insert(TRAN_TIME, HeaderValue::from_static("20221108120814"));
        h.insert(TIME_ZONE, HeaderValue::from_static("KST"));
        h
    }

    fn failure(headers: &HeaderMap) -> Option<String> {
        check(headers).err().map(|reply| reply.description)
    }

    #[test]
    fn accepts_a_complete_set() {
        assert_eq!(failure(&good()), None);
        let mut with_crypto = good();
        with_crypto.insert(CRYPTO_KEY_ID, HeaderValue::from_static(TEST_CRYPTO_KEY_ID));
        assert_eq!(failure(&with_crypto), None);
    }

    #[test]
    fn names_each_missing_header() {
        for (name, _) in MANDATORY {
            let mut headers = good();
            headers.remove(name);
            assert_eq!(
                failure(&headers).as_deref(),
                Some(format!("Invalid input parameter. {name}").as_str())
            );
        }
    }

    #[test]
    fn names_the_first_failure_in_table_order() {
        let mut headers = good();
        headers.remove(TIME_ZONE);
        headers.remove(ASP_ID);
        assert_eq!(
            failure(&headers).as_deref(),
            Some("Invalid input parameter. X-KM-User-AspId")
        );
    }

    #[test]
    fn rejects_malformed_values() {
        let cases: [(&str, &'static str); 8] = [
            (ASP_ID, "00017000000000"),
            (CORRELATION_ID, "221108120814-0a1b2cz"),
            (ACCESS_KEY, "short"),
            (
                TRAN_TOKEN,
                "KMV1:2022110812081460:uLD+mU8mz9K95neGiSJTSsF3zzAQJglCggZAOSs5Fkg=",
            ),
            (TRAN_TIME, "2022110812081a"),
            (TRAN_TIME, "202211081208140"),
            (TIME_ZONE, "KS"),
            (CRYPTO_KEY_ID, "tooshort"),
        ];
        for (name, value) in cases {
            let mut headers = good();
            headers.insert(name, HeaderValue::from_static(value));
            assert_eq!(
                failure(&headers).as_deref(),
                Some(format!("Invalid input parameter. {name}").as_str()),
                "{name}: {value}"
            );
        }
    }

    #[test]
    fn token_accepts_padded_and_unpadded_base64() {
        assert_eq!(PADDED.len(), 67);
        assert_eq!(tran_token_mac(PADDED).map(|m| m.len()), Some(32));
        let unpadded = PADDED.trim_end_matches('=');
        assert_eq!(unpadded.len(), 66);
        assert_eq!(tran_token_mac(unpadded), tran_token_mac(PADDED));
    }

    #[test]
    fn token_rejects_wrong_shapes() {
        for token in [
            "",
            "KMV2:20221108120814608:uLD+mU8mz9K95neGiSJTSsF3zzAQJglCggZAOSs5Fkg=",
            "KMV1:20221108120814608uLD+mU8mz9K95neGiSJTSsF3zzAQJglCggZAOSs5Fkg=",
            "KMV1:2022110812081460x:uLD+mU8mz9K95neGiSJTSsF3zzAQJglCggZAOSs5Fkg=",
            // URL-safe alphabet, not standard.
            "KMV1:20221108120814608:uLD-mU8mz9K95neGiSJTSsF3zzAQJglCggZAOSs5Fkg=",
            // 31 bytes.
            "KMV1:20221108120814608:uLD+mU8mz9K95neGiSJTSsF3zzAQJglCggZAOSs5Fg==",
            // Hex, as one abandoned client sent.
            "KMV1:20221108120814608:00112233445566778899aabbccddeeff00112233445",
        ] {
            assert_eq!(tran_token_mac(token), None, "{token}");
        }
    }
}
