//! `POST /api/v1/card/status`: suspend a card (report it lost) or lift the suspension.
//!
//! Rule order: body (`000_002`, including "neither `par` nor `cardNo`"), member (`001_006`),
//! `par` given but unknown (`003_021`), `cardNo` unknown, card not the member's, or `par` and
//! `cardNo` naming different cards (`003_001`), card terminated (`003_022`), then success.
//! Asking for the state the card is already in succeeds without change: the vendor does not
//! document that case, and an idempotent answer is the least surprising one.

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};

use crate::mock::operation::{Operation, Outcome};
use crate::mock::rejection::Rejection;
use crate::mock::state::State;
use crate::mock::statuses::CardStatus;
use crate::mock::validate::{Fields, Len};

/// The operation, as the vendor page describes it (plain both ways).
pub(crate) const OPERATION: Operation = Operation {
    path: "/api/v1/card/status",
    request_encrypted: false,
    response_encrypted: false,
    messages: &[
        ("000_000", "Success"),
        ("000_002", "Invalid input parameter"),
        ("001_006", "Wallet user not found"),
        ("003_001", "Invalid card info"),
        ("003_021", "Cannot find par"),
        ("003_022", "Card already terminated"),
    ],
    handle,
};

/// `003_021`: the given `par` is unknown.
pub(crate) const CANNOT_FIND_PAR: Rejection = Rejection::Documented("003_021");
/// `003_022`: the card is terminated.
pub(crate) const CARD_ALREADY_TERMINATED: Rejection = Rejection::Documented("003_022");

fn handle(body: &Value, state: &mut State, now: DateTime<FixedOffset>) -> Outcome {
    apply(state, now, &parse(body)?)
}

/// The requested change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    /// `SUSPEND`.
    Suspend,
    /// `RESUME`.
    Resume,
}

/// A valid request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    user_id: u64,
    par: Option<String>,
    card_no: Option<String>,
    change: Change,
}

/// The path named when neither `par` nor `cardNo` is given.
pub(crate) const PAR_OR_CARD_NO: &str = "par or cardNo";

/// Checks the body: `userId`, `par` (27, conditional), `cardNo` (16, conditional), `status`
/// (`SUSPEND` | `RESUME`), then that at least one of `par` and `cardNo` is present.
pub(crate) fn parse(body: &Value) -> Result<Request, Rejection> {
    let fields = Fields::root(body)?;
    let user_id = fields.user_id("userId")?;
    let par = fields.optional_string("par", Len::Exact(27))?;
    let card_no = fields.optional_card_number("cardNo", Len::Exact(16))?;
    let change = match fields.one_of("status", &["SUSPEND", "RESUME"])? {
        "SUSPEND" => Change::Suspend,
        _ => Change::Resume,
    };
    if par.is_none() && card_no.is_none() {
        return Err(Rejection::InvalidInput(PAR_OR_CARD_NO.to_owned()));
    }
    Ok(Request {
        user_id,
        par: par.map(str::to_owned),
        card_no: card_no.map(str::to_owned),
        change,
    })
}

/// Applies the change.
pub(crate) fn apply(state: &mut State, _now: DateTime<FixedOffset>, request: &Request) -> Outcome {
    state.active_member(request.user_id)?;
    let by_par = match &request.par {
        Some(par) => Some(state.card_no_by_par(par).ok_or(CANNOT_FIND_PAR)?),
        None => None,
    };
    let card_no = match (by_par, &request.card_no) {
        (Some(from_par), Some(given)) if &from_par != given => {
            return Err(Rejection::INVALID_CARD_INFO);
        }
        (Some(from_par), _) => from_par,
        (None, Some(given)) => given.clone(),
        (None, None) => return Err(Rejection::InvalidInput(PAR_OR_CARD_NO.to_owned())),
    };
    let card = state
        .cards
        .get_mut(&card_no)
        .filter(|card| card.owner == request.user_id)
        .ok_or(Rejection::INVALID_CARD_INFO)?;
    if card.status == CardStatus::Terminated {
        return Err(CARD_ALREADY_TERMINATED);
    }
    card.status = match request.change {
        Change::Suspend => CardStatus::Suspended,
        Change::Resume => CardStatus::Active,
    };
    Ok(Map::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::ops::testing::{assert_documented, invalid_path, now, run_on};
    use crate::mock::seed::{self, card_no, card_par, ids};
    use serde_json::json;

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
                Rejection::INVALID_CARD_INFO,
                CANNOT_FIND_PAR,
                CARD_ALREADY_TERMINATED,
            ],
        );
    }

    #[test]
    fn suspend_then_resume_by_card_number() {
        let mut state = seed::build(now().to_utc());
        let suspend = json!({"userId": ids::ACTIVE, "cardNo": card_no(1), "status": "SUSPEND"});
        assert_eq!(run_with(&mut state, suspend.clone()), Ok(Map::new()));
        assert_eq!(state.cards[&card_no(1)].status, CardStatus::Suspended);
        // Idempotent: suspending a suspended card succeeds and changes nothing.
        assert_eq!(run_with(&mut state, suspend), Ok(Map::new()));
        assert_eq!(state.cards[&card_no(1)].status, CardStatus::Suspended);
        let resume = json!({"userId": ids::ACTIVE, "cardNo": card_no(1), "status": "RESUME"});
        assert_eq!(run_with(&mut state, resume.clone()), Ok(Map::new()));
        assert_eq!(state.cards[&card_no(1)].status, CardStatus::Active);
        assert_eq!(run_with(&mut state, resume), Ok(Map::new()));
        assert_eq!(state.cards[&card_no(1)].status, CardStatus::Active);
    }

    #[test]
    fn par_alone_or_with_the_matching_card_number_works() {
        let mut state = seed::build(now().to_utc());
        let by_par = json!({"userId": ids::ACTIVE, "par": card_par(1), "status": "SUSPEND"});
        assert_eq!(run_with(&mut state, by_par), Ok(Map::new()));
        assert_eq!(state.cards[&card_no(1)].status, CardStatus::Suspended);
        let both = json!({"userId": ids::ACTIVE, "par": card_par(1), "cardNo": card_no(1), "status": "RESUME"});
        assert_eq!(run_with(&mut state, both), Ok(Map::new()));
        assert_eq!(state.cards[&card_no(1)].status, CardStatus::Active);
    }

    #[test]
    fn the_largest_member_id_can_change_its_card() {
        let body = json!({"userId": ids::MAX, "cardNo": card_no(11), "status": "SUSPEND"});
        assert_eq!(run(body), Ok(Map::new()));
    }

    #[test]
    fn unknown_par_is_cannot_find_par() {
        let body = json!({"userId": ids::ACTIVE, "par": card_par(9999), "cardNo": card_no(1), "status": "SUSPEND"});
        assert_eq!(run(body), Err(CANNOT_FIND_PAR));
    }

    #[test]
    fn unknown_foreign_or_mismatched_cards_are_invalid_card_info() {
        for body in [
            json!({"userId": ids::ACTIVE, "cardNo": card_no(9999), "status": "SUSPEND"}),
            json!({"userId": ids::ACTIVE, "cardNo": card_no(2), "status": "SUSPEND"}),
            json!({"userId": ids::ACTIVE, "par": card_par(2), "status": "SUSPEND"}),
            json!({"userId": ids::ACTIVE, "par": card_par(1), "cardNo": card_no(4), "status": "SUSPEND"}),
        ] {
            assert_eq!(
                run(body.clone()),
                Err(Rejection::INVALID_CARD_INFO),
                "{body}"
            );
        }
    }

    #[test]
    fn terminated_cards_cannot_change() {
        for status in ["SUSPEND", "RESUME"] {
            let body = json!({"userId": ids::ACTIVE, "cardNo": card_no(3), "status": status});
            assert_eq!(run(body), Err(CARD_ALREADY_TERMINATED));
        }
    }

    #[test]
    fn member_is_checked_first() {
        for user_id in [ids::UNKNOWN, ids::WITHDRAWN] {
            let body = json!({"userId": user_id, "par": card_par(9999), "status": "SUSPEND"});
            assert_eq!(run(body), Err(Rejection::WALLET_USER_NOT_FOUND));
        }
    }

    #[test]
    fn validation_names_the_first_bad_field() {
        let ok_card = card_no(1);
        for (body, path) in [
            (json!({"cardNo": ok_card, "status": "SUSPEND"}), "userId"),
            (
                json!({"userId": 1.5, "cardNo": ok_card, "status": "SUSPEND"}),
                "userId",
            ),
            (
                json!({"userId": ids::ACTIVE, "par": "short", "status": "SUSPEND"}),
                "par",
            ),
            (
                json!({"userId": ids::ACTIVE, "cardNo": "123", "status": "SUSPEND"}),
                "cardNo",
            ),
            (
                json!({"userId": ids::ACTIVE, "cardNo": ok_card, "status": "CLOSE"}),
                "status",
            ),
            (json!({"userId": ids::ACTIVE, "cardNo": ok_card}), "status"),
            (
                json!({"userId": ids::ACTIVE, "status": "SUSPEND"}),
                PAR_OR_CARD_NO,
            ),
            (
                json!({"userId": ids::ACTIVE, "par": null, "cardNo": null, "status": "RESUME"}),
                PAR_OR_CARD_NO,
            ),
        ] {
            assert_eq!(invalid_path(run(body.clone())), path, "{body}");
        }
    }
}
