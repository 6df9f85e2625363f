//! Running one case: *send* its request ([`super::send`]), then *judge* the exchange
//! ([`check::judge`]), and keep both as the case's [`Outcome`].
//!
//! A [`Runner`] holds what every case shares: one runtime, one client, one spec, one profile.
//! Nothing here panics on bad data: a transport problem, a deadline or a key that cannot be
//! read are all outcomes.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::runtime::Runtime;

use backon::Retryable as _;

use super::http;
use super::rate::Rate;
use super::retry::{self, RetryPolicy};
use super::send::{self, Sent, Target};
use crate::assumption::Policy;
use crate::case::{Case, Request};
use crate::check::{self, Context, Judgement};
use crate::expect::Expect;
use crate::outcome::{Outcome, Retry, RunErrorKind, Verdict};
use crate::profile::{Profile, Secrets};
use crate::spec::{Operation, Spec};

/// Settings of one run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The base URL the operation paths are appended to.
    pub base_url: String,
    /// How long one request may take, answer included.
    pub timeout: Duration,
    /// Unknown response fields and unsettled failed assumptions fail cases.
    pub strict: bool,
    /// Cap on a response body.
    pub body_cap: usize,
    /// Cases not started by then are not sent; a request still in flight then is abandoned.
    pub deadline: Option<Instant>,
    /// When a request is sent again (`--retries`).
    pub retry: RetryPolicy,
    /// The run's request rate, shared by every trial (`--rate`).
    pub rate: Option<Arc<Rate>>,
}

impl Options {
    /// Sending to `base_url` with the defaults: requests time out after
    /// [`http::DEFAULT_TIMEOUT`], lenient, the default body cap, no deadline, no retries, no
    /// rate limit.
    pub fn new(base_url: impl Into<String>) -> Options {
        Options {
            base_url: base_url.into(),
            timeout: http::DEFAULT_TIMEOUT,
            strict: false,
            body_cap: http::DEFAULT_BODY_CAP,
            deadline: None,
            retry: RetryPolicy::default(),
            rate: None,
        }
    }
}

/// Everything the cases of a run share. Built by [`Runner::new`] only (`non_exhaustive`: no
/// struct literal outside this crate), so every runner's client is made the same way.
#[non_exhaustive]
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
    /// A runner for `profile` (with its `secrets`) under `spec`, its requests on `rt`. Its
    /// client reaches a loopback base URL directly, never through a proxy, and reads no trust
    /// roots for a plain-HTTP one ([`http::client_for`]); the error says why it could not be
    /// built.
    pub fn new(
        rt: Arc<Runtime>,
        spec: Arc<Spec>,
        profile: Arc<Profile>,
        secrets: Secrets,
        options: Options,
    ) -> Result<Runner, String> {
        let loopback = http::is_loopback(&options.base_url);
        let client = http::client_for(&options.base_url, options.timeout, loopback)?;
        Ok(Runner {
            rt,
            client,
            spec,
            profile,
            secrets: Arc::new(secrets),
            options,
        })
    }

    /// Sends one case and judges the answer.
    pub fn execute(&self, case: &Case) -> Outcome {
        self.rt.block_on(self.execute_async(case))
    }

    /// Sends one case and judges the answer, on the caller's runtime.
    pub async fn execute_async(&self, case: &Case) -> Outcome {
        let started = Instant::now();
        let mut outcome = for_case(case, Verdict::Pass);
        self.exchange(&case.operation, &case.request, &case.expect)
            .await
            .fill(&mut outcome);
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
        let state_changing = op.state_changing;
        let mut retries: Vec<Retry> = Vec::new();
        // Each attempt is a fresh send: new correlation id, Tran-Token and JWE.
        let attempt = || async move {
            let sent = self.send_once(op, request).await;
            match retry::reason(&sent, state_changing) {
                Some(_) => Err(sent),
                None => Ok(sent),
            }
        };
        let deadline = self.options.deadline;
        let sent = attempt
            .retry(self.options.retry.backoff())
            .sleep(tokio::time::sleep)
            .adjust(|sent, backoff| retry::wait(sent, backoff, deadline))
            .notify(|sent, waited| retries.push(retry::record(sent, state_changing, waited)))
            .await
            .unwrap_or_else(|last| last);
        let mut judged = self.judge(op, expect, sent);
        judged.retries = retries;
        judged
    }

    /// One attempt, once the run's rate allows it.
    async fn send_once(&self, op: &Operation, request: &Request) -> Sent {
        if let Some(rate) = &self.options.rate {
            rate.until_ready().await;
        }
        send::send(&self.target(), op, request).await
    }

    fn judge(&self, op: &Operation, expect: &Expect, mut sent: Sent) -> Judged {
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
            retries: Vec::new(),
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
            // `--strict` and the profile's `assumptions:` decide what a failed assumption does.
            policy: Policy {
                strict: self.options.strict,
                settled: &self.profile.assumptions,
            },
            encrypting: self.profile.encrypts(),
            echoes_correlation_id: self.profile.file.echoes_correlation_id,
            message_field: self.profile.message_field(),
            message_texts: self.profile.texts(),
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
    /// The attempts sent again before this one (`--retries`), in order.
    pub retries: Vec<Retry>,
    /// The answer's body as JSON (decrypted), when it was JSON.
    pub body: Option<serde_json::Value>,
}

impl Judged {
    /// Puts the verdict, the findings, the diff views and the exchange into `outcome`; a pass
    /// after a retry is `flaky`.
    pub fn fill(self, outcome: &mut Outcome) {
        outcome.verdict = match self.judgement.verdict {
            Verdict::Pass if !self.retries.is_empty() => Verdict::Flaky {
                retries: self.retries,
            },
            verdict => verdict,
        };
        outcome.warnings = self.judgement.warnings;
        outcome.expected = self.judgement.expected;
        outcome.actual = self.judgement.actual;
        outcome.facts = self.judgement.facts;
        outcome.facts.sort_unstable();
        outcome.exchange = self.sent.exchange;
    }

    fn unsent(verdict: Verdict) -> Judged {
        Judged {
            sent: Sent {
                exchange: None,
                error: None,
                sealed_body: None,
            },
            judgement: Judgement::of(verdict),
            retries: Vec::new(),
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
