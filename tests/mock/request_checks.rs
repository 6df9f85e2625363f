//! The proxy's request checks, pure (no sockets): a well-behaved request has no finding, and
//! each way a client can deviate is exactly one finding of its kind.

use crate::mock_client;

use std::path::Path;

use konaplate_conformance::check::{self, Client, Inner, Rejection, RequestContext};
use konaplate_conformance::jwe::{self, Enc, PrivateKey, PublicKey};
use konaplate_conformance::mock::{
    TEST_ACCESS_KEY, TEST_ASP_ID, TEST_CRYPTO_KEY_ID, TEST_SECRET_KEY, TEST_SERVER_PRIVATE_KEY_PEM,
};
use konaplate_conformance::outcome::CheckKind;
use konaplate_conformance::spec::{self, Spec};
use mock_client::{replace_header, signed_headers};
use serde_json::{Value, json};

fn spec() -> Spec {
    spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap()
}

fn server_key() -> PrivateKey {
    PrivateKey::from_pem(TEST_SERVER_PRIVATE_KEY_PEM).unwrap()
}

fn server_public() -> PublicKey {
    PublicKey::from_pem(include_str!("../keys/server-public-TEST-ONLY.pem")).unwrap()
}

fn client(key: Option<&PrivateKey>) -> Client<'_> {
    Client {
        asp_id: TEST_ASP_ID,
        access_key: TEST_ACCESS_KEY,
        secret_key: TEST_SECRET_KEY,
        crypto_key_id: Some(TEST_CRYPTO_KEY_ID),
        encryption_required: true,
        server_key: key,
    }
}

fn owned(headers: Vec<(&'static str, String)>) -> Vec<(String, String)> {
    headers
        .into_iter()
        .map(|(n, v)| (n.to_string(), v))
        .collect()
}

/// Checks `body` sent to `op`, signed as given, with the server key.
fn check_with(
    op: &str,
    headers: Vec<(&'static str, String)>,
    body: &[u8],
    key: Option<&PrivateKey>,
) -> check::RequestFindings {
    let spec = spec();
    let ctx = RequestContext {
        spec: &spec,
        operation: spec.operation(op).unwrap(),
        client: client(key),
    };
    check::request(&ctx, &owned(headers), body)
}

fn kinds(f: &check::RequestFindings) -> Vec<CheckKind> {
    f.failures.iter().map(|f| f.check).collect()
}

fn status_change(card_no: &str) -> Vec<u8> {
    json!({"userId": 50000104652u64, "cardNo": card_no, "status": "SUSPEND"})
        .to_string()
        .into_bytes()
}

fn sealed(plain: &Value) -> Vec<u8> {
    let token = jwe::encrypt(plain.to_string().as_bytes(), &server_public(), Enc::A128Gcm).unwrap();
    json!({ "encData": token }).to_string().into_bytes()
}

fn waiting(cvc: &str) -> Value {
    json!({"userId": 50000104652u64, "physicalCardNo": "9420000000000001",
           "physicalCardExpDate": "3108", "physicalCardCVC": cvc})
}

#[test]
fn a_well_behaved_request_has_no_finding() {
    let key = server_key();
    let body = status_change("9410000000000001");
    let f = check_with("cardStatusChange", signed_headers(&body), &body, Some(&key));
    assert_eq!(f.failures, vec![], "{:?}", f.failures);
    assert_eq!((f.inner.clone(), f.rejection), (Inner::Plain, None));
    let body = sealed(&waiting("123"));
    let f = check_with(
        "preIssueWaitingPhysical",
        signed_headers(&body),
        &body,
        Some(&key),
    );
    assert_eq!(f.failures, vec![]);
    assert_eq!(f.inner, Inner::Opened);
    assert_eq!(
        f.json,
        Some(waiting("123")),
        "the plaintext is what was read"
    );
}

#[test]
fn a_bad_hmac_is_one_tran_token_finding() {
    let body = status_change("9410000000000001");
    let signed_other = signed_headers(b"{}");
    let f = check_with("cardStatusChange", signed_other, &body, None);
    assert_eq!(kinds(&f), [CheckKind::TranToken]);
    assert_eq!(f.rejection, Some(Rejection::Unauthorized));
}

#[test]
fn a_missing_or_malformed_header_is_one_request_header_finding() {
    let body = status_change("9410000000000001");
    for name in [
        "X-KM-Tran-Time",
        "X-KM-User-AspId",
        "X-KM-Access-Key",
        "X-KM-Time-Zone",
    ] {
        let mut h = signed_headers(&body);
        h.retain(|(n, _)| *n != name);
        let f = check_with("cardStatusChange", h, &body, None);
        assert_eq!(
            kinds(&f),
            [CheckKind::RequestHeader],
            "{name}: {:?}",
            f.failures
        );
        assert_eq!(f.failures[0].path, name);
        assert_eq!(f.rejection, Some(Rejection::Malformed));
    }
    let mut h = signed_headers(&body);
    replace_header(&mut h, "X-KM-Correlation-Id", "260310120000-xyz");
    let f = check_with("cardStatusChange", h, &body, None);
    assert_eq!(kinds(&f), [CheckKind::RequestHeader]);
    assert!(
        f.failures[0].expected.contains("pattern"),
        "{:?}",
        f.failures
    );
}

#[test]
fn another_access_key_is_named_without_its_value() {
    let body = status_change("9410000000000001");
    let mut h = signed_headers(&body);
    let other = "Z".repeat(40);
    replace_header(&mut h, "X-KM-Access-Key", &other);
    let f = check_with("cardStatusChange", h, &body, None);
    assert_eq!(kinds(&f), [CheckKind::RequestHeader]);
    assert_eq!(f.rejection, Some(Rejection::Unauthorized));
    assert!(
        !f.failures[0].line().contains(&other),
        "{}",
        f.failures[0].line()
    );
}

#[test]
fn an_over_long_field_is_one_request_body_finding() {
    let body = status_change("94100000000000011");
    let f = check_with("cardStatusChange", signed_headers(&body), &body, None);
    assert_eq!(kinds(&f), [CheckKind::RequestBody], "{:?}", f.failures);
    assert_eq!(f.failures[0].path, "/cardNo");
    assert!(f.failures[0].expected.contains("maxLength"));
}

#[test]
fn a_plain_body_to_an_encrypted_operation_is_one_encryption_finding() {
    let body = waiting("123").to_string().into_bytes();
    let f = check_with(
        "preIssueWaitingPhysical",
        signed_headers(&body),
        &body,
        None,
    );
    assert_eq!(kinds(&f), [CheckKind::Encryption], "{:?}", f.failures);
    // Without a key id as well: a second finding of the same kind, on the header.
    let mut h = signed_headers(&body);
    h.retain(|(n, _)| *n != "X-KM-Crypto-Key-Id");
    let f = check_with("preIssueWaitingPhysical", h, &body, None);
    assert_eq!(kinds(&f), [CheckKind::Encryption, CheckKind::Encryption]);
}

#[test]
fn an_encrypted_body_is_opened_and_judged_or_said_not_inspected() {
    let key = server_key();
    let body = sealed(&waiting("12345"));
    let f = check_with(
        "preIssueWaitingPhysical",
        signed_headers(&body),
        &body,
        Some(&key),
    );
    assert_eq!(
        kinds(&f),
        [CheckKind::RequestBody],
        "the inner field is judged"
    );
    assert_eq!(f.failures[0].path, "/physicalCardCVC");
    let f = check_with(
        "preIssueWaitingPhysical",
        signed_headers(&body),
        &body,
        None,
    );
    assert_eq!(f.failures, vec![]);
    assert!(
        matches!(f.inner, Inner::NotInspected(ref why) if why.contains("no server private key"))
    );
    let other = PrivateKey::generate().unwrap();
    let f = check_with(
        "preIssueWaitingPhysical",
        signed_headers(&body),
        &body,
        Some(&other),
    );
    assert_eq!(
        kinds(&f),
        [CheckKind::Encryption],
        "a key that does not open it"
    );
}

#[test]
fn a_body_that_is_not_json_is_one_request_body_finding() {
    let body = b"{\"userId\":".to_vec();
    let f = check_with("cardDeliveryInquiry", signed_headers(&body), &body, None);
    assert_eq!(kinds(&f), [CheckKind::RequestBody]);
    assert_eq!(f.inner, Inner::Unreadable);
}

#[test]
fn a_jwe_of_an_undocumented_algorithm_is_a_documented_finding_with_or_without_the_key() {
    use base64::Engine as _;
    let body = sealed(&waiting("123"));
    let wire: Value = serde_json::from_slice(&body).unwrap();
    let token = wire["encData"].as_str().unwrap();
    let header = r#"{"alg":"RSA-OAEP","enc":"A128GCM"}"#;
    let header = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(header);
    let (_, rest) = token.split_once('.').unwrap();
    let body = json!({ "encData": format!("{header}.{rest}") })
        .to_string()
        .into_bytes();
    let key = server_key();
    for key in [Some(&key), None] {
        let f = check_with("preIssueWaitingPhysical", signed_headers(&body), &body, key);
        assert_eq!(kinds(&f), [CheckKind::Encryption], "key: {}", key.is_some());
        assert_eq!(f.failures[0].path, "/encData");
        assert!(
            f.failures[0].actual.contains("\"RSA-OAEP\""),
            "{:?}",
            f.failures
        );
        assert_eq!(f.failures[0].basis(), "documented");
    }
}

#[test]
fn a_request_field_breaking_an_inferred_constraint_names_its_assumption() {
    let body = status_change("941000000000000A");
    let f = check_with("cardStatusChange", signed_headers(&body), &body, None);
    assert_eq!(kinds(&f), [CheckKind::RequestBody]);
    assert_eq!(f.failures[0].basis(), "inferred: card-number-digits");
    let body = status_change("94100000000000011");
    let f = check_with("cardStatusChange", signed_headers(&body), &body, None);
    assert_eq!(
        f.failures[0].basis(),
        "documented",
        "the length is the page's"
    );
}
