//! Rules of the application cancel, including the KST day boundary.

use super::*;
use crate::mock::ops::testing::{assert_documented, at, invalid_path, now, run_at, run_on};
use crate::mock::seed::{self, ids};
use serde_json::json;

fn body(user_id: u64, apply_no: &str) -> Value {
    json!({"cardApplyNo": apply_no, "userId": user_id})
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
            NOT_CANCELABLE_DUE_TO_DAY,
            NOT_CANCELABLE_DUE_TO_STATUS,
        ],
    );
}

#[test]
fn cancels_and_discards_the_mobile_card() {
    let mut state = seed::build(now().to_utc());
    let data = run_with(&mut state, body(ids::ACTIVE, "CA20000000000000000003")).unwrap();
    assert_eq!(
        Value::Object(data),
        json!({"mobileCardNo": "9430000000000003", "par": "Q1TESTPAR100000000000000003"})
    );
    let application = &state.applications["CA20000000000000000003"];
    assert_eq!(application.status, ApplicationStatus::Cancel);
    assert_eq!(application.delivery, DeliveryStatus::Cancel);
    assert_eq!(
        state.cards["9430000000000003"].status,
        CardStatus::Terminated
    );
    // A second cancel finds a cancelled application.
    let again = run_with(&mut state, body(ids::ACTIVE, "CA20000000000000000003"));
    assert_eq!(again, Err(NOT_CANCELABLE_DUE_TO_STATUS));
}

#[test]
fn each_fixture_fails_with_its_documented_code() {
    for (user_id, apply_no, expected) in [
        (
            ids::UNKNOWN,
            "CA20000000000000000003",
            Rejection::WALLET_USER_NOT_FOUND,
        ),
        (
            ids::WITHDRAWN,
            "CA20000000000000000003",
            Rejection::WALLET_USER_NOT_FOUND,
        ),
        (
            ids::ACTIVE,
            "CA20000000000000000004",
            NOT_CANCELABLE_DUE_TO_DAY,
        ),
        (
            ids::ACTIVE,
            "CA20000000000000000005",
            NOT_CANCELABLE_DUE_TO_STATUS,
        ),
        (
            ids::ACTIVE,
            "CA20000000000000009999",
            NOT_CANCELABLE_DUE_TO_STATUS,
        ),
        (
            ids::ACTIVE,
            "CA20000000000000000006",
            NOT_CANCELABLE_DUE_TO_STATUS,
        ),
        (
            ids::ACTIVE,
            "CA20000000000000000001",
            NOT_CANCELABLE_DUE_TO_DAY,
        ),
    ] {
        assert_eq!(
            run(body(user_id, apply_no)),
            Err(expected.clone()),
            "{apply_no}"
        );
    }
}

#[test]
fn the_day_rule_comes_before_the_status_rule() {
    // Applied yesterday and with a used mobile card: the day is reported.
    let mut state = seed::build(now().to_utc());
    let mobile = state.applications["CA20000000000000000004"]
        .mobile_card_no
        .clone()
        .unwrap();
    state.cards.get_mut(&mobile).unwrap().used = true;
    let result = run_with(&mut state, body(ids::ACTIVE, "CA20000000000000000004"));
    assert_eq!(result, Err(NOT_CANCELABLE_DUE_TO_DAY));
}

#[test]
fn applied_today_means_the_same_kst_date() {
    let state = seed::build(now().to_utc());
    let check = |applied: DateTime<FixedOffset>, when: DateTime<FixedOffset>| {
        let mut attempt = state.clone();
        attempt
            .applications
            .get_mut("CA20000000000000000003")
            .unwrap()
            .applied_at = applied;
        run_at(
            &mut attempt,
            when,
            body(ids::ACTIVE, "CA20000000000000000003"),
            &OPERATION,
        )
    };
    let midnight = at(2026, 3, 10, 0, 0);
    // KST midnight is UTC 15:00 of the previous day.
    assert_eq!(midnight.to_utc().to_rfc3339(), "2026-03-09T15:00:00+00:00");
    // Applied 23:59 KST yesterday, asked at 00:00 KST today: another day.
    assert_eq!(
        check(at(2026, 3, 9, 23, 59), midnight),
        Err(NOT_CANCELABLE_DUE_TO_DAY)
    );
    // Applied 00:00 KST today, asked at 00:00 and at 23:59 KST today: the same day.
    assert!(check(midnight, midnight).is_ok());
    assert!(check(midnight, at(2026, 3, 10, 23, 59)).is_ok());
    // Applied at 23:59 KST, asked a minute later at 00:00 KST: no longer.
    assert_eq!(
        check(at(2026, 3, 10, 23, 59), at(2026, 3, 11, 0, 0)),
        Err(NOT_CANCELABLE_DUE_TO_DAY)
    );
    // The same UTC date is not enough: 14:59Z and 15:00Z on one UTC day are two KST days.
    assert_eq!(
        check(at(2026, 3, 9, 23, 59), at(2026, 3, 10, 0, 0)),
        Err(NOT_CANCELABLE_DUE_TO_DAY)
    );
}

#[test]
fn closed_or_shipped_statuses_are_not_cancellable() {
    for status in [
        ApplicationStatus::PhysicalIssued,
        ApplicationStatus::Shipping,
        ApplicationStatus::Complete,
        ApplicationStatus::Cancel,
        ApplicationStatus::CostPayFailed,
    ] {
        let mut state = seed::build(now().to_utc());
        state
            .applications
            .get_mut("CA20000000000000000003")
            .unwrap()
            .status = status;
        let result = run_with(&mut state, body(ids::ACTIVE, "CA20000000000000000003"));
        assert_eq!(result, Err(NOT_CANCELABLE_DUE_TO_STATUS), "{status:?}");
    }
}

#[test]
fn cancelling_a_reissue_frees_the_old_card() {
    use crate::mock::ops::expired_reissue;
    let mut state = seed::build(now().to_utc());
    let reissue = json!({
        "userInfo": {"userId": ids::ACTIVE},
        "addressInfo": {"address": "a", "addressDetail": "b", "zipCode": "06236"},
        "cardInfo": {"oldCardNo": seed::card_no(4)},
    });
    let data = run_on(&mut state, reissue, &expired_reissue::OPERATION).unwrap();
    let apply_no = data["cardApplyNo"].as_str().unwrap().to_owned();
    // No mobile card yet: the answer has no card fields.
    assert_eq!(
        run_with(&mut state, body(ids::ACTIVE, &apply_no)),
        Ok(Map::new())
    );
    assert_eq!(state.cards[&seed::card_no(4)].reissued_to, None);
}

#[test]
fn validation_follows_the_page_order() {
    assert_eq!(invalid_path(run(json!({}))), "cardApplyNo");
    assert_eq!(
        invalid_path(run(json!({"cardApplyNo": "CA20000000000000000003"}))),
        "userId"
    );
    assert_eq!(
        invalid_path(run(
            json!({"cardApplyNo": "CA20000000000000000003", "userId": -5})
        )),
        "userId"
    );
    assert_eq!(
        invalid_path(run(
            json!({"cardApplyNo": "CA2000000000000000003", "userId": ids::ACTIVE})
        )),
        "cardApplyNo"
    );
    assert_eq!(invalid_path(run(json!("x"))), "body");
}
