//! The proxy's lines about a client's request say the harness's words and the value's shape
//! (#33): at a secret header (`X-KM-Access-Key`, `X-KM-Tran-Token`, `X-KM-Crypto-Key-Id`) the
//! expected text is what the profile or the page asks in words, the actual one how the value
//! differs (its length and classes of characters), never `[REDACTED]` for both; at a card
//! field of the body the expected text is the page's rule in words and the value is masked
//! with its shape. No value the client sent shows. The lines are a snapshot.

use crate::mock_client;
use crate::proxy_rig;

use mock_client::{STATUS, WAITING, replace_header, signed_headers};
use proxy_rig::{Rig, bytes, sealed};
use serde_json::json;

/// The headers of a request, as `signed_headers` makes them.
type Headers = Vec<(&'static str, String)>;

/// A card status change of `card_no`.
fn status_change(card_no: &str) -> Vec<u8> {
    bytes(json!({"userId": 50_000_104_652u64, "cardNo": card_no, "status": "SUSPEND"}))
}

/// A sealed waiting-list search with the physical card's CVC `cvc`.
fn waiting(cvc: &str) -> Vec<u8> {
    sealed(
        &json!({"userId": 50_000_104_652u64, "physicalCardNo": "9420000000000001",
        "physicalCardExpDate": "3108", "physicalCardCVC": cvc}),
    )
}

#[tokio::test]
async fn a_bad_request_reads_as_the_harness_words_and_the_values_shape() {
    let rig = Rig::start(None).await;
    let body = status_change("9410000000000001");
    let other_key = "Z".repeat(40);
    let mut sent: Vec<(&'static str, Vec<u8>, Headers)> = Vec::new();
    let mut with = |name: &'static str, header: &'static str, value: &str| {
        let mut headers = signed_headers(&body);
        replace_header(&mut headers, header, value);
        sent.push((name, body.clone(), headers));
    };
    with("another access key", "X-KM-Access-Key", &other_key);
    with("a short access key", "X-KM-Access-Key", "ZZZ");
    with("a malformed Tran-Token", "X-KM-Tran-Token", "KMV1:1:abc");
    with(
        "another crypto key id",
        "X-KM-Crypto-Key-Id",
        &"Q".repeat(32),
    );
    sent.push(("a MAC of other bytes", body.clone(), signed_headers(b"{}")));
    let short_card = status_change("941000000000001");
    let headers = signed_headers(&short_card);
    sent.push(("a short card number", short_card, headers));
    for (name, cvc) in [("a short CVC", "12"), ("a long CVC", "12345")] {
        let body = waiting(cvc);
        sent.push((name, body.clone(), signed_headers(&body)));
    }
    let elapsed = regex::Regex::new(r" \(\d+ ms\): ").unwrap();
    let mut out = String::new();
    for (name, body, headers) in &sent {
        let path = if name.contains("CVC") {
            WAITING
        } else {
            STATUS
        };
        rig.post(path, body, headers).await;
        let line = rig.last().line;
        assert!(!line.contains("expected [REDACTED]"), "{name}: {line}");
        for raw in [other_key.as_str(), "941000000000001", "12345"] {
            assert!(!line.contains(raw), "{name}: {raw} in {line}");
        }
        let line = elapsed.replace(&line, " (N ms): ");
        out.push_str(&format!("## {name}\n{line}\n\n"));
    }
    insta::assert_snapshot!(out);
}
