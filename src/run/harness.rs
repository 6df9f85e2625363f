//! Planned cases → libtest-mimic trials that share one runtime, one client and one spec.
//!
//! Each trial sends its request (encrypted when the profile and the spec say so, see
//! [`crypto`]), decrypts an encrypted answer, checks the plaintext, records its [`Outcome`] for
//! the reports, and returns the failure message libtest prints. Nothing here panics on bad
//! data: a broken case file, a refused case, a transport problem or a key that cannot be read
//! are all outcomes.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use libtest_mimic::{Completion, Failed, Trial};
use serde_json::{Value, json};
use tokio::runtime::Runtime;

use super::crypto;
use super::headers::{self, HeaderInputs};
use super::http;
use crate::case::{Body, Case};
use crate::check::{self, Context};
use crate::mask::Masker;
use crate::outcome::{
    CheckKind, Exchange, Failure, Outcome, RunError, RunErrorKind, SentRequest, Verdict,
};
use crate::plan::{Planned, Step};
use crate::profile::{Profile, Secrets};
use crate::report::console;
use crate::spec::{Operation, Spec};

/// Settings of one run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The base URL the operation paths are appended to.
    pub base_url: String,
    /// Unknown response fields fail cases.
    pub strict: bool,
    /// Cap on a response body.
    pub body_cap: usize,
    /// Cases not started by then are not sent; a request still in flight then is abandoned.
    pub deadline: Option<Instant>,
    /// Colour in failure messages.
    pub color: bool,
}

/// Everything the trials share.
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
    /// Masks card data and secrets in everything shown.
    pub masker: Masker,
    /// Outcomes, in completion order.
    pub outcomes: Mutex<Vec<Outcome>>,
}

impl Runner {
    /// One trial per planned step.
    pub fn trials(self: &Arc<Self>, planned: Vec<Planned>) -> Vec<Trial> {
        planned.into_iter().map(|p| self.trial(p)).collect()
    }

    fn trial(self: &Arc<Self>, planned: Planned) -> Trial {
        let runner = Arc::clone(self);
        let name = crate::ids::trial_display_name(&planned.name);
        let ignored = matches!(&planned.step, Step::Run(c) if c.ignore.is_some());
        Trial::ignorable_test(name, move || runner.run_planned(&planned)).with_ignored_flag(ignored)
    }

    fn run_planned(&self, planned: &Planned) -> Result<Completion, Failed> {
        let outcome = match (&planned.step, &planned.refused) {
            (Step::Broken(e), _) => Outcome {
                name: planned.name.clone(),
                operation: planned.operation.clone(),
                case_id: String::new(),
                expected_code: None,
                expected: None,
                actual: None,
                verdict: Verdict::Fail {
                    failures: vec![Failure::new(
                        CheckKind::Input,
                        e.location(),
                        "a valid case file",
                        e.to_string(),
                    )],
                },
                warnings: vec![],
                exchange: None,
                duration: Duration::ZERO,
            },
            (Step::Run(case), Some(reason)) => {
                let outcome = skipped(case, reason);
                self.record(outcome);
                return Ok(Completion::ignored_with(reason));
            }
            (Step::Run(case), None) => self.execute(case),
        };
        let message = console::failure_message(&outcome, &self.masker, self.options.color);
        self.record(outcome);
        match message {
            Some(m) => Err(m.into()),
            None => Ok(Completion::Completed),
        }
    }

    fn record(&self, outcome: Outcome) {
        self.outcomes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(outcome);
    }

    /// Sends one case and checks the answer.
    pub fn execute(&self, case: &Case) -> Outcome {
        self.rt.block_on(self.execute_async(case))
    }

    /// Sends one case and checks the answer, on the caller's runtime.
    pub async fn execute_async(&self, case: &Case) -> Outcome {
        let started = Instant::now();
        let mut outcome = for_case(case, Verdict::Pass);
        if self.options.deadline.is_some_and(|d| Instant::now() >= d) {
            outcome.verdict = error(
                RunErrorKind::Deadline,
                "the run's deadline passed before this case started",
            );
            return outcome;
        }
        let Some(op) = self.spec.operation(&case.operation) else {
            outcome.verdict = error(
                RunErrorKind::Setup,
                format!("unknown operation `{}`", case.operation),
            );
            return outcome;
        };
        let (request, plaintext) = match self.request(case, op) {
            Ok(r) => r,
            Err(e) => {
                outcome.verdict = Verdict::Error { error: e };
                outcome.duration = started.elapsed();
                return outcome;
            }
        };
        let cap = self.options.body_cap;
        // The deadline also ends a request in flight: a slow target cannot outlive it. The
        // request is copied only then, to report what was sent when the answer never came.
        let (mut exchange, mut run_error) = match self.options.deadline {
            None => http::send(&self.client, request, cap).await,
            Some(deadline) => match tokio::time::timeout_at(
                deadline.into(),
                http::send(&self.client, request.clone(), cap),
            )
            .await
            {
                Ok(sent) => sent,
                Err(_) => (
                    Exchange {
                        request,
                        response: None,
                        elapsed: started.elapsed(),
                        encryption: Default::default(),
                    },
                    Some(RunError {
                        kind: RunErrorKind::Deadline,
                        message: "the run's deadline passed while waiting for the answer".into(),
                    }),
                ),
            },
        };
        if let Some(plaintext) = plaintext {
            // The report shows what was encrypted; the wire body was `{"encData": …}`.
            exchange.request.body = plaintext;
            exchange.encryption.request = true;
        }
        // Every check reads the plaintext of an encrypted answer.
        if run_error.is_none()
            && let Some(received) = exchange.response.as_mut()
        {
            match crypto::open_response(&self.profile, received) {
                Ok(opened) => exchange.encryption.response = opened,
                Err(e) => run_error = Some(e),
            }
        }
        outcome.verdict = match (&run_error, &exchange.response) {
            (Some(e), _) => Verdict::Error { error: e.clone() },
            (None, None) => error(RunErrorKind::Transport, "no response"),
            (None, Some(received)) => match &received.json {
                None => redirect(case, received).unwrap_or_else(|| not_json(received)),
                Some(body) => {
                    let ctx = Context {
                        spec: &self.spec,
                        operation: op,
                        strict: self.options.strict,
                        echoes_correlation_id: self.profile.file.echoes_correlation_id,
                        message_field: self.profile.message_field(),
                    };
                    let findings = check::response(&ctx, case, &exchange.request, received, body);
                    outcome.warnings = findings.warnings;
                    // The diff views are kept for failures only: a 10,000-case run keeps every
                    // outcome until the reports are written, so passes stay small.
                    if !findings.failures.is_empty() {
                        let (expected, actual) = views(case, received.status, body);
                        outcome.expected = Some(expected);
                        outcome.actual = Some(actual);
                    }
                    Verdict::from_failures(findings.failures)
                }
            },
        };
        // The parsed body served the checks; reports re-read it from the text.
        if let Some(received) = exchange.response.as_mut() {
            received.json = None;
        }
        outcome.exchange = Some(exchange);
        outcome.duration = started.elapsed();
        outcome
    }

    /// The request as it goes on the wire, and its plaintext body when the wire body is the
    /// encrypted wrapper. The Tran-Token signs the wire body.
    fn request(
        &self,
        case: &Case,
        op: &Operation,
    ) -> Result<(SentRequest, Option<String>), RunError> {
        let plaintext = match &case.request.body {
            Body::Json(v) => serde_json::to_string(v).unwrap_or_default(),
            Body::Raw(s) => s.clone(),
            Body::Empty => String::new(),
        };
        let wire = crypto::wire(
            &self.profile,
            &self.secrets,
            op,
            &case.request.body,
            &plaintext,
        )?;
        let body = wire.body;
        let inputs = HeaderInputs {
            asp_id: &self.profile.file.asp_id,
            access_key: self.secrets.access_key.expose(),
            secret_key: self.secrets.secret_key.expose(),
            crypto_key_id: wire.key_id.as_deref(),
            zone: &self.profile.zone,
        };
        let mut headers = vec![
            ("Content-Type".to_string(), "application/json".to_string()),
            ("Accept".to_string(), "application/json".to_string()),
        ];
        headers.extend(headers::generate(
            &inputs,
            chrono::Utc::now(),
            headers::random_u32(),
            body.as_bytes(),
        ));
        headers::apply_overrides(&mut headers, &case.request.headers);
        let request = SentRequest {
            method: "POST".into(),
            url: format!("{}{}", self.options.base_url.trim_end_matches('/'), op.path),
            headers,
            body,
        };
        Ok((request, wire.sealed.then_some(plaintext)))
    }

    /// The outcomes so far, sorted by name.
    pub fn take_outcomes(&self) -> Vec<Outcome> {
        let mut v = std::mem::take(&mut *self.outcomes.lock().unwrap_or_else(|e| e.into_inner()));
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    }
}

fn skipped(case: &Case, reason: &str) -> Outcome {
    for_case(
        case,
        Verdict::Skipped {
            reason: reason.into(),
        },
    )
}

/// A fresh outcome for a case, before anything is known about the answer.
fn for_case(case: &Case, verdict: Verdict) -> Outcome {
    Outcome {
        name: case.name(),
        operation: case.operation.clone(),
        case_id: case.id.clone(),
        expected_code: case.expect.code.clone(),
        expected: None,
        actual: None,
        verdict,
        warnings: vec![],
        exchange: None,
        duration: Duration::ZERO,
    }
}

fn error(kind: RunErrorKind, message: impl Into<String>) -> Verdict {
    Verdict::Error {
        error: RunError {
            kind,
            message: message.into(),
        },
    }
}

/// A redirect is a wrong status, not a transport problem: the harness does not follow
/// redirects (a POST API that redirects deviates from its contract), so it says where to.
fn redirect(case: &Case, received: &crate::outcome::Received) -> Option<Verdict> {
    if !(300..400).contains(&received.status) {
        return None;
    }
    let to = received.header("location").unwrap_or("no Location header");
    let expected = case.expect.status.map_or_else(
        || "a documented status".to_string(),
        |s| format!("HTTP {s}"),
    );
    Some(Verdict::Fail {
        failures: vec![Failure::new(
            CheckKind::Status,
            "",
            expected,
            format!("HTTP {} redirect to {to} (not followed)", received.status),
        )],
    })
}

fn not_json(received: &crate::outcome::Received) -> Verdict {
    let ct = received.header("content-type").unwrap_or("none");
    let what = if received.body.trim().is_empty() {
        "the body is empty".to_string()
    } else {
        let head: String = received.body.chars().take(120).collect();
        format!("the body is not JSON: {head:?}")
    };
    error(
        RunErrorKind::NotJson,
        format!("HTTP {} (Content-Type: {ct}): {what}", received.status),
    )
}

/// What the case asked for and the matching part of what came back, side by side for a diff:
/// `{"status": …, "body": {…}}` with the body cut down to the keys the case names.
fn views(case: &Case, status: u16, body: &Value) -> (Value, Value) {
    let mut expected_body = case.expect.body.clone().unwrap_or_else(|| json!({}));
    if let (Some(code), Some(obj)) = (&case.expect.code, expected_body.as_object_mut()) {
        let response = obj.entry("response").or_insert_with(|| json!({}));
        if let Some(r) = response.as_object_mut() {
            r.insert("code".into(), Value::String(code.clone()));
        }
    }
    let actual_body = check::project(&expected_body, body);
    (
        json!({"status": case.expect.status, "body": expected_body}),
        json!({"status": status, "body": actual_body}),
    )
}
