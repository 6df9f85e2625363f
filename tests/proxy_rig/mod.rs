//! The proxy in front of the reference mock, shared by the proxy's tests: the configuration
//! (no `KONAPLATE_*` variable read: the profile from its text, the mock's TEST keys given
//! directly), the rig, and the requests of a careful client.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use konaplate_conformance::jwe::{self, Enc, PrivateKey, PublicKey};
use konaplate_conformance::mock::{
    TEST_ACCESS_KEY, TEST_CRYPTO_KEY_ID, TEST_SECRET_KEY, TEST_SERVER_PRIVATE_KEY_PEM,
};
use konaplate_conformance::profile::{self, Secret, Secrets};
use konaplate_conformance::proxy::{Config, Proxy, Seen};
use konaplate_conformance::report::Reporters;
use konaplate_conformance::spec;
use serde_json::{Value, json};

use super::mock_client::{Answer, CANCEL, INQUIRY, Mock, REISSUE, STATUS, WAITING, signed_headers};

pub fn config(upstream: &str, record: Option<PathBuf>) -> Config {
    let path = Path::new(profile::DEFAULT_TARGET_PATH);
    let text = std::fs::read_to_string(path).unwrap();
    Config {
        spec: Arc::new(spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap()),
        profile: Arc::new(profile::load_str(path, &text).unwrap()),
        secrets: Secrets {
            access_key: Secret::new(TEST_ACCESS_KEY),
            secret_key: Secret::new(TEST_SECRET_KEY),
            crypto_key_id: Some(Secret::new(TEST_CRYPTO_KEY_ID)),
        },
        server_key: Some(PrivateKey::from_pem(TEST_SERVER_PRIVATE_KEY_PEM).unwrap()),
        upstream: upstream.to_string(),
        record,
        timeout: Duration::from_secs(10),
        body_cap: 1024 * 1024,
        strict: false,
        reporters: Reporters::new(),
    }
}

/// The mock, the proxy in front of it, and the proxy's console lines.
pub struct Rig {
    pub mock: Mock,
    pub proxy: Proxy,
    pub lines: Arc<Mutex<Vec<String>>>,
}

impl Rig {
    pub async fn start(record: Option<PathBuf>) -> Rig {
        let mock = Mock::start().await;
        Rig::in_front_of(mock, record).await
    }

    pub async fn in_front_of(mock: Mock, record: Option<PathBuf>) -> Rig {
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        let proxy = Proxy::start(
            config(&mock.server.base_url(), record),
            "127.0.0.1:0".parse().unwrap(),
            Arc::new(move |l: &str| sink.lock().unwrap().push(l.to_string())),
        )
        .await
        .unwrap();
        Rig { mock, proxy, lines }
    }

    /// POSTs `body` with `headers` through the proxy; the answer, decrypted when encrypted.
    pub async fn post(&self, path: &str, body: &[u8], headers: &[(&str, String)]) -> Answer {
        let mut request = self
            .mock
            .client
            .post(format!("{}{path}", self.proxy.base_url()))
            .body(body.to_vec());
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        self.mock.send(request).await
    }

    pub async fn signed(&self, path: &str, body: &[u8]) -> Answer {
        self.post(path, body, &signed_headers(body)).await
    }

    pub fn last(&self) -> Seen {
        self.proxy.seen().pop().expect("an exchange was seen")
    }
}

pub fn sealed(plain: &Value) -> Vec<u8> {
    let key = PublicKey::from_pem(include_str!("../keys/server-public-TEST-ONLY.pem")).unwrap();
    let token = jwe::encrypt(plain.to_string().as_bytes(), &key, Enc::A128Gcm).unwrap();
    json!({ "encData": token }).to_string().into_bytes()
}

/// A delivery inquiry of the member's shipping application.
pub fn inquiry() -> Vec<u8> {
    bytes(json!({"userId": 50_000_104_652u64, "cardApplyNo": "CA20000000000000000001"}))
}

pub fn bytes(v: Value) -> Vec<u8> {
    v.to_string().into_bytes()
}

/// One successful request per operation, as a careful client sends them.
pub fn well_behaved() -> Vec<(&'static str, Vec<u8>)> {
    let user = 50_000_104_652u64;
    vec![
        (
            INQUIRY,
            bytes(json!({"userId": user, "cardApplyNo": "CA20000000000000000001"})),
        ),
        (
            STATUS,
            bytes(json!({"userId": user, "cardNo": "9410000000000001", "status": "SUSPEND"})),
        ),
        (
            WAITING,
            sealed(
                &json!({"userId": user, "physicalCardNo": "9420000000000001",
            "physicalCardExpDate": "3108", "physicalCardCVC": "123"}),
            ),
        ),
        (
            REISSUE,
            sealed(&json!({"userInfo": {"userId": user},
            "addressInfo": {"address": "10 Teheran-ro, Gangnam-gu, Seoul",
                            "addressDetail": "5th floor", "zipCode": "06236"},
            "cardInfo": {"oldCardNo": "9410000000000004"}})),
        ),
        (
            CANCEL,
            bytes(json!({"cardApplyNo": "CA20000000000000000003", "userId": user})),
        ),
    ]
}
