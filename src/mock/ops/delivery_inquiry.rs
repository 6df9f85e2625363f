//! `POST /api/v1/card/delivery/inquiry`: the delivery status of one of the member's card
//! applications.
//!
//! Rule order: body (`000_002`), member (`001_006`), application unknown or not the member's
//! (`003_001`), then success with `status`.

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};

use crate::mock::operation::{Operation, Outcome};
use crate::mock::rejection::Rejection;
use crate::mock::state::State;
use crate::mock::validate::{Fields, Len};

/// The operation, as the vendor page describes it (plain both ways).
pub(crate) const OPERATION: Operation = Operation {
    path: "/api/v1/card/delivery/inquiry",
    request_encrypted: false,
    response_encrypted: false,
    messages: &[
        ("000_000", "Success."),
        ("000_002", "Invalid input parameter."),
        ("001_006", "Wallet user not found."),
        ("003_001", "Invalid card info."),
    ],
    handle,
};

fn handle(body: &Value, state: &mut State, now: DateTime<FixedOffset>) -> Outcome {
    apply(state, now, &parse(body)?)
}

/// A valid request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    user_id: u64,
    card_apply_no: String,
}

/// Checks the body: `userId`, `cardApplyNo` (22). The vendor page does not show the request;
/// these are the fields of the cancel page, which addresses the same application.
pub(crate) fn parse(body: &Value) -> Result<Request, Rejection> {
    let fields = Fields::root(body)?;
    Ok(Request {
        user_id: fields.user_id("userId")?,
        card_apply_no: fields.string("cardApplyNo", Len::Exact(22))?.to_owned(),
    })
}

/// Answers the application's delivery status.
pub(crate) fn apply(state: &mut State, _now: DateTime<FixedOffset>, request: &Request) -> Outcome {
    state.active_member(request.user_id)?;
    let application = state
        .application_of(request.user_id, &request.card_apply_no)
        .ok_or(Rejection::INVALID_CARD_INFO)?;
    let mut data = Map::new();
    data.insert(
        "status".to_owned(),
        Value::from(application.delivery.as_str()),
    );
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::ops::testing::{assert_documented, invalid_path, now, run_on};
    use crate::mock::seed::{self, ids};
    use serde_json::json;

    fn run(body: Value) -> Outcome {
        run_on(&mut seed::build(now().to_utc()), body, &OPERATION)
    }

    #[test]
    fn every_rejection_has_a_page_message() {
        assert_documented(
            &OPERATION,
            &[
                Rejection::WALLET_USER_NOT_FOUND,
                Rejection::INVALID_CARD_INFO,
            ],
        );
    }

    #[test]
    fn answers_the_delivery_status() {
        let data =
            run(json!({"userId": ids::ACTIVE, "cardApplyNo": "CA20000000000000000001"})).unwrap();
        assert_eq!(data["status"], "SHIPPING");
        let data = run(json!({"userId": ids::NO_WAITING, "cardApplyNo": "CA20000000000000000007"}))
            .unwrap();
        assert_eq!(data["status"], "ARRIVAL");
    }

    #[test]
    fn validates_fields_in_order() {
        assert_eq!(invalid_path(run(json!({}))), "userId");
        assert_eq!(
            invalid_path(run(json!({"userId": ids::ACTIVE}))),
            "cardApplyNo"
        );
        assert_eq!(
            invalid_path(run(
                json!({"userId": ids::ACTIVE, "cardApplyNo": "CA2000000000000000001"})
            )),
            "cardApplyNo"
        );
        assert_eq!(
            invalid_path(run(
                json!({"userId": 0, "cardApplyNo": "CA2000000000000000001"})
            )),
            "userId"
        );
    }

    #[test]
    fn unknown_or_withdrawn_members_are_not_found() {
        for user_id in [ids::UNKNOWN, ids::WITHDRAWN] {
            let body = json!({"userId": user_id, "cardApplyNo": "CA20000000000000000001"});
            assert_eq!(run(body), Err(Rejection::WALLET_USER_NOT_FOUND));
        }
    }

    #[test]
    fn unknown_or_foreign_applications_are_invalid_card_info() {
        for apply_no in ["CA20000000000000009999", "CA20000000000000000006"] {
            let body = json!({"userId": ids::ACTIVE, "cardApplyNo": apply_no});
            assert_eq!(run(body), Err(Rejection::INVALID_CARD_INFO), "{apply_no}");
        }
    }

    #[test]
    fn the_largest_member_id_is_a_member() {
        // The max member has no application: it gets past the member check to 003_001.
        let body = json!({"userId": ids::MAX, "cardApplyNo": "CA20000000000000000001"});
        assert_eq!(run(body), Err(Rejection::INVALID_CARD_INFO));
    }
}
