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
use crate::mock::envelope::Rejection;
use crate::mock::records::{Address, Application};
use crate::mock::state::State;
use crate::mock::statuses::{ApplicationStatus, CardStatus, DeliveryStatus, IssueType, Requester};
use crate::mock::validate::{Fields, Len};

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
pub(crate) fn apply(
    state: &mut State,
    now: DateTime<FixedOffset>,
    request: &Request,
) -> Result<Map<String, Value>, Rejection> {
    let member = state.active_member(request.user_id)?;
    if member.name.is_none() {
        return Err(Rejection::UserNameNotFound);
    }
    let today = kst_date(now);
    let card = state
        .cards
        .get(&request.old_card_no)
        .filter(|card| card.owner == request.user_id)
        .ok_or(Rejection::ParNotFoundFromCardNo)?;
    if !matches!(card.status, CardStatus::Active | CardStatus::Suspended) {
        return Err(Rejection::CardStatusNotReissuable);
    }
    if card.reissued_to.is_some() {
        return Err(Rejection::ReissueNotAllowed);
    }
    let days = card.expiry.days_until(today);
    if !days.is_some_and(|days| (0..=WINDOW_DAYS).contains(&days)) {
        return Err(Rejection::ExpiryNotProper);
    }
    let product = state
        .products
        .get(&card.service_id)
        .filter(|product| product.reissuable)
        .ok_or(Rejection::ProductNotReissuable)?;
    let fee = product.reissue_fee;
    let remaining = card
        .balance
        .checked_sub(fee)
        .ok_or(Rejection::ReissueCostPayFail)?;
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
