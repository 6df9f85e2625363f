//! The reference mock over real HTTP: a `MockServer` on 127.0.0.1:0 and a reqwest client that
//! signs every request the way a KONA PLATE client does.

mod mock_client;

use std::sync::Arc;

use chrono::{TimeDelta, TimeZone as _, Utc};
use konaplate_conformance::mock::{FixedClock, MockConfig, TEST_SECRET_KEY};
use mock_client::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn each_operation_succeeds() {
    let mock = Mock::start().await;
    let answer = mock
        .post(
            INQUIRY,
            &json!({"userId": ACTIVE, "cardApplyNo": "CA20000000000000000001"}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.body,
        json!({"response": {"code": "000_000", "description": "Success."}, "status": "SHIPPING"})
    );

    let answer = mock
        .post(
            WAITING,
            &json!({"userId": ACTIVE, "physicalCardNo": "9420000000000001", "physicalCardExpDate": "3108", "physicalCardCVC": "123"}),
        )
        .await;
    assert_eq!((answer.status, answer.code()), (StatusCode::OK, "000_000"));
    assert_eq!(
        answer.body["issuedCardList"][0]["cardApplyNo"],
        "CA20000000000000000002"
    );
    assert_eq!(
        answer.body["issuedCardList"].as_array().map(Vec::len),
        Some(1)
    );

    let answer = mock
        .post(
            STATUS,
            &json!({"userId": ACTIVE, "cardNo": "9410000000000001", "status": "SUSPEND"}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.body,
        json!({"response": {"code": "000_000", "description": "Success"}})
    );

    let answer = mock
        .post(
            REISSUE,
            &json!({
                "userInfo": {"userId": ACTIVE},
                "addressInfo": {"address": "10 Teheran-ro, Gangnam-gu, Seoul", "addressDetail": "5th floor", "zipCode": "06236"},
                "cardInfo": {"oldCardNo": "9410000000000004"},
            }),
        )
        .await;
    assert_eq!(
        (answer.status, answer.description()),
        (StatusCode::OK, "Success")
    );
    assert_eq!(answer.body["cardApplyNo"].as_str().map(str::len), Some(22));

    let answer = mock
        .post(
            CANCEL,
            &json!({"cardApplyNo": "CA20000000000000000003", "userId": ACTIVE}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.body,
        json!({
            "response": {"code": "000_000", "description": "Success."},
            "mobileCardNo": "9430000000000003",
            "par": "Q1TESTPAR100000000000000003",
        })
    );
    answer.assert_enveloped();
    mock.server.shutdown().await;
}

#[tokio::test]
async fn documented_errors_are_400_with_the_page_text() {
    let mock = Mock::start().await;
    let answer = mock
        .post(
            STATUS,
            &json!({"userId": ACTIVE, "par": "Q1TESTPAR000000000000009999", "status": "SUSPEND"}),
        )
        .await;
    answer.assert_enveloped();
    assert_eq!(
        (answer.status, answer.code(), answer.description()),
        (StatusCode::BAD_REQUEST, "003_021", "Cannot find par")
    );
    let answer = mock
        .post(
            INQUIRY,
            &json!({"userId": 50_000_104_653_u64, "cardApplyNo": "CA20000000000000000001"}),
        )
        .await;
    assert_eq!(
        (answer.status, answer.code(), answer.description()),
        (StatusCode::BAD_REQUEST, "001_006", "Wallet user not found.")
    );
}

#[tokio::test]
async fn each_missing_header_is_named() {
    let mock = Mock::start().await;
    let body = json!({"userId": ACTIVE, "cardApplyNo": "CA20000000000000000001"}).to_string();
    for name in [
        "X-KM-User-AspId",
        "X-KM-Correlation-Id",
        "X-KM-Access-Key",
        "X-KM-Tran-Token",
        "X-KM-Tran-Time",
        "X-KM-Time-Zone",
    ] {
        let mut headers = signed_headers(body.as_bytes());
        headers.retain(|(n, _)| *n != name);
        let answer = mock
            .post_with(INQUIRY, body.clone().into_bytes(), &headers)
            .await;
        answer.assert_enveloped();
        assert_eq!(
            (answer.status, answer.code(), answer.description()),
            (
                StatusCode::BAD_REQUEST,
                "000_002",
                format!("Invalid input parameter. {name}").as_str()
            )
        );
    }
}

#[tokio::test]
async fn malformed_headers_are_named() {
    let mock = Mock::start().await;
    let body = json!({"userId": ACTIVE, "cardApplyNo": "CA20000000000000000001"}).to_string();
    for (name, value) in [
        ("X-KM-User-AspId", "0001700000000001"),
        ("X-KM-Correlation-Id", "260310120000-abcdefg"),
        (
            "X-KM-Access-Key",
            "KPTESTACCESSKEY000000000000000000000000001",
        ),
        ("X-KM-Tran-Token", "KMV1:20260310120000123:not-base64"),
        ("X-KM-Tran-Time", "2026031012000"),
        ("X-KM-Time-Zone", "Asia/Seoul"),
        ("X-KM-Crypto-Key-Id", "KPTESTCRYPTOKEYID"),
    ] {
        let mut headers = signed_headers(body.as_bytes());
        replace_header(&mut headers, name, value);
        let answer = mock
            .post_with(INQUIRY, body.clone().into_bytes(), &headers)
            .await;
        answer.assert_enveloped();
        assert_eq!(
            (answer.status, answer.code(), answer.description()),
            (
                StatusCode::BAD_REQUEST,
                "000_002",
                format!("Invalid input parameter. {name}").as_str()
            ),
            "{name}: {value}"
        );
    }
}

#[tokio::test]
async fn wrong_credentials_are_401() {
    let mock = Mock::start().await;
    let body = json!({"userId": ACTIVE, "cardApplyNo": "CA20000000000000000001"}).to_string();

    let mut headers = signed_headers(body.as_bytes());
    replace_header(&mut headers, "X-KM-Access-Key", &"K".repeat(40));
    let answer = mock
        .post_with(INQUIRY, body.clone().into_bytes(), &headers)
        .await;
    answer.assert_enveloped();
    assert_eq!(
        (answer.status, answer.code(), answer.description()),
        (
            StatusCode::UNAUTHORIZED,
            "000_001",
            "Unauthorized. X-KM-Access-Key"
        )
    );

    // Signed with another secret.
    let mut headers = signed_headers(body.as_bytes());
    replace_header(
        &mut headers,
        "X-KM-Tran-Token",
        &tran_token("wrong-secret", body.as_bytes()),
    );
    let answer = mock
        .post_with(INQUIRY, body.clone().into_bytes(), &headers)
        .await;
    assert_eq!(
        (answer.status, answer.code(), answer.description()),
        (
            StatusCode::UNAUTHORIZED,
            "000_001",
            "Unauthorized. X-KM-Tran-Token"
        )
    );

    // Signed over other bytes of the same JSON value: the MAC covers the exact bytes.
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<Value>(&body).unwrap()).unwrap();
    let headers = signed_headers(body.as_bytes());
    let answer = mock.post_with(INQUIRY, pretty.into_bytes(), &headers).await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::UNAUTHORIZED, "000_001")
    );
}

#[tokio::test]
async fn an_unpadded_token_is_accepted() {
    let mock = Mock::start().await;
    let body = json!({"userId": ACTIVE, "cardApplyNo": "CA20000000000000000001"}).to_string();
    let mut headers = signed_headers(body.as_bytes());
    let token = tran_token(TEST_SECRET_KEY, body.as_bytes());
    let unpadded = token.trim_end_matches('=').to_owned();
    assert_eq!((token.len(), unpadded.len()), (67, 66));
    replace_header(&mut headers, "X-KM-Tran-Token", &unpadded);
    let answer = mock.post_with(INQUIRY, body.into_bytes(), &headers).await;
    assert_eq!((answer.status, answer.code()), (StatusCode::OK, "000_000"));
}

#[tokio::test]
async fn a_body_over_the_cap_is_413_with_the_envelope() {
    let mock = Mock::start().await;
    for size in [64 * 1024 + 1, 70 * 1024, 1024 * 1024] {
        let filler = "x".repeat(size);
        let body =
            json!({"userId": ACTIVE, "cardApplyNo": "CA20000000000000000001", "filler": filler});
        let answer = mock.post(INQUIRY, &body).await;
        answer.assert_enveloped();
        assert_eq!(
            (answer.status, answer.code(), answer.description()),
            (
                StatusCode::PAYLOAD_TOO_LARGE,
                "000_002",
                "Invalid input parameter. body"
            ),
            "{size}"
        );
    }
    // Just under the cap is read (and then refused for its content only).
    let mut body =
        format!(r#"{{"userId":{ACTIVE},"cardApplyNo":"CA20000000000000000001","filler":""#);
    body.push_str(&"x".repeat(64 * 1024 - body.len() - 2));
    body.push_str(r#""}"#);
    assert_eq!(body.len(), 64 * 1024);
    let answer = mock.post_raw(INQUIRY, body.as_bytes()).await;
    assert_eq!((answer.status, answer.code()), (StatusCode::OK, "000_000"));
}

#[tokio::test]
async fn unusable_bodies_are_400_with_the_envelope() {
    let mock = Mock::start().await;
    let deep = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
    let bodies: [&[u8]; 6] = [
        b"{\"userId\": 50000104652,",
        b"",
        b"[]",
        b"null",
        deep.as_bytes(),
        b"\xff\xfe\x00",
    ];
    for body in bodies {
        let answer = mock.post_raw(INQUIRY, body).await;
        answer.assert_enveloped();
        assert_eq!(
            (answer.status, answer.code(), answer.description()),
            (
                StatusCode::BAD_REQUEST,
                "000_002",
                "Invalid input parameter. body"
            ),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
    // Wrong JSON types name the field.
    let answer = mock
        .post(
            INQUIRY,
            &json!({"userId": {"nested": [1, 2]}, "cardApplyNo": 5}),
        )
        .await;
    assert_eq!(
        (answer.status, answer.description()),
        (StatusCode::BAD_REQUEST, "Invalid input parameter. userId")
    );
}

#[tokio::test]
async fn a_missing_content_type_is_tolerated() {
    let mock = Mock::start().await;
    let body = json!({"userId": ACTIVE, "cardApplyNo": "CA20000000000000000001"}).to_string();
    let mut headers = signed_headers(body.as_bytes());
    headers.retain(|(n, _)| *n != "Content-Type");
    let answer = mock.post_with(INQUIRY, body.into_bytes(), &headers).await;
    assert_eq!((answer.status, answer.code()), (StatusCode::OK, "000_000"));
}

#[tokio::test]
async fn unknown_paths_and_wrong_methods_answer_with_the_envelope() {
    let mock = Mock::start().await;
    let answer = mock
        .post("/api/v1/card/nothing-here", &json!({"userId": ACTIVE}))
        .await;
    answer.assert_enveloped();
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::NOT_FOUND, "900_404")
    );

    for method in [
        reqwest::Method::GET,
        reqwest::Method::PUT,
        reqwest::Method::DELETE,
    ] {
        let answer = mock
            .send(mock.client.request(method.clone(), mock.url(INQUIRY)))
            .await;
        answer.assert_enveloped();
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::METHOD_NOT_ALLOWED, "900_405"),
            "{method}"
        );
    }
    let answer = mock.send(mock.client.get(mock.url("/__admin/reset"))).await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    let answer = mock
        .send(mock.client.get(mock.url("/__admin/health")))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
}

#[tokio::test]
async fn user_id_is_handled_exactly_as_u64() {
    let mock = Mock::start().await;
    // 9999999999999999999 is a member (the largest documented id).
    let body = format!(r#"{{"userId":{MAX},"cardNo":"9410000000000011","status":"SUSPEND"}}"#);
    let answer = mock.post_raw(STATUS, body.as_bytes()).await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::OK, "000_000"),
        "{answer:?}"
    );
    // One more is out of range, although it still fits a u64.
    for user_id in [
        "10000000000000000000",
        "18446744073709551616",
        "9999999999999999999.0",
        "-1",
        "0",
    ] {
        let body =
            format!(r#"{{"userId":{user_id},"cardNo":"9410000000000011","status":"SUSPEND"}}"#);
        let answer = mock.post_raw(STATUS, body.as_bytes()).await;
        answer.assert_enveloped();
        assert_eq!(
            (answer.status, answer.code(), answer.description()),
            (
                StatusCode::BAD_REQUEST,
                "000_002",
                "Invalid input parameter. userId"
            ),
            "{user_id}"
        );
    }
}

#[tokio::test]
async fn the_correlation_id_is_echoed_or_generated() {
    let mock = Mock::start().await;
    let body = json!({"userId": ACTIVE, "cardApplyNo": "CA20000000000000000001"}).to_string();
    let mut headers = signed_headers(body.as_bytes());
    replace_header(&mut headers, "X-KM-Correlation-Id", "251231235959-0ABCdef");
    let answer = mock
        .post_with(INQUIRY, body.clone().into_bytes(), &headers)
        .await;
    assert_eq!(answer.correlation_id, "251231235959-0ABCdef");
    // A malformed one is refused, and the answer carries a fresh, well-formed id.
    replace_header(
        &mut headers,
        "X-KM-Correlation-Id",
        "251231235959-0ABCdefXYZ",
    );
    let answer = mock.post_with(INQUIRY, body.into_bytes(), &headers).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let id = answer.correlation_id.as_bytes();
    assert_eq!(id.len(), 20);
    assert!(id[..12].iter().all(u8::is_ascii_digit) && id[12] == b'-');
    assert!(id[13..].iter().all(u8::is_ascii_hexdigit));
}

#[tokio::test]
async fn reset_restores_the_seed() {
    let mock = Mock::start().await;
    let cancel = json!({"cardApplyNo": "CA20000000000000000003", "userId": ACTIVE});
    assert_eq!(mock.post(CANCEL, &cancel).await.code(), "000_000");
    let again = mock.post(CANCEL, &cancel).await;
    assert_eq!(
        (again.status, again.code(), again.description()),
        (
            StatusCode::BAD_REQUEST,
            "003_003",
            "Card issue is not cancelable due to status."
        )
    );
    let reset = mock.reset().await;
    assert_eq!(
        (reset.status, &reset.body),
        (StatusCode::OK, &json!({"reset": true}))
    );
    assert_eq!(mock.post(CANCEL, &cancel).await.code(), "000_000");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_are_all_answered_consistently() {
    let mock = Arc::new(Mock::start().await);
    let mut tasks = Vec::new();
    for i in 0..50_u32 {
        let mock = Arc::clone(&mock);
        tasks.push(tokio::spawn(async move {
            match i % 3 {
                0 => mock.post(INQUIRY, &json!({"userId": ACTIVE, "cardApplyNo": "CA20000000000000000001"})).await,
                1 => mock.post(STATUS, &json!({"userId": ACTIVE, "cardNo": "9410000000000001", "status": "SUSPEND"})).await,
                _ => mock.post(CANCEL, &json!({"cardApplyNo": "CA20000000000000000003", "userId": ACTIVE})).await,
            }
        }));
    }
    let mut cancels_won = 0;
    for (i, task) in tasks.into_iter().enumerate() {
        let answer = task.await.expect("task completes");
        answer.assert_enveloped();
        match i % 3 {
            2 if answer.code() == "000_000" => cancels_won += 1,
            2 => assert_eq!(answer.code(), "003_003"),
            _ => assert_eq!((answer.status, answer.code()), (StatusCode::OK, "000_000")),
        }
    }
    // Exactly one of the concurrent cancels of one application can succeed.
    assert_eq!(cancels_won, 1);
}

#[tokio::test]
async fn an_injected_clock_drives_the_kst_day() {
    // 2026-03-10 23:59 KST = 14:59 UTC.
    let clock = Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 3, 10, 14, 59, 0).unwrap(),
    ));
    let config = MockConfig {
        clock: clock.clone(),
        ..MockConfig::default()
    };
    let mock = Mock::with_config(config).await;
    let cancel = json!({"cardApplyNo": "CA20000000000000000003", "userId": ACTIVE});
    // One minute later it is 00:00 KST of the next day: the application is from yesterday.
    clock.advance(TimeDelta::minutes(1));
    let answer = mock.post(CANCEL, &cancel).await;
    assert_eq!(
        (answer.code(), answer.description()),
        ("003_002", "Card issue is not cancelable due to day.")
    );
    // A generated correlation id reads the same clock, in KST.
    let answer = mock.send(mock.client.post(mock.url("/nowhere"))).await;
    assert!(
        answer.correlation_id.starts_with("260311000000-"),
        "{answer:?}"
    );
    // Reset re-anchors the fixtures at the new day.
    mock.reset().await;
    assert_eq!(mock.post(CANCEL, &cancel).await.code(), "000_000");
}
