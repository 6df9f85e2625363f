//! An exploration as the shared [`Outcome`]s the report writers read: one per run, named
//! `explore::seed-<seed>`. A run that diverged carries its shrunk sequence as steps (each the
//! target's exchange, with the oracle's answer as `expected` and the target's as `actual`);
//! a divergence from one of the mock's own decisions is a warning on a passing outcome.

use std::time::Duration;

use serde_json::{Value, json};

use super::basis::Basis;
use super::play::Trace;
use super::side::Answer;
use crate::assumption::Assumption;
use crate::facts::{Aspect, Ledger};
use crate::outcome::{Failure, Outcome, Verdict};

/// The outcome's operation, for every explore outcome.
pub const OPERATION: &str = "explore";

/// One run, played.
#[derive(Debug, Clone)]
pub struct Ran {
    /// The run's seed (`explore --replay SEED` plays it again).
    pub seed: u64,
    /// How many steps were generated.
    pub generated: usize,
    /// The run as played.
    pub played: Trace,
    /// The shrunk divergence, when the run diverged and could be shrunk.
    pub shrunk: Option<Trace>,
    /// Why it was not shrunk, or not all the way.
    pub shrink_note: Option<String>,
    /// Wall time.
    pub duration: Duration,
}

/// The trial name of a run.
pub fn name(seed: u64) -> String {
    format!("{OPERATION}::seed-{seed}")
}

/// The outcome of one run.
pub fn outcome(ran: &Ran, ledger: &Ledger) -> Outcome {
    let shown = ran.shrunk.as_ref().unwrap_or(&ran.played);
    let Some(d) = &shown.divergence else {
        let mut o = Outcome::new(
            name(ran.seed),
            OPERATION.into(),
            format!("{} steps, no divergence", ran.played.steps.len()),
            None,
            match &ran.played.stopped {
                Some(why) if ran.played.steps.is_empty() => Verdict::Skipped {
                    reason: why.clone(),
                },
                _ => Verdict::Pass,
            },
        );
        o.duration = ran.duration;
        o.facts = exercised(ledger, &ran.played);
        return o;
    };
    let op = shown.steps[d.at].operation.as_str();
    let fact = answered(ledger, op, &shown.oracle[d.at]);
    let failures: Vec<Failure> = d
        .failures
        .iter()
        .map(|f| {
            let mut f = f.clone();
            f.expected = format!("{} (the oracle, by {})", f.expected, d.basis.describe());
            match d.basis {
                Basis::Documented => f.verifying(fact.clone()),
                Basis::Decision(_) => f.assuming(Some(Assumption::MockDecision)),
            }
        })
        .collect();
    let verdict = if d.is_warning() {
        Verdict::Pass
    } else {
        Verdict::Fail {
            failures: failures.clone(),
        }
    };
    let mut o = Outcome::new(
        name(ran.seed),
        OPERATION.into(),
        case_id(ran, shown),
        None,
        verdict,
    );
    if d.is_warning() {
        o.warnings = failures.clone();
    }
    o.steps = steps(ran.seed, shown, d.at, failures, d.is_warning());
    for (step, oracle) in o.steps.iter_mut().zip(&shown.oracle) {
        step.facts = answered(ledger, &step.operation, oracle)
            .into_iter()
            .collect();
    }
    o.facts = exercised(ledger, shown);
    o.expected = o.steps.last().and_then(|s| s.expected.clone());
    o.actual = o.steps.last().and_then(|s| s.actual.clone());
    o.duration = ran.duration;
    o
}

fn case_id(ran: &Ran, shown: &Trace) -> String {
    let mut id = format!(
        "diverges after {} step(s) (of {} generated)",
        shown.steps.len(),
        ran.generated
    );
    if let Some(note) = &ran.shrink_note {
        id.push_str(&format!("; {note}"));
    }
    id
}

fn steps(
    seed: u64,
    trace: &Trace,
    at: usize,
    failures: Vec<Failure>,
    warning: bool,
) -> Vec<Outcome> {
    let mut failures = Some(failures);
    trace
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let (oracle, target) = (&trace.oracle[i], &trace.target[i]);
            let verdict = match (i == at, warning) {
                (true, false) => Verdict::Fail {
                    failures: failures.take().unwrap_or_default(),
                },
                _ => Verdict::Pass,
            };
            let mut o = Outcome::new(
                format!("{}::{}", name(seed), i + 1),
                step.operation.clone(),
                step.to_string(),
                oracle.code.clone(),
                verdict,
            );
            if i == at && warning {
                o.warnings = failures.take().unwrap_or_default();
            }
            o.expected = Some(answer(oracle));
            o.actual = Some(answer(target));
            o.exchange = target.exchange.clone();
            o
        })
        .collect()
}

/// The documented facts the steps of `trace` exercised: the rows the oracle answered by.
fn exercised(ledger: &Ledger, trace: &Trace) -> Vec<String> {
    let answers = trace.steps.iter().zip(&trace.oracle);
    let mut facts: Vec<String> = answers
        .filter_map(|(step, oracle)| answered(ledger, &step.operation, oracle))
        .collect();
    facts.sort_unstable();
    facts.dedup();
    facts
}

/// The documented fact the oracle's answer to a step of `op` rests on: the Response Code row
/// of the code it answered (`<op>.code.<code>.when`), when its page has that row.
fn answered(ledger: &Ledger, op: &str, oracle: &Answer) -> Option<String> {
    let code = oracle.code.as_deref()?;
    let id = crate::facts::id(op, &format!("code.{code}"), Some(Aspect::When));
    ledger.get(&id).map(|f| f.id.clone())
}

/// An answer as `{"status", "body"}`, the shape of a case's expectation.
fn answer(a: &Answer) -> Value {
    json!({"status": a.status, "body": a.body})
}
