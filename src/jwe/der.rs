//! The few DER operations key loading needs: find the public key inside an X.509 certificate,
//! and wrap PKCS#1 RSA keys into the SPKI / PKCS#8 envelopes aws-lc-rs reads.
//!
//! A reader of definite-length TLVs only (DER has no other kind), bounded by the input: every
//! length is checked against what is left, so malformed input is an error, never a panic.

/// `AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }`, DER.
const RSA_ALGORITHM: &[u8] = &[
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
];

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
/// `[0] EXPLICIT`, the optional version of a `TBSCertificate`.
const CONTEXT_0: u8 = 0xa0;

/// One element: its tag, its content, the whole encoding, and what follows it.
struct Tlv<'a> {
    tag: u8,
    content: &'a [u8],
    whole: &'a [u8],
    rest: &'a [u8],
}

fn read(input: &[u8]) -> Result<Tlv<'_>, &'static str> {
    let (&tag, after_tag) = input.split_first().ok_or("truncated DER element")?;
    if tag & 0x1f == 0x1f {
        return Err("multi-byte DER tags are not expected here");
    }
    let (&first, after_len) = after_tag.split_first().ok_or("truncated DER length")?;
    let (len, body) = if first < 0x80 {
        (usize::from(first), after_len)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || after_len.len() < n {
            return Err("unsupported or truncated DER length");
        }
        let len = after_len[..n]
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, &after_len[n..])
    };
    if body.len() < len {
        return Err("a DER element is longer than its input");
    }
    let header = input.len() - body.len();
    Ok(Tlv {
        tag,
        content: &body[..len],
        whole: &input[..header + len],
        rest: &body[len..],
    })
}

fn expect<'a>(input: &'a [u8], tag: u8, what: &'static str) -> Result<Tlv<'a>, &'static str> {
    let tlv = read(input)?;
    if tlv.tag == tag { Ok(tlv) } else { Err(what) }
}

/// The `SubjectPublicKeyInfo` (whole DER element) of an X.509 certificate.
pub(super) fn certificate_spki(cert: &[u8]) -> Result<&[u8], &'static str> {
    let certificate = expect(cert, SEQUENCE, "a certificate is a DER SEQUENCE")?;
    let tbs = expect(
        certificate.content,
        SEQUENCE,
        "a certificate starts with its TBSCertificate",
    )?;
    let mut fields = tbs.content;
    let first = read(fields)?;
    if first.tag == CONTEXT_0 {
        fields = first.rest;
    }
    // serialNumber, signature, issuer, validity, subject: skipped in order.
    let serial = expect(
        fields,
        INTEGER,
        "the certificate's serial number is missing",
    )?;
    fields = serial.rest;
    for _ in 0..4 {
        fields = expect(
            fields,
            SEQUENCE,
            "the certificate's fields are out of order",
        )?
        .rest;
    }
    let spki = expect(
        fields,
        SEQUENCE,
        "the certificate has no SubjectPublicKeyInfo",
    )?;
    Ok(spki.whole)
}

/// `SubjectPublicKeyInfo` around a PKCS#1 `RSAPublicKey`.
pub(super) fn pkcs1_public_to_spki(pkcs1: &[u8]) -> Vec<u8> {
    let mut bits = Vec::with_capacity(pkcs1.len() + 1);
    bits.push(0); // no unused bits
    bits.extend_from_slice(pkcs1);
    let mut content = RSA_ALGORITHM.to_vec();
    content.extend(encode(BIT_STRING, &bits));
    encode(SEQUENCE, &content)
}

/// PKCS#8 `PrivateKeyInfo` (v1) around a PKCS#1 `RSAPrivateKey`.
pub(super) fn pkcs1_private_to_pkcs8(pkcs1: &[u8]) -> Vec<u8> {
    let mut content = vec![INTEGER, 0x01, 0x00]; // version 0
    content.extend_from_slice(RSA_ALGORITHM);
    content.extend(encode(OCTET_STRING, pkcs1));
    encode(SEQUENCE, &content)
}

fn encode(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_round_trip_in_short_and_long_form() {
        for len in [0usize, 1, 127, 128, 255, 256, 70_000] {
            let content = vec![7u8; len];
            let encoded = encode(OCTET_STRING, &content);
            let tlv = read(&encoded).unwrap();
            assert_eq!(
                (tlv.tag, tlv.content.len(), tlv.rest.len()),
                (OCTET_STRING, len, 0)
            );
            assert_eq!(tlv.whole.len(), encoded.len());
        }
    }

    #[test]
    fn truncated_or_garbage_input_is_an_error() {
        for bad in [
            &[][..],
            &[0x30][..],
            &[0x30, 0x05, 0x01][..],
            &[0x30, 0x85, 1, 1, 1, 1, 1][..],
            &[0x30, 0x82, 0x01][..],
            &[0x1f, 0x01, 0x00][..],
        ] {
            assert!(read(bad).is_err(), "{bad:?}");
            assert!(certificate_spki(bad).is_err(), "{bad:?}");
        }
        // A SEQUENCE holding an INTEGER only: not a certificate.
        assert!(certificate_spki(&encode(SEQUENCE, &encode(INTEGER, &[1]))).is_err());
    }
}
