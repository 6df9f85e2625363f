//! The fixture table: the state the mock starts with and returns to on `POST /__admin/reset`.
//!
//! Every member, card, physical card and application of `cases/targets/mock.yaml` is here with
//! exactly the values and the properties its comment states (a test below reads that file and
//! checks it); the scenarios' and the generated cases' own fixtures are in `seed/`. Dates are relative to the clock's KST "today" at seed time, so no fixture rots;
//! resetting re-anchors them to the then-current day.

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};

use super::clock::kst;
use super::records::{Application, Card, Expiry, Member, PhysicalCard, Point, Product};
use super::state::State;
use super::statuses::{ApplicationStatus, CardStatus, DeliveryStatus, IssueType, Requester};

/// The fixture values, named as in `cases/targets/mock.yaml`.
pub(crate) mod ids {
    /// member.active: active, named, owns most fixtures.
    pub(crate) const ACTIVE: u64 = 50_000_104_652;
    /// member.other: owns card.foreign and application.other.
    pub(crate) const OTHER: u64 = 50_000_104_660;
    /// member.withdrawn.
    pub(crate) const WITHDRAWN: u64 = 50_000_104_653;
    /// member.noName: active, no name on record.
    pub(crate) const NO_NAME: u64 = 50_000_104_654;
    /// member.noWaiting: has applications, none linkable.
    pub(crate) const NO_WAITING: u64 = 50_000_104_655;
    /// member.noCards: no card applications at all.
    pub(crate) const NO_CARDS: u64 = 50_000_104_656;
    /// member.max: the largest documented userId.
    pub(crate) const MAX: u64 = 9_999_999_999_999_999_999;
    /// member.unknown: not a member (only the tests need it).
    #[cfg(test)]
    pub(crate) const UNKNOWN: u64 = 50_000_109_999;

    /// Product whose expiring cards may be reissued free of charge.
    pub(crate) const PRODUCT_STANDARD: &str = "000170000002000";
    /// Product that does not allow reissuance.
    pub(crate) const PRODUCT_NO_REISSUE: &str = "000170000002001";
    /// Product with a reissue fee.
    pub(crate) const PRODUCT_WITH_FEE: &str = "000170000002002";
    /// The reissue fee of [`PRODUCT_WITH_FEE`].
    pub(crate) const REISSUE_FEE: u64 = 5_000;
}

use ids::*;

/// The seed state, anchored at `now`.
pub(crate) fn build(now: DateTime<Utc>) -> State {
    let now = now.with_timezone(&kst());
    let mut state = State::default();
    seed_members(&mut state);
    seed_products(&mut state);
    seed_cards(&mut state, now);
    seed_physical_cards(&mut state);
    seed_applications(&mut state, now);
    scenarios::seed(&mut state, now);
    generated::seed(&mut state, now);
    state
}

fn seed_members(state: &mut State) {
    let members = [
        (ACTIVE, Some("김코나"), false),
        (OTHER, Some("이플레이트"), false),
        (WITHDRAWN, Some("박탈퇴"), true),
        (NO_NAME, None, false),
        (NO_WAITING, Some("최대기"), false),
        (NO_CARDS, Some("정무카드"), false),
        (MAX, Some("한최대"), false),
    ];
    for (user_id, name, withdrawn) in members {
        state.members.insert(
            user_id,
            Member {
                user_id,
                name: name.map(str::to_owned),
                withdrawn,
            },
        );
    }
}

fn seed_products(state: &mut State) {
    let products = [
        (PRODUCT_STANDARD, "KONA PLATE Test Prepaid Card", true, 0),
        (PRODUCT_NO_REISSUE, "KONA PLATE Test Gift Card", false, 0),
        (
            PRODUCT_WITH_FEE,
            "KONA PLATE Test Premium Card",
            true,
            REISSUE_FEE,
        ),
    ];
    for (service_id, name, reissuable, reissue_fee) in products {
        state.products.insert(
            service_id.to_owned(),
            Product {
                service_id: service_id.to_owned(),
                name: name.to_owned(),
                reissuable,
                reissue_fee,
            },
        );
    }
}

/// The cardNo of fixture card `n` (`941` + 13 digits).
pub(crate) fn card_no(n: u32) -> String {
    format!("941{n:013}")
}

/// The par of fixture card `n` (`Q1TESTPAR` + 18 digits).
pub(crate) fn card_par(n: u32) -> String {
    format!("Q1TESTPAR{n:018}")
}

/// The cardNo of the mobile card of fixture application `n` (`943` + 13 digits).
pub(crate) fn mobile_card_no(n: u32) -> String {
    format!("943{n:013}")
}

/// The par of the mobile card of fixture application `n` (`Q1TESTPAR1` + 17 digits).
pub(crate) fn mobile_par(n: u32) -> String {
    format!("Q1TESTPAR1{n:017}")
}

fn card(card_no: String, par: String, owner: u64, expiry: Expiry) -> Card {
    Card {
        card_no,
        par,
        owner,
        status: CardStatus::Active,
        expiry,
        service_id: PRODUCT_STANDARD.to_owned(),
        cvc: "100".to_owned(),
        balance: 10_000,
        points: Vec::new(),
        used: true,
        reissued_to: None,
    }
}

fn seed_cards(state: &mut State, now: DateTime<FixedOffset>) {
    let today = now.date_naive();
    let this_month = Expiry::months_after(today, 0);
    let in_3_months = Expiry::months_after(today, 3);
    let far = Expiry::months_after(today, 60);
    let (active, terminated) = (CardStatus::Active, CardStatus::Terminated);
    let (standard, no_reissue, with_fee) = (PRODUCT_STANDARD, PRODUCT_NO_REISSUE, PRODUCT_WITH_FEE);
    // (n, owner, status, expiry, product, reissued)
    let table = [
        (1, ACTIVE, active, far, standard, false), // statusChange
        (2, OTHER, active, far, standard, false),  // foreign
        (3, ACTIVE, terminated, far, standard, false), // terminated
        (4, ACTIVE, active, this_month, standard, false), // expiring
        (5, ACTIVE, active, this_month, standard, true), // reissued
        (6, ACTIVE, terminated, this_month, standard, false), // terminatedExpiring
        (7, ACTIVE, active, in_3_months, standard, false), // notExpiring
        (8, NO_NAME, active, this_month, standard, false), // noNameExpiring
        (9, ACTIVE, active, this_month, no_reissue, false), // productNotReissuable
        (10, ACTIVE, active, this_month, with_fee, false), // feeFails
        (11, MAX, active, far, standard, false),   // maxMember
    ];
    for (n, owner, status, expiry, product, reissued) in table {
        let mut c = card(card_no(n), card_par(n), owner, expiry);
        c.status = status;
        c.service_id = product.to_owned();
        c.cvc = format!("{:03}", 100 + n);
        if reissued {
            // An earlier reissue whose application is not part of the fixtures.
            c.reissued_to = Some("CA19990101000000000005".to_owned());
        }
        if n == 10 {
            // The fee is charged to this balance, which cannot cover it.
            c.balance = 0;
        }
        state.cards.insert(c.card_no.clone(), c);
    }
}

fn seed_physical_cards(state: &mut State) {
    let table = [
        ("9420000000000001", "123", ACTIVE),
        ("9420000000000002", "234", NO_WAITING),
        ("9420000000000003", "345", NO_CARDS),
    ];
    for (card_no, cvc, owner) in table {
        state.physical_cards.insert(
            card_no.to_owned(),
            PhysicalCard {
                card_no: card_no.to_owned(),
                exp_date: "3108".to_owned(),
                cvc: cvc.to_owned(),
                owner,
            },
        );
    }
}

/// One row of the application table.
struct AppRow {
    n: u32,
    owner: u64,
    days_ago: i64,
    status: ApplicationStatus,
    delivery: DeliveryStatus,
    requester: Requester,
    mobile_used: bool,
    linked_physical: Option<&'static str>,
}

/// An application made in the app, its mobile card unused, linked to no physical card.
fn row(
    n: u32,
    owner: u64,
    days_ago: i64,
    status: ApplicationStatus,
    delivery: DeliveryStatus,
) -> AppRow {
    AppRow {
        n,
        owner,
        days_ago,
        status,
        delivery,
        requester: Requester::App,
        mobile_used: false,
        linked_physical: None,
    }
}

fn seed_applications(state: &mut State, now: DateTime<FixedOffset>) {
    use ApplicationStatus as A;
    use DeliveryStatus as D;
    // The cancellable-looking applications of member.active are COST_PAID rather than
    // DIGITAL_ISSUED so that application.linkable stays the member's only linkable one.
    let rows = [
        AppRow {
            mobile_used: true,
            ..row(1, ACTIVE, 10, A::Shipping, D::Shipping)
        }, // shipping
        row(2, ACTIVE, 2, A::DigitalIssued, D::Arrival), // linkable
        row(3, ACTIVE, 0, A::CostPaid, D::Ready),        // cancellable
        row(4, ACTIVE, 1, A::CostPaid, D::Ready),        // yesterday
        AppRow {
            mobile_used: true,
            ..row(5, ACTIVE, 0, A::CostPaid, D::Ready)
        }, // mobileUsed
        AppRow {
            requester: Requester::Cc,
            ..row(6, OTHER, 5, A::Shipping, D::Shipping)
        }, // other
        AppRow {
            linked_physical: Some("9420000000000002"),
            ..row(7, NO_WAITING, 30, A::Complete, D::Arrival)
        }, // completed
    ];
    for r in rows {
        insert_application(state, now, r);
    }
}

fn insert_application(state: &mut State, now: DateTime<FixedOffset>, r: AppRow) {
    let mut mobile = card(
        mobile_card_no(r.n),
        mobile_par(r.n),
        r.owner,
        Expiry::months_after(now.date_naive(), 60),
    );
    mobile.cvc = format!("{:03}", 500 + r.n);
    mobile.used = r.mobile_used;
    mobile.balance = 50_000;
    mobile.points = vec![Point {
        policy_type: "00".to_owned(),
        policy_id: "PT0000000000001".to_owned(),
        policy_name: "User point".to_owned(),
        amount: 1_200,
    }];
    let apply_no = format!("CA2000000000{:010}", r.n);
    state.applications.insert(
        apply_no.clone(),
        Application {
            apply_no,
            owner: r.owner,
            applied_at: now - TimeDelta::days(r.days_ago),
            issue_type: IssueType::Issue,
            status: r.status,
            delivery: r.delivery,
            requester: r.requester,
            service_id: PRODUCT_STANDARD.to_owned(),
            mobile_card_no: Some(mobile.card_no.clone()),
            linked_physical_card: r.linked_physical.map(str::to_owned),
            address: None,
        },
    );
    state.cards.insert(mobile.card_no.clone(), mobile);
}

mod generated;
mod scenarios;

#[cfg(test)]
mod tests;
