//! `replay <case-or-scenario-name>`: one case sent again with fresh headers, its whole
//! exchange and its checks printed masked, and, with `--script`, a curl script that sends the
//! same bytes for a vendor ticket ([`crate::report::script`]).
//!
//! It goes through the same stages as a run (load with the `FILL-ME` check, plan with the
//! safety rules, send, judge), so a replay cannot reach a target or a case that `run` would
//! refuse. A replay is one [`Replayable`]: a case today; a scenario is another variant whose
//! steps go through [`replay_case`] in order, each with its own exchange and script part.

use std::time::Instant;

use super::inputs::{Inputs, load};
use super::options::{Options, Stopped};
use super::run::{plan, runner};
use super::target::Target;
use crate::case::Case;
use crate::error::did_you_mean;
use crate::mask::Masker;
use crate::outcome::Outcome;
use crate::plan::{Planned, Step};
use crate::report::{exchange, script};
use crate::run::harness::Runner;

/// The prefix of scenario names (`scenario::<id>`).
pub const SCENARIO_PREFIX: &str = "scenario::";

/// What `replay` can send again.
#[derive(Debug, Clone)]
pub enum Replayable {
    /// One case, documented or generated.
    Case(Box<Case>),
}

/// One replayed request: its outcome, the masked text to print, and the script part.
#[derive(Debug, Clone)]
pub struct Replayed {
    /// The outcome (unmasked: show it through [`exchange::render`] only).
    pub outcome: Outcome,
    /// The exchange and its checks, masked.
    pub shown: String,
    /// The curl script, when one was asked for and a request went out.
    pub script: Option<String>,
}

/// Sends `name` again; `say` receives the diagnostics.
pub fn replay(
    options: &Options,
    name: &str,
    want_script: bool,
    say: &dyn Fn(&str),
) -> Result<Vec<Replayed>, Stopped> {
    let inputs = load(options)?;
    // Generated cases are replayable by name too; their notes are the run's business.
    let planned = plan(options, &inputs, &|_| {})?.trials;
    let replayable = find(&planned, name)?;
    let mut target = Target::start(&inputs.profile, inputs.base_url.clone(), false)?;
    let (runner, masker) = runner(options, &inputs, &target)?;
    if target.embedded() {
        say(&format!(
            "replay: against the embedded reference mock ({})",
            target.base_url
        ));
    }
    let replayed = match &replayable {
        Replayable::Case(case) => vec![replay_case(&runner, &inputs, &masker, case, want_script)],
    };
    target.shutdown();
    Ok(replayed)
}

/// Sends one case (or scenario step) with fresh headers and renders what happened.
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
    let outcome = judged.into_outcome(case, started);
    let script = want_script
        .then(|| curl_script(inputs, masker, case, &outcome, sealed))
        .flatten();
    Replayed {
        shown: exchange::render(&outcome, masker),
        outcome,
        script,
    }
}

fn curl_script(
    inputs: &Inputs,
    masker: &Masker,
    case: &Case,
    outcome: &Outcome,
    sealed: Option<String>,
) -> Option<String> {
    let request = &outcome.exchange.as_ref()?.request;
    let credentials = &inputs.profile.file.credentials;
    Some(script::render(&script::ScriptInput {
        name: &outcome.name,
        url: &request.url,
        headers: &request.headers,
        overrides: &case.request.headers,
        body: sealed.as_deref().unwrap_or(&request.body),
        sealed: sealed.is_some(),
        zone: &inputs.profile.zone,
        env: script::CredentialVars {
            access_key: &credentials.access_key.env,
            secret_key: &credentials.secret_key.env,
            crypto_key_id: credentials.crypto_key_id.as_ref().map(|c| c.env.as_str()),
        },
        masker,
    }))
}

/// The case (or scenario) of that exact name, if the safety rules let it go out.
fn find(planned: &[Planned], name: &str) -> Result<Replayable, Stopped> {
    if name.starts_with(SCENARIO_PREFIX) {
        return Err(Stopped::input(format!(
            "error: `{name}`: this build has no scenarios to replay; replay a case (`<operation>::<id>`)"
        )));
    }
    let Some(found) = planned.iter().find(|p| p.name == name) else {
        let hint = did_you_mean(name, planned.iter().map(|p| p.name.as_str()))
            .map(|best| format!(" (did you mean `{best}`?)"))
            .unwrap_or_default();
        return Err(Stopped::input(format!(
            "error: no case named `{name}`{hint}; `run --list` lists them"
        )));
    };
    match (&found.step, &found.refused) {
        (Step::Broken(e), _) => Err(Stopped::input(e.to_string())),
        (Step::Run(_), Some(reason)) => Err(Stopped::input(format!(
            "error: `{name}` is not sent: {reason}"
        ))),
        (Step::Run(case), None) => Ok(Replayable::Case(case.clone())),
    }
}
