//! Judging one exchange that passed through: the client's request as the vendor would check
//! it ([`check::request`]), the server's answer as `run` judges one ([`check::judge`], with
//! the expectation "any answer the operation documents", or the profile's `header-errors`
//! answer when the vendor would turn the request away at its headers).
//!
//! Findings are masked here, as they are made, with the run's one masker: nothing downstream
//! (the console line, the summary, the recording) sees an unmasked finding.

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use crate::assumption::Policy;
use crate::check::{self, Client, Context, Inner, Rejection, RequestContext, RequestFindings};
use crate::expect::Expect;
use crate::jwe::PrivateKey;
use crate::mask::Masker;
use crate::outcome::{Exchange, Failure, Received, RunErrorKind, SentRequest, Verdict};
use crate::profile::{Profile, Secrets};
use crate::report::masked;
use crate::run::crypto;
use crate::spec::{Operation, Spec};

/// One exchange as it passed: the request as it came, the answer as it came (or why none).
#[derive(Debug, Clone)]
pub struct Captured {
    /// The request method.
    pub method: String,
    /// The request's path and query.
    pub path: String,
    /// Where it was sent.
    pub url: String,
    /// The request headers, names as they came.
    pub headers: Vec<(String, String)>,
    /// The exact request body.
    pub body: Vec<u8>,
    /// The answer, when one came.
    pub answer: Option<Answered>,
    /// Why there is no answer.
    pub error: Option<String>,
    /// Time from forwarding to the end of the answer.
    pub elapsed: Duration,
}

/// An answer as it came.
#[derive(Debug, Clone)]
pub struct Answered {
    /// HTTP status.
    pub status: u16,
    /// Headers, names as they came.
    pub headers: Vec<(String, String)>,
    /// The exact body.
    pub body: Vec<u8>,
}

/// Which side of the exchange a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The client's request.
    Request,
    /// The server's answer.
    Response,
}

/// One finding, masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Request or response.
    pub side: Side,
    /// The check's name (`tran-token`, `request-header`, `schema`, `not-json`, ...).
    pub kind: String,
    /// `[kind] at path: expected …, got …`, masked.
    pub detail: String,
    /// What it rests on: `documented`, `inferred: <assumption>`, or `transport` for an
    /// exchange that could not be completed or read ([`Failure::basis`], the one place).
    pub basis: String,
    /// The failed check, masked; `None` for a transport problem.
    #[serde(skip)]
    pub failure: Option<Failure>,
}

/// What the checks made of one exchange.
#[derive(Debug, Clone)]
pub struct Inspected {
    /// The operation the path names, if any.
    pub operation: Option<String>,
    /// The answer's HTTP status.
    pub status: Option<u16>,
    /// The answer's `response.code`.
    pub code: Option<String>,
    /// Every finding, masked.
    pub findings: Vec<Finding>,
    /// What was not checked and why, warnings; masked.
    pub notes: Vec<String>,
    /// The failed assumptions the policy makes warnings of (and undeclared answer fields),
    /// masked.
    pub warnings: Vec<Failure>,
    /// The exchange with plaintext bodies where they could be opened (unmasked: for the
    /// recording, which masks it).
    pub exchange: Exchange,
    /// The request's plaintext JSON, when readable.
    pub request_json: Option<Value>,
    /// The ids of the documented facts the checks of the answer verified, held or broken
    /// (what the documentation coverage counts).
    pub facts: Vec<String>,
}

/// What inspecting needs: the contract, the client's registration, the keys, the masker.
pub struct Inspector<'a> {
    /// The contract.
    pub spec: &'a Spec,
    /// The target profile (credentials' names, encryption, the client private key).
    pub profile: &'a Profile,
    /// The client's credentials.
    pub secrets: &'a Secrets,
    /// The server's private key, to open encrypted requests.
    pub server_key: Option<&'a PrivateKey>,
    /// The one masker.
    pub masker: &'a Masker,
    /// Failed assumptions and undeclared answer fields fail the exchange (`--fail-on any`),
    /// as `run --strict` fails a case.
    pub strict: bool,
}

impl Inspector<'_> {
    /// Judges both sides of `c`.
    pub fn inspect(&self, c: &Captured) -> Inspected {
        let mut out = Inspected {
            operation: None,
            status: c.answer.as_ref().map(|a| a.status),
            code: None,
            findings: vec![],
            notes: vec![],
            warnings: vec![],
            exchange: exchange(c, String::from_utf8_lossy(&c.body).into_owned()),
            request_json: None,
            facts: vec![],
        };
        let path = c.path.split('?').next().unwrap_or_default();
        let op = self.spec.operations.iter().find(|o| o.path == path);
        let Some(op) = op.filter(|_| c.method == "POST") else {
            out.notes
                .push("not an operation of the spec: passed through unchecked".into());
            return out;
        };
        out.operation = Some(op.id.clone());
        let request = check::request(&self.context(op), &c.headers, &c.body);
        self.request(&mut out, &request);
        if let Some(text) = &request.text {
            out.exchange.request.body = text.clone();
            out.exchange.encryption.request = request.inner == Inner::Opened;
        }
        out.request_json = request.json;
        match (&c.answer, &c.error) {
            (Some(_), _) => self.answer(&mut out, op, self.expectation(request.rejection)),
            (None, error) => {
                let why = error.as_deref().unwrap_or("no answer");
                out.findings
                    .push(self.finding(Side::Response, "upstream", why));
            }
        }
        out
    }

    fn context<'a>(&'a self, op: &'a Operation) -> RequestContext<'a> {
        RequestContext {
            spec: self.spec,
            operation: op,
            client: Client {
                asp_id: &self.profile.file.asp_id,
                access_key: self.secrets.access_key.expose(),
                secret_key: self.secrets.secret_key.expose(),
                crypto_key_id: self.secrets.crypto_key_id.as_ref().map(|s| s.expose()),
                encryption_required: self.profile.encrypts(),
                server_key: self.server_key,
            },
        }
    }

    fn request(&self, out: &mut Inspected, request: &RequestFindings) {
        self.settle_request(out, request.failures.clone());
        if let Inner::NotInspected(why) = &request.inner {
            let note = format!("request body not inspected: {why}");
            out.notes.push(self.masker.text(&note));
        }
    }

    /// Request failures settled by the policy: a documented one is a finding, a failed
    /// assumption a finding, a warning or nothing, as the profile (then `--fail-on`) says.
    pub fn settle_request(&self, out: &mut Inspected, failures: Vec<Failure>) {
        let findings = check::Findings {
            failures,
            ..Default::default()
        };
        let settled = check::settle(self.policy(), findings);
        out.findings.extend(
            settled
                .failures
                .iter()
                .map(|f| self.failure(Side::Request, f)),
        );
        self.warn(out, &settled.warnings);
    }

    fn policy(&self) -> Policy<'_> {
        Policy {
            strict: self.strict,
            settled: &self.profile.assumptions,
        }
    }

    fn warn(&self, out: &mut Inspected, warnings: &[Failure]) {
        for w in warnings {
            let warning = masked::failure(w, self.masker);
            out.notes.push(format!("warning {}", warning.line()));
            out.warnings.push(warning);
        }
    }

    /// The answer, opened when encrypted, judged as `run` judges one.
    fn answer(&self, out: &mut Inspected, op: &Operation, expect: Expect) {
        let Some(received) = out.exchange.response.as_mut() else {
            return;
        };
        match crypto::open_response(self.profile, received) {
            Ok(opened) => out.exchange.encryption.response = opened,
            Err(e) if e.kind == RunErrorKind::Setup => {
                let note = format!("answer not inspected: {}", e.message);
                out.notes.push(self.masker.text(&note));
                return;
            }
            Err(e) => {
                let finding = self.finding(Side::Response, "encryption", &e.message);
                out.findings.push(finding);
                return;
            }
        }
        out.code = received
            .json
            .as_ref()
            .and_then(|j| j.pointer("/response/code"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let ctx = Context {
            spec: self.spec,
            operation: op,
            // Failed assumptions warn, or as the profile settles them.
            policy: self.policy(),
            // The proxy judges the encryption of what passes through on its own side.
            encrypting: false,
            echoes_correlation_id: self.profile.file.echoes_correlation_id,
            message_field: self.profile.message_field(),
            message_texts: self.profile.texts(),
        };
        let judgement = check::judge(&ctx, &expect, &out.exchange);
        self.warn(out, &judgement.warnings);
        out.facts = judgement.facts;
        match judgement.verdict {
            Verdict::Fail { failures } => out
                .findings
                .extend(failures.iter().map(|f| self.failure(Side::Response, f))),
            Verdict::Error { error } => {
                let kind = serde_json::to_value(error.kind).unwrap_or_default();
                let kind = kind.as_str().unwrap_or("error").to_string();
                out.findings
                    .push(self.finding(Side::Response, &kind, &error.message));
            }
            // The judge itself never retries: a flaky verdict is the runner's.
            Verdict::Pass | Verdict::Skipped { .. } | Verdict::Flaky { .. } => {}
        }
    }

    /// What the answer must be: the profile's answer to a request turned away at its headers
    /// (as `run` expects for its header cases), else any answer the operation documents.
    fn expectation(&self, rejection: Option<Rejection>) -> Expect {
        let errors = self.profile.file.header_errors.as_ref();
        let answer = match rejection {
            Some(Rejection::Malformed) => errors.map(|e| &e.malformed),
            Some(Rejection::Unauthorized) => errors.map(|e| &e.unauthorized),
            None => None,
        };
        match answer {
            Some(a) => Expect::answered(a.status, &a.code),
            None => Expect::any_documented(),
        }
    }

    fn failure(&self, side: Side, f: &Failure) -> Finding {
        let f = masked::failure(f, self.masker);
        Finding {
            side,
            kind: f.check.name().to_string(),
            detail: f.line(),
            basis: f.basis(),
            failure: Some(f),
        }
    }

    /// An exchange that could not be completed or read.
    fn finding(&self, side: Side, kind: &str, message: &str) -> Finding {
        Finding {
            side,
            kind: kind.to_string(),
            detail: self.masker.text(&format!("[{kind}]: {message}")),
            basis: TRANSPORT.to_string(),
            failure: None,
        }
    }
}

/// The basis of a finding that is no failed check: the exchange could not be completed or
/// read (as the run's findings say of an error).
pub const TRANSPORT: &str = "transport";

/// The captured exchange as the checks and reports know one.
fn exchange(c: &Captured, request_body: String) -> Exchange {
    let response = c.answer.as_ref().map(|a| Received {
        status: a.status,
        headers: a
            .headers
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
            .collect(),
        body: String::from_utf8_lossy(&a.body).into_owned(),
        json: serde_json::from_slice(&a.body).ok(),
    });
    Exchange {
        request: SentRequest {
            method: c.method.clone(),
            url: c.url.clone(),
            headers: c.headers.clone(),
            body: request_body,
        },
        response,
        elapsed: c.elapsed,
        encryption: Default::default(),
    }
}

/// An inspected exchange and its capture, for the proxy's unit tests.
#[cfg(test)]
pub(super) mod fixtures {
    use std::time::Duration;

    use super::{Captured, Finding, Inspected};
    use crate::outcome::{Exchange, SentRequest};

    /// A `POST /api/v1/card/status` answered `401 000_001`, with these findings.
    pub fn inspected(operation: Option<&str>, findings: Vec<Finding>) -> Inspected {
        Inspected {
            operation: operation.map(str::to_string),
            status: Some(401),
            code: Some("000_001".into()),
            findings,
            notes: vec![],
            warnings: vec![],
            exchange: Exchange {
                request: SentRequest {
                    method: "POST".into(),
                    url: String::new(),
                    headers: vec![],
                    body: String::new(),
                },
                response: None,
                elapsed: Duration::ZERO,
                encryption: Default::default(),
            },
            request_json: None,
            facts: vec![],
        }
    }

    /// Its capture: no answer, 4 ms.
    pub fn captured() -> Captured {
        Captured {
            method: "POST".into(),
            path: "/api/v1/card/status".into(),
            url: String::new(),
            headers: vec![],
            body: vec![],
            answer: None,
            error: None,
            elapsed: Duration::from_millis(4),
        }
    }
}
