//! `X-KM-Correlation-Id`: recognising a well-formed one and making a new one.
//!
//! The vendor only says the header is mandatory in the response; the mock echoes the request's
//! id when it is well-formed (so a client can match logs), and otherwise makes one in the
//! documented `yyMMddHHmmss-xxxxxxx` form.

use axum::http::HeaderMap;
use chrono::{DateTime, FixedOffset};

use super::envelope::CORRELATION_ID_HEADER;

/// Whether `value` is `^[0-9]{12}-[0-9A-Fa-f]{7}$` (20 characters).
pub(crate) fn is_well_formed(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 20
        && bytes[..12].iter().all(u8::is_ascii_digit)
        && bytes[12] == b'-'
        && bytes[13..].iter().all(u8::is_ascii_hexdigit)
}

/// A fresh id: the KST time `yyMMddHHmmss`, a dash, 7 lowercase hex digits.
pub(crate) fn generate(now_kst: DateTime<FixedOffset>) -> String {
    format!(
        "{}-{:07x}",
        now_kst.format("%y%m%d%H%M%S"),
        random_28_bits()
    )
}

/// The id to answer with: the request's when well-formed, else a fresh one.
pub(crate) fn for_response(headers: &HeaderMap, now_kst: DateTime<FixedOffset>) -> String {
    headers
        .get(CORRELATION_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|value| is_well_formed(value))
        .map_or_else(|| generate(now_kst), str::to_owned)
}

/// Ids only tell answers apart in logs: no cryptographic randomness needed (its first use
/// costs a ~30 ms seeding stall, see [`crate::run::headers::random_u32`]).
fn random_28_bits() -> u32 {
    fastrand::u32(..) & 0x0FFF_FFFF
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use chrono::TimeZone as _;

    fn kst_instant() -> DateTime<FixedOffset> {
        crate::mock::clock::kst()
            .with_ymd_and_hms(2026, 3, 10, 0, 5, 9)
            .unwrap()
    }

    #[test]
    fn recognises_the_documented_form() {
        assert!(is_well_formed("260310000509-a1B2c3D"));
        assert!(!is_well_formed("260310000509-a1B2c3"));
        assert!(!is_well_formed("260310000509-a1B2c3DE"));
        assert!(!is_well_formed("2603100005091a1B2c3D"));
        assert!(!is_well_formed("26031000050x-a1B2c3D"));
        assert!(!is_well_formed("260310000509-a1B2c3G"));
        assert!(!is_well_formed(""));
    }

    #[test]
    fn generated_ids_are_well_formed_and_in_kst() {
        let id = generate(kst_instant());
        assert!(is_well_formed(&id), "{id}");
        assert!(id.starts_with("260310000509-"), "{id}");
    }

    #[test]
    fn echoes_only_well_formed_ids() {
        let mut headers = HeaderMap::new();
        headers.insert(
            CORRELATION_ID_HEADER,
            HeaderValue::from_static("251231235959-0000abc"),
        );
        assert_eq!(
            for_response(&headers, kst_instant()),
            "251231235959-0000abc"
        );
        headers.insert(CORRELATION_ID_HEADER, HeaderValue::from_static("too-short"));
        let fresh = for_response(&headers, kst_instant());
        assert!(fresh.starts_with("260310000509-"), "{fresh}");
        assert!(for_response(&HeaderMap::new(), kst_instant()).starts_with("260310000509-"));
    }
}
