//! `POST /api/v1/issued-cards/pre-issue/waiting/physical`: the member's mobile card
//! applications that a delivered physical card can be linked to.
//!
//! Rule order: body (`000_002`), member (`001_006`), physical card unknown, not the member's, or
//! expiry/CVC mismatch (`003_011`), member without any card application (`003_049`), then success
//! with the linkable applications (possibly none: "Not searched").

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value, json};

use crate::mock::operation::{Operation, Outcome};
use crate::mock::records::Application;
use crate::mock::rejection::Rejection;
use crate::mock::state::State;
use crate::mock::validate::{Fields, Len};

/// The operation, as the vendor page describes it (encrypted both ways).
pub(crate) const OPERATION: Operation = Operation {
    path: "/api/v1/issued-cards/pre-issue/waiting/physical",
    request_encrypted: true,
    response_encrypted: true,
    messages: &[
        ("000_000", "Success."),
        ("000_002", "Invalid input parameter."),
        ("001_006", "Wallet user not found."),
        ("003_011", "Invalid card info."),
        ("003_049", "Not found issued cards."),
    ],
    handle,
};

/// `003_011`: the physical card is unknown, not the member's, or expiry/CVC do not match.
pub(crate) const INVALID_PHYSICAL_CARD_INFO: Rejection = Rejection::Documented("003_011");
/// `003_049`: the member has no card application at all.
pub(crate) const ISSUED_CARDS_NOT_FOUND: Rejection = Rejection::Documented("003_049");

fn handle(body: &Value, state: &mut State, now: DateTime<FixedOffset>) -> Outcome {
    apply(state, now, &parse(body)?)
}

/// A valid request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    user_id: u64,
    physical_card_no: String,
    physical_card_exp_date: String,
    physical_card_cvc: String,
}

/// Checks the body: `userId`, `physicalCardNo` (16), `physicalCardExpDate` (`YYMM`),
/// `physicalCardCVC` (3), in the page's order.
pub(crate) fn parse(body: &Value) -> Result<Request, Rejection> {
    let fields = Fields::root(body)?;
    Ok(Request {
        user_id: fields.user_id("userId")?,
        physical_card_no: fields
            .card_number("physicalCardNo", Len::Exact(16))?
            .to_owned(),
        physical_card_exp_date: fields.yymm("physicalCardExpDate")?.to_owned(),
        physical_card_cvc: fields.string("physicalCardCVC", Len::Exact(3))?.to_owned(),
    })
}

/// Lists the linkable applications.
pub(crate) fn apply(state: &mut State, _now: DateTime<FixedOffset>, request: &Request) -> Outcome {
    let state: &State = state;
    state.active_member(request.user_id)?;
    state
        .physical_cards
        .get(&request.physical_card_no)
        .filter(|card| {
            card.owner == request.user_id
                && card.exp_date == request.physical_card_exp_date
                && card.cvc == request.physical_card_cvc
        })
        .ok_or(INVALID_PHYSICAL_CARD_INFO)?;
    let mut applications = state
        .applications
        .values()
        .filter(|application| application.owner == request.user_id)
        .peekable();
    if applications.peek().is_none() {
        return Err(ISSUED_CARDS_NOT_FOUND);
    }
    let list: Vec<Value> = applications
        .filter(|application| application.is_linkable())
        .filter_map(|application| item(state, application))
        .collect();
    let mut data = Map::new();
    data.insert("issuedCardList".to_owned(), Value::Array(list));
    Ok(data)
}

/// One `issuedCardList` item; `None` if the seed lacks the mobile card or product (never, by
/// construction, but a gap must not become a panic).
fn item(state: &State, application: &Application) -> Option<Value> {
    let card = state.cards.get(application.mobile_card_no.as_deref()?)?;
    let product = state.products.get(&card.service_id)?;
    let points: Vec<Value> = card
        .points
        .iter()
        .map(|point| {
            json!({
                "policyType": point.policy_type,
                "policyId": point.policy_id,
                "policyName": point.policy_name,
                "amount": point.amount,
            })
        })
        .collect();
    Some(json!({
        "cardApplyNo": application.apply_no,
        "issueType": application.issue_type.as_str(),
        "digital": {
            "cardNo": card.card_no,
            "par": card.par,
            "serviceId": product.service_id,
            "serviceName": product.name,
            "mobileCardCVC": card.cvc,
        },
        "status": application.status.as_str(),
        "values": {"balance": card.balance, "points": points},
        "requester": application.requester.as_str(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::ops::testing::{assert_documented, invalid_path, now, run_on};
    use crate::mock::seed::{self, ids};
    use crate::mock::statuses::ApplicationStatus;

    fn body(user_id: u64, card_no: &str, exp: &str, cvc: &str) -> Value {
        json!({
            "userId": user_id,
            "physicalCardNo": card_no,
            "physicalCardExpDate": exp,
            "physicalCardCVC": cvc,
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
                INVALID_PHYSICAL_CARD_INFO,
                ISSUED_CARDS_NOT_FOUND,
            ],
        );
    }

    #[test]
    fn lists_the_linkable_application_with_its_mobile_card() {
        let data = run(body(ids::ACTIVE, "9420000000000001", "3108", "123")).unwrap();
        assert_eq!(
            Value::Object(data),
            json!({"issuedCardList": [{
                "cardApplyNo": "CA20000000000000000002",
                "issueType": "ISSUE",
                "digital": {
                    "cardNo": "9430000000000002",
                    "par": "Q1TESTPAR100000000000000002",
                    "serviceId": "000170000002000",
                    "serviceName": "KONA PLATE Test Prepaid Card",
                    "mobileCardCVC": "502",
                },
                "status": "DIGITAL_ISSUED",
                "values": {"balance": 50000, "points": [{
                    "policyType": "00",
                    "policyId": "PT0000000000001",
                    "policyName": "User point",
                    "amount": 1200,
                }]},
                "requester": "APP",
            }]})
        );
    }

    #[test]
    fn applications_without_a_linkable_one_give_an_empty_list() {
        let data = run(body(ids::NO_WAITING, "9420000000000002", "3108", "234")).unwrap();
        assert_eq!(data["issuedCardList"], json!([]));
    }

    #[test]
    fn a_linked_or_not_yet_issued_application_is_not_listed() {
        let mut state = seed::build(now().to_utc());
        let linkable = state
            .applications
            .get_mut("CA20000000000000000002")
            .unwrap();
        linkable.linked_physical_card = Some("9420000000000001".to_owned());
        let data = run_with(
            &mut state,
            body(ids::ACTIVE, "9420000000000001", "3108", "123"),
        )
        .unwrap();
        assert_eq!(data["issuedCardList"], json!([]));
        let linkable = state
            .applications
            .get_mut("CA20000000000000000002")
            .unwrap();
        linkable.linked_physical_card = None;
        linkable.status = ApplicationStatus::CostPaid;
        let data = run_with(
            &mut state,
            body(ids::ACTIVE, "9420000000000001", "3108", "123"),
        )
        .unwrap();
        assert_eq!(data["issuedCardList"], json!([]));
    }

    #[test]
    fn no_application_at_all_is_not_found() {
        let result = run(body(ids::NO_CARDS, "9420000000000003", "3108", "345"));
        assert_eq!(result, Err(ISSUED_CARDS_NOT_FOUND));
    }

    #[test]
    fn physical_card_must_exist_belong_and_match() {
        for (user_id, card_no, exp, cvc) in [
            (ids::ACTIVE, "9420000000009999", "3108", "123"), // unknown
            (ids::ACTIVE, "9420000000000002", "3108", "234"), // another member's
            (ids::ACTIVE, "9420000000000001", "3107", "123"), // wrong expiry
            (ids::ACTIVE, "9420000000000001", "3108", "999"), // wrong CVC
        ] {
            let result = run(body(user_id, card_no, exp, cvc));
            assert_eq!(
                result,
                Err(INVALID_PHYSICAL_CARD_INFO),
                "{card_no} {exp} {cvc}"
            );
        }
    }

    #[test]
    fn member_is_checked_before_the_card() {
        for user_id in [ids::UNKNOWN, ids::WITHDRAWN] {
            let result = run(body(user_id, "9420000000000001", "3108", "123"));
            assert_eq!(result, Err(Rejection::WALLET_USER_NOT_FOUND));
        }
    }

    #[test]
    fn validates_each_field_in_page_order() {
        let good = body(ids::ACTIVE, "9420000000000001", "3108", "123");
        for (field, bad) in [
            ("userId", json!("50000104652")),
            ("physicalCardNo", json!("942000000000001")),
            ("physicalCardExpDate", json!("3113")),
            ("physicalCardExpDate", json!("08/31")),
            ("physicalCardCVC", json!(123)),
            ("physicalCardCVC", json!("1234")),
        ] {
            let mut b = good.clone();
            b[field] = bad;
            assert_eq!(invalid_path(run(b)), field);
        }
        assert_eq!(invalid_path(run(json!({"physicalCardCVC": "1"}))), "userId");
    }
}
