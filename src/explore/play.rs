//! Playing a sequence of steps on both sides, step by step, up to the first divergence.

use std::time::Instant;

use super::basis::{self, Basis};
use super::compare::{self, Enums};
use super::menu::Menu;
use super::side::{Answer, Side};
use super::step::Step;
use crate::outcome::{Failure, RunErrorKind};

/// The target and the oracle, and what comparing their answers needs.
pub struct Pair {
    /// The target under test.
    pub target: Side,
    /// The reference mock.
    pub oracle: Side,
    /// The spec's enumerated strings (see [`compare`]).
    pub enums: Enums,
    /// The fixtures both sides know.
    pub menu: Menu,
    /// No step is sent after it.
    pub deadline: Option<Instant>,
}

/// Where, how and on what ground the two sides first disagreed.
#[derive(Debug, Clone)]
pub struct Divergence {
    /// The step (0-based).
    pub at: usize,
    /// The differences; `expected` is the oracle's answer.
    pub failures: Vec<Failure>,
    /// What the oracle's answer rests on.
    pub basis: Basis,
}

impl Divergence {
    /// A divergence from one of the mock's own decisions: a warning.
    pub fn is_warning(&self) -> bool {
        matches!(self.basis, Basis::Decision(_))
    }

    /// Whether another divergence is the same kind: same severity, same operation.
    pub fn like(&self, steps: &[Step], other: &Divergence, other_steps: &[Step]) -> bool {
        self.is_warning() == other.is_warning()
            && steps[self.at].operation == other_steps[other.at].operation
    }
}

/// A sequence as played.
#[derive(Debug, Clone)]
pub struct Trace {
    /// The steps played (up to and including a divergence).
    pub steps: Vec<Step>,
    /// The oracle's answers, one per step played.
    pub oracle: Vec<Answer>,
    /// The target's answers, one per step played.
    pub target: Vec<Answer>,
    /// The first divergence, if any.
    pub divergence: Option<Divergence>,
    /// Why the play stopped before its end (the deadline, a failed reset).
    pub stopped: Option<String>,
}

impl Pair {
    /// Plays `steps` from the fixtures' state: both sides reset first (the target only when it
    /// can be).
    pub fn play(&self, steps: &[Step]) -> Trace {
        let mut trace = Trace {
            steps: Vec::new(),
            oracle: Vec::new(),
            target: Vec::new(),
            divergence: None,
            stopped: None,
        };
        let resets = [(&self.oracle, true), (&self.target, self.target.resettable)];
        for (side, wanted) in resets {
            if let Err(e) = if wanted { side.reset() } else { Ok(()) } {
                trace.stopped = Some(format!("the {} could not be reset: {e}", side.name));
                return trace;
            }
        }
        for (i, step) in steps.iter().enumerate() {
            if self.deadline.is_some_and(|d| Instant::now() >= d) {
                trace.stopped = Some("the deadline passed".into());
                break;
            }
            let target = self.target.send(step, &trace.target);
            let oracle = self.oracle.send(step, &trace.oracle);
            let late = |a: &Answer| {
                a.error
                    .as_ref()
                    .is_some_and(|e| e.kind == RunErrorKind::Deadline)
            };
            if late(&target) || late(&oracle) {
                trace.stopped = Some("the deadline passed".into());
                break;
            }
            let failures = compare::compare(&self.enums, &oracle, &target);
            trace.steps.push(step.clone());
            trace.oracle.push(oracle);
            trace.target.push(target);
            if !failures.is_empty() {
                let basis = basis::of(&self.menu, &trace.steps, &trace.oracle, i);
                trace.divergence = Some(Divergence {
                    at: i,
                    failures,
                    basis,
                });
                break;
            }
        }
        trace
    }
}
