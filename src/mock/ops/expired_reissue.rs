//! `POST /api/v1/prepay-card/expired/reissue`: reissue a prepaid card that expires within 30
//! days and deliver it to the given address.
//!
//! Rule order: body (`000_002`, dotted path), member (`001_006`), member without a name
//! (`003_007`), card unknown or not the member's (`003_008`), card neither ACTIVE nor SUSPENDED
//! (`003_005`), card already reissued (`003_004`), expiry more than 30 days away or past
//! (`003_006`), product without reissue (`003_009`), fee not payable from the card's balance
//! (`003_010`), then success with a new application number.

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};

use crate::mock::clock::kst_date;
use crate::mock::operation::{Operation, Outcome};
use crate::mock::records::{Address, Application};
use crate::mock::rejection::Rejection;
use crate::mock::state::State;
use crate::mock::statuses::{ApplicationStatus, CardStatus, DeliveryStatus, IssueType, Requester};
use crate::mock::validate::{Fields, Len};

/// The operation, as the vendor page describes it (encrypted request, plain answer).
pub(crate) const OPERATION: Operation = Operation {
    path: "/api/v1/prepay-card/expired/reissue",
    request_encrypted: true,
    response_encrypted: false,
    messages: &[
        ("000_000", "Success"),
        ("000_002", "Invalid input parameter. cardInfo.oldCardNo"),
        ("001_006", "Wallet user not found."),
        ("003_004", "Card issue status is not allowed to reissue"),
        ("003_005", "Card status is not active or suspended"),
        ("003_006", "Card expiry date is not proper to reissue."),
        ("003_007", "User name not found error"),
        ("003_008", "Par not found from cardNo."),
        ("003_009", "Not valid product for card issue type"),
        ("003_010", "Card reissue cost pay fail"),
    ],
    handle,
};

/// `003_004`: the card was already reissued once.
pub(crate) const REISSUE_NOT_ALLOWED: Rejection = Rejection::Documented("003_004");
/// `003_005`: the card is neither ACTIVE nor SUSPENDED.
pub(crate) const CARD_STATUS_NOT_REISSUABLE: Rejection = Rejection::Documented("003_005");
/// `003_006`: the card does not expire within 30 days.
pub(crate) const EXPIRY_NOT_PROPER: Rejection = Rejection::Documented("003_006");
/// `003_007`: the member has no name on record.
pub(crate) const USER_NAME_NOT_FOUND: Rejection = Rejection::Documented("003_007");
/// `003_008`: the card number is unknown or not the member's.
pub(crate) const PAR_NOT_FOUND_FROM_CARD_NO: Rejection = Rejection::Documented("003_008");
/// `003_009`: the card's product does not allow reissuance.
pub(crate) const PRODUCT_NOT_REISSUABLE: Rejection = Rejection::Documented("003_009");
/// `003_010`: the reissue fee could not be charged.
pub(crate) const REISSUE_COST_PAY_FAIL: Rejection = Rejection::Documented("003_010");

fn handle(body: &Value, state: &mut State, now: DateTime<FixedOffset>) -> Outcome {
    apply(state, now, &parse(body)?)
}

/// The reissue window: the card's last valid day is 0..=30 days after today (KST).
pub(crate) const WINDOW_DAYS: i64 = 30;

/// A valid request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    user_id: u64,
    address: Address,
    old_card_no: String,
}

/// Checks the body, in the page's order: `userInfo.userId`, `addressInfo.{address (1..255),
/// addressDetail (1..255), zipCode (5)}`, `cardInfo.oldCardNo` (16).
pub(crate) fn parse(body: &Value) -> Result<Request, Rejection> {
    let fields = Fields::root(body)?;
    let user_id = fields.object("userInfo")?.user_id("userId")?;
    let address_info = fields.object("addressInfo")?;
    let address = Address {
        address: address_info
            .string("address", Len::Range(1, 255))?
            .to_owned(),
        address_detail: address_info
            .string("addressDetail", Len::Range(1, 255))?
            .to_owned(),
        zip_code: address_info.string("zipCode", Len::Exact(5))?.to_owned(),
    };
    let old_card_no = fields
        .object("cardInfo")?
        .card_number("oldCardNo", Len::Exact(16))?
        .to_owned();
    Ok(Request {
        user_id,
        address,
        old_card_no,
    })
}

/// Reissues the card: records the reissue on the old card, charges the fee, and opens a new
/// REISSUE application (status READY, delivery READY) at the given address.
pub(crate) fn apply(state: &mut State, now: DateTime<FixedOffset>, request: &Request) -> Outcome {
    let member = state.active_member(request.user_id)?;
    if member.name.is_none() {
        return Err(USER_NAME_NOT_FOUND);
    }
    let today = kst_date(now);
    let card = state
        .cards
        .get(&request.old_card_no)
        .filter(|card| card.owner == request.user_id)
        .ok_or(PAR_NOT_FOUND_FROM_CARD_NO)?;
    if !matches!(card.status, CardStatus::Active | CardStatus::Suspended) {
        return Err(CARD_STATUS_NOT_REISSUABLE);
    }
    if card.reissued_to.is_some() {
        return Err(REISSUE_NOT_ALLOWED);
    }
    let days = card.expiry.days_until(today);
    if !days.is_some_and(|days| (0..=WINDOW_DAYS).contains(&days)) {
        return Err(EXPIRY_NOT_PROPER);
    }
    let product = state
        .products
        .get(&card.service_id)
        .filter(|product| product.reissuable)
        .ok_or(PRODUCT_NOT_REISSUABLE)?;
    let fee = product.reissue_fee;
    let remaining = card.balance.checked_sub(fee).ok_or(REISSUE_COST_PAY_FAIL)?;
    let service_id = card.service_id.clone();

    let apply_no = state.next_apply_no(today);
    if let Some(card) = state.cards.get_mut(&request.old_card_no) {
        card.balance = remaining;
        card.reissued_to = Some(apply_no.clone());
    }
    state.applications.insert(
        apply_no.clone(),
        Application {
            apply_no: apply_no.clone(),
            owner: request.user_id,
            applied_at: now,
            issue_type: IssueType::Reissue,
            status: ApplicationStatus::Ready,
            delivery: DeliveryStatus::Ready,
            requester: Requester::App,
            service_id,
            mobile_card_no: None,
            linked_physical_card: None,
            address: Some(request.address.clone()),
        },
    );
    let mut data = Map::new();
    data.insert("cardApplyNo".to_owned(), Value::from(apply_no));
    Ok(data)
}

#[cfg(test)]
mod tests;
