//! What explore chooses from: the fixtures every profile names (the same variables, with the
//! same documented meaning, in `cases/targets/*.yaml`), which member owns which, and the seeded
//! choice of a sequence of steps.
//!
//! Most steps pair a member with a fixture it owns (valid requests, and the documented error
//! scenarios those fixtures stand for: a terminated card, yesterday's application); some pair
//! any member with any fixture (unknown, foreign or withdrawn: documented errors too); a few
//! send a value no fixture holds (a field error); and some use a value an earlier step's answer
//! gave (the application a reissue created, the mobile card a cancel discarded).

use serde_json::json;

use super::prng::Prng;
use super::step::{Action, Arg, Change};

const MEMBERS: &[&str] = &[
    "member.active",
    "member.other",
    "member.withdrawn",
    "member.noName",
    "member.noWaiting",
    "member.noCards",
    "member.max",
    "member.unknown",
    "scenario.member",
    "scenario.linking.member",
];

/// Applications by owner.
const APPLICATIONS: &[(&str, &[&str])] = &[
    (
        "member.active",
        &[
            "application.cancellable",
            "application.shipping",
            "application.linkable",
            "application.yesterday",
            "application.mobileUsed",
        ],
    ),
    ("member.other", &["application.other"]),
    ("member.noWaiting", &["application.completed"]),
    ("scenario.member", &["scenario.cancel"]),
    ("member.unknown", &["application.unknown"]),
];

/// Cards by owner.
const CARDS: &[(&str, &[&str])] = &[
    (
        "member.active",
        &[
            "card.statusChange",
            "card.terminated",
            "card.expiring",
            "card.reissued",
            "card.terminatedExpiring",
            "card.notExpiring",
            "card.productNotReissuable",
            "card.feeFails",
        ],
    ),
    ("member.other", &["card.foreign"]),
    ("member.noName", &["card.noNameExpiring"]),
    ("member.max", &["card.maxMember"]),
    ("scenario.member", &["scenario.reissue", "scenario.suspend"]),
    ("member.unknown", &["card.unknown"]),
];

/// Physical cards by owner.
const PHYSICALS: &[(&str, &str)] = &[
    ("member.active", "physical.active"),
    ("member.noWaiting", "physical.noWaiting"),
    ("member.noCards", "physical.noCards"),
    ("scenario.linking.member", "scenario.linking.physical"),
];

/// The fixtures both sides know, in the shape generation uses.
#[derive(Debug, Clone)]
pub struct Menu {
    members: Vec<String>,
    applications: Vec<(String, String)>,
    cards: Vec<(String, String)>,
    physicals: Vec<(String, String)>,
    /// Whether state-changing operations may be chosen (the safety guard).
    pub state_changes: bool,
}

impl Menu {
    /// The menu of the fixtures for which `known` holds (a variable both profiles define).
    pub fn new(known: &dyn Fn(&str) -> bool, state_changes: bool) -> Menu {
        let owned = |table: &[(&str, &[&str])], leaf: &str| -> Vec<(String, String)> {
            table
                .iter()
                .flat_map(|(m, xs)| xs.iter().map(move |x| (m.to_string(), x.to_string())))
                .filter(|(m, x)| known(&format!("{m}.userId")) && known(&format!("{x}.{leaf}")))
                .collect()
        };
        let physical_known = |p: &str| {
            ["cardNo", "expDate", "cvc"]
                .iter()
                .all(|l| known(&format!("{p}.{l}")))
        };
        Menu {
            members: MEMBERS
                .iter()
                .filter(|m| known(&format!("{m}.userId")))
                .map(|m| m.to_string())
                .collect(),
            applications: owned(APPLICATIONS, "cardApplyNo"),
            cards: owned(CARDS, "cardNo"),
            physicals: PHYSICALS
                .iter()
                .filter(|(m, p)| known(&format!("{m}.userId")) && physical_known(p))
                .map(|(m, p)| (m.to_string(), p.to_string()))
                .collect(),
            state_changes,
        }
    }

    /// Whether a member owns an application or a card (by variable prefix), per the table.
    pub fn owns(&self, member: &str, fixture: &str) -> bool {
        let has = |t: &[(String, String)]| t.iter().any(|(m, x)| m == member && x == fixture);
        has(&self.applications) || has(&self.cards)
    }

    /// Whether nothing can be chosen.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty() || (self.applications.is_empty() && self.physicals.is_empty())
    }

    /// A sequence of `n` steps, from the seed alone.
    pub fn sequence(&self, seed: u64, n: usize) -> Vec<Action> {
        let mut rng = Prng::new(seed);
        let mut steps: Vec<Action> = Vec::with_capacity(n);
        while steps.len() < n {
            if let Some(a) = self.step(&mut rng, &steps) {
                steps.push(a);
            }
        }
        steps
    }

    /// One step; `None` when the chosen kind has no fixture (the caller draws again).
    fn step(&self, rng: &mut Prng, earlier: &[Action]) -> Option<Action> {
        const READS: &[(u32, u8)] = &[(60, 0), (40, 1)];
        const ALL: &[(u32, u8)] = &[(20, 0), (10, 1), (25, 2), (20, 3), (25, 4)];
        let weights = if self.state_changes { ALL } else { READS };
        let total: u32 = weights.iter().map(|(w, _)| w).sum();
        let mut draw = rng.below(total as usize) as u32;
        let kind = weights
            .iter()
            .find(|(w, _)| {
                let hit = draw < *w;
                draw = draw.saturating_sub(*w);
                hit
            })
            .map_or(0, |(_, k)| *k);
        let roll = rng.below(100);
        match kind {
            0 | 4 => self.application_step(rng, roll, earlier, kind == 4),
            1 => self.physical_step(rng, roll),
            _ => self.card_step(rng, roll, earlier, kind),
        }
    }

    fn application_step(
        &self,
        rng: &mut Prng,
        roll: usize,
        earlier: &[Action],
        cancel: bool,
    ) -> Option<Action> {
        let (user, application) = match roll {
            0..65 => owned(rng, &self.applications, "cardApplyNo")?,
            65..85 => any_pair(rng, &self.members, &self.applications, "cardApplyNo")?,
            85..93 => (self.any_user(rng)?, Arg::Literal(json!("CA1"))),
            _ => captured_application(rng, earlier)
                .or_else(|| owned(rng, &self.applications, "cardApplyNo"))?,
        };
        Some(if cancel {
            Action::Cancel { user, application }
        } else {
            Action::Inquiry { user, application }
        })
    }

    fn physical_step(&self, rng: &mut Prng, roll: usize) -> Option<Action> {
        let (member, physical) = rng.pick(non_empty(&self.physicals)?).clone();
        let cvc = Arg::Var(format!("{physical}.cvc"));
        let (user, cvc) = match roll {
            0..65 => (user_of(&member), cvc),
            65..80 => (self.any_user(rng)?, cvc),
            80..93 => (user_of(&member), Arg::var("physical.wrongCvc")),
            _ => (user_of(&member), Arg::Literal(json!("1"))),
        };
        Some(Action::PreIssue {
            user,
            physical,
            cvc,
        })
    }

    fn card_step(
        &self,
        rng: &mut Prng,
        roll: usize,
        earlier: &[Action],
        kind: u8,
    ) -> Option<Action> {
        let (user, card) = match roll {
            0..65 => owned(rng, &self.cards, "cardNo")?,
            65..85 => any_pair(rng, &self.members, &self.cards, "cardNo")?,
            85..93 => (self.any_user(rng)?, Arg::Literal(json!("1"))),
            _ => captured_card(rng, earlier).or_else(|| owned(rng, &self.cards, "cardNo"))?,
        };
        Some(match kind {
            2 => Action::Status {
                user,
                card,
                change: *rng.pick(&[Change::Suspend, Change::Resume]),
            },
            _ => Action::Reissue { user, card },
        })
    }

    fn any_user(&self, rng: &mut Prng) -> Option<Arg> {
        let member: &String = rng.pick(non_empty(&self.members)?);
        Some(user_of(member))
    }

    /// Simpler versions of an argument: a capture or a literal becomes the fixture the step's
    /// member owns of that kind (the first in the table), else the first of its kind.
    pub fn simpler(&self, action: &Action, field: &str) -> Option<Arg> {
        let (table, leaf) = match field {
            "cardApplyNo" => (&self.applications, "cardApplyNo"),
            "cardNo" | "cardInfo.oldCardNo" => (&self.cards, "cardNo"),
            _ => return None,
        };
        let user = action.args().first().map(|(_, a)| (*a).clone());
        let member = match user {
            Some(Arg::Var(v)) => v.trim_end_matches(".userId").to_string(),
            _ => String::new(),
        };
        let (_, fixture) = table
            .iter()
            .find(|(m, _)| *m == member)
            .or_else(|| table.first())?;
        Some(Arg::Var(format!("{fixture}.{leaf}")))
    }
}

fn non_empty<T>(items: &[T]) -> Option<&[T]> {
    (!items.is_empty()).then_some(items)
}

fn user_of(member: &str) -> Arg {
    Arg::Var(format!("{member}.userId"))
}

fn owned(rng: &mut Prng, table: &[(String, String)], leaf: &str) -> Option<(Arg, Arg)> {
    let (m, x) = rng.pick(non_empty(table)?);
    Some((user_of(m), Arg::Var(format!("{x}.{leaf}"))))
}

fn any_pair(
    rng: &mut Prng,
    members: &[String],
    table: &[(String, String)],
    leaf: &str,
) -> Option<(Arg, Arg)> {
    let m = rng.pick(non_empty(members)?).clone();
    let (_, x) = rng.pick(non_empty(table)?);
    Some((user_of(&m), Arg::Var(format!("{x}.{leaf}"))))
}

/// The application an earlier reissue created, for the member that asked for it.
fn captured_application(rng: &mut Prng, earlier: &[Action]) -> Option<(Arg, Arg)> {
    captured(rng, earlier, "/cardApplyNo", |a| match a {
        Action::Reissue { user, .. } => Some(user),
        _ => None,
    })
}

/// The mobile card an earlier cancel discarded, for the member that cancelled.
fn captured_card(rng: &mut Prng, earlier: &[Action]) -> Option<(Arg, Arg)> {
    captured(rng, earlier, "/mobileCardNo", |a| match a {
        Action::Cancel { user, .. } => Some(user),
        _ => None,
    })
}

/// One of the earlier steps `source` accepts (it gives the step's member): that member, and
/// the value at `pointer` of the step's answer.
fn captured(
    rng: &mut Prng,
    earlier: &[Action],
    pointer: &'static str,
    source: fn(&Action) -> Option<&Arg>,
) -> Option<(Arg, Arg)> {
    let sources: Vec<(usize, &Arg)> = earlier
        .iter()
        .enumerate()
        .filter_map(|(i, a)| source(a).map(|user| (i, user)))
        .collect();
    let (step, user) = rng.pick(non_empty(&sources)?);
    Some((
        (*user).clone(),
        Arg::Captured {
            step: *step,
            pointer,
        },
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    fn literal(v: &Arg) -> Option<&Value> {
        match v {
            Arg::Literal(l) => Some(l),
            _ => None,
        }
    }

    fn every(_: &str) -> bool {
        true
    }

    #[test]
    fn a_seed_gives_one_sequence_and_the_guard_keeps_state_changes_out() {
        let menu = Menu::new(&every, true);
        assert_eq!(menu.sequence(9, 40), menu.sequence(9, 40));
        assert_ne!(menu.sequence(9, 40), menu.sequence(10, 40));
        let all = menu.sequence(9, 400);
        assert!(all.iter().any(Action::changes_state));
        assert!(all.iter().any(|a| matches!(
            a,
            Action::Cancel {
                application: Arg::Captured { .. },
                ..
            }
        )));
        assert!(
            all.iter()
                .any(|a| a.args().iter().any(|(_, x)| literal(x).is_some()))
        );
        let reads = Menu::new(&every, false).sequence(9, 400);
        assert!(!reads.iter().any(Action::changes_state));
    }

    #[test]
    fn fixtures_a_profile_lacks_are_never_chosen() {
        let known = |v: &str| !v.starts_with("scenario.");
        let steps = Menu::new(&known, true).sequence(3, 400);
        let text = steps
            .iter()
            .map(|a| a.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(!text.contains("scenario."), "{text}");
        assert!(text.contains("application.cancellable"), "{text}");
    }
}
