//! The fixtures of the generated cases of state-changing operations (`vars.generated.*` of
//! `cases/targets/mock.yaml`), apart from the cases' and the scenarios' own: a target that
//! wrongly accepts a broken request changes only these, so a documented case never fails
//! because a generated one ran first (docs/generated.md).
//!
//! One member, and for each state-changing operation the fixture its success needs: an active
//! card to suspend, a card expiring this month to reissue, an application made today, its
//! mobile card unused, to cancel.

use chrono::{DateTime, FixedOffset};

use super::{card, card_no, card_par, insert_application, row};
use crate::mock::records::{Expiry, Member};
use crate::mock::state::State;
use crate::mock::statuses::{ApplicationStatus, DeliveryStatus};

/// `vars.generated.*.userId`: owns the three fixtures below.
pub(crate) const MEMBER: u64 = 50_000_104_663;

/// Card 14: `vars.generated.cardStatusChange.cardNo`, active, far from expiry.
pub(crate) const STATUS_CARD: u32 = 14;
/// Card 15: `vars.generated.expiredCardReissue.cardInfo.oldCardNo`, expires this month.
pub(crate) const REISSUE_CARD: u32 = 15;
/// Application 10: `vars.generated.cardDeliveryCancel.cardApplyNo`, applied today.
pub(crate) const CANCEL_APPLICATION: u32 = 10;

pub(super) fn seed(state: &mut State, now: DateTime<FixedOffset>) {
    let member = Member {
        user_id: MEMBER,
        name: Some("조생성".to_owned()),
        withdrawn: false,
    };
    state.members.insert(MEMBER, member);
    let today = now.date_naive();
    for (n, expiry) in [
        (STATUS_CARD, Expiry::months_after(today, 60)),
        (REISSUE_CARD, Expiry::months_after(today, 0)),
    ] {
        let mut c = card(card_no(n), card_par(n), MEMBER, expiry);
        c.cvc = format!("{:03}", 100 + n);
        state.cards.insert(c.card_no.clone(), c);
    }
    insert_application(
        state,
        now,
        row(
            CANCEL_APPLICATION,
            MEMBER,
            0,
            ApplicationStatus::CostPaid,
            DeliveryStatus::Ready,
        ),
    );
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use serde_json::Value;

    use super::*;
    use crate::mock::seed::build;
    use crate::mock::statuses::CardStatus;

    const PROFILE: &str = include_str!("../../../cases/targets/mock.yaml");

    fn vars() -> Value {
        let profile: Value = serde_yaml::from_str(PROFILE).expect("mock.yaml parses");
        profile["vars"]["generated"].clone()
    }

    #[test]
    fn the_generated_fixtures_match_the_profile() {
        let v = vars();
        let now = Utc::now();
        let state = build(now);
        let today = now.with_timezone(&crate::mock::clock::kst()).date_naive();
        for user_id in [
            &v["cardStatusChange"]["userId"],
            &v["expiredCardReissue"]["userInfo"]["userId"],
            &v["cardDeliveryCancel"]["userId"],
        ] {
            assert_eq!(user_id, MEMBER);
        }
        assert!(state.active_member(MEMBER).unwrap().name.is_some());
        let suspend = &state.cards[v["cardStatusChange"]["cardNo"].as_str().unwrap()];
        assert_eq!(
            (suspend.card_no.clone(), suspend.owner, suspend.status),
            (card_no(STATUS_CARD), MEMBER, CardStatus::Active)
        );
        assert!(suspend.expiry.days_until(today).unwrap() > 30);
        let reissue = &state.cards[v["expiredCardReissue"]["cardInfo"]["oldCardNo"]
            .as_str()
            .unwrap()];
        assert_eq!(
            (reissue.card_no.clone(), reissue.owner, reissue.status),
            (card_no(REISSUE_CARD), MEMBER, CardStatus::Active)
        );
        assert!((0..=30).contains(&reissue.expiry.days_until(today).unwrap()));
        assert!(reissue.reissued_to.is_none());
        let apply_no = v["cardDeliveryCancel"]["cardApplyNo"].as_str().unwrap();
        let app = &state.applications[apply_no];
        assert_eq!(
            (app.owner, app.status, app.applied_at.date_naive()),
            (MEMBER, ApplicationStatus::CostPaid, today)
        );
        let mobile = &state.cards[app.mobile_card_no.as_deref().unwrap()];
        assert!(!mobile.used);
    }

    #[test]
    fn the_generated_fixtures_are_no_case_s_or_scenario_s() {
        let profile: Value = serde_yaml::from_str(PROFILE).expect("mock.yaml parses");
        let mut elsewhere = Vec::new();
        leaves(&profile["vars"], &mut elsewhere, &["generated"]);
        let mut own = Vec::new();
        leaves(&vars(), &mut own, &[]);
        // The address is shared on purpose: it names no fixture, nothing changes it.
        let address: Vec<Value> = ["address", "addressDetail", "zipCode"]
            .iter()
            .map(|k| profile["vars"]["address"][k].clone())
            .collect();
        for value in own.iter().filter(|v| !address.contains(v)) {
            assert!(
                !elsewhere.contains(value),
                "{value} is also a fixture of a case or a scenario"
            );
        }
    }

    /// Every scalar under `v`, skipping the top-level keys in `skip`.
    fn leaves(v: &Value, out: &mut Vec<Value>, skip: &[&str]) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    if !skip.contains(&k.as_str()) {
                        leaves(child, out, &[]);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| leaves(i, out, &[])),
            other => out.push(other.clone()),
        }
    }
}
