//! `report.json`: every outcome with its checks, timings and the masked exchange.
//!
//! The document is [`Report`]; docs/reports.md describes every field. It is versioned by its
//! `format` field ([`FORMAT`]); a baseline of another format is refused rather than misread.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::RunInfo;
use super::code_matrix::{self, OperationCoverage, Status, Totals};
use super::comparison::Comparison;
use super::error::Error;
use super::fact_coverage::FactCoverage;
use super::format::{Doc, Finished, Format, Piece};
use super::masked;
use crate::mask::Masker;
use crate::outcome::{Failure, Outcome, Retry, RunError, Verdict, WireEncryption};
use crate::spec::Spec;

/// `report.json`'s name in the run directory.
pub const FILE_NAME: &str = "report.json";

/// The value of `format` in this version of the document.
pub const FORMAT: &str = "konaplate-conformance/report/v1";

/// The whole `report.json` document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`FORMAT`] for this version.
    pub format: String,
    /// The run as a whole: [`RunInfo`] as report.json holds it (its duration in milliseconds,
    /// without the constraint coverage and the tags, which summary.md and report.html show).
    pub run: RunInfo,
    /// How many cases ended which way.
    pub totals: Totals,
    /// Endpoint × documented result code.
    pub coverage: Vec<OperationCoverage>,
    /// The documentation coverage: what became of each documented fact, per operation (a
    /// document of an earlier version, without it, reads as an empty one).
    #[serde(default)]
    pub facts: FactCoverage,
    /// One entry per case, in report order (operation in spec order, then case name).
    pub outcomes: Vec<CaseReport>,
    /// The comparison with `--baseline`, when one was given.
    pub baseline: Option<Comparison>,
}

/// One case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseReport {
    /// `<operation>::<case id>`.
    pub name: String,
    /// `operationId` (empty for a case file that could not be loaded).
    pub operation: String,
    /// The case id.
    pub case_id: String,
    /// The result code the case expects, if any.
    pub expected_code: Option<String>,
    /// `pass`, `fail`, `error`, `skipped` or `flaky`.
    pub verdict: Status,
    /// The failed checks (empty unless `verdict` is `fail`).
    pub failures: Vec<Failure>,
    /// Findings that did not fail the case.
    pub warnings: Vec<Failure>,
    /// The transport problem (only when `verdict` is `error`).
    pub error: Option<RunError>,
    /// Why the case did not run (only when `verdict` is `skipped`).
    pub skip_reason: Option<String>,
    /// The attempts sent again before the one that passed (only when `verdict` is `flaky`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retries: Vec<Retry>,
    /// What the case expected, as `{"status", "body"}`.
    pub expected: Option<Value>,
    /// The matching part of the answer, same shape.
    pub actual: Option<Value>,
    /// Wall time of the case, milliseconds.
    pub duration_ms: f64,
    /// The request and response, when a request was sent.
    pub exchange: Option<ExchangeReport>,
    /// A scenario's steps, in order, each reported like a case (the steps after a failing one
    /// are `skipped`); absent for a case.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<CaseReport>,
    /// For a scenario that did not pass: the number (from 1) of the step that did not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_step: Option<usize>,
}

/// A request and its response, masked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExchangeReport {
    /// What was sent.
    pub request: RequestReport,
    /// What came back (`null` when nothing did).
    pub response: Option<ResponseReport>,
    /// From sending to the end of the body, milliseconds.
    pub elapsed_ms: f64,
    /// Which bodies travelled as JWE (`{"encData": …}`); the bodies above are their
    /// decrypted plaintext.
    #[serde(default)]
    pub encryption: WireEncryption,
}

/// The request as sent, masked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestReport {
    /// `POST`.
    pub method: String,
    /// The full URL.
    pub url: String,
    /// `[name, value]` pairs in send order.
    pub headers: Vec<(String, String)>,
    /// The body text.
    pub body: String,
}

/// The response as received, masked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseReport {
    /// HTTP status.
    pub status: u16,
    /// `[name, value]` pairs, names lowercased.
    pub headers: Vec<(String, String)>,
    /// The body text.
    pub body: String,
    /// The body as JSON, `null` when it is not JSON.
    pub json: Option<Value>,
}

/// The document of a run; everything in it is masked.
pub fn build(
    info: &RunInfo,
    spec: &Spec,
    outcomes: &[Outcome],
    comparison: Option<&Comparison>,
    masker: &Masker,
) -> Report {
    build_masked(
        &masked::info(info, masker),
        spec,
        &masked::outcomes(outcomes, masker),
        comparison,
    )
}

/// [`build`] from run facts and outcomes that are masked already.
fn build_masked(
    info: &RunInfo,
    spec: &Spec,
    outcomes: &[Outcome],
    comparison: Option<&Comparison>,
) -> Report {
    let facts = FactCoverage::of_outcomes(spec.ledger(), outcomes);
    Report {
        outcomes: code_matrix::ordered(spec, outcomes)
            .into_iter()
            .map(case)
            .collect(),
        ..frame(info, spec, (outcomes, &facts), comparison)
    }
}

/// The document without its outcome entries: the run, the totals, the coverage, the
/// documentation coverage, the baseline.
fn frame(
    info: &RunInfo,
    spec: &Spec,
    (outcomes, facts): (&[Outcome], &FactCoverage),
    comparison: Option<&Comparison>,
) -> Report {
    Report {
        format: FORMAT.to_string(),
        run: RunInfo {
            // What the document holds, so that a document read back equals the one built.
            duration: duration_ms::rounded(info.duration),
            constraints: None,
            tags: Default::default(),
            answer_times: Default::default(),
            ..info.clone()
        },
        totals: Totals::of(outcomes),
        coverage: code_matrix::matrix(spec, outcomes),
        facts: facts.clone(),
        outcomes: vec![],
        baseline: comparison.cloned(),
    }
}

/// Where the entries go in the pretty-printed [`frame`]: the `outcomes` key at the top level
/// (a string holding these characters would have its quotes escaped).
const NO_ENTRIES: &str = "\n  \"outcomes\": []";

/// `report.json` around its outcome entries, for a writer that streams them ([`entry`]): the
/// text up to and including `"outcomes": [`, and from the `]` that closes the array. `head`,
/// the entries in report order joined by [`ENTRY_SEPARATOR`], [`ENTRIES_CLOSE`] when there is
/// at least one, then `tail`: [`to_string`] of [`build_masked`]'s document, byte for byte.
fn frame_text(
    info: &RunInfo,
    spec: &Spec,
    outcomes: (&[Outcome], &FactCoverage),
    comparison: Option<&Comparison>,
) -> (String, String) {
    let mut head = to_string(&frame(info, spec, outcomes, comparison));
    // Always found: the frame has the key and no entries.
    let open = head
        .find(NO_ENTRIES)
        .map_or(head.len(), |at| at + NO_ENTRIES.len() - 1);
    let tail = head.split_off(open);
    (head, tail)
}

/// What goes before each entry after the first ([`frame_text`]).
const ENTRY_SEPARATOR: &str = ",";

/// What goes after the last entry when there is one: the array's closing line starts here.
const ENTRIES_CLOSE: &str = "\n  ";

/// `report.json` among the run's formats: each outcome's entry is rendered as it ends
/// (`entry`), the document around them at the end (`frame_text`).
#[derive(Debug, Clone, Copy)]
pub struct Json;

impl Format for Json {
    fn name(&self) -> &'static str {
        FILE_NAME
    }

    fn entry(&self, masked: &Outcome) -> Option<Result<String, Error>> {
        Some(Ok(entry(masked)))
    }

    fn files(&self, run: &Finished<'_>) -> Result<Vec<Doc>, Error> {
        let data = (run.outcomes, run.facts);
        let (head, tail) = frame_text(run.info, run.spec, data, run.comparison);
        let order = code_matrix::order(run.spec, run.outcomes);
        let mut pieces = vec![Piece::Text(head)];
        for (k, &i) in order.iter().enumerate() {
            if k > 0 {
                pieces.push(Piece::Text(ENTRY_SEPARATOR.to_string()));
            }
            pieces.push(Piece::Entry(i));
        }
        let close = if order.is_empty() { "" } else { ENTRIES_CLOSE };
        pieces.push(Piece::Text(format!("{close}{tail}")));
        Ok(vec![Doc {
            path: FILE_NAME.into(),
            pieces,
        }])
    }
}

/// One outcome's entry of `report.json` (masked already), indented to its place in the
/// document and starting with its newline: what [`to_string`] of the whole document holds
/// for it.
fn entry(o: &Outcome) -> String {
    let text = serde_json::to_string_pretty(&case(o)).unwrap_or_default();
    // A JSON string never holds a raw newline: every newline is layout.
    format!("\n    {}", text.replace('\n', "\n    "))
}

/// `report.json`: the document, pretty-printed, with a final newline.
pub fn render(
    info: &RunInfo,
    spec: &Spec,
    outcomes: &[Outcome],
    comparison: Option<&Comparison>,
    masker: &Masker,
) -> String {
    to_string(&build(info, spec, outcomes, comparison, masker))
}

/// A document as pretty JSON with a final newline.
pub fn to_string(report: &Report) -> String {
    // Plain data with string keys: serialization cannot fail.
    let mut s = serde_json::to_string_pretty(report).unwrap_or_default();
    s.push('\n');
    s
}

/// Reads a document back.
pub fn parse(text: &str) -> Result<Report, serde_json::Error> {
    serde_json::from_str(text)
}

fn case(o: &Outcome) -> CaseReport {
    let retries = match &o.verdict {
        Verdict::Flaky { retries } => retries.clone(),
        _ => vec![],
    };
    let (failures, error, skip_reason) = match &o.verdict {
        Verdict::Pass | Verdict::Flaky { .. } => (vec![], None, None),
        Verdict::Fail { failures } => (failures.clone(), None, None),
        Verdict::Error { error } => (vec![], Some(error.clone()), None),
        Verdict::Skipped { reason } => (vec![], None, Some(reason.clone())),
    };
    CaseReport {
        name: o.name.clone(),
        operation: o.operation.clone(),
        case_id: o.case_id.clone(),
        expected_code: o.expected_code.clone(),
        verdict: Status::of(&o.verdict),
        failures,
        warnings: o.warnings.clone(),
        error,
        skip_reason,
        retries,
        expected: o.expected.clone(),
        actual: o.actual.clone(),
        duration_ms: millis(o.duration),
        exchange: o.exchange.as_ref().map(|x| ExchangeReport {
            request: RequestReport {
                method: x.request.method.clone(),
                url: x.request.url.clone(),
                headers: x.request.headers.clone(),
                body: x.request.body.clone(),
            },
            response: x.response.as_ref().map(|r| ResponseReport {
                status: r.status,
                headers: r.headers.clone(),
                body: r.body.clone(),
                json: r.json.clone(),
            }),
            elapsed_ms: millis(x.elapsed),
            encryption: x.encryption,
        }),
        steps: o.steps.iter().map(case).collect(),
        failed_step: o.failing_step().map(|(i, _)| i + 1),
    }
}

/// The run's `duration_ms`: milliseconds to the microsecond, as [`millis`] writes them.
pub(crate) mod duration_ms {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    /// `d` to the microsecond: what the document can hold.
    pub fn rounded(d: Duration) -> Duration {
        Duration::from_micros(u64::try_from(d.as_micros()).unwrap_or(u64::MAX))
    }

    /// Writes [`super::millis`].
    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(super::millis(*d))
    }

    /// Reads milliseconds back to the microsecond they were written with.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let ms = f64::deserialize(d)?;
        Ok(Duration::from_micros((ms * 1000.0).round().max(0.0) as u64))
    }
}

/// Milliseconds, rounded to the microsecond so the number prints short and reads back exactly.
pub fn millis(d: std::time::Duration) -> f64 {
    d.as_micros() as f64 / 1000.0
}
