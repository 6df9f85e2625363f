//! The reference mock's message encryption over real HTTP: encrypted requests are opened after
//! the Tran-Token is checked over the wrapper bytes and before any field; the answers the
//! vendor marks "Encrypted" are sealed for the client key when the request carries
//! `X-KM-Crypto-Key-Id`; plain clients keep getting plain JSON.

use std::net::SocketAddr;

use chrono::Utc;
use konaplate_conformance::jwe::{self, Enc, PrivateKey, PublicKey};
use konaplate_conformance::mock::{
    MockConfig, MockServer, TEST_ACCESS_KEY, TEST_ASP_ID, TEST_CRYPTO_KEY_ID, TEST_SECRET_KEY,
};
use konaplate_conformance::profile::TimeZone;
use konaplate_conformance::run::headers::{self, HeaderInputs};
use reqwest::StatusCode;
use serde_json::{Value, json};

const WAITING: &str = "/api/v1/issued-cards/pre-issue/waiting/physical";
const REISSUE: &str = "/api/v1/prepay-card/expired/reissue";
const CANCEL: &str = "/api/v1/card/delivery/cancel";
const STATUS: &str = "/api/v1/card/status";

fn waiting_body() -> Value {
    json!({"userId": 50000104652u64, "physicalCardNo": "9420000000000001", "physicalCardExpDate": "3108", "physicalCardCVC": "123"})
}

fn server_public() -> PublicKey {
    PublicKey::from_pem(include_str!("../keys/server-public-TEST-ONLY.pem")).unwrap()
}

fn client_private() -> PrivateKey {
    PrivateKey::from_pem(include_str!("../keys/client-private-TEST-ONLY.pem")).unwrap()
}

fn sealed(body: &Value, enc: Enc) -> String {
    json!({"encData": jwe::encrypt(body.to_string().as_bytes(), &server_public(), enc).unwrap()})
        .to_string()
}

struct Answer {
    status: StatusCode,
    key_id: Option<String>,
    /// The body as it came.
    wire: Value,
    /// The plaintext: the wire body, decrypted when it is `{"encData": …}`.
    plain: Value,
    enc: Option<Enc>,
}

impl Answer {
    fn code(&self) -> (StatusCode, &str, &str) {
        (
            self.status,
            self.plain["response"]["code"].as_str().unwrap_or("-"),
            self.plain["response"]["description"]
                .as_str()
                .unwrap_or("-"),
        )
    }
}

struct Mock {
    server: MockServer,
    client: reqwest::Client,
}

impl Mock {
    async fn start(config: MockConfig) -> Mock {
        let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
        Mock {
            server: MockServer::start(config, addr).await.unwrap(),
            client: reqwest::Client::new(),
        }
    }

    /// POSTs `wire` signed over `signed` (normally the same bytes), with or without a key id.
    async fn post_signed(
        &self,
        path: &str,
        wire: &str,
        signed: &str,
        key_id: Option<&str>,
    ) -> Answer {
        let zone = TimeZone {
            name: "KST".into(),
            offset_secs: 9 * 3600,
        };
        let inputs = HeaderInputs {
            asp_id: TEST_ASP_ID,
            access_key: TEST_ACCESS_KEY,
            secret_key: TEST_SECRET_KEY,
            crypto_key_id: key_id,
            zone: &zone,
        };
        let mut request = self
            .client
            .post(format!("{}{path}", self.server.base_url()))
            .header("Content-Type", "application/json")
            .body(wire.to_string());
        for (name, value) in headers::generate(&inputs, Utc::now(), 7, signed.as_bytes()) {
            request = request.header(name, value);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let key_id = response
            .headers()
            .get("x-km-crypto-key-id")
            .map(|v| v.to_str().unwrap().to_string());
        let wire: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
        let (plain, enc) = match jwe::enc_data(&wire) {
            Some(token) => {
                let opened = jwe::decrypt(token, &client_private()).expect("decrypts");
                (
                    serde_json::from_slice(&opened.plaintext).unwrap(),
                    Some(opened.enc),
                )
            }
            None => (wire.clone(), None),
        };
        Answer {
            status,
            key_id,
            wire,
            plain,
            enc,
        }
    }

    async fn post(&self, path: &str, wire: &str, key_id: Option<&str>) -> Answer {
        self.post_signed(path, wire, wire, key_id).await
    }
}

#[tokio::test]
async fn an_encrypted_request_gets_an_encrypted_answer_in_its_enc() {
    let mock = Mock::start(MockConfig::default()).await;
    for enc in Enc::ALL {
        let a = mock
            .post(
                WAITING,
                &sealed(&waiting_body(), enc),
                Some(TEST_CRYPTO_KEY_ID),
            )
            .await;
        assert_eq!(a.code(), (StatusCode::OK, "000_000", "Success."));
        assert_eq!(a.enc, Some(enc));
        assert_eq!(
            a.wire.as_object().unwrap().len(),
            1,
            "only encData on the wire"
        );
        assert_eq!(a.key_id.as_deref(), Some(TEST_CRYPTO_KEY_ID));
        assert_eq!(
            a.plain["issuedCardList"][0]["cardApplyNo"],
            "CA20000000000000000002"
        );
    }
}

#[tokio::test]
async fn the_tran_token_must_cover_the_wrapper_not_the_plaintext() {
    let mock = Mock::start(MockConfig::default()).await;
    let plain = waiting_body().to_string();
    let wire = sealed(&waiting_body(), Enc::A128Gcm);
    let a = mock
        .post_signed(WAITING, &wire, &plain, Some(TEST_CRYPTO_KEY_ID))
        .await;
    assert_eq!(
        a.code(),
        (
            StatusCode::UNAUTHORIZED,
            "000_001",
            "Unauthorized. X-KM-Tran-Token"
        )
    );
    assert_eq!(a.enc, None, "a gateway answer stays plain");
}

#[tokio::test]
async fn an_undecryptable_request_is_invalid_input_naming_enc_data() {
    let mock = Mock::start(MockConfig::default()).await;
    let token = jwe::encrypt(b"{}", &server_public(), Enc::A128Gcm).unwrap();
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    parts[4] = parts[3].clone();
    let for_client = jwe::encrypt(
        waiting_body().to_string().as_bytes(),
        &client_private().public_key(),
        Enc::A128Gcm,
    )
    .unwrap();
    for bad in [
        json!({"encData": parts.join(".")}),
        json!({"encData": "not.a.jwe"}),
        json!({"encData": for_client}),
        json!({"encData": 42}),
    ] {
        for path in [WAITING, REISSUE] {
            let a = mock
                .post(path, &bad.to_string(), Some(TEST_CRYPTO_KEY_ID))
                .await;
            assert_eq!(
                a.code(),
                (
                    StatusCode::BAD_REQUEST,
                    "000_002",
                    "Invalid input parameter. encData"
                ),
                "{path} {bad}"
            );
            assert_eq!(a.enc, None);
        }
    }
}

#[tokio::test]
async fn an_encrypted_request_needs_the_mocks_key_id() {
    let mock = Mock::start(MockConfig::default()).await;
    let wire = sealed(&waiting_body(), Enc::A128Gcm);
    let other = "Z".repeat(32);
    for key_id in [None, Some(other.as_str())] {
        let a = mock.post(WAITING, &wire, key_id).await;
        assert_eq!(
            a.code(),
            (
                StatusCode::BAD_REQUEST,
                "000_002",
                "Invalid input parameter. X-KM-Crypto-Key-Id"
            ),
            "{key_id:?}"
        );
    }
}

#[tokio::test]
async fn fields_are_checked_on_the_plaintext_and_that_answer_is_encrypted() {
    let mock = Mock::start(MockConfig::default()).await;
    let mut body = waiting_body();
    body["physicalCardCVC"] = json!("12");
    let a = mock
        .post(
            WAITING,
            &sealed(&body, Enc::A128Gcm),
            Some(TEST_CRYPTO_KEY_ID),
        )
        .await;
    assert_eq!(
        a.code(),
        (
            StatusCode::BAD_REQUEST,
            "000_002",
            "Invalid input parameter. physicalCardCVC"
        )
    );
    assert_eq!(a.enc, Some(Enc::A128Gcm));
    // A plaintext that is not JSON is an unusable body, as a plain one would be.
    let not_json =
        json!({"encData": jwe::encrypt(b"userId=1", &server_public(), Enc::A128Gcm).unwrap()});
    let a = mock
        .post(WAITING, &not_json.to_string(), Some(TEST_CRYPTO_KEY_ID))
        .await;
    assert_eq!(
        a.code(),
        (
            StatusCode::BAD_REQUEST,
            "000_002",
            "Invalid input parameter. body"
        )
    );
}

#[tokio::test]
async fn plain_clients_get_plain_answers_and_a_key_id_turns_on_encrypted_answers() {
    let mock = Mock::start(MockConfig::default()).await;
    let plain = waiting_body().to_string();
    let a = mock.post(WAITING, &plain, None).await;
    assert_eq!(a.code().1, "000_000");
    assert_eq!((a.enc, a.key_id), (None, None));
    let a = mock.post(WAITING, &plain, Some(TEST_CRYPTO_KEY_ID)).await;
    assert_eq!((a.code().1, a.enc), ("000_000", Some(Enc::A128Gcm)));
    // cardDeliveryCancel: plain request, encrypted answer with a key id.
    let cancel =
        json!({"cardApplyNo": "CA20000000000000000003", "userId": 50000104653u64}).to_string();
    let a = mock.post(CANCEL, &cancel, None).await;
    assert_eq!((a.code().1, a.enc), ("001_006", None));
    let a = mock.post(CANCEL, &cancel, Some(TEST_CRYPTO_KEY_ID)).await;
    assert_eq!((a.code().1, a.enc), ("001_006", Some(Enc::A128Gcm)));
    // An unflagged operation neither opens encData nor seals: the wrapper has no fields.
    let status =
        json!({"userId": 50000104652u64, "cardNo": "9410000000000001", "status": "SUSPEND"});
    let a = mock
        .post(
            STATUS,
            &sealed(&status, Enc::A128Gcm),
            Some(TEST_CRYPTO_KEY_ID),
        )
        .await;
    assert_eq!(
        a.code(),
        (
            StatusCode::BAD_REQUEST,
            "000_002",
            "Invalid input parameter. userId"
        )
    );
    assert_eq!(a.enc, None);
}

#[tokio::test]
async fn a_mock_without_encryption_answers_plain_and_does_not_open_enc_data() {
    let mock = Mock::start(MockConfig::default().without_encryption()).await;
    let a = mock
        .post(
            WAITING,
            &waiting_body().to_string(),
            Some(TEST_CRYPTO_KEY_ID),
        )
        .await;
    assert_eq!((a.code().1, a.enc), ("000_000", None));
    let a = mock
        .post(
            WAITING,
            &sealed(&waiting_body(), Enc::A128Gcm),
            Some(TEST_CRYPTO_KEY_ID),
        )
        .await;
    assert_eq!(a.code().2, "Invalid input parameter. userId");
}
