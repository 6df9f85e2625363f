//! What running a case produced: plain data that the checks fill and the reports read.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::assumption::Assumption;

mod said;

pub use said::{Piece, Said};

/// Which check a failure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    /// The HTTP status.
    Status,
    /// A request the case expects refused was accepted (answered the documented success).
    Accepted,
    /// The `Content-Type` header.
    ContentType,
    /// `response.code`.
    Code,
    /// The result text.
    Message,
    /// The body against the operation's JSON Schema.
    Schema,
    /// A response header (`X-KM-Correlation-Id`).
    Header,
    /// The case's body expectation.
    Body,
    /// A field the spec does not declare (a warning unless `--strict`).
    UnknownField,
    /// The case could not be loaded or planned.
    Input,
    /// A step of a scenario found nothing to capture where its `capture:` points.
    Capture,
    /// A client's request header: missing, malformed, or not the profile's value (the proxy).
    RequestHeader,
    /// A client's `X-KM-Tran-Token` whose HMAC does not sign the body it came with (the proxy).
    TranToken,
    /// A client's request body against the operation's request schema (the proxy).
    RequestBody,
    /// Message encryption: an answer the spec flags encrypted came back plain while encryption
    /// is on; or (the proxy) a client's request to an encrypted operation sent plain, or without
    /// its key id, or a JWE the server key does not open.
    Encryption,
}

impl CheckKind {
    /// The name used in messages and reports.
    pub fn name(self) -> &'static str {
        match self {
            CheckKind::Status => "status",
            CheckKind::Accepted => "accepted",
            CheckKind::ContentType => "content-type",
            CheckKind::Code => "code",
            CheckKind::Message => "message",
            CheckKind::Schema => "schema",
            CheckKind::Header => "header",
            CheckKind::Body => "body",
            CheckKind::UnknownField => "unknown-field",
            CheckKind::Input => "input",
            CheckKind::Capture => "capture",
            CheckKind::RequestHeader => "request-header",
            CheckKind::TranToken => "tran-token",
            CheckKind::RequestBody => "request-body",
            CheckKind::Encryption => "encryption",
        }
    }
}

/// One way the answer differs from the expectation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// The check that found it.
    pub check: CheckKind,
    /// Where: a JSON pointer into the body, or a header name.
    pub path: String,
    /// What was expected: the harness's words (a matcher, the page's rule) or a value (a case
    /// file's literal, the oracle's answer) ([`Said`]).
    pub expected: Said,
    /// What came back: a value from the wire, or the harness's words for what it saw
    /// (`no such field`).
    pub actual: Said,
    /// The shape of a masked actual value (`15 digits, Luhn fails`), set by the masker beside
    /// the masked value so a length or format defect stays readable (`crate::mask::shape`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_shape: Option<String>,
    /// The assumption the expectation rests on; `None` (absent in report.json) when a vendor
    /// page documents it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<Assumption>,
    /// The ids of the documented facts the expectation verifies (`crate::facts`), e.g.
    /// `cardStatusChange.code.003_022.message`. With no assumption, these are the facts the
    /// answer broke; a failure with neither is unfounded ([`Failure::basis`]), which no check
    /// may produce (`tests/library/fact_checks.rs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<String>,
}

/// What a failure rests on, computed in one place ([`Failure::ground`]) for `run`, scenarios,
/// `explore` and the proxy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ground {
    /// A vendor page states it: the failure names the facts it breaks.
    Documented,
    /// Our reading where the pages are silent: the failure names its assumption.
    Inferred(Assumption),
    /// Neither a fact nor an assumption: a defect of the harness, never of the target.
    Unfounded,
    /// Not about the target: a case file that could not be loaded ([`CheckKind::Input`]).
    Input,
}

impl Failure {
    /// A failure of `check` at `path`.
    pub fn new(
        check: CheckKind,
        path: impl Into<String>,
        expected: impl Into<Said>,
        actual: impl Into<Said>,
    ) -> Failure {
        Failure {
            check,
            path: path.into(),
            expected: expected.into(),
            actual: actual.into(),
            actual_shape: None,
            assumption: None,
            facts: vec![],
        }
    }

    /// The same failure, resting on `assumption` (documented when `None`).
    pub fn assuming(mut self, assumption: Option<Assumption>) -> Failure {
        self.assumption = assumption;
        self
    }

    /// The same failure, verifying the facts with these ids.
    pub fn verifying<I, S>(mut self, facts: I) -> Failure
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.facts = facts.into_iter().map(Into::into).collect();
        self
    }

    /// What it rests on: its assumption when it names one (the expectation is our reading,
    /// whatever facts it also touches), else documented when it names facts, else unfounded.
    pub fn ground(&self) -> Ground {
        if self.check == CheckKind::Input {
            return Ground::Input;
        }
        match (self.assumption, self.facts.is_empty()) {
            (Some(a), _) => Ground::Inferred(a),
            (None, false) => Ground::Documented,
            (None, true) => Ground::Unfounded,
        }
    }

    /// `documented`, `inferred: <assumption>`, `unfounded` or `input`
    /// ([`Failure::ground`]).
    pub fn basis(&self) -> String {
        match self.ground() {
            Ground::Documented => "documented".to_string(),
            Ground::Inferred(a) => format!("inferred: {a}"),
            Ground::Unfounded => "unfounded".to_string(),
            Ground::Input => "input".to_string(),
        }
    }

    /// The facts the answer broke: those it names, when no assumption stands between them
    /// and the answer.
    pub fn broken_facts(&self) -> &[String] {
        match self.ground() {
            Ground::Documented => &self.facts,
            Ground::Inferred(_) | Ground::Unfounded | Ground::Input => &[],
        }
    }

    /// One line: `[check] at path: expected …, got …`.
    pub fn line(&self) -> String {
        let at = if self.path.is_empty() {
            String::new()
        } else {
            format!(" at {}", self.path)
        };
        let assumed = match self.assumption {
            None => String::new(),
            Some(a) => format!(" (inferred: {a})"),
        };
        format!(
            "[{}]{at}: expected {}, got {}{assumed}",
            self.check.name(),
            self.expected,
            self.actual_shown()
        )
    }

    /// What came back, with its shape beside it when the masker gave one:
    /// `541234*****0001 (15 digits, Luhn fails)`.
    pub fn actual_shown(&self) -> String {
        match &self.actual_shape {
            Some(shape) => format!("{} ({shape})", self.actual),
            None => self.actual.to_string(),
        }
    }
}

/// A problem that kept the exchange from happening or from being read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunError {
    /// What kind of problem.
    pub kind: RunErrorKind,
    /// Details.
    pub message: String,
}

/// Kinds of [`RunError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunErrorKind {
    /// Could not connect.
    Connect,
    /// No complete answer within the timeout.
    Timeout,
    /// The body exceeded the size cap.
    TooLarge,
    /// The body is not JSON.
    NotJson,
    /// The connection broke or the answer was not valid HTTP.
    Transport,
    /// The case could not be prepared (e.g. missing credentials).
    Setup,
    /// The run's global deadline passed before the case ran, or while it waited for its answer.
    Deadline,
    /// Message encryption failed: an encrypted answer (`encData`) could not be decrypted, or a
    /// request could not be encrypted.
    Encryption,
}

/// The verdict on one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "lowercase")]
pub enum Verdict {
    /// Every check passed.
    Pass,
    /// At least one check failed.
    Fail {
        /// The failures.
        failures: Vec<Failure>,
    },
    /// The exchange could not be completed or read.
    Error {
        /// The problem.
        error: RunError,
    },
    /// Not run, with why.
    Skipped {
        /// Why.
        reason: String,
    },
    /// Every check passed, but only after the target first answered in a way that is sent
    /// again (429, 502, 503, 504, a connect error or a timeout; `--retries`).
    Flaky {
        /// The attempts before the one that passed, in order.
        retries: Vec<Retry>,
    },
}

/// An attempt that was sent again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retry {
    /// What it got: `HTTP 503`, or the transport error.
    pub answer: String,
    /// How long the run waited before the next attempt (the backoff, or `Retry-After`), in
    /// whole milliseconds: a float's long tail of digits would read as a card number.
    pub waited_ms: u64,
}

impl Verdict {
    /// Pass, or Fail with these failures.
    pub fn from_failures(failures: Vec<Failure>) -> Verdict {
        if failures.is_empty() {
            Verdict::Pass
        } else {
            Verdict::Fail { failures }
        }
    }
}

/// The kind of a verdict, without its details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every check passed.
    Pass,
    /// A check failed.
    Fail,
    /// The exchange could not be completed or read.
    Error,
    /// Not run.
    Skipped,
    /// Passed after a retry.
    Flaky,
}

impl Status {
    /// The status of a verdict.
    pub fn of(v: &Verdict) -> Status {
        match v {
            Verdict::Pass => Status::Pass,
            Verdict::Fail { .. } => Status::Fail,
            Verdict::Error { .. } => Status::Error,
            Verdict::Skipped { .. } => Status::Skipped,
            Verdict::Flaky { .. } => Status::Flaky,
        }
    }

    /// Every check passed, at the first attempt or after a retry.
    pub fn passed(self) -> bool {
        matches!(self, Status::Pass | Status::Flaky)
    }

    /// Failed or errored: what the gate and the summary call failing.
    pub fn is_failing(self) -> bool {
        matches!(self, Status::Fail | Status::Error)
    }
}

/// The request as sent (masked before it reaches a report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentRequest {
    /// Method.
    pub method: String,
    /// Full URL.
    pub url: String,
    /// Headers in send order.
    pub headers: Vec<(String, String)>,
    /// The exact body bytes, as text.
    pub body: String,
}

/// The response as received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Received {
    /// HTTP status.
    pub status: u16,
    /// Headers, names lowercased.
    pub headers: Vec<(String, String)>,
    /// The body as text (lossy UTF-8).
    pub body: String,
    /// The body as JSON, when it parses.
    pub json: Option<Value>,
}

impl Received {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of the headers with this name (case-insensitive), in the order received:
    /// a header the answer repeats is seen once per line, not only by its first value.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// One request and what came back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    /// What was sent.
    pub request: SentRequest,
    /// What came back, if anything did.
    pub response: Option<Received>,
    /// Time from sending to the end of the body.
    #[serde(with = "millis")]
    pub elapsed: Duration,
    /// Which bodies travelled as JWE; `request.body` and `response.body` then hold the
    /// plaintext, not the `{"encData": …}` wrapper.
    #[serde(default)]
    pub encryption: WireEncryption,
}

/// Which bodies of an exchange travelled encrypted (`{"encData":"<JWE>"}`) on the wire.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireEncryption {
    /// The request was sent as JWE.
    pub request: bool,
    /// The answer came back as JWE (and was decrypted).
    pub response: bool,
}

impl WireEncryption {
    /// Either body was encrypted.
    pub fn any(self) -> bool {
        self.request || self.response
    }
}

/// Everything about one case's run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// Test name `<operation>::<id>`.
    pub name: String,
    /// `operationId` (empty for a broken file).
    pub operation: String,
    /// Case id.
    pub case_id: String,
    /// The expected result code, for the coverage matrix.
    pub expected_code: Option<String>,
    /// What the case expected, as `{"status", "body"}` (for diffs).
    pub expected: Option<Value>,
    /// The matching part of the answer, same shape (for diffs).
    pub actual: Option<Value>,
    /// The verdict.
    #[serde(flatten)]
    pub verdict: Verdict,
    /// Findings that do not fail the case: unknown fields without `--strict`, and failed
    /// assumptions a run warns about (each names its assumption).
    pub warnings: Vec<Failure>,
    /// The exchange, when one happened.
    pub exchange: Option<Exchange>,
    /// Wall time of the whole case.
    #[serde(with = "millis")]
    pub duration: Duration,
    /// A scenario's steps, in order, each an outcome of its own (named
    /// `scenario::<id>::<step>`); the steps after a failing one are skipped. Empty for a case.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Outcome>,
    /// The ids of the documented facts its checks verified (held or broken), sorted: what the
    /// documentation coverage counts (`crate::report::fact_coverage`). A scenario's are its
    /// steps' and the rules it names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<String>,
}

impl Outcome {
    /// A fresh outcome, before anything is known about an answer.
    pub fn new(
        name: String,
        operation: String,
        case_id: String,
        expected_code: Option<String>,
        verdict: Verdict,
    ) -> Outcome {
        Outcome {
            name,
            operation,
            case_id,
            expected_code,
            expected: None,
            actual: None,
            verdict,
            warnings: vec![],
            exchange: None,
            duration: Duration::ZERO,
            steps: vec![],
            facts: vec![],
        }
    }

    /// The step of a scenario that did not pass (failed or errored), if any.
    pub fn failing_step(&self) -> Option<(usize, &Outcome)> {
        self.steps
            .iter()
            .enumerate()
            .find(|(_, s)| matches!(s.verdict, Verdict::Fail { .. } | Verdict::Error { .. }))
    }
}

/// The id prefix of generated cases (`generated::<field>::<mutation>`; the generator's
/// `ID_PREFIX` followed by `::`).
pub const GENERATED_ID_PREFIX: &str = "generated::";

impl Outcome {
    /// Whether the case was generated from the spec's constraints rather than documented.
    pub fn is_generated(&self) -> bool {
        self.case_id.starts_with(GENERATED_ID_PREFIX)
    }
}

/// Serde for durations as milliseconds (f64).
pub mod millis {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes milliseconds, to the nanosecond: at most 6 decimals. `as_secs_f64() * 1000`
    /// would print binary noise (`1.2345670000000001`), whose 16-digit runs the masking guard
    /// rightly takes for card numbers.
    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(d.as_nanos() as f64 / 1e6)
    }

    /// Reads milliseconds.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let ms = f64::deserialize(d)?;
        Ok(Duration::from_secs_f64((ms / 1000.0).max(0.0)))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    #[derive(serde::Serialize)]
    struct Timed(#[serde(with = "super::millis")] Duration);

    #[test]
    fn milliseconds_are_written_with_at_most_six_decimals() {
        for nanos in (0..200_000u64).map(|i| i * 7_919 + i % 13) {
            let text = serde_json::to_string(&Timed(Duration::from_nanos(nanos))).unwrap();
            let decimals = text.split('.').nth(1).map_or(0, str::len);
            assert!(decimals <= 6, "{nanos} ns written as {text}");
        }
    }
}
