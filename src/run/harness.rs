//! Running one case: *send* its request ([`super::send`]), then *judge* the exchange
//! ([`check::judge`]), and keep both as the case's [`Outcome`].
//!
//! A [`Runner`] holds what every case shares: one runtime, one client, one spec, one profile.
//! Nothing here panics on bad data: a transport problem, a deadline or a key that cannot be
//! read are all outcomes.

use std::sync::Arc;
use std::time::Instant;

use tokio::runtime::Runtime;

use super::send::{self, Sent, Target};
use crate::assumption::Policy;
use crate::case::{Case, Request};
use crate::check::{self, Context, Judgement};
use crate::expect::Expect;
use crate::outcome::{Outcome, RunErrorKind, Verdict};
use crate::profile::{Profile, Secrets};
use crate::spec::{Operation, Spec};

/// Settings of one run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The base URL the operation paths are appended to.
    pub base_url: String,
    /// Unknown response fields and unsettled failed assumptions fail cases.
    pub strict: bool,
    /// Cap on a response body.
    pub body_cap: usize,
    /// Cases not started by then are not sent; a request still in flight then is abandoned.
    pub deadline: Option<Instant>,
}

/// Everything the cases of a run share.
pub struct Runner {
    /// The async runtime the requests run on.
    pub rt: Arc<Runtime>,
    /// The keep-alive client.
    pub client: reqwest::Client,
    /// The contract.
    pub spec: Arc<Spec>,
    /// The target profile.
    pub profile: Arc<Profile>,
    /// Credentials.
    pub secrets: Arc<Secrets>,
    /// Settings.
    pub options: Options,
}

impl Runner {
    /// Sends one case and judges the answer.
    pub fn execute(&self, case: &Case) -> Outcome {
        self.rt.block_on(self.execute_async(case))
    }

    /// Sends one case and judges the answer, on the caller's runtime.
    pub async fn execute_async(&self, case: &Case) -> Outcome {
        let started = Instant::now();
        let mut outcome = for_case(case, Verdict::Pass);
        let exchange = self
            .exchange(&case.operation, &case.request, &case.expect)
            .await;
        outcome.verdict = exchange.judgement.verdict;
        outcome.warnings = exchange.judgement.warnings;
        outcome.expected = exchange.judgement.expected;
        outcome.actual = exchange.judgement.actual;
        outcome.exchange = exchange.sent.exchange;
        outcome.duration = started.elapsed();
        outcome
    }

    /// One request of `operation` sent and judged against `expect`: a case, or a step of a
    /// scenario. The request is the template as it stands just before sending.
    pub async fn exchange(&self, operation: &str, request: &Request, expect: &Expect) -> Judged {
        if self.options.deadline.is_some_and(|d| Instant::now() >= d) {
            let why = "the run's deadline passed before this case started";
            return Judged::unsent(check::error(RunErrorKind::Deadline, why));
        }
        let Some(op) = self.spec.operation(operation) else {
            let why = format!("unknown operation `{operation}`");
            return Judged::unsent(check::error(RunErrorKind::Setup, why));
        };
        let mut sent = send::send(&self.target(), op, request).await;
        let judgement = match (&sent.error, &sent.exchange) {
            (Some(e), _) => Judgement::of(Verdict::Error { error: e.clone() }),
            (None, None) => Judgement::of(check::error(RunErrorKind::Transport, "no response")),
            (None, Some(exchange)) => check::judge(&self.context(op), expect, exchange),
        };
        // The parsed body served the checks; reports re-read it from the text, and a step of a
        // scenario captures from it.
        let body = sent
            .exchange
            .as_mut()
            .and_then(|e| e.response.as_mut())
            .and_then(|r| r.json.take());
        Judged {
            sent,
            judgement,
            body,
        }
    }

    fn target(&self) -> Target<'_> {
        Target {
            client: &self.client,
            profile: &self.profile,
            secrets: &self.secrets,
            base_url: &self.options.base_url,
            body_cap: self.options.body_cap,
            deadline: self.options.deadline,
        }
    }

    fn context<'a>(&'a self, op: &'a Operation) -> Context<'a> {
        Context {
            spec: &self.spec,
            operation: op,
            strict: self.options.strict,
            // `--strict` and the profile's `assumptions:` decide what a failed assumption does.
            policy: Policy {
                strict: self.options.strict,
                settled: &self.profile.assumptions,
            },
            encrypting: self.profile.encrypts(),
            echoes_correlation_id: self.profile.file.echoes_correlation_id,
            message_field: self.profile.message_field(),
        }
    }
}

/// One request sent and judged.
#[derive(Debug, Clone)]
pub struct Judged {
    /// What was sent and what came back.
    pub sent: Sent,
    /// What the checks made of it.
    pub judgement: Judgement,
    /// The answer's body as JSON (decrypted), when it was JSON.
    pub body: Option<serde_json::Value>,
}

impl Judged {
    /// Puts the verdict, the findings, the diff views and the exchange into `outcome`.
    pub fn fill(self, outcome: &mut Outcome) {
        outcome.verdict = self.judgement.verdict;
        outcome.warnings = self.judgement.warnings;
        outcome.expected = self.judgement.expected;
        outcome.actual = self.judgement.actual;
        outcome.exchange = self.sent.exchange;
    }

    fn unsent(verdict: Verdict) -> Judged {
        Judged {
            sent: Sent {
                exchange: None,
                error: None,
            },
            judgement: Judgement::of(verdict),
            body: None,
        }
    }
}

/// A fresh outcome for a case, before anything is known about the answer.
pub fn for_case(case: &Case, verdict: Verdict) -> Outcome {
    Outcome::new(
        case.name(),
        case.operation.clone(),
        case.id.clone(),
        case.expect.code.clone(),
        verdict,
    )
}
