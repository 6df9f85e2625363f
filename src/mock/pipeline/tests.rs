//! Order of checks in the pipeline, and the replies it builds.

use super::*;
use crate::mock::clock::kst;
use crate::mock::config::{TEST_ACCESS_KEY, TEST_ASP_ID, TEST_SECRET_KEY};
use crate::mock::ops::{
    card_status, delivery_cancel, delivery_inquiry, expired_reissue, pre_issue_waiting,
};
use crate::mock::seed::{self, ids};
use aws_lc_rs::hmac;
use axum::http::{HeaderValue, StatusCode};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::TimeZone as _;
use serde_json::json;

fn signed_headers(body: &[u8]) -> HeaderMap {
    let key = hmac::Key::new(hmac::HMAC_SHA256, TEST_SECRET_KEY.as_bytes());
    let tag = hmac::sign(&key, body);
    let token = format!("KMV1:20260310120000000:{}", STANDARD.encode(tag.as_ref()));
    let mut h = HeaderMap::new();
    h.insert("X-KM-User-AspId", HeaderValue::from_static(TEST_ASP_ID));
    h.insert(
        "X-KM-Correlation-Id",
        HeaderValue::from_static("260310120000-abcdef0"),
    );
    h.insert("X-KM-Access-Key", HeaderValue::from_static(TEST_ACCESS_KEY));
    h.insert("X-KM-Tran-Token", HeaderValue::from_str(&token).unwrap());
    h.insert("X-KM-Tran-Time", HeaderValue::from_static("20260310120000"));
    h.insert("X-KM-Time-Zone", HeaderValue::from_static("KST"));
    h
}

fn admit_bytes(headers: &HeaderMap, body: &[u8]) -> Result<Value, Reply> {
    admit(
        headers,
        Ok(&Bytes::copy_from_slice(body)),
        &MockConfig::default(),
    )
}

fn failure(result: Result<Value, Reply>) -> (StatusCode, &'static str, String) {
    let reply = result.expect_err("expected a refusal");
    (reply.status, reply.code, reply.description)
}

#[test]
fn admits_a_signed_json_body() {
    let body = br#"{"userId":50000104652}"#;
    assert_eq!(
        admit_bytes(&signed_headers(body), body),
        Ok(json!({"userId": 50000104652_u64}))
    );
}

#[test]
fn headers_come_before_the_body_size() {
    let mut headers = signed_headers(b"{}");
    headers.remove("X-KM-Tran-Time");
    let result = admit(&headers, Err(BodyError::TooLarge), &MockConfig::default());
    assert_eq!(
        failure(result),
        (
            StatusCode::BAD_REQUEST,
            "000_002",
            "Invalid input parameter. X-KM-Tran-Time".to_owned()
        )
    );
}

#[test]
fn body_size_comes_before_credentials() {
    let mut headers = signed_headers(b"{}");
    headers.insert(
        "X-KM-Access-Key",
        HeaderValue::from_static("0000000000000000000000000000000000000000"),
    );
    let result = admit(&headers, Err(BodyError::TooLarge), &MockConfig::default());
    assert_eq!(failure(result).0, StatusCode::PAYLOAD_TOO_LARGE);
    let unreadable = admit(&headers, Err(BodyError::Unreadable), &MockConfig::default());
    assert_eq!(failure(unreadable).0, StatusCode::BAD_REQUEST);
}

#[test]
fn credentials_come_before_json() {
    let body = b"{not json";
    let mut headers = signed_headers(body);
    headers.insert(
        "X-KM-Access-Key",
        HeaderValue::from_static("0000000000000000000000000000000000000000"),
    );
    assert_eq!(
        failure(admit_bytes(&headers, body)),
        (
            StatusCode::UNAUTHORIZED,
            "000_001",
            "Unauthorized. X-KM-Access-Key".to_owned()
        )
    );
    let headers = signed_headers(b"{}");
    assert_eq!(
        failure(admit_bytes(&headers, body)),
        (
            StatusCode::UNAUTHORIZED,
            "000_001",
            "Unauthorized. X-KM-Tran-Token".to_owned()
        )
    );
}

#[test]
fn unusable_bodies_are_invalid_input() {
    let deep = "[".repeat(100_000);
    for body in [
        &b"{not json"[..],
        b"",
        b"\xff\xfe",
        deep.as_bytes(),
        b"{\"userId\":1}trailing",
    ] {
        let result = admit_bytes(&signed_headers(body), body);
        assert_eq!(
            failure(result),
            (
                StatusCode::BAD_REQUEST,
                "000_002",
                "Invalid input parameter. body".to_owned()
            )
        );
    }
}

#[test]
fn huge_numbers_parse_and_are_then_refused_by_the_operation() {
    let body =
        br#"{"userId":123456789012345678901234567890,"cardApplyNo":"CA20000000000000000001"}"#;
    let json = admit_bytes(&signed_headers(body), body).unwrap();
    let now = kst().with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap();
    let mut state = seed::build(now.to_utc());
    let reply = run(&delivery_inquiry::OPERATION, &json, &mut state, now);
    assert_eq!(
        (reply.code, reply.description.as_str()),
        ("000_002", "Invalid input parameter. userId")
    );
}

#[test]
fn run_builds_each_operation_reply() {
    let now = kst().with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap();
    let mut state = seed::build(now.to_utc());
    let cases = [
        (
            &delivery_inquiry::OPERATION,
            json!({"userId": ids::ACTIVE, "cardApplyNo": "CA20000000000000000001"}),
            json!({"response": {"code": "000_000", "description": "Success."}, "status": "SHIPPING"}),
        ),
        (
            &card_status::OPERATION,
            json!({"userId": ids::ACTIVE, "cardNo": "9410000000000001", "status": "SUSPEND"}),
            json!({"response": {"code": "000_000", "description": "Success"}}),
        ),
        (
            &card_status::OPERATION,
            json!({"userId": ids::ACTIVE, "cardNo": "9410000000000003", "status": "SUSPEND"}),
            json!({"response": {"code": "003_022", "description": "Card already terminated"}}),
        ),
        (
            &expired_reissue::OPERATION,
            json!({"userInfo": {"userId": ids::NO_NAME}, "addressInfo": {"address": "a", "addressDetail": "b", "zipCode": "06236"}, "cardInfo": {"oldCardNo": "9410000000000008"}}),
            json!({"response": {"code": "003_007", "description": "User name not found error"}}),
        ),
        (
            &delivery_cancel::OPERATION,
            json!({"cardApplyNo": "CA20000000000000000004", "userId": ids::ACTIVE}),
            json!({"response": {"code": "003_002", "description": "Card issue is not cancelable due to day."}}),
        ),
        (
            &pre_issue_waiting::OPERATION,
            json!({"userId": ids::NO_CARDS, "physicalCardNo": "9420000000000003", "physicalCardExpDate": "3108", "physicalCardCVC": "345"}),
            json!({"response": {"code": "003_049", "description": "Not found issued cards."}}),
        ),
    ];
    for (op, body, expected) in cases {
        let reply = run(op, &body, &mut state, now);
        let expected_status = if expected["response"]["code"] == "000_000" {
            StatusCode::OK
        } else {
            StatusCode::BAD_REQUEST
        };
        assert_eq!(reply.status, expected_status, "{op:?}");
        assert_eq!(reply.body(), expected, "{op:?}");
    }
}

/// Replaces every value reachable in `body` (one at a time) with each odd value, and checks
/// that every operation still answers 200 or 400 with a code from its own page.
#[test]
fn odd_values_anywhere_never_escape_the_documented_answers() {
    let now = kst().with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap();
    let odd = [
        json!(null),
        json!(true),
        json!(-1),
        json!(0),
        json!(1.5),
        json!(1e300),
        json!(u64::MAX),
        json!(""),
        json!("x".repeat(300)),
        json!("가".repeat(16)),
        json!([]),
        json!({}),
        json!([{"userId": 1}]),
    ];
    let goods = [
        (
            &delivery_inquiry::OPERATION,
            json!({"userId": ids::ACTIVE, "cardApplyNo": "CA20000000000000000001"}),
        ),
        (
            &pre_issue_waiting::OPERATION,
            json!({"userId": ids::ACTIVE, "physicalCardNo": "9420000000000001", "physicalCardExpDate": "3108", "physicalCardCVC": "123"}),
        ),
        (
            &card_status::OPERATION,
            json!({"userId": ids::ACTIVE, "par": "Q1TESTPAR000000000000000001", "cardNo": "9410000000000001", "status": "SUSPEND"}),
        ),
        (
            &expired_reissue::OPERATION,
            json!({"userInfo": {"userId": ids::ACTIVE}, "addressInfo": {"address": "a", "addressDetail": "b", "zipCode": "06236"}, "cardInfo": {"oldCardNo": "9410000000000004"}}),
        ),
        (
            &delivery_cancel::OPERATION,
            json!({"cardApplyNo": "CA20000000000000000003", "userId": ids::ACTIVE}),
        ),
    ];
    for (op, good) in goods {
        let mut pointers = Vec::new();
        collect_pointers(&good, String::new(), &mut pointers);
        for pointer in pointers {
            for value in &odd {
                let mut body = good.clone();
                *body.pointer_mut(&pointer).unwrap() = value.clone();
                let mut state = seed::build(now.to_utc());
                let reply = run(op, &body, &mut state, now);
                assert!(
                    matches!(reply.status, StatusCode::OK | StatusCode::BAD_REQUEST),
                    "{op:?} {body}"
                );
                assert!(
                    op.message(reply.code).is_some(),
                    "{op:?} {body}: {}",
                    reply.code
                );
            }
        }
    }
}

fn collect_pointers(value: &Value, at: String, out: &mut Vec<String>) {
    if !at.is_empty() {
        out.push(at.clone());
    }
    if let Value::Object(map) = value {
        for (key, child) in map {
            collect_pointers(child, format!("{at}/{key}"), out);
        }
    }
}
