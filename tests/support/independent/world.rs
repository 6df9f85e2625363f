//! The independent server's own fixture table: a sandbox's few test members, cards and
//! applications, several standing for more than one documented purpose (the profile
//! `target.yaml` names them). Dates are relative to today in KST.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, Utc};

/// A member.
#[derive(Debug, Clone)]
pub struct Member {
    pub withdrawn: bool,
    pub name: Option<&'static str>,
}

/// A card's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Active,
    Suspended,
    Terminated,
}

/// A prepaid card (an issued plastic card or a mobile card).
#[derive(Debug, Clone)]
pub struct Card {
    pub owner: u64,
    pub par: String,
    pub state: State,
    /// The last day it is valid.
    pub valid_until: NaiveDate,
    pub reissued: bool,
    /// Its product allows reissuance.
    pub reissuable: bool,
    pub fee: u64,
    pub balance: u64,
    pub cvc: String,
    pub used: bool,
}

/// A delivered physical card, waiting to be linked to a mobile card.
#[derive(Debug, Clone)]
pub struct Physical {
    pub owner: u64,
    pub exp: &'static str,
    pub cvc: &'static str,
}

/// A card application.
#[derive(Debug, Clone)]
pub struct Application {
    pub owner: u64,
    pub day: NaiveDate,
    pub reissue: bool,
    /// The page's application status (`DIGITAL_ISSUED`, ...).
    pub status: &'static str,
    pub delivery: &'static str,
    /// Its mobile card (pre-issued), if any.
    pub mobile: Option<String>,
    pub linked: bool,
}

/// Everything the server knows.
#[derive(Debug, Clone, Default)]
pub struct World {
    pub members: BTreeMap<u64, Member>,
    pub cards: BTreeMap<String, Card>,
    pub physicals: BTreeMap<String, Physical>,
    pub applications: BTreeMap<String, Application>,
    pub issued: u32,
}

/// Today in KST.
pub fn today() -> NaiveDate {
    (Utc::now() + Duration::hours(9)).date_naive()
}

/// The last day of the month `months` after this one.
fn month_end(months: u32) -> NaiveDate {
    let t = today();
    let index = t.year() * 12 + t.month0() as i32 + months as i32 + 1;
    let first_of_next =
        NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1);
    first_of_next.unwrap() - Duration::days(1)
}

pub const KIM: u64 = 71_000_000_001;
pub const LEE: u64 = 71_000_000_002;
pub const PARK: u64 = 71_000_000_003;
pub const CHOI: u64 = 71_000_000_004;
pub const JUNG: u64 = 71_000_000_005;

fn card(owner: u64, n: u32, valid_until: NaiveDate) -> (String, Card) {
    let card = Card {
        owner,
        par: format!("Q2INDEPENDENTPAR{n:011}"),
        state: State::Active,
        valid_until,
        reissued: false,
        reissuable: true,
        fee: 0,
        balance: 20_000,
        cvc: format!("{:03}", 600 + n),
        used: true,
    };
    (format!("9491{n:012}"), card)
}

fn application(
    owner: u64,
    days_ago: i64,
    status: &'static str,
    delivery: &'static str,
    mobile: Option<u32>,
) -> Application {
    Application {
        owner,
        day: today() - Duration::days(days_ago),
        reissue: false,
        status,
        delivery,
        mobile: mobile.map(|n| format!("9493{n:012}")),
        linked: false,
    }
}

impl World {
    /// The fixtures, as the sandbox starts.
    pub fn seeded() -> World {
        let mut w = World::default();
        let member = |name| Member {
            withdrawn: false,
            name,
        };
        w.members.insert(KIM, member(Some("Kim Kona")));
        w.members.insert(LEE, member(Some("Lee Plate")));
        w.members.insert(
            PARK,
            Member {
                withdrawn: true,
                name: Some("Park Left"),
            },
        );
        w.members.insert(CHOI, member(None));
        w.members.insert(JUNG, member(Some("Jung Nocard")));
        let (this_month, later) = (month_end(0), month_end(6));
        let mut cards = vec![
            card(KIM, 1, this_month),
            card(LEE, 2, later),
            card(KIM, 3, this_month),
            card(KIM, 4, this_month),
            card(KIM, 5, later),
            card(CHOI, 6, this_month),
            card(KIM, 7, this_month),
            card(KIM, 8, this_month),
        ];
        cards[2].1.state = State::Terminated;
        cards[3].1.reissued = true;
        cards[6].1.reissuable = false;
        cards[7].1.fee = 3_000;
        cards[7].1.balance = 1_000;
        w.cards.extend(cards);
        for (n, owner) in [(1u32, KIM), (2, LEE), (3, JUNG)] {
            let physical = Physical {
                owner,
                exp: "3012",
                cvc: ["321", "432", "543"][n as usize - 1],
            };
            w.physicals.insert(format!("9492{n:012}"), physical);
        }
        let apps = [
            (1, application(KIM, 10, "SHIPPING", "SHIPPING", Some(11))),
            (2, application(KIM, 3, "DIGITAL_ISSUED", "READY", Some(12))),
            (3, application(KIM, 0, "COST_PAID", "READY", Some(13))),
            (4, application(KIM, 1, "COST_PAID", "READY", Some(14))),
            (5, application(KIM, 0, "COST_PAID", "READY", Some(15))),
            (6, application(LEE, 6, "SHIPPING", "SHIPPING", Some(16))),
            (7, application(LEE, 40, "COMPLETE", "ARRIVAL", Some(17))),
        ];
        for (n, app) in apps {
            if let Some(mobile) = &app.mobile {
                let (_, mut c) = card(app.owner, 100 + n, month_end(60));
                c.used = n == 5 || n == 1;
                w.cards.insert(mobile.clone(), c);
            }
            w.applications.insert(format!("AP{:020}", n), app);
        }
        w
    }

    /// A member that may use the service.
    pub fn active(&self, user: u64) -> Option<&Member> {
        self.members.get(&user).filter(|m| !m.withdrawn)
    }

    /// A new application number.
    pub fn next_apply_no(&mut self) -> String {
        self.issued += 1;
        format!("AP{:020}", 900 + self.issued)
    }
}
