//! An exploration as the shared [`Outcome`]s the report writers read: one per run, named
//! `explore::seed-<seed>`. A run that diverged carries its shrunk sequence as steps (each the
//! target's exchange, with the oracle's answer as `expected` and the target's as `actual`);
//! a difference from the oracle that breaks no documented rule is a warning on the outcome.

use std::time::Duration;

use serde_json::{Value, json};

use super::play::Trace;
use super::side::Answer;
use crate::assumption::Assumption;
use crate::facts::{Aspect, Ledger};
use crate::mask::Masker;
use crate::outcome::{Failure, Outcome, Said, Verdict};
use crate::report::masked;

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

/// The outcome of one run: failed with its (shrunk) divergence, else passed with its
/// warnings.
pub fn outcome(ran: &Ran, ledger: &Ledger) -> Outcome {
    let shown = ran.shrunk.as_ref().unwrap_or(&ran.played);
    let warnings = warnings(&ran.played);
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
        o.warnings = warnings;
        o.duration = ran.duration;
        o.facts = exercised(ledger, &ran.played);
        return o;
    };
    let failures: Vec<Failure> = d
        .failures
        .iter()
        .map(|f| {
            let mut f = f.clone();
            let by = format!(" (by {})", d.basis.describe());
            // What the basis says may quote what the target answered: masked by shape.
            f.expected = f.expected.then(Said::text(by));
            f
        })
        .collect();
    let verdict = Verdict::Fail {
        failures: failures.clone(),
    };
    let mut o = Outcome::new(
        name(ran.seed),
        OPERATION.into(),
        case_id(ran, shown),
        None,
        verdict,
    );
    o.warnings = warnings;
    o.steps = steps(ran.seed, shown, d.at, failures);
    for (step, target) in o.steps.iter_mut().zip(&shown.target) {
        step.facts = answered(ledger, &step.operation, target)
            .into_iter()
            .collect();
    }
    o.facts = exercised(ledger, shown);
    o.expected = o.steps.last().and_then(|s| s.expected.clone());
    o.actual = o.steps.last().and_then(|s| s.actual.clone());
    o.duration = ran.duration;
    o
}

/// A run's warnings, each difference saying its step and why it is not a failure.
fn warnings(trace: &Trace) -> Vec<Failure> {
    trace
        .warnings
        .iter()
        .flat_map(|w| {
            let step = &trace.steps[w.at];
            w.failures.iter().map(move |f| {
                let mut f = f.clone();
                // A check's own assumption (a constraint the spec infers) stays; any other
                // difference is the oracle's: where the pages are silent or explore cannot
                // know, its answer is the mock's own choice, and the reason names which.
                let (whose, assumption) = match f.assumption {
                    Some(own) => ("the contract", own),
                    None => ("the oracle", Assumption::MockDecision),
                };
                let by = format!(
                    " ({whose}, at step {} `{step}`; it rests on {})",
                    w.at + 1,
                    w.basis.describe()
                );
                f.expected = f.expected.then(Said::text(by));
                f.assuming(Some(assumption))
            })
        })
        .collect()
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

fn steps(seed: u64, trace: &Trace, at: usize, failures: Vec<Failure>) -> Vec<Outcome> {
    let mut failures = Some(failures);
    trace
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let (oracle, target) = (&trace.oracle[i], &trace.target[i]);
            let verdict = match i == at {
                true => Verdict::Fail {
                    failures: failures.take().unwrap_or_default(),
                },
                false => Verdict::Pass,
            };
            let mut o = Outcome::new(
                format!("{}::{}", name(seed), i + 1),
                step.operation.clone(),
                step.to_string(),
                oracle.code.clone(),
                verdict,
            );
            o.expected = Some(answer(oracle));
            o.actual = Some(answer(target));
            o.exchange = target.exchange.clone();
            o
        })
        .collect()
}

/// The documented facts a run's judged answers exercised: the Response Code row of each code
/// the target answered (`<op>.code.<code>.when`).
fn exercised(ledger: &Ledger, trace: &Trace) -> Vec<String> {
    let answers = trace.steps.iter().zip(&trace.target);
    let mut facts: Vec<String> = answers
        .filter_map(|(step, target)| answered(ledger, &step.operation, target))
        .collect();
    facts.sort_unstable();
    facts.dedup();
    facts
}

/// The Response Code row of the code an answer to a step of `op` carries, when its page has
/// that row.
fn answered(ledger: &Ledger, op: &str, answer: &Answer) -> Option<String> {
    let code = answer.code.as_deref()?;
    let id = crate::facts::id(op, &format!("code.{code}"), Some(Aspect::When));
    ledger.get(&id).map(|f| f.id.clone())
}

/// An answer as `{"status", "body"}`, the shape of a case's expectation.
fn answer(a: &Answer) -> Value {
    json!({"status": a.status, "body": a.body})
}

/// A run's warnings, one line per distinct reason (the first step that shows it), at most
/// five.
pub fn warning_lines(ran: &Ran, masker: &Masker) -> Vec<String> {
    const SHOWN: usize = 5;
    let trace = &ran.played;
    let mut seen: Vec<String> = Vec::new();
    let mut lines = Vec::new();
    for w in &trace.warnings {
        let reason = w.basis.describe();
        if seen.contains(&reason) {
            continue;
        }
        seen.push(reason.clone());
        if lines.len() < SHOWN {
            let differs: Vec<String> = (w.failures.iter())
                .map(|f| masked::failure(f, masker).line())
                .collect();
            lines.push(format!(
                "warning: seed {} step {} `{}`: {}; the oracle's answer rests on {reason}",
                ran.seed,
                w.at + 1,
                trace.steps[w.at],
                differs.join(", ")
            ));
        }
    }
    if seen.len() > SHOWN {
        lines.push(format!(
            "warning: seed {}: {} more reason(s) in the reports",
            ran.seed,
            seen.len() - SHOWN
        ));
    }
    lines
}
