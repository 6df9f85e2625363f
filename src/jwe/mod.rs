//! Message encryption as KONA PLATE does it: JWE (RFC 7516) in compact serialization with
//! `RSA-OAEP-256` key wrapping and `A128GCM` or `A256GCM` content encryption, on aws-lc-rs.
//!
//! A token is five base64url parts without padding, joined by dots:
//! `protected-header.encrypted-key.iv.ciphertext.tag`.
//!
//! - The protected header is `{"alg":"RSA-OAEP-256","enc":"A128GCM"}` (or `A256GCM`). There is
//!   no `kid`: the key id travels in the `X-KM-Crypto-Key-Id` HTTP header.
//! - The content encryption key (CEK) is random, 16 bytes for A128GCM and 32 for A256GCM, and is
//!   wrapped with the recipient's RSA public key: OAEP with SHA-256 and MGF1-SHA-256, no label.
//! - The IV is 12 random bytes; the tag is 16 bytes; the additional authenticated data is the
//!   ASCII of the encoded protected header, as RFC 7516 §5.1 says.
//!
//! On the wire a body is `{"encData":"<token>"}`; [`ENC_DATA`] names that field. Decryption
//! accepts either content encryption, chosen by the token's header, and nothing else: another
//! `alg`, an unknown `enc`, a `zip` or a `crit` header are errors, as is any altered part.
//! Errors say which part is wrong; a test harness values that over hiding which step failed.

mod key_formats;
mod keys;

use std::fmt;

use aws_lc_rs::aead::{self, AES_128_GCM, AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use keys::{KeyError, PrivateKey, PublicKey};

/// The key management algorithm, the only one accepted.
pub const ALG: &str = "RSA-OAEP-256";
/// The field of the wire body that carries the token: `{"encData":"<JWE>"}`.
pub const ENC_DATA: &str = "encData";
/// IV length in bytes.
pub const IV_LEN: usize = 12;
/// Authentication tag length in bytes.
pub const TAG_LEN: usize = 16;

/// The names of the five parts, in order, for messages.
const PARTS: [&str; 5] = [
    "protected header",
    "encrypted key",
    "initialization vector",
    "ciphertext",
    "authentication tag",
];

/// The content encryption (`enc`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum Enc {
    /// AES-GCM with a 128-bit key: what the vendor's clients send.
    #[default]
    #[serde(rename = "A128GCM")]
    A128Gcm,
    /// AES-GCM with a 256-bit key.
    #[serde(rename = "A256GCM")]
    A256Gcm,
}

impl Enc {
    /// Both, in order.
    pub const ALL: [Enc; 2] = [Enc::A128Gcm, Enc::A256Gcm];

    /// The header value, `A128GCM` or `A256GCM`.
    pub fn name(self) -> &'static str {
        match self {
            Enc::A128Gcm => "A128GCM",
            Enc::A256Gcm => "A256GCM",
        }
    }

    /// The value for a header name.
    pub fn from_name(name: &str) -> Option<Enc> {
        Enc::ALL.into_iter().find(|e| e.name() == name)
    }

    /// The CEK length in bytes.
    pub fn key_len(self) -> usize {
        match self {
            Enc::A128Gcm => 16,
            Enc::A256Gcm => 32,
        }
    }

    fn algorithm(self) -> &'static aead::Algorithm {
        match self {
            Enc::A128Gcm => &AES_128_GCM,
            Enc::A256Gcm => &AES_256_GCM,
        }
    }
}

impl fmt::Display for Enc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A decrypted token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    /// The plaintext bytes.
    pub plaintext: Vec<u8>,
    /// The content encryption the token used.
    pub enc: Enc,
}

/// Why a token could not be made or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JweError {
    /// Not five dot-separated parts.
    #[error("not a JWE in compact form: expected 5 dot-separated parts, found {0}")]
    Parts(usize),
    /// A part that is not base64url without padding.
    #[error("the JWE {0} is not base64url without padding")]
    Base64(&'static str),
    /// A header that is not a JSON object.
    #[error("the JWE protected header is not a JSON object")]
    Header,
    /// Another key management algorithm.
    #[error("the JWE header's `alg` is {0}; only \"RSA-OAEP-256\" is accepted")]
    Alg(String),
    /// Another content encryption.
    #[error("the JWE header's `enc` is {0}; only \"A128GCM\" and \"A256GCM\" are accepted")]
    Enc(String),
    /// A header parameter this implementation does not support (`zip`, `crit`).
    #[error("the JWE header has `{0}`, which is not supported")]
    Unsupported(String),
    /// An IV of the wrong length.
    #[error("the JWE initialization vector is {0} bytes; it must be 12")]
    Iv(usize),
    /// A tag of the wrong length.
    #[error("the JWE authentication tag is {0} bytes; it must be 16")]
    Tag(usize),
    /// The wrapped key does not open with this private key.
    #[error(
        "the JWE encrypted key does not decrypt with this private key \
         (a token for another key, or an altered encrypted key)"
    )]
    KeyUnwrap,
    /// The unwrapped key has the wrong length for `enc`.
    #[error("the JWE content key is {found} bytes; {enc} needs {expected}")]
    KeyLength {
        /// The header's `enc`.
        enc: Enc,
        /// Bytes found.
        found: usize,
        /// Bytes needed.
        expected: usize,
    },
    /// AES-GCM authentication failed.
    #[error(
        "the JWE does not authenticate: its header, IV, ciphertext or tag was altered \
         (AES-GCM tag mismatch)"
    )]
    Tampered,
    /// The system random source or a primitive failed while encrypting.
    #[error("cannot encrypt: {0}")]
    Encrypt(&'static str),
}

/// Encrypts `plaintext` for the owner of `recipient`: random CEK and IV, compact form.
pub fn encrypt(plaintext: &[u8], recipient: &PublicKey, enc: Enc) -> Result<String, JweError> {
    let mut cek = vec![0u8; enc.key_len()];
    let mut iv = [0u8; IV_LEN];
    aws_lc_rs::rand::fill(&mut cek).map_err(|_| JweError::Encrypt("no random bytes"))?;
    aws_lc_rs::rand::fill(&mut iv).map_err(|_| JweError::Encrypt("no random bytes"))?;
    let header = format!(r#"{{"alg":"{ALG}","enc":"{}"}}"#, enc.name());
    let header_b64 = URL_SAFE_NO_PAD.encode(header);
    let wrapped = recipient
        .wrap(&cek)
        .ok_or(JweError::Encrypt("RSA-OAEP-256 key wrapping failed"))?;
    let key = LessSafeKey::new(
        UnboundKey::new(enc.algorithm(), &cek).map_err(|_| JweError::Encrypt("bad content key"))?,
    );
    let mut data = plaintext.to_vec();
    let tag = key
        .seal_in_place_separate_tag(
            Nonce::assume_unique_for_key(iv),
            Aad::from(header_b64.as_bytes()),
            &mut data,
        )
        .map_err(|_| JweError::Encrypt("AES-GCM sealing failed"))?;
    Ok([
        header_b64,
        URL_SAFE_NO_PAD.encode(wrapped),
        URL_SAFE_NO_PAD.encode(iv),
        URL_SAFE_NO_PAD.encode(&data),
        URL_SAFE_NO_PAD.encode(tag.as_ref()),
    ]
    .join("."))
}

/// The content encryption a token declares, checking the header only (no key needed).
pub fn peek(token: &str) -> Result<Enc, JweError> {
    let first = split(token)?[0];
    header(first)
}

/// Decrypts a token with the recipient's private key.
pub fn decrypt(token: &str, key: &PrivateKey) -> Result<Opened, JweError> {
    let parts = split(token)?;
    let enc = header(parts[0])?;
    let mut bytes: Vec<Vec<u8>> = Vec::with_capacity(4);
    for (i, part) in parts.iter().enumerate().skip(1) {
        bytes.push(
            URL_SAFE_NO_PAD
                .decode(part)
                .map_err(|_| JweError::Base64(PARTS[i]))?,
        );
    }
    let [wrapped, iv, ciphertext, tag] =
        <[Vec<u8>; 4]>::try_from(bytes).map_err(|_| JweError::Parts(parts.len()))?;
    let iv: [u8; IV_LEN] = iv
        .as_slice()
        .try_into()
        .map_err(|_| JweError::Iv(iv.len()))?;
    if tag.len() != TAG_LEN {
        return Err(JweError::Tag(tag.len()));
    }
    let cek = key.unwrap_key(&wrapped).ok_or(JweError::KeyUnwrap)?;
    if cek.len() != enc.key_len() {
        return Err(JweError::KeyLength {
            enc,
            found: cek.len(),
            expected: enc.key_len(),
        });
    }
    let key = LessSafeKey::new(UnboundKey::new(enc.algorithm(), &cek).map_err(|_| {
        JweError::KeyLength {
            enc,
            found: cek.len(),
            expected: enc.key_len(),
        }
    })?);
    let mut in_out = ciphertext;
    in_out.extend_from_slice(&tag);
    let plaintext = key
        .open_in_place(
            Nonce::assume_unique_for_key(iv),
            Aad::from(parts[0].as_bytes()),
            &mut in_out,
        )
        .map_err(|_| JweError::Tampered)?;
    Ok(Opened {
        plaintext: plaintext.to_vec(),
        enc,
    })
}

fn split(token: &str) -> Result<[&str; 5], JweError> {
    let parts: Vec<&str> = token.split('.').collect();
    <[&str; 5]>::try_from(parts.as_slice()).map_err(|_| JweError::Parts(parts.len()))
}

fn header(encoded: &str) -> Result<Enc, JweError> {
    let raw = URL_SAFE_NO_PAD
        .decode(encoded)
        .map_err(|_| JweError::Base64(PARTS[0]))?;
    let Ok(Value::Object(h)) = serde_json::from_slice::<Value>(&raw) else {
        return Err(JweError::Header);
    };
    match h.get("alg") {
        Some(Value::String(a)) if a == ALG => {}
        other => return Err(JweError::Alg(shown(other))),
    }
    let enc = match h.get("enc") {
        Some(Value::String(e)) => Enc::from_name(e),
        _ => None,
    }
    .ok_or_else(|| JweError::Enc(shown(h.get("enc"))))?;
    for unsupported in ["zip", "crit"] {
        if h.contains_key(unsupported) {
            return Err(JweError::Unsupported(unsupported.to_string()));
        }
    }
    Ok(enc)
}

fn shown(v: Option<&Value>) -> String {
    v.map_or_else(|| "missing".to_string(), Value::to_string)
}

/// The token of a wire body `{"encData":"<JWE>"}`, if the body carries one.
pub fn enc_data(body: &Value) -> Option<&str> {
    body.as_object()?.get(ENC_DATA)?.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair() -> (PublicKey, PrivateKey) {
        let private = PrivateKey::from_pem(include_str!(
            "../../tests/keys/client-private-TEST-ONLY.pem"
        ))
        .unwrap();
        (private.public_key(), private)
    }

    #[test]
    fn round_trips_both_encs_and_empty_plaintext() {
        let (public, private) = pair();
        for enc in Enc::ALL {
            for plaintext in [&b""[..], br#"{"userId":50000104652}"#, &[0u8; 5000][..]] {
                let token = encrypt(plaintext, &public, enc).unwrap();
                assert_eq!(token.split('.').count(), 5);
                assert!(!token.contains('='));
                assert_eq!(peek(&token).unwrap(), enc);
                let opened = decrypt(&token, &private).unwrap();
                assert_eq!((opened.plaintext.as_slice(), opened.enc), (plaintext, enc));
            }
        }
    }

    #[test]
    fn the_header_is_exactly_the_vendors() {
        let (public, _) = pair();
        let token = encrypt(b"{}", &public, Enc::A128Gcm).unwrap();
        let header = URL_SAFE_NO_PAD
            .decode(token.split('.').next().unwrap())
            .unwrap();
        assert_eq!(header, br#"{"alg":"RSA-OAEP-256","enc":"A128GCM"}"#);
        let parts: Vec<Vec<u8>> = token
            .split('.')
            .map(|p| URL_SAFE_NO_PAD.decode(p).unwrap())
            .collect();
        assert_eq!(
            (
                parts[1].len(),
                parts[2].len(),
                parts[3].len(),
                parts[4].len()
            ),
            (256, 12, 2, 16)
        );
    }

    #[test]
    fn every_altered_part_is_refused() {
        let (public, private) = pair();
        let token = encrypt(b"{\"a\":1}", &public, Enc::A256Gcm).unwrap();
        let parts: Vec<&str> = token.split('.').collect();
        for i in 0..5 {
            let mut bytes = URL_SAFE_NO_PAD.decode(parts[i]).unwrap();
            let last = bytes.len() - 1;
            bytes[last] ^= 1;
            let mut altered: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
            altered[i] = URL_SAFE_NO_PAD.encode(&bytes);
            let e = decrypt(&altered.join("."), &private).unwrap_err();
            let expected = match i {
                0 => matches!(e, JweError::Header | JweError::Tampered),
                1 => e == JweError::KeyUnwrap,
                _ => e == JweError::Tampered,
            };
            assert!(expected, "part {i}: {e}");
        }
    }

    #[test]
    fn malformed_tokens_say_what_is_wrong() {
        let (public, private) = pair();
        let token = encrypt(b"{}", &public, Enc::A128Gcm).unwrap();
        let parts: Vec<&str> = token.split('.').collect();
        let with = |i: usize, v: &str| {
            let mut p: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
            p[i] = v.to_string();
            decrypt(&p.join("."), &private).unwrap_err()
        };
        let b64 = |s: &str| URL_SAFE_NO_PAD.encode(s);
        assert_eq!(decrypt("a.b.c", &private).unwrap_err(), JweError::Parts(3));
        assert_eq!(decrypt("", &private).unwrap_err(), JweError::Parts(1));
        assert_eq!(
            decrypt(&format!("{token}.x"), &private).unwrap_err(),
            JweError::Parts(6)
        );
        assert_eq!(with(3, "!!"), JweError::Base64("ciphertext"));
        assert_eq!(
            with(4, &format!("{}=", parts[4])),
            JweError::Base64("authentication tag")
        );
        assert_eq!(with(0, "%%"), JweError::Base64("protected header"));
        assert_eq!(with(0, &b64("[1]")), JweError::Header);
        assert_eq!(
            with(0, &b64(r#"{"alg":"RSA-OAEP","enc":"A128GCM"}"#)),
            JweError::Alg("\"RSA-OAEP\"".into())
        );
        assert_eq!(
            with(0, &b64(r#"{"enc":"A128GCM"}"#)),
            JweError::Alg("missing".into())
        );
        assert_eq!(
            with(0, &b64(r#"{"alg":"RSA-OAEP-256","enc":"A128CBC-HS256"}"#)),
            JweError::Enc("\"A128CBC-HS256\"".into())
        );
        assert_eq!(
            with(
                0,
                &b64(r#"{"alg":"RSA-OAEP-256","enc":"A128GCM","zip":"DEF"}"#)
            ),
            JweError::Unsupported("zip".into())
        );
        assert_eq!(with(2, &b64("short")), JweError::Iv(5));
        assert_eq!(with(4, &b64("short")), JweError::Tag(5));
        // The header says A256GCM but the wrapped key is 16 bytes.
        assert_eq!(
            with(0, &b64(r#"{"alg":"RSA-OAEP-256","enc":"A256GCM"}"#)),
            JweError::KeyLength {
                enc: Enc::A256Gcm,
                found: 16,
                expected: 32
            }
        );
    }

    #[test]
    fn another_key_cannot_open_it() {
        let (public, _) = pair();
        let other = PrivateKey::from_pem(include_str!(
            "../../tests/keys/server-private-TEST-ONLY.pem"
        ))
        .unwrap();
        let token = encrypt(b"{}", &public, Enc::A128Gcm).unwrap();
        assert_eq!(decrypt(&token, &other).unwrap_err(), JweError::KeyUnwrap);
    }

    #[test]
    fn enc_data_reads_only_a_string_field() {
        assert_eq!(
            enc_data(&serde_json::json!({"encData": "a.b"})),
            Some("a.b")
        );
        assert_eq!(enc_data(&serde_json::json!({"encData": 1})), None);
        assert_eq!(enc_data(&serde_json::json!(["encData"])), None);
    }
}
