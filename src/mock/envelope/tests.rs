//! Codes, page texts and the envelope shape.

use super::*;
use serde_json::json;

#[test]
fn every_page_documents_success_and_invalid_input() {
    for op in Operation::ALL {
        assert!(page_message(op, "000_000").is_some(), "{op:?}");
        let invalid = page_message(op, "000_002").unwrap();
        assert!(invalid.starts_with(INVALID_INPUT_BASE), "{op:?}: {invalid}");
    }
}

#[test]
fn success_text_follows_each_page() {
    assert_eq!(
        Reply::success(Operation::DeliveryInquiry, Map::new()).description,
        "Success."
    );
    assert_eq!(
        Reply::success(Operation::CardStatus, Map::new()).description,
        "Success"
    );
    assert_eq!(
        Reply::success(Operation::ExpiredReissue, Map::new()).description,
        "Success"
    );
    assert_eq!(
        Reply::success(Operation::DeliveryCancel, Map::new()).description,
        "Success."
    );
}

#[test]
fn rejections_use_the_page_text() {
    let status_page = Reply::rejected(Operation::CardStatus, &Rejection::WalletUserNotFound);
    assert_eq!(status_page.description, "Wallet user not found");
    let cancel_page = Reply::rejected(Operation::DeliveryCancel, &Rejection::WalletUserNotFound);
    assert_eq!(cancel_page.description, "Wallet user not found.");
    assert_eq!(cancel_page.status, StatusCode::BAD_REQUEST);
    let physical = Reply::rejected(
        Operation::PreIssueWaitingPhysical,
        &Rejection::InvalidPhysicalCardInfo,
    );
    assert_eq!(
        (physical.code, physical.description.as_str()),
        ("003_011", "Invalid card info.")
    );
}

#[test]
fn every_rejection_an_operation_produces_has_a_page_message() {
    use Rejection as R;
    let produced: [(Operation, &[Rejection]); 5] = [
        (
            Operation::DeliveryInquiry,
            &[R::WalletUserNotFound, R::InvalidCardInfo],
        ),
        (
            Operation::PreIssueWaitingPhysical,
            &[
                R::WalletUserNotFound,
                R::InvalidPhysicalCardInfo,
                R::IssuedCardsNotFound,
            ],
        ),
        (
            Operation::CardStatus,
            &[
                R::WalletUserNotFound,
                R::InvalidCardInfo,
                R::CannotFindPar,
                R::CardAlreadyTerminated,
            ],
        ),
        (
            Operation::ExpiredReissue,
            &[
                R::WalletUserNotFound,
                R::UserNameNotFound,
                R::ParNotFoundFromCardNo,
                R::CardStatusNotReissuable,
                R::ReissueNotAllowed,
                R::ExpiryNotProper,
                R::ProductNotReissuable,
                R::ReissueCostPayFail,
            ],
        ),
        (
            Operation::DeliveryCancel,
            &[
                R::WalletUserNotFound,
                R::NotCancelableDueToDay,
                R::NotCancelableDueToStatus,
            ],
        ),
    ];
    for (op, rejections) in produced {
        for rejection in rejections {
            assert!(
                page_message(op, rejection.code()).is_some(),
                "{op:?} lacks {}",
                rejection.code()
            );
        }
    }
}

#[test]
fn invalid_input_names_the_path_uniformly() {
    let reply = Reply::rejected(
        Operation::CardStatus,
        &Rejection::InvalidInput("userId".to_owned()),
    );
    assert_eq!(reply.description, "Invalid input parameter. userId");
    let reissue = Reply::rejected(
        Operation::ExpiredReissue,
        &Rejection::InvalidInput("cardInfo.oldCardNo".to_owned()),
    );
    assert_eq!(
        reissue.description,
        page_message(Operation::ExpiredReissue, "000_002").unwrap()
    );
}

#[test]
fn body_puts_data_beside_response() {
    let mut data = Map::new();
    data.insert("status".to_owned(), json!("SHIPPING"));
    let body = Reply::success(Operation::DeliveryInquiry, data).body();
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
