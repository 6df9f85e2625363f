//! `replay <case-or-scenario-name>`: a case (or a scenario's steps) sent again with fresh
//! headers, the whole exchange and its checks printed masked, and, with `--script`, a curl
//! script that sends the same bytes for a vendor ticket ([`crate::report::script`]).
//!
//! It goes through the same stages as a run (load with the `FILL-ME` check, plan with the
//! safety rules, send, judge), so a replay cannot reach a target or a case that `run` would
//! refuse. A scenario runs as in a run, its steps in order with their captures; each step's
//! exchange is printed, and the script sends every step's request in order.

use std::time::Instant;

use super::inputs::{Inputs, load};
use super::options::{Options, Stopped};
use super::replay_script::{self, Sent};
use super::run::{plan, runner};
use super::target::Target;
use crate::case::Case;
use crate::error::did_you_mean;
use crate::mask::Masker;
use crate::outcome::{Outcome, Status, Verdict};
use crate::plan::{Planned, Task};
use crate::report::{Note, Reporters, exchange, script};
use crate::run::harness::{Runner, for_case};
use crate::scenario::Scenario;

/// What `replay` can send again.
#[derive(Debug, Clone)]
pub enum Replayable {
    /// One case, documented or generated.
    Case(Box<Case>),
    /// A scenario (`scenario::<id>`): its steps, in order.
    Scenario(Box<Scenario>),
}

/// A replayed case or scenario: its outcome, the masked text to print, and the script.
#[derive(Debug, Clone)]
pub struct Replayed {
    /// The outcome (unmasked: show it through [`exchange::render`] only).
    pub outcome: Outcome,
    /// The exchange(s) and the checks, masked.
    pub shown: String,
    /// The curl script, when one was asked for and a request went out; an error when it
    /// could not be written safely.
    pub script: Option<Result<script::Script, String>>,
}

/// Sends `name` again; `reporters` receive the notes.
pub fn replay(
    options: &Options,
    name: &str,
    want_script: bool,
    reporters: &Reporters,
) -> Result<Replayed, Stopped> {
    let mut inputs = load(options)?;
    // Generated cases are replayable by name too; their notes are the run's business.
    let planned = plan(options, &mut inputs, &Reporters::new())?.trials;
    let replayable = find(&planned, name)?;
    let mut target = Target::start(&inputs.profile, inputs.base_url.clone(), false)?;
    let (runner, masker) = runner(options, &inputs, &target)?;
    if target.embedded() {
        reporters.note(Note::Said(format!(
            "replay: against the embedded reference mock ({})",
            target.base_url
        )));
    }
    let replayed = match &replayable {
        Replayable::Case(case) => replay_case(&runner, &inputs, &masker, case, want_script),
        Replayable::Scenario(s) => replay_scenario(&runner, &inputs, &masker, s, want_script),
    };
    target.shutdown();
    Ok(replayed)
}

/// Sends one case with fresh headers and renders what happened.
pub fn replay_case(
    runner: &Runner,
    inputs: &Inputs,
    masker: &Masker,
    case: &Case,
    want_script: bool,
) -> Replayed {
    let started = Instant::now();
    let judged = runner
        .rt
        .block_on(runner.exchange(&case.operation, &case.request, &case.expect));
    let sealed = judged.sent.sealed_body.clone();
    let mut outcome = for_case(case, Verdict::Pass);
    judged.fill(&mut outcome);
    outcome.duration = started.elapsed();
    let script = want_script
        .then(|| Sent::of(&outcome, &case.request.headers, sealed))
        .flatten()
        .map(|sent| script::render(&replay_script::input(inputs, masker, &sent)));
    Replayed {
        shown: exchange::render(&outcome, masker),
        outcome,
        script,
    }
}

/// Runs a scenario's steps with fresh headers, as a run does, and renders each step.
pub fn replay_scenario(
    runner: &Runner,
    inputs: &Inputs,
    masker: &Masker,
    scenario: &Scenario,
    want_script: bool,
) -> Replayed {
    let outcome = runner.execute_scenario(scenario);
    let mut shown: String = outcome
        .steps
        .iter()
        .map(|s| exchange::render(s, masker))
        .collect();
    shown.push_str(&format!(
        "=== {}: {}\n",
        outcome.name,
        verdict_word(&outcome)
    ));
    let script = want_script
        .then(|| replay_script::steps(runner, inputs, masker, scenario, &outcome))
        .flatten();
    Replayed {
        shown,
        outcome,
        script,
    }
}

fn verdict_word(o: &Outcome) -> &'static str {
    match Status::of(&o.verdict) {
        Status::Pass => "pass",
        Status::Flaky => "flaky",
        Status::Fail => "FAIL",
        Status::Error => "ERROR",
        Status::Skipped => "skipped",
    }
}

/// The case or scenario of that exact name, if the safety rules let it go out.
fn find(planned: &[Planned], name: &str) -> Result<Replayable, Stopped> {
    let Some(found) = planned.iter().find(|p| p.name == name) else {
        let hint = did_you_mean(name, planned.iter().map(|p| p.name.as_str()))
            .map(|best| format!(" (did you mean `{best}`?)"))
            .unwrap_or_default();
        return Err(Stopped::input(format!(
            "error: no case or scenario named `{name}`{hint}; `run --list` lists them"
        )));
    };
    if let Some(reason) = &found.refused {
        return Err(Stopped::input(format!(
            "error: `{name}` is not sent: {reason}"
        )));
    }
    match &found.task {
        Task::Broken(e) => Err(Stopped::input(e.to_string())),
        Task::Run(case) => Ok(Replayable::Case(case.clone())),
        Task::Scenario(s) => Ok(Replayable::Scenario(s.clone())),
    }
}
