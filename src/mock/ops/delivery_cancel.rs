//! `POST /api/v1/card/delivery/cancel`: cancel a card application on the day it was made and
//! discard its mobile card.
//!
//! Rule order: body (`000_002`), member (`001_006`), application unknown or not the member's
//! (`003_003`, the mock's choice: the page documents no code for it), not applied today in KST
//! (`003_002`), status no longer cancellable or mobile card used (`003_003`), then success.

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};

use crate::mock::clock::kst_date;
use crate::mock::operation::{Operation, Outcome};
use crate::mock::rejection::Rejection;
use crate::mock::state::State;
use crate::mock::statuses::{ApplicationStatus, CardStatus, DeliveryStatus};
use crate::mock::validate::{Fields, Len};

/// The operation, as the vendor page describes it (plain request, encrypted answer).
pub(crate) const OPERATION: Operation = Operation {
    path: "/api/v1/card/delivery/cancel",
    request_encrypted: false,
    response_encrypted: true,
    messages: &[
        ("000_000", "Success."),
        ("000_002", "Invalid input parameter. userId"),
        ("001_006", "Wallet user not found."),
        ("003_002", "Card issue is not cancelable due to day."),
        ("003_003", "Card issue is not cancelable due to status."),
    ],
    handle,
};

/// `003_002`: the application was not made today (KST).
pub(crate) const NOT_CANCELABLE_DUE_TO_DAY: Rejection = Rejection::Documented("003_002");
/// `003_003`: the application's status or its used mobile card forbids cancelling (also the
/// mock's answer for an application that is unknown or not the member's).
pub(crate) const NOT_CANCELABLE_DUE_TO_STATUS: Rejection = Rejection::Documented("003_003");

fn handle(body: &Value, state: &mut State, now: DateTime<FixedOffset>) -> Outcome {
    apply(state, now, &parse(body)?)
}

/// A valid request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    card_apply_no: String,
    user_id: u64,
}

/// Checks the body, in the page's order: `cardApplyNo` (22), `userId`.
pub(crate) fn parse(body: &Value) -> Result<Request, Rejection> {
    let fields = Fields::root(body)?;
    Ok(Request {
        card_apply_no: fields.string("cardApplyNo", Len::Exact(22))?.to_owned(),
        user_id: fields.user_id("userId")?,
    })
}

/// Cancels the application and its delivery, and discards (terminates) its mobile card.
pub(crate) fn apply(state: &mut State, now: DateTime<FixedOffset>, request: &Request) -> Outcome {
    state.active_member(request.user_id)?;
    let application = state
        .application_of(request.user_id, &request.card_apply_no)
        .ok_or(NOT_CANCELABLE_DUE_TO_STATUS)?;
    if kst_date(application.applied_at) != kst_date(now) {
        return Err(NOT_CANCELABLE_DUE_TO_DAY);
    }
    if !application.status.is_cancellable() {
        return Err(NOT_CANCELABLE_DUE_TO_STATUS);
    }
    let mobile_card_no = application.mobile_card_no.clone();
    if let Some(no) = &mobile_card_no {
        let used = state.cards.get(no).is_none_or(|card| card.used);
        if used {
            return Err(NOT_CANCELABLE_DUE_TO_STATUS);
        }
    }

    if let Some(application) = state.applications.get_mut(&request.card_apply_no) {
        application.status = ApplicationStatus::Cancel;
        application.delivery = DeliveryStatus::Cancel;
    }
    // A cancelled reissue frees the old card for another reissue.
    for card in state.cards.values_mut() {
        if card.reissued_to.as_deref() == Some(request.card_apply_no.as_str()) {
            card.reissued_to = None;
        }
    }
    let mut data = Map::new();
    if let Some(card) = mobile_card_no.and_then(|no| state.cards.get_mut(&no)) {
        card.status = CardStatus::Terminated;
        data.insert("mobileCardNo".to_owned(), Value::from(card.card_no.clone()));
        data.insert("par".to_owned(), Value::from(card.par.clone()));
    }
    Ok(data)
}

#[cfg(test)]
mod tests;
