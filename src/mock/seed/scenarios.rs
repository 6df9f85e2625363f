//! The fixtures of the lifecycle scenarios (`cases/scenarios/`), apart from the cases' own so
//! that scenarios and cases can run in any order, in parallel: two members, each scenario's
//! card or application, and the physical card of the pre-issue search.

use chrono::{DateTime, FixedOffset};

use super::{card, card_no, card_par, insert_application, row};
use crate::mock::records::{Expiry, Member, PhysicalCard};
use crate::mock::state::State;
use crate::mock::statuses::{ApplicationStatus, CardStatus, DeliveryStatus};

/// Owns the cards and the application the reissue, suspend and cancel scenarios change.
pub(crate) const LIFECYCLE: u64 = 50_000_104_661;
/// Owns the physical card and the linkable application of the pre-issue scenario.
pub(crate) const LINKING: u64 = 50_000_104_662;

/// Card 12: reissued once by its scenario, then refused. Card 13: suspended, then resumed.
const REISSUE_CARD: u32 = 12;
const SUSPEND_CARD: u32 = 13;
/// Application 8: cancelled by its scenario; application 9: found by the pre-issue search.
const CANCEL_APPLICATION: u32 = 8;
const LINKABLE_APPLICATION: u32 = 9;
/// The linking member's physical card.
const PHYSICAL_CARD: &str = "9420000000000004";

pub(super) fn seed(state: &mut State, now: DateTime<FixedOffset>) {
    for (user_id, name) in [(LIFECYCLE, "윤생애"), (LINKING, "서연결")] {
        let name = Some(name.to_owned());
        let member = Member {
            user_id,
            name,
            withdrawn: false,
        };
        state.members.insert(user_id, member);
    }
    let today = now.date_naive();
    for (n, expiry) in [
        (REISSUE_CARD, Expiry::months_after(today, 0)),
        (SUSPEND_CARD, Expiry::months_after(today, 60)),
    ] {
        let mut c = card(card_no(n), card_par(n), LIFECYCLE, expiry);
        c.status = CardStatus::Active;
        c.cvc = format!("{:03}", 100 + n);
        state.cards.insert(c.card_no.clone(), c);
    }
    use ApplicationStatus as A;
    use DeliveryStatus as D;
    insert_application(
        state,
        now,
        row(CANCEL_APPLICATION, LIFECYCLE, 0, A::CostPaid, D::Ready),
    );
    insert_application(
        state,
        now,
        row(
            LINKABLE_APPLICATION,
            LINKING,
            3,
            A::DigitalIssued,
            D::Arrival,
        ),
    );
    state.physical_cards.insert(
        PHYSICAL_CARD.to_owned(),
        PhysicalCard {
            card_no: PHYSICAL_CARD.to_owned(),
            exp_date: "3108".to_owned(),
            cvc: "456".to_owned(),
            owner: LINKING,
        },
    );
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use serde_json::Value;

    use super::*;
    use crate::mock::seed::build;

    const PROFILE: &str = include_str!("../../../cases/targets/mock.yaml");

    fn vars() -> Value {
        let profile: Value = serde_yaml::from_str(PROFILE).expect("mock.yaml parses");
        profile["vars"]["scenario"].clone()
    }

    #[test]
    fn the_scenario_fixtures_match_the_profile() {
        let v = vars();
        let state = build(Utc::now());
        assert_eq!(v["member"]["userId"], LIFECYCLE);
        assert_eq!(v["linking"]["member"]["userId"], LINKING);
        for (name, n) in [("reissue", REISSUE_CARD), ("suspend", SUSPEND_CARD)] {
            let card = &state.cards[v[name]["cardNo"].as_str().unwrap()];
            assert_eq!(
                (card.card_no.clone(), card.owner),
                (card_no(n), LIFECYCLE),
                "{name}"
            );
        }
        let apply_no = v["cancel"]["cardApplyNo"].as_str().unwrap();
        assert_eq!(state.applications[apply_no].owner, LIFECYCLE);
        let physical = &state.physical_cards[v["linking"]["physical"]["cardNo"].as_str().unwrap()];
        assert_eq!(physical.owner, LINKING);
        assert_eq!(v["linking"]["physical"]["cvc"], physical.cvc.as_str());
        assert_eq!(
            v["linking"]["physical"]["expDate"],
            physical.exp_date.as_str()
        );
    }

    #[test]
    fn the_linking_member_has_exactly_one_linkable_application() {
        let state = build(Utc::now());
        let linkable: Vec<_> = state
            .applications
            .values()
            .filter(|a| a.owner == LINKING && a.is_linkable())
            .collect();
        assert_eq!(linkable.len(), 1);
    }
}
