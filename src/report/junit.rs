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
use super::{masked, steps};
use crate::mask::Masker;
use crate::outcome::{Outcome, Verdict};

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
pub(crate) fn build_masked(info: &RunInfo, outcomes: &[Outcome]) -> Report {
    let timestamp = DateTime::<FixedOffset>::parse_from_rfc3339(&info.started_at).ok();
    let mut report = Report::new(REPORT_NAME);
    if let Some(t) = timestamp {
        report.set_timestamp(t);
    }
    report.set_time(info.duration);
    // Suites in order of first appearance after sorting: operation names sort the same way
    // every run, and the outcomes' own order is completion order.
    let mut operations: Vec<&str> = outcomes.iter().map(|o| o.operation.as_str()).collect();
    operations.sort_unstable();
    operations.dedup();
    for op in operations {
        let mut mine: Vec<&Outcome> = outcomes.iter().filter(|o| o.operation == op).collect();
        mine.sort_by(|a, b| a.name.cmp(&b.name));
        let name = if op.is_empty() { NO_OPERATION } else { op };
        let mut suite = TestSuite::new(name);
        if let Some(t) = timestamp {
            suite.set_timestamp(t);
        }
        suite.set_time(mine.iter().map(|o| o.duration).sum::<Duration>());
        suite.add_properties([
            Property::new("run-id", info.run_id.as_str()),
            Property::new("target", info.target.as_str()),
            Property::new("environment", info.environment.as_str()),
            Property::new("spec-version", info.spec_version.as_str()),
            Property::new("spec-hash", info.spec_hash.as_str()),
            Property::new("strict", if info.strict { "true" } else { "false" }),
        ]);
        suite.add_test_cases(mine.into_iter().map(|o| case(name, o)));
        report.add_test_suite(suite);
    }
    report
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
