//! Drift checks between the seed and the fixture table the cases use.

use super::*;
use chrono::TimeZone as _;
use serde_json::Value;

const PROFILE: &str = include_str!("../../../cases/targets/mock.yaml");

fn vars() -> Value {
    let profile: Value = serde_yaml::from_str(PROFILE).expect("mock.yaml parses");
    profile["vars"].clone()
}

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    kst()
        .with_ymd_and_hms(y, m, d, h, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn seeded() -> State {
    build(at(2026, 3, 10, 12))
}

fn user_id(vars: &Value, name: &str) -> u64 {
    vars["member"][name]["userId"].as_u64().unwrap()
}

fn text<'a>(vars: &'a Value, group: &str, name: &str, field: &str) -> &'a str {
    vars[group][name][field]
        .as_str()
        .unwrap_or_else(|| panic!("{group}.{name}.{field}"))
}

#[test]
fn members_match_the_table() {
    let vars = vars();
    let state = seeded();
    for (name, id) in [
        ("active", ACTIVE),
        ("other", OTHER),
        ("withdrawn", WITHDRAWN),
        ("noName", NO_NAME),
        ("noWaiting", NO_WAITING),
        ("noCards", NO_CARDS),
        ("max", MAX),
        ("unknown", UNKNOWN),
    ] {
        assert_eq!(user_id(&vars, name), id, "member.{name}");
    }
    assert!(state.active_member(ACTIVE).unwrap().name.is_some());
    assert!(state.members[&WITHDRAWN].withdrawn);
    assert!(state.active_member(WITHDRAWN).is_err());
    assert_eq!(state.active_member(NO_NAME).unwrap().name, None);
    assert!(state.active_member(MAX).is_ok());
    assert!(!state.members.contains_key(&UNKNOWN));
}

#[test]
fn cards_match_the_table() {
    let vars = vars();
    let state = seeded();
    let expected: [(&str, u32, u64, CardStatus); 11] = [
        ("statusChange", 1, ACTIVE, CardStatus::Active),
        ("foreign", 2, OTHER, CardStatus::Active),
        ("terminated", 3, ACTIVE, CardStatus::Terminated),
        ("expiring", 4, ACTIVE, CardStatus::Active),
        ("reissued", 5, ACTIVE, CardStatus::Active),
        ("terminatedExpiring", 6, ACTIVE, CardStatus::Terminated),
        ("notExpiring", 7, ACTIVE, CardStatus::Active),
        ("noNameExpiring", 8, NO_NAME, CardStatus::Active),
        ("productNotReissuable", 9, ACTIVE, CardStatus::Active),
        ("feeFails", 10, ACTIVE, CardStatus::Active),
        ("maxMember", 11, MAX, CardStatus::Active),
    ];
    for (name, n, owner, status) in expected {
        let number = text(&vars, "card", name, "cardNo");
        let par = text(&vars, "card", name, "par");
        assert_eq!(
            (number, par),
            (card_no(n).as_str(), card_par(n).as_str()),
            "{name}"
        );
        let card = &state.cards[number];
        assert_eq!(card.par, par, "{name}");
        assert_eq!(card.owner, owner, "{name}");
        assert_eq!(card.status, status, "{name}");
        assert_eq!(card.card_no.len(), 16, "{name}");
        assert_eq!(card.par.len(), 27, "{name}");
    }
    assert!(
        !state
            .cards
            .contains_key(text(&vars, "card", "unknown", "cardNo"))
    );
    assert_eq!(
        state.card_no_by_par(text(&vars, "card", "unknown", "par")),
        None
    );
    assert!(state.cards[&card_no(5)].reissued_to.is_some());
    assert!(state.cards[&card_no(4)].reissued_to.is_none());
    assert!(!state.products[&state.cards[&card_no(9)].service_id].reissuable);
    let fee_card = &state.cards[&card_no(10)];
    assert!(state.products[&fee_card.service_id].reissue_fee > fee_card.balance);
}

/// The seed's KST "today", recovered from an application made today.
fn seed_today(state: &State) -> chrono::NaiveDate {
    state.applications["CA20000000000000000003"]
        .applied_at
        .date_naive()
}

#[test]
fn expiries_are_relative_to_today_on_any_day_of_the_month() {
    for now in [
        at(2026, 3, 1, 0),
        at(2026, 2, 28, 23),
        at(2026, 12, 31, 12),
        at(2028, 2, 29, 9),
    ] {
        let state = build(now);
        let today = now.with_timezone(&kst()).date_naive();
        let days = |n: u32| state.cards[&card_no(n)].expiry.days_until(today).unwrap();
        for this_month in [4, 5, 6, 8, 9, 10] {
            assert!(
                (0..=30).contains(&days(this_month)),
                "card {this_month} at {now}"
            );
        }
        assert!(days(7) > 30, "notExpiring at {now}");
        for far in [1, 2, 3, 11] {
            assert!(days(far) > 30, "card {far} at {now}");
        }
    }
}

#[test]
fn physical_cards_match_the_table() {
    let vars = vars();
    let state = seeded();
    for (name, owner) in [
        ("active", ACTIVE),
        ("noWaiting", NO_WAITING),
        ("noCards", NO_CARDS),
    ] {
        let number = text(&vars, "physical", name, "cardNo");
        let physical = &state.physical_cards[number];
        assert_eq!(
            physical.exp_date,
            text(&vars, "physical", name, "expDate"),
            "{name}"
        );
        assert_eq!(physical.cvc, text(&vars, "physical", name, "cvc"), "{name}");
        assert_eq!(physical.owner, owner, "{name}");
    }
    let wrong = vars["physical"]["wrongCvc"].as_str().unwrap();
    assert!(state.physical_cards.values().all(|p| p.cvc != wrong));
}

#[test]
fn applications_match_the_table() {
    let vars = vars();
    let state = seeded();
    let today = seed_today(&state);
    let expected: [(&str, u64, i64, ApplicationStatus); 7] = [
        ("shipping", ACTIVE, 10, ApplicationStatus::Shipping),
        ("linkable", ACTIVE, 2, ApplicationStatus::DigitalIssued),
        ("cancellable", ACTIVE, 0, ApplicationStatus::CostPaid),
        ("yesterday", ACTIVE, 1, ApplicationStatus::CostPaid),
        ("mobileUsed", ACTIVE, 0, ApplicationStatus::CostPaid),
        ("other", OTHER, 5, ApplicationStatus::Shipping),
        ("completed", NO_WAITING, 30, ApplicationStatus::Complete),
    ];
    for (name, owner, days_ago, status) in expected {
        let apply_no = text(&vars, "application", name, "cardApplyNo");
        assert_eq!(apply_no.len(), 22, "{name}");
        let app = &state.applications[apply_no];
        assert_eq!(app.owner, owner, "{name}");
        assert_eq!(
            (today - app.applied_at.date_naive()).num_days(),
            days_ago,
            "{name}"
        );
        assert_eq!(app.status, status, "{name}");
    }
    assert_eq!(
        state.applications["CA20000000000000000001"].delivery,
        DeliveryStatus::Shipping
    );
    let mobile_of = |apply_no: &str| {
        let no = state.applications[apply_no].mobile_card_no.clone().unwrap();
        state.cards[&no].clone()
    };
    assert!(!mobile_of("CA20000000000000000003").used);
    assert!(mobile_of("CA20000000000000000005").used);
    let unknown = text(&vars, "application", "unknown", "cardApplyNo");
    assert!(!state.applications.contains_key(unknown));
}

#[test]
fn linkable_applications_are_exactly_the_documented_ones() {
    let state = seeded();
    let linkable: Vec<_> = state
        .applications
        .values()
        .filter(|a| a.is_linkable())
        .map(|a| (a.owner, a.apply_no.as_str()))
        .collect();
    // The second is the pre-issue scenario's own (seed/scenarios.rs), for another member.
    assert_eq!(
        linkable,
        [
            (ACTIVE, "CA20000000000000000002"),
            (scenarios::LINKING, "CA20000000000000000009")
        ]
    );
    assert!(state.applications.values().any(|a| a.owner == NO_WAITING));
    assert!(state.applications.values().all(|a| a.owner != NO_CARDS));
}

#[test]
fn mobile_cards_are_well_formed() {
    let state = seeded();
    for app in state.applications.values() {
        let card = &state.cards[app.mobile_card_no.as_deref().unwrap()];
        assert_eq!(
            (card.card_no.len(), card.par.len(), card.cvc.len()),
            (16, 27, 3)
        );
        assert_eq!(card.owner, app.owner);
    }
}

#[test]
fn address_fixture_is_valid_input() {
    let vars = vars();
    let address = &vars["address"];
    assert!((1..=255).contains(&address["address"].as_str().unwrap().chars().count()));
    assert!((1..=255).contains(&address["addressDetail"].as_str().unwrap().chars().count()));
    assert_eq!(address["zipCode"].as_str().unwrap().len(), 5);
}
