//! What the checks of an answer are given (the run's [`Context`], the case's expectation and
//! the exchange, as [`Judged`]) and what they give back ([`Findings`]).

use serde_json::Value;

use crate::assumption::Policy;
use crate::expect::Expect;
use crate::facts::Aspect;
use crate::outcome::{Exchange, Failure, Received};
use crate::profile::Texts;
use crate::spec::{Operation, Spec};

/// What the checks need besides the exchange.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The contract.
    pub spec: &'a Spec,
    /// The case's operation.
    pub operation: &'a Operation,
    /// What a failed assumption does: fail, warn or nothing.
    pub policy: Policy<'a>,
    /// Message encryption is on: answers the spec flags encrypted must be.
    pub encrypting: bool,
    /// The target echoes the request's correlation id.
    pub echoes_correlation_id: bool,
    /// Where the result text lives, if the profile says.
    pub message_field: Option<&'a str>,
    /// Which result texts the target answers (the profile's `message-texts`).
    pub message_texts: Texts<'a>,
}

/// One answer being judged: the exchange (its body parsed as JSON) and what it is judged
/// against. Every check of the table reads what it needs from here.
#[derive(Debug, Clone, Copy)]
pub struct Judged<'a> {
    /// The run's context.
    pub ctx: &'a Context<'a>,
    /// What the case (or step) expects.
    pub expect: &'a Expect,
    /// The exchange: the request as sent, the answer, how each travelled.
    pub exchange: &'a Exchange,
    /// The answer.
    pub received: &'a Received,
    /// The answer's body.
    pub body: &'a Value,
}

impl Judged<'_> {
    /// The id of the judged operation's fact about `subject`'s `aspect`, when its page states
    /// it: what a check names as verified or broken.
    pub fn fact_id(&self, subject: &str, aspect: Aspect) -> Option<String> {
        let ledger = self.ctx.spec.ledger();
        let fact = ledger.find(&self.ctx.operation.id, subject, Some(aspect));
        fact.map(|f| f.id.clone())
    }
}

/// The findings on one answer.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Findings {
    /// Failures: the case fails.
    pub failures: Vec<Failure>,
    /// Warnings: reported, the case still passes.
    pub warnings: Vec<Failure>,
    /// The ids of the documented facts the checks verified, held or broken, each once in the
    /// order the checks named them.
    pub verified: Vec<String>,
}
