//! The mock's mutable world: every record, keyed for the lookups the rules need.
//!
//! Handlers take the whole state under one lock for the duration of one (synchronous) rule
//! evaluation, which makes each request atomic without any finer-grained locking.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::records::{Application, Card, Member, PhysicalCard, Product};
use super::rejection::Rejection;

/// All records of the mock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct State {
    /// Members by `userId`.
    pub(crate) members: BTreeMap<u64, Member>,
    /// Products by `serviceId`.
    pub(crate) products: BTreeMap<String, Product>,
    /// Cards (plastic and mobile) by `cardNo`.
    pub(crate) cards: BTreeMap<String, Card>,
    /// Physical cards by `cardNo`.
    pub(crate) physical_cards: BTreeMap<String, PhysicalCard>,
    /// Card applications by `cardApplyNo`.
    pub(crate) applications: BTreeMap<String, Application>,
    /// Sequence of the next application number the mock hands out.
    pub(crate) next_apply_seq: u64,
}

impl State {
    /// The member, if it exists and has not withdrawn; `001_006` otherwise.
    pub(crate) fn active_member(&self, user_id: u64) -> Result<&Member, Rejection> {
        self.members
            .get(&user_id)
            .filter(|member| !member.withdrawn)
            .ok_or(Rejection::WALLET_USER_NOT_FOUND)
    }

    /// The card with this `par`.
    pub(crate) fn card_no_by_par(&self, par: &str) -> Option<String> {
        self.cards
            .values()
            .find(|card| card.par == par)
            .map(|card| card.card_no.clone())
    }

    /// The application `apply_no`, only if `owner` made it.
    pub(crate) fn application_of(&self, owner: u64, apply_no: &str) -> Option<&Application> {
        self.applications
            .get(apply_no)
            .filter(|application| application.owner == owner)
    }

    /// A new, unused 22-character application number: `"CA"`, the KST date `yyyyMMdd`, and a
    /// 12-digit sequence. Seeded numbers read as the date `20000000`, which is no calendar
    /// date, so generated numbers never collide with them.
    pub(crate) fn next_apply_no(&mut self, today: NaiveDate) -> String {
        loop {
            self.next_apply_seq += 1;
            let candidate = format!(
                "CA{}{:012}",
                today.format("%Y%m%d"),
                self.next_apply_seq % 1_000_000_000_000
            );
            if !self.applications.contains_key(&candidate) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn withdrawn_and_unknown_members_are_not_found() {
        let mut state = State::default();
        for (user_id, withdrawn) in [(1, false), (2, true)] {
            state.members.insert(
                user_id,
                Member {
                    user_id,
                    name: None,
                    withdrawn,
                },
            );
        }
        assert!(state.active_member(1).is_ok());
        assert_eq!(
            state.active_member(2),
            Err(Rejection::WALLET_USER_NOT_FOUND)
        );
        assert_eq!(
            state.active_member(3),
            Err(Rejection::WALLET_USER_NOT_FOUND)
        );
    }

    #[test]
    fn application_numbers_are_22_characters_and_unique() {
        let mut state = State::default();
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let first = state.next_apply_no(today);
        let second = state.next_apply_no(today);
        assert_eq!(first, "CA20260310000000000001");
        assert_eq!(first.len(), 22);
        assert_ne!(first, second);
    }
}
