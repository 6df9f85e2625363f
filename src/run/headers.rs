//! The `X-KM-*` request headers, generated per request from one clock reading.
//!
//! The correlation id (`yyMMddHHmmss-` + 7 hex), `X-KM-Tran-Time` (`yyyyMMddHHmmss`) and the
//! Tran-Token's time (`yyyyMMddHHmmssSSS`) all come from the same instant in the profile's zone,
//! as the vendor's servers compare them. The token's MAC covers the exact body bytes sent.

use aws_lc_rs::hmac;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, FixedOffset, Utc};

use crate::profile::TimeZone;

/// Header names, as the vendor spells them (kept with the contract, [`crate::spec::protocol`]).
pub use crate::spec::protocol::header as names;

/// What the headers are made from.
#[derive(Debug, Clone)]
pub struct HeaderInputs<'a> {
    /// ASP id.
    pub asp_id: &'a str,
    /// Access key.
    pub access_key: &'a str,
    /// HMAC key.
    pub secret_key: &'a str,
    /// Crypto key id, sent only for encrypted requests.
    pub crypto_key_id: Option<&'a str>,
    /// The zone times are written in.
    pub zone: &'a TimeZone,
}

/// The clock reading in a zone.
pub fn local_time(now: DateTime<Utc>, zone: &TimeZone) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(zone.offset_secs)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
    now.with_timezone(&offset)
}

/// `yyMMddHHmmss-` + 7 hex digits: exactly 20 characters.
pub fn correlation_id(local: &DateTime<FixedOffset>, random: u32) -> String {
    format!(
        "{}-{:07x}",
        local.format("%y%m%d%H%M%S"),
        random & 0x0fff_ffff
    )
}

/// `KMV1:` + `yyyyMMddHHmmssSSS` + `:` + base64(HMAC-SHA256(secret, body)), with padding (67).
pub fn tran_token(local: &DateTime<FixedOffset>, secret: &str, body: &[u8]) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    let tag = hmac::sign(&key, body);
    format!(
        "KMV1:{}:{}",
        local.format("%Y%m%d%H%M%S%3f"),
        STANDARD.encode(tag.as_ref())
    )
}

/// All `X-KM-*` headers for one request, in a fixed order.
pub fn generate(
    inputs: &HeaderInputs,
    now: DateTime<Utc>,
    random: u32,
    body: &[u8],
) -> Vec<(String, String)> {
    let local = local_time(now, inputs.zone);
    let mut h = vec![
        (names::ASP_ID.to_string(), inputs.asp_id.to_string()),
        (
            names::CORRELATION_ID.to_string(),
            correlation_id(&local, random),
        ),
        (names::ACCESS_KEY.to_string(), inputs.access_key.to_string()),
        (
            names::TRAN_TOKEN.to_string(),
            tran_token(&local, inputs.secret_key, body),
        ),
        (
            names::TRAN_TIME.to_string(),
            local.format("%Y%m%d%H%M%S").to_string(),
        ),
        (names::TIME_ZONE.to_string(), inputs.zone.name.clone()),
    ];
    if let Some(id) = inputs.crypto_key_id {
        h.push((names::CRYPTO_KEY_ID.to_string(), id.to_string()));
    }
    h
}

/// Applies a case's overrides: a value replaces (or adds) a header, `None` drops it.
pub fn apply_overrides(
    headers: &mut Vec<(String, String)>,
    overrides: &[(String, Option<String>)],
) {
    for (name, value) in overrides {
        let pos = headers
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(name));
        match (pos, value) {
            (Some(i), Some(v)) => headers[i].1 = v.clone(),
            (Some(i), None) => {
                headers.remove(i);
            }
            (None, Some(v)) => headers.push((name.clone(), v.clone())),
            (None, None) => {}
        }
    }
}

/// A random number for correlation ids. They only tell requests apart in logs, so a fast
/// per-thread generator (seeded from std's per-process hash keys) does: the first draw from
/// AWS-LC's CSPRNG seeds its jitter-entropy source, a ~30 ms stall a run need not pay for this.
pub fn random_u32() -> u32 {
    fastrand::u32(..)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    const SECRET: &str = "kp-test-secret-key-do-not-use-in-production";

    fn kst() -> TimeZone {
        TimeZone {
            name: "KST".into(),
            offset_secs: 9 * 3600,
        }
    }

    fn instant() -> DateTime<Utc> {
        // 2022-11-08 12:08:14.608 KST, the time of the vendor's sample token.
        Utc.with_ymd_and_hms(2022, 11, 8, 3, 8, 14).unwrap() + chrono::Duration::milliseconds(608)
    }

    /// Vector computed independently with
    /// `printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -binary | base64`.
    #[test]
    fn tran_token_matches_an_openssl_vector() {
        let body = br#"{"cardNo":"9410000000000001","status":"SUSPEND","userId":50000104652}"#;
        let local = local_time(instant(), &kst());
        assert_eq!(
            tran_token(&local, SECRET, body),
            "KMV1:20221108120814608:C/u0g/lV0LQZBjoY2ReTK9K709kte92iCMvaHB1ngGI="
        );
        assert_eq!(tran_token(&local, SECRET, body).len(), 67);
        assert_eq!(
            tran_token(&local, SECRET, b""),
            "KMV1:20221108120814608:CAn0iG001L/cUVjViZNF6NQ2DUIaLX0PFJw8DNhtFj4="
        );
    }

    #[test]
    fn headers_come_from_one_reading_in_the_profile_zone() {
        let zone = kst();
        let inputs = HeaderInputs {
            asp_id: "000170000000000",
            access_key: "a",
            secret_key: SECRET,
            crypto_key_id: None,
            zone: &zone,
        };
        let h = generate(&inputs, instant(), 0xdead_beef, b"{}");
        let get = |n: &str| {
            h.iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.as_str())
                .unwrap()
        };
        assert_eq!(get(names::CORRELATION_ID), "221108120814-eadbeef");
        assert_eq!(get(names::CORRELATION_ID).len(), 20);
        assert_eq!(get(names::TRAN_TIME), "20221108120814");
        assert!(get(names::TRAN_TOKEN).starts_with("KMV1:20221108120814608:"));
        assert_eq!(get(names::TIME_ZONE), "KST");
        let utc = TimeZone {
            name: "UTC".into(),
            offset_secs: 0,
        };
        let h = generate(
            &HeaderInputs {
                zone: &utc,
                ..inputs
            },
            instant(),
            1,
            b"{}",
        );
        assert_eq!(h[4].1, "20221108030814");
    }

    #[test]
    fn overrides_replace_drop_and_add() {
        let mut h = vec![
            ("A".to_string(), "1".to_string()),
            ("B".to_string(), "2".to_string()),
        ];
        apply_overrides(
            &mut h,
            &[
                ("a".into(), Some("9".into())),
                ("B".into(), None),
                ("C".into(), Some("3".into())),
            ],
        );
        assert_eq!(
            h,
            vec![
                ("A".to_string(), "9".to_string()),
                ("C".to_string(), "3".to_string())
            ]
        );
    }
}
