//! Running a scenario: its steps in order, each sent and judged like a case, with the values a
//! step captures from its answer resolved into the requests (and expectations) of later steps
//! just before they are sent.
//!
//! The scenario passes when every step does. At the first step that does not pass (a failed
//! check, an error, or a capture that finds nothing) the scenario stops: that step's findings
//! are the scenario's, and the remaining steps are reported skipped.

use std::time::Instant;

use serde_json::Value;

use super::harness::Runner;
use crate::check;
use crate::facts::{self, Aspect, Side};
use crate::outcome::{CheckKind, Failure, Outcome, RunErrorKind, Status, Verdict};
use crate::scenario::{Captured, Scenario, Step};

impl Runner {
    /// Runs a scenario's steps.
    pub fn execute_scenario(&self, scenario: &Scenario) -> Outcome {
        self.rt.block_on(self.execute_scenario_async(scenario))
    }

    /// Runs a scenario's steps, on the caller's runtime.
    pub async fn execute_scenario_async(&self, scenario: &Scenario) -> Outcome {
        let started = Instant::now();
        let mut captured = Captured::new();
        let mut steps = Vec::with_capacity(scenario.steps.len());
        let mut stopped_at: Option<String> = None;
        for (i, step) in scenario.steps.iter().enumerate() {
            let outcome = match &stopped_at {
                Some(why) => step_outcome(scenario, step, skipped(why)),
                None => self.step(scenario, step, &mut captured).await,
            };
            if stopped_at.is_none() && !Status::of(&outcome.verdict).passed() {
                stopped_at = Some(format!("step {} `{}` did not pass", i + 1, step.id));
            }
            steps.push(outcome);
        }
        let mut outcome = for_scenario(scenario, Verdict::Pass);
        outcome.steps = steps;
        if let Some((_, failing)) = outcome.failing_step() {
            outcome.verdict = failing.verdict.clone();
        } else {
            outcome.verdict = flaky_steps(&outcome.steps);
        }
        outcome.warnings = outcome
            .steps
            .iter()
            .flat_map(|s| s.warnings.clone())
            .collect();
        let mut facts: Vec<String> = outcome.steps.iter().flat_map(|s| s.facts.clone()).collect();
        facts.sort_unstable();
        facts.dedup();
        outcome.facts = facts;
        outcome.duration = started.elapsed();
        outcome
    }

    /// One step: resolve, send, judge, capture.
    async fn step(&self, scenario: &Scenario, step: &Step, captured: &mut Captured) -> Outcome {
        let started = Instant::now();
        let mut outcome = step_outcome(scenario, step, Verdict::Pass);
        let resolved = step
            .request_for(captured)
            .and_then(|r| Ok((r, step.expect_for(captured)?)));
        let (request, expect) = match resolved {
            Ok(r) => r,
            Err(u) => {
                let why = format!("`{{{{{}}}}}` has no value when this step runs", u.name);
                outcome.verdict = check::error(RunErrorKind::Setup, why);
                return outcome;
            }
        };
        let judged = self.exchange(&step.operation, &request, &expect).await;
        let body = judged.body.clone();
        judged.fill(&mut outcome);
        if Status::of(&outcome.verdict).passed() {
            let missing = capture(step, body.as_ref(), captured)
                .into_iter()
                .map(|f| self.capture_ground(step, &expect, f))
                .collect::<Vec<_>>();
            if !missing.is_empty() {
                outcome.verdict = Verdict::Fail { failures: missing };
            }
        }
        outcome.duration = started.elapsed();
        outcome
    }
}

impl Runner {
    /// What a capture that found nothing rests on: the Required mark of the field it points at
    /// (an answer without it breaks that fact), else what the step's expectation rests on.
    fn capture_ground(&self, step: &Step, expect: &crate::expect::Expect, f: Failure) -> Failure {
        let ledger = self.spec.ledger();
        let subject = facts::field_subject(Side::Response, &facts::field_path(&f.path));
        let required = ledger
            .presence(&step.operation, &subject)
            .filter(|p| p.aspect == Some(Aspect::Required))
            .map(|p| p.id.clone());
        match required {
            Some(id) => f.verifying([id]),
            None => f.verifying(expect.facts.clone()).assuming(expect.assumes),
        }
    }
}

/// Keeps the step's captures; a pointer that finds nothing is a failure of the step.
fn capture(step: &Step, body: Option<&Value>, captured: &mut Captured) -> Vec<Failure> {
    let mut missing = Vec::new();
    for c in &step.capture {
        match body.and_then(|b| b.pointer(&c.pointer)) {
            Some(v) if !v.is_null() => {
                captured.insert(c.name.clone(), v.clone());
            }
            found => missing.push(Failure::new(
                CheckKind::Capture,
                c.pointer.clone(),
                format!("a value to capture as `captured.{}`", c.name),
                match (body, found) {
                    (None, _) => "no JSON answer".to_string(),
                    (Some(_), Some(_)) => "null".to_string(),
                    (Some(_), None) => "nothing at this pointer".to_string(),
                },
            )),
        }
    }
    missing
}

/// A scenario whose every step passed: `flaky` when some step passed only after a retry.
fn flaky_steps(steps: &[Outcome]) -> Verdict {
    let retries: Vec<_> = steps
        .iter()
        .filter_map(|s| match &s.verdict {
            Verdict::Flaky { retries } => Some(retries.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    if retries.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Flaky { retries }
    }
}

fn skipped(why: &str) -> Verdict {
    Verdict::Skipped {
        reason: format!("not run: {why}"),
    }
}

/// A fresh outcome for one step, named `scenario::<id>::<step>`.
fn step_outcome(scenario: &Scenario, step: &Step, verdict: Verdict) -> Outcome {
    Outcome::new(
        format!("{}::{}", scenario.name(), step.id),
        step.operation.clone(),
        step.id.clone(),
        step.expect.code.clone(),
        verdict,
    )
}

/// A fresh outcome for a scenario (operation `scenario`), before any step ran.
pub fn for_scenario(scenario: &Scenario, verdict: Verdict) -> Outcome {
    Outcome::new(
        scenario.name(),
        "scenario".into(),
        scenario.id.clone(),
        None,
        verdict,
    )
}
