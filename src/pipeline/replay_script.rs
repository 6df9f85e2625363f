//! The requests a replay sent, as input to the curl script ([`crate::report::script`]): the
//! wire body (the sealed JWE of an encrypted request), the case's own header overrides and the
//! names of the credential variables.
//!
//! A case's sealed body is the one it sent. A scenario's steps run through the run's own
//! scenario runner, which keeps no JWE, so an encrypted step is sealed again from the
//! plaintext it sent: the same plaintext for the server's key, as every attempt is anyway.

use super::inputs::Inputs;
use crate::case::Body;
use crate::mask::Masker;
use crate::outcome::{Outcome, SentRequest};
use crate::report::script;
use crate::run::crypto;
use crate::run::harness::Runner;
use crate::scenario::Scenario;

/// One request as it went out.
pub struct Sent<'a> {
    name: &'a str,
    request: &'a SentRequest,
    overrides: &'a [(String, Option<String>)],
    sealed: Option<String>,
}

impl<'a> Sent<'a> {
    /// The request of `outcome`, when one went out.
    pub fn of(
        outcome: &'a Outcome,
        overrides: &'a [(String, Option<String>)],
        sealed: Option<String>,
    ) -> Option<Sent<'a>> {
        Some(Sent {
            name: &outcome.name,
            request: &outcome.exchange.as_ref()?.request,
            overrides,
            sealed,
        })
    }
}

/// The script's view of one request.
pub fn input<'a>(
    inputs: &'a Inputs,
    masker: &'a Masker,
    sent: &'a Sent,
) -> script::ScriptInput<'a> {
    let credentials = &inputs.profile.file.credentials;
    script::ScriptInput {
        name: sent.name,
        url: &sent.request.url,
        headers: &sent.request.headers,
        overrides: sent.overrides,
        body: sent.sealed.as_deref().unwrap_or(&sent.request.body),
        sealed: sent.sealed.is_some(),
        zone: &inputs.profile.zone,
        env: script::CredentialVars {
            access_key: &credentials.access_key.env,
            secret_key: &credentials.secret_key.env,
            crypto_key_id: credentials.crypto_key_id.as_ref().map(|c| c.env.as_str()),
        },
        masker,
    }
}

/// The script of a scenario's steps that went out, in order; `None` when none did.
pub fn steps(
    runner: &Runner,
    inputs: &Inputs,
    masker: &Masker,
    scenario: &Scenario,
    outcome: &Outcome,
) -> Option<Result<script::Script, String>> {
    let sent: Vec<Sent> = scenario
        .steps
        .iter()
        .zip(&outcome.steps)
        .filter_map(|(step, o)| Sent::of(o, &step.request.headers, seal_again(runner, inputs, o)))
        .collect();
    if sent.is_empty() {
        return None;
    }
    let parts: Vec<script::ScriptInput> = sent.iter().map(|s| input(inputs, masker, s)).collect();
    Some(script::render_steps(&outcome.name, &parts))
}

/// The wire body of an encrypted step, sealed now for the server's key.
fn seal_again(runner: &Runner, inputs: &Inputs, step: &Outcome) -> Option<String> {
    let x = step.exchange.as_ref().filter(|x| x.encryption.request)?;
    let op = inputs.spec.operation(&step.operation)?;
    let plaintext = &x.request.body;
    let body = Body::Json(serde_json::from_str(plaintext).ok()?);
    crypto::wire(&inputs.profile, &runner.secrets, op, &body, plaintext)
        .ok()
        .map(|w| w.body)
}
