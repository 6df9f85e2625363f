//! Message encryption (JWE) in the mock: opening encrypted requests and sealing answers.
//!
//! The vendor pages mark the request of pre-issue/waiting/physical and expired reissue, and the
//! answer of pre-issue/waiting/physical and delivery cancel, "Encrypted". The mock holds a server
//! key pair and the client's public key ([`MockCrypto`]), both TEST KEYS by default
//! (`tests/keys/`), and follows those flags:
//!
//! - A request of a request-encrypted operation whose body has `encData` is opened with the
//!   server's private key, after the Tran-Token was checked over the wrapper bytes as received,
//!   and before any field is read. A plain body is accepted as well, so plain clients (and
//!   Schemathesis) keep working.
//! - An answer of a response-encrypted operation is sealed for the client's public key when the
//!   request carries `X-KM-Crypto-Key-Id`; the plaintext is the whole envelope. Answers of the
//!   gateway stages (headers, size, credentials, decryption, JSON) stay plain.
//! - Whenever encryption is in play, `X-KM-Crypto-Key-Id` must be the mock's key id.
//!
//! Failures (the vendor documents none, so these are the mock's decisions, in docs/mock.md):
//! a missing or unknown key id is `400 000_002 "Invalid input parameter. X-KM-Crypto-Key-Id"`;
//! an `encData` that is not a string or does not decrypt (malformed, altered, another key, other
//! algorithms) is `400 000_002 "Invalid input parameter. encData"`; a plaintext that is not a
//! JSON object is `400 000_002 "Invalid input parameter. body"`, as for a plain body.

use std::fmt;

use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::response::Response;
use serde_json::{Map, Value};

use super::envelope::{Reply, json_response};
use super::headers::{self, CRYPTO_KEY_ID};
use super::operation::Operation;
use super::rejection::Rejection;
use crate::jwe::{self, Enc, KeyError, PrivateKey, PublicKey};

/// TEST KEY: the mock's server private key (PKCS#8 PEM); protects nothing.
pub const TEST_SERVER_PRIVATE_KEY_PEM: &str =
    include_str!("../../tests/keys/server-private-TEST-ONLY.pem");

/// TEST KEY: the client public key the mock encrypts answers for (SPKI PEM); its private half
/// is `tests/keys/client-private-TEST-ONLY.pem`.
pub const TEST_CLIENT_PUBLIC_KEY_PEM: &str =
    include_str!("../../tests/keys/client-public-TEST-ONLY.pem");

/// The mock's keys for message encryption.
#[derive(Clone)]
pub struct MockCrypto {
    /// The only `X-KM-Crypto-Key-Id` accepted with encrypted traffic (32 characters).
    pub key_id: String,
    /// Opens encrypted requests.
    pub server_key: PrivateKey,
    /// Encrypted answers are for this key.
    pub client_key: PublicKey,
    /// Content encryption of answers; `None`: the request's when it was encrypted, else
    /// `A128GCM`.
    pub response_enc: Option<Enc>,
}

impl MockCrypto {
    /// The test keys of `tests/keys/` and the given key id.
    pub fn test_keys(key_id: impl Into<String>) -> Result<MockCrypto, KeyError> {
        Ok(MockCrypto {
            key_id: key_id.into(),
            server_key: PrivateKey::from_pem(TEST_SERVER_PRIVATE_KEY_PEM)?,
            client_key: PublicKey::from_pem(TEST_CLIENT_PUBLIC_KEY_PEM)?,
            response_enc: None,
        })
    }
}

impl fmt::Debug for MockCrypto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockCrypto")
            .field("key_id", &self.key_id)
            .field("server_key", &self.server_key)
            .field("client_key", &self.client_key)
            .field("response_enc", &self.response_enc)
            .finish()
    }
}

/// How to seal the answer of an admitted request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sealing {
    /// The answer's content encryption.
    pub(crate) enc: Enc,
}

/// Opens the body of `op` when it is encrypted, and decides whether the answer is sealed.
/// `wire` is the body as parsed from the bytes the Tran-Token was checked over.
pub(crate) fn open(
    op: &Operation,
    headers: &HeaderMap,
    wire: Value,
    crypto: Option<&MockCrypto>,
) -> Result<(Value, Option<Sealing>), Reply> {
    let Some(crypto) = crypto else {
        return Ok((wire, None));
    };
    let key_id = headers::text(headers, CRYPTO_KEY_ID);
    let sealed_request = op.request_encrypted && wire.get(jwe::ENC_DATA).is_some();
    let sealed_answer = op.response_encrypted && key_id.is_some();
    if (sealed_request || sealed_answer) && key_id != Some(crypto.key_id.as_str()) {
        return Err(Reply::invalid_header(CRYPTO_KEY_ID));
    }
    let (body, request_enc) = if sealed_request {
        let invalid = || Reply::rejected(op, &Rejection::InvalidInput(jwe::ENC_DATA.into()));
        let token = wire
            .get(jwe::ENC_DATA)
            .and_then(Value::as_str)
            .ok_or_else(invalid)?;
        let opened = jwe::decrypt(token, &crypto.server_key).map_err(|_| invalid())?;
        let body: Value =
            serde_json::from_slice(&opened.plaintext).map_err(|_| Reply::invalid_body())?;
        (body, Some(opened.enc))
    } else {
        (wire, None)
    };
    let sealing = sealed_answer.then(|| Sealing {
        enc: crypto.response_enc.or(request_enc).unwrap_or_default(),
    });
    Ok((body, sealing))
}

/// The answer as `{"encData":"<JWE of the envelope>"}`, with the key id echoed.
pub(crate) fn seal(
    reply: Reply,
    sealing: Sealing,
    crypto: &MockCrypto,
    correlation_id: &str,
) -> Response {
    let plaintext = reply.body().to_string();
    let Ok(token) = jwe::encrypt(plaintext.as_bytes(), &crypto.client_key, sealing.enc) else {
        // Only a failing random source gets here.
        return Reply::internal_error().into_http(correlation_id);
    };
    let mut wrapper = Map::new();
    wrapper.insert(jwe::ENC_DATA.to_owned(), Value::from(token));
    let mut response = json_response(reply.status, &Value::Object(wrapper), correlation_id);
    if let Ok(value) = HeaderValue::from_str(&crypto.key_id) {
        response
            .headers_mut()
            .insert(HeaderName::from_static("x-km-crypto-key-id"), value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::config::TEST_CRYPTO_KEY_ID;
    use crate::mock::ops::{ALL, delivery_cancel, expired_reissue, pre_issue_waiting};
    use axum::http::StatusCode;
    use serde_json::json;

    fn crypto() -> MockCrypto {
        MockCrypto::test_keys(TEST_CRYPTO_KEY_ID).unwrap()
    }

    fn with_key_id(id: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(CRYPTO_KEY_ID, HeaderValue::from_str(id).unwrap());
        h
    }

    fn sealed(body: &Value) -> Value {
        let key = PublicKey::from_pem(include_str!("../../tests/keys/server-public-TEST-ONLY.pem"))
            .unwrap();
        json!({"encData": jwe::encrypt(body.to_string().as_bytes(), &key, Enc::A256Gcm).unwrap()})
    }

    fn code(r: Result<(Value, Option<Sealing>), Reply>) -> (StatusCode, String) {
        let reply = r.unwrap_err();
        (reply.status, reply.description)
    }

    #[test]
    fn opens_a_flagged_request_and_seals_in_its_enc() {
        let plain = json!({"userId": 1});
        let (body, sealing) = open(
            &pre_issue_waiting::OPERATION,
            &with_key_id(TEST_CRYPTO_KEY_ID),
            sealed(&plain),
            Some(&crypto()),
        )
        .unwrap();
        assert_eq!(body, plain);
        assert_eq!(sealing, Some(Sealing { enc: Enc::A256Gcm }));
        // Request-encrypted only: opened, answered plain.
        let (body, sealing) = open(
            &expired_reissue::OPERATION,
            &with_key_id(TEST_CRYPTO_KEY_ID),
            sealed(&plain),
            Some(&crypto()),
        )
        .unwrap();
        assert_eq!((body, sealing), (plain, None));
    }

    #[test]
    fn plain_requests_pass_and_are_answered_plain_without_a_key_id() {
        let plain = json!({"userId": 1});
        for op in ALL {
            let (body, sealing) =
                open(op, &HeaderMap::new(), plain.clone(), Some(&crypto())).unwrap();
            assert_eq!((body, sealing), (plain.clone(), None), "{op:?}");
        }
        // With a key id, only the response-encrypted operations seal.
        let sealing: Vec<bool> = ALL
            .iter()
            .map(|op| {
                open(
                    op,
                    &with_key_id(TEST_CRYPTO_KEY_ID),
                    plain.clone(),
                    Some(&crypto()),
                )
                .unwrap()
                .1
                .is_some()
            })
            .collect();
        assert_eq!(sealing, [false, true, false, false, true]);
        // No crypto configured: nothing is opened or sealed.
        let wire = sealed(&plain);
        let (body, sealing) = open(
            &pre_issue_waiting::OPERATION,
            &with_key_id(TEST_CRYPTO_KEY_ID),
            wire.clone(),
            None,
        )
        .unwrap();
        assert_eq!((body, sealing), (wire, None));
    }

    #[test]
    fn a_missing_or_unknown_key_id_is_named() {
        let op = &pre_issue_waiting::OPERATION;
        let expected = (
            StatusCode::BAD_REQUEST,
            "Invalid input parameter. X-KM-Crypto-Key-Id".to_string(),
        );
        let wire = sealed(&json!({"userId": 1}));
        assert_eq!(
            code(open(op, &HeaderMap::new(), wire.clone(), Some(&crypto()))),
            expected
        );
        let other = "X".repeat(32);
        assert_eq!(
            code(open(op, &with_key_id(&other), wire, Some(&crypto()))),
            expected
        );
        assert_eq!(
            code(open(
                &delivery_cancel::OPERATION,
                &with_key_id(&other),
                json!({}),
                Some(&crypto())
            )),
            expected
        );
    }

    #[test]
    fn undecryptable_enc_data_is_invalid_input_naming_it() {
        let op = &expired_reissue::OPERATION;
        let h = with_key_id(TEST_CRYPTO_KEY_ID);
        let expected = (
            StatusCode::BAD_REQUEST,
            "Invalid input parameter. encData".to_string(),
        );
        let good = sealed(&json!({"a": 1}));
        let token = good["encData"].as_str().unwrap();
        let mut tampered = token.to_string();
        let last = tampered.pop().unwrap();
        tampered.push(if last == 'A' { 'B' } else { 'A' });
        let for_client = jwe::encrypt(b"{}", &crypto().client_key, Enc::A128Gcm).unwrap();
        for bad in [
            json!({"encData": 1}),
            json!({"encData": "a.b.c"}),
            json!({"encData": tampered}),
            json!({"encData": for_client}),
        ] {
            assert_eq!(
                code(open(op, &h, bad.clone(), Some(&crypto()))),
                expected,
                "{bad}"
            );
        }
        let not_json = json!({"encData": jwe::encrypt(b"not json", &PublicKey::from_pem(include_str!("../../tests/keys/server-public-TEST-ONLY.pem")).unwrap(), Enc::A128Gcm).unwrap()});
        assert_eq!(
            code(open(op, &h, not_json, Some(&crypto()))),
            (
                StatusCode::BAD_REQUEST,
                "Invalid input parameter. body".to_string()
            )
        );
    }

    #[test]
    fn the_sealed_answer_opens_with_the_client_key_and_holds_the_envelope() {
        let client = PrivateKey::from_pem(include_str!(
            "../../tests/keys/client-private-TEST-ONLY.pem"
        ))
        .unwrap();
        let reply = Reply::success(&delivery_cancel::OPERATION, Map::new());
        let expected = reply.body();
        let response = seal(
            reply,
            Sealing { enc: Enc::A128Gcm },
            &crypto(),
            "260310120000-0000001",
        );
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers().get("x-km-crypto-key-id").unwrap(),
            TEST_CRYPTO_KEY_ID
        );
        let body = futures_body(response);
        let token = body["encData"].as_str().unwrap();
        let opened = jwe::decrypt(token, &client).unwrap();
        assert_eq!(opened.enc, Enc::A128Gcm);
        assert_eq!(
            serde_json::from_slice::<Value>(&opened.plaintext).unwrap(),
            expected
        );
    }

    fn futures_body(response: Response) -> Value {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let bytes = rt
            .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }
}
