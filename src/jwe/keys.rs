//! RSA keys from PEM text: the RustCrypto format crates read the armour and the DER envelopes
//! ([`key_formats`](super::key_formats)), aws-lc-rs holds the key.
//!
//! Public keys: `PUBLIC KEY` (SPKI), `RSA PUBLIC KEY` (PKCS#1) or `CERTIFICATE` (X.509; the
//! vendor hands out its keys as certificates). Private keys: `PRIVATE KEY` (PKCS#8) or
//! `RSA PRIVATE KEY` (PKCS#1). The first block of a usable kind wins, so a file holding a key
//! and its certificate works. aws-lc-rs accepts RSA keys of 2048 to 8192 bits.

use std::fmt;

use super::key_formats::{self, Block};
use aws_lc_rs::rsa::{
    KeySize, OAEP_SHA256_MGF1SHA256, OaepPrivateDecryptingKey, OaepPublicEncryptingKey,
    PrivateDecryptingKey, PublicEncryptingKey,
};

/// Why a key could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// No `-----BEGIN …-----` line at all.
    #[error("no PEM block found (expected a `-----BEGIN …-----` line)")]
    NoPem,
    /// A block without its end line, or with a body that is not base64.
    #[error("the PEM block `{label}` is malformed: {reason}")]
    BadPem {
        /// The block's label.
        label: String,
        /// What is wrong.
        reason: String,
    },
    /// Only blocks of other kinds.
    #[error("no {wanted} PEM block found (found: {found})")]
    WrongKind {
        /// The labels accepted.
        wanted: &'static str,
        /// The labels present.
        found: String,
    },
    /// A passphrase-protected private key.
    #[error(
        "the private key is encrypted with a passphrase; export it without one \
         (`openssl pkey -in KEY.pem -out KEY-plain.pem`)"
    )]
    Encrypted,
    /// The DER inside a block could not be read.
    #[error("the `{label}` block is not valid DER: {reason}")]
    Der {
        /// The block's label.
        label: String,
        /// What the decoder found.
        reason: String,
    },
    /// aws-lc-rs refused the key.
    #[error("not a usable RSA key ({0}); RSA keys of 2048 to 8192 bits are accepted")]
    Rejected(String),
}

/// An RSA public key: wraps content keys (RSA-OAEP-256) for its owner.
#[derive(Clone)]
pub struct PublicKey {
    key: PublicEncryptingKey,
}

/// An RSA private key: unwraps content keys (RSA-OAEP-256) sent to its owner.
#[derive(Clone)]
pub struct PrivateKey {
    key: PrivateDecryptingKey,
}

impl PublicKey {
    /// Reads a `PUBLIC KEY`, `RSA PUBLIC KEY` or `CERTIFICATE` PEM block.
    pub fn from_pem(text: &str) -> Result<PublicKey, KeyError> {
        let blocks = pem_blocks(text)?;
        for Block { label, der } in &blocks {
            let der_error = |reason| KeyError::Der {
                label: label.clone(),
                reason,
            };
            match label.as_str() {
                "PUBLIC KEY" => return PublicKey::from_spki_der(der),
                "RSA PUBLIC KEY" => {
                    let spki = key_formats::pkcs1_public_to_spki(der).map_err(der_error)?;
                    return PublicKey::from_spki_der(&spki);
                }
                "CERTIFICATE" => {
                    let spki = key_formats::certificate_spki(der).map_err(der_error)?;
                    return PublicKey::from_spki_der(&spki);
                }
                _ => {}
            }
        }
        Err(wrong_kind(
            "PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE",
            &blocks,
        ))
    }

    /// Reads an X.509 `SubjectPublicKeyInfo` in DER.
    pub fn from_spki_der(der: &[u8]) -> Result<PublicKey, KeyError> {
        PublicEncryptingKey::from_der(der)
            .map(|key| PublicKey { key })
            .map_err(|e| KeyError::Rejected(e.to_string()))
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.key.key_size_bits()
    }

    /// RSA-OAEP with SHA-256 and MGF1-SHA-256 (`RSA-OAEP-256`), no label.
    pub(super) fn wrap(&self, cek: &[u8]) -> Option<Vec<u8>> {
        let oaep = OaepPublicEncryptingKey::new(self.key.clone()).ok()?;
        let mut out = vec![0u8; oaep.ciphertext_size()];
        let len = oaep
            .encrypt(&OAEP_SHA256_MGF1SHA256, cek, &mut out, None)
            .ok()?
            .len();
        out.truncate(len);
        Some(out)
    }
}

impl PrivateKey {
    /// Reads a `PRIVATE KEY` (PKCS#8) or `RSA PRIVATE KEY` (PKCS#1) PEM block.
    pub fn from_pem(text: &str) -> Result<PrivateKey, KeyError> {
        if text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")
            || text.contains("Proc-Type: 4,ENCRYPTED")
        {
            return Err(KeyError::Encrypted);
        }
        let blocks = pem_blocks(text)?;
        for Block { label, der } in &blocks {
            match label.as_str() {
                "PRIVATE KEY" => return PrivateKey::from_pkcs8_der(der),
                "RSA PRIVATE KEY" => {
                    let pkcs8 = key_formats::pkcs1_private_to_pkcs8(der).map_err(|reason| {
                        KeyError::Der {
                            label: label.clone(),
                            reason,
                        }
                    })?;
                    return PrivateKey::from_pkcs8_der(&pkcs8);
                }
                _ => {}
            }
        }
        Err(wrong_kind("PRIVATE KEY or RSA PRIVATE KEY", &blocks))
    }

    /// Reads a PKCS#8 v1 `PrivateKeyInfo` in DER.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<PrivateKey, KeyError> {
        PrivateDecryptingKey::from_pkcs8(der)
            .map(|key| PrivateKey { key })
            .map_err(|e| KeyError::Rejected(e.to_string()))
    }

    /// A fresh 2048-bit key (for tests and throw-away mocks).
    pub fn generate() -> Result<PrivateKey, KeyError> {
        PrivateDecryptingKey::generate(KeySize::Rsa2048)
            .map(|key| PrivateKey { key })
            .map_err(|e| KeyError::Rejected(e.to_string()))
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        PublicKey {
            key: self.key.public_key(),
        }
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.key.key_size_bits()
    }

    /// Undoes [`PublicKey::wrap`]; `None` when the wrapped key is not for this key or altered.
    pub(super) fn unwrap_key(&self, wrapped: &[u8]) -> Option<Vec<u8>> {
        let oaep = OaepPrivateDecryptingKey::new(self.key.clone()).ok()?;
        let mut out = vec![0u8; oaep.min_output_size()];
        let len = oaep
            .decrypt(&OAEP_SHA256_MGF1SHA256, wrapped, &mut out, None)
            .ok()?
            .len();
        out.truncate(len);
        Some(out)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey(RSA {} bits)", self.bits())
    }
}

impl fmt::Debug for PrivateKey {
    // Key material never reaches a log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey(RSA {} bits, [REDACTED])", self.bits())
    }
}

fn wrong_kind(wanted: &'static str, blocks: &[Block]) -> KeyError {
    KeyError::WrongKind {
        wanted,
        found: blocks
            .iter()
            .map(|b| format!("`{}`", b.label))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Every PEM block of `text`; none at all is [`KeyError::NoPem`].
fn pem_blocks(text: &str) -> Result<Vec<Block>, KeyError> {
    let blocks = key_formats::pem_blocks(text)
        .map_err(|(label, reason)| KeyError::BadPem { label, reason })?;
    if blocks.is_empty() {
        return Err(KeyError::NoPem);
    }
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVER_PUBLIC: &str = include_str!("../../tests/keys/server-public-TEST-ONLY.pem");
    const SERVER_PRIVATE: &str = include_str!("../../tests/keys/server-private-TEST-ONLY.pem");
    const SERVER_CERT: &str = include_str!("../../tests/keys/server-cert-TEST-ONLY.pem");

    #[test]
    fn reads_spki_pkcs8_and_a_certificate() {
        let public = PublicKey::from_pem(SERVER_PUBLIC).unwrap();
        let private = PrivateKey::from_pem(SERVER_PRIVATE).unwrap();
        let from_cert = PublicKey::from_pem(SERVER_CERT).unwrap();
        assert_eq!(
            (public.bits(), private.bits(), from_cert.bits()),
            (2048, 2048, 2048)
        );
        for key in [&public, &from_cert, &private.public_key()] {
            let wrapped = key.wrap(b"0123456789abcdef").unwrap();
            assert_eq!(private.unwrap_key(&wrapped).unwrap(), b"0123456789abcdef");
        }
    }

    #[test]
    fn a_key_and_its_certificate_in_one_file_work_for_both_directions() {
        let both = format!("Bag Attributes: x\n{SERVER_CERT}\n{SERVER_PRIVATE}");
        assert!(PublicKey::from_pem(&both).is_ok());
        assert!(PrivateKey::from_pem(&both).is_ok());
    }

    #[test]
    fn wrong_or_broken_pem_says_what_is_wrong() {
        assert_eq!(PublicKey::from_pem("hello").unwrap_err(), KeyError::NoPem);
        assert!(matches!(
            PublicKey::from_pem(SERVER_PRIVATE).unwrap_err(),
            KeyError::WrongKind { found, .. } if found == "`PRIVATE KEY`"
        ));
        assert!(matches!(
            PrivateKey::from_pem(SERVER_PUBLIC).unwrap_err(),
            KeyError::WrongKind { .. }
        ));
        let cut: String = SERVER_PUBLIC.lines().take(3).collect::<Vec<_>>().join("\n");
        assert!(matches!(
            PublicKey::from_pem(&cut).unwrap_err(),
            KeyError::BadPem { .. }
        ));
        let garbled = SERVER_PUBLIC.replacen("MII", "M*I", 1);
        assert!(matches!(
            PublicKey::from_pem(&garbled).unwrap_err(),
            KeyError::BadPem { .. }
        ));
        let not_a_key = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
        assert!(matches!(
            PublicKey::from_pem(not_a_key).unwrap_err(),
            KeyError::Rejected(_)
        ));
        let encrypted =
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assert_eq!(
            PrivateKey::from_pem(encrypted).unwrap_err(),
            KeyError::Encrypted
        );
    }

    #[test]
    fn crlf_and_other_line_widths_are_read_too() {
        let body: String = SERVER_PUBLIC
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect();
        let lines: Vec<&str> = body
            .as_bytes()
            .chunks(76)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        let wide = format!(
            "-----BEGIN PUBLIC KEY-----\r\n{}\r\n-----END PUBLIC KEY-----\r\n",
            lines.join("\r\n")
        );
        assert_eq!(PublicKey::from_pem(&wide).unwrap().bits(), 2048);
    }

    #[test]
    fn debug_shows_no_key_material() {
        let private = PrivateKey::from_pem(SERVER_PRIVATE).unwrap();
        assert_eq!(
            format!("{private:?}"),
            "PrivateKey(RSA 2048 bits, [REDACTED])"
        );
    }
}
