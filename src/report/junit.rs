//! `junit.xml`, written with quick-junit: one `<testsuite>` per operation, one `<testcase>` per
//! case.
//!
//! A failed check is a `<failure>` (message: the first failure; type: the checks that failed;
//! body: every failure line and the diff), a transport problem an `<error>` (type: its kind), a
//! skipped case `<skipped>`. Warnings go to the case's `<system-out>`; an encrypted exchange adds
//! the properties `encrypted-request` and `encrypted-response`. Times come from the
//! outcomes and the report's timestamp from [`RunInfo::started_at`], so the file is
//! reproducible from the same data.

use std::fmt::Write as _;
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use super::RunInfo;
use super::diffs::{error_kind, view_diff};
use super::error::Error;
use super::format::{Doc, Finished, Format, Piece};
use super::{masked, steps};
use crate::mask::Masker;
use crate::outcome::{Outcome, Status, Verdict};

/// `junit.xml`'s name in the run directory.
pub const FILE_NAME: &str = "junit.xml";

/// The name of the `<testsuites>` element.
pub const REPORT_NAME: &str = "konaplate-conformance";

/// The suite of outcomes whose operation is empty (a case file that could not be loaded).
pub const NO_OPERATION: &str = "case-files";

/// `junit.xml`, masked. quick-junit writes to memory here and cannot fail in practice; if it
/// did, this is an empty report ([`build`] and `to_string` give the error to a caller that
/// wants it, as [`write()`](super::write()) does).
pub fn render(info: &RunInfo, outcomes: &[Outcome], masker: &Masker) -> String {
    build(info, outcomes, masker)
        .to_string()
        .or_else(|_| Report::new(REPORT_NAME).to_string())
        .unwrap_or_default()
}

/// The quick-junit report of a run, masked.
pub fn build(info: &RunInfo, outcomes: &[Outcome], masker: &Masker) -> Report {
    build_masked(
        &masked::info(info, masker),
        &masked::outcomes(outcomes, masker),
    )
}

/// [`build`] from run facts and outcomes that are masked already.
fn build_masked(info: &RunInfo, outcomes: &[Outcome]) -> Report {
    let mut report = report(info);
    for mine in suites(outcomes) {
        let first = &outcomes[mine[0]];
        let mut suite = suite(info, &first.operation, &mine, outcomes);
        let name = suite_name(&first.operation);
        suite.add_test_cases(mine.iter().map(|&i| case(name, &outcomes[i])));
        report.add_test_suite(suite);
    }
    report
}

/// The outcomes by suite: indices grouped by operation, operations in name order (they sort
/// the same way every run; completion order does not), cases by name within each.
fn suites(outcomes: &[Outcome]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..outcomes.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&outcomes[a], &outcomes[b]);
        (&a.operation, &a.name).cmp(&(&b.operation, &b.name))
    });
    order
        .chunk_by(|&a, &b| outcomes[a].operation == outcomes[b].operation)
        .map(<[usize]>::to_vec)
        .collect()
}

/// The suite of an operation's outcomes (`mine`, indices into `outcomes`): its name, times
/// and properties, without its cases.
fn suite(info: &RunInfo, operation: &str, mine: &[usize], outcomes: &[Outcome]) -> TestSuite {
    let mut suite = TestSuite::new(suite_name(operation));
    if let Some(t) = timestamp(info) {
        suite.set_timestamp(t);
    }
    suite.set_time(mine.iter().map(|&i| outcomes[i].duration).sum::<Duration>());
    suite.add_properties([
        Property::new("run-id", info.run_id.as_str()),
        Property::new("target", info.target.as_str()),
        Property::new("environment", info.environment.as_str()),
        Property::new("spec-version", info.spec_version.as_str()),
        Property::new("spec-hash", info.spec_hash.as_str()),
        Property::new("strict", if info.strict { "true" } else { "false" }),
    ]);
    suite
}

/// The `<testsuites>` element's report, without suites.
fn report(info: &RunInfo) -> Report {
    let mut report = Report::new(REPORT_NAME);
    if let Some(t) = timestamp(info) {
        report.set_timestamp(t);
    }
    report.set_time(info.duration);
    report
}

fn timestamp(info: &RunInfo) -> Option<DateTime<FixedOffset>> {
    DateTime::<FixedOffset>::parse_from_rfc3339(&info.started_at).ok()
}

/// The suite name of an operation: the operation, or [`NO_OPERATION`].
fn suite_name(operation: &str) -> &str {
    if operation.is_empty() {
        NO_OPERATION
    } else {
        operation
    }
}

/// Where a `<testcase>` starts in the document: its line, indented under its suite.
const CASE_START: &str = "\n        <testcase";

/// Where a suite's cases end: the line that closes the suite.
const SUITE_END: &str = "\n    </testsuite>";

/// `junit.xml` without its cases, for a writer that streams them ([`testcase`]): the text cut
/// where each suite of [`suites`] closes. The first piece, the cases of the first suite in
/// order, [`SUITE_END`], the next piece, ...: the document of [`build_masked`], byte for byte.
/// `outcomes` need only their names, operations, verdicts and durations.
fn frame_pieces(
    info: &RunInfo,
    outcomes: &[Outcome],
) -> Result<Vec<String>, quick_junit::SerializeError> {
    let mut report = report(info);
    for mine in suites(outcomes) {
        let mut suite = suite(info, &outcomes[mine[0]].operation, &mine, outcomes);
        for &i in &mine {
            suite.tests += 1;
            match Status::of(&outcomes[i].verdict) {
                Status::Fail => suite.failures += 1,
                Status::Error => suite.errors += 1,
                Status::Skipped => suite.skipped += 1,
                Status::Pass | Status::Flaky => {}
            }
        }
        report.add_test_suite(suite);
    }
    // Every suite has properties, so none is written as an empty element.
    Ok(report
        .to_string()?
        .split(SUITE_END)
        .map(str::to_string)
        .collect())
}

/// `junit.xml` among the run's formats: each outcome's `<testcase>` is rendered as it ends
/// (`testcase`), the suites around them at the end (`frame_pieces`).
#[derive(Debug, Clone, Copy)]
pub struct Junit;

impl Format for Junit {
    fn name(&self) -> &'static str {
        FILE_NAME
    }

    fn entry(&self, masked: &Outcome) -> Option<Result<String, Error>> {
        Some(testcase(masked).map_err(|e| Error::render(FILE_NAME, e)))
    }

    fn files(&self, run: &Finished<'_>) -> Result<Vec<Doc>, Error> {
        let frame =
            frame_pieces(run.info, run.outcomes).map_err(|e| Error::render(FILE_NAME, e))?;
        let mut frame = frame.into_iter();
        let mut pieces = vec![Piece::Text(frame.next().unwrap_or_default())];
        for (cases, next) in suites(run.outcomes).into_iter().zip(frame) {
            pieces.extend(cases.into_iter().map(Piece::Entry));
            pieces.push(Piece::Text(format!("{SUITE_END}{next}")));
        }
        Ok(vec![Doc {
            path: FILE_NAME.into(),
            pieces,
        }])
    }
}

/// One outcome's `<testcase>` (masked already), with the newline and indent before it, as
/// [`build_masked`]'s document holds it.
fn testcase(o: &Outcome) -> Result<String, quick_junit::SerializeError> {
    let name = suite_name(&o.operation);
    let mut suite = TestSuite::new(name);
    suite.add_test_case(case(name, o));
    let mut report = Report::new(REPORT_NAME);
    report.add_test_suite(suite);
    let text = report.to_string()?;
    // Markup characters are escaped in names and texts: the first case line and the last
    // suite end are the element's bounds.
    let start = text.find(CASE_START).unwrap_or(0);
    let end = text.rfind(SUITE_END).unwrap_or(text.len()).max(start);
    Ok(text[start..end].to_string())
}

fn case(suite: &str, o: &Outcome) -> TestCase {
    let status = match &o.verdict {
        Verdict::Pass | Verdict::Flaky { .. } => TestCaseStatus::success(),
        Verdict::Fail { failures } => {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            // The failure type names each check, and the assumption of an inferred one.
            let mut checks: Vec<String> = Vec::new();
            for f in failures {
                let label = match f.assumption {
                    None => f.check.name().to_string(),
                    Some(a) => format!("{} (inferred: {a})", f.check.name()),
                };
                if !checks.contains(&label) {
                    checks.push(label);
                }
            }
            let (shown, at_step) = shown(o);
            let mut body = at_step.clone();
            for f in failures {
                let _ = writeln!(body, "{}", f.line());
            }
            if let Some(d) = view_diff(shown) {
                body.push('\n');
                body.push_str(&d);
            }
            let message = match failures.as_slice() {
                [one] => one.line(),
                [first, rest @ ..] => format!("{} (and {} more)", first.line(), rest.len()),
                [] => "failed".to_string(),
            };
            let message = format!("{at_step}{message}");
            s.set_message(message)
                .set_type(checks.join(", "))
                .set_description(body);
            s
        }
        Verdict::Error { error } => {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
            let kind = error_kind(error.kind);
            let (_, at_step) = shown(o);
            s.set_message(format!("{at_step}{}", error.message))
                .set_type(kind.as_str())
                .set_description(format!("{at_step}error ({kind}): {}\n", error.message));
            s
        }
        Verdict::Skipped { reason } => {
            let mut s = TestCaseStatus::skipped();
            s.set_message(reason.as_str());
            s
        }
    };
    let mut tc = TestCase::new(o.name.as_str(), status);
    tc.set_classname(suite).set_time(o.duration);
    if let Some(x) = o.exchange.as_ref().filter(|x| x.encryption.any()) {
        tc.add_properties([
            Property::new("encrypted-request", bool_text(x.encryption.request)),
            Property::new("encrypted-response", bool_text(x.encryption.response)),
        ]);
    }
    if let Verdict::Flaky { retries } = &o.verdict {
        tc.add_property(Property::new("verdict", "flaky"));
        tc.add_property(Property::new("retries", retries.len().to_string()));
    }
    let mut out = String::new();
    for line in steps::lines(o) {
        let _ = writeln!(out, "{line}");
    }
    for w in &o.warnings {
        let _ = writeln!(out, "warning: {}", w.line());
    }
    if !out.is_empty() {
        tc.set_system_out(out);
    }
    tc
}

/// The failing step of a scenario (or the case itself) and, for a scenario, which step it is.
fn shown(o: &Outcome) -> (&Outcome, String) {
    match (o.failing_step(), steps::failing_title(o)) {
        (Some((_, step)), Some(title)) => (step, format!("{title}: ")),
        _ => (o, String::new()),
    }
}

fn bool_text(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}
