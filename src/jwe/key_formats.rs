//! Key and certificate formats, read with the RustCrypto crates: PEM blocks (`pem-rfc7468`), and
//! the DER envelopes aws-lc-rs reads: a certificate's `SubjectPublicKeyInfo` (`x509-cert`), a
//! PKCS#1 public key wrapped as SPKI (`pkcs1`, `spki`), a PKCS#1 private key wrapped as
//! PKCS#8 (`pkcs8`). Only parsing happens here; aws-lc-rs does the cryptography.
//!
//! A file may hold several blocks (a key and its certificate, with OpenSSL's "Bag Attributes"
//! text between them), so the text is cut at its `-----BEGIN`/`-----END` lines and each block
//! is decoded by `pem-rfc7468`, which checks the armour and the base64 strictly.

use der::{Decode as _, Encode as _};

/// A decoded PEM block: its label and its DER bytes.
pub(super) struct Block {
    /// The label, e.g. `PUBLIC KEY`.
    pub label: String,
    /// The decoded body.
    pub der: Vec<u8>,
}

/// Why a block could not be decoded: its label and the reason.
pub(super) type BlockError = (String, String);

/// Every PEM block of `text`, in order. Text outside blocks is ignored.
pub(super) fn pem_blocks(text: &str) -> Result<Vec<Block>, BlockError> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = find_line_start(rest, "-----BEGIN ") {
        let from_begin = &rest[start..];
        let first_line = from_begin.lines().next().unwrap_or_default().trim_end();
        let label = first_line
            .strip_prefix("-----BEGIN ")
            .and_then(|l| l.strip_suffix("-----"))
            .ok_or_else(|| {
                (
                    first_line.to_string(),
                    "its BEGIN line is malformed".to_string(),
                )
            })?
            .to_string();
        let end_line = format!("-----END {label}-----");
        let Some(end) = from_begin.find(&end_line) else {
            return Err((label, format!("no `{end_line}` line")));
        };
        let block = &from_begin[..end + end_line.len()];
        let der = decode(block).map_err(|e| (label.clone(), format!("{e}")))?;
        if der.is_empty() {
            return Err((label, "its body is empty".to_string()));
        }
        blocks.push(Block { label, der });
        rest = &from_begin[end + end_line.len()..];
    }
    Ok(blocks)
}

/// One block's body. `pem-rfc7468` wants to know the line width; writers differ (OpenSSL 64,
/// MIME tools 76), so it is the width of the first body line.
fn decode(block: &str) -> pem_rfc7468::Result<Vec<u8>> {
    let width = block
        .lines()
        .nth(1)
        .map_or(0, |l| l.trim_end().len())
        .max(4);
    let mut decoder = pem_rfc7468::Decoder::new_wrapped(block.as_bytes(), width)?;
    let mut der = Vec::new();
    decoder.decode_to_end(&mut der)?;
    Ok(der)
}

/// Where the first line starting with `prefix` begins (leading blanks allowed).
fn find_line_start(text: &str, prefix: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let blanks = line.len() - line.trim_start_matches([' ', '\t']).len();
        if line[blanks..].starts_with(prefix) {
            return Some(offset + blanks);
        }
        offset += line.len();
    }
    None
}

/// The `SubjectPublicKeyInfo` (DER) of an X.509 certificate.
pub(super) fn certificate_spki(cert: &[u8]) -> Result<Vec<u8>, String> {
    let cert = x509_cert::Certificate::from_der(cert).map_err(|e| e.to_string())?;
    cert.tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|e| e.to_string())
}

/// `SubjectPublicKeyInfo` around a PKCS#1 `RSAPublicKey`.
pub(super) fn pkcs1_public_to_spki(pkcs1_der: &[u8]) -> Result<Vec<u8>, String> {
    pkcs1::RsaPublicKey::from_der(pkcs1_der).map_err(|e| e.to_string())?;
    let spki = spki::SubjectPublicKeyInfoRef {
        algorithm: pkcs1::ALGORITHM_ID,
        subject_public_key: der::asn1::BitStringRef::from_bytes(pkcs1_der)
            .map_err(|e| e.to_string())?,
    };
    spki.to_der().map_err(|e| e.to_string())
}

/// PKCS#8 `PrivateKeyInfo` (v1) around a PKCS#1 `RSAPrivateKey`.
pub(super) fn pkcs1_private_to_pkcs8(pkcs1_der: &[u8]) -> Result<Vec<u8>, String> {
    pkcs1::RsaPrivateKey::from_der(pkcs1_der).map_err(|e| e.to_string())?;
    pkcs8::PrivateKeyInfo::new(pkcs1::ALGORITHM_ID, pkcs1_der)
        .to_der()
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_or_garbage_der_is_an_error() {
        for bad in [
            &[][..],
            &[0x30][..],
            &[0x30, 0x05, 0x01][..],
            &[0x30, 0x85, 1, 1, 1, 1, 1][..],
            &[0x30, 0x82, 0x01][..],
            &[0x1f, 0x01, 0x00][..],
            // A SEQUENCE holding an INTEGER only.
            &[0x30, 0x03, 0x02, 0x01, 0x01][..],
        ] {
            assert!(certificate_spki(bad).is_err(), "{bad:?}");
            assert!(pkcs1_public_to_spki(bad).is_err(), "{bad:?}");
            assert!(pkcs1_private_to_pkcs8(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn blocks_are_found_between_other_text() {
        let text = "Bag Attributes: x\n  -----BEGIN A-----\nAAEC\n-----END A-----\nnoise\n\
                    -----BEGIN B C-----\nAw==\n-----END B C-----\n";
        let blocks = pem_blocks(text).unwrap();
        let found: Vec<(&str, &[u8])> = blocks
            .iter()
            .map(|b| (b.label.as_str(), b.der.as_slice()))
            .collect();
        assert_eq!(found, [("A", &[0u8, 1, 2][..]), ("B C", &[3u8][..])]);
        assert!(pem_blocks("-----BEGIN A-----\nAAEC\n").is_err());
        assert!(pem_blocks("-----BEGIN A-----\nA*EC\n-----END A-----\n").is_err());
    }
}
