//! Rules of the expired-card reissue.

use super::*;
use crate::mock::ops::testing::{assert_documented, at, invalid_path, now, run_at, run_on};
use crate::mock::records::Expiry;
use crate::mock::seed::{self, card_no, ids};
use serde_json::json;

fn body(user_id: u64, old_card_no: &str) -> Value {
    json!({
        "userInfo": {"userId": user_id},
        "addressInfo": {
            "address": "10 Teheran-ro, Gangnam-gu, Seoul",
            "addressDetail": "5th floor",
            "zipCode": "06236",
        },
        "cardInfo": {"oldCardNo": old_card_no},
    })
}

fn run_with(state: &mut State, body: Value) -> Outcome {
    run_on(state, body, &OPERATION)
}

fn run(body: Value) -> Outcome {
    run_with(&mut seed::build(now().to_utc()), body)
}

#[test]
fn every_rejection_has_a_page_message() {
    assert_documented(
        &OPERATION,
        &[
            Rejection::WALLET_USER_NOT_FOUND,
            USER_NAME_NOT_FOUND,
            PAR_NOT_FOUND_FROM_CARD_NO,
            CARD_STATUS_NOT_REISSUABLE,
            REISSUE_NOT_ALLOWED,
            EXPIRY_NOT_PROPER,
            PRODUCT_NOT_REISSUABLE,
            REISSUE_COST_PAY_FAIL,
        ],
    );
}

#[test]
fn reissues_an_expiring_card_once() {
    let mut state = seed::build(now().to_utc());
    let data = run_with(&mut state, body(ids::ACTIVE, &card_no(4))).unwrap();
    let apply_no = data["cardApplyNo"].as_str().unwrap().to_owned();
    assert_eq!(apply_no, "CA20260310000000000001");
    let application = &state.applications[&apply_no];
    assert_eq!(application.owner, ids::ACTIVE);
    assert_eq!(application.issue_type, IssueType::Reissue);
    assert_eq!(application.address.as_ref().unwrap().zip_code, "06236");
    assert_eq!(
        state.cards[&card_no(4)].reissued_to.as_deref(),
        Some(apply_no.as_str())
    );
    // A second request for the same card is refused.
    let again = run_with(&mut state, body(ids::ACTIVE, &card_no(4)));
    assert_eq!(again, Err(REISSUE_NOT_ALLOWED));
}

#[test]
fn each_fixture_fails_with_its_documented_code() {
    for (user_id, n, expected) in [
        (ids::UNKNOWN, 4, Rejection::WALLET_USER_NOT_FOUND),
        (ids::WITHDRAWN, 4, Rejection::WALLET_USER_NOT_FOUND),
        (ids::NO_NAME, 8, USER_NAME_NOT_FOUND),
        (ids::ACTIVE, 9999, PAR_NOT_FOUND_FROM_CARD_NO),
        (ids::ACTIVE, 2, PAR_NOT_FOUND_FROM_CARD_NO),
        (ids::ACTIVE, 6, CARD_STATUS_NOT_REISSUABLE),
        (ids::ACTIVE, 5, REISSUE_NOT_ALLOWED),
        (ids::ACTIVE, 7, EXPIRY_NOT_PROPER),
        (ids::ACTIVE, 9, PRODUCT_NOT_REISSUABLE),
        (ids::ACTIVE, 10, REISSUE_COST_PAY_FAIL),
    ] {
        assert_eq!(
            run(body(user_id, &card_no(n))),
            Err(expected.clone()),
            "card {n}"
        );
    }
}

#[test]
fn a_suspended_card_may_be_reissued() {
    let mut state = seed::build(now().to_utc());
    state.cards.get_mut(&card_no(4)).unwrap().status = CardStatus::Suspended;
    assert!(run_with(&mut state, body(ids::ACTIVE, &card_no(4))).is_ok());
}

#[test]
fn status_is_checked_before_the_earlier_reissue() {
    let mut state = seed::build(now().to_utc());
    state.cards.get_mut(&card_no(5)).unwrap().status = CardStatus::Terminated;
    let result = run_with(&mut state, body(ids::ACTIVE, &card_no(5)));
    assert_eq!(result, Err(CARD_STATUS_NOT_REISSUABLE));
}

#[test]
fn the_window_is_zero_to_thirty_days_in_kst() {
    // Card expiring 2603 is valid through 2026-03-31.
    let mut state = seed::build(now().to_utc());
    state.cards.get_mut(&card_no(4)).unwrap().expiry = Expiry {
        year: 2026,
        month: 3,
    };
    for (when, expected_ok) in [
        (at(2026, 3, 1, 0, 0), true),     // 30 days
        (at(2026, 2, 28, 23, 59), false), // 31 days
        (at(2026, 3, 31, 23, 59), true),  // 0 days
        (at(2026, 4, 1, 0, 0), false),    // expired yesterday
    ] {
        let mut attempt = state.clone();
        let result = run_at(
            &mut attempt,
            when,
            body(ids::ACTIVE, &card_no(4)),
            &OPERATION,
        );
        if expected_ok {
            assert!(result.is_ok(), "{when}: {result:?}");
        } else {
            assert_eq!(result, Err(EXPIRY_NOT_PROPER), "{when}");
        }
    }
}

#[test]
fn the_window_uses_the_kst_date_not_the_utc_date() {
    let mut state = seed::build(now().to_utc());
    state.cards.get_mut(&card_no(4)).unwrap().expiry = Expiry {
        year: 2026,
        month: 3,
    };
    // 2026-02-28T15:00Z is 2026-03-01 00:00 KST: 30 days, allowed, although UTC is still
    // February 28th (31 days).
    let kst_midnight = at(2026, 3, 1, 0, 0);
    assert_eq!(
        kst_midnight.to_utc().to_rfc3339(),
        "2026-02-28T15:00:00+00:00"
    );
    let result = run_at(
        &mut state,
        kst_midnight,
        body(ids::ACTIVE, &card_no(4)),
        &OPERATION,
    );
    assert!(result.is_ok(), "{result:?}");
}

#[test]
fn the_fee_is_charged_to_the_old_card() {
    let mut state = seed::build(now().to_utc());
    state.cards.get_mut(&card_no(10)).unwrap().balance = 7_000;
    assert!(run_with(&mut state, body(ids::ACTIVE, &card_no(10))).is_ok());
    assert_eq!(
        state.cards[&card_no(10)].balance,
        7_000 - seed::ids::REISSUE_FEE
    );
}

#[test]
fn new_application_numbers_are_unique() {
    let mut state = seed::build(now().to_utc());
    let first = run_with(&mut state, body(ids::ACTIVE, &card_no(4))).unwrap();
    state.cards.get_mut(&card_no(5)).unwrap().reissued_to = None;
    let second = run_with(&mut state, body(ids::ACTIVE, &card_no(5))).unwrap();
    assert_ne!(first["cardApplyNo"], second["cardApplyNo"]);
    assert_eq!(second["cardApplyNo"].as_str().unwrap().len(), 22);
}

#[test]
fn validation_names_dotted_paths_in_order() {
    let good = body(ids::ACTIVE, &card_no(4));
    let mut cases: Vec<(Value, &str)> = Vec::new();
    let mut with = |pointer: &str, value: Value, path: &'static str| {
        let mut b = good.clone();
        *b.pointer_mut(pointer).unwrap() = value;
        cases.push((b, path));
    };
    with("/userInfo", json!(null), "userInfo");
    with("/userInfo", json!([]), "userInfo");
    with("/userInfo/userId", json!("50000104652"), "userInfo.userId");
    with(
        "/userInfo/userId",
        json!(10_000_000_000_000_000_000_u64),
        "userInfo.userId",
    );
    with("/addressInfo", json!("x"), "addressInfo");
    with("/addressInfo/address", json!(""), "addressInfo.address");
    with(
        "/addressInfo/address",
        json!("a".repeat(256)),
        "addressInfo.address",
    );
    with(
        "/addressInfo/addressDetail",
        json!(5),
        "addressInfo.addressDetail",
    );
    with("/addressInfo/zipCode", json!("0623"), "addressInfo.zipCode");
    with("/cardInfo", json!({}), "cardInfo.oldCardNo");
    with(
        "/cardInfo/oldCardNo",
        json!("94100000000000041"),
        "cardInfo.oldCardNo",
    );
    for (b, path) in cases {
        assert_eq!(invalid_path(run(b.clone())), path, "{b}");
    }
    assert_eq!(invalid_path(run(json!({"cardInfo": 1}))), "userInfo");
    let mut no_card_info = good.clone();
    no_card_info.as_object_mut().unwrap().remove("cardInfo");
    assert_eq!(invalid_path(run(no_card_info)), "cardInfo");
}

#[test]
fn validation_comes_before_the_member_check() {
    let mut b = body(ids::UNKNOWN, &card_no(4));
    b["cardInfo"]["oldCardNo"] = json!("1");
    assert_eq!(invalid_path(run(b)), "cardInfo.oldCardNo");
}

#[test]
fn a_long_korean_address_counts_characters() {
    let mut b = body(ids::ACTIVE, &card_no(4));
    b["addressInfo"]["address"] = json!("가".repeat(255));
    assert!(run(b).is_ok());
}
