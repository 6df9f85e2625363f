//! The client side of message encryption, case by case: what goes on the wire, that every check
//! reads the decrypted answer, and that every way it can go wrong (an altered or malformed
//! token, the wrong key, a missing key, key file or key id) is a clear error on the case that
//! needs it, never a panic, while the other cases still run.

use crate::support;

use std::path::Path;

use aws_lc_rs::hmac;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use konaplate_conformance::case::Case;
use konaplate_conformance::jwe::{self, Enc, PrivateKey, PublicKey};
use konaplate_conformance::mock::{MockConfig, MockCrypto, MockServer, TEST_CRYPTO_KEY_ID};
use konaplate_conformance::outcome::{CheckKind, Outcome, RunErrorKind, Verdict};
use konaplate_conformance::profile;
use konaplate_conformance::run::harness::Runner;
use serde_json::{Value, json};
use support::{Canned, CannedServer, committed_case};

/// The committed mock profile with its text changed by `edit`, read as if it sat in
/// `cases/targets/` (so its relative key paths resolve as the committed one's).
fn profile_with(edit: impl Fn(String) -> String) -> profile::Profile {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(profile::DEFAULT_TARGET_PATH)).unwrap();
    profile::load_str(&root.join("cases/targets/edited.yaml"), &edit(text)).unwrap()
}

fn runner(profile: profile::Profile, base_url: &str) -> Runner {
    crate::support::runner_for(profile, base_url, false, 5_000)
}

fn key_pem(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/keys")
            .join(name),
    )
    .unwrap()
}

fn client_public() -> PublicKey {
    PublicKey::from_pem(&key_pem("client-public-TEST-ONLY.pem")).unwrap()
}

fn server_private() -> PrivateKey {
    PrivateKey::from_pem(&key_pem("server-private-TEST-ONLY.pem")).unwrap()
}

/// A server thread with its own runtime, answering `first` to everything.
struct Canner {
    server: CannedServer,
    _rt: tokio::runtime::Runtime,
}

fn canned(first: Canned) -> Canner {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(CannedServer::start(first));
    Canner { server, _rt: rt }
}

/// `{"encData": <token>}` for the client key, over a plaintext answer.
fn sealed_answer(plain: &Value, enc: Enc) -> Value {
    json!({"encData": jwe::encrypt(plain.to_string().as_bytes(), &client_public(), enc).unwrap()})
}

fn cancel_ok() -> Value {
    json!({
        "response": {"code": "000_000", "description": "Success."},
        "mobileCardNo": "9430000000000003",
        "par": "Q1TESTPAR100000000000000003"
    })
}

fn run_against(answer: Value, case: &Case, profile: profile::Profile) -> Outcome {
    let server = canned(Canned::json(200, answer));
    let r = runner(profile, &server.server.base_url);
    r.execute(case)
}

fn error_of(o: &Outcome) -> (RunErrorKind, String) {
    match &o.verdict {
        Verdict::Error { error } => (error.kind, error.message.clone()),
        other => panic!("expected an error, got {other:?}"),
    }
}

fn mock_profile() -> profile::Profile {
    profile_with(|t| t)
}

#[test]
fn a_flagged_request_goes_as_enc_data_signed_over_the_wrapper() {
    for (enc, edit) in [
        (Enc::A128Gcm, "enc: A128GCM"),
        (Enc::A256Gcm, "enc: A256GCM"),
    ] {
        let profile = profile_with(|t| t.replace("enc: A128GCM", edit));
        let server = canned(Canned::json(200, json!({})));
        let r = runner(profile, &server.server.base_url);
        let case = committed_case("expiredCardReissue", "success");
        let outcome = r.execute(&case);
        let (headers, body) = server.server.last_request.lock().unwrap().clone().unwrap();
        // The wire body is exactly {"encData": "<JWE>"}.
        let wire: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(wire.as_object().unwrap().len(), 1, "{wire}");
        let token = wire["encData"].as_str().unwrap();
        let header = URL_SAFE_NO_PAD
            .decode(token.split('.').next().unwrap())
            .unwrap();
        assert_eq!(
            String::from_utf8(header).unwrap(),
            format!(r#"{{"alg":"RSA-OAEP-256","enc":"{enc}"}}"#)
        );
        // It opens with the server key to the case's body.
        let opened = jwe::decrypt(token, &server_private()).unwrap();
        assert_eq!(opened.enc, enc);
        let plaintext: Value = serde_json::from_slice(&opened.plaintext).unwrap();
        let konaplate_conformance::case::Body::Json(expected) = &case.request.body else {
            panic!("a JSON case body")
        };
        assert_eq!(&plaintext, expected);
        // The key id is sent, and the Tran-Token signs the wrapper bytes as sent.
        assert_eq!(
            headers.get("x-km-crypto-key-id").unwrap(),
            TEST_CRYPTO_KEY_ID
        );
        let token_header = headers.get("x-km-tran-token").unwrap().to_str().unwrap();
        let mac = STANDARD
            .decode(token_header.rsplit(':').next().unwrap())
            .unwrap();
        let key = hmac::Key::new(
            hmac::HMAC_SHA256,
            b"kp-test-secret-key-do-not-use-in-production",
        );
        hmac::verify(&key, &body, &mac).expect("the Tran-Token covers the wrapper bytes");
        // The outcome shows the plaintext and says the request was encrypted.
        let x = outcome.exchange.unwrap();
        assert!(x.encryption.request && !x.encryption.response);
        assert_eq!(
            serde_json::from_str::<Value>(&x.request.body).unwrap(),
            *expected
        );
    }
}

#[test]
fn unflagged_requests_go_plain_and_response_flagged_ones_send_the_key_id() {
    let server = canned(Canned::json(200, json!({})));
    let r = runner(mock_profile(), &server.server.base_url);
    for (op, id, key_id) in [
        ("cardStatusChange", "success", false),
        ("cardDeliveryInquiry", "success", false),
        ("cardDeliveryCancel", "success", true),
    ] {
        let outcome = r.execute(&committed_case(op, id));
        let (headers, body) = server.server.last_request.lock().unwrap().clone().unwrap();
        let wire: Value = serde_json::from_slice(&body).unwrap();
        assert!(wire.get("encData").is_none(), "{op}: {wire}");
        assert_eq!(headers.contains_key("x-km-crypto-key-id"), key_id, "{op}");
        assert!(!outcome.exchange.unwrap().encryption.any(), "{op}");
    }
}

#[test]
fn with_encryption_off_nothing_is_encrypted_and_no_key_id_is_sent() {
    let server = canned(Canned::json(200, json!({})));
    let mut profile = mock_profile();
    profile.set_encryption("off").unwrap();
    let r = runner(profile, &server.server.base_url);
    for (op, id) in [
        ("preIssueWaitingPhysical", "success"),
        ("expiredCardReissue", "success"),
        ("cardDeliveryCancel", "success"),
    ] {
        r.execute(&committed_case(op, id));
        let (headers, body) = server.server.last_request.lock().unwrap().clone().unwrap();
        let wire: Value = serde_json::from_slice(&body).unwrap();
        assert!(wire.get("encData").is_none(), "{op}");
        assert!(!headers.contains_key("x-km-crypto-key-id"), "{op}");
    }
}

#[test]
fn checks_read_the_decrypted_answer() {
    let case = committed_case("cardDeliveryCancel", "success");
    for enc in Enc::ALL {
        let o = run_against(sealed_answer(&cancel_ok(), enc), &case, mock_profile());
        assert_eq!(o.verdict, Verdict::Pass, "{o:#?}");
        let x = o.exchange.unwrap();
        assert!(x.encryption.response && !x.encryption.request);
        let r = x.response.unwrap();
        // The outcome keeps the decrypted body as text (the parsed tree is dropped once checked).
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&r.body).unwrap(),
            cancel_ok()
        );
        assert!(!r.body.contains("encData"));
    }
    // A wrong code inside the ciphertext fails the code check, at its path in the plaintext.
    let mut wrong = cancel_ok();
    wrong["response"]["code"] = json!("003_003");
    let o = run_against(sealed_answer(&wrong, Enc::A128Gcm), &case, mock_profile());
    let Verdict::Fail { failures } = &o.verdict else {
        panic!("{o:#?}")
    };
    assert_eq!(
        (failures[0].check, failures[0].path.as_str()),
        (CheckKind::Code, "/response/code")
    );
}

#[test]
fn an_encrypted_answer_is_detected_whatever_the_flags() {
    // cardDeliveryInquiry is flagged plain both ways; its answer still gets decrypted, and,
    // with encryption on, judged against its page, which does not mark it Encrypted.
    let case = committed_case("cardDeliveryInquiry", "success");
    let plain =
        json!({"response": {"code": "000_000", "description": "Success."}, "status": "SHIPPING"});
    let o = run_against(sealed_answer(&plain, Enc::A256Gcm), &case, mock_profile());
    let Verdict::Fail { failures } = &o.verdict else {
        panic!("{o:#?}")
    };
    assert_eq!(
        failures
            .iter()
            .map(|f| (f.check, f.facts.clone()))
            .collect::<Vec<_>>(),
        [(
            CheckKind::Encryption,
            vec!["cardDeliveryInquiry.encryption.response".to_string()]
        )]
    );
    assert!(o.exchange.unwrap().encryption.response);
    // With encryption off: sending plain does not stop reading an encrypted answer, and the
    // flags are not judged.
    let mut off = mock_profile();
    off.set_encryption("off").unwrap();
    let o = run_against(sealed_answer(&plain, Enc::A128Gcm), &case, off);
    assert_eq!(o.verdict, Verdict::Pass, "{o:#?}");
}

#[test]
fn bad_tokens_are_encryption_errors_saying_what_is_wrong() {
    let case = committed_case("cardDeliveryCancel", "success");
    let good = sealed_answer(&cancel_ok(), Enc::A128Gcm)["encData"]
        .as_str()
        .unwrap()
        .to_string();
    let parts: Vec<&str> = good.split('.').collect();
    let with = |i: usize, v: String| {
        let mut p: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
        p[i] = v;
        p.join(".")
    };
    let mut flipped = URL_SAFE_NO_PAD.decode(parts[3]).unwrap();
    flipped[0] ^= 0x80;
    let for_the_server = jwe::encrypt(
        cancel_ok().to_string().as_bytes(),
        &server_private().public_key(),
        Enc::A128Gcm,
    )
    .unwrap();
    let b64 = |s: &str| URL_SAFE_NO_PAD.encode(s);
    for (token, needle) in [
        (
            with(3, URL_SAFE_NO_PAD.encode(&flipped)),
            "does not authenticate",
        ),
        (for_the_server, "does not decrypt with this private key"),
        (
            "a.b.c".to_string(),
            "expected 5 dot-separated parts, found 3",
        ),
        (format!("{good}.x"), "found 6"),
        (
            with(2, "*&^".into()),
            "initialization vector is not base64url",
        ),
        (
            with(0, b64(r#"{"alg":"RSA1_5","enc":"A128GCM"}"#)),
            "`alg` is \"RSA1_5\"",
        ),
        (
            with(0, b64(r#"{"alg":"RSA-OAEP-256","enc":"A192GCM"}"#)),
            "`enc` is \"A192GCM\"",
        ),
    ] {
        let o = run_against(json!({"encData": token}), &case, mock_profile());
        let (kind, message) = error_of(&o);
        assert_eq!(kind, RunErrorKind::Encryption, "{message}");
        assert!(
            message.starts_with(
                "cannot decrypt the answer's `encData` (HTTP 200) with the client private key: "
            ) && message.contains(needle),
            "{needle}: {message}"
        );
        // The exchange is kept for the report, ciphertext and all.
        assert!(o.exchange.unwrap().response.is_some());
    }
}

#[test]
fn a_missing_client_key_is_an_actionable_error_on_the_case() {
    let case = committed_case("cardDeliveryCancel", "success");
    let answer = sealed_answer(&cancel_ok(), Enc::A128Gcm);
    // The variable is unset and there is no file.
    let unset = profile_with(|t| {
        t.replace(
            "client-private-key: { path: ../../tests/keys/client-private-TEST-ONLY.pem }",
            "client-private-key: { env: KP_JWE_TEST_SURELY_UNSET }",
        )
    });
    let (kind, message) = error_of(&run_against(answer.clone(), &case, unset));
    assert_eq!(kind, RunErrorKind::Setup);
    assert!(
        message.contains("the answer is encrypted (`encData`)")
            && message.contains("`KP_JWE_TEST_SURELY_UNSET` is not set")
            && message.contains("export KP_JWE_TEST_SURELY_UNSET="),
        "{message}"
    );
    // The file named by the profile does not exist.
    let missing = profile_with(|t| t.replace("client-private-TEST-ONLY.pem", "gone-TEST-ONLY.pem"));
    let (kind, message) = error_of(&run_against(answer.clone(), &case, missing));
    assert_eq!(kind, RunErrorKind::Setup);
    assert!(
        message.contains("cannot read the client private key file")
            && message.contains("gone-TEST-ONLY.pem")
            && message.contains("encryption.client-private-key.path"),
        "{message}"
    );
    // The file is the wrong kind of key.
    let wrong = profile_with(|t| {
        t.replace(
            "client-private-TEST-ONLY.pem",
            "client-public-TEST-ONLY.pem",
        )
    });
    let (_, message) = error_of(&run_against(answer.clone(), &case, wrong));
    assert!(
        message.contains("is not usable: no PRIVATE KEY"),
        "{message}"
    );
    // No encryption settings at all.
    let none = profile_with(|t| {
        let start = t.find("encryption:\n").unwrap();
        let end = t[start..].find("# The reference mock echoes").unwrap() + start;
        format!("{}{}", &t[..start], &t[end..])
    });
    let (_, message) = error_of(&run_against(answer, &case, none));
    assert!(message.contains("no `encryption` settings"), "{message}");
}

#[test]
fn a_missing_server_key_or_key_id_fails_only_the_cases_that_need_it() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mock = rt
        .block_on(MockServer::start(
            MockConfig::default(),
            "127.0.0.1:0".parse().unwrap(),
        ))
        .unwrap();
    let no_server_key =
        profile_with(|t| t.replace("server-public-TEST-ONLY.pem", "nowhere-TEST-ONLY.pem"));
    let r = runner(no_server_key, &mock.base_url());
    let o = r.execute(&committed_case("preIssueWaitingPhysical", "success"));
    let (kind, message) = error_of(&o);
    assert_eq!(kind, RunErrorKind::Setup);
    assert!(
        message.contains("`preIssueWaitingPhysical` is sent encrypted")
            && message.contains("nowhere-TEST-ONLY.pem"),
        "{message}"
    );
    assert!(o.exchange.is_none(), "nothing was sent");
    // The plain operations and the answer-only one still run.
    for (op, id) in [
        ("cardStatusChange", "success"),
        ("cardDeliveryCancel", "wallet-user-not-found"),
    ] {
        let o = r.execute(&committed_case(op, id));
        assert_eq!(o.verdict, Verdict::Pass, "{op}: {o:#?}");
    }
    // No crypto key id: every flagged operation says what to export.
    let no_key_id = profile_with(|t| {
        t.replace(
            "  crypto-key-id:\n    env: KONAPLATE_CRYPTO_KEY_ID\n    test-default: KPTESTCRYPTOKEYID000000000000001\n",
            "",
        )
    });
    assert!(no_key_id.file.credentials.crypto_key_id.is_none());
    let r = runner(no_key_id, &mock.base_url());
    for (op, id) in [
        ("preIssueWaitingPhysical", "success"),
        ("cardDeliveryCancel", "wallet-user-not-found"),
    ] {
        let (kind, message) = error_of(&r.execute(&committed_case(op, id)));
        assert_eq!(kind, RunErrorKind::Setup);
        assert!(
            message.contains("no crypto key id is set")
                && message.contains("credentials.crypto-key-id")
                && message.contains("KONAPLATE_ENCRYPTION=off"),
            "{message}"
        );
    }
    assert_eq!(
        r.execute(&committed_case("cardStatusChange", "user-not-found"))
            .verdict,
        Verdict::Pass
    );
    rt.block_on(mock.shutdown());
}

#[test]
fn the_mock_answering_in_a256gcm_is_read_too() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut crypto = MockCrypto::test_keys(TEST_CRYPTO_KEY_ID).unwrap();
    crypto.response_enc = Some(Enc::A256Gcm);
    let config = MockConfig {
        crypto: Some(crypto),
        ..MockConfig::default()
    };
    let mock = rt
        .block_on(MockServer::start(config, "127.0.0.1:0".parse().unwrap()))
        .unwrap();
    let r = runner(mock_profile(), &mock.base_url());
    let o = r.execute(&committed_case("preIssueWaitingPhysical", "success"));
    assert_eq!(o.verdict, Verdict::Pass, "{o:#?}");
    let x = o.exchange.unwrap();
    assert!(x.encryption.request && x.encryption.response);
    assert!(x.response.unwrap().body.contains("issuedCardList"));
    rt.block_on(mock.shutdown());
}
