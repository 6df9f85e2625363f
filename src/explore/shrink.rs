//! Shrinking a diverging sequence to a small one that still diverges the same way (same
//! severity, same operation at the diverging step): first whole runs of steps are dropped,
//! halving the run length down to single steps, then captured and literal values are replaced
//! by plain fixtures. Every candidate is played from the fixtures' state, so shrinking needs a
//! target that can be reset (or one the sequence does not change).

use std::time::Instant;

use super::menu::Menu;
use super::play::{Pair, Trace};
use super::step::{Arg, Step};

/// The result of shrinking.
#[derive(Debug, Clone)]
pub struct Shrunk {
    /// The smallest diverging sequence found, as played.
    pub trace: Trace,
    /// How many candidates were played.
    pub attempts: usize,
    /// Why shrinking stopped before it was done, if it did.
    pub cut_short: Option<String>,
}

/// Shrinks `found` (a trace that diverged), playing at most `budget` candidates.
pub fn shrink(pair: &Pair, found: &Trace, budget: usize) -> Shrunk {
    let mut s = Shrinker {
        pair,
        found,
        budget,
        best: found.clone(),
        attempts: 0,
        cut_short: None,
    };
    s.drop_steps();
    s.simplify_values();
    Shrunk {
        trace: s.best,
        attempts: s.attempts,
        cut_short: s.cut_short,
    }
}

struct Shrinker<'a> {
    pair: &'a Pair,
    found: &'a Trace,
    budget: usize,
    best: Trace,
    attempts: usize,
    cut_short: Option<String>,
}

impl Shrinker<'_> {
    fn drop_steps(&mut self) {
        let mut chunk = (self.best.steps.len() / 2).max(1);
        loop {
            let mut progress = false;
            let mut i = 0;
            while i < self.best.steps.len() && self.best.steps.len() > 1 {
                let candidate = without(&self.best.steps, i, chunk, &self.pair.menu);
                match candidate.filter(|c| !c.is_empty()) {
                    Some(c) if self.try_candidate(&c) => progress = true,
                    _ => i += chunk,
                }
                if self.cut_short.is_some() {
                    return;
                }
            }
            if chunk == 1 && !progress {
                return;
            }
            if !progress {
                chunk /= 2;
            }
            chunk = chunk.min((self.best.steps.len() / 2).max(1));
        }
    }

    fn simplify_values(&mut self) {
        let mut i = 0;
        while i < self.best.steps.len() && self.cut_short.is_none() {
            let step = self.best.steps[i].clone();
            for (field, arg) in &step.args {
                if matches!(arg, Arg::Var(_)) {
                    continue;
                }
                let Some(simpler) = self.pair.menu.simpler(&step, field) else {
                    continue;
                };
                let mut candidate = self.best.steps.clone();
                candidate[i] = step.with_arg(field, simpler);
                if self.try_candidate(&candidate) {
                    break;
                }
            }
            i += 1;
        }
    }

    /// Plays a candidate; keeps it when it still diverges the same way.
    fn try_candidate(&mut self, candidate: &[Step]) -> bool {
        if self.attempts >= self.budget {
            self.cut_short = Some(format!("the budget of {} attempts ran out", self.budget));
            return false;
        }
        if self.pair.deadline.is_some_and(|d| Instant::now() >= d) {
            self.cut_short = Some("the deadline passed".into());
            return false;
        }
        self.attempts += 1;
        let played = self.pair.play(candidate);
        if let Some(why) = &played.stopped {
            self.cut_short = Some(why.clone());
            return false;
        }
        let (Some(d), Some(original)) = (&played.divergence, &self.found.divergence) else {
            return false;
        };
        if !d.like(&played.steps, original, &self.found.steps) {
            return false;
        }
        self.best = played;
        true
    }
}

/// `steps` without `len` steps from `from`: later captures renumbered, captures of a dropped
/// step replaced by the plain fixture of their kind; `None` when one has none.
fn without(steps: &[Step], from: usize, len: usize, menu: &Menu) -> Option<Vec<Step>> {
    let end = from + len;
    let mut out = Vec::with_capacity(steps.len());
    for (i, step) in steps.iter().enumerate() {
        if (from..end).contains(&i) {
            continue;
        }
        let mut step = step.clone();
        for (field, arg) in step.args.clone() {
            let Arg::Captured { step: at, pointer } = arg else {
                continue;
            };
            let replaced = if at >= end {
                Arg::Captured {
                    step: at - len,
                    pointer,
                }
            } else if at >= from {
                menu.simpler(&step, &field)?
            } else {
                continue;
            };
            step = step.with_arg(&field, replaced);
        }
        out.push(step);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropping_steps_renumbers_later_captures_and_replaces_dropped_ones() {
        let menu = crate::explore::testing::menu(true);
        let user = || {
            (
                "userInfo.userId".to_string(),
                Arg::var("member.active.userId"),
            )
        };
        let reissue = Step {
            operation: "expiredCardReissue".into(),
            args: vec![
                (
                    "cardInfo.oldCardNo".into(),
                    Arg::var("card.expiring.cardNo"),
                ),
                user(),
            ],
            fixed: vec![],
        };
        let cancel_of = |step| Step {
            operation: "cardDeliveryCancel".into(),
            args: vec![
                (
                    "cardApplyNo".into(),
                    Arg::Captured {
                        step,
                        pointer: "/cardApplyNo".into(),
                    },
                ),
                ("userId".into(), Arg::var("member.active.userId")),
            ],
            fixed: vec![],
        };
        let steps = vec![reissue.clone(), reissue.clone(), cancel_of(1)];
        let dropped_first = without(&steps, 0, 1, &menu).unwrap();
        assert_eq!(dropped_first, vec![reissue.clone(), cancel_of(0)]);
        let dropped_source = without(&steps, 1, 1, &menu).unwrap();
        assert_eq!(
            dropped_source[1].to_string(),
            "cardDeliveryCancel cardApplyNo=application.cancellable.cardApplyNo userId=member.active.userId"
        );
    }
}
