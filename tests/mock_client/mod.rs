//! A signing client for the reference mock over real HTTP, shared by the mock's integration
//! tests: a `MockServer` on 127.0.0.1:0 and reqwest with the headers a KONA PLATE client sends.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};

use aws_lc_rs::hmac;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use konaplate_conformance::jwe;
use konaplate_conformance::mock::{
    MockConfig, MockServer, TEST_ACCESS_KEY, TEST_ASP_ID, TEST_CRYPTO_KEY_ID, TEST_SECRET_KEY,
};
use reqwest::StatusCode;
use serde_json::{Value, json};

pub const INQUIRY: &str = "/api/v1/card/delivery/inquiry";
pub const WAITING: &str = "/api/v1/issued-cards/pre-issue/waiting/physical";
pub const STATUS: &str = "/api/v1/card/status";
pub const REISSUE: &str = "/api/v1/prepay-card/expired/reissue";
pub const CANCEL: &str = "/api/v1/card/delivery/cancel";

pub const ACTIVE: u64 = 50_000_104_652;
pub const MAX: u64 = 9_999_999_999_999_999_999;

/// The `X-KM-Tran-Token` for `body`: `KMV1:<17 digits>:<base64 HMAC-SHA256>`.
pub fn tran_token(secret: &str, body: &[u8]) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    let tag = hmac::sign(&key, body);
    format!("KMV1:20260310120000123:{}", STANDARD.encode(tag.as_ref()))
}

pub fn next_correlation_id() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    format!(
        "260310120000-{:07x}",
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// A well-formed, correctly signed header set for `body`.
pub fn signed_headers(body: &[u8]) -> Vec<(&'static str, String)> {
    vec![
        ("X-KM-User-AspId", TEST_ASP_ID.to_owned()),
        ("X-KM-Correlation-Id", next_correlation_id()),
        ("X-KM-Access-Key", TEST_ACCESS_KEY.to_owned()),
        ("X-KM-Crypto-Key-Id", TEST_CRYPTO_KEY_ID.to_owned()),
        ("X-KM-Tran-Token", tran_token(TEST_SECRET_KEY, body)),
        ("X-KM-Tran-Time", "20260310120000".to_owned()),
        ("X-KM-Time-Zone", "KST".to_owned()),
        ("Content-Type", "application/json".to_owned()),
        ("Accept", "application/json".to_owned()),
    ]
}

/// One answer, read in full.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub content_type: String,
    pub correlation_id: String,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["response"]["code"]
            .as_str()
            .unwrap_or("<no code>")
    }

    pub fn description(&self) -> &str {
        self.body["response"]["description"]
            .as_str()
            .unwrap_or("<no description>")
    }

    /// No 5xx, JSON content type, and the envelope.
    pub fn assert_enveloped(&self) {
        assert!(!self.status.is_server_error(), "{self:?}");
        assert_eq!(self.content_type, "application/json", "{self:?}");
        assert!(self.body["response"]["code"].is_string(), "{self:?}");
        assert!(self.body["response"]["description"].is_string(), "{self:?}");
        assert_eq!(self.correlation_id.len(), 20, "{self:?}");
    }
}

pub struct Mock {
    pub server: MockServer,
    pub client: reqwest::Client,
}

impl Mock {
    pub async fn start() -> Self {
        Self::with_config(MockConfig::default()).await
    }

    pub async fn with_config(config: MockConfig) -> Self {
        let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
        let server = MockServer::start(config, addr).await.expect("mock starts");
        Self {
            server,
            client: reqwest::Client::new(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base_url())
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.expect("the mock answers");
        let status = response.status();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let content_type = header("content-type");
        let correlation_id = header("x-km-correlation-id");
        let headers = response.headers().clone();
        let text = response.text().await.expect("a body");
        let mut body = serde_json::from_str(&text).unwrap_or_else(|_| json!({"unparsed": text}));
        // The answers the vendor marks "Encrypted" come as {"encData": "<JWE>"}, because the
        // signed headers carry X-KM-Crypto-Key-Id: every assertion reads the plaintext.
        if let Some(token) = jwe::enc_data(&body) {
            let key =
                jwe::PrivateKey::from_pem(include_str!("../keys/client-private-TEST-ONLY.pem"))
                    .expect("the client test key");
            let opened = jwe::decrypt(token, &key).expect("the answer decrypts");
            body = serde_json::from_slice(&opened.plaintext).expect("a JSON plaintext");
        }
        Answer {
            status,
            content_type,
            correlation_id,
            headers,
            body,
        }
    }

    /// POSTs `body` with `headers` as given.
    pub async fn post_with(&self, path: &str, body: Vec<u8>, headers: &[(&str, String)]) -> Answer {
        let mut request = self.client.post(self.url(path)).body(body);
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        self.send(request).await
    }

    /// POSTs raw bytes, correctly signed.
    pub async fn post_raw(&self, path: &str, body: &[u8]) -> Answer {
        self.post_with(path, body.to_vec(), &signed_headers(body))
            .await
    }

    /// POSTs a JSON value, correctly signed.
    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.post_raw(path, body.to_string().as_bytes()).await
    }

    pub async fn reset(&self) -> Answer {
        self.send(
            self.client
                .post(self.url("/__admin/reset"))
                .header("Content-Type", "application/json"),
        )
        .await
    }
}

pub fn replace_header(headers: &mut Vec<(&'static str, String)>, name: &'static str, value: &str) {
    headers.retain(|(n, _)| *n != name);
    headers.push((name, value.to_owned()));
}
