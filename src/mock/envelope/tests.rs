//! Codes, page texts and the envelope shape.

use super::*;
use crate::mock::ops::{
    ALL, card_status, delivery_cancel, delivery_inquiry, expired_reissue, pre_issue_waiting,
};
use serde_json::json;

#[test]
fn every_page_documents_success_and_invalid_input() {
    for op in ALL {
        assert!(op.message("000_000").is_some(), "{op:?}");
        let invalid = op.message("000_002").unwrap();
        assert!(invalid.starts_with(INVALID_INPUT_BASE), "{op:?}: {invalid}");
    }
}

#[test]
fn success_text_follows_each_page() {
    assert_eq!(
        Reply::success(&delivery_inquiry::OPERATION, Map::new()).description,
        "Success."
    );
    assert_eq!(
        Reply::success(&card_status::OPERATION, Map::new()).description,
        "Success"
    );
    assert_eq!(
        Reply::success(&expired_reissue::OPERATION, Map::new()).description,
        "Success"
    );
    assert_eq!(
        Reply::success(&delivery_cancel::OPERATION, Map::new()).description,
        "Success."
    );
}

#[test]
fn rejections_use_the_page_text() {
    let status_page = Reply::rejected(&card_status::OPERATION, &Rejection::WALLET_USER_NOT_FOUND);
    assert_eq!(status_page.description, "Wallet user not found");
    let cancel_page = Reply::rejected(
        &delivery_cancel::OPERATION,
        &Rejection::WALLET_USER_NOT_FOUND,
    );
    assert_eq!(cancel_page.description, "Wallet user not found.");
    assert_eq!(cancel_page.status, StatusCode::BAD_REQUEST);
    let physical = Reply::rejected(
        &pre_issue_waiting::OPERATION,
        &pre_issue_waiting::INVALID_PHYSICAL_CARD_INFO,
    );
    assert_eq!(
        (physical.code, physical.description.as_str()),
        ("003_011", "Invalid card info.")
    );
}

#[test]
fn invalid_input_names_the_path_uniformly() {
    let reply = Reply::rejected(
        &card_status::OPERATION,
        &Rejection::InvalidInput("userId".to_owned()),
    );
    assert_eq!(reply.description, "Invalid input parameter. userId");
    let reissue = Reply::rejected(
        &expired_reissue::OPERATION,
        &Rejection::InvalidInput("cardInfo.oldCardNo".to_owned()),
    );
    assert_eq!(
        reissue.description,
        expired_reissue::OPERATION.message("000_002").unwrap()
    );
}

#[test]
fn body_puts_data_beside_response() {
    let mut data = Map::new();
    data.insert("status".to_owned(), json!("SHIPPING"));
    let body = Reply::success(&delivery_inquiry::OPERATION, data).body();
    assert_eq!(
        body,
        json!({"response": {"code": "000_000", "description": "Success."}, "status": "SHIPPING"})
    );
}

#[test]
fn protocol_replies_have_the_documented_statuses() {
    assert_eq!(
        Reply::unauthorized("X-KM-Access-Key").status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        Reply::unauthorized("X-KM-Access-Key").description,
        "Unauthorized. X-KM-Access-Key"
    );
    assert_eq!(Reply::invalid_header("X-KM-Tran-Time").code, "000_002");
    assert_eq!(
        Reply::body_too_large().status,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(Reply::not_found().status, StatusCode::NOT_FOUND);
    assert_eq!(
        Reply::method_not_allowed().status,
        StatusCode::METHOD_NOT_ALLOWED
    );
}
