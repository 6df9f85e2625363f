//! Playing a sequence of steps on both sides, step by step, judging each target answer
//! ([`super::judge`]) and learning from it ([`super::learn`]), up to the first documented
//! divergence. Warnings do not stop a run.

use std::time::Instant;

use super::basis::Basis;
use super::compare::Enums;
use super::judge::judge;
use super::known::{Declared, Ledger, Prop};
use super::learn::learn;
use super::menu::Menu;
use super::predict::Prediction;
use super::scene;
use super::side::{Answer, Side};
use super::step::Step;
use crate::assumption::Policy;
use crate::outcome::{Failure, RunErrorKind};

/// The target and the oracle, and what judging needs.
pub struct Pair {
    /// The target under test.
    pub target: Side,
    /// The reference mock.
    pub oracle: Side,
    /// The spec's enumerated strings (see [`super::compare`]).
    pub enums: Enums,
    /// The operations and fixtures both sides know.
    pub menu: Menu,
    /// What the target's profile declares about its fixtures.
    pub declared: Declared,
    /// No step is sent after it.
    pub deadline: Option<Instant>,
}

/// Where, how and on what ground the target first broke a documented rule.
#[derive(Debug, Clone)]
pub struct Divergence {
    /// The step (0-based).
    pub at: usize,
    /// The failures; `expected` is what the rules (or the contract) demand.
    pub failures: Vec<Failure>,
    /// What they rest on.
    pub basis: Basis,
}

impl Divergence {
    /// Whether another divergence is the same kind: same operation at the diverging step.
    pub fn like(&self, steps: &[Step], other: &Divergence, other_steps: &[Step]) -> bool {
        steps[self.at].operation == other_steps[other.at].operation
    }
}

/// A step where the target answered otherwise than the oracle without breaking a documented
/// rule.
#[derive(Debug, Clone)]
pub struct Warned {
    /// The step (0-based).
    pub at: usize,
    /// The differences; `expected` is the oracle's answer.
    pub failures: Vec<Failure>,
    /// Why they are not failures.
    pub basis: Basis,
}

/// A sequence as played.
#[derive(Debug, Clone, Default)]
pub struct Trace {
    /// The steps played (up to and including a divergence).
    pub steps: Vec<Step>,
    /// The oracle's answers, one per step played.
    pub oracle: Vec<Answer>,
    /// The target's answers, one per step played.
    pub target: Vec<Answer>,
    /// The first documented divergence, if any.
    pub divergence: Option<Divergence>,
    /// The differences from the oracle that are warnings.
    pub warnings: Vec<Warned>,
    /// Why the play stopped before its end (the deadline, a failed reset).
    pub stopped: Option<String>,
    /// What the target's answers showed of its fixtures that its profile does not declare.
    pub shown: Vec<(String, Prop, String)>,
}

impl Pair {
    /// Plays `steps` from the fixtures' state: both sides reset first (the target only when it
    /// can be).
    pub fn play(&self, steps: &[Step]) -> Trace {
        let mut trace = Trace::default();
        let resets = [(&self.oracle, true), (&self.target, self.target.resettable)];
        for (side, wanted) in resets {
            if let Err(e) = if wanted { side.reset() } else { Ok(()) } {
                trace.stopped = Some(format!("the {} could not be reset: {e}", side.name));
                return trace;
            }
        }
        let mut ledger = Ledger::new(&self.declared);
        for (i, step) in steps.iter().enumerate() {
            if self.deadline.is_some_and(|d| Instant::now() >= d) {
                trace.stopped = Some("the deadline passed".into());
                break;
            }
            let target = self.target.send(step, &trace.target);
            // A value the target's earlier answer did not give (an Optional field): the step
            // is sent to neither side.
            let oracle = match target.unsent {
                true => target.clone(),
                false => self.oracle.send(step, &trace.oracle),
            };
            let late = |a: &Answer| {
                a.error
                    .as_ref()
                    .is_some_and(|e| e.kind == RunErrorKind::Deadline)
            };
            if late(&target) || late(&oracle) {
                trace.stopped = Some("the deadline passed".into());
                break;
            }
            let found = match target.unsent {
                true => None,
                false => self.judge_step(&mut ledger, step, i, &trace.target, (&target, &oracle)),
            };
            trace.steps.push(step.clone());
            trace.oracle.push(oracle);
            trace.target.push(target);
            match found {
                Some(Found::Divergence(d)) => {
                    trace.divergence = Some(d);
                    break;
                }
                Some(Found::Warned(w)) => trace.warnings.push(w),
                None => {}
            }
        }
        trace.shown = ledger.shown();
        trace
    }

    /// Predicts, judges and learns one step the target answered.
    fn judge_step(
        &self,
        ledger: &mut Ledger,
        step: &Step,
        at: usize,
        earlier: &[Answer],
        (target, oracle): (&Answer, &Answer),
    ) -> Option<Found> {
        let shape = self.menu.shape(&step.operation)?;
        let spec = &self.target.runner.spec;
        let op = spec.operation(&step.operation)?;
        let profile = &self.target.runner.profile;
        let scene = scene::of(step, shape, &|a| self.target.value(a, earlier), &|v| {
            profile.var(v).cloned()
        });
        let prediction = Prediction::of(&scene, op, ledger);
        // Explore has no `--strict`: the profile alone settles an assumption.
        let policy = Policy {
            strict: false,
            settled: &profile.assumptions,
        };
        let judged = judge(
            (spec, policy),
            op,
            &self.enums,
            &prediction,
            target,
            Some(oracle),
        );
        learn(ledger, &scene, op, &prediction, at, target);
        if !judged.failures.is_empty() {
            return Some(Found::Divergence(Divergence {
                at,
                failures: judged.failures,
                basis: Basis::Documented(judged.because),
            }));
        }
        (!judged.warnings.is_empty()).then_some(Found::Warned(Warned {
            at,
            failures: judged.warnings,
            basis: Basis::Warned(judged.why),
        }))
    }
}

/// What judging one step found.
enum Found {
    Divergence(Divergence),
    Warned(Warned),
}
